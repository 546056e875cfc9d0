/*
 * test_connstr.c: connection-string parsing and building, and merging a DSN
 * from odbc.ini (ODBCINI/ODBCSYSINI point at a temporary directory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "drv.h"
#include "unit.h"

static bool parse(const char *s, drv_conn_opts *o)
{
    char err[128];
    memset(o, 0, sizeof *o);
    return drv_connstr_parse(s, strlen(s), o, err, sizeof err);
}

static void test_basic(void)
{
    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("DSN=crate;Server=db1;Port=5433;Database=doc;UID=bob;PWD=secret", &o));
    CU_ASSERT_STRING_EQUAL(o.dsn, "crate");
    CU_ASSERT_STRING_EQUAL(o.server, "db1");
    CU_ASSERT_STRING_EQUAL(o.port, "5433");
    CU_ASSERT_STRING_EQUAL(o.database, "doc");
    CU_ASSERT_STRING_EQUAL(o.uid, "bob");
    CU_ASSERT_STRING_EQUAL(o.pwd, "secret");
    CU_ASSERT_PTR_NULL(o.driver);
    drv_conn_opts_free(&o);
    CU_ASSERT_PTR_NULL(o.dsn);
}

static void test_case_spaces_aliases_unknown(void)
{
    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("  host = h1 ;user=u1; password =p w ;db=s;CONNECTTIMEOUT=7;"
                         "Foo=bar;applicationname=app;sslmode=disable;fetchsize=10;"
                         "OPTIONS=-c x=1;;stray;", &o));
    CU_ASSERT_STRING_EQUAL(o.server, "h1");
    CU_ASSERT_STRING_EQUAL(o.uid, "u1");
    CU_ASSERT_STRING_EQUAL(o.pwd, "p w");
    CU_ASSERT_STRING_EQUAL(o.database, "s");
    CU_ASSERT_STRING_EQUAL(o.login_timeout, "7");
    CU_ASSERT_STRING_EQUAL(o.application_name, "app");
    CU_ASSERT_STRING_EQUAL(o.sslmode, "disable");
    CU_ASSERT_STRING_EQUAL(o.fetch_size, "10");
    CU_ASSERT_STRING_EQUAL(o.options, "-c x=1");
    drv_conn_opts_free(&o);

    CU_ASSERT_TRUE(parse("Servername=a;Username=b", &o));
    CU_ASSERT_STRING_EQUAL(o.server, "a");
    CU_ASSERT_STRING_EQUAL(o.uid, "b");
    drv_conn_opts_free(&o);
}

static void test_braces(void)
{
    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("DRIVER={CrateDB ODBC};PWD={a;b}}c=d};UID={ x };Server={}", &o));
    CU_ASSERT_STRING_EQUAL(o.driver, "CrateDB ODBC");
    CU_ASSERT_STRING_EQUAL(o.pwd, "a;b}c=d");
    CU_ASSERT_STRING_EQUAL(o.uid, " x ");       /* braces keep spaces */
    CU_ASSERT_STRING_EQUAL(o.server, "");
    drv_conn_opts_free(&o);

    CU_ASSERT_TRUE(parse("PWD={}}}}}", &o));
    CU_ASSERT_STRING_EQUAL(o.pwd, "}}");
    drv_conn_opts_free(&o);
}

static void test_first_wins(void)
{
    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("Server=a;Host=b;SERVER=c;UID=x;uid=y", &o));
    CU_ASSERT_STRING_EQUAL(o.server, "a");
    CU_ASSERT_STRING_EQUAL(o.uid, "x");
    drv_conn_opts_free(&o);
    /* DSN and DRIVER: whichever comes first */
    CU_ASSERT_TRUE(parse("DRIVER={d};DSN=x", &o));
    CU_ASSERT_STRING_EQUAL(o.driver, "d");
    CU_ASSERT_PTR_NULL(o.dsn);
    drv_conn_opts_free(&o);
    CU_ASSERT_TRUE(parse("DSN=x;DRIVER={d}", &o));
    CU_ASSERT_STRING_EQUAL(o.dsn, "x");
    CU_ASSERT_PTR_NULL(o.driver);
    drv_conn_opts_free(&o);
}

