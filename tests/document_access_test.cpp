// How rules see the submission and the policy: read-only tables whose reads,
// lengths, iteration, identity and numbers behave like plain Lua tables,
// however the host builds them (issue 12 item 11 made document access
// cheap; these tests pin the semantics that must not change with it).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
using lua::RuleHost;
using rules::SourceText;

namespace {

constexpr const char* kSubmission = R"({
  "organisation": "VSS",
  "areas": [
    {"name": "Stab", "cost": {"2024": 29.4, "2025": 29.5}},
    {"name": "Ekonomi", "cost": {"2024": 42.3, "2025": 43.4}}
  ],
  "list": [1, null, 3],
  "empty": [],
  "nothing": {},
  "__index": "a key named like a metamethod",
  "__len": 7,
  "long": "a text longer than forty bytes, so Lua does not intern it, read twice",
  "ratio": 0.5
})";

struct Doc {
    std::shared_ptr<const json::Document> document;
    rules::MoneyValues money;
    rules::DocumentInput input() const { return {document.get(), &money}; }
    // As the engine passes its policy packs: the host may keep the Lua values.
    rules::DocumentInput kept() const { return {document.get(), &money, document}; }
};

Doc parse(std::string text, const std::vector<std::pair<std::string, std::int64_t>>& money = {}) {
    auto r = json::parse(std::move(text));
    REQUIRE(r.document);
    Doc d{std::shared_ptr<const json::Document>(std::move(r.document)), {}};
    for (const auto& [pointer, kronor] : money) {
        const json::Value v = d.document->resolve(pointer);
        REQUIRE(v.valid());
        d.money.emplace_back(v.id(), kronor);
    }
    std::sort(d.money.begin(), d.money.end());
    return d;
}

Doc submission() {
    return parse(kSubmission, {{"/areas/0/cost/2024", 29'400'000},
                               {"/areas/0/cost/2025", 29'500'000},
                               {"/areas/1/cost/2024", 42'300'000},
                               {"/areas/1/cost/2025", 43'400'000}});
}

Doc policy(int frame) {
    return parse("{\"frame\": {\"2024\": " + std::to_string(frame) + "}, \"name\": \"KF " + std::to_string(frame) + "\"}",
                 {{"/frame/2024", frame * 1'000'000LL}});
}

// A rule file; the body starts on line 6.
std::string rule(const std::string& id, const std::string& body) {
    return "return {\n"
           "  id = \"" + id + "\",\n"
           "  title = { sv = \"Titel\", en = \"Title\" },\n"
           "  severity = \"error\",\n"
           "  check = function(submission, policy, report)\n" +
           body +
           "\n  end,\n"
           "}\n";
}

RuleHost load_ok(std::vector<SourceText> rules) {
    auto r = RuleHost::load({}, std::move(rules));
    if (auto* errors = std::get_if<std::vector<InputError>>(&r)) {
        for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.code << ": " << e.message.en);
        FAIL("the rules did not load");
    }
    return std::move(std::get<RuleHost>(r));
}

// Runs one rule whose findings each carry one observation in `sv`.
std::vector<std::string> observe(const std::string& body, const Doc& sub, const Doc* pol = nullptr) {
    RuleHost host = load_ok({{"rules/observe.lua", rule("test.observe", body)}});
    const auto findings = testing::all(host.run(sub.input(), pol ? pol->input() : rules::DocumentInput{}, {}));
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.rule_id == "test.observe" ? f.message.sv : f.message.en);
    return out;
}

// One line for a readable failure message.
std::string joined(const std::vector<std::string>& seen) {
    std::string out;
    for (const auto& s : seen) out += (out.empty() ? "" : "|") + s;
    return out;
}

}  // namespace

TEST_CASE("a document table is the same table however it is reached") {
    const Doc sub = submission();
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = tostring(x), en = "-" } end
    say(submission.areas == submission.areas)
    say(submission.areas[1] == submission.areas[1])
    say(submission.areas[2].cost == submission.areas[2].cost)
    local via_pairs
    for k, v in pairs(submission) do if k == "areas" then via_pairs = v end end
    say(via_pairs == submission.areas)
    local via_ipairs
    for i, v in ipairs(submission.areas) do if i == 2 then via_ipairs = v end end
    say(via_ipairs == submission.areas[2])
    local seen = { [submission.areas[1]] = "first" }
    say(seen[submission.areas[1]])
    say(submission.long == submission.long and #submission.long))",
                              sub);
    CHECK(joined(seen) == "true|true|true|true|true|first|69");
}

TEST_CASE("reads with keys of the wrong kind give nil, as on a plain table") {
    const Doc sub = submission();
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = tostring(x), en = "-" } end
    say(submission.areas["1"])
    say(submission.areas[1.0].name)
    say(submission.areas[1.5])
    say(submission.areas[0])
    say(submission.areas[3])
    say(submission[1])
    say(submission.areas[true])
    say(submission.areas[1].cost[2024])
    say(submission.areas[1].cost["2024"])
    say(submission["__index"])
    say(submission.__len)
    say(submission.missing))",
                              sub);
    CHECK(joined(seen) == "nil|Stab|nil|nil|nil|nil|nil|nil|29400000|a key named like a metamethod|7|nil");
}

