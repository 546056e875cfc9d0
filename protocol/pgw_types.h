/*
 * pgw_types.h: the wire types CrateDB and PostgreSQL send, as one table
 * (protocol/types.c), and the neutral value (pgw_datum) their decoders
 * produce from either the text (0) or the binary (1) format.
 *
 * Why a neutral value: the driver converts a datum to each C type once; a
 * value read in text and the same value read in binary decode to the same
 * datum, so the application sees the same result whichever format the
 * driver asked the server for.
 *
 * Nothing here knows ODBC: SQL types and column metadata live in
 * driver/types.c. Rendering choices the driver makes for non-scalar types
 * (arrays as JSON or as {} literals, geo_point as WKT or as "(x,y)") are
 * flags of the decode context, not ODBC knowledge.
 *
 * Memory: decoders never allocate per value except by growing the scratch
 * buffers of the context, which the caller owns and reuses for every value
 * (pgw_scratch_free at the end). A datum's text may point into the value's
 * bytes or into ctx->out: it stays valid until the next decode with the
 * same context.
 */
#ifndef PGW_TYPES_H
#define PGW_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer reused across values. */
typedef struct pgw_scratch {
    char *p;
    size_t len, cap;
} pgw_scratch;

/* Appends n bytes; false on out of memory. */
bool pgw_scratch_put(pgw_scratch *s, const char *b, size_t n);
void pgw_scratch_free(pgw_scratch *s);

typedef enum pgw_dkind {
    PGW_D_NULL = 0,
    PGW_D_BOOL,       /* u.b                                               */
    PGW_D_INT,        /* u.i                                               */
    PGW_D_FLOAT,      /* u.f; is_float4 when it came from a float4          */
    PGW_D_NUMERIC,    /* u.s: decimal text [-]d*[.d*][E[+-]d+], validated   */
    PGW_D_DATE,       /* u.dt, date fields only                             */
    PGW_D_TIME,       /* u.dt, time fields; has_zone for timetz             */
    PGW_D_TIMESTAMP,  /* u.dt; timestamptz is normalised to UTC             */
    PGW_D_INTERVAL,   /* u.iv                                               */
    PGW_D_UUID,       /* u.uuid, 16 bytes in network order                  */
    PGW_D_TEXT,       /* u.s: UTF-8 text (also JSON, rendered arrays ...)   */
    PGW_D_BYTES       /* u.s: raw bytes (bytea)                             */
} pgw_dkind;

typedef struct pgw_datetime {
    int32_t year;          /* astronomical: 1 BC is 0, 44 BC is -43         */
    uint8_t month, day;    /* 1-based                                       */
    uint8_t hour, minute, second;
    uint32_t nanos;        /* fraction of the second                        */
    int32_t zone;          /* seconds east of UTC (timetz), when has_zone    */
    bool has_zone;
} pgw_datetime;

typedef struct pgw_interval {
    int32_t months;        /* years * 12 + months                           */
    int32_t days;          /* weeks * 7 + days                              */
    int64_t micros;        /* the time part                                 */
} pgw_interval;

typedef struct pgw_datum {
    pgw_dkind kind;
    bool is_float4;        /* PGW_D_FLOAT: the value is a float4            */
    bool is_json;          /* PGW_D_TEXT: the text is JSON (object, array)  */
    union {
        bool b;
        int64_t i;
        double f;
        pgw_datetime dt;
        pgw_interval iv;
        uint8_t uuid[16];
        struct { const char *ptr; size_t len; } s;
    } u;
} pgw_datum;

/* How deep arrays and records may nest inside each other (a binary array
 * whose element OID is an array type, a record field that is a record ...):
 * deeper values fail to decode instead of growing the stack. */
#define PGW_DECODE_MAX_DEPTH 32

/* How a decoder renders what has no scalar form, and where it writes.
 * Arrays and records need aux, elem and fmt; what nests inside them gets
 * scratch buffers of its own from the decoder (freed before it returns). */
typedef struct pgw_decode_ctx {
    pgw_scratch *out;      /* rendered text (arrays, points, numerics ...)  */
    pgw_scratch *aux;      /* array elements: unescaped text                */
    pgw_scratch *elem;     /* array elements: their own rendering            */
    pgw_scratch *fmt;      /* array elements: their formatted text           */
    bool cratedb;          /* the server is CrateDB (its quirks apply)       */
    bool arrays_as_pg;     /* arrays as {} literals instead of JSON          */
    bool point_as_pg;      /* points as "(x,y)" instead of WKT "POINT(x y)"  */
    int depth;             /* nesting level: 0 for a column's value          */
    /* Set by pgw_value_decode when it returns false for a value that is
     * well formed but that the datum cannot hold: the SQLSTATE to report
     * ("22008" datetime field overflow, "22015" interval field overflow);
     * NULL when the bytes are simply not a value of the type. */
    const char *out_of_range;
} pgw_decode_ctx;

