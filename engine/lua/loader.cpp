#include "lua/loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "json/parse_messages.hpp"
#include "lua/chunk.hpp"
#include "lua/instances.hpp"
#include "lua/messages.hpp"
#include "lua/readonly.hpp"
#include "lua/sandbox.hpp"
#include "rules/coverage.hpp"
#include "rules/diagnostics.hpp"
#include "rules/failure.hpp"

namespace budgetcheck::lua {

using namespace budgetcheck::rules;

namespace {

// Why a file's top level failed, for the load error.
Message load_failure(const HostState& h, const HostState::CallResult& r) {
    const RuleLimits& limits = h.limits;
    if (r.cpu) return failure_reason(FailureKind::CpuTime, limits, {});
    if (r.instructions && r.charged_by)
        return failure_reason(FailureKind::Instructions, limits, {}, FailureDetail{r.charged_by, r.charged_cost});
    if (r.instructions) return {"instruktionsbudgeten tog slut", "it ran out of its instruction budget"};
    if (r.status == LUA_ERRMEM && r.string_bytes > 0)
        return failure_reason(FailureKind::StringSize, limits, {}, FailureDetail{"", r.string_bytes});
    if (r.status == LUA_ERRMEM && r.memory && h.load_cap_is_total)
        return {"regel- och biblioteksfilerna håller tillsammans mer än " + mib(limits.load_memory_total, true) +
                    " (minnesgränsen för alla filer som en värd laddar)",
                "the rule and library files together keep more than " + mib(limits.load_memory_total, false) +
                    " (the memory limit of all files loaded by one host)"};
    if (r.status == LUA_ERRMEM && r.memory)
        return {"den behöver mer än " + mib(std::min(limits.load_memory_per_file, limits.memory_bytes), true) +
                    " (minnesgränsen för en fil medan den laddas)",
                "it needs more than " + mib(std::min(limits.load_memory_per_file, limits.memory_bytes), false) +
                    " (the memory limit of one file while it loads)"};
    if (r.status == LUA_ERRMEM) return {"minnet tog slut", "it ran out of memory"};
    return {r.message_sv, r.message};
}

bool is_identifier(std::string_view s) {
    static constexpr std::array<std::string_view, 22> keywords = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"};
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return std::find(keywords.begin(), keywords.end(), s) == keywords.end();
}

// Lua's reader, handing over one line at a time and counting them.
struct LineReader {
    std::string_view text;
    std::uint32_t lines = 0;
};

const char* read_line(lua_State*, void* data, std::size_t* size) {
    auto* r = static_cast<LineReader*>(data);
    if (r->text.empty()) {
        *size = 0;
        return nullptr;
    }
    const std::size_t end = std::min(r->text.find('\n'), r->text.size() - 1) + 1;
    const char* line = r->text.data();
    *size = end;
    r->text.remove_prefix(end);
    ++r->lines;
    return line;
}

// The line the parser had reached when it failed with a message that names no
// line (nesting deeper than Lua's C stack allows: "C stack overflow"). Loading
// again with a reader that hands over one line at a time stops at the same
// token; the last line handed over holds it. 0 when the second load succeeds.
std::uint32_t line_reached(lua_State* L, std::string_view text, const std::string& chunkname) {
    LineReader reader{text};
    const int status = lua_load(L, read_line, &reader, chunkname.c_str(), "t");
    lua_pop(L, 1);
    return status == LUA_OK ? 0 : reader.lines;
}

}  // namespace

int raw_field(lua_State* L, int table, const char* field) {
    table = lua_absindex(L, table);
    lua_pushstring(L, field);
    return lua_rawget(L, table);
}

std::string to_string_at(lua_State* L, int idx) {
    std::size_t len = 0;
    const char* s = lua_tolstring(L, idx, &len);
    return std::string(s, len);
}

void Loader::error_at(const SourceText& file, std::uint32_t line, std::string code, Message message,
                      std::string_view token, std::uint32_t column) {
    const std::string_view text = line_of(file.text, line);
    if (column == 0) column = column_of(text, token);
    errors_.push_back(InputError{file.name, line, code_point_column(text, column), std::move(code), std::move(message),
                                 json::error_snippet(text)});
}

void Loader::register_coverage(const SourceText& file, const std::string& chunkname) {
    auto lines = executable_lines(L);
    // Hit flags by line, sized now so that the line hook never allocates.
    const std::size_t size =
        std::max<std::size_t>(lines.empty() ? 0 : lines.back() + 1,
                              static_cast<std::size_t>(std::count(file.text.begin(), file.text.end(), '\n')) + 2);
    h_.limits.coverage->set_executable(file.name, std::move(lines));
    h_.covered_sources.push_back(chunkname);
    h_.line_hits.emplace_back(size, 0);
    h_.last_source = nullptr;
}

bool Loader::run_file(const SourceText& file, const char* kind) {
    h_.chunks.push_back(Chunk{short_src_of(file.name), file.name});
    const std::string& short_src = h_.chunks.back().short_src;
    if (!file.text.empty() && file.text[0] == LUA_SIGNATURE[0]) {
        error_at(file, 0, std::string(kind) + ".bytecode",
                 {"filen är kompilerad Lua-bytekod; bara Lua-källkod i klartext godtas",
                  "the file is compiled Lua bytecode; only plain Lua source text is accepted"});
        return false;
    }
    // Saved as UTF-16 or UTF-32 (Notepad's "Unicode"): said as such, like a
    // submission, not as Lua's "unexpected symbol near '<\255>'".
    if (const std::string_view encoding = json::messages::foreign_encoding(file.text); !encoding.empty()) {
        error_at(file, 0, std::string(kind) + ".encoding", json::messages::wrong_encoding(encoding));
        return false;
    }
    const std::string chunkname = "@" + file.name;
    // A UTF-8 byte order mark (Windows editors write one) is not Lua; the
    // lines are the same without it.
    const std::size_t bom = file.text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const int status =
        luaL_loadbufferx(L, file.text.data() + bom, file.text.size() - bom, chunkname.c_str(), "t");
    if (status != LUA_OK) {
        const std::string msg = lua_type(L, -1) == LUA_TSTRING ? to_string_at(L, -1) : "cannot compile";
        lua_pop(L, 1);
        if (status == LUA_ERRMEM) {
            error_at(file, 0, std::string(kind) + ".load-error",
                     {"minnet tog slut när filen kompilerades", "out of memory while compiling the file"});
            return false;
        }
        std::uint32_t line = 0;
        std::string rest;
        split_compile_error(msg, short_src, line, rest);
        if (line == 0)
            line = line_reached(L, std::string_view(file.text).substr(bom), chunkname);
        const SyntaxLocation where = locate_syntax_error(file.text, line, rest);
        error_at(file, where.line, std::string(kind) + ".syntax", where.message, {}, where.column);
        return false;
    }
    if (h_.limits.coverage) register_coverage(file, chunkname);
    // Kept to run again for every file (instances.hpp); released on failure.
    lua_pushvalue(L, -1);
    const int chunk = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushcfunction(L, l_new_env);
    lua_call(L, 0, 1);  // cannot fail: limits are off (real out-of-memory panics)
    lua_setupvalue(L, -2, 1);  // the chunk's first upvalue is its _ENV
    const int top = lua_gettop(L) - 1;
    lua_gc(L, LUA_GCCOLLECT);  // the file's memory limit counts from what is live
    const HostState::CallResult r = h_.call(0, LUA_MULTRET);
    if (r.status != LUA_OK) {
        const Message reason = load_failure(h_, r);
        const std::string& reason_sv = reason.sv;
        const std::string& reason_en = reason.en;
        const std::uint32_t line = r.file == file.name ? static_cast<std::uint32_t>(r.line) : 0;
        const std::string at = r.file + ":" + std::to_string(r.line);
        const bool here = r.file.empty() || r.file == file.name;
        error_at(file, line, std::string(kind) + ".load-error",
                 {"filen kunde inte laddas: " + reason_sv + (here ? "" : " (på " + at + ")"),
                  "the file failed while loading: " + reason_en + (here ? "" : " (at " + at + ")")});
        lua_settop(L, top);
        luaL_unref(L, LUA_REGISTRYINDEX, chunk);
        return false;
    }
    if (lua_gettop(L) != top + 1 || lua_type(L, -1) != LUA_TTABLE) {
        const std::uint32_t line = line_of_return(file.text);
        const bool none = lua_gettop(L) == top;
        error_at(file, line, std::string(kind) + ".not-a-table",
                 {std::string("filen ska sluta med 'return { ... }' som ger en tabell, men den returnerade ") +
                      (none ? "ingenting" : type_for_humans(L, top + 1, true)),
                  std::string("the file must end with 'return { ... }' giving a table, but it returned ") +
                      (none ? "nothing" : type_for_humans(L, top + 1))});
        lua_settop(L, top);
        luaL_unref(L, LUA_REGISTRYINDEX, chunk);
        return false;
    }
    chunk_ref_ = chunk;
    return true;
}

void Loader::load_library(const SourceText& file) {
    std::string base = file.name.substr(file.name.find_last_of("/\\") == std::string::npos
                                            ? 0
                                            : file.name.find_last_of("/\\") + 1);
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".lua") == 0) base.resize(base.size() - 4);
    if (!is_identifier(base)) {
        error_at(file, 0, "library.bad-name",
                 {"bibliotekets filnamn '" + base +
                      "' kan inte bli ett globalt namn; använd bara a–z, A–Z, siffror och '_' (t.ex. budget.lua)",
                  "the library's file name '" + base +
                      "' cannot be a global name; name it with letters, digits and '_' only (e.g. budget.lua)"});
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, h_.builtins_ref);
    const bool taken = raw_field(L, -1, base.c_str()) != LUA_TNIL;
    lua_pop(L, 2);
    if (taken) {
        error_at(file, 0, "library.bad-name",
                 {"biblioteksnamnet '" + base +
                      "' används redan av en inbyggd funktion eller ett annat bibliotek; byt namn på filen",
                  "the library name '" + base +
                      "' is already taken by a built-in or another library; rename the file"});
        return;
    }
    if (!run_file(file, "library")) return;
    // Run once per host, then sealed (instances.hpp): the compiled chunk is not needed again.
    luaL_unref(L, LUA_REGISTRYINDEX, take_chunk());
    h_.libraries.push_back(LibraryRecord{base});
    lua_pushcfunction(L, l_seal_library);
    lua_insert(L, -2);
    lua_pushfstring(L, "biblioteket '%s' är skrivskyddat", base.c_str());
    lua_pushfstring(L, "the library '%s' is read-only", base.c_str());
    const HostState::CallResult r = h_.call(3, 1);
    if (r.status != LUA_OK) {
        error_at(file, 0, "library.load-error",
                 {"biblioteket kunde inte göras skrivskyddat: " + r.message_sv,
                  "could not make the library read-only: " + r.message});
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, h_.builtins_ref);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, base.c_str());
    lua_pop(L, 2);
}

}  // namespace budgetcheck::lua
