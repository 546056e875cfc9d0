/*
 * test_api_hostile.c: hostile application input, table-driven, straight into
 * the driver's own entry points (driver/api_*.c are compiled into this
 * program, so no driver manager screens the calls first): NULL and
 * wrong-type handles, NULL pointers, negative and odd buffer lengths,
 * strings that end where their length says (no terminator), bad attribute
 * and option values, function sequence errors. Every row states the call,
 * the return code the ODBC 3.8 reference documents and, where it documents
 * one, the SQLSTATE of the first diagnostic record on the handle named. A
 * crash, an overread or an overwrite fails the run as well: input strings
 * given with a length, and small output buffers, end right before a
 * PROT_NONE page (guarded() below), so reading or writing one byte too far
 * is a SIGSEGV in every build, not only under ASan; an odd-sized UTF-16
 * output buffer, aligned as an application must pass it, ends one byte
 * before that page, and that byte is checked after the call.
 *
 * The connection is real as far as the driver knows: its pgw_conn is one end
 * of a socketpair whose other end is a small fake server (serve()) that
 * answers the extended protocol the way PostgreSQL does: a statement whose
 * text starts with SELECT has one text column "c1" and one row ("42", or
 * NULL when the text says NULL); anything else is a command without rows.
 * Each `?` of the application's text is a `$n` parameter of type text.
 *
 * Freed handles: the driver validates a handle by the kind word at its
 * address (drv_hdr.kind), which drv_*_free clears before free(). That
 * catches a stale handle only while its memory is not reused, and reading
 * it at all is a use after free (undefined behaviour; ASan reports it), so
 * no row passes a freed env, dbc, desc or statement to an entry point that
 * dereferences it. SQLCancel is the exception: it looks the handle up in
 * the list of live statements (driver/timeout.c) without touching it, so a
 * freed statement there is SQL_INVALID_HANDLE, and that is tested.
 *
 * Spec pages cited below are those of the ODBC API reference,
 * https://learn.microsoft.com/sql/odbc/reference/syntax/<function>-function
 * ("(DM)" marks an error the driver manager usually raises first; called
 * directly, the driver must raise it, or at least not crash).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pgw_int.h"
#include "stmt_int.h"
#include "unit.h"

/* ------------------------------------------------------------ the fake server */

#define FAKE_NAMES 32

typedef enum { K_NONE, K_ROWS, K_NULL_ROW, K_COMMAND } result_kind;

/* What a statement or portal name stands for: the kind of its text and how
 * many parameters the text has. */
typedef struct named {
    char name[32];
    result_kind kind;
    int nparams;
} named;

typedef struct fake {
    int fd;
    pthread_t th;
    named stmts[FAKE_NAMES], portals[FAKE_NAMES];
} fake;

static named *lookup(named *tab, const char *name, bool add)
{
    for (int i = 0; i < FAKE_NAMES; i++)
        if (tab[i].kind != K_NONE && strcmp(tab[i].name, name) == 0)
            return &tab[i];
    if (!add)
        return NULL;
    for (int i = 0; i < FAKE_NAMES; i++)
        if (tab[i].kind == K_NONE) {
            snprintf(tab[i].name, sizeof tab[i].name, "%s", name);
            return &tab[i];
        }
    return NULL;
}

static void put_u16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static bool send_rowdesc(int fd)
{
    unsigned char b[2 + 3 + 18];
    put_u16(b, 1);
    memcpy(b + 2, "c1", 3);
    unsigned char *f = b + 5;
    put_u32(f, 0);              /* table OID */
    put_u16(f + 4, 0);          /* attnum */
    put_u32(f + 6, 25);         /* text: the same bytes in either format */
    put_u16(f + 10, 0xffff);    /* typlen */
    put_u32(f + 12, 0xffffffffu);
    put_u16(f + 16, 0);
    return unit_send_msg(fd, 'T', b, sizeof b);
}

static bool send_param_desc(int fd, int n)
{
    unsigned char b[2 + 4 * 16];
    n = n > 16 ? 16 : n;
    put_u16(b, (unsigned)n);
    for (int i = 0; i < n; i++)
        put_u32(b + 2 + 4 * i, 25);
    return unit_send_msg(fd, 't', b, 2 + 4 * (size_t)n);
}

static bool send_describe(int fd, result_kind k)
{
    return k == K_COMMAND ? unit_send_msg(fd, 'n', "", 0) : send_rowdesc(fd);
}

static bool send_execute(int fd, result_kind k)
{
    if (k == K_COMMAND)
        return unit_send_msg(fd, 'C', "INSERT 0 1", 11);
    unsigned char row[2 + 4 + 2];
    put_u16(row, 1);
    size_t n = 6;
    if (k == K_NULL_ROW) {
        put_u32(row + 2, 0xffffffffu);
    } else {
        put_u32(row + 2, 2);
        memcpy(row + 6, "42", 2);
        n = 8;
    }
    return unit_send_msg(fd, 'D', row, n) && unit_send_msg(fd, 'C', "SELECT 1", 9);
}

/* Parse: name, text. The text's kind and its $n count are remembered. */
static void on_parse(fake *f, const unsigned char *body, size_t n)
{
    const char *name = (const char *)body;
    size_t nl = strnlen(name, n);
    if (nl >= n)
        return;
    const char *sql = name + nl + 1;
    named *s = lookup(f->stmts, name, true);
    if (!s)
        return;
    s->kind = strncasecmp(sql, "SELECT", 6) != 0 ? K_COMMAND
              : strstr(sql, "NULL")              ? K_NULL_ROW
                                                 : K_ROWS;
    s->nparams = 0;
    for (const char *p = sql; *p; p++)
        s->nparams += *p == '$';
}

/* Bind: portal, statement. The portal stands for its statement's text. */
static void on_bind(fake *f, const unsigned char *body, size_t n)
{
    const char *portal = (const char *)body;
    size_t pl = strnlen(portal, n);
    if (pl >= n)
        return;
    named *s = lookup(f->stmts, portal + pl + 1, false);
    named *p = lookup(f->portals, portal, true);
    if (s && p) {
        p->kind = s->kind;
        p->nparams = s->nparams;
    }
}

static bool on_message(fake *f, char type, const unsigned char *body, size_t n)
{
    named *x;
    switch (type) {
    case 'P':
        on_parse(f, body, n);
        return unit_send_msg(f->fd, '1', "", 0);
    case 'B':
        on_bind(f, body, n);
        return unit_send_msg(f->fd, '2', "", 0);
    case 'D':
        if (n < 2)
            return false;
        if (body[0] == 'S') {
            x = lookup(f->stmts, (const char *)body + 1, false);
            return send_param_desc(f->fd, x ? x->nparams : 0) &&
                   send_describe(f->fd, x ? x->kind : K_COMMAND);
        }
        x = lookup(f->portals, (const char *)body + 1, false);
        return send_describe(f->fd, x ? x->kind : K_COMMAND);
    case 'E':
        x = lookup(f->portals, (const char *)body, false);
        return send_execute(f->fd, x ? x->kind : K_COMMAND);
    case 'C':
        if (n >= 2 && (x = lookup(body[0] == 'S' ? f->stmts : f->portals,
                                  (const char *)body + 1, false)))
            x->kind = K_NONE;
        return unit_send_msg(f->fd, '3', "", 0);
    case 'S':
        return unit_send_msg(f->fd, 'Z', "I", 1);
    default:        /* Flush */
        return true;
    }
}

static void *serve(void *arg)
{
    fake *f = arg;
    static unsigned char body[65536];
    for (;;) {
        unsigned char head[5];
        if (!unit_read_full(f->fd, head, 5) || head[0] == 'X')
            break;
        size_t n = ((size_t)head[1] << 24 | (size_t)head[2] << 16 | (size_t)head[3] << 8 |
                    head[4]) - 4;
        if (n >= sizeof body || !unit_read_full(f->fd, body, n))
            break;
        body[n] = 0;     /* names are C strings even in a cut message */
        if (!on_message(f, (char)head[0], body, n))
            break;
    }
    return NULL;
}

/* ------------------------------------------------------------ the fixture */

/* The state a row's statement is put into before its call. */
typedef enum st_state {
    S_NEW,          /* allocated                                        */
    S_PREPARED,     /* SQLPrepare("SELECT 1")                           */
    S_PREP_PARAM,   /* SQLPrepare("SELECT ?"), nothing bound            */
    S_CURSOR,       /* SQLExecDirect("SELECT 1"): open, before the row  */
    S_ON_ROW,       /* ... and SQLFetch: on the row ("42")              */
    S_ON_NULL,      /* SQLExecDirect("SELECT NULL") + SQLFetch          */
    S_AFTER_END,    /* S_ON_ROW + SQLFetch (SQL_NO_DATA)                */
    S_NO_RESULT,    /* SQLExecDirect("INSERT ..."): executed, no cursor */
    S_NEED_DATA,    /* a data-at-execution parameter, SQLExecute gave
                       SQL_NEED_DATA, SQLParamData named the parameter  */
    S_HAS_DIAG      /* S_NEW after a failed call: one diagnostic record */
} st_state;

#define MAX_MAPS 8

typedef struct fx {
    fake f;
    SQLHENV env;
    SQLHDBC dbc;        /* connected to the fake */
    SQLHDBC dbc0;       /* allocated, never connected */
    SQLHSTMT stmt;      /* put into the row's state before each row */
    SQLHDESC desc;      /* an explicit descriptor of dbc */
    SQLLEN dae_ind;
    SQLPOINTER token;
    struct {
        void *p;
        size_t n;
        unsigned char *canary;  /* a slack byte that must stay 0x5a, or NULL */
    } maps[MAX_MAPS];
    int nmaps;
} fx;

static fx X;

/*
 * n bytes (copied from src when given, else 0x5a) that end exactly where a
 * PROT_NONE page begins: reading or writing past them faults. Unmapped after
 * the row.
 */
static void *guarded_at(const void *src, size_t n, size_t slack)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t span = ((n + (size_t)page - 1) / (size_t)page + 1) * (size_t)page;
    unsigned char *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
    CU_ASSERT_FATAL(m != MAP_FAILED);
    CU_ASSERT_FATAL(X.nmaps < MAX_MAPS);
    CU_ASSERT_EQUAL_FATAL(mprotect(m + span - (size_t)page, (size_t)page, PROT_NONE), 0);
    unsigned char *p = m + span - (size_t)page - n - slack;
    if (src)
        memcpy(p, src, n);
    else
        memset(p, 0x5a, n + slack);
    X.maps[X.nmaps].p = m;
    X.maps[X.nmaps].n = span;
    X.maps[X.nmaps++].canary = slack ? p + n : NULL;
    return p;
}

static void *guarded(const void *src, size_t n)
{
    return guarded_at(src, n, 0);
}

/* An output buffer for UTF-16 of n bytes, n odd: SQLWCHAR-aligned as the
 * application must pass it, so one slack byte sits between its end and the
 * guard page; that byte is checked after the call instead. */
static void *guarded_odd_w(size_t n)
{
    return guarded_at(NULL, n, 1);
}

/* An ANSI string without its terminator, ending at a guard page. */
static SQLCHAR *unterminated(const char *s)
{
    return guarded(s, strlen(s));
}

