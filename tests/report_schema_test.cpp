// The JSON output is what schemas/report.schema.json says it is.
#include <fstream>
#include <sstream>

#include "output/reporter.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

TEST_CASE("--format json output of every sample and of a broken file validates against report.schema.json") {
    auto parsed = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas/report.schema.json"));
    REQUIRE(parsed.document);
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)));
    REQUIRE(std::holds_alternative<schema::CompiledSchema>(compiled));
    const auto& report_schema = std::get<schema::CompiledSchema>(compiled);

    const auto& engine = testing::repository_engine();
    output::RunReport run;
    for (const char* sample : {"vss-2024", "leanlink-2023", "socialnamnden-2019", "norrkoping-kultur-fritid-2024"})
        run.files.push_back(engine.validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + sample + ".json"));
    run.files.push_back(engine.validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    run.files.push_back(engine.validate_file("/nonexistent/submission.json"));
    Finding waived = run.files[0].findings.at(0);
    waived.waiver = Waiver{"Beslutat undantag", "Ekonomidirektören", "2026-01-15", ""};
    run.files[0].findings.push_back(waived);

    for (const char* lang : {"sv", "en"}) {
        std::ostringstream out;
        output::OutputOptions options;
        options.lang = lang;
        output::make_reporter("json")->write(run, options, out);
        auto doc = json::parse(out.str());
        REQUIRE_MESSAGE(doc.document, (doc.error ? doc.error->message.en : ""));
        const auto result = report_schema.validate(doc.document->root());
        for (const auto& v : result.violations) FAIL_CHECK(v.instance.pointer() << ": " << v.message.en);
        CHECK(doc.document->root()["exit_code"].as_integer() == 2);
        CHECK(doc.document->root()["files"].at(4)["errors"].at(0)["code"].as_string() == "json.duplicate-key");
    }
}
