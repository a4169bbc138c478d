#include "store/pg/connection.hpp"

#include "core/date.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace toro::store::pg {
namespace {

constexpr std::string_view mask = "***";

// Where the URI's passwords are: [begin, end) of user:PASSWORD@ and of each password=VALUE;
// `cut` is what leaving one out removes (the colon, or the parameter with one separator).
struct Secret {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t cut_begin = 0;
    std::size_t cut_end = 0;
};

std::vector<Secret> secrets(std::string_view uri)
{
    std::vector<Secret> found;
    const auto scheme = uri.find("://");
    if (!is_uri(uri) || scheme == std::string_view::npos) {
        return found;
    }
    const std::size_t start = scheme + 3;
    const std::size_t authority_end = std::min(uri.find_first_of("/?#", start), uri.size());
    const auto at = uri.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at >= start) {
        const auto colon = uri.substr(0, at).find(':', start);
        if (colon != std::string_view::npos) {
            found.push_back({colon + 1, at, colon, at});
        }
    }
    const auto query = uri.find('?', start);
    if (query == std::string_view::npos) {
        return found;
    }
    std::size_t position = query + 1;
    const std::size_t query_end = std::min(uri.find('#', position), uri.size());
    while (position < query_end) {
        const std::size_t end = std::min(uri.find('&', position), query_end);
        const auto parameter = uri.substr(position, end - position);
        if (parameter.starts_with("password=")) {
            // The separator before the parameter goes with it, or the one after when it is first.
            const bool first = position == query + 1;
            const std::size_t cut_begin = first ? position : position - 1;
            const std::size_t cut_end = first && end < query_end ? end + 1 : end;
            found.push_back({position + 9, end, cut_begin, cut_end});
        }
        position = end + 1;
    }
    return found;
}

std::string percent_decoded(std::string_view text)
{
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
            decoded += static_cast<char>(value);
            i += 2;
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

std::string replaced_all(std::string text, std::string_view what, std::string_view with)
{
    if (what.empty()) {
        return text;
    }
    for (auto position = text.find(what); position != std::string::npos;
         position = text.find(what, position + with.size())) {
        text.replace(position, what.size(), with);
    }
    return text;
}

// libpq's message without its trailing newline.
std::string trimmed_message(const char* text)
{
    std::string message = text != nullptr ? text : "";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

void ignore_notice(void* /*unused*/, const char* /*message*/) {}

[[noreturn]] void throw_failure(const PGresult* result, const std::string& location, const std::string& uri,
                                Key doing_key)
{
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    // PostgreSQL's own words, in English in every language.
    const std::string detail =
        redacted(fmt::format("(PostgreSQL {}: {})", sqlstate.empty() ? "-" : sqlstate,
                             primary != nullptr ? trimmed_message(primary) : std::string("no answer from the server")),
                 uri);
    const Message doing(doing_key);
    const Exit code = exit_for_sqlstate(sqlstate);
    if (code == Exit::locked) {
        throw Error(code, location, Message("store.busy", {{"doing", doing}, {"detail", detail}}));
    }
    if (sqlstate == "23505") {
        throw Error(code, location, Message("pg.duplicate", {{"doing", doing}, {"detail", detail}}));
    }
    if (code == Exit::data) {
        throw Error(code, location, Message("pg.refused", {{"doing", doing}, {"detail", detail}}));
    }
    if (sqlstate == "42501") {
        throw Error(code, location, Message("pg.no_privilege", {{"doing", doing}, {"detail", detail}}));
    }
    if (code == Exit::io) {
        throw Error(code, location, Message("store.io_error", {{"doing", doing}, {"detail", detail}}));
    }
    throw Error(code, location, Message("store.failed_unexpectedly", {{"doing", doing}, {"detail", detail}}));
}

}  // namespace

bool is_uri(std::string_view location)
{
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string masked(std::string_view uri)
{
    std::string text(uri);
    auto found = secrets(uri);
    std::reverse(found.begin(), found.end());
    for (const auto& secret : found) {
        text.replace(secret.begin, secret.end - secret.begin, mask);
    }
    return text;
}

std::string without_password(std::string_view uri)
{
    std::string text(uri);
    auto found = secrets(uri);
    std::reverse(found.begin(), found.end());
    for (const auto& secret : found) {
        text.erase(secret.cut_begin, secret.cut_end - secret.cut_begin);
    }
    if (text.ends_with('?')) {
        text.pop_back();
    }
    return text;
}

std::string redacted(std::string_view text, std::string_view uri)
{
    std::string result(text);
    for (const auto& secret : secrets(uri)) {
        const auto raw = uri.substr(secret.begin, secret.end - secret.begin);
        result = replaced_all(std::move(result), raw, mask);
        result = replaced_all(std::move(result), percent_decoded(raw), mask);
    }
    return result;
}

std::string numbered_placeholders(std::string_view sql)
{
    std::string result;
    result.reserve(sql.size() + 16);
    int number = 0;
    std::size_t i = 0;
    const auto copy_until = [&](std::string_view end) {
        const auto found = sql.find(end, i);
        const std::size_t stop = found == std::string_view::npos ? sql.size() : found + end.size();
        result.append(sql.substr(i, stop - i));
        i = stop;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            // A literal or an identifier; a doubled quote inside is two quotes in a row, which
            // this reads as the end and the start of another.
            result += c;
            ++i;
            copy_until(std::string_view(&c, 1));
        } else if (sql.substr(i).starts_with("--")) {
            copy_until("\n");
        } else if (sql.substr(i).starts_with("/*")) {
            copy_until("*/");
        } else if (c == '?') {
            // ?NNN names its parameter (SQLite's numbered form); a bare ? is the next one.
            std::size_t digits = i + 1;
            while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') {
                ++digits;
            }
            if (digits > i + 1) {
                result += '$';
                result.append(sql.substr(i + 1, digits - i - 1));
                i = digits;
            } else {
                result += fmt::format("${}", ++number);
                ++i;
            }
        } else {
            result += c;
            ++i;
        }
    }
    return result;
}