static void test_malformed(void)
{
    drv_conn_opts o;
    char err[128] = "";
    memset(&o, 0, sizeof o);
    const char *s = "UID=a;PWD={abc;Server=x";
    CU_ASSERT_FALSE(drv_connstr_parse(s, strlen(s), &o, err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "Unterminated"));
    drv_conn_opts_free(&o);
    s = "PWD={abc}x;UID=a";
    CU_ASSERT_FALSE(drv_connstr_parse(s, strlen(s), &o, err, sizeof err));
    drv_conn_opts_free(&o);
    s = "PWD={abc}}";  /* "}}" is an escaped brace: still open */
    CU_ASSERT_FALSE(drv_connstr_parse(s, strlen(s), &o, err, sizeof err));
    drv_conn_opts_free(&o);
    /* empty and odd-but-harmless strings */
    CU_ASSERT_TRUE(parse("", &o));
    CU_ASSERT_TRUE(parse(";;; ;", &o));
    CU_ASSERT_TRUE(parse("=x;noequals", &o));
    CU_ASSERT_PTR_NULL(o.server);
    /* explicit length stops early */
    s = "UID=abc;PWD=def";
    CU_ASSERT_TRUE(drv_connstr_parse(s, 7, &o, err, sizeof err));
    CU_ASSERT_STRING_EQUAL(o.uid, "abc");
    CU_ASSERT_PTR_NULL(o.pwd);
    drv_conn_opts_free(&o);
}

static void test_build_roundtrip(void)
{
    drv_conn_opts o, p;
    CU_ASSERT_TRUE(parse("driver={Crate DB};host=h;port=5432;uid=u;pwd={p;w}}d};"
                         "options={-c a=b};ApplicationName= spaced ", &o));
    char *s = drv_connstr_build(&o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "DRIVER={Crate DB};SERVER=h;PORT=5432;UID=u;PWD={p;w}}d};"
                              "ApplicationName=spaced;Options={-c a=b}");
    CU_ASSERT_TRUE(parse(s, &p));
    CU_ASSERT_STRING_EQUAL(p.pwd, "p;w}d");
    CU_ASSERT_STRING_EQUAL(p.options, "-c a=b");
    CU_ASSERT_STRING_EQUAL(p.driver, "Crate DB");
    free(s);
    drv_conn_opts_free(&o);
    drv_conn_opts_free(&p);

    memset(&o, 0, sizeof o);
    s = drv_connstr_build(&o);
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
}

/* The TLS keywords (case-insensitive, as libpq spells them too) reach their
 * fields and come back from the builder. */
static void test_tls_keywords(void)
{
    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("sslmode=verify-full;sslrootcert=/etc/ca.pem;SSLCERT={/my certs/c.pem};"
                         "SslKey=/k.pem;sslcrl=/crl.pem", &o));
    CU_ASSERT_STRING_EQUAL(o.sslmode, "verify-full");
    CU_ASSERT_STRING_EQUAL(o.ssl_root_cert, "/etc/ca.pem");
    CU_ASSERT_STRING_EQUAL(o.ssl_cert, "/my certs/c.pem");
    CU_ASSERT_STRING_EQUAL(o.ssl_key, "/k.pem");
    CU_ASSERT_STRING_EQUAL(o.ssl_crl, "/crl.pem");
    char *s = drv_connstr_build(&o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "SSLMode=verify-full;SSLRootCert=/etc/ca.pem;"
                              "SSLCert=/my certs/c.pem;SSLKey=/k.pem;SSLCrl=/crl.pem");
    free(s);
    drv_conn_opts_free(&o);
    CU_ASSERT_PTR_NULL(o.ssl_root_cert);
}

/* SSLMode values: libpq's six names, any case; nothing else (a typo must
 * not quietly become the default), and the names come back as parsed. */
