// The engine: its configuration loaded once (schemas, policy packs, rules;
// Engine::create), rule hosts lent to the threads that check files, and one
// file checked (validate_file, validate_text: parse, schema, money, pack,
// rules, severity overrides, places, order). Reading files is read_file.cpp,
// policy packs policy_loading.cpp, money values money_values.cpp.
#include "engine.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "author_checks.hpp"
#include "engine_parts.hpp"
#include "place.hpp"
#include "policy_checks.hpp"
#include "text/utf8.hpp"
#include "unfinished.hpp"

namespace budgetcheck {

namespace fs = std::filesystem;
using engine_parts::convert_money;
using engine_parts::input_error;
using engine_parts::load_json_file;
using engine_parts::money_total_error;
using engine_parts::parse_error_of;
using engine_parts::text_of;

namespace {

Finding finding_of(const schema::Violation& v) {
    const auto pos = v.position();
    Finding f;
    f.rule_id = "schema." + v.keyword;
    f.severity = Severity::Error;
    f.location = Location{v.instance.pointer(), pos.line, pos.column};
    f.message = v.message;
    if (!v.expected.empty()) f.expected = v.expected;
    if (!v.actual.empty()) f.actual = v.actual;
    return f;
}

std::vector<rules::SourceText> read_lua_tree(const fs::path& dir, const fs::path& base, bool libraries,
                                          std::vector<InputError>& errors) {
    std::vector<rules::SourceText> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const auto rel = fs::relative(it->path(), dir).generic_string();
        const bool in_lib = rel.rfind("lib/", 0) == 0;
        if (it->is_regular_file() && it->path().extension() == ".lua" && in_lib == libraries &&
            rel.rfind("policies/", 0) != 0 && it->path().filename().string().find(".test.") == std::string::npos)
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());  // rule order never depends on the file system
    for (const auto& file : files) {
        const std::string shown = fs::relative(file, base).generic_string();
        auto read = read_file(file.string(), 1u << 20);
        if (read.error) {
            read.error->file = shown;
            errors.push_back(*read.error);
            continue;
        }
        // NFC like every JSON string, so a name a rule spells out compares
        // equal to the data however either was typed (lines do not move).
        out.push_back(rules::SourceText{shown, utf8::to_nfc(read.text)});
    }
    return out;
}

}  // namespace

std::vector<InputError> schema_errors(const schema::ValidationResult& result, const json::Document& document,
                                      const std::string& file, std::string_view code_prefix) {
    std::vector<InputError> out;
    for (const auto& v : result.violations) {
        const auto pos = v.position();
        out.push_back(InputError{file, pos.line, pos.column, std::string(code_prefix) + "." + v.keyword, v.message,
                                 json::error_snippet(document.line_text(pos.line))});
    }
    return out;
}

