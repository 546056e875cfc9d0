/*
 * updatable.c: updatable static cursors: SQLSetPos SQL_UPDATE, SQL_DELETE
 * and SQL_REFRESH (re-read from the server) under SQL_CONCUR_ROWVER and
 * SQL_CONCUR_VALUES, over a SELECT of one table.
 *
 * How a row is found again: by the table's primary key, or on CrateDB by
 * `_id` for a table without one (FACTS §6). How a change by someone else
 * is noticed: CrateDB's optimistic concurrency control, `_seq_no` and
 * `_primary_term` in the WHERE of the UPDATE/DELETE (zero rows changed =
 * the row changed since it was read); on PostgreSQL the row's `xmin`. Both
 * are "hidden" columns: the driver appends the key and version columns to
 * the select list of the text it sends and leaves them out of everything
 * the application sees (drv_visible_cols).
 *
 * Realtime on CrateDB: a write becomes visible to an ordinary SELECT only
 * after a refresh, but a lookup by the whole primary key (or `_id`) and an
 * UPDATE/DELETE whose WHERE is the key plus `_seq_no`/`_primary_term` are
 * realtime (checked on 6.4.3; an UPDATE with the key plus an ordinary
 * column is NOT: it missed a row changed a moment before). So every SQL
 * text here is the key, or the key plus the version: SQL_CONCUR_VALUES
 * re-reads the row by key, compares the values the cursor read in the
 * driver, and then changes the row with the version the re-read returned,
 * which keeps the compare and the change one atomic step on the server.
 *
 * What is recognised as "one table": SELECT [ALL] items FROM table [[AS]
 * alias] followed by WHERE/ORDER BY/LIMIT/OFFSET/FETCH only; no DISTINCT,
 * GROUP BY, HAVING, set operations, joins, WITH, aggregates or parameter
 * markers in the select list. Anything else keeps the cursor read-only,
 * with 01S02 (the spec lets a driver substitute the concurrency at
 * execution). A column is updatable when its select item is a plain column
 * reference or comes from `*` (RowDescription names those by their table
 * column); expressions are skipped by SQL_UPDATE.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "driver_sql.h"
#include "param_convert.h"
#include "stmt_int.h"

/* ------------------------------------------------------------ text helpers */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* A name as a quoted identifier ("" doubles a quote). */
static void sb_ident(sbuf *b, const char *name)
{
    sb_add(b, "\"", 1);
    for (const char *s = name; *s; s++) {
        sb_add(b, s, 1);
        if (*s == '"')
            sb_add(b, "\"", 1);
    }
    sb_add(b, "\"", 1);
}

static void sb_param(sbuf *b, int n)
{
    char num[16];
    snprintf(num, sizeof num, "$%d", n);
    sb_str(b, num);
}

/* ------------------------------------------------------------ the SELECT */

typedef struct tok {
    size_t off, len;
} tok;

/* The significant tokens of sql (blanks and comments dropped). */
static int tokenize(const char *sql, size_t len, tok **out)
{
    int n = 0, cap = 0;
    tok *t = NULL;
    size_t i = 0;
    while (i < len) {
        if (isspace((unsigned char)sql[i])) {
            i++;
            continue;
        }
        size_t end = drv_sql_token_end(sql, len, i);
        bool comment = (sql[i] == '-' || sql[i] == '/') && end > i + 1 &&
                       (sql[i + 1] == '-' || sql[i + 1] == '*');
        if (!comment) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                tok *nt = realloc(t, sizeof *t * (size_t)cap);
                if (!nt) {
                    free(t);
                    return -1;
                }
                t = nt;
            }
            t[n].off = i;
            t[n].len = end - i;
            n++;
        }
        i = end;
    }
    *out = t;
    return n;
}

static bool tok_is(const char *sql, const tok *t, const char *word)
{
    return t->len == strlen(word) && strncasecmp(sql + t->off, word, t->len) == 0;
}

static bool tok_is_ident(const char *sql, const tok *t)
{
    unsigned char c = (unsigned char)sql[t->off];
    return c == '"' || c == '_' || isalpha(c) || c >= 0x80;
}

/* Words after which no alias can follow, and words that end "one table". */
static bool tok_is_any(const char *sql, const tok *t, const char *const *words)
{
    for (; *words; words++)
        if (tok_is(sql, t, *words))
            return true;
    return false;
}

static const char *const clause_words[] = {
    "WHERE", "ORDER", "LIMIT", "OFFSET", "FETCH", NULL
};
static const char *const not_one_table[] = {
    "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "GROUP", "HAVING", "UNION",
    "INTERSECT", "EXCEPT", "WINDOW", "FOR", NULL
};
static const char *const aggregates[] = {
    "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "arbitrary", "any_value",
    "geometric_mean", "mean", "stddev", "variance", "percentile", "hyperloglog_distinct",
    "topk", "bool_and", "bool_or", "every", "stddev_pop", "stddev_samp", "var_pop",
    "var_samp", "max_by", "min_by", NULL
};

/* An identifier token as the server names it: a quoted one unquoted, an
 * unquoted one lowercased (both servers fold to lower case). */
static char *ident_name(const char *sql, const tok *t)
{
    const char *s = sql + t->off;
    char *out = malloc(t->len + 1), *o = out;
    if (!out)
        return NULL;
    if (s[0] == '"') {
        for (size_t i = 1; i + 1 < t->len; i++) {
            *o++ = s[i];
            if (s[i] == '"')
                i++;
        }
    } else {
        for (size_t i = 0; i < t->len; i++)
            *o++ = (char)tolower((unsigned char)s[i]);
    }
    *o = '\0';
    return out;
}

typedef enum item_kind { ITEM_EXPR, ITEM_COL, ITEM_STAR } item_kind;

typedef struct sel_item {
    item_kind kind;
    char *col;                     /* ITEM_COL: the table column's name */
} sel_item;

