/*
 * catalog.c: the ODBC catalog functions (SQLTables, SQLColumns,
 * SQLPrimaryKeys, SQLStatistics, SQLSpecialColumns, SQLForeignKeys,
 * SQLProcedures, SQLProcedureColumns, SQLTablePrivileges,
 * SQLColumnPrivileges) and SQLGetTypeInfo.
 *
 * How: each function runs one of driver_sql.c's portable information_schema
 * queries with its arguments bound as parameters, then builds the ODBC
 * result set itself in a cat_set (strings per value: catalog results are
 * small and this is not the fetch path): type names mapped to SQL types
 * through catalog_types.c, sizes computed, rows sorted in the order the spec
 * prescribes. The set then becomes the statement's result through
 * pgw_result_local_*, so SQLFetch, SQLGetData, SQLBindCol and SQLDescribeCol
 * serve it unchanged. Column names are ODBC 3's, or ODBC 2's for an ODBC 2
 * environment.
 *
 * Arguments: a pattern argument (PV) is passed to LIKE as is (its `\`
 * escapes are LIKE's default on both servers); an identifier argument, and
 * every argument when SQL_ATTR_METADATA_ID is true, is matched exactly: case
 * folded to lower case unless double-quoted, then LIKE-escaped. A NULL
 * pattern means "all".
 *
 * Not here: the SQL texts (driver_sql.c), the type table (catalog_types.c),
 * the entry points and W conversion (api_catalog.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog_int.h"
#include "driver_sql.h"

#define T_VARCHAR 1043u
#define T_SMALLINT 21u
#define T_INTEGER 23u

/* ------------------------------------------------------------ result sets */

typedef struct cat_col {
    const char *name3;           /* ODBC 3 name                            */
    const char *name2;           /* ODBC 2 name, NULL when the same        */
    uint32_t oid;                /* T_VARCHAR, T_SMALLINT or T_INTEGER     */
} cat_col;

typedef struct cat_set {
    const cat_col *cols;
    int ncols;
    char **v;                    /* nrows * ncols, malloc'd or NULL (SQL NULL) */
    size_t nrows, cap;
} cat_set;

static void set_free(cat_set *s)
{
    for (size_t i = 0; i < s->nrows * (size_t)s->ncols; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->nrows = s->cap = 0;
}

/* A new row of NULLs; NULL on out of memory. */
static char **set_row(cat_set *s)
{
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **v = realloc(s->v, cap * (size_t)s->ncols * sizeof *v);
        if (!v)
            return NULL;
        s->v = v;
        s->cap = cap;
    }
    char **row = s->v + s->nrows * (size_t)s->ncols;
    memset(row, 0, (size_t)s->ncols * sizeof *row);
    s->nrows++;
    return row;
}

/* Sets row[i] to a copy of s[0..len) (s NULL: SQL NULL). False on no memory. */
static bool put_len(char **row, int i, const char *s, size_t len)
{
    free(row[i]);
    row[i] = NULL;
    if (!s)
        return true;
    row[i] = malloc(len + 1);
    if (!row[i])
        return false;
    memcpy(row[i], s, len);
    row[i][len] = '\0';
    return true;
}

static bool put(char **row, int i, const char *s)
{
    return put_len(row, i, s, s ? strlen(s) : 0);
}

static bool put_int(char **row, int i, long long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    return put_len(row, i, buf, (size_t)n);
}

/* Value `col` of server row `r` into row[i], as is. */
static bool put_val(char **row, int i, const pgw_result *res, size_t r, int col)
{
    pgw_value v = pgw_result_value(res, r, col);
    return put_len(row, i, v.len < 0 ? NULL : v.ptr, v.len < 0 ? 0 : (size_t)v.len);
}

/* Sorting: keys are column indices, ended by -1; NULL sorts first, integer
 * columns compare as numbers. */
typedef struct sort_ctx {
    const cat_set *s;
    const int *keys;
} sort_ctx;

static int cmp_rows(const void *a, const void *b, void *arg)
{
    const sort_ctx *c = arg;
    char *const *ra = *(char **const *)a, *const *rb = *(char **const *)b;
    for (const int *k = c->keys; *k >= 0; k++) {
        const char *x = ra[*k], *y = rb[*k];
        int d;
        if (!x || !y)
            d = (x != NULL) - (y != NULL);
        else if (c->s->cols[*k].oid != T_VARCHAR) {
            long long lx = strtoll(x, NULL, 10), ly = strtoll(y, NULL, 10);
            d = (lx > ly) - (lx < ly);
        } else
            d = strcmp(x, y);
        if (d)
            return d;
    }
    /* rows lie in one block in the order they were added: equal keys keep
     * that order (a stable sort) */
    return (ra > rb) - (ra < rb);
}

/* A stable merge sort of the row pointers by cmp_rows (not qsort_r: a GNU
 * extension, whose Windows counterpart qsort_s passes the context first).
 * False when out of memory. */
static bool sort_rows(char ***order, size_t n, const sort_ctx *c)
{
    char ***tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return false;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n - w; lo += 2 * w) {
            size_t mid = lo + w, hi = n - mid > w ? mid + w : n;
            size_t i = lo, j = mid, k = lo;
            /* the left one on ties: stable */
            while (i < mid && j < hi)
                tmp[k++] = cmp_rows(&order[j], &order[i], (void *)c) < 0 ? order[j++] : order[i++];
            while (i < mid)
                tmp[k++] = order[i++];
            while (j < hi)
                tmp[k++] = order[j++];
            memcpy(order + lo, tmp + lo, (hi - lo) * sizeof *order);
        }
    }
    free(tmp);
    return true;
}

static SQLRETURN nomem(drv_stmt *stmt, cat_set *s)
{
    set_free(s);
    return drv_nomem(&stmt->hdr);
}

/*
 * Sorts the set by `keys` and makes it the statement's open result (the set
 * is consumed). Returns SQL_SUCCESS or HY001.
 */
/* ODBC 2 applications know the datetime types by their old codes in a
 * DATA_TYPE column too (SQLColumns, SQLGetTypeInfo, SQLProcedureColumns,
 * SQLSpecialColumns); SQL_DATA_TYPE keeps the verbose SQL_DATETIME. */
static void odbc2_datetime_codes(cat_set *s, int col)
{
    static const char *const map[][2] = { { "91", "9" }, { "92", "10" }, { "93", "11" } };
    for (size_t r = 0; r < s->nrows; r++) {
        char *v = s->v[r * (size_t)s->ncols + (size_t)col];
        for (size_t i = 0; v && i < sizeof map / sizeof map[0]; i++)
            if (strcmp(v, map[i][0]) == 0) {
                strcpy(v, map[i][1]);   /* never longer: fits in place */
                break;
            }
    }
}

static SQLRETURN set_emit(drv_stmt *stmt, cat_set *s, const int *keys)
{
    const char *names[32];
    uint32_t oids[32];
    char ***order = NULL;
    bool odbc2 = stmt->dbc->env->odbc_version == SQL_OV_ODBC2;
    for (int i = 0; i < s->ncols; i++) {
        names[i] = odbc2 && s->cols[i].name2 ? s->cols[i].name2 : s->cols[i].name3;
        oids[i] = s->cols[i].oid;
        if (odbc2 && strcmp(s->cols[i].name3, "DATA_TYPE") == 0)
            odbc2_datetime_codes(s, i);
    }
    if (s->nrows) {
        order = malloc(s->nrows * sizeof *order);
        if (!order)
            return nomem(stmt, s);
        for (size_t r = 0; r < s->nrows; r++)
            order[r] = s->v + r * (size_t)s->ncols;
        sort_ctx c = {s, keys};
        if (keys && !sort_rows(order, s->nrows, &c)) {
            free(order);
            return nomem(stmt, s);
        }
    }
    pgw_result *res = &stmt->res;
    pgw_status st = pgw_result_local_begin(res, s->ncols, names, oids);
    for (size_t r = 0; st == PGW_OK && r < s->nrows; r++)
        st = pgw_result_local_row(res, (const char *const *)order[r]);
    free(order);
    set_free(s);
    if (st != PGW_OK) {
        pgw_result_clear(res);
        return drv_nomem(&stmt->hdr);
    }
    pgw_result_local_end(res);
    /* the statement now has an open cursor on local rows: no server portal */
    stmt->portal[0] = '\0';
    stmt->have_desc = true;
    stmt->more = false;
    stmt->nreceived = res->nrows;
    stmt->rowcount = (int64_t)res->nrows;
    stmt->state = DRV_S_CURSOR;
    return drv_cursor_opened(stmt);   /* every row is local: scrollable if asked */
}

