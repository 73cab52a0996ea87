// Waivers: a waived finding is kept and marked, no longer fails the run;
// expired and unused waivers are reported; bad waiver files are refused.
#include <fmt/format.h>

#include "output/reporter.hpp"
#include "test_support.hpp"
#include "waivers.hpp"

using namespace budgetcheck;

namespace {
waivers::WaiverFile load_ok(std::string text) {
    auto loaded = waivers::load(std::move(text), "waivers.json", testing::repository_engine().waivers_schema());
    if (auto* errors = std::get_if<std::vector<InputError>>(&loaded)) {
        for (const auto& e : *errors) MESSAGE(e.line << ": " << e.message.en);
        FAIL("waiver file refused");
    }
    return std::get<waivers::WaiverFile>(loaded);
}
}  // namespace

TEST_CASE("a waiver marks the matching findings, keeps them, and the run passes") {
    auto report = testing::repository_engine().validate_file(std::string(BUDGETCHECK_SOURCE_DIR) +
                                                             "/samples/socialnamnden-2019.json");
    REQUIRE(output::file_fails(report, output::FailOn::Error));
    const auto waivers = load_ok(R"({"waivers": [
      {"rule": "investment.within-frame", "organisation": "socialnamnden", "pointer": "/investments",
       "reason": "KF beslutade om utökad ram", "decided_by": "KF", "decision_date": "2019-02-20"},
      {"rule": "medarbetare.mandatory-indicators", "organisation": "socialnamnden", "pointer": "/indicators",
       "reason": "HR kompletterar", "decided_by": "Ekonomidirektören", "decision_date": "2019-01-10"},
      {"rule": "medarbetare.gender-split", "organisation": "socialnamnden", "pointer": "/indicators",
       "reason": "HR kompletterar", "decided_by": "Ekonomidirektören", "decision_date": "2019-01-10"},
      {"rule": "savings.unspecified", "year": 2026, "reason": "x", "decided_by": "y", "decision_date": "2023-01-01"}
    ]})");
    const std::size_t before = report.findings.size();
    waivers::Usage usage;
    waivers::apply(waivers, report, "2019-03-01", usage);
    CHECK(report.findings.size() == before);  // nothing dropped
    std::size_t waived = 0;
    for (const auto& f : report.findings)
        if (f.waiver) {
            ++waived;
            CHECK((f.rule_id == "investment.within-frame" || f.rule_id == "medarbetare.mandatory-indicators" ||
                   f.rule_id == "medarbetare.gender-split"));
        }
    CHECK(waived == usage.matches[0] + usage.matches[1] + usage.matches[2]);
    CHECK(usage.matches[0] == 4);
    CHECK(usage.matches[2] == 2);  // the printed-but-empty Män/Kvinnor rows of two indicators
    CHECK_FALSE(output::file_fails(report, output::FailOn::Error));
    const auto unused = waivers::unused(waivers, usage, "2019-03-01");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0].en == "waivers.json:8: waiver for savings.unspecified matched no finding; remove it if it is no longer needed");
    CHECK(unused[0].sv ==
          "waivers.json:8: undantaget för savings.unspecified matchade inget fynd; ta bort det om det inte längre behövs");
}

TEST_CASE("an expired waiver no longer applies and is reported") {
    auto report = testing::repository_engine().validate_file(std::string(BUDGETCHECK_SOURCE_DIR) +
                                                             "/samples/socialnamnden-2019.json");
    const auto waivers = load_ok(R"({"waivers": [
      {"rule": "investment.within-frame", "year": 2019, "reason": "r", "decided_by": "KF",
       "decision_date": "2018-01-01", "expires": "2018-12-31"}]})");
    waivers::Usage usage;
    waivers::apply(waivers, report, "2019-03-01", usage);
    for (const auto& f : report.findings) CHECK_FALSE(f.waiver);
    std::size_t expired = 0;
    for (const auto& f : report.findings)
        if (f.rule_id == "waiver.expired") {
            ++expired;
            CHECK(f.severity == Severity::Warning);
            CHECK(f.message.en == "The waiver for investment.within-frame (waivers.json:2) expired on 2018-12-31 and no longer applies");
            // At its entry in the waiver file, which is what needs editing.
            CHECK(f.location.file == "waivers.json");
            CHECK(f.location.line == 2);
            CHECK(f.location.pointer.empty());
        }
    CHECK(expired == 1);
    CHECK(output::file_fails(report, output::FailOn::Error));
}

TEST_CASE("a broken waiver file is refused with every problem at its line and column, from the schema") {
    auto loaded = waivers::load(R"({"waivers": [
      {"rule": "investment.within-frame", "reson": "typo", "decided_by": "KF", "decision_date": "2019"},
      {"reason": "no rule and no scope", "decided_by": "KF", "decision_date": "2019-01-01"},
      {"rule": "x.y", "reason": "r", "decided_by": "KF", "decision_date": "2019-02-30", "yaer": 2019}]})",
                                "w.json", testing::repository_engine().waivers_schema());
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    std::string got;  // one line per problem, so a failure shows them
    for (const auto& e : std::get<std::vector<InputError>>(loaded))
        got += fmt::format("{}:{}:{} {} {}\n", e.file, e.line, e.column, e.code, e.message.en);
    CHECK(got ==
          "w.json:2:7 waiver.required Required field 'reason' is missing from 'waivers[0]'\n"
          "w.json:2:43 waiver.additionalProperties Field 'reson' is not allowed in 'waivers[0]'; did you mean 'reason'?\n"
          "w.json:2:97 waiver.format Field 'decision_date' is \"2019\" but must be a date (YYYY-MM-DD)\n"
          "w.json:3:7 waiver.required Required field 'rule' is missing from 'waivers[1]'\n"
          "w.json:4:75 waiver.format Field 'decision_date' is \"2019-02-30\" but must be a date (YYYY-MM-DD)\n"
          "w.json:4:89 waiver.additionalProperties Field 'yaer' is not allowed in 'waivers[2]'; did you mean 'year'?\n");
    const auto& first = std::get<std::vector<InputError>>(loaded)[1];
    CHECK(first.message.sv == "Fältet 'reson' är inte tillåtet i 'waivers[0]'; menade du 'reason'?");
}

TEST_CASE("a waiver without a year or a pointer would hide every finding of a rule: refused") {
    auto loaded = waivers::load(R"({"waivers": [
      {"rule": "x.y", "reason": "r", "decided_by": "KF", "decision_date": "2019-01-01"}]})",
                                "w.json", testing::repository_engine().waivers_schema());
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    const auto& errors = std::get<std::vector<InputError>>(loaded);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "waiver.too-broad");
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 7);
}
