// budgetcheck_bench: how fast is validation, and where does the time go.
// A benchmark, not a test: it prints figures and never fails on them.
// docs/performance.md lists the targets, the figures and these commands.
//
//   budgetcheck_bench                         every kind in-process, per phase
//   budgetcheck_bench --kind typical --profile   ... and the slowest rules
//   budgetcheck_bench --batch 10000 --jobs 2  generate and validate a batch
//   budgetcheck_bench --dir DIR --jobs 2      validate an existing directory
//   budgetcheck_bench --hostile 40000         N schema findings on one line:
//                                             validation and every format
//   budgetcheck_bench --kind huge --floor     the ratio with no rule, and with
//                                             rules that only visit every value
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "batch.hpp"
#include "engine.hpp"
#include "generator.hpp"
#include "output/reporter.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    std::string data_dir = BUDGETCHECK_DATA_DIR;
    std::vector<bench::Kind> kinds;
    int iterations = 0;  // 0: chosen per kind
    std::size_t batch = 0;
    std::string dir;
    unsigned jobs = batch::default_jobs();
    bool profile = false;
    bool keep = false;
    bool floor = false;
    std::size_t hostile = 0;
};

double ms(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

double thread_cpu_ms() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

long peak_rss_kb() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::unique_ptr<Engine> make_engine(const std::string& data_dir, std::vector<std::string> skip = {},
                                    std::size_t schema_cap = EngineConfig{}.schema_findings_per_keyword) {
    EngineConfig config;
    config.data_dir = data_dir;
    config.skip_rules = std::move(skip);
    config.schema_findings_per_keyword = schema_cap;
    auto created = Engine::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
        for (const auto& e : *errors) std::cerr << e.file << ":" << e.line << ": " << e.message.en << "\n";
        std::exit(2);
    }
    return std::move(std::get<std::unique_ptr<Engine>>(created));
}

// Median CPU time of validate_text on `text`, after `warmup` runs.
double time_validation(const Engine& engine, const std::string& text, int iterations, int warmup) {
    for (int i = 0; i < warmup; ++i) (void)engine.validate_text(text, "x.json");
    std::vector<double> cpu;  // this thread's CPU time: steadier than wall time on a busy machine
    for (int i = 0; i < iterations; ++i) {
        const double start = thread_cpu_ms();
        (void)engine.validate_text(text, "x.json");
        cpu.push_back(thread_cpu_ms() - start);
    }
    return median(cpu);
}

void in_process(const Args& args, const Engine& engine, bench::Kind kind) {
    const std::string text = bench::generate(kind, 1, args.data_dir + "/samples");
    const bool big = kind == bench::Kind::Large || kind == bench::Kind::Huge;
    const int iterations = args.iterations ? args.iterations : big ? 5 : 2000;
    const int warmup = big ? 1 : 200;

    for (int i = 0; i < warmup; ++i) (void)engine.validate_text(text, "x.json");

    // Whole validation (parse, schema, money, rules) and output, per phase,
    // and parsing alone, interleaved so that both see the same machine load.
    // The ratio of their CPU times is the figure docs/performance.md targets:
    // it does not depend on the machine's speed.
    std::vector<double> total, parse, schema, rules, output, cpu, parse_only;
    std::size_t findings = 0;
    output::OutputOptions options;
    for (int i = 0; i < iterations; ++i) {
        const double cpu_start = thread_cpu_ms();
        const auto start = Clock::now();
        output::RunReport run;
        run.rules = &engine.rules();
        run.files.push_back(engine.validate_text(text, "x.json"));
        const auto validated = Clock::now();
        std::ostringstream out;
        output::make_reporter("text")->write(run, options, out);
        const auto end = Clock::now();
        cpu.push_back(thread_cpu_ms() - cpu_start);
        const auto& t = run.files.front().times;
        total.push_back(ms(end - start));
        parse.push_back(ms(t.parse));
        schema.push_back(ms(t.schema));
        rules.push_back(ms(t.rules));
        output.push_back(ms(end - validated));
        findings = run.files.front().findings.size();

        std::string copy = text;
        const double parse_start = thread_cpu_ms();
        auto parsed = json::parse(std::move(copy));
        parse_only.push_back(thread_cpu_ms() - parse_start);
    }

    const double whole = median(total);
    const double ratio = median(parse_only) > 0 ? median(cpu) / median(parse_only) : 0.0;
    fmt::print("{:<8} {:>9} B  {:>8.3f} ms/doc  {:>9.0f} docs/s  cpu {:>8.3f} ms | parse {:.3f}  schema {:.3f}  "
               "rules {:.3f}  output {:.3f} | parse alone cpu {:.3f} ms, whole/parse {:.1f}x ({} the 4x target) | "
               "{} findings, {} runs\n",
               bench::kind_name(kind), text.size(), whole, whole > 0 ? 1000.0 / whole : 0.0, median(cpu),
               median(parse), median(schema), median(rules), median(output), median(parse_only), ratio,
               ratio <= 4.0 ? "meets" : "misses", findings, iterations);
}

