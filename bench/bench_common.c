/*
 * bench_common.c: checksums, expected values, timing and the result line shared by the
 * ODBC and libpq benchmark programs (contracts in bench_common.h).
 */
#include "bench_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FNV_PRIME 0x100000001b3ULL
#define FNV_BASIS 0xcbf29ce484222325ULL
#define TS_BASE   1577836800L   /* 2020-01-01 00:00:00 UTC, the fetch query's timestamp base */

static inline void mix(uint64_t *h, uint64_t v)
{
    *h = (*h ^ v) * FNV_PRIME;
}

static void mix_bytes(uint64_t *h, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        mix(h, (unsigned char)s[k]);
}

void bench_hash_row(uint64_t *h, const bench_row *r)
{
    if (*h == 0)
        *h = FNV_BASIS;
    mix(h, (uint64_t)(uint32_t)r->i4);
    mix(h, (uint64_t)r->i8);
    mix(h, (uint64_t)(int64_t)(r->f8 * 4));
    mix_bytes(h, r->num, r->num_len);
    mix_bytes(h, r->text, r->text_len);
    mix(h, (uint64_t)(r->year * 10000 + r->month * 100 + r->day));
    mix(h, (uint64_t)(r->hour * 3600 + r->minute * 60 + r->second));
    mix(h, (uint64_t)r->flag);
}

void bench_hash_text(uint64_t *h, size_t nchars, unsigned first, const unsigned tail[12])
{
    if (*h == 0)
        *h = FNV_BASIS;
    mix(h, nchars);
    mix(h, first);
    for (int k = 0; k < 12; k++)
        mix(h, tail[k]);
}

uint64_t bench_expected_fetch(long n)
{
    uint64_t h = 0;
    char num[32], text[32];
    for (long i = 1; i <= n; i++) {
        bench_row r;
        long cents = (i * 7) % 10000000;
        int nl = snprintf(num, sizeof num, "%ld.%02ld", cents / 100, cents % 100);
        int tl = snprintf(text, sizeof text, "row-%016ld", i);
        time_t t = (time_t)(TS_BASE + i);
        struct tm tm;
        gmtime_r(&t, &tm);
        r.i4 = (int32_t)i;
        r.i8 = (int64_t)i * 1000003;
        r.f8 = (double)i * 0.25;
        r.num = num;
        r.num_len = (size_t)nl;
        r.text = text;
        r.text_len = (size_t)tl;
        r.year = tm.tm_year + 1900;
        r.month = tm.tm_mon + 1;
        r.day = tm.tm_mday;
        r.hour = tm.tm_hour;
        r.minute = tm.tm_min;
        r.second = tm.tm_sec;
        r.flag = i % 3 == 0;
        bench_hash_row(&h, &r);
    }
    return h;
}

uint64_t bench_expected_text(long n)
{
    uint64_t h = 0;
    char digits[32];
    for (long i = 1; i <= n; i++) {
        unsigned tail[12];
        int dl = snprintf(digits, sizeof digits, "%ld", i);
        for (int k = 0; k < 12; k++) {
            int from_end = 12 - k;   /* 12 .. 1 */
            tail[k] = from_end <= dl ? (unsigned char)digits[dl - from_end] : 'x';
        }
        bench_hash_text(&h, BENCH_TEXT_LEN, dl >= BENCH_TEXT_LEN ? (unsigned char)digits[0] : 'x',
                        tail);
    }
    return h;
}

void bench_insert_text(long i, char *buf, size_t size)
{
    snprintf(buf, size, "ins-%016ld", i);
}

void bench_insert_ts(long i, int f[6])
{
    long s = i % 86400, d = i / 86400;   /* 28 distinct days are plenty for the sizes used */
    f[0] = 2020;
    f[1] = 1;
    f[2] = (int)(1 + d % 28);
    f[3] = (int)(s / 3600);
    f[4] = (int)(s / 60 % 60);
    f[5] = (int)(s % 60);
}

