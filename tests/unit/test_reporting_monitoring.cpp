#include "reporting/monitoring.hpp"
#include "store/store.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

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

namespace {

// A store with ventures and reports written by SQL, for the counts over windows of months.
struct MonthsFixture {
    test::ScratchDir dir{"toro-monitoring-test"};
    config::Config config;  // report day 10
    store::Store store{options()};

    store::OpenOptions options() const
    {
        store::OpenOptions result;
        result.path = dir / "toro.db";
        result.create = true;
        result.actor = {"tester", "toro test", "tester-login"};
        return result;
    }

    MonthsFixture()
    {
        store.db().exec(R"(
            INSERT INTO org (code, name, legal_form) VALUES ('ORG-1', 'Fundacja', 'FUND');
            INSERT INTO program (code, name, year, mode) VALUES ('P-1', 'Konkurs', 2026, 'open_call');
            INSERT INTO venture (code, org, program, title, sphere, starts, ends, status, grant, report_day) VALUES
                ('V-1', 'ORG-1', 'P-1', 'a', '1', '2025-11', '2026-06', 'active', 100, NULL),
                ('V-2', 'ORG-1', 'P-1', 'b', '1', '2026-02', '2026-03', 'completed', 100, 5),
                ('V-3', 'ORG-1', 'P-1', 'c', '1', '2026-01', '2026-06', 'planned', 100, NULL),
                ('V-4', 'ORG-1', 'P-1', 'd', '1', '2026-05', '2026-06', 'active', 100, NULL),
                ('V-5', 'ORG-1', 'P-1', 'e', '1', '2025-01', '2025-12', 'completed', 100, NULL),
                ('V-6', 'ORG-1', 'P-1', 'f', '1', '2026-01', '2026-06', 'terminated', 100, NULL),
                ('V-7', 'ORG-1', 'P-1', 'g', '1', '2026-04', '2026-06', 'active', 100, NULL);
            INSERT INTO report (venture, period, revision, status, first_submitted_on, submitted_on) VALUES
                ('V-1', '2025-12', 1, 'accepted', '2026-01-05', '2026-01-05'),
                ('V-1', '2026-01', 1, 'accepted', '2026-02-10', '2026-02-10'),
                ('V-1', '2026-02', 2, 'submitted', '2026-03-11', '2026-03-20'),
                ('V-1', '2026-03', 1, 'returned', '2026-04-02', '2026-04-02'),
                ('V-2', '2026-02', 1, 'submitted', '2026-03-05', '2026-03-05'),
                ('V-3', '2026-01', 1, 'submitted', '2026-02-01', '2026-02-01'),
                ('V-6', '2026-01', 1, 'submitted', '2026-02-01', '2026-02-01'),
                ('V-7', '2026-04', 1, 'submitted', '2026-04-11', '2026-04-11');
        )");
    }
};

std::string describe(const VentureMonth& month)
{
    const auto& s = month.status;
    return month.venture + " " + month.period.to_string() + (s.due ? " due" : "") + (s.received ? " received" : "") +
           (s.on_time ? " on_time" : "");
}

}  // namespace

