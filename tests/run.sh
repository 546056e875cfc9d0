#!/usr/bin/env bash
# tests/run.sh: THE test command. Builds the driver and runs every test layer:
#
#   1. Debian packages (apt) when something is missing, or always when CI=true
#   2. autoreconf, configure and make in build/ (out of tree)
#   3. unit tests (no server); the Debian package (dpkg-buildpackage -b, lintian)
#   4. a private PostgreSQL (Debian's: 15 or 17) on a free loopback port (tests/rig/pg.sh),
#      a CrateDB node when one is available (tests/rig/cratedb.sh) and a private unixODBC
#      configuration (tests/rig/odbc.sh); nothing under /etc is touched
#   5. integration tests (CUnit, through unixODBC), once per profile in ITEST_PROFILES; the
#      cluster suites against three servers a profile (tests/rig/servers.sh, cratedb.sh cluster)
#   6. end-to-end checks with real clients: isql, iusql, isql -k, pyodbc, Perl DBD::ODBC,
#      PHP odbc and PDO_ODBC, R RODBC, LibreOffice Base, Node's odbc package, LibreOffice Calc;
#      the Windows build (mingw-w64), its smoke suite and its installer under Wine
#   7. the unit and integration tests again under valgrind memcheck
#   8. a second build in build-asan/ (--enable-sanitizers): unit + integration tests
#   9. a third build in build-tsan/ (--enable-tsan): tests/stress under ThreadSanitizer
#  10. fault injection (tests/rig/fault_proxy.py): the faults suite, plain, valgrind, ASan
#  11. a libFuzzer build in build-fuzz/ (clang, --enable-fuzzing): a short run of every
#      fuzz target (tests/fuzz/run.sh)
#
# Every step runs even when an earlier one failed (except those that need a build), so one
# run shows everything that is broken; the exit status is non-zero if anything failed.
#
# Environment:
#   CI=true          always run apt-get update + install (fresh machine)
#   SKIP_APT=1       never touch apt (report missing packages instead)
#   ITEST_PROFILES   profiles to run the integration and e2e tests in (default
#                    "pg crate cratedb": "pg" straight to PostgreSQL, "crate" through
#                    tests/rig/crate_proxy.py, which dresses PostgreSQL as CrateDB on the
#                    wire, "cratedb" a real CrateDB, skipped when there is none:)
#   ITEST_CRATEDB_HOME  an unpacked CrateDB 6.x: the cratedb profile starts a node of it
#   ITEST_CRATEDB    host:port of a CrateDB that already runs (its superuser `crate` must be
#                    trusted from here); the test users are created on it
#   ITEST_CRATEDB_TLS_DIR  with ITEST_CRATEDB: that node's TLS files in the rig's layout
#                    (tests/rig/tls.sh: ca.crt, client.crt ...) for the TLS suite
#   CRATE_VERSION    the crate_version the proxy announces (default 6.5.0)
#   SKIP_VALGRIND=1  skip step 7;  SKIP_ASAN=1  skip step 8;  SKIP_TSAN=1  skip step 9;
#   SKIP_FUZZ=1      skip step 11
#   STRESS_SECONDS   how long each phase of a step 9 stress run lasts (default 2)
#   FUZZ_SECONDS     how long step 11 runs each fuzz target (default 10; tests/fuzz/run.sh
#                    --runs N is the long run)
#   JOBS             parallel make jobs (default: number of CPUs)
#   BUILD_DIR, BUILD_ASAN_DIR, BUILD_TSAN_DIR, BUILD_FUZZ_DIR  the build directories
#                    (default build/, build-asan/, build-tsan/ and build-fuzz/)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
BUILD_ASAN=${BUILD_ASAN_DIR:-$ROOT/build-asan}
BUILD_TSAN=${BUILD_TSAN_DIR:-$ROOT/build-tsan}
BUILD_FUZZ=${BUILD_FUZZ_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
ITEST_PROFILES=${ITEST_PROFILES:-pg crate cratedb}
export CRATE_VERSION=${CRATE_VERSION:-6.5.0}
# A UTF-8 locale, as for any Unicode application: unixODBC picks its ANSI<->UTF-16 codeset
# from it, and the e2e clients print non-ASCII text through it. C.UTF-8 is always present.
export LC_ALL=C.UTF-8

# Everything the build and the tests need, as Debian package names (the same on Debian 12
# and 13: `postgresql` is the release's own server, 15 or 17).
PACKAGES=(build-essential autoconf automake libtool pkg-config unixodbc unixodbc-dev odbcinst
          libssl-dev openssl libcunit1-dev postgresql python3 python3-pyodbc valgrind
          libreoffice-base-core libreoffice-base-drivers python3-uno
          libreoffice-calc libreoffice-base poppler-utils   # Calc's import; its PNG (pdftoppm)
          clang libclang-rt-dev    # the release's clang and its libFuzzer/sanitizer runtimes
          libdbi-perl curl xz-utils php-cli php-odbc r-base-core r-cran-rodbc)  # e2e clients (php-odbc has PDO_ODBC too; DBD::ODBC: ensure_dbd_odbc)

PACKAGES+=(debhelper lintian)   # the Debian package (run_deb_package); debhelper brings dh-autoreconf
PACKAGES+=(gcc-mingw-w64-x86-64 wine wine64)   # the Windows build and its Wine smoke suite (run_windows)
PACKAGES+=(nsis)   # the Windows installer (run_windows_installer)

FAILED=()   # names of the steps that failed
PASSED=()
STEP_TIMES=() # "N s  name" per step, printed before the summary (the CI budget is 30 minutes)
WORK=""     # temp dir for the server and the ODBC config; removed on exit
PROXY_PID=""  # the crate profile's proxy
CRATEDB_ADDR=""     # host:port of the cratedb profile's node; empty: the profile is skipped
CRATEDB_DIR=""      # the node tests/rig/cratedb.sh started (empty for ITEST_CRATEDB)
CRATEDB_TLS_DIR=""  # its TLS files (the rig's node only)

log()  { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { FAILED+=("$1"); printf '\033[31mFAILED: %s\033[0m\n' "$1"; }
pass() { PASSED+=("$1"); printf '\033[32mpassed: %s\033[0m\n' "$1"; }

# step NAME CMD...: runs CMD, records the outcome under NAME, never aborts the script.
step() {
    local name=$1 t=$SECONDS
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
    STEP_TIMES+=("$(printf '%5d s  %s' $((SECONDS - t)) "$name")")
}

cleanup() {
    local rc=$?
    if [ -n "$PROXY_PID" ]; then
        kill "$PROXY_PID" 2>/dev/null || true
        wait "$PROXY_PID" 2>/dev/null || true
    fi
    if [ -n "$CRATEDB_DIR" ]; then
        bash "$ROOT/tests/rig/cratedb.sh" stop "$CRATEDB_DIR" >/dev/null 2>&1 || true
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        bash "$ROOT/tests/rig/pg.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ 1. packages

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
    done
}

ensure_packages() {
    if [ "${SKIP_APT:-0}" = 1 ]; then
        return 0
    fi
    if ! command -v dpkg-query >/dev/null; then
        echo "not a Debian system: install the equivalents of: ${PACKAGES[*]}" >&2
        return 0
    fi
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    # On CI always make sure (a cached image may carry stale lists); locally only when needed.
    if [ "${CI:-}" != true ] && [ -z "$missing" ]; then
        echo "all packages present"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: $missing(run as root, or: sudo apt-get install $missing)" >&2
        return 1
    fi
    log "apt-get install ${missing:-(CI: verifying all)}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
}

# ------------------------------------------------------------------ 2. build

# An in-tree configure breaks automake's out-of-tree builds; say so instead of failing late.
check_source_tree_clean() {
    if [ -f "$ROOT/config.status" ]; then
        echo "$ROOT was configured in-tree; run 'make distclean' there first" >&2
        return 1
    fi
}

# Only when configure is missing or older than its sources: two runs side by side (with
# their own BUILD_DIR) must not regenerate the tree under each other.
autoreconf_once() {
    if [ -x "$ROOT/configure" ] && [ "$ROOT/configure" -nt "$ROOT/configure.ac" ] &&
        [ "$ROOT/Makefile.in" -nt "$ROOT/Makefile.am" ]; then
        return 0
    fi
    (cd "$ROOT" && autoreconf -fi)
}

# build DIR [CONFIGURE_ARGS...]: configure (when needed) and build the driver and the tests.
build() {
    local dir=$1
    shift
    mkdir -p "$dir"
    (
        cd "$dir"
        # Re-configure when the arguments changed or configure is newer than the last run.
        local stamp="configure-args: $*"
        if [ ! -f Makefile ] || [ "$ROOT/configure" -nt config.status ] ||
            [ "$(cat .run-sh-configure 2>/dev/null)" != "$stamp" ]; then
            "$ROOT/configure" --enable-silent-rules "$@"
            echo "$stamp" >.run-sh-configure
        fi
        make -j"$JOBS"
    )
}

# build_test DIR PROGRAM: check_PROGRAMS are not built by `make`; build one on its own so a
# broken unit test does not hide the integration results (and the other way round).
build_test() {
    make -C "$1" -j"$JOBS" "$2"
}

# ------------------------------------------------------------------ 4. server + ODBC config

# shellcheck source=rig/ports.sh
. "$ROOT/tests/rig/ports.sh"

# A free port P whose neighbour P+1 is free too (the crate_closed DSN points at P+1).
pick_port() {
    local p i
    for i in $(seq 20); do
        p=$(free_port) || return 1
        if port_free $((p + 1)); then
            echo "$p"
            return 0
        fi
    done
    echo "no free port P with P+1 free found" >&2
    return 1
}

start_server() {
    WORK=$(mktemp -d /tmp/cratedb-odbc-test.XXXXXX)
    chmod 0755 "$WORK"   # the postgres user must reach $WORK/pg
    PORT=$(pick_port)
    bash "$ROOT/tests/rig/pg.sh" start "$WORK/pg" "$PORT" || return 1
    PG_MAJOR=$(cat "$WORK/pg/data/PG_VERSION")
}

# start_cratedb: the cratedb profile's node, when there is one (see ITEST_CRATEDB_HOME and
# ITEST_CRATEDB above); otherwise one line says the profile is skipped.
start_cratedb() {
    case " $ITEST_PROFILES " in *" cratedb "*) ;; *) return 0 ;; esac
    if [ -n "${ITEST_CRATEDB:-}" ]; then
        CRATEDB_ADDR=$ITEST_CRATEDB
        CRATEDB_TLS_DIR=${ITEST_CRATEDB_TLS_DIR:-}
        bash "$ROOT/tests/rig/cratedb.sh" setup "$CRATEDB_ADDR"
    elif [ -n "${ITEST_CRATEDB_HOME:-}" ]; then
        CRATEDB_DIR="$WORK/cratedb"
        bash "$ROOT/tests/rig/cratedb.sh" start "$CRATEDB_DIR" "$ITEST_CRATEDB_HOME" || return 1
        CRATEDB_ADDR="127.0.0.1:$(cat "$CRATEDB_DIR/psql.port")"
        CRATEDB_TLS_DIR="$CRATEDB_DIR/tls"
    else
        echo "profile cratedb skipped: no CrateDB (set ITEST_CRATEDB_HOME=<an unpacked CrateDB 6.x> or ITEST_CRATEDB=host:port)"
    fi
}

