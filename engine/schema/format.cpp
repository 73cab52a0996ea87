#include "schema/format.hpp"

#include <arpa/inet.h>

#include <string>
#include <variant>

#include "schema/pattern.hpp"
#include "text/utc_time.hpp"

namespace budgetcheck::schema {
namespace {

bool is_ipv4(std::string_view s) {
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        int value = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) value = value * 10 + (s[i++] - '0');
        const std::size_t length = i - start;
        if (length == 0 || value > 255 || (length > 1 && s[start] == '0')) return false;
        if (++parts == 4) return i == s.size();
        if (i >= s.size() || s[i] != '.') return false;
        ++i;
    }
}

bool is_hostname(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    std::size_t label = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '.') {
            if (label == 0 || label > 63 || s[i - 1] == '-' || s[i - label] == '-') return false;
            label = 0;
            continue;
        }
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
        ++label;
    }
    return true;
}

bool is_email(std::string_view s) {
    const auto at = s.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) <= ' ') return false;
    const auto local = s.substr(0, at);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    return is_hostname(s.substr(at + 1));
}

bool is_uri(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = s[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) return false;
    }
    for (char c : s)
        if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    return true;
}

bool is_regex(std::string_view s) { return std::holds_alternative<Pattern>(Pattern::compile(s)); }

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
    if (name == "date") return Format::Date;
    if (name == "date-time") return Format::DateTime;
    if (name == "time") return Format::Time;
    if (name == "email") return Format::Email;
    if (name == "ipv4") return Format::Ipv4;
    if (name == "ipv6") return Format::Ipv6;
    if (name == "hostname") return Format::Hostname;
    if (name == "uri") return Format::Uri;
    if (name == "regex") return Format::Regex;
    return std::nullopt;
}

bool matches_format(Format format, std::string_view text) {
    switch (format) {
        // Calendar-valid dates and RFC 3339 times: the engine's one date parser.
        case Format::Date: return text::parse_date(text).has_value();
        case Format::Time: return text::is_rfc3339_time(text);
        case Format::DateTime: return text::is_rfc3339_date_time(text);
        case Format::Email: return is_email(text);
        case Format::Ipv4: return is_ipv4(text);
        case Format::Ipv6: {
            if (text.size() > 45) return false;
            unsigned char address[16];
            return inet_pton(AF_INET6, std::string(text).c_str(), address) == 1;
        }
        case Format::Hostname: return is_hostname(text);
        case Format::Uri: return is_uri(text);
        case Format::Regex: return is_regex(text);
    }
    return true;
}

std::string_view format_description(Format format, bool swedish) {
    switch (format) {
        case Format::Date: return swedish ? "ett datum (ÅÅÅÅ-MM-DD)" : "a date (YYYY-MM-DD)";
        case Format::DateTime:
            return swedish ? "en tidpunkt (ÅÅÅÅ-MM-DDTtt:mm:ss+01:00)" : "a date and time (YYYY-MM-DDThh:mm:ss+01:00)";
        case Format::Time: return swedish ? "en tid (tt:mm:ss+01:00)" : "a time (hh:mm:ss+01:00)";
        case Format::Email: return swedish ? "en e-postadress" : "an e-mail address";
        case Format::Ipv4: return swedish ? "en IPv4-adress" : "an IPv4 address";
        case Format::Ipv6: return swedish ? "en IPv6-adress" : "an IPv6 address";
        case Format::Hostname: return swedish ? "ett värdnamn" : "a host name";
        case Format::Uri: return swedish ? "en URI" : "a URI";
        case Format::Regex: return swedish ? "ett reguljärt uttryck" : "a regular expression";
    }
    return {};
}

}  // namespace budgetcheck::schema
