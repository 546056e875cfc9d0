/*
 * odbc_bench.c: one benchmark workload per run against any ODBC driver, through
 * unixODBC's libodbc only (no driver-specific call, no driver header).
 *
 *   odbc_bench CONNSTR WORKLOAD [ROWS]
 *
 * CONNSTR goes to SQLDriverConnect as is (e.g. "DRIVER=/path/driver.so;SERVER=...").
 * WORKLOAD is one of the names in the table at the bottom; ROWS overrides its default size
 * (bench/run.sh uses small sizes under callgrind). BENCH_CLIENT (environment) labels the
 * result line and names the insert workloads' table, default "odbc".
 *
 * Every workload checks what it got (row count, checksum against values computed locally
 * after the timed part) and prints one RESULT line (format in bench_common.h). A workload
 * that needs something the driver does not offer (rowset > 1, parameter arrays) reports
 * status=unsupported with the driver's SQLSTATE instead of falling back to something else.
 *
 * Not in here: the libpq reference (libpq_bench.c), running rounds and tables (run.sh).
 */
#include <sql.h>
#include <sqlext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

#define NUM_BUF  32
#define TEXT_BUF 32

struct bench_ctx {
    const char *connstr;
    const char *client;
    long rows;
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT st;
    bench_run run;
};
typedef struct bench_ctx ctx;

/* First diagnostic record of handle h as "[STATE] message" into buf; the SQLSTATE also
 * into state (6 bytes). */
static void first_diag(SQLSMALLINT type, SQLHANDLE h, char state[6], char *buf, size_t size)
{
    SQLCHAR st[6] = "", msg[512] = "";
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, st, &native, msg, sizeof msg, &len)))
        memcpy(st, "?????", 6);
    memcpy(state, st, 6);
    snprintf(buf, size, "[%s] %s", (char *)st, (char *)msg);
}

/* Reports a failed call on handle h: prints the RESULT line, returns 1. */
static int fail_diag(ctx *c, SQLSMALLINT type, SQLHANDLE h, const char *what)
{
    char state[6], diag[600], reason[700];
    first_diag(type, h, state, diag, sizeof diag);
    snprintf(reason, sizeof reason, "%s: %s", what, diag);
    return bench_failed(&c->run, reason);
}

#define CHECK_ST(c, rc, what) \
    do { if (!SQL_SUCCEEDED(rc)) return fail_diag((c), SQL_HANDLE_STMT, (c)->st, (what)); } while (0)

static int fail_msg(ctx *c, const char *fmt, long a, long b)
{
    char reason[300];
    snprintf(reason, sizeof reason, fmt, a, b);
    return bench_failed(&c->run, reason);
}

/*
 * Sets a statement attribute that asks for an array (SQL_ATTR_ROW_ARRAY_SIZE,
 * SQL_ATTR_PARAMSET_SIZE) to n. Returns 0 when the driver took exactly n; 3 (after printing
 * status=unsupported) when it refused with HYC00/HY024/HY092 or substituted another value
 * (01S02); 1 on any other error.
 */
static int set_array_attr(ctx *c, SQLINTEGER attr, SQLULEN n, const char *name)
{
    SQLRETURN rc = SQLSetStmtAttr(c->st, attr, (SQLPOINTER)n, 0);
    char state[6], diag[600], reason[800];
    if (rc == SQL_ERROR) {
        first_diag(SQL_HANDLE_STMT, c->st, state, diag, sizeof diag);
        snprintf(reason, sizeof reason, "%s=%lu refused: %s", name, (unsigned long)n, diag);
        if (!strcmp(state, "HYC00") || !strcmp(state, "HY024") || !strcmp(state, "HY092"))
            return bench_unsupported(&c->run, reason);
        return bench_failed(&c->run, reason);
    }
    if (!SQL_SUCCEEDED(rc))
        return fail_diag(c, SQL_HANDLE_STMT, c->st, name);
    SQLULEN got = 0;
    rc = SQLGetStmtAttr(c->st, attr, &got, 0, NULL);
    if (!SQL_SUCCEEDED(rc))
        return fail_diag(c, SQL_HANDLE_STMT, c->st, name);
    if (got != n) {
        snprintf(reason, sizeof reason, "%s=%lu not honoured: driver kept %lu (01S02)", name,
                 (unsigned long)n, (unsigned long)got);
        return bench_unsupported(&c->run, reason);
    }
    return 0;
}

