// Machine-readable findings; the shape is documented by schemas/report.schema.json.
#include <fmt/format.h>

#include "output/reporter.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

class JsonReporter final : public Reporter {
public:
    void write(const RunReport& run, const OutputOptions& options, std::ostream& out) const override {
        out << "{\n  \"format\": \"budgetcheck-report\",\n  \"version\": 1,\n";
        out << "  \"tool\": {\"name\": \"budgetcheck\", \"version\": " << json::quote(BUDGETCHECK_VERSION) << "},\n";
        out << "  \"lang\": " << json::quote(options.lang) << ",\n";
        out << "  \"exit_code\": " << exit_code(run) << ",\n  \"files\": [";
        for (std::size_t i = 0; i < run.files.size(); ++i) {
            const auto& file = run.files[i];
            out << (i ? ",\n" : "\n") << "    {\n      \"file\": " << json::quote(file.file)
                << ",\n      \"passed\": " << (file_fails(file, run.fail_on) ? "false" : "true")
                << ",\n      \"policy_pack\": " << (file.policy_pack.empty() ? "null" : json::quote(file.policy_pack))
                << ",\n      \"errors\": [";
            for (std::size_t k = 0; k < file.errors.size(); ++k) {
                const auto& e = file.errors[k];
                out << (k ? ",\n" : "\n") << "        {\"code\": " << json::quote(e.code)
                    << ", \"message\": " << json::quote(e.message.shown_in(options.lang))
                    << ", \"message_sv\": " << json::quote(e.message.sv) << ", \"message_en\": " << json::quote(e.message.en)
                    << ", \"line\": " << e.line << ", \"column\": " << e.column
                    << ", \"snippet\": " << json::quote(e.snippet) << "}";
            }
            out << (file.errors.empty() ? "]" : "\n      ]") << ",\n      \"findings\": [";
            for (std::size_t k = 0; k < file.findings.size(); ++k) {
                const auto& f = file.findings[k];
                out << (k ? ",\n" : "\n") << "        {\"rule\": " << json::quote(f.rule_id)
                    << ", \"severity\": " << json::quote(severity_name(f.severity))
                    << ", \"pointer\": " << json::quote(f.location.pointer) << ", \"line\": " << f.location.line
                    << ", \"column\": " << f.location.column
                    << ", \"year\": " << (f.year ? std::to_string(*f.year) : "null")
                    << ", \"message\": " << json::quote(f.message.in(options.lang))
                    << ", \"message_sv\": " << json::quote(f.message.sv) << ", \"message_en\": " << json::quote(f.message.en)
                    << ", \"expected\": " << (f.expected ? json::quote(*f.expected) : "null")
                    << ", \"actual\": " << (f.actual ? json::quote(*f.actual) : "null");
                if (f.waiver)
                    out << ", \"waiver\": {\"reason\": " << json::quote(f.waiver->reason)
                        << ", \"decided_by\": " << json::quote(f.waiver->decided_by)
                        << ", \"decision_date\": " << json::quote(f.waiver->decision_date)
                        << ", \"expires\": " << json::quote(f.waiver->expires) << "}";
                out << "}";
            }
            out << (file.findings.empty() ? "]" : "\n      ]");
            // Present only when a rule failed (schemas/report.schema.json).
            if (!file.rule_failures.empty()) {
                out << ",\n      \"rule_failures\": [";
                for (std::size_t k = 0; k < file.rule_failures.size(); ++k) {
                    const auto& r = file.rule_failures[k];
                    out << (k ? ",\n" : "\n") << "        {\"rule\": " << json::quote(r.rule)
                        << ", \"file\": " << json::quote(r.file) << ", \"line\": " << r.line
                        << ", \"kind\": " << json::quote(rules::kind_name(r.kind))
                        << ", \"reason\": " << json::quote(r.reason.in(options.lang))
                        << ", \"reason_sv\": " << json::quote(r.reason.sv)
                        << ", \"reason_en\": " << json::quote(r.reason.en) << "}";
                }
                out << "\n      ]";
            }
            out << "\n    }";
        }
        out << (run.files.empty() ? "]" : "\n  ]") << "\n}\n";
    }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() { return std::make_unique<JsonReporter>(); }

}  // namespace budgetcheck::output
