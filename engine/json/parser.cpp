// The parser: one iterative pass from source text to an immutable Document.
// What its error messages say about the characters it meets is in
// parse_messages.cpp.
#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "json/document.hpp"
#include "json/parse_messages.hpp"
#include "text/plural.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::json {

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

using messages::found;
using messages::printable;

}  // namespace

class Parser {
public:
    Parser(std::string source, const ParseLimits& limits)
        : limits_(limits), doc_(new Document()) {
        // A UTF-8 byte order mark (Notepad and Excel write one) is not part
        // of the text (RFC 8259 section 8.1 lets a parser ignore it): without
        // it, positions on line 1 are the columns an editor shows.
        if (source.size() >= 3 && source.compare(0, 3, "\xEF\xBB\xBF") == 0) source.erase(0, 3);
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
        if (const std::string_view encoding = messages::foreign_encoding(src_); !encoding.empty()) {
            error(0, "json.encoding", messages::wrong_encoding(encoding));
            result_.error->snippet.clear();  // line 1 read as UTF-8 is zero bytes and noise
            return std::move(result_);
        }
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
        // A line ends at LF, CRLF or a lone CR (classic Mac OS files): the
        // line numbers editors show for every one of them.
        const std::size_t size = src_.size();
        for (std::size_t i = 0; i < size; ++i) {
            const char c = src_[i];
            if (c == '\n' || (c == '\r' && (i + 1 == size || src_[i + 1] != '\n')))
                starts.push_back(static_cast<std::uint64_t>(i + 1));
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
                                     found("oväntat {} efter slutet av JSON-värdet",
                                           "unexpected {} after the end of the JSON value", src_, pos_));
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
                if (just_after_curly_quoted_string()) return curly_quote_error();
                // "1 234": a digit group separator the person typed (a space,
                // or the no-break space Excel copies).
                std::size_t space = pos_;
                while (space > 0 && src_[space - 1] == ' ') --space;
                if (Message spaced = messages::spaced_number(src_, space); !spaced.sv.empty())
                    return error(space, "json.syntax", std::move(spaced));
                // (A format string: '}' is written '}}'.)
                const std::string close = top.is_object ? "'}}'" : "']'";
                return error(pos_, "json.syntax",
                             found("här ska det stå ',' eller " + close + " men det står {}",
                                   "expected ',' or " + close + " but found {}", src_, pos_));
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
        if (src_[pos_] != '"') {
            // "12,5" in a year series: the comma ended the number 12.
            if (Message comma = messages::decimal_comma(src_, pos_ - 1); !comma.sv.empty())
                return error(pos_ - 1, "json.syntax", std::move(comma));
            return error(pos_, "json.syntax",
                         found("här ska det stå en nyckel inom dubbla citattecken men det står {}",
                               "expected a member name in double quotes but found {}", src_, pos_));
        }
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
        if (pos_ < src_.size() && src_[pos_] != ':' && just_after_curly_quoted_string()) return curly_quote_error();
        if (pos_ >= src_.size() || src_[pos_] != ':')
            return error(pos_, "json.syntax",
                         pos_ >= src_.size()
                             ? Message{"filen tar slut efter en nyckel", "the file ends after a member name"}
                             : found("här ska det stå ':' efter nyckeln men det står {}",
                                     "expected ':' after the member name but found {}", src_, pos_));
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
                         found("här ska det stå ett värde men det står {}", "expected a value but found {}", src_,
                               pos_));
        if (static_cast<unsigned char>(c) >= 0x80 && utf8::sequence_length(src_, pos_) == 0)
            return error(pos_, "json.invalid-utf8", kInvalidUtf8);
        return error(pos_, "json.syntax",
                     found("här ska det stå ett värde (objekt, lista, text, tal, true, false eller null) men det "
                           "står {}",
                           "expected a value (object, array, string, number, true, false or null) but found {}", src_,
                           pos_));
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
        curly_quote_ = kNone;
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
            if (pos_ >= src_.size())
                return curly_quote_ != kNone ? curly_quote_error() : error(start, "json.truncated", kUnclosedString);
            const auto u = static_cast<unsigned char>(src_[pos_]);
            if (u == '"') { ++pos_; break; }
            if ((u == '\n' || u == '\r') && curly_quote_ != kNone) return curly_quote_error();
            if (u < 0x20)
                return error(pos_, "json.control-character",
                             u == 0 ? Message{"en NUL-byte i en text; skriv \\u0000 om den ska vara där",
                                              "a NUL byte inside a string; write it as \\u0000 if it is meant"}
                                    : Message{fmt::format("ett otillåtet styrtecken (0x{:02X}) i en text", u),
                                              fmt::format("an unescaped control character (0x{:02X}) inside a string",
                                                          u)});
            if (u >= 0x80) {
                const utf8::Decoded d = utf8::decode(src_, pos_);
                const std::size_t n = d.length;
                if (n == 0) return error(pos_, "json.invalid-utf8", kInvalidUtf8);
                if (d.code_point == 0x201C || d.code_point == 0x201D) curly_quote_ = pos_;
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
        string_end_ = pos_;
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

    // A string that holds a curly quote and then goes wrong (runs into a
    // line break, the end of the file, or a syntax error right after it):
    // that quote was meant to end it ("Ledning”, "next": ...), so the error
    // is there.
    bool curly_quote_error() {
        return error(curly_quote_, "json.syntax",
                     found("{} avslutar inte en text", "{} does not end a string", src_, curly_quote_));
    }
    bool just_after_curly_quoted_string() const {
        if (curly_quote_ == kNone || string_end_ > pos_) return false;
        for (std::size_t k = string_end_; k < pos_; ++k)
            if (src_[k] != ' ' && src_[k] != '\t' && src_[k] != '\n' && src_[k] != '\r') return false;
        return true;
    }

    static constexpr std::size_t kNone = std::string_view::npos;
    ParseLimits limits_;
    std::unique_ptr<Document> doc_;
    std::string_view src_;
    std::size_t pos_ = 0;
    std::vector<std::uint32_t> pending_;
    std::size_t curly_quote_ = kNone;  // offset of the last U+201C/U+201D in the last string
    std::size_t string_end_ = 0;       // just after the last string's closing quote
    ParseResult result_;
};

ParseResult parse(std::string source, const ParseLimits& limits) {
    Parser parser(std::move(source), limits);
    return parser.run();
}

}  // namespace budgetcheck::json