static int exec_sql(ctx *c, const char *sql)
{
    SQLRETURN rc = SQLExecDirect(c->st, (SQLCHAR *)sql, SQL_NTS);
    if (rc == SQL_NO_DATA)
        return 0;
    CHECK_ST(c, rc, sql);
    SQLFreeStmt(c->st, SQL_CLOSE);
    return 0;
}

/* ------------------------------------------------------------------ fetch workloads */

/* The C types every fetch style asks for, column by column. */
static const SQLSMALLINT FETCH_CTYPES[7] = {
    SQL_C_SLONG, SQL_C_SBIGINT, SQL_C_DOUBLE, SQL_C_CHAR, SQL_C_CHAR, SQL_C_TYPE_TIMESTAMP,
    SQL_C_BIT,
};

/* Column-wise buffers for a rowset of n rows (one allocation each, before timing). */
typedef struct {
    SQLINTEGER *i4;
    SQLBIGINT *i8;
    SQLDOUBLE *f8;
    char (*num)[NUM_BUF];
    char (*text)[TEXT_BUF];
    SQL_TIMESTAMP_STRUCT *ts;
    unsigned char *bit;
    SQLLEN *ind[7];
} rowset_bufs;

static int rowset_alloc(rowset_bufs *b, size_t n)
{
    memset(b, 0, sizeof *b);
    b->i4 = calloc(n, sizeof *b->i4);
    b->i8 = calloc(n, sizeof *b->i8);
    b->f8 = calloc(n, sizeof *b->f8);
    b->num = calloc(n, sizeof *b->num);
    b->text = calloc(n, sizeof *b->text);
    b->ts = calloc(n, sizeof *b->ts);
    b->bit = calloc(n, sizeof *b->bit);
    int ok = b->i4 && b->i8 && b->f8 && b->num && b->text && b->ts && b->bit;
    for (int k = 0; k < 7; k++) {
        b->ind[k] = calloc(n, sizeof(SQLLEN));
        ok = ok && b->ind[k];
    }
    return ok ? 0 : -1;
}

static void rowset_free(rowset_bufs *b)
{
    free(b->i4);
    free(b->i8);
    free(b->f8);
    free(b->num);
    free(b->text);
    free(b->ts);
    free(b->bit);
    for (int k = 0; k < 7; k++)
        free(b->ind[k]);
}

static void *rowset_col(rowset_bufs *b, int col, SQLLEN *elem)
{
    static const SQLLEN sizes[7] = {
        sizeof(SQLINTEGER), sizeof(SQLBIGINT), sizeof(SQLDOUBLE), NUM_BUF, TEXT_BUF,
        sizeof(SQL_TIMESTAMP_STRUCT), 1,
    };
    void *ptrs[7] = { b->i4, b->i8, b->f8, b->num, b->text, b->ts, b->bit };
    *elem = sizes[col];
    return ptrs[col];
}

/* Row k of the rowset as a bench_row; -1 when a value is NULL or was truncated. */
static int rowset_row(const rowset_bufs *b, size_t k, bench_row *r)
{
    for (int col = 0; col < 7; col++)
        if (b->ind[col][k] == SQL_NULL_DATA)
            return -1;
    if (b->ind[3][k] >= NUM_BUF || b->ind[4][k] >= TEXT_BUF)
        return -1;
    const SQL_TIMESTAMP_STRUCT *ts = &b->ts[k];
    r->i4 = b->i4[k];
    r->i8 = b->i8[k];
    r->f8 = b->f8[k];
    r->num = b->num[k];
    r->num_len = (size_t)b->ind[3][k];
    r->text = b->text[k];
    r->text_len = (size_t)b->ind[4][k];
    r->year = ts->year;
    r->month = ts->month;
    r->day = ts->day;
    r->hour = ts->hour;
    r->minute = ts->minute;
    r->second = ts->second;
    r->flag = b->bit[k];
    return 0;
}