std::string quote_identifier(std::string_view name)
{
    // Appended rather than `"\"" + text`, which GCC 12 at -O3 warns of as an overlapping copy.
    std::string quoted(1, '"');
    quoted += replaced_all(std::string(name), "\"", "\"\"");
    quoted += '"';
    return quoted;
}

void append_copy_line(std::string& out, const std::vector<Param>& fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += '\t';
        }
        if (!fields[i]) {
            out += "\\N";
            continue;
        }
        // The text between the characters to escape goes in whole.
        const std::string& field = *fields[i];
        std::size_t from = 0;
        for (std::size_t at = 0; at < field.size(); ++at) {
            const char c = field[at];
            if (c != '\\' && c != '\t' && c != '\n' && c != '\r') {
                continue;
            }
            out.append(field, from, at - from);
            out += '\\';
            out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
            from = at + 1;
        }
        out.append(field, from, field.size() - from);
    }
    out += '\n';
}

std::string copy_line(const std::vector<Param>& fields)
{
    std::string line;
    append_copy_line(line, fields);
    return line;
}

std::optional<CopyType> copy_type(unsigned oid)
{
    switch (oid) {
    case 25:    // text
    case 114:   // json
    case 1042:  // char(n)
    case 1043:  // varchar
        return CopyType::text;
    case 3802:
        return CopyType::jsonb;
    case 16:
        return CopyType::boolean;
    case 21:
        return CopyType::int2;
    case 23:
        return CopyType::int4;
    case 20:
        return CopyType::int8;
    case 1082:
        return CopyType::date;
    default:
        return std::nullopt;
    }
}

namespace {

// Network byte order, as every length and number of COPY's binary format.
void append_big_endian(std::string& out, std::uint64_t value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out += static_cast<char>((value >> shift) & 0xFF);
    }
}

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t least, std::int64_t most)
{
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || text.empty() || number < least || number > most) {
        return std::nullopt;
    }
    return number;
}

