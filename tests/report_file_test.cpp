// --output files: exclusive temporary file beside the target, then rename;
// devices and FIFOs written directly, never replaced; links at the temporary
// name never followed; one file in two spellings recognised; a signal during
// the write leaves no temporary file.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "output/report_file.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

using testing::TempDir;

std::string content_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a report replaces a regular file whole, keeps its mode and leaves nothing beside it") {
    TempDir tmp{"report-file-test"};
    const std::string target = tmp / "r.json";
    CHECK_FALSE(output::write_report_file(target, "first"));
    CHECK(content_of(target) == "first");
    ::chmod(target.c_str(), 0640);
    CHECK_FALSE(output::write_report_file(target, "second, longer"));
    CHECK(content_of(target) == "second, longer");
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(tmp.entries() == 1);
}

TEST_CASE("a symbolic link planted where the temporary file would go is never followed") {
    TempDir tmp{"report-file-test"};
    const std::string victim = tmp / "victim.txt";
    std::ofstream(victim) << "keep me";
    // The old name was predictable (r.json.tmp.<pid>): plant links at every such name we can think of.
    for (const std::string& name : {"r.json.tmp." + std::to_string(::getpid()), std::string(".r.json.tmp-XXXXXX"),
                                     std::string(".r.json.tmp")})
        fs::create_symlink(victim, tmp / name);
    CHECK_FALSE(output::write_report_file(tmp / "r.json", "report"));
    CHECK(content_of(victim) == "keep me");
    CHECK(content_of(tmp / "r.json") == "report");
}

TEST_CASE("a symbolic link at the target is replaced by the report, its target untouched") {
    TempDir tmp{"report-file-test"};
    std::ofstream(tmp / "elsewhere.txt") << "keep me";
    fs::create_symlink(tmp / "elsewhere.txt", tmp / "r.json");
    CHECK_FALSE(output::write_report_file(tmp / "r.json", "report"));
    CHECK_FALSE(fs::is_symlink(tmp / "r.json"));
    CHECK(content_of(tmp / "r.json") == "report");
    CHECK(content_of(tmp / "elsewhere.txt") == "keep me");
}

TEST_CASE("devices and FIFOs are written directly, never replaced") {
    // Never the real /dev/null or /dev/full: as root, a regression would
    // replace them for the whole machine. Device nodes of our own, where
    // this system lets us make them.
    TempDir devices{"report-file-test"};
    const std::string null = devices / "null", full = devices / "full";
    struct stat st {};
    if (::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0 && ::access(null.c_str(), W_OK) == 0 &&
        ::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) {
        CHECK_FALSE(output::write_report_file(null, "into the void"));
        REQUIRE(::lstat(null.c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
        // A full device: the write fails (ENOSPC) and the device stays a device.
        const auto problem = output::write_report_file(full, "x");
        REQUIRE(problem);
        CHECK(problem->en == "cannot write the report: No space left on device");
        CHECK(problem->sv == "rapporten kan inte skrivas: disken är full");
        REQUIRE(::lstat(full.c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
    } else {
        MESSAGE("device nodes cannot be made here: only the FIFO is tested");
    }
    TempDir tmp{"report-file-test"};
    const std::string fifo = tmp / "pipe.json";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Nobody reads: refused at once rather than hanging.
    const auto unread = output::write_report_file(fifo, "x");
    REQUIRE(unread);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    CHECK_FALSE(output::write_report_file(fifo, "through the pipe"));
    char buffer[64] = {};
    CHECK(::read(reader, buffer, sizeof buffer) == 16);
    CHECK(std::string(buffer) == "through the pipe");
    ::close(reader);
    REQUIRE(::lstat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    // A directory is refused.
    const auto directory = output::write_report_file(tmp.path.string(), "x");
    REQUIRE(directory);
    CHECK(directory->sv == "rapporten kan inte skrivas: det är en mapp");
}

TEST_CASE("a signal during the write removes the temporary file") {
    TempDir tmp{"report-file-test"};
    const std::string target = tmp / "r.json";
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // The signal arrives while the temporary file exists.
            output::write_report_file(target, "report", [signal] { ::kill(::getpid(), signal); });
            ::_exit(0);  // not reached: the signal ends the process
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == signal);
        CHECK(tmp.entries() == 0);
    }
}

TEST_CASE("one file in different spellings has one identity") {
    TempDir tmp{"report-file-test"};
    fs::create_directories(tmp.path / "sub");
    const auto here = fs::current_path();
    fs::current_path(tmp.path);
    CHECK(output::file_identity("r.json") == output::file_identity("./r.json"));        // not yet there
    CHECK(output::file_identity("r.json") == output::file_identity("sub/../r.json"));
    CHECK(output::file_identity("r.json") == output::file_identity(tmp / "r.json"));
    fs::create_symlink("r.json", "link.json");  // a link to a report not yet written
    CHECK(output::file_identity("r.json") == output::file_identity("link.json"));
    fs::create_symlink("loop1.json", "loop2.json");
    fs::create_symlink("loop2.json", "loop1.json");
    CHECK(output::file_identity("loop1.json") != output::file_identity("r.json"));  // ends, whatever it says
    std::ofstream("r.json") << "{}";
    CHECK(output::file_identity("r.json") == output::file_identity("./r.json"));
    CHECK(output::file_identity("r.json") == output::file_identity("link.json"));
    CHECK(output::file_identity("r.json") != output::file_identity("s.json"));
    fs::current_path(here);
}

TEST_CASE("the format an --output file's extension names") {
    CHECK(output::format_for_extension("report.json") == "json");
    CHECK(output::format_for_extension("out/results.SARIF") == "sarif");
    CHECK(output::format_for_extension("junit.xml") == "junit");
    CHECK(output::format_for_extension("report.html") == "html");
    CHECK(output::format_for_extension("report.htm") == "html");
    CHECK(output::format_for_extension("report.txt") == "text");
    CHECK(output::format_for_extension("build.log") == "text");
    CHECK(output::format_for_extension("report") == "");
    CHECK(output::format_for_extension("report.md") == "");
    CHECK(output::extension_fits("gl-code-quality-report.json", "gitlab"));
    CHECK(output::extension_fits("results.json", "sarif"));
    CHECK(output::extension_fits("annotations.txt", "github"));
    CHECK(output::extension_fits("report", "html"));
    CHECK_FALSE(output::extension_fits("report.html", "text"));
    CHECK_FALSE(output::extension_fits("report.json", "html"));
    CHECK_FALSE(output::extension_fits("junit.xml", "json"));
    CHECK_FALSE(output::extension_fits("results.sarif", "json"));
}
