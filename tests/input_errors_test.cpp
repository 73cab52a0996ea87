// Input errors (json.*, io.*, limit.*, and the errors in rule files, policy
// data and waiver files: rule.*, policy.*, waiver.*) speak Swedish and English
// like findings: the exact texts, and every report and the serve API picking
// the language as they do for findings.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/reporter.hpp"
#include "server/api.hpp"
#include "test_support.hpp"
#include "text/lookalike.hpp"
#include "waivers.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

json::ParseError parse_error(std::string text, json::ParseLimits limits = {}) {
    auto r = json::parse(std::move(text), limits);
    REQUIRE(r.error);
    return *r.error;
}

std::string render(std::string_view format, const output::RunReport& run, std::string lang) {
    output::OutputOptions options;
    options.lang = std::move(lang);
    std::ostringstream out;
    output::make_reporter(format)->write(run, options, out);
    return out.str();
}

const char* const kDuplicateSv = "dubblerad nyckel \"a\" (först definierad på rad 1, kolumn 2); ta bort den ena";
const char* const kDuplicateEn =
    "duplicate member \"a\" (first defined at line 1, column 2); a JSON object may name each member once";

}  // namespace

TEST_CASE("input errors have exact Swedish and English messages") {
    auto e = parse_error("{\"a\": 1,\n \"a\": 2}");
    CHECK(e.code == "json.duplicate-key");
    CHECK(e.message.sv == kDuplicateSv);
    CHECK(e.message.en == kDuplicateEn);

    e = parse_error("{\"namn\": \"Social\xE4mnden\"}");  // Latin-1 ä
    CHECK(e.code == "json.invalid-utf8");
    CHECK(e.message.sv == "filen är inte giltig UTF-8 här; spara den som UTF-8");
    CHECK(e.message.en == "the file is not valid UTF-8 here; save it as UTF-8");

    json::ParseLimits small;
    small.max_bytes = 10;
    e = parse_error("[1, 2, 3, 4, 5]", small);
    CHECK(e.code == "limit.file-size");
    CHECK(e.message.sv == "indata är 15 byte, mer än gränsen på 10 byte");
    CHECK(e.message.en == "the input is 15 bytes, more than the limit of 10 bytes");

    json::ParseLimits shallow;
    shallow.max_depth = 3;
    e = parse_error("[[[[1]]]]", shallow);
    CHECK(e.code == "limit.depth");
    CHECK(e.message.sv == "listor och objekt ligger i mer än 3 nivåer inuti varandra");
    CHECK(e.message.en == "arrays and objects are nested more than 3 deep");

    e = parse_error("");
    CHECK(e.message.sv == "filen är tom; en inlämning är ett JSON-objekt");
    e = parse_error("{\"a\" 1}");
    CHECK(e.message.sv == "här ska det stå ':' efter nyckeln men det står '1'");
    CHECK(e.message.en == "expected ':' after the member name but found '1'");
}

TEST_CASE("a limit of one takes the singular, in Swedish and English") {
    struct Case {
        const char* input;
        json::ParseLimits limits;
        const char* code;
        const char* sv;
        const char* en;
    };
    const Case cases[] = {
        {"[[1]]", {.max_depth = 1}, "limit.depth", "listor och objekt ligger i mer än 1 nivå inuti varandra",
         "arrays and objects are nested more than 1 deep"},
        {"[1]", {.max_values = 1}, "limit.values", "dokumentet har fler än 1 värde", "the document has more than 1 value"},
        {"[1, 2]", {.max_values = 2}, "limit.values", "dokumentet har fler än 2 värden",
         "the document has more than 2 values"},
        {"[1]", {.max_bytes = 1}, "limit.file-size", "indata är 3 byte, mer än gränsen på 1 byte",
         "the input is 3 bytes, more than the limit of 1 byte"},
        {"[\"ab\"]", {.max_string_bytes = 1}, "limit.string-length", "en text som är längre än gränsen på 1 byte",
         "a string longer than the limit of 1 byte"},
        {"[1]", {.max_number_chars = 0}, "limit.number-length", "ett tal på 1 tecken är längre än gränsen på 0",
         "a number of 1 character is longer than the limit of 0"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.code);
        const auto e = parse_error(c.input, c.limits);
        CHECK(e.code == c.code);
        CHECK(e.message.sv == c.sv);
        CHECK(e.message.en == c.en);
    }

    const fs::path file = fs::temp_directory_path() / "budgetcheck-one-byte.json";
    { std::ofstream(file) << "1"; }
    const auto read = read_file(file.string(), 0, "--max-file-size");
    fs::remove(file);
    REQUIRE(read.error);
    CHECK(read.error->code == "limit.file-size");
    CHECK(read.error->message.sv == "filen är 1 byte, mer än gränsen på 0 byte (--max-file-size)");
    CHECK(read.error->message.en == "the file is 1 byte, more than the limit of 0 bytes (--max-file-size)");
}

