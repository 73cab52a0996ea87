// The Lua rule host: compiles KF policy rules (Lua 5.4, written by central
// finance) once, and runs them in a sandbox against one submission at a time.
//
// This is the only part of budgetcheck that includes Lua headers. Nothing
// here throws; every problem comes back as a value (InputError at load time,
// an `engine.rule-error` Finding at run time). docs/rule-api.md is the rule
// author's side of this interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"

namespace budgetcheck::lua {

// Every limit applies to one rule run (one call of a rule's `check`), and to
// the top level of each rule and library file when it is loaded.
class Coverage;

// A finding's message (each language), expected and actual are cut to this
// many bytes, on a character boundary, with "…" at the end: a rule cannot
// fill a report with one 60 MB message.
inline constexpr std::size_t kMaxFindingTextBytes = 4096;

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

// Line coverage of the rule and library files (`budgetcheck test --coverage`).
// Executable lines are the lines that carry Lua instructions, taken from the
// compiled functions' line information (every nested function included, the
// dead implicit `return` after an explicit one left out), so comments and
// blank lines never count.
class Coverage {
public:
    struct File {
        std::string name;                     // "rules/investment/within-frame.lua"
        std::vector<std::uint32_t> executable;  // sorted
        std::vector<std::uint32_t> hit;         // sorted, a subset of executable
        double percent() const;                 // 100 when nothing is executable
        // "12-14, 40": executable lines that never ran, as ranges
        std::string missed_ranges() const;
    };
    // Every file any host loaded, sorted by name.
    std::vector<File> files() const;

    // For the hosts.
    void set_executable(const std::string& file, std::vector<std::uint32_t> lines);
    void add_hits(const std::string& file, const std::vector<std::uint8_t>& hit_by_line);

private:
    struct Data {
        std::vector<std::uint32_t> executable;
        std::vector<std::uint8_t> hit;  // by line number
    };
    mutable std::mutex mutex_;
    std::map<std::string, Data> files_;
};

// The id a rule file declares (`id = "group.name"`), found in its text
// without running it, or "" — so a broken rule can be skipped by its id.
std::string declared_rule_id(std::string_view text);

struct SourceText {
    std::string name;  // as shown in messages, e.g. "rules/investment/within-frame.lua"
    std::string text;
};

struct RuleSource {
    std::string decision;  // "KF 2023-06-13 § 222"
    std::string quote;     // the words of the decision the rule enforces
    std::string document;  // seed document id, e.g. "002"
};

struct RuleInfo {
    std::string id;
    Message title;
    Severity severity = Severity::Error;
    RuleSource source;
    std::vector<std::string> applies_to;  // empty: every funding kind
    std::string file;
    Message explain;  // what it checks, why, how to fix ("" when not given)
};

// Exact integer kronor of the values the schema marked as money, sorted by
// value id (json::Value::id()).
using MoneyValues = std::vector<std::pair<std::uint32_t, std::int64_t>>;

struct DocumentInput {
    const json::Document* document = nullptr;
    const MoneyValues* money = nullptr;  // may be null: no money values
};

struct RunOptions {
    // "appropriation" or "revenue"; rules whose applies_to excludes it are
    // skipped. Empty: every rule runs.
    std::string funding;
    std::vector<std::string> skip_rules;  // rule ids not to run
};

// Rule ids the host itself reports under.
inline constexpr const char* kRuleErrorId = "engine.rule-error";          // a rule failed (error)
inline constexpr const char* kFindingsCappedId = "engine.findings-capped";  // notice: findings dropped

class RuleHost {
public:
    // Compiles every library (in order) and every rule once. All problems are
    // collected, not only the first: InputError with file, line, a stable
    // code ("rule.syntax", "rule.missing-field", ...), a message a rule
    // author can act on (Swedish and English; Lua's own error text inside it
    // as Lua wrote it), and the offending line as snippet.
    static std::variant<RuleHost, std::vector<InputError>> load(std::vector<SourceText> libraries,
                                                                std::vector<SourceText> rules,
                                                                RuleLimits limits = {});

    RuleHost(RuleHost&&) noexcept;
    RuleHost& operator=(RuleHost&&) noexcept;
    RuleHost(const RuleHost&) = delete;
    RuleHost& operator=(const RuleHost&) = delete;
    ~RuleHost();

    // In the order the rule files were given.
    const std::vector<RuleInfo>& rules() const;
    const RuleLimits& limits() const;

    // Converts the submission and the policy once, runs every applicable rule
    // and returns the findings in rule order, then report order (not sorted).
    // Findings reported by a rule carry the pointer as given plus the line
    // and column of the value it resolves to (or of its nearest existing
    // ancestor). A failing rule yields exactly one `engine.rule-error`
    // finding (pointer "", line 0) instead of its findings.
    // Not thread-safe: one RuleHost per thread.
    std::vector<Finding> run(DocumentInput submission, DocumentInput policy, const RunOptions& options = {});

    // Bytes currently held by the Lua state (for tests and diagnostics).
    std::size_t memory_in_use() const;

    struct Impl;

private:
    explicit RuleHost(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace budgetcheck::lua
