#!/usr/bin/env bash
# tests/fuzz/run.sh: runs the libFuzzer targets of a fuzzing build.
#
#   tests/fuzz/run.sh BUILD_DIR [--seconds N | --runs N] [TARGET...]
#
# BUILD_DIR was configured with `CC=clang ../configure --enable-fuzzing` and built
# (make). Each target (default: every tests/fuzz/fuzz_* program in BUILD_DIR) starts
# from its seed corpus, tests/fuzz/corpus/NAME (NAME without the fuzz_ prefix), in a
# copy under BUILD_DIR/fuzz-work/NAME, so what a run finds never lands in the tree.
# --seconds N bounds each target by time (the test command's short run, default 10);
# --runs N by executions (the long run: --runs 10000000). A crash, leak, sanitizer
# report or broken invariant fails the target; libFuzzer's reproducer (crash-*,
# leak-*, timeout-*) stays in BUILD_DIR/fuzz-work/NAME for `BUILD_DIR/tests/fuzz/fuzz_NAME FILE`.
# Prints one line per target with its executions and "N passed, N failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:?usage: tests/fuzz/run.sh BUILD_DIR [--seconds N | --runs N] [TARGET...]}
BUILD=$(cd "$BUILD" && pwd) || exit 1   # absolute: the targets run inside their work directory
shift
LIMIT=(-max_total_time=10)
if [ "${1:-}" = --seconds ]; then LIMIT=(-max_total_time="$2"); shift 2
elif [ "${1:-}" = --runs ]; then LIMIT=(-runs="$2"); shift 2
fi
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    for t in "$BUILD"/tests/fuzz/fuzz_*; do
        [ -x "$t" ] && [ -f "$t" ] && case $t in *.o) ;; *) TARGETS+=("$(basename "$t")") ;; esac
    done
fi
[ ${#TARGETS[@]} -gt 0 ] || { echo "no fuzz targets in $BUILD/tests/fuzz (configure CC=clang --enable-fuzzing)"; exit 1; }

# The largest input worth trying: SQL texts, values and connection strings show every
# behaviour within 1 KB (longer inputs only slow the run down); a message stream needs
# room for several messages.
max_len() {
    case $1 in
        sqlscan|escapes|connstr|convert|param) echo 1024 ;;
        decoders) echo 4096 ;;
        startup) echo 8192 ;;      # a TLS handshake's server flight fits
        *) echo 65536 ;;
    esac
}

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
for t in "${TARGETS[@]}"; do
    t=${t#fuzz_}
    work="$BUILD/fuzz-work/$t"
    mkdir -p "$work/corpus"
    [ -d "$ROOT/tests/fuzz/corpus/$t" ] && cp -n "$ROOT/tests/fuzz/corpus/$t"/* "$work/corpus/" 2>/dev/null
    log="$work/last.log"
    # -timeout: an input that takes 5 seconds is a hang; -rss_limit_mb: a leak or an
    # unbounded allocation
    if (cd "$work" && "$BUILD/tests/fuzz/fuzz_$t" "${LIMIT[@]}" -timeout=5 -rss_limit_mb=2048 \
            -max_len="$(max_len "$t")" -print_final_stats=1 corpus >"$log" 2>&1); then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_$t: ok, ${runs:-?} executions ($(ls "$work/corpus" | wc -l) corpus inputs)"
        passed=$((passed + 1))
    else
        echo "fuzz_$t: FAILED (log: $log)"
        grep -m5 -E "ERROR|invariant|SUMMARY|Test unit written" "$log" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
