/* cli.c - helpers shared by the subcommands: messages, colours, opening
 * the register, formats. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const cli *c, const char *fmt, ...)
{
  va_list ap;

  fputs(c && c->color_err ? "\033[1mmvroad:\033[0m " : "mvroad: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_usage_error(const cli *c, const cli_command *cmd, const char *fmt,
                    ...)
{
  va_list ap;

  fputs(c && c->color_err ? "\033[1mmvroad:\033[0m " : "mvroad: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'mvroad %s%s--help'.\n", cmd ? cmd->name : "",
          cmd ? " " : "");
  return EXIT_USAGE;
}

int cli_common_option(cli *c, int opt, const char *arg)
{
  if (opt == OPT_DB) {
    c->db_path = arg;
    return 1;
  }
  if (opt == OPT_PROFILE) {
    c->profile = arg;
    return 1;
  }
  return 0;
}

int cli_help(const cli_command *cmd)
{
  fputs(cmd->usage, stdout);
  return EXIT_OK;
}

mvr_db *cli_open(cli *c, int create, int readonly)
{
  char err[512];
  mvr_db *db = NULL;
  unsigned flags = (create ? MVR_OPEN_CREATE : 0) |
                   (readonly ? MVR_OPEN_READONLY : 0);
  mvr_status rc;

  if (!create && access(c->db_path, F_OK) != 0 &&
      strncmp(c->db_path, "postgres", 8) != 0) {
    cli_error(c,
              "%s: no such database; run 'mvroad init' or 'mvroad import "
              "FILE' first (or give --db PATH)",
              c->db_path);
    return NULL;
  }
  rc = mvr_db_open(c->db_path, flags, &db, err, sizeof err);
  if (rc) {
    char shown[1024];
    cli_error(c, "cannot open %s: %s",
              mvr_db_display(c->db_path, shown, sizeof shown), err);
    return NULL;
  }
  if (cli_load_profile(c, db, NULL)) {
    mvr_db_close(db);
    return NULL;
  }
  return db;
}

int cli_load_profile(cli *c, mvr_db *db, mvr_profile **out)
{
  mvr_report *rep = NULL;
  mvr_profile *p = NULL;
  mvr_status rc;

  if (out)
    *out = NULL;
  if (!c->profile)
    return 0;
  if (mvr_report_new(&rep))
    return EXIT_DATA;
  mvr_report_set_callback(rep, cli_print_diag, c);
  rc = mvr_profile_load_file(c->profile, rep, &p);
  mvr_report_free(rep);
  if (rc) {
    cli_error(c, "%s: cannot use this profile: %s", c->profile,
              mvr_status_str(rc));
    return EXIT_DATA;
  }
  if (db)
    mvr_db_set_profile(db, p);
  else if (out)
    *out = p;
  else
    mvr_profile_free(p);
  return 0;
}

void cli_print_diag(const mvr_diag *d, void *ud)
{
  const cli *c = ud;
  char *line = NULL;
  const char *sev = d->severity == MVR_ERROR     ? "error"
                    : d->severity == MVR_WARNING ? "warning"
                                                 : "note";
  const char *color = d->severity == MVR_ERROR     ? "\033[1;31m"
                      : d->severity == MVR_WARNING ? "\033[1;35m"
                                                   : "\033[1;36m";

  if (mvr_diag_format(d, &line)) {
    fputs("mvroad: out of memory\n", stderr);
    return;
  }
  if (c && c->color_err) {
    /* colour the severity word the way GCC does */
    char key[32];
    char *at;
    snprintf(key, sizeof key, ": %s: ", sev);
    at = strstr(line, key);
    if (at) {
      *at = '\0';
      fprintf(stderr, "\033[1m%s:\033[0m %s%s:\033[0m %s\n", line, color, sev,
              at + strlen(key));
      mvr_free(line);
      return;
    }
  }
  fprintf(stderr, "%s\n", line);
  mvr_free(line);
}

int cli_format(const cli *c, const cli_command *cmd, const char *given,
               const char *allowed)
{
  const char *p = allowed;
  size_t n = strlen(given);

  while (*p) {
    size_t k = strcspn(p, "|");
    if (k == n && strncmp(p, given, n) == 0)
      return 0;
    p += k;
    if (*p)
      p++;
  }
  return cli_usage_error(c, cmd, "unknown format '%s' (use %s)", given,
                         allowed);
}

mvr_status cli_write_file(void *ud, const char *p, size_t n)
{
  FILE *f = ud;

  if (fwrite(p, 1, n, f) != n)
    return MVR_ERR_IO;
  return MVR_OK;
}

void cli_json_string(FILE *f, const char *s)
{
  char *q = NULL;

  if (mvr_json_quote(s, strlen(s), &q)) {
    fputs("\"\"", f);
    return;
  }
  fputs(q, f);
  mvr_free(q);
}
