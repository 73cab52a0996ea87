#include "lua/readonly.hpp"

#include <cstdint>

#include "lua/documents.hpp"
#include "lua/key_order.hpp"
#include "lua/messages.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

// Iterator over arrays (upvalue 2 nil) or objects in document order.
int l_ordered_iter(lua_State* L) {
    const lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_isnil(L, lua_upvalueindex(2))) {
        if (static_cast<lua_Unsigned>(i) > lua_rawlen(L, lua_upvalueindex(1))) return 0;
        lua_pushinteger(L, i);
        lua_rawgeti(L, lua_upvalueindex(1), i);
    } else {
        if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 0;
        lua_pushvalue(L, -1);
        lua_rawget(L, lua_upvalueindex(1));
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    return 2;
}

// ipairs' iterator over a document array: reads its data table (upvalue 1)
// directly, where Lua's own reads the proxy and goes through __index for
// every item.
int l_data_ipairs_step(lua_State* L) {
    // Wraps like Lua's own ipairs: a rule may call the iterator with math.maxinteger.
    const auto i = static_cast<lua_Integer>(static_cast<lua_Unsigned>(luaL_checkinteger(L, 2)) + 1u);
    lua_pushinteger(L, i);
    return lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL ? 1 : 2;
}

}  // namespace

// Deep read-only copy-free view of a library table: nested plain tables are
// replaced by proxies in place. Arguments: table, memo, newindex closure,
// and (when not 0) a list every newly frozen data table is appended to.
void freeze(lua_State* L, int t, int memo, int newindex, int fresh, int depth) {
    if (depth > 100)
        raise(L, "bibliotekets tabeller är nästlade mer än 100 nivåer djupt",
              "the library's tables are nested more than 100 deep");
    luaL_checkstack(L, 8, "library tables nested too deeply");
    t = lua_absindex(L, t);
    lua_pushvalue(L, t);
    if (lua_rawget(L, memo) != LUA_TNIL) return;
    lua_pop(L, 1);
    push_readonly(L, t, newindex);
    lua_pushvalue(L, t);
    lua_pushvalue(L, -2);
    lua_rawset(L, memo);
    if (fresh != 0) {
        lua_pushvalue(L, t);
        lua_rawseti(L, fresh, static_cast<lua_Integer>(lua_rawlen(L, fresh)) + 1);
    }
    const int proxy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -1) == LUA_TTABLE && !lua_getmetatable(L, -1)) {
            freeze(L, -1, memo, newindex, fresh, depth + 1);
            lua_pushvalue(L, -3);  // key
            lua_pushvalue(L, -2);  // proxy
            lua_rawset(L, t);      // assigning an existing field keeps next() valid
            lua_pop(L, 1);
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pop(L, 1);  // the metatable
        }
        lua_pop(L, 1);
    }
    lua_settop(L, proxy);
}

// Pops the __newindex handler (it raises "read-only") and pushes the
// metatable of a read-only proxy, without __index: writes raise, # and pairs
// see the data, the metatable is hidden.
void push_readonly_metatable(lua_State* L) {
    lua_createtable(L, 0, 5);
    lua_insert(L, -2);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, l_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, l_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
}

int l_readonly(lua_State* L) {  // upvalues: the message in Swedish, in English
    return raise(L, lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2)));
}

int l_len(lua_State* L) {
    push_data(L, 1);
    lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
    return 1;
}

int l_pairs(lua_State* L) {
    HostState* h = state_of(L);
    push_data(L, 1);
    const int data = lua_gettop(L);
    if (lua_rawgetp(L, 1, &kNodeTag) == LUA_TNUMBER) {
        const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
        lua_pop(L, 1);
        const auto doc_index = static_cast<std::uint32_t>(code >> 32 & 1);
        const json::Document* doc = h->documents[doc_index];
        const bool current = doc && (code >> 33) == h->generation[doc_index];
        json::Value v = current ? doc->value(static_cast<std::uint32_t>(code)) : json::Value();
        if (current && v.is_array()) {
            lua_pushvalue(L, data);
            lua_pushnil(L);
            lua_pushinteger(L, 0);
            lua_pushcclosure(L, l_ordered_iter, 3);
            return 1;
        }
        if (current && v.is_object()) {
            if (lua_rawgetp(L, 1, &kKeysTag) != LUA_TTABLE) {
                lua_pop(L, 1);
                const std::size_t n = v.size();
                if (h->document_refused) refuse_document(L);
                h->begin_conversion(doc_index);  // the keys are part of the host's document
                lua_createtable(L, static_cast<int>(n), 0);
                for (std::size_t i = 0; i < n; ++i) {
                    push_document_string(L, h, v.key_at(i));
                    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
                }
                h->end_conversion();
                lua_pushvalue(L, -1);
                lua_rawsetp(L, 1, &kKeysTag);
            }
            const int keys = lua_gettop(L);
            lua_pushvalue(L, data);
            lua_pushvalue(L, keys);
            lua_pushinteger(L, 0);
            lua_pushcclosure(L, l_ordered_iter, 3);
            return 1;
        }
    } else {
        lua_pop(L, 1);
    }
    // Library and built-in tables: in key order, not Lua's seeded hash order.
    return pairs_in_order(L, data);
}

int l_ipairs(lua_State* L) {  // upvalue: Lua's own ipairs
    if (lua_type(L, 1) == LUA_TTABLE && lua_rawgetp(L, 1, &kNodeTag) == LUA_TNUMBER) {
        lua_settop(L, 1);
        push_data(L, 1);  // what the first step would convert; raises for an earlier document's value
        lua_pushcclosure(L, l_data_ipairs_step, 1);
        lua_pushvalue(L, 1);  // the state a rule sees is the proxy, never the data table
        lua_pushinteger(L, 0);
        return 3;
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);  // runs in this frame: its errors read as before
}

// next() that sees through read-only proxies.
int l_next(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_rawgetp(L, 1, &kNodeTag) != LUA_TNIL) {
        push_data(L, 1);
        lua_replace(L, 1);
    }
    lua_pop(L, 1);
    // In key order (key_order.hpp): Lua's own follows hashes seeded per state.
    if (push_next_in_order(L, 1, 2, "next") == 2) return 2;
    lua_pushnil(L);
    return 1;
}

// Pushes a read-only proxy of the table at `data`; `newindex` is the closure
// that raises the "read-only" error.
void push_readonly(lua_State* L, int data, int newindex) {
    data = lua_absindex(L, data);
    newindex = lua_absindex(L, newindex);
    lua_createtable(L, 0, 1);
    lua_pushboolean(L, 0);
    lua_rawsetp(L, -2, &kNodeTag);
    lua_pushvalue(L, newindex);
    push_readonly_metatable(L);
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

void push_readonly_error(lua_State* L, const char* sv, const char* en) {
    lua_pushstring(L, sv);
    lua_pushstring(L, en);
    lua_pushcclosure(L, l_readonly, 2);
}

int l_freeze(lua_State* L) {  // (table, message in Swedish, in English) -> proxy
    push_readonly_error(L, lua_tostring(L, 2), lua_tostring(L, 3));
    lua_newtable(L);
    freeze(L, 1, 5, 4, 0, 0);
    return 1;
}

}  // namespace budgetcheck::lua
