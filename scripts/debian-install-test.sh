#!/usr/bin/env bash
# scripts/debian-install-test.sh: the Debian package on a fresh Debian 12 and 13.
#
#   sudo scripts/debian-install-test.sh [-c CACHE_DIR] [-s SOURCE] [-k] [RELEASE...]
#
# RELEASE: bookworm (Debian 12) and/or trixie (Debian 13); both by default.
# -c CACHE_DIR  keep downloaded .debs there (CACHE_DIR/RELEASE/{debootstrap,apt}), so a
#               second run downloads nothing; the root itself is still made afresh
# -s SOURCE     the source to test: a source tree (default: this script's tree; in a git
#               checkout its tracked and untracked, not ignored, files) or a tarball of
#               `make dist`
# -k            keep each root (its path is printed) instead of deleting it
# Environment: MIRROR (default http://deb.debian.org/debian), TMPDIR (where roots go,
# default /tmp).
#
# For each release, in a root made by `debootstrap --variant=minbase` (12-25 minutes a
# release on a shared 2-core machine: debootstrap 1.5 with a warm cache, 4-6 without, the
# user command's build and install 5-11, lintian 1-5, the by-hand build 2-5; too slow for
# every CI run, so not a step of tests/run.sh):
#   1. the README's user command, scripts/install.sh (METHOD=deb): it installs
#      build-essential and debian/control's Build-Depends with `apt-get build-dep` on a
#      system that has nothing else, so a missing Build-Depends fails the build here;
#      builds the package with dpkg-buildpackage (unit tests included), installs it with
#      apt (Depends resolved from the archive) and runs its demo query with isql
#   2. the package's Depends name the package of every library the driver and the setup
#      library load (dpkg-shlibdeps: libodbcinst2 on Debian 12 and 13, libssl3 or libssl3t64)
#   3. lintian with no error or warning (tags listed with -I --pedantic in the log)
#   4. odbcinst -q -d lists CrateDB, and its Driver and Setup files exist
#   5. a query through a DSN in /etc/odbc.ini with isql, against a PostgreSQL started
#      inside the root by tests/rig/pg.sh (Debian's postgresql: 15 on 12, 17 on 13)
#   6. apt-get remove: the driver is unregistered and its files are gone
#   7. apt-get install again registers it again; apt-get purge unregisters it and
#      leaves nothing of the package (dpkg status not-installed)
#   8. the README's by-hand package commands (apt-get build-dep ./, dpkg-buildpackage in
#      the source tree, apt-get install ../odbc-cratedb_*.deb), then apt-get purge again
# It prints PASS or FAIL per check and "N passed, N failed"; the exit status is 0 only when
# nothing failed. Each release's full output goes to TMPDIR/debian-install-test-RELEASE.log.
#
# Run as root on a Debian 12 or 13 host (debootstrap is installed when missing). The host's
# /etc is never written: the root gets its own resolv.conf copy and apt sources. /proc,
# /sys, /dev, /dev/pts, /dev/shm and the apt cache are bind-mounted into the root (each made
# private, so nothing propagates back) and unmounted on exit, also after an error or ^C;
# the root is deleted only when nothing is mounted under it any more. The root shares the
# host's network: the test server listens on a free loopback port.
set -uo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=${TMPDIR:-/tmp}
CACHE=""
SOURCE="$SELF/.."
KEEP=0
PASSED=0
FAILED=0
R=""          # the current root
REL=""        # the current release
LOG=/dev/null # the current release's log
PG_STARTED=0
CHILD=""      # the command run() waits for

usage() {
    sed -n '4,14p' "$0" >&2
    exit 2
}

while getopts c:s:kh opt; do
    case $opt in
    c) CACHE=$(mkdir -p "$OPTARG" && cd "$OPTARG" && pwd) || exit 2 ;;
    s) SOURCE=$OPTARG ;;
    k) KEEP=1 ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
