#include "output/diff_reporter.hpp"

#include <fmt/format.h>

#include "output/html/charts.hpp"
#include "text/plural.hpp"
#include "text/terminal.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

using revision::AmountChange;
using revision::FindingChange;
using revision::FindingStatus;
using revision::RevisionDiff;

// Amounts are shown in the new revision's unit, with as many decimals as
// every amount and change needs to be exact (never rounded).
struct Shown {
    Unit unit;
    int decimals;
    std::string operator()(std::optional<std::int64_t> kronor) const {
        return kronor ? format_amount(*kronor, unit, decimals) : "–";
    }
    std::string change(std::int64_t kronor) const { return (kronor > 0 ? "+" : "") + format_amount(kronor, unit, decimals); }
};

Shown shown_for(const RevisionDiff& diff) {
    std::vector<std::int64_t> all;
    for (const auto& a : diff.amounts) {
        if (a.old_kronor) all.push_back(*a.old_kronor);
        if (a.new_kronor) all.push_back(*a.new_kronor);
        all.push_back(a.change());
    }
    const Unit unit = diff.new_revision.unit;
    return {unit, revision::exact_decimals(all, unit, diff.new_revision.decimals)};
}

struct AmountCounts {
    std::size_t changed = 0, added = 0, removed = 0;
};
AmountCounts amount_counts(const RevisionDiff& diff) {
    AmountCounts c;
    for (const auto& a : diff.amounts) ++(!a.old_kronor ? c.added : !a.new_kronor ? c.removed : c.changed);
    return c;
}

std::string_view status_label(FindingStatus status, bool en) {
    switch (status) {
        case FindingStatus::New: return en ? "new" : "nytt";
        case FindingStatus::Fixed: return en ? "fixed" : "åtgärdat";
        case FindingStatus::Unchanged: return en ? "unchanged" : "oförändrat";
    }
    return "";
}

std::string amounts_line(const RevisionDiff& diff, bool en) {
    const AmountCounts c = amount_counts(diff);
    return en ? fmt::format("{} changed, {} added, {} removed, {} unchanged", c.changed, c.added, c.removed,
                            diff.unchanged_amounts)
              : fmt::format("{} ändrade, {} tillagda, {} borttagna, {} oförändrade", c.changed, c.added, c.removed,
                            diff.unchanged_amounts);
}

std::string findings_line(const RevisionDiff& diff, bool en) {
    const std::size_t n = diff.count(FindingStatus::New), f = diff.count(FindingStatus::Fixed),
                      u = diff.count(FindingStatus::Unchanged);
    return en ? fmt::format("{} new, {} fixed, {} unchanged", n, f, u)
              : fmt::format("{} {}, {} {}, {} oförändrade", n, n == 1 ? "nytt" : "nya", f, f == 1 ? "åtgärdat" : "åtgärdade", u);
}

// Where a finding is: its revision's file, line and column, or a workbook's
// cell as validate shows it ("vss.xlsx Investeringar!D7").
std::string finding_where(const RevisionDiff& diff, const FindingChange& f) {
    const std::string& file = f.status == FindingStatus::Fixed ? diff.old_revision.file : diff.new_revision.file;
    const Location& at = f.finding.location;
    if (!at.file.empty()) return at.line ? fmt::format("{}:{}", at.file, at.line) : at.file;
    if (!at.cell.empty()) return fmt::format("{} {}", file, at.cell);
    return at.line ? fmt::format("{}:{}:{}", file, at.line, at.column) : file;
}

void write_text(const RevisionDiff& diff, const OutputOptions& options, std::ostream& out) {
    const bool en = options.lang == "en";
    const Shown shown = shown_for(diff);
    const auto safe = [](std::string_view s) { return text::terminal_safe(s); };
    out << fmt::format("{}: {} → {}\n", en ? "Comparing" : "Jämförelse", safe(diff.old_revision.file),
                       safe(diff.new_revision.file));
    out << fmt::format("{} ({}): {}\n", en ? "Amounts" : "Belopp", unit_name(shown.unit), amounts_line(diff, en));
    for (const AmountChange& a : diff.amounts)
        out << fmt::format("  {}: {} → {} ({})\n", safe(a.place.shown_in(options.lang)), shown(a.old_kronor),
                           shown(a.new_kronor), shown.change(a.change()));
    out << fmt::format("{}: {}\n", en ? "Findings" : "Fynd", findings_line(diff, en));
    for (const FindingChange& f : diff.findings) {
        const std::string place = f.place.shown_in(options.lang);
        // As validate prints a finding: where, the message, the rule id last.
        out << fmt::format("  {:<{}} {:<{}} {}: {}{}{} [{}]{}\n", status_label(f.status, en), en ? 9 : 10,
                           severity_label(f.finding.severity, options.lang), en ? 7 : 8, safe(finding_where(diff, f)),
                           safe(place), place.empty() ? "" : ": ", safe(f.finding.message.shown_in(options.lang)),
                           f.finding.rule_id, safe(waiver_note(f.finding, options.lang)));
    }
}

std::string optional_number(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "null"; }

