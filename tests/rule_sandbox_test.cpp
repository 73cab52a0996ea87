// Issue 12, items 1, 2, 4, 5 and 7: a rule cannot crash or stall the run.
// Every attack is a rule given as a string to the host, run between two
// good rules (whose findings must stay exact), twice. That each attack is
// bounded shows in the failure's kind (the host's own CPU deadline and
// instruction budget stop it; a real hang is CTest's timeout), never in a
// timed assertion. What rule_host_test.cpp already covers (endless loops,
// patterns, memory) is not repeated.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
using lua::RuleHost;
using rules::SourceText;

namespace {

struct Doc {
    std::unique_ptr<const json::Document> document;
    rules::MoneyValues money;
    rules::DocumentInput input() const { return {document.get(), &money}; }
};

Doc parse(std::string text) {
    auto r = json::parse(std::move(text));
    REQUIRE(r.document);
    return Doc{std::move(r.document), {}};
}

const char* kSubmission = R"({"areas": [{"name": "Stab"}, {"name": "Ekonomi"}], "a": {"b": 1}})";

// A rule file; the body starts on line 6.
std::string rule(const std::string& id, const std::string& body) {
    return "return {\n"
           "  id = \"" + id + "\",\n"
           "  title = { sv = \"Titel\", en = \"Title\" },\n"
           "  severity = \"error\",\n"
           "  check = function(submission, policy, report)\n" +
           body + "\n  end,\n}\n";
}

const SourceText kGood{"rules/good.lua", rule("good.after",
                                               "    for _, a in ipairs(submission.areas) do\n"
                                               "      report{ at = a, key = 'name', sv = a.name, en = a.name }\n"
                                               "    end")};

RuleHost load_ok(std::vector<SourceText> rules, rules::RuleLimits limits = {}) {
    auto r = RuleHost::load({}, std::move(rules), limits);
    if (auto* errors = std::get_if<std::vector<InputError>>(&r)) {
        for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.code << ": " << e.message.en);
        FAIL("the rules did not load");
    }
    return std::move(std::get<RuleHost>(r));
}

struct Stopped {
    std::string en, sv;
};

// A finding's text without what depends on the heap: for a rule error, the
// rule and what stopped it ("the instruction budget (…) ran out"), not the
// line or a cost.
std::string stable(const Finding& f) {
    const std::string& en = f.message.en;
    if (f.rule_id != "engine.rule-error") return en;
    const std::size_t stopped = en.find("was stopped: ");
    if (stopped == std::string::npos) return en;
    const std::size_t end = en.find(':', stopped + 13);
    return en.substr(0, en.find(" (")) + " | " + en.substr(stopped, end == std::string::npos ? std::string::npos : end - stopped);
}

// Runs the hostile rule (then a good one) twice on the same host; returns
// the hostile rule's single rule error, or its findings' texts.
std::vector<Finding> run_rule(const std::string& body, rules::RuleLimits limits = {}) {
    RuleHost host = load_ok({{"rules/bad.lua", rule("test.bad", body)}, kGood}, limits);
    const Doc sub = parse(kSubmission);
    std::vector<Finding> first;
    for (int round = 0; round < 2; ++round) {
        rules::RunResult result = host.run(sub.input(), {}, {});
        auto& findings = result.findings;
        REQUIRE(findings.size() >= 2);
        const Finding& b = findings[findings.size() - 1];
        const Finding& a = findings[findings.size() - 2];
        CHECK(a.rule_id == "good.after");
        CHECK(a.location.pointer == "/areas/0/name");
        CHECK(a.message.en == "Stab");
        CHECK(b.location.pointer == "/areas/1/name");
        findings.resize(findings.size() - 2);
        // The hostile rule's failure, as the finding every report shows for it.
        for (const auto& failure : result.failures) findings.push_back(rules::to_finding(failure));
        if (round == 0) first = findings;
        else {
            REQUIRE(findings.size() == first.size());
            // The same failure each round; where a rule at the memory cap stops
            // (its line, the collection's cost) depends on the heap it met.
            for (std::size_t i = 0; i < first.size(); ++i) CHECK(stable(findings[i]) == stable(first[i]));
        }
    }
    return first;
}

