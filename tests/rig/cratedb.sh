#!/usr/bin/env bash
# cratedb.sh: a real CrateDB node for the `cratedb` test profile.
#
#   cratedb.sh start DIR CRATE_HOME   start one node of the unpacked CrateDB in CRATE_HOME,
#                                     with its data, config and logs in DIR, on free loopback
#                                     ports; wait until it answers; create the test users.
#                                     Prints "psql port: P" and writes DIR/psql.port.
#   cratedb.sh setup HOST:PORT        create the test users on a node that already runs
#                                     (superuser `crate` must be trusted from this host)
#   cratedb.sh restart DIR            stop the node started in DIR and start it again on the
#                                     same ports and data (the fault tests' server restart)
#   cratedb.sh stop DIR               stop the node started in DIR
#   cratedb.sh sql HOST:PORT SQL      run SQL as the superuser `crate` (psql, text output)
#
#   cratedb.sh cluster DIR CRATE_HOME N
#                                     start N nodes (N >= 1) forming one cluster, node K in
#                                     DIR/nodeK, all sharing the certificates in DIR/tls; wait
#                                     until sys.nodes lists all N; create the test users.
#                                     Writes DIR/psql.ports (node K's psql port on line K).
#   cratedb.sh stop DIR [K]           without K, every node of the cluster in DIR at once
#   cratedb.sh restart DIR K          stop node K and start it again (same ports and data)
#   cratedb.sh pause DIR [K]          SIGSTOP the node's JVM: its sockets stay open and it
#                                     answers nothing, a silent peer
#   cratedb.sh resume DIR [K]         SIGCONT it
#
# The project never builds or ships CrateDB: CRATE_HOME is an unpacked release tarball (or
# any installation with the same layout: bin/crate, lib/, config/, and jdk/ for the Java that
# bin/crate runs). CrateDB refuses to run as root, so as root the node runs as an
# unprivileged user (CRATEDB_RUN_AS, default nobody) that owns DIR.
#
# The node is set up like tests/rig/pg.sh's PostgreSQL, with CrateDB's own means:
#   - single-node discovery on 127.0.0.1 (and 127.0.0.2, an address the server certificate
#     does not name); psql, http and transport ports picked free
#   - TLS on pgwire (ssl.psql.enabled) with the certificates of tests/rig/tls.sh in DIR/tls
#   - host-based authentication, first match wins:
#       crate        trust (CrateDB's superuser, no password)
#       crate_tls    password, over TLS only
#       crate_cert   cert (TLS with a client certificate whose CN is crate_cert)
#       crate_pw     password ('pw-secret')
#       crate_special password ('se;mi}{=brace', needs braces in a connection string)
#     Any other user matches no entry and is refused (FATAL 28000).
#   - every test user holds ALL PRIVILEGES, so it can create schemas and tables.
#
# A cluster's tables get number_of_replicas 0-1 by default: a test that stops a node and then
# reads a table through another must create it WITH (number_of_replicas = N-1) (and wait for
# the replicas, e.g. SELECT health FROM sys.health until 'GREEN'), or the rows on the stopped
# node's shards are gone for that time.
#
# Environment: CRATEDB_HEAP (default 1g, 512m a node in a cluster), CRATEDB_RUN_AS (default nobody, as root),
# CRATEDB_START_TIMEOUT seconds (default 120), PG_BIN (psql's directory; tests/rig/pg_bin.sh).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_AS=${CRATEDB_RUN_AS:-nobody}

die() { echo "cratedb.sh: $*" >&2; exit 1; }

usage() {
    sed -n '4,27p' "$0" >&2
    exit 2
}

# as_node CMD...: run CMD as the user the node runs as. setpriv execs CMD, where runuser
# would stay as its parent and stop itself when CMD is stopped (pause), and then never
# resume or reap it.
as_node() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --clear-groups -- "$@"
    else
        "$@"
    fi
}

# shellcheck source=ports.sh
. "$HERE/ports.sh"

psql_bin() {
    local bin
    bin=$(bash "$HERE/pg_bin.sh" 2>/dev/null) && [ -x "$bin/psql" ] && { echo "$bin/psql"; return 0; }
    command -v psql >/dev/null && { command -v psql; return 0; }
    die "no psql to create the test users with: install the Debian package postgresql-client"
}

