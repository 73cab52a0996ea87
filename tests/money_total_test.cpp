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
    CHECK(e.column == 57);
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
    CHECK(over.errors[0].line == 14);  // the stated total's 1 kr crosses the limit
}
