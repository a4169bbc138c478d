// The functions of libpq that store/pg/connection.cpp calls, defined here as forwarders to the
// library opened on first use (core/shared_library.hpp): only a command given a PostgreSQL store
// loads libpq, and with it libssl, libcrypto and the GSSAPI and LDAP libraries. Each definition
// must match its declaration in libpq-fe.h, which the compiler checks.

#include "core/shared_library.hpp"

#include <libpq-fe.h>

namespace {

template <typename F> F* lib(const char* name)
{
    return toro::library_function<F>(TORO_PQ_SONAME, name);
}

}  // namespace

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname)
{
    static auto* real = lib<decltype(PQconnectdbParams)>("PQconnectdbParams");
    return real(keywords, values, expand_dbname);
}

ConnStatusType PQstatus(const PGconn* conn)
{
    static auto* real = lib<decltype(PQstatus)>("PQstatus");
    return real(conn);
}

char* PQerrorMessage(const PGconn* conn)
{
    static auto* real = lib<decltype(PQerrorMessage)>("PQerrorMessage");
    return real(conn);
}

void PQfinish(PGconn* conn)
{
    static auto* real = lib<decltype(PQfinish)>("PQfinish");
    real(conn);
}

PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg)
{
    static auto* real = lib<decltype(PQsetNoticeProcessor)>("PQsetNoticeProcessor");
    return real(conn, proc, arg);
}

char* PQdb(const PGconn* conn)
{
    static auto* real = lib<decltype(PQdb)>("PQdb");
    return real(conn);
}

char* PQhost(const PGconn* conn)
{
    static auto* real = lib<decltype(PQhost)>("PQhost");
    return real(conn);
}

char* PQhostaddr(const PGconn* conn)
{
    static auto* real = lib<decltype(PQhostaddr)>("PQhostaddr");
    return real(conn);
}

PGresult* PQexec(PGconn* conn, const char* query)
{
    static auto* real = lib<decltype(PQexec)>("PQexec");
    return real(conn, query);
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                       int resultFormat)
{
    static auto* real = lib<decltype(PQexecParams)>("PQexecParams");
    return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}

ExecStatusType PQresultStatus(const PGresult* res)
{
    static auto* real = lib<decltype(PQresultStatus)>("PQresultStatus");
    return real(res);
}

char* PQresultErrorField(const PGresult* res, int fieldcode)
{
    static auto* real = lib<decltype(PQresultErrorField)>("PQresultErrorField");
    return real(res, fieldcode);
}

void PQclear(PGresult* res)
{
    static auto* real = lib<decltype(PQclear)>("PQclear");
    real(res);
}

int PQntuples(const PGresult* res)
{
    static auto* real = lib<decltype(PQntuples)>("PQntuples");
    return real(res);
}

int PQnfields(const PGresult* res)
{
    static auto* real = lib<decltype(PQnfields)>("PQnfields");
    return real(res);
}

char* PQgetvalue(const PGresult* res, int tup_num, int field_num)
{
    static auto* real = lib<decltype(PQgetvalue)>("PQgetvalue");
    return real(res, tup_num, field_num);
}

int PQgetlength(const PGresult* res, int tup_num, int field_num)
{
    static auto* real = lib<decltype(PQgetlength)>("PQgetlength");
    return real(res, tup_num, field_num);
}

int PQgetisnull(const PGresult* res, int tup_num, int field_num)
{
    static auto* real = lib<decltype(PQgetisnull)>("PQgetisnull");
    return real(res, tup_num, field_num);
}

int PQputCopyData(PGconn* conn, const char* buffer, int nbytes)
{
    static auto* real = lib<decltype(PQputCopyData)>("PQputCopyData");
    return real(conn, buffer, nbytes);
}

int PQputCopyEnd(PGconn* conn, const char* errormsg)
{
    static auto* real = lib<decltype(PQputCopyEnd)>("PQputCopyEnd");
    return real(conn, errormsg);
}

PGresult* PQgetResult(PGconn* conn)
{
    static auto* real = lib<decltype(PQgetResult)>("PQgetResult");
    return real(conn);
}

Oid PQftype(const PGresult* res, int field_num)
{
    static auto* real = lib<decltype(PQftype)>("PQftype");
    return real(res, field_num);
}

char* PQcmdTuples(PGresult* res)
{
    static auto* real = lib<decltype(PQcmdTuples)>("PQcmdTuples");
    return real(res);
}

PGresult* PQprepare(PGconn* conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes)
{
    static auto* real = lib<decltype(PQprepare)>("PQprepare");
    return real(conn, stmtName, query, nParams, paramTypes);
}

PGresult* PQexecPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                         const int* paramLengths, const int* paramFormats, int resultFormat)
{
    static auto* real = lib<decltype(PQexecPrepared)>("PQexecPrepared");
    return real(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}

int PQsendQueryPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                        const int* paramLengths, const int* paramFormats, int resultFormat)
{
    static auto* real = lib<decltype(PQsendQueryPrepared)>("PQsendQueryPrepared");
    return real(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}

int PQsendQueryParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                      const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                      int resultFormat)
{
    static auto* real = lib<decltype(PQsendQueryParams)>("PQsendQueryParams");
    return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}

PGpipelineStatus PQpipelineStatus(const PGconn* conn)
{
    static auto* real = lib<decltype(PQpipelineStatus)>("PQpipelineStatus");
    return real(conn);
}

int PQenterPipelineMode(PGconn* conn)
{
    static auto* real = lib<decltype(PQenterPipelineMode)>("PQenterPipelineMode");
    return real(conn);
}

int PQexitPipelineMode(PGconn* conn)
{
    static auto* real = lib<decltype(PQexitPipelineMode)>("PQexitPipelineMode");
    return real(conn);
}

int PQpipelineSync(PGconn* conn)
{
    static auto* real = lib<decltype(PQpipelineSync)>("PQpipelineSync");
    return real(conn);
}

}  // extern "C"
