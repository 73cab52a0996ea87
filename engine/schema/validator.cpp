// Schema evaluation. Two modes share one walk: reporting (the path whose
// failures the user sees: every keyword checked, every violation recorded)
// and speculative (branches of anyOf/oneOf/not/if/contains/propertyNames:
// stop at the first failure, record nothing). A failed speculative branch
// also drops the x-money annotations it collected.
#include <algorithm>
#include <unordered_map>

#include "schema/compiled.hpp"
#include "schema/json_hash.hpp"
#include "schema/messages.hpp"
#include "text/suggest.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::schema {
namespace {

// Below this size uniqueItems compares pairs directly; above, it hashes.
constexpr std::size_t kUniqueItemsHashThreshold = 16;

// expected/actual of a pattern match that hit the step or memory limit.
const std::string kUncheckedExpected = "a match within " + std::to_string(kPatternMatchSteps) + " steps";
const std::string kUncheckedActual = "limit reached";

class Evaluator {
public:
    Evaluator(const CompiledSchema::Impl& schema, ValidationResult& result, std::size_t max_per_keyword)
        : nodes_(schema.nodes), violations_(result.violations), money_(result.money_values),
          omitted_(result.omitted), max_per_keyword_(max_per_keyword) {}

    bool eval(NodeId id, const Instance& in, bool report, unsigned depth) {
        const Node& node = nodes_[id];
        if (depth > kMaxEvaluationDepth) {
            if (report) add(node, "depth", in, depth_message(field(in, node), kMaxEvaluationDepth), "", "");
            return false;
        }
        if (node.ref != kNoNode) return eval(node.ref, in, report, depth + 1);
        if (node.is_boolean) {
            if (!node.boolean_value && report) report_false(node, in);
            return node.boolean_value;
        }
        bool ok = true;
        // Returns true when evaluation of this node should stop.
        const auto failed = [&] {
            ok = false;
            return !report;
        };

        if (node.types != 0 && !type_matches(node.types, in)) {
            if (report) report_type(node, in);
            if (failed()) return false;
        }
        if (node.enum_values.valid() && !in_enum(node.enum_values, in)) {
            if (report)
                add(node, "enum", in, enum_message(field(in, node), in, node.enum_values), enum_list(node.enum_values),
                    render(in));
            if (failed()) return false;
        }
        if (node.const_value.valid() && !equal(in, node.const_value)) {
            if (report)
                add(node, "const", in, const_message(field(in, node), in, node.const_value), render(node.const_value),
                    render(in));
            if (failed()) return false;
        }
        switch (in.kind()) {
            case json::Kind::Number:
                if (!check_number(node, in, report) && failed()) return false;
                break;
            case json::Kind::String:
                if (!check_string(node, in, report) && failed()) return false;
                break;
            case json::Kind::Array:
                if (!check_array(node, in, report, depth) && failed()) return false;
                break;
            case json::Kind::Object:
                if (!check_object(node, in, report, depth) && failed()) return false;
                break;
            default: break;
        }
        if (!check_combinators(node, in, report, depth) && failed()) return false;

        if (ok && node.x_money && !in.key) money_.push_back(in.value.id());
        return ok;
    }

private:
    static bool type_matches(std::uint8_t types, const Instance& in) {
        switch (in.kind()) {
            case json::Kind::Null: return types & kTypeNull;
            case json::Kind::Bool: return types & kTypeBoolean;
            case json::Kind::Object: return types & kTypeObject;
            case json::Kind::Array: return types & kTypeArray;
            case json::Kind::String: return types & kTypeString;
            case json::Kind::Number: {
                if (types & kTypeNumber) return true;
                if (!(types & kTypeInteger)) return false;
                const auto d = parse_decimal(in.value.number_text());
                return d && d->is_integer();
            }
        }
        return false;
    }

    static bool equal(const Instance& in, json::Value expected) {
        if (in.key) return has_kind(expected, json::Kind::String) && expected.as_string() == *in.key;
        return json::json_equal(in.value, expected);
    }

    static bool in_enum(json::Value values, const Instance& in) {
        for (std::size_t i = 0; i < values.size(); ++i)
            if (equal(in, values.at(i))) return true;
        return false;
    }

    void add(const Node& node, std::string_view keyword, const Instance& in, Message message, std::string expected,
             std::string actual, bool at_key = false) {
        keep({std::string(keyword), in.value, node.pointer + "/" + std::string(keyword), std::move(message),
              std::move(expected), std::move(actual), at_key || in.key});
    }

