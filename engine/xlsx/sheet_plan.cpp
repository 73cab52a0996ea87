#include "xlsx/sheet_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace budgetcheck::xlsx {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "*" stands for a year: any year finds the series' value schema.
std::vector<std::string> lookup_tokens(std::vector<std::string> tokens) {
    for (auto& t : tokens)
        if (t == "*") t = "2000";
    return tokens;
}

std::string label_of(const SchemaFields& fields, const std::vector<std::string>& tokens) {
    std::string out;
    const auto lookup = lookup_tokens(tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i] == "*") continue;
        if (all_digits(tokens[i]) && tokens[i].size() <= 9 && i > 0) {
            out += " " + std::to_string(std::stoul(tokens[i]) + 1);
            continue;
        }
        std::string title = fields.title(std::vector<std::string>(lookup.begin(), lookup.begin() + static_cast<long>(i) + 1));
        if (title.empty()) title = tokens[i];
        out += (out.empty() ? "" : " › ") + title;
    }
    return out;
}

std::vector<std::string> enum_choices(const SchemaFields& fields, const std::vector<std::string>& tokens) {
    std::vector<std::string> out;
    for (const json::Value& n : fields.nodes(lookup_tokens(tokens)))
        if (const auto e = n.find("enum"); e.valid() && e.is_array()) {
            for (std::size_t i = 0; i < e.size(); ++i)
                if (e.at(i).is_string()) out.emplace_back(e.at(i).as_string());
            break;
        }
    return out;
}

class Builder {
public:
    explicit Builder(const json::Document& schema) : fields_(schema) {
        for (const auto& s : data_sheets()) plan.sheets[std::string(s.name)];
    }

    // The row of `pattern` on its sheet, made on first use.
    Row& row(const std::vector<std::string>& pattern) {
        const std::string path = join_path(pattern);
        SheetRows& sheet = plan.sheets[std::string(sheet_for(pattern.front()).name)];
        auto& index = index_[path];
        if (index == 0) {
            Row r;
            r.path = path;
            r.label = label_of(fields_, pattern);
            r.series = std::find(pattern.begin(), pattern.end(), "*") != pattern.end();
            r.kind = fields_.kind(lookup_tokens(pattern));
            r.choices = enum_choices(fields_, pattern);
            r.kf_goal = pattern.size() == 4 && pattern[0] == "goals" && pattern[2] == "kf_goals";
            sheet.rows.push_back(std::move(r));
            index = sheet.rows.size();
        }
        return sheet.rows[index - 1];
    }

    void add_years(const std::set<std::string>& years) {
        for (auto& [name, sheet] : plan.sheets) sheet.years.insert(years.begin(), years.end());
    }

    Plan plan;
    SchemaFields fields_;

private:
    std::map<std::string, std::size_t> index_;  // path -> 1 + position on its sheet
};

// ---- export ----------------------------------------------------------------

std::optional<WriteError> flatten(Builder& b, json::Value v, std::vector<std::string>& tokens, long year_at) {
    const auto leaf = [&](CellValue value) -> std::optional<WriteError> {
        std::vector<std::string> pattern = tokens;
        std::string year;
        if (year_at >= 0) {
            year = pattern[static_cast<std::size_t>(year_at)];
            pattern[static_cast<std::size_t>(year_at)] = "*";
        }
        Row& r = b.row(pattern);
        if (year_at >= 0) {
            r.by_year[year] = std::move(value);
            b.plan.sheets[std::string(sheet_for(pattern.front()).name)].years.insert(year);
        } else {
            r.value = std::move(value);
        }
        return std::nullopt;
    };
    if (tokens.size() > 30)
        return WriteError{"xlsx.too-deep", {"inlämningen är för djupt nästlad för en arbetsbok", "the submission is nested too deeply for a workbook"}};
    switch (v.kind()) {
        case json::Kind::Null:
            return WriteError{"xlsx.null", {fmt::format("{} är null, som en arbetsbok inte kan visa", v.pointer()),
                                            fmt::format("{} is null, which a workbook cannot show", v.pointer())}};
        case json::Kind::Bool: return leaf({CellValue::Kind::Bool, v.as_bool() ? "true" : "false"});
        case json::Kind::Number: return leaf({CellValue::Kind::Number, std::string(v.number_text())});
        case json::Kind::String: return leaf({CellValue::Kind::String, std::string(v.as_string())});
        case json::Kind::Array:
        case json::Kind::Object:
            // An empty container is written as its JSON ("[]", "{}") so it comes back.
            if (v.size() == 0) return leaf({CellValue::Kind::String, v.is_array() ? "[]" : "{}"});
            for (std::size_t i = 0; i < v.size(); ++i) {
                const bool is_year = v.is_object() && year_at < 0 && tokens.size() > 0 && v.key_at(i).size() == 4 && all_digits(v.key_at(i));
                tokens.push_back(v.is_array() ? std::to_string(i) : std::string(v.key_at(i)));
                auto e = flatten(b, v.at(i), tokens, is_year ? static_cast<long>(tokens.size() - 1) : year_at);
                tokens.pop_back();
                if (e) return e;
            }
            return std::nullopt;
    }
    return std::nullopt;
}

