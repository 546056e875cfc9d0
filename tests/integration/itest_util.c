/*
 * itest_util.c: configuration, diagnostics, connection and string helpers for the
 * integration tests. No test cases live here.
 */
#include "itest.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

itest_config itest_cfg;
SQLHENV itest_env = SQL_NULL_HENV;

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : dflt;
}

void itest_config_load(void)
{
    itest_cfg.profile = env_or("ITEST_PROFILE", "pg");
    itest_cfg.dsn = env_or("ITEST_DSN", "crate_pw");
    itest_cfg.driver = env_or("ITEST_DRIVER", "CrateDB");
    itest_cfg.server = env_or("ITEST_SERVER", "127.0.0.1");
    itest_cfg.port = env_or("ITEST_PORT", NULL);
    itest_cfg.database = env_or("ITEST_DATABASE", "doc");
    itest_cfg.tls_dir = env_or("ITEST_TLS_DIR", NULL);
    snprintf(itest_cfg.pg_major, sizeof itest_cfg.pg_major, "%s.",
             env_or("ITEST_PG_MAJOR", "15"));
}

bool itest_profile_is(const char *profile)
{
    return strcmp(itest_cfg.profile, profile) == 0;
}

void itest_dump_diag(const char *what, SQLSMALLINT htype, SQLHANDLE h)
{
    for (SQLSMALLINT i = 1;; i++) {
        SQLCHAR state[6] = "", msg[1024] = "";
        SQLINTEGER native = 0;
        SQLSMALLINT len = 0;
        SQLRETURN rc = SQLGetDiagRec(htype, h, i, state, &native, msg, sizeof msg, &len);
        if (!SQL_SUCCEEDED(rc))
            break;
        fprintf(stderr, "    [%s] diag %d: %s (native %d): %s\n", what, i, state, (int)native, msg);
    }
}

bool itest_diag(SQLSMALLINT htype, SQLHANDLE h, char state[6], char *msg, size_t msglen)
{
    SQLCHAR st[6] = "";
    SQLCHAR buf[2048] = "";
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    SQLRETURN rc = SQLGetDiagRec(htype, h, 1, st, &native, buf, sizeof buf, &len);
    state[0] = '\0';
    if (msg != NULL && msglen > 0)
        msg[0] = '\0';
    if (!SQL_SUCCEEDED(rc))
        return false;
    memcpy(state, st, 6);
    state[5] = '\0';
    if (msg != NULL && msglen > 0)
        snprintf(msg, msglen, "%s", (const char *)buf);
    return true;
}

bool itest_check(SQLRETURN rc, SQLSMALLINT htype, SQLHANDLE h, const char *what,
                 const char *file, unsigned line)
{
    if (SQL_SUCCEEDED(rc))
        return true;
    fprintf(stderr, "\n    %s:%u: %s returned %d\n", file, line, what, (int)rc);
    if (h != NULL)
        itest_dump_diag(what, htype, h);
    CU_assertImplementation(CU_FALSE, line, what, file, "", CU_FALSE);
    return false;
}

/* Is `state` one of the '|'-separated `states`? */
static bool state_in(const char *state, const char *states)
{
    size_t n = strlen(state);
    for (const char *p = states; *p != '\0';) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, state, n) == 0)
            return true;
        if (bar == NULL)
            break;
        p = bar + 1;
    }
    return false;
}

bool itest_expect_state(SQLRETURN rc, SQLRETURN expect_rc, SQLSMALLINT htype, SQLHANDLE h,
                        const char *states, const char *file, unsigned line)
{
    char state[6], msg[1024];
    bool ok = rc == expect_rc;
    if (!ok)
        fprintf(stderr, "\n    %s:%u: expected rc %d, got %d\n", file, line, (int)expect_rc, (int)rc);
    if (!itest_diag(htype, h, state, msg, sizeof msg)) {
        fprintf(stderr, "\n    %s:%u: expected SQLSTATE %s, got no diagnostic record\n", file,
                line, states);
        ok = false;
    } else if (!state_in(state, states)) {
        fprintf(stderr, "\n    %s:%u: expected SQLSTATE %s, got %s: %s\n", file, line, states,
                state, msg);
        ok = false;
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, line, "expected SQLSTATE", file, "",
                            CU_FALSE);
    return ok;
}

SQLRETURN itest_connect_dsn(SQLHDBC *dbc, const char *dsn, const char *uid, const char *pwd)
{
    *dbc = SQL_NULL_HDBC;
    SQLRETURN rc = SQLAllocHandle(SQL_HANDLE_DBC, itest_env, dbc);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return SQLConnect(*dbc, (SQLCHAR *)dsn, SQL_NTS, (SQLCHAR *)uid, uid ? SQL_NTS : 0,
                      (SQLCHAR *)pwd, pwd ? SQL_NTS : 0);
}

SQLHDBC itest_connect(void)
{
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, itest_cfg.dsn, NULL, NULL);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    return dbc;
}

void itest_disconnect(SQLHDBC dbc)
{
    if (dbc == SQL_NULL_HDBC)
        return;
    ITEST_OK(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_HANDLE_DBC, dbc);
}

typedef struct cancel_arg {
    SQLHSTMT st;
    int delay_ms;
    SQLRETURN rc;
} cancel_arg;

static void *cancel_later(void *p)
{
    cancel_arg *a = p;
    usleep((useconds_t)a->delay_ms * 1000);
    a->rc = SQLCancel(a->st);
    return NULL;
}

