// Policy packs: one loaded and checked (load_policy_pack: schema, with what
// to do about each violation, money, the pack's own checks), the installed
// set checked as a whole (check_pack_set), and the pack a submission
// selects (Engine::select_pack: municipality + KF decision date, or --policy).
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "engine_parts.hpp"
#include "json/decimal.hpp"
#include "policy_checks.hpp"
#include "text/suggest.hpp"

namespace budgetcheck {

namespace fs = std::filesystem;
using engine_parts::input_error;
using engine_parts::text_of;

namespace {

InputError error_at(const PolicyPack& pack, json::Value at, std::string code, Message message) {
    const json::Position pos = at.position();
    return InputError{pack.file, pos.line, pos.column, std::move(code), std::move(message),
                      json::error_snippet(pack.document->line_text(pos.line))};
}

// Policy data is edited by hand: what to do about a schema violation in it,
// decided from the violation's fields (keyword, expected types, the value),
// as " — …" to follow its message; empty when there is nothing to add.
Message policy_fix(const schema::Violation& v) {
    if (v.keyword == "additionalProperties")
        return {" — kontrollera stavningen av fältnamnet mot docs/policy-data.md, eller ta bort fältet",
                " — check the spelling of the field name against docs/policy-data.md, or remove the field"};
    if (v.keyword == "type" && v.instance.valid() && v.instance.is_string()) {
        // A number in quotes: only when the text is a number of a wanted type.
        const std::string_view text = v.instance.as_string();
        const auto wants = [&](std::string_view type) {
            for (std::size_t start = 0; start <= v.expected.size();) {
                const std::size_t bar = std::min(v.expected.find('|', start), v.expected.size());
                if (std::string_view(v.expected).substr(start, bar - start) == type) return true;
                start = bar + 1;
            }
            return false;
        };
        using Failure = json::ExactInteger::Failure;
        const Failure failure =
            json::decimal_to_integer(text, 0, std::numeric_limits<std::uint64_t>::max()).failure;
        if ((wants("number") && failure != Failure::Malformed) || (wants("integer") && failure != Failure::Malformed &&
                                                                    failure != Failure::NotInteger))
            return {fmt::format(" — skriv talet utan citattecken: {}", text),
                    fmt::format(" — write the number without quotes: {}", text)};
    }
    if (v.keyword == "type" || v.keyword == "required" || v.keyword == "enum")
        return {" — docs/policy-data.md beskriver alla fält i ett policypaket",
                " — docs/policy-data.md describes every field of a policy pack"};
    return {};
}

}  // namespace

namespace engine_parts {

// The packs under rules/policies are what a submission is matched against
// (municipality + KF decision date): two packs for one decision (a draft
// copy beside the real one) would make the choice silent, and a folder that
// is not the pack's id makes --policy ID and the listing disagree.
std::vector<InputError> check_pack_set(const std::vector<PolicyPack>& packs, const std::vector<std::size_t>& installed) {
    std::vector<InputError> errors;
    for (std::size_t k = 0; k < installed.size(); ++k) {
        const PolicyPack& pack = packs[installed[k]];
        const json::Value meta = pack.document->root()["pack"];
        const std::string folder = fs::path(pack.file).parent_path().filename().string();
        if (folder != pack.id)
            errors.push_back(error_at(
                pack, meta["id"], "policy.id-folder",
                {fmt::format("paketets id '{}' skiljer sig från mappens namn '{}'; ett paket ligger i "
                             "rules/policies/<id>/policy.json",
                             pack.id, folder),
                 fmt::format("the pack id '{}' differs from its folder name '{}'; a pack lives in "
                             "rules/policies/<id>/policy.json",
                             pack.id, folder)}));
        for (std::size_t j = 0; j < k; ++j) {
            const PolicyPack& earlier = packs[installed[j]];
            if (earlier.municipality != pack.municipality || earlier.kf_date != pack.kf_date) continue;
            const json::Position first = earlier.document->root()["pack"]["kf_decision"]["date"].position();
            const json::Value date = meta["kf_decision"]["date"];
            const json::Position second = date.position();
            errors.push_back(error_at(
                pack, date, "policy.conflict",
                {fmt::format("två policypaket gäller samma beslut (kommunen '{}', KF-beslutet {}): {}:{}:{} och "
                             "{}:{}:{}; det går inte att veta vilket som ska användas, så ta bort eller flytta det "
                             "ena (till exempel ett utkast)",
                             pack.municipality, pack.kf_date, earlier.file, first.line, first.column, pack.file,
                             second.line, second.column),
                 fmt::format("two policy packs encode the same decision (municipality '{}', KF decision {}): "
                             "{}:{}:{} and {}:{}:{}; which one applies cannot be known, so remove or move one of "
                             "them (a draft, for example)",
                             pack.municipality, pack.kf_date, earlier.file, first.line, first.column, pack.file,
                             second.line, second.column)}));
        }
    }
    return errors;
}

}  // namespace engine_parts

std::optional<PolicyPack> load_policy_pack(const std::string& path, const std::string& name,
                                           const schema::CompiledSchema& schema, std::vector<InputError>& errors) {
    auto loaded = engine_parts::load_json_file(path, json::ParseLimits{});
    if (loaded.error) {
        loaded.error->file = name;
        errors.push_back(*loaded.error);
        return std::nullopt;
    }
    const auto result = schema.validate(loaded.document->root());
    // Policy data is edited by hand: each violation with what to do about it.
    auto found = schema_errors(result, *loaded.document, name, "policy");
    for (std::size_t k = 0; k < found.size(); ++k) found[k].hint = policy_fix(result.violations[k]);
    for (auto& e : found) errors.push_back(std::move(e));
    if (!result.violations.empty()) return std::nullopt;
    const json::Value root = loaded.document->root();
    PolicyPack pack;
    pack.file = name;
    pack.path = path;
    pack.id = text_of(root["pack"]["id"]);
    pack.municipality = text_of(root["pack"]["municipality"]);
    pack.kf_date = text_of(root["pack"]["kf_decision"]["date"]);
    const auto unit = parse_unit(text_of(root["unit"])).value_or(Unit::Kr);
    pack.money = engine_parts::convert_money(*loaded.document, result.money_values, unit, nullptr);
    if (pack.money.size() != result.money_values.size())
        errors.push_back(input_error(
            name, "policy.money",
            {"ett belopp i policypaketet är inte ett helt antal kronor",
             "an amount in the policy pack is not a whole number of kronor"}));
    if (auto e = engine_parts::money_total_error(*loaded.document, pack.money, name))
        errors.push_back(std::move(*e));  // the pack's own checks would add up unchecked sums
    else
        for (auto& problem : check_policy_pack(*loaded.document, pack.money, name))
            errors.push_back(std::move(problem));
    const json::Value overrides = root["severity_overrides"];
    for (std::size_t i = 0; i < overrides.size(); ++i) {
        const json::Value entry = overrides.at(i);
        const json::Value sev = entry.is_object() ? entry["severity"] : entry;
        if (auto s = parse_severity(text_of(sev))) pack.severity_overrides[std::string(overrides.key_at(i))] = *s;
    }
    const json::Value disabled = root["disabled_rules"];
    for (std::size_t i = 0; i < disabled.size(); ++i)
        pack.disabled_rules[std::string(disabled.key_at(i))] =
            disabled.at(i).is_object() ? text_of(disabled.at(i)["reason"]) : text_of(disabled.at(i));
    pack.document = std::move(loaded.document);
    return pack;
}

const PolicyPack* Engine::select_pack(const json::Document& submission, std::vector<InputError>& errors,
                                      const std::string& name, const std::string* policy) const {
    if (!policy && config_.policy) policy = &*config_.policy;
    if (policy) {
        for (const auto& pack : packs_)
            if (std::error_code ec; pack.id == *policy || pack.file == *policy ||
                                    fs::path(pack.file) == fs::path(*policy) || fs::equivalent(pack.path, *policy, ec))
                return &pack;
        std::vector<std::string_view> ids;
        for (const auto& pack : packs_) ids.push_back(pack.id);
        const std::string close = text::closest_name(*policy, ids);
        errors.push_back(input_error(
            name, "policy.unknown",
            {fmt::format("det finns inget policypaket '{}'{}", *policy, close.empty() ? "" : "; menade du '" + close + "'?"),
             fmt::format("no policy pack '{}'{}", *policy, close.empty() ? "" : "; did you mean '" + close + "'?")}));
        return nullptr;
    }
    const json::Value root = submission.root();
    const std::string municipality = text_of(root["municipality"]);
    const std::string date = text_of(root["kf_decision"]["date"]);
    for (const auto& pack : packs_)
        if (pack.municipality == municipality && pack.kf_date == date) return &pack;
    std::string known;
    for (const auto& pack : packs_) known += fmt::format("{}{} ({} {})", known.empty() ? "" : ", ", pack.id,
                                                         pack.municipality, pack.kf_date);
    // Points at the KF decision date (the value that picks among a
    // municipality's packs); without one (a --schema that does not require
    // it), at the municipality, else at the document.
    json::Value at = root["kf_decision"]["date"];
    if (!at.valid()) at = root["municipality"];
    if (!at.valid()) at = root;
    const json::Position pos = at.position();
    errors.push_back(InputError{
        name, pos.line, pos.column, "policy.not-found",
        {fmt::format("det finns inget policypaket för kommunen '{}' och KF-beslutet {}; kända paket: {}; välj ett "
                     "med --policy",
                     municipality, date, known),
         fmt::format("no policy pack for municipality '{}' and KF decision {}; known packs: {}; choose one with --policy",
                     municipality, date, known)},
        json::error_snippet(submission.line_text(pos.line))});
    return nullptr;
}

}  // namespace budgetcheck
