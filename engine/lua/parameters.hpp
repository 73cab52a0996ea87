// Rule parameters on the Lua side (the checks are Lua-free, in
// rules/parameters.hpp): at load the rule's `parameters` table becomes JSON
// Schema text; at run time check's fourth argument `params` holds the
// defaults merged with what the policy pack sets for the rule.
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <string>

#include "findings.hpp"

namespace budgetcheck::lua {

// The Lua table at `idx` as JSON text: tables with keys 1..n are arrays,
// others objects (keys sorted, so the text is stable); `description = { sv,
// en }` becomes description (sv) and x-description-en; a missing top-level
// additionalProperties becomes false. Load time only (raw access, limits
// off). False with `error` set for what JSON cannot hold.
bool parameters_to_json(lua_State* L, int idx, std::string& out, Message& error);

// Pushes the read-only `params` of rule `rule_index` (in HostState::rules):
// each declared parameter's default from the rule table at `rule_table`
// (this run's instance), replaced by the policy's rule_parameters[id] value
// when the pack at `policy` sets it. Reading an undeclared name raises,
// with the closest declared name. Runs inside the rule's protected call.
void push_parameters(lua_State* L, std::size_t rule_index, int rule_table, int policy);

}  // namespace budgetcheck::lua
