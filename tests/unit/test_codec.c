/*
 * test_codec.c: the sans-I/O codec of protocol/ from crafted bytes: backend
 * messages (CrateDB's startup sequence, results, errors), feeding byte by
 * byte, truncation, hostile lengths, DataRow bounds, command tags, and
 * byte-exact frontend encodings. No server needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

/* Appends a backend message (type, length, body) to b. */
static void put_msg(pgw_buf *b, char type, const void *body, size_t n)
{
    pgw_buf_put_u8(b, (uint8_t)type);
    pgw_buf_put_i32(b, (int32_t)(n + 4));
    pgw_buf_put(b, body, n);
}

/* Appends a message whose body is given as a buffer. */
static void put_msgb(pgw_buf *dst, char type, pgw_buf *body)
{
    put_msg(dst, type, body->data, body->len);
    body->len = 0;
}

static const char *crate_params[8][2] = {
    {"crate_version", "6.5.0"}, {"server_version", "14.0"}, {"server_encoding", "UTF8"},
    {"client_encoding", "UTF8"}, {"datestyle", "ISO"},       {"TimeZone", "UTC"},
    {"integer_datetimes", "on"}, {"standard_conforming_strings", "on"},
};

/* What CrateDB sends after a successful authentication (FACTS 1.4). */
static void crate_startup(pgw_buf *b)
{
    pgw_buf body;
    pgw_buf_init(&body, 1 << 20);
    pgw_buf_put_i32(&body, 0);
    put_msgb(b, 'R', &body);
    for (int i = 0; i < 8; i++) {
        pgw_buf_put_str(&body, crate_params[i][0]);
        pgw_buf_put_str(&body, crate_params[i][1]);
        put_msgb(b, 'S', &body);
    }
    pgw_buf_put_i32(&body, 1);
    pgw_buf_put_i32(&body, -123456789);
    put_msgb(b, 'K', &body);
    put_msg(b, 'Z', "I", 1);
    pgw_buf_free(&body);
}

/* Checks the messages of crate_startup() in order; returns how many. */
static int check_startup_msg(int idx, const pgw_msg *m)
{
    if (idx == 0) {
        pgw_auth_req a;
        CU_ASSERT_EQUAL(m->type, 'R');
        CU_ASSERT_EQUAL(pgw_parse_auth(m, &a), PGW_OK);
        CU_ASSERT_EQUAL(a.code, 0);
    } else if (idx <= 8) {
        const char *n, *v;
        CU_ASSERT_EQUAL(m->type, 'S');
        CU_ASSERT_EQUAL(pgw_parse_param_status(m, &n, &v), PGW_OK);
        CU_ASSERT_STRING_EQUAL(n, crate_params[idx - 1][0]);
        CU_ASSERT_STRING_EQUAL(v, crate_params[idx - 1][1]);
    } else if (idx == 9) {
        int32_t pid, secret;
        CU_ASSERT_EQUAL(m->type, 'K');
        CU_ASSERT_EQUAL(pgw_parse_backend_key(m, &pid, &secret), PGW_OK);
        CU_ASSERT_EQUAL(pid, 1);
        CU_ASSERT_EQUAL(secret, -123456789);
    } else if (idx == 10) {
        char s = 0;
        CU_ASSERT_EQUAL(m->type, 'Z');
        CU_ASSERT_EQUAL(pgw_parse_ready(m, &s), PGW_OK);
        CU_ASSERT_EQUAL(s, 'I');
    } else {
        CU_FAIL("too many messages");
    }
    return idx + 1;
}

static void test_crate_startup_whole(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 1 << 20);
    crate_startup(&b);
    size_t pos = 0;
    int n = 0;
    pgw_msg m;
    while (pgw_decode(b.data + pos, b.len - pos, PGW_DEFAULT_MAX_MSG, &m) == PGW_DEC_MSG) {
        n = check_startup_msg(n, &m);
        pos += 5 + m.len;
    }
    CU_ASSERT_EQUAL(n, 11);
    CU_ASSERT_EQUAL(pos, b.len);
    pgw_buf_free(&b);
}

