# ports.sh: free loopback ports for the rig's servers; sourced by tests/run.sh,
# tests/rig/servers.sh and tests/rig/cratedb.sh.
#
# Ports come from below the kernel's ephemeral range (ip_local_port_range). A
# port inside it that is free when picked can be taken before the server binds
# it by the local end of any outgoing connection (a client's, a proxy's to its
# upstream), and the server then fails with "address already in use": the
# cluster step's second proxy did so once. Below the range the kernel never
# hands a port out by itself.

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The first port of the ephemeral range (32768 where /proc does not say).
ephemeral_low() {
    local low _
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
    case $low in ''|*[!0-9]*) low=32768 ;; esac
    echo "$low"
}

# free_port EXCEPT...: a random free loopback port below the ephemeral range (from
# 10000, or 1024 when the range starts lower), other than the ports given.
free_port() {
    local low base p i
    low=$(ephemeral_low)
    base=10000
    [ "$low" -gt $((base + 1000)) ] || base=1024
    for i in $(seq 100); do
        p=$((base + RANDOM % (low - base)))
        case " $* " in *" $p "*) continue ;; esac
        port_free "$p" && { echo "$p"; return 0; }
    done
    echo "no free port below $low found" >&2
    return 1
}