Stopped stopped(const std::string& body, rules::RuleLimits limits = {}) {
    const auto own = run_rule(body, limits);
    REQUIRE(own.size() == 1);
    CHECK(own[0].rule_id == "engine.rule-error");
    CHECK(own[0].location.pointer == "");
    return {own[0].message.en, own[0].message.sv};
}

bool has(const std::string& haystack, const std::string& needle) {
    const bool found = haystack.find(needle) != std::string::npos;
    if (!found) MESSAGE("'" << needle << "' not in: " << haystack);
    return found;
}

constexpr const char* kFill900k = "    local t = {} for i = 1, 900000 do t[i] = i end\n";

}  // namespace

// ---- 1. the Lua stack --------------------------------------------------------

// table.unpack, string.byte, utf8.codepoint and string.unpack return at
// most 10 000 values per call (RuleLimits::results_per_call); these tests
// lift that to reach the stack's own limit.
rules::RuleLimits many_results() {
    rules::RuleLimits limits;
    limits.results_per_call = 1'000'000;
    return limits;
}

TEST_CASE("one call returns at most 10 000 values") {
    CHECK(stopped(std::string(kFill900k) + "    local n = select('#', table.unpack(t))").en ==
          "Rule test.bad (rules/bad.lua:7) was stopped: error in the rule: table.unpack: 900000 values are more than "
          "one call may return (10000)");
    CHECK(has(stopped("    local n = select('#', string.byte(('x'):rep(20000), 1, -1))").en,
              "string.byte: 20000 values are more than one call may return (10000)"));
    CHECK(has(stopped("    local n = select('#', utf8.codepoint(('x'):rep(20000), 1, -1))").en,
              "utf8.codepoint: 20000 values are more than one call may return (10000)"));
    CHECK(has(stopped("    local n = select('#', string.unpack(('b'):rep(20000), ('x'):rep(20000)))").en,
              "string.unpack: 20001 values are more than one call may return (10000)"));
    const auto own = run_rule("    local t = {} for i = 1, 10000 do t[i] = i end\n"
                              "    report{ at = '', sv = tostring(select('#', table.unpack(t))), en = 'e' }");
    REQUIRE(own.size() == 1);
    CHECK(own[0].message.sv == "10000");
}

TEST_CASE("xpcall with 900 000 arguments fails cleanly instead of overflowing the Lua stack") {
    const Stopped s = stopped(std::string(kFill900k) +
                                  "    xpcall(function(...) return select('#', ...) end, print, table.unpack(t))",
                              many_results());
    CHECK(s.en == "Rule test.bad (rules/bad.lua:7) was stopped: error in the rule: xpcall: 900000 arguments are too "
                  "many for the Lua stack");
    CHECK(s.sv == "Regeln test.bad (rules/bad.lua:7) avbröts: fel i regeln: xpcall: 900000 argument är för många "
                  "för Lua-stacken");
    // Fewer arguments still work, and the results come back whole.
    const auto own = run_rule("    local t = {} for i = 1, 300000 do t[i] = i end\n"
                              "    local r = table.pack(xpcall(function(...) return ... end, print, table.unpack(t)))\n"
                              "    report{ at = '', sv = tostring(r.n), en = tostring(r[1]) .. ' ' .. r[r.n] }",
                              many_results());
    REQUIRE(own.size() == 1);
    CHECK(own[0].message.sv == "300001");
    CHECK(own[0].message.en == "true 300000");
}

