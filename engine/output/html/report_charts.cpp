// The charts of a file's HTML report, from the submission's own numbers and
// its policy pack: what each chart shows and which years it marks.
#include "output/html/report_charts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "output/html/charts.hpp"

namespace budgetcheck::output::html {

namespace {


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

}  // namespace

std::string charts_html(const Context& ctx) {
    return operating_chart(ctx) + investment_chart(ctx) + business_area_chart(ctx) + equity_chart(ctx) +
           medarbetare_chart(ctx);
}

}  // namespace budgetcheck::output::html
