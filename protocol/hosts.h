/*
 * hosts.h: the host list of a connect (internal to protocol/; conn.c and the
 * unit tests include it). Parsing SERVER's list, putting it in the order a
 * connect tries it, and two process-wide memories behind that order: which
 * hosts failed recently (tried last) and which nodes a cluster named
 * (DiscoverNodes, learned by the driver through pgw_nodes_remember).
 */
#ifndef PGW_HOSTS_H
#define PGW_HOSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pgw.h"

/* A failed host is tried after the others for this long (then it is a
 * candidate like any other again; a success forgets it at once). */
#define PGW_HOST_FAILED_MS 30000
/* Bounds of the process-wide tables: the oldest entry makes room. */
#define PGW_HOST_FAILED_MAX 64
#define PGW_NODES_KEYS_MAX 16
#define PGW_HOSTS_MAX 64     /* hosts in one list (configured plus discovered) */
/* DiscoverNodes asks a cluster for its nodes at most this often per host list. */
#define PGW_NODES_REFRESH_MS 60000

typedef struct pgw_host {
    char name[256];          /* host name or address, IPv6 without brackets */
    int port;
} pgw_host;

/* A host list; entries are unique (same name and port). Owned v. */
typedef struct pgw_host_list {
    pgw_host *v;
    size_t n, cap;
} pgw_host_list;

void pgw_hosts_free(pgw_host_list *l);
/* Appends name:port unless the list has it already (or holds PGW_HOSTS_MAX).
 * False on out of memory or a name too long for pgw_host. */
bool pgw_hosts_add(pgw_host_list *l, const char *name, int port);
/* Appends the entries of "a,b:5433,[::1]:5434" ("h", "h:p", "[v6]", "[v6]:p",
 * bare "v6"); entries without a port get defport. PGW_ERR_ARG with 08001 in
 * *e naming an invalid entry, PGW_ERR_NOMEM. */
pgw_status pgw_hosts_parse(pgw_host_list *l, const char *spec, int defport, pgw_error *e);
/* "name:port", "[v6]:port" into out (truncated to outlen). */
void pgw_host_format(const pgw_host *h, char *out, size_t outlen);

/* The order a connect tries the hosts in: shuffled when `shuffle`
 * (LoadBalanceHosts), in list order otherwise; then every host that failed
 * within PGW_HOST_FAILED_MS of now_ms moves behind the others (stable), the
 * one that failed longest ago first. rnd gives uniform 32-bit numbers
 * (NULL: OpenSSL's RAND_bytes, safe with threads and fork). */
typedef uint32_t (*pgw_hosts_rnd)(void *arg);
void pgw_hosts_order(pgw_host_list *l, bool shuffle, int64_t now_ms, pgw_hosts_rnd rnd,
                     void *rnd_arg);

/* The failure memory (process-wide, thread-safe). */
void pgw_hosts_mark_failed(const pgw_host *h, int64_t now_ms);
void pgw_hosts_mark_ok(const pgw_host *h);
/* When h failed, if within PGW_HOST_FAILED_MS of now_ms; 0 otherwise. */
int64_t pgw_hosts_failed_at(const pgw_host *h, int64_t now_ms);
void pgw_hosts_forget_failures(void);

/* The discovered nodes of the host list `spec` with default port defport
 * (process-wide, thread-safe): appended to l (duplicates skipped). False on
 * out of memory. */
bool pgw_nodes_append_known(pgw_host_list *l, const char *spec, int defport);
void pgw_nodes_forget(void);

#endif
