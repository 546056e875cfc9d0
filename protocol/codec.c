/*
 * codec.c: the sans-I/O half of the protocol. Encoders append complete
 * frontend messages to a pgw_buf; pgw_decode() finds one complete backend
 * message in a byte range; the pgw_parse_* functions check and unpack the
 * body of each backend message. Nothing here touches a socket.
 */
#include <stdlib.h>
#include <string.h>

#include "pgw_int.h"

/* ------------------------------------------------------------------ encoder */

/* Starts a message: type byte (0 for the untyped startup packets) and a
 * length placeholder; returns the offset of the length field. */
static size_t msg_begin(pgw_buf *b, char type)
{
    if (type)
        pgw_buf_put_u8(b, (uint8_t)type);
    size_t at = b->len;
    pgw_buf_put_i32(b, 0);
    return at;
}

/* Patches the length field at `at` (it counts itself, not the type byte). */
static void msg_end(pgw_buf *b, size_t at)
{
    if (b->failed)
        return;
    size_t n = b->len - at;
    if (n > INT32_MAX) {
        b->failed = true;
        return;
    }
    uint32_t x = (uint32_t)n;
    unsigned char *u = (unsigned char *)b->data + at;
    u[0] = (unsigned char)(x >> 24);
    u[1] = (unsigned char)(x >> 16);
    u[2] = (unsigned char)(x >> 8);
    u[3] = (unsigned char)x;
}

void pgw_enc_startup(pgw_buf *b, const char *const *kv, int npairs)
{
    size_t at = msg_begin(b, 0);
    pgw_buf_put_i32(b, 196608); /* protocol 3.0 */
    for (int i = 0; i < npairs; i++) {
        pgw_buf_put_str(b, kv[2 * i]);
        pgw_buf_put_str(b, kv[2 * i + 1]);
    }
    pgw_buf_put_u8(b, 0);
    msg_end(b, at);
}

void pgw_enc_ssl_request(pgw_buf *b)
{
    pgw_buf_put_i32(b, 8);
    pgw_buf_put_i32(b, 80877103);
}

void pgw_enc_cancel(pgw_buf *b, int32_t pid, int32_t secret)
{
    pgw_buf_put_i32(b, 16);
    pgw_buf_put_i32(b, 80877102);
    pgw_buf_put_i32(b, pid);
    pgw_buf_put_i32(b, secret);
}

void pgw_enc_password(pgw_buf *b, const char *password)
{
    size_t at = msg_begin(b, 'p');
    pgw_buf_put_str(b, password);
    msg_end(b, at);
}

void pgw_enc_sasl_initial(pgw_buf *b, const char *mech, const char *data, size_t len)
{
    size_t at = msg_begin(b, 'p');
    pgw_buf_put_str(b, mech);
    if (len > INT32_MAX) {
        b->failed = true;
        return;
    }
    pgw_buf_put_i32(b, data ? (int32_t)len : -1);
    if (data)
        pgw_buf_put(b, data, len);
    msg_end(b, at);
}

void pgw_enc_sasl_response(pgw_buf *b, const char *data, size_t len)
{
    size_t at = msg_begin(b, 'p');
    pgw_buf_put(b, data, len);
    msg_end(b, at);
}

void pgw_enc_query(pgw_buf *b, const char *sql)
{
    size_t at = msg_begin(b, 'Q');
    pgw_buf_put_str(b, sql);
    msg_end(b, at);
}

void pgw_enc_parse(pgw_buf *b, const char *stmt, const char *sql, int noids,
                   const uint32_t *oids)
{
    size_t at = msg_begin(b, 'P');
    pgw_buf_put_str(b, stmt ? stmt : "");
    pgw_buf_put_str(b, sql);
    if (noids < 0 || noids > INT16_MAX) {
        b->failed = true;
        return;
    }
    pgw_buf_put_i16(b, (int16_t)noids);
    for (int i = 0; i < noids; i++)
        pgw_buf_put_i32(b, oids ? (int32_t)oids[i] : 0);
    msg_end(b, at);
}

