/*
 * sqlscan.c: a small SQL lexer that finds `?` parameter markers and rewrites
 * them to PostgreSQL's positional $n form (the server then sees one statement
 * with numbered parameters; values travel separately in Bind, never spliced
 * into the text).
 *
 * What the lexer skips, so that a `?` in it stays literal text:
 *   '...'        standard strings, '' is a quote inside
 *   E'...'       escape strings: backslash escapes the next byte, '' too
 *   "..."        quoted identifiers, "" is a quote inside
 *   -- ...       line comments, to the end of the line
 *   / * ... * /  block comments, nested as in PostgreSQL
 *   $tag$...$tag$ dollar quoting (tag empty or an identifier)
 * CrateDB's subscript syntax obj['key'] needs nothing special: the key is a
 * standard string. Positional `$1` is not a dollar quote (a digit follows).
 * Every other `?` is a marker: CrateDB has no operators spelled with `?`.
 *
 * No escape-sequence ({fn ...}) translation here: that is a later layer.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sqlscan.h"

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* Index just past a quoted run starting at s[i] == q; `backslash` makes \x
 * an escape. A doubled quote continues the run. */
static size_t skip_quoted(const char *s, size_t len, size_t i, char q, bool backslash)
{
    i++;
    while (i < len) {
        if (backslash && s[i] == '\\') {
            i += 2;
            continue;
        }
        if (s[i] == q) {
            if (i + 1 < len && s[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return len;
}

static size_t skip_block_comment(const char *s, size_t len, size_t i)
{
    int depth = 0;
    while (i < len) {
        if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
            depth--;
            i += 2;
            if (depth == 0)
                return i;
        } else {
            i++;
        }
    }
    return len;
}

/* If s[i] == '$' opens a dollar quote, returns the index past its closing
 * tag (or len); otherwise returns i (not a dollar quote). */
static size_t skip_dollar(const char *s, size_t len, size_t i)
{
    size_t t = i + 1;
    if (t < len && s[t] != '$') {
        if (!is_ident_start((unsigned char)s[t]))
            return i;
        while (t < len && s[t] != '$' && is_ident_char((unsigned char)s[t]))
            t++;
    }
    if (t >= len || s[t] != '$')
        return i;
    size_t taglen = t + 1 - i; /* "$tag$" */
    for (size_t j = t + 1; j + taglen <= len; j++)
        if (s[j] == '$' && memcmp(s + j, s + i, taglen) == 0)
            return j + taglen;
    return len;
}

/*
 * Index just past the lexical token that starts at s[i]: a whole string,
 * quoted identifier, comment, dollar-quoted body or identifier (rules as in
 * the file comment), else the single byte s[i]. For callers that walk the
 * text token by token (sqlsplit.c).
 */
size_t drv_sql_token_end(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    bool prev_ident = i > 0 && is_ident_char((unsigned char)s[i - 1]);
    size_t next = i + 1;
    if (c == '\'' || c == '"')
        return skip_quoted(s, len, i, (char)c, false);
    if ((c == 'E' || c == 'e') && !prev_ident && i + 1 < len && s[i + 1] == '\'')
        return skip_quoted(s, len, i + 1, '\'', true);
    if (c == '-' && i + 1 < len && s[i + 1] == '-') {
        while (next < len && s[next] != '\n')
            next++;
        return next;
    }
    if (c == '/' && i + 1 < len && s[i + 1] == '*')
        return skip_block_comment(s, len, i);
    if (c == '$' && !prev_ident) {
        size_t d = skip_dollar(s, len, i);
        return d != i ? d : next;
    }
    if (is_ident_start(c))
        while (next < len && is_ident_char((unsigned char)s[next]))
            next++;
    return next;
}

/*
 * The one scanning loop. With out == NULL it only counts. Returns the
 * marker count; *outlen gets the bytes written.
 */
static int scan(const char *s, size_t len, char *out, size_t *outlen)
{
    int n = 0;
    size_t o = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t next = i + 1;
        bool prev_ident = i > 0 && is_ident_char((unsigned char)s[i - 1]);
        if (c == '\'') {
            next = skip_quoted(s, len, i, '\'', false);
        } else if ((c == 'E' || c == 'e') && !prev_ident && i + 1 < len && s[i + 1] == '\'') {
            next = skip_quoted(s, len, i + 1, '\'', true);
        } else if (c == '"') {
            next = skip_quoted(s, len, i, '"', false);
        } else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
            next = i + 2;
            while (next < len && s[next] != '\n')
                next++;
        } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            next = skip_block_comment(s, len, i);
        } else if (c == '$' && !prev_ident) {
            size_t d = skip_dollar(s, len, i);
            if (d != i)
                next = d;
        } else if (is_ident_start(c)) {
            /* whole identifier, so E in "somE'" or $ in a$b are not special */
            while (next < len && is_ident_char((unsigned char)s[next]))
                next++;
        } else if (c == '?') {
            n++;
            if (out) {
                char num[16];
                int k = 0;
                for (int v = n; v > 0; v /= 10)
                    num[k++] = (char)('0' + v % 10);
                out[o++] = '$';
                while (k > 0)
                    out[o++] = num[--k];
            }
            i = next;
            continue;
        }
        if (out)
            memcpy(out + o, s + i, next - i);
        o += next - i;
        i = next;
    }
    if (outlen)
        *outlen = o;
    return n;
}

int drv_sql_count_markers(const char *sql, size_t len)
{
    return scan(sql, len, NULL, NULL);
}

char *drv_sql_rewrite(const char *sql, size_t len, int *nmarkers, size_t *outlen)
{
    int n = scan(sql, len, NULL, NULL);
    /* each marker grows from 1 byte to at most 11 ("$" + 10 digits) */
    char *out = malloc(len + (size_t)n * 10 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    scan(sql, len, out, &o);
    out[o] = '\0';
    if (nmarkers)
        *nmarkers = n;
    if (outlen)
        *outlen = o;
    return out;
}
