#include "lua/instances.hpp"

#include "lua/parameters.hpp"
#include "lua/messages.hpp"
#include "lua/readonly.hpp"
#include "lua/sandbox.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

// Marks a recorded upvalue whose load-time value was an empty table: a new
// empty table replaces it after every run.
char kScratchTag;

// The sealed upvalues: [3k+1] = a function, [3k+2] = the upvalue's index,
// [3k+3] = its value after loading (or &kScratchTag); light-userdata keys
// (lua_upvalueid) mark the upvalue cells already recorded.
void push_sealed(lua_State* L, HostState* h) {
    if (h->sealed_ref == LUA_NOREF) {
        lua_newtable(L);
        h->sealed_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->sealed_ref);
}

// The working set of one l_seal_library call, as stack indices.
struct Seal {
    int newindex, memo, fresh, seen, queue, sealed;
    lua_Integer walked = 0, queued = 0, taken = 0;
};

void enqueue(lua_State* L, Seal& s, int f) {
    f = lua_absindex(L, f);
    lua_pushvalue(L, f);
    if (lua_rawget(L, s.seen) == LUA_TNIL) {
        lua_pushvalue(L, f);
        lua_pushboolean(L, 1);
        lua_rawset(L, s.seen);
        lua_pushvalue(L, f);
        lua_rawseti(L, s.queue, ++s.queued);
    }
    lua_pop(L, 1);
}

// Functions among the keys and values of the tables frozen since the last call.
void walk_fresh(lua_State* L, Seal& s) {
    while (s.walked < static_cast<lua_Integer>(lua_rawlen(L, s.fresh))) {
        lua_rawgeti(L, s.fresh, ++s.walked);
        const int t = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (lua_type(L, -1) == LUA_TFUNCTION) enqueue(L, s, -1);
            if (lua_type(L, -2) == LUA_TFUNCTION) enqueue(L, s, -2);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

// The library's own _ENV (globals its top level set): read-only like the
// rest; its plain tables frozen, `_G` (itself) replaced by the proxy.
void seal_env(lua_State* L, Seal& s, int env) {
    env = lua_absindex(L, env);
    push_readonly(L, env, s.newindex);
    lua_pushvalue(L, env);
    lua_pushvalue(L, -2);
    lua_rawset(L, s.memo);
    const int proxy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, env)) {
        if (lua_rawequal(L, -1, env)) {
            lua_pushvalue(L, -2);
            lua_pushvalue(L, proxy);
            lua_rawset(L, env);  // assigning an existing field keeps next() valid
        } else if (lua_type(L, -1) == LUA_TTABLE && !lua_getmetatable(L, -1)) {
            freeze(L, -1, s.memo, s.newindex, s.fresh);
            lua_pushvalue(L, -3);
            lua_pushvalue(L, -2);
            lua_rawset(L, env);
            lua_pop(L, 1);
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pop(L, 1);  // the metatable
        } else if (lua_type(L, -1) == LUA_TFUNCTION) {
            enqueue(L, s, -1);
        }
        lua_pop(L, 1);
    }
}

