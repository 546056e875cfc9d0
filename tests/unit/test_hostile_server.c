/*
 * test_hostile_server.c: the driver against a fake server on a socketpair
 * that sends what a sane CrateDB or PostgreSQL never does: result formats
 * it was not asked for with nested binary values, values out of any range,
 * catalog replies with too few columns, an ErrorResponse with a warning's
 * SQLSTATE, a header announcing a huge message. Also the column and
 * parameter numbers an application may pass beyond SQL_DESC_COUNT's range.
 *
 * The driver is driven through its drv_* layer (what the api_*.c entry
 * points call) on a dbc whose pgw_conn is the socketpair's client end.
 * Every request is answered message by message: ParseComplete,
 * BindComplete, the scripted RowDescription for a Describe, the scripted
 * rows (or error) for an Execute, ReadyForQuery for a Sync.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "stmt_int.h"
#include "unit.h"

/* ------------------------------------------------------------ messages */

/* Backend messages being written: a growing buffer (zeroed: empty). */
typedef struct msgbuf {
    unsigned char *b;
    size_t n, cap;
} msgbuf;

static void mb_put(msgbuf *o, const void *p, size_t n)
{
    if (o->n + n > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->n + n)
            cap *= 2;
        unsigned char *b = realloc(o->b, cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        o->b = b;
        o->cap = cap;
    }
    if (n)
        memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void mb_free(msgbuf *o)
{
    free(o->b);
    memset(o, 0, sizeof *o);
}

static void mb_u32(msgbuf *o, uint32_t v)
{
    unsigned char u[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v };
    mb_put(o, u, 4);
}

static void mb_u16(msgbuf *o, uint16_t v)
{
    unsigned char u[2] = { (unsigned char)(v >> 8), (unsigned char)v };
    mb_put(o, u, 2);
}

/* Appends one backend message: type, length, body. */
static void mb_msg(msgbuf *o, char type, const void *body, size_t n)
{
    mb_put(o, &type, 1);
    mb_u32(o, (uint32_t)n + 4);
    mb_put(o, body, n);
}

/* A RowDescription of ncols columns "c1".. of the given OIDs, all in format
 * `format`. */
static void mb_rowdesc(msgbuf *o, int ncols, const uint32_t *oids, int16_t format)
{
    msgbuf body = { .n = 0 };
    mb_u16(&body, (uint16_t)ncols);
    for (int i = 0; i < ncols; i++) {
        char name[8];
        int nl = snprintf(name, sizeof name, "c%d", i + 1);
        mb_put(&body, name, (size_t)nl + 1);
        mb_u32(&body, 0);                       /* table OID */
        mb_u16(&body, 0);                       /* attnum */
        mb_u32(&body, oids[i]);
        mb_u16(&body, 0xffff);                  /* typlen */
        mb_u32(&body, 0xffffffffu);             /* typmod */
        mb_u16(&body, (uint16_t)format);
    }
    mb_msg(o, 'T', body.b, body.n);
    mb_free(&body);
}

/* A DataRow of n values (NULL pointer: SQL NULL). */
static void mb_datarow(msgbuf *o, int n, const void *const *vals, const size_t *lens)
{
    msgbuf body = { .n = 0 };
    mb_u16(&body, (uint16_t)n);
    for (int i = 0; i < n; i++) {
        if (!vals[i]) {
            mb_u32(&body, 0xffffffffu);
            continue;
        }
        mb_u32(&body, (uint32_t)lens[i]);
        mb_put(&body, vals[i], lens[i]);
    }
    mb_msg(o, 'D', body.b, body.n);
    mb_free(&body);
}

/* ------------------------------------------------------------ the fake server */

typedef struct fake {
    int fd;
    pthread_t th;
    msgbuf describe;       /* answer to a Describe (after 't' for a statement) */
    msgbuf execute;        /* answer to an Execute                              */
} fake;

/* The driver may hang up in the middle of an answer it refuses (a message over
 * its cap): the peer's EPIPE/ECONNRESET is then expected, and the test judges
 * the driver by what its calls returned. Any other failure is the fake's own. */
static void send_all(int fd, const void *p, size_t n)
{
    const char *b = p;
    while (n > 0) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EPIPE || errno == ECONNRESET))
            return;
        CU_ASSERT(k > 0);
        if (k <= 0)
            return;
        b += k;
        n -= (size_t)k;
    }
}