void bench_insert_expected(long n, int64_t want[6])
{
    want[0] = n;
    want[1] = (int64_t)n * (n + 1) / 2;
    want[2] = 3 * want[1];
    want[3] = 20 * (int64_t)n;
    want[4] = want[1];
    want[5] = 0;
    for (long i = 1; i <= n; i++) {
        int f[6];
        bench_insert_ts(i, f);
        want[5] += (int64_t)f[2] * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void bench_start(bench_run *b, const char *workload, const char *client)
{
    b->workload = workload;
    b->client = client;
    b->stopped = 0;
    getrusage(RUSAGE_SELF, &b->ru0);
    b->wall0 = now_s();
}

void bench_stop(bench_run *b)
{
    b->wall1 = now_s();
    getrusage(RUSAGE_SELF, &b->ru1);
    b->stopped = 1;
}

int bench_ok(bench_run *b, long rows, uint64_t checksum)
{
    if (!b->stopped)
        bench_stop(b);
    double wall = b->wall1 - b->wall0;
    struct rusage ru;   /* peak RSS over the whole run, checks included */
    getrusage(RUSAGE_SELF, &ru);
    double user = tv_s(b->ru1.ru_utime) - tv_s(b->ru0.ru_utime);
    double sys = tv_s(b->ru1.ru_stime) - tv_s(b->ru0.ru_stime);
    printf("RESULT workload=%s client=%s status=ok rows=%ld wall_s=%.6f cpu_s=%.6f "
           "user_s=%.6f sys_s=%.6f maxrss_kb=%ld checksum=%016llx\n",
           b->workload, b->client, rows, wall, user + sys, user, sys, ru.ru_maxrss,
           (unsigned long long)checksum);
    fflush(stdout);
    return 0;
}

static void print_reason(const char *reason)
{
    putchar('"');
    for (const char *p = reason; *p; p++)
        putchar(*p == '"' || *p == '\n' ? '\'' : *p);
    putchar('"');
}

int bench_unsupported(const bench_run *b, const char *reason)
{
    printf("RESULT workload=%s client=%s status=unsupported reason=", b->workload, b->client);
    print_reason(reason);
    putchar('\n');
    fflush(stdout);
    return 3;
}

int bench_failed(const bench_run *b, const char *reason)
{
    printf("RESULT workload=%s client=%s status=failed reason=", b->workload, b->client);
    print_reason(reason);
    putchar('\n');
    fflush(stdout);
    return 1;
}

int bench_server_is_cratedb(void)
{
    const char *server = getenv("BENCH_SERVER");
    return server && strcmp(server, "cratedb") == 0;
}

long bench_rows_arg(const char *arg, long dflt)
{
    if (!arg)
        return dflt;
    char *end;
    long v = strtol(arg, &end, 10);
    return (*end || v <= 0) ? -1 : v;
}

static void print_usage(const char *usage, const bench_workload *table, size_t n)
{
    fprintf(stderr, "%s\nworkloads:", usage);
    for (size_t k = 0; k < n; k++)
        fprintf(stderr, " %s", table[k].name);
    fputc('\n', stderr);
}

int bench_parse_args(int argc, char **argv, const char *usage, const bench_workload *table,
                     size_t n, const char *client, bench_args *a, bench_run *b)
{
    if (argc < 3 || argc > 4) {
        print_usage(usage, table, n);
        return 2;
    }
    a->w = NULL;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(argv[2], table[k].name))
            a->w = &table[k];
    if (!a->w) {
        print_usage(usage, table, n);
        return 2;
    }
    a->target = argv[1];
    a->client = getenv("BENCH_CLIENT") ? getenv("BENCH_CLIENT") : client;
    a->rows = bench_rows_arg(argc > 3 ? argv[3] : NULL, a->w->default_rows);
    bench_start(b, a->w->name, a->client);
    if (a->rows < 0) {
        print_usage(usage, table, n);
        return 2;
    }
    return 0;
}
