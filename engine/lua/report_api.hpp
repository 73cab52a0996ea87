// The rule-facing API for findings: pointer(value[, key]) and the report{}
// function passed to every check. report{} validates every field and keeps
// the finding in HostState::pending until the rule returns.
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

int l_pointer(lua_State* L);
int l_report(lua_State* L);

}  // namespace budgetcheck::lua
