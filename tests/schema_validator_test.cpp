// Our own schema cases: what a controller reads (messages, pointers,
// positions), x-money annotations, and schemas or inputs that must not hang
// or crash the validator.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "schema/validator.hpp"

using namespace budgetcheck;
using schema::CompiledSchema;

namespace {

std::shared_ptr<const json::Document> parse_json(std::string text) {
    auto parsed = json::parse(std::move(text));
    REQUIRE_MESSAGE(parsed.document, (parsed.error ? parsed.error->message.en : std::string()));
    return std::shared_ptr<const json::Document>(std::move(parsed.document));
}

CompiledSchema compile(std::string schema_text) {
    auto compiled = CompiledSchema::compile(parse_json(std::move(schema_text)));
    if (auto* error = std::get_if<std::string>(&compiled)) FAIL("schema does not compile: " << *error);
    return std::get<CompiledSchema>(std::move(compiled));
}

std::string compile_error(std::string schema_text) {
    auto compiled = CompiledSchema::compile(parse_json(std::move(schema_text)));
    const auto* error = std::get_if<std::string>(&compiled);
    return error ? *error : std::string();
}

const char* const kSubmissionSchema = R"({
    "type": "object",
    "required": ["organisation", "unit", "lines"],
    "additionalProperties": false,
    "properties": {
        "unit": {"enum": ["kr", "tkr", "mnkr"]},
        "organisation": {
            "type": "object",
            "required": ["name", "budget_year"],
            "properties": {
                "name": {"type": "string", "minLength": 2},
                "budget_year": {"type": "integer", "minimum": 2000},
                "org_number": {"title": "Organisationsnummer", "pattern": "^[0-9]{6}-[0-9]{4}$"}
            }
        },
        "lines": {
            "type": "array",
            "items": {"$ref": "#/definitions/line"}
        }
    },
    "definitions": {
        "line": {
            "type": "object",
            "required": ["amount"],
            "properties": {"amount": {"type": "number", "x-money": true}}
        }
    }
})";

}  // namespace

TEST_CASE("an enum violation names the field, the value and the choices, with its position") {
    const auto schema = compile(kSubmissionSchema);
    const auto doc = parse_json(
        "{\n  \"organisation\": {\"name\": \"Ankeby\", \"budget_year\": 2025},\n  \"unit\": \"kkr\",\n  \"lines\": "
        "[]\n}");
    const auto result = schema.validate(doc->root());
    REQUIRE(result.violations.size() == 1);
    const auto& v = result.violations[0];
    CHECK(v.keyword == "enum");
    CHECK(v.schema_pointer == "#/properties/unit/enum");
    CHECK(v.instance.pointer() == "/unit");
    CHECK(v.instance.position().line == 3);
    CHECK(v.instance.position().column == 11);
    CHECK(v.message.sv == "Fältet 'unit' har värdet \"kkr\" men ska vara ett av: \"kr\", \"tkr\", \"mnkr\"");
    CHECK(v.message.en == "Field 'unit' is \"kkr\" but must be one of: \"kr\", \"tkr\", \"mnkr\"");
    CHECK(v.expected == "\"kr\", \"tkr\", \"mnkr\"");
    CHECK(v.actual == "\"kkr\"");
}

