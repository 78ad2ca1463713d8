/* cmd_resolve.c - `mvroad resolve ID --take ...`: close a conflict. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_resolve = {
    "resolve", "close a conflict, keeping or taking a value",
    "Usage: mvroad [--db PATH] resolve ID --take VALUE|SOURCE [--note TEXT]\n"
    "\n"
    "Close conflict ID (see 'mvroad conflicts'). --take is one of:\n"
    "  current         keep the current value\n"
    "  proposed        take the value the other organisation submitted\n"
    "  submission:N    take the value submission N asserted\n"
    "  any other text  set that value (checked against the vocabularies)\n"
    "The decision goes to the change log, with the note.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, {"take", required_argument, NULL, 't'},
      {"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
  const char *take = NULL, *note = NULL;
  char *end = NULL;
  long long id;
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 't')
      take = optarg;
    else if (opt == 'n')
      note = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_resolve);
    else
      return cli_usage_error(c, &cmd_resolve, "unknown option");
  }
  if (argc - optind != 1)
    return cli_usage_error(c, &cmd_resolve, "give one conflict ID");
  id = strtoll(argv[optind], &end, 10);
  if (!*argv[optind] || *end || id <= 0)
    return cli_usage_error(c, &cmd_resolve, "'%s' is not a conflict id",
                           argv[optind]);
  if (!take)
    return cli_usage_error(c, &cmd_resolve,
                           "say what to keep: --take current|proposed|...");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  rc = mvr_conflict_resolve(db, (int64_t)id, take, note);
  if (rc)
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
  else
    printf("conflict %lld resolved\n", id);
  mvr_db_close(db);
  return rc == MVR_ERR_ARG ? EXIT_USAGE : rc ? EXIT_DATA : EXIT_OK;
}
