// Inputs a controller can trust (issue 11 items 4-8): real calendar dates
// wherever a date is read, Unicode NFC for every string and key, integer
// values as Lua integers however they are written, misspelt keys located at
// the key, and one policy pack per KF decision.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "schema/validator.hpp"
#include "test_support.hpp"
#include "text/utc_time.hpp"
#include "text/utf8.hpp"
#include "waivers.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

const std::string kRoot = BUDGETCHECK_SOURCE_DIR;

std::string sample(const std::string& name) { return testing::read_text(kRoot + "/samples/" + name); }

// Replaces every occurrence of `from`; the test fails when there is none.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    std::size_t at = 0, count = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
        ++count;
    }
    REQUIRE_MESSAGE(count > 0, "the sample no longer contains " << from);
    return text;
}

// What a controller reads in a finding. Columns are left out where the
// rewritten text moves them (a decomposed letter is two code points).
std::vector<std::string> findings_of(const FileReport& report, bool with_columns = true) {
    std::vector<std::string> out;
    for (const auto& e : report.errors) out.push_back("error " + e.code + " " + e.message.en);
    for (const auto& f : report.findings)
        out.push_back(f.rule_id + " " + f.location.pointer + " " + std::to_string(f.location.line) +
                      (with_columns ? ":" + std::to_string(f.location.column) : "") + " | " + f.message.sv + " | " +
                      f.message.en + " | " + f.expected.value_or("-") + " | " + f.actual.value_or("-"));
    return out;
}

const Finding* find_rule(const FileReport& report, std::string_view rule_id) {
    for (const auto& f : report.findings)
        if (f.rule_id == rule_id) return &f;
    return nullptr;
}

// "å" as "a" + U+030A COMBINING RING ABOVE, and so on: text pasted from a
// PDF on a Mac.
std::string decomposed(std::string text) {
    const std::pair<const char*, const char*> letters[] = {
        {"\xC3\xA5", "a\xCC\x8A"}, {"\xC3\xA4", "a\xCC\x88"}, {"\xC3\xB6", "o\xCC\x88"},
        {"\xC3\x85", "A\xCC\x8A"}, {"\xC3\x84", "A\xCC\x88"}, {"\xC3\x96", "O\xCC\x88"}};
    for (const auto& [composed, parts] : letters) {
        std::size_t at = 0;
        while ((at = text.find(composed, at)) != std::string::npos) {
            text.replace(at, 2, parts);
            at += 3;
        }
    }
    return text;
}

}  // namespace

// ------------------------------------------------------------- item 5 --

TEST_CASE("dates: one parser, real calendar days only") {
    CHECK(text::parse_date("2024-02-29") == text::CivilDate{2024, 2, 29});
    CHECK(text::parse_date("2000-02-29") == text::CivilDate{2000, 2, 29});  // divisible by 400
    CHECK(text::parse_date("2023-06-30") == text::CivilDate{2023, 6, 30});
    CHECK(text::parse_date("2023-12-31") == text::CivilDate{2023, 12, 31});
    for (const char* bad : {"2024-02-30", "2023-02-29", "1900-02-29", "2023-06-31", "2024-13-45", "2024-13-01",
                            "2024-00-10", "2024-04-31", "2024-01-00", "2024-1-01", "2024-01-1", "24-01-01",
                            "2024/01/01", "2024-01-01T00:00:00Z", "2024-01-01 ", " 2024-01-01", "", "２０２４-01-01"})
        CHECK_MESSAGE(!text::parse_date(bad), bad);
    CHECK(text::format_date({2024, 2, 9}) == "2024-02-09");
    CHECK(text::CivilDate{2024, 2, 29} < text::CivilDate{2024, 3, 1});
}

TEST_CASE("times: RFC 3339, a second of 60 only as a leap second at 23:59:60 UTC") {
    for (const char* good : {"23:59:60Z", "23:59:60z", "01:29:60+01:30", "15:59:60-08:00", "23:59:60+00:00",
                             "08:30:06.283185Z", "00:00:00Z", "23:59:59-23:59"})
        CHECK_MESSAGE(text::is_rfc3339_time(good), good);
    for (const char* bad : {"22:59:60Z", "23:58:60Z", "23:59:60+01:00", "00:29:60+01:30", "23:59:61Z", "24:00:00Z",
                            "12:60:00Z", "12:00:00", "12:00:00+24:00", "12:00:00+01:60", "12:00:00.Z", "1:00:00Z"})
        CHECK_MESSAGE(!text::is_rfc3339_time(bad), bad);
    CHECK(text::is_rfc3339_date_time("2016-12-31T23:59:60Z"));
    CHECK(text::is_rfc3339_date_time("2024-02-29t12:00:00+01:00"));
    CHECK_FALSE(text::is_rfc3339_date_time("2024-02-30T12:00:00Z"));
    CHECK_FALSE(text::is_rfc3339_date_time("2023-06-31T12:00:00Z"));
}

