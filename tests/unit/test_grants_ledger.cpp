#include "config/config.hpp"
#include "core/error.hpp"
#include "grants/ledger.hpp"
#include "registry/entity.hpp"
#include "registry/register.hpp"
#include "store/store.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// The settlement against a store: payments, returns and final figures as the register and the
// final report's import keep them (the rules themselves: test_grants_settlement.cpp).

using namespace toro;
using json = nlohmann::ordered_json;

namespace {

store::OpenOptions open_options(const std::filesystem::path& path)
{
    store::OpenOptions options;
    options.path = path;
    options.create = true;
    options.actor = {"tester", "toro grants test", "tester-login"};
    return options;
}

// A venture of January–June 2025 (grant 20 000 zł, own funds 5 000 zł, personnel 12 000 and
// services 8 000 zł of the grant planned), its grant paid in two tranches.
struct Fixture {
    test::ScratchDir dir{"toro-grants-test"};
    config::Config config;
    store::Store store{open_options(dir / "toro.db")};
    registry::Register reg{store, config};

    Fixture()
    {
        add("org", {{"code", "ORG-1"}, {"name", "Fundacja Łąka"}, {"legal_form", "FUND"}});
        add("program", {{"code", "P"}, {"name", "Konkurs 2025"}, {"year", 2025}, {"mode", "open_call"}});
        add("venture", {{"code", "V-1"},
                        {"org", "ORG-1"},
                        {"program", "P"},
                        {"title", "Klub sąsiedzki"},
                        {"sphere", "13"},
                        {"starts", "2025-01"},
                        {"ends", "2025-06"},
                        {"grant", "20000"},
                        {"own_funds", "5000"}});
        add("budget", {{"venture", "V-1"}, {"category", "personnel"}, {"planned", "12000"}});
        add("budget", {{"venture", "V-1"}, {"category", "services"}, {"planned", "8000"}});
        add("payment", {{"venture", "V-1"}, {"paid_on", "2025-01-10"}, {"amount", "15000"}});
        add("payment", {{"venture", "V-1"}, {"paid_on", "2025-03-10"}, {"amount", "5000"}});
    }

    void add(const char* entity, const json& fields) { reg.add(*registry::find_entity(entity), fields); }

    // The problems of one row of `entity` on line 2, as "FIELD 'VALUE': MESSAGE".
    std::vector<std::string> problems(const char* entity, const json& fields)
    {
        std::vector<Problem> found;
        reg.parse(*registry::find_entity(entity), fields, 2, found);
        std::vector<std::string> text;
        for (const auto& problem : found) {
            text.push_back(problem_text(problem, Lang::en));
        }
        return text;
    }

    // Imports final figures row by row; the problems as "LINE: FIELD 'VALUE': MESSAGE".
    std::vector<std::string> import_final(const std::vector<std::vector<std::string>>& rows,
                                          std::vector<io::Outcome>* outcomes = nullptr)
    {
        auto sink = grants::final_cost_sink(store, config);
        std::vector<Problem> found;
        std::size_t line = 1;
        for (const auto& row : rows) {
            io::InputRow input{++line,
                               {{"venture", row[0]}, {"category", row[1]}, {"source", row[2]}, {"actual", row[3]}}};
            const auto outcome = sink->write(input, found);
            if (outcome && outcomes != nullptr) {
                outcomes->push_back(*outcome);
            }
        }
        std::vector<std::string> text;
        for (const auto& problem : found) {
            text.push_back(std::to_string(problem.line) + ": " + problem_text(problem, Lang::en));
        }
        return text;
    }
};

Date day(const char* text)
{
    return Date::parse(text);
}

}  // namespace

TEST_CASE("grants::payments and returns in the register")
{
    Fixture f;
    CHECK(f.problems("grant_return", {{"venture", "V-1"}, {"returned_on", "2025-01-09"}, {"amount", "10"}}) ==
          std::vector<std::string>{
              "returned_on '2025-01-09': a return before any payment: the grant was first paid on 2025-01-10"});
    CHECK(f.problems("grant_return", {{"venture", "V-1"}, {"returned_on", "2025-01-10"}, {"amount", "10"}}).empty());
    CHECK(f.problems("payment", {{"venture", "V-1"}, {"paid_on", "2025-02-01"}, {"amount", "-5"}}) ==
          std::vector<std::string>{"amount '-5': must be more than 0"});
    CHECK(f.problems("payment", {{"venture", "V-9"}, {"paid_on", "2025-02-01"}, {"amount", "5"}}) ==
          std::vector<std::string>{"venture 'V-9': no venture has this code"});
    SUBCASE("a venture removed only without its payments")
    {
        CHECK_THROWS_AS(f.reg.remove(*registry::find_entity("venture"), "V-1"), Error);
    }
}

