/*
 * describe.c: what the application learns about result columns:
 * SQLNumResultCols, SQLDescribeCol and SQLColAttribute (ODBC 3 SQL_DESC_*
 * fields and the ODBC 2 SQL_COLUMN_* codes).
 *
 * The facts come from the RowDescription (name, type OID, typmod) through
 * the rule every metadata function uses (types.c drv_type_meta_of). Where
 * PostgreSQL sends a typmod (varchar(n), numeric(p,s), timestamp(p)) it
 * refines size and digits; CrateDB sends -1 (FACTS §4.7) and the table's
 * defaults stand, except bit(n), whose n both send (n = 1 is SQL_BIT with
 * default C type SQL_C_BIT: drv_type_lookup_col). Unbounded text takes the
 * TextSize keyword's size, and is SQL_LONGVARCHAR with LongText=1. Table, schema and catalog
 * names are not known from the wire: "" (a catalog lookup is a later issue).
 *
 * Nullability is SQL_NULLABLE_UNKNOWN, on purpose. The RowDescription does
 * say where a column comes from: CrateDB 6.4.3 sends the table's OID (129
 * for a user table) and the column's position for a SELECT of plain columns
 * of one table, 0 otherwise (FACTS §3.3, seen on the real server), and
 * `SELECT attnum, attnotnull FROM pg_catalog.pg_attribute WHERE attrelid =
 * <oid>` answers on both servers, so one query per table and connection,
 * cached, would do without a round trip per statement. It is not done
 * because (1) the driver's own SQL reads information_schema only
 * (driver_sql.h), which names tables by schema and name, not OID, and
 * widening that rule to pg_catalog is the project's call, not this file's;
 * (2) the question comes in SQLDescribeCol/SQLColAttribute, usually after
 * SQLExecute, while the statement's own portal is suspended mid-result:
 * the lookup would have to drain that cursor into memory (or pipeline
 * behind its read-ahead Execute, which CrateDB would take for a new
 * execution, README "Cursors"), and a statement that answers NO_NULLS only
 * when the connection happened to be idle would not be one rule. SQLColumns
 * gives NULLABLE from information_schema.
 */
#include <string.h>

#include "stmt_int.h"

SQLRETURN drv_stmt_need_desc(drv_stmt *stmt)
{
    /* a catalog function's result has a description but no SQL text */
    if (stmt->state == DRV_S_ALLOCATED || (!stmt->sql && !stmt->have_desc))
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: no statement");
    if (stmt->state == DRV_S_PREPARED && !stmt->have_desc)
        return drv_stmt_describe_prepared(stmt);
    return SQL_SUCCESS;
}