TEST_CASE("reporting::for_each_venture_month and completeness_history")
{
    MonthsFixture f;
    const auto as_of = Date::from_ymd(2026, 4, 12);
    std::vector<std::string> visited;
    for_each_venture_month(f.store, f.config, Period::from_ym(2026, 1), Period::from_ym(2026, 4), as_of,
                           [&](const VentureMonth& month) { visited.push_back(describe(month)); });
    // Venture by venture (here in the order they start), each one's months in order; planned,
    // terminated and ventures outside the window have none, and neither has a month outside the
    // window or the venture.
    CHECK(visited == std::vector<std::string>{
                         "V-1 2026-01 due received on_time",  // first submitted on its due day, 10 February
                         "V-1 2026-02 due received",          // first submitted on 11 March: late
                         "V-1 2026-03 due",                   // returned: not received, missing
                         "V-1 2026-04",                       // due 10 May: pending
                         "V-2 2026-02 due received on_time",  // report day 5: due 5 March
                         "V-2 2026-03 due",                   // due 5 April: missing
                         "V-7 2026-04 received on_time",      // early: not due, received
                     });

    const auto history = completeness_history(f.store, f.config, Period::from_ym(2026, 4), 4, as_of);
    REQUIRE(history.size() == 4);
    auto figures = [&](std::size_t i) {
        const auto& month = history[i];
        return month.group + " " + std::to_string(month.expected) + " " + std::to_string(month.received) + " " +
               std::to_string(month.on_time) + " " + std::to_string(month.pending);
    };
    CHECK(figures(0) == "2026-01 1 1 1 0");
    CHECK(figures(1) == "2026-02 2 2 1 0");
    CHECK(figures(2) == "2026-03 2 0 0 0");
    CHECK(figures(3) == "2026-04 1 1 1 1");

    // Only the ventures running until 2026-04 or later: V-2 ended in 2026-03.
    visited.clear();
    for_each_venture_month(
        f.store, f.config, Period::from_ym(2026, 1), Period::from_ym(2026, 4), as_of,
        [&](const VentureMonth& month) { visited.push_back(describe(month)); }, Period::from_ym(2026, 4));
    CHECK(visited == std::vector<std::string>{"V-1 2026-01 due received on_time", "V-1 2026-02 due received",
                                              "V-1 2026-03 due", "V-1 2026-04", "V-7 2026-04 received on_time"});

    // A window of one month, and none.
    visited.clear();
    for_each_venture_month(f.store, f.config, Period::from_ym(2025, 12), Period::from_ym(2025, 12), as_of,
                           [&](const VentureMonth& month) { visited.push_back(describe(month)); });
    std::sort(visited.begin(), visited.end());  // ventures in no particular order
    CHECK(visited == std::vector<std::string>{"V-1 2025-12 due received on_time", "V-5 2025-12 due"});
    CHECK(completeness_history(f.store, f.config, Period::from_ym(2026, 4), 0, as_of).empty());
}

TEST_CASE("reporting::monthly_report by sphere: groups in the act's order, not as text")
{
    MonthsFixture f;
    f.store.db().exec(R"(
        INSERT INTO venture (code, org, program, title, sphere, starts, ends, status, grant) VALUES
            ('V-10', 'ORG-1', 'P-1', 'h', '10', '2026-01', '2026-06', 'active', 100),
            ('V-1A', 'ORG-1', 'P-1', 'i', '1a', '2026-01', '2026-06', 'active', 100),
            ('V-2S', 'ORG-1', 'P-1', 'j', '2', '2026-01', '2026-06', 'active', 100);
    )");
    const auto report =
        monthly_report(f.store, f.config, Period::from_ym(2026, 4), Date::from_ymd(2026, 5, 20), std::string("sphere"));
    std::vector<std::string> groups;
    for (const auto& group : report.groups) {
        groups.push_back(group.group);
    }
    // As text "10" would come before "1a" and "2".
    CHECK(groups == std::vector<std::string>{"1", "1a", "2", "10"});
}

TEST_CASE("reporting::indicator_actual: the sum, the last or the largest value, 0 with none")
{
    const std::vector<double> history{2, 5, 3};
    CHECK(indicator_actual("sum", history) == 10);
    CHECK(indicator_actual("last", history) == 3);
    CHECK(indicator_actual("max", history) == 5);
    CHECK(indicator_actual("sum", {}) == 0);
    CHECK(indicator_actual("last", {}) == 0);
    CHECK(indicator_actual("max", {}) == 0);
}