TEST_CASE("grants::final_cost_sink")
{
    Fixture f;
    std::vector<io::Outcome> outcomes;
    CHECK(f.import_final({{"V-1", "personnel", "grant", "12000"},
                          {"V-1", "Usługi", "grant", "6000"},
                          {"V-1", "administration", "own", "5000"}},
                         &outcomes)
              .empty());
    CHECK(outcomes == std::vector<io::Outcome>{io::Outcome::inserted, io::Outcome::inserted, io::Outcome::inserted});
    CHECK(f.store.db().query_text("SELECT category FROM final_cost WHERE actual = 600000") == "services");
    CHECK(f.store.db().query_integer("SELECT count(*) FROM audit WHERE entity = 'final_cost'") == 3);

    outcomes.clear();
    CHECK(f.import_final({{"V-1", "personnel", "grant", "12000"}, {"V-1", "services", "grant", "6500"}}, &outcomes)
              .empty());
    CHECK(outcomes == std::vector<io::Outcome>{io::Outcome::unchanged, io::Outcome::updated});

    CHECK(f.import_final({{"V-9", "personnel", "grant", "1"},
                          {"V-1", "personnel", "sponsor", "1"},
                          {"V-1", "catering", "grant", "1"},
                          {"V-1", "rent", "own", "-1"},
                          {"V-1", "rent", "own", "1"},
                          {"V-1", "rent", "own", "2"}}) ==
          std::vector<std::string>{
              "2: venture 'V-9': no venture has this code",
              "3: source 'sponsor': expected one of grant, own, personal, in_kind, fees, other",
              "4: category 'catering': not a budget category; `toro register reference category` lists them",
              "5: actual '-1': must not be negative",
              "7: category 'rent': given twice in this file (first on line 6)",
          });
}

TEST_CASE("grants::settle_venture")
{
    Fixture f;
    SUBCASE("no final report: no settlement")
    {
        CHECK_THROWS_WITH_AS(grants::settle_venture(f.store, f.config, "V-1", day("2025-12-31")),
                             "no final report figures for V-1: import them with `toro report import FILE "
                             "--layout final`",
                             Error);
        CHECK_THROWS_WITH_AS(grants::settle_venture(f.store, f.config, "V-9", day("2025-12-31")),
                             "no venture has this key", Error);
    }
    REQUIRE(f.import_final({{"V-1", "personnel", "grant", "12000"},
                            {"V-1", "services", "grant", "6000"},
                            {"V-1", "administration", "own", "5000"}})
                .empty());
    SUBCASE("as the pure rules give it: 2 000 zł unused, returned late")
    {
        // 2 000 zł returned on 2025-09-15, due 2025-07-15: 50 days at 13 % and 12 at 12.5 %:
        // 2 000 × 8 / 365 = 43.84 → 44 zł (test_grants_settlement.cpp works the same case).
        f.add("grant_return", {{"venture", "V-1"}, {"returned_on", "2025-09-15"}, {"amount", "2000"}});
        const auto settled = grants::settle_venture(f.store, f.config, "V-1", day("2025-10-01"));
        CHECK(settled.title == "Klub sąsiedzki");
        CHECK(settled.org == "ORG-1");
        const auto& s = settled.settlement;
        CHECK(s.grant_paid == Money::parse("20000"));
        CHECK(s.use.used == Money::parse("18000"));
        CHECK(s.unused == Money::parse("2000"));
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].interest == Money::parse("44"));
        CHECK(s.status == grants::SettlementStatus::open);
        CHECK(grants::settlements_due(f.store, f.config, day("2025-10-01")).size() == 1);
    }
    SUBCASE("the configuration's rates, tolerance and minimum")
    {
        // A rate of 20 % from 2025-07-01: 2 000 × 17 days (16 Jul – 1 Aug) × 20 % / 365 = 18.63 →
        // 19 zł; with a minimum of 20 zł it is not charged.
        f.config.settlement_rates = {{"2025-07-01", 200'000}};
        auto s = grants::settle_venture(f.store, f.config, "V-1", day("2025-08-01")).settlement;
        REQUIRE(s.interest.size() == 1);
        CHECK(s.interest[0].periods.size() == 1);
        CHECK(s.interest[0].interest == Money::parse("19"));
        f.config.interest_minimum_grosze = 2000;
        s = grants::settle_venture(f.store, f.config, "V-1", day("2025-08-01")).settlement;
        CHECK(s.interest[0].interest == Money());
        CHECK(s.balance_due == Money::parse("2000"));
        // services 6 000 of 8 000; with personnel at 12 600 and no tolerance, 600 zł is excess
        f.config.shift_tolerance = 0;
        REQUIRE(f.import_final({{"V-1", "personnel", "grant", "12600"}}).empty());
        s = grants::settle_venture(f.store, f.config, "V-1", day("2025-08-01")).settlement;
        CHECK(s.use.excess == Money::parse("600"));
        CHECK(s.unused == Money::parse("1400"));
    }
    SUBCASE("a use-until date moves the due date")
    {
        f.store.db().exec("UPDATE venture SET use_until = '2025-05-20' WHERE code = 'V-1'");
        const auto s = grants::settle_venture(f.store, f.config, "V-1", day("2025-06-01")).settlement;
        CHECK(s.due_on == day("2025-06-04"));
    }
}

TEST_CASE("grants::final_report")
{
    Fixture f;
    REQUIRE(f.import_final({{"V-1", "personnel", "grant", "12000"}, {"V-1", "materials", "fees", "300"}}).empty());
    const auto report = grants::final_report(f.store, f.config, "V-1", day("2025-12-31"));
    CHECK(report.has_actual);
    REQUIRE(report.costs.size() == 3);
    CHECK(report.costs[0].category == "materials");
    CHECK_FALSE(report.costs[0].planned.has_value());
    CHECK(report.costs[0].actual == Money::parse("300"));
    CHECK(report.costs[1].category == "personnel");
    CHECK(report.costs[1].planned == Money::parse("12000"));
    CHECK(report.costs[2].category == "services");
    CHECK_FALSE(report.costs[2].actual.has_value());
}