/* ------------------------------------------------------------ arguments */

bool cat_like(const char *pat, const char *s)
{
    for (;; pat++, s++) {
        if (*pat == '%') {
            while (*pat == '%')
                pat++;
            if (!*pat)
                return true;
            for (; *s; s++)
                if (cat_like(pat, s))
                    return true;
            return cat_like(pat, s);
        }
        if (!*pat)
            return !*s;
        if (!*s)
            return false;
        if (*pat == '\\' && pat[1])
            pat++;
        else if (*pat == '_')
            continue;
        if (*pat != *s)
            return false;
    }
}

/* An argument made ready for LIKE: malloc'd text in `out`. */
typedef struct cat_arg {
    char *like;
} cat_arg;

/* Appends c to buf (cap checked by the caller). */
static size_t esc_put(char *buf, size_t n, char c)
{
    if (c == '%' || c == '_' || c == '\\')
        buf[n++] = '\\';
    buf[n++] = c;
    return n;
}

/*
 * Turns an identifier into an exact LIKE pattern. `fold`: the
 * SQL_ATTR_METADATA_ID rules (trailing blanks dropped; "quoted" taken
 * literally with "" as one quote; otherwise folded to lower case).
 */
static char *ident_pattern(const char *id, bool fold)
{
    size_t len = strlen(id);
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    if (fold) {
        while (len > 0 && id[len - 1] == ' ')
            len--;
        if (len >= 2 && id[0] == '"' && id[len - 1] == '"') {
            for (size_t i = 1; i + 1 < len; i++) {
                if (id[i] == '"' && id[i + 1] == '"' && i + 2 < len)
                    i++;
                n = esc_put(out, n, id[i]);
            }
            out[n] = '\0';
            return out;
        }
    }
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (fold && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        n = esc_put(out, n, c);
    }
    out[n] = '\0';
    return out;
}

typedef enum arg_kind { A_PATTERN, A_IDENT, A_IDENT_REQUIRED } arg_kind;

/*
 * Prepares one argument (NULL: not given). A_PATTERN: as is, NULL -> "%".
 * A_IDENT: exact, NULL -> "%" (any). A_IDENT_REQUIRED: exact, NULL is HY009.
 * With SQL_ATTR_METADATA_ID every kind is an identifier and NULL is HY009.
 */
static SQLRETURN arg_prepare(drv_stmt *stmt, const char *in, arg_kind kind, const char *what,
                             cat_arg *out)
{
    bool meta = stmt->metadata_id == SQL_TRUE;
    out->like = NULL;
    if (!in && (meta || kind == A_IDENT_REQUIRED))
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer: %s is required",
                         what);
    if (!in)
        out->like = strdup("%");
    else if (kind == A_PATTERN && !meta)
        out->like = strdup(in);
    else
        out->like = ident_pattern(in, meta);
    return out->like ? SQL_SUCCESS : drv_nomem(&stmt->hdr);
}

static void args_free(cat_arg *a, int n)
{
    for (int i = 0; i < n; i++)
        free(a[i].like);
}

/* The catalog (database) name: CrateDB's one catalog is "crate"
 * (FACTS §5.1 pg_database); on PostgreSQL the database connected to. */
const char *drv_catalog_name(drv_dbc *dbc)
{
    if (dbc->conn && pgw_is_cratedb(dbc->conn))
        return "crate";
    if (dbc->opts.database && dbc->opts.database[0])
        return dbc->opts.database;
    return (dbc->opts.uid && dbc->opts.uid[0]) ? dbc->opts.uid : "crate";
}

/* Whether the catalog argument selects our one catalog (NULL: yes). */
static bool catalog_matches(drv_stmt *stmt, const char *cat, bool pattern)
{
    if (!cat)
        return true;
    const char *name = drv_catalog_name(stmt->dbc);
    if (pattern && stmt->metadata_id != SQL_TRUE)
        return cat_like(cat, name);
    char *p = ident_pattern(cat, stmt->metadata_id == SQL_TRUE);
    bool ok = p && cat_like(p, name);
    free(p);
    return ok;
}

static bool is_system_schema(const char *s, size_t len)
{
    static const char *const sys[] = {"sys", "information_schema", "pg_catalog"};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
        if (strlen(sys[i]) == len && strncmp(sys[i], s, len) == 0)
            return true;
    return false;
}

/* HideSystemSchemas: leave sys, information_schema and pg_catalog out. */
static bool hide_system(const drv_stmt *stmt)
{
    const char *v = stmt->dbc->opts.hide_system_schemas;
    return v && (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
                 strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0);
}

static bool hidden_schema(const drv_stmt *stmt, const pgw_result *res, size_t r, int col)
{
    pgw_value v = pgw_result_value(res, r, col);
    return v.len >= 0 && hide_system(stmt) && is_system_schema(v.ptr, (size_t)v.len);
}

/* ------------------------------------------------------------ server rows -> result rows */

/* Whether server row r of res belongs in the result; arg is the caller's. */
typedef bool row_test(drv_stmt *stmt, const pgw_result *res, size_t r, const void *arg);
/* Fills the new (all NULL) result row from server row r; false on no memory. */
typedef bool row_fill(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                      const void *arg);

/*
 * One result row per row of res that is kept: not in a system schema hidden
 * by HideSystemSchemas (schema_col: the column holding the schema, -1: do not
 * look) and passing keep (NULL: no further test). Each is filled by fill
 * (keep and fill both get arg). Then clears res and emits s sorted by keys
 * (see set_emit); res and s are consumed. SQL_SUCCESS or HY001.
 */
static SQLRETURN emit_rows(drv_stmt *stmt, cat_set *s, pgw_result *res, int schema_col,
                           row_test *keep, row_fill *fill, const void *arg, const int *keys)
{
    for (size_t r = 0; r < res->nrows; r++) {
        if ((schema_col >= 0 && hidden_schema(stmt, res, r, schema_col)) ||
            (keep && !keep(stmt, res, r, arg)))
            continue;
        char **row = set_row(s);
        if (!row || !fill(row, stmt, res, r, arg)) {
            pgw_result_clear(res);
            return nomem(stmt, s);
        }
    }
    pgw_result_clear(res);
    return set_emit(stmt, s, keys);
}

/* ------------------------------------------------------------ running queries */

/*
 * Runs one of driver_sql.c's statements with text parameters (unnamed
 * statement and portal, all rows, Sync) into *res (initialised here; the
 * caller clears it). Server errors are recorded on the statement. `ncols`
 * is the statement's column count (DRV_SQL_x_COLS): the callers index the
 * reply's columns up to it, so a reply with fewer is HY000 (and res is
 * cleared), never a read past the row.
 */
static SQLRETURN run_query(drv_stmt *stmt, const char *sql, int ncols, const cat_arg *args,
                           int nargs, pgw_result *res)
{
    pgw_result_init(res);
    pgw_param params[4];
    for (int i = 0; i < nargs; i++) {
        params[i].value = args[i].like;
        params[i].len = (int32_t)strlen(args[i].like);
        params[i].format = 0;
    }
    return drv_own_query(stmt, sql, nargs, params, "catalog", ncols, res);
}

/* Common start of every catalog function: 24000 with an open cursor, then
 * the old result is dropped. */
static SQLRETURN cat_begin(drv_stmt *stmt)
{
    if (stmt->state == DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: a cursor is open");
    return drv_close_cursor(stmt, false);
}

static bool val_is(const pgw_result *res, size_t r, int col, const char *s)
{
    pgw_value v = pgw_result_value(res, r, col);
    return v.len >= 0 && (size_t)v.len == strlen(s) && memcmp(v.ptr, s, (size_t)v.len) == 0;
}

static long long val_int(const pgw_result *res, size_t r, int col, long long dflt)
{
    pgw_value v = pgw_result_value(res, r, col);
    if (v.len <= 0 || v.len > 20)
        return dflt;
    char buf[24];
    memcpy(buf, v.ptr, (size_t)v.len);
    buf[v.len] = '\0';
    return strtoll(buf, NULL, 10);
}

/* ------------------------------------------------------------ SQLTables */

static const cat_col tables_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"TABLE_TYPE", NULL, T_VARCHAR},
    {"REMARKS", NULL, T_VARCHAR},
};
static const int tables_sort[] = {3, 0, 1, 2, -1};

/* The table types this driver reports, in SQLTables' enumeration order. */
static const char *const table_types[] = {"FOREIGN TABLE", "SYSTEM TABLE", "TABLE", "VIEW"};

