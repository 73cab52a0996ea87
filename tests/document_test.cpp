// The loader: positions, pointers, exact numbers and every bad input.
#include <doctest/doctest.h>

#include <string>

#include "json/document.hpp"

using namespace budgetcheck::json;

namespace {
const Document& ok(const ParseResult& r) {
    REQUIRE_MESSAGE(r.document, (r.error ? r.error->message.en : std::string()));
    return *r.document;
}
ParseError bad(std::string text, ParseLimits limits = {}) {
    auto r = parse(std::move(text), limits);
    REQUIRE(!r.document);
    REQUIRE(r.error);
    return *r.error;
}
}  // namespace

TEST_CASE("values keep their line, column and pointer") {
    const auto r = parse("{\n  \"unit\": \"tkr\",\n  \"rows\": [1, {\"a/b\": 2.5, \"m~n\": true}],\n  \"år\": null\n}");
    const auto& doc = ok(r);
    CHECK(doc.root().position().line == 1);
    CHECK(doc.root().position().column == 1);
    const auto unit = doc.root()["unit"];
    CHECK(unit.as_string() == "tkr");
    CHECK(unit.position().line == 2);
    CHECK(unit.position().column == 11);
    CHECK(unit.pointer() == "/unit");
    const auto rows = doc.root()["rows"];
    REQUIRE(rows.size() == 2);
    CHECK(rows.at(0).pointer() == "/rows/0");
    const auto ab = rows.at(1)["a/b"];
    CHECK(ab.pointer() == "/rows/1/a~1b");
    CHECK(ab.number_text() == "2.5");
    CHECK(ab.position().line == 3);
    CHECK(ab.position().column == 23);
    CHECK(rows.at(1)["m~n"].pointer() == "/rows/1/m~0n");
    CHECK(doc.resolve("/rows/1/a~1b") == ab);
    CHECK(doc.resolve("/rows/1/m~0n").as_bool());
    CHECK_FALSE(doc.resolve("/rows/2").valid());
    CHECK_FALSE(doc.resolve("/rows/01").valid());
    CHECK_FALSE(doc.resolve("/missing").valid());
    // Columns count code points, as editors show them.
    const auto year = doc.root()["år"];
    CHECK(year.is_null());
    CHECK(year.position().column == 9);
    CHECK(doc.root().key_position(2).column == 3);  // "år", the third member
    CHECK(doc.line_text(2) == "  \"unit\": \"tkr\",");
}

TEST_CASE("numbers are kept as written and read exactly") {
    const auto r = parse("[29.4, 3e0, 3.0, 3.5, -0, 9223372036854775807, 9223372036854775808, 1e400]");
    const auto& doc = ok(r);
    const auto a = doc.root();
    CHECK(a.at(0).number_text() == "29.4");
    CHECK(a.at(1).as_integer() == 3);
    CHECK(a.at(2).as_integer() == 3);
    CHECK_FALSE(a.at(3).as_integer());
    CHECK(a.at(4).as_integer() == 0);
    CHECK(a.at(5).as_integer() == 9223372036854775807LL);
    CHECK_FALSE(a.at(6).as_integer());
    CHECK(a.at(7).number_text() == "1e400");
    CHECK(a.at(0).as_double() == doctest::Approx(29.4));
}

TEST_CASE("strings are decoded, including escapes and surrogate pairs") {
    const auto r = parse(R"(["a\"b\\c\/d\n", "\u00e5\u00C4", "\ud83d\ude00", "öl"])");
    const auto& doc = ok(r);
    CHECK(doc.root().at(0).as_string() == "a\"b\\c/d\n");
    CHECK(doc.root().at(1).as_string() == "åÄ");
    CHECK(doc.root().at(2).as_string() == "\xF0\x9F\x98\x80");
    CHECK(doc.root().at(3).as_string() == "öl");
}

