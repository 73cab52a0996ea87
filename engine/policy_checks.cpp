#include "policy_checks.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine.hpp"
#include "json/decimal.hpp"
#include "money.hpp"
#include "packs/review.hpp"
#include "schema/metaschema.hpp"
#include "schema/validator.hpp"
#include "text/plural.hpp"

namespace budgetcheck {

namespace {

class PackChecker {
public:
    PackChecker(const json::Document& doc, const rules::MoneyValues& money, const std::string& file)
        : doc_(doc), money_(money), file_(file) {}

    std::vector<InputError> run() {
        const json::Value root = doc_.root();
        const auto area_ids = unique_ids(root["goal_areas"], "målområden", "goal area");
        unique_ids(root["kf_goals"], "KF-mål", "KF goal");
        unique_ids(root["mandatory_indicators"], "obligatoriska indikatorer", "mandatory indicator");
        unique_ids(root["strategic_assignments"], "strategiska uppdrag", "strategic assignment");

        const json::Value goals = root["kf_goals"];
        for (std::size_t i = 0; i < goals.size(); ++i) {
            const json::Value area = goals.at(i)["goal_area"];
            if (area.is_string() && !area_ids.count(std::string(area.as_string())))
                problem(area, "policy.unknown-goal-area",
                        {fmt::format("KF-målet '{}' hör till målområdet '{}', som inte finns i goal_areas",
                                     goals.at(i)["id"].as_string(), area.as_string()),
                         fmt::format("KF goal '{}' belongs to goal area '{}', which goal_areas does not list",
                                     goals.at(i)["id"].as_string(), area.as_string())});
        }

        std::set<std::string> goal_ids;
        for (std::size_t i = 0; i < goals.size(); ++i) {
            if (goals.at(i)["id"].is_string()) goal_ids.insert(std::string(goals.at(i)["id"].as_string()));
            goal_id_matches(goals.at(i));
            criteria_in_order(goals.at(i));
        }
        indicators(root["mandatory_indicators"], goal_ids);

        std::vector<std::string> period;
        const auto budget_year = root["pack"]["budget_year"].as_integer().value_or(0);
        period.push_back(std::to_string(budget_year));
        const json::Value plan = root["pack"]["plan_years"];
        for (std::size_t i = 0; i < plan.size(); ++i) {
            const auto year = plan.at(i).as_integer().value_or(0);
            period.push_back(std::to_string(year));
            // Rule 9 and every amount series assume one unbroken period.
            if (year != budget_year + static_cast<std::int64_t>(i) + 1)
                problem(plan.at(i), "policy.period",
                        {fmt::format("planåren ska följa budgetåret {} utan luckor: plan_years[{}] ska vara {}, inte {}",
                                     budget_year, i, budget_year + static_cast<std::int64_t>(i) + 1, year),
                         fmt::format("the plan years must follow the budget year {} without gaps: plan_years[{}] "
                                     "should be {}, not {}",
                                     budget_year, i, budget_year + static_cast<std::int64_t>(i) + 1, year)});
        }
        decimals_ = root["decimals"].as_integer().value_or(0);
        within_decimals();

        std::set<std::string> organisations;
        const json::Value orgs = root["organisations"];
        for (std::size_t i = 0; i < orgs.size(); ++i) {
            const std::string id(orgs.key_at(i));
            organisations.insert(id);
            const json::Value org = orgs.at(i);
            for (const char* frame : {"operating_frame", "investment_frame"}) {
                const json::Value amounts = org[frame]["amounts"];
                if (amounts.valid()) covers_period(amounts, period, frame, id);
            }
            const json::Value steps = org["operating_frame"]["derivation"];
            for (std::size_t s = 0; s < steps.size(); ++s) {
                const json::Value amounts = steps.at(s)["amounts"];
                const std::string what = fmt::format("operating_frame.derivation[{}]", s);
                if (amounts.valid()) covers_period(amounts, period, what, id);
            }
            const json::Value operating = org["operating_frame"];
            if (org["funding"].as_string() == "revenue") {
                const json::Value amounts = operating["amounts"];
                for (std::size_t y = 0; y < amounts.size(); ++y)
                    if (kronor(amounts.at(y)) != 0)
                        problem(amounts.at(y), "policy.revenue-frame",
                                {fmt::format("'{}' är intäktsfinansierad, så dess driftram (nettokostnad) ska vara 0",
                                             id),
                                 fmt::format("'{}' is revenue-funded, so its operating frame (net cost) must be 0",
                                             id)});
            }
            derivation_adds_up(operating, id);
        }

        equity_on_revenue_funded(root["equity"]["applies_to"], orgs);
        assignment_ids(root["strategic_assignments"]);
        rounding_worked_out(root["rounding_tolerance"]);

        for (const char* list : {"equity", "strategic_assignments"}) {
            auto check_targets = [&](json::Value applies) {
                for (std::size_t k = 0; k < applies.size(); ++k)
                    if (applies.at(k).is_string() && !organisations.count(std::string(applies.at(k).as_string())))
                        problem(applies.at(k), "policy.unknown-organisation",
                                {fmt::format("'{}' är ingen organisation i det här paketet (organisations har: {})",
                                             applies.at(k).as_string(), join(organisations)),
                                 fmt::format("'{}' is not an organisation of this pack (organisations lists: {})",
                                             applies.at(k).as_string(), join(organisations))});
            };
            const json::Value value = root[list];
            if (value.is_array())
                for (std::size_t i = 0; i < value.size(); ++i) check_targets(value.at(i)["applies_to"]);
            else if (value.is_object())
                check_targets(value["applies_to"]);
        }
        for (auto& e : packs::review_errors(doc_, file_)) errors_.push_back(std::move(e));
        return std::move(errors_);
    }

private:
    static std::string join(const std::set<std::string>& items) {
        std::string out;
        for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
        return out;
    }

