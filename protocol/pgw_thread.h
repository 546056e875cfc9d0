/*
 * pgw_thread.h: the threads, locks, condition variables and one-time
 * initialisation the engine and the driver use, under their POSIX names.
 *
 * On POSIX systems this is <pthread.h>. On Windows it is the small subset
 * of it the code calls, mapped onto the Win32 API (no winpthreads DLL to
 * ship): a mutex is an SRWLOCK (statically initialisable, never
 * recursive: the code never locks a mutex it holds), a condition variable
 * a CONDITION_VARIABLE, pthread_once an INIT_ONCE, a thread-specific key a
 * TLS index, a thread a handle from _beginthreadex. Timed waits take an
 * absolute CLOCK_MONOTONIC time, as the code sets its condition variables
 * up with pthread_condattr_setclock.
 * Attributes other than that clock are not supported (the code passes
 * NULL). Every #ifdef for threads is in this file.
 */
#ifndef PGW_THREAD_H
#define PGW_THREAD_H

#ifndef _WIN32
#include <pthread.h>
#else

#include <errno.h>
#include <process.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <windows.h>

typedef SRWLOCK pthread_mutex_t;
typedef CONDITION_VARIABLE pthread_cond_t;
typedef INIT_ONCE pthread_once_t;
typedef HANDLE pthread_t;
typedef int pthread_mutexattr_t;
typedef struct {
    clockid_t clock;
} pthread_condattr_t;

/*
 * The code reads CLOCK_MONOTONIC to set the deadlines of its timed waits.
 * mingw-w64's clock_gettime lives in the winpthreads DLL; this one is
 * GetTickCount64 (milliseconds, the resolution of the waits themselves).
 * A macro, as <time.h> declares the DLL's function under the same name.
 */
static inline int pgw_win_clock_gettime(clockid_t clock, struct timespec *ts)
{
    (void)clock;   /* CLOCK_MONOTONIC: the only clock the code reads */
    ULONGLONG ms = GetTickCount64();
    ts->tv_sec = (time_t)(ms / 1000);
    ts->tv_nsec = (long)(ms % 1000) * 1000000L;
    return 0;
}
#define clock_gettime(clock, ts) pgw_win_clock_gettime(clock, ts)

#define PTHREAD_MUTEX_INITIALIZER SRWLOCK_INIT
#define PTHREAD_COND_INITIALIZER CONDITION_VARIABLE_INIT
#define PTHREAD_ONCE_INIT INIT_ONCE_STATIC_INIT

static inline int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
    (void)a;
    InitializeSRWLock(m);
    return 0;
}

static inline int pthread_mutex_destroy(pthread_mutex_t *m)
{
    (void)m;    /* an SRWLOCK holds no resources */
    return 0;
}

static inline int pthread_mutex_lock(pthread_mutex_t *m)
{
    AcquireSRWLockExclusive(m);
    return 0;
}

static inline int pthread_mutex_trylock(pthread_mutex_t *m)
{
    return TryAcquireSRWLockExclusive(m) ? 0 : EBUSY;
}

static inline int pthread_mutex_unlock(pthread_mutex_t *m)
{
    ReleaseSRWLockExclusive(m);
    return 0;
}

static inline int pthread_condattr_init(pthread_condattr_t *a)
{
    a->clock = CLOCK_MONOTONIC;
    return 0;
}

static inline int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t c)
{
    /* timed waits measure against the monotonic clock only */
    if (c != CLOCK_MONOTONIC)
        return EINVAL;
    a->clock = c;
    return 0;
}

static inline int pthread_condattr_destroy(pthread_condattr_t *a)
{
    (void)a;
    return 0;
}

static inline int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
    (void)a;
    InitializeConditionVariable(c);
    return 0;
}

static inline int pthread_cond_destroy(pthread_cond_t *c)
{
    (void)c;
    return 0;
}

static inline int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    return SleepConditionVariableSRW(c, m, INFINITE, 0) ? 0 : EINVAL;
}

/* until is a CLOCK_MONOTONIC time (see pthread_condattr_setclock). */
static inline int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                         const struct timespec *until)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ms = ((int64_t)until->tv_sec - now.tv_sec) * 1000 +
                 ((int64_t)until->tv_nsec - now.tv_nsec) / 1000000;
    if (ms <= 0)
        return ETIMEDOUT;
    /* INFINITE is (DWORD)-1: stay below it */
    DWORD wait = ms >= (int64_t)INFINITE ? INFINITE - 1 : (DWORD)ms;
    if (SleepConditionVariableSRW(c, m, wait, 0))
        return 0;
    return GetLastError() == ERROR_TIMEOUT ? ETIMEDOUT : EINVAL;
}

static inline int pthread_cond_signal(pthread_cond_t *c)
{
    WakeConditionVariable(c);
    return 0;
}

static inline int pthread_cond_broadcast(pthread_cond_t *c)
{
    WakeAllConditionVariable(c);
    return 0;
}

static BOOL CALLBACK pgw_once_call(PINIT_ONCE once, PVOID fn, PVOID *ctx)
{
    (void)once;
    (void)ctx;
    ((void (*)(void))fn)();
    return TRUE;
}

static inline int pthread_once(pthread_once_t *once, void (*fn)(void))
{
    return InitOnceExecuteOnce(once, pgw_once_call, (PVOID)fn, NULL) ? 0 : EINVAL;
}

/* Thread-specific keys without destructors (the driver's values point into a
 * caller's frame and need none). */
typedef DWORD pthread_key_t;

static inline int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    if (destructor != NULL)
        return EINVAL;
    DWORD k = TlsAlloc();
    if (k == TLS_OUT_OF_INDEXES)
        return EAGAIN;
    *key = k;
    return 0;
}

static inline int pthread_key_delete(pthread_key_t key)
{
    return TlsFree(key) ? 0 : EINVAL;
}

static inline void *pthread_getspecific(pthread_key_t key)
{
    return TlsGetValue(key);
}

static inline int pthread_setspecific(pthread_key_t key, const void *value)
{
    return TlsSetValue(key, (LPVOID)value) ? 0 : EINVAL;
}

/* The start routine and its argument, handed to the new thread. */
struct pgw_thread_start {
    void *(*fn)(void *);
    void *arg;
};

static unsigned __stdcall pgw_thread_main(void *p)
{
    struct pgw_thread_start s = *(struct pgw_thread_start *)p;
    free(p);
    s.fn(s.arg);
    return 0;
}

/* The result of the start routine is dropped: pthread_join's is NULL. */
static inline int pthread_create(pthread_t *th, const void *attr, void *(*fn)(void *), void *arg)
{
    (void)attr;
    struct pgw_thread_start *s = malloc(sizeof *s);
    if (s == NULL)
        return EAGAIN;
    s->fn = fn;
    s->arg = arg;
    uintptr_t h = _beginthreadex(NULL, 0, pgw_thread_main, s, 0, NULL);
    if (h == 0) {
        free(s);
        return EAGAIN;
    }
    *th = (HANDLE)h;
    return 0;
}

static inline int pthread_join(pthread_t th, void **ret)
{
    if (WaitForSingleObject(th, INFINITE) != WAIT_OBJECT_0)
        return EINVAL;
    CloseHandle(th);
    if (ret)
        *ret = NULL;
    return 0;
}

#endif /* _WIN32 */
#endif /* PGW_THREAD_H */
