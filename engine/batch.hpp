// Many submissions in one run: the command line's files, directories and
// globs become one ordered list of paths, and the files are validated by a
// fixed number of worker threads sharing one const Engine. The results come
// back in the order of the list whatever the number of threads, so every
// report built from them is byte-identical for any --jobs.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::batch {

// One entry of the expanded input list: a path to validate, or an argument
// that named nothing usable (a glob without matches, a directory without
// *.json files), reported as an input error for that argument.
struct Input {
    std::string path;
    std::optional<InputError> error;
};

// Expands command-line arguments, keeping their order:
// - an existing directory: every regular *.json and *.xlsx file below it, recursively
//   (hidden entries skipped, symbolic links to directories not followed),
//   sorted by path;
// - an argument that is not an existing path but contains *, ? or [: its
//   glob(3) matches, sorted (directories among them expanded as above);
// - anything else: kept as given (a missing file is reported when read).
std::vector<Input> expand_inputs(const std::vector<std::string>& arguments);

struct Options {
    // Worker threads; 0 = the number of cores. 1 validates in the calling
    // thread without starting any.
    unsigned jobs = 0;
    // Keep every FileReport's document (memory grows with the number of
    // files). By default each report keeps only the source lines its
    // findings point at (FileReport::release_document).
    bool keep_documents = false;
    // Called in the worker for each report before its document is released
    // (e.g. to apply waivers, which read the document); serialised under one
    // lock, in completion order. May be empty.
    std::function<void(FileReport&)> finish;
    // Called after each file, serialised (never concurrently), with the
    // number of files done and the total. May be empty.
    std::function<void(std::size_t done, std::size_t total)> progress;
};

unsigned default_jobs();  // the number of cores, at least 1

// Validates every input and hands each report to `deliver` in input order
// (deliver(i, report) for inputs[i]), as soon as it and every earlier one are
// done; the report is dropped after the call. Calls are serialised, never
// concurrent. At most 2 x jobs reports wait at a time (a worker does not
// start a file more than that far ahead of the next one to deliver), so
// memory follows the largest files, not their number.
void validate_each(const Engine& engine, const std::vector<Input>& inputs, const Options& options,
                   const std::function<void(std::size_t index, FileReport& report)>& deliver);

// Validates every input; results[i] belongs to inputs[i] (validate_each,
// keeping every report). A file that cannot
// be read, parsed or checked (even one that makes the engine throw) becomes
// a report with an InputError and never stops the others.
std::vector<FileReport> validate_all(const Engine& engine, const std::vector<Input>& inputs,
                                     const Options& options = {});

}  // namespace budgetcheck::batch
