// Compiler-style text for people at a terminal:
//   file:line:column: severity: message [rule.id] (year)
//      12 |     "2024": 0,
//         |             ^
#include <optional>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "output/summary.hpp"
#include "text/plural.hpp"
#include "text/caret.hpp"
#include "text/terminal.hpp"

namespace budgetcheck::output {

namespace {

// Everything a submission, a file name or a rule supplies goes through this
// before it reaches the terminal (text/terminal.hpp says why).
std::string safe(std::string_view s) { return text::terminal_safe(s); }

struct Style {
    bool on;
    std::string wrap(std::string_view text, std::string_view code) const {
        return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
    }
};

std::string_view severity_colour(Severity s) {
    switch (s) {
        case Severity::Error: return "1;31";
        case Severity::Warning: return "1;33";
        case Severity::Notice: return "1;36";
    }
    return "0";
}

// The offending line (a window of a long one) and a caret under `column`
// (code points, tabs kept).
void write_snippet(std::ostream& out, text::LineColumns& line_text, std::uint32_t line, std::uint32_t column,
                   const Style& style) {
    if (line == 0) return;
    const std::string number = std::to_string(line);
    const text::CaretExcerpt excerpt = text::caret_excerpt(line_text, column);
    out << fmt::format(" {} | {}\n", number, safe(excerpt.text));
    if (excerpt.caret)
        out << fmt::format(" {} | {}{}\n", std::string(number.size(), ' '), excerpt.padding, style.wrap("^", "1;32"));
}

// "; 1 rule failed (a configuration error)" after a file's verdict, or "".
std::string failed_rules(const FileReport& file, bool en) {
    const std::size_t n = file.rule_failures.size();
    if (n == 0) return {};
    return en ? fmt::format("; {} (a configuration error)", text::counted(n, "rule failed", "rules failed"))
              : fmt::format("; {} (ett konfigurationsfel)", text::counted(n, "regel avbröts", "regler avbröts"));
}

// An input error (of a submission, or of the run's configuration) at its
// file:line:column, with the offending line.
void write_input_error(std::ostream& out, const InputError& e, const OutputOptions& options, const Style& style) {
    const std::string where = e.file.empty() ? std::string("budgetcheck")  // a usage error: no file
                              : e.line       ? fmt::format("{}:{}:{}", safe(e.file), e.line, e.column)
                                             : safe(e.file);
    out << fmt::format("{}: {}: {}{} [{}]\n", style.wrap(where, "1"),
                       style.wrap(options.lang == "en" ? "input error" : "indatafel", "1;31"),
                       safe(e.message.shown_in(options.lang)), safe(e.hint.shown_in(options.lang)), safe(e.code));
    if (e.line && !e.snippet.empty()) {
        text::LineColumns snippet(e.snippet);
        write_snippet(out, snippet, e.line, e.column, style);
    }
}

class TextReporter final : public Reporter {
public:
    void begin(const RunReport& run, const OutputOptions& options, std::ostream& out) override {
        options_ = options;
        const Style style{options.color};
        const bool en = options.lang == "en";
        for (const auto& e : run.run_errors) write_input_error(out, e, options, style);
        if (!run.run_errors.empty())
            out << style.wrap(en ? "The run stopped before any file was checked (a configuration or usage error)."
                                 : "Körningen avbröts innan någon fil kontrollerades (ett konfigurations- eller "
                                   "användningsfel).",
                              "1;31")
                << '\n';
    }

    void file(const FileReport& file, const FileSummary& summary, std::ostream& out) override {
        const OutputOptions& options = options_;
        const Style style{options.color};
        const bool en = options.lang == "en";
        for (const auto& e : file.errors) write_input_error(out, e, options, style);
        // A rule that failed: central finance's configuration, at the rule's file and line.
        for (const auto& failure : file.rule_failures) {
            const std::string where =
                failure.line ? fmt::format("{}:{}", failure.file, failure.line) : failure.file;
            out << fmt::format("{}: {}: {} [{}]\n", style.wrap(where, "1"),
                               style.wrap(en ? "rule error" : "regelfel", "1;31"),
                               safe(rules::failure_message(failure).in(options.lang)), rules::kRuleErrorId);
        }
        // The line the last caret was on: many findings on one long
        // (minified) line read it once, not once per finding.
        std::optional<text::LineColumns> columns;
        std::uint32_t columns_line = 0;
        for (const auto& f : file.findings) {
            // A finding about another file (waiver.expired: the waiver file) is shown there, without a snippet.
            const std::string& at = f.location.file.empty() ? file.file : f.location.file;
            const std::string where = !f.location.cell.empty() ? fmt::format("{} {}", safe(at), safe(f.location.cell))
                                      : !f.location.line    ? safe(at)
                                      : !f.location.column ? fmt::format("{}:{}", safe(at), f.location.line)
                                                           : fmt::format("{}:{}:{}", safe(at), f.location.line, f.location.column);
            std::string line = fmt::format("{}: {}: {} [{}]", style.wrap(where, "1"),
                                           style.wrap(severity_label(f.severity, options.lang),
                                                      severity_colour(f.severity)),
                                           safe(placed_message(f, options.lang)), safe(f.rule_id));
            if (f.year) line += fmt::format(" ({})", *f.year);
            line += safe(waiver_note(f, options.lang));
            out << line << '\n';
            if (f.location.file.empty() && file.has_line(f.location.line)) {
                if (!columns || columns_line != f.location.line) {
                    columns.emplace(file.line_text(f.location.line));
                    columns_line = f.location.line;
                }
                write_snippet(out, *columns, f.location.line, f.location.column, style);
            }
            if (f.expected || f.actual) out << "    " << safe(expected_and_actual(f, options.lang)) << '\n';
        }
        out << file_line(file, summary, options, style) << '\n';
    }

    void end(const RunSummary& summary, std::ostream& out) override {
        if (summary.files > 1) out << files_text(summary, options_.lang) << '\n';
    }

private:
    OutputOptions options_;

    static std::string file_line(const FileReport& file, const FileSummary& s, const OutputOptions& options,
                                 const Style& style) {
        const bool en = options.lang == "en";
        if (s.verdict == Verdict::NotChecked)
            return fmt::format("{}: {}", safe(file.file),
                               style.wrap(en ? "not checked (input error)" : "inte kontrollerad (indatafel)", "1;31"));
        const std::string verdict = style.wrap(verdict_label(s.verdict, options.lang),
                                               s.verdict == Verdict::Failed ? "1;31" : "1;32");
        std::string pack = file.policy_pack.empty()
                               ? std::string()
                               : fmt::format(" — {} {}", en ? "policy" : "policypaket", safe(file.policy_pack));
        return fmt::format("{}: {} ({}){}{}", safe(file.file), verdict, counts_text(s.counts, options.lang), pack,
                           failed_rules(file, en));
    }
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter() { return std::make_unique<TextReporter>(); }

}  // namespace budgetcheck::output
