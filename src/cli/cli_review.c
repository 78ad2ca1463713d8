/* cli_review.c - what `approve` and `reject` share. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_review.h"

int cli_run_decide(cli *c, const cli_command *cmd, int argc, char **argv,
                   int approve)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"submission", required_argument, NULL, 's'},
      {"note", required_argument, NULL, 'n'},
      {NULL, 0, NULL, 0}};
  const char *note = NULL;
  long long sub = 0, id = 0;
  unsigned long count = 0;
  mvr_report *rep = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt, i;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    char *end = NULL;
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 's') {
      sub = strtoll(optarg, &end, 10);
      if (!*optarg || *end || sub <= 0)
        return cli_usage_error(c, cmd, "--submission takes a number");
    } else if (opt == 'n') {
      note = optarg;
    } else if (opt == OPT_HELP || opt == 'h') {
      return cli_help(cmd);
    } else {
      return cli_usage_error(c, cmd, "unknown option");
    }
  }
  if ((optind >= argc) == !sub)
    return cli_usage_error(c, cmd,
                           "give proposal ids, or --submission N (not both)");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  if (mvr_report_new(&rep)) {
    mvr_db_close(db);
    return EXIT_DATA;
  }
  mvr_report_set_callback(rep, cli_print_diag, c);
  rc = MVR_OK;
  for (i = optind; (sub || i < argc) && !rc; i++) {
    unsigned long k = 0;
    char *end = NULL;
    if (!sub) {
      id = strtoll(argv[i], &end, 10);
      if (!*argv[i] || *end || id <= 0) {
        cli_usage_error(c, cmd, "'%s' is not a proposal id", argv[i]);
        mvr_report_free(rep);
        mvr_db_close(db);
        return EXIT_USAGE;
      }
    }
    rc = mvr_proposal_decide(db, (int64_t)id, (int64_t)sub, approve, note,
                             rep, &k);
    count += k;
    if (sub)
      break;
  }
  if (rc)
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
  printf("%lu proposal%s %s\n", count, count == 1 ? "" : "s",
         approve ? "approved" : "rejected");
  mvr_report_free(rep);
  mvr_db_close(db);
  return rc ? EXIT_DATA : EXIT_OK;
}
