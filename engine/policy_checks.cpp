#include "policy_checks.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

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

        std::vector<std::string> period;
        period.push_back(std::to_string(root["pack"]["budget_year"].as_integer().value_or(0)));
        const json::Value plan = root["pack"]["plan_years"];
        for (std::size_t i = 0; i < plan.size(); ++i) period.push_back(std::to_string(plan.at(i).as_integer().value_or(0)));

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
                                 frame == "operating_frame" ? "driftramen" : "investeringsramen", frame, org,
                                 join({years.begin(), years.end()}), join({want.begin(), want.end()})),
                     fmt::format("the {} of '{}' gives the years {} but the pack's period is {}", frame, org,
                                 join({years.begin(), years.end()}), join({want.begin(), want.end()}))});
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
};

}  // namespace

std::vector<InputError> check_policy_pack(const json::Document& pack, const rules::MoneyValues& money,
                                          const std::string& file) {
    return PackChecker(pack, money, file).run();
}

}  // namespace budgetcheck
