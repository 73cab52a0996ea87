// `budgetcheck test [DIR]`: run the rule test cases (*.cases.json), with
// line coverage of the rule files (--coverage, --min-coverage) and JUnit XML
// for CI (--format junit). Cases run in the real sandbox with the production
// limits; coverage only adds a line hook. Everything it prints is in --lang
// (Swedish by default), like every other command.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "output/report_file.hpp"
#include "rule_cases.hpp"
#include "text/plural.hpp"

namespace budgetcheck::cli {

namespace {

struct TestOptions {
    std::string dir;
    bool coverage = false;
    double min_coverage = -1;  // < 0: no threshold
    std::string format = "text";
    std::string output;
};

// The closing line: "12 godkända, 1 underkänt" / "12 passed, 1 failed".
std::string totals(std::size_t passed, std::size_t failed, bool en) {
    if (en) return fmt::format("{} passed, {} failed\n", passed, failed);
    return text::counted(passed, "godkänt", "godkända") + ", " + text::counted(failed, "underkänt", "underkända") + "\n";
}

}  // namespace

Command add_test(CLI::App& app, Common&) {
    auto opt = std::make_shared<TestOptions>();
    auto* cmd = app.add_subcommand("test", "Run the rule test cases (*.cases.json)");
    cmd->add_option("dir", opt->dir, "Folder searched for *.cases.json (default: the rules folder)");
    cmd->add_flag("--coverage", opt->coverage,
                  "Report which lines of each rule file (and rules/lib) ran during the cases, and rules without cases");
    cmd->add_option("--min-coverage", opt->min_coverage,
                    "Fail (exit 1) when a rule or library file has less line coverage than this percentage "
                    "(implies --coverage)")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--format", opt->format, "text, or junit (JUnit XML for CI)")
        ->check(CLI::IsMember({"text", "junit"}))
        ->capture_default_str();
    cmd->add_option("--output", opt->output, "Write the report to this file instead of stdout (written atomically)");
    return {cmd, [opt](Common& common) {
        const bool coverage = opt->coverage || opt->min_coverage >= 0;
        EngineConfig config = common.config;
        config.run_unfinished_rules = true;  // cases may come before the texts
        config.check_field_names = true;     // a misspelt field fails its cases
        if (coverage) config.rule_limits.coverage = std::make_shared<rules::Coverage>();
        const auto engine = create_engine(config, common.lang);
        if (!engine) return kExitUsage;
        const bool en = common.lang == "en";
        const std::string where = opt->dir.empty() ? common.config.data_dir + "/rules" : opt->dir;
        const auto files = rule_cases::find_case_files(where);
        if (files.empty()) {
            std::cerr << (en ? fmt::format("no test cases (*.cases.json) under {}\n", where)
                             : fmt::format("inga testfall (*.cases.json) i {}\n", where));
            return kExitUsage;
        }
        const auto results = rule_cases::run_case_files(*engine, files, common.config.data_dir);
        std::size_t passed = 0, failed = 0;
        std::string out;
        for (const auto& r : results) {
            if (r.passed) {
                ++passed;
                continue;
            }
            ++failed;
            if (opt->format == "text") {
                out += fmt::format("{} {} [{}] {}\n", en ? "FAIL" : "UNDERKÄNT", r.file, r.rule, r.name);
                // A broken case says where and what in the chosen language.
                for (const auto& p : r.problems)
                    out += fmt::format("     {}: {} [{}]\n",
                                       p.line ? fmt::format("{}:{}:{}", p.file, p.line, p.column) : p.file,
                                       p.message.shown_in(common.lang), p.code);
                if (r.problems.empty())
                    for (const auto& line : r.diff) out += "     " + line.in(common.lang) + '\n';
            }
        }

        bool below = false;
        std::string summary;
        if (coverage) {
            const auto covered = rule_cases::coverage_in_scope(*config.rule_limits.coverage, common.config.data_dir,
                                                               where);
            std::size_t width = 0, hit = 0, executable = 0;
            for (const auto& f : covered) width = std::max(width, f.name.size());
            summary += en ? "\nLine coverage of the rule files:\n" : "\nRadtäckning i regelfilerna:\n";
            for (const auto& f : covered) {
                summary += rule_cases::coverage_line(f, width, common.lang) + '\n';
                hit += f.hit.size();
                executable += f.executable.size();
                if (opt->min_coverage >= 0 && f.percent() + 1e-9 < opt->min_coverage) below = true;
            }
            summary += fmt::format("{:<{}}  {:5.1f}%  ({}/{})\n", en ? "total" : "totalt", width,
                                   executable ? 100.0 * static_cast<double>(hit) / static_cast<double>(executable) : 100.0,
                                   hit, executable);
            // Only rules whose files are in scope.
            std::vector<rules::RuleInfo> in_scope;
            for (const auto& rule : engine->rules())
                for (const auto& f : covered)
                    if (f.name == rule.file) in_scope.push_back(rule);
            const auto gaps = rule_cases::case_gaps(in_scope, results);
            for (const auto& id : gaps.without_cases)
                summary += en ? fmt::format("rule {} has no test cases\n", id)
                              : fmt::format("regeln {} har inga testfall\n", id);
            for (const auto& id : gaps.without_firing)
                summary += en ? fmt::format("rule {} has no case that makes it fire\n", id)
                              : fmt::format("regeln {} har inget testfall där den slår till\n", id);
            for (const auto& id : gaps.without_silent)
                summary += en ? fmt::format("rule {} has no case where it stays silent\n", id)
                              : fmt::format("regeln {} har inget testfall där den är tyst\n", id);
            if (below)
                summary += en ? fmt::format("coverage below --min-coverage {}% in:", opt->min_coverage)
                              : fmt::format("täckning under --min-coverage {} % i:", opt->min_coverage);
            if (below)
                for (const auto& f : covered)
                    if (f.percent() + 1e-9 < opt->min_coverage) summary += ' ' + f.name;
            if (below) summary += '\n';
        }

        if (opt->format == "junit") {
            out = rule_cases::junit_xml(results, common.lang);
            std::cerr << summary << totals(passed, failed, en);
        } else {
            out += summary + totals(passed, failed, en);
        }
        if (!opt->output.empty()) {
            if (const auto problem = output::write_report_file(opt->output, out)) {
                std::cerr << fmt::format("{}: {}\n", opt->output, problem->shown_in(common.lang));
                return kExitUsage;
            }
        } else {
            std::cout << out;
        }
        return failed || below ? kExitFindings : kExitPass;
    }};
}

}  // namespace budgetcheck::cli
