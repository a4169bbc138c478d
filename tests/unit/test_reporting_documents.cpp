#include "reporting/documents.hpp"

#include "test_documents.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

// The monitoring documents built from small models, with no store: which tables and columns
// each shows, which rows need attention, and what people and machines read in a cell.

using namespace toro;
using namespace toro::test;
using namespace toro::reporting;

namespace {

// Two ventures: V-1 reported on time with one indicator on track and one behind; V-2 sent no
// report and has no indicator. Grouped by programme.
MonthlyReport small_monthly()
{
    MonthlyReport report;
    report.period = Period::from_ym(2026, 10);
    report.as_of = Date::from_ymd(2026, 11, 11);
    report.by = "program";
    report.summary = {"", 2, 1, 1, 0, Money::from_grosze(300'000), Money::from_grosze(10'000)};
    report.groups = {{"OK-2025", 2, 1, 1, 0, Money::from_grosze(300'000), Money::from_grosze(10'000)}};
    VentureProgress reported;
    reported.code = "V-1";
    reported.title = "First";
    reported.org = "ORG-001";
    reported.program = "OK-2025";
    reported.received = true;
    reported.on_time = true;
    reported.pace = 0.5;
    reported.indicators = {{"participants", 0, 100, 50, 0.5, "on_track"}, {"meals", 0, 100, 10, 0.1, "behind"}};
    VentureProgress silent;
    silent.code = "V-2";
    silent.title = "Second";
    silent.org = "ORG-002";
    silent.program = "OK-2025";
    silent.pace = 0.5;
    report.ventures = {reported, silent};
    report.flags = {{"missing", "V-2", Message::verbatim("no report")}};
    return report;
}

}  // namespace

TEST_CASE("reporting::monthly_document: its tables and their columns")
{
    const auto report = small_monthly();
    const registry::Names names;
    const auto document = monthly_document(report, {}, Lang::en, names);
    CHECK(table_names(document) == std::vector<std::string>{"summary", "groups", "ventures", "flags", "loans"});
    CHECK(table_named(document, "summary").record);
    CHECK(column_keys(table_named(document, "groups")) ==
          std::vector<std::string>{"group", "expected", "received", "on_time", "pending", "completeness", "timeliness",
                                   "grant_total", "spent_total"});
    CHECK(column_keys(table_named(document, "ventures")) ==
          std::vector<std::string>{"code", "org", "received", "on_time", "pace", "budget_execution", "indicator",
                                   "target", "actual", "achievement", "status"});
    CHECK(column_keys(table_named(document, "flags")) == std::vector<std::string>{"kind", "venture", "message"});
    CHECK(column_keys(table_named(document, "loans")) ==
          std::vector<std::string>{"outstanding", "overdue", "par30", "par90"});
    CHECK(table_named(document, "ventures").columns.front().label == "venture");
    CHECK(document.json.has_value());
}

TEST_CASE("reporting::monthly_document: a row per indicator, marked when late or behind")
{
    const auto report = small_monthly();
    const registry::Names names;
    const auto document = monthly_document(report, {}, Lang::en, names);
    const auto& ventures = table_named(document, "ventures");
    CHECK(ventures.listing);
    CHECK(table_named(document, "flags").listing);
    // Made from the report as a writer reads them, not held.
    CHECK(ventures.rows.empty());
    REQUIRE(render::row_count(ventures) == 3);  // V-1 twice (two indicators), V-2 once (none)
    CHECK(ventures.attention == std::vector<bool>{false, true, true});
    render::RowReader read(ventures);
    CHECK(std::get<render::TermRef>(read(1)[0])->code == "V-1");
    CHECK(std::get<render::TermRef>(read(1)[6])->code == "meals");
    CHECK(std::get<render::TermRef>(read(1)[10])->code == "behind");
    // The venture without indicators leaves the indicator's cells empty.
    const auto& silent = read(2);
    REQUIRE(silent.size() == 11);
    CHECK(std::get<render::TermRef>(silent[0])->code == "V-2");
    CHECK(std::holds_alternative<std::monostate>(silent[6]));
    CHECK(std::holds_alternative<std::monostate>(silent[10]));
    const auto& flags = table_named(document, "flags");
    REQUIRE(render::row_count(flags) == 1);
    render::RowReader read_flag(flags);
    CHECK(std::get<render::TermRef>(read_flag(0)[1])->code == "V-2");
    CHECK(std::get<render::TermRef>(read_flag(0)[2])->code == "no report");
}

TEST_CASE("reporting::monthly_document: a programme's group is its code for machines")
{
    const auto report = small_monthly();
    const registry::Names names;
    const auto document = monthly_document(report, {}, Lang::pl, names);
    const auto& groups = table_named(document, "groups");
    REQUIRE(groups.rows.size() == 1);
    const auto* group = std::get_if<render::TermRef>(&groups.rows[0][0]);
    REQUIRE(group != nullptr);
    CHECK((*group)->code == "OK-2025");
    // A programme the names do not know is shown by its code to people too.
    CHECK((*group)->words.text(Lang::pl) == "OK-2025");
}

