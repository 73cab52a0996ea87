// The Lua rule host: API, sandbox and limits. Loaders take strings, so no
// files are needed.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "json/document.hpp"
#include "lua/pattern_cost.hpp"
#include "lua/rule_host.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
using lua::RuleHost;
using rules::SourceText;

namespace {

constexpr const char* kSubmissionText = R"({
  "organisation": "VSS",
  "areas": [
    {"name": "Stab", "cost": [29.4, 29.5]},
    {"name": "Ekonomi", "cost": [42.3, 43.4]}
  ],
  "note": null,
  "count": 3,
  "ratio": 0.5,
  "big": 3.0,
  "huge": 123456789012345678901234567890, "forms": [1e1, 10.0E0, 2.50e1, -7.000, 0.0, 1e-0, 1.5, 1e-1, 9223372036854775807, 9.3e18],
  "a/b": {"~x": true}
})";

constexpr const char* kPolicyText = R"({"frame": [61, 60], "name": "KF 2023"})";

struct Doc {
    std::unique_ptr<const json::Document> document;
    rules::MoneyValues money;
    rules::DocumentInput input() const { return {document.get(), &money}; }
};

Doc parse(std::string text, const std::vector<std::pair<std::string, std::int64_t>>& money = {}) {
    auto r = json::parse(std::move(text));
    REQUIRE(r.document);
    Doc d{std::move(r.document), {}};
    for (const auto& [pointer, kronor] : money) {
        const json::Value v = d.document->resolve(pointer);
        REQUIRE(v.valid());
        d.money.emplace_back(v.id(), kronor);
    }
    std::sort(d.money.begin(), d.money.end());
    return d;
}

using testing::all;

Doc submission() {
    return parse(kSubmissionText, {{"/areas/0/cost/0", 29'400'000},
                                   {"/areas/0/cost/1", 29'500'000},
                                   {"/areas/1/cost/0", 42'300'000},
                                   {"/areas/1/cost/1", 43'400'000}});
}

Doc policy() { return parse(kPolicyText, {{"/frame/0", 61'000'000}, {"/frame/1", 60'000'000}}); }

// A rule file; the body starts on line 6.
std::string rule(const std::string& id, const std::string& body, const std::string& severity = "error") {
    return "return {\n"
           "  id = \"" + id + "\",\n"
           "  title = { sv = \"Titel\", en = \"Title\" },\n"
           "  severity = \"" + severity + "\",\n"
           "  check = function(submission, policy, report)\n" +
           body +
           "\n  end,\n"
           "}\n";
}

RuleHost load_ok(std::vector<SourceText> rules, std::vector<SourceText> libraries = {}, rules::RuleLimits limits = {}) {
    auto r = RuleHost::load(std::move(libraries), std::move(rules), limits);
    if (auto* errors = std::get_if<std::vector<InputError>>(&r)) {
        for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.code << ": " << e.message.en);
        FAIL("the rules did not load");
    }
    return std::move(std::get<RuleHost>(r));
}

std::vector<InputError> load_errors(std::vector<SourceText> rules, std::vector<SourceText> libraries = {}) {
    auto r = RuleHost::load(std::move(libraries), std::move(rules));
    REQUIRE(std::holds_alternative<std::vector<InputError>>(r));
    return std::get<std::vector<InputError>>(r);
}

// CPU time of this thread: what the rule limits bound, and unaffected by
// other processes on a busy build machine.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Good rules that run around every hostile one.
const SourceText kGoodBefore{"rules/good/before.lua",
                             rule("good.before",
                                  "    report{ at = \"/areas/1/cost/0\", year = 2024, sv = \"Före\", en = \"Before\",\n"
                                  "            expected = 61, actual = submission.areas[2].cost[1] }")};
const SourceText kGoodAfter{"rules/good/after.lua",
                            rule("good.after",
                                 "    for i, area in ipairs(submission.areas) do\n"
                                 "      report{ at = area, key = \"name\", sv = area.name, en = area.name, severity = \"notice\" }\n"
                                 "    end")};

void check_good(const Finding& f) {
    CHECK(f.rule_id == "good.before");
    CHECK(f.severity == Severity::Error);
    CHECK(f.location.pointer == "/areas/1/cost/0");
    CHECK(f.location.line == 5);
    CHECK(f.location.column == 34);
    CHECK(f.message.sv == "Före");
    CHECK(f.message.en == "Before");
    CHECK(f.year == 2024);
    CHECK(f.expected == "61");
    CHECK(f.actual == "42300000");
}

void check_good_after(const Finding& a, const Finding& b) {
    CHECK(a.rule_id == "good.after");
    CHECK(a.severity == Severity::Notice);
    CHECK(a.location.pointer == "/areas/0/name");
    CHECK(a.location.line == 4);
    CHECK(a.location.column == 14);
    CHECK(a.message.sv == "Stab");
    CHECK(b.location.pointer == "/areas/1/name");
    CHECK(b.message.en == "Ekonomi");
}

// Runs a hostile rule between two good ones, twice (the state must stay
// usable), and returns the rule error's English message.
// A hang guard, not a speed target (speed is measured in bench/): the
// limits stop every hostile rule here in well under a second on a release
// build, several times slower under the sanitizers and on a loaded machine.
constexpr double kHangGuardSeconds = 30.0;

std::string run_hostile(const std::string& body, double max_seconds = kHangGuardSeconds, rules::RuleLimits limits = {}) {
    RuleHost host = load_ok({kGoodBefore, {"rules/bad.lua", rule("test.bad", body)}, kGoodAfter}, {}, limits);
    const Doc sub = submission();
    const Doc pol = policy();
    std::string message;
    for (int round = 0; round < 2; ++round) {
        const double start = cpu_seconds();
        const rules::RunResult result = host.run(sub.input(), pol.input(), {});
        const double seconds = cpu_seconds() - start;
        CHECK(seconds < max_seconds);
        // The failure is a value beside the good rules' findings, which are complete.
        REQUIRE(result.findings.size() == 3);
        check_good(result.findings[0]);
        check_good_after(result.findings[1], result.findings[2]);
        REQUIRE(result.failures.size() == 1);
        const rules::RuleFailure& failure = result.failures[0];
        CHECK(failure.rule == "test.bad");
        const Message m = rules::failure_message(failure);
        CHECK(contains(m.en, "Rule test.bad (rules/bad.lua"));
        CHECK(contains(m.sv, "Regeln test.bad (rules/bad.lua"));
        if (round == 0) message = m.en;
        else CHECK(m.en == message);
    }
    // And a different document afterwards.
    const Doc other = parse(R"({"areas": [{"name": "X", "cost": [1]}, {"name": "Y", "cost": [2]}]})");
    const rules::RunResult result = host.run(other.input(), pol.input(), {});
    const auto& findings = result.findings;
    REQUIRE(findings.size() == 3);
    CHECK(result.failures.size() == 1);
    CHECK(findings[0].actual == "2");
    CHECK(findings[0].location.line == 1);
    CHECK(findings[1].message.sv == "X");
    return message;
}

}  // namespace

