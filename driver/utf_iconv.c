/*
 * utf_iconv.c: utf_conv.h with iconv.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "utf_conv.h"

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define UTF16_HOST "UTF-16BE"
#else
#define UTF16_HOST "UTF-16LE"
#endif

/*
 * Runs iconv over the whole input into a malloc'd buffer of `out_cap` bytes
 * (enough for any valid conversion) plus `nul` bytes of zeros. Returns the
 * number of bytes produced, or (size_t)-1 on bad input / out of memory.
 */
static size_t iconv_all(const char *to, const char *from, const char *in, size_t inlen,
                        size_t out_cap, size_t nul, char **out)
{
    *out = NULL;
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return (size_t)-1;
    char *buf = malloc(out_cap + nul);
    if (buf == NULL)
        goto fail;
    char *ip = (char *)in, *op = buf;
    size_t il = inlen, ol = out_cap;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
        goto fail;
    /* flush any shift state (none for these encodings, but be correct) */
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        goto fail;
    iconv_close(cd);
    size_t produced = (size_t)(op - buf);
    memset(op, 0, nul);
    *out = buf;
    return produced;
fail:
    free(buf);
    iconv_close(cd);
    return (size_t)-1;
}

size_t drv_conv_from_utf16(const SQLWCHAR *in, size_t n, char **out)
{
    /* one UTF-16 unit gives at most 3 UTF-8 bytes (a pair gives 4 for 2) */
    return iconv_all("UTF-8", UTF16_HOST, (const char *)in, n * sizeof(SQLWCHAR), n * 3, 1, out);
}

size_t drv_conv_to_utf16(const char *in, size_t len, SQLWCHAR **out)
{
    /* one UTF-8 byte gives at most one UTF-16 unit */
    char *buf;
    size_t got = iconv_all(UTF16_HOST, "UTF-8", in, len, len * sizeof(SQLWCHAR),
                           sizeof(SQLWCHAR), &buf);
    *out = (SQLWCHAR *)buf;
    return got == (size_t)-1 ? got : got / sizeof(SQLWCHAR);
}
