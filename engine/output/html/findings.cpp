#include "output/html/findings.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "output/html/charts.hpp"
#include "place.hpp"
#include "text/plural.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::output::html {

namespace {

const rules::RuleInfo* rule_info(const RunReport& run, const std::string& id) {
    if (!run.rules) return nullptr;
    for (const auto& r : *run.rules)
        if (r.id == id) return &r;
    return nullptr;
}

std::string rule_title(const RunReport& run, const std::string& id, bool en) {
    const auto* info = rule_info(run, id);
    return info ? info->title.in(en ? "en" : "sv") : id;
}

std::string severity_badge(Severity s, bool en) {
    return fmt::format("<span class=\"badge sev-{}\">{}</span>", severity_name(s), severity_label(s, en ? "en" : "sv"));
}

bool is_year(std::string_view token) {
    return token.size() == 4 && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---------------------------------------------------------------- the row

// The series a finding is about (an object keyed by year) and its year:
// the last year token of the pointer whose parent is such an object, or the
// pointer itself when it names a series and the finding has a year (a
// missing cell).
struct Cell {
    json::Value series;
    int year = 0;
};

std::optional<Cell> cell_of(const Context& ctx, const Finding& f) {
    if (!ctx.file.document || !f.location.file.empty()) return std::nullopt;
    const auto tokens = pointer_tokens(f.location.pointer);
    json::Value v = ctx.root;
    std::optional<Cell> cell;
    for (const auto& token : tokens) {
        if (!v.valid()) break;
        if (v.is_object() && is_year(token)) cell = Cell{v, std::stoi(token)};
        if (v.is_object()) v = v.find(token);
        else if (v.is_array()) {
            const auto i = index_token({token}, 0);
            v = i && *i < v.size() ? v.at(*i) : json::Value();
        } else v = json::Value();
    }
    if (!cell && f.year && v.valid() && v.is_object()) {
        bool years = v.size() > 0;
        for (std::size_t i = 0; i < v.size(); ++i) years = years && is_year(v.key_at(i));
        if (years) cell = Cell{v, *f.year};
    }
    return cell;
}

// A cell as the document writes it: an amount (numbers in a series are
// money: schemas/submission.schema.json keeps indicator values as objects)
// in the submission's unit, exact; an indicator value as written.
std::string cell_text(const Context& ctx, json::Value v) {
    if (!v.valid()) return ctx.en ? "missing" : "saknas";
    if (v.is_number()) {
        const auto kronor = to_kronor(v.number_text(), ctx.unit).kronor;
        return kronor ? format_amount(*kronor, ctx.unit, ctx.decimals) : std::string(v.number_text());
    }
    if (v.is_object()) {
        const std::string shown = target_text(v, ctx.en);
        return shown.empty() ? (ctx.en ? "missing" : "saknas") : shown;
    }
    return std::string(v.is_string() ? v.as_string() : "");
}

// The row as a small table, the years as columns, the cells of `marked`
// (the findings' years) marked. Amounts without their unit, which heads the row.
std::string row_table(const Context& ctx, json::Value series, const std::set<int>& marked) {
    std::set<int> years = marked;
    for (std::size_t i = 0; i < series.size(); ++i)
        if (is_year(series.key_at(i))) years.insert(std::stoi(std::string(series.key_at(i))));
    bool money = false;
    for (std::size_t i = 0; i < series.size(); ++i) money = money || series.at(i).is_number();
    const std::string unit(unit_name(ctx.unit));
    std::string head, body;
    for (const int year : years) {
        const bool mark = marked.count(year) != 0;
        std::string text = cell_text(ctx, series.find(std::to_string(year)));
        if (money && text.size() > unit.size() + 1 && text.compare(text.size() - unit.size(), unit.size(), unit) == 0)
            text.resize(text.size() - unit.size() - 1);
        head += fmt::format("<th scope=\"col\"{}>{}</th>", mark ? " class=\"marked\"" : "", year);
        body += fmt::format("<td data-year=\"{}\"{}>{}</td>", year, mark ? " class=\"marked\"" : "", escape(text));
    }
    std::string marks;
    for (const int y : marked) marks += (marks.empty() ? "" : " ") + std::to_string(y);
    return fmt::format("<table class=\"row\" data-marked-years=\"{}\"><thead><tr><th scope=\"col\"></th>{}</tr></thead>"
                       "<tbody><tr><th scope=\"row\">{}</th>{}</tr></tbody></table>",
                       marks, head, money ? escape(unit) : "", body);
}

// ---------------------------------------------------------------- detail

// Byte length of the JSON token starting at `offset` (scalars), 1 for containers.
std::size_t token_length(std::string_view source, std::size_t offset) {
    if (offset >= source.size()) return 0;
    const char c = source[offset];
    if (c == '"') {
        std::size_t i = offset + 1;
        while (i < source.size() && source[i] != '"' && source[i] != '\n') i += source[i] == '\\' ? 2 : 1;
        return std::min(i + 1, source.size()) - offset;
    }
    if (c == '{' || c == '[') return 1;
    std::size_t i = offset;
    while (i < source.size() && std::string_view(",}] \t\r\n").find(source[i]) == std::string_view::npos) ++i;
    return i - offset;
}

std::string snippet(const Context& ctx, const Finding& f) {
    if (!ctx.file.document || f.location.line == 0 || !f.location.file.empty()) return "";
    const auto& doc = *ctx.file.document;
    const std::string_view source = doc.source();
    const json::Value value = doc.resolve(f.location.pointer);
    std::size_t mark_begin = std::string_view::npos, mark_length = 0;
    const std::uint32_t line = f.location.line;
    const std::string_view text = doc.line_text(line);
    const std::size_t line_start = static_cast<std::size_t>(text.data() - source.data());
    if (value.valid() && value.position().line == line) {
        mark_begin = value.position().offset - line_start;
        mark_length = token_length(source, value.position().offset);
    } else {
        // The character at the column (code points), or the end of the line.
        text::LineColumns& columns = ctx.line_columns.try_emplace(line, text).first->second;
        mark_begin = columns.offset_of(f.location.column).value_or(text.size());
        mark_length = utf8::next_boundary(text, mark_begin) - mark_begin;
    }
    auto clip = [](std::string_view s) { return utf8::truncate_bytes(s, 400); };
    std::string out = "<pre class=\"snippet\"><code>";
    auto row = [&](std::uint32_t n, const std::string& body, bool main) {
        out += fmt::format("<span class=\"ln{}\">{:>5}</span> {}\n", main ? " main" : "", n, body);
    };
    if (line > 1) row(line - 1, escape(clip(doc.line_text(line - 1))), false);
    std::string main;
    if (mark_begin <= text.size()) {
        mark_length = std::min(mark_length, text.size() - mark_begin);
        main = escape(clip(text.substr(0, mark_begin))) + "<mark>" + escape(clip(text.substr(mark_begin, mark_length))) +
               "</mark>" + escape(clip(text.substr(mark_begin + mark_length)));
    } else {
        main = escape(clip(text));
    }
    row(line, main, true);
    const std::string_view next = doc.line_text(line + 1);
    if (next.data() != nullptr && static_cast<std::size_t>(next.data() - source.data()) > line_start)
        row(line + 1, escape(clip(next)), false);
    out += "</code></pre>";
    return out;
}

// `grouped`: the finding sits under its row's place and table (one year of
// that row), so it shows its year rather than the whole place again.
std::string finding_html(const Context& ctx, const Finding& f, bool grouped) {
    const bool en = ctx.en;
    const std::string_view lang = ctx.lang();
    std::string out = fmt::format("<li class=\"finding sev-{}{}\" data-rule=\"{}\" data-severity=\"{}\"{} data-place=\"{}\">",
                                  severity_name(f.severity), f.waiver ? " waived" : "", escape(f.rule_id),
                                  severity_name(f.severity), f.year ? fmt::format(" data-year=\"{}\"", *f.year) : "",
                                  escape(f.place.shown_in(lang)));
    out += "<div class=\"what\">";
    out += "<p class=\"message\">";
    // Not under a row: the place leads the finding's own line.
    if (!grouped && !f.place.shown_in(lang).empty())
        out += "<strong class=\"place\">" + escape(f.place.shown_in(lang)) + "</strong> ";
    out += severity_badge(f.severity, en);
    if (grouped && f.year) out += fmt::format(" <strong class=\"year\">{}</strong>", *f.year);
    if (f.waiver) out += fmt::format(" <span class=\"badge waived\">{}</span>", en ? "waived" : "undantag");
    out += " " + escape(f.message.shown_in(lang));
    if (f.expected || f.actual) {
        out += " <span class=\"values\">";
        if (f.expected)
            out += fmt::format("{}: <span class=\"expected\">{}</span>", en ? "Expected" : "Förväntat",
                               escape(shown_value(*f.expected, lang)));
        if (f.expected && f.actual) out += " · ";
        if (f.actual)
            out += fmt::format("{}: <span class=\"actual\">{}</span>", en ? "Actual" : "Faktiskt",
                               escape(shown_value(*f.actual, lang)));
        out += "</span>";
    }
    out += "</p>";
    if (f.waiver) {
        const auto& w = *f.waiver;
        out += fmt::format("<p class=\"waiver\"><strong>{}</strong> {}", en ? "Waived:" : "Undantag:", escape(w.reason));
        if (!w.decided_by.empty() || !w.decision_date.empty())
            out += fmt::format(" ({} {} {})", en ? "decided by" : "beslutat av", escape(w.decided_by), escape(w.decision_date));
        if (!w.expires.empty()) out += fmt::format(" — {} {}", en ? "expires" : "gäller till", escape(w.expires));
        out += "</p>";
    }
    out += "</div>";
    // For whoever edits the file: where it is, folded.
    const std::string where = !f.location.file.empty() ? f.location.file
                              : f.location.pointer.empty() ? "/" : f.location.pointer;
    out += fmt::format("<details class=\"where\"><summary>{}{}</summary><p><code class=\"pointer\">{}</code></p>{}</details>",
                       en ? "In the file" : "I filen",
                       // A workbook's finding names its sheet and cell (line and column are 0).
                       !f.location.cell.empty() ? fmt::format(fmt::runtime(en ? ": cell {}" : ": cell {}"), escape(f.location.cell))
                       : f.location.line ? fmt::format(fmt::runtime(en ? ": line {}, column {}" : ": rad {}, kolumn {}"),
                                                       f.location.line, f.location.column)
                                         : "",
                       escape(where), snippet(ctx, f));
    out += "</li>\n";
    return out;
}

// A finding's place without its last part when that is its year: the row.
std::string row_place(const Finding& f, std::string_view lang) {
    std::string place = f.place.shown_in(lang);
    const std::string year = f.year ? std::string(kPlaceSeparator) + std::to_string(*f.year) : std::string();
    if (!year.empty() && place.size() > year.size() && place.compare(place.size() - year.size(), year.size(), year) == 0)
        place.resize(place.size() - year.size());
    return place;
}

std::string paragraphs(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\n\n", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view para = text.substr(start, end - start);
        while (!para.empty() && (para.front() == '\n' || para.front() == ' ')) para.remove_prefix(1);
        while (!para.empty() && (para.back() == '\n' || para.back() == ' ')) para.remove_suffix(1);
        if (!para.empty()) out += "<p>" + escape(para) + "</p>";
        start = end + 2;
    }
    return out;
}

// What the rule checks and how to fix it, folded under the rule's heading.
std::string explain_html(const RunReport& run, const std::string& rule_id, bool en) {
    const auto* info = rule_info(run, rule_id);
    std::string head, body;
    if (!info && rule_id.rfind("schema.", 0) == 0) {
        head = en ? "What the check is, and how to fix it" : "Vad kontrollen är och hur det åtgärdas";
        body = en ? "<p>The submission does not follow the submission format (schemas/submission.schema.json, "
                    "described in docs/format.md): a field is missing, misspelt or of the wrong type. "
                    "The KF policy rules run only on a file that follows the format. Fix the field shown below.</p>"
                  : "<p>Underlaget följer inte formatet för budgetunderlag (schemas/submission.schema.json, "
                    "beskrivet i docs/format.md): ett fält saknas, är felstavat eller har fel typ. "
                    "KF-reglerna körs bara på en fil som följer formatet. Rätta fältet som visas nedan.</p>";
    } else if (!info && rule_id.rfind("engine.", 0) == 0) {
        head = en ? "What the check is" : "Vad kontrollen är";
        body = en ? "<p>A message from the engine itself, not from a KF rule: a rule could not finish or findings were capped. "
                    "Tell central finance, who maintain the rules.</p>"
                  : "<p>Ett meddelande från motorn, inte från en KF-regel: en regel kunde inte köras klart eller fynden "
                    "begränsades. Kontakta ekonomiavdelningen, som förvaltar reglerna.</p>";
    } else if (info && !info->explain.in(en ? "en" : "sv").empty()) {
        head = en ? "What the rule checks, why, and how to fix it" : "Vad regeln kontrollerar, varför och hur det åtgärdas";
        body = paragraphs(info->explain.in(en ? "en" : "sv"));
    }
    if (head.empty()) return "";
    return fmt::format("<details class=\"explain\"><summary class=\"explain-head\">{}</summary>{}</details>\n", head, body);
}

// The findings of one part (a severity, or the waived ones) by rule, rules
// in order of their first finding.
// `anchor`: each rule's section gets the id the "Att åtgärda" table links to.
std::string by_rule(const Context& ctx, const RunReport& run, const std::vector<const Finding*>& findings,
                    std::string_view anchor = {}) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Finding*>> rules;
    for (const Finding* f : findings) {
        auto& list = rules[f->rule_id];
        if (list.empty()) order.push_back(f->rule_id);
        list.push_back(f);
    }
    std::string out;
    for (const auto& id : order) {
        const auto& list = rules.at(id);
        Severity worst = Severity::Notice;
        for (const auto* f : list) worst = std::max(worst, f->severity);
        out += fmt::format("<section class=\"rule\"{} data-rule=\"{}\"><h4>{} {} <span class=\"count\">({})</span> "
                           "<code class=\"rule-id\">{}</code></h4>\n",
                           anchor.empty() ? "" : fmt::format(" id=\"{}{}-{}\"", ctx.prefix, anchor, escape(id)), escape(id), severity_badge(worst, ctx.en), escape(rule_title(run, id, ctx.en)), list.size(),
                           escape(id));
        out += explain_html(run, id, ctx.en);
        // Findings on one row (a series) together: its place and table once,
        // every year a finding concerns marked.
        std::vector<std::pair<std::optional<Cell>, std::vector<const Finding*>>> rows;
        for (const auto* f : list) {
            auto cell = cell_of(ctx, *f);
            auto same = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
                return cell && r.first && r.first->series == cell->series;
            });
            if (same == rows.end()) rows.push_back({cell, {f}});
            else same->second.push_back(f);
        }
        bool in_list = false;  // consecutive findings without a row share one list
        for (const auto& [cell, members] : rows) {
            if (!cell) {
                if (!in_list) out += "<ol class=\"findings\">\n";
                in_list = true;
                out += finding_html(ctx, *members.front(), false);
                continue;
            }
            if (in_list) out += "</ol>\n";
            in_list = false;
            std::set<int> years;
            for (const auto* f : members) years.insert(f->year.value_or(cell->year));
            const std::string place = row_place(*members.front(), ctx.lang());
            out += fmt::format("<div class=\"row-group\" data-place=\"{}\"><div class=\"row-head\">{}{}</div><ol class=\"findings\">\n",
                               escape(place), place.empty() ? "" : "<p class=\"place\">" + escape(place) + "</p>",
                               row_table(ctx, cell->series, years));
            for (const auto* f : members) out += finding_html(ctx, *f, true);
            out += "</ol></div>\n";
        }
        if (in_list) out += "</ol>\n";
        out += "</section>\n";
    }
    return out;
}

}  // namespace