    void problem(json::Value at, std::string code, Message message) {
        const auto pos = at.position();
        errors_.push_back(InputError{file_, pos.line, pos.column, std::move(code), std::move(message),
                                     json::error_snippet(doc_.line_text(pos.line))});
    }

    // `what_sv` in the plural ("målområden"), `what_en` in the singular.
    std::set<std::string> unique_ids(json::Value list, const char* what_sv, const char* what_en) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json::Value id = list.at(i)["id"];
            if (!id.is_string()) continue;
            if (!seen.insert(std::string(id.as_string())).second)
                problem(id, "policy.duplicate-id",
                        {fmt::format("två {} har samma id '{}'; varje id får bara finnas en gång", what_sv, id.as_string()),
                         fmt::format("two {}s have the id '{}'; ids must be unique", what_en, id.as_string())});
        }
        return seen;
    }

    void covers_period(json::Value amounts, const std::vector<std::string>& period, std::string_view frame,
                       const std::string& org) {
        std::vector<std::string> years;
        for (std::size_t i = 0; i < amounts.size(); ++i) years.emplace_back(amounts.key_at(i));
        std::vector<std::string> want = period;
        std::sort(years.begin(), years.end());
        std::sort(want.begin(), want.end());
        if (years != want)
            problem(amounts, "policy.period",
                    {fmt::format("{} ({}) för '{}' anger åren {}, men paketets period är {}",
                                 frame_sv(frame), frame, org,
                                 join({years.begin(), years.end()}), join({want.begin(), want.end()})),
                     fmt::format("the {} of '{}' gives the years {} but the pack's period is {}", frame, org,
                                 join({years.begin(), years.end()}), join({want.begin(), want.end()}))});
    }

    static std::string frame_sv(std::string_view frame) {
        if (frame == "operating_frame") return "driftramen";
        if (frame == "investment_frame") return "investeringsramen";
        return "härledningen av driftramen";  // operating_frame.derivation[i]
    }