/* The same as UTF-16 (ASCII input), without its terminator. */
static SQLWCHAR *unterminated_w(const char *s)
{
    size_t n = strlen(s);
    SQLWCHAR *w = guarded(NULL, n * sizeof(SQLWCHAR));
    for (size_t i = 0; i < n; i++)
        w[i] = (SQLWCHAR)(unsigned char)s[i];
    return w;
}

/* A NUL-terminated UTF-16 copy of ASCII text (static: one per row is enough). */
static SQLWCHAR *wstr(const char *s)
{
    static SQLWCHAR w[256];
    size_t i = 0;
    for (; s[i] && i < 255; i++)
        w[i] = (SQLWCHAR)(unsigned char)s[i];
    w[i] = 0;
    return w;
}

/* False when a call wrote into the slack byte behind an odd-sized buffer. */
static bool unmap_all(void)
{
    bool intact = true;
    for (int i = 0; i < X.nmaps; i++) {
        if (X.maps[i].canary && *X.maps[i].canary != 0x5a)
            intact = false;
        munmap(X.maps[i].p, X.maps[i].n);
    }
    X.nmaps = 0;
    return intact;
}

/* The statement's implicit descriptors. */
static SQLHDESC stmt_desc(SQLINTEGER attr)
{
    SQLHDESC d = NULL;
    CU_ASSERT_EQUAL(SQLGetStmtAttr(X.stmt, attr, &d, 0, NULL), SQL_SUCCESS);
    return d;
}
#define ARD() stmt_desc(SQL_ATTR_APP_ROW_DESC)
#define IRD() stmt_desc(SQL_ATTR_IMP_ROW_DESC)

/* A statement allocated and freed again: its handle is stale. */
static SQLHSTMT freed_stmt(void)
{
    SQLHSTMT s = NULL;
    CU_ASSERT_EQUAL(SQLAllocHandle(SQL_HANDLE_STMT, X.dbc, &s), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLFreeHandle(SQL_HANDLE_STMT, s), SQL_SUCCESS);
    return s;
}

static SQLRETURN exec_a(const char *sql)
{
    return SQLExecDirect(X.stmt, (SQLCHAR *)sql, SQL_NTS);
}

/* Puts a fresh statement into state st; false (with a CUnit failure) when
 * the set-up itself did not go as the driver should make it go. */
static bool enter_state(st_state st)
{
    if (X.stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, X.stmt);
    X.stmt = NULL;
    if (SQLAllocHandle(SQL_HANDLE_STMT, X.dbc, &X.stmt) != SQL_SUCCESS)
        return false;
    switch (st) {
    case S_NEW:
        return true;
    case S_PREPARED:
        return SQLPrepare(X.stmt, (SQLCHAR *)"SELECT 1", SQL_NTS) == SQL_SUCCESS;
    case S_PREP_PARAM:
        return SQLPrepare(X.stmt, (SQLCHAR *)"SELECT ?", SQL_NTS) == SQL_SUCCESS;
    case S_CURSOR:
        return exec_a("SELECT 1") == SQL_SUCCESS;
    case S_ON_ROW:
        return exec_a("SELECT 1") == SQL_SUCCESS && SQLFetch(X.stmt) == SQL_SUCCESS;
    case S_ON_NULL:
        return exec_a("SELECT NULL") == SQL_SUCCESS && SQLFetch(X.stmt) == SQL_SUCCESS;
    case S_AFTER_END:
        return exec_a("SELECT 1") == SQL_SUCCESS && SQLFetch(X.stmt) == SQL_SUCCESS &&
               SQLFetch(X.stmt) == SQL_NO_DATA;
    case S_NO_RESULT:
        return exec_a("INSERT INTO t VALUES (1)") == SQL_SUCCESS;
    case S_NEED_DATA:
        X.dae_ind = SQL_DATA_AT_EXEC;
        return SQLPrepare(X.stmt, (SQLCHAR *)"INSERT INTO t VALUES (?)", SQL_NTS) ==
                   SQL_SUCCESS &&
               SQLBindParameter(X.stmt, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0,
                                (SQLPOINTER)1, 0, &X.dae_ind) == SQL_SUCCESS &&
               SQLExecute(X.stmt) == SQL_NEED_DATA &&
               SQLParamData(X.stmt, &X.token) == SQL_NEED_DATA;
    case S_HAS_DIAG:
        return SQLExecute(X.stmt) == SQL_ERROR;
    }
    return false;
}

/* Each test runs on its own fixture (CUnit's assertions, which the fake
 * connection's set-up uses, work inside a test only). */
static void fx_start(void)
{
    memset(&X, 0, sizeof X);
    CU_ASSERT_EQUAL_FATAL(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &X.env), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(SQLSetEnvAttr(X.env, SQL_ATTR_ODBC_VERSION,
                                        (SQLPOINTER)SQL_OV_ODBC3, 0), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, X.env, &X.dbc), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, X.env, &X.dbc0), SQL_SUCCESS);
    /* connected as drv_connect leaves a dbc, on the fake instead of a server */
    drv_dbc *dbc = X.dbc;
    dbc->conn = unit_fake_conn(&X.f.fd, false);
    dbc->fetch_size = 0;
    dbc->text_size = 65535;
    dbc->binary_results = true;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&X.f.th, NULL, serve, &X.f), 0);
    CU_ASSERT_EQUAL_FATAL(SQLAllocHandle(SQL_HANDLE_DESC, X.dbc, &X.desc), SQL_SUCCESS);
}

static void fx_stop(void)
{
    if (X.stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, X.stmt);
    SQLFreeHandle(SQL_HANDLE_DESC, X.desc);
    SQLDisconnect(X.dbc);       /* Terminate: the fake's thread ends */
    pthread_join(X.f.th, NULL);
    close(X.f.fd);
    SQLFreeHandle(SQL_HANDLE_DBC, X.dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, X.dbc0);
    SQLFreeHandle(SQL_HANDLE_ENV, X.env);
    (void)unmap_all();
}

/* ------------------------------------------------------------ the table */

/* Where the row's SQLSTATE is read: SQLGetDiagRec(type, handle, 1). */
typedef enum { ON_NONE, ON_ENV, ON_DBC, ON_DBC0, ON_STMT, ON_DESC, ON_IRD } diag_on;

/* Scratch the rows' calls write into. */
static SQLCHAR cbuf[256];
static SQLWCHAR wbuf[128];
static SQLLEN len, ind;
static SQLSMALLINT slen, sval;
static SQLINTEGER ilen, ival;
static SQLULEN uval;
static SQLHANDLE out_h;
/* Application memory that is no handle: readable, the size of a handle's
 * kind word and more, holding no kind. */
static SQLINTEGER not_a_handle[8] = { 0x12345678 };

#define NTS SQL_NTS
#define U(s) ((SQLCHAR *)(s))
#define W(s) wstr(s)
#define DBC_AS_STMT ((SQLHSTMT)X.dbc)
#define STMT_AS_DBC ((SQLHDBC)X.stmt)
#define STMT_AS_DESC ((SQLHDESC)X.stmt)
#define ENV_AS_DBC ((SQLHDBC)X.env)
#define DESC_AS_STMT ((SQLHSTMT)X.desc)

/*
 * ROW(state before, call, expected return code, diagnostics handle, SQLSTATE)
 * A NULL SQLSTATE: the call records nothing that is checked (the spec has
 * no handle to record on, or the return code is all it documents).
 */
