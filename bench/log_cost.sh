#!/usr/bin/env bash
# log_cost.sh: what the log costs on the fetch path when it is off (README "Logging").
#
#   bench/log_cost.sh BUILD_DIR CONNSTR_TAIL
#     BUILD_DIR     a build of this tree (its .libs/cratedbodbc.so is measured)
#     CONNSTR_TAIL  where to connect, e.g. "SERVER=127.0.0.1;PORT=5432;UID=u;PWD=p;SSLMode=disable"
#   knobs: BASE_DRIVER=/path/cratedbodbc.so  a driver without the log to compare with; default:
#          BASE_REV (default: the commit before driver/api_log.c appeared) built in a
#          temporary git worktree with the same configure flags (-O2; needs a git
#          checkout: from a release tarball give BASE_DRIVER)
#          WORKLOADS="fetch_bind1 fetch_getdata"  N1=20000 N2=40000
#
# Counts instructions with callgrind (as bench/run.sh does: from main(), without the
# harness's own checksum work) at N1 and N2 rows and prints instructions per row for: the
# driver without the log, this driver with LogLevel=off, and with LogLevel=error (errors
# only: the per-call wrappers stay on their fast path), and the ratios to the driver
# without the log. fetch_bind1 is one SQLFetch per row, fetch_getdata one SQLFetch and
# seven SQLGetData per row: the most entry-point calls per row of bench/odbc_bench.c.
set -euo pipefail
BUILD=$(cd "${1:?BUILD_DIR}" && pwd)
TAIL=${2:?CONNSTR_TAIL}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORKLOADS=${WORKLOADS:-fetch_bind1 fetch_getdata}
N1=${N1:-20000}
N2=${N2:-40000}
TMP=$(mktemp -d /tmp/log_cost.XXXXXX)
trap 'if [ -n "${BASE_WT:-}" ]; then git -C "$ROOT" worktree remove --force "$BASE_WT"; fi; rm -rf "$TMP"' EXIT

make -s -C "$ROOT/bench" O="$TMP" "$TMP/odbc_bench" >/dev/null

if [ -z "${BASE_DRIVER:-}" ]; then
    first=$(git -C "$ROOT" log --diff-filter=A --format=%H -- driver/api_log.c | tail -1)
    BASE_REV=${BASE_REV:-$first^}
    BASE_WT=$TMP/base
    git -C "$ROOT" worktree add --detach "$BASE_WT" "$BASE_REV" >/dev/null 2>&1
    (cd "$BASE_WT" && autoreconf -fi >/dev/null 2>&1 && mkdir build && cd build &&
        ../configure >/dev/null && nice -n 10 make -j1 cratedbodbc.la >/dev/null 2>&1)
    BASE_DRIVER=$BASE_WT/build/.libs/cratedbodbc.so
fi

# ir DRIVER EXTRA WORKLOAD ROWS: total instructions of one run
ir() {
    local f=$TMP/cg.out line
    rm -f "$f"
    line=$(valgrind --tool=callgrind --callgrind-out-file="$f" --collect-atstart=no \
        --toggle-collect=main --toggle-collect=bench_expected_fetch \
        --toggle-collect=bench_expected_text \
        "$TMP/odbc_bench" "DRIVER=$1;$TAIL$2" "$3" "$4" 2>/dev/null | grep '^RESULT ' || true)
    case $line in
    *status=ok*) awk '/^summary:/ { print $2 }' "$f" ;;
    *) echo "run failed: $line" >&2; exit 1 ;;
    esac
}

per_row() {
    local a b
    a=$(ir "$1" "$2" "$3" "$N1")
    b=$(ir "$1" "$2" "$3" "$N2")
    echo $(( (b - a) / (N2 - N1) ))
}

printf '%-14s %12s %12s %12s %10s %10s\n' workload "no log" "LogLevel=off" "=error" "off/none" "error/none"
for w in $WORKLOADS; do
    base=$(per_row "$BASE_DRIVER" "" "$w")
    off=$(per_row "$BUILD/.libs/cratedbodbc.so" ";LogLevel=off" "$w")
    err=$(per_row "$BUILD/.libs/cratedbodbc.so" ";LogLevel=error;LogFile=$TMP/err.log" "$w")
    printf '%-14s %12d %12d %12d %10s %10s\n' "$w" "$base" "$off" "$err" \
        "$(awk -v a="$off" -v b="$base" 'BEGIN { printf "%.4f", a / b }')" \
        "$(awk -v a="$err" -v b="$base" 'BEGIN { printf "%.4f", a / b }')"
done