/* Feeds the stream one byte at a time into a receive buffer, decoding after
 * each byte as a reader would. */
static void test_crate_startup_bytewise(void)
{
    pgw_buf b, in;
    pgw_buf_init(&b, 1 << 20);
    pgw_buf_init(&in, 1 << 20);
    crate_startup(&b);
    int n = 0;
    size_t rpos = 0;
    for (size_t i = 0; i < b.len; i++) {
        pgw_buf_put(&in, b.data + i, 1);
        pgw_msg m;
        pgw_dec d;
        while ((d = pgw_decode(in.data + rpos, in.len - rpos, 1 << 20, &m)) == PGW_DEC_MSG) {
            n = check_startup_msg(n, &m);
            rpos += 5 + m.len;
        }
        CU_ASSERT_EQUAL(d, PGW_DEC_MORE);
    }
    CU_ASSERT_EQUAL(n, 11);
    CU_ASSERT_EQUAL(rpos, in.len);
    pgw_buf_free(&b);
    pgw_buf_free(&in);
}

static void test_truncated_and_bad_lengths(void)
{
    pgw_msg m;
    /* header incomplete */
    CU_ASSERT_EQUAL(pgw_decode("Z\0\0", 3, 1 << 20, &m), PGW_DEC_MORE);
    CU_ASSERT_EQUAL(pgw_decode("", 0, 1 << 20, &m), PGW_DEC_MORE);
    /* header complete, body short: length known */
    CU_ASSERT_EQUAL(pgw_decode("C\0\0\0\x0dSELE", 9, 1 << 20, &m), PGW_DEC_MORE);
    CU_ASSERT_EQUAL(m.type, 'C');
    CU_ASSERT_EQUAL(m.len, 9);
    /* exactly complete */
    CU_ASSERT_EQUAL(pgw_decode("Z\0\0\0\x05I", 6, 1 << 20, &m), PGW_DEC_MSG);
    CU_ASSERT_EQUAL(m.len, 1);
    /* length < 4 */
    CU_ASSERT_EQUAL(pgw_decode("Z\0\0\0\x03", 5, 1 << 20, &m), PGW_DEC_BAD);
    CU_ASSERT_EQUAL(pgw_decode("Z\xff\xff\xff\xff", 5, 1 << 20, &m), PGW_DEC_BAD);
    /* oversize: rejected from the header alone, before any allocation */
    CU_ASSERT_EQUAL(pgw_decode("D\x7f\xff\xff\xff", 5, 1 << 20, &m), PGW_DEC_BAD);
    CU_ASSERT_EQUAL(pgw_decode("D\x7f\xff\xff\xff", 5, PGW_DEFAULT_MAX_MSG, &m), PGW_DEC_BAD);
    /* the cap counts the whole message: type byte + length field + body */
    CU_ASSERT_EQUAL(pgw_decode("D\0\x10\0\0", 5, (1 << 20) + 1, &m), PGW_DEC_MORE);
    CU_ASSERT_EQUAL(m.len, (1 << 20) - 4);
    CU_ASSERT_EQUAL(pgw_decode("D\0\x10\0\0", 5, 1 << 20, &m), PGW_DEC_BAD);
}

static void test_buf_cap(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 16);
    pgw_buf_put(&b, "0123456789", 10);
    CU_ASSERT_EQUAL(pgw_buf_check(&b), PGW_OK);
    pgw_buf_put(&b, "0123456789", 10);
    CU_ASSERT_EQUAL(pgw_buf_check(&b), PGW_ERR_NOMEM);
    CU_ASSERT_EQUAL(b.len, 10);
    CU_ASSERT(b.cap <= 16);
    CU_ASSERT_EQUAL(pgw_buf_reserve(&b, (size_t)-1), PGW_ERR_NOMEM);
    pgw_buf_consume(&b, 4);
    CU_ASSERT_EQUAL(b.len, 6);
    CU_ASSERT_EQUAL(memcmp(b.data, "456789", 6), 0);
    pgw_buf_free(&b);
}

