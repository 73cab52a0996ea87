#include "json/document.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <unordered_set>

#include <fmt/format.h>

#include "json/decimal.hpp"
#include "text/plural.hpp"
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

// ---------------------------------------------------------------- parser --

namespace {

// Messages that more than one place gives (Swedish first, as in findings).
const Message kInvalidUtf8{"filen är inte giltig UTF-8 här; spara den som UTF-8",
                           "the file is not valid UTF-8 here; save it as UTF-8"};
const Message kEndsBeforeValue{"filen tar slut där ett värde skulle komma", "the file ends where a value was expected"};
const Message kEndsInsideContainer{"filen tar slut inuti en lista eller ett objekt som inte är avslutat",
                                   "the file ends inside an unfinished array or object"};
const Message kUnclosedString{"en text börjar här men avslutas aldrig med '\"'",
                              "a string starts here but is never closed with '\"'"};
const Message kFourHexDigits{"efter \\u ska det stå fyra hexadecimala siffror", "\\u must be followed by four hex digits"};
const Message kLoneSurrogate{"en \\u-kod är bara ena halvan av ett surrogatpar (den andra halvan saknas)",
                             "a \\u escape holds half of a surrogate pair without its other half"};

// The character at s[i] for a message: 'x', a whole UTF-8 character, or the
// byte in hex (never a lone byte of a multi-byte character: messages are
// UTF-8 and end up in JSON reports).
std::string printable(std::string_view s, std::size_t i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u < 0x7F) return fmt::format("'{}'", s[i]);
    if (const std::size_t n = u >= 0x80 ? utf8::sequence_length(s, i) : 0; n > 0)
        return fmt::format("'{}'", s.substr(i, n));
    return fmt::format("byte 0x{:02X}", u);
}

}  // namespace

class Parser {
public:
    Parser(std::string source, const ParseLimits& limits)
        : limits_(limits), doc_(new Document()) {
        doc_->source_ = std::move(source);
        src_ = doc_->source_;
    }

    ParseResult run() {
        index_lines();
        if (src_.empty())
            return fail(0, "json.empty",
                        {"filen är tom; en inlämning är ett JSON-objekt",
                         "the file is empty; a submission is one JSON object"});
        if (src_.size() > limits_.max_bytes)
            return fail(0, "limit.file-size",
                        {fmt::format("indata är {} byte, mer än gränsen på {} byte", src_.size(), limits_.max_bytes),
                         fmt::format("the input is {}, more than the limit of {}",
                                     text::counted(src_.size(), "byte", "bytes"),
                                     text::counted(limits_.max_bytes, "byte", "bytes"))});
        if (src_.size() >= 3 && src_.compare(0, 3, "\xEF\xBB\xBF") == 0)
            return fail(0, "json.bom",
                        {"filen börjar med en byte order mark (BOM); spara den som UTF-8 utan BOM",
                         "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM"});
        doc_->nodes_.reserve(src_.size() / 8 + 1);
        // Decoded text rarely outgrows the source (escapes shrink; only NFC of
        // a few scripts grows), so one reservation nearly always suffices.
        doc_->text_.reserve(src_.size());
        if (!parse_document()) return std::move(result_);
        result_.document = std::move(doc_);
        return std::move(result_);
    }

private:
    struct Frame {
        std::uint32_t node;
        std::size_t pending_start;  // first child in pending_
        bool is_object;
        // Only for large objects. Copies, not views: text_ may reallocate
        // when NFC makes a string longer than its source.
        std::unordered_set<std::string> keys;
    };

    ParseResult fail(std::uint64_t offset, std::string code, Message message) {
        error(offset, std::move(code), std::move(message));
        return std::move(result_);
    }
    bool error(std::uint64_t offset, std::string code, Message message) {
        const Position at = doc_->position_of(offset);
        result_.error = ParseError{at, std::move(code), std::move(message), error_snippet(doc_->line_text(at.line))};
        return false;
    }

