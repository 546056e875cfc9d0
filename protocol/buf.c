/*
 * buf.c: pgw_buf, the growable byte buffer with a cap used for the send and
 * receive buffers and the encoder; pgw_rd, the bounds-checked big-endian
 * reader used by the parsers; and the pgw_error helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_int.h"

void pgw_buf_init(pgw_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->failed = false;
}

void pgw_buf_free(pgw_buf *b)
{
    free(b->data);
    pgw_buf_init(b, b->max);
}

pgw_status pgw_buf_reserve(pgw_buf *b, size_t extra)
{
    if (extra <= b->cap - b->len)
        return PGW_OK;
    if (extra > b->max || b->len > b->max - extra) {
        b->failed = true;
        return PGW_ERR_NOMEM;
    }
    size_t need = b->len + extra;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < need)
        ncap = (ncap > b->max / 2) ? b->max : ncap * 2;
    if (ncap > b->max)
        ncap = b->max;
    char *p = realloc(b->data, ncap);
    if (!p) {
        b->failed = true;
        return PGW_ERR_NOMEM;
    }
    b->data = p;
    b->cap = ncap;
    return PGW_OK;
}

void pgw_buf_put(pgw_buf *b, const void *p, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (pgw_buf_reserve(b, n) != PGW_OK)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void pgw_buf_put_u8(pgw_buf *b, uint8_t v)
{
    pgw_buf_put(b, &v, 1);
}

void pgw_buf_put_i16(pgw_buf *b, int16_t v)
{
    unsigned char u[2] = {(unsigned char)((uint16_t)v >> 8), (unsigned char)v};
    pgw_buf_put(b, u, 2);
}

void pgw_buf_put_i32(pgw_buf *b, int32_t v)
{
    uint32_t x = (uint32_t)v;
    unsigned char u[4] = {(unsigned char)(x >> 24), (unsigned char)(x >> 16),
                          (unsigned char)(x >> 8), (unsigned char)x};
    pgw_buf_put(b, u, 4);
}

void pgw_buf_put_str(pgw_buf *b, const char *s)
{
    pgw_buf_put(b, s, strlen(s) + 1);
}

void pgw_buf_consume(pgw_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

pgw_status pgw_buf_check(pgw_buf *b)
{
    if (b->failed) {
        b->failed = false;
        return PGW_ERR_NOMEM;
    }
    return PGW_OK;
}

/* ------------------------------------------------------------------ reader */

void pgw_rd_init(pgw_rd *r, const char *p, size_t n)
{
    r->p = p;
    r->left = n;
    r->bad = false;
}

const char *pgw_rd_bytes(pgw_rd *r, size_t n)
{
    if (r->bad || n > r->left) {
        r->bad = true;
        return NULL;
    }
    const char *p = r->p;
    r->p += n;
    r->left -= n;
    return p;
}

uint8_t pgw_rd_u8(pgw_rd *r)
{
    const char *p = pgw_rd_bytes(r, 1);
    return p ? (uint8_t)*p : 0;
}

int16_t pgw_rd_i16(pgw_rd *r)
{
    const char *p = pgw_rd_bytes(r, 2);
    return p ? pgw_load_i16(p) : 0;
}

int32_t pgw_rd_i32(pgw_rd *r)
{
    const char *p = pgw_rd_bytes(r, 4);
    return p ? pgw_load_i32(p) : 0;
}

const char *pgw_rd_str(pgw_rd *r, size_t *len)
{
    const char *nul = r->bad ? NULL : memchr(r->p, '\0', r->left);
    if (!nul) {
        r->bad = true;
        if (len)
            *len = 0;
        return "";
    }
    const char *s = r->p;
    size_t n = (size_t)(nul - s);
    r->p += n + 1;
    r->left -= n + 1;
    if (len)
        *len = n;
    return s;
}

/* ------------------------------------------------------------------ errors */

void pgw_error_clear(pgw_error *e)
{
    free(e->severity);
    free(e->message);
    free(e->detail);
    free(e->hint);
    free(e->position);
    free(e->context);
    free(e->schema);
    free(e->table);
    free(e->column);
    free(e->constraint);
    memset(e, 0, sizeof *e);
}

void pgw_set_error(pgw_error *e, const char *sqlstate, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pgw_error_clear(e);
    e->is_server = false;
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate ? sqlstate : "");
    e->message = strdup(msg); /* NULL on OOM: the sqlstate still tells */
}

void pgw_error_move(pgw_error *dst, pgw_error *src)
{
    if (dst == src)
        return;
    pgw_error_clear(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}
