#include "rules/field_names.hpp"

#include <algorithm>

#include "schema/pattern.hpp"
#include "text/suggest.hpp"

namespace budgetcheck::rules {

namespace {

// Enough for the project's schemas ($ref → allOf → $ref …) and a bound for
// any other: a deeper chain is treated as saying nothing about names.
constexpr int kMaxExpansion = 64;

bool matches(std::string_view pattern, std::string_view name) {
    auto compiled = schema::Pattern::compile(pattern);
    if (const auto* p = std::get_if<schema::Pattern>(&compiled)) return p->search(name) != schema::Pattern::Match::No;
    return true;  // a pattern we cannot compile (the validator refused the schema already) rejects nothing
}

class Walk {
public:
    explicit Walk(const json::Document& schema) : schema_(schema) {}

    // The subschemas that apply together with `s` ($ref, allOf, anyOf,
    // oneOf, then, else followed), `s` included, in `out`.
    void expand(json::Value s, std::vector<json::Value>& out, int depth = 0) const {
        if (!s.valid() || !s.is_object() || depth > kMaxExpansion) return;
        if (std::find(out.begin(), out.end(), s) != out.end()) return;
        out.push_back(s);
        if (const json::Value ref = s["$ref"]; ref.valid() && ref.is_string()) {
            const std::string_view r = ref.as_string();
            if (!r.empty() && r[0] == '#') expand(schema_.resolve(r.substr(1)), out, depth + 1);
        }
        for (const char* list : {"allOf", "anyOf", "oneOf"})
            if (const json::Value l = s[list]; l.valid() && l.is_array())
                for (std::size_t i = 0; i < l.size(); ++i) expand(l.at(i), out, depth + 1);
        for (const char* branch : {"then", "else"}) expand(s[branch], out, depth + 1);
    }

    // Whether `s` says anything about an object's member names.
    static bool names_members(json::Value s) {
        return s["properties"].valid() || s["patternProperties"].valid() || s["additionalProperties"].valid() ||
               s["propertyNames"].valid();
    }

    // The schemas of member `key` (or element `index` when key is null) of a
    // value under `schemas`; false when a schema leaves it open.
    bool child(const std::vector<json::Value>& schemas, const std::string_view* key, std::size_t index,
               std::vector<json::Value>& out) const {
        bool said = false;
        for (const json::Value s : schemas) {
            if (key) {
                if (!names_members(s)) continue;
                said = true;
                bool found = false;
                if (const json::Value p = s["properties"][*key]; p.valid()) {
                    expand(p, out);
                    found = true;
                }
                const json::Value pp = s["patternProperties"];
                for (std::size_t i = 0; pp.valid() && pp.is_object() && i < pp.size(); ++i)
                    if (matches(pp.key_at(i), *key)) {
                        expand(pp.at(i), out);
                        found = true;
                    }
                if (!found) {
                    const json::Value ap = s["additionalProperties"];
                    if (!ap.valid() || (ap.is_bool() && ap.as_bool())) return false;
                    expand(ap, out);
                }
            } else {
                const json::Value items = s["items"];
                if (!items.valid()) continue;
                said = true;
                if (items.is_array())
                    expand(index < items.size() ? items.at(index) : s["additionalItems"], out);
                else
                    expand(items, out);
            }
        }
        return said;
    }

    FieldNames::Verdict member(const std::vector<json::Value>& schemas, std::string_view field) const {
        std::vector<std::string_view> names;
        bool said = false;
        for (const json::Value s : schemas) {
            if (!names_members(s)) continue;
            said = true;
            const json::Value props = s["properties"];
            for (std::size_t i = 0; props.valid() && props.is_object() && i < props.size(); ++i) {
                if (props.key_at(i) == field) return {};
                names.push_back(props.key_at(i));
            }
            const json::Value pp = s["patternProperties"];
            for (std::size_t i = 0; pp.valid() && pp.is_object() && i < pp.size(); ++i)
                if (matches(pp.key_at(i), field)) return {};
            const json::Value ap = s["additionalProperties"];
            if (ap.valid() && ap.is_bool() && !ap.as_bool()) continue;
            // Open to more members: those propertyNames allows (a year-keyed
            // map's "^[0-9]{4}$"), or any name.
            std::vector<json::Value> name_schemas;
            expand(s["propertyNames"], name_schemas);
            bool constrained = false, allowed = true;
            for (const json::Value n : name_schemas) {
                if (const json::Value pattern = n["pattern"]; pattern.valid() && pattern.is_string()) {
                    constrained = true;
                    allowed = allowed && matches(pattern.as_string(), field);
                }
                if (const json::Value e = n["enum"]; e.valid() && e.is_array()) {
                    constrained = true;
                    bool listed = false;
                    for (std::size_t i = 0; i < e.size(); ++i)
                        if (e.at(i).is_string()) {
                            names.push_back(e.at(i).as_string());
                            listed = listed || e.at(i).as_string() == field;
                        }
                    allowed = allowed && listed;
                }
            }
            if (!constrained || allowed) return {};
        }
        if (!said) return {};
        return {false, text::closest_name(field, names)};
    }

private:
    const json::Document& schema_;
};

}  // namespace

FieldNames::FieldNames(std::shared_ptr<const json::Document> schema, std::string name)
    : schema_(std::move(schema)), name_(std::move(name)) {
    if (!schema_) return;
    // Every value of the schema document (ids are dense): the members of
    // each `properties` object are names the schema defines somewhere.
    for (std::uint32_t id = 0; id < schema_->value_count(); ++id) {
        const json::Value v = schema_->value(id);
        if (id == 0 || !v.is_object() || !v.parent().is_object()) continue;
        if (v.parent().key_at(v.index_in_parent()) != "properties") continue;
        for (std::size_t i = 0; i < v.size(); ++i) all_names_.emplace_back(v.key_at(i));
    }
    std::sort(all_names_.begin(), all_names_.end());
    all_names_.erase(std::unique(all_names_.begin(), all_names_.end()), all_names_.end());
}

FieldNames::Verdict FieldNames::check(json::Value object, std::string_view field) const {
    if (!schema_ || !object.valid() || !object.is_object()) return {};
    // The way from the document's root to the object: member names, or
    // element positions (marked by an absent name).
    struct Step {
        std::string_view key;
        bool is_key;
        std::size_t index;
    };
    std::vector<Step> steps;
    for (json::Value v = object; v.id() != 0; v = v.parent()) {
        const json::Value parent = v.parent();
        const std::size_t i = v.index_in_parent();
        steps.push_back(parent.is_object() ? Step{parent.key_at(i), true, i} : Step{{}, false, i});
    }
    std::reverse(steps.begin(), steps.end());
    const Walk walk(*schema_);
    std::vector<json::Value> schemas;
    walk.expand(schema_->root(), schemas);
    for (const Step& step : steps) {
        std::vector<json::Value> next;
        if (!walk.child(schemas, step.is_key ? &step.key : nullptr, step.index, next) || next.empty()) return {};
        schemas = std::move(next);
    }
    Verdict verdict = walk.member(schemas, field);
    if (verdict.defined || std::binary_search(all_names_.begin(), all_names_.end(), field)) return {};
    if (verdict.closest.empty()) {
        const std::vector<std::string_view> names(all_names_.begin(), all_names_.end());
        verdict.closest = text::closest_name(field, names);
    }
    return verdict;
}

}  // namespace budgetcheck::rules
