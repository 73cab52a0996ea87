#include "packs/diff.hpp"

#include <algorithm>
#include <set>

#include "json/splice.hpp"

namespace budgetcheck::packs {

namespace {

// Where a value came from and remarks for people: not part of the decision.
bool ignored(std::string_view key) {
    return key == "source" || key == "sources" || key == "note" || key == "funding_source" ||
           key == "offsetting_source";
}

// Compact JSON of a value without the ignored members; "" for an absent value.
std::string compact(json::Value v) { return json::compact_text(v, ignored); }

// Equal as decisions: JSON equality (1 == 1.0) with the ignored members left out.
bool same(json::Value a, json::Value b) {
    if (a.valid() != b.valid()) return false;
    if (!a.valid()) return true;
    if (a.is_object() && b.is_object()) {
        std::set<std::string> keys;
        for (std::size_t i = 0; i < a.size(); ++i) keys.emplace(a.key_at(i));
        for (std::size_t i = 0; i < b.size(); ++i) keys.emplace(b.key_at(i));
        return std::all_of(keys.begin(), keys.end(),
                           [&](const std::string& k) { return ignored(k) || same(a[k], b[k]); });
    }
    if (a.is_array() && b.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same(a.at(i), b.at(i))) return false;
        return true;
    }
    return json::json_equal(a, b);
}

bool plain_list(json::Value v) {
    if (!v.is_array()) return false;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v.at(i).is_array() || v.at(i).is_object()) return false;
    return true;
}

FieldChange change_of(std::string field, json::Value a, json::Value b, bool as_lists = true) {
    FieldChange f{std::move(field), compact(a), compact(b), false, {}, {}};
    if (!as_lists || !plain_list(a) || !plain_list(b)) return f;
    f.list = true;
    auto has = [](json::Value list, json::Value x) {
        for (std::size_t i = 0; i < list.size(); ++i)
            if (json::json_equal(list.at(i), x)) return true;
        return false;
    };
    for (std::size_t i = 0; i < b.size(); ++i)
        if (!has(a, b.at(i))) f.added.push_back(compact(b.at(i)));
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!has(b, a.at(i))) f.removed.push_back(compact(a.at(i)));
    return f;
}

std::string name_of(json::Value item) {
    for (const char* key : {"name", "title"})
        if (item[key].is_string()) return std::string(item[key].as_string());
    return {};
}

// The members of two objects (or a value each) that differ, by key; frames
// are compared year by year elsewhere, only their `approximate` here.
std::vector<FieldChange> field_changes(json::Value a, json::Value b, bool organisation) {
    std::vector<FieldChange> out;
    if (!a.is_object() || !b.is_object()) {
        if (!same(a, b)) out.push_back(change_of("value", a, b));
        return out;
    }
    std::vector<std::string> keys;
    for (json::Value side : {b, a})
        for (std::size_t i = 0; i < side.size(); ++i)
            if (std::find(keys.begin(), keys.end(), side.key_at(i)) == keys.end()) keys.emplace_back(side.key_at(i));
    for (const auto& key : keys) {
        if (ignored(key) || key == "id") continue;
        if (organisation && (key == "operating_frame" || key == "investment_frame")) continue;
        if (!same(a[key], b[key])) out.push_back(change_of(key, a[key], b[key]));
    }
    if (organisation) {
        const json::Value x = a["investment_frame"]["approximate"], y = b["investment_frame"]["approximate"];
        if (!same(x, y)) out.push_back(change_of("investment_frame.approximate", x, y));
    }
    return out;
}

struct Entry {
    std::string id;
    json::Value value;
};

// The id'd entries of a section: array elements by "id", object members by key.
std::vector<Entry> entries(json::Value section) {
    std::vector<Entry> out;
    for (std::size_t i = 0; i < section.size(); ++i) {
        if (section.is_object())
            out.push_back({std::string(section.key_at(i)), section.at(i)});
        else if (section.at(i)["id"].is_string())
            out.push_back({std::string(section.at(i)["id"].as_string()), section.at(i)});
    }
    return out;
}

Section compare_section(const std::string& key, json::Value a, json::Value b) {
    Section s{key, a.size(), b.size(), {}};
    const auto old_entries = entries(a), new_entries = entries(b);
    auto find = [](const std::vector<Entry>& list, const std::string& id) -> json::Value {
        for (const auto& e : list)
            if (e.id == id) return e.value;
        return {};
    };
    // Newer pack's order first (what a reader of the new decision sees), then what was removed.
    for (const auto& e : new_entries) {
        const json::Value old = find(old_entries, e.id);
        if (!old.valid()) {
            s.changes.push_back({ItemChange::Kind::Added, e.id, name_of(e.value), {}});
            continue;
        }
        auto fields = field_changes(old, e.value, key == "organisations");
        if (!fields.empty()) s.changes.push_back({ItemChange::Kind::Changed, e.id, name_of(e.value), std::move(fields)});
    }
    for (const auto& e : old_entries)
        if (!find(new_entries, e.id).valid())
            s.changes.push_back({ItemChange::Kind::Removed, e.id, name_of(e.value), {}});
    return s;
}