std::string revision_json(const revision::Revision& r) {
    return fmt::format("{{\"file\": {}, \"policy_pack\": {}, \"unit\": {}, \"decimals\": {}, \"amounts\": {}}}",
                       json::quote(r.file), json::quote(r.policy_pack), json::quote(unit_name(r.unit)), r.decimals,
                       r.amounts);
}

void write_json(const RevisionDiff& diff, const OutputOptions& options, int exit_code, std::ostream& out) {
    const Shown shown = shown_for(diff);
    const AmountCounts c = amount_counts(diff);
    const std::string& lang = options.lang;
    out << "{\n  \"format\": \"budgetcheck-diff\",\n  \"version\": 1,\n"
        << fmt::format("  \"tool\": {{\"name\": \"budgetcheck\", \"version\": {}}},\n", json::quote(BUDGETCHECK_VERSION))
        << fmt::format("  \"lang\": {},\n  \"exit_code\": {},\n", json::quote(lang), exit_code)
        << fmt::format("  \"old\": {},\n  \"new\": {},\n", revision_json(diff.old_revision), revision_json(diff.new_revision))
        << fmt::format("  \"summary\": {{\"amounts\": {{\"changed\": {}, \"added\": {}, \"removed\": {}, \"unchanged\": {}}}, "
                       "\"findings\": {{\"new\": {}, \"fixed\": {}, \"unchanged\": {}}}}},\n",
                       c.changed, c.added, c.removed, diff.unchanged_amounts, diff.count(FindingStatus::New),
                       diff.count(FindingStatus::Fixed), diff.count(FindingStatus::Unchanged))
        << fmt::format("  \"unit\": {},\n  \"amounts\": [", json::quote(unit_name(shown.unit)));
    for (std::size_t i = 0; i < diff.amounts.size(); ++i) {
        const AmountChange& a = diff.amounts[i];
        out << (i ? ",\n    " : "\n    ")
            << fmt::format("{{\"place\": {}, \"place_sv\": {}, \"place_en\": {}, \"pointer\": {}, \"key\": {}, "
                           "\"old\": {}, \"new\": {}, \"change\": {}, \"old_text\": {}, \"new_text\": {}, "
                           "\"change_text\": {}, \"old_line\": {}, \"new_line\": {}{}}}",
                           json::quote(a.place.shown_in(lang)), json::quote(a.place.sv), json::quote(a.place.en),
                           json::quote(a.pointer), json::quote(a.key), optional_number(a.old_kronor),
                           optional_number(a.new_kronor), a.change(), json::quote(shown(a.old_kronor)),
                           json::quote(shown(a.new_kronor)), json::quote(shown.change(a.change())), a.old_line, a.new_line,
                           // a workbook's cells, as validate's JSON gives "cell" only for a workbook
                           (a.old_cell.empty() ? "" : ", \"old_cell\": " + json::quote(a.old_cell)) +
                               (a.new_cell.empty() ? "" : ", \"new_cell\": " + json::quote(a.new_cell)));
    }
    out << (diff.amounts.empty() ? "],\n" : "\n  ],\n") << "  \"findings\": [";
    for (std::size_t i = 0; i < diff.findings.size(); ++i) {
        const FindingChange& f = diff.findings[i];
        const Finding& x = f.finding;
        out << (i ? ",\n    " : "\n    ")
            << fmt::format("{{\"status\": {}, \"fingerprint\": {}, \"rule\": {}, \"severity\": {}, \"place\": {}, "
                           "\"pointer\": {}{}, \"line\": {}, \"column\": {}, \"year\": {}, \"message\": {}, "
                           "\"message_sv\": {}, \"message_en\": {}, \"expected\": {}, \"actual\": {}{}}}",
                           json::quote(revision::status_name(f.status)), json::quote(f.fingerprint), json::quote(x.rule_id),
                           json::quote(severity_name(x.severity)), json::quote(f.place.shown_in(lang)),
                           json::quote(x.location.pointer),
                           x.location.cell.empty() ? "" : ", \"cell\": " + json::quote(x.location.cell), x.location.line,
                           x.location.column,
                           x.year ? std::to_string(*x.year) : "null", json::quote(x.message.shown_in(lang)),
                           json::quote(x.message.sv), json::quote(x.message.en),
                           x.expected ? json::quote(*x.expected) : "null", x.actual ? json::quote(*x.actual) : "null",
                           x.waiver ? fmt::format(", \"waiver\": {{\"reason\": {}, \"decided_by\": {}, "
                                                  "\"decision_date\": {}, \"expires\": {}}}",
                                                  json::quote(x.waiver->reason), json::quote(x.waiver->decided_by),
                                                  json::quote(x.waiver->decision_date), json::quote(x.waiver->expires))
                                    : std::string());
    }
    out << (diff.findings.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

void write_html(const RevisionDiff& diff, const OutputOptions& options, std::ostream& out) {
    using html::escape;
    const bool en = options.lang == "en";
    const Shown shown = shown_for(diff);
    const std::string title = fmt::format("{}: {} → {}", en ? "Changes" : "Ändringar", diff.old_revision.file,
                                          diff.new_revision.file);
    out << "<!DOCTYPE html>\n<html lang=\"" << (en ? "en" : "sv") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta name=\"generator\" content=\"budgetcheck " << BUDGETCHECK_VERSION << "\">\n<title>" << escape(title)
        << "</title>\n<style>\n"
        << "body{font-family:\"Segoe UI\",Arial,Helvetica,sans-serif;margin:1.2rem;color:#1a1a1a}\n"
        << "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem}\n"
        << "table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
        << "th{background:#eef2f6}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
        << "tr.added td.new,tr.changed td.change{font-weight:600}tr.removed td.old{text-decoration:line-through}\n"
        << "details.unchanged summary{cursor:pointer;font-weight:600;margin:.6rem 0}\n"
        << "tr.new td.status{color:#8c0019;font-weight:700}tr.fixed td.status{color:#1b6e20;font-weight:700}\n"
        << "tr.unchanged{color:#555}p.summary{font-weight:600}code{font-size:.85rem}\n"
        << "@media print{body{margin:0}}\n</style>\n</head>\n<body>\n";
    out << "<h1>" << escape(title) << "</h1>\n";
    out << fmt::format("<p class=\"summary\" data-changed=\"{}\" data-new=\"{}\" data-fixed=\"{}\" data-unchanged=\"{}\">{}</p>\n",
                       amount_counts(diff).changed, diff.count(FindingStatus::New), diff.count(FindingStatus::Fixed),
                       diff.count(FindingStatus::Unchanged), escape(diff_summary_line(diff, options.lang)));
    out << fmt::format("<h2>{} ({})</h2>\n", en ? "Amounts changed" : "Ändrade belopp", unit_name(shown.unit));
    if (diff.amounts.empty()) out << "<p>" << (en ? "No amount changed." : "Inget belopp har ändrats.") << "</p>\n";
    else {
        out << fmt::format("<table class=\"amounts\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                           en ? "Place" : "Plats", en ? "Old" : "Gammalt", en ? "New" : "Nytt", en ? "Change" : "Förändring");
        for (const AmountChange& a : diff.amounts) {
            const char* kind = !a.old_kronor ? "added" : !a.new_kronor ? "removed" : "changed";
            out << fmt::format("<tr class=\"{}\" data-pointer=\"{}\" data-change=\"{}\"><td>{}</td><td class=\"num old\">{}</td>"
                               "<td class=\"num new\">{}</td><td class=\"num change\">{}</td></tr>\n",
                               kind, escape(a.pointer), a.change(), escape(a.place.shown_in(options.lang)),
                               escape(shown(a.old_kronor)), escape(shown(a.new_kronor)), escape(shown.change(a.change())));
        }
        out << "</tbody>\n</table>\n";
    }
    out << fmt::format("<h2>{}</h2>\n", en ? "Findings" : "Fynd");
    if (diff.findings.empty()) out << "<p>" << (en ? "No findings in either revision." : "Inga fynd i någon av versionerna.") << "</p>\n";
    else {
        // New and fixed first; the unchanged ones folded (they need no action now).
        const auto head = [&] {
            out << fmt::format("<table class=\"findings\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                               "Status", en ? "Severity" : "Allvarlighet", en ? "Place" : "Plats",
                               en ? "Message" : "Meddelande", en ? "Where" : "Var");
        };
        bool folded = false;
        head();
        for (const FindingChange& f : diff.findings) {
            if (f.status == FindingStatus::Unchanged && !folded) {
                folded = true;
                out << fmt::format("</tbody>\n</table>\n<details class=\"unchanged\"><summary>{} ({})</summary>\n",
                                   en ? "Unchanged findings" : "Oförändrade fynd", diff.count(FindingStatus::Unchanged));
                head();
            }
            out << fmt::format("<tr class=\"{}\" data-rule=\"{}\" data-fingerprint=\"{}\"><td class=\"status\">{}</td><td>{}</td>"
                               "<td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n",
                               revision::status_name(f.status), escape(f.finding.rule_id), f.fingerprint,
                               status_label(f.status, en), severity_label(f.finding.severity, options.lang),
                               escape(f.place.shown_in(options.lang)),
                               escape(f.finding.message.shown_in(options.lang) + waiver_note(f.finding, options.lang)),
                               escape(finding_where(diff, f)));
        }
        out << (folded ? "</tbody>\n</table>\n</details>\n" : "</tbody>\n</table>\n");
    }
    out << "</body>\n</html>\n";
}

}  // namespace

std::string diff_summary_line(const RevisionDiff& diff, std::string_view lang) {
    const bool en = lang == "en";
    return fmt::format("{}: {}. {}: {}.", en ? "Amounts" : "Belopp", amounts_line(diff, en), en ? "Findings" : "Fynd",
                       findings_line(diff, en));
}

bool is_diff_format(std::string_view format) { return format == "text" || format == "json" || format == "html"; }

void write_diff(const RevisionDiff& diff, std::string_view format, const OutputOptions& options, int exit_code,
                std::ostream& out) {
    if (format == "json") write_json(diff, options, exit_code, out);
    else if (format == "html") write_html(diff, options, out);
    else write_text(diff, options, out);
}

}  // namespace budgetcheck::output
