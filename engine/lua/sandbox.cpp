#include "lua/sandbox.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "lua/charges.hpp"
#include "lua/documents.hpp"
#include "lua/guarded_functions.hpp"
#include "lua/host_library.hpp"
#include "lua/key_order.hpp"
#include "lua/messages.hpp"
#include "lua/readonly.hpp"
#include "lua/report_api.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

// Pushes a new table with the members of the table at `source`; returns
// its stack index. Sandboxed libraries are edited copies, never the originals.
int push_shallow_copy(lua_State* L, int source) {
    lua_newtable(L);
    const int copy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, source)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, copy);
    }
    return copy;
}

int l_null_tostring(lua_State* L) {
    lua_pushliteral(L, "null");
    return 1;
}

int l_null_index(lua_State* L) {
    return raise(L, "försök att läsa ur null (ett JSON-null-värde); testa först med 'if x ~= null then'",
                 "attempt to index null (a JSON null value); check 'if x ~= null then' first");
}

// Upvalues: the name, what rules cannot do in Swedish, in English.
int l_blocked(lua_State* L) {
    const char* name = lua_tostring(L, lua_upvalueindex(1));
    return raise(L, lua_pushfstring(L, "spärrad funktion '%s': regler får inte %s", name,
                                    lua_tostring(L, lua_upvalueindex(2))),
                 lua_pushfstring(L, "blocked function '%s': rules cannot %s", name,
                                 lua_tostring(L, lua_upvalueindex(3))));
}

int l_blocked_index(lua_State* L) {
    const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    const char* name = lua_tostring(L, lua_upvalueindex(1));
    return raise(L, lua_pushfstring(L, "spärrad funktion '%s.%s': regler får inte %s", name, key,
                                    lua_tostring(L, lua_upvalueindex(2))),
                 lua_pushfstring(L, "blocked function '%s.%s': rules cannot %s", name, key,
                                 lua_tostring(L, lua_upvalueindex(3))));
}

int l_noop(lua_State*) { return 0; }

// pairs: tables with __pairs (the document, read-only tables) iterate as
// they define; a rule's own table in key order (key_order.hpp).
int l_pairs_sorted(lua_State* L) {
    luaL_checkany(L, 1);
    if (lua_type(L, 1) == LUA_TTABLE && lua_rawgetp(L, 1, &kNodeTag) != LUA_TNIL) {
        // A read-only proxy (only the host sets this key): its __pairs is
        // l_pairs, called directly rather than looked up by name.
        lua_settop(L, 1);
        if (l_pairs(L) == 3) return 3;  // a library table: iterator, nil, nil
        lua_pushnil(L);
        lua_pushnil(L);
        return 3;
    }
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    return pairs_in_order(L, 1);
}

// xpcall whose handler runs after the failed call has unwound. Lua runs a
// message handler while the error is being raised; when the error comes
// from the count hook, hooks are off at that moment, so a looping handler
// would run forever.
// It copies its arguments, so it checks the stack first: a C function may
// only push LUA_MINSTACK (20) values unchecked, and `xpcall(f, h,
// table.unpack(t))` hands it as many as the stack holds.
int l_xpcall(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (!lua_checkstack(L, n + 1))
        return raise(L, lua_pushfstring(L, "xpcall: %d argument är för många för Lua-stacken", n - 2),
                     lua_pushfstring(L, "xpcall: %d arguments are too many for the Lua stack", n - 2));
    lua_pushboolean(L, 1);  // before the call: results need no free slot after it
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; ++i) lua_pushvalue(L, i);
    const int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (status == LUA_OK) return lua_gettop(L) - n;
    lua_settop(L, n + 2);  // true, the error
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_pcall(L, 1, 1, 0);  // the handler's result, or its own error
    lua_pushboolean(L, 0);
    lua_replace(L, n + 1);
    return 2;
}

void set_blocked_function(lua_State* L, int table, const char* field, const char* shown, const char* reason_sv,
                          const char* reason_en) {
    table = lua_absindex(L, table);
    lua_pushstring(L, shown);
    lua_pushstring(L, reason_sv);
    lua_pushstring(L, reason_en);
    lua_pushcclosure(L, l_blocked, 3);
    lua_setfield(L, table, field);
}

void set_blocked_library(lua_State* L, int table, const char* name, const char* reason_sv, const char* reason_en) {
    table = lua_absindex(L, table);
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 3);
    lua_pushstring(L, name);
    lua_pushstring(L, reason_sv);
    lua_pushstring(L, reason_en);
    lua_pushcclosure(L, l_blocked_index, 3);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__index");
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setfield(L, table, name);
}

}  // namespace

