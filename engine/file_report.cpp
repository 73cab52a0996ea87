// FileReport (engine.hpp): its source lines, with or without the document,
// and its stable pointers (the identity fingerprints use).
#include "engine.hpp"
#include "json/stable_pointer.hpp"

namespace budgetcheck {

std::string_view FileReport::line_text(std::uint32_t line) const {
    if (document) return document->line_text(line);
    const auto it = source_lines.find(line);
    return it == source_lines.end() ? std::string_view() : std::string_view(it->second);
}

bool FileReport::has_line(std::uint32_t line) const {
    return line != 0 && (document || source_lines.count(line) != 0);
}

void FileReport::release_document() {
    if (!document) return;
    const auto stable = finding_stable_pointers();
    for (std::size_t i = 0; i < findings.size(); ++i) stable_pointers.emplace(findings[i].location.pointer, stable[i]);
    for (const auto& f : findings)
        if (f.location.line != 0 && f.location.file.empty() && !source_lines.count(f.location.line))
            source_lines.emplace(f.location.line, std::string(document->line_text(f.location.line)));
    document.reset();
}

std::vector<std::string> FileReport::finding_stable_pointers() const {
    std::vector<std::string> out;
    out.reserve(findings.size());
    if (document) {
        json::StablePointers stable(*document);
        for (const auto& f : findings) out.push_back(stable(f.location.pointer));
        return out;
    }
    for (const auto& f : findings) {
        const auto it = stable_pointers.find(f.location.pointer);
        out.push_back(it == stable_pointers.end() ? f.location.pointer : it->second);
    }
    return out;
}

}  // namespace budgetcheck
