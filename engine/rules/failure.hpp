// A rule that failed (raised, or hit a limit) as a value, and the findings
// the host reports about rules. Today a failure leaves the host as one
// `engine.rule-error` finding (to_finding); the fields are here so that
// reporters and check-rules can read them directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

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
};

struct RuleFailure {
    std::string rule;        // rule id
    std::string file;        // where it stopped (the rule's file when unknown)
    std::uint32_t line = 0;  // 0: unknown
    FailureKind kind = FailureKind::Error;
    Message reason;          // what stopped it, for people
};

// The reason text of a failure of `kind`; `error` is the error's own
// message (Swedish when the host raised it, else Lua's English).
Message failure_reason(FailureKind kind, const RuleLimits& limits, const Message& error);

// The `engine.rule-error` finding for a failure:
// "Rule ID (file:line) was stopped: reason".
Finding to_finding(const RuleFailure& failure);

// The `engine.findings-capped` notice: `reported` findings, the first `kept` shown.
Finding findings_capped(const std::string& rule, std::uint64_t reported, std::size_t kept);

}  // namespace budgetcheck::rules
