#include "config/config.hpp"
#include "core/error.hpp"
#include "io/import.hpp"
#include "registry/entity.hpp"
#include "registry/register.hpp"
#include "registry/schedule_store.hpp"
#include "store/pseudonym.hpp"
#include "store/store.hpp"

#include "store/database.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace toro;
using namespace toro::registry;
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

// A scratch directory named after this file's tests.
class ScratchDir : public test::ScratchDir {
public:
    ScratchDir() : test::ScratchDir("toro-register-test") {}
};

store::OpenOptions open_options(const fs::path& path)
{
    store::OpenOptions options;
    options.path = path;
    options.create = true;
    options.actor = {"tester", "toro register test", "tester-login"};
    return options;
}

const EntitySpec& entity(std::string_view name)
{
    const auto* found = find_entity(name);
    REQUIRE(found != nullptr);
    return *found;
}

// "LINE|FIELD|VALUE|MESSAGE", to compare problems in one CHECK.
std::string describe(const Problem& problem)
{
    return std::to_string(problem.line) + "|" + problem.field + "|" + problem.value + "|" +
           problem.message.text(Lang::en);
}

std::vector<std::string> describe(const std::vector<Problem>& problems)
{
    std::vector<std::string> result;
    for (const auto& problem : problems) {
        result.push_back(describe(problem));
    }
    return result;
}

std::string text_at(const EntitySpec& spec, const Record& record, std::string_view field)
{
    const auto& value = record[spec.index(field)];
    REQUIRE(std::holds_alternative<std::string>(value));
    return std::get<std::string>(value);
}

// A fresh store with the reference data, a default configuration and a register over them.
struct Fixture {
    ScratchDir dir;
    config::Config config;
    store::Store store{open_options(dir / "toro.db")};
    Register reg{store, config};

    std::int64_t count(const std::string& sql) { return store.db().query_integer(sql); }

    void add(std::string_view name, const json& fields) { reg.add(entity(name), fields); }

    // Problems of parsing one row on line 2.
    std::vector<Problem> problems(std::string_view name, const json& fields)
    {
        std::vector<Problem> result;
        const auto record = reg.parse(entity(name), fields, 2, result);
        CHECK(record.has_value() == result.empty());
        return result;
    }

    std::vector<std::string> codes(std::string_view name, const ListFilter& filter)
    {
        std::vector<std::string> result;
        const auto& spec = entity(name);
        for (const auto& record : reg.list(spec, filter)) {
            result.push_back(text_at(spec, record, spec.key.front()));
        }
        return result;
    }

    void add_orgs()
    {
        add("org", {{"code", "ORG-1"},
                    {"name", "Fundacja Łąka"},
                    {"legal_form", "fund"},
                    {"krs", "12345"},
                    {"nip", "526-104-08-28"},
                    {"district", "WOLA"},
                    {"spheres", "1|2|15"}});
        add("org", {{"code", "ORG-2"},
                    {"name", "Stowarzyszenie Mokotowskie"},
                    {"legal_form", "STOW"},
                    {"nip", "8567346215"},
                    {"district", "Mokotów"},
                    {"spheres", json::array({"15"})}});
    }

    void add_programs()
    {
        add("program", {{"code", "P-OPEN"},
                        {"name", "Otwarty konkurs 2026"},
                        {"year", "2026"},
                        {"mode", "open_call"},
                        {"budget", "1 000 000"}});
        add("program", {{"code", "P-SMALL"}, {"name", "Małe granty 2026"}, {"year", 2026}, {"mode", "small_grant"}});
    }

    static json venture(const std::string& code, const std::string& org, const std::string& program,
                        const std::string& starts, const std::string& ends, const std::string& grant)
    {
        return {{"code", code},   {"org", org},       {"program", program}, {"title", "Zajęcia dla seniorów"},
                {"sphere", "1a"}, {"starts", starts}, {"ends", ends},       {"grant", grant}};
    }
};

}  // namespace

