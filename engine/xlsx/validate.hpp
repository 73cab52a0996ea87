// Checking an .xlsx workbook: import it (import.hpp), validate the JSON
// exactly as a JSON file, then give each finding the cell its pointer (or
// its nearest mapped ancestor) came from.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine.hpp"
#include "xlsx/import.hpp"

namespace budgetcheck::xlsx {

// Lets Engine::validate_file read workbooks in this program (set_workbook_validator).
void enable_workbooks();


// The submission schema document the engine checks with (parsed once per
// path and kept); null with `error` set when it cannot be read.
std::shared_ptr<const json::Document> submission_schema(const EngineConfig& config, InputError& error);

// The workbook at `path` (read under the engine's file size limit) as JSON.
ImportResult import_file(const EngineConfig& config, const std::string& path);

// Engine::validate_file for a workbook; `bytes` already read (uploads).
FileReport validate_workbook(const Engine& engine, std::string bytes, const std::string& name);
FileReport validate_workbook_file(const Engine& engine, const std::string& path);

}  // namespace budgetcheck::xlsx