#define HOSTILE_ROWS(ROW)                                                                      \
    /* --- SQLAllocHandle / SQLFreeHandle (sqlallochandle, sqlfreehandle) --- */              \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_DBC, NULL, &out_h), SQL_INVALID_HANDLE, ON_NONE, NULL) \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_DBC, X.dbc, &out_h), SQL_INVALID_HANDLE, ON_NONE, NULL) \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_STMT, ENV_AS_DBC, &out_h), SQL_INVALID_HANDLE,        \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_DESC, X.stmt, &out_h), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_ENV, NULL, NULL), SQL_ERROR, ON_NONE, NULL)           \
    /* OutputHandlePtr NULL: HY009, recorded on the InputHandle */                             \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_DBC, X.env, NULL), SQL_ERROR, ON_ENV, "HY009")        \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_STMT, X.dbc, NULL), SQL_ERROR, ON_DBC, "HY009")       \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_DESC, X.dbc, NULL), SQL_ERROR, ON_DBC, "HY009")       \
    /* an unknown HandleType: HY092 on the input handle */                                  \
    ROW(S_NEW, SQLAllocHandle(99, X.env, &out_h), SQL_ERROR, ON_ENV, "HY092")                  \
    ROW(S_NEW, SQLAllocHandle(99, X.dbc, &out_h), SQL_ERROR, ON_DBC, "HY092")                  \
    ROW(S_NEW, SQLAllocHandle(99, NULL, &out_h), SQL_ERROR, ON_NONE, NULL)                     \
    ROW(S_NEW, SQLAllocHandle(SQL_HANDLE_STMT, X.dbc0, &out_h), SQL_ERROR, ON_DBC0, "08003")   \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_ENV, NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)         \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_STMT, DBC_AS_STMT), SQL_INVALID_HANDLE, ON_NONE, NULL) \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_DESC, X.stmt), SQL_INVALID_HANDLE, ON_NONE, NULL)      \
    ROW(S_NEW, SQLFreeHandle(99, X.env), SQL_INVALID_HANDLE, ON_NONE, NULL)                    \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_ENV, X.env), SQL_ERROR, ON_ENV, "HY010")               \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_DBC, X.dbc), SQL_ERROR, ON_DBC, "HY010")               \
    ROW(S_NEW, SQLFreeHandle(SQL_HANDLE_DESC, ARD()), SQL_ERROR, ON_NONE, NULL)                \
    /* --- environment attributes (sqlsetenvattr, sqlgetenvattr) --- */                       \
    ROW(S_NEW, SQLSetEnvAttr(NULL, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0),        \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetEnvAttr(X.dbc, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0),       \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetEnvAttr(X.env, 12345, NULL, 0), SQL_ERROR, ON_ENV, "HY092")               \
    ROW(S_NEW, SQLSetEnvAttr(X.env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)12345, 0), SQL_ERROR,   \
        ON_ENV, "HY024")                                                                       \
    ROW(S_NEW, SQLSetEnvAttr(X.env, SQL_ATTR_CONNECTION_POOLING, (SQLPOINTER)99, 0), SQL_ERROR, \
        ON_ENV, "HY024")                                                                       \
    ROW(S_NEW, SQLGetEnvAttr(NULL, SQL_ATTR_ODBC_VERSION, &ival, 0, NULL), SQL_INVALID_HANDLE, \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetEnvAttr(X.stmt, SQL_ATTR_ODBC_VERSION, &ival, 0, NULL),                   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetEnvAttr(X.env, 12345, &ival, 0, NULL), SQL_ERROR, ON_ENV, "HY092")        \
    ROW(S_NEW, SQLGetEnvAttr(X.env, SQL_ATTR_ODBC_VERSION, &ival, 0, NULL), SQL_SUCCESS,       \
        ON_NONE, NULL)                                                                         \
    /* --- connection attributes (sqlsetconnectattr, sqlgetconnectattr) --- */                \
    ROW(S_NEW, SQLSetConnectAttr(NULL, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)1, 0),                 \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetConnectAttr(STMT_AS_DBC, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)1, 0),          \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, 987654, NULL, 0), SQL_ERROR, ON_DBC, "HY092")          \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)7, 0), SQL_ERROR,     \
        ON_DBC, "HY024")                                                                       \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_ACCESS_MODE, (SQLPOINTER)99, 0), SQL_ERROR,    \
        ON_DBC, "HY024")                                                                       \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_TXN_ISOLATION, (SQLPOINTER)12345, 0),         \
        SQL_ERROR, ON_DBC, "HY024")                                                            \
    /* the catalog cannot change (HYC00) but may be set to what it is, "crate" here: a string \
     * given with its length and no terminator is read to that length only */                  \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_CURRENT_CATALOG, U("doc"), NTS), SQL_ERROR,    \
        ON_DBC, "HYC00")                                                                       \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_CURRENT_CATALOG, unterminated("crate"), 5),   \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_CURRENT_CATALOG, U("crate-and-more"), 5),     \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLSetConnectAttrW(X.dbc, SQL_ATTR_CURRENT_CATALOG, unterminated_w("crate"),    \
                                  10),                                                         \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLSetConnectAttr(X.dbc, SQL_ATTR_CURRENT_CATALOG, U("doc"), -5), SQL_ERROR,    \
        ON_DBC, "HY090")                                                                       \
    ROW(S_NEW, SQLSetConnectAttrW(NULL, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)1, 0),                \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetConnectAttrW(X.dbc, SQL_ATTR_CURRENT_CATALOG, W("doc"), -5), SQL_ERROR,   \
        ON_DBC, "HY090")                                                                       \
    ROW(S_NEW, SQLGetConnectAttr(NULL, SQL_ATTR_AUTOCOMMIT, &uval, 0, NULL),                   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetConnectAttr(X.dbc, 987654, &uval, 0, NULL), SQL_ERROR, ON_DBC, "HY092")   \
    ROW(S_NEW, SQLGetConnectAttr(X.dbc, SQL_ATTR_CURRENT_CATALOG, cbuf, -1, &ilen), SQL_ERROR, \
        ON_DBC, "HY090")                                                                       \
    ROW(S_NEW, SQLGetConnectAttr(X.dbc, SQL_ATTR_AUTOCOMMIT, &uval, 0, NULL), SQL_SUCCESS,     \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetConnectAttrW(NULL, SQL_ATTR_AUTOCOMMIT, &uval, 0, NULL),                  \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetConnectAttrW(X.dbc, SQL_ATTR_CURRENT_CATALOG, wbuf, -1, &ilen),           \
        SQL_ERROR, ON_DBC, "HY090")                                                            \
    /* --- connecting (sqlconnect, sqldriverconnect, sqldisconnect) --- */                    \
    ROW(S_NEW, SQLGetConnectAttrW(X.dbc, SQL_ATTR_CURRENT_CATALOG, guarded_odd_w(3), 3, &ilen), \
        SQL_SUCCESS_WITH_INFO, ON_DBC, "01004")                                                \
    ROW(S_NEW, SQLConnect(NULL, U("x"), NTS, NULL, 0, NULL, 0), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLConnect(STMT_AS_DBC, U("x"), NTS, NULL, 0, NULL, 0), SQL_INVALID_HANDLE,     \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLConnect(X.dbc0, U("x"), -7, NULL, 0, NULL, 0), SQL_ERROR, ON_DBC0, "HY090")  \
    ROW(S_NEW, SQLConnect(X.dbc, U("x"), NTS, NULL, 0, NULL, 0), SQL_ERROR, ON_DBC, "08002")   \
    ROW(S_NEW, SQLConnectW(NULL, W("x"), NTS, NULL, 0, NULL, 0), SQL_INVALID_HANDLE, ON_NONE,  \
        NULL)                                                                                  \
    ROW(S_NEW, SQLConnectW(X.dbc0, W("x"), -7, NULL, 0, NULL, 0), SQL_ERROR, ON_DBC0, "HY090") \
    ROW(S_NEW, SQLDriverConnect(NULL, NULL, U("DSN=x"), NTS, NULL, 0, NULL,                    \
                                SQL_DRIVER_NOPROMPT),                                          \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLDriverConnect(X.dbc0, NULL, U("DSN=x"), -7, NULL, 0, NULL,                   \
                                SQL_DRIVER_NOPROMPT),                                          \
        SQL_ERROR, ON_DBC0, "HY090")                                                           \
    ROW(S_NEW, SQLDriverConnect(X.dbc0, NULL, U("DSN=x"), NTS, cbuf, -1, &slen,                \
                                SQL_DRIVER_NOPROMPT),                                          \
        SQL_ERROR, ON_DBC0, "HY090")                                                           \
    ROW(S_NEW, SQLDriverConnect(X.dbc0, NULL, U("DSN=x"), NTS, NULL, 0, NULL, 99), SQL_ERROR,  \
        ON_DBC0, "HY110")                                                                      \
    ROW(S_NEW, SQLDriverConnect(X.dbc, NULL, U("DSN=x"), NTS, NULL, 0, NULL,                   \
                                SQL_DRIVER_NOPROMPT),                                          \
        SQL_ERROR, ON_DBC, "08002")                                                            \
    /* the string ends at its length: port 1 refuses, after exactly these bytes */            \
    ROW(S_NEW, SQLDriverConnect(X.dbc0, NULL,                                                  \
                                unterminated("Server=127.0.0.1;Port=1;SSLMode=disable"), 39,   \
                                NULL, 0, NULL, SQL_DRIVER_NOPROMPT),                           \
        SQL_ERROR, ON_DBC0, "08001")                                                           \
    ROW(S_NEW, SQLDriverConnectW(NULL, NULL, W("DSN=x"), NTS, NULL, 0, NULL,                   \
                                 SQL_DRIVER_NOPROMPT),                                         \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLDriverConnectW(X.dbc0, NULL, W("DSN=x"), -7, NULL, 0, NULL,                  \
                                 SQL_DRIVER_NOPROMPT),                                         \
        SQL_ERROR, ON_DBC0, "HY090")                                                           \
    ROW(S_NEW, SQLDriverConnectW(X.dbc0, NULL,                                                 \
                                 unterminated_w("Server=127.0.0.1;Port=1;SSLMode=disable"),    \
                                 39, NULL, 0, NULL, SQL_DRIVER_NOPROMPT),                      \
        SQL_ERROR, ON_DBC0, "08001")                                                           \
    ROW(S_NEW, SQLDisconnect(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                         \
    ROW(S_NEW, SQLDisconnect(X.stmt), SQL_INVALID_HANDLE, ON_NONE, NULL)                       \
    ROW(S_NEW, SQLDisconnect(X.dbc0), SQL_ERROR, ON_DBC0, "08003")                             \
    /* --- SQLEndTran (sqlendtran): HY012 for a CompletionType other than commit/rollback */  \
    ROW(S_NEW, SQLEndTran(SQL_HANDLE_DBC, NULL, SQL_COMMIT), SQL_INVALID_HANDLE, ON_NONE, NULL) \
    ROW(S_NEW, SQLEndTran(SQL_HANDLE_DBC, X.env, SQL_COMMIT), SQL_INVALID_HANDLE, ON_NONE,     \
        NULL)                                                                                  \
    ROW(S_NEW, SQLEndTran(SQL_HANDLE_DBC, X.dbc, 99), SQL_ERROR, ON_DBC, "HY012")              \
    ROW(S_NEW, SQLEndTran(SQL_HANDLE_ENV, X.env, 99), SQL_ERROR, ON_ENV, "HY012")              \
    /* --- SQLGetInfo (sqlgetinfo): HY096 unknown type, HY090 negative or odd W length */     \
    ROW(S_NEW, SQLEndTran(SQL_HANDLE_DBC, X.dbc0, SQL_COMMIT), SQL_ERROR, ON_DBC0, "08003")     \
    ROW(S_NEW, SQLGetInfo(NULL, SQL_DRIVER_NAME, cbuf, sizeof cbuf, &slen), SQL_INVALID_HANDLE, \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetInfo(STMT_AS_DBC, SQL_DRIVER_NAME, cbuf, sizeof cbuf, &slen),             \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetInfo((SQLHDBC)not_a_handle, SQL_DRIVER_NAME, cbuf, sizeof cbuf, &slen),   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetInfo(X.dbc, 65000, cbuf, sizeof cbuf, &slen), SQL_ERROR, ON_DBC, "HY096") \
    ROW(S_NEW, SQLGetInfo(X.dbc, SQL_DRIVER_NAME, cbuf, -1, &slen), SQL_ERROR, ON_DBC, "HY090") \
    ROW(S_NEW, SQLGetInfo(X.dbc, SQL_DRIVER_NAME, cbuf, sizeof cbuf, NULL), SQL_SUCCESS,       \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetInfo(X.dbc, SQL_DRIVER_NAME, NULL, 0, &slen), SQL_SUCCESS, ON_NONE, NULL) \
    ROW(S_NEW, SQLGetInfo(X.dbc0, SQL_DBMS_NAME, cbuf, sizeof cbuf, &slen), SQL_ERROR,         \
        ON_DBC0, "08003")                                                                      \
    ROW(S_NEW, SQLGetInfoW(NULL, SQL_DRIVER_NAME, wbuf, sizeof wbuf, &slen),                   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* --- SQLGetFunctions (sqlgetfunctions) --- */                                           \
    ROW(S_NEW, SQLGetInfoW(X.dbc, SQL_DRIVER_NAME, guarded_odd_w(7), 7, &slen), SQL_ERROR,     \
        ON_DBC, "HY090")                                                                       \
    /* BufferLength is ignored for a number: odd is no error there */                        \
    ROW(S_NEW, SQLGetInfoW(X.dbc, SQL_MAX_COLUMNS_IN_SELECT, &sval, 7, &slen), SQL_SUCCESS,    \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetFunctions(NULL, SQL_API_SQLFETCH, (SQLUSMALLINT *)&sval), SQL_INVALID_HANDLE, ON_NONE,    \
        NULL)                                                                                  \
    /* an id beyond the ODBC 3 bitmap (0..3999): HY095; one inside it but unknown: FALSE */  \
    ROW(S_NEW, SQLGetFunctions(X.dbc, 9999, (SQLUSMALLINT *)&sval), SQL_ERROR, ON_DBC, "HY095") \
    ROW(S_NEW, SQLGetFunctions(X.dbc, 3999, (SQLUSMALLINT *)&sval), SQL_SUCCESS, ON_NONE,      \
        NULL)                                                                                  \
    ROW(S_NEW, SQLGetFunctions(X.dbc, SQL_API_SQLFETCH, NULL), SQL_ERROR, ON_DBC, "HY009")     \
    /* --- diagnostics (sqlgetdiagrec, sqlgetdiagfield): SQL_ERROR, nothing recorded --- */    \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, NULL, 1, cbuf, &ival, cbuf, 10, &slen),     \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.dbc, 1, cbuf, &ival, cbuf, 10, &slen),    \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_HAS_DIAG, SQLGetDiagRec(99, X.stmt, 1, cbuf, &ival, cbuf, 10, &slen),                \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, 0, cbuf, &ival, cbuf, 10, &slen),   \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, -1, cbuf, &ival, cbuf, 10, &slen),  \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, 1, cbuf, &ival, cbuf, -1, &slen),   \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, 2, cbuf, &ival, cbuf, 10, &slen),   \
        SQL_NO_DATA, ON_NONE, NULL)                                                            \
    /* every output pointer may be NULL (sqlgetdiagrec): nothing is written, no error */      \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, 1, NULL, NULL, NULL, 0, NULL),      \
        SQL_SUCCESS, ON_NONE, NULL)                                                  \
    ROW(S_HAS_DIAG, SQLGetDiagRec(SQL_HANDLE_STMT, X.stmt, 1, cbuf, NULL, guarded(NULL, 5), 5, \
                                  NULL),                                                       \
        SQL_SUCCESS_WITH_INFO, ON_NONE, NULL)                                                  \
    ROW(S_HAS_DIAG, SQLGetDiagRecW(SQL_HANDLE_STMT, NULL, 1, wbuf, &ival, wbuf, 10, &slen),    \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_HAS_DIAG, SQLGetDiagRecW(SQL_HANDLE_STMT, X.stmt, 0, wbuf, &ival, wbuf, 10, &slen),  \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagRecW(SQL_HANDLE_STMT, X.stmt, 1, wbuf, NULL, guarded(NULL, 10),  \
                                   5, NULL),                                                   \
        SQL_SUCCESS_WITH_INFO, ON_NONE, NULL)                                                  \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, NULL, 1, SQL_DIAG_SQLSTATE, cbuf, 10,     \
                                    &slen),                                                    \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 0, SQL_DIAG_SQLSTATE, cbuf, 10,   \
                                    &slen),                                                    \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_ENV, X.env, 0, SQL_DIAG_ROW_COUNT, &len, 0,     \
                                    NULL),                                                     \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 1, 9999, cbuf, 10, &slen),        \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 1, SQL_DIAG_SQLSTATE,             \
                                    guarded(NULL, 3), 3, &slen),                               \
        SQL_SUCCESS_WITH_INFO, ON_NONE, NULL)                                                  \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 0, SQL_DIAG_NUMBER, &ival, 0,      \
                                    NULL),                                                     \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 1, SQL_DIAG_MESSAGE_TEXT, cbuf,   \
                                    -1, &slen),                                                \
        SQL_ERROR, ON_NONE, NULL)                                                              \
    ROW(S_HAS_DIAG, SQLGetDiagField(SQL_HANDLE_STMT, X.stmt, 1, SQL_DIAG_MESSAGE_TEXT, NULL,   \
                                    0, NULL),                                                  \
        SQL_SUCCESS, ON_NONE, NULL)                                                  \
    ROW(S_HAS_DIAG, SQLGetDiagFieldW(SQL_HANDLE_STMT, NULL, 1, SQL_DIAG_SQLSTATE, wbuf, 10,    \
                                     &slen),                                                   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* 9 bytes for UTF-16: four characters at most, the terminator included */               \
    ROW(S_HAS_DIAG, SQLGetDiagFieldW(SQL_HANDLE_STMT, X.stmt, 1, SQL_DIAG_MESSAGE_TEXT,        \
                                     guarded_odd_w(9), 9, &slen),                              \
        SQL_SUCCESS_WITH_INFO, ON_NONE, NULL)                                                              \
    /* --- preparing and executing (sqlprepare, sqlexecdirect, sqlexecute) --- */             \
    ROW(S_NEW, SQLPrepare(NULL, U("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL)        \
    ROW(S_NEW, SQLPrepare(DBC_AS_STMT, U("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL) \
    ROW(S_NEW, SQLPrepare(X.stmt, NULL, NTS), SQL_ERROR, ON_STMT, "HY009")                     \
    ROW(S_NEW, SQLPrepare(X.stmt, U("SELECT 1"), -5), SQL_ERROR, ON_STMT, "HY090")             \
    ROW(S_NEW, SQLPrepare(X.stmt, unterminated("SELECT 1"), 8), SQL_SUCCESS, ON_NONE, NULL)    \
    ROW(S_CURSOR, SQLPrepare(X.stmt, U("SELECT 1"), NTS), SQL_ERROR, ON_STMT, "24000")         \
    ROW(S_NEW, SQLPrepareW(NULL, W("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL)       \
    ROW(S_NEW, SQLPrepareW(X.stmt, NULL, NTS), SQL_ERROR, ON_STMT, "HY009")                    \
    ROW(S_NEW, SQLPrepareW(X.stmt, W("SELECT 1"), -5), SQL_ERROR, ON_STMT, "HY090")            \
    ROW(S_NEW, SQLPrepareW(X.stmt, unterminated_w("SELECT 1"), 8), SQL_SUCCESS, ON_NONE, NULL) \
    ROW(S_NEW, SQLExecDirect(NULL, U("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL)     \
    ROW(S_NEW, SQLExecDirect(X.env, U("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL)    \
    ROW(S_NEW, SQLExecDirect(X.stmt, NULL, NTS), SQL_ERROR, ON_STMT, "HY009")                  \
    ROW(S_NEW, SQLExecDirect(X.stmt, U("SELECT 1"), -5), SQL_ERROR, ON_STMT, "HY090")          \
    ROW(S_NEW, SQLExecDirect(X.stmt, unterminated("SELECT 1"), 8), SQL_SUCCESS, ON_NONE, NULL) \
    ROW(S_CURSOR, SQLExecDirect(X.stmt, U("SELECT 1"), NTS), SQL_ERROR, ON_STMT, "24000")      \
    ROW(S_NEW, SQLExecDirectW(NULL, W("SELECT 1"), NTS), SQL_INVALID_HANDLE, ON_NONE, NULL)    \
    ROW(S_NEW, SQLExecDirectW(X.stmt, W("SELECT 1"), -5), SQL_ERROR, ON_STMT, "HY090")         \
    ROW(S_NEW, SQLExecDirectW(X.stmt, unterminated_w("SELECT 1"), 8), SQL_SUCCESS, ON_NONE,    \
        NULL)                                                                                  \
    ROW(S_NEW, SQLExecute(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                            \
    ROW(S_NEW, SQLExecute(DESC_AS_STMT), SQL_INVALID_HANDLE, ON_NONE, NULL)                    \
    ROW(S_NEED_DATA, SQLExecute(X.stmt), SQL_ERROR, ON_STMT, "HY010")                          \
    ROW(S_NEED_DATA, SQLFetch(X.stmt), SQL_ERROR, ON_STMT, "HY010")                            \
    /* while data at execution is pending only SQLParamData, SQLPutData, SQLCancel and the    \
     * diagnostics may be called (each function's (DM) HY010) */                              \
    ROW(S_NEED_DATA, SQLPrepare(X.stmt, U("SELECT 1"), NTS), SQL_ERROR, ON_STMT, "HY010")      \
    ROW(S_NEED_DATA, SQLExecDirect(X.stmt, U("SELECT 1"), NTS), SQL_ERROR, ON_STMT, "HY010")   \
    ROW(S_NEED_DATA, SQLNumResultCols(X.stmt, &sval), SQL_ERROR, ON_STMT, "HY010")             \
    ROW(S_NEED_DATA, SQLCloseCursor(X.stmt), SQL_ERROR, ON_STMT, "HY010")                      \
    ROW(S_NEED_DATA, SQLGetStmtAttr(X.stmt, SQL_ATTR_MAX_ROWS, &uval, 0, NULL), SQL_ERROR,     \
        ON_STMT, "HY010")                                                                      \
    ROW(S_NEED_DATA, SQLTables(X.stmt, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_ERROR,         \
        ON_STMT, "HY010")                                                                      \
    /* SQLCancel ends the sequence (sqlcancel): SQLPutData is then out of sequence */         \
    ROW(S_NEED_DATA, (SQLCancel(X.stmt), SQLPutData(X.stmt, cbuf, 1)), SQL_ERROR, ON_STMT,     \
        "HY010")                                                                               \
    /* and the sequence itself still completes: the value, then the execution */              \
    ROW(S_NEED_DATA, (SQLPutData(X.stmt, U("abc"), 3), SQLParamData(X.stmt, &X.token)),        \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLExecute(X.stmt), SQL_ERROR, ON_STMT, "HY010")                                \
    ROW(S_NO_RESULT, SQLExecute(X.stmt), SQL_ERROR, ON_STMT, "HY010")                          \
    ROW(S_PREP_PARAM, SQLExecute(X.stmt), SQL_ERROR, ON_STMT, "07002")                         \
    ROW(S_PREPARED, SQLExecute(X.stmt), SQL_SUCCESS, ON_NONE, NULL)                            \
    ROW(S_NEW, SQLRowCount(NULL, &len), SQL_INVALID_HANDLE, ON_NONE, NULL)                     \
    ROW(S_NEW, SQLRowCount(X.stmt, &len), SQL_ERROR, ON_STMT, "HY010")                         \
    ROW(S_NO_RESULT, SQLRowCount(X.stmt, NULL), SQL_SUCCESS, ON_NONE, NULL)                    \
    ROW(S_NEW, SQLNumResultCols(NULL, &sval), SQL_INVALID_HANDLE, ON_NONE, NULL)               \
    ROW(S_NEW, SQLNumResultCols(X.stmt, &sval), SQL_ERROR, ON_STMT, "HY010")                   \
    ROW(S_CURSOR, SQLNumResultCols(X.stmt, NULL), SQL_SUCCESS, ON_NONE, NULL)                  \
    ROW(S_NEW, SQLCloseCursor(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                        \
    ROW(S_NEW, SQLCloseCursor(X.stmt), SQL_ERROR, ON_STMT, "24000")                            \
    ROW(S_NO_RESULT, SQLCloseCursor(X.stmt), SQL_ERROR, ON_STMT, "24000")                      \
    ROW(S_NEW, SQLFreeStmt(NULL, SQL_CLOSE), SQL_INVALID_HANDLE, ON_NONE, NULL)                \
    ROW(S_NEW, SQLFreeStmt(X.dbc, SQL_CLOSE), SQL_INVALID_HANDLE, ON_NONE, NULL)               \
    ROW(S_NEW, SQLFreeStmt(X.stmt, 99), SQL_ERROR, ON_STMT, "HY092")                           \
    ROW(S_NEW, SQLCancel(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                             \
    ROW(S_NEW, SQLCancel(DBC_AS_STMT), SQL_INVALID_HANDLE, ON_NONE, NULL)                      \
    ROW(S_NEW, SQLCancel(freed_stmt()), SQL_INVALID_HANDLE, ON_NONE, NULL)                     \
    ROW(S_NEW, SQLMoreResults(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                        \
    ROW(S_NEW, SQLMoreResults(X.stmt), SQL_NO_DATA, ON_NONE, NULL)                             \
    ROW(S_NEED_DATA, SQLMoreResults(X.stmt), SQL_ERROR, ON_STMT, "HY010")                      \
    /* --- SQLNativeSql (sqlnativesql) --- */                                                 \
    ROW(S_NEW, SQLNativeSql(NULL, U("x"), NTS, cbuf, 10, &ilen), SQL_INVALID_HANDLE, ON_NONE,  \
        NULL)                                                                                  \
    ROW(S_NEW, SQLNativeSql(X.dbc, NULL, NTS, cbuf, 10, &ilen), SQL_ERROR, ON_DBC, "HY009")    \
    ROW(S_NEW, SQLNativeSql(X.dbc, U("x"), -5, cbuf, 10, &ilen), SQL_ERROR, ON_DBC, "HY090")   \
    ROW(S_NEW, SQLNativeSql(X.dbc, U("x"), NTS, cbuf, -1, &ilen), SQL_ERROR, ON_DBC, "HY090")  \
    ROW(S_NEW, SQLNativeSql(X.dbc, unterminated("SELECT {fn UCASE('a')}"), 22, cbuf,           \
                            sizeof cbuf, NULL),                                                \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLNativeSqlW(NULL, W("x"), NTS, wbuf, 10, &ilen), SQL_INVALID_HANDLE, ON_NONE, \
        NULL)                                                                                  \
    ROW(S_NEW, SQLNativeSqlW(X.dbc, NULL, NTS, wbuf, 10, &ilen), SQL_ERROR, ON_DBC, "HY009")   \
    ROW(S_NEW, SQLNativeSqlW(X.dbc, W("x"), -5, wbuf, 10, &ilen), SQL_ERROR, ON_DBC, "HY090")  \
    ROW(S_NEW, SQLNativeSqlW(X.dbc, unterminated_w("SELECT 1"), 8, wbuf, 128, NULL),           \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    /* --- parameters (sqlbindparameter, sqlnumparams, sqldescribeparam, sqlparamdata,        \
     *     sqlputdata) --- */                                                                  \
    ROW(S_NEW, SQLBindParameter(NULL, 1, SQL_PARAM_INPUT, SQL_C_LONG, SQL_INTEGER, 0, 0,       \
                                &ival, 0, NULL),                                               \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLBindParameter(X.stmt, 0, SQL_PARAM_INPUT, SQL_C_LONG, SQL_INTEGER, 0, 0,     \
                                &ival, 0, NULL),                                               \
        SQL_ERROR, ON_STMT, "07009")                                                           \
    ROW(S_NEW, SQLBindParameter(X.stmt, 1, 99, SQL_C_LONG, SQL_INTEGER, 0, 0, &ival, 0, NULL), \
        SQL_ERROR, ON_STMT, "HY105")                                                           \
    ROW(S_NEW, SQLBindParameter(X.stmt, 1, SQL_PARAM_INPUT, 9999, SQL_INTEGER, 0, 0, &ival, 0, \
                                NULL),                                                         \
        SQL_ERROR, ON_STMT, "HY003")                                                           \
    /* neither a value nor an indicator for an input parameter */                             \
    ROW(S_NEW, SQLBindParameter(X.stmt, 1, SQL_PARAM_INPUT, SQL_C_LONG, 9999, 0, 0, &ival, 0,  \
                                NULL),                                                         \
        SQL_ERROR, ON_STMT, "HY004")                                                           \
    ROW(S_NEW, SQLBindParameter(X.stmt, 1, SQL_PARAM_INPUT, SQL_C_LONG, SQL_INTEGER, 0, 0,     \
                                NULL, 0, NULL),                                                \
        SQL_ERROR, ON_STMT, "HY009")                                                           \
    ROW(S_NEW, SQLBindParameter(X.stmt, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0,    \
                                cbuf, -1, &ind),                                               \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_NEW, SQLNumParams(NULL, &sval), SQL_INVALID_HANDLE, ON_NONE, NULL)                   \
    ROW(S_NEW, SQLNumParams(X.stmt, &sval), SQL_ERROR, ON_STMT, "HY010")                       \
    ROW(S_PREP_PARAM, SQLNumParams(X.stmt, NULL), SQL_SUCCESS, ON_NONE, NULL)                  \
    ROW(S_NEW, SQLDescribeParam(NULL, 1, &sval, &uval, &sval, &sval), SQL_INVALID_HANDLE,      \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLDescribeParam(X.stmt, 1, &sval, &uval, &sval, &sval), SQL_ERROR, ON_STMT,    \
        "HY010")                                                                               \
    ROW(S_PREP_PARAM, SQLDescribeParam(X.stmt, 0, &sval, &uval, &sval, &sval), SQL_ERROR,      \
        ON_STMT, "07009")                                                                      \
    ROW(S_PREP_PARAM, SQLDescribeParam(X.stmt, 2, &sval, &uval, &sval, &sval), SQL_ERROR,      \
        ON_STMT, "07009")                                                                      \
    ROW(S_PREP_PARAM, SQLDescribeParam(X.stmt, 1, NULL, NULL, NULL, NULL), SQL_SUCCESS,        \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLParamData(NULL, &X.token), SQL_INVALID_HANDLE, ON_NONE, NULL)                \
    ROW(S_NEW, SQLParamData(X.stmt, &X.token), SQL_ERROR, ON_STMT, "HY010")                    \
    ROW(S_NEW, SQLPutData(NULL, cbuf, 1), SQL_INVALID_HANDLE, ON_NONE, NULL)                   \
    ROW(S_NEW, SQLPutData(X.stmt, cbuf, 1), SQL_ERROR, ON_STMT, "HY010")                       \
    ROW(S_NEED_DATA, SQLPutData(X.stmt, cbuf, -5), SQL_ERROR, ON_STMT, "HY090")                \
    ROW(S_NEED_DATA, SQLPutData(X.stmt, NULL, 5), SQL_ERROR, ON_STMT, "HY009")                 \
    ROW(S_NEED_DATA, SQLPutData(X.stmt, unterminated("abc"), 3), SQL_SUCCESS, ON_NONE, NULL)   \
    /* --- cursor names (sqlsetcursorname, sqlgetcursorname) --- */                          \
    ROW(S_NEW, SQLSetCursorName(NULL, (SQLCHAR *)"c", SQL_NTS), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLSetCursorName(X.stmt, NULL, SQL_NTS), SQL_ERROR, ON_STMT, "HY009")           \
    ROW(S_NEW, SQLSetCursorName(X.stmt, (SQLCHAR *)"c", -5), SQL_ERROR, ON_STMT, "HY090")      \
    ROW(S_NEW, SQLSetCursorName(X.stmt, unterminated("abc"), 3), SQL_SUCCESS, ON_NONE, NULL)   \
    ROW(S_NEW, SQLSetCursorName(X.stmt, (SQLCHAR *)"a\0b", 3), SQL_ERROR, ON_STMT, "34000")    \
    ROW(S_CURSOR, SQLSetCursorName(X.stmt, (SQLCHAR *)"c", SQL_NTS), SQL_ERROR, ON_STMT,       \
        "24000")                                                                               \
    ROW(S_NEW, SQLGetCursorName(NULL, (SQLCHAR *)cbuf, 10, &sval), SQL_INVALID_HANDLE,         \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetCursorName(X.stmt, (SQLCHAR *)cbuf, -1, &sval), SQL_ERROR, ON_STMT,       \
        "HY090")                                                                               \
    ROW(S_NEW, SQLGetCursorName(X.stmt, NULL, 0, NULL), SQL_SUCCESS, ON_NONE, NULL)            \
    /* --- columns and fetching (sqlbindcol, sqlfetch, sqlfetchscroll, sqlextendedfetch,      \
     *     sqlsetpos, sqlgetdata) --- */                                                       \
    ROW(S_NEW, SQLBindCol(NULL, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLBindCol(X.stmt, 1, 9999, cbuf, 10, &ind), SQL_ERROR, ON_STMT, "HY003")       \
    ROW(S_NEW, SQLBindCol(X.stmt, 1, SQL_C_CHAR, cbuf, -1, &ind), SQL_ERROR, ON_STMT, "HY090") \
    ROW(S_NEW, SQLFetch(NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                              \
    ROW(S_NEW, SQLFetch(X.dbc), SQL_INVALID_HANDLE, ON_NONE, NULL)                             \
    ROW(S_NEW, SQLFetch((SQLHSTMT)not_a_handle), SQL_INVALID_HANDLE, ON_NONE, NULL)            \
    /* not executed (allocated, or prepared only): HY010, "(DM) not in an executed state"     \
     * in sqlfetch, sqlfetchscroll, sqlsetpos, sqlgetdata */                                  \
    ROW(S_NEW, SQLFetch(X.stmt), SQL_ERROR, ON_STMT, "HY010")                                  \
    ROW(S_PREPARED, SQLFetch(X.stmt), SQL_ERROR, ON_STMT, "HY010")                             \
    ROW(S_NEW, SQLFetchScroll(X.stmt, SQL_FETCH_NEXT, 0), SQL_ERROR, ON_STMT, "HY010")         \
    ROW(S_NEW, SQLExtendedFetch(X.stmt, SQL_FETCH_NEXT, 0, &uval, NULL), SQL_ERROR, ON_STMT,   \
        "HY010")                                                                               \
    ROW(S_NEW, SQLSetPos(X.stmt, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR, ON_STMT,     \
        "HY010")                                                                               \
    ROW(S_NEW, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT, "HY010") \
    /* executed, but nothing to fetch: sqlfetch's 24000 */                                    \
    ROW(S_NO_RESULT, SQLFetch(X.stmt), SQL_ERROR, ON_STMT, "24000")                            \
    ROW(S_NEW, SQLFetchScroll(NULL, SQL_FETCH_NEXT, 0), SQL_INVALID_HANDLE, ON_NONE, NULL)     \
    ROW(S_CURSOR, SQLFetchScroll(X.stmt, SQL_FETCH_PRIOR, 0), SQL_ERROR, ON_STMT, "HY106")     \
    ROW(S_CURSOR, SQLFetchScroll(X.stmt, 99, 0), SQL_ERROR, ON_STMT, "HY106")                  \
    ROW(S_NEW, SQLExtendedFetch(NULL, SQL_FETCH_NEXT, 0, &uval, NULL), SQL_INVALID_HANDLE,     \
        ON_NONE, NULL)                                                                         \
    ROW(S_CURSOR, SQLExtendedFetch(X.stmt, 99, 0, &uval, NULL), SQL_ERROR, ON_STMT, "HY106")   \
    ROW(S_CURSOR, SQLExtendedFetch(X.stmt, SQL_FETCH_NEXT, 0, NULL, NULL), SQL_SUCCESS,        \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLSetPos(NULL, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_INVALID_HANDLE,       \
        ON_NONE, NULL)                                                                         \
    ROW(S_ON_ROW, SQLSetPos(X.stmt, 1, 99, SQL_LOCK_NO_CHANGE), SQL_ERROR, ON_STMT, "HY092")   \
    ROW(S_ON_ROW, SQLSetPos(X.stmt, 1, SQL_POSITION, 99), SQL_ERROR, ON_STMT, "HY092")         \
    /* open, but no rowset fetched yet (sqlsetpos: 24000) */                                  \
    ROW(S_CURSOR, SQLSetPos(X.stmt, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR, ON_STMT,  \
        "24000")                                                                               \
    ROW(S_ON_ROW, SQLSetPos(X.stmt, 5, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR, ON_STMT,  \
        "HY107")                                                                               \
    /* sqlbulkoperations: not executed HY010, a read-only cursor or a bad operation HY092 */ \
    ROW(S_NEW, SQLBulkOperations(NULL, SQL_ADD), SQL_INVALID_HANDLE, ON_NONE, NULL)            \
    ROW(S_NEW, SQLBulkOperations(X.stmt, SQL_ADD), SQL_ERROR, ON_STMT, "HY010")                \
    ROW(S_ON_ROW, SQLBulkOperations(X.stmt, SQL_ADD), SQL_ERROR, ON_STMT, "HY092")             \
    ROW(S_ON_ROW, SQLBulkOperations(X.stmt, 99), SQL_ERROR, ON_STMT, "HY092")                  \
    ROW(S_ON_ROW, SQLBulkOperations(X.stmt, SQL_FETCH_BY_BOOKMARK), SQL_ERROR, ON_STMT,        \
        "HY092")                                                                               \
    ROW(S_ON_ROW, SQLSetPos(X.stmt, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR, ON_STMT,    \
        "HY092")                                                                               \
    ROW(S_NEW, SQLGetData(NULL, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLGetData(X.dbc0, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_INVALID_HANDLE, ON_NONE, \
        NULL)                                                                                  \
    /* executed but not positioned on a row: sqlgetdata's 24000 */                            \
    ROW(S_CURSOR, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT,       \
        "24000")                                                                               \
    ROW(S_AFTER_END, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT,    \
        "24000")                                                                               \
    ROW(S_NO_RESULT, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT,    \
        "24000")                                                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 0, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT,       \
        "07009")                                                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 2, SQL_C_CHAR, cbuf, 10, &ind), SQL_ERROR, ON_STMT,       \
        "07009")                                                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, -1, &ind), SQL_ERROR, ON_STMT,       \
        "HY090")                                                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, 9999, cbuf, 10, &ind), SQL_ERROR, ON_STMT, "HY003")    \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, SQL_C_CHAR, NULL, 10, &ind), SQL_ERROR, ON_STMT,       \
        "HY009")                                                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, NULL), SQL_SUCCESS, ON_NONE,     \
        NULL)                                                                                  \
    /* a NULL value and no indicator: 22002 */                                                \
    ROW(S_ON_NULL, SQLGetData(X.stmt, 1, SQL_C_CHAR, cbuf, 10, NULL), SQL_ERROR, ON_STMT,      \
        "22002")                                                                               \
    /* "42" into 2 bytes (wide: 5 bytes, odd): truncated on a whole unit, terminated */       \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, SQL_C_CHAR, guarded(NULL, 2), 2, &ind),                \
        SQL_SUCCESS_WITH_INFO, ON_STMT, "01004")                                               \
    ROW(S_ON_ROW, SQLGetData(X.stmt, 1, SQL_C_WCHAR, guarded_odd_w(5), 5, &ind),               \
        SQL_SUCCESS_WITH_INFO, ON_STMT, "01004")                                               \
    /* --- describing (sqldescribecol, sqlcolattribute) --- */                                \
    ROW(S_NEW, SQLDescribeCol(NULL, 1, cbuf, 10, &slen, &sval, &uval, &sval, &sval),           \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLDescribeCol(X.stmt, 1, cbuf, 10, &slen, &sval, &uval, &sval, &sval),         \
        SQL_ERROR, ON_STMT, "HY010")                                                           \
    ROW(S_NO_RESULT, SQLDescribeCol(X.stmt, 1, cbuf, 10, &slen, &sval, &uval, &sval, &sval),   \
        SQL_ERROR, ON_STMT, "07005")                                                           \
    ROW(S_NO_RESULT, SQLColAttribute(X.stmt, 1, SQL_DESC_NAME, cbuf, 10, &slen, &len),         \
        SQL_ERROR, ON_STMT, "07005")                                                           \
    /* the header field still answers: no columns */                                         \
    ROW(S_NO_RESULT, SQLColAttribute(X.stmt, 1, SQL_DESC_COUNT, NULL, 0, NULL, &len),          \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_CURSOR, SQLDescribeCol(X.stmt, 0, cbuf, 10, &slen, &sval, &uval, &sval, &sval),      \
        SQL_ERROR, ON_STMT, "07009")                                                           \
    ROW(S_CURSOR, SQLDescribeCol(X.stmt, 2, cbuf, 10, &slen, &sval, &uval, &sval, &sval),      \
        SQL_ERROR, ON_STMT, "07009")                                                           \
    ROW(S_CURSOR, SQLDescribeCol(X.stmt, 1, cbuf, -1, &slen, &sval, &uval, &sval, &sval),      \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_CURSOR, SQLDescribeCol(X.stmt, 1, NULL, 0, NULL, NULL, NULL, NULL, NULL),            \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_CURSOR, SQLDescribeCol(X.stmt, 1, guarded(NULL, 2), 2, &slen, NULL, NULL, NULL,      \
                                 NULL),                                                        \
        SQL_SUCCESS_WITH_INFO, ON_STMT, "01004")                                               \
    ROW(S_NEW, SQLDescribeColW(NULL, 1, wbuf, 10, &slen, &sval, &uval, &sval, &sval),          \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_CURSOR, SQLDescribeColW(X.stmt, 0, wbuf, 10, &slen, &sval, &uval, &sval, &sval),     \
        SQL_ERROR, ON_STMT, "07009")                                                           \
    ROW(S_CURSOR, SQLDescribeColW(X.stmt, 1, wbuf, -1, &slen, &sval, &uval, &sval, &sval),     \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_NEW, SQLColAttribute(NULL, 1, SQL_DESC_NAME, cbuf, 10, &slen, &len),                 \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLColAttribute(X.stmt, 1, SQL_DESC_NAME, cbuf, 10, &slen, &len), SQL_ERROR,    \
        ON_STMT, "HY010")                                                                      \
    ROW(S_CURSOR, SQLColAttribute(X.stmt, 2, SQL_DESC_NAME, cbuf, 10, &slen, &len), SQL_ERROR, \
        ON_STMT, "07009")                                                                      \
    ROW(S_CURSOR, SQLColAttribute(X.stmt, 1, 9999, cbuf, 10, &slen, &len), SQL_ERROR, ON_STMT, \
        "HY091")                                                                               \
    /* sqlcolattribute: HY090 for a character attribute and BufferLength < 0, not SQL_NTS */  \
    ROW(S_CURSOR, SQLColAttribute(X.stmt, 1, SQL_DESC_NAME, cbuf, -1, &slen, &len), SQL_ERROR, \
        ON_STMT, "HY090")                                                                      \
    ROW(S_CURSOR, SQLColAttributeW(X.stmt, 1, SQL_DESC_NAME, wbuf, -1, &slen, &len),           \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_CURSOR, SQLColAttribute(X.stmt, 1, SQL_DESC_TYPE, NULL, 0, NULL, NULL), SQL_SUCCESS, \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLColAttributeW(NULL, 1, SQL_DESC_NAME, wbuf, 10, &slen, &len),                \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* an odd byte count for a wide name: one whole character (the terminator) fits */       \
    ROW(S_CURSOR, SQLColAttributeW(X.stmt, 1, SQL_DESC_NAME, guarded_odd_w(3), 3, &slen,       \
                                   &len),                                                      \
        SQL_SUCCESS_WITH_INFO, ON_STMT, "01004")                                                           \
    /* --- statement attributes (sqlsetstmtattr, sqlgetstmtattr) --- */                       \
    ROW(S_NEW, SQLSetStmtAttr(NULL, SQL_ATTR_MAX_ROWS, 0, 0), SQL_INVALID_HANDLE, ON_NONE,     \
        NULL)                                                                                  \
    ROW(S_NEW, SQLSetStmtAttr(X.dbc, SQL_ATTR_MAX_ROWS, 0, 0), SQL_INVALID_HANDLE, ON_NONE,    \
        NULL)                                                                                  \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, 987654, 0, 0), SQL_ERROR, ON_STMT, "HY092")              \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)99, 0), SQL_ERROR,     \
        ON_STMT, "HY024")                                                                      \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)0, 0), SQL_ERROR,   \
        ON_STMT, "HY024")                                                                      \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_USE_BOOKMARKS, (SQLPOINTER)99, 0), SQL_ERROR,   \
        ON_STMT, "HY024")                                                                      \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_RETRIEVE_DATA, (SQLPOINTER)99, 0), SQL_ERROR,   \
        ON_STMT, "HY024")                                                                      \
    /* a value the spec allows but the driver cannot honour: substituted, 01S02 */            \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_CONCURRENCY, (SQLPOINTER)SQL_CONCUR_LOCK, 0),   \
        SQL_SUCCESS_WITH_INFO, ON_STMT, "01S02")                                               \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_APP_ROW_DESC, X.dbc, 0), SQL_ERROR, ON_STMT,    \
        "HY024")                                                                               \
    ROW(S_NEW, SQLSetStmtAttr(X.stmt, SQL_ATTR_IMP_ROW_DESC, X.desc, 0), SQL_ERROR, ON_STMT,   \
        "HY017")                                                                               \
    /* sqlsetstmtattr: 24000 for the cursor type while a cursor is open */                    \
    ROW(S_CURSOR, SQLSetStmtAttr(X.stmt, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC,  \
                                 0),                                                           \
        SQL_ERROR, ON_STMT, "24000")                                                           \
    ROW(S_NEW, SQLSetStmtAttrW(NULL, SQL_ATTR_MAX_ROWS, 0, 0), SQL_INVALID_HANDLE, ON_NONE,    \
        NULL)                                                                                  \
    ROW(S_NEW, SQLSetStmtAttrW(X.stmt, 987654, 0, 0), SQL_ERROR, ON_STMT, "HY092")             \
    ROW(S_NEW, SQLGetStmtAttr(NULL, SQL_ATTR_MAX_ROWS, &uval, 0, NULL), SQL_INVALID_HANDLE,    \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetStmtAttr(X.stmt, 987654, &uval, 0, NULL), SQL_ERROR, ON_STMT, "HY092")    \
    /* sqlgetstmtattr: 24000 for SQL_ATTR_ROW_NUMBER without a current row */                 \
    ROW(S_NEW, SQLGetStmtAttr(X.stmt, SQL_ATTR_ROW_NUMBER, &uval, 0, NULL), SQL_ERROR,         \
        ON_STMT, "24000")                                                                      \
    ROW(S_CURSOR, SQLGetStmtAttr(X.stmt, SQL_ATTR_ROW_NUMBER, &uval, 0, NULL), SQL_ERROR,      \
        ON_STMT, "24000")                                                                      \
    ROW(S_ON_ROW, SQLGetStmtAttr(X.stmt, SQL_ATTR_ROW_NUMBER, &uval, 0, NULL), SQL_SUCCESS,    \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetStmtAttrW(NULL, SQL_ATTR_MAX_ROWS, &uval, 0, NULL), SQL_INVALID_HANDLE,   \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetStmtAttrW(X.stmt, 987654, &uval, 0, NULL), SQL_ERROR, ON_STMT, "HY092")   \
    /* --- catalog functions (sqltables ... sqlgettypeinfo) --- */                            \
    ROW(S_NEW, SQLGetTypeInfo(NULL, SQL_ALL_TYPES), SQL_INVALID_HANDLE, ON_NONE, NULL)         \
    ROW(S_NEW, SQLGetTypeInfo(X.stmt, 9999), SQL_ERROR, ON_STMT, "HY004")                      \
    ROW(S_CURSOR, SQLGetTypeInfo(X.stmt, SQL_ALL_TYPES), SQL_ERROR, ON_STMT, "24000")          \
    ROW(S_NEW, SQLGetTypeInfoW(NULL, SQL_ALL_TYPES), SQL_INVALID_HANDLE, ON_NONE, NULL)        \
    ROW(S_NEW, SQLGetTypeInfoW(X.stmt, 9999), SQL_ERROR, ON_STMT, "HY004")                     \
    ROW(S_NEW, SQLTables(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE,        \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLTables(X.stmt, NULL, 0, U("doc"), -5, NULL, 0, NULL, 0), SQL_ERROR, ON_STMT, \
        "HY090")                                                                               \
    ROW(S_CURSOR, SQLTables(X.stmt, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_ERROR, ON_STMT,   \
        "24000")                                                                               \
    ROW(S_NEW, SQLTablesW(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE,       \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLTablesW(X.stmt, NULL, 0, W("doc"), -5, NULL, 0, NULL, 0), SQL_ERROR,         \
        ON_STMT, "HY090")                                                                      \
    ROW(S_NEW, SQLColumns(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE,       \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLColumns(X.stmt, NULL, 0, NULL, 0, U("t"), -5, NULL, 0), SQL_ERROR, ON_STMT,  \
        "HY090")                                                                               \
    ROW(S_NEW, SQLColumnsW(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE,      \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLColumnsW(X.stmt, NULL, 0, NULL, 0, W("t"), -5, NULL, 0), SQL_ERROR, ON_STMT, \
        "HY090")                                                                               \
    ROW(S_NEW, SQLColumnPrivileges(NULL, NULL, 0, NULL, 0, U("t"), NTS, NULL, 0),              \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLColumnPrivileges(X.stmt, NULL, 0, NULL, 0, U("t"), -5, NULL, 0), SQL_ERROR,  \
        ON_STMT, "HY090")                                                                      \
    ROW(S_NEW, SQLColumnPrivilegesW(NULL, NULL, 0, NULL, 0, W("t"), NTS, NULL, 0),             \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLColumnPrivilegesW(X.stmt, NULL, 0, NULL, 0, W("t"), -5, NULL, 0), SQL_ERROR, \
        ON_STMT, "HY090")                                                                      \
    ROW(S_NEW, SQLPrimaryKeys(NULL, NULL, 0, NULL, 0, U("t"), NTS), SQL_INVALID_HANDLE,        \
        ON_NONE, NULL)                                                                         \
    /* sqlprimarykeys: TableName is required (HY009) */                                       \
    ROW(S_NEW, SQLPrimaryKeys(X.stmt, NULL, 0, NULL, 0, NULL, 0), SQL_ERROR, ON_STMT, "HY009") \
    ROW(S_NEW, SQLPrimaryKeys(X.stmt, NULL, 0, NULL, 0, U("t"), -5), SQL_ERROR, ON_STMT,       \
        "HY090")                                                                               \
    ROW(S_NEW, SQLPrimaryKeysW(NULL, NULL, 0, NULL, 0, W("t"), NTS), SQL_INVALID_HANDLE,       \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLPrimaryKeysW(X.stmt, NULL, 0, NULL, 0, NULL, 0), SQL_ERROR, ON_STMT,         \
        "HY009")                                                                               \
    ROW(S_NEW, SQLTablePrivileges(NULL, NULL, 0, NULL, 0, U("t"), NTS), SQL_INVALID_HANDLE,    \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLTablePrivileges(X.stmt, NULL, 0, NULL, 0, U("t"), -5), SQL_ERROR, ON_STMT,   \
        "HY090")                                                                               \
    ROW(S_NEW, SQLTablePrivilegesW(NULL, NULL, 0, NULL, 0, W("t"), NTS), SQL_INVALID_HANDLE,   \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLTablePrivilegesW(X.stmt, NULL, 0, NULL, 0, W("t"), -5), SQL_ERROR, ON_STMT,  \
        "HY090")                                                                               \
    ROW(S_NEW, SQLProcedures(NULL, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE, ON_NONE,    \
        NULL)                                                                                  \
    ROW(S_NEW, SQLProcedures(X.stmt, NULL, 0, NULL, 0, U("p"), -5), SQL_ERROR, ON_STMT,        \
        "HY090")                                                                               \
    ROW(S_NEW, SQLProceduresW(NULL, NULL, 0, NULL, 0, NULL, 0), SQL_INVALID_HANDLE, ON_NONE,   \
        NULL)                                                                                  \
    ROW(S_NEW, SQLProceduresW(X.stmt, NULL, 0, NULL, 0, W("p"), -5), SQL_ERROR, ON_STMT,       \
        "HY090")                                                                               \
    ROW(S_NEW, SQLProcedureColumns(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0),                  \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLProcedureColumns(X.stmt, NULL, 0, NULL, 0, NULL, 0, U("c"), -5), SQL_ERROR,  \
        ON_STMT, "HY090")                                                                      \
    ROW(S_NEW, SQLProcedureColumnsW(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0),                 \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLProcedureColumnsW(X.stmt, NULL, 0, NULL, 0, NULL, 0, W("c"), -5), SQL_ERROR, \
        ON_STMT, "HY090")                                                                      \
    ROW(S_NEW, SQLStatistics(NULL, NULL, 0, NULL, 0, U("t"), NTS, SQL_INDEX_ALL, SQL_QUICK),   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* sqlstatistics: HY100 Unique, HY101 Reserved (accuracy), HY009 no table */              \
    ROW(S_NEW, SQLStatistics(X.stmt, NULL, 0, NULL, 0, U("t"), NTS, 99, SQL_QUICK), SQL_ERROR, \
        ON_STMT, "HY100")                                                                      \
    ROW(S_NEW, SQLStatistics(X.stmt, NULL, 0, NULL, 0, U("t"), NTS, SQL_INDEX_ALL, 99),        \
        SQL_ERROR, ON_STMT, "HY101")                                                           \
    ROW(S_NEW, SQLStatistics(X.stmt, NULL, 0, NULL, 0, NULL, 0, SQL_INDEX_ALL, SQL_QUICK),     \
        SQL_ERROR, ON_STMT, "HY009")                                                           \
    ROW(S_NEW, SQLStatisticsW(NULL, NULL, 0, NULL, 0, W("t"), NTS, SQL_INDEX_ALL, SQL_QUICK),  \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLStatisticsW(X.stmt, NULL, 0, NULL, 0, W("t"), -5, SQL_INDEX_ALL, SQL_QUICK), \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_NEW, SQLSpecialColumns(NULL, SQL_BEST_ROWID, NULL, 0, NULL, 0, U("t"), NTS,          \
                                 SQL_SCOPE_SESSION, SQL_NULLABLE),                             \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* sqlspecialcolumns: HY097 IdentifierType, HY098 Scope, HY099 Nullable */                \
    ROW(S_NEW, SQLSpecialColumns(X.stmt, 99, NULL, 0, NULL, 0, U("t"), NTS, SQL_SCOPE_SESSION, \
                                 SQL_NULLABLE),                                                \
        SQL_ERROR, ON_STMT, "HY097")                                                           \
    ROW(S_NEW, SQLSpecialColumns(X.stmt, SQL_BEST_ROWID, NULL, 0, NULL, 0, U("t"), NTS, 99,    \
                                 SQL_NULLABLE),                                                \
        SQL_ERROR, ON_STMT, "HY098")                                                           \
    ROW(S_NEW, SQLSpecialColumns(X.stmt, SQL_BEST_ROWID, NULL, 0, NULL, 0, U("t"), NTS,        \
                                 SQL_SCOPE_SESSION, 99),                                       \
        SQL_ERROR, ON_STMT, "HY099")                                                           \
    ROW(S_NEW, SQLSpecialColumnsW(NULL, SQL_BEST_ROWID, NULL, 0, NULL, 0, W("t"), NTS,         \
                                  SQL_SCOPE_SESSION, SQL_NULLABLE),                            \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSpecialColumnsW(X.stmt, SQL_BEST_ROWID, NULL, 0, NULL, 0, W("t"), -5,        \
                                  SQL_SCOPE_SESSION, SQL_NULLABLE),                            \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_NEW, SQLForeignKeys(NULL, NULL, 0, NULL, 0, U("t"), NTS, NULL, 0, NULL, 0, NULL, 0), \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    /* sqlforeignkeys: HY009 when both table names are null pointers */                       \
    ROW(S_NEW, SQLForeignKeys(X.stmt, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0),   \
        SQL_ERROR, ON_STMT, "HY009")                                                           \
    ROW(S_NEW, SQLForeignKeys(X.stmt, NULL, 0, NULL, 0, U("t"), -5, NULL, 0, NULL, 0, NULL,    \
                              0),                                                              \
        SQL_ERROR, ON_STMT, "HY090")                                                           \
    ROW(S_NEW, SQLForeignKeysW(NULL, NULL, 0, NULL, 0, W("t"), NTS, NULL, 0, NULL, 0, NULL,    \
                               0),                                                             \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLForeignKeysW(X.stmt, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0),  \
        SQL_ERROR, ON_STMT, "HY009")                                                           \
    /* --- descriptors (sqlgetdescfield, sqlsetdescfield, sqlgetdescrec, sqlsetdescrec,       \
     *     sqlcopydesc) --- */                                                                 \
    ROW(S_NEW, SQLGetDescField(NULL, 0, SQL_DESC_COUNT, &sval, 0, NULL), SQL_INVALID_HANDLE,   \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetDescField(STMT_AS_DESC, 0, SQL_DESC_COUNT, &sval, 0, NULL),               \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetDescField((SQLHDESC)not_a_handle, 0, SQL_DESC_COUNT, &sval, 0, NULL),     \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetDiagRec(SQL_HANDLE_ENV, not_a_handle, 1, cbuf, &ival, cbuf, 10, &slen),   \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetDescField(X.desc, 0, 9999, &sval, 0, NULL), SQL_ERROR, ON_DESC, "HY091")  \
    ROW(S_NEW, SQLGetDescField(X.desc, -1, SQL_DESC_TYPE, &sval, 0, NULL), SQL_ERROR, ON_DESC, \
        "07009")                                                                               \
    ROW(S_NEW, SQLGetDescFieldW(NULL, 0, SQL_DESC_COUNT, &sval, 0, NULL), SQL_INVALID_HANDLE,  \
        ON_NONE, NULL)                                                                         \
    ROW(S_NEW, SQLGetDescFieldW(X.desc, 0, 9999, &sval, 0, NULL), SQL_ERROR, ON_DESC, "HY091") \
    ROW(S_NEW, SQLSetDescField(NULL, 1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_CHAR, 0),             \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetDescField(X.desc, 1, 9999, NULL, 0), SQL_ERROR, ON_DESC, "HY091")         \
    ROW(S_NEW, SQLSetDescField(X.desc, -1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_CHAR, 0),          \
        SQL_ERROR, ON_DESC, "07009")                                                           \
    ROW(S_NEW, SQLSetDescField(X.desc, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER)0, 0), SQL_ERROR,   \
        ON_DESC, "HY024")                                                                      \
    /* a type no C type has (sqlsetdescfield: HY021, inconsistent descriptor information) */   \
    ROW(S_NEW, SQLSetDescField(X.desc, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER)9999, 0),         \
        SQL_ERROR, ON_DESC, "HY021")                                                           \
    /* the IPD's name is the one string an application sets: read to its length only */        \
    ROW(S_NEW, SQLSetDescField(stmt_desc(SQL_ATTR_IMP_PARAM_DESC), 1, SQL_DESC_NAME,           \
                               unterminated("nm"), 2),                                         \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLSetDescFieldW(stmt_desc(SQL_ATTR_IMP_PARAM_DESC), 1, SQL_DESC_NAME,          \
                                unterminated_w("nm"), 4),                                      \
        SQL_SUCCESS, ON_NONE, NULL)                                                            \
    /* sqlgetdescfield: HY090 for a string field and BufferLength < 0 */                       \
    ROW(S_CURSOR, SQLGetDescField(IRD(), 1, SQL_DESC_NAME, cbuf, -1, &ilen), SQL_ERROR,         \
        ON_IRD, "HY090")                                                                       \
    ROW(S_CURSOR, SQLGetDescFieldW(IRD(), 1, SQL_DESC_NAME, guarded_odd_w(3), 3, &ilen),       \
        SQL_SUCCESS_WITH_INFO, ON_IRD, "01004")                                                \
    ROW(S_CURSOR, SQLGetDescField(IRD(), 1, SQL_DESC_NAME, guarded(NULL, 2), 2, &ilen),         \
        SQL_SUCCESS_WITH_INFO, ON_IRD, "01004")                                                \
    ROW(S_NEW, SQLSetDescFieldW(NULL, 1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_CHAR, 0),            \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetDescFieldW(X.desc, 1, 9999, NULL, 0), SQL_ERROR, ON_DESC, "HY091")        \
    ROW(S_NEW, SQLGetDescRec(NULL, 1, cbuf, 10, &slen, &sval, &sval, &len, &sval, &sval,       \
                             &sval),                                                           \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetDescRec(X.desc, 1, cbuf, -1, &slen, &sval, &sval, &len, &sval, &sval,     \
                             &sval),                                                           \
        SQL_ERROR, ON_DESC, "HY090")                                                           \
    ROW(S_NEW, SQLGetDescRec(X.desc, -1, cbuf, 10, &slen, &sval, &sval, &len, &sval, &sval,    \
                             &sval),                                                           \
        SQL_ERROR, ON_DESC, "07009")                                                           \
    /* sqlgetdescrec: a record beyond COUNT is SQL_NO_DATA */                                 \
    ROW(S_NEW, SQLGetDescRec(X.desc, 5, cbuf, 10, &slen, &sval, &sval, &len, &sval, &sval,     \
                             &sval),                                                           \
        SQL_NO_DATA, ON_NONE, NULL)                                                            \
    ROW(S_NEW, SQLGetDescRecW(NULL, 1, wbuf, 10, &slen, &sval, &sval, &len, &sval, &sval,      \
                              &sval),                                                          \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLGetDescRecW(X.desc, 1, wbuf, -1, &slen, &sval, &sval, &len, &sval, &sval,    \
                              &sval),                                                          \
        SQL_ERROR, ON_DESC, "HY090")                                                           \
    ROW(S_NEW, SQLSetDescRec(NULL, 1, SQL_C_CHAR, 0, 10, 0, 0, cbuf, &len, &ind),              \
        SQL_INVALID_HANDLE, ON_NONE, NULL)                                                     \
    ROW(S_NEW, SQLSetDescRec(X.desc, -1, SQL_C_CHAR, 0, 10, 0, 0, cbuf, &len, &ind),           \
        SQL_ERROR, ON_DESC, "07009")                                                           \
    ROW(S_NEW, SQLSetDescRec(X.desc, 1, 9999, 0, 10, 0, 0, cbuf, &len, &ind), SQL_ERROR,       \
        ON_DESC, "HY021")                                                                      \
    ROW(S_NEW, SQLCopyDesc(NULL, X.desc), SQL_INVALID_HANDLE, ON_NONE, NULL)                   \
    ROW(S_NEW, SQLCopyDesc(X.desc, NULL), SQL_INVALID_HANDLE, ON_NONE, NULL)                   \
    ROW(S_NEW, SQLCopyDesc(X.desc, X.stmt), SQL_INVALID_HANDLE, ON_NONE, NULL)                 \
    ROW(S_NEW, SQLCopyDesc(X.desc, X.desc), SQL_SUCCESS, ON_NONE, NULL)

/* ------------------------------------------------------------ running it */

/* The first record's SQLSTATE on the handle `on` names ("" when none). */
static void first_state(diag_on on, char state[6])
{
    SQLSMALLINT type = SQL_HANDLE_STMT;
    SQLHANDLE h = X.stmt;
    switch (on) {
    case ON_ENV: type = SQL_HANDLE_ENV; h = X.env; break;
    case ON_DBC: type = SQL_HANDLE_DBC; h = X.dbc; break;
    case ON_DBC0: type = SQL_HANDLE_DBC; h = X.dbc0; break;
    case ON_DESC: type = SQL_HANDLE_DESC; h = X.desc; break;
    case ON_IRD: type = SQL_HANDLE_DESC; h = IRD(); break;
    default: break;
    }
    SQLCHAR st[6] = "";
    SQLINTEGER native;
    SQLCHAR msg[8];
    SQLSMALLINT ml;
    if (SQLGetDiagRec(type, h, 1, st, &native, msg, sizeof msg, &ml) == SQL_NO_DATA)
        st[0] = 0;
    memcpy(state, st, 6);
}

/* Diagnostics left by an earlier row on the env, dbc or desc would answer
 * for this one: every shared handle starts the row with none. */
static void clear_shared_diags(void)
{
    SQLUINTEGER v;
    SQLGetEnvAttr(X.env, SQL_ATTR_ODBC_VERSION, &v, 0, NULL);
    SQLGetConnectAttr(X.dbc, SQL_ATTR_AUTOCOMMIT, &v, 0, NULL);
    SQLGetConnectAttr(X.dbc0, SQL_ATTR_AUTOCOMMIT, &v, 0, NULL);
    SQLSMALLINT n;
    SQLGetDescField(X.desc, 0, SQL_DESC_COUNT, &n, 0, NULL);
}

static void check_row(int row, const char *state_name, const char *call, SQLRETURN got,
                      SQLRETURN want, diag_on on, const char *want_state)
{
    char state[6] = "";
    if (want_state)
        first_state(on, state);
    bool intact = unmap_all();
    bool ok = got == want && (!want_state || strcmp(state, want_state) == 0) && intact;
    if (!ok) {
        char msg[480];
        snprintf(msg, sizeof msg, "row %d (%s): %s returned %d [%s], expected %d [%s]%s", row,
                 state_name, call, got, state, want, want_state ? want_state : "",
                 intact ? "" : ", and wrote past the buffer");
        fprintf(stderr, "\n  %s", msg);
        CU_assertImplementation(CU_FALSE, (unsigned)row, msg, __FILE__, "", CU_FALSE);
    } else {
        CU_PASS(call);
    }
}

/* Rows are numbered from 1 in table order; a failure names its row. */
#define RUN_ROW(state, call, want, on, want_state)                                             \
    row++;                                                                                     \
    if (!enter_state(state)) {                                                                 \
        fprintf(stderr, "\n  row %d: set-up of %s failed", row, #state);                       \
        CU_assertImplementation(CU_FALSE, (unsigned)row, "set-up of " #state " failed",        \
                                __FILE__, "", CU_FALSE);                                       \
    } else {                                                                                   \
        clear_shared_diags();                                                                  \
        SQLRETURN got_ = (call);                                                               \
        check_row(row, #state, #call, got_, want, on, want_state);                             \
    }

static void test_hostile_rows(void)
{
    int row = 0;
    fx_start();
    HOSTILE_ROWS(RUN_ROW)
    fx_stop();
}

/* ------------------------------------------------------------ rows needing two steps */

/* sqlsetdescfield/sqlsetdescrec: the IRD cannot be written (HY016), and a
 * copy into it neither (sqlcopydesc: HY016). sqlgetdescrec on the IRD of a
 * statement that is neither prepared nor executed: HY007. sqlfreehandle of
 * an implicit descriptor: HY017. */
static void test_implicit_descriptors(void)
{
    fx_start();
    CU_ASSERT_FATAL(enter_state(S_NEW));
    SQLHDESC ird = IRD(), ard = ARD();
    SQLCHAR st[6];
    SQLINTEGER native;
    SQLSMALLINT ml;

    CU_ASSERT_EQUAL(SQLSetDescField(ird, 1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_CHAR, 0),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, ird, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY016");

    CU_ASSERT_EQUAL(SQLSetDescRec(ird, 1, SQL_C_CHAR, 0, 10, 0, 0, cbuf, &len, &ind),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, ird, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY016");

    CU_ASSERT_EQUAL(SQLCopyDesc(X.desc, ird), SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, ird, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY016");

    CU_ASSERT_EQUAL(SQLGetDescRec(ird, 1, cbuf, 10, &slen, &sval, &sval, &len, &sval, &sval,
                                  &sval),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, ird, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY007");

    CU_ASSERT_EQUAL(SQLCopyDesc(ird, X.desc), SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, X.desc, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY007");

    CU_ASSERT_EQUAL(SQLFreeHandle(SQL_HANDLE_DESC, ard), SQL_ERROR);
    CU_ASSERT_EQUAL(SQLGetDiagRec(SQL_HANDLE_DESC, ard, 1, st, &native, NULL, 0, &ml),
                    SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(st, "HY017");
    fx_stop();
}

/* SQLFreeStmt(SQL_DROP) frees as SQLFreeHandle does: the handle is then
 * unknown to SQLCancel, the one call that can tell without reading it. */
static void test_cancel_after_drop(void)
{
    fx_start();
    SQLHSTMT s = NULL;
    CU_ASSERT_EQUAL_FATAL(SQLAllocHandle(SQL_HANDLE_STMT, X.dbc, &s), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLCancel(s), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLFreeStmt(s, SQL_DROP), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLCancel(s), SQL_INVALID_HANDLE);
    fx_stop();
}

void register_api_hostile_tests(void)
{
    CU_pSuite s = CU_add_suite("api_hostile", NULL, NULL);
    CU_add_test(s, "hostile_rows", test_hostile_rows);
    CU_add_test(s, "implicit_descriptors", test_implicit_descriptors);
    CU_add_test(s, "cancel_after_drop", test_cancel_after_drop);
}
