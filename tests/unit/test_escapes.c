/* test_escapes.c: ODBC escape translation of driver/escapes.c, per escape,
 * per server spelling, nesting, untouched strings/comments, malformed input,
 * and the SQLGetInfo bitmasks derived from the same tables. */
#include <stdlib.h>
#include <string.h>

#include "escapes.h"
#include "sqlscan.h"
#include "unit.h"

/* Translates `in` for one server; NULL result means "unchanged". */
static void check_for(bool crate, const char *in, const char *want)
{
    char *out = NULL;
    size_t n = 0;
    drv_esc_err err = {"", ""};
    bool ok = drv_esc_translate(in, strlen(in), crate, &out, &n, &err);
    CU_ASSERT_TRUE(ok);
    if (!ok) {
        fprintf(stderr, "\n  %s: %s %s\n", in, err.sqlstate, err.msg);
        return;
    }
    const char *got = out ? out : in;
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n  in:   %s\n  got:  %s\n  want: %s\n", in, got, want);
    if (out)
        CU_ASSERT_EQUAL(n, strlen(out));
    free(out);
}

/* Same translation on both servers. */
static void check(const char *in, const char *want)
{
    check_for(false, in, want);
    check_for(true, in, want);
}

/* Fails on one server with `state` and a message containing `needle`. */
static void check_err_for(bool crate, const char *in, const char *state, const char *needle)
{
    char *out = (char *)"x";
    size_t n = 0;
    drv_esc_err err = {"", ""};
    CU_ASSERT_FALSE(drv_esc_translate(in, strlen(in), crate, &out, &n, &err));
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(err.sqlstate, state);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
    if (!strstr(err.msg, needle))
        fprintf(stderr, "\n  %s -> %s %s\n", in, err.sqlstate, err.msg);
}

/* Fails on CrateDB (the tests of the shared rules). */
static void check_err(const char *in, const char *state, const char *needle)
{
    check_err_for(true, in, state, needle);
}

static void test_no_escape(void)
{
    char *out = (char *)"x";
    size_t n = 1;
    drv_esc_err err;
    CU_ASSERT_TRUE(drv_esc_translate("select 1", 8, false, &out, &n, &err));
    CU_ASSERT_PTR_NULL(out);        /* nothing allocated: the text stays */
    CU_ASSERT_TRUE(drv_esc_translate("", 0, false, &out, &n, &err));
    CU_ASSERT_PTR_NULL(out);
}

static void test_datetime(void)
{
    check("select {d '2024-02-29'}", "select CAST('2024-02-29' AS date)");
    check("select {ts '2024-02-29 10:11:12'}", "select CAST('2024-02-29 10:11:12' AS timestamp)");
    check("select {ts '2024-02-29 10:11:12.123456'}",
          "select CAST('2024-02-29 10:11:12.123456' AS timestamp)");
    check("select {D'1969-07-20'}", "select CAST('1969-07-20' AS date)");
    check("select {  ts   '2038-01-19 03:14:08'  }", "select CAST('2038-01-19 03:14:08' AS timestamp)");
    /* no `time` type on CrateDB: timetz there */
    check_for(false, "select {t '12:34:56'}", "select CAST('12:34:56' AS time)");
    check_for(true, "select {t '12:34:56'}", "select CAST('12:34:56' AS timetz)");
    check("select {guid '01234567-89ab-cdef-0123-456789ABCDEF'}",
          "select '01234567-89ab-cdef-0123-456789ABCDEF'");
}