TEST_CASE("every violation is reported, in document order, each with its own message") {
    const auto schema = compile(kSubmissionSchema);
    const auto doc = parse_json(R"({
        "organisation": {"name": "A", "org_number": "212000-123"},
        "unit": "tkr",
        "lines": [{"amount": "12 000"}, {}],
        "comment": "x"
    })");
    const auto result = schema.validate(doc->root());
    std::vector<std::string> seen;
    for (const auto& v : result.violations) seen.push_back(v.keyword + " " + v.instance.pointer() + " " + v.message.en);
    const std::vector<std::string> expected = {
        "required /organisation Required field 'budget_year' is missing from 'organisation'",
        "minLength /organisation/name Field 'name' has 1 character but must have at least 2",
        "pattern /organisation/org_number Field 'Organisationsnummer' (org_number) is \"212000-123\", which does not "
        "match the "
        "pattern ^[0-9]{6}-[0-9]{4}$",
        "type /lines/0/amount Field 'amount' must be a number but is a string (\"12 000\"); a JSON number is "
        "written without quotes, with a decimal point and without spaces: 12000",
        "required /lines/1 Required field 'amount' is missing from 'lines[1]'",
        "additionalProperties /comment Field 'comment' is not allowed in the document",
    };
    CHECK(seen == expected);

    const auto& required = result.violations[0];
    CHECK(required.schema_pointer == "#/properties/organisation/required");
    CHECK(required.message.sv == "Obligatoriska fältet 'budget_year' saknas i 'organisation'");
    CHECK(required.expected == "budget_year");
    CHECK(required.actual == "missing");
    CHECK(result.violations[3].schema_pointer == "#/definitions/line/properties/amount/type");
    CHECK(result.violations[3].message.sv == "Fältet 'amount' ska vara ett tal men är en text (\"12 000\"); ett "
                                             "JSON-tal skrivs utan citattecken, med decimalpunkt och utan mellanslag: "
                                             "12000");
    CHECK(result.violations[5].message.sv == "Fältet 'comment' är inte tillåtet i dokumentet");
    CHECK(result.violations[5].schema_pointer == "#/additionalProperties");
}

TEST_CASE("numbers are compared exactly from their decimal text") {
    const auto schema = compile(R"({"multipleOf": 0.1, "exclusiveMaximum": 0.3, "minimum": -1e400})");
    CHECK(schema.validate(parse_json("0.2")->root()).valid());
    CHECK(schema.validate(parse_json("-0.7")->root()).valid());
    const auto too_big = schema.validate(parse_json("0.30")->root());
    REQUIRE(too_big.violations.size() == 1);
    CHECK(too_big.violations[0].message.sv == "Dokumentet har värdet 0.30 men måste vara mindre än 0.3");
    CHECK(too_big.violations[0].expected == "< 0.3");
    const auto fraction = schema.validate(parse_json("0.25")->root());
    REQUIRE(fraction.violations.size() == 1);
    CHECK(fraction.violations[0].message.en == "The document is 0.25 but must be a multiple of 0.1");
}

TEST_CASE("anyOf and oneOf report one violation quoting the closest alternative") {
    const auto schema = compile(R"({
        "properties": {
            "amount": {"title": "Belopp", "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": "^[0-9]+$"}
            ]},
            "kind": {"oneOf": [{"type": "string"}, {"minLength": 2}]}
        }
    })");
    const auto result = schema.validate(parse_json(R"({"amount": -5, "kind": "ab"})")->root());
    REQUIRE(result.violations.size() == 2);
    CHECK(result.violations[0].keyword == "anyOf");
    CHECK(result.violations[0].schema_pointer == "#/properties/amount/anyOf");
    CHECK(result.violations[0].message.en ==
          "Field 'Belopp' (amount) matches none of the 2 allowed alternatives; closest: Field 'amount' is -5 but must "
          "be at "
          "least 0");
    CHECK(result.violations[0].expected == ">= 0");
    CHECK(result.violations[1].keyword == "oneOf");
    CHECK(result.violations[1].message.sv ==
          "Fältet 'kind' uppfyller flera alternativ (1, 2) men får bara uppfylla ett");
}

