// One fixed order of table keys, for everything that walks a table a rule
// can see (pairs over a rule's own table, pairs over library tables, next).
// Lua's own order follows string hashes, seeded per Lua state (so it
// differs between runs and between --jobs workers), and addresses for
// table or function keys: a rule reporting keys in that order would word
// its findings differently from run to run.
//
// The order: numbers by value, then strings byte by byte, then false, true.
// Tables, functions and other values as keys have no fixed order: refused.
#pragma once

#include <lua.hpp>

#include <cstdint>

namespace budgetcheck::lua {

// 0 numbers, 1 strings, 2 booleans, 3 anything else (no fixed order).
int key_rank(lua_State* L, int idx);
// Adds what a string comparison costs to *cost (when given): its bytes / 8
// (kBytesPerInstruction), so keys under 8 bytes add nothing, and two 1 MiB
// keys that differ at their end add 131 072. The sort in pairs and the scan
// in next pay it.
bool key_less(lua_State* L, int a, int b, std::uint64_t* cost = nullptr);

// Raises "<what>: a table with <type> keys has no fixed order" for the key
// at `idx`.
int refuse_unordered_key(lua_State* L, const char* what, int idx);

// pairs over the plain table at `t` in key order: pushes the iterator, nil,
// nil and returns 3. Sorts the keys once (n log n charged as "pairs").
int pairs_in_order(lua_State* L, int t);

// The key after the one at `key` (nil: the first) in the table at `t`, in
// key order, and its value: pushes both and returns 2, or pushes nothing and
// returns 0 when `key` is the last. The key need not be in the table. Scans
// the whole table, charging its size to the instruction budget as `what`
// (a static string) as it goes.
int push_next_in_order(lua_State* L, int t, int key, const char* what);

}  // namespace budgetcheck::lua