// Each rule alone (every other rule skipped), minus the run with no rule:
// the time a rule adds. Needs no hook in the Lua host.
void profile_rules(const Args& args, bench::Kind kind) {
    const std::string text = bench::generate(kind, 1, args.data_dir + "/samples");
    const bool big = kind == bench::Kind::Large || kind == bench::Kind::Huge;
    const int iterations = args.iterations ? args.iterations : big ? 3 : 300;
    const int warmup = big ? 1 : 30;
    const auto all = make_engine(args.data_dir);
    std::vector<std::string> ids;
    for (const auto& rule : all->rules()) ids.push_back(rule.id);

    const auto none = make_engine(args.data_dir, ids);
    const double base = time_validation(*none, text, iterations, warmup);
    const double whole = time_validation(*all, text, iterations, warmup);
    std::vector<std::pair<double, std::string>> times;
    for (const auto& id : ids) {
        std::vector<std::string> others;
        for (const auto& other : ids)
            if (other != id) others.push_back(other);
        const auto one = make_engine(args.data_dir, others);
        times.emplace_back(time_validation(*one, text, iterations, warmup) - base, id);
    }
    std::sort(times.rbegin(), times.rend());
    double sum = 0;
    for (const auto& [t, id] : times) sum += t;
    fmt::print("\nrules on the {} submission (CPU time): whole validation {:.3f} ms, without any rule {:.3f} ms "
               "(rules alone add {:.3f} ms; each rule measured alone, sum {:.3f} ms)\n",
               bench::kind_name(kind), whole, base, whole - base, sum);
    for (const auto& [t, id] : times) fmt::print("  {:>9.3f} ms  {:>5.1f} %  {}\n", t, sum > 0 ? 100 * t / sum : 0.0, id);
}

// The floor under the 4x target (docs/performance.md): whole/parse with no
// rule, with one rule that visits every value of the submission once and
// does nothing else (bench/floor/visit-every-value.lua: the parts it reads
// become Lua values, then a walk), and with two such rules (the second finds
// the document converted: the walk alone). The shipped library and policy
// packs are used through a scratch data dir of links.
void floor_rules(const Args& args) {
    const fs::path dir = fs::temp_directory_path() / fmt::format("budgetcheck-floor-{}", ::getpid());
    const fs::path data(args.data_dir);
    fs::create_directories(dir / "rules" / "floor");
    fs::create_directory_symlink(fs::absolute(data / "schemas"), dir / "schemas");
    fs::create_directory_symlink(fs::absolute(data / "samples"), dir / "samples");
    fs::create_directory_symlink(fs::absolute(data / "rules" / "lib"), dir / "rules" / "lib");
    fs::create_directory_symlink(fs::absolute(data / "rules" / "policies"), dir / "rules" / "policies");
    const fs::path rule = data / "bench" / "floor" / "visit-every-value.lua";
    fs::copy_file(rule, dir / "rules" / "floor" / "visit-every-value.lua");
    const auto once = make_engine(dir.string());
    std::vector<std::string> ids;
    for (const auto& r : once->rules()) ids.push_back(r.id);
    const auto none = make_engine(dir.string(), ids);
    std::ifstream in(rule, std::ios::binary);
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string id = "floor.visit-every-value";
    source.replace(source.find('"' + id + '"'), id.size() + 2, "\"floor.visit-again\"");
    std::ofstream(dir / "rules" / "floor" / "visit-again.lua", std::ios::binary) << source;
    const auto twice = make_engine(dir.string());
    fs::remove_all(dir);
    for (const auto& [name, engine] : {std::pair{"no rule", none.get()}, std::pair{"one visiting rule", once.get()},
                                       std::pair{"two visiting rules", twice.get()}}) {
        fmt::print("{}:\n", name);
        for (const auto kind : args.kinds) in_process(args, *engine, kind);
    }
}