/* ODBC's TABLE_TYPE for information_schema's table_type in a schema. */
static const char *odbc_table_type(const pgw_result *res, size_t r)
{
    pgw_value s = pgw_result_value(res, r, 1);
    if (s.len >= 0 && is_system_schema(s.ptr, (size_t)s.len))
        return "SYSTEM TABLE";
    if (val_is(res, r, 3, "VIEW"))
        return "VIEW";
    if (val_is(res, r, 3, "FOREIGN"))
        return "FOREIGN TABLE";
    if (val_is(res, r, 3, "BASE TABLE"))
        return "TABLE";
    return NULL;   /* e.g. PostgreSQL's LOCAL TEMPORARY: not listed */
}

/* Whether `type` is in the TableType list ("'TABLE','VIEW'" or "TABLE,VIEW";
 * NULL or empty: all). An element "%" (SQL_ALL_TABLE_TYPES) matches every
 * type: LibreOffice Base asks for "VIEW,TABLE,%," to see every table. */
static bool type_wanted(const char *list, const char *type)
{
    if (!list || !*list)
        return true;
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n >= 2 && p[0] == '\'' && p[n - 1] == '\'') {
            p++;
            n -= 2;
        }
        if (n == 1 && p[0] == SQL_ALL_TABLE_TYPES[0])
            return true;
        if (n > 0 && n == strlen(type) && strncasecmp(p, type, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

/* SQL_ALL_SCHEMAS: a row of DRV_SQL_SCHEMAS (the schema name). */
static bool fill_schema(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                        const void *arg)
{
    (void)arg;
    return put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, res, r, 0);
}

/* A row of DRV_SQL_TABLES whose table type is one of the list arg asks for. */
static bool keep_table(drv_stmt *stmt, const pgw_result *res, size_t r, const void *arg)
{
    (void)stmt;
    const char *type = odbc_table_type(res, r);
    return type && type_wanted(arg, type);
}

static bool fill_table(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                       const void *arg)
{
    (void)arg;
    return put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, res, r, 1) &&
           put_val(row, 2, res, r, 2) && put(row, 3, odbc_table_type(res, r));
}

SQLRETURN drv_tables(drv_stmt *stmt, const char *cat, const char *schema, const char *table,
                     const char *types)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {tables_cols, 5, NULL, 0, 0};
    bool empty_cat = cat && !*cat, empty_schema = schema && !*schema,
         empty_table = table && !*table;
    /* the special enumerations (ODBC: SQLTables, comments) */
    if (cat && strcmp(cat, SQL_ALL_CATALOGS) == 0 && empty_schema && empty_table) {
        char **row = set_row(&s);
        if (!row || !put(row, 0, drv_catalog_name(stmt->dbc)))
            return nomem(stmt, &s);
        return set_emit(stmt, &s, tables_sort);
    }
    if (schema && strcmp(schema, SQL_ALL_SCHEMAS) == 0 && empty_cat && empty_table) {
        cat_arg a;
        pgw_result res;
        if (!SQL_SUCCEEDED(rc = arg_prepare(stmt, NULL, A_PATTERN, "SchemaName", &a)))
            return rc;
        rc = run_query(stmt, DRV_SQL_SCHEMAS, DRV_SQL_SCHEMAS_COLS, &a, 1, &res);
        args_free(&a, 1);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        static const int by_schema[] = {1, -1};
        return emit_rows(stmt, &s, &res, 0, NULL, fill_schema, NULL, by_schema);
    }
    if (types && strcmp(types, SQL_ALL_TABLE_TYPES) == 0 && empty_cat && empty_schema &&
        empty_table) {
        for (size_t i = 0; i < sizeof table_types / sizeof table_types[0]; i++) {
            char **row = set_row(&s);
            if (!row || !put(row, 3, table_types[i]))
                return nomem(stmt, &s);
        }
        return set_emit(stmt, &s, tables_sort);
    }

    if (!catalog_matches(stmt, cat, true))
        return set_emit(stmt, &s, NULL);
    cat_arg a[2] = {{NULL}, {NULL}};
    pgw_result res;
    if (!SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_PATTERN, "SchemaName", &a[0])) ||
        !SQL_SUCCEEDED(rc = arg_prepare(stmt, table, A_PATTERN, "TableName", &a[1]))) {
        args_free(a, 2);
        return rc;
    }
    rc = run_query(stmt, DRV_SQL_TABLES, DRV_SQL_TABLES_COLS, a, 2, &res);
    args_free(a, 2);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return emit_rows(stmt, &s, &res, 1, keep_table, fill_table, types, tables_sort);
}

/* ------------------------------------------------------------ type rows */

/* Fills the DATA_TYPE .. NUM_PREC_RADIX part shared by SQLColumns,
 * SQLSpecialColumns and SQLProcedureColumns from a data_type (CrateDB or
 * PostgreSQL spelling), its udt_name and information_schema's
 * length/precision fields (NULL: the type's default). at: column index of
 * DATA_TYPE; the layout is DATA_TYPE, TYPE_NAME, COLUMN_SIZE, BUFFER_LENGTH,
 * DECIMAL_DIGITS, NUM_PREC_RADIX, and at+9/+10/+11 SQL_DATA_TYPE,
 * SQL_DATETIME_SUB, CHAR_OCTET_LENGTH. */
typedef struct type_src {
    pgw_value data_type, udt_name;
    long long char_len;          /* -1: NULL */
    long long num_prec;          /* -1: NULL */
    long long num_scale;         /* -1: NULL */
    long long dt_prec;           /* -1: NULL */
} type_src;

/* Whether information_schema's character_maximum_length is the length of
 * the text (character(n), varchar(n): CrateDB's data_type `text`, bit(n)).
 * For float_vector(n) it is the dimension, not a size of the JSON text the
 * application reads. */
static bool length_is_size(const cat_type *t)
{
    return !t->create_params || strcmp(t->create_params, "dimension") != 0;
}

/* The type table's row for src (unknown types read as text) and, in *name,
 * the name to report: PostgreSQL puts ARRAY / USER-DEFINED in data_type and
 * the name in udt_name. bit(1) takes the boolean row: SQL_BIT, as describe.c
 * presents it in a result. */
static const cat_type *type_row(const type_src *src, const pgw_value **name)
{
    const pgw_value *dt = &src->data_type;
    if (dt->len >= 0 && src->udt_name.len > 0 &&
        ((dt->len == 5 && memcmp(dt->ptr, "ARRAY", 5) == 0) ||
         (dt->len == 12 && memcmp(dt->ptr, "USER-DEFINED", 12) == 0)))
        dt = &src->udt_name;
    *name = dt;
    const cat_type *t = dt->len >= 0 ? cat_type_by_name(dt->ptr, (size_t)dt->len) : NULL;
    if (!t)
        return cat_type_by_name("text", 4);
    if (strcmp(t->name, "bit") == 0 && src->char_len == 1)
        return cat_type_by_name("boolean", 7);
    return t;
}

/* What ODBC reports about a column of type t declared as src: the one rule
 * of types.c, so SQLColumns says what SQLDescribeCol says of the column. */
static void type_meta(const drv_stmt *stmt, const cat_type *t, const type_src *src,
                      drv_type_meta *m)
{
    drv_type_decl decl = DRV_TYPE_DECL_NONE;
    /* CrateDB's unbounded text may carry the largest int as its length */
    if (length_is_size(t) && src->char_len > 0 && src->char_len < INT32_MAX)
        decl.length = src->char_len;
    decl.precision = src->num_prec;
    decl.scale = src->num_scale;
    decl.frac = src->dt_prec;
    drv_type_meta_of(stmt->dbc, t->oid, &decl, m);
}

static bool is_char_sql(SQLSMALLINT t)
{
    return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_LONGVARCHAR;
}

static bool put_type(char **row, int at, const drv_stmt *stmt, const type_src *src)
{
    const pgw_value *dt;
    const cat_type *t = type_row(src, &dt);
    drv_type_meta m;
    type_meta(stmt, t, src, &m);
    SQLSMALLINT sql_type = m.sql_type;
    bool ok = put_int(row, at, sql_type) &&
              put_len(row, at + 1, dt->len >= 0 ? dt->ptr : NULL,
                      dt->len >= 0 ? (size_t)dt->len : 0) &&
              put_int(row, at + 2, (long long)m.size) && put_int(row, at + 3, m.octet);
    /* DECIMAL_DIGITS: exact numbers and datetimes; NULL where it does not
     * apply (text, real, double) or is unknown (CrateDB's numeric scale) */
    bool datetime = sql_type == SQL_TYPE_DATE || sql_type == SQL_TYPE_TIMESTAMP;
    if ((datetime || m.t->num_prec_radix == 10) && m.digits >= 0)
        ok = ok && put_int(row, at + 4, m.digits);
    if (m.t->num_prec_radix)
        ok = ok && put_int(row, at + 5, m.t->num_prec_radix);
    ok = ok && put_int(row, at + 9, datetime ? SQL_DATETIME : sql_type);
    if (datetime)
        ok = ok && put_int(row, at + 10, sql_type == SQL_TYPE_DATE ? SQL_CODE_DATE
                                                                    : SQL_CODE_TIMESTAMP);
    if (is_char_sql(sql_type))
        ok = ok && put_int(row, at + 11, m.octet);
    return ok;
}