TEST_CASE("dates: the schema's format date and date-time check the calendar") {
    auto schema_doc = json::parse(R"({"properties": {"d": {"format": "date"}, "t": {"format": "date-time"}}})");
    REQUIRE(schema_doc.document);
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(schema_doc.document)));
    REQUIRE(std::holds_alternative<schema::CompiledSchema>(compiled));
    const auto& schema = std::get<schema::CompiledSchema>(compiled);
    auto keywords = [&](const std::string& text) {
        auto doc = json::parse(text);
        REQUIRE(doc.document);
        std::string out;
        for (const auto& v : schema.validate(doc.document->root()).violations) out += v.keyword + v.instance.pointer() + " ";
        return out;
    };
    CHECK(keywords(R"({"d": "2024-02-29", "t": "2016-12-31T23:59:60Z"})") == "");
    CHECK(keywords(R"({"d": "2024-02-30", "t": "2024-02-30T12:00:00Z"})") == "format/d format/t ");
    CHECK(keywords(R"({"d": "2023-06-31", "t": "2024-01-01T22:59:60Z"})") == "format/d format/t ");
}

TEST_CASE("dates: an impossible KF decision date in a submission is a schema error at the date") {
    const std::string text = replace_all(sample("vss-2024.json"), R"("date": "2023-06-13")", R"("date": "2023-06-31")");
    const FileReport report = testing::repository_engine().validate_text(text, "vss.json");
    REQUIRE(report.findings.size() == 1);
    const Finding& f = report.findings[0];
    CHECK(f.rule_id == "schema.format");
    CHECK(f.location.pointer == "/kf_decision/date");
    CHECK(f.location.line == 12);
    CHECK(f.location.column == 27);
    CHECK(f.actual == "\"2023-06-31\"");
}

TEST_CASE("dates: a waiver's impossible expires or decision_date is refused at the value") {
    auto loaded = waivers::load(R"({"waivers": [
      {"rule": "r", "year": 2024, "reason": "x", "decided_by": "KF", "decision_date": "2024-01-10",
       "expires": "2024-13-45"},
      {"rule": "r", "year": 2024, "reason": "x", "decided_by": "KF", "decision_date": "2023-02-29"},
      {"rule": "r", "year": 2024, "reason": "x", "decided_by": "KF", "decision_date": "2024-01-10", "expires": ""}]})",
                                "w.json", testing::repository_engine().waivers_schema());
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    std::vector<std::string> got;
    for (const auto& e : std::get<std::vector<InputError>>(loaded))
        got.push_back(e.code + "@" + std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message.sv);
    REQUIRE(got.size() == 3);
    // The schema's format "date" (text::parse_date) decides.
    CHECK(got[0] == "waiver.format@3:19 Fältet 'expires' har värdet \"2024-13-45\" men ska vara ett datum (ÅÅÅÅ-MM-DD)");
    CHECK(got[1] == "waiver.format@4:87 Fältet 'decision_date' har värdet \"2023-02-29\" men ska vara ett datum (ÅÅÅÅ-MM-DD)");
    CHECK(got[2] == "waiver.format@5:112 Fältet 'expires' har värdet \"\" men ska vara ett datum (ÅÅÅÅ-MM-DD)");
    // A real leap day is a date.
    auto ok = waivers::load(R"({"waivers": [{"rule": "r", "year": 2024, "reason": "x", "decided_by": "KF",
      "decision_date": "2024-02-29", "expires": "2028-02-29"}]})", "w.json",
                             testing::repository_engine().waivers_schema());
    CHECK(std::holds_alternative<waivers::WaiverFile>(ok));
}

// ------------------------------------------------------------- item 6 --

