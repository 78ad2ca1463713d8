/* cmd_duplicates.c - `mvroad duplicates`: possible duplicates, pairs of
 * entries with different references whose titles are near-identical,
 * with a score, for an editor to merge or dismiss. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_duplicates = {
    "duplicates", "possible duplicates: entries with near-identical titles",
    "Usage: mvroad [--db PATH] duplicates [--min SCORE] [--limit N]\n"
    "                                     [--format text|json|csv]\n"
    "\n"
    "List pairs of entries with different references whose titles are\n"
    "near-identical once case, accents, dashes, hyphens, trademark signs\n"
    "and prefixes such as \"Information technology —\" or \"IEEE Standard\n"
    "for\" are set aside, best first, each with a score: 1 for the same\n"
    "title, less for similar ones. Nothing is changed: merge a pair with\n"
    "'mvroad merge A B', or dismiss it for good with\n"
    "'mvroad not-duplicate A B'. Entries merged into another are left out.\n"
    "\n"
    "Options:\n"
    "  --min SCORE   pairs scoring at least SCORE, 0.5 to 1 (default 0.8)\n"
    "  --limit N     the N best pairs only\n"
    "  --format text|json|csv   how to print (default text); the JSON is\n"
    "                described in docs/duplicates.md\n"
    "\n"
    "Exit status: 0 pairs listed, 1 none found (or an error), 2 wrong "
    "usage.\n",
    run};

static void csv(const char *s, int last)
{
  char *q = NULL;

  if (mvr_csv_field(s, strlen(s), &q) == MVR_OK)
    fputs(q, stdout);
  mvr_free(q);
  fputc(last ? '\n' : ',', stdout);
}

static void side_json(const char *name, const mvr_dup_side *s)
{
  printf("\"%s\": {\"id\": %lld, \"sdo\": ", name, (long long)s->id);
  cli_json_string(stdout, s->sdo);
  fputs(", \"reference\": ", stdout);
  cli_json_string(stdout, s->reference);
  fputs(", \"title\": ", stdout);
  cli_json_string(stdout, s->title);
  fputc('}', stdout);
}

static void print_json(const mvr_duplicates *d, double min)
{
  size_t i;

  printf("{\"min_score\": %.3f, \"entries\": %lu, \"all_pairs\": %llu,"
         " \"examined\": %llu, \"scored\": %llu, \"found\": %lu,"
         " \"dismissed\": %lu,\n \"pairs\": [",
         min, d->entries, d->all_pairs, d->examined, d->scored, d->found,
         d->dismissed);
  for (i = 0; i < d->npairs; i++) {
    const mvr_duplicate *p = &d->pairs[i];
    printf("%s\n  {\"score\": %.3f, \"match\": \"%s\", ", i ? "," : "",
           p->score, p->match);
    side_json("a", &p->a);
    fputs(", ", stdout);
    side_json("b", &p->b);
    fputc('}', stdout);
  }
  fputs(d->npairs ? "\n]}\n" : "]}\n", stdout);
}

static void print_csv(const mvr_duplicates *d)
{
  size_t i;

  puts("score,match,a_id,a_sdo,a_reference,a_title,b_id,b_sdo,"
       "b_reference,b_title");
  for (i = 0; i < d->npairs; i++) {
    const mvr_duplicate *p = &d->pairs[i];
    printf("%.3f,%s,%lld,", p->score, p->match, (long long)p->a.id);
    csv(p->a.sdo, 0);
    csv(p->a.reference, 0);
    csv(p->a.title, 0);
    printf("%lld,", (long long)p->b.id);
    csv(p->b.sdo, 0);
    csv(p->b.reference, 0);
    csv(p->b.title, 1);
  }
}

static void side_text(const mvr_dup_side *s)
{
  printf("  %6lld  %-22s  %-24s  %s\n", (long long)s->id, s->sdo, s->reference,
         s->title);
}

static void print_text(const mvr_duplicates *d)
{
  size_t i;

  for (i = 0; i < d->npairs; i++) {
    const mvr_duplicate *p = &d->pairs[i];
    printf("%s%.2f  %s\n", i ? "\n" : "", p->score,
           strcmp(p->match, "same-title") == 0   ? "the same title"
           : strcmp(p->match, "part-title") == 0 ? "one title is the "
                                                   "other's part title"
                                                 : "similar titles");
    side_text(&p->a);
    side_text(&p->b);
  }
  if (d->npairs)
    fputc('\n', stdout);
  printf("%lu possible duplicate%s", d->found, d->found == 1 ? "" : "s");
  if (d->npairs < d->found)
    printf(" (%zu shown)", d->npairs);
  printf(" among %lu entries; %llu of %llu pairs examined", d->entries,
         d->examined, d->all_pairs);
  if (d->dismissed)
    printf("; %lu dismissed as not duplicates", d->dismissed);
  fputs(".\n", stdout);
  if (d->npairs)
    puts("Merge a pair with 'mvroad merge A B'; dismiss one with "
         "'mvroad not-duplicate A B'.");
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"min", required_argument, NULL, 'm'},
      {"limit", required_argument, NULL, 'l'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  mvr_dup_opts o = {0.8, 0};
  mvr_duplicates *d = NULL;
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
      if (!*optarg || *end || !(o.min_score >= 0.5 && o.min_score <= 1))
        return cli_usage_error(c, &cmd_duplicates,
                               "--min takes a score from 0.5 to 1, not '%s'",
                               optarg);
    } else if (opt == 'l') {
      o.limit = strtol(optarg, &end, 10);
      if (!*optarg || *end || o.limit <= 0)
        return cli_usage_error(c, &cmd_duplicates,
                               "--limit takes a positive number, not '%s'",
                               optarg);
    } else if (opt == 'f') {
      format = optarg;
    } else if (opt == OPT_HELP || opt == 'h') {
      return cli_help(&cmd_duplicates);
    } else {
      return cli_usage_error(c, &cmd_duplicates, "unknown option");
    }
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_duplicates, "unexpected argument '%s'",
                           argv[optind]);
  if (cli_format(c, &cmd_duplicates, format, "text|json|csv"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_duplicates_find(db, &o, &d);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    print_json(d, o.min_score);
  else if (strcmp(format, "csv") == 0)
    print_csv(d);
  else
    print_text(d);
  status = d->npairs ? EXIT_OK : EXIT_DATA;
  if (fflush(stdout) != 0) {
    cli_error(c, "cannot write the output");
    status = EXIT_DATA;
  }
  mvr_duplicates_free(d);
  mvr_db_close(db);
  return status;
}
