#include "text/utf8.hpp"

#include <algorithm>
#include <cstdlib>

#include <utf8proc.h>

namespace budgetcheck::utf8 {

Decoded decode(std::string_view s, std::size_t i) {
    if (i >= s.size()) return {};
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return {lead, 1};
    // The lead byte fixes the length; the range of the second byte rules out
    // overlong forms (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
    std::size_t n;
    char32_t cp;
    unsigned char lo = 0x80, hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        cp = lead & 0x0F;
        if (lead == 0xE0) lo = 0xA0;
        if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        cp = lead & 0x07;
        if (lead == 0xF0) lo = 0x90;
        if (lead == 0xF4) hi = 0x8F;
    } else {
        return {};  // a continuation byte, C0/C1 (always overlong) or F5 and above
    }
    if (s.size() - i < n) return {};
    for (std::size_t k = 1; k < n; ++k) {
        const unsigned char b = byte(i + k);
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return {};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, n};
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string valid_or_replaced(std::string_view s, std::size_t max_bytes) {
    // Nearly every text is valid already: its valid prefix (within the limit)
    // is found first and copied in one piece; only what follows a bad byte or
    // reaches the limit goes character by character.
    const std::size_t limit = std::min(s.size(), max_bytes);
    std::size_t i = 0;
    while (i < limit) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = sequence_length(s, i);
        if (n == 0 || n > limit - i) break;
        i += n;
    }
    std::string out;
    out.reserve(limit);
    out.append(s.substr(0, i));
    while (i < s.size()) {
        const std::size_t n = sequence_length(s, i);
        const std::string_view piece = n ? s.substr(i, n) : kReplacement;
        if (piece.size() > max_bytes - out.size()) break;
        out += piece;
        i += n ? n : 1;
    }
    return out;
}

bool may_need_nfc(std::string_view s) {
    // A lead byte of 0xCC or more starts a code point >= U+0300; every code
    // point below that is unchanged by NFC and composes with nothing before it.
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xCC; });
}

std::string to_nfc(std::string_view s) {
    if (!may_need_nfc(s)) return std::string(s);
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                     &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return std::string(s);  // not well-formed: leave it for the validity checks to report
    std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
    std::free(mapped);
    return out;
}

std::string_view general_category(char32_t code_point) {
    return utf8proc_category_string(static_cast<utf8proc_int32_t>(code_point));
}

char ascii_compatible(char32_t code_point) {
    if (code_point < 0x80) return 0;
    utf8proc_int32_t mapped[4];
    int last_boundclass = 0;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
    const utf8proc_ssize_t n =
        utf8proc_decompose_char(static_cast<utf8proc_int32_t>(code_point), mapped, 4, options, &last_boundclass);
    return n == 1 && mapped[0] > 0 && mapped[0] < 0x80 ? static_cast<char>(mapped[0]) : 0;
}

bool ignorable(char32_t code_point) {
    return utf8proc_get_property(static_cast<utf8proc_int32_t>(code_point))->ignorable;
}

std::u32string compatibility_letters(char32_t code_point) {
    if (code_point < 0x80) return {};
    utf8proc_int32_t mapped[32];
    int last_boundclass = 0;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
    const utf8proc_ssize_t n =
        utf8proc_decompose_char(static_cast<utf8proc_int32_t>(code_point), mapped, 32, options, &last_boundclass);
    if (n <= 0 || n > 32 || (n == 1 && mapped[0] == static_cast<utf8proc_int32_t>(code_point))) return {};
    std::u32string out;
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
        const utf8proc_property_t* p = utf8proc_get_property(mapped[i]);
        if (p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
            p->category == UTF8PROC_CATEGORY_ZS || mapped[i] == ' ')
            return {};
        out.push_back(static_cast<char32_t>(mapped[i]));
    }
    return out;
}

char32_t to_lower(char32_t code_point) {
    return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(code_point)));
}

std::size_t count_code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

std::optional<std::size_t> byte_offset_of_column(std::string_view line, std::uint64_t column) {
    std::uint64_t seen = 1;  // the code point that begins at i
    std::size_t i = 0;
    for (; i < line.size() && seen < column; ++i)
        if (!is_continuation(line[i])) ++seen;
    // i is just past the lead byte of code point column - 1: skip its
    // continuation bytes (or, for column 1, stray ones the line starts with).
    while (i < line.size() && is_continuation(line[i])) ++i;
    if (seen < column) return std::nullopt;
    return i;
}

std::size_t next_boundary(std::string_view s, std::size_t i) {
    if (i >= s.size()) return s.size();
    ++i;
    while (i < s.size() && is_continuation(s[i])) ++i;
    return i;
}

std::string_view truncate_code_points(std::string_view s, std::size_t n) {
    return s.substr(0, byte_offset_of_column(s, std::uint64_t{n} + 1).value_or(s.size()));
}

std::string_view truncate_bytes(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    while (cut > 0 && is_continuation(s[cut])) --cut;
    return s.substr(0, cut);
}

}  // namespace budgetcheck::utf8
