#include "schema/messages.hpp"

#include <array>

#include "schema/number.hpp"
#include "text/lookalike.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::schema {
namespace {

// Longer strings are shortened in messages; the pointer locates the rest.
constexpr std::size_t kShownCodePoints = 60;
constexpr std::size_t kShownEnumValues = 12;

enum class Lang : std::uint8_t { Sv, En };

std::string subject(const std::string& name, Lang lang) {
    if (name.empty()) return lang == Lang::Sv ? "Dokumentet" : "The document";
    return (lang == Lang::Sv ? "Fältet " : "Field ") + name;
}

std::string place(const std::string& container, Lang lang) {
    if (container.empty()) return lang == Lang::Sv ? "dokumentet" : "the document";
    return container;
}

std::string quote(std::string_view text) {
    const std::string_view shown = utf8::truncate_code_points(text, kShownCodePoints);
    std::string out = "\"";
    for (const char ch : shown) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (shown.size() < text.size()) out += "…";
    return out + "\"";
}

std::string render_in(json::Value value, Lang lang) {
    const bool sv = lang == Lang::Sv;
    switch (value.kind()) {
        case json::Kind::Null: return "null";
        case json::Kind::Bool: return value.as_bool() ? "true" : "false";
        case json::Kind::Number: return std::string(value.number_text());
        case json::Kind::String: return quote(value.as_string());
        case json::Kind::Object: return sv ? "ett objekt" : "an object";
        case json::Kind::Array:
            return (sv ? "en lista med " : "a list of ") + std::to_string(value.size()) + (sv ? " poster" : " items");
    }
    return {};
}

std::string render_in(const Instance& in, Lang lang) { return in.key ? quote(*in.key) : render_in(in.value, lang); }

struct TypeName {
    std::uint8_t bit;
    std::string_view schema_name, sv, en;
};
constexpr std::array<TypeName, 7> kTypeNames{{
    {kTypeObject, "object", "ett objekt", "an object"},
    {kTypeArray, "array", "en lista", "a list"},
    {kTypeString, "string", "en text", "a string"},
    {kTypeNumber, "number", "ett tal", "a number"},
    {kTypeInteger, "integer", "ett heltal", "an integer"},
    {kTypeBoolean, "boolean", "sant eller falskt", "true or false"},
    {kTypeNull, "null", "null", "null"},
}};

std::string type_words(std::uint8_t types, Lang lang) {
    std::string out;
    for (const TypeName& t : kTypeNames) {
        if (!(types & t.bit)) continue;
        if (!out.empty()) out += lang == Lang::Sv ? " eller " : " or ";
        out += lang == Lang::Sv ? t.sv : t.en;
    }
    return out;
}

std::uint8_t kind_bit(const Instance& in) {
    const std::string_view label = kind_label(in);
    for (const TypeName& t : kTypeNames)
        if (t.schema_name == label) return t.bit;
    return 0;
}

Message both(const std::string& sv, const std::string& en) { return Message{sv, en}; }

std::string join_indices(const std::vector<std::size_t>& indices) {
    std::string out;
    for (std::size_t i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i + 1);
    return out;
}

}  // namespace

std::string path_name(json::Value value) {
    if (!value.valid() || value.id() == 0) return {};
    const json::Value parent = value.parent();
    const std::size_t i = value.index_in_parent();
    if (parent.is_object()) return std::string(parent.key_at(i));
    return path_name(parent) + "[" + std::to_string(i) + "]";
}

std::string quoted_name(std::string_view name) { return name.empty() ? std::string() : "'" + std::string(name) + "'"; }

std::string field(const Instance& in, const Node& node) {
    const std::string key = in.key ? std::string(*in.key) : path_name(in.value);
    if (node.title.empty() || node.title == key) return quoted_name(key);
    return quoted_name(node.title) + (key.empty() ? "" : " (" + key + ")");
}

std::string render(json::Value value) { return render_in(value, Lang::En); }
std::string render(const Instance& in) { return render_in(in, Lang::En); }

