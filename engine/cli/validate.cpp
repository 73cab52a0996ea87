// `budgetcheck validate FILE|DIR|GLOB...`: check submissions in parallel and
// write one report per requested format (stdout or --output, atomically).
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "batch.hpp"
#include "text/terminal.hpp"
#include "text/utc_time.hpp"
#include "cli/cli.hpp"
#include "output/report_file.hpp"
#include "output/reporter.hpp"
#include "output/summary.hpp"
#include "packs/review.hpp"
#include "waivers.hpp"

namespace budgetcheck::cli {

namespace {
struct ValidateOptions {
    std::vector<std::string> files;
    std::vector<std::string> formats;
    std::vector<std::string> outputs;
    std::string schema;
    std::string policy;
    std::string fail_on = "error";
    std::vector<std::string> skip_rules;
    bool no_rules = false;
    unsigned jobs = batch::default_jobs();
    bool timings = false;
    bool no_progress = false;
    std::string waivers;  // waiver file
    std::string today;    // YYYY-MM-DD for waiver expiry; default: today (UTC)
    std::string docs_url;  // output::OutputOptions::docs_url
};

// One report to write: a format and where (empty = standard output).
struct Target {
    std::string format;
    std::string path;
};

// --format and --output pair up in the order given: each --output belongs to
// the --format before it (or, when it comes first, to the next one). An
// --output without a --format of its own takes the format its extension
// names (output::format_for_extension; text for any other name), and a
// --format written to a file of another kind's extension is refused. One
// format may stay without --output: it goes to standard output. With no
// --format and no --output at all, the report is text on standard output.
std::variant<std::vector<Target>, Message> pair_targets(const CLI::App& cmd, const CLI::Option* format_option,
                                                        const CLI::Option* output_option,
                                                        const ValidateOptions& options) {
    std::vector<Target> targets;
    std::optional<std::string> pending;  // an --output seen before its --format
    auto by_extension = [&] {
        const std::string_view implied = output::format_for_extension(*pending);
        targets.push_back({implied.empty() ? std::string("text") : std::string(implied), *pending});
        pending.reset();
    };
    std::size_t next_format = 0, next_output = 0;
    for (const CLI::Option* option : cmd.parse_order()) {
        if (option == format_option && next_format < options.formats.size()) {
            targets.push_back({options.formats[next_format++], pending.value_or("")});
            pending.reset();
        } else if (option == output_option && next_output < options.outputs.size()) {
            const std::string& path = options.outputs[next_output++];
            if (!targets.empty() && targets.back().path.empty() && !pending) {
                targets.back().path = path;
            } else {
                if (pending) by_extension();
                pending = path;
            }
        }
    }
    if (pending) by_extension();
    if (targets.empty()) targets.push_back({"text", ""});

    std::size_t to_stdout = 0;
    std::set<std::string> files;
    for (const auto& target : targets) {
        if (target.path.empty()) {
            ++to_stdout;
            continue;
        }
        if (!output::extension_fits(target.path, target.format)) {
            const std::string_view implied = output::format_for_extension(target.path);
            if (implied.empty())  // .csv, .xlsx: a spreadsheet, which one is the user's choice
                return Message{fmt::format("--output {}: ange --format (overview-csv, findings-csv, overview-xlsx "
                                           "eller findings-xlsx efter filändelsen)",
                                           target.path),
                               fmt::format("--output {}: give its --format (overview-csv, findings-csv, overview-xlsx "
                                           "or findings-xlsx by the extension)",
                                           target.path)};
            return Message{fmt::format("--output {} har filändelsen för --format {}, inte {}; byt namn eller format",
                                       target.path, implied, target.format),
                           fmt::format("--output {} has the extension of --format {}, not {}; rename it or change the format",
                                       target.path, implied, target.format)};
        }
        // r.json, ./r.json and a link to r.json are one file.
        if (!files.insert(output::file_identity(target.path)).second)
            return Message{fmt::format("--output {} anges två gånger (samma fil)", target.path),
                           fmt::format("--output {} is given twice (the same file)", target.path)};
    }
    // A workbook is binary: written to a terminal it is noise, never a report.
    for (const auto& target : targets)
        if (target.path.empty() && target.format.ends_with("-xlsx") && ::isatty(STDOUT_FILENO))
            return Message{fmt::format("--format {} skriver en arbetsbok (.xlsx); ange --output FIL.xlsx", target.format),
                           fmt::format("--format {} writes a workbook (.xlsx); give --output FILE.xlsx", target.format)};
    if (to_stdout > 1)
        return Message{"mer än ett --format skulle skrivas till standard ut; ge alla utom ett en --output",
                       "more than one --format would write to standard output; give each but one an --output"};
    return targets;
}

// The overview's link to the run's HTML report written beside it: the
// report's path relative to the overview's directory, percent-encoded
// (RFC 3986: a space or '#' in a name must not end the path).
std::string link_from(const std::string& overview, const std::string& report) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path from = fs::absolute(overview, ec).lexically_normal().parent_path();
    const fs::path to = fs::absolute(report, ec).lexically_normal();
    fs::path relative = to.lexically_relative(from);
    if (relative.empty()) relative = to;
    std::string link;
    for (const unsigned char c : relative.generic_string()) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') link += static_cast<char>(c);
        else link += fmt::format("%{:02X}", c);
    }
    return link;
}