static void test_fn(void)
{
    check("select {fn UCASE('abc')}", "select upper('abc')");
    check("select {fn ucase(name)} from t", "select upper(name) from t");
    check("select {FN Concat('a', 'b')}", "select concat(CAST('a' AS text), CAST('b' AS text))");
    check("select {fn LENGTH(s)}", "select char_length(rtrim(s))");
    check("select {fn LOCATE('b', s)}", "select position('b' IN s)");
    check("select {fn SUBSTRING(s, 2, 3)}", "select substr(s, 2, 3)");
    check("select {fn SPACE(3)}", "select repeat(' ', 3)");
    check("select {fn POSITION('b' IN s)}", "select position('b' IN s)");
    check("select {fn CHAR(65)}", "select chr(65)");
    check("select {fn ROUND(x, 2)}", "select round(CAST(x AS numeric), 2)");
    check("select {fn LOG(x)}, {fn LOG10(x)}", "select ln(x), log(x)");
    check("select {fn PI()}, {fn RAND( )}", "select pi(), random()");
    check("select {fn CURDATE()}", "select CURRENT_DATE");
    check("select {fn NOW()}", "select now()");
    check("select {fn YEAR(d)}", "select CAST(extract(year from d) AS integer)");
    check("select {fn DAYOFWEEK(d)}", "select CAST(to_char(d, 'D') AS integer)");
    check("select {fn EXTRACT(YEAR FROM d)}", "select extract(YEAR FROM d)");
    check("select {fn IFNULL(a, 0)}, {fn USER()}, {fn DATABASE()}",
          "select coalesce(a, 0), CURRENT_USER, current_database()");
    check("select {fn CONVERT(x, SQL_INTEGER)}", "select CAST(x AS integer)");
    check("select {fn CONVERT(x, SQL_TYPE_TIMESTAMP)}", "select CAST(x AS timestamp)");
    check("select {fn CONVERT('1', SQL_BIT)}", "select CAST('1' AS boolean)");
    check("select {fn TIMESTAMPADD(SQL_TSI_DAY, 1, ts)}",
          "select (ts + CAST(concat(CAST(1 AS text), ' day') AS interval))");
    check("select {fn TIMESTAMPADD(SQL_TSI_QUARTER, n, ts)}",
          "select (ts + CAST(concat(CAST(3 * (n) AS text), ' month') AS interval))");
    /* arguments keep commas inside parentheses, strings and brackets */
    check("select {fn CONCAT(f(a, b), ',)')}", "select concat(CAST(f(a, b) AS text), CAST(',)' AS text))");
    check("select {fn REPLACE(o['a,b'], x, 'y')}", "select replace(o['a,b'], x, 'y')");
}

static void test_nesting(void)
{
    check("select {fn UCASE({fn LTRIM(x)})}", "select upper(ltrim(x))");
    check("select {fn CONCAT({fn UCASE('a')}, {fn LCASE({fn RTRIM('B ')})})}",
          "select concat(CAST(upper('a') AS text), CAST(lower(rtrim('B ')) AS text))");
    check("select * from {oj a LEFT OUTER JOIN b ON a.id = b.id AND b.d > {d '2024-01-01'}}",
          "select * from a LEFT OUTER JOIN b ON a.id = b.id AND b.d > CAST('2024-01-01' AS date)");
}

static void test_other_escapes(void)
{
    check("select * from {oj t1 LEFT OUTER JOIN t2 ON t1.k = t2.k}",
          "select * from t1 LEFT OUTER JOIN t2 ON t1.k = t2.k");
    check("select 1 where s like 'a\\_%' {escape '\\'}", "select 1 where s like 'a\\_%' ESCAPE '\\'");
    check("select 1 where s like 'a!_%' {ESCAPE '!'}", "select 1 where s like 'a!_%' ESCAPE '!'");
    /* PostgreSQL: the standard literal, a sign as a unary minus */
    check_for(false, "select {INTERVAL '3' DAY}", "select INTERVAL '3' DAY");
    check_for(false, "select {interval '1 12' day to hour}", "select INTERVAL '1 12' DAY TO HOUR");
    check_for(false, "select {INTERVAL +'2-6' YEAR TO MONTH}",
              "select INTERVAL '2-6' YEAR TO MONTH");
    check_for(false, "select {INTERVAL -'3' DAY}", "select (- INTERVAL '3' DAY)");
    /* a sign in the value negates all of it (PostgreSQL would sign the day alone) */
    check_for(false, "select {INTERVAL '-1 12' DAY TO HOUR}",
              "select (- INTERVAL '1 12' DAY TO HOUR)");
    check_for(false, "select {INTERVAL -'-3' DAY}", "select INTERVAL '3' DAY");
    /* CrateDB: the verbose form, which it reads exactly (not '1 12' DAY TO HOUR) */
    check_for(true, "select {INTERVAL '3' DAY}", "select INTERVAL '3 days'");
    check_for(true, "select {interval '1 12' day to hour}", "select INTERVAL '1 days 12 hours'");
    check_for(true, "select {INTERVAL +'2-6' YEAR TO MONTH}",
              "select INTERVAL '2 years 6 months'");
    check_for(true, "select {INTERVAL -'3' DAY}", "select INTERVAL '-3 days'");
    check_for(true, "select {INTERVAL '-1 12:30:15.25' DAY TO SECOND}",
              "select INTERVAL '-1 days -12 hours -30 minutes -15.25 seconds'");
    check_for(true, "select {INTERVAL -'-30:15' MINUTE TO SECOND}",
              "select INTERVAL '30 minutes 15 seconds'");
    check_for(true, "select {INTERVAL '100' HOUR}", "select INTERVAL '100 hours'");
    check("{call myfunc(1, 'a')}", "SELECT myfunc(1, 'a')");
    check("{ CALL doc.f }", "SELECT doc.f()");
    check("{call \"My\".f(?)}", "SELECT \"My\".f(?)");
}