TEST_CASE("reporting::assess_indicator: achievement against the baseline, status against the pace")
{
    const auto assessed = [](double baseline, double target, double actual, double pace) {
        IndicatorProgress indicator;
        indicator.baseline = baseline;
        indicator.target = target;
        indicator.actual = actual;
        assess_indicator(indicator, pace, 0.8);
        return indicator;
    };
    const auto achieved = assessed(10, 20, 20, 0.5);
    REQUIRE(achieved.achievement);
    CHECK(*achieved.achievement == 1.0);
    CHECK(achieved.status == "achieved");
    // (15 - 10) / (20 - 10) = 0.5: on track at a pace of 0.5, at risk at 0.6 (0.5 >= 0.48), behind at 0.7.
    CHECK(assessed(10, 20, 15, 0.5).status == "on_track");
    CHECK(assessed(10, 20, 15, 0.6).status == "at_risk");
    const auto behind = assessed(10, 20, 15, 0.7);
    CHECK(behind.status == "behind");
    CHECK(*behind.achievement == 0.5);
    // A falling target: from 10 down to 0, 4 reached is 0.6.
    CHECK(*assessed(10, 0, 4, 0.5).achievement == doctest::Approx(0.6));
    // Target equal to baseline: neither achievement nor status.
    const auto flat = assessed(7, 7, 9, 0.5);
    CHECK_FALSE(flat.achievement);
    CHECK_FALSE(flat.status);
}

TEST_CASE("reporting::report_flag: missing when due and not received, late when received after the due date")
{
    const auto period = Period::from_ym(2026, 10);
    VentureProgress venture;
    venture.code = "V-1";
    venture.due_on = Date::from_ymd(2026, 11, 10);

    const auto overdue = Date::from_ymd(2026, 11, 13);
    const auto missing = report_flag(venture, report_status(venture.due_on, overdue, false, false), period, overdue);
    REQUIRE(missing);
    CHECK(missing->kind == "missing");
    CHECK(missing->venture == "V-1");
    CHECK(missing->message.text(Lang::en) == "no report for 2026-10; due 2026-11-10, 3 days overdue");
    const auto today =
        report_flag(venture, report_status(venture.due_on, venture.due_on, false, false), period, venture.due_on);
    REQUIRE(today);
    CHECK(today->message.text(Lang::en) == "no report for 2026-10; due today, 2026-11-10");
    // Not due yet: pending, no flag.
    const auto before = Date::from_ymd(2026, 11, 1);
    CHECK_FALSE(report_flag(venture, report_status(venture.due_on, before, false, false), period, before));

    venture.received = true;
    venture.on_time = false;
    const auto late = report_flag(venture, report_status(venture.due_on, overdue, true, false), period, overdue);
    REQUIRE(late);
    CHECK(late->kind == "late");
    CHECK(late->message.text(Lang::en) == "the report for 2026-10 came after its due date 2026-11-10");
    venture.on_time = true;
    CHECK_FALSE(report_flag(venture, report_status(venture.due_on, overdue, true, true), period, overdue));
}

TEST_CASE("reporting::progress_flag and overspent_flag")
{
    IndicatorProgress indicator;
    indicator.code = "jobs";
    indicator.achievement = 0.25;
    indicator.status = "behind";
    const auto behind = progress_flag("V-1", indicator, 0.5);
    REQUIRE(behind);
    CHECK(behind->kind == "behind");
    CHECK(behind->venture == "V-1");
    CHECK(behind->message.text(Lang::en) == "jobs: 25 % of the target against a pace of 50 %");
    indicator.status = "at_risk";
    CHECK(progress_flag("V-1", indicator, 0.5)->kind == "at_risk");
    indicator.status = "on_track";
    CHECK_FALSE(progress_flag("V-1", indicator, 0.5));
    CHECK_FALSE(progress_flag("V-1", IndicatorProgress{}, 0.5));

    // 110.00 zł against 100.00 zł is within 10 %, 110.01 zł is not.
    CHECK_FALSE(overspent_flag("V-1", "rent", 11000, 10000, 0.10));
    const auto over = overspent_flag("V-1", "rent", 11001, 10000, 0.10);
    REQUIRE(over);
    CHECK(over->kind == "overspent");
    CHECK(over->venture == "V-1");
    CHECK(over->message.text(Lang::en) == "rent: spent 110.01 against a plan of 100.00 (more than 10 % over)");
    // Nothing planned: any spending is over.
    CHECK(overspent_flag("V-1", "travel", 1, 0, 0.10));
    CHECK_FALSE(overspent_flag("V-1", "travel", 0, 0, 0.10));
}