SQLRETURN drv_num_result_cols(drv_stmt *stmt, SQLSMALLINT *count)
{
    SQLRETURN rc = drv_stmt_need_desc(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (count)
        *count = (SQLSMALLINT)drv_visible_cols(stmt);
    return SQL_SUCCESS;
}

/* Everything ODBC reports about one column: its wire description and
 * what the one rule (types.c drv_type_meta_of) makes of it. */
typedef struct colmeta {
    const pgw_column *col;
    const drv_type_info *t;
    SQLSMALLINT sql_type;        /* concise, ODBC 2 codes for ODBC 2 apps */
    SQLULEN size;
    SQLSMALLINT digits;
    SQLLEN display, octet;
} colmeta;

/* ODBC 2 applications know the datetime types by their old codes. */
static SQLSMALLINT app_sql_type(const drv_stmt *stmt, SQLSMALLINT t)
{
    if (stmt->dbc->env && stmt->dbc->env->odbc_version == SQL_OV_ODBC2) {
        static const SQLSMALLINT map[][2] = {
            { SQL_TYPE_DATE, SQL_DATE }, { SQL_TYPE_TIME, SQL_TIME },
            { SQL_TYPE_TIMESTAMP, SQL_TIMESTAMP },
        };
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (map[i][0] == t)
                return map[i][1];
    }
    return t;
}

SQLSMALLINT drv_type_presented(const drv_stmt *stmt, uint32_t oid, drv_type_meta *m)
{
    drv_type_decl none = DRV_TYPE_DECL_NONE;
    drv_type_meta_of(stmt->dbc, oid, &none, m);
    return app_sql_type(stmt, m->sql_type);
}

static SQLRETURN get_meta(drv_stmt *stmt, SQLUSMALLINT col, colmeta *m)
{
    SQLRETURN rc = drv_stmt_need_desc(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (!stmt->res.cols || stmt->res.ncols == 0)
        return drv_error(&stmt->hdr, "07005", "Prepared statement not a cursor-specification: "
                         "the statement has no result columns");
    if (col == 0 || col > drv_visible_cols(stmt))
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index %u", (unsigned)col);
    m->col = &stmt->res.cols[col - 1];
    drv_type_decl decl = drv_type_decl_of_typmod(m->col->type_oid, m->col->typmod);
    drv_type_meta tm;
    drv_type_meta_of(stmt->dbc, m->col->type_oid, &decl, &tm);
    m->t = tm.t;
    m->sql_type = app_sql_type(stmt, tm.sql_type);
    m->size = tm.size;
    m->digits = tm.digits >= 0 ? tm.digits : 0;   /* an unknown scale reads as 0 */
    m->display = tm.display;
    m->octet = tm.octet;
    return SQL_SUCCESS;
}

SQLRETURN drv_describe_col(drv_stmt *stmt, SQLUSMALLINT col, const drv_strout *name,
                           SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size,
                           SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    colmeta m;
    SQLRETURN rc = get_meta(stmt, col, &m);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (type)
        *type = m.sql_type;
    if (size)
        *size = m.size;
    if (digits)
        *digits = m.digits;
    if (nullable)
        *nullable = SQL_NULLABLE_UNKNOWN;
    const char *nm = m.col->name ? m.col->name : "";
    return drv_strout_put_small(&stmt->hdr, name, nm, strlen(nm), namelen);
}

static bool is_datetime(SQLSMALLINT t)
{
    return t == SQL_TYPE_DATE || t == SQL_TYPE_TIME || t == SQL_TYPE_TIMESTAMP ||
           t == SQL_DATE || t == SQL_TIME || t == SQL_TIMESTAMP;
}

static bool is_exact_or_approx_numeric(SQLSMALLINT t)
{
    return t == SQL_NUMERIC || t == SQL_DECIMAL || t == SQL_INTEGER || t == SQL_SMALLINT ||
           t == SQL_BIGINT || t == SQL_TINYINT || t == SQL_REAL || t == SQL_FLOAT ||
           t == SQL_DOUBLE;
}

SQLRETURN drv_col_attribute(drv_stmt *stmt, SQLUSMALLINT col, SQLUSMALLINT field,
                            const drv_strout *sout, SQLSMALLINT *outlen, SQLLEN *num)
{
    colmeta m;
    SQLLEN n = 0;
    const char *s = NULL;
    SQLRETURN rc;

    if (field == SQL_DESC_COUNT || field == SQL_COLUMN_COUNT) {
        SQLSMALLINT cnt = 0;
        rc = drv_num_result_cols(stmt, &cnt);
        if (SQL_SUCCEEDED(rc) && num)
            *num = cnt;
        return rc;
    }
    rc = get_meta(stmt, col, &m);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    const drv_type_info *t = m.t;
    SQLSMALLINT concise = m.sql_type;

    switch (field) {
    case SQL_DESC_NAME: case SQL_COLUMN_NAME: case SQL_DESC_LABEL:
    case SQL_DESC_BASE_COLUMN_NAME:
        s = m.col->name ? m.col->name : "";
        break;
    case SQL_DESC_TYPE_NAME:
    case SQL_DESC_LOCAL_TYPE_NAME:
        s = t->name;
        break;
    case SQL_DESC_TABLE_NAME: case SQL_DESC_BASE_TABLE_NAME: case SQL_DESC_SCHEMA_NAME:
    case SQL_DESC_CATALOG_NAME:
        s = "";
        break;
    case SQL_DESC_LITERAL_PREFIX:
        s = t->literal_prefix ? t->literal_prefix : "";
        break;
    case SQL_DESC_LITERAL_SUFFIX:
        s = t->literal_suffix ? t->literal_suffix : "";
        break;
    case SQL_DESC_CONCISE_TYPE:   /* == SQL_COLUMN_TYPE */
        n = m.sql_type;
        break;
    case SQL_DESC_TYPE:
        n = is_datetime(concise) ? SQL_DATETIME : concise;
        break;
    case SQL_DESC_LENGTH:
        n = (SQLLEN)m.size;
        break;
    case SQL_DESC_OCTET_LENGTH: case SQL_COLUMN_LENGTH:
        n = m.octet;
        break;
    case SQL_DESC_PRECISION:
        n = is_datetime(concise) ? m.digits : (SQLLEN)m.size;
        break;
    case SQL_COLUMN_PRECISION:
        n = (SQLLEN)m.size;
        break;
    case SQL_DESC_SCALE: case SQL_COLUMN_SCALE:
        n = m.digits;
        break;
    case SQL_DESC_DISPLAY_SIZE:
        n = m.display;
        break;
    case SQL_DESC_NULLABLE: case SQL_COLUMN_NULLABLE:
        n = SQL_NULLABLE_UNKNOWN;
        break;
    case SQL_DESC_UNSIGNED:
        n = (t->is_unsigned || !is_exact_or_approx_numeric(concise)) ? SQL_TRUE : SQL_FALSE;
        break;
    case SQL_DESC_SEARCHABLE:
        n = t->searchable;
        break;
    case SQL_DESC_CASE_SENSITIVE:
        n = t->case_sensitive ? SQL_TRUE : SQL_FALSE;
        break;
    case SQL_DESC_AUTO_UNIQUE_VALUE:
    case SQL_DESC_FIXED_PREC_SCALE:
        n = SQL_FALSE;
        break;
    case SQL_DESC_UPDATABLE:
        n = SQL_ATTR_READWRITE_UNKNOWN;
        break;
    case SQL_DESC_NUM_PREC_RADIX:
        n = t->num_prec_radix;
        break;
    case SQL_DESC_UNNAMED:
        n = (m.col->name && m.col->name[0]) ? SQL_NAMED : SQL_UNNAMED;
        break;
    default:
        return drv_error(&stmt->hdr, "HY091", "Invalid descriptor field identifier %u",
                         (unsigned)field);
    }
    /* sqlcolattribute: a negative BufferLength for a string (SQL_NTS aside) */
    if (s && sout->buflen < 0 && sout->buflen != SQL_NTS)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    if (s) {
        drv_strout o = *sout;
        if (o.buflen < 0)
            o.buflen = 0;
        return drv_strout_put_small(&stmt->hdr, &o, s, strlen(s), outlen);
    }
    if (num)
        *num = n;
    return SQL_SUCCESS;
}
