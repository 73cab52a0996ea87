// The findings of a submission to send back to its board (issue 15, item 6):
// one row per finding with its place, severity, message, expected and
// actual values, the difference (actual − expected, exact, in tkr like the
// overview) where the rule computed one, and an empty "Kommentar" column for the board's answer. As
// CSV for Swedish Excel (`findings-csv`, streamed file by file) and .xlsx
// (`findings-xlsx`). A file that could not be checked gets a row per input
// error, a rule that failed a row of its own: nothing is silently absent.
#include <algorithm>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "output/sheet.hpp"

namespace budgetcheck::output {

namespace {

std::vector<std::string> headers(bool en) {
    if (en)
        return {"Submission", "Place", "Line", "Severity", "Message", "Expected", "Actual", "Difference (tkr)", "Rule", "Comment"};
    return {"Underlag", "Plats", "Rad", "Allvarlighet", "Meddelande", "Förväntat", "Faktiskt", "Skillnad (tkr)", "Regel", "Kommentar"};
}

// Until findings carry a place name ("Section › Row › Year"), the place is
// the JSON Pointer; "" (the whole document) reads as such.
// The place as the document names it (section › row › year), the pointer
// where the schema gives no name, and a workbook's sheet and cell after it.
std::string place_of(const Finding& f, bool en) {
    if (!f.location.file.empty()) return f.location.file;
    if (f.location.pointer.empty()) return en ? "(the whole submission)" : "(hela underlaget)";
    const std::string& named = f.place.shown_in(en ? "en" : "sv");
    std::string place = named.empty() ? f.location.pointer : named;
    if (!f.location.cell.empty()) place += " (" + f.location.cell + ")";
    return place;
}

Cell line_cell(std::uint32_t line) { return line ? Cell::count(line) : Cell::empty(); }

std::vector<std::vector<Cell>> rows_of(const FileReport& file, std::string_view lang) {
    const bool en = lang == "en";
    std::vector<std::vector<Cell>> rows;
    for (const InputError& e : file.errors)
        rows.push_back({Cell::of_text(file.file), Cell::of_text(en ? "(the whole submission)" : "(hela underlaget)"),
                        line_cell(e.line), Cell::of_text(en ? "not checked" : "ej kontrollerad"),
                        Cell::of_text(e.message.shown_in(lang) + e.hint.shown_in(lang)), Cell::empty(), Cell::empty(),
                        Cell::empty(), Cell::of_text(e.code), Cell::empty()});
    for (const rules::RuleFailure& r : file.rule_failures)
        rows.push_back({Cell::of_text(file.file), Cell::of_text(en ? "(the whole submission)" : "(hela underlaget)"),
                        Cell::empty(), Cell::of_text(en ? "rule failed" : "regeln avbröts"),
                        Cell::of_text(rules::failure_message(r).shown_in(lang)), Cell::empty(), Cell::empty(),
                        Cell::empty(), Cell::of_text(r.rule), Cell::empty()});
    // Errors first, then warnings, then notices (the board acts on them in
    // that order); in document order within each.
    std::vector<const Finding*> ordered;
    for (const Finding& f : file.findings) ordered.push_back(&f);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    for (const Finding* finding : ordered) {
        const Finding& f = *finding;
        std::string severity(severity_label(f.severity, lang));
        if (f.waiver) severity += en ? " (waived)" : " (undantagen)";
        const auto value = [&](const std::optional<std::string>& v) {
            return v ? Cell::of_text(std::string(shown_value(*v, lang))) : Cell::empty();
        };
        rows.push_back({Cell::of_text(file.file), Cell::of_text(place_of(f, en)), line_cell(f.location.line),
                        Cell::of_text(std::move(severity)), Cell::of_text(f.message.shown_in(lang)), value(f.expected),
                        value(f.actual), Cell::kronor(f.difference),
                        Cell::of_text(f.rule_id), Cell::empty()});
    }
    return rows;
}

Sheet empty_sheet(bool en) {
    Sheet sheet;
    sheet.name = en ? "Findings" : "Fynd";
    sheet.headers = headers(en);
    sheet.widths = {24, 34, 6, 14, 70, 16, 16, 14, 26, 40};
    return sheet;
}

class FindingsCsvReporter final : public Reporter {
public:
    void begin(const RunReport&, const OutputOptions& options, std::ostream& out) override {
        lang_ = options.lang;
        Sheet head = empty_sheet(lang_ == "en");
        write_csv(head, out);
    }
    void file(const FileReport& file, const FileSummary&, std::ostream& out) override {
        Sheet part;
        part.rows = rows_of(file, lang_);
        write_csv_rows(part, out);
    }
    void end(const RunSummary&, std::ostream&) override {}

private:
    std::string lang_;
};

class FindingsXlsxReporter final : public Reporter {
public:
    void begin(const RunReport&, const OutputOptions& options, std::ostream&) override {
        lang_ = options.lang;
        sheet_ = empty_sheet(lang_ == "en");
    }
    void file(const FileReport& file, const FileSummary&, std::ostream&) override {
        for (auto& row : rows_of(file, lang_)) sheet_.rows.push_back(std::move(row));
    }
    void end(const RunSummary&, std::ostream& out) override {
        if (const auto problem = write_xlsx({sheet_}, out)) fail_report(*problem, lang_, out);
    }

private:
    std::string lang_;
    Sheet sheet_;
};

}  // namespace

std::unique_ptr<Reporter> make_findings_csv_reporter() { return std::make_unique<FindingsCsvReporter>(); }
std::unique_ptr<Reporter> make_findings_xlsx_reporter() { return std::make_unique<FindingsXlsxReporter>(); }

}  // namespace budgetcheck::output
