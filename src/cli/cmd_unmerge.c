/* cmd_unmerge.c - `mvroad unmerge A B`: undo a merge. */
#include <getopt.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_unmerge = {
    "unmerge", "undo 'mvroad merge A B'",
    "Usage: mvroad [--db PATH] unmerge A B\n"
    "\n"
    "Undo the merge of B into A: both entries are shown again exactly as\n"
    "they were. B may be given by id or by its own reference.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {CLI_COMMON_OPTIONS,
                                           {NULL, 0, NULL, 0}};
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_unmerge);
    return cli_usage_error(c, &cmd_unmerge, "unknown option");
  }
  if (argc - optind != 2)
    return cli_usage_error(c, &cmd_unmerge, "give two entries: A B");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  rc = mvr_unmerge(db, argv[optind], argv[optind + 1]);
  if (rc)
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
  else
    printf("unmerged %s from %s\n", argv[optind + 1], argv[optind]);
  mvr_db_close(db);
  return rc ? EXIT_DATA : EXIT_OK;
}
