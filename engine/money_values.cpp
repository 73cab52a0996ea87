// The submission's (and a pack's) x-money values as exact kronor, and the
// guard that keeps every sum of them exact (2^53 kr, docs/limits.md).
#include <fmt/format.h>

#include "engine_parts.hpp"

namespace budgetcheck {

namespace engine_parts {

// Exact kronor for every value the schema marked x-money.
rules::MoneyValues convert_money(const json::Document& doc, const std::vector<std::uint32_t>& money_ids, Unit unit,
                               std::vector<Finding>* findings) {
    rules::MoneyValues out;
    out.reserve(money_ids.size());
    for (std::uint32_t id : money_ids) {
        const json::Value v = doc.value(id);
        if (!v.is_number()) continue;
        const auto c = to_kronor(v.number_text(), unit);
        if (c.kronor) {
            out.emplace_back(id, *c.kronor);
        } else if (findings) {
            const auto pos = v.position();
            findings->push_back(Finding{
                "money.exact",
                Severity::Error,
                Location{v.pointer(), pos.line, pos.column},
                Message{fmt::format("Beloppet {} {} kan inte anges exakt i hela kronor", v.number_text(),
                                    unit_name(unit)),
                        c.error.rfind("the ", 0) == 0 ? "The " + c.error.substr(4) : c.error},
                std::nullopt,
                std::string("a whole number of kronor within ±2^53"),
                std::string(v.number_text()),
                std::nullopt,
                std::nullopt});
        }
    }
    return out;
}

// The engine's guard against sums that wrap or lose exactness: the absolute
// values of all money in one file (a submission or a policy pack) may add up
// to at most 2^53 kr (docs/limits.md), so every sum or difference a rule
// forms of distinct amounts stays exact in a 64-bit integer and in a double.
// Points at the value where the running total crossed the limit.
std::optional<InputError> money_total_error(const json::Document& doc, const rules::MoneyValues& money,
                                            const std::string& file) {
    std::uint64_t total = 0;
    for (const auto& [id, kronor] : money) {
        const std::uint64_t magnitude =
            kronor < 0 ? 0ull - static_cast<std::uint64_t>(kronor) : static_cast<std::uint64_t>(kronor);
        total += magnitude;  // each term ≤ 2^53 and total ≤ 2^53 before it: no wrap
        if (total <= kExactMoneyLimit) continue;
        const json::Value v = doc.value(id);
        const auto pos = v.position();
        return InputError{
            file, pos.line, pos.column, "limit.money-total",
            {fmt::format("beloppen i filen summerar i absoluta tal till mer än 9 007 199 254 740 992 kr (2^53) "
                         "vid beloppet {}; då kan en summa i reglerna inte längre räknas exakt. Ett belopp är "
                         "troligen fel (fel enhet?)",
                         v.number_text()),
             fmt::format("the amounts in the file add up, in absolute value, to more than 9 007 199 254 740 992 kr "
                         "(2^53) at the amount {}, beyond which a sum the rules form cannot be guaranteed exact. An "
                         "amount is probably wrong (wrong unit?)",
                         v.number_text())},
            json::error_snippet(doc.line_text(pos.line))};
    }
    return std::nullopt;
}

}  // namespace engine_parts

rules::MoneyValues Engine::money_of(const json::Document& doc) const {
    const auto checked = submission_schema_->validate(doc.root(), config_.schema_findings_per_keyword);
    const auto unit = parse_unit(engine_parts::text_of(doc.root()["unit"])).value_or(Unit::Kr);
    return engine_parts::convert_money(doc, checked.money_values, unit, nullptr);
}

}  // namespace budgetcheck
