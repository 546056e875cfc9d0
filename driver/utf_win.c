/*
 * utf_win.c: utf_conv.h with the Win32 API. SQLWCHAR is WCHAR there, so
 * the strings go to and from the API as they are; the *_ERR_INVALID_CHARS
 * flags make bad input fail instead of becoming U+FFFD.
 */
#include <limits.h>
#include <stdlib.h>
#include <windows.h>

#include "utf_conv.h"

size_t drv_conv_from_utf16(const SQLWCHAR *in, size_t n, char **out)
{
    *out = NULL;
    if (n > INT_MAX / 3)
        return (size_t)-1;
    int need = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, (LPCWCH)in, (int)n, NULL, 0,
                                   NULL, NULL);
    if (need <= 0 && n > 0)
        return (size_t)-1;
    char *s = malloc((size_t)need + 1);
    if (s == NULL)
        return (size_t)-1;
    if (n > 0 && WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, (LPCWCH)in, (int)n, s, need,
                                     NULL, NULL) != need) {
        free(s);
        return (size_t)-1;
    }
    s[need] = '\0';
    *out = s;
    return (size_t)need;
}

size_t drv_conv_to_utf16(const char *in, size_t len, SQLWCHAR **out)
{
    *out = NULL;
    if (len > INT_MAX)
        return (size_t)-1;
    int need = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, in, (int)len, NULL, 0);
    if (need <= 0 && len > 0)
        return (size_t)-1;
    SQLWCHAR *w = malloc(((size_t)need + 1) * sizeof *w);
    if (w == NULL)
        return (size_t)-1;
    if (len > 0 &&
        MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, in, (int)len, (LPWSTR)w, need) != need) {
        free(w);
        return (size_t)-1;
    }
    w[need] = 0;
    *out = w;
    return (size_t)need;
}
