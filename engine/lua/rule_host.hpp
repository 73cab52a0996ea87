// The Lua rule host: compiles KF policy rules (Lua 5.4, written by central
// finance) once, and runs them in a sandbox against one submission at a time.
//
// engine/lua/ is the only part of budgetcheck that includes Lua headers
// (this header does not). Nothing here throws; every problem comes back as a
// value (InputError at load time, an `engine.rule-error` Finding at run
// time). The metadata, limits and failures are Lua-free values in
// engine/rules/. docs/rule-api.md is the rule author's side of this interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "rules/coverage.hpp"
#include "rules/failure.hpp"
#include "rules/inputs.hpp"
#include "rules/limits.hpp"
#include "rules/rule_info.hpp"

namespace budgetcheck::lua {

struct HostState;

class RuleHost {
public:
    // Compiles every library (in order) and every rule once. All problems are
    // collected, not only the first: InputError with file, line, a stable
    // code ("rule.syntax", "rule.missing-field", ...), a message a rule
    // author can act on (Swedish and English; Lua's own error text inside it
    // as Lua wrote it), and the offending line as snippet.
    static std::variant<RuleHost, std::vector<InputError>> load(std::vector<rules::SourceText> libraries,
                                                                std::vector<rules::SourceText> rules,
                                                                rules::RuleLimits limits = {});

    RuleHost(RuleHost&&) noexcept;
    RuleHost& operator=(RuleHost&&) noexcept;
    RuleHost(const RuleHost&) = delete;
    RuleHost& operator=(const RuleHost&) = delete;
    ~RuleHost();

    // In the order the rule files were given.
    const std::vector<rules::RuleInfo>& rules() const;
    const rules::RuleLimits& limits() const;

    // Converts the submission and the policy once, runs every applicable rule
    // and returns the findings in rule order, then report order (not sorted).
    // Findings reported by a rule carry the pointer as given plus the line
    // and column of the value it resolves to (or of its nearest existing
    // ancestor). A failing rule yields exactly one `engine.rule-error`
    // finding (pointer "", line 0) instead of its findings.
    // Not thread-safe: one RuleHost per thread.
    std::vector<Finding> run(rules::DocumentInput submission, rules::DocumentInput policy,
                             const rules::RunOptions& options = {});

    // Bytes currently held by the Lua state (for tests and diagnostics).
    std::size_t memory_in_use() const;

private:
    explicit RuleHost(std::unique_ptr<HostState> state);
    std::unique_ptr<HostState> state_;  // state.hpp
};

}  // namespace budgetcheck::lua
