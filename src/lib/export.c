/* export.c - writing the register out: JSON ({"entries": [...]}), CSV
 * (the template's seven columns first, formula-like cells neutralised)
 * and a Markdown roadmap (one table per category). Streams through a
 * cursor and a writer callback, so memory does not grow with the
 * register. */
#include <string.h>

#include "buf.h"
#include "db.h"
#include "escape.h"
#include "jsonutil.h"
#include "profile.h"
#include "util.h"

#define FLUSH_AT (64 * 1024)

typedef struct out {
  mvr_buf b;
  mvr_write_fn fn;
  void *ud;
  mvr_status rc;
} out;

static void flush(out *o, int force)
{
  if (o->rc)
    return;
  o->rc = mvr_buf_status(&o->b);
  if (!o->rc && o->b.len && (force || o->b.len >= FLUSH_AT))
    o->rc = o->fn(o->ud, o->b.ptr, o->b.len);
  if (force || o->b.len >= FLUSH_AT)
    mvr_buf_reset(&o->b);
}

/* --- CSV --------------------------------------------------------------- */

/* Spreadsheets run a cell that starts with one of these as a formula
 * (CWE-1236); an apostrophe in front makes it text. A leading apostrophe
 * is doubled the same way, so the escaping can be undone exactly. */
int mvr_formula_like(const char *s, size_t len)
{
  return len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                 s[0] == '\t' || s[0] == '\r' || s[0] == '\0' ||
                 s[0] == '\'');
}

static void csv_field(mvr_buf *b, const char *s, size_t len)
{
  size_t i;
  int quote = mvr_formula_like(s, len);

  for (i = 0; i < len && !quote; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' ||
        s[i] == ';' || s[i] == '\t')
      quote = 1;
  if (len && (s[0] == ' ' || s[len - 1] == ' '))
    quote = 1;
  if (!quote) {
    mvr_buf_put(b, s, len);
    return;
  }
  mvr_buf_putc(b, '"');
  if (mvr_formula_like(s, len))
    mvr_buf_putc(b, '\'');
  for (i = 0; i < len; i++) {
    if (s[i] == '"')
      mvr_buf_putc(b, '"');
    mvr_buf_putc(b, s[i]);
  }
  mvr_buf_putc(b, '"');
}

mvr_status mvr_csv_field(const char *s, size_t len, char **out_)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc;

  *out_ = NULL;
  csv_field(&b, s, len);
  mvr_buf_put(&b, "", 0);
  rc = mvr_buf_status(&b);
  if (!rc)
    *out_ = mvr_buf_detach(&b);
  mvr_buf_free(&b);
  return rc ? rc : (*out_ ? MVR_OK : MVR_ERR_NOMEM);
}

static void csv_text(mvr_buf *b, const char *s)
{
  csv_field(b, s, strlen(s));
}

static void csv_categories(mvr_buf *b, const mvr_entry *e)
{
  mvr_buf tmp = MVR_BUF_INIT(1 << 16);
  size_t i;

  for (i = 0; i < e->ncategories; i++) {
    if (i)
      mvr_buf_puts(&tmp, "; ");
    mvr_buf_puts(&tmp, e->categories[i]);
  }
  csv_field(b, mvr_buf_cstr(&tmp), tmp.len);
  if (mvr_buf_status(&tmp))
    b->rc = mvr_buf_status(&tmp);
  mvr_buf_free(&tmp);
}

static void csv_entry(out *o, const mvr_entry *e)
{
  mvr_buf *b = &o->b;

  csv_text(b, e->sdo);
  mvr_buf_putc(b, ',');
  csv_text(b, e->reference);
  mvr_buf_putc(b, ',');
  csv_text(b, e->type);
  mvr_buf_putc(b, ',');
  csv_text(b, e->title);
  mvr_buf_putc(b, ',');
  csv_text(b, e->status);
  mvr_buf_putc(b, ',');
  csv_categories(b, e);
  mvr_buf_putc(b, ',');
  csv_text(b, e->summary);
  mvr_buf_putc(b, ',');
  csv_text(b, e->status_detail);
  mvr_buf_putc(b, ',');
  csv_text(b, e->url);
  mvr_buf_printf(b, ",%lld\r\n", (long long)e->id);
}

