// Work done in C, charged to the rule's instruction budget. The count hook
// sees only Lua instructions: `string.rep('', 1 << 62)` is one of them and
// runs for hours. Every built-in function whose work grows with its input
// is therefore called through l_charged, which debits that work before the
// real function runs and refuses the call when the budget cannot cover it.
//
// Unit: one VM instruction. A call costs the values it touches (pushes,
// moves, compares), plus one per kBytesPerInstruction bytes it reads or
// writes, and at least 1.
//
// Also here, because they sit in the same wrappers: tostring and
// string.format refuse to show memory addresses (a report must read the
// same in every run).
#pragma once

#include <lua.hpp>

#include <cstdint>

namespace budgetcheck::lua {

struct HostState;

inline constexpr std::uint64_t kBytesPerInstruction = 8;
// Writing one number as text (snprintf "%.14g"): 100-200 ns, as much as
// about 30 VM instructions.
inline constexpr std::uint64_t kNumberToText = 32;

// How a wrapped function's cost is computed from its arguments.
enum class Cost : int {
    Args,       // 1 + number of arguments (select, pcall, math.max, string.char, ...)
    Bytes,      // 1 + bytes of the first argument / 8 (string.upper, utf8.offset, ...)
    ByteRange,  // values pushed for s[i..j] (string.byte, utf8.codepoint)
    Utf8Len,    // 1 + bytes of s[i..j] / 8
    Format,     // string.format, string.pack: arguments and bytes, then the result's bytes
    StrUnpack,  // string.unpack: format and data bytes; results capped after the call
    Unpack,     // table.unpack: j - i + 1 values
    Concat,     // table.concat: j - i + 1 elements, 32 per number, bytes of strings and separators
    Shift,      // table.insert / table.remove: #t
    Move,       // table.move: e - f + 1 elements
    Sort,       // table.sort: n * ceil(log2 n) comparisons
    ToString,   // tostring: refuses addresses
    Codes,      // utf8.codes: 1; its iterator is charged the bytes each step scans
};

// Replaces table[field] (a C function) by a charged wrapper; `shown` names
// it in messages ("string.rep").
void wrap_charged(lua_State* L, int table, const char* field, const char* shown, Cost cost);

// Debits `cost` for `what` (a static string) from the budget of the call in
// progress; raises the budget error when it does not cover it. For host
// functions that do their own work (report, pointer, the pattern wrappers).
void charge_or_raise(lua_State* L, const char* what, std::uint64_t cost);

// Saturating arithmetic for costs.
std::uint64_t cost_add(std::uint64_t a, std::uint64_t b);
std::uint64_t cost_mul(std::uint64_t a, std::uint64_t b);

}  // namespace budgetcheck::lua
