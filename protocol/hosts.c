/*
 * hosts.c: the host list of a connect (hosts.h): parsing SERVER's list, the
 * order it is tried in (LoadBalanceHosts shuffles it; hosts that failed
 * recently go last), the process-wide memory of recent failures, and the
 * process-wide cache of the nodes a cluster named (DiscoverNodes).
 *
 * Both memories are small fixed tables under one mutex each: a connect takes
 * the lock for a few string compares, never while it waits on the network.
 * They hold host names and ports only, nothing about users or passwords.
 * Nothing here opens a socket; conn.c's host loop does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "hosts.h"
#include "pgw_crypto.h"
#include "pgw_int.h"

/* ------------------------------------------------------------------ lists */

void pgw_hosts_free(pgw_host_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static bool same_host(const pgw_host *a, const char *name, int port)
{
    return a->port == port && strcmp(a->name, name) == 0;
}

bool pgw_hosts_add(pgw_host_list *l, const char *name, int port)
{
    size_t len = strlen(name);
    if (len >= sizeof l->v[0].name)
        return false;
    for (size_t i = 0; i < l->n; i++)
        if (same_host(&l->v[i], name, port))
            return true;
    if (l->n >= PGW_HOSTS_MAX)
        return true;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        pgw_host *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return false;
        l->v = v;
        l->cap = cap;
    }
    memcpy(l->v[l->n].name, name, len + 1);
    l->v[l->n].port = port;
    l->n++;
    return true;
}

/* Splits one entry in place: "h", "h:p", "[v6]", "[v6]:p", bare "v6". */
static bool split_host(char *e, int defport, const char **host, int *port)
{
    while (*e == ' ' || *e == '\t')
        e++;
    size_t n = strlen(e);
    while (n && (e[n - 1] == ' ' || e[n - 1] == '\t'))
        e[--n] = '\0';
    if (n == 0)
        return false;
    char *portstr = NULL;
    if (e[0] == '[') {
        char *close = strchr(e, ']');
        if (!close)
            return false;
        *close = '\0';
        *host = e + 1;
        if (close[1] == ':')
            portstr = close + 2;
        else if (close[1] != '\0')
            return false;
    } else {
        char *colon = strchr(e, ':');
        if (colon && strchr(colon + 1, ':') == NULL) {
            *colon = '\0';
            portstr = colon + 1;
        }
        *host = e;
    }
    if (**host == '\0')
        return false;
    *port = defport;
    if (portstr) {
        char *end;
        long v = strtol(portstr, &end, 10);
        if (*portstr == '\0' || *end != '\0' || v < 1 || v > 65535)
            return false;
        *port = (int)v;
    }
    return true;
}

pgw_status pgw_hosts_parse(pgw_host_list *l, const char *spec, int defport, pgw_error *e)
{
    char *list = strdup(spec);
    if (list == NULL) {
        pgw_set_error(e, "HY001", "out of memory");
        return PGW_ERR_NOMEM;
    }
    pgw_status st = PGW_OK;
    char *next = list;
    for (char *entry = list; entry && st == PGW_OK; entry = next) {
        char *comma = strchr(entry, ',');
        next = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        /* the message quotes the entry as written: split_host cuts it up */
        char shown[128];
        snprintf(shown, sizeof shown, "%s", entry);
        const char *host;
        int port;
        if (!split_host(entry, defport, &host, &port)) {
            pgw_set_error(e, "08001", "invalid host list entry \"%s\"", shown);
            st = PGW_ERR_ARG;
        } else if (strlen(host) >= sizeof l->v[0].name) {
            pgw_set_error(e, "08001", "host name too long in host list entry \"%.60s...\"",
                          shown);
            st = PGW_ERR_ARG;
        } else if (!pgw_hosts_add(l, host, port)) {
            pgw_set_error(e, "HY001", "out of memory");
            st = PGW_ERR_NOMEM;
        }
    }
    free(list);
    return st;
}

void pgw_host_format(const pgw_host *h, char *out, size_t outlen)
{
    bool v6 = strchr(h->name, ':') != NULL;
    snprintf(out, outlen, "%s%s%s:%d", v6 ? "[" : "", h->name, v6 ? "]" : "", h->port);
}

/* ------------------------------------------------------------------ failure memory */

