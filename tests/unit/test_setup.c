/*
 * test_setup.c: the setup library (cratedbodbcS.so, built next to the driver)
 * as unixODBC's configuration tools load it: ODBCINSTGetProperties appends
 * one property per DSN keyword. Each name must be a keyword the driver
 * reads (a misspelt one would be written to odbc.ini and silently ignored),
 * each default must parse, and each list box must end with NULL and offer
 * its default. ConfigDSN through the driver manager is in the integration
 * tests (test_connect.c).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <odbcinstext.h>

#include "drv.h"
#include "unit.h"

typedef int (*get_properties_fn)(HODBCINSTPROPERTY);

static void free_properties(HODBCINSTPROPERTY p)
{
    while (p) {
        HODBCINSTPROPERTY next = p->pNext;
        free(p->aPromptData);   /* the array is unixODBC's to free, its strings are static */
        free(p->pszHelp);
        free(p);
        p = next;
    }
}

static void test_properties(void)
{
    void *lib = dlopen(SETUP_LIB, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "\n    dlopen(%s): %s\n", SETUP_LIB, dlerror());
        CU_FAIL_FATAL("the setup library does not load");
    }
    get_properties_fn get = (get_properties_fn)dlsym(lib, "ODBCINSTGetProperties");
    CU_ASSERT_PTR_NOT_NULL_FATAL(get);
    /* unixODBC hands over its list with the Name and Driver entries in it */
    HODBCINSTPROPERTY head = calloc(1, sizeof *head);
    CU_ASSERT_PTR_NOT_NULL_FATAL(head);
    snprintf(head->szName, sizeof head->szName, "Name");
    CU_ASSERT_EQUAL(get(head), ODBCINST_SUCCESS);
    int n = 0;
    bool server = false, sslmode = false;
    for (HODBCINSTPROPERTY p = head->pNext; p; p = p->pNext, n++) {
        if (!drv_connstr_is_keyword(p->szName)) {
            fprintf(stderr, "\n    property %s is no driver keyword\n", p->szName);
            CU_FAIL("a property the driver does not read");
        }
        server = server || strcasecmp(p->szName, "Server") == 0;
        sslmode = sslmode || strcasecmp(p->szName, "SSLMode") == 0;
        /* its default parses as that keyword */
        char cs[sizeof p->szName + sizeof p->szValue + 8], err[200];
        snprintf(cs, sizeof cs, "%s={%s}", p->szName, p->szValue);
        drv_conn_opts o;
        memset(&o, 0, sizeof o);
        CU_ASSERT(drv_connstr_parse(cs, strlen(cs), &o, err, sizeof err));
        drv_conn_opts_free(&o);
        CU_ASSERT_PTR_NOT_NULL(p->pszHelp);
        if (p->nPromptType == ODBCINST_PROMPTTYPE_LISTBOX ||
            p->nPromptType == ODBCINST_PROMPTTYPE_COMBOBOX) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(p->aPromptData);
            bool offered = false;
            int k = 0;
            for (; k < 32 && p->aPromptData[k]; k++)
                offered = offered || strcmp(p->aPromptData[k], p->szValue) == 0;
            CU_ASSERT(k < 32);          /* NULL-terminated */
            if (!offered)
                fprintf(stderr, "\n    %s: default '%s' is not offered\n", p->szName,
                        p->szValue);
            CU_ASSERT(offered);
        }
    }
    CU_ASSERT(n >= 15);
    CU_ASSERT(server && sslmode);
    free_properties(head);
    dlclose(lib);
}

void register_setup_tests(void)
{
    CU_pSuite s = CU_add_suite("setup library", NULL, NULL);
    CU_add_test(s, "ODBCINSTGetProperties: driver keywords, defaults, list boxes",
                test_properties);
}
