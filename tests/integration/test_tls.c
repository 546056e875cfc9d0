/*
 * test_tls.c: SSLMode, certificate checks, client certificates and the I/O paths over TLS.
 *
 * pg profile: the rig's PostgreSQL serves TLS with a throw-away CA (tests/rig/pg.sh; files
 * in ITEST_TLS_DIR). cratedb profile: the rig's CrateDB node serves TLS on pgwire
 * (ssl.psql.enabled) with the same kind of CA, and its host-based authentication has the
 * same roles: crate_tls (ssl: on, password), crate_cert (the `cert` method). Every check
 * that a connection "uses TLS" asks the server itself: pg_stat_ssl on PostgreSQL, the
 * `ssl` column of sys.sessions on CrateDB. crate profile: the proxy answers the SSLRequest
 * with N, like a CrateDB node without ssl.psql.enabled (FACTS §1.2).
 * The checks that fail before any server is reached (bad SSLMode, missing files) run in
 * every profile.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

#define TLS_USER "crate_tls"      /* hostssl only, password */
#define TLS_PASS "tls-secret"
#define CERT_USER "crate_cert"    /* hostssl only, client certificate (cert) */

/* A file of ITEST_TLS_DIR (see tests/rig/pg.sh) into out. */
static const char *tls_file(char *out, size_t len, const char *name)
{
    if (itest_cfg.tls_dir == NULL)
        CU_FAIL_FATAL("ITEST_TLS_DIR is not set (tests/run.sh sets it)");
    snprintf(out, len, "%s/%s", itest_cfg.tls_dir, name);
    return out;
}

/* SQLDriverConnect to `server` (NULL: the test server) as uid/pwd with the extra keywords;
 * *dbc stays allocated, connected or not. */
static SQLRETURN connect_with(SQLHDBC *dbc, const char *server, const char *uid,
                              const char *pwd, const char *extra)
{
    char cs[2048];
    if (itest_cfg.port == NULL)
        CU_FAIL_FATAL("ITEST_PORT is not set (tests/run.sh sets it)");
    snprintf(cs, sizeof cs, "DRIVER={%s};SERVER=%s;PORT=%s;DATABASE=%s;UID=%s;PWD={%s};%s",
             itest_cfg.driver, server ? server : itest_cfg.server, itest_cfg.port,
             itest_cfg.database, uid, pwd, extra);
    *dbc = SQL_NULL_HDBC;
    SQLRETURN rc = SQLAllocHandle(SQL_HANDLE_DBC, itest_env, dbc);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return SQLDriverConnect(*dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                            SQL_DRIVER_NOPROMPT);
}

/* Connects (fatal on failure) with the password role. */
static SQLHDBC connect_ok(const char *server, const char *extra)
{
    SQLHDBC dbc;
    SQLRETURN rc = connect_with(&dbc, server, ITEST_PW_USER, ITEST_PW_PASS, extra);
    if (!ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
        fprintf(stderr, "    (with %s)\n", extra);
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        CU_FAIL_FATAL("connect failed");
    }
    return dbc;
}

/* Connects like connect_with and asserts the connect failed with `state` and a message
 * containing every '|'-separated part of `parts` (case-insensitive). */
static void expect_connect_error(const char *server, const char *uid, const char *pwd,
                                 const char *extra, const char *state, const char *parts,
                                 const char *what)
{
    SQLHDBC dbc;
    SQLRETURN rc = connect_with(&dbc, server, uid, pwd, extra);
    char got[6], msg[1024];
    bool ok = ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, state);
    if (rc == SQL_ERROR && itest_diag(SQL_HANDLE_DBC, dbc, got, msg, sizeof msg)) {
        char want[512];
        snprintf(want, sizeof want, "%s", parts);
        for (char *p = want, *bar; p != NULL; p = bar ? bar + 1 : NULL) {
            bar = strchr(p, '|');
            if (bar)
                *bar = '\0';
            if (strcasestr(msg, p) == NULL) {
                fprintf(stderr, "\n    %s: message lacks \"%s\": %s\n", what, p, msg);
                ok = false;
                CU_FAIL("connect error message");
            }
        }
    }
    if (!ok)
        fprintf(stderr, "    (%s)\n", what);
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* "tls" or "plain", as the server sees this connection: pg_stat_ssl on PostgreSQL, the
 * `ssl` column of this session's sys.sessions row on CrateDB (no pg_stat_ssl there). */