TEST_CASE("registry::Register add and show")
{
    Fixture f;
    f.add_orgs();
    const auto& org = entity("org");

    SUBCASE("by code, with values in their stored form")
    {
        const auto record = f.reg.show(org, "ORG-1");
        CHECK(text_at(org, record, "code") == "ORG-1");
        CHECK(text_at(org, record, "legal_form") == "FUND");
        CHECK(text_at(org, record, "krs") == "0000012345");
        CHECK(text_at(org, record, "nip") == "5261040828");
        CHECK(text_at(org, record, "district") == "Wola");
        CHECK(text_at(org, record, "spheres") == R"(["1","2","15"])");
        CHECK(text_at(org, record, "status") == "active");
        CHECK(std::get<std::int64_t>(record[org.index("opp")]) == 0);
        CHECK(std::holds_alternative<std::monostate>(record[org.index("email")]));
    }

    SUBCASE("by KRS, short or zero-padded, and by NIP with dashes or without")
    {
        for (const char* key : {"12345", "0000012345", "526-104-08-28", "5261040828", "PL 526 104 08 28"}) {
            CAPTURE(key);
            CHECK(text_at(org, f.reg.show(org, key), "code") == "ORG-1");
        }
        CHECK(text_at(org, f.reg.show(org, "856-734-62-15"), "code") == "ORG-2");
        CHECK(f.reg.resolve_org("12345") == std::optional<std::string>("ORG-1"));
        CHECK_FALSE(f.reg.resolve_org("99999").has_value());
        CHECK_FALSE(f.reg.resolve_org("ORG-9").has_value());
    }

    SUBCASE("an unknown key")
    {
        try {
            f.reg.show(org, "ORG-9");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK(error.context() == "ORG-9");
            CHECK(error.message() == "no organization has this key");
        }
    }

    SUBCASE("the JSON of a record (§12): lists as arrays, opp a boolean, empty fields null")
    {
        const auto object = record_json(org, f.reg.show(org, "ORG-2"));
        CHECK(object["spheres"] == json::array({"15"}));
        CHECK(object["opp"] == json(false));
        CHECK(object["krs"].is_null());
        CHECK(object["district"] == json("Mokotów"));
        CHECK(object.size() == org.fields.size());
    }

    SUBCASE("adding an existing key is refused")
    {
        try {
            f.add("org", {{"code", "ORG-1"}, {"name", "Inna"}, {"legal_form", "STOW"}});
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK(error.context() == "ORG-1");
            CHECK(error.message() == "this organization exists already; use update to change it");
        }
        CHECK(text_at(org, f.reg.show(org, "ORG-1"), "name") == "Fundacja Łąka");
    }

    SUBCASE("an invalid add is a BatchError with every problem")
    {
        try {
            f.add("org", {{"code", "ORG-3"}, {"legal_form", "STOW"}, {"postal_code", "00950"}});
            FAIL("no error");
        } catch (const BatchError& error) {
            CHECK(error.code() == Exit::data);
            CHECK(describe(error.problems()) ==
                  std::vector<std::string>{"0|name||a value is required",
                                           "0|postal_code|00950|postal code must look like NN-NNN"});
        }
        CHECK(f.count("SELECT count(*) FROM org WHERE code = 'ORG-3'") == 0);
    }

    SUBCASE("every add wrote one insert audit row")
    {
        CHECK(f.count("SELECT count(*) FROM audit WHERE entity = 'org' AND action = 'insert'") == 2);
        store::Statement query(f.store.db(), "SELECT before, after, actor FROM audit WHERE entity = 'org' AND key = "
                                             "'ORG-1'");
        REQUIRE(query.step());
        CHECK(query.column(0).is_null());
        const auto after = json::parse(query.column(1).get_string());
        CHECK(after["nip"] == json("5261040828"));
        CHECK(after["spheres"] == json::array({"1", "2", "15"}));
        CHECK(query.column(2).get_string() == "tester");
    }
}

TEST_CASE("registry::Register update")
{
    Fixture f;
    f.add_orgs();
    const auto& org = entity("org");
    const auto audit_rows = f.count("SELECT count(*) FROM audit");

    SUBCASE("one field changes, one audit row with before and after")
    {
        CHECK(f.reg.update(org, "ORG-1", {{"email", "biuro@laka.org.pl"}}) == io::Outcome::updated);
        const auto record = f.reg.show(org, "ORG-1");
        CHECK(text_at(org, record, "email") == "biuro@laka.org.pl");
        CHECK(text_at(org, record, "name") == "Fundacja Łąka");
        CHECK(text_at(org, record, "krs") == "0000012345");
        CHECK(f.count("SELECT count(*) FROM audit") == audit_rows + 1);

        store::Statement query(f.store.db(), "SELECT entity, key, action, before, after FROM audit ORDER BY id DESC "
                                             "LIMIT 1");
        REQUIRE(query.step());
        CHECK(query.column(0).get_string() == "org");
        CHECK(query.column(1).get_string() == "ORG-1");
        CHECK(query.column(2).get_string() == "update");
        const auto before = json::parse(query.column(3).get_string());
        const auto after = json::parse(query.column(4).get_string());
        CHECK(before["email"].is_null());
        CHECK(after["email"] == json("biuro@laka.org.pl"));
        std::set<std::string> changed;
        for (const auto& [key, value] : after.items()) {
            if (before.at(key) != value) {
                changed.insert(key);
            }
        }
        CHECK(changed == std::set<std::string>{"email"});
        CHECK(before.size() == org.fields.size());
    }

    SUBCASE("by KRS as the key")
    {
        CHECK(f.reg.update(org, "12345", {{"status", "suspended"}}) == io::Outcome::updated);
        CHECK(text_at(org, f.reg.show(org, "ORG-1"), "status") == "suspended");
    }

    SUBCASE("the same values again: unchanged, no audit row")
    {
        CHECK(f.reg.update(org, "ORG-1", {{"email", "biuro@laka.org.pl"}}) == io::Outcome::updated);
        const auto after_first = f.count("SELECT count(*) FROM audit");
        CHECK(f.reg.update(org, "ORG-1", {{"email", "biuro@laka.org.pl"}}) == io::Outcome::unchanged);
        CHECK(f.reg.update(org, "ORG-1", json::object()) == io::Outcome::unchanged);
        CHECK(f.reg.upsert(org, f.reg.show(org, "ORG-1")) == io::Outcome::unchanged);
        // The same value written another way is the same value.
        CHECK(f.reg.update(org, "ORG-1", {{"nip", "526 104 08 28"}, {"spheres", "1|2|15"}}) == io::Outcome::unchanged);
        CHECK(f.count("SELECT count(*) FROM audit") == after_first);
    }

    SUBCASE("a key cannot be changed")
    {
        try {
            f.reg.update(org, "ORG-1", {{"code", "ORG-7"}});
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::usage);
        }
        CHECK(f.count("SELECT count(*) FROM audit") == audit_rows);
    }

    SUBCASE("an invalid value is refused, nothing written")
    {
        CHECK_THROWS_AS(f.reg.update(org, "ORG-1", {{"email", "not-an-address"}}), BatchError);
        CHECK(std::holds_alternative<std::monostate>(f.reg.show(org, "ORG-1")[org.index("email")]));
        CHECK(f.count("SELECT count(*) FROM audit") == audit_rows);
    }
}