static pgw_msg mk(char type, const char *body, size_t n)
{
    pgw_msg m = {type, body, n};
    return m;
}

static void test_data_row(void)
{
    /* 3 fields: "ab", NULL, "" */
    static const char ok[] = "\0\x03" "\0\0\0\x02" "ab" "\xff\xff\xff\xff" "\0\0\0\0";
    pgw_value v[3];
    pgw_msg m = mk('D', ok, sizeof ok - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 3, v), PGW_OK);
    CU_ASSERT_EQUAL(v[0].len, 2);
    CU_ASSERT_EQUAL(memcmp(v[0].ptr, "ab", 2), 0);
    CU_ASSERT_EQUAL(v[1].len, -1);
    CU_ASSERT_PTR_NULL(v[1].ptr);
    CU_ASSERT_EQUAL(v[2].len, 0);
    CU_ASSERT_PTR_EQUAL(v[0].ptr, ok + 6);
    /* field count differs from the description */
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 2, v), PGW_ERR_PROTOCOL);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 4, v), PGW_ERR_PROTOCOL);
    /* a value length past the end */
    static const char past[] = "\0\x01" "\0\0\0\x09" "abc";
    m = mk('D', past, sizeof past - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 1, v), PGW_ERR_PROTOCOL);
    static const char huge[] = "\0\x01" "\x7f\xff\xff\xff" "abc";
    m = mk('D', huge, sizeof huge - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 1, v), PGW_ERR_PROTOCOL);
    /* negative length other than -1 */
    static const char neg[] = "\0\x01" "\xff\xff\xff\xfe";
    m = mk('D', neg, sizeof neg - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 1, v), PGW_ERR_PROTOCOL);
    /* length header cut off */
    static const char cut[] = "\0\x02" "\0\0\0\x01" "a" "\0\0";
    m = mk('D', cut, sizeof cut - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 2, v), PGW_ERR_PROTOCOL);
    /* trailing garbage */
    static const char trail[] = "\0\x01" "\0\0\0\x01" "ax";
    m = mk('D', trail, sizeof trail - 1);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 1, v), PGW_ERR_PROTOCOL);
    /* no field count at all */
    m = mk('D', "", 0);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 0, v), PGW_ERR_PROTOCOL);
    m = mk('D', "\0\0", 2);
    CU_ASSERT_EQUAL(pgw_parse_data_row(&m, 0, v), PGW_OK);
}

static void test_row_description(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 4096);
    pgw_buf_put_i16(&b, 2);
    pgw_buf_put_str(&b, "id");
    pgw_buf_put_i32(&b, 1234);
    pgw_buf_put_i16(&b, 1);
    pgw_buf_put_i32(&b, 23);
    pgw_buf_put_i16(&b, 4);
    pgw_buf_put_i32(&b, -1);
    pgw_buf_put_i16(&b, 0);
    pgw_buf_put_str(&b, "name");
    pgw_buf_put_i32(&b, 0);
    pgw_buf_put_i16(&b, 0);
    pgw_buf_put_i32(&b, 1043);
    pgw_buf_put_i16(&b, -1);
    pgw_buf_put_i32(&b, 14);
    pgw_buf_put_i16(&b, 1);
    pgw_msg m = mk('T', b.data, b.len);
    int n;
    pgw_column *c;
    CU_ASSERT_EQUAL_FATAL(pgw_parse_row_desc(&m, &n, &c), PGW_OK);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_STRING_EQUAL(c[0].name, "id");
    CU_ASSERT_EQUAL(c[0].table_oid, 1234);
    CU_ASSERT_EQUAL(c[0].attnum, 1);
    CU_ASSERT_EQUAL(c[0].type_oid, 23);
    CU_ASSERT_EQUAL(c[0].typlen, 4);
    CU_ASSERT_EQUAL(c[0].typmod, -1);
    CU_ASSERT_STRING_EQUAL(c[1].name, "name");
    CU_ASSERT_EQUAL(c[1].type_oid, 1043);
    CU_ASSERT_EQUAL(c[1].typlen, -1);
    CU_ASSERT_EQUAL(c[1].typmod, 14);
    CU_ASSERT_EQUAL(c[1].format, 1);
    free(c);
    /* one byte short, or one extra */
    m.len = b.len - 1;
    CU_ASSERT_EQUAL(pgw_parse_row_desc(&m, &n, &c), PGW_ERR_PROTOCOL);
    pgw_buf_put_u8(&b, 0);
    m = mk('T', b.data, b.len);
    CU_ASSERT_EQUAL(pgw_parse_row_desc(&m, &n, &c), PGW_ERR_PROTOCOL);
    /* count larger than the fields present */
    b.data[1] = 3;
    m.len = b.len - 1;
    CU_ASSERT_EQUAL(pgw_parse_row_desc(&m, &n, &c), PGW_ERR_PROTOCOL);
    /* name without terminator */
    m = mk('T', "\0\x01" "abc", 5);
    CU_ASSERT_EQUAL(pgw_parse_row_desc(&m, &n, &c), PGW_ERR_PROTOCOL);
    pgw_buf_free(&b);
}

