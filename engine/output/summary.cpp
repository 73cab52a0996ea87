#include "output/summary.hpp"

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "text/plural.hpp"

namespace budgetcheck::output {

Counts& Counts::operator+=(const Counts& other) {
    errors += other.errors;
    warnings += other.warnings;
    notices += other.notices;
    waived += other.waived;
    return *this;
}

void RunSummary::add(const FileSummary& file) {
    ++files;
    total += file.counts;
    switch (file.verdict) {
        case Verdict::Passed: ++passed; break;
        case Verdict::Failed: ++failed; break;
        case Verdict::NotChecked: ++not_checked; break;
    }
    // Input errors and rule failures are configuration or input errors (2);
    // failing findings 1 unless something worse was seen.
    if (file.verdict == Verdict::NotChecked || file.rule_failures) exit_code = 2;
    else if (file.verdict == Verdict::Failed && exit_code == 0) exit_code = 1;
    if (run_errors || (not_checked && not_checked == files)) verdict = Verdict::NotChecked;
    else if (failed || not_checked) verdict = Verdict::Failed;
    else verdict = Verdict::Passed;
}

FileSummary summarize(const FileReport& file, FailOn fail_on) {
    FileSummary s;
    for (const auto& f : file.findings) {
        if (f.waiver) ++s.counts.waived;
        else if (f.severity == Severity::Error) ++s.counts.errors;
        else if (f.severity == Severity::Warning) ++s.counts.warnings;
        else ++s.counts.notices;
    }
    s.rule_failures = file.rule_failures.size();
    s.verdict = !file.errors.empty() ? Verdict::NotChecked : file_fails(file, fail_on) ? Verdict::Failed : Verdict::Passed;
    return s;
}

RunSummary summarize(const RunReport& run) {
    RunSummary s;
    s.run_errors = run.run_errors.size();
    if (s.run_errors) {
        s.exit_code = 2;
        s.verdict = Verdict::NotChecked;
    }
    for (const auto& file : run.files) s.add(summarize(file, run.fail_on));
    return s;
}

std::string_view verdict_label(Verdict verdict, std::string_view lang) {
    const bool en = lang == "en";
    switch (verdict) {
        case Verdict::Passed: return en ? "PASSED" : "GODKÄND";
        case Verdict::Failed: return en ? "FAILED" : "UNDERKÄND";
        case Verdict::NotChecked: return en ? "NOT CHECKED" : "INTE KONTROLLERAD";
    }
    return "";
}

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::Passed: return "passed";
        case Verdict::Failed: return "failed";
        case Verdict::NotChecked: return "not-checked";
    }
    return "";
}

std::string counts_text(const Counts& c, std::string_view lang) {
    using text::counted;
    if (lang == "en") {
        std::string s = fmt::format("{}, {}, {}", counted(c.errors, "error", "errors"),
                                    counted(c.warnings, "warning", "warnings"), counted(c.notices, "notice", "notices"));
        if (c.waived) s += ", " + counted(c.waived, "waived", "waived");
        return s;
    }
    std::string s = fmt::format("{}, {}, {}", counted(c.errors, "fel", "fel"), counted(c.warnings, "varning", "varningar"),
                                counted(c.notices, "notering", "noteringar"));
    if (c.waived) s += ", " + counted(c.waived, "undantagen", "undantagna");
    return s;
}

std::string files_text(const RunSummary& s, std::string_view lang) {
    using text::counted;
    const std::size_t files = s.files;
    if (lang == "en") {
        std::string line = fmt::format("{}: {}, {}", counted(files, "file", "files"), counted(s.passed, "passed", "passed"),
                                       counted(s.failed, "failed", "failed"));
        if (s.not_checked) line += ", " + counted(s.not_checked, "not checked", "not checked");
        return line;
    }
    std::string line = fmt::format("{}: {}, {}", counted(files, "fil", "filer"), counted(s.passed, "godkänd", "godkända"),
                                   counted(s.failed, "underkänd", "underkända"));
    if (s.not_checked) line += ", " + counted(s.not_checked, "inte kontrollerad", "inte kontrollerade");
    return line;
}

std::string totals_line(const RunSummary& s, std::string_view lang) {
    const bool en = lang == "en";
    std::string line = fmt::format("{}: {}", en ? "in total" : "totalt", counts_text(s.total, lang));
    if (s.not_checked)
        line += en ? fmt::format("; {} not checked (input error)", text::counted(s.not_checked, "file", "files"))
                   : fmt::format("; {} kunde inte kontrolleras (indatafel)", text::counted(s.not_checked, "fil", "filer"));
    return line + '\n';
}

}  // namespace budgetcheck::output
