/*
 * fuzz_query.c: the answers of a connected server to the driver's requests
 * (protocol/conn.c): extended-query answers of pgw_exec and pgw_prepare,
 * chunked portals with pgw_fetch_more and their read-ahead, pgw_batch with
 * parameter sets, pgw_simple_query, Closes queued with pgw_queue_close and
 * what check_ready reads before the next request; as CrateDB and as
 * PostgreSQL.
 *
 * Input: [flags] [op] [op] [op] server bytes
 *   flags bit 0     the server is CrateDB (it may still announce crate_version)
 *         bits 1-2  the chunk size of Flush-ended requests: 0 (all rows), 1, 2, 5
 *   op    bits 0-2 the call, bits 3-7 its argument a (run_op below). The
 *         three calls run in order on one result, whatever the ones before
 *         returned, as a driver's statements would.
 * The same calls make the seeds: tests/fuzz/capture.py records what a server
 * answers when this file, built as a client (-DFUZZ_QUERY_CLIENT), runs them.
 *
 * Invariants: after every call the connection's state is in range (fuzz_conn.h),
 * a failed call leaves an error, every value of the result lies in readable
 * memory (ASan checks each byte) with a length of -1 or more, a chunk holds at
 * most one row more than asked for, batch counts are counts or the two
 * markers, and the failed set is one of the batch's.
 */
#include "fuzz_conn.h"

#define NOPS 3

/* The request of an op as the driver builds it; `mr` is the chunk size. */
static pgw_status run_op(pgw_conn *c, uint8_t op, int mr, pgw_result *r)
{
    static const pgw_param params[12] = {
        { "1", 1, 0 }, { "\0\0\0\x02", 4, 1 }, { NULL, -1, 0 }, { "x", 1, 0 },
        { "2", 1, 0 }, { "\0\0\0\x03", 4, 1 }, { "y", 1, 0 }, { NULL, -1, 0 },
        { "3", 1, 0 }, { "\0\0\0\x04", 4, 1 }, { "z", 1, 0 }, { "", 0, 0 },
    };
    static const uint32_t oids[3] = { 23, 23, 25 };
    /* by parameter count, so the seeds' server runs them (table fz: a, b int, c text) */
    static const char *const selects[4] = {
        "SELECT g, 'x' || g, g * 1.5 FROM generate_series(1, 7) g",
        "SELECT $1::int + g FROM generate_series(1, 7) g",
        "SELECT $1::int, $2::int, g FROM generate_series(1, 7) g",
        "SELECT $1::int, $2::int, $3::text, g FROM generate_series(1, 7) g",
    };
    static const char *const inserts[4] = {
        "INSERT INTO fz DEFAULT VALUES", "INSERT INTO fz (a) VALUES ($1::int)",
        "INSERT INTO fz (a, b) VALUES ($1::int, $2::int)", "INSERT INTO fz VALUES ($1, $2, $3)",
    };
    static const int16_t binary = 1;
    int a = op >> 3;
    switch (op & 7) {
    case 0:   /* one statement, maybe chunked into a portal */
    case 6: { /* the same with the prepared statement s1 */
        pgw_exec_req req = {
            .sql = (op & 7) == 0 ? selects[(a >> 3) & 3] : NULL,
            .stmt_name = (op & 7) == 0 ? "" : "s1",
            .portal = (a & 1) ? "p1" : "",
            .nparams = (a >> 3) & 3, .params = params,
            .param_oids = (a & 16) ? oids : NULL,
            .nresult_formats = (a & 2) ? 1 : 0, .result_formats = &binary,
            .max_rows = mr, .describe_stmt = a & 4,
        };
        return pgw_exec(c, &req, r);
    }
    case 1: { /* the next chunk */
        size_t keep = (a & 4) ? r->nrows : (a & 8) ? r->nrows / 2 : 0;
        return pgw_fetch_more(c, (a & 1) ? "p1" : "", (a & 2) ? 0 : mr, r, keep);
    }
    case 2: { /* a batch of 1 to 4 sets of 0 to 3 parameters */
        pgw_batch_req req = {
            .sql = (a & 16) ? NULL : inserts[(a >> 2) & 3], .stmt_name = "s1",
            .nparams = (a >> 2) & 3, .param_oids = (a & 8) ? oids : NULL,
            .nsets = 1 + (a & 3), .params = params,
        };
        int64_t counts[4];
        pgw_batch_outcome o;
        pgw_status st = pgw_batch(c, &req, counts, &o);
        if (st == PGW_OK || st == PGW_ERR_SERVER) {
            FUZZ_CHECK(o.err_set >= -1 && o.err_set < req.nsets);
            for (int i = 0; i < req.nsets; i++)
                FUZZ_CHECK(counts[i] >= PGW_BATCH_FAILED);
        }
        return st;
    }
    case 3:
        return pgw_simple_query(c, (a & 2) ? "SELECT 1; SELECT 2, 'two'" : "SET extra_float_digits = 3",
                                (a & 1) ? r : NULL);
    case 4:
        return pgw_prepare(c, "s1", "SELECT ?::int", (a & 1) ? 3 : 0, oids, r);
    case 5:
        return pgw_queue_close(c, (a & 1) ? 'S' : 'P', (a & 2) ? "s1" : "p1");
    default:
        return PGW_OK;
    }
}

