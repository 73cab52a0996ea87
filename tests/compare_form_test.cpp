// engine/text/compare_form: how rules compare names (budget.normalise).
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "test_support.hpp"
#include "text/compare_form.hpp"
#include "text/utf8.hpp"

using namespace budgetcheck;

namespace {

std::string form(std::string_view s) {
    std::string out = "left over from an earlier call";
    text::compare_form(s, out);
    return out;
}

}  // namespace

// The expectations are what budget.normalise gave when it was written with
// string patterns in rules/lib/budget.lua (string.lower, gsub of Å Ä Ö É,
// U+00A0 and %s+, "^ " and "[ .]+$" removed), run over these inputs.
TEST_CASE("compare_form gives the bytes the Lua normaliser gave") {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"Minska  sjukfr\xC3\xA5nvaro.", "minska sjukfr\xC3\xA5nvaro"},
        {"\xC3\x85\xC3\x84\xC3\x96 \xC3\x89\xC3\x85", "\xC3\xA5\xC3\xA4\xC3\xB6 \xC3\xA9\xC3\xA5"},
        {"  Leading and trailing  ", "leading and trailing"},
        {"tab\x09" "and\x0Anewline\x0D\x0B\x0C" "end", "tab and newline end"},
        {"NBSP\xC2\xA0" "between\xC2\xA0\xC2\xA0 words", "nbsp between words"},
        {"\xC2\xA0lead", "lead"},
        {"trail\xC2\xA0", "trail"},
        {"Slut . .", "slut"},
        {".", ""},
        {" . x", ". x"},
        {"a..b.", "a..b"},
        {"", ""},
        {"   ", ""},
        {" \xC2\xA0 ", ""},
        {"ABCXYZ abc 123 !?#", "abcxyz abc 123 !?#"},
        {"\xC3\x96kad N\xC3\x96JDHET", "\xC3\xB6kad n\xC3\xB6jdhet"},
        {"\xC3", "\xC3"},
        {"a\xFF" "B\xC3\xC3\x85", "a\xFF" "b\xC3\xC3\xA5"},
        {"\xC3\x85\xC3", "\xC3\xA5\xC3"},
        {"x\xE2\x80\x87y", "x\xE2\x80\x87y"},
        {"x\xE2\x80\x83y", "x\xE2\x80\x83y"},
        {"\xC3\x89.", "\xC3\xA9"},
        {"e\xCC\x81", "e\xCC\x81"},
        {"Sjukfr\xC3\xA5nvaro\xC2\xA0.", "sjukfr\xC3\xA5nvaro"},
        {"A\xC2\xA0.\xC2\xA0" "B", "a . b"},
    };
    // No structured binding: clang 14 (the ASan tree) cannot capture one in CAPTURE.
    for (const auto& c : cases) {
        CAPTURE(c.first);
        CHECK(form(c.first) == c.second);
    }
}

TEST_CASE("compare_form lowers every capital Unicode lowers, not only A-Z and Å Ä Ö É") {
    // The Lua normaliser left these as they were.
    CHECK(form("\xC3\x9C \xC3\x98 \xC3\x86") == "\xC3\xBC \xC3\xB8 \xC3\xA6");  // Ü Ø Æ -> ü ø æ
    CHECK(form("Ärende \xC3\x9C" "BER") == "\xC3\xA4rende \xC3\xBC" "ber");
    // Look-alikes stay what they are: Cyrillic А В lower to Cyrillic а в,
    // never to Latin a b.
    CHECK(form("\xD0\x90\xD0\x92") == "\xD0\xB0\xD0\xB2");
    CHECK(form("\xD0\x90\xD0\x92") != "ab");
    // Spaces other than ASCII white space and U+00A0 are not white space here
    // (as before): U+2007 FIGURE SPACE, U+2003 EM SPACE.
    CHECK(form("x\xE2\x80\x87y") == "x\xE2\x80\x87y");
    CHECK(form("X\xE2\x80\x83Y") == "x\xE2\x80\x83y");
}

