// Author-facing messages raised from C: raise() (Swedish and English, with
// the position of the nearest Lua code) and Lua types in words.
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <cstdint>

namespace budgetcheck::lua {

// Like luaL_error, but the "file:line:" prefix names the nearest Lua code
// (luaL_error names its direct caller, which may be a C function such as
// table.insert writing into a read-only table), and with the message in
// Swedish and in English. Lua code (pcall, tostring) sees the English text;
// the Swedish one is remembered for the engine.rule-error finding. Texts
// with arguments come from lua_pushfstring and stay on the stack until the
// error unwinds it. Never returns.
int raise(lua_State* L, const char* sv, const char* en);

// Tells raise()'s error value apart from a later, different error.
std::uint64_t fingerprint(const char* s, std::size_t n);

// A Lua type in Swedish, for raise() texts.
const char* type_sv(lua_State* L, int t);
// The type of the value at `idx` for a rule author ("a string", "en text").
const char* type_for_humans(lua_State* L, int idx, bool sv = false);

}  // namespace budgetcheck::lua
