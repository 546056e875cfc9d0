#!/usr/bin/env bash
# cli_smoke.sh: end-to-end checks with unixODBC's own command-line clients.
#
#   isql -v DSN          rows printed, non-ASCII text intact
#   iusql -v DSN         the same through the W (Unicode) entry points, as another role:
#                        SCRAM's on PostgreSQL, the trusted superuser on CrateDB (which
#                        has no SCRAM)
#   isql -k "DRIVER=..." a DSN-less connection string
#   isql with a wrong password fails with the server's message
#   a syntax error shows the server's SQLSTATE, and never CrateDB's Java stack trace
#
# Needs the environment tests/run.sh sets up: ODBCSYSINI/ODBCINI (tests/rig/odbc.sh),
# ITEST_DRIVER (the driver library), ITEST_PORT and ITEST_PROFILE. Prints "N passed,
# N failed".
set -uo pipefail

: "${ITEST_DRIVER:?set by tests/run.sh}" "${ITEST_PORT:?set by tests/run.sh}"
PASS=0
FAIL=0
# h é l l o ü 中文 and an emoji outside the BMP.
TEXT='héllo ü 中文 😀'

ok()  { PASS=$((PASS + 1)); echo "ok: $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; }

# expect NAME OUTPUT PATTERN...: every fixed-string PATTERN must occur in OUTPUT.
expect() {
    local name=$1 out=$2
    shift 2
    local p
    for p in "$@"; do
        if ! grep -qF -- "$p" <<<"$out"; then
            bad "$name: missing '$p'" "$out"
            return
        fi
    done
    ok "$name"
}

# isql in batch mode (-b) exits non-zero when a statement fails.
run_client() {
    local client=$1
    shift
    "$client" "$@" -b 2>&1
}

check_isql_dsn() {
    local out
    out=$(printf "SELECT '%s' AS t, 42 AS n, CAST(2.5 AS float8) AS f\n" "$TEXT" |
        run_client isql -v crate_pw) || { bad "isql -v crate_pw (exit status)" "$out"; return; }
    expect "isql -v crate_pw: row with non-ASCII text" "$out" "$TEXT" "42" "2.5" "1 rows fetched"
}

check_isql_many_rows() {
    local out
    out=$(echo "SELECT g FROM generate_series(1, 2500) AS g" | run_client isql -v crate_pw) ||
        { bad "isql many rows (exit status)" "$out"; return; }
    expect "isql -v crate_pw: 2500 rows" "$out" "| 2500" "2500 rows fetched"
}

check_iusql_dsn() {
    local out dsn=crate_scram
    [ "${ITEST_PROFILE:-}" = cratedb ] && dsn=crate_trust
    out=$(printf "SELECT '%s' AS t, 7 AS n\n" "$TEXT" | run_client iusql -v "$dsn") ||
        { bad "iusql -v $dsn (exit status)" "$out"; return; }
    expect "iusql -v $dsn: row with non-ASCII text" "$out" "$TEXT" "7" "1 rows fetched"
}

check_isql_dsnless() {
    local conn out
    conn="DRIVER={$ITEST_DRIVER};SERVER=127.0.0.1;PORT=$ITEST_PORT;DATABASE=doc;UID=crate_pw;PWD=pw-secret"
    out=$(echo "SELECT current_user, 1 + 1" | run_client isql -v -k "$conn") ||
        { bad "isql -k DSN-less (exit status)" "$out"; return; }
    expect "isql -k DSN-less connection string" "$out" "crate_pw" "| 2" "1 rows fetched"
}

check_isql_wrong_password() {
    local out
    if out=$(echo "SELECT 1" | run_client isql -v crate_pw crate_pw wrong-password); then
        bad "isql with a wrong password connected" "$out"
        return
    fi
    expect "isql with a wrong password: server message" "$out" "password authentication failed"
}

check_isql_syntax_error() {
    local out
    out=$(echo "SELEC 1" | run_client isql -v crate_pw)
    if grep -qE 'PostgresWireProtocol|\.java:[0-9]' <<<"$out"; then
        bad "isql syntax error: a Java stack trace reached the client" "$out"
        return
    fi
    expect "isql syntax error: SQLSTATE 42601" "$out" "42601"
}

check_isql_dsn
check_isql_many_rows
check_iusql_dsn
check_isql_dsnless
check_isql_wrong_password
check_isql_syntax_error

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
