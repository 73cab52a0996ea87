// The Lua rule host. See rule_host.hpp for the contract and docs/rule-api.md
// for the rule author's view.
//
// Error discipline: Debian's liblua5.4 is C and reports errors with longjmp.
// No C function registered here keeps a C++ object with a destructor alive
// across a Lua call that can raise: they use string_views into Lua strings,
// fixed buffers and members of Impl, and build C++ values inside try blocks
// that end before any lua_error. C++ code outside Lua's protected calls
// touches Lua only through functions that cannot raise (raw access, pushes
// with memory limits off).
#include "lua/rule_host.hpp"

#include <lua.hpp>

#include <algorithm>
#include <cmath>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "lua/pattern_cost.hpp"
#include "text/plural.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::lua {

namespace {

// Read-only proxies: a table P holding only light-userdata keys (which no
// rule can produce, so every write reaches __newindex):
//   P[&kNodeTag] = node code (document values) or false (other read-only tables)
//   P[&kKeysTag] = object keys in document order (built on the first pairs())
// and a metatable with __index = the data table, __newindex = an error,
// __len, __pairs and __metatable = false. Document values start with a
// metatable shared by all unread values of a document, whose __index builds
// the data table and gives P its own metatable (see push_data).
char kNodeTag;
char kKeysTag;
constexpr std::uint32_t kSubmission = 0;
constexpr std::uint32_t kPolicy = 1;

// node code = generation << 33 | document << 32 | value id
constexpr std::uint64_t code_of(std::uint64_t generation, std::uint32_t doc, std::uint32_t id) {
    return generation << 33 | static_cast<std::uint64_t>(doc) << 32 | id;
}

struct PendingFinding {
    std::string pointer;
    std::int64_t node = -1;  // the submission value when known directly
    std::optional<Severity> severity;  // none: the rule's own
    Message message;
    std::optional<int> year;
    std::optional<std::string> expected;
    std::optional<std::string> actual;
};

struct RuleRecord {
    RuleInfo info;
    int check_ref = LUA_NOREF;
};

struct Chunk {
    std::string short_src;  // as Lua prints it in messages
    std::string name;       // as given
};

// "20 000 000" (sv) / "20,000,000" (en)
std::string grouped(std::uint64_t value, char separator) {
    std::string digits = std::to_string(value);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

std::string mib(std::uint64_t bytes, bool sv) {
    if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return text::counted(bytes, "byte", sv ? "byte" : "bytes");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string_view line_of(std::string_view text, std::uint32_t line) {
    if (line == 0) return {};
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view out = text.substr(start, end - start);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return utf8::truncate_bytes(out, 400);
}

// Lua and the searches below find byte offsets; a column counts code points
// (as every column budgetcheck reports). Bytes past the end of `line` (which
// line_of caps) count one each.
std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column) {
    if (byte_column == 0) return 0;
    const std::size_t before = byte_column - 1;
    if (before > line.size()) return static_cast<std::uint32_t>(utf8::count_code_points(line) + (before - line.size()) + 1);
    return static_cast<std::uint32_t>(utf8::count_code_points(line.substr(0, before)) + 1);
}

// First line that assigns `field` (`  field = ...`), or 0.
std::uint32_t line_assigning(std::string_view text, std::string_view field) {
    std::uint32_t line = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = trim(text.substr(start, end - start));
        if (l.substr(0, field.size()) == field) {
            std::string_view rest = trim(l.substr(field.size()));
            if (!rest.empty() && rest[0] == '=' && (rest.size() == 1 || rest[1] != '=')) return line;
        }
        if (end == text.size()) break;
        start = end + 1;
        ++line;
    }
    return 0;
}

// The line of the `return` that hands back the rule table, or 0.
std::uint32_t line_of_return(std::string_view text) {
    std::uint32_t line = 1, found = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(start, end - start);
        if (l.substr(0, 6) == "return") found = line;  // the last top-level return
        if (end == text.size()) break;
        start = end + 1;
        ++line;
    }
    return found;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// What luaO_chunkid makes of "@name": the name, or "..." and its tail.
std::string short_src_of(const std::string& name) {
    constexpr std::size_t idsize = LUA_IDSIZE;
    if (name.size() + 1 <= idsize) return name;
    const std::size_t keep = idsize - 4;  // "..." + tail + NUL
    return "..." + name.substr(name.size() - keep);
}

bool is_identifier(std::string_view s) {
    static constexpr std::array<std::string_view, 22> keywords = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"};
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return std::find(keywords.begin(), keywords.end(), s) == keywords.end();
}

// Lower-case dotted id with at least two parts: "investment.within-frame".
bool valid_rule_id(std::string_view id) {
    if (id.empty() || id.size() > 100) return false;
    std::size_t parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = id.find('.', start);
        const std::string_view part = id.substr(start, dot == std::string_view::npos ? id.npos : dot - start);
        if (part.empty() || part.front() == '-' || part.back() == '-') return false;
        for (char c : part)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return parts >= 2;
}

bool valid_pointer(std::string_view p) {
    if (p.empty()) return true;
    if (p[0] != '/') return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] == '~' && (i + 1 >= p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
    return true;
}

// Number text as Lua would show it: integers exactly, floats with %.14g.
void format_number(char (&buf)[64], bool is_integer, lua_Integer i, lua_Number d) {
    // NaN and the infinities read the same on every C library ("-nan" is
    // glibc's way of saying NaN with the sign bit set).
    if (is_integer)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(i));
    else if (std::isnan(d))
        std::snprintf(buf, sizeof buf, "NaN");
    else if (std::isinf(d))
        std::snprintf(buf, sizeof buf, "%s", d < 0 ? "-inf" : "inf");
    else
        std::snprintf(buf, sizeof buf, "%.14g", static_cast<double>(d));
}

}  // namespace

struct RuleHost::Impl {
    lua_State* L = nullptr;
    RuleLimits limits;

    // Allocator accounting (whole state).
    std::size_t used = 0;
    std::size_t baseline = 0;  // after loading: the cap is baseline + memory_bytes
    bool loaded = false;
    bool limited = false;
    std::size_t cap = 0;
    std::uint64_t allocated = 0;
    std::uint64_t allocation_cap = 0;
    bool memory_refused = false;
    bool allocation_refused = false;

    // The protected call in progress.
    bool instructions_exhausted = false;
    std::uint64_t instructions_left = 0;  // beyond the hook's current count
    std::uint64_t pattern_left = 0;
    char error_source[256] = {};
    int error_line = 0;
    // The last error raise() made in this call: the Swedish text it keeps
    // beside the English error value, and a fingerprint of that value (so a
    // later, different error, e.g. after a pcall caught this one, does not
    // get the Swedish text). Fixed size: raise() must not allocate.
    bool raised = false;
    std::uint64_t raised_hash = 0;
    std::size_t raised_size = 0;     // of the whole error value, "file:line: " included
    std::size_t raised_en_size = 0;  // of the English text after the prefix
    char raised_sv[2048] = {};
    std::size_t raised_sv_size = 0;

    // The run in progress.
    const json::Document* documents[2] = {nullptr, nullptr};
    const MoneyValues* money[2] = {nullptr, nullptr};
    std::uint64_t generation = 0;
    bool in_rule = false;
    std::vector<PendingFinding> pending;
    std::uint64_t reported = 0;
    std::string scratch;

    std::vector<RuleRecord> rules;
    std::vector<RuleInfo> infos;
    std::vector<Chunk> chunks;

    int builtins_ref = LUA_NOREF;
    int env_mt_ref = LUA_NOREF;
    int null_ref = LUA_NOREF;
    int report_ref = LUA_NOREF;
    int readonly_ref[2] = {LUA_NOREF, LUA_NOREF};  // __newindex of submission / policy nodes
    int lazy_mt_ref[2] = {LUA_NOREF, LUA_NOREF};   // metatable of unread submission / policy values

    // Line coverage (only when limits.coverage is set): per loaded file its
    // chunk name ("@rules/x.lua") and a hit flag per line, sized at load so
    // the line hook never allocates; flushed into limits.coverage.
    int hook_mask = LUA_MASKCOUNT;
    std::vector<std::string> covered_sources;
    std::vector<std::vector<std::uint8_t>> line_hits;
    const char* last_source = nullptr;  // cache: the source string of the last line event
    std::size_t last_file = 0;
    void flush_coverage();

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        if (L) lua_close(L);
    }

    struct CallResult {
        int status = LUA_OK;
        bool instructions = false;
        bool memory = false;      // live memory cap
        bool allocation = false;  // total allocation budget
        std::string message;
        std::string message_sv;  // message in Swedish when the host raised it, else the same as message
        std::string file;  // where the error was raised, when known
        int line = 0;
    };

    void arm();
    void disarm();
    CallResult call(int nargs, int nresults);
    void locate(CallResult& r) const;
    bool create_state(std::vector<InputError>& errors);
};

namespace {

RuleHost::Impl* impl_of(lua_State* L) { return *static_cast<RuleHost::Impl**>(lua_getextraspace(L)); }

std::uint64_t fingerprint(const char* s, std::size_t n) {  // FNV-1a
    std::uint64_t x = 14695981039346656037ull;
    for (std::size_t i = 0; i < n; ++i) x = (x ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
    return x;
}

// Marks a text cut to a limit (raise() and a finding's texts).
constexpr std::string_view kEllipsis = "\u2026";

// Like luaL_error, but the "file:line:" prefix names the nearest Lua code
// (luaL_error names its direct caller, which may be a C function such as
// table.insert writing into a read-only table), and with the message in
// Swedish and in English. Lua code (pcall, tostring) sees the English text;
// the Swedish one is remembered for the engine.rule-error finding. Texts
// with arguments come from lua_pushfstring and stay on the stack until the
// error unwinds it.
int raise(lua_State* L, const char* sv, const char* en) {
    RuleHost::Impl* h = impl_of(L);
    h->raised = false;
    std::string_view text(sv);
    const bool cut = text.size() >= sizeof h->raised_sv;
    if (cut) text = utf8::truncate_bytes(text, sizeof h->raised_sv - kEllipsis.size());  // a view: no allocation
    std::memcpy(h->raised_sv, text.data(), text.size());
    if (cut) std::memcpy(h->raised_sv + text.size(), kEllipsis.data(), kEllipsis.size());
    h->raised_sv_size = text.size() + (cut ? kEllipsis.size() : 0);
    lua_Debug ar;
    int level = 1;
    for (; lua_getstack(L, level, &ar); ++level)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) break;
    luaL_where(L, level);
    lua_pushstring(L, en);
    lua_concat(L, 2);
    std::size_t size = 0;
    const char* value = lua_tolstring(L, -1, &size);
    h->raised_hash = fingerprint(value, size);
    h->raised_size = size;
    h->raised_en_size = std::strlen(en);
    h->raised = true;
    return lua_error(L);
}

// A Lua type in Swedish, for raise() texts.
const char* type_sv(lua_State* L, int t) {
    switch (t) {
        case LUA_TNIL: return "ingenting (nil)";
        case LUA_TSTRING: return "en text";
        case LUA_TNUMBER: return "ett tal";
        case LUA_TBOOLEAN: return "sant/falskt (boolean)";
        case LUA_TTABLE: return "en tabell";
        case LUA_TFUNCTION: return "en funktion";
        default: return lua_typename(L, t);
    }
}

void note_location(RuleHost::Impl* h, lua_State* L, int first_level) {
    lua_Debug ar;
    for (int level = first_level; lua_getstack(L, level, &ar); ++level) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && ar.source) {
            const char* src = ar.source[0] == '@' ? ar.source + 1 : ar.source;
            std::snprintf(h->error_source, sizeof h->error_source, "%s", src);
            h->error_line = ar.currentline;
            return;
        }
    }
}

void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
    auto* h = static_cast<RuleHost::Impl*>(ud);
    const std::size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
    if (nsize == 0) {
        std::free(ptr);
        h->used -= old;
        return nullptr;
    }
    if (nsize > old && h->limited) {
        const bool over_cap = h->used - old + nsize > h->cap;
        const bool over_total = h->allocated + nsize > h->allocation_cap;
        if (over_cap || over_total) {
            if (over_cap) h->memory_refused = true;
            if (over_total) h->allocation_refused = true;
            if (h->L && h->error_line == 0) note_location(h, h->L, 0);
            return nullptr;  // Lua collects garbage and retries, then raises LUA_ERRMEM
        }
    }
    void* p = std::realloc(ptr, nsize);
    if (!p) return nsize <= old ? ptr : nullptr;  // Lua assumes shrinking never fails
    h->used = h->used - old + nsize;
    if (nsize > old) h->allocated += nsize;
    return p;
}

int panic(lua_State* L) {
    const char* msg = lua_tostring(L, -1);
    std::fprintf(stderr, "budgetcheck: unprotected Lua error: %s\n", msg ? msg : "?");
    std::abort();
}