/* finish_fetch: compares count and checksum with the local expectation, prints. */
static int finish_fetch(ctx *c, long got, uint64_t h)
{
    /* The clock stopped in the caller: the expectation is computed outside the timed part. */
    if (got != c->rows)
        return fail_msg(c, "row count %ld, expected %ld", got, c->rows);
    uint64_t want = bench_expected_fetch(c->rows);
    if (h != want)
        return fail_msg(c, "checksum mismatch after %ld rows (of %ld)", got, c->rows);
    return bench_ok(&c->run, got, h);
}

/* Sets an array size attribute (as set_array_attr) and the attribute that points at the
 * count of rows done (count_attr, to *count). Returns 0, or the exit status to return. */
static int set_array(ctx *c, SQLINTEGER size_attr, SQLULEN n, const char *size_name,
                     SQLINTEGER count_attr, SQLULEN *count, const char *count_name)
{
    int ret = set_array_attr(c, size_attr, n, size_name);
    if (ret)
        return ret;
    if (!SQL_SUCCEEDED(SQLSetStmtAttr(c->st, count_attr, count, 0)))
        return fail_diag(c, SQL_HANDLE_STMT, c->st, count_name);
    return 0;
}

/* Fetches with every column bound, rowset rows per SQLFetch. */
static int fetch_bound(ctx *c, SQLULEN rowset)
{
    char sql[1024];
    snprintf(sql, sizeof sql, BENCH_FETCH_SQL, c->rows);
    rowset_bufs b;
    if (rowset_alloc(&b, rowset) != 0)
        return bench_failed(&c->run, "out of memory");
    int ret = 1;
    SQLULEN fetched = 0;
    if (rowset > 1 &&
        (ret = set_array(c, SQL_ATTR_ROW_ARRAY_SIZE, rowset, "SQL_ATTR_ROW_ARRAY_SIZE",
                         SQL_ATTR_ROWS_FETCHED_PTR, &fetched, "SQL_ATTR_ROWS_FETCHED_PTR")))
        goto out;
    ret = 1;
    for (int col = 0; col < 7; col++) {
        SQLLEN elem;
        void *p = rowset_col(&b, col, &elem);
        if (!SQL_SUCCEEDED(SQLBindCol(c->st, (SQLUSMALLINT)(col + 1), FETCH_CTYPES[col], p,
                                      elem, b.ind[col]))) {
            ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLBindCol");
            goto out;
        }
    }

    bench_start(&c->run, c->run.workload, c->client);
    SQLRETURN rc = SQLExecDirect(c->st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLExecDirect");
        goto out;
    }
    long got = 0;
    uint64_t h = 0;
    while ((rc = SQLFetch(c->st)) != SQL_NO_DATA) {
        if (!SQL_SUCCEEDED(rc)) {
            ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLFetch");
            goto out;
        }
        size_t n = rowset > 1 ? fetched : 1;
        for (size_t k = 0; k < n; k++) {
            bench_row r;
            if (rowset_row(&b, k, &r) != 0) {
                ret = fail_msg(c, "NULL or truncated value at row %ld%ld", got + 1, 0);
                goto out;
            }
            bench_hash_row(&h, &r);
            got++;
        }
    }
    SQLFreeStmt(c->st, SQL_CLOSE);
    bench_stop(&c->run);
    ret = finish_fetch(c, got, h);
out:
    SQLFreeStmt(c->st, SQL_UNBIND);
    rowset_free(&b);
    return ret;
}

static int w_fetch_bind1(ctx *c) { return fetch_bound(c, 1); }
static int w_fetch_bind1000(ctx *c) { return fetch_bound(c, 1000); }

