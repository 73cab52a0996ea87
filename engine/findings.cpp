#include "findings.hpp"

#include <algorithm>
#include <tuple>

namespace budgetcheck {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::Notice: return "notice";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view name) {
    if (name == "notice") return Severity::Notice;
    if (name == "warning") return Severity::Warning;
    if (name == "error") return Severity::Error;
    return std::nullopt;
}

std::string_view shown_value(std::string_view value, std::string_view lang) {
    return value == kAbsentValue && lang != "en" ? std::string_view("saknas") : value;
}

bool finding_less(const Finding& a, const Finding& b) {
    const auto key = [](const Finding& f) {
        // Findings in the checked file first, then those in another (a waiver file).
        return std::tie(f.location.file, f.location.line, f.location.column, f.location.pointer, f.rule_id, f.year, f.message.en,
                        f.message.sv);
    };
    return key(a) < key(b);
}

void sort_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), finding_less);
}

void sort_figures(std::vector<KeyFigure>& figures) {
    std::stable_sort(figures.begin(), figures.end(), [](const KeyFigure& a, const KeyFigure& b) {
        return std::tie(a.id, a.year) < std::tie(b.id, b.year);
    });
}

}  // namespace budgetcheck
