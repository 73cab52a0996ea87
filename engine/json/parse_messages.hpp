// What the JSON parser says about the text it could not read, for files as
// people save them: from Excel, Word or Notepad, in UTF-16, with a decimal
// comma or a look-alike character where JSON syntax belongs. Internal to
// engine/json (parser.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "findings.hpp"

namespace budgetcheck::json::messages {

// "UTF-16 LE", "UTF-16 BE", "UTF-32 LE" or "UTF-32 BE" when the start of
// `source` shows such a file (by its byte order mark, or without one by the
// zero bytes around the first ASCII character, as RFC 4627 section 3
// describes); "" otherwise.
std::string_view foreign_encoding(std::string_view source);
// "filen är kodad som UTF-16 LE; spara den som UTF-8", and in English.
Message wrong_encoding(std::string_view encoding);

// A message about the character at s[i] in which `sv` and `en` each hold one
// "{}" for the character: 'x' for ASCII and other letters ('ö'),
// "'−' (U+2212 MINUS SIGN)" for a look-alike, "U+00A0 NO-BREAK SPACE" for an
// invisible character, "byte 0xNN" for a control or a byte that is not UTF-8. For a look-alike or
// invisible character, what to type instead follows ("; det liknar '-' …").
Message found(std::string_view sv, std::string_view en, std::string_view s, std::size_t i);
// Only the character, as above, without advice.
std::string printable(std::string_view s, std::size_t i);

// A number with a comma in it ("12,5" where a member name was expected): the
// digits before s[comma] and after it, and that JSON writes a decimal point
// and no thousands separator. Empty when s[comma] is not a comma between
// digits.
Message decimal_comma(std::string_view s, std::size_t comma);
// A number with a space in it ("1 234"): s[space] is the first space after
// the digits. Empty when the text around s[space] is not digits, spaces, digits.
Message spaced_number(std::string_view s, std::size_t space);

}  // namespace budgetcheck::json::messages
