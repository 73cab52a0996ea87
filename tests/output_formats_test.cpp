// The CI output formats: SARIF 2.1.0, JUnit XML, GitHub Actions annotations
// and GitLab Code Quality. Every sample's SARIF validates against the OASIS
// schema (with our own validator); a small hand-made run is compared exactly
// in every format. tests/cli/ci_kit.sh checks JUnit with xmllint against the XSD.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "output/reporter.hpp"
#include "schema/validator.hpp"
#include "report_fixtures.hpp"
#include "test_support.hpp"
#include "version.hpp"

using namespace budgetcheck;
using namespace budgetcheck::testing;

TEST_CASE("the registry offers the CI formats by name") {
    const auto names = output::reporter_names();
    for (const char* name : {"sarif", "junit", "github", "gitlab"}) {
        CAPTURE(name);
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
        CHECK(output::make_reporter(name) != nullptr);
    }
}

TEST_CASE("SARIF of every sample, of broken files and of a waived finding validates against SARIF 2.1.0") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    run.rules = &engine.rules();
    std::size_t findings = 0;
    for (const char* sample : {"vss-2024", "leanlink-2023", "socialnamnden-2019", "norrkoping-kultur-fritid-2024"}) {
        run.files.push_back(engine.validate_file("samples/" + std::string(sample) + ".json"));
        findings += run.files.back().findings.size();
    }
    REQUIRE(findings > 50);
    run.files.push_back(engine.validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    run.files.push_back(engine.validate_file("/nonexistent/submission.json"));
    run.files.push_back(engine.validate_text("{\"unit\": \"kkr\"}", "schema-only.json"));  // schema.* findings
    findings += run.files.back().findings.size();
    Finding waived = run.files[0].findings.at(0);
    waived.waiver = Waiver{"Beslutat undantag", "Ekonomidirektören", "2026-01-15", "2026-12-31"};
    run.files[0].findings.push_back(waived);
    ++findings;

    for (const char* lang : {"sv", "en"}) {
        CAPTURE(lang);
        const auto doc = valid_sarif(render("sarif", run, lang));
        const json::Value sarif_run = doc->root()["runs"].at(0);
        const json::Value rules = sarif_run["tool"]["driver"]["rules"];
        const json::Value results = sarif_run["results"];
        // One result per finding, and one per input error of the two broken files (engine.input-error).
        CHECK(results.size() == findings + 2);

        // Every loaded rule has its descriptor, in order, with its explanation as help.
        REQUIRE(rules.size() >= engine.rules().size());
        for (std::size_t i = 0; i < engine.rules().size(); ++i) {
            const auto& info = engine.rules()[i];
            CHECK(rules.at(i)["id"].as_string() == info.id);
            CHECK(rules.at(i)["shortDescription"]["text"].as_string() == info.title.in(lang));
            if (!info.explain.in(lang).empty()) CHECK(rules.at(i)["help"]["text"].as_string() == info.explain.in(lang));
            const std::string_view level = info.severity == Severity::Notice ? "note" : severity_name(info.severity);
            CHECK(rules.at(i)["defaultConfiguration"]["level"].as_string() == level);
        }
        // Every result names its rule by id and index; fingerprints are unique per file.
        std::set<std::string> seen;
        std::size_t k = 0, suppressed = 0;
        for (const auto& file : run.files) {
            if (!file.errors.empty()) {
                const json::Value r = results.at(k++);
                CHECK(r["ruleId"].as_string() == "engine.input-error");
                CHECK(r["properties"]["code"].as_string() == file.errors[0].code);
                CHECK(r["locations"].at(0)["physicalLocation"]["region"]["startLine"].as_integer() == std::max(file.errors[0].line, 1u));
            }
            for (const auto& f : file.findings) {
                const json::Value r = results.at(k++);
                CHECK(r["ruleId"].as_string() == f.rule_id);
                CHECK(rules.at(static_cast<std::size_t>(*r["ruleIndex"].as_integer()))["id"].as_string() == f.rule_id);
                // The place first (Finding::place), as every one-line format shows it.
                CHECK(r["message"]["text"].as_string() ==
                      (f.place.in(lang).empty() ? f.message.in(lang) : f.place.in(lang) + ": " + f.message.in(lang)));
                if (!f.place.in(lang).empty()) CHECK(r["properties"]["place"].as_string() == f.place.in(lang));
                const json::Value region = r["locations"].at(0)["physicalLocation"]["region"];
                if (f.location.line) CHECK(region["startLine"].as_integer() == f.location.line);
                const std::string key = file.file + "|" + std::string(r["partialFingerprints"]["budgetcheckFinding/v1"].as_string());
                CHECK(seen.insert(key).second);
                if (r["suppressions"].valid()) {
                    ++suppressed;
                    CHECK(r["suppressions"].at(0)["justification"].as_string() == "Beslutat undantag");
                }
            }
        }
        CHECK(suppressed == 1);
        CHECK(std::string(results.at(0)["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].as_string()) ==
              "samples/vss-2024.json");

        const json::Value invocation = sarif_run["invocations"].at(0);
        CHECK(invocation["exitCode"].as_integer() == 2);
        CHECK_FALSE(invocation["executionSuccessful"].as_bool());
        const json::Value notes = invocation["toolExecutionNotifications"];
        REQUIRE(notes.size() == 2);
        CHECK(notes.at(0)["descriptor"]["id"].as_string() == "json.duplicate-key");
        const json::Value where = notes.at(0)["locations"].at(0)["physicalLocation"];
        CHECK(where["artifactLocation"]["uri"].as_string() == "broken.json");
        CHECK(where["region"]["startLine"].as_integer() == 2);
        CHECK(notes.at(1)["descriptor"]["id"].as_string() == "io.not-found");
        CHECK(notes.at(1)["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"].as_string() ==
              "file:///nonexistent/submission.json");
    }
}

TEST_CASE("SARIF of a passing run reports success and exit code 0") {
    const auto small = small_run();
    output::RunReport run = small->run;
    run.files[0].findings.erase(run.files[0].findings.begin());  // drop schema.enum (an error)
    run.files[0].findings.pop_back();                           // and the frame error
    const auto doc = valid_sarif(render("sarif", run));
    const json::Value invocation = doc->root()["runs"].at(0)["invocations"].at(0);
    CHECK(invocation["exitCode"].as_integer() == 0);
    CHECK(invocation["executionSuccessful"].as_bool());
    CHECK_FALSE(invocation["toolExecutionNotifications"].valid());
    run.files[0].findings.clear();
    const auto empty = valid_sarif(render("sarif", run));
    CHECK(empty->root()["runs"].at(0)["results"].size() == 0);
}

TEST_CASE("SARIF of a small run, exactly") {
    const auto small = small_run();
    std::string out = render("sarif", small->run, "en");
    out = std::regex_replace(out, std::regex(R"("file://[^"]*/")"), "\"file:///CWD/\"");
    // The rule set is complete in every run (schema.*, engine.* and more,
    // tests/run_summary_test.cpp): the loaded rule and schema.enum are
    // compared exactly here, then the list is cut from the comparison.
    const std::size_t rules_at = out.find("          \"rules\": [\n");
    const std::size_t rules_end = out.find("\n          ]\n", rules_at);
    REQUIRE(rules_at != std::string::npos);
    REQUIRE(rules_end != std::string::npos);
    const std::string rules = out.substr(rules_at, rules_end - rules_at);
    CHECK(rules.find(R"X(
            {
              "id": "operating.within-frame",
              "name": "OperatingWithinFrame",
              "shortDescription": {
                "text": "Budget within the frame"
              },
              "fullDescription": {
                "text": "Checks the frame for each year."
              },
              "help": {
                "text": "Checks the frame\nfor each year.\n\nWhy: KF decides."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "operating"
                ],
                "file": "rules/operating/within-frame.lua",
                "decision": "KF 2023-06-13"
              }
            },)X") != std::string::npos);
    CHECK(rules.find(R"X(
            {
              "id": "schema.enum",
              "name": "SchemaEnum",
              "shortDescription": {
                "text": "The submission follows the submission schema (enum)"
              },
              "fullDescription": {
                "text": "The submission violates schemas/submission.schema.json, keyword \"enum\"."
              },
              "help": {
                "text": "The submission violates schemas/submission.schema.json, keyword \"enum\". docs/format.md describes the format; the message names the field, what was expected and what was found."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "schema"
                ]
              }
            },)X") != std::string::npos);
    const std::string whole = out;
    out.replace(rules_at, rules_end - rules_at, "          \"rules\": [ … ");
    CHECK(out == R"X({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "budgetcheck",
          "version": ")X" BUDGETCHECK_VERSION R"X(",
          "semanticVersion": ")X" BUDGETCHECK_VERSION R"X(",
          "rules": [ … 
          ]
        }
      },
      "invocations": [
        {
          "executionSuccessful": true,
          "exitCode": 1
        }
      ],
      "automationDetails": {
        "id": "budgetcheck/auto/"
      },
      "language": "en-US",
      "columnKind": "unicodeCodePoints",
      "originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "file:///CWD/"
        }
      },
      "artifacts": [
        {
          "location": {
            "uri": "budget.json",
            "uriBaseId": "%SRCROOT%"
          },
          "roles": [
            "analysisTarget"
          ],
          "properties": {
            "passed": false,
            "verdict": "failed",
            "summary": {
              "errors": 2,
              "warnings": 0,
              "notices": 0,
              "waived": 1
            },
            "policyPack": "linkoping-2024"
          }
        }
      ],
      "results": [
        {
          "ruleId": "schema.enum",
          "ruleIndex": 10,
          "level": "error",
          "message": {
            "text": "The unit must be kr, tkr or mnkr."
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "budget.json",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 2,
                  "startColumn": 11,
                  "snippet": {
                    "text": "\"tkr\","
                  }
                },
                "contextRegion": {
                  "startLine": 2,
                  "snippet": {
                    "text": "  \"unit\": \"tkr\","
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "budgetcheckFinding/v1": "a71e6ea046e1ba52"
          },
          "properties": {
            "pointer": "/unit"
          }
        },
        {
          "ruleId": "operating.within-frame",
          "ruleIndex": 0,
          "level": "warning",
          "message": {
            "text": "The frame for 2025 is missing."
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "budget.json",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 11,
                  "snippet": {
                    "text": "{\"2024\": 100}"
                  }
                },
                "contextRegion": {
                  "startLine": 3,
                  "snippet": {
                    "text": "  \"cost\": {\"2024\": 100}"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "budgetcheckFinding/v1": "acd80b92710f0296"
          },
          "suppressions": [
            {
              "kind": "external",
              "status": "accepted",
              "justification": "KF beslutar i juni",
              "properties": {
                "decidedBy": "Ekonomidirektören",
                "decisionDate": "2024-01-15"
              }
            }
          ],
          "properties": {
            "pointer": "/cost",
            "year": 2025
          }
        },
        {
          "ruleId": "operating.within-frame",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "The cost 2024 is 100 tkr, above the frame of 90 tkr."
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "budget.json",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 20,
                  "snippet": {
                    "text": "100}"
                  }
                },
                "contextRegion": {
                  "startLine": 3,
                  "snippet": {
                    "text": "  \"cost\": {\"2024\": 100}"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "budgetcheckFinding/v1": "37073ef677954cd4"
          },
          "properties": {
            "pointer": "/cost/2024",
            "year": 2024,
            "expected": "90 tkr",
            "actual": "100 tkr"
          }
        }
      ],
      "properties": {
        "summary": {
          "verdict": "failed",
          "files": 1,
          "passed": 0,
          "failed": 1,
          "notChecked": 0,
          "errors": 2,
          "warnings": 0,
          "notices": 0,
          "waived": 1
        }
      }
    }
  ]
}
)X");
    valid_sarif(whole);
    // The schema check can fail: an unknown level and a missing message are caught.
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"\"level\": \"warning\"", "\"level\": \"fatal\""},
                                   {"\"message\": {", "\"note\": {"}}) {
        std::string broken = whole;
        broken.replace(broken.find(from), from.size(), to);
        auto parsed = json::parse(broken);
        REQUIRE(parsed.document);
        CHECK_FALSE(sarif_schema().validate(parsed.document->root()).valid());
    }
    // Swedish: messages and rule texts in Swedish, the same structure.
    const auto sv = valid_sarif(render("sarif", small->run, "sv"));
    const json::Value sv_run = sv->root()["runs"].at(0);
    CHECK(sv_run["language"].as_string() == "sv-SE");
    CHECK(sv_run["results"].at(0)["message"]["text"].as_string() == "Enheten ska vara kr, tkr eller mnkr.");
    CHECK(sv_run["tool"]["driver"]["rules"].at(0)["fullDescription"]["text"].as_string() == "Kontrollerar ramen för varje år.");
}