TEST_CASE("compare_form lowers U+0080..U+00FF as utf8::to_lower does, and keeps broken and longer sequences") {
    // The Latin-1 range has its own path without a table lookup; it must
    // give what Unicode's lowercase mapping gives for every code point.
    for (char32_t cp = 0x80; cp <= 0xFF; ++cp) {
        std::string in = "A";
        utf8::append(in, cp);
        in += "b";
        std::string expected = "a";
        if (cp == 0xA0) expected += " ";  // NO-BREAK SPACE is white space
        else if (cp != 0xAD) utf8::append(expected, utf8::to_lower(cp));  // SOFT HYPHEN is dropped
        expected += "b";
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(form(in) == expected);
    }
    // A lead byte without its continuation, at the end or before ASCII, is kept as it is.
    CHECK(form("X\xC3") == "x\xC3");
    CHECK(form("X\xC3Y") == "x\xC3y");
    CHECK(form("\xC3\xC3\x85") == "\xC3\xC3\xA5");
    // Lowercase longer than its capital (U+023A -> U+2C65: 2 bytes -> 3), many in a row.
    CHECK(form("\xC8\xBA\xC8\xBA\xC8\xBA.") == "\xE2\xB1\xA5\xE2\xB1\xA5\xE2\xB1\xA5");
    CHECK(form("") == "");
    CHECK(form(" . ") == "");
}

// Text copied from a PDF: a soft hyphen where the line broke, a zero-width
// space, a ligature, a fullwidth sign, and the '*' that marks a mandatory
// indicator in the documents ("* Total sjukfrånvaro, %" in 002). Before,
// each made a mandatory indicator "missing".
TEST_CASE("compare_form: what a PDF leaves in a name does not make it another name") {
    const std::string plain = form("Total sjukfrånvaro, %");
    CHECK(form("Total sjuk\xC2\xAD" "frånvaro, %") == plain);           // U+00AD SOFT HYPHEN
    CHECK(form("Total sjuk\xE2\x80\x8B" "frånvaro, %") == plain);      // U+200B ZERO WIDTH SPACE
    CHECK(form("\xEF\xBB\xBFTotal sjukfrånvaro, %") == plain);         // U+FEFF at the start
    CHECK(form("Total sjukfrånvaro, \xEF\xBC\x85") == plain);          // U+FF05 FULLWIDTH PERCENT SIGN
    CHECK(form("* Total sjukfrånvaro, %") == plain);
    CHECK(form("*Total sjukfrånvaro, %*") == plain);
    CHECK(form("Che\xEF\xAC\x81ndex") == "chefindex");                 // U+FB01 LATIN SMALL LIGATURE FI
    CHECK(form("\xEF\xAC\x83") == "ffi");                              // U+FB03: three letters from one
    CHECK(form("Chefindex *") == "chefindex");
    // Not dropped: a '*' inside a name, a combining mark, an accented letter
    // (its compatibility mapping holds a mark), a wide space.
    CHECK(form("a*b") == "a*b");
    CHECK(form("e\xCC\x81") == "e\xCC\x81");
    CHECK(form("\xC5\x90") == "\xC5\x91");                            // U+0150 -> U+0151, not "o" + mark
    CHECK(form("x\xE2\x80\x83y") == "x\xE2\x80\x83y");
    // Many characters in a row whose letters outgrow 4 bytes per input byte
    // still fit: U+3316 SQUARE KIROMEETORU (3 bytes) is six katakana (18).
    const std::string km = "\xE3\x82\xAD\xE3\x83\xAD\xE3\x83\xA1\xE3\x83\xBC\xE3\x83\x88\xE3\x83\xAB";
    CHECK(form("\xE3\x8C\x96") == km);
    std::string many, want;
    for (int k = 0; k < 50; ++k) {
        many += "\xE3\x8C\x96 ";
        want += km + (k < 49 ? " " : "");
    }
    CHECK(form(many + "x") == want + " x");
    CHECK(form(many) == want);
}

// How the documents and the packs write one indicator: with a comma,
// parentheses or a dash before its abbreviation or unit. Before, "Hållbart
// medarbetarengagemang – HME" was not the pack's "…, HME" / "… (HME)".
TEST_CASE("compare_form: commas, parentheses and dashes separate words like spaces") {
    const std::string hme = form("Hållbart medarbetarengagemang (HME)");
    CHECK(hme == "hållbart medarbetarengagemang hme");
    CHECK(form("Hållbart medarbetarengagemang, HME") == hme);
    CHECK(form("Hållbart medarbetarengagemang \xE2\x80\x93 HME") == hme);  // EN DASH
    CHECK(form("Hållbart medarbetarengagemang\xE2\x80\x94HME") == hme);    // EM DASH
    CHECK(form("Total sjukfrånvaro, %") == form("Total sjukfrånvaro (%)"));
    CHECK(form("Total sjukfrånvaro, %") == "total sjukfrånvaro %");
    CHECK(form("\xE2\x80\x93") == "");                                        // a dash alone says nothing
    // A hyphen is part of the word; other punctuation stays.
    CHECK(form("Kultur- och fritidsnämnden") == "kultur- och fritidsnämnden");
    CHECK(form("1:a linjens chef") == "1:a linjens chef");
    CHECK(form("Kultur och fritidsnämnden") != form("Kultur- och fritidsnämnden"));
}

