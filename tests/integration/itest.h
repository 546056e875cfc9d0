/*
 * itest.h: shared helpers for the integration tests.
 *
 * The integration tests are an ODBC application: they link only unixODBC's libodbc and CUnit
 * and reach the driver through the driver manager, exactly as a user's program would. The
 * server, roles and DSNs come from tests/rig/pg.sh and tests/rig/odbc.sh; tests/run.sh sets
 * the environment below.
 *
 *   ITEST_PROFILE   "pg" (straight to PostgreSQL), "crate" (through the proxy that dresses
 *                   PostgreSQL as CrateDB) or "cratedb" (a real CrateDB, tests/rig/cratedb.sh).
 *                   Expectations that differ are switched on it; SQL that differs goes
 *                   through the dialect layer below (itest_dialect.c).
 *   ITEST_PG_MAJOR  the pg profile's PostgreSQL major version (15 on Debian 12, 17 on 13).
 *   ITEST_DSN       the main DSN (default crate_pw).
 *   ITEST_DRIVER    the driver for DSN-less connections: a library path or a driver name
 *                   from odbcinst.ini (default CrateDB).
 *   ITEST_SERVER    host for DSN-less connections (default 127.0.0.1).
 *   ITEST_PORT      port for DSN-less connections (required by those tests).
 *   ITEST_DATABASE  database for DSN-less connections (default doc).
 *   ITEST_TLS_DIR   the rig's TLS files (tests/rig/pg.sh: ca.crt, client.crt ...).
 *
 * Nothing here frees handles after a fatal assertion: a failed test may leak, a passing one
 * must not (valgrind runs the suite).
 */
#ifndef ITEST_H
#define ITEST_H

#include <CUnit/CUnit.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#include <stdbool.h>
#include <stddef.h>

/* Credentials created by tests/rig/pg.sh. */
#define ITEST_PW_USER "crate_pw"
#define ITEST_PW_PASS "pw-secret"
#define ITEST_SCRAM_USER "crate_scram"
#define ITEST_SCRAM_PASS "scram-secret"
#define ITEST_SPECIAL_USER "crate_special"
#define ITEST_SPECIAL_PASS "se;mi}{=brace"

typedef struct itest_config {
    const char *profile;
    const char *dsn;
    const char *driver;
    const char *server;
    const char *port;       /* NULL when ITEST_PORT is unset */
    const char *database;
    const char *tls_dir;    /* NULL when ITEST_TLS_DIR is unset */
    char pg_major[16];      /* "15." from ITEST_PG_MAJOR: the pg profile's server version */
} itest_config;

extern itest_config itest_cfg;

void itest_config_load(void);
bool itest_profile_is(const char *profile);

/* The process-wide environment handle (ODBC 3.80), allocated once in main.c. */
extern SQLHENV itest_env;

/* Prints every diagnostic record of a handle to stderr, prefixed by `what`. */
void itest_dump_diag(const char *what, SQLSMALLINT htype, SQLHANDLE h);

/* First diagnostic record: SQLSTATE into state[6], message into msg (may be NULL).
 * Returns false when there is no record. */
bool itest_diag(SQLSMALLINT htype, SQLHANDLE h, char state[6], char *msg, size_t msglen);

/* Asserts that rc succeeded; on failure dumps the handle's diagnostics. Non-fatal. */
bool itest_check(SQLRETURN rc, SQLSMALLINT htype, SQLHANDLE h, const char *what,
                 const char *file, unsigned line);
