#include "output/html/charts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "text/terminal.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::output::html {

std::string escape(std::string_view raw) {
    // Control characters, bidi overrides and bytes that are not UTF-8 (a
    // rule's message may hold them: NUL is a parse error in HTML) shown as on
    // a terminal (text::terminal_safe); line breaks and tabs stay.
    const std::string text = text::terminal_safe(raw, true);
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// Colour-blind safe, at least 3:1 against white for graphical objects.
constexpr const char* kPalette[] = {"#1f5f99", "#b35806", "#2d7d46", "#7b3294", "#a6611a", "#0f7a7a", "#5e5e5e", "#c51b7d"};
constexpr const char* kFired = "#b00020";

// Coordinates with at most one decimal, so output is stable and small.
std::string num(double v) {
    if (std::abs(v) < 0.05) return "0";
    return fmt::format("{:.1f}", v);
}

double nice_step(double range, int wanted) {
    if (range <= 0) return 1;
    const double raw = range / wanted;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double fraction = raw / magnitude;
    const double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
}

struct Scale {
    double lo = 0, hi = 1, step = 1;
    double top = 0, bottom = 0;  // pixel rows of hi and lo
    double y(double v) const { return bottom - (v - lo) / (hi - lo) * (bottom - top); }
};

Scale make_scale(const BarChart& chart, double top, double bottom) {
    double lo = 0, hi = 0;
    auto take = [&](const Series& s) {
        for (const auto& v : s.values)
            if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
    };
    for (const auto& s : chart.bars) take(s);
    if (chart.limit) take(*chart.limit);
    if (hi == lo) hi = lo + std::max(chart.min_step, 1.0) * 4;  // all equal: still draw an axis
    Scale scale;
    scale.step = std::max(nice_step(hi - lo, 4), chart.min_step);
    scale.lo = std::floor(lo / scale.step) * scale.step;
    scale.hi = std::ceil(hi / scale.step) * scale.step;
    if (scale.hi == scale.lo) scale.hi = scale.lo + scale.step;
    scale.top = top;
    scale.bottom = bottom;
    return scale;
}

std::string value_or_dash(const BarChart& chart, const std::optional<double>& v) {
    return v ? chart.format(*v) : "–";
}

}  // namespace