static void test_ssl_mode_names(void)
{
    static const struct { const char *name; pgw_ssl_mode mode; } ok[] = {
        {"disable", PGW_SSL_DISABLE},   {"allow", PGW_SSL_ALLOW},
        {"prefer", PGW_SSL_PREFER},     {"require", PGW_SSL_REQUIRE},
        {"verify-ca", PGW_SSL_VERIFY_CA}, {"verify-full", PGW_SSL_VERIFY_FULL},
        {"VERIFY-Full", PGW_SSL_VERIFY_FULL}, {"Require", PGW_SSL_REQUIRE},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        pgw_ssl_mode m = (pgw_ssl_mode)-1;
        CU_ASSERT_TRUE(pgw_ssl_mode_parse(ok[i].name, &m));
        CU_ASSERT_EQUAL(m, ok[i].mode);
        CU_ASSERT_EQUAL(strcasecmp(pgw_ssl_mode_name(m), ok[i].name), 0);
    }
    static const char *const bad[] = {"", "verify_full", "verify-ful", "required", "on",
                                      "1", " require", "require "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pgw_ssl_mode m = PGW_SSL_VERIFY_FULL;
        CU_ASSERT_FALSE(pgw_ssl_mode_parse(bad[i], &m));
        CU_ASSERT_EQUAL(m, PGW_SSL_VERIFY_FULL);     /* untouched */
    }
    CU_ASSERT_FALSE(pgw_ssl_mode_parse(NULL, &(pgw_ssl_mode){PGW_SSL_PREFER}));
    /* the zero value of pgw_connect_params is libpq's default */
    pgw_connect_params p = {0};
    CU_ASSERT_EQUAL(p.ssl_mode, PGW_SSL_PREFER);
}

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_dsn_merge(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/connstr_test_XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
    write_file("odbc.ini", "[testdsn]\nDriver = x\nHost = dsnhost\nPort = 5433\n"
                           "User = dsnuser\nPassword = dsnpw\nFetchSize = 50\n"
                           "LoginTimeout = 9\n");
    write_file("odbcinst.ini", "");
    char ini[128];
    snprintf(ini, sizeof ini, "%s/odbc.ini", tmpdir);
    setenv("ODBCSYSINI", tmpdir, 1);
    setenv("ODBCINI", ini, 1);

    drv_conn_opts o;
    CU_ASSERT_TRUE(parse("DSN=testdsn;Server=cshost;loginTimeout=3", &o));
    drv_conn_opts_from_dsn(&o, o.dsn);
    CU_ASSERT_STRING_EQUAL(o.server, "cshost");     /* the string wins */
    CU_ASSERT_STRING_EQUAL(o.login_timeout, "3");
    CU_ASSERT_STRING_EQUAL(o.port, "5433");
    CU_ASSERT_STRING_EQUAL(o.uid, "dsnuser");       /* aliases work in odbc.ini */
    CU_ASSERT_STRING_EQUAL(o.pwd, "dsnpw");
    CU_ASSERT_STRING_EQUAL(o.fetch_size, "50");
    CU_ASSERT_PTR_NULL(o.database);
    CU_ASSERT_PTR_NULL(o.driver);
    drv_conn_opts_free(&o);

    /* an unknown DSN changes nothing */
    CU_ASSERT_TRUE(parse("DSN=nosuch", &o));
    drv_conn_opts_from_dsn(&o, o.dsn);
    CU_ASSERT_PTR_NULL(o.server);
    drv_conn_opts_free(&o);

    char path[128];
    snprintf(path, sizeof path, "%s/odbc.ini", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/odbcinst.ini", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

void register_connstr_tests(void)
{
    CU_pSuite s = CU_add_suite("connstr", NULL, NULL);
    CU_add_test(s, "basic keywords", test_basic);
    CU_add_test(s, "case, spaces, aliases, unknown keywords", test_case_spaces_aliases_unknown);
    CU_add_test(s, "braced values and }}", test_braces);
    CU_add_test(s, "first occurrence wins; DSN vs DRIVER", test_first_wins);
    CU_add_test(s, "TLS keywords", test_tls_keywords);
    CU_add_test(s, "SSLMode names", test_ssl_mode_names);
    CU_add_test(s, "malformed strings", test_malformed);
    CU_add_test(s, "build and parse again", test_build_roundtrip);
    CU_add_test(s, "merge a DSN from odbc.ini", test_dsn_merge);
}
