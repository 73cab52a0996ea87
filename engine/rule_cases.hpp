// Rule test cases: a submission (a whole file, or a sample plus a JSON
// Patch) and the findings one rule must give on it — no more, no fewer.
// Case files live beside the rule: rules/<group>/<name>.cases.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::rule_cases {

struct CaseResult {
    std::string file;     // the case file
    std::string rule;     // the rule under test
    std::string name;     // the case's name
    bool passed = false;
    bool expects_findings = false;  // a "fires" case (else "stays silent")
    std::vector<std::string> diff;  // "- missing ...", "+ unexpected ...", or the error
};

// Runs every case of one case file (text given, so tests need no files).
std::vector<CaseResult> run_case_text(const Engine& engine, const std::string& case_text, const std::string& file,
                                      const std::string& data_dir);
// Every *.cases.json below `dir`, sorted by path.
std::vector<std::string> find_case_files(const std::string& dir);
std::vector<CaseResult> run_case_files(const Engine& engine, const std::vector<std::string>& files,
                                       const std::string& data_dir);

}  // namespace budgetcheck::rule_cases
