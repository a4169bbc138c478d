#include "config/config.hpp"
#include "core/error.hpp"
#include "io/spreadsheet.hpp"
#include "registry/entity.hpp"
#include "registry/register.hpp"
#include "reporting/forms.hpp"
#include "reporting/reports.hpp"
#include "store/store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

// Report forms: the model worked out by hand on a small register, and the written workbook read
// back by the spreadsheet reader as the report it holds.

using namespace toro;
using json = nlohmann::ordered_json;

namespace {

const registry::EntitySpec& entity(std::string_view name)
{
    const auto* spec = registry::find_entity(name);
    REQUIRE(spec != nullptr);
    return *spec;
}

// ORG-1 with venture V-1 (2026-01 to 2026-06, report day 15): targets participants (sum, 0 → 40)
// and volunteers (max, 0 → 5); budget rent 1 200,00 (grant) + 300,00 (own), personnel 5 000,00.
// Reports: 2026-01 (participants 10, volunteers 3, rent 200,00), 2026-02 (participants 12,
// volunteers 2, rent 200,00, personnel 800,50), and 2026-03 returned (participants 99).
struct Fixture {
    test::ScratchDir dir{"toro-forms-test"};
    config::Config config;
    store::Store store{[this] {
        store::OpenOptions options;
        options.path = dir / "toro.db";
        options.create = true;
        options.actor = {"tester", "toro forms test", "tester-login"};
        return options;
    }()};

    Fixture()
    {
        registry::Register reg(store, config);
        reg.add(entity("org"),
                {{"code", "ORG-1"}, {"name", "Fundacja Łąka"}, {"legal_form", "FUND"}, {"email", "laka@example.org"}});
        reg.add(entity("program"), {{"code", "P-1"}, {"name", "Konkurs"}, {"year", "2026"}, {"mode", "open_call"}});
        reg.add(entity("indicator"),
                {{"code", "participants"}, {"name", "Uczestnicy"}, {"name_en", "Participants"}, {"unit", "osoby"}});
        reg.add(entity("indicator"),
                {{"code", "volunteers"}, {"name", "Wolontariusze"}, {"unit", "osoby"}, {"aggregation", "max"}});
        reg.add(entity("venture"), {{"code", "V-1"},
                                    {"org", "ORG-1"},
                                    {"program", "P-1"},
                                    {"title", "Świetlica"},
                                    {"sphere", "1a"},
                                    {"starts", "2026-01"},
                                    {"ends", "2026-06"},
                                    {"grant", "10000"},
                                    {"report_day", "15"}});
        reg.add(entity("target"), {{"venture", "V-1"}, {"indicator", "participants"}, {"target", "40"}});
        reg.add(entity("target"), {{"venture", "V-1"}, {"indicator", "volunteers"}, {"target", "5"}});
        reg.add(entity("budget"), {{"venture", "V-1"}, {"category", "rent"}, {"source", "grant"}, {"planned", "1200"}});
        reg.add(entity("budget"), {{"venture", "V-1"}, {"category", "rent"}, {"source", "own"}, {"planned", "300"}});
        reg.add(entity("budget"), {{"venture", "V-1"}, {"category", "personnel"}, {"planned", "5000"}});
        reporting::Reports reports(store, config, Date::from_ymd(2026, 12, 31));
        submit(reports, "2026-01", {{"participants", 10}, {"volunteers", 3}}, {{"rent", Money::parse("200")}});
        submit(reports, "2026-02", {{"participants", 12}, {"volunteers", 2}},
               {{"rent", Money::parse("200")}, {"personnel", Money::parse("800,50")}});
        submit(reports, "2026-03", {{"participants", 99}}, {});
        reports.give_back("V-1", Period::from_ym(2026, 3), "Brak wydatków");
    }

    void submit(reporting::Reports& reports, const char* period, std::map<std::string, double> values,
                std::map<std::string, Money> spending)
    {
        reporting::Submission submission;
        submission.venture = "V-1";
        submission.period = Period::parse(period);
        submission.values = std::move(values);
        submission.spending = std::move(spending);
        submission.submitted_on = submission.period.add_months(1).first_day().add_days(4);
        reports.submit(submission, false);
    }
};

}  // namespace