# run_sql HOST:PORT SQL: as the superuser; psql over pgwire, plaintext.
run_sql() {
    local host=${1%:*} port=${1##*:}
    "$(psql_bin)" -X -q -At -v ON_ERROR_STOP=1 \
        "host=$host port=$port user=crate dbname=doc sslmode=disable gssencmode=disable connect_timeout=10" \
        -c "$2"
}

# write_config DIR CRATE_HOME PSQL HTTP TRANSPORT [CLUSTER NAME SEEDS MASTERS]: without the
# last four a single node; with them node NAME of cluster CLUSTER, which finds the others at
# SEEDS (transport HOST:PORTs, comma-separated) and bootstraps from MASTERS (node names).
write_config() {
    local dir=$1 home=$2 psql=$3 http=$4 transport=$5
    local cluster=${6:-cratedb-odbc-test-$$} name=${7:-odbc-test} seeds=${8:-} masters=${9:-}
    local discovery="discovery.type: single-node"
    # A stopped or paused node leaves the cluster after a few seconds instead of about a
    # minute: until then, queries through the other nodes that need its shards wait. The
    # publish timeout bounds how long a new master waits for a paused old one (30 s).
    [ -z "$seeds" ] || discovery="discovery.seed_hosts: [$seeds]
cluster.initial_master_nodes: [$masters]
cluster.publish.timeout: 2s
cluster.fault_detection.follower_check.interval: 1s
cluster.fault_detection.follower_check.timeout: 1s
cluster.fault_detection.follower_check.retry_count: 2
cluster.fault_detection.leader_check.interval: 1s
cluster.fault_detection.leader_check.timeout: 1s
cluster.fault_detection.leader_check.retry_count: 2"
    mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp"
    cp "$home/config/log4j2.properties" "$dir/config/"
    cat >"$dir/config/crate.yml" <<EOF
# written by tests/rig/cratedb.sh: a throw-away node for the driver's tests
cluster.name: $cluster
node.name: $name
$discovery
network.host: [127.0.0.1, 127.0.0.2]
network.publish_host: 127.0.0.1
psql.port: $psql
http.port: $http
transport.port: $transport
path.data: $dir/data
path.logs: $dir/logs
# a nearly full disk must not turn the test tables read-only
cluster.routing.allocation.disk.threshold_enabled: false
ssl.psql.enabled: true
ssl.keystore_filepath: $dir/tls/server.p12
ssl.keystore_password: odbc-test
ssl.keystore_key_password: odbc-test
auth.host_based.enabled: true
auth:
  host_based:
    config:
      a_crate:
        user: crate
        method: trust
      b_tls:
        user: crate_tls
        protocol: pg
        ssl: on
        method: password
      c_cert:
        user: crate_cert
        protocol: pg
        ssl: on
        method: cert
      d_pw:
        user: crate_pw
        method: password
      e_special:
        user: crate_special
        method: password
EOF
}

# The users the tests log in as (idempotent: CREATE fails harmlessly when they exist).
setup_users() {
    local addr=$1 user pw
    for user in crate_pw:pw-secret "crate_special:se;mi}{=brace" crate_tls:tls-secret crate_cert:; do
        pw=${user#*:}
        user=${user%%:*}
        run_sql "$addr" "CREATE USER $user" >/dev/null 2>&1 || true
        if [ -n "$pw" ]; then
            run_sql "$addr" "ALTER USER $user SET (password = '$pw')" >/dev/null
        fi
        run_sql "$addr" "GRANT ALL PRIVILEGES TO $user" >/dev/null
    done
}

dump_log() {
    local dir=$1 f
    for f in "$dir/node.out" "$dir"/logs/*.log; do
        [ -f "$f" ] || continue
        echo "---- $f (last 40 lines) ----" >&2
        tail -n 40 "$f" >&2 || true
    done
}

# node_pid DIR: the pid of the JVM whose configuration is DIR/config. From /proc: pgrep is
# in procps, which a minimal Debian lacks.
node_pid() {
    local d comm
    for d in /proc/[0-9]*; do
        { read -r comm <"$d/comm"; } 2>/dev/null && [ "$comm" = java ] || continue
        tr '\0' '\n' <"$d/cmdline" 2>/dev/null | grep -qxF -- "-Cpath.conf=$1/config" &&
            { echo "${d#/proc/}"; return 0; }
    done
    return 1
}

# launch_node DIR CRATE_HOME PSQL_PORT: run the node configured in DIR/config, wait until
# it answers SQL on PSQL_PORT.
launch_node() {
    spawn_node "$1" "$2"
    wait_node "$1" "$3"
}

# spawn_node DIR CRATE_HOME: run the node configured in DIR/config in the background, and
# wait (bounded) until its JVM runs; DIR/node.pid is then the JVM's pid.
spawn_node() {
    local dir=$1 home=$2
    # CRATE_HOME/logs may not be writable by the node's user: GC logs go to DIR.
    as_node env CRATE_HEAP_SIZE="${CRATEDB_HEAP:-1g}" CRATE_GC_LOG_DIR="$dir/logs" \
        CRATE_JAVA_OPTS="-Djava.io.tmpdir=$dir/tmp" \
        setsid "$home/bin/crate" -Cpath.conf="$dir/config" </dev/null >"$dir/node.out" 2>&1 &

    # The JVM's own pid (bin/crate execs java; a shell may stay in between): stop
    # signals the JVM, which shuts down cleanly on SIGTERM.
    local deadline=$((SECONDS + ${CRATEDB_START_TIMEOUT:-120}))
    until node_pid "$dir" >"$dir/node.pid"; do
        [ $SECONDS -lt $deadline ] && sleep 0.2 && continue
        dump_log "$dir"
        die "the node in $dir did not start"
    done
}

# wait_node DIR PSQL_PORT: wait (bounded) until the node spawned in DIR answers SQL.
wait_node() {
    local dir=$1 psql=$2
    local deadline=$((SECONDS + ${CRATEDB_START_TIMEOUT:-120}))
    until run_sql "127.0.0.1:$psql" "SELECT 1" >/dev/null 2>&1; do
        if ! kill -0 "$(cat "$dir/node.pid")" 2>/dev/null; then
            dump_log "$dir"
            die "the node in $dir exited during startup"
        fi
        if [ $SECONDS -ge $deadline ]; then
            dump_log "$dir"
            cmd_stop "$dir" >/dev/null 2>&1 || true
            die "the node in $dir did not answer on 127.0.0.1:$psql within ${CRATEDB_START_TIMEOUT:-120} s"
        fi
        sleep 1
    done
}

check_prereqs() {
    local home=$1
    [ -x "$home/bin/crate" ] || die "$home is not an unpacked CrateDB (no bin/crate)"
    [ -x "$home/jdk/bin/java" ] ||
        die "$home/jdk/bin/java is missing: bin/crate runs the JDK a release tarball bundles there"
    command -v openssl >/dev/null || die "no openssl tool: install the Debian package openssl"
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd "$RUN_AS" >/dev/null || die "no user '$RUN_AS' to run CrateDB as (CRATEDB_RUN_AS)"
    fi
}

cmd_start() {
    local dir=$1 home=$2
    check_prereqs "$home"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/node.pid" ] && kill -0 "$(cat "$dir/node.pid")" 2>/dev/null &&
        die "a node already runs in $dir"

    local psql http transport
    psql=$(free_port)
    http=$(free_port "$psql")
    transport=$(free_port "$psql" "$http")
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$dir"
    # the script's text, not its path: the node's user may not reach the work tree
    as_node bash -c "$(cat "$HERE/tls.sh")" tls.sh "$dir/tls" ||
        die "making the test certificates failed"
    as_node bash -c "$(declare -f write_config); write_config '$dir' '$home' $psql $http $transport"

    echo "$home" >"$dir/crate.home"
    echo "$psql" >"$dir/psql.port"
    launch_node "$dir" "$home" "$psql"
    setup_users "127.0.0.1:$psql" || { dump_log "$dir"; die "creating the test users failed"; }
    echo "cratedb.sh: CrateDB $(run_sql "127.0.0.1:$psql" "SELECT version['number'] FROM sys.nodes") running in $dir"
    echo "psql port: $psql"
}

cmd_stop() {
    local dir=$1 pid i
    [ -f "$dir/node.pid" ] || { echo "cratedb.sh: no node started in $dir"; return 0; }
    pid=$(cat "$dir/node.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        kill -CONT "$pid" 2>/dev/null || true  # a paused node (pause) acts on it only then
        for i in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/node.pid"
    echo "cratedb.sh: stopped the node in $dir"
}

# cmd_restart DIR: the users and tables live in DIR/data, so they survive. A restarted node
# answers the superuser (built in) before it has read its users back: for a moment crate_pw
# gets "password authentication failed" (28000), so this waits until crate_pw logs in.
cmd_restart() {
    local dir=$1 port deadline
    [ -f "$dir/crate.home" ] && [ -f "$dir/psql.port" ] || die "no node was started in $dir"
    port=$(cat "$dir/psql.port")
    cmd_stop "$dir" >/dev/null
    launch_node "$dir" "$(cat "$dir/crate.home")" "$port"
    deadline=$((SECONDS + 60))
    until PGPASSWORD=pw-secret "$(psql_bin)" -X -q -At "host=127.0.0.1 port=$port user=crate_pw \
            dbname=doc sslmode=disable gssencmode=disable connect_timeout=10" -c "SELECT 1" \
            >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            dump_log "$dir"
            die "crate_pw cannot log in after the restart"
        fi
        sleep 0.2
    done
    # a node of a cluster: until it has joined again
    if [ -f "$dir/../cluster.size" ]; then
        wait_cluster "$dir/.." "$port" "$(cat "$dir/../cluster.size")" ||
            die "the node in $dir did not join its cluster again"
    fi
    echo "cratedb.sh: restarted the node in $dir"
}

# ---- a cluster: DIR/nodeK (K = 1..N) are single nodes' directories that share DIR/tls ----

# node_dir DIR K: the directory of node K of the cluster in DIR.
node_dir() {
    local dir=$1 k=$2 n
    [ -f "$dir/cluster.size" ] || die "no cluster was started in $dir"
    n=$(cat "$dir/cluster.size")
    case $k in ''|*[!0-9]*) die "node index must be a number, got '$k'" ;; esac
    [ "$k" -ge 1 ] && [ "$k" -le "$n" ] || die "node index $k is not in 1..$n"
    echo "$dir/node$k"
}

# cmd_cluster DIR CRATE_HOME N: N nodes on loopback forming one cluster named after DIR.
# Every node is master-eligible and listed in cluster.initial_master_nodes, so the cluster
# bootstraps once a majority runs and keeps a master when one node of three is gone.
cmd_cluster() {
    local dir=$1 home=$2 n=$3 k used=""
    # N JVMs on one machine: a small heap each unless told otherwise
    export CRATEDB_HEAP=${CRATEDB_HEAP:-512m}
    case $n in ''|*[!0-9]*|0) die "N must be a positive number, got '$n'" ;; esac
    check_prereqs "$home"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/cluster.size" ] && die "a cluster was already made in $dir: stop it and remove $dir"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$dir"
    as_node bash -c "$(cat "$HERE/tls.sh")" tls.sh "$dir/tls" ||
        die "making the test certificates failed"

    # every node's three ports, all distinct, picked before any node starts
    local -a psql http transport
    for k in $(seq "$n"); do
        # shellcheck disable=SC2086 # $used: a list of ports
        psql[k]=$(free_port $used)
        used="$used ${psql[k]}"
        # shellcheck disable=SC2086
        http[k]=$(free_port $used)
        used="$used ${http[k]}"
        # shellcheck disable=SC2086
        transport[k]=$(free_port $used)
        used="$used ${transport[k]}"
    done
    local seeds="" masters="" name="cratedb-odbc-test-$$"
    for k in $(seq "$n"); do
        seeds="$seeds${seeds:+, }127.0.0.1:${transport[$k]}"
        masters="$masters${masters:+, }node$k"
    done

    echo "$n" >"$dir/cluster.size"
    : >"$dir/psql.ports"
    local nd
    for k in $(seq "$n"); do
        nd="$dir/node$k"
        as_node mkdir -p "$nd"
        as_node cp -a "$dir/tls" "$nd/tls"
        as_node bash -c "$(declare -f write_config); write_config '$nd' '$home' \
            ${psql[$k]} ${http[$k]} ${transport[$k]} '$name' node$k '$seeds' '$masters'"
        echo "$home" >"$nd/crate.home"
        echo "${psql[$k]}" >"$nd/psql.port"
        echo "${psql[$k]}" >>"$dir/psql.ports"
    done

    local t0=$SECONDS
    for k in $(seq "$n"); do
        ( spawn_node "$dir/node$k" "$home" ) || { cmd_stop_cluster "$dir" >/dev/null 2>&1; exit 1; }
    done
    for k in $(seq "$n"); do
        ( wait_node "$dir/node$k" "${psql[$k]}" ) || { cmd_stop_cluster "$dir" >/dev/null 2>&1; exit 1; }
    done
    wait_cluster "$dir" "${psql[1]}" "$n" || { cmd_stop_cluster "$dir" >/dev/null 2>&1; exit 1; }
    setup_users "127.0.0.1:${psql[1]}" ||
        { dump_log "$dir/node1"; cmd_stop_cluster "$dir" >/dev/null 2>&1; die "creating the test users failed"; }
    echo "cratedb.sh: a cluster of $n CrateDB $(run_sql "127.0.0.1:${psql[1]}" \
        "SELECT version['number'] FROM sys.nodes LIMIT 1") nodes running in $dir" \
        "(formed in $((SECONDS - t0)) s)"
    echo "psql ports: $(tr '\n' ' ' <"$dir/psql.ports")"
}

# wait_cluster DIR PSQL_PORT N: wait (bounded) until the node on PSQL_PORT sees N nodes in
# sys.nodes and the cluster's health is not red; on a timeout print every node's log tail.
wait_cluster() {
    local dir=$1 port=$2 n=$3 seen k
    local deadline=$((SECONDS + ${CRATEDB_START_TIMEOUT:-120}))
    until seen=$(run_sql "127.0.0.1:$port" "SELECT count(*) FROM sys.nodes" 2>/dev/null) &&
        [ "$seen" = "$n" ]; do
        if [ $SECONDS -ge $deadline ]; then
            for k in $(seq "$n"); do dump_log "$dir/node$k"; done
            echo "cratedb.sh: sys.nodes shows ${seen:-no} nodes, not $n, after ${CRATEDB_START_TIMEOUT:-120} s" >&2
            return 1
        fi
        sleep 1
    done
}

# cmd_stop_cluster DIR: every node at once (SIGTERM to all, then wait for each).
cmd_stop_cluster() {
    local dir=$1 k n
    n=$(cat "$dir/cluster.size")
    for k in $(seq "$n"); do
        cmd_stop "$dir/node$k" >/dev/null &
    done
    wait
    echo "cratedb.sh: stopped the cluster in $dir"
}

# cmd_signal DIR SIGNAL: SIGSTOP freezes the node: its sockets stay open but it answers
# nothing (a silent peer); SIGCONT lets it run on.
cmd_signal() {
    local dir=$1 sig=$2 pid
    [ -f "$dir/node.pid" ] && pid=$(cat "$dir/node.pid") && kill -0 "$pid" 2>/dev/null ||
        die "no node runs in $dir"
    kill -"$sig" "$pid"
    echo "cratedb.sh: sent SIG$sig to the node in $dir (pid $pid)"
}

# target DIR [K]: DIR itself, or node K's directory of the cluster in DIR.
target() {
    if [ -n "${2:-}" ]; then node_dir "$1" "$2"; else echo "$1"; fi
}

main() {
    [ $# -ge 2 ] || usage
    local cmd=$1 dir
    shift
    case $cmd in
    # DIR, or node K's directory (a plain assignment: a bad K ends the script here, set -e)
    restart|stop|pause|resume) dir=$(target "$@") ;;
    esac
    case $cmd in
    start) [ $# -eq 2 ] || usage; cmd_start "$1" "$2" ;;
    setup) setup_users "$1" ;;
    cluster) [ $# -eq 3 ] || usage; cmd_cluster "$1" "$2" "$3" ;;
    restart) cmd_restart "$dir" ;;
    stop)
        if [ $# -eq 1 ] && [ -f "$1/cluster.size" ]; then
            cmd_stop_cluster "$1"
        else
            cmd_stop "$dir"
        fi
        ;;
    pause)  cmd_signal "$dir" STOP ;;
    resume) cmd_signal "$dir" CONT ;;
    sql)   [ $# -eq 2 ] || usage; run_sql "$1" "$2" ;;
    *) usage ;;
    esac
}

main "$@"
