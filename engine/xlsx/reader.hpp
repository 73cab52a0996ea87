// Reading an .xlsx workbook (a zip of XML parts) into plain cells: libzip
// opens the zip, pugixml parses the parts. Every cell keeps the text Excel
// stored, so numbers never pass through a double here.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "findings.hpp"

namespace budgetcheck::xlsx {

// Bounds against zip bombs and absurd files (docs/limits.md): checked on the
// sizes the zip declares before anything is inflated, and again while reading.
struct ReadLimits {
    // pugixml's tree takes a few times a part's size: 16 MiB keeps one
    // workbook well under a few hundred MiB; a board's sheet is < 1 MiB.
    std::uint64_t max_part_bytes = 16ull << 20;   // one uncompressed XML part
    std::uint64_t max_total_bytes = 64ull << 20;  // all parts read, uncompressed
    std::uint64_t max_entries = 2000;             // files in the zip
    std::uint64_t max_cells = 500'000;            // cells over all sheets
};

struct Cell {
    std::uint32_t row = 0;  // 1-based
    std::uint32_t col = 0;  // 1-based, A = 1
    enum class Type : std::uint8_t { Number, Text, Bool, Error, FormulaWithoutValue } type = Type::Text;
    std::string text;       // the stored text: "29.4", "Drift", "1" for TRUE
    bool date_format = false;  // a number shown as a date or time
};

struct Sheet {
    std::string name;
    std::vector<Cell> cells;            // in row, then column order
    std::vector<std::string> merged;    // merged ranges, "A1:B2"
};

struct Workbook {
    std::vector<Sheet> sheets;  // in workbook order
};

struct ReadError {
    std::string code;  // xlsx.not-xlsx, xlsx.encrypted, xlsx.corrupt, xlsx.too-large
    Message message;
};

// `bytes`: the whole file (already read under the file size limit).
std::variant<Workbook, ReadError> read_workbook(const std::string& bytes, const ReadLimits& limits = {});

// "D7" for row 7, column 4; "Drift!D7" with a sheet name.
std::string cell_name(std::uint32_t row, std::uint32_t col);
std::string cell_name(const std::string& sheet, std::uint32_t row, std::uint32_t col);

}  // namespace budgetcheck::xlsx
