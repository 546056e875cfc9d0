/*
 * test_driver_sql.c: the CrateDB profile of the driver's own SQL. Every statement in
 * driver_sql.c is checked against what /work/shared/cratedb/FACTS.md lists for CrateDB:
 * each relation it names must be one of the information_schema tables of FACTS §5.3 (or a
 * pg_catalog relation of §5.1), each column one that FACTS lists for the relations the
 * statement uses, each function call one of §5.2, and the syntax must avoid what §5.4 and
 * §7 rule out (OPERATOR(), pg_trigger). A deliberately bad statement shows the checker
 * rejects a PostgreSQL-only relation, function and column.
 *
 * Also here: the data_type mapping of catalog_types.c on CrateDB's own type names (FACTS
 * §5.3), which the PostgreSQL test server cannot produce, and cat_like.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "catalog_int.h"
#include "driver_sql.h"
#include "unit.h"

/* FACTS §5.3: information_schema relations and their columns, as listed there. */
static const struct relation {
    const char *name;
    const char *columns;   /* space-separated */
} allowed[] = {
    {"information_schema.tables",
     "table_schema table_name table_catalog table_type number_of_shards number_of_replicas "
     "clustered_by partitioned_by blobs_path column_policy routing_hash_function closed "
     "reference_generation self_referencing_column_name settings"},
    {"information_schema.columns",
     "table_schema table_name table_catalog column_name ordinal_position data_type "
     "is_generated is_nullable generation_expression column_default character_maximum_length "
     "character_octet_length numeric_precision numeric_precision_radix numeric_scale "
     "datetime_precision udt_catalog udt_schema udt_name is_identity check_references "
     "check_action column_details"},
    {"information_schema.schemata", "schema_name catalog_name"},
    {"information_schema.table_constraints",
     "constraint_schema constraint_name constraint_catalog table_catalog table_schema "
     "table_name constraint_type is_deferrable initially_deferred"},
    {"information_schema.key_column_usage",
     "constraint_catalog constraint_schema constraint_name table_catalog table_schema "
     "table_name column_name ordinal_position"},
    {"information_schema.routines",
     "routine_name routine_type routine_schema specific_name routine_body routine_definition "
     "data_type is_deterministic"},
    {"information_schema.views",
     "table_catalog table_schema table_name view_definition check_option is_updatable owner"},
    /* not in FACTS: the columns of sys.nodes as CrateDB 6.4.3 lists them in
     * information_schema.columns (top level; port is an object with http, psql and
     * transport), read on the real server for DiscoverNodes */
    {"sys.nodes",
     "id name hostname rest_url port attributes cluster_state_version connections fs heap "
     "is_master load mem os os_info process roles thread_pools version"},
    /* "standard columns" (FACTS §5.3, 6.0+): SQL's role_table_grants */
    {"information_schema.role_table_grants",
     "grantor grantee table_catalog table_schema table_name privilege_type is_grantable "
     "with_hierarchy"},
    /* FACTS §5.1, the columns the row-version probe joins on (CrateDB has these as
     * PostgreSQL does; other columns of these relations differ and are not listed) */
    {"pg_catalog.pg_attribute", "attrelid attname atttypid attnum"},
    {"pg_catalog.pg_class", "oid relname relnamespace relkind"},
    {"pg_catalog.pg_namespace", "oid nspname"},
};
/* FACTS §5.2: functions a driver may call. */
static const char *const allowed_functions[] = {"current_schema", "current_database",
                                                "format_type", "version", "count", NULL};
/* SQL words the statements use that are neither relations nor columns. */
static const char *const keywords[] = {"select", "from", "where", "and", "or", "like", "join",
                                       "on", "in", "not", "as", "null", "is", "order", "by",
                                       NULL};

static bool in_list(const char *const *list, const char *w)
{
    for (; *list; list++)
        if (strcmp(*list, w) == 0)
            return true;
    return false;
}

