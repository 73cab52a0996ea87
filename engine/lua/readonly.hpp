// Read-only tables: the proxies behind the submission, the policy, the
// libraries and the built-in tables a rule sees.
//
// A proxy is a table P holding only light-userdata keys (which no rule can
// produce, so every write reaches __newindex):
//   P[&kNodeTag] = node code (document values, documents.hpp) or false (other read-only tables)
//   P[&kKeysTag] = object keys in document order (built on the first pairs())
// and a metatable with __index = the data table, __newindex = an error,
// __len, __pairs and __metatable = false. Document values start with a
// metatable shared by all unread values of a document, whose __index builds
// the data table and gives P its own metatable (see push_data).
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

inline char kNodeTag;
inline char kKeysTag;

// Pops the __newindex handler (it raises "read-only") and pushes the
// metatable of a read-only proxy, without __index: writes raise, # and pairs
// see the data, the metatable is hidden.
void push_readonly_metatable(lua_State* L);
// Pushes a read-only proxy of the table at `data`; `newindex` is the closure
// that raises the "read-only" error.
void push_readonly(lua_State* L, int data, int newindex);
// Pushes the closure that raises "read-only" with these texts.
void push_readonly_error(lua_State* L, const char* sv, const char* en);

// Metamethods and functions that see through proxies.
int l_readonly(lua_State* L);  // __newindex; upvalues: the message in Swedish, in English
int l_len(lua_State* L);       // __len
int l_pairs(lua_State* L);     // __pairs: arrays and objects in document order
int l_next(lua_State* L);      // next()
// ipairs: over a document array it iterates the data table without __index
// per item (the same values, the same stops); anything else is Lua's ipairs
// (upvalue 1).
int l_ipairs(lua_State* L);
// Pushes the read-only proxy of the plain table at `t`, replacing nested
// plain tables by their proxies in place; `memo` maps each data table to its
// proxy (shared structure stays shared), `newindex` raises "read-only", and
// each newly frozen data table is appended to the list at `fresh` (unless 0).
void freeze(lua_State* L, int t, int memo, int newindex, int fresh, int depth = 0);
// (table, message in Swedish, in English) -> a deep read-only view of a
// library table (nested plain tables are replaced by proxies in place).
int l_freeze(lua_State* L);

}  // namespace budgetcheck::lua