// Coverage only: marks the line about to run. Never allocates, never raises.
void record_line(RuleHost::Impl* h, lua_State* L, lua_Debug* ar) {
    if (!lua_getinfo(L, "S", ar) || !ar->source || ar->currentline <= 0) return;
    if (ar->source != h->last_source) {
        h->last_source = nullptr;
        for (std::size_t i = 0; i < h->covered_sources.size(); ++i)
            if (h->covered_sources[i] == ar->source) {
                h->last_source = ar->source;
                h->last_file = i;
                break;
            }
        if (!h->last_source) return;  // not one of the rule or library files
    }
    std::vector<std::uint8_t>& hits = h->line_hits[h->last_file];
    const auto line = static_cast<std::size_t>(ar->currentline);
    if (line < hits.size()) hits[line] = 1;
}

void count_hook(lua_State* L, lua_Debug* ar) {
    RuleHost::Impl* h = impl_of(L);
    if (ar->event == LUA_HOOKLINE) {
        record_line(h, L, ar);
        return;
    }
    if (!h->instructions_exhausted && h->instructions_left > 0) {
        const std::uint64_t next = std::min<std::uint64_t>(h->instructions_left, INT_MAX);
        h->instructions_left -= next;
        lua_sethook(L, count_hook, h->hook_mask, static_cast<int>(next));
        return;
    }
    h->instructions_exhausted = true;
    // From now on every instruction raises again, so pcall cannot swallow it.
    lua_sethook(L, count_hook, h->hook_mask, 1);
    lua_pushliteral(L, "the instruction budget ran out");
    lua_error(L);
}

// Message handler of every protected call: remembers where the error was
// raised (the innermost Lua line) and makes sure the message is a string.
int message_handler(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    note_location(h, L, 1);
    const int t = lua_type(L, 1);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
        lua_settop(L, 1);
        return 1;
    }
    if (t == LUA_TNIL)
        lua_pushliteral(L, "error() was called without a message");
    else
        lua_pushfstring(L, "error() was called with a %s instead of a message", luaL_typename(L, 1));
    return 1;
}

// ---- converting documents (lazily) ------------------------------------------
//
// A container becomes a proxy whose metatable's __index is first
// l_materialize_index; the first read (or #, pairs, next) builds the data
// table, with child containers again as unbuilt proxies, and replaces
// __index by it, so later reads take Lua's fast table path. Parts of the
// document no rule reads are never converted; what one rule converted is
// shared with the rules after it.

int l_materialize_index(lua_State* L);
int l_len(lua_State* L);
int l_pairs(lua_State* L);

void push_value(lua_State* L, RuleHost::Impl* h, std::uint32_t doc, json::Value v);

// Pushes a new table with the members of the table at `source`; returns
// its stack index. Sandboxed libraries are edited copies, never the originals.
int push_shallow_copy(lua_State* L, int source) {
    lua_newtable(L);
    const int copy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, source)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, copy);
    }
    return copy;
}

// Pops the __newindex handler (it raises "read-only") and pushes the
// metatable of a read-only proxy, without __index: writes raise, # and pairs
// see the data, the metatable is hidden.
void push_readonly_metatable(lua_State* L) {
    lua_createtable(L, 0, 5);
    lua_insert(L, -2);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, l_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, l_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
}

// The same for a document proxy (a lazy proxy converts on first read; a
// converted one reads its data table).
void push_proxy_metatable(lua_State* L, RuleHost::Impl* h, std::uint32_t doc) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->readonly_ref[doc]);
    push_readonly_metatable(L);
}

// Pushes the data table of the read-only proxy at `proxy`, building it on
// first use.
void push_data(lua_State* L, int proxy) {
    proxy = lua_absindex(L, proxy);
    if (!lua_getmetatable(L, proxy)) {
        lua_newtable(L);  // cannot happen: every proxy has a metatable
        return;
    }
    if (lua_getfield(L, -1, "__index") == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 2);
    RuleHost::Impl* h = impl_of(L);
    lua_rawgetp(L, proxy, &kNodeTag);
    const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
    lua_pop(L, 1);
    const auto doc = static_cast<std::uint32_t>(code >> 32 & 1);
    if ((code >> 33) != h->generation || !h->documents[doc])
        raise(L, "värdet hör till ett tidigare dokument; regler får inte spara dokumentdata mellan körningar",
              "this value belongs to an earlier document; rules must not keep document data between runs");
    luaL_checkstack(L, 8, "the document is nested too deeply");
    const json::Value v = h->documents[doc]->value(static_cast<std::uint32_t>(code));
    const std::size_t n = v.size();
    if (v.is_array()) {
        lua_createtable(L, static_cast<int>(n), 0);
        for (std::size_t i = 0; i < n; ++i) {
            push_value(L, h, doc, v.at(i));
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    } else {
        lua_createtable(L, 0, static_cast<int>(n));
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view key = v.key_at(i);
            lua_pushlstring(L, key.data(), key.size());
            push_value(L, h, doc, v.at(i));
            lua_rawset(L, -3);  // no duplicate keys: the parser rejects them
        }
    }
    // The proxy's own metatable, whose __index is the data table itself so
    // that reads take Lua's fast path from now on.
    push_proxy_metatable(L, h, doc);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, proxy);
}

int l_materialize_index(lua_State* L) {  // __index(proxy, key) before the first read
    push_data(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

void push_value(lua_State* L, RuleHost::Impl* h, std::uint32_t doc, json::Value v) {
    switch (v.kind()) {
        case json::Kind::Null:
            lua_rawgeti(L, LUA_REGISTRYINDEX, h->null_ref);
            return;
        case json::Kind::Bool:
            lua_pushboolean(L, v.as_bool());
            return;
        case json::Kind::String: {
            const std::string_view s = v.as_string();
            lua_pushlstring(L, s.data(), s.size());
            return;
        }
        case json::Kind::Number: {
            const MoneyValues* money = h->money[doc];
            if (money && !money->empty()) {
                const auto it = std::lower_bound(money->begin(), money->end(), v.id(),
                                                 [](const auto& entry, std::uint32_t id) { return entry.first < id; });
                if (it != money->end() && it->first == v.id()) {
                    lua_pushinteger(L, it->second);
                    return;
                }
            }
            // JSON has one kind of number: 10, 10.0, 1e1 and 10.0E0 are the same
            // value (a draft-07 integer), so each reaches the rules as the Lua
            // integer 10, never as a float that prints "10.0". Only numbers
            // with a fraction or beyond int64 are floats.
            if (const auto i = v.as_integer())
                lua_pushinteger(L, static_cast<lua_Integer>(*i));
            else
                lua_pushnumber(L, v.as_double());
            return;
        }
        case json::Kind::Array:
        case json::Kind::Object:
            break;
    }
    lua_createtable(L, 0, 1);  // the proxy
    lua_pushinteger(L, static_cast<lua_Integer>(code_of(h->generation, doc, v.id())));
    lua_rawsetp(L, -2, &kNodeTag);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->lazy_mt_ref[doc]);
    lua_setmetatable(L, -2);
}

int l_convert(lua_State* L) {  // (document index) -> root value
    RuleHost::Impl* h = impl_of(L);
    const auto doc = static_cast<std::uint32_t>(lua_tointeger(L, 1));
    push_value(L, h, doc, h->documents[doc]->root());
    return 1;
}

// ---- read-only tables -------------------------------------------------------

int l_readonly(lua_State* L) {  // upvalues: the message in Swedish, in English
    return raise(L, lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2)));
}

int l_len(lua_State* L) {
    push_data(L, 1);
    lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
    return 1;
}

// Iterator over arrays (upvalue 2 nil) or objects in document order.
int l_ordered_iter(lua_State* L) {
    const lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_isnil(L, lua_upvalueindex(2))) {
        if (static_cast<lua_Unsigned>(i) > lua_rawlen(L, lua_upvalueindex(1))) return 0;
        lua_pushinteger(L, i);
        lua_rawgeti(L, lua_upvalueindex(1), i);
    } else {
        if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 0;
        lua_pushvalue(L, -1);
        lua_rawget(L, lua_upvalueindex(1));
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    return 2;
}

// Iterator over any table hidden in upvalue 1 (library tables).
int l_raw_iter(lua_State* L) {
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    return 0;
}

int l_pairs(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    push_data(L, 1);
    const int data = lua_gettop(L);
    if (lua_rawgetp(L, 1, &kNodeTag) == LUA_TNUMBER) {
        const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
        lua_pop(L, 1);
        const auto doc_index = static_cast<std::uint32_t>(code >> 32 & 1);
        const json::Document* doc = h->documents[doc_index];
        const bool current = doc && (code >> 33) == h->generation;
        json::Value v = current ? doc->value(static_cast<std::uint32_t>(code)) : json::Value();
        if (current && v.is_array()) {
            lua_pushvalue(L, data);
            lua_pushnil(L);
            lua_pushinteger(L, 0);
            lua_pushcclosure(L, l_ordered_iter, 3);
            return 1;
        }
        if (current && v.is_object()) {
            if (lua_rawgetp(L, 1, &kKeysTag) != LUA_TTABLE) {
                lua_pop(L, 1);
                const std::size_t n = v.size();
                lua_createtable(L, static_cast<int>(n), 0);
                for (std::size_t i = 0; i < n; ++i) {
                    const std::string_view key = v.key_at(i);
                    lua_pushlstring(L, key.data(), key.size());
                    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
                }
                lua_pushvalue(L, -1);
                lua_rawsetp(L, 1, &kKeysTag);
            }
            const int keys = lua_gettop(L);
            lua_pushvalue(L, data);
            lua_pushvalue(L, keys);
            lua_pushinteger(L, 0);
            lua_pushcclosure(L, l_ordered_iter, 3);
            return 1;
        }
    } else {
        lua_pop(L, 1);
    }
    lua_pushvalue(L, data);
    lua_pushcclosure(L, l_raw_iter, 1);
    return 1;
}

// next() that sees through read-only proxies.
int l_next(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_rawgetp(L, 1, &kNodeTag) != LUA_TNIL) {
        push_data(L, 1);
        lua_replace(L, 1);
    }
    lua_pop(L, 1);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

// Pushes a read-only proxy of the table at `data`; `newindex` is the closure
// that raises the "read-only" error.
void push_readonly(lua_State* L, int data, int newindex) {
    data = lua_absindex(L, data);
    newindex = lua_absindex(L, newindex);
    lua_createtable(L, 0, 1);
    lua_pushboolean(L, 0);
    lua_rawsetp(L, -2, &kNodeTag);
    lua_pushvalue(L, newindex);
    push_readonly_metatable(L);
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

void push_readonly_error(lua_State* L, const char* sv, const char* en) {
    lua_pushstring(L, sv);
    lua_pushstring(L, en);
    lua_pushcclosure(L, l_readonly, 2);
}

// Deep read-only copy-free view of a library table: nested plain tables are
// replaced by proxies in place. Arguments: table, memo, newindex closure.
void freeze(lua_State* L, int t, int memo, int newindex, int depth) {
    if (depth > 100)
        raise(L, "bibliotekets tabeller är nästlade mer än 100 nivåer djupt",
              "the library's tables are nested more than 100 deep");
    luaL_checkstack(L, 8, "library tables nested too deeply");
    t = lua_absindex(L, t);
    lua_pushvalue(L, t);
    if (lua_rawget(L, memo) != LUA_TNIL) return;
    lua_pop(L, 1);
    push_readonly(L, t, newindex);
    lua_pushvalue(L, t);
    lua_pushvalue(L, -2);
    lua_rawset(L, memo);
    const int proxy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -1) == LUA_TTABLE && !lua_getmetatable(L, -1)) {
            freeze(L, -1, memo, newindex, depth + 1);
            lua_pushvalue(L, -3);  // key
            lua_pushvalue(L, -2);  // proxy
            lua_rawset(L, t);      // assigning an existing field keeps next() valid
            lua_pop(L, 1);
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pop(L, 1);  // the metatable
        }
        lua_pop(L, 1);
    }
    lua_settop(L, proxy);
}

int l_freeze(lua_State* L) {  // (table, message in Swedish, in English) -> proxy
    push_readonly_error(L, lua_tostring(L, 2), lua_tostring(L, 3));
    lua_newtable(L);
    freeze(L, 1, 5, 4, 0);
    return 1;
}

// ---- the null sentinel ------------------------------------------------------

int l_null_tostring(lua_State* L) {
    lua_pushliteral(L, "null");
    return 1;
}

int l_null_index(lua_State* L) {
    return raise(L, "försök att läsa ur null (ett JSON-null-värde); testa först med 'if x ~= null then'",
                 "attempt to index null (a JSON null value); check 'if x ~= null then' first");
}

