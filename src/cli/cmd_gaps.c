/* cmd_gaps.c - `mvroad gaps`: coverage of the register by category,
 * organisation, status and topic, and the gaps: topics or categories
 * with no published standard or no work at all. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_gaps = {
    "gaps", "gaps: topics and categories with no published standard",
    "Usage: mvroad [--db PATH] gaps [--format text|json|csv]\n"
    "\n"
    "Count the entries by category and organisation (reference family),\n"
    "category and status, topic and category, topic and status, and list\n"
    "the gaps: topics or categories with no entry at all (\"no work\") or\n"
    "none published (\"no published standard\"). Topics come from the\n"
    "profile's \"topics\" rules (phrases matched on stemmed words; see\n"
    "docs/analysis.md). Entries merged into another are left out.\n"
    "\n"
    "Options:\n"
    "  --format text|json|csv   how to print (default text); the JSON is\n"
    "                described in docs/analysis.md\n"
    "\n"
    "Exit status: 0 no gaps, 1 gaps found (or an error), 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  mvr_gaps *g = NULL;
  const char *format = "text";
  mvr_db *db;
  mvr_status rc;
  int opt, status;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_gaps);
    else
      return cli_usage_error(c, &cmd_gaps, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_gaps, "unexpected argument '%s'",
                           argv[optind]);
  if (cli_format(c, &cmd_gaps, format, "text|json|csv"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_gaps_find(db, &g);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  rc = mvr_gaps_write(g, format, cli_write_file, stdout);
  status = g->ngaps ? EXIT_DATA : EXIT_OK;
  if (rc || fflush(stdout) != 0) {
    cli_error(c, "cannot write the output");
    status = EXIT_DATA;
  }
  mvr_gaps_free(g);
  mvr_db_close(db);
  return status;
}
