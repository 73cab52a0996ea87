#include "text/compare_form.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::text {

namespace {

// What Lua's %s matches in the C locale, the set budget.normalise used.
bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

void compare_form(std::string_view s, std::string& out) {
    out.clear();
    out.reserve(s.size());
    bool pending_space = false;  // a run of white space not yet written
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {  // ASCII, most of every name: no table lookup
            ++i;
            if (is_ascii_space(byte)) {
                pending_space = true;
                continue;
            }
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
            continue;
        }
        const utf8::Decoded d = utf8::decode(s, i);
        if (d.length == 0) {  // not well-formed: the byte as it is
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            out += s[i];
            ++i;
            continue;
        }
        i += d.length;
        if (d.code_point == 0xA0) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        utf8::append(out, utf8::to_lower(d.code_point));
    }
    // Trailing white space was never written; full stops (and spaces between
    // them, "slut . .") go too.
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
}

}  // namespace budgetcheck::text
