/*
 * dsn_form.h: the values of the data source dialog, shared by ConfigDSN
 * (setup.c) and SQLDriverConnect's prompt (driver/prompt.c). Portable: the
 * field table, the form that carries the values to and from the dialog, and
 * the dialog's interface. The dialog itself is a platform file:
 * dialog_win.c (a Win32 dialog from dialog.rc) or dialog_none.c (no UI).
 */
#ifndef DSN_FORM_H
#define DSN_FORM_H

#include <stdbool.h>
#include <stddef.h>

/* The fields in dialog order. */
typedef enum dsn_field {
    DSN_F_NAME,          /* the data source name (ConfigDSN only)     */
    DSN_F_DESCRIPTION,   /* its description (ConfigDSN only)          */
    DSN_F_SERVER,        /* host[:port],... */
    DSN_F_PORT,
    DSN_F_DATABASE,      /* the default schema */
    DSN_F_UID,
    DSN_F_PWD,
    DSN_F_SSLMODE,
    DSN_F_SSLROOTCERT,
    DSN_F_SSLCERT,
    DSN_F_SSLKEY,
    DSN_NFIELDS
} dsn_field;

#define DSN_FIELD_BIT(f) (1u << (f))
#define DSN_ALL_FIELDS ((1u << DSN_NFIELDS) - 1)

typedef struct dsn_field_def {
    const char *key;          /* the name in odbc.ini and connection strings */
    const char *aliases[3];   /* other names the driver reads for it (NULL-ended) */
    int control;              /* its control in the dialog (dialog_ids.h) */
} dsn_field_def;

extern const dsn_field_def dsn_fields[DSN_NFIELDS];

/* The SSLMode combo's choices (libpq's six modes), NULL-terminated. */
extern const char *const dsn_ssl_modes[];

/* Which field a keyword names (the key or an alias, case-insensitive); -1
 * when none. */
int dsn_field_of(const char *keyword, size_t len);

/*
 * What the dialog shows and returns. Values are owned (malloc'd), NULL when
 * empty; `utf8` says their encoding: UTF-8 for the driver, the ANSI code
 * page for ConfigDSN (whose attributes are ANSI strings).
 */
typedef struct dsn_form {
    char *value[DSN_NFIELDS];
    unsigned enabled;     /* DSN_FIELD_BIT per field the user may edit; the
                             others are shown greyed out */
    bool utf8;
    const char *title;    /* the window title (static) */
    char status[512];     /* the status line when the dialog opens (UTF-8) */
    char *test_base;      /* owned, may be NULL: connection-string keywords
                             the Test button adds after the fields (what the
                             dialog does not show but the connection uses) */
} dsn_form;

/* Sets field f to a copy of v (NULL or "" clears it). False when out of memory. */
bool dsn_form_set(dsn_form *f, dsn_field i, const char *v);
/* The value of field i, "" when empty. */
const char *dsn_form_get(const dsn_form *f, dsn_field i);
void dsn_form_free(dsn_form *f);

/* The connection string of the connection fields (Server to SSLKey) that
 * are set, braced, then test_base: malloc'd, NULL when out of memory. */
char *dsn_form_connstr(const dsn_form *f);

/* ------------------------------------------------------------ the dialog */

typedef enum dsn_dialog_result {
    DSN_DIALOG_OK,        /* the form holds what the user confirmed */
    DSN_DIALOG_CANCEL,    /* the user cancelled; the form is unchanged */
    DSN_DIALOG_NO_UI,     /* this platform has no dialog (dialog_none.c) */
    DSN_DIALOG_FAILED     /* the dialog could not be shown */
} dsn_dialog_result;

/* Shows the dialog, modal over `parent` (an HWND on Windows), with the
 * form's values, and stores the values back on OK. */
dsn_dialog_result dsn_dialog_run(void *parent, dsn_form *f);

/* The dialog's Test button, implemented by the driver (driver/prompt.c):
 * connects with connstr (UTF-8) as SQLDriverConnect with SQL_DRIVER_NOPROMPT
 * does, disconnects, and describes the outcome in msg (UTF-8): the server
 * and its version, or the SQLSTATE and message. True when it connected. */
bool dsn_test_connect(const char *connstr, char *msg, size_t len);

#endif