TEST_CASE("reporting::monthly_report: each venture of many gets its own reports, values, spending and plan")
{
    // 600 ventures W-0001 … W-0600, more than one group of the statements that read them. Venture
    // i reports from 2026-01 to 2026-04 (not 2026-04 when i is a multiple of 3): jobs i % 5 + m in
    // month m, and i zł on staff each month, against a plan of 3.5 × i zł.
    MonthsFixture f;
    f.store.db().exec(R"(
        INSERT INTO indicator (code, name, unit) VALUES ('jobs', 'Miejsca pracy', 'szt.');
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
        INSERT INTO venture (code, org, program, title, sphere, starts, ends, status, grant)
            SELECT printf('W-%04d', i), 'ORG-1', 'P-1', 'w', '1', '2026-01', '2026-08', 'active', 100000 FROM n;
        INSERT INTO target (venture, indicator, baseline, target)
            SELECT code, 'jobs', 0, 10 FROM venture WHERE code LIKE 'W-%';
        INSERT INTO budget (venture, category, planned)
            SELECT code, 'staff', CAST(substr(code, 3) AS INTEGER) * 350 FROM venture WHERE code LIKE 'W-%';
        WITH RECURSIVE m(month) AS (SELECT 1 UNION ALL SELECT month + 1 FROM m WHERE month < 4)
        INSERT INTO report (venture, period, revision, status, first_submitted_on, submitted_on, figures, spending)
            SELECT v.code, printf('2026-%02d', m.month), 1, 'submitted', printf('2026-%02d-05', m.month + 1),
                   printf('2026-%02d-05', m.month + 1),
                   json_object('jobs', CAST(substr(v.code, 3) AS INTEGER) % 5 + m.month),
                   json_object('staff', CAST(substr(v.code, 3) AS INTEGER) * 100)
            FROM venture v, m WHERE v.code LIKE 'W-%' AND NOT (m.month = 4 AND CAST(substr(v.code, 3) AS INTEGER) % 3 = 0);
    )");
    const auto period = Period::from_ym(2026, 4);
    const auto as_of = Date::from_ymd(2026, 5, 20);
    const auto report = monthly_report(f.store, f.config, period, as_of, std::nullopt);

    std::map<std::string, std::vector<std::string>> flags;  // by venture, their kinds
    for (const auto& flag : report.flags) {
        flags[flag.venture.value_or("")].push_back(flag.kind);
    }
    int checked = 0;
    for (const auto& venture : report.ventures) {
        if (!venture.code.starts_with("W-")) {
            continue;
        }
        const int i = std::stoi(venture.code.substr(2));
        const bool reported = i % 3 != 0;
        const int months = reported ? 4 : 3;
        CAPTURE(venture.code);
        CHECK(venture.received == reported);
        CHECK(venture.on_time == reported);
        CHECK(venture.spent_in_period.grosze() == (reported ? i * 100 : 0));
        REQUIRE(venture.indicators.size() == 1);
        CHECK(venture.indicators[0].actual == doctest::Approx(months * (i % 5) + months * (months + 1) / 2));
        REQUIRE(venture.budget_execution);
        CHECK(*venture.budget_execution == doctest::Approx(months * 100.0 / 350.0));
        // 400 × i is beyond 350 × i and 10 %; 300 × i is not.
        CHECK(flags[venture.code] == std::vector<std::string>{reported ? "overspent" : "missing"});
        ++checked;
    }
    CHECK(checked == 600);

    // Alone, a venture comes out as it does among all the others.
    for (const std::string code : {"W-0001", "W-0256", "W-0257", "W-0512", "W-0600"}) {
        const std::set<std::string> only{code};
        const auto alone = monthly_report(f.store, f.config, period, as_of, std::nullopt, &only);
        REQUIRE(alone.ventures.size() == 1);
        const auto among = std::find_if(report.ventures.begin(), report.ventures.end(),
                                        [&](const VentureProgress& v) { return v.code == code; });
        REQUIRE(among != report.ventures.end());
        CAPTURE(code);
        CHECK(alone.ventures[0].spent_in_period == among->spent_in_period);
        CHECK(alone.ventures[0].indicators[0].actual == among->indicators[0].actual);
        CHECK(alone.ventures[0].budget_execution == among->budget_execution);
        CHECK(alone.flags.size() == 1);
    }
}
