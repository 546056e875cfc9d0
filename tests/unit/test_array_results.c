/* test_array_results.c: which statements take the one-result-per-set path
 * for parameter arrays (drv_sql_returns_rows, driver/array_results.c): the
 * rest go to the pipelined counts path (batch.c), which drops rows, so a
 * row-returning statement taken for a write would lose its results. */
#include "stmt_int.h"
#include "unit.h"

static void test_reader_keywords(void)
{
    CU_ASSERT(drv_sql_returns_rows("SELECT $1"));
    CU_ASSERT(drv_sql_returns_rows("  select * from t where id = $1"));
    CU_ASSERT(drv_sql_returns_rows("((SELECT $1) UNION (SELECT $2))"));
    CU_ASSERT(drv_sql_returns_rows("WITH x AS (SELECT $1) SELECT * FROM x"));
    CU_ASSERT(drv_sql_returns_rows("VALUES ($1), ($2)"));
    CU_ASSERT(drv_sql_returns_rows("explain select $1"));
    CU_ASSERT(drv_sql_returns_rows("SHOW search_path"));
    /* comments before the first keyword (the old first-word test took
     * these for writes) */
    CU_ASSERT(drv_sql_returns_rows("-- why\nSELECT $1"));
    CU_ASSERT(drv_sql_returns_rows("/* a /* nested */ one */ select $1"));
    CU_ASSERT(drv_sql_returns_rows("\t\r\n\fSELECT $1"));
}

static void test_writes(void)
{
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t (a) VALUES ($1)"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("insert into t select * from u where a = $1"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("UPDATE t SET a = $1 WHERE b = $2"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("DELETE FROM t WHERE a = $1"));
    CU_ASSERT_FALSE(drv_sql_returns_rows(""));
    CU_ASSERT_FALSE(drv_sql_returns_rows(NULL));
    CU_ASSERT_FALSE(drv_sql_returns_rows("-- select\n/* select */ insert into t values ($1)"));
    /* words that only start like a reader */
    CU_ASSERT_FALSE(drv_sql_returns_rows("selected_rows_insert $1"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("VALUESx($1)"));
}

static void test_returning(void)
{
    CU_ASSERT(drv_sql_returns_rows("INSERT INTO t (a) VALUES ($1) RETURNING id"));
    CU_ASSERT(drv_sql_returns_rows("insert into t values ($1)\nreturning\t*"));
    CU_ASSERT(drv_sql_returns_rows("UPDATE t SET a = $1 RETURNING*"));
    CU_ASSERT(drv_sql_returns_rows("DELETE FROM t WHERE a = $1 returning a"));
    /* the word in a string, a quoted name, a comment or a longer name */
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t VALUES (' returning ', $1)"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t (\"returning\") VALUES ($1)"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t VALUES ($1) -- returning x"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t VALUES ($1) /* returning */"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("UPDATE t SET returning_x = $1"));
    CU_ASSERT_FALSE(drv_sql_returns_rows("INSERT INTO t VALUES ($$ returning $$, $1)"));
}

void register_array_results_tests(void)
{
    CU_pSuite s = CU_add_suite("array_results", NULL, NULL);
    CU_add_test(s, "statements that return rows by their first keyword", test_reader_keywords);
    CU_add_test(s, "writes return counts", test_writes);
    CU_add_test(s, "RETURNING as a keyword, not in literals or names", test_returning);
}
