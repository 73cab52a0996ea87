// text/xml: the one XML escaper (JUnit of `validate` and of `test`).
#include <doctest/doctest.h>

#include "text/xml.hpp"

using namespace budgetcheck;

TEST_CASE("xml::clean keeps valid text and replaces what XML 1.0 cannot hold") {
    CHECK(xml::clean("Socialnämnden\t\n\r") == "Socialnämnden\t\n\r");
    CHECK(xml::clean("a\x01" "b") == "a\xEF\xBF\xBD" "b");                  // control character
    CHECK(xml::clean("Social\xE4mnden") == "Social\xEF\xBF\xBDmnden");       // Latin-1 ä: a lone byte
    CHECK(xml::clean("\xEF\xBF\xBE") == "\xEF\xBF\xBD");                    // U+FFFE
    CHECK(xml::clean("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate: three bad bytes
    CHECK(xml::clean("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");            // U+1F600 stays
}

TEST_CASE("xml::text and xml::attribute escape for their place") {
    CHECK(xml::text("a<b & \"c\"\t\n\r") == "a&lt;b &amp; \"c\"\t\n&#13;");
    CHECK(xml::attribute("a<b & \"c\"\t\n\r") == "a&lt;b &amp; &quot;c&quot;&#9;&#10;&#13;");
    CHECK(xml::attribute("x\x01\xFF>") == "x\xEF\xBF\xBD\xEF\xBF\xBD&gt;");
}