# start_proxy: the crate profile's loopback proxy in front of the server (PROXY_PORT).
# Python from Debian: the proxy needs only the standard library.
start_proxy() {
    PROXY_PORT=$(pick_port)
    local ready="$WORK/proxy.ready"
    /usr/bin/python3 "$ROOT/tests/rig/crate_proxy.py" --listen "127.0.0.1:$PROXY_PORT" \
        --upstream "127.0.0.1:$PORT" --crate-version "$CRATE_VERSION" \
        --ready-file "$ready" >"$WORK/proxy.log" 2>&1 &
    PROXY_PID=$!
    local i
    for i in $(seq 100); do
        [ -s "$ready" ] && return 0
        kill -0 "$PROXY_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "crate_proxy.py did not start:" >&2
    cat "$WORK/proxy.log" >&2
    return 1
}

# use_profile PROFILE BUILD_DIR: a private odbcinst.ini/odbc.ini for the driver built in
# BUILD_DIR whose DSNs reach the server as PROFILE sees it (pg: straight; crate: through
# the proxy), and the ITEST_* variables the tests read.
use_profile() {
    local profile=$1 dir=$2 server=127.0.0.1 port tls="$WORK/pg/tls"
    case $profile in
    pg) port=$PORT ;;
    crate) port=${PROXY_PORT:?the proxy is not running} ;;
    cratedb)
        server=${CRATEDB_ADDR%:*}
        port=${CRATEDB_ADDR##*:}
        tls=$CRATEDB_TLS_DIR
        ;;
    *) echo "unknown profile '$profile'" >&2; return 1 ;;
    esac
    # shellcheck source=rig/odbc.sh
    . "$ROOT/tests/rig/odbc.sh"
    ODBC_SERVER=$server odbc_write_config "$WORK/odbc-$(basename "$dir")-$profile" "$port" \
        "$dir/.libs/cratedbodbc.so" "$dir/.libs/cratedbodbcS.so"
    export ITEST_DRIVER="$dir/.libs/cratedbodbc.so" ITEST_PORT="$port" ITEST_SERVER=$server
    export ITEST_DSN=crate_pw ITEST_PROFILE=$profile ITEST_CRATE_VERSION=$CRATE_VERSION
    export ITEST_PG_MAJOR=$PG_MAJOR
    # the CA, client certificate and CRLs the rig made for the server's TLS (none for a
    # CrateDB given by ITEST_CRATEDB: its TLS set-up is not the rig's)
    if [ -n "$tls" ]; then export ITEST_TLS_DIR=$tls; else unset ITEST_TLS_DIR; fi
}

