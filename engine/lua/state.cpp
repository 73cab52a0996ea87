#include "lua/state.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>

#include "lua/charges.hpp"
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

// The count hook fires every this many instructions (or fewer when the
// budget is nearly spent) and checks the CPU deadline there. With strings
// at most 1 MiB and 10 000 values per call, 4 096 instructions are well
// under a second of work however heavy each one is (docs/limits.md).
constexpr std::uint64_t kHookInterval = 4096;

std::uint64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

void count_hook(lua_State* L, lua_Debug* ar);

// Spends the budget: from now on every instruction raises again, so pcall
// cannot swallow it. Safe inside the allocator (lua_sethook only sets fields).
void exhaust(HostState* h) {
    h->instructions_exhausted = true;
    h->instructions_left = 0;
    lua_sethook(h->L, count_hook, h->hook_mask, 1);
}

// A full collection Lua ran at the memory limit walked the whole heap: it is
// charged, whether the retry after it found room or not (a pcall loop at the
// cap would otherwise force one after another for free). Its cost is not
// shown in the failure: the live heap varies with what earlier runs left
// (failure.cpp words a charged_cost of 0 without an amount).
[[gnu::noinline]] void charge_collection(HostState* h) {
    if (h->limited && h->L && !h->instructions_exhausted && !h->charge(1 + h->used / kBytesPerInstruction)) {
        h->charged_by = "a full garbage collection at the memory limit";
        h->charged_cost = 0;
    }
}

// A growth the limits refuse (rare, so out of the allocator's fast path):
// records why and where, and returns nullptr.
[[gnu::noinline]] void* refuse(HostState* h, std::size_t nsize, bool over_cap, bool over_total, bool over_string) {
    if (over_cap) h->memory_refused = true;
    if (over_total) h->allocation_refused = true;
    if (over_string) {
        h->string_refused = true;
        h->string_refused_bytes = nsize - h->string_overhead;
    }
    // Where this refusal happened: a memory error reaches the host
    // without the message handler, so the last refusal is its line.
    if (h->L) note_location(h, h->L, 0);
    // Lua now runs a full collection and retries once, then raises
    // LUA_ERRMEM. A retry refused again is a failed allocation: its
    // collection walked the whole heap for nothing, so it is charged
    // (a pcall loop at the cap cannot force one after another for free);
    // a retry that succeeds is charged in allocate.
    const bool retry = h->refused_size == nsize;
    h->refused_size = nsize;
    if (retry) charge_collection(h);
    return nullptr;
}


void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
    auto* h = static_cast<HostState*>(ud);
    const std::size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
    if (nsize == 0) {
        h->pool.release(ptr, old);
        h->used -= old;
        return nullptr;
    }
    const bool grows = nsize > old;
    if (grows && h->converting) {
        // The host's document: its own bound, never the rule's (state.hpp).
        // Once refused, a conversion a rule's pcall cut short has left
        // `converting` set: nothing more is allocated in this run's rule.
        const std::size_t documents = h->document_bytes[0] + h->document_bytes[1];
        if (h->document_refused || documents + (nsize - old) > h->limits.document_memory_bytes) {
            h->document_refused = true;
            return nullptr;
        }
    } else if (grows && h->limited) {
        const bool over_cap = h->used - old + nsize > h->cap + h->document_bytes[0] + h->document_bytes[1];
        const bool over_total = h->allocated + nsize > h->allocation_cap;
        // A new string (ptr NULL, osize its type tag) longer than a rule may make.
        const bool string = !ptr && osize == LUA_TSTRING && h->sandbox_ready;
        const bool over_string = string && nsize > h->string_overhead + h->limits.string_bytes &&
                                 nsize - h->string_overhead != h->host_string_bytes;
        if (over_cap || over_total || over_string) return refuse(h, nsize, over_cap, over_total, over_string);
    }
    void* p = h->pool.resize(ptr, old, nsize);
    if (!p) return nsize <= old ? ptr : nullptr;  // Lua assumes shrinking never fails
    if (grows && h->refused_size != 0) {
        if (h->refused_size == nsize) charge_collection(h);  // the retry found room
        h->refused_size = 0;
    }
    if (!ptr && osize == LUA_TSTRING && nsize - h->string_overhead == h->host_string_bytes)
        h->host_string_bytes = kNoHostString;  // one exemption per push
    h->used = h->used - old + nsize;
    if (grows && h->converting)
        h->document_bytes[h->converting - 1] += nsize - old;
    else if (grows)
        h->allocated += nsize;
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
    if (!h->instructions_exhausted && !h->cpu_exceeded) {
        if (h->limits.cpu_ms > 0 && thread_cpu_ns() > h->cpu_deadline_ns) {
            h->cpu_exceeded = true;
        } else if (h->instructions_left > 0) {
            const std::uint64_t next = std::min<std::uint64_t>(h->instructions_left, kHookInterval);
            h->instructions_left -= next;
            // Lua re-arms a count hook by itself; lua_sethook walks every
            // active call frame (settraps), too slow to do 4 096 instructions
            // apart inside a deep recursion. Only the last, shorter count is set.
            if (next != h->hook_count) {
                h->hook_count = next;
                lua_sethook(L, count_hook, h->hook_mask, static_cast<int>(next));
            }
            return;
        }
    }
    if (h->cpu_exceeded) {
        lua_sethook(L, count_hook, h->hook_mask, 1);
        lua_pushliteral(L, "the CPU time limit was reached");
    } else {
        exhaust(h);
        lua_pushliteral(L, "the instruction budget ran out");
    }
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

