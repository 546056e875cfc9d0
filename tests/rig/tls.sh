#!/usr/bin/env bash
# tls.sh DIR: a throw-away CA and the certificates, keys and CRLs the TLS tests use, in DIR.
#
# Run it as the user that owns the server (pg.sh and cratedb.sh do). EC P-256 keys: fast.
#   ca.crt / ca.key            the test CA ("cratedb-odbc test CA")
#   other-ca.crt               a CA that signed nothing here
#   server.crt / server.key    CN localhost, subjectAltName DNS:localhost, IP:127.0.0.1
#   server.p12                 the same key and chain (with ca.crt) as a PKCS#12 keystore
#                              for CrateDB's ssl.keystore_filepath, password "odbc-test"
#   client.crt / client.key    CN crate_cert (certificate authentication)
#   client-rsa.crt / client-rsa.key / client-rsa-pkcs1.key
#                              the same with an RSA key, PKCS#8 and PKCS#1 (Windows'
#                              SChannel backend takes RSA client keys only)
#   crl-empty.pem              the CA's CRL revoking nothing
#   crl-revoked.pem            the CA's CRL revoking the server certificate
set -euo pipefail

dir=${1:?usage: tls.sh DIR}
mkdir -p "$dir"
cd "$dir"

cat >openssl.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[ca]
default_ca = test_ca
[test_ca]
database = index.txt
crlnumber = crlnumber
certificate = ca.crt
private_key = ca.key
default_md = sha256
default_crl_days = 3650
CNF

{
    key="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
    req="openssl req -config openssl.cnf"
    sign="openssl x509 -req -CA ca.crt -CAkey ca.key -days 3650 -extfile openssl.cnf"
    $req -x509 $key -keyout ca.key -out ca.crt -days 3650 -extensions v3_ca \
        -subj "/CN=cratedb-odbc test CA"
    $req -x509 $key -keyout other-ca.key -out other-ca.crt -days 3650 -extensions v3_ca \
        -subj "/CN=cratedb-odbc other CA"
    $req -new $key -keyout server.key -out server.csr -subj "/CN=localhost"
    $sign -in server.csr -set_serial 2 -extensions server -out server.crt
    $req -new $key -keyout client.key -out client.csr -subj "/CN=crate_cert"
    $sign -in client.csr -set_serial 3 -extensions client -out client.crt
    $req -new -newkey rsa:2048 -nodes -keyout client-rsa.key -out client-rsa.csr \
        -subj "/CN=crate_cert"
    $sign -in client-rsa.csr -set_serial 4 -extensions client -out client-rsa.crt
    openssl rsa -in client-rsa.key -traditional -out client-rsa-pkcs1.key
    openssl pkcs12 -export -in server.crt -inkey server.key -certfile ca.crt -name server \
        -passout pass:odbc-test -out server.p12
    : >index.txt
    echo 01 >crlnumber
    openssl ca -config openssl.cnf -gencrl -out crl-empty.pem
    openssl ca -config openssl.cnf -revoke server.crt
    openssl ca -config openssl.cnf -gencrl -out crl-revoked.pem
    chmod 0600 server.key client.key client-rsa.key client-rsa-pkcs1.key server.p12
} >tls.log 2>&1 || { cat tls.log >&2; echo "tls.sh: making the test certificates failed" >&2; exit 1; }
