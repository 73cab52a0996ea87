// A rule that failed (raised, or hit a limit) as a value, and the findings
// the host reports about rules. A failure is central finance's broken
// configuration, not a fault in the board's budget: it travels beside the
// findings (FileReport::rule_failures), makes the run exit 2, and every
// reporter and check-rules read its fields; nothing parses its text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"
#include "rules/limits.hpp"

namespace budgetcheck::rules {

// Rule ids the host itself reports under.
inline constexpr const char* kRuleErrorId = "engine.rule-error";          // a rule failed (error)
inline constexpr const char* kFindingsCappedId = "engine.findings-capped";  // notice: findings dropped

enum class FailureKind {
    Error,          // the rule raised an error (error(), a bad argument, a host check)
    Instructions,   // the instruction budget ran out
    Memory,         // the live memory limit was reached
    Allocation,     // the total allocation budget ran out
    StackOverflow,  // recursion too deep
    CpuTime,        // the CPU time limit was reached
    StringSize,     // a string longer than a rule may make
};

// What a limit was hit with, when the reason names it: the built-in
// function whose work in C the instruction budget no longer covered and its
// cost (Instructions), or the refused string's length (StringSize).
struct FailureDetail {
    std::string what;
    std::uint64_t amount = 0;
    // JSON values of the submission the run had: the instruction budget and
    // the CPU-time limit grew with them (RuleLimits::instruction_budget), and
    // the reason states how. 0: a load, or no document.
    std::uint64_t values = 0;
};

struct RuleFailure {
    std::string rule;        // rule id
    std::string file;        // where it stopped (the rule's file when unknown)
    std::uint32_t line = 0;  // 0: unknown
    FailureKind kind = FailureKind::Error;
    // What stopped it, for people: for Error the error's own text and a
    // hint ("attempt to index a nil value (field 'x') — 'x' does not
    // exist …"), for a limit the limit ("the memory limit (64 MiB) was reached").
    Message reason;
    // The name the error is about, as Lua quoted it ("x" above), or "": where
    // check-rules puts its caret on the line.
    std::string subject;
};

// "error", "instructions", "memory", "allocation", "stack-overflow",
// "cpu-time", "string-size": the
// kind in machine-readable reports (schemas/report.schema.json).
std::string_view kind_name(FailureKind kind);

// The reason text of a failure of `kind`; `error` is the error's own
// message (Swedish when the host raised it, else Lua's English).
Message failure_reason(FailureKind kind, const RuleLimits& limits, const Message& error,
                       const FailureDetail& detail = {});

// The failure of rule `rule` (its file when the error names no other) of
// `kind`; `error` is the error's own message (Swedish when the host raised
// it, else Lua's English).
RuleFailure make_failure(const std::string& rule, std::string file, std::uint32_t line, FailureKind kind,
                         const RuleLimits& limits, const Message& error, const FailureDetail& detail = {});

// The sentence every report shows: "Rule ID (file:line) was stopped: error
// in the rule: reason" (the kind's words instead of "error in the rule" for
// a limit), Swedish and English.
Message failure_message(const RuleFailure& failure);

// The failure as an `engine.rule-error` finding with failure_message: for
// rule test cases, whose expectations are findings.
Finding to_finding(const RuleFailure& failure);

// What one run of the rules gives: the findings of the rules that ran to the
// end, in rule order then report order, and the rules that failed, in rule order.
struct RunResult {
    std::vector<Finding> findings;
    std::vector<RuleFailure> failures;
    // The key figures of the rules that ran to the end (report.figure{}).
    std::vector<KeyFigure> figures;
    // The host itself could not run the rules to the end (the documents did
    // not fit in RuleLimits::document_memory_bytes): an input error on the
    // file (exit 2) that no rule is blamed for; `file` is left to the caller.
    std::vector<InputError> errors;
};

// The `engine.findings-capped` notice: `reported` findings, the first `kept` shown.
Finding findings_capped(const std::string& rule, std::uint64_t reported, std::size_t kept);

}  // namespace budgetcheck::rules
