// Exact money. Amounts are published in kr, tkr or mnkr with decimals; they
// are converted from their decimal text straight to integer kronor, never
// through a double, so 29.4 mnkr is exactly 29 400 000 kr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck {

enum class Unit : std::uint8_t { Kr, Tkr, Mnkr };

std::optional<Unit> parse_unit(std::string_view name);  // "kr", "tkr", "mnkr" (and "mkr")
std::string_view unit_name(Unit unit);
std::int64_t kronor_per_unit(Unit unit);  // 1, 1 000, 1 000 000

// The largest amount, and the largest total of the absolute values of all
// amounts in one file, in kronor: 2^53, the range every consumer (Lua, JSON
// readers, spreadsheets) keeps exact. A total within it keeps every sum a
// rule can form of the file's amounts exact too.
inline constexpr std::uint64_t kExactMoneyLimit = 9'007'199'254'740'992ull;  // 2^53

struct MoneyConversion {
    std::optional<std::int64_t> kronor;
    std::string error;  // English reason when kronor is empty
};

// Convert a JSON number's text in `unit` to exact integer kronor. Fails
// (with a reason) for fractions of a krona and for values outside ±2^53 kr,
// the range every consumer (Lua, JSON readers, spreadsheets) keeps exact.
MoneyConversion to_kronor(std::string_view number_text, Unit unit);

// Kronor shown in `unit` with a decimal comma, a no-break space between
// thousands and a minus sign (U+2212): 61 000 000 kr in mnkr with 1 decimal
// -> "61,0 mnkr", -57 978 000 kr in tkr -> "−57 978 tkr". Never rounded: at
// least `decimals` decimals, and as many more as the amount needs (40 000 kr
// in mnkr with 1 decimal -> "0,04 mnkr"), so a shown difference is never 0.
std::string format_amount(std::int64_t kronor, Unit unit, int decimals);

}  // namespace budgetcheck
