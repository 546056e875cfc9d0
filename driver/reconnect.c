/*
 * reconnect.c: AutoReconnect=1, the next statement on a connection found
 * dead connects again (README "Dead connections").
 *
 * When: a statement is about to send a new request (SQLExecDirect,
 * SQLExecute, a catalog function) and the connection broke earlier (the
 * server closed it, a FATAL, no answer to the liveness checks of
 * protocol/transport.c). The call that found it dead has already failed with
 * 08S01; it is never sent again, since it may have run. The new connection
 * goes through the same connect path as SQLDriverConnect (connect.c's
 * drv_connect_again: the options the connection was made with, the host
 * list in its order or LoadBalanceHosts' order), so it reaches another host
 * when the one it had is gone.
 *
 * Only when nothing can be lost; otherwise the call fails with 08S01 saying
 * why it did not reconnect:
 *  - a cursor whose rows were still coming from the server is open on the
 *    connection (its rows are gone: the application closes it first);
 *  - the server reported an open transaction (BEGIN on PostgreSQL) when the
 *    connection broke: its work was rolled back with the connection;
 *  - the application changed the session with SQL (SET, RESET, PREPARE,
 *    DECLARE, LISTEN: the command tag says so) since it connected or ran
 *    DISCARD ALL: a new session would run its statements with other
 *    settings (search_path, a time zone...).
 * What the driver keeps itself is carried over as it is: the connection
 * attributes (autocommit, access mode, metadata id, connection and login
 * timeouts) live in the dbc and the timeouts are given to the new
 * connection; the statements' prepared forms are parsed again at their next
 * execution (a Parse runs nothing).
 */
#include <string.h>
#include <strings.h>

#include "drv.h"

/* Command tags after which the session differs from a new one. */
static const char *const session_words[] = {"SET", "RESET", "PREPARE", "DECLARE", "LISTEN"};

void drv_session_note(drv_dbc *dbc, const char *tag)
{
    if (tag == NULL)
        return;
    if (strncasecmp(tag, "DISCARD", 7) == 0) {
        dbc->session_changed[0] = '\0';   /* back to a new session's state */
        return;
    }
    for (size_t i = 0; i < sizeof session_words / sizeof session_words[0]; i++) {
        size_t n = strlen(session_words[i]);
        if (strncasecmp(tag, session_words[i], n) == 0 && (tag[n] == '\0' || tag[n] == ' ')) {
            memcpy(dbc->session_changed, session_words[i], n + 1);
            return;
        }
    }
}

/* Why reconnecting would lose something, or NULL when it would not. */
static const char *what_would_be_lost(const drv_dbc *dbc)
{
    for (const drv_stmt *s = dbc->stmts; s != NULL; s = s->next)
        if (s->state == DRV_S_CURSOR && s->more)
            return "a cursor whose rows were still on the server is open; close it first";
    char txn = pgw_txn_status(dbc->conn);
    if (txn == 'T' || txn == 'E')
        return "a transaction was open on the server and is lost";
    if (dbc->session_changed[0] != '\0')
        return "the application changed the session's settings with SQL, which a new "
               "session would not have";
    return NULL;
}

SQLRETURN drv_conn_ready(drv_stmt *stmt)
{
    drv_dbc *dbc = stmt->dbc;
    if (dbc->conn != NULL && pgw_is_connected(dbc->conn))
        return SQL_SUCCESS;
    if (dbc->conn == NULL || !dbc->auto_reconnect)
        return drv_conn_not_open(&stmt->hdr, dbc);
    const char *lost = what_would_be_lost(dbc);
    if (lost != NULL)
        return drv_error(&stmt->hdr, "08S01", "Communication link failure: the connection to "
                         "the server was lost, and AutoReconnect did not reconnect: %s",
                         lost);
    SQLRETURN rc = drv_connect_again(dbc, &stmt->hdr);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    for (drv_stmt *s = dbc->stmts; s != NULL; s = s->next)
        s->server_prepared = false;
    return rc;
}
