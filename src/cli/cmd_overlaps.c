/* cmd_overlaps.c - `mvroad overlaps`: pairs and clusters of entries of
 * different organisations whose titles and summaries say the same thing,
 * with the shared words that weighed most; known equivalences apart. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_overlaps = {
    "overlaps", "overlaps across organisations: related work to coordinate",
    "Usage: mvroad [--db PATH] overlaps [--min SCORE] [--limit N]\n"
    "                                   [--format text|json|csv]\n"
    "\n"
    "List pairs of entries of different organisations (reference families)\n"
    "whose titles and summaries say the same thing, best first, with a\n"
    "score (the cosine of their TF-IDF word vectors, words stemmed) and the\n"
    "shared words that weighed most, grouped in clusters of connected\n"
    "entries. Known equivalences (an alias, a twin text or transposition\n"
    "that one text names, an ETSI transposition of a 3GPP specification)\n"
    "are listed first as \"equivalent\", not as overlaps. Nothing is\n"
    "changed. Entries merged into another are left out.\n"
    "\n"
    "Options:\n"
    "  --min SCORE   pairs scoring at least SCORE, 0.05 to 1 (default 0.15)\n"
    "  --limit N     the N best pairs only\n"
    "  --format text|json|csv   how to print (default text); the JSON is\n"
    "                described in docs/analysis.md\n"
    "\n"
    "Exit status: 0 pairs listed, 1 none found (or an error), 2 wrong "
    "usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"min", required_argument, NULL, 'm'},
      {"limit", required_argument, NULL, 'l'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  mvr_overlap_opts o = {0, 0};
  mvr_overlaps *d = NULL;
  const char *format = "text";
  char *end = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt, status;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'm') {
      o.min_score = strtod(optarg, &end);
      if (!*optarg || *end || !(o.min_score >= 0.05 && o.min_score <= 1))
        return cli_usage_error(c, &cmd_overlaps,
                               "--min takes a score from 0.05 to 1, not '%s'",
                               optarg);
    } else if (opt == 'l') {
      o.limit = strtol(optarg, &end, 10);
      if (!*optarg || *end || o.limit <= 0)
        return cli_usage_error(c, &cmd_overlaps,
                               "--limit takes a positive number, not '%s'",
                               optarg);
    } else if (opt == 'f') {
      format = optarg;
    } else if (opt == OPT_HELP || opt == 'h') {
      return cli_help(&cmd_overlaps);
    } else {
      return cli_usage_error(c, &cmd_overlaps, "unknown option");
    }
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_overlaps, "unexpected argument '%s'",
                           argv[optind]);
  if (cli_format(c, &cmd_overlaps, format, "text|json|csv"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_overlaps_find(db, &o, &d);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  rc = mvr_overlaps_write(d, format, cli_write_file, stdout);
  status = d->npairs ? EXIT_OK : EXIT_DATA;
  if (rc || fflush(stdout) != 0) {
    cli_error(c, "cannot write the output");
    status = EXIT_DATA;
  }
  mvr_overlaps_free(d);
  mvr_db_close(db);
  return status;
}