std::variant<std::unique_ptr<Engine>, std::vector<InputError>> Engine::create(const EngineConfig& config) {
    std::unique_ptr<Engine> engine(new Engine());
    engine->config_ = config;
    // The documents' Lua values are the host's, bounded in proportion to the input-size limit.
    if (config.rule_limits.document_memory_bytes == 0)
        engine->config_.rule_limits.document_memory_bytes =
            static_cast<std::size_t>(std::min<std::uint64_t>(
                config.parse_limits.max_bytes, std::numeric_limits<std::size_t>::max() / rules::kDocumentMemoryPerInputByte)) *
            rules::kDocumentMemoryPerInputByte;
    std::vector<InputError> errors;
    const fs::path data(config.data_dir);

    // Schemas first: a broken schema is a configuration error.
    auto compile = [&](const std::string& path) -> std::unique_ptr<schema::CompiledSchema> {
        // The limits on submissions (--max-depth …) are not the limits of our
        // own schemas and policy packs: those load with the defaults.
        auto loaded = load_json_file(path, json::ParseLimits{});
        if (loaded.error) {
            errors.push_back(*loaded.error);
            return nullptr;
        }
        auto compiled = schema::CompiledSchema::compile(loaded.document, "file://" + path);
        if (auto* message = std::get_if<std::string>(&compiled)) {
            errors.push_back(input_error(path, "schema.invalid", Message::english_only(*message)));
            return nullptr;
        }
        return std::make_unique<schema::CompiledSchema>(std::move(std::get<schema::CompiledSchema>(compiled)));
    };
    engine->submission_schema_ =
        compile(config.schema_path ? *config.schema_path : (data / "schemas/submission.schema.json").string());
    engine->rule_cases_schema_ = compile((data / "schemas/rule-cases.schema.json").string());
    engine->waivers_schema_ = compile((data / "schemas/waivers.schema.json").string());

    if (config.run_rules) {
        engine->policy_schema_ = compile((data / "schemas/policy.schema.json").string());
        // Policy packs: every rules/policies/*/policy.json, checked against its schema.
        std::vector<fs::path> pack_files;
        std::error_code ec;
        for (auto it = fs::directory_iterator(data / "rules/policies", ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            if (fs::is_regular_file(it->path() / "policy.json")) pack_files.push_back(it->path() / "policy.json");
        std::sort(pack_files.begin(), pack_files.end());
        const std::size_t installed = pack_files.size();
        // --policy FILE outside rules/policies: loaded too (once, even when it
        // names an installed pack by path).
        if (config.policy && fs::is_regular_file(*config.policy) &&
            std::none_of(pack_files.begin(), pack_files.end(),
                         [&](const fs::path& f) { return fs::equivalent(f, *config.policy, ec); }))
            pack_files.push_back(*config.policy);
        std::vector<std::size_t> installed_packs;  // indices into packs_ of rules/policies/<id>/policy.json
        for (std::size_t f = 0; f < pack_files.size(); ++f) {
            const fs::path& file = pack_files[f];
            const std::string shown = fs::relative(file, data, ec).generic_string();
            const std::string name = shown.empty() || shown.rfind("..", 0) == 0 ? file.string() : shown;
            if (!engine->policy_schema_) continue;
            auto loaded = load_policy_pack(file.string(), name, *engine->policy_schema_, errors);
            if (!loaded) continue;
            PolicyPack pack = std::move(*loaded);
            if (f < installed) installed_packs.push_back(engine->packs_.size());
            engine->packs_.push_back(std::move(pack));
        }
        for (auto& problem : engine_parts::check_pack_set(engine->packs_, installed_packs)) errors.push_back(std::move(problem));
        std::set<std::string> ids;
        for (const auto& pack : engine->packs_)
            if (!ids.insert(pack.id).second)
                errors.push_back(input_error(
                    pack.file, "policy.duplicate-id",
                    {fmt::format("två policypaket har samma id '{}'; ge varje paket ett eget id", pack.id),
                     fmt::format("two policy packs have the id '{}'", pack.id)}));

        // Rules: libraries under rules/lib, every other .lua a rule.
        engine->rule_libraries_ = read_lua_tree(data / "rules", data, true, errors);
        engine->rule_sources_ = read_lua_tree(data / "rules", data, false, errors);
        // --skip-rule: a skipped rule is not even loaded, so a broken one
        // cannot stop the others (its id is read from the file's text).
        std::set<std::string> declared;
        for (const auto& source : engine->rule_sources_) declared.insert(rules::declared_rule_id(source.text));
        for (const auto& id : config.skip_rules)
            if (!declared.count(id)) engine->unknown_skip_rules_.push_back(id);
        std::erase_if(engine->rule_sources_, [&](const rules::SourceText& source) {
            const std::string id = rules::declared_rule_id(source.text);
            return !id.empty() && std::find(config.skip_rules.begin(), config.skip_rules.end(), id) !=
                                      config.skip_rules.end();
        });
        // A rule's id is its path: rules/<group>/<name>.lua declares
        // "group.name". A file that says otherwise is not loaded (a copied
        // file would otherwise report its original as the duplicate).
        std::erase_if(engine->rule_sources_, [&](const rules::SourceText& source) {
            auto problem = id_path_problem(source);
            if (problem) errors.push_back(std::move(*problem));
            return problem.has_value();
        });
        if (config.check_field_names) watch_field_names(engine->config_.rule_limits, config);
        auto host = lua::RuleHost::load(engine->rule_libraries_, engine->rule_sources_, engine->config_.rule_limits);
        if (auto* problems = std::get_if<std::vector<InputError>>(&host)) {
            errors.insert(errors.end(), problems->begin(), problems->end());
        } else {
            auto first = std::make_unique<lua::RuleHost>(std::move(std::get<lua::RuleHost>(host)));
            engine->rule_infos_ = first->rules();
            for (auto& pack : engine->packs_)
                for (auto& e : check_pack_rules(pack, engine->rule_infos_, config.skip_rules)) errors.push_back(std::move(e));
            for (const auto& rule : engine->rule_infos_)
                if (!placeholders(rule).empty()) engine->unfinished_rules_.push_back(rule);
            engine->has_rules_ = true;
            engine->idle_hosts_.push_back(std::move(first));
        }
    }
    if (!errors.empty()) return errors;
    return engine;
}

const std::vector<rules::RuleInfo>& Engine::rules() const { return rule_infos_; }

std::unique_ptr<lua::RuleHost> Engine::lease_host(std::vector<InputError>& errors) const {
    {
        std::lock_guard lock(host_mutex_);
        if (!idle_hosts_.empty()) {
            auto host = std::move(idle_hosts_.back());
            idle_hosts_.pop_back();
            return host;
        }
    }
    // Every host is busy: compile one more (outside the lock) from the
    // sources create() already checked.
    auto host = lua::RuleHost::load(rule_libraries_, rule_sources_, config_.rule_limits);
    if (auto* problems = std::get_if<std::vector<InputError>>(&host)) {
        errors.insert(errors.end(), problems->begin(), problems->end());
        return nullptr;
    }
    return std::make_unique<lua::RuleHost>(std::move(std::get<lua::RuleHost>(host)));
}

void Engine::return_host(std::unique_ptr<lua::RuleHost> host) const {
    if (!host) return;
    std::lock_guard lock(host_mutex_);
    idle_hosts_.push_back(std::move(host));
}

Message Engine::place_name(const json::Document& document, std::string_view pointer) const {
    return budgetcheck::place_name(*submission_schema_, document, pointer);
}

namespace {
std::atomic<WorkbookValidator> workbook_validator{nullptr};
}  // namespace

void set_workbook_validator(WorkbookValidator validator) { workbook_validator = validator; }

bool is_workbook_path(std::string_view path) {
    return path.size() >= 5 && std::equal(path.end() - 5, path.end(), ".xlsx", [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

FileReport Engine::validate_file(const std::string& path) const {
    // A workbook is imported to JSON first (docs/excel.md).
    if (is_workbook_path(path)) {
        if (const WorkbookValidator validator = workbook_validator) return validator(*this, path);
        FileReport report;
        report.file = path;
        report.errors.push_back(InputError{path, 0, 0, "xlsx.unsupported",
                                           {"Excel-arbetsböcker läses av budgetcheck-serve; det här programmet kan inte läsa dem",
                                            "Excel workbooks are read by budgetcheck-serve; this program cannot read them"},
                                           {}});
        return report;
    }
    const auto start = std::chrono::steady_clock::now();
    auto read = read_file(path, config_.parse_limits.max_bytes, "--max-file-size");
    const auto read_time = std::chrono::steady_clock::now() - start;
    if (read.error) {
        FileReport report;
        report.file = path;
        report.errors.push_back(*read.error);
        report.times.read = report.times.total = read_time;
        return report;
    }
    FileReport report = validate_text(std::move(read.text), path);
    report.times.read = read_time;
    report.times.total += read_time;
    return report;
}

FileReport Engine::validate_text(std::string text, std::string name, const std::string* policy) const {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    FileReport report;
    report.file = name;
    auto parsed = json::parse(std::move(text), config_.parse_limits);
    const auto parsed_at = clock::now();
    report.times.parse = parsed_at - start;
    if (parsed.error) {
        report.errors.push_back(parse_error_of(name, *parsed.error));
        report.times.total = report.times.parse;
        return report;
    }
    report.document = std::shared_ptr<const json::Document>(std::move(parsed.document));
    const json::Document& doc = *report.document;

    const std::size_t cap = config_.schema_findings_per_keyword;
    const auto checked = submission_schema_->validate(doc.root(), cap);
    for (const auto& v : checked.violations) report.findings.push_back(finding_of(v));
    for (const auto& left_out : checked.omitted)
        report.findings.push_back(rules::findings_capped("schema." + left_out.keyword, cap + left_out.count, cap));
    const auto schema_at = clock::now();
    report.times.schema = schema_at - parsed_at;

    // Rules run only on a submission the schema accepts: they rely on its shape.
    const auto none_ran = [&] {
        for (const auto& rule : rule_infos_) report.rules_not_run.push_back({rule.id, NotRunReason::Rejected});
    };
    if (!checked.valid() && config_.run_rules && has_rules_) none_ran();
    if (checked.valid() && config_.run_rules && has_rules_) {
        const auto unit = parse_unit(text_of(doc.root()["unit"])).value_or(Unit::Kr);
        const std::size_t before = report.findings.size();
        const auto money = convert_money(doc, checked.money_values, unit, &report.findings);
        const auto too_much = report.findings.size() == before ? money_total_error(doc, money, name) : std::nullopt;
        if (too_much) report.errors.push_back(*too_much);
        const PolicyPack* pack =
            report.findings.size() == before && !too_much ? select_pack(doc, report.errors, name, policy) : nullptr;
        if (report.findings.size() != before) none_ran();  // money.exact: amounts the rules cannot trust
        report.organisation = text_of(doc.root()["organisation"]["name"]);  // the overview's row name
        report.organisation_id = text_of(doc.root()["organisation"]["id"]);
        if (const auto year = doc.root()["budget_year"].as_integer()) report.budget_year = static_cast<int>(*year);
        if (pack) {
            report.policy_pack = pack->id;
            rules::RunOptions options;
            options.funding = text_of(doc.root()["organisation"]["funding"]);
            options.skip_rules = config_.skip_rules;
            if (!config_.run_unfinished_rules)
                for (const auto& rule : unfinished_rules_) options.skip_rules.push_back(rule.id);
            for (const auto& [id, reason] : pack->disabled_rules) options.skip_rules.push_back(id);
            for (const auto& rule : rule_infos_) {
                const auto unfinished = [&] {
                    return std::any_of(unfinished_rules_.begin(), unfinished_rules_.end(),
                                       [&](const rules::RuleInfo& u) { return u.id == rule.id; });
                };
                if (pack->disabled_rules.count(rule.id))
                    report.rules_not_run.push_back({rule.id, NotRunReason::Disabled});
                else if (!config_.run_unfinished_rules && unfinished())
                    report.rules_not_run.push_back({rule.id, NotRunReason::Unfinished});
                else if (!rules::applies_to_funding(rule, options.funding))
                    report.rules_not_run.push_back({rule.id, NotRunReason::NotApplicable});
            }
            rules::RunResult result;
            if (auto host = lease_host(report.errors)) {
                result = host->run(rules::DocumentInput{&doc, &money},
                                   rules::DocumentInput{pack->document.get(), &pack->money, pack->document}, options);
                return_host(std::move(host));
            }
            report.rule_failures = std::move(result.failures);
            report.figures = std::move(result.figures);
            sort_figures(report.figures);
            for (InputError& e : result.errors) {
                e.file = name;
                report.errors.push_back(std::move(e));
            }
            for (auto& f : result.findings) {
                if (auto it = pack->severity_overrides.find(f.rule_id); it != pack->severity_overrides.end())
                    f.severity = it->second;
                report.findings.push_back(std::move(f));
            }
        }
    }
    for (Finding& f : report.findings)
        if (f.location.file.empty()) f.place = place_name(doc, f.location.pointer);
    sort_findings(report.findings);
    const auto end = clock::now();
    report.times.rules = end - schema_at;
    report.times.total = end - start;
    return report;
}

}  // namespace budgetcheck