    // No amount finer than the pack's `decimals` (61000.5 in a 0-decimal tkr
    // pack is a typo even though it is a whole number of kronor): every
    // x-money value, wherever the schema puts one.
    void within_decimals() {
        for (const auto& [id, kronor] : money_) {
            const json::Value amount = doc_.value(id);
            const auto scaled = json::decimal_to_integer(amount.number_text(), static_cast<int>(decimals_),
                                                         kExactMoneyLimit);
            if (scaled.failure != json::ExactInteger::Failure::NotInteger) continue;
            problem(amount, "policy.decimals",
                    {fmt::format("beloppet {} ({}) har fler decimaler än paketets decimals ({})",
                                 amount.number_text(), amount.pointer(), decimals_),
                     fmt::format("the amount {} ({}) has more decimals than the pack's decimals ({})",
                                 amount.number_text(), amount.pointer(), decimals_)});
        }
    }

    // A goal id starts with its goal area ("samhalle.…"), or with
    // "mal-<number>." when the decision numbers its goals.
    void goal_id_matches(json::Value goal) {
        const json::Value id = goal["id"];
        if (!id.is_string()) return;
        const std::string_view text = id.as_string();
        const std::string prefix(text.substr(0, text.find('.')));
        const json::Value number = goal["number"];
        const std::string want = number.valid() ? fmt::format("mal-{}", number.as_integer().value_or(0))
                                                : std::string(goal["goal_area"].as_string());
        if (prefix == want) return;
        if (number.valid())
            problem(id, "policy.goal-id",
                    {fmt::format("KF-målet '{}' har nummer {}, så dess id ska börja med '{}.'", text,
                                 number.number_text(), want),
                     fmt::format("the KF goal '{}' has number {}, so its id must start with '{}.'", text,
                                 number.number_text(), want)});
        else
            problem(id, "policy.goal-id",
                    {fmt::format("KF-målet '{}' hör till målområdet '{}', så dess id ska börja med '{}.'", text,
                                 want, want),
                     fmt::format("the KF goal '{}' belongs to goal area '{}', so its id must start with '{}.'",
                                 text, want, want)});
    }

    // Måluppfyllelser are lettered A, B, C … in order, as the decision prints them.
    void criteria_in_order(json::Value goal) {
        const json::Value criteria = goal["criteria"];
        for (std::size_t i = 0; i < criteria.size() && i < 26; ++i) {
            const json::Value letter = criteria.at(i)["letter"];
            const std::string want(1, static_cast<char>('A' + i));
            if (letter.is_string() && letter.as_string() != want)
                problem(letter, "policy.criteria-letter",
                        {fmt::format("måluppfyllelse nr {} för KF-målet '{}' ska ha bokstaven '{}', inte '{}'", i + 1,
                                     goal["id"].as_string(), want, letter.as_string()),
                         fmt::format("criterion {} of the KF goal '{}' must have the letter '{}', not '{}'", i + 1,
                                     goal["id"].as_string(), want, letter.as_string())});
        }
    }

