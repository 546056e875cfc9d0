#!/usr/bin/env bash
# servers.sh: N independent servers on loopback for the load-balancing and failover tests in
# the pg and crate profiles (the cratedb profile's cluster: cratedb.sh cluster).
#
#   servers.sh start DIR PROFILE [N]  start N servers (default 3) for PROFILE, server K in
#                                     DIR/sK; write DIR/ports (the port the driver connects
#                                     to for server K on line K). PROFILE is
#                                       pg     N PostgreSQL instances (tests/rig/pg.sh)
#                                       crate  the same, each behind its own
#                                              tests/rig/crate_proxy.py; DIR/pg.ports
#                                              holds the PostgreSQL ports behind them
#   servers.sh stop DIR [K]           stop server K, or without K every server in DIR
#   servers.sh restart DIR K          start server K again on the same port
#   servers.sh pause DIR K            SIGSTOP server K: its sockets stay open and it answers
#                                     nothing, a silent peer (pg: the postmaster and every
#                                     backend; crate: the proxy)
#   servers.sh resume DIR K           SIGCONT it
#
# "Server K" is what the driver talks to: in the pg profile the PostgreSQL instance (stop is
# pg_ctl's fast shutdown), in the crate profile the proxy (stop ends the process, so its
# sessions' sockets close; the PostgreSQL behind it keeps running).
#
# Every instance's `doc` database holds sys.nodes as CrateDB's has it for these servers:
# a row per server K with name 'nodeK', rest_url '127.0.0.1:<4200+K>' (CrateDB: the HTTP
# publish address, the address a client can reach), hostname 'rig-hostK.invalid' (CrateDB:
# the machine's name, which a client may not resolve; unresolvable here so a driver that
# connects to it fails) and port['psql'] = DIR/ports' line K (port is jsonb, so
# port['psql'] works on PostgreSQL 14 and later), for the DiscoverNodes tests. Which server a session reached: SELECT current_setting('rig.node')
# ('nodeK').
#
# Every command is bounded in time: a server that does not come up fails it with its log.
# Environment: CRATE_VERSION (the proxy's crate_version, default the proxy's), PG_BIN.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "servers.sh: $*" >&2; exit 1; }

usage() {
    sed -n '5,18p' "$0" >&2
    exit 2
}

# shellcheck source=ports.sh
. "$HERE/ports.sh"

# line FILE K: line K of FILE.
line() {
    sed -n "${2}p" "$1" | grep . || die "no line $2 in $1"
}

# server_index DIR K: K, checked against the number of servers in DIR.
server_index() {
    local dir=$1 k=$2 n
    [ -f "$dir/profile" ] || die "no servers were started in $dir"
    n=$(wc -l <"$dir/ports")
    case $k in ''|*[!0-9]*) die "server index must be a number, got '$k'" ;; esac
    [ "$k" -ge 1 ] && [ "$k" -le "$n" ] || die "server index $k is not in 1..$n"
    echo "$k"
}

pg() { bash "$HERE/pg.sh" "$@"; }

# start_proxy DIR K: the crate profile's proxy for server K, on its port in DIR/ports, in
# front of DIR/pg.ports' line K; waits (10 s at most) until it listens.
start_proxy() {
    local dir=$1 k=$2 port upstream pid i
    port=$(line "$dir/ports" "$k")
    upstream=$(line "$dir/pg.ports" "$k")
    rm -f "$dir/proxy$k.ready"
    # setsid: the proxy outlives this script and a test's process group
    setsid /usr/bin/python3 "$HERE/crate_proxy.py" --listen "127.0.0.1:$port" \
        --upstream "127.0.0.1:$upstream" ${CRATE_VERSION:+--crate-version "$CRATE_VERSION"} \
        --ready-file "$dir/proxy$k.ready" </dev/null >"$dir/proxy$k.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/proxy$k.pid"
    for i in $(seq 100); do
        [ -s "$dir/proxy$k.ready" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    echo "---- $dir/proxy$k.log ----" >&2
    cat "$dir/proxy$k.log" >&2
    die "the proxy for server $k did not start on 127.0.0.1:$port"
}

stop_proxy() {
    local dir=$1 k=$2 pid i
    [ -f "$dir/proxy$k.pid" ] || return 0
    pid=$(cat "$dir/proxy$k.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        kill -CONT "$pid" 2>/dev/null || true  # a paused proxy acts on SIGTERM only then
        for i in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/proxy$k.pid"
}

# sys_nodes DIR K: server K's sys.nodes and rig.node (see the header).
sys_nodes() {
    local dir=$1 k=$2 rows="" i port
    i=0
    while read -r port; do
        i=$((i + 1))
        rows="$rows${rows:+,}('node$i', 'node$i', 'rig-host$i.invalid', '127.0.0.1:$((4200 + i))', '{\"psql\": $port}')"
    done <"$dir/ports"
    pg psql "$dir/s$k" -q -v ON_ERROR_STOP=1 -d doc >/dev/null <<EOF
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS sys;
DROP TABLE IF EXISTS sys.nodes;
CREATE TABLE sys.nodes (id text, name text, hostname text, rest_url text, port jsonb);
INSERT INTO sys.nodes VALUES $rows;
GRANT USAGE ON SCHEMA sys TO PUBLIC;
GRANT SELECT ON sys.nodes TO PUBLIC;
ALTER DATABASE doc SET rig.node = 'node$k';
EOF
}

cmd_start() {
    local dir=$1 profile=$2 n=${3:-3} k used="" port
    case $profile in pg|crate) ;; *) die "PROFILE must be pg or crate, got '$profile'" ;; esac
    case $n in ''|*[!0-9]*|0) die "N must be a positive number, got '$n'" ;; esac
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/profile" ] && die "servers were already started in $dir: stop them and remove $dir"
    chmod 0755 "$dir"   # the postgres user must reach DIR/sK
    echo "$profile" >"$dir/profile"
    : >"$dir/pg.ports"
    : >"$dir/ports"
    for k in $(seq "$n"); do
        # shellcheck disable=SC2086 # $used: a list of ports
        port=$(free_port $used)
        used="$used $port"
        echo "$port" >>"$dir/pg.ports"
        if [ "$profile" = crate ]; then
            # shellcheck disable=SC2086
            port=$(free_port $used)
            used="$used $port"
        fi
        echo "$port" >>"$dir/ports"
    done
    local t0=$SECONDS
    for k in $(seq "$n"); do
        ( pg start "$dir/s$k" "$(line "$dir/pg.ports" "$k")" >/dev/null ) ||
            { cmd_stop_all "$dir" >/dev/null 2>&1; die "server $k did not start"; }
        sys_nodes "$dir" "$k" || { cmd_stop_all "$dir" >/dev/null 2>&1; die "writing sys.nodes on server $k failed"; }
        if [ "$profile" = crate ]; then
            ( start_proxy "$dir" "$k" ) || { cmd_stop_all "$dir" >/dev/null 2>&1; exit 1; }
        fi
    done
    echo "servers.sh: $n $profile servers running in $dir (started in $((SECONDS - t0)) s)"
    echo "ports: $(tr '\n' ' ' <"$dir/ports")"
}