# profile_available PROFILE: false for the cratedb profile without a CrateDB.
profile_available() {
    [ "$1" != cratedb ] || [ -n "$CRATEDB_ADDR" ]
}

# in_profiles BUILD_DIR CMD...: runs CMD once per profile; fails if any run failed. A hung
# test fails after TEST_TIMEOUT seconds (default 900) instead of eating CI's time budget.
in_profiles() {
    local dir=$1
    shift
    local profile rc=0
    for profile in $ITEST_PROFILES; do
        if ! profile_available "$profile"; then
            echo "-- profile $profile skipped: no CrateDB"
            continue
        fi
        echo "-- profile $profile"
        ( use_profile "$profile" "$dir" && timeout "${TEST_TIMEOUT:-900}" "$@" ) || rc=1
    done
    return $rc
}

# ------------------------------------------------------------------ 6. Node's odbc package

# ensure_node: Node.js and npm. Only when there is none are Debian's installed, with
# node-gyp and libnode-dev (Node's headers; Debian 12's npm depends on both already), so a
# node from elsewhere is left alone (NodeSource's nodejs package carries npm, node-gyp and
# the headers itself).
NODE_PACKAGES=(nodejs npm node-gyp libnode-dev)
ensure_node() {
    if command -v node >/dev/null && command -v npm >/dev/null; then
        return 0
    fi
    if [ "${SKIP_APT:-0}" = 1 ] || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "node and npm are needed (Debian: apt-get install ${NODE_PACKAGES[*]})" >&2
        return 1
    fi
    log "apt-get install ${NODE_PACKAGES[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${NODE_PACKAGES[@]}"
}

# node_odbc DIR: the odbc package as tests/e2e/node/package-lock.json pins it, in
# DIR/node_modules, its addon built from source against unixODBC and this node's own
# headers (prefix/include/node: nothing is downloaded but the registry's packages; the
# prebuilt binaries odbc would fetch are not used). npm's cache stays in DIR. Skipped when
# DIR holds a build of the same lock file for the same node.
node_odbc() {
    local dir=$1 src="$ROOT/tests/e2e/node" nodedir stamp
    nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
    if [ ! -f "$nodedir/include/node/node_api.h" ]; then
        echo "no Node headers in $nodedir/include/node (Debian: libnode-dev)" >&2
        return 1
    fi
    stamp="$(node --version) $(sha256sum <"$src/package-lock.json")"
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    mkdir -p "$dir"
    cp "$src/package.json" "$src/package-lock.json" "$dir/"
    (
        cd "$dir" &&
            npm ci --ignore-scripts --no-audit --no-fund --cache "$dir/npm-cache" &&
            cd node_modules/odbc &&
            npm_config_nodedir=$nodedir npm_config_loglevel=warn JOBS=$JOBS \
                ../.bin/node-pre-gyp rebuild --build-from-source
    ) || return 1
    echo "$stamp" >"$dir/.stamp"
}

# run_node: Node's odbc package (tests/e2e/node/odbc_smoke.js) in every profile.
run_node() {
    local dir="$BUILD/e2e-node"
    ensure_node && node_odbc "$dir" || return 1
    echo "node $(node --version), npm $(npm --version)"
    NODE_PATH="$dir/node_modules" in_profiles "$BUILD" node "$ROOT/tests/e2e/node/odbc_smoke.js"
}

# apt_has_candidate PACKAGE: the release's archive has it.
apt_has_candidate() {
    local c
    c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
    [ -n "$c" ] && [ "$c" != "(none)" ]
}

# ensure_dbd_odbc DIR: Perl's DBD::ODBC. Debian 12 packages it (libdbd-odbc-perl);
# Debian 13 dropped it, so where the release has no candidate it is built from the source
# package in Debian's archive (unstable's, the newest), checked against the SHA-256 that
# the archive's Sources index gives, against the release's DBI and unixODBC, into DIR;
# PERL5LIB then points there.
ensure_dbd_odbc() {
    local dir=$1
    if /usr/bin/perl -MDBD::ODBC -e1 2>/dev/null; then
        return 0
    fi
    if [ -f "$dir/.built" ]; then
        export PERL5LIB="$dir/lib/perl5${PERL5LIB:+:$PERL5LIB}"
        return 0
    fi
    if [ "${SKIP_APT:-0}" != 1 ] && [ "$(id -u)" -eq 0 ] && apt_has_candidate libdbd-odbc-perl
    then
        log "apt-get install libdbd-odbc-perl"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            libdbd-odbc-perl
        return
    fi
    build_dbd_odbc "$dir" || return 1
    export PERL5LIB="$dir/lib/perl5${PERL5LIB:+:$PERL5LIB}"
}

