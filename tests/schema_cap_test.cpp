// Schema findings are capped per keyword and file (issue 14 item 9): a
// hostile file cannot make a report of hundreds of megabytes. docs/limits.md.
#include <sstream>

#include "json/editable.hpp"
#include "output/reporter.hpp"
#include "rules/failure.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

std::shared_ptr<const json::Document> parse_json(std::string text) {
    auto parsed = json::parse(std::move(text));
    REQUIRE(parsed.document);
    return std::shared_ptr<const json::Document>(std::move(parsed.document));
}

// The VSS sample with `wrong_type` notes {"text": 1} (schema.type each) and
// `unknown` notes {"text": "x", "extra": 1} (schema.additionalProperties each).
std::string hostile(std::size_t wrong_type, std::size_t unknown) {
    auto parsed = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json"));
    REQUIRE(parsed.document);
    json::Editable doc = json::to_editable(parsed.document->root());
    json::Editable::Array notes;
    for (std::size_t i = 0; i < wrong_type; ++i)
        notes.push_back({json::Editable::Object{{"text", {json::Editable::Number{"1"}}}}});
    for (std::size_t i = 0; i < unknown; ++i)
        notes.push_back({json::Editable::Object{{"text", {std::string("x")}}, {"extra", {json::Editable::Number{"1"}}}}});
    for (auto& [key, value] : std::get<json::Editable::Object>(doc.data))
        if (key == "notes") value.data = std::move(notes);
    return json::to_json_text(doc);
}

std::size_t count(const FileReport& file, std::string_view rule) {
    return static_cast<std::size_t>(std::count_if(file.findings.begin(), file.findings.end(),
                                                  [&](const Finding& f) { return f.rule_id == rule; }));
}

std::vector<const Finding*> capped(const FileReport& file) {
    std::vector<const Finding*> out;
    for (const auto& f : file.findings)
        if (f.rule_id == rules::kFindingsCappedId) out.push_back(&f);
    return out;
}

}  // namespace

TEST_CASE("the validator keeps the first N violations of each keyword and counts the rest") {
    auto compiled = schema::CompiledSchema::compile(parse_json(R"({
        "type": "array",
        "items": {"anyOf": [{"type": "string", "minLength": 5, "pattern": "^a"}, {"type": "null"}]},
        "maxItems": 2
    })"));
    const auto& schema = std::get<schema::CompiledSchema>(compiled);
    const auto doc = parse_json(R"(["b", "c", "d", "e", 1, 2, 3])");
    const auto all = schema.validate(doc->root());
    CHECK(all.violations.size() == 8);  // seven items match no branch, one array too long
    CHECK(all.omitted.empty());

    const auto two = schema.validate(doc->root(), 2);
    REQUIRE(two.violations.size() == 3);
    CHECK(two.violations[0].keyword == "anyOf");
    CHECK(two.violations[0].instance.pointer() == "/0");
    CHECK(two.violations[1].instance.pointer() == "/1");
    CHECK(two.violations[2].keyword == "maxItems");
    REQUIRE(two.omitted.size() == 1);
    CHECK(two.omitted[0].keyword == "anyOf");
    CHECK(two.omitted[0].count == 5);
    CHECK_FALSE(two.valid());
    // The closest branch is still explained in full (its reasons are not capped).
    CHECK(two.violations[0].message.en == all.violations[0].message.en);
    CHECK(two.violations[0].message.en.find("(and 1 more)") != std::string::npos);

    // A cap of 0 keeps nothing, and the document is still not valid.
    const auto none = schema.validate(doc->root(), 0);
    CHECK(none.violations.empty());
    REQUIRE(none.omitted.size() == 2);
    CHECK(none.omitted[0].count == 7);
    CHECK(none.omitted[1].count == 1);
    CHECK_FALSE(none.valid());
}

TEST_CASE("a hostile submission's schema findings: 1 000 per keyword and one notice each for the rest") {
    const std::string text = hostile(2500, 1001);
    const FileReport file = testing::repository_engine().validate_text(text, "hostile.json");
    CHECK(file.errors.empty());
    CHECK(count(file, "schema.type") == 1000);
    CHECK(count(file, "schema.additionalProperties") == 1000);
    const auto notices = capped(file);
    REQUIRE(notices.size() == 2);
    CHECK(file.findings.size() == 2002);  // the rules do not run on an invalid file
    // Sorted with the findings: both about the whole file, by message.
    CHECK(notices[0]->severity == Severity::Notice);
    CHECK(notices[0]->location.line == 0);
    CHECK(notices[0]->message.sv ==
          "Regeln schema.additionalProperties rapporterade 1 001 fynd; de första 1 000 visas och 1 utelämnades");
    CHECK(notices[0]->message.en ==
          "Rule schema.additionalProperties reported 1,001 findings; the first 1,000 are shown and 1 was left out");
    CHECK(notices[1]->message.sv == "Regeln schema.type rapporterade 2 500 fynd; de första 1 000 visas och 1 500 utelämnades");
    CHECK(notices[1]->message.en ==
          "Rule schema.type reported 2,500 findings; the first 1,000 are shown and 1,500 were left out");
    // The first 1 000 in the document are the ones kept.
    const Finding* last_type = nullptr;
    for (const auto& f : file.findings)
        if (f.rule_id == "schema.type") last_type = &f;
    REQUIRE(last_type);
    CHECK(last_type->location.pointer == "/notes/999/text");

    // The report stays small: every format, a few hundred bytes per finding.
    output::RunReport run;
    run.files.push_back(file);
    for (const auto& format : output::reporter_names()) {
        std::ostringstream out;
        output::make_reporter(format)->write(run, output::OutputOptions{}, out);
        CAPTURE(format);
        CHECK(out.str().size() < 3'000'000);
    }
}

TEST_CASE("the cap is a setting: --max-schema-findings") {
    EngineConfig config;
    config.data_dir = BUDGETCHECK_SOURCE_DIR;
    config.schema_findings_per_keyword = 1;
    auto created = Engine::create(config);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const auto& engine = *std::get<std::unique_ptr<Engine>>(created);
    const FileReport file = engine.validate_text(hostile(3, 0), "hostile.json");
    REQUIRE(file.findings.size() == 2);
    CHECK(file.findings[0].rule_id == rules::kFindingsCappedId);
    CHECK(file.findings[0].message.en == "Rule schema.type reported 3 findings; the first is shown and 2 were left out");
    CHECK(file.findings[0].message.sv == "Regeln schema.type rapporterade 3 fynd; det första visas och 2 utelämnades");
    CHECK(file.findings[1].rule_id == "schema.type");
    CHECK(file.findings[1].location.pointer == "/notes/0/text");

    // Exactly at the cap: no notice.
    CHECK(engine.validate_text(hostile(1, 0), "one.json").findings.size() == 1);
}