TEST_CASE("fingerprints ignore line numbers and tell findings apart") {
    const auto small = small_run();
    FileReport file = small->run.files[0];
    const auto before = output::finding_fingerprints(file);
    REQUIRE(before.size() == 3);
    CHECK(before[0] == "a71e6ea046e1ba52");
    CHECK(std::set<std::string>(before.begin(), before.end()).size() == 3);
    for (auto& f : file.findings) f.location.line += 40;  // lines moved
    CHECK(output::finding_fingerprints(file) == before);
    file.findings[2].year = 2026;  // another year is another finding
    CHECK(output::finding_fingerprints(file)[2] != before[2]);
    file.findings.push_back(file.findings[2]);  // the same rule, pointer and year twice
    const auto twice = output::finding_fingerprints(file);
    CHECK(twice[3] != twice[2]);
    CHECK(output::finding_fingerprints(file, "a.json")[0] != output::finding_fingerprints(file, "b.json")[0]);
}

TEST_CASE("GitHub annotations of a small run, exactly, with GitHub's escaping") {
    auto small = small_run();
    CHECK(render("github", small->run, "en") ==
          "::error file=budget.json,line=2,col=11,title=schema.enum::The unit must be kr, tkr or mnkr.\n"
          "::notice file=budget.json,line=3,col=11,title=operating.within-frame (waived)::The frame for 2025 is "
          "missing.%0AWaived: KF beslutar i juni (Ekonomidirektören, 2024-01-15)\n"
          "::error file=budget.json,line=3,col=20,title=operating.within-frame::The cost 2024 is 100 tkr, above the "
          "frame of 90 tkr.%0Aexpected: 90 tkr, actual: 100 tkr\n"
          "budget.json: FAILED (2 errors, 0 warnings, 0 notices, 1 waived)\n");
    // Properties escape % \r \n : and ,; the message escapes % \r \n only; the
    // summary line's file name % \r \n and : (no line may start a command).
    auto& file = small->run.files[0];
    file.file = "dir,with:odd%name.json";
    file.findings.resize(1);
    file.findings[0].message.sv = "100 % över: a,b\r\nrad två";
    file.findings[0].location = {"", 0, 0};
    CHECK(render("github", small->run) ==
          "::error file=dir%2Cwith%3Aodd%25name.json,title=schema.enum::100 %25 över: a,b%0D%0Arad två\n"
          "dir,with%3Aodd%25name.json: UNDERKÄND (1 fel, 0 varningar, 0 noteringar)\n");
    // Input errors: the file and position, titled with the code.
    output::RunReport broken;
    broken.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    CHECK(render("github", broken, "en") ==
          "::error file=broken.json,line=2,col=2,title=json.duplicate-key::duplicate member \"a\" (first defined at "
          "line 1, column 2); a JSON object may name each member once\n"
          "broken.json: not checked (input error)\n");
}

