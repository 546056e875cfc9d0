/*
 * clocale_posix.c: pgw_clocale.h with a POSIX "C" locale object, made
 * once: uselocale() for printing (per thread, so other threads keep the
 * application's locale), strtod_l/strtof_l for parsing. Without the
 * locale object (out of memory) the process locale is used.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* strtod_l, uselocale */
#endif
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "pgw_clocale.h"

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void c_locale_init(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static locale_t the_c_locale(void)
{
    pthread_once(&c_locale_once, c_locale_init);
    return c_locale;
}

int pgw_c_format_double(char *buf, size_t cap, int prec, double d)
{
    locale_t c = the_c_locale(), old = (locale_t)0;
    if (c)
        old = uselocale(c);
    int n = snprintf(buf, cap, "%.*g", prec, d);
    if (c)
        uselocale(old);
    return n;
}

double pgw_c_strtod(const char *s, char **end, bool f4)
{
    locale_t c = the_c_locale();
    if (f4)
        return c ? strtof_l(s, end, c) : strtof(s, end);
    return c ? strtod_l(s, end, c) : strtod(s, end);
}
