// The one place that knows UTF-8: validity, decoding and encoding, repair of
// bad bytes, and the code-point arithmetic behind columns and truncation.
//
// Two notions, kept apart on purpose:
// - Validity is strict (RFC 3629): overlong forms, surrogates (U+D800 to
//   U+DFFF), code points past U+10FFFF and truncated sequences are invalid.
// - Counting is lenient: every byte that is not a continuation byte
//   (10xxxxxx) begins a code point. On well-formed text that is the number
//   of code points; on anything else it is still the number that
//   json::Position columns use, so a column always finds its byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck::utf8 {

// U+FFFD REPLACEMENT CHARACTER, encoded.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

struct Decoded {
    char32_t code_point = 0;
    std::size_t length = 0;  // bytes, 1 to 4; 0 when not well-formed
};

// The character that starts at s[i]; length 0 when no well-formed sequence
// starts there (or i is past the end).
Decoded decode(std::string_view s, std::size_t i);
// Length (1 to 4) of the well-formed sequence at s[i], 0 if there is none.
inline std::size_t sequence_length(std::string_view s, std::size_t i) { return decode(s, i).length; }

// Appends the encoding of a Unicode scalar value (not a surrogate, at most
// U+10FFFF).
void append(std::string& out, char32_t code_point);

// True when all of `s` is well-formed (the strict notion above).
bool is_valid(std::string_view s);

// `s` made well-formed: each byte that does not start a well-formed sequence
// becomes U+FFFD. The result stops before the first character (or
// replacement) that would take it past `max_bytes`: a character is never cut.
std::string valid_or_replaced(std::string_view s, std::size_t max_bytes = std::string_view::npos);

// ------------------------------------------------------- normalisation --

// Unicode Normalization Form C of well-formed UTF-8 (libutf8proc): "a" +
// U+030A COMBINING RING ABOVE becomes "å", so text pasted from a PDF on a
// Mac compares equal to text typed on a keyboard. Text with no code point
// at or above U+0300 (all of ASCII and Latin-1, Swedish included) is already
// NFC and is returned as it is without calling the library. Ill-formed input
// is returned unchanged.
std::string to_nfc(std::string_view s);
// False when `s` certainly is NFC already (no code point >= U+0300); true
// when it may not be.
bool may_need_nfc(std::string_view s);

// -------------------------------------------------- character properties --

// The Unicode general category of a code point, two letters ("Zs" for a
// space separator, "Cf" for an invisible format character, "Nd" for a
// digit), from libutf8proc's tables.
std::string_view general_category(char32_t code_point);
// The one ASCII character a code point's compatibility mapping (NFKC) gives:
// '1' for U+FF11 FULLWIDTH DIGIT ONE, ' ' for U+00A0 NO-BREAK SPACE; 0 when
// it maps to anything else or to itself.
char ascii_compatible(char32_t code_point);
// True for a default-ignorable code point (libutf8proc): U+00AD SOFT HYPHEN,
// U+200B ZERO WIDTH SPACE, U+200D ZERO WIDTH JOINER, U+FEFF, ... — invisible,
// and left in text copied from a PDF at its line breaks.
bool ignorable(char32_t code_point);
// A code point's compatibility mapping (NFKC) when it is a plain spelling of
// the same letters: U+FB01 LATIN SMALL LIGATURE FI -> "fi", U+FF05
// FULLWIDTH PERCENT SIGN -> "%". Empty when it has none, or when the mapping
// holds a combining mark or a space (an accented letter, a wide space).
std::u32string compatibility_letters(char32_t code_point);
// Unicode's simple lowercase mapping of one code point (libutf8proc): 'A' ->
// 'a', U+00C5 'Å' -> U+00E5 'å', U+0410 -> U+0430; itself when it has none.
char32_t to_lower(char32_t code_point);

// ----------------------------------------------------- lenient counting --

inline bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t count_code_points(std::string_view s);

// The byte offset at which code point number `column` (1-based; 0 counts as
// 1) of `line` starts: line.size() for the column just after the last code
// point (where a caret marks the end of a line), nullopt for any column
// beyond that.
std::optional<std::size_t> byte_offset_of_column(std::string_view line, std::uint64_t column);

// The offset just after the code point that starts at s[i] (its
// continuation bytes skipped); s.size() at most.
std::size_t next_boundary(std::string_view s, std::size_t i);

// The longest prefix of `s` with at most `n` code points.
std::string_view truncate_code_points(std::string_view s, std::size_t n);
// The longest prefix of `s` of at most `max_bytes` bytes that does not end
// inside a character.
std::string_view truncate_bytes(std::string_view s, std::size_t max_bytes);

}  // namespace budgetcheck::utf8
