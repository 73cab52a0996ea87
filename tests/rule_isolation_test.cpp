// Issue 12 items 3 and 6 through the whole engine: rules cannot poison each
// other, later files or other users' requests, and the submission (the
// host's read-only document) is not charged to any rule's memory cap.
// Every expectation is "the other rules' findings are exactly those of a
// clean engine, and no rule failed".
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "engine.hpp"
#include "test_support.hpp"

using namespace budgetcheck;
namespace fs = std::filesystem;

namespace {

// A copy of the data dir (schemas/, rules/) with extra files (path -> text).
struct DataDir {
    fs::path dir;
    explicit DataDir(const std::vector<std::pair<std::string, std::string>>& files) {
        static int n = 0;
        dir = fs::temp_directory_path() /
              ("budgetcheck-isolation-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(dir);
        fs::create_directories(dir);
        const fs::path src(BUDGETCHECK_SOURCE_DIR);
        fs::copy(src / "schemas", dir / "schemas", fs::copy_options::recursive);
        fs::copy(src / "rules", dir / "rules", fs::copy_options::recursive);
        for (const auto& [path, text] : files) {
            fs::create_directories((dir / path).parent_path());
            std::ofstream(dir / path) << text;
        }
    }
    ~DataDir() { fs::remove_all(dir); }
    DataDir(const DataDir&) = delete;
    DataDir& operator=(const DataDir&) = delete;
};

std::string rule_file(const std::string& id, const std::string& top, const std::string& body) {
    return top + "return {\n  id = \"" + id +
           "\",\n  title = { sv = \"Test\", en = \"Test\" },\n  severity = \"notice\",\n"
           "  check = function(submission, policy, report)\n" +
           body + "\n  end,\n}\n";
}

std::unique_ptr<Engine> engine_of(const DataDir& data, rules::RuleLimits limits = {}) {
    EngineConfig config;
    config.data_dir = data.dir.string();
    config.rule_limits = limits;
    auto created = Engine::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
        for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.code << ": " << e.message.en);
        FAIL("the rules did not load");
    }
    return std::move(std::get<std::unique_ptr<Engine>>(created));
}

std::string shown(const Finding& f) {
    return f.rule_id + " " + std::string(severity_name(f.severity)) + " " + f.location.pointer + " " +
           std::to_string(f.location.line) + ":" + std::to_string(f.location.column) + " " +
           (f.year ? std::to_string(*f.year) : "-") + " " + f.message.en + " | " + f.message.sv + " | " +
           f.expected.value_or("-") + " | " + f.actual.value_or("-");
}

// Findings of every rule but those whose id starts with "aaa.".
std::vector<std::string> others(const FileReport& report) {
    std::vector<std::string> out;
    for (const auto& f : report.findings)
        if (f.rule_id.rfind("aaa.", 0) != 0) out.push_back(shown(f));
    return out;
}

std::vector<std::string> own(const FileReport& report, const std::string& id) {
    std::vector<std::string> out;
    for (const auto& f : report.findings)
        if (f.rule_id == id) out.push_back(f.message.en);
    return out;
}

const std::vector<std::string> kSamples = {"samples/leanlink-2023.json", "samples/vss-2024.json",
                                           "samples/socialnamnden-2019.json"};

std::string sample_path(const std::string& sample) { return std::string(BUDGETCHECK_SOURCE_DIR) + "/" + sample; }

// Every sample twice through `engine`: the other rules' findings equal a
// clean engine's each time.
void expect_others_untouched(const Engine& engine) {
    for (int round = 0; round < 2; ++round)
        for (const auto& sample : kSamples) {
            CAPTURE(round);
            CAPTURE(sample);
            const FileReport got = engine.validate_file(sample_path(sample));
            const FileReport want = testing::repository_engine().validate_file(sample_path(sample));
            CHECK(got.errors.size() == want.errors.size());
            for (const auto& failure : got.rule_failures) CHECK_MESSAGE(false, rules::failure_message(failure).en);
            CHECK(others(got) == others(want));
        }
}

}  // namespace