struct pgw_type;
/* Decodes value bytes p[0..n) into *out. Returns false when the bytes are
 * not a value of the type (or out of memory growing the scratch). */
typedef bool (*pgw_decode_fn)(const struct pgw_type *t, const char *p, size_t n,
                              pgw_decode_ctx *ctx, pgw_datum *out);
/* Encodes a datum in the binary format into out[0..16); returns the byte
 * count, 0 when the datum's kind does not fit the type. */
typedef size_t (*pgw_encode_fn)(const pgw_datum *d, uint8_t out[16]);

typedef struct pgw_type {
    uint32_t oid;
    const char *pg_name;       /* pg_type.typname                           */
    const char *crate_name;    /* CrateDB's name (information_schema)        */
    int16_t fixed_width;       /* bytes of the binary form, -1 variable      */
    uint32_t elem_oid;         /* arrays: the element type, else 0           */
    pgw_decode_fn decode_text;
    pgw_decode_fn decode_binary;
    pgw_encode_fn encode_binary;  /* NULL: parameters go as text            */
    bool binary_result;        /* ask for binary results: faster and exact  */
} pgw_type;

/* The row for an OID; never NULL: an OID missing from the table reads as
 * raw text (its pg_name is "unknown"). */
const pgw_type *pgw_type_lookup(uint32_t oid);

/*
 * An OID -> table position index in O(1), shared by the wire-type table here
 * and the driver's ODBC metadata table: slot[oid] is the row's position + 1,
 * 0 when the OID is not in the table. The table's rows must start with their
 * uint32_t OID; OIDs at or above PGW_OID_SLOTS and positions past 254 are not
 * indexed (every table keeps its own fallback row for those lookups).
 */
#define PGW_OID_SLOTS 4096
typedef struct pgw_oid_index {
    uint8_t slot[PGW_OID_SLOTS];
} pgw_oid_index;

/* Fills ix from n rows of `stride` bytes each, starting at rows. */
void pgw_oid_index_build(pgw_oid_index *ix, const void *rows, size_t n, size_t stride);

/* The row position of oid, or -1 when it is not indexed. */
static inline int pgw_oid_index_find(const pgw_oid_index *ix, uint32_t oid)
{
    return oid < PGW_OID_SLOTS ? (int)ix->slot[oid] - 1 : -1;
}
/* The whole table, sorted by OID (for tests and documentation). */
const pgw_type *pgw_type_table(size_t *n);

/* Decodes one value in the given format (0 text, 1 binary: the format code
 * of the column's RowDescription, which is what the bytes are in, whatever
 * the driver asked for); len -1 gives PGW_D_NULL. Any other format code is
 * false. Resets ctx->out and ctx->out_of_range. (Not to be confused with
 * codec.c's pgw_decode of messages.) */
bool pgw_value_decode(const pgw_type *t, int format, const char *p, int32_t len,
                pgw_decode_ctx *ctx, pgw_datum *out);

/*
 * The canonical text of a datum, appended to s: integers in decimal,
 * floats in their shortest round-trip form ("NaN", "Infinity", "-0"),
 * numerics in plain notation (exponents expanded), "yyyy-mm-dd",
 * "hh:mm:ss[.f][+hh:mm]", "yyyy-mm-dd hh:mm:ss[.f]" (trailing fraction
 * zeros dropped, " BC" for years before 1), intervals as
 * "[N years ][N mons ][N days ][-]hh:mm:ss[.f]", uuids lowercase 8-4-4-4-12,
 * booleans "1"/"0", text and bytes as they are. False on out of memory.
 */
bool pgw_datum_format(const pgw_datum *d, pgw_scratch *s);

/* Parses p[0..n) as a whole double in the "C" locale (Java and C spellings:
 * "1.5", "1.0E7", "NaN", "-Infinity"; no hex; leading white space is
 * skipped as strtod does, trailing is not); as a float4 (strtof's rounding)
 * when f4. Plain decimals whose digits fit the mantissa, with small
 * exponents, take an exact fast path; the rest goes to strtod_l. False when
 * the text is not entirely a number. */
bool pgw_parse_double(const char *p, size_t n, bool f4, double *out);

/* Days since 1970-01-01 of a proleptic Gregorian date (astronomical year),
 * and back. */
int64_t pgw_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The days of month m (1-12) of astronomical year y; 0 for another m. */
unsigned pgw_days_in_month(int64_t y, unsigned m);
void pgw_civil_from_days(int64_t days, int32_t *y, uint8_t *m, uint8_t *d);

#endif
