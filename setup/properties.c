/*
 * properties.c: ODBCINSTGetProperties, unixODBC's own extension of the
 * setup library: the DSN keywords for its configuration tools
 * (ODBCManageDataSources, odbcinst -q ...). unixODBC frees what it appends
 * (each property, its pszHelp and its aPromptData array -- not the strings
 * in that array, which are therefore static).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>
#include <odbcinst.h>
#include <odbcinstext.h>

/* ------------------------------------------------------------ properties */

/* List box choices end with NULL: unixODBC's tools read aPromptData up to it. */
static const char *const sslmodes[] = {"disable", "allow", "prefer", "require", "verify-ca",
                                       "verify-full", NULL};
static const char *const array_formats[] = {"json", "pg", NULL};
static const char *const point_formats[] = {"wkt", "pg", NULL};
static const char *const on_off[] = {"0", "1", NULL};
static const char *const log_levels[] = {"off", "error", "info", "debug", "trace", NULL};

static const struct prop {
    const char *name;
    const char *value;          /* default shown */
    int type;
    const char *const *list;    /* for ODBCINST_PROMPTTYPE_LISTBOX, NULL-terminated */
    const char *help;
} props[] = {
    {"Server", "localhost", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Host name or address of the CrateDB node; a comma-separated list (host[:port],...) "
     "for failover."},
    {"Port", "5432", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "PostgreSQL wire protocol port (CrateDB's psql.port, default 5432)."},
    {"Database", "", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Default schema for unqualified names (CrateDB uses doc when empty)."},
    {"UID", "crate", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL, "User name (default crate)."},
    {"Password", "", ODBCINST_PROMPTTYPE_TEXTEDIT_PASSWORD, NULL, "Password of the user."},
    {"ApplicationName", "cratedb-odbc", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Application name sent at startup."},
    {"SSLMode", "prefer", ODBCINST_PROMPTTYPE_LISTBOX, sslmodes,
     "TLS use: disable, allow, prefer (TLS when the server offers it), require, verify-ca "
     "(check the certificate against SSLRootCert), verify-full (and the host name)."},
    {"SSLRootCert", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "PEM file of the CA certificates to trust, or system (the system's trusted CAs)."},
    {"SSLCert", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "Client certificate (PEM) for CrateDB's cert authentication; its CN is the user."},
    {"SSLKey", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "Unencrypted PEM key of the client certificate (default: the SSLCert file)."},
    {"SSLCrl", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "PEM file of revoked certificates, checked with the server's chain."},
    {"LoginTimeout", "0", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds to wait for each host of the Server list (0 = no limit)."},
    {"FetchSize", "1000", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Rows fetched from the server per round trip."},
    {"Options", "", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Session settings sent at startup, e.g. -c statement_timeout=60000."},
    {"TextSize", "65535", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Column size reported for text without a declared length."},
    {"LongText", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: report text without a declared length as SQL_LONGVARCHAR."},
    {"ArrayFormat", "json", ODBCINST_PROMPTTYPE_LISTBOX, array_formats,
     "Arrays as JSON text (json) or as PostgreSQL {} literals (pg)."},
    {"GeoPointFormat", "wkt", ODBCINST_PROMPTTYPE_LISTBOX, point_formats,
     "geo_point as WKT POINT(lon lat) (wkt) or as (lon,lat) (pg)."},
    {"BinaryResults", "1", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: prepared statements read exact types in binary; 0: always text."},
    {"HideSystemSchemas", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: the catalog functions leave out information_schema, pg_catalog and sys."},
    {"LoadBalanceHosts", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: try the Server list in random order, spreading connections over the cluster."},
    {"DiscoverNodes", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: learn the cluster's other nodes from sys.nodes and fail over to them too."},
    {"LogLevel", "off", ODBCINST_PROMPTTYPE_LISTBOX, log_levels,
     "What the driver logs: error, info (connections), debug (every call, SQL), trace "
     "(protocol messages)."},
    {"LogFile", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "File the log is appended to (default: standard error)."},
    {"LogParams", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: the debug log shows parameter values (they may be confidential)."},
    {"KeepaliveTime", "30", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds without traffic before the server is checked (0 = system defaults)."},
    {"KeepaliveInterval", "10", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds between checks of a server that does not answer."},
    {"KeepaliveCount", "3", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Unanswered checks after which the connection is dead (08S01)."},
    {"AutoReconnect", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: the next statement on a dead connection connects again when nothing is lost."},
};

int INSTAPI ODBCINSTGetProperties(HODBCINSTPROPERTY hLastProperty)
{
    if (hLastProperty == NULL)
        return ODBCINST_ERROR;
    HODBCINSTPROPERTY last = hLastProperty;
    while (last->pNext != NULL)
        last = last->pNext;

    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        const struct prop *pr = &props[i];
        HODBCINSTPROPERTY p = calloc(1, sizeof *p);
        if (p == NULL)
            return ODBCINST_ERROR;
        p->nPromptType = pr->type;
        snprintf(p->szName, sizeof p->szName, "%s", pr->name);
        snprintf(p->szValue, sizeof p->szValue, "%s", pr->value);
        p->pszHelp = strdup(pr->help);
        if (pr->list != NULL) {
            size_t n = 1;                   /* the terminating NULL */
            while (pr->list[n - 1] != NULL)
                n++;
            p->aPromptData = malloc(n * sizeof(char *));
            if (p->aPromptData != NULL)
                memcpy(p->aPromptData, pr->list, n * sizeof(char *));
        }
        last->pNext = p;
        last = p;
    }
    return ODBCINST_SUCCESS;
}
