#include "schema/number.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace budgetcheck::schema {
namespace {

// Exponents beyond this are clamped: no JSON number is that precise, and
// it keeps exponent arithmetic far from int64 overflow.
constexpr std::int64_t kExponentClamp = 1'000'000'000'000'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

__extension__ typedef unsigned __int128 U128;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
    return static_cast<std::uint64_t>(static_cast<U128>(a) * b % m);
}

std::uint64_t pow10_mod(std::int64_t power, std::uint64_t m) {
    std::uint64_t result = 1 % m, base = 10 % m;
    for (auto p = static_cast<std::uint64_t>(power); p != 0; p >>= 1) {
        if (p & 1) result = mul_mod(result, base, m);
        base = mul_mod(base, base, m);
    }
    return result;
}

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view text) {
    Decimal d;
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') {
        d.negative = true;
        ++i;
    }
    std::int64_t fraction_digits = 0;
    bool any_digit = false;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        d.digits += text[i];
        any_digit = true;
    }
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && is_digit(text[i]); ++i) {
            d.digits += text[i];
            ++fraction_digits;
            any_digit = true;
        }
    }
    if (!any_digit) return std::nullopt;
    std::int64_t exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative_exponent = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
        if (i == text.size()) return std::nullopt;
        for (; i < text.size() && is_digit(text[i]); ++i)
            exponent = std::min(exponent * 10 + (text[i] - '0'), kExponentClamp);
        if (negative_exponent) exponent = -exponent;
    }
    if (i != text.size()) return std::nullopt;

    const auto first = d.digits.find_first_not_of('0');
    if (first == std::string::npos) return Decimal{};  // zero, whatever its sign
    const auto last = d.digits.find_last_not_of('0');
    d.exponent = exponent - fraction_digits + static_cast<std::int64_t>(d.digits.size() - 1 - last);
    d.digits = d.digits.substr(first, last - first + 1);
    return d;
}

int compare(const Decimal& a, const Decimal& b) {
    const int sign_a = a.is_zero() ? 0 : (a.negative ? -1 : 1);
    const int sign_b = b.is_zero() ? 0 : (b.negative ? -1 : 1);
    if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
    if (sign_a == 0) return 0;
    // Compare magnitudes: first by the position of the leading digit, then
    // digit by digit (no trailing zeros, so a prefix is the smaller one).
    const std::int64_t lead_a = static_cast<std::int64_t>(a.digits.size()) + a.exponent;
    const std::int64_t lead_b = static_cast<std::int64_t>(b.digits.size()) + b.exponent;
    int magnitude = lead_a != lead_b ? (lead_a < lead_b ? -1 : 1) : a.digits.compare(b.digits);
    magnitude = magnitude < 0 ? -1 : (magnitude > 0 ? 1 : 0);
    return sign_a * magnitude;
}

bool is_multiple_of(const Decimal& value, const Decimal& divisor) {
    if (value.is_zero()) return true;
    // value = mv·10^ev, divisor = md·10^ed, neither mantissa ending in 0.
    // If ev < ed the quotient needs mv divisible by 10, which it is not.
    if (value.exponent < divisor.exponent) return false;
    if (divisor.digits.size() <= 19) {
        const std::uint64_t md = std::strtoull(divisor.digits.c_str(), nullptr, 10);
        std::uint64_t remainder = 0;
        for (char c : value.digits) remainder = (mul_mod(remainder, 10, md) + static_cast<std::uint64_t>(c - '0')) % md;
        return mul_mod(remainder, pow10_mod(value.exponent - divisor.exponent, md), md) == 0;
    }
    // A divisor with 20+ significant digits: no exact path, fall back to
    // extended precision.
    const auto as_long_double = [](const Decimal& d) {
        return std::strtold((d.digits + "e" + std::to_string(d.exponent)).c_str(), nullptr);
    };
    const long double quotient = as_long_double(value) / as_long_double(divisor);
    return std::isfinite(quotient) && quotient == std::floor(quotient);
}

std::optional<std::uint64_t> to_count(const Decimal& value) {
    if (value.is_zero()) return 0;
    if (value.negative || !value.is_integer()) return std::nullopt;
    if (static_cast<std::int64_t>(value.digits.size()) + value.exponent > 20)
        return std::numeric_limits<std::uint64_t>::max();
    std::uint64_t result = 0;
    const auto max = std::numeric_limits<std::uint64_t>::max();
    const auto push = [&](unsigned digit) {
        if (result > (max - digit) / 10) return false;
        result = result * 10 + digit;
        return true;
    };
    for (char c : value.digits)
        if (!push(static_cast<unsigned>(c - '0'))) return max;
    for (std::int64_t i = 0; i < value.exponent; ++i)
        if (!push(0)) return max;
    return result;
}

}  // namespace budgetcheck::schema
