/*
 * test_interval_precision.c: SQL_C_INTERVAL_* targets honour the ARD's SQL_DESC_PRECISION
 * (interval seconds precision: the fraction field counts units of 10^-precision) and
 * SQL_DESC_DATETIME_INTERVAL_PRECISION (interval leading precision: digits of the
 * leading field), as ODBC's "Interval Data Type Precision" and "Overriding Default
 * Leading and Seconds Precision for Interval Data Types" say. Defaults 2 and 6 (also for
 * SQLGetData with an interval type; SQL_ARD_TYPE takes the ARD's). Digits the fraction
 * loses are 01S07, a leading field too long for its precision 22015, precisions no
 * SQL_INTERVAL_STRUCT holds HY021 (the consistency check when SQL_DESC_DATA_PTR is set,
 * or at the fetch when the record was never checked). Before, a seconds precision of 20
 * was accepted and the struct got microseconds whatever the precision, with SQL_SUCCESS.
 *
 * The values are interval expressions of the server (PostgreSQL interval; CrateDB's
 * INTERVAL, expressions only, milliseconds precision), in every profile.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

#define PTR(v) ((SQLPOINTER)(intptr_t)(v))
/* 1 day 02:03:04.123 in both servers' interval text */
#define IVAL_SQL "SELECT CAST('1 day 02:03:04.123' AS interval), CAST('100 days' AS interval)"

static SQLHDESC ard_of(SQLHSTMT st)
{
    SQLHDESC ard = SQL_NULL_HDESC;
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL), SQL_HANDLE_STMT, st);
    return ard;
}

/* Binds column col as c_type into iv, then sets the ARD's precisions (which unbinds the
 * record, as the spec says) and DATA_PTR again (the consistency check); the rc of that. */
static SQLRETURN bind_iv(SQLHSTMT st, SQLUSMALLINT col, SQLSMALLINT c_type, int leading,
                         int seconds, SQL_INTERVAL_STRUCT *iv, SQLLEN *ind)
{
    SQLHDESC ard = ard_of(st);
    ITEST_OK(SQLBindCol(st, col, c_type, iv, sizeof *iv, ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetDescField(ard, (SQLSMALLINT)col, SQL_DESC_DATETIME_INTERVAL_PRECISION,
                             PTR(leading), 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, (SQLSMALLINT)col, SQL_DESC_PRECISION, PTR(seconds), 0),
             SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, (SQLSMALLINT)col, SQL_DESC_INDICATOR_PTR, ind, 0),
             SQL_HANDLE_DESC, ard);
    return SQLSetDescField(ard, (SQLSMALLINT)col, SQL_DESC_DATA_PTR, iv, 0);
}

