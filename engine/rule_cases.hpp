// Rule test cases: a submission (a whole file, or a sample plus a JSON
// Patch) and the findings one rule must give on it — no more, no fewer.
// Case files live beside the rule: rules/<group>/<name>.cases.json.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::rule_cases {

struct CaseResult {
    std::string file;     // the case file
    std::string rule;     // the rule under test
    std::string name;     // the case's name
    bool passed = false;
    bool expects_findings = false;  // a "fires" case (else "stays silent")
    // "- saknas: …" / "- missing: …", "+ oväntat: …" / "+ unexpected: …",
    // or why it did not run; Swedish and English.
    std::vector<Message> diff;
    bool broken = false;            // the case (file) itself is malformed, nothing ran
    std::vector<InputError> problems;  // why a broken case did not run, at file:line:column
    double seconds = 0;             // wall time of the case
};

// Runs every case of one case file (text given, so tests need no files).
// The file is checked against schemas/rule-cases.schema.json first: a
// problem inside one case breaks that case, any other the whole file.
std::vector<CaseResult> run_case_text(const Engine& engine, const std::string& case_text, const std::string& file,
                                      const std::string& data_dir);
// Every *.cases.json below `dir`, sorted by path.
std::vector<std::string> find_case_files(const std::string& dir);
std::vector<CaseResult> run_case_files(const Engine& engine, const std::vector<std::string>& files,
                                       const std::string& data_dir);

// Rules (of `rules`) that no case speaks about, and rules without a case that
// makes them fire or without one that keeps them silent.
struct CaseGaps {
    std::vector<std::string> without_cases;
    std::vector<std::string> without_firing;
    std::vector<std::string> without_silent;
};
CaseGaps case_gaps(const std::vector<rules::RuleInfo>& rules, const std::vector<CaseResult>& results);

// The coverage files `budgetcheck test DIR --coverage` reports: the rule and
// library files below DIR (all of them, rules/lib included, when DIR is the
// rules folder), as named relative to the data dir. A library is measured
// only with every rule's cases: a subset leaves parts of it unused.
std::vector<rules::Coverage::File> coverage_in_scope(const rules::Coverage& coverage, const std::string& data_dir,
                                                   const std::string& dir);
// "rules/x/y.lua  93.1%  (67/72)  missed: 12-14, 40" ("ej körda:" in
// Swedish); `width` pads the name.
std::string coverage_line(const rules::Coverage::File& file, std::size_t width = 0, std::string_view lang = "en");

// JUnit XML (testsuites: one testsuite per case file, one testcase per case);
// failure texts in `lang`.
std::string junit_xml(const std::vector<CaseResult>& results, std::string_view lang = "en");

}  // namespace budgetcheck::rule_cases
