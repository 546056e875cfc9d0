/*
 * auth_scram.c: the client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) with
 * the platform's PBKDF2, HMAC, SHA-256, random and base64 (pgw_crypto.h). Channel binding is not
 * offered (gs2 header "n,,"; SCRAM-SHA-256-PLUS is never chosen). SASLprep
 * is not implemented: the password is used byte for byte, which is correct
 * for ASCII passwords. The client nonce can be injected for tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_crypto.h"
#include "pgw_int.h"

#define SCRAM_KEY 32
#define SCRAM_MIN_ITER 1
#define SCRAM_MAX_ITER 10000000 /* a hostile server must not make us spin */

/* Owns every string it holds. */
struct pgw_scram {
    char *user;             /* escaped for n= */
    char *password;
    char *nonce;            /* client nonce */
    char *first_bare;       /* "n=<user>,r=<nonce>" */
    unsigned char server_sig[SCRAM_KEY];
    bool have_sig;
};

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

static char *b64_encode(const unsigned char *in, size_t n)
{
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    if (out && !pgw_b64_encode(in, n, out)) {
        free(out);
        out = NULL;
    }
    return out;
}

pgw_scram *pgw_scram_new(const char *user, const char *password, const char *nonce)
{
    pgw_scram *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* Escape '=' and ',' in the SCRAM user name (RFC 5802 5.1). */
    size_t ulen = strlen(user), k = 0;
    s->user = malloc(3 * ulen + 1);
    s->password = strdup(password ? password : "");
    if (!s->user || !s->password)
        goto fail;
    for (size_t i = 0; i < ulen; i++) {
        if (user[i] == '=' || user[i] == ',') {
            memcpy(s->user + k, user[i] == '=' ? "=3D" : "=2C", 3);
            k += 3;
        } else {
            s->user[k++] = user[i];
        }
    }
    s->user[k] = '\0';
    if (nonce) {
        s->nonce = strdup(nonce);
    } else {
        unsigned char raw[18];
        if (!pgw_random_bytes(raw, sizeof raw))
            goto fail;
        s->nonce = b64_encode(raw, sizeof raw);
    }
    if (!s->nonce)
        goto fail;
    return s;
fail:
    pgw_scram_free(s);
    return NULL;
}

void pgw_scram_free(pgw_scram *s)
{
    if (!s)
        return;
    if (s->password)
        pgw_cleanse(s->password, strlen(s->password));
    free(s->user);
    free(s->password);
    free(s->nonce);
    free(s->first_bare);
    pgw_cleanse(s, sizeof *s);
    free(s);
}

pgw_status pgw_scram_client_first(pgw_scram *s, char **out, size_t *outlen)
{
    size_t n = strlen(s->user) + strlen(s->nonce) + 6;
    free(s->first_bare);
    s->first_bare = malloc(n + 1);
    char *msg = malloc(n + 4);
    if (!s->first_bare || !msg) {
        free(msg);
        return PGW_ERR_NOMEM;
    }
    snprintf(s->first_bare, n + 1, "n=%s,r=%s", s->user, s->nonce);
    int w = snprintf(msg, n + 4, "n,,%s", s->first_bare);
    *out = msg;
    *outlen = (size_t)w;
    return PGW_OK;
}

/* Finds attribute `name` at *p (form "x=value", up to ',' or end). */
static bool take_attr(const char **p, const char *end, char name, const char **val,
                      size_t *vlen)
{
    const char *q = *p;
    if (end - q < 2 || q[0] != name || q[1] != '=')
        return false;
    q += 2;
    const char *comma = memchr(q, ',', (size_t)(end - q));
    const char *stop = comma ? comma : end;
    *val = q;
    *vlen = (size_t)(stop - q);
    *p = comma ? comma + 1 : end;
    return true;
}

static bool hmac(const unsigned char *key, size_t klen, const void *d, size_t n,
                 unsigned char out[SCRAM_KEY])
{
    return pgw_hmac_sha256(key, klen, d, n, out);
}

