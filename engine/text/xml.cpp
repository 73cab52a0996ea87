#include "text/xml.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::xml {

namespace {

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

std::string text(std::string_view s) { return escape(s, false); }
std::string attribute(std::string_view s) { return escape(s, true); }

}  // namespace budgetcheck::xml
