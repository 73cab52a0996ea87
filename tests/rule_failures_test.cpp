// Issue 12 items 8 and 9 on the host: a rule that raises or hits a limit
// comes back as a RuleFailure value {rule, file, line, kind, reason} beside
// the other rules' findings; every report reads those fields (exit 2 is
// checked in tests/cli/rule_failures.sh).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "output/reporter.hpp"

using namespace budgetcheck;
using lua::RuleHost;
using rules::SourceText;

namespace {

std::string rule(const std::string& id, const std::string& body) {
    return "return {\n  id = \"" + id + "\",\n  title = { sv = \"T\", en = \"T\" },\n  severity = \"error\",\n"
           "  check = function(submission, policy, report)\n" + body + "\n  end,\n}\n";
}

const SourceText kGood{"rules/good.lua", rule("test.good", "    report{ at = '/a', sv = 'bra', en = 'good' }")};

rules::RunResult run_with(const SourceText& bad, rules::RuleLimits limits = {},
                          std::vector<SourceText> libraries = {}) {
    auto loaded = RuleHost::load(std::move(libraries), {bad, kGood}, limits);
    if (auto* errors = std::get_if<std::vector<InputError>>(&loaded)) {
        for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.message.en);
        FAIL("did not load");
    }
    auto& host = std::get<RuleHost>(loaded);
    auto parsed = json::parse(R"({"a": 1})");
    REQUIRE(parsed.document);
    rules::RunResult result = host.run({parsed.document.get(), nullptr}, {}, {});
    // The good rule after the failing one is untouched.
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].rule_id == "test.good");
    CHECK(result.findings[0].message.en == "good");
    return result;
}

}  // namespace

TEST_CASE("a rule that raises is a failure with its rule, file, line, kind, reason and subject") {
    const auto result = run_with({"rules/bad.lua", rule("test.bad", "    local x = nil\n    return x.field")});
    REQUIRE(result.failures.size() == 1);
    const rules::RuleFailure& f = result.failures[0];
    CHECK(f.rule == "test.bad");
    CHECK(f.file == "rules/bad.lua");
    CHECK(f.line == 7);
    CHECK(f.kind == rules::FailureKind::Error);
    CHECK(f.subject == "x");
    CHECK(f.reason.en ==
          "attempt to index a nil value (local 'x') — 'x' does not exist (nil) here, so nothing can be read from it. "
          "Check the spelling against the submission format (docs/format.md) or the policy pack, or test it first: "
          "if x ~= nil then ... end");
    CHECK(rules::failure_message(f).en == "Rule test.bad (rules/bad.lua:7) was stopped: error in the rule: " + f.reason.en);
    CHECK(rules::failure_message(f).sv == "Regeln test.bad (rules/bad.lua:7) avbröts: fel i regeln: " + f.reason.sv);
    CHECK(rules::kind_name(f.kind) == "error");
}

TEST_CASE("a rule that hits a limit is a failure of that kind, the limit its reason") {
    rules::RuleLimits limits;
    limits.instructions = 100000;  // enough for the good rule after it (report{} is charged too)
    const auto loop = run_with({"rules/bad.lua", rule("test.bad", "    while true do end")}, limits);
    REQUIRE(loop.failures.size() == 1);
    CHECK(loop.failures[0].kind == rules::FailureKind::Instructions);
    CHECK(loop.failures[0].line == 6);
    CHECK(loop.failures[0].subject.empty());
    CHECK(loop.failures[0].reason.en == "the instruction budget (100,000 + 250 × 2 values) ran out (an endless loop?)");
    CHECK(loop.failures[0].reason.sv == "instruktionsbudgeten (100 000 + 250 × 2 värden) tog slut (en oändlig loop?)");
    CHECK(rules::failure_message(loop.failures[0]).en ==
          "Rule test.bad (rules/bad.lua:6) was stopped: the instruction budget (100,000 + 250 × 2 values) ran out (an endless loop?)");
    CHECK(rules::kind_name(loop.failures[0].kind) == "instructions");

    rules::RuleLimits memory;
    memory.memory_bytes = 1u << 20;
    const auto hog = run_with({"rules/bad.lua", rule("test.bad", "    local t = {}\n    while true do t[#t + 1] = {} end")},
                              memory);
    REQUIRE(hog.failures.size() == 1);
    CHECK(hog.failures[0].kind == rules::FailureKind::Memory);
    CHECK(hog.failures[0].reason.en == "the memory limit (1 MiB) was reached");
    CHECK(rules::kind_name(hog.failures[0].kind) == "memory");
}