std::string action_summary_html(const Context& ctx, const RunReport& run) {
    const bool en = ctx.en;
    // The last column ranks what a controller must fix: the largest
    // |actual − expected| the rule computed (Finding::difference, exact
    // kronor); for a rule whose findings carry none, the largest amount a
    // finding's cell holds, shown in parentheses (the note says so).
    struct Row {
        Severity severity;
        std::string rule;
        std::size_t count = 0;
        std::set<int> years;
        std::optional<std::int64_t> difference;  // kronor: the largest |difference|
        std::optional<std::int64_t> amount;      // kronor: the largest amount a finding's cell holds
    };
    std::vector<Row> rows;
    for (const auto& f : ctx.file.findings) {
        if (f.waiver || f.severity == Severity::Notice) continue;
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const Row& r) { return r.rule == f.rule_id && r.severity == f.severity; });
        if (it == rows.end()) it = rows.insert(rows.end(), Row{f.severity, f.rule_id, 0, {}, std::nullopt, std::nullopt});
        ++it->count;
        if (f.year) it->years.insert(*f.year);
        if (f.difference) {
            // ±2^53 at most (report{} checks it): llabs cannot overflow.
            const std::int64_t off = std::llabs(*f.difference);
            if (!it->difference || off > *it->difference) it->difference = off;
        }
        if (const auto cell = cell_of(ctx, f)) {
            const json::Value v = cell->series.find(std::to_string(cell->year));
            if (v.valid() && v.is_number())
                if (const auto kronor = to_kronor(v.number_text(), ctx.unit).kronor)
                    if (!it->amount || std::llabs(*kronor) > std::llabs(*it->amount)) it->amount = *kronor;
        }
    }
    if (rows.empty()) return "";
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.severity > b.severity; });
    bool any_amount = false;
    for (const auto& r : rows) any_amount = any_amount || (!r.difference && r.amount);
    // The note says what the last column holds; before the table, so print
    // can set it on the heading's line (the page budget of docs/report.md).
    std::string out = fmt::format(
        "<section class=\"to-fix\" aria-labelledby=\"{0}to-fix\"><h2 id=\"{0}to-fix\">{1}</h2>\n"
        "<p class=\"note\" id=\"{0}to-fix-note\">* {7}{8}</p>\n<table class=\"to-fix\"><thead><tr>"
        "<th scope=\"col\">{2}</th><th scope=\"col\">{3}</th><th scope=\"col\">{4}</th><th scope=\"col\">{5}</th>"
        "<th scope=\"col\">{6}<sup><a href=\"#{0}to-fix-note\">*</a></sup></th></tr></thead><tbody>\n",
        ctx.prefix, en ? "To fix" : "Att åtgärda", en ? "Rule" : "Regel", en ? "Severity" : "Allvarlighet",
        en ? "How many" : "Antal", en ? "Years" : "År", en ? "Largest difference" : "Största skillnad",
        en ? "Largest difference: |actual − expected amount| as the rule computed it."
           : "Största skillnad: |faktiskt − förväntat belopp| som regeln räknat den.",
        !any_amount ? ""
        : en        ? " In parentheses: the rule states no difference; the largest amount of the findings' cells."
                    : " Inom parentes: regeln anger ingen skillnad; det största beloppet i fyndens celler.");
    for (const auto& r : rows) {
        std::string years;
        for (const int y : r.years) years += (years.empty() ? "" : ", ") + std::to_string(y);
        const auto largest = r.difference ? r.difference : r.amount;
        const char* kind = r.difference ? "difference" : r.amount ? "amount" : "";
        std::string shown = "–";
        if (r.difference) shown = format_amount(*r.difference, ctx.unit, ctx.decimals);
        else if (r.amount) shown = "(" + format_amount(*r.amount, ctx.unit, ctx.decimals) + ")";
        out += fmt::format(
            "<tr data-rule=\"{}\" data-severity=\"{}\" data-count=\"{}\" data-years=\"{}\" data-largest=\"{}\" "
            "data-largest-kind=\"{}\"><th scope=\"row\"><a href=\"#{}{}-{}\">{}</a></th><td>{}</td><td class=\"num\">{}</td>"
            "<td>{}</td><td class=\"num\">{}</td></tr>\n",
            escape(r.rule), severity_name(r.severity), r.count, years, largest ? std::to_string(*largest) : "", kind,
            ctx.prefix, severity_name(r.severity), escape(r.rule), escape(rule_title(run, r.rule, en)),
            severity_badge(r.severity, en), r.count, years.empty() ? "–" : years, shown);
    }
    out += "</tbody></table>\n";
    return out + "</section>\n";
}

