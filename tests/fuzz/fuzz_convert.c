/*
 * fuzz_convert.c: a server value, decoded (protocol/types.c), converted to a
 * C type (driver/convert.c) as SQLGetData and bound columns do: in one call
 * or in pieces, into buffers of every size.
 *
 * Input: byte 0 the wire type (an index into the OIDs below, or 255: the
 * next four bytes are the OID), byte 1 flags (bit 0 binary format, bit 1
 * CrateDB, bit 2 arrays as {}, bit 3 points as (x,y), bit 4 SQL NULL, bit 5
 * no indicator), byte 2 the C type, byte 3 the buffer length (0-254; 255:
 * 4096), byte 4 how many SQLGetData pieces at most; the rest is the value.
 *
 * Invariants: nothing is written outside the buffer (it is exactly the
 * length passed, so ASan sees a byte too many); character results are
 * terminated inside it; an indicator is a length, SQL_NULL_DATA or
 * SQL_NO_TOTAL; an error leaves a diagnostic; a fast path (drv_fast_resolve)
 * writes exactly what the general path writes, or nothing at all.
 */
#include "fuzz.h"
#include "stmt_int.h"

static const uint32_t oids[] = {
    16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 30, 114, 199, 600, 700, 701, 705, 1000, 1001,
    1005, 1007, 1009, 1015, 1016, 1017, 1021, 1022, 1042, 1043, 1082, 1083, 1114, 1115, 1182,
    1183, 1184, 1185, 1186, 1187, 1231, 1266, 1270, 1560, 1561, 1562, 1563, 1700, 2205, 2206,
    2249, 2277, 2287, 2950, 2951, 3802, 3807,
};