void pgw_enc_bind(pgw_buf *b, const char *portal, const char *stmt, int nparams,
                  const pgw_param *params, int nresult_formats,
                  const int16_t *result_formats)
{
    if (nparams < 0 || nparams > INT16_MAX || nresult_formats < 0 ||
        nresult_formats > INT16_MAX) {
        b->failed = true;
        return;
    }
    size_t at = msg_begin(b, 'B');
    pgw_buf_put_str(b, portal ? portal : "");
    pgw_buf_put_str(b, stmt ? stmt : "");
    /* Parameter format codes: none when all are text, else one each. */
    bool any_binary = false;
    for (int i = 0; i < nparams; i++)
        if (params[i].format != 0)
            any_binary = true;
    if (any_binary) {
        pgw_buf_put_i16(b, (int16_t)nparams);
        for (int i = 0; i < nparams; i++)
            pgw_buf_put_i16(b, params[i].format);
    } else {
        pgw_buf_put_i16(b, 0);
    }
    pgw_buf_put_i16(b, (int16_t)nparams);
    for (int i = 0; i < nparams; i++) {
        if (params[i].len < 0 || (params[i].value == NULL && params[i].len != 0)) {
            pgw_buf_put_i32(b, -1);
        } else {
            pgw_buf_put_i32(b, params[i].len);
            pgw_buf_put(b, params[i].value, (size_t)params[i].len);
        }
    }
    pgw_buf_put_i16(b, (int16_t)nresult_formats);
    for (int i = 0; i < nresult_formats; i++)
        pgw_buf_put_i16(b, result_formats[i]);
    msg_end(b, at);
}

void pgw_enc_describe(pgw_buf *b, char kind, const char *name)
{
    size_t at = msg_begin(b, 'D');
    pgw_buf_put_u8(b, (uint8_t)kind);
    pgw_buf_put_str(b, name ? name : "");
    msg_end(b, at);
}

void pgw_enc_execute(pgw_buf *b, const char *portal, int32_t max_rows)
{
    size_t at = msg_begin(b, 'E');
    pgw_buf_put_str(b, portal ? portal : "");
    pgw_buf_put_i32(b, max_rows);
    msg_end(b, at);
}

void pgw_enc_close(pgw_buf *b, char kind, const char *name)
{
    size_t at = msg_begin(b, 'C');
    pgw_buf_put_u8(b, (uint8_t)kind);
    pgw_buf_put_str(b, name ? name : "");
    msg_end(b, at);
}

static void enc_bare(pgw_buf *b, char type)
{
    pgw_buf_put_u8(b, (uint8_t)type);
    pgw_buf_put_i32(b, 4);
}

void pgw_enc_sync(pgw_buf *b)
{
    enc_bare(b, 'S');
}

void pgw_enc_flush(pgw_buf *b)
{
    enc_bare(b, 'H');
}

void pgw_enc_terminate(pgw_buf *b)
{
    enc_bare(b, 'X');
}

void pgw_enc_copy_done(pgw_buf *b)
{
    enc_bare(b, 'c');
}

void pgw_enc_copy_fail(pgw_buf *b, const char *why)
{
    size_t at = msg_begin(b, 'f');
    pgw_buf_put_str(b, why);
    msg_end(b, at);
}

/* ------------------------------------------------------------------ decoder */

pgw_dec pgw_decode(const char *data, size_t avail, size_t max_msg, pgw_msg *m)
{
    m->type = 0;
    m->body = NULL;
    m->len = 0;
    if (avail < 5)
        return PGW_DEC_MORE;
    int32_t n = pgw_load_i32(data + 1);
    if (n < 4 || (size_t)n > max_msg - 1)
        return PGW_DEC_BAD;
    m->type = data[0];
    m->len = (size_t)n - 4;
    if (avail - 5 < m->len)
        return PGW_DEC_MORE;
    m->body = data + 5;
    return PGW_DEC_MSG;
}

/* ------------------------------------------------------------------ parsers */

static pgw_status done(const pgw_rd *r)
{
    return (r->bad || r->left != 0) ? PGW_ERR_PROTOCOL : PGW_OK;
}

