// Rule parameters: a rule declares the values a policy pack may set for it
// as a JSON Schema (draft-07) of an object in its `parameters` field (as
// ESLint's meta.schema); every property has a type, a default and a
// description in Swedish and English. The Lua layer turns the Lua table
// into JSON text (engine/lua/parameters.cpp); the checks on that schema and
// on a pack's values are here, Lua-free, done with our own validator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "rules/rule_info.hpp"
#include "schema/validator.hpp"

namespace budgetcheck::rules {

// The key the English description is kept under in the JSON Schema: a
// rule writes description = { sv = "...", en = "..." } like its title, and
// JSON Schema's own `description` gets the Swedish text.
inline constexpr std::string_view kDescriptionEn = "x-description-en";

// The problems of a declared parameter schema (JSON text): not valid
// draft-07, not an object schema, a property without type, default or a
// description in both languages, a default its own schema refuses. On
// success `out` lists the parameters by name.
std::vector<Message> parameter_schema_problems(const std::string& schema_json, std::vector<RuleParameter>& out);

// A pack's values for one rule (`values`, an object in the pack) checked
// against the rule's parameter schema; empty when valid.
schema::ValidationResult validate_parameters(const std::string& schema_json, json::Value values);

}  // namespace budgetcheck::rules