TEST_CASE("a file too big and a missing file, in both languages") {
    const fs::path dir = fs::temp_directory_path() / "budgetcheck-input-errors-test";
    fs::create_directories(dir);
    const fs::path big = dir / "big.json";
    { std::ofstream(big) << "[1, 2, 3, 4, 5, 6, 7, 8, 9]"; }  // 27 bytes
    auto read = read_file(big.string(), 20, "--max-file-size");
    REQUIRE(read.error);
    CHECK(read.error->code == "limit.file-size");
    CHECK(read.error->message.sv == "filen är 27 byte, mer än gränsen på 20 byte (--max-file-size)");
    CHECK(read.error->message.en == "the file is 27 bytes, more than the limit of 20 bytes (--max-file-size)");
    // A fixed limit (a rule file's 1 MiB) names no option: --max-file-size does not change it.
    read = read_file(big.string(), 20);
    REQUIRE(read.error);
    CHECK(read.error->message.en == "the file is 27 bytes, more than the limit of 20 bytes");

    read = read_file((dir / "nothere.json").string(), 20);
    REQUIRE(read.error);
    CHECK(read.error->code == "io.not-found");
    CHECK(read.error->message.sv == "filen finns inte");
    CHECK(read.error->message.en == "cannot open the file: No such file or directory");

    read = read_file(dir.string(), 20);
    REQUIRE(read.error);
    CHECK(read.error->message.sv == "det här är en mapp, inte en fil; ange JSON-filerna i den");
    fs::remove_all(dir);
}

TEST_CASE("errors in rule files, policy data and waiver files have exact Swedish and English messages") {
    // rule.*: a rule without 'severity', and a syntax error whose Lua text is
    // kept as Lua wrote it inside a Swedish sentence.
    auto loaded = lua::RuleHost::load(
        {}, {{"rules/a.lua", "return {\n  id = \"a.b\",\n  title = { sv = \"T\", en = \"T\" },\n"
                             "  check = function() end,\n}\n"},
             {"rules/b.lua", "return {\n  id = \"a.c\",\n  title = { sv = \"T\" en = \"T\" },\n}\n"}});
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    const auto& rule_errors = std::get<std::vector<InputError>>(loaded);
    REQUIRE(rule_errors.size() == 2);
    CHECK(rule_errors[0].code == "rule.missing-field");
    CHECK(rule_errors[0].message.sv ==
          "regeln saknar 'severity'; lägg till severity = \"error\" (eller \"warning\", \"notice\")");
    CHECK(rule_errors[0].message.en ==
          "the rule has no 'severity'; add severity = \"error\" (or \"warning\", \"notice\")");
    CHECK(rule_errors[1].code == "rule.syntax");
    CHECK(rule_errors[1].message.sv ==
          "syntaxfel: '}' expected near 'en' (en '{' är inte stängd, eller så saknas ett ',' mellan två fält)");
    CHECK(rule_errors[1].message.en ==
          "syntax error: '}' expected near 'en' (a '{' is not closed, or a ',' is missing between two fields)");

    // policy.*: a schema violation passes the schema's two texts through.
    const fs::path dir = fs::temp_directory_path() / "budgetcheck-policy-errors-test";
    fs::create_directories(dir);
    std::ifstream in(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies/linkoping-2023/policy.json");
    std::string pack((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = pack.find("\"budget_year\": 2023");
    REQUIRE(at != std::string::npos);
    pack.replace(at, 19, "\"budget_year\": \"2023\"");
    { std::ofstream(dir / "policy.json") << pack; }
    EngineConfig config;
    config.data_dir = BUDGETCHECK_SOURCE_DIR;
    config.policy = (dir / "policy.json").string();
    auto created = Engine::create(config);
    fs::remove_all(dir);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& policy_errors = std::get<std::vector<InputError>>(created);
    REQUIRE(policy_errors.size() == 1);
    CHECK(policy_errors[0].code == "policy.type");
    CHECK(policy_errors[0].line == 12);
    CHECK(policy_errors[0].message.sv == "Fältet 'År' (budget_year) ska vara ett heltal men är en text (\"2023\")");
    CHECK(policy_errors[0].message.en == "Field 'År' (budget_year) must be an integer but is a string (\"2023\")");
    // What to do, decided from the violation's fields (a string holding an integer), not from its text.
    CHECK(policy_errors[0].hint.sv == " — skriv talet utan citattecken: 2023");
    CHECK(policy_errors[0].hint.en == " — write the number without quotes: 2023");

    // waiver.*
    auto waivers = waivers::load(R"({"waivers": [
      {"rule": "investment.within-frame", "year": 2024, "decided_by": "KF", "decision_date": "2024-01-01"}]})",
                                 "w.json", testing::repository_engine().waivers_schema());
    REQUIRE(std::holds_alternative<std::vector<InputError>>(waivers));
    const auto& waiver_errors = std::get<std::vector<InputError>>(waivers);
    REQUIRE(waiver_errors.size() == 1);
    CHECK(waiver_errors[0].code == "waiver.required");
    CHECK(waiver_errors[0].message.sv == "Obligatoriska fältet 'reason' saknas i 'waivers[0]'");
    CHECK(waiver_errors[0].message.en == "Required field 'reason' is missing from 'waivers[0]'");

    // Shown in the chosen language, with no English left in the Swedish text.
    output::RunReport run;
    FileReport file;
    file.file = "w.json";
    file.errors = waiver_errors;
    run.files.push_back(std::move(file));
    CHECK(render("text", run, "sv").find("indatafel: Obligatoriska fältet 'reason' saknas") != std::string::npos);
    CHECK(render("text", run, "en").find("input error: Required field 'reason' is missing") != std::string::npos);
}

