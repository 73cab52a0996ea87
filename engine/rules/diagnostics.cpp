#include "rules/diagnostics.hpp"

#include <algorithm>

#include "text/plural.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::rules {

// "20 000 000" (sv) / "20,000,000" (en)
std::string grouped(std::uint64_t value, char separator) {
    std::string digits = std::to_string(value);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

std::string mib(std::uint64_t bytes, bool sv) {
    if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return text::counted(bytes, "byte", sv ? "byte" : "bytes");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string_view line_of(std::string_view text, std::uint32_t line) {
    if (line == 0) return {};
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view out = text.substr(start, end - start);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return utf8::truncate_bytes(out, 400);
}

// Lua and the searches below find byte offsets; a column counts code points
// (as every column budgetcheck reports). Bytes past the end of `line` (which
// line_of caps) count one each.
std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column) {
    if (byte_column == 0) return 0;
    const std::size_t before = byte_column - 1;
    if (before > line.size()) return static_cast<std::uint32_t>(utf8::count_code_points(line) + (before - line.size()) + 1);
    return static_cast<std::uint32_t>(utf8::count_code_points(line.substr(0, before)) + 1);
}

// First line that assigns `field` (`  field = ...`), or 0.
std::uint32_t line_assigning(std::string_view text, std::string_view field) {
    std::uint32_t line = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = trim(text.substr(start, end - start));
        if (l.substr(0, field.size()) == field) {
            std::string_view rest = trim(l.substr(field.size()));
            if (!rest.empty() && rest[0] == '=' && (rest.size() == 1 || rest[1] != '=')) return line;
        }
        if (end == text.size()) break;
        start = end + 1;
        ++line;
    }
    return 0;
}

// The line of the `return` that hands back the rule table, or 0.
std::uint32_t line_of_return(std::string_view text) {
    std::uint32_t line = 1, found = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(start, end - start);
        if (l.substr(0, 6) == "return") found = line;  // the last top-level return
        if (end == text.size()) break;
        start = end + 1;
        ++line;
    }
    return found;
}


// Splits "name:12: message" as Lua reports compile errors.
void split_compile_error(const std::string& msg, const std::string& short_src, std::uint32_t& line,
                         std::string& rest) {
    line = 0;
    rest = msg;
    if (msg.compare(0, short_src.size(), short_src) != 0 || msg.size() <= short_src.size() + 1 ||
        msg[short_src.size()] != ':')
        return;
    std::size_t i = short_src.size() + 1;
    std::uint32_t l = 0;
    while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9' && l < 100'000'000) l = l * 10 + static_cast<std::uint32_t>(msg[i++] - '0');
    if (i + 1 < msg.size() && msg[i] == ':' && msg[i + 1] == ' ') {
        line = l;
        rest = msg.substr(i + 2);
    }
}

// 1-based byte column of `token` in `line`, else of its first non-blank.
std::uint32_t column_of(std::string_view line, std::string_view token) {
    if (line.empty()) return 0;
    if (!token.empty())
        if (const std::size_t p = line.find(token); p != std::string_view::npos) return static_cast<std::uint32_t>(p + 1);
    const std::size_t p = line.find_first_not_of(" \t");
    return p == std::string_view::npos ? 0 : static_cast<std::uint32_t>(p + 1);
}

// A sentence for a rule author about a Lua run-time error message, or "".
Message runtime_hint(const std::string& message) {
    auto named = [&](std::string_view after) -> std::string {  // "(field 'x')" -> "x"
        const std::size_t p = message.find(after);
        if (p == std::string::npos) return {};
        const std::size_t start = p + after.size();
        const std::size_t end = message.find('\'', start);
        return end == std::string::npos ? std::string() : message.substr(start, end - start);
    };
    std::string name;
    std::string kind;
    for (const char* k : {"field", "global", "local", "upvalue", "method"}) {
        name = named(std::string("(") + k + " '");
        if (!name.empty()) {
            kind = k;
            break;
        }
    }
    const std::string what = name.empty() ? "a value" : "'" + name + "'";
    const std::string vad = name.empty() ? "ett värde" : "'" + name + "'";
    if (message.find("attempt to index a nil value") != std::string::npos)
        return {" — " + vad + " finns inte (nil) här, så inget kan läsas ur det. Kontrollera stavningen mot "
                "inlämningsformatet (docs/format.md) eller policypaketet, eller testa först: if x ~= nil then ... end",
                " — " + what + " does not exist (nil) here, so nothing can be read from it. Check the spelling "
                "against the submission format (docs/format.md) or the policy pack, or test it first: "
                "if x ~= nil then ... end"};
    if (message.find("attempt to call a nil value") != std::string::npos)
        return {" — regeln anropar " + vad + ", som inte finns. Kontrollera stavningen" +
                    (kind == "field" ? " (budgetbibliotekets funktioner står i editor/budgetcheck.lua)" : "") +
                    "; observera att os, io och require inte finns för regler",
                " — the rule calls " + what + ", which does not exist. Check the spelling" +
                    (kind == "field" ? " (the budget library's functions are listed in editor/budgetcheck.lua)" : "") +
                    "; note that os, io and require are not available to rules"};
    if (message.find("attempt to perform arithmetic on a nil value") != std::string::npos)
        return {" — regeln räknar med " + vad + ", som saknas (nil) i den här inlämningen. Testa att värdet finns "
                "innan du räknar (budget.value(...) ger nil för ett år som saknas)",
                " — the rule calculates with " + what + ", which is missing (nil) in this submission. Test that the "
                "value exists before calculating (budget.value(...) returns nil for a missing year)"};
    if (message.find("attempt to compare") != std::string::npos && message.find("nil") != std::string::npos)
        return {" — ena sidan av en jämförelse (<, >, <=, >=) saknas (nil). Testa först att båda värdena finns",
                " — one side of a comparison (<, >, <=, >=) is missing (nil). Test that both values exist first"};
    if (message.find("attempt to concatenate") != std::string::npos)
        return {" — text fogas ihop (..) med " + vad + ", som saknas eller inte är text. Använd tostring(x), eller "
                "budget.format_amount för belopp",
                " — text is joined (..) with " + what + ", which is missing or not text. Use tostring(x), or "
                "budget.format_amount for money"};
    if (message.find("attempt to perform arithmetic on") != std::string::npos)
        return {" — " + vad + " är inte ett tal. Belopp kommer som hela kronor; andra värden kan vara text eller null",
                " — " + what + " is not a number. Money arrives as whole kronor; other values may be text or null"};
    if (message.find("bad argument") != std::string::npos)
        return {" — en funktion fick ett värde av fel slag; meddelandet anger argumentet och funktionen",
                " — a function was given a value of the wrong kind; the message names the argument and the function"};
    if (message.find("is read-only") != std::string::npos)
        return {" — regler får inte ändra inlämningen, policyn eller biblioteken; kopiera till en lokal tabell först",
                " — rules may not change the submission, the policy or the libraries; copy into a local table first"};
    return {};
}

