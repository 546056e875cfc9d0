/*
 * wincert.h: certificates, keys and host names for the SChannel backend
 * (wincert.c; Windows only). Stores come from CertOpenStore and go back
 * with CertCloseStore; a key blob is malloc'd and the caller zeroes and
 * frees it.
 */
#ifndef PGW_WINCERT_H
#define PGW_WINCERT_H

#include <stdbool.h>
#include <stddef.h>

#include "pgw_socket.h"   /* winsock2.h before windows.h */
#include <windows.h>
#include <wincrypt.h>

/* An empty in-memory certificate store; NULL with GetLastError(). */
HCERTSTORE wincert_memory_store(void);

/* Adds every certificate (crls: every CRL) of the PEM file at path to
 * store: how many, or -1 with why in reason ("No such file or directory",
 * "no certificate found in it", ...). first (when not NULL) gets the
 * file's first certificate, in the store, for CertFreeCertificateContext. */
int wincert_load_pem(HCERTSTORE store, const char *path, bool crls, PCCERT_CONTEXT *first,
                     char *reason, size_t len);

/* The RSA private key of the PEM file at path (PKCS#1 "RSA PRIVATE KEY" or
 * PKCS#8 "PRIVATE KEY", unencrypted) as a CryptoAPI PRIVATEKEYBLOB; NULL
 * with why in why, and *not_rsa when the file holds a key of another kind
 * (why then reads "is an EC key: ..."). */
BYTE *wincert_read_rsa_key(const char *path, DWORD *blob_len, bool *not_rsa, char *why,
                           size_t len);

/* Whether cert is for host, by OpenSSL's rules (subjectAltName DNS names
 * and IP addresses; the common name only without DNS names; a wildcard
 * only as a whole leftmost label). names gets the certificate's names,
 * quoted, for a message. */
bool wincert_name_matches(PCCERT_CONTEXT cert, const char *host, char *names, size_t len);
/* Whether host is an IPv4 or IPv6 address rather than a name. */
bool wincert_is_ip_address(const char *host);

#endif
