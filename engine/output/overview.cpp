// A budget round at a glance (issue 15, item 4): one row per board with its
// verdict, its counts and its operating and investment frame use, and sums
// per budget year. As HTML (`overview`), .xlsx (`overview-xlsx`) and CSV for
// Swedish Excel (`overview-csv`); docs/report.md.
//
// The frame use is what the frame rules published (FileReport::figures,
// report.figure{}): no frame is looked up or summed here a second time. KF's
// total for a year is the sum of the frames of the boards in the round that
// were checked against the same KF decision (policy pack): frames of two
// municipalities, or of two decisions, are never added together; two files
// of one board leave the sums empty (its frame would count twice).
// Streams: each file leaves one small row, never its document.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "money.hpp"
#include "output/html/charts.hpp"
#include "output/reporter.hpp"
#include "output/sheet.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

using html::escape;

constexpr std::string_view kOperating = "operating.frame";
constexpr std::string_view kInvestment = "investment.frame";

struct Use {  // one frame's use in one year
    std::int64_t amount = 0;
    std::optional<std::int64_t> limit;
};

struct Row {
    std::string file, organisation, organisation_id, pack;
    FileSummary summary;
    std::optional<int> year;  // FileReport::budget_year
    std::optional<Use> operating, investment;
};

// A sum of exact kronor; nullopt once it leaves int64 (a round of
// thousands of boards at 2^53 each), shown as "–" rather than wrapped.
struct Sum {
    std::optional<std::int64_t> value = 0;
    bool any = false;
    void add(std::optional<std::int64_t> v) {
        if (!v) return;
        any = true;
        if (value && __builtin_add_overflow(*value, *v, &*value)) value.reset();
    }
    std::optional<std::int64_t> shown() const { return any ? value : std::nullopt; }
};

struct Total {
    std::string pack;  // the KF decision the boards were checked against ("" for none)
    int year = 0;
    std::size_t files = 0, unchecked = 0;  // files checked, and not checked
    // Checked boards by organisation.id (by name where a file has none): two
    // files of one board are one board, however each writes its name.
    std::set<std::string> boards;
    Counts counts;
    Sum operating, operating_limit, investment, investment_limit;
    // Every board with an amount has a frame: only then is the share of the
    // summed frames meaningful.
    bool operating_limits_complete = true, investment_limits_complete = true;
};

Row make_row(const FileReport& file, const FileSummary& summary) {
    Row row{file.file,   file.organisation, file.organisation_id, file.policy_pack,
            summary,     std::nullopt,      std::nullopt,         std::nullopt};
    // The year the submission states, not the first year a figure has: a
    // budget year without a figure must show as empty, not as a plan year.
    row.year = file.budget_year;
    for (const KeyFigure& f : file.figures) {
        if (!row.year || f.year != *row.year) continue;
        if (f.id == kOperating) row.operating = Use{f.amount, f.limit};
        if (f.id == kInvestment) row.investment = Use{f.amount, f.limit};
    }
    return row;
}

std::vector<Total> totals(const std::vector<Row>& rows) {
    std::map<std::pair<std::string, int>, Total> by_year;
    for (const Row& r : rows) {
        if (!r.year) continue;
        Total& t = by_year[{r.pack, *r.year}];
        t.pack = r.pack;
        t.year = *r.year;
        if (r.summary.verdict != Verdict::NotChecked) {  // only a checked file has amounts to sum twice
            ++t.files;
            t.boards.insert(r.organisation_id.empty() ? "name:" + r.organisation : "id:" + r.organisation_id);
        } else {
            ++t.unchecked;
        }
        t.counts += r.summary.counts;
        const auto add = [](const std::optional<Use>& use, Sum& amount, Sum& limit, bool& complete) {
            if (!use) return;
            amount.add(use->amount);
            limit.add(use->limit);
            if (!use->limit) complete = false;
        };
        add(r.operating, t.operating, t.operating_limit, t.operating_limits_complete);
        add(r.investment, t.investment, t.investment_limit, t.investment_limits_complete);
    }
    std::vector<Total> out;
    for (auto& [year, t] : by_year) {
        // Two files of one board (two revisions in one round): summing them
        // would count its frame twice in KF's total, and which revision
        // counts is not ours to guess. The sums are left empty.
        if (t.boards.size() < t.files) t.operating = t.operating_limit = t.investment = t.investment_limit = Sum{};
        out.push_back(t);
    }
    return out;
}

