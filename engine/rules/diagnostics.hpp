// Author-facing diagnostics without Lua: where in a rule file's text a
// problem is (lines, columns, the caret), hints that explain Lua's error
// messages to a rule author (Swedish and English), and the number formats
// of the host's messages. The Lua layer hands in Lua's message texts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "findings.hpp"

namespace budgetcheck::rules {

// "20 000 000" (sv, separator ' ') / "20,000,000" (en, separator ',')
std::string grouped(std::uint64_t value, char separator);
// "64 MiB", or "1 000 byte" / "1000 bytes" when not whole MiB.
std::string mib(std::uint64_t bytes, bool sv);

std::string_view trim(std::string_view s);
// Line `line` (1-based) of `text`, cut to 400 bytes; "" when there is none.
std::string_view line_of(std::string_view text, std::uint32_t line);
// Lua and the searches below find byte offsets; a column counts code points
// (as every column budgetcheck reports). Bytes past the end of `line` (which
// line_of caps) count one each.
std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column);
// 1-based byte column of `token` in `line`, else of its first non-blank.
std::uint32_t column_of(std::string_view line, std::string_view token);
// First line that assigns `field` (`  field = ...`), or 0.
std::uint32_t line_assigning(std::string_view text, std::string_view field);
// The line of the `return` that hands back the rule table, or 0.
std::uint32_t line_of_return(std::string_view text);

// Splits "name:12: message" as Lua reports compile errors (`short_src` is
// the chunk name as Lua shows it); line 0 and the whole message otherwise.
void split_compile_error(const std::string& msg, const std::string& short_src, std::uint32_t& line,
                         std::string& rest);

// A sentence for a rule author about a Lua run-time error message, or "".
Message runtime_hint(const std::string& message);
// A sentence about a Lua syntax error message, or "".
Message syntax_hint(const std::string& message);

struct SyntaxLocation {
    std::uint32_t line = 0;
    std::uint32_t column = 0;  // byte column in the line
    Message message;
};
// Where a syntax error really is and what to do about it. Lua reports the
// token where it gave up ("near 'severity'"); when that token starts a line
// and the line before does not end with ',', the missing ',' is the usual
// cause and the caret goes there.
SyntaxLocation locate_syntax_error(std::string_view text, std::uint32_t line, const std::string& rest);

}  // namespace budgetcheck::rules
