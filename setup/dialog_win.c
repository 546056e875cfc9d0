/*
 * dialog_win.c: the data source dialog on Windows (dialog.rc), shown by
 * ConfigDSN (setup.c) and by SQLDriverConnect's prompt (driver/prompt.c)
 * through dsn_dialog_run. Only the Win32 UI lives here: which values it
 * shows, which fields are editable and what happens with the result is the
 * callers' (portable) business.
 *
 * The Test button connects on a worker thread (a host that does not answer
 * takes the system's connect timeout) and shows the outcome in the status
 * line; while it runs, OK, Cancel and Test are disabled, so the dialog and
 * its form outlive the thread.
 */
#include <windows.h>
#include <stdlib.h>
#include <string.h>

#include "dialog_ids.h"
#include "dsn_form.h"

#define WM_TEST_DONE (WM_APP + 1)

typedef struct dlg_state {
    dsn_form *form;
    bool testing;        /* a test thread runs */
    bool out_of_memory;  /* OK could not store the values */
} dlg_state;

typedef struct test_job {
    HWND dlg;
    char *connstr;       /* UTF-8, holds the password: wiped when done */
    bool ok;
    char msg[1024];
} test_job;

static UINT codepage(const dsn_form *f) { return f->utf8 ? CP_UTF8 : CP_ACP; }

/* s in code page cp -> a malloc'd UTF-16 string (NULL when out of memory). */
static wchar_t *to_wide(const char *s, UINT cp)
{
    int n = MultiByteToWideChar(cp, 0, s, -1, NULL, 0);
    wchar_t *w = n > 0 ? malloc((size_t)n * sizeof *w) : NULL;
    if (w != NULL)
        MultiByteToWideChar(cp, 0, s, -1, w, n);
    return w;
}

static void set_text(HWND dlg, int control, const char *s, UINT cp)
{
    wchar_t *w = to_wide(s, cp);
    SetDlgItemTextW(dlg, control, w != NULL ? w : L"");
    free(w);
}

