/*
 * relay.h: a TCP relay for the smoke suite (relay.c): it forwards every
 * connection made to its port to the real server, and can play a server
 * that is slow or stopped, which the driver's liveness check must tell
 * apart (protocol/transport_wait.c). Owned by the caller: relay_start
 * allocates, relay_stop closes every socket and frees.
 */
#ifndef SMOKE_RELAY_H
#define SMOKE_RELAY_H

typedef struct relay relay;

/* Listens on 127.0.0.1 (an ephemeral port) and forwards to host:port;
 * NULL when that fails. */
relay *relay_start(const char *host, const char *port);
int relay_port(const relay *r);
/* Slow server: the first connection's replies are held back until
 * `probes` more connections (liveness checks) have been relayed, or for
 * 20 s at most, so that a driver that never checks still gets its reply. */
void relay_hold_replies(relay *r, int probes);
/* Stopped server: nothing is accepted or forwarded any more, while the
 * kernel still completes connects into the listen backlog, as for a
 * stopped process. */
void relay_freeze(relay *r);
/* Connections relayed after the first. */
int relay_probes(relay *r);
void relay_stop(relay *r);

#endif
