// What changed between two revisions of one submission (`budgetcheck diff
// OLD.json NEW.json`, POST /api/diff): the amounts changed, added or removed,
// by place, and the findings new, fixed and unchanged. Plain values; the
// formats are in output/diff_reporter.hpp.
//
// Amounts are matched by their stable pointer (json/stable_pointer.hpp: a row
// by its id or name, not its index), so a row inserted before others does not
// shift them; findings by their fingerprint (output::finding_fingerprints,
// without the file name: the two revisions are two files), not by position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "money.hpp"

namespace budgetcheck::revision {

struct AmountChange {
    std::string key;      // the stable pointer both revisions share
    std::string pointer;  // in the new revision; the old one's for a removed amount
    Message place;        // "Verksamhetsområden › Ledning › Kostnad › 2024"
    std::optional<std::int64_t> old_kronor, new_kronor;  // nullopt: not in that revision
    std::uint32_t old_line = 0, new_line = 0;            // 0: not in that revision, or a workbook
    std::string old_cell, new_cell;                      // a workbook's cell ("Drift!D7"); "" for JSON
    std::int64_t change() const { return new_kronor.value_or(0) - old_kronor.value_or(0); }
};

enum class FindingStatus { New, Fixed, Unchanged };
std::string_view status_name(FindingStatus status);  // "new", "fixed", "unchanged"

struct FindingChange {
    FindingStatus status = FindingStatus::Unchanged;
    Finding finding;          // as the new revision has it; the old one's when fixed
    std::string fingerprint;  // the same in both revisions
    Message place;
};

// One side of the comparison.
struct Revision {
    std::string file;
    Unit unit = Unit::Kr;
    int decimals = 0;
    std::string policy_pack;
    std::size_t amounts = 0;  // exact amounts it holds
};

struct RevisionDiff {
    Revision old_revision, new_revision;
    // Changed, added and removed amounts: in the new revision's order, then
    // the removed ones in the old revision's order.
    std::vector<AmountChange> amounts;
    std::size_t unchanged_amounts = 0;
    // New, fixed and unchanged findings, in that order; each group in its
    // revision's finding order.
    std::vector<FindingChange> findings;
    std::size_t count(FindingStatus status) const;
    // New findings at or above the threshold (not waived): the exit code's 1.
    bool has_new_at_least(Severity threshold) const;
};

// Why OLD and NEW are not two revisions of one submission (another
// municipality, organisation or budget year: every amount would differ, and
// the "changes" would be noise), naming both values; nullopt when they are.
// `budgetcheck diff` and POST /api/diff refuse such a pair (exit 2, 422).
std::optional<InputError> not_revisions(const FileReport& old_file, const FileReport& new_file);

// Both reports come from `engine` (Engine::validate_text) and must hold
// their documents (they have no input errors).
RevisionDiff diff(const Engine& engine, const FileReport& old_file, const FileReport& new_file);

// The name of the place `pointer` names in `document`, Swedish and English
// (Engine::place_name: "Verksamhetsområden › Ledning › Kostnader › 2024").
Message place_name(const Engine& engine, const json::Document& document, std::string_view pointer);

// The fewest decimals (at least `at_least`) that show every one of `kronor`
// exactly in `unit`: a diff never rounds an amount or a change.
int exact_decimals(const std::vector<std::int64_t>& kronor, Unit unit, int at_least);

}  // namespace budgetcheck::revision
