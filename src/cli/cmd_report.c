/* cmd_report.c - `mvroad report NAME`: the secretariat's coordination
 * reports (issue 6) as text, JSON or CSV. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_report = {
    "report", "coordination reports: orgs without input, overdue LS...",
    "Usage: mvroad [--db PATH] report NAME [--today DATE] [--within DAYS]\n"
    "                 [--format text|json|csv]\n"
    "       mvroad report list\n"
    "\n"
    "Reports:\n"
    "  orgs-without-input  organisations invited (an outgoing LS to them)\n"
    "                      that sent no input (submission or contribution)\n"
    "  org-status          every organisation involved, with its status\n"
    "  reps-to-confirm     representatives whose term ended or ends within\n"
    "                      DAYS (default 30), or with no nominating document\n"
    "  ls-awaiting-reply   open incoming LS for action or comment that no\n"
    "                      outgoing LS replies to\n"
    "  ls-overdue          open LS past their deadline\n"
    "  ls-due              open LS past or within DAYS of their deadline\n"
    "  submission-trace    each submission with its document and the LS\n"
    "                      that carried it\n"
    "\n"
    "Exit status: 0 rows found, 1 none (or an error), 2 wrong usage.\n",
    run};

static int extra(cli *c, const cli_command *cmd, mvr_db *db,
                 const char *name, int argc, char **argv)
{
  static const struct option opts[] = {
      {"within", required_argument, NULL, 'w'},
      {"today", required_argument, NULL, 't'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *today = NULL, *format = "text";
  long within = 0;
  cli_table t;
  mvr_status rc;
  int opt;
  char *end;

  if (strcmp(name, "list") == 0) {
    const char *const *r = mvr_coord_reports();
    for (; *r; r++)
      puts(*r);
    return EXIT_OK;
  }
  optind = 0;
  while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (opt) {
    case 'w':
      within = strtol(optarg, &end, 10);
      if (end == optarg || *end || within < 0 || within > 36500)
        return cli_usage_error(c, cmd, "--within takes a number of days");
      break;
    case 't':
      today = optarg;
      break;
    case 'f':
      format = optarg;
      break;
    default:
      return cli_usage_error(c, cmd, "unknown option");
    }
  }
  if (optind != argc)
    return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
  if (cli_format(c, cmd, format, "text|json|csv"))
    return EXIT_USAGE;
  memset(&t, 0, sizeof t);
  rc = mvr_coord_report(db, name, today, within, &t.cols, &t.ncols,
                        cli_table_add, &t);
  if (rc) {
    cli_table_free(&t);
    return cli_coord_fail(c, db, rc);
  }
  cli_table_print(&t, format, name);
  opt = t.n ? EXIT_OK : EXIT_DATA;
  cli_table_free(&t);
  return opt;
}

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_report, -1, argc, argv, extra);
}
