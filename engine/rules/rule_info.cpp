#include "rules/rule_info.hpp"

#include <algorithm>

#include "rules/diagnostics.hpp"
#include "text/suggest.hpp"

namespace budgetcheck::rules {

bool applies_to_funding(const RuleInfo& rule, std::string_view funding) {
    return funding.empty() || rule.applies_to.empty() ||
           std::find(rule.applies_to.begin(), rule.applies_to.end(), funding) != rule.applies_to.end();
}

bool is_rule_field(std::string_view name) {
    return std::any_of(kRuleFields.begin(), kRuleFields.end(), [&](const RuleField& f) { return f.name == name; });
}

std::string closest_rule_field(std::string_view name) {
    std::vector<std::string_view> names;
    for (const RuleField& f : kRuleFields) names.push_back(f.name);
    return text::closest_name(name, names);
}

std::string rule_field_list(std::string_view and_word) {
    std::string out;
    for (std::size_t i = 0; i < kRuleFields.size(); ++i) {
        if (i > 0) out += i + 1 == kRuleFields.size() ? " " + std::string(and_word) + " " : ", ";
        out += kRuleFields[i].name;
    }
    return out;
}

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

std::optional<Message> rule_id_problem(const std::string& id) {
    if (!valid_rule_id(id))
        return Message{"regel-id:t '" + id +
                           "' ska vara ord av små bokstäver a–z (och siffror, '-', '_') åtskilda av punkter, som "
                           "\"investment.within-frame\"",
                       "the rule id '" + id +
                           "' must be lower-case words joined by dots, such as \"investment.within-frame\""};
    if (id.rfind("engine.", 0) == 0 || id.rfind("schema.", 0) == 0)
        return Message{"regel-id:t '" + id + "' börjar med ett prefix som motorn reserverar (engine., schema.)",
                       "the rule id '" + id + "' starts with a prefix the engine reserves (engine., schema.)"};
    return std::nullopt;
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

}  // namespace budgetcheck::rules
