// `budgetcheck diff-packs A B`: what changed between two KF decisions, as
// their policy packs say. Items are matched by id (goals, indicators,
// assignments, organisations, goal areas), frames year by year in exact
// kronor, rule settings by rule id. Where a value came from (source, note)
// is not a change of the decision and is left out of the comparison.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::packs {

// One field whose value differs; values as compact JSON text ("" = absent).
struct FieldChange {
    std::string field;  // e.g. "name", "kf_decision.title", "investment_frame.approximate"
    std::string from, to;
    // Both sides lists of plain values (aliases, applies_to): the elements
    // only one side has, which read better than two long lists.
    bool list = false;
    std::vector<std::string> added, removed;
};

// One id'd item of a list or map section.
struct ItemChange {
    enum class Kind { Added, Removed, Changed } kind = Kind::Changed;
    std::string id;
    std::string name;                  // the item's name or title (from the newer side when both)
    std::vector<FieldChange> fields;   // Changed only
};

struct Section {
    std::string key;  // "goal_areas", "kf_goals", "mandatory_indicators", "strategic_assignments",
                      // "organisations", "equity", "severity_overrides", "disabled_rules", "rule_parameters"
    std::size_t from_count = 0, to_count = 0;
    std::vector<ItemChange> changes;
};

// One organisation's frame in one year; either side may be absent.
struct FrameYear {
    std::string organisation;
    std::string frame;  // "operating_frame" or "investment_frame"
    std::int64_t year = 0;
    std::optional<std::int64_t> from_kronor, to_kronor;
};

struct PackSummary {
    std::string id, municipality, date, title, paragraph;  // paragraph "" when null
    std::int64_t first_year = 0, last_year = 0;
    Unit unit = Unit::Tkr;
    int decimals = 0;
};

struct PackDiff {
    PackSummary from, to;
    std::vector<FieldChange> decision;  // municipality, kf_decision.*, budget_year, plan_years, unit, decimals
    std::vector<Section> sections;      // in the order above; a section absent on both sides is left out
    std::vector<FrameYear> frames;      // organisation (in pack order, newer pack's first), frame, year
};

PackDiff diff_packs(const PolicyPack& from, const PolicyPack& to);

// Renderings. Text in Swedish or English ("sv"/"en"); JSON with amounts as
// integers in kronor (a stable shape: docs/cli.md).
std::string diff_text(const PackDiff& diff, std::string_view lang);
std::string diff_json(const PackDiff& diff);

}  // namespace budgetcheck::packs
