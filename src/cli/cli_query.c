/* cli_query.c - filter options and listings (list, search). */
#include "cli_query.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int parse_count(const char *s, long *out)
{
  char *end = NULL;
  long v = strtol(s, &end, 10);

  if (!*s || *end || v < 0)
    return -1;
  *out = v;
  return 0;
}

int cli_query_option(const cli *c, const cli_command *cmd, int opt,
                     const char *arg, mvr_query *q)
{
  switch (opt) {
  case OPT_SDO:
    q->sdo = arg;
    return 1;
  case OPT_CATEGORY:
    q->category = arg;
    return 1;
  case OPT_STATUS:
    q->status = arg;
    return 1;
  case OPT_TYPE:
    q->type = arg;
    return 1;
  case OPT_SORT:
    q->sort = arg;
    return 1;
  case OPT_AS_OF:
    q->release = arg;
    return 1;
  case OPT_LIMIT:
    if (parse_count(arg, &q->limit)) {
      cli_usage_error(c, cmd, "--limit takes a number, not '%s'", arg);
      return -1;
    }
    return 1;
  case OPT_OFFSET:
    if (parse_count(arg, &q->offset)) {
      cli_usage_error(c, cmd, "--offset takes a number, not '%s'", arg);
      return -1;
    }
    return 1;
  default:
    return 0;
  }
}

/* Print `s` in a column of `w` display cells, cut with "..." (UTF-8 aware
 * enough for a terminal: continuation bytes take no cell). */
static void column(const char *s, int w, int last)
{
  int cells = 0;
  const char *p = s, *cut = NULL;

  for (; *p; p++) {
    if (((unsigned char)*p & 0xC0) == 0x80)
      continue;
    if (*p == '\n')
      break;
    if (cells == w - 3 && !cut)
      cut = p;
    if (++cells > w)
      break;
  }
  if (*p && (*p == '\n' || cells > w)) {
    fwrite(s, 1, (size_t)((cut ? cut : p) - s), stdout);
    fputs("...", stdout);
    cells = w;
  } else {
    fputs(s, stdout);
  }
  if (!last)
    printf("%*s", w - cells + 2, "");
}

static int term_width(const cli *c)
{
  struct winsize ws;

  if (c->tty_out && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
    return ws.ws_col;
  return 0;
}

int cli_print_entries(cli *c, mvr_db *db, const mvr_query *q,
                      const char *format)
{
  mvr_cursor *cur = NULL;
  const mvr_entry *e;
  mvr_status rc;
  long n = 0;
  int width = term_width(c), title_w;

  if (strcmp(format, "json") == 0 || strcmp(format, "csv") == 0) {
    rc = mvr_query_count(db, q, &n);
    if (!rc)
      rc = mvr_export(db, q, format, cli_write_file, stdout);
    if (rc) {
      cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                             : mvr_status_str(rc));
      return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
    }
    /* the output is valid (an empty list); the status says "none" */
    return n ? EXIT_OK : EXIT_DATA;
  }
  rc = mvr_query_run(db, q, &cur);
  if (rc) {
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  title_w = width ? width - (5 + 2 + 22 + 2 + 24 + 2 + 17 + 2) : 1000;
  if (title_w < 20)
    title_w = 20;
  while (!(rc = mvr_cursor_next(cur, &e)) && e) {
    char id[24];
    if (!n++) {
      printf("%-5s  %-22s  %-24s  %-17s  %s\n", "ID", "SDO/Org.",
             "Reference", "Status", "Title");
    }
    snprintf(id, sizeof id, "%lld", (long long)e->id);
    column(id, 5, 0);
    column(e->sdo, 22, 0);
    column(e->reference, 24, 0);
    column(e->status, 17, 0);
    column(e->title, title_w, 1);
    fputc('\n', stdout);
  }
  mvr_cursor_free(cur);
  if (rc) {
    cli_error(c, "%s", *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                           : mvr_status_str(rc));
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  if (!n) {
    fputs("no entries match\n", stderr);
    return EXIT_DATA;
  }
  return EXIT_OK;
}
