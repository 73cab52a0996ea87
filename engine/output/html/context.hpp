// What every part of the HTML report (engine/output/html_reporter.cpp) knows
// about one file: its submission, its policy pack, its period and unit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "money.hpp"
#include "output/reporter.hpp"
#include "text/caret.hpp"

namespace budgetcheck::output::html {

struct Context {
    explicit Context(const FileReport& f) : file(f) {}
    const FileReport& file;
    const PolicyPack* pack = nullptr;
    json::Value root;  // invalid when the file did not parse
    json::Value pack_root;
    Unit unit = Unit::Tkr;
    int decimals = 0;
    Unit pack_unit = Unit::Tkr;
    std::vector<int> years;  // budget year and plan years
    bool en = false;
    std::string prefix;  // id prefix, unique per file
    std::string_view lang() const { return en ? "en" : "sv"; }
    // Columns of the lines snippets mark by column: many findings on one
    // long (minified) line read it once, not once per finding.
    mutable std::map<std::uint32_t, text::LineColumns> line_columns;
};

// The context of file number `index` (0-based) of `run`.
Context make_context(const RunReport& run, const FileReport& file, std::size_t index, bool en);

std::string string_at(json::Value v);

// The unescaped tokens of a JSON Pointer (none for "" or a non-pointer).
std::vector<std::string> pointer_tokens(std::string_view pointer);
// tokens[at] as an array index, if it is one.
std::optional<std::size_t> index_token(const std::vector<std::string>& tokens, std::size_t at);

// An amount of a money series in exact kronor (the value as written in
// `unit`); nullopt when the year has none.
std::optional<std::int64_t> kronor_of(json::Value series, int year, Unit unit);
// The same in the submission's unit, as a double: for drawing only.
std::optional<double> amount(json::Value series, int year, Unit unit);
// A drawn value (in the submission's unit) as people read it.
std::string format_money(const Context& ctx, double v);

// An indicator value (a target or an outcome) as the document writes it:
// "≥ 90", "Öka", the number; "" when it has none.
std::string target_text(json::Value target, bool en);

}  // namespace budgetcheck::output::html
