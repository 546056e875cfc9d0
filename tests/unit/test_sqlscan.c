/* test_sqlscan.c: the `?` -> $n rewrite of driver/sqlscan.c, one case per lexer rule. */
#include <stdlib.h>
#include <string.h>

#include "sqlscan.h"
#include "unit.h"

static void check(const char *in, const char *want, int want_n)
{
    int n = -1;
    size_t len = 0;
    char *out = drv_sql_rewrite(in, strlen(in), &n, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, want);
    CU_ASSERT_EQUAL(len, strlen(want));
    CU_ASSERT_EQUAL(n, want_n);
    CU_ASSERT_EQUAL(drv_sql_count_markers(in, strlen(in)), want_n);
    free(out);
}

static void test_plain(void)
{
    check("", "", 0);
    check("select 1", "select 1", 0);
    check("select ?", "select $1", 1);
    check("insert into t values (?,?, ?)", "insert into t values ($1,$2, $3)", 3);
    check("?", "$1", 1);
}

static void test_many_markers(void)
{
    char in[64], want[256];
    size_t o = 0;
    for (int i = 0; i < 12; i++)
        in[i] = '?';
    in[12] = '\0';
    for (int i = 1; i <= 12; i++) {
        want[o++] = '$';
        if (i >= 10)
            want[o++] = '1';
        want[o++] = (char)('0' + i % 10);
    }
    want[o] = '\0';
    check(in, want, 12);
}

static void test_strings(void)
{
    check("select '?', ?", "select '?', $1", 1);
    check("select 'it''s ?', ?", "select 'it''s ?', $1", 1);
    check("select E'a\\'?', ?", "select E'a\\'?', $1", 1);
    check("select e'\\\\', ?", "select e'\\\\', $1", 1);
    /* backslash is not an escape in a standard string */
    check("select 'a\\', ?", "select 'a\\', $1", 1);
    check("select '?", "select '?", 0); /* unterminated: copied as is */
}

static void test_identifiers(void)
{
    check("select \"a?b\" from t where x = ?", "select \"a?b\" from t where x = $1", 1);
    check("select \"a\"\"?\" , ?", "select \"a\"\"?\" , $1", 1);
    /* an identifier ending in E is not an E'' string prefix */
    check("select somE'?' , ?", "select somE'?' , $1", 1);
}

static void test_comments(void)
{
    check("select ? -- what?\n, ?", "select $1 -- what?\n, $2", 2);
    check("select /* ? */ ?", "select /* ? */ $1", 1);
    check("select /* a /* ? */ ? */ ?", "select /* a /* ? */ ? */ $1", 1);
    check("select 1 -- ?", "select 1 -- ?", 0);
    check("select 5-?", "select 5-$1", 1);
}

static void test_dollar(void)
{
    check("select $$?$$, ?", "select $$?$$, $1", 1);
    check("select $fn$ a ? $x$ ? $fn$, ?", "select $fn$ a ? $x$ ? $fn$, $1", 1);
    check("select $1 || '?'", "select $1 || '?'", 0); /* positional, not a quote */
    check("select a$b, ?", "select a$b, $1", 1);
}

static void test_subscript(void)
{
    check("select obj['k?'] from t where obj['a'] = ?",
          "select obj['k?'] from t where obj['a'] = $1", 1);
}

void register_sqlscan_tests(void)
{
    CU_pSuite s = CU_add_suite("sqlscan", NULL, NULL);
    CU_add_test(s, "plain markers", test_plain);
    CU_add_test(s, "two-digit markers", test_many_markers);
    CU_add_test(s, "strings", test_strings);
    CU_add_test(s, "quoted identifiers", test_identifiers);
    CU_add_test(s, "comments", test_comments);
    CU_add_test(s, "dollar quoting", test_dollar);
    CU_add_test(s, "subscripts", test_subscript);
}
