// Machine-readable findings; the shape is documented by schemas/report.schema.json.
#include <fmt/format.h>

#include "output/reporter.hpp"

namespace budgetcheck::output {

namespace {

std::string quoted(std::string_view s) { return "\"" + json_escape(s) + "\""; }

class JsonReporter final : public Reporter {
public:
    void write(const RunReport& run, const OutputOptions& options, std::ostream& out) const override {
        out << "{\n  \"format\": \"budgetcheck-report\",\n  \"version\": 1,\n";
        out << "  \"tool\": {\"name\": \"budgetcheck\", \"version\": " << quoted(BUDGETCHECK_VERSION) << "},\n";
        out << "  \"lang\": " << quoted(options.lang) << ",\n";
        out << "  \"exit_code\": " << exit_code(run) << ",\n  \"files\": [";
        for (std::size_t i = 0; i < run.files.size(); ++i) {
            const auto& file = run.files[i];
            out << (i ? ",\n" : "\n") << "    {\n      \"file\": " << quoted(file.file)
                << ",\n      \"passed\": " << (file_fails(file, run.fail_on) ? "false" : "true")
                << ",\n      \"policy_pack\": " << (file.policy_pack.empty() ? "null" : quoted(file.policy_pack))
                << ",\n      \"errors\": [";
            for (std::size_t k = 0; k < file.errors.size(); ++k) {
                const auto& e = file.errors[k];
                out << (k ? ",\n" : "\n") << "        {\"code\": " << quoted(e.code) << ", \"message\": "
                    << quoted(e.message) << ", \"line\": " << e.line << ", \"column\": " << e.column
                    << ", \"snippet\": " << quoted(e.snippet) << "}";
            }
            out << (file.errors.empty() ? "]" : "\n      ]") << ",\n      \"findings\": [";
            for (std::size_t k = 0; k < file.findings.size(); ++k) {
                const auto& f = file.findings[k];
                out << (k ? ",\n" : "\n") << "        {\"rule\": " << quoted(f.rule_id)
                    << ", \"severity\": " << quoted(severity_name(f.severity))
                    << ", \"pointer\": " << quoted(f.location.pointer) << ", \"line\": " << f.location.line
                    << ", \"column\": " << f.location.column
                    << ", \"year\": " << (f.year ? std::to_string(*f.year) : "null")
                    << ", \"message\": " << quoted(f.message.in(options.lang))
                    << ", \"message_sv\": " << quoted(f.message.sv) << ", \"message_en\": " << quoted(f.message.en)
                    << ", \"expected\": " << (f.expected ? quoted(*f.expected) : "null")
                    << ", \"actual\": " << (f.actual ? quoted(*f.actual) : "null");
                if (f.waiver)
                    out << ", \"waiver\": {\"reason\": " << quoted(f.waiver->reason)
                        << ", \"decided_by\": " << quoted(f.waiver->decided_by)
                        << ", \"decision_date\": " << quoted(f.waiver->decision_date)
                        << ", \"expires\": " << quoted(f.waiver->expires) << "}";
                out << "}";
            }
            out << (file.findings.empty() ? "]" : "\n      ]") << "\n    }";
        }
        out << (run.files.empty() ? "]" : "\n  ]") << "\n}\n";
    }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() { return std::make_unique<JsonReporter>(); }

}  // namespace budgetcheck::output
