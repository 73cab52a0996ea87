// The state of one rule host: the Lua state, its allocator accounting,
// the limits and hooks of the protected call in progress, and the run in
// progress. Every C function registered in the sandbox reaches it through
// the Lua state's extra space (state_of).
//
// Error discipline: Debian's liblua5.4 is C and reports errors with longjmp.
// No C function registered by engine/lua keeps a C++ object with a
// destructor alive across a Lua call that can raise: they use string_views
// into Lua strings, fixed buffers and members of HostState, and build C++
// values inside try blocks that end before any lua_error. C++ code outside
// Lua's protected calls touches Lua only through functions that cannot raise
// (raw access, pushes with memory limits off).
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "lua/block_pool.hpp"
#include "lua/chunk.hpp"
#include "rules/inputs.hpp"
#include "rules/limits.hpp"
#include "rules/rule_info.hpp"

namespace budgetcheck::lua {

// The two documents of a run, by index.
inline constexpr std::uint32_t kSubmission = 0;
inline constexpr std::uint32_t kPolicy = 1;

// A finding report{} accepted, kept until the rule returns.
struct PendingFinding {
    std::string pointer;
    std::int64_t node = -1;  // the submission value when known directly
    std::int64_t located = -1;  // else: the value `pointer` names, or its nearest existing ancestor
    std::optional<Severity> severity;  // none: the rule's own
    Message message;
    std::optional<int> year;
    std::optional<std::string> expected;
    std::optional<std::string> actual;
    std::optional<std::int64_t> difference;  // kronor, actual − expected
};

// A loaded rule: its metadata and its compiled chunk (a registry
// reference), run again for every rule run (instances.hpp).
struct RuleRecord {
    rules::RuleInfo info;
    int chunk_ref = LUA_NOREF;
};

// A loaded library: the global name it gets (run once, then sealed: instances.hpp).
struct LibraryRecord {
    std::string name;
};

inline constexpr std::size_t kNoHostString = static_cast<std::size_t>(-1);

struct HostState {
    lua_State* L = nullptr;
    rules::RuleLimits limits;

    // Allocator accounting (whole state).
    BlockPool pool;  // where the blocks come from (block_pool.hpp); outlives L
    std::size_t used = 0;
    std::size_t baseline = 0;  // after loading: the cap is baseline + memory_bytes
    bool loaded = false;
    bool limited = false;
    std::size_t cap = 0;
    std::uint64_t allocated = 0;
    std::uint64_t allocation_cap = 0;
    bool memory_refused = false;
    bool allocation_refused = false;
    // A string longer than limits.string_bytes refused (allocator), and its length.
    std::size_t refused_size = 0;  // the last refused allocation, until one succeeds
    bool string_refused = false;
    std::size_t string_refused_bytes = 0;
    // Bytes Lua adds to a string's length in its one allocation (measured
    // once in create_state), so the string cap is exact.
    std::size_t string_overhead = 0;
    // The length of a document string being pushed (push_document_string):
    // the host's, not one the rule made, so exempt from the string cap.
    std::size_t host_string_bytes = kNoHostString;
    bool sandbox_ready = false;  // l_setup has run: strings made from now on are the rules'
    // The documents converted to Lua values belong to the host, not to the
    // rule that happened to read a part first (issue 12 item 6): while part
    // of document d is converted (converting = d + 1, see begin_conversion),
    // its allocations count in document_bytes[d], are held to
    // limits.document_memory_bytes (both documents together) and are left
    // out of the rule's memory cap and allocation total, whose cap grows by
    // them. Over the limit: document_refused, a host error for the run.
    std::uint32_t converting = 0;
    std::size_t document_bytes[2] = {0, 0};
    bool document_refused = false;
    // While loading: the memory cap is the file's and the total's.
    std::size_t load_start = 0;   // memory in use when the sandbox was set up
    bool load_cap_is_total = false;

    // JSON values of the submission of the run in progress (0 outside a
    // run): the instruction budget and CPU deadline grow with them
    // (RuleLimits::instruction_budget).
    std::uint64_t run_values = 0;

    // The protected call in progress.
    bool instructions_exhausted = false;
    std::uint64_t instructions_left = 0;  // beyond the hook's current count
    std::uint64_t hook_count = 0;         // the count the hook is set to
    // Work done in C (charges.hpp) that the budget no longer covered: what,
    // and its cost. Static strings.
    const char* charged_by = nullptr;
    std::uint64_t charged_cost = 0;
    // The CPU deadline (thread CPU time, ns) and whether it passed.
    std::uint64_t cpu_deadline_ns = 0;
    bool cpu_exceeded = false;
    std::uint64_t pattern_left = 0;
    char error_source[256] = {};
    int error_line = 0;
    // The last error raise() made in this call: the Swedish text it keeps
    // beside the English error value, and a fingerprint of that value (so a
    // later, different error, e.g. after a pcall caught this one, does not
    // get the Swedish text). Fixed size: raise() must not allocate.
    bool raised = false;
    std::uint64_t raised_hash = 0;
    std::size_t raised_size = 0;     // of the whole error value, "file:line: " included
    std::size_t raised_en_size = 0;  // of the English text after the prefix
    char raised_sv[2048] = {};
    std::size_t raised_sv_size = 0;

