// Exact money: decimal text to integer kronor, never through a double.
#include <doctest/doctest.h>

#include "money.hpp"

using namespace budgetcheck;

TEST_CASE("amounts convert exactly to kronor") {
    CHECK(to_kronor("29.4", Unit::Mnkr).kronor == 29'400'000);
    CHECK(to_kronor("632.3", Unit::Mnkr).kronor == 632'300'000);
    CHECK(to_kronor("-57978", Unit::Tkr).kronor == -57'978'000);
    CHECK(to_kronor("0.001", Unit::Tkr).kronor == 1);
    CHECK(to_kronor("1e3", Unit::Kr).kronor == 1000);
    CHECK(to_kronor("1.5E+2", Unit::Tkr).kronor == 150'000);
    CHECK(to_kronor("-0", Unit::Tkr).kronor == 0);
    CHECK(to_kronor("-0.0", Unit::Mnkr).kronor == 0);
    CHECK(to_kronor("0.1", Unit::Mnkr).kronor == 100'000);  // 0.1 is not exact as a double
    CHECK(to_kronor("9007199254740.992", Unit::Tkr).kronor == 9'007'199'254'740'992);
}

TEST_CASE("amounts that are not exact kronor are refused with a reason") {
    auto c = to_kronor("0.0001", Unit::Tkr);
    CHECK_FALSE(c.kronor);
    CHECK(c.error == "the amount 0.0001 tkr is not a whole number of kronor");
    c = to_kronor("9007199254740.993", Unit::Tkr);
    CHECK_FALSE(c.kronor);
    CHECK(c.error == "the amount 9007199254740.993 tkr is beyond the exact range of ±9 007 199 254 740 992 kr");
    CHECK_FALSE(to_kronor("1e400", Unit::Kr).kronor);
    CHECK_FALSE(to_kronor("123456789012345678901234567890", Unit::Kr).kronor);
    CHECK_FALSE(to_kronor("1e-400", Unit::Kr).kronor);
}

TEST_CASE("amounts are shown in the submission's unit with a decimal comma") {
    CHECK(format_amount(61'000'000, Unit::Mnkr, 1) == "61,0 mnkr");
    // Never rounded: the decimals the amount needs are added.
    CHECK(format_amount(29'450'000, Unit::Mnkr, 1) == "29,45 mnkr");
    CHECK(format_amount(40'000, Unit::Mnkr, 1) == "0,04 mnkr");
    CHECK(format_amount(-1, Unit::Mnkr, 1) == "\u22120,000001 mnkr");
    CHECK(format_amount(1'500, Unit::Tkr, 0) == "1,5 tkr");
    CHECK(format_amount(0, Unit::Tkr, 3) == "0,000 tkr");
    CHECK(format_amount(1'234'567'000, Unit::Tkr, 9) == "1\u00A0234\u00A0567,000 tkr");  // at most the unit's digits
    CHECK(format_amount(INT64_MIN, Unit::Kr, 0) == "\u22129\u00A0223\u00A0372\u00A0036\u00A0854\u00A0775\u00A0808 kr");
    CHECK(format_amount(-57'978'000, Unit::Tkr, 0) == "\u221257\u00A0978 tkr");
    CHECK(format_amount(400'000, Unit::Tkr, 0) == "400 tkr");
    CHECK(format_amount(1'234, Unit::Kr, 0) == "1\u00A0234 kr");
}
