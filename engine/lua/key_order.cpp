#include "lua/key_order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "lua/charges.hpp"
#include "lua/messages.hpp"

namespace budgetcheck::lua {

int key_rank(lua_State* L, int idx) {
    switch (lua_type(L, idx)) {
        case LUA_TNUMBER: return 0;
        case LUA_TSTRING: return 1;
        case LUA_TBOOLEAN: return 2;
        default: return 3;
    }
}

bool key_less(lua_State* L, int a, int b, std::uint64_t* cost) {
    const int ra = key_rank(L, a), rb = key_rank(L, b);
    if (ra != rb) return ra < rb;
    if (ra == 0) return lua_compare(L, a, b, LUA_OPLT);  // numbers: never raises
    if (ra == 1) {
        std::size_t la = 0, lb = 0;
        const char* sa = lua_tolstring(L, a, &la);
        const char* sb = lua_tolstring(L, b, &lb);
        const int c = std::memcmp(sa, sb, std::min(la, lb));
        if (cost) *cost += std::min(la, lb) / kBytesPerInstruction;
        return c < 0 || (c == 0 && la < lb);
    }
    return !lua_toboolean(L, a) && lua_toboolean(L, b);
}

int refuse_unordered_key(lua_State* L, const char* what, int idx) {
    // Both names before either text is pushed (which would move a relative index).
    const char* sv = type_sv(L, lua_type(L, idx));
    const char* en = luaL_typename(L, idx);
    return raise(L,
                 lua_pushfstring(L, "%s: en tabell med %s som nyckel har ingen bestämd ordning; använd en lista "
                                    "(ipairs) i stället",
                                 what, sv),
                 lua_pushfstring(L, "%s: a table with %s keys has no fixed order; use a list (ipairs) instead", what,
                                 en));
}

namespace {

// Upvalues: the table, its sorted keys, the position.
int l_sorted_next(lua_State* L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    while (true) {
        ++i;
        if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 0;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) break;  // skip keys removed meanwhile
        lua_pop(L, 2);
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    return 2;
}

}  // namespace

int pairs_in_order(lua_State* L, int t) {
    t = lua_absindex(L, t);
    luaL_checkstack(L, 8, "pairs");
    lua_newtable(L);
    const int keys = lua_gettop(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (key_rank(L, -1) == 3) return refuse_unordered_key(L, "pairs", -1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    charge_or_raise(L, "pairs", 1 + static_cast<std::uint64_t>(n) * (1 + static_cast<std::uint64_t>(std::log2(n + 1))));
    // Heap sort of the keys table in place: O(n log n), no extra memory, and
    // nothing here with a destructor lives across a raise.
    const auto at = [&](lua_Integer k) { lua_rawgeti(L, keys, k); };
    std::uint64_t compared = 0;  // cost of the key comparisons, charged after the sort
    const auto less = [&](lua_Integer a, lua_Integer b) {
        at(a);
        at(b);
        const bool r = key_less(L, -2, -1, &compared);
        lua_pop(L, 2);
        return r;
    };
    const auto swap = [&](lua_Integer a, lua_Integer b) {
        at(a);
        at(b);
        lua_rawseti(L, keys, a);
        lua_rawseti(L, keys, b);
    };
    const auto sift = [&](lua_Integer root, lua_Integer end) {
        while (2 * root <= end) {
            lua_Integer child = 2 * root;
            if (child + 1 <= end && less(child, child + 1)) ++child;
            if (!less(root, child)) return;
            swap(root, child);
            root = child;
        }
    };
    for (lua_Integer k = n / 2; k >= 1; --k) sift(k, n);
    for (lua_Integer end = n; end > 1; --end) {
        swap(1, end);
        sift(1, end - 1);
    }
    // After the sort: its keys are the rule's memory (at most --rule-memory),
    // so one sort reads at most about 2 log2 n times that.
    charge_or_raise(L, "pairs", compared);
    lua_pushvalue(L, t);
    lua_pushvalue(L, keys);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, l_sorted_next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

int push_next_in_order(lua_State* L, int t, int key, const char* what) {
    t = lua_absindex(L, t);
    key = lua_absindex(L, key);
    const bool first = lua_isnil(L, key);
    if (!first && key_rank(L, key) == 3) return refuse_unordered_key(L, what, key);
    // Charged in steps as the scan goes, so a huge table stops within one step.
    constexpr int kStep = 1024;
    charge_or_raise(L, what, 1);
    lua_pushnil(L);  // best: the smallest key after `key` so far
    const int best = lua_gettop(L);
    int seen = 0;
    std::uint64_t compared = 0;  // cost of the key comparisons, charged with the step
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (++seen == kStep) {
            charge_or_raise(L, what, kStep + compared);
            seen = 0;
            compared = 0;
        }
        if (key_rank(L, -1) == 3) return refuse_unordered_key(L, what, -1);
        if ((first || key_less(L, key, -1, &compared)) && (lua_isnil(L, best) || key_less(L, -1, best, &compared))) {
            lua_pushvalue(L, -1);
            lua_replace(L, best);
        }
    }
    charge_or_raise(L, what, static_cast<std::uint64_t>(seen) + compared);
    if (lua_isnil(L, best)) {
        lua_pop(L, 1);
        return 0;
    }
    lua_pushvalue(L, best);
    lua_rawget(L, t);  // best (the key), then its value
    return 2;
}

}  // namespace budgetcheck::lua
