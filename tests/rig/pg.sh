#!/usr/bin/env bash
# pg.sh: a private PostgreSQL server (15 on Debian 12, 17 on Debian 13) for the integration and end-to-end tests.
#
#   pg.sh start DIR PORT   initdb in DIR (once), start on 127.0.0.1:PORT, create the roles
#   pg.sh stop DIR         stop the server started in DIR (no-op when it is not running)
#   pg.sh status DIR       exit 0 when the server in DIR is running
#   pg.sh psql DIR [ARGS]  psql as the superuser over DIR's unix socket
#
# There is no CrateDB server on a CI machine, so PostgreSQL stands in for it, configured the
# way CrateDB behaves where PostgreSQL allows it:
#   - CrateDB's only password method on pgwire is cleartext (`password` in pg_hba.conf):
#     role crate_pw / 'pw-secret' uses it, and `doc` (CrateDB's default schema; here a
#     database) is owned by crate_pw.
#   - crate_scram / 'scram-secret' (scram-sha-256) and crate_md5 / 'md5-secret' (md5) exist so
#     the driver's other authentication paths are exercised against a real server.
#   - crate (CrateDB's superuser, no password) is trusted from loopback, like the `_local_`
#     trust entry of CrateDB's shipped crate.yml.
#   - TLS is on, like a CrateDB node with ssl.psql.enabled (the `host` lines still allow
#     plaintext): a throw-away CA made at cluster creation signs the server certificate
#     (subjectAltName DNS:localhost, IP:127.0.0.1). crate_tls / 'tls-secret' may only log in
#     over TLS (hostssl, like CrateDB's `ssl: on` HBA entries); crate_cert only over TLS with
#     a client certificate whose CN is crate_cert (`cert`, CrateDB's certificate method).
#     DIR/tls holds what the tests need (see make_tls): ca.crt, other-ca.crt (a CA that
#     signed nothing here), client.crt/client.key (CN crate_cert), crl-empty.pem and
#     crl-revoked.pem (the test CA's CRLs, the second revoking the server certificate).
# The server listens on 127.0.0.1, and on 127.0.0.2 as an address its certificate does not
# name (for host name checks); its unix socket lives in DIR, so nothing under /run or /etc
# is touched. PostgreSQL refuses to run as root, so as root everything runs as the
# `postgres` user; as any other user, as that user.
#
# Environment: PG_BIN (default: the installed server's, found by tests/rig/pg_bin.sh).
set -euo pipefail

PG_BIN=$(bash "$(dirname "${BASH_SOURCE[0]}")/pg_bin.sh") || exit 1

die() { echo "pg.sh: $*" >&2; exit 1; }

usage() {
    sed -n '4,7p' "$0" >&2
    exit 2
}

# as_pg CMD...: run CMD as the user that owns the cluster (postgres when we are root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

check_prereqs() {
    [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
        die "no PostgreSQL server in $PG_BIN: install the Debian package postgresql (or set PG_BIN)"
    command -v openssl >/dev/null ||
        die "no openssl tool (it makes the test certificates): install the Debian package openssl"
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null ||
            die "running as root but there is no 'postgres' user (install postgresql)"
    fi
}

# Prints the log so a failure in CI can be diagnosed from the job output alone.
dump_log() {
    local dir=$1
    if [ -f "$dir/postgres.log" ]; then
        echo "---- $dir/postgres.log (last 40 lines) ----" >&2
        tail -n 40 "$dir/postgres.log" >&2 || true
        echo "----" >&2
    fi
}

is_running() {
    local dir=$1
    [ -f "$dir/data/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

port_busy() {
    # bash's /dev/tcp: a successful connect means someone else is listening.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# make_tls DIR: the throw-away CA, certificates and CRLs in DIR/tls (tests/rig/tls.sh).
make_tls() {
    local dir=$1
    # the script's text, not its path: the server's user may not reach the work tree
    # (a clone under /root, as on CI)
    as_pg bash -c "$(cat "$(dirname "${BASH_SOURCE[0]}")/tls.sh")" tls.sh "$dir/tls" ||
        die "making the test certificates failed"
}

init_cluster() {
    local dir=$1 port=$2
    # The superuser only logs in over DIR's unix socket (trust, it is our own private socket);
    # the test roles only over TCP with their own methods, like a CrateDB HBA config.
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=reject >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }

    make_tls "$dir"

    cat >"$dir/data/pg_hba.conf" <<'EOF'
# pg_hba.conf written by tests/rig/pg.sh: first match wins, like CrateDB's HBA.
local all postgres                trust
# TLS only (CrateDB: `ssl: on`), with a password or with a client certificate
hostssl   all crate_tls   127.0.0.1/32 password
hostnossl all crate_tls   127.0.0.1/32 reject
hostssl   all crate_cert  127.0.0.1/32 cert
hostnossl all crate_cert  127.0.0.1/32 reject
host  all crate        127.0.0.1/32 trust
host  all crate_pw     127.0.0.1/32 password
host  all crate_scram  127.0.0.1/32 scram-sha-256
host  all crate_md5    127.0.0.1/32 md5
# Everyone else: cleartext password, CrateDB's method (crate.yml entry 99).
host  all all          127.0.0.1/32 password
EOF

    cat >>"$dir/data/postgresql.conf" <<EOF

# ---- tests/rig/pg.sh ----
listen_addresses = '127.0.0.1,127.0.0.2'
port = $port
ssl = on
ssl_cert_file = '$dir/tls/server.crt'
ssl_key_file = '$dir/tls/server.key'
# client certificates (the cert method) are checked against the test CA
ssl_ca_file = '$dir/tls/ca.crt'
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
max_connections = 50
shared_buffers = 32MB
# A throw-away cluster: durability only costs time.
fsync = off
synchronous_commit = off
full_page_writes = off
# CrateDB's sessions are always UTC; fixed here so timestamptz text is predictable.
timezone = 'UTC'
lc_messages = 'C'
log_min_messages = warning
log_connections = on
log_line_prefix = '%m [%p] %u@%d '
EOF
    echo "$port" >"$dir/port"
}

# Idempotent: roles and databases are created only when missing, passwords always reset.
setup_roles() {
    local dir=$1 port=$2
    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
        >>"$dir/setup.log" 2>&1 <<'EOF' || { cat "$dir/setup.log" >&2; die "creating the test roles failed"; }
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate') THEN CREATE ROLE crate LOGIN SUPERUSER; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_pw') THEN CREATE ROLE crate_pw LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_scram') THEN CREATE ROLE crate_scram LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_md5') THEN CREATE ROLE crate_md5 LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_special') THEN CREATE ROLE crate_special LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_tls') THEN CREATE ROLE crate_tls LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crate_cert') THEN CREATE ROLE crate_cert LOGIN; END IF;
END $$;
SET password_encryption = 'scram-sha-256';
ALTER ROLE crate_pw PASSWORD 'pw-secret';
ALTER ROLE crate_scram PASSWORD 'scram-secret';
ALTER ROLE crate_tls PASSWORD 'tls-secret';
-- Needs braces in a connection string: PWD={se;mi}}{=brace}
ALTER ROLE crate_special PASSWORD 'se;mi}{=brace';
-- Stored as an MD5 hash: with a SCRAM verifier PostgreSQL would answer `md5` lines with SCRAM.
SET password_encryption = 'md5';
ALTER ROLE crate_md5 PASSWORD 'md5-secret';
SELECT 'CREATE DATABASE doc OWNER crate_pw'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'doc') \gexec
EOF
    # Every test role may create tables in doc's public schema (PostgreSQL 15 and later revoked that
    # from PUBLIC; CrateDB lets any user with DDL privileges create in doc).
    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d doc \
        -c 'GRANT ALL ON SCHEMA public TO PUBLIC' >>"$dir/setup.log" 2>&1 ||
        { cat "$dir/setup.log" >&2; die "granting on doc.public failed"; }
}

