// Naming a character that a person cannot see, or cannot tell from an ASCII
// one by eye: U+00A0 NO-BREAK SPACE from Excel, U+2212 MINUS SIGN and
// U+201D RIGHT DOUBLE QUOTATION MARK from Word, full-width digits from an
// input method. An error that says "found '−'" sends a controller looking
// for a minus sign that is already there; "U+2212 MINUS SIGN, looks like
// '-'" tells what to retype.
#pragma once

#include <string>
#include <string_view>

namespace budgetcheck::text {

struct CharacterInfo {
    // "U+2212 MINUS SIGN"; just "U+0663" for a character the table below
    // does not name (libutf8proc has no character names).
    std::string label;
    // A space other than ' ' or a format character (U+200B, U+FEFF, U+00AD):
    // nothing to see on screen.
    bool invisible = false;
    // The ASCII character it passes for ('-' for U+2212, '"' for U+201C,
    // ' ' for U+00A0, '1' for U+FF11); 0 when none.
    char looks_like = 0;
};

// For a code point of U+0080 or above.
CharacterInfo describe_character(char32_t code_point);

// The JSON number a person meant by a number written the Swedish way, as
// Excel copies it: "12,5" (decimal comma), "1 234" (a space, U+00A0,
// U+202F or U+2009 between digit groups), "−5" (U+2212 MINUS SIGN or U+2013 EN DASH).
// "" when `written` is not such a number or is already plain JSON ("12.5").
std::string json_number_meant(std::string_view written);

}  // namespace budgetcheck::text
