#include "lua/messages.hpp"

#include <cstring>
#include <string_view>

#include "lua/state.hpp"
#include "rules/limits.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::lua {

using rules::kEllipsis;

std::uint64_t fingerprint(const char* s, std::size_t n) {  // FNV-1a
    std::uint64_t x = 14695981039346656037ull;
    for (std::size_t i = 0; i < n; ++i) x = (x ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
    return x;
}

int raise(lua_State* L, const char* sv, const char* en) {
    HostState* h = state_of(L);
    h->raised = false;
    std::string_view text(sv);
    const bool cut = text.size() >= sizeof h->raised_sv;
    if (cut) text = utf8::truncate_bytes(text, sizeof h->raised_sv - kEllipsis.size());  // a view: no allocation
    std::memcpy(h->raised_sv, text.data(), text.size());
    if (cut) std::memcpy(h->raised_sv + text.size(), kEllipsis.data(), kEllipsis.size());
    h->raised_sv_size = text.size() + (cut ? kEllipsis.size() : 0);
    lua_Debug ar;
    int level = 1;
    for (; lua_getstack(L, level, &ar); ++level)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) break;
    luaL_where(L, level);
    lua_pushstring(L, en);
    lua_concat(L, 2);
    std::size_t size = 0;
    const char* value = lua_tolstring(L, -1, &size);
    h->raised_hash = fingerprint(value, size);
    h->raised_size = size;
    h->raised_en_size = std::strlen(en);
    h->raised = true;
    return lua_error(L);
}

const char* type_sv(lua_State* L, int t) {
    switch (t) {
        case LUA_TNIL: return "ingenting (nil)";
        case LUA_TSTRING: return "en text";
        case LUA_TNUMBER: return "ett tal";
        case LUA_TBOOLEAN: return "sant/falskt (boolean)";
        case LUA_TTABLE: return "en tabell";
        case LUA_TFUNCTION: return "en funktion";
        default: return lua_typename(L, t);
    }
}


const char* type_for_humans(lua_State* L, int idx, bool sv) {
    switch (lua_type(L, idx)) {
        case LUA_TNIL: return sv ? "ingenting (nil)" : "nothing (nil)";
        case LUA_TSTRING: return sv ? "en text" : "a string";
        case LUA_TNUMBER: return sv ? "ett tal" : "a number";
        case LUA_TBOOLEAN: return sv ? "sant/falskt (true/false)" : "true/false";
        case LUA_TTABLE: return sv ? "en tabell" : "a table";
        case LUA_TFUNCTION: return sv ? "en funktion" : "a function";
        default: return luaL_typename(L, idx);
    }
}

}  // namespace budgetcheck::lua
