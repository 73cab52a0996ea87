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

// Marks a text cut to a limit (a finding's texts, a raised error's Swedish text).
inline constexpr std::string_view kEllipsis = "\u2026";

// A finding's message (each language), expected and actual are cut to this
// many bytes, on a character boundary, with "…" at the end: a rule cannot
// fill a report with one 60 MB message.
inline constexpr std::size_t kMaxFindingTextBytes = 4096;

// Every limit applies to one rule run (one call of a rule's `check`), and to
// the top level of each rule and library file when it is loaded.
struct RuleLimits {
    // Lua VM instructions (count hook). Exhausted: every further instruction
    // raises again, so pcall cannot swallow it.
    std::uint64_t instructions = 20'000'000;
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
    // Not a limit but instrumentation: when set, every host loaded with these
    // limits records which lines of each rule and library file ran (a line
    // hook, installed only then) into this shared, thread-safe collector.
    // Null (the default) costs nothing.
    std::shared_ptr<Coverage> coverage;
};

// A text of a finding as it leaves the host: valid UTF-8 whatever the rule
// wrote (every report format embeds it; bad bytes become U+FFFD), at most
// kMaxFindingTextBytes long.
std::string finding_text(std::string_view text);

}  // namespace budgetcheck::rules