TEST_CASE("reporting::monthly_document: a district stays as it is; no loans, no loan chart")
{
    auto report = small_monthly();
    report.by = "district";
    report.groups = {{"Wola", 2, 1, 1, 0, Money::from_grosze(300'000), Money::from_grosze(10'000)}};
    const registry::Names names;
    const auto document = monthly_document(report, std::vector<GroupFigures>{}, Lang::en, names);
    CHECK(std::get<std::string>(table_named(document, "groups").rows[0][0]) == "Wola");
    // With a history (html): completeness, achievement and budget; the loan buckets are all zero.
    CHECK(document.charts.size() == 3);
    // Without one (the formats that draw no chart): no charts, and of the JSON the facts alone.
    const auto plain = monthly_document(report, std::nullopt, Lang::en, names);
    CHECK(plain.charts.empty());
    CHECK(plain.json->dump() == R"({"period":"2026-10","as_of":"2026-11-11"})");

    report.by.reset();
    CHECK(table_names(monthly_document(report, {}, Lang::en, names)) ==
          std::vector<std::string>{"summary", "ventures", "flags", "loans"});
}

TEST_CASE("reporting::missing_document: one listing row per missing report")
{
    MissingReport missing;
    missing.code = "V-2";
    missing.title = "Second";
    missing.org = "ORG-002";
    missing.due_on = Date::from_ymd(2026, 11, 10);
    missing.days_overdue = 1;
    const auto document = missing_document({missing}, Lang::en, registry::Names());
    REQUIRE(document.tables.size() == 1);
    const auto& table = document.tables.front();
    CHECK(table.listing);
    CHECK(column_keys(table) == std::vector<std::string>{"code", "title", "org", "email", "due_on", "days_overdue"});
    REQUIRE(table.rows.size() == 1);
    CHECK(std::holds_alternative<std::monostate>(table.rows[0][3]));  // no e-mail
    CHECK(std::get<std::string>(table.rows[0][4]) == "2026-11-10");
    REQUIRE(document.json.has_value());
    CHECK(document.json->dump() == R"([{"code":"V-2","title":"Second","org":"ORG-002","email":null,)"
                                   R"("due_on":"2026-11-10","days_overdue":1}])");
}

TEST_CASE("reporting::history_document: values as NAME=VALUE for machines, in JSON by code")
{
    Revision revision;
    revision.revision = 2;
    revision.submitted_on = "2026-11-12";
    revision.status = "submitted";
    revision.values = {{"participants", 12}};
    revision.spending = {{"materials", Money::from_grosze(45'000)}};
    const auto document = history_document({revision}, Lang::en, registry::Names());
    const auto& table = table_named(document, "history");
    CHECK(column_keys(table) ==
          std::vector<std::string>{"revision", "submitted_on", "status", "values", "spending", "note"});
    CHECK(std::get<render::TermRef>(table.rows[0][3])->code == "participants=12");
    CHECK(std::get<render::TermRef>(table.rows[0][4])->code == "materials=450.00");
    REQUIRE(document.json.has_value());
    CHECK((*document.json)[0]["spending"]["materials"] == 450.0);
    CHECK((*document.json)[0]["values"]["participants"] == 12.0);
    CHECK((*document.json)[0]["note"].is_null());
}

TEST_CASE("reporting::fields of the annual report: money in złoty, an empty optional null")
{
    AnnualReport report;
    report.year = 2025;
    report.as_of = Date::from_ymd(2026, 5, 1);
    report.through = Date::from_ymd(2025, 12, 31);
    report.grants = Money::from_grosze(1'234'56);
    report.organizations = 4;
    report.organizations_opp = 1;
    report.by_sphere = {{"social", "pomoc społeczna", 2, 1, Money::from_grosze(100'00), Money(), Money()}};
    report.by_district = {{std::nullopt, "", 1, 1, Money::from_grosze(50'00), Money(), Money()}};
    report.last_month = Period::from_ym(2025, 12);
    report.reporting = {{"2025-12", 4, 3, 2, 0, Money(), Money()}};
    report.reporting_total = report.reporting.front();
    TrainingYear training;
    training.code = "T-1";
    training.held_on = Date::from_ymd(2025, 6, 2);
    training.hours = 3.5;
    report.trainings = {training};
    const auto json = render::json_value(report);
    CHECK(json["through"] == "2025-12-31");
    CHECK(json["ventures"]["grants"] == 1234.56);
    CHECK(json["ventures"]["by_sphere"][0]["name"] == "pomoc społeczna");
    CHECK(json["ventures"]["by_district"][0]["district"].is_null());
    CHECK_FALSE(json["ventures"]["by_district"][0].contains("name"));
    CHECK(json["organizations"]["opp_share"] == 0.25);
    CHECK(json["reporting"]["first_month"].is_null());
    CHECK(json["reporting"]["last_month"] == "2025-12");
    CHECK(json["reporting"]["completeness"] == 0.75);
    CHECK(json["reporting"]["months"][0]["period"] == "2025-12");
    CHECK_FALSE(json["reporting"]["months"][0].contains("pending"));
    CHECK(json["trainings"]["mean_satisfaction"].is_null());
    CHECK(json["trainings"]["items"][0]["hours"] == 3.5);
    CHECK(json["trainings"]["items"][0]["mean_satisfaction"].is_null());
}