pgw_status pgw_scram_client_final(pgw_scram *s, const char *server_first, size_t len,
                                  char **out, size_t *outlen, char *err, size_t errlen)
{
    pgw_status st = PGW_ERR_AUTH;
    const char *p = server_first, *end = server_first + len;
    const char *rv, *sv, *iv;
    size_t rlen, slen, ilen;
    unsigned char *salt = NULL;
    char *final_noproof = NULL, *authmsg = NULL, *proof64 = NULL, *msg = NULL;
    unsigned char salted[SCRAM_KEY], ckey[SCRAM_KEY], skey[SCRAM_KEY], stored[SCRAM_KEY],
        csig[SCRAM_KEY], proof[SCRAM_KEY];

    *out = NULL;
    *outlen = 0;
    if (!s->first_bare) {
        set_err(err, errlen, "client-first message not sent");
        return PGW_ERR_STATE;
    }
    if (memchr(server_first, '\0', len)) {
        set_err(err, errlen, "NUL byte in server-first message");
        return PGW_ERR_AUTH;
    }
    if (!take_attr(&p, end, 'r', &rv, &rlen) || !take_attr(&p, end, 's', &sv, &slen) ||
        !take_attr(&p, end, 'i', &iv, &ilen)) {
        set_err(err, errlen, "malformed server-first message");
        return PGW_ERR_AUTH;
    }
    size_t cn = strlen(s->nonce);
    if (rlen <= cn || memcmp(rv, s->nonce, cn) != 0) {
        set_err(err, errlen, "server nonce does not extend the client nonce");
        return PGW_ERR_AUTH;
    }
    for (size_t i = 0; i < rlen; i++) {
        unsigned char ch = (unsigned char)rv[i];
        if (ch < 0x21 || ch > 0x7e) {
            set_err(err, errlen, "invalid character in server nonce");
            return PGW_ERR_AUTH;
        }
    }
    long iter = 0;
    if (ilen == 0 || ilen > 9) {
        set_err(err, errlen, "invalid iteration count");
        return PGW_ERR_AUTH;
    }
    for (size_t i = 0; i < ilen; i++) {
        if (iv[i] < '0' || iv[i] > '9') {
            set_err(err, errlen, "invalid iteration count");
            return PGW_ERR_AUTH;
        }
        iter = iter * 10 + (iv[i] - '0');
    }
    if (iter < SCRAM_MIN_ITER || iter > SCRAM_MAX_ITER) {
        set_err(err, errlen, "iteration count out of bounds");
        return PGW_ERR_AUTH;
    }
    salt = malloc(slen + 3);
    if (!salt) {
        st = PGW_ERR_NOMEM;
        set_err(err, errlen, "out of memory");
        goto fail;
    }
    int saltlen = pgw_b64_decode(sv, slen, salt);
    if (saltlen <= 0) {
        set_err(err, errlen, "invalid salt");
        goto fail;
    }
    if (!pgw_pbkdf2_sha256(s->password, strlen(s->password), salt, (size_t)saltlen,
                           (unsigned)iter, salted) ||
        !hmac(salted, SCRAM_KEY, "Client Key", 10, ckey) ||
        !hmac(salted, SCRAM_KEY, "Server Key", 10, skey) ||
        !pgw_sha256(ckey, SCRAM_KEY, stored)) {
        set_err(err, errlen, "key derivation failed");
        goto fail;
    }
    /* client-final-without-proof: "c=biws,r=<nonce>" (biws = base64 "n,,") */
    size_t fnlen = 9 + rlen;
    final_noproof = malloc(fnlen + 1);
    size_t bare = strlen(s->first_bare);
    size_t amlen = bare + 1 + len + 1 + fnlen;
    authmsg = malloc(amlen + 1);
    if (!final_noproof || !authmsg) {
        st = PGW_ERR_NOMEM;
        set_err(err, errlen, "out of memory");
        goto fail;
    }
    memcpy(final_noproof, "c=biws,r=", 9);
    memcpy(final_noproof + 9, rv, rlen);
    final_noproof[fnlen] = '\0';
    memcpy(authmsg, s->first_bare, bare);
    authmsg[bare] = ',';
    memcpy(authmsg + bare + 1, server_first, len);
    authmsg[bare + 1 + len] = ',';
    memcpy(authmsg + bare + 2 + len, final_noproof, fnlen);
    authmsg[amlen] = '\0';
    if (!hmac(stored, SCRAM_KEY, authmsg, amlen, csig) ||
        !hmac(skey, SCRAM_KEY, authmsg, amlen, s->server_sig)) {
        set_err(err, errlen, "HMAC failed");
        goto fail;
    }
    s->have_sig = true;
    for (int i = 0; i < SCRAM_KEY; i++)
        proof[i] = ckey[i] ^ csig[i];
    proof64 = b64_encode(proof, SCRAM_KEY);
    size_t mlen = fnlen + 3 + (proof64 ? strlen(proof64) : 0);
    msg = proof64 ? malloc(mlen + 1) : NULL;
    if (!msg) {
        st = PGW_ERR_NOMEM;
        set_err(err, errlen, "out of memory");
        goto fail;
    }
    snprintf(msg, mlen + 1, "%s,p=%s", final_noproof, proof64);
    *out = msg;
    *outlen = mlen;
    msg = NULL;
    st = PGW_OK;
fail:
    pgw_cleanse(salted, sizeof salted);
    pgw_cleanse(ckey, sizeof ckey);
    pgw_cleanse(skey, sizeof skey);
    pgw_cleanse(stored, sizeof stored);
    free(salt);
    free(final_noproof);
    free(authmsg);
    free(proof64);
    free(msg);
    return st;
}

pgw_status pgw_scram_verify_final(pgw_scram *s, const char *server_final, size_t len,
                                  char *err, size_t errlen)
{
    if (!s->have_sig) {
        set_err(err, errlen, "server-final before client-final");
        return PGW_ERR_AUTH;
    }
    const char *p = server_final, *end = server_final + len, *v;
    size_t vlen;
    if (take_attr(&p, end, 'e', &v, &vlen)) {
        char msg[128];
        snprintf(msg, sizeof msg, "server error: %.*s", (int)(vlen > 100 ? 100 : vlen), v);
        set_err(err, errlen, msg);
        return PGW_ERR_AUTH;
    }
    if (!take_attr(&p, end, 'v', &v, &vlen) || vlen > 64) {
        set_err(err, errlen, "malformed server-final message");
        return PGW_ERR_AUTH;
    }
    unsigned char sig[64];
    int n = pgw_b64_decode(v, vlen, sig);
    if (n != SCRAM_KEY || pgw_memcmp_ct(sig, s->server_sig, SCRAM_KEY) != 0) {
        set_err(err, errlen, "server signature mismatch");
        return PGW_ERR_AUTH;
    }
    return PGW_OK;
}
