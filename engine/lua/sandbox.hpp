// The sandbox every rule and library file runs in: the allow-list of
// built-in functions and libraries, blocked functions with a message that
// says why, the `null` sentinel, and a fresh _ENV per file.
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

// Builds the sandbox in a new state (run once, protected, by
// HostState::create_state): the builtins table every _ENV reads through,
// the read-only built-in libraries, null, pointer and report, and the
// metatables of document proxies.
int l_setup(lua_State* L);

// Pushes a fresh _ENV for one file.
int l_new_env(lua_State* L);

}  // namespace budgetcheck::lua