static void test_error_response(void)
{
    /* CrateDB: S M C, then F R L W from the Java stack */
    static const char body[] = "SERROR\0"
                               "MRelation 'foo' unknown\0"
                               "C42P01\0"
                               "FRelationUnknown.java\0"
                               "RgetRelation\0"
                               "L57\0"
                               "Wio.crate.Foo.bar(Foo.java:1)\nio.crate.X.y(X.java:2)\0"
                               "Zfuture field\0"
                               "\0";
    pgw_error e = {0};
    pgw_msg m = mk('E', body, sizeof body - 1);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_OK);
    CU_ASSERT(e.is_server);
    CU_ASSERT_STRING_EQUAL(e.severity, "ERROR");
    CU_ASSERT_STRING_EQUAL(e.message, "Relation 'foo' unknown");
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "42P01");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e.context);
    CU_ASSERT_EQUAL(strncmp(e.context, "io.crate.Foo.bar", 16), 0);
    CU_ASSERT_PTR_NULL(e.detail);
    CU_ASSERT_PTR_NULL(e.hint);
    pgw_error_clear(&e);
    CU_ASSERT_PTR_NULL(e.message);

    /* PostgreSQL: V instead of S only, and D H P s t c n */
    static const char pg[] = "VFATAL\0C28P01\0Mpassword authentication failed\0Ddet\0Hhint\0P7\0"
                             "sdoc\0ttab\0ccol\0ncons\0\0";
    m = mk('E', pg, sizeof pg - 1);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_OK);
    CU_ASSERT_STRING_EQUAL(e.severity, "FATAL");
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "28P01");
    CU_ASSERT_STRING_EQUAL(e.detail, "det");
    CU_ASSERT_STRING_EQUAL(e.hint, "hint");
    CU_ASSERT_STRING_EQUAL(e.position, "7");
    CU_ASSERT_STRING_EQUAL(e.schema, "doc");
    CU_ASSERT_STRING_EQUAL(e.table, "tab");
    CU_ASSERT_STRING_EQUAL(e.column, "col");
    CU_ASSERT_STRING_EQUAL(e.constraint, "cons");

    /* CrateDB auth error: S M C R only */
    static const char auth[] = "SFATAL\0Mpassword authentication failed for user \"x\"\0C28000\0"
                               "RClientAuthentication\0\0";
    m = mk('E', auth, sizeof auth - 1);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_OK);
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "28000");
    CU_ASSERT_PTR_NULL(e.detail); /* previous contents cleared */

    /* missing final terminator, value without NUL, trailing bytes */
    m = mk('E', "SERROR\0", 7);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_ERR_PROTOCOL);
    m = mk('E', "SERR", 4);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_ERR_PROTOCOL);
    m = mk('E', "SERROR\0\0x", 9);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_ERR_PROTOCOL);
    /* a malformed SQLSTATE is ignored */
    m = mk('E', "C123\0\0", 6);
    CU_ASSERT_EQUAL(pgw_parse_error(&m, &e), PGW_OK);
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "");
    pgw_error_clear(&e);
}

