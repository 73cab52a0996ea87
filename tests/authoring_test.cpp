// Rule authoring without surprises (issue 13): misspelt keys in every file
// kind authors write are errors at file:line:column with the closest valid
// name; a case names its policy pack; unfinished rules do not run.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine.hpp"
#include "rule_cases.hpp"
#include "test_support.hpp"
#include "text/suggest.hpp"
#include "unfinished.hpp"

using namespace budgetcheck;

TEST_CASE("edit_distance counts a swap of neighbours as one edit, and ignores ASCII case") {
    CHECK(text::edit_distance("yaer", "year") == 1);
    CHECK(text::edit_distance("mesage", "message") == 1);
    CHECK(text::edit_distance("patches", "patch") == 2);
    CHECK(text::edit_distance("Year", "year") == 0);
    CHECK(text::edit_distance("", "abc") == 3);
    CHECK(text::edit_distance("abc", "") == 3);
    CHECK(text::edit_distance("ca", "abc") == 3);  // optimal string alignment: no edit of a swapped pair
}

TEST_CASE("closest_name suggests only likely typos") {
    const std::vector<std::string_view> names = {"rule", "severity", "pointer", "year", "message"};
    CHECK(text::closest_name("yaer", names) == "year");
    CHECK(text::closest_name("mesage", names) == "message");
    CHECK(text::closest_name("severty", names) == "severity");
    CHECK(text::closest_name("colour", names) == "");     // nothing close
    CHECK(text::closest_name("yr", names) == "");         // 2 edits is too many for a short word
    CHECK(text::closest_name("year", names) == "");       // the name itself is no suggestion
    CHECK(text::closest_name("investmnts", {"investments", "indicators"}) == "investments");
    CHECK(text::closest_name("patches", {"name", "submission", "patch", "document", "policy", "expect"}) == "patch");
    // A hostile 1 MB key is compared by length only (no distance is computed).
    CHECK(text::closest_name(std::string(1u << 20, 'y'), names) == "");
    CHECK(text::closest_name("", names) == "");
}

TEST_CASE("a misspelt submission field: schema.additionalProperties names the closest field") {
    std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const std::size_t at = text.find("\"investments\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 13, "\"investmnts\"");
    const auto report = testing::repository_engine().validate_text(text, "vss.json");
    std::vector<std::string> got;
    for (const auto& f : report.findings)
        if (f.rule_id == "schema.additionalProperties") got.push_back(f.message.sv + " | " + f.message.en);
    REQUIRE(got.size() == 1);
    CHECK(got[0] ==
          "Fältet 'investmnts' är inte tillåtet i dokumentet; menade du 'investments'? | Field 'investmnts' is not "
          "allowed in the document; did you mean 'investments'?");
}

namespace {

std::vector<rule_cases::CaseResult> run_cases(const std::string& text) {
    return rule_cases::run_case_text(testing::repository_engine(), text, "x.cases.json", BUDGETCHECK_SOURCE_DIR);
}

// One line per problem, so a failing CHECK shows them.
std::string problems(const rule_cases::CaseResult& r) {
    std::string out;
    for (const auto& p : r.problems)
        out += fmt::format("{}:{}:{} {} {}\n", p.file, p.line, p.column, p.code, p.message.en);
    return out;
}

}  // namespace

TEST_CASE("a misspelt key in an expectation breaks the case instead of widening it") {
    // "yaer" and "mesage" used to be ignored: the case passed as "any warning".
    const auto results = run_cases(R"({ "rule": "investment.within-frame", "cases": [
      { "name": "typos", "submission": "samples/vss-2024.json",
        "patch": [ {"op": "replace", "path": "/investments/rows/0/net/2025", "value": 61.5} ],
        "expect": [ {"severity": "error", "yaer": 2099, "mesage": "nothing like this"} ] },
      { "name": "fine", "submission": "samples/vss-2024.json", "expect": [] } ] })");
    REQUIRE(results.size() == 2);
    CHECK(results[0].broken);
    CHECK_FALSE(results[0].passed);
    CHECK(problems(results[0]) ==
          "x.cases.json:4:43 case.additionalProperties Field 'yaer' is not allowed in 'expect[0]'; did you mean "
              "'year'?\n"
              "x.cases.json:4:57 case.additionalProperties Field 'mesage' is not allowed in 'expect[0]'; did you "
              "mean 'message'?\n");
    CHECK(results[1].passed);  // the other cases still run
}

TEST_CASE("\"patches\" for \"patch\" breaks the case (it used to test the unpatched sample)") {
    const auto results = run_cases(R"({ "rule": "investment.within-frame", "cases": [
      { "name": "typo", "submission": "samples/vss-2024.json",
        "patches": [ {"op": "replace", "path": "/investments/rows/0/net/2025", "value": 61.5} ], "expect": [] } ] })");
    REQUIRE(results.size() == 1);
    CHECK(results[0].broken);
    CHECK(problems(results[0]) ==
          "x.cases.json:3:9 case.additionalProperties Field 'patches' is not allowed in "
                                   "'cases[0]'; did you mean 'patch'?\n");
    CHECK(results[0].problems[0].message.sv == "Fältet 'patches' är inte tillåtet i 'cases[0]'; menade du 'patch'?");
}