// ---- blocked functions ------------------------------------------------------

// Upvalues: the name, what rules cannot do in Swedish, in English.
int l_blocked(lua_State* L) {
    const char* name = lua_tostring(L, lua_upvalueindex(1));
    return raise(L, lua_pushfstring(L, "spärrad funktion '%s': regler får inte %s", name,
                                    lua_tostring(L, lua_upvalueindex(2))),
                 lua_pushfstring(L, "blocked function '%s': rules cannot %s", name,
                                 lua_tostring(L, lua_upvalueindex(3))));
}

int l_blocked_index(lua_State* L) {
    const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    const char* name = lua_tostring(L, lua_upvalueindex(1));
    return raise(L, lua_pushfstring(L, "spärrad funktion '%s.%s': regler får inte %s", name, key,
                                    lua_tostring(L, lua_upvalueindex(2))),
                 lua_pushfstring(L, "blocked function '%s.%s': rules cannot %s", name, key,
                                 lua_tostring(L, lua_upvalueindex(3))));
}

int l_noop(lua_State*) { return 0; }

// xpcall whose handler runs after the failed call has unwound. Lua runs a
// message handler while the error is being raised; when the error comes
// from the count hook, hooks are off at that moment, so a looping handler
// would run forever.
int l_xpcall(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; ++i) lua_pushvalue(L, i);
    const int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_insert(L, n + 1);
        return lua_gettop(L) - n;
    }
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_pcall(L, 1, 1, 0);  // the handler's result, or its own error
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

void set_blocked_function(lua_State* L, int table, const char* field, const char* shown, const char* reason_sv,
                          const char* reason_en) {
    table = lua_absindex(L, table);
    lua_pushstring(L, shown);
    lua_pushstring(L, reason_sv);
    lua_pushstring(L, reason_en);
    lua_pushcclosure(L, l_blocked, 3);
    lua_setfield(L, table, field);
}

void set_blocked_library(lua_State* L, int table, const char* name, const char* reason_sv, const char* reason_en) {
    table = lua_absindex(L, table);
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 3);
    lua_pushstring(L, name);
    lua_pushstring(L, reason_sv);
    lua_pushstring(L, reason_en);
    lua_pushcclosure(L, l_blocked_index, 3);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__index");
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setfield(L, table, name);
}

// ---- guarded string functions -----------------------------------------------

enum PatternKind : int { kFind = 0, kMatch = 1, kGmatch = 2, kGsub = 3 };
constexpr const char* kPatternNames[] = {"string.find", "string.match", "string.gmatch", "string.gsub"};

int l_pattern(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    const auto kind = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
    const char* name = kPatternNames[kind];
    std::size_t sl = 0, pl = 0;
    const char* s = luaL_checklstring(L, 1, &sl);
    const char* p = luaL_checklstring(L, 2, &pl);
    if (sl > h->limits.pattern_subject_bytes)
        return raise(L,
                     lua_pushfstring(L,
                                     "%s: texten är %I byte lång; mönster får bara söka i texter på högst %I byte "
                                     "(använd string.sub för att söka i en del av den)",
                                     name, static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->limits.pattern_subject_bytes)),
                     lua_pushfstring(L,
                                     "%s: the string is %I %s long; patterns may only search strings up to %I %s "
                                     "(use string.sub to search a part)",
                                     name, static_cast<lua_Integer>(sl), sl == 1 ? "byte" : "bytes",
                                     static_cast<lua_Integer>(h->limits.pattern_subject_bytes),
                                     h->limits.pattern_subject_bytes == 1 ? "byte" : "bytes"));
    const bool plain = kind == kFind && lua_toboolean(L, 4);
    std::uint64_t cost;
    if (plain) {
        cost = static_cast<std::uint64_t>(sl + 1) * static_cast<std::uint64_t>(pl + 1);
    } else {
        cost = detail::pattern_cost(std::string_view(s, sl), std::string_view(p, pl), kind != kGmatch);
    }
    if (cost > h->pattern_left) {
        char shown[48];
        std::snprintf(shown, sizeof shown, "%.40s%s", p, pl > 40 ? "..." : "");
        return raise(L,
                     lua_pushfstring(L,
                                     "%s: mönstret '%s' kan behöva upp till %f steg på den här texten på %I byte, "
                                     "mer än vad som återstår av regelns mönsterbudget (%I steg); använd färre "
                                     "'.-', '.*' och '+', förankra mönstret med '^' eller sök i en kortare text",
                                     name, shown, static_cast<lua_Number>(cost), static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->pattern_left)),
                     lua_pushfstring(L,
                                     "%s: the pattern '%s' could need up to %f steps on this %I-byte string, more "
                                     "than the rule's remaining pattern budget (%I %s); use fewer '.-', '.*' and '+' "
                                     "items, anchor the pattern with '^', or search a shorter string",
                                     name, shown, static_cast<lua_Number>(cost), static_cast<lua_Integer>(sl),
                                     static_cast<lua_Integer>(h->pattern_left),
                                     h->pattern_left == 1 ? "step" : "steps"));
    }
    h->pattern_left -= cost;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int l_rep(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    std::size_t l = 0, lsep = 0;
    luaL_checklstring(L, 1, &l);
    const lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        // Doubles are exact up to 2^53 bytes, far beyond any memory limit.
        const double total = static_cast<double>(l) * static_cast<double>(n) +
                             static_cast<double>(lsep) * static_cast<double>(n - 1);
        if (total > static_cast<double>(h->limits.memory_bytes)) {
            const lua_Integer shown = total >= 9.2e18 ? LUA_MAXINTEGER : static_cast<lua_Integer>(total);
            return raise(L,
                         lua_pushfstring(L, "string.rep: resultatet skulle bli %I byte, mer än minnesgränsen på %I byte",
                                         shown, static_cast<lua_Integer>(h->limits.memory_bytes)),
                         lua_pushfstring(L, "string.rep: the result would be %I %s, more than the memory limit of %I %s",
                                         shown, shown == 1 ? "byte" : "bytes",
                                         static_cast<lua_Integer>(h->limits.memory_bytes),
                                         h->limits.memory_bytes == 1 ? "byte" : "bytes"));
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// ---- nodes, pointer() and report() -------------------------------------------

struct NodeRef {
    bool is_node = false;
    bool current = false;
    std::uint32_t doc = 0;
    std::uint32_t id = 0;
};

NodeRef node_of(lua_State* L, int idx) {
    NodeRef out;
    if (lua_type(L, idx) != LUA_TTABLE) return out;
    if (lua_rawgetp(L, idx, &kNodeTag) == LUA_TNUMBER) {
        const auto code = static_cast<std::uint64_t>(lua_tointeger(L, -1));
        RuleHost::Impl* h = impl_of(L);
        out.is_node = true;
        out.doc = static_cast<std::uint32_t>(code >> 32 & 1);
        out.id = static_cast<std::uint32_t>(code);
        out.current = (code >> 33) == h->generation && h->documents[out.doc] != nullptr;
    }
    lua_pop(L, 1);
    return out;
}

// Validated `key` argument: a member name or a 1-based index.
struct KeyArg {
    bool present = false;
    bool is_index = false;
    std::string_view name;
    lua_Integer index = 0;
};

KeyArg check_key(lua_State* L, int idx, const char* fn, const char* field_sv, const char* field) {
    KeyArg k;
    const int t = lua_type(L, idx);
    if (t == LUA_TNIL || t == LUA_TNONE) return k;
    k.present = true;
    if (t == LUA_TSTRING) {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, idx, &len);
        k.name = std::string_view(s, len);
        return k;
    }
    int isnum = 0;
    const lua_Integer i = lua_tointegerx(L, idx, &isnum);
    if (t != LUA_TNUMBER || !isnum || i < 1)
        raise(L,
              lua_pushfstring(L, "%s: %s måste vara ett medlemsnamn (text) eller en position i en lista (1, 2, ...), "
                                 "inte %s", fn, field_sv, t == LUA_TNUMBER ? "det här talet" : type_sv(L, t)),
              lua_pushfstring(L, "%s: %s must be a member name (string) or an array position (1, 2, ...), not %s", fn,
                              field, t == LUA_TNUMBER ? "this number" : lua_typename(L, t)));
    k.is_index = true;
    k.index = i;
    return k;
}

// Appends "/token" for `key` to h->scratch. Inside try blocks only.
void append_key(std::string& out, const KeyArg& key) {
    if (!key.present) return;
    out += '/';
    if (key.is_index)
        out += std::to_string(key.index - 1);
    else
        out += json::escape_pointer_token(key.name);
}

int l_pointer(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    const NodeRef node = node_of(L, 1);
    if (!node.is_node)
        return raise(L,
                     lua_pushfstring(L, "pointer: väntar sig en del av inlämningen eller policyn (en tabell som lästs "
                                        "ur dem), inte %s",
                                     lua_type(L, 1) == LUA_TUSERDATA ? luaL_typename(L, 1) : type_sv(L, lua_type(L, 1))),
                     lua_pushfstring(L, "pointer: expects a part of the submission or the policy (a table read from "
                                        "them), not %s",
                                     luaL_typename(L, 1)));
    if (!node.current)
        return raise(L, "pointer: värdet hör till ett tidigare dokument; regler får inte spara dokumentdata mellan "
                        "körningar",
                     "pointer: this value belongs to an earlier document; rules must not keep document data "
                     "between runs");
    const KeyArg key = check_key(L, 2, "pointer", "nyckeln", "the key");
    const json::Value v = h->documents[node.doc]->value(node.id);
    if (key.present && key.is_index && !v.is_array())
        return raise(L, "pointer: en nyckel som är en position (tal) kräver en lista, men värdet är ett objekt",
                     "pointer: a position (number) key needs an array, but this value is an object");
    if (key.present && !key.is_index && !v.is_object())
        return raise(L, "pointer: en nyckel som är ett medlemsnamn kräver ett objekt, men värdet är en lista",
                     "pointer: a member name key needs an object, but this value is an array");
    bool failed = false;
    try {
        h->scratch = v.pointer();
        append_key(h->scratch, key);
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "pointer: minnet räckte inte", "pointer: out of memory");
    lua_pushlstring(L, h->scratch.data(), h->scratch.size());
    return 1;
}

constexpr std::array<std::string_view, 8> kReportFields = {"at", "key", "year", "sv", "en", "expected", "actual",
                                                           "severity"};

// An optional string-or-number field; returns its text view (numbers are
// formatted into buf).
bool optional_text(lua_State* L, int table, const char* field, std::string_view& out, char (&buf)[64]) {
    const int t = lua_getfield(L, table, field);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return false;
    }
    if (t == LUA_TSTRING) {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        out = std::string_view(s, len);  // stays valid: the table keeps the string
        lua_pop(L, 1);
        return true;
    }
    if (t == LUA_TNUMBER) {
        int isint = 0;
        const lua_Integer i = lua_tointegerx(L, -1, &isint);
        format_number(buf, lua_isinteger(L, -1), i, lua_tonumber(L, -1));
        out = buf;
        lua_pop(L, 1);
        return true;
    }
    raise(L, lua_pushfstring(L, "report: fältet '%s' måste vara en text eller ett tal, inte %s", field, type_sv(L, t)),
          lua_pushfstring(L, "report: field '%s' must be a string or a number, not %s", field, lua_typename(L, t)));
    return false;
}

std::string_view required_message(lua_State* L, int table, const char* field, const char* language_sv,
                                  const char* language) {
    const int t = lua_getfield(L, table, field);
    if (t == LUA_TNIL)
        raise(L,
              lua_pushfstring(L, "report: fältet '%s' saknas; varje fynd behöver ett meddelande på svenska (sv) och "
                                 "på engelska (en)",
                              field),
              lua_pushfstring(L, "report: field '%s' is missing; every finding needs a message in Swedish (sv) and "
                                 "in English (en)",
                              field));
    if (t != LUA_TSTRING)
        raise(L,
              lua_pushfstring(L, "report: fältet '%s' måste vara en text (meddelandet på %s), inte %s", field,
                              language_sv, type_sv(L, t)),
              lua_pushfstring(L, "report: field '%s' must be a string (the message in %s), not %s", field, language,
                              lua_typename(L, t)));
    std::size_t len = 0;
    const char* s = lua_tolstring(L, -1, &len);
    if (len == 0)
        raise(L, lua_pushfstring(L, "report: fältet '%s' är tomt; skriv meddelandet på %s", field, language_sv),
              lua_pushfstring(L, "report: field '%s' is empty; write the message in %s", field, language));
    lua_pop(L, 1);
    return std::string_view(s, len);
}

