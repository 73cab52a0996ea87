// One run summary (output/summary.hpp) read by every format; a run that
// stopped still writes every report naming why; JUnit's skipped rules and
// visible non-failing findings; SARIF's complete rule set and regions.
#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "output/summary.hpp"
#include "report_fixtures.hpp"

using namespace budgetcheck;
using namespace budgetcheck::testing;

namespace {

std::string junit(const output::RunReport& run, std::string lang = "sv") {
    std::string xml = render("junit", run, std::move(lang));
    xml = std::regex_replace(xml, std::regex(R"(timestamp="[0-9T:-]+")"), "timestamp=\"T\"");
    return std::regex_replace(xml, std::regex(R"(hostname="[^"]+")"), "hostname=\"H\"");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A run stopped by a broken policy pack before any file was checked.
output::RunReport stopped_run() {
    output::RunReport run;
    run.run_errors.push_back(InputError{"rules/policies/x/policy.json", 4, 7, "policy.required",
                                        {"fältet 'kf_date' saknas", "the field 'kf_date' is missing"},
                                        "  \"municipality\": \"X\",",
                                        {}});
    return run;
}

}  // namespace

TEST_CASE("counts and files in Swedish and English, with the right plural") {
    CHECK(output::counts_text({1, 1, 1, 1}, "sv") == "1 fel, 1 varning, 1 notering, 1 undantagen");
    CHECK(output::counts_text({2, 2, 2, 2}, "sv") == "2 fel, 2 varningar, 2 noteringar, 2 undantagna");
    CHECK(output::counts_text({0, 0, 0, 0}, "sv") == "0 fel, 0 varningar, 0 noteringar");
    CHECK(output::counts_text({1, 1, 1, 1}, "en") == "1 error, 1 warning, 1 notice, 1 waived");
    CHECK(output::counts_text({2, 0, 3, 0}, "en") == "2 errors, 0 warnings, 3 notices");

    output::RunSummary s;
    s.add({{}, output::Verdict::Passed, 0});
    CHECK(output::files_text(s, "sv") == "1 fil: 1 godkänd, 0 underkända");
    CHECK(output::files_text(s, "en") == "1 file: 1 passed, 0 failed");
    s.add({{1, 0, 0, 0}, output::Verdict::Failed, 0});
    s.add({{}, output::Verdict::NotChecked, 0});
    CHECK(output::files_text(s, "sv") == "3 filer: 1 godkänd, 1 underkänd, 1 inte kontrollerad");
    CHECK(output::files_text(s, "en") == "3 files: 1 passed, 1 failed, 1 not checked");
    CHECK(output::totals_line(s, "sv") == "totalt: 1 fel, 0 varningar, 0 noteringar; 1 fil kunde inte kontrolleras (indatafel)\n");
    CHECK(s.exit_code == 2);
    CHECK(s.verdict == output::Verdict::Failed);
}

TEST_CASE("a waived finding is counted as waived, not as an error, and every format says the same") {
    // The small run: two errors and one waived warning.
    const auto small = small_run();
    const output::RunSummary summary = output::summarize(small->run);
    CHECK(summary.total == output::Counts{2, 0, 0, 1});
    CHECK(summary.exit_code == 1);
    const std::string counts = "2 fel, 0 varningar, 0 noteringar, 1 undantagen";

    CHECK(contains(render("text", small->run),
                   "\nbudget.json: UNDERKÄND (" + counts + ") — policypaket linkoping-2024\n"));
    CHECK(contains(render("json", small->run),
                   "\"summary\": {\"verdict\": \"failed\", \"errors\": 2, \"warnings\": 0, \"notices\": 0, \"waived\": 1}"));
    CHECK(contains(render("json", small->run),
                   "\"summary\": {\"verdict\": \"failed\", \"files\": 1, \"passed\": 0, \"failed\": 1, \"not_checked\": 0, "
                   "\"errors\": 2, \"warnings\": 0, \"notices\": 0, \"waived\": 1}"));
    const std::string html = render("html", small->run);
    CHECK(contains(html, "data-errors=\"2\" data-warnings=\"0\" data-notices=\"0\" data-waived=\"1\">"
                         "<strong>Underkänd</strong> <span class=\"counts\">" + counts + "</span>"));
    const std::string xml = junit(small->run);
    CHECK(contains(xml, "<property name=\"verdict\" value=\"failed\"/>\n      <property name=\"summary\" value=\"" + counts + "\"/>"));
    CHECK(contains(render("github", small->run), "\nbudget.json: UNDERKÄND (" + counts + ")\n"));

    const auto sarif = valid_sarif(render("sarif", small->run));
    const json::Value run = sarif->root()["runs"].at(0);
    const json::Value total = run["properties"]["summary"];
    CHECK(total["verdict"].as_string() == "failed");
    CHECK(total["errors"].as_integer() == 2);
    CHECK(total["warnings"].as_integer() == 0);
    CHECK(total["notices"].as_integer() == 0);
    CHECK(total["waived"].as_integer() == 1);
    const json::Value file = run["artifacts"].at(0)["properties"];
    CHECK(file["verdict"].as_string() == "failed");
    CHECK(file["summary"]["errors"].as_integer() == 2);
    CHECK(file["summary"]["waived"].as_integer() == 1);

    // English too.
    CHECK(contains(render("text", small->run, "en"), "\nbudget.json: FAILED (2 errors, 0 warnings, 0 notices, 1 waived)"));
}

TEST_CASE("a multi-file text report ends with the files and their verdicts from the same summary") {
    auto small = small_run();
    output::RunReport run = small->run;
    FileReport passing;
    passing.file = "ok.json";
    run.files.push_back(passing);
    run.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    const std::string text = render("text", run);
    CHECK(contains(text, "\nok.json: GODKÄND (0 fel, 0 varningar, 0 noteringar)\n"));
    CHECK(contains(text, "\nbroken.json: inte kontrollerad (indatafel)\n3 filer: 1 godkänd, 1 underkänd, 1 inte kontrollerad\n"));
    const std::string github = render("github", run);
    CHECK(contains(github, "\n3 filer: 1 godkänd, 1 underkänd, 1 inte kontrollerad; 2 fel, 0 varningar, 0 noteringar, 1 undantagen\n"));
    const std::string html = render("html", run);
    CHECK(contains(html, "<strong>3 filer: 1 godkänd, 1 underkänd, 1 inte kontrollerad</strong>"));
}

TEST_CASE("a run stopped by a configuration error still writes every report, naming the error") {
    const output::RunReport run = stopped_run();
    CHECK(output::exit_code(run) == 2);

    // SARIF: not successful, a located notification and a located result.
    const auto sarif = valid_sarif(render("sarif", run, "en"));
    const json::Value sarif_run = sarif->root()["runs"].at(0);
    const json::Value invocation = sarif_run["invocations"].at(0);
    CHECK_FALSE(invocation["executionSuccessful"].as_bool());
    CHECK(invocation["exitCode"].as_integer() == 2);
    const json::Value note = invocation["toolExecutionNotifications"].at(0);
    CHECK(note["descriptor"]["id"].as_string() == "policy.required");
    CHECK(note["message"]["text"].as_string() == "the field 'kf_date' is missing");
    CHECK(note["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].as_string() ==
          "rules/policies/x/policy.json");
    CHECK(note["locations"].at(0)["physicalLocation"]["region"]["startLine"].as_integer() == 4);
    REQUIRE(sarif_run["results"].size() == 1);
    const json::Value result = sarif_run["results"].at(0);
    CHECK(result["ruleId"].as_string() == "engine.configuration-error");
    CHECK(result["level"].as_string() == "error");
    CHECK(result["properties"]["code"].as_string() == "policy.required");
    const json::Value region = result["locations"].at(0)["physicalLocation"]["region"];
    CHECK(region["startLine"].as_integer() == 4);
    CHECK(region["startColumn"].as_integer() == 7);
    CHECK(sarif_run["properties"]["summary"]["verdict"].as_string() == "not-checked");

    // JUnit: an <error> test case in a suite of its own.
    const std::string xml = junit(run, "en");
    CHECK(contains(xml, "<testsuite name=\"budgetcheck\" package=\"budgetcheck\" id=\"0\" timestamp=\"T\" hostname=\"H\" "
                        "tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">"));
    CHECK(contains(xml, "<testcase name=\"policy.required\" classname=\"budgetcheck\" time=\"0\">\n      <error "
                        "message=\"rules/policies/x/policy.json:4:7: the field 'kf_date' is missing\" type=\"policy.required\">"));
    // GitLab Code Quality: a blocker at the file and line.
    const auto gitlab = json::parse(render("gitlab", run));
    REQUIRE(gitlab.document);
    const json::Value issue = gitlab.document->root().at(0);
    CHECK(issue["check_name"].as_string() == "policy.required");
    CHECK(issue["severity"].as_string() == "blocker");
    CHECK(issue["location"]["path"].as_string() == "rules/policies/x/policy.json");
    CHECK(issue["location"]["lines"]["begin"].as_integer() == 4);
    // GitHub: an ::error annotation, then the closing line.
    CHECK(render("github", run, "en") ==
          "::error file=rules/policies/x/policy.json,line=4,col=7,title=policy.required::the field 'kf_date' is missing\n"
          "0 files: 0 passed, 0 failed; 0 errors, 0 warnings, 0 notices — the run stopped (configuration error)\n");
    // JSON and HTML: the error as data.
    const std::string json_text = render("json", run);
    CHECK(contains(json_text, "\"exit_code\": 2,"));
    CHECK(contains(json_text, "\"run_errors\": [\n    {\"code\": \"policy.required\", \"file\": \"rules/policies/x/policy.json\", "
                              "\"message\": \"fältet 'kf_date' saknas\""));
    CHECK(contains(json_text, "\"verdict\": \"not-checked\""));
    const std::string html = render("html", run);
    CHECK(contains(html, "<li data-code=\"policy.required\"><strong>policy.required</strong> "
                         "<code>rules/policies/x/policy.json</code> (rad 4, kolumn 7): fältet &#39;kf_date&#39; saknas"));
    // Text: at file:line:column.
    CHECK(contains(render("text", run), "rules/policies/x/policy.json:4:7: indatafel: fältet 'kf_date' saknas [policy.required]\n"));

    // A usage error names no file: SARIF has the notification (without a
    // location, which it would need for a result) and stays valid.
    output::RunReport usage;
    usage.run_errors.push_back(InputError{"", 0, 0, "usage.today", {"--today x: inget datum", "--today x: no date"}, "", {}});
    const auto usage_sarif = valid_sarif(render("sarif", usage));
    CHECK(usage_sarif->root()["runs"].at(0)["invocations"].at(0)["toolExecutionNotifications"].at(0)["descriptor"]["id"]
              .as_string() == "usage.today");
    CHECK(contains(render("text", usage), "budgetcheck: indatafel: --today x: inget datum [usage.today]\n"));
}

TEST_CASE("a broken input file and a failed rule are located results in SARIF, not only notifications") {
    auto small = small_run();
    output::RunReport run = small->run;
    rules::RuleFailure failure;
    failure.rule = "operating.within-frame";
    failure.file = "rules/operating/within-frame.lua";
    failure.line = 12;
    failure.reason = {"försök att indexera nil", "attempt to index a nil value"};
    run.files[0].rule_failures.push_back(failure);
    run.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    const auto sarif = valid_sarif(render("sarif", run, "en"));
    const json::Value results = sarif->root()["runs"].at(0)["results"];
    std::size_t engine_results = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const json::Value r = results.at(i);
        // Every result has a region with a line (GitHub's ingestion needs one).
        CHECK(r["locations"].at(0)["physicalLocation"]["region"]["startLine"].as_integer() >= 1);
        if (r["ruleId"].as_string() == "engine.rule-error") {
            ++engine_results;
            CHECK(r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].as_string() == "budget.json");
            CHECK(r["locations"].at(0)["physicalLocation"]["region"]["startLine"].as_integer() == 1);
            const json::Value related = r["relatedLocations"].at(0)["physicalLocation"];
            CHECK(related["artifactLocation"]["uri"].as_string() == "rules/operating/within-frame.lua");
            CHECK(related["region"]["startLine"].as_integer() == 12);
        }
        if (r["ruleId"].as_string() == "engine.input-error") {
            ++engine_results;
            CHECK(r["properties"]["code"].as_string() == "json.duplicate-key");
            CHECK(r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].as_string() == "broken.json");
            CHECK(r["locations"].at(0)["physicalLocation"]["region"]["startLine"].as_integer() == 2);
        }
    }
    CHECK(engine_results == 2);
}

TEST_CASE("SARIF: the complete rule set in every run, with help and a stable automation id") {
    const auto small = small_run();
    const auto sarif = valid_sarif(render("sarif", small->run, "en"));
    const json::Value run = sarif->root()["runs"].at(0);
    const json::Value driver = run["tool"]["driver"];
    // No --docs-url: no link at all (not one to a placeholder host).
    CHECK_FALSE(driver.find("informationUri").valid());
    CHECK(run["automationDetails"]["id"].as_string() == "budgetcheck/auto/");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < driver["rules"].size(); ++i) {
        const json::Value rule = driver["rules"].at(i);
        ids.insert(std::string(rule["id"].as_string()));
        CAPTURE(rule["id"].as_string());
        CHECK_FALSE(rule["shortDescription"]["text"].as_string().empty());
        CHECK_FALSE(rule["fullDescription"]["text"].as_string().empty());
        CHECK_FALSE(rule["help"]["text"].as_string().empty());
        CHECK_FALSE(rule.find("helpUri").valid());
    }
    // Schema and engine ids are there whether they fired or not.
    for (const char* id : {"schema.required", "schema.type", "schema.additionalProperties", "schema.enum", "money.exact",
                           "engine.rule-error", "engine.findings-capped", "engine.input-error",
                           "engine.configuration-error", "waiver.expired", "operating.within-frame"})
        CHECK_MESSAGE(ids.count(id), id);
    // With --docs-url, the tool's page and each rule's page below it.
    const auto linked = valid_sarif(render("sarif", small->run, "en", "https://intra.linkoping.se/budgetcheck/"));
    const json::Value linked_driver = linked->root()["runs"].at(0)["tool"]["driver"];
    CHECK(linked_driver["informationUri"].as_string() == "https://intra.linkoping.se/budgetcheck/");
    CHECK(linked_driver["rules"].at(0)["helpUri"].as_string() ==
          "https://intra.linkoping.se/budgetcheck/rules/operating/within-frame.lua");

    output::RunReport pinned = small->run;
    pinned.policy = "linkoping-2024";
    CHECK(valid_sarif(render("sarif", pinned))->root()["runs"].at(0)["automationDetails"]["id"].as_string() ==
          "budgetcheck/linkoping-2024/");
}

TEST_CASE("SARIF: a whole-file finding is on line 1; waiver.expired is at its line in the waiver file") {
    auto small = small_run();
    auto& findings = small->run.files[0].findings;
    findings[0].location = {"", 0, 0};  // the whole file
    Finding expired;
    expired.rule_id = "waiver.expired";
    expired.severity = Severity::Warning;
    expired.location = {"", 9, 0, "waivers.json"};
    expired.message = {"Undantaget gick ut", "The waiver expired"};
    findings.push_back(expired);
    const auto sarif = valid_sarif(render("sarif", small->run));
    const json::Value results = sarif->root()["runs"].at(0)["results"];
    const json::Value whole = results.at(0)["locations"].at(0)["physicalLocation"];
    CHECK(whole["artifactLocation"]["uri"].as_string() == "budget.json");
    CHECK(whole["region"]["startLine"].as_integer() == 1);
    const json::Value in_waivers = results.at(3)["locations"].at(0)["physicalLocation"];
    CHECK(results.at(3)["ruleId"].as_string() == "waiver.expired");
    CHECK(in_waivers["artifactLocation"]["uri"].as_string() == "waivers.json");
    CHECK_FALSE(in_waivers["artifactLocation"]["index"].valid());
    CHECK(in_waivers["region"]["startLine"].as_integer() == 9);
    // The other formats put it in the waiver file too.
    CHECK(contains(render("text", small->run), "\nwaivers.json:9: varning: Undantaget gick ut [waiver.expired]\n"));
    CHECK(contains(render("github", small->run), "::warning file=waivers.json,line=9,title=waiver.expired::Undantaget gick ut\n"));
    CHECK(contains(render("json", small->run), "{\"rule\": \"waiver.expired\", \"severity\": \"warning\", \"pointer\": \"\", "
                                               "\"place\": \"\", \"file\": \"waivers.json\", \"line\": 9, \"column\": 0,"));
}

TEST_CASE("JUnit: rules that did not run are skipped; findings that do not fail are test cases of their own") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    run.rules = &engine.rules();
    run.skipped_rules = {"test.left-out"};
    run.files.push_back(engine.validate_text("{\"unit\": \"kkr\"}", "schema-only.json"));
    REQUIRE_FALSE(run.files[0].findings.empty());
    REQUIRE(run.files[0].rules_not_run.size() == engine.rules().size());
    const std::string xml = junit(run, "en");
    // Every rule of the set is skipped with the reason, and --skip-rule's too.
    const std::string& first = engine.rules().at(0).id;
    CHECK(contains(xml, "<testcase name=\"" + first + "\" classname=\"schema-only.json\" time=\"0\">\n      <skipped "
                        "message=\"not run: the submission does not follow the schema (or its amounts are not exact), "
                        "and rules rely on its shape\"/>\n    </testcase>"));
    CHECK(contains(xml, "<testcase name=\"test.left-out\" classname=\"schema-only.json\" time=\"0\">\n      <skipped "
                        "message=\"not run: left out with --skip-rule\"/>"));
    CHECK(contains(xml, fmt::format("skipped=\"{}\"", engine.rules().size() + 1)));
    CHECK_FALSE(contains(xml, "<testcase name=\"" + first + "\" classname=\"schema-only.json\" time=\"0\"/>"));

