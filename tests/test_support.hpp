// Shared by the tests: one engine over the repository's own rules and schemas.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>

#include <doctest/doctest.h>

#include "engine.hpp"
#include "rules/failure.hpp"

namespace budgetcheck::testing {

inline const Engine& repository_engine() {
    static const std::unique_ptr<Engine> engine = [] {
        EngineConfig config;
        config.data_dir = BUDGETCHECK_SOURCE_DIR;
        auto created = Engine::create(config);
        if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
            for (const auto& e : *errors) MESSAGE(e.file << ":" << e.line << ": " << e.message);
            FAIL("the repository's schemas, policy packs or rules do not load");
        }
        return std::move(std::get<std::unique_ptr<Engine>>(created));
    }();
    return *engine;
}

// A whole file the tests read (samples, schemas, the shared suites), through
// the engine's own reader; a file that cannot be read fails the test rather
// than reading as "".
inline std::string read_text(const std::string& path) {
    FileRead read = read_file(path, std::uint64_t{1} << 30);
    if (read.error) throw std::runtime_error(path + ": " + read.error->message.en);
    return std::move(read.text);
}

// A fresh directory for one test binary (its name holds `tag` and the pid),
// removed with everything in it at the end of the scope.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        path = std::filesystem::temp_directory_path() / ("budgetcheck-" + tag + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return (path / name).string(); }
    // Writes `text` to `relative` (folders made as needed); returns its path.
    std::string write(const std::string& relative, const std::string& text) const {
        const std::filesystem::path file = path / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file.string();
    }
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path), {}));
    }
};

// A rule host run's findings, each failed rule then as the
// `engine.rule-error` finding every report shows for it (rules::to_finding);
// tests check the failures' own fields where they matter.
inline std::vector<Finding> all(rules::RunResult result) {
    for (const auto& failure : result.failures) result.findings.push_back(rules::to_finding(failure));
    return std::move(result.findings);
}

}  // namespace budgetcheck::testing