TEST_CASE("GitLab Code Quality of a small run, exactly") {
    auto small = small_run();
    const auto fp = output::finding_fingerprints(small->run.files[0], "budget.json");
    CHECK(render("gitlab", small->run, "en") ==
          "[\n"
          "  {\"type\": \"issue\", \"description\": \"The unit must be kr, tkr or mnkr.\", \"check_name\": "
          "\"schema.enum\", \"fingerprint\": \"" + fp[0] + "\", \"severity\": \"critical\", \"location\": "
          "{\"path\": \"budget.json\", \"lines\": {\"begin\": 2}}},\n"
          "  {\"type\": \"issue\", \"description\": \"[waived: KF beslutar i juni] The frame for 2025 is missing.\", "
          "\"check_name\": \"operating.within-frame\", \"fingerprint\": \"" + fp[1] + "\", \"severity\": \"info\", "
          "\"location\": {\"path\": \"budget.json\", \"lines\": {\"begin\": 3}}},\n"
          "  {\"type\": \"issue\", \"description\": \"The cost 2024 is 100 tkr, above the frame of 90 tkr. (expected: "
          "90 tkr, actual: 100 tkr)\", \"check_name\": \"operating.within-frame\", \"fingerprint\": \"" + fp[2] +
          "\", \"severity\": \"critical\", \"location\": {\"path\": \"budget.json\", \"lines\": {\"begin\": 3}}}\n"
          "]\n");
    // Severity mapping: warning major, notice minor, input error blocker; a whole-file finding is on line 1.
    auto& f = small->run.files[0].findings;
    f.resize(1);
    f[0].severity = Severity::Warning;
    CHECK(render("gitlab", small->run).find("\"severity\": \"major\"") != std::string::npos);
    f[0].severity = Severity::Notice;
    f[0].location = {"", 0, 0};
    const std::string notice = render("gitlab", small->run);
    CHECK(notice.find("\"severity\": \"minor\"") != std::string::npos);
    CHECK(notice.find("\"lines\": {\"begin\": 1}") != std::string::npos);
    output::RunReport broken;
    broken.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    const std::string blocker = render("gitlab", broken);
    CHECK(blocker.find("\"check_name\": \"json.duplicate-key\"") != std::string::npos);
    CHECK(blocker.find("\"severity\": \"blocker\"") != std::string::npos);
    CHECK(render("gitlab", output::RunReport{}) == "[]\n");
}