build_dbd_odbc() {
    local dir=$1 archive=http://deb.debian.org/debian entry path sum file
    log "DBD::ODBC from Debian's source package (this release has no libdbd-odbc-perl)"
    entry=$(curl -fsS --retry 2 "$archive/dists/sid/main/source/Sources.xz" | xz -dc |
            awk -v RS= '/^Package: libdbd-odbc-perl\n/') || return 1
    path=$(printf '%s\n' "$entry" | awk '/^Directory:/ { print $2 }')
    read -r sum file < <(printf '%s\n' "$entry" |
        awk '/^Checksums-Sha256:/ { s = 1; next } /^[^ ]/ { s = 0 }
             s && /\.orig\.tar\.gz$/ { print $1, $3 }')
    if [ -z "$path" ] || [ -z "$file" ]; then
        echo "no libdbd-odbc-perl source in Debian's Sources index" >&2
        return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir/src"
    curl -fsS --retry 2 -o "$dir/$file" "$archive/$path/$file" &&
        echo "$sum  $dir/$file" | sha256sum -c --quiet - &&
        tar xzf "$dir/$file" -C "$dir/src" --strip-components=1 &&
        (cd "$dir/src" && /usr/bin/perl Makefile.PL INSTALL_BASE="$dir" &&
            make -j"$JOBS" && make install) >"$dir/build.log" 2>&1 || {
        tail -20 "$dir/build.log" >&2
        return 1
    }
    touch "$dir/.built"
}

# run_perl: tests/e2e/perl_dbd_odbc.pl (DBI) in every profile.
run_perl() {
    ensure_dbd_odbc "$BUILD/dbd-odbc" || return 1
    in_profiles "$BUILD" /usr/bin/perl "$ROOT/tests/e2e/perl_dbd_odbc.pl"
}

# run_deb_package: the Debian package (debian/) built by dpkg-buildpackage -b from what
# `make dist` ships (a release tarball's tree, in BUILD/deb/src), then checked: the driver
# and the setup library in the multiarch ODBC directory, the registration template, and
# lintian with no error or warning. nocheck: step 3 ran the unit tests already.
run_deb_package() {
    local dir="$BUILD/deb" deb odbcdir files f
    rm -rf "$dir" && mkdir -p "$dir"
    make -C "$BUILD" distdir distdir="$dir/src" >/dev/null || return 1
    (cd "$dir/src" && DEB_BUILD_OPTIONS="nocheck parallel=$JOBS" \
        dpkg-buildpackage -b -us -uc) >"$dir/build.log" 2>&1 || {
        tail -30 "$dir/build.log" >&2
        return 1
    }
    deb=$(echo "$dir"/odbc-cratedb_*.deb)
    odbcdir="./usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/odbc"
    files=$(dpkg-deb -c "$deb" | awk '{print $NF}') || return 1
    for f in "$odbcdir/cratedbodbc.so" "$odbcdir/cratedbodbcS.so" \
        ./usr/share/odbc-cratedb/odbcinst.ini ./usr/share/doc/odbc-cratedb/cratedb.tdc; do
        grep -qxF "$f" <<<"$files" || { echo "$deb lacks $f" >&2; return 1; }
    done
    echo "built $deb"
    lintian --fail-on error,warning "$dir"/cratedb-odbc_*.changes
}

# ------------------------------------------------------------------ 5-8. test runners

run_unit() {
    "$1/tests/unit/unit_tests"
}

# run_unit_logged BUILD_DIR: the unit tests with every call and message logged (README
# "Logging"): the hostile-input table then goes through each entry point's logged path.
run_unit_logged() {
    CRATEDB_ODBC_LOGLEVEL=trace CRATEDB_ODBC_LOGFILE=/dev/null "$1/tests/unit/unit_tests"
}

# run_integration BUILD_DIR [WRAPPER...]: the CUnit suite once per profile.
run_integration() {
    local dir=$1
    shift
    in_profiles "$dir" "$@" "$dir/tests/integration/integration_tests"
}

VALGRIND=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
          --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
          --num-callers=40 --suppressions="$ROOT/tests/rig/valgrind.supp" --quiet)

run_valgrind() {
    run_integration "$BUILD" "${VALGRIND[@]}"
}

# ASan + UBSan. LeakSanitizer works as root in this container (checked: it reports leaks
# through ptrace-less StopTheWorld), so leaks are detected. Set LSAN_DISABLE=1 on a machine
# where ptrace restrictions make LeakSanitizer abort ("LeakSanitizer has encountered a fatal
# error"); then detect_leaks=0 and valgrind (step 7) still checks for leaks.
asan_env() {
    local leaks=1
    [ "${LSAN_DISABLE:-0}" = 1 ] && leaks=0
    # fast_unwind_on_malloc=0: unixODBC is built without frame pointers; the slow unwinder
    # gives whole stacks through it.
    export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:abort_on_error=0:fast_unwind_on_malloc=0:strict_string_checks=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
}

# ------------------------------------------------------------------ 9. ThreadSanitizer

# tsan_stress NAME PROGRAM CONNSTR [TSAN_OPTION...]: one run of tests/stress (its
# scenarios, their "N passed, N failed") under ThreadSanitizer. The first report ends the
# run with status 66 (halt_on_error). No suppressions: none of the runs below needs one.
tsan_stress() {
    local name=$1 prog=$2 connstr=$3 t0=$SECONDS rc=0
    shift 3
    echo "-- $name"
    # gcc's TSan wants an address layout that a kernel with many random mmap bits may not
    # give ("unexpected memory mapping"): without randomisation where that is allowed
    local launch=()
    if setarch "$(uname -m)" -R true 2>/dev/null; then launch=(setarch "$(uname -m)" -R); fi
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 $*" \
        STRESS_CONNSTR=$connstr STRESS_SECONDS=${STRESS_SECONDS:-2} \
        timeout "${TEST_TIMEOUT:-900}" "${launch[@]}" "$prog" || rc=$?
    echo "($((SECONDS - t0)) s, exit status $rc)"
    return $rc
}

