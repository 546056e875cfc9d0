/*
 * unicode.c: UTF-8 <-> UTF-16 (SQLWCHAR, host byte order) and the one place
 * where strings go out to the application (drv_strout_put*).
 *
 * Conversions go through the platform's converter (utf_conv.h: iconv, or
 * the Win32 API on Windows), with a fast path for pure ASCII (the common
 * case: SQL text, identifiers, connection strings). Invalid input -- a lone
 * surrogate in UTF-16, a malformed sequence in UTF-8 -- makes the conversion
 * fail; nothing is silently replaced.
 *
 * Output truncation happens on a character boundary: a UTF-8 sequence or a
 * UTF-16 surrogate pair is never split, the buffer is always NUL-terminated
 * (when it has room for the NUL), the full length is reported, and 01004 is
 * recorded on the handle.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "utf_conv.h"

static bool is_ascii(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] & 0x80)
            return false;
    return true;
}

bool drv_utf16_to_utf8(const SQLWCHAR *in, SQLLEN len_chars, char **out, size_t *outlen)
{
    *out = NULL;
    if (outlen)
        *outlen = 0;
    if (in == NULL)
        return true;
    size_t n;
    if (len_chars == SQL_NTS) {
        for (n = 0; in[n] != 0; n++)
            ;
    } else if (len_chars < 0) {
        return false;
    } else {
        n = (size_t)len_chars;
    }

    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = in[i] < 0x80;
    if (ascii) {
        char *s = malloc(n + 1);
        if (s == NULL)
            return false;
        for (size_t i = 0; i < n; i++)
            s[i] = (char)in[i];
        s[n] = '\0';
        *out = s;
        if (outlen)
            *outlen = n;
        return true;
    }
    /* one UTF-16 unit gives at most 3 UTF-8 bytes (a pair gives 4 for 2) */
    char *s;
    size_t got = drv_conv_from_utf16(in, n, &s);
    if (got == (size_t)-1)
        return false;
    *out = s;
    if (outlen)
        *outlen = got;
    return true;
}

bool drv_utf8_to_utf16(const char *in, size_t len, SQLWCHAR **out, size_t *outlen_chars)
{
    *out = NULL;
    if (outlen_chars)
        *outlen_chars = 0;
    if (in == NULL)
        return true;
    if (is_ascii((const unsigned char *)in, len)) {
        SQLWCHAR *w = malloc((len + 1) * sizeof *w);
        if (w == NULL)
            return false;
        for (size_t i = 0; i < len; i++)
            w[i] = (SQLWCHAR)(unsigned char)in[i];
        w[len] = 0;
        *out = w;
        if (outlen_chars)
            *outlen_chars = len;
        return true;
    }
    SQLWCHAR *w;
    size_t got = drv_conv_to_utf16(in, len, &w);
    if (got == (size_t)-1)
        return false;
    *out = w;
    if (outlen_chars)
        *outlen_chars = got;
    return true;
}

size_t drv_utf16_len(const char *utf8, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)utf8[i];
        if ((c & 0xC0) == 0x80)
            continue;           /* continuation byte */
        n += (c >= 0xF0) ? 2 : 1;
    }
    return n;
}

char *drv_strdup_len(const char *s, SQLLEN len)
{
    if (s == NULL)
        return NULL;
    size_t n;
    if (len == SQL_NTS)
        n = strlen(s);
    else if (len < 0)
        return NULL;
    else
        n = (size_t)len;
    char *d = malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ------------------------------------------------------------ strings out */

/*
 * The core of drv_strout_put*: writes and computes the full length.
 * Returns SQL_SUCCESS, SQL_SUCCESS_WITH_INFO (01004) or SQL_ERROR (HY001 on
 * out of memory, HY000 when the text is not valid UTF-8).
 */
static SQLRETURN strout(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                        size_t *full)
{
    if (utf8 == NULL)
        utf8 = "", len = 0;
    bool truncated = false;

    if (!o->wide) {
        *full = len;
        if (o->buf != NULL) {
            if (o->buflen <= 0) {
                truncated = true;
            } else {
                size_t cap = (size_t)o->buflen - 1, n = len;
                if (n > cap) {
                    n = cap;
                    /* back up to the start of the character that did not fit */
                    while (n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80)
                        n--;
                    truncated = true;
                }
                memcpy(o->buf, utf8, n);
                ((char *)o->buf)[n] = '\0';
            }
        }
    } else {
        SQLWCHAR *w = NULL;
        size_t wn = 0;
        if (o->buf == NULL) {
            wn = drv_utf16_len(utf8, len);
        } else if (!drv_utf8_to_utf16(utf8, len, &w, &wn)) {
            if (is_ascii((const unsigned char *)utf8, len))
                return drv_nomem(h);
            return drv_error(h, "HY000", "Text is not valid UTF-8");
        }
        *full = o->len_in_bytes ? wn * sizeof(SQLWCHAR) : wn;
        if (o->buf != NULL) {
            size_t cap = o->buflen > 0 ? (size_t)o->buflen / sizeof(SQLWCHAR) : 0;
            if (cap == 0) {
                truncated = true;
            } else {
                size_t n = wn;
                if (n > cap - 1) {
                    n = cap - 1;
                    /* never leave a high surrogate without its low half */
                    if (n > 0 && w[n - 1] >= 0xD800 && w[n - 1] <= 0xDBFF)
                        n--;
                    truncated = true;
                }
                memcpy(o->buf, w, n * sizeof(SQLWCHAR));
                ((SQLWCHAR *)o->buf)[n] = 0;
            }
            free(w);
        }
    }
    if (truncated)
        return drv_error(h, "01004", "String data, right truncated");
    return SQL_SUCCESS;
}

SQLRETURN drv_strout_put(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                         SQLLEN *outlen)
{
    size_t full = 0;
    SQLRETURN rc = strout(h, o, utf8, len, &full);
    if (outlen && SQL_SUCCEEDED(rc))
        *outlen = (SQLLEN)full;
    return rc;
}

SQLRETURN drv_strout_put_small(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                               SQLSMALLINT *outlen)
{
    size_t full = 0;
    SQLRETURN rc = strout(h, o, utf8, len, &full);
    if (outlen && SQL_SUCCEEDED(rc))
        *outlen = (SQLSMALLINT)(full > SHRT_MAX ? SHRT_MAX : full);
    return rc;
}

SQLRETURN drv_strout_put_int(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                             SQLINTEGER *outlen)
{
    size_t full = 0;
    SQLRETURN rc = strout(h, o, utf8, len, &full);
    if (outlen && SQL_SUCCEEDED(rc))
        *outlen = (SQLINTEGER)(full > INT_MAX ? INT_MAX : full);
    return rc;
}
