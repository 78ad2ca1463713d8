/* cmd_proposals.c - `mvroad proposals`: rows waiting for review. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_proposals = {
    "proposals", "rows submitted with --propose, waiting for an editor",
    "Usage: mvroad [--db PATH] proposals [--submission N] [--state S]\n"
    "                                    [--format text|json]\n"
    "\n"
    "List proposals (imports made with 'mvroad import --propose') with what\n"
    "each would change. Decide with 'mvroad approve' or 'mvroad reject'.\n"
    "  --state S   pending (default), approved, rejected or all\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"submission", required_argument, NULL, 's'},
      {"state", required_argument, NULL, 'S'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *format = "text", *state = "pending";
  long long sub = 0;
  mvr_proposal *ps = NULL;
  size_t n = 0, i;
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    char *end = NULL;
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 's') {
      sub = strtoll(optarg, &end, 10);
      if (!*optarg || *end || sub <= 0)
        return cli_usage_error(c, &cmd_proposals,
                               "--submission takes a number");
    } else if (opt == 'S') {
      state = optarg;
    } else if (opt == 'f') {
      format = optarg;
    } else if (opt == OPT_HELP || opt == 'h') {
      return cli_help(&cmd_proposals);
    } else {
      return cli_usage_error(c, &cmd_proposals, "unknown option");
    }
  }
  if (cli_format(c, &cmd_proposals, format, "text|json") ||
      cli_format(c, &cmd_proposals, state, "pending|approved|rejected|all"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_proposals_list(db, strcmp(state, "all") ? state : NULL,
                          (int64_t)sub, &ps, &n);
  if (rc) {
    cli_error(c, "%s", mvr_db_errmsg(db));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    fputs("[", stdout);
  for (i = 0; i < n; i++) {
    const mvr_proposal *p = &ps[i];
    if (strcmp(format, "json") == 0) {
      printf("%s\n{\"id\": %lld, \"submission\": %lld, \"row\": %lu, "
             "\"entry\": %lld, \"state\": ",
             i ? "," : "", (long long)p->id, (long long)p->submission_id,
             p->row, (long long)p->entry_id);
      cli_json_string(stdout, p->state);
      fputs(", \"sdo\": ", stdout);
      cli_json_string(stdout, p->sdo);
      fputs(", \"reference\": ", stdout);
      cli_json_string(stdout, p->reference);
      fputs(", \"title\": ", stdout);
      cli_json_string(stdout, p->title);
      fputs(", \"status\": ", stdout);
      cli_json_string(stdout, p->status);
      fputs(", \"changes\": ", stdout);
      cli_json_string(stdout, p->changes);
      fputc('}', stdout);
    } else {
      printf("%lld  [%s] %s  %s  (submission %lld, %s row %lu)\n",
             (long long)p->id, p->state, p->reference, p->title,
             (long long)p->submission_id, p->file, p->row);
      if (!p->entry_id)
        printf("      new entry\n");
      else if (*p->changes)
        printf("      changes entry %lld: %s\n", (long long)p->entry_id,
               p->changes);
      else
        printf("      confirms entry %lld as it is\n",
               (long long)p->entry_id);
    }
  }
  if (strcmp(format, "json") == 0)
    fputs("\n]\n", stdout);
  else if (!n)
    printf("no %s proposals\n", strcmp(state, "all") ? state : "");
  mvr_proposals_free(ps, n);
  mvr_db_close(db);
  return EXIT_OK;
}
