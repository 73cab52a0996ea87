// `budgetcheck explain ID`: a rule's documentation, read from the rule file
// itself (its title, source and explain text), so it cannot drift from it.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"

namespace budgetcheck::cli {

Command add_explain(CLI::App& app, Common&) {
    auto id = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("explain", "Show a rule's documentation: what, why, how to fix, example");
    cmd->add_option("id", *id, "Rule id, e.g. investment.within-frame")->required();
    return {cmd, [id](Common& common) {
        const auto engine = create_engine(common.config, common.lang);
        if (!engine) return kExitUsage;
        const bool en = common.lang == "en";
        for (const auto& rule : engine->rules()) {
            if (rule.id != *id) continue;
            std::cout << fmt::format("{} — {}\n\n", rule.id, rule.title.in(common.lang));
            std::cout << fmt::format("{}: {}\n", en ? "Severity" : "Allvarlighet", severity_name(rule.severity));
            if (!rule.applies_to.empty()) {
                std::string kinds;
                for (const auto& k : rule.applies_to) kinds += (kinds.empty() ? "" : ", ") + k;
                std::cout << fmt::format("{}: {}\n", en ? "Applies to" : "Gäller", kinds);
            }
            if (!rule.source.decision.empty())
                std::cout << fmt::format("{}: {}{}\n", en ? "Source" : "Källa", rule.source.decision,
                                         rule.source.document.empty() ? "" : " (" + rule.source.document + ")");
            if (!rule.source.quote.empty()) std::cout << fmt::format("  »{}«\n", rule.source.quote);
            for (const auto& pack : engine->policy_packs()) {
                if (auto it = pack.severity_overrides.find(rule.id); it != pack.severity_overrides.end())
                    std::cout << fmt::format("{} {}: {}\n", en ? "Severity in" : "Allvarlighet i", pack.id,
                                             severity_name(it->second));
                if (auto it = pack.disabled_rules.find(rule.id); it != pack.disabled_rules.end())
                    std::cout << fmt::format("{} {}: {}\n", en ? "Disabled in" : "Avstängd i", pack.id, it->second);
            }
            std::cout << fmt::format("{}: {}\n", en ? "Rule file" : "Regelfil", rule.file);
            const std::string explain = rule.explain.in(common.lang);
            std::cout << '\n'
                      << (explain.empty() ? (en ? "(The rule has no explain text.)" : "(Regeln saknar förklaring.)")
                                          : explain)
                      << '\n';
            return kExitPass;
        }
        std::cerr << (en ? fmt::format("no rule '{}'; `budgetcheck rules` lists them\n", *id)
                         : fmt::format("det finns ingen regel '{}'; `budgetcheck rules` listar dem\n", *id));
        return kExitUsage;
    }};
}

}  // namespace budgetcheck::cli
