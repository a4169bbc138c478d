#include "registry/documents.hpp"
#include "render/cells.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

// The register's smaller documents, built from small values with no store.

using namespace toro;
using namespace toro::registry;

TEST_CASE("registry::schedule_document: a row an instalment, headings in the output language")
{
    Instalment first;
    first.no = 1;
    first.due_on = Date::from_ymd(2026, 2, 1);
    first.principal = Money::from_grosze(100'000);
    first.interest = Money::from_grosze(1'250);
    first.payment = Money::from_grosze(101'250);
    first.balance = Money::from_grosze(200'000);
    const auto document = schedule_document("L-1", {first}, Lang::pl);
    REQUIRE(document.tables.size() == 1);
    const auto& table = document.tables.front();
    CHECK(table.name == "schedule");
    CHECK(table.columns.size() == 6);
    CHECK(table.columns[1].key == "due_on");
    REQUIRE(table.rows.size() == 1);
    CHECK(std::get<std::int64_t>(table.rows[0][0]) == 1);
    CHECK(render::machine_text(table.rows[0][4]) == "1012.50");
    CHECK(document.title.find("L-1") != std::string::npos);
}

TEST_CASE("registry::reference_document: code, Polish and English names, in the list's order")
{
    const ReferenceList list(ReferenceKind::sphere,
                             {{"1", "pomoc społeczna", "social assistance"}, {"1a", "wspieranie rodziny", "family"}});
    const auto document = reference_document("sphere", list, Lang::en);
    const auto& table = document.tables.front();
    CHECK(table.columns[0].key == "code");
    CHECK(table.columns[1].key == "name_pl");
    REQUIRE(table.rows.size() == 2);
    CHECK(std::get<std::string>(table.rows[1][0]) == "1a");
    CHECK(std::get<std::string>(table.rows[0][1]) == "pomoc społeczna");
}
