/* cmd_conflicts.c - `mvroad conflicts`: values organisations disagree on. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_conflicts = {
    "conflicts", "values other organisations assert against the owner's",
    "Usage: mvroad [--db PATH] conflicts [--all] [--format text|json]\n"
    "\n"
    "List the open conflicts: a Status, Title or Type that an organisation\n"
    "other than the document's owner submitted, and that differs from the\n"
    "current value. Close one with 'mvroad resolve ID --take ...'.\n"
    "  --all    also the resolved ones\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, {"all", no_argument, NULL, 'a'},
      {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  const char *format = "text";
  mvr_conflict *cs = NULL;
  size_t n = 0, i;
  int opt, all = 0;
  mvr_db *db;
  mvr_status rc;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'a')
      all = 1;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_conflicts);
    else
      return cli_usage_error(c, &cmd_conflicts, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_conflicts, "unexpected argument '%s'",
                           argv[optind]);
  if (cli_format(c, &cmd_conflicts, format, "text|json"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_conflicts_list(db, all, &cs, &n);
  if (rc) {
    cli_error(c, "%s", mvr_db_errmsg(db));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    fputs("[", stdout);
  for (i = 0; i < n; i++) {
    const mvr_conflict *k = &cs[i];
    if (strcmp(format, "json") == 0) {
      printf("%s\n{\"id\": %lld, \"entry\": %lld, \"reference\": ",
             i ? "," : "", (long long)k->id, (long long)k->entry_id);
      cli_json_string(stdout, k->reference);
      fputs(", \"field\": ", stdout);
      cli_json_string(stdout, k->field);
      fputs(", \"current\": ", stdout);
      cli_json_string(stdout, k->current_value);
      fputs(", \"proposed\": ", stdout);
      cli_json_string(stdout, k->proposed_value);
      fputs(", \"org\": ", stdout);
      cli_json_string(stdout, k->org);
      printf(", \"submission\": %lld, \"row\": %lu, \"state\": ",
             (long long)k->submission_id, k->row);
      cli_json_string(stdout, k->state);
      fputs(", \"resolution\": ", stdout);
      cli_json_string(stdout, k->resolution);
      fputc('}', stdout);
    } else {
      printf("%lld  %s (entry %lld)  %s: \"%s\" (current) vs \"%s\" from %s "
             "(submission %lld row %lu)%s%s\n",
             (long long)k->id, k->reference, (long long)k->entry_id,
             k->field, k->current_value, k->proposed_value, k->org,
             (long long)k->submission_id, k->row,
             strcmp(k->state, "open") ? "  -- " : "",
             strcmp(k->state, "open") ? k->resolution : "");
    }
  }
  if (strcmp(format, "json") == 0)
    fputs("\n]\n", stdout);
  else if (!n)
    fputs(all ? "no conflicts\n" : "no open conflicts\n", stdout);
  mvr_conflicts_free(cs, n);
  mvr_db_close(db);
  return EXIT_OK;
}
