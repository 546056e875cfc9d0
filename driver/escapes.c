/*
 * escapes.c: ODBC escape sequences translated into SQL that both CrateDB and
 * PostgreSQL 15 run, and the SQLGetInfo bitmasks derived from the same
 * tables (so what is reported cannot drift from what is translated).
 * The `?` -> $n numbering is driver/sqlscan.c and runs after this; the
 * tokens (strings, comments ...) come from its drv_sql_token_end.
 *
 *   {d 'yyyy-mm-dd'}          CAST('...' AS date)
 *   {ts 'yyyy-mm-dd hh:mm:ss[.f]'}  CAST('...' AS timestamp)
 *   {t 'hh:mm:ss'}            PostgreSQL: CAST('...' AS time). CrateDB has no
 *                             `time` type (FACTS §6 casts; only timetz):
 *                             CAST('...' AS timetz) there.
 *   {guid '8-4-4-4-12'}       the string literal itself: CrateDB stores UUIDs
 *                             mostly as text (gen_random_text_uuid), and an
 *                             untyped literal compares with text and uuid.
 *   {fn NAME(args)}           fn_table below
 *   {oj join}                 the join itself (both servers have LEFT, RIGHT
 *                             and FULL OUTER JOIN: CrateDB SqlBaseParser.g4
 *                             joinType)
 *   {escape 'c'}              ESCAPE 'c' (CrateDB: g4 `predicate` #like)
 *   {INTERVAL [+-]'v' F [TO G]}  PostgreSQL: INTERVAL 'v' F [TO G], a sign
 *                             as a unary minus. CrateDB: the verbose form
 *                             INTERVAL '1 days 12 hours' built from v (see
 *                             ivl_fields: 6.4 misreads the standard form).
 *   {call p(args)}            SELECT p(args): CrateDB has no stored
 *                             procedures (FACTS §6), user-defined functions
 *                             are called with SELECT. {?= call ...} (a return
 *                             value as an output parameter) is HYC00.
 * An escape inside an escape is translated first ({fn UCASE({fn LTRIM(x)})}).
 * Keywords are case-insensitive. A `{` that is not an escape keyword is
 * CrateDB's object literal ({a = 1}, {}): copied, its contents scanned.
 *
 * Function sources: CrateDB docs/general/builtins/scalar-functions.rst
 * (ascii, chr, concat, lower, upper, left, right, ltrim, rtrim, repeat,
 * replace, substr, strpos/position, char/bit/octet_length, abs, ceil, floor,
 * ln, log, mod, power, round, trunc, sign, sqrt, trig, pi, random, extract
 * fields, to_char 'D'/'Day'/'Month', CURRENT_DATE/TIME/TIMESTAMP, now) and
 * FACTS §5.2 (current_database(), current_user); all exist in PostgreSQL 15.
 * A template never duplicates an argument (a `?` in it would become two
 * markers) and must not reorder arguments that hold markers (checked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escapes.h"
#include "sqlscan.h"

/* ------------------------------------------------------------ tables */

enum fn_class { C_STR, C_NUM, C_TD, C_SYS };
/* K_REFUSED: a function neither server computes (exactly): HYC00, `tmpl`
 * says why */
enum fn_kind { K_TMPL, K_CONVERT, K_TSADD, K_TSDIFF, K_REFUSED };

typedef struct fn_map {
    const char *name;       /* ODBC name */
    enum fn_class cls;      /* which SQLGetInfo bitmask */
    SQLUINTEGER bit;
    int min_args, max_args; /* a name may have one row per argument count */
    enum fn_kind kind;
    /* $1..$9 an argument, $* all arguments as written, $R the raw text
     * between the parentheses (for POSITION(a IN b), EXTRACT(f FROM x)),
     * $$ a dollar sign. An argument used twice must hold no `?` marker. */
    const char *tmpl;
    const char *crate_tmpl; /* CrateDB's spelling when it differs, else NULL */
} fn_map;

/* x quoted into a regular expression that matches it literally: a
 * backslash before each metacharacter is that character, in PostgreSQL's
 * ARE and in Java's Pattern (CrateDB) alike. replace() rather than one
 * regexp_replace: the two spell a group in a replacement differently. The
 * backslash goes first. */
#define RE_QUOTE(x)                                                                        \
    "replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("    \
    "replace(replace(replace(replace(" x ", '\\', '\\\\'), '.', '\\.'), '^', '\\^'), "      \
    "'$$', '\\$$'), '|', '\\|'), '?', '\\?'), '*', '\\*'), '+', '\\+'), '(', '\\('), "      \
    "')', '\\)'), '[', '\\['), ']', '\\]'), '{', '\\{'), '}', '\\}')"

#define EXTRACT_INT(f) "CAST(extract(" f " from $1) AS integer)"

