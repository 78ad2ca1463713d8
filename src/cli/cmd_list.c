/* cmd_list.c - `mvroad list`: the entries, filtered. */
#include "cli_query.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_list = {
    "list", "list entries, filtered by organisation, category, status, type",
    "Usage: mvroad [--db PATH] list [OPTIONS]\n"
    "\n"
    "List the register's entries, sorted by organisation then reference.\n"
    "\n"
    "Options:\n" CLI_QUERY_HELP
    "  --format table|json|csv   how to print (default table)\n"
    "\n"
    "Exit status: 0 entries listed, 1 none match, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, CLI_QUERY_OPTIONS,
      {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  mvr_query q = {0};
  const char *format = "table";
  mvr_db *db;
  int opt, status, r;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    r = cli_query_option(c, &cmd_list, opt, optarg, &q);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_list);
    else
      return cli_usage_error(c, &cmd_list, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_list,
                           "unexpected argument '%s' (to search, use "
                           "'mvroad search')",
                           argv[optind]);
  if (cli_format(c, &cmd_list, format, "table|json|csv"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  status = cli_print_entries(c, db, &q, format);
  mvr_db_close(db);
  return status;
}
