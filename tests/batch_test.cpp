// Batch validation: input expansion, parallel == serial, one broken file
// among good ones, documents released but their snippet lines kept.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../bench/generator.hpp"
#include "batch.hpp"
#include "output/reporter.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

using testing::TempDir;

std::string report_text(const std::vector<FileReport>& files, const std::string& format) {
    output::RunReport run;
    run.files = files;
    run.rules = &testing::repository_engine().rules();
    std::ostringstream out;
    output::make_reporter(format)->write(run, output::OutputOptions{}, out);
    return out.str();
}

std::string samples() { return std::string(BUDGETCHECK_SOURCE_DIR) + "/samples"; }

}  // namespace

TEST_CASE("inputs expand in the order given, sorted within a directory or glob") {
    TempDir tmp{"batch-test"};
    tmp.write("d/b.json", "{}");
    tmp.write("d/a.json", "{}");
    tmp.write("d/sub/c.json", "{}");
    tmp.write("d/notes.txt", "x");
    tmp.write("d/.hidden/e.json", "{}");
    tmp.write("d/.f.json", "{}");
    tmp.write("g/x2.json", "{}");
    tmp.write("g/x1.json", "{}");
    tmp.write("g/y1.json", "{}");
    fs::create_directories(tmp.path / "empty");
    const std::string d = (tmp.path / "d").string(), g = (tmp.path / "g").string();

    const auto inputs = batch::expand_inputs({g + "/y1.json", d, g + "/x*.json", (tmp.path / "missing.json").string(),
                                              g + "/z*.json", (tmp.path / "empty").string()});
    std::vector<std::string> paths;
    for (const auto& input : inputs) paths.push_back(input.path);
    CHECK(paths == std::vector<std::string>{g + "/y1.json", d + "/a.json", d + "/b.json", d + "/sub/c.json",
                                            g + "/x1.json", g + "/x2.json", (tmp.path / "missing.json").string(),
                                            g + "/z*.json", (tmp.path / "empty").string()});
    for (std::size_t i = 0; i < 7; ++i) CHECK_FALSE(inputs[i].error);
    REQUIRE(inputs[7].error);
    CHECK(inputs[7].error->code == "io.no-match");
    REQUIRE(inputs[8].error);
    CHECK(inputs[8].error->code == "io.directory");
}

TEST_CASE("parallel results equal serial results, in input order") {
    TempDir tmp{"batch-test"};
    std::vector<std::string> args;
    for (std::uint64_t seed = 1; seed <= 24; ++seed)
        args.push_back(tmp.write("typical-" + std::to_string(100 + seed) + ".json",
                                 bench::generate(seed % 4 == 0 ? bench::Kind::Small : bench::Kind::Typical, seed,
                                                 samples())));
    const auto inputs = batch::expand_inputs(args);
    REQUIRE(inputs.size() == 24);
    const auto& engine = testing::repository_engine();

    batch::Options serial;
    serial.jobs = 1;
    const auto one = batch::validate_all(engine, inputs, serial);
    batch::Options parallel;
    parallel.jobs = 4;
    std::size_t calls = 0, last = 0;
    parallel.progress = [&](std::size_t done, std::size_t total) {
        ++calls;
        CHECK(done == last + 1);  // serialised, counting up
        CHECK(total == 24);
        last = done;
    };
    const auto four = batch::validate_all(engine, inputs, parallel);
    CHECK(calls == 24);

    REQUIRE(one.size() == 24);
    REQUIRE(four.size() == 24);
    std::size_t passed = 0, with_findings = 0;
    for (std::size_t i = 0; i < 24; ++i) {
        CAPTURE(i);
        CHECK(one[i].file == args[i]);
        CHECK(four[i].file == args[i]);
        CHECK(one[i].errors.empty());
        CHECK(one[i].policy_pack == four[i].policy_pack);
        CHECK(one[i].findings.size() == four[i].findings.size());
        passed += output::file_fails(one[i], output::FailOn::Error) ? 0 : 1;
        with_findings += one[i].findings.empty() ? 0 : 1;
        // Generated documents are schema-valid, so the rules ran.
        CHECK_FALSE(one[i].policy_pack.empty());
        for (const auto& f : one[i].findings) CHECK(f.rule_id.rfind("schema.", 0) != 0);
    }
    // The generator varies its files: some pass, some fail.
    CHECK(passed > 0);
    CHECK(passed < 24);
    CHECK(with_findings == 24);
    CHECK(report_text(one, "json") == report_text(four, "json"));
    CHECK(report_text(one, "text") == report_text(four, "text"));

    // The same as validating each file alone with its document kept.
    for (std::size_t i = 0; i < 24; i += 5) {
        std::vector<FileReport> single{engine.validate_file(args[i])};
        CHECK(report_text(single, "text") == report_text({four[i]}, "text"));
    }
}

