/*
 * types.c: the one table that maps a wire type OID (RowDescription,
 * ParameterDescription) to what ODBC reports about it: SQL type, default C
 * type, column size, digits, display size, octet length and the catalog-ish
 * attributes SQLColAttribute needs. Data only; describe.c, convert.c and
 * params.c read it through drv_type_lookup(). The local type name is
 * CrateDB's (`text`, `object`, `geo_point`, `array(text)` ...); the wire
 * side of each type (decoders) is protocol/types.c.
 *
 * Choices worth knowing (FACTS §4.1, §4.7; README "Types"):
 *  - text/varchar: CrateDB never sends a length (typmod -1), so unbounded
 *    text reports the TextSize keyword (default DRV_DEFAULT_TEXT_SIZE), or
 *    SQL_LONGVARCHAR with LongText=1 (describe.c applies both).
 *  - object, geo_shape, nested arrays (json), arrays and float_vector:
 *    JSON text, unbounded varchar. geo_point: WKT text "POINT(lon lat)"
 *    (at most 6 + 2 * 24 + 2 characters: 56).
 *  - numeric: precision and scale are not on the wire; we report
 *    PostgreSQL's maximum declared precision, 1000, and scale 0 ("unknown").
 *  - timestamp(tz): 26 characters, 6 fractional digits; on CrateDB 23 and
 *    3, its milliseconds (crate_types, below).
 *  - real and double: precision in bits (24, 53) with radix 2, as
 *    information_schema has it and as SQL_DESC_NUM_PREC_RADIX defines it
 *    for approximate types.
 *  - OID 18: PostgreSQL's "char", CrateDB's `byte` (crate_types, below).
 *  - bit(n): SQL_BIT (default C type SQL_C_BIT) for n = 1, a row of its
 *    own that drv_type_lookup_col picks by the typmod; otherwise
 *    SQL_VARCHAR of n '0'/'1' characters (describe.c reads n from the
 *    typmod).
 *  - interval and timetz: SQL_VARCHAR in their canonical text; the interval
 *    C types still convert intervals (convert.c).
 * The table is sorted by OID (a unit test checks the order); lookups go
 * through a direct index by OID.
 */
#include <stddef.h>

#include "drv.h"

/* unbounded text: column size, display size and octet length from TextSize */
#define TXT(oid, name) \
    { oid, name, SQL_VARCHAR, SQL_C_CHAR, 0, 0, 0, 0, 0, false, true, \
      SQL_SEARCHABLE, "'", "'" }
/* bounded text of `size` characters */
#define STR(oid, name, size) \
    { oid, name, SQL_VARCHAR, SQL_C_CHAR, size, 0, size, (size) * 4, 0, false, true, \
      SQL_SEARCHABLE, "'", "'" }
#define NUM(oid, name, sqlt, ct, size, disp, oct, radix) \
    { oid, name, sqlt, ct, size, 0, disp, oct, radix, false, false, SQL_PRED_BASIC, NULL, NULL }
#define DT(oid, name, sqlt, ct, size, digits, oct) \
    { oid, name, sqlt, ct, size, digits, size, oct, 0, false, false, SQL_PRED_BASIC, "'", "'" }

