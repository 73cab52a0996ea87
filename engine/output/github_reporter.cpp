// --format github: GitHub Actions workflow commands, which GitHub shows as
// annotations on the pull request's changed files and in the run summary:
//   ::error file=samples/x.json,line=87,col=37,title=arithmetic.stated-totals::message
// One line per finding (error / warning / notice by severity; a waived
// finding is a notice marked as waived) and per input error (error, titled
// with its code). Escaping as the runner decodes it: in the message '%',
// CR and LF as %25, %0D, %0A; in properties also ':' and ',' (%3A, %2C).
// After each file a plain summary line for the job log.
#include <fmt/format.h>

#include "output/reporter.hpp"
#include "text/terminal.hpp"

namespace budgetcheck::output {

namespace {

// Workflow-command data: terminal controls and bidi characters neutralised
// first (the job log is a terminal; text/terminal.hpp), then the runner's
// escapes.
std::string escape_data(std::string_view s) {
    std::string out;
    for (const char c : text::terminal_safe(s, /*keep_line_breaks=*/true)) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view s) {
    std::string out;
    for (const char c : escape_data(s)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

// The summary line is no command, but the runner would read one that starts
// (after spaces) with "::": its file name escapes ':' as well as the data's
// characters, and nothing else, to stay readable in the job log.
std::string escape_log_line(std::string_view s) {
    std::string out;
    for (const char c : escape_data(s)) {
        if (c == ':') out += "%3A";
        else out += c;
    }
    return out;
}

std::string_view command_of(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Notice: return "notice";
    }
    return "error";
}

std::string properties(const std::string& path, std::uint32_t line, std::uint32_t column, std::string_view title) {
    std::string p = "file=" + escape_property(path);
    if (line) p += fmt::format(",line={}", line);
    if (line && column) p += fmt::format(",col={}", column);
    return p + ",title=" + escape_property(title);
}

void error_line(std::ostream& out, const InputError& e, const std::string& path, std::string_view lang) {
    out << "::error " << properties(path, e.line, e.column, e.code) << "::"
        << escape_data(e.message.shown_in(lang) + e.hint.shown_in(lang)) << '\n';
}

class GithubReporter final : public Reporter {
public:
    void begin(const RunReport& run, const OutputOptions& options, std::ostream& out) override {
        lang_ = options.lang;
        stopped_ = !run.run_errors.empty();
        // Errors that stopped the run: annotated at the configuration file that needs fixing.
        for (const auto& e : run.run_errors) error_line(out, e, path_for_ci(e.file), lang_);
    }

    void file(const FileReport& file, const FileSummary& summary, std::ostream& out) override {
        const std::string_view lang = lang_;
        const bool en = lang == "en";
        const std::string path = path_for_ci(file.file);
        for (const auto& e : file.errors) error_line(out, e, e.file.empty() ? path : path_for_ci(e.file), lang);
        for (const auto& r : file.rule_failures)
            out << "::error " << properties(path_for_ci(r.file), r.line, 0, rules::kRuleErrorId) << "::"
                << escape_data(rules::failure_message(r).in(lang)) << '\n';
        for (const auto& f : file.findings) {
            std::string message = placed_message(f, lang);
            if (f.expected || f.actual) message += "\n" + expected_and_actual(f, lang);
            std::string title = f.rule_id;
            std::string_view command = command_of(f.severity);
            if (f.waiver) {
                // Shown, but as a notice: a waived finding does not fail the run.
                command = "notice";
                title += en ? " (waived)" : " (undantag)";
                message += fmt::format("\n{}: {}", en ? "Waived" : "Undantag", f.waiver->reason);
                std::string by = f.waiver->decided_by;
                if (!f.waiver->decision_date.empty()) by += (by.empty() ? "" : ", ") + f.waiver->decision_date;
                if (!by.empty()) message += fmt::format(" ({})", by);
            }
            const std::string at = f.location.file.empty() ? path : path_for_ci(f.location.file);
            out << "::" << command << ' ' << properties(at, f.location.line, f.location.column, title)
                << "::" << escape_data(message) << '\n';
        }
        out << file_line(file, summary, en) << '\n';
    }

    void end(const RunSummary& summary, std::ostream& out) override {
        const bool en = lang_ == "en";
        if (summary.files > 1 || stopped_)
            // Our own words and numbers only: nothing here can start a command.
            out << files_text(summary, lang_) << "; " << counts_text(summary.total, lang_)
                << (!stopped_ ? "" : en ? " — the run stopped (configuration error)"
                                        : " — körningen avbröts (konfigurationsfel)")
                << '\n';
    }

private:
    std::string lang_;
    bool stopped_ = false;

    // A plain line for the job log (not a workflow command). A file name
    // with a newline, or one that starts with "::", would otherwise plant a
    // command of its own.
    static std::string file_line(const FileReport& file, const FileSummary& s, bool en) {
        const std::string path = escape_log_line(path_for_ci(file.file));
        if (s.verdict == Verdict::NotChecked)
            return fmt::format("{}: {}", path, en ? "not checked (input error)" : "inte kontrollerad (indatafel)");
        return fmt::format("{}: {} ({})", path, verdict_label(s.verdict, en ? "en" : "sv"),
                           counts_text(s.counts, en ? "en" : "sv"));
    }
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter() { return std::make_unique<GithubReporter>(); }

}  // namespace budgetcheck::output
