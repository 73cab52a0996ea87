// `budgetcheck template`, `import` and `export`: Excel workbooks in the
// layout of engine/xlsx/layout.hpp (docs/excel.md).
//
// Compiled twice, like serve.cpp: libzip and libxlsxwriter load zlib and
// libcrypto, so only budgetcheck-serve (BUDGETCHECK_SERVE_IN_PROCESS) links
// engine/xlsx. budgetcheck registers the same options and execs
// budgetcheck-serve for these commands and for any command given an .xlsx
// (`validate board.xlsx`); its other work never loads those libraries.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "batch.hpp"
#include "cli/cli.hpp"
#if defined(BUDGETCHECK_SERVE_IN_PROCESS)
#include "output/report_file.hpp"
#include "xlsx/validate.hpp"
#include "xlsx/writer.hpp"
#endif

namespace budgetcheck::cli {
namespace {

// A workbook, or a directory or pattern that holds one (`validate runda/`
// with boards' .xlsx beside the .json): only budgetcheck-serve reads them.
bool names_workbook(const std::string& arg) {
    if (is_workbook_path(arg)) return true;
    std::error_code ec;
    if (arg.find_first_of("*?[") == std::string::npos && !std::filesystem::is_directory(arg, ec)) return false;
    const auto inputs = batch::expand_inputs({arg});
    return std::any_of(inputs.begin(), inputs.end(), [](const batch::Input& i) { return is_workbook_path(i.path); });
}

#if defined(BUDGETCHECK_SERVE_IN_PROCESS)

int write_failed(const xlsx::WriteError& e, const std::string& file, std::string_view lang) {
    print_input_errors({InputError{file, 0, 0, e.code, e.message, {}}}, lang);
    return kExitUsage;
}

#endif

}  // namespace

std::optional<int> prepare_workbooks(Common& common) {
#if defined(BUDGETCHECK_SERVE_IN_PROCESS)
    (void)names_workbook;
    (void)common;
    xlsx::enable_workbooks();
    return std::nullopt;
#else
    if (std::none_of(common.args.begin() + (common.args.empty() ? 0 : 1), common.args.end(), names_workbook))
        return std::nullopt;
    return exec_serve_program(common, common.args.size() > 1 ? common.args[1] : "validate");
#endif
}

Command add_template(CLI::App& app, Common&) {
    struct Options {
        std::string policy, organisation, output;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("template", "Write the Excel template (.xlsx) a board fills in, for a policy pack and organisation");
    cmd->add_option("--policy", o->policy, "Policy pack id or path to its policy.json, e.g. linkoping-2024")->required();
    cmd->add_option("--organisation", o->organisation, "The organisation's id in the pack, e.g. vss")->required();
    cmd->add_option("--output", o->output, "The .xlsx file to write")->required();
    cmd->footer("Exit codes: 0 written, 2 unknown pack or organisation, or the file cannot be written.");
#if defined(BUDGETCHECK_SERVE_IN_PROCESS)
    return {cmd, [o](Common& common) {
        EngineConfig config = common.config;
        // A path to a pack outside the data folder is loaded beside the others.
        if (o->policy.find('/') != std::string::npos || o->policy.ends_with(".json")) config.policy = o->policy;
        auto engine = create_engine(config, common.lang);
        if (!engine) return kExitUsage;
        const PolicyPack* pack = nullptr;
        for (const auto& p : engine->policy_packs())
            if (p.id == o->policy || p.path == o->policy) pack = &p;
        if (!pack) {
            print_input_errors({InputError{o->policy, 0, 0, "policy.not-found",
                                           {fmt::format("inget policypaket '{}'", o->policy), fmt::format("no policy pack '{}'", o->policy)}, {}}},
                               common.lang);
            return kExitUsage;
        }
        InputError error;
        const auto schema = xlsx::submission_schema(config, error);
        if (!schema) {
            print_input_errors({error}, common.lang);
            return kExitUsage;
        }
        if (auto e = xlsx::write_template(o->output, *schema, *pack->document, o->organisation))
            return write_failed(*e, o->output, common.lang);
        if (!common.quiet) std::cerr << fmt::format(fmt::runtime(common.lang == "en" ? "wrote {}\n" : "skrev {}\n"), o->output);
        return kExitPass;
    }};
#else
    // The options must outlive parsing: CLI11 writes into them.
    return {cmd, [o](Common& common) { (void)o; return exec_serve_program(common, "template"); }};
#endif
}

Command add_import(CLI::App& app, Common&) {
    struct Options {
        std::string input, output = "-";
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("import", "Convert a filled-in workbook (.xlsx) to submission JSON, exactly");
    cmd->add_option("workbook", o->input, "The .xlsx file")->required();
    cmd->add_option("--output", o->output, "The JSON file to write (- = standard output)")->capture_default_str();
    cmd->footer("Exit codes: 0 converted, 2 the workbook cannot be read (each error names its sheet and cell).");
#if defined(BUDGETCHECK_SERVE_IN_PROCESS)
    return {cmd, [o](Common& common) {
        const auto imported = xlsx::import_file(common.config, o->input);
        if (!imported.errors.empty()) {
            print_input_errors(imported.errors, common.lang);
            return kExitUsage;
        }
        if (o->output == "-") {
            std::cout << imported.json;
            return kExitPass;
        }
        // Written as every output file is (output/report_file.hpp): whole or
        // not at all, a symbolic link replaced rather than written through.
        if (const auto problem = output::write_report_file(o->output, imported.json)) {
            print_input_errors({InputError{o->output, 0, 0, "io.write", *problem, {}}}, common.lang);
            return kExitUsage;
        }
        return kExitPass;
    }};
#else
    // The options must outlive parsing: CLI11 writes into them.
    return {cmd, [o](Common& common) { (void)o; return exec_serve_program(common, "import"); }};
#endif
}

Command add_export(CLI::App& app, Common&) {
    struct Options {
        std::string input, output;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("export", "Write a submission (JSON) into the Excel layout of the template");
    cmd->add_option("submission", o->input, "The submission JSON file")->required();
    cmd->add_option("--output", o->output, "The .xlsx file to write")->required();
    cmd->footer("Exit codes: 0 written, 2 the submission cannot be read or a value cannot be stored exactly in Excel.");
#if defined(BUDGETCHECK_SERVE_IN_PROCESS)
    return {cmd, [o](Common& common) {
        auto read = read_file(o->input, common.config.parse_limits.max_bytes, "--max-file-size");
        if (read.error) {
            print_input_errors({*read.error}, common.lang);
            return kExitUsage;
        }
        auto parsed = json::parse(std::move(read.text), common.config.parse_limits);
        if (parsed.error) {
            const auto& e = *parsed.error;
            print_input_errors({InputError{o->input, e.position.line, e.position.column, e.code, e.message, e.snippet}}, common.lang);
            return kExitUsage;
        }
        InputError error;
        const auto schema = xlsx::submission_schema(common.config, error);
        if (!schema) {
            print_input_errors({error}, common.lang);
            return kExitUsage;
        }
        if (auto e = xlsx::write_export(o->output, *schema, *parsed.document)) return write_failed(*e, o->output, common.lang);
        return kExitPass;
    }};
#else
    // The options must outlive parsing: CLI11 writes into them.
    return {cmd, [o](Common& common) { (void)o; return exec_serve_program(common, "export"); }};
#endif
}

}  // namespace budgetcheck::cli
