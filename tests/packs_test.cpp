// new-pack (a pack rolled forward, checked field by field), its review
// section, and diff-packs (golden files under tests/golden/diff-packs/).
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "packs/diff.hpp"
#include "packs/new_pack.hpp"
#include "packs/pack_files.hpp"
#include "packs/review.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

const std::string kRoot = BUDGETCHECK_SOURCE_DIR;

packs::NewPackRequest request(const std::string& from, const std::string& id, const std::string& date,
                              const std::string& years, const std::string& output) {
    return {kRoot, from, id, date, years, output};
}

std::unique_ptr<const json::Document> parse_file(const std::string& path) {
    auto parsed = json::parse(testing::read_text(path));
    REQUIRE(parsed.document);
    return std::move(parsed.document);
}

std::string compact_amounts(json::Value amounts) {
    std::string out;
    for (std::size_t i = 0; i < amounts.size(); ++i)
        out += (i ? " " : "") + std::string(amounts.key_at(i)) + "=" + std::string(amounts.at(i).number_text());
    return out;
}

std::vector<std::string> codes(const std::vector<InputError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.code);
    return out;
}

}  // namespace

TEST_CASE("new-pack rolls linkoping-2024 forward to 2025-2030: edited fields, carried amounts, the rest as it was") {
    testing::TempDir dir("new-pack");
    const auto result = packs::new_pack(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030",
                                                dir / "linkoping-2025"));
    for (const auto& e : result.errors) FAIL_CHECK(e.code << ": " << e.message.en);
    REQUIRE(result.errors.empty());
    CHECK(result.file == dir / "linkoping-2025/policy.json");
    const auto doc = parse_file(result.file);
    const auto old = parse_file(kRoot + "/rules/policies/linkoping-2024/policy.json");
    const json::Value pack = doc->root()["pack"];
    CHECK(pack["id"].as_string() == "linkoping-2025");
    CHECK(pack["municipality"].as_string() == "linkoping");
    CHECK(pack["kf_decision"]["date"].as_string() == "2024-06-11");
    CHECK(pack["kf_decision"]["paragraph"].is_null());
    CHECK(pack["kf_decision"]["title"].as_string() == "Budget 2025 med plan för 2026–2030");
    CHECK(pack["budget_year"].number_text() == "2025");
    CHECK(doc->line_text(pack["plan_years"].position().line) == "    \"plan_years\": [2026, 2027, 2028, 2029, 2030],");
    // Plan years KF already decided keep their amounts; 2030 repeats 2029.
    const json::Value vss = doc->root()["organisations"]["vss"];
    CHECK(compact_amounts(vss["investment_frame"]["amounts"]) ==
          "2025=60000 2026=60000 2027=60000 2028=60000 2029=60000 2030=60000");
    CHECK(compact_amounts(vss["operating_frame"]["amounts"]) == "2025=0 2026=0 2027=0 2028=0 2029=0 2030=0");
    CHECK(doc->line_text(vss["investment_frame"]["amounts"].position().line) ==
          "        \"amounts\": {\"2025\": 60000, \"2026\": 60000, \"2027\": 60000, \"2028\": 60000, \"2029\": 60000, "
          "\"2030\": 60000},");
    // Everything else is copied as it was, at the same lines.
    for (const char* pointer : {"/goal_areas", "/kf_goals", "/mandatory_indicators", "/strategic_assignments",
                                "/equity", "/rounding_tolerance", "/severity_overrides", "/disabled_rules", "/notes",
                                "/pack/sources", "/organisations/vss/funding_source"}) {
        CAPTURE(pointer);
        CHECK(json::json_equal(doc->resolve(pointer), old->resolve(pointer)));
        CHECK(doc->resolve(pointer).position().line == old->resolve(pointer).position().line);
    }
    // The review section: each carried-over item once.
    const json::Value review = doc->root()["review"];
    CHECK(review["carried_over_from"].as_string() == "linkoping-2024");
    const json::Value items = review["items"];
    REQUIRE(items.size() == 2 + 5 + 10 + 8 + 9 + 2 + 1);
    CHECK(items.at(0)["pointer"].as_string() == "/pack/kf_decision");
    CHECK(items.at(1)["pointer"].as_string() == "/pack/sources");
    CHECK(items.at(7)["pointer"].as_string() == "/kf_goals/0");
    CHECK(items.at(7)["id"].as_string() == "samhalle.tryggt-och-sakert");
    CHECK(items.at(34)["pointer"].as_string() == "/organisations/vss/operating_frame");
    CHECK(items.at(35)["pointer"].as_string() == "/organisations/vss/investment_frame");
    CHECK(items.at(36)["pointer"].as_string() == "/equity");
    CHECK(result.review_items == 37);

    // check-rules' warnings: at the item itself, saying what and from where.
    const auto warnings = packs::review_warnings(*doc, "p.json");
    REQUIRE(warnings.size() == 37);
    const auto& frame = warnings[35];
    CHECK(frame.code == "policy.carried-over");
    CHECK(frame.line == vss["investment_frame"].position().line);
    CHECK(frame.column == vss["investment_frame"].position().column);
    CHECK(frame.message.sv == "investeringsramen för 'vss' är överförd från linkoping-2024 och väntar på beslut: stäm "
                              "av mot det nya KF-beslutet, ändra vid behov och ta sedan bort posten "
                              "/organisations/vss/investment_frame ur review");
    CHECK(frame.message.en == "the investment frame of 'vss' is carried over from linkoping-2024 and awaits a "
                              "decision: check it against the new KF decision, change it if needed, then delete the "
                              "entry /organisations/vss/investment_frame from review");
    CHECK(warnings[7].message.sv.rfind("KF-målet 'samhalle.tryggt-och-sakert' är överfört från linkoping-2024", 0) == 0);
    CHECK(warnings[0].message.sv.rfind("KF-beslutets rubrik och paragraf är överförda från", 0) == 0);
}