TEST_CASE("x-money marks values that passed a money subschema, never a failed branch") {
    const auto schema = compile(R"({
        "properties": {
            "lines": {"items": {"properties": {"amount": {"type": "number", "x-money": true}}}},
            "total": {"anyOf": [
                {"type": "string", "x-money": true},
                {"type": "number", "minimum": 0, "x-money": true},
                {"type": "number"}
            ]},
            "ratio": {"not": {"type": "string", "x-money": true}}
        }
    })");
    const auto doc = parse_json(R"({"lines": [{"amount": 10}, {"amount": "x"}, {"amount": 2.5}],
                                    "total": -3, "ratio": 0.5})");
    const auto result = schema.validate(doc->root());
    REQUIRE(result.violations.size() == 1);  // lines[1].amount
    const auto id = [&](const char* pointer) { return doc->resolve(pointer).id(); };
    // total fails the minimum branch: only the plain-number branch held.
    CHECK(result.money_values == std::vector<std::uint32_t>{id("/lines/0/amount"), id("/lines/2/amount")});

    const auto positive = parse_json(R"({"total": 7})");
    CHECK(schema.validate(positive->root()).money_values ==
          std::vector<std::uint32_t>{positive->resolve("/total").id()});
}

TEST_CASE("schemas that could only recurse forever are rejected when compiled") {
    CHECK(compile_error(R"({"$ref": "#"})").find("$ref loop") != std::string::npos);
    CHECK(compile_error(R"({"definitions": {"a": {"allOf": [{"$ref": "#/definitions/b"}]},
                                            "b": {"anyOf": [{"$ref": "#/definitions/a"}]}},
                            "properties": {"x": {"$ref": "#/definitions/a"}}})") ==
          "schema error at #/definitions/a: $ref loop that never descends into the document: #/definitions/a -> "
          "#/definitions/a/allOf/0 -> #/definitions/b -> #/definitions/b/anyOf/0 -> #/definitions/a");
    CHECK(compile_error(R"({"if": true, "then": {"$ref": "#"}})").find("$ref loop") != std::string::npos);
    CHECK(compile_error(R"({"$ref": "#/definitions/missing"})") ==
          "schema error at #/$ref: $ref \"#/definitions/missing\" points at nothing");
    CHECK(compile_error(R"({"pattern": "(unclosed"})").starts_with("schema error at #/pattern: the pattern"));

    // Recursion through the document is fine: it ends with the document.
    const auto tree = compile(R"({"properties": {"child": {"$ref": "#"}, "v": {"type": "integer"}}})");
    const auto doc = parse_json(R"({"child": {"child": {"v": "x"}}})");
    const auto result = tree.validate(doc->root());
    REQUIRE(result.violations.size() == 1);
    CHECK(result.violations[0].instance.pointer() == "/child/child/v");
}

TEST_CASE("a $ref chain deeper than the evaluation cap stops with a violation") {
    std::string schema = R"({"$ref": "#/definitions/d0", "definitions": {)";
    const int links = 1200;
    for (int i = 0; i < links; ++i)
        schema += "\"d" + std::to_string(i) + "\": {\"allOf\": [{\"$ref\": \"#/definitions/d" + std::to_string(i + 1) +
                  "\"}]},";
    schema += "\"d" + std::to_string(links) + "\": {\"type\": \"integer\"}}}";
    const auto result = compile(schema).validate(parse_json("1")->root());
    REQUIRE(result.violations.size() == 1);
    CHECK(result.violations[0].keyword == "depth");
    CHECK(result.violations[0].message.en == "Checking the document stopped: the schema nests deeper than 1024 levels");
}

TEST_CASE("patterns: long subjects, code points, catastrophic backtracking") {
    // PCRE2 matches on the heap: a 200 000-character string is matched, not
    // skipped (std::regex recursed per character and overflowed the stack).
    const auto schema = compile(R"({"properties": {"code": {"pattern": "^(a|b)*$"}}})");
    const std::string huge(200'000, 'a');
    CHECK(schema.validate(parse_json("{\"code\": \"" + huge + "\"}")->root()).valid());
    const auto wrong = schema.validate(parse_json("{\"code\": \"" + huge + "c\"}")->root());
    REQUIRE(wrong.violations.size() == 1);
    CHECK(wrong.violations[0].keyword == "pattern");

    // `.` and quantifiers apply to code points, not bytes.
    const auto three = compile(R"({"pattern": "^.{3}$"})");
    CHECK(three.validate(parse_json("\"\xC3\xA5\xC3\xA4\xC3\xB6\"")->root()).valid());
    CHECK_FALSE(three.validate(parse_json("\"\xC3\xA5\xC3\xA4\"")->root()).valid());

    // Exponential backtracking stops at the step limit and is reported as
    // unchecked: never a pass, never a hang.
    const auto evil = compile(R"({"properties": {"code": {"pattern": "^(a|aa)+$"}}})");
    const auto result = evil.validate(parse_json("{\"code\": \"" + std::string(60, 'a') + "b\"}")->root());
    REQUIRE(result.violations.size() == 1);
    CHECK(result.violations[0].keyword == "pattern");
    CHECK(result.violations[0].expected == "a match within 10000000 steps");
    CHECK(result.violations[0].actual == "limit reached");
    CHECK(result.violations[0].message.en ==
          "Field 'code' could not be checked against the pattern ^(a|aa)+$: matching needs more than 10000000 steps");
    CHECK(result.violations[0].message.sv ==
          "Fältet 'code' kunde inte kontrolleras mot mönstret ^(a|aa)+$: matchningen behöver mer än 10000000 steg");

    // Regression (fuzz_schema, 2026-11-25): std::regex accepted "f**..." (not
    // ECMAScript) and backtracked for minutes; it is a schema error now.
    CHECK(compile_error(R"({"patternProperties": {"f**Y*.*": true}})") ==
          "schema error at #/patternProperties/f**Y*.*: the pattern \"f**Y*.*\" is not a regular expression: "
          "quantifier does not follow a repeatable item at character 3");
}

TEST_CASE("uniqueItems points at each duplicate") {
    const auto schema = compile(R"({"uniqueItems": true})");
    const auto doc = parse_json(R"([1, {"a": [1.0]}, 2, 1.0, {"a": [1]}])");
    const auto result = schema.validate(doc->root());
    REQUIRE(result.violations.size() == 2);
    CHECK(result.violations[0].instance.pointer() == "/3");
    CHECK(result.violations[0].message.en == "The document must not contain duplicates, but '[3]' equals '[0]'");
    CHECK(result.violations[1].instance.pointer() == "/4");
}

TEST_CASE("remote documents come from the loader and the meta-schema is built in") {
    const auto remote = parse_json(R"({"definitions": {"year": {"type": "integer", "minimum": 2000}}})");
    auto compiled = CompiledSchema::compile(
        parse_json(R"({"$id": "https://budget.example/s.json", "properties": {
            "year": {"$ref": "common.json#/definitions/year"},
            "schema": {"$ref": "http://json-schema.org/draft-07/schema#"}}})"),
        {}, [&](std::string_view uri) { return uri == "https://budget.example/common.json" ? remote : nullptr; });
    REQUIRE(std::holds_alternative<CompiledSchema>(compiled));
    const auto& schema = std::get<CompiledSchema>(compiled);
    const auto doc = parse_json(R"({"year": 1999, "schema": {"minLength": -1}})");
    const auto result = schema.validate(doc->root());
    REQUIRE(result.violations.size() == 2);
    CHECK(result.violations[0].schema_pointer == "https://budget.example/common.json#/definitions/year/minimum");
    CHECK(result.violations[1].instance.pointer() == "/schema/minLength");
}

TEST_CASE("one compiled schema validates from several threads at once") {
    const auto schema = compile(kSubmissionSchema);
    const auto doc = parse_json(R"({"organisation": {"name": "Ankeby", "budget_year": 2025}, "unit": "kkr",
                                    "lines": [{"amount": 1}, {"amount": 2}]})");
    std::vector<std::size_t> counts(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < counts.size(); ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const auto result = schema.validate(doc->root());
                counts[t] += result.violations.size() + result.money_values.size();
            }
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t count : counts) CHECK(count == 200 * 3);
}
