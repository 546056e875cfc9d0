/*
 * dialog_ids.h: the resource and control numbers of the data source dialog,
 * shared by its resource script (dialog.rc), its code (dialog_win.c), the
 * field table (dsn_form.c) and the Wine tests that drive it
 * (tests/win/smoke.c). Plain #defines only: windres reads this file too.
 */
#ifndef DIALOG_IDS_H
#define DIALOG_IDS_H

#define IDD_CRATEDB_DSN 100

/* one edit (or combo) box a field, in the order of the field table */
#define IDC_DSN_NAME 1001
#define IDC_DESCRIPTION 1002
#define IDC_SERVER 1003
#define IDC_PORT 1004
#define IDC_DATABASE 1005
#define IDC_UID 1006
#define IDC_PWD 1007
#define IDC_SSLMODE 1008
#define IDC_SSLROOTCERT 1009
#define IDC_SSLCERT 1010
#define IDC_SSLKEY 1011

#define IDC_TEST 1020    /* connects with the values shown */
#define IDC_STATUS 1021  /* the Test button's result, or why the dialog opened */

#endif