static const fn_map fn_table[] = {
    /* string */
    {"ASCII", C_STR, SQL_FN_STR_ASCII, 1, 1, K_TMPL, "ascii($1)", NULL},
    {"BIT_LENGTH", C_STR, SQL_FN_STR_BIT_LENGTH, 1, 1, K_TMPL, "bit_length($1)", NULL},
    {"CHAR", C_STR, SQL_FN_STR_CHAR, 1, 1, K_TMPL, "chr($1)", NULL},
    {"CHAR_LENGTH", C_STR, SQL_FN_STR_CHAR_LENGTH, 1, 1, K_TMPL, "char_length($1)", NULL},
    {"CHARACTER_LENGTH", C_STR, SQL_FN_STR_CHARACTER_LENGTH, 1, 1, K_TMPL, "char_length($1)", NULL},
    /* concat takes "any" on PostgreSQL: a bare `?` argument would have no
     * type there (42P18), so both are cast */
    {"CONCAT", C_STR, SQL_FN_STR_CONCAT, 2, 2, K_TMPL,
     "concat(CAST($1 AS text), CAST($2 AS text))", NULL},
    {"LCASE", C_STR, SQL_FN_STR_LCASE, 1, 1, K_TMPL, "lower($1)", NULL},
    {"LEFT", C_STR, SQL_FN_STR_LEFT, 2, 2, K_TMPL, "left($1, $2)", NULL},
    /* ODBC: the length without trailing blanks */
    {"LENGTH", C_STR, SQL_FN_STR_LENGTH, 1, 1, K_TMPL, "char_length(rtrim($1))", NULL},
    /* two arguments: position keeps the argument order, strpos would swap
     * it. Three: the search starts at $3; regexp_instr takes a start on
     * both servers (PostgreSQL 15, CrateDB), with $1 quoted into a literal
     * pattern. CrateDB refuses a start past the end plus one ("Illegal
     * start index"), PostgreSQL answers 0. */
    {"LOCATE", C_STR, SQL_FN_STR_LOCATE_2, 2, 2, K_TMPL, "position($1 IN $2)", NULL},
    {"LOCATE", C_STR, SQL_FN_STR_LOCATE, 3, 3, K_TMPL, "regexp_instr($2, " RE_QUOTE("$1") ", $3)",
     NULL},
    /* INSERT(s, start, length, t): PostgreSQL's overlay. CrateDB has no
     * overlay: the pieces around the deleted ones, joined with || (NULL in,
     * NULL out; concat() would skip a NULL), so s and start appear twice
     * and take no `?` there. */
    {"INSERT", C_STR, SQL_FN_STR_INSERT, 4, 4, K_TMPL, "overlay($1 placing $4 from $2 for $3)",
     "(left($1, $2 - 1) || $4 || substr($1, $2 + $3))"},
    /* soundex and difference: neither server has them (PostgreSQL only in
     * its fuzzystrmatch extension), and no SQL expression computes the
     * codes exactly */
    {"SOUNDEX", C_STR, SQL_FN_STR_SOUNDEX, 1, 1, K_REFUSED,
     "CrateDB has no SOUNDEX function (nor an exact equivalent)", NULL},
    {"DIFFERENCE", C_STR, SQL_FN_STR_DIFFERENCE, 2, 2, K_REFUSED,
     "CrateDB has no DIFFERENCE function (it needs SOUNDEX, which CrateDB lacks)", NULL},
    {"LTRIM", C_STR, SQL_FN_STR_LTRIM, 1, 1, K_TMPL, "ltrim($1)", NULL},
    {"OCTET_LENGTH", C_STR, SQL_FN_STR_OCTET_LENGTH, 1, 1, K_TMPL, "octet_length($1)", NULL},
    {"POSITION", C_STR, SQL_FN_STR_POSITION, 0, 0, K_TMPL, "position($R)", NULL},
    {"REPEAT", C_STR, SQL_FN_STR_REPEAT, 2, 2, K_TMPL, "repeat($1, $2)", NULL},
    {"REPLACE", C_STR, SQL_FN_STR_REPLACE, 3, 3, K_TMPL, "replace($1, $2, $3)", NULL},
    {"RIGHT", C_STR, SQL_FN_STR_RIGHT, 2, 2, K_TMPL, "right($1, $2)", NULL},
    {"RTRIM", C_STR, SQL_FN_STR_RTRIM, 1, 1, K_TMPL, "rtrim($1)", NULL},
    {"SPACE", C_STR, SQL_FN_STR_SPACE, 1, 1, K_TMPL, "repeat(' ', $1)", NULL},
    {"SUBSTRING", C_STR, SQL_FN_STR_SUBSTRING, 2, 3, K_TMPL, "substr($*)", NULL},
    {"UCASE", C_STR, SQL_FN_STR_UCASE, 1, 1, K_TMPL, "upper($1)", NULL},
    /* numeric */
    {"ABS", C_NUM, SQL_FN_NUM_ABS, 1, 1, K_TMPL, "abs($1)", NULL},
    {"ACOS", C_NUM, SQL_FN_NUM_ACOS, 1, 1, K_TMPL, "acos($1)", NULL},
    {"ASIN", C_NUM, SQL_FN_NUM_ASIN, 1, 1, K_TMPL, "asin($1)", NULL},
    {"ATAN", C_NUM, SQL_FN_NUM_ATAN, 1, 1, K_TMPL, "atan($1)", NULL},
    {"ATAN2", C_NUM, SQL_FN_NUM_ATAN2, 2, 2, K_TMPL, "atan2($1, $2)", NULL},
    {"CEILING", C_NUM, SQL_FN_NUM_CEILING, 1, 1, K_TMPL, "ceil($1)", NULL},
    {"COS", C_NUM, SQL_FN_NUM_COS, 1, 1, K_TMPL, "cos($1)", NULL},
    {"COT", C_NUM, SQL_FN_NUM_COT, 1, 1, K_TMPL, "cot($1)", NULL},
    {"DEGREES", C_NUM, SQL_FN_NUM_DEGREES, 1, 1, K_TMPL, "degrees($1)", NULL},
    {"EXP", C_NUM, SQL_FN_NUM_EXP, 1, 1, K_TMPL, "exp($1)", NULL},
    {"FLOOR", C_NUM, SQL_FN_NUM_FLOOR, 1, 1, K_TMPL, "floor($1)", NULL},
    {"LOG", C_NUM, SQL_FN_NUM_LOG, 1, 1, K_TMPL, "ln($1)", NULL},
    /* log(x) is base 10 on both servers */
    {"LOG10", C_NUM, SQL_FN_NUM_LOG10, 1, 1, K_TMPL, "log($1)", NULL},
    {"MOD", C_NUM, SQL_FN_NUM_MOD, 2, 2, K_TMPL, "mod($1, $2)", NULL},
    {"PI", C_NUM, SQL_FN_NUM_PI, 0, 0, K_TMPL, "pi()", NULL},
    {"POWER", C_NUM, SQL_FN_NUM_POWER, 2, 2, K_TMPL, "power($1, $2)", NULL},
    {"RADIANS", C_NUM, SQL_FN_NUM_RADIANS, 1, 1, K_TMPL, "radians($1)", NULL},
    /* no seeded form: random() takes no seed on CrateDB */
    {"RAND", C_NUM, SQL_FN_NUM_RAND, 0, 0, K_TMPL, "random()", NULL},
    /* PostgreSQL has round/trunc with places for numeric only */
    {"ROUND", C_NUM, SQL_FN_NUM_ROUND, 2, 2, K_TMPL, "round(CAST($1 AS numeric), $2)", NULL},
    {"SIGN", C_NUM, SQL_FN_NUM_SIGN, 1, 1, K_TMPL, "sign($1)", NULL},
    {"SIN", C_NUM, SQL_FN_NUM_SIN, 1, 1, K_TMPL, "sin($1)", NULL},
    {"SQRT", C_NUM, SQL_FN_NUM_SQRT, 1, 1, K_TMPL, "sqrt($1)", NULL},
    {"TAN", C_NUM, SQL_FN_NUM_TAN, 1, 1, K_TMPL, "tan($1)", NULL},
    {"TRUNCATE", C_NUM, SQL_FN_NUM_TRUNCATE, 2, 2, K_TMPL, "trunc(CAST($1 AS numeric), $2)", NULL},
    /* time and date: extract answers integer on CrateDB, numeric on
     * PostgreSQL; ODBC wants integer */
    {"CURDATE", C_TD, SQL_FN_TD_CURDATE, 0, 0, K_TMPL, "CURRENT_DATE", NULL},
    {"CURRENT_DATE", C_TD, SQL_FN_TD_CURRENT_DATE, 0, 0, K_TMPL, "CURRENT_DATE", NULL},
    {"CURTIME", C_TD, SQL_FN_TD_CURTIME, 0, 0, K_TMPL, "CURRENT_TIME", NULL},
    {"CURRENT_TIME", C_TD, SQL_FN_TD_CURRENT_TIME, 0, 0, K_TMPL, "CURRENT_TIME", NULL},
    {"CURRENT_TIMESTAMP", C_TD, SQL_FN_TD_CURRENT_TIMESTAMP, 0, 0, K_TMPL, "CURRENT_TIMESTAMP", NULL},
    {"NOW", C_TD, SQL_FN_TD_NOW, 0, 0, K_TMPL, "now()", NULL},
    {"DAYNAME", C_TD, SQL_FN_TD_DAYNAME, 1, 1, K_TMPL, "rtrim(to_char($1, 'Day'))", NULL},
    {"MONTHNAME", C_TD, SQL_FN_TD_MONTHNAME, 1, 1, K_TMPL, "rtrim(to_char($1, 'Month'))", NULL},
    {"DAYOFMONTH", C_TD, SQL_FN_TD_DAYOFMONTH, 1, 1, K_TMPL, EXTRACT_INT("day"), NULL},
    /* 1 = Sunday. extract(dow) differs (CrateDB: ISO, Monday = 1;
     * PostgreSQL: Sunday = 0); to_char 'D' is Sunday = 1 on both */
    {"DAYOFWEEK", C_TD, SQL_FN_TD_DAYOFWEEK, 1, 1, K_TMPL, "CAST(to_char($1, 'D') AS integer)", NULL},
    {"DAYOFYEAR", C_TD, SQL_FN_TD_DAYOFYEAR, 1, 1, K_TMPL, EXTRACT_INT("doy"), NULL},
    {"HOUR", C_TD, SQL_FN_TD_HOUR, 1, 1, K_TMPL, EXTRACT_INT("hour"), NULL},
    {"MINUTE", C_TD, SQL_FN_TD_MINUTE, 1, 1, K_TMPL, EXTRACT_INT("minute"), NULL},
    {"MONTH", C_TD, SQL_FN_TD_MONTH, 1, 1, K_TMPL, EXTRACT_INT("month"), NULL},
    {"QUARTER", C_TD, SQL_FN_TD_QUARTER, 1, 1, K_TMPL, EXTRACT_INT("quarter"), NULL},
    /* PostgreSQL's second has a fraction: floor it */
    {"SECOND", C_TD, SQL_FN_TD_SECOND, 1, 1, K_TMPL, "CAST(floor(extract(second from $1)) AS integer)", NULL},
    /* ISO week on both servers */
    {"WEEK", C_TD, SQL_FN_TD_WEEK, 1, 1, K_TMPL, EXTRACT_INT("week"), NULL},
    {"YEAR", C_TD, SQL_FN_TD_YEAR, 1, 1, K_TMPL, EXTRACT_INT("year"), NULL},
    {"EXTRACT", C_TD, SQL_FN_TD_EXTRACT, 0, 0, K_TMPL, "extract($R)", NULL},
    {"TIMESTAMPADD", C_TD, SQL_FN_TD_TIMESTAMPADD, 3, 3, K_TSADD, NULL, NULL},
    {"TIMESTAMPDIFF", C_TD, SQL_FN_TD_TIMESTAMPDIFF, 3, 3, K_TSDIFF, NULL, NULL},
    /* system */
    {"DATABASE", C_SYS, SQL_FN_SYS_DBNAME, 0, 0, K_TMPL, "current_database()", NULL},
    {"USER", C_SYS, SQL_FN_SYS_USERNAME, 0, 0, K_TMPL, "CURRENT_USER", NULL},
    {"IFNULL", C_SYS, SQL_FN_SYS_IFNULL, 2, 2, K_TMPL, "coalesce($1, $2)", NULL},
    /* conversion (SQL_CONVERT_FUNCTIONS) */
    {"CONVERT", C_SYS, 0, 2, 2, K_CONVERT, NULL, NULL},
};

