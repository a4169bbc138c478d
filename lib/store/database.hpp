#pragma once
// The one query interface above both back ends (docs/architecture.md, "Store back ends"): a
// Database prepares Statements with `?` parameters, steps through their rows and reads each
// column as text, integer or real. SQLite's implementation wraps SQLiteCpp; PostgreSQL's
// numbers the parameters ($1, $2, ...) and reads libpq's text results. No module above
// lib/store names either library.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::store {

enum class Dialect { sqlite, postgresql };

// What a column holds: SQLite's storage class of the value, PostgreSQL's type of the column.
enum class ValueType { null, integer, real, text };

// What a back end does with one prepared statement.
class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_real(int index, double value) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;
    virtual std::int64_t exec() = 0;
    // Runs a statement whose result nobody reads; see Statement::send.
    virtual void send() { exec(); }
    virtual void reset() = 0;
    virtual void clear_bindings() = 0;
    virtual int column_count() const = 0;
    virtual bool is_null(int column) const = 0;
    virtual ValueType type(int column) const = 0;
    // Valid until the next step or reset; empty for NULL.
    virtual std::string_view text(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;
};

// One value of the current row. NULL reads as "", 0 and 0.0, as SQLite converts it.
class Column {
public:
    Column(const StatementImpl& statement, int index) : m_statement(&statement), m_index(index) {}
    bool is_null() const { return m_statement->is_null(m_index); }
    ValueType type() const { return m_statement->type(m_index); }
    std::string get_string() const { return std::string(m_statement->text(m_index)); }
    // The text without a copy, valid until the statement steps again.
    std::string_view get_view() const { return m_statement->text(m_index); }
    std::int64_t get_int64() const { return m_statement->integer(m_index); }
    int get_int() const { return static_cast<int>(m_statement->integer(m_index)); }
    double get_double() const { return m_statement->real(m_index); }
    std::optional<std::string> get_optional() const
    {
        return is_null() ? std::nullopt : std::optional<std::string>(get_string());
    }

private:
    const StatementImpl* m_statement;
    int m_index;
};

class Database;

// A prepared statement: parameters `?` numbered from 1, columns from 0. Held and reused with
// reset(); every failure is a toro Error (or, on SQLite, SQLiteCpp's exception for
// rethrow_sqlite).
class Statement {
public:
    Statement(Database& database, std::string_view sql);

    void bind(int index, std::string_view value) { m_impl->bind_text(index, value); }
    void bind(int index, const std::string& value) { m_impl->bind_text(index, value); }
    void bind(int index, const char* value) { m_impl->bind_text(index, value); }
    void bind(int index, std::int64_t value) { m_impl->bind_integer(index, value); }
    void bind(int index, int value) { m_impl->bind_integer(index, value); }
    void bind(int index, long long value) { m_impl->bind_integer(index, static_cast<std::int64_t>(value)); }
    void bind(int index, unsigned value) { m_impl->bind_integer(index, value); }
    void bind(int index, unsigned long value) { m_impl->bind_integer(index, static_cast<std::int64_t>(value)); }
    void bind(int index, double value) { m_impl->bind_real(index, value); }
    void bind(int index) { m_impl->bind_null(index); }
    void bind(int index, const std::optional<std::string>& value)
    {
        value ? m_impl->bind_text(index, *value) : m_impl->bind_null(index);
    }

    // The next row (false at the end).
    bool step() { return m_impl->step(); }
    // Runs a statement that returns no row; the number of rows it changed.
    std::int64_t exec() { return m_impl->exec(); }
    // Runs a statement whose result nobody reads. On PostgreSQL it goes to the server without
    // waiting for the outcome, with the statements sent after it, so that a row's many writes
    // cost one round trip: its error comes when the connection next waits for the server (the
    // next read, Database::settle, Store::release_savepoint, the commit).
    void send() { m_impl->send(); }
    void reset() { m_impl->reset(); }
    void clear_bindings() { m_impl->clear_bindings(); }
    int column_count() const { return m_impl->column_count(); }
    Column column(int index) const { return Column(*m_impl, index); }

private:
    std::unique_ptr<StatementImpl> m_impl;
};

// A connection to a store, of either back end.
class Database {
public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    // The store as toro names it in messages: a file's path, or a URI with its password masked.
    virtual const std::string& location() const = 0;
    virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
    // One or more statements without parameters.
    virtual void exec(std::string_view sql) = 0;
    // One statement without parameters or result, which may go to the server with the next
    // ones (Statement::send); its error comes by settle() at the latest.
    virtual void send(std::string_view sql) { exec(sql); }
    // Waits for every statement sent, and throws the first one's error.
    virtual void settle() {}
    // A write transaction: SQLite's BEGIN IMMEDIATE, or on PostgreSQL BEGIN with the audit
    // log's write lock, so that writers take turns as they do on SQLite.
    virtual void begin_write() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    // Appends rows of text values (nullopt: NULL) to `table`, inside the caller's transaction:
    // PostgreSQL's COPY FROM STDIN, SQLite's prepared INSERT. Constraints and unique keys are
    // checked by the database as for any INSERT.
    using Row = std::vector<std::optional<std::string>>;
    virtual void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                             const std::vector<Row>& rows) = 0;
    // Ends the bulk load under way without waiting for the database to finish it: on
    // PostgreSQL the COPY's end is sent, and the server checks the rows (report's statement
    // trigger) while the caller goes on with work of its own; the next statement waits for it and
    // throws its error, as settle() does. Nothing on SQLite, whose inserts are done already.
    virtual void end_bulk() {}
    // Whether a database server on this machine does the store's work, competing with toro for
    // its processor cores (PostgreSQL through a Unix socket or the loopback address); SQLite
    // works inside toro.
    virtual bool server_here() const { return false; }

    // The first column of the first row of a query without parameters (0 or "" when none).
    std::int64_t query_integer(std::string_view sql);
    std::string query_text(std::string_view sql);
};

// SQL that differs between the two dialects, asked for where it is used.
// A FROM item that lists the elements of the JSON array `json` as rows (value) named `alias`.
std::string json_elements(Dialect dialect, std::string_view json, std::string_view alias);
// A FROM item that lists the members of the JSON object `json` as rows (key, value), values as
// text on PostgreSQL (json_number makes a number of one).
std::string json_members(Dialect dialect, std::string_view json, std::string_view alias);
// The column that orders a table's rows as they were inserted: SQLite's rowid, PostgreSQL's seq
// (an identity column of the tables that are listed that way).
std::string_view insertion_order(Dialect dialect);
// A member's value as a number to add up.
std::string json_number(Dialect dialect, std::string_view value);
// The member `name` of the JSON object held as text in `json`, as text.
std::string json_field(Dialect dialect, std::string_view json, std::string_view name);

}  // namespace toro::store