/* The parts of the SELECT the driver needs, or why it is not one table. */
typedef struct sel_parse {
    const char *why;               /* non-NULL: not updatable, and why */
    size_t list_off, list_len;     /* the select list's text */
    size_t from_off;               /* where FROM starts: hidden columns go before */
    char *table_text;              /* the table as written (schema.name)  */
    char *alias_text;              /* the alias as written, or NULL       */
    char *schema, *name;           /* as the catalog names them; schema NULL if not given */
    sel_item *items;
    int nitems;
} sel_parse;

static void sel_parse_free(sel_parse *p)
{
    for (int i = 0; i < p->nitems; i++)
        free(p->items[i].col);
    free(p->items);
    free(p->table_text);
    free(p->alias_text);
    free(p->schema);
    free(p->name);
    memset(p, 0, sizeof *p);
}

/* n bytes of s as a string (drv_strdup_len, unicode.c) */
static char *dup_span(const char *s, size_t n)
{
    return drv_strdup_len(s, (SQLLEN)n);
}

/* One select item t[a..b): a star, a column reference, or an expression
 * (false: an aggregate, which no hidden column can join). */
static bool classify_item(const char *sql, const tok *t, int a, int b, sel_item *it)
{
    it->kind = ITEM_EXPR;
    it->col = NULL;
    for (int k = a; k + 1 < b; k++)
        if (sql[t[k + 1].off] == '(' && t[k + 1].len == 1 && tok_is_any(sql, &t[k], aggregates))
            return false;
    /* drop a trailing [AS] alias */
    int e = b;
    if (e - a >= 2 && tok_is_ident(sql, &t[e - 1]) && tok_is(sql, &t[e - 2], "AS"))
        e -= 2;
    else if (e - a >= 2 && tok_is_ident(sql, &t[e - 1]) && tok_is_ident(sql, &t[e - 2]))
        e -= 1;
    if (e - a == 1 && sql[t[a].off] == '*') {
        it->kind = ITEM_STAR;
        return true;
    }
    if (e - a >= 3 && sql[t[e - 1].off] == '*' && sql[t[e - 2].off] == '.') {
        it->kind = ITEM_STAR;
        return true;
    }
    /* ident ( . ident ){0,2} */
    int n = e - a;
    if (n != 1 && n != 3 && n != 5)
        return true;
    for (int k = a; k < e; k++) {
        bool dot = (k - a) % 2 == 1;
        if (dot ? !(t[k].len == 1 && sql[t[k].off] == '.') : !tok_is_ident(sql, &t[k]))
            return true;
    }
    it->col = ident_name(sql, &t[e - 1]);
    it->kind = it->col ? ITEM_COL : ITEM_EXPR;
    return true;
}

static bool parse_items(const char *sql, const tok *t, int a, int b, sel_parse *p)
{
    int cap = 8;
    p->items = calloc((size_t)cap, sizeof *p->items);
    if (!p->items)
        return false;
    int depth = 0, start = a;
    for (int k = a; k <= b; k++) {
        char c = k < b && t[k].len == 1 ? sql[t[k].off] : 0;
        if (c == '(' || c == '[')
            depth++;
        else if (c == ')' || c == ']')
            depth--;
        if (k < b && (c != ',' || depth != 0))
            continue;
        if (k == start) {
            p->why = "an empty select item";
            return true;
        }
        if (p->nitems == cap) {
            sel_item *ni = realloc(p->items, sizeof *ni * (size_t)(cap *= 2));
            if (!ni)
                return false;
            p->items = ni;
        }
        if (!classify_item(sql, t, start, k, &p->items[p->nitems++])) {
            p->why = "the select list has an aggregate";
            return true;
        }
        start = k + 1;
    }
    return true;
}

/* Parses sql[0..len); false only on out of memory. */
static bool parse_select(const char *sql, size_t len, sel_parse *p)
{
    tok *t = NULL;
    memset(p, 0, sizeof *p);
    int n = tokenize(sql, len, &t);
    if (n < 0)
        return false;
    bool ok = true;
    int k = 0, from = -1, depth = 0;
    if (n < 4 || !tok_is(sql, &t[0], "SELECT")) {
        p->why = "the statement is not a SELECT";
        goto done;
    }
    k = 1;
    if (tok_is(sql, &t[k], "DISTINCT")) {
        p->why = "SELECT DISTINCT";
        goto done;
    }
    if (tok_is(sql, &t[k], "ALL"))
        k++;
    for (int j = k; j < n; j++) {
        char c = t[j].len == 1 ? sql[t[j].off] : 0;
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        else if (c == '$' || (sql[t[j].off] == '$' && t[j].len > 1 && isdigit((unsigned char)sql[t[j].off + 1]))) {
            if (from < 0) {
                p->why = "the select list has a parameter marker";
                goto done;
            }
        } else if (depth == 0 && from < 0 && tok_is(sql, &t[j], "FROM")) {
            from = j;
        } else if (depth == 0 && from >= 0 && (tok_is_any(sql, &t[j], not_one_table) ||
                                              c == ',' || c == ';')) {
            p->why = "the statement reads more than one table or groups rows";
            goto done;
        }
    }
    if (from < 0 || from == k || from + 1 >= n) {
        p->why = "the statement has no FROM table";
        goto done;
    }
    p->list_off = t[k].off;
    p->list_len = t[from - 1].off + t[from - 1].len - t[k].off;
    p->from_off = t[from].off;
    ok = parse_items(sql, t, k, from, p);
    if (!ok || p->why)
        goto done;
    /* table: ident [. ident], then [[AS] alias], then only clause words */
    int j = from + 1;
    if (!tok_is_ident(sql, &t[j])) {
        p->why = "the FROM item is not a table";
        goto done;
    }
    int tstart = j;
    if (j + 2 < n && t[j + 1].len == 1 && sql[t[j + 1].off] == '.' &&
        tok_is_ident(sql, &t[j + 2])) {
        ok = (p->schema = ident_name(sql, &t[j])) != NULL;
        j += 2;
    }
    ok = ok && (p->name = ident_name(sql, &t[j])) != NULL &&
         (p->table_text = dup_span(sql + t[tstart].off,
                                   t[j].off + t[j].len - t[tstart].off)) != NULL;
    j++;
    if (ok && j < n && tok_is(sql, &t[j], "AS"))
        j++;
    if (ok && j < n && tok_is_ident(sql, &t[j]) && !tok_is_any(sql, &t[j], clause_words)) {
        ok = (p->alias_text = dup_span(sql + t[j].off, t[j].len)) != NULL;
        j++;
    }
    if (ok && j < n && !tok_is_any(sql, &t[j], clause_words))
        p->why = "the FROM item is not a plain table";
done:
    free(t);
    if (!ok)
        sel_parse_free(p);
    return ok;
}

