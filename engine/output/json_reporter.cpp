// Machine-readable findings; the shape is documented by schemas/report.schema.json.
#include <sstream>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "output/spool.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

// The counts of a file or the run, as one line of members (no braces).
std::string counts_members(const Counts& c) {
    return fmt::format("\"errors\": {}, \"warnings\": {}, \"notices\": {}, \"waived\": {}", c.errors, c.warnings,
                       c.notices, c.waived);
}

// An input error as an object; `with_file` for errors of the run, which
// concern a file of the configuration rather than the submission.
void write_error(std::ostream& out, const InputError& e, std::string_view lang, bool with_file) {
    out << "{\"code\": " << json::quote(e.code);
    if (with_file) out << ", \"file\": " << json::quote(e.file);
    out << ", \"message\": " << json::quote(e.message.shown_in(lang)) << ", \"message_sv\": " << json::quote(e.message.sv)
        << ", \"message_en\": " << json::quote(e.message.en) << ", \"line\": " << e.line << ", \"column\": " << e.column
        << ", \"snippet\": " << json::quote(e.snippet) << "}";
}

// The report's head (its summary) needs the whole run's counts: each file's
// part is written to a Spool as the file arrives and copied after the head
// in end(); only the run's errors are kept from begin().
class JsonReporter final : public Reporter {
public:
    void begin(const RunReport& run, const OutputOptions& options, std::ostream&) override {
        lang_ = options.lang;
        run_errors_ = &run.run_errors;
        run_notes_ = &run.run_notes;
        files_ = 0;
    }

    void file(const FileReport& file, const FileSummary& s, std::ostream&) override {
        std::ostringstream out;
        out << (files_ ? ",\n" : "\n") << "    {\n      \"file\": " << json::quote(file.file)
            << ",\n      \"passed\": " << (s.verdict == Verdict::Passed ? "true" : "false")
            << fmt::format(",\n      \"summary\": {{\"verdict\": \"{}\", {}}}", verdict_name(s.verdict),
                           counts_members(s.counts))
            << ",\n      \"policy_pack\": " << (file.policy_pack.empty() ? "null" : json::quote(file.policy_pack))
            << ",\n      \"errors\": [";
        for (std::size_t k = 0; k < file.errors.size(); ++k) {
            out << (k ? ",\n        " : "\n        ");
            write_error(out, file.errors[k], lang_, false);
        }
        out << (file.errors.empty() ? "]" : "\n      ]") << ",\n      \"findings\": [";
        for (std::size_t k = 0; k < file.findings.size(); ++k) {
            const auto& f = file.findings[k];
            out << (k ? ",\n" : "\n") << "        {\"rule\": " << json::quote(f.rule_id)
                << ", \"severity\": " << json::quote(severity_name(f.severity))
                << ", \"pointer\": " << json::quote(f.location.pointer)
                << ", \"place\": " << json::quote(f.place.shown_in(lang_));
            if (!f.location.file.empty()) out << ", \"file\": " << json::quote(f.location.file);
            if (!f.location.cell.empty()) out << ", \"cell\": " << json::quote(f.location.cell);
            out << ", \"line\": " << f.location.line
                << ", \"column\": " << f.location.column
                << ", \"year\": " << (f.year ? std::to_string(*f.year) : "null")
                << ", \"message\": " << json::quote(f.message.in(lang_))
                << ", \"message_sv\": " << json::quote(f.message.sv) << ", \"message_en\": " << json::quote(f.message.en)
                << ", \"expected\": " << (f.expected ? json::quote(*f.expected) : "null")
                << ", \"actual\": " << (f.actual ? json::quote(*f.actual) : "null");
            if (f.difference) out << ", \"difference\": " << *f.difference;
            if (f.waiver)
                out << ", \"waiver\": {\"reason\": " << json::quote(f.waiver->reason)
                    << ", \"decided_by\": " << json::quote(f.waiver->decided_by)
                    << ", \"decision_date\": " << json::quote(f.waiver->decision_date)
                    << ", \"expires\": " << json::quote(f.waiver->expires) << "}";
            out << "}";
        }
        out << (file.findings.empty() ? "]" : "\n      ]") << ",\n      \"figures\": [";
        for (std::size_t k = 0; k < file.figures.size(); ++k) {
            const KeyFigure& g = file.figures[k];
            out << (k ? ",\n" : "\n") << "        {\"id\": " << json::quote(g.id) << ", \"rule\": " << json::quote(g.rule_id)
                << ", \"year\": " << g.year << ", \"amount\": " << g.amount
                << ", \"limit\": " << (g.limit ? std::to_string(*g.limit) : "null") << "}";
        }
        out << (file.figures.empty() ? "]" : "\n      ]");
        // Present only when a rule failed (schemas/report.schema.json).
        if (!file.rule_failures.empty()) {
            out << ",\n      \"rule_failures\": [";
            for (std::size_t k = 0; k < file.rule_failures.size(); ++k) {
                const auto& r = file.rule_failures[k];
                out << (k ? ",\n" : "\n") << "        {\"rule\": " << json::quote(r.rule)
                    << ", \"file\": " << json::quote(r.file) << ", \"line\": " << r.line
                    << ", \"kind\": " << json::quote(rules::kind_name(r.kind))
                    << ", \"reason\": " << json::quote(r.reason.in(lang_))
                    << ", \"reason_sv\": " << json::quote(r.reason.sv)
                    << ", \"reason_en\": " << json::quote(r.reason.en) << "}";
            }
            out << "\n      ]";
        }
        out << "\n    }";
        ++files_;
        spool_.append(out.view());
    }