static bool word_in(const char *spaced, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = spaced; (p = strstr(p, w)) != NULL; p += n)
        if ((p == spaced || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Reads identifiers of sql in order into words[] (lower case), marking which are followed
 * by '(' or preceded by '.'. String literals and $n are skipped. */
typedef struct word {
    char text[64];
    bool call, qualified_next;
} word;

static int tokenize(const char *sql, word *w, int max)
{
    int n = 0;
    for (const char *p = sql; *p && n < max;) {
        if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                ;
            if (*p)
                p++;
        } else if (*p == '$') {
            for (p++; isdigit((unsigned char)*p); p++)
                ;
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            size_t k = 0;
            while ((isalnum((unsigned char)*p) || *p == '_') && k < 63)
                w[n].text[k++] = (char)tolower((unsigned char)*p++);
            w[n].text[k] = '\0';
            const char *q = p;
            while (*q == ' ')
                q++;
            w[n].call = *q == '(';
            w[n].qualified_next = *q == '.';
            n++;
        } else
            p++;
    }
    return n;
}

/*
 * NULL when sql only uses what FACTS lists for CrateDB; otherwise why not (into why).
 * Relations are schema.name pairs; an identifier right after a relation (or after AS) is an
 * alias; alias.column and bare columns must belong to a relation the statement uses.
 */
static const char *check_sql(const char *sql, char *why, size_t whylen)
{
    word w[256];
    int n = tokenize(sql, w, 256);
    const struct relation *used[8];
    int nused = 0;
    char aliases[8][64];
    int naliases = 0;
    if (strstr(sql, "OPERATOR(") || strstr(sql, "operator("))
        return "OPERATOR() syntax (FACTS §7 item 4)";
    /* pass 1: relations and aliases */
    for (int i = 0; i < n; i++) {
        if (!w[i].qualified_next || i + 1 >= n)
            continue;
        if (strcmp(w[i].text, "information_schema") != 0 && strcmp(w[i].text, "pg_catalog") != 0 &&
            strcmp(w[i].text, "sys") != 0)
            continue;
        char full[140];
        snprintf(full, sizeof full, "%s.%s", w[i].text, w[i + 1].text);
        const struct relation *r = NULL;
        for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
            if (strcmp(allowed[k].name, full) == 0)
                r = &allowed[k];
        if (!r) {
            snprintf(why, whylen, "relation %s is not in FACTS §5.1/§5.3", full);
            return why;
        }
        if (nused < 8)
            used[nused++] = r;
        int a = i + 2;
        if (a < n && strcmp(w[a].text, "as") == 0)
            a++;
        if (a < n && !in_list(keywords, w[a].text) && naliases < 8)
            snprintf(aliases[naliases++], 64, "%s", w[a].text);
        i++;
    }
    /* pass 2: everything else */
    for (int i = 0; i < n; i++) {
        const char *t = w[i].text;
        if (strcmp(t, "information_schema") == 0 || strcmp(t, "pg_catalog") == 0 ||
            strcmp(t, "sys") == 0) {
            i++;   /* the relation, checked above */
            continue;
        }
        if (w[i].call) {
            if (!in_list(keywords, t) && !in_list(allowed_functions, t)) {
                snprintf(why, whylen, "function %s() is not in FACTS §5.2", t);
                return why;
            }
            continue;
        }
        if (in_list(keywords, t))
            continue;
        bool alias = false;
        for (int k = 0; k < naliases; k++)
            alias |= strcmp(aliases[k], t) == 0;
        if (alias)
            continue;
        bool column = false;
        for (int k = 0; k < nused; k++)
            column |= word_in(used[k]->columns, t);
        if (!column) {
            snprintf(why, whylen, "column %s is not listed for the relations used (FACTS §5.3)",
                     t);
            return why;
        }
    }
    return NULL;
}

/* The columns of a statement's select list: its commas before " FROM", plus
 * one (none of the statements calls a function with arguments there). */
static int select_list_columns(const char *sql)
{
    const char *from = strstr(sql, " FROM ");
    int n = 1;
    for (const char *p = sql; from && p < from; p++)
        n += *p == ',';
    return from ? n : -1;
}

/* catalog.c rejects a reply with fewer columns than DRV_SQL_x_COLS: each
 * count must be what its statement selects. */
static void test_driver_sql_column_counts(void)
{
    size_t n;
    const drv_sql_entry *e = drv_sql_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (select_list_columns(e[i].sql) != e[i].ncols)
            fprintf(stderr, "%s: selects %d columns, its count says %d\n", e[i].name,
                    select_list_columns(e[i].sql), e[i].ncols);
        CU_ASSERT_EQUAL(select_list_columns(e[i].sql), e[i].ncols);
    }
}

static void test_driver_sql_is_cratedb_sql(void)
{
    size_t n;
    const drv_sql_entry *e = drv_sql_all(&n);
    CU_ASSERT(n >= 7);
    for (size_t i = 0; i < n; i++) {
        char why[200];
        const char *bad = check_sql(e[i].sql, why, sizeof why);
        if (bad)
            fprintf(stderr, "%s: %s\n", e[i].name, bad);
        CU_ASSERT_PTR_NULL(bad);
        CU_ASSERT_PTR_NULL(strstr(e[i].sql, "?"));   /* parameters are $n, bound */
    }
}

