// The Host check of `budgetcheck serve` (DNS rebinding): parsed, never
// prefix-matched, so "127.0.0.1.evil.example" is a foreign name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck::server {

// A Host header value split into its name and port ("[::1]:8080" → "::1",
// 8080). nullopt when it is not `host [":" port]` (RFC 9110 §7.2): empty,
// a bracket left open, a port that is not 1–5 digits, anything after "]".
struct HostHeader {
    std::string name;         // without brackets
    std::optional<int> port;  // absent: the scheme's default (80)
};
std::optional<HostHeader> parse_host_header(std::string_view value);

// Whether `name` (no port, no brackets) names this machine's loopback:
// "localhost" in any case with an optional final dot, a dotted-quad IPv4
// literal in 127.0.0.0/8 (four decimal parts, no leading zeros, as browsers
// normalise it), or the IPv6 literal ::1 in any spelling.
bool is_loopback_name(std::string_view name);

// Whether a request whose Host header is `value` may reach a server bound to
// loopback on `port`: a loopback name and exactly that port (80 when absent).
bool host_allowed(std::string_view value, int port);

}  // namespace budgetcheck::server
