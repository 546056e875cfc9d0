/*
 * test_unicode.c: UTF-8 <-> UTF-16 conversion and string output
 * (drv_strout_put*): non-BMP characters, truncation on character
 * boundaries, invalid input.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "unit.h"

/* "a€😀" in UTF-8: 1 + 3 + 4 bytes; in UTF-16: 1 + 1 + 2 units. */
static const char U8[] = "a\xE2\x82\xAC\xF0\x9F\x98\x80";
static const SQLWCHAR U16[] = {0x61, 0x20AC, 0xD83D, 0xDE00, 0};

static void test_roundtrip_emoji(void)
{
    SQLWCHAR *w;
    size_t wn;
    CU_ASSERT_TRUE(drv_utf8_to_utf16(U8, strlen(U8), &w, &wn));
    CU_ASSERT_EQUAL(wn, 4);
    CU_ASSERT_EQUAL(memcmp(w, U16, sizeof U16), 0); /* includes the NUL */
    char *s;
    size_t sn;
    CU_ASSERT_TRUE(drv_utf16_to_utf8(w, SQL_NTS, &s, &sn));
    CU_ASSERT_EQUAL(sn, strlen(U8));
    CU_ASSERT_STRING_EQUAL(s, U8);
    free(s);
    CU_ASSERT_TRUE(drv_utf16_to_utf8(w, 2, &s, &sn)); /* explicit length */
    CU_ASSERT_STRING_EQUAL(s, "a\xE2\x82\xAC");
    free(s);
    free(w);
    CU_ASSERT_EQUAL(drv_utf16_len(U8, strlen(U8)), 4);
}

static void test_ascii_and_null(void)
{
    char *s = (char *)1;
    CU_ASSERT_TRUE(drv_utf16_to_utf8(NULL, SQL_NTS, &s, NULL));
    CU_ASSERT_PTR_NULL(s);
    const SQLWCHAR w[] = {'S', 'E', 'L', 0};
    CU_ASSERT_TRUE(drv_utf16_to_utf8(w, SQL_NTS, &s, NULL));
    CU_ASSERT_STRING_EQUAL(s, "SEL");
    free(s);
    CU_ASSERT_FALSE(drv_utf16_to_utf8(w, -7, &s, NULL));
    char *d = drv_strdup_len("abcdef", 3);
    CU_ASSERT_STRING_EQUAL(d, "abc");
    free(d);
    d = drv_strdup_len("abc", SQL_NTS);
    CU_ASSERT_STRING_EQUAL(d, "abc");
    free(d);
    CU_ASSERT_PTR_NULL(drv_strdup_len("abc", -5));
}

static void test_invalid(void)
{
    char *s;
    SQLWCHAR *w;
    const SQLWCHAR lone_high[] = {0x61, 0xD83D, 0x62, 0};
    const SQLWCHAR lone_low[] = {0xDE00, 0};
    CU_ASSERT_FALSE(drv_utf16_to_utf8(lone_high, SQL_NTS, &s, NULL));
    CU_ASSERT_FALSE(drv_utf16_to_utf8(lone_low, SQL_NTS, &s, NULL));
    CU_ASSERT_FALSE(drv_utf8_to_utf16("a\xC3", 2, &w, NULL));          /* cut sequence */
    CU_ASSERT_FALSE(drv_utf8_to_utf16("\xFF\xFE", 2, &w, NULL));       /* not UTF-8 */
    CU_ASSERT_FALSE(drv_utf8_to_utf16("\xC0\xAF", 2, &w, NULL));       /* overlong */
}

static drv_hdr *fresh_hdr(void)
{
    /* the header of a statement on a connection, as every DRV_STMT header
     * is (the log finds a statement's connection through it) */
    static drv_dbc dbc;
    static drv_stmt st;
    drv_diag_clear(&st.hdr);
    st.hdr.kind = DRV_STMT;
    st.dbc = &dbc;
    return &st.hdr;
}

