// Shared by the report tests: rendering a run in a format, the SARIF
// schema check, and a small hand-made run (one rule, three findings, one of
// them waived) with the source text for snippets.
#pragma once

#include <memory>
#include <sstream>
#include <string>

#include "output/reporter.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

namespace budgetcheck::testing {

inline std::string render(std::string_view format, const output::RunReport& run, std::string lang = "sv",
                          std::string docs_url = {}) {
    auto reporter = output::make_reporter(format);
    REQUIRE(reporter);
    output::OutputOptions options;
    options.lang = std::move(lang);
    options.docs_url = std::move(docs_url);
    std::ostringstream out;
    reporter->write(run, options, out);
    return out.str();
}

inline const schema::CompiledSchema& sarif_schema() {
    static const schema::CompiledSchema compiled = [] {
        auto parsed = json::parse(testing::read_text(std::string(BUDGETCHECK_SHARED_DIR) + "/external-schemas/sarif-schema-2.1.0.json"));
        REQUIRE(parsed.document);
        auto result = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)));
        if (auto* error = std::get_if<std::string>(&result)) FAIL("SARIF schema does not compile: " << *error);
        return std::get<schema::CompiledSchema>(std::move(result));
    }();
    return compiled;
}

// Parses `text` and checks it against the SARIF schema; the document for more checks.
inline std::unique_ptr<const json::Document> valid_sarif(const std::string& text) {
    auto parsed = json::parse(text);
    REQUIRE_MESSAGE(parsed.document, (parsed.error ? parsed.error->message.en : ""));
    const auto result = sarif_schema().validate(parsed.document->root());
    for (const auto& v : result.violations)
        FAIL_CHECK(v.instance.pointer() << ": " << v.message.en << " (" << v.schema_pointer << ")");
    return std::move(parsed.document);
}

// A small run built by hand: one rule, three findings (one of them waived),
// with the source text for snippets.
struct SmallRun {
    std::vector<rules::RuleInfo> rules;
    output::RunReport run;
};

inline std::unique_ptr<SmallRun> small_run() {
    auto small = std::make_unique<SmallRun>();
    rules::RuleInfo rule;
    rule.id = "operating.within-frame";
    rule.title = {"Budget inom ram", "Budget within the frame"};
    rule.severity = Severity::Error;
    rule.file = "rules/operating/within-frame.lua";
    rule.source.decision = "KF 2023-06-13";
    rule.explain = {"Kontrollerar ramen\nför varje år.\n\nVarför: KF beslutar.", "Checks the frame\nfor each year.\n\nWhy: KF decides."};
    small->rules.push_back(rule);

    FileReport file;
    file.file = "budget.json";
    file.policy_pack = "linkoping-2024";
    auto parsed = json::parse("{\n  \"unit\": \"tkr\",\n  \"cost\": {\"2024\": 100}\n}\n");
    REQUIRE(parsed.document);
    file.document = std::shared_ptr<const json::Document>(std::move(parsed.document));
    Finding over;
    over.rule_id = "operating.within-frame";
    over.severity = Severity::Error;
    over.location = {"/cost/2024", 3, 20};
    over.message = {"Kostnaden 2024 är 100 tkr, över ramen 90 tkr.", "The cost 2024 is 100 tkr, above the frame of 90 tkr."};
    over.year = 2024;
    over.expected = "90 tkr";
    over.actual = "100 tkr";
    Finding unit;
    unit.rule_id = "schema.enum";
    unit.severity = Severity::Error;
    unit.location = {"/unit", 2, 11};
    unit.message = {"Enheten ska vara kr, tkr eller mnkr.", "The unit must be kr, tkr or mnkr."};
    Finding waived;
    waived.rule_id = "operating.within-frame";
    waived.severity = Severity::Warning;
    waived.location = {"/cost", 3, 11};
    waived.message = {"Ramen 2025 saknas.", "The frame for 2025 is missing."};
    waived.year = 2025;
    waived.waiver = Waiver{"KF beslutar i juni", "Ekonomidirektören", "2024-01-15", ""};
    file.findings = {over, unit, waived};
    sort_findings(file.findings);
    small->run.files.push_back(std::move(file));
    small->run.rules = &small->rules;
    return small;
}

}  // namespace budgetcheck::testing
