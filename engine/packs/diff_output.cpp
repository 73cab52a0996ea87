// The renderings of a pack diff (diff.hpp): text for people, Swedish or
// English, and JSON for tools with exact integer kronor.
#include <fmt/format.h>

#include "json/document.hpp"
#include "packs/diff.hpp"
#include "text/utf8.hpp"

namespace budgetcheck::packs {

namespace {

struct Words {
    const char* title;
    const char* decision;
    const char* unchanged;
    const char* frames;
    const char* operating;
    const char* investment;
    const char* absent;
    const char* none;
};
constexpr Words kSv{"Policypaket", "Beslutet", "oförändrade", "Ramar i {}; år: förra → nya (skillnad)", "driftram",
                    "investeringsram", "saknas", "inga ändringar"};
constexpr Words kEn{"Policy packs", "The decision", "unchanged", "Frames in {}; year: previous → new (difference)",
                    "operating frame", "investment frame", "absent", "no changes"};

const char* section_title(const std::string& key, bool en) {
    struct Name { const char *key, *sv, *en; };
    static constexpr Name names[] = {
        {"goal_areas", "Målområden", "Goal areas"},
        {"kf_goals", "KF-mål", "KF goals"},
        {"mandatory_indicators", "Obligatoriska indikatorer", "Mandatory indicators"},
        {"strategic_assignments", "Strategiska uppdrag", "Strategic assignments"},
        {"organisations", "Organisationer", "Organisations"},
        {"equity", "Eget kapital", "Equity"},
        {"severity_overrides", "Ändrade allvarlighetsgrader", "Changed severities"},
        {"disabled_rules", "Avstängda regler", "Disabled rules"},
        {"rule_parameters", "Regelparametrar", "Rule parameters"}};
    for (const auto& n : names)
        if (key == n.key) return en ? n.en : n.sv;
    return key.c_str();
}

// A value as text shows it: compact JSON, long ones cut at 120 characters.
std::string shown(const std::string& value, const Words& w) {
    if (value.empty()) return fmt::format("({})", w.absent);
    const std::string_view cut = utf8::truncate_code_points(value, 120);
    return cut.size() < value.size() ? std::string(cut) + "…" : value;
}

// "aliases: + "x", − "y"" for lists, else "name: "a" → "b"".
std::string field_line(const FieldChange& f, const Words& w) {
    if (!f.list) return fmt::format("{}: {} → {}", f.field, shown(f.from, w), shown(f.to, w));
    std::string out = f.field + ":";
    for (const auto& x : f.added) out += " + " + shown(x, w) + ";";
    for (const auto& x : f.removed) out += " − " + shown(x, w) + ";";
    if (f.added.empty() && f.removed.empty()) out += fmt::format(" {} → {};", shown(f.from, w), shown(f.to, w));
    out.pop_back();
    return out;
}

std::string period(const PackSummary& s) { return fmt::format("{}–{}", s.first_year, s.last_year); }

std::string described(const PackSummary& s) {
    const std::string paragraph = s.paragraph.empty() ? "" : " " + s.paragraph;
    return fmt::format("{}: KF {}{}, {} ({})", s.id, s.date, paragraph, s.title, period(s));
}

std::string amount(std::optional<std::int64_t> kronor, const PackSummary& s) {
    return kronor ? format_amount(*kronor, s.unit, s.decimals) : "–";
}

}  // namespace

std::string diff_text(const PackDiff& d, std::string_view lang) {
    const bool en = lang == "en";
    const Words& w = en ? kEn : kSv;
    std::string out = fmt::format("{}: {} → {}\n  {}\n  {}\n", w.title, d.from.id, d.to.id, described(d.from),
                                  described(d.to));
    out += fmt::format("\n{}{}\n", w.decision, d.decision.empty() ? fmt::format(": {}", w.none) : "");
    for (const auto& f : d.decision) out += "  " + field_line(f, w) + "\n";

    for (const auto& s : d.sections) {
        out += fmt::format("\n{} ({} → {}){}\n", section_title(s.key, en), s.from_count, s.to_count,
                           s.changes.empty() ? fmt::format(": {}", w.unchanged) : "");
        for (const auto& c : s.changes) {
            const char mark = c.kind == ItemChange::Kind::Added ? '+' : c.kind == ItemChange::Kind::Removed ? '-' : '~';
            out += fmt::format("  {} {}{}\n", mark, c.id, c.name.empty() ? "" : " — " + c.name);
            for (const auto& f : c.fields)
                out += "      " + field_line(f, w) + "\n";
        }
    }

    // The newer pack's unit shows both sides, so a difference reads in one unit.
    out += "\n" + fmt::format(fmt::runtime(w.frames), unit_name(d.to.unit)) + "\n";
    std::string block;
    for (const auto& f : d.frames) {
        const std::string head = fmt::format("  {}, {}\n", f.organisation,
                                             f.frame == "operating_frame" ? w.operating : w.investment);
        if (head != block) out += block = head;
        std::string difference;
        if (f.from_kronor && f.to_kronor) {
            const std::int64_t delta = *f.to_kronor - *f.from_kronor;
            difference = fmt::format(" ({}{})", delta > 0 ? "+" : "", format_amount(delta, d.to.unit, d.to.decimals));
        }
        out += fmt::format("    {}: {} → {}{}\n", f.year, amount(f.from_kronor, d.to), amount(f.to_kronor, d.to),
                           difference);
    }
    return out;
}

std::string diff_json(const PackDiff& d) {
    auto pack = [](const PackSummary& s) {
        return fmt::format("{{\"id\": {}, \"municipality\": {}, \"kf_decision\": {{\"date\": {}, \"title\": {}, "
                           "\"paragraph\": {}}}, \"budget_year\": {}, \"last_plan_year\": {}, \"unit\": {}}}",
                           json::quote(s.id), json::quote(s.municipality), json::quote(s.date), json::quote(s.title),
                           s.paragraph.empty() ? "null" : json::quote(s.paragraph), s.first_year, s.last_year,
                           json::quote(unit_name(s.unit)));
    };
    auto field = [](const FieldChange& f) {
        std::string out = "{\"field\": " + json::quote(f.field);
        if (!f.from.empty()) out += ", \"from\": " + f.from;
        if (!f.to.empty()) out += ", \"to\": " + f.to;
        if (f.list) {
            auto items = [](const std::vector<std::string>& v) {
                std::string text = "[";
                for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + v[i];
                return text + "]";
            };
            out += ", \"added\": " + items(f.added) + ", \"removed\": " + items(f.removed);
        }
        return out + "}";
    };
    auto list = [](const std::vector<std::string>& items, const std::string& indent) {
        if (items.empty()) return std::string("[]");
        std::string out = "[\n";
        for (std::size_t i = 0; i < items.size(); ++i)
            out += indent + "  " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
        return out + indent + "]";
    };
    std::vector<std::string> decision, sections, frames;
    for (const auto& f : d.decision) decision.push_back(field(f));
    for (const auto& s : d.sections) {
        std::vector<std::string> added, removed, changed;
        for (const auto& c : s.changes) {
            std::string item = "{\"id\": " + json::quote(c.id) + ", \"name\": " + json::quote(c.name);
            if (c.kind == ItemChange::Kind::Changed) {
                std::vector<std::string> fields;
                for (const auto& f : c.fields) fields.push_back(field(f));
                item += ", \"fields\": [";
                for (std::size_t i = 0; i < fields.size(); ++i) item += (i ? ", " : "") + fields[i];
                item += "]";
            }
            item += "}";
            (c.kind == ItemChange::Kind::Added ? added : c.kind == ItemChange::Kind::Removed ? removed : changed)
                .push_back(item);
        }
        sections.push_back(fmt::format("{{\n      \"section\": {}, \"from_count\": {}, \"to_count\": {},\n      "
                                       "\"added\": {},\n      \"removed\": {},\n      \"changed\": {}\n    }}",
                                       json::quote(s.key), s.from_count, s.to_count, list(added, "      "),
                                       list(removed, "      "), list(changed, "      ")));
    }
    auto number = [](std::optional<std::int64_t> v) { return v ? std::to_string(*v) : std::string("null"); };
    for (const auto& f : d.frames) {
        const std::optional<std::int64_t> delta =
            f.from_kronor && f.to_kronor ? std::optional(*f.to_kronor - *f.from_kronor) : std::nullopt;
        frames.push_back(fmt::format("{{\"organisation\": {}, \"frame\": {}, \"year\": {}, \"from_kronor\": {}, "
                                     "\"to_kronor\": {}, \"difference_kronor\": {}}}",
                                     json::quote(f.organisation), json::quote(f.frame), f.year, number(f.from_kronor),
                                     number(f.to_kronor), number(delta)));
    }
    return fmt::format("{{\n  \"from\": {},\n  \"to\": {},\n  \"decision\": {},\n  \"sections\": {},\n  \"frames\": {}\n}}\n",
                       pack(d.from), pack(d.to), list(decision, "  "), list(sections, "  "), list(frames, "  "));
}

}  // namespace budgetcheck::packs
