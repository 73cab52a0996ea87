#include "xlsx/validate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>

namespace budgetcheck::xlsx {

void enable_workbooks() { set_workbook_validator(&validate_workbook_file); }

std::shared_ptr<const json::Document> submission_schema(const EngineConfig& config, InputError& error) {
    const std::string path = config.schema_path
                                 ? *config.schema_path
                                 : (std::filesystem::path(config.data_dir) / "schemas/submission.schema.json").string();
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const json::Document>> cache;
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(path); it != cache.end()) return it->second;
    auto read = read_file(path, 16u << 20);
    if (read.error) {
        error = *read.error;
        return nullptr;
    }
    auto parsed = json::parse(std::move(read.text));
    if (!parsed.document) {
        error = InputError{path, 0, 0, "schema.invalid", Message::english_only("the submission schema is not valid JSON"), {}};
        return nullptr;
    }
    std::shared_ptr<const json::Document> doc(std::move(parsed.document));
    cache.emplace(path, doc);
    return doc;
}

namespace {

ImportResult import_bytes(const EngineConfig& config, const std::string& bytes, const std::string& name) {
    InputError error;
    const auto schema = submission_schema(config, error);
    if (!schema) {
        ImportResult r;
        r.errors.push_back(std::move(error));
        return r;
    }
    return import_workbook(bytes, name, *schema);
}

}  // namespace

ImportResult import_file(const EngineConfig& config, const std::string& path) {
    auto read = read_file(path, config.parse_limits.max_bytes, "--max-file-size");
    if (read.error) {
        ImportResult r;
        r.errors.push_back(*read.error);
        return r;
    }
    return import_bytes(config, read.text, path);
}

namespace {

// The cell of the imported value at `line`:`column` of the JSON made from the
// workbook (the value itself, else the first mapped one on that line); "" when none.
std::string cell_at(const json::Document& doc, const SourceMap& map, std::uint32_t line, std::uint32_t column) {
    std::string on_line;
    for (const auto& [pointer, cell] : map.cells()) {
        const json::Value v = doc.resolve(pointer);
        if (!v.valid() || v.position().line != line) continue;
        if (v.position().column == column) return cell;
        if (on_line.empty()) on_line = cell;
    }
    return on_line;
}

}  // namespace

FileReport validate_workbook(const Engine& engine, std::string bytes, const std::string& name) {
    ImportResult imported = import_bytes(engine.config(), bytes, name);
    bytes.clear();
    if (!imported.errors.empty()) {
        FileReport report;
        report.file = name;
        report.errors = std::move(imported.errors);
        return report;
    }
    // Kept for the errors found after the import (policy selection), which
    // point at a line of this JSON: the author is shown the cell instead.
    const std::string json_text = imported.json;
    FileReport report = engine.validate_text(std::move(imported.json), name);
    for (Finding& f : report.findings) {
        if (!f.location.file.empty()) continue;
        f.location.cell = imported.map.cell_for(f.location.pointer);
        // Lines of the JSON made from the workbook mean nothing to its author.
        f.location.line = f.location.column = 0;
    }
    // Errors found after the import (policy selection) point at lines of
    // that JSON too: the cell of the field is what the author can find,
    // named first as the import's own errors name it ("Uppgifter!C9: …").
    std::unique_ptr<const json::Document> doc;
    for (InputError& e : report.errors) {
        if (e.line > 0) {
            if (!doc) doc = std::move(json::parse(json_text).document);
            const std::string cell = doc ? cell_at(*doc, imported.map, e.line, e.column) : "";
            if (!cell.empty()) e.message = Message{cell + ": " + e.message.sv, cell + ": " + e.message.en};
        }
        e.line = e.column = 0, e.snippet.clear();
    }
    sort_findings(report.findings);
    report.cells = std::make_shared<const SourceMap>(std::move(imported.map));
    return report;
}

FileReport validate_workbook_file(const Engine& engine, const std::string& path) {
    auto read = read_file(path, engine.config().parse_limits.max_bytes, "--max-file-size");
    if (read.error) {
        FileReport report;
        report.file = path;
        report.errors.push_back(*read.error);
        return report;
    }
    return validate_workbook(engine, std::move(read.text), path);
}

}  // namespace budgetcheck::xlsx