static void test_strout_ansi_truncation(void)
{
    drv_hdr *h = fresh_hdr();
    char buf[16];
    drv_strout o = {buf, 4, false, false};
    SQLSMALLINT len = 0;
    /* room for 3 bytes: "a" + the first 2 bytes of € would split it */
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(buf, "a");
    CU_ASSERT_EQUAL(len, 8);
    CU_ASSERT_EQUAL(h->diag.count, 1);
    CU_ASSERT_STRING_EQUAL(h->diag.recs[0].sqlstate, "01004");

    h = fresh_hdr();
    o.buflen = 5; /* "a€" fits exactly with the NUL */
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(buf, "a\xE2\x82\xAC");

    h = fresh_hdr();
    o.buflen = 7; /* emoji needs 4 bytes: still only "a€" */
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(buf, "a\xE2\x82\xAC");

    h = fresh_hdr();
    o.buflen = 9;
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(buf, U8);
    CU_ASSERT_EQUAL(h->diag.count, 0);

    /* NULL buffer: only the length, no warning */
    h = fresh_hdr();
    drv_strout n = {NULL, 0, false, false};
    SQLLEN l = 0;
    CU_ASSERT_EQUAL(drv_strout_put(h, &n, U8, strlen(U8), &l), SQL_SUCCESS);
    CU_ASSERT_EQUAL(l, 8);
}

static void test_strout_wide_truncation(void)
{
    drv_hdr *h = fresh_hdr();
    SQLWCHAR buf[8];
    SQLSMALLINT len = 0;
    /* 4 units of room: "a€" + NUL would leave the high surrogate alone */
    drv_strout o = {buf, 4 * sizeof(SQLWCHAR), true, false};
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(buf[0], 0x61);
    CU_ASSERT_EQUAL(buf[1], 0x20AC);
    CU_ASSERT_EQUAL(buf[2], 0);
    CU_ASSERT_EQUAL(len, 4);                        /* characters */

    h = fresh_hdr();
    o.buflen = 5 * sizeof(SQLWCHAR);
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, U8, strlen(U8), &len), SQL_SUCCESS);
    CU_ASSERT_EQUAL(memcmp(buf, U16, sizeof U16), 0);

    /* lengths in bytes (SQLGetInfoW and friends); odd byte count rounds down */
    h = fresh_hdr();
    drv_strout ob = {buf, 7, true, true};
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &ob, U8, strlen(U8), &len), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(len, 8);
    CU_ASSERT_EQUAL(buf[0], 0x61);
    CU_ASSERT_EQUAL(buf[1], 0x20AC);
    CU_ASSERT_EQUAL(buf[2], 0);

    /* invalid UTF-8 out: an error, not garbage */
    h = fresh_hdr();
    CU_ASSERT_EQUAL(drv_strout_put_small(h, &o, "\xFF", 1, &len), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(h->diag.recs[0].sqlstate, "HY000");
    drv_diag_clear(h);
}

static void test_diag_records(void)
{
    drv_hdr *h = fresh_hdr();
    CU_ASSERT_EQUAL(drv_error(h, "01S02", "changed %d", 1), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(drv_error(h, "42P01", "x"), SQL_ERROR);
    CU_ASSERT_EQUAL(h->diag.count, 2);
    CU_ASSERT_STRING_EQUAL(h->diag.recs[0].message, "[CrateDB][ODBC Driver]changed 1");
    CU_ASSERT_EQUAL(drv_nomem(h), SQL_ERROR);
    CU_ASSERT_EQUAL(h->diag.count, 1);
    CU_ASSERT_STRING_EQUAL(h->diag.recs[0].sqlstate, "HY001");
    drv_error(h, "HY000", "dropped while out of memory");
    CU_ASSERT_EQUAL(h->diag.count, 1);
    drv_diag_clear(h);
    CU_ASSERT_EQUAL(h->diag.count, 0);
    CU_ASSERT_EQUAL(drv_error_pgw(h, NULL, PGW_ERR_CONNECT), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(h->diag.recs[0].sqlstate, "08001");
    drv_diag_clear(h);
}

void register_unicode_tests(void)
{
    CU_pSuite s = CU_add_suite("unicode", NULL, NULL);
    CU_add_test(s, "UTF-8/UTF-16 round trip with emoji", test_roundtrip_emoji);
    CU_add_test(s, "ASCII, NULL and explicit lengths", test_ascii_and_null);
    CU_add_test(s, "invalid input is refused", test_invalid);
    CU_add_test(s, "ANSI output truncates on a character boundary", test_strout_ansi_truncation);
    CU_add_test(s, "W output never splits a surrogate pair", test_strout_wide_truncation);
    CU_add_test(s, "diagnostic records and static HY001", test_diag_records);
}