TEST_CASE("no policy pack for the KF decision: the error points at its date") {
    std::ifstream in(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find("\"date\": \"2023-06-13\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 20, "\"date\": \"2099-01-01\"");
    const FileReport report = testing::repository_engine().validate_text(text, "vss.json");
    REQUIRE(report.errors.size() == 1);
    const InputError& e = report.errors[0];
    CHECK(e.code == "policy.not-found");
    CHECK(e.line == 12);
    CHECK(e.column == 27);  // the date's opening quote
    CHECK(e.snippet == "  \"kf_decision\": {\"date\": \"2099-01-01\", \"paragraph\": \"§ 222\", \"title\": \"Budget 2024 "
                       "med plan för 2025–2029\"},");
    CHECK(e.message.sv.rfind("det finns inget policypaket för kommunen 'linkoping' och KF-beslutet 2099-01-01; ", 0) == 0);
    CHECK(e.message.en.rfind("no policy pack for municipality 'linkoping' and KF decision 2099-01-01; ", 0) == 0);

    output::RunReport run;
    run.files.push_back(report);
    CHECK(render("text", run, "en").rfind("vss.json:12:27: input error: no policy pack for municipality", 0) == 0);

    // Without a date (a --schema that does not require one): at the
    // municipality, and without that at the document.
    const fs::path schema = fs::temp_directory_path() / "budgetcheck-anything.schema.json";
    { std::ofstream(schema) << "{}"; }
    EngineConfig config;
    config.data_dir = BUDGETCHECK_SOURCE_DIR;
    config.schema_path = schema.string();
    auto created = Engine::create(config);
    fs::remove(schema);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const Engine& lenient = *std::get<std::unique_ptr<Engine>>(created);
    FileReport no_date = lenient.validate_text("{\n  \"municipality\": \"linkoping\"\n}", "no-date.json");
    REQUIRE(no_date.errors.size() == 1);
    CHECK(no_date.errors[0].code == "policy.not-found");
    CHECK(no_date.errors[0].line == 2);
    CHECK(no_date.errors[0].column == 19);
    CHECK(no_date.errors[0].snippet == "  \"municipality\": \"linkoping\"");
    FileReport empty = lenient.validate_text("\n  {}", "empty.json");
    REQUIRE(empty.errors.size() == 1);
    CHECK(empty.errors[0].code == "policy.not-found");
    CHECK(empty.errors[0].line == 2);
    CHECK(empty.errors[0].column == 3);
}

TEST_CASE("every report gives an input error in the chosen language") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    run.files.push_back(engine.validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));

    CHECK(render("text", run, "sv") ==
          std::string("broken.json:2:2: indatafel: ") + kDuplicateSv +
              " [json.duplicate-key]\n"
              " 2 |  \"a\": 2}\n"
              "   |  ^\n"
              "broken.json: inte kontrollerad (indatafel)\n");
    CHECK(render("text", run, "en") ==
          std::string("broken.json:2:2: input error: ") + kDuplicateEn +
              " [json.duplicate-key]\n"
              " 2 |  \"a\": 2}\n"
              "   |  ^\n"
              "broken.json: not checked (input error)\n");

    // JSON: "message" in the report's language and both texts, as findings.
    for (const std::string lang : {"sv", "en"}) {
        CAPTURE(lang);
        const auto parsed = json::parse(render("json", run, lang));
        REQUIRE(parsed.document);
        const json::Value error = parsed.document->root()["files"].at(0)["errors"].at(0);
        CHECK(error["message"].as_string() == (lang == "sv" ? kDuplicateSv : kDuplicateEn));
        CHECK(error["message_sv"].as_string() == kDuplicateSv);
        CHECK(error["message_en"].as_string() == kDuplicateEn);
    }

    // The others carry the chosen language only (escaped as each format does).
    for (const char* format : {"sarif", "junit", "github", "gitlab", "html"}) {
        CAPTURE(format);
        const std::string sv = render(format, run, "sv"), en = render(format, run, "en");
        CHECK(sv.find("dubblerad nyckel") != std::string::npos);
        CHECK(sv.find("duplicate member") == std::string::npos);
        CHECK(en.find("duplicate member") != std::string::npos);
        CHECK(en.find("dubblerad nyckel") == std::string::npos);
    }
}

