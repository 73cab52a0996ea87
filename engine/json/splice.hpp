// Editing a JSON document's text in place: a few values replaced, everything
// else (layout, comments-free formatting, member order) kept byte for byte,
// so a hand-formatted file stays readable and its diff shows only the edits.
// Used where a person's file is rewritten by a command (new-pack).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::json {

// Byte offset just past `value` in its document's source.
std::uint64_t end_offset(Value value);

struct Splice {
    std::uint64_t offset = 0;  // first byte replaced
    std::uint64_t length = 0;  // bytes replaced (0: insert)
    std::string text;
};

// `source` with the splices applied; they must not overlap.
std::string apply_splices(std::string_view source, std::vector<Splice> splices);

// A splice replacing `value` with `text`.
Splice replace_value(Value value, std::string text);

// The object or array `container` written again with other members
// (`key_value` pairs, keys unquoted) or elements, in the layout of the
// original: the same whitespace after the opening bracket, between members
// and before the closing one (one-line stays one-line). Values are JSON text.
std::string rewrite_object(Value container, const std::vector<std::pair<std::string, std::string>>& members);
std::string rewrite_array(Value container, const std::vector<std::string>& elements);

}  // namespace budgetcheck::json