// Where a syntax error really is and what to do about it. Lua reports the
// token where it gave up ("near 'severity'"); when that token starts a line
// and the line before does not end with ',', the missing ',' is the usual
// cause and the caret goes there.
SyntaxLocation locate_syntax_error(std::string_view text, std::uint32_t line, const std::string& rest) {
    const Message hint = syntax_hint(rest);
    SyntaxLocation out{line, 0, {"syntaxfel: " + rest + hint.sv, "syntax error: " + rest + hint.en}};
    const std::string_view here = line_of(text, line);
    std::string near;
    if (const std::size_t p = rest.find("near '"); p != std::string::npos) {
        const std::size_t end = rest.rfind('\'');
        if (end > p + 6) near = rest.substr(p + 6, end - p - 6);
    }
    if (rest.find("near <eof>") != std::string::npos) {
        out.column = static_cast<std::uint32_t>(here.size() + 1);
        return out;
    }
    out.column = column_of(here, near);
    const bool closes = rest.find("'}' expected") != std::string::npos || rest.find("unexpected symbol") != std::string::npos;
    if (closes && !near.empty() && out.column > 0 && trim(here.substr(0, out.column - 1)).empty()) {
        for (std::uint32_t prev = line; prev-- > 1;) {
            const std::string_view before = line_of(text, prev);
            std::string_view code = trim(before);
            if (code.empty() || code.substr(0, 2) == "--") continue;
            if (const std::size_t comment = code.find("--"); comment != std::string_view::npos)
                code = trim(code.substr(0, comment));
            const char last = code.empty() ? ',' : code.back();
            if (last != ',' && last != '{' && last != ';' && last != '(') {
                const std::size_t end = before.find(code) + code.size();
                out.line = prev;
                out.column = static_cast<std::uint32_t>(end + 1);
                out.message = {"syntaxfel: ett ',' saknas i slutet av den här raden (varje fält i en tabell som "
                               "title = { ... } ska följas av ett kommatecken före nästa fält, '" +
                                   near + "' på rad " + std::to_string(line) + "; Lua säger: " + rest + ")",
                               "syntax error: a ',' is missing at the end of this line (each field in a table such as "
                               "title = { ... } must be followed by a comma before the next field '" +
                                   near + "' on line " + std::to_string(line) + "; Lua says: " + rest + ")"};
            }
            break;
        }
    }
    return out;
}

Message syntax_hint(const std::string& message) {
    if (message.find("'end' expected") != std::string::npos)
        return {" (varje 'function', 'if', 'for', 'while' och 'do' behöver ett 'end' som avslutar det)",
                " (every 'function', 'if', 'for', 'while' and 'do' needs a matching 'end')"};
    if (message.find("'}' expected") != std::string::npos)
        return {" (en '{' är inte stängd, eller så saknas ett ',' mellan två fält)",
                " (a '{' is not closed, or a ',' is missing between two fields)"};
    if (message.find("')' expected") != std::string::npos) return {" (en '(' är inte stängd)", " (a '(' is not closed)"};
    if (message.find("unfinished string") != std::string::npos)
        return {" (en text saknar sitt avslutande citattecken)", " (a string is missing its closing quote)"};
    if (message.find("'=' expected") != std::string::npos)
        return {" (kanske ett ',' som saknas eller ett felstavat nyckelord)",
                " (perhaps a missing ',' or a misspelt keyword)"};
    // Lua's parser recurses once per level and stops at 200 (LUAI_MAXCCALLS),
    // without a line: say what is too deep.
    if (message.find("C stack overflow") != std::string::npos)
        return {" (koden är nästlad för djupt för Lua: fler än cirka 200 nivåer av parenteser, klamrar, block "
                "eller operatorer i en kedja som a .. b .. c; dela upp den)",
                " (the code is nested too deeply for Lua: more than about 200 levels of brackets, braces, blocks "
                "or operators in one chain such as a .. b .. c; split it up)"};
    if (message.find("unexpected symbol") != std::string::npos)
        return {" (leta efter ett ',' som saknas mellan två fält, eller ett 'end' som saknas eller är för mycket "
                "strax före)",
                " (look for a missing ',' between fields, or a missing or extra 'end' just before)"};
    return {};
}

}  // namespace budgetcheck::rules
