// `budgetcheck check-rules`: load the schemas, policy packs and rules without
// any submission and report every problem (file:line, the line with a caret,
// what to do); then run every rule once over every sample in samples/, so a
// rule that fails while running is found too; unfinished rules and rules
// without test cases beside them are errors; the policy schema's own
// conventions are checked. Exit 2 when anything is broken. Items a
// rolled-forward pack still has under review are warnings (exit 0).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "packs/review.hpp"
#include "policy_checks.hpp"
#include "text/plural.hpp"
#include "text/utf8.hpp"
#include "unfinished.hpp"

namespace budgetcheck::cli {

namespace {

namespace fs = std::filesystem;

std::string line_of_file(const std::string& path, std::uint32_t line) {
    const auto read = read_file(path, 1u << 20);
    if (read.error || line == 0) return {};
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        start = read.text.find('\n', start);
        if (start == std::string::npos) return {};
        ++start;
    }
    std::string out = read.text.substr(start, read.text.find('\n', start) - start);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return out;
}

// The 1-based column (in characters, as every position is) of byte `at`.
std::uint32_t column_of(std::string_view line, std::size_t at) {
    return static_cast<std::uint32_t>(utf8::count_code_points(line.substr(0, at)) + 1);
}

// A rule that failed over a sample, as a load-style problem at the rule's
// file and line, read from the failure's fields.
InputError problem_of(const rules::RuleFailure& failure, const std::string& data_dir) {
    InputError e{failure.file, failure.line, 0, "rule.runtime-error", failure.reason,
                 line_of_file((fs::path(data_dir) / failure.file).string(), failure.line)};
    // The caret: at the member the error names, else the line's first character.
    std::size_t column = std::string::npos;
    if (!failure.subject.empty()) {
        column = e.snippet.find("." + failure.subject);
        column = column != std::string::npos ? column + 1 : e.snippet.find(failure.subject);
    }
    if (column == std::string::npos) column = e.snippet.find_first_not_of(" \t");
    if (column != std::string::npos && !e.snippet.empty()) e.column = column_of(e.snippet, column);
    return e;
}

// Unfinished rules (placeholder texts, unfinished.hpp) and rules without a
// case file, each at the line to change.
std::vector<InputError> unfinished_problems(const Engine& engine, const std::string& data_dir) {
    std::vector<InputError> out;
    for (const auto& rule : engine.rules()) {
        const fs::path path = fs::path(data_dir) / rule.file;
        const auto source = read_file(path.string(), 1u << 20);
        for (const auto& p : placeholders(rule)) {
            const std::uint32_t line = line_holding(source.text, p.text);
            const std::string snippet = line_of_file(path.string(), line);
            // The caret under this text's marker (a line may hold two texts).
            const std::size_t text_at = snippet.find(p.text);
            const std::size_t column =
                text_at == std::string::npos ? snippet.find(p.marker) : text_at + p.text.find(p.marker);
            out.push_back(InputError{
                rule.file, line, column == std::string::npos ? 0 : column_of(snippet, column),
                "rule.unfinished",
                {fmt::format("regeln {} är inte färdig: {} är fortfarande en platshållare ({}); skriv texten. Tills "
                             "dess körs regeln inte av validate",
                             rule.id, p.field, p.marker),
                 fmt::format("the rule {} is unfinished: {} is still a placeholder ({}); write the text. Until then "
                             "validate does not run the rule",
                             rule.id, p.field, p.marker)},
                snippet});
        }
        fs::path cases = path;
        cases.replace_extension(".cases.json");
        if (!fs::exists(cases)) {
            const std::string name = cases.filename().string();
            out.push_back(InputError{
                rule.file, 0, 0, "rule.no-cases",
                {fmt::format("regeln {} har inga testfall; skapa {} med minst ett fall där den slår till och ett där "
                             "den är tyst (budgetcheck new-rule gör ett skelett)",
                             rule.id, name),
                 fmt::format("the rule {} has no test cases; create {} with at least one case where it fires and one "
                             "where it stays silent (budgetcheck new-rule makes a skeleton)",
                             rule.id, name)},
                {}});
        }
    }
    return out;
}

// The policy schema's own conventions (policy_checks.hpp); the engine has
// already loaded it, so it parses.
std::vector<InputError> policy_schema_problems(const std::string& data_dir) {
    const std::string file = "schemas/policy.schema.json";
    auto read = read_file((fs::path(data_dir) / file).string(), 16u << 20);
    if (read.error) return {*read.error};
    const auto parsed = json::parse(std::move(read.text));
    if (!parsed.document) return {};
    return check_policy_schema(*parsed.document, file);
}

}  // namespace