    // Records a violation on the reported path, or counts it as omitted once
    // its keyword has max_per_keyword_. An explanation (explain()) collects
    // every reason: it only scores branches and is dropped afterwards.
    void keep(Violation v) {
        if (explaining_ == 0 && seen_[v.keyword]++ >= max_per_keyword_) {
            const auto it = std::find_if(omitted_.begin(), omitted_.end(),
                                         [&](const ValidationResult::Omitted& o) { return o.keyword == v.keyword; });
            if (it == omitted_.end()) omitted_.push_back({std::move(v.keyword), 1});
            else ++it->count;
            return;
        }
        violations_.push_back(std::move(v));
    }

    void report_type(const Node& node, const Instance& in) {
        add(node, "type", in, type_message(field(in, node), node.types, in), type_list(node.types),
            std::string(kind_label(in)));
    }

    // A `false` subschema: name the keyword that led here (additionalProperties,
    // items, ...) rather than "false", since that is what the author wrote.
    void report_false(const Node& node, const Instance& in) {
        const std::string_view keyword = keyword_of_false_schema(node.pointer);
        // A member that may not be there at all: the fault is its name.
        const bool member = keyword == "additionalProperties" || keyword == "properties" ||
                            keyword == "patternProperties";
        Violation v{std::string(keyword),
                    in.value,
                    node.pointer,
                    not_allowed_message(in),
                    "absent",
                    "present",
                    in.key || (member && in.value.parent().is_object())};
        keep(std::move(v));
    }

    bool rejects_everything(NodeId id) const {
        while (nodes_[id].ref != kNoNode) id = nodes_[id].ref;
        return nodes_[id].is_boolean && !nodes_[id].boolean_value;
    }

    // A member `additionalProperties: false` refuses is most often a typo:
    // name the closest property this object may have (one not already there).
    void report_unknown_member(const Node& node, const Instance& member, std::string_view key, json::Value object) {
        std::vector<std::string_view> names;
        for (const auto& [name, schema] : node.properties)
            if (!object.find(name).valid()) names.push_back(name);
        const std::string suggestion = text::closest_name(key, names);
        keep({"additionalProperties", member.value, node.pointer + "/additionalProperties",
              unknown_member_message(member, suggestion), "absent", "present", true});  // the fault is the name
    }

    bool check_number(const Node& node, const Instance& in, bool report) {
        if (!node.multiple_of && !node.minimum && !node.maximum && !node.exclusive_minimum && !node.exclusive_maximum)
            return true;
        const auto value = parse_decimal(in.value.number_text());
        if (!value) return true;  // the parser only produces valid numbers
        bool ok = true;
        const auto bound = [&](const std::optional<NumberBound>& limit, std::string_view keyword, Bound kind,
                               bool (*holds)(int)) {
            if (!limit || holds(compare(*value, limit->value)) || !record(ok, report)) return;
            add(node, keyword, in, bound_message(field(in, node), in, kind, limit->text),
                std::string(bound_symbol(kind)) + " " + std::string(limit->text), render(in));
        };
        if (node.multiple_of && !is_multiple_of(*value, node.multiple_of->value) && record(ok, report))
            add(node, "multipleOf", in, multiple_message(field(in, node), in, node.multiple_of->text),
                "multiple of " + std::string(node.multiple_of->text), render(in));
        bound(node.minimum, "minimum", Bound::Minimum, [](int c) { return c >= 0; });
        bound(node.exclusive_minimum, "exclusiveMinimum", Bound::ExclusiveMinimum, [](int c) { return c > 0; });
        bound(node.maximum, "maximum", Bound::Maximum, [](int c) { return c <= 0; });
        bound(node.exclusive_maximum, "exclusiveMaximum", Bound::ExclusiveMaximum, [](int c) { return c < 0; });
        return ok;
    }

    // Marks a failure; true when it should be recorded (reporting mode).
    static bool record(bool& ok, bool report) {
        ok = false;
        return report;
    }

