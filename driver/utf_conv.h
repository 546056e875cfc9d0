/*
 * utf_conv.h: the platform's UTF-8 <-> UTF-16 (host byte order) converter
 * under unicode.c: utf_iconv.c (iconv) on POSIX systems, utf_win.c
 * (MultiByteToWideChar/WideCharToMultiByte) on Windows. Invalid input --
 * a lone surrogate, a malformed UTF-8 sequence -- fails the conversion;
 * nothing is replaced.
 */
#ifndef DRV_UTF_CONV_H
#define DRV_UTF_CONV_H

#include "drv.h"

/* n UTF-16 units into a malloc'd, NUL-terminated UTF-8 string in *out;
 * returns its length in bytes, or (size_t)-1 (bad input, out of memory). */
size_t drv_conv_from_utf16(const SQLWCHAR *in, size_t n, char **out);
/* len UTF-8 bytes into a malloc'd, NUL-terminated UTF-16 string in *out;
 * returns its length in units, or (size_t)-1. */
size_t drv_conv_to_utf16(const char *in, size_t len, SQLWCHAR **out);

#endif /* DRV_UTF_CONV_H */