std::string_view verdict_word(Verdict v, bool en) {
    switch (v) {
        case Verdict::Passed: return en ? "Passed" : "Godkänd";
        case Verdict::Failed: return en ? "Failed" : "Underkänd";
        case Verdict::NotChecked: return en ? "Not checked" : "Ej kontrollerad";
    }
    return "";
}

std::vector<std::string> headers(bool en) {
    if (en)
        return {"Submission", "Board", "Verdict", "Errors", "Warnings", "Notices", "Waived", "Year",
                "Operating within frame (tkr)", "KF's operating frame (tkr)", "Operating frame used (%)",
                "Net investments (tkr)", "KF's investment frame (tkr)", "Investment frame used (%)"};
    return {"Underlag", "Nämnd", "Resultat", "Fel", "Varningar", "Noteringar", "Undantagna", "År",
            "Drift inom ram (tkr)", "KF:s driftram (tkr)", "Driftram använd (%)",
            "Nettoinvesteringar (tkr)", "KF:s investeringsram (tkr)", "Investeringsram använd (%)"};
}

void use_cells(std::vector<Cell>& cells, const std::optional<Use>& use) {
    cells.push_back(use ? Cell::kronor(use->amount) : Cell::empty());
    cells.push_back(use ? Cell::kronor(use->limit) : Cell::empty());
    cells.push_back(use && use->limit ? Cell::share(use->amount, *use->limit) : Cell::empty());
}

void counts_cells(std::vector<Cell>& cells, const Counts& c) {
    for (const std::size_t n : {c.errors, c.warnings, c.notices, c.waived}) cells.push_back(Cell::count(static_cast<std::int64_t>(n)));
}

void sum_cells(std::vector<Cell>& cells, const Sum& amount, const Sum& limit, bool complete) {
    cells.push_back(Cell::kronor(amount.shown()));
    cells.push_back(Cell::kronor(limit.shown()));
    const auto a = amount.shown(), l = limit.shown();
    cells.push_back(complete && a && l ? Cell::share(*a, *l) : Cell::empty());
}

Sheet overview_sheet(const std::vector<Row>& rows, const RunSummary& run, bool en) {
    Sheet sheet;
    sheet.name = en ? "Overview" : "Översikt";
    sheet.headers = headers(en);
    sheet.widths = {28, 30, 16, 8, 10, 11, 11, 7, 16, 16, 12, 16, 16, 12};
    for (const Row& r : rows) {
        std::vector<Cell> cells{Cell::of_text(r.file), Cell::of_text(r.organisation),
                                Cell::of_text(std::string(verdict_word(r.summary.verdict, en)))};
        if (r.summary.verdict == Verdict::NotChecked) {
            cells.resize(sheet.headers.size());  // nothing was counted: no zeros that look like a pass
        } else {
            counts_cells(cells, r.summary.counts);
            cells.push_back(r.year ? Cell::count(*r.year) : Cell::empty());
            use_cells(cells, r.operating);
            use_cells(cells, r.investment);
        }
        sheet.rows.push_back(std::move(cells));
    }
    const std::vector<Total> sums = totals(rows);
    // Named by their decision when the round mixes decisions.
    const bool mixed = std::any_of(sums.begin(), sums.end(), [&](const Total& t) { return t.pack != sums.front().pack; });
    for (const Total& t : sums) {
        const std::string label =
            mixed ? fmt::format("{} {} ({})", en ? "Total" : "Summa", t.year,
                                t.pack.empty() ? (en ? "no policy pack" : "inget policypaket") : t.pack)
                  : fmt::format("{} {}", en ? "Total" : "Summa", t.year);
        const std::size_t n = t.boards.size() + t.unchecked;
        std::string boards = fmt::format("{} {}", n, en ? (n == 1 ? "board" : "boards") : (n == 1 ? "nämnd" : "nämnder"));
        if (t.boards.size() < t.files)
            boards += fmt::format(", {} {}", t.files + t.unchecked, en ? "files" : "underlag");
        std::vector<Cell> cells{Cell::of_text(label), Cell::of_text(boards), Cell::empty()};
        counts_cells(cells, t.counts);
        cells.push_back(Cell::count(t.year));
        sum_cells(cells, t.operating, t.operating_limit, t.operating_limits_complete);
        sum_cells(cells, t.investment, t.investment_limit, t.investment_limits_complete);
        sheet.rows.push_back(std::move(cells));
        ++sheet.total_rows;
    }
    std::vector<Cell> all{Cell::of_text(en ? "All submissions" : "Alla underlag"), Cell::of_text(files_text(run, en ? "en" : "sv")),
                          Cell::of_text(std::string(verdict_word(run.verdict, en)))};
    counts_cells(all, run.total);
    all.resize(sheet.headers.size());
    sheet.rows.push_back(std::move(all));
    ++sheet.total_rows;
    return sheet;
}