/* --- JSON ------------------------------------------------------------- */

static void json_kv(mvr_buf *b, const char *k, const char *v, int comma)
{
  if (comma)
    mvr_buf_puts(b, ", ");
  mvr_json_string(b, k, strlen(k));
  mvr_buf_puts(b, ": ");
  mvr_json_string(b, v, strlen(v));
}

static void json_entry(out *o, const mvr_entry *e, int first)
{
  mvr_buf *b = &o->b;
  size_t i;

  mvr_buf_puts(b, first ? "\n  {" : ",\n  {");
  mvr_buf_printf(b, "\"id\": %lld", (long long)e->id);
  json_kv(b, "sdo", e->sdo, 1);
  json_kv(b, "reference", e->reference, 1);
  json_kv(b, "type", e->type, 1);
  json_kv(b, "title", e->title, 1);
  json_kv(b, "status", e->status, 1);
  json_kv(b, "status_detail", e->status_detail, 1);
  mvr_buf_puts(b, ", \"categories\": [");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      mvr_buf_puts(b, ", ");
    mvr_json_string(b, e->categories[i], strlen(e->categories[i]));
  }
  mvr_buf_putc(b, ']');
  json_kv(b, "summary", e->summary, 1);
  json_kv(b, "url", e->url, 1);
  json_kv(b, "ref_detail", e->ref_detail, 1);
  json_kv(b, "first_seen", e->first_seen, 1);
  json_kv(b, "last_updated", e->last_updated, 1);
  mvr_buf_putc(b, '}');
}

/* --- Markdown ---------------------------------------------------------- */

/* A table cell: pipes escaped, line breaks as <br>, Markdown and HTML
 * specials neutralised. */
void mvr_md_cell(mvr_buf *b, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '|': mvr_buf_puts(b, "\\|"); break;
    case '\n': mvr_buf_puts(b, "<br>"); break;
    case '<': mvr_buf_puts(b, "&lt;"); break;
    case '>': mvr_buf_puts(b, "&gt;"); break;
    case '&': mvr_buf_puts(b, "&amp;"); break;
    case '*': case '_': case '`': case '[': case ']': case '\\':
      mvr_buf_putc(b, '\\');
      mvr_buf_putc(b, *s);
      break;
    default: mvr_buf_putc(b, *s); break;
    }
  }
}

