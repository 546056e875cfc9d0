/*
 * api_desc.c: ODBC entry points on descriptor handles: SQLGetDescField(W),
 * SQLSetDescField(W), SQLGetDescRec(W), SQLSetDescRec, SQLCopyDesc. Thin:
 * validate, lock the connection the descriptor belongs to, clear its
 * diagnostics, convert W strings, call desc.c. The W forms count string
 * lengths in bytes for the field functions and in characters for the name
 * of SQLGetDescRecW (as the spec says for each).
 */
#include <stdlib.h>

#include <stdint.h>

#include "drv.h"

static drv_desc *enter(SQLHDESC h)
{
    drv_desc *d = drv_desc_check(h);
    if (!d)
        return NULL;
    pthread_mutex_lock(&d->dbc->lock);
    drv_diag_clear(&d->hdr);
    return d;
}

static SQLRETURN leave(drv_desc *d, SQLRETURN rc)
{
    d->hdr.diag.retcode = rc;
    pthread_mutex_unlock(&d->dbc->lock);
    return rc;
}

SQLRETURN SQL_API DRV_API(SQLGetDescField)(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field,
                                  SQLPOINTER value, SQLINTEGER buflen, SQLINTEGER *outlen)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    return leave(d, drv_get_desc_field(d, rec, field, value, buflen, outlen, false));
}

SQLRETURN SQL_API DRV_API(SQLGetDescFieldW)(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field,
                                   SQLPOINTER value, SQLINTEGER buflen, SQLINTEGER *outlen)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    return leave(d, drv_get_desc_field(d, rec, field, value, buflen, outlen, true));
}

SQLRETURN SQL_API DRV_API(SQLSetDescField)(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field,
                                  SQLPOINTER value, SQLINTEGER buflen)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    return leave(d, drv_set_desc_field(d, rec, field, value, buflen));
}

SQLRETURN SQL_API DRV_API(SQLSetDescFieldW)(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field,
                                   SQLPOINTER value, SQLINTEGER buflen)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    if (field != SQL_DESC_NAME || !value)
        return leave(d, drv_set_desc_field(d, rec, field, value, buflen));
    /* the only string field that can be set: its length is in bytes */
    char *utf8 = NULL;
    size_t n;
    SQLLEN chars = buflen == SQL_NTS ? SQL_NTS : buflen / (SQLINTEGER)sizeof(SQLWCHAR);
    if (!drv_utf16_to_utf8(value, chars, &utf8, &n))
        return leave(d, drv_error(&d->hdr, "HY000", "Invalid UTF-16 in the descriptor name"));
    SQLRETURN rc = drv_set_desc_field(d, rec, field, utf8, SQL_NTS);
    free(utf8);
    return leave(d, rc);
}

static SQLRETURN get_rec(SQLHDESC h, SQLSMALLINT rec, const drv_strout *o, SQLSMALLINT *namelen,
                         SQLSMALLINT *type, SQLSMALLINT *subtype, SQLLEN *length,
                         SQLSMALLINT *precision, SQLSMALLINT *scale, SQLSMALLINT *nullable)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    if (o->buflen < 0)
        return leave(d, drv_error(&d->hdr, "HY090", "Invalid string or buffer length"));
    return leave(d, drv_get_desc_rec(d, rec, o, namelen, type, subtype, length, precision,
                                     scale, nullable));
}

SQLRETURN SQL_API DRV_API(SQLGetDescRec)(SQLHDESC h, SQLSMALLINT rec, SQLCHAR *name, SQLSMALLINT buflen,
                                SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype,
                                SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale,
                                SQLSMALLINT *nullable)
{
    drv_strout o = { name, buflen, false, true };
    return get_rec(h, rec, &o, namelen, type, subtype, length, precision, scale, nullable);
}

SQLRETURN SQL_API DRV_API(SQLGetDescRecW)(SQLHDESC h, SQLSMALLINT rec, SQLWCHAR *name,
                                 SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type,
                                 SQLSMALLINT *subtype, SQLLEN *length, SQLSMALLINT *precision,
                                 SQLSMALLINT *scale, SQLSMALLINT *nullable)
{
    /* buffer and name length in characters */
    drv_strout o = { name, (SQLLEN)buflen * (SQLLEN)sizeof(SQLWCHAR), true, true };
    return get_rec(h, rec, &o, namelen, type, subtype, length, precision, scale, nullable);
}

SQLRETURN SQL_API DRV_API(SQLSetDescRec)(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT type,
                                SQLSMALLINT subtype, SQLLEN length, SQLSMALLINT precision,
                                SQLSMALLINT scale, SQLPOINTER data, SQLLEN *octet_len_ptr,
                                SQLLEN *ind_ptr)
{
    drv_desc *d = enter(h);
    if (!d)
        return SQL_INVALID_HANDLE;
    return leave(d, drv_set_desc_rec(d, rec, type, subtype, length, precision, scale, data,
                                     octet_len_ptr, ind_ptr));
}

SQLRETURN SQL_API DRV_API(SQLCopyDesc)(SQLHDESC src_h, SQLHDESC dst_h)
{
    drv_desc *src = drv_desc_check(src_h);
    drv_desc *dst = drv_desc_check(dst_h);
    if (!src || !dst)
        return SQL_INVALID_HANDLE;
    /* Descriptors of two connections: both locks, taken in address order so
     * that two threads copying in opposite directions cannot deadlock. */
    pthread_mutex_t *first = &dst->dbc->lock, *second = NULL;
    if (src->dbc != dst->dbc) {
        second = &src->dbc->lock;
        if ((uintptr_t)second < (uintptr_t)first) {
            pthread_mutex_t *t = first;
            first = second;
            second = t;
        }
    }
    pthread_mutex_lock(first);
    if (second)
        pthread_mutex_lock(second);
    drv_diag_clear(&dst->hdr);
    SQLRETURN rc = drv_copy_desc(src, dst);
    dst->hdr.diag.retcode = rc;
    if (second)
        pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
    return rc;
}