std::string type_list(std::uint8_t types) {
    std::string out;
    for (const TypeName& t : kTypeNames)
        if (types & t.bit) out += (out.empty() ? "" : "|") + std::string(t.schema_name);
    return out;
}

std::string_view kind_label(const Instance& in) {
    switch (in.kind()) {
        case json::Kind::Null: return "null";
        case json::Kind::Bool: return "boolean";
        case json::Kind::Object: return "object";
        case json::Kind::Array: return "array";
        case json::Kind::String: return "string";
        case json::Kind::Number: {
            const auto d = parse_decimal(in.value.number_text());
            return d && d->is_integer() ? "integer" : "number";
        }
    }
    return {};
}

std::string enum_list(json::Value values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i == kShownEnumValues) return out + ", …";
        out += (i == 0 ? "" : ", ") + render(values.at(i));
    }
    return out;
}

std::string_view keyword_of_false_schema(std::string_view pointer) {
    // ".../additionalProperties" or ".../properties/name" -> the keyword.
    static constexpr std::string_view kDirect[] = {
        "additionalProperties", "additionalItems", "items", "contains", "propertyNames", "not", "if", "then", "else"};
    static constexpr std::string_view kMapped[] = {
        "properties", "patternProperties", "items", "dependencies", "allOf", "anyOf", "oneOf"};
    const auto last = pointer.rfind('/');
    if (last == std::string_view::npos) return "false";
    const std::string_view token = pointer.substr(last + 1);
    for (std::string_view k : kDirect)
        if (token == k) return k;
    const std::string_view rest = pointer.substr(0, last);
    const std::string_view parent = rest.substr(rest.rfind('/') + 1);
    for (std::string_view k : kMapped)
        if (parent == k) return k;
    return "false";
}

std::string_view bound_symbol(Bound bound) {
    switch (bound) {
        case Bound::Minimum: return ">=";
        case Bound::ExclusiveMinimum: return ">";
        case Bound::Maximum: return "<=";
        case Bound::ExclusiveMaximum: return "<";
    }
    return {};
}

Message type_message(const std::string& name, std::uint8_t types, const Instance& in) {
    const bool scalar = in.kind() != json::Kind::Object && in.kind() != json::Kind::Array;
    const std::uint8_t actual = kind_bit(in);
    const auto found = [&](Lang lang) {
        std::string words = type_words(actual, lang);
        if (scalar && in.kind() != json::Kind::Null) words += " (" + render_in(in, lang) + ")";
        return words;
    };
    Message out =
        both(subject(name, Lang::Sv) + " ska vara " + type_words(types, Lang::Sv) + " men är " + found(Lang::Sv),
             subject(name, Lang::En) + " must be " + type_words(types, Lang::En) + " but is " + found(Lang::En));
    // "12,5" copied from Excel: say how JSON writes it.
    if (!in.key && in.value.is_string() && (types & (kTypeNumber | kTypeInteger)))
        if (const std::string meant = text::json_number_meant(in.value.as_string()); !meant.empty()) {
            out.sv += "; ett JSON-tal skrivs utan citattecken, med decimalpunkt och utan mellanslag: " + meant;
            out.en += "; a JSON number is written without quotes, with a decimal point and without spaces: " + meant;
        }
    return out;
}

Message enum_message(const std::string& name, const Instance& in, json::Value values) {
    const std::string list = enum_list(values);
    return both(subject(name, Lang::Sv) + " har värdet " + render_in(in, Lang::Sv) + " men ska vara ett av: " + list,
                subject(name, Lang::En) + " is " + render_in(in, Lang::En) + " but must be one of: " + list);
}

Message const_message(const std::string& name, const Instance& in, json::Value expected) {
    return both(
        subject(name, Lang::Sv) + " har värdet " + render_in(in, Lang::Sv) + " men ska vara " +
            render_in(expected, Lang::Sv),
        subject(name, Lang::En) + " is " + render_in(in, Lang::En) + " but must be " + render_in(expected, Lang::En));
}

