// `budgetcheck check-rules`: load the schemas, policy packs and rules without
// any submission and report every problem (file:line, the line, what to do);
// also that every rule has test cases beside it.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"

namespace budgetcheck::cli {

Command add_check_rules(CLI::App& app, Common&) {
    auto* cmd = app.add_subcommand("check-rules", "Check rules and policy packs for errors, without a submission");
    return {cmd, [](Common& common) {
        const auto engine = create_engine(common.config);  // prints every load error
        if (!engine) return kExitUsage;
        std::size_t missing_cases = 0;
        for (const auto& rule : engine->rules()) {
            std::filesystem::path cases = std::filesystem::path(common.config.data_dir) / rule.file;
            cases.replace_extension(".cases.json");
            if (!std::filesystem::exists(cases)) {
                ++missing_cases;
                std::cerr << fmt::format("{}: warning: rule {} has no test cases; create {} (budgetcheck new-rule "
                                         "makes a skeleton)\n",
                                         rule.file, rule.id, cases.filename().string());
            }
        }
        std::cout << fmt::format("{} rules and {} policy packs load without errors{}\n", engine->rules().size(),
                                 engine->policy_packs().size(),
                                 missing_cases ? fmt::format("; {} rules lack test cases", missing_cases) : "");
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
