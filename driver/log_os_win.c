/*
 * log_os_win.c: the log's operating-system calls on Windows (log_os.c is the
 * POSIX one; log.h declares them). Nothing here formats or decides anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <windows.h>

#include "log.h"

/* _O_APPEND: the C runtime seeks to the end before every write, so lines of
 * several threads of one process never overwrite each other. Another process
 * appending to the same file at the same moment may interleave: Windows has
 * no atomic append through the C runtime. */
int drv_log_os_open(const char *path)
{
    return _open(path, _O_WRONLY | _O_APPEND | _O_CREAT | _O_BINARY | _O_NOINHERIT,
                 _S_IREAD | _S_IWRITE);
}

void drv_log_os_write(int fd, const char *p, size_t n)
{
    (void)_write(fd, p, (unsigned)n);
}

long drv_log_os_pid(void) { return (long)GetCurrentProcessId(); }

unsigned long drv_log_os_tid(void) { return (unsigned long)GetCurrentThreadId(); }

uint64_t drv_log_os_now_us(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (uint64_t)(c.QuadPart / f.QuadPart) * 1000000u +
           (uint64_t)(c.QuadPart % f.QuadPart) * 1000000u / (uint64_t)f.QuadPart;
}

void drv_log_os_stamp(char *buf, size_t cap)
{
    SYSTEMTIME st;
    GetSystemTime(&st);
    snprintf(buf, cap, "%04u-%02u-%02uT%02u:%02u:%02u.%03u000Z", st.wYear, st.wMonth, st.wDay,
             st.wHour, st.wMinute, st.wSecond, st.wMilliseconds);
}

const char *drv_log_os_getenv(const char *name) { return getenv(name); }
