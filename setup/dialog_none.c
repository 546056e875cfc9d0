/*
 * dialog_none.c: the data source dialog where the driver has no UI (Linux:
 * no GUI toolkit to depend on). ConfigDSN then takes its attributes as
 * given, and SQLDriverConnect connects as with SQL_DRIVER_NOPROMPT (README
 * "Connection keywords").
 */
#include "dsn_form.h"

dsn_dialog_result dsn_dialog_run(void *parent, dsn_form *f)
{
    (void)parent;
    (void)f;
    return DSN_DIALOG_NO_UI;
}
