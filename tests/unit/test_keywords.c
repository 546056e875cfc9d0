/* test_keywords.c: driver/keywords.c, the SQLGetInfo(SQL_KEYWORDS) list
 * (CrateDB's reserved words minus ODBC's), checked against unixODBC's own
 * SQL_ODBC_KEYWORDS as an independent copy of the ODBC list. */
#include <sql.h>
#include <sqlext.h>
#include <string.h>

#include "keywords.h"
#include "unit.h"

/* True when `word` is one whole item of the comma-separated `list`. */
static bool list_has(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return true;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return false;
}

/* Every word of unixODBC's SQL_ODBC_KEYWORDS is in the driver's ODBC table
 * (so the table is sorted well enough for bsearch to find each), and none of
 * them is in the SQL_KEYWORDS answer. unixODBC 2.3.11 glues ROWS and SCHEMA
 * together ("ROWSSCHEMA"); those two are checked by name. */
static void test_odbc_words_left_out(void)
{
    const char *kw = drv_sql_keywords();
    const char *p = SQL_ODBC_KEYWORDS;
    int words = 0;
    while (*p) {
        char w[32];
        size_t len = strcspn(p, ",");
        CU_ASSERT_FATAL(len < sizeof w);
        memcpy(w, p, len);
        w[len] = '\0';
        p += len + (p[len] == ',');
        words++;
        if (strcmp(w, "ROWSSCHEMA") == 0)
            continue;
        CU_ASSERT_TRUE(drv_keyword_is_odbc(w));
        CU_ASSERT_FALSE(list_has(kw, w));
    }
    CU_ASSERT(words > 200);
    CU_ASSERT_TRUE(drv_keyword_is_odbc("ROWS"));
    CU_ASSERT_TRUE(drv_keyword_is_odbc("SCHEMA"));
    CU_ASSERT_TRUE(drv_keyword_is_odbc("ABSOLUTE"));   /* first of the table */
    CU_ASSERT_TRUE(drv_keyword_is_odbc("ZONE"));       /* last of the table */
    CU_ASSERT_FALSE(drv_keyword_is_odbc("ARRAY"));
    CU_ASSERT_FALSE(drv_keyword_is_odbc("select"));    /* exact, upper case only */
    CU_ASSERT_FALSE(drv_keyword_is_odbc(""));
}

/* The answer: CrateDB-only words present, ascending, no empty item, no blank. */
static void test_crate_words_listed(void)
{
    const char *kw = drv_sql_keywords();
    CU_ASSERT_PTR_EQUAL(kw, drv_sql_keywords()); /* built once */
    static const char *const crate_only[] = {
        "ARRAY", "CURRENT_CATALOG", "CURRENT_ROLE", "IF", "LIMIT", "NULLS",
        "OBJECT", "OFFSET", "RECURSIVE", "RETURNS", "TRY_CAST", "UNBOUNDED",
    };
    for (size_t i = 0; i < sizeof crate_only / sizeof crate_only[0]; i++)
        CU_ASSERT_TRUE(list_has(kw, crate_only[i]));
    /* CrateDB reserves these too, but so does ODBC */
    CU_ASSERT_FALSE(list_has(kw, "SELECT"));
    CU_ASSERT_FALSE(list_has(kw, "FROM"));
    CU_ASSERT_FALSE(list_has(kw, "CURRENT_USER"));
    /* not reserved in CrateDB at all */
    CU_ASSERT_FALSE(list_has(kw, "CURRENT_SCHEMA"));

    CU_ASSERT(kw[0] != '\0' && kw[0] != ',');
    CU_ASSERT(kw[strlen(kw) - 1] != ',');
    CU_ASSERT_PTR_NULL(strstr(kw, ",,"));
    CU_ASSERT_PTR_NULL(strchr(kw, ' '));
    int items = 1;
    for (const char *p = kw, *next; (next = strchr(p, ',')) != NULL; p = next + 1) {
        const char *after = next + 1;
        size_t a = (size_t)(next - p);
        size_t b = strcspn(after, ",");
        int c = strncmp(p, after, a < b ? a : b);
        CU_ASSERT(c < 0 || (c == 0 && a < b)); /* strictly ascending */
        items++;
    }
    CU_ASSERT_EQUAL(items, 21); /* 96 CrateDB words, 75 of them ODBC's */
}

void register_keywords_tests(void)
{
    CU_pSuite s = CU_add_suite("keywords", NULL, NULL);
    CU_add_test(s, "ODBC's own keywords are left out", test_odbc_words_left_out);
    CU_add_test(s, "CrateDB-only reserved words are listed", test_crate_words_listed);
}