// A text of a finding as it leaves the host: valid UTF-8 whatever the rule
// wrote (every report format embeds it; bad bytes become U+FFFD), at most
// kMaxFindingTextBytes long.
std::string finding_text(std::string_view text) {
    std::string out = utf8::valid_or_replaced(text);
    if (out.size() <= kMaxFindingTextBytes) return out;
    out.resize(utf8::truncate_bytes(out, kMaxFindingTextBytes - kEllipsis.size()).size());
    out += kEllipsis;
    return out;
}

int l_report(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    if (!h->in_rule)
        return raise(L, "report: kan bara anropas medan en regels check-funktion körs",
                     "report: can only be called while a rule's check function runs");
    if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1)
        return raise(L, "report: väntar sig en tabell, t.ex. report{ at = node, sv = \"...\", en = \"...\" }",
                     "report: expects one table, e.g. report{ at = node, sv = \"...\", en = \"...\" }");
    if (node_of(L, 1).is_node)
        return raise(L, "report: väntar sig en ny tabell, t.ex. { at = node, sv = ..., en = ... }",
                     "report: expects a new table such as { at = node, sv = ..., en = ... }");
    lua_settop(L, 1);

    // Every field must be known (a misspelt field would be silently lost).
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            return raise(L, "report: tabellen får bara ha namngivna fält (at, key, year, sv, en, expected, actual, "
                            "severity)",
                         "report: the table may only have named fields (at, key, year, sv, en, expected, "
                         "actual, severity)");
        std::size_t len = 0;
        const char* k = lua_tolstring(L, -1, &len);
        const std::string_view key(k, len);
        if (std::find(kReportFields.begin(), kReportFields.end(), key) == kReportFields.end())
            return raise(L,
                         lua_pushfstring(L, "report: okänt fält '%s'; fälten är at, key, year, sv, en, expected, actual "
                                            "och severity",
                                         k),
                         lua_pushfstring(L, "report: unknown field '%s'; the fields are at, key, year, sv, en, expected, "
                                            "actual and severity",
                                         k));
    }

    // at (index 2), key (index 3)
    const int at_type = lua_getfield(L, 1, "at");
    NodeRef node;
    std::string_view at_pointer;
    if (at_type == LUA_TSTRING) {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, 2, &len);
        at_pointer = std::string_view(s, len);
        if (!valid_pointer(at_pointer))
            return raise(L,
                         lua_pushfstring(L, "report: fältet 'at' måste vara en JSON Pointer som \"/investments/0/amount\" "
                                            "(eller \"\" för hela inlämningen), inte \"%s\"",
                                         s),
                         lua_pushfstring(L, "report: field 'at' must be a JSON Pointer such as \"/investments/0/amount\" "
                                            "(or \"\" for the whole submission), not \"%s\"",
                                         s));
    } else if (at_type == LUA_TTABLE) {
        node = node_of(L, 2);
        if (!node.is_node)
            return raise(L, "report: fältet 'at' måste vara en del av inlämningen (en tabell som lästs ur den) eller "
                            "en JSON Pointer-text; den här tabellen är inte en del av inlämningen",
                         "report: field 'at' must be a part of the submission (a table read from it) or a "
                         "JSON Pointer string; this table is not part of the submission");
        if (!node.current)
            return raise(L, "report: fältet 'at' hör till ett tidigare dokument; regler får inte spara dokumentdata "
                            "mellan körningar",
                         "report: field 'at' belongs to an earlier document; rules must not keep document "
                         "data between runs");
        if (node.doc != kSubmission)
            return raise(L, "report: fältet 'at' är en del av policyn; fynd måste peka in i inlämningen (använd en "
                            "JSON Pointer-text eller ett värde ur inlämningen)",
                         "report: field 'at' is a part of the policy; findings must point into the submission "
                         "(use a JSON Pointer string or a submission value)");
    } else if (at_type == LUA_TNIL) {
        return raise(L, "report: fältet 'at' saknas; ange var i inlämningen problemet finns, t.ex. at = node eller "
                        "at = \"/investments\"",
                     "report: field 'at' is missing; say where in the submission the problem is, e.g. at = "
                     "node or at = \"/investments\"");
    } else {
        return raise(L,
                     lua_pushfstring(L, "report: fältet 'at' måste vara en JSON Pointer-text eller en del av "
                                        "inlämningen, inte %s",
                                     type_sv(L, at_type)),
                     lua_pushfstring(L, "report: field 'at' must be a JSON Pointer string or a part of the "
                                        "submission, not %s",
                                     lua_typename(L, at_type)));
    }
    lua_getfield(L, 1, "key");
    const KeyArg key = check_key(L, 3, "report", "fältet 'key'", "field 'key'");
    json::Value at_value;
    if (node.is_node) {
        at_value = h->documents[kSubmission]->value(node.id);
        if (key.present && key.is_index && !at_value.is_array())
            return raise(L, "report: fältet 'key' är en position (tal) men 'at' är ett objekt; ange ett medlemsnamn",
                         "report: field 'key' is a position (number) but 'at' is an object; give a member name");
        if (key.present && !key.is_index && !at_value.is_object())
            return raise(L,
                         lua_pushfstring(L, "report: fältet 'key' är ett medlemsnamn men 'at' är %s; ange en position "
                                            "(1, 2, ...)",
                                         at_value.is_array() ? "en lista" : "inte ett objekt"),
                         lua_pushfstring(L, "report: field 'key' is a member name but 'at' is %s; give a position "
                                            "(1, 2, ...)",
                                         at_value.is_array() ? "an array" : "not an object"));
    }

    // year
    std::optional<int> year;
    const int year_type = lua_getfield(L, 1, "year");
    if (year_type != LUA_TNIL) {
        int isnum = 0;
        const lua_Integer y = lua_tointegerx(L, -1, &isnum);
        if (year_type != LUA_TNUMBER || !isnum || y < 0 || y > 9999)
            return raise(L,
                         lua_pushfstring(L, "report: fältet 'year' måste vara ett heltal som 2024, inte %s",
                                         year_type == LUA_TNUMBER ? "det här talet" : type_sv(L, year_type)),
                         lua_pushfstring(L, "report: field 'year' must be a whole number such as 2024, not %s",
                                         year_type == LUA_TNUMBER ? "this number" : lua_typename(L, year_type)));
        year = static_cast<int>(y);
    }
    lua_pop(L, 1);

    const std::string_view sv = required_message(L, 1, "sv", "svenska", "Swedish");
    const std::string_view en = required_message(L, 1, "en", "engelska", "English");
    char expected_buf[64], actual_buf[64];
    std::string_view expected_text, actual_text;
    const bool has_expected = optional_text(L, 1, "expected", expected_text, expected_buf);
    const bool has_actual = optional_text(L, 1, "actual", actual_text, actual_buf);

    std::optional<Severity> severity;
    const int sev_type = lua_getfield(L, 1, "severity");
    if (sev_type != LUA_TNIL) {
        const char* s = sev_type == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
        const std::string_view name = s ? s : "";
        if (name == "error")
            severity = Severity::Error;
        else if (name == "warning")
            severity = Severity::Warning;
        else if (name == "notice")
            severity = Severity::Notice;
        else
            return raise(L, "report: fältet 'severity' måste vara \"error\", \"warning\" eller \"notice\"",
                         "report: field 'severity' must be \"error\", \"warning\" or \"notice\"");
    }
    lua_pop(L, 1);

    ++h->reported;
    if (h->pending.size() >= h->limits.findings_per_rule) return 0;

    bool failed = false;
    try {
        PendingFinding f;
        if (node.is_node) {
            if (key.present) {
                f.pointer = at_value.pointer();
                append_key(f.pointer, key);
            } else {
                f.node = node.id;
            }
        } else {
            f.pointer.assign(at_pointer);
            append_key(f.pointer, key);
        }
        f.severity = severity;
        f.message.sv = finding_text(sv);
        f.message.en = finding_text(en);
        f.year = year;
        if (has_expected) f.expected.emplace(finding_text(expected_text));
        if (has_actual) f.actual.emplace(finding_text(actual_text));
        h->pending.push_back(std::move(f));
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "report: minnet räckte inte", "report: out of memory");
    return 0;
}

// ---- building the state -------------------------------------------------------

int l_setup(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
    const int base = lua_gettop(L);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
    const int string = lua_gettop(L);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
    const int table = lua_gettop(L);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
    const int math = lua_gettop(L);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
    const int utf8 = lua_gettop(L);

    lua_newtable(L);
    const int builtins = lua_gettop(L);
    for (const char* name : {"assert", "error", "ipairs", "pairs", "pcall", "select", "tonumber", "tostring", "type",
                             "_VERSION"}) {
        lua_getfield(L, base, name);
        lua_setfield(L, builtins, name);
    }
    lua_pushcfunction(L, l_next);
    lua_setfield(L, builtins, "next");
    lua_pushcfunction(L, l_xpcall);
    lua_setfield(L, builtins, "xpcall");
    lua_pushcfunction(L, l_noop);
    lua_setfield(L, builtins, "print");
    struct Blocked {
        const char* name;
        const char* reason_sv;
        const char* reason_en;
    };
    constexpr const char* kFiles = "läsa filer";
    constexpr const char* kCompile = "kompilera kod medan de körs";
    constexpr const char* kMeta = "använda metatabeller";
    constexpr const char* kBypass = "gå förbi metatabeller";
    for (const Blocked& b :
         {Blocked{"dofile", kFiles, "read files"}, Blocked{"loadfile", kFiles, "read files"},
          Blocked{"load", kCompile, "compile code while running"},
          Blocked{"loadstring", kCompile, "compile code while running"},
          Blocked{"require", "ladda moduler (filerna i rules/lib/ finns redan som globala namn, t.ex. budget)",
                  "load modules (the files in rules/lib/ are already globals, e.g. budget)"},
          Blocked{"collectgarbage", "styra skräpsamlingen", "control the garbage collector"},
          Blocked{"getmetatable", kMeta, "use metatables"}, Blocked{"setmetatable", kMeta, "use metatables"},
          Blocked{"rawget", kBypass, "bypass metatables"}, Blocked{"rawset", kBypass, "bypass metatables"},
          Blocked{"rawequal", kBypass, "bypass metatables"}, Blocked{"rawlen", kBypass, "bypass metatables"}})
        set_blocked_function(L, builtins, b.name, b.name, b.reason_sv, b.reason_en);
    set_blocked_library(L, builtins, "io", "läsa eller skriva filer", "read or write files");
    set_blocked_library(L, builtins, "os", "använda operativsystemet (klocka, filer, program, miljövariabler)",
                        "use the operating system (clock, files, programs, environment)");
    set_blocked_library(L, builtins, "debug", "använda debug-biblioteket", "use the debug library");
    set_blocked_library(L, builtins, "package", "ladda moduler", "load modules");
    set_blocked_library(L, builtins, "coroutine", "använda korutiner (coroutine)", "use coroutines");

    // string: a copy without dump, with guarded pattern functions and rep.
    const int safe_string = push_shallow_copy(L, string);
    set_blocked_function(L, safe_string, "dump", "string.dump", "göra om funktioner till bytekod",
                         "turn functions into bytecode");
    const char* pattern_functions[] = {"find", "match", "gmatch", "gsub"};
    for (int k = 0; k < 4; ++k) {
        lua_getfield(L, string, pattern_functions[k]);
        lua_pushinteger(L, k);
        lua_pushcclosure(L, l_pattern, 2);
        lua_setfield(L, safe_string, pattern_functions[k]);
    }
    lua_getfield(L, string, "rep");
    lua_pushcclosure(L, l_rep, 1);
    lua_setfield(L, safe_string, "rep");

    const int safe_math = push_shallow_copy(L, math);
    constexpr const char* kRandomSv = "använda slumptal (en kontroll måste ge samma resultat varje gång)";
    constexpr const char* kRandomEn = "use random numbers (a check must give the same result every time)";
    set_blocked_function(L, safe_math, "random", "math.random", kRandomSv, kRandomEn);
    set_blocked_function(L, safe_math, "randomseed", "math.randomseed", kRandomSv, kRandomEn);

    struct Exposed {
        const char* name;
        int index;
    };
    for (const Exposed& e : {Exposed{"string", safe_string}, Exposed{"table", table}, Exposed{"math", safe_math},
                             Exposed{"utf8", utf8}}) {
        lua_pushfstring(L, "den inbyggda tabellen '%s' är skrivskyddad", e.name);
        lua_pushfstring(L, "the built-in table '%s' is read-only", e.name);
        lua_pushcclosure(L, l_readonly, 2);
        push_readonly(L, e.index, -1);
        if (std::strcmp(e.name, "string") == 0) {
            // Every string shares one metatable; methods ("x"):find(...) must
            // use the guarded functions, and nobody may reach the metatable.
            lua_pushliteral(L, "");
            lua_getmetatable(L, -1);
            lua_pushvalue(L, -3);
            lua_setfield(L, -2, "__index");
            lua_pushboolean(L, 0);
            lua_setfield(L, -2, "__metatable");
            lua_pop(L, 2);
        }
        lua_setfield(L, builtins, e.name);
        lua_pop(L, 1);
    }

    // null
    lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 5);
    lua_pushcfunction(L, l_null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "null");
    lua_setfield(L, -2, "__name");
    lua_pushcfunction(L, l_null_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_null_index);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, builtins, "null");
    h->null_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_pushcfunction(L, l_pointer);
    lua_setfield(L, builtins, "pointer");
    lua_pushcfunction(L, l_report);
    h->report_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    push_readonly_error(L, "inlämningen är skrivskyddad", "the submission is read-only");
    h->readonly_ref[kSubmission] = luaL_ref(L, LUA_REGISTRYINDEX);
    push_readonly_error(L, "policyn är skrivskyddad", "the policy is read-only");
    h->readonly_ref[kPolicy] = luaL_ref(L, LUA_REGISTRYINDEX);
    for (std::uint32_t doc : {kSubmission, kPolicy}) {
        push_proxy_metatable(L, h, doc);
        lua_pushcfunction(L, l_materialize_index);
        lua_setfield(L, -2, "__index");
        h->lazy_mt_ref[doc] = luaL_ref(L, LUA_REGISTRYINDEX);
    }

    // The metatable every rule's _ENV shares: reads fall back to builtins.
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, builtins);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    h->env_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_pushvalue(L, builtins);
    h->builtins_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