void run_batch(const Args& args, const Engine& engine, const std::string& dir, std::size_t generated) {
    const auto inputs = batch::expand_inputs({dir});
    batch::Options options;
    options.jobs = args.jobs;
    const auto start = Clock::now();
    output::RunReport run;
    run.rules = &engine.rules();
    run.files = batch::validate_all(engine, inputs, options);
    const auto validated = Clock::now();
    std::ofstream devnull("/dev/null");
    output::make_reporter("text")->write(run, output::OutputOptions{}, devnull);
    const auto end = Clock::now();
    std::size_t findings = 0, failed = 0;
    for (const auto& f : run.files) {
        findings += f.findings.size();
        failed += output::file_fails(f, output::FailOn::Error) ? 1 : 0;
    }
    const double seconds = std::chrono::duration<double>(end - start).count();
    fmt::print("batch: {} files{} with {} jobs: {:.2f} s ({:.2f} s validating, {:.2f} s text report), "
               "{:.0f} docs/s; {} failed, {} findings; peak RSS {} MB\n",
               run.files.size(), generated ? " (generated)" : "", args.jobs, seconds,
               std::chrono::duration<double>(validated - start).count(),
               std::chrono::duration<double>(end - validated).count(), run.files.size() / seconds, failed, findings,
               peak_rss_kb() / 1024);
}

// A hostile submission: the VSS sample on one line (minified, as a generated
// file may be) whose notes are `count` objects {"text": 1}, each a schema
// finding (text must be a string): `count` findings on one long line.
std::string hostile_submission(std::size_t count, const std::string& samples_dir) {
    using namespace bench::detail;
    Editable doc = load(samples_dir + "/vss-2024.json");
    Editable::Array notes(count);
    for (auto& note : notes) note.data = Editable::Object{{"text", Editable{Editable::Number{"1"}}}};
    if (Editable* at = member(doc, "notes")) at->data = std::move(notes);
    // Strings never span lines, so dropping each line's indent and the line
    // breaks leaves the same JSON on one line.
    std::istringstream pretty(json::to_json_text(doc));
    std::string one_line, line;
    while (std::getline(pretty, line)) one_line += line.substr(std::min(line.find_first_not_of(' '), line.size()));
    return one_line;
}

// Seconds of this thread's CPU time and the bytes written by one format.
std::pair<double, std::size_t> time_format(std::string_view format, const output::RunReport& run) {
    std::ostringstream out;
    const double start = thread_cpu_ms();
    output::make_reporter(format)->write(run, output::OutputOptions{}, out);
    return {(thread_cpu_ms() - start) / 1e3, out.str().size()};
}

void print_formats(const output::RunReport& run) {
    for (const auto& format : output::reporter_names()) {
        const auto [seconds, bytes] = time_format(format, run);
        fmt::print("  {:<7} {:>8.3f} s CPU  {:>12} bytes\n", format, seconds, bytes);
    }
}

