/*
 * fuzz_escapes.c: the ODBC escape translator (driver/escapes.c) on any
 * text, in both spellings (PostgreSQL and CrateDB). The first byte picks the
 * spelling, the rest is the SQL. Invariants: a success gives a terminated
 * text of the stated length with the input's `?` markers, a failure an
 * SQLSTATE and a message.
 */
#include "fuzz.h"
#include "escapes.h"
#include "sqlscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool crate = data[0] & 1;
    char *sql = fuzz_exact_copy(data + 1, size - 1);
    if (!sql)
        return 0;
    char *out = NULL;
    size_t outlen = 0;
    drv_esc_err err;
    memset(&err, 0, sizeof err);
    if (drv_esc_translate(sql, size - 1, crate, &out, &outlen, &err)) {
        if (out) {
            FUZZ_CHECK(out[outlen] == '\0');
            FUZZ_CHECK(drv_sql_count_markers(out, outlen) ==
                       drv_sql_count_markers(sql, size - 1));
            free(out);
        }
    } else {
        FUZZ_CHECK(out == NULL);
        FUZZ_CHECK(strlen(err.sqlstate) == 5 && err.msg[0] != '\0');
    }
    free(sql);
    return 0;
}
