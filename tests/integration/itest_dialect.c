/*
 * itest_dialect.c: the per-profile layer through which the integration tests speak each
 * server's dialect. The pg and crate profiles reach PostgreSQL (the crate profile through
 * the proxy that dresses it as CrateDB on the wire); the cratedb profile reaches a real
 * CrateDB, whose SQL differs where storage and visibility are concerned:
 *
 *   - column types: CrateDB stores objects (`object`) rather than `json`, and 6.4 cannot
 *     store date, time, timetz or interval columns ("Type `date` does not support
 *     storage"; date can from 6.5), nor has it bytea or serial;
 *   - visibility: a SELECT sees rows written moments earlier only after REFRESH TABLE
 *     (FACTS §6), except lookups by primary key.
 *
 * A test that cannot apply to a profile's server says why through itest_not_applicable;
 * main.c lists every such test at the end of the run.
 */
#include "itest.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool itest_is_cratedb(void)
{
    return itest_profile_is("cratedb");
}

bool itest_speaks_crate(void)
{
    return itest_profile_is("crate") || itest_profile_is("cratedb");
}

/* Portable column type -> what each server takes in CREATE TABLE; NULL: not storable. */
static const struct {
    const char *portable;
    const char *pg;
    const char *cratedb;
} coltypes[] = {
    {"json", "json", "object"},
    {"date", "date", NULL},          /* storable from CrateDB 6.5 */
    {"time", "time", NULL},
    {"timetz", "timetz", NULL},
    {"interval", "interval", NULL},
    {"bytea", "bytea", NULL},
    {"serial", "serial", NULL},
};

const char *itest_coltype(const char *portable)
{
    for (size_t i = 0; i < sizeof coltypes / sizeof coltypes[0]; i++)
        if (strcmp(coltypes[i].portable, portable) == 0)
            return itest_is_cratedb() ? coltypes[i].cratedb : coltypes[i].pg;
    return portable;
}

bool itest_refresh(SQLHDBC dbc, const char *table)
{
    if (!itest_is_cratedb())
        return true;
    char sql[256];
    snprintf(sql, sizeof sql, "REFRESH TABLE %s", table);
    return itest_exec_on(dbc, sql);
}

void itest_slow_sql(char *out, size_t outlen, int seconds)
{
    if (itest_is_cratedb())
        snprintf(out, outlen, "SELECT count(*) FROM generate_series(1, %d) AS g "
                              "WHERE pg_sleep(g * 0 + 0.1) IS NULL", seconds * 10);
    else
        snprintf(out, outlen, "SELECT pg_sleep(%d)", seconds);
}

bool itest_session_value(SQLHDBC dbc, const char *expr, char *out, size_t outlen)
{
    static int calls;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM sys.sessions WHERE last_statement "
             "LIKE '%%itest_session_%ld_%d%%'", expr, (long)getpid(), ++calls);
    return itest_query_text(dbc, sql, out, outlen);
}

#define MAX_NA 128
static char not_applicable[MAX_NA][256];
static int n_not_applicable;

void itest_not_applicable(const char *why)
{
    CU_pTest t = CU_get_current_test();
    CU_pSuite s = CU_get_current_suite();
    char line[256];
    snprintf(line, sizeof line, "%s/%s: %s", s ? s->pName : "?", t ? t->pName : "?", why);
    fprintf(stderr, "\n    not applicable on %s: %s\n", itest_cfg.profile, why);
    if (n_not_applicable < MAX_NA)
        snprintf(not_applicable[n_not_applicable++], sizeof not_applicable[0], "%s", line);
}

void itest_print_not_applicable(void)
{
    if (n_not_applicable == 0)
        return;
    printf("\nNot applicable on %s (%d):\n", itest_cfg.profile, n_not_applicable);
    for (int i = 0; i < n_not_applicable; i++)
        printf("  %s\n", not_applicable[i]);
}