/* SQLFetch, then SQLGetData for every cell (the way Power Query reads). */
static int w_fetch_getdata(ctx *c)
{
    char sql[1024];
    snprintf(sql, sizeof sql, BENCH_FETCH_SQL, c->rows);
    rowset_bufs b;
    if (rowset_alloc(&b, 1) != 0)
        return bench_failed(&c->run, "out of memory");
    int ret = 1;
    bench_start(&c->run, c->run.workload, c->client);
    SQLRETURN rc = SQLExecDirect(c->st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) {
        ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLExecDirect");
        goto out;
    }
    long got = 0;
    uint64_t h = 0;
    while ((rc = SQLFetch(c->st)) != SQL_NO_DATA) {
        if (!SQL_SUCCEEDED(rc)) {
            ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLFetch");
            goto out;
        }
        for (int col = 0; col < 7; col++) {
            SQLLEN elem;
            void *p = rowset_col(&b, col, &elem);
            rc = SQLGetData(c->st, (SQLUSMALLINT)(col + 1), FETCH_CTYPES[col], p, elem,
                            b.ind[col]);
            if (!SQL_SUCCEEDED(rc)) {
                ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLGetData");
                goto out;
            }
        }
        bench_row r;
        if (rowset_row(&b, 0, &r) != 0) {
            ret = fail_msg(c, "NULL or truncated value at row %ld%ld", got + 1, 0);
            goto out;
        }
        bench_hash_row(&h, &r);
        got++;
    }
    SQLFreeStmt(c->st, SQL_CLOSE);
    bench_stop(&c->run);
    ret = finish_fetch(c, got, h);
out:
    rowset_free(&b);
    return ret;
}

/* ------------------------------------------------------------------ 1 KB text */

static int fetch_text(ctx *c, int wide)
{
    char sql[256];
    snprintf(sql, sizeof sql, BENCH_TEXT_SQL, c->rows);
    SQLCHAR cbuf[BENCH_TEXT_LEN + 1];
    SQLWCHAR wbuf[BENCH_TEXT_LEN + 1];
    SQLLEN ind = 0;
    SQLRETURN rc = wide ? SQLBindCol(c->st, 1, SQL_C_WCHAR, wbuf, sizeof wbuf, &ind)
                        : SQLBindCol(c->st, 1, SQL_C_CHAR, cbuf, sizeof cbuf, &ind);
    CHECK_ST(c, rc, "SQLBindCol");
    size_t unit = wide ? sizeof(SQLWCHAR) : 1;

    bench_start(&c->run, c->run.workload, c->client);
    rc = SQLExecDirect(c->st, (SQLCHAR *)sql, SQL_NTS);
    CHECK_ST(c, rc, "SQLExecDirect");
    long got = 0;
    uint64_t h = 0;
    while ((rc = SQLFetch(c->st)) != SQL_NO_DATA) {
        CHECK_ST(c, rc, "SQLFetch");
        if (ind == SQL_NULL_DATA || ind < 12 * (SQLLEN)unit || ind > BENCH_TEXT_LEN * (SQLLEN)unit)
            return fail_msg(c, "bad length indicator %ld at row %ld", (long)ind, got + 1);
        size_t n = (size_t)ind / unit;
        unsigned tail[12];
        for (int k = 0; k < 12; k++)
            tail[k] = wide ? wbuf[n - 12 + (size_t)k] : cbuf[n - 12 + (size_t)k];
        bench_hash_text(&h, n, wide ? wbuf[0] : cbuf[0], tail);
        got++;
    }
    SQLFreeStmt(c->st, SQL_CLOSE);
    SQLFreeStmt(c->st, SQL_UNBIND);
    bench_stop(&c->run);
    if (got != c->rows)
        return fail_msg(c, "row count %ld, expected %ld", got, c->rows);
    if (h != bench_expected_text(c->rows))
        return fail_msg(c, "checksum mismatch (%ld rows)%ld", got, 0);
    return bench_ok(&c->run, got, h);
}

static int w_text_char(ctx *c) { return fetch_text(c, 0); }
static int w_text_wchar(ctx *c) { return fetch_text(c, 1); }

/* ------------------------------------------------------------------ inserts */

static void insert_ts(long i, SQL_TIMESTAMP_STRUCT *ts)
{
    int f[6];
    bench_insert_ts(i, f);
    memset(ts, 0, sizeof *ts);
    ts->year = (SQLSMALLINT)f[0];
    ts->month = (SQLUSMALLINT)f[1];
    ts->day = (SQLUSMALLINT)f[2];
    ts->hour = (SQLUSMALLINT)f[3];
    ts->minute = (SQLUSMALLINT)f[4];
    ts->second = (SQLUSMALLINT)f[5];
}

