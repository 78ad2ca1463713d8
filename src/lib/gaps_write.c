/* gaps_write.c - mvr_gaps_write(): coverage and gaps as text, JSON or
 * CSV (the JSON shape is in docs/analysis.md). */
#include <string.h>

#include "buf.h"
#include "jsonutil.h"

static void jstr(mvr_buf *b, const char *s)
{
  mvr_json_string(b, s, strlen(s));
}

static void jlist(mvr_buf *b, const char *key, const char *const *v, size_t n)
{
  size_t i;

  mvr_buf_printf(b, "\"%s\": [", key);
  for (i = 0; i < n; i++) {
    if (i)
      mvr_buf_puts(b, ", ");
    jstr(b, v[i]);
  }
  mvr_buf_puts(b, "]");
}

static void jmatrix(mvr_buf *b, const char *key, const long *m, size_t rows,
                    size_t cols)
{
  size_t r, c;

  mvr_buf_printf(b, "\"%s\": [", key);
  for (r = 0; r < rows; r++) {
    mvr_buf_puts(b, r ? ",\n   [" : "\n   [");
    for (c = 0; c < cols; c++)
      mvr_buf_printf(b, "%s%ld", c ? ", " : "", m[r * cols + c]);
    mvr_buf_putc(b, ']');
  }
  mvr_buf_puts(b, "]");
}

static void jnums(mvr_buf *b, const char *key, const long *v, size_t n)
{
  size_t i;

  mvr_buf_printf(b, "\"%s\": [", key);
  for (i = 0; i < n; i++)
    mvr_buf_printf(b, "%s%ld", i ? ", " : "", v[i]);
  mvr_buf_putc(b, ']');
}

static void json(mvr_buf *b, const mvr_gaps *g)
{
  size_t i;

  mvr_buf_printf(b,
                 "{\"entries\": %lu, \"untagged\": %lu, \"overridden\": "
                 "%lu,\n \"gaps\": [",
                 g->entries, g->untagged, g->overridden);
  for (i = 0; i < g->ngaps; i++) {
    mvr_buf_printf(b, "%s\n  {\"kind\": \"%s\", \"name\": ", i ? "," : "",
                   g->gaps[i].kind);
    jstr(b, g->gaps[i].name);
    mvr_buf_printf(b, ", \"what\": \"%s\", \"entries\": %ld}",
                   g->gaps[i].what, g->gaps[i].entries);
  }
  mvr_buf_puts(b, g->ngaps ? "\n ],\n " : "],\n ");
  jlist(b, "categories", g->categories, g->ncategories);
  mvr_buf_puts(b, ",\n ");
  jlist(b, "statuses", g->statuses, g->nstatuses);
  mvr_buf_puts(b, ",\n ");
  jlist(b, "organisations", g->orgs, g->norgs);
  mvr_buf_puts(b, ",\n ");
  jlist(b, "topics", g->topics, g->ntopics);
  mvr_buf_puts(b, ",\n ");
  jnums(b, "category_total", g->cat_total, g->ncategories);
  mvr_buf_puts(b, ",\n ");
  jnums(b, "category_published", g->cat_published, g->ncategories);
  mvr_buf_puts(b, ",\n ");
  jnums(b, "topic_total", g->topic_total, g->ntopics);
  mvr_buf_puts(b, ",\n ");
  jnums(b, "topic_published", g->topic_published, g->ntopics);
  mvr_buf_puts(b, ",\n ");
  jmatrix(b, "category_organisation", g->cat_org, g->ncategories, g->norgs);
  mvr_buf_puts(b, ",\n ");
  jmatrix(b, "category_status", g->cat_status, g->ncategories, g->nstatuses);
  mvr_buf_puts(b, ",\n ");
  jmatrix(b, "topic_category", g->topic_cat, g->ntopics, g->ncategories);
  mvr_buf_puts(b, ",\n ");
  jmatrix(b, "topic_status", g->topic_status, g->ntopics, g->nstatuses);
  mvr_buf_puts(b, "}\n");
}

static void csv(mvr_buf *b, const char *s, int last)
{
  char *q = NULL;

  if (mvr_csv_field(s, strlen(s), &q) == MVR_OK)
    mvr_buf_puts(b, q);
  else
    b->rc = MVR_ERR_NOMEM;
  mvr_free(q);
  mvr_buf_putc(b, last ? '\n' : ',');
}

