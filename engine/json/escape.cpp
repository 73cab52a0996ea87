// JSON text out: escaping for string literals, and the source line an input
// error carries. Every JSON report writes through these, so they are valid
// JSON whatever bytes a submission or a rule put in a message.
#include "json/document.hpp"

#include <fmt/format.h>

#include "text/utf8.hpp"

namespace budgetcheck::json {


// Output is always valid JSON text: a byte that does not start a valid UTF-8
// sequence (a rule's message, a mangled file name) becomes U+FFFD.
void append_escaped(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t n = utf8::sequence_length(text, i);
            if (n == 0) {
                out += "\\ufffd";
            } else {
                out.append(text.substr(i, n));
                i += n - 1;
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
                else out += c;
        }
    }
}

std::string error_snippet(std::string_view line) { return utf8::valid_or_replaced(line, 400); }

std::string quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    append_escaped(out, text);
    out += '"';
    return out;
}

std::string compact_text(Value v, bool (*skip)(std::string_view key)) {
    if (!v.valid()) return {};
    switch (v.kind()) {
        case Kind::Null: return "null";
        case Kind::Bool: return v.as_bool() ? "true" : "false";
        case Kind::Number: return std::string(v.number_text());
        case Kind::String: return quote(v.as_string());
        case Kind::Array: {
            std::string out = "[";
            for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + compact_text(v.at(i), skip);
            return out + "]";
        }
        case Kind::Object: {
            std::string out = "{";
            bool first = true;
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (skip && skip(v.key_at(i))) continue;
                out += (first ? "" : ", ") + quote(v.key_at(i)) + ": " + compact_text(v.at(i), skip);
                first = false;
            }
            return out + "}";
        }
    }
    return {};
}

}  // namespace budgetcheck::json