static void table_name(ctx *c, char *buf, size_t size)
{
    snprintf(buf, size, "bench_ins_");
    size_t n = strlen(buf);
    for (const char *p = c->client; *p && n + 1 < size; p++)
        buf[n++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_';
    buf[n] = 0;
}

static int insert_setup(ctx *c, char *table, size_t size)
{
    char sql[256];
    table_name(c, table, size);
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", table);
    if (exec_sql(c, sql))
        return 1;
    snprintf(sql, sizeof sql, "CREATE TABLE %s %s", table, BENCH_INSERT_COLS);
    return exec_sql(c, sql);
}

/* Checks the table holds exactly rows 1..n: count, sums of id, v and length(t), and the
 * sum of the day/second encoding of ts; the checksum folds those in. */
static int insert_verify(ctx *c, const char *table)
{
    char sql[512];
    if (bench_server_is_cratedb()) {
        snprintf(sql, sizeof sql, "REFRESH TABLE %s", table);
        if (exec_sql(c, sql))
            return 1;
    }
    snprintf(sql, sizeof sql, BENCH_INSERT_VERIFY_SQL, table);
    SQLRETURN rc = SQLExecDirect(c->st, (SQLCHAR *)sql, SQL_NTS);
    CHECK_ST(c, rc, "verify SELECT");
    rc = SQLFetch(c->st);
    CHECK_ST(c, rc, "verify SQLFetch");
    SQLBIGINT got[6];
    for (int k = 0; k < 6; k++) {
        SQLLEN ind;
        rc = SQLGetData(c->st, (SQLUSMALLINT)(k + 1), SQL_C_SBIGINT, &got[k], 0, &ind);
        CHECK_ST(c, rc, "verify SQLGetData");
    }
    SQLFreeStmt(c->st, SQL_CLOSE);
    int64_t want[6];
    bench_insert_expected(c->rows, want);
    uint64_t h = 0;
    for (int k = 0; k < 6; k++) {
        if (got[k] != want[k])
            return fail_msg(c, "inserted data wrong: aggregate %ld is %ld", k, (long)got[k]);
        h = h * 1000003 + (uint64_t)got[k];
    }
    return bench_ok(&c->run, c->rows, h);
}

/* Column-wise parameter buffers for n rows. */
typedef struct {
    SQLINTEGER *id;
    SQLBIGINT *v;
    SQLDOUBLE *f;
    char (*t)[TEXT_BUF];
    SQLLEN *t_ind;
    SQL_TIMESTAMP_STRUCT *ts;
} param_bufs;

static int params_alloc(param_bufs *p, size_t n)
{
    p->id = calloc(n, sizeof *p->id);
    p->v = calloc(n, sizeof *p->v);
    p->f = calloc(n, sizeof *p->f);
    p->t = calloc(n, sizeof *p->t);
    p->t_ind = calloc(n, sizeof *p->t_ind);
    p->ts = calloc(n, sizeof *p->ts);
    return p->id && p->v && p->f && p->t && p->t_ind && p->ts ? 0 : -1;
}

static void params_free(param_bufs *p)
{
    free(p->id);
    free(p->v);
    free(p->f);
    free(p->t);
    free(p->t_ind);
    free(p->ts);
}

static void params_fill(param_bufs *p, size_t k, long i)
{
    p->id[k] = (SQLINTEGER)i;
    p->v[k] = (SQLBIGINT)i * 3;
    p->f[k] = (double)i * 0.5;
    bench_insert_text(i, p->t[k], TEXT_BUF);
    p->t_ind[k] = SQL_NTS;
    insert_ts(i, &p->ts[k]);
}

static int params_bind(ctx *c, param_bufs *p)
{
    SQLRETURN rc;
    rc = SQLBindParameter(c->st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, p->id, 0, NULL);
    CHECK_ST(c, rc, "SQLBindParameter 1");
    rc = SQLBindParameter(c->st, 2, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, p->v, 0, NULL);
    CHECK_ST(c, rc, "SQLBindParameter 2");
    rc = SQLBindParameter(c->st, 3, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, p->f, 0, NULL);
    CHECK_ST(c, rc, "SQLBindParameter 3");
    rc = SQLBindParameter(c->st, 4, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, TEXT_BUF - 1, 0,
                          p->t, TEXT_BUF, p->t_ind);
    CHECK_ST(c, rc, "SQLBindParameter 4");
    rc = SQLBindParameter(c->st, 5, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP,
                          19, 0, p->ts, 0, NULL);
    CHECK_ST(c, rc, "SQLBindParameter 5");
    return 0;
}

/* Inserts rows 1..c->rows with `batch` rows per SQLExecute (1: one execute per row). */
static int insert_rows(ctx *c, size_t batch)
{
    char table[64], sql[256];
    if (insert_setup(c, table, sizeof table))
        return 1;
    param_bufs p;
    if (params_alloc(&p, batch) != 0)
        return bench_failed(&c->run, "out of memory");
    int ret = 1;
    SQLULEN processed = 0;
    if (batch > 1 &&
        (ret = set_array(c, SQL_ATTR_PARAMSET_SIZE, batch, "SQL_ATTR_PARAMSET_SIZE",
                         SQL_ATTR_PARAMS_PROCESSED_PTR, &processed,
                         "SQL_ATTR_PARAMS_PROCESSED_PTR")))
        goto out;
    ret = 1;
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, v, f, t, ts) VALUES (?, ?, ?, ?, ?)", table);
    if (!SQL_SUCCEEDED(SQLPrepare(c->st, (SQLCHAR *)sql, SQL_NTS))) {
        ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLPrepare");
        goto out;
    }
    if ((ret = params_bind(c, &p)))
        goto out;
    ret = 1;

    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 1; i <= c->rows; i += (long)batch) {
        size_t n = (size_t)(c->rows - i + 1) < batch ? (size_t)(c->rows - i + 1) : batch;
        for (size_t k = 0; k < n; k++)
            params_fill(&p, k, i + (long)k);
        if (n != batch && !SQL_SUCCEEDED(SQLSetStmtAttr(c->st, SQL_ATTR_PARAMSET_SIZE,
                                                        (SQLPOINTER)n, 0))) {
            ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQL_ATTR_PARAMSET_SIZE (last batch)");
            goto out;
        }
        SQLRETURN rc = SQLExecute(c->st);
        if (!SQL_SUCCEEDED(rc)) {
            ret = fail_diag(c, SQL_HANDLE_STMT, c->st, "SQLExecute");
            goto out;
        }
        if (batch > 1 && processed != n) {
            ret = fail_msg(c, "SQL_ATTR_PARAMS_PROCESSED_PTR says %ld, expected %ld",
                           (long)processed, (long)n);
            goto out;
        }
    }
    bench_stop(&c->run);
    SQLFreeStmt(c->st, SQL_CLOSE);
    SQLFreeStmt(c->st, SQL_RESET_PARAMS);
    SQLSetStmtAttr(c->st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)1, 0);
    SQLSetStmtAttr(c->st, SQL_ATTR_PARAMS_PROCESSED_PTR, NULL, 0);
    ret = insert_verify(c, table);
