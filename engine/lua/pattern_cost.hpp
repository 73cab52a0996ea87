// Worst-case cost of a Lua pattern match, estimated before the match runs.
//
// Lua's matcher (string.find/match/gmatch/gsub) runs in C, where the count
// hook never fires: ('a'):rep(600):find('.-.-.-b') backtracks for about a
// minute. The rule host asks this estimate first and refuses a call whose
// bound exceeds the rule's remaining pattern budget.
//
// The bound mirrors how a backtracking matcher works: every item with '*',
// '+' or '-' can be tried with 0..R characters, where R is the longest run
// of subject characters its class matches; '?' tries two ways; an unanchored
// pattern is tried at every start position. So the work is at most
//   starts * product(R_i + 1) * product(2 per '?') * (items + n per %b / %1)
// The estimate is conservative (typical inputs take far less), saturates at
// UINT64_MAX, and never reads outside its arguments.
#pragma once

#include <cstdint>
#include <string_view>

namespace budgetcheck::lua::detail {

// `anchorable`: '^' at the start of the pattern anchors it (find, match,
// gsub), rather than being an ordinary character (gmatch).
std::uint64_t pattern_cost(std::string_view subject, std::string_view pattern, bool anchorable);

// Does the single-character class at pattern[begin, end) match c?
// (".", "%a", "[^%d,]", "x", ...). Exposed for tests.
bool class_matches(std::string_view pattern, std::size_t begin, std::size_t end, unsigned char c);

}  // namespace budgetcheck::lua::detail
