// The shipped rule test cases through the real engine (production limits,
// coverage line hook on): no failures, every rule fires and stays silent in
// some case, every rule and library file has at least 90 % line coverage.
// Also the coverage and case-runner machinery itself, on small inputs.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "engine.hpp"
#include "rule_cases.hpp"

using namespace budgetcheck;

namespace {

struct Run {
    std::unique_ptr<Engine> engine;
    std::shared_ptr<rules::Coverage> coverage;
    std::vector<rule_cases::CaseResult> results;
};

const Run& shipped_run() {
    static const Run run = [] {
        Run r;
        EngineConfig config;
        config.data_dir = BUDGETCHECK_SOURCE_DIR;
        r.coverage = std::make_shared<rules::Coverage>();
        config.rule_limits.coverage = r.coverage;
        config.check_field_names = true;  // as `budgetcheck test` runs them
        auto created = Engine::create(config);
        REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
        r.engine = std::move(std::get<std::unique_ptr<Engine>>(created));
        const auto files = rule_cases::find_case_files(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules");
        r.results = rule_cases::run_case_files(*r.engine, files, BUDGETCHECK_SOURCE_DIR);
        return r;
    }();
    return run;
}

}  // namespace

TEST_CASE("every shipped rule case passes") {
    const Run& run = shipped_run();
    CHECK(run.results.size() >= 2 * run.engine->rules().size());
    std::size_t failed = 0;
    for (const auto& r : run.results) {
        if (r.passed) continue;
        ++failed;
        std::string diff;
        for (const auto& line : r.diff) diff += "\n  " + line.en;
        MESSAGE(r.file << " [" << r.rule << "] " << r.name << diff);
    }
    CHECK(failed == 0);
}

TEST_CASE("every shipped rule has a firing and a silent case") {
    const Run& run = shipped_run();
    const auto gaps = rule_cases::case_gaps(run.engine->rules(), run.results);
    for (const auto& id : gaps.without_cases) MESSAGE("no cases: " << id);
    for (const auto& id : gaps.without_firing) MESSAGE("no firing case: " << id);
    for (const auto& id : gaps.without_silent) MESSAGE("no silent case: " << id);
    CHECK(gaps.without_cases.empty());
    CHECK(gaps.without_firing.empty());
    CHECK(gaps.without_silent.empty());
}

TEST_CASE("every shipped rule and library file has at least 90 % line coverage") {
    const Run& run = shipped_run();
    const auto files = rule_cases::coverage_in_scope(*run.coverage, BUDGETCHECK_SOURCE_DIR,
                                                     std::string(BUDGETCHECK_SOURCE_DIR) + "/rules");
    // every rule file and the library are measured
    CHECK(files.size() == run.engine->rules().size() + 1);
    CHECK(std::any_of(files.begin(), files.end(), [](const auto& f) { return f.name == "rules/lib/budget.lua"; }));
    for (const auto& f : files) {
        INFO(rule_cases::coverage_line(f));
        CHECK(f.executable.size() > 10);
        CHECK(f.percent() >= 90.0);
    }
}

namespace {

// An engine over the repository's schemas and policy packs, with the rules
// of a temporary data dir.
struct TempRules {
    std::string dir;
    explicit TempRules(const std::string& rule_text) {
        namespace fs = std::filesystem;
        dir = (fs::temp_directory_path() / ("bc-rule-cases-" + std::to_string(::getpid()))).string();
        fs::remove_all(dir);
        fs::create_directories(dir + "/rules/demo");
        fs::create_directories(dir + "/rules/lib");
        fs::copy(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas", dir + "/schemas", fs::copy_options::recursive);
        fs::copy(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies", dir + "/rules/policies",
                 fs::copy_options::recursive);
        fs::copy(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples", dir + "/samples", fs::copy_options::recursive);
        std::ofstream(dir + "/rules/demo/x.lua") << rule_text;
    }
    ~TempRules() { std::filesystem::remove_all(dir); }
};

}  // namespace

TEST_CASE("coverage counts the lines that carry code, in nested functions too, and names the missed ones") {
    // Line numbers matter below.
    const std::string rule =
        "-- comment line 1\n"                                           // 1
        "local function helper(x)\n"                                    // 2
        "  if x > 100 then\n"                                           // 3
        "    return 'big'\n"                                            // 4
        "  end\n"                                                       // 5
        "\n"                                                            // 6
        "  return 'small'\n"                                            // 7
        "end\n"                                                         // 8
        "return {\n"                                                    // 9
        "  id = 'demo.x', title = { sv = 's', en = 'e' }, severity = 'notice',\n"  // 10
        "  check = function(submission, policy, report)\n"             // 11
        "    local n = helper(1)\n"                                     // 12
        "    if n == 'never' then\n"                                    // 13
        "      -- a comment inside\n"                                   // 14
        "      report{ at = '', sv = 'x', en = 'x' }\n"                 // 15
        "    end\n"                                                     // 16
        "  end,\n"                                                      // 17
        "}\n";                                                          // 18
    TempRules temp(rule);
    EngineConfig config;
    config.data_dir = temp.dir;
    auto coverage = std::make_shared<rules::Coverage>();
    config.rule_limits.coverage = coverage;
    auto created = Engine::create(config);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    auto& engine = *std::get<std::unique_ptr<Engine>>(created);
    const auto report = engine.validate_file(temp.dir + "/samples/vss-2024.json");
    CHECK(report.errors.empty());
    const auto files = coverage->files();
    const auto it = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.name == "rules/demo/x.lua"; });
    REQUIRE(it != files.end());
    // Comments and blank lines (1, 6, 14) never count. Line 8 does: the
    // closure for `helper` is created there when the file loads.
    CHECK(std::find(it->executable.begin(), it->executable.end(), 1u) == it->executable.end());
    CHECK(std::find(it->executable.begin(), it->executable.end(), 6u) == it->executable.end());
    CHECK(std::find(it->executable.begin(), it->executable.end(), 14u) == it->executable.end());
    CHECK(std::find(it->hit.begin(), it->hit.end(), 8u) != it->hit.end());
    CHECK(std::find(it->executable.begin(), it->executable.end(), 4u) != it->executable.end());
    CHECK(std::find(it->executable.begin(), it->executable.end(), 15u) != it->executable.end());
    CHECK(it->missed_ranges() == "4, 15");
    CHECK(it->hit.size() + 2 == it->executable.size());
    // Without coverage asked for, nothing is collected.
    EngineConfig plain;
    plain.data_dir = temp.dir;
    CHECK(plain.rule_limits.coverage == nullptr);
}

TEST_CASE("a case fails on a missing and on an unexpected finding, with a readable diff") {
    const Run& run = shipped_run();
    const std::string cases = R"({ "rule": "investment.within-frame", "cases": [
      { "name": "expects a finding that does not come", "submission": "samples/vss-2024.json",
        "expect": [ {"severity": "error", "pointer": "/investments/rows/0/net/2025", "year": 2025} ] },
      { "name": "expects silence but the rule fires", "submission": "samples/vss-2024.json",
        "patch": [ {"op": "replace", "path": "/investments/rows/0/net/2025", "value": 61.5} ], "expect": [] } ] })";
    const auto results = rule_cases::run_case_text(*run.engine, cases, "inline.cases.json", BUDGETCHECK_SOURCE_DIR);
    REQUIRE(results.size() == 2);
    CHECK_FALSE(results[0].passed);
    REQUIRE(results[0].diff.size() == 1);
    CHECK(results[0].diff[0].en ==
          "- missing:    investment.within-frame error at /investments/rows/0/net/2025 year 2025");
    CHECK(results[0].diff[0].sv ==
          "- saknas:     investment.within-frame error vid /investments/rows/0/net/2025 år 2025");
    CHECK_FALSE(results[1].passed);
    REQUIRE(results[1].diff.size() == 1);
    // 61,5 mnkr of net investments against KF's 60 mnkr frame for 2025: 1,5 mnkr over.
    CHECK(results[1].diff[0].en.rfind("+ unexpected: investment.within-frame error at /investments/stated_total/net/2025 "
                                      "year 2025 difference 1500000 (line ",
                                      0) == 0);
    CHECK(results[1].diff[0].sv.rfind("+ oväntat:    investment.within-frame error vid /investments/stated_total/net/2025 "
                                      "år 2025 skillnad 1500000 (rad ",
                                      0) == 0);
    CHECK(rule_cases::junit_xml(results, "sv").find("<failure message=\"1 skillnad mellan förväntade och faktiska fynd\" "
                                                    "type=\"findings-differ\">- saknas:     ") != std::string::npos);
    const std::string xml = rule_cases::junit_xml(results);
    CHECK(xml.find("<testsuite package=\"inline.cases.json\" id=\"0\" name=\"investment.within-frame\"") !=
          std::string::npos);
    CHECK(xml.find("tests=\"2\" failures=\"2\" errors=\"0\"") != std::string::npos);
    CHECK(xml.find("<failure message=\"1 difference between expected and actual findings\" "
                   "type=\"findings-differ\">") != std::string::npos);
}

