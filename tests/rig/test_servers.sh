#!/usr/bin/env bash
# test_servers.sh [PROFILE...]: checks tests/rig/servers.sh with psql, for the pg and crate
# profiles by default: three servers start, each answers as itself and lists all three in
# sys.nodes; a stopped server refuses connections while the others answer, and answers
# again after restart; a paused one lets a connection attempt time out, and answers again
# after resume; stop leaves no server running. About 30 s; everything it starts it stops.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PSQL=$(bash "$HERE/pg_bin.sh")/psql
WORK=$(mktemp -d /tmp/test-servers.XXXXXX)
chmod 0755 "$WORK"
FAILED=0

cleanup() {
    local d
    for d in "$WORK"/*/; do
        [ -f "$d/profile" ] && bash "$HERE/servers.sh" stop "$d" >/dev/null 2>&1
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; FAILED=1; }

# q PORT SQL: one query as crate_pw, at most 5 s.
q() {
    PGPASSWORD=pw-secret timeout 5 "$PSQL" -X -q -At "host=127.0.0.1 port=$1 user=crate_pw \
        dbname=doc sslmode=disable gssencmode=disable connect_timeout=2" -c "$2" 2>/dev/null
}

# answers_as PORT NODE: the server on PORT says it is NODE.
answers_as() {
    [ "$(q "$1" "SELECT current_setting('rig.node')")" = "$2" ]
}

check_profile() {
    local profile=$1 dir="$WORK/$1" k want got
    local -a port
    timeout 120 bash "$HERE/servers.sh" start "$dir" "$profile" 3 >/dev/null ||
        { fail "$profile: start"; return; }
    mapfile -t port <"$dir/ports"
    [ ${#port[@]} -eq 3 ] || { fail "$profile: DIR/ports has ${#port[@]} lines, not 3"; return; }
    want="node1:${port[0]} node2:${port[1]} node3:${port[2]}"
    for k in 1 2 3; do
        answers_as "${port[k-1]}" "node$k" || fail "$profile: server $k does not answer as node$k"
        got=$(q "${port[k-1]}" "SELECT name || ':' || (port['psql'])::text FROM sys.nodes ORDER BY name" |
            tr '\n' ' ')
        [ "$got" = "$want " ] || fail "$profile: server $k's sys.nodes is '$got', not '$want'"
    done

    timeout 60 bash "$HERE/servers.sh" stop "$dir" 2 >/dev/null || fail "$profile: stop 2"
    q "${port[1]}" "SELECT 1" >/dev/null && fail "$profile: server 2 answers after stop"
    answers_as "${port[0]}" node1 || fail "$profile: server 1 does not answer while 2 is stopped"
    timeout 60 bash "$HERE/servers.sh" restart "$dir" 2 >/dev/null || fail "$profile: restart 2"
    answers_as "${port[1]}" node2 || fail "$profile: server 2 does not answer after restart"

    timeout 30 bash "$HERE/servers.sh" pause "$dir" 3 >/dev/null || fail "$profile: pause 3"
    # silent, not gone: the connection attempt times out instead of being refused
    got=$(PGPASSWORD=pw-secret timeout 5 "$PSQL" -X -At "host=127.0.0.1 port=${port[2]} \
        user=crate_pw dbname=doc sslmode=disable connect_timeout=2" -c "SELECT 1" 2>&1) &&
        fail "$profile: server 3 answers while paused"
    case $got in *"timeout expired"*) ;; *) fail "$profile: paused server 3: '$got', not a timeout" ;; esac
    answers_as "${port[0]}" node1 || fail "$profile: server 1 does not answer while 3 is paused"
    timeout 30 bash "$HERE/servers.sh" resume "$dir" 3 >/dev/null || fail "$profile: resume 3"
    answers_as "${port[2]}" node3 || fail "$profile: server 3 does not answer after resume"

    timeout 120 bash "$HERE/servers.sh" stop "$dir" >/dev/null || fail "$profile: stop"
    for k in 1 2 3; do
        q "${port[k-1]}" "SELECT 1" >/dev/null && fail "$profile: server $k answers after stop"
    done
    if [ "$profile" = crate ]; then
        for k in 1 2 3; do
            q "$(sed -n "${k}p" "$dir/pg.ports")" "SELECT 1" >/dev/null &&
                fail "$profile: the PostgreSQL behind proxy $k runs after stop"
        done
    fi
    echo "servers.sh $profile: checked"
}

for profile in "${@:-pg crate}"; do
    for p in $profile; do check_profile "$p"; done
done
exit $FAILED
