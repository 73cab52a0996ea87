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