TEST_CASE("a rule that keeps the memory it caught an out-of-memory error with harms no other rule") {
    // It fills the memory limit to the last few bytes (a linked list: no big
    // table resize leaves room), catches the error and returns normally,
    // keeping the list in a global, in a file-level local, or in a library's
    // file-level local.
    const std::string fill = "    for _, size in ipairs({4096, 64, 1}) do\n"
                             "      pcall(function() while true do KEEP(string.rep('x', size) .. '') end end)\n"
                             "    end";
    const auto with = [&](const std::string& keep) {
        std::string body = fill;
        body.replace(body.find("KEEP"), 4, keep);
        return body;
    };
    const std::string library = "local kept\nlocal hoard = {}\n"
                                "function hoard.keep(s) kept = { kept, s } end\nreturn hoard\n";
    const std::vector<std::string> bodies = {
        "    local function keep(s) hoarded = { hoarded, s } end\n" + with("keep"),
        "    local function keep(s) kept = { kept, s } end\n" + with("keep"),
        with("hoard.keep"),
    };
    for (const std::string& body : bodies) {
        CAPTURE(body);
        DataDir data({{"rules/lib/hoard.lua", library},
                      {"rules/aaa/hoard.lua", rule_file("aaa.hoard", "local kept\n", body)}});
        rules::RuleLimits limits;
        limits.memory_bytes = 8u << 20;  // quicker to fill than 64 MiB; the real rules need far less
        const auto engine = engine_of(data, limits);
        expect_others_untouched(*engine);
    }
}

TEST_CASE("a rule's globals, upvalues and library state do not survive into the next file") {
    DataDir data({{"rules/lib/tally.lua",
                   "local count, seen = 0, {}\nlocal tally = {}\n"
                   "function tally.bump(name) count = count + 1; seen[#seen + 1] = name\n"
                   "  return count, table.concat(seen, ',') end\nreturn tally\n"},
                  {"rules/aaa/state.lua",
                   rule_file("aaa.state", "local runs, names = 0, {}\n",
                             "    runs = runs + 1\n    counter = (counter or 0) + 1\n"
                             "    names[#names + 1] = submission.organisation.name\n"
                             "    first = first or submission.organisation.name\n"
                             "    local n, seen = tally.bump(submission.organisation.name)\n"
                             "    local text = runs .. ' ' .. counter .. ' ' .. n .. ' ' .. table.concat(names, ',') ..\n"
                             "                 ' ' .. first .. ' ' .. seen\n"
                             "    report{ at = '', sv = text, en = text }")}});
    const auto engine = engine_of(data);
    for (int round = 0; round < 2; ++round)
        for (const auto& sample : kSamples) {
            CAPTURE(round);
            CAPTURE(sample);
            const FileReport got = engine->validate_file(sample_path(sample));
            const std::string name(got.document->root()["organisation"]["name"].as_string());
            CHECK(own(got, "aaa.state") == std::vector<std::string>{"1 1 1 " + name + " " + name + " " + name});
        }
}

TEST_CASE("one request's submission never reaches another request's report (serve shares one engine)") {
    DataDir data({{"rules/aaa/spy.lua",
                   rule_file("aaa.spy", "",
                             "    local mine = submission.organisation.name\n"
                             "    local text = 'previous: ' .. tostring(last_name or '-')\n"
                             "    last_name = mine\n"
                             "    report{ at = '', sv = text, en = text }")}});
    const auto engine = engine_of(data);
    for (const auto& sample : kSamples) {
        CAPTURE(sample);
        const FileReport got = engine->validate_text(testing::read_text(sample_path(sample)), "request.json");
        CHECK(own(got, "aaa.spy") == std::vector<std::string>{"previous: -"});
    }
}

TEST_CASE("a large submission is the host's memory, not a rule's" * doctest::may_fail()) {
    // 20 000 more investment rows, all zero, so every sum (and so every
    // finding but the row-level ones) stays as it was. Converted for the
    // rules the rows take far more than 4 MiB; the rules themselves need
    // much less, so with --rule-memory 4 MiB every rule still runs.
    std::string text = testing::read_text(sample_path("samples/vss-2024.json"));
    const std::size_t investments = text.find("\"investments\"");
    REQUIRE(investments != std::string::npos);
    const std::size_t rows = text.find("\"rows\": [", investments);
    REQUIRE(rows != std::string::npos);
    std::string extra;
    for (int i = 0; i < 20000; ++i)
        extra += "{\"name\": \"Rad " + std::to_string(i) +
                 "\", \"net\": {\"2024\": 0, \"2025\": 0, \"2026\": 0, \"2027\": 0, \"2028\": 0, \"2029\": 0}, "
                 "\"request\": false},";
    text.insert(rows + 9, extra);

    DataDir data({});
    rules::RuleLimits small;
    small.memory_bytes = 4u << 20;
    const auto engine = engine_of(data, small);
    const FileReport got = engine->validate_text(text, "large.json");
    const FileReport want = testing::repository_engine().validate_text(text, "large.json");
    CHECK(got.errors.empty());
    CHECK(want.errors.empty());
    for (const auto& f : got.findings) {
        CAPTURE(f.message.en);
        CHECK(f.rule_id != "engine.rule-error");
    }
    for (const auto& failure : got.rule_failures) {
        CAPTURE(failure.rule);
        CAPTURE(failure.reason.en);
        CHECK(false);
    }
    CHECK(others(got) == others(want));
}