    bool check_string(const Node& node, const Instance& in, bool report) {
        const std::string_view text = in.text();
        bool ok = true;
        if (node.min_length || node.max_length) {
            const std::size_t length = utf8::count_code_points(text);
            if (node.min_length && length < *node.min_length && record(ok, report))
                add(node, "minLength", in, length_message(field(in, node), length, *node.min_length, true),
                    ">= " + std::to_string(*node.min_length) + " characters", std::to_string(length) + " characters");
            if (!ok && !report) return false;
            if (node.max_length && length > *node.max_length && record(ok, report))
                add(node, "maxLength", in, length_message(field(in, node), length, *node.max_length, false),
                    "<= " + std::to_string(*node.max_length) + " characters", std::to_string(length) + " characters");
            if (!ok && !report) return false;
        }
        if (node.pattern) {
            const Pattern::Match match = node.pattern->search(text);
            if (match != Pattern::Match::Yes && record(ok, report)) {
                if (match == Pattern::Match::No)
                    add(node, "pattern", in, pattern_message(field(in, node), in, node.pattern->source()),
                        node.pattern->source(), render(in));
                else
                    add(node, "pattern", in, unchecked_pattern_message(field(in, node), node.pattern->source()),
                        kUncheckedExpected, kUncheckedActual);
            }
            if (!ok && !report) return false;
        }
        if (node.format && !matches_format(*node.format, text) && record(ok, report))
            add(node, "format", in, format_message(field(in, node), in, *node.format),
                std::string(node.schema.find("format").as_string()), render(in));
        return ok;
    }

    bool check_array(const Node& node, const Instance& in, bool report, unsigned depth) {
        const json::Value array = in.value;
        const std::size_t size = array.size();
        bool ok = true;
        // False when a speculative evaluation has failed and should stop.
        const auto item = [&](NodeId schema, std::size_t i) {
            return eval(schema, Instance{array.at(i), {}}, report, depth + 1) || record(ok, report);
        };
        if (node.has_tuple_items) {
            for (std::size_t i = 0; i < size; ++i) {
                const NodeId schema = i < node.tuple_items.size() ? node.tuple_items[i] : node.additional_items;
                if (schema != kNoNode && !item(schema, i)) return false;
            }
        } else if (node.items != kNoNode) {
            for (std::size_t i = 0; i < size; ++i)
                if (!item(node.items, i)) return false;
        }
        if (node.min_items && size < *node.min_items && record(ok, report))
            add(node, "minItems", in, count_message(field(in, node), size, *node.min_items, true, CountOf::Items),
                ">= " + std::to_string(*node.min_items) + " items", std::to_string(size) + " items");
        if (!ok && !report) return false;
        if (node.max_items && size > *node.max_items && record(ok, report))
            add(node, "maxItems", in, count_message(field(in, node), size, *node.max_items, false, CountOf::Items),
                "<= " + std::to_string(*node.max_items) + " items", std::to_string(size) + " items");
        if (!ok && !report) return false;
        if (node.unique_items && !check_unique(node, in, report) && !record(ok, report)) return false;
        if (node.contains != kNoNode) {
            bool found = false;
            for (std::size_t i = 0; i < size; ++i)
                found = speculate(node.contains, Instance{array.at(i), {}}, depth + 1) || found;
            if (!found && record(ok, report))
                add(node, "contains", in, contains_message(field(in, node), nodes_[node.contains].title),
                    "a matching item", "none");
        }
        return ok;
    }

    bool check_unique(const Node& node, const Instance& in, bool report) {
        const json::Value array = in.value;
        const std::size_t size = array.size();
        bool ok = true;
        const auto duplicate = [&](std::size_t earlier, std::size_t later) {
            ok = false;
            if (report)
                add(node, "uniqueItems", Instance{array.at(later), {}},
                    duplicate_message(field(in, node), array.at(earlier), array.at(later)), "unique items",
                    "[" + std::to_string(later) + "] = [" + std::to_string(earlier) + "]");
            return !report;
        };
        if (size <= kUniqueItemsHashThreshold) {
            for (std::size_t i = 1; i < size; ++i)
                for (std::size_t j = 0; j < i; ++j)
                    if (json::json_equal(array.at(j), array.at(i))) {
                        if (duplicate(j, i)) return false;
                        break;  // one report per duplicated item
                    }
            return ok;
        }
        std::unordered_multimap<std::size_t, std::size_t> seen;
        seen.reserve(size);
        for (std::size_t i = 0; i < size; ++i) {
            const std::size_t hash = json_hash(array.at(i));
            const auto [first, last] = seen.equal_range(hash);
            const auto match = std::find_if(
                first, last, [&](const auto& entry) { return json::json_equal(array.at(entry.second), array.at(i)); });
            if (match != last) {
                if (duplicate(match->second, i)) return false;
            } else {
                seen.emplace(hash, i);
            }
        }
        return ok;
    }

