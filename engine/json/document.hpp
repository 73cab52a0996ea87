// An immutable JSON document that remembers where every value came from.
//
// Why our own tree: no JSON library in Debian 12 gives, all at once, the
// source position of every value, rejection of duplicate keys, exact number
// text (money must never pass through a double) and an iterative parse that
// survives absurd nesting. See docs/architecture.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings.hpp"

namespace budgetcheck::json {

enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };

std::string_view kind_name(Kind kind);  // "null", "boolean", "number", ...

// 1-based line and column; column counts Unicode code points, as editors do.
struct Position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    // Byte offset of the value's first character in Document::source(),
    // which leaves out a UTF-8 byte order mark the file started with.
    std::uint64_t offset = 0;
};

struct ParseLimits {
    std::uint64_t max_bytes = 64ull << 20;   // whole input
    std::uint32_t max_depth = 512;           // nested arrays/objects
    std::uint64_t max_values = 4'000'000;    // every value, keys excluded
    std::uint64_t max_string_bytes = 1u << 20;
    std::uint32_t max_number_chars = 1000;
    // Every string and key in Unicode NFC (docs/limits.md), so text pasted
    // with decomposed letters equals typed text. Off only where a document
    // must be compared exactly as written (the JSON Schema test suite).
    bool normalize_nfc = true;
};

class Document;

// A cheap handle on one value of a Document. Valid as long as the Document.
class Value {
public:
    Value() = default;

    bool valid() const { return doc_ != nullptr; }
    Kind kind() const;
    bool is_null() const { return kind() == Kind::Null; }
    bool is_bool() const { return kind() == Kind::Bool; }
    bool is_number() const { return kind() == Kind::Number; }
    bool is_string() const { return kind() == Kind::String; }
    bool is_array() const { return kind() == Kind::Array; }
    bool is_object() const { return kind() == Kind::Object; }

    bool as_bool() const;
    std::string_view as_string() const;   // decoded UTF-8
    std::string_view number_text() const; // the number exactly as written
    double as_double() const;             // for non-money numbers only
    // The value as an integer when the number is mathematically an integer
    // that fits in int64 (so 3, 3.0 and 3e0 all give 3; 3.5 gives nullopt).
    std::optional<std::int64_t> as_integer() const;

    // Arrays and objects: number of elements / members.
    std::size_t size() const;
    Value at(std::size_t index) const;         // element or member value
    std::string_view key_at(std::size_t index) const;  // objects only
    Position key_position(std::size_t index) const;    // objects only
    // Member lookup; an invalid Value when absent or not an object.
    Value find(std::string_view key) const;
    Value operator[](std::string_view key) const { return find(key); }

    Position position() const;
    Value parent() const;
    // Position among the parent's elements or members (0 for the root).
    std::size_t index_in_parent() const;
    // RFC 6901 JSON Pointer of this value ("" is the root).
    std::string pointer() const;
    std::uint32_t id() const { return index_; }  // dense, 0 = root
    const Document& document() const { return *doc_; }

    friend bool operator==(const Value& a, const Value& b) {
        return a.doc_ == b.doc_ && a.index_ == b.index_;
    }

private:
    friend class Document;
    friend class Parser;
    Value(const Document* doc, std::uint32_t index) : doc_(doc), index_(index) {}
    const Document* doc_ = nullptr;
    std::uint32_t index_ = 0;
};

// Structural equality as JSON Schema defines it (1 == 1.0, key order free).
bool json_equal(Value a, Value b);

struct ParseError {
    Position position;
    std::string code;     // stable id, e.g. "json.duplicate-key"
    Message message;      // Swedish and English, one sentence each, names the problem
    std::string snippet;  // the offending source line (at most 400 bytes)
};

class Document {
public:
    Value root() const { return Value(this, 0); }
    // The text parsed: the input without a leading UTF-8 byte order mark.
    std::string_view source() const { return source_; }
    std::size_t value_count() const { return nodes_.size(); }
    Value value(std::uint32_t id) const { return Value(this, id); }

    // Resolve an RFC 6901 pointer; invalid Value if it names nothing.
    Value resolve(std::string_view pointer) const;
    // Line:column of a byte offset into the source.
    Position position_of(std::uint64_t offset) const;
    // The whole source line (without newline) containing `line` (1-based).
    std::string_view line_text(std::uint32_t line) const;

    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;
    Document(Document&&) = default;
    Document& operator=(Document&&) = default;
    ~Document() = default;

private:
    friend class Value;
    friend class Parser;
    Document() = default;

    struct Node {
        Kind kind = Kind::Null;
        bool boolean = false;
        std::uint32_t parent = 0;
        std::uint32_t index_in_parent = 0;
        std::uint32_t first = 0;  // containers: into children_; scalars: into text_
        std::uint32_t count = 0;  // containers: children; strings/numbers: text length
        std::uint32_t key = 0;    // object members: index into keys_
        std::uint64_t offset = 0;
    };
    struct Key {
        std::uint32_t first = 0, count = 0;  // into text_
        std::uint64_t offset = 0;
    };

    std::string source_;
    std::string text_;  // decoded strings, number texts and keys, back to back
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> children_;
    std::vector<Key> keys_;
    std::vector<std::uint64_t> line_starts_;  // byte offset of each line
    // Code points in source_[0, k * kColumnStride), so that a column is found
    // in bounded time even on a line of megabytes (minified JSON).
    static constexpr std::uint64_t kColumnStride = 4096;
    std::vector<std::uint64_t> code_points_before_;
};

struct ParseResult {
    std::unique_ptr<const Document> document;  // null when error is set
    std::optional<ParseError> error;
};

// Parse a whole input. Never throws for bad input; never recurses. A UTF-8
// byte order mark at the start is skipped (RFC 8259 section 8.1); a UTF-16
// or UTF-32 file is a json.encoding error that names its encoding.
ParseResult parse(std::string source, const ParseLimits& limits = {});

// Escape one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1").
std::string escape_pointer_token(std::string_view token);
// The unescaped reference tokens of an RFC 6901 pointer ("" has none);
// nullopt when a non-empty pointer does not start with '/'.
std::optional<std::vector<std::string>> split_pointer(std::string_view pointer);
// An array index as RFC 6901 writes it: digits, no sign, no leading zero;
// nullopt otherwise (the bound is the caller's).
std::optional<std::size_t> pointer_index(std::string_view token);

// A source line as an input error carries it (ParseError::snippet,
// InputError::snippet): at most 400 bytes, always valid UTF-8 (a byte that
// does not begin a well-formed sequence becomes U+FFFD), never cut inside a
// character. Reports that embed it (JSON, SARIF, HTML) stay valid.
std::string error_snippet(std::string_view line);

// Appends `text` escaped for the inside of a JSON string literal.
void append_escaped(std::string& out, std::string_view text);
// `text` as a JSON string literal, quotes included.
std::string quote(std::string_view text);
// A value as compact one-line JSON text ("{"a": [1, 2]}"), numbers as their
// source text; "" for an invalid value. Members whose key `skip` accepts
// are left out (diff-packs: sources and notes are not decisions).
std::string compact_text(Value v, bool (*skip)(std::string_view key) = nullptr);

}  // namespace budgetcheck::json