TEST_CASE("compare_form: same text, same form") {
    CHECK(form("Minska  sjukfrånvaro.") == form("minska sjukfrånvaro"));
    CHECK(form("\xC2\xA0Ökad nöjdhet \xC2\xA0.") == form("ökad NÖJDHET"));
    CHECK(form("Minska sjukfrånvaro") != form("Minska sjukfrånvaron"));
}

// The rules' side: budget.normalise is host.normalise, charged, and it
// refuses what is not text with a message in both languages.
TEST_CASE("budget.normalise in a rule is the host's compare_form") {
    const rules::SourceText library{"rules/lib/budget.lua",
                                    testing::read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/lib/budget.lua")};
    const auto rule = [](const std::string& body) {
        return rules::SourceText{"rules/t.lua", "return {\n  id = \"test.t\",\n  title = { sv = \"T\", en = \"T\" },\n"
                                                "  severity = \"notice\",\n  check = function(submission, policy, report)\n" +
                                                    body + "\n  end,\n}\n"};
    };
    auto loaded = lua::RuleHost::load(
        {library}, {rule("    for _, name in ipairs(submission.names) do\n"
                         "      report{ at = '', sv = '[' .. budget.normalise(name) .. ']',\n"
                         "              en = '[' .. host.normalise(name) .. ']' }\n"
                         "    end")});
    REQUIRE(std::holds_alternative<lua::RuleHost>(loaded));
    auto& host = std::get<lua::RuleHost>(loaded);
    auto parsed = json::parse(R"({"names": ["  Minska\u00a0 SJUKFRÅNVARO. .", "Ökad nöjdhet", "\u00dcBER", "."]})");
    REQUIRE(parsed.document);
    const rules::RunResult result = host.run({parsed.document.get(), nullptr}, {}, {});
    for (const auto& f : result.failures) MESSAGE(f.reason.en);
    REQUIRE(result.failures.empty());
    REQUIRE(result.findings.size() == 4);
    const std::vector<std::string> want = {"[minska sjukfrånvaro]", "[ökad nöjdhet]", "[über]", "[]"};
    for (std::size_t i = 0; i < want.size(); ++i) {
        CHECK(result.findings[i].message.sv == want[i]);
        CHECK(result.findings[i].message.en == want[i]);
    }

    auto refused = lua::RuleHost::load({library}, {rule("    budget.normalise({})")});
    REQUIRE(std::holds_alternative<lua::RuleHost>(refused));
    const rules::RunResult bad = std::get<lua::RuleHost>(refused).run({parsed.document.get(), nullptr}, {}, {});
    REQUIRE(bad.failures.size() == 1);
    CHECK(bad.failures[0].reason.en.find("host.normalise: the text must be a string, not a table") == 0);
    CHECK(bad.failures[0].reason.sv.find("host.normalise: argumentet ska vara en text, inte en tabell") == 0);

    // Charged like string.lower: 1 + bytes / 8, so a loop over a long text
    // runs out of the instruction budget instead of running in C unseen.
    // (host.normalise itself: budget.normalise answers a text it has seen
    // in this run from its memo, at the price of a table lookup.)
    rules::RuleLimits limits;
    limits.instructions = 3'000'000;  // string.rep's 1 MiB costs 1 179 648 of it
    auto loop = lua::RuleHost::load(
        {library}, {rule("    local s = ('A'):rep(1 << 20)\n    while true do host.normalise(s) end")}, limits);
    REQUIRE(std::holds_alternative<lua::RuleHost>(loop));
    const rules::RunResult charged = std::get<lua::RuleHost>(loop).run({parsed.document.get(), nullptr}, {}, {});
    REQUIRE(charged.failures.size() == 1);
    CHECK(charged.failures[0].kind == rules::FailureKind::Instructions);
    CAPTURE(charged.failures[0].reason.en);
    CHECK(charged.failures[0].reason.en.find("host.normalise would cost 131,073 more") != std::string::npos);
}
