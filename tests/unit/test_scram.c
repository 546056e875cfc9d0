/*
 * test_scram.c: SCRAM-SHA-256 against the RFC 7677 test vector (client
 * nonce injected), server-signature and nonce checks, and the MD5 password
 * hash against a value computed independently (Python hashlib).
 */
#include <stdlib.h>
#include <string.h>

#include "pgw_int.h"
#include "unit.h"

#define NONCE "rOprNGfwEbeRWgbNEkqO"
#define SERVER_FIRST "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," \
                     "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define CLIENT_FINAL "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," \
                     "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define SERVER_FINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/* Runs client-first and client-final; returns the state or NULL. */
static pgw_scram *rfc_exchange(const char *server_first)
{
    pgw_scram *s = pgw_scram_new("user", "pencil", NONCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *out = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(pgw_scram_client_first(s, &out, &n), PGW_OK);
    CU_ASSERT_STRING_EQUAL(out, "n,,n=user,r=" NONCE);
    CU_ASSERT_EQUAL(n, strlen("n,,n=user,r=" NONCE));
    free(out);
    char err[128];
    pgw_status st = pgw_scram_client_final(s, server_first, strlen(server_first), &out, &n,
                                           err, sizeof err);
    if (st != PGW_OK) {
        pgw_scram_free(s);
        return NULL;
    }
    free(out);
    return s;
}

static void test_rfc7677_vector(void)
{
    pgw_scram *s = pgw_scram_new("user", "pencil", NONCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *out = NULL, err[128];
    size_t n = 0;
    CU_ASSERT_EQUAL(pgw_scram_client_first(s, &out, &n), PGW_OK);
    free(out);
    CU_ASSERT_EQUAL_FATAL(pgw_scram_client_final(s, SERVER_FIRST, strlen(SERVER_FIRST), &out, &n,
                                                 err, sizeof err),
                          PGW_OK);
    CU_ASSERT_STRING_EQUAL(out, CLIENT_FINAL);
    CU_ASSERT_EQUAL(n, strlen(CLIENT_FINAL));
    free(out);
    CU_ASSERT_EQUAL(pgw_scram_verify_final(s, SERVER_FINAL, strlen(SERVER_FINAL), err, sizeof err),
                    PGW_OK);
    pgw_scram_free(s);
}

static void test_tampered_signature(void)
{
    pgw_scram *s = rfc_exchange(SERVER_FIRST);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char err[128] = "";
    const char *bad = "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    CU_ASSERT_EQUAL(pgw_scram_verify_final(s, bad, strlen(bad), err, sizeof err), PGW_ERR_AUTH);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "mismatch"));
    const char *shortsig = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5n";
    CU_ASSERT_EQUAL(pgw_scram_verify_final(s, shortsig, strlen(shortsig), err, sizeof err),
                    PGW_ERR_AUTH);
    const char *e = "e=invalid-proof";
    CU_ASSERT_EQUAL(pgw_scram_verify_final(s, e, strlen(e), err, sizeof err), PGW_ERR_AUTH);
    CU_ASSERT_EQUAL(pgw_scram_verify_final(s, "", 0, err, sizeof err), PGW_ERR_AUTH);
    pgw_scram_free(s);
}

static void test_bad_server_first(void)
{
    /* nonce not extending ours */
    CU_ASSERT_PTR_NULL(rfc_exchange("r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2,s=W22ZaJ0SNY7soEsUEjb6gQ==,"
                                    "i=4096"));
    /* nonce equal to ours (server added nothing) */
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
    /* iteration count zero, huge, not a number */
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0"));
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=999999999999"));
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4k"));
    /* bad salt, missing attributes, mandatory extension first */
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE "x,s=###,i=4096"));
    CU_ASSERT_PTR_NULL(rfc_exchange("r=" NONCE "x,i=4096"));
    CU_ASSERT_PTR_NULL(rfc_exchange("m=ext,r=" NONCE "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
    CU_ASSERT_PTR_NULL(rfc_exchange(""));
}

static void test_user_escaping_and_random_nonce(void)
{
    pgw_scram *s = pgw_scram_new("a=b,c", "pw", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *out = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(pgw_scram_client_first(s, &out, &n), PGW_OK);
    CU_ASSERT_EQUAL(strncmp(out, "n,,n=a=3Db=2Cc,r=", 17), 0);
    CU_ASSERT_EQUAL(strlen(out + 17), 24); /* 18 random bytes in base64 */
    free(out);
    pgw_scram_free(s);
    /* PostgreSQL mode: empty user name */
    s = pgw_scram_new("", "pw", "abc");
    CU_ASSERT_EQUAL(pgw_scram_client_first(s, &out, &n), PGW_OK);
    CU_ASSERT_STRING_EQUAL(out, "n,,n=,r=abc");
    free(out);
    pgw_scram_free(s);
}

static void test_md5(void)
{
    /* python3: 'md5' + md5(md5(b'secretpw' + b'alice').hexdigest().encode()
     *                       + bytes([1, 2, 3, 0xfe])).hexdigest() */
    const unsigned char salt[4] = {1, 2, 3, 0xfe};
    char out[36];
    CU_ASSERT_EQUAL(pgw_md5_password("alice", "secretpw", salt, out), PGW_OK);
    CU_ASSERT_STRING_EQUAL(out, "md50a64f8210bd7cc1b8955303b1d7d9af0");
}

void register_scram_tests(void)
{
    CU_pSuite s = CU_add_suite("scram", NULL, NULL);
    CU_add_test(s, "RFC 7677 test vector", test_rfc7677_vector);
    CU_add_test(s, "tampered server signature", test_tampered_signature);
    CU_add_test(s, "bad server-first", test_bad_server_first);
    CU_add_test(s, "user escaping, random nonce", test_user_escaping_and_random_nonce);
    CU_add_test(s, "MD5 password", test_md5);
}