static const drv_type_info type_table[] = {
    { 16, "boolean", SQL_BIT, SQL_C_BIT, 1, 0, 1, 1, 0, false, false, SQL_PRED_BASIC, NULL,
      NULL },
    { 17, "bytea", SQL_VARBINARY, SQL_C_BINARY, 65535, 0, 131070, 65535, 0, false, false,
      SQL_PRED_BASIC, "'\\x", "'" },
    { 18, "char", SQL_CHAR, SQL_C_CHAR, 1, 0, 1, 4, 0, false, true, SQL_SEARCHABLE, "'", "'" },
    STR(19, "name", 63),
    NUM(20, "bigint", SQL_BIGINT, SQL_C_SBIGINT, 19, 20, 8, 10),
    NUM(21, "smallint", SQL_SMALLINT, SQL_C_SSHORT, 5, 6, 2, 10),
    NUM(23, "integer", SQL_INTEGER, SQL_C_SLONG, 10, 11, 4, 10),
    TXT(24, "regproc"),
    TXT(25, "text"),
    { 26, "oid", SQL_INTEGER, SQL_C_ULONG, 10, 0, 10, 4, 10, true, false, SQL_PRED_BASIC,
      NULL, NULL },
    TXT(30, "oidvector"),
    TXT(114, "object"),
    TXT(199, "array(object)"),
    STR(600, "geo_point", 56),
    NUM(700, "real", SQL_REAL, SQL_C_FLOAT, 24, 14, 4, 2),
    NUM(701, "double precision", SQL_DOUBLE, SQL_C_DOUBLE, 53, 24, 8, 2),
    TXT(705, "undefined"),
    TXT(1000, "array(boolean)"),
    TXT(1002, "array(char)"),
    TXT(1005, "array(smallint)"),
    TXT(1007, "array(integer)"),
    TXT(1008, "array(regproc)"),
    TXT(1009, "array(text)"),
    TXT(1014, "array(character)"),
    TXT(1015, "array(text)"),
    TXT(1016, "array(bigint)"),
    TXT(1017, "array(geo_point)"),
    TXT(1021, "float_vector"),
    TXT(1022, "array(double precision)"),
    { 1042, "character", SQL_CHAR, SQL_C_CHAR, 0, 0, 0, 0, 0, false, true,
      SQL_SEARCHABLE, "'", "'" },
    TXT(1043, "text"),
    DT(1082, "date", SQL_TYPE_DATE, SQL_C_TYPE_DATE, 10, 0, 6),
    DT(1083, "time", SQL_TYPE_TIME, SQL_C_TYPE_TIME, 15, 6, 6),
    DT(1114, "timestamp without time zone", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 26, 6,
       16),
    TXT(1115, "array(timestamp without time zone)"),
    TXT(1182, "array(date)"),
    DT(1184, "timestamp with time zone", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 26, 6, 16),
    TXT(1185, "array(timestamp with time zone)"),
    /* the longest: "-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808" */
    STR(1186, "interval", 66),
    TXT(1187, "array(interval)"),
    TXT(1231, "array(numeric)"),
    STR(1266, "time with time zone", 24),
    TXT(1270, "array(time with time zone)"),
    STR(1560, "bit", 1),
    TXT(1561, "array(bit)"),
    TXT(1562, "bit varying"),
    { 1700, "numeric", SQL_NUMERIC, SQL_C_CHAR, 1000, 0, 1002, 1002, 10, false, false,
      SQL_PRED_BASIC, NULL, NULL },
    TXT(2205, "regclass"),
    TXT(2206, "regtype"),
    TXT(2210, "array(regclass)"),
    TXT(2211, "array(regtype)"),
    TXT(2249, "record"),
    TXT(2287, "array(record)"),
    { 2950, "uuid", SQL_GUID, SQL_C_GUID, 36, 0, 36, 16, 0, false, false, SQL_PRED_BASIC,
      "'", "'" },
    TXT(2951, "array(uuid)"),
    TXT(3802, "jsonb"),
};

/* bit(1), which CrateDB and PostgreSQL both announce as 1560 with typmod 1
 * (FACTS §4.7): a single bit, SQL_BIT with SQL_C_BIT as its default C type
 * like boolean; its values are the text "0"/"1". */
static const drv_type_info type_bit1 =
    { 1560, "bit", SQL_BIT, SQL_C_BIT, 1, 0, 1, 1, 0, false, false, SQL_PRED_BASIC, "'", "'" };

/*
 * OIDs CrateDB sends with a meaning of its own (FACTS §4.1, checked on
 * 6.4.3): up to 6.4 its `byte` travels as "char" (18), a signed 8-bit
 * integer in decimal text or one binary byte, where PostgreSQL's "char" is
 * one character. SQLGetTypeInfo and SQLColumns call it SQL_TINYINT too.
 */
static const drv_type_info crate_types[] = {
    NUM(18, "byte", SQL_TINYINT, SQL_C_STINYINT, 3, 4, 1, 10),
    TXT(1002, "array(byte)"),
    /* CrateDB keeps milliseconds (FACTS §4.7: datetime_precision 3) */
    DT(1114, "timestamp without time zone", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 23, 3,
       16),
    DT(1184, "timestamp with time zone", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 23, 3, 16),
};

/* What an OID missing from the table reads as: text. */
static const drv_type_info type_fallback = TXT(0, "unknown");

/* OID -> row through protocol/'s index (pgw_types.h), built once, on the
 * first lookup; every OID of the table is indexed (the unit test looks each
 * one up). */
static pgw_oid_index oid_index;
static pthread_once_t oid_index_once = PTHREAD_ONCE_INIT;

static void oid_index_build(void)
{
    _Static_assert(offsetof(drv_type_info, oid) == 0,
                   "the index reads the OID at a row's start");
    _Static_assert(sizeof type_table / sizeof type_table[0] < UINT8_MAX,
                   "the index holds positions in a uint8_t");
    pgw_oid_index_build(&oid_index, type_table, sizeof type_table / sizeof type_table[0],
                        sizeof type_table[0]);
}

const drv_type_info *drv_type_lookup(uint32_t oid)
{
    pthread_once(&oid_index_once, oid_index_build);
    int k = pgw_oid_index_find(&oid_index, oid);
    return k >= 0 ? &type_table[k] : &type_fallback;
}

const drv_type_info *drv_type_lookup_col(uint32_t oid, int32_t typmod, bool cratedb)
{
    if (oid == 1560 && typmod == 1)
        return &type_bit1;
    for (size_t i = 0; cratedb && i < sizeof crate_types / sizeof crate_types[0]; i++)
        if (crate_types[i].oid == oid)
            return &crate_types[i];
    return drv_type_lookup(oid);
}

/* For the unit test: the table and its size. */
const drv_type_info *drv_type_table(size_t *n)
{
    *n = sizeof type_table / sizeof type_table[0];
    return type_table;
}