static void test_auth_messages(void)
{
    pgw_auth_req a;
    pgw_msg m = mk('R', "\0\0\0\x03", 4);
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_OK);
    CU_ASSERT_EQUAL(a.code, 3);
    m = mk('R', "\0\0\0\x05\x01\x02\x03\xfe", 8);
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_OK);
    CU_ASSERT_EQUAL(a.code, 5);
    CU_ASSERT_EQUAL(a.len, 4);
    CU_ASSERT_EQUAL(memcmp(a.data, "\x01\x02\x03\xfe", 4), 0);
    m = mk('R', "\0\0\0\x05\x01\x02", 6); /* short salt */
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_ERR_PROTOCOL);
    static const char sasl[] = "\0\0\0\x0aSCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0";
    m = mk('R', sasl, sizeof sasl - 1);
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_OK);
    CU_ASSERT_EQUAL(a.code, 10);
    CU_ASSERT_STRING_EQUAL(a.data, "SCRAM-SHA-256-PLUS");
    m = mk('R', sasl, sizeof sasl - 2); /* list not terminated */
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_ERR_PROTOCOL);
    m = mk('R', "\0\0\0\x0br=abc", 9);
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_OK);
    CU_ASSERT_EQUAL(a.code, 11);
    CU_ASSERT_EQUAL(a.len, 5);
    m = mk('R', "\0\0\0", 3);
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_ERR_PROTOCOL);
    m = mk('R', "\0\0\0\0x", 5); /* AuthenticationOk with extra bytes */
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_ERR_PROTOCOL);
    m = mk('R', "\0\0\0\x07", 4); /* GSS: parses; auth.c refuses it */
    CU_ASSERT_EQUAL(pgw_parse_auth(&m, &a), PGW_OK);
    CU_ASSERT_EQUAL(a.code, 7);
}

static void test_small_messages(void)
{
    char s;
    pgw_msg m = mk('Z', "T", 1);
    CU_ASSERT_EQUAL(pgw_parse_ready(&m, &s), PGW_OK);
    CU_ASSERT_EQUAL(s, 'T');
    m = mk('Z', "X", 1);
    CU_ASSERT_EQUAL(pgw_parse_ready(&m, &s), PGW_ERR_PROTOCOL);
    m = mk('Z', "II", 2);
    CU_ASSERT_EQUAL(pgw_parse_ready(&m, &s), PGW_ERR_PROTOCOL);

    int32_t pid, secret;
    m = mk('K', "\0\0\0\x01\0\0\0", 7);
    CU_ASSERT_EQUAL(pgw_parse_backend_key(&m, &pid, &secret), PGW_ERR_PROTOCOL);

    const char *tag;
    m = mk('C', "INSERT 0 -3\0", 12);
    CU_ASSERT_EQUAL(pgw_parse_command_complete(&m, &tag), PGW_OK);
    CU_ASSERT_STRING_EQUAL(tag, "INSERT 0 -3");
    m = mk('C', "SELECT 1", 8);
    CU_ASSERT_EQUAL(pgw_parse_command_complete(&m, &tag), PGW_ERR_PROTOCOL);

    int n;
    uint32_t *oids;
    m = mk('t', "\0\x02\0\0\0\x17\0\0\x02\xc1", 10);
    CU_ASSERT_EQUAL_FATAL(pgw_parse_param_desc(&m, &n, &oids), PGW_OK);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(oids[0], 23);
    CU_ASSERT_EQUAL(oids[1], 705);
    free(oids);
    m = mk('t', "\0\x03\0\0\0\x17\0\0\x02\xc1", 10);
    CU_ASSERT_EQUAL(pgw_parse_param_desc(&m, &n, &oids), PGW_ERR_PROTOCOL);
    m = mk('t', "\0\0", 2);
    CU_ASSERT_EQUAL(pgw_parse_param_desc(&m, &n, &oids), PGW_OK);
    CU_ASSERT_EQUAL(n, 0);

    const char *k, *v;
    m = mk('S', "a\0b", 3);
    CU_ASSERT_EQUAL(pgw_parse_param_status(&m, &k, &v), PGW_ERR_PROTOCOL);

    /* NegotiateProtocolVersion (CrateDB 6.2+ answering a 3.2 request) */
    static const char nv[] = "\0\x03\0\0" "\0\0\0\x01" "_pq_.foo\0";
    int32_t ver, nopts;
    m = mk('v', nv, sizeof nv - 1);
    CU_ASSERT_EQUAL(pgw_parse_negotiate(&m, &ver, &nopts), PGW_OK);
    CU_ASSERT_EQUAL(ver, 196608);
    CU_ASSERT_EQUAL(nopts, 1);
    m = mk('v', nv, sizeof nv - 2);
    CU_ASSERT_EQUAL(pgw_parse_negotiate(&m, &ver, &nopts), PGW_ERR_PROTOCOL);

    /* bodiless messages */
    const char types[] = "123nsI";
    for (int i = 0; types[i]; i++) {
        m = mk(types[i], "", 0);
        CU_ASSERT_EQUAL(pgw_parse_empty(&m), PGW_OK);
        m = mk(types[i], "x", 1);
        CU_ASSERT_EQUAL(pgw_parse_empty(&m), PGW_ERR_PROTOCOL);
    }
}