#define ITEST_OK(rc, htype, h) itest_check((rc), (htype), (h), #rc, __FILE__, __LINE__)
/* Fatal variant: the rest of the test depends on this call. */
#define ITEST_OK_FATAL(rc, htype, h)                                                     \
    do {                                                                                  \
        if (!itest_check((rc), (htype), (h), #rc, __FILE__, __LINE__))                    \
            CU_FAIL_FATAL("previous ODBC call failed");                                   \
    } while (0)

/* Asserts rc is SQL_ERROR (or `expect_rc`) with SQLSTATE `state` (one of a '|'-separated
 * list, e.g. "28P01|28000"). Returns true when both match. */
bool itest_expect_state(SQLRETURN rc, SQLRETURN expect_rc, SQLSMALLINT htype, SQLHANDLE h,
                        const char *states, const char *file, unsigned line);
#define ITEST_EXPECT_ERROR(rc, htype, h, states) \
    itest_expect_state((rc), SQL_ERROR, (htype), (h), (states), __FILE__, __LINE__)
#define ITEST_EXPECT_INFO(rc, htype, h, states) \
    itest_expect_state((rc), SQL_SUCCESS_WITH_INFO, (htype), (h), (states), __FILE__, __LINE__)

/* Connections. itest_connect_dsn returns the rc of SQLConnect and leaves *dbc allocated
 * (connected or not); uid/pwd NULL pass a NULL pointer with length 0. */
SQLRETURN itest_connect_dsn(SQLHDBC *dbc, const char *dsn, const char *uid, const char *pwd);
/* Connects to ITEST_DSN with the DSN's own credentials; fatal on failure. */
SQLHDBC itest_connect(void);
void itest_disconnect(SQLHDBC dbc);
/* A DSN-less connection string to the test server, with the given extra keywords. */
void itest_dsnless(char *out, size_t outlen, const char *uid, const char *pwd, const char *extra);

SQLHSTMT itest_stmt(SQLHDBC dbc);
void itest_free_stmt(SQLHSTMT st);
/* SQLExecDirect, asserted to succeed (SQL_NO_DATA allowed for DML touching no rows). */
bool itest_exec(SQLHSTMT st, const char *sql);
/* Runs sql on a fresh statement of dbc, discarding any result. */
bool itest_exec_on(SQLHDBC dbc, const char *sql);
/* Runs a one-row, one-column query and copies the value as text into out ("<NULL>" for
 * NULL). Returns false (after asserting) on any error. */
bool itest_query_text(SQLHDBC dbc, const char *sql, char *out, size_t outlen);

/* SQLExecDirect(sql) with SQLCancel(st) from a second thread delay_ms later; returns the
 * execution's rc, *cancel_rc gets SQLCancel's. */
SQLRETURN itest_exec_cancelled(SQLHSTMT st, const char *sql, int delay_ms,
                               SQLRETURN *cancel_rc);
/* The same around any work on st: returns work(st, arg)'s rc. */
SQLRETURN itest_run_cancelled(SQLHSTMT st, SQLRETURN (*work)(SQLHSTMT st, void *arg),
                              void *arg, int delay_ms, SQLRETURN *cancel_rc);

/* A table name unique to this process and call: prefix_<pid>_<n>. */
void itest_table_name(char *out, size_t outlen, const char *prefix);

/* UTF-8 <-> UTF-16 (SQLWCHAR) with surrogate pairs, independent of the driver's own code.
 * itest_w returns a malloc'd NUL-terminated string; *units gets its length in SQLWCHARs. */
SQLWCHAR *itest_w(const char *utf8, size_t *units);
/* Converts n SQLWCHARs to malloc'd UTF-8 (NULL on invalid UTF-16). */
char *itest_w_to_utf8(const SQLWCHAR *w, size_t n);
size_t itest_wlen(const SQLWCHAR *w);

/* The server's dialect (itest_dialect.c). */
bool itest_is_cratedb(void);    /* the profile's server is a real CrateDB */
bool itest_speaks_crate(void);  /* the driver sees CrateDB: the crate or cratedb profile */
/* The column type for `portable` (json, date, time, timetz, interval, bytea, serial, or any
 * type both servers share) as the profile's server takes it in CREATE TABLE; NULL when
 * that server cannot store it. */
const char *itest_coltype(const char *portable);
/* Makes what was just written to `table` visible to SELECT: REFRESH TABLE on CrateDB
 * (eventually consistent), nothing on PostgreSQL. */
bool itest_refresh(SQLHDBC dbc, const char *table);
/* A statement that runs about `seconds` s unless a cancel or a query timeout stops it, in a
 * form the profile's server interrupts at once (into out). PostgreSQL: pg_sleep(seconds).
 * CrateDB: one row per 0.1 s (generate_series, a row-dependent pg_sleep): CrateDB evaluates
 * pg_sleep of a constant while it plans, on a thread that also serves connections (a
 * CancelRequest arriving on that thread waits), and a kill takes effect between rows only. */
void itest_slow_sql(char *out, size_t outlen, int seconds);
/* CrateDB: `expr` over this connection's row of sys.sessions (ssl, id, auth_user ...), as
 * text into out. CrateDB has no pg_stat_activity and its pg_backend_pid() is -1: the row is
 * the one whose last statement is this very query, named by a marker unique to the call. */
bool itest_session_value(SQLHDBC dbc, const char *expr, char *out, size_t outlen);
/* Says the running test (or a part of it) cannot apply to this profile's server, and why;
 * one line now, and main lists them all at the end. */
void itest_not_applicable(const char *why);
void itest_print_not_applicable(void);

/* Suite registration (one per file). */
void itest_register_connect(void);
void itest_register_query(void);
void itest_register_unicode(void);
void itest_register_types(void);   /* test_types.c */
void itest_register_crate_types(void); /* test_crate_types.c */
void itest_register_profile(void);
void itest_register_functions(void);
void itest_register_catalog(void);
void itest_register_params(void);   /* test_params.c */
void itest_register_param_matrix(void); /* test_param_matrix.c */
void itest_register_param_arrays(void); /* test_param_arrays.c */
void itest_register_desc(void);      /* test_desc.c */
void itest_register_cursors(void);   /* test_cursors.c */
void itest_register_escapes(void);   /* test_escapes.c */
void itest_register_tls(void);       /* test_tls.c */
void itest_register_streaming(void); /* test_streaming.c */
void itest_register_pipeline(void);  /* test_pipeline.c */
void itest_register_txn(void);       /* test_txn.c */
void itest_register_param_escapes(void); /* test_param_escapes.c */
void itest_register_interval_precision(void); /* test_interval_precision.c */
void itest_register_cursor_names(void); /* test_cursor_names.c */
void itest_register_log(void);       /* test_log.c */
void itest_register_setpos(void);    /* test_setpos.c */
void itest_register_faults(void);    /* test_faults.c: by name only */
void itest_register_metadata_agree(void); /* test_metadata_agree.c */

/* Several servers: the cluster suites (`integration_tests cluster`, itest_cluster.c).
 * tests/run.sh starts three servers per profile (tests/rig/servers.sh in pg and crate, a
 * three-node cluster with tests/rig/cratedb.sh cluster in cratedb; tests/rig/README.md) and
 * sets ITEST_CLUSTER_DIR (their directory) and ITEST_CLUSTER_CTL (the script that controls
 * them). Servers are numbered from 1, as the scripts number them. */
int itest_cluster_size(void);            /* 0 without a set-up */
int itest_cluster_port(int k);           /* the port the driver connects to for server k */
const char *itest_cluster_hosts(void);   /* "127.0.0.1:p1,127.0.0.1:p2,..." for SERVER= */
/* A DSN-less connection string as crate_pw, in plaintext, to `servers` (NULL: all of them),
 * with `extra` keywords appended (may be NULL). */
void itest_cluster_connstr(char *out, size_t outlen, const char *servers, const char *extra);
/* Runs the set-up's script: action stop, restart, pause or resume on server k. */
bool itest_cluster_ctl(const char *action, int k);
/* Resumes and restarts every server that does not accept a connection (a suite's set-up:
 * an earlier test may have failed with a server down). */
void itest_cluster_ensure_all_up(void);
/* Which server (1..N) the connection reached; 0 after a failed assertion. */
int itest_cluster_node_of(SQLHDBC dbc);
void itest_register_cluster_rig(void); /* test_cluster_rig.c: the set-up itself */
void itest_register_cluster_lb(void);  /* test_cluster_lb.c: LoadBalanceHosts, DiscoverNodes */
void itest_register_cluster_failover(void); /* test_cluster_failover.c: dead connections */

/* Adds a suite named "<name> [<profile>]" with the given tests; NULL-terminated array. */
typedef struct itest_case {
    const char *name;
    CU_TestFunc fn;
} itest_case;
void itest_add_suite(const char *name, const itest_case *cases);

#endif