TEST_CASE("NFC: strings and keys are composed at load; positions stay those of the source") {
    auto parsed = json::parse("{\"na\xCC\x8Amn\": \"Total sjukfra\xCC\x8Anvaro, %\",\n \"b\": \"x\\u030a\", \"c\": 1}");
    REQUIRE(parsed.document);
    const json::Value root = parsed.document->root();
    CHECK(root.key_at(0) == "n\xC3\xA5mn");
    CHECK(root.at(0).as_string() == "Total sjukfr\xC3\xA5nvaro, %");
    CHECK(root["b"].as_string() == "x\xCC\x8A");  // nothing to compose with: stays as it is
    CHECK(root.at(0).position().column == 11);      // counted in the source: "a" and U+030A are two
    CHECK(root["c"].position().line == 2);
    CHECK(root["c"].position().column == 23);
    // Already composed, Swedish and ASCII: unchanged.
    CHECK(utf8::to_nfc("Socialnämnden ÅÄÖ") == "Socialnämnden ÅÄÖ");
    CHECK(utf8::to_nfc("A\xCC\x8A") == "\xC3\x85");
    CHECK(utf8::to_nfc("e\xCC\x81") == "\xC3\xA9");
    CHECK(utf8::to_nfc("\xE2\x84\xAB") == "\xC3\x85");  // ANGSTROM SIGN is Å in NFC
}

TEST_CASE("NFC: keys that are equal once composed are duplicate keys") {
    auto parsed = json::parse("{\"n\xC3\xA5mn\": 1,\n \"na\xCC\x8Amn\": 2}");
    REQUIRE(parsed.error);
    CHECK(parsed.error->code == "json.duplicate-key");
    CHECK(parsed.error->position.line == 2);
    CHECK(parsed.error->position.column == 2);
    // The same in an object large enough to be checked through a set.
    std::string big = "{";
    for (int i = 0; i < 40; ++i) big += "\"k" + std::to_string(i) + "\": 0, ";
    big += "\"\\u00e5\": 1, \"a\\u030a\": 2}";
    auto large = json::parse(big);
    REQUIRE(large.error);
    CHECK(large.error->code == "json.duplicate-key");
}

TEST_CASE("NFC: a submission pasted with decomposed letters gives the findings of the typed one") {
    const auto& engine = testing::repository_engine();
    for (const std::string name :
         {"vss-2024.json", "leanlink-2023.json", "socialnamnden-2019.json", "norrkoping-kultur-fritid-2024.json"}) {
        CAPTURE(name);
        const std::string typed = sample(name);
        const std::string pasted = decomposed(typed);
        REQUIRE(pasted != typed);
        CHECK(findings_of(engine.validate_text(pasted, name), false) ==
              findings_of(engine.validate_text(typed, name), false));
    }
}

TEST_CASE("NFC: the mandatory indicator and an answered assignment written decomposed are found") {
    const auto& engine = testing::repository_engine();
    const std::string typed = sample("vss-2024.json");
    // Only the indicator's name: "Total sjukfrånvaro, %" with a + U+030A.
    const std::string indicator = replace_all(typed, "\"name\": \"Total sjukfrånvaro, %\"",
                                              "\"name\": \"Total sjukfra\xCC\x8Anvaro, %\"");
    const FileReport a = engine.validate_text(indicator, "vss.json");
    CHECK(a.errors.empty());
    CHECK(find_rule(a, "medarbetare.mandatory-indicators") == nullptr);
    CHECK(findings_of(a, false) == findings_of(engine.validate_text(typed, "vss.json"), false));
    // Socialnämnden 2019 answers its assignments, recognised by their text
    // (no numbers): one of those texts pasted decomposed is still answered.
    const std::string social = sample("socialnamnden-2019.json");
    const std::string text = "Samtliga nämnder ges i uppdrag att vidta åtgärder för att förenkla och förkorta "
                             "etableringstiden för nyanlända.";
    const FileReport b = engine.validate_text(replace_all(social, text, decomposed(text)), "social.json");
    CHECK(b.errors.empty());
    CHECK(find_rule(b, "assignments.answered") == nullptr);
    CHECK(findings_of(b, false) == findings_of(engine.validate_text(social, "social.json"), false));
}

// ------------------------------------------------------------- item 7 --