SQLRETURN itest_run_cancelled(SQLHSTMT st, SQLRETURN (*work)(SQLHSTMT st, void *arg),
                              void *arg, int delay_ms, SQLRETURN *cancel_rc)
{
    cancel_arg a = {st, delay_ms, SQL_ERROR};
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, cancel_later, &a) == 0);
    SQLRETURN rc = work(st, arg);
    pthread_join(th, NULL);
    *cancel_rc = a.rc;
    return rc;
}

static SQLRETURN exec_direct(SQLHSTMT st, void *sql)
{
    return SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
}

SQLRETURN itest_exec_cancelled(SQLHSTMT st, const char *sql, int delay_ms, SQLRETURN *cancel_rc)
{
    return itest_run_cancelled(st, exec_direct, (void *)sql, delay_ms, cancel_rc);
}

void itest_dsnless(char *out, size_t outlen, const char *uid, const char *pwd, const char *extra)
{
    if (itest_cfg.port == NULL)
        CU_FAIL_FATAL("ITEST_PORT is not set (tests/run.sh sets it)");
    /* The driver path is braced: a path may contain ';' in principle. */
    snprintf(out, outlen, "DRIVER={%s};SERVER=%s;PORT=%s;DATABASE=%s;UID=%s;PWD=%s%s%s",
             itest_cfg.driver, itest_cfg.server, itest_cfg.port, itest_cfg.database, uid, pwd,
             extra ? ";" : "", extra ? extra : "");
}

SQLHSTMT itest_stmt(SQLHDBC dbc)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc);
    return st;
}

void itest_free_stmt(SQLHSTMT st)
{
    if (st != SQL_NULL_HSTMT)
        ITEST_OK(SQLFreeHandle(SQL_HANDLE_STMT, st), SQL_HANDLE_STMT, st);
}

bool itest_exec(SQLHSTMT st, const char *sql)
{
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (rc == SQL_NO_DATA)
        return true;
    if (!SQL_SUCCEEDED(rc))
        fprintf(stderr, "\n    failing SQL: %s\n", sql);
    return ITEST_OK(rc, SQL_HANDLE_STMT, st);
}

bool itest_exec_on(SQLHDBC dbc, const char *sql)
{
    SQLHSTMT st = itest_stmt(dbc);
    bool ok = itest_exec(st, sql);
    itest_free_stmt(st);
    return ok;
}

bool itest_query_text(SQLHDBC dbc, const char *sql, char *out, size_t outlen)
{
    SQLHSTMT st = itest_stmt(dbc);
    SQLLEN ind = 0;
    bool ok = itest_exec(st, sql);
    out[0] = '\0';
    if (ok)
        ok = ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    if (ok)
        ok = ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, (SQLLEN)outlen, &ind), SQL_HANDLE_STMT, st);
    if (ok && ind == SQL_NULL_DATA)
        snprintf(out, outlen, "<NULL>");
    itest_free_stmt(st);
    return ok;
}

void itest_table_name(char *out, size_t outlen, const char *prefix)
{
    static unsigned counter;
    snprintf(out, outlen, "%s_%ld_%u", prefix, (long)getpid(), ++counter);
}

SQLWCHAR *itest_w(const char *utf8, size_t *units)
{
    size_t n = strlen(utf8);
    /* Worst case one unit per byte plus the terminator. */
    SQLWCHAR *w = calloc(n + 1, sizeof *w);
    size_t k = 0;
    const unsigned char *s = (const unsigned char *)utf8;
    if (w == NULL)
        return NULL;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int extra;
        if (s[i] < 0x80) { cp = s[i]; extra = 0; }
        else if ((s[i] & 0xE0) == 0xC0) { cp = s[i] & 0x1F; extra = 1; }
        else if ((s[i] & 0xF0) == 0xE0) { cp = s[i] & 0x0F; extra = 2; }
        else { cp = s[i] & 0x07; extra = 3; }
        i++;
        for (int e = 0; e < extra && i < n; e++, i++)
            cp = (cp << 6) | (s[i] & 0x3F);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[k++] = (SQLWCHAR)(0xD800 + (cp >> 10));
            w[k++] = (SQLWCHAR)(0xDC00 + (cp & 0x3FF));
        } else {
            w[k++] = (SQLWCHAR)cp;
        }
    }
    w[k] = 0;
    if (units != NULL)
        *units = k;
    return w;
}

char *itest_w_to_utf8(const SQLWCHAR *w, size_t n)
{
    char *out = malloc(n * 4 + 1);
    size_t k = 0;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = w[i];
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 1 >= n || w[i + 1] < 0xDC00 || w[i + 1] > 0xDFFF) {
                free(out);
                return NULL;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (w[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            free(out);
            return NULL;
        }
        if (cp < 0x80) {
            out[k++] = (char)cp;
        } else if (cp < 0x800) {
            out[k++] = (char)(0xC0 | (cp >> 6));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[k++] = (char)(0xE0 | (cp >> 12));
            out[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[k++] = (char)(0xF0 | (cp >> 18));
            out[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[k] = '\0';
    return out;
}

size_t itest_wlen(const SQLWCHAR *w)
{
    size_t n = 0;
    while (w[n] != 0)
        n++;
    return n;
}

void itest_add_suite(const char *name, const itest_case *cases)
{
    char full[128];
    snprintf(full, sizeof full, "%s [%s]", name, itest_cfg.profile);
    CU_pSuite s = CU_add_suite(full, NULL, NULL);
    if (s == NULL) {
        fprintf(stderr, "CU_add_suite(%s): %s\n", full, CU_get_error_msg());
        exit(2);
    }
    for (const itest_case *c = cases; c->name != NULL; c++) {
        if (CU_add_test(s, c->name, c->fn) == NULL) {
            fprintf(stderr, "CU_add_test(%s): %s\n", c->name, CU_get_error_msg());
            exit(2);
        }
    }
}
