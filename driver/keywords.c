/*
 * keywords.c: the word lists behind SQLGetInfo(SQL_KEYWORDS).
 *
 * SQL_KEYWORDS is "a comma-separated list of all data source-specific
 * keywords", leaving out the words ODBC itself reserves (an application
 * already avoids those). So the answer is CrateDB's reserved words minus
 * ODBC's reserved keywords, both kept here as sorted tables (strcmp order)
 * and subtracted once, on first use. Nothing else lives here: the info table
 * in info.c only points at drv_sql_keywords().
 *
 * The same answer is given on a PostgreSQL connection: the driver speaks
 * CrateDB's dialect, and the list says which words to quote in it.
 */
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "pgw_thread.h"

/* Longest word plus its NUL fits; a longer one fails to compile. */
#define KW_LEN 24

/* CrateDB's reserved words: the 96 words `pg_catalog.pg_get_keywords()`
 * reports with catcode 'R', as listed in crate/crate
 * docs/sql/general/lexical-structure.rst ("Key words and identifiers"), read
 * at commit 023a7ccf7f1e2b7bfb2dfafc8bcc7705cf6e1bd8 (file last changed in
 * a62ed7a41fb9b737ad5e089183f548738be747ff). The count matches
 * libs/sql-parser/src/test/java/io/crate/sql/IdentifiersTest.java
 * (test_number_of_keywords: 96), which guards against new reserved words. */
static const char crate_reserved[][KW_LEN] = {
    "ADD", "ALL", "ALTER", "AND", "ANY", "ARRAY", "AS", "ASC", "BETWEEN", "BY",
    "CALLED", "CASE", "CAST", "COLUMN", "CONSTRAINT", "COSTS", "CREATE", "CROSS",
    "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME",
    "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DELETE", "DENY", "DESC",
    "DESCRIBE", "DIRECTORY", "DISTINCT", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT",
    "EXISTS", "EXTRACT", "FALSE", "FIRST", "FOR", "FROM", "FULL", "FUNCTION", "GRANT",
    "GROUP", "HAVING", "IF", "IN", "INDEX", "INNER", "INPUT", "INSERT", "INTERSECT",
    "INTO", "IS", "JOIN", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "NATURAL", "NOT",
    "NULL", "NULLS", "OBJECT", "OFFSET", "ON", "OR", "ORDER", "OUTER", "PERSISTENT",
    "RECURSIVE", "RESET", "RETURNS", "REVOKE", "RIGHT", "SELECT", "SESSION_USER", "SET",
    "SOME", "STRATIFY", "TABLE", "THEN", "TRANSIENT", "TRUE", "TRY_CAST", "UNBOUNDED",
    "UNION", "UPDATE", "USER", "USING", "WHEN", "WHERE", "WITH",
};

/* ODBC's reserved keywords: ODBC Programmer's Reference, Appendix C "SQL
 * Grammar", "List of Reserved Keywords" (the SQL_ODBC_KEYWORDS #define).
 * unixODBC 2.3.11's SQL_ODBC_KEYWORDS misses the comma between ROWS and
 * SCHEMA, one reason this is a table of its own. */
