#!/usr/bin/env bash
# bench/run.sh: THE benchmark command. Prints the results table of README's "Benchmarks".
#
#   bench/run.sh
#
#   1. Debian packages when missing (as root): psqlODBC (odbc-postgresql), libpq-dev,
#      valgrind, PostgreSQL (Debian's: 15 or 17) and the driver's build dependencies
#   2. builds the driver in build-bench/ (optimised, like a release build) and the two
#      benchmark programs (bench/Makefile) into build-bench/bench/
#   3. the server: a private PostgreSQL on a free loopback port (tests/rig/pg.sh), the
#      stand-in for CrateDB; or a real CrateDB (BENCH_CRATEDB_HOME / BENCH_CRATEDB below)
#   4. ROUNDS rounds of every workload, alternating psqlODBC, our driver and libpq, so drift
#      on a noisy machine hits all three alike
#   5. client instructions per row under callgrind: (Ir at N2 rows - Ir at N1 rows) / (N2 - N1),
#      which cancels start-up and connect costs and does not depend on machine noise
#   6. bench/report.py: medians, ratios, and every target of the issue as met / missed
#
# Results (raw RESULT/CALLGRIND lines and the table) go to build-bench/results/. Not part of
# tests/run.sh or CI: a full run takes ~10 minutes.
#
# Environment:
#   ROUNDS=3          rounds of the timed workloads (at least 3 for the README)
#   SKIP_APT=1        never touch apt
#   SKIP_CALLGRIND=1  skip step 5;  SKIP_TIMED=1  skip step 4
#   WORKLOADS="..."   a subset of the ODBC workload names (default: all)
#   PSQLODBC=path     the psqlODBC library (default Debian's Unicode one, psqlodbcw.so)
#   BENCH_CRATEDB_HOME=DIR  run against a real CrateDB: a node of the unpacked CrateDB in
#                     DIR, started on free loopback ports by tests/rig/cratedb.sh
#   BENCH_CRATEDB=host:port  run against a CrateDB that already runs (with the test users
#                     of tests/rig/cratedb.sh; `cratedb.sh setup host:port` creates them)
#   On CrateDB psqlODBC is configured as CrateDB's guide advises (MaxVarcharSize=1073741824)
#   and the insert workloads REFRESH their table before verifying it.
#   JOBS              parallel make jobs
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-bench"
OUT="$BUILD/results"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
ROUNDS=${ROUNDS:-3}
PSQLODBC=${PSQLODBC:-/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so}
export LC_ALL=C.UTF-8

PACKAGES=(build-essential autoconf automake libtool pkg-config unixodbc unixodbc-dev odbcinst
          libssl-dev libcunit1-dev postgresql odbc-postgresql libpq-dev valgrind python3)

# ODBC workload -> the libpq workload it is compared with ("-" = none of its own).
# The fetch styles are all held against single-row mode (the wall-clock target); the bound
# rowset of 1,000 also against PQexec (the instructions-per-row target).
ALL_WORKLOADS=(fetch_bind1 fetch_bind1000 fetch_getdata text_char text_wchar insert_row
               insert_array connect prepared_query rss_5m)
declare -A LIBPQ_OF=(
    [fetch_bind1]=fetch_single [fetch_bind1000]=fetch_pqexec [fetch_getdata]=-
    [text_char]=text_single [text_wchar]=- [insert_row]=insert_row
    [insert_array]=insert_pipeline [connect]=connect [prepared_query]=prepared_query
    [rss_5m]=rss_5m
)
# Sizes (N1 N2) for callgrind; the difference gives instructions per row (or per execution).
declare -A CG_SIZES=(
    [fetch_bind1]="10000 50000" [fetch_bind1000]="10000 50000" [fetch_getdata]="10000 50000"
    [text_char]="2000 10000" [text_wchar]="2000 10000"
    [prepared_query]="500 2500" [insert_row]="500 2500"
)
declare -A CG_LIBPQ=(
    [fetch_single]="10000 50000" [fetch_pqexec]="10000 50000" [text_single]="2000 10000"
    [prepared_query]="500 2500" [insert_row]="500 2500"
)

WORK=""
CRATEDB_DIR=""   # the node started for BENCH_CRATEDB_HOME
log() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

