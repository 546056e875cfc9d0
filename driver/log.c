/*
 * log.c: the log's mechanics, with no ODBC in them: levels, the table of
 * open log files, one line's format, redaction of connection strings and
 * SQL text, and the SQLSTATEs a logged call collects. Which handle logs
 * where is log_conn.c's business; the OS calls are log_os.c's.
 *
 * Threads and processes: a line is formatted completely in a stack buffer
 * and written with one write(2) on a descriptor opened O_APPEND, so lines
 * from many threads and processes sharing a file never interleave. The
 * table of files only grows (a descriptor is never closed while the
 * library is loaded), so a call may keep a sink index after its handle is
 * freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "pgw_thread.h"

atomic_int drv_log_max = DRV_LOG_OFF;

static const char *const level_names[] = { "off", "error", "info", "debug", "trace" };
#define NLEVELS (sizeof level_names / sizeof level_names[0])

bool drv_log_level_parse(const char *s, drv_log_level *out)
{
    if (s == NULL)
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < NLEVELS; i++)
        if ((n == strlen(level_names[i]) && strncasecmp(s, level_names[i], n) == 0) ||
            (n == 1 && s[0] == (char)('0' + i))) {
            *out = (drv_log_level)i;
            return true;
        }
    return false;
}

const char *drv_log_level_name(drv_log_level l)
{
    return (unsigned)l < NLEVELS ? level_names[l] : "?";
}

void drv_log_raise(drv_log_level l)
{
    int cur = atomic_load(&drv_log_max);
    while (cur < (int)l && !atomic_compare_exchange_weak(&drv_log_max, &cur, (int)l))
        ;
}

/* ------------------------------------------------------------ sinks */

#define MAX_SINKS 16
static struct {
    char *path;                /* NULL for slot 0 (standard error) */
    atomic_int fd;
} sinks[MAX_SINKS] = { [0] = { NULL, 2 } };
static int nsinks = 1;
static pthread_mutex_t sinks_lock = PTHREAD_MUTEX_INITIALIZER;

int drv_log_sink_open(const char *path)
{
    if (path == NULL || path[0] == '\0')
        return 0;
    int idx = -1;
    pthread_mutex_lock(&sinks_lock);
    for (int i = 1; i < nsinks; i++)
        if (strcmp(sinks[i].path, path) == 0) {
            idx = i;
            goto out;
        }
    if (nsinks == MAX_SINKS) {
        errno = EMFILE;
        goto out;
    }
    char *copy = strdup(path);
    if (copy == NULL)
        goto out;
    int fd = drv_log_os_open(path);
    if (fd < 0) {
        int e = errno;
        free(copy);
        errno = e;
        goto out;
    }
    sinks[nsinks].path = copy;
    atomic_store(&sinks[nsinks].fd, fd);
    idx = nsinks++;
out:
    pthread_mutex_unlock(&sinks_lock);
    return idx;
}

/* ------------------------------------------------------------ the environment */

static drv_log_target env_target;
static bool env_overrides;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void env_read(void)
{
    drv_log_level l;
    const char *lv = drv_log_os_getenv("CRATEDB_ODBC_LOGLEVEL");
    if (lv == NULL || !drv_log_level_parse(lv, &l))
        return;
    int sink = drv_log_sink_open(drv_log_os_getenv("CRATEDB_ODBC_LOGFILE"));
    if (sink < 0)
        sink = 0;   /* no file to write to: standard error, the only place left */
    const char *lp = drv_log_os_getenv("CRATEDB_ODBC_LOGPARAMS");
    env_target = (drv_log_target){ l, sink, lp != NULL && strcmp(lp, "1") == 0 };
    env_overrides = true;
    drv_log_raise(l);
}

/* Read when the library is loaded, so the entry points' test needs no
 * once-guard of its own. */
__attribute__((constructor)) static void env_init(void)
{
    pthread_once(&env_once, env_read);
}

drv_log_target drv_log_env_target(bool *overrides)
{
    pthread_once(&env_once, env_read);
    if (overrides)
        *overrides = env_overrides;
    return env_target;
}

/* ------------------------------------------------------------ lines */

#define LINE_MAX_LEN 4096

