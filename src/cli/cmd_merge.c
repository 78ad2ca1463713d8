/* cmd_merge.c - `mvroad merge A B`: B is the same document as A. */
#include <getopt.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_merge = {
    "merge", "merge entry B into entry A (the same document)",
    "Usage: mvroad [--db PATH] merge [--note TEXT] A B\n"
    "\n"
    "A and B (ids or references) are one document: B is hidden behind A,\n"
    "imports that use B's reference land on A, and every source and\n"
    "history line of both is kept. 'mvroad unmerge A B' undoes it.\n"
    "\n"
    "Exit status: 0 merged, 1 not found or already merged, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, {"note", required_argument, NULL, 'n'},
      {NULL, 0, NULL, 0}};
  const char *note = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'n')
      note = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_merge);
    else
      return cli_usage_error(c, &cmd_merge, "unknown option");
  }
  if (argc - optind != 2)
    return cli_usage_error(c, &cmd_merge, "give two entries: A B");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  rc = mvr_merge(db, argv[optind], argv[optind + 1], note);
  if (rc)
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
  else
    printf("merged %s into %s\n", argv[optind + 1], argv[optind]);
  mvr_db_close(db);
  return rc ? EXIT_DATA : EXIT_OK;
}
