#include "batch.hpp"

#include <glob.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace budgetcheck::batch {

namespace fs = std::filesystem;

namespace {

InputError argument_error(const std::string& argument, std::string code, Message message) {
    return InputError{argument, 0, 0, std::move(code), std::move(message), {}};
}

bool hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// Every regular *.json file below `dir`, sorted; hidden entries skipped.
void expand_directory(const std::string& dir, std::vector<Input>& out) {
    std::vector<std::string> found;
    std::error_code ec;
    auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        if (hidden(path)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            ec.clear();
            continue;
        }
        std::error_code type_ec;
        if (path.extension() == ".json" && it->is_regular_file(type_ec)) found.push_back(path.string());
    }
    if (ec) {
        out.push_back({dir, argument_error(dir, "io.unreadable",
                                           {"mappens innehåll kan inte läsas: " + system_reason_sv(ec.value()),
                                            fmt::format("cannot list the directory: {}", ec.message())})});
        return;
    }
    if (found.empty()) {
        out.push_back({dir, argument_error(dir, "io.directory",
                                           {"det här är en mapp utan *.json-filer",
                                            "this is a directory with no *.json files in it"})});
        return;
    }
    std::sort(found.begin(), found.end());
    for (auto& path : found) out.push_back({std::move(path), std::nullopt});
}

bool is_pattern(const std::string& argument) {
    return argument.find_first_of("*?[") != std::string::npos;
}

void expand_glob(const std::string& pattern, std::vector<Input>& out) {
    glob_t matches{};
    const int rc = ::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &matches);
    std::vector<std::string> paths;
    if (rc == 0)
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
    ::globfree(&matches);
    if (rc == GLOB_NOMATCH || (rc == 0 && paths.empty())) {
        out.push_back({pattern, argument_error(pattern, "io.no-match",
                                               {"ingen fil matchar mönstret", "no file matches this pattern"})});
        return;
    }
    if (rc != 0) {
        out.push_back({pattern, argument_error(pattern, "io.unreadable",
                                               {"mönstret kunde inte expanderas", "the pattern could not be expanded"})});
        return;
    }
    std::sort(paths.begin(), paths.end());  // bytewise, whatever the locale
    for (auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) expand_directory(path, out);
        else out.push_back({std::move(path), std::nullopt});
    }
}

FileReport check_one(const Engine& engine, const Input& input, const Options& options, std::mutex& lock) {
    FileReport report;
    if (input.error) {
        report.file = input.path;
        report.errors.push_back(*input.error);
    } else {
        try {
            report = engine.validate_file(input.path);
        } catch (const std::exception& e) {
            report = FileReport{};
            report.file = input.path;
            report.errors.push_back(argument_error(input.path, "engine.internal",
                                                   {fmt::format("filen kunde inte kontrolleras: {}", e.what()),
                                                    fmt::format("the file could not be checked: {}", e.what())}));
        }
    }
    if (options.finish) {
        std::lock_guard guard(lock);
        options.finish(report);
    }
    if (!options.keep_documents) report.release_document();
    return report;
}

}  // namespace

std::vector<Input> expand_inputs(const std::vector<std::string>& arguments) {
    std::vector<Input> out;
    for (const auto& argument : arguments) {
        std::error_code ec;
        const auto status = fs::status(argument, ec);
        if (fs::is_directory(status)) expand_directory(argument, out);
        else if (!fs::exists(status) && is_pattern(argument)) expand_glob(argument, out);
        else out.push_back({argument, std::nullopt});
    }
    return out;
}

unsigned default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

std::vector<FileReport> validate_all(const Engine& engine, const std::vector<Input>& inputs, const Options& options) {
    std::vector<FileReport> results(inputs.size());
    const unsigned jobs = static_cast<unsigned>(
        std::min<std::size_t>(options.jobs == 0 ? default_jobs() : options.jobs, std::max<std::size_t>(inputs.size(), 1)));

    std::mutex finish_mutex, progress_mutex;
    std::size_t done = 0;
    auto finished = [&] {
        if (!options.progress) return;
        std::lock_guard lock(progress_mutex);
        options.progress(++done, inputs.size());
    };

    if (jobs <= 1) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            results[i] = check_one(engine, inputs[i], options, finish_mutex);
            finished();
        }
        return results;
    }

    // Each worker takes the next unclaimed index; results land in their own
    // slot, so the order never depends on scheduling.
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < inputs.size(); i = next.fetch_add(1)) {
            results[i] = check_one(engine, inputs[i], options, finish_mutex);
            finished();
        }
    };
    std::vector<std::jthread> workers;
    workers.reserve(jobs);
    for (unsigned k = 0; k < jobs; ++k) workers.emplace_back(work);
    workers.clear();  // joins
    return results;
}

}  // namespace budgetcheck::batch
