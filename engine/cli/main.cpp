// budgetcheck: parse options, run the chosen sub-command, map failures to
// the documented exit codes. Nothing below this file prints findings itself.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "text/caret.hpp"

using namespace budgetcheck;

namespace budgetcheck::cli {

void print_input_errors(const std::vector<InputError>& errors, std::string_view lang) {
    const bool en = lang == "en";
    for (const auto& e : errors) {
        const std::string where = e.file.empty() ? std::string("budgetcheck")
                                  : !e.line     ? e.file
                                  : e.column ? fmt::format("{}:{}:{}", e.file, e.line, e.column)
                                             : fmt::format("{}:{}", e.file, e.line);
        // Policy data is edited by hand: say what to do about a schema violation
        // (recognised in the English text, which every error has).
        std::string fix;
        const std::string& english = e.message.en;
        if (e.code == "policy.additionalProperties") {
            fix = en ? " — check the spelling of the field name against docs/policy-data.md, or remove the field"
                     : " — kontrollera stavningen av fältnamnet mot docs/policy-data.md, eller ta bort fältet";
        } else if (e.code == "policy.type" && english.find("but is a string") != std::string::npos &&
                   (english.find("integer") != std::string::npos || english.find("number") != std::string::npos)) {
            const std::size_t open = english.rfind("(\""), close = english.rfind("\")");
            fix = en ? " — write the number without quotes" : " — skriv talet utan citattecken";
            if (open != std::string::npos && close != std::string::npos && close > open)
                fix += ": " + english.substr(open + 2, close - open - 2);
        } else if (e.code == "policy.type" || e.code == "policy.required" || e.code == "policy.enum") {
            fix = en ? " — docs/policy-data.md describes every field of a policy pack"
                     : " — docs/policy-data.md beskriver alla fält i ett policypaket";
        }
        std::cerr << fmt::format("{}: {}: {}{} [{}]\n", where, en ? "error" : "fel", e.message.shown_in(lang), fix,
                                 e.code);
        if (e.snippet.empty()) continue;
        // The line (a window of a long one), then a caret under the column:
        // tabs kept, a UTF-8 character counted once.
        const std::string number = e.line ? std::to_string(e.line) : std::string();
        const text::CaretExcerpt excerpt = text::caret_excerpt(e.snippet, e.column);
        std::cerr << fmt::format(" {:>{}} | {}\n", number, number.size(), excerpt.text);
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
    spdlog::debug("loaded {} rules and {} policy packs from {}", engine->rules().size(),
                  engine->policy_packs().size(), config.data_dir);
    return engine;
}

// A temporary file beside the target, renamed into place: an interrupted run
// never leaves a half-written report that looks complete.
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
        "  budgetcheck rules\n"
        "  budgetcheck test\n\n"
        "Exit codes: 0 passes, 1 failing findings, 2 usage, I/O or configuration error.");

    cli::Common common;
    const char* env_dir = std::getenv("BUDGETCHECK_DATA_DIR");
    common.data_dir = env_dir && *env_dir ? env_dir : BUDGETCHECK_DATA_DIR;
    app.add_option("--data-dir", common.data_dir, "Folder holding schemas/ and rules/ (env BUDGETCHECK_DATA_DIR)")
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
        app.exit(e);
        return cli::kExitUsage;
    }

    spdlog::set_default_logger(spdlog::stderr_color_mt("budgetcheck"));
    spdlog::set_level(common.verbose ? spdlog::level::debug
                                     : common.quiet ? spdlog::level::err : spdlog::level::warn);
    common.config.data_dir = common.data_dir;

    try {
        for (const auto& command : commands)
            if (command.app->parsed()) return command.run(common);
        return cli::kExitUsage;
    } catch (const std::exception& e) {
        // The boundary: nothing below throws for bad input, but never crash.
        std::cerr << "budgetcheck: internal error: " << e.what() << '\n';
        return cli::kExitUsage;
    }
}
