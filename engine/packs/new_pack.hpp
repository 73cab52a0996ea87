// `budgetcheck new-pack`: a pack for a new KF decision, rolled forward from
// the previous one. The copy keeps the source's layout byte for byte except
// the edits: pack id, decision date (paragraph null, title for the new
// period), budget and plan years, every amount series moved to the new
// years, and a `review` section listing every item carried over (review.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::packs {

struct NewPackRequest {
    std::string data_dir;
    std::string from;    // pack id, folder or file
    std::string id;      // the new pack's id
    std::string date;    // the KF decision date, YYYY-MM-DD
    std::string years;   // "2025-2030": budget year, then the plan years
    std::string output;  // folder; empty: <data_dir>/rules/policies/<id>
};

struct NewPackResult {
    std::string file;          // the policy.json written
    std::size_t review_items = 0;
    std::vector<InputError> errors;  // nothing was written when not empty
};

NewPackResult new_pack(const NewPackRequest& request);

// "2025-2030" (also with an en dash): first and last year, first < last.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_years(std::string_view text);

// The value a new year gets from an amount series: the same year's when the
// old period has it (a plan year KF already decided), else the nearest year's
// (a year after the old period repeats its last year).
std::string carried_amount(json::Value amounts, std::int64_t year);

// The new pack's text from the source pack's (no checks, no files).
std::string roll_forward(const PolicyPack& from, const std::string& id, const std::string& date,
                         std::int64_t first_year, std::int64_t last_year);

}  // namespace budgetcheck::packs
