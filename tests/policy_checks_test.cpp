// Policy packs: what the schema cannot say is checked at load (messages in
// Swedish and English).
#include <fstream>
#include <sstream>

#include "engine.hpp"
#include "policy_checks.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

// Run the pack's schema (for the money annotation) and the load-time checks.
std::vector<InputError> check(const std::string& text) {
    auto schema_doc = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas/policy.schema.json"));
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(schema_doc.document)));
    const auto& policy_schema = std::get<schema::CompiledSchema>(compiled);
    auto parsed = json::parse(text);
    REQUIRE(parsed.document);
    const auto result = policy_schema.validate(parsed.document->root());
    REQUIRE(result.valid());
    rules::MoneyValues money;
    for (auto id : result.money_values)
        money.emplace_back(id, *to_kronor(parsed.document->value(id).number_text(), Unit::Tkr).kronor);
    return check_policy_pack(*parsed.document, money, "pack.json");
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("the shipped packs pass the load-time checks") {
    for (const char* pack : {"linkoping-2019", "linkoping-2023", "linkoping-2024", "norrkoping-2023"}) {
        CAPTURE(pack);
        const auto errors = check(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies/" + pack + "/policy.json"));
        for (const auto& e : errors) FAIL_CHECK(e.line << ": " << e.message.en);
    }
}

TEST_CASE("a frame derivation that does not add up, a duplicate goal id and a missing year are found together") {
    std::string pack = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies/linkoping-2019/policy.json");
    pack = replace_once(pack, "\"2019\": 464532", "\"2019\": 464533");
    pack = replace_once(pack, "\"id\": \"samhalle.ekologiskt-hallbar\"", "\"id\": \"samhalle.trygg-och-sammanhallen\"");
    pack = replace_once(pack, "\"2022\": 400", "\"2023\": 400");
    const auto errors = check(pack);
    std::vector<std::string> codes;
    for (const auto& e : errors) codes.push_back(e.code);
    CHECK(codes == std::vector<std::string>{"policy.duplicate-id", "policy.period", "policy.derivation"});
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].message.sv == "två KF-mål har samma id 'samhalle.trygg-och-sammanhallen'; varje id får bara finnas en gång");
    CHECK(errors[0].message.en == "two KF goals have the id 'samhalle.trygg-och-sammanhallen'; ids must be unique");
    CHECK(errors[1].message.sv == "investeringsramen (investment_frame) för 'socialnamnden' anger åren 2019, 2020, "
                                  "2021, 2023, men paketets period är 2019, 2020, 2021, 2022");
    CHECK(errors[1].message.en == "the investment_frame of 'socialnamnden' gives the years 2019, 2020, 2021, 2023 but "
                                  "the pack's period is 2019, 2020, 2021, 2022");
    CHECK(errors[2].message.sv == "driftramen för 'socialnamnden' år 2019 är 464533000 kr, men härledningen (derivation) summerar till 464532000 kr");
    CHECK(errors[2].message.en == "the operating frame of 'socialnamnden' for 2019 is 464533000 kr but its derivation adds up to 464532000 kr");
    CHECK(errors[2].snippet.find("464533") != std::string::npos);
}

namespace {
std::vector<std::string> codes_of(const std::vector<InputError>& errors) {
    std::vector<std::string> codes;
    for (const auto& e : errors) codes.push_back(e.code);
    return codes;
}
std::string shipped(const char* pack) {
    return testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies/" + pack + "/policy.json");
}
}  // namespace

// The checks docs/policy-data.md once left to a pasted Python script.
TEST_CASE("goal ids, indicator goals and aliases, assignment ids, decimals and rounding rows are checked at load") {
    std::string pack = shipped("linkoping-2024");
    pack = replace_once(pack, "\"id\": \"samhalle.tryggt-och-sakert\"", "\"id\": \"medborgare.tryggt-och-sakert\"");
    pack = replace_once(pack, "\"kf_goal\": \"medarbetare.attraktiv-arbetsgivare\"",
                        "\"kf_goal\": \"medarbetare.attraktiv-arbetsgivar\"");
    pack = replace_once(pack, "\"aliases\": [\"Total sjukfrånvaro\", ", "\"aliases\": [\"Total sjukfrånvaro, %\", ");
    pack = replace_once(pack, "\"2024\": 61000,", "\"2024\": 61000.5,");
    pack = replace_once(pack, "\"id\": \"uppdrag-13\", \"number\": 13", "\"id\": \"uppdrag-14\", \"number\": 13");
    pack = replace_once(pack, "\"decimals\": 1, \"kronor\": 50000", "\"decimals\": 1, \"kronor\": 5000");
    const auto errors = check(pack);
    CHECK(codes_of(errors) == std::vector<std::string>{"policy.goal-id", "policy.unknown-kf-goal",
                                                       "policy.alias-is-name", "policy.decimals",
                                                       "policy.assignment-id", "policy.rounding-tolerance"});
    REQUIRE(errors.size() == 6);
    CHECK(errors[0].message.sv ==
          "KF-målet 'medborgare.tryggt-och-sakert' hör till målområdet 'samhalle', så dess id ska börja med 'samhalle.'");
    CHECK(errors[0].message.en == "the KF goal 'medborgare.tryggt-och-sakert' belongs to goal area 'samhalle', so its "
                                  "id must start with 'samhalle.'");
    CHECK(errors[1].message.en == "the indicator 'total-sjukfranvaro' belongs to the KF goal "
                                  "'medarbetare.attraktiv-arbetsgivar', which kf_goals does not list");
    CHECK(errors[2].message.sv ==
          "indikatorn 'total-sjukfranvaro' har sitt namn 'Total sjukfrånvaro, %' också bland aliases; ta bort det");
    CHECK(errors[3].message.sv == "beloppet 61000.5 (/organisations/vss/investment_frame/amounts/2024) har fler "
                                  "decimaler än paketets decimals (0)");
    CHECK(errors[3].snippet.find("61000.5") != std::string::npos);
    CHECK(errors[4].message.en == "the assignment 'uppdrag-14' has number 13, so its id must be 'uppdrag-13'");
    CHECK(errors[5].message.sv == "toleransen för mnkr med 1 decimal ska vara 50000 kr per rad enligt metoden "
                                  "exact-unless-printed-coarser, inte 5000");
    CHECK(errors[5].message.en == "the tolerance for mnkr with 1 decimal must be 50000 kr per row by the method "
                                  "exact-unless-printed-coarser, not 5000");
    for (const auto& e : errors) CHECK(e.line > 0);
    for (const auto& e : errors) CHECK(e.column > 0);
}

