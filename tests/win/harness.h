/*
 * harness.h: what the Windows test programs (smoke.c, tdc_check.c) share
 * (harness.c): the line a check prints and its count, and the DLL loaded
 * the way a driver manager loads it, each entry point through
 * GetProcAddress. A program lists its entry points once:
 *
 *   #define ENTRY_POINTS(X) X(SQLAllocHandle) X(SQLFetch) ...
 *   ENTRY_POINTS(HARNESS_DECLARE)          the pointers pSQLAllocHandle, ...
 *   HMODULE dll = harness_load(path);
 *   bool ok = dll != NULL;
 *   ENTRY_POINTS(HARNESS_RESOLVE)          sets them, ok false if one is missing
 */
#ifndef WIN_TEST_HARNESS_H
#define WIN_TEST_HARNESS_H

#include <stdbool.h>
#include <windows.h>

extern int passed, failed;

/* One line "ok   NAME" or "FAIL NAME: <fmt...>", and the count. */
void check(bool ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* LoadLibrary(path), or NULL after a FAIL line. */
HMODULE harness_load(const char *path);
/* The export `name` of dll, or NULL after a FAIL line (and *ok false). */
FARPROC harness_proc(HMODULE dll, const char *name, bool *ok);

#define HARNESS_DECLARE(name) static __typeof__(name) *p##name;
#define HARNESS_RESOLVE(name) p##name = (__typeof__(name) *)(void *)harness_proc(dll, #name, &ok);

#endif