# run_tsan DIR: builds DIR with --enable-tsan and runs tests/stress against the rig's
# PostgreSQL in plaintext and over TLS (crate_tls may only log in over TLS; verify-full,
# so the cancel connections check the certificate too), with TSan's default io_sync and
# with io_sync=0 (socket I/O then no longer orders the threads, which can hide races);
# with the driver linked in, and through unixODBC (stress_dm; a subshell keeps its
# private ODBC configuration from the steps after). Through unixODBC only the scenarios
# without SQLCancel: unixODBC 2.3's SQLCancel, below Threading=3, clears the statement's
# diagnostics without a lock while its other calls run (a race inside libodbc), and on
# a statement whose cursor is open between fetches it closes the cursor in its own state
# machine (ODBC 2's meaning), so the next SQLFetch fails with HY010 from the driver
# manager: neither is the driver's doing. Nor envdiag (connections allocated and freed on
# one environment by several threads at once): unixODBC 2.3.11 closes its iconv handles
# there so that the process died in libodbc's SQLFreeHandle (iconv_close -> free) under
# TSan; the driver-linked runs keep the scenario.
run_tsan() (
    local dir=$1 rc=0
    local dm_only=own,shared,free_while_used,cursor_orders
    build "$dir" --enable-tsan && build_test "$dir" tests/stress/stress &&
        build_test "$dir" tests/stress/stress_dm || return 1
    local at="Server=127.0.0.1;Port=$PORT;Database=doc"
    local plain="$at;UID=crate_pw;PWD=pw-secret;SSLMode=disable"
    local tls="$at;UID=crate_tls;PWD=tls-secret;SSLMode=verify-full;SSLRootCert={$WORK/pg/tls/ca.crt}"
    local stress=$dir/tests/stress/stress dm=$dir/tests/stress/stress_dm
    tsan_stress "plaintext" "$stress" "$plain" || rc=1
    tsan_stress "TLS" "$stress" "$tls" || rc=1
    tsan_stress "plaintext, io_sync=0" "$stress" "$plain" io_sync=0 || rc=1
    tsan_stress "TLS, io_sync=0" "$stress" "$tls" io_sync=0 || rc=1
    # every call logged (README "Logging"): SQLCancel's line races SQLFreeHandle too
    tsan_stress "plaintext, LogLevel=debug" "$stress" "$plain;LogLevel=debug;LogFile=/dev/null" ||
        rc=1
    # shellcheck source=rig/odbc.sh
    . "$ROOT/tests/rig/odbc.sh"
    odbc_write_config "$WORK/odbc-tsan" "$PORT" "$dir/.libs/cratedbodbc.so" || return 1
    STRESS_ONLY=$dm_only tsan_stress "unixODBC, TLS" "$dm" "Driver=CrateDB;$tls" || rc=1
    STRESS_ONLY=$dm_only tsan_stress "unixODBC, plaintext, io_sync=0" "$dm" \
        "Driver=CrateDB;$plain" io_sync=0 || rc=1
    return $rc
)

# ------------------------------------------------------------------ cluster suites

# cluster_ctl PROFILE: the script that starts and controls the profile's three servers
# (tests/rig/README.md).
cluster_ctl() {
    case $1 in
    cratedb) echo "$ROOT/tests/rig/cratedb.sh" ;;
    *) echo "$ROOT/tests/rig/servers.sh" ;;
    esac
}

# run_cluster_profile BUILD_DIR PROFILE: the cluster suites against the profile's three
# servers, started in $WORK/cluster-PROFILE and stopped afterwards.
run_cluster_profile() {
    local dir=$1 profile=$2 setup="$WORK/cluster-$2" ctl rc=0
    ctl=$(cluster_ctl "$profile")
    if [ "$profile" = cratedb ]; then
        bash "$ctl" cluster "$setup" "$ITEST_CRATEDB_HOME" 3 || rc=1
    else
        bash "$ctl" start "$setup" "$profile" 3 || rc=1
    fi
    [ $rc = 0 ] && ( use_profile "$profile" "$dir" &&
        export ITEST_CLUSTER_DIR=$setup ITEST_CLUSTER_CTL=$ctl &&
        timeout "${TEST_TIMEOUT:-900}" "$dir/tests/integration/integration_tests" cluster ) || rc=1
    bash "$ctl" stop "$setup" >/dev/null 2>&1 || true
    return $rc
}

# run_cluster BUILD_DIR: the cluster suites (load balancing, failover, discovery, dead
# connections) in every profile; the cratedb profile needs a CrateDB to start three nodes
# of (ITEST_CRATEDB_HOME), a single ITEST_CRATEDB cannot serve.
run_cluster() {
    local dir=$1 profile rc=0
    for profile in $ITEST_PROFILES; do
        if [ "$profile" = cratedb ] && [ -z "${ITEST_CRATEDB_HOME:-}" ]; then
            echo "-- profile cratedb skipped: the cluster needs ITEST_CRATEDB_HOME"
            continue
        fi
        echo "-- profile $profile"
        run_cluster_profile "$dir" "$profile" || rc=1
    done
    return $rc
}

# ------------------------------------------------------------------ 10. fault injection

# run_faults: the faults suite (tests/integration/test_faults.c through tests/rig/fault_proxy.py),
# which `integration_tests` runs only by name: it waits out timeouts and restarts the server
# (ITEST_PG_DIR, ITEST_PG_PORT; the cratedb profile's node when the rig started it,
# ITEST_CRATEDB_DIR). Every profile with the plain build, the first profile (pg by default)
# under valgrind and with the ASan build (when steps 7 and 8 ran): about two minutes, and one
# more for the cratedb profile (half of it restarting the node).
run_faults() {
    local rc=0 prog=tests/integration/integration_tests first=${ITEST_PROFILES%% *}
    /usr/bin/python3 "$ROOT/tests/rig/test_fault_proxy.py" || rc=1
    export ITEST_PG_DIR="$WORK/pg" ITEST_PG_PORT=$PORT ITEST_CRATEDB_DIR=$CRATEDB_DIR
    TEST_TIMEOUT=300 in_profiles "$BUILD" "$BUILD/$prog" faults || rc=1
    if [ "${SKIP_VALGRIND:-0}" != 1 ]; then
        ITEST_PROFILES=$first TEST_TIMEOUT=300 in_profiles "$BUILD" "${VALGRIND[@]}" \
            "$BUILD/$prog" faults || rc=1
    fi
    if [ "${SKIP_ASAN:-0}" != 1 ] && [ -x "$BUILD_ASAN/$prog" ]; then
        (asan_env && ITEST_PROFILES=$first TEST_TIMEOUT=300 in_profiles "$BUILD_ASAN" \
            "$BUILD_ASAN/$prog" faults) || rc=1
    fi
    unset ITEST_PG_DIR ITEST_PG_PORT ITEST_CRATEDB_DIR
    return $rc
}

