/*
 * fuzz_startup.c: the start of a connection as the server drives it
 * (pgw_conn_handshake, protocol/conn.c): the answer byte to SSLRequest (N,
 * S and a TLS handshake with garbage, anything else), then the startup and
 * authentication replies: cleartext, MD5 and SASL requests, SCRAM's
 * continue and final messages, ParameterStatus, BackendKeyData,
 * NegotiateProtocolVersion, ErrorResponse and NoticeResponse, up to the
 * first ReadyForQuery.
 *
 * Input: [scenario] server bytes
 *   scenario bits 0-1  TLS use: 0 and 3 none, 1 if offered (prefer), 2 must
 *            bit 2     a password is given
 *            bit 3     the user name is empty
 *
 * The driver's SCRAM nonce comes from RAND_bytes, which this program
 * replaces (-Wl,--wrap=RAND_bytes, Makefile.am) for the driver's code, so
 * the nonce is fixed (base64 of 18 'x': eHh4...) and inputs can extend it.
 * Inputs with a SCRAM iteration count above 64 are skipped: up to
 * SCRAM_MAX_ITER (10 million) the time PBKDF2 takes is by design, not a
 * hang, and the fuzzer would spend its time there (the recorded exchange
 * says i=0016 instead of PostgreSQL's 4096).
 *
 * Invariants: a failed handshake leaves an error (SQLSTATE and message) and
 * a closed socket; a successful one a transaction status, and CrateDB
 * recognised when it announced crate_version.
 */
#include "fuzz_conn.h"

int __wrap_RAND_bytes(unsigned char *buf, int num);
int __wrap_RAND_bytes(unsigned char *buf, int num)
{
    memset(buf, 'x', (size_t)num);
    return 1;
}

/* The TLS settings of SSLMode prefer (no files), built once. */
static pgw_tls *prefer_tls(const pgw_connect_params *p)
{
    static pgw_tls *tls;
    if (!tls) {
        pgw_error e = {0};
        pgw_connect_params q = *p;
        q.ssl_mode = PGW_SSL_PREFER;
        FUZZ_CHECK(pgw_tls_new(&q, &tls, &e) == PGW_OK);
        pgw_error_clear(&e);
    }
    return pgw_tls_ref(tls);
}

/* True when a SCRAM iteration count ",i=N" with N > 64 is in the input. */
static bool slow_scram(const uint8_t *d, size_t n)
{
    for (size_t k = 0; k + 3 < n; k++) {
        if (d[k] != ',' || d[k + 1] != 'i' || d[k + 2] != '=')
            continue;
        long v = 0;
        for (size_t j = k + 3; j < n && j < k + 12 && d[j] >= '0' && d[j] <= '9'; j++)
            v = v * 10 + (d[j] - '0');
        if (v > 64)
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || slow_scram(data, size))
        return 0;
    uint8_t sc = data[0];
    static const pgw_tls_use uses[4] = { PGW_TLS_OFF, PGW_TLS_IF_OFFERED, PGW_TLS_MUST,
                                         PGW_TLS_OFF };
    pgw_tls_use use = uses[sc & 3];
    pgw_connect_params p = {
        .hosts = "fuzz", .user = (sc & 8) ? "" : "crate",
        .password = (sc & 4) ? "pw-secret" : NULL, .database = "doc",
        .application_name = "fuzz",
        .ssl_mode = use == PGW_TLS_OFF ? PGW_SSL_DISABLE
                    : use == PGW_TLS_MUST ? PGW_SSL_REQUIRE : PGW_SSL_PREFER,
    };
    fuzz_conn f;
    if (!fuzz_conn_open(&f, data + 1, size - 1, false, false))
        return 0;
    if (use != PGW_TLS_OFF)
        f.c->tls = prefer_tls(&p);
    pgw_attempt_fail why;
    pgw_status st = pgw_conn_handshake(f.c, "fuzz", &p, use, &why);
    if (st == PGW_OK) {
        FUZZ_CHECK(f.c->txn == 'I' || f.c->txn == 'T' || f.c->txn == 'E');
        FUZZ_CHECK(f.c->t.fd >= 0 && f.c->scram == NULL);
        if (pgw_parameter(f.c, "crate_version"))
            FUZZ_CHECK(f.c->is_cratedb);
    } else {
        fuzz_check_error(f.c);
        FUZZ_CHECK(f.c->t.fd < 0 && f.c->t.tls == NULL);
        FUZZ_CHECK(f.c->nparams == 0 && !f.c->have_key);
        if (why == PGW_FAIL_REFUSED)
            FUZZ_CHECK(use == PGW_TLS_MUST);
    }
    fuzz_conn_close(&f);
    return 0;
}