std::string findings_html(const Context& ctx, const RunReport& run) {
    const bool en = ctx.en;
    const auto& findings = ctx.file.findings;
    if (findings.empty()) return fmt::format("<p class=\"no-findings\">{}</p>\n", en ? "No findings." : "Inga fynd.");
    std::vector<const Finding*> errors, warnings, notices, waived;
    for (const auto& f : findings)
        (f.waiver ? waived : f.severity == Severity::Error ? errors : f.severity == Severity::Warning ? warnings : notices)
            .push_back(&f);
    std::string out;
    // Errors and warnings open, each rule anchored for the summary's links.
    auto part = [&](const std::vector<const Finding*>& list, Severity s, const char* sv, const char* english) {
        if (list.empty()) return;
        const std::string body = by_rule(ctx, run, list, severity_name(s));
        out += fmt::format("<section class=\"severity\" data-severity=\"{}\"><h3>{} <span class=\"count\">({})</span></h3>\n{}</section>\n",
                           severity_name(s), en ? english : sv, list.size(), body);
    };
    part(errors, Severity::Error, "Fel", "Errors");
    part(warnings, Severity::Warning, "Varningar", "Warnings");
    // Notices and waived findings: folded, nothing to act on.
    if (!notices.empty())
        out += fmt::format("<details class=\"severity notices\" data-severity=\"notice\"><summary><h3>{} <span class=\"count\">({})</span></h3></summary>\n{}</details>\n",
                           en ? "Notices" : "Noteringar", notices.size(), by_rule(ctx, run, notices));
    if (!waived.empty())
        out += fmt::format("<details class=\"severity waived\" data-severity=\"waived\"><summary><h3>{} <span class=\"count\">({})</span></h3></summary>\n{}</details>\n",
                           en ? "Waived" : "Undantagna", waived.size(), by_rule(ctx, run, waived));
    return out;
}

}  // namespace budgetcheck::output::html
