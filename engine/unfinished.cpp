#include "unfinished.hpp"

#include <array>

namespace budgetcheck {

namespace {

bool word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// The line of `text` around byte `at`.
std::string line_around(std::string_view text, std::size_t at) {
    const std::size_t start = text.rfind('\n', at);
    const std::size_t begin = start == std::string_view::npos ? 0 : start + 1;
    return std::string(text.substr(begin, text.find('\n', at) - begin));
}

}  // namespace

std::string_view placeholder_marker(std::string_view text) {
    static constexpr std::array<std::string_view, 2> kMarkers = {"TODO", "FIXME"};
    for (std::string_view marker : kMarkers)
        for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
            const bool starts = at == 0 || !word_char(text[at - 1]);
            const bool ends = at + marker.size() == text.size() || !word_char(text[at + marker.size()]);
            if (starts && ends) return marker;
        }
    return {};
}

std::vector<Placeholder> placeholders(const rules::RuleInfo& rule) {
    const std::array<std::pair<const char*, const std::string*>, 7> fields = {{
        {"title.sv", &rule.title.sv},
        {"title.en", &rule.title.en},
        {"source.decision", &rule.source.decision},
        {"source.document", &rule.source.document},
        {"source.quote", &rule.source.quote},
        {"explain.sv", &rule.explain.sv},
        {"explain.en", &rule.explain.en},
    }};
    std::vector<Placeholder> out;
    for (const auto& [field, text] : fields) {
        const std::string_view marker = placeholder_marker(*text);
        if (marker.empty()) continue;
        out.push_back({field, std::string(marker), line_around(*text, text->find(marker))});
    }
    return out;
}

std::uint32_t line_holding(std::string_view file_text, std::string_view text) {
    const std::size_t at = text.empty() ? std::string_view::npos : file_text.find(text);
    if (at == std::string_view::npos) return 0;
    std::uint32_t line = 1;
    for (std::size_t i = 0; i < at; ++i) line += file_text[i] == '\n';
    return line;
}

}  // namespace budgetcheck
