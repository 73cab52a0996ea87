#include "json/parse_messages.hpp"

#include <fmt/format.h>

#include "text/lookalike.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::json::messages {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What to type instead of a character one cannot see or tell apart.
Message advice(const text::CharacterInfo& info) {
    if (info.looks_like == ' ')
        return {"; ett tecken som ser ut som ett mellanslag men inte är det: skriv ett vanligt mellanslag "
                "eller ta bort det",
                "; a character that looks like a space but is not one: type an ordinary space or delete it"};
    if (info.invisible) return {"; ett osynligt tecken: ta bort det", "; an invisible character: delete it"};
    if (info.looks_like != 0)
        return {fmt::format("; det liknar '{}' men är ett annat tecken: skriv '{}'", info.looks_like, info.looks_like),
                fmt::format("; it looks like '{}' but is another character: type '{}'", info.looks_like,
                            info.looks_like)};
    return {};
}

}  // namespace

std::string_view foreign_encoding(std::string_view s) {
    const auto b = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0x100u; };
    // Byte order marks; UTF-32 LE's begins with UTF-16 LE's, so it comes first.
    if (b(0) == 0x00 && b(1) == 0x00 && b(2) == 0xFE && b(3) == 0xFF) return "UTF-32 BE";
    if (b(0) == 0xFF && b(1) == 0xFE && b(2) == 0x00 && b(3) == 0x00) return "UTF-32 LE";
    if (b(0) == 0xFE && b(1) == 0xFF) return "UTF-16 BE";
    if (b(0) == 0xFF && b(1) == 0xFE) return "UTF-16 LE";
    // Without a mark: JSON text starts with an ASCII character, so the zero
    // bytes around it give the encoding away. (UTF-8 JSON has no NUL there.)
    if (s.size() >= 4) {
        if (b(0) == 0 && b(1) == 0 && b(2) == 0 && b(3) != 0) return "UTF-32 BE";
        if (b(0) != 0 && b(1) == 0 && b(2) == 0 && b(3) == 0) return "UTF-32 LE";
        if (b(0) == 0 && b(1) != 0 && b(2) == 0 && b(3) != 0) return "UTF-16 BE";
        if (b(0) != 0 && b(1) == 0 && b(2) != 0 && b(3) == 0) return "UTF-16 LE";
    } else if (s.size() == 2) {
        if (b(0) == 0 && b(1) != 0) return "UTF-16 BE";
        if (b(0) != 0 && b(1) == 0) return "UTF-16 LE";
    }
    return "";
}

Message wrong_encoding(std::string_view encoding) {
    return {fmt::format("filen är kodad som {}; spara den som UTF-8", encoding),
            fmt::format("the file is encoded as {}; save it as UTF-8", encoding)};
}

std::string printable(std::string_view s, std::size_t i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u < 0x7F) return fmt::format("'{}'", s[i]);
    const utf8::Decoded d = u >= 0x80 ? utf8::decode(s, i) : utf8::Decoded{};
    // A control or a byte that is not UTF-8: its value (a message is UTF-8
    // and ends up in JSON reports, so never a lone byte).
    if (d.length == 0) return fmt::format("byte 0x{:02X}", u);
    const text::CharacterInfo info = text::describe_character(d.code_point);
    if (info.invisible) return info.label;
    // An ordinary letter ('ö') needs no number; a look-alike does.
    if (info.looks_like == 0) return fmt::format("'{}'", s.substr(i, d.length));
    return fmt::format("'{}' ({})", s.substr(i, d.length), info.label);
}

Message found(std::string_view sv, std::string_view en, std::string_view s, std::size_t i) {
    const std::string shown = printable(s, i);
    Message out{fmt::format(fmt::runtime(sv), shown), fmt::format(fmt::runtime(en), shown)};
    if (static_cast<unsigned char>(s[i]) >= 0x80)
        if (const utf8::Decoded d = utf8::decode(s, i); d.length > 0) {
            const Message more = advice(text::describe_character(d.code_point));
            out.sv += more.sv;
            out.en += more.en;
        }
    return out;
}

Message decimal_comma(std::string_view s, std::size_t comma) {
    if (s.size() < 2 || comma == 0 || comma >= s.size() - 1 || s[comma] != ',' || !is_digit(s[comma - 1]) ||
        !is_digit(s[comma + 1]))
        return {};
    std::size_t begin = comma, end = comma + 1;
    while (begin > 0 && is_digit(s[begin - 1])) --begin;
    if (begin > 0 && s[begin - 1] == '-') --begin;
    while (end < s.size() && is_digit(s[end])) ++end;
    const std::string_view written = s.substr(begin, end - begin);
    std::string pointed(written);
    pointed[comma - begin] = '.';
    return {fmt::format("ett kommatecken i talet {}: JSON-tal skrivs med decimalpunkt ({}) och utan "
                        "tusentalsavgränsare, och ett belopp ska bli hela kronor",
                        written, pointed),
            fmt::format("a comma in the number {}: JSON numbers are written with a decimal point ({}) and without "
                        "thousands separators, and an amount must come to whole kronor",
                        written, pointed)};
}

Message spaced_number(std::string_view s, std::size_t space) {
    if (space == 0 || space >= s.size() || !is_digit(s[space - 1])) return {};
    // Digit groups and the separators between them: ' ', or U+00A0, U+202F
    // or U+2009 as a Swedish Excel copies "1 234".
    const auto separator = [&](std::size_t i) {
        const char32_t c = utf8::decode(s, i).code_point;
        return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 ? utf8::decode(s, i).length : 0;
    };
    std::size_t begin = space, end = space;
    while (begin > 0 && is_digit(s[begin - 1])) --begin;
    if (begin > 0 && s[begin - 1] == '-') --begin;
    while (true) {
        std::size_t after = end;
        while (const std::size_t n = after < s.size() ? separator(after) : 0) after += n;
        if (after == end || after >= s.size() || !is_digit(s[after])) break;
        end = after;
        while (end < s.size() && is_digit(s[end])) ++end;
    }
    if (end == space) return {};
    const std::string_view written = s.substr(begin, end - begin);
    std::string joined;
    char32_t shown = 0;  // the first separator other than ' ', to name it
    for (std::size_t i = 0; i < written.size(); i = utf8::next_boundary(written, i)) {
        const char32_t c = utf8::decode(written, i).code_point;
        if (is_digit(written[i]) || written[i] == '-') joined += written[i];
        else if (c != ' ' && shown == 0) shown = c;
    }
    const std::string which =
        shown == 0 ? std::string() : fmt::format(" ({})", text::describe_character(shown).label);
    return {fmt::format("ett mellanslag{} i talet {}: JSON-tal skrivs utan tusentalsavgränsare ({})", which, written,
                        joined),
            fmt::format("a space{} in the number {}: JSON numbers are written without thousands separators ({})",
                        which, written, joined)};
}

}  // namespace budgetcheck::json::messages
