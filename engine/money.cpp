#include "money.hpp"

#include <cstdlib>

#include "json/decimal.hpp"

namespace budgetcheck {

namespace {
int pow10_of(Unit unit) {
    switch (unit) {
        case Unit::Kr: return 0;
        case Unit::Tkr: return 3;
        case Unit::Mnkr: return 6;
    }
    return 0;
}
}  // namespace

std::optional<Unit> parse_unit(std::string_view name) {
    if (name == "kr") return Unit::Kr;
    if (name == "tkr") return Unit::Tkr;
    if (name == "mnkr" || name == "mkr") return Unit::Mnkr;
    return std::nullopt;
}

std::string_view unit_name(Unit unit) {
    switch (unit) {
        case Unit::Kr: return "kr";
        case Unit::Tkr: return "tkr";
        case Unit::Mnkr: return "mnkr";
    }
    return "kr";
}

std::int64_t kronor_per_unit(Unit unit) {
    std::int64_t k = 1;
    for (int i = 0; i < pow10_of(unit); ++i) k *= 10;
    return k;
}

MoneyConversion to_kronor(std::string_view number_text, Unit unit) {
    using F = json::ExactInteger::Failure;
    const auto exact = json::decimal_to_integer(number_text, pow10_of(unit), kExactMoneyLimit);
    switch (exact.failure) {
        case F::None: return {exact.value, {}};
        case F::NotInteger:
            return {std::nullopt, "the amount " + std::string(number_text) + " " + std::string(unit_name(unit)) +
                                      " is not a whole number of kronor"};
        case F::OutOfRange:
            return {std::nullopt, "the amount " + std::string(number_text) + " " + std::string(unit_name(unit)) +
                                      " is beyond the exact range of ±9 007 199 254 740 992 kr"};
        case F::Malformed: break;
    }
    return {std::nullopt, "'" + std::string(number_text) + "' is not a number"};
}

std::string format_amount(std::int64_t kronor, Unit unit, int decimals) {
    // Round half away from zero to the shown decimals, in integer arithmetic.
    const std::int64_t per_unit = kronor_per_unit(unit);
    std::int64_t step = per_unit;
    for (int i = 0; i < decimals && step > 1; ++i) step /= 10;
    if (step < 1) step = 1;
    const bool negative = kronor < 0;
    std::uint64_t magnitude = negative ? 0ull - static_cast<std::uint64_t>(kronor) : static_cast<std::uint64_t>(kronor);
    const auto ustep = static_cast<std::uint64_t>(step);
    magnitude = (magnitude + ustep / 2) / ustep;  // in units of `step`
    std::uint64_t steps_per_unit = static_cast<std::uint64_t>(per_unit / step);
    int shown_decimals = 0;
    for (std::uint64_t s = steps_per_unit; s > 1; s /= 10) ++shown_decimals;
    const std::uint64_t whole = magnitude / steps_per_unit;
    const std::uint64_t fraction = magnitude % steps_per_unit;

    std::string digits = std::to_string(whole);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += "\u00A0";  // no-break space
        grouped += digits[i];
    }
    std::string out = (negative && magnitude != 0) ? "\u2212" : "";  // minus sign
    out += grouped;
    if (shown_decimals > 0) {
        std::string f = std::to_string(fraction);
        out += ',' + std::string(static_cast<std::size_t>(shown_decimals) - f.size(), '0') + f;
    }
    out += ' ';
    out += unit_name(unit);
    return out;
}

}  // namespace budgetcheck
