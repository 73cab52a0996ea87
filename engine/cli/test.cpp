// `budgetcheck test [DIR]`: run the rule test cases (*.cases.json).
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "rule_cases.hpp"

namespace budgetcheck::cli {

Command add_test(CLI::App& app, Common&) {
    auto dir = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("test", "Run the rule test cases (*.cases.json)");
    cmd->add_option("dir", *dir, "Folder searched for *.cases.json (default: the rules folder)");
    return {cmd, [dir](Common& common) {
        const auto engine = create_engine(common.config);
        if (!engine) return kExitUsage;
        const std::string where = dir->empty() ? common.config.data_dir + "/rules" : *dir;
        const auto files = rule_cases::find_case_files(where);
        if (files.empty()) {
            std::cerr << fmt::format("no test cases (*.cases.json) under {}\n", where);
            return kExitUsage;
        }
        const auto results = rule_cases::run_case_files(*engine, files, common.config.data_dir);
        std::size_t passed = 0, failed = 0;
        for (const auto& r : results) {
            if (r.passed) {
                ++passed;
                continue;
            }
            ++failed;
            std::cout << fmt::format("FAIL {} [{}] {}\n", r.file, r.rule, r.name);
            for (const auto& line : r.diff) std::cout << "     " << line << '\n';
        }
        std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
        return failed ? kExitFindings : kExitPass;
    }};
}

}  // namespace budgetcheck::cli
