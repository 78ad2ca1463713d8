/* cmd_history.c - `mvroad history ID|REFERENCE`: one entry across the
 * releases (its values in each, what changed from one to the next) and
 * across the submissions (its sources and change log). */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_history = {
    "history", "one entry across releases and submissions",
    "Usage: mvroad [--db PATH] history [--format text|json] ID|REFERENCE\n"
    "\n"
    "Follow one entry, by id or by reference written any usual way, through\n"
    "every release (its values when the release was frozen, and what changed\n"
    "from the previous release that held it), then through the submissions\n"
    "that asserted its values and its change log.\n"
    "\n"
    "Options:\n"
    "  --format F        text (default) or json\n"
    "\n"
    "Exit status: 0 shown, 1 no such entry (or several: give the id),\n"
    "2 wrong usage.\n",
    run};

/* --- text -------------------------------------------------------------- */

static void text_changes(const mvr_field_change *f, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    printf("      %s: \"%s\" -> \"%s\"\n", f[i].field, f[i].from, f[i].to);
}

static void text(const mvr_history *h)
{
  const mvr_entry *e = &h->detail->entry;
  const mvr_entry *prev = NULL;
  const char *last = NULL;
  size_t i;

  printf("%s (%s, id %lld)\n", e->reference, e->sdo, (long long)e->id);
  printf("  now: %s, \"%s\" (version %lld, last updated %s)\n", e->status,
         e->title, (long long)e->version, e->last_updated);

  printf("\nReleases (%zu):\n", h->nreleases);
  for (i = 0; i < h->nreleases; i++) {
    const mvr_history_release *r = &h->releases[i];
    printf("  %s (%s): ", r->release->name, r->release->date);
    if (!r->entry)
      puts(prev ? "not in this release (removed)" : "not in this release");
    else if (!last)
      printf("entered: %s, \"%s\"\n", r->entry->status, r->entry->title);
    else if (!prev)
      puts(r->nchanges ? "back in the roadmap, changed:"
                       : "back in the roadmap, unchanged");
    else
      puts(r->nchanges ? "changed:" : "unchanged");
    if (r->entry) {
      text_changes(r->changes, r->nchanges);
      last = r->release->name;
    }
    prev = r->entry;
  }
  if (last) {
    printf("  now: %s since %s\n", h->nsince_release ? "changed" : "unchanged",
           last);
    text_changes(h->since_release, h->nsince_release);
  } else {
    puts(h->nreleases ? "  now: in no release yet" : "  (no releases yet)");
  }

  printf("\nSources (%zu):\n", h->detail->nsources);
  for (i = 0; i < h->detail->nsources; i++) {
    const mvr_source *s = &h->detail->sources[i];
    printf("  [%zu] %s row %lu: submission %lld, received %s", i + 1, s->file,
           s->row, (long long)s->submission_id, s->received);
    if (*s->org)
      printf(", from %s", s->org);
    if (*s->doc)
      printf(", %s", s->doc);
    fputc('\n', stdout);
  }
  printf("\nChange log (%zu):\n", h->detail->nchanges);
  for (i = 0; i < h->detail->nchanges; i++) {
    const mvr_change *ch = &h->detail->changes[i];
    printf("  %s  %-10s %-7s", ch->at, ch->actor, ch->action);
    if (*ch->field)
      printf(" %s: \"%s\" -> \"%s\"", ch->field, ch->old_value, ch->new_value);
    else
      printf(" %s", ch->new_value);
    if (ch->submission_id)
      printf("  (submission %lld)", (long long)ch->submission_id);
    fputc('\n', stdout);
  }
}

/* --- JSON -------------------------------------------------------------- */

static void kv(const char *k, const char *v)
{
  printf(", \"%s\": ", k);
  cli_json_string(stdout, v);
}

