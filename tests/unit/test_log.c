/*
 * test_log.c: the log's pieces that need no server: level names, one
 * line's format, redaction of connection strings and SQL text, the table of
 * log files, whole lines from many threads in one file, the SQLSTATEs a
 * call collects, and what the protocol hook reports of a send buffer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drv.h"
#include "log.h"
#include "pgw_int.h"
#include "unit.h"

static void test_levels(void)
{
    drv_log_level l;
    CU_ASSERT_TRUE(drv_log_level_parse("off", &l) && l == DRV_LOG_OFF);
    CU_ASSERT_TRUE(drv_log_level_parse("ERROR", &l) && l == DRV_LOG_ERROR);
    CU_ASSERT_TRUE(drv_log_level_parse(" Info ", &l) && l == DRV_LOG_INFO);
    CU_ASSERT_TRUE(drv_log_level_parse("debug", &l) && l == DRV_LOG_DEBUG);
    CU_ASSERT_TRUE(drv_log_level_parse("trace", &l) && l == DRV_LOG_TRACE);
    CU_ASSERT_TRUE(drv_log_level_parse("4", &l) && l == DRV_LOG_TRACE);
    CU_ASSERT_TRUE(drv_log_level_parse("0", &l) && l == DRV_LOG_OFF);
    CU_ASSERT_FALSE(drv_log_level_parse("5", &l));
    CU_ASSERT_FALSE(drv_log_level_parse("verbose", &l));
    CU_ASSERT_FALSE(drv_log_level_parse("", &l));
    CU_ASSERT_FALSE(drv_log_level_parse("debugx", &l));
    CU_ASSERT_FALSE(drv_log_level_parse(NULL, &l));
    CU_ASSERT_STRING_EQUAL(drv_log_level_name(DRV_LOG_INFO), "info");
}

static size_t fmt(char *buf, size_t cap, const void *h, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    size_t n = drv_log_format(buf, cap, "2026-01-02T03:04:05.000006Z", 42, 7, DRV_LOG_DEBUG,
                              "stmt", h, f, ap);
    va_end(ap);
    return n;
}

static void test_format(void)
{
    char buf[256];
    size_t n = fmt(buf, sizeof buf, (void *)0x1234, "SQLFetch() -> %s", "SQL_SUCCESS");
    CU_ASSERT_STRING_EQUAL(buf, "2026-01-02T03:04:05.000006Z pid=42 tid=7 debug stmt=0x1234 "
                                "SQLFetch() -> SQL_SUCCESS\n");
    CU_ASSERT_EQUAL(n, strlen(buf));
    /* a newline inside (SQL text) cannot start a fake line */
    fmt(buf, sizeof buf, NULL, "sql: select 1\nfrom t\r\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "sql: select 1 from t  \n"));
    CU_ASSERT_EQUAL(strchr(buf, '\n'), buf + strlen(buf) - 1);
    /* too long: cut, marked, still one line */
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char small[128];
    n = fmt(small, sizeof small, NULL, "%s", big);
    CU_ASSERT_EQUAL(n, strlen(small));
    CU_ASSERT(n < sizeof small);
    CU_ASSERT_EQUAL(small[n - 1], '\n');
    CU_ASSERT_NSTRING_EQUAL(small + n - 4, "...\n", 4);
}

static const char *redact(const char *in)
{
    static char out[512];
    drv_log_redact_connstr(in, strlen(in), out, sizeof out);
    return out;
}

