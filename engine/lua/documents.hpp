// The submission and the policy as Lua values, converted lazily.
//
// A container becomes a read-only proxy (readonly.hpp) whose metatable's
// __index is first l_materialize_index; the first read (or #, pairs, next)
// builds the data table, with child containers again as unbuilt proxies,
// and replaces __index by it, so later reads take Lua's fast table path.
// Parts of the document no rule reads are never converted; what one rule
// converted is shared with the rules after it. Money values arrive as exact
// integer kronor.
#pragma once

#include <lua.hpp>

#include <cstdint>

#include "json/document.hpp"

namespace budgetcheck::lua {

struct HostState;

// node code = generation << 33 | document << 32 | value id
constexpr std::uint64_t code_of(std::uint64_t generation, std::uint32_t doc, std::uint32_t id) {
    return generation << 33 | static_cast<std::uint64_t>(doc) << 32 | id;
}

// Pushes the Lua value of `v` (a proxy for arrays and objects).
void push_value(lua_State* L, HostState* h, std::uint32_t doc, json::Value v);
// Pushes a string (or key) of the document: the host's, so the limit on
// strings a rule makes (RuleLimits::string_bytes) does not apply to it.
void push_document_string(lua_State* L, HostState* h, std::string_view s);
// Pushes the data table of the read-only proxy at `proxy`, building it on
// first use.
void push_data(lua_State* L, int proxy);
// Pushes the metatable of a converted proxy of document `doc` (without
// __index; its __newindex raises "the submission/policy is read-only").
void push_proxy_metatable(lua_State* L, HostState* h, std::uint32_t doc);
// __index(proxy, key) before the first read. A number, boolean or null member
// of an object of at most 16 members is read from the parsed document and
// leaves the object unconverted (a money series read once per rule never
// gets its data table and metatable).
int l_materialize_index(lua_State* L);
// Raises: a part of the documents did not fit in limits.document_memory_bytes
// earlier in this run (HostState::document_refused).
int refuse_document(lua_State* L);
int l_convert(lua_State* L);            // (document index) -> root value

// What a Lua value is as a document part.
struct NodeRef {
    bool is_node = false;
    bool current = false;  // of the run in progress
    std::uint32_t doc = 0;
    std::uint32_t id = 0;
};
NodeRef node_of(lua_State* L, int idx);

}  // namespace budgetcheck::lua