static struct {
    pthread_mutex_t mu;
    pgw_host host[PGW_HOST_FAILED_MAX];
    int64_t at[PGW_HOST_FAILED_MAX];   /* 0 = free slot */
} failed = {.mu = PTHREAD_MUTEX_INITIALIZER};

void pgw_hosts_mark_failed(const pgw_host *h, int64_t now_ms)
{
    if (now_ms <= 0)
        now_ms = 1;
    pthread_mutex_lock(&failed.mu);
    int slot = -1, oldest = 0;
    for (int i = 0; i < PGW_HOST_FAILED_MAX; i++) {
        if (failed.at[i] != 0 && same_host(&failed.host[i], h->name, h->port)) {
            slot = i;
            break;
        }
        if (slot < 0 && failed.at[i] == 0)
            slot = i;
        if (failed.at[i] < failed.at[oldest])
            oldest = i;
    }
    if (slot < 0)
        slot = oldest;
    failed.host[slot] = *h;
    failed.at[slot] = now_ms;
    pthread_mutex_unlock(&failed.mu);
}

void pgw_hosts_mark_ok(const pgw_host *h)
{
    pthread_mutex_lock(&failed.mu);
    for (int i = 0; i < PGW_HOST_FAILED_MAX; i++)
        if (failed.at[i] != 0 && same_host(&failed.host[i], h->name, h->port))
            failed.at[i] = 0;
    pthread_mutex_unlock(&failed.mu);
}

int64_t pgw_hosts_failed_at(const pgw_host *h, int64_t now_ms)
{
    int64_t at = 0;
    pthread_mutex_lock(&failed.mu);
    for (int i = 0; i < PGW_HOST_FAILED_MAX; i++)
        if (failed.at[i] != 0 && same_host(&failed.host[i], h->name, h->port)) {
            if (now_ms - failed.at[i] < PGW_HOST_FAILED_MS)
                at = failed.at[i];
            else
                failed.at[i] = 0;   /* expired: free the slot */
            break;
        }
    pthread_mutex_unlock(&failed.mu);
    return at;
}

void pgw_hosts_forget_failures(void)
{
    pthread_mutex_lock(&failed.mu);
    memset(failed.at, 0, sizeof failed.at);
    pthread_mutex_unlock(&failed.mu);
}

/* ------------------------------------------------------------------ order */

static uint32_t system_rnd(void *arg)
{
    (void)arg;
    uint32_t r;
    /* the platform's generator (OpenSSL's RAND_bytes, safe with threads and
     * reseeded after fork; or Windows' BCryptGenRandom): forked workers of one
     * parent do not all pick one order */
    if (!pgw_random_bytes((unsigned char *)&r, sizeof r))
        r = (uint32_t)pgw_now_ms() * 2654435761u;
    return r;
}

/* A uniform index in [0, n) (rejection sampling: no modulo bias). */
static size_t uniform(size_t n, pgw_hosts_rnd rnd, void *arg)
{
    uint32_t limit = UINT32_MAX - UINT32_MAX % (uint32_t)n;
    uint32_t r;
    do
        r = rnd(arg);
    while (r >= limit);
    return r % (uint32_t)n;
}

void pgw_hosts_order(pgw_host_list *l, bool shuffle, int64_t now_ms, pgw_hosts_rnd rnd,
                     void *rnd_arg)
{
    if (l->n < 2)
        return;
    if (rnd == NULL)
        rnd = system_rnd;
    if (shuffle)
        for (size_t i = l->n - 1; i > 0; i--) {   /* Fisher-Yates */
            size_t j = uniform(i + 1, rnd, rnd_arg);
            pgw_host t = l->v[i];
            l->v[i] = l->v[j];
            l->v[j] = t;
        }
    /* stable insertion sort on the failure time, 0 (no recent failure) first:
     * lists are short, and equal keys keep the order chosen above */
    int64_t at[PGW_HOSTS_MAX];
    for (size_t i = 0; i < l->n; i++)
        at[i] = pgw_hosts_failed_at(&l->v[i], now_ms);
    for (size_t i = 1; i < l->n; i++) {
        pgw_host h = l->v[i];
        int64_t key = at[i];
        size_t j = i;
        for (; j > 0 && at[j - 1] > key; j--) {
            l->v[j] = l->v[j - 1];
            at[j] = at[j - 1];
        }
        l->v[j] = h;
        at[j] = key;
    }
}

