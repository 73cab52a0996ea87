// Compiler-style text for people at a terminal:
//   file:line:column: severity: message [rule.id] (year)
//      12 |     "2024": 0,
//         |             ^
#include <optional>

#include <fmt/format.h>

#include "output/reporter.hpp"
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

class TextReporter final : public Reporter {
public:
    void write(const RunReport& run, const OutputOptions& options, std::ostream& out) const override {
        const Style style{options.color};
        const bool en = options.lang == "en";
        for (const auto& file : run.files) {
            for (const auto& e : file.errors) {
                const std::string where =
                    e.line ? fmt::format("{}:{}:{}", safe(e.file), e.line, e.column) : safe(e.file);
                out << fmt::format("{}: {}: {} [{}]\n", style.wrap(where, "1"),
                                   style.wrap(en ? "input error" : "indatafel", "1;31"), safe(e.message.shown_in(options.lang)),
                                   safe(e.code));
                if (e.line && !e.snippet.empty()) {
                    text::LineColumns snippet(e.snippet);
                    write_snippet(out, snippet, e.line, e.column, style);
                }
            }
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
                const std::string where = f.location.line
                                              ? fmt::format("{}:{}:{}", safe(file.file), f.location.line, f.location.column)
                                              : safe(file.file);
                std::string line = fmt::format("{}: {}: {} [{}]", style.wrap(where, "1"),
                                               style.wrap(severity_label(f.severity, options.lang),
                                                          severity_colour(f.severity)),
                                               safe(f.message.in(options.lang)), safe(f.rule_id));
                if (f.year) line += fmt::format(" ({})", *f.year);
                if (f.waiver)
                    line += fmt::format(" — {}: {} ({}, {})", en ? "waived" : "undantag", safe(f.waiver->reason),
                                        safe(f.waiver->decided_by), safe(f.waiver->decision_date));
                out << line << '\n';
                if (file.has_line(f.location.line)) {
                    if (!columns || columns_line != f.location.line) {
                        columns.emplace(file.line_text(f.location.line));
                        columns_line = f.location.line;
                    }
                    write_snippet(out, *columns, f.location.line, f.location.column, style);
                }
                if (f.expected || f.actual) out << "    " << safe(expected_and_actual(f, options.lang)) << '\n';
            }
            out << summary(file, run.fail_on, options, style) << '\n';
        }
        if (run.files.size() > 1) {
            std::size_t failed = 0;
            for (const auto& file : run.files) failed += file_fails(file, run.fail_on) ? 1 : 0;
            out << (en ? fmt::format("{} files checked: {} passed, {} failed\n", run.files.size(),
                                     run.files.size() - failed, failed)
                       : fmt::format("{} filer kontrollerade: {} godkända, {} underkända\n", run.files.size(),
                                     run.files.size() - failed, failed));
        }
    }

private:
    static std::string summary(const FileReport& file, FailOn fail_on, const OutputOptions& options,
                               const Style& style) {
        const bool en = options.lang == "en";
        if (!file.errors.empty())
            return fmt::format("{}: {}", safe(file.file),
                               style.wrap(en ? "not checked (input error)" : "inte kontrollerad (indatafel)", "1;31"));
        std::size_t count[3] = {0, 0, 0};
        for (const auto& f : file.findings) ++count[static_cast<int>(f.severity)];
        const std::string counts =
            en ? fmt::format("{} errors, {} warnings, {} notices", count[2], count[1], count[0])
               : fmt::format("{} fel, {} varningar, {} noteringar", count[2], count[1], count[0]);
        const bool fails = file_fails(file, fail_on);
        const std::string verdict = fails ? style.wrap(en ? "FAILED" : "UNDERKÄND", "1;31")
                                          : style.wrap(en ? "PASSED" : "GODKÄND", "1;32");
        std::string pack = file.policy_pack.empty()
                               ? std::string()
                               : fmt::format(" — {} {}", en ? "policy" : "policypaket", safe(file.policy_pack));
        return fmt::format("{}: {} ({}){}{}", safe(file.file), verdict, counts, pack, failed_rules(file, en));
    }
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter() { return std::make_unique<TextReporter>(); }

}  // namespace budgetcheck::output