// Pushes a fresh _ENV for one file.
int l_new_env(lua_State* L) {
    RuleHost::Impl* h = impl_of(L);
    lua_createtable(L, 0, 4);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_mt_ref);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    return 1;
}

}  // namespace

// ---- protected calls -----------------------------------------------------------

void RuleHost::Impl::arm() {
    instructions_exhausted = false;
    memory_refused = false;
    allocation_refused = false;
    error_source[0] = '\0';
    error_line = 0;
    const std::size_t base = loaded ? baseline : used;
    cap = limits.memory_bytes > std::numeric_limits<std::size_t>::max() - base ? std::numeric_limits<std::size_t>::max()
                                                                               : base + limits.memory_bytes;
    allocated = 0;
    allocation_cap = limits.allocation_bytes;
    pattern_left = limits.pattern_steps;
    const std::uint64_t first = std::clamp<std::uint64_t>(limits.instructions, 1, INT_MAX);
    instructions_left = limits.instructions > first ? limits.instructions - first : 0;
    limited = true;
    lua_sethook(L, count_hook, hook_mask, static_cast<int>(first));
}

void RuleHost::Impl::disarm() {
    lua_sethook(L, nullptr, 0, 0);
    limited = false;
}

// Strips "file:line: " from a message when file is one of ours, and takes
// it as the location (the position error() itself names).
void RuleHost::Impl::locate(CallResult& r) const {
    if (error_line > 0) {
        r.file = error_source;
        r.line = error_line;
    }
    for (const Chunk& c : chunks) {
        const std::string& m = r.message;
        if (m.size() <= c.short_src.size() + 3 || m.compare(0, c.short_src.size(), c.short_src) != 0 ||
            m[c.short_src.size()] != ':')
            continue;
        std::size_t i = c.short_src.size() + 1;
        int line = 0;
        while (i < m.size() && m[i] >= '0' && m[i] <= '9' && line < 100'000'000) line = line * 10 + (m[i++] - '0');
        if (line == 0 || i + 1 >= m.size() || m[i] != ':' || m[i + 1] != ' ') continue;
        r.file = c.name;
        r.line = line;
        r.message = m.substr(i + 2);
        return;
    }
    // The message handler saw the chunk name, which may be a shortened form.
    for (const Chunk& c : chunks)
        if (r.file == c.short_src) r.file = c.name;
}

// Calls the function below `nargs` arguments on the stack under the limits.
RuleHost::Impl::CallResult RuleHost::Impl::call(int nargs, int nresults) {
    CallResult r;
    raised = false;
    const int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    arm();
    r.status = lua_pcall(L, nargs, nresults, base);
    disarm();
    lua_remove(L, base);
    r.instructions = instructions_exhausted;
    r.memory = memory_refused;
    r.allocation = allocation_refused;
    if (r.status == LUA_OK) {
        // A memory error the rule caught itself: free what it left behind.
        if (r.memory || r.allocation) lua_gc(L, LUA_GCCOLLECT);
        return r;
    }
    std::size_t len = 0;
    const char* msg = lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER ? lua_tolstring(L, -1, &len)
                                                                                        : nullptr;
    r.message = msg ? std::string(msg, len) : "unknown error";
    // The Swedish text only when the error value is still the one raise()
    // made last; a rule may have caught that one and failed otherwise since.
    const bool ours = msg && raised && len == raised_size && fingerprint(msg, len) == raised_hash;
    lua_pop(L, 1);
    locate(r);
    r.message_sv = r.message;
    if (ours && r.message.size() >= raised_en_size)
        r.message_sv.replace(r.message.size() - raised_en_size, raised_en_size, raised_sv, raised_sv_size);
    raised = false;
    if (r.status == LUA_ERRMEM || r.instructions || r.memory || r.allocation) lua_gc(L, LUA_GCCOLLECT);
    return r;
}

bool RuleHost::Impl::create_state(std::vector<InputError>& errors) {
    L = lua_newstate(allocate, this);
    if (!L) {
        errors.push_back(InputError{"", 0, 0, "rule.engine",
                                    {"Lua-miljön kunde inte skapas (minnet räckte inte)",
                                     "could not create the Lua state (out of memory)"},
                                    {}});
        return false;
    }
    *static_cast<Impl**>(lua_getextraspace(L)) = this;
    lua_atpanic(L, panic);
    lua_pushcfunction(L, l_setup);
    const CallResult r = call(0, 0);
    if (r.status != LUA_OK) {
        errors.push_back(InputError{"", 0, 0, "rule.engine",
                                    {"Lua-sandlådan för reglerna kunde inte sättas upp: " + r.message_sv,
                                     "could not set up the Lua sandbox: " + r.message},
                                    {}});
        return false;
    }
    return true;
}

// ---- loading -------------------------------------------------------------------

namespace {

// Raw field access (never runs metamethods, never raises with limits off).
int raw_field(lua_State* L, int table, const char* field) {
    table = lua_absindex(L, table);
    lua_pushstring(L, field);
    return lua_rawget(L, table);
}

std::string to_string_at(lua_State* L, int idx) {
    std::size_t len = 0;
    const char* s = lua_tolstring(L, idx, &len);
    return std::string(s, len);
}

const char* type_for_humans(lua_State* L, int idx, bool sv = false) {
    switch (lua_type(L, idx)) {
        case LUA_TNIL: return sv ? "ingenting (nil)" : "nothing (nil)";
        case LUA_TSTRING: return sv ? "en text" : "a string";
        case LUA_TNUMBER: return sv ? "ett tal" : "a number";
        case LUA_TBOOLEAN: return sv ? "sant/falskt (true/false)" : "true/false";
        case LUA_TTABLE: return sv ? "en tabell" : "a table";
        case LUA_TFUNCTION: return sv ? "en funktion" : "a function";
        default: return luaL_typename(L, idx);
    }
}

// Splits "name:12: message" as Lua reports compile errors.
void split_compile_error(const std::string& msg, const std::string& short_src, std::uint32_t& line,
                         std::string& rest) {
    line = 0;
    rest = msg;
    if (msg.compare(0, short_src.size(), short_src) != 0 || msg.size() <= short_src.size() + 1 ||
        msg[short_src.size()] != ':')
        return;
    std::size_t i = short_src.size() + 1;
    std::uint32_t l = 0;
    while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9' && l < 100'000'000) l = l * 10 + static_cast<std::uint32_t>(msg[i++] - '0');
    if (i + 1 < msg.size() && msg[i] == ':' && msg[i + 1] == ' ') {
        line = l;
        rest = msg.substr(i + 2);
    }
}

Message syntax_hint(const std::string& message);

// 1-based byte column of `token` in `line`, else of its first non-blank.
std::uint32_t column_of(std::string_view line, std::string_view token) {
    if (line.empty()) return 0;
    if (!token.empty())
        if (const std::size_t p = line.find(token); p != std::string_view::npos) return static_cast<std::uint32_t>(p + 1);
    const std::size_t p = line.find_first_not_of(" \t");
    return p == std::string_view::npos ? 0 : static_cast<std::uint32_t>(p + 1);
}

// A sentence for a rule author about a Lua run-time error message, or "".
Message runtime_hint(const std::string& message) {
    auto named = [&](std::string_view after) -> std::string {  // "(field 'x')" -> "x"
        const std::size_t p = message.find(after);
        if (p == std::string::npos) return {};
        const std::size_t start = p + after.size();
        const std::size_t end = message.find('\'', start);
        return end == std::string::npos ? std::string() : message.substr(start, end - start);
    };
    std::string name;
    std::string kind;
    for (const char* k : {"field", "global", "local", "upvalue", "method"}) {
        name = named(std::string("(") + k + " '");
        if (!name.empty()) {
            kind = k;
            break;
        }
    }
    const std::string what = name.empty() ? "a value" : "'" + name + "'";
    const std::string vad = name.empty() ? "ett värde" : "'" + name + "'";
    if (message.find("attempt to index a nil value") != std::string::npos)
        return {" — " + vad + " finns inte (nil) här, så inget kan läsas ur det. Kontrollera stavningen mot "
                "inlämningsformatet (docs/format.md) eller policypaketet, eller testa först: if x ~= nil then ... end",
                " — " + what + " does not exist (nil) here, so nothing can be read from it. Check the spelling "
                "against the submission format (docs/format.md) or the policy pack, or test it first: "
                "if x ~= nil then ... end"};
    if (message.find("attempt to call a nil value") != std::string::npos)
        return {" — regeln anropar " + vad + ", som inte finns. Kontrollera stavningen" +
                    (kind == "field" ? " (budgetbibliotekets funktioner står i editor/budgetcheck.lua)" : "") +
                    "; observera att os, io och require inte finns för regler",
                " — the rule calls " + what + ", which does not exist. Check the spelling" +
                    (kind == "field" ? " (the budget library's functions are listed in editor/budgetcheck.lua)" : "") +
                    "; note that os, io and require are not available to rules"};
    if (message.find("attempt to perform arithmetic on a nil value") != std::string::npos)
        return {" — regeln räknar med " + vad + ", som saknas (nil) i den här inlämningen. Testa att värdet finns "
                "innan du räknar (budget.value(...) ger nil för ett år som saknas)",
                " — the rule calculates with " + what + ", which is missing (nil) in this submission. Test that the "
                "value exists before calculating (budget.value(...) returns nil for a missing year)"};
    if (message.find("attempt to compare") != std::string::npos && message.find("nil") != std::string::npos)
        return {" — ena sidan av en jämförelse (<, >, <=, >=) saknas (nil). Testa först att båda värdena finns",
                " — one side of a comparison (<, >, <=, >=) is missing (nil). Test that both values exist first"};
    if (message.find("attempt to concatenate") != std::string::npos)
        return {" — text fogas ihop (..) med " + vad + ", som saknas eller inte är text. Använd tostring(x), eller "
                "budget.format_amount för belopp",
                " — text is joined (..) with " + what + ", which is missing or not text. Use tostring(x), or "
                "budget.format_amount for money"};
    if (message.find("attempt to perform arithmetic on") != std::string::npos)
        return {" — " + vad + " är inte ett tal. Belopp kommer som hela kronor; andra värden kan vara text eller null",
                " — " + what + " is not a number. Money arrives as whole kronor; other values may be text or null"};
    if (message.find("bad argument") != std::string::npos)
        return {" — en funktion fick ett värde av fel slag; meddelandet anger argumentet och funktionen",
                " — a function was given a value of the wrong kind; the message names the argument and the function"};
    if (message.find("is read-only") != std::string::npos)
        return {" — regler får inte ändra inlämningen, policyn eller biblioteken; kopiera till en lokal tabell först",
                " — rules may not change the submission, the policy or the libraries; copy into a local table first"};
    return {};
}

struct SyntaxLocation {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    Message message;
};

// Where a syntax error really is and what to do about it. Lua reports the
// token where it gave up ("near 'severity'"); when that token starts a line
// and the line before does not end with ',', the missing ',' is the usual
// cause and the caret goes there.
SyntaxLocation locate_syntax_error(std::string_view text, std::uint32_t line, const std::string& rest) {
    const Message hint = syntax_hint(rest);
    SyntaxLocation out{line, 0, {"syntaxfel: " + rest + hint.sv, "syntax error: " + rest + hint.en}};
    const std::string_view here = line_of(text, line);
    std::string near;
    if (const std::size_t p = rest.find("near '"); p != std::string::npos) {
        const std::size_t end = rest.rfind('\'');
        if (end > p + 6) near = rest.substr(p + 6, end - p - 6);
    }
    if (rest.find("near <eof>") != std::string::npos) {
        out.column = static_cast<std::uint32_t>(here.size() + 1);
        return out;
    }
    out.column = column_of(here, near);
    const bool closes = rest.find("'}' expected") != std::string::npos || rest.find("unexpected symbol") != std::string::npos;
    if (closes && !near.empty() && out.column > 0 && trim(here.substr(0, out.column - 1)).empty()) {
        for (std::uint32_t prev = line; prev-- > 1;) {
            const std::string_view before = line_of(text, prev);
            std::string_view code = trim(before);
            if (code.empty() || code.substr(0, 2) == "--") continue;
            if (const std::size_t comment = code.find("--"); comment != std::string_view::npos)
                code = trim(code.substr(0, comment));
            const char last = code.empty() ? ',' : code.back();
            if (last != ',' && last != '{' && last != ';' && last != '(') {
                const std::size_t end = before.find(code) + code.size();
                out.line = prev;
                out.column = static_cast<std::uint32_t>(end + 1);
                out.message = {"syntaxfel: ett ',' saknas i slutet av den här raden (varje fält i en tabell som "
                               "title = { ... } ska följas av ett kommatecken före nästa fält, '" +
                                   near + "' på rad " + std::to_string(line) + "; Lua säger: " + rest + ")",
                               "syntax error: a ',' is missing at the end of this line (each field in a table such as "
                               "title = { ... } must be followed by a comma before the next field '" +
                                   near + "' on line " + std::to_string(line) + "; Lua says: " + rest + ")"};
            }
            break;
        }
    }
    return out;
}

Message syntax_hint(const std::string& message) {
    if (message.find("'end' expected") != std::string::npos)
        return {" (varje 'function', 'if', 'for', 'while' och 'do' behöver ett 'end' som avslutar det)",
                " (every 'function', 'if', 'for', 'while' and 'do' needs a matching 'end')"};
    if (message.find("'}' expected") != std::string::npos)
        return {" (en '{' är inte stängd, eller så saknas ett ',' mellan två fält)",
                " (a '{' is not closed, or a ',' is missing between two fields)"};
    if (message.find("')' expected") != std::string::npos) return {" (en '(' är inte stängd)", " (a '(' is not closed)"};
    if (message.find("unfinished string") != std::string::npos)
        return {" (en text saknar sitt avslutande citattecken)", " (a string is missing its closing quote)"};
    if (message.find("'=' expected") != std::string::npos)
        return {" (kanske ett ',' som saknas eller ett felstavat nyckelord)",
                " (perhaps a missing ',' or a misspelt keyword)"};
    if (message.find("unexpected symbol") != std::string::npos)
        return {" (leta efter ett ',' som saknas mellan två fält, eller ett 'end' som saknas eller är för mycket "
                "strax före)",
                " (look for a missing ',' between fields, or a missing or extra 'end' just before)"};
    return {};
}

// ---- coverage: executable lines from the compiled chunk ----------------------
//
// The public C API gives a function's own lines (lua_getinfo "L") but not
// those of the functions nested in it, which exist only as prototypes until
// the code runs. lua_dump writes every prototype with its line information
// (Lua 5.4 binary chunk format, lundump.c), so the lines are read from there:
// per instruction, lineinfo holds the delta from the previous line, or
// ABSLINEINFO (-128) when abslineinfo holds the absolute line.

class DumpReader {
public:
    explicit DumpReader(std::string_view data) : data_(data) {}
    bool ok() const { return ok_; }

