/* unit.h: each unit-test file registers its CUnit suite through one function. */
#ifndef UNIT_H
#define UNIT_H
#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stddef.h>

/* A connected pgw_conn whose server is the other end of a socketpair, given
 * in *peer (blocking; the client's end is non-blocking with a 2 s I/O
 * timeout). test_batch.c; pgw_conn_free closes the client's end. */
struct pgw_conn *unit_fake_conn(int *peer, bool cratedb);

/* The fake peer's side (test_batch.c): unit_send_msg writes one backend
 * message (type, n bytes of body) to fd, false when the client is gone;
 * unit_read_full reads exactly n bytes, false at EOF or an error. */
bool unit_send_msg(int fd, char type, const void *body, size_t n);
bool unit_read_full(int fd, unsigned char *p, size_t n);

void register_codec_tests(void);    /* test_codec.c   */
void register_batch_tests(void);    /* test_batch.c   */
void register_setup_tests(void);    /* test_setup.c   */
void register_scram_tests(void);    /* test_scram.c   */
void register_connstr_tests(void);  /* test_connstr.c */
void register_unicode_tests(void);  /* test_unicode.c */
void register_sqlscan_tests(void);  /* test_sqlscan.c */
void register_escapes_tests(void);  /* test_escapes.c */
void register_convert_tests(void);  /* test_convert.c */
void register_driver_sql_tests(void); /* test_driver_sql.c */
void register_param_convert_tests(void); /* test_param_convert.c */
void register_sqlsplit_tests(void);       /* test_sqlsplit.c */
void register_array_results_tests(void);  /* test_array_results.c */
void register_keywords_tests(void);       /* test_keywords.c */
void register_tls_negotiation_tests(void); /* test_tls_negotiation.c */
void register_readahead_tests(void);       /* test_readahead.c */
void register_late_sync_tests(void);       /* test_late_sync.c */
void register_decoders_tests(void);        /* test_decoders.c */
void register_hostile_server_tests(void);  /* test_hostile_server.c */
void register_stream_cursor_tests(void);   /* test_stream_cursor.c */
void register_cancel_tests(void);          /* test_cancel.c */
void register_api_hostile_tests(void);     /* test_api_hostile.c */
void register_hosts_tests(void);           /* test_hosts.c */
void register_log_tests(void);             /* test_log.c */
void register_foreign_msgs_tests(void);    /* test_foreign_msgs.c */
void register_txn_tests(void);             /* test_txn.c */
void register_liveness_tests(void);        /* test_liveness.c */

#endif
