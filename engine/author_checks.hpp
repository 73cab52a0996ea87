// Load-time checks on what rule authors name, beyond any schema: a rule
// file's id is its path, and a pack's per-rule settings name real rules.
// Both are Lua-free; Engine::create runs them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "rules/inputs.hpp"
#include "rules/rule_info.hpp"

namespace budgetcheck {

// rules/<group>/<name>.lua declares "group.name": otherwise rule.id-path at
// the id's line and column. nullopt when they agree or no literal id is
// declared (the host reports a missing id).
std::optional<InputError> id_path_problem(const rules::SourceText& source);

// Rule ids a pack names in severity_overrides or disabled_rules that no rule
// (and no --skip-rule id) has: policy.unknown-rule at the key, with the
// closest id.
std::vector<InputError> unknown_rule_keys(const json::Document& pack, const std::string& file,
                                          const std::vector<rules::RuleInfo>& rules,
                                          const std::vector<std::string>& skipped);

}  // namespace budgetcheck