static void expect_transport(SQLHDBC dbc, const char *want, const char *what)
{
    char got[16] = "";
    static const char *const expr = "CASE WHEN ssl THEN 'tls' ELSE 'plain' END";
    bool ok = itest_is_cratedb()
                  ? itest_session_value(dbc, expr, got, sizeof got)
                  : itest_query_text(dbc, "SELECT CASE WHEN ssl THEN 'tls' ELSE 'plain' END "
                                          "FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                                     got, sizeof got);
    if (!ok)
        return;
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n    %s: the server sees %s, expected %s\n", what, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
}

/* ------------------------------------------------------------------ both profiles */

/* Mistakes in the TLS options fail with 08001 before any host is tried (a typo in SSLMode
 * must not become plaintext-allowed prefer). */
static void test_option_errors(void)
{
    char ca[512], extra[1200];
    static const struct { const char *extra, *parts; } cases[] = {
        {"SSLMode=verify_full", "Invalid SSLMode value 'verify_full'"},
        {"SSLMode=on", "Invalid SSLMode"},
        {"SSLMode=verify-ca", "verify-ca needs SSLRootCert"},
        {"SSLMode=verify-full;SSLRootCert=/nonexistent/ca.crt",
         "could not load SSLRootCert \"/nonexistent/ca.crt\"|No such file"},
        {"SSLMode=require;SSLKey=/nonexistent/k.pem", "SSLKey is set but SSLCert is not"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, cases[i].extra, "08001",
                             cases[i].parts, cases[i].extra);
    /* files that are not what they should be */
    tls_file(ca, sizeof ca, "ca.crt");
    snprintf(extra, sizeof extra, "SSLMode=verify-ca;SSLRootCert={%s};SSLCrl={%s}", ca, ca);
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                         "could not load SSLCrl", "a certificate as CRL");
    char crt[512], key[512];
    tls_file(crt, sizeof crt, "client.crt");
    tls_file(key, sizeof key, "ca.key");
    snprintf(extra, sizeof extra, "SSLMode=require;SSLCert={%s};SSLKey={%s}", crt, key);
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                         "is not the key of SSLCert", "another key");
}

/* ------------------------------------------------------------------ crate profile */

/* Like CrateDB without ssl.psql.enabled, the proxy answers N: prefer (the default) and
 * allow connect in plaintext, on the same socket. */
static void test_crate_plaintext_after_n(void)
{
    static const char *const modes[] = {"", "SSLMode=prefer", "SSLMode=allow",
                                        "SSLMode=disable"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        SQLHDBC dbc = connect_ok(NULL, modes[i]);
        char v[16];
        CU_ASSERT(itest_query_text(dbc, "SELECT 1", v, sizeof v));
        CU_ASSERT_STRING_EQUAL(v, "1");
        itest_disconnect(dbc);
    }
}

/* Modes that need TLS fail with 08001 naming the reason and the mode. */
static void test_crate_require_refused(void)
{
    char ca[512], extra[1024];
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, "SSLMode=require", "08001",
                         "server does not support SSL, but SSLMode=require", "require");
    snprintf(extra, sizeof extra, "SSLMode=verify-full;SSLRootCert={%s}",
             tls_file(ca, sizeof ca, "ca.crt"));
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                         "server does not support SSL, but SSLMode=verify-full", "verify-full");
}

/* ------------------------------------------------- pg and cratedb profiles: servers with TLS */

/* The DSN every other test uses has no SSLMode: prefer, so the whole suite runs over TLS. */
static void test_default_dsn_uses_tls(void)
{
    SQLHDBC dbc = itest_connect();
    expect_transport(dbc, "tls", "the test DSN");
    char v[32];
    /* the protocol version: PostgreSQL reports it, CrateDB's sys.sessions does not */
    if (!itest_is_cratedb() &&
        itest_query_text(dbc, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                         v, sizeof v))
        CU_ASSERT(strcmp(v, "TLSv1.2") == 0 || strcmp(v, "TLSv1.3") == 0);
    itest_disconnect(dbc);
}

/* Each mode against a server that offers TLS, checked by the server. */
static void test_pg_modes(void)
{
    char ca[512], extra[1024];
    tls_file(ca, sizeof ca, "ca.crt");
    static const struct { const char *server, *opts, *transport; bool ca; } cases[] = {
        {NULL, "SSLMode=prefer", "tls", false},
        {NULL, "SSLMode=require", "tls", false},
        {NULL, "SSLMode=require", "tls", true},            /* chain checked */
        {NULL, "SSLMode=verify-ca", "tls", true},
        {NULL, "SSLMode=verify-full", "tls", true},        /* IP address in the SAN */
        {"localhost", "SSLMode=verify-full", "tls", true}, /* DNS name in the SAN */
        {"127.0.0.2", "SSLMode=verify-ca", "tls", true},   /* no host name check */
        {NULL, "sslmode=VERIFY-FULL", "tls", true},         /* any case */
        {NULL, "SSLMode=disable", "plain", false},
        {NULL, "SSLMode=allow", "plain", false},            /* plaintext accepted */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool with_ca = cases[i].ca;
        snprintf(extra, sizeof extra, "%s%s%s%s", cases[i].opts, with_ca ? ";SSLRootCert={" : "",
                 with_ca ? ca : "", with_ca ? "}" : "");
        SQLHDBC dbc = connect_ok(cases[i].server, extra);
        expect_transport(dbc, cases[i].transport, extra);
        itest_disconnect(dbc);
    }
}

