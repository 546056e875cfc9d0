/*
 * api_log.c: the exported ODBC entry points. Each one tests whether any
 * connection logs calls (one load and one branch: log.h drv_log_calls_on)
 * and otherwise calls its implementation, drv_api_<name> in api_*.c,
 * directly. When calls are logged it writes one line after the call: the
 * handle, the arguments (api_calls.h's format), the return code, the
 * SQLSTATEs recorded during the call and the time taken.
 *
 * The connect calls always take the logged path: the connection's level is
 * only known once its options are read, inside the call.
 */
#include "drv.h"
#include "log_conn.h"

/* the implementations' prototypes */
#define DRV_CALL(name, htype, hexpr, params, args, ...) SQLRETURN SQL_API drv_api_##name params;
#define DRV_CALL_CONNECT DRV_CALL
#define DRV_CALL_ALLOC DRV_CALL
#include "api_calls.h"
#undef DRV_CALL
#undef DRV_CALL_CONNECT
#undef DRV_CALL_ALLOC

/* The logged path lives in a function of its own (cold, never inlined), so
 * the exported one is a load, a compare and a tail call: no stack frame for
 * drv_log_call, no stack-protector canary, no saved registers. */
#define DRV_CALL(name, htype, hexpr, params, args, ...)                                   \
    static __attribute__((noinline, cold)) SQLRETURN logged_##name params                 \
    {                                                                                     \
        drv_log_call c;                                                                   \
        if (!drv_log_call_begin(&c, htype, hexpr))                                        \
            return drv_api_##name args;                                                   \
        drv_log_call_args(&c, __VA_ARGS__);                                               \
        return drv_log_call_end(&c, drv_api_##name args);                                 \
    }                                                                                     \
    SQLRETURN SQL_API name params                                                         \
    {                                                                                     \
        if (!drv_log_calls_on())                                                          \
            return drv_api_##name args;                                                   \
        return logged_##name args;                                                        \
    }

#define DRV_CALL_CONNECT(name, htype, hexpr, params, args, ...)                           \
    SQLRETURN SQL_API name params                                                         \
    {                                                                                     \
        drv_log_call c;                                                                   \
        drv_log_connect_begin(&c);                                                        \
        drv_log_call_args(&c, __VA_ARGS__);                                               \
        return drv_log_connect_end(&c, hexpr, drv_api_##name args);                       \
    }

/* SQLAllocHandle: the line also shows the handle made (the one later lines
 * name), not only where it was stored. */
#define DRV_CALL_ALLOC(name, htype, hexpr, params, args, ...)                             \
    static __attribute__((noinline, cold)) SQLRETURN logged_##name params                 \
    {                                                                                     \
        drv_log_call c;                                                                   \
        if (!drv_log_call_begin(&c, htype, hexpr))                                        \
            return drv_api_##name args;                                                   \
        drv_log_call_args(&c, __VA_ARGS__);                                               \
        SQLRETURN rc = drv_api_##name args;                                               \
        if (SQL_SUCCEEDED(rc) && OutputHandle != NULL)                                    \
            drv_log_call_more(&c, " new=%p", *OutputHandle);                              \
        return drv_log_call_end(&c, rc);                                                  \
    }                                                                                     \
    SQLRETURN SQL_API name params                                                         \
    {                                                                                     \
        if (!drv_log_calls_on())                                                          \
            return drv_api_##name args;                                                   \
        return logged_##name args;                                                        \
    }

#include "api_calls.h"
