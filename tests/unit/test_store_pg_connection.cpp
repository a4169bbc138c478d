#include "store/migrations.hpp"
#include "store/pg/connection.hpp"
#include "store/pg/pg_store.hpp"
#include "store/store.hpp"

#include <doctest/doctest.h>

using namespace toro;
using namespace toro::store::pg;

TEST_CASE("a store location is a PostgreSQL URI only by its scheme")
{
    CHECK(is_uri("postgresql:///toro?host=/run/postgresql"));
    CHECK(is_uri("postgres://toro@db.city.example/toro"));
    CHECK_FALSE(is_uri("toro.db"));
    CHECK_FALSE(is_uri("/srv/toro/postgresql.db"));
    CHECK_FALSE(is_uri("postgresql:/toro"));
    CHECK_FALSE(is_uri("POSTGRESQL://x/y"));
    CHECK_FALSE(is_uri("mysql://x/y"));
}

TEST_CASE("a password in a URI is masked wherever it is written")
{
    CHECK(masked("postgresql://writer:s3cret@db.city.example:5432/toro") ==
          "postgresql://writer:***@db.city.example:5432/toro");
    CHECK(masked("postgresql://db.city.example/toro?user=writer&password=s3cret&sslmode=require") ==
          "postgresql://db.city.example/toro?user=writer&password=***&sslmode=require");
    CHECK(masked("postgres://w:a%40b@h/d?password=x") == "postgres://w:***@h/d?password=***");
    // No password: unchanged; a user alone, an '@' in the path or query is no password.
    CHECK(masked("postgresql://writer@db/toro") == "postgresql://writer@db/toro");
    CHECK(masked("postgresql:///toro?host=/tmp/pg&user=a") == "postgresql:///toro?host=/tmp/pg&user=a");
    CHECK(masked("postgresql://db/toro?application_name=a:b@c") == "postgresql://db/toro?application_name=a:b@c");
    CHECK(masked("toro.db") == "toro.db");
}

TEST_CASE("a URI without its password keeps everything else")
{
    CHECK(without_password("postgresql://writer:s3cret@db:5432/toro") == "postgresql://writer@db:5432/toro");
    CHECK(without_password("postgresql://db/toro?password=s3cret") == "postgresql://db/toro");
    CHECK(without_password("postgresql://db/toro?password=s3cret&sslmode=require") ==
          "postgresql://db/toro?sslmode=require");
    CHECK(without_password("postgresql://db/toro?user=w&password=s3cret&sslmode=require") ==
          "postgresql://db/toro?user=w&sslmode=require");
    CHECK(without_password("postgresql://db/toro?user=w&password=s3cret") == "postgresql://db/toro?user=w");
    CHECK(without_password("postgresql:///toro?host=/tmp") == "postgresql:///toro?host=/tmp");
}

TEST_CASE("libpq's words about a URI lose its password, as written and decoded")
{
    const std::string uri = "postgresql://w:p%40ss@h/d";
    CHECK(redacted("password authentication failed for \"w\" (p@ss, p%40ss)", uri) ==
          "password authentication failed for \"w\" (***, ***)");
    CHECK(redacted("nothing secret", "postgresql://h/d") == "nothing secret");
}