    void index_lines() {
        auto& starts = doc_->line_starts_;
        starts.push_back(0);
        const char* p = src_.data();
        const char* end = p + src_.size();
        while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
            ++p;
            starts.push_back(static_cast<std::uint64_t>(p - src_.data()));
        }
        auto& counts = doc_->code_points_before_;
        counts.reserve(src_.size() / Document::kColumnStride + 1);
        std::uint64_t code_points = 0;
        for (std::size_t k = 0; k < src_.size(); k += Document::kColumnStride) {
            counts.push_back(code_points);
            code_points += utf8::count_code_points(src_.substr(k, Document::kColumnStride));
        }
    }

    void skip_ws() {
        while (pos_ < src_.size()) {
            const char c = src_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++pos_;
            else break;
        }
    }

    std::uint32_t new_node(Kind kind, std::uint32_t parent, std::uint32_t index_in_parent) {
        Document::Node node;
        node.kind = kind;
        node.parent = parent;
        node.index_in_parent = index_in_parent;
        node.offset = pos_;
        doc_->nodes_.push_back(node);
        return static_cast<std::uint32_t>(doc_->nodes_.size() - 1);
    }

    bool parse_document() {
        skip_ws();
        std::vector<Frame> stack;
        std::uint32_t pending_key = 0;
        bool have_key = false;

        // Each iteration parses one value at pos_ (or closes containers).
        while (true) {
            skip_ws();
            if (pos_ >= src_.size())
                return error(pos_, "json.truncated", stack.empty() ? kEndsBeforeValue : kEndsInsideContainer);
            if (doc_->nodes_.size() >= limits_.max_values)
                return error(pos_, "limit.values",
                             {fmt::format("dokumentet har fler än {}", text::counted(limits_.max_values, "värde", "värden")),
                              fmt::format("the document has more than {}",
                                          text::counted(limits_.max_values, "value", "values"))});

            std::uint32_t parent = 0, index_in_parent = 0;
            if (!stack.empty()) {
                parent = stack.back().node;
                index_in_parent = static_cast<std::uint32_t>(pending_.size() - stack.back().pending_start);
            }
            const char c = src_[pos_];
            std::uint32_t id;
            bool opened = false;
            if (c == '{' || c == '[') {
                if (stack.size() >= limits_.max_depth)
                    return error(pos_, "limit.depth",
                                 {fmt::format("listor och objekt ligger i mer än {} inuti varandra",
                                              text::counted(limits_.max_depth, "nivå", "nivåer")),
                                  fmt::format("arrays and objects are nested more than {} deep", limits_.max_depth)});
                id = new_node(c == '{' ? Kind::Object : Kind::Array, parent, index_in_parent);
                opened = true;
            } else {
                id = new_node(Kind::Null, parent, index_in_parent);
                if (!parse_scalar(id)) return false;
            }
            if (have_key) { doc_->nodes_[id].key = pending_key; have_key = false; }
            if (!stack.empty()) pending_.push_back(id);

            if (opened) {
                ++pos_;
                stack.push_back(Frame{id, pending_.size(), c == '{', {}});
                skip_ws();
                const char close = c == '{' ? '}' : ']';
                if (pos_ < src_.size() && src_[pos_] == close) {
                    ++pos_;
                    close_container(stack);
                } else if (c == '{') {
                    if (!parse_key(stack.back(), pending_key)) return false;
                    have_key = true;
                    continue;
                } else {
                    continue;
                }
            }
            // After a value: a comma (next sibling), a closing bracket, or the end.
            while (true) {
                if (stack.empty()) {
                    skip_ws();
                    if (pos_ != src_.size())
                        return error(pos_, "json.trailing",
                                     {fmt::format("oväntat {} efter slutet av JSON-värdet", printable(src_, pos_)),
                                      fmt::format("unexpected {} after the end of the JSON value", printable(src_, pos_))});
                    return true;
                }
                skip_ws();
                if (pos_ >= src_.size())
                    return error(pos_, "json.truncated", kEndsInsideContainer);
                Frame& top = stack.back();
                const char d = src_[pos_];
                if (d == ',') {
                    ++pos_;
                    if (top.is_object) {
                        skip_ws();
                        if (!parse_key(top, pending_key)) return false;
                        have_key = true;
                    }
                    break;
                }
                if ((top.is_object && d == '}') || (!top.is_object && d == ']')) {
                    ++pos_;
                    close_container(stack);
                    continue;
                }
                const char close = top.is_object ? '}' : ']';
                return error(pos_, "json.syntax",
                             {fmt::format("här ska det stå ',' eller '{}' men det står {}", close, printable(src_, pos_)),
                              fmt::format("expected ',' or '{}' but found {}", close, printable(src_, pos_))});
            }
        }
    }

    void close_container(std::vector<Frame>& stack) {
        Frame& top = stack.back();
        auto& node = doc_->nodes_[top.node];
        node.first = static_cast<std::uint32_t>(doc_->children_.size());
        node.count = static_cast<std::uint32_t>(pending_.size() - top.pending_start);
        doc_->children_.insert(doc_->children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(top.pending_start),
                               pending_.end());
        pending_.resize(top.pending_start);
        stack.pop_back();
    }

    // Parses `"key" :` inside an object, rejecting duplicates.
    bool parse_key(Frame& frame, std::uint32_t& key_index) {
        if (pos_ >= src_.size())
            return error(pos_, "json.truncated",
                         {"filen tar slut inuti ett objekt som inte är avslutat",
                          "the file ends inside an unfinished object"});
        if (src_[pos_] != '"')
            return error(pos_, "json.syntax",
                         {fmt::format("här ska det stå en nyckel inom dubbla citattecken men det står {}",
                                      printable(src_, pos_)),
                          fmt::format("expected a member name in double quotes but found {}", printable(src_, pos_))});
        const std::uint64_t key_offset = pos_;
        std::uint32_t first, count;
        if (!parse_string_text(first, count)) return false;
        const std::string_view key(doc_->text_.data() + first, count);

        // Compare with the earlier keys of this object. Small objects: a scan;
        // large ones: a set over stable views into text_ (reserved below).
        const std::size_t members = pending_.size() - frame.pending_start;
        auto key_of = [&](std::size_t k) {
            const auto& kk = doc_->keys_[doc_->nodes_[pending_[frame.pending_start + k]].key];
            return std::string_view(doc_->text_.data() + kk.first, kk.count);
        };
        if (members < 16) {
            for (std::size_t k = 0; k < members; ++k)
                if (key_of(k) == key) return duplicate(frame, k, key, key_offset);
        } else {
            if (frame.keys.empty())
                for (std::size_t k = 0; k < members; ++k) frame.keys.emplace(key_of(k));
            if (!frame.keys.emplace(key).second) {
                for (std::size_t k = 0; k < members; ++k)
                    if (key_of(k) == key) return duplicate(frame, k, key, key_offset);
            }
        }
        doc_->keys_.push_back(Document::Key{first, count, key_offset});
        key_index = static_cast<std::uint32_t>(doc_->keys_.size() - 1);
        skip_ws();
        if (pos_ >= src_.size() || src_[pos_] != ':')
            return error(pos_, "json.syntax",
                         pos_ >= src_.size()
                             ? Message{"filen tar slut efter en nyckel", "the file ends after a member name"}
                             : Message{fmt::format("här ska det stå ':' efter nyckeln men det står {}",
                                                   printable(src_, pos_)),
                                       fmt::format("expected ':' after the member name but found {}",
                                                   printable(src_, pos_))});
        ++pos_;
        return true;
    }

    bool duplicate(const Frame& frame, std::size_t earlier, std::string_view key, std::uint64_t offset) {
        const auto& kk = doc_->keys_[doc_->nodes_[pending_[frame.pending_start + earlier]].key];
        const Position first = doc_->position_of(kk.offset);
        return error(offset, "json.duplicate-key",
                     {fmt::format("dubblerad nyckel \"{}\" (först definierad på rad {}, kolumn {}); ta bort den ena",
                                  key, first.line, first.column),
                      fmt::format("duplicate member \"{}\" (first defined at line {}, column {}); "
                                  "a JSON object may name each member once",
                                  key, first.line, first.column)});
    }

    bool parse_scalar(std::uint32_t id) {
        auto& node = doc_->nodes_[id];
        const char c = src_[pos_];
        auto literal = [&](std::string_view word, Kind kind, bool value) {
            if (src_.compare(pos_, word.size(), word) != 0) return false;
            node.kind = kind;
            node.boolean = value;
            pos_ += word.size();
            return true;
        };
        if (c == 't' && literal("true", Kind::Bool, true)) return true;
        if (c == 'f' && literal("false", Kind::Bool, false)) return true;
        if (c == 'n' && literal("null", Kind::Null, false)) return true;
        if (c == '"') {
            std::uint32_t first, count;
            if (!parse_string_text(first, count)) return false;
            auto& n = doc_->nodes_[id];  // text_ growth does not move nodes_, but be explicit
            n.kind = Kind::String;
            n.first = first;
            n.count = count;
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(id);
        if (c == ']' || c == '}')
            return error(pos_, "json.syntax",
                         {fmt::format("här ska det stå ett värde men det står {}", printable(src_, pos_)),
                          fmt::format("expected a value but found {}", printable(src_, pos_))});
        if (static_cast<unsigned char>(c) >= 0x80 && utf8::sequence_length(src_, pos_) == 0)
            return error(pos_, "json.invalid-utf8", kInvalidUtf8);
        return error(pos_, "json.syntax",
                     {fmt::format("här ska det stå ett värde (objekt, lista, text, tal, true, false eller null) men det "
                                  "står {}",
                                  printable(src_, pos_)),
                      fmt::format("expected a value (object, array, string, number, true, false or null) but found {}",
                                  printable(src_, pos_))});
    }

    bool parse_number(std::uint32_t id) {
        const std::size_t start = pos_;
        auto digit = [&] { return pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '9'; };
        if (src_[pos_] == '-') ++pos_;
        if (!digit())
            return error(pos_, "json.syntax", {"ett tal behöver en siffra efter '-'", "a number needs a digit after '-'"});
        if (src_[pos_] == '0') {
            ++pos_;
            if (digit())
                return error(start, "json.syntax",
                             {"ett tal får inte börja med en nolla före andra siffror",
                              "a number may not have leading zeros"});
        } else {
            while (digit()) ++pos_;
        }
        if (pos_ < src_.size() && src_[pos_] == '.') {
            ++pos_;
            if (!digit())
                return error(pos_, "json.syntax",
                             {"ett tal behöver siffror efter decimalpunkten",
                              "a number needs digits after the decimal point"});
            while (digit()) ++pos_;
        }
        if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
            if (!digit())
                return error(pos_, "json.syntax",
                             {"ett tal behöver siffror i sin exponent", "a number needs digits in its exponent"});
            while (digit()) ++pos_;
        }
        const std::size_t length = pos_ - start;
        if (length > limits_.max_number_chars)
            return error(start, "limit.number-length",
                         {fmt::format("ett tal på {} tecken är längre än gränsen på {}", length,
                                      limits_.max_number_chars),
                          fmt::format("a number of {} is longer than the limit of {}",
                                      text::counted(length, "character", "characters"), limits_.max_number_chars)});
        auto& node = doc_->nodes_[id];
        node.kind = Kind::Number;
        node.first = static_cast<std::uint32_t>(doc_->text_.size());
        node.count = static_cast<std::uint32_t>(length);
        doc_->text_.append(src_.substr(start, length));
        return true;
    }

    // Parses a string at pos_ (which is '"') and appends its decoded text.
    bool parse_string_text(std::uint32_t& first, std::uint32_t& count) {
        const std::size_t start = pos_++;
        auto& out = doc_->text_;
        const std::size_t out_start = out.size();
        while (true) {
            // Copy the run of plain characters in one go.
            std::size_t run = pos_;
            while (run < src_.size()) {
                const auto u = static_cast<unsigned char>(src_[run]);
                if (u == '"' || u == '\\' || u < 0x20 || u >= 0x80) break;
                ++run;
            }
            out.append(src_.data() + pos_, run - pos_);
            pos_ = run;
            if (pos_ >= src_.size()) return error(start, "json.truncated", kUnclosedString);
            const auto u = static_cast<unsigned char>(src_[pos_]);
            if (u == '"') { ++pos_; break; }
            if (u < 0x20)
                return error(pos_, "json.control-character",
                             u == 0 ? Message{"en NUL-byte i en text; skriv \\u0000 om den ska vara där",
                                              "a NUL byte inside a string; write it as \\u0000 if it is meant"}
                                    : Message{fmt::format("ett otillåtet styrtecken (0x{:02X}) i en text", u),
                                              fmt::format("an unescaped control character (0x{:02X}) inside a string",
                                                          u)});
            if (u >= 0x80) {
                const std::size_t n = utf8::sequence_length(src_, pos_);
                if (n == 0) return error(pos_, "json.invalid-utf8", kInvalidUtf8);
                out.append(src_.data() + pos_, n);
                pos_ += n;
                continue;
            }
            // Backslash escape.
            if (pos_ + 1 >= src_.size()) return error(start, "json.truncated", kUnclosedString);
            const char e = src_[pos_ + 1];
            const std::size_t escape_at = pos_;
            pos_ += 2;
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::uint32_t cp;
                    if (!hex4(cp)) return error(escape_at, "json.syntax", kFourHexDigits);
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        std::uint32_t low;
                        if (pos_ + 1 < src_.size() && src_[pos_] == '\\' && src_[pos_ + 1] == 'u') {
                            pos_ += 2;
                            if (!hex4(low)) return error(pos_ - 2, "json.syntax", kFourHexDigits);
                            if (low < 0xDC00 || low > 0xDFFF) return error(escape_at, "json.lone-surrogate", kLoneSurrogate);
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            return error(escape_at, "json.lone-surrogate", kLoneSurrogate);
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        return error(escape_at, "json.lone-surrogate", kLoneSurrogate);
                    }
                    utf8::append(out, cp);
                    break;
                }
                default:
                    return error(escape_at, "json.syntax",
                                 {fmt::format("okänd escape-sekvens: '\\' följt av {} i en text",
                                              printable(src_, escape_at + 1)),
                                  fmt::format("unknown escape: '\\' followed by {} in a string",
                                              printable(src_, escape_at + 1))});
            }
            if (out.size() - out_start > limits_.max_string_bytes) break;
        }
        // Every string and key is kept in Unicode NFC, so names compare
        // equal however they were typed or pasted ("a" + U+030A is "å");
        // positions stay those of the source text. Keys that become equal
        // are then duplicates.
        if (limits_.normalize_nfc && out.size() - out_start <= limits_.max_string_bytes &&
            utf8::may_need_nfc(std::string_view(out).substr(out_start))) {
            std::string composed = utf8::to_nfc(std::string_view(out).substr(out_start));
            out.resize(out_start);
            out += composed;
        }
        if (out.size() - out_start > limits_.max_string_bytes)
            return error(start, "limit.string-length",
                         {fmt::format("en text som är längre än gränsen på {} byte", limits_.max_string_bytes),
                          fmt::format("a string longer than the limit of {}",
                                      text::counted(limits_.max_string_bytes, "byte", "bytes"))});
        first = static_cast<std::uint32_t>(out_start);
        count = static_cast<std::uint32_t>(out.size() - out_start);
        return true;
    }

    bool hex4(std::uint32_t& cp) {
        if (pos_ + 4 > src_.size()) return false;
        cp = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = src_[pos_ + static_cast<std::size_t>(k)];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') cp |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') cp |= static_cast<std::uint32_t>(h - 'A' + 10);
            else return false;
        }
        pos_ += 4;
        return true;
    }

    ParseLimits limits_;
    std::unique_ptr<Document> doc_;
    std::string_view src_;
    std::size_t pos_ = 0;
    std::vector<std::uint32_t> pending_;
    ParseResult result_;
};

ParseResult parse(std::string source, const ParseLimits& limits) {
    Parser parser(std::move(source), limits);
    return parser.run();
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
            std::size_t index = 0;
            const auto r = std::from_chars(token.data(), token.data() + token.size(), index);
            if (token.empty() || r.ec != std::errc() || r.ptr != token.data() + token.size() ||
                (token.size() > 1 && token[0] == '0') || index >= current.size())
                return {};
            current = current.at(index);
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