static void test_untouched(void)
{
    check("select '{fn UCASE(x)}', \"{d\", {fn UCASE('{d ''x''}')}",
          "select '{fn UCASE(x)}', \"{d\", upper('{d ''x''}')");
    check("select 1 -- {fn BOGUS()}\n", "select 1 -- {fn BOGUS()}\n");
    check("select 1 /* {oj */ , {fn PI()}", "select 1 /* {oj */ , pi()");
    check("select $$ {t '1'} $$, E'\\'{fn x}'", "select $$ {t '1'} $$, E'\\'{fn x}'");
    /* CrateDB object literals are not escapes */
    check("select {a = 1, d = {t = 2}}, {}", "select {a = 1, d = {t = 2}}, {}");
    check("select {\"k\" = {fn UCASE('x')}}", "select {\"k\" = upper('x')}");
    /* markers stay, in order */
    check("select {fn CONCAT(?, ?)} where x = ?",
          "select concat(CAST(? AS text), CAST(? AS text)) where x = ?");
}

/* Found by tests/fuzz/fuzz_escapes: without its braces an escape's text
 * fused with its neighbours into one token ("x{oj a}b" became the name
 * "xab"; "}$$" became part of a name, so a dollar-quoted `?` turned into a
 * parameter marker). */
static void test_tokens_kept_apart(void)
{
    check("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x=b.x}WHERE 1=1",
          "SELECT * FROM a LEFT OUTER JOIN b ON a.x=b.x WHERE 1=1");
    check("x{oj a}b", "x a b");
    check("SELECT {fn ucase(a)}, 1", "SELECT upper(a), 1");
    check("SELECT x{fn ucase(a)}", "SELECT x upper(a)");
    check("{oj a}$$ ? $$", "a $$ ? $$");
    check("SELECT 1-{oj -1}", "SELECT 1- -1");
    check("x={fn ucase(a)}", "x=upper(a)");
    /* a -- comment in an argument keeps the newline that ends it, or the
     * rest of the call (and its marker) would become comment */
    check("{fn REPLACE(o,--\n,?)}", "replace(o, --\n, ?)");
    check("{oj a --x\n}?", "a --x\n?");
    /* "oj$$" is one name to the scanner, not the keyword oj and a dollar quote */
    check_err("{oj$$}?", "42000", "oj$$");
}

/* n object-literal braces around {fn ucase(a)} (malloc'd). */
static char *nested(int n)
{
    char *p = malloc((size_t)n * 2 + 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, '{', (size_t)n);
    strcpy(p + n, "{fn ucase(a)}");
    memset(p + n + 13, '}', (size_t)n);
    p[2 * n + 13] = '\0';
    return p;
}

/* Found by tests/fuzz/fuzz_escapes: 30,000 nested braces overflowed the
 * stack (each level is a recursion). 100 levels translate, deeper is 42000. */
static void test_deep_nesting(void)
{
    char *sql = nested(99), *want = nested(99);
    memcpy(want + 99, "upper(a)", 8);
    memmove(want + 107, want + 112, strlen(want + 112) + 1);
    check(sql, want);
    free(sql);
    free(want);
    sql = nested(100);
    check_err(sql, "42000", "nested too deeply");
    free(sql);
    sql = nested(30000);
    check_err(sql, "42000", "nested too deeply");
    free(sql);
}