/* The checker can fail: PostgreSQL-only relations, functions and columns are rejected. */
static void test_checker_rejects_postgresql_only(void)
{
    char why[200];
    char bad[1024];
    /* DRV_SQL_TABLES with a PostgreSQL-only relation joined in (FACTS §5.1: absent) */
    snprintf(bad, sizeof bad, "%s AND EXISTS (SELECT 1 FROM pg_catalog.pg_trigger)",
             DRV_SQL_TABLES);
    CU_ASSERT_PTR_NOT_NULL(check_sql(bad, why, sizeof why));
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "pg_trigger"));
    snprintf(bad, sizeof bad, "%s", "SELECT specific_name FROM information_schema.parameters");
    CU_ASSERT_PTR_NOT_NULL(check_sql(bad, why, sizeof why));
    /* a PostgreSQL-only column of a relation CrateDB has */
    CU_ASSERT_PTR_NOT_NULL(check_sql("SELECT routine_catalog FROM information_schema.routines",
                                     why, sizeof why));
    /* a function CrateDB lacks (FACTS §5.2 "Missing") */
    CU_ASSERT_PTR_NOT_NULL(check_sql("SELECT pg_get_viewdef(table_name) FROM "
                                     "information_schema.views", why, sizeof why));
    CU_ASSERT_PTR_NOT_NULL(check_sql("SELECT 1 FROM information_schema.tables t WHERE "
                                     "t.table_name OPERATOR(pg_catalog.=) $1", why, sizeof why));
    /* sys: only the relations and columns checked on CrateDB */
    CU_ASSERT_PTR_NOT_NULL(check_sql("SELECT psql_port FROM sys.nodes", why, sizeof why));
    CU_ASSERT_PTR_NOT_NULL(check_sql("SELECT id FROM sys.no_such_table", why, sizeof why));
    /* and accepts a good one */
    CU_ASSERT_PTR_NULL(check_sql("SELECT t.table_name FROM information_schema.tables t", why,
                                 sizeof why));
}

/* CrateDB's data_type names (FACTS §5.3) map to the right SQL types. */
static void test_cratedb_type_names(void)
{
    static const struct {
        const char *name;
        SQLSMALLINT sql;
        const char *row;
    } cases[] = {
        {"text", SQL_VARCHAR, "text"},          {"integer", SQL_INTEGER, "integer"},
        {"byte", SQL_TINYINT, "byte"},          {"double precision", SQL_DOUBLE, NULL},
        {"timestamp with time zone", SQL_TYPE_TIMESTAMP, NULL},
        {"object", SQL_VARCHAR, "object"},      {"integer_array", SQL_VARCHAR, "array"},
        {"object_array", SQL_VARCHAR, "array"}, {"integer_array_array", SQL_VARCHAR, "array"},
        {"geo_point", SQL_VARCHAR, NULL},       {"geo_shape", SQL_VARCHAR, NULL},
        {"ip", SQL_VARCHAR, NULL},              {"uuid", SQL_GUID, NULL},
        {"bit", SQL_VARCHAR, NULL},             {"float_vector", SQL_VARCHAR, NULL},
        {"character", SQL_CHAR, NULL},          {"numeric", SQL_NUMERIC, NULL},
        {"date", SQL_TYPE_DATE, NULL},          {"boolean", SQL_BIT, NULL},
        /* PostgreSQL's spellings, for the test server */
        {"character varying", SQL_VARCHAR, "varchar"}, {"_int4", SQL_VARCHAR, "array"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const cat_type *t = cat_type_by_name(cases[i].name, strlen(cases[i].name));
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        /* the SQL type is the wire type's, as CrateDB presents it */
        CU_ASSERT_EQUAL(drv_type_lookup_col(t->oid, -1, true)->sql_type, cases[i].sql);
        if (cases[i].row)
            CU_ASSERT_STRING_EQUAL(t->name, cases[i].row);
    }
    CU_ASSERT_PTR_NULL(cat_type_by_name("no_such_type", 12));
    /* GetTypeInfo order: DATA_TYPE ascending */
    size_t n;
    const cat_type *all = cat_type_table(&n);
    for (size_t i = 1; i < n; i++)
        CU_ASSERT(drv_type_lookup_col(all[i - 1].oid, -1, true)->sql_type <=
                  drv_type_lookup_col(all[i].oid, -1, true)->sql_type);
}

static void test_like(void)
{
    CU_ASSERT(cat_like("%", ""));
    CU_ASSERT(cat_like("crate", "crate"));
    CU_ASSERT(cat_like("cr_te", "crate"));
    CU_ASSERT(cat_like("c%e", "crate"));
    CU_ASSERT(!cat_like("c\\_ate", "crate"));
    CU_ASSERT(cat_like("c\\_ate", "c_ate"));
    CU_ASSERT(!cat_like("crat", "crate"));
    CU_ASSERT(cat_like("RETURN\\_VALUE", "RETURN_VALUE"));
}

void register_driver_sql_tests(void)
{
    CU_pSuite s = CU_add_suite("driver_sql", NULL, NULL);
    CU_add_test(s, "driver SQL uses only CrateDB relations", test_driver_sql_is_cratedb_sql);
    CU_add_test(s, "each statement's column count matches its select list",
                test_driver_sql_column_counts);
    CU_add_test(s, "checker rejects PostgreSQL-only SQL", test_checker_rejects_postgresql_only);
    CU_add_test(s, "CrateDB type names", test_cratedb_type_names);
    CU_add_test(s, "catalog LIKE", test_like);
}
