/* cmd_ls.c - `mvroad ls`: liaison statements (issue 6): the records,
 * `ls due`, attachments, and the submissions an incoming LS carried. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_ls = {
    "ls", "liaison statements: deadlines, replies, attachments, submissions",
    "Usage: mvroad [--db PATH] ls add NUMBER --direction incoming|outgoing\n"
    "                 --title T [--from ORG] [--to ORGS] [--cc ORGS]\n"
    "                 [--date D] [--purpose P] [--deadline D]\n"
    "                 [--replies-to NUMBER] [--state S] [--notes TEXT]\n"
    "       mvroad [--db PATH] ls due [--within DAYS] [--today DATE]\n"
    "                 [--format text|json|csv]\n"
    "       mvroad [--db PATH] ls link LS SUBMISSION-ID\n"
    "       mvroad [--db PATH] ls attach LS NAME [--sha256 HEX]\n"
    "       mvroad [--db PATH] ls list|remove|import|export ...\n"
    "\n"
    "purpose: for information, for action, for comment. state: open,\n"
    "answered, closed. ORGS are separated by \"; \"; names and aliases are\n"
    "resolved against the organisation registry.\n"
    "due     open LS whose deadline is past or within DAYS (default 14)\n"
    "        of today; days_left is negative when overdue\n"
    "link    record that the incoming LS carried submission ID (see\n"
    "        'mvroad report submission-trace')\n"
    "\n"
    "Exit status: 0 done (for due: something is due), 1 invalid data, not\n"
    "found or nothing due, 2 wrong usage.\n",
    run};

static int due(cli *c, mvr_db *db, int argc, char **argv)
{
  static const struct option opts[] = {
      {"within", required_argument, NULL, 'w'},
      {"today", required_argument, NULL, 't'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *today = NULL, *format = "text";
  long within = 14;
  cli_table t;
  mvr_status rc;
  int opt;

  optind = 0;
  while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (opt) {
    case 'w': {
      char *end;
      within = strtol(optarg, &end, 10);
      if (end == optarg || *end || within < 0 || within > 36500)
        return cli_usage_error(c, &cmd_ls, "--within takes a number of days");
      break;
    }
    case 't':
      today = optarg;
      break;
    case 'f':
      format = optarg;
      break;
    default:
      return cli_usage_error(c, &cmd_ls, "unknown option");
    }
  }
  if (cli_format(c, &cmd_ls, format, "text|json|csv"))
    return EXIT_USAGE;
  memset(&t, 0, sizeof t);
  rc = mvr_coord_report(db, "ls-due", today, within, NULL, &t.ncols, NULL,
                        NULL);
  if (!rc)
    rc = mvr_coord_report(db, "ls-due", today, within, &t.cols, &t.ncols,
                          cli_table_add, &t);
  if (rc) {
    cli_table_free(&t);
    return cli_coord_fail(c, db, rc);
  }
  cli_table_print(&t, format, "ls-due");
  opt = t.n ? EXIT_OK : EXIT_DATA;
  cli_table_free(&t);
  return opt;
}

static int extra(cli *c, const cli_command *cmd, mvr_db *db,
                 const char *action, int argc, char **argv)
{
  char err[512];
  mvr_status rc;

  if (strcmp(action, "due") == 0)
    return due(c, db, argc, argv);
  if (strcmp(action, "link") == 0) {
    const char *v[2];
    if (argc != 3)
      return cli_usage_error(c, cmd, "link takes LS and SUBMISSION-ID");
    v[0] = argv[1];
    v[1] = argv[2];
    rc = mvr_coord_add(db, MVR_COORD_LS_SUB, v, 2, err, sizeof err, NULL);
    if (rc == MVR_ERR_DATA) {
      cli_error(c, "%s", err);
      return EXIT_DATA;
    }
    if (rc)
      return cli_coord_fail(c, db, rc);
    printf("LS %s carried submission %s\n", v[0], v[1]);
    return EXIT_OK;
  }
  if (strcmp(action, "attach") == 0) {
    const char *v[3] = {"", "", ""};
    if (argc == 5 && strcmp(argv[3], "--sha256") == 0)
      v[2] = argv[4];
    else if (argc != 3)
      return cli_usage_error(c, cmd, "attach takes LS NAME [--sha256 HEX]");
    v[0] = argv[1];
    v[1] = argv[2];
    rc = mvr_coord_add(db, MVR_COORD_LS_ATTACH, v, 3, err, sizeof err, NULL);
    if (rc == MVR_ERR_DATA) {
      cli_error(c, "%s", err);
      return EXIT_DATA;
    }
    if (rc)
      return cli_coord_fail(c, db, rc);
    printf("attachment recorded\n");
    return EXIT_OK;
  }
  return -1;
}

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_ls, MVR_COORD_LS, argc, argv, extra);
}
