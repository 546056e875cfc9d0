/*
 * main.c: runs the integration suites against the server tests/run.sh started.
 *
 *   integration_tests            every suite but faults (test_faults.c: run it by name)
 *                                and the cluster suites
 *   integration_tests cluster    every cluster suite (three servers: itest.h, "Several servers")
 *   integration_tests SUITE      one suite, by its name without the profile ("query")
 *   integration_tests SUITE TEST one test of that suite
 *
 * Exit status: 0 when every test passed, 1 when one failed, 2 on a set-up error.
 */
#include <CUnit/Basic.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

static CU_pSuite find_suite(const char *name)
{
    char full[128];
    snprintf(full, sizeof full, "%s [%s]", name, itest_cfg.profile);
    return CU_get_suite(full);
}

static void itest_register_all(void)
{
    itest_register_connect();
    itest_register_query();
    itest_register_unicode();
    itest_register_types();
    itest_register_crate_types();
    itest_register_profile();
    itest_register_functions();
    itest_register_catalog();
    itest_register_params();
    itest_register_param_matrix();
    itest_register_param_arrays();
    itest_register_desc();
    itest_register_cursors();
    itest_register_cursor_names();
    itest_register_setpos();
    itest_register_streaming();
    itest_register_pipeline();
    itest_register_escapes();
    itest_register_tls();
    itest_register_metadata_agree();
    itest_register_txn();
    itest_register_param_escapes();
    itest_register_interval_precision();
    itest_register_log();
}

/* The suites of the three-server set-up (ITEST_CLUSTER_DIR). */
static void itest_register_cluster(void)
{
    itest_register_cluster_rig();
    itest_register_cluster_lb();
    itest_register_cluster_failover();
}

int main(int argc, char **argv)
{
    /* Like any Unicode application (isql does the same): unixODBC converts diagnostics
     * between the driver's ANSI and W forms with the locale's codeset (nl_langinfo), which
     * is ASCII until the program adopts its locale. tests/run.sh runs us in C.UTF-8. */
    setlocale(LC_ALL, "");
    itest_config_load();
    fprintf(stderr, "integration tests: profile=%s dsn=%s driver=%s port=%s\n", itest_cfg.profile,
            itest_cfg.dsn, itest_cfg.driver, itest_cfg.port ? itest_cfg.port : "(unset)");

    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &itest_env)) ||
        !SQL_SUCCEEDED(SQLSetEnvAttr(itest_env, SQL_ATTR_ODBC_VERSION,
                                     (SQLPOINTER)(uintptr_t)SQL_OV_ODBC3_80, 0))) {
        fprintf(stderr, "cannot allocate an ODBC 3.80 environment\n");
        return 2;
    }
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    /* the cluster suites stop and pause servers of their own set-up: only when asked,
     * all of them ("cluster") or one ("cluster_rig") */
    bool cluster = argc >= 2 && strncmp(argv[1], "cluster", 7) == 0;
    if (cluster)
        itest_register_cluster();
    else
        itest_register_all();
    if (argc == 2 && strcmp(argv[1], "cluster") == 0)
        argc = 1;
    /* faults waits out timeouts and restarts the server: only when named */
    if (argc >= 2 && strcmp(argv[1], "faults") == 0)
        itest_register_faults();

    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_ErrorCode err = CUE_SUCCESS;
    if (argc >= 2) {
        CU_pSuite s = find_suite(argv[1]);
        if (s == NULL) {
            fprintf(stderr, "no suite named '%s'\n", argv[1]);
            return 2;
        }
        if (argc >= 3) {
            CU_pTest t = CU_get_test(s, argv[2]);
            if (t == NULL) {
                fprintf(stderr, "no test '%s' in suite '%s'\n", argv[2], argv[1]);
                return 2;
            }
            err = CU_basic_run_test(s, t);
        } else {
            err = CU_basic_run_suite(s);
        }
    } else {
        err = CU_basic_run_tests();
    }
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    itest_print_not_applicable();
    CU_cleanup_registry();
    SQLFreeHandle(SQL_HANDLE_ENV, itest_env);
    if (err != CUE_SUCCESS)
        return 2;
    return (failed == 0 && run > 0) ? 0 : 1;
}