TEST_CASE("an error with no Swedish text falls back to English") {
    // (Every error the engine makes has both; this guards the reporters.)
    output::RunReport run;
    FileReport file;
    file.file = "rules/x.lua";
    file.errors.push_back(InputError{"rules/x.lua", 0, 0, "rule.syntax", Message::english_only("broken rule"), {}});
    run.files.push_back(std::move(file));
    CHECK(render("text", run, "sv").find("indatafel: broken rule [rule.syntax]") != std::string::npos);
    const auto parsed = json::parse(render("json", run, "sv"));
    REQUIRE(parsed.document);
    const json::Value error = parsed.document->root()["files"].at(0)["errors"].at(0);
    CHECK(error["message"].as_string() == "broken rule");
    CHECK(error["message_sv"].as_string() == "");
    CHECK(error["message_en"].as_string() == "broken rule");
}

TEST_CASE("a missing field's actual value is 'saknas' in Swedish reports for people") {
    const auto& engine = testing::repository_engine();
    output::RunReport run;
    run.files.push_back(engine.validate_text("{}", "empty.json"));
    REQUIRE(!run.files[0].findings.empty());
    CHECK(run.files[0].findings[0].rule_id == "schema.required");
    CHECK(run.files[0].findings[0].actual == "missing");

    const std::string sv = render("text", run, "sv"), en = render("text", run, "en");
    CHECK(sv.find("    förväntat: budget_year, faktiskt: saknas\n") != std::string::npos);
    CHECK(sv.find("missing") == std::string::npos);
    CHECK(en.find("    expected: budget_year, actual: missing\n") != std::string::npos);
    for (const char* format : {"github", "gitlab", "junit"}) {
        CAPTURE(format);
        CHECK(render(format, run, "sv").find("förväntat: budget_year, faktiskt: saknas") != std::string::npos);
        CHECK(render(format, run, "en").find("expected: budget_year, actual: missing") != std::string::npos);
    }
    CHECK(render("html", run, "sv").find("<span class=\"actual\">saknas</span>") != std::string::npos);
    CHECK(render("html", run, "en").find("<span class=\"actual\">missing</span>") != std::string::npos);
    // Machine-readable reports keep the stable token.
    CHECK(render("json", run, "sv").find("\"actual\": \"missing\"") != std::string::npos);
}