static mvr_status export_md(mvr_db *db, const mvr_query *q, out *o)
{
  const mvr_profile *p = db->profile;
  mvr_stats *st = NULL;
  uint64_t only = 0;
  mvr_status rc;
  size_t i;

  rc = mvr_stats_get(db, q, &st);
  if (rc)
    return rc;
  mvr_buf_puts(&o->b, "# Metaverse Standardization Roadmap\n\n");
  mvr_buf_printf(&o->b,
                 "%ld %s from %ld %s, in %zu categories (profile %s %s).\n\n",
                 st->entries, st->entries == 1 ? "entry" : "entries",
                 st->organisations,
                 st->organisations == 1 ? "organisation" : "organisations",
                 st->ncategory, mvr_profile_name(p), mvr_profile_version(p));
  mvr_buf_puts(&o->b, "| Category | Entries |\n|---|---:|\n");
  for (i = 0; i < st->ncategory; i++)
    mvr_buf_printf(&o->b, "| %s | %ld |\n", st->by_category[i].label,
                   st->by_category[i].count);
  mvr_buf_puts(&o->b, "\n| Status | Entries |\n|---|---:|\n");
  for (i = 0; i < st->nstatus; i++)
    mvr_buf_printf(&o->b, "| %s | %ld |\n", st->by_status[i].label,
                   st->by_status[i].count);
  mvr_stats_free(st);

  /* a category filter keeps only that category's clause */
  if (q && q->category && *q->category &&
      mvr_normalize_categories(p, q->category, strlen(q->category), &only,
                               NULL, NULL) != MVR_OK)
    only = 0;
  for (i = 0; i < p->categories.n && !o->rc; i++) {
    mvr_query cq;
    mvr_cursor *c = NULL;
    const mvr_entry *e;
    long n = 0;
    if (only && !(only & ((uint64_t)1 << i)))
      continue;
    memset(&cq, 0, sizeof cq);
    if (q)
      cq = *q;
    cq.category = p->categories.labels[i];
    cq.limit = cq.offset = 0;
    cq.sort = "sdo";
    mvr_buf_printf(&o->b, "\n## %zu %s\n\n", i + 1, p->categories.labels[i]);
    rc = mvr_query_run(db, &cq, &c);
    if (rc)
      return rc;
    while (!(rc = mvr_cursor_next(c, &e)) && e) {
      if (!n++)
        mvr_buf_puts(&o->b, "| SDO/Org. | Reference | Type | Title | Status "
                            "| Category | Summary |\n"
                            "|---|---|---|---|---|---|---|\n");
      mvr_buf_puts(&o->b, "| ");
      mvr_md_cell(&o->b, e->sdo);
      mvr_buf_puts(&o->b, " | ");
      mvr_md_cell(&o->b, e->reference);
      mvr_buf_puts(&o->b, " | ");
      mvr_md_cell(&o->b, e->type);
      mvr_buf_puts(&o->b, " | ");
      mvr_md_cell(&o->b, e->title);
      mvr_buf_puts(&o->b, " | ");
      mvr_md_cell(&o->b, e->status);
      mvr_buf_puts(&o->b, " | ");
      {
        size_t k;
        for (k = 0; k < e->ncategories; k++) {
          if (k)
            mvr_buf_puts(&o->b, ", ");
          mvr_md_cell(&o->b, e->categories[k]);
        }
      }
      mvr_buf_puts(&o->b, " | ");
      mvr_md_cell(&o->b, e->summary);
      mvr_buf_puts(&o->b, " |\n");
      flush(o, 0);
    }
    mvr_cursor_free(c);
    if (rc)
      return rc;
    if (!n)
      mvr_buf_puts(&o->b, "No entries.\n");
  }
  return MVR_OK;
}

mvr_status mvr_export(mvr_db *db, const mvr_query *q, const char *format,
                      mvr_write_fn fn, void *ud)
{
  out o;
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  mvr_status rc = MVR_OK;
  int first = 1, kind;

  if (!format)
    return MVR_ERR_ARG;
  if (strcmp(format, "json") == 0)
    kind = 0;
  else if (strcmp(format, "csv") == 0)
    kind = 1;
  else if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
    kind = 2;
  else
    return mvr_db_fail(db, MVR_ERR_FORMAT,
                       "unknown export format \"%s\"; use json, csv or md",
                       format);
  mvr_buf_init(&o.b, MVR_BUF_DEFAULT_MAX);
  o.fn = fn;
  o.ud = ud;
  o.rc = MVR_OK;

  if (kind == 2) {
    rc = export_md(db, q, &o);
    goto done;
  }
  rc = mvr_query_run(db, q, &c);
  if (rc)
    goto done;
  if (kind == 0)
    mvr_buf_puts(&o.b, "{\"entries\": [");
  else
    mvr_buf_puts(&o.b, "SDO/Org.,Reference,Type,Title,Status,Category,"
                       "Summary,Status detail,URL,ID\r\n");
  while (!o.rc && !(rc = mvr_cursor_next(c, &e)) && e) {
    if (kind == 0)
      json_entry(&o, e, first);
    else
      csv_entry(&o, e);
    first = 0;
    flush(&o, 0);
  }
  if (!rc && kind == 0)
    mvr_buf_puts(&o.b, first ? "]}\n" : "\n]}\n");
done:
  if (!rc)
    flush(&o, 1);
  mvr_cursor_free(c);
  mvr_buf_free(&o.b);
  return rc ? rc : o.rc;
}