RELEASES=("$@")
[ ${#RELEASES[@]} -gt 0 ] || RELEASES=(bookworm trixie)

die() { echo "debian-install-test: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mounts need it)"
for rel in "${RELEASES[@]}"; do
    case $rel in bookworm | trixie) ;; *) die "unknown release '$rel' (bookworm or trixie)" ;; esac
done
[ -e "$SOURCE" ] || die "no source at $SOURCE"

# ------------------------------------------------------------------ reporting

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %-8s %s\n' "$REL" "$1" | tee -a "$LOG"; }
fail() {
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-8s %s\n' "$REL" "$1" | tee -a "$LOG"
    [ -n "${2:-}" ] && printf '      %s\n' "$2" | tee -a "$LOG"
    printf '      (the end of %s:)\n' "$LOG"
    tail -15 "$LOG" | sed 's/^/      | /'
}
# check NAME CMD...: run CMD with its output in the log; PASS or FAIL by its status.
check() {
    local name=$1
    shift
    echo "=== $name" >>"$LOG"
    if "$@" >>"$LOG" 2>&1; then pass "$name"; else fail "$name"; return 1; fi
}
note() { echo "      $*" | tee -a "$LOG"; }

# ------------------------------------------------------------------ the root

# run CMD...: CMD in the background, waited for: a signal to this script is handled at
# once (bash runs a trap only between commands, and `wait` is one it interrupts), and
# cleanup_root then ends what runs in the root.
run() {
    local rc
    "$@" &
    CHILD=$!
    wait $CHILD
    rc=$?
    CHILD=""
    return $rc
}

# in_root SCRIPT: a bash script inside the root, with a clean environment.
in_root() {
    run chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive TERM=dumb /bin/bash -ec "$1"
}

# bind SRC DEST: bind-mount SRC on DEST inside the root, made private so that mounts and
# unmounts under it never reach the host.
bind() {
    mkdir -p "$R$2"
    mount --bind "$1" "$R$2" && mount --make-private "$R$2"
}

mount_root() {
    bind /proc /proc && bind /sys /sys && bind /dev /dev && bind /dev/pts /dev/pts &&
        bind /dev/shm /dev/shm || return 1
    if [ -n "$CACHE" ]; then
        mkdir -p "$CACHE/$REL/apt/partial"
        bind "$CACHE/$REL/apt" /var/cache/apt/archives || return 1
    fi
}

# The mount points under the root, deepest first.
mounts_under_root() {
    awk -v r="$R" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# Processes whose root directory is this root (the test server, if pg.sh could not stop it).
processes_in_root() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && echo "${p#/proc/}"
    done
}

cleanup_root() {
    [ -n "$R" ] && [ -d "$R" ] || return 0
    local m pids left
    # An interrupted debootstrap runs outside the root: end it first.
    [ -n "$CHILD" ] && kill "$CHILD" 2>/dev/null && sleep 1
    if [ "$PG_STARTED" = 1 ]; then
        in_root "bash /root/src/tests/rig/pg.sh stop /tmp/pgtest/pg" >>"$LOG" 2>&1
        PG_STARTED=0
    fi
    pids=$(processes_in_root)
    if [ -n "$pids" ]; then
        echo "debian-install-test: stopping processes left in $R: $pids" >&2
        # shellcheck disable=SC2086
        kill $pids 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            [ -z "$(processes_in_root)" ] && break
            sleep 1
        done
        pids=$(processes_in_root)
        # shellcheck disable=SC2086
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
        sleep 1
    fi
    for m in $(mounts_under_root); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    left=$(mounts_under_root)
    if [ -n "$left" ]; then
        echo "debian-install-test: still mounted, $R kept: $left" >&2
    elif [ "$KEEP" = 1 ]; then
        echo "debian-install-test: root kept in $R"
    else
        rm -rf --one-file-system "$R"
    fi
    R=""
}
trap cleanup_root EXIT
trap 'echo "debian-install-test: interrupted; cleaning up" >&2; exit 130' INT TERM

ensure_debootstrap() {
    command -v debootstrap >/dev/null && return 0
    echo "debian-install-test: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null ||
        die "could not install debootstrap"
}

make_root() {
    local opts=(--variant=minbase)
    if [ -n "$CACHE" ]; then
        mkdir -p "$CACHE/$REL/debootstrap"
        opts+=(--cache-dir="$CACHE/$REL/debootstrap")
    fi
    run debootstrap "${opts[@]}" "$REL" "$R" "$MIRROR" || return 1
    # The root's own /etc: name servers, no services started by package scripts (Debian's
    # postgresql would start a cluster on port 5432 of the shared network), apt sources.
    cp /etc/resolv.conf "$R/etc/resolv.conf"
    printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
    chmod 0755 "$R/usr/sbin/policy-rc.d"
    echo "deb $MIRROR $REL main" >"$R/etc/apt/sources.list"
    # apt-get build-dep needs the deb-src lines only for archive packages; the source tree's
    # debian/control is read directly.
}

# Copy the source into the root's /root/src.
copy_source() {
    mkdir -p "$R/root/src"
    if [ -f "$SOURCE" ]; then
        tar -xf "$SOURCE" -C "$R/root/src" --strip-components=1
    elif git -C "$SOURCE" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$SOURCE" && git ls-files -z --cached --others --exclude-standard |
            tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$R/root/src"
    else
        tar -C "$SOURCE" --exclude='./build*' --exclude=./autom4te.cache -cf - . |
            tar -xf - -C "$R/root/src"
    fi
    [ -f "$R/root/src/debian/control" ] || { echo "no debian/control in $SOURCE"; return 1; }
}

# ------------------------------------------------------------------ the checks

# 1. scripts/install.sh, the README's user command, from the fresh root.
check_user_command() {
    echo "=== install.sh" >>"$LOG"
    in_root "cd /root/src && METHOD=deb JOBS=2 bash scripts/install.sh" >>"$LOG" 2>&1 || {
        fail "README user command (scripts/install.sh: build-dep, dpkg-buildpackage, apt install, isql)"
        return 1
    }
    # The demo query's row: greeting and 42.
    if tail -20 "$LOG" | grep -q 'Hello from the CrateDB ODBC driver.*42'; then
        pass "README user command (scripts/install.sh: build-dep, dpkg-buildpackage, apt install, isql)"
    else
        fail "README user command" "its demo query printed no row with 42"
        return 1
    fi
}

# 2. The Depends field names the package that holds each library the two modules need.
check_depends() {
    in_root '
        deb=$(ls /root/src/build-install/deb/odbc-cratedb_*.deb)
        depends=$(dpkg-deb -f "$deb" Depends)
        echo "Depends: $depends"
        dir=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
        rc=0
        for so in /usr/lib/$dir/odbc/cratedbodbc.so /usr/lib/$dir/odbc/cratedbodbcS.so; do
            for lib in $(objdump -p "$so" | awk "/NEEDED/ { print \$2 }"); do
                path=$(ldconfig -p | awk -v l="$lib" "\$1 == l { print \$NF; exit }")
                pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
                [ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
                if [ -z "$pkg" ]; then
                    echo "$so needs $lib: no package holds it"
                    rc=1
                elif printf "%s\n" "$depends" | tr "," "\n" | grep -q "^ *$pkg\( \|$\)"; then
                    echo "$so needs $lib ($pkg): in Depends"
                else
                    echo "$so needs $lib ($pkg): NOT in Depends"
                    rc=1
                fi
            done
        done
        exit $rc'
}

# 3. lintian on the .changes dpkg-buildpackage wrote.
check_lintian() {
    in_root '
        apt-get install -y -q --no-install-recommends lintian >/dev/null
        lintian --version
        cd /root/src/build-install/deb
        lintian -I -E --pedantic cratedb-odbc_*.changes || true
        lintian --fail-on error,warning cratedb-odbc_*.changes'
}

# 4. registered, and the registered files exist.
check_registered() {
    in_root '
        odbcinst -q -d
        odbcinst -q -d | grep -qx "\[CrateDB\]"
        odbcinst -q -d -n CrateDB
        for key in Driver Setup; do
            f=$(odbcinst -q -d -n CrateDB | sed -n "s/^$key *= *//p")
            echo "$key: $f"
            [ -n "$f" ] || exit 1
            [ -f "$f" ] || exit 1
        done'
}

# 5. a query through a DSN, against a PostgreSQL in the root on a free loopback port.
free_port() {
    local p
    for p in $((30000 + RANDOM % 20000)) $((30000 + RANDOM % 20000)) $((30000 + RANDOM % 20000)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    return 1
}

check_query() {
    local port rc
    port=$(free_port) || { echo "no free port"; return 1; }
    PG_STARTED=1
    in_root "
        mkdir -p -m 0755 /tmp/pgtest
        bash /root/src/tests/rig/pg.sh start /tmp/pgtest/pg $port
        cat >/etc/odbc.ini <<EOF
[crate_test]
Driver = CrateDB
Server = 127.0.0.1
Port = $port
Database = doc
EOF
        out=\$(echo \"SELECT 6 * 7 AS answer, 'through the package' AS how\" |
            isql -b -v crate_test crate_pw pw-secret)
        echo \"\$out\"
        echo \"\$out\" | grep -q '42.*through the package'"
    rc=$?
    in_root "bash /root/src/tests/rig/pg.sh stop /tmp/pgtest/pg" && PG_STARTED=0
    return $rc
}

# Not registered and no file of the package left.
not_registered() {
    in_root '
        dir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/odbc
        odbcinst -q -d || true
        if odbcinst -q -d | grep -qx "\[CrateDB\]"; then echo "CrateDB still registered"; exit 1; fi
        if grep -q "^\[CrateDB\]" /etc/odbcinst.ini; then echo "[CrateDB] in /etc/odbcinst.ini"; exit 1; fi
        for f in $dir/cratedbodbc.so $dir/cratedbodbcS.so /usr/share/odbc-cratedb/odbcinst.ini; do
            if [ -e "$f" ]; then echo "$f still there"; exit 1; fi
        done'
}

# 6. and 7.
check_remove() { in_root 'apt-get remove -y -q odbc-cratedb' && not_registered; }
check_reinstall() {
    in_root 'apt-get install -y -q /root/src/build-install/deb/odbc-cratedb_*.deb' && check_registered &&
        in_root 'n=$(grep -c "^\[CrateDB\]" /etc/odbcinst.ini); echo "[CrateDB] sections: $n"; [ "$n" = 1 ]'
}
check_purge() {
    in_root 'apt-get purge -y -q odbc-cratedb
             status=$(dpkg-query -W -f="\${db:Status-Status}" odbc-cratedb 2>/dev/null || echo not-installed)
             echo "dpkg status: $status"
             [ "$status" = not-installed ]' && not_registered
}

# 8. the README's by-hand package commands, in the source tree as a user would run them
# (the unit tests ran in step 1 already: nocheck), then removal.
check_by_hand() {
    in_root '
        cd /root/src
        apt-get install -y -q build-essential && apt-get build-dep -y -q ./
        DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc
        apt-get install -y -q ../odbc-cratedb_*.deb
        odbcinst -q -d -n CrateDB | grep -q "^Driver"
        apt-get purge -y -q odbc-cratedb' && not_registered
}

# ------------------------------------------------------------------ one release

test_release() {
    local start=$SECONDS t
    REL=$1
    LOG="$WORK/debian-install-test-$REL.log"
    : >"$LOG"
    R=$(mktemp -d "$WORK/debian-install-test-$REL.XXXXXX") || die "mktemp in $WORK failed"
    chmod 0755 "$R"
    echo "--- $REL: root $R, log $LOG"

    t=$SECONDS
    check "debootstrap --variant=minbase $REL" make_root || { cleanup_root; return; }
    note "$((SECONDS - t)) s"
    check "mount /proc /sys /dev /dev/pts /dev/shm into the root" mount_root || { cleanup_root; return; }
    check "copy the source into the root" copy_source || { cleanup_root; return; }
    in_root 'apt-get update -q' >>"$LOG" 2>&1

    t=$SECONDS
    check_user_command || { cleanup_root; return; }
    note "$((SECONDS - t)) s; unixODBC: $(in_root "dpkg-query -W -f='\${db:Status-Status} \${Package} \${Version}\n' 'libodbc*' |
        awk '\$1 == \"installed\" { printf \"%s %s  \", \$2, \$3 }'")"
    check "Depends names the package of every library the driver loads (dpkg-shlibdeps)" check_depends
    note "$(grep -m1 '^Depends:' "$LOG")"
    t=$SECONDS
    check "lintian --fail-on error,warning (tags in the log)" check_lintian
    note "$((SECONDS - t)) s; $(in_root 'lintian --version' 2>/dev/null)"
    check "odbcinst -q -d lists CrateDB; its Driver and Setup files exist" check_registered
    check "isql query through a DSN on the installed driver (PostgreSQL in the root)" check_query
    check "apt-get remove: CrateDB unregistered, files gone" check_remove
    check "apt-get install again: registered once more" check_reinstall
    check "apt-get purge: unregistered, package gone" check_purge
    t=$SECONDS
    check "README by hand: apt-get build-dep ./, dpkg-buildpackage, apt-get install ../*.deb, purge" check_by_hand
    note "$((SECONDS - t)) s"

    cleanup_root
    echo "--- $REL: $((SECONDS - start)) s"
}

main() {
    local rel
    ensure_debootstrap
    for rel in "${RELEASES[@]}"; do
        test_release "$rel"
    done
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# One line, read whole before it runs: editing this file during a run cannot change it.
main; exit $?
