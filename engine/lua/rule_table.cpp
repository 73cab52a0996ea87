// Reading a rule file's table against the one field table
// (rules/rule_info.hpp): unknown fields with a suggestion, then each field.
// A problem is reported at the line that assigns the field (else at the
// `return`), and every problem of a file is collected.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "lua/loader.hpp"
#include "lua/messages.hpp"
#include "lua/parameters.hpp"
#include "rules/diagnostics.hpp"
#include "rules/parameters.hpp"
#include "rules/rule_info.hpp"
#include "text/terminal.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::lua {

using namespace budgetcheck::rules;

namespace {

class RuleTableReader {
public:
    RuleTableReader(Loader& loader, lua_State* L, const SourceText& file, int table, RuleRecord& rec)
        : loader_(loader), L(L), file_(file), t(table), rec(rec) {}

    // A rule table with 100 000 unknown keys made 100 000 errors, each
    // searching the file for its line (3.7 s and 200 MB at load, 28 MB of
    // output): the first kMaxFieldErrors are shown, the rest counted.
    static constexpr std::size_t kMaxFieldErrors = 20;
    bool full() const { return shown_ >= kMaxFieldErrors; }

    void field_error(std::string_view field, std::string code, Message message) {
        if (full()) {
            ++left_out_;
            return;
        }
        ++shown_;
        std::uint32_t line = line_assigning(file_.text, field);
        if (line == 0) {
            line = line_of_return(file_.text);
            field = "return";
        }
        loader_.error_at(file_, line, std::move(code), std::move(message), field);
    }

    // A rule's texts reach terminals, CI logs and every report as written
    // (`budgetcheck rules`, `explain`, HTML, SARIF): an escape sequence,
    // another control character (line breaks and tabs aside), a bidi control
    // or bytes that are not UTF-8 are refused where they are read. (Findings'
    // texts are made safe when shown instead: a submission's names flow
    // into them.) True when `s` is safe; else reports it at `field`.
    bool safe_text(const char* field, const std::string& shown, const std::string& s) {
        const std::string safe = text::terminal_safe(s, /*keep_line_breaks=*/true);
        std::size_t i = 0;
        while (i < s.size() && i < safe.size() && s[i] == safe[i] && s[i] != '\r') ++i;
        if (i == s.size() && safe.size() == s.size()) return true;
        const utf8::Decoded d = utf8::decode(s, i);
        char what[64];
        if (d.length == 0)
            std::snprintf(what, sizeof what, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
        else
            std::snprintf(what, sizeof what, "U+%04X", static_cast<unsigned>(d.code_point));
        const std::string at = std::to_string(i + 1);
        const bool utf8 = d.length != 0;
        field_error(field, "rule.bad-field",
                    {"regelns '" + shown + "' har " + (utf8 ? "ett styrtecken" : "en byte som inte är UTF-8") + " (" +
                         what + ") vid byte " + at +
                         "; rapporter och terminaler visar texten som den står, så skriv den som UTF-8 utan styrtecken",
                     "the rule's '" + shown + "' has " + (utf8 ? "a control character" : "a byte that is not UTF-8") +
                         " (" + what + ") at byte " + at +
                         "; reports and terminals show the text as written, so write it as UTF-8 without control characters"});
        return false;
    }

    // The errors left out past kMaxFieldErrors, as one error.
    void left_out() {
        if (left_out_ == 0) return;
        const std::string n = std::to_string(left_out_);
        shown_ = 0;
        field_error("return", "rule.bad-field",
                    {"ytterligare " + n + " fel i regeltabellen visas inte (de första " +
                         std::to_string(kMaxFieldErrors) + " visas)",
                     n + (left_out_ == 1 ? " more problem" : " more problems") + " in the rule table " +
                         (left_out_ == 1 ? "is" : "are") + " not shown (the first " +
                         std::to_string(kMaxFieldErrors) + " are)"});
    }

    // Fields that are not in the field table (likely typos).
    void unknown_fields() {
        bool unnamed = false;  // said once: a list part has no field names to show
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING) {
                if (!unnamed)
                    field_error("return", "rule.unknown-field",
                                {"regeltabellen får bara ha namngivna fält (id = ..., title = ..., ...)",
                                 "the rule table may only have named fields (id = ..., title = ..., ...)"});
                unnamed = true;
                continue;
            }
            if (full()) {  // no suggestion to compute for an error not shown
                if (!is_rule_field(to_string_at(L, -1))) ++left_out_;
                continue;
            }
            const std::string key = to_string_at(L, -1);
            if (is_rule_field(key)) continue;
            const std::string suggestion = closest_rule_field(key);
            field_error(key, "rule.unknown-field",
                        {"okänt fält '" + key + "' i regeln" +
                             (suggestion.empty() ? "" : "; menade du '" + suggestion + "'?") + " Fälten är " +
                             rule_field_list("och"),
                         "unknown field '" + key + "' in the rule" +
                             (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?") + " The fields are " +
                             rule_field_list("and")});
        }
    }