static const SQLSMALLINT ctypes[] = {
    SQL_C_CHAR, SQL_C_WCHAR, SQL_C_BINARY, SQL_C_STINYINT, SQL_C_TINYINT, SQL_C_UTINYINT,
    SQL_C_SSHORT, SQL_C_SHORT, SQL_C_USHORT, SQL_C_SLONG, SQL_C_LONG, SQL_C_ULONG,
    SQL_C_SBIGINT, SQL_C_UBIGINT, SQL_C_FLOAT, SQL_C_DOUBLE, SQL_C_BIT, SQL_C_TYPE_DATE,
    SQL_C_DATE, SQL_C_TYPE_TIME, SQL_C_TIME, SQL_C_TYPE_TIMESTAMP, SQL_C_TIMESTAMP,
    SQL_C_NUMERIC, SQL_C_GUID, SQL_C_INTERVAL_YEAR, SQL_C_INTERVAL_MONTH,
    SQL_C_INTERVAL_YEAR_TO_MONTH, SQL_C_INTERVAL_DAY, SQL_C_INTERVAL_HOUR,
    SQL_C_INTERVAL_MINUTE, SQL_C_INTERVAL_SECOND, SQL_C_INTERVAL_DAY_TO_HOUR,
    SQL_C_INTERVAL_DAY_TO_MINUTE, SQL_C_INTERVAL_DAY_TO_SECOND, SQL_C_INTERVAL_HOUR_TO_MINUTE,
    SQL_C_INTERVAL_HOUR_TO_SECOND, SQL_C_INTERVAL_MINUTE_TO_SECOND, SQL_C_DEFAULT,
    SQL_ARD_TYPE, 9999 /* no C type: HY003 */,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static pgw_scratch scratch[5];

static void check_result(SQLRETURN rc, const drv_hdr *h, SQLSMALLINT c_type, const char *buf,
                         SQLLEN buflen, const SQLLEN *ind)
{
    FUZZ_CHECK(rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO || rc == SQL_ERROR ||
               rc == SQL_NO_DATA);
    if (rc == SQL_ERROR || rc == SQL_SUCCESS_WITH_INFO)
        FUZZ_CHECK(h->diag.count > 0);
    if (rc != SQL_SUCCESS && rc != SQL_SUCCESS_WITH_INFO)
        return;
    if (ind && *ind != SQL_NULL_DATA) {
        FUZZ_CHECK(*ind >= 0 || *ind == SQL_NO_TOTAL);
        if (c_type == SQL_C_CHAR && buflen > 0 && *ind >= 0)
            FUZZ_CHECK(memchr(buf, '\0', (size_t)buflen) != NULL);
        if (c_type == SQL_C_WCHAR && buflen >= 2 && *ind >= 0) {
            bool terminated = false;
            for (SQLLEN i = 0; i + 1 < buflen && !terminated; i += 2)
                terminated = buf[i] == 0 && buf[i + 1] == 0;
            FUZZ_CHECK(terminated);
        }
    }
}

/* The fast path of a text value must agree with decode + convert. */
static void check_fast(uint32_t oid, SQLSMALLINT c_type, const char *p, int32_t n,
                       const pgw_decode_ctx *proto, SQLLEN buflen, bool with_ind)
{
    drv_conv cv;
    drv_conv_resolve(drv_type_lookup(oid), c_type, &cv);
    drv_fast_fn fn = drv_fast_resolve(&cv, oid, 0);
    if (!fn || buflen > 64)
        return;
    unsigned char fbuf[64], gbuf[64];
    memset(fbuf, 0xAA, sizeof fbuf);
    memset(gbuf, 0xAA, sizeof gbuf);
    SQLLEN find = -12345, gind = -12345;
    if (!fn(&cv, p, n, fbuf, buflen, with_ind ? &find : NULL)) {
        for (size_t i = 0; i < sizeof fbuf; i++)
            FUZZ_CHECK(fbuf[i] == 0xAA);
        FUZZ_CHECK(find == -12345);
        return;
    }
    pgw_decode_ctx ctx = *proto;
    pgw_datum d;
    FUZZ_CHECK(pgw_value_decode(pgw_type_lookup(oid), 0, p, n, &ctx, &d));
    drv_hdr h;
    memset(&h, 0, sizeof h);
    SQLRETURN rc = drv_convert_resolved(&h, &cv, drv_type_lookup(oid), &d, gbuf, buflen,
                                        with_ind ? &gind : NULL, 0, NULL, &scratch[4]);
    FUZZ_CHECK(rc == SQL_SUCCESS && h.diag.count == 0);
    FUZZ_CHECK(memcmp(fbuf, gbuf, sizeof fbuf) == 0 && find == gind);
    drv_diag_clear(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    uint32_t oid;
    size_t at = 5;
    if (data[0] == 255) {
        if (size < 9)
            return 0;
        oid = (uint32_t)data[5] << 24 | (uint32_t)data[6] << 16 | (uint32_t)data[7] << 8 | data[8];
        at = 9;
    } else {
        oid = oids[data[0] % NELEM(oids)];
    }
    uint8_t flags = data[1];
    SQLSMALLINT c_type = ctypes[data[2] % NELEM(ctypes)];
    SQLLEN buflen = data[3] == 255 ? 4096 : data[3];
    int pieces = 1 + data[4] % 16;
    int format = flags & 1;
    bool with_ind = !(flags & 32);
    int32_t n = (flags & 16) ? -1 : (int32_t)(size - at);
    char *value = fuzz_exact_copy(data + at, size - at);
    /* Fixed-size C types ignore the length (the spec: the buffer holds the
     * struct), so only variable ones get a buffer of exactly buflen. */
    drv_conv cv;
    drv_conv_resolve(drv_type_lookup(oid), c_type, &cv);
    bool variable = cv.c_type == SQL_C_CHAR || cv.c_type == SQL_C_WCHAR ||
                    cv.c_type == SQL_C_BINARY;
    size_t bytes = variable ? (size_t)buflen : (size_t)buflen + 64;
    char *buf = malloc(bytes ? bytes : 1);
    if (!value || !buf)
        goto out;

    pgw_decode_ctx proto = { &scratch[0], &scratch[1], &scratch[2], &scratch[3],
                             (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, 0, NULL };
    if (format == 0)
        check_fast(oid, c_type, value, n, &proto, buflen, with_ind);

    pgw_decode_ctx ctx = proto;
    pgw_datum d;
    if (!pgw_value_decode(pgw_type_lookup(oid), format, n < 0 ? NULL : value, n, &ctx, &d))
        goto out;
    drv_hdr h;
    memset(&h, 0, sizeof h);
    size_t offset = 0;
    for (int i = 0; i < pieces; i++) {
        SQLLEN ind = -12345;
        size_t consumed = offset;
        drv_diag_clear(&h);
        SQLRETURN rc = drv_convert_value(&h, drv_type_lookup(oid), &d, c_type, buf, buflen,
                                         with_ind ? &ind : NULL, offset, &consumed,
                                         &scratch[4]);
        check_result(rc, &h, c_type, buf, buflen, with_ind ? &ind : NULL);
        if (rc == SQL_NO_DATA || rc == SQL_ERROR)
            break;
        FUZZ_CHECK(consumed >= offset);
        if (consumed == offset)
            break;                        /* whole value delivered (or fixed size) */
        offset = consumed;
    }
    drv_diag_clear(&h);
out:
    free(buf);
    free(value);
    return 0;
}