    void indicators(json::Value list, const std::set<std::string>& goal_ids) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json::Value indicator = list.at(i);
            const std::string_view id = indicator["id"].as_string();
            const json::Value goal = indicator["kf_goal"];
            if (goal.is_string() && !goal_ids.count(std::string(goal.as_string())))
                problem(goal, "policy.unknown-kf-goal",
                        {fmt::format("indikatorn '{}' hör till KF-målet '{}', som inte finns i kf_goals", id,
                                     goal.as_string()),
                         fmt::format("the indicator '{}' belongs to the KF goal '{}', which kf_goals does not list",
                                     id, goal.as_string())});
            // Matching compares name and aliases alike: a repeated name is a copy slip.
            const json::Value aliases = indicator["aliases"];
            for (std::size_t a = 0; a < aliases.size(); ++a)
                if (aliases.at(a).is_string() && aliases.at(a).as_string() == indicator["name"].as_string())
                    problem(aliases.at(a), "policy.alias-is-name",
                            {fmt::format("indikatorn '{}' har sitt namn '{}' också bland aliases; ta bort det", id,
                                         aliases.at(a).as_string()),
                             fmt::format("the indicator '{}' repeats its name '{}' in aliases; remove it", id,
                                         aliases.at(a).as_string())});
        }
    }

    // Equity rules (eget kapital) exist only for revenue-funded administrations.
    void equity_on_revenue_funded(json::Value applies, json::Value orgs) {
        for (std::size_t k = 0; k < applies.size(); ++k) {
            const json::Value org = orgs[applies.at(k).as_string()];
            if (org.valid() && org["funding"].as_string() != "revenue")
                problem(applies.at(k), "policy.equity-funding",
                        {fmt::format("regler för eget kapital gäller bara intäktsfinansierade organisationer, men "
                                     "'{}' har funding '{}'",
                                     applies.at(k).as_string(), org["funding"].as_string()),
                         fmt::format("equity rules apply only to revenue-funded organisations, but '{}' has funding "
                                     "'{}'",
                                     applies.at(k).as_string(), org["funding"].as_string())});
        }
    }

    // Submissions answer a numbered assignment as "uppdrag-<number>".
    void assignment_ids(json::Value list) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json::Value id = list.at(i)["id"];
            const auto number = list.at(i)["number"].as_integer();
            if (!id.is_string() || !list.at(i)["number"].is_number() || !number) continue;
            const std::string want = fmt::format("uppdrag-{}", *number);
            if (id.as_string() != want)
                problem(id, "policy.assignment-id",
                        {fmt::format("uppdraget '{}' har nummer {}, så dess id ska vara '{}'", id.as_string(), *number,
                                     want),
                         fmt::format("the assignment '{}' has number {}, so its id must be '{}'", id.as_string(),
                                     *number, want)});
        }
    }

    // per_row_kronor is the method "exact-unless-printed-coarser" worked out:
    // 0 for a format whose last decimal is 1 000 kr (whole tkr) or finer, else
    // half a unit of the last decimal, rounded down to whole kronor. One entry
    // per (unit, decimals): two would make the allowance ambiguous.
    void rounding_worked_out(json::Value tolerance) {
        const json::Value rows = tolerance["per_row_kronor"];
        std::set<std::pair<std::string, std::int64_t>> seen;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const json::Value row = rows.at(i);
            const auto unit = parse_unit(row["unit"].as_string());
            const auto decimals = row["decimals"].as_integer();
            const auto kronor = row["kronor"].as_integer();
            if (!unit || !decimals || !kronor || *decimals < 0 || *decimals > 6) continue;
            const std::string unit_text(row["unit"].as_string());
            if (!seen.insert({unit_text, *decimals}).second) {
                problem(row, "policy.rounding-duplicate",
                        {fmt::format("rounding_tolerance har två rader för {} med {}; behåll en", unit_text,
                                     text::counted(*decimals, "decimal", "decimaler")),
                         fmt::format("rounding_tolerance has two entries for {} with {}; keep one", unit_text,
                                     text::counted(*decimals, "decimal", "decimals"))});
                continue;
            }
            std::int64_t step = kronor_per_unit(*unit);  // kronor in one unit of the last decimal
            for (std::int64_t d = 0; d < *decimals; ++d) step /= 10;
            const std::int64_t want = step <= 1000 ? 0 : step / 2;
            if (*kronor != want)
                problem(row["kronor"], "policy.rounding-tolerance",
                        {fmt::format("toleransen för {} med {} ska vara {} kr per rad enligt metoden "
                                     "exact-unless-printed-coarser, inte {}",
                                     unit_text, text::counted(*decimals, "decimal", "decimaler"), want, *kronor),
                         fmt::format("the tolerance for {} with {} must be {} kr per row by the method "
                                     "exact-unless-printed-coarser, not {}",
                                     unit_text, text::counted(*decimals, "decimal", "decimals"), want, *kronor)});
        }
    }

    std::optional<std::int64_t> kronor(json::Value v) const {
        const auto it = std::lower_bound(money_.begin(), money_.end(), std::make_pair(v.id(), std::int64_t{0}),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
        if (it == money_.end() || it->first != v.id()) return std::nullopt;
        return it->second;
    }

    void derivation_adds_up(json::Value frame, const std::string& org) {
        const json::Value steps = frame["derivation"];
        const json::Value amounts = frame["amounts"];
        if (!steps.is_array() || steps.size() == 0 || !amounts.is_object()) return;
        for (std::size_t y = 0; y < amounts.size(); ++y) {
            const std::string year(amounts.key_at(y));
            std::int64_t sum = 0;
            bool complete = true;
            for (std::size_t s = 0; s < steps.size(); ++s) {
                const auto part = kronor(steps.at(s)["amounts"][year]);
                // checked: a wrapped sum could "equal" the stated frame
                if (!part || __builtin_add_overflow(sum, *part, &sum)) complete = false;
            }
            const auto stated = kronor(amounts.at(y));
            if (complete && stated && *stated != sum)
                problem(amounts.at(y), "policy.derivation",
                        {fmt::format("driftramen för '{}' år {} är {} kr, men härledningen (derivation) summerar till "
                                     "{} kr",
                                     org, year, *stated, sum),
                         fmt::format("the operating frame of '{}' for {} is {} kr but its derivation adds up to {} kr",
                                     org, year, *stated, sum)});
        }
    }

    const json::Document& doc_;
    const rules::MoneyValues& money_;
    const std::string& file_;
    std::vector<InputError> errors_;
    std::int64_t decimals_ = 0;
};

