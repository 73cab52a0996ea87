// JSON Schema draft-07 validation of a json::Document.
//
// Why our own: Debian's valijson ignores `$id`, aborts or throws on bad
// input and has no JSON Pointers (see /work/shared/ENGINEERING.md). This one
// passes the whole draft-07 conformance suite, reports every violation with
// the instance's position and a message a budget controller can act on, and
// collects the `x-money` annotation so money is read from exact decimal text.
//
// Compile once, validate many: a CompiledSchema is immutable, cheap to copy
// (shared state) and safe to use from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"

namespace budgetcheck::schema {

// Validation stops descending past this many nested subschema evaluations
// and reports keyword "depth". Documents nest at most 512 levels, and each
// level may pass through a few `$ref`/`allOf` hops.
inline constexpr unsigned kMaxEvaluationDepth = 1024;

// Every keyword a Violation can carry (reports list a rule per keyword,
// schema.<keyword>, whether it fired or not): the validation keywords, those
// a `false` subschema is reported under, "depth" (nesting too deep to
// evaluate) and "error" (the validator itself failed).
inline constexpr std::string_view kViolationKeywords[] = {
    "additionalItems", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependencies",
    "depth", "else", "enum", "error", "exclusiveMaximum", "exclusiveMinimum", "false", "format",
    "if", "items", "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength",
    "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern", "patternProperties",
    "properties", "propertyNames", "required", "then", "type", "uniqueItems"};

struct Violation {
    std::string keyword;         // "enum", "required", "anyOf", ...
    json::Value instance;        // the offending value (pointer, line, column)
    std::string schema_pointer;  // "#/properties/unit/enum"; other documents: "uri#/..."
    Message message;             // names the field, what was expected and found
    std::string expected;        // short, e.g. "\"kr\", \"tkr\", \"mnkr\""
    std::string actual;          // short, e.g. "\"kkr\""
    // The violation concerns a member's name, not its value (a misspelt
    // field refused by additionalProperties, a name propertyNames refuses):
    // position() is then where the key is written.
    bool at_key = false;

    // Where an editor should put the cursor: the key or the value.
    json::Position position() const {
        if (at_key && instance.parent().is_object())
            return instance.parent().key_position(instance.index_in_parent());
        return instance.position();
    }
};

struct ValidationResult {
    // Evaluation order: an object's own checks (required, ...) before its
    // members', members and items in document order.
    std::vector<Violation> violations;
    // json::Value::id() of every value that passed a subschema carrying
    // `"x-money": true`; sorted, unique. Values reached only through a failed
    // anyOf/oneOf branch, a failed `if`, a `not`, or a non-matching `contains`
    // item contribute nothing. On the reported path a value that passed keeps
    // its mark even when a sibling check fails, so money stays readable in a
    // document with unrelated violations.
    std::vector<std::uint32_t> money_values;
    // Violations past validate()'s cap on one keyword, not kept in
    // `violations` (a hostile file could otherwise make millions): how many
    // were left out per keyword, in the order the first was left out.
    struct Omitted {
        std::string keyword;
        std::uint64_t count = 0;
    };
    std::vector<Omitted> omitted;
    bool valid() const { return violations.empty() && omitted.empty(); }
};

// No cap: every violation kept (schema files, policy packs, tests).
inline constexpr std::size_t kAllViolations = static_cast<std::size_t>(-1);

// Returns the document for an absolute URI (without fragment), or null when
// unknown. Called only while compiling. The draft-07 meta-schema
// (http://json-schema.org/draft-07/schema) is built in when the loader lacks it.
using RemoteLoader = std::function<std::shared_ptr<const json::Document>(std::string_view uri)>;

class CompiledSchema {
public:
    // Resolves every reachable `$ref` (loading remote documents through
    // `loader`) and compiles every regex. The error names the schema location
    // and the problem: unresolvable `$ref`, a keyword with a malformed value,
    // a pattern PCRE2 cannot compile, or a `$ref`/`allOf`/... loop that
    // never descends into the document (it could only recurse forever).
    static std::variant<CompiledSchema, std::string> compile(std::shared_ptr<const json::Document> schema,
                                                             std::string base_uri = {}, RemoteLoader loader = {});

    // Keeps the first `max_per_keyword` violations of each keyword in
    // evaluation order (document order) and counts the rest in `omitted`.
    ValidationResult validate(json::Value instance, std::size_t max_per_keyword = kAllViolations) const;

    struct Impl;
    // The compiled nodes (schema/compiled.hpp), for readers of the schema's
    // annotations (place.hpp reads titles).
    const Impl& impl() const { return *impl_; }

private:
    explicit CompiledSchema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

}  // namespace budgetcheck::schema