/* ------------------------------------------------------------ SQLColumns */

static const cat_col columns_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"COLUMN_NAME", NULL, T_VARCHAR},
    {"DATA_TYPE", NULL, T_SMALLINT}, {"TYPE_NAME", NULL, T_VARCHAR},
    {"COLUMN_SIZE", "PRECISION", T_INTEGER}, {"BUFFER_LENGTH", "LENGTH", T_INTEGER},
    {"DECIMAL_DIGITS", "SCALE", T_SMALLINT}, {"NUM_PREC_RADIX", "RADIX", T_SMALLINT},
    {"NULLABLE", NULL, T_SMALLINT}, {"REMARKS", NULL, T_VARCHAR},
    {"COLUMN_DEF", NULL, T_VARCHAR}, {"SQL_DATA_TYPE", NULL, T_SMALLINT},
    {"SQL_DATETIME_SUB", NULL, T_SMALLINT}, {"CHAR_OCTET_LENGTH", NULL, T_INTEGER},
    {"ORDINAL_POSITION", NULL, T_INTEGER}, {"IS_NULLABLE", NULL, T_VARCHAR},
};
static const int columns_sort[] = {0, 1, 2, 16, -1};

/* Query column indices in DRV_SQL_COLUMNS. */
enum { QC_CAT, QC_SCHEMA, QC_TABLE, QC_COLUMN, QC_TYPE, QC_UDT, QC_CHARLEN, QC_PREC, QC_RADIX,
       QC_SCALE, QC_DTPREC, QC_NULLABLE, QC_DEFAULT, QC_ORDINAL, QC_GENERATED, QC_GENEXPR };

static type_src type_src_of(const pgw_result *res, size_t r)
{
    type_src t = {pgw_result_value(res, r, QC_TYPE), pgw_result_value(res, r, QC_UDT),
                  val_int(res, r, QC_CHARLEN, -1), val_int(res, r, QC_PREC, -1),
                  val_int(res, r, QC_SCALE, -1), val_int(res, r, QC_DTPREC, -1)};
    return t;
}

/* The number of `_array` suffixes at the end of v ("object_array_array": 2). */
static int array_suffixes(pgw_value v)
{
    static const char suffix[] = "_array";
    const size_t sl = sizeof suffix - 1;
    int n = 0;
    for (size_t len = v.len > 0 ? (size_t)v.len : 0;
         len > sl && memcmp(v.ptr + len - sl, suffix, sl) == 0; len -= sl)
        n++;
    return n;
}

/*
 * CrateDB lists the object sub-columns of a user's table (obj['a']['b']:
 * names and keys cannot hold '[', so each '[' starts a subscript) with the
 * type declared for one value; below an array of objects a SELECT of the
 * sub-column returns an array of them (oa['q'] of array(object AS
 * (q integer)) is integer_array). Returns how many array levels the parents
 * of column r add: the `_array` suffixes of each parent's data_type, parents
 * being rows of the same table in res. The system schemas' tables already
 * list such sub-columns as the arrays they read as (sys.nodes
 * fs['data']['dev'] is text_array): 0 there.
 */
static int parent_array_levels(const pgw_result *res, size_t r)
{
    pgw_value name = pgw_result_value(res, r, QC_COLUMN);
    pgw_value sch = pgw_result_value(res, r, QC_SCHEMA), tab = pgw_result_value(res, r, QC_TABLE);
    if (sch.len < 0 || is_system_schema(sch.ptr, (size_t)sch.len))
        return 0;
    int levels = 0;
    for (int32_t i = 1; i < name.len; i++) {
        if (name.ptr[i] != '[')
            continue;
        for (size_t p = 0; p < res->nrows; p++) {
            pgw_value pn = pgw_result_value(res, p, QC_COLUMN);
            pgw_value ps = pgw_result_value(res, p, QC_SCHEMA);
            pgw_value pt = pgw_result_value(res, p, QC_TABLE);
            if (pn.len == i && memcmp(pn.ptr, name.ptr, (size_t)i) == 0 &&
                ps.len == sch.len && memcmp(ps.ptr, sch.ptr, (size_t)sch.len) == 0 &&
                pt.len == tab.len && memcmp(pt.ptr, tab.ptr, (size_t)tab.len) == 0) {
                levels += array_suffixes(pgw_result_value(res, p, QC_TYPE));
                break;
            }
        }
    }
    return levels;
}

/* Whether column r's name matches the ColumnName pattern (arg): matched
 * here rather than in SQL, because a sub-column's type depends on its
 * parents (parent_array_levels), which the pattern may leave out. */
static bool keep_column(drv_stmt *stmt, const pgw_result *res, size_t r, const void *arg)
{
    (void)stmt;
    pgw_value v = pgw_result_value(res, r, QC_COLUMN);
    if (v.len < 0)
        return false;
    char *name = drv_strdup_len(v.ptr, v.len);
    bool ok = name && cat_like(arg, name);
    free(name);
    return ok;
}

/* One SQLColumns row from row r of DRV_SQL_COLUMNS. */
static bool column_row(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                       const void *arg)
{
    (void)arg;
    const char *catname = drv_catalog_name(stmt->dbc);
    type_src t = type_src_of(res, r);
    char *array_type = NULL;
    int levels = parent_array_levels(res, r);
    if (levels > 0) {
        /* the element's type name with one `_array` per level, no lengths */
        size_t n = (size_t)t.data_type.len + 6 * (size_t)levels + 1;
        array_type = malloc(n);
        if (!array_type)
            return false;
        int at = snprintf(array_type, n, "%.*s", (int)t.data_type.len, t.data_type.ptr);
        for (int i = 0; i < levels; i++)
            at += snprintf(array_type + at, n - (size_t)at, "_array");
        type_src elem = {{array_type, at}, {NULL, -1}, -1, -1, -1, -1};
        t = elem;
    }
    bool nullable = !val_is(res, r, QC_NULLABLE, "NO");
    bool ok = put(row, 0, catname) && put_val(row, 1, res, r, QC_SCHEMA) &&
              put_val(row, 2, res, r, QC_TABLE) && put_val(row, 3, res, r, QC_COLUMN) &&
              put_type(row, 4, stmt, &t) && put_int(row, 10, nullable ? SQL_NULLABLE : SQL_NO_NULLS) &&
              put_val(row, 12, res, r, QC_DEFAULT) && put_val(row, 16, res, r, QC_ORDINAL) &&
              put(row, 17, nullable ? "YES" : "NO");
    free(array_type);
    pgw_value gen = pgw_result_value(res, r, QC_GENEXPR);
    if (ok && val_is(res, r, QC_GENERATED, "ALWAYS") && gen.len >= 0) {
        /* a generated column: its expression, where ODBC has room for it */
        size_t n = (size_t)gen.len + 32;
        char *txt = malloc(n);
        if (!txt)
            return false;
        snprintf(txt, n, "GENERATED ALWAYS AS (%.*s)", (int)gen.len, gen.ptr);
        row[11] = txt;
    }
    return ok;
}

SQLRETURN drv_columns(drv_stmt *stmt, const char *cat, const char *schema, const char *table,
                      const char *column)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {columns_cols, 18, NULL, 0, 0};
    cat_arg a[3] = {{NULL}, {NULL}, {NULL}};
    pgw_result res;
    if (!SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_PATTERN, "SchemaName", &a[0])) ||
        !SQL_SUCCEEDED(rc = arg_prepare(stmt, table, A_PATTERN, "TableName", &a[1])) ||
        !SQL_SUCCEEDED(rc = arg_prepare(stmt, column, A_PATTERN, "ColumnName", &a[2]))) {
        args_free(a, 3);
        return rc;
    }
    if (!catalog_matches(stmt, cat, false)) {
        args_free(a, 3);
        return set_emit(stmt, &s, NULL);
    }
    rc = run_query(stmt, DRV_SQL_COLUMNS, DRV_SQL_COLUMNS_COLS, a, 2, &res);
    if (SQL_SUCCEEDED(rc))
        rc = emit_rows(stmt, &s, &res, QC_SCHEMA, keep_column, column_row, a[2].like,
                       columns_sort);
    args_free(a, 3);
    return rc;
}

