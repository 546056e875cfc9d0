/*
 * test_param_escapes.c: ODBC datetime escapes as parameter values (driver/param_convert.c).
 *
 * Appendix D ("C to SQL: Character") lets character data for a date, time or timestamp
 * parameter be an escape clause: {d 'yyyy-mm-dd'}, {t 'hh:mm:ss'}, {ts 'yyyy-mm-dd
 * hh:mm:ss[.f]'}. Here they go in as SQL_C_CHAR and SQL_C_WCHAR, are stored in a timestamp
 * column (every profile's server stores one) and read back as timestamp structs; dates
 * and times go through a cast (a real CrateDB 6.4 stores neither, and has timetz where
 * PostgreSQL has time). A mismatched escape fails before anything is sent.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

/* Binds `text` as SQL_C_CHAR (or, `wide`, SQL_C_WCHAR) to an SQL `type` parameter 1. */
static SQLRETURN bind_text(SQLHSTMT st, SQLSMALLINT type, const char *text, bool wide,
                           SQLWCHAR *wbuf, size_t wcap, SQLLEN *ind)
{
    if (!wide) {
        *ind = SQL_NTS;
        return SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, type, 0, 0,
                                (SQLPOINTER)text, 0, ind);
    }
    size_t n = strlen(text);
    for (size_t i = 0; i < n && i < wcap; i++)
        wbuf[i] = (SQLWCHAR)(unsigned char)text[i];
    *ind = (SQLLEN)(n * sizeof(SQLWCHAR));
    return SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_WCHAR, type, 0, 0, wbuf,
                            *ind, ind);
}

/* Escapes into a timestamp column, read back as structs. */
static void test_timestamp_column(void)
{
    static const struct {
        const char *text;
        bool wide;
        SQL_TIMESTAMP_STRUCT want;
    } rows[] = {
        {"{ts '2011-04-22 01:23:45'}", false, {2011, 4, 22, 1, 23, 45, 0}},
        {"{ts '2011-04-22 01:23:45'}", true, {2011, 4, 22, 1, 23, 45, 0}},
        {" { TS '1999-12-31 23:59:59.125' } ", false, {1999, 12, 31, 23, 59, 59, 125000000}},
        {"{d '2011-04-22'}", false, {2011, 4, 22, 0, 0, 0, 0}},      /* midnight */
        {"{d '2024-02-29'}", true, {2024, 2, 29, 0, 0, 0, 0}},
    };
    const size_t n = sizeof rows / sizeof rows[0];
    SQLHDBC dbc = itest_connect();
    char t[64], sql[256];
    itest_table_name(t, sizeof t, "pesc");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id integer, ts timestamp)", t);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, ts) VALUES (?, ?)", t);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    for (size_t i = 0; i < n; i++) {
        SQLINTEGER id = (SQLINTEGER)i;
        SQLWCHAR w[64];
        ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id,
                                  0, NULL), SQL_HANDLE_STMT, st);
        SQLLEN ind2;
        if (rows[i].wide) {
            size_t len = strlen(rows[i].text);
            for (size_t k = 0; k < len; k++)
                w[k] = (SQLWCHAR)(unsigned char)rows[i].text[k];
            ind2 = (SQLLEN)(len * sizeof(SQLWCHAR));
            ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_TYPE_TIMESTAMP,
                                      26, 6, w, ind2, &ind2), SQL_HANDLE_STMT, st);
        } else {
            ind2 = SQL_NTS;
            ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_TIMESTAMP,
                                      26, 6, (SQLPOINTER)rows[i].text, 0, &ind2),
                     SQL_HANDLE_STMT, st);
        }
        ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    }
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, t));
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT id, ts FROM %s ORDER BY id", t);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    size_t got = 0;
    while (SQLFetch(st) == SQL_SUCCESS) {
        SQLINTEGER id = -1;
        SQL_TIMESTAMP_STRUCT ts;
        memset(&ts, 0, sizeof ts);
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, NULL), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 2, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, NULL),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_FATAL(id >= 0 && (size_t)id < n);
        const SQL_TIMESTAMP_STRUCT *w = &rows[id].want;
        if (memcmp(&ts, w, sizeof ts) != 0) {
            fprintf(stderr, "\n    %s read back as %d-%u-%u %u:%u:%u.%lu\n", rows[id].text,
                    ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second,
                    (unsigned long)ts.fraction);
            CU_FAIL("timestamp read back differs");
        }
        got++;
    }
    CU_ASSERT_EQUAL(got, n);
    itest_free_stmt(st);
    snprintf(sql, sizeof sql, "DROP TABLE %s", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

/* SELECT CAST(? AS type) with the value bound as `sql_type`: the text read back. */
static SQLRETURN cast_back(SQLHDBC dbc, const char *type, SQLSMALLINT sql_type,
                           const char *text, bool wide, char *out, size_t outlen)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT CAST(? AS %s)", type);
    SQLHSTMT st = itest_stmt(dbc);
    SQLWCHAR w[64];
    SQLLEN ind;
    out[0] = '\0';
    ITEST_OK(bind_text(st, sql_type, text, wide, w, 64, &ind), SQL_HANDLE_STMT, st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc)) {
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        SQLLEN len;
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, (SQLLEN)outlen, &len), SQL_HANDLE_STMT,
                 st);
    } else {
        char state[6], msg[512];
        if (itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg))
            snprintf(out, outlen, "%s %s", state, msg);
    }
    itest_free_stmt(st);
    return rc;
}

