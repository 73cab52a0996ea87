// Messages state true facts: names are not doubled with their noun, amounts
// above a frame are the amounts above it, and a finding never shows an
// "actual" without an "expected" ("förväntat: –, faktiskt: Samhälle").
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace budgetcheck;

namespace {

std::string source(const char* sample) {
    return testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/" + sample);
}

// The sample with one piece of its text replaced (it must occur exactly once).
std::string patched(const char* sample, const std::string& from, const std::string& to) {
    std::string text = source(sample);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

std::vector<const Finding*> of(const FileReport& r, std::string_view rule) {
    std::vector<const Finding*> out;
    for (const auto& f : r.findings)
        if (f.rule_id == rule) out.push_back(&f);
    return out;
}

void check_expected_with_actual(const FileReport& r) {
    REQUIRE(r.errors.empty());
    for (const auto& f : r.findings)
        CHECK_MESSAGE((!f.actual || f.expected), f.rule_id << " shows an actual without an expected: " << f.message.en);
}

}  // namespace

TEST_CASE("a business area whose name holds the noun is not called 'Verksamhetsområdet Verksamhetsområde HR'") {
    const std::string hr = R"("name": "Verksamhetsområde HR",
        "cost": {"2024": 25.9, "2025": 26.5, "2026": 27.2, "2027": 27.9, "2028": 28.6, "2029": 29.3},
        "result": {"2024": 0, "2025": 0,)";
    std::string text = patched("samples/vss-2024.json", hr,
                               R"("name": "Verksamhetsområde HR",
        "cost": {"2024": 25.9, "2025": 26.5, "2026": 27.2, "2027": 27.9, "2028": 28.6, "2029": 29.3},
        "result": {"2024": 0, "2025": 0.5,)");
    const std::string kost = R"("result": {"2024": 0, "2025": 0, "2026": 0, "2027": 0, "2028": 0, "2029": 0},
        "earlier": {"cost": {"2022": 216.9)";
    const auto at = text.find(kost);
    REQUIRE(at != std::string::npos);
    text.replace(at, kost.size(), R"("result": {"2024": 0, "2025": -0.5, "2026": 0, "2027": 0, "2028": 0, "2029": 0},
        "earlier": {"cost": {"2022": 216.9)");
    const auto r = testing::repository_engine().validate_text(text, "vss-hr.json");
    const auto found = of(r, "self-cost.zero-result");
    REQUIRE(found.size() == 2);
    CHECK(found[0]->message.sv.rfind("Verksamhetsområde HR har ett överskott på 0,5 mnkr 2025. ", 0) == 0);
    CHECK(found[0]->message.en.rfind("Verksamhetsområde HR has a surplus of 0,5 mnkr in 2025. ", 0) == 0);
    // A name without the noun still gets it.
    CHECK(found[1]->message.sv.rfind("Verksamhetsområdet Kost och restaurang har ett underskott på 0,5 mnkr 2025. ", 0) == 0);
    CHECK(found[1]->message.en.rfind("Business area Kost och restaurang has a deficit of 0,5 mnkr in 2025. ", 0) == 0);
}

TEST_CASE("a request row of 800 tkr with about 400 tkr of frame left is about 400 tkr above the frame, not 800") {
    const auto r = testing::repository_engine().validate_text(
        patched("samples/socialnamnden-2019.json", R"("request": false)", R"("request": true)"), "request.json");
    const auto found = of(r, "investment.request-needs-decision");
    REQUIRE(found.size() == 4);
    CHECK(found[0]->message.sv ==
          "Investeringsäskandet \"Löpande inventarieutbyte i verksamhetens lokaler\" 2019 är 800 tkr, varav cirka "
          "400 tkr ligger utöver KF:s investeringsram cirka 400 tkr (övriga investeringar 0 tkr). Det som ligger "
          "utöver ramen kräver ett beslut i KF innan det kan ingå i budgeten.");
    CHECK(found[0]->message.en ==
          "The investment request \"Löpande inventarieutbyte i verksamhetens lokaler\" for 2019 is 800 tkr, of which "
          "about 400 tkr lies above KF's investment frame of about 400 tkr (other investments 0 tkr). What lies "
          "above the frame needs a KF decision before it can be part of the budget.");
    // The row no longer counts within the frame, so the frame is not exceeded.
    CHECK(of(r, "investment.within-frame").empty());
}

TEST_CASE("no finding shows an actual without an expected, in the samples and in broken variants") {
    const auto& engine = testing::repository_engine();
    for (const char* sample : {"samples/socialnamnden-2019.json", "samples/vss-2024.json",
                               "samples/leanlink-2023.json", "samples/norrkoping-kultur-fritid-2024.json"}) {
        CAPTURE(sample);
        check_expected_with_actual(engine.validate_text(source(sample), sample));
    }
    // goals.area-covered (Samhälle has no goal) used to print "förväntat: –, faktiskt: Samhälle".
    const auto leanlink = engine.validate_text(source("samples/leanlink-2023.json"), "leanlink.json");
    const auto area = of(leanlink, "goals.area-covered");
    REQUIRE(area.size() == 1);
    CHECK_FALSE(area[0]->expected);
    CHECK_FALSE(area[0]->actual);
    // An unknown indicator id, an unknown KF goal in an unknown area, and an unknown goal area.
    std::string text = source("samples/vss-2024.json");
    const auto first = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    first(R"("kf_goals": ["medborgare.jamlik-valfard"])", R"("kf_goals": ["okant.mal", "medarbetare.okant"])");
    first(R"("goal_area": "ekonomi")", R"("goal_area": "okant-omrade")");
    first(R"("indicators": [")", R"("indicators": ["okand-indikator", ")");
    const auto r = engine.validate_text(text, "broken-goals.json");
    check_expected_with_actual(r);
    bool suggested = false;
    for (const auto* f : of(r, "goals.kf-goal-exists"))
        suggested |= f->actual == "medarbetare.okant" && f->expected == "medarbetare.attraktiv-arbetsgivare";
    CHECK(suggested);
    CHECK_FALSE(of(r, "goals.has-indicator").empty());
}
