/*
 * sqlscan.h: the SQL lexer the statement side uses to find parameter markers.
 * Only the scan lives here (driver/sqlscan.c); nothing in it talks to the
 * server or to ODBC handles.
 */
#ifndef DRV_SQLSCAN_H
#define DRV_SQLSCAN_H

#include <stddef.h>

/*
 * Rewrites every `?` parameter marker of sql[0..len) to $1..$n, left to
 * right, leaving alone any `?` inside '...' / E'...' strings, "quoted
 * identifiers", -- and (nested) block comments and $tag$...$tag$ bodies.
 * CrateDB has no `?`-operators (PostgreSQL's ?| ?& are not in its grammar),
 * so every bare `?` is a marker.
 * Returns a malloc'd NUL-terminated string (caller frees) with its length in
 * *outlen and the marker count in *nmarkers; NULL only on out of memory.
 * Unterminated strings/comments are copied as they are: the server reports
 * the syntax error.
 */
char *drv_sql_rewrite(const char *sql, size_t len, int *nmarkers, size_t *outlen);

/* Counts the markers only (same rules). */
int drv_sql_count_markers(const char *sql, size_t len);

/* Index just past the token starting at sql[i] (a string, quoted
 * identifier, comment, dollar-quoted body or identifier as a whole, else
 * one byte); i < len. */
size_t drv_sql_token_end(const char *sql, size_t len, size_t i);

/* sqlsplit.c: one statement of a multi-statement text, sql[off, off + len). */
typedef struct drv_sql_span {
    size_t off, len;
} drv_sql_span;

/*
 * Splits sql[0..len) into its statements at every `;` outside strings,
 * quoted identifiers, comments and dollar quotes (the rules above). Empty
 * statements (only blanks and comments) are dropped; a span excludes its
 * `;`. Returns the number of spans in *spans (malloc'd, caller frees; NULL
 * when 0), or -1 on out of memory.
 */
int drv_sql_split(const char *sql, size_t len, drv_sql_span **spans);

#endif