cleanup() {
    local rc=$?
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

ensure_packages() {
    [ "${SKIP_APT:-0}" = 1 ] && return 0
    command -v dpkg-query >/dev/null || return 0
    local p missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root or install them)"
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build_all() {
    [ -f "$ROOT/config.status" ] && die "$ROOT was configured in-tree; run 'make distclean' there first"
    [ -x "$ROOT/configure" ] || (cd "$ROOT" && autoreconf -fi)
    mkdir -p "$BUILD"
    (
        cd "$BUILD"
        if [ ! -f Makefile ] || [ "$ROOT/configure" -nt config.status ]; then
            "$ROOT/configure" --enable-silent-rules CFLAGS="-O2 -g"
        fi
        make -j"$JOBS"
    )
    make -s -C "$ROOT/bench" O="$BUILD/bench"
    [ -f "$PSQLODBC" ] || die "psqlODBC not found at $PSQLODBC (Debian package odbc-postgresql)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets HOST, PORT and SERVER_DESC: a real CrateDB when BENCH_CRATEDB(_HOME) says so, else
# a private PostgreSQL.
start_server() {
    WORK=$(mktemp -d /tmp/cratedb-odbc-bench.XXXXXX)
    chmod 0755 "$WORK"
    HOST=127.0.0.1
    if [ -n "${BENCH_CRATEDB:-}" ]; then
        HOST=${BENCH_CRATEDB%:*}
        PORT=${BENCH_CRATEDB##*:}
        export BENCH_SERVER=cratedb
    elif [ -n "${BENCH_CRATEDB_HOME:-}" ]; then
        CRATEDB_DIR="$WORK/cratedb"
        bash "$ROOT/tests/rig/cratedb.sh" start "$CRATEDB_DIR" "$BENCH_CRATEDB_HOME" >&2
        PORT=$(cat "$CRATEDB_DIR/psql.port")
        export BENCH_SERVER=cratedb
    else
        local p
        PORT=""
        for p in 55439 55449 55459 $((20000 + RANDOM % 20000)) $((20000 + RANDOM % 20000)); do
            if port_free "$p"; then PORT=$p; break; fi
        done
        [ -n "$PORT" ] || die "no free port"
        bash "$ROOT/tests/rig/pg.sh" start "$WORK/pg" "$PORT" >&2
        export BENCH_SERVER=postgresql
    fi
    if [ "$BENCH_SERVER" = cratedb ]; then
        SERVER_DESC="CrateDB $(bash "$ROOT/tests/rig/cratedb.sh" sql "$HOST:$PORT" \
            "SELECT version['number'] FROM sys.nodes LIMIT 1"), loopback TCP"
    else
        SERVER_DESC="PostgreSQL $(bash "$ROOT/tests/rig/pg.sh" psql "$WORK/pg" -At \
            -c 'SHOW server_version' -d postgres) (Debian), loopback TCP, stand-in for CrateDB"
    fi
    # The same role, database and (cleartext, CrateDB's) authentication for all three
    # clients, all in plaintext: the defaults differ (libpq and our driver prefer TLS when
    # the server offers it, psqlODBC does not), and the comparison is of the drivers, not
    # of the cipher. psqlODBC on CrateDB as CrateDB's guide sets it up: text (varchar
    # without a length) is otherwise cut at 255 characters.
    local common="SERVER=$HOST;PORT=$PORT;DATABASE=doc;UID=crate_pw;PWD=pw-secret;SSLMode=disable"
    CONN_OURS="DRIVER=$BUILD/.libs/cratedbodbc.so;$common"
    CONN_PSQL="DRIVER=$PSQLODBC;$common"
    CONN_PQ="host=$HOST port=$PORT dbname=doc user=crate_pw password=pw-secret sslmode=disable"
    if [ "$BENCH_SERVER" = cratedb ]; then
        CONN_PSQL="$CONN_PSQL;MaxVarcharSize=1073741824"
        CONN_PQ="$CONN_PQ gssencmode=disable"   # CrateDB ends the session at a GSSENCRequest
    fi
}

# run_one ROUND CLIENT WORKLOAD: one timed run; appends its RESULT line (prefixed by the
# round) to $OUT/raw.txt and echoes it.
run_one() {
    local round=$1 client=$2 workload=$3 line
    case $client in
    ours)     line=$(BENCH_CLIENT=ours "$BUILD/bench/odbc_bench" "$CONN_OURS" "$workload" 2>>"$OUT/stderr.txt" || true) ;;
    psqlodbc) line=$(BENCH_CLIENT=psqlodbc "$BUILD/bench/odbc_bench" "$CONN_PSQL" "$workload" 2>>"$OUT/stderr.txt" || true) ;;
    libpq)    line=$(BENCH_CLIENT=libpq "$BUILD/bench/libpq_bench" "$CONN_PQ" "$workload" 2>>"$OUT/stderr.txt" || true) ;;
    esac
    line=$(grep '^RESULT ' <<<"$line" || echo "RESULT workload=$workload client=$client status=failed reason=\"no result line (crash?)\"")
    echo "round=$round $line" | tee -a "$OUT/raw.txt" >&2
}

psqlodbc_options() {
    if [ "$BENCH_SERVER" = cratedb ]; then echo "MaxVarcharSize=1073741824"; else echo "default options"; fi
}

timed_rounds() {
    local r w pq
    for r in $(seq 1 "$ROUNDS"); do
        log "round $r of $ROUNDS"
        for w in "${SELECTED[@]}"; do
            pq=${LIBPQ_OF[$w]}
            # Alternate who goes first, so no client always runs on a warmer (or colder) server.
            if [ $((r % 2)) -eq 1 ]; then
                run_one "$r" psqlodbc "$w"; run_one "$r" ours "$w"
            else
                run_one "$r" ours "$w"; run_one "$r" psqlodbc "$w"
            fi
            [ "$pq" != - ] && run_one "$r" libpq "$pq"
        done
    done
}

