#include "core/error.hpp"
#include "registry/entity.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

using namespace toro;
using namespace toro::registry;
using json = nlohmann::ordered_json;

namespace {

FieldSpec spec(FieldType type, std::optional<std::string> fallback = std::nullopt,
               std::vector<std::string> choices = {})
{
    return FieldSpec{std::string("f"), type, false, std::move(choices), std::move(fallback)};
}

bool is_empty(const Value& value)
{
    return std::holds_alternative<std::monostate>(value);
}

std::string text_of(const Value& value)
{
    REQUIRE(std::holds_alternative<std::string>(value));
    return std::get<std::string>(value);
}

std::int64_t integer_of(const Value& value)
{
    REQUIRE(std::holds_alternative<std::int64_t>(value));
    return std::get<std::int64_t>(value);
}

double number_of(const Value& value)
{
    REQUIRE(std::holds_alternative<double>(value));
    return std::get<double>(value);
}

// The message parse_value throws, or "(no error)".
std::string error_of(const FieldSpec& field, const json& input)
{
    try {
        parse_value(field, input);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

const EntitySpec& entity(std::string_view name)
{
    const auto* found = find_entity(name);
    REQUIRE(found != nullptr);
    return *found;
}

}  // namespace

TEST_CASE("registry::entities")
{
    SUBCASE("every entity of the register, in dependency order")
    {
        std::vector<std::string> names;
        for (const auto& e : entities()) {
            names.push_back(e.name);
        }
        CHECK(names == std::vector<std::string>{"indicator", "org", "program", "venture", "target", "budget", "loan",
                                                "repayment", "payment", "grant_return", "consultation", "training",
                                                "attendance", "call", "offer", "reviewer", "score"});
    }

    SUBCASE("find_entity")
    {
        CHECK(find_entity("org") != nullptr);
        CHECK(find_entity("org")->table == "org");
        CHECK(find_entity("org")->label == "organization");
        CHECK(find_entity("nope") == nullptr);
        CHECK(find_entity("") == nullptr);
    }

    SUBCASE("index and has")
    {
        const auto& org = entity("org");
        CHECK(org.index("code") == 0);
        CHECK(org.index("nip") == 5);
        CHECK(org.has("spheres"));
        CHECK_FALSE(org.has("colour"));
        CHECK_THROWS_AS(org.index("colour"), std::out_of_range);
    }

    SUBCASE("the fields of an organization, as §5 lists them")
    {
        const auto& org = entity("org");
        std::vector<std::string> names;
        std::vector<std::string> required;
        for (const auto& field : org.fields) {
            names.push_back(field.name);
            if (field.required) {
                required.push_back(field.name);
            }
        }
        CHECK(names == std::vector<std::string>{"code", "name", "short_name", "legal_form", "krs", "nip", "regon",
                                                "opp", "opp_since", "district", "address", "postal_code", "city",
                                                "email", "phone", "spheres", "founded_on", "status"});
        CHECK(required == std::vector<std::string>{"code", "name", "legal_form"});
        CHECK(org.key == std::vector<std::string>{"code"});
    }

    SUBCASE("composite keys")
    {
        CHECK(entity("target").key == std::vector<std::string>{"venture", "indicator"});
        CHECK(entity("budget").key == std::vector<std::string>{"venture", "category", "source"});
        CHECK(entity("attendance").key == std::vector<std::string>{"training", "participant"});
    }
}

TEST_CASE("registry::parse_value empty input")
{
    for (auto type :
         {FieldType::text, FieldType::code, FieldType::integer, FieldType::number, FieldType::money, FieldType::date,
          FieldType::period, FieldType::boolean, FieldType::nip, FieldType::regon, FieldType::krs,
          FieldType::postal_code, FieldType::email, FieldType::rate, FieldType::pseudonym}) {
        CAPTURE(static_cast<int>(type));
        CHECK(is_empty(parse_value(spec(type), "")));
        CHECK(is_empty(parse_value(spec(type), "   ")));
        CHECK(is_empty(parse_value(spec(type), json())));
    }
    CHECK(is_empty(parse_value(spec(FieldType::choice, std::nullopt, {"a", "b"}), "")));

    SUBCASE("the fallback is parsed as if it had been written")
    {
        CHECK(integer_of(parse_value(spec(FieldType::boolean, "true"), "")) == 1);
        CHECK(integer_of(parse_value(spec(FieldType::boolean, "false"), json())) == 0);
        CHECK(integer_of(parse_value(spec(FieldType::integer, "0"), "")) == 0);
        CHECK(number_of(parse_value(spec(FieldType::number, "100"), "")) == doctest::Approx(100.0));
        CHECK(text_of(parse_value(spec(FieldType::choice, "output", {"output", "result"}), "")) == "output");
    }

    SUBCASE("a value given wins over the fallback")
    {
        CHECK(integer_of(parse_value(spec(FieldType::boolean, "true"), "nie")) == 0);
        CHECK(text_of(parse_value(spec(FieldType::choice, "output", {"output", "result"}), "result")) == "result");
    }

    SUBCASE("the fallbacks of the entities")
    {
        const auto& org = entity("org");
        CHECK(integer_of(parse_value(org.fields[org.index("opp")], "")) == 0);
        CHECK(text_of(parse_value(org.fields[org.index("status")], "")) == "active");
        const auto& training = entity("training");
        CHECK(number_of(parse_value(training.fields[training.index("max_score")], "")) == doctest::Approx(100.0));
        const auto& loan = entity("loan");
        CHECK(integer_of(parse_value(loan.fields[loan.index("grace_months")], "")) == 0);
        const auto& budget = entity("budget");
        CHECK(text_of(parse_value(budget.fields[budget.index("source")], "")) == "grant");
    }
}

TEST_CASE("registry::parse_value text and code")
{
    SUBCASE("text is trimmed, Polish letters kept")
    {
        CHECK(text_of(parse_value(spec(FieldType::text), "  Fundacja Łączy Nas  ")) == "Fundacja Łączy Nas");
        CHECK(text_of(parse_value(spec(FieldType::text), json(42))) == "42");
        CHECK(text_of(parse_value(spec(FieldType::text), json(true))) == "true");
    }

    SUBCASE("arrays and objects are not single values")
    {
        CHECK(error_of(spec(FieldType::text), json::array({"a"})) == "expected a single value, not array");
        CHECK(error_of(spec(FieldType::text), json::object({{"a", 1}})) == "expected a single value, not object");
        CHECK_THROWS_AS(parse_value(spec(FieldType::integer), json::array({1})), InvalidValue);
    }

    SUBCASE("codes")
    {
        CHECK(text_of(parse_value(spec(FieldType::code), "ORG-1")) == "ORG-1");
        CHECK(text_of(parse_value(spec(FieldType::code), " V-2026.01 ")) == "V-2026.01");
        CHECK(text_of(parse_value(spec(FieldType::code), std::string(64, 'A'))) == std::string(64, 'A'));
        CHECK(error_of(spec(FieldType::code), std::string(65, 'A')) == "a code has at most 64 characters");
        for (const char* bad : {"ORG 1", "A|B", "A/B", "A\tB"}) {
            CAPTURE(bad);
            CHECK(error_of(spec(FieldType::code), bad) == "a code has no spaces, '|' or '/'");
        }
    }
}

TEST_CASE("registry::parse_value numbers")
{
    SUBCASE("integers")
    {
        CHECK(integer_of(parse_value(spec(FieldType::integer), "42")) == 42);
        CHECK(integer_of(parse_value(spec(FieldType::integer), " -3 ")) == -3);
        CHECK(integer_of(parse_value(spec(FieldType::integer), json(2026))) == 2026);
        for (const char* bad : {"4.5", "abc", "12abc", "1 000", "+"}) {
            CAPTURE(bad);
            CHECK(error_of(spec(FieldType::integer), bad) == "expected a whole number");
        }
        CHECK(error_of(spec(FieldType::integer), json(4.5)) == "expected a whole number");
        CHECK(error_of(spec(FieldType::integer), json(true)) == "expected a whole number");
    }

    SUBCASE("decimal numbers, with a dot or a comma")
    {
        CHECK(number_of(parse_value(spec(FieldType::number), "2.5")) == doctest::Approx(2.5));
        CHECK(number_of(parse_value(spec(FieldType::number), "2,5")) == doctest::Approx(2.5));
        CHECK(number_of(parse_value(spec(FieldType::number), "3")) == doctest::Approx(3.0));
        CHECK(number_of(parse_value(spec(FieldType::number), "-0.25")) == doctest::Approx(-0.25));
        CHECK(number_of(parse_value(spec(FieldType::number), json(1.25))) == doctest::Approx(1.25));
        CHECK(number_of(parse_value(spec(FieldType::number), json(120))) == doctest::Approx(120.0));
        for (const char* bad : {"abc", "1.2.3", "2,5,1", "inf", "nan", "12 kg"}) {
            CAPTURE(bad);
            CHECK(error_of(spec(FieldType::number), bad) == "expected a number");
        }
        // The bounds every figure keeps to (core/number.hpp).
        for (const char* large : {"1e999", "1e13", "-1000000000001"}) {
            CAPTURE(large);
            CHECK(error_of(spec(FieldType::number), large) ==
                  "out of range: a figure must be between -1000000000000 and 1000000000000");
        }
    }

    SUBCASE("money in grosze")
    {
        CHECK(integer_of(parse_value(spec(FieldType::money), "1234.56")) == 123456);
        CHECK(integer_of(parse_value(spec(FieldType::money), "1234,56")) == 123456);
        CHECK(integer_of(parse_value(spec(FieldType::money), "1 234,56 zł")) == 123456);
        CHECK(integer_of(parse_value(spec(FieldType::money), "10000")) == 1000000);
        CHECK(integer_of(parse_value(spec(FieldType::money), json(1234.56))) == 123456);
        CHECK(integer_of(parse_value(spec(FieldType::money), json(100))) == 10000);
        CHECK(integer_of(parse_value(spec(FieldType::money), json(0.1))) == 10);
        CHECK_THROWS_AS(parse_value(spec(FieldType::money), "abc"), InvalidValue);
        CHECK_THROWS_AS(parse_value(spec(FieldType::money), "1.2345"), InvalidValue);
    }

    SUBCASE("rates kept exactly, without trailing zeros")
    {
        CHECK(text_of(parse_value(spec(FieldType::rate), "1.50")) == "1.5");
        CHECK(text_of(parse_value(spec(FieldType::rate), "6")) == "6");
        CHECK(text_of(parse_value(spec(FieldType::rate), "0,25")) == "0.25");
        CHECK(text_of(parse_value(spec(FieldType::rate), " 1.5 % ")) == "1.5");
        CHECK(text_of(parse_value(spec(FieldType::rate), "0")) == "0");
        CHECK(text_of(parse_value(spec(FieldType::rate), "15.1234")) == "15.1234");
        CHECK(text_of(parse_value(spec(FieldType::rate), json(2.5))) == "2.5");
        CHECK_THROWS_AS(parse_value(spec(FieldType::rate), "abc"), InvalidValue);
        CHECK_THROWS_AS(parse_value(spec(FieldType::rate), "150"), InvalidValue);
    }
}

TEST_CASE("registry::parse_value dates and periods")
{
    CHECK(text_of(parse_value(spec(FieldType::date), "2026-03-01")) == "2026-03-01");
    CHECK(text_of(parse_value(spec(FieldType::date), "01.03.2026")) == "2026-03-01");
    CHECK(text_of(parse_value(spec(FieldType::date), "2024-02-29")) == "2024-02-29");
    for (const char* bad : {"2026-02-30", "2026-13-01", "yesterday", "2026-03"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_value(spec(FieldType::date), bad), InvalidValue);
    }
    CHECK(text_of(parse_value(spec(FieldType::period), "2026-03")) == "2026-03");
    for (const char* bad : {"2026-13", "2026-00", "March", "2026-03-01x"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_value(spec(FieldType::period), bad), InvalidValue);
    }
}

TEST_CASE("registry::parse_value booleans")
{
    for (const char* yes : {"tak", "TAK", "Tak", "true", "TRUE", "1", "yes", "t", "y"}) {
        CAPTURE(yes);
        CHECK(integer_of(parse_value(spec(FieldType::boolean), yes)) == 1);
    }
    for (const char* no : {"nie", "NIE", "false", "False", "0", "no", "f", "n"}) {
        CAPTURE(no);
        CHECK(integer_of(parse_value(spec(FieldType::boolean), no)) == 0);
    }
    CHECK(integer_of(parse_value(spec(FieldType::boolean), json(true))) == 1);
    CHECK(integer_of(parse_value(spec(FieldType::boolean), json(false))) == 0);
    CHECK(integer_of(parse_value(spec(FieldType::boolean), json(1))) == 1);
    CHECK(integer_of(parse_value(spec(FieldType::boolean), json(0))) == 0);
    for (const char* bad : {"maybe", "2", "tak!", "prawda"}) {
        CAPTURE(bad);
        CHECK(error_of(spec(FieldType::boolean), bad) == "expected true or false");
    }
}

TEST_CASE("registry::parse_value lists")
{
    const auto list = spec(FieldType::list);

    SUBCASE("a|b in CSV, stored as a JSON array of strings")
    {
        CHECK(text_of(parse_value(list, "1|2|15")) == R"(["1","2","15"])");
        CHECK(text_of(parse_value(list, " 1 | 2 |15 ")) == R"(["1","2","15"])");
        CHECK(text_of(parse_value(list, "1a")) == R"(["1a"])");
        CHECK(text_of(parse_value(list, "1||2|")) == R"(["1","2"])");
        CHECK(text_of(parse_value(list, "Praga-Północ|Wola")) == R"(["Praga-Północ","Wola"])");
    }

    SUBCASE("an array in JSON; numbers become strings")
    {
        CHECK(text_of(parse_value(list, json::array({"1", "2", "15"}))) == R"(["1","2","15"])");
        CHECK(text_of(parse_value(list, json::array({1, 2, 15}))) == R"(["1","2","15"])");
        CHECK(text_of(parse_value(list, json::array({" 1 ", "", nullptr}))) == R"(["1"])");
        CHECK_THROWS_AS(parse_value(list, json::array({json::array({"1"})})), InvalidValue);
        CHECK_THROWS_AS(parse_value(list, json::object({{"a", "1"}})), InvalidValue);
    }

    SUBCASE("empty: an empty list (the store's columns are NOT NULL DEFAULT '[]')")
    {
        CHECK(text_of(parse_value(list, "")) == "[]");
        CHECK(text_of(parse_value(list, json())) == "[]");
        CHECK(text_of(parse_value(list, json::array())) == "[]");
    }
}

TEST_CASE("registry::parse_value choices")
{
    const auto kind = spec(FieldType::choice, std::nullopt, {"output", "result"});
    CHECK(text_of(parse_value(kind, "output")) == "output");
    CHECK(text_of(parse_value(kind, "Result")) == "result");
    CHECK(text_of(parse_value(kind, " RESULT ")) == "result");
    CHECK(error_of(kind, "avg") == "expected one of output, result");
    CHECK(error_of(kind, "outputs") == "expected one of output, result");
}

TEST_CASE("registry::parse_value registry numbers and contacts")
{
    SUBCASE("NIP with dashes, spaces or PL")
    {
        CHECK(text_of(parse_value(spec(FieldType::nip), "526-104-08-28")) == "5261040828");
        CHECK(text_of(parse_value(spec(FieldType::nip), "PL 526 104 08 28")) == "5261040828");
        CHECK(text_of(parse_value(spec(FieldType::nip), json(5261040828))) == "5261040828");
        CHECK(error_of(spec(FieldType::nip), "5261040829") == "NIP check digit does not match");
        CHECK_THROWS_AS(parse_value(spec(FieldType::nip), "526104082"), InvalidValue);
    }

    SUBCASE("REGON of 9 or 14 digits")
    {
        CHECK(text_of(parse_value(spec(FieldType::regon), "123456785")) == "123456785");
        CHECK(text_of(parse_value(spec(FieldType::regon), "12345678512347")) == "12345678512347");
        CHECK_THROWS_AS(parse_value(spec(FieldType::regon), "123456786"), InvalidValue);
    }

    SUBCASE("KRS zero-padded, also from a JSON number")
    {
        CHECK(text_of(parse_value(spec(FieldType::krs), "12345")) == "0000012345");
        CHECK(text_of(parse_value(spec(FieldType::krs), "0000012345")) == "0000012345");
        CHECK(text_of(parse_value(spec(FieldType::krs), json(12345))) == "0000012345");
        CHECK_THROWS_AS(parse_value(spec(FieldType::krs), "0000000000"), InvalidValue);
        CHECK_THROWS_AS(parse_value(spec(FieldType::krs), "12345678901"), InvalidValue);
        CHECK_THROWS_AS(parse_value(spec(FieldType::krs), "KRS12a"), InvalidValue);
    }

    SUBCASE("postal codes")
    {
        CHECK(text_of(parse_value(spec(FieldType::postal_code), "00-950")) == "00-950");
        CHECK(text_of(parse_value(spec(FieldType::postal_code), " 02-495 ")) == "02-495");
        CHECK(error_of(spec(FieldType::postal_code), "00950") == "postal code must look like NN-NNN");
        CHECK_THROWS_AS(parse_value(spec(FieldType::postal_code), "0-950"), InvalidValue);
    }

    SUBCASE("e-mail addresses")
    {
        CHECK(text_of(parse_value(spec(FieldType::email), "biuro@example.org")) == "biuro@example.org");
        CHECK(text_of(parse_value(spec(FieldType::email), " zarząd@fundacja.pl ")) == "zarząd@fundacja.pl");
        for (const char* bad : {"biuro", "@example.org", "biuro@example", "biuro@example.", "a b@example.org",
                                "a@b.org;c@d.org", "a@b.org,c@d.org"}) {
            CAPTURE(bad);
            CHECK(error_of(spec(FieldType::email), bad) == "expected an e-mail address such as biuro@example.org");
        }
    }

    SUBCASE("pseudonyms are taken as written (the register hashes them)")
    {
        CHECK(text_of(parse_value(spec(FieldType::pseudonym), " P-0001 ")) == "P-0001");
        CHECK(text_of(parse_value(spec(FieldType::pseudonym), json(85010112345))) == "85010112345");
    }
}

TEST_CASE("registry::to_json and to_text")
{
    SUBCASE("money: 1234.56 ↔ 123456 grosze")
    {
        const auto money = spec(FieldType::money);
        const Value stored = parse_value(money, "1234.56");
        CHECK(integer_of(stored) == 123456);
        CHECK(to_json(money, stored) == json(1234.56));
        CHECK(to_json(money, stored).dump() == "1234.56");
        CHECK(to_text(money, stored) == "1234.56");
        CHECK(to_text(money, Value(std::int64_t{100})) == "1.00");
        CHECK(to_json(money, Value(std::int64_t{1000000})).dump() == "10000.0");
        CHECK(integer_of(parse_value(money, to_json(money, stored))) == 123456);
        CHECK(integer_of(parse_value(money, to_text(money, stored))) == 123456);
        CHECK(to_text(money, Value(std::int64_t{-5})) == "-0.05");
    }

    SUBCASE("lists: 1|2|15 ↔ [\"1\",\"2\",\"15\"]")
    {
        const auto list = spec(FieldType::list);
        const Value stored = parse_value(list, "1|2|15");
        CHECK(to_json(list, stored) == json::array({"1", "2", "15"}));
        CHECK(to_text(list, stored) == "1|2|15");
        CHECK(parse_value(list, to_json(list, stored)) == stored);
        CHECK(parse_value(list, to_text(list, stored)) == stored);
        CHECK(to_json(list, parse_value(list, "")) == json::array());
        CHECK(to_text(list, parse_value(list, "")) == "");
        CHECK(to_json(list, Value()) == json::array());
    }

    SUBCASE("booleans: true/false both ways")
    {
        const auto flag = spec(FieldType::boolean);
        CHECK(to_json(flag, parse_value(flag, "tak")) == json(true));
        CHECK(to_json(flag, parse_value(flag, "nie")) == json(false));
        CHECK(to_text(flag, parse_value(flag, "1")) == "true");
        CHECK(to_text(flag, parse_value(flag, "0")) == "false");
        CHECK(parse_value(flag, to_text(flag, Value(std::int64_t{1}))) == Value(std::int64_t{1}));
        CHECK(parse_value(flag, to_json(flag, Value(std::int64_t{0}))) == Value(std::int64_t{0}));
    }

    SUBCASE("no value: null, an empty cell")
    {
        for (auto type : {FieldType::text, FieldType::integer, FieldType::number, FieldType::money, FieldType::date,
                          FieldType::boolean, FieldType::nip}) {
            CAPTURE(static_cast<int>(type));
            CHECK(to_json(spec(type), Value()).is_null());
            CHECK(to_text(spec(type), Value()).empty());
        }
    }

    SUBCASE("numbers and integers")
    {
        const auto number = spec(FieldType::number);
        CHECK(to_json(number, Value(2.5)) == json(2.5));
        CHECK(to_text(number, Value(2.5)) == "2.5");
        CHECK(to_json(number, Value(std::int64_t{120})) == json(120));  // SQLite may give a REAL back as an integer
        CHECK(to_text(number, Value(120.0)) == "120");
        CHECK(number_of(parse_value(number, to_text(number, Value(0.1)))) == doctest::Approx(0.1));
        const auto integer = spec(FieldType::integer);
        CHECK(to_json(integer, Value(std::int64_t{42})) == json(42));
        CHECK(to_text(integer, Value(std::int64_t{-42})) == "-42");
    }

    SUBCASE("text-like values as they are stored")
    {
        CHECK(to_json(spec(FieldType::krs), Value(std::string("0000012345"))) == json("0000012345"));
        CHECK(to_text(spec(FieldType::krs), Value(std::string("0000012345"))) == "0000012345");
        CHECK(to_json(spec(FieldType::date), Value(std::string("2026-03-01"))) == json("2026-03-01"));
        CHECK(to_text(spec(FieldType::rate), Value(std::string("1.5"))) == "1.5");
        CHECK(to_text(spec(FieldType::text), Value(std::string("Łódź"))) == "Łódź");
    }

    SUBCASE("every field of an organization survives text and JSON round trips")
    {
        const auto& org = entity("org");
        const json input = {{"code", "ORG-1"},
                            {"name", "Fundacja Łąka"},
                            {"short_name", "Łąka"},
                            {"legal_form", "FUND"},
                            {"krs", "12345"},
                            {"nip", "526-104-08-28"},
                            {"regon", "123456785"},
                            {"opp", "tak"},
                            {"opp_since", "01.06.2015"},
                            {"district", "Wola"},
                            {"address", "ul. Długa 1"},
                            {"postal_code", "00-950"},
                            {"city", "Warszawa"},
                            {"email", "biuro@example.org"},
                            {"phone", "+48 22 000 00 00"},
                            {"spheres", "1|2|15"},
                            {"founded_on", "2010-05-04"},
                            {"status", "Active"}};
        Record record;
        for (const auto& field : org.fields) {
            record.push_back(parse_value(field, input.at(field.name)));
        }
        for (std::size_t i = 0; i < org.fields.size(); ++i) {
            const auto& field = org.fields[i];
            CAPTURE(field.name);
            CHECK(parse_value(field, to_text(field, record[i])) == record[i]);
            CHECK(parse_value(field, to_json(field, record[i])) == record[i]);
        }
        CHECK(to_json(org.fields[org.index("opp")], record[org.index("opp")]) == json(true));
        CHECK(to_text(org.fields[org.index("opp_since")], record[org.index("opp_since")]) == "2015-06-01");
        CHECK(to_text(org.fields[org.index("status")], record[org.index("status")]) == "active");
    }
}

TEST_CASE("registry::key_text")
{
    const auto& target = entity("target");
    Record record(target.fields.size());
    record[target.index("venture")] = std::string("V-1");
    record[target.index("indicator")] = std::string("participants");
    record[target.index("target")] = 10.0;
    CHECK(key_text(target, record) == "V-1/participants");

    const auto& budget = entity("budget");
    Record line(budget.fields.size());
    line[budget.index("venture")] = std::string("V-1");
    line[budget.index("category")] = std::string("rent");
    line[budget.index("source")] = std::string("own");
    line[budget.index("planned")] = std::int64_t{100000};
    CHECK(key_text(budget, line) == "V-1/rent/own");

    const auto& org = entity("org");
    Record one(org.fields.size());
    one[0] = std::string("ORG-1");
    CHECK(key_text(org, one) == "ORG-1");
}