std::string render_bar_chart(const BarChart& chart) {
    const bool en = chart.en;
    const double width = 680;
    const double left = 86, right = 16, top = 30, bottom = 238;
    // The legend, laid out first: entries wrap onto further lines (never
    // over each other), and the chart grows by a line for each.
    struct Entry {
        std::string kind;  // "bar", "limit", "fired"
        std::string label;
        std::size_t index = 0;
        double x = 0, y = 0;
    };
    std::vector<Entry> legend;
    for (std::size_t k = 0; k < chart.bars.size(); ++k) legend.push_back({"bar", chart.bars[k].label, k});
    if (chart.limit) legend.push_back({"limit", chart.limit->label, 0});
    if (!chart.fired.empty())
        legend.push_back({"fired", en ? "a rule fired this year (error or warning)" : "en regel slog till detta år (fel eller varning)", 0});
    double lx = left, ly = bottom + 40;
    for (auto& e : legend) {
        // 11px text: at most 7px per character, plus the key and a gap.
        const double w = 22 + 7.0 * static_cast<double>(utf8::count_code_points(e.label)) + 14;
        if (lx > left && lx + w > width - right) lx = left, ly += 16;
        e.x = lx, e.y = ly;
        lx += w;
    }
    const double height = ly + 22;
    const double plot_width = width - left - right;
    const Scale scale = make_scale(chart, top, bottom);
    const std::size_t years = chart.years.size();
    const double group = years ? plot_width / static_cast<double>(years) : plot_width;
    const std::size_t nbars = std::max<std::size_t>(chart.bars.size(), 1);
    const double bar = std::min(34.0, group * 0.72 / static_cast<double>(nbars));

    // The text alternative: every number the chart shows, year by year.
    std::string desc = chart.summary;
    for (std::size_t i = 0; i < years; ++i) {
        desc += fmt::format(" {}:", chart.years[i]);
        bool first = true;
        for (const auto& s : chart.bars) {
            desc += fmt::format("{} {} {}", first ? "" : ",", s.label, value_or_dash(chart, s.values[i]));
            first = false;
        }
        if (chart.limit)
            desc += fmt::format("{} {} {}", first ? "" : ",", chart.limit->label, value_or_dash(chart, chart.limit->values[i]));
        if (chart.fired.count(chart.years[i])) desc += en ? " (a rule fired)" : " (en regel slog till)";
        else if (chart.waived.count(chart.years[i])) desc += en ? " (waived finding)" : " (undantaget fynd)";
        desc += ".";
    }

    std::string svg;
    svg += fmt::format(
        "<svg class=\"chart-svg\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" "
        "aria-labelledby=\"{}-title {}-desc\" xmlns=\"http://www.w3.org/2000/svg\">",
        num(width), num(height), chart.id, chart.id);
    svg += fmt::format("<title id=\"{}-title\">{}</title><desc id=\"{}-desc\">{}</desc>", chart.id,
                       escape(chart.title), chart.id, escape(desc));

    // Axis and grid lines.
    svg += "<g class=\"axis\" aria-hidden=\"true\">";
    const int ticks = static_cast<int>(std::llround((scale.hi - scale.lo) / scale.step));
    for (int t = 0; t <= ticks; ++t) {
        const double v = scale.lo + t * scale.step;
        const double y = scale.y(v);
        const bool zero = std::abs(v) < scale.step * 1e-9;
        svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>", num(left),
                           num(width - right), num(y), num(y), zero ? "#333" : "#d0d0d0", zero ? "1.5" : "1");
        svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">{}</text>",
                           num(left - 6), num(y + 4), escape(chart.format(zero ? 0.0 : v)));
    }
    svg += "</g>";

    // One group per year: bars, the limit segment, the fired marker, the label.
    for (std::size_t i = 0; i < years; ++i) {
        const int year = chart.years[i];
        const bool fired = chart.fired.count(year) > 0;
        const bool waived = !fired && chart.waived.count(year) > 0;
        const double x0 = left + group * static_cast<double>(i);
        const double centre = x0 + group / 2;
        svg += fmt::format("<g class=\"year{}\" data-year=\"{}\"{}>", fired ? " fired" : waived ? " waived" : "", year,
                           fired ? " data-fired=\"true\"" : waived ? " data-waived=\"true\"" : "");
        if (fired || waived)
            svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" aria-hidden=\"true\"/>",
                               num(x0 + 2), num(top), num(group - 4), num(bottom - top),
                               fired ? "#fbe9eb" : "#f1f1f1");
        const double bars_width = bar * static_cast<double>(chart.bars.size());
        for (std::size_t k = 0; k < chart.bars.size(); ++k) {
            const auto& v = chart.bars[k].values[i];
            if (!v) continue;
            const double y0 = scale.y(0), y1 = scale.y(*v);
            const double x = centre - bars_width / 2 + bar * static_cast<double>(k);
            svg += fmt::format(
                "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
                num(x + 1), num(std::min(y0, y1)), num(bar - 2), num(std::max(std::abs(y1 - y0), 1.0)),
                kPalette[k % std::size(kPalette)], escape(chart.bars[k].label), year, escape(chart.format(*v)));
        }
        if (chart.limit && chart.limit->values[i]) {
            const double y = scale.y(*chart.limit->values[i]);
            svg += fmt::format(
                "<line class=\"limit\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"2.5\" "
                "stroke-dasharray=\"6 3\"><title>{} {}: {}</title></line>",
                num(x0 + 6), num(x0 + group - 6), num(y), num(y), escape(chart.limit->label), year,
                escape(chart.format(*chart.limit->values[i])));
        }
        if (fired)
            svg += fmt::format(
                "<g class=\"marker\"><path d=\"M{} {} l7 -13 l7 13 z\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
                "text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"#fff\">!</text></g>",
                num(centre - 7), num(top - 2), kFired, num(centre), num(top - 4));
        svg += fmt::format(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\"{}>{}</text></g>", num(centre),
            num(bottom + 16), fired ? " font-weight=\"bold\" fill=\"#b00020\"" : " fill=\"#222\"", year);
    }

    // Legend.
    svg += "<g class=\"legend\" aria-hidden=\"true\" font-size=\"11\">";
    for (const auto& e : legend) {
        if (e.kind == "bar")
            svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", num(e.x), num(e.y - 10),
                               kPalette[e.index % std::size(kPalette)]);
        else if (e.kind == "limit")
            svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"2.5\" "
                               "stroke-dasharray=\"6 3\"/>",
                               num(e.x), num(e.x + 16), num(e.y - 4), num(e.y - 4));
        else
            svg += fmt::format("<path d=\"M{} {} l6 -11 l6 11 z\" fill=\"{}\"/>", num(e.x), num(e.y), kFired);
        svg += fmt::format("<text class=\"legend-label\" x=\"{}\" y=\"{}\" fill=\"#222\">{}</text>", num(e.x + 20), num(e.y),
                           escape(e.label));
    }
    svg += "</g></svg>";

    // The same numbers as a table (screen readers, print, copying).
    std::string table = fmt::format("<table class=\"chart-data\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
                                    escape(en ? "The chart's numbers" : "Diagrammets siffror"), en ? "Year" : "År");
    for (const auto& s : chart.bars) table += fmt::format("<th scope=\"col\">{}</th>", escape(s.label));
    if (chart.limit) table += fmt::format("<th scope=\"col\">{}</th>", escape(chart.limit->label));
    table += "</tr></thead><tbody>";
    for (std::size_t i = 0; i < years; ++i) {
        const bool fired = chart.fired.count(chart.years[i]) > 0;
        table += fmt::format("<tr{}><th scope=\"row\">{}{}</th>", fired ? " class=\"fired\"" : "", chart.years[i],
                             fired ? (en ? " <span class=\"flag\">(finding)</span>" : " <span class=\"flag\">(fynd)</span>") : "");
        for (const auto& s : chart.bars) table += fmt::format("<td>{}</td>", escape(value_or_dash(chart, s.values[i])));
        if (chart.limit) table += fmt::format("<td>{}</td>", escape(value_or_dash(chart, chart.limit->values[i])));
        table += "</tr>";
    }
    table += "</tbody></table>";

    return fmt::format("<figure class=\"chart\" id=\"{}\" data-chart=\"{}\" data-years=\"{}\"><figcaption>{}</figcaption>{}{}</figure>\n",
                       chart.id, escape(chart.kind), years, escape(chart.title), svg, table);
}

