/* route_home.c - the overview page (/): counts, the latest release and
 * what changed since, entries by status and by category as SVG bar
 * charts (titled, labelled with their numbers, readable without colour)
 * and a table of categories by organisation. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "router.h"
#include "url.h"
#include "view.h"

#define HTML_TYPE "text/html; charset=utf-8"

/* A horizontal bar chart of `c` (zero counts left out), labelled with
 * its numbers so that it reads without colour, then the same figures as
 * links to their entries (links inside an SVG with role="img" would be
 * hidden from screen readers). */
static void bar_chart(sbuf *b, const char *id, const char *title,
                      const char *param, const mvr_count *c, size_t n)
{
  const int row_h = 28, label_w = 260, bar_w = 300;
  long max = 0;
  size_t i, rows = 0;
  int y = 0, first = 1;

  for (i = 0; i < n; i++) {
    if (c[i].count > max)
      max = c[i].count;
    rows += c[i].count > 0;
  }
  if (!rows)
    return;
  sbuf_printf(b,
              "<figure class=\"chart\">\n<svg role=\"img\" "
              "aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %d\" "
              "preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"%s-t\">",
              id, id, label_w + bar_w + 60, (int)rows * row_h, id);
  html_text(b, title);
  sbuf_printf(b, "</title>\n<desc id=\"%s-d\">", id);
  for (i = 0; i < n; i++) {
    if (!c[i].count)
      continue;
    html_text(b, c[i].label);
    sbuf_printf(b, ": %ld. ", c[i].count);
  }
  sbuf_puts(b, "</desc>\n");
  for (i = 0; i < n; i++) {
    double w;
    if (!c[i].count)
      continue;
    w = (double)bar_w * (double)c[i].count / (double)max;
    if (w < 1)
      w = 1;
    sbuf_printf(b, "<text class=\"label\" x=\"%d\" y=\"%d\">", label_w - 8,
                y + row_h / 2 + 5);
    html_text(b, c[i].label);
    sbuf_printf(b,
                "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" "
                "width=\"%.1f\" height=\"%d\"/><text class=\"value\" "
                "x=\"%.1f\" y=\"%d\">%ld</text>\n",
                label_w, y + 4, w, row_h - 8, (double)label_w + w + 6,
                y + row_h / 2 + 5, c[i].count);
    y += row_h;
  }
  sbuf_puts(b, "</svg>\n<figcaption><ul class=\"inline\">");
  for (i = 0; i < n; i++) {
    sbuf href = SBUF_INIT(4096);
    if (!c[i].count)
      continue;
    sbuf_puts(&href, "/entries?");
    sbuf_puts(&href, param);
    sbuf_putc(&href, '=');
    url_encode(&href, c[i].label, strlen(c[i].label));
    if (sbuf_failed(&href))
      sbuf_fail(b);
    sbuf_puts(b, first ? "<li>" : "</li><li>");
    first = 0;
    html_link(b, sbuf_str(&href), c[i].label);
    sbuf_printf(b, " (%ld)", c[i].count);
    sbuf_free(&href);
  }
  sbuf_puts(b, "</li></ul></figcaption>\n</figure>\n");
}

/* Categories by organisation, counted in one pass over the entries. */
static mvr_status matrix(sbuf *b, mvr_db *db, const mvr_stats *st)
{
  mvr_cursor *cur = NULL;
  const mvr_entry *e;
  long *cell = NULL;
  size_t ncat = st->ncategory, i, j, k;
  mvr_status rc;

  if (!st->nsdo || !ncat)
    return MVR_OK;
  cell = calloc(st->nsdo * ncat, sizeof *cell);
  if (!cell)
    return MVR_ERR_NOMEM;
  rc = mvr_query_run(db, NULL, &cur);
  if (rc)
    goto out;
  while ((rc = mvr_cursor_next(cur, &e)) == MVR_OK && e) {
    for (i = 0; i < st->nsdo; i++)
      if (strcmp(st->by_sdo[i].label, e->sdo) == 0)
        break;
    if (i == st->nsdo)
      continue;
    for (k = 0; k < e->ncategories; k++)
      for (j = 0; j < ncat; j++)
        if (strcmp(st->by_category[j].label, e->categories[k]) == 0)
          cell[i * ncat + j]++;
  }
  if (rc)
    goto out;
  sbuf_puts(b, "<section aria-labelledby=\"matrix-h\">\n<h2 id=\"matrix-h\">"
               "Categories by organisation</h2>\n<p>An entry in two "
               "categories counts in both. Each number links to its "
               "entries.</p>\n<div class=\"scroll\" role=\"region\" "
               "aria-labelledby=\"matrix-h\" tabindex=\"0\">\n"
               "<table class=\"matrix\">\n<thead><tr>"
               "<th scope=\"col\">Organisation</th>");
  for (j = 0; j < ncat; j++) {
    sbuf_puts(b, "<th scope=\"col\" class=\"num\">");
    html_text(b, st->by_category[j].label);
    sbuf_puts(b, "</th>");
  }
  sbuf_puts(b, "<th scope=\"col\" class=\"num\">Entries</th></tr></thead>\n"
               "<tbody>\n");
  for (i = 0; i < st->nsdo; i++) {
    sbuf href = SBUF_INIT(4096);
    view_org_href(&href, st->by_sdo[i].label);
    sbuf_puts(b, "<tr><th scope=\"row\">");
    html_link(b, sbuf_str(&href), st->by_sdo[i].label);
    sbuf_puts(b, "</th>");
    for (j = 0; j < ncat; j++) {
      long n = cell[i * ncat + j];
      if (!n) {
        sbuf_puts(b, "<td class=\"num zero\">0</td>");
        continue;
      }
      sbuf_reset(&href);
      sbuf_puts(&href, "/entries?sdo=");
      url_encode(&href, st->by_sdo[i].label, strlen(st->by_sdo[i].label));
      sbuf_puts(&href, "&category=");
      url_encode(&href, st->by_category[j].label,
                 strlen(st->by_category[j].label));
      sbuf_puts(b, "<td class=\"num\"><a href=\"");
      html_text(b, sbuf_str(&href));
      sbuf_printf(b, "\">%ld</a></td>", n);
    }
    sbuf_printf(b, "<td class=\"num\">%ld</td></tr>\n", st->by_sdo[i].count);
    if (sbuf_failed(&href))
      sbuf_fail(b);
    sbuf_free(&href);
  }
  sbuf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
out:
  mvr_cursor_free(cur);
  free(cell);
  return rc;
}

