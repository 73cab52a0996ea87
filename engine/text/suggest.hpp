// "Did you mean …?": the closest of a set of valid names to a misspelt one.
// One helper for every place that knows its valid names: the schema
// validator's unknown members (submissions, policy packs, rule cases,
// waivers) and the rule host's unknown rule fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace budgetcheck::text {

// Optimal-string-alignment Damerau-Levenshtein distance over bytes: an
// insertion, deletion, substitution or swap of two neighbours costs 1
// ("yaer" -> "year" is 1). ASCII letters compare case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a
// likely typo: at most 1 edit for words of up to 4 characters, 2 up to 8,
// 3 beyond ("patches" -> "patch", "investmnts" -> "investments"). Ties go
// to the earlier candidate; `word` itself is never suggested.
std::string closest_name(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace budgetcheck::text
