/*
 * diag.c: the diagnostic records of every handle (SQLGetDiagRec/Field read
 * them in api_diag.c).
 *
 * Records are appended by drv_error/drv_error_at/drv_error_pgw and cleared at
 * the start of each entry point (drv_*_enter). Recording never fails: when
 * memory runs out the handle's list is replaced by one static, read-only
 * HY001 record (a list whose cap is 0 is not owned and never written).
 *
 * Server errors get ODBC 3 SQLSTATEs (map_server_state): the server's own
 * code where it is specific (42P01 -> 42S02 ...), CrateDB's and PostgreSQL's
 * message patterns where it is not (CrateDB sends XX000 for almost every
 * error, FACTS §3.7). The server's text and its own code stay in the
 * record's message ("... (server SQLSTATE XX000)") and native error.
 *
 * Native error numbers: server errors carry their 5-character SQLSTATE packed
 * 6 bits per character, first character in the low bits -- the same number
 * PostgreSQL's MAKE_SQLSTATE macro gives (so 42P01 -> 0x...); driver errors
 * have native 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "log_conn.h"

#define DRV_PREFIX "[CrateDB][ODBC Driver]"
#define DRV_SERVER_PREFIX "[CrateDB][ODBC Driver][Server]"
#define DRV_MAX_DIAG_RECS 64    /* beyond this, further records are dropped */

static char nomem_text[] = DRV_PREFIX "Memory allocation error";
static drv_diag_rec nomem_rec[1] = {{
    .sqlstate = "HY001", .native = 0, .message = nomem_text,
    .row = SQL_NO_ROW_NUMBER, .column = SQL_NO_COLUMN_NUMBER, .from_server = false,
}};

static void free_recs(drv_diag *d)
{
    if (d->cap > 0) {
        for (int i = 0; i < d->count; i++)
            if (d->recs[i].message != nomem_text)
                free(d->recs[i].message);
        free(d->recs);
    }
    d->recs = NULL;
    d->count = d->cap = 0;
}

void drv_diag_free(drv_diag *d)
{
    free_recs(d);
}

void drv_diag_clear(drv_hdr *h)
{
    if (h->diag.count == 0 && h->diag.cap == 0 && !h->diag.recs) {   /* the usual case */
        h->diag.retcode = SQL_SUCCESS;
        return;
    }
    free_recs(&h->diag);
    h->diag.retcode = SQL_SUCCESS;
}

/* Replaces the list with the static HY001 record. */
static void set_nomem(drv_diag *d)
{
    free_recs(d);
    d->recs = nomem_rec;
    d->count = 1;
    d->cap = 0;
}

static SQLRETURN rc_for(const char *sqlstate)
{
    return (sqlstate[0] == '0' && sqlstate[1] == '1') ? SQL_SUCCESS_WITH_INFO : SQL_ERROR;
}

/* Appends a record taking ownership of `msg` (NULL: out of memory). */
static void push(drv_hdr *h, const char *sqlstate, SQLINTEGER native, char *msg, SQLLEN row,
                 SQLINTEGER col, bool from_server)
{
    drv_diag *d = &h->diag;
    if (msg == NULL) {
        set_nomem(d);
        return;
    }
    if (d->cap == 0 && d->count > 0) {
        /* holding the static HY001 list: keep it, it already says why */
        free(msg);
        return;
    }
    if (d->count >= DRV_MAX_DIAG_RECS) {
        free(msg);
        return;
    }
    if (d->count == d->cap) {
        int ncap = d->cap ? d->cap * 2 : 4;
        drv_diag_rec *n = realloc(d->recs, (size_t)ncap * sizeof *n);
        if (n == NULL) {
            free(msg);
            set_nomem(d);
            return;
        }
        d->recs = n;
        d->cap = ncap;
    }
    drv_log_diag(h, sqlstate, msg);
    drv_diag_rec *r = &d->recs[d->count++];
    memcpy(r->sqlstate, sqlstate, 5);
    r->sqlstate[5] = '\0';
    r->native = native;
    r->message = msg;
    r->row = row;
    r->column = col;
    r->from_server = from_server;
}

