// What goes into each sheet's rows, before anything is written: from the
// schema and a policy pack (the template) or from a submission (export).
#pragma once

#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "json/document.hpp"
#include "xlsx/layout.hpp"
#include "xlsx/writer.hpp"

namespace budgetcheck::xlsx {

struct CellValue {
    enum class Kind : std::uint8_t { None, Number, String, Bool } kind = Kind::None;
    std::string text;  // a number's JSON text, a string, "true"/"false"
};

struct Row {
    std::string path;   // column A
    std::string label;  // column B, from the schema's titles
    bool series = false;
    FieldKind kind = FieldKind::Unknown;
    CellValue value;                          // column C when !series
    std::map<std::string, CellValue> by_year;  // year -> value when series
    std::vector<std::string> choices;          // the schema's enum: a drop-down list
    bool kf_goal = false;                      // drop-down of the pack's KF goals
};

struct SheetRows {
    std::vector<Row> rows;
    std::set<std::string> years;  // year columns, ascending
};

struct Plan {
    std::string heading;  // first line of Instruktioner
    std::string unit = "tkr";
    int decimals = 0;
    std::map<std::string, SheetRows> sheets;  // by sheet name; every data sheet present
    std::vector<std::pair<std::string, std::string>> kf_goals;  // id, name
};

std::variant<Plan, WriteError> template_plan(const json::Document& schema, const json::Document& policy,
                                             const std::string& organisation);
std::variant<Plan, WriteError> export_plan(const json::Document& schema, const json::Document& submission);

}  // namespace budgetcheck::xlsx
