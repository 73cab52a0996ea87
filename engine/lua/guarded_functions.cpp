#include "lua/guarded_functions.hpp"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "lua/messages.hpp"
#include "lua/pattern_cost.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

constexpr const char* kPatternNames[] = {"string.find", "string.match", "string.gmatch", "string.gsub"};

}  // namespace

int l_pattern(lua_State* L) {
    HostState* h = state_of(L);
    const auto kind = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
    const char* name = kPatternNames[kind];
    std::size_t sl = 0, pl = 0;
    const char* s = luaL_checklstring(L, 1, &sl);
    const char* p = luaL_checklstring(L, 2, &pl);
    if (sl > h->limits.pattern_subject_bytes)
        return raise(L,
                     lua_pushfstring(L,
                                     "%s: texten är %I byte lång; mönster får bara söka i texter på högst %I byte "
                                     "(använd string.sub för att söka i en del av den)",
                                     name, static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->limits.pattern_subject_bytes)),
                     lua_pushfstring(L,
                                     "%s: the string is %I %s long; patterns may only search strings up to %I %s "
                                     "(use string.sub to search a part)",
                                     name, static_cast<lua_Integer>(sl), sl == 1 ? "byte" : "bytes",
                                     static_cast<lua_Integer>(h->limits.pattern_subject_bytes),
                                     h->limits.pattern_subject_bytes == 1 ? "byte" : "bytes"));
    const bool plain = kind == kFind && lua_toboolean(L, 4);
    std::uint64_t cost;
    if (plain) {
        cost = static_cast<std::uint64_t>(sl + 1) * static_cast<std::uint64_t>(pl + 1);
    } else {
        cost = detail::pattern_cost(std::string_view(s, sl), std::string_view(p, pl), kind != kGmatch);
    }
    if (cost > h->pattern_left) {
        char shown[48];
        std::snprintf(shown, sizeof shown, "%.40s%s", p, pl > 40 ? "..." : "");
        return raise(L,
                     lua_pushfstring(L,
                                     "%s: mönstret '%s' kan behöva upp till %f steg på den här texten på %I byte, "
                                     "mer än vad som återstår av regelns mönsterbudget (%I steg); använd färre "
                                     "'.-', '.*' och '+', förankra mönstret med '^' eller sök i en kortare text",
                                     name, shown, static_cast<lua_Number>(cost), static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->pattern_left)),
                     lua_pushfstring(L,
                                     "%s: the pattern '%s' could need up to %f steps on this %I-byte string, more "
                                     "than the rule's remaining pattern budget (%I %s); use fewer '.-', '.*' and '+' "
                                     "items, anchor the pattern with '^', or search a shorter string",
                                     name, shown, static_cast<lua_Number>(cost), static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->pattern_left),
                                     h->pattern_left == 1 ? "step" : "steps"));
    }
    h->pattern_left -= cost;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int l_rep(lua_State* L) {
    HostState* h = state_of(L);
    std::size_t l = 0, lsep = 0;
    luaL_checklstring(L, 1, &l);
    const lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        // Doubles are exact up to 2^53 bytes, far beyond any memory limit.
        const double total = static_cast<double>(l) * static_cast<double>(n) +
                             static_cast<double>(lsep) * static_cast<double>(n - 1);
        if (total > static_cast<double>(h->limits.memory_bytes)) {
            const lua_Integer shown = total >= 9.2e18 ? LUA_MAXINTEGER : static_cast<lua_Integer>(total);
            return raise(L,
                         lua_pushfstring(L, "string.rep: resultatet skulle bli %I byte, mer än minnesgränsen på %I byte",
                                         shown, static_cast<lua_Integer>(h->limits.memory_bytes)),
                         lua_pushfstring(L, "string.rep: the result would be %I %s, more than the memory limit of %I %s",
                                         shown, shown == 1 ? "byte" : "bytes",
                                         static_cast<lua_Integer>(h->limits.memory_bytes),
                                         h->limits.memory_bytes == 1 ? "byte" : "bytes"));
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

}  // namespace budgetcheck::lua