/* malloc'd prefix + formatted text, or NULL. */
static char *format_msg(const char *prefix, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    size_t plen = strlen(prefix);
    char *m = malloc(plen + (size_t)n + 1);
    if (m == NULL)
        return NULL;
    memcpy(m, prefix, plen);
    vsnprintf(m + plen, (size_t)n + 1, fmt, ap);
    return m;
}

SQLRETURN drv_error(drv_hdr *h, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = format_msg(DRV_PREFIX, fmt, ap);
    va_end(ap);
    push(h, sqlstate, 0, m, SQL_NO_ROW_NUMBER, SQL_NO_COLUMN_NUMBER, false);
    return rc_for(sqlstate);
}

SQLRETURN drv_error_at(drv_hdr *h, const char *sqlstate, SQLLEN row, SQLINTEGER col,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = format_msg(DRV_PREFIX, fmt, ap);
    va_end(ap);
    push(h, sqlstate, 0, m, row, col, false);
    return rc_for(sqlstate);
}

SQLRETURN drv_nomem(drv_hdr *h)
{
    set_nomem(&h->diag);
    return SQL_ERROR;
}

/* PostgreSQL's MAKE_SQLSTATE: ((c - '0') & 0x3F) << 6*i, i = 0 for the first. */
static SQLINTEGER pack_sqlstate(const char *s)
{
    uint32_t v = 0;
    for (int i = 0; i < 5 && s[i]; i++)
        v |= (uint32_t)(((unsigned char)s[i] - '0') & 0x3F) << (6 * i);
    return (SQLINTEGER)v;
}

/* Local pgw failures and the SQLSTATE they map to (connected: see TIMEOUT). */
static const struct {
    pgw_status st;
    const char *sqlstate;
    const char *text;
} local_map[] = {
    {PGW_ERR_NOMEM, "HY001", "Memory allocation error"},
    {PGW_ERR_CONNECT, "08001", "Could not connect to the server"},
    {PGW_ERR_TIMEOUT, "HYT00", "Timeout expired"},
    {PGW_ERR_IO, "08S01", "Communication link failure"},
    {PGW_ERR_PROTOCOL, "08S01", "Protocol violation by the server"},
    {PGW_ERR_AUTH, "28000", "Authentication failed"},
    {PGW_ERR_STATE, "HY010", "Function sequence error"},
    {PGW_ERR_ARG, "HY000", "Internal error: bad argument to the protocol layer"},
    {PGW_ERR_SERVER, "HY000", "Server error"},
    {PGW_ERR_UNSUPPORTED, "HY000", "The server answered with a message the driver does not "
     "support"},
};

/* Server SQLSTATEs that have a specific ODBC 3 counterpart. A code not
 * here keeps its class's rule in map_server_state. */
static const struct { const char *server, *odbc; } state_map[] = {
    {"42601", "42000"}, {"42P01", "42S02"}, {"42703", "42S22"}, {"42P07", "42S01"},
    {"42701", "42S21"}, {"42P06", "42000"}, {"42702", "42000"}, {"42P09", "42000"},
    {"42883", "42000"}, {"42501", "42000"}, {"42704", "42000"}, {"42710", "42000"},
    {"42P17", "42000"}, {"23505", "23000"}, {"22012", "22012"}, {"22P02", "22018"},
    {"22003", "22003"}, {"22001", "22001"}, {"22007", "22007"}, {"22008", "22008"},
    {"28P01", "28000"}, {"28000", "28000"}, {"3F000", "3F000"}, {"2BP01", "42000"},
    {"25P02", "25000"}, {"40001", "40001"}, {"40P01", "40001"},
};

/* Message patterns for unspecific codes (XX000 from CrateDB, and what the
 * crate test profile turns PostgreSQL's specific codes into). First match
 * wins, so the statement_timeout kill comes before any kill. */