/* ------------------------------------------------------------------ discovered nodes */

/* Keyed by the configured host list as written and its default port: two
 * DSNs naming the same cluster differently keep two entries, harmlessly. */
static struct {
    pthread_mutex_t mu;
    struct nodes_entry {
        char *key;
        pgw_host_list nodes;
        int64_t asked;       /* when a connect last set out to refresh it */
    } e[PGW_NODES_KEYS_MAX];
} known = {.mu = PTHREAD_MUTEX_INITIALIZER};

static char *nodes_key(const char *spec, int defport)
{
    size_t n = strlen(spec) + 16;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%d|%s", defport, spec);
    return k;
}

/* The entry of key, or a free (else the least recently asked) one made
 * key's; takes key. Call with known.mu held. */
static struct nodes_entry *nodes_entry(char *key)
{
    int slot = -1, oldest = 0;
    for (int i = 0; i < PGW_NODES_KEYS_MAX; i++) {
        if (known.e[i].key && strcmp(known.e[i].key, key) == 0) {
            free(key);
            return &known.e[i];
        }
        if (slot < 0 && known.e[i].key == NULL)
            slot = i;
        if (known.e[i].asked < known.e[oldest].asked)
            oldest = i;
    }
    if (slot < 0)
        slot = oldest;
    struct nodes_entry *en = &known.e[slot];
    free(en->key);
    pgw_hosts_free(&en->nodes);
    en->key = key;
    en->asked = 0;
    return en;
}

bool pgw_nodes_refresh_due(const char *hosts, int default_port)
{
    if (hosts == NULL)
        return false;
    char *key = nodes_key(hosts, default_port > 0 ? default_port : 5432);
    if (key == NULL)
        return false;
    int64_t now = pgw_now_ms();
    pthread_mutex_lock(&known.mu);
    struct nodes_entry *en = nodes_entry(key);
    bool due = en->asked == 0 || now - en->asked >= PGW_NODES_REFRESH_MS;
    if (due)
        en->asked = now > 0 ? now : 1;   /* claimed: concurrent connects skip it */
    pthread_mutex_unlock(&known.mu);
    return due;
}

pgw_status pgw_nodes_remember(const char *hosts, int default_port, const char *nodes)
{
    if (hosts == NULL || nodes == NULL)
        return PGW_ERR_ARG;
    if (default_port <= 0)
        default_port = 5432;
    pgw_host_list l = {0};
    pgw_error e = {0};
    pgw_status st = pgw_hosts_parse(&l, nodes, default_port, &e);
    pgw_error_clear(&e);
    char *key = st == PGW_OK ? nodes_key(hosts, default_port) : NULL;
    if (st != PGW_OK || key == NULL) {
        pgw_hosts_free(&l);
        return st != PGW_OK ? st : PGW_ERR_NOMEM;
    }
    pthread_mutex_lock(&known.mu);
    struct nodes_entry *en = nodes_entry(key);
    pgw_hosts_free(&en->nodes);
    en->nodes = l;   /* the list moves into the cache */
    if (en->asked == 0)
        en->asked = pgw_now_ms();
    pthread_mutex_unlock(&known.mu);
    return PGW_OK;
}

bool pgw_nodes_append_known(pgw_host_list *l, const char *spec, int defport)
{
    char *key = nodes_key(spec, defport);
    if (key == NULL)
        return false;
    bool ok = true;
    pthread_mutex_lock(&known.mu);
    for (int i = 0; i < PGW_NODES_KEYS_MAX; i++)
        if (known.e[i].key && strcmp(known.e[i].key, key) == 0) {
            for (size_t k = 0; k < known.e[i].nodes.n && ok; k++)
                ok = pgw_hosts_add(l, known.e[i].nodes.v[k].name, known.e[i].nodes.v[k].port);
            break;
        }
    pthread_mutex_unlock(&known.mu);
    free(key);
    return ok;
}

void pgw_nodes_forget(void)
{
    pthread_mutex_lock(&known.mu);
    for (int i = 0; i < PGW_NODES_KEYS_MAX; i++) {
        free(known.e[i].key);
        known.e[i].key = NULL;
        pgw_hosts_free(&known.e[i].nodes);
        known.e[i].asked = 0;
    }
    pthread_mutex_unlock(&known.mu);
}