TEST_CASE("GitLab Code Quality of every sample: one issue per finding, unique fingerprints") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    std::size_t findings = 0;
    for (const char* sample : {"vss-2024", "leanlink-2023", "socialnamnden-2019", "norrkoping-kultur-fritid-2024"}) {
        run.files.push_back(engine.validate_file("samples/" + std::string(sample) + ".json"));
        findings += run.files.back().findings.size();
    }
    auto doc = json::parse(render("gitlab", run, "en"));
    REQUIRE(doc.document);
    const json::Value issues = doc.document->root();
    REQUIRE(issues.size() == findings);
    std::set<std::string> fingerprints;
    for (std::size_t i = 0; i < issues.size(); ++i) {
        CHECK(fingerprints.insert(std::string(issues.at(i)["fingerprint"].as_string())).second);
        CHECK(issues.at(i)["location"]["lines"]["begin"].as_integer() >= 1);
        CHECK(std::string(issues.at(i)["location"]["path"].as_string()).rfind("samples/", 0) == 0);
    }
}

TEST_CASE("JUnit of a small run, exactly") {
    auto small = small_run();
    const auto normalise = [](std::string xml) {
        xml = std::regex_replace(xml, std::regex(R"(timestamp="[0-9T:-]+")"), "timestamp=\"T\"");
        return std::regex_replace(xml, std::regex(R"(hostname="[^"]+")"), "hostname=\"H\"");
    };
    CHECK(normalise(render("junit", small->run, "en")) ==
          R"X(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="budget.json" package="budgetcheck" id="0" timestamp="T" hostname="H" tests="3" failures="2" errors="0" skipped="0" time="0">
    <properties>
      <property name="budgetcheck.version" value=")X" BUDGETCHECK_VERSION R"X("/>
      <property name="policy_pack" value="linkoping-2024"/>
      <property name="fail_on" value="error"/>
      <property name="passed" value="false"/>
      <property name="verdict" value="failed"/>
      <property name="summary" value="2 errors, 0 warnings, 0 notices, 1 waived"/>
    </properties>
    <testcase name="operating.within-frame" classname="budget.json" time="0">
      <failure message="budget.json:3:20: The cost 2024 is 100 tkr, above the frame of 90 tkr." type="operating.within-frame">budget.json:3:20: error: The cost 2024 is 100 tkr, above the frame of 90 tkr. [operating.within-frame] (2024)
    expected: 90 tkr, actual: 100 tkr
Not failing (below --fail-on or waived):
budget.json:3:11: warning: The frame for 2025 is missing. [operating.within-frame] (2025) — waived: KF beslutar i juni (Ekonomidirektören, 2024-01-15)
</failure>
    </testcase>
    <testcase name="budget.json:3:11: warning: The frame for 2025 is missing. [operating.within-frame] (2025) — waived: KF beslutar i juni (Ekonomidirektören, 2024-01-15)" classname="budget.json" time="0"/>
    <testcase name="schema.enum" classname="budget.json" time="0">
      <failure message="budget.json:2:11: The unit must be kr, tkr or mnkr." type="schema.enum">budget.json:2:11: error: The unit must be kr, tkr or mnkr. [schema.enum]
</failure>
    </testcase>
    <system-out>budget.json:3:11: warning: The frame for 2025 is missing. [operating.within-frame] (2025) — waived: KF beslutar i juni (Ekonomidirektören, 2024-01-15)
</system-out>
    <system-err></system-err>
  </testsuite>
</testsuites>
)X");

    // --fail-on warning: nothing new fails (the warning is waived); never: nothing fails.
    small->run.fail_on = output::FailOn::Never;
    const std::string never = normalise(render("junit", small->run));
    // Two rules passing, and the three findings that no longer fail as test cases of their own.
    CHECK(never.find("tests=\"5\" failures=\"0\" errors=\"0\"") != std::string::npos);
    CHECK(never.find("<failure") == std::string::npos);
    CHECK(never.find("\nbudget.json:2:11: fel: Enheten ska vara kr, tkr eller mnkr. [schema.enum]\n</system-out>") !=
          std::string::npos);
    small->run.fail_on = output::FailOn::Warning;
    small->run.files[0].findings[1].waiver.reset();
    CHECK(normalise(render("junit", small->run)).find("failures=\"2\"") != std::string::npos);
    CHECK(normalise(render("junit", small->run)).find("(och 1 till)") != std::string::npos);
}

TEST_CASE("JUnit escapes markup and replaces what XML 1.0 cannot hold") {
    auto small = small_run();
    auto& f = small->run.files[0].findings;
    f.resize(1);
    f[0].message.en = std::string("a<b & \"c\" 'd' >e\x01\x1f\tok\r\n\xff\xc3(", 26) + "\xef\xbf\xbe" + "]]>";
    const std::string xml = render("junit", small->run, "en");
    CHECK(xml.find("message=\"budget.json:2:11: a&lt;b &amp; &quot;c&quot; 'd' &gt;e\xEF\xBF\xBD\xEF\xBF\xBD&#9;ok&#13;&#10;"
                   "\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD]]&gt;\"") != std::string::npos);
    CHECK(xml.find(">budget.json:2:11: error: a&lt;b &amp; \"c\" 'd' &gt;e\xEF\xBF\xBD\xEF\xBF\xBD\tok&#13;\n"
                   "\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD]]&gt; [schema.enum]\n") != std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    // An input error is an <error> test case named by its code.
    output::RunReport broken;
    broken.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    const std::string err = render("junit", broken, "en");
    CHECK(err.find("tests=\"1\" failures=\"0\" errors=\"1\"") != std::string::npos);
    CHECK(err.find("<testcase name=\"json.duplicate-key\" classname=\"broken.json\" time=\"0\">\n      <error "
                   "message=\"broken.json:2:2: duplicate member &quot;a&quot;") != std::string::npos);
}

// A rule's message may hold NUL and other control characters; HTML may not
// (a parse error): each is shown as its Control Picture, as on a terminal;
// tab and line breaks stay, a bidi override goes.
TEST_CASE("HTML shows control characters in a finding's text as visible characters") {
    auto small = small_run();
    auto& f = small->run.files[0].findings;
    f.resize(1);
    f[0].message.en = std::string("a\0b\x01" "c\x7f\td<", 9) + "\u202Ee";
    const std::string html = render("html", small->run, "en");
    CHECK(html.find("a\u2400b\u2401c\u2421\td&lt;\uFFFDe") != std::string::npos);
    CHECK(html.find('\0') == std::string::npos);
    CHECK(html.find('\x01') == std::string::npos);
}

TEST_CASE("the CI formats report the same findings in both languages and never change them") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    run.rules = &engine.rules();
    run.files.push_back(engine.validate_file("samples/leanlink-2023.json"));
    const auto before = run.files[0].findings;
    for (const char* format : {"sarif", "junit", "github", "gitlab"}) {
        CAPTURE(format);
        const std::string sv = render(format, run, "sv");
        const std::string en = render(format, run, "en");
        CHECK(sv != en);
        for (const auto& f : before) {
            if (std::string_view(format) == "junit" || std::string_view(format) == "github") {
                // GitHub workflow commands write '%' as "%25" ("Total sjukfrånvaro, %").
                const auto shown = [&](std::string text) {
                    if (std::string_view(format) != "github") return text;
                    for (std::size_t at = text.find('%'); at != std::string::npos; at = text.find('%', at + 3))
                        text.replace(at, 1, "%25");
                    return text;
                };
                CHECK(sv.find(shown(f.message.sv.substr(0, 40))) != std::string::npos);
                CHECK(en.find(shown(f.message.en.substr(0, 40))) != std::string::npos);
            }
        }
        REQUIRE(run.files[0].findings.size() == before.size());
        for (std::size_t i = 0; i < before.size(); ++i) {
            CHECK(run.files[0].findings[i].message.en == before[i].message.en);
            CHECK(run.files[0].findings[i].location.line == before[i].location.line);
        }
    }
    // GitHub: one annotation per finding plus the summary line.
    const std::string gh = render("github", run);
    CHECK(static_cast<std::size_t>(std::count(gh.begin(), gh.end(), '\n')) == before.size() + 1);
}