static void test_malformed(void)
{
    check_err("select {fn UCASE('x')", "42000", "closing '}'");
    check_err("select {fn NOSUCH(1)}", "42000", "NOSUCH");
    check_err("select {fn UCASE('a', 'b')}", "42000", "number of arguments");
    check_err("select {fn UCASE}", "42000", "parentheses");
    check_err("select {fn UCASE('a') x}", "42000", "after them");
    check_err("select {fn CONCAT('a', )}", "42000", "empty argument");
    check_err("select {d '2024-2-29'}", "42000", "yyyy-mm-dd");
    check_err("select {d 2024}", "42000", "one quoted string");
    check_err("select {ts '2024-02-29'}", "42000", "hh:mm:ss");
    check_err("select {t '1:2:3'}", "42000", "hh:mm:ss");
    check_err("select {guid 'xyz'}", "42000", "nnnnnnnn");
    check_err("select {foo 'x'}", "42000", "{foo");
    check_err("select {escape 'ab'}", "42000", "one character");
    check_err("select {INTERVAL '1' FORTNIGHT}", "42000", "qualifier");
    check_err("select {INTERVAL '1' DAY(3)}", "42000", "precision");
    check_err("select {INTERVAL '1' HOUR TO DAY}", "42000", "qualifier");
    check_err("select {INTERVAL '1 24' DAY TO HOUR}", "42000", "HOUR out of range");
    check_err("select {INTERVAL '1:30' DAY TO HOUR}", "42000", "does not match");
    check_err("select {INTERVAL '1.5' MINUTE}", "42000", "does not match");
    check_err("select {INTERVAL '' DAY}", "42000", "does not match");
    check_err("select {INTERVAL '1 2:3:4.' DAY TO SECOND}", "42000", "does not match");
    check_err("select {fn CONVERT(x, SQL_BLOB)}", "42000", "target");
    check_err("select {fn TIMESTAMPADD(SQL_TSI_FRAC_SECOND, 1, x)}", "42000", "SQL_TSI");
    check_err("select {fn TIMESTAMPDIFF(SQL_TSI_EON, x, y)}", "42000", "SQL_TSI");
    check_err("select {fn TIMESTAMPADD(SQL_TSI_DAY, ?, ?)}", "HYC00", "order");
    check_err("{?= call f(1)}", "HYC00", "output");
    check_err("{?= f(1)}", "42000", "call");
    check_err("{call}", "42000", "name");
    check_err("select {oj }", "42000", "empty");
}

/* Every template uses each argument at most once (a `?` must not become two
 * markers), and the fixed-arity ones use every argument. */
