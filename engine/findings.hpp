// The plain values the engine returns. Nothing here prints or formats:
// every output format is a consumer of these (engine/output/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace budgetcheck {

enum class Severity : std::uint8_t { Notice = 0, Warning = 1, Error = 2 };

std::string_view severity_name(Severity severity);  // "notice", "warning", "error"
std::optional<Severity> parse_severity(std::string_view name);

// A message a controller understands, Swedish first.
struct Message {
    std::string sv;
    std::string en;
    const std::string& in(std::string_view lang) const { return lang == "en" ? en : sv; }
    // The text in `lang`, or in the other language when that one is empty
    // (a message made with english_only).
    const std::string& shown_in(std::string_view lang) const {
        const std::string& chosen = in(lang);
        return chosen.empty() ? in(lang == "en" ? "sv" : "en") : chosen;
    }
    static Message english_only(std::string en) { return Message{{}, std::move(en)}; }
};

// Finding::actual of a finding about something absent (schema "required",
// "dependencies"): a stable token in the machine-readable reports (JSON,
// SARIF); the reports for people show it in their language (shown_value).
inline constexpr std::string_view kAbsentValue = "missing";
// An expected or actual value as a person reads it in `lang`: in Swedish
// the stable tokens kAbsentValue and "absent" are "saknas", "present"
// "finns", "blank" "tom cell", JSON type names Swedish words ("integer|null"
// is "heltal eller null"); every other value as written.
std::string shown_value(std::string_view value, std::string_view lang);

// Where in the submission a finding points. line/column are 1-based; 0 when
// the finding concerns the file as a whole.
struct Location {
    std::string pointer;  // RFC 6901 JSON Pointer, "" = the whole document
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    // "" = the checked file. Otherwise the file line/column are in (the
    // waiver file of a `waiver.expired` warning); pointer is then "".
    std::string file = {};
    // The workbook cell the value came from ("Investeringar!D7") when the
    // submission was read from an .xlsx (engine/xlsx/); "" otherwise.
    std::string cell = {};
};

// An accepted exception (waiver file): the finding is shown as waived with
// the reason and does not fail the run.
struct Waiver {
    std::string reason;
    std::string decided_by;
    std::string decision_date;  // YYYY-MM-DD
    std::string expires;        // YYYY-MM-DD, "" = never
};

struct Finding {
    std::string rule_id;  // stable, e.g. "investment.within-frame", "schema.required"
    Severity severity = Severity::Error;
    Location location;
    Message message;
    std::optional<int> year;
    std::optional<std::string> expected;  // shown as written, e.g. "400 tkr"
    std::optional<std::string> actual;
    // actual − expected in exact kronor, when the rule compared two amounts
    // (report{ difference }); what a controller must fix, never parsed from
    // the texts above.
    std::optional<std::int64_t> difference;
    std::optional<Waiver> waiver;  // set when an accepted exception covers it
    // Where the finding is as the document names it, "Verksamhetsområden ›
    // Ledning › 2024" (place.hpp); set by the engine once per finding, so
    // every format reads it. Empty for the whole document and for findings
    // about another file (Location::file).
    Message place = {};
};

// Deterministic order: location in file, then rule id, then year, then message.
bool finding_less(const Finding& a, const Finding& b);
void sort_findings(std::vector<Finding>& findings);

// A key figure a rule published with report.figure{} (docs/rule-api.md):
// one number the rule computed for its check, e.g. the net investments of
// 2024 counted against KF's investment frame. Reports show it as the rule
// computed it; none recomputes it (issue 15: one computation).
struct KeyFigure {
    std::string id;       // e.g. "investment.frame", "operating.frame"
    std::string rule_id;  // the rule that published it
    int year = 0;
    std::int64_t amount = 0;            // exact kronor
    std::optional<std::int64_t> limit;  // exact kronor: the limit it is held to (KF's frame)
    bool operator==(const KeyFigure&) const = default;
};

// Deterministic order: id, then year.
void sort_figures(std::vector<KeyFigure>& figures);

// A problem that stops a file from being checked at all (not JSON, too big,
// unreadable, broken rule or policy file). Maps to exit code 2.
struct InputError {
    std::string file;
    std::uint32_t line = 0;  // 0 when the whole file is concerned
    std::uint32_t column = 0;
    std::string code;        // stable id, e.g. "json.duplicate-key", "io.not-found"
    // A sentence a person can act on, Swedish and English: submission
    // problems (json.*, io.*, limit.*, policy selection) and errors in rule
    // files, policy data and waiver files (rule.*, policy.*, waiver.*). Only
    // schema.invalid (a broken schema file) is English only (sv empty): show
    // with shown_in().
    Message message;
    std::string snippet;     // the offending line, when there is one
    // What to do about it, as " — …" to follow the message (policy data is
    // edited by hand); decided where the error is made, from its fields.
    Message hint = {};
};

}  // namespace budgetcheck
