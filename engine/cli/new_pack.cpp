// `budgetcheck new-pack --from ID --id NEW --date YYYY-MM-DD --years A-B`:
// options only; the pack is made in engine/packs/new_pack.cpp.
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "packs/new_pack.hpp"

namespace budgetcheck::cli {

Command add_new_pack(CLI::App& app, Common&) {
    auto request = std::make_shared<packs::NewPackRequest>();
    auto* cmd = app.add_subcommand(
        "new-pack", "Make the policy pack of a new KF decision from the previous one, every copied item marked for review");
    cmd->add_option("--from", request->from, "The previous decision's pack: id, folder or policy.json")->required();
    cmd->add_option("--id", request->id, "The new pack's id, e.g. linkoping-2025")->required();
    cmd->add_option("--date", request->date, "Date of the new KF decision, YYYY-MM-DD")->required();
    cmd->add_option("--years", request->years, "Budget year and last plan year, e.g. 2025-2030")->required();
    cmd->add_option("--output", request->output, "Folder to write policy.json to (default rules/policies/<id>)");
    cmd->footer("Exit codes: 0 written, 2 bad option, an existing pack, or a source pack with errors.");
    return {cmd, [request](Common& common) {
        request->data_dir = common.config.data_dir;
        const auto result = packs::new_pack(*request);
        if (!result.errors.empty()) {
            print_input_errors(result.errors, common.lang);
            return kExitUsage;
        }
        if (common.lang == "en")
            std::cout << fmt::format("wrote {}: {} items carried over from {} to review; `budgetcheck check-rules` lists "
                                     "them\n",
                                     result.file, result.review_items, request->from);
        else
            std::cout << fmt::format("skrev {}: {} poster överförda från {} att granska; `budgetcheck check-rules` "
                                     "listar dem\n",
                                     result.file, result.review_items, request->from);
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