std::set<std::string> decision_years(json::Value root) {
    std::set<std::string> years;
    if (const auto b = root.find("budget_year"); b.valid() && b.is_number()) years.emplace(b.number_text());
    if (const auto p = root.find("plan_years"); p.valid() && p.is_array())
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p.at(i).is_number()) years.emplace(p.at(i).number_text());
    return years;
}

// ---- template --------------------------------------------------------------

std::size_t slots_for(const std::vector<std::string>& tokens, bool nested, std::size_t indicators, std::size_t assignments) {
    const std::string& last = tokens.back();
    if (tokens.size() == 1 && last == "indicators") return indicators + 3;
    if (tokens.size() == 1 && last == "assignments") return assignments + 3;
    if (nested) return 3;
    if (last == "rows" || last == "measures" || last == "areas") return 8;
    return 3;
}

class TemplateWalker {
public:
    TemplateWalker(Builder& b, std::map<std::string, CellValue> prefill, std::size_t indicators, std::size_t assignments)
        : b_(b), prefill_(std::move(prefill)), indicators_(indicators), assignments_(assignments) {}

    void walk(std::vector<std::string>& tokens, bool nested) {
        const auto nodes = b_.fields_.nodes(lookup_tokens(tokens));
        if (nodes.empty() || tokens.size() > 12) return;
        std::vector<std::string> names;
        bool series = false, array = false;
        for (const json::Value& n : nodes) {
            if (const auto props = n.find("properties"); props.valid() && props.is_object())
                for (std::size_t i = 0; i < props.size(); ++i)
                    if (std::find(names.begin(), names.end(), props.key_at(i)) == names.end()) names.emplace_back(props.key_at(i));
            if (n.find("propertyNames").valid()) series = true;
            if (const auto t = n.find("type"); t.valid() && t.is_string() && t.as_string() == "array") array = true;
        }
        if (series) {
            tokens.push_back("*");
            if (b_.fields_.kind(lookup_tokens(tokens)) == FieldKind::Unknown) tokens.push_back("number");
            add(tokens);
            if (tokens.back() == "number") tokens.pop_back();
            tokens.pop_back();
        } else if (!names.empty()) {
            for (const auto& name : names) {
                if (name == "earlier" || name == "$schema" || name == "earlier_years" || (nested && name == "note")) continue;
                tokens.push_back(name);
                walk(tokens, nested);
                tokens.pop_back();
            }
        } else if (array) {
            const std::size_t n = tokens.size() == 1 && tokens[0] == "plan_years" ? plan_years_ : slots_for(tokens, nested, indicators_, assignments_);
            for (std::size_t i = 0; i < n; ++i) {
                tokens.push_back(std::to_string(i));
                walk(tokens, true);
                tokens.pop_back();
            }
        } else {
            add(tokens);
        }
    }
    std::size_t plan_years_ = 1;

private:
    void add(const std::vector<std::string>& tokens) {
        Row& r = b_.row(tokens);
        if (const auto it = prefill_.find(join_path(tokens)); it != prefill_.end()) r.value = it->second;
    }
    Builder& b_;
    std::map<std::string, CellValue> prefill_;
    std::size_t indicators_, assignments_;
};

std::string text_of(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

}  // namespace

std::variant<Plan, WriteError> export_plan(const json::Document& schema, const json::Document& submission) {
    Builder b(schema);
    const json::Value root = submission.root();
    if (!root.is_object()) return WriteError{"xlsx.not-object", {"inlämningen är inget JSON-objekt", "the submission is not a JSON object"}};
    std::vector<std::string> tokens;
    if (auto e = flatten(b, root, tokens, -1)) return *e;
    b.add_years(decision_years(root));
    b.plan.heading = "Budgetinlämning: " + text_of(root.find("organisation").find("name"));
    if (const auto u = root.find("unit"); u.valid() && u.is_string()) b.plan.unit = std::string(u.as_string());
    if (const auto d = root.find("decimals"); d.valid() && d.as_integer()) b.plan.decimals = static_cast<int>(std::clamp<std::int64_t>(*d.as_integer(), 0, 3));
    return std::move(b.plan);
}

