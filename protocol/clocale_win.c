/*
 * clocale_win.c: pgw_clocale.h with the Windows CRT's locale objects
 * (_create_locale, and the _l functions that take one). Without the
 * locale object (out of memory) the process locale is used.
 *
 * The CRT has no strtof taking a locale: float4 text is parsed as a
 * double and rounded to float, which can differ from a direct strtof in
 * the last bit for decimal strings that lie almost exactly between two
 * floats (the server prints float4 with enough digits to round-trip, so
 * its text is never such a string).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "pgw_clocale.h"
#include "pgw_thread.h"

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static _locale_t c_locale;

static void c_locale_init(void)
{
    c_locale = _create_locale(LC_NUMERIC, "C");
}

static _locale_t the_c_locale(void)
{
    pthread_once(&c_locale_once, c_locale_init);
    return c_locale;
}

int pgw_c_format_double(char *buf, size_t cap, int prec, double d)
{
    _locale_t c = the_c_locale();
    if (c == NULL)
        return snprintf(buf, cap, "%.*g", prec, d);
    /* _snprintf_l neither terminates nor counts on truncation: ask for
     * the length first, as C99 snprintf reports it */
    int n = _scprintf_l("%.*g", c, prec, d);
    if (n >= 0 && cap > 0) {
        _snprintf_l(buf, cap, "%.*g", c, prec, d);
        buf[cap - 1] = '\0';
    }
    return n;
}

double pgw_c_strtod(const char *s, char **end, bool f4)
{
    _locale_t c = the_c_locale();
    double d = c ? _strtod_l(s, end, c) : strtod(s, end);
    return f4 ? (double)(float)d : d;
}
