/*
 * bench_common.h: what odbc_bench.c and libpq_bench.c share: the SQL of each
 * workload, the row checksum both clients compute the same way, the expected
 * checksum computed locally (outside the timed region) from the row number,
 * and the one-line machine-readable result.
 *
 * Not in here: anything that talks to a server (each program has its own API).
 *
 * Result line (one per run, on stdout):
 *   RESULT workload=W client=C status=ok rows=N wall_s=S cpu_s=S user_s=S sys_s=S
 *          maxrss_kb=K checksum=X
 *   RESULT workload=W client=C status=unsupported reason="..."   (exit status 3)
 *   RESULT workload=W client=C status=failed reason="..."        (exit status 1)
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stddef.h>
#include <sys/resource.h>

/* The 7-column fetch: int4, int8, float8, numeric(12,2), 20-char text, timestamp, bool.
 * Format with the row count (%ld). Every value is a function of i, see bench_expected_row. */
#define BENCH_FETCH_SQL \
    "SELECT i::int4 AS c_int4, i::int8 * 1000003 AS c_int8, i * 0.25::float8 AS c_float8, " \
    "((i::int8 * 7 %% 10000000)::numeric / 100)::numeric(12,2) AS c_numeric, " \
    "'row-' || lpad(i::text, 16, '0') AS c_text, " \
    "timestamp '2020-01-01 00:00:00' + i * interval '1 second' AS c_ts, " \
    "(i %% 3 = 0) AS c_bool FROM generate_series(1, %ld) AS g(i)"

/* 1 KB of text per row: 1024 characters ending in the row number. */
#define BENCH_TEXT_LEN 1024
#define BENCH_TEXT_SQL \
    "SELECT lpad(i::text, 1024, 'x') AS c_text FROM generate_series(1, %ld) AS g(i)"

/* The 5-column insert target; the insert workloads create it fresh (name per client). */
#define BENCH_INSERT_COLS "(id int4, v int8, f float8, t text, ts timestamp)"

/* The prepared one-row query (parameter: an int4 i; answer: i * 2 + 1). */
#define BENCH_PREPARED_ODBC "SELECT CAST(? AS INTEGER) * 2 + 1"
#define BENCH_PREPARED_PG   "SELECT CAST($1 AS INTEGER) * 2 + 1"

/* One row of the 7-column fetch in the form every client reduces it to. */
typedef struct {
    int32_t  i4;
    int64_t  i8;
    double   f8;
    const char *num;    /* numeric as text, e.g. "12.34" */
    size_t   num_len;
    const char *text;   /* the 20-character text */
    size_t   text_len;
    int      year, month, day, hour, minute, second;
    int      flag;      /* bool: 0 or 1 */
} bench_row;

/* Folds one row into the running checksum *h (order-dependent). */
void bench_hash_row(uint64_t *h, const bench_row *r);

/* Folds one 1 KB text value, given as its length in characters, its first character and
 * its last 12 characters (as code units), into *h. */
void bench_hash_text(uint64_t *h, size_t nchars, unsigned first, const unsigned tail[12]);

/* The checksums a correct client must arrive at for rows 1..n. */
uint64_t bench_expected_fetch(long n);
uint64_t bench_expected_text(long n);

/* The values the insert workloads insert for row i (1-based): id i, v i*3, f i*0.5,
 * t bench_insert_text, ts bench_insert_ts. */
void bench_insert_text(long i, char *buf, size_t size);   /* "ins-%016ld": 20 characters */
void bench_insert_ts(long i, int f[6]);                   /* year, month, day, h, min, s */

/* The query that checks an insert target (format with the table name) and the six
 * aggregates it must answer after rows 1..n were inserted. Written for both servers
 * (CrateDB has no time type, so the time of day is summed from its fields). */
#define BENCH_INSERT_VERIFY_SQL \
    "SELECT count(*), sum(id)::int8, sum(v)::int8, sum(length(t))::int8, sum(f * 2)::int8, " \
    "sum(extract(day from ts) * 86400 + extract(hour from ts) * 3600 + " \
    "extract(minute from ts) * 60 + extract(second from ts))::int8 FROM %s"
void bench_insert_expected(long n, int64_t want[6]);

/* Whether the server is CrateDB (bench/run.sh sets BENCH_SERVER=cratedb): its writes
 * are visible to the verifying SELECT only after REFRESH TABLE. */
int bench_server_is_cratedb(void);

/* Timing: bench_start() before the timed work, bench_stop() right after it (checking the
 * result comes after that, untimed), bench_ok() prints the result line and returns 0 (it
 * stops the clock itself if bench_stop was not called). bench_unsupported() and
 * bench_failed() print and return 3 / 1. */
typedef struct {
    const char *workload;
    const char *client;
    double wall0, wall1;
    struct rusage ru0, ru1;
    int stopped;
} bench_run;

void bench_start(bench_run *b, const char *workload, const char *client);
void bench_stop(bench_run *b);
int bench_ok(bench_run *b, long rows, uint64_t checksum);
int bench_unsupported(const bench_run *b, const char *reason);
int bench_failed(const bench_run *b, const char *reason);

/* Parses the optional row-count argument; returns dflt when arg is NULL, -1 when bad. */
long bench_rows_arg(const char *arg, long dflt);

/* Each program's own context (its connection handles and a bench_run), defined there. */
typedef struct bench_ctx bench_ctx;

/* One entry of a program's workload table: the name on the command line, the row count
 * when none is given, and the function that runs it (returns the exit status). */
typedef struct {
    const char *name;
    long default_rows;
    int (*run)(bench_ctx *c);
} bench_workload;

/* The command line both programs take: TARGET WORKLOAD [ROWS]. */
typedef struct {
    const char *target;            /* argv[1]: the connection string as given          */
    const char *client;            /* $BENCH_CLIENT, else the program's client name    */
    long rows;
    const bench_workload *w;       /* the entry of the table argv[2] names             */
} bench_args;

/* Parses argv against the n workloads of table and starts b's clock for the chosen one.
 * On a bad command line prints `usage` and the workload names to stderr and returns 2;
 * returns 0 with *a filled in otherwise. */
int bench_parse_args(int argc, char **argv, const char *usage, const bench_workload *table,
                     size_t n, const char *client, bench_args *a, bench_run *b);

#endif
