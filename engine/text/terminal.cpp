#include "text/terminal.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::text {

namespace {

bool hidden_format(char32_t c) {
    return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F ||
           (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

}  // namespace

std::string terminal_safe(std::string_view s, bool keep_line_breaks) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {
            if ((byte < 0x20 && byte != '\t' && !(keep_line_breaks && (byte == '\n' || byte == '\r'))) || byte == 0x7F)
                utf8::append(out, byte == 0x7F ? char32_t{0x2421} : char32_t{0x2400} + byte);
            else
                out += static_cast<char>(byte);
            ++i;
            continue;
        }
        const utf8::Decoded d = utf8::decode(s, i);
        if (d.length == 0) {
            out += utf8::kReplacement;
            ++i;
        } else {
            if (hidden_format(d.code_point)) out += utf8::kReplacement;
            else out.append(s.substr(i, d.length));
            i += d.length;
        }
    }
    return out;
}

}  // namespace budgetcheck::text
