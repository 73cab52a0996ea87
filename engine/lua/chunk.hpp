// Chunks: the rule and library files as Lua knows them — the name Lua shows
// in its messages, and the lines that carry instructions (for coverage).
#pragma once

#include <lua.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace budgetcheck::lua {

struct Chunk {
    std::string short_src;  // as Lua prints it in messages
    std::string name;       // as given
};

// What luaO_chunkid makes of "@name": the name, or "..." and its tail.
std::string short_src_of(const std::string& name);

// Executable lines of the compiled chunk on top of the stack (sorted,
// unique; every nested function included, the dead implicit `return` after
// an explicit one left out). Empty when the chunk has no line information.
std::vector<std::uint32_t> executable_lines(lua_State* L);

}  // namespace budgetcheck::lua
