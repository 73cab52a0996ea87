// The workbook layout shared by the template, export and import
// (docs/excel.md): which sheet holds which part of a submission, where the
// header row is, and what the submission schema says a field holds.
//
// Every data sheet is a grid: row 3 is the header (Fält, Benämning, Värde,
// then one column per year); each row below names its field in column A as
// a path into the submission ("operating/within_frame/rows/0/amounts/*").
// A path without "*" has its value in column C; a path with "*" is a series
// whose year columns give the values, the "*" standing for the year.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::xlsx {

inline constexpr std::string_view kInstructionsSheet = "Instruktioner";
inline constexpr std::uint32_t kTitleRow = 1;
inline constexpr std::uint32_t kHeaderRow = 3;
inline constexpr std::uint32_t kFirstDataRow = 4;
inline constexpr std::uint32_t kPathCol = 1, kLabelCol = 2, kValueCol = 3, kFirstYearCol = 4;
inline constexpr std::string_view kPathHeader = "Fält";
inline constexpr std::string_view kLabelHeader = "Benämning";
inline constexpr std::string_view kValueHeader = "Värde";

struct SheetSpec {
    std::string_view name;
    std::string_view title;                  // row 1, Swedish
    std::vector<std::string_view> sections;  // top-level submission members it holds
};

// The data sheets in workbook order (after Instruktioner). "Uppgifter" holds
// the file's general fields and any member no other sheet claims.
const std::vector<SheetSpec>& data_sheets();
// The sheet a top-level member belongs on.
const SheetSpec& sheet_for(std::string_view top_level_member);

// What the submission schema says a field holds.
enum class FieldKind : std::uint8_t { Unknown, String, Integer, Number, Money, Boolean };

class SchemaFields {
public:
    explicit SchemaFields(const json::Document& schema) : schema_(schema) {}
    // Kind of the value at `tokens` (a concrete path: years and indices filled in).
    FieldKind kind(const std::vector<std::string>& tokens) const;
    // The Swedish title of the schema node at `tokens`, "" when it has none.
    std::string title(const std::vector<std::string>& tokens) const;
    // The schema nodes that apply at `tokens` ($ref, allOf, oneOf, anyOf
    // followed); empty when the schema does not define the path.
    std::vector<json::Value> nodes(const std::vector<std::string>& tokens) const;
    std::vector<json::Value> expand(json::Value node) const;
    const json::Document& document() const { return schema_; }

private:
    const json::Document& schema_;
};

// A number as Excel stores it ("29.399999999999999", "1E-3") as the decimal
// a person typed: at most 15 significant digits (Excel's precision; the rest
// is the binary double's noise), plain notation, no trailing zeros. nullopt
// when `stored` is not a number.
std::optional<std::string> excel_decimal(std::string_view stored);
// Significant digits of a JSON number's text ("0.0250" has 2).
int significant_digits(std::string_view number);

// Path tokens of a column-A path ("a/b/*" -> a, b, *); "~1" and "~0" as in JSON Pointer.
std::vector<std::string> split_path(std::string_view path);
std::string join_path(const std::vector<std::string>& tokens);

}  // namespace budgetcheck::xlsx