static const struct { const char *pattern, *and_also, *odbc; } message_map[] = {
    {"statement_timeout", NULL, "HYT00"},      /* CrateDB: Job killed. statement_timeout */
    {"statement timeout", NULL, "HYT00"},      /* PostgreSQL: canceling ... statement timeout */
    {"Job killed", NULL, "HY008"},             /* CrateDB: cancel, KILL */
    {"canceling statement due to user request", NULL, "HY008"},
    {"Relation '", " unknown", "42S02"},       /* CrateDB: Relation 'foo' unknown */
    {"Schema '", " unknown", "3F000"},         /* CrateDB: Schema 'x' unknown */
    {"Column ", " unknown", "42S22"},          /* CrateDB: Column x unknown */
    {"relation \"", "does not exist", "42S02"},
    {"column ", "does not exist", "42S22"},
    {"Relation '", "already exists", "42S01"},
    {"relation \"", "already exists", "42S01"},
    {"No cursor named `", NULL, "34000"},      /* CrateDB: FETCH or CLOSE of no cursor */
    {"cursor \"", "does not exist", "34000"},
    {"same primary key", NULL, "23000"},       /* CrateDB: duplicate primary key */
    {"duplicate key", NULL, "23000"},
    {"by zero", NULL, "22012"},                /* division by zero, / by zero */
    /* CrateDB, once the JVM has compiled integer division: x / 0 and x % 0
     * raise a preallocated ArithmeticException without a message, and
     * CrateDB names its wrapper and frame instead */
    {"Exception in io.crate.expression.scalar.BinaryScalar", NULL, "22012"},
    {"Division undefined", NULL, "22012"},     /* CrateDB: numeric 0 / 0 */
    {"integer overflow", NULL, "22003"},       /* CrateDB: Math.addExact ... */
    {"long overflow", NULL, "22003"},
    {"\" must not be null", NULL, "23000"},    /* CrateDB: "n" must not be null */
    {"key value must not be NULL", NULL, "23000"}, /* CrateDB: primary key NULL */
    {"Failed CONSTRAINT ", " CHECK ", "23000"}, /* CrateDB: CHECK constraint */
    {"violates ", " constraint", "23000"},     /* PostgreSQL's texts (crate profile) */
    {"Cannot cast", NULL, "22018"},            /* CrateDB cast errors */
    {"cannot be cast", NULL, "22018"},
    {"invalid input syntax", NULL, "22018"},
    {"out of range", NULL, "22003"},
    {"mismatched input", NULL, "42000"},       /* CrateDB parser messages */
    {"no viable alternative", NULL, "42000"},
    {"extraneous input", NULL, "42000"},
    {"syntax error", NULL, "42000"},
    {"Missing privilege", NULL, "42000"},
    {"Missing '", NULL, "42000"},
};

/* The ODBC 3 SQLSTATE for a server error: its code when specific, else a
 * pattern of its message, else the code itself (HY000 for XX000). */
static const char *map_server_state(const char *code, const char *msg)
{
    for (size_t i = 0; i < sizeof state_map / sizeof state_map[0]; i++)
        if (strcmp(state_map[i].server, code) == 0)
            return state_map[i].odbc;
    bool generic = strcmp(code, "XX000") == 0 || code[0] == '\0';
    if (generic || strncmp(code, "57", 2) == 0)
        for (size_t i = 0; i < sizeof message_map / sizeof message_map[0]; i++)
            if (strstr(msg, message_map[i].pattern) &&
                (!message_map[i].and_also || strstr(msg, message_map[i].and_also)))
                return message_map[i].odbc;
    if (strncmp(code, "42", 2) == 0)
        return "42000";
    if (strncmp(code, "23", 2) == 0)   /* 23502 not null, 23514 check ... */
        return "23000";
    if (generic)
        return "HY000";
    return code;
}

/* Whether a SQLSTATE's class is one of success (00), warning (01) or no
 * data (02): the classes that do not mean the request failed. */
static bool is_completion_class(const char *state)
{
    return state[0] == '0' && (state[1] == '0' || state[1] == '1' || state[1] == '2');
}

static bool ends_session(const pgw_error *e)
{
    return e->severity &&
           (strcmp(e->severity, "FATAL") == 0 || strcmp(e->severity, "PANIC") == 0);
}