    // Below --fail-on: the rule passes, and the finding is a test case named by its text.
    auto small = small_run();
    small->run.fail_on = output::FailOn::Never;
    const std::string never = junit(small->run, "en");
    CHECK(contains(never, "<testcase name=\"schema.enum\" classname=\"budget.json\" time=\"0\"/>\n"
                          "    <testcase name=\"budget.json:2:11: error: The unit must be kr, tkr or mnkr. [schema.enum]\" "
                          "classname=\"budget.json\" time=\"0\"/>"));
    // A waived finding of a failing rule is listed in the failure after the failing ones, and as its own case.
    const std::string waived = junit(small_run()->run, "en");
    CHECK(contains(waived, "expected: 90 tkr, actual: 100 tkr\nNot failing (below --fail-on or waived):\n"
                           "budget.json:3:11: warning: The frame for 2025 is missing. [operating.within-frame] (2025) — "
                           "waived: KF beslutar i juni (Ekonomidirektören, 2024-01-15)\n</failure>"));
    CHECK(contains(waived, "<testcase name=\"budget.json:3:11: warning: The frame for 2025 is missing. "
                           "[operating.within-frame] (2025) — waived: KF beslutar i juni (Ekonomidirektören, "
                           "2024-01-15)\" classname=\"budget.json\" time=\"0\"/>"));
}

TEST_CASE("the engine says which rules did not run and why") {
    const auto& engine = testing::repository_engine();
    const FileReport schema_failed = engine.validate_text("{\"unit\": \"kkr\"}", "x.json");
    REQUIRE(schema_failed.rules_not_run.size() == engine.rules().size());
    for (const auto& r : schema_failed.rules_not_run) CHECK(r.reason == NotRunReason::Rejected);
    // A checked sample: the rules that do not apply to its funding kind, none rejected.
    const FileReport vss = engine.validate_file("samples/vss-2024.json");
    for (const auto& r : vss.rules_not_run) {
        CAPTURE(r.rule);
        CHECK(r.reason != NotRunReason::Rejected);
        CHECK(std::none_of(vss.findings.begin(), vss.findings.end(), [&](const Finding& f) { return f.rule_id == r.rule; }));
    }
}
