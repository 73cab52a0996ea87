#include "place.hpp"

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "schema/compiled.hpp"
#include "text/utf8.hpp"

namespace budgetcheck {

namespace {

using schema::kNoNode;
using schema::NodeId;

// An assignment named only by its text: enough of it to recognise.
constexpr std::size_t kTextNameCodePoints = 60;

class Namer {
public:
    explicit Namer(const schema::CompiledSchema::Impl& impl) : impl_(impl) {}

    // The node and the nodes it stands for ($ref, allOf), itself first, so
    // a member's own title wins over that of the definition it refers to.
    std::vector<NodeId> expand(NodeId id) const {
        std::vector<NodeId> out;
        std::vector<NodeId> todo{id};
        while (!todo.empty() && out.size() < 64) {  // a $ref cycle stops here
            const NodeId n = todo.back();
            todo.pop_back();
            if (n == kNoNode || n >= impl_.nodes.size()) continue;
            bool seen = false;
            for (NodeId o : out) seen = seen || o == n;
            if (seen) continue;
            out.push_back(n);
            const auto& node = impl_.nodes[n];
            for (auto it = node.all_of.rbegin(); it != node.all_of.rend(); ++it) todo.push_back(*it);
            if (node.ref != kNoNode) todo.push_back(node.ref);
        }
        return out;
    }

    // The schema's title of `id` in Swedish and English ("x-title-en"; the
    // Swedish one when a schema has no English title).
    std::optional<Message> title(NodeId id) const {
        Message m;
        for (NodeId n : expand(id)) {
            const auto& node = impl_.nodes[n];
            if (m.sv.empty() && !node.title.empty()) m.sv = std::string(node.title);
            if (m.en.empty() && node.schema.is_object())
                if (const json::Value en = node.schema.find("x-title-en"); en.valid() && en.is_string())
                    m.en = std::string(en.as_string());
        }
        if (m.sv.empty()) return std::nullopt;
        if (m.en.empty()) m.en = m.sv;
        return m;
    }

    // "x-place": false on the member's own schema: left out of place names.
    bool omitted(NodeId id) const {
        if (id == kNoNode || id >= impl_.nodes.size()) return false;
        const json::Value schema = impl_.nodes[id].schema;
        const json::Value place = schema.is_object() ? schema.find("x-place") : json::Value();
        return place.valid() && place.is_bool() && !place.as_bool();
    }

    NodeId member(NodeId id, std::string_view key) const {
        if (id == kNoNode) return kNoNode;
        const auto nodes = expand(id);
        for (NodeId n : nodes)
            for (const auto& [name, child] : impl_.nodes[n].properties)
                if (name == key) return child;
        for (NodeId n : nodes)
            if (impl_.nodes[n].additional_properties != kNoNode) return impl_.nodes[n].additional_properties;
        return kNoNode;
    }

    NodeId items(NodeId id) const {
        if (id == kNoNode) return kNoNode;
        for (NodeId n : expand(id))
            if (impl_.nodes[n].items != kNoNode) return impl_.nodes[n].items;
        return kNoNode;
    }

    // Whether `child` was reached by name (a property), not as any other
    // member (additionalProperties: the years of a series).
    bool is_property(NodeId parent, std::string_view key) const {
        if (parent == kNoNode) return false;
        for (NodeId n : expand(parent))
            for (const auto& [name, child] : impl_.nodes[n].properties)
                if (name == key) return true;
        return false;
    }

private:
    const schema::CompiledSchema::Impl& impl_;
};

std::string string_member(json::Value object, std::string_view key) {
    const json::Value v = object.valid() && object.is_object() ? object.find(key) : json::Value();
    return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string();
}

// What names an array element as the document does; nullopt when it has
// nothing that names it.
std::optional<Message> element_name(json::Value element) {
    if (!element.valid() || !element.is_object()) return std::nullopt;
    for (const std::string_view key : {"name", "label"})
        if (std::string s = string_member(element, key); !s.empty()) return Message{s, s};
    if (const json::Value number = element.find("number"); number.valid() && number.is_number())
        return Message{fmt::format("nr {}", number.number_text()), fmt::format("no. {}", number.number_text())};
    if (std::string s = string_member(element, "text"); !s.empty()) {
        const std::string_view cut = utf8::truncate_code_points(s, kTextNameCodePoints);
        std::string shown = cut.size() < s.size() ? std::string(cut) + "…" : s;
        return Message{shown, shown};
    }
    return std::nullopt;
}

}  // namespace

Message place_name(const schema::CompiledSchema& schema, const json::Document& document, std::string_view pointer) {
    const auto tokens = json::split_pointer(pointer);
    if (!tokens || tokens->empty()) return {};
    const Namer namer(schema.impl());
    std::vector<Message> parts;
    NodeId node = schema.impl().root;
    json::Value value = document.root();
    for (const std::string& token : *tokens) {
        const bool in_array = value.valid() ? value.is_array() : namer.items(node) != kNoNode;
        const auto index = in_array ? json::pointer_index(token) : std::nullopt;
        if (index) {
            const NodeId child = namer.items(node);
            const json::Value element = value.valid() && *index < value.size() ? value.at(*index) : json::Value();
            if (auto name = element_name(element)) {
                parts.push_back(std::move(*name));
            } else if (auto title = namer.title(child)) {
                parts.push_back({fmt::format("{} {}", title->sv, *index + 1), fmt::format("{} {}", title->en, *index + 1)});
            } else {
                parts.push_back({fmt::format("nr {}", *index + 1), fmt::format("no. {}", *index + 1)});
            }
            node = child;
            value = element;
            continue;
        }
        const NodeId child = namer.member(node, token);
        const json::Value member = value.valid() && value.is_object() ? value.find(token) : json::Value();
        if (!namer.omitted(child)) {
            const std::string label = string_member(member, "label");
            const auto title = namer.is_property(node, token) ? namer.title(child) : std::nullopt;
            if (!label.empty())
                parts.push_back({label, label});
            else if (title)
                parts.push_back(*title);
            else
                parts.push_back({token, token});
        }
        node = child;
        value = member;
    }
    Message out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) {
            out.sv += kPlaceSeparator;
            out.en += kPlaceSeparator;
        }
        out.sv += parts[i].sv;
        out.en += parts[i].en;
    }
    return out;
}

}  // namespace budgetcheck