// A date's binary form: days since 2000-01-01.
std::optional<std::int64_t> postgres_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto year = whole_number(text.substr(0, 4), 0, 9999);
    const auto month = whole_number(text.substr(5, 2), 1, 12);
    const auto day = whole_number(text.substr(8, 2), 1, 31);
    if (!year || !month || !day) {
        return std::nullopt;
    }
    try {
        static const std::int64_t epoch = Date::from_ymd(2000, 1, 1).serial();
        return Date::from_ymd(static_cast<int>(*year), static_cast<int>(*month), static_cast<int>(*day)).serial() -
               epoch;
    } catch (const InvalidValue&) {
        return std::nullopt;
    }
}

// The field's bytes in its type's binary form, appended after its length; false when the text
// is not of that type.
bool append_copy_field(std::string& out, const std::string& value, CopyType type)
{
    const auto number = [&out](std::optional<std::int64_t> read, int bytes) {
        if (!read) {
            return false;
        }
        append_big_endian(out, static_cast<std::uint64_t>(bytes), 4);
        append_big_endian(out, static_cast<std::uint64_t>(*read), bytes);
        return true;
    };
    switch (type) {
    case CopyType::text:
        append_big_endian(out, value.size(), 4);
        out += value;
        return true;
    case CopyType::jsonb:
        append_big_endian(out, value.size() + 1, 4);
        out += '\1';
        out += value;
        return true;
    case CopyType::boolean:
        if (value == "t" || value == "true" || value == "1") {
            return number(1, 1);
        }
        if (value == "f" || value == "false" || value == "0") {
            return number(0, 1);
        }
        return false;
    case CopyType::int2:
        return number(whole_number(value, INT16_MIN, INT16_MAX), 2);
    case CopyType::int4:
        return number(whole_number(value, INT32_MIN, INT32_MAX), 4);
    case CopyType::int8:
        return number(whole_number(value, INT64_MIN, INT64_MAX), 8);
    case CopyType::date:
        return number(postgres_date(value), 4);
    }
    return false;
}

const char* type_name(CopyType type)
{
    switch (type) {
    case CopyType::text:
        return "text";
    case CopyType::jsonb:
        return "jsonb";
    case CopyType::boolean:
        return "boolean";
    case CopyType::int2:
        return "smallint";
    case CopyType::int4:
        return "integer";
    case CopyType::int8:
        return "bigint";
    case CopyType::date:
        return "date";
    }
    return "?";
}

// What begins the data of a COPY in binary format: its signature, no flags, no extension.
constexpr std::string_view binary_header{"PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19};
// And what ends it: a row of -1 fields.
constexpr std::string_view binary_trailer{"\377\377", 2};

}  // namespace

void append_copy_tuple(std::string& out, const std::vector<Param>& fields, const std::vector<CopyType>& types,
                       const std::vector<std::string>& columns)
{
    const auto start = out.size();
    append_big_endian(out, fields.size(), 2);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (!fields[i]) {
            append_big_endian(out, 0xFFFFFFFF, 4);
        } else if (!append_copy_field(out, *fields[i], types[i])) {
            out.resize(start);
            throw InvalidValue(Message("pg.copy_value",
                                       {{"column", columns[i]}, {"value", *fields[i]}, {"type", type_name(types[i])}}));
        }
    }
}

Exit exit_for_sqlstate(std::string_view sqlstate)
{
    if (sqlstate == "55P03" || sqlstate == "40P01" || sqlstate == "40001") {
        return Exit::locked;
    }
    if (sqlstate.starts_with("23") || sqlstate == "P0001") {
        return Exit::data;
    }
    if (sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate.starts_with("58") || sqlstate == "42501" ||
        sqlstate == "57P01" || sqlstate.empty()) {
        return Exit::io;
    }
    return Exit::internal;
}

Result::~Result()
{
    if (m_result != nullptr) {
        PQclear(m_result);
    }
}