std::optional<std::int64_t> kronor(const PolicyPack& pack, json::Value v) {
    if (!v.valid()) return std::nullopt;
    const auto it = std::lower_bound(pack.money.begin(), pack.money.end(), std::make_pair(v.id(), std::int64_t{0}),
                                     [](const auto& x, const auto& y) { return x.first < y.first; });
    if (it == pack.money.end() || it->first != v.id()) return std::nullopt;
    return it->second;
}

PackSummary summary(const PolicyPack& pack) {
    const json::Value root = pack.document->root(), meta = root["pack"];
    PackSummary s;
    s.id = pack.id;
    s.municipality = pack.municipality;
    s.date = pack.kf_date;
    s.title = std::string(meta["kf_decision"]["title"].as_string());
    s.paragraph = meta["kf_decision"]["paragraph"].is_string() ? std::string(meta["kf_decision"]["paragraph"].as_string()) : "";
    s.first_year = meta["budget_year"].as_integer().value_or(0);
    const json::Value plan = meta["plan_years"];
    s.last_year = plan.size() ? plan.at(plan.size() - 1).as_integer().value_or(0) : s.first_year;
    s.unit = parse_unit(root["unit"].as_string()).value_or(Unit::Tkr);
    s.decimals = static_cast<int>(root["decimals"].as_integer().value_or(0));
    return s;
}

}  // namespace

PackDiff diff_packs(const PolicyPack& from, const PolicyPack& to) {
    PackDiff d{summary(from), summary(to), {}, {}, {}};
    const json::Value a = from.document->root(), b = to.document->root();
    const std::pair<const char*, const char*> decision_fields[] = {
        {"municipality", "/pack/municipality"},     {"kf_decision.date", "/pack/kf_decision/date"},
        {"kf_decision.title", "/pack/kf_decision/title"}, {"kf_decision.paragraph", "/pack/kf_decision/paragraph"},
        {"budget_year", "/pack/budget_year"},       {"plan_years", "/pack/plan_years"},
        {"unit", "/unit"},                          {"decimals", "/decimals"}};
    for (const auto& [field, pointer] : decision_fields) {
        const json::Value x = from.document->resolve(pointer), y = to.document->resolve(pointer);
        if (!same(x, y)) d.decision.push_back(change_of(field, x, y, false));  // a period reads whole
    }
    for (const char* key : {"goal_areas", "kf_goals", "mandatory_indicators", "strategic_assignments", "organisations"})
        d.sections.push_back(compare_section(key, a[key], b[key]));
    if (a["equity"].valid() || b["equity"].valid()) {
        // One item: the decision's equity rules.
        Section s{"equity", a["equity"].valid() ? 1u : 0u, b["equity"].valid() ? 1u : 0u, {}};
        if (!a["equity"].valid()) s.changes.push_back({ItemChange::Kind::Added, "equity", "", {}});
        else if (!b["equity"].valid()) s.changes.push_back({ItemChange::Kind::Removed, "equity", "", {}});
        else if (auto fields = field_changes(a["equity"], b["equity"], false); !fields.empty())
            s.changes.push_back({ItemChange::Kind::Changed, "equity", "", std::move(fields)});
        d.sections.push_back(std::move(s));
    }
    for (const char* key : {"severity_overrides", "disabled_rules", "rule_parameters"})
        if (a[key].valid() || b[key].valid()) d.sections.push_back(compare_section(key, a[key], b[key]));

    // Frames, year by year over both periods.
    std::vector<std::string> orgs;
    for (json::Value side : {b["organisations"], a["organisations"]})
        for (std::size_t i = 0; i < side.size(); ++i)
            if (std::find(orgs.begin(), orgs.end(), side.key_at(i)) == orgs.end()) orgs.emplace_back(side.key_at(i));
    for (const auto& org : orgs)
        for (const char* frame : {"operating_frame", "investment_frame"}) {
            const json::Value x = a["organisations"][org][frame]["amounts"], y = b["organisations"][org][frame]["amounts"];
            std::set<std::int64_t> years;
            for (json::Value side : {x, y})
                for (std::size_t i = 0; i < side.size(); ++i) years.insert(std::stoll(std::string(side.key_at(i))));
            for (const auto year : years) {
                const std::string key = std::to_string(year);
                d.frames.push_back({org, frame, year, kronor(from, x[key]), kronor(to, y[key])});
            }
        }
    return d;
}

}  // namespace budgetcheck::packs
