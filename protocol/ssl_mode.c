/*
 * ssl_mode.c: SSLMode's names (pgw.h), shared by the TLS backends.
 */
#include <strings.h>

#include "pgw.h"

static const char *const mode_names[] = {
    [PGW_SSL_PREFER] = "prefer",       [PGW_SSL_DISABLE] = "disable",
    [PGW_SSL_ALLOW] = "allow",         [PGW_SSL_REQUIRE] = "require",
    [PGW_SSL_VERIFY_CA] = "verify-ca", [PGW_SSL_VERIFY_FULL] = "verify-full",
};
#define NMODES (sizeof mode_names / sizeof mode_names[0])

bool pgw_ssl_mode_parse(const char *s, pgw_ssl_mode *out)
{
    for (size_t i = 0; s && i < NMODES; i++)
        if (strcasecmp(s, mode_names[i]) == 0) {
            *out = (pgw_ssl_mode)i;
            return true;
        }
    return false;
}

const char *pgw_ssl_mode_name(pgw_ssl_mode m)
{
    return (size_t)m < NMODES ? mode_names[m] : "?";
}