TEST_CASE("a misspelt key at the top of a case file breaks the whole file") {
    const auto results = run_cases(R"({ "rule": "investment.within-frame", "case": [] })");
    REQUIRE(results.size() == 1);
    CHECK(results[0].broken);
    CHECK(results[0].name == "(case file)");
    CHECK(problems(results[0]) ==
          "x.cases.json:1:1 case.required Required field 'cases' is missing from 'Testfall för en regel'\n"
              "x.cases.json:1:38 case.additionalProperties Field 'case' is not allowed in the document; did you mean "
              "'cases'?\n");
}

TEST_CASE("a case names its policy pack by id") {
    const Engine& engine = testing::repository_engine();
    const std::string sample = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const std::string pack = "linkoping-2023";
    CHECK(engine.validate_text(sample, "vss.json").policy_pack == "linkoping-2024");
    CHECK(engine.validate_text(sample, "vss.json", &pack).policy_pack == "linkoping-2023");

    const auto results = run_cases(R"({ "rule": "investment.within-frame", "cases": [
      { "name": "a pack by id", "submission": "samples/vss-2024.json", "policy": "linkoping-2023", "expect": [] },
      { "name": "a misspelt pack", "submission": "samples/vss-2024.json", "policy": "linkoping-2204", "expect": [] }
    ] })");
    REQUIRE(results.size() == 2);
    CHECK_FALSE(results[0].broken);
    CHECK(results[1].broken);
    CHECK(problems(results[1]) ==
          "x.cases.json:3:85 case.unknown-policy no policy pack 'linkoping-2204'; did you "
                                   "mean 'linkoping-2024'?; the packs are linkoping-2019, linkoping-2023, "
                                   "linkoping-2024, norrkoping-2023\n");
}

TEST_CASE("placeholder markers are words of their own") {
    CHECK(placeholder_marker("TODO rubrik på svenska") == "TODO");
    CHECK(placeholder_marker("see FIXME.") == "FIXME");
    CHECK(placeholder_marker("Regel: TODO") == "TODO");
    CHECK(placeholder_marker("TODOS and MASTODON") == "");
    CHECK(placeholder_marker("todo") == "");
    rules::RuleInfo rule;
    rule.title = {"TODO rubrik", "Title"};
    rule.source.quote = "beslutets ord";
    rule.explain = {"Rad ett\nTODO: vad regeln gör.\nRad tre", "Done."};
    const auto found = placeholders(rule);
    REQUIRE(found.size() == 2);
    CHECK(found[0].field == "title.sv");
    CHECK(found[1].field == "explain.sv");
    CHECK(found[1].text == "TODO: vad regeln gör.");
    CHECK(line_holding("a\nb\nTODO: vad regeln gör.\n", found[1].text) == 3);
    CHECK(line_holding("a\n", "missing") == 0);
}

namespace {

// A copy of the repository's data with one rule in a new group.
struct DataWithRule {
    std::filesystem::path dir;
    explicit DataWithRule(const std::string& rule_text) {
        namespace fs = std::filesystem;
        dir = fs::temp_directory_path() / ("bc-authoring-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        for (const char* sub : {"schemas", "rules", "samples"})
            fs::copy(fs::path(BUDGETCHECK_SOURCE_DIR) / sub, dir / sub, fs::copy_options::recursive);
        fs::create_directories(dir / "rules/demo");
        std::ofstream(dir / "rules/demo/always.lua") << rule_text;
    }
    ~DataWithRule() { std::filesystem::remove_all(dir); }
};

const char* kAlwaysFires = R"(return {
  id = "demo.always",
  title = { sv = "TODO rubrik på svenska", en = "TODO title in English" },
  severity = "error",
  check = function(submission, policy, report)
    report{ at = "", sv = "alltid", en = "always" }
  end,
})";

}  // namespace

TEST_CASE("an unfinished rule does not run in validate, and runs for its cases") {
    DataWithRule data(kAlwaysFires);
    EngineConfig config;
    config.data_dir = data.dir.string();
    for (bool run_unfinished : {false, true}) {
        config.run_unfinished_rules = run_unfinished;
        auto created = Engine::create(config);
        REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
        const auto& engine = *std::get<std::unique_ptr<Engine>>(created);
        REQUIRE(engine.unfinished_rules().size() == 1);
        CHECK(engine.unfinished_rules()[0].id == "demo.always");
        const auto report = engine.validate_file((data.dir / "samples/vss-2024.json").string());
        std::size_t fired = 0;
        for (const auto& f : report.findings) fired += f.rule_id == "demo.always";
        CHECK(fired == (run_unfinished ? 1u : 0u));
    }
}

TEST_CASE("a rule's id is its path: rules/demo/always.lua declaring another id is refused at load") {
    DataWithRule data(R"(return {
  id = "budget.somewhere-else",
  title = { sv = "Fel plats", en = "Wrong place" },
  severity = "notice",
  check = function(submission, policy, report) end,
})");
    EngineConfig config;
    config.data_dir = data.dir.string();
    auto created = Engine::create(config);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "rules/demo/always.lua");
    CHECK(errors[0].code == "rule.id-path");
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 8);
    CHECK(errors[0].message.en ==
          "the rule's id is 'budget.somewhere-else', but a rule's id is its path: write id = \"demo.always\", or "
          "move the file to rules/budget/somewhere-else.lua");
}