TEST_CASE("length, ipairs, pairs and next see the document's values, nulls included") {
    const Doc sub = submission();
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = tostring(x), en = "-" } end
    say(#submission .. " " .. #submission.areas .. " " .. #submission.list .. " " .. #submission.empty ..
        " " .. #submission.nothing)
    local items = {}
    for i, v in ipairs(submission.list) do items[#items + 1] = i .. "=" .. tostring(v) end
    say(table.concat(items, ","))
    items = {}
    for i, v in ipairs(submission) do items[#items + 1] = i end
    for i, v in ipairs(submission.nothing) do items[#items + 1] = i end
    for i, v in ipairs(submission.empty) do items[#items + 1] = i end
    say(#items)
    items = {}
    for k, v in pairs(submission.areas[2].cost) do items[#items + 1] = k .. "=" .. v end
    say(table.concat(items, ","))
    -- next visits every member once, in some order, and ends with nil
    local keys, k = {}, next(submission)
    while k ~= nil do keys[#keys + 1] = k; k = next(submission, k) end
    table.sort(keys)
    say(table.concat(keys, ","))
    say(next(submission.empty))
    say(select("#", next(submission.nothing)))
    local i, v = next(submission.list, 1)
    say(i .. "=" .. tostring(v))
    say(next(submission.list, 3))
    -- a part without "__" keys is its own metatable: next shows no metafield
    keys, k = {}, next(submission.areas[2].cost)
    while k ~= nil do keys[#keys + 1] = k; k = next(submission.areas[2].cost, k) end
    table.sort(keys)
    say(table.concat(keys, ","))
    say(submission.areas[2].cost.__index)
    say(submission.areas[2].__metatable)
    -- library functions that read through the metatable
    say(table.concat(submission.areas[1].cost, ",") == "")
    say(select("#", table.unpack(submission.list)))
    say(table.unpack(submission.list, 3, 3))
    local names = {}
    for _, area in ipairs(submission.areas) do names[#names + 1] = area.name end
    say(table.concat(names, "+"))
    -- ipairs on things that are not document tables still works
    items = {}
    for i, v in ipairs({ "a", "b" }) do items[#items + 1] = v end
    for i, v in ipairs("xy") do items[#items + 1] = v end
    say(table.concat(items))
    -- the document iterator called by hand past the last integer wraps as Lua's own does
    local step, state = ipairs(submission.list)
    say(tostring(step(state, math.maxinteger))))",
                              sub);
    CHECK(joined(seen) == "0 2 3 0 0|1=1,2=null,3=3|0|2024=42300000,2025=43400000|__index,__len,areas,empty,list,long,nothing,organisation,ratio|nil|1|2=null|nil|2024,2025|nil|nil|true|3|3|Stab+Ekonomi|ab|nil");
}

TEST_CASE("numbers: money as integer kronor in both documents, other numbers as written") {
    const Doc sub = submission();
    const Doc pol = policy(61);
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = math.type(x) .. ":" .. tostring(x), en = "-" } end
    say(submission.areas[1].cost["2025"])
    say(policy.frame["2024"])
    say(submission.ratio)
    say(submission.list[3])
    say(submission.__len))",
                              sub, &pol);
    CHECK(joined(seen) == "integer:29500000|integer:61000000|float:0.5|integer:3|integer:7");
}

TEST_CASE("every way of writing to a document table fails with a message naming the rule's line") {
    const Doc sub = submission();
    const Doc pol = policy(61);
    const auto seen = observe(R"(
    local attempts = {
      function() submission.organisation = "x" end,
      function() submission.areas[1] = 1 end,
      function() submission.areas[3] = 1 end,
      function() submission.areas[1].cost["2024"] = 0 end,
      function() table.remove(submission.list) end,
      function() table.insert(submission.empty, 1) end,
      function() submission.__index = 1 end,
      function() policy.frame["2024"] = 1 end,
      function() policy.extra = {} end,
    }
    for _, f in ipairs(attempts) do
      local ok, err = pcall(f)
      report{ at = "", sv = tostring(ok) .. " " .. tostring(err), en = "-" }
    end)",
                              sub, &pol);
    INFO(joined(seen));
    REQUIRE(seen.size() == 9);
    for (std::size_t i = 0; i < 9; ++i) {
        INFO(seen[i]);
        CHECK(seen[i].rfind("false rules/observe.lua:" + std::to_string(8 + i) + ": ", 0) == 0);
        CHECK(seen[i].find(i < 7 ? "the submission is read-only" : "the policy is read-only") != std::string::npos);
    }
    // Not caught: the rule is stopped, and its error names rule, file and line.
    const auto stopped = observe("\n    submission.areas[2].name = \"stolen\"", sub, &pol);
    REQUIRE(stopped.size() == 1);
    CHECK(stopped[0] ==
          "Rule test.observe (rules/observe.lua:7) was stopped: error in the rule: the submission is read-only — rules "
          "may not change the submission, the policy or the libraries; copy into a local table first");
}

TEST_CASE("deep and wide documents are read correctly") {
    std::string deep;
    for (int i = 0; i < 400; ++i) deep += "[";
    deep += "\"bottom\"";
    for (int i = 0; i < 400; ++i) deep += "]";
    std::string wide = "{";
    for (int i = 0; i < 3000; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": " + std::to_string(i);
    wide += "}";
    const Doc sub = parse("{\"deep\": " + deep + ", \"wide\": " + wide + "}");
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = tostring(x), en = "-" } end
    local x = submission.deep
    for i = 1, 400 do x = x[1] end
    say(x)
    local sum = 0
    for i = 0, 2999 do sum = sum + submission.wide["k" .. i] end
    say(sum)
    local n, last = 0
    for k, v in pairs(submission.wide) do n = n + 1; last = k end
    say(n .. " " .. last)
    say(submission.wide.k3000))",
                              sub);
    CHECK(joined(seen) == "bottom|4498500|3000 k2999|nil");
}

TEST_CASE("a host run after run sees each run's own documents, also when one is freed and another takes its place") {
    RuleHost host = load_ok({{"rules/observe.lua", rule("test.observe", R"(
    report{ at = "", sv = policy.name .. " " .. policy.frame["2024"] .. " " .. submission.areas[1].name, en = "-" })")}});
    const Doc sub = submission();
    for (int frame : {61, 62, 61, 63}) {
        // A new policy each time: the earlier one is freed first, so the new
        // one may well live at the same address.
        const Doc pol = policy(frame);
        const auto findings = testing::all(host.run(sub.input(), pol.input(), {}));
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].message.sv ==
              "KF " + std::to_string(frame) + " " + std::to_string(frame * 1'000'000LL) + " Stab");
    }
    // The same policy document run after run (as the engine passes its
    // packs), with other submissions between.
    const Doc kept = policy(70);
    for (int round = 0; round < 3; ++round) {
        const Doc other = parse(R"({"areas": [{"name": "Runda )" + std::to_string(round) + R"("}]})");
        const auto findings = testing::all(host.run(other.input(), kept.input(), {}));
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].message.sv == "KF 70 70000000 Runda " + std::to_string(round));
    }
    // Kept by the host between runs, replaced by another kept policy, kept
    // again, and passed without keeping.
    const Doc other_kept = policy(80);
    for (const Doc* pol : {&kept, &kept, &other_kept, &kept, &other_kept}) {
        for (const bool keep : {true, false}) {
            const auto findings = testing::all(host.run(sub.input(), keep ? pol->kept() : pol->input(), {}));
            REQUIRE(findings.size() == 1);
            const long long frame = pol == &kept ? 70 : 80;
            CHECK(findings[0].message.sv ==
                  "KF " + std::to_string(frame) + " " + std::to_string(frame * 1'000'000) + " Stab");
        }
    }
}

TEST_CASE("a kept policy's values are never writable and a rule cannot keep them past the policy's lifetime") {
    RuleHost host = load_ok({{"rules/observe.lua", rule("test.observe", R"(
    local ok, err = pcall(function() policy.frame["2024"] = 1 end)
    report{ at = "", sv = tostring(ok) .. " " .. tostring(err):gsub("^.-:%d+: ", "") .. " " .. policy.frame["2024"],
            en = "-" })")}});
    const Doc sub = submission();
    const Doc pol = policy(70);
    for (int round = 0; round < 3; ++round) {
        const auto findings = testing::all(host.run(sub.input(), pol.kept(), {}));
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].message.sv == "false the policy is read-only 70000000");
    }
}

TEST_CASE("ipairs over a document list hands the rule the read-only list, never its data table") {
    // ipairs over a document list reads the converted data directly (issue
    // 12 item 11); what a rule can reach through it stays read-only.
    const Doc sub = submission();
    const auto seen = observe(R"(
    local function say(x) report{ at = "", sv = tostring(x), en = "-" } end
    local f, s, i = ipairs(submission.list)
    say(s == submission.list)
    say(i)
    local ok, err = pcall(function() s[1] = 5 end)
    say(tostring(ok) .. " " .. err:gsub("^.-:%d+: ", ""))
    say(select("#", f(s, 0)) .. " " .. tostring(f(s, 0)) .. " " .. tostring(select(2, f(s, 0))))
    say(select("#", f(s, 3)) .. " " .. tostring(f(s, 3)))
    say(tostring(f(s, 1)) .. " " .. tostring(select(2, f(s, 1))))
    say(submission.list[1])
    local ok2, err2 = pcall(function() return ipairs() end)
    say(tostring(ok2) .. " " .. err2:gsub("^.-:%d+: ", "")))",
                              sub);
    CHECK(joined(seen) ==
          "true|0|false the submission is read-only|2 1 1|1 nil|2 null|1|false bad argument #1 to 'ipairs' (value expected)");
}