    bool header() {
        // signature, version, format, LUAC_DATA, 3 sizes, LUAC_INT, LUAC_NUM, size of upvalues
        constexpr std::size_t fixed = 4 + 1 + 1 + 6 + 3;
        if (data_.size() < fixed || data_.substr(0, 4) != LUA_SIGNATURE || static_cast<unsigned char>(data_[4]) != 0x54)
            return ok_ = false;
        instruction_size_ = static_cast<unsigned char>(data_[12]);
        integer_size_ = static_cast<unsigned char>(data_[13]);
        number_size_ = static_cast<unsigned char>(data_[14]);
        pos_ = fixed;
        skip(integer_size_ + number_size_ + 1);
        return ok_;
    }

    // Appends the executable lines of one function and all nested ones.
    void function(std::vector<std::uint32_t>& lines, int depth = 0) {
        if (!ok_ || depth > 200) {
            ok_ = false;
            return;
        }
        skip_string();                        // source
        const std::size_t linedefined = size();
        size();                               // lastlinedefined
        skip(1);                              // numparams
        const bool vararg = byte() != 0;      // is_vararg
        skip(1);                              // maxstacksize
        const std::size_t ncode = size();
        std::vector<unsigned> opcodes;
        for (std::size_t i = 0; i < ncode && ok_; ++i) {
            if (pos_ + instruction_size_ > data_.size()) return void(ok_ = false);
            std::uint32_t instruction = 0;
            std::memcpy(&instruction, data_.data() + pos_, std::min<std::size_t>(4, instruction_size_));
            opcodes.push_back(instruction & 0x7f);
            pos_ += instruction_size_;
        }
        const std::size_t nconstants = size();
        for (std::size_t i = 0; i < nconstants && ok_; ++i) {
            const int tag = byte();
            if (tag == 3) skip(integer_size_);                 // LUA_VNUMINT
            else if (tag == 19) skip(number_size_);            // LUA_VNUMFLT
            else if (tag == 4 || tag == 20) skip_string();     // short / long string
            else if (tag != 0 && tag != 1 && tag != 17) ok_ = false;  // nil, false, true
        }
        const std::size_t nupvalues = size();
        skip(3 * nupvalues);
        const std::size_t nprotos = size();
        for (std::size_t i = 0; i < nprotos && ok_; ++i) function(lines, depth + 1);
        // debug information
        const std::size_t nlineinfo = size();
        if (!ok_ || pos_ + nlineinfo > data_.size()) return void(ok_ = false);
        const std::string_view lineinfo = data_.substr(pos_, nlineinfo);
        pos_ += nlineinfo;
        const std::size_t nabs = size();
        std::vector<std::pair<std::size_t, std::size_t>> abs;  // pc, line
        for (std::size_t i = 0; i < nabs && ok_; ++i) {
            const std::size_t pc = size();
            abs.emplace_back(pc, size());
        }
        const std::size_t nlocals = size();
        for (std::size_t i = 0; i < nlocals && ok_; ++i) {
            skip_string();
            size();
            size();
        }
        const std::size_t nupnames = size();
        for (std::size_t i = 0; i < nupnames && ok_; ++i) skip_string();
        if (!ok_ || lineinfo.size() != opcodes.size()) return;  // stripped: no lines

        // The implicit return that ends every function is dead code when an
        // explicit return comes just before it (`... return x end`).
        constexpr unsigned kReturn = 70, kReturn0 = 71, kReturn1 = 72;
        auto is_return = [&](unsigned op) { return op == kReturn || op == kReturn0 || op == kReturn1; };
        std::size_t end = opcodes.size();
        if (end >= 2 && is_return(opcodes[end - 1]) && is_return(opcodes[end - 2])) --end;

        std::size_t line = linedefined;
        std::size_t next_abs = 0;
        for (std::size_t pc = 0; pc < end; ++pc) {
            const auto delta = static_cast<signed char>(lineinfo[pc]);
            if (delta == -128) {
                while (next_abs < abs.size() && abs[next_abs].first < pc) ++next_abs;
                if (next_abs < abs.size() && abs[next_abs].first == pc) line = abs[next_abs].second;
            } else {
                line = static_cast<std::size_t>(static_cast<long long>(line) + delta);
            }
            if (pc == 0 && vararg) continue;  // OP_VARARGPREP: as lua_getinfo "L", not a line of its own
            if (line > 0 && line < (1u << 24)) lines.push_back(static_cast<std::uint32_t>(line));
        }
    }

private:
    int byte() {
        if (pos_ >= data_.size()) return ok_ = false, 0;
        return static_cast<unsigned char>(data_[pos_++]);
    }
    std::size_t size() {  // MSB first, 7 bits a byte, the last byte has 0x80
        std::size_t x = 0;
        for (int i = 0; i < 10 && ok_; ++i) {
            const int b = byte();
            x = (x << 7) | static_cast<std::size_t>(b & 0x7f);
            if (b & 0x80) return x;
        }
        ok_ = false;
        return 0;
    }
    void skip(std::size_t n) {
        if (pos_ + n > data_.size()) ok_ = false;
        else pos_ += n;
    }
    void skip_string() {
        const std::size_t n = size();
        if (n > 0) skip(n - 1);
    }

    std::string_view data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
    std::size_t instruction_size_ = 4, integer_size_ = 8, number_size_ = 8;
};

int dump_writer(lua_State*, const void* p, std::size_t size, void* ud) {
    try {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(p), size);
        return 0;
    } catch (...) {
        return 1;
    }
}

// Executable lines of the compiled chunk on top of the stack (sorted, unique).
std::vector<std::uint32_t> executable_lines(lua_State* L) {
    std::string dump;
    std::vector<std::uint32_t> lines;
    if (lua_dump(L, dump_writer, &dump, 0) != 0) return lines;
    DumpReader reader(dump);
    if (reader.header()) reader.function(lines);
    if (!reader.ok()) lines.clear();
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

}  // namespace

double Coverage::File::percent() const {
    return executable.empty() ? 100.0 : 100.0 * static_cast<double>(hit.size()) / static_cast<double>(executable.size());
}

std::string Coverage::File::missed_ranges() const {
    std::string out;
    std::size_t h = 0;
    std::uint32_t start = 0, last = 0;
    bool open = false;
    auto close = [&] {
        if (!open) return;
        out += (out.empty() ? "" : ", ") + std::to_string(start) + (last > start ? "-" + std::to_string(last) : "");
        open = false;
    };
    for (std::size_t i = 0; i < executable.size(); ++i) {
        const std::uint32_t line = executable[i];
        while (h < hit.size() && hit[h] < line) ++h;
        if (h < hit.size() && hit[h] == line) {
            close();  // an executed line ends a range
            continue;
        }
        // A range runs over consecutive executable lines that never ran,
        // even across comment or blank lines between them.
        if (open && i > 0 && executable[i - 1] == last) {
            last = line;
        } else {
            close();
            start = last = line;
            open = true;
        }
    }
    close();
    return out;
}

std::vector<Coverage::File> Coverage::files() const {
    std::lock_guard lock(mutex_);
    std::vector<File> out;
    for (const auto& [name, data] : files_) {
        File f;
        f.name = name;
        f.executable = data.executable;
        for (std::uint32_t line : data.executable)
            if (line < data.hit.size() && data.hit[line]) f.hit.push_back(line);
        out.push_back(std::move(f));
    }
    return out;
}

void Coverage::set_executable(const std::string& file, std::vector<std::uint32_t> lines) {
    std::lock_guard lock(mutex_);
    files_[file].executable = std::move(lines);
}

void Coverage::add_hits(const std::string& file, const std::vector<std::uint8_t>& hit_by_line) {
    std::lock_guard lock(mutex_);
    auto& hit = files_[file].hit;
    if (hit.size() < hit_by_line.size()) hit.resize(hit_by_line.size(), 0);
    for (std::size_t i = 0; i < hit_by_line.size(); ++i) hit[i] |= hit_by_line[i];
}

void RuleHost::Impl::flush_coverage() {
    if (!limits.coverage) return;
    for (std::size_t i = 0; i < line_hits.size(); ++i) {
        limits.coverage->add_hits(covered_sources[i].substr(1), line_hits[i]);
        std::fill(line_hits[i].begin(), line_hits[i].end(), 0);
    }
}

std::string declared_rule_id(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = trim(text.substr(start, end - start));
        start = end + 1;
        if (l.substr(0, 2) != "id") continue;
        l = trim(l.substr(2));
        if (l.empty() || l[0] != '=') continue;
        l = trim(l.substr(1));
        if (l.empty() || (l[0] != '"' && l[0] != '\'')) continue;
        const std::size_t close = l.find(l[0], 1);
        if (close == std::string_view::npos) continue;
        return std::string(l.substr(1, close - 1));
    }
    return {};
}