static void test_templates(void)
{
    static const char *cases[] = {
        "{fn ASCII(?)}", "{fn BIT_LENGTH(?)}", "{fn CHAR(?)}", "{fn CHAR_LENGTH(?)}",
        "{fn CHARACTER_LENGTH(?)}", "{fn CONCAT(?, ?)}", "{fn LCASE(?)}", "{fn LEFT(?, ?)}",
        "{fn LENGTH(?)}", "{fn LOCATE(?, ?)}", "{fn LTRIM(?)}", "{fn OCTET_LENGTH(?)}",
        "{fn POSITION(? IN ?)}", "{fn REPEAT(?, ?)}", "{fn REPLACE(?, ?, ?)}", "{fn RIGHT(?, ?)}",
        "{fn RTRIM(?)}", "{fn SPACE(?)}", "{fn SUBSTRING(?, ?, ?)}", "{fn UCASE(?)}",
        "{fn ABS(?)}", "{fn ACOS(?)}", "{fn ASIN(?)}", "{fn ATAN(?)}", "{fn ATAN2(?, ?)}",
        "{fn CEILING(?)}", "{fn COS(?)}", "{fn COT(?)}", "{fn DEGREES(?)}", "{fn EXP(?)}",
        "{fn FLOOR(?)}", "{fn LOG(?)}", "{fn LOG10(?)}", "{fn MOD(?, ?)}", "{fn POWER(?, ?)}",
        "{fn RADIANS(?)}", "{fn ROUND(?, ?)}", "{fn SIGN(?)}", "{fn SIN(?)}", "{fn SQRT(?)}",
        "{fn TAN(?)}", "{fn TRUNCATE(?, ?)}", "{fn DAYNAME(?)}", "{fn MONTHNAME(?)}",
        "{fn DAYOFMONTH(?)}", "{fn DAYOFWEEK(?)}", "{fn DAYOFYEAR(?)}", "{fn HOUR(?)}",
        "{fn MINUTE(?)}", "{fn MONTH(?)}", "{fn QUARTER(?)}", "{fn SECOND(?)}", "{fn WEEK(?)}",
        "{fn YEAR(?)}", "{fn EXTRACT(DAY FROM ?)}", "{fn IFNULL(?, ?)}",
        "{fn CONVERT(?, SQL_VARCHAR)}", "{fn TIMESTAMPADD(SQL_TSI_HOUR, 2, ?)}",
        "{fn LOCATE(?, x, ?)}", "{fn INSERT(x, 1, ?, 'y')}", "{fn INSERT(x, 1, 2, ?)}",
        "{fn TIMESTAMPDIFF(SQL_TSI_SECOND, ?, ?)}", "{fn TIMESTAMPDIFF(SQL_TSI_FRAC_SECOND, ?, ?)}",
    };
    for (size_t i = 0; i < 2 * (sizeof cases / sizeof cases[0]); i++) {
        char *out = NULL;
        size_t n;
        drv_esc_err err;
        const char *in = cases[i / 2];
        CU_ASSERT_TRUE_FATAL(drv_esc_translate(in, strlen(in), i % 2, &out, &n, &err));
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        int want = drv_sql_count_markers(in, strlen(in));
        CU_ASSERT_EQUAL(drv_sql_count_markers(out, n), want);
        if (drv_sql_count_markers(out, n) != want)
            fprintf(stderr, "\n  %s -> %s\n", in, out);
        free(out);
    }
}

static SQLUINTEGER info_for(bool crate, SQLUSMALLINT type)
{
    SQLUINTEGER m = 0xdeadbeef;
    CU_ASSERT_TRUE(drv_esc_info(type, crate, &m));
    return m;
}

/* The same answer for both servers. */
static SQLUINTEGER info(SQLUSMALLINT type)
{
    SQLUINTEGER m = info_for(true, type);
    CU_ASSERT_EQUAL(info_for(false, type), m);
    return m;
}

/* The bitmasks follow the tables: what translates is reported, and what
 * is reported translates. */