TEST_CASE("new-pack keeps a derivation adding up and a multi-line layout multi-line") {
    testing::TempDir dir("new-pack-layout");
    // Socialnämnden 2019: four years with a derivation, rolled to five.
    auto result = packs::new_pack(request("linkoping-2019", "linkoping-2020", "2018-06-12", "2020-2024", dir / "a"));
    REQUIRE(result.errors.empty());  // the written pack passed the load-time checks (derivation sums included)
    auto doc = parse_file(result.file);
    const json::Value frame = doc->root()["organisations"]["socialnamnden"]["operating_frame"];
    CHECK(compact_amounts(frame["amounts"]) == "2020=460620 2021=465669 2022=465669 2023=465669 2024=465669");
    CHECK(compact_amounts(frame["derivation"].at(2)["amounts"]) == "2020=-4319 2021=730 2022=730 2023=730 2024=730");

    result = packs::new_pack(request("norrkoping-2023", "norrkoping-2027", "2026-06-15", "2027-2030", dir / "b"));
    REQUIRE(result.errors.empty());
    const std::string text = testing::read_text(result.file);
    CHECK(text.find("    \"plan_years\": [\n      2028,\n      2029,\n      2030\n    ],") != std::string::npos);
    CHECK(text.find("        \"amounts\": {\n          \"2027\": 428600,\n          \"2028\": 428600,\n") !=
          std::string::npos);
    CHECK(text.find("    \"items\": [\n      {\"pointer\": \"/pack/kf_decision\"},\n") != std::string::npos);
    CHECK(text.substr(text.size() - 13) == "\n    ]\n  }\n}\n");  // appended before the root's own end
}