/* verify-full checks the name: 127.0.0.2 reaches the server, but its certificate names
 * localhost and 127.0.0.1 only. */
static void test_pg_host_mismatch(void)
{
    char ca[512], extra[1024];
    snprintf(extra, sizeof extra, "SSLMode=verify-full;SSLRootCert={%s}",
             tls_file(ca, sizeof ca, "ca.crt"));
    expect_connect_error("127.0.0.2", ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                         "certificate verify failed|\"localhost\", \"127.0.0.1\"|"
                         "does not match host name \"127.0.0.2\"", "verify-full, wrong host");
}

/* The chain check: a root that did not sign the server's certificate, the system's CAs
 * (which know nothing of the test CA), a CRL that revokes it. */
static void test_pg_chain_failures(void)
{
    char other[512], ca[512], crl[512], extra[2048];
    tls_file(other, sizeof other, "other-ca.crt");
    tls_file(ca, sizeof ca, "ca.crt");
    static const char *const modes[] = {"verify-ca", "verify-full", "require"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        snprintf(extra, sizeof extra, "SSLMode=%s;SSLRootCert={%s}", modes[i], other);
        expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                             "certificate verify failed|other-ca.crt", extra);
    }
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, "SSLMode=verify-full", "08001",
                         "certificate verify failed|system's trusted CAs",
                         "verify-full with the system's CAs");
    snprintf(extra, sizeof extra, "SSLMode=verify-ca;SSLRootCert={%s};SSLCrl={%s}", ca,
             tls_file(crl, sizeof crl, "crl-revoked.pem"));
    expect_connect_error(NULL, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001",
                         "certificate verify failed: certificate revoked", "CRL");
    /* a CRL that revokes nothing */
    snprintf(extra, sizeof extra, "SSLMode=verify-full;SSLRootCert={%s};SSLCrl={%s}", ca,
             tls_file(crl, sizeof crl, "crl-empty.pem"));
    SQLHDBC ok = connect_ok(NULL, extra);
    expect_transport(ok, "tls", "empty CRL");
    itest_disconnect(ok);
    /* prefer checks nothing (it accepts plaintext anyway) */
    snprintf(extra, sizeof extra, "SSLMode=prefer;SSLRootCert={%s}", other);
    ok = connect_ok(NULL, extra);
    expect_transport(ok, "tls", "prefer with a wrong root");
    itest_disconnect(ok);
}

/* CrateDB's `cert` method: the client certificate (CN crate_cert) is the login (on
 * PostgreSQL the rig's pg_hba.conf has `cert` for the role too). */
