#!/usr/bin/env bash
# scripts/install.sh: build, install and register the driver, then run a query through it.
#
#   sudo scripts/install.sh
#
# 1. installs the build dependencies (Debian/Ubuntu; skipped when present or SKIP_APT=1)
# 2. autoreconf, configure --prefix=$PREFIX (default /usr/local), make, make install:
#    the driver lands in $PREFIX/lib/odbc/cratedbodbc.so (setup library cratedbodbcS.so)
# 3. registers the driver `CrateDB` in the system odbcinst.ini with
#    `odbcinst -i -d -f` (odbcinst.ini.sample, with the installed paths)
# 4. runs a query through the installed driver with isql:
#    - against your server when CRATEDB_SERVER is set (CRATEDB_PORT default 5432,
#      CRATEDB_UID default crate, CRATEDB_PWD default empty, CRATEDB_SCHEMA default doc);
#    - otherwise against a throw-away PostgreSQL (Debian's, 15 or 17) started for the demo
#      (tests/rig/pg.sh; needs the postgresql package) and stopped afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PREFIX:-/usr/local}
BUILD="$ROOT/build-install"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
PACKAGES=(build-essential autoconf automake libtool pkg-config unixodbc unixodbc-dev odbcinst
          libssl-dev libcunit1-dev)
DEMO_DIR=""

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

cleanup() {
    if [ -n "$DEMO_DIR" ]; then
        bash "$ROOT/tests/rig/pg.sh" stop "$DEMO_DIR/pg" >/dev/null 2>&1 || true
        rm -rf "$DEMO_DIR"
    fi
}
trap cleanup EXIT

install_deps() {
    [ "${SKIP_APT:-0}" = 1 ] && return 0
    command -v dpkg-query >/dev/null || { echo "not Debian: install ${PACKAGES[*]} yourself"; return 0; }
    local p missing=()
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]} (run as root or apt-get install them)"
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build_and_install() {
    log "build in $BUILD, install under $PREFIX"
    [ -f "$ROOT/config.status" ] && die "$ROOT was configured in-tree; run 'make distclean' there first"
    (cd "$ROOT" && autoreconf -fi)
    mkdir -p "$BUILD"
    (cd "$BUILD" && "$ROOT/configure" --prefix="$PREFIX" && make -j"$JOBS" && make install)
}

# The directory `make install` put the driver in ($(libdir)/odbc).
odbc_libdir() {
    local libdir
    libdir=$(sed -n 's/^libdir = //p' "$BUILD/Makefile")
    libdir=${libdir//\$\{exec_prefix\}/$PREFIX}
    libdir=${libdir//\$\{prefix\}/$PREFIX}
    echo "$libdir/odbc"
}

register() {
    local dir tmp
    dir=$(odbc_libdir)
    [ -f "$dir/cratedbodbc.so" ] || die "$dir/cratedbodbc.so is not there after make install"
    log "register driver CrateDB -> $dir/cratedbodbc.so"
    tmp=$(mktemp)
    sed -e "s#/usr/local/lib/odbc#$dir#g" "$ROOT/odbcinst.ini.sample" >"$tmp"
    odbcinst -i -d -f "$tmp"
    rm -f "$tmp"
    odbcinst -q -d -n CrateDB
}

# A free loopback port for the demo server.
demo_port() {
    local p
    for p in 54429 54439 54449 $((20000 + RANDOM % 20000)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    die "no free port for the demo server"
}

demo_query() {
    local server port uid pwd schema
    if [ -n "${CRATEDB_SERVER:-}" ]; then
        server=$CRATEDB_SERVER
        port=${CRATEDB_PORT:-5432}
        uid=${CRATEDB_UID:-crate}
        pwd=${CRATEDB_PWD:-}
        schema=${CRATEDB_SCHEMA:-doc}
    else
        log "no CRATEDB_SERVER given: starting a demo PostgreSQL (stand-in for CrateDB)"
        install_deps postgresql
        DEMO_DIR=$(mktemp -d /tmp/cratedb-odbc-demo.XXXXXX)
        chmod 0755 "$DEMO_DIR"
        server=127.0.0.1
        port=$(demo_port)
        uid=crate_pw
        pwd=pw-secret
        schema=doc
        bash "$ROOT/tests/rig/pg.sh" start "$DEMO_DIR/pg" "$port"
    fi
    log "query through the installed driver: isql -k \"DRIVER=CrateDB;SERVER=$server;PORT=$port;...\""
    echo "SELECT 'Hello from the CrateDB ODBC driver' AS greeting, 6 * 7 AS answer" |
        isql -v -b -k "DRIVER=CrateDB;SERVER=$server;PORT=$port;DATABASE=$schema;UID=$uid;PWD={$pwd}"
}

main() {
    install_deps
    build_and_install
    register
    demo_query
    log "done: the driver is registered as CrateDB; see README for DSN set-up"
}

main "$@"