static void json_entry(const mvr_entry *e)
{
  size_t i;

  printf("{\"id\": %lld", (long long)e->id);
  kv("sdo", e->sdo);
  kv("reference", e->reference);
  kv("ref_detail", e->ref_detail);
  kv("type", e->type);
  kv("title", e->title);
  kv("status", e->status);
  kv("status_detail", e->status_detail);
  fputs(", \"categories\": [", stdout);
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      fputs(", ", stdout);
    cli_json_string(stdout, e->categories[i]);
  }
  fputc(']', stdout);
  kv("summary", e->summary);
  kv("url", e->url);
  kv("first_seen", e->first_seen);
  kv("last_updated", e->last_updated);
  printf(", \"version\": %lld}", (long long)e->version);
}

/* {"status": {"from": ..., "to": ...}, ...} */
static void json_changes(const mvr_field_change *f, size_t n)
{
  size_t i;

  fputc('{', stdout);
  for (i = 0; i < n; i++) {
    printf("%s\"%s\": {\"from\": ", i ? ", " : "", f[i].field);
    cli_json_string(stdout, f[i].from);
    fputs(", \"to\": ", stdout);
    cli_json_string(stdout, f[i].to);
    fputc('}', stdout);
  }
  fputc('}', stdout);
}

static void json(const mvr_history *h)
{
  const mvr_entry_detail *d = h->detail;
  size_t i;

  fputs("{\"entry\": ", stdout);
  json_entry(&d->entry);
  fputs(",\n \"releases\": [", stdout);
  for (i = 0; i < h->nreleases; i++) {
    const mvr_history_release *r = &h->releases[i];
    fputs(i ? ",\n  {\"release\": " : "\n  {\"release\": ", stdout);
    cli_json_string(stdout, r->release->name);
    kv("date", r->release->date);
    printf(", \"present\": %s, \"entry\": ", r->entry ? "true" : "false");
    if (r->entry)
      json_entry(r->entry);
    else
      fputs("null", stdout);
    fputs(", \"changes\": ", stdout);
    json_changes(r->changes, r->nchanges);
    fputc('}', stdout);
  }
  fputs(h->nreleases ? "\n ],\n \"since_release\": "
                     : "],\n \"since_release\": ",
        stdout);
  json_changes(h->since_release, h->nsince_release);
  fputs(",\n \"sources\": [", stdout);
  for (i = 0; i < d->nsources; i++) {
    const mvr_source *s = &d->sources[i];
    printf("%s{\"submission\": %lld, \"row\": %lu", i ? ",\n  " : "\n  ",
           (long long)s->submission_id, s->row);
    kv("file", s->file);
    kv("org", s->org);
    kv("doc", s->doc);
    kv("received", s->received);
    kv("reference", s->reference);
    kv("title", s->title);
    kv("status", s->status);
    fputc('}', stdout);
  }
  fputs("],\n \"history\": [", stdout);
  for (i = 0; i < d->nchanges; i++) {
    const mvr_change *ch = &d->changes[i];
    printf("%s{\"id\": %lld, \"submission\": %lld", i ? ",\n  " : "\n  ",
           (long long)ch->id, (long long)ch->submission_id);
    kv("at", ch->at);
    kv("actor", ch->actor);
    kv("action", ch->action);
    kv("field", ch->field);
    kv("from", ch->old_value);
    kv("to", ch->new_value);
    fputc('}', stdout);
  }
  fputs("]}\n", stdout);
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *format = "text";
  mvr_history *h = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_history);
    else
      return cli_usage_error(c, &cmd_history, "unknown option");
  }
  if (cli_format(c, &cmd_history, format, "text|json"))
    return EXIT_USAGE;
  if (optind + 1 != argc)
    return cli_usage_error(c, &cmd_history, "give one ID or REFERENCE");
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_entry_history(db, argv[optind], &h);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    json(h);
  else
    text(h);
  mvr_history_free(h);
  mvr_db_close(db);
  return EXIT_OK;
}