static void test_info(void)
{
    SQLUINTEGER str = info(SQL_STRING_FUNCTIONS);
    CU_ASSERT_TRUE(str & SQL_FN_STR_UCASE);
    CU_ASSERT_TRUE(str & SQL_FN_STR_LOCATE_2);
    CU_ASSERT_TRUE(str & SQL_FN_STR_LOCATE);        /* three-argument form */
    CU_ASSERT_TRUE(str & SQL_FN_STR_INSERT);
    CU_ASSERT_FALSE(str & SQL_FN_STR_SOUNDEX);
    CU_ASSERT_FALSE(str & SQL_FN_STR_DIFFERENCE);
    check_err("select {fn SOUNDEX('a')}", "HYC00", "CrateDB has no SOUNDEX");
    check_err("select {fn DIFFERENCE('a', 'b')}", "HYC00", "CrateDB has no DIFFERENCE");
    check_err("select {fn LOCATE('a', 'b', 2, 3)}", "42000", "number of arguments");
    SQLUINTEGER num = info(SQL_NUMERIC_FUNCTIONS);
    CU_ASSERT_EQUAL(num & SQL_FN_NUM_TRUNCATE, SQL_FN_NUM_TRUNCATE);
    CU_ASSERT_EQUAL(num & SQL_FN_NUM_ABS, SQL_FN_NUM_ABS);
    SQLUINTEGER td = info(SQL_TIMEDATE_FUNCTIONS);
    CU_ASSERT_TRUE(td & SQL_FN_TD_TIMESTAMPADD);
    CU_ASSERT_TRUE(td & SQL_FN_TD_TIMESTAMPDIFF);
    CU_ASSERT_EQUAL(info(SQL_SYSTEM_FUNCTIONS),
                    SQL_FN_SYS_DBNAME | SQL_FN_SYS_USERNAME | SQL_FN_SYS_IFNULL);
    SQLUINTEGER add = info(SQL_TIMEDATE_ADD_INTERVALS);
    CU_ASSERT_TRUE(add & SQL_FN_TSI_DAY);
    CU_ASSERT_FALSE(add & SQL_FN_TSI_FRAC_SECOND);
    SQLUINTEGER diff = info(SQL_TIMEDATE_DIFF_INTERVALS);
    CU_ASSERT_EQUAL(diff, SQL_FN_TSI_FRAC_SECOND | SQL_FN_TSI_SECOND | SQL_FN_TSI_MINUTE |
                    SQL_FN_TSI_HOUR | SQL_FN_TSI_DAY | SQL_FN_TSI_WEEK | SQL_FN_TSI_MONTH |
                    SQL_FN_TSI_QUARTER | SQL_FN_TSI_YEAR);
    CU_ASSERT_EQUAL(info(SQL_CONVERT_FUNCTIONS), SQL_FN_CVT_CONVERT | SQL_FN_CVT_CAST);
    SQLUINTEGER from_int = info(SQL_CONVERT_INTEGER);
    CU_ASSERT_TRUE(from_int & SQL_CVT_VARCHAR);
    CU_ASSERT_TRUE(from_int & SQL_CVT_BIGINT);
    CU_ASSERT_FALSE(from_int & SQL_CVT_DATE);
    CU_ASSERT_TRUE(info_for(true, SQL_CONVERT_VARCHAR) & SQL_CVT_TIMESTAMP);
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_VARCHAR) & SQL_CVT_TIMESTAMP);
    CU_ASSERT_TRUE(info_for(true, SQL_CONVERT_VARCHAR) & SQL_CVT_GUID);
    /* CrateDB: no binary type, no time column, no interval qualifiers; a
     * timestamp cast to text is its epoch milliseconds */
    CU_ASSERT_EQUAL(info_for(true, SQL_CONVERT_BINARY), 0);
    CU_ASSERT_EQUAL(info_for(true, SQL_CONVERT_TIME), 0);
    CU_ASSERT_EQUAL(info_for(true, SQL_CONVERT_INTERVAL_DAY_TIME), 0);
    CU_ASSERT_FALSE(info_for(true, SQL_CONVERT_CHAR) & SQL_CVT_VARBINARY);
    CU_ASSERT_TRUE(info_for(true, SQL_CONVERT_CHAR) & SQL_CVT_TIME);     /* timetz */
    CU_ASSERT_FALSE(info_for(true, SQL_CONVERT_TIMESTAMP) & SQL_CVT_VARCHAR);
    CU_ASSERT_FALSE(info_for(true, SQL_CONVERT_DATE) & SQL_CVT_CHAR);
    CU_ASSERT_FALSE(info_for(true, SQL_CONVERT_GUID) & SQL_CVT_CHAR);
    /* PostgreSQL has them all */
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_BINARY) & SQL_CVT_VARCHAR);
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_CHAR) & SQL_CVT_VARBINARY);
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_TIMESTAMP) & SQL_CVT_VARCHAR);
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_TIMESTAMP) & SQL_CVT_TIME);
    CU_ASSERT_TRUE(info_for(false, SQL_CONVERT_CHAR) & SQL_CVT_INTERVAL_DAY_TIME);
    SQLUINTEGER dl = info(SQL_DATETIME_LITERALS);
    CU_ASSERT_TRUE(dl & SQL_DL_SQL92_INTERVAL_DAY_TO_SECOND);
    CU_ASSERT_FALSE(dl & SQL_DL_SQL92_TIME);
    SQLUINTEGER m;
    CU_ASSERT_FALSE(drv_esc_info(SQL_DBMS_NAME, true, &m));
}

/* Translates `in` for one server: true when it translates. */
static bool translates(bool crate, const char *in)
{
    char *out = NULL;
    size_t n;
    drv_esc_err err;
    bool ok = drv_esc_translate(in, strlen(in), crate, &out, &n, &err);
    free(out);
    return ok;
}

