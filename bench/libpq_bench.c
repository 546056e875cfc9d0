/*
 * libpq_bench.c: the same work as odbc_bench.c, done directly with libpq: the reference
 * for what the wire protocol allows on this machine.
 *
 *   libpq_bench CONNINFO WORKLOAD [ROWS]
 *
 * Workloads (names in the table at the bottom):
 *   fetch_pqexec     the 7-column fetch, whole result with PQexec
 *   fetch_single     the same in single-row mode (PQsetSingleRowMode)
 *   text_single      100,000 x 1 KB text in single-row mode
 *   insert_row       PQexecPrepared once per row
 *   insert_pipeline  PQsendQueryPrepared per row in pipeline mode, a sync every 1,000 rows,
 *                    one batch in flight while the next is sent (on CrateDB each batch
 *                    is read before the next goes out: see w_insert_pipeline)
 *   connect          PQconnectdb + PQfinish
 *   prepared_query   PQexecPrepared of the one-row query
 *   rss_5m           5,000,000 rows of the 7-column fetch in single-row mode
 * Each converts the text values to the C values an ODBC application gets (so the work per
 * row is comparable), checks count and checksum, and prints the RESULT line of
 * bench_common.h. BENCH_CLIENT labels the result (default "libpq").
 *
 * Not in here: ODBC (odbc_bench.c); rounds, medians and ratios (run.sh).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

struct bench_ctx {
    const char *conninfo;
    const char *client;
    long rows;
    PGconn *conn;
    bench_run run;
};
typedef struct bench_ctx ctx;

static int fail_pq(ctx *c, const char *what, const PGresult *res)
{
    char reason[700];
    const char *msg = res ? PQresultErrorMessage(res) : "";
    if (!msg || !*msg)
        msg = PQerrorMessage(c->conn);
    snprintf(reason, sizeof reason, "%s: %s", what, msg);
    return bench_failed(&c->run, reason);
}

static int fail_msg(ctx *c, const char *fmt, long a, long b)
{
    char reason[300];
    snprintf(reason, sizeof reason, fmt, a, b);
    return bench_failed(&c->run, reason);
}

static int exec_cmd(ctx *c, const char *sql)
{
    PGresult *res = PQexec(c->conn, sql);
    int bad = PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK;
    int ret = bad ? fail_pq(c, sql, res) : 0;
    PQclear(res);
    return ret;
}

/* Two decimal digits at s as a number (no validation: the server's format is fixed). */
static inline int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Row `row` of a 7-column fetch result as a bench_row: the text values converted the way an
 * ODBC driver converts them for the C types odbc_bench binds. */
static void row_of(const PGresult *res, int row, bench_row *r)
{
    r->i4 = (int32_t)strtol(PQgetvalue(res, row, 0), NULL, 10);
    r->i8 = strtoll(PQgetvalue(res, row, 1), NULL, 10);
    r->f8 = strtod(PQgetvalue(res, row, 2), NULL);
    r->num = PQgetvalue(res, row, 3);
    r->num_len = (size_t)PQgetlength(res, row, 3);
    r->text = PQgetvalue(res, row, 4);
    r->text_len = (size_t)PQgetlength(res, row, 4);
    const char *ts = PQgetvalue(res, row, 5);   /* YYYY-MM-DD HH:MM:SS */
    r->year = two(ts) * 100 + two(ts + 2);
    r->month = two(ts + 5);
    r->day = two(ts + 8);
    r->hour = two(ts + 11);
    r->minute = two(ts + 14);
    r->second = two(ts + 17);
    r->flag = PQgetvalue(res, row, 6)[0] == 't';
}

static int finish_fetch(ctx *c, long got, uint64_t h)
{
    if (got != c->rows)
        return fail_msg(c, "row count %ld, expected %ld", got, c->rows);
    if (h != bench_expected_fetch(c->rows))
        return fail_msg(c, "checksum mismatch (%ld rows)%ld", got, 0);
    return bench_ok(&c->run, got, h);
}

