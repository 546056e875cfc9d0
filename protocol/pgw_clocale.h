/*
 * pgw_clocale.h: numbers printed and parsed in the "C" locale, whatever
 * LC_NUMERIC the application set (a decimal comma must never reach the
 * server or a float the server sent). clocale_posix.c does it with a
 * newlocale() "C" locale, clocale_win.c with the CRT's _create_locale.
 */
#ifndef PGW_CLOCALE_H
#define PGW_CLOCALE_H

#include <stdbool.h>
#include <stddef.h>

/* snprintf(buf, cap, "%.*g", prec, d) in the "C" locale. */
int pgw_c_format_double(char *buf, size_t cap, int prec, double d);
/* strtod (strtof when f4) in the "C" locale. */
double pgw_c_strtod(const char *s, char **end, bool f4);

#endif /* PGW_CLOCALE_H */
