// The draft-07 meta-schema, so schemas can `$ref` it without a network.
#pragma once

#include <memory>
#include <string_view>

#include "json/document.hpp"

namespace budgetcheck::schema {

inline constexpr std::string_view kDraft07MetaSchemaUri = "http://json-schema.org/draft-07/schema";

// Parsed once, on first use.
std::shared_ptr<const json::Document> draft07_metaschema();

}  // namespace budgetcheck::schema
