/* cmd_release.c - `mvroad release create NAME` freezes the roadmap as a
 * named, immutable release; `mvroad release list` shows the releases. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_release = {
    "release", "freeze the roadmap as a named release; list the releases",
    "Usage: mvroad [--db PATH] release create NAME [--date D] [--note TEXT]\n"
    "       mvroad [--db PATH] release list [--format text|json]\n"
    "\n"
    "create  freeze the current roadmap (every entry that 'mvroad list'\n"
    "        shows) as release NAME, e.g. \"2026-05\" or \"JCA-MV-5\". A\n"
    "        release never changes: to publish again, create another one.\n"
    "        'mvroad diff' compares releases, 'mvroad list --as-of NAME'\n"
    "        and 'mvroad export --release NAME' read one back exactly.\n"
    "list    the releases, oldest first, with their dates and sizes\n"
    "\n"
    "Options:\n"
    "  --date D          the release's date, YYYY-MM-DD (default: today)\n"
    "  --note TEXT       a note kept with the release (meeting, document)\n"
    "  --format F        for list: text (default) or json\n"
    "\n"
    "Exit status: 0 done, 1 a release of that name exists (or none to\n"
    "list), 2 wrong usage.\n",
    run};

enum { OPT_DATE = OPT_FIRST_OWN, OPT_NOTE };

static int create(cli *c, const char *name, const char *date, const char *note)
{
  mvr_db *db = cli_open(c, 0, 0);
  mvr_status rc;
  long n = 0;

  if (!db)
    return EXIT_DATA;
  rc = mvr_release_create(db, name, date, note, &n);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  printf("release %s: %ld %s frozen\n", name, n, n == 1 ? "entry" : "entries");
  mvr_db_close(db);
  return EXIT_OK;
}

static void list_json(const mvr_releases *r)
{
  size_t i;

  fputs("{\"releases\": [", stdout);
  for (i = 0; i < r->n; i++) {
    const mvr_release *x = &r->items[i];
    fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", stdout);
    cli_json_string(stdout, x->name);
    fputs(", \"date\": ", stdout);
    cli_json_string(stdout, x->date);
    printf(", \"entries\": %ld, \"submissions\": %ld, \"note\": ",
           x->entries, x->submissions);
    cli_json_string(stdout, x->note);
    fputs(", \"created_at\": ", stdout);
    cli_json_string(stdout, x->created_at);
    fputs(", \"actor\": ", stdout);
    cli_json_string(stdout, x->actor);
    fputc('}', stdout);
  }
  fputs(r->n ? "\n]}\n" : "]}\n", stdout);
}

static void list_text(const mvr_releases *r)
{
  size_t i;

  printf("%-16s  %-10s  %7s  %-20s  %-10s  %s\n", "Release", "Date", "Entries",
         "Created", "By", "Note");
  for (i = 0; i < r->n; i++) {
    const mvr_release *x = &r->items[i];
    const char *nl = strchr(x->note, '\n');
    printf("%-16s  %-10s  %7ld  %-20s  %-10s  ", x->name, x->date, x->entries,
           x->created_at, x->actor);
    /* the first line of the note */
    fwrite(x->note, 1, nl ? (size_t)(nl - x->note) : strlen(x->note), stdout);
    fputc('\n', stdout);
  }
}

static int list(cli *c, const char *format)
{
  mvr_db *db = cli_open(c, 0, 1);
  mvr_releases *r = NULL;
  mvr_status rc;
  int status;

  if (!db)
    return EXIT_DATA;
  rc = mvr_release_list(db, &r);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    list_json(r);
  else if (r->n)
    list_text(r);
  else
    fputs("no releases yet ('mvroad release create NAME')\n", stderr);
  status = r->n ? EXIT_OK : EXIT_DATA;
  mvr_releases_free(r);
  mvr_db_close(db);
  return status;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"date", required_argument, NULL, OPT_DATE},
      {"note", required_argument, NULL, OPT_NOTE},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *date = NULL, *note = NULL, *format = NULL, *action;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == OPT_DATE)
      date = optarg;
    else if (opt == OPT_NOTE)
      note = optarg;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_release);
    else
      return cli_usage_error(c, &cmd_release, "unknown option");
  }
  if (optind >= argc)
    return cli_usage_error(c, &cmd_release, "say 'create NAME' or 'list'");
  action = argv[optind++];
  if (strcmp(action, "create") == 0) {
    if (format)
      return cli_usage_error(c, &cmd_release, "--format is for 'release list'");
    if (optind + 1 != argc)
      return cli_usage_error(c, &cmd_release,
                             "give one NAME to create (quote it if it has "
                             "spaces)");
    return create(c, argv[optind], date, note);
  }
  if (strcmp(action, "list") == 0) {
    if (date || note)
      return cli_usage_error(c, &cmd_release,
                             "--date and --note are for 'release create'");
    if (optind < argc)
      return cli_usage_error(c, &cmd_release, "unexpected argument '%s'",
                             argv[optind]);
    if (!format)
      format = "text";
    if (cli_format(c, &cmd_release, format, "text|json"))
      return EXIT_USAGE;
    return list(c, format);
  }
  return cli_usage_error(c, &cmd_release,
                         "unknown action '%s' (use create or list)", action);
}