    void end(const RunSummary& summary, std::ostream& out) override {
        out << "{\n  \"format\": \"budgetcheck-report\",\n  \"version\": 1,\n";
        out << "  \"tool\": {\"name\": \"budgetcheck\", \"version\": " << json::quote(BUDGETCHECK_VERSION) << "},\n";
        out << "  \"lang\": " << json::quote(lang_) << ",\n";
        out << "  \"exit_code\": " << summary.exit_code << ",\n";
        out << fmt::format("  \"summary\": {{\"verdict\": \"{}\", \"files\": {}, \"passed\": {}, \"failed\": {}, "
                           "\"not_checked\": {}, {}}},\n",
                           verdict_name(summary.verdict), summary.files, summary.passed, summary.failed,
                           summary.not_checked, counts_members(summary.total));
        out << "  \"run_errors\": [";
        for (std::size_t k = 0; k < run_errors_->size(); ++k) {
            out << (k ? ",\n    " : "\n    ");
            write_error(out, (*run_errors_)[k], lang_, true);
        }
        out << (run_errors_->empty() ? "],\n" : "\n  ],\n");
        // Present only when there are any (a waiver that matched no finding).
        if (!run_notes_->empty()) {
            out << "  \"run_notes\": [";
            for (std::size_t k = 0; k < run_notes_->size(); ++k)
                out << (k ? ",\n    " : "\n    ") << "{\"message\": " << json::quote((*run_notes_)[k].shown_in(lang_))
                    << ", \"message_sv\": " << json::quote((*run_notes_)[k].sv)
                    << ", \"message_en\": " << json::quote((*run_notes_)[k].en) << "}";
            out << "\n  ],\n";
        }
        out << "  \"files\": [";
        spool_.copy_to(out);
        out << (files_ == 0 ? "]" : "\n  ]") << "\n}\n";
    }

private:
    std::string lang_;
    const std::vector<InputError>* run_errors_ = nullptr;
    const std::vector<Message>* run_notes_ = nullptr;
    std::size_t files_ = 0;
    Spool spool_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() { return std::make_unique<JsonReporter>(); }

}  // namespace budgetcheck::output
