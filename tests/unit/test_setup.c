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
#include "dsn_form.h"
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

/* The data source dialog's fields (setup/dsn_form.c) are the driver's
 * keywords, each alias names the same option as its field's key (a
 * misspelt one would prefill nothing and be written where the driver does
 * not look), and every SSLMode choice parses. */
static void test_dialog_fields(void)
{
    for (int i = DSN_F_SERVER; i < DSN_NFIELDS; i++) {
        const char *names[4] = {dsn_fields[i].key};
        memcpy(names + 1, dsn_fields[i].aliases, sizeof dsn_fields[i].aliases);
        char *want = NULL;
        for (const char *const *n = names; *n != NULL; n++) {
            CU_ASSERT(drv_connstr_is_keyword(*n));
            CU_ASSERT_EQUAL(dsn_field_of(*n, strlen(*n)), i);
            char cs[64], err[100];
            snprintf(cs, sizeof cs, "%s=v", *n);
            drv_conn_opts o;
            memset(&o, 0, sizeof o);
            CU_ASSERT_FATAL(drv_connstr_parse(cs, strlen(cs), &o, err, sizeof err));
            char *got = drv_connstr_build(&o);
            CU_ASSERT_PTR_NOT_NULL_FATAL(got);
            if (want == NULL)
                want = got;
            else {
                if (strcmp(got, want) != 0)
                    fprintf(stderr, "\n    %s sets %s, %s sets %s\n", *n, got, names[0], want);
                CU_ASSERT_STRING_EQUAL(got, want);
                free(got);
            }
            drv_conn_opts_free(&o);
        }
        free(want);
    }
    CU_ASSERT_EQUAL(dsn_field_of("Password", 8), DSN_F_PWD);
    CU_ASSERT_EQUAL(dsn_field_of("LoginTimeout", 12), -1);
    int n = 0;
    for (const char *const *m = dsn_ssl_modes; *m != NULL; m++, n++) {
        pgw_ssl_mode mode;
        CU_ASSERT(pgw_ssl_mode_parse(*m, &mode));
    }
    CU_ASSERT_EQUAL(n, 6);
}

/* SQLDriverConnect's prompting decisions (driver/prompt.c), and that this
 * platform has no dialog: the options stay as they were. */
static void test_prompt_logic(void)
{
    drv_conn_opts o;
    memset(&o, 0, sizeof o);
    unsigned server = DSN_FIELD_BIT(DSN_F_SERVER) | DSN_FIELD_BIT(DSN_F_PORT);
    unsigned login = DSN_FIELD_BIT(DSN_F_UID) | DSN_FIELD_BIT(DSN_F_PWD);
    CU_ASSERT_EQUAL(drv_prompt_missing(&o), server);
    o.server = strdup("db.example");
    CU_ASSERT_EQUAL(drv_prompt_missing(&o), 0);

    drv_hdr h = {.kind = DRV_DBC};
    drv_error(&h, "08001", "could not connect");
    CU_ASSERT_EQUAL(drv_prompt_fixable(&h, &o), 0);
    drv_diag_clear(&h);
    drv_error(&h, "01S00", "Invalid FetchSize value 'x'; using 1000");
    drv_error(&h, "28000", "password required");
    CU_ASSERT_EQUAL(drv_prompt_fixable(&h, &o), login);
    o.pwd = strdup("given");
    CU_ASSERT_EQUAL(drv_prompt_fixable(&h, &o), 0);   /* a wrong password is an error */
    drv_diag_clear(&h);

    CU_ASSERT_EQUAL(drv_prompt_editable(SQL_DRIVER_COMPLETE_REQUIRED, login), login);
    unsigned all = drv_prompt_editable(SQL_DRIVER_COMPLETE, login);
    CU_ASSERT_EQUAL(all & (server | login), server | login);
    CU_ASSERT_EQUAL(all & DSN_FIELD_BIT(DSN_F_NAME), 0);
    CU_ASSERT_EQUAL(drv_prompt_editable(SQL_DRIVER_PROMPT, 0), all);

    int window = 1;   /* any non-NULL handle: there is no dialog to show here */
    CU_ASSERT_EQUAL(drv_prompt(&h, (SQLHWND)&window, &o, all, NULL), DRV_PROMPT_NO_UI);
    CU_ASSERT_STRING_EQUAL(o.server, "db.example");
    CU_ASSERT_STRING_EQUAL(o.pwd, "given");
    CU_ASSERT_EQUAL(h.diag.count, 0);
    drv_conn_opts_free(&o);
}

void register_setup_tests(void)
{
    CU_pSuite d = CU_add_suite("data source dialog (portable part)", NULL, NULL);
    CU_add_test(d, "field table: driver keywords and aliases, SSLMode choices",
                test_dialog_fields);
    CU_add_test(d, "prompting: what is missing, what may be edited, no UI here",
                test_prompt_logic);

    CU_pSuite s = CU_add_suite("setup library", NULL, NULL);
    CU_add_test(s, "ODBCINSTGetProperties: driver keywords, defaults, list boxes",
                test_properties);
}