std::variant<Plan, WriteError> template_plan(const json::Document& schema, const json::Document& policy, const std::string& organisation) {
    const json::Value root = policy.root();
    const json::Value pack = root.find("pack");
    const json::Value org = root.find("organisations").find(organisation);
    if (!org.valid()) {
        std::string known;
        const json::Value orgs = root.find("organisations");
        for (std::size_t i = 0; orgs.valid() && i < orgs.size(); ++i) known += (i ? ", " : "") + std::string(orgs.key_at(i));
        return WriteError{"xlsx.organisation",
                          {fmt::format("policypaketet känner ingen organisation '{}'; kända: {}", organisation, known),
                           fmt::format("the policy pack knows no organisation '{}'; known: {}", organisation, known)}};
    }
    std::map<std::string, CellValue> pre;
    const auto str = [&](const std::string& path, const std::string& text) {
        if (!text.empty()) pre[path] = {CellValue::Kind::String, text};
    };
    const auto num = [&](const std::string& path, json::Value v) {
        if (v.valid() && v.is_number()) pre[path] = {CellValue::Kind::Number, std::string(v.number_text())};
    };
    str("format_version", "1.0");
    str("municipality", text_of(pack.find("municipality")));
    str("organisation/id", organisation);
    str("organisation/name", text_of(org.find("name")));
    str("organisation/funding", text_of(org.find("funding")));
    str("organisation/reports_to", text_of(org.find("board")));
    str("organisation/kind", org.find("board").valid() ? "administration" : "board");
    for (const char* k : {"date", "paragraph", "title"}) str(std::string("kf_decision/") + k, text_of(pack.find("kf_decision").find(k)));
    num("budget_year", pack.find("budget_year"));
    str("unit", text_of(root.find("unit")));
    num("decimals", root.find("decimals"));
    const json::Value plan_years = pack.find("plan_years");
    for (std::size_t i = 0; plan_years.valid() && i < plan_years.size(); ++i) num(fmt::format("plan_years/{}", i), plan_years.at(i));

    Builder b(schema);
    const json::Value goals = root.find("kf_goals");
    std::map<std::string, std::string> goal_area;
    for (std::size_t i = 0; goals.valid() && i < goals.size(); ++i) {
        b.plan.kf_goals.emplace_back(text_of(goals.at(i).find("id")), text_of(goals.at(i).find("name")));
        goal_area[text_of(goals.at(i).find("id"))] = text_of(goals.at(i).find("goal_area"));
    }
    const json::Value mandatory = root.find("mandatory_indicators");
    std::size_t indicators = 0;
    for (std::size_t i = 0; mandatory.valid() && i < mandatory.size(); ++i, ++indicators) {
        const json::Value m = mandatory.at(i);
        const std::string at = fmt::format("indicators/{}/", i);
        str(at + "id", text_of(m.find("id")));
        str(at + "policy_id", text_of(m.find("id")));
        str(at + "name", text_of(m.find("name")));
        str(at + "goal_area", goal_area[text_of(m.find("kf_goal"))]);
        pre[at + "marked_mandatory"] = {CellValue::Kind::Bool, "true"};
    }
    const json::Value assignments = root.find("strategic_assignments");
    std::size_t listed = 0;
    for (std::size_t i = 0; assignments.valid() && i < assignments.size(); ++i) {
        const json::Value a = assignments.at(i);
        const json::Value applies = a.find("applies_to");
        bool applies_here = applies.is_string() && applies.as_string() == "all";
        for (std::size_t k = 0; applies.is_array() && k < applies.size(); ++k) applies_here |= applies.at(k).as_string() == organisation;
        if (!applies_here) continue;
        const std::string at = fmt::format("assignments/{}/", listed++);
        num(at + "number", a.find("number"));
        str(at + "kind", text_of(a.find("kind")));
        str(at + "text", text_of(a.find("text")));
    }
    TemplateWalker walker(b, std::move(pre), indicators, listed);
    walker.plan_years_ = plan_years.valid() ? plan_years.size() : 1;
    for (const auto& spec : data_sheets())
        for (const auto section : spec.sections) {
            if (section == "$schema" || section == "earlier_years") continue;  // editor aid; earlier years come with data
            std::vector<std::string> tokens{std::string(section)};
            walker.walk(tokens, false);
        }
    std::set<std::string> years;
    if (const auto y = pack.find("budget_year"); y.valid() && y.is_number()) years.emplace(y.number_text());
    for (std::size_t i = 0; plan_years.valid() && i < plan_years.size(); ++i) years.emplace(plan_years.at(i).number_text());
    b.add_years(years);
    b.plan.heading = fmt::format("Budgetmall för {} ({}), {}", text_of(org.find("name")), organisation, text_of(pack.find("kf_decision").find("title")));
    b.plan.unit = text_of(root.find("unit"));
    if (const auto d = root.find("decimals"); d.valid() && d.as_integer()) b.plan.decimals = static_cast<int>(std::clamp<std::int64_t>(*d.as_integer(), 0, 3));
    return std::move(b.plan);
}

}  // namespace budgetcheck::xlsx
