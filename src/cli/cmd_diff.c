/* cmd_diff.c - `mvroad diff A B`: what changed between two releases, or
 * between a release and the current roadmap. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_diff = {
    "diff", "what changed between two releases (or a release and now)",
    "Usage: mvroad [--db PATH] diff [--format text|md|json] A B\n"
    "\n"
    "Compare version A of the roadmap with version B; each is a release\n"
    "name ('mvroad release list') or 'current' for the roadmap as it is\n"
    "now. Entries are matched by id and listed as:\n"
    "  added      in B, not in A\n"
    "  removed    in A, not in B (merged into another entry)\n"
    "  withdrawn  whose status became Withdrawn\n"
    "  changed    with each field's old and new value\n"
    "with a count of each status transition (Under development ->\n"
    "Published, ...).\n"
    "\n"
    "Options:\n"
    "  --format F        text (default), md (Markdown, e.g. for an annex\n"
    "                    \"Changes since version A\") or json (stable; see\n"
    "                    docs/diff.md)\n"
    "\n"
    "Exit status: 0 compared (whether or not anything changed), 1 no such\n"
    "release, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *format = "text";
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_diff);
    else
      return cli_usage_error(c, &cmd_diff, "unknown option");
  }
  if (cli_format(c, &cmd_diff, format, "text|md|json"))
    return EXIT_USAGE;
  if (optind + 2 != argc)
    return cli_usage_error(c, &cmd_diff,
                           "give two versions: release names or 'current'");
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_diff_write(db, argv[optind], argv[optind + 1], format,
                      cli_write_file, stdout);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  mvr_db_close(db);
  return EXIT_OK;
}