/* Column 1 fetched with seconds precision `seconds`: the fraction and the rc. */
static SQLRETURN fetch_fraction(SQLHDBC dbc, int seconds, SQLUINTEGER *fraction,
                                char state[6])
{
    SQLHSTMT st = itest_stmt(dbc);
    SQL_INTERVAL_STRUCT iv;
    SQLLEN ind = 0;
    memset(&iv, 0xee, sizeof iv);
    ITEST_OK(bind_iv(st, 1, SQL_C_INTERVAL_DAY_TO_SECOND, 2, seconds, &iv, &ind),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLRETURN rc = SQLFetch(st);
    state[0] = '\0';
    if (rc != SQL_SUCCESS)
        itest_diag(SQL_HANDLE_STMT, st, state, NULL, 0);
    *fraction = iv.intval.day_second.fraction;
    if (SQL_SUCCEEDED(rc)) {
        CU_ASSERT_EQUAL(iv.interval_type, SQL_IS_DAY_TO_SECOND);
        CU_ASSERT_EQUAL(iv.intval.day_second.day, 1);
        CU_ASSERT_EQUAL(iv.intval.day_second.hour, 2);
        CU_ASSERT_EQUAL(iv.intval.day_second.minute, 3);
        CU_ASSERT_EQUAL(iv.intval.day_second.second, 4);
    }
    itest_free_stmt(st);
    return rc;
}

static void test_seconds_precision(void)
{
    SQLHDBC dbc = itest_connect();
    SQLUINTEGER f = 0;
    char state[6];
    CU_ASSERT_EQUAL(fetch_fraction(dbc, 6, &f, state), SQL_SUCCESS);
    CU_ASSERT_EQUAL(f, 123000);
    CU_ASSERT_EQUAL(fetch_fraction(dbc, 3, &f, state), SQL_SUCCESS);
    CU_ASSERT_EQUAL(f, 123);
    CU_ASSERT_EQUAL(fetch_fraction(dbc, 9, &f, state), SQL_SUCCESS);
    CU_ASSERT_EQUAL(f, 123000000);
    /* digits lost: truncated, 01S07 */
    CU_ASSERT_EQUAL(fetch_fraction(dbc, 1, &f, state), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(state, "01S07");
    CU_ASSERT_EQUAL(f, 1);
    CU_ASSERT_EQUAL(fetch_fraction(dbc, 0, &f, state), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(state, "01S07");
    CU_ASSERT_EQUAL(f, 0);
    itest_disconnect(dbc);
}

static void test_leading_precision(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQL_INTERVAL_STRUCT days;
    SQLLEN ind = 0;
    /* 100 days need a leading precision of 3: the default 2 is 22015 */
    ITEST_OK(bind_iv(st, 2, SQL_C_INTERVAL_DAY, 2, 0, &days, &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLFetch(st), SQL_HANDLE_STMT, st, "22015");
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    ITEST_OK(bind_iv(st, 2, SQL_C_INTERVAL_DAY, 3, 0, &days, &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(days.interval_type, SQL_IS_DAY);
    CU_ASSERT_EQUAL(days.intval.day_second.day, 100);
    /* SQLGetData: an interval type takes the defaults (2: 22015), SQL_ARD_TYPE the ARD's */
    SQL_INTERVAL_STRUCT g;
    ITEST_EXPECT_ERROR(SQLGetData(st, 2, SQL_C_INTERVAL_DAY, &g, sizeof g, &ind),
                       SQL_HANDLE_STMT, st, "22015");
    itest_free_stmt(st);

    st = itest_stmt(dbc);
    SQLHDESC ard = ard_of(st);
    /* a record with a type but no buffer: what SQLGetData(SQL_ARD_TYPE) reads */
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, PTR(SQL_C_INTERVAL_HOUR_TO_SECOND),
                             0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_DATETIME_INTERVAL_PRECISION, PTR(2), 0),
             SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, PTR(2), 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    memset(&g, 0, sizeof g);
    ITEST_EXPECT_INFO(SQLGetData(st, 1, SQL_ARD_TYPE, &g, sizeof g, &ind), SQL_HANDLE_STMT, st,
                      "01S07");
    CU_ASSERT_EQUAL(g.interval_type, SQL_IS_HOUR_TO_SECOND);
    CU_ASSERT_EQUAL(g.intval.day_second.hour, 26);     /* 1 day 2 hours */
    CU_ASSERT_EQUAL(g.intval.day_second.fraction, 12); /* .123 in hundredths */
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Precisions no struct holds: HY021 when DATA_PTR is set (the consistency check), and at
 * the fetch for a record that was never checked. */
static void test_invalid_precision(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC ard = ard_of(st);
    SQL_INTERVAL_STRUCT iv;
    SQLLEN ind = 0;
    ITEST_EXPECT_ERROR(bind_iv(st, 1, SQL_C_INTERVAL_DAY_TO_SECOND, 2, 20, &iv, &ind),
                       SQL_HANDLE_DESC, ard, "HY021");
    ITEST_EXPECT_ERROR(bind_iv(st, 1, SQL_C_INTERVAL_DAY_TO_SECOND, 0, 6, &iv, &ind),
                       SQL_HANDLE_DESC, ard, "HY021");
    ITEST_EXPECT_ERROR(bind_iv(st, 1, SQL_C_INTERVAL_DAY_TO_SECOND, 10, 6, &iv, &ind),
                       SQL_HANDLE_DESC, ard, "HY021");
    /* never checked (no DATA_PTR), precision 20: a bound indicator makes the fetch
     * convert the value, and it refuses */
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, PTR(SQL_C_INTERVAL_DAY_TO_SECOND),
                             0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, PTR(20), 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, &ind, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLFetch(st), SQL_HANDLE_STMT, st, "HY021");
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    /* nothing bound: SQLGetData(SQL_ARD_TYPE) refuses it */
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, NULL, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH_PTR, NULL, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, PTR(SQL_C_INTERVAL_DAY_TO_SECOND),
                             0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, PTR(20), 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)IVAL_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    memset(&iv, 0, sizeof iv);
    ITEST_EXPECT_ERROR(SQLGetData(st, 1, SQL_ARD_TYPE, &iv, sizeof iv, &ind), SQL_HANDLE_STMT,
                       st, "HY021");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

void itest_register_interval_precision(void)
{
    static const itest_case cases[] = {
        {"seconds_precision", test_seconds_precision},
        {"leading_precision", test_leading_precision},
        {"invalid_precision", test_invalid_precision},
        {NULL, NULL},
    };
    itest_add_suite("interval_precision", cases);
}
