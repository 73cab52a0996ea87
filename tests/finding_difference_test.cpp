// report{ difference }: the exact kronor a money rule's finding is off by
// (actual − expected), validated like report.figure{}'s amounts, carried to
// the JSON report and ranked by in the HTML report's "Att åtgärda".
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "report_fixtures.hpp"
#include "rule_host_fixture.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
using rules::SourceText;

namespace {

std::string rule(const std::string& body) { return testing::rule_text("t.diff", body); }

rules::RunResult run(const std::string& body) { return testing::run_rule_sources({SourceText{"rules/t.lua", rule(body)}}); }

std::string failure_of(const std::string& body) {
    const auto result = run(body);
    CHECK(result.findings.empty());
    return result.failures.empty() ? std::string() : result.failures.front().reason.en;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

FileReport check_sample(const std::string& sample) {
    return testing::repository_engine().validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + sample);
}

// rule id → difference, for every finding of `rule`, in order.
std::vector<std::optional<std::int64_t>> differences(const FileReport& report, const std::string& rule) {
    std::vector<std::optional<std::int64_t>> out;
    for (const auto& f : report.findings)
        if (f.rule_id == rule) out.push_back(f.difference);
    return out;
}

// The "Att åtgärda" rows of an HTML report: rule → (data-largest, data-largest-kind).
std::map<std::string, std::pair<std::string, std::string>> to_fix_rows(const std::string& html) {
    std::map<std::string, std::pair<std::string, std::string>> rows;
    const std::regex row(R"re(<tr data-rule="([^"]+)" data-severity="[a-z]+" data-count="\d+" data-years="[^"]*" )re"
                         R"re(data-largest="([^"]*)" data-largest-kind="([a-z]*)">)re");
    for (std::sregex_iterator it(html.begin(), html.end(), row), end; it != end; ++it)
        rows[(*it)[1]] = {(*it)[2], (*it)[3]};
    return rows;
}

std::string html_of(const FileReport& report, const std::string& lang = "sv") {
    output::RunReport run;
    run.rules = &testing::repository_engine().rules();
    run.packs = &testing::repository_engine().policy_packs();
    run.files.push_back(report);
    return testing::render("html", run, lang);
}

}  // namespace

TEST_CASE("report{ difference } is kept as exact kronor; absent stays absent") {
    const auto result = run("    report{ at = \"\", sv = \"s\", en = \"e\", expected = \"0 kr\", actual = \"-5 kr\", difference = -5 }\n"
                            "    report{ at = \"\", sv = \"s\", en = \"e\", difference = 9007199254740992 }\n"
                            "    report{ at = \"\", sv = \"s\", en = \"e\" }");
    REQUIRE(result.failures.empty());
    REQUIRE(result.findings.size() == 3);
    CHECK(result.findings[0].difference == std::optional<std::int64_t>(-5));
    CHECK(result.findings[1].difference == std::optional<std::int64_t>(9007199254740992));
    CHECK_FALSE(result.findings[2].difference.has_value());
}

TEST_CASE("report{ difference } must be an integer of kronor within ±2^53") {
    CHECK(contains(failure_of("    report{ at = \"\", sv = \"s\", en = \"e\", difference = 1.5 }"),
                   "report: field 'difference' must be an exact amount of kronor (an integer within ±2^53, as "
                   "budget.value gives), not this number"));
    // A float that happens to be whole is still not exact money.
    CHECK(contains(failure_of("    report{ at = \"\", sv = \"s\", en = \"e\", difference = 2.0 }"),
                   "field 'difference' must be an exact amount"));
    CHECK(contains(failure_of("    report{ at = \"\", sv = \"s\", en = \"e\", difference = \"75 tkr\" }"),
                   "field 'difference' must be an exact amount of kronor (an integer within ±2^53, as budget.value "
                   "gives), not string"));
    CHECK(contains(failure_of("    report{ at = \"\", sv = \"s\", en = \"e\", difference = -9007199254740993 }"),
                   "within ±2^53"));
    CHECK(contains(failure_of("    report{ at = \"\", sv = \"s\", en = \"e\", diference = 1 }"),
                   "unknown field 'diference'; the fields are at, key, year, sv, en, expected, actual, difference "
                   "and severity"));
    const auto result = run("    report{ at = \"\", sv = \"s\", en = \"e\", difference = 0.5 }");
    REQUIRE(result.failures.size() == 1);
    CHECK(contains(result.failures[0].reason.sv, "report: fältet 'difference' måste vara ett exakt belopp i kronor"));
}

// The differences the shipped money rules give on the samples, actual −
// expected in kronor, computed by hand from the findings' expected and
// actual values (golden files).
TEST_CASE("the money rules give actual − expected on the samples") {
    const FileReport leanlink = check_sample("leanlink-2023.json");
    // The printed sum is 0 tkr, the areas add up to −75 … −88 tkr.
    CHECK(differences(leanlink, "arithmetic.stated-totals") ==
          std::vector<std::optional<std::int64_t>>{75'000, 79'000, 82'000, 84'000, 88'000});
    // The stated cost lies below the listed rows: the implied remainder is negative.
    CHECK(differences(leanlink, "arithmetic.implied-remainder") ==
          std::vector<std::optional<std::int64_t>>{-454'000, -482'000, -67'000, -198'000});
    CHECK(differences(leanlink, "arithmetic.stated-twice") ==
          std::vector<std::optional<std::int64_t>>{827'000, 827'000});
    CHECK(differences(leanlink, "savings.unspecified") == std::vector<std::optional<std::int64_t>>{8'000'000});
    // Not a comparison of two amounts: no difference.
    for (const auto& d : differences(leanlink, "self-cost.offsetting")) CHECK_FALSE(d.has_value());
    for (const auto& d : differences(leanlink, "medarbetare.mandatory-indicators")) CHECK_FALSE(d.has_value());
    // 800 tkr of net investments against KF's 400 tkr frame, every year.
    CHECK(differences(check_sample("socialnamnden-2019.json"), "investment.within-frame") ==
          std::vector<std::optional<std::int64_t>>{400'000, 400'000, 400'000, 400'000});
}

TEST_CASE("Att åtgärda ranks a money rule by its largest difference, others by the largest cell amount") {
    const std::string html = html_of(check_sample("leanlink-2023.json"));
    const auto rows = to_fix_rows(html);
    // The printed sum is 0 tkr: its cell says nothing; 88 tkr is what must be fixed.
    CHECK(rows.at("arithmetic.stated-totals") == std::pair<std::string, std::string>{"88000", "difference"});
    CHECK(rows.at("arithmetic.implied-remainder") == std::pair<std::string, std::string>{"482000", "difference"});
    CHECK(rows.at("arithmetic.stated-twice") == std::pair<std::string, std::string>{"827000", "difference"});
    // No difference and no amount cell: nothing to rank by.
    CHECK(rows.at("assignments.answered") == std::pair<std::string, std::string>{"", ""});
    CHECK(contains(html, "<td class=\"num\">88 tkr</td></tr>"));
    CHECK(contains(html, ">Största skillnad<sup>"));
    CHECK(contains(html, "<p class=\"note\" id=\"f1-to-fix-note\">* Största skillnad: |faktiskt − förväntat belopp| som regeln räknat den.</p>"));

    const std::string social = html_of(check_sample("socialnamnden-2019.json"), "en");
    // 400 tkr over the frame, not the row's 800 tkr.
    CHECK(to_fix_rows(social).at("investment.within-frame") == std::pair<std::string, std::string>{"400000", "difference"});
    CHECK(contains(social, ">Largest difference<sup>"));
}

TEST_CASE("Att åtgärda shows a cell amount in parentheses, with the footnote, for a rule without differences") {
    // A hand-made finding at an amount cell, with no difference.
    FileReport report = check_sample("socialnamnden-2019.json");
    for (auto& f : report.findings)
        if (f.rule_id == "investment.within-frame") f.difference.reset();
    const std::string html = html_of(report);
    CHECK(to_fix_rows(html).at("investment.within-frame") == std::pair<std::string, std::string>{"800000", "amount"});
    CHECK(contains(html, "<td class=\"num\">(800 tkr)</td></tr>"));
    CHECK(contains(html, "Inom parentes: regeln anger ingen skillnad; det största beloppet i fyndens celler."));
}

TEST_CASE("the JSON report carries difference only when the rule gave one") {
    output::RunReport run;
    run.files.push_back(check_sample("socialnamnden-2019.json"));
    const std::string out = testing::render("json", run);
    CHECK(contains(out, "\"expected\": \"≤ 400 tkr\", \"actual\": \"800 tkr\", \"difference\": 400000}"));
    auto doc = json::parse(out);
    REQUIRE(doc.document);
    const json::Value findings = doc.document->root()["files"].at(0)["findings"];
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const bool money = findings.at(i)["rule"].as_string() == "investment.within-frame";
        CHECK(findings.at(i)["difference"].valid() == money);
    }
}

TEST_CASE("SARIF and the findings sheet carry the same difference as the JSON report") {
    output::RunReport run;
    run.files.push_back(check_sample("socialnamnden-2019.json"));
    auto sarif = json::parse(testing::render("sarif", run));
    REQUIRE(sarif.document);
    const json::Value results = sarif.document->root()["runs"].at(0)["results"];
    std::size_t with = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const json::Value props = results.at(i)["properties"];
        const bool money = results.at(i)["ruleId"].as_string() == "investment.within-frame";
        CHECK(props["difference"].valid() == money);
        if (money) {
            CHECK(props["difference"].as_integer() == 400000);
            ++with;
        }
    }
    CHECK(with == 4);  // one per year over the frame, as in the JSON golden file
    // The sheet sent back to the board: 400 000 kr in its tkr column, empty where no rule computed one.
    const std::string csv = testing::render("findings-csv", run);
    CHECK(contains(csv, ";≤ 400 tkr;800 tkr;400;investment.within-frame;\r\n"));
    CHECK(contains(csv, "Förväntat;Faktiskt;Skillnad (tkr);Regel;Kommentar\r\n"));
}
