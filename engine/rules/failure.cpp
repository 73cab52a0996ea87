#include "rules/failure.hpp"

#include "rules/diagnostics.hpp"

namespace budgetcheck::rules {

Message failure_reason(FailureKind kind, const RuleLimits& limits, const Message& error) {
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
    return {"fel i regeln: " + error.sv + hint.sv, "error in the rule: " + error.en + hint.en};
}

Finding to_finding(const RuleFailure& failure) {
    const std::string where = failure.file + (failure.line > 0 ? ":" + std::to_string(failure.line) : "");
    Finding f;
    f.rule_id = kRuleErrorId;
    f.severity = Severity::Error;
    f.message = Message{"Regeln " + failure.rule + " (" + where + ") avbröts: " + failure.reason.sv,
                        "Rule " + failure.rule + " (" + where + ") was stopped: " + failure.reason.en};
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
