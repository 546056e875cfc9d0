/*
 * dsn_form.c: the data source dialog's field table and its form (dsn_form.h).
 * No UI and no platform code here.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dsn_form.h"
#include "dialog_ids.h"

/* The names are the ones setup/properties.c offers unixODBC's tools; the
 * aliases are the driver's (driver/connstr.c), which a unit test keeps in
 * step (tests/unit/test_setup.c). */
const dsn_field_def dsn_fields[DSN_NFIELDS] = {
    [DSN_F_NAME] = {"DSN", {NULL}, IDC_DSN_NAME},
    [DSN_F_DESCRIPTION] = {"Description", {NULL}, IDC_DESCRIPTION},
    [DSN_F_SERVER] = {"Server", {"Host", "Servername", NULL}, IDC_SERVER},
    [DSN_F_PORT] = {"Port", {NULL}, IDC_PORT},
    [DSN_F_DATABASE] = {"Database", {"DB", NULL}, IDC_DATABASE},
    [DSN_F_UID] = {"UID", {"User", "Username", NULL}, IDC_UID},
    [DSN_F_PWD] = {"Password", {"PWD", NULL}, IDC_PWD},
    [DSN_F_SSLMODE] = {"SSLMode", {NULL}, IDC_SSLMODE},
    [DSN_F_SSLROOTCERT] = {"SSLRootCert", {NULL}, IDC_SSLROOTCERT},
    [DSN_F_SSLCERT] = {"SSLCert", {NULL}, IDC_SSLCERT},
    [DSN_F_SSLKEY] = {"SSLKey", {NULL}, IDC_SSLKEY},
};

const char *const dsn_ssl_modes[] = {"disable", "allow", "prefer", "require", "verify-ca",
                                     "verify-full", NULL};

static bool same_word(const char *word, const char *s, size_t len)
{
    return strlen(word) == len && strncasecmp(word, s, len) == 0;
}

int dsn_field_of(const char *keyword, size_t len)
{
    for (int i = 0; i < DSN_NFIELDS; i++) {
        if (same_word(dsn_fields[i].key, keyword, len))
            return i;
        for (const char *const *a = dsn_fields[i].aliases; *a != NULL; a++)
            if (same_word(*a, keyword, len))
                return i;
    }
    return -1;
}

bool dsn_form_set(dsn_form *f, dsn_field i, const char *v)
{
    char *copy = NULL;
    if (v != NULL && v[0] != '\0' && (copy = strdup(v)) == NULL)
        return false;
    if (f->value[i] != NULL && i == DSN_F_PWD)
        memset(f->value[i], 0, strlen(f->value[i]));   /* no passwords in freed memory */
    free(f->value[i]);
    f->value[i] = copy;
    return true;
}

const char *dsn_form_get(const dsn_form *f, dsn_field i)
{
    return f->value[i] != NULL ? f->value[i] : "";
}

void dsn_form_free(dsn_form *f)
{
    for (int i = 0; i < DSN_NFIELDS; i++)
        dsn_form_set(f, (dsn_field)i, NULL);
    free(f->test_base);
    f->test_base = NULL;
}

/* Appends "key={value};" with '}' doubled (braces keep ';' and '=' in a value). */
static char *put_braced(char *p, const char *key, const char *v)
{
    size_t n = strlen(key);
    memcpy(p, key, n);
    p += n;
    *p++ = '=';
    *p++ = '{';
    for (; *v; v++) {
        *p++ = *v;
        if (*v == '}')
            *p++ = '}';
    }
    *p++ = '}';
    *p++ = ';';
    return p;
}

char *dsn_form_connstr(const dsn_form *f)
{
    size_t cap = 1 + (f->test_base ? strlen(f->test_base) : 0);
    for (int i = DSN_F_SERVER; i < DSN_NFIELDS; i++)
        if (f->value[i] != NULL)
            cap += strlen(dsn_fields[i].key) + 4 + 2 * strlen(f->value[i]);
    char *s = malloc(cap), *p = s;
    if (s == NULL)
        return NULL;
    for (int i = DSN_F_SERVER; i < DSN_NFIELDS; i++)
        if (f->value[i] != NULL)
            p = put_braced(p, dsn_fields[i].key, f->value[i]);
    if (f->test_base != NULL) {
        size_t n = strlen(f->test_base);
        memcpy(p, f->test_base, n);
        p += n;
    }
    *p = '\0';
    return s;
}
