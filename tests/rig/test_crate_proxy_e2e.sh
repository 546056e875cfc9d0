#!/usr/bin/env bash
# test_crate_proxy_e2e.sh: crate_proxy.py against a real PostgreSQL 15, checked with psql and
# with test_crate_proxy.py's raw-socket client (its E2E tests).
#
#   test_crate_proxy_e2e.sh               start a private server (tests/rig/pg.sh) in a temp dir
#                                         on 127.0.0.1:55434, run, stop it again
#   CRATE_PROXY_UPSTREAM=127.0.0.1:PORT test_crate_proxy_e2e.sh
#                                         use a running server set up by pg.sh (roles, db doc)
#
# Environment: PG_BIN (default: tests/rig/pg_bin.sh), PROXY_PORT (default 55435),
# PG_PORT (default 55434). Last line: `N passed, N failed`; exit 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PG_BIN=$(bash "$(dirname "${BASH_SOURCE[0]}")/pg_bin.sh") || exit 1
PG_PORT=${PG_PORT:-55434}
PROXY_PORT=${PROXY_PORT:-55435}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3

pass=0 fail=0
pg_dir= proxy_pid=

cleanup() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null
    if [ -n "$pg_dir" ]; then
        "$here/pg.sh" stop "$pg_dir" >/dev/null
        rm -rf "$pg_dir"
    fi
}
trap cleanup EXIT

check_absent() { # check_absent NAME UNWANTED ACTUAL: ACTUAL must not contain UNWANTED
    if [[ $3 == *"$2"* ]]; then
        fail=$((fail + 1))
        echo "FAIL $1: unexpected '$2' in: $3" >&2
    else
        pass=$((pass + 1))
    fi
}

check() { # check NAME EXPECTED ACTUAL: ACTUAL must contain EXPECTED
    if [[ $3 == *"$2"* ]]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $1: expected '$2' in: $3" >&2
    fi
}

if [ -n "${CRATE_PROXY_UPSTREAM:-}" ]; then
    upstream=$CRATE_PROXY_UPSTREAM
else
    pg_dir=$(mktemp -d /tmp/crate_proxy_e2e.XXXXXX)
    "$here/pg.sh" start "$pg_dir" "$PG_PORT" >/dev/null || { echo "could not start PostgreSQL" >&2; exit 1; }
    upstream=127.0.0.1:$PG_PORT
fi

# Start the proxy the way the rig does and wait for its `ready` line.
fifo=$(mktemp -u /tmp/crate_proxy_ready.XXXXXX)
mkfifo "$fifo"
"$PYTHON" "$here/crate_proxy.py" --listen "127.0.0.1:$PROXY_PORT" --upstream "$upstream" >"$fifo" &
proxy_pid=$!
read -r -t 10 line <"$fifo"
rm -f "$fifo"
[ "$line" = ready ] || { echo "proxy did not become ready" >&2; exit 1; }

conn="host=127.0.0.1 port=$PROXY_PORT user=crate_pw dbname=doc sslmode=disable gssencmode=disable"
psql_run() { PGPASSWORD=pw-secret "$PG_BIN/psql" -X -q -v VERBOSITY=verbose "$conn" "$@" 2>&1; }

# psql sees CrateDB's server_version ParameterStatus, while SHOW asks the real server.
check "SERVER_VERSION_NAME" "14.0" "$(psql_run -c '\echo :SERVER_VERSION_NAME')"
pg_major=$("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+)[.].*/\1/')
check "SHOW server_version" "$pg_major." "$(psql_run -At -c 'show server_version')"
check "ROLLBACK" "ERROR:  42601: line 1:1: mismatched input 'ROLLBACK'" "$(psql_run -c 'ROLLBACK')"
check "pg_trigger" "ERROR:  42P01: Relation 'pg_trigger' unknown" "$(psql_run -c 'select * from pg_trigger')"
check "division by zero" "ERROR:  XX000: division by zero" "$(psql_run -c 'select 1/0')"
# PostgreSQL's unique violation carries DETAIL (Key (a)=(1) already exists); CrateDB sends no D.
out=$(psql_run -c 'create temp table e2e_u (a int primary key)' -c 'insert into e2e_u values (1)' \
    -c 'insert into e2e_u values (1)')
check "unique violation" "ERROR:  23505: duplicate key value" "$out"
check_absent "no DETAIL" "DETAIL" "$out"
# psql -c with several statements sends one simple Query; \echo :ROW_COUNT needs separate -c.
out=$(psql_run -c 'drop table if exists e2e_psql' -c 'create table e2e_psql (a int)' \
    -c 'insert into e2e_psql values (1)' -c '\echo ROW_COUNT=:ROW_COUNT' -c 'drop table e2e_psql')
check "INSERT row count" "ROW_COUNT=1" "$out"
# Tags as the client receives them: psql prints them when not quiet.
out=$(PGPASSWORD=pw-secret "$PG_BIN/psql" -X "$conn" -c 'create table e2e_tag (a int)' \
    -c 'insert into e2e_tag values (1)' -c 'drop table e2e_tag' 2>&1)
check "CREATE tag" "CREATE 1" "$out"
check "INSERT tag" "INSERT 0 1" "$out"
check "DROP tag" "DROP 1" "$out"

# The raw-socket checks: exact startup messages, extended-protocol refusals, cancel, auth.
out=$(CRATE_PROXY_ADDR=127.0.0.1:$PROXY_PORT "$PYTHON" "$here/test_crate_proxy.py" 2>&1)
echo "$out" | grep -E '^(FAIL|ERROR)|Error' >&2
summary=$(echo "$out" | tail -n 1)
read -r p _ f _ <<<"$summary"
pass=$((pass + ${p:-0})) fail=$((fail + ${f:-1}))

# SIGTERM ends the proxy cleanly.
kill "$proxy_pid"
wait "$proxy_pid"
check "proxy exit status on SIGTERM" "0" "$?"
proxy_pid=

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
