// Reports written file by file (issue 14, item 10): the batch hands each
// report over in input order with at most 2 x jobs waiting, and every format
// streamed that way gives the bytes write() gives for the whole run.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>

#include "../bench/generator.hpp"
#include "batch.hpp"
#include "output/report_file.hpp"
#include "output/reporter.hpp"
#include "output/spool.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

using testing::TempDir;

std::string samples() { return std::string(BUDGETCHECK_SOURCE_DIR) + "/samples"; }

// 24 generated files (some pass, some fail) and one broken one, in a folder.
std::vector<batch::Input> generated_inputs(const TempDir& tmp) {
    std::vector<batch::Input> inputs;
    for (unsigned seed = 1; seed <= 24; ++seed) {
        const std::string name = "f" + std::to_string(100 + seed) + ".json";
        inputs.push_back({tmp.write(name, bench::generate(seed % 3 == 0 ? bench::Kind::Small : bench::Kind::Typical,
                                                          seed, samples())),
                          std::nullopt});
    }
    inputs.insert(inputs.begin() + 7, batch::Input{tmp.write("broken.json", "{\"a\": 1,\n \"a\": 2}"), std::nullopt});
    return inputs;
}

batch::Options options_for(unsigned jobs) {
    batch::Options options;
    options.jobs = jobs;
    options.keep_documents = true;  // html reads the documents
    return options;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("validate_each delivers every report once, in input order, with at most 2 x jobs waiting") {
    TempDir tmp{"streaming-order"};
    const auto inputs = generated_inputs(tmp);
    for (const unsigned jobs : {1u, 2u, 3u, 8u}) {
        CAPTURE(jobs);
        std::mutex mutex;
        std::size_t checked = 0, delivered = 0, most_waiting = 0;
        batch::Options options;
        options.jobs = jobs;
        // Runs in the worker once a file is checked: reports checked but not
        // yet delivered are the ones waiting in memory.
        options.finish = [&](FileReport&) {
            std::lock_guard lock(mutex);
            ++checked;
            most_waiting = std::max(most_waiting, checked - delivered);
        };
        std::vector<std::string> order;
        batch::validate_each(testing::repository_engine(), inputs, options, [&](std::size_t i, FileReport& report) {
            CHECK(i == order.size());
            CHECK(report.file == inputs[i].path);
            order.push_back(report.file);
            std::lock_guard lock(mutex);
            ++delivered;
        });
        CHECK(order.size() == inputs.size());
        CHECK(most_waiting >= 1);
        CHECK(most_waiting <= 2 * jobs);
    }
}

TEST_CASE("every format streamed file by file gives the bytes of the whole-run write, for any --jobs") {
    TempDir tmp{"streaming-formats"};
    const auto inputs = generated_inputs(tmp);
    const Engine& engine = testing::repository_engine();
    output::RunReport whole;
    whole.rules = &engine.rules();
    whole.files = batch::validate_all(engine, inputs, options_for(1));
    whole.skipped_rules = {"budget.example"};
    // JUnit's timestamp: fixed, so the two writes cannot straddle a second.
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    const std::optional<std::string> saved = epoch ? std::optional<std::string>(epoch) : std::nullopt;
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    for (const auto& format : output::reporter_names()) {
        CAPTURE(format);
        for (const char* lang : {"sv", "en"}) {
            output::OutputOptions options;
            options.lang = lang;
            std::ostringstream expected;
            output::make_reporter(format)->write(whole, options, expected);
            for (const unsigned jobs : {1u, 3u}) {
                CAPTURE(jobs);
                output::RunReport run;  // no files: they stream
                run.rules = whole.rules;
                run.skipped_rules = whole.skipped_rules;
                const auto reporter = output::make_reporter(format);
                std::ostringstream streamed;
                output::RunSummary summary = output::summarize(run);
                reporter->begin(run, options, streamed);
                batch::validate_each(engine, inputs, options_for(jobs),
                                     [&](std::size_t, FileReport& file) {
                                         const auto s = output::summarize(file, run.fail_on);
                                         summary.add(s);
                                         reporter->file(file, s, streamed);
                                     });
                reporter->end(summary, streamed);
                CHECK(streamed.str() == expected.str());
            }
        }
    }
    if (saved) ::setenv("SOURCE_DATE_EPOCH", saved->c_str(), 1);
    else ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("a run summary counts files without keeping them") {
    output::RunReport run;
    run.files.push_back(testing::repository_engine().validate_text("{\"a\": 1,\n \"a\": 2}", "broken.json"));
    run.files.push_back(run.files.front());
    const output::RunSummary s = output::summarize(run);
    CHECK(s.files == 2);
    CHECK(s.not_checked == 2);
    CHECK(s.verdict == output::Verdict::NotChecked);
    CHECK(s.exit_code == 2);
}

TEST_CASE("a spool over its memory limit keeps every byte, in order") {
    output::Spool spool;
    std::string expected;
    for (int k = 0; expected.size() < 3 * output::Spool::kMemoryBytes; ++k) {
        const std::string part = "part " + std::to_string(k) + std::string(static_cast<std::size_t>(k % 5000), 'x') + "\n";
        spool.append(part);
        expected += part;
    }
    std::ostringstream out;
    spool.copy_to(out);
    CHECK(out.str() == expected);
    // Empty afterwards, and usable again.
    spool.append("again");
    std::ostringstream second;
    spool.copy_to(second);
    CHECK(second.str() == "again");
}

TEST_CASE("report files stream side by side; one not committed leaves its target as it was") {
    TempDir tmp{"streaming-files"};
    const std::string kept = tmp.write("kept.txt", "before");
    {
        output::ReportFile a(tmp / "a.json"), b(kept), c(tmp / "c.txt");
        REQUIRE_FALSE(a.open());
        REQUIRE_FALSE(b.open());
        REQUIRE_FALSE(c.open());
        for (int k = 0; k < 100000; ++k) {  // more than the write buffer
            a.stream() << k << '\n';
            c.stream() << 'c';
        }
        b.stream() << "half a report";
        CHECK_FALSE(std::filesystem::exists(tmp / "a.json"));  // not before commit
        CHECK_FALSE(a.commit());
        CHECK_FALSE(c.commit());
        // b is destroyed without commit (a run that failed half-way).
    }
    std::string expected;
    for (int k = 0; k < 100000; ++k) expected += std::to_string(k) + '\n';
    CHECK(read_all(tmp / "a.json") == expected);
    CHECK(read_all(tmp / "c.txt") == std::string(100000, 'c'));
    CHECK(read_all(kept) == "before");
    CHECK(tmp.entries() == 3);  // no temporary file left
}