/* TIMESTAMPADD intervals: ts + CAST(concat(n, ' unit') AS interval), n cast
 * to text. Text to
 * interval casts are documented for CrateDB ('1 day'::interval,
 * scalar-functions.rst CURRENT_TIMESTAMP). SQL_TSI_FRAC_SECOND is not
 * offered (billionths have no interval unit on CrateDB).
 *
 * TIMESTAMPDIFF(interval, t1, t2): ODBC's "number of intervals by which t2
 * is greater than t1", that is whole intervals elapsed, truncated toward
 * zero (negative when t2 is earlier), as MySQL's TIMESTAMPDIFF counts them
 * and not the boundaries crossed (SQL Server's DATEDIFF). Both arguments
 * are read as timestamp without time zone (ODBC's SQL_TYPE_TIMESTAMP), and
 * computed in integers, so nothing is lost to rounding:
 *  - SECOND .. WEEK, FRAC_SECOND (billionths): elapsed time, the epochs'
 *    difference in integer milliseconds (CrateDB's precision) or
 *    microseconds (PostgreSQL's), divided by the unit.
 *  - MONTH, QUARTER, YEAR: whole months, as MySQL and PostgreSQL's age()
 *    count them: the month numbers' difference, one less when t2's place
 *    in its month (day and time) comes before t1's (one more, going back):
 *    (months * K + (offset2 - offset1)) / K with K greater than any offset
 *    in a month, in integer division, which truncates toward zero on both
 *    servers. These templates use t1 and t2 twice each: no `?` in them.
 * t1 comes first in every template, so markers keep their order. */
#define TSD_TS(a) "CAST(" a " AS timestamp)"
/* t2 - t1 in integer units of 1/scale s: epochs are exact numerics on
 * PostgreSQL, doubles with a millisecond fraction on CrateDB (rounding
 * to the millisecond makes their difference exact) */
#define TSD_DIFF(scale) "CAST(round((- extract(epoch from " TSD_TS("$1") ") + extract(epoch from " \
    TSD_TS("$2") ")) * " scale ") AS bigint)"
#define TSD_ELAPSED(scale, op) "(" TSD_DIFF(scale) " " op ")"
#define TSD_MON(a) "CAST(extract(year from " TSD_TS(a) ") * 12 + extract(month from " TSD_TS(a) \
    ") AS bigint)"
#define TSD_OFF(scale, a) "CAST(round((extract(epoch from " TSD_TS(a) ") - extract(epoch from " \
    "date_trunc('month', " TSD_TS(a) "))) * " scale ") AS bigint)"
/* K: more units than a month has */
#define TSD_MONTHS(scale, k, n) "(((- " TSD_MON("$1") " + " TSD_MON("$2") ") * " k " + (- " \
    TSD_OFF(scale, "$1") " + " TSD_OFF(scale, "$2") ")) / (" k " * " n "))"
#define PG_ELAPSED(op) TSD_ELAPSED("1000000", op)
#define CR_ELAPSED(op) TSD_ELAPSED("1000", op)
#define PG_MONTHS(n) TSD_MONTHS("1000000", "10000000000000", n)
#define CR_MONTHS(n) TSD_MONTHS("1000", "10000000000", n)

typedef struct tsi_map {
    const char *name;
    SQLUINTEGER bit;
    const char *unit;   /* TIMESTAMPADD: appended to the count; QUARTER
                           multiplies; NULL: not offered */
    bool times3;
    const char *diff, *crate_diff;   /* TIMESTAMPDIFF of $1 and $2 */
} tsi_map;

static const tsi_map tsi_table[] = {
    {"SQL_TSI_FRAC_SECOND", SQL_FN_TSI_FRAC_SECOND, NULL, false, PG_ELAPSED("* 1000"),
     CR_ELAPSED("* 1000000")},
    {"SQL_TSI_SECOND", SQL_FN_TSI_SECOND, " second", false, PG_ELAPSED("/ 1000000"),
     CR_ELAPSED("/ 1000")},
    {"SQL_TSI_MINUTE", SQL_FN_TSI_MINUTE, " minute", false, PG_ELAPSED("/ 60000000"),
     CR_ELAPSED("/ 60000")},
    {"SQL_TSI_HOUR", SQL_FN_TSI_HOUR, " hour", false, PG_ELAPSED("/ 3600000000"),
     CR_ELAPSED("/ 3600000")},
    {"SQL_TSI_DAY", SQL_FN_TSI_DAY, " day", false, PG_ELAPSED("/ 86400000000"),
     CR_ELAPSED("/ 86400000")},
    {"SQL_TSI_WEEK", SQL_FN_TSI_WEEK, " week", false, PG_ELAPSED("/ 604800000000"),
     CR_ELAPSED("/ 604800000")},
    {"SQL_TSI_MONTH", SQL_FN_TSI_MONTH, " month", false, PG_MONTHS("1"), CR_MONTHS("1")},
    {"SQL_TSI_QUARTER", SQL_FN_TSI_QUARTER, " month", true, PG_MONTHS("3"), CR_MONTHS("3")},
    {"SQL_TSI_YEAR", SQL_FN_TSI_YEAR, " year", false, PG_MONTHS("12"), CR_MONTHS("12")},
};

/* CONVERT targets and, per source type, which targets a CAST can reach,
 * per server. Type names are those FACTS §6 lists as CrateDB cast targets
 * (`date` is the CrateDB date type, FACTS §4.1). On CrateDB 6.4.3 (checked
 * on the server): no time type (text casts to timetz, as {t} does, and
 * nothing else does), no binary type, no interval qualifiers; uuid takes
 * text but does not cast back to it; and a date or timestamp cast to text
 * is its epoch milliseconds ('1704067200000'), so no character target is
 * reported for them. `crate` NULL: the same cast on CrateDB; "": none. */
enum cvt_class {
    V_CHR = 1, V_NUM = 2, V_BOOL = 4, V_DATE = 8, V_TS = 16, V_TIME = 32, V_GUID = 64,
    V_BIN = 128, V_IYM = 256, V_IDT = 512
};

typedef struct cvt_map {
    const char *name;       /* SQL_xxx as written in {fn CONVERT(x, SQL_xxx)} */
    const char *alt;        /* the ODBC 3 name, or NULL */
    SQLUSMALLINT info;      /* SQL_CONVERT_xxx: this type as a source */
    SQLUINTEGER bit;        /* SQL_CVT_xxx: this type as a target */
    const char *cast;
    const char *crate;
    enum cvt_class cls;
} cvt_map;

#define NONE ""