/* ------------------------------------------------------------ primary keys */

static const cat_col pk_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"COLUMN_NAME", NULL, T_VARCHAR},
    {"KEY_SEQ", NULL, T_SMALLINT}, {"PK_NAME", NULL, T_VARCHAR},
};
static const int pk_sort[] = {0, 1, 2, 4, -1};

/* Runs DRV_SQL_PRIMARY_KEYS for an exact schema (NULL: any) and table. */
static SQLRETURN pk_query(drv_stmt *stmt, const char *schema, const char *table,
                          pgw_result *res)
{
    cat_arg a[2] = {{NULL}, {NULL}};
    SQLRETURN rc;
    pgw_result_init(res);
    if (SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_IDENT, "SchemaName", &a[0])) &&
        SQL_SUCCEEDED(rc = arg_prepare(stmt, table, A_IDENT_REQUIRED, "TableName", &a[1])))
        rc = run_query(stmt, DRV_SQL_PRIMARY_KEYS, DRV_SQL_PRIMARY_KEYS_COLS, a, 2, res);
    args_free(a, 2);
    return rc;
}

/* Every row when the catalog argument (arg) names ours. */
static bool keep_pk(drv_stmt *stmt, const pgw_result *res, size_t r, const void *arg)
{
    (void)res;
    (void)r;
    return catalog_matches(stmt, arg, false);
}

static bool fill_pk(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                    const void *arg)
{
    (void)arg;
    bool ok = put(row, 0, drv_catalog_name(stmt->dbc));
    for (int i = 1; ok && i <= 5; i++)
        ok = put_val(row, i, res, r, i);
    return ok;
}

SQLRETURN drv_primary_keys(drv_stmt *stmt, const char *cat, const char *schema,
                           const char *table)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {pk_cols, 6, NULL, 0, 0};
    pgw_result res;
    rc = pk_query(stmt, schema, table, &res);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return emit_rows(stmt, &s, &res, -1, keep_pk, fill_pk, cat, pk_sort);
}

/* ------------------------------------------------------------ SQLStatistics */

static const cat_col stat_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"NON_UNIQUE", NULL, T_SMALLINT},
    {"INDEX_QUALIFIER", NULL, T_VARCHAR}, {"INDEX_NAME", NULL, T_VARCHAR},
    {"TYPE", NULL, T_SMALLINT}, {"ORDINAL_POSITION", "SEQ_IN_INDEX", T_SMALLINT},
    {"COLUMN_NAME", NULL, T_VARCHAR}, {"ASC_OR_DESC", "COLLATION", T_VARCHAR},
    {"CARDINALITY", NULL, T_INTEGER}, {"PAGES", NULL, T_INTEGER},
    {"FILTER_CONDITION", NULL, T_VARCHAR},
};
static const int stat_sort[] = {3, 6, 4, 5, 7, -1};

/* Runs DRV_SQL_TABLES for an exact schema (NULL: any) and table. */
static SQLRETURN table_query(drv_stmt *stmt, const char *schema, const char *table,
                             pgw_result *res)
{
    cat_arg a[2] = {{NULL}, {NULL}};
    SQLRETURN rc;
    pgw_result_init(res);
    if (SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_IDENT, "SchemaName", &a[0])) &&
        SQL_SUCCEEDED(rc = arg_prepare(stmt, table, A_IDENT_REQUIRED, "TableName", &a[1])))
        rc = run_query(stmt, DRV_SQL_TABLES, DRV_SQL_TABLES_COLS, a, 2, res);
    args_free(a, 2);
    return rc;
}

/*
 * CrateDB has no secondary indexes a client sees (every column is indexed;
 * FACTS §5.4): the primary key is reported as the one unique index, and a
 * SQL_TABLE_STAT row per table with unknown CARDINALITY and PAGES.
 * CLUSTERED BY and PARTITIONED BY columns route rows to shards; they are
 * not indexes and not listed.
 */
SQLRETURN drv_statistics(drv_stmt *stmt, const char *cat, const char *schema,
                         const char *table, SQLUSMALLINT unique, SQLUSMALLINT reserved)
{
    if (unique != SQL_INDEX_ALL && unique != SQL_INDEX_UNIQUE)
        return drv_error(&stmt->hdr, "HY100", "Uniqueness option type out of range");
    if (reserved != SQL_ENSURE && reserved != SQL_QUICK)
        return drv_error(&stmt->hdr, "HY101", "Accuracy option type out of range");
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {stat_cols, 13, NULL, 0, 0};
    if (!catalog_matches(stmt, cat, false)) {
        if (!table)
            return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer: TableName");
        return set_emit(stmt, &s, NULL);
    }
    pgw_result tabs, pks;
    rc = table_query(stmt, schema, table, &tabs);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    rc = pk_query(stmt, schema, table, &pks);
    if (!SQL_SUCCEEDED(rc)) {
        pgw_result_clear(&tabs);
        return rc;
    }
    bool ok = true;
    for (size_t r = 0; ok && r < tabs.nrows; r++) {
        char **row = set_row(&s);
        ok = row && put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, &tabs, r, 1) &&
             put_val(row, 2, &tabs, r, 2) && put_int(row, 6, SQL_TABLE_STAT);
    }
    for (size_t r = 0; ok && r < pks.nrows; r++) {
        char **row = set_row(&s);
        ok = row && put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, &pks, r, 1) &&
             put_val(row, 2, &pks, r, 2) && put_int(row, 3, SQL_FALSE) &&
             put_val(row, 5, &pks, r, 5) && put_int(row, 6, SQL_INDEX_OTHER) &&
             put_val(row, 7, &pks, r, 4) && put_val(row, 8, &pks, r, 3) && put(row, 9, "A");
    }
    pgw_result_clear(&tabs);
    pgw_result_clear(&pks);
    if (!ok)
        return nomem(stmt, &s);
    return set_emit(stmt, &s, stat_sort);
}

/* ------------------------------------------------------------ SQLSpecialColumns */

static const cat_col special_cols[] = {
    {"SCOPE", NULL, T_SMALLINT}, {"COLUMN_NAME", NULL, T_VARCHAR},
    {"DATA_TYPE", NULL, T_SMALLINT}, {"TYPE_NAME", NULL, T_VARCHAR},
    {"COLUMN_SIZE", "PRECISION", T_INTEGER}, {"BUFFER_LENGTH", "LENGTH", T_INTEGER},
    {"DECIMAL_DIGITS", "SCALE", T_SMALLINT}, {"PSEUDO_COLUMN", NULL, T_SMALLINT},
};
static const int special_sort[] = {0, -1};

/* A CrateDB system column (docs/general/ddl/system-columns.rst, FACTS §6). */
static bool system_column_row(cat_set *s, const drv_stmt *stmt, SQLSMALLINT scope,
                              const char *name, const char *type)
{
    char **row = set_row(s);
    char *tmp[16] = {NULL};
    type_src t = {{type, (int32_t)strlen(type)}, {NULL, -1}, -1, -1, -1, -1};
    if (!row || !put_type(tmp, 0, stmt, &t))
        goto fail;
    bool ok = (scope < 0 || put_int(row, 0, scope)) && put(row, 1, name) &&
              put(row, 2, tmp[0]) && put(row, 3, tmp[1]) && put(row, 4, tmp[2]) &&
              put(row, 5, tmp[3]) && put(row, 6, tmp[4]) && put_int(row, 7, SQL_PC_PSEUDO);
    for (int i = 0; i < 16; i++)
        free(tmp[i]);
    return ok;
fail:
    for (int i = 0; i < 16; i++)
        free(tmp[i]);
    return false;
}

/*
 * SQL_BEST_ROWID: the primary key columns; without a primary key, on
 * CrateDB, the `_id` system column of a base table (its document id) outside
 * sys, information_schema, pg_catalog and blob.
 * SQL_ROWVER: on CrateDB `_seq_no` and `_primary_term`, which change on
 * every write of a row (FACTS §5.4). PostgreSQL tables get neither
 * pseudo-column (no `_id` there).
 */