static void test_tags(void)
{
    CU_ASSERT_EQUAL(pgw_tag_rowcount("INSERT 0 -3"), -3);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("INSERT 0 5"), 5);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT\\N*\\NFROM 3"), 3);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT\n*\nFROM 3"), 3);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SET 0"), 0);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("BEGIN"), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("CREATE TABLE"), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("UPDATE -2"), -2);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("BEGIN;INSERT 1"), 1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT 12345678901"), 12345678901LL);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT 99999999999999999999999"), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT 1x"), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT "), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount("SELECT -"), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount(""), -1);
    CU_ASSERT_EQUAL(pgw_tag_rowcount(NULL), -1);
}

static void assert_bytes(const pgw_buf *b, const char *want, size_t n)
{
    CU_ASSERT_EQUAL(b->len, n);
    CU_ASSERT(b->len == n && memcmp(b->data, want, n) == 0);
}

static void test_encoder_exact(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 1 << 20);

    uint32_t oids[2] = {23, 0};
    pgw_enc_parse(&b, "s1", "select $1, $2", 2, oids);
    static const char parse[] = "P\0\0\0\x1f" "s1\0" "select $1, $2\0" "\0\x02"
                                "\0\0\0\x17" "\0\0\0\0";
    assert_bytes(&b, parse, sizeof parse - 1);
    b.len = 0;

    pgw_enc_parse(&b, NULL, "select 1", 0, NULL);
    static const char parse0[] = "P\0\0\0\x10" "\0" "select 1\0" "\0\0";
    assert_bytes(&b, parse0, sizeof parse0 - 1);
    b.len = 0;

    /* text params, one NULL: no format codes; one result format (binary) */
    pgw_param p[2] = {{"42", 2, 0}, {NULL, -1, 0}};
    int16_t rf = 1;
    pgw_enc_bind(&b, "", "s1", 2, p, 1, &rf);
    static const char bind[] = "B\0\0\0\x1a" "\0" "s1\0" "\0\0" "\0\x02" "\0\0\0\x02" "42"
                               "\xff\xff\xff\xff" "\0\x01" "\0\x01";
    assert_bytes(&b, bind, sizeof bind - 1);
    b.len = 0;

    /* a binary param: per-parameter format codes */
    pgw_param pb[2] = {{"\0\0\0\x07", 4, 1}, {"x", 1, 0}};
    pgw_enc_bind(&b, "p", "", 2, pb, 0, NULL);
    static const char bind2[] = "B\0\0\0\x1e" "p\0" "\0" "\0\x02" "\0\x01" "\0\0" "\0\x02"
                                "\0\0\0\x04" "\0\0\0\x07" "\0\0\0\x01" "x" "\0\0";
    assert_bytes(&b, bind2, sizeof bind2 - 1);
    b.len = 0;

    pgw_enc_describe(&b, 'P', "p");
    pgw_enc_execute(&b, "p", 100);
    pgw_enc_flush(&b);
    pgw_enc_sync(&b);
    static const char dexs[] = "D\0\0\0\x07" "Pp\0" "E\0\0\0\x0a" "p\0" "\0\0\0\x64"
                               "H\0\0\0\x04" "S\0\0\0\x04";
    assert_bytes(&b, dexs, sizeof dexs - 1);
    b.len = 0;

    pgw_enc_close(&b, 'S', "s1");
    pgw_enc_terminate(&b);
    pgw_enc_query(&b, "select 1");
    static const char cq[] = "C\0\0\0\x08" "Ss1\0" "X\0\0\0\x04" "Q\0\0\0\x0d" "select 1\0";
    assert_bytes(&b, cq, sizeof cq - 1);
    b.len = 0;

    const char *kv[] = {"user", "crate", "client_encoding", "UTF8"};
    pgw_enc_startup(&b, kv, 2);
    static const char su[] = "\0\0\0\x29" "\0\x03\0\0" "user\0crate\0client_encoding\0UTF8\0\0";
    assert_bytes(&b, su, sizeof su - 1);
    b.len = 0;

    pgw_enc_cancel(&b, 7, -2);
    static const char cr[] = "\0\0\0\x10" "\x04\xd2\x16\x2e" "\0\0\0\x07" "\xff\xff\xff\xfe";
    assert_bytes(&b, cr, sizeof cr - 1);
    b.len = 0;

    pgw_enc_password(&b, "pw");
    pgw_enc_sasl_initial(&b, "SCRAM-SHA-256", "n,,", 3);
    pgw_enc_sasl_response(&b, "c=", 2);
    static const char pw[] = "p\0\0\0\x07" "pw\0" "p\0\0\0\x19" "SCRAM-SHA-256\0" "\0\0\0\x03"
                             "n,," "p\0\0\0\x06" "c=";
    assert_bytes(&b, pw, sizeof pw - 1);
    b.len = 0;

    CU_ASSERT_EQUAL(pgw_buf_check(&b), PGW_OK);
    pgw_buf_free(&b);
}

