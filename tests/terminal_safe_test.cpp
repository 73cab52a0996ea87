// Text from submissions and file names printed on terminals and CI logs:
// no control sequences, no bidi tricks, one visible character for each.
#include <doctest/doctest.h>

#include <sstream>

#include "output/reporter.hpp"
#include "test_support.hpp"
#include "text/terminal.hpp"
#include "text/utf8.hpp"

using namespace budgetcheck;

TEST_CASE("C0 and C1 controls, DEL and bidi characters become one visible character each") {
    using text::terminal_safe;
    CHECK(terminal_safe("plain åäö\ttab") == "plain åäö\ttab");
    CHECK(terminal_safe("a\x1b[2K\rGODKÄND") == "a\u241b[2K\u240dGODKÄND");
    CHECK(terminal_safe("\x1b]0;title\x07") == "\u241b]0;title\u2407");
    CHECK(terminal_safe("line\nnext") == "line\u240anext");
    CHECK(terminal_safe("line\nnext", true) == "line\nnext");
    CHECK(terminal_safe("line\r\nnext", true) == "line\r\nnext");
    CHECK(terminal_safe("line\r\nnext") == "line\u240d\u240anext");
    CHECK(terminal_safe(std::string("nul\0x", 5)) == "nul\u2400x");
    CHECK(terminal_safe("del\x7f") == "del\u2421");
    CHECK(terminal_safe("c1 \xc2\x9b" "31m") == "c1 \ufffd31m");         // U+009B, CSI
    CHECK(terminal_safe("raw \x9b" "31m") == "raw \ufffd31m");            // a raw C1 byte is no UTF-8
    for (const char* bidi : {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
                             "\u200e", "\u200f", "\u061c", "\u2028", "\u2029", "\u200b", "\ufeff"})
        CHECK_MESSAGE(terminal_safe(std::string("x") + bidi + "y") == "x\ufffdy", bidi);
    // One code point for one: carets stay aligned.
    const std::string hostile = "\x1b[31m\u202egoal\x07";
    CHECK(utf8::count_code_points(terminal_safe(hostile)) == utf8::count_code_points(hostile));
}

TEST_CASE("text and github reports neutralise controls from the submission and the file name") {
    FileReport file;
    file.file = "evil\n::error file=x::planted.json";
    Finding f;
    f.rule_id = "goals.named";
    f.severity = Severity::Error;
    f.location = Location{"/goals/0", 3, 5};
    f.message = Message{"Målet \x1b[1A\x1b[2K\r\x1b[32mGODKÄND\x1b]0;owned\x07 \u202eDNÄKDOG", "Goal"};
    file.findings.push_back(f);
    output::RunReport run;
    run.files.push_back(file);

    std::ostringstream text;
    output::make_reporter("text")->write(run, output::OutputOptions{}, text);
    CHECK(text.str().find('\x1b') == std::string::npos);
    CHECK(text.str().find('\x07') == std::string::npos);
    CHECK(text.str().find('\r') == std::string::npos);
    CHECK(text.str().find("\u202e") == std::string::npos);
    CHECK(text.str().find("evil\u240a::error") != std::string::npos);

    std::ostringstream github;
    output::make_reporter("github")->write(run, output::OutputOptions{}, github);
    std::istringstream lines(github.str());
    std::string line;
    int commands = 0;
    while (std::getline(lines, line)) {
        CAPTURE(line);
        CHECK(line.find('\x1b') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        if (line.rfind("::", 0) == 0) ++commands;
    }
    CHECK(commands == 1);  // the finding's own ::error, nothing planted by the file name
    CHECK(github.str().find("file=evil%0A%3A%3Aerror file=x%3A%3Aplanted.json,") != std::string::npos);
    CHECK(github.str().find("\nevil%0A%3A%3Aerror file=x%3A%3Aplanted.json: ") != std::string::npos);
    // Spaces before "::" do not make a command either.
    run.files[0].file = "  ::error::planted.json";
    std::ostringstream spaced;
    output::make_reporter("github")->write(run, output::OutputOptions{}, spaced);
    CHECK(spaced.str().find("\n  %3A%3Aerror%3A%3Aplanted.json: ") != std::string::npos);
}
