// The command-line front end: one file per sub-command, each registering its
// options and returning a runner. main.cpp holds the shared options and the
// exception boundary. Exit codes: 0 pass, 1 failing findings, 2 usage, I/O or
// configuration error.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine.hpp"
#include "waivers.hpp"

namespace budgetcheck::cli {

inline constexpr int kExitPass = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

// Options every sub-command shares (given before or after the sub-command).
struct Common {
    std::vector<std::string> args;  // argv as given: `serve` passes it on to budgetcheck-serve
    std::string data_dir;
    std::string lang = "sv";
    bool verbose = false;
    bool quiet = false;
    EngineConfig config;  // limits and data dir; sub-commands may adjust it
};

// A sub-command's work, run after parsing when it was chosen.
using Runner = std::function<int(Common&)>;

struct Command {
    CLI::App* app;
    Runner run;
};

// One explicit list, built in main.cpp; no self-registration.
Command add_validate(CLI::App& app, Common& common);
Command add_rules(CLI::App& app, Common& common);
Command add_test(CLI::App& app, Common& common);
Command add_explain(CLI::App& app, Common& common);
Command add_check_rules(CLI::App& app, Common& common);
Command add_new_rule(CLI::App& app, Common& common);
Command add_serve(CLI::App& app, Common& common);
Command add_new_pack(CLI::App& app, Common& common);
Command add_diff_packs(CLI::App& app, Common& common);
Command add_diff(CLI::App& app, Common& common);
// budgetcheck only: replaces this process by budgetcheck-serve with the same
// arguments (serve.cpp); returns kExitUsage when it cannot be started.
int exec_serve_program(Common& common, std::string_view command);
// Before a command runs: budgetcheck-serve (and the tests' programs) read
// workbooks themselves; budgetcheck execs budgetcheck-serve when an argument
// names an .xlsx (workbook.cpp). nullopt: go on here.
std::optional<int> prepare_workbooks(Common& common);
// Excel workbooks (workbook.cpp).
Command add_template(CLI::App& app, Common& common);
Command add_import(CLI::App& app, Common& common);
Command add_export(CLI::App& app, Common& common);

// Shared helpers.
// Prints errors (messages in `lang` where they have it); null on failure.
std::unique_ptr<Engine> create_engine(const EngineConfig& config, std::string_view lang);
// --verbose: how many rules and packs were loaded, and from which data folder.
void log_loaded(const Engine& engine, const EngineConfig& config);
// `warning`: labelled "varning"/"warning" (something to review, not broken).
void print_input_errors(const std::vector<InputError>& errors, std::string_view lang, bool warning = false);
// --today: a real YYYY-MM-DD date, or the error to stop on (usage.today);
// waiver expiry compares dates, so an impossible one would silently expire
// (or keep) waivers. validate and diff.
std::optional<InputError> today_error(const std::string& today);
// --waivers FILE read and checked against schemas/waivers.schema.json; every
// problem at its line and column. validate and diff.
std::variant<waivers::WaiverFile, std::vector<InputError>> read_waivers(const std::string& path, const Engine& engine);
// A command line that did not parse: an unknown sub-command or option is
// named with the closest valid one (usage.unknown-command,
// usage.unknown-option); anything else as CLI11 says it. Returns kExitUsage.
int usage_error(CLI::App& app, const CLI::ParseError& error, std::string_view lang);
// A rule's parameters, one line each (name, type, default, description),
// each followed by the value every pack that sets it gives (explain.cpp).
std::string parameter_lines(const rules::RuleInfo& rule, const std::vector<PolicyPack>& packs, std::string_view lang,
                            std::string_view indent);

}  // namespace budgetcheck::cli
