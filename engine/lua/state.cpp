#include "lua/state.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "lua/messages.hpp"
#include "lua/sandbox.hpp"
#include "rules/coverage.hpp"

namespace budgetcheck::lua {

void note_location(HostState* h, lua_State* L, int first_level) {
    lua_Debug ar;
    for (int level = first_level; lua_getstack(L, level, &ar); ++level) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && ar.source) {
            const char* src = ar.source[0] == '@' ? ar.source + 1 : ar.source;
            std::snprintf(h->error_source, sizeof h->error_source, "%s", src);
            h->error_line = ar.currentline;
            return;
        }
    }
}

namespace {


void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
    auto* h = static_cast<HostState*>(ud);
    const std::size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
    if (nsize == 0) {
        std::free(ptr);
        h->used -= old;
        return nullptr;
    }
    if (nsize > old && h->limited) {
        const bool over_cap = h->used - old + nsize > h->cap;
        const bool over_total = h->allocated + nsize > h->allocation_cap;
        if (over_cap || over_total) {
            if (over_cap) h->memory_refused = true;
            if (over_total) h->allocation_refused = true;
            if (h->L && h->error_line == 0) note_location(h, h->L, 0);
            return nullptr;  // Lua collects garbage and retries, then raises LUA_ERRMEM
        }
    }
    void* p = std::realloc(ptr, nsize);
    if (!p) return nsize <= old ? ptr : nullptr;  // Lua assumes shrinking never fails
    h->used = h->used - old + nsize;
    if (nsize > old) h->allocated += nsize;
    return p;
}

int panic(lua_State* L) {
    const char* msg = lua_tostring(L, -1);
    std::fprintf(stderr, "budgetcheck: unprotected Lua error: %s\n", msg ? msg : "?");
    std::abort();
}

// Coverage only: marks the line about to run. Never allocates, never raises.
void record_line(HostState* h, lua_State* L, lua_Debug* ar) {
    if (!lua_getinfo(L, "S", ar) || !ar->source || ar->currentline <= 0) return;
    if (ar->source != h->last_source) {
        h->last_source = nullptr;
        for (std::size_t i = 0; i < h->covered_sources.size(); ++i)
            if (h->covered_sources[i] == ar->source) {
                h->last_source = ar->source;
                h->last_file = i;
                break;
            }
        if (!h->last_source) return;  // not one of the rule or library files
    }
    std::vector<std::uint8_t>& hits = h->line_hits[h->last_file];
    const auto line = static_cast<std::size_t>(ar->currentline);
    if (line < hits.size()) hits[line] = 1;
}

void count_hook(lua_State* L, lua_Debug* ar) {
    HostState* h = state_of(L);
    if (ar->event == LUA_HOOKLINE) {
        record_line(h, L, ar);
        return;
    }
    if (!h->instructions_exhausted && h->instructions_left > 0) {
        const std::uint64_t next = std::min<std::uint64_t>(h->instructions_left, INT_MAX);
        h->instructions_left -= next;
        lua_sethook(L, count_hook, h->hook_mask, static_cast<int>(next));
        return;
    }
    h->instructions_exhausted = true;
    // From now on every instruction raises again, so pcall cannot swallow it.
    lua_sethook(L, count_hook, h->hook_mask, 1);
    lua_pushliteral(L, "the instruction budget ran out");
    lua_error(L);
}

}  // namespace

// Message handler of every protected call: remembers where the error was
// raised (the innermost Lua line) and makes sure the message is a string.
int message_handler(lua_State* L) {
    HostState* h = state_of(L);
    note_location(h, L, 1);
    const int t = lua_type(L, 1);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
        lua_settop(L, 1);
        return 1;
    }
    if (t == LUA_TNIL)
        lua_pushliteral(L, "error() was called without a message");
    else
        lua_pushfstring(L, "error() was called with a %s instead of a message", luaL_typename(L, 1));
    return 1;
}

void HostState::flush_coverage() {
    if (!limits.coverage) return;
    for (std::size_t i = 0; i < line_hits.size(); ++i) {
        limits.coverage->add_hits(covered_sources[i].substr(1), line_hits[i]);
        std::fill(line_hits[i].begin(), line_hits[i].end(), 0);
    }
}

// ---- protected calls -----------------------------------------------------------