static const char odbc_reserved[][KW_LEN] = {
    "ABSOLUTE", "ACTION", "ADA", "ADD", "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE",
    "AS", "ASC", "ASSERTION", "AT", "AUTHORIZATION", "AVG", "BEGIN", "BETWEEN", "BIT",
    "BIT_LENGTH", "BOTH", "BY", "CASCADE", "CASCADED", "CASE", "CAST", "CATALOG",
    "CHAR", "CHARACTER", "CHARACTER_LENGTH", "CHAR_LENGTH", "CHECK", "CLOSE",
    "COALESCE", "COLLATE", "COLLATION", "COLUMN", "COMMIT", "CONNECT", "CONNECTION",
    "CONSTRAINT", "CONSTRAINTS", "CONTINUE", "CONVERT", "CORRESPONDING", "COUNT",
    "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    "CURRENT_USER", "CURSOR", "DATE", "DAY", "DEALLOCATE", "DEC", "DECIMAL", "DECLARE",
    "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DESCRIBE", "DESCRIPTOR",
    "DIAGNOSTICS", "DISCONNECT", "DISTINCT", "DOMAIN", "DOUBLE", "DROP", "ELSE", "END",
    "END-EXEC", "ESCAPE", "EXCEPT", "EXCEPTION", "EXEC", "EXECUTE", "EXISTS",
    "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FIRST", "FLOAT", "FOR", "FOREIGN",
    "FORTRAN", "FOUND", "FROM", "FULL", "GET", "GLOBAL", "GO", "GOTO", "GRANT", "GROUP",
    "HAVING", "HOUR", "IDENTITY", "IMMEDIATE", "IN", "INCLUDE", "INDEX", "INDICATOR",
    "INITIALLY", "INNER", "INPUT", "INSENSITIVE", "INSERT", "INT", "INTEGER",
    "INTERSECT", "INTERVAL", "INTO", "IS", "ISOLATION", "JOIN", "KEY", "LANGUAGE",
    "LAST", "LEADING", "LEFT", "LEVEL", "LIKE", "LOCAL", "LOWER", "MATCH", "MAX", "MIN",
    "MINUTE", "MODULE", "MONTH", "NAMES", "NATIONAL", "NATURAL", "NCHAR", "NEXT", "NO",
    "NONE", "NOT", "NULL", "NULLIF", "NUMERIC", "OCTET_LENGTH", "OF", "ON", "ONLY",
    "OPEN", "OPTION", "OR", "ORDER", "OUTER", "OUTPUT", "OVERLAPS", "PAD", "PARTIAL",
    "PASCAL", "PLI", "POSITION", "PRECISION", "PREPARE", "PRESERVE", "PRIMARY", "PRIOR",
    "PRIVILEGES", "PROCEDURE", "PUBLIC", "READ", "REAL", "REFERENCES", "RELATIVE",
    "RESTRICT", "REVOKE", "RIGHT", "ROLLBACK", "ROWS", "SCHEMA", "SCROLL", "SECOND",
    "SECTION", "SELECT", "SESSION", "SESSION_USER", "SET", "SIZE", "SMALLINT", "SOME",
    "SPACE", "SQL", "SQLCA", "SQLCODE", "SQLERROR", "SQLSTATE", "SQLWARNING",
    "SUBSTRING", "SUM", "SYSTEM_USER", "TABLE", "TEMPORARY", "THEN", "TIME",
    "TIMESTAMP", "TIMEZONE_HOUR", "TIMEZONE_MINUTE", "TO", "TRAILING", "TRANSACTION",
    "TRANSLATE", "TRANSLATION", "TRIM", "TRUE", "UNION", "UNIQUE", "UNKNOWN", "UPDATE",
    "UPPER", "USAGE", "USER", "USING", "VALUE", "VALUES", "VARCHAR", "VARYING", "VIEW",
    "WHEN", "WHENEVER", "WHERE", "WITH", "WORK", "WRITE", "YEAR", "ZONE",
};

#define N_CRATE (sizeof crate_reserved / sizeof crate_reserved[0])
#define N_ODBC (sizeof odbc_reserved / sizeof odbc_reserved[0])

static int word_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, (const char *)elem);
}

bool drv_keyword_is_odbc(const char *word)
{
    return bsearch(word, odbc_reserved, N_ODBC, KW_LEN, word_cmp) != NULL;
}

/* Every CrateDB word takes at most KW_LEN bytes with its comma (or the final
 * NUL), so the whole table's size bounds the answer. */
static char keywords[sizeof crate_reserved];
static pthread_once_t keywords_once = PTHREAD_ONCE_INIT;

static void keywords_build(void)
{
    size_t o = 0;
    for (size_t i = 0; i < N_CRATE; i++) {
        if (drv_keyword_is_odbc(crate_reserved[i]))
            continue;
        if (o > 0)
            keywords[o++] = ',';
        size_t n = strlen(crate_reserved[i]);
        memcpy(keywords + o, crate_reserved[i], n);
        o += n;
    }
    keywords[o] = '\0';
}

const char *drv_sql_keywords(void)
{
    pthread_once(&keywords_once, keywords_build);
    return keywords;
}