TEST_CASE("integers: decimals 1.0, 2.0 and 1e0 print amounts as decimals 1 and 2 do") {
    const auto& engine = testing::repository_engine();
    const std::string typed = sample("leanlink-2023.json");
    for (const auto& forms : std::vector<std::pair<std::string, std::string>>{
             {"1", "1.0"}, {"1", "1e0"}, {"1", "10.0E-1"}, {"2", "2.0"}, {"2", "0.2e1"}}) {
        const std::string& integer = forms.first;
        const std::string& written = forms.second;  // a plain variable: clang 14 cannot capture a binding
        CAPTURE(written);
        const FileReport want =
            engine.validate_text(replace_all(typed, "\"decimals\": 0,", "\"decimals\": " + integer + ","), "l.json");
        const FileReport got =
            engine.validate_text(replace_all(typed, "\"decimals\": 0,", "\"decimals\": " + written + ","), "l.json");
        REQUIRE(!want.findings.empty());
        CHECK(findings_of(got, false) == findings_of(want, false));
    }
    // The amount the issue names, exactly as a controller reads it.
    const FileReport one = engine.validate_text(replace_all(typed, "\"decimals\": 0,", "\"decimals\": 1.0,"), "l.json");
    bool amount_seen = false;
    for (const auto& f : one.findings) {
        CHECK_MESSAGE(f.message.sv.find(",  tkr") == std::string::npos, f.message.sv);
        amount_seen |= f.message.sv.find(",0\xC2\xA0tkr") != std::string::npos ||
                       f.message.sv.find(",0 tkr") != std::string::npos;
    }
    CHECK(amount_seen);
}

TEST_CASE("integers: budget_year, plan_years and assignment numbers written as 2024.0 or 2.024e3") {
    const auto& engine = testing::repository_engine();
    {
        const std::string typed = sample("leanlink-2023.json");
        std::string written = replace_all(typed, "\"budget_year\": 2023,", "\"budget_year\": 2.023e3,");
        written = replace_all(written, "\"plan_years\": [2024, 2025, 2026, 2027, 2028],",
                              "\"plan_years\": [2024.0, 20.25E2, 2026.000, 202.7e1, 2028e0],");
        CHECK(findings_of(engine.validate_text(written, "l.json"), false) ==
              findings_of(engine.validate_text(typed, "l.json"), false));
    }
    {
        // VSS numbers its assignments; the warnings name them by number.
        const std::string typed = sample("vss-2024.json");
        std::string written = replace_all(typed, "\"budget_year\": 2024,", "\"budget_year\": 2024.0,");
        written = replace_all(written, "\"decimals\": 1,", "\"decimals\": 1.0,");
        written = replace_all(written, "\"plan_years\": [2025, 2026, 2027, 2028, 2029],",
                              "\"plan_years\": [2025.0, 2.026e3, 2027.00, 20280e-1, 2029E0],");
        written = std::regex_replace(written, std::regex(R"re("number": (\d+),(\s*)"kind")re"),
                                     R"re("number": $1.0,$2"kind")re");
        REQUIRE(written.find("\"number\": 12.0,") != std::string::npos);
        const FileReport want = engine.validate_text(typed, "vss.json");
        REQUIRE(find_rule(want, "assignments.answered") != nullptr);
        CHECK(findings_of(engine.validate_text(written, "vss.json"), false) == findings_of(want, false));
    }
}

// ------------------------------------------------------------- item 8 --

TEST_CASE("a misspelt key is located at the key, not at its value") {
    const std::string text = replace_all(sample("vss-2024.json"), R"("paragraph": "§ 222")", R"("paragrahp": "§ 222")");
    const FileReport report = testing::repository_engine().validate_text(text, "vss.json");
    REQUIRE(report.findings.size() == 1);
    const Finding& f = report.findings[0];
    CHECK(f.rule_id == "schema.additionalProperties");
    CHECK(f.location.pointer == "/kf_decision/paragrahp");
    CHECK(f.location.line == 12);
    CHECK(f.location.column == 41);  // the opening quote of "paragrahp"

    auto schema_doc = json::parse(R"({"propertyNames": {"maxLength": 3}, "properties": {"x": false}})");
    REQUIRE(schema_doc.document);
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(schema_doc.document)));
    REQUIRE(std::holds_alternative<schema::CompiledSchema>(compiled));
    auto doc = json::parse("{\"long\":\n   1, \"x\":   2}");
    REQUIRE(doc.document);
    const auto result = std::get<schema::CompiledSchema>(compiled).validate(doc.document->root());
    REQUIRE(result.violations.size() == 2);
    CHECK(result.violations[0].keyword == "propertyNames");
    CHECK(result.violations[0].position().line == 1);
    CHECK(result.violations[0].position().column == 2);
    CHECK(result.violations[1].keyword == "properties");
    CHECK(result.violations[1].position().line == 2);
    CHECK(result.violations[1].position().column == 7);
}

