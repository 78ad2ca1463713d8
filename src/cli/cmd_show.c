/* cmd_show.c - `mvroad show ID|REFERENCE`: one entry, each field with the
 * sources that asserted it, and its history. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_show = {
    "show", "one entry with the sources of each field and its history",
    "Usage: mvroad [--db PATH] show [--format text|json] ID|REFERENCE\n"
    "\n"
    "Show one entry, by id or by reference written any usual way\n"
    "(\"Rec. ITU-T H.266 (V3)\", \"ISO/IEC 23090-2:2023\", \"IEEE Std "
    "2888.1\").\n"
    "Each field lists the sources (submitted rows) that asserted its\n"
    "current value; then come every source and the change log.\n"
    "\n"
    "Exit status: 0 shown, 1 no such entry (or several: give the id),\n"
    "2 wrong usage.\n",
    run};

/* The value source `s` asserted for field `f`. */
static const char *source_value(const mvr_source *s, const char *f)
{
  if (strcmp(f, "sdo") == 0)
    return s->sdo;
  if (strcmp(f, "reference") == 0)
    return s->reference;
  if (strcmp(f, "type") == 0)
    return s->type;
  if (strcmp(f, "title") == 0)
    return s->title;
  if (strcmp(f, "status") == 0)
    return s->status;
  if (strcmp(f, "categories") == 0)
    return s->categories;
  if (strcmp(f, "summary") == 0)
    return s->summary;
  if (strcmp(f, "url") == 0)
    return s->url;
  return "";
}

static void field(const mvr_entry_detail *d, const char *label,
                  const char *key, const char *value)
{
  size_t i;
  int n = 0;

  printf("  %-14s %s", label, value);
  for (i = 0; *value && i < d->nsources; i++) {
    if (strcmp(source_value(&d->sources[i], key), value) != 0)
      continue;
    printf(n++ ? ", %zu" : "   [sources %zu", i + 1);
  }
  if (n)
    fputc(']', stdout);
  fputc('\n', stdout);
}

static void text(const mvr_entry_detail *d)
{
  const mvr_entry *e = &d->entry;
  char cats[1024] = "";
  size_t i, len = 0;

  for (i = 0; i < e->ncategories; i++) {
    int w = snprintf(cats + len, sizeof cats - len, "%s%s", i ? "; " : "",
                     e->categories[i]);
    if (w < 0 || (size_t)w >= sizeof cats - len)
      break;
    len += (size_t)w;
  }
  printf("%s  (id %lld, version %lld)\n", e->reference, (long long)e->id,
         (long long)e->version);
  field(d, "SDO/Org.", "sdo", e->sdo);
  field(d, "Reference", "reference", e->reference);
  if (*e->ref_detail)
    printf("  %-14s %s\n", "Edition/stage", e->ref_detail);
  field(d, "Type", "type", e->type);
  field(d, "Title", "title", e->title);
  field(d, "Status", "status", e->status);
  if (*e->status_detail && strcmp(e->status_detail, e->status) != 0)
    printf("  %-14s %s\n", "Status as sent", e->status_detail);
  field(d, "Category", "categories", cats);
  field(d, "Summary", "summary", e->summary);
  if (*e->url)
    field(d, "URL", "url", e->url);
  printf("  %-14s %s\n  %-14s %s\n", "First seen", e->first_seen,
         "Last updated", e->last_updated);

  if (d->merged_into)
    printf("  %-14s entry %lld (this entry is hidden behind it)\n",
           "Merged into", (long long)d->merged_into);
  for (i = 0; i < d->naliases; i++)
    printf("  %-14s %s (%s)\n", i ? "" : "Also known as",
           d->aliases[i].reference, d->aliases[i].kind);
  for (i = 0; i < d->nmerged; i++)
    printf("  %-14s entry %lld\n", i ? "" : "Merged here", (long long)d->merged[i]);
  printf("\nSources (%zu):\n", d->nsources);
  for (i = 0; i < d->nsources; i++) {
    const mvr_source *s = &d->sources[i];
    printf("  [%zu] %s row %lu: submission %lld, received %s", i + 1, s->file,
           s->row, (long long)s->submission_id, s->received);
    if (*s->org)
      printf(", from %s", s->org);
    if (*s->doc)
      printf(", %s", s->doc);
    fputc('\n', stdout);
  }
  printf("\nHistory (%zu):\n", d->nchanges);
  for (i = 0; i < d->nchanges; i++) {
    const mvr_change *ch = &d->changes[i];
    printf("  %s  %-10s %-7s", ch->at, ch->actor, ch->action);
    if (*ch->field)
      printf(" %s: \"%s\" -> \"%s\"", ch->field, ch->old_value,
             ch->new_value);
    else
      printf(" %s", ch->new_value);
    if (ch->submission_id)
      printf("  (submission %lld)", (long long)ch->submission_id);
    fputc('\n', stdout);
  }
}