typedef struct diff_count {
  long added, removed, changed;
} diff_count;

static mvr_status count_diff(void *ud, const mvr_diff_item *d)
{
  diff_count *n = ud;

  if (d->kind == MVR_DIFF_ADDED)
    n->added++;
  else if (d->kind == MVR_DIFF_REMOVED)
    n->removed++;
  else
    n->changed++;
  return MVR_OK;
}

/* The latest release and what changed since. */
static mvr_status latest_release(sbuf *b, mvr_db *db)
{
  mvr_releases *rels = NULL;
  const mvr_release *rel;
  diff_count n = {0, 0, 0};
  sbuf href = SBUF_INIT(4096);
  mvr_status rc;

  rc = mvr_release_list(db, &rels);
  if (rc || !rels->n)
    goto out;
  rel = &rels->items[rels->n - 1];
  rc = mvr_diff(db, rel->name, "current", count_diff, &n);
  if (rc)
    goto out;
  sbuf_puts(b, "<section aria-labelledby=\"release-h\">\n"
               "<h2 id=\"release-h\">Latest release</h2>\n<p>");
  sbuf_puts(&href, "/releases/");
  url_encode(&href, rel->name, strlen(rel->name));
  html_link(b, sbuf_str(&href), rel->name);
  sbuf_puts(b, " of ");
  html_text(b, rel->date);
  sbuf_puts(b, ", ");
  html_count(b, rel->entries, "entry", "entries");
  sbuf_puts(b, ". Since then: ");
  sbuf_printf(b, "%ld added, %ld removed, %ld changed (", n.added, n.removed,
              n.changed);
  sbuf_reset(&href);
  sbuf_puts(&href, "/diff?from=");
  url_encode(&href, rel->name, strlen(rel->name));
  sbuf_puts(&href, "&to=current");
  html_link(b, sbuf_str(&href), "see the changes");
  sbuf_puts(b, ").</p>\n</section>\n");
  if (sbuf_failed(&href))
    sbuf_fail(b);
out:
  sbuf_free(&href);
  mvr_releases_free(rels);
  return rc;
}

enum MHD_Result route_home(req *r)
{
  sbuf b = SBUF_INIT(8 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_stats *st = NULL;
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_stats_get(db, NULL, &st);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  html_begin(&b, r, "Overview", NAV_HOME, NULL);
  sbuf_puts(&b, "<h1>Metaverse Standardization Roadmap</h1>\n"
                "<p class=\"lead\">The standards, recommendations and "
                "reports on the metaverse that standards bodies have "
                "published or are developing, as collected by the ITU-T "
                "JCA-MV.</p>\n<ul class=\"counts\">\n<li><a "
                "href=\"/entries\">");
  html_count(&b, st->entries, "entry", "entries");
  sbuf_puts(&b, "</a></li>\n<li><a href=\"/orgs\">");
  html_count(&b, st->organisations, "organisation", "organisations");
  sbuf_puts(&b, "</a></li>\n<li>");
  html_count(&b, st->submissions, "submission", "submissions");
  sbuf_puts(&b, "</li>\n</ul>\n<p>Search with the box at the top of every "
                "page, or <a href=\"/entries\">browse the entries</a> by "
                "organisation, category, status and type.</p>\n");
  rc = latest_release(&b, db);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  sbuf_puts(&b, "<section aria-labelledby=\"status-h\">\n"
                "<h2 id=\"status-h\">Entries by status</h2>\n");
  bar_chart(&b, "status-chart", "Entries by status", "status", st->by_status,
            st->nstatus);
  sbuf_puts(&b, "</section>\n<section aria-labelledby=\"cat-h\">\n"
                "<h2 id=\"cat-h\">Entries by category</h2>\n");
  bar_chart(&b, "cat-chart", "Entries by category", "category", st->by_category,
            st->ncategory);
  sbuf_puts(&b, "</section>\n");
  rc = matrix(&b, db, st);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  html_end(&b);
  ret = resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
out:
  sbuf_free(&b);
  mvr_stats_free(st);
  return ret;
}
