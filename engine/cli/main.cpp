// budgetcheck: the command-line front end. Parses options, builds the engine,
// hands findings to one reporter. Exit codes (docs/cli.md):
//   0 every file passes, 1 a file has failing findings, 2 usage, I/O or configuration error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "engine.hpp"
#include "output/reporter.hpp"
#include "rule_cases.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {

constexpr int kExitUsage = 2;

std::string default_data_dir() {
    if (const char* env = std::getenv("BUDGETCHECK_DATA_DIR"); env && *env) return env;
    return BUDGETCHECK_DATA_DIR;
}

// Write to a temporary file beside the target and rename it into place, so an
// interrupted run never leaves a half-written report that looks complete.
bool write_atomically(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out << content;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

void print_config_errors(const std::vector<InputError>& errors) {
    for (const auto& e : errors) {
        const std::string where = e.line ? fmt::format("{}:{}:{}", e.file, e.line, e.column) : e.file;
        std::cerr << fmt::format("{}: configuration error: {} [{}]\n", where, e.message, e.code);
        if (!e.snippet.empty()) std::cerr << "    " << e.snippet << '\n';
    }
}

struct CommonOptions {
    std::string data_dir = default_data_dir();
    std::string lang = "sv";
    bool verbose = false;
    bool quiet = false;
};

int run_tests(const Engine& engine, const std::string& dir, const std::string& data_dir) {
    const auto files = rule_cases::find_case_files(dir);
    const auto results = rule_cases::run_case_files(engine, files, data_dir);
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
    if (results.empty()) {
        std::cerr << fmt::format("no test cases (*.cases.json) under {}\n", dir);
        return kExitUsage;
    }
    return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"budgetcheck — checks a board's budget submission against the KF decision it answers.", "budgetcheck"};
    app.set_version_flag("--version", std::string("budgetcheck ") + BUDGETCHECK_VERSION);
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the sub-command: `validate x.json --lang en`
    app.footer(
        "Examples:\n"
        "  budgetcheck validate samples/vss-2024.json\n"
        "  budgetcheck validate samples/*.json --format json --output findings.json\n"
        "  budgetcheck validate submission.json --lang en --fail-on warning\n"
        "  budgetcheck rules\n\n"
        "Exit codes: 0 passes, 1 failing findings, 2 usage, I/O or configuration error.");

    CommonOptions common;
    app.add_option("--data-dir", common.data_dir, "Folder holding schemas/ and rules/")->capture_default_str();
    app.add_option("--lang", common.lang, "Language of messages")->check(CLI::IsMember({"sv", "en"}))
        ->capture_default_str();
    app.add_flag("-v,--verbose", common.verbose, "Log what the engine does (stderr)");
    app.add_flag("-q,--quiet", common.quiet, "Log only errors (stderr)");

    // validate
    auto* validate = app.add_subcommand("validate", "Check submission files");
    std::vector<std::string> files;
    std::string format = "text";
    std::string output_path;
    std::string schema_path;
    std::string policy;
    std::string fail_on = "error";
    std::vector<std::string> skip_rules;
    bool no_rules = false;
    EngineConfig config;
    validate->add_option("files", files, "Submission files (JSON)")->required();
    validate->add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember(output::reporter_names()))->capture_default_str();
    validate->add_option("-o,--output", output_path, "Write the report to this file instead of standard output");
    validate->add_option("--schema", schema_path, "Use another submission schema");
    validate->add_option("--policy", policy, "Policy pack id (e.g. linkoping-2024) or path to a policy.json");
    validate->add_flag("--no-rules", no_rules, "Check against the schema only");
    validate->add_option("--fail-on", fail_on, "Lowest severity that fails the run")
        ->check(CLI::IsMember({"error", "warning", "never"}))->capture_default_str();
    validate->add_option("--skip-rule", skip_rules, "Do not run this rule (repeatable)");
    validate->add_option("--max-file-size", config.parse_limits.max_bytes, "Largest accepted file, bytes")
        ->capture_default_str();
    validate->add_option("--max-depth", config.parse_limits.max_depth, "Deepest accepted nesting")
        ->capture_default_str();
    validate->add_option("--rule-instructions", config.rule_limits.instructions,
                         "Instruction budget of one rule on one file")->capture_default_str();
    validate->add_option("--rule-memory", config.rule_limits.memory_bytes, "Memory cap of the rule engine, bytes")
        ->capture_default_str();

    // rules
    auto* rules = app.add_subcommand("rules", "List the rules and policy packs");

    // test
    auto* test = app.add_subcommand("test", "Run the rule test cases (*.cases.json)");
    std::string test_dir;
    test->add_option("dir", test_dir, "Folder searched for *.cases.json (default: the rules folder)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }

    auto logger = spdlog::stderr_color_mt("budgetcheck");
    spdlog::set_default_logger(logger);
    spdlog::set_level(common.verbose ? spdlog::level::debug
                                     : common.quiet ? spdlog::level::err : spdlog::level::warn);

    config.data_dir = common.data_dir;
    if (!schema_path.empty()) config.schema_path = schema_path;
    if (!policy.empty()) config.policy = policy;
    config.run_rules = !(validate->parsed() && no_rules);
    config.skip_rules = skip_rules;

    try {
        auto created = Engine::create(config);
        if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
            print_config_errors(*errors);
            return kExitUsage;
        }
        const auto& engine = *std::get<std::unique_ptr<Engine>>(created);
        spdlog::debug("loaded {} rules and {} policy packs from {}", engine.rules().size(),
                      engine.policy_packs().size(), config.data_dir);

        if (rules->parsed()) {
            for (const auto& rule : engine.rules())
                std::cout << fmt::format("{:<40} {:<8} {}\n", rule.id, severity_name(rule.severity),
                                         rule.title.in(common.lang));
            for (const auto& pack : engine.policy_packs())
                std::cout << fmt::format("policy pack {:<20} {} KF {}\n", pack.id, pack.municipality, pack.kf_date);
            return 0;
        }

        if (test->parsed()) return run_tests(engine, test_dir.empty() ? config.data_dir + "/rules" : test_dir,
                                             config.data_dir);

        output::RunReport run;
        run.rules = &engine.rules();
        run.fail_on = fail_on == "warning" ? output::FailOn::Warning
                      : fail_on == "never" ? output::FailOn::Never : output::FailOn::Error;
        for (const auto& file : files) {
            spdlog::debug("checking {}", file);
            run.files.push_back(engine.validate_file(file));
        }

        output::OutputOptions options;
        options.lang = common.lang;
        const auto reporter = output::make_reporter(format);
        if (output_path.empty()) {
            options.color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR") && format == "text";
            reporter->write(run, options, std::cout);
        } else {
            std::ostringstream buffer;
            reporter->write(run, options, buffer);
            if (!write_atomically(output_path, buffer.str())) {
                std::cerr << fmt::format("{}: cannot write the report: {}\n", output_path, std::strerror(errno));
                return kExitUsage;
            }
        }
        return output::exit_code(run);
    } catch (const std::exception& e) {
        // The boundary: nothing below throws for bad input, but never crash.
        std::cerr << "budgetcheck: internal error: " << e.what() << '\n';
        return kExitUsage;
    }
}
