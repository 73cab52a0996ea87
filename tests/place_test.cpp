// Place names (engine/place.hpp): a pointer named as the document names it,
// from the submission schema's titles and the rows' own names.
#include <doctest/doctest.h>

#include "place.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

std::unique_ptr<const json::Document> sample(const std::string& name) {
    auto parsed = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + name));
    REQUIRE(parsed.document);
    return std::move(parsed.document);
}

std::string sv(const json::Document& doc, std::string_view pointer) {
    return testing::repository_engine().place_name(doc, pointer).sv;
}
std::string en(const json::Document& doc, std::string_view pointer) {
    return testing::repository_engine().place_name(doc, pointer).en;
}

}  // namespace

TEST_CASE("a row's amount is named section › row › series › year, in Swedish and English") {
    const auto vss = sample("vss-2024.json");
    // "areas" is x-place false: the area's own name says which row.
    CHECK(sv(*vss, "/business_areas/areas/0/result/2024") == "Verksamhetsområden › Stab och ledning › Resultat › 2024");
    CHECK(en(*vss, "/business_areas/areas/0/result/2024") == "Business areas › Stab och ledning › Result › 2024");
    CHECK(sv(*vss, "/business_areas/areas/5/earlier/cost/2022") ==
          "Verksamhetsområden › LKDATA › Tidigare år › Kostnader › 2022");
    // An object with its own label (a line of the document) is named by it.
    CHECK(sv(*vss, "/business_areas/stated_total/result/2024") ==
          "Verksamhetsområden › Summa förvaltningsbudget › Resultat › 2024");
    CHECK(sv(*vss, "/organisation/funding") == "Organisation › Finansiering");
    CHECK(en(*vss, "/organisation/funding") == "Organisation › Funding");
    CHECK(sv(*vss, "/equity/amounts/2025") == "Eget kapital › 2025");
}

TEST_CASE("tables, labelled lines, indicators and assignments") {
    const auto soc = sample("socialnamnden-2019.json");
    CHECK(sv(*soc, "/operating/within_frame/rows/0/amounts/2020") ==
          "Driftsammandrag › Nämndens förslag till budget inom ram (Socialnämnd) › Ekonomiskt bistånd › 2020");
    CHECK(sv(*soc, "/operating/frame/indexation/amounts/2019") ==
          "Driftsammandrag › Budgetram (härledning) › Uppräkning för pris- och löneökningar › 2019");
    CHECK(en(*soc, "/operating/frame/indexation/amounts/2019") ==
          "Operating summary › Budget frame (derivation) › Uppräkning för pris- och löneökningar › 2019");
    CHECK(sv(*soc, "/indicators/3/targets/2020") ==
          "Indikatorer › Bemötande, service och resursfördelning ska vara likvärdig för kvinnor och män, pojkar och "
          "flickor. › Målvärden › 2020");
    // An element named only by a long text: its first 60 characters.
    CHECK(sv(*soc, "/assignments/0").rfind("Strategiska utvecklingsuppdrag › Samtliga nämnder ges i uppdrag", 0) == 0);
    CHECK(sv(*soc, "/assignments/0").size() < 140);
}

TEST_CASE("past what the document holds, the schema's words; unknown members as written") {
    auto parsed = json::parse(R"({"organisation": {"nickname": "x"}, "investments": {"rows": [{"net": {}}]}, "goals": []})");
    REQUIRE(parsed.document);
    const auto& doc = *parsed.document;
    CHECK(sv(doc, "") == "");
    CHECK(sv(doc, "not a pointer") == "");
    CHECK(sv(doc, "/organisation/nickname") == "Organisation › nickname");
    CHECK(sv(doc, "/investments/rows/0/net/2024") == "Investeringar › Investering 1 › Netto › 2024");
    CHECK(en(doc, "/investments/rows/0/net/2024") == "Investments › Investment 1 › Net › 2024");
    CHECK(sv(doc, "/goals/2/name") == "Nämndmål › Nämndmål 3 › Nämndmål");
    CHECK(sv(doc, "/business_areas/areas/1/cost") == "Verksamhetsområden › Verksamhetsområde 2 › Kostnader");
    CHECK(sv(doc, "/plan_years/1") == "Planår › nr 2");
    CHECK(en(doc, "/plan_years/1") == "Plan years › no. 2");
}

TEST_CASE("every finding of a checked sample carries its place; every output format shows it") {
    const auto report = testing::repository_engine().validate_file(std::string(BUDGETCHECK_SOURCE_DIR) +
                                                                   "/samples/socialnamnden-2019.json");
    REQUIRE(!report.findings.empty());
    for (const auto& f : report.findings) {
        CAPTURE(f.location.pointer);
        CHECK(f.place.sv == testing::repository_engine().place_name(*report.document, f.location.pointer).sv);
        CHECK(f.place.sv.empty() == f.location.pointer.empty());
    }
}
