// The run summary: the counts and verdicts every report and the CLI's closing
// line print. Made in one place (summarize) so that no format counts for
// itself and they cannot disagree: a waived finding is counted as waived,
// never as an error, warning or notice.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"

namespace budgetcheck {
struct FileReport;
}

namespace budgetcheck::output {

struct RunReport;
enum class FailOn;

// Findings of a file or a run by severity; waived ones apart.
struct Counts {
    std::size_t errors = 0, warnings = 0, notices = 0;
    std::size_t waived = 0;  // findings an accepted exception covers, whatever their severity
    Counts& operator+=(const Counts& other);
    bool operator==(const Counts&) const = default;
};

enum class Verdict {
    Passed,      // checked, nothing at or above --fail-on
    Failed,      // checked, findings at or above --fail-on (or a rule failed)
    NotChecked,  // an input error stopped the check (or the run never started)
};

struct FileSummary {
    Counts counts;
    Verdict verdict = Verdict::Passed;
    std::size_t rule_failures = 0;  // rules that failed on the file (a configuration error)
};

// Counts only, whatever the number of files: a streamed run adds each file
// as it is written and keeps nothing of it (the per-file summaries go to the
// reporters with each file).
struct RunSummary {
    std::size_t files = 0;  // files checked or attempted
    Counts total;
    std::size_t passed = 0, failed = 0, not_checked = 0;  // files per verdict
    std::size_t run_errors = 0;  // configuration or usage errors that stopped the run (RunReport::run_errors)
    int exit_code = 0;           // 0 pass, 1 failing findings, 2 input, configuration or usage error
    // The run's verdict: NotChecked when a run error stopped it or no file
    // could be checked, Failed when any file fails or is not checked.
    Verdict verdict = Verdict::Passed;

    // Adds one file (reports written file by file add as they go).
    void add(const FileSummary& file);
};

FileSummary summarize(const FileReport& file, FailOn fail_on);
RunSummary summarize(const RunReport& run);

// "UNDERKÄND" / "FAILED", "GODKÄND" / "PASSED", "INTE KONTROLLERAD" / "NOT CHECKED".
std::string_view verdict_label(Verdict verdict, std::string_view lang);
// "passed", "failed", "not-checked": for machine-readable reports.
std::string_view verdict_name(Verdict verdict);
// "13 fel, 0 varningar, 1 notering, 1 undantagen" ("13 errors, 0 warnings,
// 1 notice, 1 waived"); the waived part only when there are any.
std::string counts_text(const Counts& counts, std::string_view lang);
// "3 filer: 1 godkänd, 1 underkänd, 1 inte kontrollerad" ("3 files: 1
// passed, 1 failed, 1 not checked"); the not-checked part only when there are any.
std::string files_text(const RunSummary& summary, std::string_view lang);
// The CLI's closing line of a multi-file text report, with its newline:
// "totalt: 13 fel, 0 varningar, 0 noteringar, 1 undantagen; 1 fil kunde inte
// kontrolleras (indatafel)".
std::string totals_line(const RunSummary& summary, std::string_view lang);

}  // namespace budgetcheck::output
