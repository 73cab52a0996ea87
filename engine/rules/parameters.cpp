#include "rules/parameters.hpp"

#include <memory>
#include <mutex>
#include <variant>

#include "schema/metaschema.hpp"

namespace budgetcheck::rules {

namespace {

// The draft-07 meta-schema, compiled once: a declared schema must pass it.
const schema::CompiledSchema* metaschema() {
    static std::once_flag once;
    static std::unique_ptr<schema::CompiledSchema> compiled;
    std::call_once(once, [] {
        auto c = schema::CompiledSchema::compile(schema::draft07_metaschema(),
                                                 std::string(schema::kDraft07MetaSchemaUri));
        if (auto* s = std::get_if<schema::CompiledSchema>(&c))
            compiled = std::make_unique<schema::CompiledSchema>(std::move(*s));
    });
    return compiled.get();
}

std::string text_of(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

// The parameter a value of the defaults object belongs to.
std::string path_name_of(json::Value v) {
    while (v.valid() && v.id() != 0 && v.parent().id() != 0) v = v.parent();
    return v.valid() && v.id() != 0 ? std::string(v.parent().key_at(v.index_in_parent())) : std::string();
}

Message problem(const std::string& sv, const std::string& en) { return Message{"'parameters': " + sv, "'parameters': " + en}; }

}  // namespace

std::vector<Message> parameter_schema_problems(const std::string& schema_json, std::vector<RuleParameter>& out) {
    std::vector<Message> problems;
    json::ParseResult parsed = json::parse(schema_json);
    if (!parsed.document) {
        problems.push_back(problem("kunde inte göras om till JSON", "could not be turned into JSON"));
        return problems;
    }
    const auto doc = std::shared_ptr<const json::Document>(std::move(parsed.document));
    const json::Value root = doc->root();
    if (const schema::CompiledSchema* meta = metaschema()) {
        for (const auto& v : meta->validate(root).violations) {
            const std::string at = v.instance.pointer();
            problems.push_back(problem("är inget giltigt JSON Schema (draft-07) vid " + (at.empty() ? "/" : at) +
                                           ": " + v.message.sv,
                                       "is not a valid JSON Schema (draft-07) at " + (at.empty() ? "/" : at) + ": " +
                                           v.message.en));
        }
    }
    if (!problems.empty()) return problems;
    if (text_of(root["type"]) != "object")
        problems.push_back(problem("ska beskriva ett objekt: type = \"object\"", "must describe an object: type = \"object\""));
    const json::Value props = root["properties"];
    if (!props.valid() || props.size() == 0)
        problems.push_back(problem("behöver minst en parameter under properties = { namn = { ... } }",
                                   "needs at least one parameter under properties = { name = { ... } }"));
    const json::Value additional = root["additionalProperties"];
    if (!additional.valid() || !additional.is_bool() || additional.as_bool())
        problems.push_back(problem("additionalProperties ska vara false (eller utelämnas), så att ett felstavat "
                                   "parameternamn i ett policypaket blir ett fel",
                                   "additionalProperties must be false (or left out), so that a misspelt parameter "
                                   "name in a policy pack is an error"));
    for (std::size_t i = 0; props.valid() && i < props.size(); ++i) {
        const std::string name(props.key_at(i));
        const json::Value p = props.at(i);
        RuleParameter param{name, {}, json::compact_text(p["default"]), {text_of(p["description"]), text_of(p[kDescriptionEn])}};
        const json::Value type = p["type"];
        if (type.valid() && type.is_string()) param.type = std::string(type.as_string());
        for (std::size_t t = 0; type.valid() && type.is_array() && t < type.size(); ++t)
            param.type += (t ? "|" : "") + text_of(type.at(t));
        if (param.type.empty())
            problems.push_back(problem("parametern '" + name + "' saknar type (t.ex. type = \"integer\")",
                                       "the parameter '" + name + "' has no type (e.g. type = \"integer\")"));
        if (!p["default"].valid())
            problems.push_back(problem("parametern '" + name + "' saknar default: värdet regeln får när "
                                           "policypaketet inte anger något",
                                       "the parameter '" + name + "' has no default: the value the rule gets when "
                                           "the policy pack sets none"));
        if (param.description.sv.empty() || param.description.en.empty())
            problems.push_back(problem("parametern '" + name + "' behöver description = { sv = \"...\", en = \"...\" }",
                                       "the parameter '" + name + "' needs description = { sv = \"...\", en = \"...\" }"));
        out.push_back(std::move(param));
    }
    if (!problems.empty()) return problems;
    // Every default must pass its own schema: the rule runs with them.
    std::string defaults = "{";
    for (const RuleParameter& p : out)
        defaults += (defaults.size() > 1 ? ", " : "") + json::quote(p.name) + ": " + p.default_json;
    json::ParseResult d = json::parse(defaults + "}");
    const auto result = validate_parameters(schema_json, d.document ? d.document->root() : json::Value());
    for (const auto& v : result.violations)
        problems.push_back(problem("standardvärdet av '" + path_name_of(v.instance) + "' godtas inte av sitt eget schema: " +
                                       v.message.sv,
                                   "the default of '" + path_name_of(v.instance) + "' fails its own schema: " +
                                       v.message.en));
    return problems;
}

schema::ValidationResult validate_parameters(const std::string& schema_json, json::Value values) {
    schema::ValidationResult none;
    json::ParseResult parsed = json::parse(schema_json);
    if (!parsed.document || !values.valid()) return none;
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)),
                                                    "urn:budgetcheck:rule-parameters");
    if (auto* s = std::get_if<schema::CompiledSchema>(&compiled)) return s->validate(values);
    schema::Violation v;
    v.keyword = "schema";
    v.instance = values;
    v.message = Message::english_only(std::get<std::string>(compiled));
    none.violations.push_back(std::move(v));
    return none;
}

}  // namespace budgetcheck::rules
