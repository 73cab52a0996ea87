// report.figure{}: key figures a rule publishes (docs/rule-api.md), every
// field validated; the shipped frame rules' figures on the samples, exact.
#include <doctest/doctest.h>

#include <regex>
#include <set>
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

std::string rule(const std::string& id, const std::string& body) { return testing::rule_text(id, body); }

rules::RunResult run(const std::vector<SourceText>& sources) { return testing::run_rule_sources(sources); }

// The English reason the one rule failed with ("" when it did not fail).
std::string failure_of(const std::string& body) {
    const auto result = run({{"rules/t.lua", rule("t.figure", body)}});
    CHECK(result.figures.empty());
    return result.failures.empty() ? std::string() : result.failures.front().reason.en;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("report.figure publishes exact kronor with the rule's id; report{} still works beside it") {
    const auto result = run({{"rules/a.lua", rule("t.a",
                                                  "    report.figure{ id = \"investment.frame\", year = 2025, amount = -5, limit = 400000 }\n"
                                                  "    report.figure{ id = \"investment.frame\", year = 2024, amount = 9007199254740992 }\n"
                                                  "    report{ at = \"\", sv = \"s\", en = \"e\" }")},
                             {"rules/b.lua", rule("t.b", "    report.figure{ id = \"operating.frame\", year = 2024, amount = 0, limit = 0 }")}});
    REQUIRE(result.failures.empty());
    CHECK(result.findings.size() == 1);
    // In the order published; the engine sorts them by id and year (FileReport::figures).
    REQUIRE(result.figures.size() == 3);
    CHECK(result.figures[0] == KeyFigure{"investment.frame", "t.a", 2025, -5, 400000});
    CHECK(result.figures[1] == KeyFigure{"investment.frame", "t.a", 2024, 9007199254740992, std::nullopt});
    CHECK(result.figures[2] == KeyFigure{"operating.frame", "t.b", 2024, 0, 0});
}

TEST_CASE("a rule that fails publishes no figures; the others' stay") {
    const auto result = run({{"rules/a.lua", rule("t.a", "    report.figure{ id = \"x\", year = 2024, amount = 1 }\n    error(\"boom\")")},
                             {"rules/b.lua", rule("t.b", "    report.figure{ id = \"y\", year = 2024, amount = 2 }")}});
    REQUIRE(result.failures.size() == 1);
    CHECK(result.failures[0].rule == "t.a");
    REQUIRE(result.figures.size() == 1);
    CHECK(result.figures[0] == KeyFigure{"y", "t.b", 2024, 2, std::nullopt});
}

TEST_CASE("report.figure validates every field") {
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 61.5 }"),
                   "report.figure: field 'amount' must be an exact amount of kronor"));
    // A float that happens to be whole is still not exact money.
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 2.0 }"), "field 'amount' must be"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = \"5\" }"), "field 'amount' must be"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 9007199254740993 }"),
                   "within ±2^53"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 1, limit = 0.5 }"),
                   "field 'limit' must be an exact amount"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024 }"), "field 'amount' is missing"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 1, limt = 2 }"),
                   "unknown field 'limt'; the fields are id, year, amount and limit"));
    CHECK(contains(failure_of("    report.figure{ id = \"Investment Frame\", year = 2024, amount = 1 }"),
                   "field 'id' must be a lower-case name"));
    CHECK(contains(failure_of("    report.figure{ id = \"a..b\", year = 2024, amount = 1 }"), "field 'id' must be"));
    CHECK(contains(failure_of("    report.figure{ year = 2024, amount = 1 }"), "field 'id' must be"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = \"2024\", amount = 1 }"),
                   "field 'year' must be a whole number"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024.5, amount = 1 }"), "field 'year' must be"));
    CHECK(contains(failure_of("    report.figure{ id = \"x\", year = 2024, amount = 1 }\n"
                              "    report.figure{ id = \"x\", year = 2024, amount = 2 }"),
                   "the key figure 'x' for 2024 is published already"));
    CHECK(contains(failure_of("    report.figure(5)"), "report.figure: expects one new table"));
    CHECK(contains(failure_of("    report.figure = nil"), "report is read-only"));
    CHECK(contains(failure_of("    local x = report.figures"), "report has only report{...}"));
    // The Swedish text is kept for the engine.rule-error finding.
    const auto result = run({{"rules/t.lua", rule("t.sv", "    report.figure{ id = \"x\", year = 2024, amount = 1.5 }")}});
    REQUIRE(result.failures.size() == 1);
    CHECK(contains(result.failures[0].reason.sv, "report.figure: fältet 'amount' måste vara ett exakt belopp i kronor"));
}

