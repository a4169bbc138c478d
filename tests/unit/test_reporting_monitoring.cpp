#include "reporting/monitoring.hpp"

#include <doctest/doctest.h>

// The rule of due, expected, pending and missing (docs/reports.md), on the worked example there.

using namespace toro;
using namespace toro::reporting;

TEST_CASE("reporting::due_date: report_day of the month after the period")
{
    CHECK(due_date(Period::from_ym(2026, 10), 10) == Date::from_ymd(2026, 11, 10));
    CHECK(due_date(Period::from_ym(2026, 12), 20) == Date::from_ymd(2027, 1, 20));
}

TEST_CASE("reporting::report_status: due when the due date is on or before the as-of date")
{
    const auto due_on = Date::from_ymd(2026, 11, 20);
    const auto before = report_status(due_on, Date::from_ymd(2026, 11, 11), false, false);
    CHECK_FALSE(before.due);
    CHECK(before.pending());
    CHECK_FALSE(before.missing());
    CHECK_FALSE(before.expected());

    const auto on_the_day = report_status(due_on, due_on, false, false);
    CHECK(on_the_day.due);
    CHECK(on_the_day.missing());
    CHECK(on_the_day.expected());
    CHECK_FALSE(on_the_day.pending());

    // Received early: expected at once, and on time; never pending or missing.
    const auto early = report_status(due_on, Date::from_ymd(2026, 11, 11), true, true);
    CHECK(early.expected());
    CHECK_FALSE(early.pending());
    CHECK_FALSE(early.missing());
    CHECK(early.on_time);
    // On time only when received.
    CHECK_FALSE(report_status(due_on, due_on, false, true).on_time);
}

TEST_CASE("reporting::GroupFigures: the worked example of docs/reports.md")
{
    // A (day 10) received on time, B (day 10) none, C (day 20) received early, D (day 20) none.
    const auto day10 = Date::from_ymd(2026, 11, 10);
    const auto day20 = Date::from_ymd(2026, 11, 20);
    const auto count_as_of = [&](Date as_of) {
        GroupFigures figures;
        figures.count(report_status(day10, as_of, true, true));
        figures.count(report_status(day10, as_of, false, false));
        figures.count(report_status(day20, as_of, true, true));
        figures.count(report_status(day20, as_of, false, false));
        return figures;
    };
    const auto on_11th = count_as_of(Date::from_ymd(2026, 11, 11));
    CHECK(on_11th.expected == 3);
    CHECK(on_11th.received == 2);
    CHECK(on_11th.on_time == 2);
    CHECK(on_11th.pending == 1);
    CHECK(on_11th.running() == 4);
    CHECK(on_11th.completeness() == doctest::Approx(2.0 / 3.0));
    CHECK(on_11th.timeliness() == doctest::Approx(2.0 / 3.0));

    const auto on_21st = count_as_of(Date::from_ymd(2026, 11, 21));
    CHECK(on_21st.expected == 4);
    CHECK(on_21st.pending == 0);
    CHECK(on_21st.completeness() == doctest::Approx(0.5));

    // Nothing expected: both fractions 0; counts by many at once.
    GroupFigures none;
    none.count(report_status(day20, Date::from_ymd(2026, 11, 1), false, false), 7);
    CHECK(none.pending == 7);
    CHECK(none.expected == 0);
    CHECK(none.completeness() == 0);
    CHECK(none.timeliness() == 0);
}

TEST_CASE("reporting::incomplete_flag names the target indicators left out, in both languages")
{
    const auto flag = incomplete_flag("V-1", Period::from_ym(2026, 10), {"jobs", "people"}, 3);
    CHECK(flag.kind == "incomplete");
    CHECK(flag.venture == "V-1");
    CHECK(flag.message.text(Lang::en) ==
          "the report for 2026-10 gives no value for 2 of its 3 target indicators: jobs, people");
    CHECK(flag.message.text(Lang::pl) ==
          "raport za 2026-10 nie podaje wartości 2 z 3 wskaźników docelowych: jobs, people");
    const auto one = incomplete_flag("V-1", Period::from_ym(2026, 10), {"jobs"}, 1);
    CHECK(one.message.text(Lang::en) == "the report for 2026-10 gives no value for 1 of its 1 target indicator: jobs");
    CHECK(one.message.text(Lang::pl) == "raport za 2026-10 nie podaje wartości 1 z 1 wskaźnika docelowego: jobs");
}