TEST_CASE("a waiver's misspelt field is located at the field name") {
    auto loaded = waivers::load("{\"waivers\": [{\"rule\": \"r\", \"year\": 2024, \"reason\": \"x\", \"decided_by\": \"KF\",\n"
                                "  \"decision_date\": \"2024-01-10\", \"expirse\":    \"2025-01-01\"}]}",
                                "w.json", testing::repository_engine().waivers_schema());
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    const auto& errors = std::get<std::vector<InputError>>(loaded);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "waiver.additionalProperties");
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 34);
}

// ------------------------------------------------------------- item 4 --

namespace {

// A private data dir with the repository's schemas and rules, changed by `edit`.
std::vector<InputError> load_errors(const fs::path& dir) {
    EngineConfig config;
    config.data_dir = dir.string();
    auto created = Engine::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) return *errors;
    return {};
}

fs::path private_data(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("budgetcheck-trusted-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(kRoot + "/schemas", dir / "schemas", fs::copy_options::recursive);
    fs::copy(kRoot + "/rules", dir / "rules", fs::copy_options::recursive);
    return dir;
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("policy packs: two packs for one KF decision are a configuration error naming both") {
    const fs::path dir = private_data("two");
    const std::string pack = testing::read_text((dir / "rules/policies/linkoping-2024/policy.json").string());
    // A draft copy with its own id and folder, same municipality and date,
    // one line lower so the two positions differ.
    write(dir / "rules/policies/linkoping-2024-utkast/policy.json",
          replace_all(replace_all(pack, "\"id\": \"linkoping-2024\"", "\"id\": \"linkoping-2024-utkast\""),
                      "\"pack\": {", "\"pack\": {\n"));
    const auto errors = load_errors(dir);
    fs::remove_all(dir);
    REQUIRE(errors.size() == 1);
    const InputError& e = errors[0];
    CHECK(e.code == "policy.conflict");
    CHECK(e.file == "rules/policies/linkoping-2024-utkast/policy.json");
    CHECK(e.line == 9);
    CHECK(e.column == 15);
    CHECK(e.message.sv ==
          "två policypaket gäller samma beslut (kommunen 'linkoping', KF-beslutet 2023-06-13): "
          "rules/policies/linkoping-2024/policy.json:8:15 och rules/policies/linkoping-2024-utkast/policy.json:9:15; "
          "det går inte att veta vilket som ska användas, så ta bort eller flytta det ena (till exempel ett utkast)");
    CHECK(e.message.en ==
          "two policy packs encode the same decision (municipality 'linkoping', KF decision 2023-06-13): "
          "rules/policies/linkoping-2024/policy.json:8:15 and rules/policies/linkoping-2024-utkast/policy.json:9:15; "
          "which one applies cannot be known, so remove or move one of them (a draft, for example)");
}

TEST_CASE("policy packs: an id that is not the folder's name is an error at the id") {
    const fs::path dir = private_data("id");
    const fs::path file = dir / "rules/policies/norrkoping-2023/policy.json";
    const std::string pack = testing::read_text(file.string());
    write(file, replace_all(pack, "\"id\": \"norrkoping-2023\"", "\"id\": \"norrkoping-2023x\""));
    const auto errors = load_errors(dir);
    fs::remove_all(dir);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.id-folder");
    CHECK(errors[0].file == "rules/policies/norrkoping-2023/policy.json");
    CHECK(errors[0].line == 5);
    CHECK(errors[0].column == 11);
    CHECK(errors[0].message.en ==
          "the pack id 'norrkoping-2023x' differs from its folder name 'norrkoping-2023'; a pack lives in "
          "rules/policies/<id>/policy.json");
}

TEST_CASE("policy packs: an impossible KF decision date in a pack is refused at the date") {
    const fs::path dir = private_data("date");
    const fs::path file = dir / "rules/policies/linkoping-2024/policy.json";
    write(file, replace_all(testing::read_text(file.string()), "\"date\": \"2023-06-13\"", "\"date\": \"2023-06-31\""));
    const auto errors = load_errors(dir);
    fs::remove_all(dir);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.format");
    CHECK(errors[0].line == 8);
    CHECK(errors[0].column == 15);
}