TEST_CASE("the same figure id and year from two rules stops the second") {
    const auto result = run({{"rules/a.lua", rule("t.a", "    report.figure{ id = \"x\", year = 2024, amount = 1 }")},
                             {"rules/b.lua", rule("t.b", "    report.figure{ id = \"x\", year = 2024, amount = 2 }")}});
    REQUIRE(result.failures.size() == 1);
    CHECK(result.failures[0].rule == "t.b");
    REQUIRE(result.figures.size() == 1);
    CHECK(result.figures[0].amount == 1);
}

// The figures the frame rules publish on the samples: the sums of the
// samples' rows (requests left out) computed by hand from the JSON, and the
// packs' frames, in kronor.
// medarbetare.mandatory-indicators publishes the years it requires targets
// in (budget year and first plan year) with the count of the pack's
// mandatory indicators: 10 in linkoping-2019, 8 in linkoping-2023 and -2024,
// none in norrkoping-2023 (whose list is empty: nothing published).
TEST_CASE("the frame rules publish frame use, and the indicator rule its required years, on the samples") {
    const Engine& engine = testing::repository_engine();
    const auto figures = [&](const std::string& sample) {
        return engine.validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + sample).figures;
    };
    const std::string op = "operating.within-frame", inv = "investment.within-frame";
    const std::string med = "medarbetare.mandatory-indicators", req = "medarbetare.required-targets";
    CHECK(figures("socialnamnden-2019.json") ==
          std::vector<KeyFigure>{{"investment.frame", inv, 2019, 800'000, 400'000},
                                 {"investment.frame", inv, 2020, 800'000, 400'000},
                                 {"investment.frame", inv, 2021, 800'000, 400'000},
                                 {"investment.frame", inv, 2022, 800'000, 400'000},
                                 {req, med, 2019, 10, std::nullopt},
                                 {req, med, 2020, 10, std::nullopt},
                                 {"operating.frame", op, 2019, 464'532'000, 464'532'000},
                                 {"operating.frame", op, 2020, 460'620'000, 460'620'000},
                                 {"operating.frame", op, 2021, 465'669'000, 465'669'000},
                                 {"operating.frame", op, 2022, 465'669'000, 465'669'000}});
    CHECK(figures("norrkoping-kultur-fritid-2024.json") ==
          std::vector<KeyFigure>{{"investment.frame", inv, 2024, 8'500'000, 9'000'000},
                                 {"investment.frame", inv, 2025, 4'500'000, 5'000'000},
                                 {"investment.frame", inv, 2026, 4'500'000, 5'000'000},
                                 {"operating.frame", op, 2024, 428'000'000, 428'000'000},
                                 {"operating.frame", op, 2025, 428'600'000, 428'600'000},
                                 {"operating.frame", op, 2026, 428'600'000, 428'600'000}});
    // Revenue-funded: operating.within-frame does not apply, so no operating figure.
    std::vector<KeyFigure> leanlink;
    for (int year = 2023; year <= 2028; ++year) leanlink.push_back({"investment.frame", inv, year, 4'400'000, 4'400'000});
    leanlink.push_back({req, med, 2023, 8, std::nullopt});
    leanlink.push_back({req, med, 2024, 8, std::nullopt});
    CHECK(figures("leanlink-2023.json") == leanlink);
    std::vector<KeyFigure> vss{{"investment.frame", inv, 2024, 61'000'000, 61'000'000}};
    for (int year = 2025; year <= 2029; ++year) vss.push_back({"investment.frame", inv, year, 60'000'000, 60'000'000});
    vss.push_back({req, med, 2024, 8, std::nullopt});
    vss.push_back({req, med, 2025, 8, std::nullopt});
    CHECK(figures("vss-2024.json") == vss);
}

// The HTML report's medarbetare indicator grid for one file: the markup from
// the chart's data-chart attribute to its </figure>.
std::string grid_html(const Engine& engine, const FileReport& file) {
    output::RunReport run;
    run.rules = &engine.rules();
    run.packs = &engine.policy_packs();
    run.files.push_back(file);
    const std::string html = testing::render("html", run);
    const auto grid = html.find("data-chart=\"medarbetare\"");
    REQUIRE(grid != std::string::npos);
    return html.substr(grid, html.find("</figure>", grid) - grid);
}