TEST_CASE("a reported finding gets its pointer, line and column") {
    RuleHost host = load_ok({kGoodBefore, kGoodAfter,
                             {"rules/more.lua",
                              rule("test.more",
                                   "    report{ at = \"/areas/7/cost\", sv = \"s\", en = \"e\" }\n"
                                   "    report{ at = submission[\"a/b\"], key = \"~x\", sv = \"s\", en = \"e\", severity = \"warning\" }\n"
                                   "    report{ at = submission.areas[2].cost, key = 2, sv = \"s\", en = \"e\", actual = 0.25 }\n"
                                   "    report{ at = \"\", sv = \"hela\", en = \"whole\" }\n"
                                   "    report{ at = pointer(submission.areas[1]), key = \"cost\", sv = \"s\", en = \"e\" }")}});
    CHECK(host.rules().size() == 3);
    CHECK(host.rules()[2].id == "test.more");
    CHECK(host.rules()[2].file == "rules/more.lua");
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 8);
    check_good(findings[0]);
    check_good_after(findings[1], findings[2]);
    // Resolves nothing: the pointer is kept, the position is the nearest ancestor's (/areas).
    CHECK(findings[3].location.pointer == "/areas/7/cost");
    CHECK(findings[3].location.line == 3);
    CHECK(findings[3].location.column == 12);
    CHECK(findings[4].location.pointer == "/a~1b/~0x");
    CHECK(findings[4].location.line == 12);
    CHECK(findings[4].location.column == 17);
    CHECK(findings[4].severity == Severity::Warning);
    CHECK(findings[5].location.pointer == "/areas/1/cost/1");
    CHECK(findings[5].location.column == 40);
    CHECK(findings[5].actual == "0.25");
    CHECK_FALSE(findings[5].year.has_value());
    CHECK_FALSE(findings[5].expected.has_value());
    CHECK(findings[6].location.pointer == "");
    CHECK(findings[6].location.line == 1);
    CHECK(findings[6].location.column == 1);
    CHECK(findings[7].location.pointer == "/areas/0/cost");
    CHECK(findings[7].location.line == 4);
}