void check_schema_node(json::Value node, const json::Document& doc, const std::string& file,
                       std::vector<InputError>& out) {
    auto problem = [&](json::Value at, std::string code, Message message) {
        const auto pos = at.position();
        out.push_back(InputError{file, pos.line, pos.column, std::move(code), std::move(message),
                                 json::error_snippet(doc.line_text(pos.line))});
    };
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) check_schema_node(node.at(i), doc, file, out);
        return;
    }
    if (!node.is_object()) return;
    const json::Value properties = node["properties"];
    for (std::size_t i = 0; i < properties.size(); ++i) {
        const json::Value sub = properties.at(i);
        if (sub.is_object() && !sub["$ref"].valid() && !(sub["title"].valid() && sub["description"].valid()))
            problem(sub, "policy-schema.undocumented",
                    {fmt::format("egenskapen '{}' ({}) saknar title eller description; skriv båda, de är "
                                 "dokumentationen för den som fyller i paketet",
                                 properties.key_at(i), sub.pointer()),
                     fmt::format("the property '{}' ({}) lacks a title or description; write both, they document "
                                 "the field for whoever fills in a pack",
                                 properties.key_at(i), sub.pointer())});
    }
    if (node["type"].is_string() && node["type"].as_string() == "object" && !node["additionalProperties"].valid())
        problem(node, "policy-schema.open-object",
                {fmt::format("objektet {} saknar additionalProperties; utan det godtas felstavade fält tyst",
                             node.pointer()),
                 fmt::format("the object {} lacks additionalProperties; without it misspelt fields pass silently",
                             node.pointer())});
    const json::Value money = node["x-money"];
    if (money.is_bool() && money.as_bool() && node.pointer() != "/definitions/amount")
        problem(money, "policy-schema.money",
                {fmt::format("x-money står på {}; pengar märks bara i #/definitions/amount, och andra belopp "
                             "refererar dit",
                             node.pointer()),
                 fmt::format("x-money is set at {}; money is marked only at #/definitions/amount, and other "
                             "amounts refer to it",
                             node.pointer())});
    for (std::size_t i = 0; i < node.size(); ++i) check_schema_node(node.at(i), doc, file, out);
}

}  // namespace

std::vector<InputError> check_policy_schema(const json::Document& schema, const std::string& file) {
    std::vector<InputError> out;
    // Valid against the draft-07 meta-schema, with our own validator (the
    // compiler only checks the keywords it uses).
    static const auto meta = schema::CompiledSchema::compile(schema::draft07_metaschema());
    if (const auto* compiled = std::get_if<schema::CompiledSchema>(&meta))
        out = schema_errors(compiled->validate(schema.root()), schema, file, "policy-schema");
    check_schema_node(schema.root(), schema, file, out);
    return out;
}

std::vector<InputError> check_policy_pack(const json::Document& pack, const rules::MoneyValues& money,
                                          const std::string& file) {
    return PackChecker(pack, money, file).run();
}

}  // namespace budgetcheck
