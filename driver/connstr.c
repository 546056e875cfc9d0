/*
 * connstr.c: connection strings ("k=v;k2={v;with}}brace};...") and DSN
 * entries in odbc.ini, both into a drv_conn_opts, and back to a string.
 *
 * Keywords are case-insensitive, with aliases (Host = Server, ...). Per the
 * ODBC spec for SQLDriverConnect the first occurrence of a keyword wins, and
 * of DSN and DRIVER only the one given first is used. Unknown keywords are
 * ignored. Braced values may hold ';' and '='; '}}' inside braces is one '}'.
 * Whitespace around keywords and unbraced values is dropped.
 *
 * Nothing here talks to the server; connect.c turns the options into
 * pgw_connect_params.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"

#include <odbcinst.h>   /* after drv.h: it needs the ODBC types */

/* Every keyword and alias, canonical name first for each field. The order
 * of fields is the order drv_connstr_build writes them in. */
static const struct keyword {
    const char *name;
    size_t off;
    bool canonical;
} keywords[] = {
    {"DSN", offsetof(drv_conn_opts, dsn), true},
    {"DRIVER", offsetof(drv_conn_opts, driver), true},
    {"SERVER", offsetof(drv_conn_opts, server), true},
    {"Host", offsetof(drv_conn_opts, server), false},
    {"Servername", offsetof(drv_conn_opts, server), false},
    {"PORT", offsetof(drv_conn_opts, port), true},
    {"DATABASE", offsetof(drv_conn_opts, database), true},
    {"DB", offsetof(drv_conn_opts, database), false},
    {"UID", offsetof(drv_conn_opts, uid), true},
    {"User", offsetof(drv_conn_opts, uid), false},
    {"Username", offsetof(drv_conn_opts, uid), false},
    {"PWD", offsetof(drv_conn_opts, pwd), true},
    {"Password", offsetof(drv_conn_opts, pwd), false},
    {"ApplicationName", offsetof(drv_conn_opts, application_name), true},
    {"SSLMode", offsetof(drv_conn_opts, sslmode), true},
    {"SSLRootCert", offsetof(drv_conn_opts, ssl_root_cert), true},
    {"SSLCert", offsetof(drv_conn_opts, ssl_cert), true},
    {"SSLKey", offsetof(drv_conn_opts, ssl_key), true},
    {"SSLCrl", offsetof(drv_conn_opts, ssl_crl), true},
    {"LoginTimeout", offsetof(drv_conn_opts, login_timeout), true},
    {"ConnectTimeout", offsetof(drv_conn_opts, login_timeout), false},
    {"FetchSize", offsetof(drv_conn_opts, fetch_size), true},
    {"Options", offsetof(drv_conn_opts, options), true},
    {"TextSize", offsetof(drv_conn_opts, text_size), true},
    {"MaxVarcharSize", offsetof(drv_conn_opts, text_size), false},
    {"LongText", offsetof(drv_conn_opts, long_text), true},
    {"ArrayFormat", offsetof(drv_conn_opts, array_format), true},
    {"GeoPointFormat", offsetof(drv_conn_opts, geo_point_format), true},
    {"BinaryResults", offsetof(drv_conn_opts, binary_results), true},
    {"HideSystemSchemas", offsetof(drv_conn_opts, hide_system_schemas), true},
    {"LoadBalanceHosts", offsetof(drv_conn_opts, load_balance_hosts), true},
    {"DiscoverNodes", offsetof(drv_conn_opts, discover_nodes), true},
    {"LogLevel", offsetof(drv_conn_opts, log_level), true},
    {"LogFile", offsetof(drv_conn_opts, log_file), true},
    {"LogParams", offsetof(drv_conn_opts, log_params), true},
    {"KeepaliveTime", offsetof(drv_conn_opts, keepalive_time), true},
    {"KeepalivesIdle", offsetof(drv_conn_opts, keepalive_time), false},
    {"KeepaliveInterval", offsetof(drv_conn_opts, keepalive_interval), true},
    {"KeepalivesInterval", offsetof(drv_conn_opts, keepalive_interval), false},
    {"KeepaliveCount", offsetof(drv_conn_opts, keepalive_count), true},
    {"KeepalivesCount", offsetof(drv_conn_opts, keepalive_count), false},
    {"AutoReconnect", offsetof(drv_conn_opts, auto_reconnect), true},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

static char **field(drv_conn_opts *o, size_t off) { return (char **)((char *)o + off); }
static char *const *cfield(const drv_conn_opts *o, size_t off)
{
    return (char *const *)((const char *)o + off);
}

void drv_conn_opts_free(drv_conn_opts *o)
{
    for (size_t i = 0; i < NKEYWORDS; i++)
        if (keywords[i].canonical) {
            char **f = field(o, keywords[i].off);
            if (keywords[i].off == offsetof(drv_conn_opts, pwd) && *f)
                memset(*f, 0, strlen(*f)); /* do not leave passwords in freed memory */
            free(*f);
            *f = NULL;
        }
}

static const struct keyword *lookup(const char *k, size_t klen)
{
    for (size_t i = 0; i < NKEYWORDS; i++)
        if (strlen(keywords[i].name) == klen && strncasecmp(keywords[i].name, k, klen) == 0)
            return &keywords[i];
    return NULL;
}

/* Stores a value unless the field is set already (first occurrence wins). */
static bool store(drv_conn_opts *o, const struct keyword *kw, const char *v, size_t vlen)
{
    char **f = field(o, kw->off);
    if (*f != NULL)
        return true;
    /* DSN and DRIVER exclude each other: the first given is used */
    if (kw->off == offsetof(drv_conn_opts, dsn) && o->driver != NULL)
        return true;
    if (kw->off == offsetof(drv_conn_opts, driver) && o->dsn != NULL)
        return true;
    char *s = malloc(vlen + 1);
    if (s == NULL)
        return false;
    memcpy(s, v, vlen);
    s[vlen] = '\0';
    *f = s;
    return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool drv_connstr_is_keyword(const char *name)
{
    return name && lookup(name, strlen(name)) != NULL;
}

bool drv_connstr_parse(const char *s, size_t len, drv_conn_opts *o, char *err, size_t errlen)
{
    size_t i = 0;
    char *val = NULL;
    if (err && errlen)
        err[0] = '\0';

    while (i < len) {
        /* keyword: up to '=' (or ';' / end: a stray word, ignored) */
        while (i < len && (is_space(s[i]) || s[i] == ';'))
            i++;
        if (i >= len)
            break;
        size_t kstart = i;
        while (i < len && s[i] != '=' && s[i] != ';')
            i++;
        size_t kend = i;
        while (kend > kstart && is_space(s[kend - 1]))
            kend--;
        if (i >= len || s[i] == ';')
            continue;           /* "word" without '=': nothing to set */
        i++;                    /* '=' */

        /* value */
        while (i < len && is_space(s[i]))
            i++;
        size_t vlen = 0;
        if (i < len && s[i] == '{') {
            size_t start = ++i;
            val = malloc(len - start + 1);
            if (val == NULL)
                goto nomem;
            for (;;) {
                if (i >= len) {
                    if (err && errlen)
                        snprintf(err, errlen, "Unterminated '{' in the value of keyword '%.*s'",
                                 (int)(kend - kstart), s + kstart);
                    goto fail;
                }
                if (s[i] == '}') {
                    if (i + 1 < len && s[i + 1] == '}') {
                        val[vlen++] = '}';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                val[vlen++] = s[i++];
            }
            while (i < len && is_space(s[i]))
                i++;
            if (i < len && s[i] != ';') {
                if (err && errlen)
                    snprintf(err, errlen, "Unexpected text after '}' in the value of keyword '%.*s'",
                             (int)(kend - kstart), s + kstart);
                goto fail;
            }
        } else {
            size_t start = i;
            while (i < len && s[i] != ';')
                i++;
            size_t end = i;
            while (end > start && is_space(s[end - 1]))
                end--;
            vlen = end - start;
            val = malloc(vlen + 1);
            if (val == NULL)
                goto nomem;
            memcpy(val, s + start, vlen);
        }

        const struct keyword *kw = lookup(s + kstart, kend - kstart);
        if (kw != NULL && !store(o, kw, val, vlen))
            goto nomem;
        free(val);
        val = NULL;
    }
    return true;

nomem:
    if (err && errlen)
        snprintf(err, errlen, "Out of memory");
fail:
    free(val);
    return false;
}

void drv_conn_opts_from_dsn(drv_conn_opts *o, const char *dsn)
{
    if (dsn == NULL || dsn[0] == '\0')
        return;
    char buf[4096];
    for (size_t i = 0; i < NKEYWORDS; i++) {
        const struct keyword *kw = &keywords[i];
        if (kw->off == offsetof(drv_conn_opts, dsn) || kw->off == offsetof(drv_conn_opts, driver))
            continue;
        if (*field(o, kw->off) != NULL)
            continue;
        int n = SQLGetPrivateProfileString(dsn, kw->name, "", buf, sizeof buf, "odbc.ini");
        if (n > 0 && buf[0] != '\0') {
            size_t vlen = strlen(buf);
            while (vlen > 0 && is_space(buf[vlen - 1]))
                vlen--;
            if (vlen > 0)
                (void)store(o, kw, buf, vlen); /* out of memory: the default applies */
        }
    }
}

/* Growable string for the builder; `failed` sticks after out of memory. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 128;
        while (b->len + n + 1 > ncap)
            ncap *= 2;
        char *np = realloc(b->p, ncap);
        if (np == NULL) {
            b->failed = true;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* A value needs braces when it could be misread unbraced. */
static bool needs_braces(const char *v)
{
    if (v[0] == '\0' || is_space(v[0]) || is_space(v[strlen(v) - 1]))
        return true;
    return strpbrk(v, ";{}=") != NULL;
}

char *drv_connstr_build(const drv_conn_opts *o)
{
    sbuf b = {0};
    sb_put(&b, "", 0);
    for (size_t i = 0; i < NKEYWORDS; i++) {
        const struct keyword *kw = &keywords[i];
        if (!kw->canonical)
            continue;
        const char *v = *cfield(o, kw->off);
        if (v == NULL)
            continue;
        if (b.len > 0)
            sb_put(&b, ";", 1);
        sb_put(&b, kw->name, strlen(kw->name));
        sb_put(&b, "=", 1);
        if (kw->off == offsetof(drv_conn_opts, driver) || needs_braces(v)) {
            sb_put(&b, "{", 1);
            for (const char *p = v; *p; p++) {
                sb_put(&b, p, 1);
                if (*p == '}')
                    sb_put(&b, "}", 1);     /* '}' is written '}}' inside braces */
            }
            sb_put(&b, "}", 1);
        } else {
            sb_put(&b, v, strlen(v));
        }
    }
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
