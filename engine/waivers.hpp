// Waivers: accepted exceptions, recorded in a file with who decided and why.
// A waived finding is still reported (marked waived, with the reason) but no
// longer fails the run. Expired waivers and waivers that match nothing are
// reported, never silently ignored.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::waivers {

struct Entry {
    std::string rule;          // rule id the waiver covers
    std::string organisation;  // organisation id; "" = any
    std::optional<int> year;   // only findings of this year
    std::string pointer;       // only findings at this pointer or below it; "" = anywhere
    Waiver waiver;             // reason, decided_by, decision_date, expires
    std::uint32_t line = 0;    // where the entry is in the waiver file
};

struct WaiverFile {
    std::string file;
    std::vector<Entry> entries;
};

// Parses a waiver file and checks it against `schema`
// (schemas/waivers.schema.json, Engine::waivers_schema()); every problem
// found is returned together, each at its line and column.
std::variant<WaiverFile, std::vector<InputError>> load(std::string text, std::string name,
                                                       const schema::CompiledSchema& schema);

struct Usage {
    std::vector<std::size_t> matches;  // findings matched, per entry
};

// Marks the findings the waivers cover. `today` is YYYY-MM-DD: a waiver whose
// expiry is before it no longer applies and yields a `waiver.expired`
// warning at the file's root instead.
void apply(const WaiverFile& waivers, FileReport& report, const std::string& today, Usage& usage);

// Waivers that covered nothing in the whole run, as messages naming
// file:line, Swedish and English.
std::vector<Message> unused(const WaiverFile& waivers, const Usage& usage, const std::string& today);

}  // namespace budgetcheck::waivers