static void check_reported(bool crate, const char *call, bool reported)
{
    bool ok = translates(crate, call);
    CU_ASSERT_EQUAL(ok, reported);
    if (ok != reported)
        fprintf(stderr, "\n  %s (%s): reported %d, translates %d\n", call,
                crate ? "CrateDB" : "PostgreSQL", reported, ok);
}

/* Walks every row of the translation tables, for each server: a function,
 * a CONVERT target or a SQL_TSI_ interval is reported by SQLGetInfo exactly
 * when it translates. */
static void test_info_walks_tables(void)
{
    for (int crate = 0; crate < 2; crate++) {
        drv_esc_fn_info f;
        for (size_t i = 0; drv_esc_fn_row(i, &f); i++) {
            if (f.info_type == SQL_CONVERT_FUNCTIONS)
                continue;       /* below, per target */
            char call[128];
            int at = snprintf(call, sizeof call, "{fn %s(", f.name);
            if (f.raw)
                at += snprintf(call + at, sizeof call - (size_t)at, "%s",
                               strcmp(f.name, "EXTRACT") == 0 ? "YEAR FROM x" : "'a' IN x");
            for (int k = 0; k < f.nargs; k++)
                at += snprintf(call + at, sizeof call - (size_t)at, "%sx%d", k ? ", " : "", k);
            snprintf(call + at, sizeof call - (size_t)at, ")}");
            if (strncmp(f.name, "TIMESTAMP", 9) == 0)
                snprintf(call, sizeof call, "{fn %s(SQL_TSI_DAY, x1, x2)}", f.name);
            check_reported(crate, call, (info_for(crate, f.info_type) & f.bit) == f.bit);
        }
        /* a target is reported when some source reaches it; CHAR reaches
         * every target the server has */
        SQLUINTEGER from_char = info_for(crate, SQL_CONVERT_CHAR);
        SQLUSMALLINT src;
        SQLUINTEGER bit;
        const char *name;
        for (size_t i = 0; (name = drv_esc_cvt_row(i, &src, &bit)) != NULL; i++) {
            char call[128];
            snprintf(call, sizeof call, "{fn CONVERT(x, %s)}", name);
            check_reported(crate, call, (from_char & bit) == bit);
            /* a source the server has reaches at least the character types,
             * except where CrateDB's cast to text is not the value's text */
            (void)src;
        }
        SQLUINTEGER add = info_for(crate, SQL_TIMEDATE_ADD_INTERVALS);
        SQLUINTEGER diff = info_for(crate, SQL_TIMEDATE_DIFF_INTERVALS);
        for (size_t i = 0; (name = drv_esc_tsi_row(i, &bit)) != NULL; i++) {
            char call[128];
            snprintf(call, sizeof call, "{fn TIMESTAMPADD(%s, 1, x)}", name);
            check_reported(crate, call, (add & bit) == bit);
            snprintf(call, sizeof call, "{fn TIMESTAMPDIFF(%s, x, y)}", name);
            check_reported(crate, call, (diff & bit) == bit);
        }
    }
}

