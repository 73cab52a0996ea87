// Rule parameters (issue 13 item 1) and misspelt field names in rules
// (item 3), through the real engine on a copy of the repository's data with
// one extra rule and a pack that sets its parameters.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "engine.hpp"
#include "rules/field_names.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

namespace fs = std::filesystem;

// A parameterised rule: it reports the value of each parameter it gets.
const char* kParamRule = R"(return {
  id = "demo.limit",
  title = { sv = "Gräns", en = "Limit" },
  severity = "notice",
  parameters = {
    type = "object",
    properties = {
      max_percent = {
        type = "integer", minimum = 0, maximum = 100, default = 10,
        description = { sv = "Högsta ökning i procent", en = "Highest growth in per cent" },
      },
      unit_word = {
        type = "string", default = "procent",
        description = { sv = "Ordet för enheten", en = "The unit's word" },
      },
    },
  },
  check = function(submission, policy, report, params)
    report{ at = "", sv = params.max_percent .. " " .. params.unit_word, en = tostring(params.max_percent) }
  end,
})";

// The repository's data with `rule` as rules/demo/limit.lua and `set`
// inserted as the rule_parameters of the pack linkoping-2024 (which
// samples/vss-2024.json selects).
struct Data {
    static inline int made = 0;  // each its own directory: a test may hold two
    testing::TempDir tmp{"params-" + std::to_string(made++)};
    Data(const std::string& rule, const std::string& set) {
        for (const char* sub : {"schemas", "rules", "samples"})
            fs::copy(fs::path(BUDGETCHECK_SOURCE_DIR) / sub, tmp.path / sub, fs::copy_options::recursive);
        tmp.write("rules/demo/limit.lua", rule);
        if (set.empty()) return;
        const std::string pack = tmp / "rules/policies/linkoping-2024/policy.json";
        std::string text = testing::read_text(pack);
        const std::string anchor = "  \"disabled_rules\": {},\n";
        const auto at = text.find(anchor);
        REQUIRE(at != std::string::npos);
        text.insert(at + anchor.size(), "  \"rule_parameters\": " + set + ",\n");
        std::ofstream(pack, std::ios::binary) << text;
    }
    std::string dir() const { return tmp.path.string(); }
    // The line of the pack holding `text` (1-based), for expected positions.
    std::uint32_t pack_line(const std::string& text) const {
        std::ifstream in(tmp / "rules/policies/linkoping-2024/policy.json");
        std::string line;
        for (std::uint32_t n = 1; std::getline(in, line); ++n)
            if (line.find(text) != std::string::npos) return n;
        return 0;
    }
};

std::variant<std::unique_ptr<Engine>, std::vector<InputError>> create(const Data& data, bool check_fields = false) {
    EngineConfig config;
    config.data_dir = data.dir();
    config.check_field_names = check_fields;
    return Engine::create(config);
}

std::vector<std::string> messages_of(const FileReport& report, const std::string& rule) {
    std::vector<std::string> out;
    for (const auto& f : report.findings)
        if (f.rule_id == rule) out.push_back(f.message.sv);
    return out;
}

}  // namespace