// Many findings on one long line, two ways: through the engine (what a
// hostile file costs end to end, the schema cap included), and the same
// number of findings handed to every format directly (the formats' own cost,
// whatever the engine keeps).
void run_hostile(const Args& args, const Engine& engine) {
    const std::string text = hostile_submission(args.hostile, args.data_dir + "/samples");
    const double start = thread_cpu_ms();
    output::RunReport run;
    run.rules = &engine.rules();
    run.files.push_back(engine.validate_text(text, "hostile.json"));
    fmt::print("hostile: {} notes on one line of {} bytes; validated in {:.3f} s CPU, {} findings kept\n",
               args.hostile, text.size(), (thread_cpu_ms() - start) / 1e3, run.files[0].findings.size());
    print_formats(run);
    {
        // What the same file cost without the cap (every schema finding kept).
        const auto uncapped = make_engine(args.data_dir, {}, schema::kAllViolations);
        const double before = thread_cpu_ms();
        output::RunReport all;
        all.files.push_back(uncapped->validate_text(text, "hostile.json"));
        const double seconds = (thread_cpu_ms() - before) / 1e3;
        const auto [text_seconds, text_bytes] = time_format("text", all);
        fmt::print("without the cap: validated in {:.3f} s CPU, {} findings; text report {:.3f} s CPU, {} bytes\n",
                   seconds, all.files[0].findings.size(), text_seconds, text_bytes);
    }

    // Every note's value as a finding of its own, one line, increasing
    // columns: once at the value, once about a member it lacks (formats
    // that mark the value find it by the column then).
    FileReport& file = run.files[0];
    const json::Value notes = file.document->root()["notes"];
    for (const std::string_view absent : {"", "/absent"}) {
        file.findings.clear();
        for (std::size_t i = 0; i < notes.size(); ++i) {
            const json::Value value = notes.at(i)["text"];
            const json::Position pos = value.position();
            file.findings.push_back(Finding{"bench.one-line", Severity::Error,
                                            Location{value.pointer() + std::string(absent), pos.line, pos.column},
                                            Message{"Texten ska vara en text", "The text must be a string"},
                                            std::nullopt, std::string("string"), std::string("number"), std::nullopt, std::nullopt});
        }
        fmt::print("the formats alone, {} findings on that line{}:\n", file.findings.size(),
                   absent.empty() ? "" : ", each about an absent member");
        print_formats(run);
    }
    fmt::print("peak RSS {} MB\n", peak_rss_kb() / 1024);
}

int usage() {
    std::cerr << "usage: budgetcheck_bench [--kind small|typical|large|huge]... [--iterations N] [--profile]\n"
                 "                         [--batch N | --dir DIR | --hostile N | --floor] [--jobs N] [--keep] [--data-dir DIR]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) std::exit(usage());
            return argv[++i];
        };
        if (arg == "--kind") {
            const auto kind = bench::parse_kind(value());
            if (!kind) return usage();
            args.kinds.push_back(*kind);
        } else if (arg == "--iterations") args.iterations = std::atoi(value().c_str());
        else if (arg == "--batch") args.batch = std::strtoull(value().c_str(), nullptr, 10);
        else if (arg == "--dir") args.dir = value();
        else if (arg == "--jobs") args.jobs = static_cast<unsigned>(std::max(1, std::atoi(value().c_str())));
        else if (arg == "--profile") args.profile = true;
        else if (arg == "--keep") args.keep = true;
        else if (arg == "--floor") args.floor = true;
        else if (arg == "--hostile") args.hostile = std::strtoull(value().c_str(), nullptr, 10);
        else if (arg == "--data-dir") args.data_dir = value();
        else return usage();
    }

    try {
        const auto engine = make_engine(args.data_dir);
        if (args.hostile) {
            run_hostile(args, *engine);
            return 0;
        }
        if (!args.dir.empty()) {
            run_batch(args, *engine, args.dir, 0);
            return 0;
        }
        if (args.batch) {
            const fs::path dir = fs::temp_directory_path() / fmt::format("budgetcheck-bench-{}", ::getpid());
            fs::create_directories(dir);
            const auto start = Clock::now();
            for (std::size_t i = 0; i < args.batch; ++i)
                std::ofstream(dir / fmt::format("typical-{:05}.json", i), std::ios::binary)
                    << bench::generate(bench::Kind::Typical, i + 1, args.data_dir + "/samples");
            fmt::print("generated {} typical submissions in {} ({:.1f} s)\n", args.batch, dir.string(),
                       std::chrono::duration<double>(Clock::now() - start).count());
            run_batch(args, *engine, dir.string(), args.batch);
            if (!args.keep) fs::remove_all(dir);
            return 0;
        }
        if (args.kinds.empty())
            args.kinds = {bench::Kind::Small, bench::Kind::Typical, bench::Kind::Large, bench::Kind::Huge};
        fmt::print("in-process, medians after warm-up (wall ms; cpu = this thread's CPU time)\n");
        if (args.floor) {
            floor_rules(args);
            return 0;
        }
        for (const auto kind : args.kinds) in_process(args, *engine, kind);
        if (args.profile)
            for (const auto kind : args.kinds) profile_rules(args, kind);
        fmt::print("peak RSS {} MB\n", peak_rss_kb() / 1024);
    } catch (const std::exception& e) {
        std::cerr << "budgetcheck_bench: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
