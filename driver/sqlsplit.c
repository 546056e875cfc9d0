/*
 * sqlsplit.c: splitting a SQL text that holds several statements
 * ("INSERT ...; SELECT ...") into one span per statement. CrateDB's Parse
 * takes exactly one statement (FACTS §3.2/§3.3), so exec.c runs each span
 * as its own statement and SQLMoreResults walks their results.
 *
 * The walk is token by token with the lexer of sqlscan.c (drv_sql_token_end),
 * so a `;` inside a string, quoted identifier, comment or dollar-quoted body
 * does not split. Marker rewriting stays sqlscan.c's (per span).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "sqlscan.h"

/* True when s[off, off + len) holds only blanks and comments. */
static bool is_blank(const char *s, size_t off, size_t len)
{
    size_t i = off, end = off + len;
    while (i < end) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            i++;
            continue;
        }
        bool comment = i + 1 < end && ((c == '-' && s[i + 1] == '-') ||
                                       (c == '/' && s[i + 1] == '*'));
        if (!comment)
            return false;
        i = drv_sql_token_end(s, end, i);
    }
    return true;
}

/* Walks the text; with out == NULL only counts. Returns the span count. */
static int walk(const char *s, size_t len, drv_sql_span *out)
{
    int n = 0;
    size_t start = 0, i = 0;
    while (i <= len) {
        if (i == len || s[i] == ';') {
            if (!is_blank(s, start, i - start)) {
                if (out) {
                    out[n].off = start;
                    out[n].len = i - start;
                }
                n++;
            }
            start = i + 1;
            i++;
            continue;
        }
        i = drv_sql_token_end(s, len, i);
    }
    return n;
}

int drv_sql_split(const char *sql, size_t len, drv_sql_span **spans)
{
    int n = walk(sql, len, NULL);
    *spans = NULL;
    if (n == 0)
        return 0;
    *spans = malloc(sizeof **spans * (size_t)n);
    if (!*spans)
        return -1;
    walk(sql, len, *spans);
    return n;
}