Message bound_message(const std::string& name, const Instance& in, Bound bound, std::string_view limit) {
    static constexpr std::string_view kSv[] = {" men får inte vara mindre än ", " men måste vara större än ",
                                               " men får inte vara större än ", " men måste vara mindre än "};
    static constexpr std::string_view kEn[] = {" but must be at least ", " but must be greater than ",
                                               " but must be at most ", " but must be less than "};
    const auto i = static_cast<std::size_t>(bound);
    return both(subject(name, Lang::Sv) + " har värdet " + render(in) + std::string(kSv[i]) + std::string(limit),
                subject(name, Lang::En) + " is " + render(in) + std::string(kEn[i]) + std::string(limit));
}

Message multiple_message(const std::string& name, const Instance& in, std::string_view divisor) {
    return both(
        subject(name, Lang::Sv) + " har värdet " + render(in) + " men ska vara en multipel av " + std::string(divisor),
        subject(name, Lang::En) + " is " + render(in) + " but must be a multiple of " + std::string(divisor));
}

Message length_message(const std::string& name, std::size_t length, std::uint64_t limit, bool minimum) {
    return both(subject(name, Lang::Sv) + " har " + std::to_string(length) + " tecken men ska ha " +
                    (minimum ? "minst " : "högst ") + std::to_string(limit),
                subject(name, Lang::En) + " has " + std::to_string(length) +
                    (length == 1 ? " character" : " characters") + " but must have " +
                    (minimum ? "at least " : "at most ") + std::to_string(limit));
}

Message pattern_message(const std::string& name, const Instance& in, const std::string& pattern) {
    return both(subject(name, Lang::Sv) + " har värdet " + render(in) + ", som inte följer mönstret " + pattern,
                subject(name, Lang::En) + " is " + render(in) + ", which does not match the pattern " + pattern);
}

Message unchecked_pattern_message(const std::string& name, const std::string& pattern) {
    const std::string steps = std::to_string(kPatternMatchSteps);
    return both(subject(name, Lang::Sv) + " kunde inte kontrolleras mot mönstret " + pattern +
                    ": matchningen behöver mer än " + steps + " steg",
                subject(name, Lang::En) + " could not be checked against the pattern " + pattern +
                    ": matching needs more than " + steps + " steps");
}

Message format_message(const std::string& name, const Instance& in, Format format) {
    return both(subject(name, Lang::Sv) + " har värdet " + render(in) + " men ska vara " +
                    std::string(format_description(format, true)),
                subject(name, Lang::En) + " is " + render(in) + " but must be " +
                    std::string(format_description(format, false)));
}

Message count_message(const std::string& name, std::size_t count, std::uint64_t limit, bool minimum, CountOf of) {
    const bool items = of == CountOf::Items;
    return both(subject(name, Lang::Sv) + " har " + std::to_string(count) +
                    (items ? (count == 1 ? " post" : " poster") : " fält") + " men ska ha " +
                    (minimum ? "minst " : "högst ") + std::to_string(limit),
                subject(name, Lang::En) + " has " + std::to_string(count) +
                    (items ? (count == 1 ? " item" : " items") : (count == 1 ? " field" : " fields")) +
                    " but must have " + (minimum ? "at least " : "at most ") + std::to_string(limit));
}

Message duplicate_message(const std::string& name, json::Value earlier, json::Value later) {
    const std::string first = "'" + path_name(earlier) + "'", second = "'" + path_name(later) + "'";
    return both(subject(name, Lang::Sv) + " får inte innehålla dubbletter, men " + second + " är lika med " + first,
                subject(name, Lang::En) + " must not contain duplicates, but " + second + " equals " + first);
}

Message contains_message(const std::string& name, std::string_view item_title) {
    const std::string what = item_title.empty() ? std::string() : " ('" + std::string(item_title) + "')";
    return both(subject(name, Lang::Sv) + " måste innehålla minst en post som uppfyller kraven" + what,
                subject(name, Lang::En) + " must contain at least one item that meets the requirements" + what);
}

Message required_message(std::string_view missing, const std::string& container) {
    return both("Obligatoriska fältet '" + std::string(missing) + "' saknas i " + place(container, Lang::Sv),
                "Required field '" + std::string(missing) + "' is missing from " + place(container, Lang::En));
}