TEST_CASE("every allowed function called with a stack-filling number of arguments fails cleanly or works") {
    // ~999 000 values fill the Lua stack (LUAI_MAXSTACK is 1 000 000): any
    // host function that pushes more than Lua's 20 guaranteed slots without
    // lua_checkstack would write past the stack here.
    for (const char* call :
         {"xpcall(print, print, table.unpack(t))", "pcall(print, table.unpack(t))", "select(2, table.unpack(t))",
          "select(-1, table.unpack(t))", "tostring(table.unpack(t))", "string.format('%d', table.unpack(t))",
          "string.char(table.unpack(t, 1, 1000))", "string.byte(('x'):rep(999000), 1, -1)",
          "utf8.codepoint(('x'):rep(999000), 1, -1)", "utf8.char(table.unpack(t))", "math.max(table.unpack(t))",
          "table.pack(table.unpack(t))", "string.find('x', 'x', 1, true, table.unpack(t))",
          "string.rep('x', 2, '', table.unpack(t))", "next(t, table.unpack(t))", "ipairs(t, table.unpack(t))",
          "pointer(submission, table.unpack(t))", "report(table.unpack(t))", "assert(table.unpack(t))",
          "error(table.unpack(t))", "table.unpack(t, 1, 999990)", "string.unpack(('i1'):rep(999000), ('x'):rep(999000))"}) {
        CAPTURE(call);
        const auto own = run_rule("    local t = {} for i = 1, 999000 do t[i] = i end\n    local r = " +
                                  std::string(call) + "\n    error('reached the end')",
                                  many_results());
        REQUIRE(own.size() == 1);
        CHECK(own[0].rule_id == "engine.rule-error");
        CHECK(has(own[0].message.en, "Rule test.bad (rules/bad.lua:"));
    }
}

// ---- 2. work done in C is charged; a CPU deadline backs it up ----------------

TEST_CASE("string.rep of the empty string 2^62 times is charged, with and without a separator") {
    const Stopped s = stopped("    local s = string.rep('', 1 << 62)");
    CHECK(s.en == "Rule test.bad (rules/bad.lua:6) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: "
                  "string.rep would cost 4,611,686,018,427,387,904 more (work done in C counts too)");
    CHECK(s.sv == "Regeln test.bad (rules/bad.lua:6) avbröts: instruktionsbudgeten (20 000 000 + 250 × 8 värden) tog slut: "
                  "string.rep skulle kosta 4 611 686 018 427 387 904 till (arbete i C räknas också)");
    CHECK(has(stopped("    local s = ('').rep('', 1 << 62, '')").en, "ran out: string.rep would cost 4,611,686,018,"));
    CHECK(has(stopped("    local s = (''):rep(1 << 40, 'x')").en, "string.rep: the result would be 1099511627775 bytes"));
}

TEST_CASE("table.move over 2^40 slots is charged") {
    CHECK(stopped("    table.move({}, 1, 1 << 40, 2)").en ==
          "Rule test.bad (rules/bad.lua:6) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: table.move "
          "would cost 1,099,511,627,776 more (work done in C counts too)");
}

