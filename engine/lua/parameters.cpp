#include "lua/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "json/document.hpp"
#include "lua/loader.hpp"
#include "lua/messages.hpp"
#include "lua/readonly.hpp"
#include "lua/state.hpp"
#include "rules/parameters.hpp"
#include "text/suggest.hpp"

namespace budgetcheck::lua {

namespace {

constexpr int kMaxDepth = 32;

// Keys whose value JSON Schema wants as a list even when the Lua table is
// empty ({} is an object otherwise).
bool list_keyword(std::string_view key) {
    return key == "required" || key == "enum" || key == "type" || key == "allOf" || key == "anyOf" || key == "oneOf";
}

class ToJson {
public:
    explicit ToJson(lua_State* L) : L(L) {}
    Message error;

    bool value(int idx, std::string& out, std::string_view key, int depth) {
        idx = lua_absindex(L, idx);
        switch (lua_type(L, idx)) {
            case LUA_TSTRING:
                out += json::quote(to_string_at(L, idx));
                return true;
            case LUA_TBOOLEAN:
                out += lua_toboolean(L, idx) ? "true" : "false";
                return true;
            case LUA_TNUMBER: {
                if (lua_isinteger(L, idx)) {
                    out += std::to_string(lua_tointeger(L, idx));
                    return true;
                }
                const double d = lua_tonumber(L, idx);
                if (!std::isfinite(d)) return fail(key, "ett ändligt tal", "a finite number");
                // The shortest text that reads back as the same double (0.1, not 0.10000000000000001).
                char buf[32];
                for (int precision = 1; precision <= 17; ++precision) {
                    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
                    if (std::strtod(buf, nullptr) == d) break;
                }
                out += buf;
                return true;
            }
            case LUA_TTABLE:
                return table(idx, out, key, depth);
            default:
                return fail(key, "text, tal, true/false eller en tabell", "a string, number, true/false or a table");
        }
    }

private:
    bool fail(std::string_view key, const std::string& sv, const std::string& en) {
        error = {"'parameters': värdet av '" + std::string(key) + "' ska vara " + sv,
                 "'parameters': the value of '" + std::string(key) + "' must be " + en};
        return false;
    }

    bool table(int idx, std::string& out, std::string_view key, int depth) {
        if (depth > kMaxDepth) return fail(key, "nästlat högst 32 nivåer", "nested at most 32 levels");
        std::vector<std::string> names;
        lua_Integer count = 0, max_index = 0;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            lua_pop(L, 1);
            ++count;
            if (lua_type(L, -1) == LUA_TSTRING)
                names.push_back(to_string_at(L, -1));
            else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0)
                max_index = std::max(max_index, lua_tointeger(L, -1));
            else
                return fail(key, "en tabell med namngivna fält eller en lista", "a table of named fields or a list");
        }
        if (!names.empty() && max_index > 0)
            return fail(key, "antingen en lista eller namngivna fält, inte båda", "either a list or named fields, not both");
        if (max_index > 0 || (count == 0 && list_keyword(key))) {
            if (max_index != count) return fail(key, "en lista utan hål", "a list without holes");
            out += '[';
            for (lua_Integer i = 1; i <= count; ++i) {
                if (i > 1) out += ", ";
                lua_rawgeti(L, idx, i);
                const bool ok = value(-1, out, key, depth + 1);
                lua_pop(L, 1);
                if (!ok) return false;
            }
            out += ']';
            return true;
        }
        std::sort(names.begin(), names.end());
        // JSON Schema's description is one string: the Swedish text, with
        // the English beside it (rules::kDescriptionEn).
        const auto description_pair = [&](const std::string& name) {
            if (name != "description") return false;
            if (raw_field(L, idx, name.c_str()) != LUA_TTABLE) {
                lua_pop(L, 1);
                return false;
            }
            const bool sv = raw_field(L, -1, "sv") == LUA_TSTRING;
            const bool en = raw_field(L, -2, "en") == LUA_TSTRING;
            lua_pop(L, 3);
            return sv && en;
        };
        out += '{';
        bool first = true;
        for (const std::string& name : names) {
            if (!first) out += ", ";
            first = false;
            if (description_pair(name)) {
                raw_field(L, idx, "description");
                raw_field(L, -1, "sv");
                raw_field(L, -2, "en");
                out += "\"description\": " + json::quote(to_string_at(L, -2)) + ", " +
                       json::quote(rules::kDescriptionEn) + ": " + json::quote(to_string_at(L, -1));
                lua_pop(L, 3);
                continue;
            }
            out += json::quote(name) + ": ";
            raw_field(L, idx, name.c_str());
            const bool ok = value(-1, out, name, depth + 1);
            lua_pop(L, 1);
            if (!ok) return false;
        }
        if (depth == 0 && std::find(names.begin(), names.end(), "additionalProperties") == names.end())
            out += std::string(first ? "" : ", ") + "\"additionalProperties\": false";
        out += '}';
        return true;
    }