/* ------------------------------------------------------------ the plan */

typedef enum upd_state { ROW_AS_READ = 0, ROW_UPDATED, ROW_DELETED } upd_state;

struct drv_upd {
    char *table_text;              /* for UPDATE / DELETE / the re-read  */
    char *alias_text;
    char *select_list;             /* the application's select list      */
    char **keys;                   /* key column names (raw)             */
    int nkeys;
    const char *const *vers;       /* version column names               */
    int nvers;
    int nhidden;                   /* nkeys + nvers, at the end of a row */
    sel_item *items;
    int nitems;
    char **colnames;               /* per visible column: table column or NULL */
    int nvisible;
    /* per res row: values after an own update or refresh (owned), state */
    struct upd_row {
        pgw_value *vals;
        char *store;
        unsigned char state;
    } *rows;
    size_t nrows;
    size_t cur_row;                /* the res row of the change being built */
    bool has_xmin;                 /* PostgreSQL's row version, else CrateDB's */
};

static const char *const crate_version_cols[] = { "_seq_no", "_primary_term" };
static const char *const pg_version_cols[] = { "xmin" };

void drv_upd_free(drv_stmt *stmt)
{
    drv_upd *u = stmt->upd;
    if (!u)
        return;
    free(u->table_text);
    free(u->alias_text);
    free(u->select_list);
    for (int i = 0; i < u->nkeys; i++)
        free(u->keys[i]);
    free(u->keys);
    for (int i = 0; i < u->nitems; i++)
        free(u->items[i].col);
    free(u->items);
    for (int i = 0; i < u->nvisible; i++)
        free(u->colnames[i]);
    free(u->colnames);
    for (size_t r = 0; r < u->nrows; r++) {
        free(u->rows[r].vals);
        free(u->rows[r].store);
    }
    free(u->rows);
    free(u);
    stmt->upd = NULL;
}

int drv_visible_cols(const drv_stmt *stmt)
{
    if (!stmt->res.cols)
        return 0;
    int n = stmt->res.ncols - (stmt->upd ? stmt->upd->nhidden : 0);
    return n > 0 ? n : 0;
}

pgw_value drv_upd_value(const drv_stmt *stmt, size_t row, int col)
{
    const drv_upd *u = stmt->upd;
    if (row < u->nrows && u->rows[row].vals)
        return u->rows[row].vals[col];
    return pgw_result_value(&stmt->res, row, col);
}

SQLUSMALLINT drv_upd_row_status(const drv_stmt *stmt, size_t row)
{
    const drv_upd *u = stmt->upd;
    if (!u || row >= u->nrows)
        return SQL_ROW_SUCCESS;
    switch (u->rows[row].state) {
    case ROW_UPDATED: return SQL_ROW_UPDATED;
    case ROW_DELETED: return SQL_ROW_DELETED;
    default: return SQL_ROW_SUCCESS;
    }
}

static SQLRETURN find_key(drv_stmt *stmt, const sel_parse *p, drv_upd *u)
{
    pgw_result r;
    pgw_result_init(&r);
    pgw_param params[2];
    int n = 0;
    if (p->schema)
        params[n++] = (pgw_param){ p->schema, (int32_t)strlen(p->schema), 0 };
    params[n++] = (pgw_param){ p->name, (int32_t)strlen(p->name), 0 };
    SQLRETURN rc = drv_own_query(stmt, p->schema ? DRV_SQL_ROW_VERSION
                                                 : DRV_SQL_ROW_VERSION_CURRENT, n, params,
                       "row version", DRV_SQL_ROW_VERSION_COLS, &r);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    pgw_value cnt = r.nrows == 1 && r.ncols == 1 ? pgw_result_value(&r, 0, 0)
                                                 : (pgw_value){ NULL, -1 };
    u->has_xmin = cnt.len > 0 && !(cnt.len == 1 && cnt.ptr[0] == '0');
    pgw_result_clear(&r);
    pgw_result_init(&r);
    rc = drv_own_query(stmt, p->schema ? DRV_SQL_UPD_KEY : DRV_SQL_UPD_KEY_CURRENT, n, params,
                       "primary key", DRV_SQL_UPD_KEY_COLS, &r);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    u->keys = calloc(r.nrows ? r.nrows : 1, sizeof *u->keys);
    if (!u->keys) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    for (size_t i = 0; i < r.nrows; i++) {
        pgw_value v = pgw_result_value(&r, i, 0);
        if (v.len < 0 || !(u->keys[u->nkeys++] = dup_span(v.ptr, (size_t)v.len))) {
            rc = drv_nomem(&stmt->hdr);
            goto done;
        }
    }
    /* CrateDB: a table without a primary key has its rows' `_id` */
    if (u->nkeys == 0 && !u->has_xmin) {
        if (!(u->keys[0] = dup_span("_id", 3))) {
            rc = drv_nomem(&stmt->hdr);
            goto done;
        }
        u->nkeys = 1;
    }
done:
    pgw_result_clear(&r);
    return rc;
}