static void test_redact_connstr(void)
{
    CU_ASSERT_STRING_EQUAL(redact("DSN=x;UID=bob;PWD=secret;Port=1"),
                           "DSN=x;UID=bob;PWD=***;Port=1");
    CU_ASSERT_STRING_EQUAL(redact("pwd=secret"), "pwd=***");
    CU_ASSERT_STRING_EQUAL(redact("Server=h; Password = {se;c}}r=et} ;UID=u"),
                           "Server=h; Password =***;UID=u");
    CU_ASSERT_STRING_EQUAL(redact("PWD={a}}b};LogLevel=debug"), "PWD=***;LogLevel=debug");
    /* a value that only looks like a keyword stays */
    CU_ASSERT_STRING_EQUAL(redact("Options={-c PWD=1};UID=PWD"), "Options={-c PWD=1};UID=PWD");
    CU_ASSERT_STRING_EQUAL(redact("SSLKey=/k.pem;PWDX=1"), "SSLKey=/k.pem;PWDX=1");
    CU_ASSERT_STRING_EQUAL(redact(""), "");
    CU_ASSERT_STRING_EQUAL(redact("odd;PWD="), "odd;PWD=***");
    /* an unterminated brace cannot leak what follows */
    CU_ASSERT_PTR_NULL(strstr(redact("PWD={secret;UID=x"), "secret"));
    /* a small buffer: cut, terminated */
    char small[8];
    drv_log_redact_connstr("UID=abcdefgh", 12, small, sizeof small);
    CU_ASSERT_STRING_EQUAL(small, "UID=abc");
}

static const char *rsql(const char *in, size_t cap)
{
    static char out[512];
    drv_log_redact_sql(in, strlen(in), out, cap);
    return out;
}

static void test_redact_sql(void)
{
    CU_ASSERT_STRING_EQUAL(rsql("select 'a' from t", 512), "select 'a' from t");
    CU_ASSERT_STRING_EQUAL(rsql("CREATE USER u WITH (password = 'it''s secret')", 512),
                           "CREATE USER u WITH (password = '***')");
    CU_ASSERT_STRING_EQUAL(rsql("alter user u set (PASSWORD='x'), x='y'", 512),
                           "alter user u set (PASSWORD='***'), x='***'");
    const char *cut = rsql("select 1234567890123456789", 16);
    CU_ASSERT_EQUAL(strlen(cut), 15);
    CU_ASSERT_NSTRING_EQUAL(cut + 12, "...", 3);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_sinks(void)
{
    char dir[] = "/tmp/logtestXXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/a.log", dir);
    int a = drv_log_sink_open(path);
    CU_ASSERT(a > 0);
    CU_ASSERT_EQUAL(drv_log_sink_open(path), a);       /* same file, same sink */
    CU_ASSERT_EQUAL(drv_log_sink_open(NULL), 0);       /* standard error */
    CU_ASSERT_EQUAL(drv_log_sink_open(""), 0);
    char bad[160];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.log", dir);
    CU_ASSERT_EQUAL(drv_log_sink_open(bad), -1);
    drv_log_target t = { DRV_LOG_INFO, a, false };
    drv_log_write(&t, DRV_LOG_INFO, "dbc", (void *)0x10, "hello %d", 1);
    drv_log_write(&t, DRV_LOG_DEBUG, "dbc", (void *)0x10, "below the level");
    char *s = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, " info  dbc=0x10 hello 1\n"));
    CU_ASSERT_PTR_NULL(strstr(s, "below"));
    unlink(path);
    rmdir(dir);
}

/* Threads writing one file: every line whole, none lost. */
#define THREADS 8
#define LINES 400
static int thread_sink;

static void *writer(void *arg)
{
    long id = (long)arg;
    drv_log_target t = { DRV_LOG_DEBUG, thread_sink, false };
    for (int i = 0; i < LINES; i++)
        drv_log_write(&t, DRV_LOG_DEBUG, "stmt", NULL, "thread %ld line %d %s", id, i,
                      "padding-padding-padding-padding-padding-padding-padding-padding");
    return NULL;
}

static void test_threads_whole_lines(void)
{
    char dir[] = "/tmp/logtestXXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/t.log", dir);
    thread_sink = drv_log_sink_open(path);
    CU_ASSERT_FATAL(thread_sink > 0);
    pthread_t th[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, writer, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    char *s = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int lines = 0, good = 0;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        long id;
        int n;
        char *p = strstr(line, "thread ");
        lines++;
        if (p && sscanf(p, "thread %ld line %d", &id, &n) == 2 &&
            strstr(line, "padding-padding\0") != NULL && strncmp(line, "20", 2) == 0 &&
            strlen(strstr(line, "padding")) == 63)
            good++;
    }
    CU_ASSERT_EQUAL(lines, THREADS * LINES);
    CU_ASSERT_EQUAL(good, THREADS * LINES);
    unlink(path);
    rmdir(dir);
}

