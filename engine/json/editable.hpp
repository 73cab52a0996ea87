// An editable copy of a JSON value, for rule test cases that are "a sample
// plus a small patch" (RFC 6902 add / replace / remove). Numbers keep their
// exact text. The result is printed and parsed again, so findings on a
// patched case point at real lines.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::json {

struct Editable {
    struct Number { std::string text; };
    using Array = std::vector<Editable>;
    using Object = std::vector<std::pair<std::string, Editable>>;  // keeps member order
    std::variant<std::monostate, bool, Number, std::string, Array, Object> data;
};

Editable to_editable(Value value);
// Pretty-printed JSON, two-space indent.
std::string to_json_text(const Editable& value);
// Applies a JSON Patch (an array of operations); the error names the
// operation's index and what went wrong.
std::optional<std::string> apply_patch(Editable& target, Value patch);

}  // namespace budgetcheck::json