TEST_CASE("a parameterised rule gets its defaults, or the values its pack sets") {
    Data data(kParamRule, R"({"demo.limit": {"max_percent": 3}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const Engine& engine = *std::get<std::unique_ptr<Engine>>(created);
    // linkoping-2024 sets max_percent (unit_word keeps its default) ...
    CHECK(messages_of(engine.validate_file(data.tmp / "samples/vss-2024.json"), "demo.limit") ==
          std::vector<std::string>{"3 procent"});
    // ... linkoping-2023 sets nothing: both defaults.
    CHECK(messages_of(engine.validate_file(data.tmp / "samples/leanlink-2023.json"), "demo.limit") ==
          std::vector<std::string>{"10 procent"});
    // What explain and rules show.
    const auto& rules = engine.rules();
    const auto rule = std::find_if(rules.begin(), rules.end(), [](const auto& r) { return r.id == "demo.limit"; });
    REQUIRE(rule != rules.end());
    REQUIRE(rule->parameters.size() == 2);
    CHECK(rule->parameters[0].name == "max_percent");
    CHECK(rule->parameters[0].type == "integer");
    CHECK(rule->parameters[0].default_json == "10");
    CHECK(rule->parameters[0].description.sv == "Högsta ökning i procent");
    CHECK(rule->parameters[0].description.en == "Highest growth in per cent");
    CHECK(rule->parameters[1].default_json == "\"procent\"");
    for (const auto& pack : engine.policy_packs())
        CHECK(pack.rule_parameters.count("demo.limit") == (pack.id == "linkoping-2024" ? 1u : 0u));
}

TEST_CASE("a parameter of the wrong type in a pack fails at load at the pack's line and column") {
    Data data(kParamRule, R"({"demo.limit": {"max_percent": "3"}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "rules/policies/linkoping-2024/policy.json");
    CHECK(errors[0].code == "policy.type");
    CHECK(errors[0].line == data.pack_line("\"rule_parameters\""));
    CHECK(errors[0].column == 53);  // the value "3"
    CHECK(errors[0].message.en.find("max_percent") != std::string::npos);
}

TEST_CASE("a parameter outside the rule's bounds fails at load") {
    Data data(kParamRule, R"({"demo.limit": {"max_percent": 101}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.maximum");
}

TEST_CASE("an unknown parameter name in a pack is an error with the closest declared name") {
    Data data(kParamRule, R"({"demo.limit": {"max_procent": 3}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.additionalProperties");
    CHECK(errors[0].line == data.pack_line("\"rule_parameters\""));
    CHECK(errors[0].column == 38);  // the key "max_procent"
    CHECK(errors[0].message.en.find("did you mean 'max_percent'?") != std::string::npos);
}

TEST_CASE("an unknown rule id under rule_parameters is an error with the closest rule id") {
    Data data(kParamRule, R"({"demo.limt": {"max_percent": 3}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.unknown-rule");
    CHECK(errors[0].column == 23);  // the key "demo.limt"
    CHECK(errors[0].message.en.find("did you mean 'demo.limit'?") != std::string::npos);
}

TEST_CASE("values for a rule without parameters are an error") {
    Data data(kParamRule, R"({"equity.cap": {"max_percent": 3}})");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "policy.no-parameters");
}

TEST_CASE("a declared parameter schema is checked at load: draft-07, a default and a description each") {
    std::string rule = kParamRule;
    const std::string with_default = "default = 10,";
    rule.replace(rule.find(with_default), with_default.size(), "default = 200,");  // above its own maximum
    rule.replace(rule.find("type = \"string\", default = \"procent\","), 37, "type = \"string\",");
    rule.replace(rule.find("minimum = 0"), 11, "minimum = \"0\"");
    Data data(rule, "");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);  // not draft-07: the other checks wait for a valid schema
    CHECK(errors[0].file == "rules/demo/limit.lua");
    CHECK(errors[0].line == 5);
    CHECK(errors[0].code == "rule.parameters");
    CHECK(errors[0].message.en.find("is not a valid JSON Schema (draft-07) at /properties/max_percent/minimum") !=
          std::string::npos);

    rule.replace(rule.find("minimum = \"0\""), 13, "minimum = 0");
    Data fixed(rule, "");
    auto second = create(fixed);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(second));
    const auto& problems = std::get<std::vector<InputError>>(second);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.en == "'parameters': the parameter 'unit_word' has no default: the value the rule gets "
                                    "when the policy pack sets none");
}

TEST_CASE("a default its own schema refuses is an error at load") {
    std::string rule = kParamRule;
    rule.replace(rule.find("default = 10,"), 13, "default = 200,");
    Data data(rule, "");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::vector<InputError>>(created));
    const auto& errors = std::get<std::vector<InputError>>(created);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.en.find("the default of 'max_percent' fails its own schema") != std::string::npos);
}

TEST_CASE("reading a parameter the rule does not declare fails the rule with the closest name") {
    std::string rule = kParamRule;
    rule.replace(rule.find("params.max_percent .."), 18, "params.max_procent");
    Data data(rule, "");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const auto report =
        std::get<std::unique_ptr<Engine>>(created)->validate_file(data.tmp / "samples/vss-2024.json");
    REQUIRE(report.rule_failures.size() == 1);
    CHECK(report.rule_failures[0].file == "rules/demo/limit.lua");
    CHECK(report.rule_failures[0].line == 19);
    CHECK(report.rule_failures[0].reason.en.find("the rule reads the parameter 'max_procent', which it does not "
                                                 "declare under parameters.properties; did you mean 'max_percent'?") !=
          std::string::npos);
}

