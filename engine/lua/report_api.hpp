// The rule-facing API for findings: pointer(value[, key]) and the report{}
// function passed to every check. report{} validates every field and keeps
// the finding in HostState::pending until the rule returns; report.figure{}
// keeps a key figure in HostState::pending_figures.
#pragma once

#include <lua.hpp>

#include <cstdint>

namespace budgetcheck::lua {

int l_pointer(lua_State* L);
int l_report(lua_State* L);
// report.figure{ id, year, amount, limit }: a key figure (figure_api.cpp).
int l_figure(lua_State* L);
// Reads field `field` of the table at index 1 as an exact amount of kronor:
// a Lua integer within ±2^53 (the range every consumer keeps exact,
// money.hpp). Absent: false, or raises when `required`. `fn` ("report",
// "report.figure") starts the messages. report{ difference } and
// report.figure{ amount, limit } share it.
bool kronor_field(lua_State* L, const char* fn, const char* field, bool required, std::int64_t& out);
// Pushes the `report` object: callable as report{...}, with report.figure.
void push_report_object(lua_State* L);

}  // namespace budgetcheck::lua
