// --format junit: JUnit XML as Apache Ant writes it (the schema GitLab,
// Jenkins and most CI servers read; tests/cli/ci_kit.sh checks it with
// xmllint against the Ant XSD).
//
// <testsuites> holds one <testsuite> per submission file (name = file),
// after one named "budgetcheck" when errors of the configuration stopped the
// run (an <error> test case per error code). Each rule of the loaded rule
// set, then each other id that occurs (schema.*, money.*), is one <testcase
// name="rule id" classname="file">: <error> (type engine.rule-error) when
// the rule failed on the file; <skipped> when it did not run (the schema
// rejected the file, the policy pack disables it, it does not apply to the
// funding kind, the file could not be checked, --skip-rule); <failure> when
// it has findings at or above --fail-on that no waiver covers, listing each
// with file:line:column and then its findings that do not fail. A finding
// that does not fail (below --fail-on, or waived) is also a passing test
// case of its own named by its text, and is listed in the suite's
// <system-out>. A file that could not be checked has one <testcase> per
// input error code, each with an <error>. The suite's properties hold its
// verdict and counts (output/summary.hpp). Text is UTF-8; invalid bytes and
// characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF) become
// U+FFFD (text/xml).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "output/summary.hpp"
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
                                severity_label(f.severity, lang), placed_message(f, lang), f.rule_id);
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

// A test case name is an xs:token: one line.
std::string one_line(std::string text) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            out += text[i];
            continue;
        }
        out += " — ";
        while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    }
    return out;
}

std::string skipped_reason(NotRunReason reason, std::string_view lang) {
    const bool en = lang == "en";
    switch (reason) {
        case NotRunReason::Rejected:
            return en ? "not run: the submission does not follow the schema (or its amounts are not exact), and rules "
                        "rely on its shape"
                      : "kördes inte: underlaget följer inte schemat (eller dess belopp är inte exakta), och reglerna "
                        "bygger på dess form";
        case NotRunReason::Disabled:
            return en ? "not run: the policy pack disables this rule" : "kördes inte: policypaketet stänger av regeln";
        case NotRunReason::NotApplicable:
            return en ? "not run: the rule does not apply to the organisation's kind of funding"
                      : "kördes inte: regeln gäller inte organisationens finansieringsform";
        case NotRunReason::Unfinished:
            return en ? "not run: the rule is unfinished (placeholder texts)"
                      : "kördes inte: regeln är inte färdig (platshållartexter)";
    }
    return {};
}

// The test cases of one suite and their counts.
struct Cases {
    std::string xml;
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;

    void passed(std::string_view name, std::string_view classname) {
        ++tests;
        xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\"/>\n", xml::attribute(name),
                           xml::attribute(classname));
    }
    void skip(std::string_view name, std::string_view classname, std::string_view message) {
        ++tests;
        ++skipped;
        xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n      <skipped message=\"{}\"/>\n"
                           "    </testcase>\n",
                           xml::attribute(name), xml::attribute(classname), xml::attribute(message));
    }
    // `kind` is "error" or "failure".
    void fault(std::string_view kind, std::string_view name, std::string_view classname, std::string_view message,
               std::string_view type, std::string_view body) {
        ++tests;
        ++(kind == "error" ? errors : failures);
        xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n"
                           "    </testcase>\n",
                           xml::attribute(name), xml::attribute(classname), kind, xml::attribute(message),
                           xml::attribute(type), xml::text(body), kind);
    }
};

// Input errors (of a file, or of the run's configuration): one <error> test
// case per code, each error at its file:line:column.
void error_cases(Cases& cases, const std::vector<InputError>& errors, const std::string& path, std::string_view lang) {
    std::vector<std::string> codes;
    for (const auto& e : errors)
        if (std::find(codes.begin(), codes.end(), e.code) == codes.end()) codes.push_back(e.code);
    for (const auto& code : codes) {
        std::string body, first;
        for (const auto& e : errors) {
            if (e.code != code) continue;
            const std::string at = where(e.file.empty() ? path : path_for_ci(e.file), e.line, e.column);
            const std::string message = e.message.shown_in(lang) + e.hint.shown_in(lang);
            if (first.empty()) first = fmt::format("{}: {}", at, message);
            body += fmt::format("{}: {} [{}]\n", at, message, e.code);
            if (!e.snippet.empty()) body += fmt::format("    {}\n", e.snippet);
        }
        cases.fault("error", code, path, first, code, body);
    }
}

