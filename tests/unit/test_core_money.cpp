#include "core/error.hpp"
#include "core/money.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using namespace toro;

namespace {

std::int64_t grosze(std::string_view text)
{
    return Money::parse(text).grosze();
}

std::string parse_error(std::string_view text)
{
    try {
        Money::parse(text);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("core::Money::parse")
{
    SUBCASE("plain numbers with a dot or a comma")
    {
        CHECK(grosze("1234.56") == 123456);
        CHECK(grosze("1234,56") == 123456);
        CHECK(grosze("1234") == 123400);
        CHECK(grosze("0") == 0);
        CHECK(grosze("0.05") == 5);
        CHECK(grosze("007,10") == 710);
    }

    SUBCASE("one decimal means tenths")
    {
        CHECK(grosze("1,5") == 150);
        CHECK(grosze("1.5") == 150);
        CHECK(grosze("-12,5") == -1250);
    }

    SUBCASE("signs")
    {
        CHECK(grosze("+5") == 500);
        CHECK(grosze("-0,05") == -5);
        CHECK(grosze("-0") == 0);
        CHECK(grosze("-1 234,56 zł") == -123456);
    }

    SUBCASE("spaces between digit groups")
    {
        CHECK(grosze("1 234,56") == 123456);
        CHECK(grosze("1 234 567,89") == 123456789);
        CHECK(grosze("1 234") == 123400);
        CHECK(grosze("12 345.6") == 1234560);
        CHECK(grosze("1\xC2\xA0"
                     "234,56") == 123456);  // no-break space
        CHECK(grosze("1\xE2\x80\xAF"
                     "234,56") == 123456);  // narrow no-break space
        CHECK(grosze("  42,00  ") == 4200);
    }

    SUBCASE("currency after the number")
    {
        CHECK(grosze("1 234,56 zł") == 123456);
        CHECK(grosze("1234 PLN") == 123400);
        CHECK(grosze("1234pln") == 123400);
        CHECK(grosze("12,50zł") == 1250);
        CHECK(grosze("12,50 ZŁ") == 1250);
        CHECK(grosze("12,50 zl") == 1250);
        CHECK(grosze("1\xC2\xA0"
                     "234,56\xC2\xA0zł") == 123456);
    }

    SUBCASE("PLN before the number, as the English format writes it")
    {
        CHECK(grosze("PLN 1,234.56") == 123456);
        CHECK(grosze("-PLN 1,234.56") == -123456);
    }

    SUBCASE("thousands separator together with the other decimal separator")
    {
        CHECK(grosze("1.234,56") == 123456);
        CHECK(grosze("1,234.56") == 123456);
        CHECK(grosze("1.234.567,8") == 123456780);
        CHECK(grosze("1,234,567.89") == 123456789);
        CHECK(grosze("999,999.99") == 99999999);
    }

    SUBCASE("the largest amount accepted and one grosz more")
    {
        CHECK(grosze("999 999 999 999,99") == Money::max_input_grosze);
        CHECK(grosze("-999999999999.99") == -Money::max_input_grosze);
        CHECK(parse_error("1 000 000 000 000,00 zł") ==
              "out of range: an amount must be between -999 999 999 999,99 and 999 999 999 999,99 zł");
        CHECK(parse_error("-1000000000000") ==
              "out of range: an amount must be between -999 999 999 999,99 and 999 999 999 999,99 zł");
        CHECK_THROWS_AS(Money::parse("92233720368547758.07"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("92233720368547758.08"), InvalidValue);
        CHECK(parse_error("100000000000000000000") == "amount is too large");
    }

    SUBCASE("empty and non-numbers")
    {
        CHECK_THROWS_AS(Money::parse(""), InvalidValue);
        CHECK_THROWS_AS(Money::parse("   "), InvalidValue);
        CHECK_THROWS_AS(Money::parse("zł"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("-"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("abc"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("12a"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1e3"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("--5"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("- 5"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("5-"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("12 EUR"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1\t234"), InvalidValue);
        CHECK(parse_error("") == "expected an amount, got an empty text");
    }

    SUBCASE("decimal separator without digits on one side")
    {
        CHECK_THROWS_AS(Money::parse("12."), InvalidValue);
        CHECK_THROWS_AS(Money::parse(",50"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("."), InvalidValue);
    }

    SUBCASE("more than two decimals")
    {
        CHECK_THROWS_AS(Money::parse("1.2345"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1,2345"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1.234,567"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1 234,567"), InvalidValue);
        CHECK(parse_error("0,001") == "an amount may have at most two decimals");
    }

    SUBCASE("three digits after a single separator are ambiguous")
    {
        CHECK_THROWS_AS(Money::parse("1.234"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1,234"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("-999,999"), InvalidValue);
        CHECK(parse_error("1.234").starts_with("ambiguous amount"));
        CHECK(parse_error("1,234").starts_with("ambiguous amount"));
        // A leading zero or more than three digits before the separator rule out thousands.
        CHECK(parse_error("0.123") == "an amount may have at most two decimals");
        CHECK(parse_error("1234.567") == "an amount may have at most two decimals");
    }

    SUBCASE("thousands separators without a decimal part")
    {
        CHECK_THROWS_AS(Money::parse("1.234.567"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1,234,567"), InvalidValue);
    }

    SUBCASE("digit groups of the wrong size")
    {
        CHECK_THROWS_AS(Money::parse("1.23,45"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1,2345.67"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1234.567,89"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("12 34"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1234 567"), InvalidValue);
        CHECK_THROWS_AS(Money::parse("1  234"), InvalidValue);
        CHECK(parse_error("12 34") == "digit groups in an amount must have three digits");
    }

    SUBCASE("spaces and a thousands separator are not mixed")
    {
        CHECK_THROWS_AS(Money::parse("1 234.567,89"), InvalidValue);
    }

    SUBCASE("messages end without a period")
    {
        for (const char* text : {"", "abc", "1.2345", "1.234", "12 34", "1.234.567", "99999999999999999999"}) {
            const std::string message = parse_error(text);
            CAPTURE(text);
            CHECK_FALSE(message.empty());
            CHECK(message.back() != '.');
            CHECK(message != "(no error)");
        }
    }
}

TEST_CASE("core::Money::to_machine")
{
    CHECK(Money::from_grosze(123456).to_machine() == "1234.56");
    CHECK(Money::from_grosze(-5).to_machine() == "-0.05");
    CHECK(Money::from_grosze(1200).to_machine() == "12.00");
    CHECK(Money::from_grosze(0).to_machine() == "0.00");
    CHECK(Money::from_grosze(-100).to_machine() == "-1.00");
    CHECK(Money::from_grosze(7).to_machine() == "0.07");
    CHECK(Money::from_grosze(std::numeric_limits<std::int64_t>::max()).to_machine() == "92233720368547758.07");
    CHECK(Money::from_grosze(std::numeric_limits<std::int64_t>::min()).to_machine() == "-92233720368547758.08");
}

TEST_CASE("core::Money::format")
{
    SUBCASE("Polish")
    {
        CHECK(Money::from_grosze(123456).format(Lang::pl) == "1 234,56 zł");
        CHECK(Money::from_grosze(-123456).format(Lang::pl) == "-1 234,56 zł");
        CHECK(Money::from_grosze(0).format(Lang::pl) == "0,00 zł");
        CHECK(Money::from_grosze(99999).format(Lang::pl) == "999,99 zł");
        CHECK(Money::from_grosze(100000).format(Lang::pl) == "1 000,00 zł");
        CHECK(Money::from_grosze(123456789012).format(Lang::pl) == "1 234 567 890,12 zł");
        CHECK(Money::from_grosze(-5).format(Lang::pl) == "-0,05 zł");
    }

    SUBCASE("English")
    {
        CHECK(Money::from_grosze(123456).format(Lang::en) == "PLN 1,234.56");
        CHECK(Money::from_grosze(-123456).format(Lang::en) == "-PLN 1,234.56");
        CHECK(Money::from_grosze(50).format(Lang::en) == "PLN 0.50");
        CHECK(Money::from_grosze(100000000).format(Lang::en) == "PLN 1,000,000.00");
    }
}

TEST_CASE("core::Money round trips")
{
    for (const std::int64_t value :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99}, std::int64_t{100}, std::int64_t{123456},
          std::int64_t{-123456}, std::int64_t{100000000}, std::int64_t{-987654321012}, Money::max_input_grosze,
          -Money::max_input_grosze}) {
        const Money money = Money::from_grosze(value);
        CAPTURE(value);
        CHECK(Money::parse(money.to_machine()) == money);
        CHECK(Money::parse(money.format(Lang::pl)) == money);
        CHECK(Money::parse(money.format(Lang::en)) == money);
    }
}

TEST_CASE("core::Money arithmetic")
{
    const Money a = Money::parse("10,50");
    const Money b = Money::parse("0,75");
    CHECK((a + b).grosze() == 1125);
    CHECK((a - b).grosze() == 975);
    CHECK((-a).grosze() == -1050);
    Money sum;
    sum += a;
    sum += a;
    sum -= b;
    CHECK(sum.grosze() == 2025);
    CHECK(b < a);
    CHECK(Money::parse("0.1") + Money::parse("0.2") == Money::parse("0.3"));
    CHECK(a.to_zloty() == doctest::Approx(10.5));
}

TEST_CASE("core::Money sums are checked")
{
    const Money most = Money::from_grosze(std::numeric_limits<std::int64_t>::max());
    const Money least = Money::from_grosze(std::numeric_limits<std::int64_t>::min());
    CHECK_THROWS_AS(most + Money::from_grosze(1), Error);
    CHECK_THROWS_AS(least - Money::from_grosze(1), Error);
    CHECK_THROWS_AS(-least, Error);
    Money sum = Money::from_grosze(std::numeric_limits<std::int64_t>::max() - 1);
    sum += Money::from_grosze(1);
    CHECK(sum == most);
    CHECK_THROWS_AS(sum += Money::from_grosze(1), Error);
    CHECK(sum == most);  // unchanged by the sum that failed
    try {
        (void)(most + most);
    } catch (const Error& error) {
        CHECK(error.code() == Exit::data);
    }
    // Three of the largest amounts accepted add up without trouble.
    const Money grant = Money::from_grosze(Money::max_input_grosze);
    CHECK((grant + grant + grant).grosze() == 3 * Money::max_input_grosze);
}
