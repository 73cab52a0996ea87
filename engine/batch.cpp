#include "batch.hpp"

#include <glob.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
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

// Every *.json and *.xlsx (a workbook, docs/excel.md) entry below `dir`, sorted by path; hidden entries skipped,
// symbolic links to directories not followed (no loops, no walking out of
// the tree). An entry named *.json that is not a regular file (a FIFO, a
// directory, a link to nothing or a looping link) stays in the list: reading
// it gives its input error, so the run says what it skipped instead of
// passing. A directory that cannot be listed is an input error of its own;
// the rest of the tree is still checked.
void walk_directory(const fs::path& dir, std::vector<Input>& entries, bool top) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    std::vector<fs::path> subdirectories;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        if (hidden(path)) continue;
        std::error_code type_ec;
        const fs::file_status own = it->symlink_status(type_ec);
        if (path.extension() == ".json" || is_workbook_path(path.string())) {
            std::error_code target_ec;
            (void)fs::status(path, target_ec);
            if (fs::is_symlink(own) && target_ec == std::errc::no_such_file_or_directory)
                entries.push_back({path.string(), argument_error(path.string(), "io.not-found",
                                                                 {"en symbolisk länk till en fil som inte finns",
                                                                  "a symbolic link to a file that does not exist"})});
            else
                entries.push_back({path.string(), std::nullopt});  // read_file says why, if it is no file
        } else if (fs::is_directory(own)) {
            subdirectories.push_back(path);
        }
    }
    if (ec) {
        const std::string shown = dir.string();
        entries.push_back({shown, argument_error(shown, "io.unreadable",
                                                 {(top ? "mappens" : "undermappens") + std::string(" innehåll kan inte läsas: ") +
                                                      system_reason_sv(ec.value()),
                                                  fmt::format("cannot list the {}directory: {}", top ? "" : "sub", ec.message())})});
    }
    for (const auto& sub : subdirectories) walk_directory(sub, entries, false);
}

void expand_directory(const std::string& dir, std::vector<Input>& out) {
    std::vector<Input> entries;
    walk_directory(dir, entries, true);
    if (entries.empty()) {
        out.push_back({dir, argument_error(dir, "io.directory",
                                           {"det här är en mapp utan *.json- eller *.xlsx-filer",
                                            "this is a directory with no *.json or *.xlsx files in it"})});
        return;
    }
    std::sort(entries.begin(), entries.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
    for (auto& entry : entries) out.push_back(std::move(entry));
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

void validate_each(const Engine& engine, const std::vector<Input>& inputs, const Options& options,
                   const std::function<void(std::size_t index, FileReport& report)>& deliver) {
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
            FileReport report = check_one(engine, inputs[i], options, finish_mutex);
            finished();
            deliver(i, report);
        }
        return;
    }

    // Reports finished out of order wait in a window of 2 x jobs slots
    // (slot i % window) until every earlier one is delivered; a worker
    // claims index i only when i < next + window. Whoever finds the next
    // report ready delivers it and every ready one after it, outside the
    // lock, while the others keep checking; the order never depends on
    // scheduling.
    const std::size_t window = 2 * static_cast<std::size_t>(jobs);
    std::vector<std::optional<FileReport>> slots(window);
    std::mutex mutex;
    std::condition_variable room;
    std::size_t claimed = 0, next = 0;
    bool delivering = false;
    auto work = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex);
                room.wait(lock, [&] { return claimed >= inputs.size() || claimed < next + window; });
                if (claimed >= inputs.size()) return;
                i = claimed++;
            }
            FileReport report = check_one(engine, inputs[i], options, finish_mutex);
            finished();
            std::unique_lock lock(mutex);
            slots[i % window] = std::move(report);
            if (delivering) continue;
            delivering = true;
            while (next < inputs.size() && slots[next % window]) {
                FileReport ready = std::move(*slots[next % window]);
                slots[next % window].reset();
                const std::size_t index = next;
                lock.unlock();
                deliver(index, ready);
                lock.lock();
                ++next;
                room.notify_all();
            }
            delivering = false;
        }
    };
    std::vector<std::jthread> workers;
    workers.reserve(jobs);
    for (unsigned k = 0; k < jobs; ++k) workers.emplace_back(work);
    workers.clear();  // joins
}

std::vector<FileReport> validate_all(const Engine& engine, const std::vector<Input>& inputs, const Options& options) {
    std::vector<FileReport> results(inputs.size());
    validate_each(engine, inputs, options, [&](std::size_t i, FileReport& report) { results[i] = std::move(report); });
    return results;
}

}  // namespace budgetcheck::batch
