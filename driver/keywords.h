/* keywords.h: the SQLGetInfo(SQL_KEYWORDS) answer, CrateDB's reserved words
 * that ODBC does not already reserve (driver/keywords.c). */
#ifndef KEYWORDS_H
#define KEYWORDS_H
#include <stdbool.h>

/* The comma-separated, upper-case, ascending list for SQL_KEYWORDS. Built on
 * the first call (thread-safe); the string is static, never freed. */
const char *drv_sql_keywords(void);

/* True when `word` (upper case, exact) is in ODBC's reserved keyword list. */
bool drv_keyword_is_odbc(const char *word);

#endif
