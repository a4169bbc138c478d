#include "core/date.hpp"
#include "core/error.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <ctime>
#include <limits>
#include <string>

using namespace toro;

namespace {

std::string date_error(std::string_view text)
{
    try {
        Date::parse(text);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("core::Date::parse")
{
    SUBCASE("ISO")
    {
        const Date date = Date::parse("2024-03-15");
        CHECK(date.year() == 2024);
        CHECK(date.month() == 3);
        CHECK(date.day() == 15);
        CHECK(Date::parse(" 2024-03-15\n").to_string() == "2024-03-15");
    }

    SUBCASE("DD.MM.YYYY and D.M.YYYY")
    {
        CHECK(Date::parse("15.03.2024") == Date::from_ymd(2024, 3, 15));
        CHECK(Date::parse("5.3.2024") == Date::from_ymd(2024, 3, 5));
        CHECK(Date::parse("05.3.2024") == Date::from_ymd(2024, 3, 5));
        CHECK(Date::parse("31.12.1999").to_string() == "1999-12-31");
    }

    SUBCASE("leap days")
    {
        CHECK(Date::parse("2024-02-29").day() == 29);
        CHECK(Date::parse("2000-02-29").day() == 29);
        CHECK(Date::parse("29.02.2024").to_string() == "2024-02-29");
        CHECK_THROWS_AS(Date::parse("2023-02-29"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("1900-02-29"), InvalidValue);  // divisible by 100, not by 400
        CHECK_THROWS_AS(Date::parse("2100-02-29"), InvalidValue);
        CHECK(date_error("2023-02-29") == "2023-02-29 does not exist");
        CHECK(date_error("29.02.2023") == "2023-02-29 does not exist");
    }

    SUBCASE("days that do not exist")
    {
        CHECK_THROWS_AS(Date::parse("2024-04-31"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("2024-01-32"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("2024-01-00"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("2024-13-01"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("2024-00-10"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("0.1.2024"), InvalidValue);
        CHECK(date_error("2024-13-01") == "month must be between 1 and 12");
    }

    SUBCASE("years outside 1900-2999")
    {
        CHECK(Date::parse("1900-01-01").to_string() == "1900-01-01");
        CHECK(Date::parse("2999-12-31").to_string() == "2999-12-31");
        CHECK_THROWS_AS(Date::parse("1899-12-31"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("3000-01-01"), InvalidValue);
        CHECK_THROWS_AS(Date::parse("0000-01-01"), InvalidValue);
        CHECK(date_error("3000-01-01") == "year must be between 1900 and 2999");
    }

    SUBCASE("not a date")
    {
        for (const char* text : {"", "2024", "2024-3-15", "2024-03-5", "24-03-15", "2024/03/15", "15.03.24",
                                 "15-03-2024", "2024-03-15T10:00", "2024-0a-15", "15.03.2024.", "1.2.3.2024",
                                 "115.03.2024", "+1.03.2024", "2024-03--1", "dzisiaj"}) {
            CAPTURE(text);
            CHECK(date_error(text) == "not a date: expected YYYY-MM-DD or DD.MM.YYYY");
        }
    }
}

TEST_CASE("core::Date::from_ymd")
{
    CHECK(Date::from_ymd(2024, 2, 29).to_string() == "2024-02-29");
    CHECK(Date::from_ymd(1901, 1, 1).to_string() == "1901-01-01");
    CHECK_THROWS_AS(Date::from_ymd(2023, 2, 29), InvalidValue);
    CHECK_THROWS_AS(Date::from_ymd(2024, 6, 31), InvalidValue);
    CHECK_THROWS_AS(Date::from_ymd(2024, 0, 1), InvalidValue);
    CHECK_THROWS_AS(Date::from_ymd(1899, 12, 31), InvalidValue);
}

TEST_CASE("core::Date::serial")
{
    SUBCASE("known days")
    {
        CHECK(Date::from_ymd(1970, 1, 1).serial() == 0);
        CHECK(Date::from_ymd(1970, 1, 2).serial() == 1);
        CHECK(Date::from_ymd(1969, 12, 31).serial() == -1);
        CHECK(Date::from_ymd(1971, 1, 1).serial() == 365);
        CHECK(Date::from_ymd(2000, 2, 29).serial() == 11016);
        CHECK(Date::from_ymd(2024, 1, 1).serial() == 19723);
        CHECK(Date::from_ymd(2024, 3, 1).serial() == 19783);
        CHECK(Date::from_ymd(2024, 12, 31).serial() == 20088);
        CHECK(Date::from_ymd(1900, 1, 1).serial() == -25567);
        CHECK(Date::from_ymd(2999, 12, 31).serial() == 376199);
    }

    SUBCASE("from_serial")
    {
        CHECK(Date::from_serial(0).to_string() == "1970-01-01");
        CHECK(Date::from_serial(-1).to_string() == "1969-12-31");
        CHECK(Date::from_serial(11016).to_string() == "2000-02-29");
        CHECK(Date::from_serial(19723).to_string() == "2024-01-01");
        CHECK(Date::from_serial(-25000).to_string() == "1901-07-22");
        CHECK(Date::from_serial(-25567).to_string() == "1900-01-01");
        CHECK(Date::from_serial(376199).to_string() == "2999-12-31");
        CHECK_THROWS_AS(Date::from_serial(-25568), InvalidValue);
        CHECK_THROWS_AS(Date::from_serial(376200), InvalidValue);
    }

    SUBCASE("every day of the range survives a round trip and follows the one before")
    {
        Date previous = Date::from_ymd(1900, 1, 1);
        for (std::int64_t day = -25567 + 1; day <= 376199; ++day) {
            const Date date = Date::from_serial(day);
            if (date.serial() != day || !(previous < date)) {
                CAPTURE(day);
                FAIL("serial round trip or ordering broken");
            }
            previous = date;
        }
        CHECK(previous.to_string() == "2999-12-31");
    }
}

TEST_CASE("core::Date::add_days")
{
    const Date date = Date::from_ymd(2024, 2, 28);
    CHECK(date.add_days(1).to_string() == "2024-02-29");
    CHECK(date.add_days(2).to_string() == "2024-03-01");
    CHECK(date.add_days(-59).to_string() == "2023-12-31");
    CHECK(date.add_days(366).to_string() == "2025-02-28");
    CHECK(date.add_days(0) == date);
    CHECK_THROWS_AS(Date::from_ymd(2999, 12, 31).add_days(1), InvalidValue);
    CHECK_THROWS_AS(Date::from_ymd(1900, 1, 1).add_days(-1), InvalidValue);
    CHECK_THROWS_AS(date.add_days(std::numeric_limits<std::int64_t>::max()), InvalidValue);
    CHECK_THROWS_AS(date.add_days(std::numeric_limits<std::int64_t>::min()), InvalidValue);
}

TEST_CASE("core::days_between")
{
    CHECK(days_between(Date::from_ymd(2024, 3, 1), Date::from_ymd(2025, 3, 1)) == 365);
    CHECK(days_between(Date::from_ymd(2024, 2, 1), Date::from_ymd(2024, 3, 1)) == 29);
    CHECK(days_between(Date::from_ymd(2023, 2, 1), Date::from_ymd(2023, 3, 1)) == 28);
    CHECK(days_between(Date::from_ymd(2024, 3, 1), Date::from_ymd(2024, 2, 1)) == -29);
    CHECK(days_between(Date::from_ymd(2023, 12, 31), Date::from_ymd(2024, 1, 1)) == 1);
    CHECK(days_between(Date::from_ymd(1900, 1, 1), Date::from_ymd(2000, 1, 1)) == 36524);
}

TEST_CASE("core::Date::add_months")
{
    SUBCASE("clamped to the end of the month")
    {
        CHECK(Date::from_ymd(2024, 1, 31).add_months(1).to_string() == "2024-02-29");
        CHECK(Date::from_ymd(2023, 1, 31).add_months(1).to_string() == "2023-02-28");
        CHECK(Date::from_ymd(2024, 3, 31).add_months(1).to_string() == "2024-04-30");
        CHECK(Date::from_ymd(2024, 3, 31).add_months(-1).to_string() == "2024-02-29");
        CHECK(Date::from_ymd(2024, 2, 29).add_months(12).to_string() == "2025-02-28");
    }

    SUBCASE("across years")
    {
        CHECK(Date::from_ymd(2024, 11, 15).add_months(2).to_string() == "2025-01-15");
        CHECK(Date::from_ymd(2024, 1, 15).add_months(-1).to_string() == "2023-12-15");
        CHECK(Date::from_ymd(2024, 1, 15).add_months(-13).to_string() == "2022-12-15");
        CHECK(Date::from_ymd(2024, 5, 10).add_months(0).to_string() == "2024-05-10");
        CHECK(Date::from_ymd(2024, 5, 10).add_months(120).to_string() == "2034-05-10");
    }

    SUBCASE("out of range")
    {
        CHECK_THROWS_AS(Date::from_ymd(2999, 12, 1).add_months(1), InvalidValue);
        CHECK_THROWS_AS(Date::from_ymd(1900, 1, 1).add_months(-1), InvalidValue);
        CHECK_THROWS_AS(Date::from_ymd(2024, 1, 1).add_months(std::numeric_limits<int>::max()), InvalidValue);
        CHECK_THROWS_AS(Date::from_ymd(2024, 1, 1).add_months(std::numeric_limits<int>::min()), InvalidValue);
    }
}

TEST_CASE("core::Date::today")
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    REQUIRE(localtime_r(&now, &local) != nullptr);
    const Date today = Date::today();
    // Around midnight the clock may move on between the two readings.
    const std::int64_t expected = Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday).serial();
    CHECK(today.serial() - expected >= 0);
    CHECK(today.serial() - expected <= 1);
}

TEST_CASE("core::Date ordering and period")
{
    CHECK(Date::from_ymd(2024, 1, 31) < Date::from_ymd(2024, 2, 1));
    CHECK(Date::from_ymd(2023, 12, 31) < Date::from_ymd(2024, 1, 1));
    CHECK(Date::from_ymd(2024, 5, 1) == Date::parse("1.5.2024"));
    CHECK(Date::from_ymd(2024, 5, 17).period() == Period::from_ym(2024, 5));
}

TEST_CASE("core::Period::parse")
{
    SUBCASE("accepted forms")
    {
        CHECK(Period::parse("2024-03") == Period::from_ym(2024, 3));
        CHECK(Period::parse("03.2024") == Period::from_ym(2024, 3));
        CHECK(Period::parse("3.2024") == Period::from_ym(2024, 3));
        CHECK(Period::parse(" 2024-12 ").to_string() == "2024-12");
        CHECK(Period::parse("1900-01").to_string() == "1900-01");
        CHECK(Period::parse("2999-12").to_string() == "2999-12");
    }

    SUBCASE("a month as Polish Excel sends it")
    {
        const auto november = Period::from_ym(2026, 11);
        for (const char* text :
             {"01.11.2026", "1.11.2026", "2026-11-01", "11/2026", "11.2026", "lis.26", "lis 2026", "Lis.2026",
              "listopad 2026", "listopada 2026", "LISTOPAD-2026", "Nov-26", "november 2026"}) {
            CAPTURE(text);
            CHECK(Period::parse(text) == november);
        }
        CHECK(Period::parse("paź.26") == Period::from_ym(2026, 10));
        CHECK(Period::parse("pazdziernik 2026") == Period::from_ym(2026, 10));
        CHECK(Period::parse("Września 2025") == Period::from_ym(2025, 9));
        CHECK(Period::parse("sty 27") == Period::from_ym(2027, 1));
        CHECK(Period::parse("maj 2026") == Period::from_ym(2026, 5));
        CHECK(Period::parse("maja 2026") == Period::from_ym(2026, 5));
        CHECK(Period::parse("grudzień 2026") == Period::from_ym(2026, 12));
        CHECK(Period::parse("luty 2024") == Period::from_ym(2024, 2));
    }

    SUBCASE("a day other than the first is not a month")
    {
        const auto message = [](const char* text) {
            try {
                Period::parse(text);
            } catch (const InvalidValue& error) {
                return std::string(error.what());
            }
            return std::string("no error");
        };
        CHECK(message("15.11.2026") ==
              "a month is expected, not a day: 2026-11-15 is not the first of a month (write 2026-11)");
        CHECK(message("2026-11-30") ==
              "a month is expected, not a day: 2026-11-30 is not the first of a month (write 2026-11)");
        CHECK_THROWS_AS(Period::parse("31.11.2026"), InvalidValue);  // no such day
    }

    SUBCASE("rejected")
    {
        for (const char* text : {"", "2024", "2024-3", "24-03", "2024/03", "03-2024", ".2024", "003.2024", "3.24",
                                 "2024-0x", "marz 2024", "lis", "lis 123", "listopad2026x", "13/2026", "13.2026"}) {
            CAPTURE(text);
            CHECK_THROWS_AS(Period::parse(text), InvalidValue);
        }
        CHECK_THROWS_AS(Period::parse("2024-13"), InvalidValue);
        CHECK_THROWS_AS(Period::parse("2024-00"), InvalidValue);
        CHECK_THROWS_AS(Period::parse("1899-12"), InvalidValue);
        CHECK_THROWS_AS(Period::parse("3000-01"), InvalidValue);
        CHECK_THROWS_AS(Period::from_ym(2024, 13), InvalidValue);
    }
}

TEST_CASE("core::Period months")
{
    SUBCASE("add_months across year boundaries")
    {
        CHECK(Period::from_ym(2024, 12).add_months(1).to_string() == "2025-01");
        CHECK(Period::from_ym(2025, 1).add_months(-1).to_string() == "2024-12");
        CHECK(Period::from_ym(2024, 6).add_months(-18).to_string() == "2022-12");
        CHECK(Period::from_ym(2024, 6).add_months(30).to_string() == "2026-12");
        CHECK(Period::from_ym(2024, 6).add_months(0).to_string() == "2024-06");
        CHECK_THROWS_AS(Period::from_ym(2999, 12).add_months(1), InvalidValue);
        CHECK_THROWS_AS(Period::from_ym(1900, 1).add_months(-1), InvalidValue);
    }

    SUBCASE("months_between")
    {
        CHECK(months_between(Period::from_ym(2024, 1), Period::from_ym(2024, 3)) == 2);
        CHECK(months_between(Period::from_ym(2024, 3), Period::from_ym(2024, 1)) == -2);
        CHECK(months_between(Period::from_ym(2023, 11), Period::from_ym(2024, 2)) == 3);
        CHECK(months_between(Period::from_ym(2024, 2), Period::from_ym(2023, 11)) == -3);
        CHECK(months_between(Period::from_ym(2024, 5), Period::from_ym(2024, 5)) == 0);
        CHECK(months_between(Period::from_ym(1900, 1), Period::from_ym(2999, 12)) == 13199);
    }

    SUBCASE("days of the month")
    {
        CHECK(Period::from_ym(2024, 2).days_in_month() == 29);
        CHECK(Period::from_ym(2023, 2).days_in_month() == 28);
        CHECK(Period::from_ym(1900, 2).days_in_month() == 28);
        CHECK(Period::from_ym(2000, 2).days_in_month() == 29);
        CHECK(Period::from_ym(2024, 4).days_in_month() == 30);
        CHECK(Period::from_ym(2024, 12).days_in_month() == 31);
        CHECK(Period::from_ym(2024, 2).first_day().to_string() == "2024-02-01");
        CHECK(Period::from_ym(2024, 2).last_day().to_string() == "2024-02-29");
        CHECK(Period::from_ym(2024, 12).last_day().to_string() == "2024-12-31");
    }

    SUBCASE("ordering and round trip")
    {
        CHECK(Period::from_ym(2023, 12) < Period::from_ym(2024, 1));
        CHECK(Period::from_ym(2024, 1) < Period::from_ym(2024, 2));
        const Period period = Period::from_ym(2031, 7);
        CHECK(Period::parse(period.to_string()) == period);
        const Date date = Date::from_ymd(2031, 7, 9);
        CHECK(Date::parse(date.to_string()) == date);
    }
}
