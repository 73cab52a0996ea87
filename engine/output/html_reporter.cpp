// One self-contained HTML page per run, for controllers: the verdict, what
// to fix (per rule), the errors and warnings with each finding's place and
// row, the notices folded, and charts drawn as inline SVG from the
// submission's own numbers. No scripts, no external assets (a
// Content-Security-Policy says so), every text from the submission or a rule
// HTML-escaped. The parts live in engine/output/html/; docs/report.md.
#include <fmt/format.h>

#include "output/html/charts.hpp"
#include "output/html/context.hpp"
#include "output/html/findings.hpp"
#include "output/html/report_charts.hpp"
#include "output/reporter.hpp"
#include "output/summary.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

using html::escape;
using html::string_at;

std::string verdict_html(const FileSummary& s, bool en) {
    if (s.verdict == Verdict::NotChecked)
        return fmt::format("<p class=\"verdict error\" data-verdict=\"error\"><strong>{}</strong></p>",
                           en ? "Could not be checked" : "Kunde inte kontrolleras");
    const bool fails = s.verdict == Verdict::Failed;
    const Counts& c = s.counts;
    return fmt::format(
        "<p class=\"verdict {}\" data-verdict=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-notices=\"{}\" data-waived=\"{}\">"
        "<strong>{}</strong> <span class=\"counts\">{}</span></p>",
        fails ? "fail" : "pass", fails ? "fail" : "pass", c.errors, c.warnings, c.notices, c.waived,
        fails ? (en ? "Fails" : "Underkänd") : (en ? "Passes" : "Godkänd"), escape(counts_text(c, en ? "en" : "sv")));
}

// Errors that stopped the run before any file was checked: what to fix, at its file:line:column.
std::string run_errors_html(const RunReport& run, bool en) {
    if (run.run_errors.empty()) return {};
    std::string out = fmt::format(
        "<section class=\"run-errors\"><p class=\"verdict error\" data-verdict=\"error\"><strong>{}</strong></p>"
        "<ul class=\"input-errors\">",
        en ? "The run stopped before any file was checked (a configuration or usage error)"
           : "Körningen avbröts innan någon fil kontrollerades (ett konfigurations- eller användningsfel)");
    for (const auto& e : run.run_errors) {
        out += fmt::format("<li data-code=\"{}\"><strong>{}</strong> <code>{}</code>{}: {}{}", escape(e.code), escape(e.code),
                           escape(e.file),
                           e.line ? fmt::format(fmt::runtime(en ? " (line {}, column {})" : " (rad {}, kolumn {})"), e.line, e.column) : "",
                           escape(e.message.shown_in(en ? "en" : "sv")), escape(e.hint.shown_in(en ? "en" : "sv")));
        if (!e.snippet.empty()) out += "<pre class=\"snippet\"><code>" + escape(e.snippet) + "</code></pre>";
        out += "</li>";
    }
    return out + "</ul></section>\n";
}

