// Schema compilation: registers every `$id`, resolves every reachable `$ref`
// to a node index, compiles regexes once, and rejects schemas that could
// only recurse forever.
#include <algorithm>
#include <unordered_map>
#include <utility>

#include "schema/compiled.hpp"
#include "schema/metaschema.hpp"
#include "schema/uri.hpp"

namespace budgetcheck::schema {
namespace {

// Keywords whose value is one subschema, an array of them, or a map of them.
constexpr std::string_view kSingleSchemaKeywords[] = {
    "additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "not", "items"};
constexpr std::string_view kSchemaArrayKeywords[] = {"items", "allOf", "anyOf", "oneOf"};
constexpr std::string_view kSchemaMapKeywords[] = {"properties", "patternProperties", "definitions", "dependencies"};

std::optional<std::uint8_t> type_bit(std::string_view name) {
    if (name == "null") return kTypeNull;
    if (name == "boolean") return kTypeBoolean;
    if (name == "object") return kTypeObject;
    if (name == "array") return kTypeArray;
    if (name == "number") return kTypeNumber;
    if (name == "string") return kTypeString;
    if (name == "integer") return kTypeInteger;
    return std::nullopt;
}

class Compiler {
public:
    explicit Compiler(RemoteLoader loader) : loader_(std::move(loader)) {}

    std::variant<CompiledSchema::Impl, std::string> run(std::shared_ptr<const json::Document> schema,
                                                        std::string base_uri) {
        const json::Value root = schema->root();
        add_document(std::move(schema), std::move(base_uri));
        impl_.root = node_for(root);
        while (!pending_.empty() && error_.empty()) {
            const NodeId id = pending_.back();
            pending_.pop_back();
            compile_node(id);
        }
        if (error_.empty()) check_in_place_cycles();
        if (!error_.empty()) return std::move(error_);
        return std::move(impl_);
    }

private:
    std::uint64_t key_of(json::Value value) const {
        return (static_cast<std::uint64_t>(document_index_.at(&value.document())) << 32) | value.id();
    }

    void add_document(std::shared_ptr<const json::Document> document, std::string uri) {
        document_index_.emplace(document.get(), impl_.documents.size());
        document_uris_.push_back(uri);
        const json::Value root = document->root();
        impl_.documents.push_back(std::move(document));
        identifiers_.try_emplace(uri, root);
        register_identifiers(root, std::move(uri));
    }

    // Walks the subschemas of a document (known keywords only, so an `$id`
    // inside `enum` or `const` is data) noting each one's base URI and
    // registering `$id`s. A `$ref` makes its sibling `$id` inert (draft-07).
    void register_identifiers(json::Value root, std::string uri) {
        std::vector<std::pair<json::Value, std::string>> stack{{root, std::move(uri)}};
        while (!stack.empty()) {
            auto [value, base] = std::move(stack.back());
            stack.pop_back();
            if (value.is_object()) {
                const json::Value id = value.find("$id");
                if (has_kind(id, json::Kind::String) && !value.find("$ref").valid()) {
                    std::string resolved = resolve_uri(base, id.as_string());
                    const UriParts parts = split_fragment(resolved);
                    if (parts.fragment.empty()) {
                        base = std::string(parts.resource);
                        identifiers_.try_emplace(base, value);
                    } else {
                        identifiers_.try_emplace(std::move(resolved), value);
                    }
                }
                for (std::string_view keyword : kSingleSchemaKeywords) {
                    const json::Value child = value.find(keyword);
                    if (child.valid() && (child.is_object() || child.is_bool())) stack.emplace_back(child, base);
                }
                for (std::string_view keyword : kSchemaArrayKeywords) {
                    const json::Value children = value.find(keyword);
                    if (!children.valid() || !children.is_array()) continue;
                    for (std::size_t i = 0; i < children.size(); ++i) stack.emplace_back(children.at(i), base);
                }
                for (std::string_view keyword : kSchemaMapKeywords) {
                    const json::Value children = value.find(keyword);
                    if (!children.valid() || !children.is_object()) continue;
                    for (std::size_t i = 0; i < children.size(); ++i)
                        if (!children.at(i).is_array()) stack.emplace_back(children.at(i), base);
                }
            }
            bases_.try_emplace(key_of(value), std::move(base));
        }
    }

    const std::string& base_of(json::Value value) const {
        // A `$ref` may point below a non-schema keyword: use the nearest
        // walked ancestor's base.
        for (json::Value v = value;; v = v.parent()) {
            if (const auto it = bases_.find(key_of(v)); it != bases_.end()) return it->second;
            if (v.id() == 0) break;
        }
        return document_uris_[document_index_.at(&value.document())];
    }

    bool load(const std::string& uri) {
        std::shared_ptr<const json::Document> document;
        if (loader_) document = loader_(uri);
        if (!document && uri == kDraft07MetaSchemaUri) document = draft07_metaschema();
        if (!document) return false;
        if (document_index_.contains(document.get())) {
            // The same document under another name.
            identifiers_.try_emplace(uri, document->root());
            return true;
        }
        add_document(std::move(document), uri);
        return true;
    }

    std::optional<json::Value> resolve_ref(std::string_view reference, const std::string& base,
                                           const std::string& where) {
        const std::string full = resolve_uri(base, reference);
        const UriParts parts = split_fragment(full);
        const std::string resource(parts.resource);
        auto found = identifiers_.find(resource);
        if (found == identifiers_.end() && load(resource)) found = identifiers_.find(resource);
        if (found == identifiers_.end()) {
            fail(where, "$ref \"" + std::string(reference) + "\" names \"" + resource + "\", which is not known");
            return std::nullopt;
        }
        if (parts.fragment.empty()) return found->second;
        if (parts.fragment.front() != '/') {
            const auto anchor = identifiers_.find(resource + "#" + std::string(parts.fragment));
            if (anchor == identifiers_.end()) {
                fail(where, "$ref \"" + std::string(reference) + "\": no subschema has $id \"#" +
                                std::string(parts.fragment) + "\"");
                return std::nullopt;
            }
            return anchor->second;
        }
        json::Value target = found->second;
        const std::string pointer = percent_decode(parts.fragment);
        for (std::size_t start = 1; target.valid() && start <= pointer.size();) {
            const auto end = std::min(pointer.find('/', start), pointer.size());
            std::string token;
            for (std::size_t i = start; i < end; ++i) {
                if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
                    token += pointer[++i] == '0' ? '~' : '/';
                } else {
                    token += pointer[i];
                }
            }
            target = step(target, token);
            start = end + 1;
        }
        if (!target.valid()) {
            fail(where, "$ref \"" + std::string(reference) + "\" points at nothing");
            return std::nullopt;
        }
        return target;
    }

    static json::Value step(json::Value value, const std::string& token) {
        if (value.is_object()) return value.find(token);
        if (!value.is_array() || token.empty() || token.size() > 9 ||
            token.find_first_not_of("0123456789") != std::string::npos || (token.size() > 1 && token[0] == '0'))
            return {};
        const std::size_t index = std::stoul(token);
        return index < value.size() ? value.at(index) : json::Value{};
    }

    NodeId node_for(json::Value value) {
        const auto [it, inserted] = node_of_.try_emplace(key_of(value), static_cast<NodeId>(impl_.nodes.size()));
        if (!inserted) return it->second;
        Node node;
        node.schema = value;
        const std::size_t document = document_index_.at(&value.document());
        node.pointer = (document == 0 ? std::string() : document_uris_[document]) + "#" + value.pointer();
        impl_.nodes.push_back(std::move(node));
        pending_.push_back(it->second);
        return it->second;
    }

    void fail(const std::string& where, const std::string& problem) {
        if (error_.empty()) error_ = "schema error at " + where + ": " + problem;
    }

    const Pattern* pattern_for(std::string_view source, const std::string& where) {
        const std::string text(source);
        if (const auto it = patterns_.find(text); it != patterns_.end()) return it->second;
        auto compiled = Pattern::compile(text);
        if (auto* problem = std::get_if<std::string>(&compiled)) {
            fail(where, "the pattern \"" + text + "\" is not a regular expression: " + *problem);
            return nullptr;
        }
        auto pattern = std::make_unique<Pattern>(std::get<Pattern>(std::move(compiled)));
        const Pattern* raw = pattern.get();
        impl_.patterns.push_back(std::move(pattern));
        patterns_.emplace(text, raw);
        return raw;
    }

    std::optional<NumberBound> number(json::Value value, const std::string& where) {
        std::optional<Decimal> decimal;
        if (value.is_number()) decimal = parse_decimal(value.number_text());
        if (!decimal) {
            fail(where, "must be a number");
            return std::nullopt;
        }
        return NumberBound{std::move(*decimal), value.number_text()};
    }

    std::optional<std::uint64_t> count(json::Value value, const std::string& where) {
        std::optional<Decimal> decimal;
        if (value.is_number()) decimal = parse_decimal(value.number_text());
        std::optional<std::uint64_t> result = decimal ? to_count(*decimal) : std::nullopt;
        if (!result) fail(where, "must be a non-negative integer");
        return result;
    }

    NodeId subschema(json::Value value, const std::string& where) {
        if (!value.is_object() && !value.is_bool()) {
            fail(where, "must be a schema (an object or a boolean)");
            return kNoNode;
        }
        return node_for(value);
    }

    std::vector<NodeId> schema_array(json::Value value, const std::string& where) {
        std::vector<NodeId> ids;
        if (!value.is_array() || value.size() == 0) {
            fail(where, "must be a non-empty array of schemas");
            return ids;
        }
        for (std::size_t i = 0; i < value.size(); ++i)
            ids.push_back(subschema(value.at(i), where + "/" + std::to_string(i)));
        return ids;
    }

    std::vector<std::string_view> string_array(json::Value value, const std::string& where) {
        std::vector<std::string_view> names;
        if (!value.is_array()) fail(where, "must be an array of strings");
        for (std::size_t i = 0; value.is_array() && i < value.size(); ++i) {
            if (!value.at(i).is_string())
                fail(where, "must be an array of strings");
            else
                names.push_back(value.at(i).as_string());
        }
        return names;
    }

    void compile_node(NodeId id) {
        // Work on a copy: compiling may append nodes and move the vector.
        Node node = impl_.nodes[id];
        const json::Value schema = node.schema;
        const std::string& where = node.pointer;
        if (schema.is_bool()) {
            node.is_boolean = true;
            node.boolean_value = schema.as_bool();
        } else if (!schema.is_object()) {
            fail(where, "a schema must be an object or a boolean");
        } else if (const json::Value ref = schema.find("$ref"); ref.valid()) {
            if (!ref.is_string()) {
                fail(where + "/$ref", "must be a string");
            } else if (const auto target = resolve_ref(ref.as_string(), base_of(schema), where + "/$ref")) {
                node.ref = node_for(*target);
            }
        } else {
            for (std::size_t i = 0; i < schema.size() && error_.empty(); ++i)
                compile_keyword(node, schema.key_at(i), schema.at(i),
                                where + "/" + json::escape_pointer_token(schema.key_at(i)));
        }
        impl_.nodes[id] = std::move(node);
    }

    void compile_keyword(Node& node, std::string_view keyword, json::Value value, const std::string& where) {
        const json::Value schema = node.schema;
        if (keyword == "title") {
            if (value.is_string()) node.title = value.as_string();
        } else if (keyword == "type") {
            const auto add = [&](json::Value name) {
                const auto bit = name.is_string() ? type_bit(name.as_string()) : std::nullopt;
                if (!bit)
                    fail(where, "names an unknown type");
                else
                    node.types |= *bit;
            };
            if (value.is_array()) {
                for (std::size_t i = 0; i < value.size(); ++i) add(value.at(i));
            } else {
                add(value);
            }
        } else if (keyword == "enum") {
            if (!value.is_array()) fail(where, "must be an array");
            node.enum_values = value;
        } else if (keyword == "const") {
            node.const_value = value;
        } else if (keyword == "multipleOf") {
            node.multiple_of = number(value, where);
            if (node.multiple_of && (node.multiple_of->value.negative || node.multiple_of->value.is_zero()))
                fail(where, "must be greater than 0");
        } else if (keyword == "minimum") {
            node.minimum = number(value, where);
        } else if (keyword == "maximum") {
            node.maximum = number(value, where);
        } else if (keyword == "exclusiveMinimum") {
            node.exclusive_minimum = number(value, where);
        } else if (keyword == "exclusiveMaximum") {
            node.exclusive_maximum = number(value, where);
        } else if (keyword == "minLength") {
            node.min_length = count(value, where);
        } else if (keyword == "maxLength") {
            node.max_length = count(value, where);
        } else if (keyword == "minItems") {
            node.min_items = count(value, where);
        } else if (keyword == "maxItems") {
            node.max_items = count(value, where);
        } else if (keyword == "minProperties") {
            node.min_properties = count(value, where);
        } else if (keyword == "maxProperties") {
            node.max_properties = count(value, where);
        } else if (keyword == "pattern") {
            if (!value.is_string())
                fail(where, "must be a string");
            else
                node.pattern = pattern_for(value.as_string(), where);
        } else if (keyword == "format") {
            if (value.is_string()) node.format = parse_format(value.as_string());
        } else if (keyword == "items") {
            if (value.is_array()) {
                node.has_tuple_items = true;
                for (std::size_t i = 0; i < value.size(); ++i)
                    node.tuple_items.push_back(subschema(value.at(i), where + "/" + std::to_string(i)));
            } else {
                node.items = subschema(value, where);
            }
        } else if (keyword == "additionalItems") {
            // Meaningful only next to an array of `items`.
            if (has_kind(schema.find("items"), json::Kind::Array)) node.additional_items = subschema(value, where);
        } else if (keyword == "uniqueItems") {
            node.unique_items = value.is_bool() && value.as_bool();
        } else if (keyword == "contains") {
            node.contains = subschema(value, where);
        } else if (keyword == "required") {
            node.required = string_array(value, where);
        } else if (keyword == "properties" || keyword == "patternProperties" || keyword == "dependencies") {
            compile_member_map(node, keyword, value, where);
        } else if (keyword == "additionalProperties") {
            node.additional_properties = subschema(value, where);
        } else if (keyword == "propertyNames") {
            node.property_names = subschema(value, where);
        } else if (keyword == "if") {
            node.if_ = subschema(value, where);
        } else if (keyword == "then") {
            // Without `if`, `then` and `else` do nothing.
            if (schema.find("if").valid()) node.then_ = subschema(value, where);
        } else if (keyword == "else") {
            if (schema.find("if").valid()) node.else_ = subschema(value, where);
        } else if (keyword == "allOf") {
            node.all_of = schema_array(value, where);
        } else if (keyword == "anyOf") {
            node.any_of = schema_array(value, where);
        } else if (keyword == "oneOf") {
            node.one_of = schema_array(value, where);
        } else if (keyword == "not") {
            node.not_ = subschema(value, where);
        } else if (keyword == "x-money") {
            node.x_money = value.is_bool() && value.as_bool();
        }
        // Anything else (definitions, $comment, description, unknown keywords)
        // does not validate.
    }

    void compile_member_map(Node& node, std::string_view keyword, json::Value value, const std::string& where) {
        if (!value.is_object()) {
            fail(where, "must be an object");
            return;
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string_view name = value.key_at(i);
            const std::string member_where = where + "/" + json::escape_pointer_token(name);
            const json::Value member = value.at(i);
            if (keyword == "properties") {
                node.properties.emplace_back(name, subschema(member, member_where));
            } else if (keyword == "patternProperties") {
                node.pattern_properties.emplace_back(pattern_for(name, member_where), subschema(member, member_where));
            } else if (member.is_array()) {
                node.dependencies.push_back({name, kNoNode, string_array(member, member_where)});
            } else {
                node.dependencies.push_back({name, subschema(member, member_where), {}});
            }
        }
        std::sort(node.properties.begin(), node.properties.end());
    }

    // A cycle through keywords that apply to the same instance ($ref, allOf,
    // anyOf, oneOf, not, if/then/else, dependencies) never reaches a smaller
    // part of the document, so validation would recurse without end.
    void check_in_place_cycles() {
        const auto& nodes = impl_.nodes;
        const auto edges = [&](NodeId id) {
            const Node& n = nodes[id];
            std::vector<NodeId> out{n.ref, n.not_, n.if_, n.then_, n.else_};
            out.insert(out.end(), n.all_of.begin(), n.all_of.end());
            out.insert(out.end(), n.any_of.begin(), n.any_of.end());
            out.insert(out.end(), n.one_of.begin(), n.one_of.end());
            for (const Dependency& d : n.dependencies) out.push_back(d.schema);
            std::erase(out, kNoNode);
            return out;
        };
        enum class Mark : std::uint8_t { New, Active, Done };
        std::vector<Mark> marks(nodes.size(), Mark::New);
        struct Frame {
            NodeId node;
            std::vector<NodeId> next;
            std::size_t position = 0;
        };
        for (NodeId start = 0; start < nodes.size(); ++start) {
            if (marks[start] != Mark::New) continue;
            std::vector<Frame> stack{{start, edges(start)}};
            marks[start] = Mark::Active;
            while (!stack.empty()) {
                Frame& top = stack.back();
                if (top.position == top.next.size()) {
                    marks[top.node] = Mark::Done;
                    stack.pop_back();
                    continue;
                }
                const NodeId next = top.next[top.position++];
                if (marks[next] == Mark::Active) {
                    std::string path;
                    bool in_cycle = false;
                    for (const Frame& frame : stack) {
                        in_cycle = in_cycle || frame.node == next;
                        if (in_cycle) path += nodes[frame.node].pointer + " -> ";
                    }
                    fail(nodes[next].pointer,
                         "$ref loop that never descends into the document: " + path + nodes[next].pointer);
                    return;
                }
                if (marks[next] == Mark::New) {
                    marks[next] = Mark::Active;
                    stack.push_back({next, edges(next)});
                }
            }
        }
    }

    RemoteLoader loader_;
    CompiledSchema::Impl impl_;
    std::vector<std::string> document_uris_;  // by document index; 0 is the schema itself
    std::unordered_map<const json::Document*, std::size_t> document_index_;
    std::unordered_map<std::string, json::Value> identifiers_;  // absolute URI or URI#name -> subschema
    std::unordered_map<std::uint64_t, std::string> bases_;      // walked value -> its base URI
    std::unordered_map<std::uint64_t, NodeId> node_of_;
    std::unordered_map<std::string, const Pattern*> patterns_;
    std::vector<NodeId> pending_;
    std::string error_;
};

}  // namespace

std::variant<CompiledSchema, std::string> CompiledSchema::compile(std::shared_ptr<const json::Document> schema,
                                                                  std::string base_uri, RemoteLoader loader) {
    if (!schema) return std::string("schema error: no schema document");
    auto compiled = Compiler(std::move(loader)).run(std::move(schema), std::move(base_uri));
    if (auto* error = std::get_if<std::string>(&compiled)) return std::move(*error);
    return CompiledSchema(std::make_shared<const Impl>(std::move(std::get<Impl>(compiled))));
}

}  // namespace budgetcheck::schema
