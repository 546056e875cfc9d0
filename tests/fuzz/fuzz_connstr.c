/*
 * fuzz_connstr.c: connection strings and odbc.ini values (driver/connstr.c)
 * and what the driver makes of them before it connects (connect.c
 * drv_conn_settings_resolve). The first byte picks the source: even, the
 * rest is a connection string; odd, the rest is an odbc.ini file whose
 * section [fuzz] is read as the DSN.
 * Invariants: a string the driver builds from the options parses back to the
 * same options (build, parse, build gives the same text); resolved settings
 * are in range, and only 08001 is an error.
 */
#include <unistd.h>

#include "fuzz.h"
#include "drv.h"

static char ini_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(ini_path, sizeof ini_path, "/tmp/fuzz_connstr.%d.ini", (int)getpid());
    setenv("ODBCINI", ini_path, 1);
    setenv("ODBCSYSINI", "/nonexistent", 1);    /* no system DSN answers for us */
    return 0;
}

static void check_roundtrip(const drv_conn_opts *o)
{
    char *first = drv_connstr_build(o);
    if (!first)
        return;                                 /* out of memory */
    drv_conn_opts again;
    memset(&again, 0, sizeof again);
    char err[256];
    FUZZ_CHECK(drv_connstr_parse(first, strlen(first), &again, err, sizeof err));
    char *second = drv_connstr_build(&again);
    if (second) {
        if (strcmp(first, second) != 0)
            fprintf(stderr, "built:   %s\nreparsed: %s\n", first, second);
        FUZZ_CHECK(strcmp(first, second) == 0);
    }
    free(second);
    free(first);
    drv_conn_opts_free(&again);
}

static void check_settings(const drv_conn_opts *o)
{
    drv_hdr h;
    memset(&h, 0, sizeof h);
    drv_conn_settings s;
    SQLRETURN rc = drv_conn_settings_resolve(&h, o, 0, 0, &s);
    if (rc == SQL_ERROR) {
        FUZZ_CHECK(h.diag.count == 1 && strcmp(h.diag.recs[0].sqlstate, "08001") == 0);
    } else {
        FUZZ_CHECK(rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO);
        FUZZ_CHECK(s.params.default_port >= 1 && s.params.default_port <= 65535);
        FUZZ_CHECK(s.fetch_size >= 1 && s.text_size >= 1);
        FUZZ_CHECK(s.params.hosts && s.params.user && s.params.application_name);
        FUZZ_CHECK(s.params.connect_timeout_ms >= 0 && s.params.io_timeout_ms >= 0);
    }
    drv_diag_clear(&h);
}

static void from_ini(const uint8_t *data, size_t n, drv_conn_opts *o)
{
    FILE *f = fopen(ini_path, "w");
    if (!f)
        return;
    fputs("[fuzz]\n", f);
    fwrite(data, 1, n, f);
    fclose(f);
    drv_conn_opts_from_dsn(o, "fuzz");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    drv_conn_opts o;
    memset(&o, 0, sizeof o);
    if (data[0] & 1) {
        from_ini(data + 1, size - 1, &o);
    } else {
        char *s = fuzz_exact_copy(data + 1, size - 1);
        char err[256];
        err[0] = '\0';
        if (!s)
            return 0;
        if (!drv_connstr_parse(s, size - 1, &o, err, sizeof err))
            FUZZ_CHECK(err[0] != '\0');
        free(s);
    }
    check_roundtrip(&o);
    check_settings(&o);
    drv_conn_opts_free(&o);
    return 0;
}
