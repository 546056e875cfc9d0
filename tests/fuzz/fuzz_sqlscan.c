/*
 * fuzz_sqlscan.c: the SQL scanner (driver/sqlscan.c, sqlsplit.c) on any text.
 * Invariants: the rewrite counts the markers count_markers counts; token ends
 * move forward and stay inside the text; statement spans are in order,
 * inside the text and do not overlap.
 */
#include "fuzz.h"
#include "sqlscan.h"

static void check_tokens(const char *sql, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t end = drv_sql_token_end(sql, len, i);
        FUZZ_CHECK(end > i && end <= len);
        i = end;
    }
}

static void check_split(const char *sql, size_t len)
{
    drv_sql_span *spans = NULL;
    int n = drv_sql_split(sql, len, &spans);
    FUZZ_CHECK(n >= -1);
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(spans[i].off >= at && spans[i].len <= len - spans[i].off);
        at = spans[i].off + spans[i].len;
    }
    free(spans);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = fuzz_exact_copy(data, size);
    if (!sql)
        return 0;
    int counted = drv_sql_count_markers(sql, size);
    int nmarkers = -1;
    size_t outlen = 0;
    char *out = drv_sql_rewrite(sql, size, &nmarkers, &outlen);
    if (out) {
        FUZZ_CHECK(nmarkers == counted);
        FUZZ_CHECK(out[outlen] == '\0');
        free(out);
    }
    check_tokens(sql, size);
    check_split(sql, size);
    free(sql);
    return 0;
}