static void test_new_functions(void)
{
#define QUOTED(x)                                                                          \
    "replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("    \
    "replace(replace(replace(replace(" x ", '\\', '\\\\'), '.', '\\.'), '^', '\\^'), "      \
    "'$', '\\$'), '|', '\\|'), '?', '\\?'), '*', '\\*'), '+', '\\+'), '(', '\\('), "        \
    "')', '\\)'), '[', '\\['), ']', '\\]'), '{', '\\{'), '}', '\\}')"
    check("select {fn LOCATE('b', s, 3)}", "select regexp_instr(s, " QUOTED("'b'") ", 3)");
    check_for(false, "select {fn INSERT(s, 2, 3, 'XY')}", "select overlay(s placing 'XY' from 2 for 3)");
    check_for(true, "select {fn INSERT(s, 2, 3, 'XY')}",
              "select (left(s, 2 - 1) || 'XY' || substr(s, 2 + 3))");
    check_for(true, "{fn TIMESTAMPDIFF(SQL_TSI_SECOND, a, b)}",
              "(CAST(round((- extract(epoch from CAST(a AS timestamp)) + extract(epoch from "
              "CAST(b AS timestamp))) * 1000) AS bigint) / 1000)");
    check_for(false, "{fn TIMESTAMPDIFF(SQL_TSI_DAY, a, b)}",
              "(CAST(round((- extract(epoch from CAST(a AS timestamp)) + extract(epoch from "
              "CAST(b AS timestamp))) * 1000000) AS bigint) / 86400000000)");
    /* markers: once each and in order, or HYC00 */
    check("{fn LOCATE(?, s, ?)}", "regexp_instr(s, " QUOTED("?") ", ?)");
    check_err("{fn LOCATE(?, ?, 1)}", "HYC00", "order");
    check_err_for(false, "{fn INSERT(s, ?, 1, ?)}", "HYC00", "order");   /* overlay */
    check_err("{fn INSERT(s, ?, 1, 'x')}", "HYC00", "twice");
    check_err("{fn INSERT(?, 1, 1, 'x')}", "HYC00", "twice");
    check_for(true, "{fn INSERT(s, 1, 2, ?)}", "(left(s, 1 - 1) || ? || substr(s, 1 + 2))");
    check_err("{fn INSERT(s, 1, ?, ?)}", "HYC00", "order");
    check_for(false, "{fn TIMESTAMPDIFF(SQL_TSI_HOUR, ?, ?)}",
              "(CAST(round((- extract(epoch from CAST(? AS timestamp)) + extract(epoch from "
              "CAST(? AS timestamp))) * 1000000) AS bigint) / 3600000000)");
    check_err("{fn TIMESTAMPDIFF(SQL_TSI_MONTH, ?, b)}", "HYC00", "twice");
    check_err("{fn TIMESTAMPDIFF(SQL_TSI_YEAR, a, ?)}", "HYC00", "twice");
    check_err("{fn TIMESTAMPDIFF(SQL_TSI_EON, a, b)}", "42000", "SQL_TSI");
    check_err("{fn TIMESTAMPDIFF(SQL_TSI_DAY, a)}", "42000", "number of arguments");
    check_for(false, "{fn CONVERT(x, SQL_GUID)}", "CAST(x AS uuid)");
    check_for(true, "{fn CONVERT(x, SQL_TYPE_TIME)}", "CAST(x AS timetz)");
    check_for(false, "{fn CONVERT(x, SQL_TIME)}", "CAST(x AS time)");
    check_for(false, "{fn CONVERT(x, SQL_VARBINARY)}", "CAST(x AS bytea)");
    check_for(false, "{fn CONVERT(x, SQL_INTERVAL_MINUTE_TO_SECOND)}",
              "CAST(x AS interval minute to second)");
    char *out = NULL;
    size_t n;
    drv_esc_err err;
    CU_ASSERT_FALSE(drv_esc_translate("{fn CONVERT(x, SQL_VARBINARY)}", 30, true, &out, &n, &err));
    CU_ASSERT_STRING_EQUAL(err.sqlstate, "HYC00");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "CrateDB has no type for SQL_VARBINARY"));
    CU_ASSERT_FALSE(drv_esc_translate("{fn CONVERT(x, SQL_INTERVAL_DAY)}", 33, true, &out, &n,
                                      &err));
    CU_ASSERT_STRING_EQUAL(err.sqlstate, "HYC00");
}

void register_escapes_tests(void)
{
    CU_pSuite s = CU_add_suite("escapes", NULL, NULL);
    CU_add_test(s, "no escape: no copy", test_no_escape);
    CU_add_test(s, "date, time, timestamp, guid", test_datetime);
    CU_add_test(s, "scalar functions", test_fn);
    CU_add_test(s, "nesting", test_nesting);
    CU_add_test(s, "oj, escape, interval, call", test_other_escapes);
    CU_add_test(s, "strings and comments untouched", test_untouched);
    CU_add_test(s, "escapes do not fuse with their neighbours", test_tokens_kept_apart);
    CU_add_test(s, "malformed escapes", test_malformed);
    CU_add_test(s, "braces nested 30,000 deep", test_deep_nesting);
    CU_add_test(s, "templates keep markers", test_templates);
    CU_add_test(s, "SQLGetInfo bitmasks", test_info);
    CU_add_test(s, "SQLGetInfo walks the tables", test_info_walks_tables);
    CU_add_test(s, "LOCATE, INSERT, TIMESTAMPDIFF, CONVERT targets", test_new_functions);
}
