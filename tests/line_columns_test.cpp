// Carets on one long line (issue 14 item 9): text::LineColumns answers as
// utf8::byte_offset_of_column does without reading the line from its start
// for each finding, and the text report of many findings on one minified
// line is what a caret per finding gives. Timings: bench --hostile.
#include <doctest/doctest.h>

#include <sstream>

#include "output/reporter.hpp"
#include "text/caret.hpp"
#include "text/utf8.hpp"

using namespace budgetcheck;

namespace {

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("LineColumns gives utf8::byte_offset_of_column's offsets, in any order") {
    const std::vector<std::string> lines = {
        "",
        "abc",
        repeat("a", 1024),
        repeat("a", 1025),
        repeat("x\xC3\xA5\xE2\x82\xAC\xF0\x9F\x98\x80", 900),  // 1-, 2-, 3- and 4-byte code points
        "\x80\x80" + repeat("b\xC3", 1500),                   // stray continuation bytes, a cut sequence
    };
    for (const auto& line : lines) {
        CAPTURE(line.size());
        const std::uint64_t last = utf8::count_code_points(line) + 3;
        text::LineColumns forward(line);
        for (std::uint64_t column = 0; column <= last; ++column)
            REQUIRE(forward.offset_of(column) == utf8::byte_offset_of_column(line, std::max<std::uint64_t>(column, 1)));
        text::LineColumns backward(line);
        for (std::uint64_t column = last + 1; column-- > 0;)
            REQUIRE(backward.offset_of(column) == utf8::byte_offset_of_column(line, std::max<std::uint64_t>(column, 1)));
        CHECK(backward.code_points() == utf8::count_code_points(line));
    }
}

TEST_CASE("a caret from LineColumns is the caret of the line itself") {
    const std::string line = "{\"notes\": [" + repeat("{\"text\": 1, \"\xC3\xA5r\": \"\xE2\x82\xAC\"}, ", 400) + "]}";
    text::LineColumns columns(line);
    const std::uint64_t last = utf8::count_code_points(line) + 2;
    for (std::uint64_t step = 0; step * 7 < last; ++step) {  // backwards: checkpoints reused
        const std::uint64_t column = last - step * 7;
        CAPTURE(column);
        const auto want = text::caret_excerpt(line, column);
        const auto got = text::caret_excerpt(columns, column);
        CHECK(got.text == want.text);
        CHECK(got.padding == want.padding);
        CHECK(got.caret == want.caret);
    }
}

TEST_CASE("the text report of many findings on two long lines: each with its own caret") {
    const std::string first = "[" + repeat("1, ", 2000) + "1,";
    const std::string second = repeat("\"\xC3\xA5\", ", 1500) + "2]";
    auto parsed = json::parse(first + "\n" + second);
    REQUIRE(parsed.document);
    FileReport file;
    file.file = "long.json";
    file.document = std::shared_ptr<const json::Document>(std::move(parsed.document));
    const json::Value root = file.document->root();
    for (std::size_t i = 0; i < root.size(); i += 3) {
        const json::Position pos = root.at(i).position();
        file.findings.push_back(Finding{"bench.one-line", Severity::Error, Location{root.at(i).pointer(), pos.line, pos.column},
                                        Message{"fel", "wrong"}, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    }
    REQUIRE(file.findings.size() == 1168);
    std::string want;
    for (const auto& f : file.findings) {
        want += "long.json:" + std::to_string(f.location.line) + ":" + std::to_string(f.location.column) +
                ": fel: fel [bench.one-line]\n";
        const auto excerpt = text::caret_excerpt(file.line_text(f.location.line), f.location.column);
        want += " " + std::to_string(f.location.line) + " | " + excerpt.text + "\n";
        want += "   | " + excerpt.padding + "^\n";
    }
    output::RunReport run;
    run.files.push_back(file);
    std::ostringstream out;
    output::make_reporter("text")->write(run, output::OutputOptions{}, out);
    CHECK(out.str().substr(0, want.size()) == want);  // then the file's summary line
}
