// `budgetcheck diff OLD.json NEW.json`: options and exit code only; the
// comparison is engine/revision_diff.cpp, the formats output/diff_reporter.cpp.
#include <ctime>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "output/diff_reporter.hpp"
#include "output/report_file.hpp"
#include "text/utc_time.hpp"

namespace budgetcheck::cli {

Command add_diff(CLI::App& app, Common& common) {
    struct Options {
        std::string old_file, new_file, format, output, policy, fail_on = "error", waivers, today;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("diff", "Show what changed between two revisions of a submission");
    cmd->add_option("old", options->old_file, "The earlier revision (JSON)")->required();
    cmd->add_option("new", options->new_file, "The later revision (JSON)")->required();
    cmd->add_option("-f,--format", options->format, "text (default, in --lang), json or html")
        ->check(CLI::IsMember({"text", "json", "html"}));
    cmd->add_option("-o,--output", options->output,
                    "Write to this file instead of standard output; without --format its extension chooses it");
    cmd->add_option("--policy", options->policy, "Policy pack id (e.g. linkoping-2024) or path to a policy.json");
    cmd->add_option("--fail-on", options->fail_on, "Lowest severity of a new finding that makes the exit code 1")
        ->check(CLI::IsMember({"error", "warning", "never"}))
        ->capture_default_str();
    cmd->add_option("--waivers", options->waivers,
                    "Waiver file of accepted exceptions (schemas/waivers.schema.json), as for validate: a waived new "
                    "finding is shown with its waiver and does not make the exit code 1");
    cmd->add_option("--today", options->today, "Date (YYYY-MM-DD) waiver expiry is judged against; default today (UTC)");
    cmd->footer("Exit codes: 0 no new finding at or above --fail-on, 1 the new revision has one the old did not, "
                "2 usage error or a revision that cannot be checked (file:line:column).");
    auto& config = common.config;
    return {cmd, [options, &config](Common& common) {
        std::string format = options->format;
        if (format.empty() && !options->output.empty()) format = std::string(output::format_for_extension(options->output));
        if (format.empty() || !output::is_diff_format(format)) format = "text";
        if (!options->output.empty() && !output::extension_fits(options->output, format)) {
            std::cerr << "budgetcheck diff: "
                      << (common.lang == "en"
                              ? fmt::format("--output {} has the extension of another format than {}", options->output, format)
                              : fmt::format("--output {} har filändelsen för ett annat format än {}", options->output, format))
                      << '\n';
            return kExitUsage;
        }
        EngineConfig engine_config = config;
        if (!options->policy.empty()) engine_config.policy = options->policy;
        const auto engine = create_engine(engine_config, common.lang);
        if (!engine) return kExitUsage;
        if (auto bad = today_error(options->today)) {
            print_input_errors({*bad}, common.lang);
            return kExitUsage;
        }
        std::optional<waivers::WaiverFile> waiver_file;
        if (!options->waivers.empty()) {
            auto loaded = read_waivers(options->waivers, *engine);
            if (auto* problems = std::get_if<std::vector<InputError>>(&loaded)) {
                print_input_errors(*problems, common.lang);
                return kExitUsage;
            }
            waiver_file = std::get<waivers::WaiverFile>(std::move(loaded));
        }
        FileReport old_file = engine->validate_file(options->old_file);
        FileReport new_file = engine->validate_file(options->new_file);
        // Both revisions, so a finding waived in both stays unchanged; a
        // waived new one is listed as new, with its waiver, and fails nothing.
        if (waiver_file) {
            const std::string today = options->today.empty() ? text::utc_date(std::time(nullptr)) : options->today;
            waivers::Usage usage;
            waivers::apply(*waiver_file, old_file, today, usage);
            waivers::apply(*waiver_file, new_file, today, usage);
        }
        // A revision that cannot be checked has no findings to compare: said
        // at its file:line:column, as validate says it.
        if (!old_file.errors.empty() || !new_file.errors.empty()) {
            print_input_errors(old_file.errors, common.lang);
            print_input_errors(new_file.errors, common.lang);
            return kExitUsage;
        }
        if (const auto mismatch = revision::not_revisions(old_file, new_file)) {
            print_input_errors({*mismatch}, common.lang);
            return kExitUsage;
        }
        const auto diff = revision::diff(*engine, old_file, new_file);
        const int code = options->fail_on != "never" &&
                                 diff.has_new_at_least(options->fail_on == "warning" ? Severity::Warning : Severity::Error)
                             ? kExitFindings
                             : kExitPass;
        output::OutputOptions out;
        out.lang = common.lang;
        if (options->output.empty()) {
            output::write_diff(diff, format, out, code, std::cout);
            return code;
        }
        std::ostringstream text;
        output::write_diff(diff, format, out, code, text);
        if (const auto problem = output::write_report_file(options->output, text.str())) {
            std::cerr << fmt::format("{}: {}\n", options->output, problem->shown_in(common.lang));
            return kExitUsage;
        }
        return code;
    }};
}

}  // namespace budgetcheck::cli
