#include "author_checks.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "engine.hpp"
#include "rules/field_names.hpp"
#include "rules/parameters.hpp"
#include "text/suggest.hpp"
#include "text/utf8.hpp"
#include "unfinished.hpp"

namespace budgetcheck {

// Rule ids a pack names in severity_overrides or disabled_rules that no
// rule has: a misspelt id there would silently change nothing.
std::vector<InputError> unknown_rule_keys(const json::Document& pack, const std::string& file,
                                          const std::vector<rules::RuleInfo>& rules,
                                          const std::vector<std::string>& skipped) {
    std::vector<std::string_view> ids;
    for (const auto& rule : rules) ids.push_back(rule.id);
    for (const auto& id : skipped) ids.push_back(id);
    std::vector<InputError> out;
    for (const char* section : {"severity_overrides", "disabled_rules", "rule_parameters"}) {
        const json::Value map = pack.root()[section];
        for (std::size_t i = 0; map.valid() && map.is_object() && i < map.size(); ++i) {
            const std::string_view id = map.key_at(i);
            if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
            const std::string close = text::closest_name(id, ids);
            const auto pos = map.key_position(i);
            out.push_back(InputError{
                file, pos.line, pos.column, "policy.unknown-rule",
                {fmt::format("{} nämner regeln '{}', som inte finns{}; `budgetcheck rules` listar regel-id:n", section,
                             id, close.empty() ? "" : "; menade du '" + close + "'?"),
                 fmt::format("{} names the rule '{}', which does not exist{}; `budgetcheck rules` lists the rule ids",
                             section, id, close.empty() ? "" : "; did you mean '" + close + "'?")},
                json::error_snippet(pack.line_text(pos.line))});
        }
    }
    return out;
}

std::vector<InputError> check_pack_parameters(const json::Document& pack, const std::string& file,
                                              const std::vector<rules::RuleInfo>& rules,
                                              std::map<std::string, std::map<std::string, std::string>>& set) {
    std::vector<InputError> out;
    const json::Value map = pack.root()["rule_parameters"];
    for (std::size_t i = 0; map.valid() && map.is_object() && i < map.size(); ++i) {
        const std::string_view id = map.key_at(i);
        const auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.id == id; });
        if (rule == rules.end()) continue;  // unknown_rule_keys names it
        if (rule->parameters_schema.empty()) {
            const auto pos = map.key_position(i);
            out.push_back(InputError{
                file, pos.line, pos.column, "policy.no-parameters",
                {fmt::format("rule_parameters sätter värden för regeln '{}', som inte deklarerar några parametrar "
                             "(`budgetcheck explain {}` visar dem)", id, id),
                 fmt::format("rule_parameters sets values for the rule '{}', which declares no parameters "
                             "(`budgetcheck explain {}` shows them)", id, id)},
                json::error_snippet(pack.line_text(pos.line))});
            continue;
        }
        const json::Value values = map.at(i);
        const auto result = rules::validate_parameters(rule->parameters_schema, values);
        for (auto& e : schema_errors(result, pack, file, "policy")) out.push_back(std::move(e));
        if (!result.violations.empty() || !values.is_object()) continue;
        for (std::size_t k = 0; k < values.size(); ++k)
            set[std::string(id)][std::string(values.key_at(k))] = json::compact_text(values.at(k));
    }
    return out;
}

std::vector<InputError> check_pack_rules(PolicyPack& pack, const std::vector<rules::RuleInfo>& rules,
                                         const std::vector<std::string>& skipped) {
    auto out = unknown_rule_keys(*pack.document, pack.file, rules, skipped);
    for (auto& e : check_pack_parameters(*pack.document, pack.file, rules, pack.rule_parameters))
        out.push_back(std::move(e));
    return out;
}

void watch_field_names(rules::RuleLimits& limits, const EngineConfig& config) {
    const std::string& data_dir = config.data_dir;
    const std::filesystem::path data(data_dir);
    const auto names = [&](const std::string& path) -> std::shared_ptr<const rules::FieldNames> {
        FileRead read = read_file(path, 64u << 20);
        if (read.error) return nullptr;
        json::ParseResult parsed = json::parse(std::move(read.text));
        if (!parsed.document) return nullptr;
        std::error_code ec;
        std::string shown = std::filesystem::relative(path, data_dir, ec).generic_string();
        if (shown.empty() || shown.rfind("..", 0) == 0) shown = path;
        return std::make_shared<const rules::FieldNames>(std::move(parsed.document), shown);
    };
    limits.submission_fields =
        names(config.schema_path ? *config.schema_path : (data / "schemas/submission.schema.json").string());
    limits.policy_fields = names((data / "schemas/policy.schema.json").string());
}

namespace {

// The id a rule file at `name` ("rules/misc/zz.lua") must declare: "misc.zz".
std::string id_of_path(std::string_view name) {
    std::string_view rel = name;
    if (rel.rfind("rules/", 0) == 0) rel.remove_prefix(6);
    if (rel.ends_with(".lua")) rel.remove_suffix(4);
    std::string id(rel);
    std::replace(id.begin(), id.end(), '/', '.');
    return id;
}

}  // namespace

std::optional<InputError> id_path_problem(const rules::SourceText& source) {
    const std::string declared = rules::declared_rule_id(source.text);
    const std::string expected = id_of_path(source.name);
    if (declared.empty() || declared == expected) return std::nullopt;  // no literal id: the host says so
    std::uint32_t line = line_holding(source.text, "\"" + declared + "\"");
    if (line == 0) line = line_holding(source.text, "'" + declared + "'");
    std::string snippet;
    std::uint32_t column = 0;
    if (line != 0) {
        std::size_t start = 0;
        for (std::uint32_t l = 1; l < line; ++l) start = source.text.find('\n', start) + 1;
        snippet = source.text.substr(start, source.text.find('\n', start) - start);
        const std::size_t at = snippet.find(declared);
        if (at != std::string::npos) column = static_cast<std::uint32_t>(utf8::count_code_points(snippet.substr(0, at)));
    }
    std::string place = declared;
    std::replace(place.begin(), place.end(), '.', '/');
    const bool nested = expected.find('.') != std::string::npos;
    return InputError{
        source.name, line, column, "rule.id-path",
        {fmt::format("regeln har id '{}', men en regels id är dess sökväg: {}", declared,
                     nested ? fmt::format("skriv id = \"{}\", eller flytta filen till rules/{}.lua", expected, place)
                            : fmt::format("flytta filen till rules/{}.lua", place)),
         fmt::format("the rule's id is '{}', but a rule's id is its path: {}", declared,
                     nested ? fmt::format("write id = \"{}\", or move the file to rules/{}.lua", expected, place)
                            : fmt::format("move the file to rules/{}.lua", place))},
        json::error_snippet(snippet)};
}

}  // namespace budgetcheck
