// Load-time checks on what rule authors name, beyond any schema: a rule
// file's id is its path, and a pack's per-rule settings name real rules.
// Both are Lua-free; Engine::create runs them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "findings.hpp"
#include "json/document.hpp"
#include "rules/inputs.hpp"
#include "rules/limits.hpp"
#include "rules/rule_info.hpp"

namespace budgetcheck {

// rules/<group>/<name>.lua declares "group.name": otherwise rule.id-path at
// the id's line and column. nullopt when they agree or no literal id is
// declared (the host reports a missing id).
std::optional<InputError> id_path_problem(const rules::SourceText& source);

// Rule ids a pack names in severity_overrides, disabled_rules or rule_parameters that no rule
// (and no --skip-rule id) has: policy.unknown-rule at the key, with the
// closest id.
std::vector<InputError> unknown_rule_keys(const json::Document& pack, const std::string& file,
                                          const std::vector<rules::RuleInfo>& rules,
                                          const std::vector<std::string>& skipped);

// A pack's rule_parameters checked against each rule's declared parameter
// schema (rules/parameters.hpp) with our validator: every violation at the
// pack's file:line:column (a misspelt name with the closest declared one),
// a rule that declares no parameters at its key. The values each rule gets
// from the pack are kept in `set` (rule id -> name -> JSON text) for explain.
std::vector<InputError> check_pack_parameters(const json::Document& pack, const std::string& file,
                                              const std::vector<rules::RuleInfo>& rules,
                                              std::map<std::string, std::map<std::string, std::string>>& set);

// Both checks above on one loaded pack (its rule_parameters filled in).
std::vector<InputError> check_pack_rules(PolicyPack& pack, const std::vector<rules::RuleInfo>& rules,
                                         const std::vector<std::string>& skipped);

// check-rules and test: the field names of the submission's and the
// policy's schema (config's data dir, or --schema), so a rule reading an
// undefined field fails (RuleLimits::submission_fields). Unreadable schemas
// are left out (their load reports them).
void watch_field_names(rules::RuleLimits& limits, const EngineConfig& config);

}  // namespace budgetcheck