/* A server error's record: mapped SQLSTATE, the server's code as native
 * error, its text led by `lead` ("" for none), at `row`. Always SQL_ERROR:
 * an ErrorResponse failed the request whatever code it carries, so a code
 * of a completion class (a server that sends 01000 in an ErrorResponse)
 * becomes HY000, which SQL_SUCCESS_WITH_INFO or SQL_NO_DATA cannot hide;
 * the server's code stays in the text and the native error. */
static SQLRETURN push_server_error(drv_hdr *h, const pgw_error *e, const char *lead, SQLLEN row)
{
    const char *code = e->sqlstate[0] ? e->sqlstate : "XX000";
    const char *msg = e->message ? e->message : "(no message)";
    const char *state = map_server_state(code, msg);
    /* A FATAL on a statement ends the session (a server restart or shutdown
     * sends 57P01, pg_terminate_backend too): the application, or its pool,
     * must learn that the connection is gone, whatever the server's code. */
    if (h->kind == DRV_STMT && ends_session(e))
        state = "08S01";
    if (is_completion_class(state))
        state = "HY000";
    char suffix[32];
    int slen = snprintf(suffix, sizeof suffix, " (server SQLSTATE %s)", code);
    /* [lead] message [\nDETAIL: d] [\nHINT: h]; never the W field (Java stack) */
    size_t plen = strlen(DRV_SERVER_PREFIX), llen = strlen(lead), mlen = strlen(msg);
    size_t dlen = e->detail ? strlen(e->detail) + 9 : 0;
    size_t hlen = e->hint ? strlen(e->hint) + 7 : 0;
    char *m = malloc(plen + llen + mlen + (size_t)slen + dlen + hlen + 1);
    if (m != NULL) {
        char *p = m;
        memcpy(p, DRV_SERVER_PREFIX, plen), p += plen;
        memcpy(p, lead, llen), p += llen;
        memcpy(p, msg, mlen), p += mlen;
        memcpy(p, suffix, (size_t)slen), p += slen;
        if (e->detail) {
            memcpy(p, "\nDETAIL: ", 9), p += 9;
            memcpy(p, e->detail, dlen - 9), p += dlen - 9;
        }
        if (e->hint) {
            memcpy(p, "\nHINT: ", 7), p += 7;
            memcpy(p, e->hint, hlen - 7), p += hlen - 7;
        }
        *p = '\0';
    }
    push(h, state, pack_sqlstate(code), m, row, SQL_NO_COLUMN_NUMBER, true);
    return SQL_ERROR;
}

SQLRETURN drv_error_server_set(drv_hdr *h, const pgw_error *e, SQLULEN set)
{
    char lead[48];
    snprintf(lead, sizeof lead, "Parameter set %lu: ", (unsigned long)set);
    return push_server_error(h, e, lead, (SQLLEN)set);
}

SQLRETURN drv_error_pgw(drv_hdr *h, pgw_conn *c, pgw_status st)
{
    if (st == PGW_OK)
        return SQL_SUCCESS;
    const pgw_error *e = c ? pgw_conn_error(c) : NULL;

    if (e != NULL && e->is_server)
        return push_server_error(h, e, "", SQL_NO_ROW_NUMBER);

    const char *state = "HY000", *text = "Unknown protocol error";
    for (size_t i = 0; i < sizeof local_map / sizeof local_map[0]; i++)
        if (local_map[i].st == st) {
            state = local_map[i].sqlstate;
            text = local_map[i].text;
            break;
        }
    if (st == PGW_ERR_NOMEM)
        return drv_nomem(h);
    /* A network wait that runs out during a statement is HYT01 (the
     * connection timeout); during connect it is HYT00 (the login timeout).
     * protocol/ closes a timed-out connection, so its state cannot tell. */
    if (st == PGW_ERR_TIMEOUT && h->kind == DRV_STMT)
        state = "HYT01";
    /* protocol/ names the state of an answer it refused (0A000 for COPY) */
    if (st == PGW_ERR_UNSUPPORTED && e != NULL && e->sqlstate[0])
        state = e->sqlstate;
    if (e != NULL && e->message != NULL && e->message[0])
        text = e->message;
    return drv_error(h, state, "%s", text);
}