TEST_CASE("a finding's texts leave the host as valid UTF-8") {
    RuleHost host = load_ok({{"rules/bytes.lua",
                              rule("test.bytes", "    report{ at = \"\", sv = \"f\\195\\182r \\255\", en = \"\\192x\",\n"
                                                 "            expected = \"\\237\\160\\128\", actual = \"ok\" }")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.sv == "f\xC3\xB6r \xEF\xBF\xBD");            // ö kept, 0xFF replaced
    CHECK(findings[0].message.en == "\xEF\xBF\xBDx");                      // lone lead byte
    CHECK(findings[0].expected == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // an encoded surrogate
    CHECK(findings[0].actual == "ok");
}

TEST_CASE("a finding's texts are cut at 4 096 bytes, on a character boundary") {
    RuleHost host = load_ok({{"rules/long.lua",
                              rule("test.long", "    report{ at = \"\", sv = string.rep(\"\\195\\165\", 500000), en = \"short\",\n"
                                                "            actual = string.rep(\"x\", 4096) }")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 1);
    // 4 093 bytes of "å" (2 bytes each) is 2 046 of them, 4 092 bytes; then "…".
    CHECK(findings[0].message.sv == [] {
        std::string s;
        for (int i = 0; i < 2046; ++i) s += "\xC3\xA5";
        return s + "\xE2\x80\xA6";
    }());
    CHECK(findings[0].message.en == "short");
    CHECK(findings[0].actual == std::string(4096, 'x'));  // exactly at the limit: kept whole
}

TEST_CASE("numbers: money as integer kronor, integer values as integers, null as a sentinel") {
    RuleHost host = load_ok({{"rules/numbers.lua", rule("test.numbers", R"(
    local function show(v) return math.type(v) .. ":" .. tostring(v) end
    local c = submission.areas[1].cost
    local out = { show(c[1]), show(c[2]), show(submission.count), show(submission.big),
                  show(submission.ratio), show(submission.huge), show(policy.frame[1]),
                  tostring(submission.note == null), tostring(null), type(submission.missing),
                  tostring(c[1] + c[2] == 58900000) }
    report{ at = "", sv = table.concat(out, " "), en = "-" })")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.sv ==
          "integer:29400000 integer:29500000 integer:3 integer:3 float:0.5 float:1.2345678901235e+29 "
          "integer:61000000 true null nil true");
}

// JSON has one kind of number and draft-07 calls 10.0 an integer: every
// integer value reaches the rules as a Lua integer however it is written
// (a float `decimals` garbled every amount a rule printed).
TEST_CASE("numbers: integer values written with a fraction or an exponent are Lua integers") {
    RuleHost host = load_ok({{"rules/forms.lua", rule("test.forms", R"(
    local out = {}
    for _, v in ipairs(submission.forms) do out[#out + 1] = math.type(v) .. ":" .. tostring(v) end
    report{ at = "", sv = table.concat(out, " "), en = "-" })")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.sv ==
          "integer:10 integer:10 integer:25 integer:-7 integer:0 integer:1 float:1.5 float:0.1 "
          "integer:9223372036854775807 float:9.3e+18");
}

TEST_CASE("documents are read-only but readable with #, pairs, ipairs and next") {
    RuleHost host = load_ok({{"rules/ro.lua", rule("test.readonly", R"(
    local attempts = {
      function() submission.organisation = "x" end,
      function() submission.new = 1 end,
      function() submission.areas[1].name = "x" end,
      function() table.insert(submission.areas, {}) end,
      function() table.sort(submission.areas[1].cost, function(a, b) return a > b end) end,
      function() policy.frame[1] = 0 end,
      function() local f, s = pairs(submission); s.organisation = "x" end,
    }
    for i, f in ipairs(attempts) do
      local ok, err = pcall(f)
      report{ at = "", sv = tostring(ok), en = tostring(err) }
    end
    local keys = {}
    for k, v in pairs(submission) do keys[#keys + 1] = k end
    local items = {}
    for i, v in ipairs(submission.areas) do items[#items + 1] = i .. "=" .. v.name end
    for i, v in pairs(submission.areas[2].cost) do items[#items + 1] = i .. "=" .. v end
    report{ at = "", sv = table.concat(keys, ","), en = table.concat(items, ",") }
    report{ at = "", sv = #submission.areas .. " " .. #submission.areas[1].cost .. " " .. #policy.frame,
            en = tostring(next(submission) ~= nil) .. " " .. tostring(next(submission.areas[1].cost)) ..
                 " " .. submission.organisation })")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 9);
    for (int i = 0; i < 5; ++i) {
        CHECK(findings[i].message.sv == "false");
        CHECK(contains(findings[i].message.en, "rules/ro.lua:"));
        CHECK(contains(findings[i].message.en, "the submission is read-only"));
    }
    CHECK(contains(findings[5].message.en, "the policy is read-only"));
    CHECK(findings[6].message.sv == "false");  // pairs does not hand out the data table
    CHECK(findings[7].message.sv == "organisation,areas,note,count,ratio,big,huge,forms,a/b");
    CHECK(findings[7].message.en == "1=Stab,2=Ekonomi,1=42300000,2=43400000");
    CHECK(findings[8].message.sv == "2 2 2");
    CHECK(findings[8].message.en == "true 1 VSS");
}

TEST_CASE("each rule has its own globals; builtins and libraries are read-only") {
    const SourceText lib{"rules/lib/budget.lua", R"(
local M = { units = { tkr = 1000 } }
function M.sum(list) local s = 0 for _, v in ipairs(list) do s = s + v end return s end
return M)"};
    RuleHost host = load_ok(
        {{"rules/a.lua", rule("test.a", R"(
    shared = "from a"
    _G.other = 1
    string = 5
    report{ at = "", sv = tostring(shared), en = tostring(string) })")},
         {"rules/b.lua", rule("test.b", R"(
    local results = {}
    for _, f in ipairs({
      function() string.upper = nil end,
      function() math.pi = 3 end,
      function() budget.sum = nil end,
      function() budget.units.tkr = 1 end,
      function() table.insert = print end,
    }) do
      local ok, err = pcall(f)
      results[#results + 1] = tostring(ok) .. ":" .. tostring(err):gsub("^.-:%d+: ", "")
    end
    report{ at = "", sv = tostring(shared) .. " " .. tostring(other) .. " " .. string.upper("x") .. " " ..
                         budget.sum(submission.areas[1].cost) .. " " .. budget.units.tkr,
            en = table.concat(results, "|") })")}},
        {lib});
    const Doc sub = submission();
    const Doc pol = policy();
    for (int round = 0; round < 2; ++round) {
        const auto findings = all(host.run(sub.input(), pol.input(), {}));
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].message.sv == "from a");
        CHECK(findings[0].message.en == "5");
        CHECK(findings[1].message.sv == "nil nil X 58900000 1000");
        CHECK(findings[1].message.en ==
              "false:the built-in table 'string' is read-only|false:the built-in table 'math' is read-only|"
              "false:the library 'budget' is read-only|false:the library 'budget' is read-only|"
              "false:the built-in table 'table' is read-only");
    }
}

TEST_CASE("blocked functions raise a clear error") {
    RuleHost host = load_ok({{"rules/blocked.lua", rule("test.blocked", R"(
    local tries = {
      function() return io.open("/etc/passwd") end,
      function() return os.execute("true") end,
      function() return os.time() end,
      function() return require("os") end,
      function() return load("return 1") end,
      function() return loadfile("x.lua") end,
      function() return dofile("x.lua") end,
      function() return debug.getinfo(1) end,
      function() return string.dump(print) end,
      function() return ("x").dump(print) end,
      function() return getmetatable("").__index end,
      function() return setmetatable({}, {}) end,
      function() return rawset(submission, "x", 1) end,
      function() return collectgarbage() end,
      function() return math.random() end,
      function() return coroutine.create(print) end,
      function() return package.loaded end,
    }
    for _, f in ipairs(tries) do
      local ok, err = pcall(f)
      report{ at = "", sv = tostring(ok), en = tostring(err) }
    end)")}});
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    const std::vector<std::string> expected = {
        "blocked function 'io.open': rules cannot read or write files",
        "blocked function 'os.execute': rules cannot use the operating system",
        "blocked function 'os.time'",
        "blocked function 'require': rules cannot load modules",
        "blocked function 'load': rules cannot compile code",
        "blocked function 'loadfile'",
        "blocked function 'dofile'",
        "blocked function 'debug.getinfo'",
        "blocked function 'string.dump'",
        "blocked function 'string.dump'",
        "blocked function 'getmetatable'",
        "blocked function 'setmetatable'",
        "blocked function 'rawset'",
        "blocked function 'collectgarbage'",
        "blocked function 'math.random'",
        "blocked function 'coroutine.create': rules cannot use coroutines",
        "blocked function 'package.loaded'",
    };
    REQUIRE(findings.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(findings[i].message.sv == "false");
        CHECK(contains(findings[i].message.en, expected[i]));
        CHECK(contains(findings[i].message.en, "rules/blocked.lua:"));
    }
}

TEST_CASE("a rule using a blocked function becomes one rule error; the others run") {
    const std::string m = run_hostile("    local f = io.open('/etc/passwd')");
    CHECK(m == "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: blocked function 'io.open': rules "
               "cannot read or write files");
    CHECK(contains(run_hostile("    local co = coroutine.wrap(function() end)"), "blocked function 'coroutine.wrap'"));
}

TEST_CASE("bytecode is refused") {
    const auto errors = load_errors({{"rules/compiled.lua", std::string("\x1bLua\x54\x00\x19\x93\r\n\x1a\n", 12)}});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "rules/compiled.lua");
    CHECK(errors[0].code == "rule.bytecode");
    CHECK(errors[0].message.en == "the file is compiled Lua bytecode; only plain Lua source text is accepted");
}

TEST_CASE("endless loops are stopped, also when pcall tries to swallow the error") {
    CHECK(run_hostile("    while true do end") ==
          "Rule test.bad (rules/bad.lua:6) was stopped: the instruction budget (20,000,000 + 250 × 31 values) ran "
          "out (an endless loop?)");
    const std::string m =
        run_hostile("    while true do pcall(function() while true do end end) end\n"
                    "    report{ at = \"\", sv = \"s\", en = \"e\" }");
    CHECK(contains(m, "the instruction budget (20,000,000 + 250 × 31 values) ran out"));
    CHECK(contains(m, "rules/bad.lua:6)"));
    // xpcall with a handler that keeps going.
    CHECK(contains(run_hostile("    local function h() while true do end end\n"
                               "    while true do xpcall(function() while true do end end, h) end"),
                   "instruction budget"));
    // Swedish wording.
    RuleHost host = load_ok({{"rules/loop.lua", rule("test.loop", "    while true do end")}});
    const Doc sub = submission();
    const auto f = all(host.run(sub.input(), {}, {}));
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.sv ==
          "Regeln test.loop (rules/loop.lua:6) avbröts: instruktionsbudgeten (20 000 000 + 250 × 31 värden) tog "
          "slut (en oändlig loop?)");
}

TEST_CASE("unbounded recursion is stopped") {
    const std::string m = run_hostile("    local function f(n) return 1 + f(n + 1) end\n    f(1)");
    CHECK(contains(m, "recursion too deep (stack overflow)"));
    CHECK(contains(m, "rules/bad.lua:6)"));
    CHECK(contains(run_hostile("    local function f(n) return pcall(f, n + 1) end\n    f(1)\n    error('x')"),
                   "test.bad"));
    CHECK(contains(run_hostile("    local t = setmetatable({}, {__index = function(t, k) return t[k] end})"),
                   "blocked function 'setmetatable'"));
}

TEST_CASE("unbounded allocation is stopped by the memory limits") {
    CHECK(contains(run_hostile("    local t = {}\n    local i = 0\n    while true do i = i + 1; t[i] = {i} end"),
                   "the memory limit (64 MiB) was reached"));
    CHECK(run_hostile("    local s = string.rep('x', 1 << 30)") ==
          "Rule test.bad (rules/bad.lua:6) was stopped: error in the rule: string.rep: the result would be 1073741824 "
          "bytes, more than the memory limit of 67108864 bytes");
    CHECK(contains(run_hostile("    local s = ('x'):rep(1 << 25, 'yy')"), "string.rep: the result would be"));
    // Doubling a string reaches the 1 MiB limit for one string first.
    CHECK(contains(run_hostile("    local s = 'x'\n    while true do s = s .. s end"),
                   "was stopped: a string of 2,097,152 bytes would be longer than the limit for one string (1 MiB)"));
    // Quadratic copying without much live memory: the allocation budget.
    CHECK(contains(run_hostile("    local s = ''\n    while true do s = s .. 'xxxxxxxxxxxxxxxx' end"),
                   "in total"));
    // Millions of small strings: Lua's own speed and garbage collector make
    // filling 64 MiB this way take about 1.2 s; a 16 MiB limit keeps the test short.
    rules::RuleLimits small;
    small.memory_bytes = 16u << 20;
    CHECK(contains(run_hostile("    local t = {}\n    for i = 1, 1e9 do t[i] = 'x' .. i end\n"
                               "    local s = table.concat(t)",
                               1.0, small),
                   "the memory limit (16 MiB) was reached"));
    // Memory errors caught by pcall leave the rule running and the state usable.
    RuleHost host = load_ok({{"rules/mem.lua", rule("test.mem", R"(
    local ok, err = pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
    report{ at = "", sv = tostring(ok), en = tostring(err) })")}});
    const Doc sub = submission();
    for (int i = 0; i < 3; ++i) {
        const auto f = all(host.run(sub.input(), {}, {}));
        REQUIRE(f.size() == 1);
        CHECK(f[0].message.sv == "false");
        CHECK(f[0].message.en == "not enough memory");
        CHECK(host.memory_in_use() < (8u << 20));
    }
}

TEST_CASE("pathological patterns are refused; ordinary ones work") {
    const double start = cpu_seconds();
    const std::string m = run_hostile("    local r = ('a'):rep(600):find('.-.-.-b')");
    CHECK(cpu_seconds() - start < kHangGuardSeconds);
    CHECK(contains(m, "string.find: the pattern '.-.-.-b' could need up to"));
    CHECK(contains(m, "rules/bad.lua:6)"));
    CHECK(contains(run_hostile("    local s = string.rep('a', 200000)\n    s:match('a')"),
                   "string.match: the string is 200000 bytes long; patterns may only search strings up to 100000"));
    CHECK(contains(run_hostile("    for w in ('a'):rep(3000):gmatch('a*a*a*b') do end"), "string.gmatch: the pattern"));
    // Many cheap calls add up to the pattern budget.
    CHECK(contains(run_hostile("    local s = ('a'):rep(1000)\n    for i = 1, 1e6 do s:find('a-b') end"),
                   "remaining pattern budget"));

    RuleHost host = load_ok({{"rules/patterns.lua", rule("test.patterns", R"(
    local s = "  Stab och ledning: 29,4 mnkr  "
    local trimmed = s:match("^%s*(.-)%s*$")
    local amount = s:match("(%d+,%d+)%s*mnkr")
    local words = {}
    for w in trimmed:gmatch("%a+") do words[#words + 1] = w end
    local replaced, n = trimmed:gsub("[,:]", { [","] = ".", [":"] = "" })
    local a, b = string.find(s, "och", 1, true)
    local long = string.rep("ab", 40000)
    local count = select(2, long:gsub("b", "c"))
    report{ at = "", sv = trimmed .. "|" .. amount .. "|" .. table.concat(words, "+") .. "|" .. replaced .. n,
            en = a .. "," .. b .. "," .. count .. "," .. tostring(("x"):find("[")) })")}});
    const Doc sub = submission();
    const auto f = all(host.run(sub.input(), {}, {}));
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule_id == "engine.rule-error");  // "[" is a malformed pattern: Lua's own error
    CHECK(contains(f[0].message.en, "malformed pattern"));
    RuleHost host2 = load_ok({{"rules/patterns.lua", rule("test.patterns", R"(
    local s = "  Stab och ledning: 29,4 mnkr  "
    local trimmed = s:match("^%s*(.-)%s*$")
    local amount = s:match("(%d+,%d+)%s*mnkr")
    local words = {}
    for w in trimmed:gmatch("%a+") do words[#words + 1] = w end
    local replaced, n = trimmed:gsub("[,:]", { [","] = ".", [":"] = "" })
    local a, b = string.find(s, "och", 1, true)
    local long = string.rep("ab", 40000)
    local count = select(2, long:gsub("b", "c"))
    report{ at = "", sv = trimmed .. "|" .. amount .. "|" .. table.concat(words, "+") .. "|" .. replaced .. n,
            en = a .. "," .. b .. "," .. count })")}});
    const auto g = all(host2.run(sub.input(), {}, {}));
    REQUIRE(g.size() == 1);
    CHECK(g[0].message.sv == "Stab och ledning: 29,4 mnkr|29,4|Stab+och+ledning+mnkr|Stab och ledning 29.4 mnkr2");
    CHECK(g[0].message.en == "8,10,40000");
}

TEST_CASE("pattern cost estimate") {
    using lua::detail::pattern_cost;
    CHECK(pattern_cost(std::string(600, 'a'), ".-.-.-b", true) > 100'000'000'000ull);
    CHECK(pattern_cost("hello world", "^%s*(.-)%s*$", true) < 1000);
    CHECK(pattern_cost(std::string(100'000, 'x'), "%d+", true) < 1'000'000);
    CHECK(lua::detail::class_matches("[^%d,]", 0, 6, 'a'));
    CHECK_FALSE(lua::detail::class_matches("[^%d,]", 0, 6, '5'));
    CHECK_FALSE(lua::detail::class_matches("[^%d,]", 0, 6, ','));
    CHECK(lua::detail::class_matches("[a-c]", 0, 5, 'b'));
    CHECK_FALSE(lua::detail::class_matches("[a-c]", 0, 5, 'd'));
    CHECK(lua::detail::class_matches("[]]", 0, 3, ']'));
    CHECK(lua::detail::class_matches("%S", 0, 2, 'x'));
}

TEST_CASE("garbage passed to report makes the rule fail with a clear reason") {
    struct Case {
        std::string call;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"report(\"x\")", "report: expects one table"},
        {"report{ at = 5, sv = 's', en = 'e' }", "report: field 'at' must be a JSON Pointer string or a part of the submission, not number"},
        {"report{ at = 'areas', sv = 's', en = 'e' }", "report: field 'at' must be a JSON Pointer such as"},
        {"report{ at = {}, sv = 's', en = 'e' }", "report: field 'at' must be a part of the submission (a table read from it)"},
        {"report{ at = policy.frame, sv = 's', en = 'e' }", "report: field 'at' is a part of the policy"},
        {"report{ sv = 's', en = 'e' }", "report: field 'at' is missing"},
        {"report{ at = '', en = 'e' }", "report: field 'sv' is missing"},
        {"report{ at = '', sv = 1, en = 'e' }", "report: field 'sv' must be a string (the message in Swedish), not number"},
        {"report{ at = '', sv = 's', en = {} }", "report: field 'en' must be a string"},
        {"report{ at = '', sv = '', en = 'e' }", "report: field 'sv' is empty"},
        {"report{ at = '', sv = 's', en = 'e', sverity = 'error' }", "report: unknown field 'sverity'"},
        {"report{ at = '', sv = 's', en = 'e', severity = 'fatal' }", "report: field 'severity' must be"},
        {"report{ at = '', sv = 's', en = 'e', year = 2024.5 }", "report: field 'year' must be a whole number"},
        {"report{ at = '', sv = 's', en = 'e', expected = {} }", "report: field 'expected' must be a string or a number"},
        {"report{ at = submission.areas, key = 'x', sv = 's', en = 'e' }", "report: field 'key' is a member name but 'at' is an array"},
        {"report{ at = submission, key = 0, sv = 's', en = 'e' }", "report: field 'key' must be a member name"},
        {"report{ 'positional', at = '', sv = 's', en = 'e' }", "report: the table may only have named fields"},
        {"report{ at = null, sv = 's', en = 'e' }", "report: field 'at' must be a JSON Pointer string or a part of the submission, not userdata"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.call);
        const std::string m = run_hostile("    report{ at = '', sv = 'before', en = 'before' }\n    " + c.call);
        CHECK_MESSAGE(contains(m, "Rule test.bad (rules/bad.lua:7) was stopped: error in the rule: " + c.reason), m);
    }
}

namespace {

// The rule error of a single rule in rules/x.lua, in Swedish and in English.
Message rule_error(const std::string& body, rules::RuleLimits limits = {}) {
    RuleHost host = load_ok({{"rules/x.lua", rule("test.x", body)}}, {}, limits);
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule_id == "engine.rule-error");
    return findings[0].message;
}

}  // namespace

TEST_CASE("errors the sandbox raises are in Swedish in the Swedish rule error") {
    SUBCASE("a missing report field") {
        const Message m = rule_error("    report{ at = '', en = 'e' }");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: report: fältet 'sv' saknas; varje fynd "
                      "behöver ett meddelande på svenska (sv) och på engelska (en)");
        CHECK(m.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: report: field 'sv' is missing; every "
                      "finding needs a message in Swedish (sv) and in English (en)");
    }
    SUBCASE("an unknown report field") {
        const Message m = rule_error("    report{ at = '', sv = 's', en = 'e', sverity = 'error' }");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: report: okänt fält 'sverity'; fälten är "
                      "at, key, year, sv, en, expected, actual, difference och severity");
        CHECK(m.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: report: unknown field 'sverity'; the "
                      "fields are at, key, year, sv, en, expected, actual, difference and severity");
    }
    SUBCASE("a blocked function") {
        const Message m = rule_error("    local f = io.open('budget.csv')");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: spärrad funktion 'io.open': regler får "
                      "inte läsa eller skriva filer");
        CHECK(m.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: blocked function 'io.open': rules "
                      "cannot read or write files");
        const Message r = rule_error("    require('budget')");
        CHECK(r.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: spärrad funktion 'require': regler får "
                      "inte ladda moduler (filerna i rules/lib/ finns redan som globala namn, t.ex. budget)");
        CHECK(r.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: blocked function 'require': rules "
                      "cannot load modules (the files in rules/lib/ are already globals, e.g. budget)");
    }
    SUBCASE("the pattern subject limit") {
        rules::RuleLimits limits;
        limits.pattern_subject_bytes = 4;
        const Message m = rule_error("    local i = string.find(submission.organisation .. 'ABCDE', 'x')", limits);
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: string.find: texten är 8 byte lång; "
                      "mönster får bara söka i texter på högst 4 byte (använd string.sub för att söka i en del av den)");
        CHECK(m.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: string.find: the string is 8 bytes "
                      "long; patterns may only search strings up to 4 bytes (use string.sub to search a part)");
    }
    SUBCASE("a write to a read-only table keeps its hint after the Swedish text") {
        const Message m = rule_error("    submission.organisation = 'X'");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: inlämningen är skrivskyddad — regler får "
                      "inte ändra inlämningen, policyn eller biblioteken; kopiera till en lokal tabell först");
        CHECK(m.en == "Rule test.x (rules/x.lua:6) was stopped: error in the rule: the submission is read-only — rules "
                      "may not change the submission, the policy or the libraries; copy into a local table first");
    }
}

TEST_CASE("a sandbox error caught with pcall leaves no Swedish text for a later, different error") {
    SUBCASE("then an error from Lua itself") {
        const Message m = rule_error("    local ok = pcall(report, { at = '', en = 'e' })\n"
                                     "    local t = nil\n"
                                     "    local x = t.y");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:8) avbröts: fel i regeln: attempt to index a nil value (local 't') — "
                      "'t' finns inte (nil) här, så inget kan läsas ur det. Kontrollera stavningen mot "
                      "inlämningsformatet (docs/format.md) eller policypaketet, eller testa först: if x ~= nil then "
                      "... end");
        CHECK(m.en == "Rule test.x (rules/x.lua:8) was stopped: error in the rule: attempt to index a nil value (local "
                      "'t') — 't' does not exist (nil) here, so nothing can be read from it. Check the spelling against "
                      "the submission format (docs/format.md) or the policy pack, or test it first: if x ~= nil then "
                      "... end");
    }
    SUBCASE("then the rule's own error()") {
        const Message m = rule_error("    local ok, e = pcall(function() return io.open end)\n"
                                     "    error('stopp: ' .. tostring(ok), 0)");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:7) avbröts: fel i regeln: stopp: false");
        CHECK(m.en == "Rule test.x (rules/x.lua:7) was stopped: error in the rule: stopp: false");
    }
    SUBCASE("then a different sandbox error") {
        const Message m = rule_error("    pcall(function() return os.time() end)\n"
                                     "    report{ at = '', sv = 's', en = 'e', sverity = 'error' }");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:7) avbröts: fel i regeln: report: okänt fält 'sverity'; fälten är "
                      "at, key, year, sv, en, expected, actual, difference och severity");
    }
    SUBCASE("rethrowing the caught error keeps it Swedish") {
        const Message m = rule_error("    local ok, e = pcall(report, { at = '', en = 'e' })\n"
                                     "    error(e, 0)");
        CHECK(m.sv == "Regeln test.x (rules/x.lua:6) avbröts: fel i regeln: report: fältet 'sv' saknas; varje fynd "
                      "behöver ett meddelande på svenska (sv) och på engelska (en)");
    }
    SUBCASE("Lua code sees the English text") {
        RuleHost host = load_ok({{"rules/x.lua", rule("test.x", "    local ok, e = pcall(function() return io.open end)\n"
                                                                "    report{ at = '', sv = e, en = e }")}});
        const Doc sub = submission();
        const auto findings = all(host.run(sub.input(), {}, {}));
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].message.sv == "rules/x.lua:6: blocked function 'io.open': rules cannot read or write files");
    }
}

TEST_CASE("a million findings are capped with a notice") {
    RuleHost host = load_ok({kGoodBefore,
                             {"rules/many.lua", rule("test.many",
                                                     "    for i = 1, 1000000 do\n"
                                                     "      report{ at = '/areas/0', sv = 'fynd ' .. i, en = 'finding ' .. i }\n"
                                                     "    end", "warning")},
                             kGoodAfter});
    const Doc sub = submission();
    const Doc pol = policy();
    const double start = cpu_seconds();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    CHECK(cpu_seconds() - start < kHangGuardSeconds);
    REQUIRE(findings.size() == 1 + 1000 + 1 + 2);
    check_good(findings[0]);
    CHECK(findings[1].rule_id == "test.many");
    CHECK(findings[1].severity == Severity::Warning);
    CHECK(findings[1].message.en == "finding 1");
    CHECK(findings[1000].message.sv == "fynd 1000");
    CHECK(findings[1000].location.line == 4);
    const Finding& notice = findings[1001];
    CHECK(notice.rule_id == "engine.findings-capped");
    CHECK(notice.severity == Severity::Notice);
    CHECK(notice.location.pointer == "");
    CHECK(notice.message.en ==
          "Rule test.many reported 1,000,000 findings; the first 1,000 are shown and 999,000 were left out");
    CHECK(notice.message.sv ==
          "Regeln test.many rapporterade 1 000 000 fynd; de första 1 000 visas och 999 000 utelämnades");
    check_good_after(findings[1002], findings[1003]);
}

TEST_CASE("a cap of one finding is said in the singular") {
    rules::RuleLimits limits;
    limits.findings_per_rule = 1;
    RuleHost host = load_ok({{"rules/two.lua", rule("test.two",
                                                    "    report{ at = '/areas/0', sv = 'a', en = 'a' }\n"
                                                    "    report{ at = '/areas/0', sv = 'b', en = 'b' }")}},
                            {}, limits);
    const Doc sub = submission();
    const Doc pol = policy();
    const auto findings = all(host.run(sub.input(), pol.input(), {}));
    REQUIRE(findings.size() == 2);
    CHECK(findings[1].rule_id == "engine.findings-capped");
    CHECK(findings[1].message.sv == "Regeln test.two rapporterade 2 fynd; det första visas och 1 utelämnades");
    CHECK(findings[1].message.en == "Rule test.two reported 2 findings; the first is shown and 1 was left out");
}

TEST_CASE("funding and skip options select the rules") {
    const std::string both = "  applies_to = { \"appropriation\", \"revenue\" },\n";
    auto with = [](std::string text, const std::string& line) { return text.insert(text.find("  severity"), line); };
    RuleHost host = load_ok(
        {{"rules/a.lua", with(rule("test.appropriation", "report{ at = '', sv = 'a', en = 'a' }"),
                              "  applies_to = { \"appropriation\" },\n")},
         {"rules/r.lua", with(rule("test.revenue", "report{ at = '', sv = 'r', en = 'r' }"),
                              "  applies_to = { \"revenue\" },\n")},
         {"rules/b.lua", with(rule("test.both", "report{ at = '', sv = 'b', en = 'b' }"), both)},
         {"rules/n.lua", rule("test.none", "report{ at = '', sv = 'n', en = 'n' }")}});
    CHECK(host.rules()[0].applies_to == std::vector<std::string>{"appropriation"});
    const Doc sub = submission();
    auto ids = [&](const rules::RunOptions& o) {
        std::string out;
        for (const auto& f : all(host.run(sub.input(), {}, o))) out += f.message.sv;
        return out;
    };
    CHECK(ids({}) == "arbn");
    CHECK(ids({"revenue", {}}) == "rbn");
    CHECK(ids({"appropriation", {"test.none"}}) == "ab");
}

TEST_CASE("load errors are collected together with file and line") {
    const auto errors = load_errors(
        {{"rules/syntax.lua", "return {\n  id = \"a.b\",\n  check = function(s, p, r)\n    if x then\n    end"},
         {"rules/noid.lua", "return {\n  title = { sv = \"T\", en = \"T\" },\n  severity = \"error\",\n"
                            "  check = function() end,\n}\n"},
         {"rules/typo.lua", "return {\n  id = \"x.typo\",\n  title = { sv = \"T\", en = \"T\" },\n"
                            "  sverity = \"error\",\n  severity = \"fatal\",\n  check = 5,\n}\n"},
         {"rules/nothing.lua", "local x = 1\n"},
         {"rules/one.lua", rule("dup.id", "")},
         {"rules/two.lua", rule("dup.id", "")},
         {"rules/Bad-Id.lua", rule("Bad Id", "")},
         {"rules/runtime.lua", "local t = nil\nreturn { id = t.x }\n"}},
        {{"rules/lib/budget.lua", "return 5\n"}});
    std::vector<std::string> shown;
    for (const auto& e : errors) shown.push_back(e.file + ":" + std::to_string(e.line) + ": " + e.code + ": " + e.message.en);
    const std::vector<std::string> expected = {
        "rules/lib/budget.lua:1: library.not-a-table: the file must end with 'return { ... }' giving a table, but it "
        "returned a number",
        "rules/syntax.lua:5: rule.syntax: syntax error: 'end' expected (to close 'function' at line 3) near <eof> "
        "(every 'function', 'if', 'for', 'while' and 'do' needs a matching 'end')",
        "rules/noid.lua:1: rule.missing-field: the rule has no 'id'; add id = \"area.name\"",
        "rules/typo.lua:4: rule.unknown-field: unknown field 'sverity' in the rule; did you mean 'severity'? The "
        "fields are id, title, severity, source, applies_to, explain, parameters and check",
        "rules/typo.lua:5: rule.bad-field: the rule's 'severity' must be \"error\", \"warning\" or \"notice\"",
        "rules/typo.lua:6: rule.bad-field: the rule's 'check' must be a function, not a number",
        "rules/nothing.lua:0: rule.not-a-table: the file must end with 'return { ... }' giving a table, but it "
        "returned nothing",
        "rules/two.lua:2: rule.duplicate-id: the rule id 'dup.id' is already used by rules/one.lua; give each rule "
        "its own id",
        "rules/Bad-Id.lua:2: rule.bad-field: the rule id 'Bad Id' must be lower-case words joined by dots, such as "
        "\"investment.within-frame\"",
        "rules/runtime.lua:2: rule.load-error: the file failed while loading: attempt to index a nil value (local 't')",
    };
    CHECK(shown.size() == expected.size());
    for (std::size_t i = 0; i < std::min(shown.size(), expected.size()); ++i) CHECK(shown[i] == expected[i]);
    REQUIRE(errors.size() >= 2);
    CHECK(errors[1].snippet == "    end");
    CHECK(errors[2].snippet == "return {");
}

TEST_CASE("code nested deeper than Lua's parser goes is a syntax error that says so") {
    // 100 000 parentheses, or a chain of 100 000 '..': Lua stops at 200
    // levels with "C stack overflow" and no line; nothing crashes.
    for (const std::string& text : {"return " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n",
                                    "local x = 'a'" + [] {
                                        std::string s;
                                        for (int i = 0; i < 100000; ++i) s += " .. 'a'";
                                        return s;
                                    }() + "\nreturn {}\n"}) {
        const auto errors = load_errors({{"rules/deep.lua", text}}, {});
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].code == "rule.syntax");
        CHECK(errors[0].message.en ==
              "syntax error: C stack overflow (the code is nested too deeply for Lua: more than about 200 levels of "
              "brackets, braces, blocks or operators in one chain such as a .. b .. c; split it up)");
    }
}

TEST_CASE("a rule file saved as UTF-16 is named as such") {
    // Before: "syntax error: unexpected symbol near '<\255>'".
    std::string text;
    for (const char c : std::string("\xFF\xFEreturn {}\n")) {
        text += c;
        if (static_cast<unsigned char>(c) < 0x80) text += '\0';
    }
    const auto errors = load_errors({{"rules/u16.lua", text}}, {});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "rule.encoding");
    CHECK(errors[0].message.en == "the file is encoded as UTF-16 LE; save it as UTF-8");
    CHECK(errors[0].message.sv == "filen är kodad som UTF-16 LE; spara den som UTF-8");
}

TEST_CASE("a rule table with thousands of bad keys gives a bounded number of load errors") {
    // 30 000 unknown names and 30 000 list items: one error each, each
    // searching the file for its line, was quadratic at load (100 000 keys:
    // 3.7 s, 200 MB, 28 MB of output). The first 20 are shown, then a count;
    // a list part is said once.
    std::string text = "return {\n  id = \"x.many\",\n";
    for (int i = 0; i < 30000; ++i) text += "  f" + std::to_string(i) + " = 1, " + std::to_string(i) + ",\n";
    text += "}\n";
    const auto errors = load_errors({{"rules/many.lua", text}}, {});
    REQUIRE(errors.size() == 21);
    CHECK(errors[0].message.en == "the rule table may only have named fields (id = ..., title = ..., ...)");
    CHECK(errors[1].message.en.rfind("unknown field 'f", 0) == 0);
    CHECK(errors[20].line == 1);
    CHECK(errors[20].code == "rule.bad-field");
    // The list part, 30 000 unknown fields, no title, severity or check: 30 004, 20 shown.
    CHECK(errors[20].message.en == "29984 more problems in the rule table are not shown (the first 20 are)");
    CHECK(errors[20].message.sv == "ytterligare 29984 fel i regeltabellen visas inte (de första 20 visas)");
}

TEST_CASE("rule metadata is read") {
    RuleHost host = load_ok({{"rules/investment/within-frame.lua", R"(return {
  id = "investment.within-frame",
  title = { sv = "Investeringar inom ram", en = "Investments within the frame" },
  severity = "warning",
  source = { decision = "KF 2023-06-13 § 222", document = "002", quote = "Investeringsram enligt beslut i KF" },
  applies_to = { "appropriation", "revenue" },
  explain = { sv = [[Vad, varför, hur.]], en = [[What, why, how.]] },
  check = function(submission, policy, report) end,
}
)"}});
    REQUIRE(host.rules().size() == 1);
    const rules::RuleInfo& r = host.rules()[0];
    CHECK(r.id == "investment.within-frame");
    CHECK(r.title.sv == "Investeringar inom ram");
    CHECK(r.title.en == "Investments within the frame");
    CHECK(r.severity == Severity::Warning);
    CHECK(r.source.decision == "KF 2023-06-13 § 222");
    CHECK(r.source.document == "002");
    CHECK(r.source.quote == "Investeringsram enligt beslut i KF");
    CHECK(r.applies_to == std::vector<std::string>{"appropriation", "revenue"});
    CHECK(r.explain.en == "What, why, how.");
    CHECK(r.file == "rules/investment/within-frame.lua");
}

TEST_CASE("errors inside library functions name the library line") {
    const SourceText lib{"rules/lib/budget.lua", "local M = {}\nfunction M.fail()\n  error('library says no')\nend\nreturn M\n"};
    RuleHost host = load_ok({{"rules/x.lua", rule("test.x", "    budget.fail()")}}, {lib});
    const Doc sub = submission();
    const auto f = all(host.run(sub.input(), {}, {}));
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.en ==
          "Rule test.x (rules/lib/budget.lua:3) was stopped: error in the rule: library says no");
}

TEST_CASE("a rule cannot keep document values for the next run") {
    RuleHost host = load_ok({{"rules/keep.lua", rule("test.keep", R"(
    if kept then
      local ok, err = pcall(report, { at = kept, sv = 's', en = 'e' })
      report{ at = "", sv = tostring(ok), en = (tostring(err):gsub("^.-:%d+: ", "")) }
    end
    kept = submission.areas)")}});
    const Doc sub = submission();
    // Every run starts from fresh globals (issue 12 item 3): `kept` is nil
    // again, so nothing of the earlier document is there to report. (The
    // generation check that refuses old values stays as a second line.)
    CHECK(all(host.run(sub.input(), {}, {})).empty());
    CHECK(all(host.run(sub.input(), {}, {})).empty());
}

TEST_CASE("a dozen small rules share one conversion, run after run") {
    // About 30 KB: 80 areas with 6 yearly amounts, names and notes.
    std::string text = "{\"organisation\": \"VSS\", \"years\": [2024, 2025, 2026, 2027, 2028, 2029], \"areas\": [";
    std::vector<std::pair<std::string, std::int64_t>> money;
    for (int a = 0; a < 80; ++a) {
        if (a) text += ",\n";
        text += "{\"name\": \"Verksamhetsområde " + std::to_string(a) + "\", \"note\": \"En anteckning om området, lite längre så att "
                "dokumentet blir ungefär lika stort som en riktig nämndbudget med text\", "
                "\"indicator\": {\"name\": \"Sjukfrånvaro\", \"target\": {\"2024\": 5.5, \"2025\": 5.0}}, "
                "\"cost\": [";
        for (int y = 0; y < 6; ++y) {
            text += (y ? ", " : "") + std::to_string(20 + a) + "." + std::to_string(y);
            money.emplace_back("/areas/" + std::to_string(a) + "/cost/" + std::to_string(y), (20 + a) * 1'000'000 + y * 100'000);
        }
        text += "], \"revenue\": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], \"net\": [0, 0, 0, 0, 0, 0]}";
    }
    text += "]}";
    CHECK(text.size() > 25'000);
    const Doc sub = parse(text, money);
    const Doc pol = policy();
    std::vector<SourceText> rules;
    for (int r = 0; r < 12; ++r)
        rules.push_back({"rules/r" + std::to_string(r) + ".lua", rule("perf.r" + std::to_string(r), R"(
    -- a small rule: one pass over the areas, a few reads each
    local frame = policy.frame
    for i, area in ipairs(submission.areas) do
      if area.net[1] ~= 0 or area.cost[1] > frame[1] * 100 then
        report{ at = area.net, key = 1, sv = "s", en = "e" }
      end
    end
    if #submission.years ~= 6 then report{ at = "/years", sv = "s", en = "e" } end)")});
    RuleHost host = load_ok(rules);
    // Many runs over one state: every run gives the same (empty) result and
    // the state does not grow (each run's conversion is collected). Speed is
    // measured by bench/ (docs/performance.md), not here.
    all(host.run(sub.input(), pol.input(), {}));
    const std::size_t after_first = host.memory_in_use();
    for (int i = 0; i < 300; ++i) CHECK(all(host.run(sub.input(), pol.input(), {})).empty());
    CHECK(host.memory_in_use() < after_first + (1u << 20));
}
