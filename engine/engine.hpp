// The engine: load a submission, check it against the schema, convert its
// money exactly, select the policy pack, run the rules. Returns plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "lua/rule_host.hpp"
#include "money.hpp"
#include "schema/validator.hpp"
#include "source_map.hpp"

namespace budgetcheck {

struct EngineConfig {
    std::string data_dir;                  // holds schemas/ and rules/
    std::optional<std::string> schema_path; // --schema: another submission schema
    std::optional<std::string> policy;      // --policy: pack id or path to a policy.json
    bool run_rules = true;                  // --no-rules: the schema alone
    std::vector<std::string> skip_rules;    // rules not to run
    // Run rules whose texts are still placeholders (unfinished.hpp): `test`
    // and `check-rules` do; `validate` and serve leave them out.
    bool run_unfinished_rules = false;
    // A rule reading a field its document's schema does not define fails
    // (RuleLimits::submission_fields): `test` and `check-rules` only.
    bool check_field_names = false;
    json::ParseLimits parse_limits;
    rules::RuleLimits rule_limits;
    // Schema findings kept per keyword and file; the rest are summed up in
    // one engine.findings-capped notice per keyword (docs/limits.md).
    std::size_t schema_findings_per_keyword = 1000;
};

// A policy pack: KF's decision as data (rules/policies/<id>/policy.json).
struct PolicyPack {
    std::string id;
    std::string file;   // as messages show it: relative to the data dir when inside it
    std::string path;   // as opened
    std::string municipality;
    std::string kf_date;
    std::shared_ptr<const json::Document> document;
    rules::MoneyValues money;
    std::map<std::string, Severity> severity_overrides;
    std::map<std::string, std::string> disabled_rules;  // id -> reason
    // rule_parameters: rule id -> parameter -> value as JSON text.
    std::map<std::string, std::map<std::string, std::string>> rule_parameters;
};

// Why a rule of the loaded set did not run on a checked file (JUnit shows
// it as skipped, not as passed).
enum class NotRunReason : std::uint8_t {
    Rejected,       // the schema or the exact conversion of amounts rejected the file; rules rely on its shape
    Disabled,       // the policy pack disables it (disabled_rules)
    NotApplicable,  // its applies_to excludes the organisation's funding kind
    Unfinished,     // placeholder texts (new-rule): validate does not run it
};
struct RuleNotRun {
    std::string rule;
    NotRunReason reason;
};

// Everything known about one checked file.
struct FileReport {
    std::string file;                 // as given by the user
    std::vector<Finding> findings;    // sorted, deterministic
    // Key figures the rules published (report.figure{}), sorted by id and
    // year: the frame use the overview shows, as the frame rules computed it.
    std::vector<KeyFigure> figures;
    std::vector<InputError> errors;   // the file could not be checked
    // Rules that failed on this file (raised or hit a limit): central
    // finance's broken configuration, not the board's fault. The other
    // rules' findings are complete; the run exits 2.
    std::vector<rules::RuleFailure> rule_failures;
    // Rules of the loaded set that did not run on this checked file, in
    // rule-set order. Empty when the file was not checked (errors) at all.
    std::vector<RuleNotRun> rules_not_run;
    std::string policy_pack;          // id of the pack used, if any
    std::string organisation;         // organisation.name as the submission writes it ("" if none)
    // organisation.id: who the board is. The overview counts a board once by
    // it, as diff pairs two revisions by it (names vary in case and spacing).
    std::string organisation_id;
    std::optional<int> budget_year;   // budget_year as the submission states it (the overview's year)
    // A workbook's: the cell each value came from (xlsx/import.hpp); null for JSON.
    std::shared_ptr<const SourceMap> cells;
    std::shared_ptr<const json::Document> document;  // for snippets; null on parse error
                                                     // or after release_document()
    // The source lines findings point at, kept by release_document() so a
    // batch of 10 000 files holds lines, not documents.
    std::map<std::uint32_t, std::string> source_lines;
    // Each finding's pointer with array indices replaced by what names the
    // element (json/stable_pointer.hpp), kept by release_document() for
    // fingerprints; pointer -> stable pointer.
    std::map<std::string, std::string, std::less<>> stable_pointers;
    // Where the time went (steady clock); never part of deterministic output.
    struct Times {
        std::chrono::nanoseconds read{0}, parse{0}, schema{0}, rules{0}, total{0};
    } times;

    // The text of a 1-based source line: from the document while it is
    // kept, else from source_lines; "" when neither has it.
    std::string_view line_text(std::uint32_t line) const;
    bool has_line(std::uint32_t line) const;
    // The stable pointer of each finding, in the order of `findings`: from
    // the document while it is kept, else from stable_pointers (the pointer
    // itself when neither knows it: a report built without a document).
    std::vector<std::string> finding_stable_pointers() const;
    // Keeps the lines findings point at in source_lines and their stable
    // pointers, drops the document.
    void release_document();
};

class Engine {
public:
    // Loads and checks the schema, the policy packs and the rules; every
    // problem found is returned together.
    static std::variant<std::unique_ptr<Engine>, std::vector<InputError>> create(const EngineConfig& config);