#ifndef FUZZ_QUERY_CLIENT

/* Every value and name of the result lies in readable memory. */
static void check_result(const pgw_result *r)
{
    FUZZ_CHECK(memchr(r->tag, '\0', sizeof r->tag) != NULL);
    FUZZ_CHECK(r->ncols >= 0 && (r->ncols == 0 || r->cols != NULL));
    for (int k = 0; k < r->ncols; k++)
        FUZZ_CHECK(strlen(r->cols[k].name) < (size_t)INT32_MAX);
    FUZZ_CHECK(r->nparams >= 0 && (r->nparams == 0 || r->param_oids != NULL));
    if (r->nrows > 0 && r->ncols > 0)
        FUZZ_CHECK(r->values != NULL);
    unsigned sum = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        for (int k = 0; k < r->ncols; k++) {
            pgw_value v = pgw_result_value(r, i, k);
            FUZZ_CHECK(v.len >= -1);
            if (v.len > 0) {
                FUZZ_CHECK(v.ptr != NULL);
                for (int32_t b = 0; b < v.len; b++)   /* ASan: every byte is live */
                    sum += (unsigned char)v.ptr[b];
            }
        }
    }
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int chunk[4] = { 0, 1, 2, 5 };
    if (size < 1 + NOPS)
        return 0;
    fuzz_conn f;
    if (!fuzz_conn_open(&f, data + 1 + NOPS, size - 1 - NOPS, true, data[0] & 1))
        return 0;
    int mr = chunk[(data[0] >> 1) & 3];
    pgw_result r;
    pgw_result_init(&r);
    for (int i = 0; i < NOPS; i++) {
        uint8_t op = data[1 + i];
        size_t before = r.nrows;
        pgw_status st = run_op(f.c, op, mr, &r);
        if (st != PGW_OK)
            fuzz_check_error(f.c);
        fuzz_check_conn(f.c);
        check_result(&r);
        /* a chunk: the rows kept, and at most one more than asked for */
        if (st == PGW_OK && mr > 0 && ((op & 7) == 0 || (op & 7) == 6))
            FUZZ_CHECK(r.nrows <= (size_t)mr + 1);
        if (st == PGW_OK && (op & 7) == 1 && !((op >> 3) & 2) && mr > 0)
            FUZZ_CHECK(r.nrows <= before + (size_t)mr + 1);
    }
    pgw_result_clear(&r);
    fuzz_conn_close(&f);
    return 0;
}

#else

/*
 * The client that makes the seeds: connects (tests/fuzz/capture.py puts a
 * recording proxy in between) and runs the ops given in hex, "0b0301", with
 * the flags of the input format; prints what each returned.
 *   fuzz_query_client HOST PORT USER PASSWORD FLAGS OPS [SQL]
 * SQL, when given, runs first in text and in binary (values for fuzz_decoders).
 * Built by hand: cc -DFUZZ_QUERY_CLIENT -Iprotocol -Itests/fuzz
 * tests/fuzz/fuzz_query.c protocol/\*.c -lssl -lcrypto -lpthread
 */
int main(int argc, char **argv)
{
    static const int chunk[4] = { 0, 1, 2, 5 };
    if (argc != 7 && argc != 8)
        return 2;
    pgw_connect_params p = { .hosts = argv[1], .default_port = atoi(argv[2]), .user = argv[3],
                             .password = *argv[4] ? argv[4] : NULL, .database = "doc",
                             .io_timeout_ms = 10000 };
    /* FUZZ_CLIENT_SSLMODE=require records a TLS handshake (for fuzz_startup) */
    const char *mode = getenv("FUZZ_CLIENT_SSLMODE");
    if (!mode || !pgw_ssl_mode_parse(mode, &p.ssl_mode))
        p.ssl_mode = PGW_SSL_DISABLE;
    pgw_conn *c = pgw_conn_new();
    if (!c || pgw_connect(c, &p) != PGW_OK) {
        fprintf(stderr, "connect: %s\n", c ? pgw_conn_error(c)->message : "no memory");
        return 1;
    }
    int mr = chunk[(strtol(argv[5], NULL, 16) >> 1) & 3];
    pgw_result r;
    pgw_result_init(&r);
    for (int16_t f = 0; argc == 8 && f < 2; f++) {
        pgw_exec_req req = { .sql = argv[7], .stmt_name = "", .nresult_formats = 1,
                             .result_formats = &f };
        printf("SQL in format %d: %d (%zu rows)\n", f, (int)pgw_exec(c, &req, &r), r.nrows);
    }
    for (const char *o = argv[6]; o[0] && o[1]; o += 2) {
        char hex[3] = { o[0], o[1], 0 };
        pgw_status st = run_op(c, (uint8_t)strtol(hex, NULL, 16), mr, &r);
        printf("op %s: %d %s (%zu rows)\n", hex, (int)st,
               st ? pgw_conn_error(c)->message : "", r.nrows);
    }
    pgw_result_clear(&r);
    pgw_conn_free(c);
    return 0;
}

#endif
