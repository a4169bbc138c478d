#pragma once
// A connection to a PostgreSQL store (docs/architecture.md, "Store back ends"): opened from a
// postgresql:// or postgres:// URI, statements with parameters ($1, $2, ...), results read as
// text, transactions and COPY FROM STDIN; every failure becomes a toro Error by its SQLSTATE.
// libpq is opened on first use (store/pg/libpq_library.cpp).

#include "core/catalogue.hpp"
#include "core/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace toro::store::pg {

// Whether a store location is a PostgreSQL connection URI rather than a SQLite file.
bool is_uri(std::string_view location);

// The URI with its password, if it holds one (user:PASSWORD@ or ?password=), shown as ***:
// the only form of a URI toro prints.
std::string masked(std::string_view uri);

// The URI with its password left out (what `toro init` writes into toro.toml): libpq finds the
// password in ~/.pgpass or PGPASSFILE.
std::string without_password(std::string_view uri);

// `text` with every occurrence of the URI's password (as written and percent-decoded) replaced
// by ***: for libpq's own words about a URI, which may quote it.
std::string redacted(std::string_view text, std::string_view uri);

// The SQL with its `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...); a `?` in a
// string literal, a quoted identifier or a comment stays.
std::string numbered_placeholders(std::string_view sql);

// A name quoted as an SQL identifier ("name", inner quotes doubled).
std::string quote_identifier(std::string_view name);

using Param = std::optional<std::string>;  // nullopt: NULL

// One row of COPY's text format: fields separated by tabs, NULL as \N, backslash, tab, newline
// and carriage return escaped; ends with a newline. append_copy_line appends it to `out`.
std::string copy_line(const std::vector<Param>& fields);
void append_copy_line(std::string& out, const std::vector<Param>& fields);

// The form in which COPY's binary format sends a column's values, by the column's type (a
// domain's by its base type): the text itself (text, varchar, char, json), jsonb's version byte
// and text, or a number or date in the server's own binary form.
enum class CopyType : std::uint8_t { text, jsonb, boolean, int2, int4, int8, date };

// The CopyType of a PostgreSQL type OID, or nothing when COPY's binary format is not sent for it
// (numeric, timestamps, arrays, ...: such a table is copied as text).
std::optional<CopyType> copy_type(unsigned oid);

// One row of COPY's binary format appended to `out`: the number of fields, then each field's
// length (-1 for NULL) and bytes. The values are the texts toro writes (integers in decimal,
// dates YYYY-MM-DD, booleans t/f, true/false or 1/0); throws InvalidValue naming the column and a
// value that is not of its type, and then appends nothing of the row.
void append_copy_tuple(std::string& out, const std::vector<Param>& fields, const std::vector<CopyType>& types,
                       const std::vector<std::string>& columns);

// The exit code of a failure with this SQLSTATE: 75 for a lock not granted in time, a deadlock
// or a serialization failure (retry later), 65 for a broken constraint or a change refused by
// a trigger, 74 for a lost connection, a full disk or a missing privilege, else 1.
Exit exit_for_sqlstate(std::string_view sqlstate);

