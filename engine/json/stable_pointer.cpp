#include "json/stable_pointer.hpp"

#include <charconv>
#include <optional>

namespace budgetcheck::json {

namespace {

// Below this many members a linear Value::find is cheaper than an index.
constexpr std::size_t kIndexedObjectSize = 32;

// `[id="x"]` for an element named by its member id "x"; "" when none of the
// identifying members has a string or number value.
std::string name_of(Value element) {
    if (!element.is_object()) return {};
    for (const std::string_view key : kIdentifyingMembers) {
        const Value v = element.find(key);
        if (!v.valid() || (!v.is_string() && !v.is_number())) continue;
        return "[" + std::string(key) + "=" + (v.is_string() ? quote(v.as_string()) : std::string(v.number_text())) +
               "]";
    }
    return {};
}

}  // namespace

const std::vector<std::string>& StablePointers::element_tokens(Value array) {
    auto [it, inserted] = element_tokens_.try_emplace(array.id());
    if (!inserted) return it->second;
    std::vector<std::string>& tokens = it->second;
    const std::size_t size = array.size();
    tokens.reserve(size);
    std::unordered_map<std::string, unsigned> seen;  // elements of each name so far
    for (std::size_t i = 0; i < size; ++i) {
        std::string name = name_of(array.at(i));
        if (name.empty()) {
            tokens.push_back(std::to_string(i));
            continue;
        }
        // The first element of a name keeps the plain name, so adding a
        // duplicate later does not change the first one's identity.
        if (const unsigned earlier = seen[name]++) name += "#" + std::to_string(earlier + 1);
        tokens.push_back(escape_pointer_token(name));
    }
    return tokens;
}

Value StablePointers::member(Value object, std::string_view key) {
    const std::size_t size = object.size();
    if (size < kIndexedObjectSize) return object.find(key);
    auto [it, inserted] = members_.try_emplace(object.id());
    if (inserted)
        for (std::size_t i = 0; i < size; ++i) it->second.emplace(object.key_at(i), i);
    const auto found = it->second.find(key);
    return found == it->second.end() ? Value() : object.at(found->second);
}

std::string StablePointers::operator()(std::string_view pointer) {
    const auto tokens = split_pointer(pointer);
    if (!tokens) return std::string(pointer);
    std::string out;
    Value current = document_.root();
    for (const std::string& token : *tokens) {
        out += '/';
        if (current.valid() && current.is_array()) {
            const auto index = pointer_index(token);
            if (index && *index < current.size()) {
                out += element_tokens(current)[*index];
                current = current.at(*index);
                continue;
            }
        }
        out += escape_pointer_token(token);
        current = current.valid() && current.is_object() ? member(current, token) : Value();
    }
    return out;
}

}  // namespace budgetcheck::json