RuleHost::RuleHost(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleHost::RuleHost(RuleHost&&) noexcept = default;
RuleHost& RuleHost::operator=(RuleHost&&) noexcept = default;
RuleHost::~RuleHost() = default;

const std::vector<RuleInfo>& RuleHost::rules() const { return impl_->infos; }
const RuleLimits& RuleHost::limits() const { return impl_->limits; }
std::size_t RuleHost::memory_in_use() const { return impl_->used; }

std::variant<RuleHost, std::vector<InputError>> RuleHost::load(std::vector<SourceText> libraries,
                                                               std::vector<SourceText> rules, RuleLimits limits) {
    auto impl = std::make_unique<Impl>();
    Impl& h = *impl;
    h.limits = limits;
    if (h.limits.coverage) h.hook_mask = LUA_MASKCOUNT | LUA_MASKLINE;
    std::vector<InputError> errors;
    if (!h.create_state(errors)) return errors;
    lua_State* L = h.L;

    // `token`: what the caret should point at in the line (else its first
    // non-blank character; or `column` when known).
    auto error_at = [&](const SourceText& file, std::uint32_t line, std::string code, Message message,
                        std::string_view token = {}, std::uint32_t column = 0) {
        const std::string_view text = line_of(file.text, line);
        if (column == 0) column = column_of(text, token);
        errors.push_back(InputError{file.name, line, code_point_column(text, column), std::move(code),
                                    std::move(message), json::error_snippet(text)});
    };

    // Compiles and runs one file's top level in a fresh environment. On
    // success leaves the returned value on the stack and returns true.
    auto run_file = [&](const SourceText& file, const char* kind) -> bool {
        h.chunks.push_back(Chunk{short_src_of(file.name), file.name});
        const std::string& short_src = h.chunks.back().short_src;
        if (!file.text.empty() && file.text[0] == LUA_SIGNATURE[0]) {
            error_at(file, 0, std::string(kind) + ".bytecode",
                     {"filen är kompilerad Lua-bytekod; bara Lua-källkod i klartext godtas",
                      "the file is compiled Lua bytecode; only plain Lua source text is accepted"});
            return false;
        }
        const std::string chunkname = "@" + file.name;
        const int status = luaL_loadbufferx(L, file.text.data(), file.text.size(), chunkname.c_str(), "t");
        if (status != LUA_OK) {
            const std::string msg = lua_type(L, -1) == LUA_TSTRING ? to_string_at(L, -1) : "cannot compile";
            lua_pop(L, 1);
            if (status == LUA_ERRMEM) {
                error_at(file, 0, std::string(kind) + ".load-error",
                         {"minnet tog slut när filen kompilerades", "out of memory while compiling the file"});
                return false;
            }
            std::uint32_t line = 0;
            std::string rest;
            split_compile_error(msg, short_src, line, rest);
            const SyntaxLocation where = locate_syntax_error(file.text, line, rest);
            error_at(file, where.line, std::string(kind) + ".syntax", where.message, {}, where.column);
            return false;
        }
        if (h.limits.coverage) {
            auto lines = executable_lines(L);
            const std::size_t size = std::max<std::size_t>(lines.empty() ? 0 : lines.back() + 1,
                                                           static_cast<std::size_t>(std::count(file.text.begin(), file.text.end(), '\n')) + 2);
            h.limits.coverage->set_executable(file.name, std::move(lines));
            h.covered_sources.push_back(chunkname);
            h.line_hits.emplace_back(size, 0);
            h.last_source = nullptr;
        }
        lua_pushcfunction(L, l_new_env);
        lua_call(L, 0, 1);  // cannot fail: limits are off (real out-of-memory panics)
        lua_setupvalue(L, -2, 1);  // the chunk's first upvalue is its _ENV
        const int top = lua_gettop(L) - 1;
        const Impl::CallResult r = h.call(0, LUA_MULTRET);
        if (r.status != LUA_OK) {
            std::string reason = r.instructions ? "it ran out of its instruction budget"
                                 : r.status == LUA_ERRMEM ? "it ran out of memory"
                                                          : r.message;
            std::string reason_sv = r.instructions ? "instruktionsbudgeten tog slut"
                                    : r.status == LUA_ERRMEM ? "minnet tog slut"
                                                             : r.message_sv;
            const std::uint32_t line = r.file == file.name ? static_cast<std::uint32_t>(r.line) : 0;
            const std::string at = r.file + ":" + std::to_string(r.line);
            const bool here = r.file.empty() || r.file == file.name;
            error_at(file, line, std::string(kind) + ".load-error",
                     {"filen kunde inte laddas: " + reason_sv + (here ? "" : " (på " + at + ")"),
                      "the file failed while loading: " + reason + (here ? "" : " (at " + at + ")")});
            lua_settop(L, top);
            return false;
        }
        if (lua_gettop(L) != top + 1 || lua_type(L, -1) != LUA_TTABLE) {
            const std::uint32_t line = line_of_return(file.text);
            const bool none = lua_gettop(L) == top;
            error_at(file, line, std::string(kind) + ".not-a-table",
                     {std::string("filen ska sluta med 'return { ... }' som ger en tabell, men den returnerade ") +
                          (none ? "ingenting" : type_for_humans(L, top + 1, true)),
                      std::string("the file must end with 'return { ... }' giving a table, but it returned ") +
                          (none ? "nothing" : type_for_humans(L, top + 1))});
            lua_settop(L, top);
            return false;
        }
        return true;
    };

    // Libraries: each becomes a read-only global named after the file.
    for (const SourceText& file : libraries) {
        std::string base = file.name.substr(file.name.find_last_of("/\\") == std::string::npos
                                                ? 0
                                                : file.name.find_last_of("/\\") + 1);
        if (base.size() > 4 && base.compare(base.size() - 4, 4, ".lua") == 0) base.resize(base.size() - 4);
        if (!is_identifier(base)) {
            error_at(file, 0, "library.bad-name",
                     {"bibliotekets filnamn '" + base +
                          "' kan inte bli ett globalt namn; använd bara a–z, A–Z, siffror och '_' (t.ex. budget.lua)",
                      "the library's file name '" + base +
                          "' cannot be a global name; name it with letters, digits and '_' only (e.g. budget.lua)"});
            continue;
        }
        lua_rawgeti(L, LUA_REGISTRYINDEX, h.builtins_ref);
        const bool taken = raw_field(L, -1, base.c_str()) != LUA_TNIL;
        lua_pop(L, 2);
        if (taken) {
            error_at(file, 0, "library.bad-name",
                     {"biblioteksnamnet '" + base +
                          "' används redan av en inbyggd funktion eller ett annat bibliotek; byt namn på filen",
                      "the library name '" + base +
                          "' is already taken by a built-in or another library; rename the file"});
            continue;
        }
        if (!run_file(file, "library")) continue;
        lua_pushcfunction(L, l_freeze);
        lua_insert(L, -2);
        lua_pushfstring(L, "biblioteket '%s' är skrivskyddat", base.c_str());
        lua_pushfstring(L, "the library '%s' is read-only", base.c_str());
        const Impl::CallResult r = h.call(3, 1);
        if (r.status != LUA_OK) {
            error_at(file, 0, "library.load-error",
                     {"biblioteket kunde inte göras skrivskyddat: " + r.message_sv,
                      "could not make the library read-only: " + r.message});
            continue;
        }
        lua_rawgeti(L, LUA_REGISTRYINDEX, h.builtins_ref);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, base.c_str());
        lua_pop(L, 2);
    }

    static constexpr std::array<std::string_view, 7> known = {"id",     "title",   "severity", "source",
                                                              "applies_to", "explain", "check"};
    std::unordered_map<std::string, std::string> ids;  // id -> file
    for (const SourceText& file : rules) {
        if (!run_file(file, "rule")) continue;
        const int t = lua_gettop(L);
        const std::size_t errors_before = errors.size();
        auto field_error = [&](std::string_view field, std::string code, Message message) {
            std::uint32_t line = line_assigning(file.text, field);
            if (line == 0) {
                line = line_of_return(file.text);
                field = "return";
            }
            error_at(file, line, std::move(code), std::move(message), field);
        };
        RuleRecord rec;
        rec.info.file = file.name;

        // Unknown fields (likely typos).
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING) {
                field_error("return", "rule.unknown-field",
                            {"regeltabellen får bara ha namngivna fält (id = ..., title = ..., ...)",
                             "the rule table may only have named fields (id = ..., title = ..., ...)"});
                continue;
            }
            const std::string key = to_string_at(L, -1);
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            std::string suggestion;
            std::size_t best = 3;
            for (std::string_view k : known) {
                const std::size_t d = edit_distance(key, k);
                if (d < best) {
                    best = d;
                    suggestion = k;
                }
            }
            field_error(key, "rule.unknown-field",
                        {"okänt fält '" + key + "' i regeln" +
                             (suggestion.empty() ? "" : "; menade du '" + suggestion + "'?") +
                             " Fälten är id, title, severity, source, applies_to, explain och check",
                         "unknown field '" + key + "' in the rule" +
                             (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?") +
                             " The fields are id, title, severity, source, applies_to, explain and check"});
        }

        // id
        if (raw_field(L, t, "id") != LUA_TSTRING) {
            if (lua_isnil(L, -1))
                field_error("id", "rule.missing-field",
                            {"regeln saknar 'id'; lägg till t.ex. id = \"investment.within-frame\"",
                             "the rule has no 'id'; add id = \"area.name\""});
            else
                field_error("id", "rule.bad-field",
                            {std::string("regelns 'id' ska vara en text som \"investment.within-frame\", inte ") +
                                 type_for_humans(L, -1, true),
                             std::string("the rule's 'id' must be a string such as \"investment.within-frame\", not ") +
                                 type_for_humans(L, -1)});
        } else {
            rec.info.id = to_string_at(L, -1);
            if (!valid_rule_id(rec.info.id)) {
                field_error("id", "rule.bad-field",
                            {"regel-id:t '" + rec.info.id +
                                 "' ska vara ord av små bokstäver a–z (och siffror, '-', '_') åtskilda av punkter, som "
                                 "\"investment.within-frame\"",
                             "the rule id '" + rec.info.id +
                                 "' must be lower-case words joined by dots, such as \"investment.within-frame\""});
            } else if (rec.info.id.rfind("engine.", 0) == 0 || rec.info.id.rfind("schema.", 0) == 0) {
                field_error("id", "rule.bad-field",
                            {"regel-id:t '" + rec.info.id + "' börjar med ett prefix som motorn reserverar (engine., schema.)",
                             "the rule id '" + rec.info.id + "' starts with a prefix the engine reserves (engine., schema.)"});
            }
        }
        lua_pop(L, 1);

        // title, explain: { sv = ..., en = ... }
        auto message_field = [&](const char* name, bool required, Message& out) {
            const int type = raw_field(L, t, name);
            if (type == LUA_TNIL) {
                if (required)
                    field_error(name, "rule.missing-field",
                                {std::string("regeln saknar '") + name + "'; lägg till " + name +
                                     " = { sv = \"...\", en = \"...\" }",
                                 std::string("the rule has no '") + name + "'; add " + name +
                                     " = { sv = \"...\", en = \"...\" }"});
            } else if (type != LUA_TTABLE) {
                field_error(name, "rule.bad-field",
                            {std::string("regelns '") + name + "' ska vara en tabell { sv = \"...\", en = \"...\" }, inte " +
                                 type_for_humans(L, -1, true),
                             std::string("the rule's '") + name + "' must be a table { sv = \"...\", en = \"...\" }, not " +
                                 type_for_humans(L, -1)});
            } else {
                const int m = lua_gettop(L);
                for (const char* lang : {"sv", "en"}) {
                    if (raw_field(L, m, lang) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
                        field_error(name, "rule.bad-field",
                                    {std::string("regelns '") + name + "' behöver en ifylld text på " +
                                         (std::strcmp(lang, "sv") == 0 ? "svenska (sv)" : "engelska (en)") + ": " +
                                         name + " = { sv = \"...\", en = \"...\" }",
                                     std::string("the rule's '") + name + "' needs a non-empty " + lang +
                                         " text: " + name + " = { sv = \"...\", en = \"...\" }"});
                    else
                        (std::strcmp(lang, "sv") == 0 ? out.sv : out.en) = to_string_at(L, -1);
                    lua_pop(L, 1);
                }
                lua_pushnil(L);
                while (lua_next(L, m)) {
                    lua_pop(L, 1);
                    const std::string k = lua_type(L, -1) == LUA_TSTRING ? to_string_at(L, -1) : "?";
                    if (k != "sv" && k != "en")
                        field_error(name, "rule.unknown-field",
                                    {std::string("okänt språk '") + k + "' i '" + name + "'; använd sv och en",
                                     std::string("unknown language '") + k + "' in '" + name + "'; use sv and en"});
                }
            }
            lua_pop(L, 1);
        };
        message_field("title", true, rec.info.title);
        message_field("explain", false, rec.info.explain);

        // severity
        {
            const int type = raw_field(L, t, "severity");
            const std::string s = type == LUA_TSTRING ? to_string_at(L, -1) : "";
            if (type == LUA_TNIL)
                field_error("severity", "rule.missing-field",
                            {"regeln saknar 'severity'; lägg till severity = \"error\" (eller \"warning\", \"notice\")",
                             "the rule has no 'severity'; add severity = \"error\" (or \"warning\", \"notice\")"});
            else if (s == "error")
                rec.info.severity = Severity::Error;
            else if (s == "warning")
                rec.info.severity = Severity::Warning;
            else if (s == "notice")
                rec.info.severity = Severity::Notice;
            else
                field_error("severity", "rule.bad-field",
                            {"regelns 'severity' ska vara \"error\", \"warning\" eller \"notice\"",
                             "the rule's 'severity' must be \"error\", \"warning\" or \"notice\""});
            lua_pop(L, 1);
        }

        // source
        {
            const int type = raw_field(L, t, "source");
            if (type == LUA_TTABLE) {
                const int s = lua_gettop(L);
                lua_pushnil(L);
                while (lua_next(L, s)) {
                    const std::string k = lua_type(L, -2) == LUA_TSTRING ? to_string_at(L, -2) : "?";
                    std::string* target = k == "decision" ? &rec.info.source.decision
                                          : k == "quote"  ? &rec.info.source.quote
                                          : k == "document" ? &rec.info.source.document
                                                            : nullptr;
                    if (!target)
                        field_error("source", "rule.unknown-field",
                                    {"okänt fält '" + k + "' i 'source'; fälten är decision, document och quote",
                                     "unknown field '" + k + "' in 'source'; the fields are decision, document and quote"});
                    else if (lua_type(L, -1) != LUA_TSTRING)
                        field_error("source", "rule.bad-field",
                                    {"'source." + k + "' ska vara en text", "'source." + k + "' must be a string"});
                    else
                        *target = to_string_at(L, -1);
                    lua_pop(L, 1);
                }
            } else if (type != LUA_TNIL) {
                field_error("source", "rule.bad-field",
                            {"regelns 'source' ska vara en tabell { decision = \"KF ...\", document = \"...\", quote = "
                             "\"...\" }",
                             "the rule's 'source' must be a table { decision = \"KF ...\", document = \"...\", quote = "
                             "\"...\" }"});
            }
            lua_pop(L, 1);
        }

        // applies_to
        {
            const int type = raw_field(L, t, "applies_to");
            if (type == LUA_TTABLE) {
                const auto n = static_cast<lua_Integer>(lua_rawlen(L, -1));
                for (lua_Integer i = 1; i <= n; ++i) {
                    const std::string v = lua_rawgeti(L, -1, i) == LUA_TSTRING ? to_string_at(L, -1) : "";
                    if (v != "appropriation" && v != "revenue")
                        field_error("applies_to", "rule.bad-field",
                                    {"'applies_to' får bara innehålla \"appropriation\" och \"revenue\"",
                                     "'applies_to' may only list \"appropriation\" and \"revenue\""});
                    else
                        rec.info.applies_to.push_back(v);
                    lua_pop(L, 1);
                }
                if (n == 0)
                    field_error("applies_to", "rule.bad-field",
                                {"'applies_to' är tom, så regeln skulle aldrig köras; ange \"appropriation\" och/eller "
                                 "\"revenue\", eller ta bort fältet",
                                 "'applies_to' is empty, so the rule would never run; list \"appropriation\" and/or "
                                 "\"revenue\", or leave the field out"});
            } else if (type != LUA_TNIL) {
                field_error("applies_to", "rule.bad-field",
                            {"regelns 'applies_to' ska vara en lista som { \"appropriation\", \"revenue\" }",
                             "the rule's 'applies_to' must be a list such as { \"appropriation\", \"revenue\" }"});
            }
            lua_pop(L, 1);
        }

        // check
        {
            const int type = raw_field(L, t, "check");
            if (type == LUA_TFUNCTION) {
                rec.check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
            } else {
                if (type == LUA_TNIL)
                    field_error("check", "rule.missing-field",
                                {"regeln saknar 'check'; lägg till check = function(submission, policy, report) ... end",
                                 "the rule has no 'check'; add check = function(submission, policy, report) ... end"});
                else
                    field_error("check", "rule.bad-field",
                                {std::string("regelns 'check' ska vara en funktion, inte ") + type_for_humans(L, -1, true),
                                 std::string("the rule's 'check' must be a function, not ") + type_for_humans(L, -1)});
                lua_pop(L, 1);
            }
        }
        lua_settop(L, t - 1);

        if (!rec.info.id.empty() && errors.size() == errors_before) {
            const auto [it, inserted] = ids.emplace(rec.info.id, file.name);
            if (!inserted) {
                field_error("id", "rule.duplicate-id",
                            {"regel-id:t '" + rec.info.id + "' används redan av " + it->second +
                                 "; ge varje regel ett eget id",
                             "the rule id '" + rec.info.id + "' is already used by " + it->second +
                                 "; give each rule its own id"});
                continue;
            }
        }
        if (errors.size() == errors_before) {
            h.infos.push_back(rec.info);
            h.rules.push_back(std::move(rec));
        } else if (rec.check_ref != LUA_NOREF) {
            luaL_unref(L, LUA_REGISTRYINDEX, rec.check_ref);
        }
    }
    h.flush_coverage();
    if (!errors.empty()) return errors;
    lua_gc(L, LUA_GCCOLLECT);
    h.baseline = h.used;
    h.loaded = true;
    return RuleHost(std::move(impl));
}

