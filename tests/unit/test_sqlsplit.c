/* test_sqlsplit.c: driver/sqlsplit.c, splitting a text of several
 * statements at the `;` the lexer sees outside literals and comments. */
#include <stdlib.h>
#include <string.h>

#include "sqlscan.h"
#include "unit.h"

/* Splits `in` and compares the statements, '|'-joined, with `want`. */
static void check(const char *in, const char *want)
{
    drv_sql_span *sp = NULL;
    char got[512];
    size_t o = 0;
    int n = drv_sql_split(in, strlen(in), &sp);
    CU_ASSERT(n >= 0);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            got[o++] = '|';
        memcpy(got + o, in + sp[i].off, sp[i].len);
        o += sp[i].len;
    }
    got[o] = '\0';
    CU_ASSERT_STRING_EQUAL(got, want);
    free(sp);
}

static void test_split(void)
{
    check("select 1", "select 1");
    check("select 1;", "select 1");
    check("select 1; select 2", "select 1| select 2");
    check("a;;  ; b ;\n-- tail; comment\n", "a| b ");
    check("insert into t values ('x;y', E'\\';', \"c;d\"); b", "insert into t values "
          "('x;y', E'\\';', \"c;d\")| b");
    check("a /* ; /* ; */ ; */; b -- ;\n; c", "a /* ; /* ; */ ; */| b -- ;\n| c");
    check("create function f() as $body$ x; y $body$; b", "create function f() as "
          "$body$ x; y $body$| b");
    check("select obj['a;b'] from t; b", "select obj['a;b'] from t| b");
    check("", "");
    check(" ; -- only a comment", "");
    check("select 'open; string", "select 'open; string");
}

void register_sqlsplit_tests(void)
{
    CU_pSuite s = CU_add_suite("sqlsplit", NULL, NULL);
    CU_add_test(s, "split at top-level semicolons", test_split);
}