static void test_collect_states(void)
{
    char buf[64] = "";
    drv_log_states outer, inner;
    drv_log_note_state("HY000");                  /* not collecting: ignored */
    drv_log_collect_begin(&outer);
    drv_log_note_state("01004");
    drv_log_collect_begin(&inner);                /* a logged call inside a logged call */
    drv_log_note_state("08001");
    drv_log_collect_end(&inner, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, " [08001]");
    buf[0] = '\0';
    drv_log_note_state("42S02");                  /* the outer call's again */
    drv_log_collect_end(&outer, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, " [01004 42S02]");
    buf[0] = '\0';
    drv_log_note_state("HY000");                  /* not collecting any more: ignored */
    drv_log_collect_begin(&outer);
    drv_log_collect_end(&outer, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "");
}

/* The protocol hook: what a send buffer reports. */
static pgw_log_rec seen[16];
static int nseen;
static void record(void *ctx, const pgw_log_rec *r)
{
    (void)ctx;
    if (nseen < 16)
        seen[nseen++] = *r;
}

static void test_hook_send_buffer(void)
{
    pgw_buf b;
    pgw_buf_init(&b, 1 << 20);
    pgw_enc_ssl_request(&b);
    const char *kv[] = { "user", "crate" };
    pgw_enc_startup(&b, kv, 1);
    pgw_enc_password(&b, "pw-secret");
    pgw_enc_query(&b, "select 1");
    pgw_enc_sync(&b);
    pgw_log_hook h = { record, NULL, PGW_LOG_TRACE, false };
    nseen = 0;
    pgw_log_sent(&h, b.data, b.len);
    CU_ASSERT_EQUAL_FATAL(nseen, 5);
    CU_ASSERT_EQUAL(seen[0].type, 0);
    CU_ASSERT_EQUAL(seen[0].len, 8);
    CU_ASSERT_EQUAL(seen[1].type, 0);
    CU_ASSERT_EQUAL(seen[2].type, 'p');
    CU_ASSERT_EQUAL(seen[2].len, 4 + strlen("pw-secret") + 1);
    CU_ASSERT_PTR_NULL(seen[2].text);              /* never the contents */
    CU_ASSERT_EQUAL(seen[3].type, 'Q');
    CU_ASSERT_EQUAL(seen[4].type, 'S');
    CU_ASSERT_EQUAL(seen[4].len, 4);
    /* parameter values only when the hook allows them */
    pgw_param p[2] = { { "v1", 2, 0 }, { NULL, -1, 0 } };
    nseen = 0;
    pgw_log_params(&h, 2, p);
    CU_ASSERT_EQUAL(nseen, 0);
    h.params = true;
    pgw_log_params(&h, 2, p);
    CU_ASSERT_EQUAL_FATAL(nseen, 2);
    CU_ASSERT_EQUAL(seen[0].index, 1);
    CU_ASSERT_NSTRING_EQUAL(seen[0].text, "v1", 2);
    CU_ASSERT_PTR_NULL(seen[1].text);
    pgw_buf_free(&b);
}

void register_log_tests(void)
{
    CU_pSuite s = CU_add_suite("log", NULL, NULL);
    CU_add_test(s, "level names", test_levels);
    CU_add_test(s, "line format", test_format);
    CU_add_test(s, "connection string redaction", test_redact_connstr);
    CU_add_test(s, "SQL redaction", test_redact_sql);
    CU_add_test(s, "log files", test_sinks);
    CU_add_test(s, "many threads, whole lines", test_threads_whole_lines);
    CU_add_test(s, "a call's SQLSTATEs", test_collect_states);
    CU_add_test(s, "protocol hook: send buffer, parameters", test_hook_send_buffer);
}