class JunitReporter final : public WholeRunReporter {
protected:
    void write_whole(const RunReport& run, const std::vector<FileSummary>& file_summaries, const RunSummary& summary,
                     const OutputOptions& options, std::ostream& out) const override {
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

        const auto suite = [&](std::size_t id, const std::string& name, const Cases& cases, const std::string& system_out,
                               const std::vector<std::pair<std::string_view, std::string>>& properties) {
            out << fmt::format(
                "  <testsuite name=\"{}\" package=\"budgetcheck\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" "
                "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\">\n",
                xml::attribute(name), id, timestamp, xml::attribute(host), cases.tests, cases.failures, cases.errors,
                cases.skipped);
            out << "    <properties>\n";
            for (const auto& [key, value] : properties)
                out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", key, xml::attribute(value));
            out << "    </properties>\n" << cases.xml;
            out << "    <system-out>" << xml::text(system_out) << "</system-out>\n";
            out << "    <system-err></system-err>\n  </testsuite>\n";
        };

        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
        std::size_t suite_id = 0;
        if (!run.run_errors.empty()) {
            // The run stopped before checking any file: one suite for the
            // configuration, an <error> per problem, so the pipeline shows why.
            Cases cases;
            error_cases(cases, run.run_errors, "budgetcheck", lang);
            suite(suite_id++, "budgetcheck", cases,
                  en ? "The run stopped before any file was checked (a configuration or usage error).\n"
                     : "Körningen avbröts innan någon fil kontrollerades (ett konfigurations- eller användningsfel).\n",
                  {{"budgetcheck.version", BUDGETCHECK_VERSION}, {"fail_on", std::string(fail_on)},
                   {"verdict", std::string(verdict_name(summary.verdict))}});
        }
        for (std::size_t n = 0; n < run.files.size(); ++n) {
            const auto& file = run.files[n];
            const FileSummary& s = file_summaries[n];
            const std::string path = path_for_ci(file.file);
            Cases cases;
            std::string system_out;

            if (!file.errors.empty()) {
                error_cases(cases, file.errors, path, lang);
                // No rule ran on a file that could not be checked.
                for (const auto& id : ids)
                    cases.skip(id, path, en ? "not run: the file could not be checked (input error)"
                                            : "kördes inte: filen kunde inte kontrolleras (indatafel)");
                system_out = en ? fmt::format("{}: not checked (input error)\n", path)
                                : fmt::format("{}: inte kontrollerad (indatafel)\n", path);
            } else {
                for (const auto& id : ids) rule_case(cases, system_out, run, file, path, id, lang);
            }
            for (const auto& id : run.skipped_rules)
                cases.skip(id, path, en ? "not run: left out with --skip-rule" : "kördes inte: utelämnad med --skip-rule");

            std::vector<std::pair<std::string_view, std::string>> properties{
                {"budgetcheck.version", BUDGETCHECK_VERSION}};
            if (!file.policy_pack.empty()) properties.emplace_back("policy_pack", file.policy_pack);
            properties.emplace_back("fail_on", fail_on);
            properties.emplace_back("passed", s.verdict == Verdict::Passed ? "true" : "false");
            properties.emplace_back("verdict", verdict_name(s.verdict));
            properties.emplace_back("summary", counts_text(s.counts, lang));
            suite(suite_id++, path, cases, system_out, properties);
        }
        out << "</testsuites>\n";
    }

private:
    // One rule's test case on a checked file: an <error> when the rule
    // failed, <skipped> when it did not run, a <failure> listing its
    // findings at or above --fail-on (then the others), else passed. A
    // finding that does not fail is also a passing test case of its own, so
    // it is visible among the test cases (GitLab ignores the suite's
    // <system-out>, Jenkins trims it, and the Ant schema allows no output in
    // a passing test case).
    static void rule_case(Cases& cases, std::string& system_out, const RunReport& run, const FileReport& file,
                          const std::string& path, const std::string& id, std::string_view lang) {
        const bool en = lang == "en";
        const auto failed = std::find_if(file.rule_failures.begin(), file.rule_failures.end(),
                                         [&](const rules::RuleFailure& r) { return r.rule == id; });
        if (failed != file.rule_failures.end()) {
            // The rule could not check the file: an error, at the rule's file and line.
            const std::string text = fmt::format("{}: {}", where(path_for_ci(failed->file), failed->line, 0),
                                                 rules::failure_message(*failed).in(lang));
            cases.fault("error", id, path, text, rules::kRuleErrorId, fmt::format("{} [{}]\n", text, rules::kRuleErrorId));
            return;
        }
        const auto not_run = std::find_if(file.rules_not_run.begin(), file.rules_not_run.end(),
                                          [&](const RuleNotRun& r) { return r.rule == id; });
        if (not_run != file.rules_not_run.end()) {
            cases.skip(id, path, skipped_reason(not_run->reason, lang));
            return;
        }
        std::string failing_body, other_body, first;
        std::vector<std::string> others;
        std::size_t failing = 0;
        for (const auto& f : file.findings) {
            if (f.rule_id != id) continue;
            const std::string& at = f.location.file.empty() ? path : f.location.file;
            const std::string line = describe(path_for_ci(at), f, lang);
            if (!fails(f, run.fail_on)) {
                system_out += line;
                other_body += line;
                others.push_back(one_line(line));
                continue;
            }
            if (++failing == 1)
                first = fmt::format("{}: {}", where(path_for_ci(at), f.location.line, f.location.column),
                                    placed_message(f, lang));
            failing_body += line;
        }
        if (failing == 0) {
            cases.passed(id, path);
        } else {
            if (failing > 1) first += en ? fmt::format(" (and {} more)", failing - 1) : fmt::format(" (och {} till)", failing - 1);
            if (!other_body.empty())
                failing_body += (en ? "Not failing (below --fail-on or waived):\n" : "Underkänner inte (under --fail-on eller undantagna):\n") + other_body;
            cases.fault("failure", id, path, first, id, failing_body);
        }
        for (const auto& name : others) cases.passed(name, path);
    }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter() { return std::make_unique<JunitReporter>(); }

}  // namespace budgetcheck::output