TEST_CASE("check-rules and test: a rule reading a field the schema does not define fails with the closest name") {
    const char* rule = R"(return {
  id = "demo.limit",
  title = { sv = "Fält", en = "Fields" },
  severity = "notice",
  check = function(submission, policy, report)
    local defined = submission.equity      -- defined, may be absent: fine
    local year = submission.investments.rows[1].net["2030"]  -- a year-keyed map accepts any year
    local pack = policy.rule_parameters    -- the policy schema is checked too
    if submission.investmnts then report{ at = "", sv = "x", en = "x" } end
  end,
})";
    Data data(rule, "");
    for (bool check : {false, true}) {
        auto created = create(data, check);
        REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
        const auto report =
            std::get<std::unique_ptr<Engine>>(created)->validate_file(data.tmp / "samples/vss-2024.json");
        if (!check) {  // validate: a missing field is nil, as always
            CHECK(report.rule_failures.empty());
            continue;
        }
        REQUIRE(report.rule_failures.size() == 1);
        CHECK(report.rule_failures[0].file == "rules/demo/limit.lua");
        CHECK(report.rule_failures[0].line == 9);
        CHECK(report.rule_failures[0].subject == "investmnts");
        CHECK(report.rule_failures[0].reason.en ==
              "the rule reads the field 'investmnts' of the submission (/), a name schemas/submission.schema.json "
              "defines nowhere; did you mean 'investments'?");
    }
}

TEST_CASE("field names come from the schema: nested objects, year-keyed maps, names defined elsewhere") {
    auto schema = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/schemas/submission.schema.json"));
    REQUIRE(schema.document);
    const rules::FieldNames names(std::move(schema.document), "submission.schema.json");
    auto doc = json::parse(testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json"));
    REQUIRE(doc.document);
    const json::Value root = doc.document->root();
    CHECK(names.check(root, "investments").defined);
    const auto typo = names.check(root, "investmnts");
    CHECK_FALSE(typo.defined);
    CHECK(typo.closest == "investments");
    const json::Value row = root["investments"]["rows"].at(0);
    CHECK(names.check(row, "request").defined);
    CHECK(names.check(row, "nett").closest == "net");
    const json::Value net = row["net"];
    CHECK(names.check(net, "2031").defined);      // propertyNames ^[0-9]{4}$
    CHECK_FALSE(names.check(net, "zzz").defined);
    // A name defined for another object is a probe generic code may make.
    CHECK(names.check(net, "name").defined);
}

TEST_CASE("params is read-only, and a rule without parameters reading one fails") {
    const char* rule = R"(return {
  id = "demo.limit",
  title = { sv = "Inga", en = "None" },
  severity = "notice",
  check = function(submission, policy, report, params)
    if submission.organisation then return params.limit end
  end,
})";
    Data data(rule, "");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const Engine& engine = *std::get<std::unique_ptr<Engine>>(created);
    for (int run = 0; run < 2; ++run) {  // the shared empty params, made on the first run, says the same
        const auto report = engine.validate_file(data.tmp / "samples/vss-2024.json");
        REQUIRE(report.rule_failures.size() == 1);
        CHECK(report.rule_failures[0].line == 6);
        CHECK(report.rule_failures[0].reason.en.find("the rule reads the parameter 'limit', which it does not declare "
                                                     "under parameters.properties (it has none)") != std::string::npos);
    }

    std::string writer = kParamRule;
    writer.replace(writer.find("report{"), 7, "params.max_percent = 1; report{");
    Data data2(writer, "");
    auto second = create(data2);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(second));
    const auto report = std::get<std::unique_ptr<Engine>>(second)->validate_file(data2.tmp / "samples/vss-2024.json");
    REQUIRE(report.rule_failures.size() == 1);
    CHECK(report.rule_failures[0].reason.en.find("the parameters are read-only") != std::string::npos);
}

TEST_CASE("a parameter declared with a fraction and a list keeps them as JSON writes them") {
    std::string rule = kParamRule;
    rule.replace(rule.find("type = \"string\", default = \"procent\","), 37,
                 "type = \"array\", items = { type = \"number\" }, default = { 0.1, 2 },");
    Data data(rule, "");
    auto created = create(data);
    REQUIRE(std::holds_alternative<std::unique_ptr<Engine>>(created));
    const auto& rules = std::get<std::unique_ptr<Engine>>(created)->rules();
    const auto rule_info = std::find_if(rules.begin(), rules.end(), [](const auto& r) { return r.id == "demo.limit"; });
    REQUIRE(rule_info != rules.end());
    REQUIRE(rule_info->parameters.size() == 2);
    CHECK(rule_info->parameters[1].type == "array");
    CHECK(rule_info->parameters[1].default_json == "[0.1, 2]");
}