TEST_CASE("a failure inside a library names the library's file and line") {
    const SourceText lib{"rules/lib/helpers.lua", "local helpers = {}\nfunction helpers.boom()\n  error('kaputt')\nend\nreturn helpers\n"};
    const auto result = run_with({"rules/bad.lua", rule("test.bad", "    helpers.boom()")}, {}, {lib});
    REQUIRE(result.failures.size() == 1);
    CHECK(result.failures[0].rule == "test.bad");
    CHECK(result.failures[0].file == "rules/lib/helpers.lua");
    CHECK(result.failures[0].line == 3);
    CHECK(result.failures[0].reason.en == "kaputt");
}

TEST_CASE("a rule failure fails the file and makes the exit code 2, whatever --fail-on says") {
    FileReport file;
    file.file = "x.json";
    output::RunReport run;
    run.files.push_back(file);
    run.fail_on = output::FailOn::Never;
    CHECK(output::exit_code(run) == 0);
    run.files[0].rule_failures.push_back(rules::RuleFailure{"test.bad", "rules/bad.lua", 7, rules::FailureKind::Error,
                                                            {"fel", "error"}, {}});
    CHECK(output::file_fails(run.files[0], output::FailOn::Never));
    CHECK(output::exit_code(run) == 2);
}

TEST_CASE("the instruction budget and the CPU-time limit grow with the submission's values") {
    rules::RuleLimits limits;
    limits.instructions = 20'000'000;
    limits.instructions_per_value = 50;
    limits.cpu_ms = 10'000;
    CHECK(limits.instruction_budget(0) == 20'000'000);
    CHECK(limits.instruction_budget(1'200'000) == 80'000'000);
    CHECK(limits.cpu_ms_for(0) == 10'000);
    CHECK(limits.cpu_ms_for(1'200'000) == 40'000);  // 10 000 ms × 80 000 000 / 20 000 000
    CHECK(limits.instruction_budget(UINT64_MAX / 10) == UINT64_MAX);  // saturates, never wraps
    CHECK(limits.cpu_ms_for(UINT64_MAX / 10) == 9'223'372'036'854'775);  // 10 000 ms × (2^64 − 1) / 20 000 000
    limits.cpu_ms = 0;  // no CPU limit stays none
    CHECK(limits.cpu_ms_for(1'200'000) == 0);

    // The failure states the effective budget and how it was made.
    limits.cpu_ms = 10'000;
    const rules::FailureDetail grown{"", 0, 1'200'000};
    const Message loop = rules::failure_reason(rules::FailureKind::Instructions, limits, {}, grown);
    CHECK(loop.en == "the instruction budget (20,000,000 + 50 × 1,200,000 values) ran out (an endless loop?)");
    CHECK(loop.sv == "instruktionsbudgeten (20 000 000 + 50 × 1 200 000 värden) tog slut (en oändlig loop?)");
    const Message charged = rules::failure_reason(rules::FailureKind::Instructions, limits, {},
                                                  rules::FailureDetail{"table.sort", 7, 1'200'000});
    CHECK(charged.en == "the instruction budget (20,000,000 + 50 × 1,200,000 values) ran out: table.sort would cost "
                        "7 more (work done in C counts too)");
    const Message cpu = rules::failure_reason(rules::FailureKind::CpuTime, limits, {}, grown);
    CHECK(cpu.en == "the CPU time limit (40,000 ms: 10,000 ms, scaled like the instruction budget 20,000,000 + 50 × "
                    "1,200,000 values) was reached");
    CHECK(cpu.sv == "CPU-tidsgränsen (40 000 ms: 10 000 ms, skalad som instruktionsbudgeten 20 000 000 + 50 × "
                    "1 200 000 värden) nåddes");
    // No values (a file's top level while loading) or no allowance: the plain limit.
    CHECK(rules::failure_reason(rules::FailureKind::Instructions, limits, {}).en ==
          "the instruction budget (20,000,000) ran out (an endless loop?)");
    CHECK(rules::failure_reason(rules::FailureKind::CpuTime, limits, {}).en ==
          "the CPU time limit (10,000 ms) was reached");
    limits.instructions_per_value = 0;
    CHECK(rules::failure_reason(rules::FailureKind::Instructions, limits, {}, grown).en ==
          "the instruction budget (20,000,000) ran out (an endless loop?)");
    CHECK(rules::failure_reason(rules::FailureKind::CpuTime, limits, {}, grown).en ==
          "the CPU time limit (10,000 ms) was reached");
}