static void *serve(void *arg)
{
    fake *f = arg;
    static unsigned char body[65536];
    for (;;) {
        unsigned char head[5];
        if (!unit_read_full(f->fd, head, 5))
            break;
        size_t n = ((size_t)head[1] << 24 | (size_t)head[2] << 16 | (size_t)head[3] << 8 |
                    head[4]) - 4;
        if (n > sizeof body || !unit_read_full(f->fd, body, n))
            break;
        msgbuf out = { .n = 0 };
        switch (head[0]) {
        case 'P': mb_msg(&out, '1', "", 0); break;
        case 'B': mb_msg(&out, '2', "", 0); break;
        case 'C': mb_msg(&out, '3', "", 0); break;
        case 'D':
            if (n > 0 && body[0] == 'S')
                mb_msg(&out, 't', "\0\0", 2);
            mb_put(&out, f->describe.b, f->describe.n);
            break;
        case 'E': mb_put(&out, f->execute.b, f->execute.n); break;
        case 'S': mb_msg(&out, 'Z', "I", 1); break;
        case 'X': mb_free(&out); return NULL;
        default: break;          /* Flush */
        }
        if (out.n)
            send_all(f->fd, out.b, out.n);
        mb_free(&out);
    }
    return NULL;
}

/* An environment, a connection on the fake server and one statement. */
typedef struct session {
    fake f;
    drv_env *env;
    drv_dbc *dbc;
    drv_stmt *stmt;
} session;

static void session_start(session *s, bool cratedb)
{
    CU_ASSERT_EQUAL_FATAL(drv_env_alloc(&s->env), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(drv_dbc_alloc(s->env, &s->dbc), SQL_SUCCESS);
    s->dbc->conn = unit_fake_conn(&s->f.fd, cratedb);
    s->dbc->fetch_size = 0;          /* Execute(0) + Sync: no streaming */
    s->dbc->text_size = 65535;
    s->dbc->binary_results = true;
    CU_ASSERT_EQUAL_FATAL(drv_stmt_alloc(s->dbc, &s->stmt), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&s->f.th, NULL, serve, &s->f), 0);
}

static void session_stop(session *s)
{
    drv_stmt_free(s->stmt);
    drv_disconnect(s->dbc);          /* Terminate: the fake's thread ends */
    pthread_join(s->f.th, NULL);
    close(s->f.fd);
    drv_dbc_free(s->dbc);
    drv_env_free(s->env);
    mb_free(&s->f.describe);
    mb_free(&s->f.execute);
}

static const char *last_state(const drv_hdr *h)
{
    return h->diag.count > 0 ? h->diag.recs[h->diag.count - 1].sqlstate : "";
}

static const char *last_message(const drv_hdr *h)
{
    return h->diag.count > 0 && h->diag.recs[h->diag.count - 1].message
               ? h->diag.recs[h->diag.count - 1].message
               : "";
}

/* A one-column result of type oid in `format` whose one row holds v[0..n). */
static void script_one_value(fake *f, uint32_t oid, int16_t format, const void *v, size_t n)
{
    f->describe.n = f->execute.n = 0;
    mb_rowdesc(&f->describe, 1, &oid, format);
    const void *vals[1] = { v };
    mb_datarow(&f->execute, 1, vals, &n);
    mb_msg(&f->execute, 'C', "SELECT 1", 9);
}

static SQLRETURN exec_direct(session *s, const char *sql)
{
    drv_diag_clear(&s->stmt->hdr);
    return drv_exec_direct(s->stmt, sql, strlen(sql));
}

