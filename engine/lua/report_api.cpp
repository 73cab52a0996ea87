#include "lua/report_api.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "lua/charges.hpp"
#include "lua/documents.hpp"
#include "lua/messages.hpp"
#include "lua/state.hpp"
#include "money.hpp"
#include "rules/limits.hpp"

namespace budgetcheck::lua {

using rules::finding_text;

namespace {

bool valid_pointer(std::string_view p) {
    if (p.empty()) return true;
    if (p[0] != '/') return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] == '~' && (i + 1 >= p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
    return true;
}

// The value a JSON Pointer names, or its nearest existing ancestor, in one
// pass over the pointer (a finding's position). `work` counts the members
// and characters looked at, for the rule's budget.
json::Value deepest_existing(const json::Document& doc, std::string_view pointer, std::uint64_t& work) {
    json::Value current = doc.root();
    work += pointer.size() / kBytesPerInstruction;
    std::string token;
    std::size_t start = 1;
    while (!pointer.empty() && start <= pointer.size()) {
        std::size_t end = pointer.find('/', start);
        if (end == std::string_view::npos) end = pointer.size();
        const std::string_view raw = pointer.substr(start, end - start);
        start = end + 1;
        token.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size()) {
                token += raw[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                token += raw[i];
            }
        }
        json::Value next;
        if (current.is_object()) {
            work += current.size();
            next = current.find(token);
        } else if (current.is_array()) {
            const auto index = json::pointer_index(token);
            if (index && *index < current.size()) next = current.at(*index);
        }
        if (!next.valid()) break;
        current = next;
    }
    return current;
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

constexpr std::array<std::string_view, 9> kReportFields = {"at", "key", "year", "sv", "en", "expected", "actual",
                                                           "difference", "severity"};

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

}  // namespace

bool kronor_field(lua_State* L, const char* fn, const char* field, bool required, std::int64_t& out) {
    const int t = lua_getfield(L, 1, field);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        if (required)
            raise(L,
                  lua_pushfstring(L, "%s: fältet '%s' saknas; ange beloppet i hela kronor (ett heltal)", fn, field),
                  lua_pushfstring(L, "%s: field '%s' is missing; give the amount in whole kronor (an integer)", fn,
                                  field));
        return false;
    }
    const lua_Integer v = lua_tointeger(L, -1);
    const bool integer = t == LUA_TNUMBER && lua_isinteger(L, -1);
    const auto limit = static_cast<lua_Integer>(kExactMoneyLimit);
    if (!integer || v > limit || v < -limit)
        raise(L,
              lua_pushfstring(L, "%s: fältet '%s' måste vara ett exakt belopp i kronor (ett heltal inom ±2^53, som "
                                 "budget.value ger), inte %s",
                              fn, field, t == LUA_TNUMBER ? "det här talet" : type_sv(L, t)),
              lua_pushfstring(L, "%s: field '%s' must be an exact amount of kronor (an integer within ±2^53, as "
                                 "budget.value gives), not %s",
                              fn, field, t == LUA_TNUMBER ? "this number" : lua_typename(L, t)));
    out = static_cast<std::int64_t>(v);
    lua_pop(L, 1);
    return true;
}

int l_pointer(lua_State* L) {
    HostState* h = state_of(L);
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

int l_report(lua_State* L) {
    HostState* h = state_of(L);
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
                            "difference, severity)",
                         "report: the table may only have named fields (at, key, year, sv, en, expected, "
                         "actual, difference, severity)");
        std::size_t len = 0;
        const char* k = lua_tolstring(L, -1, &len);
        const std::string_view key(k, len);
        if (std::find(kReportFields.begin(), kReportFields.end(), key) == kReportFields.end())
            return raise(L,
                         lua_pushfstring(L, "report: okänt fält '%s'; fälten är at, key, year, sv, en, expected, actual, "
                                            "difference och severity",
                                         k),
                         lua_pushfstring(L, "report: unknown field '%s'; the fields are at, key, year, sv, en, expected, "
                                            "actual, difference and severity",
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
    // actual − expected in exact kronor, when the rule compared two amounts:
    // what the HTML's "Att åtgärda" ranks by (never parsed from the texts).
    std::int64_t difference = 0;
    const bool has_difference = kronor_field(L, "report", "difference", false, difference);

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

    // The pointer as it will be kept (a node alone keeps its id instead).
    bool failed = false;
    try {
        h->scratch.clear();
        if (!node.is_node) h->scratch.assign(at_pointer);
        else if (key.present) h->scratch = at_value.pointer();
        if (!node.is_node || key.present) append_key(h->scratch, key);
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "report: minnet räckte inte", "report: out of memory");
    const std::size_t pointer_bytes = h->scratch.size();
    if (pointer_bytes > rules::kMaxPointerBytes)
        return raise(L,
                     lua_pushfstring(L, "report: pekaren är %I byte lång, mer än gränsen på %I byte",
                                     static_cast<lua_Integer>(pointer_bytes),
                                     static_cast<lua_Integer>(rules::kMaxPointerBytes)),
                     lua_pushfstring(L, "report: the pointer is %I bytes long, more than the limit of %I bytes",
                                     static_cast<lua_Integer>(pointer_bytes),
                                     static_cast<lua_Integer>(rules::kMaxPointerBytes)));
    // What the host reads of the texts: at most the part it keeps.
    auto kept = [](std::string_view t) { return std::min(t.size(), rules::kMaxFindingTextBytes); };
    const std::size_t bytes = pointer_bytes + kept(sv) + kept(en) + kept(expected_text) + kept(actual_text);
    charge_or_raise(L, "report", 1 + bytes / kBytesPerInstruction);

    ++h->reported;
    if (h->pending.size() >= h->limits.findings_per_rule) return 0;
    if (h->pending_bytes + bytes > rules::kMaxFindingsTextBytes) {
        h->pending_bytes = rules::kMaxFindingsTextBytes + 1;  // full: no later finding is kept either
        return 0;
    }
    h->pending_bytes += bytes;

    std::uint64_t work = 0;  // members looked at while resolving the pointer
    try {
        PendingFinding f;
        if (node.is_node && !key.present) {
            f.node = node.id;
        } else {
            f.pointer = h->scratch;
            // Resolved now, within the rule's budget, not after it returned.
            const json::Value v = deepest_existing(*h->documents[kSubmission], f.pointer, work);
            if (v.valid()) f.located = v.id();
        }
        f.severity = severity;
        f.message.sv = finding_text(sv);
        f.message.en = finding_text(en);
        f.year = year;
        if (has_expected) f.expected.emplace(finding_text(expected_text));
        if (has_actual) f.actual.emplace(finding_text(actual_text));
        if (has_difference) f.difference = difference;
        h->pending.push_back(std::move(f));
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "report: minnet räckte inte", "report: out of memory");
    charge_or_raise(L, "report", work);
    return 0;
}

}  // namespace budgetcheck::lua
