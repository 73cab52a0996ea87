// The `host` global: functions the host gives rules and libraries in C,
// where the same work in Lua would cost many times its instructions
// (budget.normalise's string patterns were 17 % of a typical validation).
// Each is a pure function of its arguments and charged to the rule's
// instruction budget by the bytes it reads, like the built-ins (charges.hpp).
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

// Pushes a new table with the host functions (sandbox.cpp makes it read-only).
void push_host_library(lua_State* L);

}  // namespace budgetcheck::lua