# run_windows: the Windows build, a mingw-w64 cross build in BUILD/win. cratedbodbc.dll must
# export every entry point win/cratedbodbc.def names and import system DLLs only; then
# tests/win/smoke.exe loads it under Wine (its prefix in BUILD/win/wineprefix; the first run
# creates it) and runs the smoke suite in the pg and crate profiles (the pg profile's TLS
# files in WORK/pg/tls, the test CA and client certificates, passed as a Windows path; the
# crate profile's proxy has no TLS, and the suite checks that instead). Wine's odbc32 only
# forwards to unixODBC, hence a program that loads the DLL itself.
WIN_SYSTEM_DLLS="kernel32.dll msvcrt.dll ws2_32.dll bcrypt.dll crypt32.dll secur32.dll
                 odbc32.dll odbccp32.dll user32.dll advapi32.dll comctl32.dll"
# wine_null_display: Wine's null graphics driver in $WINEPREFIX: windows (the data source
# dialog the smoke suite drives) exist off-screen and take messages, with no X server. The
# desktop process of the prefix's first start keeps the driver it started with, so the
# wineserver must end before the next program (wineserver -w waits for that).
wine_null_display() {
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1 &&
        timeout 120 wineserver -w || {
        echo "cannot set Wine's null display driver in $WINEPREFIX" >&2
        return 1
    }
}

run_windows() (
    local dir="$BUILD/win" dll name bad=0 missing
    mkdir -p "$dir"
    build "$dir" --host=x86_64-w64-mingw32 >"$dir/build.log" 2>&1 || {
        tail -30 "$dir/build.log" >&2
        return 1
    }
    dll="$dir/.libs/cratedbodbc.dll"
    for name in $(x86_64-w64-mingw32-objdump -p "$dll" | awk '/DLL Name:/ {print tolower($3)}'); do
        case " $(echo $WIN_SYSTEM_DLLS) " in
            *" $name "*) echo "imports $name" ;;
            *) echo "$dll imports $name, which is not a Windows system DLL" >&2; bad=1 ;;
        esac
    done
    missing=$(comm -23 <(awk '/^EXPORTS/ {e=1; next} e && NF {print $1}' \
                             "$ROOT/win/cratedbodbc.def" | sort) \
                       <(x86_64-w64-mingw32-objdump -p "$dll" |
                             awk '/Ordinal\/Name Pointer/ {t=1; next} t && NF == 0 {t=0}
                                  t {print $NF}' | sort))
    if [ -n "$missing" ]; then
        echo "$dll does not export:" $missing >&2
        bad=1
    fi
    [ $bad = 0 ] || return 1
    local rc=0
    wine_setup "$dir" || rc=$?
    [ $rc = 2 ] && return 0   # skipped, loudly (not under CI=true)
    [ $rc = 0 ] || return 1
    win_smoke_profiles "$dir" "$(wine winepath -w "$dll" 2>/dev/null)"
)

# wine_setup DIR: the Wine environment of the Windows build in DIR (the prefix
# DIR/wineprefix; the first run creates it, 1-2 minutes), a probe that Wine runs a
# Windows program and then its null display driver (wine_null_display). 0 when it does; otherwise 1 under CI=true, where the Windows checks
# must run (a CI machine without a working Wine is broken), and 2 elsewhere: the caller
# skips them and says so loudly.
wine_setup() {
    export WINEPREFIX="$1/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    if timeout 300 wine cmd /c exit 0 >"$1/wine-probe.log" 2>&1; then
        wine_null_display
        return
    fi
    if [ "${CI:-}" = true ]; then
        echo "wine cannot run a Windows program here, and with CI=true the Wine checks must run:" >&2
        tail -20 "$1/wine-probe.log" >&2
        return 1
    fi
    printf '\033[33m%s\n%s\n%s\033[0m\n' \
        "********************************************************************************" \
        "SKIPPED: wine cannot run a Windows program here (see $1/wine-probe.log): the Windows
checks did not run (under CI=true this is a failure)" \
        "********************************************************************************"
    return 2
}

# win_port PROFILE: the loopback port of the pg or the crate profile's server, as
# use_profile has it (the Windows programs take host and port, not an odbc.ini).
win_port() {
    case $1 in
    pg) echo "$PORT" ;;
    crate) echo "${PROXY_PORT:?the proxy is not running}" ;;
    *) echo "win_port: no Windows checks in profile $1" >&2; return 1 ;;
    esac
}

# win_tls_dir PROFILE: smoke.exe's TLSDIR: the rig's TLS files as a Windows path in the pg
# profile; "none" in the crate profile, whose proxy answers N to an SSLRequest.
win_tls_dir() {
    case $1 in
    pg) wine winepath -w "$WORK/pg/tls" 2>/dev/null ;;
    *) echo none ;;
    esac
}

# win_smoke_profiles DIR DLL: tests/win/smoke.exe (built in DIR) on the Windows path DLL
# once per profile the suite can use: pg, and crate (the same server behind
# crate_proxy.py, which the driver takes for CrateDB); the cratedb profile has none of the
# suite's MD5 and SCRAM users.
win_smoke_profiles() {
    local dir=$1 dll=$2 profile rc=0 ran=0
    for profile in pg crate; do
        case " $ITEST_PROFILES " in *" $profile "*) ;; *) continue ;; esac
        echo "-- smoke.exe, profile $profile"
        ran=1
        timeout 300 wine "$dir/tests/win/smoke.exe" "$dll" 127.0.0.1 "$(win_port "$profile")" \
            "$(win_tls_dir "$profile")" || rc=1
    done
    [ $ran = 1 ] || echo "smoke.exe did not run: ITEST_PROFILES ($ITEST_PROFILES) names neither pg nor crate"
    return $rc
}

