// check-rules and test only (RuleLimits::submission_fields/policy_fields):
// a rule reading a member of the submission or the policy that their schema
// does not define fails at that line, naming the closest defined name. The
// names come from the schemas (rules/field_names.hpp).
#pragma once

#include <lua.hpp>

#include <cstdint>

namespace budgetcheck::lua {

struct HostState;

// Gives the data table on top of the stack (of the document object `code`,
// documents.hpp) a metatable whose __index checks a missing member's name.
// Present members never reach it: Lua finds them in the table first.
void watch_missing_fields(lua_State* L, HostState* h, std::uint64_t code);

}  // namespace budgetcheck::lua