    lua_State* L;
};

// __index of params' data: a name the rule does not declare. Upvalue 1: the
// rule's index in HostState::rules.
int l_unknown_parameter(lua_State* L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    HostState* h = state_of(L);
    const auto index = static_cast<std::size_t>(lua_tointeger(L, lua_upvalueindex(1)));
    const char* name = lua_tostring(L, 2);
    // C++ values end inside the block (state.hpp's error discipline).
    char closest[128] = "";
    bool none = true;
    try {
        const auto& params = h->rules.at(index).info.parameters;
        std::vector<std::string_view> names;
        for (const auto& p : params) names.push_back(p.name);
        none = names.empty();
        std::snprintf(closest, sizeof closest, "%s", text::closest_name(name, names).c_str());
    } catch (...) {
    }
    const bool suggest = closest[0] != '\0';
    lua_pushfstring(L, "regeln läser parametern '%s', som den inte deklarerar under parameters.properties%s%s%s", name,
                    none ? " (den har inga parametrar)" : suggest ? "; menade du '" : "", suggest ? closest : "",
                    suggest ? "'?" : "");
    lua_pushfstring(L, "the rule reads the parameter '%s', which it does not declare under parameters.properties%s%s%s",
                    name, none ? " (it has none)" : suggest ? "; did you mean '" : "", suggest ? closest : "",
                    suggest ? "'?" : "");
    return raise(L, lua_tostring(L, -2), lua_tostring(L, -1));
}

}  // namespace

bool parameters_to_json(lua_State* L, int idx, std::string& out, Message& error) {
    ToJson convert(L);
    out.clear();
    const bool ok = convert.value(idx, out, "parameters", 0);
    if (!ok) error = convert.error;
    return ok;
}

void push_parameters(lua_State* L, std::size_t rule_index, int rule_table, int policy) {
    rule_table = lua_absindex(L, rule_table);
    policy = lua_absindex(L, policy);
    HostState* h = state_of(L);
    const rules::RuleInfo& info = h->rules[rule_index].info;
    // A rule without parameters gets one shared empty `params`, made once:
    // read-only and empty, it cannot carry anything from one run to the next.
    static char no_parameters;
    const bool none = info.parameters.empty();
    if (none && lua_rawgetp(L, LUA_REGISTRYINDEX, &no_parameters) == LUA_TTABLE) return;
    if (none) lua_pop(L, 1);
    lua_createtable(L, 0, static_cast<int>(info.parameters.size()));
    const int data = lua_gettop(L);
    // The pack's values for this rule (validated against the schema at load).
    int values = 0;
    if (!info.parameters.empty() && lua_type(L, policy) == LUA_TTABLE) {
        lua_getfield(L, policy, "rule_parameters");
        if (lua_type(L, -1) == LUA_TTABLE) {
            lua_getfield(L, -1, info.id.c_str());
            if (lua_type(L, -1) == LUA_TTABLE) values = lua_gettop(L);
        }
    }
    if (raw_field(L, rule_table, "parameters") == LUA_TTABLE)
        raw_field(L, -1, "properties");
    else
        lua_pushnil(L);
    const int properties = lua_gettop(L);
    for (const rules::RuleParameter& p : info.parameters) {
        bool set = false;
        if (values != 0) {
            set = lua_getfield(L, values, p.name.c_str()) != LUA_TNIL;
            if (!set) lua_pop(L, 1);
        }
        if (!set) {  // the default, from this run's instance of the rule table
            if (lua_type(L, properties) == LUA_TTABLE && raw_field(L, properties, p.name.c_str()) == LUA_TTABLE) {
                raw_field(L, -1, "default");
                lua_remove(L, -2);
            } else {
                if (lua_type(L, properties) == LUA_TTABLE) lua_pop(L, 1);
                lua_pushnil(L);
            }
        }
        lua_setfield(L, data, p.name.c_str());
    }
    lua_settop(L, data);
    lua_createtable(L, 0, 1);
    lua_pushinteger(L, static_cast<lua_Integer>(rule_index));
    lua_pushcclosure(L, l_unknown_parameter, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, data);
    lua_pushcfunction(L, l_freeze);
    lua_insert(L, data);
    lua_pushliteral(L, "parametrarna är skrivskyddade");
    lua_pushliteral(L, "the parameters are read-only");
    lua_call(L, 3, 1);
    if (none) {
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &no_parameters);
    }
}

}  // namespace budgetcheck::lua