// Formats that read the whole submission (not just the lines findings point
// at) need every document kept until the report is written.
bool needs_documents(const std::string& format) { return format == "html"; }

// Up to this many files keep their documents anyway (memory stays bounded).
constexpr std::size_t kSmallRun = 16;

double milliseconds(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The slowest files of a run (for --timings), kept as the reports stream by:
// five names and their times, not the reports.
class Slowest {
public:
    static constexpr std::size_t kShown = 5;
    void add(const FileReport& file) {
        ++files_;
        slow_.push_back({file.file, file.times});
        std::stable_sort(slow_.begin(), slow_.end(), [](const Entry& a, const Entry& b) { return a.times.total > b.times.total; });
        if (slow_.size() > kShown) slow_.pop_back();
    }
    // Wall time, throughput and the slowest files: on stderr, never in a report.
    void print(std::chrono::nanoseconds wall, unsigned jobs) const {
        const double seconds = std::chrono::duration<double>(wall).count();
        std::cerr << fmt::format("checked {} files in {:.2f} s with {} {} ({:.0f} files/s); slowest:\n", files_,
                                 seconds, jobs, jobs == 1 ? "job" : "jobs",
                                 seconds > 0 ? static_cast<double>(files_) / seconds : 0.0);
        for (const auto& [file, t] : slow_)
            std::cerr << fmt::format("  {:9.2f} ms  {}  (read {:.2f}, parse {:.2f}, schema {:.2f}, rules {:.2f})\n",
                                     milliseconds(t.total), text::terminal_safe(file), milliseconds(t.read),
                                     milliseconds(t.parse), milliseconds(t.schema), milliseconds(t.rules));
    }

private:
    struct Entry {
        std::string file;
        FileReport::Times times;
    };
    std::size_t files_ = 0;
    std::vector<Entry> slow_;
};

// "checking 120/1000" on a terminal's stderr, at most ten times a second.
class Progress {
public:
    void operator()(std::size_t done, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        std::cerr << fmt::format("\rchecking {}/{} files", done, total) << std::flush;
        shown_ = true;
    }
    void clear() const {
        if (shown_) std::cerr << "\r\x1b[K" << std::flush;
    }

private:
    std::chrono::steady_clock::time_point last_{};
    bool shown_ = false;
};


// A pack rolled forward by new-pack still lists what nobody has checked
// against the new decision (its review section). Its verdicts stand, but a
// controller must know they rest on carried-over values: one note per pack
// a checked file used.
std::vector<Message> unreviewed_packs(const std::vector<PolicyPack>& packs, const std::set<std::string>& used) {
    std::vector<Message> notes;
    for (const auto& pack : packs) {
        if (!used.count(pack.id) || !pack.document) continue;
        const std::size_t left = packs::review_warnings(*pack.document, pack.file).size();
        if (left == 0) continue;
        notes.push_back(
            {fmt::format("varning: policypaketet {} ({}) har {} överförd{} post{} kvar att granska mot KF-beslutet; "
                         "resultaten mot paketet vilar på dem. `budgetcheck check-rules` listar dem",
                         pack.id, pack.file, left, left == 1 ? "" : "a", left == 1 ? "" : "er"),
             fmt::format("warning: the policy pack {} ({}) still has {} carried-over item{} to review against the KF "
                         "decision; findings against it rest on them. `budgetcheck check-rules` lists them",
                         pack.id, pack.file, left, left == 1 ? "" : "s")});
    }
    return notes;
}
}  // namespace

