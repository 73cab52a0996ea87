#include "text/xml.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::xml {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// True when s[i] starts an escape "_xHHHH_".
bool at_ooxml_escape(std::string_view s, std::size_t i) {
    return i + 7 <= s.size() && s[i] == '_' && (s[i + 1] == 'x' || s[i + 1] == 'X') && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
           is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_';
}

char32_t hex_value(std::string_view four) {
    char32_t v = 0;
    for (const char c : four) v = v * 16 + static_cast<char32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    return v;
}

bool is_xml_char(char32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           cp >= 0x10000;
}

std::string escape(std::string_view s, bool in_attribute) {
    std::string out;
    const std::string cleaned = clean(s);
    out.reserve(cleaned.size());
    for (const char c : cleaned) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\r': out += "&#13;"; break;
            case '"': out += in_attribute ? "&quot;" : "\""; break;
            case '\t': out += in_attribute ? "&#9;" : "\t"; break;
            case '\n': out += in_attribute ? "&#10;" : "\n"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string clean(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto [cp, len] = utf8::decode(s, i);
        if (len == 0) {
            out += utf8::kReplacement;
            ++i;
            continue;
        }
        if (is_xml_char(cp)) out.append(s.substr(i, len));
        else out += utf8::kReplacement;
        i += len;
    }
    return out;
}

std::string ooxml_unescape(std::string_view s) {
    if (s.find("_x") == std::string_view::npos && s.find("_X") == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (!at_ooxml_escape(s, i)) {
            out += s[i++];
            continue;
        }
        char32_t unit = hex_value(s.substr(i + 2, 4));
        std::size_t next = i + 7;
        // Characters beyond U+FFFF come as a surrogate pair of two escapes.
        if (unit >= 0xD800 && unit <= 0xDBFF && at_ooxml_escape(s, next)) {
            const char32_t low = hex_value(s.substr(next + 2, 4));
            if (low >= 0xDC00 && low <= 0xDFFF) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                next += 7;
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) out += utf8::kReplacement;  // a lone surrogate is no character
        else utf8::append(out, unit);
        i = next;
    }
    return out;
}

std::string ooxml_escape_literal(std::string_view s) {
    if (s.find("_x") == std::string_view::npos && s.find("_X") == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size() + 7);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (at_ooxml_escape(s, i)) out += "_x005F";
        out += s[i];
    }
    return out;
}

std::string text(std::string_view s) { return escape(s, false); }
std::string attribute(std::string_view s) { return escape(s, true); }

}  // namespace budgetcheck::xml