Message dependency_message(std::string_view missing, std::string_view present, const std::string& container) {
    return both("Fältet '" + std::string(missing) + "' saknas i " + place(container, Lang::Sv) +
                    " men krävs när fältet '" + std::string(present) + "' finns",
                "Field '" + std::string(missing) + "' is missing from " + place(container, Lang::En) +
                    " but is required when field '" + std::string(present) + "' is present");
}

Message property_name_message(std::string_view key, const std::string& container,
                              const std::vector<Violation>& reasons) {
    const std::string why_sv = reasons.empty() ? "" : ": " + reasons.front().message.sv;
    const std::string why_en = reasons.empty() ? "" : ": " + reasons.front().message.en;
    return both("Fältnamnet '" + std::string(key) + "' i " + place(container, Lang::Sv) + " är inte tillåtet" + why_sv,
                "Field name '" + std::string(key) + "' in " + place(container, Lang::En) + " is not allowed" + why_en);
}

Message not_allowed_message(const Instance& in) {
    const std::string name = quoted_name(in.key ? std::string(*in.key) : path_name(in.value));
    const json::Value parent = in.value.valid() ? in.value.parent() : json::Value{};
    if (!in.key && parent.valid() && parent.is_object()) {
        const std::string container = quoted_name(path_name(parent));
        return both(subject(name, Lang::Sv) + " är inte tillåtet i " + place(container, Lang::Sv),
                    subject(name, Lang::En) + " is not allowed in " + place(container, Lang::En));
    }
    return both(subject(name, Lang::Sv) + " är inte tillåtet här", subject(name, Lang::En) + " is not allowed here");
}

Message unknown_member_message(const Instance& member, const std::string& suggestion) {
    Message m = not_allowed_message(member);
    if (suggestion.empty()) return m;
    return both(m.sv + "; menade du '" + suggestion + "'?", m.en + "; did you mean '" + suggestion + "'?");
}

Message not_message(const std::string& name, const Instance& in, std::string_view excluded_title) {
    const std::string what = excluded_title.empty() ? std::string() : " ('" + std::string(excluded_title) + "')";
    return both(
        subject(name, Lang::Sv) + " har värdet " + render_in(in, Lang::Sv) + ", som inte är tillåtet här" + what,
        subject(name, Lang::En) + " is " + render_in(in, Lang::En) + ", which is not allowed here" + what);
}

Message several_branches_message(const std::string& name, const std::vector<std::size_t>& passing) {
    const std::string which = join_indices(passing);
    return both(subject(name, Lang::Sv) + " uppfyller flera alternativ (" + which + ") men får bara uppfylla ett",
                subject(name, Lang::En) + " matches several alternatives (" + which + ") but must match exactly one");
}

Message no_branch_message(const std::string& name, std::size_t branches, std::string_view closest_title,
                          const Violation* closest, std::size_t closest_reasons) {
    std::string sv =
        subject(name, Lang::Sv) + " uppfyller inget av de " + std::to_string(branches) + " tillåtna alternativen";
    std::string en =
        subject(name, Lang::En) + " matches none of the " + std::to_string(branches) + " allowed alternatives";
    if (closest) {
        const std::string title = closest_title.empty() ? std::string() : " '" + std::string(closest_title) + "'";
        const std::size_t more = closest_reasons - 1;
        sv += "; närmast" + title + ": " + closest->message.sv +
              (more ? " (och " + std::to_string(more) + " fel till)" : "");
        en +=
            "; closest" + title + ": " + closest->message.en + (more ? " (and " + std::to_string(more) + " more)" : "");
    }
    return both(sv, en);
}

Message depth_message(const std::string& name, unsigned limit) {
    return both("Kontrollen av " + place(name, Lang::Sv) + " avbröts: schemat nästlar djupare än " +
                    std::to_string(limit) + " nivåer",
                "Checking " + place(name, Lang::En) + " stopped: the schema nests deeper than " +
                    std::to_string(limit) + " levels");
}

Message internal_error_message(std::string_view what) {
    return both("Schemakontrollen avbröts: " + std::string(what), "Schema validation stopped: " + std::string(what));
}

}  // namespace budgetcheck::schema