TEST_CASE("? placeholders become $1, $2, ... outside literals, identifiers and comments")
{
    CHECK(numbered_placeholders("SELECT a FROM t WHERE b = ? AND c > ?") == "SELECT a FROM t WHERE b = $1 AND c > $2");
    CHECK(numbered_placeholders("SELECT '?', \"a?b\", ? -- why?\n, ? /* ? */") ==
          "SELECT '?', \"a?b\", $1 -- why?\n, $2 /* ? */");
    CHECK(numbered_placeholders("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1");
    CHECK(numbered_placeholders("SELECT a FROM t WHERE b BETWEEN ?1 AND ?2 OR c = ?1") ==
          "SELECT a FROM t WHERE b BETWEEN $1 AND $2 OR c = $1");
    CHECK(numbered_placeholders("SELECT 1") == "SELECT 1");
}

TEST_CASE("identifiers are quoted, COPY lines escaped")
{
    CHECK(quote_identifier("report") == "\"report\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(copy_line({std::string("a"), std::nullopt, std::string("x\ty\nz\\w\r")}) == "a\t\\N\tx\\ty\\nz\\\\w\\r\n");
    CHECK(copy_line({std::string("")}) == "\n");
    CHECK(copy_line({std::string("\\N")}) == "\\\\N\n");
    CHECK(copy_line({std::string("\t\tend\\"), std::string("plain ąę")}) == "\\t\\tend\\\\\tplain ąę\n");
    // Lines are appended to what the buffer holds.
    std::string buffer = "V-1\t2025-01\n";
    append_copy_line(buffer, {std::string("V-2"), std::nullopt});
    CHECK(buffer == "V-1\t2025-01\nV-2\t\\N\n");
}

// The bytes of a string literal, NULs and all.
template <std::size_t N> std::string bytes(const char (&text)[N])
{
    return std::string(text, N - 1);
}

TEST_CASE("COPY's binary format: each column's type in the server's own form")
{
    CHECK(copy_type(25) == CopyType::text);
    CHECK(copy_type(114) == CopyType::text);  // json: its text
    CHECK(copy_type(1043) == CopyType::text);
    CHECK(copy_type(3802) == CopyType::jsonb);
    CHECK(copy_type(23) == CopyType::int4);
    CHECK(copy_type(1082) == CopyType::date);
    CHECK(copy_type(1700) == std::nullopt);  // numeric: such a table goes as text
    CHECK(copy_type(1114) == std::nullopt);  // timestamp

    const std::vector<std::string> columns{"venture", "revision", "submitted_on", "note", "figures"};
    const std::vector<CopyType> types{CopyType::text, CopyType::int4, CopyType::date, CopyType::text, CopyType::jsonb};
    std::string out = "before";
    append_copy_tuple(
        out, {std::string("W-ą"), std::string("1"), std::string("2024-06-12"), std::nullopt, std::string("{}")}, types,
        columns);
    CHECK(out == bytes("before"
                       "\0\5"                  // five fields
                       "\0\0\0\4W-\xC4\x85"    // the text as it is, UTF-8
                       "\0\0\0\4\0\0\0\1"      // integer 1
                       "\0\0\0\4\0\0\x22\xE1"  // 8,929 days after 2000-01-01
                       "\xFF\xFF\xFF\xFF"      // NULL
                       "\0\0\0\3\1{}"));       // jsonb: version 1, then the text

    // Dates before 2000 count back; a leap day is a day; integers of every width and sign.
    out.clear();
    append_copy_tuple(out, {std::string("1999-12-31"), std::string("2024-02-29"), std::string("2000-01-01")},
                      {CopyType::date, CopyType::date, CopyType::date}, {"a", "b", "c"});
    CHECK(out == bytes("\0\3\0\0\0\4\xFF\xFF\xFF\xFF\0\0\0\4\0\0\x22\x79\0\0\0\4\0\0\0\0"));
    out.clear();
    append_copy_tuple(out, {std::string("-2"), std::string("300"), std::string("-9223372036854775808")},
                      {CopyType::int4, CopyType::int2, CopyType::int8}, {"a", "b", "c"});
    CHECK(out == bytes("\0\3\0\0\0\4\xFF\xFF\xFF\xFE\0\0\0\2\x01\x2C\0\0\0\x08\x80\0\0\0\0\0\0\0"));
    out.clear();
    append_copy_tuple(out, {std::string("t"), std::string("false")}, {CopyType::boolean, CopyType::boolean},
                      {"a", "b"});
    CHECK(out == bytes("\0\2\0\0\0\1\1\0\0\0\1\0"));

    // A value not of its column's type names both, and nothing of its row is appended.
    const auto refused = [](std::string value, CopyType type) {
        std::string buffer = "kept";
        try {
            append_copy_tuple(buffer, {std::string("x"), std::move(value)}, {CopyType::text, type},
                              {"venture", "when"});
        } catch (const InvalidValue& error) {
            CHECK(buffer == "kept");
            return error.words().text(Lang::en);
        }
        return std::string("accepted");
    };
    CHECK(refused("2024-02-30", CopyType::date) ==
          "column when: \"2024-02-30\" cannot be stored as date; nothing was written");
    CHECK(refused("12.06.2024", CopyType::date) != "accepted");
    CHECK(refused("2024-6-12", CopyType::date) != "accepted");
    CHECK(refused("2147483648", CopyType::int4) ==
          "column when: \"2147483648\" cannot be stored as integer; nothing was written");
    CHECK(refused("1.5", CopyType::int8) != "accepted");
    CHECK(refused("", CopyType::int4) != "accepted");
    CHECK(refused("yes", CopyType::boolean) != "accepted");
}

TEST_CASE("a SQLSTATE decides the exit code")
{
    CHECK(exit_for_sqlstate("55P03") == Exit::locked);  // lock_timeout
    CHECK(exit_for_sqlstate("40P01") == Exit::locked);  // deadlock
    CHECK(exit_for_sqlstate("40001") == Exit::locked);  // serialization failure
    CHECK(exit_for_sqlstate("23505") == Exit::data);    // unique violation
    CHECK(exit_for_sqlstate("23503") == Exit::data);    // foreign key
    CHECK(exit_for_sqlstate("P0001") == Exit::data);    // a trigger's refusal (the audit log)
    CHECK(exit_for_sqlstate("08006") == Exit::io);
    CHECK(exit_for_sqlstate("53100") == Exit::io);
    CHECK(exit_for_sqlstate("42501") == Exit::io);
    CHECK(exit_for_sqlstate("42P01") == Exit::internal);
}

TEST_CASE("every SQLite migration has its PostgreSQL counterpart, by number and name, and no other")
{
    const auto& sqlite = store::migrations();
    const auto& postgres = store::pg_migrations();
    REQUIRE(sqlite.size() == postgres.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
        CAPTURE(sqlite[i].name);
        CHECK(postgres[i].version == sqlite[i].version);
        CHECK(postgres[i].name == sqlite[i].name);
        // The same reference data loaded into the same tables.
        const auto sqlite_loads = store::load_directives(sqlite[i]);
        const auto postgres_loads = store::load_directives(postgres[i]);
        REQUIRE(sqlite_loads.size() == postgres_loads.size());
        for (std::size_t j = 0; j < sqlite_loads.size(); ++j) {
            CHECK(sqlite_loads[j].path == postgres_loads[j].path);
            CHECK(sqlite_loads[j].table == postgres_loads[j].table);
        }
    }
    CHECK(store::pg::latest_version() == store::latest_version());
    // The SQLite sequence never picks up the PostgreSQL files from the folder below it.
    for (const auto& step : sqlite) {
        CHECK(step.name.find('/') == std::string::npos);
    }
}
