/* status.c - mvr_status_str() and version information. */
#include <csv.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <utf8proc.h>

#include "mvroad.h"

static const char *const messages[] = {
    [MVR_OK] = "no error",
    [MVR_ERR_NOMEM] = "out of memory",
    [MVR_ERR_ARG] = "invalid argument",
    [MVR_ERR_IO] = "input/output error",
    [MVR_ERR_DATA] = "the input has errors",
    [MVR_ERR_NOTFOUND] = "not found",
    [MVR_ERR_STORE] = "database error",
    [MVR_ERR_TOOBIG] = "input exceeds a size limit",
    [MVR_ERR_FORMAT] = "unknown or unsupported format",
    [MVR_ERR_PROFILE] = "invalid profile",
    [MVR_ERR_CONFLICT] = "changed since it was loaded",
    [MVR_ERR_BUSY] = "database busy",
    [MVR_ERR_SCHEMA] = "database written by a newer mvroad",
    [MVR_ERR_EXISTS] = "already present",
    [MVR_ERR_DENIED] = "not allowed",
    [MVR_ERR_INTERNAL] = "internal error",
    [MVR_ERR_AMBIGUOUS] = "ambiguous",
};

const char *mvr_status_str(mvr_status rc)
{
  if ((unsigned)rc < sizeof messages / sizeof messages[0] && messages[rc])
    return messages[rc];
  return "unknown error";
}

const char *mvr_version(void)
{
  return MVR_VERSION_STRING;
}

const char *mvr_version_details(void)
{
  static char line[256];

  if (!line[0]) {
    snprintf(line, sizeof line,
             "libmvroad %s; SQLite %s; jansson %s; utf8proc %s; libcsv %d.%d.%d; "
             "libsodium %s",
             MVR_VERSION_STRING, sqlite3_libversion(), jansson_version_str(),
             utf8proc_version(), CSV_MAJOR, CSV_MINOR, CSV_RELEASE,
             sodium_version_string());
  }
  return line;
}