TEST_CASE("new-pack refuses bad options, an existing pack and a second pack for one decision (nothing written)") {
    testing::TempDir dir("new-pack-refuse");
    auto refused = [&](packs::NewPackRequest r) {
        const auto result = packs::new_pack(r);
        CHECK(result.file.empty());
        return codes(result.errors);
    };
    CHECK(refused(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2030-2025", dir / "x")) ==
          std::vector<std::string>{"new-pack.years"});
    CHECK(refused(request("linkoping-2024", "linkoping-2025", "2024-02-30", "2025-2030", dir / "x")) ==
          std::vector<std::string>{"new-pack.date"});
    CHECK(refused(request("linkoping-2024", "Linkoping 2025", "2024-06-11", "2025-2030", dir / "x")) ==
          std::vector<std::string>{"new-pack.id"});
    CHECK(refused(request("linkoping-2042", "linkoping-2025", "2024-06-11", "2025-2030", dir / "x")) ==
          std::vector<std::string>{"pack.not-found"});
    CHECK(refused(request("linkoping-2024", "linkoping-2025", "2023-06-13", "2025-2030", dir / "x")) ==
          std::vector<std::string>{"new-pack.conflict"});
    CHECK(refused(request("linkoping-2024", "linkoping-2023", "2024-06-11", "2025-2030", dir / "x")) ==
          std::vector<std::string>{"new-pack.duplicate-id"});
    CHECK_FALSE(fs::exists(dir / "x"));
    // Installed packs live in the folder named by their id.
    CHECK(refused(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030",
                          kRoot + "/rules/policies/linkoping-next")) == std::vector<std::string>{"new-pack.folder"});
    CHECK_FALSE(fs::exists(kRoot + "/rules/policies/linkoping-next"));

    const std::string existing = dir.write("y/policy.json", "{\"keep\": true}\n");
    const auto result = packs::new_pack(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030", dir / "y"));
    REQUIRE(codes(result.errors) == std::vector<std::string>{"new-pack.exists"});
    CHECK(result.errors[0].message.sv == existing + " finns redan; new-pack skriver aldrig över ett paket. Välj ett "
                                                    "annat --id eller --output");
    CHECK(testing::read_text(existing) == "{\"keep\": true}\n");
}

TEST_CASE("a review entry that points at nothing or at another item is an error at load") {
    testing::TempDir dir("new-pack-review");
    const auto result = packs::new_pack(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030", dir / "p"));
    REQUIRE(result.errors.empty());
    std::string text = testing::read_text(result.file);
    auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("{\"pointer\": \"/equity\"}", "{\"pointer\": \"/equty\"}");
    replace("{\"pointer\": \"/kf_goals/1\", \"id\": \"samhalle.minskad-segregation\"}",
            "{\"pointer\": \"/kf_goals/2\", \"id\": \"samhalle.minskad-segregation\"}");
    const std::string file = dir.write("p/policy.json", text);
    std::vector<InputError> errors;
    const auto schema = packs::policy_schema(kRoot, errors);
    REQUIRE(schema);
    packs::load_pack(kRoot, file, *schema, errors);
    REQUIRE(codes(errors) == std::vector<std::string>{"policy.review-id", "policy.review-pointer"});
    CHECK(errors[0].message.en == "the review entry '/kf_goals/2' is for 'samhalle.minskad-segregation' but "
                                  "'samhalle.miljo-och-klimat' is there now; the list was reordered: correct the "
                                  "pointer to point at 'samhalle.minskad-segregation'");
    CHECK(errors[1].message.sv == "review-posten '/equty' pekar inte på något i paketet; ta bort posten om värdet är "
                                  "borttaget, annars rätta pekaren");
    CHECK(errors[1].snippet.find("/equty") != std::string::npos);
}

TEST_CASE("rolling an unreviewed pack forward again keeps one review list, from the newer source") {
    testing::TempDir dir("new-pack-twice");
    auto first = packs::new_pack(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030", dir / "a"));
    REQUIRE(first.errors.empty());
    auto second = packs::new_pack(request(dir / "a", "linkoping-2026", "2025-06-10", "2026-2031", dir / "b"));
    for (const auto& e : second.errors) FAIL_CHECK(e.code << ": " << e.message.en);
    REQUIRE(second.errors.empty());
    const auto doc = parse_file(second.file);
    CHECK(doc->root()["review"]["carried_over_from"].as_string() == "linkoping-2025");
    CHECK(doc->root()["review"]["items"].size() == 37);
    const std::string text = testing::read_text(second.file);
    CHECK(text.find("\"review\"") == text.rfind("\"review\""));
}

TEST_CASE("years and carried amounts") {
    CHECK(packs::parse_years("2025-2030") == std::pair<std::int64_t, std::int64_t>{2025, 2030});
    CHECK(packs::parse_years("2025–2030") == std::pair<std::int64_t, std::int64_t>{2025, 2030});
    CHECK_FALSE(packs::parse_years("2025-2025"));
    CHECK_FALSE(packs::parse_years("2025"));
    CHECK_FALSE(packs::parse_years("25-30"));
    const auto doc = json::parse(R"({"2024": 1, "2025": 2.50, "2026": 3})");
    REQUIRE(doc.document);
    CHECK(packs::carried_amount(doc.document->root(), 2025) == "2.50");  // exact text, never a double
    CHECK(packs::carried_amount(doc.document->root(), 2029) == "3");
    CHECK(packs::carried_amount(doc.document->root(), 2020) == "1");
}

TEST_CASE("diff-packs linkoping-2023 linkoping-2024 equals its golden files (Swedish, English, JSON)") {
    std::vector<InputError> errors;
    const auto schema = packs::policy_schema(kRoot, errors);
    REQUIRE(schema);
    const auto from = packs::load_pack(kRoot, "linkoping-2023", *schema, errors);
    const auto to = packs::load_pack(kRoot, "linkoping-2024", *schema, errors);
    REQUIRE(errors.empty());
    REQUIRE(from);
    REQUIRE(to);
    const auto diff = packs::diff_packs(*from, *to);
    const bool update = std::getenv("BUDGETCHECK_UPDATE_GOLDEN") != nullptr;
    const std::pair<std::string, std::string> outputs[] = {
        {"linkoping-2023-2024.sv.txt", packs::diff_text(diff, "sv")},
        {"linkoping-2023-2024.en.txt", packs::diff_text(diff, "en")},
        {"linkoping-2023-2024.json", packs::diff_json(diff)}};
    for (const auto& output : outputs) {
        const std::string& name = output.first;  // no structured binding: clang cannot capture one
        const std::string& text = output.second;
        CAPTURE(name);
        const std::string golden = kRoot + "/tests/golden/diff-packs/" + name;
        if (update) std::ofstream(golden, std::ios::binary) << text;
        CHECK(testing::read_text(golden) == text);
    }
    // The JSON output is JSON, amounts exact integers in kronor.
    const auto parsed = json::parse(packs::diff_json(diff));
    REQUIRE(parsed.document);
    const json::Value frames = parsed.document->root()["frames"];
    REQUIRE(frames.size() > 0);
    bool seen = false;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const json::Value f = frames.at(i);
        if (f["organisation"].as_string() == "vss" && f["frame"].as_string() == "investment_frame" &&
            f["year"].number_text() == "2024") {
            CHECK(f["from_kronor"].is_null());
            CHECK(f["to_kronor"].number_text() == "61000000");
            seen = true;
        }
    }
    CHECK(seen);
}

TEST_CASE("diff-packs of a pack with itself has no changes; a rolled pack differs in period and frames only") {
    testing::TempDir dir("diff-packs");
    std::vector<InputError> errors;
    const auto schema = packs::policy_schema(kRoot, errors);
    const auto a = packs::load_pack(kRoot, "linkoping-2024", *schema, errors);
    auto rolled = packs::new_pack(request("linkoping-2024", "linkoping-2025", "2024-06-11", "2025-2030", dir / "r"));
    REQUIRE(rolled.errors.empty());
    std::string text = testing::read_text(rolled.file);
    const std::string from = "\"2030\": 60000}", to = "\"2030\": 65500}";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    dir.write("r/policy.json", text);
    const auto b = packs::load_pack(kRoot, dir / "r", *schema, errors);
    REQUIRE(errors.empty());
    const auto same = packs::diff_packs(*a, *a);
    CHECK(same.decision.empty());
    for (const auto& s : same.sections) CHECK(s.changes.empty());
    const auto d = packs::diff_packs(*a, *b);
    std::vector<std::string> fields;
    for (const auto& f : d.decision) fields.push_back(f.field);
    CHECK(fields == std::vector<std::string>{"kf_decision.date", "kf_decision.title", "kf_decision.paragraph",
                                             "budget_year", "plan_years"});
    for (const auto& s : d.sections) CHECK(s.changes.empty());
    const std::string out = packs::diff_text(d, "sv");
    CHECK(out.find("    2029: 60\u00a0000 tkr → 60\u00a0000 tkr (0 tkr)\n") != std::string::npos);
    CHECK(out.find("    2030: – → 65\u00a0500 tkr\n") != std::string::npos);
    CHECK(out.find("    2024: 61\u00a0000 tkr → –\n") != std::string::npos);
}