namespace {

// Every member name any "properties" of the schema defines.
void property_names(json::Value v, std::set<std::string>& out) {
    if (v.is_object()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v.key_at(i) == "properties" && v.at(i).is_object())
                for (std::size_t k = 0; k < v.at(i).size(); ++k) out.insert(std::string(v.at(i).key_at(k)));
            property_names(v.at(i), out);
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) property_names(v.at(i), out);
    }
}

}  // namespace

TEST_CASE("the editor definitions (editor/budgetcheck.lua) know every field of the submission and policy schemas") {
    const auto meta = read_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/editor/budgetcheck.lua", 1u << 20);
    REQUIRE_FALSE(meta.error);
    CHECK(meta.text.rfind("---@meta", 0) == 0);
    for (const char* schema : {"/schemas/submission.schema.json", "/schemas/policy.schema.json"}) {
        const auto text = read_file(std::string(BUDGETCHECK_SOURCE_DIR) + schema, 1u << 22);
        REQUIRE_FALSE(text.error);
        const auto parsed = json::parse(text.text);
        REQUIRE(parsed.document);
        std::set<std::string> names;
        property_names(parsed.document->root(), names);
        CHECK(names.size() > 20);
        for (const auto& name : names) {
            if (name == "$schema") continue;
            INFO(schema << ": field '" << name << "' (run python3 editor/generate_types.py --write)");
            const bool found = meta.text.find("---@field " + name + " ") != std::string::npos ||
                               meta.text.find("---@field " + name + "? ") != std::string::npos;
            CHECK(found);
        }
    }
    // money is typed as integer kronor
    CHECK(meta.text.find("---@field amounts table<string, integer> Belopp — year (\"2024\") → kronor") !=
          std::string::npos);
}