Result& Result::operator=(Result&& other) noexcept
{
    if (this != &other) {
        if (m_result != nullptr) {
            PQclear(m_result);
        }
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

int Result::rows() const
{
    return m_result != nullptr ? PQntuples(m_result) : 0;
}

int Result::columns() const
{
    return m_result != nullptr ? PQnfields(m_result) : 0;
}

bool Result::is_null(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

std::string Result::text(int row, int column) const
{
    return std::string(PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column)));
}

std::optional<std::string> Result::optional_text(int row, int column) const
{
    return is_null(row, column) ? std::nullopt : std::optional<std::string>(text(row, column));
}

std::int64_t Result::integer(int row, int column) const
{
    const std::string value = text(row, column);
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size()) {
        throw Error(Exit::internal, Message("pg.not_a_number", {{"value", value}}));
    }
    return number;
}

std::string_view Result::view(int row, int column) const
{
    return {PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column))};
}

unsigned Result::type(int column) const
{
    return PQftype(m_result, column);
}

std::int64_t Result::changed_rows() const
{
    const char* text = m_result != nullptr ? PQcmdTuples(m_result) : nullptr;
    return text != nullptr && *text != '\0' ? std::strtoll(text, nullptr, 10) : 0;
}

Connection::Connection(const std::string& uri, int lock_timeout_ms) : m_uri(uri), m_location(masked(uri))
{
    const char* keywords[] = {"dbname", "application_name", "client_encoding", nullptr};
    const char* values[] = {uri.c_str(), "toro", "UTF8", nullptr};
    m_connection = PQconnectdbParams(keywords, values, 1);
    if (m_connection == nullptr || PQstatus(m_connection) != CONNECTION_OK) {
        const std::string detail =
            redacted(trimmed_message(m_connection != nullptr ? PQerrorMessage(m_connection) : "out of memory"), m_uri);
        if (m_connection != nullptr) {
            PQfinish(m_connection);
        }
        throw Error(Exit::io, m_location, Message("pg.cannot_connect", {{"detail", fmt::format("({})", detail)}}));
    }
    PQsetNoticeProcessor(m_connection, ignore_notice, nullptr);
    exec(fmt::format("SET lock_timeout = {}; SET DateStyle = ISO; SET client_min_messages = warning",
                     std::max(lock_timeout_ms, 1)),
         "store.doing.open");
    // Long values (the audit rows that list a large import's keys) compressed with LZ4, several
    // times faster than the default pglz, where the server was built with it; elsewhere the SET
    // is refused, harmlessly outside a transaction, and the default stays.
    PQclear(PQexec(m_connection, "SET default_toast_compression = lz4"));
}

Connection::~Connection()
{
    PQfinish(m_connection);
}

std::string Connection::database() const
{
    return PQdb(m_connection);
}

bool Connection::server_here() const
{
    const char* host = PQhost(m_connection);
    const char* address = PQhostaddr(m_connection);
    const std::string_view name = host != nullptr ? host : "";
    const std::string_view numeric = address != nullptr ? address : "";
    // A Unix socket's folder (or the abstract namespace's @name), else a loopback address.
    return name.empty() || name.starts_with('/') || name.starts_with('@') || name == "localhost" ||
           numeric.starts_with("127.") || numeric == "::1";
}

Result Connection::check(PGresult* result, Key doing)
{
    const auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
        return Result(result);
    }
    if (status == PGRES_COPY_IN) {
        return Result(result);
    }
    Result owned(result);  // freed when the error leaves
    if (result == nullptr && PQstatus(m_connection) != CONNECTION_OK) {
        throw_lost();
    }
    throw_failure(result, m_location, m_uri, doing);
}

void Connection::throw_lost() const
{
    throw Error(
        Exit::io, m_location,
        Message("pg.connection_lost",
                {{"detail", fmt::format("({})", redacted(trimmed_message(PQerrorMessage(m_connection)), m_uri))}}));
}

Result Connection::exec(std::string_view sql, Key doing)
{
    settle(!sql.starts_with("ROLLBACK"));
    return check(PQexec(m_connection, std::string(sql).c_str()), doing);
}

