// The engine: load a submission, check it against the schema, convert its
// money exactly, select the policy pack, run the rules. Returns plain values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "money.hpp"
#include "schema/validator.hpp"

namespace budgetcheck {

struct EngineConfig {
    std::string data_dir;                  // holds schemas/ and rules/
    std::optional<std::string> schema_path; // --schema: another submission schema
    std::optional<std::string> policy;      // --policy: pack id or path to a policy.json
    bool run_rules = true;                  // --no-rules: the schema alone
    std::vector<std::string> skip_rules;    // rules not to run
    json::ParseLimits parse_limits;
    lua::RuleLimits rule_limits;
};

// A policy pack: KF's decision as data (rules/policies/<id>/policy.json).
struct PolicyPack {
    std::string id;
    std::string file;
    std::string municipality;
    std::string kf_date;
    std::shared_ptr<const json::Document> document;
    lua::MoneyValues money;
    std::map<std::string, Severity> severity_overrides;
    std::map<std::string, std::string> disabled_rules;  // id -> reason
};

// Everything known about one checked file.
struct FileReport {
    std::string file;                 // as given by the user
    std::vector<Finding> findings;    // sorted, deterministic
    std::vector<InputError> errors;   // the file could not be checked
    std::string policy_pack;          // id of the pack used, if any
    std::shared_ptr<const json::Document> document;  // for snippets; null on parse error
};

class Engine {
public:
    // Loads and checks the schema, the policy packs and the rules; every
    // problem found is returned together.
    static std::variant<std::unique_ptr<Engine>, std::vector<InputError>> create(const EngineConfig& config);

    FileReport validate_file(const std::string& path) const;
    FileReport validate_text(std::string text, std::string name) const;

    const std::vector<lua::RuleInfo>& rules() const;
    const std::vector<PolicyPack>& policy_packs() const { return packs_; }

private:
    Engine() = default;
    const PolicyPack* select_pack(const json::Document& submission, std::vector<InputError>& errors,
                                  const std::string& name) const;

    EngineConfig config_;
    std::unique_ptr<schema::CompiledSchema> submission_schema_;
    std::unique_ptr<schema::CompiledSchema> policy_schema_;
    std::vector<PolicyPack> packs_;
    std::vector<lua::SourceText> rule_libraries_;
    std::vector<lua::SourceText> rule_sources_;
    // One Lua state for now, guarded; batch runs give each worker its own.
    mutable std::mutex host_mutex_;
    mutable std::unique_ptr<lua::RuleHost> host_;
    std::vector<lua::RuleInfo> rule_infos_;
};

// Reads a whole file with the size limit checked before reading.
struct FileRead {
    std::string text;
    std::optional<InputError> error;
};
FileRead read_file(const std::string& path, std::uint64_t max_bytes);

}  // namespace budgetcheck
