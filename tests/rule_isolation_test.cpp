// Issue 12 items 3 and 6 through the whole engine: rules cannot poison each
// other, later files or other users' requests, and the submission (the
// host's read-only document) is not charged to any rule's memory cap.
// Every expectation is "the other rules' findings are exactly those of a
// clean engine, and no rule failed".
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
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

TEST_CASE("a library runs once per host: its tables are read-only, its upvalues start over every rule run") {
    // Sealed after loading (engine/lua/instances.hpp): a table that held
    // something is read-only, an empty one and every other upvalue are as
    // loading left them at the start of every rule run, in every file.
    const std::string library = "local settings = { limit = 3 }\nlocal cache = {}\nlocal count = 0\n"
                                "local keep = {}\n"
                                "function keep.bump() count = count + 1; cache[#cache + 1] = count; return count, #cache end\n"
                                "function keep.set_limit() settings.limit = 99 end\n"
                                "function keep.set_global() leaked = 1 end\n"
                                "function keep.limit() return settings.limit end\n"
                                "return keep\n";
    const std::string body = "    keep.bump()\n    local a, b = keep.bump()\n"
                             "    local ok1, e1 = pcall(keep.set_limit)\n    local ok2, e2 = pcall(keep.set_global)\n"
                             "    local text = a .. ' ' .. b .. ' ' .. tostring(ok1) .. ' ' .. e1:gsub('^.-:%d+: ', '') ..\n"
                             "      ' ' .. tostring(ok2) .. ' ' .. e2:gsub('^.-:%d+: ', '') .. ' ' .. keep.limit()\n"
                             "    report{ at = '', sv = text, en = text }";
    DataDir data({{"rules/lib/keep.lua", library},
                  {"rules/aaa/first.lua", rule_file("aaa.first", "", body)},
                  {"rules/aaa/second.lua", rule_file("aaa.second", "", body)}});
    const auto engine = engine_of(data);
    const std::vector<std::string> want = {
        "2 2 false the library 'keep' is read-only false the library 'keep' is read-only 3"};
    for (int round = 0; round < 2; ++round)
        for (const auto& sample : kSamples) {
            CAPTURE(round);
            CAPTURE(sample);
            const FileReport got = engine->validate_file(sample_path(sample));
            CHECK(own(got, "aaa.first") == want);
            CHECK(own(got, "aaa.second") == want);
            CHECK(got.rule_failures.empty());
            CHECK(others(got) == others(testing::repository_engine().validate_file(sample_path(sample))));
        }
}