Result Connection::exec(std::string_view sql, const std::vector<Param>& params, Key doing)
{
    settle();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    return check(PQexecParams(m_connection, std::string(sql).c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 doing);
}

void Connection::prepare(const std::string& name, std::string_view sql, int parameters, Key doing)
{
    settle();
    check(PQprepare(m_connection, name.c_str(), std::string(sql).c_str(), parameters, nullptr), doing);
}

Result Connection::exec_prepared(const std::string& name, const std::vector<Param>& params, Key doing)
{
    settle();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    return check(
        PQexecPrepared(m_connection, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
        doing);
}

const std::vector<CopyType>& Connection::copy_form(std::string_view table, const std::vector<std::string>& columns,
                                                   Key doing)
{
    std::string key(table);
    for (const auto& column : columns) {
        key += '\n' + column;
    }
    for (const auto& [known, form] : m_copy_forms) {
        if (known == key) {
            return form;
        }
    }
    const Result types = exec("SELECT a.attname, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END "
                              "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                              "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                              {quote_identifier(table)}, doing);
    std::vector<CopyType> form;
    for (const auto& column : columns) {
        std::optional<CopyType> type;
        for (int row = 0; row < types.rows(); ++row) {
            if (types.view(row, 0) == column) {
                type = copy_type(static_cast<unsigned>(types.integer(row, 1)));
            }
        }
        if (!type) {  // copied as text; an unknown column is then refused in the server's words
            form.clear();
            break;
        }
        form.push_back(*type);
    }
    m_copy_forms.emplace_back(std::move(key), std::move(form));
    return m_copy_forms.back().second;
}

void Connection::copy_from(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<Param>>& rows, Key doing, bool binary)
{
    std::string names;
    for (const auto& column : columns) {
        names += (names.empty() ? "" : ", ") + quote_identifier(column);
    }
    auto statement = fmt::format("COPY {} ({}) FROM STDIN", quote_identifier(table), names);
    auto asked = binary ? statement + " (FORMAT binary)" : statement;
    // Sent in pieces of about 64 KiB: a large load is never all in memory twice.
    std::string buffer;
    buffer.reserve(65536 + 4096);
    if (asked != m_open_copy) {
        std::vector<CopyType> types;
        if (binary) {
            types = copy_form(table, columns, doing);
        }
        exec(types.empty() ? statement : asked, doing);  // which ends the COPY open before it, if any
        m_open_copy = std::move(asked);
        m_copy_types = std::move(types);
        m_copy_columns = columns;
        if (!m_copy_types.empty()) {
            buffer += binary_header;
        }
    }
    m_copying = doing;
    bool sent = true;
    try {
        for (const auto& row : rows) {
            if (m_copy_types.empty()) {
                append_copy_line(buffer, row);
            } else {
                append_copy_tuple(buffer, row, m_copy_types, m_copy_columns);
            }
            if (buffer.size() >= 65536) {
                sent = PQputCopyData(m_connection, buffer.data(), static_cast<int>(buffer.size())) == 1;
                buffer.clear();
                if (!sent) {
                    break;
                }
            }
        }
    } catch (const InvalidValue& error) {
        throw Error(Exit::internal, fmt::format("{} ({})", m_location, table), error.words());
    }
    if (sent && !buffer.empty()) {
        sent = PQputCopyData(m_connection, buffer.data(), static_cast<int>(buffer.size())) == 1;
    }
    if (!sent) {
        settle(false);
        throw Error(
            Exit::io, m_location,
            Message("pg.connection_lost",
                    {{"detail", fmt::format("({})", redacted(trimmed_message(PQerrorMessage(m_connection)), m_uri))}}));
    }
}

void Connection::settle(bool report)
{
    settle_copy(report);
    settle_sent(report);
}

void Connection::send_copy_end(bool report)
{
    if (std::exchange(m_copy_ended, true)) {
        return;
    }
    if (report && !m_copy_types.empty()) {
        PQputCopyData(m_connection, binary_trailer.data(), static_cast<int>(binary_trailer.size()));
    }
    PQputCopyEnd(m_connection, report ? nullptr : "toro stopped sending");
}

void Connection::end_copy()
{
    if (!m_copying) {
        return;
    }
    send_copy_end(true);
    m_open_copy.clear();
}

void Connection::settle_copy(bool report)
{
    if (!m_copying) {
        return;
    }
    const Key doing = *m_copying;
    m_copying.reset();
    m_open_copy.clear();
    // The end of the data (or, when its outcome will not be reported, the COPY's abandonment),
    // unless end_copy sent it, then the outcome of the COPY, then nothing.
    send_copy_end(report);
    m_copy_ended = false;
    m_copy_types.clear();
    std::optional<Result> failure;
    PGresult* failed = nullptr;
    while (PGresult* result = PQgetResult(m_connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failed == nullptr) {
            failed = result;
            failure.emplace(result);
        } else {
            PQclear(result);
        }
    }
    if (failed != nullptr && report) {
        throw_failure(failed, m_location, m_uri, doing);
    }
}

// At most this many statements are sent before their outcomes are read: what the server answers
// waits in memory meanwhile.
constexpr std::size_t most_sent = 1024;

void Connection::start_sending(Key doing)
{
    if (m_sent.size() >= most_sent) {
        settle();
    }
    settle_copy(true);
    if (m_sent.empty() && PQpipelineStatus(m_connection) == PQ_PIPELINE_OFF && PQenterPipelineMode(m_connection) != 1) {
        throw_lost();
    }
    m_sent.push_back(doing);
}

void Connection::send_prepared(const std::string& name, const std::vector<Param>& params, Key doing)
{
    start_sending(doing);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    if (PQsendQueryPrepared(m_connection, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                            nullptr, 0) != 1) {
        not_sent();
    }
}

void Connection::not_sent()
{
    m_sent.pop_back();  // it never left
    settle();           // an earlier statement's error comes first
    throw_lost();
}

void Connection::send(std::string_view sql, Key doing)
{
    start_sending(doing);
    if (PQsendQueryParams(m_connection, std::string(sql).c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        not_sent();
    }
}

void Connection::settle_sent(bool report)
{
    if (m_sent.empty()) {
        return;
    }
    std::vector<Key> sent;
    sent.swap(m_sent);
    // Each statement's results end with a null; after the last comes the sync's. A statement
    // after a failed one is skipped (PGRES_PIPELINE_ABORTED) up to the sync.
    PQpipelineSync(m_connection);
    std::optional<Result> failure;
    PGresult* failed = nullptr;
    Key failed_doing = sent.front();
    std::size_t statement = 0;
    int nulls = 0;  // in a row: a broken connection gives nothing more
    while (nulls < 2) {
        PGresult* result = PQgetResult(m_connection);
        if (result == nullptr) {
            ++nulls;
            ++statement;
            continue;
        }
        nulls = 0;
        const auto status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(result);
            break;
        }
        if (status == PGRES_FATAL_ERROR && failed == nullptr) {
            failed = result;
            failure.emplace(result);
            failed_doing = sent[std::min(statement, sent.size() - 1)];
        } else {
            PQclear(result);
        }
    }
    PQexitPipelineMode(m_connection);
    if (!report) {
        return;
    }
    if (failed != nullptr) {
        throw_failure(failed, m_location, m_uri, failed_doing);
    }
    if (PQstatus(m_connection) != CONNECTION_OK) {
        throw_lost();
    }
}

Transaction::Transaction(Connection& connection) : m_connection(connection)
{
    m_connection.exec("BEGIN", "store.doing.begin");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_connection.exec("ROLLBACK");
        } catch (...) {  // nothing more can be done; the server rolls back when the connection ends
        }
    }
}

void Transaction::commit()
{
    m_connection.exec("COMMIT", "store.doing.commit");
    m_done = true;
}

}  // namespace toro::store::pg