static void test_pg_client_certificate(void)
{
    char ca[512], crt[512], key[512], extra[2048];
    SQLHDBC dbc;
    tls_file(ca, sizeof ca, "ca.crt");
    tls_file(crt, sizeof crt, "client.crt");
    tls_file(key, sizeof key, "client.key");
    snprintf(extra, sizeof extra,
             "SSLMode=verify-full;SSLRootCert={%s};SSLCert={%s};SSLKey={%s}", ca, crt, key);
    SQLRETURN rc = connect_with(&dbc, NULL, CERT_USER, "", extra);
    if (ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
        char who[64];
        if (itest_query_text(dbc, "SELECT current_user", who, sizeof who))
            CU_ASSERT_STRING_EQUAL(who, CERT_USER);
        expect_transport(dbc, "tls", "cert login");
        /* the certificate's subject: PostgreSQL shows it, CrateDB's sys.sessions does not */
        if (!itest_is_cratedb() &&
            itest_query_text(dbc, "SELECT client_dn FROM pg_stat_ssl "
                                  "WHERE pid = pg_backend_pid()", who, sizeof who))
            CU_ASSERT_STRING_EQUAL(who, "/CN=" CERT_USER);
        itest_disconnect(dbc);
    } else {
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    /* without the certificate the server refuses the login: CrateDB's `cert` entry matches
     * only a connection with a client certificate, so no entry matches at all */
    expect_connect_error(NULL, CERT_USER, "", "SSLMode=require", "28000",
                         itest_is_cratedb() ? "No valid auth.host_based entry|crate_cert"
                                            : "certificate",
                         "cert login without a certificate");
    /* the certificate does not make another user */
    expect_connect_error(NULL, TLS_USER, "wrong", extra, "28000",
                         "password authentication failed", "certificate, other user");
}

/* A role the server admits over TLS only (CrateDB: an HBA entry with ssl: on). */
static void test_pg_tls_only_role(void)
{
    SQLHDBC dbc;
    expect_connect_error(NULL, TLS_USER, TLS_PASS, "SSLMode=disable", "28000",
                         itest_is_cratedb() ? "Did you enable TLS in your client?|crate_tls"
                                            : "no encryption",
                         "TLS-only role, disable");
    /* allow: the plaintext login is refused, the retry over TLS succeeds */
    static const char *const modes[] = {"SSLMode=allow", "SSLMode=prefer", "SSLMode=require"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        SQLRETURN rc = connect_with(&dbc, NULL, TLS_USER, TLS_PASS, modes[i]);
        if (!ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
            fprintf(stderr, "    (%s)\n", modes[i]);
            SQLFreeHandle(SQL_HANDLE_DBC, dbc);
            continue;
        }
        expect_transport(dbc, "tls", modes[i]);
        itest_disconnect(dbc);
    }
}

/* Failover works per host: the first node fails the host name check, the second is used;
 * when all fail, the message names each failure. */
static void test_pg_failover(void)
{
    char ca[512], extra[1024], servers[128];
    snprintf(extra, sizeof extra, "SSLMode=verify-full;SSLRootCert={%s}",
             tls_file(ca, sizeof ca, "ca.crt"));
    snprintf(servers, sizeof servers, "{127.0.0.2:%s,127.0.0.1:%s}", itest_cfg.port,
             itest_cfg.port);
    SQLHDBC dbc = connect_ok(servers, extra);
    char addr[64];
    /* the address the server was reached on: PostgreSQL only (127.0.0.2 would have failed
     * the name check anyway) */
    if (!itest_is_cratedb() &&
        itest_query_text(dbc, "SELECT host(inet_server_addr())", addr, sizeof addr))
        CU_ASSERT_STRING_EQUAL(addr, "127.0.0.1");
    expect_transport(dbc, "tls", "failover");
    itest_disconnect(dbc);

    /* two hosts (a host listed twice is tried once): the server does not listen on
     * 127.0.0.3, and 127.0.0.2, which failed just now, is tried last */
    snprintf(servers, sizeof servers, "{127.0.0.3:%s,127.0.0.2:%s}", itest_cfg.port,
             itest_cfg.port);
    char both[256];
    snprintf(both, sizeof both, "any of 2 hosts: 127.0.0.3:%s: Connection refused; "
             "127.0.0.2:%s: certificate verify failed", itest_cfg.port, itest_cfg.port);
    expect_connect_error(servers, ITEST_PW_USER, ITEST_PW_PASS, extra, "08001", both,
                         "failover, every host fails");
}

/* A result of 200,000 rows and one 6 MB value over TLS: many records per read, messages
 * larger than the receive block, bytes buffered inside OpenSSL between reads. */
static void test_pg_large_result(void)
{
    SQLHDBC dbc = connect_ok(NULL, "SSLMode=require;FetchSize=5000");
    expect_transport(dbc, "tls", "large result");
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g, md5(g::text) FROM "
                                                "generate_series(1, 200000) AS g", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    SQLINTEGER g = 0;
    char md5[40];
    SQLLEN ind = 0;
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &g, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, md5, sizeof md5, &ind), SQL_HANDLE_STMT, st);
    long long n = 0, sum = 0;
    bool lengths_ok = true;
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS) {
        n++;
        sum += g;
        lengths_ok = lengths_ok && ind == 32;
    }
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    CU_ASSERT_EQUAL(n, 200000);
    CU_ASSERT_EQUAL(sum, 200000LL * 200001LL / 2);
    CU_ASSERT_TRUE(lengths_ok);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);

    /* one value far larger than a TLS record and than the 64 KiB read block */
    enum { BIG = 6 * 1024 * 1024 };
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT repeat('abc', 2097152), 'after'",
                                 SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    char *buf = malloc(BIG + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, buf, BIG + 1, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ind, BIG);
    CU_ASSERT(memcmp(buf, "abcabc", 6) == 0 && memcmp(buf + BIG - 3, "abc", 3) == 0);
    ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, buf, 16, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(buf, "after");
    free(buf);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* A parameter array of 20,000 sets goes out over TLS in large writes. */