    void id() {
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
            if (auto problem = rule_id_problem(rec.info.id)) field_error("id", "rule.bad-field", std::move(*problem));
        }
        lua_pop(L, 1);
    }

    // title, explain: { sv = ..., en = ... }
    void message_field(const char* name, bool required, Message& out) {
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
                else if (std::string text = to_string_at(L, -1); safe_text(name, std::string(name) + "." + lang, text))
                    (std::strcmp(lang, "sv") == 0 ? out.sv : out.en) = std::move(text);
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
    }

    void severity() {
        const int type = raw_field(L, t, "severity");
        const std::string s = type == LUA_TSTRING ? to_string_at(L, -1) : "";
        if (type == LUA_TNIL)
            field_error("severity", "rule.missing-field",
                        {"regeln saknar 'severity'; lägg till severity = \"error\" (eller \"warning\", \"notice\")",
                         "the rule has no 'severity'; add severity = \"error\" (or \"warning\", \"notice\")"});
        else if (const std::optional<Severity> severity = parse_severity(s))
            rec.info.severity = *severity;
        else
            field_error("severity", "rule.bad-field",
                        {"regelns 'severity' ska vara \"error\", \"warning\" eller \"notice\"",
                         "the rule's 'severity' must be \"error\", \"warning\" or \"notice\""});
        lua_pop(L, 1);
    }

    void source() {
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
                else if (std::string text = to_string_at(L, -1); safe_text("source", "source." + k, text))
                    *target = std::move(text);
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

    void applies_to() {
        const int type = raw_field(L, t, "applies_to");
        if (type == LUA_TTABLE) {
            const auto n = static_cast<lua_Integer>(lua_rawlen(L, -1));
            for (lua_Integer i = 1; i <= n; ++i) {
                const std::string v = lua_rawgeti(L, -1, i) == LUA_TSTRING ? to_string_at(L, -1) : "";
                if (std::find(kFundingKinds.begin(), kFundingKinds.end(), v) == kFundingKinds.end())
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

    // parameters = { JSON Schema of an object } (rules/parameters.hpp).
    void parameters() {
        const int type = raw_field(L, t, "parameters");
        if (type == LUA_TTABLE) {
            std::string json;
            Message error;
            if (!parameters_to_json(L, lua_gettop(L), json, error)) {
                field_error("parameters", "rule.parameters", std::move(error));
            } else {
                for (Message& problem : parameter_schema_problems(json, rec.info.parameters))
                    field_error("parameters", "rule.parameters", std::move(problem));
                rec.info.parameters_schema = std::move(json);
            }
        } else if (type != LUA_TNIL) {
            field_error("parameters", "rule.bad-field",
                        {std::string("regelns 'parameters' ska vara ett JSON Schema som tabell: { type = \"object\", "
                                     "properties = { ... } }, inte ") + type_for_humans(L, -1, true),
                         std::string("the rule's 'parameters' must be a JSON Schema as a table: { type = \"object\", "
                                     "properties = { ... } }, not ") + type_for_humans(L, -1)});
        }
        lua_pop(L, 1);
    }

    void check() {
        const int type = raw_field(L, t, "check");
        if (type == LUA_TFUNCTION) {
            lua_pop(L, 1);  // each run takes check from a fresh run of the chunk
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

private:
    Loader& loader_;
    lua_State* L;
    const SourceText& file_;
    const int t;  // stack index of the rule table
    RuleRecord& rec;
    std::size_t shown_ = 0, left_out_ = 0;
};

}  // namespace

void Loader::load_rule(const SourceText& file) {
    if (!run_file(file, "rule")) return;
    const int t = lua_gettop(L);
    const std::size_t errors_before = errors_.size();
    RuleRecord rec;
    rec.info.file = file.name;
    RuleTableReader read(*this, L, file, t, rec);
    read.unknown_fields();
    read.id();
    read.message_field("title", true, rec.info.title);
    read.message_field("explain", false, rec.info.explain);
    read.severity();
    read.source();
    read.applies_to();
    read.parameters();
    read.check();
    read.left_out();
    lua_settop(L, t - 1);

    if (!rec.info.id.empty() && errors_.size() == errors_before) {
        const auto [it, inserted] = ids_.emplace(rec.info.id, file.name);
        if (!inserted) {
            read.field_error("id", "rule.duplicate-id",
                             {"regel-id:t '" + rec.info.id + "' används redan av " + it->second +
                                  "; ge varje regel ett eget id",
                              "the rule id '" + rec.info.id + "' is already used by " + it->second +
                                  "; give each rule its own id"});
            luaL_unref(L, LUA_REGISTRYINDEX, take_chunk());
            return;
        }
    }
    if (errors_.size() == errors_before) {
        rec.chunk_ref = take_chunk();
        h_.infos.push_back(rec.info);
        h_.rules.push_back(std::move(rec));
    } else {
        luaL_unref(L, LUA_REGISTRYINDEX, take_chunk());
    }
}

}  // namespace budgetcheck::lua