TEST_CASE("a library that keeps an iterator made while loading does not load") {
    // Its position would carry state from one rule run to the next.
    DataDir data(std::vector<std::pair<std::string, std::string>>{
        {"rules/lib/words.lua", "local it = string.gmatch('a b c', '%a')\nlocal words = {}\n"
                                "function words.next() return it() end\nreturn words\n"}});
    EngineConfig config;
    config.data_dir = data.dir.string();
    auto created = Engine::create(config);
    auto* errors = std::get_if<std::vector<InputError>>(&created);
    REQUIRE(errors != nullptr);
    REQUIRE(errors->size() == 1);
    CHECK((*errors)[0].code == "library.load-error");
    CHECK((*errors)[0].message.en ==
          "could not make the library read-only: the library keeps a value whose state cannot be put back between "
          "runs (e.g. a string.gmatch iterator made while the file loaded)");
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

// The vss-2024 sample with `n` more investment rows, all zero, so every sum
// (and so every finding but the row-level ones) stays as it was.
std::string with_rows(int n) {
    std::string text = testing::read_text(sample_path("samples/vss-2024.json"));
    const std::size_t investments = text.find("\"investments\"");
    REQUIRE(investments != std::string::npos);
    const std::size_t rows = text.find("\"rows\": [", investments);
    REQUIRE(rows != std::string::npos);
    std::string extra;
    for (int i = 0; i < n; ++i)
        extra += "{\"name\": \"Rad " + std::to_string(i) +
                 "\", \"net\": {\"2024\": 0, \"2025\": 0, \"2026\": 0, \"2027\": 0, \"2028\": 0, \"2029\": 0}, "
                 "\"request\": false},";
    text.insert(rows + 9, extra);
    return text;
}

TEST_CASE("a large submission is the host's memory, not a rule's") {
    // Converted for the rules, 20 000 rows take far more than 4 MiB; the
    // rules themselves need much less, so with --rule-memory 4 MiB every
    // rule still runs (the case, 300 000 rows against the default
    // 64 MiB, scaled down to keep the test quick).
    const std::string text = with_rows(20000);
    DataDir data({});
    rules::RuleLimits small;
    small.memory_bytes = 4u << 20;
    const auto engine = engine_of(data, small);
    const FileReport got = engine->validate_text(text, "large.json");
    const FileReport want = testing::repository_engine().validate_text(text, "large.json");
    CHECK(got.errors.empty());
    CHECK(want.errors.empty());
    CHECK(got.rule_failures.empty());
    CHECK(want.rule_failures.empty());
    for (const auto& failure : got.rule_failures) CAPTURE(failure.reason.en);
    CHECK(others(got) == others(want));
    // The real findings are there: those of the file without the rows.
    const FileReport plain = testing::repository_engine().validate_file(sample_path("samples/vss-2024.json"));
    REQUIRE(!plain.findings.empty());
    for (const auto& f : plain.findings) {
        CAPTURE(shown(f));
        CHECK(std::count_if(got.findings.begin(), got.findings.end(), [&](const Finding& g) {
                  return g.rule_id == f.rule_id && g.message.en == f.message.en;
              }) >= 1);
    }
}

TEST_CASE("a rule's instruction budget grows with the submission, so a large one blames no rule") {
    // The 300 000 rows against 20 000 000 instructions, scaled down:
    // 20 000 rows (201 332 values) against 1 000 000. The shipped rules that
    // read every row (plan.period, investment.within-frame, ...) need about
    // 30-45 instructions per value here, far more than 1 000 000 in all.
    const std::string text = with_rows(20000);
    DataDir data({});
    rules::RuleLimits fixed;
    fixed.instructions = 1'000'000;
    fixed.instructions_per_value = 0;  // as before: the budget did not grow
    const FileReport before = engine_of(data, fixed)->validate_text(text, "large.json");
    CHECK(before.rule_failures.size() >= 4);
    for (const auto& failure : before.rule_failures) CHECK(failure.kind == rules::FailureKind::Instructions);

    rules::RuleLimits grown = fixed;
    grown.instructions_per_value = rules::kDefaultInstructionsPerValue;
    const FileReport got = engine_of(data, grown)->validate_text(text, "large.json");
    const FileReport want = testing::repository_engine().validate_text(text, "large.json");
    for (const auto& failure : got.rule_failures) CHECK_MESSAGE(false, rules::failure_message(failure).en);
    CHECK(got.errors.empty());
    CHECK(want.rule_failures.empty());
    REQUIRE(!want.findings.empty());
    std::vector<std::string> got_all, want_all;
    for (const auto& f : got.findings) got_all.push_back(shown(f));
    for (const auto& f : want.findings) want_all.push_back(shown(f));
    CHECK(got_all == want_all);
}

TEST_CASE("a rule that loops forever on a large submission stops on its grown budget, named in the failure") {
    // A loop over the rows that never ends: stopped by the instruction
    // budget (1 000 000 + 250 × 201 332 values), long before the CPU-time
    // limit that grew alike, with that budget in the reason.
    DataDir data({{"rules/aaa/forever.lua",
                   rule_file("aaa.forever", "",
                             "    local rows = submission.investments.rows\n"
                             "    while true do for _, row in ipairs(rows) do local _ = row.net end end")}});
    rules::RuleLimits limits;
    limits.instructions = 1'000'000;
    limits.instructions_per_value = 250;
    const FileReport got = engine_of(data, limits)->validate_text(with_rows(20000), "large.json");
    REQUIRE(got.rule_failures.size() == 1);
    const rules::RuleFailure& f = got.rule_failures[0];
    CHECK(f.rule == "aaa.forever");
    CHECK(f.kind == rules::FailureKind::Instructions);
    CHECK(f.reason.en == "the instruction budget (1,000,000 + 250 × 201,332 values) ran out (an endless loop?)");
    CHECK(f.reason.sv == "instruktionsbudgeten (1 000 000 + 250 × 201 332 värden) tog slut (en oändlig loop?)");
}

TEST_CASE("documents over the host's own bound are an input error on the file, not a rule's failure") {
    // 1 MiB for both documents: 5 000 rows do not fit. Whichever rule reads
    // them first, and even one that catches the error, is not blamed.
    DataDir data({{"rules/aaa/swallow.lua",
                   rule_file("aaa.swallow", "",
                             "    pcall(function() for _, row in ipairs(submission.investments.rows) do\n"
                             "      local _ = row.net['2024'] end end)\n"
                             "    report{ at = '', sv = 'kvar', en = 'still here' }")}});
    rules::RuleLimits limits;
    limits.document_memory_bytes = 1u << 20;
    const auto engine = engine_of(data, limits);
    const FileReport got = engine->validate_text(with_rows(5000), "large.json");
    CHECK(got.rule_failures.empty());
    REQUIRE(got.errors.size() == 1);
    CHECK(got.errors[0].file == "large.json");
    CHECK(got.errors[0].code == "limit.document-memory");
    CHECK(got.errors[0].message.en ==
          "the rules did not run to the end: the submission and the policy need more than 1 MiB as Lua values "
          "(the host's memory limit for documents, which grows with --max-file-size); no rule is blamed");
    CHECK(own(got, "aaa.swallow").empty());
    for (const auto& f : got.findings) CHECK(f.rule_id != rules::kRuleErrorId);
}