// A cell as a person reads it: tkr with thousands separated, "96,5 %".
std::string cell_html(const Cell& c) {
    switch (c.kind) {
        case Cell::Kind::Empty: return "–";
        case Cell::Kind::Text: return escape(c.text);
        case Cell::Kind::Count: return std::to_string(c.number);
        case Cell::Kind::Kronor: return escape(format_amount(c.number, Unit::Tkr, c.number % 1000 == 0 ? 0 : 3));
        case Cell::Kind::Share: return percent_text(c.number, c.denominator) + "\u00A0%";
    }
    return "";
}

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}"
    "table{border-collapse:collapse;font-size:.9rem}caption{text-align:left;font-weight:600;margin:.5rem 0}"
    "th,td{border:1px solid #b8c0cc;padding:.3rem .5rem;vertical-align:top}thead th{background:#dde4ee}"
    "td.num{text-align:right;white-space:nowrap}tbody tr.total td,tbody tr.total th{font-weight:700;background:#f2f4f7}"
    ".verdict-passed{color:#0b6b2b}.verdict-failed{color:#a4121c;font-weight:700}.verdict-not-checked{color:#6b4e00;font-weight:700}"
    ".over{color:#a4121c;font-weight:700}"
    "@page{size:A4 landscape;margin:12mm}@media print{body{margin:0}}";