static const cvt_map cvt_table[] = {
    {"SQL_BIGINT", NULL, SQL_CONVERT_BIGINT, SQL_CVT_BIGINT, "bigint", NULL, V_NUM},
    {"SQL_BINARY", NULL, SQL_CONVERT_BINARY, SQL_CVT_BINARY, "bytea", NONE, V_BIN},
    {"SQL_BIT", NULL, SQL_CONVERT_BIT, SQL_CVT_BIT, "boolean", NULL, V_BOOL},
    {"SQL_CHAR", NULL, SQL_CONVERT_CHAR, SQL_CVT_CHAR, "text", NULL, V_CHR},
    {"SQL_DATE", "SQL_TYPE_DATE", SQL_CONVERT_DATE, SQL_CVT_DATE, "date", NULL, V_DATE},
    {"SQL_DECIMAL", NULL, SQL_CONVERT_DECIMAL, SQL_CVT_DECIMAL, "numeric", NULL, V_NUM},
    {"SQL_DOUBLE", NULL, SQL_CONVERT_DOUBLE, SQL_CVT_DOUBLE, "double precision", NULL, V_NUM},
    {"SQL_FLOAT", NULL, SQL_CONVERT_FLOAT, SQL_CVT_FLOAT, "double precision", NULL, V_NUM},
    {"SQL_GUID", NULL, SQL_CONVERT_GUID, SQL_CVT_GUID, "uuid", NULL, V_GUID},
    {"SQL_INTEGER", NULL, SQL_CONVERT_INTEGER, SQL_CVT_INTEGER, "integer", NULL, V_NUM},
    {"SQL_INTERVAL_YEAR", NULL, SQL_CONVERT_INTERVAL_YEAR_MONTH, SQL_CVT_INTERVAL_YEAR_MONTH,
     "interval year", NONE, V_IYM},
    {"SQL_INTERVAL_MONTH", NULL, SQL_CONVERT_INTERVAL_YEAR_MONTH, SQL_CVT_INTERVAL_YEAR_MONTH,
     "interval month", NONE, V_IYM},
    {"SQL_INTERVAL_YEAR_TO_MONTH", NULL, SQL_CONVERT_INTERVAL_YEAR_MONTH,
     SQL_CVT_INTERVAL_YEAR_MONTH, "interval year to month", NONE, V_IYM},
    {"SQL_INTERVAL_DAY", NULL, SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME,
     "interval day", NONE, V_IDT},
    {"SQL_INTERVAL_HOUR", NULL, SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME,
     "interval hour", NONE, V_IDT},
    {"SQL_INTERVAL_MINUTE", NULL, SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME,
     "interval minute", NONE, V_IDT},
    {"SQL_INTERVAL_SECOND", NULL, SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME,
     "interval second", NONE, V_IDT},
    {"SQL_INTERVAL_DAY_TO_HOUR", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval day to hour", NONE, V_IDT},
    {"SQL_INTERVAL_DAY_TO_MINUTE", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval day to minute", NONE, V_IDT},
    {"SQL_INTERVAL_DAY_TO_SECOND", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval day to second", NONE, V_IDT},
    {"SQL_INTERVAL_HOUR_TO_MINUTE", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval hour to minute", NONE, V_IDT},
    {"SQL_INTERVAL_HOUR_TO_SECOND", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval hour to second", NONE, V_IDT},
    {"SQL_INTERVAL_MINUTE_TO_SECOND", NULL, SQL_CONVERT_INTERVAL_DAY_TIME,
     SQL_CVT_INTERVAL_DAY_TIME, "interval minute to second", NONE, V_IDT},
    {"SQL_LONGVARBINARY", NULL, SQL_CONVERT_LONGVARBINARY, SQL_CVT_LONGVARBINARY, "bytea",
     NONE, V_BIN},
    {"SQL_LONGVARCHAR", NULL, SQL_CONVERT_LONGVARCHAR, SQL_CVT_LONGVARCHAR, "text", NULL, V_CHR},
    {"SQL_NUMERIC", NULL, SQL_CONVERT_NUMERIC, SQL_CVT_NUMERIC, "numeric", NULL, V_NUM},
    {"SQL_REAL", NULL, SQL_CONVERT_REAL, SQL_CVT_REAL, "real", NULL, V_NUM},
    {"SQL_SMALLINT", NULL, SQL_CONVERT_SMALLINT, SQL_CVT_SMALLINT, "smallint", NULL, V_NUM},
    {"SQL_TIME", "SQL_TYPE_TIME", SQL_CONVERT_TIME, SQL_CVT_TIME, "time", "timetz", V_TIME},
    {"SQL_TIMESTAMP", "SQL_TYPE_TIMESTAMP", SQL_CONVERT_TIMESTAMP, SQL_CVT_TIMESTAMP, "timestamp",
     NULL, V_TS},
    {"SQL_TINYINT", NULL, SQL_CONVERT_TINYINT, SQL_CVT_TINYINT, "smallint", NULL, V_NUM},
    {"SQL_VARBINARY", NULL, SQL_CONVERT_VARBINARY, SQL_CVT_VARBINARY, "bytea", NONE, V_BIN},
    {"SQL_VARCHAR", NULL, SQL_CONVERT_VARCHAR, SQL_CVT_VARCHAR, "text", NULL, V_CHR},
    {"SQL_WCHAR", NULL, SQL_CONVERT_WCHAR, SQL_CVT_WCHAR, "text", NULL, V_CHR},
    {"SQL_WLONGVARCHAR", NULL, SQL_CONVERT_WLONGVARCHAR, SQL_CVT_WLONGVARCHAR, "text", NULL, V_CHR},
    {"SQL_WVARCHAR", NULL, SQL_CONVERT_WVARCHAR, SQL_CVT_WVARCHAR, "text", NULL, V_CHR},
};

/* The cast a target gets on a server, NULL when it has none. */
static const char *cvt_cast(const cvt_map *c, bool crate)
{
    const char *t = crate && c->crate ? c->crate : c->cast;
    return t[0] ? t : NULL;
}

/* Which target classes a source class casts to (checked on each server by
 * tests/integration/test_escapes.c, which converts a value of every source
 * to every target reported). */
static unsigned cvt_reach(enum cvt_class from, bool crate)
{
    const unsigned any = V_CHR | V_NUM | V_BOOL | V_DATE | V_TS | V_TIME | V_GUID | V_BIN |
                         V_IYM | V_IDT;
    switch (from) {
    case V_CHR:
        return any;
    case V_NUM:
        return V_CHR | V_NUM;
    case V_BOOL:
        return V_CHR | V_BOOL;
    case V_DATE:
        return crate ? V_DATE | V_TS : V_CHR | V_DATE | V_TS;
    case V_TS:
        return crate ? V_DATE | V_TS : V_CHR | V_DATE | V_TS | V_TIME;
    case V_TIME:
        return crate ? 0 : V_CHR | V_TIME;       /* CrateDB: no such column type */
    case V_GUID:
        return crate ? V_GUID : V_CHR | V_GUID;
    case V_BIN:
        return V_CHR | V_BIN;
    case V_IYM:
    case V_IDT:
        return V_CHR | V_IYM | V_IDT;
    }
    return 0;
}

/* {INTERVAL} qualifiers ODBC defines, with their SQL_DATETIME_LITERALS bit. */
typedef struct ivl_map {
    const char *from, *to;
    SQLUINTEGER bit;
} ivl_map;

static const ivl_map ivl_table[] = {
    {"YEAR", NULL, SQL_DL_SQL92_INTERVAL_YEAR},
    {"MONTH", NULL, SQL_DL_SQL92_INTERVAL_MONTH},
    {"DAY", NULL, SQL_DL_SQL92_INTERVAL_DAY},
    {"HOUR", NULL, SQL_DL_SQL92_INTERVAL_HOUR},
    {"MINUTE", NULL, SQL_DL_SQL92_INTERVAL_MINUTE},
    {"SECOND", NULL, SQL_DL_SQL92_INTERVAL_SECOND},
    {"YEAR", "MONTH", SQL_DL_SQL92_INTERVAL_YEAR_TO_MONTH},
    {"DAY", "HOUR", SQL_DL_SQL92_INTERVAL_DAY_TO_HOUR},
    {"DAY", "MINUTE", SQL_DL_SQL92_INTERVAL_DAY_TO_MINUTE},
    {"DAY", "SECOND", SQL_DL_SQL92_INTERVAL_DAY_TO_SECOND},
    {"HOUR", "MINUTE", SQL_DL_SQL92_INTERVAL_HOUR_TO_MINUTE},
    {"HOUR", "SECOND", SQL_DL_SQL92_INTERVAL_HOUR_TO_SECOND},
    {"MINUTE", "SECOND", SQL_DL_SQL92_INTERVAL_MINUTE_TO_SECOND},
};

/* The fields of an ODBC interval value in order, for CrateDB: `sep` separates a field
 * from the next in the value ('y-m', 'd h:m:s'), `unit` names it in the verbose form
 * ('1 days 12 hours'), `max` bounds it when it is not the leading field (0: no bound).
 * CrateDB 6.4 misreads the SQL-standard literal: '1 12' DAY TO HOUR is an error and
 * '30:15' MINUTE TO SECOND 30 hours 15 minutes, while the verbose form is exact. */
static const struct {
    const char *name, *unit;
    char sep;
    unsigned max;
} ivl_fields[] = {
    {"YEAR", "years", '-', 0},  {"MONTH", "months", 0, 12}, {"DAY", "days", ' ', 0},
    {"HOUR", "hours", ':', 24}, {"MINUTE", "minutes", ':', 60}, {"SECOND", "seconds", 0, 60},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ SQLGetInfo */

bool drv_esc_info(SQLUSMALLINT type, bool crate, SQLUINTEGER *mask)
{
    SQLUINTEGER m = 0;
    int cls = -1;
    switch (type) {
    case SQL_STRING_FUNCTIONS: cls = C_STR; break;
    case SQL_NUMERIC_FUNCTIONS: cls = C_NUM; break;
    case SQL_TIMEDATE_FUNCTIONS: cls = C_TD; break;
    case SQL_SYSTEM_FUNCTIONS: cls = C_SYS; break;
    case SQL_TIMEDATE_ADD_INTERVALS:
    case SQL_TIMEDATE_DIFF_INTERVALS:
        for (size_t i = 0; i < NELEM(tsi_table); i++)
            if (type == SQL_TIMEDATE_DIFF_INTERVALS || tsi_table[i].unit)
                m |= tsi_table[i].bit;
        *mask = m;
        return true;
    case SQL_CONVERT_FUNCTIONS:
        *mask = SQL_FN_CVT_CONVERT | SQL_FN_CVT_CAST;
        return true;
    case SQL_DATETIME_LITERALS:
        /* CrateDB parses `date '...'` / `timestamp '...'` (g4
         * fromStringLiteralCast) but has no `time` type */
        m = SQL_DL_SQL92_DATE | SQL_DL_SQL92_TIMESTAMP;
        for (size_t i = 0; i < NELEM(ivl_table); i++)
            m |= ivl_table[i].bit;
        *mask = m;
        return true;
    default:
        break;
    }
    if (cls >= 0) {
        for (size_t i = 0; i < NELEM(fn_table); i++)
            if ((int)fn_table[i].cls == cls && fn_table[i].kind != K_REFUSED)
                m |= fn_table[i].bit;
        *mask = m;
        return true;
    }
    /* SQL_CONVERT_<source>: the targets its class reaches that the server
     * has; nothing for a type the server lacks */
    for (size_t i = 0; i < NELEM(cvt_table); i++) {
        if (cvt_table[i].info != type)
            continue;
        unsigned reach = cvt_cast(&cvt_table[i], crate) ? cvt_reach(cvt_table[i].cls, crate) : 0;
        for (size_t j = 0; j < NELEM(cvt_table); j++)
            if ((reach & cvt_table[j].cls) && cvt_cast(&cvt_table[j], crate))
                m |= cvt_table[j].bit;
        *mask = m;
        return true;
    }
    return false;
}

size_t drv_esc_fn_rows(void)
{
    return NELEM(fn_table);
}

bool drv_esc_fn_row(size_t i, drv_esc_fn_info *out)
{
    if (i >= NELEM(fn_table))
        return false;
    static const SQLUSMALLINT info[] = {
        [C_STR] = SQL_STRING_FUNCTIONS, [C_NUM] = SQL_NUMERIC_FUNCTIONS,
        [C_TD] = SQL_TIMEDATE_FUNCTIONS, [C_SYS] = SQL_SYSTEM_FUNCTIONS,
    };
    const fn_map *f = &fn_table[i];
    out->name = f->name;
    out->info_type = f->kind == K_CONVERT ? SQL_CONVERT_FUNCTIONS : info[f->cls];
    out->bit = f->kind == K_CONVERT ? SQL_FN_CVT_CONVERT : f->bit;
    out->nargs = f->min_args;
    out->raw = f->tmpl && strstr(f->tmpl, "$R") != NULL;
    return true;
}

size_t drv_esc_cvt_rows(void)
{
    return NELEM(cvt_table);
}

const char *drv_esc_cvt_row(size_t i, SQLUSMALLINT *source_info, SQLUINTEGER *target_bit)
{
    if (i >= NELEM(cvt_table))
        return NULL;
    *source_info = cvt_table[i].info;
    *target_bit = cvt_table[i].bit;
    return cvt_table[i].name;
}

size_t drv_esc_tsi_rows(void)
{
    return NELEM(tsi_table);
}

const char *drv_esc_tsi_row(size_t i, SQLUINTEGER *bit)
{
    if (i >= NELEM(tsi_table))
        return NULL;
    *bit = tsi_table[i].bit;
    return tsi_table[i].name;
}

/* ------------------------------------------------------------ output buffer */

typedef struct ebuf {
    char *p;
    size_t n, cap;
    bool oom;
} ebuf;

static void put(ebuf *b, const char *s, size_t n)
{
    if (b->oom || n == 0)   /* s may be NULL when n is 0 */
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(ebuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* ------------------------------------------------------------ small lexing */

typedef struct ectx {
    const char *s;
    size_t len;
    bool crate;
    drv_esc_err *err;
    int depth;                  /* braces open around the current position */
} ectx;

/* Escapes and object literals nest by recursion: deeper text is refused
 * instead of exhausting the application's stack. */
#define MAX_BRACE_DEPTH 100

static bool fail(ectx *x, const char *state, const char *fmt, const char *arg)
{
    snprintf(x->err->sqlstate, sizeof x->err->sqlstate, "%s", state);
    snprintf(x->err->msg, sizeof x->err->msg, fmt, arg);
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && is_space(s[i]))
        i++;
    return i;
}

static size_t word_end(const char *s, size_t len, size_t i)
{
    while (i < len && is_word(s[i]))
        i++;
    return i;
}

/* The end of the name at s[i] as the SQL scanner sees it: $ and UTF-8 bytes
 * continue a name, so "{oj$$ ...}" starts the name "oj$$", not {oj. */
static size_t name_end(const char *s, size_t len, size_t i)
{
    size_t e = word_end(s, len, i);
    while (e > i && e < len && (is_word(s[e]) || s[e] == '$' || (unsigned char)s[e] >= 0x80))
        e++;
    return e;
}

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* A standard string literal '...' exactly at s[i]: index past it, or i. */
static size_t string_at(const char *s, size_t len, size_t i)
{
    if (i >= len || s[i] != '\'')
        return i;
    size_t e = drv_sql_token_end(s, len, i);
    return (e - i >= 2 && s[e - 1] == '\'') ? e : i;
}

/* ------------------------------------------------------------ escape keywords */

enum esc_kw { E_NONE, E_D, E_T, E_TS, E_GUID, E_FN, E_OJ, E_ESCAPE, E_INTERVAL, E_CALL, E_RETCALL };

static const struct {
    const char *word;
    enum esc_kw kw;
} kw_table[] = {
    {"d", E_D}, {"t", E_T}, {"ts", E_TS}, {"guid", E_GUID}, {"fn", E_FN}, {"oj", E_OJ},
    {"escape", E_ESCAPE}, {"interval", E_INTERVAL}, {"call", E_CALL},
};

/*
 * s[i] == '{'. Sets *kw and *body (index where the escape's body starts).
 * E_NONE: an object literal ({}, {a = 1}, {"k" = 1}). A word that is not an
 * escape keyword and not an object key is 42000.
 */
static bool classify(ectx *x, size_t i, enum esc_kw *kw, size_t *body)
{
    const char *s = x->s;
    size_t len = x->len;
    size_t w = skip_ws(s, len, i + 1);
    *kw = E_NONE;
    if (w < len && s[w] == '?') {       /* {?= call ...} */
        size_t e = skip_ws(s, len, w + 1);
        if (e < len && s[e] == '=') {
            e = skip_ws(s, len, e + 1);
            size_t we = word_end(s, len, e);
            if (!word_is(s + e, we - e, "call"))
                return fail(x, "42000", "Malformed ODBC escape: %s", "'{?=' must be followed by 'call'");
            *kw = E_RETCALL;
            *body = we;
        }
        return true;
    }
    size_t we = name_end(s, len, w);
    if (we == w)
        return true;                    /* {} or {"key" = ...} */
    size_t after = skip_ws(s, len, we);
    if (after < len && s[after] == '=')
        return true;                    /* object key */
    for (size_t k = 0; k < NELEM(kw_table); k++)
        if (word_is(s + w, we - w, kw_table[k].word)) {
            *kw = kw_table[k].kw;
            *body = we;
            return true;
        }
    char name[40];
    size_t n = we - w < sizeof name - 1 ? we - w : sizeof name - 1;
    memcpy(name, s + w, n);
    name[n] = '\0';
    return fail(x, "42000", "Unknown ODBC escape sequence '{%s'", name);
}

/* ------------------------------------------------------------ translation */

static bool translate(ectx *x, size_t i, bool inner, ebuf *out, size_t *end);

/* p[*a .. *z) is p[0..n) without surrounding blanks. */
static void trim(const char *p, size_t n, size_t *a, size_t *z)
{
    *a = 0;
    *z = n;
    while (*a < *z && is_space(p[*a]))
        (*a)++;
    while (*z > *a && is_space(p[*z - 1]))
        (*z)--;
    /* A -- comment ends at its newline: keep the newline, or the text that
     * follows the piece in the translation becomes part of the comment. */
    size_t last = *a;
    for (size_t i = *a; i < *z; i = drv_sql_token_end(p, *z, i))
        last = i;
    if (*z > *a && *z < n && p[last] == '-' && last + 1 < *z && p[last + 1] == '-') {
        while (*z < n && p[*z] != '\n')
            (*z)++;
        if (*z < n)
            (*z)++;
    }
}

/* Body must be exactly one standard string literal; *c and *cn get its contents. */
static bool one_string(ectx *x, const char *p, size_t n, const char *what, const char **c, size_t *cn)
{
    size_t a, z;
    trim(p, n, &a, &z);
    if (string_at(p, z, a) != z || z - a < 2)
        return fail(x, "42000", "Malformed ODBC escape: {%s} takes one quoted string", what);
    *c = p + a + 1;
    *cn = z - a - 2;
    return true;
}

/* Matches `s[0..n)` against a pattern: 'D' a digit, 'X' a hex digit, 'F' an
 * optional '.' with 1..9 digits at the end, any other byte itself. */
static bool shape(const char *s, size_t n, const char *pat)
{
    size_t i = 0;
    for (; *pat; pat++) {
        if (*pat == 'F') {
            if (i == n)
                return true;
            if (s[i] != '.')
                return false;
            size_t d = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            return i == n && i > d && i - d <= 9;
        }
        if (i >= n)
            return false;
        char c = s[i++];
        if (*pat == 'D' ? !(c >= '0' && c <= '9')
            : *pat == 'X' ? !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
            : c != *pat)
            return false;
    }
    return i == n;
}

static bool esc_datetime(ectx *x, enum esc_kw kw, const char *p, size_t n, ebuf *out)
{
    static const struct {
        enum esc_kw kw;
        const char *name, *pattern, *form;
    } dt[] = {
        {E_D, "d", "DDDD-DD-DD", "'yyyy-mm-dd'"},
        {E_T, "t", "DD:DD:DDF", "'hh:mm:ss'"},
        {E_TS, "ts", "DDDD-DD-DD DD:DD:DDF", "'yyyy-mm-dd hh:mm:ss[.f]'"},
        {E_GUID, "guid", "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX", "'nnnnnnnn-nnnn-nnnn-nnnn-nnnnnnnnnnnn'"},
    };
    size_t k = 0;
    while (dt[k].kw != kw)
        k++;
    const char *c;
    size_t cn;
    if (!one_string(x, p, n, dt[k].name, &c, &cn))
        return false;
    if (!shape(c, cn, dt[k].pattern)) {
        char msg[80];
        snprintf(msg, sizeof msg, "{%s} needs %s", dt[k].name, dt[k].form);
        return fail(x, "42000", "Malformed ODBC escape: %s", msg);
    }
    const char *type = kw == E_D ? "date" : kw == E_TS ? "timestamp"
                     : kw == E_T ? (x->crate ? "timetz" : "time") : NULL;
    if (type)
        puts_(out, "CAST(");
    put(out, c - 1, cn + 2);
    if (type) {
        puts_(out, " AS ");
        puts_(out, type);
        puts_(out, ")");
    }
    return true;
}

static bool esc_escape(ectx *x, const char *p, size_t n, ebuf *out)
{
    const char *c;
    size_t cn;
    if (!one_string(x, p, n, "escape", &c, &cn))
        return false;
    /* one character: one UTF-8 sequence, or a doubled quote */
    size_t chars = 0;
    for (size_t i = 0; i < cn; i++)
        if (((unsigned char)c[i] & 0xC0) != 0x80 && !(c[i] == '\'' && i > 0 && c[i - 1] == '\''))
            chars++;
    if (chars != 1)
        return fail(x, "42000", "Malformed ODBC escape: %s", "{escape} takes exactly one character");
    puts_(out, "ESCAPE ");
    put(out, c - 1, cn + 2);
    return true;
}

static int ivl_field(const char *name)
{
    for (size_t i = 0; i < NELEM(ivl_fields); i++)
        if (strcmp(ivl_fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* CrateDB: the value v[0..n) of qualifier q as INTERVAL '<n> <unit> ...', every field
 * signed like the value (a sign in the value and one before it multiply). */
static bool ivl_verbose(ectx *x, const char *v, size_t n, const ivl_map *q, bool negative,
                        ebuf *out)
{
    static const char *const bad = "{INTERVAL} value does not match its qualifier "
                                   "(such as '1 12:30' DAY TO MINUTE)";
    int from = ivl_field(q->from), to = q->to ? ivl_field(q->to) : from;
    size_t i = 0;
    if (i < n && (v[i] == '+' || v[i] == '-'))
        negative ^= v[i++] == '-';
    puts_(out, "INTERVAL '");
    for (int f = from; f <= to; f++) {
        size_t start = i;
        unsigned long val = 0;
        for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
            val = val < 1000000 ? val * 10 + (unsigned long)(v[i] - '0') : val;
        if (i == start)
            return fail(x, "42000", "Malformed ODBC escape: %s", bad);
        if (f != from && ivl_fields[f].max && val >= ivl_fields[f].max)
            return fail(x, "42000", "Malformed ODBC escape: {INTERVAL} field %s out of range",
                        ivl_fields[f].name);
        if (f == to && strcmp(ivl_fields[f].name, "SECOND") == 0 && i < n && v[i] == '.') {
            size_t frac = ++i;
            while (i < n && v[i] >= '0' && v[i] <= '9')
                i++;
            if (i == frac)
                return fail(x, "42000", "Malformed ODBC escape: %s", bad);
        }
        puts_(out, f > from ? (negative ? " -" : " ") : (negative ? "-" : ""));
        put(out, v + start, i - start);
        puts_(out, " ");
        puts_(out, ivl_fields[f].unit);
        if (f < to && (i >= n || v[i++] != ivl_fields[f].sep))
            return fail(x, "42000", "Malformed ODBC escape: %s", bad);
    }
    if (i != n)
        return fail(x, "42000", "Malformed ODBC escape: %s", bad);
    puts_(out, "'");
    return true;
}

static bool esc_interval(ectx *x, const char *p, size_t n, ebuf *out)
{
    size_t i = skip_ws(p, n, 0);
    char sign = 0;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        sign = p[i++];
    i = skip_ws(p, n, i);
    size_t se = string_at(p, n, i);
    if (se == i)
        return fail(x, "42000", "Malformed ODBC escape: %s", "{INTERVAL} needs a quoted value");
    size_t f1 = skip_ws(p, n, se), f1e = word_end(p, n, f1);
    size_t t = skip_ws(p, n, f1e), te = word_end(p, n, t);
    size_t f2 = te, f2e = te;
    if (word_is(p + t, te - t, "TO")) {
        f2 = skip_ws(p, n, te);
        f2e = word_end(p, n, f2);
        t = f2e;
    }
    if (skip_ws(p, n, t) != n)
        return fail(x, "42000", "Malformed ODBC escape: %s",
                    "{INTERVAL} takes a value and a qualifier such as DAY or DAY TO SECOND "
                    "(no field precision)");
    const ivl_map *q = NULL;
    for (size_t k = 0; k < NELEM(ivl_table) && !q; k++)
        if (word_is(p + f1, f1e - f1, ivl_table[k].from) &&
            (ivl_table[k].to ? word_is(p + f2, f2e - f2, ivl_table[k].to) : f2e == f2))
            q = &ivl_table[k];
    if (!q)
        return fail(x, "42000", "Malformed ODBC escape: %s", "{INTERVAL} has an invalid qualifier");
    if (x->crate)
        return ivl_verbose(x, p + i + 1, se - i - 2, q, sign == '-', out);
    /* a sign inside the value negates the whole interval (SQL-92), where PostgreSQL
     * would read '-1 12' DAY TO HOUR as -1 day +12 hours: it joins the one before */
    bool pg_minus = sign == '-';
    size_t v = i + 1;
    if (v < se - 1 && (p[v] == '+' || p[v] == '-'))
        pg_minus ^= p[v++] == '-';
    puts_(out, pg_minus ? "(- INTERVAL '" : "INTERVAL '");
    put(out, p + v, se - v);
    puts_(out, " ");
    puts_(out, q->from);
    if (q->to) {
        puts_(out, " TO ");
        puts_(out, q->to);
    }
    if (pg_minus)
        puts_(out, ")");
    return true;
}

/* Arguments of NAME(...): split at top-level commas. */
#define MAX_ARGS 8
typedef struct fn_call {
    const char *name;
    size_t namelen;
    const char *raw;        /* between the parentheses */
    size_t rawlen;
    int nargs;
    const char *arg[MAX_ARGS];
    size_t arglen[MAX_ARGS];
    bool has_parens;
} fn_call;

/* Parses `name [ ( args ) ]` filling the whole of p[0..n); `qualified`
 * allows schema.name and quoted parts (for {call}). */
static bool parse_call(ectx *x, const char *p, size_t n, bool qualified, bool need_parens,
                       fn_call *fc, const char *what)
{
    memset(fc, 0, sizeof *fc);
    size_t i = skip_ws(p, n, 0), ne = i;
    for (;;) {
        if (ne < n && p[ne] == '"' && qualified)
            ne = drv_sql_token_end(p, n, ne);
        else
            ne = word_end(p, n, ne);
        if (!(qualified && ne < n && p[ne] == '.'))
            break;
        ne++;
    }
    if (ne == i)
        return fail(x, "42000", "Malformed ODBC escape: {%s} needs a name", what);
    fc->name = p + i;
    fc->namelen = ne - i;
    i = skip_ws(p, n, ne);
    if (i == n && !need_parens)
        return true;
    if (i >= n || p[i] != '(')
        return fail(x, "42000", "Malformed ODBC escape: {%s} needs an argument list in parentheses",
                    what);
    fc->has_parens = true;
    size_t start = ++i, argstart = i;
    int depth = 1;
    while (i < n && depth > 0) {
        char c = p[i];
        if (c == '(' || c == '[') {
            depth++;
        } else if (c == ')' || c == ']') {
            if (--depth == 0)
                break;
        } else if (c == ',' && depth == 1) {
            if (fc->nargs == MAX_ARGS)
                return fail(x, "42000", "Malformed ODBC escape: {%s} has too many arguments", what);
            fc->arg[fc->nargs] = p + argstart;
            fc->arglen[fc->nargs++] = i - argstart;
            argstart = i + 1;
        }
        i = drv_sql_token_end(p, n, i);
    }
    if (depth != 0 || skip_ws(p, n, i + 1) != n)
        return fail(x, "42000", "Malformed ODBC escape: {%s} has unbalanced parentheses or text after them",
                    what);
    fc->raw = p + start;
    fc->rawlen = i - start;
    size_t a, z;
    trim(p + argstart, i - argstart, &a, &z);
    if (fc->nargs > 0 || z > a) {
        if (fc->nargs == MAX_ARGS)
            return fail(x, "42000", "Malformed ODBC escape: {%s} has too many arguments", what);
        fc->arg[fc->nargs] = p + argstart;
        fc->arglen[fc->nargs++] = i - argstart;
    }
    for (int k = 0; k < fc->nargs; k++) {     /* trim, and no empty argument */
        trim(fc->arg[k], fc->arglen[k], &a, &z);
        fc->arg[k] += a;
        fc->arglen[k] = z - a;
        if (fc->arglen[k] == 0)
            return fail(x, "42000", "Malformed ODBC escape: {%s} has an empty argument", what);
    }
    return true;
}

/* Expands template t of function `name`. Arguments holding `?` markers
 * must come out once and in their original order, or the application's
 * parameter numbers would move (HYC00 otherwise). */
static bool expand(ectx *x, const char *name, const char *t, const fn_call *fc, ebuf *out)
{
    int last_marked = -1;
    unsigned used = 0;
    for (; *t; t++) {
        if (*t != '$') {
            put(out, t, 1);
            continue;
        }
        t++;
        if (*t == '$') {
            put(out, t, 1);
        } else if (*t == 'R') {
            put(out, fc->raw, fc->rawlen);
        } else if (*t == '*') {
            for (int k = 0; k < fc->nargs; k++) {
                if (k)
                    puts_(out, ", ");
                put(out, fc->arg[k], fc->arglen[k]);
            }
        } else {
            int k = *t - '1';
            if (drv_sql_count_markers(fc->arg[k], fc->arglen[k]) > 0) {
                if (used & (1u << k))
                    return fail(x, "HYC00", "{fn %s}: a parameter marker cannot stand in this "
                                "argument (its translation uses the argument twice); use a "
                                "literal or a column", name);
                if (k < last_marked)
                    return fail(x, "HYC00", "{fn %s}: parameter markers in these arguments "
                                "cannot keep their order", name);
                last_marked = k;
            }
            used |= 1u << k;
            put(out, fc->arg[k], fc->arglen[k]);
        }
    }
    return true;
}

static bool word_in(const char *p, size_t n, const char *w, const char *alt)
{
    return word_is(p, n, w) || (alt && word_is(p, n, alt));
}

/* {fn CONVERT(value, SQL_xxx)}: CAST to the target's type on this server. */
static bool esc_convert(ectx *x, const fn_call *fc, ebuf *out)
{
    const cvt_map *c = NULL;
    for (size_t k = 0; k < NELEM(cvt_table) && !c; k++)
        if (word_in(fc->arg[1], fc->arglen[1], cvt_table[k].name, cvt_table[k].alt))
            c = &cvt_table[k];
    if (!c)
        return fail(x, "42000", "{fn CONVERT}: %s", "unknown or unsupported target SQL type");
    const char *cast = cvt_cast(c, x->crate);
    if (!cast)
        return fail(x, "HYC00", "{fn CONVERT}: CrateDB has no type for %s", c->name);
    puts_(out, "CAST(");
    put(out, fc->arg[0], fc->arglen[0]);
    puts_(out, " AS ");
    puts_(out, cast);
    puts_(out, ")");
    return true;
}

/* The SQL_TSI_ interval named by an argument, or NULL. */
static const tsi_map *tsi_find(const char *p, size_t n)
{
    for (size_t k = 0; k < NELEM(tsi_table); k++)
        if (word_is(p, n, tsi_table[k].name))
            return &tsi_table[k];
    return NULL;
}

/* {fn TIMESTAMPDIFF(interval, t1, t2)}: the interval's template over t1, t2. */
static bool esc_tsdiff(ectx *x, const fn_call *fc, ebuf *out)
{
    const tsi_map *u = tsi_find(fc->arg[0], fc->arglen[0]);
    if (!u)
        return fail(x, "42000", "{fn TIMESTAMPDIFF}: %s", "unknown interval (SQL_TSI_...)");
    fn_call two = *fc;
    two.nargs = 2;
    for (int k = 0; k < 2; k++) {
        two.arg[k] = fc->arg[k + 1];
        two.arglen[k] = fc->arglen[k + 1];
    }
    return expand(x, "TIMESTAMPDIFF", x->crate ? u->crate_diff : u->diff, &two, out);
}

static bool esc_fn(ectx *x, const char *p, size_t n, ebuf *out)
{
    fn_call fc;
    if (!parse_call(x, p, n, false, true, &fc, "fn"))
        return false;
    const fn_map *f = NULL, *named = NULL;
    for (size_t k = 0; k < NELEM(fn_table) && !f; k++) {
        if (!word_is(fc.name, fc.namelen, fn_table[k].name))
            continue;
        named = &fn_table[k];
        bool raw = named->tmpl && strstr(named->tmpl, "$R");
        if (raw ? fc.rawlen > 0 : (fc.nargs >= named->min_args && fc.nargs <= named->max_args))
            f = named;
    }
    if (!named) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(fc.namelen < 60 ? fc.namelen : 60), fc.name);
        return fail(x, "42000", "Unknown or unsupported ODBC scalar function {fn %s}", name);
    }
    if (!f)
        return fail(x, "42000", "Wrong number of arguments for {fn %s}", named->name);
    switch (f->kind) {
    case K_TMPL:
        return expand(x, f->name, x->crate && f->crate_tmpl ? f->crate_tmpl : f->tmpl, &fc, out);
    case K_CONVERT:
        return esc_convert(x, &fc, out);
    case K_TSDIFF:
        return esc_tsdiff(x, &fc, out);
    case K_REFUSED: {
        char msg[160];
        snprintf(msg, sizeof msg, "%s}: %s", f->name, f->tmpl);
        return fail(x, "HYC00", "{fn %s", msg);
    }
    case K_TSADD:
        break;
    }
    /* K_TSADD: (ts + CAST(concat(CAST(n AS text), ' unit') AS interval)); ts
     * moves first */
    const tsi_map *u = tsi_find(fc.arg[0], fc.arglen[0]);
    if (!u || !u->unit)
        return fail(x, "42000", "{fn TIMESTAMPADD}: %s", "unknown or unsupported interval (SQL_TSI_...)");
    if (drv_sql_count_markers(fc.arg[1], fc.arglen[1]) > 0 &&
        drv_sql_count_markers(fc.arg[2], fc.arglen[2]) > 0)
        return fail(x, "HYC00", "{fn %s}: parameter markers in these arguments cannot keep their order",
                    "TIMESTAMPADD");
    puts_(out, "(");
    put(out, fc.arg[2], fc.arglen[2]);
    puts_(out, " + CAST(concat(CAST(");     /* text: a bare `?` has no type in concat */
    if (u->times3)
        puts_(out, "3 * (");
    put(out, fc.arg[1], fc.arglen[1]);
    if (u->times3)
        puts_(out, ")");
    puts_(out, " AS text), '");
    puts_(out, u->unit);
    puts_(out, "') AS interval))");
    return true;
}

static bool esc_call(ectx *x, const char *p, size_t n, ebuf *out)
{
    fn_call fc;
    if (!parse_call(x, p, n, true, false, &fc, "call"))
        return false;
    puts_(out, "SELECT ");
    put(out, fc.name, fc.namelen);
    puts_(out, "(");
    put(out, fc.raw, fc.rawlen);
    puts_(out, ")");
    return true;
}

/* One escape whose keyword ends at `body`; *end gets the index past '}'. */
static bool escape_seq(ectx *x, enum esc_kw kw, size_t body, ebuf *out, size_t *end)
{
    ebuf in = {0};
    bool ok = translate(x, body, true, &in, end);
    if (ok && in.oom)
        ok = fail(x, "HY001", "%s", "Memory allocation error");
    const char *p = in.p ? in.p : "";
    size_t n = in.n;
    if (ok) {
        switch (kw) {
        case E_D: case E_T: case E_TS: case E_GUID:
            ok = esc_datetime(x, kw, p, n, out);
            break;
        case E_FN:
            ok = esc_fn(x, p, n, out);
            break;
        case E_OJ: {
            size_t a, z;
            trim(p, n, &a, &z);
            if (a == z)
                ok = fail(x, "42000", "Malformed ODBC escape: %s", "{oj} is empty");
            else
                put(out, p + a, z - a);
            break;
        }
        case E_ESCAPE:
            ok = esc_escape(x, p, n, out);
            break;
        case E_INTERVAL:
            ok = esc_interval(x, p, n, out);
            break;
        case E_CALL:
            ok = esc_call(x, p, n, out);
            break;
        case E_RETCALL:
            ok = fail(x, "HYC00", "%s", "{?= call ...}: CrateDB has no procedures with return "
                      "values as output parameters; use {call f(...)}, which returns a result set");
            break;
        case E_NONE:
            break;
        }
    }
    free(in.p);
    return ok;
}

/* Characters that lex as one token with a neighbour of the same class:
 * identifier characters ($ and UTF-8 bytes included), or operator
 * characters (a dash or slash pair would even start a comment). */
static int join_class(char c)
{
    if (is_word(c) || c == '$' || (unsigned char)c >= 0x80)
        return 1;
    if (c && strchr("+-*/<>=~!@#%^&|`", c))
        return 2;
    return 0;
}

/*
 * A translation replaced the escape that starts at out->p[from]: its first
 * and last characters must not fuse with what stands before and after it
 * once the braces are gone ("x{oj a}b" is "x a b", not the identifier
 * "xab"; "}$$" must not become part of a name). Inserts a space where they
 * would.
 */
static void keep_apart(ebuf *out, size_t from, char after)
{
    if (out->oom || out->n == from)
        return;
    if (join_class(out->p[out->n - 1]) && join_class(out->p[out->n - 1]) == join_class(after))
        put(out, " ", 1);
    if (from > 0 && join_class(out->p[from - 1]) &&
        join_class(out->p[from - 1]) == join_class(out->p[from])) {
        put(out, " ", 1);           /* grow by one, then shift the translation right */
        if (out->oom)
            return;
        memmove(out->p + from + 1, out->p + from, out->n - from - 1);
        out->p[from] = ' ';
    }
}

static bool translate_text(ectx *x, size_t i, bool inner, ebuf *out, size_t *end);

/*
 * Copies x->s from i into out, translating escapes. `inner`: stop at the
 * '}' closing the current brace (error if the text ends first); *end gets
 * the index past it (or len at top level).
 */
static bool translate(ectx *x, size_t i, bool inner, ebuf *out, size_t *end)
{
    if (inner && x->depth >= MAX_BRACE_DEPTH)
        return fail(x, "42000", "Malformed ODBC escape: %s", "braces nested too deeply");
    x->depth += inner;
    bool ok = translate_text(x, i, inner, out, end);
    x->depth -= inner;
    return ok;
}

static bool translate_text(ectx *x, size_t i, bool inner, ebuf *out, size_t *end)
{
    const char *s = x->s;
    size_t len = x->len;
    while (i < len) {
        if (s[i] == '}' && inner) {
            *end = i + 1;
            return true;
        }
        if (s[i] == '{') {
            enum esc_kw kw;
            size_t body = 0, next;
            if (!classify(x, i, &kw, &body))
                return false;
            if (kw != E_NONE) {
                size_t from = out->n;
                if (!escape_seq(x, kw, body, out, &next))
                    return false;
                keep_apart(out, from, next < len ? s[next] : ' ');
            } else {                    /* object literal: keep the braces */
                put(out, "{", 1);
                if (!translate(x, i + 1, true, out, &next))
                    return false;
                put(out, "}", 1);
            }
            i = next;
            continue;
        }
        size_t next = drv_sql_token_end(s, len, i);
        put(out, s + i, next - i);
        i = next;
    }
    if (inner)
        return fail(x, "42000", "Malformed ODBC escape: %s", "'{' without a closing '}'");
    *end = len;
    return true;
}

bool drv_esc_translate(const char *sql, size_t len, bool crate, char **out, size_t *outlen,
                       drv_esc_err *err)
{
    *out = NULL;
    *outlen = 0;
    bool any = false;
    for (size_t i = 0; i < len && !any; i = drv_sql_token_end(sql, len, i))
        any = sql[i] == '{';
    if (!any)
        return true;
    ectx x = {sql, len, crate, err, 0};
    ebuf b = {0};
    size_t end;
    bool ok = translate(&x, 0, false, &b, &end);
    if (ok && b.oom)
        ok = fail(&x, "HY001", "%s", "Memory allocation error");
    if (!ok) {
        free(b.p);
        return false;
    }
    if (!b.p) {     /* everything translated to nothing cannot happen, but be safe */
        b.p = calloc(1, 1);
        if (!b.p)
            return fail(&x, "HY001", "%s", "Memory allocation error");
    }
    *out = b.p;
    *outlen = b.n;
    return true;
}