const char* kStyle = R"css(
:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.35rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #1f5f99;padding-bottom:.2rem}
h3{font-size:1.15rem;margin:1.25rem 0 .4rem}
h4{font-size:1rem;margin:1rem 0 .3rem}
.file{margin-top:2rem}
.facts-table{border-collapse:collapse;margin:.5rem 0}
.facts-table th{text-align:left;padding:.15rem 1rem .15rem 0;font-weight:600;vertical-align:top}
.facts-table td{padding:.15rem 0}
.verdict{font-size:1.2rem;padding:.6rem .9rem;border-radius:4px;border-left:8px solid}
.verdict.pass{background:#e7f4ea;border-color:#1b6e20;color:#0d3d12}
.verdict.fail{background:#fbe9eb;border-color:#b00020;color:#5c0011}
.verdict.error{background:#fff4e0;border-color:#8a5300;color:#4a2c00}
.badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;padding:.05rem .4rem;border-radius:3px;border:1px solid;vertical-align:middle}
.badge.sev-error{color:#8c0019;border-color:#8c0019;background:#fff}
.badge.sev-warning{color:#6b4000;border-color:#6b4000;background:#fff}
.badge.sev-notice{color:#174a6e;border-color:#174a6e;background:#fff}
.badge.waived{color:#3d3d3d;border-color:#3d3d3d;background:#f1f1f1}
.rule-id{font-size:.8rem;color:#444}
.explain{background:#f5f7fa;border:1px solid #dde3ea;padding:.3rem .8rem;margin:.4rem 0;font-size:.92rem}
.explain-head{font-weight:600;margin:.3rem 0}
ol.findings{padding-left:1.4rem}
.finding{margin:.6rem 0;padding:.3rem .5rem;border-left:4px solid #174a6e}
.finding.sev-error{border-color:#b00020}
.finding.sev-warning{border-color:#8a5300}
.finding.waived{opacity:.85;border-style:dashed}
.finding .place{margin:0;font-weight:600}
.finding .message{margin:.1rem 0}
.finding .values{white-space:nowrap;font-weight:600;margin-left:.3rem}
.row-group{margin:.4rem 0}
.row-head{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.2rem 1rem}
.row-head .place{margin:.1rem 0;font-weight:600;flex:1 1 18rem}
.row-group ol.findings{margin:.2rem 0}
.finding details.where{font-size:.8rem;color:#444}
.finding details.where summary{cursor:pointer}
table.row{border-collapse:collapse;font-size:.8rem;margin:.1rem 0;flex:0 0 auto}
table.row th,table.row td{border:1px solid #c8c8c8;padding:.05rem .4rem;text-align:right;font-variant-numeric:tabular-nums}
table.row .marked{background:#fde2e4;outline:2px solid #b00020;font-weight:700}
.finding.sev-warning table.row .marked{background:#fff1d6;outline-color:#8a5300}
.finding.sev-notice table.row .marked{background:#e3eef7;outline-color:#174a6e}
table.to-fix{border-collapse:collapse;font-size:.9rem;margin:.3rem 0}
table.to-fix th,table.to-fix td{border:1px solid #c8c8c8;padding:.15rem .5rem;text-align:left}
table.to-fix td.num{text-align:right;font-variant-numeric:tabular-nums}
section.to-fix p.note{font-size:.8rem;color:#444;margin:0 0 .2rem}
details.severity>summary{cursor:pointer}
details.severity>summary h3{display:inline}
details.explain{background:#f5f7fa;border:1px solid #dde3ea;padding:.2rem .6rem;margin:.3rem 0;font-size:.9rem}
details.explain summary{cursor:pointer}
dl.facts{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;margin:.2rem 0;font-size:.9rem}
dl.facts div{display:flex;gap:.35rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.waiver{font-size:.9rem;background:#f1f1f1;padding:.2rem .5rem}
pre.snippet{background:#f7f7f7;border:1px solid #ddd;padding:.4rem;overflow-x:auto;font-size:.8rem;margin:.3rem 0;white-space:pre-wrap;word-break:break-all}
pre.snippet .ln{color:#555;user-select:none}
pre.snippet .ln.main{color:#1a1a1a;font-weight:700}
pre.snippet mark{background:#ffd54f;color:#000;outline:1px solid #8a5300}
figure.chart{margin:1rem 0;break-inside:avoid;page-break-inside:avoid}
figure.chart figcaption{font-weight:600;margin-bottom:.3rem}
.chart-svg{max-width:100%;height:auto;border:1px solid #e3e3e3}
table.chart-data,table.overview{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
table.chart-data caption,table.overview caption{text-align:left;font-weight:600;padding:.2rem 0}
table.chart-data th,table.chart-data td,table.overview th,table.overview td{border:1px solid #c8c8c8;padding:.15rem .5rem;text-align:right}
table.chart-data th[scope=row],table.overview td.file,table.overview th{text-align:left}
table.chart-data tr.fired th{color:#8c0019}
.chart-note{font-style:italic;color:#444}
.input-errors li{margin:.4rem 0}
nav.toc ul{columns:2;padding-left:1.2rem}
footer{margin-top:3rem;font-size:.8rem;color:#555;border-top:1px solid #ddd;padding-top:.5rem}
a{color:#0b4f8a}
@page{size:A4;margin:9mm 10mm}
@media print{
 main{max-width:none;padding:0}
 nav.toc{display:none}
 .file+.file{break-before:page;page-break-before:always}
 body{font-size:8pt;line-height:1.22}
 .findings-section>h2,.findings-section>h3{display:none}
 h1{font-size:13pt;margin:0 0 .2rem}
 h2{font-size:11pt;margin:.4rem 0 .2rem}
 h3{font-size:10pt;margin:.4rem 0 .1rem}
 h4{font-size:9pt;margin:.3rem 0 .1rem}
 .verdict{font-size:10pt;padding:.2rem .6rem;margin:.2rem 0}
 .facts-table,.facts-table tbody{display:block;margin:.1rem 0}
 .facts-table tr{display:inline}
 .facts-table th,.facts-table td{display:inline;padding:0 .3rem 0 0}
 .facts-table td{padding-right:1rem}
 table.to-fix{width:100%}
 li.finding .badge,h4 .rule-id{display:none}
 table.to-fix th,table.to-fix td{padding:0 .4rem}
 section.to-fix h2,section.to-fix p.note{display:inline-block;margin-right:.8rem}
 section.to-fix p.note{font-size:7pt;margin-top:0;margin-bottom:0}
 .row-group{margin:.15rem 0}
 ol.findings{margin:.1rem 0}
 .finding{margin:.1rem 0;padding:0 .3rem}
 details.where,details.explain{display:none}
 ol.findings{padding-left:1rem}
 .finding,.explain,table{break-inside:avoid;page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .verdict,.badge,pre.snippet mark,.chart-svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

std::string pack_line(const html::Context& ctx) {
    if (!ctx.pack) return escape(ctx.file.policy_pack.empty() ? "–" : ctx.file.policy_pack);
    return fmt::format("{} ({} {}, {})", escape(ctx.pack->id), ctx.en ? "KF" : "KF", escape(ctx.pack->kf_date),
                       escape(ctx.pack->municipality));
}

std::string organisation_name(const FileReport& file) {
    if (!file.document) return "";
    return string_at(file.document->root().find("organisation").find("name"));
}

std::string file_section(const RunReport& run, const FileReport& file, const FileSummary& summary, std::size_t index,
                         bool en, bool batch) {
    const html::Context ctx = html::make_context(run, file, index, en);

    const std::string name = organisation_name(file);
    std::string out = fmt::format("<section class=\"file\" id=\"{}\" data-file=\"{}\" aria-labelledby=\"{}title\">\n",
                                  fmt::format("file-{}", index + 1), escape(file.file), ctx.prefix);
    out += fmt::format("<{} id=\"{}title\">{}</{}>\n", batch ? "h2" : "h1", ctx.prefix,
                       escape(name.empty() ? file.file : name + " — " + file.file), batch ? "h2" : "h1");
    out += verdict_html(summary, en);

    out += "<table class=\"facts-table\"><tbody>";
    auto fact = [&](const char* label, const std::string& value_html) {
        out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>", label, value_html);
    };
    fact(en ? "File" : "Fil", "<code>" + escape(file.file) + "</code>");
    if (ctx.root.valid()) {
        const json::Value org = ctx.root.find("organisation");
        const std::string funding = string_at(org.find("funding"));
        fact(en ? "Organisation" : "Organisation",
             escape(name) + (funding.empty() ? "" : fmt::format(" ({})", escape(funding_label(funding, en ? "en" : "sv")))));
        const json::Value kf = ctx.root.find("kf_decision");
        std::string decision = string_at(kf.find("date"));
        if (const auto p = string_at(kf.find("paragraph")); !p.empty()) decision += ", " + p;
        if (const auto t = string_at(kf.find("title")); !t.empty()) decision += " — " + t;
        fact(en ? "KF decision" : "KF-beslut", escape(decision));
        if (!ctx.years.empty()) {
            std::string period = std::to_string(ctx.years.front());
            if (ctx.years.size() > 1)
                period += fmt::format(", plan {}–{}", ctx.years[1], ctx.years.back());
            fact(en ? "Budget year" : "Budgetår", escape(period));
        }
        fact(en ? "Amounts in" : "Belopp i", escape(unit_name(ctx.unit)));
    }
    fact(en ? "Policy pack" : "Policypaket", pack_line(ctx));
    out += "</tbody></table>\n";

    if (!file.errors.empty()) {
        out += fmt::format("<h{} >{}</h{}><ul class=\"input-errors\">", batch ? 3 : 2,
                           en ? "The file could not be checked" : "Filen kunde inte kontrolleras", batch ? 3 : 2);
        for (const auto& e : file.errors) {
            out += fmt::format("<li data-code=\"{}\"><strong>{}</strong>{}: {}", escape(e.code), escape(e.code),
                               e.line ? fmt::format(fmt::runtime(en ? " (line {}, column {})" : " (rad {}, kolumn {})"), e.line, e.column) : "",
                               escape(e.message.shown_in(en ? "en" : "sv")));
            if (!e.snippet.empty()) out += "<pre class=\"snippet\"><code>" + escape(e.snippet) + "</code></pre>";
            out += "</li>";
        }
        out += "</ul>\n</section>\n";
        return out;
    }

    const char* h = batch ? "h3" : "h2";
    if (!file.rule_failures.empty()) {
        // Central finance's broken rules: named first, before the findings they leave out.
        out += fmt::format("<{} >{}</{}><ul class=\"input-errors rule-failures\">", h,
                           en ? "Rules that failed (a configuration error)" : "Regler som avbröts (ett konfigurationsfel)", h);
        for (const auto& r : file.rule_failures)
            out += fmt::format("<li data-code=\"{}\" data-rule=\"{}\" data-kind=\"{}\"><strong>{}</strong> ({}{}): {}</li>",
                               rules::kRuleErrorId, escape(r.rule), rules::kind_name(r.kind), escape(r.rule),
                               escape(r.file), r.line ? ":" + std::to_string(r.line) : "",
                               escape(rules::failure_message(r).in(en ? "en" : "sv")));
        out += "</ul>\n";
    }
    out += html::action_summary_html(ctx, run);
    out += fmt::format("<section class=\"findings-section\" aria-labelledby=\"{}findings\"><{} id=\"{}findings\">{}</{}>\n",
                       ctx.prefix, h, ctx.prefix, en ? "Findings" : "Fynd", h);
    out += html::findings_html(ctx, run);
    out += "</section>\n";
    if (ctx.root.valid() && !ctx.years.empty()) {
        out += fmt::format("<section class=\"charts\" aria-labelledby=\"{}charts\"><{} id=\"{}charts\">{}</{}>\n", ctx.prefix, h,
                           ctx.prefix, en ? "Charts" : "Diagram", h);
        out += html::charts_html(ctx);
        out += "</section>\n";
    }
    out += "</section>\n";
    return out;
}

class HtmlReporter final : public WholeRunReporter {
protected:
    void write_whole(const RunReport& run, const std::vector<FileSummary>& file_summaries, const RunSummary& summary,
                     const OutputOptions& options, std::ostream& out) const override {
        const bool en = options.lang == "en";
        const bool batch = run.files.size() > 1;
        out << "<!DOCTYPE html>\n<html lang=\"" << (en ? "en" : "sv") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
            << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
            << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            << "<meta name=\"generator\" content=\"budgetcheck " << BUDGETCHECK_VERSION << "\">\n<title>";
        if (batch) out << (en ? "budgetcheck report: " : "budgetcheck-rapport: ") << run.files.size() << (en ? " submissions" : " underlag");
        else if (!run.files.empty()) {
            const std::string name = organisation_name(run.files[0]);
            out << escape((en ? "budgetcheck report: " : "budgetcheck-rapport: ") + (name.empty() ? run.files[0].file : name));
        } else out << "budgetcheck";
        out << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";

        if (batch) {
            out << "<h1>" << (en ? "budgetcheck report" : "budgetcheck-rapport") << "</h1>\n";
            const bool failing = summary.verdict != Verdict::Passed;
            out << fmt::format("<p class=\"verdict {}\" data-verdict=\"{}\"><strong>{}</strong> <span class=\"counts\">{}</span></p>\n",
                               failing ? "fail" : "pass", failing ? "fail" : "pass",
                               escape(files_text(summary, options.lang)), escape(counts_text(summary.total, options.lang)));
            out << "<nav class=\"overview\" aria-labelledby=\"overview-title\"><h2 id=\"overview-title\">"
                << (en ? "Overview" : "Översikt") << "</h2>\n<table class=\"overview\"><caption>"
                << (en ? "All submissions in this run" : "Alla underlag i körningen") << "</caption><thead><tr>"
                << "<th scope=\"col\">" << (en ? "Submission" : "Underlag") << "</th><th scope=\"col\">"
                << (en ? "Policy pack" : "Policypaket") << "</th><th scope=\"col\">" << (en ? "Verdict" : "Resultat")
                << "</th><th scope=\"col\">" << (en ? "Errors" : "Fel") << "</th><th scope=\"col\">"
                << (en ? "Warnings" : "Varningar") << "</th><th scope=\"col\">" << (en ? "Notices" : "Noteringar")
                << "</th><th scope=\"col\">" << (en ? "Waived" : "Undantagna") << "</th></tr></thead><tbody>\n";
            for (std::size_t i = 0; i < run.files.size(); ++i) {
                const auto& f = run.files[i];
                const Counts& c = file_summaries[i].counts;
                const std::string name = organisation_name(f);
                const char* verdict = file_summaries[i].verdict == Verdict::NotChecked ? (en ? "Could not be checked" : "Kunde inte kontrolleras")
                                      : file_summaries[i].verdict == Verdict::Failed ? (en ? "Fails" : "Underkänd")
                                                                                    : (en ? "Passes" : "Godkänd");
                out << fmt::format(
                    "<tr data-file=\"{}\"><td class=\"file\"><a href=\"#file-{}\">{}</a></td><td>{}</td><td class=\"verdict-cell\">{}</td>"
                    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    escape(f.file), i + 1, escape(name.empty() ? f.file : name + " (" + f.file + ")"),
                    escape(f.policy_pack.empty() ? "–" : f.policy_pack), verdict, c.errors, c.warnings, c.notices, c.waived);
            }
            out << "</tbody></table></nav>\n";
        }
        out << run_errors_html(run, en);
        if (!run.run_notes.empty()) {
            out << "<ul class=\"run-notes\">";
            for (const auto& note : run.run_notes) out << "<li>" << escape(note.shown_in(options.lang)) << "</li>";
            out << "</ul>\n";
        }
        for (std::size_t i = 0; i < run.files.size(); ++i)
            out << file_section(run, run.files[i], file_summaries[i], i, en, batch);
        out << "<footer>" << (en ? "Made by budgetcheck " : "Skapad av budgetcheck ") << BUDGETCHECK_VERSION
            << (en ? ". Amounts are in each submission's unit; rules fire on exact kronor."
                   : ". Beloppen visas i underlagets enhet; reglerna räknar i exakta kronor.")
            << "</footer>\n</main>\n</body>\n</html>\n";
    }
};

}  // namespace

std::unique_ptr<Reporter> make_html_reporter() { return std::make_unique<HtmlReporter>(); }

}  // namespace budgetcheck::output
