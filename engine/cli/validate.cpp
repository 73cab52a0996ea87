// `budgetcheck validate FILE...`: check submissions, write one report.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "output/reporter.hpp"

namespace budgetcheck::cli {

namespace {
struct ValidateOptions {
    std::vector<std::string> files;
    std::string format = "text";
    std::string output;
    std::string schema;
    std::string policy;
    std::string fail_on = "error";
    std::vector<std::string> skip_rules;
    bool no_rules = false;
};
}  // namespace

Command add_validate(CLI::App& app, Common& common) {
    auto options = std::make_shared<ValidateOptions>();
    auto* cmd = app.add_subcommand("validate", "Check submission files");
    auto& limits = common.config;
    cmd->add_option("files", options->files, "Submission files (JSON)")->required();
    cmd->add_option("-f,--format", options->format, "Output format")
        ->check(CLI::IsMember(output::reporter_names()))->capture_default_str();
    cmd->add_option("-o,--output", options->output, "Write the report to this file instead of standard output");
    cmd->add_option("--schema", options->schema, "Use another submission schema");
    cmd->add_option("--policy", options->policy, "Policy pack id (e.g. linkoping-2024) or path to a policy.json");
    cmd->add_flag("--no-rules", options->no_rules, "Check against the schema only");
    cmd->add_option("--fail-on", options->fail_on, "Lowest severity that fails the run")
        ->check(CLI::IsMember({"error", "warning", "never"}))->capture_default_str();
    cmd->add_option("--skip-rule", options->skip_rules, "Do not run this rule (repeatable)");
    cmd->add_option("--max-file-size", limits.parse_limits.max_bytes, "Largest accepted file, bytes")
        ->capture_default_str();
    cmd->add_option("--max-depth", limits.parse_limits.max_depth, "Deepest accepted nesting")->capture_default_str();
    cmd->add_option("--rule-instructions", limits.rule_limits.instructions,
                    "Instruction budget of one rule on one file")->capture_default_str();
    cmd->add_option("--rule-memory", limits.rule_limits.memory_bytes, "Memory cap of one rule run, bytes")
        ->capture_default_str();

    return {cmd, [options](Common& common) {
        EngineConfig config = common.config;
        if (!options->schema.empty()) config.schema_path = options->schema;
        if (!options->policy.empty()) config.policy = options->policy;
        config.run_rules = !options->no_rules;
        config.skip_rules = options->skip_rules;
        const auto engine = create_engine(config);
        if (!engine) return kExitUsage;

        output::RunReport run;
        run.rules = &engine->rules();
        run.fail_on = options->fail_on == "warning" ? output::FailOn::Warning
                      : options->fail_on == "never" ? output::FailOn::Never : output::FailOn::Error;
        for (const auto& file : options->files) {
            spdlog::debug("checking {}", file);
            run.files.push_back(engine->validate_file(file));
        }

        output::OutputOptions out;
        out.lang = common.lang;
        const auto reporter = output::make_reporter(options->format);
        if (options->output.empty()) {
            out.color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR") && options->format == "text";
            reporter->write(run, out, std::cout);
        } else {
            std::ostringstream buffer;
            reporter->write(run, out, buffer);
            if (!write_atomically(options->output, buffer.str())) {
                std::cerr << fmt::format("{}: cannot write the report: {}\n", options->output, std::strerror(errno));
                return kExitUsage;
            }
        }
        return output::exit_code(run);
    }};
}

}  // namespace budgetcheck::cli
