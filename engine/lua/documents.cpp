#include "lua/documents.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "lua/field_check.hpp"
#include "lua/messages.hpp"
#include "lua/readonly.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

void push_proxy_metatable(lua_State* L, HostState* h, std::uint32_t doc) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->readonly_ref[doc]);
    push_readonly_metatable(L);
}

void push_data(lua_State* L, int proxy) {
    proxy = lua_absindex(L, proxy);
    if (!lua_getmetatable(L, proxy)) {
        lua_newtable(L);  // cannot happen: every proxy has a metatable
        return;
    }
    if (lua_getfield(L, -1, "__index") == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 2);
    HostState* h = state_of(L);
    lua_rawgetp(L, proxy, &kNodeTag);
    const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
    lua_pop(L, 1);
    const auto doc = static_cast<std::uint32_t>(code >> 32 & 1);
    if ((code >> 33) != h->generation[doc] || !h->documents[doc])
        raise(L, "värdet hör till ett tidigare dokument; regler får inte spara dokumentdata mellan körningar",
              "this value belongs to an earlier document; rules must not keep document data between runs");
    luaL_checkstack(L, 8, "the document is nested too deeply");
    if (h->document_refused) refuse_document(L);
    h->begin_conversion(doc);  // the host's memory, not the rule's (state.hpp)
    const json::Value v = h->documents[doc]->value(static_cast<std::uint32_t>(code));
    const std::size_t n = v.size();
    if (v.is_array()) {
        lua_createtable(L, static_cast<int>(n), 0);
        for (std::size_t i = 0; i < n; ++i) {
            push_value(L, h, doc, v.at(i));
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    } else {
        lua_createtable(L, 0, static_cast<int>(n));
        for (std::size_t i = 0; i < n; ++i) {
            push_document_string(L, h, v.key_at(i));
            push_value(L, h, doc, v.at(i));
            lua_rawset(L, -3);  // no duplicate keys: the parser rejects them
        }
        watch_missing_fields(L, h, code);  // check-rules and test only (field_check.hpp)
    }
    // The proxy's own metatable, whose __index is the data table itself so
    // that reads take Lua's fast path from now on.
    push_proxy_metatable(L, h, doc);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, proxy);
    h->end_conversion();
}

int refuse_document(lua_State* L) {
    return raise(L, "dokumentet får inte plats i värdens minnesgräns för dokument",
          "the document does not fit in the host's memory limit for documents");
}

namespace {

// Objects up to this many members answer a read of a scalar member from the
// parsed document, without building their data table (below).
constexpr std::size_t kDirectMembers = 16;

// A read of `key` from the unread object proxy at 1 when that member is a
// number, boolean or null (a year of a money series): pushes it and returns
// true without converting the object. Building the data table and the
// proxy's own metatable costs more than the few reads most such objects
// get (issue 12 item 11: a money series is read once or twice per rule).
// False (nothing pushed) for anything else: a member that is an array or
// object (its proxy must stay the same value on every read), a string (a
// new Lua string each time would count against the host's document memory
// again and again), a missing one (field_check.hpp watches those), a stale
// proxy (push_data raises).
bool push_scalar_member(lua_State* L, HostState* h) {
    if (lua_type(L, 2) != LUA_TSTRING) return false;
    if (lua_rawgetp(L, 1, &kNodeTag) != LUA_TNUMBER) {
        lua_pop(L, 1);
        return false;
    }
    const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
    lua_pop(L, 1);
    const auto doc = static_cast<std::uint32_t>(code >> 32 & 1);
    if ((code >> 33) != h->generation[doc] || !h->documents[doc]) return false;
    const json::Value v = h->documents[doc]->value(static_cast<std::uint32_t>(code));
    const std::size_t n = v.size();
    if (!v.is_object() || n > kDirectMembers) return false;
    std::size_t len = 0;
    const char* k = lua_tolstring(L, 2, &len);
    const std::string_view key(k, len);
    for (std::size_t i = 0; i < n; ++i) {
        if (v.key_at(i) != key) continue;
        const json::Value member = v.at(i);
        const json::Kind kind = member.kind();
        if (kind != json::Kind::Number && kind != json::Kind::Bool && kind != json::Kind::Null) return false;
        push_value(L, h, doc, member);  // allocates nothing
        return true;
    }
    return false;
}

}  // namespace

int l_materialize_index(lua_State* L) {  // __index(proxy, key) before the first read
    HostState* h = state_of(L);
    if (!h->document_refused && push_scalar_member(L, h)) return 1;
    push_data(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

void push_document_string(lua_State* L, HostState* h, std::string_view s) {
    h->host_string_bytes = s.size();
    lua_pushlstring(L, s.data(), s.size());
    h->host_string_bytes = kNoHostString;
}

void push_value(lua_State* L, HostState* h, std::uint32_t doc, json::Value v) {
    switch (v.kind()) {
        case json::Kind::Null:
            lua_rawgeti(L, LUA_REGISTRYINDEX, h->null_ref);
            return;
        case json::Kind::Bool:
            lua_pushboolean(L, v.as_bool());
            return;
        case json::Kind::String: {
            push_document_string(L, h, v.as_string());
            return;
        }
        case json::Kind::Number: {
            const rules::MoneyValues* money = h->money[doc];
            if (money && !money->empty()) {
                const auto it = std::lower_bound(money->begin(), money->end(), v.id(),
                                                 [](const auto& entry, std::uint32_t id) { return entry.first < id; });
                if (it != money->end() && it->first == v.id()) {
                    lua_pushinteger(L, it->second);
                    return;
                }
            }
            // JSON has one kind of number: 10, 10.0, 1e1 and 10.0E0 are the same
            // value (a draft-07 integer), so each reaches the rules as the Lua
            // integer 10, never as a float that prints "10.0". Only numbers
            // with a fraction or beyond int64 are floats.
            if (const auto i = v.as_integer())
                lua_pushinteger(L, static_cast<lua_Integer>(*i));
            else
                lua_pushnumber(L, v.as_double());
            return;
        }
        case json::Kind::Array:
        case json::Kind::Object:
            break;
    }
    lua_createtable(L, 0, 1);  // the proxy
    lua_pushinteger(L, static_cast<lua_Integer>(code_of(h->generation[doc], doc, v.id())));
    lua_rawsetp(L, -2, &kNodeTag);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->lazy_mt_ref[doc]);
    lua_setmetatable(L, -2);
}

int l_convert(lua_State* L) {  // (document index) -> root value
    HostState* h = state_of(L);
    const auto doc = static_cast<std::uint32_t>(lua_tointeger(L, 1));
    h->begin_conversion(doc);
    push_value(L, h, doc, h->documents[doc]->root());
    h->end_conversion();
    return 1;
}

NodeRef node_of(lua_State* L, int idx) {
    NodeRef out;
    if (lua_type(L, idx) != LUA_TTABLE) return out;
    if (lua_rawgetp(L, idx, &kNodeTag) == LUA_TNUMBER) {
        const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
        HostState* h = state_of(L);
        out.is_node = true;
        out.doc = static_cast<std::uint32_t>(code >> 32 & 1);
        out.id = static_cast<std::uint32_t>(code);
        out.current = (code >> 33) == h->generation[out.doc] && h->documents[out.doc] != nullptr;
    }
    lua_pop(L, 1);
    return out;
}

}  // namespace budgetcheck::lua