TEST_CASE("reporting::report_form: what is known, so far and due")
{
    Fixture f;
    const auto form = reporting::report_form(f.store, f.config, "V-1", Period::from_ym(2026, 3), Lang::en);
    CHECK(form.org == "ORG-1");
    CHECK(form.org_name == "Fundacja Łąka");
    CHECK(form.org_email == "laka@example.org");
    CHECK(form.due_on == Date::from_ymd(2026, 4, 15));
    REQUIRE(form.indicators.size() == 2);
    CHECK(form.indicators[0].code == "participants");
    CHECK(form.indicators[0].name == "Participants");  // the English name in English
    CHECK(form.indicators[0].target == 40);
    CHECK(form.indicators[0].so_far == 22);             // 10 + 12; March was returned and is not "so far"
    CHECK(form.indicators[1].name == "Wolontariusze");  // no English name: the Polish one
    CHECK(form.indicators[1].so_far == 3);              // max(3, 2)
    REQUIRE(form.categories.size() == 2);
    CHECK(form.categories[0].code == "personnel");
    CHECK(form.categories[0].planned == Money::parse("5000"));
    CHECK(form.categories[0].spent_so_far == Money::parse("800,50"));
    CHECK(form.categories[1].code == "rent");
    CHECK(form.categories[1].name == "rent");
    CHECK(form.categories[1].planned == Money::parse("1500"));  // both sources
    CHECK(form.categories[1].spent_so_far == Money::parse("400"));
    CHECK_FALSE(form.indicators[0].value.has_value());

    const auto polish = reporting::report_form(f.store, f.config, "V-1", Period::from_ym(2026, 3), Lang::pl, true);
    CHECK(polish.categories[1].name == "najem");
    CHECK(polish.indicators[0].value == 99);  // prefilled from the returned report
    CHECK(polish.return_reason == "Brak wydatków");

    CHECK_THROWS_AS(reporting::report_form(f.store, f.config, "V-1", Period::from_ym(2026, 7), Lang::pl), Error);
    CHECK_THROWS_AS(reporting::report_form(f.store, f.config, "V-9", Period::from_ym(2026, 3), Lang::pl), Error);
}

TEST_CASE("reporting::form_ventures: running and not received")
{
    Fixture f;
    CHECK(reporting::form_ventures(f.store, Period::from_ym(2026, 2), std::nullopt).empty());  // received
    CHECK(reporting::form_ventures(f.store, Period::from_ym(2026, 3), std::nullopt) ==
          std::vector<std::string>{"V-1"});  // returned
    CHECK(reporting::form_ventures(f.store, Period::from_ym(2026, 4), std::string("ORG-1")) ==
          std::vector<std::string>{"V-1"});
    CHECK(reporting::form_ventures(f.store, Period::from_ym(2026, 4), std::string("ORG-2")).empty());
    CHECK(reporting::form_ventures(f.store, Period::from_ym(2026, 7), std::nullopt).empty());  // ended
    CHECK(reporting::form_file_name("V/1", Period::from_ym(2026, 4)) == "V_1_2026-04.xlsx");
}

TEST_CASE("reporting::write_form: read back as the report it holds")
{
    Fixture f;
    const reporting::FormContact contact{"Warszawa", std::string("raporty@um.example.pl")};

    SUBCASE("a blank form holds no figures: refused, naming the first cell to fill")
    {
        const auto form = reporting::report_form(f.store, f.config, "V-1", Period::from_ym(2026, 4), Lang::pl);
        const auto path = f.dir / "blank.xlsx";
        reporting::write_form(form, Lang::pl, contact, path);
        try {
            io::open_rows(path.string(), {});
            FAIL("a blank form was read");
        } catch (const BatchError& error) {
            REQUIRE(error.problems().size() == 1);
            CHECK(error.problems()[0].cell == "Raport!F14");
            CHECK(error.problems()[0].message.text(Lang::en) == "the form of V-1 for 2026-04 has no figures filled in");
        }
    }

    SUBCASE("a prefilled form gives its figures as long-layout rows, each in its cell")
    {
        const auto form = reporting::report_form(f.store, f.config, "V-1", Period::from_ym(2026, 2), Lang::en, true);
        const auto bytes = reporting::form_bytes(form, Lang::en, contact);
        REQUIRE(bytes.starts_with("PK"));
        const auto path = f.dir / "filled.xlsx";
        std::ofstream(path, std::ios::binary) << bytes;
        auto rows = io::open_rows(path.string(), {});
        CHECK(rows->columns() == std::vector<std::string>{"venture", "period", "indicator", "value", "category",
                                                          "amount", "submitted_on", "note"});
        std::vector<std::string> read;
        io::InputRow row;
        while (rows->next(row)) {
            read.push_back(std::to_string(row.line) + " " + row.fields["indicator"].get<std::string>() +
                           row.fields["category"].get<std::string>() + "=" + row.fields["value"].get<std::string>() +
                           row.fields["amount"].get<std::string>() + " " +
                           row.fields["submitted_on"].get<std::string>());
        }
        CHECK(read == std::vector<std::string>{"14 participants=12 2026-03-05", "15 volunteers=2 2026-03-05",
                                               "19 personnel=800.5 2026-03-05", "20 rent=200 2026-03-05"});
        CHECK(rows->cell(14, "value") == "Report!F14");
        CHECK(rows->cell(14, "indicator") == "Report!A14");
        CHECK(rows->cell(19, "spent:personnel") == "Report!F19");
        CHECK(rows->cell(20, "period") == "Report!B7");
        CHECK(rows->cell(20, "note") == "Report!B10");
    }
}