TEST_CASE("registry::Register parse problems")
{
    Fixture f;
    f.add_orgs();
    f.add_programs();

    SUBCASE("a bad NIP alone")
    {
        CHECK(describe(f.problems("org",
                                  {{"code", "ORG-3"}, {"name", "X"}, {"legal_form", "STOW"}, {"nip", "5261040829"}})) ==
              std::vector<std::string>{"2|nip|5261040829|NIP check digit does not match"});
    }

    SUBCASE("an unknown legal form alone")
    {
        CHECK(describe(f.problems("org", {{"code", "ORG-3"}, {"name", "X"}, {"legal_form", "NOPE"}})) ==
              std::vector<std::string>{
                  "2|legal_form|NOPE|not a legal form; `toro register reference legal-form` lists them"});
    }

    SUBCASE("a NIP, a district and spheres from the reference data")
    {
        CHECK(describe(f.problems("org", {{"code", "ORG-3"},
                                          {"name", "X"},
                                          {"legal_form", "STOW"},
                                          {"nip", "5261040828"},
                                          {"district", "Atlantyda"},
                                          {"spheres", "2|99"}})) ==
              std::vector<std::string>{
                  "2|district|Atlantyda|not a district; `toro register reference district` lists them",
                  "2|spheres|99|not a sphere of public benefit (art. 4) (did you mean 9 (działalność na rzecz równych "
                  "praw kobiet i mężczyzn / equal rights of women and men) or 19 (turystyka i krajoznawstwo / tourism) "
                  "or 29 (działalność na rzecz kombatantów i osób represjonowanych / veterans and repressed "
                  "persons)?); `toro register reference sphere` lists them",
                  "2|nip|5261040828|organization ORG-1 already has this NIP"});
    }

    SUBCASE("reference values by name, without regard to case, diacritics, spaces, hyphens, underscores")
    {
        std::vector<Problem> none;
        const auto record = f.reg.parse(entity("org"),
                                        {{"code", "ORG-3"},
                                         {"name", "X"},
                                         {"legal_form", "spółdzielnia socjalna"},
                                         {"district", "PRAGA_POLNOC"},
                                         {"spheres", "pomoc społeczna|Tourism"}},
                                        2, none);
        REQUIRE(record);
        CHECK(text_at(entity("org"), *record, "legal_form") == "SPOLDZ_SOC");
        CHECK(text_at(entity("org"), *record, "district") == "Praga-Północ");
        CHECK(text_at(entity("org"), *record, "spheres") == "[\"1\",\"19\"]");
        CHECK(
            describe(f.problems("org", {{"code", "ORG-4"}, {"name", "X"}, {"legal_form", "spoldzielnia socjalnaa"}})) ==
            std::vector<std::string>{"2|legal_form|spoldzielnia socjalnaa|not a legal form (did you mean SPOLDZ_SOC "
                                     "(spółdzielnia socjalna / social cooperative)?); `toro register reference "
                                     "legal-form` lists them"});
    }

    SUBCASE("a district of [city] districts is accepted")
    {
        f.config.districts.push_back("Nowa Huta");
        CHECK(describe(f.problems(
                  "org", {{"code", "ORG-3"}, {"name", "X"}, {"legal_form", "STOW"}, {"district", "Nowa Huta"}})) ==
              std::vector<std::string>{});
    }

    SUBCASE("every required field missing")
    {
        CHECK(describe(f.problems("org", json::object())) ==
              std::vector<std::string>{"2|code||a value is required", "2|name||a value is required",
                                       "2|legal_form||a value is required"});
    }

    SUBCASE("a venture naming an unknown organization")
    {
        CHECK(
            describe(f.problems("venture", Fixture::venture("V-1", "ORG-X", "P-OPEN", "2026-03", "2026-05", "5000"))) ==
            std::vector<std::string>{"2|org|ORG-X|no organization has this code, KRS or NIP"});
    }

    SUBCASE("a venture naming its organization by NIP gets its code")
    {
        std::vector<Problem> problems;
        const auto record =
            f.reg.parse(entity("venture"),
                        Fixture::venture("V-1", "526-104-08-28", "P-OPEN", "2026-03", "2026-05", "5000"), 2, problems);
        REQUIRE(record.has_value());
        CHECK(text_at(entity("venture"), *record, "org") == "ORG-1");
    }

    SUBCASE("a small grant of 10 000.01 zł")
    {
        const auto problems =
            f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-SMALL", "2026-03", "2026-05", "10000.01"));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].line == 2);
        CHECK(problems[0].field == "grant");
        CHECK(problems[0].message.text(Lang::en) == "a small grant is at most 10 000 zł (art. 19a)");
    }

    SUBCASE("a small grant of exactly 10 000 zł for three months is fine")
    {
        CHECK(f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-SMALL", "2026-03", "2026-05", "10 000,00 zł"))
                  .empty());
    }

    SUBCASE("a small grant of four months")
    {
        CHECK(describe(
                  f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-SMALL", "2026-03", "2026-06", "5000"))) ==
              std::vector<std::string>{
                  "2|ends|2026-06|a small grant lasts at most 90 days (art. 19a): three calendar months"});
    }

    SUBCASE("starts after ends")
    {
        CHECK(
            describe(f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-OPEN", "2026-06", "2026-03", "5000"))) ==
            std::vector<std::string>{"2|ends|2026-03|is before starts (2026-06)"});
    }

    SUBCASE("a grant above the programme's budget, an unknown programme and sphere")
    {
        const auto over =
            f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-OPEN", "2026-01", "2026-12", "1000000.01"));
        REQUIRE(over.size() == 1);
        CHECK(over[0].field == "grant");
        CHECK(over[0].message.text(Lang::en) == "exceeds the programme's budget of 1000000.00");
        auto row = Fixture::venture("V-1", "ORG-1", "P-NONE", "2026-01", "2026-12", "100");
        row["sphere"] = "99";
        CHECK(describe(f.problems("venture", row)) ==
              std::vector<std::string>{
                  "2|sphere|99|not a sphere of public benefit (art. 4) (did you mean 9 (działalność na rzecz równych "
                  "praw kobiet i mężczyzn / equal rights of women and men) or 19 (turystyka i krajoznawstwo / tourism) "
                  "or 29 (działalność na rzecz kombatantów i osób represjonowanych / veterans and repressed "
                  "persons)?); `toro register reference sphere` lists them",
                  "2|program|P-NONE|no programme has this code"});
    }
}

// §2: "if any row is invalid, nothing is written, every problem is listed": a row with a bad
// NIP and an unknown legal form has two problems: the entity checks (legal form, references,
// uniqueness) run on the fields that parsed even when another did not.
TEST_CASE("registry::Register parse lists a bad NIP and an unknown legal form at once")
{
    Fixture f;
    f.add_orgs();
    // A venture with a bad start month still has its organization, sphere and district checked.
    auto row = Fixture::venture("V-1", "ORG-NONE", "P-NONE", "2026-13", "2026-05", "abc");
    row["sphere"] = "99";
    row["districts"] = "Atlantyda";
    const auto venture = describe(f.problems("venture", row));
    CHECK(venture.size() == 6);
    for (const auto* expected :
         {"2|starts|2026-13|", "2|grant|abc|", "2|org|ORG-NONE|no organization has this code, KRS or NIP",
          "2|sphere|99|not a sphere", "2|districts|Atlantyda|not a district",
          "2|program|P-NONE|no programme has this code"}) {
        CAPTURE(expected);
        CHECK(std::any_of(venture.begin(), venture.end(),
                          [&](const std::string& text) { return text.starts_with(expected); }));
    }
    CHECK(describe(
              f.problems("org", {{"code", "ORG-3"}, {"name", "X"}, {"legal_form", "NOPE"}, {"nip", "5261040829"}})) ==
          std::vector<std::string>{
              "2|nip|5261040829|NIP check digit does not match",
              "2|legal_form|NOPE|not a legal form; `toro register reference legal-form` lists them"});
}

// A problem's value is "the offending value as written" (core/error.hpp), so a refused grant
// shows the amount the user typed, not its grosze.
TEST_CASE("registry::Register parse names a refused amount as written")
{
    Fixture f;
    f.add_orgs();
    f.add_programs();
    const auto problems =
        f.problems("venture", Fixture::venture("V-1", "ORG-1", "P-SMALL", "2026-03", "2026-05", "10000.01"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].value == "10000.01");
}

TEST_CASE("registry::Register remove")
{
    Fixture f;
    f.add_orgs();
    f.add_programs();
    f.add("venture", Fixture::venture("V-9", "ORG-2", "P-OPEN", "2026-03", "2026-05", "5000"));
    f.add("indicator", {{"code", "participants"}, {"name", "Uczestnicy"}, {"unit", "persons"}});
    f.add("target", {{"venture", "V-9"}, {"indicator", "participants"}, {"target", "40"}});
    f.add("budget", {{"venture", "V-9"}, {"category", "rent"}, {"planned", "1200"}});
    const auto& org = entity("org");
    const auto& venture = entity("venture");

    SUBCASE("an organization with a venture is refused")
    {
        try {
            f.reg.remove(org, "ORG-2");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK(error.context() == "ORG-2");
            CHECK(error.message() ==
                  "cannot remove this organization: it is referred to by 1 venture; close it instead: "
                  "toro register org update ORG-2 --status closed");
        }
        CHECK(f.count("SELECT count(*) FROM org WHERE code = 'ORG-2'") == 1);
    }

    SUBCASE("an organization named by NIP is refused the same way")
    {
        CHECK_THROWS_AS(f.reg.remove(org, "856-734-62-15"), Error);
        CHECK(f.count("SELECT count(*) FROM org WHERE code = 'ORG-2'") == 1);
    }

    SUBCASE("an indicator with targets is refused")
    {
        try {
            f.reg.remove(entity("indicator"), "participants");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK(error.message() == "cannot remove this indicator: it is referred to by 1 target");
        }
    }

    SUBCASE("an organization in a consultation's list is refused")
    {
        f.add("consultation", {{"code", "K-1"},
                               {"title", "Program współpracy"},
                               {"held_on", "2026-02-10"},
                               {"participants", 12},
                               {"orgs", "ORG-1|8567346215"}});
        CHECK(text_at(entity("consultation"), f.reg.show(entity("consultation"), "K-1"), "orgs") ==
              R"(["ORG-1","ORG-2"])");
        try {
            f.reg.remove(org, "ORG-1");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK(error.message().starts_with("cannot remove this organization: it is referred to by 1 consultation"));
        }
    }

    SUBCASE("a venture goes with its targets and budget lines; then its organization can go")
    {
        const auto audit_rows = f.count("SELECT count(*) FROM audit");
        f.reg.remove(venture, "V-9");
        CHECK(f.count("SELECT count(*) FROM venture") == 0);
        CHECK(f.count("SELECT count(*) FROM target") == 0);
        CHECK(f.count("SELECT count(*) FROM budget") == 0);
        CHECK(f.count("SELECT count(*) FROM audit") == audit_rows + 1);
        store::Statement query(f.store.db(), "SELECT entity, key, action, before, after FROM audit ORDER BY id DESC "
                                             "LIMIT 1");
        REQUIRE(query.step());
        CHECK(query.column(0).get_string() == "venture");
        CHECK(query.column(1).get_string() == "V-9");
        CHECK(query.column(2).get_string() == "delete");
        CHECK(json::parse(query.column(3).get_string())["grant"] == json(5000.0));
        CHECK(query.column(4).is_null());

        f.reg.remove(org, "ORG-2");
        CHECK_THROWS_AS(f.reg.show(org, "ORG-2"), Error);
        CHECK(f.count("SELECT count(*) FROM audit WHERE entity = 'org' AND key = 'ORG-2' AND action = 'delete'") == 1);
    }

    SUBCASE("a target by its composite key")
    {
        f.reg.remove(entity("target"), "V-9/participants");
        CHECK(f.count("SELECT count(*) FROM target") == 0);
        CHECK_THROWS_AS(f.reg.remove(entity("target"), "V-9"), Error);  // half a key
    }
}

TEST_CASE("registry::Register list")
{
    Fixture f;
    f.add_orgs();
    f.add_programs();
    auto v1 = Fixture::venture("V-1", "ORG-1", "P-OPEN", "2026-03", "2026-05", "5000");
    v1["districts"] = "WOLA|Mokotów";
    f.add("venture", v1);
    f.add("venture", Fixture::venture("V-2", "12345", "P-OPEN", "2026-06", "2026-12", "7000"));
    f.add("venture", Fixture::venture("V-3", "ORG-2", "P-SMALL", "2026-01", "2026-02", "3000"));

    auto filter = [](std::string name, std::string value) {
        ListFilter result;
        result.equals[std::move(name)] = std::move(value);
        return result;
    };
    using codes = std::vector<std::string>;

    SUBCASE("everything, by key")
    {
        CHECK(f.codes("org", {}) == codes{"ORG-1", "ORG-2"});
        CHECK(f.codes("venture", {}) == codes{"V-1", "V-2", "V-3"});
    }

    SUBCASE("district by code or by name")
    {
        CHECK(f.codes("org", filter("district", "WOLA")) == codes{"ORG-1"});
        CHECK(f.codes("org", filter("district", "Wola")) == codes{"ORG-1"});
        CHECK(f.codes("org", filter("district", "wola")) == codes{"ORG-1"});
        CHECK(f.codes("org", filter("district", "MOKOTOW")) == codes{"ORG-2"});
        CHECK(f.codes("org", filter("district", "Mokotów")) == codes{"ORG-2"});
        CHECK(f.codes("org", filter("district", "BEMOWO")).empty());
    }

    SUBCASE("a list field contains the value")
    {
        CHECK(f.codes("org", filter("spheres", "2")) == codes{"ORG-1"});
        CHECK(f.codes("org", filter("spheres", "15")) == codes{"ORG-1", "ORG-2"});
        CHECK(f.codes("org", filter("spheres", "1")) == codes{"ORG-1"});
        CHECK(f.codes("org", filter("spheres", "5")).empty());
        CHECK(f.codes("venture", filter("districts", "Mokotów")) == codes{"V-1"});
    }

    SUBCASE("other fields by their parsed value")
    {
        CHECK(f.codes("venture", filter("org", "ORG-1")) == codes{"V-1", "V-2"});
        CHECK(f.codes("venture", filter("program", "P-SMALL")) == codes{"V-3"});
        CHECK(f.codes("org", filter("status", "Active")) == codes{"ORG-1", "ORG-2"});
        CHECK(f.codes("org", filter("legal_form", "STOW")) == codes{"ORG-2"});
        CHECK(f.codes("org", filter("nip", "526-104-08-28")) == codes{"ORG-1"});
        try {
            f.codes("org", filter("status", "gone"));
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::usage);
            CHECK(error.context() == "--status");
        }
    }

    SUBCASE("ventures active in a month")
    {
        auto in = [](const char* period) {
            ListFilter result;
            result.active_in = Period::parse(period);
            return result;
        };
        CHECK(f.codes("venture", in("2026-03")) == codes{"V-1"});
        CHECK(f.codes("venture", in("2026-05")) == codes{"V-1"});
        CHECK(f.codes("venture", in("2026-06")) == codes{"V-2"});
        CHECK(f.codes("venture", in("2026-02")) == codes{"V-3"});
        CHECK(f.codes("venture", in("2027-01")).empty());
        auto both = in("2026-04");
        both.equals["org"] = "ORG-2";
        CHECK(f.codes("venture", both).empty());
    }
}

TEST_CASE("registry::Register loans")
{
    Fixture f;
    f.add_orgs();
    const auto& loan = entity("loan");
    f.add("loan", {{"code", "L-1"},
                   {"org", "ORG-1"},
                   {"principal", "12 000,00"},
                   {"annual_rate", "6"},
                   {"term_months", "12"},
                   {"method", "annuity"},
                   {"disbursed_on", "2026-01-15"}});

    SUBCASE("registering stores the schedule")
    {
        const auto schedule = stored_schedule(f.store.db(), "L-1");
        REQUIRE(schedule.size() == 12);
        CHECK(schedule.front().no == 1);
        CHECK(schedule.front().due_on.to_string() == "2026-02-15");
        CHECK(schedule.back().no == 12);
        CHECK(schedule.back().balance.grosze() == 0);
        std::int64_t principal = 0;
        for (const auto& instalment : schedule) {
            principal += instalment.principal.grosze();
        }
        CHECK(principal == 1'200'000);
        CHECK(f.count("SELECT count(*) FROM loan_instalment WHERE loan = 'L-1'") == 12);
        CHECK(text_at(loan, f.reg.show(loan, "L-1"), "annual_rate") == "6");
    }

    SUBCASE("new terms, a new schedule")
    {
        CHECK(f.reg.update(loan, "L-1", {{"term_months", "24"}, {"grace_months", "3"}}) == io::Outcome::updated);
        const auto schedule = stored_schedule(f.store.db(), "L-1");
        REQUIRE(schedule.size() == 24);
        CHECK(schedule[0].principal.grosze() == 0);
        CHECK(schedule[2].principal.grosze() == 0);
        CHECK(schedule[3].principal.grosze() > 0);
        CHECK(schedule.back().balance.grosze() == 0);
    }

    SUBCASE("an organization with a loan cannot be removed")
    {
        try {
            f.reg.remove(entity("org"), "ORG-1");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.message().starts_with("cannot remove this organization: it is referred to by 1 loan"));
        }
    }

    SUBCASE("impossible terms")
    {
        CHECK(describe(f.problems("loan", {{"code", "L-2"},
                                           {"org", "ORG-1"},
                                           {"principal", "0"},
                                           {"annual_rate", "6"},
                                           {"term_months", "12"},
                                           {"grace_months", "12"},
                                           {"method", "annuity"},
                                           {"disbursed_on", "2026-01-15"},
                                           {"first_due_on", "2026-01-15"}})) ==
              std::vector<std::string>{"2|principal|0|must be more than 0",
                                       "2|grace_months|12|must be at least 0 and less than term_months",
                                       "2|first_due_on|2026-01-15|must be after disbursed_on"});
    }
}

