/* cli.h - what the subcommands of the `mvroad` tool share. The tool is a
 * thin client of include/mvroad.h: it parses options, calls the library,
 * prints, and returns an exit status. */
#ifndef MVROAD_CLI_H
#define MVROAD_CLI_H

#include <stdio.h>

#include "mvroad.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

typedef struct cli {
  const char *db_path; /* --db, $MVROAD_DB, or "roadmap.db" */
  const char *profile; /* --profile FILE, or NULL for the built-in one */
  int color_err;       /* colours on stderr */
  int tty_err;         /* stderr is a terminal (progress) */
  int tty_out;
} cli;

typedef struct cli_command {
  const char *name;
  const char *summary; /* one line for `mvroad --help` */
  const char *usage;   /* full text for `mvroad CMD --help` */
  int (*run)(cli *c, int argc, char **argv);
} cli_command;

extern const cli_command cmd_init, cmd_import, cmd_check, cmd_list,
    cmd_search, cmd_show, cmd_stats, cmd_export;
extern const cli_command cmd_template;
extern const cli_command cmd_inspect;
extern const cli_command cmd_release, cmd_diff, cmd_history;
extern const cli_command cmd_merge, cmd_unmerge, cmd_conflicts, cmd_resolve,
    cmd_proposals, cmd_approve, cmd_reject;
extern const cli_command cmd_duplicates, cmd_not_duplicate;
extern const cli_command cmd_overlaps, cmd_gaps, cmd_topic; /* issue 7 */
extern const cli_command cmd_serve;
extern const cli_command cmd_user, cmd_token; /* issue 5: accounts */
extern const cli_command cmd_migrate; /* issue 8 */

/* Print "mvroad: message" to stderr (printf-style). */
void cli_error(const cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A usage error: message, then a hint to run --help. Returns EXIT_USAGE. */
int cli_usage_error(const cli *c, const cli_command *cmd, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));

/* Print the command's usage text to stdout. Returns EXIT_OK. */
int cli_help(const cli_command *cmd);

/* Open the register. With `create`, a missing database is created.
 * On failure prints why and returns NULL. */
mvr_db *cli_open(cli *c, int create, int readonly);

/* Load the --profile file, if any, into `db` (or return it for checks).
 * Returns 0 or an exit status. */
int cli_load_profile(cli *c, mvr_db *db, mvr_profile **out);

/* Print one diagnostic GCC-style to stderr (coloured when allowed). */
void cli_print_diag(const mvr_diag *d, void *ud);

/* Is --format `given` one of `allowed` ("table|json|csv")? Returns 0, or
 * prints a usage error and returns EXIT_USAGE. */
int cli_format(const cli *c, const cli_command *cmd, const char *given,
               const char *allowed);

/* Writers for mvr_export(). */
mvr_status cli_write_file(void *ud, const char *p, size_t n);

/* JSON string to `f`. */
void cli_json_string(FILE *f, const char *s);

/* Options every command takes, for getopt_long tables: --db PATH,
 * --profile FILE, --help. Returns 1 if `opt` was one of them (handled). */
enum { OPT_DB = 1000, OPT_PROFILE, OPT_HELP, OPT_FIRST_OWN };
#define CLI_COMMON_OPTIONS                                                     \
  {"db", required_argument, NULL, OPT_DB},                                     \
      {"profile", required_argument, NULL, OPT_PROFILE},                       \
      {"help", no_argument, NULL, OPT_HELP }
int cli_common_option(cli *c, int opt, const char *arg);

#endif