    bool check_object(const Node& node, const Instance& in, bool report, unsigned depth) {
        const json::Value object = in.value;
        const std::size_t size = object.size();
        bool ok = true;
        if (node.min_properties && size < *node.min_properties && record(ok, report))
            add(node, "minProperties", in,
                count_message(field(in, node), size, *node.min_properties, true, CountOf::Members),
                ">= " + std::to_string(*node.min_properties) + " fields", std::to_string(size) + " fields");
        if (!ok && !report) return false;
        if (node.max_properties && size > *node.max_properties && record(ok, report))
            add(node, "maxProperties", in,
                count_message(field(in, node), size, *node.max_properties, false, CountOf::Members),
                "<= " + std::to_string(*node.max_properties) + " fields", std::to_string(size) + " fields");
        if (!ok && !report) return false;
        for (std::string_view name : node.required) {
            if (object.find(name).valid() || !record(ok, report)) continue;
            add(node, "required", in, required_message(name, field(in, node)), std::string(name),
                std::string(kAbsentValue));
        }
        if (!ok && !report) return false;

        const bool members_checked = !node.properties.empty() || !node.pattern_properties.empty() ||
                                     node.additional_properties != kNoNode || node.property_names != kNoNode;
        for (std::size_t i = 0; members_checked && i < size; ++i) {
            const std::string_view key = object.key_at(i);
            const Instance member{object.at(i), {}};
            bool matched = false;
            const auto property =
                std::lower_bound(node.properties.begin(), node.properties.end(), key,
                                 [](const auto& entry, std::string_view k) { return entry.first < k; });
            if (property != node.properties.end() && property->first == key) {
                matched = true;
                if (!eval(property->second, member, report, depth + 1) && !record(ok, report)) return false;
            }
            for (const auto& [pattern, schema] : node.pattern_properties) {
                const Pattern::Match match = pattern->search(key);
                if (match == Pattern::Match::Unchecked) {
                    if (record(ok, report))
                        add(node, "patternProperties", member,
                            unchecked_pattern_message(quoted_name(key), pattern->source()), kUncheckedExpected,
                            kUncheckedActual, true);  // the name could not be matched
                    if (!report) return false;
                } else if (match == Pattern::Match::Yes) {
                    matched = true;
                    if (!eval(schema, member, report, depth + 1) && !record(ok, report)) return false;
                }
            }
            if (!matched && node.additional_properties != kNoNode) {
                if (report && rejects_everything(node.additional_properties)) {
                    record(ok, report);
                    report_unknown_member(node, member, key, object);
                } else if (!eval(node.additional_properties, member, report, depth + 1) && !record(ok, report)) {
                    return false;
                }
            }
            if (node.property_names != kNoNode &&
                !speculate(node.property_names, Instance{object.at(i), key}, depth + 1)) {
                if (record(ok, report)) {
                    const std::vector<Violation> reasons =
                        explain(node.property_names, Instance{object.at(i), key}, depth + 1);
                    add(node, "propertyNames", member, property_name_message(key, field(in, node), reasons), "",
                        std::string(key), true);
                }
                if (!report) return false;
            }
        }

        for (const Dependency& dependency : node.dependencies) {
            if (!object.find(dependency.property).valid()) continue;
            if (dependency.schema != kNoNode) {
                if (!eval(dependency.schema, in, report, depth + 1) && !record(ok, report)) return false;
                continue;
            }
            for (std::string_view name : dependency.required) {
                if (object.find(name).valid() || !record(ok, report)) continue;
                add(node, "dependencies", in, dependency_message(name, dependency.property, field(in, node)),
                    std::string(name), std::string(kAbsentValue));
            }
            if (!ok && !report) return false;
        }
        return ok;
    }

