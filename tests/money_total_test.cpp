// Sums that would wrap: the engine limits the total of the absolute values of
// all money in one file to 2^53 kr (docs/limits.md), and rules/lib/budget.lua
// checks its own arithmetic. Issue 11 item 2: 2 048 rows of 2^53 kr used to
// "add up" to a stated total of 0 (2^64 wraps to 0) and 1 024 rows passed the
// investment frame (2^63 wraps to a negative number).
#include <string>

#include "test_support.hpp"

using namespace budgetcheck;

namespace {

constexpr const char* k2p53 = "9007199254740992";

// A small valid submission in whole kronor whose investment rows are `rows`
// (JSON text of the row objects) and whose stated net total is `stated`.
std::string submission(const std::string& rows, const std::string& stated) {
    return R"J({
  "format_version": "1.0",
  "municipality": "linkoping",
  "organisation": {"id": "vss", "name": "Verksamhetsstöd och service (VSS)", "kind": "administration", "funding": "revenue"},
  "kf_decision": {"date": "2023-06-13"},
  "budget_year": 2024,
  "plan_years": [2025, 2026, 2027, 2028, 2029],
  "unit": "kr",
  "decimals": 0,
  "investments": {
    "rows": [)J" + rows + R"J(],
    "stated_total": {"net": {"2024": )J" + stated + R"J(}}
  }
})J";
}

std::string big_rows(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += std::string(i ? ",\n" : "\n") + R"(      {"name": "r", "request": false, "net": {"2024": )" + k2p53 + "}}";
    return out;
}

FileReport check(const std::string& text) { return testing::repository_engine().validate_text(text, "big.json"); }

}  // namespace

TEST_CASE("2 048 rows of 2^53 kr against a stated total 0: an input error where the total crosses 2^53") {
    const FileReport r = check(submission(big_rows(2048), "0"));
    REQUIRE(r.errors.size() == 1);
    const InputError& e = r.errors[0];
    CHECK(e.code == "limit.money-total");
    CHECK(e.file == "big.json");
    // the first row reaches 2^53 exactly; the second (line 13) crosses it
    CHECK(e.line == 13);
    CHECK(e.column == 55);
    CHECK(e.message.en.find("more than 9 007 199 254 740 992 kr (2^53) at the amount 9007199254740992") !=
          std::string::npos);
    CHECK(e.message.sv.find("mer än 9 007 199 254 740 992 kr (2^53)") != std::string::npos);
    CHECK(r.findings.empty());  // the rules never saw a wrapped sum
}