/* Dates and times through casts; the crossings of the table; mismatches refused. */
static void test_date_time_casts(void)
{
    SQLHDBC dbc = itest_connect();
    /* CrateDB has no `time`: timetz, whose text has a zone */
    const char *time_type = itest_is_cratedb() ? "timetz" : "time";
    char out[600];
    for (int wide = 0; wide <= 1; wide++) {
        ITEST_OK(cast_back(dbc, "date", SQL_TYPE_DATE, "{d '2011-04-22'}", wide, out,
                           sizeof out), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_STRING_EQUAL(out, "2011-04-22");
        ITEST_OK(cast_back(dbc, "date", SQL_TYPE_DATE, "{ts '2011-04-22 00:00:00'}", wide, out,
                           sizeof out), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_STRING_EQUAL(out, "2011-04-22");
        ITEST_OK(cast_back(dbc, time_type, SQL_TYPE_TIME, "{t '01:23:45'}", wide, out,
                           sizeof out), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_NSTRING_EQUAL(out, "01:23:45", 8);
        ITEST_OK(cast_back(dbc, time_type, SQL_TYPE_TIME, "{ts '2011-04-22 01:23:45'}", wide,
                           out, sizeof out), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_NSTRING_EQUAL(out, "01:23:45", 8);
    }
    /* mismatches: the driver refuses them, naming the escape and the type */
    static const struct {
        const char *type;
        SQLSMALLINT sql_type;
        const char *text, *state, *says;
    } bad[] = {
        {"time", SQL_TYPE_TIME, "{d '2011-04-22'}", "22018", "a date escape {d ...} for a time"},
        {"date", SQL_TYPE_DATE, "{t '01:23:45'}", "22018", "a time escape {t ...} for a date"},
        {"date", SQL_TYPE_DATE, "{ts '2011-04-22 01:23:45'}", "22008", "time part"},
        {"date", SQL_TYPE_DATE, "{d '2011-02-30'}", "22007", "no valid date"},
        {"date", SQL_TYPE_DATE, "{d '2011-04-22'", "22018", "no ODBC date, time or timestamp"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *type = strcmp(bad[i].type, "time") == 0 ? time_type : bad[i].type;
        SQLRETURN rc = cast_back(dbc, type, bad[i].sql_type, bad[i].text, false, out,
                                 sizeof out);
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        if (strncmp(out, bad[i].state, 5) != 0 || !strstr(out, bad[i].says)) {
            fprintf(stderr, "\n    %s: want %s \"%s\", got %s\n", bad[i].text, bad[i].state,
                    bad[i].says, out);
            CU_FAIL("mismatched escape diagnostic");
        }
    }
    itest_disconnect(dbc);
}

void itest_register_param_escapes(void)
{
    static const itest_case cases[] = {
        {"timestamp_column", test_timestamp_column},
        {"date_time_casts", test_date_time_casts},
        {NULL, NULL},
    };
    itest_add_suite("param_escapes", cases);
}
