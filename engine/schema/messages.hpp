// Violation messages in Swedish and English, written for budget controllers:
// each names the field, what was expected and what was found.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/compiled.hpp"

namespace budgetcheck::schema {

// What a subschema is applied to: a value, or (under propertyNames) the
// name of an object member, reported at that member's value.
struct Instance {
    json::Value value;
    std::optional<std::string_view> key;

    json::Kind kind() const { return key ? json::Kind::String : value.kind(); }
    std::string_view text() const { return key ? *key : value.as_string(); }
};

// The member name ("unit"), with indices for list items ("lines[3]"); empty
// for the document itself.
std::string path_name(json::Value value);
// "'name'", or "" for an empty name.
std::string quoted_name(std::string_view name);
// The field as messages show it: "'unit'"; with the subschema's `title`,
// "'Belopp' (amount)", since a shared definition's title names a kind of
// field, the key says which one. Empty for the untitled document itself.
std::string field(const Instance& in, const Node& node);

// A value as shown in messages: strings quoted (long ones shortened),
// numbers as written, containers described ("an object").
std::string render(json::Value value);
std::string render(const Instance& in);

std::string type_list(std::uint8_t types);        // "integer|null"
std::string_view kind_label(const Instance& in);  // "string", "integer", ...
std::string enum_list(json::Value values);        // "\"kr\", \"tkr\""
std::string_view keyword_of_false_schema(std::string_view pointer);

enum class Bound : std::uint8_t { Minimum, ExclusiveMinimum, Maximum, ExclusiveMaximum };
std::string_view bound_symbol(Bound bound);  // ">=", ">", "<=", "<"
enum class CountOf : std::uint8_t { Items, Members };

// Each `name`/`container` below is a field() label.
Message type_message(const std::string& name, std::uint8_t types, const Instance& in);
Message enum_message(const std::string& name, const Instance& in, json::Value values);
Message const_message(const std::string& name, const Instance& in, json::Value expected);
Message bound_message(const std::string& name, const Instance& in, Bound bound, std::string_view limit);
Message multiple_message(const std::string& name, const Instance& in, std::string_view divisor);
Message length_message(const std::string& name, std::size_t length, std::uint64_t limit, bool minimum);
Message pattern_message(const std::string& name, const Instance& in, const std::string& pattern);
// A pattern match that hit PCRE2's step or memory limit (never a pass).
Message unchecked_pattern_message(const std::string& name, const std::string& pattern);
Message format_message(const std::string& name, const Instance& in, Format format);
Message count_message(const std::string& name, std::size_t count, std::uint64_t limit, bool minimum, CountOf of);
Message duplicate_message(const std::string& name, json::Value earlier, json::Value later);
Message contains_message(const std::string& name, std::string_view item_title);
Message required_message(std::string_view missing, const std::string& container);
Message dependency_message(std::string_view missing, std::string_view present, const std::string& container);
Message property_name_message(std::string_view key, const std::string& container,
                              const std::vector<Violation>& reasons);
Message not_allowed_message(const Instance& in);
// An object member no property and no pattern allows; `suggestion` is the
// closest allowed name ("" when none is close).
Message unknown_member_message(const Instance& member, const std::string& suggestion);
Message not_message(const std::string& name, const Instance& in, std::string_view excluded_title);
Message several_branches_message(const std::string& name, const std::vector<std::size_t>& passing);
Message no_branch_message(const std::string& name, std::size_t branches, std::string_view closest_title,
                          const Violation* closest, std::size_t closest_reasons);
Message depth_message(const std::string& name, unsigned limit);
Message internal_error_message(std::string_view what);

}  // namespace budgetcheck::schema
