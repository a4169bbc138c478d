#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "grants/settlement.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

// Every expected figure below was worked out by hand (the working is in the comments), not
// taken from the code under test. Rates are those of schemas/reference/tax_arrears_rates.csv:
// 8 % until 2022-02-08, 10 % from 2022-03-09, 16.5 % from 2022-09-08, 15 % from 2023-09-07,
// 14.5 % from 2023-10-05, 13.5 % from 2025-05-08, 13 % from 2025-07-03, 12.5 % from 2025-09-04.

using namespace toro;
using namespace toro::grants;

namespace {

Money zl(std::string_view text)
{
    return Money::parse(text);
}

Date day(std::string_view text)
{
    return Date::parse(text);
}

// A venture of June 2025: grant 20 000 zł paid in two tranches (the last on 2025-03-10),
// own funds 5 000 zł; the final report spent 18 000 zł of the grant (personnel 12 000 of
// 12 000 planned, services 6 000 of 8 000) and 5 000 zł of its own. So 2 000 zł is unused,
// due on 2025-07-15.
SettlementInput june_venture()
{
    SettlementInput input;
    input.as_of = day("2025-12-31");
    input.starts = Period::parse("2025-01");
    input.ends = Period::parse("2025-06");
    input.grant = zl("20000");
    input.own_funds = zl("5000");
    input.payments = {{day("2025-01-10"), zl("15000")}, {day("2025-03-10"), zl("5000")}};
    input.grant_costs = {{"personnel", zl("12000"), zl("12000")}, {"services", zl("8000"), zl("6000")}};
    input.other_costs = zl("5000");
    input.rates = shipped_rates();
    return input;
}

std::string applied(const Settlement& settlement)
{
    std::string text;
    for (const auto& line : settlement.returns) {
        text += line.returned_on.to_string() + " " + line.amount.to_machine() + " " + line.applied_to + "; ";
    }
    return text;
}

}  // namespace

TEST_CASE("grants::return_due_on")
{
    SUBCASE("a venture ending in June: 15 days after 30 June")
    {
        const auto deadline = use_deadline(Period::parse("2025-06"), std::nullopt);
        CHECK(deadline == day("2025-06-30"));
        CHECK(return_due_on(deadline) == day("2025-07-15"));
    }
    SUBCASE("ending on 31 December: 31 January of the next year")
    {
        const auto deadline = use_deadline(Period::parse("2024-12"), std::nullopt);
        CHECK(deadline == day("2024-12-31"));
        CHECK(return_due_on(deadline) == day("2025-01-31"));
    }
    SUBCASE("a use-until date overrides the last day of the last month")
    {
        CHECK(use_deadline(Period::parse("2025-12"), day("2025-11-20")) == day("2025-11-20"));
        CHECK(return_due_on(day("2025-11-20")) == day("2025-12-05"));
        // use_until 31 December even though the venture's months end earlier
        CHECK(return_due_on(use_deadline(Period::parse("2025-10"), day("2025-12-31"))) == day("2026-01-31"));
    }
    SUBCASE("February of a leap year; a deadline late in December")
    {
        CHECK(return_due_on(use_deadline(Period::parse("2024-02"), std::nullopt)) == day("2024-03-15"));
        CHECK(return_due_on(day("2025-12-30")) == day("2026-01-14"));
    }
}

