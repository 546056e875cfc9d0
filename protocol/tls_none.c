/*
 * tls_none.c: the TLS seam (pgw_int.h) for a build without a TLS backend:
 * the Windows build until its SChannel backend (tls_schannel.c) exists.
 *
 * SSLMode require, verify-ca and verify-full fail with 08001 saying TLS is
 * not built in: a connection that must be encrypted is never made in
 * plaintext. prefer and allow connect in plaintext, as libpq built without
 * SSL support does: pgw_tls_new hands out no settings, and pgw_tls_start
 * reports the TLS as refused without sending an SSLRequest (a server that
 * answers S could not be served).
 */
#include "pgw_int.h"

pgw_status pgw_tls_new(const pgw_connect_params *p, pgw_tls **out, pgw_error *e)
{
    *out = NULL;
    if (p->ssl_mode == PGW_SSL_PREFER || p->ssl_mode == PGW_SSL_ALLOW)
        return PGW_OK;
    pgw_set_error(e, "08001",
                  "SSLMode=%s needs TLS, which is not built into this driver yet "
                  "(the Windows build has no TLS backend)",
                  pgw_ssl_mode_name(p->ssl_mode));
    return PGW_ERR_CONNECT;
}

pgw_tls *pgw_tls_ref(pgw_tls *tls)
{
    return tls;
}

void pgw_tls_free(pgw_tls *tls)
{
    (void)tls;
}

pgw_status pgw_tls_start(pgw_transport *t, const pgw_tls *tls, const char *host, bool *refused,
                         pgw_error *e)
{
    (void)t;
    (void)tls;
    (void)host;
    (void)e;
    *refused = true;
    return PGW_OK;
}

/* No TLS backend: a connection is never encrypted. */
bool pgw_tls_info(const pgw_conn *c, const char **version, const char **cipher)
{
    (void)c;
    (void)version;
    (void)cipher;
    return false;
}
