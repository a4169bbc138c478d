#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "registry/loan.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Every expected figure below was worked out by hand (the working is in the comments), not
// taken from the code under test.

using namespace toro;
using namespace toro::registry;

namespace {

Money zl(std::string_view text)
{
    return Money::parse(text);
}

Date day(std::string_view text)
{
    return Date::parse(text);
}

LoanTerms terms(std::string_view principal, std::string_view rate, int months, LoanMethod method,
                std::string_view disbursed_on, int grace = 0)
{
    return {.principal = zl(principal),
            .annual_rate_millionths = parse_rate(rate),
            .term_months = months,
            .method = method,
            .disbursed_on = day(disbursed_on),
            .first_due_on = std::nullopt,
            .grace_months = grace};
}

// "no due_on principal interest payment balance", amounts as in CSV.
std::string row(const Instalment& instalment)
{
    return std::to_string(instalment.no) + " " + instalment.due_on.to_string() + " " +
           instalment.principal.to_machine() + " " + instalment.interest.to_machine() + " " +
           instalment.payment.to_machine() + " " + instalment.balance.to_machine();
}

std::string row(const Allocation& allocation)
{
    return allocation.paid_on.to_string() + " #" + std::to_string(allocation.instalment_no) + " " +
           allocation.interest.to_machine() + " " + allocation.principal.to_machine();
}

struct Sums {
    Money principal;
    Money interest;
    Money payment;
};

Sums sums(const std::vector<Instalment>& instalments)
{
    Sums total;
    for (const auto& instalment : instalments) {
        total.principal += instalment.principal;
        total.interest += instalment.interest;
        total.payment += instalment.payment;
    }
    return total;
}

std::vector<std::string> due_dates(const std::vector<Instalment>& instalments)
{
    std::vector<std::string> dates;
    for (const auto& instalment : instalments) {
        dates.push_back(instalment.due_on.to_string());
    }
    return dates;
}

std::string terms_error(const LoanTerms& loan)
{
    try {
        schedule(loan);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

// 12 000 zł at 12 % over 12 months, annuity, paid out 15 January 2024: due on the 15th from
// February 2024 to January 2025, 1066.19 a month (see "registry::schedule", annuity).
std::vector<Instalment> twelve_thousand()
{
    return schedule(terms("12000", "12", 12, LoanMethod::annuity, "2024-01-15"));
}

}  // namespace

TEST_CASE("registry::parse_rate")
{
    SUBCASE("millionths: 1 % = 10 000")
    {
        CHECK(parse_rate("12") == 120'000);
        CHECK(parse_rate("12.5") == 125'000);
        CHECK(parse_rate("0,25") == 2'500);
        CHECK(parse_rate("1.75") == 17'500);
        CHECK(parse_rate("0") == 0);
        CHECK(parse_rate("100") == 1'000'000);
        CHECK(parse_rate("0.0001") == 1);
        CHECK(parse_rate("15.1234") == 151'234);
        CHECK(parse_rate(" 1.5 % ") == 15'000);
        CHECK(parse_rate("1.50") == 15'000);
    }

    SUBCASE("not a rate")
    {
        for (const char* text :
             {"", "%", "abc", "-1", "+1", "1.", ".5", "1,2,3", "1.23456", "100.01", "101", "1000", "1e2", "1 5"}) {
            CAPTURE(text);
            CHECK_THROWS_AS(parse_rate(text), InvalidValue);
        }
    }
}

TEST_CASE("registry::parse_loan_method")
{
    CHECK(parse_loan_method("annuity") == LoanMethod::annuity);
    CHECK(parse_loan_method("equal_principal") == LoanMethod::equal_principal);
    CHECK_THROWS_AS(parse_loan_method("balloon"), InvalidValue);
}

TEST_CASE("registry::schedule")
{
    SUBCASE("annuity: 12 000 zł, 12 %, 12 months")
    {
        // r = 12 / 12 / 100 = 0.01; 1.01^12 = 1.1268250; 1.01^-12 = 0.8874492;
        // A = 12 000 × 0.01 / (1 − 0.8874492) = 120 / 0.1125508 = 1066.1855 → 1066.19.
        // 1: interest 12 000.00 × 0.01 = 120.00; principal 1066.19 − 120.00 = 946.19;
        //    balance 12 000.00 − 946.19 = 11 053.81.
        // 2: interest 11 053.81 × 0.01 = 110.5381 → 110.54; principal 955.65; balance 10 098.16.
        // 3…11: 100.98, 91.33, 81.58, 71.73, 61.79, 51.75, 41.60, 31.36, 21.01 interest,
        //    leaving 1055.58 after the 11th.
        // 12: interest 1055.58 × 0.01 = 10.5558 → 10.56; principal = what remains, 1055.58;
        //    payment 1066.14.
        // Interest total 120.00 + 110.54 + 100.98 + 91.33 + 81.58 + 71.73 + 61.79 + 51.75 +
        //    41.60 + 31.36 + 21.01 + 10.56 = 794.23.
        const auto instalments = twelve_thousand();
        REQUIRE(instalments.size() == 12);
        CHECK(row(instalments[0]) == "1 2024-02-15 946.19 120.00 1066.19 11053.81");
        CHECK(row(instalments[1]) == "2 2024-03-15 955.65 110.54 1066.19 10098.16");
        CHECK(row(instalments[2]) == "3 2024-04-15 965.21 100.98 1066.19 9132.95");
        CHECK(row(instalments[10]) == "11 2024-12-15 1045.18 21.01 1066.19 1055.58");
        CHECK(row(instalments[11]) == "12 2025-01-15 1055.58 10.56 1066.14 0.00");
        for (std::size_t i = 0; i + 1 < instalments.size(); ++i) {
            CHECK(instalments[i].payment == zl("1066.19"));
        }
        const Sums total = sums(instalments);
        CHECK(total.principal == zl("12000.00"));
        CHECK(total.interest == zl("794.23"));
        CHECK(total.payment == zl("12794.23"));
    }

    SUBCASE("equal principal: 10 000 zł, 6 %, 6 months")
    {
        // Monthly rate 0.5 %; principal 10 000 / 6 = 1666.666… → 1666.67 a month.
        // 1: 10 000.00 × 0.005 = 50.00;          payment 1716.67; balance 8333.33
        // 2:  8333.33 × 0.005 = 41.66665 → 41.67; payment 1708.34; balance 6666.66
        // 3:  6666.66 × 0.005 = 33.3333 → 33.33;  payment 1700.00; balance 4999.99
        // 4:  4999.99 × 0.005 = 24.99995 → 25.00; payment 1691.67; balance 3333.32
        // 5:  3333.32 × 0.005 = 16.6666 → 16.67;  payment 1683.34; balance 1666.65
        // 6: the rest, 1666.65; 1666.65 × 0.005 = 8.33325 → 8.33; payment 1674.98.
        // Interest 50.00 + 41.67 + 33.33 + 25.00 + 16.67 + 8.33 = 175.00.
        const auto instalments = schedule(terms("10000", "6", 6, LoanMethod::equal_principal, "2024-03-10"));
        REQUIRE(instalments.size() == 6);
        CHECK(row(instalments[0]) == "1 2024-04-10 1666.67 50.00 1716.67 8333.33");
        CHECK(row(instalments[1]) == "2 2024-05-10 1666.67 41.67 1708.34 6666.66");
        CHECK(row(instalments[2]) == "3 2024-06-10 1666.67 33.33 1700.00 4999.99");
        CHECK(row(instalments[3]) == "4 2024-07-10 1666.67 25.00 1691.67 3333.32");
        CHECK(row(instalments[4]) == "5 2024-08-10 1666.67 16.67 1683.34 1666.65");
        CHECK(row(instalments[5]) == "6 2024-09-10 1666.65 8.33 1674.98 0.00");
        const Sums total = sums(instalments);
        CHECK(total.principal == zl("10000.00"));
        CHECK(total.interest == zl("175.00"));
    }

    SUBCASE("annuity with 3 grace months")
    {
        // Months 1–3 pay interest only: 12 000.00 × 0.01 = 120.00.
        // Then n = 12 − 3 = 9: 1.01^9 = 1.0936853; 1.01^-9 = 0.9143398;
        // A = 120 / (1 − 0.9143398) = 120 / 0.0856602 = 1400.884 → 1400.88.
        // 4: interest 120.00, principal 1280.88, balance 10 719.12.
        // 5: 10 719.12 × 0.01 = 107.1912 → 107.19; principal 1293.69; balance 9425.43.
        // 6…11 leave 1387.04; 12: interest 13.8704 → 13.87, payment 1387.04 + 13.87 = 1400.91.
        const auto instalments = schedule(terms("12000", "12", 12, LoanMethod::annuity, "2024-01-15", 3));
        REQUIRE(instalments.size() == 12);
        for (std::size_t i = 0; i < 3; ++i) {
            CAPTURE(i);
            CHECK(instalments[i].principal == Money());
            CHECK(instalments[i].interest == zl("120.00"));
            CHECK(instalments[i].payment == zl("120.00"));
            CHECK(instalments[i].balance == zl("12000.00"));
        }
        CHECK(row(instalments[3]) == "4 2024-05-15 1280.88 120.00 1400.88 10719.12");
        CHECK(row(instalments[4]) == "5 2024-06-15 1293.69 107.19 1400.88 9425.43");
        CHECK(row(instalments[11]) == "12 2025-01-15 1387.04 13.87 1400.91 0.00");
        CHECK(sums(instalments).principal == zl("12000.00"));
    }

    SUBCASE("equal principal with 3 grace months")
    {
        // Months 1–3: 10 000.00 × 0.005 = 50.00 interest only. Then 10 000 / 3 = 3333.33.
        // 4: interest 50.00, payment 3383.33, balance 6666.67
        // 5: 6666.67 × 0.005 = 33.33335 → 33.33, payment 3366.66, balance 3333.34
        // 6: the rest 3333.34; 3333.34 × 0.005 = 16.6667 → 16.67; payment 3350.01.
        const auto instalments = schedule(terms("10000", "6", 6, LoanMethod::equal_principal, "2024-03-10", 3));
        REQUIRE(instalments.size() == 6);
        CHECK(row(instalments[0]) == "1 2024-04-10 0.00 50.00 50.00 10000.00");
        CHECK(row(instalments[1]) == "2 2024-05-10 0.00 50.00 50.00 10000.00");
        CHECK(row(instalments[2]) == "3 2024-06-10 0.00 50.00 50.00 10000.00");
        CHECK(row(instalments[3]) == "4 2024-07-10 3333.33 50.00 3383.33 6666.67");
        CHECK(row(instalments[4]) == "5 2024-08-10 3333.33 33.33 3366.66 3333.34");
        CHECK(row(instalments[5]) == "6 2024-09-10 3333.34 16.67 3350.01 0.00");
        CHECK(sums(instalments).interest == zl("250.00"));
    }

    SUBCASE("rate 0: no interest, the last instalment absorbs the remainder")
    {
        // 1000 / 3 = 333.333… → 333.33, 333.33, and the rest 333.34 — by either method.
        for (const LoanMethod method : {LoanMethod::annuity, LoanMethod::equal_principal}) {
            const auto instalments = schedule(terms("1000", "0", 3, method, "2024-01-05"));
            REQUIRE(instalments.size() == 3);
            CHECK(row(instalments[0]) == "1 2024-02-05 333.33 0.00 333.33 666.67");
            CHECK(row(instalments[1]) == "2 2024-03-05 333.33 0.00 333.33 333.34");
            CHECK(row(instalments[2]) == "3 2024-04-05 333.34 0.00 333.34 0.00");
        }
        // With a grace month the first instalment is nothing at all: 0 interest on 1000.
        const auto graced = schedule(terms("1000", "0,00", 3, LoanMethod::annuity, "2024-01-05", 1));
        REQUIRE(graced.size() == 3);
        CHECK(row(graced[0]) == "1 2024-02-05 0.00 0.00 0.00 1000.00");
        CHECK(row(graced[1]) == "2 2024-03-05 500.00 0.00 500.00 500.00");
        CHECK(row(graced[2]) == "3 2024-04-05 500.00 0.00 500.00 0.00");
    }

    SUBCASE("paid out on 31 January: each due date counted from the 31st, not chained")
    {
        const auto leap = schedule(terms("6000", "0", 6, LoanMethod::equal_principal, "2024-01-31"));
        CHECK(due_dates(leap) == std::vector<std::string>{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31",
                                                          "2024-06-30", "2024-07-31"});
        const auto common = schedule(terms("3000", "0", 3, LoanMethod::equal_principal, "2023-01-31"));
        CHECK(due_dates(common) == std::vector<std::string>{"2023-02-28", "2023-03-31", "2023-04-30"});
        // Across a year end: 30 November → 30 December, 30 January, 29 February (2024).
        const auto year_end = schedule(terms("3000", "0", 3, LoanMethod::equal_principal, "2023-11-30"));
        CHECK(due_dates(year_end) == std::vector<std::string>{"2023-12-30", "2024-01-30", "2024-02-29"});
    }

    SUBCASE("an explicit first due date sets the day of month")
    {
        auto loan = terms("3000", "0", 3, LoanMethod::annuity, "2024-01-20");
        loan.first_due_on = day("2024-03-15");
        CHECK(due_dates(schedule(loan)) == std::vector<std::string>{"2024-03-15", "2024-04-15", "2024-05-15"});
        // First due on the 31st: the later months are clamped, then back to the 31st.
        loan.first_due_on = day("2024-01-31");
        CHECK(due_dates(schedule(loan)) == std::vector<std::string>{"2024-01-31", "2024-02-29", "2024-03-31"});
    }

    SUBCASE("interest on the first due date is still one month's")
    {
        // 1000 zł at 12 % first due after 2 months: interest is monthly, 1000 × 0.01 = 10.00.
        auto loan = terms("1000", "12", 1, LoanMethod::annuity, "2024-01-20");
        loan.first_due_on = day("2024-03-20");
        CHECK(row(schedule(loan).at(0)) == "1 2024-03-20 1000.00 10.00 1010.00 0.00");
    }

    SUBCASE("rounding is half away from zero at exactly half a grosz")
    {
        // 1000.50 zł at 12 %: interest 100 050 gr × 0.01 = 1000.5 gr → 1001 gr = 10.01
        // (to even would give 10.00).
        const auto interest = schedule(terms("1000.50", "12", 1, LoanMethod::annuity, "2024-01-10"));
        CHECK(row(interest.at(0)) == "1 2024-02-10 1000.50 10.01 1010.51 0.00");
        // 1 zł at 6 %: 100 gr × 0.005 = 0.5 gr → 1 gr.
        const auto tiny = schedule(terms("1", "6", 1, LoanMethod::equal_principal, "2024-01-10"));
        CHECK(tiny.at(0).interest == zl("0.01"));
        // 1000.01 zł over 2 months at 0 %: 100 001 / 2 = 50 000.5 gr → 50 001 gr = 500.01,
        // the rest 500.00 (to even would give 500.00 and 500.01).
        const auto principal = schedule(terms("1000.01", "0", 2, LoanMethod::equal_principal, "2024-01-10"));
        CHECK(row(principal.at(0)) == "1 2024-02-10 500.01 0.00 500.01 500.00");
        CHECK(row(principal.at(1)) == "2 2024-03-10 500.00 0.00 500.00 0.00");
        // 0.25 % on 12 000 zł: 1 200 000 gr × 0.0025 / 12 = 250 gr = 2.50 exactly.
        const auto low = schedule(terms("12000", "0.25", 12, LoanMethod::equal_principal, "2024-01-10"));
        CHECK(low.at(0).interest == zl("2.50"));
        // 1.75 % on 10 000 zł: 1 000 000 gr × 0.0175 / 12 = 1458.33 gr → 14.58.
        const auto mid = schedule(terms("10000", "1.75", 12, LoanMethod::equal_principal, "2024-01-10"));
        CHECK(mid.at(0).interest == zl("14.58"));
    }

    SUBCASE("one tiny loan cannot be over-repaid by rounding")
    {
        // 0.02 zł over 3 months at 0 %: 2 / 3 = 0.67 gr → 1 gr; 1 gr, 1 gr, then nothing left.
        const auto instalments = schedule(terms("0.02", "0", 3, LoanMethod::equal_principal, "2024-01-10"));
        CHECK(row(instalments.at(0)) == "1 2024-02-10 0.01 0.00 0.01 0.01");
        CHECK(row(instalments.at(1)) == "2 2024-03-10 0.01 0.00 0.01 0.00");
        CHECK(row(instalments.at(2)) == "3 2024-04-10 0.00 0.00 0.00 0.00");
    }

    SUBCASE("impossible terms")
    {
        const auto valid = terms("1000", "5", 12, LoanMethod::annuity, "2024-01-10", 2);
        CHECK(terms_error(valid) == "(no error)");

        auto loan = valid;
        loan.term_months = 0;
        CHECK(terms_error(loan) == "a loan's term must be between 1 and 600 months");
        loan.term_months = -3;
        CHECK_THROWS_AS(schedule(loan), InvalidValue);
        loan.term_months = 601;
        CHECK_THROWS_AS(schedule(loan), InvalidValue);

        loan = valid;
        loan.grace_months = 12;
        CHECK(terms_error(loan) == "a loan's grace months must be at least 0 and fewer than its term months");
        loan.grace_months = 13;
        CHECK_THROWS_AS(schedule(loan), InvalidValue);
        loan.grace_months = -1;
        CHECK_THROWS_AS(schedule(loan), InvalidValue);

        loan = valid;
        loan.annual_rate_millionths = -1;
        CHECK(terms_error(loan) == "a loan's annual rate must be between 0 and 100 percent");
        loan.annual_rate_millionths = 1'000'001;
        CHECK_THROWS_AS(schedule(loan), InvalidValue);

        loan = valid;
        loan.principal = zl("-100");
        CHECK(terms_error(loan) == "a loan's principal must be more than 0");
        loan.principal = Money();
        CHECK_THROWS_AS(schedule(loan), InvalidValue);

        loan = valid;
        loan.first_due_on = loan.disbursed_on;
        CHECK(terms_error(loan) == "a loan's first instalment must fall due after the loan is paid out");
        loan.first_due_on = day("2023-12-31");
        CHECK_THROWS_AS(schedule(loan), InvalidValue);
    }
}

TEST_CASE("registry::allocate")
{
    const auto instalments = twelve_thousand();

    SUBCASE("interest before principal, oldest instalment first, in paid_on order")
    {
        // Given out of order: 1500.00 on 10 Feb settles instalment 1 (120.00 + 946.19 =
        // 1066.19) and puts 1500.00 − 1066.19 = 433.81 on instalment 2: its interest 110.54,
        // then 433.81 − 110.54 = 323.27 of principal. 700.00 on 1 Mar: instalment 2's remaining
        // principal 955.65 − 323.27 = 632.38, then 700.00 − 632.38 = 67.62 of instalment 3's
        // interest 100.98.
        const auto parts =
            allocate(instalments, {{day("2024-03-01"), zl("700.00")}, {day("2024-02-10"), zl("1500.00")}});
        REQUIRE(parts.size() == 4);
        CHECK(row(parts[0]) == "2024-02-10 #1 120.00 946.19");
        CHECK(row(parts[1]) == "2024-02-10 #2 110.54 323.27");
        CHECK(row(parts[2]) == "2024-03-01 #2 0.00 632.38");
        CHECK(row(parts[3]) == "2024-03-01 #3 67.62 0.00");
    }

    SUBCASE("nothing is allocated beyond the schedule")
    {
        const auto small = schedule(terms("1000", "0", 3, LoanMethod::annuity, "2024-01-05"));
        const auto parts = allocate(small, {{day("2024-02-05"), zl("1200.00")}});
        REQUIRE(parts.size() == 3);
        CHECK(row(parts[2]) == "2024-02-05 #3 0.00 333.34");
    }

    SUBCASE("a repayment of nothing is refused")
    {
        CHECK_THROWS_AS(allocate(instalments, {{day("2024-02-10"), Money()}}), InvalidValue);
        CHECK_THROWS_AS(allocate(instalments, {{day("2024-02-10"), zl("-5")}}), InvalidValue);
    }
}

TEST_CASE("registry::arrears_bucket")
{
    CHECK(arrears_bucket(0) == "current");
    CHECK(arrears_bucket(1) == "1-30");
    CHECK(arrears_bucket(30) == "1-30");
    CHECK(arrears_bucket(31) == "31-60");
    CHECK(arrears_bucket(60) == "31-60");
    CHECK(arrears_bucket(61) == "61-90");
    CHECK(arrears_bucket(90) == "61-90");
    CHECK(arrears_bucket(91) == "90+");
}

TEST_CASE("registry::status_as_of")
{
    // Instalments of 1066.19 due on 15 Feb, 15 Mar, 15 Apr, 15 May 2024, … (see above).
    const auto instalments = twelve_thousand();

    SUBCASE("no payments: days past due grow from the day after the due date")
    {
        struct Expected {
            const char* as_of;
            int days;
            const char* bucket;
            const char* overdue;
        };
        // From 15 Feb 2024 (a leap year): 14 days to the end of February, then March 31,
        // April 30. Overdue counts the instalments due strictly before the date, 1066.19 each.
        const Expected table[] = {
            {"2024-02-01", 0, "current", "0.00"},  // before the first due date
            {"2024-02-15", 0, "current", "0.00"},  // the due date itself
            {"2024-02-16", 1, "1-30", "1066.19"},
            {"2024-03-15", 29, "1-30", "1066.19"},  // 14 + 15; instalment 2 due that very day
            {"2024-03-16", 30, "1-30", "2132.38"},  // 14 + 16; 2 × 1066.19
            {"2024-03-17", 31, "31-60", "2132.38"},
            {"2024-04-15", 60, "31-60", "2132.38"},  // 14 + 31 + 15
            {"2024-04-16", 61, "61-90", "3198.57"},  // 3 × 1066.19
            {"2024-05-15", 90, "61-90", "3198.57"},  // 14 + 31 + 30 + 15
            {"2024-05-16", 91, "90+", "4264.76"},    // 4 × 1066.19
        };
        for (const auto& expected : table) {
            CAPTURE(expected.as_of);
            const LoanStatus status = status_as_of(instalments, {}, day(expected.as_of));
            CHECK(status.days_past_due == expected.days);
            CHECK(status.bucket == expected.bucket);
            CHECK(status.overdue == zl(expected.overdue));
            CHECK(status.outstanding == zl("12000.00"));
            CHECK(status.principal_repaid == Money());
            CHECK(status.interest_paid == Money());
            CHECK(status.credit == Money());
        }
        // After the last due date (15 Jan 2025) everything is overdue: 12 794.23.
        CHECK(status_as_of(instalments, {}, day("2025-02-01")).overdue == zl("12794.23"));
    }

    SUBCASE("a payment covering the interest only leaves the instalment unpaid")
    {
        const std::vector<Repayment> paid{{day("2024-02-15"), zl("120.00")}};
        const LoanStatus status = status_as_of(instalments, paid, day("2024-02-20"));
        CHECK(status.interest_paid == zl("120.00"));
        CHECK(status.principal_repaid == Money());
        CHECK(status.outstanding == zl("12000.00"));
        CHECK(status.overdue == zl("946.19"));  // 1066.19 − 120.00
        CHECK(status.days_past_due == 5);       // still counted from 15 February
        CHECK(status.bucket == "1-30");
    }

    SUBCASE("instalments paid in full")
    {
        // Instalment 1 on its due date, instalment 2 a day early.
        const std::vector<Repayment> paid{{day("2024-02-15"), zl("1066.19")}, {day("2024-03-14"), zl("1066.19")}};
        const LoanStatus status = status_as_of(instalments, paid, day("2024-03-20"));
        CHECK(status.days_past_due == 0);
        CHECK(status.bucket == "current");
        CHECK(status.overdue == Money());
        // Principal 946.19 + 955.65 = 1901.84; interest 120.00 + 110.54 = 230.54.
        CHECK(status.principal_repaid == zl("1901.84"));
        CHECK(status.interest_paid == zl("230.54"));
        // 12 000.00 − 1901.84 = 10 098.16, the balance after instalment 2.
        CHECK(status.outstanding == zl("10098.16"));

        // A month later instalment 3 (15 April) is 5 days late.
        const LoanStatus later = status_as_of(instalments, paid, day("2024-04-20"));
        CHECK(later.days_past_due == 5);
        CHECK(later.overdue == zl("1066.19"));
        CHECK(later.outstanding == zl("10098.16"));
    }

    SUBCASE("payments after the date do not count yet")
    {
        const std::vector<Repayment> paid{{day("2024-02-15"), zl("1066.19")}, {day("2024-03-25"), zl("1066.19")}};
        const LoanStatus before = status_as_of(instalments, paid, day("2024-03-20"));
        CHECK(before.days_past_due == 5);
        CHECK(before.overdue == zl("1066.19"));
        CHECK(before.outstanding == zl("11053.81"));
        const LoanStatus on_the_day = status_as_of(instalments, paid, day("2024-03-25"));
        CHECK(on_the_day.days_past_due == 0);
        CHECK(on_the_day.overdue == Money());
        CHECK(on_the_day.outstanding == zl("10098.16"));
    }

    SUBCASE("an early lump sum settles the next instalments in advance")
    {
        // 1500.00 on 10 Feb: instalment 1 in full, 433.81 of instalment 2 (see allocate).
        const std::vector<Repayment> paid{{day("2024-02-10"), zl("1500.00")}};
        const LoanStatus status = status_as_of(instalments, paid, day("2024-03-16"));
        CHECK(status.overdue == zl("632.38"));            // 1066.19 − 433.81
        CHECK(status.days_past_due == 1);                 // instalment 2, due 15 March
        CHECK(status.principal_repaid == zl("1269.46"));  // 946.19 + 323.27
        CHECK(status.interest_paid == zl("230.54"));      // 120.00 + 110.54
        CHECK(status.outstanding == zl("10730.54"));      // 12 000.00 − 1269.46
    }

    SUBCASE("paying more than the whole schedule leaves a credit")
    {
        const auto small = schedule(terms("1000", "0", 3, LoanMethod::annuity, "2024-01-05"));
        const LoanStatus status = status_as_of(small, {{day("2024-02-05"), zl("1200.00")}}, day("2024-06-01"));
        CHECK(status.outstanding == Money());
        CHECK(status.overdue == Money());
        CHECK(status.days_past_due == 0);
        CHECK(status.principal_repaid == zl("1000.00"));
        CHECK(status.credit == zl("200.00"));
    }

    SUBCASE("a grace month without interest is never unpaid")
    {
        // 0 % with one grace month: instalment 1 is 0.00, so only instalment 2 (500.00,
        // 5 March) can be late: 6 March is 1 day past due.
        const auto graced = schedule(terms("1000", "0", 3, LoanMethod::annuity, "2024-01-05", 1));
        const LoanStatus status = status_as_of(graced, {}, day("2024-03-06"));
        CHECK(status.days_past_due == 1);
        CHECK(status.overdue == zl("500.00"));
    }
}