# run_windows_installer: `make installer` in BUILD/win (win/cratedb-odbc.nsi, Debian's nsis),
# then under Wine: cratedb-odbc-setup.exe /S into a fresh directory; the files it installed;
# the driver's registration (ODBCINST.INI\CrateDB's Driver and Setup name the installed DLL,
# and CrateDB is listed under ODBC Drivers); smoke.exe on the installed DLL (pg profile);
# tests/win/tdc_check.exe on the installed cratedb.tdc (crate profile: Tableau's vendor is
# the CrateDB the proxy poses as); then uninstall.exe /S, after which the registration, the
# uninstall entry and the files are gone.
WIN_DRIVER_NAME=CrateDB   # what the installer registers (the Linux package's name too)
WIN_INSTALLED_FILES="cratedbodbc.dll README.txt LICENSE.txt cratedb.tdc uninstall.exe"
run_windows_installer() (
    local dir="$BUILD/win" rc=0 f
    [ -f "$dir/.libs/cratedbodbc.dll" ] || { echo "no Windows build in $dir" >&2; return 1; }
    make -C "$dir" installer tests/win/tdc_check.exe >"$dir/installer.log" 2>&1 || {
        tail -20 "$dir/installer.log" >&2
        return 1
    }
    wine_setup "$dir" || rc=$?
    [ $rc = 2 ] && return 0
    [ $rc = 0 ] || return 1
    local target="$dir/wine-install" wtarget
    rm -rf "$target"
    wtarget=$(wine winepath -w "$target" 2>/dev/null)
    # a registration left by an earlier run would hide one this installer failed to make
    wine_reg delete "$WIN_ODBCINST\\$WIN_DRIVER_NAME" /f >/dev/null 2>&1
    wine_reg delete "$WIN_ODBCINST\\ODBC Drivers" /v "$WIN_DRIVER_NAME" /f >/dev/null 2>&1

    echo "-- cratedb-odbc-setup.exe /S /D=$wtarget"
    timeout 120 wine "$dir/cratedb-odbc-setup.exe" /S "/D=$wtarget" ||
        { echo "the installer failed (exit status $?)" >&2; return 1; }
    for f in $WIN_INSTALLED_FILES; do
        [ -f "$target/$f" ] || { echo "the installer did not install $f" >&2; rc=1; }
    done
    win_check_registered "$wtarget\\cratedbodbc.dll" || rc=1
    echo "-- smoke.exe on the installed DLL"
    ITEST_PROFILES=pg win_smoke_profiles "$dir" "$wtarget\\cratedbodbc.dll" || rc=1
    case " $ITEST_PROFILES " in
    *" crate "*)
        echo "-- tdc_check.exe on the installed cratedb.tdc, profile crate"
        timeout 120 wine "$dir/tests/win/tdc_check.exe" "$wtarget\\cratedbodbc.dll" 127.0.0.1 \
            "$(win_port crate)" "$wtarget\\cratedb.tdc" || rc=1 ;;
    *) echo "tdc_check.exe did not run: ITEST_PROFILES ($ITEST_PROFILES) has no crate profile" ;;
    esac

    echo "-- uninstall.exe /S"
    timeout 120 wine "$target/uninstall.exe" /S || { echo "the uninstaller failed" >&2; rc=1; }
    # the uninstaller runs on from a copy in %TEMP% (so it can delete itself): wait for it
    timeout 120 wineserver -w
    win_check_unregistered || rc=1
    if [ -e "$target" ]; then
        echo "the uninstaller left $target:" $(ls -A "$target") >&2
        rc=1
    fi
    return $rc
)

WIN_ODBCINST='HKLM\Software\ODBC\ODBCINST.INI'
WIN_UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CrateDB ODBC'

# wine_reg ARGS...: `wine reg`, its output without the CRs.
wine_reg() {
    wine reg "$@" | tr -d '\r'
}

# wine_reg_value KEY NAME: the data of value NAME under KEY ("" when there is none).
wine_reg_value() {
    wine_reg query "$1" /v "$2" 2>/dev/null |
        awk -v n="$2" '$1 == n && $2 ~ /^REG_/ { sub(/^[ \t]*[^ \t]+[ \t]+REG_[A-Z_]+[ \t]+/, ""); print }'
}

# win_check_registered DLL: the installer's registration names DLL (a Windows path).
win_check_registered() {
    local dll=$1 key="$WIN_ODBCINST\\$WIN_DRIVER_NAME" v ok=0
    for v in Driver Setup; do
        local got
        got=$(wine_reg_value "$key" "$v")
        if [ "${got,,}" = "${dll,,}" ]; then
            echo "registered: $key $v = $got"
        else
            echo "$key $v is '$got', not the installed $dll" >&2
            ok=1
        fi
    done
    v=$(wine_reg_value "$WIN_ODBCINST\\ODBC Drivers" "$WIN_DRIVER_NAME")
    [ "$v" = Installed ] || { echo "$WIN_DRIVER_NAME is not listed under ODBC Drivers ('$v')" >&2; ok=1; }
    [ -n "$(wine_reg_value "$WIN_UNINSTALL_KEY" UninstallString)" ] ||
        { echo "no uninstall entry ($WIN_UNINSTALL_KEY)" >&2; ok=1; }
    return $ok
}

# win_check_unregistered: no trace of the registration or the uninstall entry.
win_check_unregistered() {
    local ok=0
    if wine_reg query "$WIN_ODBCINST\\$WIN_DRIVER_NAME" >/dev/null 2>&1; then
        echo "after uninstalling, $WIN_ODBCINST\\$WIN_DRIVER_NAME is still there" >&2
        ok=1
    fi
    if [ -n "$(wine_reg_value "$WIN_ODBCINST\\ODBC Drivers" "$WIN_DRIVER_NAME")" ]; then
        echo "after uninstalling, $WIN_DRIVER_NAME is still listed under ODBC Drivers" >&2
        ok=1
    fi
    if wine_reg query "$WIN_UNINSTALL_KEY" >/dev/null 2>&1; then
        echo "after uninstalling, $WIN_UNINSTALL_KEY is still there" >&2
        ok=1
    fi
    [ $ok = 1 ] || echo "unregistered: no $WIN_DRIVER_NAME in ODBCINST.INI, no uninstall entry"
    return $ok
}