TEST_CASE("registry::Register import sink")
{
    Fixture f;
    f.add_orgs();
    f.add_programs();
    const auto& org = entity("org");

    SUBCASE("a duplicate key inside one input names the earlier line")
    {
        auto sink = f.reg.import_sink(org);
        std::vector<Problem> problems;
        const json row = {{"code", "ORG-A"}, {"name", "Pierwsza"}, {"legal_form", "STOW"}};
        CHECK(sink->write({2, row, {}}, problems) == std::optional<io::Outcome>(io::Outcome::inserted));
        CHECK(problems.empty());
        json again = row;
        again["name"] = "Druga";
        CHECK_FALSE(sink->write({5, again, {}}, problems).has_value());
        CHECK(describe(problems) == std::vector<std::string>{"5|code|ORG-A|the same organization appears on line 2"});
        CHECK(text_at(org, f.reg.show(org, "ORG-A"), "name") == "Pierwsza");
    }

    SUBCASE("through the import engine, from a CSV file")
    {
        const auto path = (f.dir / "orgs.csv").string();
        std::ofstream(path, std::ios::binary) << "code,name,legal_form,nip\n"
                                                 "ORG-A,Pierwsza,STOW,\n"
                                                 "ORG-B,Trzecia,FUND,\n"
                                                 "ORG-A,Druga,STOW,\n";
        auto sink = f.reg.import_sink(org);
        const auto summary = io::run_import(path, *sink, io::ImportOptions{});
        CHECK(summary.inserted == 2);
        CHECK(summary.rejected == 1);
        REQUIRE(summary.errors.size() == 1);
        CHECK(describe(summary.errors[0]) == "4|code|ORG-A|the same organization appears on line 2");
    }

    SUBCASE("KRS and NIP held by a stored organization or by an earlier row; stored keys updated")
    {
        auto sink = f.reg.import_sink(org);
        std::vector<Problem> problems;  // of every row, as the engine collects them
        const auto write = [&](std::size_t line, const json& row) {
            std::vector<Problem> row_problems;
            auto outcome = sink->write({line, row, {}}, row_problems);
            problems.insert(problems.end(), row_problems.begin(), row_problems.end());
            return outcome;
        };
        // ORG-1 holds KRS 12345 and NIP 5261040828, ORG-2 NIP 8567346215 (stored before the import).
        CHECK_FALSE(write(2, {{"code", "ORG-A"}, {"name", "A"}, {"legal_form", "STOW"}, {"krs", "12345"}}));
        CHECK(write(3, {{"code", "ORG-B"}, {"name", "B"}, {"legal_form", "STOW"}, {"nip", "7271848438"}}) ==
              std::optional<io::Outcome>(io::Outcome::inserted));
        CHECK_FALSE(write(4, {{"code", "ORG-C"}, {"name", "C"}, {"legal_form", "STOW"}, {"nip", "727-184-84-38"}}));
        CHECK(write(5, {{"code", "ORG-2"},
                        {"name", "Stowarzyszenie Mokotowskie"},
                        {"legal_form", "STOW"},
                        {"nip", "8567346215"},
                        {"district", "Mokotów"},
                        {"spheres", "15"}}) == std::optional<io::Outcome>(io::Outcome::unchanged));
        CHECK(write(6, {{"code", "ORG-1"},
                        {"name", "Fundacja Łąka"},
                        {"legal_form", "FUND"},
                        {"nip", "5261040828"},
                        {"district", "Wola"},
                        {"spheres", "1|2|15"}}) == std::optional<io::Outcome>(io::Outcome::updated));
        // ORG-1 gave up its KRS: another may take it now.
        CHECK(write(7, {{"code", "ORG-D"}, {"name", "D"}, {"legal_form", "STOW"}, {"krs", "0000012345"}}) ==
              std::optional<io::Outcome>(io::Outcome::inserted));
        CHECK(describe(problems) ==
              std::vector<std::string>{"2|krs|12345|organization ORG-1 already has this KRS",
                                       "4|nip|727-184-84-38|organization ORG-B already has this NIP"});
        io::ImportSummary summary;
        summary.source = "orgs.csv";
        summary.inserted = 2;
        sink->finish(summary);
        CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'import' AND after = "
                      "'{\"inserted\":2,\"updated\":0,\"unchanged\":0,\"part\":1,\"parts\":1,"
                      "\"keys\":[\"ORG-B\",\"ORG-D\"]}'") == 1);
        CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'update' AND key = 'ORG-1'") == 1);
    }

    SUBCASE("list values with quotes and backslashes are read back as written")
    {
        auto sink = f.reg.import_sink(entity("program"));
        std::vector<Problem> problems;
        const json row = {
            {"code", "P-Q"}, {"name", "Q"}, {"year", 2026}, {"mode", "other"}, {"spheres", json::array({"1", "1a"})}};
        CHECK(sink->write({2, row, {}}, problems) == std::optional<io::Outcome>(io::Outcome::inserted));
        CHECK(problems.empty());
        json unknown = row;
        unknown["code"] = "P-R";
        unknown["spheres"] = json::array({"1", "a\"b", "c\\d"});
        CHECK_FALSE(sink->write({3, unknown, {}}, problems).has_value());
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].value == "a\"b");
        CHECK(problems[1].value == "c\\d");
    }

    SUBCASE("known and required columns")
    {
        auto sink = f.reg.import_sink(entity("venture"));
        const auto known = sink->known_columns();
        CHECK(std::find(known.begin(), known.end(), "targets") != known.end());
        CHECK(std::find(known.begin(), known.end(), "budget") != known.end());
        CHECK(sink->required_columns() ==
              std::vector<std::string>{"code", "org", "program", "title", "sphere", "starts", "ends", "grant"});
    }

    SUBCASE("a venture with its targets; a bad target leaves nothing of its row")
    {
        f.add("indicator", {{"code", "participants"}, {"name", "Uczestnicy"}, {"unit", "persons"}});
        auto sink = f.reg.import_sink(entity("venture"));
        std::vector<Problem> problems;
        auto good = Fixture::venture("V-1", "ORG-1", "P-OPEN", "2026-03", "2026-05", "5000");
        good["targets"] = json::array({{{"indicator", "participants"}, {"target", 40}}});
        CHECK(sink->write({1, good, {}}, problems) == std::optional<io::Outcome>(io::Outcome::inserted));
        CHECK(problems.empty());
        CHECK(f.count("SELECT count(*) FROM target WHERE venture = 'V-1'") == 1);

        auto bad = Fixture::venture("V-2", "ORG-1", "P-OPEN", "2026-03", "2026-05", "5000");
        bad["targets"] = json::array({{{"indicator", "nope"}, {"target", 40}}});
        CHECK_FALSE(sink->write({2, bad, {}}, problems).has_value());
        CHECK(describe(problems) ==
              std::vector<std::string>{
                  "2|targets[0].indicator|nope|not an indicator; `toro register reference indicator` lists them"});
        CHECK(f.count("SELECT count(*) FROM venture WHERE code = 'V-2'") == 0);
        CHECK(f.count("SELECT count(*) FROM audit WHERE key = 'V-2'") == 0);
    }
}

