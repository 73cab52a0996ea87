// `budgetcheck diff`'s engine part (revision_diff.hpp): amounts matched by
// what names their row, not by index; findings by fingerprint, not position.
// The pair is samples/vss-2024.json and tests/revisions/vss-2024-new.json
// (tests/revisions/README.md lists what was changed).
#include <algorithm>
#include <sstream>

#include "output/diff_reporter.hpp"
#include "revision_diff.hpp"
#include "waivers.hpp"
#include "schema/validator.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
using revision::FindingStatus;

namespace {

const revision::AmountChange* amount_at(const revision::RevisionDiff& diff, std::string_view pointer) {
    for (const auto& a : diff.amounts)
        if (a.pointer == pointer) return &a;
    return nullptr;
}

revision::RevisionDiff vss_pair() {
    const auto& engine = testing::repository_engine();
    const std::string root = BUDGETCHECK_SOURCE_DIR;
    const FileReport old_file = engine.validate_file(root + "/samples/vss-2024.json");
    const FileReport new_file = engine.validate_file(root + "/tests/revisions/vss-2024-new.json");
    REQUIRE(old_file.errors.empty());
    REQUIRE(new_file.errors.empty());
    return revision::diff(engine, old_file, new_file);
}

}  // namespace

TEST_CASE("an inserted row is added, the rows after it are matched by their id, not shifted") {
    const auto diff = vss_pair();
    // 32 amounts: the inserted area's 16 (cost and result, 6 years, and 2
    // earlier years of each), ekonomi's cost 2024, the stated total's revenue
    // and cost (12), LKDATA 2025 and the investment total's net and spending
    // 2025 (3). Nothing removed.
    CHECK(diff.amounts.size() == 32);
    CHECK(std::none_of(diff.amounts.begin(), diff.amounts.end(), [](const auto& a) { return !a.new_kronor; }));
    const auto added = std::count_if(diff.amounts.begin(), diff.amounts.end(), [](const auto& a) { return !a.old_kronor; });
    CHECK(added == 16);
    const auto* inserted = amount_at(diff, "/business_areas/areas/1/cost/2024");
    REQUIRE(inserted);
    CHECK_FALSE(inserted->old_kronor);
    CHECK(inserted->new_kronor == 10'000'000);
    CHECK(inserted->change() == 10'000'000);
    CHECK(inserted->key == "/business_areas/areas/[id=\"digitalisering\"]/cost/2024");

    // ekonomi moved from index 1 to 2: only its one changed amount is listed,
    // exact to the krona.
    const auto* ekonomi = amount_at(diff, "/business_areas/areas/2/cost/2024");
    REQUIRE(ekonomi);
    CHECK(ekonomi->old_kronor == 42'300'000);
    CHECK(ekonomi->new_kronor == 41'800'000);
    CHECK(ekonomi->change() == -500'000);
    CHECK(ekonomi->key == "/business_areas/areas/[id=\"ekonomi\"]/cost/2024");
    for (const char* shifted : {"/business_areas/areas/2/cost/2025", "/business_areas/areas/3/cost/2024",
                                "/business_areas/areas/6/result/2029"})
        CHECK_MESSAGE(!amount_at(diff, shifted), shifted);

    const auto* lkdata = amount_at(diff, "/investments/rows/0/net/2025");
    REQUIRE(lkdata);
    CHECK(lkdata->old_kronor == 60'000'000);
    CHECK(lkdata->new_kronor == 64'500'000);
    CHECK(diff.old_revision.unit == Unit::Mnkr);
    CHECK(diff.unchanged_amounts + diff.amounts.size() - 16 == diff.old_revision.amounts);
}

TEST_CASE("findings are new, fixed or unchanged by fingerprint, whatever their index") {
    const auto diff = vss_pair();
    std::vector<std::string> fresh, fixed;
    for (const auto& f : diff.findings) {
        if (f.status == FindingStatus::New) fresh.push_back(f.finding.rule_id + " " + f.finding.location.pointer);
        if (f.status == FindingStatus::Fixed) fixed.push_back(f.finding.rule_id + " " + f.finding.location.pointer);
    }
    CHECK(fixed == std::vector<std::string>{"assignments.answered /assignments/0"});
    CHECK(fresh == std::vector<std::string>{"investment.within-frame /investments/stated_total/net/2025"});
    // The old revision's 31 findings: one fixed, the other 30 unchanged, also
    // those on indicators that moved one place down (3 → 4).
    CHECK(diff.count(FindingStatus::Unchanged) == 30);
    const auto moved = std::find_if(diff.findings.begin(), diff.findings.end(), [](const auto& f) {
        return f.finding.location.pointer == "/indicators/4/outcomes/2022";
    });
    REQUIRE(moved != diff.findings.end());
    CHECK(moved->status == FindingStatus::Unchanged);
    CHECK(diff.has_new_at_least(Severity::Error));
}

TEST_CASE("the same file twice: nothing changed, every finding unchanged") {
    const auto& engine = testing::repository_engine();
    const FileReport file = engine.validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    FileReport renamed = engine.validate_file(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    renamed.file = "another-name.json";  // the file name is not part of a finding's identity here
    const auto diff = revision::diff(engine, file, renamed);
    CHECK(diff.amounts.empty());
    CHECK(diff.unchanged_amounts == diff.old_revision.amounts);
    CHECK(diff.count(FindingStatus::Unchanged) == file.findings.size());
    CHECK_FALSE(diff.has_new_at_least(Severity::Notice));
}

TEST_CASE("amounts are shown with the decimals they need, never rounded") {
    CHECK(revision::exact_decimals({29'400'000, 100'000}, Unit::Mnkr, 1) == 1);
    CHECK(revision::exact_decimals({29'450'000}, Unit::Mnkr, 1) == 2);
    CHECK(revision::exact_decimals({1}, Unit::Mnkr, 1) == 6);
    CHECK(revision::exact_decimals({1'500}, Unit::Tkr, 0) == 1);
    CHECK(revision::exact_decimals({}, Unit::Kr, 0) == 0);
}

namespace {
std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("a removed row: its amounts are listed as removed, at the old revision's pointer") {
    const auto& engine = testing::repository_engine();
    const std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const std::string hr =
        "      {\n        \"id\": \"hr\",\n        \"name\": \"Verksamhetsområde HR\",\n"
        "        \"cost\": {\"2024\": 25.9, \"2025\": 26.5, \"2026\": 27.2, \"2027\": 27.9, \"2028\": 28.6, \"2029\": 29.3},\n"
        "        \"result\": {\"2024\": 0, \"2025\": 0, \"2026\": 0, \"2027\": 0, \"2028\": 0, \"2029\": 0},\n"
        "        \"earlier\": {\"cost\": {\"2022\": 30.5, \"2023\": 33.5}, \"result\": {\"2022\": 0.2, \"2023\": 0}}\n"
        "      },\n";
    const FileReport old_file = engine.validate_text(text, "old.json");
    const FileReport new_file = engine.validate_text(replaced(text, hr, ""), "new.json");
    REQUIRE(new_file.errors.empty());
    const auto diff = revision::diff(engine, old_file, new_file);
    // HR's 16 amounts (cost and result for 6 years, 2 earlier years of each); nothing else.
    REQUIRE(diff.amounts.size() == 16);
    for (const auto& a : diff.amounts) {
        CHECK_FALSE(a.new_kronor);
        CHECK(a.new_line == 0);
        CHECK(a.pointer.rfind("/business_areas/areas/2/", 0) == 0);  // HR was the third area
    }
    CHECK(diff.amounts.front().old_kronor == 25'900'000);
    CHECK(diff.amounts.front().change() == -25'900'000);
    CHECK(diff.amounts.front().place.sv.find("Verksamhetsområde HR") != std::string::npos);
}

TEST_CASE("another unit: the amounts differ in kronor and are shown exactly in the new unit") {
    const auto& engine = testing::repository_engine();
    const std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const FileReport old_file = engine.validate_text(text, "old.json");
    const FileReport new_file = engine.validate_text(replaced(text, "\"unit\": \"mnkr\"", "\"unit\": \"tkr\""), "new.json");
    REQUIRE(new_file.errors.empty());
    const auto diff = revision::diff(engine, old_file, new_file);
    CHECK(diff.new_revision.unit == Unit::Tkr);
    const auto* stab = amount_at(diff, "/business_areas/areas/0/cost/2024");
    REQUIRE(stab);
    CHECK(stab->old_kronor == 29'400'000);  // 29.4 mnkr
    CHECK(stab->new_kronor == 29'400);      // 29.4 tkr
    CHECK(stab->change() == -29'370'600);
    std::ostringstream out;
    output::OutputOptions options;
    output::write_diff(diff, "text", options, 0, out);
    // 29 400 000 kr in tkr needs no decimal; 29 400 kr needs one; the file says 1 decimal.
    CHECK(out.str().find(": 29\u00A0400,0 tkr → 29,4 tkr (−29\u00A0370,6 tkr)\n") != std::string::npos);
}

TEST_CASE("--format json of a diff validates against schemas/diff.schema.json, both ways round") {
    auto parsed = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas/diff.schema.json"));
    REQUIRE(parsed.document);
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)));
    REQUIRE(std::holds_alternative<schema::CompiledSchema>(compiled));
    const auto& diff_schema = std::get<schema::CompiledSchema>(compiled);
    const auto& engine = testing::repository_engine();
    const std::string root = BUDGETCHECK_SOURCE_DIR;
    const FileReport a = engine.validate_file(root + "/samples/vss-2024.json");
    const FileReport b = engine.validate_file(root + "/tests/revisions/vss-2024-new.json");
    for (const bool forward : {true, false}) {
        const auto diff = forward ? revision::diff(engine, a, b) : revision::diff(engine, b, a);
        std::ostringstream out;
        output::write_diff(diff, "json", output::OutputOptions{}, forward ? 1 : 0, out);
        auto doc = json::parse(out.str());
        REQUIRE(doc.document);
        const auto result = diff_schema.validate(doc.document->root());
        for (const auto& v : result.violations) FAIL_CHECK(v.instance.pointer() << ": " << v.message.en);
        // Backwards, the inserted row is removed: old amounts without a new one.
        CHECK(doc.document->root()["summary"]["amounts"][forward ? "added" : "removed"].as_integer() == 16);
    }
}

// diff --waivers: a waived new finding is listed as new, carries its waiver
// in the JSON (which still validates), and no longer counts as new at its
// severity for the exit code.
TEST_CASE("a waived new finding in a diff: shown with its waiver, not failing") {
    const auto& engine = testing::repository_engine();
    const std::string root = BUDGETCHECK_SOURCE_DIR;
    auto loaded = waivers::load(R"({"waivers": [{"rule": "investment.within-frame", "year": 2025, "reason": "R",
                                    "decided_by": "KS", "decision_date": "2024-03-12"}]})",
                                "w.json", engine.waivers_schema());
    REQUIRE(std::holds_alternative<waivers::WaiverFile>(loaded));
    const FileReport a = engine.validate_file(root + "/samples/vss-2024.json");
    FileReport b = engine.validate_file(root + "/tests/revisions/vss-2024-new.json");
    const auto before = revision::diff(engine, a, b);
    CHECK(before.has_new_at_least(Severity::Error));
    waivers::Usage usage;
    waivers::apply(std::get<waivers::WaiverFile>(loaded), b, "2024-06-01", usage);
    const auto diff = revision::diff(engine, a, b);
    CHECK_FALSE(diff.has_new_at_least(Severity::Error));
    CHECK(diff.count(revision::FindingStatus::New) == 1);
    std::ostringstream out;
    output::write_diff(diff, "json", output::OutputOptions{}, 0, out);
    CHECK(out.str().find(R"("waiver": {"reason": "R", "decided_by": "KS", "decision_date": "2024-03-12", "expires": ""})") !=
          std::string::npos);
    auto parsed = json::parse(testing::read_text(root + "/schemas/diff.schema.json"));
    REQUIRE(parsed.document);
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)));
    REQUIRE(std::holds_alternative<schema::CompiledSchema>(compiled));
    auto doc = json::parse(out.str());
    REQUIRE(doc.document);
    const auto result = std::get<schema::CompiledSchema>(compiled).validate(doc.document->root());
    for (const auto& v : result.violations) FAIL_CHECK(v.instance.pointer() << ": " << v.message.en);
}
