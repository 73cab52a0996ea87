#include "text/lookalike.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "text/utf8.hpp"

namespace budgetcheck::text {

namespace {

struct Named {
    char32_t code_point;
    std::string_view name;
    char looks_like;
};

// The characters office programs, PDFs and keyboards put where a JSON
// character was meant, by their Unicode names (UnicodeData.txt).
constexpr std::array kNamed{
    Named{0x00A0, "NO-BREAK SPACE", ' '},
    Named{0x00AB, "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", '"'},
    Named{0x00AD, "SOFT HYPHEN", 0},
    Named{0x00BB, "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", '"'},
    Named{0x2002, "EN SPACE", ' '},
    Named{0x2003, "EM SPACE", ' '},
    Named{0x2007, "FIGURE SPACE", ' '},
    Named{0x2009, "THIN SPACE", ' '},
    Named{0x200A, "HAIR SPACE", ' '},
    Named{0x200B, "ZERO WIDTH SPACE", 0},
    Named{0x200C, "ZERO WIDTH NON-JOINER", 0},
    Named{0x200D, "ZERO WIDTH JOINER", 0},
    Named{0x200E, "LEFT-TO-RIGHT MARK", 0},
    Named{0x200F, "RIGHT-TO-LEFT MARK", 0},
    Named{0x2010, "HYPHEN", '-'},
    Named{0x2011, "NON-BREAKING HYPHEN", '-'},
    Named{0x2012, "FIGURE DASH", '-'},
    Named{0x2013, "EN DASH", '-'},
    Named{0x2014, "EM DASH", '-'},
    Named{0x2015, "HORIZONTAL BAR", '-'},
    // Single quotes too: where JSON syntax is expected they stand for '"'.
    Named{0x2018, "LEFT SINGLE QUOTATION MARK", '"'},
    Named{0x2019, "RIGHT SINGLE QUOTATION MARK", '"'},
    Named{0x201A, "SINGLE LOW-9 QUOTATION MARK", '"'},
    Named{0x201C, "LEFT DOUBLE QUOTATION MARK", '"'},
    Named{0x201D, "RIGHT DOUBLE QUOTATION MARK", '"'},
    Named{0x201E, "DOUBLE LOW-9 QUOTATION MARK", '"'},
    Named{0x2028, "LINE SEPARATOR", 0},
    Named{0x2029, "PARAGRAPH SEPARATOR", 0},
    Named{0x202F, "NARROW NO-BREAK SPACE", ' '},
    Named{0x2060, "WORD JOINER", 0},
    Named{0x2212, "MINUS SIGN", '-'},
    Named{0x3000, "IDEOGRAPHIC SPACE", ' '},
    Named{0xFEFF, "ZERO WIDTH NO-BREAK SPACE", 0},
};

// Names of printable ASCII, for the full-width forms U+FF01 to U+FF5E, which
// are named "FULLWIDTH " + the ASCII character's name.
constexpr std::array<std::string_view, 32> kPunctuation{
    "EXCLAMATION MARK", "QUOTATION MARK",    "NUMBER SIGN",      "DOLLAR SIGN",       "PERCENT SIGN",
    "AMPERSAND",        "APOSTROPHE",        "LEFT PARENTHESIS", "RIGHT PARENTHESIS", "ASTERISK",
    "PLUS SIGN",        "COMMA",             "HYPHEN-MINUS",     "FULL STOP",         "SOLIDUS",
    "COLON",            "SEMICOLON",         "LESS-THAN SIGN",   "EQUALS SIGN",       "GREATER-THAN SIGN",
    "QUESTION MARK",    "COMMERCIAL AT",     "LEFT SQUARE BRACKET", "REVERSE SOLIDUS", "RIGHT SQUARE BRACKET",
    "CIRCUMFLEX ACCENT", "LOW LINE",         "GRAVE ACCENT",     "LEFT CURLY BRACKET", "VERTICAL LINE",
    "RIGHT CURLY BRACKET", "TILDE"};

constexpr std::array<std::string_view, 10> kDigits{"ZERO", "ONE", "TWO",   "THREE", "FOUR",
                                                   "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};

std::string ascii_name(char c) {
    if (c >= '0' && c <= '9') return fmt::format("DIGIT {}", kDigits[static_cast<std::size_t>(c - '0')]);
    if (c >= 'A' && c <= 'Z') return fmt::format("LATIN CAPITAL LETTER {}", c);
    if (c >= 'a' && c <= 'z') return fmt::format("LATIN SMALL LETTER {}", static_cast<char>(c - 'a' + 'A'));
    // The punctuation in ASCII order: ! to /, : to @, [ to `, { to ~.
    const int k = c <= '/' ? c - '!' : c <= '@' ? c - ':' + 15 : c <= '`' ? c - '[' + 22 : c - '{' + 28;
    return std::string(kPunctuation[static_cast<std::size_t>(k)]);
}

}  // namespace

CharacterInfo describe_character(char32_t code_point) {
    CharacterInfo info;
    const std::string_view category = utf8::general_category(code_point);
    info.invisible = category == "Zs" || category == "Zl" || category == "Zp" || category == "Cf" || category == "Cc";
    for (const Named& named : kNamed)
        if (named.code_point == code_point) {
            info.label = fmt::format("U+{:04X} {}", static_cast<std::uint32_t>(code_point), named.name);
            info.looks_like = named.looks_like;
            return info;
        }
    info.looks_like = utf8::ascii_compatible(code_point);
    if (code_point >= 0xFF01 && code_point <= 0xFF5E)
        info.label = fmt::format("U+{:04X} FULLWIDTH {}", static_cast<std::uint32_t>(code_point),
                                 ascii_name(static_cast<char>(code_point - 0xFF01 + '!')));
    else
        info.label = fmt::format("U+{:04X}", static_cast<std::uint32_t>(code_point));
    return info;
}

std::string json_number_meant(std::string_view written) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::string out;
    bool changed = false;
    for (std::size_t i = 0; i < written.size();) {
        const utf8::Decoded d = utf8::decode(written, i);
        if (d.length == 0) return "";
        const char32_t c = d.code_point;
        const bool first = i == 0;
        i += d.length;
        const bool digit_before = !out.empty() && is_digit(out.back());
        const bool digit_after = i < written.size() && is_digit(written[i]);
        if (c >= '0' && c <= '9') {
            out += static_cast<char>(c);
        } else if (first && (c == '-' || c == 0x2212 || c == 0x2013)) {
            out += '-';
            changed |= c != '-';
        } else if ((c == ',' || c == '.') && digit_before && digit_after && out.find('.') == std::string::npos) {
            out += '.';
            changed |= c == ',';
        } else if ((c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009) && digit_before && digit_after) {
            changed = true;  // a digit group separator
        } else {
            return "";
        }
    }
    return changed && !out.empty() && is_digit(out.back()) ? out : "";
}

}  // namespace budgetcheck::text