TEST_CASE("the serve API gives input errors in the request's language, and both") {
    EngineConfig config;
    config.data_dir = BUDGETCHECK_SOURCE_DIR;
    auto created = server::Api::create(config);
    REQUIRE(std::holds_alternative<std::unique_ptr<server::Api>>(created));
    const auto& api = *std::get<std::unique_ptr<server::Api>>(created);

    auto post = [&](std::string body, std::string lang) {
        server::Request request;
        request.method = "POST";
        request.path = "/api/validate";
        request.content_type = "application/json";
        request.body = std::move(body);
        if (!lang.empty()) request.query.emplace("lang", lang);
        return api.handle(request);
    };
    for (const std::string lang : {"", "sv", "en"}) {
        CAPTURE(lang);
        const auto response = post("{\"a\": 1,\n \"a\": 2}", lang);
        CHECK(response.status == 400);
        const auto parsed = json::parse(response.body);
        REQUIRE(parsed.document);
        const json::Value error = parsed.document->root()["error"];
        CHECK(error["code"].as_string() == "json.duplicate-key");
        CHECK(error["message"].as_string() == (lang == "en" ? kDuplicateEn : kDuplicateSv));
        CHECK(error["message_sv"].as_string() == kDuplicateSv);
        CHECK(error["message_en"].as_string() == kDuplicateEn);
        const json::Value listed = parsed.document->root()["errors"].at(0);
        CHECK(listed["message"].as_string() == error["message"].as_string());
        CHECK(listed["message_sv"].as_string() == kDuplicateSv);
        CHECK(listed["message_en"].as_string() == kDuplicateEn);
    }
    // An unknown rule id, in the request's language and both.
    for (const std::string lang : {"sv", "en"}) {
        CAPTURE(lang);
        server::Request request;
        request.method = "GET";
        request.path = "/api/rules/no.such-rule";
        request.query.emplace("lang", lang);
        const auto response = api.handle(request);
        CHECK(response.status == 404);
        const auto parsed = json::parse(response.body);
        REQUIRE(parsed.document);
        const json::Value error = parsed.document->root()["error"];
        CHECK(error["code"].as_string() == "rule.not-found");
        const std::string sv = "Det finns ingen regel med id no.such-rule; GET /api/rules listar dem.";
        const std::string en = "No rule with id no.such-rule; GET /api/rules lists them.";
        CHECK(error["message"].as_string() == (lang == "en" ? en : sv));
        CHECK(error["message_sv"].as_string() == sv);
        CHECK(error["message_en"].as_string() == en);
    }

    const auto empty = json::parse(post("", "en").body);
    REQUIRE(empty.document);
    CHECK(empty.document->root()["error"]["code"].as_string() == "json.empty");
    CHECK(empty.document->root()["error"]["message"].as_string() ==
          "The request body is empty; send the submission JSON.");
    CHECK(empty.document->root()["error"]["message_sv"].as_string() ==
          "Förfrågan är tom; skicka inlämningens JSON i den.");
}

// ---------------------------------------------------- inputs as people save them (issue 15, item 8) --

TEST_CASE("a UTF-8 byte order mark is skipped, and positions are those after it") {
    auto r = json::parse("\xEF\xBB\xBF{\"a\": 1}");
    REQUIRE(r.document);
    CHECK(r.document->source() == "{\"a\": 1}");
    CHECK(r.document->root()["a"].position().line == 1);
    CHECK(r.document->root()["a"].position().column == 7);
    CHECK(r.document->root()["a"].position().offset == 6);
    CHECK(r.document->root().key_position(0).column == 2);

    auto e = parse_error("\xEF\xBB\xBF{\"a\" 1}");
    CHECK(e.position.line == 1);
    CHECK(e.position.column == 6);
    CHECK(e.snippet == "{\"a\" 1}");
    CHECK(parse_error("\xEF\xBB\xBF").code == "json.empty");

    // A sample saved by Notepad: the same findings at the same places.
    const std::string sample = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/leanlink-2023.json");
    const FileReport plain = testing::repository_engine().validate_text(sample, "plain.json");
    const FileReport marked = testing::repository_engine().validate_text("\xEF\xBB\xBF" + sample, "marked.json");
    CHECK(marked.errors.empty());
    REQUIRE(marked.findings.size() == plain.findings.size());
    REQUIRE(!plain.findings.empty());
    for (std::size_t i = 0; i < plain.findings.size(); ++i) {
        CHECK(marked.findings[i].rule_id == plain.findings[i].rule_id);
        CHECK(marked.findings[i].location.line == plain.findings[i].location.line);
        CHECK(marked.findings[i].location.column == plain.findings[i].location.column);
    }
}

