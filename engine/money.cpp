#include "money.hpp"

#include <algorithm>
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
    const auto per_unit = static_cast<std::uint64_t>(kronor_per_unit(unit));
    int max_decimals = 0;  // the decimals that can still matter for this unit
    for (std::uint64_t p = per_unit; p > 1; p /= 10) ++max_decimals;
    int shown = std::clamp(decimals, 0, max_decimals);
    const bool negative = kronor < 0;
    const std::uint64_t magnitude =
        negative ? 0ull - static_cast<std::uint64_t>(kronor) : static_cast<std::uint64_t>(kronor);
    const std::uint64_t whole = magnitude / per_unit;
    const std::uint64_t rest = magnitude % per_unit;  // kronor below one unit
    // Never rounded: as many decimals as `rest` needs, never fewer than asked.
    std::uint64_t step = per_unit;  // kronor per last shown digit
    for (int i = 0; i < shown; ++i) step /= 10;
    while (shown < max_decimals && rest % step != 0) {
        ++shown;
        step /= 10;
    }
    const std::string digits = std::to_string(whole);
    std::string out = negative ? "\u2212" : "";  // minus sign
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00A0";  // no-break space
        out += digits[i];
    }
    if (shown > 0) {
        const std::string f = std::to_string(rest / step);
        out += ',';
        out.append(static_cast<std::size_t>(shown) - f.size(), '0');
        out += f;
    }
    out += ' ';
    out += unit_name(unit);
    return out;
}

}  // namespace budgetcheck