TEST_CASE("1 024 rows of 2^53 kr against the investment frame: an input error, not a pass") {
    const FileReport r = check(submission(big_rows(1024), "0"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == "limit.money-total");
    CHECK(r.errors[0].line == 13);
    CHECK(r.findings.empty());
}

TEST_CASE("a total of exactly 2^53 kr is accepted and summed exactly; 1 kr more is refused") {
    // two rows of 2^52 and a stated total 1 kr short would make 2^53 + 2^53 - 1:
    // keep the stated total 0 so the file's total is exactly 2^53.
    const std::string half = "4503599627370496";  // 2^52
    const std::string rows = R"({"name": "a", "request": false, "net": {"2024": )" + half +
                             R"(}}, {"name": "b", "request": false, "net": {"2024": )" + half + "}}";
    const FileReport ok = check(submission(rows, "0"));
    REQUIRE(ok.errors.empty());
    bool sum_reported = false;
    for (const auto& f : ok.findings)
        if (f.rule_id == "arithmetic.stated-totals" && f.year == 2024) {
            sum_reported = true;
            CHECK(f.expected == "9\u00A0007\u00A0199\u00A0254\u00A0740\u00A0992 kr");  // exact, not wrapped
            CHECK(f.actual == "0 kr");
        }
    CHECK(sum_reported);
    const FileReport over = check(submission(rows, "1"));
    REQUIRE(over.errors.size() == 1);
    CHECK(over.errors[0].code == "limit.money-total");
    CHECK(over.errors[0].line == 12);  // the stated total's 1 kr crosses the limit
}

// rules/lib/budget.lua's own arithmetic, through the rule host with the real
// library: an overflow stops the rule with a clear error, never a wrapped sum.
#include "json/document.hpp"
#include "lua/rule_host.hpp"

namespace {

std::vector<Finding> run_with_budget(const std::string& body) {
    const rules::SourceText lib{"rules/lib/budget.lua",
                              testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/lib/budget.lua")};
    const rules::SourceText rule{"rules/t.lua", "return { id = 'test.arith', title = { sv = 's', en = 'e' }, "
                                              "severity = 'error', check = function(submission, policy, report)\n" +
                                                  body + "\nend }\n"};
    auto loaded = lua::RuleHost::load({lib}, {rule}, {});
    REQUIRE(std::holds_alternative<lua::RuleHost>(loaded));
    auto parsed = json::parse("{}");
    REQUIRE(parsed.document);
    const rules::MoneyValues none;
    return std::get<lua::RuleHost>(loaded).run(rules::DocumentInput{parsed.document.get(), &none},
                                               rules::DocumentInput{parsed.document.get(), &none}, {});
}

}  // namespace

TEST_CASE("budget.lua: sums, differences and products that overflow raise an error") {
    // 2 048 series of 2^53 kr: the plain Lua sum wraps to 0; budget.sum stops.
    auto f = run_with_budget(R"L(
    local rows = {}
    for i = 1, 2048 do rows[i] = { ["2024"] = 1 << 53 } end
    local wrapped = 0
    for i = 1, 2048 do wrapped = wrapped + (1 << 53) end
    assert(wrapped == 0)  -- what an unchecked sum gives
    budget.sum(rows, 2024))L");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule_id == "engine.rule-error");
    CHECK(f[0].message.en.find("budget.add(") != std::string::npos);
    CHECK(f[0].message.en.find("overflows 64-bit integers") != std::string::npos);
    for (const char* expr : {"budget.sub(math.mininteger, 1)", "budget.sub(0, math.mininteger)",
                             "budget.mul(1 << 53, 1 << 11)", "budget.mul(-1, math.mininteger)",
                             "budget.add(math.maxinteger, 1)", "budget.abs(math.mininteger)", "budget.add(0.5, 1)"}) {
        CAPTURE(expr);
        f = run_with_budget(std::string("    ") + expr);
        REQUIRE(f.size() == 1);
        CHECK(f[0].rule_id == "engine.rule-error");
    }
    // in range: exact results, and compare classifies exactly
    f = run_with_budget(R"L(
    assert(budget.add(1 << 62, (1 << 62) - 1) == math.maxinteger)
    assert(budget.sub(-(1 << 62), 1 << 62) == math.mininteger)
    assert(budget.mul(1 << 31, 1 << 31) == 1 << 62)
    local sub = { unit = "tkr", decimals = 0 }
    local pol = { rounding_tolerance = { per_row_kronor = {
      { unit = "tkr", decimals = 0, kronor = 0 }, { unit = "mnkr", decimals = 1, kronor = 50000 } } } }
    local c = budget.compare(sub, pol, 65187000, 65186000, 7)
    assert(c.status == "off" and c.off == 1000 and c.allowance == 0 and c.sv == "")
    local m = { unit = "mnkr", decimals = 1 }
    c = budget.compare(m, pol, 632400000, 632300000, 6)
    assert(c.status == "rounding" and c.allowance == 300000, c.status)
    assert(c.sv == "inom avrundningstoleransen 0,3 mnkr (6 rader × 0,05 mnkr)", c.sv)
    c = budget.compare(m, pol, 633300000, 632300000, 6)
    assert(c.status == "off" and c.en == "more than the rounding allowance of 0,3 mnkr (6 rows × 0,05 mnkr)", c.en)
    assert(budget.compare({ unit = "tkr", decimals = 2 }, pol, 1, 0, 3).status == "off")  -- unlisted: exact
    assert(budget.compare(m, pol, 5, 5, 6).status == "equal"))L");
    for (const auto& x : f) MESSAGE(x.message.en);
    CHECK(f.empty());
}
