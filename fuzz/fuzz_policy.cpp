// libFuzzer target: the policy-data loader and its use by the rules. Each
// input is a policy.json: parsed, checked against schemas/policy.schema.json,
// its money converted exactly as Engine::create does, then the 21 rules of
// rules/ run on samples/vss-2024.json with it as their policy. Whatever KF's
// data says, a rule either reports or fails as one `engine.rule-error`;
// nothing crashes and no Lua error escapes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "engine.hpp"
#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "money.hpp"
#include "schema/validator.hpp"

using namespace budgetcheck;
namespace fs = std::filesystem;

namespace {
// The engine's reader; a seed or data file that cannot be read stops the run.
std::string slurp(const fs::path& path) {
    FileRead read = read_file(path.string(), std::uint64_t{1} << 30);
    if (read.error) {
        std::fprintf(stderr, "%s: %s\n", path.string().c_str(), read.error->message.en.c_str());
        std::abort();
    }
    return std::move(read.text);
}

std::shared_ptr<const json::Document> parse_or_die(const std::string& text) {
    auto r = json::parse(text);
    if (r.error) std::abort();
    return std::shared_ptr<const json::Document>(std::move(r.document));
}

schema::CompiledSchema compile_or_die(const fs::path& path) {
    auto c = schema::CompiledSchema::compile(parse_or_die(slurp(path)), "file://" + path.string());
    if (!std::holds_alternative<schema::CompiledSchema>(c)) std::abort();
    return std::get<schema::CompiledSchema>(std::move(c));
}

std::string text_of(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

// As Engine does: exact kronor of every x-money value; false if one is not exact.
bool convert(const json::Document& doc, const std::vector<std::uint32_t>& ids, rules::MoneyValues& out) {
    const Unit unit = parse_unit(text_of(doc.root()["unit"])).value_or(Unit::Kr);
    for (std::uint32_t id : ids) {
        const json::Value v = doc.value(id);
        if (!v.is_number()) continue;
        const auto k = to_kronor(v.number_text(), unit);
        if (!k.kronor) return false;
        out.emplace_back(id, *k.kronor);
    }
    return true;
}

struct Fixture {
    schema::CompiledSchema policy_schema = compile_or_die(fs::path(BUDGETCHECK_SOURCE_DIR) / "schemas/policy.schema.json");
    std::shared_ptr<const json::Document> submission;
    rules::MoneyValues submission_money;
    std::unique_ptr<lua::RuleHost> host;

    Fixture() {
        const fs::path root(BUDGETCHECK_SOURCE_DIR);
        const auto submission_schema = compile_or_die(root / "schemas/submission.schema.json");
        submission = parse_or_die(slurp(root / "samples/vss-2024.json"));
        const auto checked = submission_schema.validate(submission->root());
        if (!checked.valid() || !convert(*submission, checked.money_values, submission_money)) std::abort();
        std::vector<rules::SourceText> libraries, rules;
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(root / "rules"))
            if (entry.is_regular_file() && entry.path().extension() == ".lua") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            const std::string rel = fs::relative(file, root).generic_string();
            (rel.rfind("rules/lib/", 0) == 0 ? libraries : rules).push_back({rel, slurp(file)});
        }
        auto loaded = lua::RuleHost::load(libraries, rules);
        if (!std::holds_alternative<lua::RuleHost>(loaded)) std::abort();
        host = std::make_unique<lua::RuleHost>(std::get<lua::RuleHost>(std::move(loaded)));
    }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    json::ParseLimits limits;
    limits.max_bytes = 1u << 20;
    auto parsed = json::parse(std::string(reinterpret_cast<const char*>(data), size), limits);
    if (parsed.error) return 0;
    const json::Document& policy = *parsed.document;
    const auto checked = fixture.policy_schema.validate(policy.root());
    if (!checked.valid()) return 0;
    rules::MoneyValues money;
    if (!convert(policy, checked.money_values, money)) return 0;
    const auto result = fixture.host->run({fixture.submission.get(), &fixture.submission_money}, {&policy, &money});
    for (const auto& f : result.findings)
        if (f.rule_id.empty() || f.message.sv.empty() || f.message.en.empty()) std::abort();
    // A rule that fails on odd policy data is a value with its rule, file and reason.
    for (const auto& failure : result.failures)
        if (failure.rule.empty() || failure.file.empty() || failure.reason.en.empty()) std::abort();
    return 0;
}
