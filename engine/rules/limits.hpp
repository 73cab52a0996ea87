// The limits a rule run is held to, and the cap on a finding's texts. Plain
// values: the Lua layer enforces them (engine/lua/state.cpp: instructions,
// memory, allocation; guarded_functions.cpp: patterns; report_api.cpp: findings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace budgetcheck::rules {

class Coverage;
class FieldNames;

// Marks a text cut to a limit (a finding's texts, a raised error's Swedish text).
inline constexpr std::string_view kEllipsis = "\u2026";

// A finding's message (each language), expected and actual are cut to this
// many bytes, on a character boundary, with "…" at the end: a rule cannot
// fill a report with one 60 MB message.
inline constexpr std::size_t kMaxFindingTextBytes = 4096;

// The texts and pointers of the findings one rule run keeps add up to at
// most this many bytes; later findings are counted as left out, like those
// past --max-findings-per-rule. 1 000 findings of 4 texts of 4 KiB made 16 MiB
// per rule and file, which SARIF and HTML keep for the whole run (12 files:
// 754 MB). The samples' largest is 8 KB (23 findings); 1 000 such findings
// are 340 KB.
inline constexpr std::size_t kMaxFindingsTextBytes = 1u << 20;

// A JSON Pointer a rule gives report{} (`at` as text, or with a `key`) is at
// most this long: every kept finding holds its pointer, and resolving it is
// work done after the rule returned.
inline constexpr std::size_t kMaxPointerBytes = 4096;

// Converted to Lua values a document takes several times its JSON size (a
// proxy, a data table and a metatable per object or array read, its keys
// table when iterated). The host's bound for documents is this many bytes
// per byte of the input-size limit: room for any document the parser
// accepts to be read whole, yet a bound.
inline constexpr std::size_t kDocumentMemoryPerInputByte = 16;

// See RuleLimits::instructions_per_value.
inline constexpr std::uint64_t kDefaultInstructionsPerValue = 250;

// Every limit applies to one rule run (one call of a rule's `check`), and to
// the top level of each rule and library file when it is loaded.
struct RuleLimits {
    // Lua VM instructions (count hook). Exhausted: every further instruction
    // raises again, so pcall cannot swallow it.
    std::uint64_t instructions = 20'000'000;
    // ... plus this many per JSON value of the submission (containers,
    // keys' values and scalars alike): a rule that reads every row of a
    // legitimately large submission needs work in proportion to it, so a
    // budget fixed for a typical file would blame the rule for the board's
    // document (issue 12 item 6). The effective budget is
    // instruction_budget(values); the CPU-time deadline scales with it.
    // Default from measurement (docs/limits.md): the heaviest shipped rule
    // needs about 1/4 of it per value.
    std::uint64_t instructions_per_value = kDefaultInstructionsPerValue;
    // Live memory the rule may add to the Lua state (custom allocator).
    std::size_t memory_bytes = 64u << 20;
    // Bytes the rule may allocate in total, freed or not. Bounds the time of
    // work done in C (a `s = s .. "x"` loop copies quadratically without
    // ever holding much live memory).
    std::uint64_t allocation_bytes = 512ull << 20;
    std::size_t findings_per_rule = 1000;
    // string.find/match/gmatch/gsub refuse longer subjects.
    std::size_t pattern_subject_bytes = 100'000;
    // Worst-case matcher steps (estimated before each find/match/gmatch/gsub
    // from the pattern and the subject) a rule may spend; pattern matching
    // runs in C where the instruction budget cannot see it.
    std::uint64_t pattern_steps = 100'000'000;
    // Thread CPU time of one rule run, checked from the count hook: the
    // backstop for work no charge sees (engine/lua/charges.hpp). 0: none.
    std::uint64_t cpu_ms = 10'000;
    // Longest string a rule may make (the document's strings are the
    // host's). Bounds the work of one VM instruction: `==`, `<` and `..` on
    // strings run over the whole string.
    std::size_t string_bytes = 1u << 20;
    // Values one call of table.unpack, string.byte, utf8.codepoint or
    // string.unpack may return: copying an argument list is one VM
    // instruction too.
    std::uint64_t results_per_call = 10'000;
    // Memory one rule or library file may hold while its top level runs
    // (what it keeps stays for the host's life), and all of them together.
    std::size_t load_memory_per_file = 16u << 20;
    std::size_t load_memory_total = 64u << 20;
    // Memory the submission and the policy pack may take together once
    // converted to Lua values (lazily, as rules read them). They are the
    // host's, not a rule's: not counted against memory_bytes or
    // allocation_bytes. Over it the run stops with a host error (input
    // error, exit 2). 0: kDocumentMemoryPerInputByte times the input-size
    // limit (the engine's json::ParseLimits::max_bytes; for a host loaded
    // on its own, the default 64 MiB).
    std::size_t document_memory_bytes = 0;
    // Not a limit but instrumentation: when set, every host loaded with these
    // limits records which lines of each rule and library file ran (a line
    // hook, installed only then) into this shared, thread-safe collector.
    // Null (the default) costs nothing.
    std::shared_ptr<Coverage> coverage;
    // Not a limit but an author check (check-rules, test): when set, a rule
    // that reads a member the submission's / policy's schema does not define
    // fails, naming the closest defined name (engine/lua/field_check.cpp).
    // Null in validate and serve, where a missing optional field is normal.
    std::shared_ptr<const FieldNames> submission_fields, policy_fields;

    // The instruction budget of a rule run on a submission of `values` JSON
    // values: instructions + instructions_per_value x values (saturating).
    std::uint64_t instruction_budget(std::uint64_t values) const;
    // The CPU-time deadline of that run: cpu_ms scaled by the same factor
    // (instruction_budget(values) / instructions); 0 when cpu_ms is 0.
    std::uint64_t cpu_ms_for(std::uint64_t values) const;
};

// A text of a finding as it leaves the host: valid UTF-8 whatever the rule
// wrote (every report format embeds it; bad bytes become U+FFFD), at most
// kMaxFindingTextBytes long.
std::string finding_text(std::string_view text);

}  // namespace budgetcheck::rules
