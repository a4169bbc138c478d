#include "core/error.hpp"
#include "core/number.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace toro;

namespace {

std::string refusal(std::string_view text)
{
    try {
        parse_indicator_value(text);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("core::parse_indicator_value")
{
    CHECK(parse_indicator_value("12") == 12);
    CHECK(parse_indicator_value(" -3 ") == -3);
    CHECK(parse_indicator_value("+4") == 4);
    CHECK(parse_indicator_value("12,5") == doctest::Approx(12.5));
    CHECK(parse_indicator_value("1.5e3") == doctest::Approx(1500));
    CHECK(parse_indicator_value("1000000000000") == doctest::Approx(1e12));
    CHECK(parse_indicator_value("-1e12") == doctest::Approx(-1e12));
    const double zero = parse_indicator_value("-0");
    CHECK(zero == 0);
    CHECK_FALSE(std::signbit(zero));
    for (const char* text :
         {"", " ", "nan", "NaN", "-nan", "inf", "-inf", "infinity", "abc", "1 000", "1.2.3", "0x10", "12zł"}) {
        CAPTURE(text);
        CHECK(refusal(text) == "expected a number");
    }
    for (const char* text : {"1000000000000.5", "1e13", "-1e13", "1e300", "1e400", "-1e400"}) {
        CAPTURE(text);
        CHECK(refusal(text) == "out of range: a figure must be between -1000000000000 and 1000000000000");
    }
}