TEST_CASE("numbered goals, criteria letters, a gap in the plan years and equity on an appropriation-funded board") {
    std::string norrkoping = shipped("norrkoping-2023");
    norrkoping = replace_once(norrkoping, "\"id\": \"mal-2.naringsliv\"", "\"id\": \"mal-3.naringsliv\"");
    norrkoping = replace_once(norrkoping, "\"letter\": \"C\"", "\"letter\": \"D\"");
    auto errors = check(norrkoping);
    CHECK(codes_of(errors) == std::vector<std::string>{"policy.criteria-letter", "policy.goal-id"});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message.sv == "måluppfyllelse nr 3 för KF-målet 'mal-1.arbete' ska ha bokstaven 'C', inte 'D'");
    CHECK(errors[1].message.en == "the KF goal 'mal-3.naringsliv' has number 2, so its id must start with 'mal-2.'");

    std::string gap = replace_once(shipped("norrkoping-2023"), "      2026\n    ],", "      2027\n    ],");
    errors = check(gap);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].code == "policy.period");
    CHECK(errors[0].message.sv == "planåren ska följa budgetåret 2024 utan luckor: plan_years[1] ska vara 2026, inte 2027");
    // Every series (the frame, each derivation step, the investment frame) then misses the period.
    CHECK(codes_of(errors) == std::vector<std::string>(6, "policy.period"));
    CHECK(errors[3].message.en == "the operating_frame.derivation[0] of 'kultur-och-fritidsnamnden' gives the years "
                                  "2024, 2025, 2026 but the pack's period is 2024, 2025, 2027");

    std::string equity = replace_once(shipped("linkoping-2019"), "\"rounding_tolerance\"",
                                      "\"equity\": {\"applies_to\": [\"socialnamnden\"], \"max_percent_of_turnover\": 3, "
                                      "\"negative_restoration_years\": 2, \"source\": {\"file\": \"x.txt\", \"note\": "
                                      "\"test\"}},\n  \"rounding_tolerance\"");
    errors = check(equity);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.equity-funding");
    CHECK(errors[0].message.sv == "regler för eget kapital gäller bara intäktsfinansierade organisationer, men "
                                  "'socialnamnden' har funding 'appropriation'");
}

TEST_CASE("two rounding rows for one unit and number of decimals are ambiguous") {
    const std::string pack = replace_once(shipped("linkoping-2024"), "{\"unit\": \"tkr\", \"decimals\": 1",
                                          "{\"unit\": \"tkr\", \"decimals\": 0");
    const auto errors = check(pack);
    REQUIRE(codes_of(errors) == std::vector<std::string>{"policy.rounding-duplicate"});
    CHECK(errors[0].message.sv == "rounding_tolerance har två rader för tkr med 0 decimaler; behåll en");
    CHECK(errors[0].message.en == "rounding_tolerance has two entries for tkr with 0 decimals; keep one");
}

TEST_CASE("the policy schema documents every field, closes every object and marks money in one place") {
    const auto schema = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas/policy.schema.json"));
    REQUIRE(schema.document);
    for (const auto& e : check_policy_schema(*schema.document, "policy.schema.json"))
        FAIL_CHECK(e.line << ": " << e.message.en);

    const auto broken = json::parse(R"({"definitions": {"amount": {"type": "number", "x-money": true}},
  "type": "object", "additionalProperties": false,
  "properties": {"a": {"type": "object", "title": "A", "description": "d", "properties": {}},
                 "b": {"type": "integer"},
                 "c": {"title": "C", "description": "d", "type": "number", "x-money": true}}})");
    REQUIRE(broken.document);
    const auto errors = check_policy_schema(*broken.document, "s.json");
    CHECK(codes_of(errors) == std::vector<std::string>{"policy-schema.undocumented", "policy-schema.open-object",
                                                       "policy-schema.money"});
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].message.en == "the property 'b' (/properties/b) lacks a title or description; write both, they "
                                  "document the field for whoever fills in a pack");
    CHECK(errors[0].line == 4);
    CHECK(errors[1].message.en == "the object /properties/a lacks additionalProperties; without it misspelt fields "
                                  "pass silently");
    CHECK(errors[2].line == 5);

    // Not a draft-07 schema: "type" must name a type, "required" a list of names.
    const auto invalid = json::parse(R"({"type": "objekt", "required": "id", "additionalProperties": false})");
    REQUIRE(invalid.document);
    const auto meta = check_policy_schema(*invalid.document, "s.json");
    REQUIRE(meta.size() >= 2);
    for (const auto& e : meta) CHECK(e.code.rfind("policy-schema.", 0) == 0);
    CHECK(meta[0].line == 1);
}