// The HTML indicator grid marks "*" the years a rule published as
// medarbetare.required-targets, and only those: the report works out no
// required year itself.
TEST_CASE("the indicator grid marks the required years the rule published") {
    const Engine& engine = testing::repository_engine();
    const auto marked = [&](const FileReport& file) {
        const std::string part = grid_html(engine, file);
        std::set<int> years;
        const std::regex head(R"re(<g class="year[^"]*" data-year="(\d{4})"[^>]*><text [^>]*>\d{4}(\*?))re");
        for (std::sregex_iterator it(part.begin(), part.end(), head), end; it != end; ++it)
            if ((*it)[2] == "*") years.insert(std::stoi((*it)[1]));
        return years;
    };
    FileReport file = engine.validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/socialnamnden-2019.json");
    CHECK(marked(file) == std::set<int>{2019, 2020});
    // Other published years are drawn as published ...
    for (auto& f : file.figures)
        if (f.id == "medarbetare.required-targets") f.year += 2;
    CHECK(marked(file) == std::set<int>{2021, 2022});
    // ... and none published (the rule skipped or failed): no year marked.
    std::erase_if(file.figures, [](const KeyFigure& f) { return f.id == "medarbetare.required-targets"; });
    CHECK(marked(file).empty());
}

// A board that writes no policy_id and its own indicator ids: the rules find
// the mandatory indicators by name or alias (budget.find_indicator), and so
// must the grid, or it says "saknas i underlaget" beside a passing check.
TEST_CASE("the indicator grid finds the mandatory indicators by name and alias, as the rules do") {
    const Engine& engine = testing::repository_engine();
    std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    text = std::regex_replace(text, std::regex(R"re(\s*"policy_id": "[^"]*",?)re"), "");
    for (const char* id : {"total-sjukfranvaro", "hallbart-medarbetarengagemang-hme", "andel-nyanstallda-kvar",
                           "medarbetare-per-chef"})
        text = std::regex_replace(text, std::regex("\"" + std::string(id) + "\""), "\"egen-" + std::string(id) + "\"");
    // One name written as an alias of the pack, in capitals with a final full stop.
    const std::string name = "\"name\": \"Total sjukfrånvaro, %\"";
    REQUIRE(text.find(name) != std::string::npos);
    text.replace(text.find(name), name.size(), "\"name\": \"TOTAL  SJUKFRÅNVARO.\"");
    REQUIRE(text.find("policy_id") == std::string::npos);

    const FileReport file = engine.validate_text(text, "egna-id.json");
    for (const Finding& f : file.findings)
        CHECK_MESSAGE(!(f.rule_id == "medarbetare.mandatory-indicators" && f.severity == Severity::Error),
                      f.message.en);
    const std::string part = grid_html(engine, file);
    CHECK(part.find("saknas i underlaget") == std::string::npos);
    CHECK(part.find("Total sjukfrånvaro, %: 2024 ≤6,5, 2025 ≤6,2") != std::string::npos);
    CHECK(part.find("Antal medarbetare per 1:a linjens chef: 2024 ≤25, 2025 ≤25") != std::string::npos);
}

// A budget year listed again among the plan years (Socialnämnden 2019 with
// plan years 2019–2021: plan.period's error) is one year everywhere: the
// rules publish each year's figure once (before, budget.years gave 2019 twice
// and report.figure stopped investment.within-frame and
// medarbetare.mandatory-indicators), and the HTML grid draws one 2019 column.
TEST_CASE("a budget year listed again among the plan years is one year: no rule failure, one column") {
    const Engine& engine = testing::repository_engine();
    std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/socialnamnden-2019.json");
    const std::string plan = "\"plan_years\": [2020, 2021, 2022]";
    const auto at = text.find(plan);
    REQUIRE(at != std::string::npos);
    text.replace(at, plan.size(), "\"plan_years\": [2019, 2020, 2021]");
    testing::TempDir dir("budget-year-in-plan");
    const FileReport file = engine.validate_file(dir.write("samples/soc.json", text));
    CHECK(file.rule_failures.empty());
    std::vector<int> frame_years;
    for (const auto& f : file.figures)
        if (f.id == "investment.frame") frame_years.push_back(f.year);
    CHECK(frame_years == std::vector<int>{2019, 2020, 2021});
    const std::string part = grid_html(engine, file);
    const std::regex head(R"re(<g class="year[^"]*" data-year="2019")re");
    CHECK(std::distance(std::sregex_iterator(part.begin(), part.end(), head), std::sregex_iterator()) == 1);
}