SQLRETURN drv_special_columns(drv_stmt *stmt, SQLUSMALLINT id_type, const char *cat,
                              const char *schema, const char *table, SQLUSMALLINT scope,
                              SQLUSMALLINT nullable)
{
    if (id_type != SQL_BEST_ROWID && id_type != SQL_ROWVER)
        return drv_error(&stmt->hdr, "HY097", "Column type out of range");
    if (scope != SQL_SCOPE_CURROW && scope != SQL_SCOPE_TRANSACTION && scope != SQL_SCOPE_SESSION)
        return drv_error(&stmt->hdr, "HY098", "Scope type out of range");
    if (nullable != SQL_NO_NULLS && nullable != SQL_NULLABLE)
        return drv_error(&stmt->hdr, "HY099", "Nullable type out of range");
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {special_cols, 8, NULL, 0, 0};
    if (!table)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer: TableName");
    if (!catalog_matches(stmt, cat, false))
        return set_emit(stmt, &s, NULL);
    bool crate = pgw_is_cratedb(stmt->dbc->conn);
    pgw_result tabs, pks, cols;
    pgw_result_init(&pks);
    pgw_result_init(&cols);
    rc = table_query(stmt, schema, table, &tabs);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    /* CrateDB's system columns exist in the tables users create: not in the
     * system schemas' tables nor in blob tables ("Column _id unknown") */
    pgw_value ts = tabs.nrows == 1 ? pgw_result_value(&tabs, 0, 1) : (pgw_value){NULL, -1};
    bool base_table = tabs.nrows == 1 && val_is(&tabs, 0, 3, "BASE TABLE") &&
                      !is_system_schema(ts.ptr, (size_t)ts.len) && !val_is(&tabs, 0, 1, "blob");
    bool ok = true;
    if (id_type == SQL_ROWVER) {
        if (crate && base_table)
            ok = system_column_row(&s, stmt, -1, "_seq_no", "bigint") &&
                 system_column_row(&s, stmt, -1, "_primary_term", "bigint");
        goto done;
    }
    rc = pk_query(stmt, schema, table, &pks);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    if (pks.nrows == 0) {
        if (crate && base_table)
            ok = system_column_row(&s, stmt, SQL_SCOPE_SESSION, "_id", "text");
        goto done;
    }
    /* the key columns' types: SQLColumns' query on the same table */
    cat_arg a[2] = {{NULL}, {NULL}};
    if (SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_IDENT, "SchemaName", &a[0])) &&
        SQL_SUCCEEDED(rc = arg_prepare(stmt, table, A_IDENT, "TableName", &a[1])))
        rc = run_query(stmt, DRV_SQL_COLUMNS, DRV_SQL_COLUMNS_COLS, a, 2, &cols);
    args_free(a, 2);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    for (size_t k = 0; ok && k < pks.nrows; k++) {
        pgw_value kn = pgw_result_value(&pks, k, 3), ks = pgw_result_value(&pks, k, 1);
        for (size_t r = 0; ok && r < cols.nrows; r++) {
            pgw_value cn = pgw_result_value(&cols, r, QC_COLUMN);
            pgw_value cs = pgw_result_value(&cols, r, QC_SCHEMA);
            if (cn.len != kn.len || memcmp(cn.ptr, kn.ptr, (size_t)kn.len) != 0 ||
                cs.len != ks.len || memcmp(cs.ptr, ks.ptr, (size_t)ks.len) != 0)
                continue;
            char *tmp[16] = {NULL};
            type_src t = type_src_of(&cols, r);
            char **row = set_row(&s);
            ok = row && put_type(tmp, 0, stmt, &t) && put_int(row, 0, SQL_SCOPE_SESSION) &&
                 put_val(row, 1, &cols, r, QC_COLUMN) && put(row, 2, tmp[0]) &&
                 put(row, 3, tmp[1]) && put(row, 4, tmp[2]) && put(row, 5, tmp[3]) &&
                 put(row, 6, tmp[4]) && put_int(row, 7, SQL_PC_NOT_PSEUDO);
            for (int i = 0; i < 16; i++)
                free(tmp[i]);
        }
    }
done:
    pgw_result_clear(&tabs);
    pgw_result_clear(&pks);
    pgw_result_clear(&cols);
    if (!SQL_SUCCEEDED(rc)) {
        set_free(&s);
        return rc;
    }
    if (!ok)
        return nomem(stmt, &s);
    return set_emit(stmt, &s, special_sort);
}

/* ------------------------------------------------------------ SQLForeignKeys */

static const cat_col fk_cols[] = {
    {"PKTABLE_CAT", "PKTABLE_QUALIFIER", T_VARCHAR}, {"PKTABLE_SCHEM", "PKTABLE_OWNER", T_VARCHAR},
    {"PKTABLE_NAME", NULL, T_VARCHAR}, {"PKCOLUMN_NAME", NULL, T_VARCHAR},
    {"FKTABLE_CAT", "FKTABLE_QUALIFIER", T_VARCHAR}, {"FKTABLE_SCHEM", "FKTABLE_OWNER", T_VARCHAR},
    {"FKTABLE_NAME", NULL, T_VARCHAR}, {"FKCOLUMN_NAME", NULL, T_VARCHAR},
    {"KEY_SEQ", NULL, T_SMALLINT}, {"UPDATE_RULE", NULL, T_SMALLINT},
    {"DELETE_RULE", NULL, T_SMALLINT}, {"FK_NAME", NULL, T_VARCHAR},
    {"PK_NAME", NULL, T_VARCHAR}, {"DEFERRABILITY", NULL, T_SMALLINT},
};

/* CrateDB has no foreign keys (FACTS §5.3 referential_constraints, §6):
 * the result is always empty, with the right columns. */
SQLRETURN drv_foreign_keys(drv_stmt *stmt, const char *pk_table, const char *fk_table)
{
    if (!pk_table && !fk_table)
        return drv_error(&stmt->hdr, "HY009",
                         "Invalid use of null pointer: PKTableName or FKTableName is required");
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {fk_cols, 14, NULL, 0, 0};
    return set_emit(stmt, &s, NULL);
}

/* ------------------------------------------------------------ procedures */

static const cat_col proc_cols[] = {
    {"PROCEDURE_CAT", "PROCEDURE_QUALIFIER", T_VARCHAR},
    {"PROCEDURE_SCHEM", "PROCEDURE_OWNER", T_VARCHAR},
    {"PROCEDURE_NAME", NULL, T_VARCHAR}, {"NUM_INPUT_PARAMS", NULL, T_INTEGER},
    {"NUM_OUTPUT_PARAMS", NULL, T_INTEGER}, {"NUM_RESULT_SETS", NULL, T_INTEGER},
    {"REMARKS", NULL, T_VARCHAR}, {"PROCEDURE_TYPE", NULL, T_SMALLINT},
};
static const int proc_sort[] = {0, 1, 2, -1};

/* Runs DRV_SQL_PROCEDURES with the schema and name patterns. */
static SQLRETURN proc_query(drv_stmt *stmt, const char *schema, const char *name,
                            pgw_result *res)
{
    cat_arg a[2] = {{NULL}, {NULL}};
    SQLRETURN rc;
    pgw_result_init(res);
    if (SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, A_PATTERN, "SchemaName", &a[0])) &&
        SQL_SUCCEEDED(rc = arg_prepare(stmt, name, A_PATTERN, "ProcName", &a[1])))
        rc = run_query(stmt, DRV_SQL_PROCEDURES, DRV_SQL_PROCEDURES_COLS, a, 2, res);
    args_free(a, 2);
    return rc;
}

/* A row of the procedures query: catalog, schema, name, SQL_PT_FUNCTION. */
static bool fill_proc(char **row, drv_stmt *stmt, const pgw_result *res, size_t r,
                      const void *arg)
{
    (void)arg;
    return put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, res, r, 0) &&
           put_val(row, 2, res, r, 1) && put_int(row, 7, SQL_PT_FUNCTION);
}

/* CrateDB's user-defined functions (information_schema.routines,
 * routine_type FUNCTION; FACTS §5.3), reported as SQL_PT_FUNCTION. The
 * parameter counts are "reserved" in ODBC 3 and NULL here. */
SQLRETURN drv_procedures(drv_stmt *stmt, const char *cat, const char *schema, const char *name)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {proc_cols, 8, NULL, 0, 0};
    if (!catalog_matches(stmt, cat, true))
        return set_emit(stmt, &s, NULL);
    pgw_result res;
    rc = proc_query(stmt, schema, name, &res);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return emit_rows(stmt, &s, &res, -1, NULL, fill_proc, NULL, proc_sort);
}

