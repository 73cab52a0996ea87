#include "lua/charges.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "lua/messages.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

std::uint64_t cost_add(std::uint64_t a, std::uint64_t b) {
    return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

std::uint64_t cost_mul(std::uint64_t a, std::uint64_t b) {
    return b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b ? std::numeric_limits<std::uint64_t>::max()
                                                                        : a * b;
}

namespace {

// "4 611 686 018 427 387 904" into a fixed buffer: nothing here may
// allocate on the C++ heap before a raise.
void grouped_into(char (&out)[40], std::uint64_t value, char separator) {
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%llu", static_cast<unsigned long long>(value));
    int o = 0;
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out[o++] = separator;
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

std::uint64_t bytes_cost(std::size_t bytes) { return bytes / kBytesPerInstruction; }

// Lua's own rule for a relative string position (lstrlib.c posrelatI).
std::uint64_t position(lua_Integer pos, std::size_t len) {
    if (pos > 0) return static_cast<std::uint64_t>(pos);
    if (pos == 0) return 1;
    if (pos < -static_cast<lua_Integer>(len)) return 1;
    return static_cast<std::uint64_t>(static_cast<lua_Integer>(len) + pos + 1);
}

// Bytes of s[i..j] with the defaults of string.byte / utf8.codepoint (j = i)
// or utf8.len (j = -1).
std::uint64_t byte_range(lua_State* L, bool j_defaults_to_end) {
    std::size_t len = 0;
    if (!lua_isstring(L, 1)) return 0;  // the real function raises its own error
    lua_tolstring(L, 1, &len);
    const std::uint64_t i = position(luaL_optinteger(L, 2, 1), len);
    const lua_Integer j_raw = luaL_optinteger(L, 3, j_defaults_to_end ? -1 : luaL_optinteger(L, 2, 1));
    std::uint64_t j = j_raw < 0 ? position(j_raw, len) : static_cast<std::uint64_t>(j_raw);
    if (j > len) j = len;
    return j >= i ? j - i + 1 : 0;
}

std::uint64_t length_of(lua_State* L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    const lua_Integer n = luaL_len(L, idx);
    return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

// Elements in from..to; saturates (math.mininteger..math.maxinteger is
// 2^64 elements, which wrapped to 0 and was charged as 1).
std::uint64_t span(lua_Integer from, lua_Integer to) {
    if (to < from) return 0;
    const std::uint64_t d = static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
    return d == std::numeric_limits<std::uint64_t>::max() ? d : d + 1;
}

std::size_t string_bytes(lua_State* L, int idx) {
    std::size_t len = 0;
    if (lua_type(L, idx) == LUA_TSTRING) lua_tolstring(L, idx, &len);
    return len;
}

int refuse_results(lua_State* L, const char* shown, std::uint64_t n, std::uint64_t cap) {
    char count[24];  // unsigned: a range of 2^64 - 1 values is not "-1"
    std::snprintf(count, sizeof count, "%llu", static_cast<unsigned long long>(n));
    return raise(L,
                 lua_pushfstring(L, "%s: %s värden är fler än ett anrop får ge (%I)", shown, count,
                                 static_cast<lua_Integer>(cap)),
                 lua_pushfstring(L, "%s: %s values are more than one call may return (%I)", shown, count,
                                 static_cast<lua_Integer>(cap)));
}

// A value whose text would be its memory address (Lua's "table: 0x55...").
bool address_only(lua_State* L, int idx) {
    const int t = lua_type(L, idx);
    if (t != LUA_TTABLE && t != LUA_TFUNCTION && t != LUA_TUSERDATA && t != LUA_TTHREAD &&
        t != LUA_TLIGHTUSERDATA)
        return false;
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        return false;
    }
    return true;
}

int refuse_address(lua_State* L, const char* shown, int idx) {
    const int t = lua_type(L, idx);
    const char* sv = t == LUA_TTABLE ? "en tabell" : t == LUA_TFUNCTION ? "en funktion" : "ett värde av den här typen";
    const char* en = t == LUA_TTABLE ? "a table" : t == LUA_TFUNCTION ? "a function" : "a value of this type";
    return raise(L,
                 lua_pushfstring(L, "%s: %s har ingen egen text (den skulle bli en minnesadress, olika i varje "
                                    "körning); visa dess fält i stället",
                                 shown, sv),
                 lua_pushfstring(L, "%s: %s has no text of its own (it would be a memory address, different in "
                                    "every run); show its fields instead",
                                 shown, en));
}

// string.format: '%p' and '%s' of an address-only value are refused; the
// rest is Lua's own.
void check_format(lua_State* L, const char* shown) {
    std::size_t len = 0;
    const char* fmt = lua_tolstring(L, 1, &len);
    if (!fmt) return;
    int arg = 1;
    for (std::size_t i = 0; i < len; ++i) {
        if (fmt[i] != '%') continue;
        if (++i < len && fmt[i] == '%') continue;
        while (i < len && std::strchr("-+ #0123456789.", fmt[i])) ++i;
        if (i >= len) return;
        ++arg;
        if (fmt[i] == 'p')
            raise(L, lua_pushfstring(L, "%s: '%%p' visar en minnesadress, olika i varje körning", shown),
                  lua_pushfstring(L, "%s: '%%p' shows a memory address, different in every run", shown));
        if (fmt[i] == 's' && address_only(L, arg)) refuse_address(L, shown, arg);
    }
}

// The iterator utf8.codes returns, charged after each step by the bytes it
// scanned: Lua's own skips continuation bytes from the position it is given,
// so `f(s, 1)` called again and again on 'A' .. ('\x80'):rep(1 << 20) scans
// 1 MiB every time. One step is bounded by the string (at most 1 MiB), so
// charging after it overshoots by at most that. Upvalue: Lua's iterator.
int l_codes_step(lua_State* L) {
    const std::size_t len = string_bytes(L, 1);
    const lua_Integer from = lua_tointeger(L, 2);
    const int results = lua_tocfunction(L, lua_upvalueindex(1))(L);
    std::uint64_t scanned = 0;
    if (from >= 0 && static_cast<std::size_t>(from) < len) {
        const lua_Integer to = results == 2 ? lua_tointeger(L, -2) : static_cast<lua_Integer>(len);
        scanned = to > from ? static_cast<std::uint64_t>(to - from) : 0;
    }
    charge_or_raise(L, "utf8.codes", 1 + bytes_cost(scanned));
    return results;
}

// The comparator table.sort is given: Lua's sort compares in C, where the
// count hook never fires, so without it 200 000 references to one 1 MiB
// string sorted for 89 s on one instruction. Each comparison of two strings
// by `<` pays their common length / 8 (a strcmp of up to that much); each
// comparison beyond the n * ceil(log2 n) paid up front pays 1 (a quicksort
// driven towards its quadratic case). A rule's own comparator runs as Lua,
// where the hook counts it. Upvalues: the rule's comparator or nil, the
// comparisons still paid for.
int l_sort_less(lua_State* L) {
    std::uint64_t cost = 0;
    const lua_Integer prepaid = lua_tointeger(L, lua_upvalueindex(2));
    if (prepaid > 0) {
        lua_pushinteger(L, prepaid - 1);
        lua_replace(L, lua_upvalueindex(2));
    } else {
        cost = 1;
    }
    const bool own = !lua_isnil(L, lua_upvalueindex(1));
    if (!own && lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING)
        cost += bytes_cost(std::min(string_bytes(L, 1), string_bytes(L, 2)));
    if (cost > 0) charge_or_raise(L, "table.sort", cost);
    if (!own) {
        lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
        return 1;
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

int l_charged(lua_State* L) {
    HostState* h = state_of(L);
    const auto cost_kind = static_cast<Cost>(lua_tointeger(L, lua_upvalueindex(2)));
    const char* shown = lua_tostring(L, lua_upvalueindex(3));
    const auto nargs = static_cast<std::uint64_t>(lua_gettop(L));
    const std::uint64_t results_cap = h->limits.results_per_call;
    std::uint64_t cost = 1;
    switch (cost_kind) {
        case Cost::Args:
            cost = 1 + nargs;
            break;
        case Cost::ToString:
            if (nargs >= 1 && address_only(L, 1)) return refuse_address(L, shown, 1);
            cost = 1 + nargs;
            break;
        case Cost::Bytes:
            cost = 1 + bytes_cost(string_bytes(L, 1));
            break;
        case Cost::ByteRange: {
            const std::uint64_t n = byte_range(L, false);
            if (n > results_cap) return refuse_results(L, shown, n, results_cap);
            cost = 1 + n;
            break;
        }
        case Cost::Utf8Len:
            cost = 1 + bytes_cost(byte_range(L, true));
            break;
        case Cost::Format: {
            check_format(L, shown);
            std::uint64_t bytes = 0;
            for (int i = 1; i <= lua_gettop(L); ++i) bytes = cost_add(bytes, string_bytes(L, i));
            cost = 1 + nargs + bytes_cost(bytes);
            break;
        }
        case Cost::StrUnpack:
            cost = 1 + string_bytes(L, 1) + bytes_cost(string_bytes(L, 2));
            break;
        case Cost::Unpack: {
            if (lua_type(L, 1) != LUA_TTABLE && lua_isnoneornil(L, 3)) break;
            const lua_Integer i = luaL_optinteger(L, 2, 1);
            const lua_Integer j = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
            const std::uint64_t n = span(i, j);
            if (n > results_cap) return refuse_results(L, shown, n, results_cap);
            cost = n > 0 ? n : 1;
            break;
        }
        case Cost::Concat: {
            if (lua_type(L, 1) != LUA_TTABLE) break;
            const lua_Integer i = luaL_optinteger(L, 3, 1);
            const lua_Integer j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
            const std::uint64_t n = span(i, j);
            // Looking at the elements costs one each (charged first: a span
            // of 2^40 is refused before it is scanned); writing a number as
            // text costs far more than copying a string (50 000 floats are
            // about 5 ms), and the separator is copied n - 1 times.
            charge_or_raise(L, shown, n > 0 ? n : 1);
            std::uint64_t numbers = 0, bytes = 0;
            for (lua_Integer k = i; n > 0 && k <= j; ++k) {
                const int type = lua_geti(L, 1, k);
                if (type == LUA_TNUMBER) ++numbers;
                else if (type == LUA_TSTRING) bytes = cost_add(bytes, lua_rawlen(L, -1));
                lua_pop(L, 1);
                if (k == LUA_MAXINTEGER) break;
            }
            if (n > 1) bytes = cost_add(bytes, cost_mul(string_bytes(L, 2), n - 1));
            cost = cost_add(cost_mul(numbers, kNumberToText), bytes_cost(bytes));
            break;
        }
        case Cost::Shift:
            cost = 1 + length_of(L, 1);
            break;
        case Cost::Move: {
            const std::uint64_t n = span(luaL_checkinteger(L, 2), luaL_checkinteger(L, 3));
            cost = n > 0 ? n : 1;
            break;
        }
        case Cost::Codes:
            break;
        case Cost::Sort: {
            const std::uint64_t n = length_of(L, 1);
            std::uint64_t log2 = 0;
            while (log2 < 64 && (std::uint64_t{1} << log2) < n) ++log2;
            cost = n > 1 ? cost_mul(n, log2) : 1;
            if (lua_isnoneornil(L, 2) || lua_type(L, 2) == LUA_TFUNCTION) {
                // Every comparison goes through l_sort_less (a wrong-typed
                // comparator is left for the real function to refuse).
                lua_settop(L, 2);
                lua_pushinteger(L, static_cast<lua_Integer>(std::min<std::uint64_t>(cost, LUA_MAXINTEGER)));
                lua_pushcclosure(L, l_sort_less, 2);  // upvalues: the comparator (or nil), the count
            }
            break;
        }
    }
    charge_or_raise(L, shown, cost);
    // The real function runs in this frame (it uses no upvalues of its own),
    // so its argument errors name the function exactly as before.
    const int results = lua_tocfunction(L, lua_upvalueindex(1))(L);
    if (cost_kind == Cost::StrUnpack && static_cast<std::uint64_t>(results) > results_cap)
        return refuse_results(L, shown, static_cast<std::uint64_t>(results), results_cap);
    // A format's result can be far longer than what it was given, and
    // slower to make than to copy ('%.99f' of 1e308: 410 digits, about 9 µs
    // each): one instruction per byte of the result, at most 1 MiB.
    if (cost_kind == Cost::Format && results == 1) charge_or_raise(L, shown, string_bytes(L, -1));
    if (cost_kind == Cost::Codes && results >= 1 && lua_type(L, -results) == LUA_TFUNCTION) {
        lua_pushvalue(L, -results);
        lua_pushcclosure(L, l_codes_step, 1);
        lua_replace(L, -results - 1);
    }
    return results;
}

}  // namespace

void charge_or_raise(lua_State* L, const char* what, std::uint64_t cost) {
    HostState* h = state_of(L);
    if (!h->limited || h->charge(cost)) return;
    h->charged_by = what;
    h->charged_cost = cost;
    char sv[40], en[40];
    grouped_into(sv, cost, ' ');
    grouped_into(en, cost, ',');
    raise(L, lua_pushfstring(L, "instruktionsbudgeten tog slut: %s skulle kosta %s till", what, sv),
          lua_pushfstring(L, "the instruction budget ran out: %s would cost %s more", what, en));
}

void wrap_charged(lua_State* L, int table, const char* field, const char* shown, Cost cost) {
    table = lua_absindex(L, table);
    lua_getfield(L, table, field);
    lua_pushinteger(L, static_cast<lua_Integer>(cost));
    lua_pushstring(L, shown);
    lua_pushcclosure(L, l_charged, 3);
    lua_setfield(L, table, field);
}

}  // namespace budgetcheck::lua
