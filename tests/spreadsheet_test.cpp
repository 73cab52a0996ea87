// The spreadsheet encodings (output/sheet.hpp) and the overview and findings
// reports built on them: exact text, Swedish Excel's CSV dialect.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "output/report_file.hpp"
#include "output/reporter.hpp"
#include "output/sheet.hpp"

using namespace budgetcheck;
using namespace budgetcheck::output;

TEST_CASE("tkr and percent texts: exact, decimal comma") {
    CHECK(tkr_text(464'532'000) == "464532");
    CHECK(tkr_text(0) == "0");
    CHECK(tkr_text(1'500) == "1,5");
    CHECK(tkr_text(1) == "0,001");
    CHECK(tkr_text(-2'050) == "-2,05");
    CHECK(tkr_text(9'007'199'254'740'992) == "9007199254740,992");
    CHECK(percent_text(800'000, 400'000) == "200,0");
    CHECK(percent_text(8'500'000, 9'000'000) == "94,4");  // 94.444…
    CHECK(percent_text(2, 3) == "66,7");                  // 66.666… rounds up
    CHECK(percent_text(1, 2'000) == "0,1");               // 0.05 %: half away from zero
    CHECK(percent_text(-1, 2'000) == "-0,1");
    CHECK(percent_text(0, 5) == "0,0");
    CHECK(percent_text(5, 0) == "");
    // A sum over many boards may pass 2^53 kronor; no overflow.
    CHECK(percent_text(9'000'000'000'000'000'000, 9'000'000'000'000'000'000) == "100,0");
}

TEST_CASE("CSV for Swedish Excel: BOM, semicolons, CRLF, RFC 4180 quoting, no formulas") {
    Sheet sheet;
    sheet.headers = {"Namn", "Belopp (tkr)", "Andel (%)", "Antal"};
    sheet.rows.push_back({Cell::of_text("Kultur; fritid"), Cell::kronor(1'500), Cell::share(1, 3), Cell::count(2)});
    sheet.rows.push_back({Cell::of_text("Säger \"hej\"\nrad två"), Cell::empty(), Cell::share(1, 0), Cell::count(0)});
    sheet.rows.push_back({Cell::of_text("=HYPERLINK(\"x\")"), Cell::of_text("-5"), Cell::of_text("+1"), Cell::of_text("@a")});
    std::ostringstream out;
    write_csv(sheet, out);
    CHECK(out.str() ==
          "\xEF\xBB\xBFNamn;Belopp (tkr);Andel (%);Antal\r\n"
          "\"Kultur; fritid\";1,5;33,3;2\r\n"
          "\"Säger \"\"hej\"\"\nrad två\";;;0\r\n"
          "\"'=HYPERLINK(\"\"x\"\")\";'-5;'+1;'@a\r\n");
    // Excel drops a leading tab or CR before it looks for a formula.
    Sheet hidden;
    hidden.headers = {"Namn", "Text"};
    hidden.rows.push_back({Cell::of_text("\t=1+1"), Cell::of_text("\r=SUM(A1)")});
    std::ostringstream out2;
    write_csv_rows(hidden, out2);
    CHECK(out2.str() == "'\t=1+1;\"'\r=SUM(A1)\"\r\n");
}

TEST_CASE("spreadsheet file extensions take their own formats only") {
    CHECK(extension_fits("r.csv", "overview-csv"));
    CHECK(extension_fits("r.CSV", "findings-csv"));
    CHECK_FALSE(extension_fits("r.csv", "text"));
    CHECK_FALSE(extension_fits("r.csv", "overview-xlsx"));
    CHECK(extension_fits("r.xlsx", "overview-xlsx"));
    CHECK(extension_fits("r.xlsx", "findings-xlsx"));
    CHECK_FALSE(extension_fits("r.xlsx", "json"));
    CHECK(extension_fits("r.html", "overview"));
    CHECK(extension_fits("r.html", "html"));
    CHECK_FALSE(extension_fits("r.html", "overview-csv"));
    CHECK(format_for_extension("r.xlsx").empty());
    CHECK(format_for_extension("r.csv").empty());
}

namespace {

FileReport board(std::string file, std::string name, std::optional<int> budget_year, std::vector<KeyFigure> figures,
                 std::size_t errors = 0) {
    FileReport f;
    f.file = std::move(file);
    f.organisation = std::move(name);
    f.budget_year = budget_year;
    f.figures = std::move(figures);
    for (std::size_t i = 0; i < errors; ++i) {
        Finding finding;
        finding.rule_id = "investment.within-frame";
        finding.message = {"Över ramen", "Above the frame"};
        finding.location.pointer = "/investments/rows";
        finding.location.line = 40 + static_cast<std::uint32_t>(i);
        finding.expected = "≤ 400 tkr";
        finding.actual = "800 tkr";
        finding.difference = 400'000;
        f.findings.push_back(finding);
    }
    return f;
}

std::string report(std::string_view format, const RunReport& run, std::string lang = "sv") {
    std::ostringstream out;
    OutputOptions options;
    options.lang = std::move(lang);
    make_reporter(format)->write(run, options, out);
    return out.str();
}

RunReport round() {
    RunReport run;
    run.files.push_back(board("a.json", "Nämnd A", 2024,
                              {{"investment.frame", "investment.within-frame", 2024, 800'000, 400'000},
                               {"investment.frame", "investment.within-frame", 2025, 1, 1},
                               {"operating.frame", "operating.within-frame", 2024, 100'500, 100'000}},
                              1));
    run.files.push_back(board("b.json", "Nämnd; B", 2024, {{"investment.frame", "investment.within-frame", 2024, 200'000, std::nullopt}}));
    FileReport broken = board("c.json", "", std::nullopt, {});
    broken.errors.push_back(InputError{"c.json", 3, 7, "json.syntax", {"fel", "error"}, "", {}});
    run.files.push_back(broken);
    run.files.push_back(board("d.json", "Nämnd D", 2023, {{"operating.frame", "operating.within-frame", 2023, 50'000, 0}}));
    // No figure for its budget year: the row is that year's, empty, never a plan year's figures.
    run.files.push_back(board("e.json", "Nämnd E", 2024, {{"investment.frame", "investment.within-frame", 2025, 7'000, 9'000}}));
    return run;
}

}  // namespace

TEST_CASE("overview CSV: a row per board from its figures, sums per budget year, not-checked files left empty") {
    CHECK(report("overview-csv", round()) ==
          "\xEF\xBB\xBF" "Underlag;Nämnd;Resultat;Fel;Varningar;Noteringar;Undantagna;År;Drift inom ram (tkr);KF:s driftram (tkr);"
          "Driftram använd (%);Nettoinvesteringar (tkr);KF:s investeringsram (tkr);Investeringsram använd (%)\r\n"
          "a.json;Nämnd A;Underkänd;1;0;0;0;2024;100,5;100;100,5;800;400;200,0\r\n"
          "b.json;\"Nämnd; B\";Godkänd;0;0;0;0;2024;;;;200;;\r\n"
          "c.json;;Ej kontrollerad;;;;;;;;;;;\r\n"
          "d.json;Nämnd D;Godkänd;0;0;0;0;2023;50;0;;;;\r\n"
          "e.json;Nämnd E;Godkänd;0;0;0;0;2024;;;;;;\r\n"
          "Summa 2023;1 nämnd;;0;0;0;0;2023;50;0;;;;\r\n"
          "Summa 2024;3 nämnder;;1;0;0;0;2024;100,5;100;100,5;1000;400;\r\n"
          "Alla underlag;5 filer: 3 godkända, 1 underkänd, 1 inte kontrollerad;Underkänd;1;0;0;0;;;;;;;\r\n");
}

TEST_CASE("overview: boards checked against different KF decisions are never summed together") {
    RunReport run;
    FileReport a = board("a.json", "Nämnd A", 2024, {{"operating.frame", "operating.within-frame", 2024, 100'000, 100'000}});
    a.policy_pack = "linkoping-2024";
    FileReport b = board("b.json", "Nämnd B", 2024, {{"operating.frame", "operating.within-frame", 2024, 40'000, 50'000}});
    b.policy_pack = "norrkoping-2024";
    FileReport c = board("c.json", "Nämnd C", 2024, {{"operating.frame", "operating.within-frame", 2024, 20'000, 30'000}});
    c.policy_pack = "linkoping-2024";
    run.files = {a, b, c};
    CHECK(report("overview-csv", run) ==
          "\xEF\xBB\xBF" "Underlag;Nämnd;Resultat;Fel;Varningar;Noteringar;Undantagna;År;Drift inom ram (tkr);KF:s driftram (tkr);"
          "Driftram använd (%);Nettoinvesteringar (tkr);KF:s investeringsram (tkr);Investeringsram använd (%)\r\n"
          "a.json;Nämnd A;Godkänd;0;0;0;0;2024;100;100;100,0;;;\r\n"
          "b.json;Nämnd B;Godkänd;0;0;0;0;2024;40;50;80,0;;;\r\n"
          "c.json;Nämnd C;Godkänd;0;0;0;0;2024;20;30;66,7;;;\r\n"
          "Summa 2024 (linkoping-2024);2 nämnder;;0;0;0;0;2024;120;130;92,3;;;\r\n"
          "Summa 2024 (norrkoping-2024);1 nämnd;;0;0;0;0;2024;40;50;80,0;;;\r\n"
          "Alla underlag;3 filer: 3 godkända, 0 underkända;Godkänd;0;0;0;0;;;;;;;\r\n");
}

TEST_CASE("overview: two files of one board (two revisions) are one board, and its frame is not summed twice") {
    RunReport run;
    run.files = {board("v1.json", "Nämnd A", 2024, {{"operating.frame", "operating.within-frame", 2024, 100'000, 100'000}}),
                 board("v2.json", "Nämnd A", 2024, {{"operating.frame", "operating.within-frame", 2024, 90'000, 100'000}})};
    CHECK(report("overview-csv", run) ==
          "\xEF\xBB\xBF" "Underlag;Nämnd;Resultat;Fel;Varningar;Noteringar;Undantagna;År;Drift inom ram (tkr);KF:s driftram (tkr);"
          "Driftram använd (%);Nettoinvesteringar (tkr);KF:s investeringsram (tkr);Investeringsram använd (%)\r\n"
          "v1.json;Nämnd A;Godkänd;0;0;0;0;2024;100;100;100,0;;;\r\n"
          "v2.json;Nämnd A;Godkänd;0;0;0;0;2024;90;100;90,0;;;\r\n"
          "Summa 2024;1 nämnd, 2 underlag;;0;0;0;0;2024;;;;;;\r\n"
          "Alla underlag;2 filer: 2 godkända, 0 underkända;Godkänd;0;0;0;0;;;;;;;\r\n");
}

// A board is its organisation.id: the second revision writing the name in
// capitals with a trailing space is still the same board (before, the names
// differed, so two boards and KF's frame summed twice: 200 tkr).
TEST_CASE("overview: two revisions of one board that write its name differently are one board") {
    FileReport v1 = board("v1.json", "Nämnd A", 2024, {{"operating.frame", "operating.within-frame", 2024, 100'000, 100'000}});
    FileReport v2 = board("v2.json", "NÄMND A ", 2024, {{"operating.frame", "operating.within-frame", 2024, 90'000, 100'000}});
    v1.organisation_id = v2.organisation_id = "namnd-a";
    RunReport run;
    run.files = {v1, v2};
    const std::string csv = report("overview-csv", run);
    INFO(csv);
    CHECK(csv.find("Summa 2024;1 nämnd, 2 underlag;;0;0;0;0;2024;;;;;;\r\n") != std::string::npos);
    // Two boards that share a name but not an id are two boards.
    v2.organisation = "Nämnd A";
    v2.organisation_id = "namnd-a-2";
    run.files = {v1, v2};
    CHECK(report("overview-csv", run).find("Summa 2024;2 nämnder;;0;0;0;0;2024;190;200;95,0;;;\r\n") != std::string::npos);
}

TEST_CASE("overview: two not-checked files of one board leave the checked boards' sums standing") {
    RunReport run;
    for (const char* name : {"x1.json", "x2.json"}) {
        FileReport broken = board(name, "Nämnd X", 2024, {});
        broken.errors.push_back(InputError{name, 3, 7, "json.syntax", {"fel", "error"}, "", {}});
        run.files.push_back(broken);
    }
    run.files.push_back(board("a.json", "Nämnd A", 2024, {{"operating.frame", "operating.within-frame", 2024, 90'000, 100'000}}));
    const std::string csv = report("overview-csv", run);
    INFO(csv);
    CHECK(csv.find("Summa 2024;3 nämnder;;0;0;0;0;2024;90;100;90,0;;;\r\n") != std::string::npos);
}

TEST_CASE("overview HTML: self-contained, verdict words, links to the report, over the frame in words") {
    RunReport run = round();
    std::ostringstream out;
    OutputOptions options;
    options.html_report = "rapport%20runda.html";
    make_reporter("overview")->write(run, options, out);
    const std::string html = out.str();
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"") != std::string::npos);
    CHECK(html.find("<a href=\"rapport%20runda.html#file-3\">c.json</a>") != std::string::npos);
    CHECK(html.find("<span class=\"verdict-not-checked\">Ej kontrollerad</span>") != std::string::npos);
    CHECK(html.find("underkänd</span>") == std::string::npos);
    CHECK(html.find("<span class=\"over\">200,0\u00A0% (över ramen)</span>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">800 tkr</td>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">100,500 tkr</td>") != std::string::npos);
    CHECK(html.find("Nämnd; B") != std::string::npos);
}

// A rule's message with NUL, ESC and a bidi override: the CSV got them raw
// (an escape sequence for whoever prints it) and libxlsxwriter cut the .xlsx
// cell at the NUL. Both encodings read Cell::text, made visible once.
TEST_CASE("spreadsheet cells show control characters as visible characters") {
    const Cell cell = Cell::of_text(std::string("a\0b\x1b[31mc\td\r\n", 13) + "\u202Ee");
    CHECK(cell.text == "a\u2400b\u241B[31mc\td\r\n\uFFFDe");
    Sheet sheet;
    sheet.headers = {"x"};
    sheet.rows = {{cell}};
    std::ostringstream out;
    write_csv(sheet, out);
    CHECK(out.str().find(std::string(1, '\0')) == std::string::npos);
    CHECK(out.str().find('\x1b') == std::string::npos);
}

TEST_CASE("findings CSV: place, severity, message, expected, actual and an empty comment column") {
    RunReport run = round();
    run.files[0].findings[0].waiver = Waiver{"KF 2024-03-01", "KF", "2024-03-01", ""};
    CHECK(report("findings-csv", run) ==
          "\xEF\xBB\xBFUnderlag;Plats;Rad;Allvarlighet;Meddelande;Förväntat;Faktiskt;Skillnad (tkr);Regel;Kommentar\r\n"
          "a.json;/investments/rows;40;fel (undantagen);Över ramen;≤ 400 tkr;800 tkr;400;investment.within-frame;\r\n"
          "c.json;(hela underlaget);3;ej kontrollerad;fel;;;;json.syntax;\r\n");
    CHECK(report("findings-csv", run, "en") ==
          "\xEF\xBB\xBFSubmission;Place;Line;Severity;Message;Expected;Actual;Difference (tkr);Rule;Comment\r\n"
          "a.json;/investments/rows;40;error (waived);Above the frame;≤ 400 tkr;800 tkr;400;investment.within-frame;\r\n"
          "c.json;(the whole submission);3;not checked;error;;;;json.syntax;\r\n");
}
