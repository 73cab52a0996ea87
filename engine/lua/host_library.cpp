#include "lua/host_library.hpp"

#include <string>

#include "money.hpp"

#include "lua/charges.hpp"
#include "lua/messages.hpp"
#include "lua/state.hpp"
#include "text/compare_form.hpp"

namespace budgetcheck::lua {

namespace {

// host.normalise(text) -> text as names are compared (text/compare_form.hpp).
// A number is taken as its text, as string.lower takes it.
int l_normalise(lua_State* L) {
    if (!lua_isstring(L, 1))
        return raise(L, lua_pushfstring(L, "host.normalise: argumentet ska vara en text, inte %s",
                                        type_for_humans(L, 1, true)),
                     lua_pushfstring(L, "host.normalise: the text must be a string, not %s", type_for_humans(L, 1)));
    std::size_t n = 0;
    const char* s = lua_tolstring(L, 1, &n);
    charge_or_raise(L, "host.normalise", cost_add(1, n / kBytesPerInstruction));
    HostState* h = state_of(L);
    bool failed = false;
    try {
        text::compare_form({s, n}, h->scratch);
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "host.normalise: minnet räckte inte", "host.normalise: out of memory");
    lua_pushlstring(L, h->scratch.data(), h->scratch.size());
    return 1;
}

// host.format_amount(kronor, unit, decimals) -> "61,0 mnkr" (money.hpp's
// format_amount: never rounded). `unit` is the submission's unit text; one
// the schema does not know is shown as given with 1 kr per unit, so a rule
// still runs (and says what it found) on a file that failed the schema.
int l_format_amount(lua_State* L) {
    int is_integer = 0;
    const lua_Integer kronor = lua_tointegerx(L, 1, &is_integer);
    if (!is_integer)
        return raise(L, lua_pushfstring(L, "host.format_amount: beloppet ska vara ett heltal kronor, inte %s",
                                        type_for_humans(L, 1, true)),
                     lua_pushfstring(L, "host.format_amount: the amount must be whole kronor, not %s",
                                     type_for_humans(L, 1)));
    std::size_t n = 0;
    const char* unit_text = luaL_optlstring(L, 2, "kr", &n);  // nil: "kr", n = 2
    const lua_Integer decimals = luaL_optinteger(L, 3, 0);
    charge_or_raise(L, "host.format_amount", cost_add(1, n / kBytesPerInstruction));
    const std::string_view given(unit_text, n);
    const auto unit = parse_unit(given);
    const int shown = decimals < 0 ? 0 : decimals > 9 ? 9 : static_cast<int>(decimals);
    HostState* h = state_of(L);
    bool failed = false;
    try {
        h->scratch = format_amount(kronor, unit.value_or(Unit::Kr), shown);
        if (!unit) h->scratch.replace(h->scratch.size() - 2, 2, given);  // the unit as given
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "host.format_amount: minnet räckte inte", "host.format_amount: out of memory");
    lua_pushlstring(L, h->scratch.data(), h->scratch.size());
    return 1;
}

}  // namespace

void push_host_library(lua_State* L) {
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, l_normalise);
    lua_setfield(L, -2, "normalise");
    lua_pushcfunction(L, l_format_amount);
    lua_setfield(L, -2, "format_amount");
}

}  // namespace budgetcheck::lua