TEST_CASE("utf8.len, table.sort and table.unpack on big inputs in a loop are charged") {
    CHECK(has(stopped("    local s = ('x'):rep(1 << 20)\n    while true do utf8.len(s) end").en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: utf8.len would cost 131,073 more"));
    CHECK(has(stopped("    local t = {} for i = 1, 1000000 do t[i] = -i end\n    while true do table.sort(t) end").en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: table.sort would cost "
              "20,000,000 more"));
    CHECK(has(stopped(std::string(kFill900k) + "    while true do local n = select('#', table.unpack(t)) end", many_results()).en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: table.unpack would cost "
              "900,000 more"));
    CHECK(has(stopped("    local t = {} for i = 1, 999999 do t[i] = i end\n    while true do pcall(table.unpack, t) end",
                      many_results()).en,
              "ran out: table.unpack would cost 999,999 more"));
    // string.byte, utf8.codepoint, table.concat of many empty strings, string.lower, tonumber ...
    CHECK(has(stopped("    local t = {} for i = 1, 900000 do t[i] = '' end\n    while true do table.concat(t) end").en,
              "ran out: table.concat would cost 900,000 more"));
    CHECK(has(stopped("    local s = ('x'):rep(1 << 20)\n    while true do s:upper() end").en,
              "ran out: string.upper would cost 131,073 more"));
}

TEST_CASE("table.sort pays for the comparisons it makes in C: long strings, and more than n log n of them") {
    // 200 000 references to one 1 MiB string: n log n is 3.6 M, within the
    // budget, but every comparison is a strcmp of 1 MiB in C where the count
    // hook never fires. It ran for 89 s without a failure.
    CHECK(has(stopped("    local s = ('x'):rep(1 << 20)\n    local t = {} for i = 1, 200000 do t[i] = s end\n"
                      "    table.sort(t)").en,
              "(rules/bad.lua:8) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: table.sort would "
              "cost 131,072 more"));
    // Sorting itself is Lua's: its order, the rule's comparator, its errors.
    const auto own = run_rule(R"(
    local t = { 'b', 'c', 'a' }
    table.sort(t)
    local u = { 3, 1, 2 }
    table.sort(u, function(a, b) return a > b end)
    report{ at = '', sv = table.concat(t, ','), en = table.concat(u, ',') }
    local ok1, e1 = pcall(table.sort, { 1, 'a' })
    local ok2, e2 = pcall(table.sort, { 2, 1 }, 5)
    local ok3, e3 = pcall(table.sort, { 2, 1 }, function(a, b) error('own') end)
    report{ at = '', sv = tostring(ok1 or ok2 or ok3), en = e1 .. ' | ' .. e2 .. ' | ' .. e3 })");
    REQUIRE(own.size() == 2);
    CHECK(own[0].message.sv == "a,b,c");
    CHECK(own[0].message.en == "3,2,1");
    CHECK(own[1].message.sv == "false");
    CHECK(own[1].message.en == "attempt to compare string with number | bad argument #2 to 'table.sort' (function expected, "
                               "got number) | rules/bad.lua:14: own");
}

TEST_CASE("a range from math.mininteger to math.maxinteger is charged as 2^64 - 1 elements, not 0") {
    // The element count wrapped to 0 (charged as 1) and the real function
    // ran; each call is now refused by its charge before it looks at the table.
    for (const char* call : {"table.concat({}, '', math.mininteger, math.maxinteger)",
                             "table.move({}, math.mininteger, math.maxinteger, 1)"}) {
        CAPTURE(call);
        CHECK(has(stopped(std::string("    local r = ") + call).en,
                  "would cost 18,446,744,073,709,551,615 more"));
    }
    // table.unpack counts its results against the cap first (it said "-1 values").
    CHECK(has(stopped("    local r = table.unpack({}, math.mininteger, math.maxinteger)").en,
              "table.unpack: 18446744073709551615 values are more than one call may return (10000)"));
}

TEST_CASE("strings a rule makes are at most 1 MiB, so one comparison is bounded; the CPU deadline stops the rest") {
    CHECK(stopped("    local s = string.rep('x', 15000000)").en ==
          "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: string.rep: the result would be 15000000 "
          "bytes, more than the limit of 1048576 bytes for one string");
    const Stopped concat = stopped("    local a = ('x'):rep(1 << 20)\n    local b = a .. a");
    CHECK(concat.en == "Rule test.bad (rules/bad.lua:7) was stopped: a string of 2,097,152 bytes would be longer than "
                       "the limit for one string (1 MiB)");
    CHECK(concat.sv == "Regeln test.bad (rules/bad.lua:7) avbröts: en text på 2 097 152 byte skulle bli längre än "
                       "gränsen för en text (1 MiB)");
    // Two equal 1 MiB strings compared in a loop: every `==` is one VM
    // instruction doing a 1 MiB memcmp. The CPU deadline stops it.
    rules::RuleLimits limits;
    limits.cpu_ms = 300;
    const Stopped eq = stopped("    local a, b = ('x'):rep(1 << 20), ('x'):rep(1 << 20)\n    local n = 0\n"
                               "    while true do if a == b then n = n + 1 end end",
                               limits);
    CHECK(has(eq.en, "Rule test.bad (rules/bad.lua:8) was stopped: the CPU time limit (300 ms) was reached"));
    CHECK(has(eq.sv, "Regeln test.bad (rules/bad.lua:8) avbröts: CPU-tidsgränsen (300 ms) nåddes"));
}

TEST_CASE("a pcall loop at the memory limit pays for the full collections it forces") {
    rules::RuleLimits limits;
    limits.memory_bytes = 16u << 20;  // filling it with small tables is slow in plain Lua already
    const Stopped s = stopped("    local keep = {}\n"
                              "    pcall(function() while true do keep[#keep + 1] = {} end end)\n"
                              "    while true do pcall(function() local x = {} end) end",
                              limits);
    // Without its cost, the live heap / 8: what earlier rules and files left
    // in the host varied it (578,423 and 579,641 more for two copies of one
    // file), so --jobs 1 and 2 worded this failure differently.
    CHECK(has(s.en, "Rule test.bad (rules/bad.lua:8) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: a full "
                    "garbage collection at the memory limit (work done in C counts too)"));
    CHECK(has(s.sv, "instruktionsbudgeten (20 000 000 + 250 × 8 värden) tog slut: en full skräpsamling vid minnesgränsen "
                    "(arbete i C räknas också)"));
}

// ---- 4. work after the rule returns is capped ----------------------------------

TEST_CASE("a long pointer is refused; pointers up to the limit resolve in linear time") {
    CHECK(stopped("    report{ at = ('/a'):rep(40000), sv = 's', en = 'e' }").en ==
          "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: report: the pointer is 80000 bytes long, "
          "more than the limit of 4096 bytes");
    CHECK(has(stopped("    report{ at = submission.a, key = ('k'):rep(5000), sv = 's', en = 'e' }").en,
              "report: the pointer is 5003 bytes long, more than the limit of 4096 bytes"));
    // 1 MiB of kept findings text (kMaxFindingsTextBytes) holds 261 of these
    // 4 004-byte findings; the rest are counted in the notice.
    const auto own = run_rule("    for i = 1, 1000 do report{ at = '/a' .. ('/b'):rep(2000), sv = 's', en = 'e' } end");
    REQUIRE(own.size() == 262);
    CHECK(own[261].message.en == "Rule test.bad reported 1,000 findings; the first 261 are shown and 739 were left out");
    CHECK(own[0].location.pointer == "/a" + [] {
        std::string s;
        for (int i = 0; i < 2000; ++i) s += "/b";
        return s;
    }());
    CHECK(own[0].location.line == 1);  // /a/b exists (1 at line 1); /a/b/b does not: its ancestor's position
    CHECK(own[0].location.column == 63);
}

TEST_CASE("an 8 MiB pointer and a 25 MiB error message cannot be made; a 1 MiB error message is cut") {
    CHECK(has(stopped("    local p = ('/a'):rep(4 << 20)\n    for i = 1, 100 do report{ at = p, sv = 's', en = 'e' } end").en,
              "string.rep: the result would be 8388608 bytes, more than the limit of 1048576 bytes for one string"));
    CHECK(has(stopped("    error(('x'):rep(25 << 20))").en, "more than the limit of 1048576 bytes for one string"));
    // (error() adds "rules/bad.lua:6: ", which must fit in the 1 MiB too.)
    const Stopped s = stopped("    error(('x'):rep((1 << 20) - 100))");
    const std::string prefix = "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: ";
    REQUIRE(s.en.size() == prefix.size() + 4096);
    CHECK(s.en == prefix + std::string(4093, 'x') + "\u2026");
}

TEST_CASE("the texts of a finding are checked only as far as they are kept") {
    // 1 000 findings with four 1 MiB texts each: the host checks and copies
    // 4 KiB of each, not 4 GiB in total, and keeps the first 64 (1 MiB).
    const auto own = run_rule("    local s = ('\\195\\165'):rep(1 << 19)\n"
                              "    for i = 1, 1000 do report{ at = '', sv = s, en = s, expected = s, actual = s } end");
    REQUIRE(own.size() == 65);
    std::string a;
    for (int i = 0; i < 2046; ++i) a += "\xC3\xA5";
    CHECK(own[63].message.sv == a + "\u2026");
    CHECK(own[63].actual == a + "\u2026");
    CHECK(own[64].rule_id == "engine.findings-capped");
}

// ---- 5. no heap addresses in reports -------------------------------------------

TEST_CASE("tostring and %p refuse to show memory addresses") {
    CHECK(stopped("    local s = tostring({})").en ==
          "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: tostring: a table has no text of its own "
          "(it would be a memory address, different in every run); show its fields instead");
    CHECK(stopped("    local s = tostring({})").sv ==
          "Regeln test.bad (rules/bad.lua:6) avbröts: fel i regeln: tostring: en tabell har ingen egen text (den "
          "skulle bli en minnesadress, olika i varje körning); visa dess fält i stället");
    CHECK(has(stopped("    local s = tostring(print)").en, "tostring: a function has no text of its own"));
    CHECK(has(stopped("    local s = tostring(submission)").en, "tostring: a table has no text of its own"));
    CHECK(has(stopped("    local s = string.format('%s', {})").en, "string.format: a table has no text of its own"));
    CHECK(has(stopped("    local s = ('%s'):format(print)").en, "string.format: a function has no text of its own"));
    CHECK(has(stopped("    local s = string.format('%p', 'x')").en,
              "string.format: '%p' shows a memory address, different in every run"));
    const auto own = run_rule("    report{ at = '', sv = tostring(null) .. tostring(1) .. tostring('x') .. tostring(true) ..\n"
                              "      tostring(nil) .. tostring(1.5), en = string.format('%s %s %d %q', null, 'a', 2, 'b') }");
    REQUIRE(own.size() == 1);
    CHECK(own[0].message.sv == "null1xtruenil1.5");
    CHECK(own[0].message.en == "null a 2 \"b\"");
}

// ---- 7. memory kept at load time -----------------------------------------------

namespace {

std::string keeping(const std::string& id, int mib) {
    return "local keep = {}\nfor i = 1, " + std::to_string(mib) +
           " do keep[i] = ('x'):rep((1 << 20) - 64) .. i end\n" + rule(id, "    local n = #keep");
}

}  // namespace

TEST_CASE("memory a rule file keeps at load time is capped per file and in total") {
    auto one = RuleHost::load({}, {{"rules/big.lua", keeping("test.big", 20)}});
    REQUIRE(std::holds_alternative<std::vector<InputError>>(one));
    const auto& e = std::get<std::vector<InputError>>(one);
    REQUIRE(e.size() == 1);
    CHECK(e[0].file == "rules/big.lua");
    CHECK(e[0].code == "rule.load-error");
    CHECK(e[0].line == 2);
    CHECK(e[0].message.en == "the file failed while loading: it needs more than 16 MiB (the memory limit of one "
                             "file while it loads)");
    CHECK(e[0].message.sv == "filen kunde inte laddas: den behöver mer än 16 MiB (minnesgränsen för en fil medan "
                             "den laddas)");

    // Eight files of 8 MiB each: each within its own limit. A rule file's
    // top level is run again for every rule run (fresh state), so what it
    // made at load is not kept: the eight load one after another, and the
    // host holds none of it afterwards (the total cap guards the load itself).
    std::vector<SourceText> eight;
    for (int i = 0; i < 8; ++i)
        eight.push_back({"rules/f" + std::to_string(i) + ".lua", keeping("test.f" + std::to_string(i), 8)});
    auto all = RuleHost::load({}, eight);
    REQUIRE(std::holds_alternative<RuleHost>(all));
    CHECK(std::get<RuleHost>(all).memory_in_use() < (8u << 20));
}

TEST_CASE("the document's own strings and keys are not held to the limit on strings a rule makes") {
    rules::RuleLimits limits;
    limits.string_bytes = 1000;
    const std::string long_text(5000, 'y');
    const Doc sub = parse(R"({"areas": [{"name": "Stab"}, {"name": "Ekonomi"}], "long": ")" + long_text + R"(", ")" +
                          long_text + R"(": 1})");
    RuleHost host = load_ok({{"rules/long.lua", rule("test.long", R"(
    local n = 0
    for k, v in pairs(submission) do n = n + #k end
    report{ at = "", sv = tostring(#submission.long), en = tostring(n) }
    local ok, err = pcall(function() return submission.long .. "x" end)
    report{ at = "", sv = tostring(ok), en = err })")}},
                            limits);
    for (int round = 0; round < 2; ++round) {
        const auto f = testing::all(host.run(sub.input(), {}, {}));
        REQUIRE(f.size() == 2);
        CHECK(f[0].message.sv == "5000");
        CHECK(f[0].message.en == std::to_string(5 + 4 + 5000));
        CHECK(f[1].message.sv == "false");
        CHECK(f[1].message.en == "not enough memory");
    }
}

TEST_CASE("pairs over a rule's own table has one order in every run; the document keeps its own") {
    const auto own = run_rule(R"(
    local t = { zeta = 1, alpha = 2, [3] = 'c', [1] = 'a', [2.5] = 'x', beta = 3, [true] = 4, [false] = 5, [-7] = 6 }
    t.gamma = nil
    local ks = {}
    for k, v in pairs(t) do ks[#ks + 1] = tostring(k) end
    local doc = {}
    for k in pairs(submission) do doc[#doc + 1] = k end
    report{ at = '', sv = table.concat(ks, ','), en = table.concat(doc, ',') }
    local ok, err = pcall(pairs, { [{}] = 1 })
    report{ at = '', sv = tostring(ok), en = err })");
    REQUIRE(own.size() == 2);
    CHECK(own[0].message.sv == "-7,1,2.5,3,alpha,beta,zeta,false,true");
    CHECK(own[0].message.en == "areas,a");
    CHECK(own[1].message.sv == "false");
    CHECK(own[1].message.en == "rules/bad.lua:14: pairs: a table with table keys has no fixed order; use a list (ipairs) instead");
}

TEST_CASE("pairs and next pay for the bytes of the keys they compare") {
    // 56 keys of 1 MiB that differ only in their last 8 bytes: each pairs()
    // sorted them with about 700 memcmp of 1 MiB and was charged about 350;
    // next() compared every key with two others. Both ran until the CPU
    // deadline (12.9 s and 14.9 s), never stopped by the instruction budget.
    const std::string keys = "    local base = ('x'):rep((1 << 20) - 8)\n"
                             "    local t = {} for i = 1, 56 do t[base .. string.format('%08d', i)] = i end\n";
    CHECK(has(stopped(keys + "    while true do for k in pairs(t) do end end").en,
              "(rules/bad.lua:8) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: pairs would cost "));
    CHECK(has(stopped(keys + "    while true do local k = next(t) while k do k = next(t, k) end end").en,
              "(rules/bad.lua:8) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: next would cost "));
}

TEST_CASE("next and pairs over library tables follow the same fixed order, not Lua's seeded hash order") {
    // Lua's order for string keys follows a hash seeded per Lua state: it
    // differed from run to run and between --jobs workers.
    const auto own = run_rule(R"(
    local t = {}
    for _, w in ipairs{'mu', 'alpha', 'kappa', 'beta', 'iota', 'gamma', 'theta', 'delta'} do t[w] = true end
    t[2], t[1], t[true] = 'b', 'a', 'x'
    local ks, k = {}, next(t)
    while k ~= nil do ks[#ks + 1] = tostring(k); k = next(t, k) end
    local lib = {}
    for name in pairs(string) do lib[#lib + 1] = name end
    report{ at = '', sv = table.concat(ks, ','), en = table.concat(lib, ',') }
    report{ at = '', sv = tostring(next(submission)) .. ' ' .. tostring(next(submission.areas[1])), en = tostring(next({})) }
    local ok, err = pcall(next, { [{}] = 1 })
    report{ at = '', sv = tostring(ok), en = err })");
    REQUIRE(own.size() == 3);
    CHECK(own[0].message.sv == "1,2,alpha,beta,delta,gamma,iota,kappa,mu,theta,true");
    CHECK(own[0].message.en == "byte,char,dump,find,format,gmatch,gsub,len,lower,match,pack,packsize,rep,reverse,sub,"
                               "unpack,upper");
    CHECK(own[1].message.sv == "a name");
    CHECK(own[1].message.en == "nil");
    CHECK(own[2].message.sv == "false");
    CHECK(own[2].message.en == "rules/bad.lua:16: next: a table with table keys has no fixed order; use a list (ipairs) instead");
    // A walk with next over a big table pays for its scans.
    CHECK(has(stopped("    local t = {} for i = 1, 100000 do t['k' .. i] = i end\n"
                      "    local k = next(t) while true do k = next(t, k) or next(t) end").en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: next would "
              "cost 1,024 more"));
}

TEST_CASE("the iterator of utf8.codes and the result of string.format are charged") {
    // Lua's iterator skips continuation bytes from the position it is given:
    // called again and again at position 1 it scans the whole string each time.
    CHECK(has(stopped("    local s = 'A' .. ('\\x80'):rep((1 << 20) - 1)\n"
                      "    local f = utf8.codes(s) while true do f(s, 1) end").en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: utf8.codes "
              "would cost 131,072 more"));
    // '%99.99f' of 1e308 is 409 bytes made from 10: about 9 µs each.
    CHECK(has(stopped("    while true do local s = string.format('%99.99f', 1e308) end").en,
              "(rules/bad.lua:6) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: "
              "string.format would cost"));
    // table.concat writes numbers as text: 50 000 floats are about 5 ms, and
    // the CPU deadline is checked only every 4 096 instructions (about 1 000
    // such calls), so it overshot a 3 s limit by 4 s before these were charged.
    CHECK(has(stopped("    local t = {} for i = 1, 50000 do t[i] = i + 0.5 end\n"
                      "    while true do local s = table.concat(t) end").en,
              "(rules/bad.lua:7) was stopped: the instruction budget (20,000,000 + 250 × 8 values) ran out: table.concat "
              "would cost 1,600,000 more"));
    // Walking a string with utf8.codes still works and costs one step per character.
    const auto own = run_rule("    local n = 0 for p, c in utf8.codes('åäö x') do n = n + c end\n"
                              "    report{ at = '', sv = tostring(n), en = 'e' }");
    REQUIRE(own.size() == 1);
    CHECK(own[0].message.sv == std::to_string(0xe5 + 0xe4 + 0xf6 + 0x20 + 0x78));
}

TEST_CASE("a rule's own texts with control characters or bytes that are not UTF-8 are refused at load") {
    // They reach terminals (`budgetcheck rules`, `explain`) and every report
    // as written: ESC ] 0 ; … BEL set the terminal's title, 0xFF made the
    // HTML report invalid UTF-8.
    const std::string file = "return {\n"
                             "  id = \"test.texts\",\n"
                             "  title = { sv = \"Titel \\xff\", en = \"Title \\27]0;pwned\\7\" },\n"
                             "  severity = \"error\",\n"
                             "  source = { decision = \"KF\", quote = \"a\\u{202E}b\" },\n"
                             "  explain = { sv = \"Rad ett\\n\\tRad två\", en = \"Line one\\r\\nLine two\" },\n"
                             "  check = function() end,\n"
                             "}\n";
    auto r = RuleHost::load({}, {{"rules/texts.lua", file}}, {});
    const auto* errors = std::get_if<std::vector<InputError>>(&r);
    REQUIRE(errors);
    std::vector<std::string> got;
    for (const auto& e : *errors) got.push_back(std::to_string(e.line) + " " + e.code + " " + e.message.en);
    CHECK(got == std::vector<std::string>{
                     "3 rule.bad-field the rule's 'title.sv' has a byte that is not UTF-8 (0xFF) at byte 7; reports "
                     "and terminals show the text as written, so write it as UTF-8 without control characters",
                     "3 rule.bad-field the rule's 'title.en' has a control character (U+001B) at byte 7; reports and "
                     "terminals show the text as written, so write it as UTF-8 without control characters",
                     "6 rule.bad-field the rule's 'explain.en' has a control character (U+000D) at byte 9; reports "
                     "and terminals show the text as written, so write it as UTF-8 without control characters",
                     "5 rule.bad-field the rule's 'source.quote' has a control character (U+202E) at byte 2; reports "
                     "and terminals show the text as written, so write it as UTF-8 without control characters"});
    CHECK((*errors)[0].message.sv == "regelns 'title.sv' har en byte som inte är UTF-8 (0xFF) vid byte 7; rapporter och "
                                     "terminaler visar texten som den står, så skriv den som UTF-8 utan styrtecken");
}