static int w_fetch_pqexec(ctx *c)
{
    char sql[1024];
    snprintf(sql, sizeof sql, BENCH_FETCH_SQL, c->rows);
    bench_start(&c->run, c->run.workload, c->client);
    PGresult *res = PQexec(c->conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int r = fail_pq(c, "PQexec", res);
        PQclear(res);
        return r;
    }
    uint64_t h = 0;
    int n = PQntuples(res);
    for (int row = 0; row < n; row++) {
        bench_row r;
        row_of(res, row, &r);
        bench_hash_row(&h, &r);
    }
    PQclear(res);
    bench_stop(&c->run);
    return finish_fetch(c, n, h);
}

/*
 * Sends sql in single-row mode and hands each row's result to each_row. Returns 0 after the
 * final PGRES_TUPLES_OK with *rows set; otherwise prints the failure and returns 1.
 */
static int single_row_loop(ctx *c, const char *sql, void (*each_row)(const PGresult *, uint64_t *),
                           uint64_t *h, long *rows)
{
    if (!PQsendQuery(c->conn, sql))
        return fail_pq(c, "PQsendQuery", NULL);
    if (!PQsetSingleRowMode(c->conn))
        return fail_pq(c, "PQsetSingleRowMode", NULL);
    PGresult *res;
    int ret = 0;
    *rows = 0;
    while ((res = PQgetResult(c->conn)) != NULL) {
        ExecStatusType s = PQresultStatus(res);
        if (s == PGRES_SINGLE_TUPLE) {
            each_row(res, h);
            ++*rows;
        } else if (s != PGRES_TUPLES_OK && !ret) {
            ret = fail_pq(c, "single-row fetch", res);
        }
        PQclear(res);
    }
    return ret;
}

static void fetch_row(const PGresult *res, uint64_t *h)
{
    bench_row r;
    row_of(res, 0, &r);
    bench_hash_row(h, &r);
}

static int w_fetch_single(ctx *c)
{
    char sql[1024];
    snprintf(sql, sizeof sql, BENCH_FETCH_SQL, c->rows);
    uint64_t h = 0;
    long got;
    bench_start(&c->run, c->run.workload, c->client);
    if (single_row_loop(c, sql, fetch_row, &h, &got))
        return 1;
    bench_stop(&c->run);
    return finish_fetch(c, got, h);
}

static void text_row(const PGresult *res, uint64_t *h)
{
    const char *v = PQgetvalue(res, 0, 0);
    size_t n = (size_t)PQgetlength(res, 0, 0);
    unsigned tail[12];
    for (int k = 0; k < 12; k++)
        tail[k] = n >= 12 ? (unsigned char)v[n - 12 + (size_t)k] : 0;
    bench_hash_text(h, n, (unsigned char)v[0], tail);
}

static int w_text_single(ctx *c)
{
    char sql[256];
    snprintf(sql, sizeof sql, BENCH_TEXT_SQL, c->rows);
    uint64_t h = 0;
    long got;
    bench_start(&c->run, c->run.workload, c->client);
    if (single_row_loop(c, sql, text_row, &h, &got))
        return 1;
    bench_stop(&c->run);
    if (got != c->rows)
        return fail_msg(c, "row count %ld, expected %ld", got, c->rows);
    if (h != bench_expected_text(c->rows))
        return fail_msg(c, "checksum mismatch (%ld rows)%ld", got, 0);
    return bench_ok(&c->run, got, h);
}

/* ------------------------------------------------------------------ inserts */

/* Text parameters of inserted row i, in bufs owned by the caller. */
typedef struct {
    char id[24], v[24], f[32], t[32], ts[32];
    const char *values[5];
} insert_params;