    FileReport validate_file(const std::string& path) const;
    // `policy`: a pack id that overrides the one the submission selects
    // (a rule case's "policy"); null = the configured or selected pack.
    FileReport validate_text(std::string text, std::string name, const std::string* policy = nullptr) const;

    // Exact kronor of every amount (x-money) of a parsed submission, by
    // value id, in its own unit: what the rules get. An amount that does not
    // convert exactly is left out (validate reports it as money.exact).
    // revision_diff.hpp compares two revisions by it.
    rules::MoneyValues money_of(const json::Document& submission) const;

    const std::vector<rules::RuleInfo>& rules() const;
    // The place a pointer names in a submission, from this engine's
    // submission schema (place.hpp): for the diff and the exports.
    Message place_name(const json::Document& document, std::string_view pointer) const;
    const EngineConfig& config() const { return config_; }
    // --skip-rule ids that name no rule file (a typo leaves the rule running).
    const std::vector<std::string>& unknown_skip_rules() const { return unknown_skip_rules_; }
    // Rules still carrying placeholder texts; they run only with
    // EngineConfig::run_unfinished_rules.
    const std::vector<rules::RuleInfo>& unfinished_rules() const { return unfinished_rules_; }
    const std::vector<PolicyPack>& policy_packs() const { return packs_; }
    // The schemas of the files rule authors write besides policy packs
    // (schemas/rule-cases.schema.json, schemas/waivers.schema.json).
    const schema::CompiledSchema& rule_cases_schema() const { return *rule_cases_schema_; }
    const schema::CompiledSchema& waivers_schema() const { return *waivers_schema_; }

private:
    Engine() = default;
    const PolicyPack* select_pack(const json::Document& submission, std::vector<InputError>& errors,
                                  const std::string& name, const std::string* policy) const;

    EngineConfig config_;
    std::unique_ptr<schema::CompiledSchema> submission_schema_;
    std::unique_ptr<schema::CompiledSchema> policy_schema_;
    std::unique_ptr<schema::CompiledSchema> rule_cases_schema_;
    std::unique_ptr<schema::CompiledSchema> waivers_schema_;
    std::vector<PolicyPack> packs_;
    std::vector<rules::SourceText> rule_libraries_;
    std::vector<rules::SourceText> rule_sources_;
    // Lua states are not thread-safe: each concurrent validation leases its
    // own host from this pool; a new one is compiled from the stored sources
    // only when every host is busy, so N threads compile at most N hosts.
    std::unique_ptr<lua::RuleHost> lease_host(std::vector<InputError>& errors) const;
    void return_host(std::unique_ptr<lua::RuleHost> host) const;
    bool has_rules_ = false;
    mutable std::mutex host_mutex_;
    std::vector<std::string> unknown_skip_rules_;
    std::vector<rules::RuleInfo> unfinished_rules_;
    mutable std::vector<std::unique_ptr<lua::RuleHost>> idle_hosts_;
    std::vector<rules::RuleInfo> rule_infos_;
};

// The violations of a file authors write (policy pack, rule cases, waivers)
// as input errors at their file:line:column, coded `<prefix>.<keyword>`.
std::vector<InputError> schema_errors(const schema::ValidationResult& result, const json::Document& document,
                                      const std::string& file, std::string_view code_prefix);

// One policy pack file: parsed, checked against the compiled policy schema,
// money converted to kronor, the load-time checks (policy_checks.hpp) run.
// Problems are appended to `errors` at `name` (the file as messages show it);
// a pack is returned whenever the schema passed, so callers that collect
// every error (Engine::create) and callers that need one pack (diff-packs)
// share it. Does not check the pack against other packs.
std::optional<PolicyPack> load_policy_pack(const std::string& path, const std::string& name,
                                           const schema::CompiledSchema& schema, std::vector<InputError>& errors);

// Reads an Excel workbook for Engine::validate_file (engine/xlsx/validate.hpp).
// Set by the programs that link engine/xlsx (budgetcheck-serve, the tests):
// budgetcheck itself never loads libzip, zlib or libcrypto, and execs
// budgetcheck-serve for workbooks (engine/cli/workbook.cpp).
using WorkbookValidator = FileReport (*)(const Engine& engine, const std::string& path);
void set_workbook_validator(WorkbookValidator validator);
// A file name ending in .xlsx (any case): a workbook, read through that
// validator; a directory's *.xlsx are checked with its *.json.
bool is_workbook_path(std::string_view path);

// Swedish words for an errno value, for messages ("behörighet saknas");
// the C library's English words for the rare ones.
std::string system_reason_sv(int err);

// Reads a whole file with the size limit checked before reading. `option`
// is the command-line option that sets `max_bytes` ("--max-file-size" for
// submissions), named in the limit.file-size message; "" for a fixed limit
// (rule files, policy packs, waivers), which no option changes.
struct FileRead {
    std::string text;
    std::optional<InputError> error;
};
FileRead read_file(const std::string& path, std::uint64_t max_bytes, std::string_view option = "");

}  // namespace budgetcheck