    // The run in progress.
    const json::Document* documents[2] = {nullptr, nullptr};
    const rules::MoneyValues* money[2] = {nullptr, nullptr};
    // Per document: changes whenever it is another document, so values of an
    // earlier one refuse to be read. A kept document (DocumentInput::keep)
    // keeps its generation, its converted root and its document_bytes from
    // run to run.
    std::uint64_t generation[2] = {0, 0};
    std::shared_ptr<const json::Document> kept[2];
    int kept_root_ref[2] = {LUA_NOREF, LUA_NOREF};
    bool in_rule = false;
    std::vector<PendingFinding> pending;
    std::vector<KeyFigure> pending_figures;  // report.figure{} of the rule running, kept like `pending`
    std::vector<KeyFigure> figures;          // of the rules of this run that ran to the end
    std::uint64_t reported = 0;
    std::size_t pending_bytes = 0;  // texts and pointers of `pending` (rules::kMaxFindingsTextBytes)
    std::string scratch;

    std::vector<RuleRecord> rules;
    std::vector<LibraryRecord> libraries;  // in load order
    std::vector<rules::RuleInfo> infos;
    std::vector<Chunk> chunks;

    // The libraries' upvalues as loading left them (instances.cpp).
    int sealed_ref = LUA_NOREF;
    std::size_t sealed_count = 0;

    int builtins_ref = LUA_NOREF;
    int env_mt_ref = LUA_NOREF;
    int null_ref = LUA_NOREF;
    int report_ref = LUA_NOREF;  // the `report` object: callable, with report.figure
    int readonly_ref[2] = {LUA_NOREF, LUA_NOREF};  // __newindex of submission / policy nodes
    int lazy_mt_ref[2] = {LUA_NOREF, LUA_NOREF};   // metatable of unread submission / policy values

    // Line coverage (only when limits.coverage is set): per loaded file its
    // chunk name ("@rules/x.lua") and a hit flag per line, sized at load so
    // the line hook never allocates; flushed into limits.coverage.
    int hook_mask = LUA_MASKCOUNT;
    std::vector<std::string> covered_sources;
    std::vector<std::vector<std::uint8_t>> line_hits;
    const char* last_source = nullptr;  // cache: the source string of the last line event
    std::size_t last_file = 0;
    void flush_coverage();

    HostState() = default;
    HostState(const HostState&) = delete;
    HostState& operator=(const HostState&) = delete;
    ~HostState() {
        if (L) lua_close(L);
    }

    struct CallResult {
        int status = LUA_OK;
        bool instructions = false;
        bool cpu = false;         // the CPU time limit
        const char* charged_by = nullptr;  // C work the budget did not cover
        std::uint64_t charged_cost = 0;
        std::size_t string_bytes = 0;  // a string over the string cap, when refused
        bool memory = false;      // live memory cap
        bool allocation = false;  // total allocation budget
        std::string message;
        std::string message_sv;  // message in Swedish when the host raised it, else the same as message
        std::string file;  // where the error was raised, when known
        int line = 0;
    };

    // Creates the Lua state and the sandbox (sandbox.cpp); false with an error.
    bool create_state(std::vector<InputError>& errors);
    // Brackets the conversion of a part of document `doc` (no Lua error may
    // pass between them except one call() ends with: it ends the conversion too).
    void begin_conversion(std::uint32_t doc) { converting = doc + 1; }
    void end_conversion() { converting = 0; }
    // Sets the limits for one protected call / lifts them.
    void arm();
    void disarm();
    // Debits `cost` instructions of work done in C; false (and the budget
    // spent: every further instruction raises) when it does not cover it.
    bool charge(std::uint64_t cost);
    // Calls the function below `nargs` arguments on the stack under the limits.
    CallResult call(int nargs, int nresults);
    // Strips "file:line: " from a message when file is one of ours, and takes
    // it as the location (the position error() itself names).
    void locate(CallResult& r) const;
};

inline HostState* state_of(lua_State* L) { return *static_cast<HostState**>(lua_getextraspace(L)); }

// Message handler of every protected call: remembers where the error was
// raised (the innermost Lua line) and makes sure the message is a string.
int message_handler(lua_State* L);

// Remembers the innermost Lua line at or above `first_level` as where the
// error of the call in progress was raised.
void note_location(HostState* h, lua_State* L, int first_level);

}  // namespace budgetcheck::lua
