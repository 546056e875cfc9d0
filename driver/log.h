/*
 * log.h: the driver's log for administrators (README "Logging").
 *
 * Levels: off < error < info < debug < trace (the same numbers as
 * PGW_LOG_* in pgw.h, so the protocol hook needs no translation).
 *   error  every diagnostic of class other than 01 recorded on a handle
 *          (SQLSTATE and message)
 *   info   connection start and end (host, port, TLS version and cipher,
 *          server version) and warnings (01xxx)
 *   debug  one line per ODBC call (handle, arguments, return code,
 *          SQLSTATEs, time taken) and the SQL text the driver sends
 *   trace  one line per protocol message (direction, type, length)
 *
 * Where the level comes from (log.c drv_log_configure): the environment
 * variable CRATEDB_ODBC_LOGLEVEL (and CRATEDB_ODBC_LOGFILE) overrides
 * everything; else LogLevel/LogFile/LogParams from the connection string,
 * then the DSN, then the driver's section of odbcinst.ini. Before a
 * connection is made only the environment variable applies.
 *
 * Cost when off: each entry point tests one global (drv_log_calls_on) and
 * calls straight through; nothing else runs.
 *
 * Never logged: passwords (PWD=/Password= are redacted from connection
 * strings), SSL keys' contents, quoted literals of a statement that
 * mentions PASSWORD, and parameter values unless LogParams=1.
 *
 * OS calls (open, write, pid, thread id, clock) live in log_os.c only.
 */
#ifndef DRV_LOG_H
#define DRV_LOG_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pgw.h"   /* PGW_PRINTF */

typedef enum drv_log_level {
    DRV_LOG_OFF = 0, DRV_LOG_ERROR, DRV_LOG_INFO, DRV_LOG_DEBUG, DRV_LOG_TRACE
} drv_log_level;

/* The highest level any connection (or the environment variable) has ever
 * asked for in this process: never lowered, so a reader that sees a stale
 * value only takes the slow path once too often. */
extern atomic_int drv_log_max;

/* The entry points' test: one relaxed load and one compare. */
static inline bool drv_log_calls_on(void)
{
    return __builtin_expect(atomic_load_explicit(&drv_log_max, memory_order_relaxed)
                            >= DRV_LOG_DEBUG, 0);
}

/* "off", "error", "info", "debug", "trace" (case-insensitive) or 0..4;
 * false for anything else. */
bool drv_log_level_parse(const char *s, drv_log_level *out);
const char *drv_log_level_name(drv_log_level l);

/* Where one handle's lines go: a level and a sink (an index into log.c's
 * table of open files; 0 is standard error). Copied by value: a call keeps
 * its copy while the handle may be freed under it. */
typedef struct drv_log_target {
    drv_log_level level;
    int sink;
    bool params;               /* LogParams=1: parameter values may be logged */
} drv_log_target;

/* The process-wide target from CRATEDB_ODBC_LOGLEVEL / CRATEDB_ODBC_LOGFILE
 * (level off when unset). `overrides` tells whether it was set. */
drv_log_target drv_log_env_target(bool *overrides);

/* Opens (or finds) the sink for `path` (NULL or "": standard error).
 * O_APPEND, created 0600. Returns the index, or -1 with errno set when the
 * file cannot be opened or the table (16 files) is full. */
int drv_log_sink_open(const char *path);

/* Raises drv_log_max to at least `l`. */
void drv_log_raise(drv_log_level l);

/* Formats one line ("TIME pid=P tid=T LEVEL HANDLE text\n") and writes it
 * with one write(2). `handle` may be NULL; `kind` names it ("env", "dbc",
 * "stmt", "desc"). Lines longer than 4 KiB are cut with "...". */
void drv_log_write(const drv_log_target *t, drv_log_level l, const char *kind,
                   const void *handle, const char *fmt, ...)
    PGW_PRINTF(5, 6);
void drv_log_vwrite(const drv_log_target *t, drv_log_level l, const char *kind,
                    const void *handle, const char *fmt, va_list ap);

/* Builds the line into buf (no OS call): for the unit tests and
 * drv_log_vwrite. Returns its length (always ends in '\n', NUL after). */
size_t drv_log_format(char *buf, size_t cap, const char *stamp, long pid, unsigned long tid,
                      drv_log_level l, const char *kind, const void *handle,
                      const char *fmt, va_list ap);

/* Copies a connection string into out with every PWD/Password value
 * replaced by "***" (braced values too). Returns the length written; out
 * is always NUL-terminated. */
size_t drv_log_redact_connstr(const char *in, size_t len, char *out, size_t cap);

/* Copies SQL text into out; when it mentions PASSWORD (any case), every
 * quoted literal becomes '***'. Cut at cap with "...". Returns the length. */
size_t drv_log_redact_sql(const char *in, size_t len, char *out, size_t cap);

/* ---- per-call lines (api_log.c) ---- */

/* What a logged call collects while it runs: the SQLSTATEs recorded on any
 * handle by this thread (diag.c calls drv_log_note_state). The collector is
 * the caller's, in its frame, from begin to end; a call logged inside
 * another (the dialog's Test button) has its own and gives the outer one
 * back at its end. */
#define DRV_LOG_MAX_STATES 4
typedef struct drv_log_states {
    int n;
    char states[DRV_LOG_MAX_STATES][6];
    struct drv_log_states *outer;   /* the collector in use before begin */
} drv_log_states;
void drv_log_collect_begin(drv_log_states *s);
/* Appends s's states (" [S1 S2]") to buf; the outer collector, if any,
 * collects again. */
void drv_log_collect_end(drv_log_states *s, char *buf, size_t cap);
void drv_log_note_state(const char *sqlstate);

/* ---- log_os.c: the only OS calls ---- */
int drv_log_os_open(const char *path);           /* -1 + errno on failure */
void drv_log_os_write(int fd, const char *p, size_t n);
long drv_log_os_pid(void);
unsigned long drv_log_os_tid(void);
uint64_t drv_log_os_now_us(void);                /* monotonic, microseconds */
/* "2026-12-07T02:55:01.123456Z" into buf (>= 32 bytes). */
void drv_log_os_stamp(char *buf, size_t cap);
const char *drv_log_os_getenv(const char *name);

#endif
