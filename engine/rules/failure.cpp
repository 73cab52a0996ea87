#include "rules/failure.hpp"

#include "rules/diagnostics.hpp"

namespace budgetcheck::rules {

namespace {

// What stopped a rule of `kind`; for Error the error's own text with a hint.
Message reason_of(FailureKind kind, const RuleLimits& limits, const Message& error) {
    switch (kind) {
        case FailureKind::Instructions:
            return {"instruktionsbudgeten (" + grouped(limits.instructions, ' ') + ") tog slut (en oändlig loop?)",
                    "the instruction budget (" + grouped(limits.instructions, ',') + ") ran out (an endless loop?)"};
        case FailureKind::Allocation:
            return {"regeln allokerade mer än " + mib(limits.allocation_bytes, true) +
                        " minne totalt (t.ex. en sträng som byggs upp bit för bit)",
                    "the rule allocated more than " + mib(limits.allocation_bytes, false) +
                        " in total (e.g. a string built up piece by piece)"};
        case FailureKind::Memory:
            return {"minnesgränsen (" + mib(limits.memory_bytes, true) + ") nåddes",
                    "the memory limit (" + mib(limits.memory_bytes, false) + ") was reached"};
        case FailureKind::StackOverflow:
            // Lua's own text, in English in both languages (it names the C stack or the Lua stack).
            return {"för djup rekursion (stack overflow): " + error.en,
                    "recursion too deep (stack overflow): " + error.en};
        case FailureKind::Error:
            break;
    }
    const Message hint = runtime_hint(error.en);
    return {error.sv + hint.sv, error.en + hint.en};
}

// The first name Lua's message quotes ('x'), or "".
std::string first_quoted(const std::string& text) {
    const std::size_t open = text.find('\'');
    if (open == std::string::npos) return {};
    const std::size_t close = text.find('\'', open + 1);
    return close == std::string::npos ? std::string() : text.substr(open + 1, close - open - 1);
}

}  // namespace

std::string_view kind_name(FailureKind kind) {
    switch (kind) {
        case FailureKind::Error: return "error";
        case FailureKind::Instructions: return "instructions";
        case FailureKind::Memory: return "memory";
        case FailureKind::Allocation: return "allocation";
        case FailureKind::StackOverflow: return "stack-overflow";
    }
    return "error";
}

RuleFailure make_failure(const std::string& rule, std::string file, std::uint32_t line, FailureKind kind,
                         const RuleLimits& limits, const Message& error) {
    RuleFailure f{rule, std::move(file), line, kind, reason_of(kind, limits, error), {}};
    if (kind == FailureKind::Error) f.subject = first_quoted(error.en);
    return f;
}

Message failure_message(const RuleFailure& failure) {
    const std::string where = failure.file + (failure.line > 0 ? ":" + std::to_string(failure.line) : "");
    const bool error = failure.kind == FailureKind::Error;
    return Message{"Regeln " + failure.rule + " (" + where + ") avbröts: " + (error ? "fel i regeln: " : "") +
                       failure.reason.sv,
                   "Rule " + failure.rule + " (" + where + ") was stopped: " + (error ? "error in the rule: " : "") +
                       failure.reason.en};
}

Finding to_finding(const RuleFailure& failure) {
    Finding f;
    f.rule_id = kRuleErrorId;
    f.severity = Severity::Error;
    f.message = failure_message(failure);
    return f;
}

Finding findings_capped(const std::string& rule, std::uint64_t reported, std::size_t kept) {
    const std::uint64_t dropped = reported - kept;
    Finding f;
    f.rule_id = kFindingsCappedId;
    f.severity = Severity::Notice;
    f.message = Message{"Regeln " + rule + " rapporterade " + grouped(reported, ' ') + " fynd; " +
                            (kept == 1 ? "det första" : "de första " + grouped(kept, ' ')) + " visas och " +
                            grouped(dropped, ' ') + " utelämnades",
                        "Rule " + rule + " reported " + grouped(reported, ',') +
                            (reported == 1 ? " finding" : " findings") + "; the first " +
                            (kept == 1 ? "is" : grouped(kept, ',') + " are") + " shown and " + grouped(dropped, ',') +
                            (dropped == 1 ? " was" : " were") + " left out"};
    return f;
}

}  // namespace budgetcheck::rules
