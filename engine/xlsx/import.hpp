// A workbook in the layout of layout.hpp turned into submission JSON, with a
// source map from JSON Pointers back to cells. Validation then runs on the
// JSON exactly as on a JSON file (validate.hpp maps the findings back).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "source_map.hpp"
#include "xlsx/reader.hpp"

namespace budgetcheck::xlsx {

struct ImportResult {
    std::string json;                // the submission, "" when errors
    SourceMap map;
    std::vector<InputError> errors;  // each names its sheet and cell; exit 2
};

// `file`: the name errors carry; `schema`: the submission schema (which
// fields are numbers, money, booleans).
ImportResult import_workbook(const std::string& bytes, const std::string& file, const json::Document& schema,
                             const ReadLimits& limits = {});

}  // namespace budgetcheck::xlsx
