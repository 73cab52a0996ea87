// engine/text/utf8: strict validity, repair, and the lenient code-point
// arithmetic behind columns and truncation.
#include <doctest/doctest.h>

#include <string>

#include "text/utf8.hpp"

using namespace budgetcheck;

TEST_CASE("sequence_length accepts well-formed UTF-8 of every length") {
    CHECK(utf8::sequence_length("a", 0) == 1);
    CHECK(utf8::sequence_length("\x7F", 0) == 1);
    CHECK(utf8::sequence_length("\xC2\x80", 0) == 2);          // U+0080, the first two-byte one
    CHECK(utf8::sequence_length("å", 0) == 2);                 // C3 A5
    CHECK(utf8::sequence_length("\xE0\xA0\x80", 0) == 3);      // U+0800
    CHECK(utf8::sequence_length("…", 0) == 3);                 // E2 80 A6
    CHECK(utf8::sequence_length("\xED\x9F\xBF", 0) == 3);      // U+D7FF, just below the surrogates
    CHECK(utf8::sequence_length("\xEE\x80\x80", 0) == 3);      // U+E000, just above them
    CHECK(utf8::sequence_length("\xF0\x90\x80\x80", 0) == 4);  // U+10000
    CHECK(utf8::sequence_length("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF, the last one
    CHECK(utf8::sequence_length("xåy", 1) == 2);
}

TEST_CASE("sequence_length rejects overlong forms, surrogates, values past U+10FFFF and cut sequences") {
    // Overlong: '/' as two, three and four bytes; U+07FF as three; U+FFFF as four.
    CHECK(utf8::sequence_length("\xC0\xAF", 0) == 0);
    CHECK(utf8::sequence_length("\xC1\xBF", 0) == 0);
    CHECK(utf8::sequence_length("\xE0\x80\xAF", 0) == 0);
    CHECK(utf8::sequence_length("\xE0\x9F\xBF", 0) == 0);
    CHECK(utf8::sequence_length("\xF0\x80\x80\xAF", 0) == 0);
    CHECK(utf8::sequence_length("\xF0\x8F\xBF\xBF", 0) == 0);
    // Surrogates U+D800 and U+DFFF.
    CHECK(utf8::sequence_length("\xED\xA0\x80", 0) == 0);
    CHECK(utf8::sequence_length("\xED\xBF\xBF", 0) == 0);
    // Past U+10FFFF: U+110000, and lead bytes F5 to FF.
    CHECK(utf8::sequence_length("\xF4\x90\x80\x80", 0) == 0);
    CHECK(utf8::sequence_length("\xF5\x80\x80\x80", 0) == 0);
    CHECK(utf8::sequence_length("\xFF", 0) == 0);
    // A lone continuation byte; a sequence cut by the end or by another byte.
    CHECK(utf8::sequence_length("\x80", 0) == 0);
    CHECK(utf8::sequence_length("\xC3", 0) == 0);
    CHECK(utf8::sequence_length("\xE2\x80", 0) == 0);
    CHECK(utf8::sequence_length("\xF0\x9F\x98", 0) == 0);
    CHECK(utf8::sequence_length("\xC3" "a", 0) == 0);
    CHECK(utf8::sequence_length("\xE2\x80" "a", 0) == 0);
    // Only the part of the view from i counts, and past the end is nothing.
    CHECK(utf8::sequence_length(std::string_view("å", 1), 0) == 0);
    CHECK(utf8::sequence_length("a", 1) == 0);
}

TEST_CASE("decode gives the code point; append encodes it back") {
    CHECK(utf8::decode("A", 0).code_point == U'A');
    CHECK(utf8::decode("å", 0).code_point == U'\u00E5');
    CHECK(utf8::decode("€", 0).code_point == U'\u20AC');
    CHECK(utf8::decode("\xF0\x9F\x98\x80", 0).code_point == U'\U0001F600');
    CHECK(utf8::decode("\xF4\x8F\xBF\xBF", 0).code_point == U'\U0010FFFF');
    CHECK(utf8::decode("\xED\xA0\x80", 0).length == 0);
    for (const char32_t cp : {U'\0', U'A', U'\u007F', U'\u0080', U'\u00E5', U'\u07FF', U'\u0800', U'\uD7FF',
                              U'\uE000', U'\uFFFD', U'\U00010000', U'\U0010FFFF'}) {
        std::string s;
        utf8::append(s, cp);
        CAPTURE(static_cast<std::uint32_t>(cp));
        const auto d = utf8::decode(s, 0);
        CHECK(d.code_point == cp);
        CHECK(d.length == s.size());
    }
    std::string s;
    utf8::append(s, U'\u00E5');
    utf8::append(s, U'\U0001F600');
    CHECK(s == "å\xF0\x9F\x98\x80");
}

TEST_CASE("valid_or_replaced turns each bad byte into U+FFFD and never cuts a character") {
    CHECK(utf8::valid_or_replaced("") == "");
    CHECK(utf8::valid_or_replaced("Linköping år 2024 €") == "Linköping år 2024 €");
    CHECK(utf8::valid_or_replaced("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(utf8::valid_or_replaced("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");        // overlong: both bytes
    CHECK(utf8::valid_or_replaced("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(utf8::valid_or_replaced("\xF4\x90\x80\x80") ==
          "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // past U+10FFFF
    CHECK(utf8::valid_or_replaced("ok \xE2\x82") == "ok \xEF\xBF\xBD\xEF\xBF\xBD");  // truncated €
    // A byte limit stops before a character that does not fit whole.
    CHECK(utf8::valid_or_replaced("abå", 3) == "ab");
    CHECK(utf8::valid_or_replaced("abå", 4) == "abå");
    CHECK(utf8::valid_or_replaced("a\xFF", 3) == "a");
    CHECK(utf8::valid_or_replaced("a\xFF", 4) == "a\xEF\xBF\xBD");
    CHECK(utf8::valid_or_replaced("abc", 0) == "");
    // Past a long valid prefix (copied in one piece) the same rules hold.
    const std::string prefix(5000, 'a');
    CHECK(utf8::valid_or_replaced(prefix + "år\xFF" "ö") == prefix + "år\xEF\xBF\xBD" "ö");
    CHECK(utf8::valid_or_replaced(prefix + "å", 5001) == prefix);
    CHECK(utf8::valid_or_replaced(prefix + "å", 5002) == prefix + "å");
    CHECK(utf8::valid_or_replaced(prefix + "\xE2\x82", 5003) == prefix + "\xEF\xBF\xBD");
}

TEST_CASE("code points are counted leniently, as columns are") {
    CHECK(utf8::count_code_points("") == 0);
    CHECK(utf8::count_code_points("abc") == 3);
    CHECK(utf8::count_code_points("år €\xF0\x9F\x98\x80") == 5);
    CHECK(utf8::count_code_points("\xFF\xC3") == 2);  // bad lead bytes each count once
    CHECK(utf8::count_code_points("a\x80\x80") == 1);  // stray continuation bytes do not
}

TEST_CASE("byte_offset_of_column finds where a column starts") {
    const std::string_view line = "\t\"år\": 1€x";  // columns: \t 1, " 2, å 3, r 4, " 5, : 6, ' ' 7, 1 8, € 9, x 10
    CHECK(utf8::byte_offset_of_column(line, 0) == 0u);
    CHECK(utf8::byte_offset_of_column(line, 1) == 0u);
    CHECK(utf8::byte_offset_of_column(line, 3) == 2u);
    CHECK(utf8::byte_offset_of_column(line, 4) == 4u);  // after the two bytes of å
    CHECK(utf8::byte_offset_of_column(line, 9) == 9u);
    CHECK(utf8::byte_offset_of_column(line, 10) == 12u);  // after the three bytes of €
    CHECK(utf8::byte_offset_of_column(line, 11) == line.size());  // just past the end: the line's end
    CHECK(!utf8::byte_offset_of_column(line, 12));                // further: no such column
    CHECK(!utf8::byte_offset_of_column(line, 4'000'000'000ull));
    CHECK(utf8::byte_offset_of_column("", 1) == 0u);
    CHECK(!utf8::byte_offset_of_column("", 2));
}

TEST_CASE("next_boundary skips a whole character") {
    const std::string_view s = "aå€";
    CHECK(utf8::next_boundary(s, 0) == 1);
    CHECK(utf8::next_boundary(s, 1) == 3);
    CHECK(utf8::next_boundary(s, 3) == 6);
    CHECK(utf8::next_boundary(s, 6) == 6);
}

TEST_CASE("truncation cuts on character boundaries") {
    CHECK(utf8::truncate_code_points("abc", 5) == "abc");
    CHECK(utf8::truncate_code_points("abc", 3) == "abc");
    CHECK(utf8::truncate_code_points("åäö", 2) == "åä");
    CHECK(utf8::truncate_code_points("åäö", 0) == "");
    CHECK(utf8::truncate_bytes("abc", 3) == "abc");
    CHECK(utf8::truncate_bytes("aåb", 2) == "a");  // not half of å
    CHECK(utf8::truncate_bytes("aåb", 3) == "aå");
    CHECK(utf8::truncate_bytes("€", 2) == "");
}
