/*
 * log_os.c: every operating-system call the log makes (open, write, pid,
 * thread id, clocks, environment), in one place so a port (Windows) replaces
 * this file only. Nothing here formats or decides anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* O_APPEND: every write(2) lands at the end of the file even when several
 * processes share it, so whole lines never interleave. 0600: the log may
 * hold SQL text. */
int drv_log_os_open(const char *path)
{
    return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

/* One write per line; a short write (a full disk) is not retried, so a
 * line is never split across another process's line. */
void drv_log_os_write(int fd, const char *p, size_t n)
{
    ssize_t w;
    do
        w = write(fd, p, n);
    while (w < 0 && errno == EINTR);
}

long drv_log_os_pid(void) { return (long)getpid(); }

/* The kernel's thread id: what top -H, gdb and /proc show. */
unsigned long drv_log_os_tid(void) { return (unsigned long)syscall(SYS_gettid); }

uint64_t drv_log_os_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void drv_log_os_stamp(char *buf, size_t cap)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             ts.tv_nsec / 1000);
}

const char *drv_log_os_getenv(const char *name) { return getenv(name); }