static void insert_fill(insert_params *p, long i)
{
    int f[6];
    bench_insert_ts(i, f);
    snprintf(p->id, sizeof p->id, "%ld", i);
    snprintf(p->v, sizeof p->v, "%ld", i * 3);
    snprintf(p->f, sizeof p->f, "%.1f", (double)i * 0.5);
    bench_insert_text(i, p->t, sizeof p->t);
    snprintf(p->ts, sizeof p->ts, "%04d-%02d-%02d %02d:%02d:%02d", f[0], f[1], f[2], f[3],
             f[4], f[5]);
    p->values[0] = p->id;
    p->values[1] = p->v;
    p->values[2] = p->f;
    p->values[3] = p->t;
    p->values[4] = p->ts;
}

static int insert_setup(ctx *c, char *table, size_t size)
{
    char sql[256];
    snprintf(table, size, "bench_ins_%s", c->client);
    for (char *p = table; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", table);
    if (exec_cmd(c, sql))
        return 1;
    snprintf(sql, sizeof sql, "CREATE TABLE %s %s", table, BENCH_INSERT_COLS);
    if (exec_cmd(c, sql))
        return 1;
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, v, f, t, ts) VALUES ($1, $2, $3, $4, $5)",
             table);
    PGresult *res = PQprepare(c->conn, "ins", sql, 5, NULL);
    int ret = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail_pq(c, "PQprepare", res);
    PQclear(res);
    return ret;
}

static int insert_verify(ctx *c, const char *table)
{
    char sql[512];
    if (bench_server_is_cratedb()) {
        snprintf(sql, sizeof sql, "REFRESH TABLE %s", table);
        if (exec_cmd(c, sql))
            return 1;
    }
    snprintf(sql, sizeof sql, BENCH_INSERT_VERIFY_SQL, table);
    PGresult *res = PQexec(c->conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        int r = fail_pq(c, "verify SELECT", res);
        PQclear(res);
        return r;
    }
    int64_t want[6];
    bench_insert_expected(c->rows, want);
    uint64_t h = 0;
    for (int k = 0; k < 6; k++) {
        long long got = strtoll(PQgetvalue(res, 0, k), NULL, 10);
        if (got != want[k]) {
            PQclear(res);
            return fail_msg(c, "inserted data wrong: aggregate %ld is %ld", k, (long)got);
        }
        h = h * 1000003 + (uint64_t)got;
    }
    PQclear(res);
    return bench_ok(&c->run, c->rows, h);
}

static int w_insert_row(ctx *c)
{
    char table[64];
    if (insert_setup(c, table, sizeof table))
        return 1;
    insert_params p;
    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 1; i <= c->rows; i++) {
        insert_fill(&p, i);
        PGresult *res = PQexecPrepared(c->conn, "ins", 5, p.values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            int r = fail_pq(c, "PQexecPrepared", res);
            PQclear(res);
            return r;
        }
        PQclear(res);
    }
    bench_stop(&c->run);
    return insert_verify(c, table);
}

/* Reads the results of one pipelined batch of n inserts and its sync. */
static int pipeline_drain(ctx *c, long n)
{
    for (long k = 0; k < n; k++) {
        PGresult *res = PQgetResult(c->conn);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            int r = fail_pq(c, "pipelined insert", res);
            PQclear(res);
            return r;
        }
        PQclear(res);
        res = PQgetResult(c->conn);   /* NULL: end of this query's results */
        if (res) {
            PQclear(res);
            return fail_msg(c, "unexpected extra result in batch (insert %ld)%ld", k, 0);
        }
    }
    PGresult *res = PQgetResult(c->conn);
    int ok = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    return ok ? 0 : fail_msg(c, "no pipeline sync after a batch of %ld%ld", n, 0);
}

