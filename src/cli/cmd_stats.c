/* cmd_stats.c - `mvroad stats`: counts per category, status, type and
 * organisation. */
#include <string.h>

#include "cli_query.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_stats = {
    "stats", "counts per category, status, type and organisation",
    "Usage: mvroad [--db PATH] stats [OPTIONS]\n"
    "\n"
    "Count the entries per category (an entry in two categories counts in\n"
    "both), status, type and organisation.\n"
    "\n"
    "Options:\n" CLI_QUERY_HELP
    "  --format text|json   how to print (default text)\n",
    run};

static void section(const char *title, const mvr_count *cs, size_t n,
                    int skip_zero)
{
  size_t i;

  printf("\n%s:\n", title);
  for (i = 0; i < n; i++)
    if (!skip_zero || cs[i].count)
      printf("  %-36s %6ld\n", cs[i].label, cs[i].count);
}

static void json_counts(const char *name, const mvr_count *cs, size_t n,
                        int skip_zero)
{
  size_t i;
  int first = 1;

  printf(",\n \"%s\": {", name);
  for (i = 0; i < n; i++) {
    if (skip_zero && !cs[i].count)
      continue;
    fputs(first ? "" : ", ", stdout);
    cli_json_string(stdout, cs[i].label);
    printf(": %ld", cs[i].count);
    first = 0;
  }
  fputc('}', stdout);
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, CLI_QUERY_OPTIONS,
      {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  mvr_query q = {0};
  const char *format = "text";
  mvr_stats *st = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt, r;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    r = cli_query_option(c, &cmd_stats, opt, optarg, &q);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_stats);
    else
      return cli_usage_error(c, &cmd_stats, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_stats, "unexpected argument '%s'",
                           argv[optind]);
  if (cli_format(c, &cmd_stats, format, "text|json"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_stats_get(db, &q, &st);
  if (rc) {
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (strcmp(format, "json") == 0) {
    printf("{\"entries\": %ld, \"organisations\": %ld, \"submissions\": %ld",
           st->entries, st->organisations, st->submissions);
    json_counts("categories", st->by_category, st->ncategory, 0);
    json_counts("statuses", st->by_status, st->nstatus, 0);
    json_counts("types", st->by_type, st->ntype, 1);
    json_counts("sdos", st->by_sdo, st->nsdo, 0);
    fputs("}\n", stdout);
  } else {
    printf("%ld %s from %ld %s (%ld %s)\n", st->entries,
           st->entries == 1 ? "entry" : "entries", st->organisations,
           st->organisations == 1 ? "organisation" : "organisations",
           st->submissions, st->submissions == 1 ? "submission" : "submissions");
    section("By category", st->by_category, st->ncategory, 0);
    section("By status", st->by_status, st->nstatus, 0);
    section("By type", st->by_type, st->ntype, 1);
    section("By organisation", st->by_sdo, st->nsdo, 0);
  }
  mvr_stats_free(st);
  mvr_db_close(db);
  return EXIT_OK;
}
