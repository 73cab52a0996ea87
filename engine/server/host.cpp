#include "server/host.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <cstring>

namespace budgetcheck::server {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "127.0.0.1" and friends: exactly four decimal parts 0–255 without leading
// zeros, the first 127. inet_aton would also take "127.1" and octal
// "0177.0.0.1", which a browser never sends as a Host.
bool is_loopback_ipv4(std::string_view name) {
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view part = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!all_digits(part) || part.size() > 3 || (part.size() > 1 && part.front() == '0')) return false;
        const int value = std::stoi(std::string(part));
        if (value > 255 || (parts == 0 && value != 127)) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return parts == 4;
}

bool is_loopback_ipv6(std::string_view name) {
    if (name.empty() || name.size() > 45) return false;
    in6_addr address{};
    if (::inet_pton(AF_INET6, std::string(name).c_str(), &address) != 1) return false;
    return std::memcmp(&address, &in6addr_loopback, sizeof address) == 0;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

}  // namespace

std::optional<HostHeader> parse_host_header(std::string_view value) {
    HostHeader out;
    std::string_view rest;
    if (!value.empty() && value.front() == '[') {
        const std::size_t close = value.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.name = std::string(value.substr(1, close - 1));
        rest = value.substr(close + 1);
        // Brackets hold an IPv6 literal only ("[localhost]" is no name).
        if (out.name.find(':') == std::string::npos || (!rest.empty() && rest.front() != ':')) return std::nullopt;
    } else {
        const std::size_t colon = value.find(':');
        out.name = std::string(value.substr(0, colon));
        rest = colon == std::string_view::npos ? std::string_view{} : value.substr(colon);
        if (out.name.empty()) return std::nullopt;
    }
    if (!rest.empty()) {
        const std::string_view port = rest.substr(1);
        if (!all_digits(port) || port.size() > 5) return std::nullopt;
        const int number = std::stoi(std::string(port));
        if (number < 1 || number > 65535) return std::nullopt;
        out.port = number;
    }
    for (const char c : out.name)  // no spaces, controls, '/', '@' …: not a name a browser sends
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_'))
            return std::nullopt;
    return out;
}

bool is_loopback_name(std::string_view name) {
    std::string_view bare = name;
    if (!bare.empty() && bare.back() == '.') bare.remove_suffix(1);  // "localhost." is the same name, fully qualified
    if (iequals(bare, "localhost")) return true;
    if (bare.size() != name.size()) return false;  // "127.0.0.1." is not an address
    return is_loopback_ipv4(name) || is_loopback_ipv6(name);
}

bool host_allowed(std::string_view value, int port) {
    const auto host = parse_host_header(value);
    return host && is_loopback_name(host->name) && host->port.value_or(80) == port;
}

}  // namespace budgetcheck::server
