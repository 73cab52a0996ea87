// Output formats. Each is one small consumer of the same findings, chosen by
// name from one explicit table (reporter.cpp); none of them changes a finding.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::output {

enum class FailOn { Error, Warning, Never };

struct RunReport {
    std::vector<FileReport> files;              // in the order the user gave them
    const std::vector<rules::RuleInfo>* rules = nullptr;  // metadata of the rule set, if loaded
    const std::vector<PolicyPack>* packs = nullptr;      // the loaded policy packs (html: frames, names)
    FailOn fail_on = FailOn::Error;
};

// Does this file fail the run? Input errors and rule failures always do;
// findings per fail_on.
bool file_fails(const FileReport& file, FailOn fail_on);
// The documented exit code: 0 pass, 1 failing findings, 2 input/usage error
// or a rule that failed (a broken configuration).
int exit_code(const RunReport& run);

struct OutputOptions {
    std::string lang = "sv";  // "sv" or "en"
    bool color = false;       // ANSI colours (terminal only)
};

class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void write(const RunReport& run, const OutputOptions& options, std::ostream& out) const = 0;
};

std::unique_ptr<Reporter> make_reporter(std::string_view name);  // null if unknown
std::vector<std::string> reporter_names();

// Shared by reporters.
std::string_view severity_label(Severity severity, std::string_view lang);
std::string json_escape(std::string_view text);  // contents of a JSON string, no quotes
// "förväntat: 90 tkr, faktiskt: 100 tkr" ("expected: …, actual: …" in
// English), "–" for the one a finding lacks; values through shown_value.
std::string expected_and_actual(const Finding& finding, std::string_view lang);

// Stable identity of each finding of `file` (same order as file.findings) for
// CI systems that track findings across runs (SARIF partialFingerprints,
// GitLab Code Quality): a 64-bit FNV-1a hash (16 hex digits) of `salt`, the
// file (path_for_ci; none when file.file is empty), the rule id, the stable
// pointer (FileReport::finding_stable_pointers: array elements by their id or
// name, not their index) and the year, plus an occurrence counter only when
// one file has several findings with the same rule, stable pointer and year.
// Line numbers and values are not part of it: moving lines or elements, or
// changing the amount a finding is about, keeps the identity. docs/ci.md.
std::vector<std::string> finding_fingerprints(const FileReport& file, std::string_view salt = {});

// A file name as CI systems want it: relative to the current directory (with
// '/' separators) when the file lies inside it, otherwise absolute.
std::string path_for_ci(std::string_view file);

}  // namespace budgetcheck::output