/* Encoding into a buffer too small fails cleanly. */
static void test_encoder_cap(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 32);
    pgw_enc_query(&b, "select 'this query is longer than thirty-two bytes'");
    CU_ASSERT_EQUAL(pgw_buf_check(&b), PGW_ERR_NOMEM);
    pgw_buf_free(&b);
}

/* A transport over one end of a socketpair; *peer gets the other end. */
static void tr_pair(pgw_transport *t, int *peer)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    pgw_tr_init(t, 1 << 20);
    t->fd = sv[0];
    t->io_timeout_ms = 200;
    *peer = sv[1];
}

/* The first read of a connection starts without a receive buffer (it grows
 * with what arrives); looking for a message in it must not compute an
 * offset on its NULL pointer, undefined behaviour that clang's UBSan reports
 * (found by tests/fuzz/fuzz_startup; gcc's UBSan does not flag NULL + 0). */
static void test_transport_first_read(void)
{
    pgw_transport t;
    pgw_error e = {0};
    pgw_msg m;
    int peer;
    tr_pair(&t, &peer);
    CU_ASSERT_PTR_NULL(t.in.data);
    CU_ASSERT_EQUAL(write(peer, "Z\0\0\0\x05I", 6), 6);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_OK);
    CU_ASSERT_EQUAL(m.type, 'Z');
    close(peer);
    pgw_tr_free(&t);
    pgw_error_clear(&e);
}

