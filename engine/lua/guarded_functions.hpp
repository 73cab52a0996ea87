// Built-in functions that do work in C, where the instruction budget never
// looks, wrapped so that the work is bounded before it starts.
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

// string.find/match/gmatch/gsub; upvalues: the original function, the
// PatternKind. Refuses long subjects and patterns whose estimated cost
// (pattern_cost.hpp) exceeds the rule's remaining pattern budget.
enum PatternKind : int { kFind = 0, kMatch = 1, kGmatch = 2, kGsub = 3 };
int l_pattern(lua_State* L);

// string.rep; upvalue: the original function. Refuses results larger than
// the memory limit.
int l_rep(lua_State* L);

}  // namespace budgetcheck::lua
