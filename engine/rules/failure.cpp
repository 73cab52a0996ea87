#include "rules/failure.hpp"

#include "rules/diagnostics.hpp"

namespace budgetcheck::rules {

namespace {

// The few charged things whose name is not a Lua function name.
std::string what_sv(const std::string& what) {
    if (what == "a full garbage collection at the memory limit") return "en full skräpsamling vid minnesgränsen";
    return what;
}

// The first name Lua's message quotes ('x'), or "".
std::string first_quoted(const std::string& text) {
    const std::size_t open = text.find('\'');
    if (open == std::string::npos) return {};
    const std::size_t close = text.find('\'', open + 1);
    return close == std::string::npos ? std::string() : text.substr(open + 1, close - open - 1);
}

// "20 000 000" or, when the budget grew with the document, "20 000 000 +
// 50 × 1 200 000 värden" (English: "20,000,000 + 50 × 1,200,000 values").
Message budget_text(const RuleLimits& limits, std::uint64_t values) {
    Message m{grouped(limits.instructions, ' '), grouped(limits.instructions, ',')};
    if (values == 0 || limits.instructions_per_value == 0) return m;
    m.sv += " + " + grouped(limits.instructions_per_value, ' ') + " × " + grouped(values, ' ') + " värden";
    m.en += " + " + grouped(limits.instructions_per_value, ',') + " × " + grouped(values, ',') + " values";
    return m;
}

}  // namespace

Message failure_reason(FailureKind kind, const RuleLimits& limits, const Message& error,
                       const FailureDetail& detail) {
    switch (kind) {
        case FailureKind::Instructions: {
            const Message budget = budget_text(limits, detail.values);
            // A forced collection costs the live heap, which depends on what
            // earlier rules and files left in the host: its amount (0 here)
            // is not shown, so --jobs 1 and 2 word the failure alike.
            if (!detail.what.empty() && detail.amount == 0)
                return {"instruktionsbudgeten (" + budget.sv + ") tog slut: " + what_sv(detail.what) +
                            " (arbete i C räknas också)",
                        "the instruction budget (" + budget.en + ") ran out: " + detail.what +
                            " (work done in C counts too)"};
            if (!detail.what.empty())
                return {"instruktionsbudgeten (" + budget.sv + ") tog slut: " + what_sv(detail.what) +
                            " skulle kosta " + grouped(detail.amount, ' ') + " till (arbete i C räknas också)",
                        "the instruction budget (" + budget.en + ") ran out: " + detail.what + " would cost " +
                            grouped(detail.amount, ',') + " more (work done in C counts too)"};
            return {"instruktionsbudgeten (" + budget.sv + ") tog slut (en oändlig loop?)",
                    "the instruction budget (" + budget.en + ") ran out (an endless loop?)"};
        }
        case FailureKind::Allocation:
            return {"regeln allokerade mer än " + mib(limits.allocation_bytes, true) +
                        " minne totalt (t.ex. en sträng som byggs upp bit för bit)",
                    "the rule allocated more than " + mib(limits.allocation_bytes, false) +
                        " in total (e.g. a string built up piece by piece)"};
        case FailureKind::Memory:
            return {"minnesgränsen (" + mib(limits.memory_bytes, true) + ") nåddes",
                    "the memory limit (" + mib(limits.memory_bytes, false) + ") was reached"};
        case FailureKind::CpuTime: {
            const std::uint64_t ms = limits.cpu_ms_for(detail.values);
            if (ms == limits.cpu_ms)
                return {"CPU-tidsgränsen (" + grouped(ms, ' ') + " ms) nåddes",
                        "the CPU time limit (" + grouped(ms, ',') + " ms) was reached"};
            const Message budget = budget_text(limits, detail.values);
            return {"CPU-tidsgränsen (" + grouped(ms, ' ') + " ms: " + grouped(limits.cpu_ms, ' ') +
                        " ms, skalad som instruktionsbudgeten " + budget.sv + ") nåddes",
                    "the CPU time limit (" + grouped(ms, ',') + " ms: " + grouped(limits.cpu_ms, ',') +
                        " ms, scaled like the instruction budget " + budget.en + ") was reached"};
        }
        case FailureKind::StringSize:
            return {"en text på " + grouped(detail.amount, ' ') + " byte skulle bli längre än gränsen för en text (" +
                        mib(limits.string_bytes, true) + ")",
                    "a string of " + grouped(detail.amount, ',') +
                        " bytes would be longer than the limit for one string (" + mib(limits.string_bytes, false) +
                        ")"};
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

std::string_view kind_name(FailureKind kind) {
    switch (kind) {
        case FailureKind::Error: return "error";
        case FailureKind::Instructions: return "instructions";
        case FailureKind::Memory: return "memory";
        case FailureKind::Allocation: return "allocation";
        case FailureKind::StackOverflow: return "stack-overflow";
        case FailureKind::CpuTime: return "cpu-time";
        case FailureKind::StringSize: return "string-size";
    }
    return "error";
}

RuleFailure make_failure(const std::string& rule, std::string file, std::uint32_t line, FailureKind kind,
                         const RuleLimits& limits, const Message& error, const FailureDetail& detail) {
    RuleFailure f{rule, std::move(file), line, kind, failure_reason(kind, limits, error, detail), {}};
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