// ---- running -------------------------------------------------------------------

std::vector<Finding> RuleHost::run(DocumentInput submission, DocumentInput policy, const RunOptions& options) {
    Impl& h = *impl_;
    lua_State* L = h.L;
    std::vector<Finding> out;
    lua_settop(L, 0);

    auto engine_finding = [&](Severity severity, std::string rule_id, std::string sv, std::string en) {
        Finding f;
        f.rule_id = std::move(rule_id);
        f.severity = severity;
        f.message = Message{std::move(sv), std::move(en)};
        out.push_back(std::move(f));
    };

    if (!submission.document) {
        engine_finding(Severity::Error, kRuleErrorId, "Inget dokument att kontrollera", "No document to check");
        return out;
    }

    h.generation = (h.generation + 1) & ((1u << 30) - 1);
    if (h.generation == 0) h.generation = 1;
    h.documents[kSubmission] = submission.document;
    h.documents[kPolicy] = policy.document;
    h.money[kSubmission] = submission.money;
    h.money[kPolicy] = policy.money;

    int refs[2] = {LUA_REFNIL, LUA_REFNIL};
    const DocumentInput inputs[2] = {submission, policy};
    for (std::uint32_t d = 0; d < 2; ++d) {
        if (!inputs[d].document) continue;
        lua_pushcfunction(L, l_convert);
        lua_pushinteger(L, d);
        const Impl::CallResult r = h.call(1, 1);
        if (r.status != LUA_OK) {
            const char* which_sv = d == kSubmission ? "inlämningen" : "policyn";
            const char* which_en = d == kSubmission ? "submission" : "policy";
            const bool memory = r.status == LUA_ERRMEM;
            engine_finding(Severity::Error, kRuleErrorId,
                           std::string("Reglerna kördes inte: ") + which_sv + " kunde inte göras om till Lua-värden (" +
                               (memory ? "minnesgränsen " + mib(h.limits.memory_bytes, true) + " nåddes" : r.message_sv) + ")",
                           std::string("The rules did not run: the ") + which_en +
                               " could not be converted to Lua values (" +
                               (memory ? "the memory limit of " + mib(h.limits.memory_bytes, false) + " was reached" : r.message) +
                               ")");
            for (int ref : refs) luaL_unref(L, LUA_REGISTRYINDEX, ref);
            h.documents[0] = h.documents[1] = nullptr;
            lua_settop(L, 0);
            lua_gc(L, LUA_GCCOLLECT);
            return out;
        }
        refs[d] = luaL_ref(L, LUA_REGISTRYINDEX);
    }

    for (const RuleRecord& rule : h.rules) {
        const RuleInfo& info = rule.info;
        if (std::find(options.skip_rules.begin(), options.skip_rules.end(), info.id) != options.skip_rules.end())
            continue;
        if (!options.funding.empty() && !info.applies_to.empty() &&
            std::find(info.applies_to.begin(), info.applies_to.end(), options.funding) == info.applies_to.end())
            continue;

        h.pending.clear();
        h.reported = 0;
        h.in_rule = true;
        lua_rawgeti(L, LUA_REGISTRYINDEX, rule.check_ref);
        lua_rawgeti(L, LUA_REGISTRYINDEX, refs[kSubmission]);
        lua_rawgeti(L, LUA_REGISTRYINDEX, refs[kPolicy]);
        lua_rawgeti(L, LUA_REGISTRYINDEX, h.report_ref);
        const Impl::CallResult r = h.call(3, 0);
        h.in_rule = false;
        lua_settop(L, 0);

        if (r.status != LUA_OK) {
            std::string reason_sv, reason_en;
            if (r.instructions) {
                reason_sv = "instruktionsbudgeten (" + grouped(h.limits.instructions, ' ') +
                            ") tog slut (en oändlig loop?)";
                reason_en = "the instruction budget (" + grouped(h.limits.instructions, ',') +
                            ") ran out (an endless loop?)";
            } else if (r.status == LUA_ERRMEM && r.allocation && !r.memory) {
                reason_sv = "regeln allokerade mer än " + mib(h.limits.allocation_bytes, true) +
                            " minne totalt (t.ex. en sträng som byggs upp bit för bit)";
                reason_en = "the rule allocated more than " + mib(h.limits.allocation_bytes, false) +
                            " in total (e.g. a string built up piece by piece)";
            } else if (r.status == LUA_ERRMEM) {
                reason_sv = "minnesgränsen (" + mib(h.limits.memory_bytes, true) + ") nåddes";
                reason_en = "the memory limit (" + mib(h.limits.memory_bytes, false) + ") was reached";
            } else if (r.message.find("stack overflow") != std::string::npos) {
                reason_sv = "för djup rekursion (stack overflow): " + r.message;
                reason_en = "recursion too deep (stack overflow): " + r.message;
            } else {
                const Message hint = runtime_hint(r.message);
                reason_sv = "fel i regeln: " + r.message_sv + hint.sv;
                reason_en = "error in the rule: " + r.message + hint.en;
            }
            const std::string where =
                (r.file.empty() ? info.file : r.file) + (r.line > 0 ? ":" + std::to_string(r.line) : "");
            engine_finding(Severity::Error, kRuleErrorId,
                           "Regeln " + info.id + " (" + where + ") avbröts: " + reason_sv,
                           "Rule " + info.id + " (" + where + ") was stopped: " + reason_en);
            h.pending.clear();
            continue;
        }

        const json::Document& doc = *submission.document;
        for (PendingFinding& p : h.pending) {
            Finding f;
            f.rule_id = info.id;
            f.severity = p.severity.value_or(info.severity);
            json::Value v;
            if (p.node >= 0) {
                v = doc.value(static_cast<std::uint32_t>(p.node));
                f.location.pointer = v.pointer();
            } else {
                f.location.pointer = std::move(p.pointer);
                v = doc.resolve(f.location.pointer);
                std::string_view ancestor = f.location.pointer;
                while (!v.valid() && !ancestor.empty()) {
                    const std::size_t slash = ancestor.rfind('/');
                    ancestor = ancestor.substr(0, slash == std::string_view::npos ? 0 : slash);
                    v = doc.resolve(ancestor);
                }
            }
            if (v.valid()) {
                const json::Position pos = v.position();
                f.location.line = pos.line;
                f.location.column = pos.column;
            }
            f.message = std::move(p.message);
            f.year = p.year;
            f.expected = std::move(p.expected);
            f.actual = std::move(p.actual);
            out.push_back(std::move(f));
        }
        if (h.reported > h.pending.size()) {
            const std::uint64_t dropped = h.reported - h.pending.size();
            const std::size_t kept = h.pending.size();
            engine_finding(Severity::Notice, kFindingsCappedId,
                           "Regeln " + info.id + " rapporterade " + grouped(h.reported, ' ') + " fynd; " +
                               (kept == 1 ? "det första" : "de första " + grouped(kept, ' ')) + " visas och " +
                               grouped(dropped, ' ') + " utelämnades",
                           "Rule " + info.id + " reported " + grouped(h.reported, ',') +
                               (h.reported == 1 ? " finding" : " findings") + "; the first " +
                               (kept == 1 ? "is" : grouped(kept, ',') + " are") + " shown and " +
                               grouped(dropped, ',') + (dropped == 1 ? " was" : " were") + " left out");
        }
        h.pending.clear();
    }

    for (int ref : refs) luaL_unref(L, LUA_REGISTRYINDEX, ref);
    h.documents[0] = h.documents[1] = nullptr;
    lua_settop(L, 0);
    h.flush_coverage();
    return out;
}

}  // namespace budgetcheck::lua
