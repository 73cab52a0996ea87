// Shared by the tests that run hand-written rules on a tiny document through
// the rule host directly (no engine, no files on disk).
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "json/document.hpp"
#include "lua/rule_host.hpp"

namespace budgetcheck::testing {

// A rule file's text: `id`, a title in both languages, severity error, and
// `body` as the inside of its check(submission, policy, report).
inline std::string rule_text(const std::string& id, const std::string& body) {
    return "return {\n  id = \"" + id + "\",\n  title = { sv = \"Titel\", en = \"Title\" },\n  severity = \"error\",\n"
           "  check = function(submission, policy, report)\n" + body + "\n  end,\n}\n";
}

// Loads `sources` (which must load) and runs them on {"a": 1} as both the
// submission and the policy, without money values.
inline rules::RunResult run_rule_sources(const std::vector<rules::SourceText>& sources) {
    auto loaded = lua::RuleHost::load({}, sources);
    REQUIRE(std::holds_alternative<lua::RuleHost>(loaded));
    lua::RuleHost host = std::move(std::get<lua::RuleHost>(loaded));
    auto doc = json::parse(std::string(R"({"a": 1})"));
    REQUIRE(doc.document);
    rules::MoneyValues none;
    return host.run({doc.document.get(), &none}, {doc.document.get(), &none}, {});
}

}  // namespace budgetcheck::testing
