#include "json/editable.hpp"

#include <charconv>

#include <fmt/format.h>

namespace budgetcheck::json {

Editable to_editable(Value value) {
    switch (value.kind()) {
        case Kind::Null: return {};
        case Kind::Bool: return Editable{value.as_bool()};
        case Kind::Number: return Editable{Editable::Number{std::string(value.number_text())}};
        case Kind::String: return Editable{std::string(value.as_string())};
        case Kind::Array: {
            Editable::Array items;
            items.reserve(value.size());
            for (std::size_t i = 0; i < value.size(); ++i) items.push_back(to_editable(value.at(i)));
            return Editable{std::move(items)};
        }
        case Kind::Object: {
            Editable::Object members;
            members.reserve(value.size());
            for (std::size_t i = 0; i < value.size(); ++i)
                members.emplace_back(std::string(value.key_at(i)), to_editable(value.at(i)));
            return Editable{std::move(members)};
        }
    }
    return {};
}

namespace {

void print(std::string& out, const Editable& v, int indent) {
    const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    const std::string close_pad(static_cast<std::size_t>(indent), ' ');
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) out += "null";
            else if constexpr (std::is_same_v<T, bool>) out += x ? "true" : "false";
            else if constexpr (std::is_same_v<T, Editable::Number>) out += x.text;
            else if constexpr (std::is_same_v<T, std::string>) out += quote(x);
            else if constexpr (std::is_same_v<T, Editable::Array>) {
                if (x.empty()) { out += "[]"; return; }
                out += "[\n";
                for (std::size_t i = 0; i < x.size(); ++i) {
                    out += pad;
                    print(out, x[i], indent + 2);
                    out += i + 1 < x.size() ? ",\n" : "\n";
                }
                out += close_pad + "]";
            } else {
                if (x.empty()) { out += "{}"; return; }
                out += "{\n";
                for (std::size_t i = 0; i < x.size(); ++i) {
                    out += pad;
                    out += quote(x[i].first);
                    out += ": ";
                    print(out, x[i].second, indent + 2);
                    out += i + 1 < x.size() ? ",\n" : "\n";
                }
                out += close_pad + "}";
            }
        },
        v.data);
}

// One operation on the parent of the pointer's last token.
std::optional<std::string> apply_one(Editable& root, std::string_view op, std::string_view path, const Value* value) {
    auto parsed = split_pointer(path);
    if (!parsed) return fmt::format("path \"{}\" must start with '/'", path);
    auto tokens = std::move(*parsed);
    if (tokens.empty()) {
        if (op == "remove") return std::string("cannot remove the whole document");
        root = to_editable(*value);
        return std::nullopt;
    }
    const std::string last = tokens.back();
    tokens.pop_back();
    Editable* parent = &root;
    for (const auto& token : tokens) {
        if (auto* object = std::get_if<Editable::Object>(&parent->data)) {
            Editable* next = nullptr;
            for (auto& [key, member] : *object)
                if (key == token) next = &member;
            if (!next) return fmt::format("path \"{}\": no member \"{}\"", path, token);
            parent = next;
        } else if (auto* array = std::get_if<Editable::Array>(&parent->data)) {
            const auto index = pointer_index(token);
            if (!index || *index >= array->size()) return fmt::format("path \"{}\": no element \"{}\"", path, token);
            parent = &(*array)[*index];
        } else {
            return fmt::format("path \"{}\": \"{}\" is not inside an array or object", path, token);
        }
    }
    if (auto* object = std::get_if<Editable::Object>(&parent->data)) {
        for (auto it = object->begin(); it != object->end(); ++it) {
            if (it->first != last) continue;
            if (op == "remove") object->erase(it);
            else it->second = to_editable(*value);
            return std::nullopt;
        }
        if (op != "add") return fmt::format("path \"{}\": no member \"{}\" to {}", path, last, op);
        object->emplace_back(last, to_editable(*value));
        return std::nullopt;
    }
    if (auto* array = std::get_if<Editable::Array>(&parent->data)) {
        std::size_t index = array->size();
        if (!(op == "add" && last == "-")) {
            const auto parsed = pointer_index(last);
            const std::size_t bound = op == "add" ? array->size() + 1 : array->size();
            if (!parsed || *parsed >= bound) return fmt::format("path \"{}\": no element \"{}\"", path, last);
            index = *parsed;
        }
        if (op == "add") array->insert(array->begin() + static_cast<std::ptrdiff_t>(index), to_editable(*value));
        else if (op == "remove") array->erase(array->begin() + static_cast<std::ptrdiff_t>(index));
        else (*array)[index] = to_editable(*value);
        return std::nullopt;
    }
    return fmt::format("path \"{}\" is not inside an array or object", path);
}

}  // namespace

std::string to_json_text(const Editable& value) {
    std::string out;
    print(out, value, 0);
    out += '\n';
    return out;
}

std::optional<std::string> apply_patch(Editable& target, Value patch) {
    if (!patch.is_array()) return std::string("a patch is an array of operations");
    for (std::size_t i = 0; i < patch.size(); ++i) {
        const Value operation = patch.at(i);
        const Value op = operation["op"], path = operation["path"], value = operation["value"];
        if (!op.valid() || !op.is_string() || !path.valid() || !path.is_string())
            return fmt::format("patch operation {}: needs \"op\" and \"path\" strings", i);
        const auto name = op.as_string();
        if (name != "add" && name != "replace" && name != "remove")
            return fmt::format("patch operation {}: \"op\" must be add, replace or remove", i);
        if (name != "remove" && !value.valid())
            return fmt::format("patch operation {}: \"{}\" needs a \"value\"", i, name);
        if (auto error = apply_one(target, name, path.as_string(), name == "remove" ? nullptr : &value))
            return fmt::format("patch operation {}: {}", i, *error);
    }
    return std::nullopt;
}

}  // namespace budgetcheck::json
