#include "lua/host_library.hpp"

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

}  // namespace

void push_host_library(lua_State* L) {
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_normalise);
    lua_setfield(L, -2, "normalise");
}

}  // namespace budgetcheck::lua