TEST_CASE("a UTF-16 or UTF-32 file is named as such") {
    using namespace std::string_literals;
    const std::pair<std::string, const char*> cases[] = {
        {"\xFF\xFE{\0}\0"s, "UTF-16 LE"},          {"\xFE\xFF\0{\0}"s, "UTF-16 BE"},
        {"{\0\n\0}\0"s, "UTF-16 LE"},              {"\0{\0}"s, "UTF-16 BE"},
        {"\xFF\xFE\0\0{\0\0\0"s, "UTF-32 LE"},     {"\0\0\xFE\xFF\0\0\0{"s, "UTF-32 BE"},
        {"{\0\0\0}\0\0\0"s, "UTF-32 LE"},          {"\0\0\0{\0\0\0}"s, "UTF-32 BE"},
        {"1\0"s, "UTF-16 LE"},
    };
    for (const auto& c : cases) {
        const std::string& text = c.first;
        const char* encoding = c.second;  // not a structured binding: clang 14 cannot capture one (CAPTURE)
        CAPTURE(encoding);
        const auto e = parse_error(text);
        CHECK(e.code == "json.encoding");
        CHECK(e.message.sv == std::string("filen är kodad som ") + encoding + "; spara den som UTF-8");
        CHECK(e.message.en == std::string("the file is encoded as ") + encoding + "; save it as UTF-8");
        CHECK(e.position.line == 1);
        CHECK(e.position.column == 1);
        CHECK(e.snippet.empty());
    }
    output::RunReport run;
    run.files.push_back(testing::repository_engine().validate_text("\xFF\xFE{\0}\0"s, "excel.json"));
    CHECK(render("text", run, "sv") ==
          "excel.json:1:1: indatafel: filen är kodad som UTF-16 LE; spara den som UTF-8 [json.encoding]\n"
          "excel.json: inte kontrollerad (indatafel)\n");
}

