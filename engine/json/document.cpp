// Reading a parsed Document: values, keys, JSON Pointers and source
// positions. The parser is in parser.cpp, JSON text out in escape.cpp.
#include "json/document.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "json/decimal.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::json {

std::string_view kind_name(Kind kind) {
    switch (kind) {
        case Kind::Null: return "null";
        case Kind::Bool: return "boolean";
        case Kind::Number: return "number";
        case Kind::String: return "string";
        case Kind::Array: return "array";
        case Kind::Object: return "object";
    }
    return "unknown";
}

std::string escape_pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::optional<std::size_t> pointer_index(std::string_view token) {
    std::size_t index = 0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), index);
    if (token.empty() || r.ec != std::errc() || r.ptr != token.data() + token.size() ||
        (token.size() > 1 && token[0] == '0'))
        return std::nullopt;
    return index;
}

std::optional<std::vector<std::string>> split_pointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    if (pointer[0] != '/') return std::nullopt;
    std::size_t i = 1;
    while (true) {
        const std::size_t slash = pointer.find('/', i);
        const auto raw = pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
        std::string token;
        for (std::size_t k = 0; k < raw.size(); ++k) {
            if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
                token += raw[k + 1] == '0' ? '~' : '/';
                ++k;
            } else {
                token += raw[k];
            }
        }
        tokens.push_back(std::move(token));
        if (slash == std::string_view::npos) return tokens;
        i = slash + 1;
    }
}

// ---------------------------------------------------------------- access --

// An invalid handle (a member that is absent) reads as null, so lookups can
// be chained: doc.root()["a"]["b"].as_string() is "" when "a" is missing.
Kind Value::kind() const { return doc_ ? doc_->nodes_[index_].kind : Kind::Null; }
bool Value::as_bool() const { return doc_ && doc_->nodes_[index_].boolean; }

std::string_view Value::as_string() const {
    if (!doc_) return {};
    const auto& n = doc_->nodes_[index_];
    if (n.kind != Kind::String) return {};
    return {doc_->text_.data() + n.first, n.count};
}

std::string_view Value::number_text() const {
    if (!doc_) return {};
    const auto& n = doc_->nodes_[index_];
    if (n.kind != Kind::Number) return {};
    return {doc_->text_.data() + n.first, n.count};
}

double Value::as_double() const {
    const auto text = number_text();
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec == std::errc::result_out_of_range) {
        // Out of double range: keep the sign, saturate to infinity or zero.
        const bool negative = !text.empty() && text[0] == '-';
        const bool tiny = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
        if (tiny) return negative ? -0.0 : 0.0;
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    return d;
}

std::optional<std::int64_t> Value::as_integer() const {
    if (!is_number()) return std::nullopt;
    const std::string_view text = number_text();
    // The common case, plain digits, without the exact decimal machinery.
    if (text.find_first_of(".eE") == std::string_view::npos) {
        std::int64_t v = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size() &&
            v != std::numeric_limits<std::int64_t>::min())
            return v;
    }
    return decimal_to_integer(number_text(), 0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        .value;
}

std::size_t Value::size() const {
    if (!doc_) return 0;
    const auto& n = doc_->nodes_[index_];
    return (n.kind == Kind::Array || n.kind == Kind::Object) ? n.count : 0;
}

Value Value::at(std::size_t index) const {
    const auto& n = doc_->nodes_[index_];
    return Value(doc_, doc_->children_[n.first + index]);
}

std::string_view Value::key_at(std::size_t index) const {
    const auto& key = doc_->keys_[doc_->nodes_[at(index).index_].key];
    return {doc_->text_.data() + key.first, key.count};
}

Position Value::key_position(std::size_t index) const {
    return doc_->position_of(doc_->keys_[doc_->nodes_[at(index).index_].key].offset);
}

Value Value::find(std::string_view key) const {
    if (!valid() || !is_object()) return {};
    const std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i)
        if (key_at(i) == key) return at(i);
    return {};
}

Position Value::position() const { return doc_->position_of(doc_->nodes_[index_].offset); }

Value Value::parent() const {
    if (index_ == 0) return {};
    return Value(doc_, doc_->nodes_[index_].parent);
}

std::size_t Value::index_in_parent() const { return doc_ ? doc_->nodes_[index_].index_in_parent : 0; }

std::string Value::pointer() const {
    std::vector<std::uint32_t> chain;
    for (std::uint32_t i = index_; i != 0; i = doc_->nodes_[i].parent) chain.push_back(i);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const auto& node = doc_->nodes_[*it];
        out += '/';
        if (doc_->nodes_[node.parent].kind == Kind::Object) {
            const auto& key = doc_->keys_[node.key];
            out += escape_pointer_token({doc_->text_.data() + key.first, key.count});
        } else {
            out += std::to_string(node.index_in_parent);
        }
    }
    return out;
}

Value Document::resolve(std::string_view pointer) const {
    const auto tokens = split_pointer(pointer);
    if (!tokens) return {};
    Value current = root();
    for (const auto& token : *tokens) {
        if (current.is_object()) {
            current = current.find(token);
        } else if (current.is_array()) {
            const auto index = pointer_index(token);
            if (!index || *index >= current.size()) return {};
            current = current.at(*index);
        } else {
            return {};
        }
        if (!current.valid()) return {};
    }
    return current;
}

Position Document::position_of(std::uint64_t offset) const {
    if (line_starts_.empty()) return Position{1, 1, offset};
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    const std::uint64_t start = line_starts_[line - 1];
    const std::uint64_t end = std::min<std::uint64_t>(offset, source_.size());
    // An ordinary line: count from its start.
    if (start >= end || end - start <= kColumnStride)
        return Position{line, static_cast<std::uint32_t>(1 + utf8::count_code_points(std::string_view(source_).substr(
                                                                 start, end > start ? end - start : 0))),
                        offset};
    // A long (minified) line: a checkpoint, then at most one stride.
    auto code_points_to = [this](std::uint64_t at) {
        if (code_points_before_.empty()) return std::uint64_t{0};
        const std::uint64_t chunk = std::min<std::uint64_t>(at / kColumnStride, code_points_before_.size() - 1);
        const std::uint64_t from = chunk * kColumnStride;
        return code_points_before_[chunk] + utf8::count_code_points(std::string_view(source_).substr(from, at - from));
    };
    const auto column = static_cast<std::uint32_t>(1 + code_points_to(end) - code_points_to(std::min(start, end)));
    return Position{line, column, offset};
}

std::string_view Document::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::uint64_t start = line_starts_[line - 1];
    std::uint64_t end = line < line_starts_.size() ? line_starts_[line] - 1 : source_.size();
    if (end > start && source_[end - 1] == '\r') --end;
    return std::string_view(source_).substr(start, end - start);
}

}  // namespace budgetcheck::json
