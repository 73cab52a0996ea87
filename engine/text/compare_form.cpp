#include "text/compare_form.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::text {

namespace {

// What Lua's %s matches in the C locale, the set budget.normalise used.
bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Punctuation that only separates words in a name: "Hållbart
// medarbetarengagemang (HME)", "…, HME" and "… – HME" are one indicator, as
// "Total sjukfrånvaro, %" and "Total sjukfrånvaro (%)" are. A hyphen is part
// of a word ("Kultur- och fritidsnämnden") and stays.
bool is_ascii_separator(unsigned char c) { return c == ',' || c == '(' || c == ')'; }
bool is_dash(char32_t cp) { return cp == 0x2013 || cp == 0x2014; }  // EN DASH, EM DASH

}  // namespace

void compare_form(std::string_view s, std::string& out) {
    // Written through a pointer into `out` sized for the longest result (a
    // code point is at least 1 byte in and at most 4 out), then cut to size:
    // appending byte by byte was most of this function's cost.
    out.resize(4 * s.size());
    char* begin = out.data();
    char* o = begin;
    bool pending_space = false;  // a run of white space not yet written
    const auto write_space = [&] {
        if (pending_space && o != begin) *o++ = ' ';
        pending_space = false;
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {  // ASCII, most of every name: no table lookup
            ++i;
            if (is_ascii_space(byte) || is_ascii_separator(byte)) {
                pending_space = true;
                continue;
            }
            // A leading '*' is the documents' mark of a mandatory indicator
            // ("* Total sjukfrånvaro, %") or a footnote, not the name.
            if (byte == '*' && o == begin) {
                pending_space = false;
                continue;
            }
            write_space();
            *o++ = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
            continue;
        }
        if ((byte == 0xC2 || byte == 0xC3) && i + 1 < s.size() && utf8::is_continuation(s[i + 1])) {
            // U+0080..U+00FF (Å Ä Ö É, U+00A0), the rest of most names: their
            // lowercase is À..Þ (not ×) + 0x20, the others map to themselves,
            // as utf8::to_lower gives (tests/compare_form_test.cpp checks all).
            auto code_point = static_cast<unsigned>((byte & 0x1F) << 6 | (static_cast<unsigned char>(s[i + 1]) & 0x3F));
            i += 2;
            if (code_point == 0xA0) {
                pending_space = true;
                continue;
            }
            if (code_point == 0xAD) continue;  // SOFT HYPHEN: invisible, a PDF's line break
            write_space();
            if (code_point >= 0xC0 && code_point <= 0xDE && code_point != 0xD7) code_point += 0x20;
            *o++ = static_cast<char>(0xC0 | code_point >> 6);
            *o++ = static_cast<char>(0x80 | (code_point & 0x3F));
            continue;
        }
        const utf8::Decoded d = utf8::decode(s, i);
        if (d.length == 0) {  // not well-formed: the byte as it is
            write_space();
            *o++ = s[i];
            ++i;
            continue;
        }
        i += d.length;
        // Invisible characters a PDF leaves (zero-width space and joiners)
        // are not part of the name.
        if (utf8::ignorable(d.code_point)) continue;
        if (is_dash(d.code_point)) {
            pending_space = true;
            continue;
        }
        write_space();
        // A ligature or fullwidth form from a PDF ("ﬁ", "％") is its plain
        // letters. Such a mapping can outgrow the 4 bytes per input byte
        // `out` was sized for: then it grows, keeping that room for the rest.
        const std::u32string letters = utf8::compatibility_letters(d.code_point);
        std::string lowered;  // one code point: at most 4 bytes, no allocation
        if (letters.empty()) {
            utf8::append(lowered, utf8::to_lower(d.code_point));
        } else {
            for (const char32_t c : letters) utf8::append(lowered, utf8::to_lower(c));
            const auto at = static_cast<std::size_t>(o - begin);
            const std::size_t needed = at + lowered.size() + 4 * (s.size() - i);
            if (needed > out.size()) {
                out.resize(needed);
                begin = out.data();
                o = begin + at;
            }
        }
        for (const char c : lowered) *o++ = c;
    }
    // Trailing white space was never written; full stops (and spaces between
    // them, "slut . .") go too.
    // A trailing '*' marks a mandatory indicator or a footnote ("Chefindex*").
    while (o != begin && (o[-1] == '.' || o[-1] == ' ' || o[-1] == '*')) --o;
    out.resize(static_cast<std::size_t>(o - begin));
}

}  // namespace budgetcheck::text