static const cat_col proccol_cols[] = {
    {"PROCEDURE_CAT", "PROCEDURE_QUALIFIER", T_VARCHAR},
    {"PROCEDURE_SCHEM", "PROCEDURE_OWNER", T_VARCHAR},
    {"PROCEDURE_NAME", NULL, T_VARCHAR}, {"COLUMN_NAME", NULL, T_VARCHAR},
    {"COLUMN_TYPE", NULL, T_SMALLINT}, {"DATA_TYPE", NULL, T_SMALLINT},
    {"TYPE_NAME", NULL, T_VARCHAR}, {"COLUMN_SIZE", "PRECISION", T_INTEGER},
    {"BUFFER_LENGTH", "LENGTH", T_INTEGER}, {"DECIMAL_DIGITS", "SCALE", T_SMALLINT},
    {"NUM_PREC_RADIX", "RADIX", T_SMALLINT}, {"NULLABLE", NULL, T_SMALLINT},
    {"REMARKS", NULL, T_VARCHAR}, {"COLUMN_DEF", NULL, T_VARCHAR},
    {"SQL_DATA_TYPE", NULL, T_SMALLINT}, {"SQL_DATETIME_SUB", NULL, T_SMALLINT},
    {"CHAR_OCTET_LENGTH", NULL, T_INTEGER}, {"ORDINAL_POSITION", NULL, T_INTEGER},
    {"IS_NULLABLE", NULL, T_VARCHAR},
};
/* the spec's order; within a COLUMN_TYPE the parameters' order */
static const int proccol_sort[] = {0, 1, 2, 4, 17, -1};

/* A row of SQLProcedureColumns for function r of the procedures query:
 * column name, COLUMN_TYPE, the type's name and ORDINAL_POSITION. */
static bool proccol_row(cat_set *s, drv_stmt *stmt, const pgw_result *res, size_t r,
                        const char *name, SQLSMALLINT kind, pgw_value type, int pos)
{
    type_src t = {type, {NULL, -1}, -1, -1, -1, -1};
    char **row = set_row(s);
    return row && put(row, 0, drv_catalog_name(stmt->dbc)) && put_val(row, 1, res, r, 0) &&
           put_val(row, 2, res, r, 1) && put(row, 3, name) && put_int(row, 4, kind) &&
           put_type(row, 5, stmt, &t) && put_int(row, 11, SQL_NULLABLE_UNKNOWN) &&
           put_int(row, 17, pos) && put(row, 18, "");
}

/*
 * The rows of function r whose COLUMN_NAME matches `pattern`: its return
 * value (COLUMN_NAME "RETURN_VALUE", ORDINAL_POSITION 0), then its
 * parameters (SQL_PARAM_INPUT, 1, 2 ...). CrateDB's information_schema has
 * no parameters table and CrateDB keeps no parameter names, but a UDF's
 * specific_name lists the parameter types: "f_add(integer, bigint)". The
 * parameters are unnamed (COLUMN_NAME ""). PostgreSQL's specific names
 * ("f_add_16384") carry no list: its functions get the return value only.
 */
static bool proccol_rows(cat_set *s, drv_stmt *stmt, const pgw_result *res, size_t r,
                         const char *pattern)
{
    if (cat_like(pattern, "RETURN_VALUE") &&
        !proccol_row(s, stmt, res, r, "RETURN_VALUE", SQL_RETURN_VALUE,
                     pgw_result_value(res, r, 2), 0))
        return false;
    pgw_value name = pgw_result_value(res, r, 1), spec = pgw_result_value(res, r, 3);
    if (!cat_like(pattern, "") || name.len < 0 || spec.len < name.len + 2 ||
        memcmp(spec.ptr, name.ptr, (size_t)name.len) != 0 || spec.ptr[name.len] != '(' ||
        spec.ptr[spec.len - 1] != ')')
        return true;
    const char *p = spec.ptr + name.len + 1, *end = spec.ptr + spec.len - 1;
    for (int pos = 1; p < end; pos++) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        pgw_value type = {p, (int32_t)(stop - p)};
        if (!proccol_row(s, stmt, res, r, "", SQL_PARAM_INPUT, type, pos))
            return false;
        for (p = comma ? comma + 1 : end; p < end && *p == ' '; p++)
            ;
    }
    return true;
}

SQLRETURN drv_procedure_columns(drv_stmt *stmt, const char *cat, const char *schema,
                                const char *name, const char *column)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {proccol_cols, 19, NULL, 0, 0};
    cat_arg col;
    if (!SQL_SUCCEEDED(rc = arg_prepare(stmt, column, A_PATTERN, "ColumnName", &col)))
        return rc;
    pgw_result res;
    pgw_result_init(&res);
    if (catalog_matches(stmt, cat, true))
        rc = proc_query(stmt, schema, name, &res);
    for (size_t r = 0; SQL_SUCCEEDED(rc) && r < res.nrows; r++)
        if (!proccol_rows(&s, stmt, &res, r, col.like))
            rc = drv_nomem(&stmt->hdr);
    args_free(&col, 1);
    pgw_result_clear(&res);
    if (!SQL_SUCCEEDED(rc)) {
        set_free(&s);
        return rc;
    }
    return set_emit(stmt, &s, proccol_sort);
}

/* ------------------------------------------------------------ privileges */

static const cat_col tpriv_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"GRANTOR", NULL, T_VARCHAR},
    {"GRANTEE", NULL, T_VARCHAR}, {"PRIVILEGE", NULL, T_VARCHAR},
    {"IS_GRANTABLE", NULL, T_VARCHAR},
};
static const int tpriv_sort[] = {0, 1, 2, 5, 4, -1};

static const cat_col cpriv_cols[] = {
    {"TABLE_CAT", "TABLE_QUALIFIER", T_VARCHAR}, {"TABLE_SCHEM", "TABLE_OWNER", T_VARCHAR},
    {"TABLE_NAME", NULL, T_VARCHAR}, {"COLUMN_NAME", NULL, T_VARCHAR},
    {"GRANTOR", NULL, T_VARCHAR}, {"GRANTEE", NULL, T_VARCHAR},
    {"PRIVILEGE", NULL, T_VARCHAR}, {"IS_GRANTABLE", NULL, T_VARCHAR},
};
static const int cpriv_sort[] = {0, 1, 2, 3, 6, -1};

/* A server error that means "you may not read the grants": the privileges
 * table is absent (CrateDB before 6.0: 42P01) or not readable (42501). The
 * result is then empty, with the right shape. */
static bool grants_unreadable(drv_stmt *stmt)
{
    drv_diag *d = &stmt->hdr.diag;
    if (d->count != 1)
        return false;
    const char *st = d->recs[0].sqlstate;
    if (strcmp(st, "42P01") != 0 && strcmp(st, "42501") != 0)
        return false;
    drv_diag_clear(&stmt->hdr);
    return true;
}

/* CrateDB grants classes of privileges (DQL, DML, DDL, AL). ODBC names
 * SELECT, INSERT, UPDATE, DELETE and REFERENCES, or the data source's own:
 * DQL is SELECT, DML is INSERT, UPDATE and DELETE (one row each); others,
 * PostgreSQL's names among them, stay as the server names them. */
static const struct privilege_class {
    const char *crate;
    const char *odbc[4];         /* NULL-terminated */
} privilege_classes[] = {
    {"DQL", {"SELECT", NULL}},
    {"DML", {"INSERT", "UPDATE", "DELETE", NULL}},
};

/*
 * The result rows for server row r of a privileges query whose first n
 * columns are the result's after TABLE_CAT, the last two of them
 * privilege_type and is_grantable. IS_GRANTABLE is YES/NO: CrateDB's column
 * is a boolean (t/f), PostgreSQL's already YES/NO. False on no memory.
 */
static bool grant_rows(cat_set *s, drv_stmt *stmt, const pgw_result *res, size_t r, int n)
{
    pgw_value priv = pgw_result_value(res, r, n - 2);
    pgw_value grantable = pgw_result_value(res, r, n - 1);
    const char *yes_no = NULL;
    if (val_is(res, r, n - 1, "t") || val_is(res, r, n - 1, "YES"))
        yes_no = "YES";
    else if (val_is(res, r, n - 1, "f") || val_is(res, r, n - 1, "NO"))
        yes_no = "NO";
    const char *const *names = NULL;
    for (size_t i = 0; i < sizeof privilege_classes / sizeof privilege_classes[0]; i++)
        if (val_is(res, r, n - 2, privilege_classes[i].crate))
            names = privilege_classes[i].odbc;
    for (int k = 0; names ? names[k] != NULL : k == 0; k++) {
        char **row = set_row(s);
        bool ok = row && put(row, 0, drv_catalog_name(stmt->dbc));
        for (int i = 0; ok && i < n - 2; i++)
            ok = put_val(row, i + 1, res, r, i);
        ok = ok && (names ? put(row, n - 1, names[k])
                          : put_len(row, n - 1, priv.ptr, priv.len < 0 ? 0 : (size_t)priv.len)) &&
             (yes_no || grantable.len < 0 ? put(row, n, yes_no)
                                          : put_val(row, n, res, r, n - 1));
        if (!ok)
            return false;
    }
    return true;
}