TEST_CASE("registry::Register attendance pseudonyms")
{
    Fixture f;
    const std::string raw = "85010112345";
    f.add("training", {{"code", "T-1"}, {"module", "LAW-1"}, {"title", "Prawo w praktyce"}, {"held_on", "2026-04-01"}});
    f.add(
        "attendance",
        {{"training", "T-1"}, {"participant", raw}, {"pre_score", "40"}, {"post_score", "80"}, {"satisfaction", "5"}});
    const auto& attendance = entity("attendance");
    const auto pseudonym = store::pseudonymise(f.store, raw);

    auto raw_id_nowhere = [&] {
        CHECK(f.count("SELECT count(*) FROM attendance WHERE participant LIKE '%" + raw + "%'") == 0);
        CHECK(f.count("SELECT count(*) FROM audit WHERE key LIKE '%" + raw + "%' OR before LIKE '%" + raw +
                      "%' OR after LIKE '%" + raw + "%' OR command LIKE '%" + raw + "%'") == 0);
        CHECK(f.count("SELECT count(*) FROM store_setting WHERE value LIKE '%" + raw + "%'") == 0);
    };

    SUBCASE("only the pseudonym is stored")
    {
        CHECK(f.count("SELECT count(*) FROM attendance") == 1);
        CHECK(f.store.db().query_text("SELECT participant FROM attendance") == pseudonym);
        CHECK(f.count("SELECT count(*) FROM audit WHERE entity = 'attendance' AND key = 'T-1/" + pseudonym + "'") == 1);
        raw_id_nowhere();
    }

    SUBCASE("shown and updated by the raw id")
    {
        const auto record = f.reg.show(attendance, "T-1/" + raw);
        CHECK(text_at(attendance, record, "participant") == pseudonym);
        CHECK(f.reg.update(attendance, "T-1/" + raw, {{"post_score", "90"}}) == io::Outcome::updated);
        CHECK(std::get<double>(f.reg.show(attendance, "T-1/" + raw)[attendance.index("post_score")]) ==
              doctest::Approx(90.0));
        CHECK(f.count("SELECT count(*) FROM attendance") == 1);
        raw_id_nowhere();
    }

    SUBCASE("imported again: the same row, by the raw id or by the pseudonym")
    {
        auto sink = f.reg.import_sink(attendance);
        std::vector<Problem> problems;
        const json by_raw = {{"training", "T-1"},
                             {"participant", raw},
                             {"pre_score", "40"},
                             {"post_score", "80"},
                             {"satisfaction", "5"}};
        CHECK(sink->write({2, by_raw, {}}, problems) == std::optional<io::Outcome>(io::Outcome::unchanged));
        auto other_sink = f.reg.import_sink(attendance);
        json by_pseudonym = by_raw;
        by_pseudonym.erase("participant");
        by_pseudonym["participant_pseudonym"] = pseudonym;
        CHECK(other_sink->write({2, by_pseudonym, {}}, problems) == std::optional<io::Outcome>(io::Outcome::unchanged));
        CHECK(problems.empty());
        CHECK(f.count("SELECT count(*) FROM attendance") == 1);
        raw_id_nowhere();
    }

    SUBCASE("scores within the training's bounds")
    {
        CHECK(describe(f.problems(
                  "attendance",
                  {{"training", "T-1"}, {"participant", "other"}, {"post_score", "120"}, {"satisfaction", "6"}})) ==
              std::vector<std::string>{"2|post_score|120|must be between 0 and 100",
                                       "2|satisfaction|6|must be between 1 and 5"});
    }
}
