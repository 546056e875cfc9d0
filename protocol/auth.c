/*
 * auth.c: answers the server's Authentication requests during startup:
 * cleartext password (CrateDB's only method), MD5, and SASL, which is
 * dispatched to SCRAM-SHA-256 in auth_scram.c. Kerberos, GSSAPI, SSPI and
 * SCM credentials are refused with an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_crypto.h"
#include "pgw_int.h"

static void hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

pgw_status pgw_md5_password(const char *user, const char *password, const unsigned char salt[4],
                            char out[36])
{
    unsigned char d[16];
    char inner[33];
    if (!pgw_md5_two(password, strlen(password), user, strlen(user), d))
        return PGW_ERR_AUTH;
    hex(d, 16, inner);
    if (!pgw_md5_two(inner, 32, salt, 4, d))
        return PGW_ERR_AUTH;
    memcpy(out, "md5", 3);
    hex(d, 16, out + 3);
    return PGW_OK;
}

static pgw_status need_password(pgw_conn *c)
{
    if (c->auth_password && c->auth_password[0] != '\0')
        return PGW_OK;
    pgw_set_error(&c->err, "28000", "password required: the server asks for a password");
    return PGW_ERR_AUTH;
}

static pgw_status sasl_start(pgw_conn *c, const pgw_auth_req *req)
{
    bool found = false;
    char offered[256] = "";
    size_t used = 0;
    const char *p = req->data, *end = req->data + req->len;
    while (p < end && *p) {
        size_t n = strlen(p); /* parse_auth checked the NULs */
        if (strcmp(p, "SCRAM-SHA-256") == 0)
            found = true;
        int w = snprintf(offered + used, sizeof offered - used, "%s%s", used ? ", " : "", p);
        if (w > 0 && (size_t)w < sizeof offered - used)
            used += (size_t)w;
        p += n + 1;
    }
    if (!found) {
        pgw_set_error(&c->err, "28000",
                      "no supported SASL mechanism (server offers: %s)", offered);
        return PGW_ERR_AUTH;
    }
    pgw_status st = need_password(c);
    if (st != PGW_OK)
        return st;
    pgw_scram_free(c->scram);
    /* PostgreSQL takes the user from the startup packet and ignores n=;
     * sending it empty (as libpq does) avoids SCRAM name escaping issues. */
    c->scram = pgw_scram_new("", c->auth_password, NULL);
    c->scram_done = false;
    if (!c->scram) {
        pgw_set_error(&c->err, "HY001", "out of memory");
        return PGW_ERR_NOMEM;
    }
    char *first = NULL;
    size_t flen = 0;
    st = pgw_scram_client_first(c->scram, &first, &flen);
    if (st != PGW_OK) {
        pgw_set_error(&c->err, "HY001", "out of memory");
        return st;
    }
    pgw_enc_sasl_initial(&c->t.out, "SCRAM-SHA-256", first, flen);
    free(first);
    return PGW_OK;
}

pgw_status pgw_auth_handle(pgw_conn *c, const pgw_auth_req *req)
{
    pgw_status st;
    char err[256] = "";
    switch (req->code) {
    case 3:
        if ((st = need_password(c)) != PGW_OK)
            return st;
        pgw_enc_password(&c->t.out, c->auth_password);
        break;
    case 5: {
        if ((st = need_password(c)) != PGW_OK)
            return st;
        char md5[36];
        if (pgw_md5_password(c->auth_user ? c->auth_user : "", c->auth_password,
                             (const unsigned char *)req->data, md5) != PGW_OK) {
            pgw_set_error(&c->err, "28000", "could not compute the MD5 password hash");
            return PGW_ERR_AUTH;
        }
        pgw_enc_password(&c->t.out, md5);
        break;
    }
    case 10:
        if ((st = sasl_start(c, req)) != PGW_OK)
            return st;
        break;
    case 11: {
        if (!c->scram) {
            pgw_set_error(&c->err, "08P01", "SASLContinue without SASL start");
            return PGW_ERR_PROTOCOL;
        }
        char *fin = NULL;
        size_t flen = 0;
        st = pgw_scram_client_final(c->scram, req->data, req->len, &fin, &flen, err, sizeof err);
        if (st != PGW_OK) {
            pgw_set_error(&c->err, st == PGW_ERR_NOMEM ? "HY001" : "28000",
                          "SCRAM authentication failed: %s", err);
            return st;
        }
        pgw_enc_sasl_response(&c->t.out, fin, flen);
        free(fin);
        break;
    }
    case 12:
        if (!c->scram) {
            pgw_set_error(&c->err, "08P01", "SASLFinal without SASL start");
            return PGW_ERR_PROTOCOL;
        }
        st = pgw_scram_verify_final(c->scram, req->data, req->len, err, sizeof err);
        if (st != PGW_OK) {
            pgw_set_error(&c->err, "28000", "SCRAM authentication failed: %s", err);
            return st;
        }
        c->scram_done = true;
        return PGW_OK; /* nothing to send: AuthenticationOk follows */
    case 2:
        pgw_set_error(&c->err, "28000", "Kerberos V5 authentication is not supported");
        return PGW_ERR_AUTH;
    case 6:
        pgw_set_error(&c->err, "28000", "SCM credentials authentication is not supported");
        return PGW_ERR_AUTH;
    case 7:
    case 8:
        pgw_set_error(&c->err, "28000", "GSSAPI authentication is not supported");
        return PGW_ERR_AUTH;
    case 9:
        pgw_set_error(&c->err, "28000", "SSPI authentication is not supported");
        return PGW_ERR_AUTH;
    default:
        pgw_set_error(&c->err, "28000", "authentication method %d is not supported",
                      (int)req->code);
        return PGW_ERR_AUTH;
    }
    return pgw_tr_flush(&c->t, &c->err);
}