static void csv_matrix(mvr_buf *b, const char *name, const char *const *rows,
                       size_t nr, const char *const *cols, size_t nc,
                       const long *m)
{
  size_t r, c;

  for (r = 0; r < nr; r++)
    for (c = 0; c < nc; c++) {
      mvr_buf_printf(b, "%s,", name);
      csv(b, rows[r], 0);
      csv(b, cols[c], 0);
      mvr_buf_printf(b, "%ld\n", m[r * nc + c]);
    }
}

static void csv_out(mvr_buf *b, const mvr_gaps *g)
{
  size_t i;

  mvr_buf_puts(b, "matrix,row,column,count\n");
  for (i = 0; i < g->ngaps; i++) {
    mvr_buf_printf(b, "gap,%s,", g->gaps[i].kind);
    csv(b, g->gaps[i].name, 0);
    mvr_buf_printf(b, "%ld\n", g->gaps[i].entries);
  }
  csv_matrix(b, "category_organisation", g->categories, g->ncategories,
             g->orgs, g->norgs, g->cat_org);
  csv_matrix(b, "category_status", g->categories, g->ncategories, g->statuses,
             g->nstatuses, g->cat_status);
  csv_matrix(b, "topic_category", g->topics, g->ntopics, g->categories,
             g->ncategories, g->topic_cat);
  csv_matrix(b, "topic_status", g->topics, g->ntopics, g->statuses,
             g->nstatuses, g->topic_status);
}

/* A table: a row label column as wide as the longest label, then one
 * column per label, "-" for 0. */
static void table(mvr_buf *b, const char *title, const char *const *rows,
                  size_t nr, const char *const *cols, size_t nc,
                  const long *m)
{
  size_t r, c, w = 8;

  for (r = 0; r < nr; r++)
    if (strlen(rows[r]) > w)
      w = strlen(rows[r]);
  mvr_buf_printf(b, "\n%s\n%-*s", title, (int)w, "");
  for (c = 0; c < nc; c++)
    mvr_buf_printf(b, "  %s", cols[c]);
  mvr_buf_putc(b, '\n');
  for (r = 0; r < nr; r++) {
    mvr_buf_printf(b, "%-*s", (int)w, rows[r]);
    for (c = 0; c < nc; c++) {
      int cw = (int)strlen(cols[c]);
      long v = m[r * nc + c];
      if (v)
        mvr_buf_printf(b, "  %*ld", cw, v);
      else
        mvr_buf_printf(b, "  %*s", cw, "-");
    }
    mvr_buf_putc(b, '\n');
  }
}

static void text(mvr_buf *b, const mvr_gaps *g)
{
  size_t i;

  if (!g->ngaps)
    mvr_buf_puts(b, "No gaps: every topic and category has a published "
                    "entry.\n");
  for (i = 0; i < g->ngaps; i++)
    mvr_buf_printf(b, "gap: %s \"%s\": %s%s\n", g->gaps[i].kind,
                   g->gaps[i].name, g->gaps[i].what,
                   g->gaps[i].entries ? " (only work in progress)" : "");
  mvr_buf_printf(b, "%zu gap%s among %zu topics and %zu categories; %lu "
                    "entries, %lu of no topic, %lu with topics set by an "
                    "editor.\n",
                 g->ngaps, g->ngaps == 1 ? "" : "s", g->ntopics,
                 g->ncategories, g->entries, g->untagged, g->overridden);
  table(b, "Entries by topic and category:", g->topics, g->ntopics,
        g->categories, g->ncategories, g->topic_cat);
  table(b, "Entries by topic and status:", g->topics, g->ntopics, g->statuses,
        g->nstatuses, g->topic_status);
  table(b, "Entries by category and status:", g->categories, g->ncategories,
        g->statuses, g->nstatuses, g->cat_status);
  table(b, "Entries by category and organisation:", g->categories,
        g->ncategories, g->orgs, g->norgs, g->cat_org);
}

mvr_status mvr_gaps_write(const mvr_gaps *g, const char *format,
                          mvr_write_fn fn, void *ud)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc;

  if (!g || !format || !fn)
    return MVR_ERR_ARG;
  if (strcmp(format, "json") == 0)
    json(&b, g);
  else if (strcmp(format, "csv") == 0)
    csv_out(&b, g);
  else if (strcmp(format, "text") == 0)
    text(&b, g);
  else
    return MVR_ERR_FORMAT;
  rc = mvr_buf_status(&b);
  if (!rc && b.len)
    rc = fn(ud, b.ptr, b.len);
  mvr_buf_free(&b);
  return rc;
}