out:
    params_free(&p);
    return ret;
}

static int w_insert_row(ctx *c) { return insert_rows(c, 1); }
static int w_insert_array(ctx *c) { return insert_rows(c, 1000); }

/* ------------------------------------------------------------------ connect, latency */

/* c->rows cycles of allocate, SQLDriverConnect, SQLDisconnect, free. The connection made by
 * main() stays open throughout, so the driver library stays loaded and each cycle measures
 * the driver's connect, not unixODBC's dlopen. */
static int w_connect(ctx *c)
{
    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 0; i < c->rows; i++) {
        SQLHDBC dbc;
        if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, c->env, &dbc)))
            return fail_diag(c, SQL_HANDLE_ENV, c->env, "SQLAllocHandle DBC");
        SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)c->connstr, SQL_NTS, NULL, 0,
                                        NULL, SQL_DRIVER_NOPROMPT);
        if (!SQL_SUCCEEDED(rc)) {
            int r = fail_diag(c, SQL_HANDLE_DBC, dbc, "SQLDriverConnect");
            SQLFreeHandle(SQL_HANDLE_DBC, dbc);
            return r;
        }
        SQLDisconnect(dbc);
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    return bench_ok(&c->run, c->rows, (uint64_t)c->rows);
}

/* c->rows executions of a prepared one-row query, each checked. */
static int w_prepared_query(ctx *c)
{
    SQLINTEGER in = 0, out = 0;
    SQLLEN out_ind = 0;
    SQLRETURN rc = SQLPrepare(c->st, (SQLCHAR *)BENCH_PREPARED_ODBC, SQL_NTS);
    CHECK_ST(c, rc, "SQLPrepare");
    rc = SQLBindParameter(c->st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &in, 0, NULL);
    CHECK_ST(c, rc, "SQLBindParameter");
    rc = SQLBindCol(c->st, 1, SQL_C_SLONG, &out, 0, &out_ind);
    CHECK_ST(c, rc, "SQLBindCol");
    uint64_t sum = 0;
    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 1; i <= c->rows; i++) {
        in = (SQLINTEGER)i;
        rc = SQLExecute(c->st);
        CHECK_ST(c, rc, "SQLExecute");
        rc = SQLFetch(c->st);
        CHECK_ST(c, rc, "SQLFetch");
        if (out_ind == SQL_NULL_DATA || out != 2 * i + 1)
            return fail_msg(c, "execution %ld answered %ld", i, (long)out);
        sum += (uint64_t)out;
        rc = SQLFreeStmt(c->st, SQL_CLOSE);
        CHECK_ST(c, rc, "SQLFreeStmt(SQL_CLOSE)");
    }
    return bench_ok(&c->run, c->rows, sum);
}

