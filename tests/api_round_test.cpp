// POST /api/round and /api/diff through server::Api (no HTTP): a result per
// file, the caret excerpt of an input error as data, the limits on files
// and fields, and the reports equal to what the reporters write.
#include <sstream>

#include "output/reporter.hpp"
#include "server/api.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

const server::Api& api() {
    static const std::unique_ptr<server::Api> instance = [] {
        EngineConfig config;
        config.data_dir = BUDGETCHECK_SOURCE_DIR;
        auto created = server::Api::create(config);
        REQUIRE(std::holds_alternative<std::unique_ptr<server::Api>>(created));
        return std::move(std::get<std::unique_ptr<server::Api>>(created));
    }();
    return *instance;
}

server::Response post(const std::string& path, std::vector<server::Part> parts) {
    server::Request request;
    request.method = "POST";
    request.path = path;
    request.content_type = "multipart/form-data; boundary=x";
    request.parts = std::move(parts);
    return api().handle(request);
}

std::string sample(const std::string& name) {
    return testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + name);
}

}  // namespace

TEST_CASE("a round: a result per file in order, the broken one with its line and caret padding") {
    const std::string broken = "{\n\t\"budget_year\": 2024,,\n}\n";
    const auto response = post("/api/round", {{"file", "vss-2024.json", sample("vss-2024.json")}, {"file", "broken.json", broken}});
    REQUIRE(response.status == 200);
    const auto parsed = json::parse(response.body);
    REQUIRE(parsed.document);
    const json::Value root = parsed.document->root();
    CHECK(root["summary"]["files"].as_integer() == 2);
    CHECK(root["summary"]["not_checked"].as_integer() == 1);
    CHECK(root["summary"]["text"].as_string() == "2 filer: 1 godkänd, 0 underkända, 1 inte kontrollerad");
    const json::Value files = root["files"];
    REQUIRE(files.size() == 2);
    CHECK(files.at(0)["name"].as_string() == "vss-2024.json");
    CHECK(files.at(0)["verdict"].as_string() == "passed");
    CHECK(files.at(1)["verdict"].as_string() == "not-checked");
    const json::Value error = files.at(1)["input_errors"].at(0);
    CHECK(error["file"].as_string() == "broken.json");
    CHECK(error["line"].as_integer() == 2);
    CHECK(error["column"].as_integer() == 22);
    CHECK(error["excerpt"]["text"].as_string() == "\t\"budget_year\": 2024,,");
    CHECK(error["excerpt"]["padding"].as_string() == "\t                    ");  // a tab for the tab, then 20 spaces
    CHECK(error["excerpt"]["caret"].as_bool());

    // The JSON report is byte for byte what the reporter writes for the same files.
    const auto& engine = api().engine();
    output::RunReport run;
    run.rules = &engine.rules();
    run.packs = &engine.policy_packs();
    run.files.push_back(engine.validate_text(sample("vss-2024.json"), "vss-2024.json"));
    run.files.push_back(engine.validate_text(broken, "broken.json"));
    std::ostringstream want;
    output::make_reporter("json")->write(run, output::OutputOptions{}, want);
    CHECK(root["report_json"].as_string() == want.str());
}

TEST_CASE("a round's limits: 20 files, only the field 'file', at least one") {
    std::vector<server::Part> parts;
    for (int i = 0; i < 21; ++i) parts.push_back({"file", "f" + std::to_string(i) + ".json", "{}"});
    const auto too_many = post("/api/round", parts);
    CHECK(too_many.status == 413);
    CHECK(too_many.body.find("\"http.too-many-files\"") != std::string::npos);
    // The page shows the message: Swedish by default, as every other one.
    CHECK(too_many.body.find("\"message\": \"Högst 20 filer per begäran; dela upp dem.\"") != std::string::npos);
    const auto long_name = post("/api/round", {{"file", std::string(201, 'a'), "{}"}});
    CHECK(long_name.body.find("\"message\": \"Ett filnamn får vara högst 200 byte") != std::string::npos);
    parts.pop_back();
    CHECK(post("/api/round", parts).status == 200);
    CHECK(post("/api/round", {{"other", "a.json", "{}"}}).status == 400);
    CHECK(post("/api/round", {}).status == 400);
    CHECK(post("/api/round", {{"file", std::string(201, 'a'), "{}"}}).status == 400);
    // Two files of one name are told apart in the reports.
    const auto twice = post("/api/round", {{"file", "a.json", "{}"}, {"file", "a.json", "{}"}});
    CHECK(twice.body.find("\"name\": \"a.json (2)\"") != std::string::npos);
    // Decided from the head: the type of the body.
    server::Request head;
    head.method = "POST";
    head.path = "/api/round";
    head.content_type = "application/json";
    CHECK(server::Api::reads_body(head));
    CHECK(server::Api::reads_parts(head));
    REQUIRE(api().refuse_before_body(head));
    CHECK(api().refuse_before_body(head)->status == 415);
    head.content_type = "multipart/form-data; boundary=abc";
    CHECK_FALSE(api().refuse_before_body(head));
}

TEST_CASE("diff: two revisions, exactly the fields old and new") {
    const std::string vss = sample("vss-2024.json");
    const std::string changed =
        testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/tests/revisions/vss-2024-new.json");
    const auto response = post("/api/diff", {{"old", "a.json", vss}, {"new", "b.json", changed}});
    REQUIRE(response.status == 200);
    const auto parsed = json::parse(response.body);
    REQUIRE(parsed.document);
    CHECK(parsed.document->root()["exit_code"].as_integer() == 1);
    CHECK(parsed.document->root()["summary"]["text"].as_string() ==
          "Belopp: 16 ändrade, 16 tillagda, 0 borttagna, 154 oförändrade. Fynd: 1 nytt, 1 åtgärdat, 30 oförändrade.");
    CHECK(post("/api/diff", {{"old", "a.json", vss}}).status == 400);
    CHECK(post("/api/diff", {{"old", "a.json", vss}, {"old", "b.json", vss}}).status == 400);
    const auto broken = post("/api/diff", {{"old", "a.json", vss}, {"new", "b.json", "{\"a\": 1,}"}});
    CHECK(broken.status == 400);
    CHECK(broken.body.find("\"file\": \"b.json\"") != std::string::npos);
    // Another board's budget is no revision: 422, not a diff of every amount.
    const auto other = post("/api/diff", {{"old", "a.json", vss}, {"new", "b.json", sample("leanlink-2023.json")}});
    CHECK(other.status == 422);
    CHECK(other.body.find("\"code\": \"diff.not-revisions\"") != std::string::npos);
}
