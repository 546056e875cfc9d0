#!/usr/bin/env bash
# scripts/install.sh: build, install and register the driver, then run a query through it.
#
#   sudo scripts/install.sh
#
# METHOD=deb (the default where dpkg exists: Debian, Ubuntu) installs the Debian package:
# 1. installs build-essential, unixodbc (isql) and the package's Build-Depends
#    (`apt-get build-dep` of debian/control; skipped when present or SKIP_APT=1)
# 2. autoreconf, configure in build-install/, `make distdir` (what a release tarball
#    ships) into build-install/deb/src, `dpkg-buildpackage -b -us -uc` there (it runs the
#    unit tests), `apt-get install` of build-install/deb/odbc-cratedb_*.deb: the driver
#    lands in /usr/lib/<multiarch>/odbc and the package's postinst registers it as
#    `CrateDB`; `apt-get remove odbc-cratedb` takes both away again
# METHOD=make (the default elsewhere) installs with make:
# 1. installs the build dependencies (Debian/Ubuntu; skipped when present or SKIP_APT=1)
# 2. autoreconf, configure --prefix=$PREFIX (default /usr/local), make, make install:
#    the driver lands in $PREFIX/lib/odbc/cratedbodbc.so (setup library cratedbodbcS.so)
# 3. registers the driver `CrateDB` in the system odbcinst.ini with
#    `odbcinst -i -d -f` (odbcinst.ini.sample, with the installed paths)
# Both then:
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
if [ -z "${METHOD:-}" ]; then
    if command -v dpkg >/dev/null; then METHOD=deb; else METHOD=make; fi
fi
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

# The Debian package's build dependencies: build-essential, unixodbc for isql, and the
# Build-Depends of debian/control (apt-get build-dep reads them, so the list lives in
# one place), installed when dpkg-checkbuilddeps finds any missing.
install_deb_deps() {
    PACKAGES=(build-essential unixodbc)
    install_deps
    [ "${SKIP_APT:-0}" = 1 ] && return 0
    (cd "$ROOT" && dpkg-checkbuilddeps) 2>/dev/null && return 0
    [ "$(id -u)" -eq 0 ] || die "missing build dependencies (run as root, or: apt-get build-dep $ROOT)"
    log "apt-get build-dep $ROOT (debian/control's Build-Depends)"
    DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q --no-install-recommends "$ROOT"
}

# Build the package from what a release tarball ships (make distdir), out of the source
# tree, and install it with apt so its Depends resolve.
build_and_install_deb() {
    local dir="$BUILD/deb" deb
    log "build the Debian package in $dir"
    [ -f "$ROOT/config.status" ] && die "$ROOT was configured in-tree; run 'make distclean' there first"
    (cd "$ROOT" && autoreconf -fi)
    rm -rf "$dir" && mkdir -p "$dir"   # automake 1.16 (Debian 12) does not make distdir's parents
    (cd "$BUILD" && "$ROOT/configure" && make distdir distdir="$dir/src")
    (cd "$dir/src" && DEB_BUILD_OPTIONS="parallel=$JOBS" dpkg-buildpackage -b -us -uc)
    deb=$(echo "$dir"/odbc-cratedb_*.deb)
    [ -f "$deb" ] || die "dpkg-buildpackage made no odbc-cratedb_*.deb in $dir"
    log "apt-get install $deb"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
    odbcinst -q -d -n CrateDB
    # The postinst keeps an entry "CrateDB" it did not make (an earlier make install).
    local registered
    registered=$(odbcinst -q -d -n CrateDB | sed -n 's/^Driver *= *//p')
    case "$registered" in
    /usr/lib/*/odbc/cratedbodbc.so) ;;
    *) echo "install.sh: CrateDB stays registered with $registered, not the package's driver (see the package's note above)" >&2 ;;
    esac
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
        install_deps postgresql openssl
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
    case "$METHOD" in
    deb)
        install_deb_deps
        build_and_install_deb
        ;;
    make)
        install_deps
        build_and_install
        register
        ;;
    *) die "METHOD is deb or make, not '$METHOD'" ;;
    esac
    demo_query
    log "done: the driver is registered as CrateDB; see README for DSN set-up"
}

main "$@"
