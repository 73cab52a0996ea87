// libFuzzer target: a rule file. Each input is the text of one rule file,
// loaded alone under small limits (a short instruction budget and CPU time,
// 8 MiB of memory) and, when it loads, run twice on samples/vss-2024.json
// with a policy pack. Whatever the file says, it loads or is refused with
// load errors, then reports or fails as one RuleFailure; nothing crashes,
// no sanitizer report, no Lua error escapes (issue 12).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>

#include "engine.hpp"
#include "json/document.hpp"
#include "lua/rule_host.hpp"

using namespace budgetcheck;

namespace {

std::shared_ptr<const json::Document> load_json(const std::string& path) {
    FileRead read = read_file(path, std::uint64_t{1} << 26);
    if (read.error) std::abort();
    auto r = json::parse(std::move(read.text));
    if (r.error) std::abort();
    return std::shared_ptr<const json::Document>(std::move(r.document));
}

struct Inputs {
    std::shared_ptr<const json::Document> submission =
        load_json(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    std::shared_ptr<const json::Document> policy =
        load_json(std::string(BUDGETCHECK_SOURCE_DIR) + "/rules/policies/linkoping-2024/policy.json");
    rules::MoneyValues money;  // none: the rules read the numbers as written
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Inputs inputs;
    if (size > (1u << 16)) return 0;
    rules::RuleLimits limits;
    limits.instructions = 200'000;
    limits.instructions_per_value = 0;
    limits.cpu_ms = 500;
    limits.memory_bytes = 8u << 20;
    limits.allocation_bytes = 64u << 20;
    limits.load_memory_per_file = 4u << 20;
    limits.load_memory_total = 8u << 20;
    limits.pattern_steps = 1'000'000;
    auto loaded = lua::RuleHost::load(
        {}, {{"rules/fuzz/x.lua", std::string(reinterpret_cast<const char*>(data), size)}}, limits);
    auto* host = std::get_if<lua::RuleHost>(&loaded);
    if (!host) return 0;  // load errors are values: refused cleanly
    for (int round = 0; round < 2; ++round)
        host->run({inputs.submission.get(), &inputs.money}, {inputs.policy.get(), &inputs.money}, {});
    return 0;
}
