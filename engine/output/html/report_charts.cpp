// The charts of a file's HTML report: what each chart shows and which years
// it marks. Frame use is drawn from the figures the frame rules published
// (one computation); the other charts from the submission's own numbers.
#include "output/html/report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "output/html/charts.hpp"
#include "text/compare_form.hpp"

namespace budgetcheck::output::html {

namespace {

// A finding at or under /<section>, or of a rule whose id starts with
// `rule_prefix` ("" = none).
bool in_section(const Finding& f, std::string_view section, std::string_view rule_prefix) {
    const std::string at = "/" + std::string(section);
    const std::string& p = f.location.pointer;
    if (p == at || p.rfind(at + "/", 0) == 0) return true;
    return !rule_prefix.empty() && f.rule_id.rfind(rule_prefix, 0) == 0;
}

void mark_years(const Context& ctx, html::BarChart& chart, std::string_view top, std::string_view rule_prefix) {
    for (const auto& f : ctx.file.findings) {
        // A notice is never drawn as an alarm: only errors and warnings mark a year.
        if (!f.year || f.severity == Severity::Notice || !in_section(f, top, rule_prefix)) continue;
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

// A key figure the frame rule published (report.figure{}, FileReport::figures)
// as two series in the file's unit: what the rule counted against KF's frame,
// and the frame. The rule computed both; the report only draws them.
struct FigureSeries {
    html::Series amount;
    html::Series limit;
};
FigureSeries figure_series(const Context& ctx, std::string_view id, std::string amount_label, std::string limit_label) {
    FigureSeries out{{std::move(amount_label), {}}, {std::move(limit_label), {}}};
    const auto in_unit = [&ctx](std::int64_t kronor) {
        return static_cast<double>(kronor) / static_cast<double>(kronor_per_unit(ctx.unit));
    };
    for (const int year : ctx.years) {
        const auto f = std::find_if(ctx.file.figures.begin(), ctx.file.figures.end(),
                                    [&](const KeyFigure& k) { return k.id == id && k.year == year; });
        const bool found = f != ctx.file.figures.end();
        out.amount.values.push_back(found ? std::optional<double>(in_unit(f->amount)) : std::nullopt);
        out.limit.values.push_back(found && f->limit ? std::optional<double>(in_unit(*f->limit)) : std::nullopt);
    }
    return out;
}

html::Series series_of(const Context& ctx, std::string label, json::Value series) {
    html::Series s{std::move(label), {}};
    for (const int year : ctx.years) s.values.push_back(amount(series, year, ctx.unit));
    return s;
}

// Sum of rows[*].<field> per year, in exact kronor (a double only for
// drawing); nullopt for a year no row gives.
html::Series sum_of_rows(const Context& ctx, std::string label, json::Value rows, std::string_view field) {
    html::Series s{std::move(label), {}};
    for (const int year : ctx.years) {
        std::optional<std::int64_t> total;
        if (rows.valid() && rows.is_array())
            for (std::size_t i = 0; i < rows.size(); ++i)
                if (const auto v = kronor_of(rows.at(i).find(field), year, ctx.unit)) total = total.value_or(0) + *v;
        s.values.push_back(total ? std::optional<double>(static_cast<double>(*total) /
                                                         static_cast<double>(kronor_per_unit(ctx.unit)))
                                 : std::nullopt);
    }
    return s;
}

bool any_value(const html::Series& s) {
    return std::any_of(s.values.begin(), s.values.end(), [](const auto& v) { return v.has_value(); });
}

// A series with something to draw: a value that is not zero.
bool any_nonzero(const html::Series& s) {
    return std::any_of(s.values.begin(), s.values.end(), [](const auto& v) { return v && *v != 0; });
}

std::string note(const std::string& text) { return "<p class=\"chart-note\">" + escape(text) + "</p>\n"; }

std::string operating_chart(const Context& ctx) {
    const bool en = ctx.en;
    auto chart = base_chart(ctx, "operating", en ? "Operating budget against the KF frame" : "Driftbudget mot KF:s ram");
    chart.summary = en ? "The board's budget within the frame, net cost, as operating.within-frame counted it, against "
                         "the operating frame KF decided."
                       : "Nämndens budget inom ram, nettokostnad, som operating.within-frame räknat den, mot den "
                         "driftram KF beslutat.";
    auto [budget, frame] = figure_series(ctx, "operating.frame", en ? "Budget within the frame" : "Budget inom ram",
                                         en ? "KF's operating frame" : "KF:s driftram");
    const bool revenue = string_at(ctx.root.find("organisation").find("funding")) == "revenue";
    if (!any_value(budget)) {
        // No chart of zeros: a revenue-funded board has no budget within a
        // frame; its revenue against cost chart says what matters.
        if (revenue) return "";
        return note(en ? "Operating budget against the frame: operating.within-frame gave no figure (the submission "
                         "has no budget within the frame, or the rule did not run)."
                       : "Driftbudget mot ram: operating.within-frame gav inget belopp (underlaget har ingen budget "
                         "inom ram, eller regeln kördes inte).");
    }
    if (revenue && !any_nonzero(budget) && !any_nonzero(frame)) return "";
    chart.bars.push_back(std::move(budget));
    if (any_value(frame)) chart.limit = std::move(frame);
    mark_years(ctx, chart, "operating", "operating.");
    return html::render_bar_chart(chart);
}

std::string investment_chart(const Context& ctx) {
    const bool en = ctx.en;
    auto chart = base_chart(ctx, "investments", en ? "Net investments against the KF investment frame"
                                                   : "Nettoinvesteringar mot KF:s investeringsram");
    chart.summary = en ? "Net investments per year (requests left out), as investment.within-frame counted them, "
                         "against the investment frame KF decided."
                       : "Nettoinvesteringar per år (utan äskanden), som investment.within-frame räknat dem, mot den "
                         "investeringsram KF beslutat.";
    auto [net, frame] = figure_series(ctx, "investment.frame", en ? "Net investments" : "Nettoinvesteringar",
                                      en ? "KF's investment frame" : "KF:s investeringsram");
    if (!any_value(net))
        return note(en ? "Net investments: investment.within-frame gave no figure (the submission has no investments "
                         "or the pack no frame, or the rule did not run)."
                       : "Nettoinvesteringar: investment.within-frame gav inget belopp (underlaget har inga "
                         "investeringar eller policypaketet ingen ram, eller regeln kördes inte).");
    chart.bars.push_back(std::move(net));
    if (any_value(frame)) chart.limit = std::move(frame);
    mark_years(ctx, chart, "investments", "investment.");
    return html::render_bar_chart(chart);
}

// Revenue-funded: revenue against cost per year, the stated totals or else
// the areas' sums (exact kronor).
std::string revenue_cost_chart(const Context& ctx) {
    const bool en = ctx.en;
    if (string_at(ctx.root.find("organisation").find("funding")) != "revenue") return "";
    const json::Value areas = ctx.root.find("business_areas");
    const json::Value total = areas.find("stated_total");
    auto revenue = series_of(ctx, en ? "Revenue" : "Intäkter", total.find("revenue"));
    if (!any_value(revenue)) revenue = sum_of_rows(ctx, en ? "Revenue (areas)" : "Intäkter (områden)", areas.find("areas"), "revenue");
    auto cost = series_of(ctx, en ? "Costs" : "Kostnader", total.find("cost"));
    if (!any_value(cost)) cost = sum_of_rows(ctx, en ? "Costs (areas)" : "Kostnader (områden)", areas.find("areas"), "cost");
    if (!any_nonzero(revenue) && !any_nonzero(cost)) return "";
    auto chart = base_chart(ctx, "revenue-cost", en ? "Revenue against costs" : "Intäkter mot kostnader");
    chart.summary = en ? "Revenue-funded: the administration's revenue and costs per year; the result is their difference."
                       : "Intäktsfinansierad: förvaltningens intäkter och kostnader per år; resultatet är skillnaden.";
    chart.bars.push_back(std::move(revenue));
    chart.bars.push_back(std::move(cost));
    mark_years(ctx, chart, "business_areas/stated_total", "");
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
    // No chart of zeros: every area breaking even is said in a sentence.
    if (std::none_of(chart.bars.begin(), chart.bars.end(), any_nonzero))
        return note(en ? "Result per business area: 0 for every area and year (revenue equals costs)."
                       : "Resultat per verksamhetsområde: 0 för varje område och år (intäkterna är lika med kostnaderna).");
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

std::string compared(std::string_view s) {
    std::string out;
    text::compare_form(s, out);
    return out;
}

// The submission's indicator that reports the pack's indicator `wanted`, found
// as the rules find it (budget.find_indicator in rules/lib/budget.lua): by
// policy_id first, then by its name or one of its aliases compared as names
// are (text::compare_form, the normaliser behind budget.normalise). A board
// that writes no policy_id is matched by name, so the grid shows the targets
// the rules checked, never "not in the submission" for an indicator they found.
std::optional<std::size_t> find_indicator(json::Value indicators, json::Value wanted) {
    if (!indicators.valid() || !indicators.is_array()) return std::nullopt;
    const std::string id = string_at(wanted.find("id"));
    for (std::size_t i = 0; i < indicators.size(); ++i)
        if (string_at(indicators.at(i).find("policy_id")) == id) return i;
    std::vector<std::string> names{compared(string_at(wanted.find("name")))};
    const json::Value aliases = wanted.find("aliases");
    for (std::size_t a = 0; aliases.valid() && aliases.is_array() && a < aliases.size(); ++a)
        names.push_back(compared(string_at(aliases.at(a))));
    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const json::Value name = indicators.at(i).find("name");
        if (!name.valid() || !name.is_string()) continue;
        if (std::find(names.begin(), names.end(), compared(name.as_string())) != names.end()) return i;
    }
    return std::nullopt;
}

// report.figure{} id of the years a rule requires indicator targets for.
constexpr std::string_view kRequiredTargets = "medarbetare.required-targets";

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
    // The years a rule requires targets for, as the rule published them
    // (medarbetare.mandatory-indicators: budget year and first plan year);
    // none published, none marked.
    for (const KeyFigure& f : ctx.file.figures)
        if (f.id == kRequiredTargets) chart.required.insert(f.year);
    chart.en = en;
    for (std::size_t m = 0; m < mandatory.size(); ++m) {
        html::GridRow row;
        row.label = string_at(mandatory.at(m).find("name"));
        const std::optional<std::size_t> found = find_indicator(indicators, mandatory.at(m));
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
            if (!here) continue;
            if (f.severity == Severity::Notice) row.noted.insert(*f.year);
            else row.fired.insert(*f.year);
        }
        chart.rows.push_back(std::move(row));
    }
    return html::render_grid_chart(chart);
}

}  // namespace

std::string charts_html(const Context& ctx) {
    return operating_chart(ctx) + revenue_cost_chart(ctx) + investment_chart(ctx) + business_area_chart(ctx) +
           equity_chart(ctx) + medarbetare_chart(ctx);
}

}  // namespace budgetcheck::output::html
