// --format junit: JUnit XML as Apache Ant writes it (the schema GitLab,
// Jenkins and most CI servers read; tests/cli/ci_kit.sh checks it with
// xmllint against the Ant XSD).
//
// <testsuites> holds one <testsuite> per submission file (name = file). Each
// rule of the loaded rule set, then each other id that occurs (schema.*,
// money.*), is one <testcase name="rule id" classname="file">; it has a
// <failure> when it has findings at or above --fail-on that no waiver covers,
// listing each with file:line:column. Findings that do not fail (below
// --fail-on, or waived) are listed in the suite's <system-out>. A file that
// could not be checked has one <testcase> per input error code, each with an
// <error>; a rule that failed on a file (a broken configuration) has an
// <error> of type engine.rule-error in its own testcase. Text is UTF-8; invalid bytes and characters XML 1.0 forbids
// (control characters, U+FFFE, U+FFFF) become U+FFFD (text/xml).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "text/utc_time.hpp"
#include "text/xml.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

std::string host_name() {
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
    return buffer;
}

std::string where(const std::string& path, std::uint32_t line, std::uint32_t column) {
    if (line == 0) return path;
    return column ? fmt::format("{}:{}:{}", path, line, column) : fmt::format("{}:{}", path, line);
}

// One finding as a line of text (plus expected/actual), for failure bodies
// and system-out.
std::string describe(const std::string& path, const Finding& f, std::string_view lang) {
    const bool en = lang == "en";
    std::string s = fmt::format("{}: {}: {} [{}]", where(path, f.location.line, f.location.column),
                                severity_label(f.severity, lang), f.message.shown_in(lang), f.rule_id);
    if (f.year) s += fmt::format(" ({})", *f.year);
    if (f.waiver) {
        s += fmt::format(" — {}: {}", en ? "waived" : "undantag", f.waiver->reason);
        std::string by = f.waiver->decided_by;
        if (!f.waiver->decision_date.empty()) by += (by.empty() ? "" : ", ") + f.waiver->decision_date;
        if (!by.empty()) s += fmt::format(" ({})", by);
    }
    s += '\n';
    if (f.expected || f.actual) s += "    " + expected_and_actual(f, lang) + "\n";
    return s;
}

bool fails(const Finding& f, FailOn fail_on) {
    if (f.waiver || fail_on == FailOn::Never) return false;
    return f.severity >= (fail_on == FailOn::Warning ? Severity::Warning : Severity::Error);
}

class JunitReporter final : public Reporter {
public:
    void write(const RunReport& run, const OutputOptions& options, std::ostream& out) const override {
        const std::string_view lang = options.lang;
        const bool en = lang == "en";
        const std::string timestamp = text::utc_timestamp(text::report_time());
        const std::string host = host_name();
        const std::string_view fail_on = run.fail_on == FailOn::Warning ? "warning"
                                         : run.fail_on == FailOn::Never ? "never"
                                                                        : "error";

        // The test cases of a checked file: every loaded rule, then the other
        // ids that occur anywhere in the run, sorted (the same list for every file).
        std::vector<std::string> ids;
        std::set<std::string> known;
        if (run.rules)
            for (const auto& rule : *run.rules)
                if (known.insert(rule.id).second) ids.push_back(rule.id);
        std::set<std::string> extra;
        for (const auto& file : run.files)
            for (const auto& f : file.findings)
                if (!known.count(f.rule_id)) extra.insert(f.rule_id);
        ids.insert(ids.end(), extra.begin(), extra.end());

        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
        for (std::size_t n = 0; n < run.files.size(); ++n) {
            const auto& file = run.files[n];
            const std::string path = path_for_ci(file.file);
            std::string cases, system_out;
            std::size_t tests = 0, failures = 0, errors = 0;

            if (!file.errors.empty()) {
                std::vector<std::string> codes;
                for (const auto& e : file.errors)
                    if (std::find(codes.begin(), codes.end(), e.code) == codes.end()) codes.push_back(e.code);
                for (const auto& code : codes) {
                    std::string body, first;
                    for (const auto& e : file.errors) {
                        if (e.code != code) continue;
                        const std::string at = where(e.file.empty() ? path : path_for_ci(e.file), e.line, e.column);
                        const std::string& message = e.message.shown_in(lang);
                        if (first.empty()) first = fmt::format("{}: {}", at, message);
                        body += fmt::format("{}: {} [{}]\n", at, message, e.code);
                        if (!e.snippet.empty()) body += fmt::format("    {}\n", e.snippet);
                    }
                    ++tests;
                    ++errors;
                    cases += fmt::format(
                        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n"
                        "      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>\n",
                        xml::attribute(code), xml::attribute(path), xml::attribute(first), xml::attribute(code),
                        xml::text(body));
                }
                system_out = en ? fmt::format("{}: not checked (input error)\n", path)
                                : fmt::format("{}: inte kontrollerad (indatafel)\n", path);
            } else {
                for (const auto& id : ids) {
                    const auto failed = std::find_if(file.rule_failures.begin(), file.rule_failures.end(),
                                                     [&](const rules::RuleFailure& r) { return r.rule == id; });
                    if (failed != file.rule_failures.end()) {
                        // The rule could not check the file: an error, at the rule's file and line.
                        const std::string text = fmt::format("{}: {}", where(path_for_ci(failed->file), failed->line, 0),
                                                             rules::failure_message(*failed).in(lang));
                        ++tests;
                        ++errors;
                        cases += fmt::format(
                            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n"
                            "      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>\n",
                            xml::attribute(id), xml::attribute(path), xml::attribute(text), rules::kRuleErrorId,
                            xml::text(fmt::format("{} [{}]\n", text, rules::kRuleErrorId)));
                        continue;
                    }
                    std::string body, first;
                    std::size_t failing = 0;
                    for (const auto& f : file.findings) {
                        if (f.rule_id != id) continue;
                        const std::string line = describe(path, f, lang);
                        if (!fails(f, run.fail_on)) {
                            system_out += line;
                            continue;
                        }
                        if (++failing == 1)
                            first = fmt::format("{}: {}", where(path, f.location.line, f.location.column),
                                                f.message.shown_in(lang));
                        body += line;
                    }
                    ++tests;
                    if (failing == 0) {
                        cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\"/>\n",
                                             xml::attribute(id), xml::attribute(path));
                        continue;
                    }
                    ++failures;
                    if (failing > 1)
                        first += en ? fmt::format(" (and {} more)", failing - 1)
                                    : fmt::format(" (och {} till)", failing - 1);
                    cases += fmt::format(
                        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n"
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                        xml::attribute(id), xml::attribute(path), xml::attribute(first), xml::attribute(id),
                        xml::text(body));
                }
            }

            out << fmt::format(
                "  <testsuite name=\"{}\" package=\"budgetcheck\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" "
                "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">\n",
                xml::attribute(path), n, timestamp, xml::attribute(host), tests, failures, errors);
            out << "    <properties>\n";
            const auto property = [&](std::string_view name, std::string_view value) {
                out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml::attribute(value));
            };
            property("budgetcheck.version", BUDGETCHECK_VERSION);
            if (!file.policy_pack.empty()) property("policy_pack", file.policy_pack);
            property("fail_on", fail_on);
            property("passed", file_fails(file, run.fail_on) ? "false" : "true");
            out << "    </properties>\n" << cases;
            out << "    <system-out>" << xml::text(system_out) << "</system-out>\n";
            out << "    <system-err></system-err>\n  </testsuite>\n";
        }
        out << "</testsuites>\n";
    }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter() { return std::make_unique<JunitReporter>(); }

}  // namespace budgetcheck::output