void write_html(const std::vector<Row>& rows, const RunSummary& run, const std::vector<InputError>& run_errors,
                const OutputOptions& options, std::ostream& out) {
    const bool en = options.lang == "en";
    const Sheet sheet = overview_sheet(rows, run, en);
    out << "<!DOCTYPE html>\n<html lang=\"" << (en ? "en" : "sv") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta name=\"generator\" content=\"budgetcheck " << BUDGETCHECK_VERSION << "\">\n<title>"
        << (en ? "Budget round overview" : "Översikt över budgetomgången") << "</title>\n<style>" << kStyle
        << "</style>\n</head>\n<body>\n<main>\n<h1>" << (en ? "Budget round overview" : "Översikt över budgetomgången")
        << "</h1>\n";
    out << fmt::format("<p class=\"summary\" data-verdict=\"{}\"><strong>{}</strong> {}</p>\n", verdict_name(run.verdict),
                       escape(files_text(run, options.lang)), escape(counts_text(run.total, options.lang)));
    if (!run_errors.empty()) {
        out << "<section class=\"run-errors\"><h2>" << (en ? "The run stopped" : "Körningen avbröts") << "</h2><ul>\n";
        for (const auto& e : run_errors)
            out << fmt::format("<li><code>{}:{}:{}</code> {}</li>\n", escape(e.file), e.line, e.column,
                               escape(e.message.shown_in(options.lang)));
        out << "</ul></section>\n";
    }
    out << "<table class=\"overview\"><caption>"
        << (en ? "One row per submission; frame use for the budget year as the frame rules computed it, amounts in tkr; "
                 "KF's total is the sum of the frames of the boards in the round checked against the same decision."
               : "En rad per underlag; ramutnyttjande för budgetåret så som ramreglerna räknat det, belopp i tkr; KF:s "
                 "summa är summan av ramarna för nämnderna i omgången som kontrollerats mot samma beslut.")
        << "</caption>\n<thead><tr>";
    for (const auto& h : sheet.headers) out << "<th scope=\"col\">" << escape(h) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
        const auto& cells = sheet.rows[i];
        const bool total = i >= rows.size();
        const Row* row = total ? nullptr : &rows[i];
        out << (total ? "<tr class=\"total\">" : fmt::format("<tr data-file=\"{}\" data-verdict=\"{}\">", escape(row->file),
                                                               verdict_name(row->summary.verdict)));
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const Cell& cell = cells[c];
            std::string html = cell_html(cell);
            if (c == 0 && row && !options.html_report.empty())
                html = fmt::format("<a href=\"{}#file-{}\">{}</a>", escape(options.html_report), i + 1, html);
            if (c == 2 && row) html = fmt::format("<span class=\"verdict-{}\">{}</span>", verdict_name(row->summary.verdict), html);
            // A share over 100 % says so in words too, not only in colour.
            const bool over = cell.kind == Cell::Kind::Share && cell.number > cell.denominator;
            if (over) html = fmt::format("<span class=\"over\">{} ({})</span>", html, en ? "over the frame" : "över ramen");
            const bool number = cell.kind == Cell::Kind::Count || cell.kind == Cell::Kind::Kronor || cell.kind == Cell::Kind::Share;
            if (c == 0) out << "<th scope=\"row\">" << html << "</th>";
            else out << (number ? "<td class=\"num\">" : "<td>") << html << "</td>";
        }
        out << "</tr>\n";
    }
    out << "</tbody></table>\n<footer><p>" << (en ? "Made by budgetcheck " : "Skapad av budgetcheck ") << BUDGETCHECK_VERSION
        << "</p></footer>\n</main>\n</body>\n</html>\n";
}

enum class Encoding { Html, Csv, Xlsx };

class OverviewReporter final : public Reporter {
public:
    explicit OverviewReporter(Encoding encoding) : encoding_(encoding) {}
    void begin(const RunReport& run, const OutputOptions& options, std::ostream&) override {
        options_ = options;
        run_errors_ = &run.run_errors;
        rows_.clear();
    }
    void file(const FileReport& file, const FileSummary& summary, std::ostream&) override {
        rows_.push_back(make_row(file, summary));
    }
    void end(const RunSummary& summary, std::ostream& out) override {
        const bool en = options_.lang == "en";
        if (encoding_ == Encoding::Html) write_html(rows_, summary, *run_errors_, options_, out);
        else if (encoding_ == Encoding::Csv) write_csv(overview_sheet(rows_, summary, en), out);
        else if (const auto problem = write_xlsx({overview_sheet(rows_, summary, en)}, out))
            fail_report(*problem, options_.lang, out);
    }

private:
    Encoding encoding_;
    OutputOptions options_;
    const std::vector<InputError>* run_errors_ = nullptr;
    std::vector<Row> rows_;
};

}  // namespace

std::unique_ptr<Reporter> make_overview_reporter() { return std::make_unique<OverviewReporter>(Encoding::Html); }
std::unique_ptr<Reporter> make_overview_csv_reporter() { return std::make_unique<OverviewReporter>(Encoding::Csv); }
std::unique_ptr<Reporter> make_overview_xlsx_reporter() { return std::make_unique<OverviewReporter>(Encoding::Xlsx); }

}  // namespace budgetcheck::output
