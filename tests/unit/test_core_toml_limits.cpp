#include "core/toml_limits.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace toro;

TEST_CASE("core::toml_limit_problem")
{
    SUBCASE("ordinary files pass")
    {
        CHECK_FALSE(toml_limit_problem("").has_value());
        CHECK_FALSE(toml_limit_problem("[store]\npath = \"/srv/toro.db\"\nratio = 0.5\n[[indicator]]\ncode = \"a\"\n"));
        CHECK_FALSE(toml_limit_problem("a.b.c = [[1, 2], {x.y = 1}]\n"));
    }

    SUBCASE("64 dotted parts pass, 65 do not, with the place")
    {
        std::string key = "a";
        for (int i = 0; i < 64; ++i) {
            key += ".a";
        }
        CHECK_FALSE(toml_limit_problem(key + " = 1\n"));
        const auto problem = toml_limit_problem("# deep\n" + key + ".a = 1\n");
        REQUIRE(problem.has_value());
        CHECK(problem->line == 2);
        CHECK(problem->column == key.size() + 1);
        CHECK(problem->message.text(Lang::en) ==
              "nested more than 64 levels deep (dotted key parts, arrays and inline tables)");
    }

    SUBCASE("a 50,000-level key, arrays and inline tables")
    {
        std::string key = "a";
        for (int i = 0; i < 50000; ++i) {
            key += ".a";
        }
        CHECK(toml_limit_problem(key + " = 1\n").has_value());
        CHECK(toml_limit_problem("x = " + std::string(100, '[')).has_value());
        std::string tables = "x = ";
        for (int i = 0; i < 70; ++i) {
            tables += "{a = ";
        }
        CHECK(toml_limit_problem(tables).has_value());
        CHECK(toml_limit_problem("[" + key + "]\n").has_value());
    }

    SUBCASE("dots and brackets in strings and comments do not count")
    {
        const std::string dots(500, '.');
        const std::string brackets(500, '[');
        CHECK_FALSE(toml_limit_problem("a = \"" + dots + brackets + "\"\n"));
        CHECK_FALSE(toml_limit_problem("a = '" + dots + "'\n"));
        CHECK_FALSE(toml_limit_problem("a = \"\"\"\n" + dots + "\n" + brackets + "\n\"\"\"\n"));
        CHECK_FALSE(toml_limit_problem("a = '''" + brackets + "'''\n"));
        CHECK_FALSE(toml_limit_problem("# " + dots + brackets + "\na = 1\n"));
        CHECK_FALSE(toml_limit_problem("a = \"\\\"" + dots + "\"\n"));
        // Quoted key parts still count as parts.
        std::string quoted = "\"a\"";
        for (int i = 0; i < 70; ++i) {
            quoted += ".\"a\"";
        }
        CHECK(toml_limit_problem(quoted + " = 1\n").has_value());
    }

    SUBCASE("over-long input")
    {
        const auto problem = toml_limit_problem(std::string(max_toml_bytes + 1, '#'));
        REQUIRE(problem.has_value());
        CHECK(problem->line == 0);
    }
}
