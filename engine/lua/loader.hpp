// Loading the rule and library files into a host's state: compile each
// file, run its top level under the limits in a fresh _ENV, make a library
// a read-only global named after its file, read a rule's table (the field
// checks are in rule_table.cpp). Every problem becomes an InputError with
// file, line, column and the offending line; loading goes on to collect them all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "findings.hpp"
#include "lua/state.hpp"
#include "rules/inputs.hpp"

namespace budgetcheck::lua {

class Loader {
public:
    Loader(HostState& h, std::vector<InputError>& errors) : h_(h), L(h.L), errors_(errors) {}

    // Libraries: each becomes a read-only global named after the file.
    void load_library(const rules::SourceText& file);
    // Rules (rule_table.cpp): a rule whose table has no problem joins h.rules.
    void load_rule(const rules::SourceText& file);

    // `token`: what the caret should point at in the line (else its first
    // non-blank character; or `column`, a byte column, when known).
    void error_at(const rules::SourceText& file, std::uint32_t line, std::string code, Message message,
                  std::string_view token = {}, std::uint32_t column = 0);

private:
    // Compiles and runs one file's top level in a fresh environment. On
    // success leaves the returned value on the stack and returns true.
    bool run_file(const rules::SourceText& file, const char* kind);
    // Coverage only: the file's executable lines and its hit counters.
    void register_coverage(const rules::SourceText& file, const std::string& chunkname);

    HostState& h_;
    lua_State* L;
    std::vector<InputError>& errors_;
    std::unordered_map<std::string, std::string> ids_;  // rule id -> file
};

// Raw field access (never runs metamethods, never raises with limits off).
int raw_field(lua_State* L, int table, const char* field);
std::string to_string_at(lua_State* L, int idx);

}  // namespace budgetcheck::lua
