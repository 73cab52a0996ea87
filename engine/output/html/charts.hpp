// Inline SVG charts for the HTML report. Plain data in, markup out: no
// scripts, no external assets, every text HTML-escaped, every chart with a
// text alternative (role="img", <title>, <desc>) and a data table.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace budgetcheck::output::html {

// Text content and attribute values: & < > " ' escaped; control characters
// (not tab and line breaks), bidi overrides and bytes that are not UTF-8 made
// visible as text::terminal_safe does.
std::string escape(std::string_view text);

struct Series {
    std::string label;
    std::vector<std::optional<double>> values;  // one per year; nullopt = not given
};

// A bar chart per year (budget and plan years). Bars are grouped by year;
// `limit`, when set, is drawn as a dashed step line (a frame, a cap).
struct BarChart {
    std::string id;    // unique in the page; also the data-chart attribute
    std::string kind;  // "operating", "investments", "business-areas", "equity"
    std::string title;
    std::string summary;  // first sentence of the text alternative
    std::vector<int> years;
    std::vector<Series> bars;
    std::optional<Series> limit;
    std::function<std::string(double)> format;  // a value as shown to people
    double min_step = 0;  // smallest axis step the format can show (1 for whole tkr)
    std::set<int> fired;   // years where a (not waived) rule fired
    std::set<int> waived;  // years where only waived findings fired
    bool en = false;
};

std::string render_bar_chart(const BarChart& chart);

// A grid: one row per indicator, one column per year, the target as written.
struct GridRow {
    std::string label;
    std::vector<std::optional<std::string>> cells;  // nullopt = no target
    std::set<int> fired;                            // years with an error or warning on this row
    std::set<int> noted;                            // years with only a notice on this row: not an alarm
};
struct GridChart {
    std::string id;
    std::string kind;  // "medarbetare"
    std::string title;
    std::string summary;
    std::vector<int> years;
    // The years the rules require a value in: a missing value there is red;
    // elsewhere it is a neutral "–" unless a finding concerns it.
    std::set<int> required;
    std::vector<GridRow> rows;
    bool en = false;
};

std::string render_grid_chart(const GridChart& chart);

}  // namespace budgetcheck::output::html
