/*
 * fuzz_param.c: application parameter values (C type + bytes) converted to
 * what goes into Bind (driver/param_convert.c), for every C type, SQL type
 * and server-settled parameter type.
 *
 * Input: byte 0 the C type, byte 1 the SQL type, byte 2 the server's OID
 * for the parameter (index, 0: unknown), byte 3 flags (bit 0 CrateDB's
 * signed years, bit 1 check the column size), byte 4 column size / decimal
 * digits, byte 5 SQL_C_NUMERIC precision, byte 6 its scale; the rest is
 * the value: exactly as many bytes as given (character and binary types),
 * or the C struct (fixed types, zero-padded when the input is shorter).
 *
 * Invariants: success appends exactly the value's bytes to the arena (after
 * what was there, which stays), in text or binary format; a failure appends
 * nothing and returns one of the documented SQLSTATEs with a message.
 */
#include "fuzz.h"
#include "param_convert.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    SQLSMALLINT c_type;
    size_t size;                  /* 0: variable (the input's length)      */
} ctypes[] = {
    { SQL_C_CHAR, 0 }, { SQL_C_WCHAR, 0 }, { SQL_C_BINARY, 0 },
    { SQL_C_STINYINT, 1 }, { SQL_C_UTINYINT, 1 }, { SQL_C_TINYINT, 1 },
    { SQL_C_SSHORT, 2 }, { SQL_C_USHORT, 2 }, { SQL_C_SHORT, 2 },
    { SQL_C_SLONG, 4 }, { SQL_C_ULONG, 4 }, { SQL_C_LONG, 4 },
    { SQL_C_SBIGINT, 8 }, { SQL_C_UBIGINT, 8 }, { SQL_C_FLOAT, sizeof(SQLREAL) },
    { SQL_C_DOUBLE, sizeof(SQLDOUBLE) }, { SQL_C_BIT, 1 },
    { SQL_C_TYPE_DATE, sizeof(SQL_DATE_STRUCT) }, { SQL_C_DATE, sizeof(SQL_DATE_STRUCT) },
    { SQL_C_TYPE_TIME, sizeof(SQL_TIME_STRUCT) }, { SQL_C_TIME, sizeof(SQL_TIME_STRUCT) },
    { SQL_C_TYPE_TIMESTAMP, sizeof(SQL_TIMESTAMP_STRUCT) },
    { SQL_C_TIMESTAMP, sizeof(SQL_TIMESTAMP_STRUCT) },
    { SQL_C_NUMERIC, sizeof(SQL_NUMERIC_STRUCT) }, { SQL_C_GUID, sizeof(SQLGUID) },
    { SQL_C_INTERVAL_YEAR, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_MONTH, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_YEAR_TO_MONTH, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_DAY, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_HOUR, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_MINUTE, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_SECOND, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_DAY_TO_HOUR, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_DAY_TO_MINUTE, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_DAY_TO_SECOND, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_HOUR_TO_MINUTE, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_HOUR_TO_SECOND, sizeof(SQL_INTERVAL_STRUCT) },
    { SQL_C_INTERVAL_MINUTE_TO_SECOND, sizeof(SQL_INTERVAL_STRUCT) },
    { 9999, 8 },                  /* no C type: HY003 */
};

static const SQLSMALLINT sql_types[] = {
    SQL_CHAR, SQL_VARCHAR, SQL_LONGVARCHAR, SQL_WCHAR, SQL_WVARCHAR, SQL_WLONGVARCHAR,
    SQL_DECIMAL, SQL_NUMERIC, SQL_SMALLINT, SQL_INTEGER, SQL_REAL, SQL_FLOAT, SQL_DOUBLE,
    SQL_BIT, SQL_TINYINT, SQL_BIGINT, SQL_BINARY, SQL_VARBINARY, SQL_LONGVARBINARY,
    SQL_TYPE_DATE, SQL_TYPE_TIME, SQL_TYPE_TIMESTAMP, SQL_GUID, SQL_INTERVAL_YEAR,
    SQL_INTERVAL_MONTH, SQL_INTERVAL_DAY, SQL_INTERVAL_HOUR, SQL_INTERVAL_MINUTE,
    SQL_INTERVAL_SECOND, SQL_INTERVAL_YEAR_TO_MONTH, SQL_INTERVAL_DAY_TO_HOUR,
    SQL_INTERVAL_DAY_TO_MINUTE, SQL_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_HOUR_TO_MINUTE,
    SQL_INTERVAL_HOUR_TO_SECOND, SQL_INTERVAL_MINUTE_TO_SECOND, SQL_DATE, SQL_TIME,
    SQL_TIMESTAMP, 12345,
};

static const uint32_t server_oids[] = {
    0, 16, 17, 18, 20, 21, 23, 25, 114, 600, 700, 701, 1043, 1082, 1083, 1114, 1184, 1186,
    1266, 1700, 2950, 1007, 1009,
};

static const char *const states[] = {
    /* the list in param_convert.h */
    "07006", "22001", "22003", "22007", "22008", "22015", "22018", "HY003", "HY009", "HY090",
    "HY104", "HY000", "HY001",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 7)
        return 0;
    size_t ci = data[0] % NELEM(ctypes);
    size_t len = size - 7;
    size_t bytes = ctypes[ci].size ? ctypes[ci].size : len;
    char *value = malloc(bytes ? bytes : 1);
    if (!value)
        return 0;
    memset(value, 0, bytes);
    memcpy(value, data + 7, len < bytes ? len : bytes);

    drv_pc_in in = {
        .c_type = ctypes[ci].c_type,
        .sql_type = sql_types[data[1] % NELEM(sql_types)],
        .column_size = (data[3] & 2) ? data[4] : 0,
        .decimal_digits = (SQLSMALLINT)(data[4] % 40),
        .ptr = value,
        .len = (SQLLEN)bytes,
        .num_precision = (SQLSMALLINT)(data[5] % 64),
        .num_scale = (SQLSMALLINT)(int8_t)data[6],
        .server_oid = server_oids[data[2] % NELEM(server_oids)],
        .iso_years = data[3] & 1,
    };
    drv_arena a = { NULL, 0, 0 };
    drv_arena_put(&a, "xy", 2);
    drv_pc_out out;
    char msg[256];
    msg[0] = '\0';
    const char *st = drv_param_convert(&in, &a, &out, msg, sizeof msg);
    if (st == NULL) {
        FUZZ_CHECK(out.format == 0 || out.format == 1);
        FUZZ_CHECK(out.len >= 0 && out.off >= 2 && out.off + (size_t)out.len <= a.len);
        FUZZ_CHECK(memcmp(a.buf, "xy", 2) == 0);
    } else {
        bool known = false;
        for (size_t i = 0; i < NELEM(states) && !known; i++)
            known = strcmp(st, states[i]) == 0;
        if (!known)
            fprintf(stderr, "undocumented SQLSTATE %s: %s\n", st, msg);
        FUZZ_CHECK(known && msg[0] != '\0');
        FUZZ_CHECK(a.len == 2);
    }
    free(a.buf);
    free(value);
    return 0;
}
