// budgetcheck: parse options, run the chosen sub-command, map failures to
// the documented exit codes. Nothing below this file prints findings itself.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "cli/installation.hpp"
#include "text/caret.hpp"
#include "text/terminal.hpp"
#include "text/utc_time.hpp"
#include "version.hpp"

using namespace budgetcheck;

namespace budgetcheck::cli {

void print_input_errors(const std::vector<InputError>& errors, std::string_view lang, bool warning) {
    const bool en = lang == "en";
    for (const auto& e : errors) {
        const std::string where = e.file.empty() ? std::string("budgetcheck")
                                  : !e.line     ? e.file
                                  : e.column ? fmt::format("{}:{}:{}", e.file, e.line, e.column)
                                             : fmt::format("{}:{}", e.file, e.line);
        // File names and messages may come from a submission: no terminal controls.
        std::cerr << fmt::format("{}: {}: {}{} [{}]\n", text::terminal_safe(where),
                                 warning ? (en ? "warning" : "varning") : en ? "error" : "fel",
                                 text::terminal_safe(e.message.shown_in(lang)), text::terminal_safe(e.hint.shown_in(lang)),
                                 e.code);
        if (e.snippet.empty()) continue;
        // The line (a window of a long one), then a caret under the column:
        // tabs kept, a UTF-8 character counted once.
        const std::string number = e.line ? std::to_string(e.line) : std::string();
        const text::CaretExcerpt excerpt = text::caret_excerpt(e.snippet, e.column);
        std::cerr << fmt::format(" {:>{}} | {}\n", number, number.size(), text::terminal_safe(excerpt.text));
        if (e.column == 0 || !excerpt.caret) continue;
        std::cerr << fmt::format(" {:>{}} | {}^\n", "", number.size(), excerpt.padding);
    }
    // A broken rule need not stop every check: say how to go on meanwhile.
    for (const auto& e : errors)
        if (e.code.rfind("rule.", 0) == 0 && e.code != "rule.duplicate-id" && e.code != "rule.unfinished" &&
            e.code != "rule.no-cases") {
            std::cerr << (en ? "until a broken rule is fixed, `budgetcheck validate --skip-rule ID ...` checks "
                               "submissions without it\n"
                             : "tills en trasig regel är rättad kontrollerar `budgetcheck validate --skip-rule ID ...` "
                               "inlämningar utan den\n");
            break;
        }
}

std::unique_ptr<Engine> create_engine(const EngineConfig& config, std::string_view lang) {
    auto created = Engine::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
        print_input_errors(*errors, lang);
        return nullptr;
    }
    auto engine = std::move(std::get<std::unique_ptr<Engine>>(created));
    log_loaded(*engine, config);
    return engine;
}

std::optional<InputError> today_error(const std::string& today) {
    if (today.empty() || text::parse_date(today)) return std::nullopt;
    return InputError{{}, 0, 0, "usage.today",
                      {fmt::format("--today {}: inget datum som finns; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-02-29", today),
                       fmt::format("--today {}: not a real date; write YYYY-MM-DD, e.g. 2024-02-29", today)},
                      {}};
}

std::variant<waivers::WaiverFile, std::vector<InputError>> read_waivers(const std::string& path, const Engine& engine) {
    auto text = read_file(path, 16u << 20);
    if (text.error) return std::vector<InputError>{*text.error};
    return waivers::load(std::move(text.text), path, engine.waivers_schema());
}

void log_loaded(const Engine& engine, const EngineConfig& config) {
    spdlog::debug("loaded {} rules and {} policy packs from {}", engine.rules().size(), engine.policy_packs().size(),
                  config.data_dir);
}

}  // namespace budgetcheck::cli

int main(int argc, char** argv) {
    CLI::App app{"budgetcheck — checks a board's budget submission against the KF decision it answers.", "budgetcheck"};
    app.set_version_flag("--version", std::string("budgetcheck ") + BUDGETCHECK_VERSION);
    app.require_subcommand(1);
    app.fallthrough();  // shared options may follow the sub-command: `validate x.json --lang en`
    app.footer(
        "Examples:\n"
        "  budgetcheck validate samples/vss-2024.json\n"
        "  budgetcheck validate samples/*.json --format json --output findings.json\n"
        "  budgetcheck validate submission.json --lang en --fail-on warning\n"
        "  budgetcheck diff old.json new.json --format html --output changes.html\n"
        "  budgetcheck rules\n"
        "  budgetcheck test\n\n"
        "Exit codes: 0 passes, 1 failing findings, 2 usage, I/O or configuration error.");

    cli::Common common;
    common.args.assign(argv, argv + argc);
    common.data_dir = cli::default_data_dir();
    app.add_option("--data-dir", common.data_dir, "Folder holding schemas/ and rules/ (env BUDGETCHECK_DATA_DIR; default: "
                   "../share/budgetcheck beside the program when installed, else the source tree)")
        ->capture_default_str();
    app.add_option("--lang", common.lang, "Language of messages")
        ->check(CLI::IsMember({"sv", "en"}))->capture_default_str();
    app.add_flag("-v,--verbose", common.verbose, "Log what the engine does (stderr)");
    app.add_flag("-q,--quiet", common.quiet, "Log only errors (stderr)");

    const std::vector<cli::Command> commands = {
        cli::add_validate(app, common),
        cli::add_rules(app, common),
        cli::add_test(app, common),
        cli::add_explain(app, common),
        cli::add_check_rules(app, common),
        cli::add_new_rule(app, common),
        cli::add_serve(app, common),
        cli::add_new_pack(app, common),
        cli::add_diff_packs(app, common),
        cli::add_diff(app, common),
        cli::add_template(app, common),
        cli::add_import(app, common),
        cli::add_export(app, common),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return cli::usage_error(app, e, common.lang);
    }

    spdlog::set_default_logger(spdlog::stderr_color_mt("budgetcheck"));
    spdlog::set_level(common.verbose ? spdlog::level::debug
                                     : common.quiet ? spdlog::level::err : spdlog::level::warn);
    common.config.data_dir = common.data_dir;

    try {
        if (const auto code = cli::prepare_workbooks(common)) return *code;
        for (const auto& command : commands)
            if (command.app->parsed()) return command.run(common);
        return cli::kExitUsage;
    } catch (const std::exception& e) {
        // The boundary: nothing below throws for bad input, but never crash.
        std::cerr << "budgetcheck: internal error: " << e.what() << '\n';
        return cli::kExitUsage;
    }
}
