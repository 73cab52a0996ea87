// `budgetcheck diff-packs A B`: options only; the comparison is in
// engine/packs/diff.cpp.
#include <iostream>

#include "cli/cli.hpp"
#include "packs/diff.hpp"
#include "packs/pack_files.hpp"

namespace budgetcheck::cli {

Command add_diff_packs(CLI::App& app, Common&) {
    struct Options {
        std::string from, to, format = "text";
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("diff-packs", "Show what changed between two KF decisions' policy packs");
    cmd->add_option("from", options->from, "The earlier pack: id, folder or policy.json")->required();
    cmd->add_option("to", options->to, "The later pack: id, folder or policy.json")->required();
    cmd->add_option("--format", options->format, "text (in --lang) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer("Exit codes: 0 compared (whatever changed), 2 a pack that cannot be found or has errors.");
    return {cmd, [options](Common& common) {
        std::vector<InputError> errors;
        const auto schema = packs::policy_schema(common.config.data_dir, errors);
        std::optional<PolicyPack> from, to;
        if (schema) {
            from = packs::load_pack(common.config.data_dir, options->from, *schema, errors);
            to = packs::load_pack(common.config.data_dir, options->to, *schema, errors);
        }
        if (!errors.empty() || !from || !to) {
            print_input_errors(errors, common.lang);
            return kExitUsage;
        }
        const auto diff = packs::diff_packs(*from, *to);
        std::cout << (options->format == "json" ? packs::diff_json(diff) : packs::diff_text(diff, common.lang));
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