static void test_transport_reads(void)
{
    pgw_transport t;
    pgw_error e = {0};
    pgw_msg m;
    int peer;
    tr_pair(&t, &peer);
    /* two messages in one write, then one split in two writes */
    CU_ASSERT_EQUAL(write(peer, "Z\0\0\0\x05IC\0\0\0\x0aSET 0\0", 17), 17);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_OK);
    CU_ASSERT_EQUAL(m.type, 'Z');
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_OK);
    CU_ASSERT_EQUAL_FATAL(m.type, 'C');
    CU_ASSERT_PTR_NOT_NULL_FATAL(m.body);
    CU_ASSERT_STRING_EQUAL(m.body, "SET 0");
    CU_ASSERT_EQUAL(write(peer, "Z\0\0", 3), 3);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_ERR_TIMEOUT); /* nothing more came */
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "HYT00");
    CU_ASSERT_EQUAL(t.fd, -1); /* a timed-out stream is out of step: closed */
    close(peer);
    pgw_tr_free(&t);

    /* hostile length: refused from the header, nothing allocated for it */
    tr_pair(&t, &peer);
    CU_ASSERT_EQUAL(write(peer, "D\x7f\xff\xff\xff", 5), 5);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_ERR_PROTOCOL);
    CU_ASSERT(t.in.cap <= 64 * 1024);
    close(peer);
    pgw_tr_free(&t);

    /* a large message arriving in pieces; then EOF */
    tr_pair(&t, &peer);
    size_t body = 200000;
    char *big = calloc(1, 5 + body);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    big[0] = 'd';
    big[1] = 0;
    big[2] = (char)((body + 4) >> 16);
    big[3] = (char)((body + 4) >> 8);
    big[4] = (char)(body + 4);
    big[5 + body - 1] = 'e';
    /* the peer end is blocking; the socket buffer may not take it all at
     * once, so write from a child process */
    pid_t pid = fork();
    if (pid == 0) {
        size_t off = 0;
        while (off < 5 + body) {
            ssize_t n = write(peer, big + off, 5 + body - off > 7000 ? 7000 : 5 + body - off);
            if (n <= 0)
                break;
            off += (size_t)n;
        }
        /* under valgrind the child is checked too: its copy of big is freed */
        free(big);
        _exit(off == 5 + body ? 0 : 1);
    }
    t.io_timeout_ms = 5000;
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_OK);
    CU_ASSERT_EQUAL(m.type, 'd');
    CU_ASSERT_EQUAL(m.len, body);
    CU_ASSERT_EQUAL(m.body[body - 1], 'e');
    close(peer);
    int wst = 0;
    waitpid(pid, &wst, 0);
    CU_ASSERT(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_ERR_IO);
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "08S01");
    free(big);
    pgw_tr_free(&t);
    pgw_error_clear(&e);
}

void register_codec_tests(void)
{
    CU_pSuite s = CU_add_suite("codec", NULL, NULL);
    CU_add_test(s, "CrateDB startup stream, whole", test_crate_startup_whole);
    CU_add_test(s, "CrateDB startup stream, byte by byte", test_crate_startup_bytewise);
    CU_add_test(s, "truncated and bad lengths", test_truncated_and_bad_lengths);
    CU_add_test(s, "buffer cap", test_buf_cap);
    CU_add_test(s, "DataRow bounds", test_data_row);
    CU_add_test(s, "RowDescription", test_row_description);
    CU_add_test(s, "ErrorResponse fields", test_error_response);
    CU_add_test(s, "Authentication requests", test_auth_messages);
    CU_add_test(s, "small messages", test_small_messages);
    CU_add_test(s, "command tags", test_tags);
    CU_add_test(s, "encoder byte-exact", test_encoder_exact);
    CU_add_test(s, "encoder cap", test_encoder_cap);
    CU_add_test(s, "transport: first read, no buffer yet", test_transport_first_read);
    CU_add_test(s, "transport reads (socketpair)", test_transport_reads);
}