Command add_check_rules(CLI::App& app, Common&) {
    auto* cmd = app.add_subcommand(
        "check-rules", "Check rules and policy packs for errors, without a submission (also runs every rule over samples/)");
    return {cmd, [](Common& common) {
        EngineConfig config = common.config;
        config.run_unfinished_rules = true;  // reported below; their run-time errors count too
        config.check_field_names = true;     // a misspelt field name fails over the samples
        const auto engine = create_engine(config, common.lang);  // prints every load error
        if (!engine) return kExitUsage;

        // Run every rule over every sample: run-time errors only show when rules run.
        std::vector<std::string> samples;
        std::error_code ec;
        for (auto it = fs::directory_iterator(fs::path(common.config.data_dir) / "samples", ec);
             !ec && it != fs::directory_iterator(); it.increment(ec))
            if (it->path().extension() == ".json") samples.push_back(it->path().string());
        std::sort(samples.begin(), samples.end());
        std::vector<InputError> problems;
        std::map<std::string, std::vector<std::string>> seen;  // problem text -> samples
        for (const auto& sample : samples) {
            const std::string shown = fs::relative(sample, common.config.data_dir, ec).generic_string();
            const FileReport report = engine->validate_file(sample);
            std::vector<InputError> found;
            for (const auto& failure : report.rule_failures) found.push_back(problem_of(failure, common.config.data_dir));
            // The host's own errors (the documents could not be given to the rules) concern the sample.
            for (const auto& f : report.findings)
                if (f.rule_id == rules::kRuleErrorId) found.push_back(InputError{shown, 0, 0, "rule.runtime-error", f.message, {}});
            for (auto& problem : found) {
                const std::string key = fmt::format("{}:{}:{}", problem.file, problem.line, problem.message.en);
                if (seen[key].empty()) problems.push_back(std::move(problem));
                seen[key].push_back(shown);
            }
        }
        for (auto& p : problems) {
            const auto& on = seen[fmt::format("{}:{}:{}", p.file, p.line, p.message.en)];
            std::string list;
            for (const auto& s : on) list += (list.empty() ? "" : ", ") + s;
            p.message = {fmt::format("regeln fick ett fel när den kontrollerade {}: {}", list, p.message.sv),
                         fmt::format("the rule failed while checking {}: {}", list, p.message.en)};
        }

        // A rule ships finished and tested: placeholder texts and a missing
        // case file are errors, not warnings.
        for (const auto& p : unfinished_problems(*engine, common.config.data_dir)) problems.push_back(p);
        for (auto& p : policy_schema_problems(common.config.data_dir)) problems.push_back(std::move(p));
        print_input_errors(problems, common.lang);
        const std::size_t sample_count = samples.size();
        const bool en = common.lang == "en";
        // A rolled-forward pack's items still awaiting the new decision:
        // warnings (the pack works, but is not yet the decision).
        std::vector<InputError> to_review;
        for (const auto& pack : engine->policy_packs())
            for (auto& w : packs::review_warnings(*pack.document, pack.file)) to_review.push_back(std::move(w));
        if (!to_review.empty()) {
            print_input_errors(to_review, common.lang, true);
            std::cerr << (en ? fmt::format("{} in the policy packs still to review against the new KF decision\n",
                                           text::counted(to_review.size(), "item", "items"))
                             : fmt::format("{} i policypaketen återstår att granska mot det nya KF-beslutet\n",
                                           text::counted(to_review.size(), "post", "poster")));
        }
        if (!problems.empty()) {
            std::cerr << (en ? fmt::format("{} found in the rules and while running them over {}\n",
                                           text::counted(problems.size(), "rule problem", "rule problems"),
                                           text::counted(sample_count, "sample", "samples"))
                             : fmt::format("{} hittades i reglerna och när de kördes mot {}\n",
                                           text::counted(problems.size(), "regelproblem", "regelproblem"),
                                           text::counted(sample_count, "exempelfil", "exempelfiler")));
            return kExitUsage;
        }
        const std::size_t rules = engine->rules().size(), packs = engine->policy_packs().size();
        if (en)
            std::cout << fmt::format("{} and {} load without errors and run over {} without failing\n",
                                     text::counted(rules, "rule", "rules"),
                                     text::counted(packs, "policy pack", "policy packs"),
                                     text::counted(sample_count, "sample", "samples"));
        else
            std::cout << fmt::format("{} och {} laddas utan fel och körs utan fel mot {}\n",
                                     text::counted(rules, "regel", "regler"),
                                     text::counted(packs, "policypaket", "policypaket"),
                                     text::counted(sample_count, "exempelfil", "exempelfiler"));
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