/* ------------------------------------------------------------------ main */

static const bench_workload WORKLOADS[] = {
    { "fetch_bind1",    1000000, w_fetch_bind1 },
    { "fetch_bind1000", 1000000, w_fetch_bind1000 },
    { "fetch_getdata",  1000000, w_fetch_getdata },
    { "text_char",       100000, w_text_char },
    { "text_wchar",      100000, w_text_wchar },
    { "insert_row",      100000, w_insert_row },
    { "insert_array",    100000, w_insert_array },
    { "connect",            200, w_connect },
    { "prepared_query",   10000, w_prepared_query },
    /* Peak RSS: forward-only, default statement options, every column bound, rowset 1. */
    { "rss_5m",         5000000, w_fetch_bind1 },
};

int main(int argc, char **argv)
{
    ctx c;
    memset(&c, 0, sizeof c);
    bench_args a;
    int bad = bench_parse_args(argc, argv, "usage: odbc_bench CONNSTR WORKLOAD [ROWS]",
                               WORKLOADS, sizeof WORKLOADS / sizeof WORKLOADS[0],
                               "odbc", &a, &c.run);
    if (bad)
        return bad;
    c.connstr = a.target;
    c.client = a.client;
    c.rows = a.rows;
    const bench_workload *w = a.w;

    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c.env)))
        return bench_failed(&c.run, "SQLAllocHandle ENV");
    SQLSetEnvAttr(c.env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, c.env, &c.dbc)))
        return fail_diag(&c, SQL_HANDLE_ENV, c.env, "SQLAllocHandle DBC");
    SQLRETURN rc = SQLDriverConnect(c.dbc, NULL, (SQLCHAR *)c.connstr, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc))
        return fail_diag(&c, SQL_HANDLE_DBC, c.dbc, "SQLDriverConnect");
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &c.st)))
        return fail_diag(&c, SQL_HANDLE_DBC, c.dbc, "SQLAllocHandle STMT");

    int ret = w->run(&c);

    SQLFreeHandle(SQL_HANDLE_STMT, c.st);
    SQLDisconnect(c.dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, c.dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, c.env);
    return ret;
}