static void test_pg_param_array(void)
{
    enum { N = 20000 };
    static SQLINTEGER ids[N];
    static char names[N][24];
    static SQLLEN name_ind[N];
    char table[64], sql[256], v[32];
    SQLHDBC dbc = connect_ok(NULL, "SSLMode=require");
    expect_transport(dbc, "tls", "parameter array");
    itest_table_name(table, sizeof table, "tls_params");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id int PRIMARY KEY, name text)", table);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    for (int i = 0; i < N; i++) {
        ids[i] = i + 1;
        name_ind[i] = snprintf(names[i], sizeof names[i], "tls-row-%d", i + 1);
    }
    SQLHSTMT st = itest_stmt(dbc);
    SQLULEN processed = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 23, 0, names,
                              sizeof names[0], name_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, N);
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) || '/' || sum(id) || '/' || "
                              "sum(length(name)) FROM %s", table);
    if (itest_query_text(dbc, sql, v, sizeof v)) {
        /* lengths: "tls-row-" (8) + digits of 1..20000 */
        long digits = 9 * 1 + 90 * 2 + 900 * 3 + 9000 * 4 + 10001 * 5;
        char want[32];
        snprintf(want, sizeof want, "%d/%lld/%ld", N, (long long)N * (N + 1) / 2,
                 8L * N + digits);
        CU_ASSERT_STRING_EQUAL(v, want);
    }
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    CU_ASSERT(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

/* SQLCancel on a TLS connection (its CancelRequest goes over TLS too, verified like the
 * connection) and a query timeout, which cancels the same way; the connection stays
 * usable. */
static void test_pg_cancel(void)
{
    char ca[512], extra[1024];
    snprintf(extra, sizeof extra, "SSLMode=verify-full;SSLRootCert={%s}",
             tls_file(ca, sizeof ca, "ca.crt"));
    SQLHDBC dbc = connect_ok(NULL, extra);
    expect_transport(dbc, "tls", "cancel");
    SQLHSTMT st = itest_stmt(dbc);
    SQLRETURN cancel_rc = SQL_ERROR;
    char slow[160];
    itest_slow_sql(slow, sizeof slow, 30);
    SQLRETURN rc = itest_exec_cancelled(st, slow, 500, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HY008");
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)1, 0), SQL_HANDLE_STMT, st);
    itest_slow_sql(slow, sizeof slow, 20);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)slow, SQL_NTS), SQL_HANDLE_STMT, st, "HYT00");
    itest_free_stmt(st);
    char v[16];
    CU_ASSERT(itest_query_text(dbc, "SELECT 'alive'", v, sizeof v));
    CU_ASSERT_STRING_EQUAL(v, "alive");
    itest_disconnect(dbc);
}

/* A node given by ITEST_CRATEDB: the rig did not set up its TLS, so there are no
 * certificates to check it with. */
static void test_cratedb_tls_unknown(void)
{
    itest_not_applicable("ITEST_TLS_DIR is not set: the node's TLS set-up is not the rig's "
                         "(a node given by ITEST_CRATEDB)");
}

void itest_register_tls(void)
{
    static const itest_case pg_cases[] = {
        {"option_errors", test_option_errors},
        {"default_dsn_uses_tls", test_default_dsn_uses_tls},
        {"modes", test_pg_modes},
        {"host_mismatch", test_pg_host_mismatch},
        {"chain_failures", test_pg_chain_failures},
        {"client_certificate", test_pg_client_certificate},
        {"tls_only_role", test_pg_tls_only_role},
        {"failover", test_pg_failover},
        {"large_result", test_pg_large_result},
        {"param_array", test_pg_param_array},
        {"cancel", test_pg_cancel},
        {NULL, NULL},
    };
    static const itest_case crate_cases[] = {
        {"option_errors", test_option_errors},
        {"plaintext_after_n", test_crate_plaintext_after_n},
        {"require_refused", test_crate_require_refused},
        {NULL, NULL},
    };
    static const itest_case unknown_cases[] = {
        {"tls_unknown", test_cratedb_tls_unknown},
        {NULL, NULL},
    };
    const itest_case *cases = crate_cases;
    if (itest_profile_is("pg") || (itest_is_cratedb() && itest_cfg.tls_dir != NULL))
        cases = pg_cases;   /* a server that serves TLS with the rig's certificates */
    else if (itest_is_cratedb())
        cases = unknown_cases;
    itest_add_suite("tls", cases);
}
