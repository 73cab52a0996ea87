// A rule's metadata (the fields of the table a rule file returns) and the
// Lua-free checks on it. The Lua layer (engine/lua/rule_table.cpp) reads the
// table; the field names, the id syntax and their messages live here.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"

namespace budgetcheck::rules {

struct RuleSource {
    std::string decision;  // "KF 2023-06-13 § 222"
    std::string quote;     // the words of the decision the rule enforces
    std::string document;  // seed document id, e.g. "002"
};

// One parameter a rule declares (rules/parameters.hpp), for explain and rules.
struct RuleParameter {
    std::string name;
    std::string type;          // the schema's type as written: "integer", "number|null"
    std::string default_json;  // the default as JSON text: 10, "kr", [1, 2]
    Message description;
};

struct RuleInfo {
    std::string id;
    Message title;
    Severity severity = Severity::Error;
    RuleSource source;
    std::vector<std::string> applies_to;  // empty: every funding kind
    std::string file;
    Message explain;  // what it checks, why, how to fix ("" when not given)
    // `parameters` as JSON Schema text ("" when the rule declares none), and
    // the parameters it declares, by name.
    std::string parameters_schema;
    std::vector<RuleParameter> parameters;
};

// Does the rule run for an organisation of this funding kind
// ("appropriation" or "revenue"; "" = unknown: every rule runs)?
bool applies_to_funding(const RuleInfo& rule, std::string_view funding);

// The one table of a rule file's fields, in the order messages list them.
struct RuleField {
    std::string_view name;
    bool required;
};
inline constexpr std::array<RuleField, 8> kRuleFields = {{{"id", true},
                                                         {"title", true},
                                                         {"severity", true},
                                                         {"source", false},
                                                         {"applies_to", false},
                                                         {"explain", false},
                                                         {"parameters", false},
                                                         {"check", true}}};
// The fields of `source` and the values `applies_to` may list.
inline constexpr std::array<std::string_view, 3> kSourceFields = {"decision", "quote", "document"};
inline constexpr std::array<std::string_view, 2> kFundingKinds = {"appropriation", "revenue"};

bool is_rule_field(std::string_view name);
// The known field closest to `name` (a likely typo; text::closest_name), or "".
std::string closest_rule_field(std::string_view name);
// The fields as a sentence: "id, title, …, explain och check" (`and_word` "och"/"and").
std::string rule_field_list(std::string_view and_word);

// Lower-case dotted id with at least two parts: "investment.within-frame".
bool valid_rule_id(std::string_view id);
// What is wrong with a declared id (syntax, a reserved prefix), or nothing.
std::optional<Message> rule_id_problem(const std::string& id);

// The id a rule file declares (`id = "group.name"`), found in its text
// without running it, or "" — so a broken rule can be skipped by its id.
std::string declared_rule_id(std::string_view text);

}  // namespace budgetcheck::rules
