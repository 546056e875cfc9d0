/*
 * odbc_headers.h: the ODBC API headers. Windows' sql.h builds on the types
 * of windows.h, which has to come first there; unixODBC's brings its own.
 */
#ifndef DRV_ODBC_HEADERS_H
#define DRV_ODBC_HEADERS_H

#ifdef _WIN32
#include <windows.h>
#endif
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

/* ODBC 3.80 names that mingw-w64's headers (ODBCVER 0x0351) lack, with the
 * values of the ODBC specification (as in unixODBC's and Microsoft's). */
#ifndef SQL_OV_ODBC3_80
#define SQL_OV_ODBC3_80 380UL
#endif
#ifndef SQL_PARAM_INPUT_OUTPUT_STREAM
#define SQL_PARAM_INPUT_OUTPUT_STREAM 8
#define SQL_PARAM_OUTPUT_STREAM 16
#endif
#ifndef SQL_ASYNC_DBC_FUNCTIONS
#define SQL_ASYNC_DBC_FUNCTIONS 10023
#define SQL_ASYNC_DBC_NOT_CAPABLE 0x00000000L
#define SQL_ASYNC_DBC_CAPABLE 0x00000001L
#endif
#ifndef SQL_DRIVER_AWARE_POOLING_SUPPORTED
#define SQL_DRIVER_AWARE_POOLING_SUPPORTED 10024
#define SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE 0x00000000L
#define SQL_DRIVER_AWARE_POOLING_CAPABLE 0x00000001L
#endif
#ifndef SQL_ASYNC_NOTIFICATION
#define SQL_ASYNC_NOTIFICATION 10025
#define SQL_ASYNC_NOTIFICATION_NOT_CAPABLE 0x00000000L
#define SQL_ASYNC_NOTIFICATION_CAPABLE 0x00000001L
#endif

#endif /* DRV_ODBC_HEADERS_H */