static int w_insert_pipeline(ctx *c)
{
    const long batch = 1000;
    char table[64];
    if (insert_setup(c, table, sizeof table))
        return 1;
    insert_params p;
    bench_start(&c->run, c->run.workload, c->client);
    if (!PQenterPipelineMode(c->conn))
        return fail_pq(c, "PQenterPipelineMode", NULL);
    long pending = 0;   /* inserts of the batch sent before the current one */
    for (long i = 1; i <= c->rows; i += batch) {
        long n = c->rows - i + 1 < batch ? c->rows - i + 1 : batch;
        for (long k = 0; k < n; k++) {
            insert_fill(&p, i + k);
            if (!PQsendQueryPrepared(c->conn, "ins", 5, p.values, NULL, NULL, 0))
                return fail_pq(c, "PQsendQueryPrepared", NULL);
        }
        if (!PQpipelineSync(c->conn))
            return fail_pq(c, "PQpipelineSync", NULL);
        if (pending && pipeline_drain(c, pending))
            return 1;
        pending = n;
        /* CrateDB may send a Sync's ReadyForQuery after its answers to what follows that
         * Sync, which libpq takes for a broken pipeline: one batch in flight there. */
        if (bench_server_is_cratedb()) {
            if (pipeline_drain(c, pending))
                return 1;
            pending = 0;
        }
    }
    if (pending && pipeline_drain(c, pending))
        return 1;
    if (!PQexitPipelineMode(c->conn))
        return fail_pq(c, "PQexitPipelineMode", NULL);
    bench_stop(&c->run);
    return insert_verify(c, table);
}

/* ------------------------------------------------------------------ connect, latency */

static int w_connect(ctx *c)
{
    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 0; i < c->rows; i++) {
        PGconn *conn = PQconnectdb(c->conninfo);
        if (PQstatus(conn) != CONNECTION_OK) {
            char reason[600];
            snprintf(reason, sizeof reason, "PQconnectdb: %s", PQerrorMessage(conn));
            PQfinish(conn);
            return bench_failed(&c->run, reason);
        }
        PQfinish(conn);
    }
    return bench_ok(&c->run, c->rows, (uint64_t)c->rows);
}

static int w_prepared_query(ctx *c)
{
    PGresult *res = PQprepare(c->conn, "q", BENCH_PREPARED_PG, 1, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int r = fail_pq(c, "PQprepare", res);
        PQclear(res);
        return r;
    }
    PQclear(res);
    uint64_t sum = 0;
    char in[24];
    const char *values[1] = { in };
    bench_start(&c->run, c->run.workload, c->client);
    for (long i = 1; i <= c->rows; i++) {
        snprintf(in, sizeof in, "%ld", i);
        res = PQexecPrepared(c->conn, "q", 1, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
            int r = fail_pq(c, "PQexecPrepared", res);
            PQclear(res);
            return r;
        }
        long out = strtol(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        if (out != 2 * i + 1)
            return fail_msg(c, "execution %ld answered %ld", i, out);
        sum += (uint64_t)out;
    }
    return bench_ok(&c->run, c->rows, sum);
}

/* ------------------------------------------------------------------ main */

static const bench_workload WORKLOADS[] = {
    { "fetch_pqexec",    1000000, w_fetch_pqexec },
    { "fetch_single",    1000000, w_fetch_single },
    { "text_single",      100000, w_text_single },
    { "insert_row",       100000, w_insert_row },
    { "insert_pipeline",  100000, w_insert_pipeline },
    { "connect",             200, w_connect },
    { "prepared_query",    10000, w_prepared_query },
    { "rss_5m",          5000000, w_fetch_single },
};

int main(int argc, char **argv)
{
    ctx c;
    memset(&c, 0, sizeof c);
    bench_args a;
    int bad = bench_parse_args(argc, argv, "usage: libpq_bench CONNINFO WORKLOAD [ROWS]",
                               WORKLOADS, sizeof WORKLOADS / sizeof WORKLOADS[0],
                               "libpq", &a, &c.run);
    if (bad)
        return bad;
    c.conninfo = a.target;
    c.client = a.client;
    c.rows = a.rows;
    const bench_workload *w = a.w;
    c.conn = PQconnectdb(c.conninfo);
    if (PQstatus(c.conn) != CONNECTION_OK) {
        int r = fail_pq(&c, "PQconnectdb", NULL);
        PQfinish(c.conn);
        return r;
    }
    int ret = w->run(&c);
    PQfinish(c.conn);
    return ret;
}
