/*
 * test_late_sync.c: the ReadyForQuery of a Sync that CrateDB sends late.
 *
 * The driver ends a streamed request with a "late" Sync once its
 * CommandComplete arrived, and reads that Sync's ReadyForQuery lazily. On
 * CrateDB 6.4.3 the ReadyForQuery waits for the execution in flight
 * (Session.sync), while the messages sent behind the Sync are answered at
 * once (PostgresWireProtocol.handleSync): the Z can come after the next
 * request's whole answer. Seen on a real node: CloseComplete, ParseComplete,
 * ..., CommandComplete "SELECT 0", and only then the earlier Sync's Z. A
 * client that pipelines its next request behind the Sync then takes that
 * answer for the tail of the finished request and waits forever.
 *
 * A fake CrateDB on a socketpair plays it: it holds the Z of a Sync back
 * until it has answered the next request (or HOLD_MS passed without one).
 * The driver must read the Z before sending anything else, so the second
 * request gets its own answer.
 */
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

#define HOLD_MS 300

typedef struct fake {
    int fd;
    pthread_t th;
    int answered;           /* Executes answered */
    int overtaken;          /* Syncs whose Z went out after a later answer */
} fake;

/* The next frontend message's type, its body skipped; 0 at EOF, -1 when
 * nothing arrives within ms (ms < 0: wait as long as it takes). */
static int next_msg(int fd, int ms)
{
    if (ms >= 0) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, ms) == 0)
            return -1;
    }
    unsigned char head[5], body[4096];
    if (!unit_read_full(fd, head, 5))
        return 0;
    size_t n = ((size_t)head[1] << 24 | (size_t)head[2] << 16 | (size_t)head[3] << 8 | head[4]) - 4;
    if (n > sizeof body || !unit_read_full(fd, body, n))
        return 0;
    return head[0];
}

/* Answers one Execute of a one-row, one-column result whose value is the
 * number of Executes answered so far ("1", "2", ...). */
static void answer_execute(fake *f)
{
    static const unsigned char desc[] = { 0, 1, 'n', 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0 };
    char value = (char)('1' + f->answered++);
    unsigned char row[] = { 0, 1, 0, 0, 0, 1, (unsigned char)value };
    unit_send_msg(f->fd, 'T', desc, sizeof desc);
    unit_send_msg(f->fd, 'D', row, sizeof row);
    unit_send_msg(f->fd, 'C', "SELECT 1", 9);
}

/* CrateDB's order: a Sync's Z waits until the next request was answered
 * (its Execute, up to the Flush), or until HOLD_MS pass in silence. */
static void *serve(void *arg)
{
    fake *f = arg;
    int held = 0;           /* Zs owed for Syncs already read */
    for (;;) {
        int t = next_msg(f->fd, held ? HOLD_MS : -1);
        if (t == -1) {      /* nothing behind the Sync: the Z goes out now */
            for (; held > 0; held--)
                unit_send_msg(f->fd, 'Z', "I", 1);
            continue;
        }
        if (t == 0 || t == 'X')
            break;
        switch (t) {
        case 'P': unit_send_msg(f->fd, '1', "", 0); break;
        case 'B': unit_send_msg(f->fd, '2', "", 0); break;
        case 'C': unit_send_msg(f->fd, '3', "", 0); break;
        case 'D': break;    /* the RowDescription goes out with the Execute */
        case 'E': answer_execute(f); break;
        case 'S': held++; break;
        case 'H':
            if (held > 0)
                f->overtaken++;
            for (; held > 0; held--)
                unit_send_msg(f->fd, 'Z', "I", 1);
            break;
        default: break;
        }
    }
    return NULL;
}

static pgw_status run_query(pgw_conn *c, const char *name, pgw_result *r)
{
    pgw_exec_req req = {0};
    req.sql = "SELECT n FROM t";
    req.stmt_name = name;
    req.portal = name;
    req.max_rows = 1000;     /* Execute + Flush, then the late Sync */
    return pgw_exec(c, &req, r);
}

static void test_late_ready_for_query(void)
{
    fake f = {0};
    pgw_conn *c = unit_fake_conn(&f.fd, true);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&f.th, NULL, serve, &f), 0);
    pgw_result r;
    pgw_result_init(&r);
    for (int i = 1; i <= 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        CU_ASSERT_EQUAL(run_query(c, name, &r), PGW_OK);
        CU_ASSERT_EQUAL_FATAL(r.nrows, 1u);
        pgw_value v = pgw_result_value(&r, 0, 0);
        CU_ASSERT_EQUAL(v.len, 1);
        CU_ASSERT_EQUAL(v.ptr[0], (char)('0' + i));   /* this request's own row */
    }
    pgw_result_clear(&r);
    pgw_conn_free(c);        /* closes the client's end: the fake sees EOF */
    pthread_join(f.th, NULL);
    close(f.fd);
    CU_ASSERT_EQUAL(f.answered, 3);
    CU_ASSERT_EQUAL(f.overtaken, 0);   /* no request went out before the late Z */
}

void register_late_sync_tests(void)
{
    CU_pSuite s = CU_add_suite("late ReadyForQuery (fake CrateDB)", NULL, NULL);
    CU_add_test(s, "the next request waits for the late Sync's Z", test_late_ready_for_query);
}