pgw_status pgw_parse_empty(const pgw_msg *m)
{
    return m->len == 0 ? PGW_OK : PGW_ERR_PROTOCOL;
}

pgw_status pgw_parse_auth(const pgw_msg *m, pgw_auth_req *out)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    out->code = pgw_rd_i32(&r);
    out->data = r.p;
    out->len = r.left;
    if (r.bad)
        return PGW_ERR_PROTOCOL;
    switch (out->code) {
    case 0:
    case 3:
        return r.left == 0 ? PGW_OK : PGW_ERR_PROTOCOL;
    case 5:
        return r.left == 4 ? PGW_OK : PGW_ERR_PROTOCOL;
    case 10: {
        /* Mechanism names, each NUL-terminated, then an empty one. */
        for (;;) {
            size_t n;
            pgw_rd_str(&r, &n);
            if (r.bad)
                return PGW_ERR_PROTOCOL;
            if (n == 0)
                break;
        }
        return r.left == 0 ? PGW_OK : PGW_ERR_PROTOCOL;
    }
    default:
        return PGW_OK; /* 11, 12 carry opaque data; others: caller refuses */
    }
}

pgw_status pgw_parse_param_status(const pgw_msg *m, const char **name, const char **value)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    *name = pgw_rd_str(&r, NULL);
    *value = pgw_rd_str(&r, NULL);
    return done(&r);
}

pgw_status pgw_parse_backend_key(const pgw_msg *m, int32_t *pid, int32_t *secret)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    *pid = pgw_rd_i32(&r);
    *secret = pgw_rd_i32(&r);
    return done(&r);
}

pgw_status pgw_parse_ready(const pgw_msg *m, char *status)
{
    if (m->len != 1)
        return PGW_ERR_PROTOCOL;
    char s = m->body[0];
    if (s != 'I' && s != 'T' && s != 'E')
        return PGW_ERR_PROTOCOL;
    *status = s;
    return PGW_OK;
}

pgw_status pgw_parse_command_complete(const pgw_msg *m, const char **tag)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    *tag = pgw_rd_str(&r, NULL);
    return done(&r);
}

/* strndup, which the Windows C library lacks. */
static char *dup_n(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

pgw_status pgw_parse_error(const pgw_msg *m, pgw_error *e)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    pgw_error_clear(e);
    e->is_server = true;
    char *nonlocal_severity = NULL;
    pgw_status st = PGW_OK;
    for (;;) {
        uint8_t code = pgw_rd_u8(&r);
        if (r.bad || code == 0)
            break;
        size_t n;
        const char *v = pgw_rd_str(&r, &n);
        if (r.bad)
            break;
        char **slot = NULL;
        switch (code) {
        case 'S': slot = &e->severity; break;
        case 'V': slot = &nonlocal_severity; break;
        case 'M': slot = &e->message; break;
        case 'D': slot = &e->detail; break;
        case 'H': slot = &e->hint; break;
        case 'P': slot = &e->position; break;
        case 'W': slot = &e->context; break;
        case 's': slot = &e->schema; break;
        case 't': slot = &e->table; break;
        case 'c': slot = &e->column; break;
        case 'n': slot = &e->constraint; break;
        case 'C':
            if (n == 5)
                memcpy(e->sqlstate, v, 6);
            continue;
        default:
            continue; /* F R L, q p, and codes not yet defined */
        }
        free(*slot);
        *slot = dup_n(v, n);
        if (!*slot) {
            st = PGW_ERR_NOMEM;
            break;
        }
    }
    if (st == PGW_OK && (r.bad || r.left != 0))
        st = PGW_ERR_PROTOCOL;
    if (!e->severity) {
        e->severity = nonlocal_severity;
        nonlocal_severity = NULL;
    }
    free(nonlocal_severity);
    return st;
}

