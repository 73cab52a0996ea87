// Exact comparison and divisibility of JSON numbers from their decimal text,
// so `minimum`, `maximum` and `multipleOf` never suffer binary rounding
// (0.3 is a multiple of 0.1 here, as a budget controller expects).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck::schema {

// ±digits × 10^exponent; `digits` has no leading or trailing zeros and is
// empty for zero (then `negative` is false).
struct Decimal {
    bool negative = false;
    std::string digits;
    std::int64_t exponent = 0;

    bool is_zero() const { return digits.empty(); }
    bool is_integer() const { return is_zero() || exponent >= 0; }
};

// Parses JSON number text; nullopt when malformed.
std::optional<Decimal> parse_decimal(std::string_view text);

// <0, 0, >0 as a is less than, equal to or greater than b.
int compare(const Decimal& a, const Decimal& b);

// Whether value / divisor is an integer; divisor must be positive.
bool is_multiple_of(const Decimal& value, const Decimal& divisor);

// A non-negative integer keyword value (maxLength: 2 or 2.0), capped at
// UINT64_MAX; nullopt for negatives and fractions.
std::optional<std::uint64_t> to_count(const Decimal& value);

}  // namespace budgetcheck::schema