drv_type_decl drv_type_decl_of_typmod(uint32_t oid, int32_t typmod)
{
    drv_type_decl d = DRV_TYPE_DECL_NONE;
    switch (oid) {
    case 1560:                     /* bit(n): typmod n */
        if (typmod > 0)
            d.length = typmod;
        break;
    case 1042: case 1043:          /* char(n)/varchar(n): typmod n + 4 */
        if (typmod > 4)
            d.length = typmod - 4;
        break;
    case 1700:                     /* numeric(p,s): ((p << 16) | s) + 4 */
        if (typmod > 4) {
            d.precision = ((typmod - 4) >> 16) & 0xFFFF;
            d.scale = (typmod - 4) & 0xFFFF;
        }
        break;
    case 1083: case 1114: case 1184:   /* time(p)/timestamp(p): typmod p */
        if (typmod >= 0 && typmod <= 6)
            d.frac = typmod;
        break;
    default:
        break;
    }
    return d;
}

static bool is_char_type(SQLSMALLINT t)
{
    return t == SQL_CHAR || t == SQL_VARCHAR;
}

/* The one rule (drv.h): every function that reports a size asks here, so a
 * column reads the same in SQLColumns and in a result set. */
void drv_type_meta_of(const drv_dbc *dbc, uint32_t oid, const drv_type_decl *decl,
                      drv_type_meta *m)
{
    bool cratedb = dbc->conn && pgw_is_cratedb(dbc->conn);
    const drv_type_info *t =
        drv_type_lookup_col(oid, oid == 1560 && decl->length == 1 ? 1 : -1, cratedb);
    m->t = t;
    m->sql_type = t->sql_type;
    m->size = t->column_size;
    m->digits = t->decimal_digits;
    m->display = t->display_size;
    m->octet = t->octet_length;
    if (is_char_type(t->sql_type)) {
        if (decl->length > 0) {
            m->size = (SQLULEN)decl->length;
        } else if (m->size == 0) {   /* unbounded text */
            m->size = dbc->text_size;
            if (dbc->long_text && t->sql_type == SQL_VARCHAR)
                m->sql_type = SQL_LONGVARCHAR;
        }
        if (m->size > DRV_MAX_COLUMN_SIZE)
            m->size = DRV_MAX_COLUMN_SIZE;
        m->display = (SQLLEN)m->size;
        m->octet = (SQLLEN)m->size * 4;   /* UTF-8: at most 4 bytes a character */
    } else if (t->sql_type == SQL_NUMERIC && decl->precision > 0) {
        m->size = (SQLULEN)(decl->precision < 1000 ? decl->precision : 1000);
        m->digits = (SQLSMALLINT)(decl->scale >= 0 && decl->scale <= 1000 ? decl->scale : -1);
        m->display = (SQLLEN)m->size + 2;   /* sign and point */
        m->octet = m->display;              /* SQL_C_CHAR, its default C type */
    } else if ((t->sql_type == SQL_TYPE_TIMESTAMP || t->sql_type == SQL_TYPE_TIME) &&
               !cratedb && decl->frac >= 0 && decl->frac <= 6) {
        SQLULEN base = t->sql_type == SQL_TYPE_TIME ? 8 : 19;   /* hh:mm:ss, date first */
        m->digits = (SQLSMALLINT)decl->frac;
        m->size = base + (decl->frac > 0 ? 1 + (SQLULEN)decl->frac : 0);
        m->display = (SQLLEN)m->size;
    }
    if (m->display == 0)
        m->display = (SQLLEN)m->size;
}

/* Every SQL type code the spec defines, with the ODBC 2 date/time codes. */
static const SQLSMALLINT known_sql_types[] = {
    SQL_CHAR, SQL_VARCHAR, SQL_LONGVARCHAR, SQL_WCHAR, SQL_WVARCHAR, SQL_WLONGVARCHAR,
    SQL_DECIMAL, SQL_NUMERIC, SQL_SMALLINT, SQL_INTEGER, SQL_REAL, SQL_FLOAT, SQL_DOUBLE,
    SQL_BIT, SQL_TINYINT, SQL_BIGINT, SQL_BINARY, SQL_VARBINARY, SQL_LONGVARBINARY,
    SQL_TYPE_DATE, SQL_TYPE_TIME, SQL_TYPE_TIMESTAMP, SQL_DATE, SQL_TIME, SQL_TIMESTAMP,
    SQL_GUID, SQL_INTERVAL_YEAR,
    SQL_INTERVAL_MONTH, SQL_INTERVAL_DAY, SQL_INTERVAL_HOUR, SQL_INTERVAL_MINUTE,
    SQL_INTERVAL_SECOND, SQL_INTERVAL_YEAR_TO_MONTH, SQL_INTERVAL_DAY_TO_HOUR,
    SQL_INTERVAL_DAY_TO_MINUTE, SQL_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_HOUR_TO_MINUTE,
    SQL_INTERVAL_HOUR_TO_SECOND, SQL_INTERVAL_MINUTE_TO_SECOND,
};

bool drv_sql_type_known(SQLSMALLINT type)
{
    for (size_t i = 0; i < sizeof known_sql_types / sizeof known_sql_types[0]; i++)
        if (known_sql_types[i] == type)
            return true;
    return false;
}
