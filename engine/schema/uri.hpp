// The little of RFC 3986 that `$id` and `$ref` need.
#pragma once

#include <string>
#include <string_view>

namespace budgetcheck::schema {

// Resolves `reference` against `base` (RFC 3986 section 5.2). An empty base
// leaves relative references relative, which is how a schema without `$id`
// names its own parts ("#/definitions/x").
std::string resolve_uri(std::string_view base, std::string_view reference);

struct UriParts {
    std::string_view resource;  // everything before '#'
    std::string_view fragment;  // after '#', empty when absent
};
UriParts split_fragment(std::string_view uri);

// "%25" -> "%"; malformed escapes are kept as written.
std::string percent_decode(std::string_view text);

}  // namespace budgetcheck::schema
