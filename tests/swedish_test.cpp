// Swedish throughout (issue 15, item 9): no English words in Swedish output.
#include <cstdio>

#include <doctest/doctest.h>

#include "output/reporter.hpp"
#include "test_support.hpp"
#include "waivers.hpp"

using namespace budgetcheck;

namespace {

std::string run_cli(const std::string& args) {
    std::string out;
    FILE* p = ::popen((std::string(BUDGETCHECK_BINARY) + " " + args + " 2>&1").c_str(), "r");
    REQUIRE(p != nullptr);
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
    ::pclose(p);
    return out;
}

}  // namespace

TEST_CASE("stable value tokens read as Swedish words in Swedish, as written in English") {
    CHECK(shown_value("absent", "sv") == "saknas");
    CHECK(shown_value("present", "sv") == "finns");
    CHECK(shown_value("blank", "sv") == "tom cell");
    CHECK(shown_value("missing", "sv") == "saknas");
    CHECK(shown_value("integer|null", "sv") == "heltal eller null");
    CHECK(shown_value("string", "sv") == "text");
    CHECK(shown_value("integer|Kvinnor", "sv") == "integer|Kvinnor");  // not a type list: as written
    CHECK(shown_value("400 tkr", "sv") == "400 tkr");
    // The schema validator's counted values.
    CHECK(shown_value("unique items", "sv") == "unika element");
    CHECK(shown_value(">= 1 items", "sv") == ">= 1 element");
    CHECK(shown_value("12 characters", "sv") == "12 tecken");
    CHECK(shown_value("<= 3 fields", "sv") == "<= 3 fält");
    CHECK(shown_value("multiple of 0.5", "sv") == "multipel av 0.5");
    CHECK(shown_value("a match within 100000 steps", "sv") == "en träff inom 100000 steg");
    CHECK(shown_value("a matching item", "sv") == "ett matchande element");
    CHECK(shown_value("absent", "en") == "absent");
    CHECK(shown_value(">= 1 items", "en") == ">= 1 items");
    CHECK(shown_value("blank", "en") == "blank");
}

TEST_CASE("an unknown member reads 'förväntat: saknas, faktiskt: finns'") {
    const auto report = testing::repository_engine().validate_text(
        R"({"format_version": "1.0", "municipality": "linkoping", "organisation": {"id": "x", "name": "X",
           "kind": "board", "funding": "appropriation", "colour": "red"}, "kf_decision": {"date": "2023-06-13"},
           "budget_year": 2024, "plan_years": [2025], "unit": "tkr", "decimals": 0})",
        "x.json");
    bool seen = false;
    for (const auto& f : report.findings)
        if (f.rule_id == "schema.additionalProperties") {
            seen = true;
            CHECK(output::expected_and_actual(f, "sv") == "förväntat: saknas, faktiskt: finns");
            CHECK(output::expected_and_actual(f, "en") == "expected: absent, actual: present");
            CHECK(f.place.sv == "Organisation › colour");
        }
    CHECK(seen);
}

TEST_CASE("explain and rules speak Swedish: severities and funding kinds") {
    const std::string explain = run_cli("explain medarbetare.mandatory-indicators");
    CHECK(explain.find("Allvarlighet: fel\n") != std::string::npos);
    CHECK(explain.find("Gäller: anslagsfinansierad, intäktsfinansierad\n") != std::string::npos);
    CHECK(explain.find("error") == std::string::npos);
    CHECK(explain.find("appropriation") == std::string::npos);
    const std::string explain_en = run_cli("--lang en explain medarbetare.mandatory-indicators");
    CHECK(explain_en.find("Severity: error\n") != std::string::npos);
    CHECK(explain_en.find("Applies to: appropriation-funded, revenue-funded\n") != std::string::npos);
    const std::string rules = run_cli("rules");
    CHECK(rules.find(" fel ") != std::string::npos);
    CHECK(rules.find(" varning ") != std::string::npos);
    CHECK(rules.find(" error ") == std::string::npos);
    CHECK(rules.find(" warning ") == std::string::npos);
    CHECK(rules.find(" notice ") == std::string::npos);
}

TEST_CASE("an unused waiver is a note of the report, in Swedish and English") {
    testing::TempDir dir("swedish");
    const std::string waivers = dir.write("waivers.json", R"({"waivers": [
  {"rule": "savings.unspecified", "year": 2019, "reason": "r", "decided_by": "KS", "decision_date": "2019-01-01"}
]})");
    const std::string json = run_cli("validate " + std::string(BUDGETCHECK_SOURCE_DIR) +
                                     "/samples/socialnamnden-2019.json --waivers " + waivers + " --format json");
    CHECK(json.find("\"run_notes\": [") != std::string::npos);
    CHECK(json.find("undantaget för savings.unspecified matchade inget fynd; ta bort det om det inte längre behövs") !=
          std::string::npos);
    CHECK(json.find("waiver for savings.unspecified matched no finding") != std::string::npos);
    const std::string html = run_cli("validate " + std::string(BUDGETCHECK_SOURCE_DIR) +
                                     "/samples/socialnamnden-2019.json --waivers " + waivers + " --format html");
    CHECK(html.find("<ul class=\"run-notes\"><li>") != std::string::npos);
    CHECK(html.find("undantaget för savings.unspecified matchade inget fynd") != std::string::npos);
}