size_t drv_log_format(char *buf, size_t cap, const char *stamp, long pid, unsigned long tid,
                      drv_log_level l, const char *kind, const void *handle,
                      const char *fmt, va_list ap)
{
    int n;
    if (handle != NULL)
        n = snprintf(buf, cap, "%s pid=%ld tid=%lu %-5s %s=%p ", stamp, pid, tid,
                     drv_log_level_name(l), kind, handle);
    else
        n = snprintf(buf, cap, "%s pid=%ld tid=%lu %-5s %s ", stamp, pid, tid,
                     drv_log_level_name(l), kind ? kind : "-");
    size_t o = n < 0 ? 0 : (size_t)n;
    if (o < cap) {
        n = vsnprintf(buf + o, cap - o, fmt, ap);
        o += n < 0 ? 0 : (size_t)n;
    }
    if (o + 2 > cap) {           /* cut: keep room for "...\n" */
        o = cap - 5;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    /* one line per record: a newline inside (SQL text) would fake a line */
    for (size_t i = 0; i < o; i++)
        if (buf[i] == '\n' || buf[i] == '\r')
            buf[i] = ' ';
    buf[o++] = '\n';
    buf[o] = '\0';
    return o;
}

void drv_log_vwrite(const drv_log_target *t, drv_log_level l, const char *kind,
                    const void *handle, const char *fmt, va_list ap)
{
    if (t->level < l || t->sink < 0 || t->sink >= MAX_SINKS)
        return;
    char stamp[40];
    char buf[LINE_MAX_LEN];
    drv_log_os_stamp(stamp, sizeof stamp);
    size_t n = drv_log_format(buf, sizeof buf, stamp, drv_log_os_pid(), drv_log_os_tid(), l,
                              kind, handle, fmt, ap);
    drv_log_os_write(atomic_load_explicit(&sinks[t->sink].fd, memory_order_relaxed), buf, n);
}

void drv_log_write(const drv_log_target *t, drv_log_level l, const char *kind,
                   const void *handle, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    drv_log_vwrite(t, l, kind, handle, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------ redaction */

/* Appends s[0..n) to out, bounded; returns the new length. */
static size_t put(char *out, size_t cap, size_t o, const char *s, size_t n)
{
    if (cap == 0)
        return 0;
    if (o + n >= cap)
        n = o < cap - 1 ? cap - 1 - o : 0;
    memcpy(out + o, s, n);
    return o + n;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_secret_key(const char *k, size_t n)
{
    while (n > 0 && is_blank(*k)) {
        k++;
        n--;
    }
    while (n > 0 && is_blank(k[n - 1]))
        n--;
    return (n == 3 && strncasecmp(k, "PWD", 3) == 0) ||
           (n == 8 && strncasecmp(k, "Password", 8) == 0);
}

size_t drv_log_redact_connstr(const char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < len) {
        size_t k = i;
        while (i < len && in[i] != '=' && in[i] != ';')
            i++;
        bool secret = i < len && in[i] == '=' && is_secret_key(in + k, i - k);
        if (i >= len || in[i] == ';') {          /* a lone word: copy as is */
            o = put(out, cap, o, in + k, (i < len ? i + 1 : i) - k);
            i++;
            continue;
        }
        i++;                                     /* past '=' */
        o = put(out, cap, o, in + k, i - k);
        size_t v = i;
        while (i < len && is_blank(in[i]))
            i++;
        if (i < len && in[i] == '{') {           /* braced: '}}' is a '}' */
            i++;
            while (i < len) {
                if (in[i] == '}') {
                    if (i + 1 < len && in[i + 1] == '}') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
        }
        while (i < len && in[i] != ';')
            i++;
        if (secret)
            o = put(out, cap, o, "***", 3);
        else
            o = put(out, cap, o, in + v, i - v);
        if (i < len) {
            o = put(out, cap, o, ";", 1);
            i++;
        }
    }
    if (cap > 0)
        out[o] = '\0';
    return o;
}

static bool mentions_password(const char *s, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i++)
        if (strncasecmp(s + i, "password", 8) == 0)
            return true;
    return false;
}

size_t drv_log_redact_sql(const char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    if (cap < 8) {
        if (cap > 0)
            out[0] = '\0';
        return 0;
    }
    bool redact = mentions_password(in, len);
    for (size_t i = 0; i < len; i++) {
        if (o + 4 >= cap) {
            o = cap - 4;
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (redact && in[i] == '\'') {
            /* skip the literal ('' inside is a quote) */
            i++;
            while (i < len) {
                if (in[i] == '\'') {
                    if (i + 1 < len && in[i + 1] == '\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            o = put(out, cap - 3, o, "'***'", 5);
            continue;
        }
        out[o++] = in[i];
    }
    out[o] = '\0';
    return o;
}

/* ------------------------------------------------------------ a call's SQLSTATEs */

/* The thread's collector is found through a thread-specific key, not a
 * _Thread_local: the driver manager dlclose()s the driver when its last
 * connection goes, and the dynamic TLS block the unloaded driver left
 * behind made LeakSanitizer's scan of the threads crash at exit ("Tracer
 * caught signal 11", CI's ASan run of the integration tests). The key goes
 * with the library (collect_key_delete), so loading it again and again
 * does not use keys up. Without a key (none left), calls log no states. */
static pthread_key_t collect_key;
static pthread_once_t collect_once = PTHREAD_ONCE_INIT;
static bool collect_ready;

static void collect_key_create(void)
{
    collect_ready = pthread_key_create(&collect_key, NULL) == 0;
}

__attribute__((destructor)) static void collect_key_delete(void)
{
    if (collect_ready)
        pthread_key_delete(collect_key);
}

static drv_log_states *collector(void)
{
    pthread_once(&collect_once, collect_key_create);
    return collect_ready ? pthread_getspecific(collect_key) : NULL;
}

void drv_log_collect_begin(drv_log_states *s)
{
    s->n = 0;
    s->outer = collector();
    if (collect_ready)
        pthread_setspecific(collect_key, s);
}

void drv_log_note_state(const char *sqlstate)
{
    drv_log_states *s = collector();
    if (s == NULL || s->n >= DRV_LOG_MAX_STATES)
        return;
    memcpy(s->states[s->n], sqlstate, 5);
    s->states[s->n++][5] = '\0';
}

void drv_log_collect_end(drv_log_states *s, char *buf, size_t cap)
{
    size_t o = strlen(buf);
    for (int i = 0; i < s->n; i++) {
        o = put(buf, cap, o, i == 0 ? " [" : " ", i == 0 ? 2 : 1);
        o = put(buf, cap, o, s->states[i], 5);
    }
    if (s->n > 0)
        o = put(buf, cap, o, "]", 1);
    if (cap > 0)
        buf[o] = '\0';
    if (collect_ready)
        pthread_setspecific(collect_key, s->outer);
}
