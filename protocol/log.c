/*
 * log.c: what the engine tells the driver's log hook (pgw.h "log hook").
 * Only types, lengths and the SQL text leave here; a parameter's value only
 * when the hook's `params` says so. Nothing here formats text or writes a
 * file: that is the driver's side.
 */
#include <string.h>

#include "pgw_int.h"

void pgw_set_log(pgw_conn *c, const pgw_log_hook *h)
{
    if (h == NULL || h->fn == NULL)
        memset(&c->t.log, 0, sizeof c->t.log);
    else
        c->t.log = *h;
}

static uint32_t be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

/* The send buffer holds whole messages: a type byte and a length, or (the
 * startup phase's StartupMessage, SSLRequest, CancelRequest) a length
 * alone, recognisable by its first byte 0 (no message is 16 MiB). */
void pgw_log_sent(const pgw_log_hook *h, const char *data, size_t len)
{
    size_t off = 0;
    while (off + 4 <= len) {
        pgw_log_rec r = { .ev = PGW_EV_SEND };
        if (data[off] == 0) {
            r.len = be32(data + off);
            off += r.len;
        } else {
            if (off + 5 > len)
                break;
            r.type = data[off];
            r.len = be32(data + off + 1);
            off += 1 + r.len;
        }
        h->fn(h->ctx, &r);
        if (r.len < 4)        /* a corrupt length: stop rather than loop */
            break;
    }
}

void pgw_log_received(const pgw_log_hook *h, char type, size_t len)
{
    pgw_log_rec r = { .ev = PGW_EV_RECV, .type = type, .len = len };
    h->fn(h->ctx, &r);
}

void pgw_log_sql(const pgw_log_hook *h, const char *sql, int nparams)
{
    pgw_log_rec r = { .ev = PGW_EV_SQL, .text = sql, .len = strlen(sql), .index = nparams };
    h->fn(h->ctx, &r);
}

void pgw_log_params(const pgw_log_hook *h, int n, const pgw_param *params)
{
    if (!h->params)
        return;
    for (int i = 0; i < n; i++) {
        pgw_log_rec r = { .ev = PGW_EV_PARAM, .index = i + 1,
                          .text = params[i].len < 0 ? NULL : params[i].value,
                          .len = params[i].len < 0 ? 0 : (size_t)params[i].len,
                          .binary = params[i].format == 1 };
        h->fn(h->ctx, &r);
    }
}
