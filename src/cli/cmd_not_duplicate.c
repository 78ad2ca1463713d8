/* cmd_not_duplicate.c - `mvroad not-duplicate A B`: dismiss a possible
 * duplicate for good; `--undo` takes the mark back; `--list` shows the
 * pairs dismissed so far. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_not_duplicate = {
    "not-duplicate", "record that two entries are not duplicates",
    "Usage: mvroad [--db PATH] not-duplicate [--note TEXT] A B\n"
    "       mvroad [--db PATH] not-duplicate --undo A B\n"
    "       mvroad [--db PATH] not-duplicate --list [--format text|json|csv]\n"
    "\n"
    "Record that entries A and B (ids or references, as 'mvroad show'\n"
    "takes them) are different documents, so that 'mvroad duplicates'\n"
    "never proposes the pair again. The mark keeps who made it, when, and\n"
    "the note. Marking a pair again changes nothing.\n"
    "\n"
    "Options:\n"
    "  --note TEXT   why they differ (\"Part 1 and Part 2\")\n"
    "  --undo        take the mark of A and B back: 'mvroad duplicates' may\n"
    "                propose the pair again (the register keeps the mark,\n"
    "                with when and by whom it was undone)\n"
    "  --list        print the marks in force instead\n"
    "  --format text|json|csv   how --list prints (default text)\n"
    "\n"
    "Exit status: 0 marked, undone (or listed), 1 no such entry, no such\n"
    "mark (or no marks), 2 wrong usage.\n",
    run};

typedef struct lister {
  const char *format;
  unsigned long n;
} lister;

static void csv(const char *s, int last)
{
  char *q = NULL;

  if (mvr_csv_field(s, strlen(s), &q) == MVR_OK)
    fputs(q, stdout);
  mvr_free(q);
  fputc(last ? '\n' : ',', stdout);
}

static mvr_status print_mark(void *ud, const mvr_not_dup *m)
{
  lister *l = ud;

  if (strcmp(l->format, "json") == 0) {
    printf("%s\n  {\"a\": %lld, \"b\": %lld, \"a_reference\": ",
           l->n ? "," : "", (long long)m->a, (long long)m->b);
    cli_json_string(stdout, m->a_reference);
    fputs(", \"b_reference\": ", stdout);
    cli_json_string(stdout, m->b_reference);
    fputs(", \"at\": ", stdout);
    cli_json_string(stdout, m->at);
    fputs(", \"actor\": ", stdout);
    cli_json_string(stdout, m->actor);
    fputs(", \"note\": ", stdout);
    cli_json_string(stdout, m->note);
    fputc('}', stdout);
  } else if (strcmp(l->format, "csv") == 0) {
    printf("%lld,", (long long)m->a);
    csv(m->a_reference, 0);
    printf("%lld,", (long long)m->b);
    csv(m->b_reference, 0);
    csv(m->at, 0);
    csv(m->actor, 0);
    csv(m->note, 1);
  } else {
    printf("%lld %s / %lld %s  (%s, %s)%s%s\n", (long long)m->a, m->a_reference,
           (long long)m->b, m->b_reference, m->at, m->actor,
           *m->note ? ": " : "", m->note);
  }
  l->n++;
  return MVR_OK;
}

static int list(cli *c, const char *format)
{
  lister l = {format, 0};
  mvr_db *db = cli_open(c, 0, 1);
  mvr_status rc;

  if (!db)
    return EXIT_DATA;
  if (strcmp(format, "json") == 0)
    fputs("{\"not_duplicates\": [", stdout);
  else if (strcmp(format, "csv") == 0)
    puts("a,a_reference,b,b_reference,at,actor,note");
  rc = mvr_not_duplicate_list(db, print_mark, &l);
  if (strcmp(format, "json") == 0)
    fputs(l.n ? "\n]}\n" : "]}\n", stdout);
  if (rc)
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
  else if (!l.n && strcmp(format, "text") == 0)
    fputs("no pairs are marked not duplicates\n", stderr);
  mvr_db_close(db);
  return rc || !l.n ? EXIT_DATA : EXIT_OK;
}

/* Entry `arg` (an id or a reference); prints why when there is none. */
static mvr_entry_detail *find(cli *c, mvr_db *db, const char *arg)
{
  mvr_entry_detail *d = NULL;
  mvr_status rc = mvr_entry_lookup(db, arg, &d);

  if (rc == MVR_ERR_NOTFOUND)
    cli_error(c, "no entry '%s'", arg);
  else if (rc)
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
  return rc ? NULL : d;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"note", required_argument, NULL, 'n'},
      {"list", no_argument, NULL, 'L'},
      {"undo", no_argument, NULL, 'u'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *note = NULL, *format = NULL;
  mvr_entry_detail *a = NULL, *b = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt, show = 0, undo = 0, status = EXIT_DATA;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'n')
      note = optarg;
    else if (opt == 'L')
      show = 1;
    else if (opt == 'u')
      undo = 1;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_not_duplicate);
    else
      return cli_usage_error(c, &cmd_not_duplicate, "unknown option");
  }
  if (show) {
    if (optind < argc || note || undo)
      return cli_usage_error(c, &cmd_not_duplicate,
                             "--list takes no entries, --note or --undo");
    if (cli_format(c, &cmd_not_duplicate, format ? format : "text",
                   "text|json|csv"))
      return EXIT_USAGE;
    return list(c, format ? format : "text");
  }
  if (format)
    return cli_usage_error(c, &cmd_not_duplicate, "--format goes with --list");
  if (undo && note)
    return cli_usage_error(c, &cmd_not_duplicate, "--undo takes no --note");
  if (argc - optind != 2)
    return cli_usage_error(c, &cmd_not_duplicate, "give two entries: A B");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  a = find(c, db, argv[optind]);
  b = a ? find(c, db, argv[optind + 1]) : NULL;
  if (a && b) {
    rc = undo ? mvr_not_duplicate_undo(db, a->entry.id, b->entry.id)
              : mvr_not_duplicate(db, a->entry.id, b->entry.id, note);
    if (rc) {
      cli_error(c, "%s",
                *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    } else {
      printf("%lld %s and %lld %s %s\n", (long long)a->entry.id,
             a->entry.reference, (long long)b->entry.id, b->entry.reference,
             undo ? "are no longer marked not duplicates"
                  : "are marked not duplicates");
      status = EXIT_OK;
    }
  }
  mvr_entry_detail_free(a);
  mvr_entry_detail_free(b);
  mvr_db_close(db);
  return status;
}