/* The hidden columns' select text: ", q."k1", ..., q."_seq_no" ...". */
static void add_hidden(sbuf *b, const drv_upd *u)
{
    const char *q = u->alias_text ? u->alias_text : u->table_text;
    for (int i = 0; i < u->nkeys + u->nvers; i++) {
        sb_str(b, ", ");
        sb_str(b, q);
        sb_str(b, ".");
        sb_ident(b, i < u->nkeys ? u->keys[i] : u->vers[i - u->nkeys]);
    }
}

SQLRETURN drv_upd_prepare(drv_stmt *stmt, const char *sql, char **out)
{
    *out = NULL;
    drv_upd_free(stmt);
    sel_parse p;
    if (!parse_select(sql, strlen(sql), &p))
        return drv_nomem(&stmt->hdr);
    SQLRETURN rc = SQL_SUCCESS;
    const char *why = p.why;
    drv_upd *u = NULL;
    if (!why && !(u = calloc(1, sizeof *u))) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    if (!why) {
        rc = find_key(stmt, &p, u);
        if (!SQL_SUCCEEDED(rc))
            goto done;
        if (u->nkeys == 0)
            why = "the table has no primary key";
    }
    if (why) {
        stmt->concurrency = SQL_CONCUR_READ_ONLY;
        rc = drv_error(&stmt->hdr, "01S02", "Option value changed: the cursor is read-only "
                       "(SQL_CONCUR_READ_ONLY) because %s; an updatable cursor reads one "
                       "table with a primary key (on CrateDB, or _id)", why);
        goto done;
    }
    bool crate = !u->has_xmin;
    u->vers = crate ? crate_version_cols : pg_version_cols;
    u->nvers = crate ? 2 : 1;
    u->nhidden = u->nkeys + u->nvers;
    u->table_text = p.table_text;
    u->alias_text = p.alias_text;
    u->items = p.items;
    u->nitems = p.nitems;
    p.table_text = p.alias_text = NULL;
    p.items = NULL;
    p.nitems = 0;
    u->select_list = dup_span(sql + p.list_off, p.list_len);
    sbuf b = { 0 };
    sb_add(&b, sql, p.from_off);
    /* the select list ends before the blanks before FROM */
    while (b.len > 0 && isspace((unsigned char)b.p[b.len - 1]))
        b.p[--b.len] = '\0';
    add_hidden(&b, u);
    sb_str(&b, " ");
    sb_str(&b, sql + p.from_off);
    if (b.failed || !u->select_list) {
        free(b.p);
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    *out = b.p;
    stmt->upd = u;
    u = NULL;
done:
    if (u) {
        stmt->upd = u;
        drv_upd_free(stmt);
    }
    sel_parse_free(&p);
    return rc;
}

SQLRETURN drv_upd_opened(drv_stmt *stmt)
{
    drv_upd *u = stmt->upd;
    int nvis = stmt->res.ncols - u->nhidden;
    if (nvis <= 0)
        return drv_error(&stmt->hdr, "HY000", "The updatable cursor's result lacks its key "
                         "columns");
    u->nvisible = nvis;
    u->colnames = calloc((size_t)nvis, sizeof *u->colnames);
    u->rows = calloc(stmt->res.nrows ? stmt->res.nrows : 1, sizeof *u->rows);
    if (!u->colnames || !u->rows)
        return drv_nomem(&stmt->hdr);
    u->nrows = stmt->res.nrows;
    int nstars = 0, others = 0;
    for (int i = 0; i < u->nitems; i++)
        u->items[i].kind == ITEM_STAR ? nstars++ : others++;
    int per_star = nstars ? (nvis - others) / nstars : 0;
    int c = 0;
    for (int i = 0; i < u->nitems && c < nvis; i++) {
        if (u->items[i].kind == ITEM_STAR) {
            for (int k = 0; k < per_star && c < nvis; k++, c++)
                if (!(u->colnames[c] = dup_span(stmt->res.cols[c].name,
                                                strlen(stmt->res.cols[c].name))))
                    return drv_nomem(&stmt->hdr);
        } else {
            if (u->items[i].kind == ITEM_COL &&
                !(u->colnames[c] = dup_span(u->items[i].col, strlen(u->items[i].col))))
                return drv_nomem(&stmt->hdr);
            c++;
        }
    }
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ row operations */

/* Appends " WHERE k1 = $a AND ..." for the key (and the version when
 * `ver`), numbering from *next; the values go to params. */
static void add_where(sbuf *b, const drv_upd *u, bool ver, int *next)
{
    sb_str(b, " WHERE ");
    int n = u->nkeys + (ver ? u->nvers : 0);
    for (int i = 0; i < n; i++) {
        if (i)
            sb_str(b, " AND ");
        sb_ident(b, i < u->nkeys ? u->keys[i] : u->vers[i - u->nkeys]);
        sb_str(b, " = ");
        sb_param(b, (*next)++);
    }
}

/* The key and version values of a row (hidden columns) as text parameters. */
static void row_keys(const drv_stmt *stmt, const pgw_value *vals, pgw_param *out, int n)
{
    int first = stmt->res.ncols - stmt->upd->nhidden;
    for (int i = 0; i < n; i++)
        out[i] = (pgw_param){ vals[first + i].ptr, vals[first + i].len, 0 };
}

static void row_values(const drv_stmt *stmt, size_t row, pgw_value *vals)
{
    for (int c = 0; c < stmt->res.ncols; c++)
        vals[c] = drv_upd_value(stmt, row, c);
}

/* Re-reads res row `row` by its key: *found false when it is gone. The
 * values are kept as the row's own (override) values when `keep`. */
static SQLRETURN reread(drv_stmt *stmt, size_t row, pgw_result *r, bool *found)
{
    drv_upd *u = stmt->upd;
    sbuf b = { 0 };
    sb_str(&b, "SELECT ");
    sb_str(&b, u->select_list);
    add_hidden(&b, u);
    sb_str(&b, " FROM ");
    sb_str(&b, u->table_text);
    if (u->alias_text) {
        sb_str(&b, " ");
        sb_str(&b, u->alias_text);
    }
    int next = 1;
    add_where(&b, u, false, &next);
    if (b.failed) {
        free(b.p);
        return drv_nomem(&stmt->hdr);
    }
    pgw_value *vals = calloc((size_t)stmt->res.ncols, sizeof *vals);
    pgw_param *params = calloc((size_t)u->nkeys, sizeof *params);
    SQLRETURN rc;
    if (!vals || !params) {
        rc = drv_nomem(&stmt->hdr);
    } else {
        row_values(stmt, row, vals);
        row_keys(stmt, vals, params, u->nkeys);
        rc = drv_own_query(stmt, b.p, u->nkeys, params, "", 0, r);   /* its width: below */
    }
    free(vals);
    free(params);
    free(b.p);
    if (SQL_SUCCEEDED(rc) && r->ncols != stmt->res.ncols)
        rc = drv_error(&stmt->hdr, "HY000", "Re-reading the row gave %d columns, not %d",
                       r->ncols, stmt->res.ncols);
    *found = SQL_SUCCEEDED(rc) && r->nrows == 1;
    return rc;
}

/* Makes the re-read row r[0] the row's own values. */
static SQLRETURN keep_row(drv_stmt *stmt, size_t row, const pgw_result *r)
{
    drv_upd *u = stmt->upd;
    size_t total = 0;
    if (r->ncols <= 0 || r->nrows < 1)
        return drv_error(&stmt->hdr, "HY000", "Re-reading the row gave no row");
    for (int c = 0; c < r->ncols; c++) {
        pgw_value v = pgw_result_value(r, 0, c);
        total += v.len > 0 ? (size_t)v.len : 0;
    }
    pgw_value *vals = calloc((size_t)r->ncols, sizeof *vals);
    char *store = malloc(total + 1);
    if (!vals || !store) {
        free(vals);
        free(store);
        return drv_nomem(&stmt->hdr);
    }
    size_t off = 0;
    for (int c = 0; c < r->ncols; c++) {
        pgw_value v = pgw_result_value(r, 0, c);
        vals[c].len = v.len;
        vals[c].ptr = store + off;
        if (v.len > 0) {
            memcpy(store + off, v.ptr, (size_t)v.len);
            off += (size_t)v.len;
        }
    }
    free(u->rows[row].vals);
    free(u->rows[row].store);
    u->rows[row].vals = vals;
    u->rows[row].store = store;
    return SQL_SUCCESS;
}

/* SQL_CONCUR_VALUES: the row as the server has it now must hold the values
 * the cursor read (every visible column, byte for byte in the same format). */
static bool same_values(const drv_stmt *stmt, size_t row, const pgw_result *r)
{
    for (int c = 0; c < stmt->upd->nvisible; c++) {
        pgw_value a = drv_upd_value(stmt, row, c), b = pgw_result_value(r, 0, c);
        if (a.len != b.len || (a.len > 0 && memcmp(a.ptr, b.ptr, (size_t)a.len) != 0))
            return false;
    }
    return true;
}

static bool is_key(const drv_upd *u, const char *col)
{
    for (int k = 0; k < u->nkeys; k++)
        if (strcmp(u->keys[k], col) == 0)
            return true;
    return false;
}

/* The SET list of an SQL_UPDATE from buffer row i's bound buffers; the
 * values go into params (numbered from 1) and arena. *nset 0: nothing to
 * set (every bound column ignored). With `names` (SQL_ADD) the column
 * names also go there, comma-separated, and key columns are never left
 * out; without, a key column holding the row's own value is. */
static SQLRETURN build_set(drv_stmt *stmt, size_t i, sbuf *b, sbuf *names,
                           pgw_param *params, drv_arena *a, int *nset)
{
    bool skip_same_key = names == NULL;
    drv_upd *u = stmt->upd;
    const drv_desc *ard = stmt->ard;
    bool crate = pgw_is_cratedb(stmt->dbc->conn);
    size_t *offs = calloc((size_t)u->nvisible + 1, sizeof *offs);
    if (!offs)
        return drv_nomem(&stmt->hdr);
    *nset = 0;
    for (int c = 1; c <= u->nvisible && c <= ard->count; c++) {
        const drv_desc_rec *rec = &ard->recs[c];
        if (!drv_desc_rec_bound(rec) || !u->colnames[c - 1])
            continue;
        SQLLEN *ind = drv_desc_ind_at(ard, rec, i);
        SQLLEN *lenp = drv_desc_len_at(ard, rec, i);
        SQLLEN len = lenp ? *lenp : SQL_NTS;
        if (ind && *ind == SQL_COLUMN_IGNORE)
            continue;
        if (ind && *ind == SQL_NULL_DATA) {
            offs[*nset] = SIZE_MAX;
        } else {
            if (len == SQL_DATA_AT_EXEC || len <= SQL_LEN_DATA_AT_EXEC_OFFSET) {
                free(offs);
                return drv_error(&stmt->hdr, "HYC00", "Data at execution is not supported "
                                 "by SQLSetPos (column %d)", c);
            }
            const drv_type_info *t = drv_type_lookup_col(stmt->res.cols[c - 1].type_oid,
                                                         stmt->res.cols[c - 1].typmod, crate);
            SQLSMALLINT ct = rec->concise_type == SQL_C_DEFAULT ? t->c_default
                                                                : rec->concise_type;
            const void *data = drv_desc_data_at(ard, rec, i, drv_desc_elem_size(rec, ct));
            drv_pc_in in;
            memset(&in, 0, sizeof in);
            in.c_type = ct;
            in.sql_type = t->sql_type;
            in.ptr = data;
            in.len = len;
            if (len == SQL_NTS && data)
                in.len = ct == SQL_C_WCHAR
                             ? (SQLLEN)(drv_param_wcslen(data) * sizeof(SQLWCHAR))
                             : (SQLLEN)strlen(data);
            else if (len < 0)
                in.len = rec->octet_length;
            in.num_precision = rec->precision;
            in.num_scale = rec->scale;
            in.iso_years = crate;
            drv_pc_out o;
            char msg[256];
            const char *state = drv_param_convert(&in, a, &o, msg, sizeof msg);
            if (state) {
                free(offs);
                return drv_error_at(&stmt->hdr, state, (SQLLEN)i + 1, c, "Column %d: %s", c,
                                    msg);
            }
            /* a key column the application left as it was is not SET: CrateDB
             * refuses any SET of a primary key column, even to its own value */
            if (skip_same_key && is_key(u, u->colnames[c - 1]) && o.format == 0) {
                pgw_value cur = drv_upd_value(stmt, u->cur_row, c - 1);
                if (cur.len == o.len && memcmp(cur.ptr, a->buf + o.off, (size_t)o.len) == 0)
                    continue;
            }
            offs[*nset] = o.off;
            params[*nset] = (pgw_param){ NULL, o.len, o.format };
        }
        sb_str(b, *nset ? ", " : " SET ");
        sb_ident(b, u->colnames[c - 1]);
        if (names) {
            sb_str(names, *nset ? ", " : "");
            sb_ident(names, u->colnames[c - 1]);
        }
        sb_str(b, " = ");
        sb_param(b, *nset + 1);
        if (offs[*nset] == SIZE_MAX)
            params[*nset] = (pgw_param){ NULL, -1, 0 };
        (*nset)++;
    }
    /* the arena may have moved while growing: point the values now */
    for (int k = 0; k < *nset; k++)
        if (offs[k] != SIZE_MAX)
            params[k].value = a->buf + offs[k];
    free(offs);
    return SQL_SUCCESS;
}

/* One SQL_UPDATE or SQL_DELETE of rowset row i (res row `row`): *status
 * gets the row's status. Conflicts are 01001 (SQL_SUCCESS_WITH_INFO). */
static SQLRETURN change_row(drv_stmt *stmt, size_t i, size_t row, SQLUSMALLINT op,
                            SQLUSMALLINT *status)
{
    drv_upd *u = stmt->upd;
    int nhid = u->nhidden, nvis = u->nvisible;
    pgw_value *vals = calloc((size_t)stmt->res.ncols, sizeof *vals);
    pgw_param *params = calloc((size_t)(nvis + nhid + 1), sizeof *params);
    drv_arena a = { NULL, 0, 0 };
    pgw_result r, now;
    pgw_result_init(&r);
    pgw_result_init(&now);
    sbuf b = { 0 };
    SQLRETURN rc = SQL_SUCCESS;
    *status = SQL_ROW_ERROR;
    if (!vals || !params) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    if (u->rows[row].state == ROW_DELETED) {
        rc = drv_error_at(&stmt->hdr, "HY000", (SQLLEN)i + 1, SQL_NO_COLUMN_NUMBER,
                          "Row %zu was deleted through this cursor", i + 1);
        goto done;
    }
    row_values(stmt, row, vals);
    if (stmt->concurrency == SQL_CONCUR_VALUES) {
        bool found;
        rc = reread(stmt, row, &now, &found);
        if (!SQL_SUCCEEDED(rc))
            goto done;
        if (!found || !same_values(stmt, row, &now)) {
            rc = drv_error_at(&stmt->hdr, "01001", (SQLLEN)i + 1, SQL_NO_COLUMN_NUMBER,
                              "Cursor operation conflict: row %zu %s since the cursor read "
                              "it (SQL_CONCUR_VALUES)", i + 1,
                              found ? "has other values" : "was deleted");
            goto done;
        }
        /* change it in the version just compared */
        for (int k = 0; k < nhid; k++)
            vals[nvis + k] = pgw_result_value(&now, 0, nvis + k);
    }
    int nset = 0;
    if (op == SQL_UPDATE) {
        sb_str(&b, "UPDATE ");
        sb_str(&b, u->table_text);
        stmt->upd->cur_row = row;
        rc = build_set(stmt, i, &b, NULL, params, &a, &nset);
        if (!SQL_SUCCEEDED(rc))
            goto done;
        if (nset == 0) {   /* nothing bound or everything ignored */
            *status = SQL_ROW_SUCCESS;
            goto done;
        }
    } else {
        sb_str(&b, "DELETE FROM ");
        sb_str(&b, u->table_text);
    }
    int next = nset + 1;
    add_where(&b, u, true, &next);
    row_keys(stmt, vals, params + nset, nhid);
    if (b.failed) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    rc = drv_own_query(stmt, b.p, nset + nhid, params, "", 0, &r);
    if (!SQL_SUCCEEDED(rc)) {
        int last = stmt->hdr.diag.count - 1;
        if (last >= 0)
            stmt->hdr.diag.recs[last].row = (SQLLEN)i + 1;
        goto done;
    }
    if (r.rows_affected != 1) {
        rc = drv_error_at(&stmt->hdr, "01001", (SQLLEN)i + 1, SQL_NO_COLUMN_NUMBER,
                          "Cursor operation conflict: row %zu was changed or deleted by "
                          "someone else since the cursor read it (%s); %s no row",
                          i + 1, u->nvers == 2 ? "_seq_no/_primary_term differ"
                                               : "its row version differs",
                          op == SQL_UPDATE ? "updated" : "deleted");
        goto done;
    }
    if (op == SQL_DELETE) {
        u->rows[row].state = ROW_DELETED;
        *status = SQL_ROW_DELETED;
        goto done;
    }
    /* the row as it is now (its new version), by key: realtime on CrateDB */
    bool found;
    pgw_result_clear(&now);
    pgw_result_init(&now);
    rc = reread(stmt, row, &now, &found);
    if (SQL_SUCCEEDED(rc) && found)
        rc = keep_row(stmt, row, &now);
    if (SQL_SUCCEEDED(rc)) {
        u->rows[row].state = ROW_UPDATED;
        *status = SQL_ROW_UPDATED;
    }
done:
    free(b.p);
    free(a.buf);
    free(vals);
    free(params);
    pgw_result_clear(&r);
    pgw_result_clear(&now);
    return rc;
}

/* SQL_REFRESH of an updatable cursor: the row from the server, by key. */
static SQLRETURN refresh_row(drv_stmt *stmt, size_t i, size_t row, SQLUSMALLINT *status)
{
    drv_upd *u = stmt->upd;
    pgw_result now;
    pgw_result_init(&now);
    bool found = false;
    *status = SQL_ROW_ERROR;
    SQLRETURN rc = u->rows[row].state == ROW_DELETED ? SQL_SUCCESS
                                                      : reread(stmt, row, &now, &found);
    if (SQL_SUCCEEDED(rc) && found)
        rc = keep_row(stmt, row, &now);
    if (SQL_SUCCEEDED(rc)) {
        if (!found)
            u->rows[row].state = ROW_DELETED;
        *status = drv_upd_row_status(stmt, row);
    }
    (void)i;
    pgw_result_clear(&now);
    return rc;
}

SQLRETURN drv_upd_one(drv_stmt *stmt, size_t i, size_t row, SQLUSMALLINT op,
                      SQLUSMALLINT *status)
{
    return change_row(stmt, i, row, op, status);
}

/* SQLBulkOperations(SQL_ADD) of buffer row i: INSERT of the bound columns
 * that are table columns and not SQL_COLUMN_IGNORE'd. */
SQLRETURN drv_upd_add(drv_stmt *stmt, size_t i, SQLUSMALLINT *status)
{
    drv_upd *u = stmt->upd;
    pgw_param *params = calloc((size_t)u->nvisible + 1, sizeof *params);
    drv_arena a = { NULL, 0, 0 };
    sbuf set = { 0 }, names = { 0 }, b = { 0 };
    pgw_result r;
    pgw_result_init(&r);
    int n = 0;
    *status = SQL_ROW_ERROR;
    SQLRETURN rc = params ? build_set(stmt, i, &set, &names, params, &a, &n)
                          : drv_nomem(&stmt->hdr);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    if (n == 0) {
        rc = drv_error_at(&stmt->hdr, "HY000", (SQLLEN)i + 1, SQL_NO_COLUMN_NUMBER,
                          "Row %zu: no bound table column to insert", i + 1);
        goto done;
    }
    sb_str(&b, "INSERT INTO ");
    sb_str(&b, u->table_text);
    sb_str(&b, " (");
    sb_str(&b, names.p);
    sb_str(&b, ") VALUES (");
    for (int k = 0; k < n; k++) {
        sb_str(&b, k ? ", " : "");
        sb_param(&b, k + 1);
    }
    sb_str(&b, ")");
    if (b.failed || names.failed || set.failed) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    rc = drv_own_query(stmt, b.p, n, params, "", 0, &r);
    if (!SQL_SUCCEEDED(rc)) {
        int last = stmt->hdr.diag.count - 1;
        if (last >= 0)
            stmt->hdr.diag.recs[last].row = (SQLLEN)i + 1;
        goto done;
    }
    *status = SQL_ROW_ADDED;
done:
    free(params);
    free(a.buf);
    free(set.p);
    free(names.p);
    free(b.p);
    pgw_result_clear(&r);
    return rc;
}

SQLRETURN drv_upd_rows(drv_stmt *stmt, size_t from, size_t to, SQLUSMALLINT op,
                       SQLUSMALLINT *status)
{
    SQLRETURN rc = SQL_SUCCESS;
    size_t nerr = 0, ndone = 0;
    const SQLUSMALLINT *ops = stmt->ard->array_status_ptr;   /* SQL_ATTR_ROW_OPERATION_PTR */
    for (size_t i = from; i < to; i++) {
        if (ops && ops[i] == SQL_ROW_IGNORE && to - from > 1)
            continue;
        size_t row = stmt->rs_start + i;
        SQLUSMALLINT st;
        SQLRETURN r = op == SQL_ADD       ? drv_upd_add(stmt, i, &st)
                    : op == SQL_REFRESH ? refresh_row(stmt, i, row, &st)
                                        : change_row(stmt, i, row, op, &st);
        if (status)
            status[i] = st;
        ndone++;
        nerr += st == SQL_ROW_ERROR;
        if (r == SQL_ERROR || (r == SQL_SUCCESS_WITH_INFO && rc != SQL_ERROR))
            rc = r;
        if (!stmt->dbc->conn || !pgw_is_connected(stmt->dbc->conn))
            break;
    }
    /* several rows: errors of some are warnings of the whole (sqlsetpos) */
    if (rc == SQL_ERROR && ndone > 1 && nerr < ndone)
        rc = SQL_SUCCESS_WITH_INFO;
    return rc;
}

/* ------------------------------------------------------------ positioned statements */

/*
 * UPDATE ... / DELETE ... WHERE CURRENT OF <cursor>: CrateDB has no WHERE
 * CURRENT OF, so the clause becomes the key of the named cursor's current
 * row (and its version under SQL_CONCUR_ROWVER) as parameters after the
 * statement's own: "WHERE "id" = $3 AND "_seq_no" = $4 AND ...". The named
 * cursor must be an updatable cursor of the same connection on a row.
 */
/* The index of the cursor name's token when sql (tokens t[0..n)) is
 * UPDATE/DELETE ... WHERE CURRENT OF <name> [;], else -1. */
static int positioned_name(const char *sql, const tok *t, int n)
{
    int last = n - 1;
    if (last >= 0 && t[last].len == 1 && sql[t[last].off] == ';')
        last--;
    if (last < 4 || !(tok_is(sql, &t[0], "UPDATE") || tok_is(sql, &t[0], "DELETE")) ||
        !tok_is(sql, &t[last - 3], "WHERE") || !tok_is(sql, &t[last - 2], "CURRENT") ||
        !tok_is(sql, &t[last - 1], "OF") || !tok_is_ident(sql, &t[last]))
        return -1;
    return last;
}

/* Whether sql contains word (lower case) in any case: a quick test before
 * tokenizing (strcasestr is a GNU extension the Windows C library lacks). */
static bool has_word_ci(const char *sql, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = sql; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return true;
    return false;
}

SQLRETURN drv_positioned_describable(drv_stmt *stmt, const char *sql, char **out)
{
    *out = NULL;
    if (!has_word_ci(sql, "current"))
        return SQL_SUCCESS;
    tok *t = NULL;
    int n = tokenize(sql, strlen(sql), &t);
    if (n < 0)
        return drv_nomem(&stmt->hdr);
    int last = positioned_name(sql, t, n);
    SQLRETURN rc = SQL_SUCCESS;
    if (last >= 0) {
        /* the statement's own markers all come before the clause */
        sbuf b = { 0 };
        sb_add(&b, sql, t[last - 3].off);
        sb_add(&b, "WHERE false", 11);
        if (b.failed) {
            free(b.p);
            rc = drv_nomem(&stmt->hdr);
        } else {
            *out = b.p;
        }
    }
    free(t);
    return rc;
}

SQLRETURN drv_positioned(drv_stmt *stmt, const char *sql, int nmarkers, drv_positioned_req *out)
{
    memset(out, 0, sizeof *out);
    /* every execution passes here: no tokenizing for a text without the words */
    if (!has_word_ci(sql, "current"))
        return SQL_SUCCESS;
    tok *t = NULL;
    int n = tokenize(sql, strlen(sql), &t);
    if (n < 0)
        return drv_nomem(&stmt->hdr);
    SQLRETURN rc = SQL_SUCCESS;
    int last = positioned_name(sql, t, n);
    if (last < 0)
        goto done;
    const tok *nm = &t[last];
    bool quoted = sql[nm->off] == '"';
    char *name = quoted ? ident_name(sql, nm) : dup_span(sql + nm->off, nm->len);
    if (!name) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    drv_stmt *cur = drv_stmt_by_cursor_name(stmt->dbc, name, strlen(name), quoted);
    if (!cur || cur == stmt) {
        rc = drv_error(&stmt->hdr, "34000", "Invalid cursor name: no other statement of "
                       "this connection is named %s", name);
        free(name);
        goto done;
    }
    free(name);
    if (cur->state != DRV_S_CURSOR || !cur->on_row)
        rc = drv_error(&stmt->hdr, "24000", "Invalid cursor state: cursor %s is not "
                       "positioned on a row", drv_cursor_name(cur));
    else if (!cur->upd)
        rc = drv_error(&stmt->hdr, "HY000", "Cursor %s is read-only: WHERE CURRENT OF needs "
                       "a static cursor opened with SQL_CONCUR_ROWVER or SQL_CONCUR_VALUES "
                       "(CrateDB has no WHERE CURRENT OF; the driver uses the row's key)",
                       drv_cursor_name(cur));
    else if (cur->upd->rows[cur->row].state == ROW_DELETED)
        rc = drv_error(&stmt->hdr, "24000", "Invalid cursor state: the current row of cursor "
                       "%s was deleted", drv_cursor_name(cur));
    if (!SQL_SUCCEEDED(rc))
        goto done;
    drv_upd *u = cur->upd;
    bool ver = cur->concurrency == SQL_CONCUR_ROWVER;
    int k = u->nkeys + (ver ? u->nvers : 0);
    sbuf b = { 0 };
    sb_add(&b, sql, t[last - 3].off);
    int next = nmarkers + 1;
    add_where(&b, u, ver, &next);
    out->params = calloc((size_t)k, sizeof *out->params);
    if (b.failed || !out->params) {
        free(b.p);
        free(out->params);
        out->params = NULL;
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    int first = cur->res.ncols - u->nhidden;
    for (int i = 0; i < k; i++) {
        pgw_value v = drv_upd_value(cur, cur->row, first + i);
        out->params[i] = (pgw_param){ v.ptr, v.len, 0 };
    }
    out->sql = b.p;
    out->nparams = k;
    out->cursor = cur;
done:
    free(t);
    return rc;
}

SQLRETURN drv_positioned_done(drv_stmt *stmt, const drv_positioned_req *req, int64_t changed)
{
    drv_stmt *cur = req->cursor;
    if (changed != 1)
        return drv_error(&stmt->hdr, "01001", "Cursor operation conflict: the positioned "
                         "statement changed %lld rows%s", (long long)changed,
                         changed == 0 ? ": the current row of cursor changed or was deleted "
                                        "since it was read" : "");
    size_t row = cur->row;
    drv_upd *u = cur->upd;
    pgw_result now;
    pgw_result_init(&now);
    bool found = false;
    /* what the re-read may record belongs to no call of cur: its own last
     * call's diagnostics stay */
    drv_diag saved = cur->hdr.diag;
    memset(&cur->hdr.diag, 0, sizeof cur->hdr.diag);
    /* the cursor's row as it is now, so its next change has the new version */
    SQLRETURN rc = reread(cur, row, &now, &found);
    if (SQL_SUCCEEDED(rc) && found)
        rc = keep_row(cur, row, &now);
    if (SQL_SUCCEEDED(rc))
        u->rows[row].state = found ? ROW_UPDATED : ROW_DELETED;
    pgw_result_clear(&now);
    drv_diag_free(&cur->hdr.diag);
    cur->hdr.diag = saved;
    return SQL_SUCCESS;
}