TEST_CASE("an invisible or look-alike character where JSON syntax belongs is named") {
    const char* const kValue = "här ska det stå ett värde (objekt, lista, text, tal, true, false eller null) men det står ";
    const char* const kValueEn = "expected a value (object, array, string, number, true, false or null) but found ";
    const char* const kSpaceSv =
        "; ett tecken som ser ut som ett mellanslag men inte är det: skriv ett vanligt mellanslag eller ta bort det";
    const char* const kSpaceEn = "; a character that looks like a space but is not one: type an ordinary space or delete it";
    struct Case {
        const char* input;
        std::uint32_t line, column;
        std::string sv, en;
    };
    const Case cases[] = {
        {"{\n  \"2024\": \xE2\x88\x92" "5\n}", 2, 11,
         kValue + std::string("'−' (U+2212 MINUS SIGN); det liknar '-' men är ett annat tecken: skriv '-'"),
         kValueEn + std::string("'−' (U+2212 MINUS SIGN); it looks like '-' but is another character: type '-'")},
        {"{\"a\":\xC2\xA0" "1}", 1, 6, kValue + std::string("U+00A0 NO-BREAK SPACE") + kSpaceSv,
         kValueEn + std::string("U+00A0 NO-BREAK SPACE") + kSpaceEn},
        {"[1,\xE2\x80\x88" "2]", 1, 4, kValue + std::string("U+2008") + kSpaceSv,
         kValueEn + std::string("U+2008") + kSpaceEn},
        {"{\xE2\x80\x9C" "a\": 1}", 1, 2,
         "här ska det stå en nyckel inom dubbla citattecken men det står '“' (U+201C LEFT DOUBLE QUOTATION MARK); det "
         "liknar '\"' men är ett annat tecken: skriv '\"'",
         "expected a member name in double quotes but found '“' (U+201C LEFT DOUBLE QUOTATION MARK); it looks like "
         "'\"' but is another character: type '\"'"},
        {"{\"namn\": \"Ledning\xE2\x80\x9D, \"b\": 1}", 1, 18,
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) avslutar inte en text; det liknar '\"' men är ett annat tecken: "
         "skriv '\"'",
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) does not end a string; it looks like '\"' but is another "
         "character: type '\"'"},
        {"{\"namn\": \"Projekt \xE2\x80\x9DTrygg\xE2\x80\x9D,\n \"b\": 1}", 1, 25,
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) avslutar inte en text; det liknar '\"' men är ett annat tecken: "
         "skriv '\"'",
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) does not end a string; it looks like '\"' but is another "
         "character: type '\"'"},
        {"[\"Ledning\xE2\x80\x9D]", 1, 10,
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) avslutar inte en text; det liknar '\"' men är ett annat tecken: "
         "skriv '\"'",
         "'”' (U+201D RIGHT DOUBLE QUOTATION MARK) does not end a string; it looks like '\"' but is another "
         "character: type '\"'"},
        {"{\"a\": 1,\xEF\xBB\xBF \"b\": 2}", 1, 9,
         "här ska det stå en nyckel inom dubbla citattecken men det står U+FEFF ZERO WIDTH NO-BREAK SPACE; ett "
         "osynligt tecken: ta bort det",
         "expected a member name in double quotes but found U+FEFF ZERO WIDTH NO-BREAK SPACE; an invisible "
         "character: delete it"},
        {"[1\xE2\x80\x8B]", 1, 3,
         "här ska det stå ',' eller ']' men det står U+200B ZERO WIDTH SPACE; ett osynligt tecken: ta bort det",
         "expected ',' or ']' but found U+200B ZERO WIDTH SPACE; an invisible character: delete it"},
        {"{\"a\": 1\xE2\x80\x8B}", 1, 8,
         "här ska det stå ',' eller '}' men det står U+200B ZERO WIDTH SPACE; ett osynligt tecken: ta bort det",
         "expected ',' or '}' but found U+200B ZERO WIDTH SPACE; an invisible character: delete it"},
        {"{\"a\": [\xE2\x80\x93" "5]}", 1, 8,
         kValue + std::string("'–' (U+2013 EN DASH); det liknar '-' men är ett annat tecken: skriv '-'"),
         kValueEn + std::string("'–' (U+2013 EN DASH); it looks like '-' but is another character: type '-'")},
        {"[\xEF\xBC\x91]", 1, 2,
         kValue + std::string("'１' (U+FF11 FULLWIDTH DIGIT ONE); det liknar '1' men är ett annat tecken: skriv '1'"),
         kValueEn + std::string("'１' (U+FF11 FULLWIDTH DIGIT ONE); it looks like '1' but is another character: type "
                                "'1'")},
        {"{\"a\"\xEF\xBC\x9A 1}", 1, 5,
         "här ska det stå ':' efter nyckeln men det står '：' (U+FF1A FULLWIDTH COLON); det liknar ':' men är ett "
         "annat tecken: skriv ':'",
         "expected ':' after the member name but found '：' (U+FF1A FULLWIDTH COLON); it looks like ':' but is "
         "another character: type ':'"},
        // An ordinary letter is shown as it is.
        {"[ö]", 1, 2, kValue + std::string("'ö'"), kValueEn + std::string("'ö'")},
        // A decimal comma and a digit group space, at the comma and the space.
        {"{\n  \"2024\": 12,5,\n  \"2025\": 13\n}", 2, 13,
         "ett kommatecken i talet 12,5: JSON-tal skrivs med decimalpunkt (12.5) och utan tusentalsavgränsare, och "
         "ett belopp ska bli hela kronor",
         "a comma in the number 12,5: JSON numbers are written with a decimal point (12.5) and without thousands "
         "separators, and an amount must come to whole kronor"},
        {"{\"a\": -3,75}", 1, 9,
         "ett kommatecken i talet -3,75: JSON-tal skrivs med decimalpunkt (-3.75) och utan tusentalsavgränsare, och "
         "ett belopp ska bli hela kronor",
         "a comma in the number -3,75: JSON numbers are written with a decimal point (-3.75) and without thousands "
         "separators, and an amount must come to whole kronor"},
        {"{\"a\": 1 234}", 1, 8, "ett mellanslag i talet 1 234: JSON-tal skrivs utan tusentalsavgränsare (1234)",
         "a space in the number 1 234: JSON numbers are written without thousands separators (1234)"},
        {"[-1 234 567]", 1, 4, "ett mellanslag i talet -1 234 567: JSON-tal skrivs utan tusentalsavgränsare (-1234567)",
         "a space in the number -1 234 567: JSON numbers are written without thousands separators (-1234567)"},
        {"{\"a\": 1\xC2\xA0" "234}", 1, 8,
         "ett mellanslag (U+00A0 NO-BREAK SPACE) i talet 1\u00A0234: JSON-tal skrivs utan tusentalsavgränsare (1234)",
         "a space (U+00A0 NO-BREAK SPACE) in the number 1\u00A0234: JSON numbers are written without thousands "
         "separators (1234)"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        const auto e = parse_error(c.input);
        CHECK(e.code == "json.syntax");
        CHECK(e.position.line == c.line);
        CHECK(e.position.column == c.column);
        CHECK(e.message.sv == c.sv);
        CHECK(e.message.en == c.en);
    }
    const auto trailing = parse_error("{}\xE2\x80\x8B");
    CHECK(trailing.code == "json.trailing");
    CHECK(trailing.message.sv ==
          "oväntat U+200B ZERO WIDTH SPACE efter slutet av JSON-värdet; ett osynligt tecken: ta bort det");
    CHECK(json::parse("[12,5]").document);  // two numbers: valid JSON, left to the schema
}