TEST_CASE("bad input is an error with a position and a stable code") {
    auto e = bad("");
    CHECK(e.code == "json.empty");
    e = bad("{\"a\": 1,\n \"b\": [1, 2");
    CHECK(e.code == "json.truncated");
    e = bad("{\"a\": 1,\n \"a\": 2}");
    CHECK(e.code == "json.duplicate-key");
    CHECK(e.position.line == 2);
    CHECK(e.position.column == 2);
    CHECK(e.message.en == "duplicate member \"a\" (first defined at line 1, column 2); a JSON object may name each member once");
    e = bad(std::string("\xFF\xFE{\0}\0", 6));  // UTF-16 LE (a UTF-8 BOM is skipped: input_errors_test)
    CHECK(e.code == "json.encoding");
    e = bad("{\"a\": \"x\xC3\x28\"}");
    CHECK(e.code == "json.invalid-utf8");
    CHECK(e.position.column == 9);
    e = bad("[\"\xED\xA0\x80\"]");  // an encoded surrogate is not UTF-8
    CHECK(e.code == "json.invalid-utf8");
    e = bad("[\"\\ud800\"]");
    CHECK(e.code == "json.lone-surrogate");
    e = bad("[\"\\udc00x\"]");
    CHECK(e.code == "json.lone-surrogate");
    e = bad(std::string("[\"a\0b\"]", 7));
    CHECK(e.code == "json.control-character");
    e = bad("[01]");
    CHECK(e.code == "json.syntax");
    e = bad("[1,]");
    CHECK(e.code == "json.syntax");
    e = bad("{} x");
    CHECK(e.code == "json.trailing");
    e = bad("not json");
    CHECK(e.code == "json.syntax");
    CHECK(e.position.column == 1);
    e = bad("[" + std::string(10000, '1') + "]");
    CHECK(e.code == "limit.number-length");
}

TEST_CASE("absurd nesting is refused without recursion") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto e = bad(deep);
    CHECK(e.code == "limit.depth");
    CHECK(e.position.column == 513);
    ParseLimits generous;
    generous.max_depth = 200000;
    const auto r = parse(deep, generous);  // the parser itself has no depth bound
    REQUIRE(r.document);
    CHECK(r.document->value(99999).pointer().size() == 99999 * 2);
}

TEST_CASE("limits on size, values and string length") {
    ParseLimits small;
    small.max_bytes = 10;
    CHECK(bad("[1, 2, 3, 4, 5]", small).code == "limit.file-size");
    small = {};
    small.max_values = 3;
    CHECK(bad("[1, 2, 3, 4]", small).code == "limit.values");
    small = {};
    small.max_string_bytes = 4;
    CHECK(bad("[\"abcdef\"]", small).code == "limit.string-length");
}

TEST_CASE("a 200 000-member object with unique keys parses; a late duplicate is found") {
    std::string text = "{";
    for (int i = 0; i < 200000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
    const auto r = parse(text + "}");
    REQUIRE(r.document);
    CHECK(r.document->root().size() == 200000);
    CHECK(r.document->root()["k199999"].as_integer() == 199999);
    CHECK(bad(text + ",\"k17\":1}").code == "json.duplicate-key");
}

TEST_CASE("an absent member reads as null, so lookups chain safely") {
    const auto r = parse("{\"a\": {\"b\": \"x\"}}");
    const auto& doc = ok(r);
    CHECK(doc.root()["a"]["b"].as_string() == "x");
    const Value missing = doc.root()["nope"]["deeper"];
    CHECK_FALSE(missing.valid());
    CHECK(missing.is_null());
    CHECK(missing.as_string().empty());
    CHECK(missing.size() == 0);
    CHECK_FALSE(missing.as_integer());
}

TEST_CASE("lines end at LF, CRLF or a lone CR (classic Mac OS files)") {
    for (const std::string eol : {"\n", "\r\n", "\r"}) {
        CAPTURE(eol.size());
        const std::string text = "{" + eol + "  \"unit\": \"tkr\"," + eol + eol + "  \"x\": 1" + eol + "}" + eol;
        const auto r = parse(text);
        const auto& doc = ok(r);
        CHECK(doc.root()["unit"].position().line == 2);
        CHECK(doc.root()["unit"].position().column == 11);
        CHECK(doc.root()["x"].position().line == 4);
        CHECK(doc.root()["x"].position().column == 8);
        CHECK(doc.line_text(2) == "  \"unit\": \"tkr\",");
        CHECK(doc.line_text(3).empty());
        CHECK(doc.line_text(4) == "  \"x\": 1");
        CHECK(doc.line_text(5) == "}");
        const auto e = bad("{" + eol + "  \"a\": 1," + eol + "  \"b\": ]" + eol + "}");
        CHECK(e.position.line == 3);
        CHECK(e.position.column == 8);
        CHECK(e.snippet == "  \"b\": ]");
    }
    // A CR right before LF is one line end, not two.
    const auto r = parse("[1,\r\n2,\r\r\n3]");
    CHECK(ok(r).root().at(2).position().line == 4);
}
