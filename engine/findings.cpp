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

std::string shown_value(std::string_view value, std::string_view lang) {
    if (lang == "en") return std::string(value);
    // The stable tokens of machine-readable reports, as a Swedish reader
    // says them: the schema's "absent"/"present" (a member that may not be
    // there) and JSON type names ("integer|null"), a rule's "blank" (a cell
    // printed empty).
    static constexpr std::pair<std::string_view, std::string_view> kSwedish[] = {
        {kAbsentValue, "saknas"}, {"absent", "saknas"},  {"present", "finns"},  {"blank", "tom cell"},
        {"object", "objekt"},     {"array", "lista"},    {"string", "text"},    {"number", "tal"},
        {"integer", "heltal"},    {"boolean", "sant eller falskt"}, {"unique items", "unika element"},
        {"a matching item", "ett matchande element"}, {"none", "inget"}, {"limit reached", "gränsen nådd"}};
    const auto word = [](std::string_view token) -> std::optional<std::string_view> {
        for (const auto& [t, sv] : kSwedish)
            if (token == t) return sv;
        return std::nullopt;
    };
    if (const auto w = word(value)) return std::string(*w);
    // The schema validator's counted values: ">= 3 items", "12 characters",
    // "multiple of 0.5", "a match within 100000 steps".
    static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
        {" characters", " tecken"}, {" items", " element"}, {" fields", " fält"}, {" steps", " steg"}};
    for (const auto& [en, sv] : kSuffixes)
        if (value.size() > en.size() && value.substr(value.size() - en.size()) == en) {
            std::string head(value.substr(0, value.size() - en.size()));
            if (head.rfind("a match within ", 0) == 0) head = "en träff inom " + head.substr(15);
            return head + std::string(sv);
        }
    if (value.rfind("multiple of ", 0) == 0) return "multipel av " + std::string(value.substr(12));
    // A type list "integer|null": every part a type name, else as written.
    if (value.find('|') == std::string_view::npos) return std::string(value);
    std::string out;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t end = std::min(value.find('|', start), value.size());
        const std::string_view part = value.substr(start, end - start);
        const auto w = part == "null" ? std::optional<std::string_view>("null") : word(part);
        if (!w) return std::string(value);
        out += (out.empty() ? "" : " eller ") + std::string(*w);
        start = end + 1;
    }
    return out;
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