int l_setup(lua_State* L) {
    HostState* h = state_of(L);
    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
    const int base = lua_gettop(L);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
    const int string = lua_gettop(L);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
    const int table = lua_gettop(L);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
    const int math = lua_gettop(L);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
    const int utf8 = lua_gettop(L);

    lua_newtable(L);
    const int builtins = lua_gettop(L);
    for (const char* name : {"assert", "error", "ipairs", "pairs", "pcall", "select", "tonumber", "tostring", "type",
                             "_VERSION"}) {
        lua_getfield(L, base, name);
        lua_setfield(L, builtins, name);
    }
    lua_pushcfunction(L, l_next);
    lua_setfield(L, builtins, "next");
    lua_pushcfunction(L, l_pairs_sorted);
    lua_setfield(L, builtins, "pairs");
    lua_getfield(L, base, "ipairs");
    lua_pushcclosure(L, l_ipairs, 1);
    lua_setfield(L, builtins, "ipairs");
    lua_pushcfunction(L, l_xpcall);
    lua_setfield(L, builtins, "xpcall");
    lua_pushcfunction(L, l_noop);
    lua_setfield(L, builtins, "print");
    struct Blocked {
        const char* name;
        const char* reason_sv;
        const char* reason_en;
    };
    constexpr const char* kFiles = "läsa filer";
    constexpr const char* kCompile = "kompilera kod medan de körs";
    constexpr const char* kMeta = "använda metatabeller";
    constexpr const char* kBypass = "gå förbi metatabeller";
    for (const Blocked& b :
         {Blocked{"dofile", kFiles, "read files"}, Blocked{"loadfile", kFiles, "read files"},
          Blocked{"load", kCompile, "compile code while running"},
          Blocked{"loadstring", kCompile, "compile code while running"},
          Blocked{"require", "ladda moduler (filerna i rules/lib/ finns redan som globala namn, t.ex. budget)",
                  "load modules (the files in rules/lib/ are already globals, e.g. budget)"},
          Blocked{"collectgarbage", "styra skräpsamlingen", "control the garbage collector"},
          Blocked{"getmetatable", kMeta, "use metatables"}, Blocked{"setmetatable", kMeta, "use metatables"},
          Blocked{"rawget", kBypass, "bypass metatables"}, Blocked{"rawset", kBypass, "bypass metatables"},
          Blocked{"rawequal", kBypass, "bypass metatables"}, Blocked{"rawlen", kBypass, "bypass metatables"}})
        set_blocked_function(L, builtins, b.name, b.name, b.reason_sv, b.reason_en);
    set_blocked_library(L, builtins, "io", "läsa eller skriva filer", "read or write files");
    set_blocked_library(L, builtins, "os", "använda operativsystemet (klocka, filer, program, miljövariabler)",
                        "use the operating system (clock, files, programs, environment)");
    set_blocked_library(L, builtins, "debug", "använda debug-biblioteket", "use the debug library");
    set_blocked_library(L, builtins, "package", "ladda moduler", "load modules");
    set_blocked_library(L, builtins, "coroutine", "använda korutiner (coroutine)", "use coroutines");

    // string: a copy without dump, with guarded pattern functions and rep.
    const int safe_string = push_shallow_copy(L, string);
    set_blocked_function(L, safe_string, "dump", "string.dump", "göra om funktioner till bytekod",
                         "turn functions into bytecode");
    const char* pattern_functions[] = {"find", "match", "gmatch", "gsub"};
    for (int k = 0; k < 4; ++k) {
        lua_getfield(L, string, pattern_functions[k]);
        lua_pushinteger(L, k);
        lua_pushcclosure(L, l_pattern, 2);
        lua_setfield(L, safe_string, pattern_functions[k]);
    }
    lua_getfield(L, string, "rep");
    lua_pushcclosure(L, l_rep, 1);
    lua_setfield(L, safe_string, "rep");

    // Work done in C is charged to the instruction budget (charges.hpp).
    struct Charged {
        int table;
        const char* field;
        const char* shown;
        Cost cost;
    };
    for (const Charged& c : {
             Charged{builtins, "select", "select", Cost::Args}, Charged{builtins, "pcall", "pcall", Cost::Args},
             Charged{builtins, "xpcall", "xpcall", Cost::Args}, Charged{builtins, "assert", "assert", Cost::Args},
             Charged{builtins, "error", "error", Cost::Args}, Charged{builtins, "tostring", "tostring", Cost::ToString},
             Charged{builtins, "tonumber", "tonumber", Cost::Bytes},
             Charged{safe_string, "byte", "string.byte", Cost::ByteRange},
             Charged{safe_string, "char", "string.char", Cost::Args},
             Charged{safe_string, "format", "string.format", Cost::Format},
             Charged{safe_string, "lower", "string.lower", Cost::Bytes},
             Charged{safe_string, "upper", "string.upper", Cost::Bytes},
             Charged{safe_string, "reverse", "string.reverse", Cost::Bytes},
             Charged{safe_string, "sub", "string.sub", Cost::Bytes},
             Charged{safe_string, "pack", "string.pack", Cost::Format},
             Charged{safe_string, "packsize", "string.packsize", Cost::Bytes},
             Charged{safe_string, "unpack", "string.unpack", Cost::StrUnpack},
             Charged{table, "concat", "table.concat", Cost::Concat}, Charged{table, "insert", "table.insert", Cost::Shift},
             Charged{table, "remove", "table.remove", Cost::Shift}, Charged{table, "move", "table.move", Cost::Move},
             Charged{table, "pack", "table.pack", Cost::Args}, Charged{table, "unpack", "table.unpack", Cost::Unpack},
             Charged{table, "sort", "table.sort", Cost::Sort}, Charged{utf8, "char", "utf8.char", Cost::Args},
             Charged{utf8, "codepoint", "utf8.codepoint", Cost::ByteRange},
             Charged{utf8, "len", "utf8.len", Cost::Utf8Len}, Charged{utf8, "offset", "utf8.offset", Cost::Bytes},
             Charged{utf8, "codes", "utf8.codes", Cost::Codes},
             Charged{math, "max", "math.max", Cost::Args}, Charged{math, "min", "math.min", Cost::Args}})
        wrap_charged(L, c.table, c.field, c.shown, c.cost);

    const int safe_math = push_shallow_copy(L, math);
    constexpr const char* kRandomSv = "använda slumptal (en kontroll måste ge samma resultat varje gång)";
    constexpr const char* kRandomEn = "use random numbers (a check must give the same result every time)";
    set_blocked_function(L, safe_math, "random", "math.random", kRandomSv, kRandomEn);
    set_blocked_function(L, safe_math, "randomseed", "math.randomseed", kRandomSv, kRandomEn);

    push_host_library(L);
    const int host = lua_gettop(L);

    struct Exposed {
        const char* name;
        int index;
    };
    for (const Exposed& e : {Exposed{"string", safe_string}, Exposed{"table", table}, Exposed{"math", safe_math},
                             Exposed{"utf8", utf8}, Exposed{"host", host}}) {
        lua_pushfstring(L, "den inbyggda tabellen '%s' är skrivskyddad", e.name);
        lua_pushfstring(L, "the built-in table '%s' is read-only", e.name);
        lua_pushcclosure(L, l_readonly, 2);
        push_readonly(L, e.index, -1);
        if (std::strcmp(e.name, "string") == 0) {
            // Every string shares one metatable; methods ("x"):find(...) must
            // use the guarded functions, and nobody may reach the metatable.
            lua_pushliteral(L, "");
            lua_getmetatable(L, -1);
            lua_pushvalue(L, -3);
            lua_setfield(L, -2, "__index");
            lua_pushboolean(L, 0);
            lua_setfield(L, -2, "__metatable");
            lua_pop(L, 2);
        }
        lua_setfield(L, builtins, e.name);
        lua_pop(L, 1);
    }

    // null
    lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 5);
    lua_pushcfunction(L, l_null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "null");
    lua_setfield(L, -2, "__name");
    lua_pushcfunction(L, l_null_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_null_index);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, builtins, "null");
    h->null_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_pushcfunction(L, l_pointer);
    lua_setfield(L, builtins, "pointer");
    push_report_object(L);
    h->report_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    push_readonly_error(L, "inlämningen är skrivskyddad", "the submission is read-only");
    h->readonly_ref[kSubmission] = luaL_ref(L, LUA_REGISTRYINDEX);
    push_readonly_error(L, "policyn är skrivskyddad", "the policy is read-only");
    h->readonly_ref[kPolicy] = luaL_ref(L, LUA_REGISTRYINDEX);
    for (std::uint32_t doc : {kSubmission, kPolicy}) {
        push_proxy_metatable(L, h, doc);
        lua_pushcfunction(L, l_materialize_index);
        lua_setfield(L, -2, "__index");
        h->lazy_mt_ref[doc] = luaL_ref(L, LUA_REGISTRYINDEX);
    }

    // The metatable every rule's _ENV shares: reads fall back to builtins.
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, builtins);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    h->env_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_pushvalue(L, builtins);
    h->builtins_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

// Pushes a fresh _ENV for one file.
int l_new_env(lua_State* L) {
    HostState* h = state_of(L);
    lua_createtable(L, 0, 4);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_mt_ref);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    return 1;
}

}  // namespace budgetcheck::lua