void HostState::arm() {
    instructions_exhausted = false;
    memory_refused = false;
    allocation_refused = false;
    error_source[0] = '\0';
    error_line = 0;
    const std::size_t base = loaded ? baseline : used;
    cap = limits.memory_bytes > std::numeric_limits<std::size_t>::max() - base ? std::numeric_limits<std::size_t>::max()
                                                                               : base + limits.memory_bytes;
    allocated = 0;
    allocation_cap = limits.allocation_bytes;
    pattern_left = limits.pattern_steps;
    const std::uint64_t first = std::clamp<std::uint64_t>(limits.instructions, 1, INT_MAX);
    instructions_left = limits.instructions > first ? limits.instructions - first : 0;
    limited = true;
    lua_sethook(L, count_hook, hook_mask, static_cast<int>(first));
}

void HostState::disarm() {
    lua_sethook(L, nullptr, 0, 0);
    limited = false;
}

// Strips "file:line: " from a message when file is one of ours, and takes
// it as the location (the position error() itself names).
void HostState::locate(CallResult& r) const {
    if (error_line > 0) {
        r.file = error_source;
        r.line = error_line;
    }
    for (const Chunk& c : chunks) {
        const std::string& m = r.message;
        if (m.size() <= c.short_src.size() + 3 || m.compare(0, c.short_src.size(), c.short_src) != 0 ||
            m[c.short_src.size()] != ':')
            continue;
        std::size_t i = c.short_src.size() + 1;
        int line = 0;
        while (i < m.size() && m[i] >= '0' && m[i] <= '9' && line < 100'000'000) line = line * 10 + (m[i++] - '0');
        if (line == 0 || i + 1 >= m.size() || m[i] != ':' || m[i + 1] != ' ') continue;
        r.file = c.name;
        r.line = line;
        r.message = m.substr(i + 2);
        return;
    }
    // The message handler saw the chunk name, which may be a shortened form.
    for (const Chunk& c : chunks)
        if (r.file == c.short_src) r.file = c.name;
}

// Calls the function below `nargs` arguments on the stack under the limits.
HostState::CallResult HostState::call(int nargs, int nresults) {
    CallResult r;
    raised = false;
    const int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    arm();
    r.status = lua_pcall(L, nargs, nresults, base);
    disarm();
    lua_remove(L, base);
    r.instructions = instructions_exhausted;
    r.memory = memory_refused;
    r.allocation = allocation_refused;
    if (r.status == LUA_OK) {
        // A memory error the rule caught itself: free what it left behind.
        if (r.memory || r.allocation) lua_gc(L, LUA_GCCOLLECT);
        return r;
    }
    std::size_t len = 0;
    const char* msg = lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER ? lua_tolstring(L, -1, &len)
                                                                                        : nullptr;
    r.message = msg ? std::string(msg, len) : "unknown error";
    // The Swedish text only when the error value is still the one raise()
    // made last; a rule may have caught that one and failed otherwise since.
    const bool ours = msg && raised && len == raised_size && fingerprint(msg, len) == raised_hash;
    lua_pop(L, 1);
    locate(r);
    r.message_sv = r.message;
    if (ours && r.message.size() >= raised_en_size)
        r.message_sv.replace(r.message.size() - raised_en_size, raised_en_size, raised_sv, raised_sv_size);
    raised = false;
    if (r.status == LUA_ERRMEM || r.instructions || r.memory || r.allocation) lua_gc(L, LUA_GCCOLLECT);
    return r;
}

// Sets up the sandbox: runs l_setup (sandbox.cpp) under the limits of a load.
bool HostState::create_state(std::vector<InputError>& errors) {
    L = lua_newstate(allocate, this);
    if (!L) {
        errors.push_back(InputError{"", 0, 0, "rule.engine",
                                    {"Lua-miljön kunde inte skapas (minnet räckte inte)",
                                     "could not create the Lua state (out of memory)"},
                                    {}});
        return false;
    }
    *static_cast<HostState**>(lua_getextraspace(L)) = this;
    lua_atpanic(L, panic);
    lua_pushcfunction(L, l_setup);
    const CallResult r = call(0, 0);
    if (r.status != LUA_OK) {
        errors.push_back(InputError{"", 0, 0, "rule.engine",
                                    {"Lua-sandlådan för reglerna kunde inte sättas upp: " + r.message_sv,
                                     "could not set up the Lua sandbox: " + r.message},
                                    {}});
        return false;
    }
    return true;
}

}  // namespace budgetcheck::lua
