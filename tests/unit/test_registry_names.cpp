#include "registry/names.hpp"

#include "config/config.hpp"
#include "registry/entity.hpp"
#include "registry/register.hpp"
#include "render/cells.hpp"
#include "render/render.hpp"
#include "store/store.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace toro;
using namespace toro::registry;

namespace {

// A store with one organization, one venture and one indicator, through the register.
struct NamesFixture {
    test::ScratchDir scratch{"toro-names-test"};
    store::Store store;
    config::Config config;

    NamesFixture() : store(options(scratch.path() / "toro.db"))
    {
        Register reg(store, config);
        reg.add(*find_entity("org"), {{"code", "ORG-1"}, {"name", "Fundacja Pod Lipą"}, {"legal_form", "FUND"}});
        reg.add(*find_entity("program"),
                {{"code", "P-1"}, {"name", "Program"}, {"year", "2026"}, {"mode", "open_call"}});
        reg.add(*find_entity("indicator"),
                {{"code", "people"}, {"name", "Uczestnicy"}, {"name_en", "Participants"}, {"unit", "persons"}});
        reg.add(*find_entity("venture"), {{"code", "V-1"},
                                          {"org", "ORG-1"},
                                          {"program", "P-1"},
                                          {"title", "Klub sąsiedzki"},
                                          {"sphere", "1"},
                                          {"starts", "2026-01"},
                                          {"ends", "2026-12"},
                                          {"grant", "1000"}});
    }

    static store::OpenOptions options(const std::filesystem::path& path)
    {
        store::OpenOptions open;
        open.path = path;
        open.create = true;
        open.actor = {"tester", "toro names test", "tester-login"};
        return open;
    }
};

}  // namespace

TEST_CASE("registry::Names")
{
    NamesFixture fixture;
    const auto names = Names::load(fixture.store, {"ORG-1", "ORG-9"}, {"V-1"});

    SUBCASE("organizations and ventures by code and name; machines read the code")
    {
        const render::Cell org = names.org_cell("ORG-1");
        CHECK(render::human_text(org, Lang::pl) == "ORG-1 Fundacja Pod Lipą");
        CHECK(render::human_text(org, Lang::en) == "ORG-1 Fundacja Pod Lipą");
        CHECK(render::machine_text(org) == "ORG-1");
        CHECK(render::human_text(names.venture_cell("V-1"), Lang::pl) == "V-1 Klub sąsiedzki");
        // A code the store does not hold is shown as it is.
        CHECK(render::human_text(names.org_cell("ORG-9"), Lang::pl) == "ORG-9");
    }
    SUBCASE("indicators and budget categories by their register names, indicators with units")
    {
        CHECK(render::human_text(names.indicator_cell("people"), Lang::pl) == "Uczestnicy (osoby)");
        CHECK(render::human_text(names.indicator_cell("people"), Lang::en) == "Participants (persons)");
        CHECK(render::machine_text(names.indicator_cell("people")) == "people");
        CHECK(render::human_text(names.category_cell("materials"), Lang::pl) == "materiały");
        CHECK(render::human_text(names.category_cell("materials"), Lang::en) == "materials");
    }
    SUBCASE("a list of organizations: names for people, an array of codes in JSON")
    {
        const auto list = names.org_list({"ORG-1", "ORG-9"});
        CHECK(render::human_text(list, Lang::pl) == "ORG-1 Fundacja Pod Lipą, ORG-9");
        CHECK(render::machine_text(list) == "ORG-1|ORG-9");
        render::Document document;
        render::Table table;
        table.columns = {{"orgs", ""}};
        table.rows = {{list}};
        document.tables.push_back(table);
        std::ostringstream json;
        render::render(document, {render::Format::json}, json);
        CHECK(json.str() == "[\n  {\n    \"orgs\": [\n      \"ORG-1\",\n      \"ORG-9\"\n    ]\n  }\n]\n");
    }
    SUBCASE("a flag's message names what it is about; its machine text keeps the codes")
    {
        const Message flag("flag.message.progress",
                           {{"indicator", "people"}, {"achievement", Percent{0.5}}, {"pace", Percent{0.75}}});
        const Message named = names.named(flag);
        CHECK(named.text(Lang::pl) == "Uczestnicy: 50 % celu przy tempie 75 %");
        CHECK(named.text(Lang::en) == "Participants: 50 % of the target against a pace of 75 %");
        CHECK(named.machine_text() == "people: 50 % of the target against a pace of 75 %");
        CHECK(named.machine_text() == flag.text(Lang::en));
        const Message loan("flag.message.loan_overdue",
                           {{"loan", "L-1"}, {"org", "ORG-1"}, {"overdue", Money::from_grosze(150000)}, {"days", 31}});
        CHECK(names.named(loan).text(Lang::pl) ==
              "pożyczka L-1 (ORG-1 Fundacja Pod Lipą): zaległość 1 500,00 zł, 31 dni opóźnienia");
        CHECK(names.named(loan).machine_text() == "loan L-1 of ORG-1: 1500.00 overdue, 31 days past due");
    }
}