/* Shared body: `with_column` selects SQLColumnPrivileges. */
static SQLRETURN privileges(drv_stmt *stmt, const char *cat, const char *schema,
                            const char *table, const char *column, bool with_column)
{
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {with_column ? cpriv_cols : tpriv_cols, with_column ? 8 : 7, NULL, 0, 0};
    const int *sort = with_column ? cpriv_sort : tpriv_sort;
    cat_arg a[3] = {{NULL}, {NULL}, {NULL}};
    pgw_result res;
    pgw_result_init(&res);
    /* SQLColumnPrivileges: schema and table are identifiers, columns a pattern */
    arg_kind k = with_column ? A_IDENT : A_PATTERN;
    if (!SQL_SUCCEEDED(rc = arg_prepare(stmt, schema, k, "SchemaName", &a[0])) ||
        !SQL_SUCCEEDED(rc = arg_prepare(stmt, table, with_column ? A_IDENT_REQUIRED : k,
                                        "TableName", &a[1])) ||
        !SQL_SUCCEEDED(rc = arg_prepare(stmt, column, A_PATTERN, "ColumnName", &a[2]))) {
        args_free(a, 3);
        return rc;
    }
    if (catalog_matches(stmt, cat, !with_column)) {
        rc = run_query(stmt, with_column ? DRV_SQL_COLUMN_PRIVILEGES : DRV_SQL_TABLE_PRIVILEGES,
                       with_column ? DRV_SQL_COLUMN_PRIVILEGES_COLS : DRV_SQL_TABLE_PRIVILEGES_COLS,
                       a, with_column ? 3 : 2, &res);
        if (!SQL_SUCCEEDED(rc) && grants_unreadable(stmt))
            rc = SQL_SUCCESS;
    }
    args_free(a, 3);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    int n = with_column ? 7 : 6;
    for (size_t r = 0; r < res.nrows; r++) {
        if (hidden_schema(stmt, &res, r, 0))
            continue;
        if (!grant_rows(&s, stmt, &res, r, n)) {
            pgw_result_clear(&res);
            return nomem(stmt, &s);
        }
    }
    pgw_result_clear(&res);
    return set_emit(stmt, &s, sort);
}

SQLRETURN drv_table_privileges(drv_stmt *stmt, const char *cat, const char *schema,
                               const char *table)
{
    return privileges(stmt, cat, schema, table, NULL, false);
}

SQLRETURN drv_column_privileges(drv_stmt *stmt, const char *cat, const char *schema,
                                const char *table, const char *column)
{
    return privileges(stmt, cat, schema, table, column, true);
}

/* ------------------------------------------------------------ SQLGetTypeInfo */

static const cat_col typeinfo_cols[] = {
    {"TYPE_NAME", NULL, T_VARCHAR}, {"DATA_TYPE", NULL, T_SMALLINT},
    {"COLUMN_SIZE", "PRECISION", T_INTEGER}, {"LITERAL_PREFIX", NULL, T_VARCHAR},
    {"LITERAL_SUFFIX", NULL, T_VARCHAR}, {"CREATE_PARAMS", NULL, T_VARCHAR},
    {"NULLABLE", NULL, T_SMALLINT}, {"CASE_SENSITIVE", NULL, T_SMALLINT},
    {"SEARCHABLE", NULL, T_SMALLINT}, {"UNSIGNED_ATTRIBUTE", NULL, T_SMALLINT},
    {"FIXED_PREC_SCALE", "MONEY", T_SMALLINT}, {"AUTO_UNIQUE_VALUE", "AUTO_INCREMENT", T_SMALLINT},
    {"LOCAL_TYPE_NAME", NULL, T_VARCHAR}, {"MINIMUM_SCALE", NULL, T_SMALLINT},
    {"MAXIMUM_SCALE", NULL, T_SMALLINT}, {"SQL_DATA_TYPE", NULL, T_SMALLINT},
    {"SQL_DATETIME_SUB", NULL, T_SMALLINT}, {"NUM_PREC_RADIX", NULL, T_INTEGER},
    {"INTERVAL_PRECISION", NULL, T_SMALLINT},
};

/* Whether the server is a CrateDB older than major.minor (its crate_version
 * startup parameter, "6.4.3"). */
static bool crate_older_than(const drv_dbc *dbc, unsigned long major, unsigned long minor)
{
    const char *v = dbc->conn ? pgw_parameter(dbc->conn, "crate_version") : NULL;
    if (!v)
        return false;
    char *end;
    unsigned long ma = strtoul(v, &end, 10);
    unsigned long mi = *end == '.' ? strtoul(end + 1, NULL, 10) : 0;
    return ma < major || (ma == major && mi < minor);
}

/* SQLGetTypeInfo lists the types a column can be declared with: CrateDB
 * before 6.5 has date in expressions only ("Type `date` does not support
 * storage"). */
static bool declarable(const drv_stmt *stmt, const cat_type *t)
{
    return t->oid != 1082 || !crate_older_than(stmt->dbc, 6, 5);
}

/* GetTypeInfo's columns by index, for its sort */
static const int typeinfo_sort[] = {1, -1};

SQLRETURN drv_get_type_info(drv_stmt *stmt, SQLSMALLINT type)
{
    /* ODBC 2 date/time codes name the same types */
    if (type == SQL_DATE)
        type = SQL_TYPE_DATE;
    else if (type == SQL_TIME)
        type = SQL_TYPE_TIME;
    else if (type == SQL_TIMESTAMP)
        type = SQL_TYPE_TIMESTAMP;
    if (type != SQL_ALL_TYPES && !drv_sql_type_known(type))
        return drv_error(&stmt->hdr, "HY004", "Invalid SQL data type %d", (int)type);
    SQLRETURN rc = cat_begin(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    cat_set s = {typeinfo_cols, 19, NULL, 0, 0};
    size_t n;
    const cat_type *t = cat_type_table(&n);
    for (size_t i = 0; i < n; i++, t++) {
        /* a column of the type as a column of it reads (one rule, types.c):
         * unbounded text at TextSize (SQL_LONGVARCHAR with LongText=1), the
         * types declared with a length at TextSize too (a varchar(n) column
         * stays SQL_VARCHAR with LongText), numeric at the largest
         * precision CrateDB stores */
        drv_type_decl decl = DRV_TYPE_DECL_NONE;
        if (t->oid == 1700)
            decl.precision = DRV_NUMERIC_MAX_PRECISION;
        else if (t->create_params && strstr(t->create_params, "length"))
            decl.length = (long long)stmt->dbc->text_size;   /* varchar(TextSize) ... */
        drv_type_meta m;
        drv_type_meta_of(stmt->dbc, t->oid, &decl, &m);
        SQLSMALLINT sql_type = m.sql_type;
        if ((type != SQL_ALL_TYPES && sql_type != type) || !declarable(stmt, t))
            continue;
        bool datetime = sql_type == SQL_TYPE_DATE || sql_type == SQL_TYPE_TIMESTAMP;
        SQLSMALLINT min_scale = t->min_scale, max_scale = t->max_scale;
        if (sql_type == SQL_TYPE_TIMESTAMP)
            min_scale = max_scale = m.digits;
        char **row = set_row(&s);
        bool ok = row && put(row, 0, t->name) && put_int(row, 1, sql_type) &&
                  put_int(row, 2, (long long)m.size) && put(row, 3, t->prefix) &&
                  put(row, 4, t->suffix) && put(row, 5, t->create_params) &&
                  put_int(row, 6, SQL_NULLABLE) && put_int(row, 7, t->case_sensitive) &&
                  put_int(row, 8, t->searchable) &&
                  (t->is_unsigned < 0 || put_int(row, 9, t->is_unsigned)) &&
                  put_int(row, 10, SQL_FALSE) &&
                  (t->is_unsigned < 0 || put_int(row, 11, SQL_FALSE)) &&
                  put(row, 12, t->name) &&
                  (min_scale < 0 || put_int(row, 13, min_scale)) &&
                  (max_scale < 0 || put_int(row, 14, max_scale)) &&
                  put_int(row, 15, datetime ? SQL_DATETIME : sql_type) &&
                  (!datetime || put_int(row, 16, sql_type == SQL_TYPE_DATE
                                                     ? SQL_CODE_DATE : SQL_CODE_TIMESTAMP)) &&
                  (!m.t->num_prec_radix || put_int(row, 17, m.t->num_prec_radix));
        if (!ok)
            return nomem(stmt, &s);
    }
    /* the table is in the spec's order on CrateDB; LongText (text types
     * become SQL_LONGVARCHAR) and other servers' types move rows, so sort
     * by DATA_TYPE (stable: the closest match stays first) */
    return set_emit(stmt, &s, typeinfo_sort);
}
