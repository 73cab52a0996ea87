// The text reporter's source line and caret: whole when the line fits, a
// window of a long line (a minified submission) around the column otherwise.
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

std::string spaces(std::size_t n) { return std::string(n, ' '); }

}  // namespace

TEST_CASE("a line that fits is shown whole, with the caret as before") {
    const std::string line = "\t\"år\": [1, 2, \"x\"],";
    auto e = text::caret_excerpt(line, 9);  // the '1'
    CHECK(e.text == line);
    CHECK(e.padding == "\t" + spaces(7));
    CHECK(e.caret);
    // At the limit: 160 code points are shown whole, even past the column.
    const std::string limit = repeat("å", text::kWholeLineCodePoints);
    e = text::caret_excerpt(limit, 160);
    CHECK(e.text == limit);
    CHECK(e.padding == spaces(159));
    // A column past the end puts the caret after the last character, as before.
    e = text::caret_excerpt("abc", 9);
    CHECK(e.text == "abc");
    CHECK(e.padding == spaces(3));
    CHECK(e.caret);
    e = text::caret_excerpt("abc", 0);
    CHECK(e.padding == "");
}

TEST_CASE("a long line is shown as a window of 100 code points around the column") {
    // 200 x, a euro sign (column 201), 200 y: 401 code points.
    const std::string line = repeat("x", 200) + "€" + repeat("y", 200);
    const auto e = text::caret_excerpt(line, 201);
    CHECK(e.text == "…" + repeat("x", 50) + "€" + repeat("y", 49) + "…");
    CHECK(utf8::count_code_points(e.text) == text::kWindowCodePoints + 2);
    CHECK(e.padding == spaces(51));  // the ellipsis and 50 x: the caret is under €
    CHECK(e.caret);
    // One past the limit is cut already.
    const auto cut = text::caret_excerpt(repeat("a", text::kWholeLineCodePoints + 1), 1);
    CHECK(cut.text == repeat("a", 100) + "…");
}

TEST_CASE("the window is cut on character boundaries") {
    // 300 two-byte characters: any byte cut would split one.
    const std::string line = repeat("é", 300);
    const auto e = text::caret_excerpt(line, 150);
    CHECK(e.text == "…" + repeat("é", 100) + "…");
    CHECK(utf8::valid_or_replaced(e.text) == e.text);
    CHECK(e.padding == spaces(1 + 50));
    // Four-byte characters at both cuts.
    const std::string emoji = "\xF0\x9F\x98\x80";
    const std::string mixed = repeat("a", 99) + emoji + repeat("b", 99) + emoji + repeat("c", 99);
    const auto m = text::caret_excerpt(mixed, 150);  // window: columns 100 to 199
    CHECK(m.text == "…" + emoji + repeat("b", 99) + "…");
    CHECK(m.padding == spaces(1 + 50));
}

TEST_CASE("near either end of a long line the window keeps its width") {
    const std::string line = repeat("a", 100) + repeat("b", 100) + repeat("c", 100);  // 300
    auto e = text::caret_excerpt(line, 10);
    CHECK(e.text == repeat("a", 100) + "…");  // nothing cut before
    CHECK(e.padding == spaces(9));
    e = text::caret_excerpt(line, 290);
    CHECK(e.text == "…" + repeat("c", 100));  // nothing cut after
    CHECK(e.padding == spaces(1 + 89));
    // The column just past the end: the caret after the last character.
    e = text::caret_excerpt(line, 301);
    CHECK(e.text == "…" + repeat("c", 100));
    CHECK(e.padding == spaces(1 + 100));
    CHECK(e.caret);
    // Further: the text is only the start of a longer line (a capped
    // snippet); it is marked as going on and no caret points at it.
    e = text::caret_excerpt(line, 5000);
    CHECK(e.text == "…" + repeat("c", 100) + "…");
    CHECK_FALSE(e.caret);
}

TEST_CASE("tabs before the column stay tabs in the padding of a window") {
    // A tab at column 120; the window for column 160 starts at column 110.
    const std::string line = repeat("a", 119) + "\t" + repeat("b", 150);
    const auto e = text::caret_excerpt(line, 160);
    CHECK(e.text == "…" + repeat("a", 10) + "\t" + repeat("b", 89) + "…");
    CHECK(e.padding == " " + spaces(10) + "\t" + spaces(39));
}

TEST_CASE("the text reporter shows a window of a minified submission's line") {
    // One line: {"rows": [0,1,2,...,1999]}; the finding points at 1500.
    std::string source = "{\"rows\": [";
    for (int i = 0; i < 2000; ++i) source += (i ? "," : "") + std::to_string(i);
    source += "]}";
    auto parsed = json::parse(source);
    REQUIRE(parsed.document);
    const json::Value target = parsed.document->root()["rows"].at(1500);
    const json::Position at = target.position();
    REQUIRE(at.line == 1);

    output::RunReport run;
    FileReport file;
    file.file = "min.json";
    file.document = std::shared_ptr<const json::Document>(std::move(parsed.document));
    Finding f;
    f.rule_id = "test.rule";
    f.severity = Severity::Warning;
    f.location = {target.pointer(), at.line, at.column};
    f.message = {"Värdet är fel.", "The value is wrong."};
    file.findings.push_back(f);
    run.files.push_back(std::move(file));

    std::ostringstream out;
    output::make_reporter("text")->write(run, output::OutputOptions{}, out);
    std::istringstream lines(out.str());
    std::string heading, shown, caret;
    std::getline(lines, heading);
    std::getline(lines, shown);
    std::getline(lines, caret);
    CHECK(heading == "min.json:1:" + std::to_string(at.column) + ": varning: Värdet är fel. [test.rule]");
    const std::string_view whole = run.files[0].document->line_text(1);
    const std::string expected = "…" + std::string(whole.substr(at.column - 1 - 50, 100)) + "…";
    CHECK(shown == " 1 | " + expected);
    CHECK(expected.substr(std::string_view("…").size() + 50, 4) == "1500");
    CHECK(caret == "   | " + spaces(51) + "^");
    CHECK(out.str().size() < 400);
}

TEST_CASE("an input error's capped snippet of a long line gets no misplaced caret") {
    output::RunReport run;
    FileReport file;
    file.file = "min.json";
    InputError e;
    e.file = "min.json";
    e.line = 1;
    e.column = 100000;
    e.code = "json.syntax";
    e.message = {"här ska det stå ',' eller ']' men det står 'x'", "expected ',' or ']' but found 'x'"};
    e.snippet = repeat("1,", 200);  // the first 400 bytes of the line
    file.errors.push_back(e);
    run.files.push_back(std::move(file));
    std::ostringstream out;
    output::OutputOptions options;
    options.lang = "en";
    output::make_reporter("text")->write(run, options, out);
    CHECK(out.str() ==
          "min.json:1:100000: input error: expected ',' or ']' but found 'x' [json.syntax]\n"
          " 1 | …" + repeat("1,", 50) + "…\n"
          "min.json: not checked (input error)\n");
}
