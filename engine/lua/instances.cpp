#include "lua/instances.hpp"

#include "lua/parameters.hpp"
#include "lua/readonly.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

// Pushes a fresh _ENV whose reads fall back to the table at `globals`.
void push_env(lua_State* L, int globals) {
    globals = lua_absindex(L, globals);
    lua_createtable(L, 0, 4);
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, globals);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
}

// Runs compiled chunk `ref` in a fresh _ENV over `globals`; pushes the value
// it returns. Setting the chunk's _ENV upvalue also rebinds the closures an
// earlier run of it made; none of them is reachable any more (nothing a run
// creates is kept by the host, and release_instances unbinds the chunk's
// _ENV after the run), so they cannot see this run's globals.
void run_chunk(lua_State* L, int ref, int globals) {
    globals = lua_absindex(L, globals);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    push_env(L, globals);
    lua_setupvalue(L, -2, 1);  // a main chunk's first upvalue is its _ENV
    lua_call(L, 0, 1);
}

}  // namespace

int l_run_rule(lua_State* L) {
    HostState* h = state_of(L);
    const int chunk = static_cast<int>(lua_tointeger(L, 1));
    // This run's globals: fresh library instances over the shared builtins.
    lua_createtable(L, 0, static_cast<int>(h->libraries.size()));
    const int globals = lua_gettop(L);
    lua_createtable(L, 0, 2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->builtins_ref);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, globals);
    for (const LibraryRecord& library : h->libraries) {
        lua_pushcfunction(L, l_freeze);
        run_chunk(L, library.chunk_ref, globals);
        lua_pushfstring(L, "biblioteket '%s' är skrivskyddat", library.name.c_str());
        lua_pushfstring(L, "the library '%s' is read-only", library.name.c_str());
        lua_call(L, 3, 1);
        lua_setfield(L, globals, library.name.c_str());
    }
    run_chunk(L, chunk, globals);
    const int rule_table = lua_gettop(L);
    lua_pushliteral(L, "check");
    lua_rawget(L, -2);  // a function: loading checked the same chunk's table
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    push_parameters(L, static_cast<std::size_t>(lua_tointeger(L, 5)), rule_table, 3);
    lua_call(L, 4, 0);
    return 0;
}

void release_instances(lua_State* L, int rule_chunk_ref) {
    const auto unbind = [L](int ref) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
        lua_pushnil(L);
        lua_setupvalue(L, -2, 1);
        lua_pop(L, 1);
    };
    unbind(rule_chunk_ref);
    for (const LibraryRecord& library : state_of(L)->libraries) unbind(library.chunk_ref);
}

}  // namespace budgetcheck::lua
