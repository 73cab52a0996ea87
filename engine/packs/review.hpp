// What a rolled-forward pack still needs a decision on. `budgetcheck
// new-pack` copies the previous decision's goals, frames, indicators,
// assignments … and lists each copied item in the pack's `review` section
// (a JSON Pointer per item, with the item's id where it has one). A person
// confirms or changes each item against the new KF decision and deletes its
// entry; check-rules warns about every entry left (docs/policy-data.md).
#pragma once

#include <string>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"

namespace budgetcheck::packs {

struct ReviewItem {
    std::string pointer;  // RFC 6901, into the pack
    std::string id;       // the element's "id" for array elements that have one (guards against reordering)
};

// Every item new-pack marks in a pack: the decision's title and sources,
// each goal area, KF goal, mandatory indicator and strategic assignment,
// each organisation's operating and investment frame, the equity rules,
// and each entry of a rule-keyed map (severity_overrides, disabled_rules,
// rule_parameters) that the pack has.
std::vector<ReviewItem> carried_over_items(const json::Document& pack);

// Load-time errors in a pack's review section: a pointer that names nothing
// (the item was deleted: delete its entry too) or an element whose id is not
// the entry's (the list was reordered: the entry would mark the wrong item).
std::vector<InputError> review_errors(const json::Document& pack, const std::string& file);

// One warning per entry left in the review section, at the line:column of
// the item itself, saying what it is and where it came from.
std::vector<InputError> review_warnings(const json::Document& pack, const std::string& file);

}  // namespace budgetcheck::packs