std::string render_grid_chart(const GridChart& chart) {
    const bool en = chart.en;
    const double label_width = 250, cell = 70, row_height = 26, head = 30;
    const std::size_t years = chart.years.size();
    const double width = label_width + cell * static_cast<double>(years) + 10;
    const double height = head + row_height * static_cast<double>(chart.rows.size()) + 48;

    std::string desc = chart.summary;
    for (const auto& row : chart.rows) {
        desc += fmt::format(" {}:", row.label);
        for (std::size_t i = 0; i < years; ++i)
            desc += fmt::format(" {} {}{}", chart.years[i], row.cells[i] ? *row.cells[i] : (en ? "no target" : "inget målvärde"),
                                i + 1 < years ? "," : ".");
    }

    std::string svg = fmt::format(
        "<svg class=\"chart-svg\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" "
        "aria-labelledby=\"{}-title {}-desc\" xmlns=\"http://www.w3.org/2000/svg\">",
        num(width), num(height), chart.id, chart.id);
    svg += fmt::format("<title id=\"{}-title\">{}</title><desc id=\"{}-desc\">{}</desc>", chart.id,
                       escape(chart.title), chart.id, escape(desc));
    std::set<int> fired_any;
    for (const auto& row : chart.rows) fired_any.insert(row.fired.begin(), row.fired.end());
    for (std::size_t i = 0; i < years; ++i) {
        const int year = chart.years[i];
        const bool fired = fired_any.count(year) > 0;
        const double x = label_width + cell * static_cast<double>(i);
        svg += fmt::format("<g class=\"year{}\" data-year=\"{}\"{}>", fired ? " fired" : "", year,
                           fired ? " data-fired=\"true\"" : "");
        const bool required = chart.required.count(year) > 0;
        svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"{}\"{}>{}{}{}</text>",
                           num(x + cell / 2), num(head - 10), fired ? kFired : "#222",
                           required ? " text-decoration=\"underline\"" : "", year, required ? "*" : "", fired ? " !" : "");
        for (std::size_t r = 0; r < chart.rows.size(); ++r) {
            const auto& row = chart.rows[r];
            const double y = head + row_height * static_cast<double>(r);
            const bool hit = row.fired.count(year) > 0;
            const bool noted = !hit && row.noted.count(year) > 0;
            // Missing is an alarm only where a rule requires the value or fired.
            const bool missing = !row.cells[i];
            const bool alarm = missing && (required || hit);
            svg += fmt::format(
                "<rect class=\"cell{}{}\" data-row=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                alarm ? " alarm" : "", noted ? " noted" : "", r, num(x + 2), num(y + 2), num(cell - 4), num(row_height - 4),
                alarm ? "#fbe9eb" : missing ? "#f4f4f4" : "#e8f1f8", hit ? kFired : noted ? "#174a6e" : "#9bb7cf",
                hit || noted ? "2" : "1");
            svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{}\">{}</text>",
                               num(x + cell / 2), num(y + row_height / 2 + 4), alarm ? kFired : missing ? "#555" : "#14324a",
                               escape(alarm ? (en ? "missing" : "saknas") : missing ? "–" : *row.cells[i]));
        }
        svg += "</g>";
    }
    for (std::size_t r = 0; r < chart.rows.size(); ++r) {
        const double y = head + row_height * static_cast<double>(r);
        std::string label = chart.rows[r].label;
        if (label.size() > 40) label = std::string(utf8::truncate_bytes(label, 38)) + "…";
        svg += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"11\" fill=\"#222\"><title>{}</title>{}</text>",
                           num(y + row_height / 2 + 4), escape(chart.rows[r].label), escape(label));
    }
    // The key, on two lines (never wider than the grid).
    svg += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"11\" fill=\"#444\" aria-hidden=\"true\">{}</text>", num(height - 24),
                       en ? "* a rule requires a target this year; – no target, none required."
                          : "* en regel kräver målvärde detta år; – inget målvärde, inget krävs.");
    svg += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"11\" fill=\"#444\" aria-hidden=\"true\">{}</text>", num(height - 10),
                       en ? "Red: a required target missing, or an error or warning; blue outline: a notice."
                          : "Rött: krävt målvärde saknas, eller fel eller varning; blå ram: en notering.");
    svg += "</svg>";
    return fmt::format("<figure class=\"chart\" id=\"{}\" data-chart=\"{}\" data-years=\"{}\"><figcaption>{}</figcaption>{}</figure>\n",
                       chart.id, escape(chart.kind), years, escape(chart.title), svg);
}

}  // namespace budgetcheck::output::html
