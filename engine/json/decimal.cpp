#include "json/decimal.hpp"

#include <cctype>

namespace budgetcheck::json {

ExactInteger decimal_to_integer(std::string_view text, int scale_pow10, std::uint64_t limit) {
    using F = ExactInteger::Failure;
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') { negative = true; ++i; }

    // Collect significant digits and the power of ten of the last one.
    std::string digits;
    long long exponent = 0;
    bool any_digit = false, in_fraction = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            any_digit = true;
            if (!(digits.empty() && c == '0')) digits.push_back(c);
            if (in_fraction) --exponent;
        } else if (c == '.' && !in_fraction) {
            in_fraction = true;
        } else {
            break;
        }
    }
    if (!any_digit) return {std::nullopt, F::Malformed};
    if (i < text.size()) {
        if (text[i] != 'e' && text[i] != 'E') return {std::nullopt, F::Malformed};
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        if (i >= text.size()) return {std::nullopt, F::Malformed};
        long long e = 0;
        for (; i < text.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(text[i]))) return {std::nullopt, F::Malformed};
            // An exponent this large can only overflow or underflow: cap it.
            if (e < 1'000'000) e = e * 10 + (text[i] - '0');
        }
        exponent += exp_negative ? -e : e;
    }
    exponent += scale_pow10;

    if (digits.empty()) return {0, F::None};  // zero, including -0 and 0e999
    // Drop trailing zeros into the exponent so 1.50 and 15e-1 look alike.
    while (!digits.empty() && digits.back() == '0') { digits.pop_back(); ++exponent; }
    if (exponent < 0) return {std::nullopt, F::NotInteger};
    if (static_cast<long long>(digits.size()) + exponent > 20) return {std::nullopt, F::OutOfRange};

    std::uint64_t magnitude = 0;
    const auto push = [&](unsigned digit) {
        if (magnitude > (limit - digit) / 10) return false;
        magnitude = magnitude * 10 + digit;
        return true;
    };
    for (char c : digits)
        if (!push(static_cast<unsigned>(c - '0'))) return {std::nullopt, F::OutOfRange};
    for (long long k = 0; k < exponent; ++k)
        if (!push(0)) return {std::nullopt, F::OutOfRange};
    if (magnitude > limit) return {std::nullopt, F::OutOfRange};
    const auto value = static_cast<std::int64_t>(magnitude);
    return {negative ? -value : value, F::None};
}

}  // namespace budgetcheck::json
