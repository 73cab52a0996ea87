// Unfinished rules: `budgetcheck new-rule` writes placeholder texts marked
// TODO; a rule whose title, source or explain text still carries such a
// marker is unfinished. `validate` (and serve) does not run it, `check-rules`
// reports it as an error, `test` runs it so its cases can be written first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_info.hpp"

namespace budgetcheck {

// A placeholder marker ("TODO", "FIXME") as a word of its own in `text`;
// "" when there is none.
std::string_view placeholder_marker(std::string_view text);

struct Placeholder {
    std::string field;   // "title.sv", "source.quote", "explain.en", ...
    std::string marker;  // "TODO"
    std::string text;    // the line of the text that holds the marker
};
// The rule's texts that are still placeholders, in field order.
std::vector<Placeholder> placeholders(const rules::RuleInfo& rule);

// The 1-based line of `file_text` holding `text` (its first occurrence), 0
// when it is not there as written (e.g. built by string concatenation).
std::uint32_t line_holding(std::string_view file_text, std::string_view text);

}  // namespace budgetcheck