TEST_CASE("grants::rate_table")
{
    const auto rates = shipped_rates();
    REQUIRE(!rates.empty());
    CHECK(rates.front().from == day("2016-01-01"));
    CHECK(rates.front().rate_millionths == 80'000);
    for (std::size_t i = 1; i < rates.size(); ++i) {
        CHECK(rates[i - 1].from < rates[i].from);
        CHECK(rates[i].rate_millionths >= 80'000);  // never below 8 % (art. 56 § 1)
    }
    SUBCASE("overrides replace the table from their first date on")
    {
        const auto merged = with_overrides(rates, {{day("2025-10-01"), 120'000}, {day("2026-02-01"), 100'000}});
        CHECK(merged.back().from == day("2026-02-01"));
        CHECK(merged[merged.size() - 2].from == day("2025-10-01"));
        CHECK(merged[merged.size() - 3].from == day("2025-09-04"));  // 2025-10-09 and later are gone
    }
    SUBCASE("a malformed table names its line")
    {
        CHECK_THROWS_WITH_AS(parse_rate_table("from,rate\n2020-01-01,8\n2019-01-01,9\n", "t.csv"),
                             "date order: each rate must start after the one before", Error);
        try {
            parse_rate_table("from,rate\n2020-13-01,8\n", "t.csv");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.context() == "t.csv:2");
        }
    }
}

TEST_CASE("grants::late_interest")
{
    const auto rates = shipped_rates();
    SUBCASE("across two rate changes")
    {
        // 10 000 zł from 2023-09-01 through 2023-10-10: 6 days at 16.5 % (1–6 Sep), 28 at 15 %
        // (7 Sep – 4 Oct), 6 at 14.5 % (5–10 Oct): 10 000 × (0.99 + 4.2 + 0.87) / 365 =
        // 60 600 / 365 = 166.03 → 166 zł.
        const auto interest = late_interest(zl("10000"), day("2023-09-01"), day("2023-10-10"), rates);
        REQUIRE(interest.periods.size() == 3);
        CHECK(interest.periods[0].days == 6);
        CHECK(interest.periods[0].rate_millionths == 165'000);
        CHECK(interest.periods[1].from == day("2023-09-07"));
        CHECK(interest.periods[1].to == day("2023-10-04"));
        CHECK(interest.periods[1].days == 28);
        CHECK(interest.periods[2].days == 6);
        CHECK(interest.amount == zl("166"));
    }
    SUBCASE("a leap year's 366 days over a year of 365")
    {
        // 10 000 zł through all of 2024 at 14.5 %: 10 000 × 366 × 0.145 / 365 = 1 453.97 → 1 454 zł.
        const auto interest = late_interest(zl("10000"), day("2024-01-01"), day("2024-12-31"), rates);
        REQUIRE(interest.periods.size() == 1);
        CHECK(interest.periods[0].days == 366);
        CHECK(interest.amount == zl("1454"));
    }
    SUBCASE("rounded half up to whole złoty")
    {
        // 1 387 zł × 25 days × 10 % / 365 = 3 467.5 / 365 = 9.50 exactly → 10 zł;
        // 1 386.99 zł gives 9.4999… → 9 zł.
        CHECK(late_interest(zl("1387"), day("2022-03-10"), day("2022-04-03"), rates).amount == zl("10"));
        CHECK(late_interest(zl("1386.99"), day("2022-03-10"), day("2022-04-03"), rates).amount == zl("9"));
    }
    SUBCASE("no days, no interest; no rate before the table")
    {
        CHECK(late_interest(zl("1000"), day("2025-02-02"), day("2025-02-01"), rates).amount == Money());
        CHECK_THROWS_AS(late_interest(zl("1000"), day("2015-12-30"), day("2016-01-05"), rates), Error);
    }
}

TEST_CASE("grants::grant_use")
{
    // Tolerance 10 %: personnel 10 000 planned → 11 000 allowed, 11 500 spent → 500 excess;
    // services 3 000 of 5 000; materials had no grant planned: all 200 is excess.
    const auto use = grant_use({{"personnel", zl("10000"), zl("11500")},
                                {"services", zl("5000"), zl("3000")},
                                {"materials", zl("0"), zl("200")}},
                               100'000);
    CHECK(use.used == zl("14000"));
    CHECK(use.excess == zl("700"));
    CHECK(use.categories[0].allowed == zl("11000"));
    CHECK(use.categories[0].excess == zl("500"));
    CHECK(use.categories[2].excess == zl("200"));
    SUBCASE("within the tolerance nothing is excess; the allowed amount rounds half up")
    {
        // 333.35 × 1.1 = 366.685 → 366.69
        const auto within = grant_use({{"rent", zl("333.35"), zl("366.69")}}, 100'000);
        CHECK(within.categories[0].allowed == zl("366.69"));
        CHECK(within.excess == Money());
        const auto above = grant_use({{"rent", zl("333.35"), zl("366.70")}}, 100'000);
        CHECK(above.excess == zl("0.01"));
    }
    SUBCASE("a tolerance of 0")
    {
        CHECK(grant_use({{"rent", zl("100"), zl("100.01")}}, 0).excess == zl("0.01"));
    }
}

TEST_CASE("grants::own_share_shortfall")
{
    // grant 20 000 of 25 000 planned: g = 0.8. Spent 18 000 of the grant and 5 000 own: 0.8 ×
    // 23 000 = 18 400 ≥ 18 000, no shortfall. With only 2 000 own: 0.8 × 20 000 = 16 000, so
    // 2 000 zł of the grant paid a larger share than planned.
    CHECK(own_share_shortfall(zl("18000"), zl("5000"), zl("20000"), zl("5000"), Money()) == Money());
    CHECK(own_share_shortfall(zl("18000"), zl("2000"), zl("20000"), zl("5000"), Money()) == zl("2000"));
    // in kind counts in the plan: g = 10 000 / 12 000; 10 000 + 1 000 spent: 11 000 × 5/6 =
    // 9 166.666… → 9 166.67; shortfall 833.33
    CHECK(own_share_shortfall(zl("10000"), zl("1000"), zl("10000"), Money(), zl("2000")) == zl("833.33"));
}

TEST_CASE("grants::settle")
{
    auto input = june_venture();
    SUBCASE("returned before the due date: settled, no interest")
    {
        input.returns = {{day("2025-07-10"), zl("2000")}};
        const auto s = settle(input);
        CHECK(s.grant_paid == zl("20000"));
        CHECK(s.use.used == zl("18000"));
        CHECK(s.unused == zl("2000"));
        CHECK(s.own_share_shortfall == Money());
        CHECK(s.due_on == day("2025-07-15"));
        REQUIRE(s.due.size() == 1);
        CHECK(s.due[0].outstanding == Money());
        CHECK(s.interest.empty());
        CHECK(s.balance_due == Money());
        CHECK(s.status == SettlementStatus::settled);
    }
    SUBCASE("a late return across a rate change; the interest stays due")
    {
        // 2 000 zł returned on 2025-09-15: from 16 July, 50 days at 13 % (16 Jul – 3 Sep) and 12
        // at 12.5 % (4–15 Sep): 2 000 × (6.5 + 1.5) / 365 = 43.84 → 44 zł.
        input.returns = {{day("2025-09-15"), zl("2000")}};
        input.as_of = day("2025-10-01");
        const auto s = settle(input);
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].from == day("2025-07-16"));
        CHECK(s.interest[0].to == day("2025-09-15"));
        REQUIRE(s.interest[0].periods.size() == 2);
        CHECK(s.interest[0].periods[0].days == 50);
        CHECK(s.interest[0].periods[1].days == 12);
        CHECK(s.interest[0].interest == zl("44"));
        CHECK(s.balance_due == zl("44"));
        CHECK(s.status == SettlementStatus::open);  // the principal is back; interest is open
    }
    SUBCASE("partial returns, the interest paid by a later return")
    {
        // 1 000 on time; 1 000 on 2025-09-15: 1 000 × 8 / 365 = 21.92 → 22 zł; 30 zł on 1 Oct:
        // 22 to interest, 8 more than was owed.
        input.returns = {
            {day("2025-07-10"), zl("1000")}, {day("2025-09-15"), zl("1000")}, {day("2025-10-01"), zl("30")}};
        auto s = settle(input);
        CHECK(applied(s) == "2025-07-10 1000.00 unused; 2025-09-15 1000.00 unused; 2025-10-01 22.00 interest; "
                            "2025-10-01 8.00 surplus; ");
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].amount == zl("1000"));
        CHECK(s.interest[0].interest == zl("22"));
        CHECK(s.interest[0].paid == zl("22"));
        CHECK(s.balance_due == Money());
        CHECK(s.status == SettlementStatus::settled);
        SUBCASE("as of the day before the last return")
        {
            input.as_of = day("2025-09-30");
            s = settle(input);
            CHECK(s.balance_due == zl("22"));
            CHECK(s.status == SettlementStatus::open);
        }
    }
    SUBCASE("nothing returned: overdue, the interest running through the as-of date")
    {
        // 2 000 × 17 days (16 Jul – 1 Aug) × 13 % / 365 = 12.11 → 12 zł
        input.as_of = day("2025-08-01");
        const auto s = settle(input);
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].running);
        CHECK(s.interest[0].interest == zl("12"));
        CHECK(s.balance_due == zl("2012"));
        CHECK(s.status == SettlementStatus::overdue);
        input.as_of = day("2025-07-15");
        CHECK(settle(input).status == SettlementStatus::open);  // due today, not yet late
    }
    SUBCASE("interest below the minimum is not charged")
    {
        // 1 000 zł late from 16 July through 8 Aug (24 days) at 13 %: 8.55 → 9 zł, charged;
        // through 7 Aug (23 days): 8.19 → 8 zł, below 8.70: not charged.
        input.returns = {{day("2025-07-10"), zl("1000")}, {day("2025-08-08"), zl("1000")}};
        auto s = settle(input);
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].interest == zl("9"));
        input.returns[1].returned_on = day("2025-08-07");
        s = settle(input);
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].computed == zl("8"));
        CHECK(s.interest[0].interest == Money());
        CHECK(s.balance_due == Money());
        CHECK(s.status == SettlementStatus::settled);
    }
    SUBCASE("excess first, its interest from the last payment; then unused")
    {
        // services 9 000 of 8 000 planned: 8 800 allowed, 200 excess; personnel 10 000 of 12 000.
        // used 18 800; unused 20 000 − 18 800 − 200 = 1 000. A return of 1 200 on 2025-07-10:
        // 200 excess, interest from 10 March through 10 July: 59 days at 14.5 %, 56 at 13.5 %,
        // 8 at 13 %: 200 × (8.555 + 7.56 + 1.04) / 365 = 9.40 → 9 zł; then 1 000 unused, on time.
        input.grant_costs = {{"personnel", zl("12000"), zl("10000")}, {"services", zl("8000"), zl("9000")}};
        input.returns = {{day("2025-07-10"), zl("1200")}};
        input.as_of = day("2025-07-31");
        const auto s = settle(input);
        CHECK(s.use.excess == zl("200"));
        CHECK(s.unused == zl("1000"));
        CHECK(applied(s) == "2025-07-10 200.00 excess; 2025-07-10 1000.00 unused; ");
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].from == day("2025-03-10"));
        REQUIRE(s.interest[0].periods.size() == 3);
        CHECK(s.interest[0].periods[0].days == 59);
        CHECK(s.interest[0].periods[1].days == 56);
        CHECK(s.interest[0].periods[2].days == 8);
        CHECK(s.interest[0].interest == zl("9"));
        CHECK(s.balance_due == zl("9"));
    }
    SUBCASE("no payment registered: paid in full on the start")
    {
        input.payments.clear();
        const auto s = settle(input);
        CHECK(s.paid_on_start);
        CHECK(s.grant_paid == zl("20000"));
        CHECK(s.last_payment == day("2025-01-01"));
    }
    SUBCASE("an own-share shortfall is due with the rest")
    {
        input.other_costs = zl("2000");
        input.returns = {{day("2025-07-01"), zl("4000")}};
        const auto s = settle(input);
        CHECK(s.own_share_shortfall == zl("2000"));
        CHECK(applied(s) == "2025-07-01 2000.00 unused; 2025-07-01 2000.00 own_share_shortfall; ");
        CHECK(s.status == SettlementStatus::settled);
    }
}
