/* cmd_init.c - `mvroad init`: create an empty register. */
#include <getopt.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_init = {
    "init", "create an empty register",
    "Usage: mvroad [--db PATH] init\n"
    "\n"
    "Create the register (an SQLite database, default roadmap.db) with the\n"
    "current schema, or bring an existing one up to date. Safe to run\n"
    "again.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {CLI_COMMON_OPTIONS,
                                           {NULL, 0, NULL, 0}};
  mvr_db *db;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_init);
    return cli_usage_error(c, &cmd_init, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_init, "init takes no arguments");
  db = cli_open(c, 1, 0);
  if (!db)
    return EXIT_DATA;
  printf("%s: register ready (schema version %d, profile %s %s)\n",
         c->db_path, mvr_db_schema_version(db),
         mvr_profile_name(mvr_db_profile(db)),
         mvr_profile_version(mvr_db_profile(db)));
  mvr_db_close(db);
  return EXIT_OK;
}