// Records upvalue n of function f, whose value is on top of the stack
// (popped): frozen, kept as a scratch table, or as it is.
void seal_upvalue(lua_State* L, HostState* h, Seal& s, int f, int n) {
    const int v = lua_gettop(L);
    lua_pushlightuserdata(L, lua_upvalueid(L, f, n));
    if (lua_rawget(L, s.sealed) != LUA_TNIL) {  // a cell shared with a function seen before
        lua_settop(L, v - 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushlightuserdata(L, lua_upvalueid(L, f, n));
    lua_pushboolean(L, 1);
    lua_rawset(L, s.sealed);

    bool scratch = false;
    switch (lua_type(L, v)) {
        case LUA_TFUNCTION:
            enqueue(L, s, v);
            break;
        case LUA_TUSERDATA:
            lua_rawgeti(L, LUA_REGISTRYINDEX, h->null_ref);
            if (!lua_rawequal(L, v, -1))
                raise(L,
                      "biblioteket behåller ett värde vars tillstånd inte kan återställas mellan körningar (t.ex. "
                      "en iterator från string.gmatch som skapades när filen laddades)",
                      "the library keeps a value whose state cannot be put back between runs (e.g. a "
                      "string.gmatch iterator made while the file loaded)");
            lua_pop(L, 1);
            break;
        case LUA_TTABLE: {
            lua_pushvalue(L, v);
            if (lua_rawget(L, s.memo) != LUA_TNIL) {  // frozen already: the proxy
                lua_replace(L, v);
                break;
            }
            lua_pop(L, 1);
            if (lua_getmetatable(L, v)) {
                lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_mt_ref);
                const bool env = lua_rawequal(L, -1, -2);
                lua_pop(L, 2);
                if (env) {
                    seal_env(L, s, v);
                    lua_replace(L, v);
                }
                break;  // otherwise read-only already (builtins, another library)
            }
            lua_pushnil(L);
            if (lua_next(L, v) == 0) {
                scratch = true;
                break;
            }
            lua_pop(L, 2);
            freeze(L, v, s.memo, s.newindex, s.fresh);
            lua_replace(L, v);
            break;
        }
        default:
            break;
    }
    if (!scratch) {  // the function sees the frozen value from now on
        lua_pushvalue(L, v);
        lua_setupvalue(L, f, n);
    }
    const auto k = static_cast<lua_Integer>(h->sealed_count) * 3;
    lua_pushvalue(L, f);
    lua_rawseti(L, s.sealed, k + 1);
    lua_pushinteger(L, n);
    lua_rawseti(L, s.sealed, k + 2);
    if (scratch)
        lua_pushlightuserdata(L, &kScratchTag);
    else
        lua_pushvalue(L, v);
    lua_rawseti(L, s.sealed, k + 3);
    ++h->sealed_count;
    lua_settop(L, v - 1);
}

}  // namespace

int l_seal_library(lua_State* L) {
    HostState* h = state_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 3);
    Seal s{};
    push_readonly_error(L, lua_tostring(L, 2), lua_tostring(L, 3));
    s.newindex = lua_gettop(L);
    lua_newtable(L);
    s.memo = lua_gettop(L);
    lua_newtable(L);
    s.fresh = lua_gettop(L);
    lua_newtable(L);
    s.seen = lua_gettop(L);
    lua_newtable(L);
    s.queue = lua_gettop(L);
    push_sealed(L, h);
    s.sealed = lua_gettop(L);
    freeze(L, 1, s.memo, s.newindex, s.fresh);
    const int proxy = lua_gettop(L);
    while (true) {
        walk_fresh(L, s);
        if (s.taken == s.queued) break;
        lua_rawgeti(L, s.queue, ++s.taken);
        const int f = lua_gettop(L);
        luaL_checkstack(L, 12, "library functions nested too deeply");
        for (int n = 1; lua_getupvalue(L, f, n) != nullptr; ++n) seal_upvalue(L, h, s, f, n);
        lua_settop(L, proxy);
    }
    return 1;
}

int l_run_rule(lua_State* L) {
    const int chunk = static_cast<int>(lua_tointeger(L, 1));
    lua_rawgeti(L, LUA_REGISTRYINDEX, chunk);
    lua_pushcfunction(L, l_new_env);
    lua_call(L, 0, 1);
    lua_setupvalue(L, -2, 1);  // a main chunk's first upvalue is its _ENV
    lua_call(L, 0, 1);
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
    HostState* h = state_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, rule_chunk_ref);
    lua_pushnil(L);
    lua_setupvalue(L, -2, 1);
    lua_pop(L, 1);
    if (h->sealed_count == 0) return;
    push_sealed(L, h);
    const int sealed = lua_gettop(L);
    for (std::size_t i = 0; i < h->sealed_count; ++i) {
        const auto k = static_cast<lua_Integer>(i) * 3;
        lua_rawgeti(L, sealed, k + 1);
        const int n = static_cast<int>((lua_rawgeti(L, sealed, k + 2), lua_tointeger(L, -1)));
        lua_pop(L, 1);
        if (lua_rawgeti(L, sealed, k + 3) == LUA_TLIGHTUSERDATA) {
            lua_pop(L, 1);
            if (lua_getupvalue(L, -1, n) != nullptr) {
                bool empty = false;
                if (lua_type(L, -1) == LUA_TTABLE) {
                    lua_pushnil(L);
                    empty = lua_next(L, -2) == 0;
                    lua_settop(L, empty ? lua_gettop(L) : lua_gettop(L) - 2);
                }
                lua_pop(L, 1);
                if (empty) {  // still the empty table: nothing to do (the common case)
                    lua_pop(L, 1);
                    continue;
                }
            }
            lua_newtable(L);
        }
        lua_setupvalue(L, -2, n);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

}  // namespace budgetcheck::lua