static void kv(const char *k, const char *v, int comma)
{
  printf("%s\"%s\": ", comma ? ", " : "", k);
  cli_json_string(stdout, v);
}

static void json(const mvr_entry_detail *d)
{
  const mvr_entry *e = &d->entry;
  size_t i;

  printf("{\"entry\": {\"id\": %lld", (long long)e->id);
  kv("sdo", e->sdo, 1);
  kv("reference", e->reference, 1);
  kv("ref_detail", e->ref_detail, 1);
  kv("type", e->type, 1);
  kv("title", e->title, 1);
  kv("status", e->status, 1);
  kv("status_detail", e->status_detail, 1);
  fputs(", \"categories\": [", stdout);
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      fputs(", ", stdout);
    cli_json_string(stdout, e->categories[i]);
  }
  fputc(']', stdout);
  kv("summary", e->summary, 1);
  kv("url", e->url, 1);
  kv("first_seen", e->first_seen, 1);
  kv("last_updated", e->last_updated, 1);
  printf(", \"version\": %lld, \"merged_into\": %lld, \"aliases\": [",
         (long long)e->version, (long long)d->merged_into);
  for (i = 0; i < d->naliases; i++) {
    printf("%s{\"reference\": ", i ? ", " : "");
    cli_json_string(stdout, d->aliases[i].reference);
    fputs(", \"kind\": ", stdout);
    cli_json_string(stdout, d->aliases[i].kind);
    fputc('}', stdout);
  }
  fputs("], \"merged\": [", stdout);
  for (i = 0; i < d->nmerged; i++)
    printf("%s%lld", i ? ", " : "", (long long)d->merged[i]);
  printf("]},\n \"sources\": [");
  for (i = 0; i < d->nsources; i++) {
    const mvr_source *s = &d->sources[i];
    printf("%s{\"submission\": %lld, \"row\": %lu", i ? ",\n  " : "\n  ",
           (long long)s->submission_id, s->row);
    kv("file", s->file, 1);
    kv("org", s->org, 1);
    kv("doc", s->doc, 1);
    kv("received", s->received, 1);
    kv("sdo", s->sdo, 1);
    kv("reference", s->reference, 1);
    kv("type", s->type, 1);
    kv("title", s->title, 1);
    kv("status", s->status, 1);
    kv("status_detail", s->status_detail, 1);
    kv("categories", s->categories, 1);
    kv("summary", s->summary, 1);
    kv("url", s->url, 1);
    fputc('}', stdout);
  }
  fputs("],\n \"history\": [", stdout);
  for (i = 0; i < d->nchanges; i++) {
    const mvr_change *ch = &d->changes[i];
    printf("%s{\"id\": %lld, \"submission\": %lld", i ? ",\n  " : "\n  ",
           (long long)ch->id, (long long)ch->submission_id);
    kv("at", ch->at, 1);
    kv("actor", ch->actor, 1);
    kv("action", ch->action, 1);
    kv("field", ch->field, 1);
    kv("from", ch->old_value, 1);
    kv("to", ch->new_value, 1);
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
  mvr_entry_detail *d = NULL;
  mvr_db *db;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_show);
    else
      return cli_usage_error(c, &cmd_show, "unknown option");
  }
  if (cli_format(c, &cmd_show, format, "text|json"))
    return EXIT_USAGE;
  if (optind + 1 != argc)
    return cli_usage_error(c, &cmd_show, "give one ID or REFERENCE");
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_entry_lookup(db, argv[optind], &d);
  if (rc) {
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (strcmp(format, "json") == 0)
    json(d);
  else
    text(d);
  mvr_entry_detail_free(d);
  mvr_db_close(db);
  return EXIT_OK;
}
