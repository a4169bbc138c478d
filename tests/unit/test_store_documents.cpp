#include "render/cells.hpp"
#include "store/documents.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

// The documents of `toro db`, built from small values with no store.

using namespace toro;

namespace {

store::AuditEntry city_update()
{
    store::AuditEntry entry;
    entry.id = 7;
    entry.at = "2026-11-11T10:00:00Z";
    entry.actor = "anna";
    entry.command = "toro register org update ORG-1 --city Kraków";
    entry.entity = "org";
    entry.key = "ORG-1";
    entry.action = "update";
    entry.before = R"({"code":"ORG-1","name":"Fundacja","city":"Warszawa"})";
    entry.after = R"({"code":"ORG-1","name":"Fundacja","city":"Kraków"})";
    return entry;
}

}  // namespace

TEST_CASE("store::audit_document: people see what changed, machines the records whole")
{
    const auto machines = store::audit_document({city_update()}, Lang::en, false);
    REQUIRE(machines.tables.size() == 1);
    const auto& table = machines.tables.front();
    REQUIRE(table.rows.size() == 1);
    CHECK(table.columns.size() == 10);
    CHECK(table.columns[8].key == "before");
    CHECK(std::get<std::string>(table.rows[0][8]) == R"({"code":"ORG-1","name":"Fundacja","city":"Warszawa"})");
    CHECK(render::machine_text(table.rows[0][5]) == "org");

    const auto people = store::audit_document({city_update()}, Lang::pl, true);
    const auto& shown = people.tables.front();
    CHECK(std::get<std::string>(shown.rows[0][8]) == R"({"city":"Warszawa"})");
    CHECK(std::get<std::string>(shown.rows[0][9]) == R"({"city":"Kraków"})");
    CHECK(shown.columns[8].human_width == 28);  // a terminal's width
    CHECK(render::human_text(shown.rows[0][7], Lang::pl) == "zmiana");
}

TEST_CASE("store::check_document: a row a check, the detail in both languages")
{
    const std::vector<store::CheckResult> results = {{"integrity", true, Message("check.integrity_ok")},
                                                     {"audit_log", false, Message("check.integrity_ok")}};
    const auto document = store::check_document(results, Lang::pl);
    REQUIRE(document.tables.front().rows.size() == 2);
    const auto& row = document.tables.front().rows[1];
    CHECK(render::machine_text(row[0]) == "audit_log");
    CHECK(std::get<bool>(row[1]) == false);
    CHECK(render::machine_text(row[2]) == Message("check.integrity_ok").text(Lang::en));
}