    bool check_combinators(const Node& node, const Instance& in, bool report, unsigned depth) {
        bool ok = true;
        for (NodeId branch : node.all_of)
            if (!eval(branch, in, report, depth + 1) && !record(ok, report)) return false;
        if (!node.any_of.empty()) {
            bool any = false;
            // Every branch runs: each passing one contributes annotations.
            for (NodeId branch : node.any_of) any = speculate(branch, in, depth + 1) || any;
            if (!any && record(ok, report)) report_no_branch(node, "anyOf", node.any_of, in, depth);
            if (!ok && !report) return false;
        }
        if (!node.one_of.empty()) {
            const std::size_t money_mark = money_.size();
            std::vector<std::size_t> passing;
            for (std::size_t i = 0; i < node.one_of.size(); ++i)
                if (speculate(node.one_of[i], in, depth + 1)) passing.push_back(i);
            if (passing.size() > 1) money_.resize(money_mark);
            if (passing.empty() && record(ok, report)) report_no_branch(node, "oneOf", node.one_of, in, depth);
            if (passing.size() > 1 && record(ok, report))
                add(node, "oneOf", in, several_branches_message(field(in, node), passing), "exactly one alternative",
                    std::to_string(passing.size()) + " alternatives");
            if (!ok && !report) return false;
        }
        if (node.not_ != kNoNode) {
            const std::size_t money_mark = money_.size();
            const bool matched = eval(node.not_, in, false, depth + 1);
            money_.resize(money_mark);  // `not` never contributes annotations
            if (matched && record(ok, report))
                add(node, "not", in, not_message(field(in, node), in, nodes_[node.not_].title), "not this value",
                    render(in));
            if (!ok && !report) return false;
        }
        if (node.if_ != kNoNode) {
            const NodeId next = speculate(node.if_, in, depth + 1) ? node.then_ : node.else_;
            if (next != kNoNode && !eval(next, in, report, depth + 1) && !record(ok, report)) return false;
        }
        return ok;
    }

    // Runs a branch without reporting; a failed branch leaves no annotations.
    bool speculate(NodeId id, const Instance& in, unsigned depth) {
        const std::size_t money_mark = money_.size();
        const bool ok = eval(id, in, false, depth);
        if (!ok) money_.resize(money_mark);
        return ok;
    }

    // The violations a failed branch would report, without keeping them.
    std::vector<Violation> explain(NodeId id, const Instance& in, unsigned depth) {
        const std::size_t violation_mark = violations_.size();
        const std::size_t money_mark = money_.size();
        ++explaining_;
        eval(id, in, true, depth);
        --explaining_;
        std::vector<Violation> reasons(
            std::make_move_iterator(violations_.begin() + static_cast<std::ptrdiff_t>(violation_mark)),
            std::make_move_iterator(violations_.end()));
        violations_.resize(violation_mark);
        money_.resize(money_mark);
        return reasons;
    }

    // One violation for a whole anyOf/oneOf, quoting the closest branch: the
    // one with the fewest problems, preferring branches of the right type.
    void report_no_branch(const Node& node, std::string_view keyword, const std::vector<NodeId>& branches,
                          const Instance& in, unsigned depth) {
        std::vector<Violation> best;
        NodeId best_branch = kNoNode;
        std::size_t best_score = 0;
        for (NodeId branch : branches) {
            std::vector<Violation> reasons = explain(branch, in, depth + 1);
            std::size_t score = reasons.size();
            for (const Violation& reason : reasons)
                if (reason.instance == in.value &&
                    (reason.keyword == "type" || reason.keyword == "const" || reason.keyword == "enum"))
                    score += 1000;
            if (best_branch == kNoNode || score < best_score) {
                best = std::move(reasons);
                best_branch = branch;
                best_score = score;
            }
        }
        const Violation* closest = best.empty() ? nullptr : &best.front();
        add(node, keyword, in,
            no_branch_message(field(in, node), branches.size(), nodes_[best_branch].title, closest, best.size()),
            closest ? closest->expected : "", closest ? closest->actual : render(in));
    }

    const std::vector<Node>& nodes_;
    std::vector<Violation>& violations_;
    std::vector<std::uint32_t>& money_;
    std::vector<ValidationResult::Omitted>& omitted_;
    const std::size_t max_per_keyword_;
    std::unordered_map<std::string, std::size_t> seen_;  // violations per keyword so far, kept or not
    unsigned explaining_ = 0;                             // explain() calls in progress
};

}  // namespace

ValidationResult CompiledSchema::validate(json::Value instance, std::size_t max_per_keyword) const {
    ValidationResult result;
    if (!impl_ || !instance.valid()) return result;
    try {
        Evaluator(*impl_, result, max_per_keyword).eval(impl_->root, Instance{instance, {}}, true, 0);
    } catch (const std::exception& e) {  // out of memory; nothing else throws
        result.violations.push_back({"error", instance, "#", internal_error_message(e.what()), "", ""});
    }
    std::sort(result.money_values.begin(), result.money_values.end());
    result.money_values.erase(std::unique(result.money_values.begin(), result.money_values.end()),
                              result.money_values.end());
    return result;
}

}  // namespace budgetcheck::schema
