// The `report` object every check gets: report{...} makes a finding
// (report_api.cpp), report.figure{...} publishes a key figure the rule
// computed (KeyFigure, docs/rule-api.md). A full userdata, so a rule can
// neither replace report.figure nor reach its metatable.
#include <lua.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "lua/charges.hpp"
#include "lua/documents.hpp"
#include "lua/messages.hpp"
#include "lua/report_api.hpp"
#include "lua/state.hpp"

namespace budgetcheck::lua {

namespace {

// Figures one rule may publish on one file: a frame rule publishes one per
// id and year; more is a runaway loop, not a report.
constexpr std::size_t kFiguresPerRule = 1000;
constexpr std::size_t kMaxFigureIdBytes = 64;

constexpr std::array<std::string_view, 4> kFigureFields = {"id", "year", "amount", "limit"};

// Lower-case words of a-z and 0-9 joined by '.' or '-', like rule ids.
bool valid_figure_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxFigureIdBytes) return false;
    char previous = '.';
    for (const char c : id) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!word && c != '.' && c != '-') return false;
        if (!word && (previous == '.' || previous == '-')) return false;
        previous = c;
    }
    return previous != '.' && previous != '-';
}

int l_report_call(lua_State* L) {
    lua_remove(L, 1);  // the report object itself
    return l_report(L);
}

int l_report_index(lua_State* L) {
    const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : nullptr;
    if (key && std::string_view(key) == "figure") {
        lua_pushcfunction(L, l_figure);
        return 1;
    }
    return raise(L, "report har bara report{...} (ett fynd) och report.figure{...} (ett nyckeltal)",
                 "report has only report{...} (a finding) and report.figure{...} (a key figure)");
}

int l_report_newindex(lua_State* L) {
    return raise(L, "report är skrivskyddat", "report is read-only");
}

}  // namespace

int l_figure(lua_State* L) {
    HostState* h = state_of(L);
    if (!h->in_rule)
        return raise(L, "report.figure: kan bara anropas medan en regels check-funktion körs",
                     "report.figure: can only be called while a rule's check function runs");
    if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1 || node_of(L, 1).is_node)
        return raise(L,
                     "report.figure: väntar sig en ny tabell, t.ex. report.figure{ id = \"investment.frame\", "
                     "year = 2024, amount = net, limit = frame }",
                     "report.figure: expects one new table, e.g. report.figure{ id = \"investment.frame\", "
                     "year = 2024, amount = net, limit = frame }");
    // Every field must be known (a misspelt 'limit' would be silently lost).
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        std::size_t len = 0;
        const char* k = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : nullptr;
        if (!k || std::find(kFigureFields.begin(), kFigureFields.end(), std::string_view(k, len)) == kFigureFields.end())
            return raise(L,
                         lua_pushfstring(L, "report.figure: okänt fält '%s'; fälten är id, year, amount och limit",
                                         k ? k : "?"),
                         lua_pushfstring(L, "report.figure: unknown field '%s'; the fields are id, year, amount and "
                                            "limit",
                                         k ? k : "?"));
    }
    std::size_t id_len = 0;
    const char* id = lua_getfield(L, 1, "id") == LUA_TSTRING ? lua_tolstring(L, -1, &id_len) : nullptr;
    if (!id || !valid_figure_id(std::string_view(id, id_len)))
        return raise(L,
                     "report.figure: fältet 'id' måste vara ett namn i gemener med punkt eller bindestreck mellan "
                     "orden (högst 64 tecken), t.ex. \"investment.frame\"",
                     "report.figure: field 'id' must be a lower-case name with dots or hyphens between its words "
                     "(at most 64 characters), e.g. \"investment.frame\"");
    const int year_type = lua_getfield(L, 1, "year");
    int isnum = 0;
    const lua_Integer year = lua_tointegerx(L, -1, &isnum);
    if (year_type != LUA_TNUMBER || !isnum || year < 0 || year > 9999)
        return raise(L, "report.figure: fältet 'year' måste vara ett heltal som 2024",
                     "report.figure: field 'year' must be a whole number such as 2024");
    lua_pop(L, 1);
    std::int64_t amount = 0, limit = 0;
    kronor_field(L, "report.figure", "amount", true, amount);
    const bool has_limit = kronor_field(L, "report.figure", "limit", false, limit);
    const std::string_view id_view(id, id_len);  // the table keeps the string
    // The duplicate check below reads every figure of the run so far: charged before it runs.
    const std::size_t published = h->pending_figures.size() + h->figures.size();
    charge_or_raise(L, "report.figure", 1 + (id_len + 2 * published) / kBytesPerInstruction);
    for (const auto* list : {&h->pending_figures, &h->figures})
        for (const KeyFigure& f : *list)
            if (f.id == id_view && f.year == year)
                return raise(L,
                             lua_pushfstring(L, "report.figure: nyckeltalet '%s' för %d är redan publicerat; ett "
                                                "nyckeltal per id och år",
                                             id, static_cast<int>(year)),
                             lua_pushfstring(L, "report.figure: the key figure '%s' for %d is published already; one "
                                                "per id and year",
                                             id, static_cast<int>(year)));
    if (h->pending_figures.size() >= kFiguresPerRule)
        return raise(L, "report.figure: fler än 1000 nyckeltal från en regel", "report.figure: more than 1000 key "
                                                                              "figures from one rule");
    bool failed = false;
    try {
        KeyFigure f;
        f.id.assign(id_view);
        f.year = static_cast<int>(year);
        f.amount = amount;
        if (has_limit) f.limit = limit;
        h->pending_figures.push_back(std::move(f));
    } catch (...) {
        failed = true;
    }
    if (failed) return raise(L, "report.figure: minnet räckte inte", "report.figure: out of memory");
    return 0;
}

void push_report_object(lua_State* L) {
    lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 5);
    lua_pushcfunction(L, l_report_call);
    lua_setfield(L, -2, "__call");
    lua_pushcfunction(L, l_report_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_report_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "report");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

}  // namespace budgetcheck::lua
