// `budgetcheck rules`: the rules and policy packs the engine loaded.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "output/reporter.hpp"

namespace budgetcheck::cli {

Command add_rules(CLI::App& app, Common&) {
    auto* cmd = app.add_subcommand("rules", "List the rules and policy packs");
    return {cmd, [](Common& common) {
        const auto engine = create_engine(common.config, common.lang);
        if (!engine) return kExitUsage;
        const auto& unfinished = engine->unfinished_rules();
        for (const auto& rule : engine->rules()) {
            // An unfinished rule is listed, marked: it does not run in validate.
            const bool draft = std::any_of(unfinished.begin(), unfinished.end(),
                                           [&](const auto& u) { return u.id == rule.id; });
            std::cout << fmt::format("{:<38} {:<8} {}{}\n", rule.id, output::severity_label(rule.severity, common.lang),
                                     rule.title.in(common.lang),
                                     !draft ? "" : common.lang == "en" ? " (unfinished: does not run)"
                                                                       : " (inte färdig: körs inte)");
            std::cout << parameter_lines(rule, engine->policy_packs(), common.lang, "    ");
        }
        std::cout << '\n';
        for (const auto& pack : engine->policy_packs())
            std::cout << fmt::format("{} {:<18} {:<11} KF {}\n", common.lang == "en" ? "policy pack" : "policypaket",
                                     pack.id, pack.municipality, pack.kf_date);
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
