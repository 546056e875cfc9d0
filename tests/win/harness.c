/* harness.c: see harness.h. */
#include <stdarg.h>
#include <stdio.h>

#include "harness.h"

int passed, failed;

void check(bool ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        passed++;
        printf("ok   %s\n", name);
        return;
    }
    failed++;
    printf("FAIL %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

HMODULE harness_load(const char *path)
{
    HMODULE dll = LoadLibraryA(path);
    if (dll == NULL)
        printf("FAIL: LoadLibrary(%s): error %lu\n", path, GetLastError());
    return dll;
}

FARPROC harness_proc(HMODULE dll, const char *name, bool *ok)
{
    FARPROC f = GetProcAddress(dll, name);
    if (f == NULL) {
        printf("FAIL: %s is not exported\n", name);
        *ok = false;
    }
    return f;
}
