// Waivers: a waived finding is kept and marked, no longer fails the run;
// expired and unused waivers are reported; bad waiver files are refused.
#include "output/reporter.hpp"
#include "test_support.hpp"
#include "waivers.hpp"

using namespace budgetcheck;

namespace {
waivers::WaiverFile load_ok(std::string text) {
    auto loaded = waivers::load(std::move(text), "waivers.json");
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
    CHECK(unused[0] == "waivers.json:8: waiver for savings.unspecified matched no finding; remove it if it is no longer needed");
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
        }
    CHECK(expired == 1);
    CHECK(output::file_fails(report, output::FailOn::Error));
}

TEST_CASE("a broken waiver file is refused with every problem and its line") {
    auto loaded = waivers::load(R"({"waivers": [
      {"rule": "investment.within-frame", "reson": "typo", "decided_by": "KF", "decision_date": "2019"},
      {"reason": "no rule and no scope", "decided_by": "KF", "decision_date": "2019-01-01"}]})", "w.json");
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    std::vector<std::string> codes;
    for (const auto& e : std::get<std::vector<InputError>>(loaded)) codes.push_back(e.code + "@" + std::to_string(e.line));
    CHECK(codes == std::vector<std::string>{"waiver.unknown-field@2", "waiver.missing-field@2", "waiver.date@2",
                                            "waiver.too-broad@2", "waiver.missing-field@3", "waiver.too-broad@3"});
}