# ------------------------------------------------------------------ main

summary() {
    log "summary"
    local s
    for s in "${PASSED[@]}"; do printf '  \033[32mpassed\033[0m  %s\n' "$s"; done
    for s in "${FAILED[@]}"; do printf '  \033[31mFAILED\033[0m  %s\n' "$s"; done
    printf '%d passed, %d failed\n' "${#PASSED[@]}" "${#FAILED[@]}"
}

main() {
    local t0=$SECONDS
    log "1. packages"
    ensure_packages || { fail "packages"; summary; return 1; }
    command -v isql >/dev/null || { fail "packages (isql missing)"; summary; return 1; }

    log "2. build ($BUILD)"
    check_source_tree_clean && autoreconf_once || { fail "autoreconf"; summary; return 1; }
    if ! build "$BUILD"; then
        fail "build"
        summary
        return 1
    fi
    pass "build"

    log "3. unit tests"
    if build_test "$BUILD" tests/unit/unit_tests; then
        step "unit tests" run_unit "$BUILD"
    else
        fail "build unit tests"
    fi
    step "debian package" run_deb_package
    step "proxy unit tests" /usr/bin/python3 "$ROOT/tests/rig/test_crate_proxy.py"
    build_test "$BUILD" tests/integration/integration_tests ||
        { fail "build integration tests"; summary; return 1; }

    log "4. test server"
    if ! start_server; then
        fail "test server"
        summary
        return 1
    fi
    if ! start_proxy; then
        fail "crate proxy"
        summary
        return 1
    fi
    if ! start_cratedb; then
        fail "cratedb node"
        summary
        return 1
    fi
    step "proxy e2e (psql)" env CRATE_PROXY_UPSTREAM="127.0.0.1:$PORT" \
        PROXY_PORT="$(pick_port)" bash "$ROOT/tests/rig/test_crate_proxy_e2e.sh"

    log "5. integration tests (profiles: $ITEST_PROFILES)"
    step "integration tests" run_integration "$BUILD"
    step "cluster tests (three servers)" run_cluster "$BUILD"

    log "6. end-to-end checks (profiles: $ITEST_PROFILES)"
    step "e2e isql/iusql" in_profiles "$BUILD" bash "$ROOT/tests/e2e/cli_smoke.sh"
    # Debian's interpreter: python3-pyodbc is installed for /usr/bin/python3, not for a
    # python3 that a version manager may have put first on PATH.
    step "e2e pyodbc" in_profiles "$BUILD" /usr/bin/python3 "$ROOT/tests/e2e/pyodbc_smoke.py"
    step "e2e pyodbc catalog" in_profiles "$BUILD" /usr/bin/python3 "$ROOT/tests/e2e/pyodbc_catalog.py"
    # Perl DBI, PHP (odbc_* and PDO_ODBC) and R's RODBC, each with Debian's interpreter
    step "e2e perl DBD::ODBC" run_perl
    step "e2e php odbc/PDO" in_profiles "$BUILD" /usr/bin/php "$ROOT/tests/e2e/php_odbc.php"
    step "e2e R RODBC" in_profiles "$BUILD" /usr/bin/Rscript "$ROOT/tests/e2e/r_rodbc.R"
    # LibreOffice Base's data access layer (headless soffice, sdbc:odbc:) on the test schema
    step "e2e libreoffice" in_profiles "$BUILD" /usr/bin/python3 \
        "$ROOT/tests/e2e/libreoffice_catalog.py"
    step "e2e node odbc" run_node
    # a query into a Calc sheet, saved as .ods/.csv/.png in $BUILD/e2e-calc/<profile>
    step "e2e libreoffice calc" in_profiles "$BUILD" env CALC_OUT_DIR="$BUILD/e2e-calc" \
        /usr/bin/python3 "$ROOT/tests/e2e/libreoffice_calc.py"
    step "windows build + wine smoke" run_windows
    step "windows installer (wine)" run_windows_installer

    if [ "${SKIP_VALGRIND:-0}" != 1 ]; then
        log "7. unit and integration tests under valgrind"
        step "valgrind unit tests" "${VALGRIND[@]}" "$BUILD/tests/unit/unit_tests"
        step "valgrind integration tests" run_valgrind
    fi

    if [ "${SKIP_ASAN:-0}" != 1 ]; then
        log "8. sanitizer build ($BUILD_ASAN)"
        if build "$BUILD_ASAN" --enable-sanitizers; then
            pass "asan build"
            asan_env
            if build_test "$BUILD_ASAN" tests/unit/unit_tests; then
                step "asan unit tests" run_unit "$BUILD_ASAN"
                step "asan unit tests, logged" run_unit_logged "$BUILD_ASAN"
            else
                fail "asan build unit tests"
            fi
            if build_test "$BUILD_ASAN" tests/integration/integration_tests; then
                step "asan integration tests" run_integration "$BUILD_ASAN"
            else
                fail "asan build integration tests"
            fi
            unset ASAN_OPTIONS UBSAN_OPTIONS
        else
            fail "asan build"
        fi
    fi

    if [ "${SKIP_TSAN:-0}" != 1 ]; then
        log "9. ThreadSanitizer: tests/stress ($BUILD_TSAN)"
        step "tsan stress" run_tsan "$BUILD_TSAN"
    fi

    log "10. fault injection"
    step "fault injection" run_faults

    if [ "${SKIP_FUZZ:-0}" != 1 ]; then
        log "11. fuzzing: a short run of every target ($BUILD_FUZZ, ${FUZZ_SECONDS}s each)"
        if build "$BUILD_FUZZ" CC=clang --enable-fuzzing; then
            pass "fuzz build"
            step "fuzz targets" bash "$ROOT/tests/fuzz/run.sh" "$BUILD_FUZZ" --seconds "$FUZZ_SECONDS"
        else
            fail "fuzz build"
        fi
    fi

    printf '%s\n' "${STEP_TIMES[@]}"
    echo "elapsed: $((SECONDS - t0)) s"
    summary   # its "N passed, N failed" line is the last line of the run
    [ ${#FAILED[@]} -eq 0 ]
}

main "$@"
