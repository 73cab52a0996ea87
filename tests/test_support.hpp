// Shared by the tests: one engine over the repository's own rules and schemas.
#pragma once

#include <cstdint>
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

// A rule host run's findings, each failed rule then as the
// `engine.rule-error` finding every report shows for it (rules::to_finding);
// tests check the failures' own fields where they matter.
inline std::vector<Finding> all(rules::RunResult result) {
    for (const auto& failure : result.failures) result.findings.push_back(rules::to_finding(failure));
    return std::move(result.findings);
}

}  // namespace budgetcheck::testing
