// The identity of a JSON Pointer that survives edits which change nothing
// about the value it names: an array index is replaced by what names the
// element (its "id", else its "name", ...). Finding fingerprints use it
// (output/reporter.hpp, docs/ci.md), so moving an indicator to the front of
// its list or listing business areas in another order keeps every finding's
// identity, and CI systems do not show them as fixed and new.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::json {

// The members that name an array element, in order of preference: the
// submission schema's identifiers (id, name, label, number), and the
// Swedish and other spellings a converted document may use. The first one
// an element has with a string or number value names it.
inline constexpr std::string_view kIdentifyingMembers[] = {"id", "name", "label", "number", "nummer", "namn", "title"};

// Stable pointers into one document; remembers what it worked out about
// arrays and large objects, so many pointers into one big array cost the
// array once, not once per pointer.
class StablePointers {
public:
    explicit StablePointers(const Document& document) : document_(document) {}

    // `pointer` with each array index that the document resolves replaced by
    // the element's name: `[id="kundnojdhet-lkdata"]`, with `#2`, `#3` … for
    // the second, third … element of the same name; an element with no
    // identifying member keeps its index. Object keys and the tokens past
    // what the document holds are kept as written. A pointer that is not
    // one (no leading '/') is returned as given.
    std::string operator()(std::string_view pointer);

private:
    // The token naming each element of an array (json::Value::id() of the array).
    const std::vector<std::string>& element_tokens(Value array);
    Value member(Value object, std::string_view key);

    const Document& document_;
    std::unordered_map<std::uint32_t, std::vector<std::string>> element_tokens_;
    // Member index by key, for objects with many members (Value::find is linear).
    std::unordered_map<std::uint32_t, std::unordered_map<std::string_view, std::size_t>> members_;
};

}  // namespace budgetcheck::json