cmd_start() {
    local dir=$1 port=$2
    case $port in ''|*[!0-9]*) die "PORT must be a number, got '$port'" ;; esac
    check_prereqs
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # The unix socket path (DIR/.s.PGSQL.PORT) must fit in sun_path (107 bytes).
    [ ${#dir} -le 90 ] || die "DIR path too long for a unix socket (${#dir} > 90 chars): $dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
        chmod 0700 "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot write $dir (check the permissions of its parents)"
    fi

    if is_running "$dir"; then
        local running_port
        running_port=$(cat "$dir/port" 2>/dev/null || echo '?')
        [ "$running_port" = "$port" ] ||
            die "a server is already running in $dir on port $running_port, not $port"
        echo "pg.sh: already running in $dir on 127.0.0.1:$port"
        setup_roles "$dir" "$port"
        return 0
    fi

    port_busy "$port" && die "port $port on 127.0.0.1 is already in use"

    if [ ! -f "$dir/data/PG_VERSION" ]; then
        init_cluster "$dir" "$port"
    elif [ ! -f "$dir/tls/server.crt" ]; then
        die "$dir holds a cluster made before the TLS set-up: remove it to start afresh"
    elif [ "$(cat "$dir/port" 2>/dev/null)" != "$port" ]; then
        # Reusing a stopped cluster on another port: the last `port =` line wins.
        as_pg sh -c "echo 'port = $port' >> '$dir/data/postgresql.conf'"
        echo "$port" >"$dir/port"
    fi

    if ! as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null; then
        dump_log "$dir"
        die "the server in $dir did not start"
    fi
    # pg_ctl -w waits for the socket; pg_isready also checks the TCP listener the tests use.
    local i
    for i in $(seq 1 50); do
        as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
        sleep 0.2
    done
    as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" ||
        { dump_log "$dir"; die "the server in $dir does not accept TCP connections on $port"; }
    setup_roles "$dir" "$port"
    echo "pg.sh: PostgreSQL $(cat "$dir/data/PG_VERSION") running in $dir on 127.0.0.1:$port"
}

cmd_stop() {
    local dir=$1
    [ -d "$dir" ] || { echo "pg.sh: nothing to stop ($dir does not exist)"; return 0; }
    check_prereqs
    if ! is_running "$dir"; then
        echo "pg.sh: no server running in $dir"
        return 0
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ||
        { dump_log "$dir"; die "stopping the server in $dir failed"; }
    echo "pg.sh: stopped the server in $dir"
}

main() {
    [ $# -ge 2 ] || usage
    local cmd=$1 dir=$2
    shift 2
    case $cmd in
    start)  [ $# -eq 1 ] || usage; cmd_start "$dir" "$1" ;;
    stop)   cmd_stop "$dir" ;;
    status) is_running "$dir" ;;
    psql)
        check_prereqs
        as_pg "$PG_BIN/psql" -X -h "$dir" -p "$(cat "$dir/port")" -U postgres "$@" ;;
    *) usage ;;
    esac
}

main "$@"
