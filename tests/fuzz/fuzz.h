/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one program (configure CC=clang --enable-fuzzing) built
 * with ASan and UBSan. Besides surviving every input, a target checks the
 * invariants its code promises (FUZZ_CHECK): a broken promise aborts like a
 * sanitizer report, so libFuzzer keeps the input that shows it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                                \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                    \
        }                                                                               \
    } while (0)

/* A copy of data[0..n) in a block of exactly n bytes (no terminator), so
 * ASan sees any read past the end the code under test makes. Caller frees. */
static inline char *fuzz_exact_copy(const uint8_t *data, size_t n)
{
    char *p = malloc(n ? n : 1);
    if (p && n)
        memcpy(p, data, n);
    return p;
}

/* The same, NUL-terminated at n (for code that takes C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, data, n);
        p[n] = '\0';
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