TEST_CASE("one broken or unreadable file among good ones is reported and stops nothing") {
    TempDir tmp{"batch-test"};
    const std::string good1 = tmp.write("a.json", bench::generate(bench::Kind::Typical, 3, samples()));
    const std::string broken = tmp.write("b.json", "{\"format_version\": \"1.0\",\n  \"unit\": ");
    const std::string good2 = tmp.write("c.json", bench::generate(bench::Kind::Small, 4, samples()));
    const std::string missing = (tmp.path / "gone.json").string();
    const std::string good3 = tmp.write("d.json", bench::generate(bench::Kind::Typical, 5, samples()));
    for (unsigned jobs : {1u, 3u}) {
        CAPTURE(jobs);
        batch::Options options;
        options.jobs = jobs;
        const auto reports = batch::validate_all(testing::repository_engine(),
                                                 batch::expand_inputs({good1, broken, good2, missing, good3}), options);
        REQUIRE(reports.size() == 5);
        for (std::size_t i : {0, 2, 4}) {
            CHECK(reports[i].errors.empty());
            CHECK_FALSE(reports[i].policy_pack.empty());
        }
        REQUIRE(reports[1].errors.size() == 1);
        CHECK(reports[1].errors[0].code == "json.truncated");
        CHECK(reports[1].errors[0].line == 2);
        REQUIRE(reports[3].errors.size() == 1);
        CHECK(reports[3].errors[0].code == "io.not-found");
        output::RunReport run;
        run.files = reports;
        CHECK(output::exit_code(run) == 2);
    }
}

TEST_CASE("released documents keep exactly the lines their findings point at") {
    const auto& engine = testing::repository_engine();
    FileReport report = engine.validate_text(bench::generate(bench::Kind::Typical, 7, samples()), "t.json");
    REQUIRE(report.document);
    REQUIRE_FALSE(report.findings.empty());
    const auto document = report.document;
    report.release_document();
    CHECK_FALSE(report.document);
    std::set<std::uint32_t> lines;
    for (const auto& f : report.findings)
        if (f.location.line) lines.insert(f.location.line);
    CHECK(report.source_lines.size() == lines.size());
    for (const auto line : lines) {
        CHECK(report.has_line(line));
        CHECK(report.line_text(line) == document->line_text(line));
    }
    CHECK_FALSE(report.has_line(0));
    CHECK(report.line_text(1'000'000).empty());
    // Released or not, a report reads the same.
    FileReport kept = engine.validate_text(bench::generate(bench::Kind::Typical, 7, samples()), "t.json");
    CHECK(report_text({kept}, "json") == report_text({report}, "json"));
}

TEST_CASE("jobs beyond the number of files and empty input lists are fine") {
    batch::Options options;
    options.jobs = 16;
    CHECK(batch::validate_all(testing::repository_engine(), {}, options).empty());
    const auto one = batch::validate_all(testing::repository_engine(),
                                         batch::expand_inputs({samples() + "/vss-2024.json"}), options);
    REQUIRE(one.size() == 1);
    CHECK(one[0].policy_pack == "linkoping-2024");
    CHECK(batch::default_jobs() >= 1);
}

TEST_CASE("a directory says what it could not check instead of passing without it") {
    TempDir tmp{"batch-test"};
    tmp.write("d/a.json", "{}");
    tmp.write("d/notes.txt", "x");
    fs::create_directories(tmp.path / "d/folder.json");         // a directory named *.json
    fs::create_symlink(tmp.path / "d/gone.txt", tmp.path / "d/dangling.json");
    fs::create_symlink(tmp.path / "d/loop.json", tmp.path / "d/loop.json");
    REQUIRE(::mkfifo((tmp.path / "d/pipe.json").c_str(), 0600) == 0);
    fs::create_symlink(tmp.path / "d", tmp.path / "d/back");    // a link to a directory: not followed
    tmp.write("d/locked/hidden-inside.json", "{}");
    fs::permissions(tmp.path / "d/locked", fs::perms::none);
    const bool root = ::geteuid() == 0;  // root lists any directory

    const std::string d = (tmp.path / "d").string();
    const auto inputs = batch::expand_inputs({d});
    std::vector<std::string> paths;
    for (const auto& input : inputs) paths.push_back(input.path);
    std::vector<std::string> want = {d + "/a.json", d + "/dangling.json", d + "/folder.json", d + "/locked",
                                     d + "/loop.json", d + "/pipe.json"};
    if (root) want[3] = d + "/locked/hidden-inside.json";
    CHECK(paths == want);

    const auto reports = batch::validate_all(testing::repository_engine(), inputs, {});
    REQUIRE(reports.size() == want.size());
    auto code = [&](std::size_t i) { return reports[i].errors.empty() ? std::string() : reports[i].errors.front().code; };
    CHECK(code(0).empty());
    CHECK(code(1) == "io.not-found");
    CHECK(reports[1].errors.front().message.en == "a symbolic link to a file that does not exist");
    CHECK(code(2) == "io.directory");
    if (!root) CHECK(code(3) == "io.unreadable");
    CHECK(code(4) == "io.unreadable");
    CHECK(code(5) == "io.not-regular");
    output::RunReport run;
    run.files = reports;
    CHECK(output::exit_code(run) == 2);
    fs::permissions(tmp.path / "d/locked", fs::perms::owner_all);
}