cmd_stop_one() {
    local dir=$1 k=$2
    if [ "$(cat "$dir/profile")" = crate ]; then
        stop_proxy "$dir" "$k"
    else
        resume_pg "$dir" "$k"
        pg stop "$dir/s$k" >/dev/null
    fi
    echo "servers.sh: stopped server $k in $dir"
}

cmd_stop_all() {
    local dir=$1 k n
    [ -f "$dir/pg.ports" ] || { echo "servers.sh: nothing started in $dir"; return 0; }
    n=$(wc -l <"$dir/pg.ports")
    for k in $(seq "$n"); do
        stop_proxy "$dir" "$k"
        resume_pg "$dir" "$k"
        [ -d "$dir/s$k" ] && pg stop "$dir/s$k" >/dev/null
    done
    echo "servers.sh: stopped every server in $dir"
}

cmd_restart() {
    local dir=$1 k=$2
    if [ "$(cat "$dir/profile")" = crate ]; then
        stop_proxy "$dir" "$k"
        start_proxy "$dir" "$k"
    else
        resume_pg "$dir" "$k"
        pg stop "$dir/s$k" >/dev/null
        pg start "$dir/s$k" "$(line "$dir/pg.ports" "$k")" >/dev/null
    fi
    echo "servers.sh: restarted server $k in $dir"
}

# pg_pids DIR K: the postmaster of server K first, then its children (the backends).
pg_pids() {
    local pid
    pid=$(head -n 1 "$1/s$2/data/postmaster.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null ||
        return 0
    echo "$pid"
    children "$pid"
}

# children PID: its child processes, from /proc (pgrep is in procps, which a minimal Debian
# lacks). A stat line is "pid (comm) state ppid ...", and comm may hold spaces.
children() {
    local parent=$1 f stat
    local -a field
    for f in /proc/[0-9]*/stat; do
        { read -r stat <"$f"; } 2>/dev/null || continue
        read -r -a field <<<"${stat##*) }"   # state ppid ...
        [ "${field[1]:-}" = "$parent" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
    return 0
}

# resume_pg DIR K: SIGCONT to a paused server K (harmless when it runs).
resume_pg() {
    local pid
    for pid in $(pg_pids "$1" "$2"); do kill -CONT "$pid" 2>/dev/null || true; done
}

# cmd_signal DIR K SIG: the postmaster is stopped first, so it forks no new backend after
# the backends were stopped.
cmd_signal() {
    local dir=$1 k=$2 sig=$3 pids pid
    if [ "$(cat "$dir/profile")" = crate ]; then
        pids=$(cat "$dir/proxy$k.pid" 2>/dev/null) && kill -0 "$pids" 2>/dev/null ||
            die "the proxy of server $k does not run"
    else
        pids=$(pg_pids "$dir" "$k")
        [ -n "$pids" ] || die "server $k does not run"
    fi
    for pid in $pids; do kill -"$sig" "$pid"; done
    echo "servers.sh: sent SIG$sig to server $k in $dir ($(echo $pids))"
}

main() {
    [ $# -ge 2 ] || usage
    local cmd=$1 dir=$2 k=""
    shift 2
    case $cmd in start|stop) ;; *) [ $# -eq 1 ] || usage ;; esac
    # a plain assignment, so a bad index ends the script here (set -e)
    [ $# -eq 0 ] || [ "$cmd" = start ] || k=$(server_index "$dir" "$1")
    case $cmd in
    start) [ $# -ge 1 ] && [ $# -le 2 ] || usage; cmd_start "$dir" "$@" ;;
    stop) if [ -z "$k" ]; then cmd_stop_all "$dir"; else cmd_stop_one "$dir" "$k"; fi ;;
    restart) cmd_restart "$dir" "$k" ;;
    pause)   cmd_signal "$dir" "$k" STOP ;;
    resume)  cmd_signal "$dir" "$k" CONT ;;
    *) usage ;;
    esac
}

main "$@"
