#include "grants/documents.hpp"
#include "grants/offer_documents.hpp"
#include "render/fields.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

// The protocol and the public results built from a small assessment, without a store.

using namespace toro;
using namespace toro::grants;

namespace {

// Two offers: A ranked first with the whole request, B formally rejected for its date.
CallAssessment small_assessment()
{
    CallAssessment assessment;
    assessment.code = "K-1";
    assessment.title = "Konkurs";
    assessment.program = "P-1";
    assessment.pool = Money::from_grosze(1'000'00);
    assessment.criteria = {{"quality", "Jakość", 4000, CriterionKind::scored},
                           {"past", "Współpraca", 2000, CriterionKind::past_performance}};
    assessment.max_points = 6000;
    assessment.threshold_points = 3600;
    assessment.reviewers = {{"R-1", "Anna", {}}, {"R-2", "Piotr", {"ORG-B"}}};
    OfferAssessment a;
    a.code = "A";
    a.org = "ORG-A";
    a.org_name = "Fundacja A";
    a.title = "Zadanie A";
    a.requested = Money::from_grosze(600'00);
    a.formal = formal_check({}, {});  // every check run; the results are set below
    for (auto& result : a.formal) {
        result.passed = true;
    }
    a.formally_passed = true;
    a.points = {{"R-1", "quality", 3000}, {"R-2", "quality", 3500}};
    a.past = PastPerformance{{}, std::nullopt, 1000};
    a.score = 4250;
    a.qualified = true;
    a.rank = 1;
    a.proposed = a.requested;
    OfferAssessment b = a;
    b.code = "B";
    b.org = "ORG-B";
    b.org_name = "Stowarzyszenie B";
    b.title = "Zadanie B";
    b.formal.front().passed = false;
    b.formally_passed = false;
    b.points = {};
    b.past.reset();
    b.score.reset();
    b.qualified = false;
    b.rank.reset();
    b.proposed = Money();
    assessment.offers = {a, b};
    return assessment;
}

const render::Table* table_named(const render::Document& document, const std::string& name)
{
    const auto found = std::find_if(document.tables.begin(), document.tables.end(),
                                    [&](const render::Table& table) { return table.name == name; });
    return found == document.tables.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("grants::protocol_document: its sections, and the JSON of the contract")
{
    const auto document = protocol_document(small_assessment(), Lang::en);
    std::vector<std::string> names;
    for (const auto& table : document.tables) {
        names.push_back(table.name);
    }
    CHECK(names ==
          std::vector<std::string>{"call", "criteria", "formal", "points", "conflicts", "past_performance", "ranking"});
    const auto* formal = table_named(document, "formal");
    REQUIRE(formal != nullptr);
    CHECK(formal->columns[3].key == "submitted_in_time");
    CHECK(formal->columns.back().key == "formal");
    const auto* conflicts = table_named(document, "conflicts");
    REQUIRE(conflicts->rows.size() == 1);
    CHECK(std::get<std::string>(conflicts->rows[0][0]) == "R-2");
    CHECK(std::get<std::vector<std::string>>(conflicts->rows[0][3]) == std::vector<std::string>{"B"});
    const auto* ranking = table_named(document, "ranking");
    REQUIRE(ranking->rows.size() == 2);
    CHECK(std::get<double>(ranking->rows[0][5]) == doctest::Approx(42.5));
    const auto& note = std::get<render::TermRef>(ranking->rows[1][9]);
    CHECK(note->code == "submitted_in_time");
    CHECK(note->words.text(Lang::en) == "not met: submitted in time");
    CHECK(note->words.text(Lang::pl) == "niespełnione: złożona w terminie");
    REQUIRE(document.json);
    CHECK(document.json->dump() ==
          R"({"call":"K-1","pool":1000.0,"max_points":60.0,"threshold_points":36.0,"offers":[)"
          R"({"code":"A","org":"ORG-A","formal":"passed","score":42.5,"qualified":true,"rank":1,"proposed":600.0},)"
          R"({"code":"B","org":"ORG-B","formal":"formally_rejected","score":null,"qualified":false,"rank":null,)"
          R"("proposed":0.0}]})");
}

TEST_CASE("grants::results_document: the proposal before the award, the awards after")
{
    auto assessment = small_assessment();
    auto document = results_document(assessment, Lang::pl);
    CHECK(document.title == "Otwarty konkurs ofert K-1: dotacje proponowane przez komisję — Konkurs");
    REQUIRE(document.tables.size() == 1);
    CHECK(std::get<std::string>(document.tables[0].rows[0][0]) == "Fundacja A");
    CHECK(std::get<Money>(document.tables[0].rows[0][2]) == Money::from_grosze(600'00));
    assessment.offers[0].awarded = Money::from_grosze(500'00);
    document = results_document(assessment, Lang::en);
    CHECK(document.title == "Open call K-1: results — Konkurs");
    CHECK(std::get<Money>(document.tables[0].rows[0][2]) == Money::from_grosze(500'00));
    CHECK(std::get<Money>(document.tables[0].rows[1][2]) == Money());
}

TEST_CASE("grants::fields: an assessment, a settlement and a final report in JSON by their fields")
{
    SUBCASE("an offer's points in points, its missing score and rank null")
    {
        const auto json = render::json_value(small_assessment());
        CHECK(json["max_points"] == 60.0);
        CHECK(json["pool"].is_number_float());
        REQUIRE(json["offers"].size() == 2);
        CHECK(json["offers"][0]["rank"] == 1);
        CHECK(json["offers"][1]["score"].is_null());
        CHECK(json["offers"][1]["formal"] == "formally_rejected");
    }
    SUBCASE("a settlement: money in złoty, parts by code, a rate in percent")
    {
        VentureSettlement venture;
        venture.code = "V-1";
        venture.as_of = Date::from_ymd(2026, 3, 1);
        auto& s = venture.settlement;
        s.grant_paid = Money::from_grosze(1'000'00);
        s.use.used = Money::from_grosze(900'00);
        s.unused = Money::from_grosze(100'00);
        s.due = {{Part::unused, Money::from_grosze(100'00), Date::from_ymd(2026, 1, 15), Money::from_grosze(100'00)}};
        RatePeriod period{Date::from_ymd(2026, 1, 16), Date::from_ymd(2026, 3, 1), 145'000, 45};
        // Below the minimum: nothing charged.
        s.interest = {{.what = Part::unused,
                       .amount = Money::from_grosze(100'00),
                       .from = period.from,
                       .to = period.to,
                       .periods = {period},
                       .computed = Money::from_grosze(2'00),
                       .interest = Money(),
                       .paid = Money(),
                       .running = true}};
        s.balance_due = Money::from_grosze(100'00);
        s.status = SettlementStatus::overdue;
        const auto json = render::json_value(venture);
        CHECK(json["as_of"] == "2026-03-01");
        CHECK(json["grant_used"] == 900.0);
        CHECK(json["due"][0]["what"] == "unused");
        CHECK(json["due"][0].size() == 3);  // not what is outstanding
        CHECK(json["returns"] == nlohmann::ordered_json::array());
        CHECK(json["interest"][0]["rate_periods"][0]["rate"] == 14.5);
        CHECK(json["interest"][0]["interest"] == 0.0);
        CHECK(json["status"] == "overdue");
    }
    SUBCASE("a final report: costs without an actual amount null, the sources with their total")
    {
        FinalReport report;
        report.code = "V-1";
        report.starts = Period::from_ym(2025, 3);
        report.grant = Money::from_grosze(500'00);
        report.results = {{"participants", 0, 10, 5, 0.5, "behind"}};
        report.costs = {{"materials", "grant", Money::from_grosze(500'00), std::nullopt},
                        {"rent", "fees", std::nullopt, Money::from_grosze(20'00)}};
        report.has_actual = true;
        const auto json = render::json_value(report);
        CHECK(json["venture"]["starts"] == "2025-03");
        CHECK(json["venture"]["grant"] == 500.0);
        CHECK(json["results"][0]["planned_level"] == 10.0);
        CHECK(json["costs"][0]["actual"].is_null());
        CHECK(json["costs"][1]["planned"].is_null());
        REQUIRE(json["sources"].size() == 7);
        CHECK(json["sources"][4]["source"] == "fees");
        CHECK(json["sources"][4]["actual"] == 20.0);
        CHECK(json["sources"][6]["planned"] == 500.0);
        report.has_actual = false;
        CHECK(render::json_value(report)["sources"][6]["actual"].is_null());
        CHECK(json["to_fill"][0]["text"].is_null());
    }
}