Command add_validate(CLI::App& app, Common& common) {
    auto options = std::make_shared<ValidateOptions>();
    auto* cmd = app.add_subcommand("validate", "Check submission files");
    auto& limits = common.config;
    cmd->add_option("files", options->files,
                    "Submission files (JSON), directories (every *.json below them) and glob patterns")
        ->required();
    auto* format_option =
        cmd->add_option("-f,--format", "Output format (default text); repeatable, each followed by its --output")
            ->check(CLI::IsMember(output::reporter_names()))
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    auto* output_option =
        cmd->add_option("-o,--output",
                        "Write the report of the --format before it to this file instead of standard output; "
                        "without a --format, the extension chooses it (.json .sarif .xml .html .txt)")
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("-j,--jobs", options->jobs, "Files checked in parallel (default: the number of cores)")
        ->check(CLI::Range(1u, 1024u))
        ->capture_default_str();
    cmd->add_flag("--timings", options->timings,
                  "Print the wall time, files per second and the slowest files (with their phases) to stderr");
    cmd->add_flag("--no-progress", options->no_progress, "No progress line on a terminal's stderr");
    cmd->add_option("--schema", options->schema, "Use another submission schema");
    cmd->add_option("--policy", options->policy, "Policy pack id (e.g. linkoping-2024) or path to a policy.json");
    cmd->add_flag("--no-rules", options->no_rules, "Check against the schema only");
    cmd->add_option("--fail-on", options->fail_on, "Lowest severity that fails the run")
        ->check(CLI::IsMember({"error", "warning", "never"}))->capture_default_str();
    cmd->add_option("--skip-rule", options->skip_rules, "Do not load or run this rule (repeatable)");
    cmd->add_option("--waivers", options->waivers,
                    "Waiver file of accepted exceptions (schemas/waivers.schema.json): waived findings are shown "
                    "but do not fail the run");
    cmd->add_option("--today", options->today, "Date (YYYY-MM-DD) waiver expiry is judged against; default today (UTC)");
    cmd->add_option("--docs-url", options->docs_url,
                    "Where your organisation publishes budgetcheck's docs (SARIF links each rule's page below it; "
                    "env BUDGETCHECK_DOCS_URL; default: no links)")
        ->envname("BUDGETCHECK_DOCS_URL")
        ->check([](const std::string& url) -> std::string {
            if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) return {};
            return "an absolute http(s) URL, e.g. https://intra.example.se/budgetcheck/";
        });
    cmd->add_option("--max-file-size", limits.parse_limits.max_bytes, "Largest accepted file, bytes")
        ->capture_default_str();
    cmd->add_option("--max-depth", limits.parse_limits.max_depth, "Deepest accepted nesting")->capture_default_str();
    cmd->add_option("--rule-instructions", limits.rule_limits.instructions,
                    "Instruction budget of one rule on one file")->capture_default_str();
    cmd->add_option("--rule-instructions-per-value", limits.rule_limits.instructions_per_value,
                    "Instructions added to that budget per JSON value of the file (the CPU-time limit grows alike)")
        ->capture_default_str();
    cmd->add_option("--rule-memory", limits.rule_limits.memory_bytes, "Memory cap of one rule run, bytes")
        ->capture_default_str();
    // docs/limits.md: the remaining limits, one flag each.
    cmd->add_option("--max-values", limits.parse_limits.max_values, "Most values in one file")->capture_default_str();
    cmd->add_option("--max-string-length", limits.parse_limits.max_string_bytes, "Longest string or key, bytes")
        ->capture_default_str();
    cmd->add_option("--max-number-length", limits.parse_limits.max_number_chars, "Longest number, characters")
        ->capture_default_str();
    cmd->add_option("--max-findings-per-rule", limits.rule_limits.findings_per_rule,
                    "Findings kept from one rule on one file")->capture_default_str();
    cmd->add_option("--max-schema-findings", limits.schema_findings_per_keyword,
                    "Schema findings of one kind (keyword: schema.type, schema.required, ...) kept from one file")
        ->capture_default_str();
    cmd->add_option("--rule-allocation", limits.rule_limits.allocation_bytes,
                    "Bytes one rule run may allocate in total")->capture_default_str();
    cmd->add_option("--pattern-subject-size", limits.rule_limits.pattern_subject_bytes,
                    "Longest string a rule's pattern may search, bytes")->capture_default_str();
    cmd->add_option("--pattern-steps", limits.rule_limits.pattern_steps,
                    "Pattern-matching steps one rule run may spend")->capture_default_str();
    cmd->add_option("--rule-cpu-ms", limits.rule_limits.cpu_ms,
                    "CPU time of one rule run, milliseconds (0: none)")->capture_default_str();
    cmd->add_option("--rule-string-size", limits.rule_limits.string_bytes,
                    "Longest string a rule may make, bytes")->capture_default_str();

    return {cmd, [options, cmd, format_option, output_option](Common& common) {
        // One value per occurrence, in the order given (a value never
        // swallows the file names after it).
        options->formats = format_option->results();
        options->outputs = output_option->results();
        auto paired = pair_targets(*cmd, format_option, output_option, *options);
        if (auto* problem = std::get_if<Message>(&paired)) {
            std::cerr << "budgetcheck validate: " << problem->shown_in(common.lang) << "\n";
            return kExitUsage;
        }
        const auto targets = std::get<std::vector<Target>>(std::move(paired));

        output::RunReport run;
        run.fail_on = options->fail_on == "warning" ? output::FailOn::Warning
                      : options->fail_on == "never" ? output::FailOn::Never : output::FailOn::Error;
        // Every requested report is open for the whole run and written file
        // by file as the files are checked (in input order), from one
        // summary; reports to files are put in place (renamed) before
        // standard output ends, so a pipeline that has read stdout to its
        // end finds them. Returns the exit code.
        struct Sink {
            std::string format;
            std::unique_ptr<output::Reporter> reporter;
            std::unique_ptr<output::ReportFile> file;  // null: standard output
            std::ostream* out = nullptr;
        };
        std::vector<Sink> sinks;
        output::RunSummary summary;
        int report_code = 0;  // kExitUsage when a report file could not be written
        const auto open_reports = [&](bool failed_run) {
            summary = output::summarize(run);  // no files yet: the run's errors only
            std::vector<const Target*> order;
            for (const auto& target : targets) if (!target.path.empty()) order.push_back(&target);
            for (const auto& target : targets) if (target.path.empty()) order.push_back(&target);
            for (const Target* target : order) {
                Sink sink{target->format, output::make_reporter(target->format), nullptr, &std::cout};
                output::OutputOptions out;
                out.lang = common.lang;
                out.docs_url = options->docs_url;
                // The rules' pages are below it (rules/..., docs/...).
                if (!out.docs_url.empty() && out.docs_url.back() != '/') out.docs_url += '/';
                if (target->format == "overview" && !target->path.empty())
                    for (const auto& other : targets)
                        if (other.format == "html" && !other.path.empty()) out.html_report = link_from(target->path, other.path);
                if (target->path.empty()) {
                    // A run that stopped has said why on stderr already, in text.
                    if (failed_run && target->format == "text") continue;
                    out.color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR") && target->format == "text";
                } else {
                    sink.file = std::make_unique<output::ReportFile>(target->path);
                    if (const auto problem = sink.file->open()) {
                        std::cerr << fmt::format("{}: {}\n", target->path, problem->shown_in(common.lang));
                        report_code = kExitUsage;
                        continue;
                    }
                    sink.out = &sink.file->stream();
                }
                sink.reporter->begin(run, out, *sink.out);
                sinks.push_back(std::move(sink));
            }
        };
        const auto report_file = [&](const FileReport& file) {
            const output::FileSummary file_summary = output::summarize(file, run.fail_on);
            summary.add(file_summary);
            for (auto& sink : sinks) sink.reporter->file(file, file_summary, *sink.out);
        };
        const auto close_reports = [&] {
            for (auto& sink : sinks) {
                sink.reporter->end(summary, *sink.out);
                if (sink.format == "text" && summary.files > 1) *sink.out << output::totals_line(summary, common.lang);
                if (!sink.file) continue;
                if (const auto problem = sink.file->commit()) {
                    std::cerr << fmt::format("{}: {}\n", sink.file->path(), problem->shown_in(common.lang));
                    report_code = kExitUsage;
                }
            }
            std::cout.flush();
            sinks.clear();
            return report_code ? report_code : summary.exit_code;
        };
        // An error found after the options were parsed stops the run, but
        // every requested report still names it (a pipeline uploads them and
        // shows why), after stderr has.
        const auto stop = [&](std::vector<InputError> errors) {
            print_input_errors(errors, common.lang);
            run.run_errors = std::move(errors);
            open_reports(true);
            close_reports();
            return kExitUsage;
        };

        // Waiver expiry compares dates: an impossible --today would silently
        // expire (or keep) waivers.
        if (auto bad = today_error(options->today)) return stop({std::move(*bad)});

        EngineConfig config = common.config;
        if (!options->schema.empty()) config.schema_path = options->schema;
        if (!options->policy.empty()) config.policy = options->policy;
        config.run_rules = !options->no_rules;
        config.skip_rules = options->skip_rules;
        auto created = Engine::create(config);
        if (auto* errors = std::get_if<std::vector<InputError>>(&created)) return stop(std::move(*errors));
        const auto engine = std::move(std::get<std::unique_ptr<Engine>>(created));
        log_loaded(*engine, config);
        for (const auto& id : engine->unknown_skip_rules())
            std::cerr << fmt::format("warning: --skip-rule {}: no rule has this id, nothing skipped; `budgetcheck "
                                     "rules` lists the ids\n",
                                     id);
        for (const auto& id : options->skip_rules)
            if (std::find(engine->unknown_skip_rules().begin(), engine->unknown_skip_rules().end(), id) ==
                engine->unknown_skip_rules().end())
                run.skipped_rules.push_back(id);

        // An unfinished rule (new-rule's TODO texts) does not run: say so, so
        // nobody takes its silence for a pass.
        for (const auto& rule : engine->unfinished_rules())
            std::cerr << (common.lang == "en"
                              ? fmt::format("warning: rule {} ({}) is unfinished (placeholder texts) and does not run; "
                                            "`budgetcheck check-rules` shows what is left\n",
                                            rule.id, rule.file)
                              : fmt::format("varning: regeln {} ({}) är inte färdig (platshållartexter) och körs inte; "
                                            "`budgetcheck check-rules` visar vad som återstår\n",
                                            rule.id, rule.file));
        run.rules = &engine->rules();
        run.packs = &engine->policy_packs();
        for (const auto& pack : engine->policy_packs())
            if (!options->policy.empty() && (pack.id == options->policy || pack.path == options->policy)) run.policy = pack.id;

        // Waivers: loaded before any file is checked; a broken waiver file is a
        // configuration error, reported with every problem it has.
        std::optional<waivers::WaiverFile> waiver_file;
        waivers::Usage waiver_usage;
        const std::string today = options->today.empty() ? text::utc_date(std::time(nullptr)) : options->today;
        if (!options->waivers.empty()) {
            auto loaded = read_waivers(options->waivers, *engine);
            if (auto* problems = std::get_if<std::vector<InputError>>(&loaded)) return stop(std::move(*problems));
            waiver_file = std::get<waivers::WaiverFile>(std::move(loaded));
        }

        const auto inputs = batch::expand_inputs(options->files);
        // A report written over a submission would destroy it: refused, and
        // no report is written anywhere (one of them is the submission).
        std::map<std::string, std::string> report_files;  // identity → --output as given
        for (const auto& target : targets)
            if (!target.path.empty()) report_files.emplace(output::file_identity(target.path), target.path);
        if (!report_files.empty())
            for (const auto& input : inputs) {
                if (input.error) continue;
                const auto same = report_files.find(output::file_identity(input.path));
                if (same == report_files.end()) continue;
                std::cerr << "budgetcheck validate: "
                          << (common.lang == "en" ? fmt::format("--output {} is the input file {}", same->second, input.path)
                                                  : fmt::format("--output {} är indatafilen {}", same->second, input.path))
                          << '\n';
                return kExitUsage;
            }
        batch::Options batch_options;
        batch_options.jobs = options->jobs;
        batch_options.keep_documents = inputs.size() <= kSmallRun;
        for (const auto& target : targets) batch_options.keep_documents |= needs_documents(target.format);
        if (waiver_file)
            batch_options.finish = [&](FileReport& report) { waivers::apply(*waiver_file, report, today, waiver_usage); };
        Progress progress;
        // A report streaming to the terminal shows the progress itself (and
        // the progress line would cut into it).
        const bool report_on_terminal =
            ::isatty(STDOUT_FILENO) && std::any_of(targets.begin(), targets.end(), [](const Target& t) { return t.path.empty(); });
        if (inputs.size() > 50 && !options->no_progress && !common.quiet && ::isatty(STDERR_FILENO) && !report_on_terminal)
            batch_options.progress = std::ref(progress);
        spdlog::debug("checking {} files with {} jobs", inputs.size(), options->jobs);
        const auto started = std::chrono::steady_clock::now();
        Slowest slowest;
        std::set<std::string> packs_used;
        open_reports(false);
        // Each report goes to every open report as soon as it and all earlier
        // ones are done, then is dropped: memory follows the largest files.
        batch::validate_each(*engine, inputs, batch_options, [&](std::size_t, FileReport& file) {
            if (!file.policy_pack.empty()) packs_used.insert(file.policy_pack);
            report_file(file);
            if (options->timings) slowest.add(file);
        });
        const auto wall = std::chrono::steady_clock::now() - started;
        progress.clear();

        // Also in the reports (json, html) as data: set before they end.
        if (waiver_file) run.run_notes = waivers::unused(*waiver_file, waiver_usage, today);
        for (auto& note : unreviewed_packs(engine->policy_packs(), packs_used)) run.run_notes.push_back(std::move(note));
        for (const auto& message : run.run_notes) std::cerr << text::terminal_safe(message.in(common.lang)) << '\n';

        const int code = close_reports();
        if (options->timings)
            slowest.print(wall, static_cast<unsigned>(std::min<std::size_t>(options->jobs, std::max<std::size_t>(inputs.size(), 1))));
        return code;
    }};
}

}  // namespace budgetcheck::cli
