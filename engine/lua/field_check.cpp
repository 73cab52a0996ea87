#include "lua/field_check.hpp"

#include <cstdio>
#include <string>

#include "lua/messages.hpp"
#include "lua/state.hpp"
#include "rules/field_names.hpp"

namespace budgetcheck::lua {

namespace {

// __index(data, key) of a watched object; upvalue 1: its node code.
int l_missing_field(lua_State* L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;  // positions and other keys: nil, as without the check
    HostState* h = state_of(L);
    const auto code = static_cast<std::uint64_t>(lua_tointeger(L, lua_upvalueindex(1)));
    const auto doc = static_cast<std::uint32_t>(code >> 32 & 1);
    const rules::FieldNames* names =
        (doc == kSubmission ? h->limits.submission_fields : h->limits.policy_fields).get();
    if (!names || (code >> 33) != h->generation[doc] || !h->documents[doc]) return 0;
    const json::Value object = h->documents[doc]->value(static_cast<std::uint32_t>(code));
    const char* field = lua_tostring(L, 2);
    // C++ values live only inside this block, copied out to fixed buffers
    // before anything that can raise (state.hpp's error discipline).
    char where[512] = "/";
    char closest[128] = "";
    try {
        const rules::FieldNames::Verdict verdict = names->check(object, field);
        if (verdict.defined) return 0;
        const std::string pointer = object.pointer();
        if (!pointer.empty()) std::snprintf(where, sizeof where, "%s", pointer.c_str());
        std::snprintf(closest, sizeof closest, "%s", verdict.closest.c_str());
    } catch (...) {
        return 0;
    }
    const char* which_sv = doc == kSubmission ? "inlämningen" : "policyn";
    const char* which_en = doc == kSubmission ? "submission" : "policy";
    const char* schema = names->schema_name().c_str();
    const bool suggest = closest[0] != '\0';
    lua_pushfstring(L, "regeln läser fältet '%s' i %s (%s), ett namn som %s inte definierar någonstans%s%s%s",
                    field, which_sv, where, schema, suggest ? "; menade du '" : "", closest, suggest ? "'?" : "");
    lua_pushfstring(L, "the rule reads the field '%s' of the %s (%s), a name %s defines nowhere%s%s%s", field,
                    which_en, where, schema, suggest ? "; did you mean '" : "", closest, suggest ? "'?" : "");
    return raise(L, lua_tostring(L, -2), lua_tostring(L, -1));
}

}  // namespace

void watch_missing_fields(lua_State* L, HostState* h, std::uint64_t code) {
    const auto doc = static_cast<std::uint32_t>(code >> 32 & 1);
    if (!(doc == kSubmission ? h->limits.submission_fields : h->limits.policy_fields)) return;
    lua_createtable(L, 0, 1);
    lua_pushinteger(L, static_cast<lua_Integer>(code));
    lua_pushcclosure(L, l_missing_field, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

}  // namespace budgetcheck::lua