/* SQLFetch then SQLGetData of column 1 as c_type into buf. */
static SQLRETURN fetch_get(session *s, SQLSMALLINT c_type, void *buf, SQLLEN len, SQLLEN *ind)
{
    drv_diag_clear(&s->stmt->hdr);
    SQLRETURN rc = drv_fetch(s->stmt);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return drv_get_data(s->stmt, 1, c_type, buf, len, ind);
}

/* ------------------------------------------------------------ item 3 */

/* SQLExecDirect asks for text, but the RowDescription says binary: the
 * bytes are in the format the server says, so they are decoded as binary,
 * here an int4[] whose element OID (the data's) is int4[] again. */
static void test_unasked_binary_nested_array(void)
{
    unsigned char v[128];
    size_t n = 0;
    /* {{1,2}}: ndim 1, flags 0, element OID 1007, size 1, lower bound 1,
     * then one element: the int4[] {1,2} */
    static const unsigned char inner[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 2,
                                           0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4,
                                           0, 0, 0, 2 };
    static const unsigned char outer[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x03, 0xef, 0, 0, 0, 1,
                                           0, 0, 0, 1, 0, 0, 0, sizeof inner };
    memcpy(v, outer, sizeof outer);
    n = sizeof outer;
    memcpy(v + n, inner, sizeof inner);
    n += sizeof inner;
    session s;
    memset(&s, 0, sizeof s);
    session_start(&s, true);
    script_one_value(&s.f, 1007, 1, v, n);
    CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_SUCCESS);
    char buf[64] = "";
    SQLLEN ind = 0;
    CU_ASSERT_EQUAL(fetch_get(&s, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(buf, "[[1,2]]");
    session_stop(&s);
}

/* A format code the protocol does not have: a clear error for the value,
 * and the connection goes on. */
static void test_unknown_format_code_column(void)
{
    session s;
    memset(&s, 0, sizeof s);
    session_start(&s, true);
    script_one_value(&s.f, 23, 7, "12", 2);
    CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_SUCCESS);
    char buf[16];
    SQLLEN ind = 0;
    CU_ASSERT_EQUAL(fetch_get(&s, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(&s.stmt->hdr), "HY000");
    CU_ASSERT_PTR_NOT_NULL(strstr(last_message(&s.stmt->hdr), "format 7"));
    drv_close_cursor(s.stmt, false);
    script_one_value(&s.f, 23, 0, "12", 2);
    CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_SUCCESS);
    CU_ASSERT_EQUAL(fetch_get(&s, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(buf, "12");
    session_stop(&s);
}

/* ------------------------------------------------------------ item 6 */

typedef struct range_case {
    const char *what;
    uint32_t oid;
    int16_t format;
    const char *bytes;
    size_t n;
    SQLSMALLINT c_type;
    const char *state;     /* SQLGetData's SQLSTATE, "" for success */
    const char *text;      /* SQL_C_CHAR's text on success          */
} range_case;

/* Values out of range: a clear SQLSTATE for the value, never undefined
 * behaviour on the way (UBSan aborts the test), and the value itself where
 * the C type holds it. */
static void test_values_out_of_range(void)
{
    static const range_case cases[] = {
        { "timestamptz year 999999999 with an offset, as text", 1184, 0,
          "999999999-01-01 00:00:00+01", 27, SQL_C_CHAR, "", "999999998-12-31 23:00:00" },
        { "the same into SQL_C_TYPE_TIMESTAMP", 1184, 0, "999999999-01-01 00:00:00+01", 27,
          SQL_C_TYPE_TIMESTAMP, "22008", NULL },
        { "timetz binary zone INT32_MIN", 1266, 1,
          "\0\0\0\0\0\0\0\0\x80\0\0\0", 12, SQL_C_CHAR, "22008", NULL },
        { "interval of 999999999 years", 1186, 0, "999999999 years", 15, SQL_C_CHAR, "22015",
          NULL },
        { "interval of 999999999 years twice", 1186, 0, "999999999 years 999999999 years", 31,
          SQL_C_CHAR, "22015", NULL },
        { "interval hours beyond int64 microseconds", 1186, 0, "2562047789:00:00", 16,
          SQL_C_CHAR, "22015", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const range_case *c = &cases[i];
        session s;
        memset(&s, 0, sizeof s);
        session_start(&s, true);
        script_one_value(&s.f, c->oid, c->format, c->bytes, c->n);
        CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_SUCCESS);
        char buf[128] = "";
        SQLLEN ind = 0;
        SQLRETURN rc = fetch_get(&s, c->c_type, buf, sizeof buf, &ind);
        const char *got = rc == SQL_SUCCESS ? "" : last_state(&s.stmt->hdr);
        if (strcmp(got, c->state) != 0 || (c->text && strcmp(buf, c->text) != 0))
            fprintf(stderr, "%s: rc %d state '%s' (want '%s'), text '%s'\n", c->what, (int)rc,
                    got, c->state, c->c_type == SQL_C_CHAR ? buf : "");
        CU_ASSERT_STRING_EQUAL(got, c->state);
        if (c->text)
            CU_ASSERT_STRING_EQUAL(buf, c->text);
        session_stop(&s);
    }
}

/* ------------------------------------------------------------ item 5 */

typedef SQLRETURN catalog_call(drv_stmt *stmt);

static SQLRETURN call_tables(drv_stmt *st) { return drv_tables(st, NULL, "%", "%", NULL); }
static SQLRETURN call_schemas(drv_stmt *st) { return drv_tables(st, "", SQL_ALL_SCHEMAS, "", NULL); }
static SQLRETURN call_columns(drv_stmt *st) { return drv_columns(st, NULL, "%", "t", "%"); }
static SQLRETURN call_pks(drv_stmt *st) { return drv_primary_keys(st, NULL, NULL, "t"); }
static SQLRETURN call_statistics(drv_stmt *st)
{
    return drv_statistics(st, NULL, NULL, "t", SQL_INDEX_ALL, SQL_QUICK);
}
static SQLRETURN call_special(drv_stmt *st)
{
    return drv_special_columns(st, SQL_BEST_ROWID, NULL, NULL, "t", SQL_SCOPE_SESSION,
                               SQL_NULLABLE);
}
static SQLRETURN call_procedures(drv_stmt *st) { return drv_procedures(st, NULL, "%", "%"); }
static SQLRETURN call_proc_columns(drv_stmt *st)
{
    return drv_procedure_columns(st, NULL, "%", "%", "%");
}
static SQLRETURN call_table_privs(drv_stmt *st)
{
    return drv_table_privileges(st, NULL, "%", "%");
}
static SQLRETURN call_column_privs(drv_stmt *st)
{
    return drv_column_privileges(st, NULL, NULL, "t", "%");
}

/* Every catalog function on a reply of one column (and one row) where its
 * query selects more: HY000 naming both counts, never a read past the row
 * (ASan: heap-buffer-overflow). SQL_ALL_SCHEMAS's query has one column: it
 * gets a reply of none. */
static void test_catalog_reply_too_few_columns(void)
{
    static const struct {
        const char *what;
        catalog_call *call;
        int expected;
    } calls[] = {
        { "SQLTables", call_tables, 4 },
        { "SQLTables(SQL_ALL_SCHEMAS)", call_schemas, 1 },
        { "SQLColumns", call_columns, 16 },
        { "SQLPrimaryKeys", call_pks, 6 },
        { "SQLStatistics", call_statistics, 4 },
        { "SQLSpecialColumns", call_special, 4 },
        { "SQLProcedures", call_procedures, 4 },
        { "SQLProcedureColumns", call_proc_columns, 4 },
        { "SQLTablePrivileges", call_table_privs, 6 },
        { "SQLColumnPrivileges", call_column_privs, 7 },
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        session s;
        memset(&s, 0, sizeof s);
        session_start(&s, true);
        int ncols = calls[i].expected == 1 ? 0 : 1;
        static const uint32_t varchar = 1043;
        if (ncols == 0) {
            mb_msg(&s.f.describe, 'n', "", 0);
        } else {
            mb_rowdesc(&s.f.describe, 1, &varchar, 0);
            const void *vals[1] = { "public" };
            size_t lens[1] = { 6 };
            mb_datarow(&s.f.execute, 1, vals, lens);
        }
        mb_msg(&s.f.execute, 'C', "SELECT 1", 9);
        drv_diag_clear(&s.stmt->hdr);
        SQLRETURN rc = calls[i].call(s.stmt);
        char want[96];
        snprintf(want, sizeof want, "catalog reply had %d columns, expected %d", ncols,
                 calls[i].expected);
        if (rc != SQL_ERROR || !strstr(last_message(&s.stmt->hdr), want))
            fprintf(stderr, "%s: rc %d, %s %s\n", calls[i].what, (int)rc,
                    last_state(&s.stmt->hdr), last_message(&s.stmt->hdr));
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(last_state(&s.stmt->hdr), "HY000");
        CU_ASSERT_PTR_NOT_NULL(strstr(last_message(&s.stmt->hdr), want));
        CU_ASSERT_EQUAL(s.stmt->state, DRV_S_ALLOCATED);   /* no cursor left open */
        session_stop(&s);
    }
}

/* ------------------------------------------------------------ suspected (b) */

/* An ErrorResponse failed the request whatever its SQLSTATE: one carrying
 * a warning's code (01000) or a success code is SQL_ERROR, not
 * SQL_SUCCESS_WITH_INFO; the server's code stays in the message. */
static void test_error_response_with_warning_code(void)
{
    static const char *const codes[] = { "01000", "00000", "02000" };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        session s;
        memset(&s, 0, sizeof s);
        session_start(&s, false);
        msgbuf err = { .n = 0 };
        char fields[64];
        int fl = snprintf(fields, sizeof fields, "SERROR%cC%s%cMnot a warning%c", 0, codes[i], 0,
                          0);
        mb_put(&err, fields, (size_t)fl + 1);
        static const uint32_t int4 = 23;
        mb_rowdesc(&s.f.describe, 1, &int4, 0);
        mb_msg(&s.f.execute, 'E', err.b, err.n);
        mb_free(&err);
        SQLRETURN rc = exec_direct(&s, "SELECT c1 FROM t");
        if (rc != SQL_ERROR)
            fprintf(stderr, "ErrorResponse %s: rc %d, %s\n", codes[i], (int)rc,
                    last_state(&s.stmt->hdr));
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(last_state(&s.stmt->hdr), "HY000");
        char want[32];
        snprintf(want, sizeof want, "server SQLSTATE %s", codes[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(last_message(&s.stmt->hdr), want));
        CU_ASSERT_NOT_EQUAL(s.stmt->state, DRV_S_CURSOR);
        session_stop(&s);
    }
}

/* ------------------------------------------------------------ suspected (c) */

/* SQLBindCol and SQLBindParameter take an SQLUSMALLINT; SQL_DESC_COUNT is
 * an SQLSMALLINT: a number above 32767 is 07009 and leaves the count alone
 * (it became negative). */
static void test_bind_number_above_32767(void)
{
    session s;
    memset(&s, 0, sizeof s);
    session_start(&s, true);
    drv_stmt *stmt = s.stmt;
    char buf[8];
    SQLLEN ind;
    drv_diag_clear(&stmt->hdr);
    CU_ASSERT_EQUAL(drv_bind_col(stmt, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
    CU_ASSERT_EQUAL(stmt->ard->count, 2);
    static const SQLUSMALLINT cols[] = { 32768, 40000, 65535 };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        drv_diag_clear(&stmt->hdr);
        CU_ASSERT_EQUAL(drv_bind_col(stmt, cols[i], SQL_C_CHAR, buf, sizeof buf, &ind),
                        SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(last_state(&stmt->hdr), "07009");
        CU_ASSERT_EQUAL(stmt->ard->count, 2);
        drv_diag_clear(&stmt->hdr);
        CU_ASSERT_EQUAL(drv_bind_parameter(stmt, cols[i], SQL_PARAM_INPUT, SQL_C_CHAR,
                                           SQL_VARCHAR, 8, 0, buf, sizeof buf, &ind),
                        SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(last_state(&stmt->hdr), "07009");
        CU_ASSERT(stmt->apd->count >= 0 && stmt->ipd.count >= 0);
    }
    /* 32767 itself is a record */
    drv_diag_clear(&stmt->hdr);
    CU_ASSERT_EQUAL(drv_bind_col(stmt, 32767, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
    CU_ASSERT_EQUAL(stmt->ard->count, 32767);
    session_stop(&s);
}

/* ------------------------------------------------------------ suspected (a) */

/* A 5-byte header announcing a message of nearly 1 GiB, a few bytes, then
 * the end of the stream: the receive buffer grows with what arrives, it
 * does not reserve the announced size first. */
static void test_huge_header_reserves_nothing(void)
{
    int peer;
    pgw_conn *c = unit_fake_conn(&peer, true);
    msgbuf out = { .n = 0 };
    mb_put(&out, "D", 1);
    mb_u32(&out, (1u << 30) - 16);
    mb_put(&out, "\0\1\0\0\0\3abc", 9);
    send_all(peer, out.b, out.n);
    mb_free(&out);
    shutdown(peer, SHUT_WR);
    pgw_msg m;
    pgw_error err;
    memset(&err, 0, sizeof err);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&c->t, &m, &err), PGW_ERR_IO);
    CU_ASSERT_STRING_EQUAL(err.sqlstate, "08S01");
    if (c->t.in.cap > ((size_t)1 << 20))
        fprintf(stderr, "receive buffer of %zu bytes for 14 bytes received\n", c->t.in.cap);
    CU_ASSERT(c->t.in.cap <= ((size_t)1 << 20));
    pgw_error_clear(&err);
    pgw_conn_free(c);
    close(peer);
}

/* A length beyond the cap is a protocol error the driver reports as 08S01,
 * not an allocation; a message within it arrives whole however it is cut
 * up on the way. */
static void test_message_cap(void)
{
    session s;
    memset(&s, 0, sizeof s);
    session_start(&s, true);
    pgw_conn_set_max_message(s.dbc->conn, 64 * 1024);
    /* a value of 100 KiB: its DataRow exceeds the cap */
    static char big[100 * 1024];
    memset(big, 'x', sizeof big);
    script_one_value(&s.f, 25, 0, big, sizeof big);
    CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(&s.stmt->hdr), "08S01");
    session_stop(&s);

    memset(&s, 0, sizeof s);
    session_start(&s, true);
    script_one_value(&s.f, 25, 0, big, sizeof big);     /* within the default cap */
    CU_ASSERT_EQUAL(exec_direct(&s, "SELECT c1 FROM t"), SQL_SUCCESS);
    char *buf = malloc(sizeof big + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    SQLLEN ind = 0;
    CU_ASSERT_EQUAL(fetch_get(&s, SQL_C_CHAR, buf, (SQLLEN)sizeof big + 1, &ind), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ind, (SQLLEN)sizeof big);
    CU_ASSERT_EQUAL(memcmp(buf, big, sizeof big), 0);
    free(buf);
    session_stop(&s);
}

void register_hostile_server_tests(void)
{
    CU_pSuite s = CU_add_suite("hostile server (fake, on a socketpair)", NULL, NULL);
    CU_add_test(s, "binary nested array sent for a text request",
                test_unasked_binary_nested_array);
    CU_add_test(s, "a format code the protocol has not", test_unknown_format_code_column);
    CU_add_test(s, "values out of range", test_values_out_of_range);
    CU_add_test(s, "catalog reply with too few columns", test_catalog_reply_too_few_columns);
    CU_add_test(s, "ErrorResponse with a warning's SQLSTATE",
                test_error_response_with_warning_code);
    CU_add_test(s, "bind numbers above 32767", test_bind_number_above_32767);
    CU_add_test(s, "huge message header reserves nothing", test_huge_header_reserves_nothing);
    CU_add_test(s, "message cap", test_message_cap);
}