namespace {

std::size_t capped_sum(std::size_t a, std::size_t b) {
    return b > std::numeric_limits<std::size_t>::max() - a ? std::numeric_limits<std::size_t>::max() : a + b;
}

}  // namespace

void HostState::arm() {
    instructions_exhausted = false;
    memory_refused = false;
    allocation_refused = false;
    string_refused = false;
    string_refused_bytes = 0;
    host_string_bytes = kNoHostString;
    charged_by = nullptr;
    charged_cost = 0;
    cpu_exceeded = false;
    error_source[0] = '\0';
    error_line = 0;
    if (loaded) {
        cap = capped_sum(baseline, limits.memory_bytes);
    } else {
        // Loading: what a file's top level holds stays for the host's life,
        // so one file may add load_memory_per_file, all of them load_memory_total.
        const std::size_t file_cap = capped_sum(used, std::min(limits.load_memory_per_file, limits.memory_bytes));
        const std::size_t total_cap = capped_sum(load_start, limits.load_memory_total);
        load_cap_is_total = total_cap < file_cap;
        cap = std::min(file_cap, total_cap);
    }
    allocated = 0;
    allocation_cap = limits.allocation_bytes;
    pattern_left = limits.pattern_steps;
    const std::uint64_t budget = limits.instruction_budget(run_values);
    const std::uint64_t first = std::clamp<std::uint64_t>(budget, 1, kHookInterval);
    instructions_left = budget > first ? budget - first : 0;
    // Scaled with the budget; capped where nanoseconds would overflow.
    const std::uint64_t cpu_ms = std::min<std::uint64_t>(limits.cpu_ms_for(run_values), std::uint64_t{1} << 40);
    cpu_deadline_ns = cpu_ms > 0 ? thread_cpu_ns() + cpu_ms * 1'000'000u : 0;
    limited = true;
    hook_count = first;
    lua_sethook(L, count_hook, hook_mask, static_cast<int>(first));
}

bool HostState::charge(std::uint64_t cost) {
    if (instructions_exhausted) return false;
    if (cost <= instructions_left) {
        instructions_left -= cost;
        return true;
    }
    exhaust(this);
    return false;
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
    end_conversion();  // an error raised while converting skipped its end
    lua_remove(L, base);
    r.instructions = instructions_exhausted;
    r.cpu = cpu_exceeded;
    r.charged_by = charged_by;
    r.charged_cost = charged_cost;
    r.string_bytes = string_refused ? string_refused_bytes : 0;
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
    // An error message is kept like a finding's text: error() with a long
    // string would otherwise be copied into every report.
    r.message = rules::finding_text(r.message);
    r.message_sv = rules::finding_text(r.message_sv);
    if (r.status == LUA_ERRMEM || r.instructions || r.cpu || r.memory || r.allocation) lua_gc(L, LUA_GCCOLLECT);
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
    {
        // What one string of known length costs in memory (limits off: cannot raise).
        const std::size_t before = used;
        char probe[100] = {};
        lua_pushlstring(L, probe, sizeof probe);  // long enough not to be interned
        string_overhead = used - before - sizeof probe;
        lua_pop(L, 1);
    }
    load_start = used;
    lua_pushcfunction(L, l_setup);
    const CallResult r = call(0, 0);
    sandbox_ready = true;  // the sandbox's own strings are not a rule's
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
