// One self-contained HTML page per run, for controllers: a verdict, the
// findings grouped by målområde and rule with the offending lines, and
// charts drawn as inline SVG from the submission's own numbers. No scripts,
// no external assets (a Content-Security-Policy says so), every text from
// the submission or a rule HTML-escaped. docs/report.md describes it.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "money.hpp"
#include "output/html/charts.hpp"
#include "output/reporter.hpp"
#include "output/summary.hpp"
#include "text/caret.hpp"
#include "text/plural.hpp"
#include "text/utf8.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

using html::escape;

// Splits a JSON Pointer into its unescaped tokens.
std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    std::size_t i = 1;
    std::string current;
    for (; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(current);
            current.clear();
            continue;
        }
        if (pointer[i] == '~' && i + 1 < pointer.size()) {
            current += pointer[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            current += pointer[i];
        }
    }
    return tokens;
}

std::optional<std::size_t> index_token(const std::vector<std::string>& tokens, std::size_t at) {
    if (tokens.size() <= at || tokens[at].empty()) return std::nullopt;
    std::size_t n = 0;
    for (const char c : tokens[at]) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

std::string string_at(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

// One file's context: the parsed submission, its pack and its period.
struct Context {
    explicit Context(const FileReport& f) : file(f) {}
    const FileReport& file;
    const PolicyPack* pack = nullptr;
    json::Value root;     // invalid when the file did not parse
    json::Value pack_root;
    Unit unit = Unit::Tkr;
    int decimals = 0;
    Unit pack_unit = Unit::Tkr;
    std::vector<int> years;  // budget year and plan years
    bool en = false;
    std::string prefix;  // id prefix, unique per file
    // Columns of the lines snippets mark by column: many findings on one
    // long (minified) line read it once, not once per finding.
    mutable std::map<std::uint32_t, text::LineColumns> line_columns;
};

std::optional<double> amount(json::Value series, int year, Unit unit) {
    if (!series.valid() || !series.is_object()) return std::nullopt;
    const json::Value v = series.find(std::to_string(year));
    if (!v.valid() || !v.is_number()) return std::nullopt;
    const auto converted = to_kronor(v.number_text(), unit);
    if (!converted.kronor) return std::nullopt;
    return static_cast<double>(*converted.kronor) / static_cast<double>(kronor_per_unit(unit));
}

// A series in the pack's unit, shown in the submission's unit.
std::optional<double> pack_amount(const Context& ctx, json::Value series, int year) {
    const auto v = amount(series, year, ctx.pack_unit);
    if (!v) return std::nullopt;
    return *v * static_cast<double>(kronor_per_unit(ctx.pack_unit)) / static_cast<double>(kronor_per_unit(ctx.unit));
}

std::string format_money(const Context& ctx, double v) {
    const double kronor = v * static_cast<double>(kronor_per_unit(ctx.unit));
    return format_amount(std::llround(kronor), ctx.unit, ctx.decimals);
}

// ---------------------------------------------------------------- grouping

struct Group {
    std::string key;
    std::string title;
    int order = 0;
};

std::string goal_area_name(const Context& ctx, const std::string& id) {
    const json::Value areas = ctx.pack_root.valid() ? ctx.pack_root.find("goal_areas") : json::Value();
    if (areas.valid() && areas.is_array())
        for (std::size_t i = 0; i < areas.size(); ++i)
            if (string_at(areas.at(i).find("id")) == id) return string_at(areas.at(i).find("name"));
    return "";
}

int goal_area_order(const Context& ctx, const std::string& id) {
    const json::Value areas = ctx.pack_root.valid() ? ctx.pack_root.find("goal_areas") : json::Value();
    if (areas.valid() && areas.is_array())
        for (std::size_t i = 0; i < areas.size(); ++i)
            if (string_at(areas.at(i).find("id")) == id) return static_cast<int>(i);
    return 100;
}

// Findings in /indicators/N or /goals/N belong to that entry's goal area;
// findings about money belong to Ekonomi (the pack's goal area of that id
// when it has one); the rest to a group per concern. docs/report.md.
Group group_of(const Context& ctx, const Finding& f) {
    const bool en = ctx.en;
    const auto tokens = pointer_tokens(f.location.pointer);
    const std::string top = tokens.empty() ? "" : tokens[0];
    auto area_group = [&](const std::string& id) {
        std::string name = goal_area_name(ctx, id);
        if (name.empty()) name = id;
        return Group{"area-" + id, (en ? "Goal area: " : "Målområde: ") + name, goal_area_order(ctx, id)};
    };
    if ((top == "indicators" || top == "goals") && ctx.root.valid()) {
        if (const auto index = index_token(tokens, 1)) {
            const json::Value list = ctx.root.find(top);
            if (list.valid() && list.is_array() && *index < list.size()) {
                const std::string area = string_at(list.at(*index).find("goal_area"));
                if (!area.empty()) return area_group(area);
            }
        }
    }
    static const std::set<std::string> money = {"operating", "frame_changes", "business_areas", "equity",
                                                 "investments", "savings_programme"};
    const std::string rule_area = f.rule_id.substr(0, f.rule_id.find('.'));
    static const std::set<std::string> money_rules = {"operating", "investment", "equity", "self-cost", "savings", "arithmetic"};
    if (money.count(top) || (top.empty() && money_rules.count(rule_area))) {
        if (!goal_area_name(ctx, "ekonomi").empty()) return area_group("ekonomi");
        return Group{"economy", en ? "Finances" : "Ekonomi", 200};
    }
    if (top == "goals" || top == "indicators" || rule_area == "goals" || rule_area == "indicators" ||
        rule_area == "medarbetare")
        return Group{"goals", en ? "Goals and indicators (overall)" : "Mål och indikatorer (övergripande)", 210};
    if (top == "assignments" || rule_area == "assignments")
        return Group{"assignments", en ? "Strategic assignments" : "Strategiska utvecklingsuppdrag", 220};
    return Group{"general", en ? "Basic facts and format" : "Grunduppgifter och format", 230};
}

// ---------------------------------------------------------------- snippets

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

// ---------------------------------------------------------------- charts

bool in_section(const Finding& f, std::string_view top, std::string_view rule_prefix) {
    const auto tokens = pointer_tokens(f.location.pointer);
    if (!tokens.empty() && tokens[0] == top) return true;
    return f.rule_id.rfind(rule_prefix, 0) == 0;
}

void mark_years(const Context& ctx, html::BarChart& chart, std::string_view top, std::string_view rule_prefix) {
    for (const auto& f : ctx.file.findings) {
        if (!f.year || !in_section(f, top, rule_prefix)) continue;
        if (f.waiver) chart.waived.insert(*f.year);
        else chart.fired.insert(*f.year);
    }
}

html::BarChart base_chart(const Context& ctx, std::string kind, std::string title) {
    html::BarChart chart;
    chart.id = ctx.prefix + "chart-" + kind;
    chart.kind = std::move(kind);
    chart.title = std::move(title);
    chart.years = ctx.years;
    chart.en = ctx.en;
    chart.format = [&ctx](double v) { return format_money(ctx, v); };
    chart.min_step = std::pow(10.0, -ctx.decimals);
    return chart;
}

json::Value organisation_policy(const Context& ctx) {
    if (!ctx.pack_root.valid() || !ctx.root.valid()) return {};
    const json::Value orgs = ctx.pack_root.find("organisations");
    const std::string id = string_at(ctx.root.find("organisation").find("id"));
    return orgs.valid() ? orgs.find(id) : json::Value();
}

html::Series series_of(const Context& ctx, std::string label, json::Value series) {
    html::Series s{std::move(label), {}};
    for (const int year : ctx.years) s.values.push_back(amount(series, year, ctx.unit));
    return s;
}

// Sum of rows[*].<field> per year; nullopt for a year no row gives.
html::Series sum_of_rows(const Context& ctx, std::string label, json::Value rows, std::string_view field) {
    html::Series s{std::move(label), {}};
    for (const int year : ctx.years) {
        std::optional<double> total;
        if (rows.valid() && rows.is_array())
            for (std::size_t i = 0; i < rows.size(); ++i)
                if (const auto v = amount(rows.at(i).find(field), year, ctx.unit)) total = total.value_or(0) + *v;
        s.values.push_back(total);
    }
    return s;
}

bool any_value(const html::Series& s) {
    return std::any_of(s.values.begin(), s.values.end(), [](const auto& v) { return v.has_value(); });
}

std::string note(const std::string& text) { return "<p class=\"chart-note\">" + escape(text) + "</p>\n"; }

std::string operating_chart(const Context& ctx) {
    const bool en = ctx.en;
    auto chart = base_chart(ctx, "operating", en ? "Operating budget against the KF frame" : "Driftbudget mot KF:s ram");
    const json::Value operating = ctx.root.find("operating");
    const bool revenue = string_at(ctx.root.find("organisation").find("funding")) == "revenue";
    const json::Value within = operating.find("within_frame");
    html::Series budget{"", {}};
    if (within.valid()) {
        budget = series_of(ctx, en ? "Budget within the frame" : "Budget inom ram", within.find("stated_total").find("amounts"));
        if (!any_value(budget))
            budget = sum_of_rows(ctx, en ? "Budget within the frame (rows)" : "Budget inom ram (rader)", within.find("rows"), "amounts");
        chart.summary = en ? "The board's budget within the frame, net cost, against the operating frame KF decided."
                           : "Nämndens budget inom ram, nettokostnad, mot den driftram KF beslutat.";
    } else if (revenue) {
        // Revenue-funded: the net cost is minus the stated result; the frame is 0.
        json::Value result = operating.find("summary").find("stated_total").find("result");
        if (!result.valid()) result = ctx.root.find("business_areas").find("stated_total").find("result");
        budget = series_of(ctx, en ? "Net cost (−result)" : "Nettokostnad (−resultat)", result);
        for (auto& v : budget.values)
            if (v) v = *v == 0 ? 0.0 : -*v;
        chart.summary = en ? "Revenue-funded: the stated net cost (minus the result) against the operating frame."
                           : "Intäktsfinansierad: angiven nettokostnad (minus resultatet) mot driftramen.";
    }
    html::Series frame{en ? "KF's operating frame" : "KF:s driftram", {}};
    const json::Value policy_frame = organisation_policy(ctx).find("operating_frame").find("amounts");
    for (const int year : ctx.years) frame.values.push_back(pack_amount(ctx, policy_frame, year));
    if (!any_value(budget) && !any_value(frame))
        return note(en ? "Operating budget against the frame: the submission gives no operating budget and the pack no frame."
                       : "Driftbudget mot ram: underlaget anger ingen driftbudget och policypaketet ingen ram.");
    chart.bars.push_back(std::move(budget));
    if (any_value(frame)) chart.limit = std::move(frame);
    mark_years(ctx, chart, "operating", "operating.");
    return html::render_bar_chart(chart);
}

std::string investment_chart(const Context& ctx) {
    const bool en = ctx.en;
    auto chart = base_chart(ctx, "investments", en ? "Net investments against the KF investment frame"
                                                   : "Nettoinvesteringar mot KF:s investeringsram");
    chart.summary = en ? "Net investments per year against the investment frame KF decided."
                       : "Nettoinvesteringar per år mot den investeringsram KF beslutat.";
    const json::Value investments = ctx.root.find("investments");
    auto net = series_of(ctx, en ? "Net investments" : "Nettoinvesteringar", investments.find("stated_total").find("net"));
    if (!any_value(net)) net = sum_of_rows(ctx, en ? "Net investments (rows)" : "Nettoinvesteringar (rader)", investments.find("rows"), "net");
    html::Series frame{en ? "KF's investment frame" : "KF:s investeringsram", {}};
    const json::Value policy_frame = organisation_policy(ctx).find("investment_frame").find("amounts");
    for (const int year : ctx.years) frame.values.push_back(pack_amount(ctx, policy_frame, year));
    if (!any_value(net) && !any_value(frame))
        return note(en ? "Net investments: the submission gives no investments and the pack no frame."
                       : "Nettoinvesteringar: underlaget anger inga investeringar och policypaketet ingen ram.");
    chart.bars.push_back(std::move(net));
    if (any_value(frame)) chart.limit = std::move(frame);
    mark_years(ctx, chart, "investments", "investment.");
    return html::render_bar_chart(chart);
}

std::string business_area_chart(const Context& ctx) {
    const bool en = ctx.en;
    if (string_at(ctx.root.find("organisation").find("funding")) != "revenue") return "";
    const json::Value areas = ctx.root.find("business_areas").find("areas");
    if (!areas.valid() || !areas.is_array() || areas.size() == 0)
        return note(en ? "Business areas: the submission lists none." : "Verksamhetsområden: underlaget anger inga.");
    auto chart = base_chart(ctx, "business-areas", en ? "Result per business area (should be around zero)"
                                                      : "Resultat per verksamhetsområde (ska ligga kring noll)");
    chart.summary = en ? "Revenue-funded: each business area's result (revenue − cost) per year; the self-cost principle asks for zero."
                       : "Intäktsfinansierad: varje verksamhetsområdes resultat (intäkter − kostnader) per år; självkostnadsprincipen kräver noll.";
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const json::Value area = areas.at(i);
        std::string name = string_at(area.find("name"));
        if (name.empty()) name = string_at(area.find("id"));
        auto result = series_of(ctx, name, area.find("result"));
        if (!any_value(result)) {
            const auto revenue = series_of(ctx, name, area.find("revenue"));
            const auto cost = series_of(ctx, name, area.find("cost"));
            for (std::size_t y = 0; y < ctx.years.size(); ++y)
                if (revenue.values[y] && cost.values[y]) result.values[y] = *revenue.values[y] - *cost.values[y];
        }
        chart.bars.push_back(std::move(result));
    }
    mark_years(ctx, chart, "business_areas", "self-cost.");
    return html::render_bar_chart(chart);
}

std::string equity_chart(const Context& ctx) {
    const bool en = ctx.en;
    const json::Value equity = ctx.root.find("equity");
    const json::Value policy = ctx.pack_root.valid() ? ctx.pack_root.find("equity") : json::Value();
    bool applies = false;
    if (policy.valid()) {
        const std::string org = string_at(ctx.root.find("organisation").find("id"));
        const json::Value to = policy.find("applies_to");
        for (std::size_t i = 0; to.valid() && to.is_array() && i < to.size(); ++i)
            if (string_at(to.at(i)) == org) applies = true;
    }
    if (!equity.valid() && !applies) return "";
    const auto amounts = series_of(ctx, "", equity.find("amounts"));
    const auto turnover = series_of(ctx, "", equity.find("turnover"));
    html::Series share{en ? "Equity, % of turnover" : "Eget kapital, % av omsättningen", {}};
    for (std::size_t y = 0; y < ctx.years.size(); ++y)
        share.values.push_back(amounts.values[y] && turnover.values[y] && *turnover.values[y] != 0
                                   ? std::optional<double>(*amounts.values[y] / *turnover.values[y] * 100.0)
                                   : std::nullopt);
    if (!any_value(share))
        return note(en ? "Equity as a share of turnover: the submission gives no equity and turnover amounts."
                       : "Eget kapital som andel av omsättningen: underlaget anger inga belopp för eget kapital och omsättning.");
    auto chart = base_chart(ctx, "equity", en ? "Equity as a share of turnover against the cap"
                                              : "Eget kapital som andel av omsättningen mot taket");
    chart.summary = en ? "Equity at year end divided by turnover, in per cent, against the cap in the KF decision."
                       : "Eget kapital vid årets slut delat med omsättningen, i procent, mot taket i KF-beslutet.";
    chart.format = [en](double v) {
        std::string s = fmt::format("{:.1f} %", v);
        if (!en) std::replace(s.begin(), s.end(), '.', ',');
        return s;
    };
    chart.min_step = 0.1;
    chart.bars.push_back(std::move(share));
    const json::Value cap = policy.valid() ? policy.find("max_percent_of_turnover") : json::Value();
    if (cap.valid() && cap.is_number()) {
        html::Series limit{en ? fmt::format("Cap {} %", cap.number_text()) : fmt::format("Tak {} %", cap.number_text()), {}};
        for (std::size_t y = 0; y < ctx.years.size(); ++y) limit.values.push_back(cap.as_double());
        chart.limit = std::move(limit);
    }
    mark_years(ctx, chart, "equity", "equity.");
    return html::render_bar_chart(chart);
}

std::string target_text(json::Value target, bool en) {
    if (!target.valid() || !target.is_object()) return "";
    const std::string written = string_at(target.find("written"));
    if (target.find("missing").valid()) return "";
    if (!written.empty()) return written;
    if (const json::Value n = target.find("number"); n.valid() && n.is_number()) return std::string(n.number_text());
    if (const json::Value b = target.find("bound"); b.valid()) {
        const std::string bound = string_at(b);
        const std::string shown = bound == ">=" ? "≥" : bound == "<=" ? "≤" : bound;
        const json::Value v = target.find("value");
        return shown + (v.valid() && v.is_number() ? std::string(v.number_text()) : "");
    }
    if (const json::Value d = target.find("direction"); d.valid()) {
        const std::string dir = string_at(d);
        static const std::map<std::string, std::pair<const char*, const char*>> words = {
            {"increase", {"Öka", "Increase"}}, {"decrease", {"Minska", "Decrease"}},
            {"not-increase", {"Ej öka", "Not increase"}}, {"not-decrease", {"Ej minska", "Not decrease"}},
            {"stabilise", {"Stabiliseras", "Stabilise"}}};
        const auto it = words.find(dir);
        return it == words.end() ? dir : en ? it->second.second : it->second.first;
    }
    if (const json::Value t = target.find("text"); t.valid()) return string_at(t);
    return "";
}

std::string medarbetare_chart(const Context& ctx) {
    const bool en = ctx.en;
    const json::Value mandatory = ctx.pack_root.valid() ? ctx.pack_root.find("mandatory_indicators") : json::Value();
    if (!mandatory.valid() || !mandatory.is_array() || mandatory.size() == 0) return "";
    const json::Value indicators = ctx.root.find("indicators");
    html::GridChart chart;
    chart.id = ctx.prefix + "chart-medarbetare";
    chart.kind = "medarbetare";
    chart.title = en ? "Mandatory medarbetare indicators: targets per year" : "Obligatoriska medarbetarindikatorer: målvärden per år";
    chart.summary = en ? "The target the submission sets for each mandatory indicator, per budget and plan year."
                       : "Målvärdet underlaget anger för varje obligatorisk indikator, per budget- och planår.";
    chart.years = ctx.years;
    chart.en = en;
    for (std::size_t m = 0; m < mandatory.size(); ++m) {
        const std::string id = string_at(mandatory.at(m).find("id"));
        html::GridRow row;
        row.label = string_at(mandatory.at(m).find("name"));
        std::optional<std::size_t> found;
        for (std::size_t i = 0; indicators.valid() && indicators.is_array() && i < indicators.size(); ++i) {
            const json::Value ind = indicators.at(i);
            if (string_at(ind.find("policy_id")) == id || (!ind.find("policy_id").valid() && string_at(ind.find("id")) == id)) {
                found = i;
                break;
            }
        }
        for (const int year : ctx.years) {
            std::string text;
            if (found) text = target_text(indicators.at(*found).find("targets").find(std::to_string(year)), en);
            row.cells.push_back(text.empty() ? std::nullopt : std::optional<std::string>(text));
        }
        if (!found) row.label += en ? " (not in the submission)" : " (saknas i underlaget)";
        const std::string prefix = found ? fmt::format("/indicators/{}", *found) : std::string("\x01");
        for (const auto& f : ctx.file.findings) {
            if (!f.year || f.waiver) continue;
            const bool here = f.location.pointer == prefix || f.location.pointer.rfind(prefix + "/", 0) == 0;
            if (here) row.fired.insert(*f.year);
        }
        chart.rows.push_back(std::move(row));
    }
    return html::render_grid_chart(chart);
}

// ---------------------------------------------------------------- page

const rules::RuleInfo* rule_info(const RunReport& run, const std::string& id) {
    if (!run.rules) return nullptr;
    for (const auto& r : *run.rules)
        if (r.id == id) return &r;
    return nullptr;
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

std::string severity_badge(Severity s, bool en) {
    return fmt::format("<span class=\"badge sev-{}\">{}</span>", severity_name(s), severity_label(s, en ? "en" : "sv"));
}

std::string finding_html(const Context& ctx, const Finding& f) {
    const bool en = ctx.en;
    std::string out = fmt::format("<li class=\"finding sev-{}{}\" data-rule=\"{}\" data-severity=\"{}\"{}>",
                                  severity_name(f.severity), f.waiver ? " waived" : "", escape(f.rule_id),
                                  severity_name(f.severity), f.year ? fmt::format(" data-year=\"{}\"", *f.year) : "");
    out += "<p class=\"message\">" + severity_badge(f.severity, en);
    if (f.waiver) out += fmt::format(" <span class=\"badge waived\">{}</span>", en ? "waived" : "undantag");
    out += " " + escape(f.message.in(en ? "en" : "sv")) + "</p>";
    out += "<dl class=\"facts\">";
    if (f.year) out += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", en ? "Year" : "År", *f.year);
    if (f.expected) out += fmt::format("<div><dt>{}</dt><dd class=\"expected\">{}</dd></div>", en ? "Expected" : "Förväntat", escape(shown_value(*f.expected, en ? "en" : "sv")));
    if (f.actual) out += fmt::format("<div><dt>{}</dt><dd class=\"actual\">{}</dd></div>", en ? "Actual" : "Faktiskt", escape(shown_value(*f.actual, en ? "en" : "sv")));
    // A finding in another file (waiver.expired) names that file, not a pointer into the submission.
    out += fmt::format("<div><dt>{}</dt><dd><code>{}</code>{}</dd></div>", en ? "Where" : "Var",
                       escape(!f.location.file.empty() ? f.location.file
                              : f.location.pointer.empty() ? "/" : f.location.pointer),
                       !f.location.cell.empty() ? fmt::format(fmt::runtime(en ? ", cell {}" : ", cell {}"), escape(f.location.cell))
                       : f.location.line ? fmt::format(fmt::runtime(en ? ", line {}, column {}" : ", rad {}, kolumn {}"), f.location.line, f.location.column) : "");
    out += "</dl>";
    if (f.waiver) {
        const auto& w = *f.waiver;
        out += fmt::format("<p class=\"waiver\"><strong>{}</strong> {}", en ? "Waived:" : "Undantag:", escape(w.reason));
        if (!w.decided_by.empty() || !w.decision_date.empty())
            out += fmt::format(" ({} {} {})", en ? "decided by" : "beslutat av", escape(w.decided_by), escape(w.decision_date));
        if (!w.expires.empty()) out += fmt::format(" — {} {}", en ? "expires" : "gäller till", escape(w.expires));
        out += "</p>";
    }
    out += snippet(ctx, f);
    out += "</li>\n";
    return out;
}

std::string findings_html(const Context& ctx, const RunReport& run) {
    const bool en = ctx.en;
    const auto& findings = ctx.file.findings;
    if (findings.empty())
        return fmt::format("<p class=\"no-findings\">{}</p>\n", en ? "No findings." : "Inga fynd.");
    // group key -> (group, rule id -> findings in report order)
    struct Bucket {
        Group group;
        std::vector<std::string> rule_order;
        std::map<std::string, std::vector<const Finding*>> by_rule;
    };
    std::map<std::string, Bucket> buckets;
    for (const auto& f : findings) {
        Group g = group_of(ctx, f);
        auto& bucket = buckets[g.key];
        bucket.group = g;
        auto& list = bucket.by_rule[f.rule_id];
        if (list.empty()) bucket.rule_order.push_back(f.rule_id);
        list.push_back(&f);
    }
    std::vector<const Bucket*> ordered;
    for (const auto& [key, bucket] : buckets) ordered.push_back(&bucket);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Bucket* a, const Bucket* b) {
        return a->group.order != b->group.order ? a->group.order < b->group.order : a->group.title < b->group.title;
    });
    std::string out;
    for (const Bucket* bucket : ordered) {
        int n = 0;
        for (const auto& [rule, list] : bucket->by_rule) n += static_cast<int>(list.size());
        out += fmt::format("<section class=\"group\" id=\"{}group-{}\" data-group=\"{}\"><h3>{} <span class=\"count\">({})</span></h3>\n",
                           ctx.prefix, escape(bucket->group.key), escape(bucket->group.key), escape(bucket->group.title),
                           en ? text::counted(n, "finding", "findings") : text::counted(n, "fynd", "fynd"));
        for (const auto& rule_id : bucket->rule_order) {
            const auto& list = bucket->by_rule.at(rule_id);
            const auto* info = rule_info(run, rule_id);
            Severity worst = Severity::Notice;
            for (const auto* f : list) worst = std::max(worst, f->severity);
            out += fmt::format("<section class=\"rule\" data-rule=\"{}\"><h4>{} {} <code class=\"rule-id\">{}</code></h4>\n",
                               escape(rule_id), severity_badge(worst, en),
                               escape(info ? info->title.in(en ? "en" : "sv") : rule_id), escape(rule_id));
            if (!info && rule_id.rfind("schema.", 0) == 0)
                out += fmt::format("<div class=\"explain\"><p class=\"explain-head\">{}</p><p>{}</p></div>\n",
                                   en ? "What the check is, and how to fix it" : "Vad kontrollen är och hur det åtgärdas",
                                   en ? "The submission does not follow the submission format (schemas/submission.schema.json, "
                                        "described in docs/format.md): a field is missing, misspelt or of the wrong type. "
                                        "The KF policy rules run only on a file that follows the format. Fix the field shown below."
                                      : "Underlaget följer inte formatet för budgetunderlag (schemas/submission.schema.json, "
                                        "beskrivet i docs/format.md): ett fält saknas, är felstavat eller har fel typ. "
                                        "KF-reglerna körs bara på en fil som följer formatet. Rätta fältet som visas nedan.");
            else if (!info && rule_id.rfind("engine.", 0) == 0)
                out += fmt::format("<div class=\"explain\"><p class=\"explain-head\">{}</p><p>{}</p></div>\n",
                                   en ? "What the check is" : "Vad kontrollen är",
                                   en ? "A message from the engine itself, not from a KF rule: a rule could not finish or findings were capped. "
                                        "Tell central finance, who maintain the rules."
                                      : "Ett meddelande från motorn, inte från en KF-regel: en regel kunde inte köras klart eller fynden begränsades. "
                                        "Kontakta ekonomiavdelningen, som förvaltar reglerna.");
            else if (info && !info->explain.in(en ? "en" : "sv").empty())
                out += fmt::format("<div class=\"explain\"><p class=\"explain-head\">{}</p>{}</div>\n",
                                   en ? "What the rule checks, why, and how to fix it" : "Vad regeln kontrollerar, varför och hur det åtgärdas",
                                   paragraphs(info->explain.in(en ? "en" : "sv")));
            out += "<ol class=\"findings\">\n";
            for (const auto* f : list) out += finding_html(ctx, *f);
            out += "</ol></section>\n";
        }
        out += "</section>\n";
    }
    return out;
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
.finding .message{margin:.2rem 0}
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
@page{size:A4;margin:15mm 12mm}
@media print{
 body{font-size:10pt}
 main{max-width:none;padding:0}
 nav.toc{display:none}
 .file+.file{break-before:page;page-break-before:always}
 .finding,.explain,table{break-inside:avoid;page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .verdict,.badge,pre.snippet mark,.chart-svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

std::string pack_line(const Context& ctx) {
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
    Context ctx(file);
    ctx.en = en;
    ctx.prefix = fmt::format("f{}-", index + 1);
    if (run.packs)
        for (const auto& p : *run.packs)
            if (p.id == file.policy_pack) ctx.pack = &p;
    if (ctx.pack && ctx.pack->document) {
        ctx.pack_root = ctx.pack->document->root();
        if (const auto u = parse_unit(string_at(ctx.pack_root.find("unit")))) ctx.pack_unit = *u;
    }
    if (file.document) {
        ctx.root = file.document->root();
        if (const auto u = parse_unit(string_at(ctx.root.find("unit")))) ctx.unit = *u;
        if (const auto d = ctx.root.find("decimals").as_integer(); ctx.root.find("decimals").valid() && d)
            ctx.decimals = static_cast<int>(std::clamp<std::int64_t>(*d, 0, 6));
        if (const auto by = ctx.root.find("budget_year"); by.valid() && by.is_number())
            if (const auto y = by.as_integer()) ctx.years.push_back(static_cast<int>(*y));
        const json::Value plan = ctx.root.find("plan_years");
        for (std::size_t i = 0; plan.valid() && plan.is_array() && i < plan.size() && i < 50; ++i)
            if (plan.at(i).is_number())
                if (const auto y = plan.at(i).as_integer()) ctx.years.push_back(static_cast<int>(*y));
    }

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
             escape(name) + (funding.empty() ? "" : fmt::format(" ({})", funding == "revenue"
                                                                          ? (en ? "revenue-funded" : "intäktsfinansierad")
                                                                          : (en ? "appropriation-funded" : "anslagsfinansierad"))));
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
    if (ctx.root.valid() && !ctx.years.empty()) {
        out += fmt::format("<section class=\"charts\" aria-labelledby=\"{}charts\"><{} id=\"{}charts\">{}</{}>\n", ctx.prefix, h,
                           ctx.prefix, en ? "Charts" : "Diagram", h);
        out += operating_chart(ctx);
        out += investment_chart(ctx);
        out += business_area_chart(ctx);
        out += equity_chart(ctx);
        out += medarbetare_chart(ctx);
        out += "</section>\n";
    }
    out += fmt::format("<section class=\"findings-section\" aria-labelledby=\"{}findings\"><{} id=\"{}findings\">{}</{}>\n",
                       ctx.prefix, h, ctx.prefix, en ? "Findings by goal area and rule" : "Fynd per målområde och regel", h);
    out += findings_html(ctx, run);
    out += "</section>\n</section>\n";
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
