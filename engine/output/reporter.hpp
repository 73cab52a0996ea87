// Output formats. Each is one small consumer of the same findings, chosen by
// name from one explicit table (reporter.cpp); none of them changes a finding.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine.hpp"
#include "output/summary.hpp"

namespace budgetcheck::output {

enum class FailOn { Error, Warning, Never };

struct RunReport {
    std::vector<FileReport> files;              // in the order the user gave them
    const std::vector<rules::RuleInfo>* rules = nullptr;  // metadata of the rule set, if loaded
    const std::vector<PolicyPack>* packs = nullptr;      // the loaded policy packs (html: frames, names)
    FailOn fail_on = FailOn::Error;
    // Errors that stopped the whole run before (or instead of) checking
    // files: a broken policy pack, rule file, schema or waiver file, a usage
    // error found after the options were parsed. Every report still names
    // them (a pipeline shows the reason); the run exits 2.
    std::vector<InputError> run_errors;
    // Notes about the run as a whole, known only when every file is
    // checked (a waiver that matched no finding): set before end(), so the
    // reports that keep `run` (json, html) write them as data.
    std::vector<Message> run_notes;
    // Rule ids left out with --skip-rule (JUnit shows them as skipped).
    std::vector<std::string> skipped_rules;
    // The --policy pack id, "" when each submission selects its own (SARIF
    // automationDetails: one stable category per configuration).
    std::string policy;
};

// Does this file fail the run? Input errors and rule failures always do;
// findings per fail_on.
bool file_fails(const FileReport& file, FailOn fail_on);
// The documented exit code: 0 pass, 1 failing findings, 2 input/usage error
// or a rule that failed (a broken configuration). summarize(run).exit_code.
int exit_code(const RunReport& run);

struct OutputOptions {
    std::string lang = "sv";  // "sv" or "en"
    bool color = false;       // ANSI colours (terminal only)
    // Where this installation publishes budgetcheck's docs (an absolute
    // http(s) URL ending in "/"; --docs-url). SARIF's informationUri, and
    // each rule's helpUri below it. "" = not given: SARIF then leaves both
    // out, since a link to a placeholder host is worse than none.
    std::string docs_url;
    // overview: the run's HTML report, as a link relative to the overview
    // (its rows link to "<html_report>#file-N"); "" = none written beside it.
    std::string html_report;
};

// A report is written file by file, in input order, as the files are
// checked (issue 14, item 10): begin(run) once, file() for each file, end()
// once. Memory then follows the largest file, not the number of files. One
// instance writes one report; it may keep state between the calls.
//
// begin() sees the run without its files (RunReport::files may be empty
// when streaming): the rule set, policy, fail_on, run_errors, skipped
// rules. `run` must outlive end(). file() gets each file with its own
// summary (summarize(file, run.fail_on)); end() the whole run's counts.
// A format whose head needs the totals (json) spools its per-file parts
// (output/spool.hpp); formats that need every file at once (sarif, junit,
// html) derive from WholeRunReporter and keep the files (docs/limits.md).
class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void begin(const RunReport& run, const OutputOptions& options, std::ostream& out) = 0;
    virtual void file(const FileReport& file, const FileSummary& summary, std::ostream& out) = 0;
    virtual void end(const RunSummary& summary, std::ostream& out) = 0;

    // The whole run at once: drives begin, file for each of run.files, end
    // (the same code path as streaming). `summary` is summarize(run).
    void write(const RunReport& run, const RunSummary& summary, const OutputOptions& options, std::ostream& out);
    void write(const RunReport& run, const OutputOptions& options, std::ostream& out) {
        write(run, summarize(run), options, out);
    }
};

// For formats that need every file before writing anything (SARIF's rule
// set and artifacts, JUnit's test-case list, HTML's overview): keeps a copy
// of each file (documents as the batch left them) and writes in end().
class WholeRunReporter : public Reporter {
public:
    void begin(const RunReport& run, const OutputOptions& options, std::ostream& out) final;
    void file(const FileReport& file, const FileSummary& summary, std::ostream& out) final;
    void end(const RunSummary& summary, std::ostream& out) final;

protected:
    // `run` is begin()'s run with every file; `files[i]` summarises run.files[i].
    virtual void write_whole(const RunReport& run, const std::vector<FileSummary>& files, const RunSummary& summary,
                             const OutputOptions& options, std::ostream& out) const = 0;

private:
    RunReport run_;
    const RunReport* source_ = nullptr;
    std::vector<FileSummary> summaries_;
    OutputOptions options_;
};

std::unique_ptr<Reporter> make_reporter(std::string_view name);  // null if unknown
std::vector<std::string> reporter_names();

// Shared by reporters.
std::string_view severity_label(Severity severity, std::string_view lang);
// An organisation's funding kind (the schema's "appropriation", "revenue")
// as people read it: "anslagsfinansierad" / "appropriation-funded"; an
// unknown kind as written.
std::string_view funding_label(std::string_view funding, std::string_view lang);
std::string json_escape(std::string_view text);  // contents of a JSON string, no quotes
// "förväntat: 90 tkr, faktiskt: 100 tkr" ("expected: …, actual: …" in
// English), "–" for the one a finding lacks; values through shown_value.
std::string expected_and_actual(const Finding& finding, std::string_view lang);
// " — undantag: reason (decided by, decision date)" (" — waived: …") after a
// waived finding's line in the text formats (validate, diff); "" when no
// waiver covers it. Not made terminal-safe: the caller does that.
std::string waiver_note(const Finding& finding, std::string_view lang);
// The finding's message after its place, "Verksamhetsområden › Ledning ›
// 2024: …" (Finding::place), as the one-line formats show it (text, SARIF,
// JUnit, GitHub, GitLab); the message alone when it has no place.
std::string placed_message(const Finding& finding, std::string_view lang);

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
