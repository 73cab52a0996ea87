// A table for spreadsheets: one model, two encodings (a CSV that opens in
// Swedish Excel, and .xlsx through libxlsxwriter), so the overview and the
// findings export say the same in both. Money stays exact kronor until a
// cell is written.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"
#include "text/terminal.hpp"

namespace budgetcheck::output {

struct Cell {
    enum class Kind : std::uint8_t {
        Empty,
        Text,
        Count,   // a whole number of things (findings)
        Kronor,  // exact kronor, shown in tkr (the unit the documents use)
        Share,   // number / denominator as a percentage with one decimal
    };
    Kind kind = Kind::Empty;
    std::string text;
    std::int64_t number = 0;
    std::int64_t denominator = 0;  // Share only, > 0

    static Cell empty() { return {}; }
    // Control characters and bidi overrides (a rule's message, a board's
    // name) shown as visible characters, as on a terminal: a NUL cut the
    // .xlsx cell short and went raw into the CSV. Line breaks and tabs stay.
    static Cell of_text(std::string_view t) { return {Kind::Text, text::terminal_safe(t, true), 0, 0}; }
    static Cell count(std::int64_t n) { return {Kind::Count, {}, n, 0}; }
    static Cell kronor(std::int64_t k) { return {Kind::Kronor, {}, k, 0}; }
    static Cell kronor(std::optional<std::int64_t> k) { return k ? kronor(*k) : empty(); }
    // Empty when the denominator is not positive (no share of a frame of 0).
    static Cell share(std::int64_t part, std::int64_t whole) {
        return whole > 0 ? Cell{Kind::Share, {}, part, whole} : empty();
    }
};

struct Sheet {
    std::string name;                  // the worksheet's name (at most 31 characters)
    std::vector<std::string> headers;  // one per column
    std::vector<std::vector<Cell>> rows;
    std::vector<double> widths;        // column widths in characters (xlsx); may be empty
    std::size_t total_rows = 0;        // the last rows that are totals (bold in xlsx)
};

// Text forms with a decimal comma, as a Swedish reader and Swedish Excel
// read them: "464532", "464532,5" (tkr, exact: up to three decimals, no
// trailing zeros); "96,5" (percent, rounded half away from zero to one decimal;
// "" when `whole` is not positive).
std::string tkr_text(std::int64_t kronor);
std::string percent_text(std::int64_t part, std::int64_t whole);

// The sheet as CSV for Swedish Excel: UTF-8 with a byte order mark (Excel
// reads UTF-8 only then), ';' between fields (',' is the decimal comma),
// CRLF line ends, fields with ';', '"', CR or LF quoted per RFC 4180. A text
// starting with = + - @, a tab or a CR gets a leading apostrophe so that
// Excel shows it instead of evaluating it (a submission's text is not a formula).
void write_csv(const Sheet& sheet, std::ostream& out);
// Only the rows, for a CSV written file by file after write_csv's head.
void write_csv_rows(const Sheet& sheet, std::ostream& out);

// The sheets as an .xlsx workbook (libxlsxwriter): headers bold and frozen,
// an autofilter, tkr as numbers with "# ##0" (three decimals when not whole),
// shares as percentages "0,0 %". nullopt when written, else why not.
std::optional<Message> write_xlsx(const std::vector<Sheet>& sheets, std::ostream& out);
// A spreadsheet that could not be written: the reason on stderr, and the
// stream marked bad so that the report file is not put in place.
void fail_report(const Message& problem, std::string_view lang, std::ostream& out);

}  // namespace budgetcheck::output