/* The text of a control in code page cp, malloc'd; NULL when out of memory. */
static char *get_text(HWND dlg, int control, UINT cp)
{
    HWND c = GetDlgItem(dlg, control);
    int n = GetWindowTextLengthW(c);
    wchar_t *w = calloc((size_t)n + 1, sizeof *w);
    if (w == NULL)
        return NULL;
    GetWindowTextW(c, w, n + 1);
    int m = WideCharToMultiByte(cp, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = m > 0 ? malloc((size_t)m) : NULL;
    if (s != NULL)
        WideCharToMultiByte(cp, 0, w, -1, s, m, NULL, NULL);
    SecureZeroMemory(w, (size_t)n * sizeof *w);   /* it may be the password */
    free(w);
    return s;
}

/* Every field of the dialog into f (in f's encoding). */
static bool read_fields(HWND dlg, dsn_form *f)
{
    for (int i = 0; i < DSN_NFIELDS; i++) {
        char *v = get_text(dlg, dsn_fields[i].control, codepage(f));
        bool ok = v != NULL && dsn_form_set(f, (dsn_field)i, v);
        if (v != NULL) {
            SecureZeroMemory(v, strlen(v));
            free(v);
        }
        if (!ok)
            return false;
    }
    return true;
}

static void init_dialog(HWND dlg, dlg_state *st)
{
    const dsn_form *f = st->form;
    SetWindowLongPtrW(dlg, DWLP_USER, (LONG_PTR)st);
    SetWindowTextA(dlg, f->title);
    HWND combo = GetDlgItem(dlg, IDC_SSLMODE);
    for (const char *const *m = dsn_ssl_modes; *m != NULL; m++)
        SendMessageA(combo, CB_ADDSTRING, 0, (LPARAM)*m);
    HWND first_empty = NULL;
    for (int i = 0; i < DSN_NFIELDS; i++) {
        HWND c = GetDlgItem(dlg, dsn_fields[i].control);
        /* SSLMode's combo has an edit box: a value outside the list stays
         * visible (the driver reports it when it connects) */
        set_text(dlg, dsn_fields[i].control, dsn_form_get(f, (dsn_field)i), codepage(f));
        bool editable = (f->enabled & DSN_FIELD_BIT(i)) != 0;
        EnableWindow(c, editable);
        if (editable && first_empty == NULL && f->value[i] == NULL)
            first_empty = c;
    }
    set_text(dlg, IDC_STATUS, f->status, CP_UTF8);
    if (first_empty != NULL)
        SetFocus(first_empty);
    else
        SetFocus(GetDlgItem(dlg, IDOK));
}

static DWORD WINAPI test_thread(void *arg)
{
    test_job *job = arg;
    job->ok = dsn_test_connect(job->connstr, job->msg, sizeof job->msg);
    PostMessageW(job->dlg, WM_TEST_DONE, 0, (LPARAM)job);
    return 0;
}

static void set_busy(HWND dlg, dlg_state *st, bool busy)
{
    st->testing = busy;
    static const int buttons[] = {IDOK, IDCANCEL, IDC_TEST};
    for (size_t i = 0; i < sizeof buttons / sizeof buttons[0]; i++)
        EnableWindow(GetDlgItem(dlg, buttons[i]), !busy);
}

static void free_job(test_job *job)
{
    if (job->connstr != NULL) {
        SecureZeroMemory(job->connstr, strlen(job->connstr));
        free(job->connstr);
    }
    free(job);
}

/* The Test button: the fields as a UTF-8 connection string, plus the
 * caller's other keywords, tried on a worker thread. */
static void start_test(HWND dlg, dlg_state *st)
{
    dsn_form probe = {.utf8 = true, .test_base = st->form->test_base};
    test_job *job = calloc(1, sizeof *job);
    bool ok = job != NULL && read_fields(dlg, &probe) &&
              (job->connstr = dsn_form_connstr(&probe)) != NULL;
    probe.test_base = NULL;   /* borrowed */
    dsn_form_free(&probe);
    if (!ok) {
        if (job != NULL)
            free_job(job);
        SetDlgItemTextW(dlg, IDC_STATUS, L"Out of memory");
        return;
    }
    job->dlg = dlg;
    SetDlgItemTextW(dlg, IDC_STATUS, L"Testing the connection...");
    set_busy(dlg, st, true);
    HANDLE t = CreateThread(NULL, 0, test_thread, job, 0, NULL);
    if (t == NULL) {
        set_busy(dlg, st, false);
        free_job(job);
        SetDlgItemTextW(dlg, IDC_STATUS, L"Cannot start the test (CreateThread failed)");
        return;
    }
    CloseHandle(t);
}

static void test_done(HWND dlg, dlg_state *st, test_job *job)
{
    set_text(dlg, IDC_STATUS, job->msg, CP_UTF8);
    free_job(job);
    set_busy(dlg, st, false);
}

/* OK: the dialog's values replace the form's (all or nothing). */
static void confirm(HWND dlg, dlg_state *st)
{
    dsn_form got = {.utf8 = st->form->utf8};
    if (!read_fields(dlg, &got)) {
        dsn_form_free(&got);
        st->out_of_memory = true;
        EndDialog(dlg, IDABORT);
        return;
    }
    for (int i = 0; i < DSN_NFIELDS; i++) {
        dsn_form_set(st->form, (dsn_field)i, NULL);
        st->form->value[i] = got.value[i];
        got.value[i] = NULL;
    }
    EndDialog(dlg, IDOK);
}

static INT_PTR CALLBACK dialog_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    dlg_state *st = (dlg_state *)GetWindowLongPtrW(dlg, DWLP_USER);
    switch (msg) {
    case WM_INITDIALOG:
        init_dialog(dlg, (dlg_state *)lp);
        return FALSE;   /* the focus is set */
    case WM_TEST_DONE:
        test_done(dlg, st, (test_job *)lp);
        return TRUE;
    case WM_COMMAND:
        if (st->testing)
            return TRUE;   /* Escape or a click during a test: the test ends first */
        switch (LOWORD(wp)) {
        case IDC_TEST:
            start_test(dlg, st);
            return TRUE;
        case IDOK:
            confirm(dlg, st);
            return TRUE;
        case IDCANCEL:
            EndDialog(dlg, IDCANCEL);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

dsn_dialog_result dsn_dialog_run(void *parent, dsn_form *f)
{
    HMODULE self;   /* the dialog resource is in this DLL, not in the program */
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(void *)dsn_dialog_run, &self))
        return DSN_DIALOG_FAILED;
    dlg_state st = {.form = f};
    INT_PTR r = DialogBoxParamW(self, MAKEINTRESOURCEW(IDD_CRATEDB_DSN), (HWND)parent,
                                dialog_proc, (LPARAM)&st);
    if (r == IDOK)
        return DSN_DIALOG_OK;
    if (r == IDCANCEL)
        return DSN_DIALOG_CANCEL;
    return DSN_DIALOG_FAILED;
}
