#include "json/splice.hpp"

#include <algorithm>

namespace budgetcheck::json {

namespace {

// Past the string literal starting at `at` (its opening quote).
std::uint64_t string_end(std::string_view s, std::uint64_t at) {
    for (std::uint64_t i = at + 1; i < s.size(); ++i) {
        if (s[i] == '\\') ++i;
        else if (s[i] == '"') return i + 1;
    }
    return s.size();
}

// The whitespace the original puts around members, read from the text.
struct Layout {
    std::string open, between, close, colon = ": ";
};

Layout layout_of(Value c) {
    const std::string_view s = c.document().source();
    const std::uint64_t start = c.position().offset, end = end_offset(c);
    Layout l;
    if (c.size() == 0) return l;
    const auto first_at = c.is_object() ? c.key_position(0).offset : c.at(0).position().offset;
    l.open = std::string(s.substr(start + 1, first_at - start - 1));
    const std::uint64_t last_end = end_offset(c.at(c.size() - 1));
    l.close = std::string(s.substr(last_end, end - 1 - last_end));
    if (c.size() > 1) {
        const auto second_at = c.is_object() ? c.key_position(1).offset : c.at(1).position().offset;
        const std::uint64_t first_end = end_offset(c.at(0));
        l.between = std::string(s.substr(first_end, second_at - first_end));
    } else {
        // One member: a new line like the first one's, or ", " on one line.
        l.between = l.open.find('\n') != std::string::npos ? "," + l.open : ", ";
    }
    if (c.is_object()) {
        const std::uint64_t key_end = string_end(s, c.key_position(0).offset);
        l.colon = std::string(s.substr(key_end, c.at(0).position().offset - key_end));
    }
    return l;
}

}  // namespace

std::uint64_t end_offset(Value value) {
    const std::string_view s = value.document().source();
    std::uint64_t i = value.position().offset;
    switch (value.kind()) {
        case Kind::String:
            return string_end(s, i);
        case Kind::Array:
        case Kind::Object: {
            int depth = 0;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '"') i = string_end(s, i) - 1;
                else if (c == '[' || c == '{') ++depth;
                else if ((c == ']' || c == '}') && --depth == 0) return i + 1;
            }
            return s.size();
        }
        default:  // number, true, false, null
            while (i < s.size() && std::string_view("0123456789+-.eEtrufalsn").find(s[i]) != std::string_view::npos) ++i;
            return i;
    }
}

std::string apply_splices(std::string_view source, std::vector<Splice> splices) {
    std::stable_sort(splices.begin(), splices.end(),
                     [](const Splice& a, const Splice& b) { return a.offset < b.offset; });
    std::string out;
    std::uint64_t at = 0;
    for (const auto& splice : splices) {
        out.append(source.substr(at, splice.offset - at));
        out += splice.text;
        at = splice.offset + splice.length;
    }
    out.append(source.substr(at));
    return out;
}

Splice replace_value(Value value, std::string text) {
    const std::uint64_t start = value.position().offset;
    return Splice{start, end_offset(value) - start, std::move(text)};
}

std::string rewrite_object(Value container, const std::vector<std::pair<std::string, std::string>>& members) {
    const Layout l = layout_of(container);
    std::string out = "{" + (members.empty() ? std::string() : l.open);
    for (std::size_t i = 0; i < members.size(); ++i)
        out += (i ? l.between : "") + quote(members[i].first) + l.colon + members[i].second;
    return out + (members.empty() ? "" : l.close) + "}";
}

std::string rewrite_array(Value container, const std::vector<std::string>& elements) {
    const Layout l = layout_of(container);
    std::string out = "[" + (elements.empty() ? std::string() : l.open);
    for (std::size_t i = 0; i < elements.size(); ++i) out += (i ? l.between : "") + elements[i];
    return out + (elements.empty() ? "" : l.close) + "]";
}

}  // namespace budgetcheck::json