# callgrind_ir PROGRAM CONN WORKLOAD ROWS CLIENT: total instructions of one run (or the
# failed/unsupported RESULT line's status on stdout prefixed with "!"). Counting starts at
# main() and pauses inside the bench_expected_* / bench_insert_expected functions: the
# local computation of the expected checksum is the harness's work, not the client's. The
# profile stays in $OUT/callgrind.CLIENT.WORKLOAD.ROWS (callgrind_annotate reads it).
callgrind_ir() {
    local prog=$1 conn=$2 workload=$3 rows=$4 client=$5 line
    local f="$OUT/callgrind.$client.$workload.$rows"
    rm -f "$f"
    line=$(BENCH_CLIENT=$client valgrind --tool=callgrind --callgrind-out-file="$f" \
        --collect-atstart=no --toggle-collect=main --toggle-collect=bench_expected_fetch \
        --toggle-collect=bench_expected_text --toggle-collect=bench_insert_expected \
        "$prog" "$conn" "$workload" "$rows" 2>>"$OUT/stderr.txt" | grep '^RESULT ' || true)
    case $line in
    *status=ok*) awk '/^summary:/ { print $2 }' "$f" ;;
    *status=unsupported*) echo "!unsupported" ;;
    *) echo "!failed" ;;
    esac
}

# callgrind_pair CLIENT WORKLOAD N1 N2: appends a CALLGRIND line with instructions per row.
callgrind_pair() {
    local client=$1 workload=$2 n1=$3 n2=$4 prog conn ir1 ir2 line
    case $client in
    ours)     prog="$BUILD/bench/odbc_bench"; conn=$CONN_OURS ;;
    psqlodbc) prog="$BUILD/bench/odbc_bench"; conn=$CONN_PSQL ;;
    libpq)    prog="$BUILD/bench/libpq_bench"; conn=$CONN_PQ ;;
    esac
    ir1=$(callgrind_ir "$prog" "$conn" "$workload" "$n1" "$client")
    if [ "${ir1:0:1}" = '!' ]; then
        line="CALLGRIND workload=$workload client=$client status=${ir1:1}"
    else
        ir2=$(callgrind_ir "$prog" "$conn" "$workload" "$n2" "$client")
        if [ "${ir2:0:1}" = '!' ]; then
            line="CALLGRIND workload=$workload client=$client status=${ir2:1}"
        else
            line="CALLGRIND workload=$workload client=$client status=ok n1=$n1 ir1=$ir1 n2=$n2 ir2=$ir2 per_row=$(( (ir2 - ir1) / (n2 - n1) ))"
        fi
    fi
    echo "$line" | tee -a "$OUT/raw.txt" >&2
}

callgrind_all() {
    local w pq
    for w in "${SELECTED[@]}"; do
        [ -n "${CG_SIZES[$w]:-}" ] || continue
        # shellcheck disable=SC2086
        callgrind_pair psqlodbc "$w" ${CG_SIZES[$w]}
        # shellcheck disable=SC2086
        callgrind_pair ours "$w" ${CG_SIZES[$w]}
    done
    for pq in fetch_pqexec fetch_single text_single prepared_query insert_row; do
        # shellcheck disable=SC2086
        callgrind_pair libpq "$pq" ${CG_LIBPQ[$pq]}
    done
}

main() {
    local t0=$SECONDS w
    SELECTED=(${WORKLOADS:-${ALL_WORKLOADS[@]}})
    for w in "${SELECTED[@]}"; do
        [ -n "${LIBPQ_OF[$w]:-}" ] || die "unknown workload '$w' (one of: ${ALL_WORKLOADS[*]})"
    done
    log "1. packages"
    ensure_packages
    log "2. build ($BUILD)"
    build_all >&2
    log "3. server"
    start_server
    mkdir -p "$OUT"
    : >"$OUT/raw.txt"
    rm -f "$OUT"/callgrind.*
    : >"$OUT/stderr.txt"
    {
        echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr)"
        echo "# server: $SERVER_DESC"
        echo "# clients: our driver $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?'), psqlODBC $(dpkg-query -W -f='${Version}' odbc-postgresql 2>/dev/null || echo '?') ($(basename "$PSQLODBC"), $(psqlodbc_options)), libpq $(pkg-config --modversion libpq), unixODBC $(odbcinst --version 2>/dev/null | awk '{print $2}')"
        echo "# rounds: $ROUNDS"
    } >>"$OUT/raw.txt"
    if [ "${SKIP_TIMED:-0}" != 1 ]; then
        log "4. timed rounds"
        timed_rounds
    fi
    if [ "${SKIP_CALLGRIND:-0}" != 1 ]; then
        log "5. callgrind (instructions per row)"
        callgrind_all
    fi
    log "6. report"
    python3 "$ROOT/bench/report.py" "$OUT/raw.txt" | tee "$OUT/table.txt"
    echo "raw results: $OUT/raw.txt; elapsed: $((SECONDS - t0)) s" >&2
}

main "$@"
