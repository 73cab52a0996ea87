// `budgetcheck explain ID`: a rule's documentation, read from the rule file
// itself (its title, source and explain text), so it cannot drift from it.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "output/reporter.hpp"

namespace budgetcheck::cli {

std::string parameter_lines(const rules::RuleInfo& rule, const std::vector<PolicyPack>& packs, std::string_view lang,
                            std::string_view indent) {
    const bool en = lang == "en";
    std::string out;
    for (const auto& p : rule.parameters) {
        out += fmt::format("{}{} ({}, {} {}): {}\n", indent, p.name, p.type, en ? "default" : "standard", p.default_json,
                           p.description.in(lang));
        for (const auto& pack : packs) {
            const auto r = pack.rule_parameters.find(rule.id);
            if (r == pack.rule_parameters.end()) continue;
            if (const auto v = r->second.find(p.name); v != r->second.end())
                out += fmt::format("{}  {} {}: {}\n", indent, en ? "in" : "i", pack.id, v->second);
        }
    }
    return out;
}

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
            std::cout << fmt::format("{}: {}\n", en ? "Severity" : "Allvarlighet",
                                     output::severity_label(rule.severity, common.lang));
            if (!rule.applies_to.empty()) {
                std::string kinds;
                for (const auto& k : rule.applies_to)
                    kinds += (kinds.empty() ? "" : ", ") + std::string(output::funding_label(k, common.lang));
                std::cout << fmt::format("{}: {}\n", en ? "Applies to" : "Gäller", kinds);
            }
            if (!rule.source.decision.empty())
                std::cout << fmt::format("{}: {}{}\n", en ? "Source" : "Källa", rule.source.decision,
                                         rule.source.document.empty() ? "" : " (" + rule.source.document + ")");
            if (!rule.source.quote.empty()) std::cout << fmt::format("  »{}«\n", rule.source.quote);
            for (const auto& pack : engine->policy_packs()) {
                if (auto it = pack.severity_overrides.find(rule.id); it != pack.severity_overrides.end())
                    std::cout << fmt::format("{} {}: {}\n", en ? "Severity in" : "Allvarlighet i", pack.id,
                                             output::severity_label(it->second, common.lang));
                if (auto it = pack.disabled_rules.find(rule.id); it != pack.disabled_rules.end())
                    std::cout << fmt::format("{} {}: {}\n", en ? "Disabled in" : "Avstängd i", pack.id, it->second);
            }
            if (!rule.parameters.empty())
                std::cout << (en ? "Parameters (a policy pack sets them under rule_parameters):\n"
                                 : "Parametrar (ett policypaket sätter dem under rule_parameters):\n")
                          << parameter_lines(rule, engine->policy_packs(), common.lang, "  ");
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