pgw_status pgw_parse_param_desc(const pgw_msg *m, int *n, uint32_t **oids)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    int16_t cnt = pgw_rd_i16(&r);
    *n = 0;
    *oids = NULL;
    if (r.bad || cnt < 0 || r.left != (size_t)cnt * 4)
        return PGW_ERR_PROTOCOL;
    if (cnt == 0)
        return PGW_OK;
    uint32_t *a = malloc((size_t)cnt * sizeof *a);
    if (!a)
        return PGW_ERR_NOMEM;
    for (int i = 0; i < cnt; i++)
        a[i] = (uint32_t)pgw_rd_i32(&r);
    *n = cnt;
    *oids = a;
    return PGW_OK;
}

pgw_status pgw_parse_row_desc(const pgw_msg *m, int *ncols, pgw_column **cols)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    int16_t cnt = pgw_rd_i16(&r);
    *ncols = 0;
    *cols = NULL;
    if (r.bad || cnt < 0)
        return PGW_ERR_PROTOCOL;
    /* First pass: validate and size the names. */
    pgw_rd scan = r;
    size_t names = 0;
    for (int i = 0; i < cnt; i++) {
        size_t n;
        pgw_rd_str(&scan, &n);
        pgw_rd_bytes(&scan, 18);
        names += n + 1;
    }
    if (scan.bad || scan.left != 0)
        return PGW_ERR_PROTOCOL;
    if (cnt == 0)
        return PGW_OK;
    size_t head = (size_t)cnt * sizeof(pgw_column);
    pgw_column *c = malloc(head + names);
    if (!c)
        return PGW_ERR_NOMEM;
    char *np = (char *)c + head;
    for (int i = 0; i < cnt; i++) {
        size_t n;
        const char *s = pgw_rd_str(&r, &n);
        memcpy(np, s, n + 1);
        c[i].name = np;
        np += n + 1;
        c[i].table_oid = (uint32_t)pgw_rd_i32(&r);
        c[i].attnum = pgw_rd_i16(&r);
        c[i].type_oid = (uint32_t)pgw_rd_i32(&r);
        c[i].typlen = pgw_rd_i16(&r);
        c[i].typmod = pgw_rd_i32(&r);
        c[i].format = pgw_rd_i16(&r);
    }
    *ncols = cnt;
    *cols = c;
    return PGW_OK;
}

pgw_status pgw_parse_data_row(const pgw_msg *m, int ncols, pgw_value *out)
{
    const char *p = m->body;
    size_t left = m->len;
    if (left < 2 || pgw_load_i16(p) != ncols)
        return PGW_ERR_PROTOCOL;
    p += 2;
    left -= 2;
    for (int i = 0; i < ncols; i++) {
        if (left < 4)
            return PGW_ERR_PROTOCOL;
        int32_t n = pgw_load_i32(p);
        p += 4;
        left -= 4;
        if (n < 0) {
            if (n != -1)
                return PGW_ERR_PROTOCOL;
            out[i].ptr = NULL;
            out[i].len = -1;
            continue;
        }
        if ((size_t)n > left)
            return PGW_ERR_PROTOCOL;
        out[i].ptr = p;
        out[i].len = n;
        p += n;
        left -= (size_t)n;
    }
    return left == 0 ? PGW_OK : PGW_ERR_PROTOCOL;
}

pgw_status pgw_parse_negotiate(const pgw_msg *m, int32_t *version, int32_t *nopts)
{
    pgw_rd r;
    pgw_rd_init(&r, m->body, m->len);
    *version = pgw_rd_i32(&r);
    *nopts = pgw_rd_i32(&r);
    if (r.bad || *nopts < 0)
        return PGW_ERR_PROTOCOL;
    for (int32_t i = 0; i < *nopts && !r.bad; i++)
        pgw_rd_str(&r, NULL);
    return done(&r);
}

int64_t pgw_tag_rowcount(const char *tag)
{
    if (!tag)
        return -1;
    const char *sp = strrchr(tag, ' ');
    if (!sp)
        return -1;
    const char *p = sp + 1;
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = (*p == '-');
        p++;
    }
    if (*p < '0' || *p > '9')
        return -1;
    int64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (*p != '\0')
        return -1;
    return neg ? -v : v;
}
