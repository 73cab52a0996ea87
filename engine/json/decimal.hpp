// Exact arithmetic on the decimal text of a JSON number. Used for integers in
// documents and for money, so neither ever passes through a double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck::json {

struct ExactInteger {
    std::optional<std::int64_t> value;
    enum class Failure { None, NotInteger, OutOfRange, Malformed } failure = Failure::None;
};

// The number `text` (JSON number grammar) multiplied by 10^scale_pow10, as an
// integer whose magnitude is at most `limit`. Fails when the result has a
// fractional part or exceeds the limit.
ExactInteger decimal_to_integer(std::string_view text, int scale_pow10, std::uint64_t limit);

}  // namespace budgetcheck::json