TEST_CASE("a number in a string, written the Swedish way, gets the JSON spelling from the schema") {
    CHECK(text::json_number_meant("12,5") == "12.5");
    CHECK(text::json_number_meant("1 234") == "1234");
    CHECK(text::json_number_meant("1\u00A0234,5") == "1234.5");
    CHECK(text::json_number_meant("1\u202F234") == "1234");
    CHECK(text::json_number_meant("1\u2009234") == "1234");
    CHECK(text::json_number_meant("\u22125") == "-5");
    CHECK(text::json_number_meant("\u2013" "5,5") == "-5.5");
    for (const char* plain : {"12.5", "12", "-5", "abc", "1,234,567", "12,", ",5", "1 2 x", "tkr 5", "", "-"})
        CHECK(text::json_number_meant(plain) == "");

    std::string text = testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/socialnamnden-2019.json");
    const std::size_t at = text.find("\"budget_year\": 2019");
    REQUIRE(at != std::string::npos);
    text.replace(at, 19, "\"budget_year\": \"2 019\"");
    const FileReport report = testing::repository_engine().validate_text(text, "s.json");
    const auto it = std::find_if(report.findings.begin(), report.findings.end(),
                                 [](const Finding& f) { return f.rule_id == "schema.type"; });
    REQUIRE(it != report.findings.end());
    CHECK(it->message.sv == "Fältet 'Budgetår' (budget_year) ska vara ett heltal men är en text (\"2 019\"); ett JSON-tal "
                            "skrivs utan citattecken, med decimalpunkt och utan mellanslag: 2019");
    CHECK(it->message.en == "Field 'Budgetår' (budget_year) must be an integer but is a string (\"2 019\"); a JSON "
                            "number is written without quotes, with a decimal point and without spaces: 2019");
}

TEST_CASE("a rule file saved with a UTF-8 byte order mark loads, and its lines stay right") {
    const std::string rule = "return {\n  id = \"a.b\",\n  title = { sv = \"T\", en = \"T\" },\n  severity = \"error\",\n"
                             "  check = function() end,\n}\n";
    CHECK(std::holds_alternative<lua::RuleHost>(lua::RuleHost::load({}, {{"rules/a.lua", "\xEF\xBB\xBF" + rule}})));
    auto broken = lua::RuleHost::load(
        {}, {{"rules/b.lua", "\xEF\xBB\xBFreturn {\n  id = \"a.c\",\n  title = { sv = \"T\" en = \"T\" },\n}\n"}});
    REQUIRE(std::holds_alternative<std::vector<InputError>>(broken));
    const auto& errors = std::get<std::vector<InputError>>(broken);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "rule.syntax");
    CHECK(errors[0].line == 3);
}

// Lua names no line when a file nests deeper than its parser's C stack
// ("C stack overflow"); the error still points at the line the parser reached.
TEST_CASE("a rule nested too deeply for the parser is a syntax error with its line") {
    std::string deep = "return {\n  id = \"a.deep\",\n  x =\n";
    for (int i = 0; i < 300; ++i) deep += "{\n";
    deep += std::string(300, '}') + ",\n}\n";
    auto loaded = lua::RuleHost::load({}, {{"rules/deep.lua", deep}});
    REQUIRE(std::holds_alternative<std::vector<InputError>>(loaded));
    const auto& errors = std::get<std::vector<InputError>>(loaded);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "rule.syntax");
    CHECK(errors[0].line == 201);  // the 197th '{' (line 4 holds the first): Lua's limit of 200 C levels
    CHECK(errors[0].message.en.find("nested too deeply") != std::string::npos);
    // One line: the line of the whole table.
    auto flat = lua::RuleHost::load({}, {{"rules/flat.lua", "return {\n  id = \"a.flat\",\n  x = " +
                                                                 std::string(300, '{') + std::string(300, '}') + ",\n}\n"}});
    REQUIRE(std::holds_alternative<std::vector<InputError>>(flat));
    CHECK(std::get<std::vector<InputError>>(flat)[0].line == 3);
}
