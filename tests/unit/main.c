/* main.c: runs every unit-test suite (no server needed) and prints CUnit's summary. */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "unit.h"

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    register_codec_tests();
    register_log_tests();
    register_batch_tests();
    register_readahead_tests();
    register_late_sync_tests();
    register_stream_cursor_tests();
    register_cancel_tests();
    register_setup_tests();
    register_scram_tests();
    register_connstr_tests();
    register_unicode_tests();
    register_sqlscan_tests();
    register_escapes_tests();
    register_convert_tests();
    register_driver_sql_tests();
    register_param_convert_tests();
    register_sqlsplit_tests();
    register_array_results_tests();
    register_keywords_tests();
    register_tls_negotiation_tests();
    register_decoders_tests();
    register_hostile_server_tests();
    register_api_hostile_tests();
    register_foreign_msgs_tests();
    register_txn_tests();
    register_hosts_tests();
    register_liveness_tests();
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return (failed == 0 && run > 0) ? 0 : 1;
}
