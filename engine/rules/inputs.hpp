// What a rule host is given: the rule and library sources, the documents a
// run checks (with their money values), and the options of one run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::rules {

struct SourceText {
    std::string name;  // as shown in messages, e.g. "rules/investment/within-frame.lua"
    std::string text;
};

// Exact integer kronor of the values the schema marked as money, sorted by
// value id (json::Value::id()).
using MoneyValues = std::vector<std::pair<std::uint32_t, std::int64_t>>;

struct DocumentInput {
    const json::Document* document = nullptr;
    const MoneyValues* money = nullptr;  // may be null: no money values
    // Optional shared ownership of `document` (the engine's policy packs):
    // the host then keeps the document's Lua values for later runs with the
    // same document and money instead of converting it again per run, and
    // the document cannot be freed and replaced at the same address meanwhile.
    std::shared_ptr<const json::Document> keep = nullptr;
};

struct RunOptions {
    // "appropriation" or "revenue"; rules whose applies_to excludes it are
    // skipped. Empty: every rule runs.
    std::string funding;
    std::vector<std::string> skip_rules;  // rule ids not to run
};

}  // namespace budgetcheck::rules