// A statement's result: rows of text values.
class Result {
public:
    Result() = default;
    explicit Result(pg_result* result) : m_result(result) {}
    ~Result();
    Result(Result&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    // The text without a copy, valid while the result lives.
    std::string_view view(int row, int column) const;
    // The type of a column (PostgreSQL's OID: 20 bigint, 23 integer, 701 double precision, ...).
    unsigned type(int column) const;
    // The number of rows an INSERT, UPDATE or DELETE changed.
    std::int64_t changed_rows() const;

private:
    pg_result* m_result = nullptr;
};

class Connection {
public:
    // Connects and sets the session: lock_timeout (ms; a lock not granted within it exits 75),
    // ISO dates, UTF-8, no notices on stderr. A server that cannot be reached, a database that
    // does not exist or a refused login exits 74 with libpq's words, the password masked.
    Connection(const std::string& uri, int lock_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // One or more statements without parameters.
    Result exec(std::string_view sql, Key doing = "store.doing.work");
    // One statement with parameters $1, $2, ...
    Result exec(std::string_view sql, const std::vector<Param>& params, Key doing = "store.doing.work");
    // Prepares a statement under `name` for the rest of the session, and runs it.
    void prepare(const std::string& name, std::string_view sql, int parameters, Key doing = "store.doing.work");
    Result exec_prepared(const std::string& name, const std::vector<Param>& params, Key doing = "store.doing.work");
    // Appends rows to `table` with COPY FROM STDIN (inside the caller's transaction). It returns
    // once the rows are sent, while the server still writes them, and leaves the COPY open:
    // the next rows for the same table and columns go on in it, so that a batch written in
    // pieces is one statement (one run of report's statement trigger) and the server works
    // while the caller prepares its next rows. Any other call on the connection ends the COPY
    // first, reads its outcome and throws a refused COPY's error then; a ROLLBACK abandons it.
    //
    // With `binary`, the rows go in COPY's binary format, which spares the server parsing the
    // text of numbers and dates and splitting escaped lines: the types of the table's columns
    // are read once per table and columns, and a table with a column of a type not sent in
    // binary form (see copy_type) is copied as text. A value that is not of its column's type
    // is then toro's own mistake: it exits 1 naming the column and the value.
    void copy_from(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<std::vector<Param>>& rows, Key doing = "store.doing.work", bool binary = false);
    // Sends a prepared statement (or one without parameters) whose result nobody reads, in
    // libpq's pipeline mode: the statements sent one after another go to the server without
    // waiting for each other's outcome. The next call that needs the server (any exec, or
    // settle()) reads their outcomes first and throws the first one's error, as exec would have.
    void send_prepared(const std::string& name, const std::vector<Param>& params, Key doing = "store.doing.work");
    void send(std::string_view sql, Key doing = "store.doing.work");
    // Reads the outcome of a COPY still being written or of the statements sent, if any; throws
    // the first error when `report`.
    void settle(bool report = true);
    // Sends the end of the open COPY's data, if any, without waiting for its outcome: the server
    // finishes the statement (its triggers) meanwhile, and the next call that needs the server
    // reads the outcome first, as after any COPY. The next rows start a COPY of their own.
    void end_copy();

    // The URI as toro prints it (password masked): the context of every error.
    const std::string& location() const { return m_location; }
    // The name of the database connected to.
    std::string database() const;
    // Whether the server runs on this machine: reached through a Unix socket or the loopback
    // address. It then competes with toro for the machine's processor cores.
    bool server_here() const;

private:
    Result check(pg_result* result, Key doing);
    // Exits 74: the connection is gone, in libpq's words.
    [[noreturn]] void throw_lost() const;
    void settle_copy(bool report);
    // The end of the open COPY's data (its trailer in binary format), or when `report` is false
    // its abandonment; once per COPY.
    void send_copy_end(bool report);
    void settle_sent(bool report);
    // The binary form of the columns' values, or nothing when the table is copied as text.
    const std::vector<CopyType>& copy_form(std::string_view table, const std::vector<std::string>& columns, Key doing);
    // Enters pipeline mode if not yet in it (ending a COPY first), for one more statement.
    void start_sending(Key doing);
    // libpq refused to send the last statement: reads the outcomes of those before it and
    // throws the first error, or libpq's.
    [[noreturn]] void not_sent();

    pg_conn* m_connection = nullptr;
    std::string m_uri;
    std::string m_location;
    std::optional<Key> m_copying;             // a COPY sent whose outcome is not read yet: what it did
    std::string m_open_copy;                  // its statement, while its data may still go on
    bool m_copy_ended = false;                // its end sent (end_copy), its outcome not read yet
    std::vector<CopyType> m_copy_types;       // the types of its columns, when it is in binary format
    std::vector<std::string> m_copy_columns;  // and the columns, to name a value it refuses
    // The binary form of the columns of a table (by "table\ncolumn\ncolumn..."), once asked; empty
    // when the table is copied as text.
    std::vector<std::pair<std::string, std::vector<CopyType>>> m_copy_forms;
    std::vector<Key> m_sent;  // the statements sent whose outcome is not read yet: what they did
};

// BEGIN ... COMMIT, rolled back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_connection;
    bool m_done = false;
};

}  // namespace toro::store::pg
