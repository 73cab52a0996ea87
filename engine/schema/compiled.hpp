// The compiled form of a schema, shared by compile.cpp and validate.cpp.
// Every subschema becomes a Node; references between nodes are indices, so
// `$ref` cycles are plain graph edges and nothing is resolved while validating.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/pattern.hpp"
#include "json/document.hpp"
#include "schema/format.hpp"
#include "schema/number.hpp"
#include "schema/validator.hpp"

namespace budgetcheck::schema {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

// Bit per JSON Schema type name.
enum TypeBit : std::uint8_t {
    kTypeNull = 1,
    kTypeBoolean = 2,
    kTypeObject = 4,
    kTypeArray = 8,
    kTypeNumber = 16,
    kTypeString = 32,
    kTypeInteger = 64,
};


struct NumberBound {
    Decimal value;
    std::string_view text;  // as written in the schema, for messages
};

struct Dependency {
    std::string_view property;
    NodeId schema = kNoNode;                 // schema form
    std::vector<std::string_view> required;  // array form
};

struct Node {
    json::Value schema;   // the schema value itself (object or boolean)
    std::string pointer;  // "#/properties/unit"
    std::string_view title;

    // Boolean schemas; `false` rejects everything.
    bool is_boolean = false;
    bool boolean_value = true;
    // Draft-07: a `$ref` replaces every sibling keyword.
    NodeId ref = kNoNode;

    std::uint8_t types = 0;   // TypeBit mask; 0 = no `type`
    json::Value enum_values;  // array, when present
    json::Value const_value;  // when present (may itself be null, so check valid())

    std::optional<NumberBound> multiple_of, minimum, maximum, exclusive_minimum, exclusive_maximum;
    std::optional<std::uint64_t> min_length, max_length, min_items, max_items, min_properties, max_properties;
    const Pattern* pattern = nullptr;
    std::optional<Format> format;

    NodeId items = kNoNode;           // single-schema form
    std::vector<NodeId> tuple_items;  // array form
    bool has_tuple_items = false;
    NodeId additional_items = kNoNode;  // only with the array form
    bool unique_items = false;
    NodeId contains = kNoNode;

    std::vector<std::string_view> required;
    std::vector<std::pair<std::string_view, NodeId>> properties;  // sorted by name
    std::vector<std::pair<const Pattern*, NodeId>> pattern_properties;
    NodeId additional_properties = kNoNode;
    std::vector<Dependency> dependencies;
    NodeId property_names = kNoNode;

    NodeId if_ = kNoNode, then_ = kNoNode, else_ = kNoNode;
    std::vector<NodeId> all_of, any_of, one_of;
    NodeId not_ = kNoNode;

    bool x_money = false;
};

}  // namespace budgetcheck::schema

struct budgetcheck::schema::CompiledSchema::Impl {
    std::vector<std::shared_ptr<const json::Document>> documents;  // kept alive for Node::schema
    std::vector<std::unique_ptr<Pattern>> patterns;                // stable addresses
    std::vector<Node> nodes;
    NodeId root = kNoNode;
};

namespace budgetcheck::schema {

// Kind test that is safe on an absent (invalid) value.
inline bool has_kind(json::Value value, json::Kind kind) { return value.valid() && value.kind() == kind; }

}  // namespace budgetcheck::schema
