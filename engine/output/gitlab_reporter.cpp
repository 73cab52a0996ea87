// --format gitlab: the GitLab Code Quality report (a JSON array of CodeClimate
// issues), published with `artifacts:reports:codequality`; GitLab shows it in
// merge requests and the pipeline's Code Quality tab.
//
// Severity: an input error (the file was not checked) and a rule that failed
// (at the rule's file and line) are "blocker", an error
// "critical", a warning "major", a notice "minor"; a waived finding is "info"
// whatever its severity, its description marked as waived. The fingerprint
// hashes the file, rule, JSON Pointer and year (not the line), so GitLab
// recognises the same finding after lines move.
#include <fmt/format.h>

#include "output/reporter.hpp"

namespace budgetcheck::output {

namespace {

std::string_view severity_of(Severity s) {
    switch (s) {
        case Severity::Error: return "critical";
        case Severity::Warning: return "major";
        case Severity::Notice: return "minor";
    }
    return "critical";
}

void issue(std::ostream& out, bool& first, std::string_view description, std::string_view check_name,
           std::string_view fingerprint, std::string_view severity, std::string_view path, std::uint32_t line) {
    out << (first ? "\n" : ",\n") << "  {\"type\": \"issue\", \"description\": " << json::quote(description)
        << ", \"check_name\": " << json::quote(check_name) << ", \"fingerprint\": " << json::quote(fingerprint)
        << ", \"severity\": " << json::quote(severity) << ", \"location\": {\"path\": " << json::quote(path)
        << ", \"lines\": {\"begin\": " << (line ? line : 1) << "}}}";
    first = false;
}

class GitlabReporter final : public Reporter {
public:
    void begin(const RunReport& run, const OutputOptions& options, std::ostream& out) override {
        lang_ = options.lang;
        first_ = true;
        out << '[';
        for (const auto& e : run.run_errors) input_error(out, e, path_for_ci(e.file));
    }

    void file(const FileReport& file, const FileSummary&, std::ostream& out) override {
        const std::string_view lang = lang_;
        const bool en = lang == "en";
        bool& first = first_;
        const std::string path = path_for_ci(file.file);
        for (const auto& e : file.errors) input_error(out, e, e.file.empty() ? path : path_for_ci(e.file));
        for (const auto& r : file.rule_failures) {
            // A failed rule's identity: the checked file, the rule and where it stopped.
            const std::string at = path_for_ci(r.file);
            FileReport key;
            key.findings.push_back(Finding{rules::kRuleErrorId, Severity::Error, Location{fmt::format("{}:{}", r.file, r.line)},
                                           {}, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
            issue(out, first, rules::failure_message(r).in(lang), rules::kRuleErrorId,
                  finding_fingerprints(key, "rule-failure\x1f" + path + "\x1f" + r.rule).front(), "blocker", at, r.line);
        }
        const auto fingerprints = finding_fingerprints(file, path);
        for (std::size_t i = 0; i < file.findings.size(); ++i) {
            const auto& f = file.findings[i];
            std::string description = placed_message(f, lang);
            if (f.expected || f.actual) description += " (" + expected_and_actual(f, lang) + ")";
            if (!f.location.cell.empty()) description = f.location.cell + ": " + description;
            if (f.waiver)
                description = fmt::format("[{}: {}] {}", en ? "waived" : "undantag", f.waiver->reason, description);
            issue(out, first, description, f.rule_id, fingerprints[i], f.waiver ? "info" : severity_of(f.severity),
                  f.location.file.empty() ? path : path_for_ci(f.location.file), f.location.line);
        }
    }

    void end(const RunSummary&, std::ostream& out) override { out << (first_ ? "]\n" : "\n]\n"); }

private:
    std::string lang_;
    bool first_ = true;

    // An input error (of a submission, or of the configuration that
    // stopped the run): a blocker at its file and line. It has no
    // pointer: its identity is the file, code and position.
    void input_error(std::ostream& out, const InputError& e, const std::string& at) {
        FileReport key;
        key.findings.push_back(Finding{e.code, Severity::Error, Location{fmt::format("{}:{}", e.line, e.column)},
                                       {}, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
        issue(out, first_, e.message.shown_in(lang_) + e.hint.shown_in(lang_), e.code,
              finding_fingerprints(key, "input-error\x1f" + at).front(), "blocker", at, e.line);
    }
};

}  // namespace

std::unique_ptr<Reporter> make_gitlab_reporter() { return std::make_unique<GitlabReporter>(); }

}  // namespace budgetcheck::output
