/* export_html.c - `mvroad export --format html -o DIR` (issue 7): a
 * static, read-only site of the roadmap for any web host. Pages: index
 * (counts, charts), entries (all, a plain list), entry/ID.html, orgs,
 * org/N.html, overlaps, gaps, releases; style.css; search.js (the
 * client-side search over search.json, loaded with <script src>; without
 * JavaScript the search form opens the plain list).
 *
 * Safety: every text from the data goes through mvr_xml_escape() (the
 * library's one markup escaper; attribute values are double-quoted); web
 * addresses become links only for http and https; links are relative;
 * file names are made of numbers only (entry ids, organisation ordinals),
 * never of data; files are opened relative to DIR with O_NOFOLLOW, and a
 * sub-directory that is not a plain directory (a symbolic link) is
 * refused, so nothing is ever written outside DIR. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "jsonutil.h"
#include "mvroad.h"
#include "xmlutil.h"

typedef struct org_page {
  char *name;
  long count;
  mvr_buf rows;
} org_page;

typedef struct html_ctx {
  mvr_db *db;
  const char *dir;
  int dirfd;
  org_page *orgs;
  size_t norgs, caporgs;
  size_t last; /* cache: the organisation of the previous entry */
} html_ctx;

static void esc(mvr_buf *b, const char *s) { mvr_xml_puts(b, s ? s : ""); }

static mvr_status io_fail(html_ctx *c, const char *what)
{
  return mvr_db_fail(c->db, MVR_ERR_IO, "%s/%s: %s", c->dir, what,
                     strerror(errno));
}

/* Write `b` to DIR/`rel` (rel made by this file: digits, letters, '/',
 * '.'), never through a symbolic link. Frees `b`. */
static mvr_status put_file(html_ctx *c, const char *rel, mvr_buf *b)
{
  mvr_status rc = mvr_buf_status(b);
  const char *p;
  size_t left;
  int fd;

  if (rc) {
    mvr_buf_free(b);
    return rc;
  }
  fd = openat(c->dirfd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
                                 O_CLOEXEC,
              0644);
  if (fd < 0 && errno == ELOOP) {
    mvr_buf_free(b);
    return mvr_db_fail(c->db, MVR_ERR_IO,
                       "%s/%s: a symbolic link: not followed (nothing is "
                       "written outside the directory)",
                       c->dir, rel);
  }
  if (fd < 0) {
    rc = io_fail(c, rel);
    mvr_buf_free(b);
    return rc;
  }
  for (p = mvr_buf_cstr(b), left = b->len; left;) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      rc = io_fail(c, rel);
      break;
    }
    p += n;
    left -= (size_t)n;
  }
  if (close(fd) != 0 && !rc)
    rc = io_fail(c, rel);
  mvr_buf_free(b);
  return rc;
}

/* A sub-directory of DIR, made if missing; refused unless a plain
 * directory (never a symbolic link). */
static mvr_status subdir(html_ctx *c, const char *name)
{
  struct stat st;

  if (mkdirat(c->dirfd, name, 0755) != 0 && errno != EEXIST)
    return io_fail(c, name);
  if (fstatat(c->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return io_fail(c, name);
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return io_fail(c, name);
  }
  return MVR_OK;
}

#define SITE_NAME "Metaverse Standardization Roadmap"

static const char *const nav[][2] = {
    {"index.html", "Home"},       {"entries.html", "Entries"},
    {"orgs.html", "Organisations"}, {"overlaps.html", "Overlaps"},
    {"gaps.html", "Gaps"},        {"releases.html", "Releases"}};

/* The start of a page; `up` is "" at the top, "../" one level down. */
static void page_begin(html_ctx *c, mvr_buf *b, const char *up,
                       const char *title)
{
  size_t i;

  mvr_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                  "charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n"
                  "<title>");
  esc(b, title);
  mvr_buf_printf(b, " - " SITE_NAME "</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">"
                    "\n<script src=\"%ssearch.js\" defer></script>\n</head>\n"
                    "<body data-root=\"%s\">\n<header><nav "
                    "aria-label=\"Site\"><ul>",
                 up, up, up);
  for (i = 0; i < sizeof nav / sizeof nav[0]; i++)
    mvr_buf_printf(b, "<li><a href=\"%s%s\">%s</a></li>", up, nav[i][0],
                   nav[i][1]);
  mvr_buf_printf(b, "</ul></nav>\n<form class=\"search\" role=\"search\" "
                    "action=\"%sentries.html\" method=\"get\"><label "
                    "for=\"q\">Search</label> <input id=\"q\" name=\"q\" "
                    "type=\"search\"> <button type=\"submit\">Search"
                    "</button></form>\n</header>\n<main>\n<div "
                    "id=\"results\" hidden></div>\n<h1>",
                 up);
  esc(b, title);
  mvr_buf_puts(b, "</h1>\n");
}

static void page_end(mvr_buf *b)
{
  mvr_buf_printf(b, "</main>\n<footer><p>A static copy of the register, "
                    "made by mvroad %s. Read-only.</p></footer>\n</body>\n"
                    "</html>\n",
                 mvr_version());
}

static void figure(mvr_buf *b, const char *caption, char *svg, size_t len)
{
  mvr_buf_puts(b, "<figure class=\"chart\">\n<figcaption>");
  esc(b, caption);
  mvr_buf_puts(b, "</figcaption>\n");
  mvr_buf_put(b, svg, len);
  mvr_buf_puts(b, "</figure>\n");
  mvr_free(svg);
}

static void entry_link(mvr_buf *b, const char *up, int64_t id,
                       const char *reference)
{
  mvr_buf_printf(b, "<a href=\"%sentry/%" PRId64 ".html\">", up, id);
  esc(b, reference && *reference ? reference : "(no reference)");
  mvr_buf_puts(b, "</a>");
}

static int is_web(const char *u)
{
  return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

/* The organisation page of `name`, made on first use. */
static org_page *org_of(html_ctx *c, const char *name, size_t *idx)
{
  size_t i;

  if (c->last < c->norgs && strcmp(c->orgs[c->last].name, name) == 0) {
    *idx = c->last;
    return &c->orgs[c->last];
  }
  for (i = 0; i < c->norgs; i++)
    if (strcmp(c->orgs[i].name, name) == 0)
      break;
  if (i == c->norgs) {
    if (c->norgs == c->caporgs) {
      size_t cap = c->caporgs ? 2 * c->caporgs : 64;
      org_page *o = mvr_realloc(c->orgs, cap * sizeof *o);
      if (!o)
        return NULL;
      c->orgs = o;
      c->caporgs = cap;
    }
    c->orgs[i].name = mvr_malloc(strlen(name) + 1);
    if (!c->orgs[i].name)
      return NULL;
    memcpy(c->orgs[i].name, name, strlen(name) + 1);
    c->orgs[i].count = 0;
    mvr_buf_init(&c->orgs[i].rows, MVR_BUF_DEFAULT_MAX);
    c->norgs++;
  }
  c->last = i;
  *idx = i;
  return &c->orgs[i];
}

static void row(mvr_buf *b, const char *up, const mvr_entry *e)
{
  mvr_buf_puts(b, "<tr><th scope=\"row\">");
  entry_link(b, up, e->id, e->reference);
  mvr_buf_puts(b, "</th><td>");
  esc(b, e->sdo);
  mvr_buf_puts(b, "</td><td>");
  esc(b, e->title);
  mvr_buf_puts(b, "</td><td>");
  esc(b, e->status);
  mvr_buf_puts(b, "</td></tr>\n");
}

#define TABLE_HEAD                                                          \
  "<table>\n<thead><tr><th scope=\"col\">Reference</th><th "                \
  "scope=\"col\">Organisation</th><th scope=\"col\">Title</th><th "         \
  "scope=\"col\">Status</th></tr></thead>\n<tbody>\n"

static mvr_status entry_page(html_ctx *c, const mvr_entry *e, size_t org)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  char rel[64];
  size_t i;

  page_begin(c, &b, "../", *e->reference ? e->reference : e->title);
  mvr_buf_puts(&b, "<p class=\"lead\">");
  esc(&b, e->title);
  mvr_buf_puts(&b, "</p>\n<dl>\n<dt>Organisation</dt><dd>");
  mvr_buf_printf(&b, "<a href=\"../org/%zu.html\">", org + 1);
  esc(&b, e->sdo);
  mvr_buf_puts(&b, "</a></dd>\n<dt>Reference</dt><dd>");
  esc(&b, e->reference);
  if (e->ref_detail && *e->ref_detail) {
    mvr_buf_puts(&b, " (");
    esc(&b, e->ref_detail);
    mvr_buf_puts(&b, ")");
  }
  mvr_buf_puts(&b, "</dd>\n<dt>Type</dt><dd>");
  esc(&b, e->type);
  mvr_buf_puts(&b, "</dd>\n<dt>Status</dt><dd>");
  esc(&b, e->status);
  if (e->status_detail && *e->status_detail &&
      strcmp(e->status_detail, e->status) != 0) {
    mvr_buf_puts(&b, " (");
    esc(&b, e->status_detail);
    mvr_buf_puts(&b, ")");
  }
  mvr_buf_puts(&b, "</dd>\n<dt>Categories</dt><dd>");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      mvr_buf_puts(&b, "; ");
    esc(&b, e->categories[i]);
  }
  mvr_buf_puts(&b, "</dd>\n<dt>Summary</dt><dd>");
  esc(&b, e->summary);
  mvr_buf_puts(&b, "</dd>\n<dt>Web address</dt><dd>");
  if (is_web(e->url)) {
    mvr_buf_puts(&b, "<a href=\"");
    esc(&b, e->url);
    mvr_buf_puts(&b, "\" rel=\"noopener noreferrer\">");
    esc(&b, e->url);
    mvr_buf_puts(&b, "</a>");
  } else {
    esc(&b, e->url);
  }
  mvr_buf_puts(&b, "</dd>\n<dt>First seen</dt><dd>");
  esc(&b, e->first_seen);
  mvr_buf_puts(&b, "</dd>\n<dt>Last updated</dt><dd>");
  esc(&b, e->last_updated);
  mvr_buf_printf(&b, "</dd>\n<dt>Id</dt><dd>%" PRId64 "</dd>\n</dl>\n",
                 e->id);
  page_end(&b);
  snprintf(rel, sizeof rel, "entry/%" PRId64 ".html", e->id);
  return put_file(c, rel, &b);
}

/* Every entry: its page, a row of the list, of its organisation's page,
 * and of the search index. */
static mvr_status entries_pass(html_ctx *c, long *count)
{
  mvr_buf list = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_buf idx = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_query q = {0};
  mvr_cursor *cur = NULL;
  const mvr_entry *e;
  mvr_status rc;
  long n = 0;
  size_t i;

  rc = mvr_query_run(c->db, &q, &cur);
  if (rc)
    return rc;
  page_begin(c, &list, "", "Entries");
  mvr_buf_puts(&list, TABLE_HEAD);
  mvr_buf_puts(&idx, "{\"entries\": [");
  while ((rc = mvr_cursor_next(cur, &e)) == MVR_OK && e) {
    size_t o;
    org_page *op = org_of(c, e->sdo, &o);
    if (!op) {
      rc = MVR_ERR_NOMEM;
      break;
    }
    op->count++;
    row(&op->rows, "../", e);
    row(&list, "", e);
    mvr_buf_printf(&idx, "%s\n{\"id\": %" PRId64 ", \"href\": \"entry/%" PRId64
                         ".html\", \"reference\": ",
                   n ? "," : "", e->id, e->id);
    mvr_json_string(&idx, e->reference, strlen(e->reference));
    mvr_buf_puts(&idx, ", \"sdo\": ");
    mvr_json_string(&idx, e->sdo, strlen(e->sdo));
    mvr_buf_puts(&idx, ", \"title\": ");
    mvr_json_string(&idx, e->title, strlen(e->title));
    mvr_buf_puts(&idx, ", \"status\": ");
    mvr_json_string(&idx, e->status, strlen(e->status));
    mvr_buf_puts(&idx, ", \"categories\": [");
    for (i = 0; i < e->ncategories; i++) {
      if (i)
        mvr_buf_puts(&idx, ", ");
      mvr_json_string(&idx, e->categories[i], strlen(e->categories[i]));
    }
    mvr_buf_puts(&idx, "]}");
    n++;
    rc = entry_page(c, e, o);
    if (rc)
      break;
  }
  mvr_cursor_free(cur);
  if (rc) {
    mvr_buf_free(&list);
    mvr_buf_free(&idx);
    return rc;
  }
  mvr_buf_puts(&list, "</tbody>\n</table>\n");
  if (!n)
    mvr_buf_puts(&list, "<p>The register is empty.</p>\n");
  page_end(&list);
  mvr_buf_puts(&idx, "\n]}\n");
  rc = put_file(c, "entries.html", &list);
  if (!rc)
    rc = put_file(c, "search.json", &idx);
  else
    mvr_buf_free(&idx);
  *count = n;
  return rc;
}

static mvr_status org_pages(html_ctx *c)
{
  mvr_buf list = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc = MVR_OK;
  size_t i;

  page_begin(c, &list, "", "Organisations");
  mvr_buf_puts(&list, "<table>\n<thead><tr><th scope=\"col\">Organisation"
                      "</th><th scope=\"col\" class=\"num\">Entries</th>"
                      "</tr></thead>\n<tbody>\n");
  for (i = 0; i < c->norgs && !rc; i++) {
    mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
    char rel[64];
    mvr_buf_printf(&list, "<tr><th scope=\"row\"><a href=\"org/%zu.html\">",
                   i + 1);
    esc(&list, c->orgs[i].name);
    mvr_buf_printf(&list, "</a></th><td class=\"num\">%ld</td></tr>\n",
                   c->orgs[i].count);
    page_begin(c, &b, "../", c->orgs[i].name);
    mvr_buf_printf(&b, "<p>%ld entries.</p>\n" TABLE_HEAD, c->orgs[i].count);
    mvr_buf_put(&b, mvr_buf_cstr(&c->orgs[i].rows), c->orgs[i].rows.len);
    if (mvr_buf_status(&c->orgs[i].rows))
      rc = mvr_buf_status(&c->orgs[i].rows);
    mvr_buf_puts(&b, "</tbody>\n</table>\n");
    page_end(&b);
    snprintf(rel, sizeof rel, "org/%zu.html", i + 1);
    if (rc)
      mvr_buf_free(&b);
    else
      rc = put_file(c, rel, &b);
  }
  mvr_buf_puts(&list, "</tbody>\n</table>\n");
  page_end(&list);
  if (rc) {
    mvr_buf_free(&list);
    return rc;
  }
  return put_file(c, "orgs.html", &list);
}

static mvr_status index_page(html_ctx *c, long n)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_chart_bar *bars = NULL;
  mvr_query q = {0};
  mvr_stats *st = NULL;
  mvr_status rc;
  char *svg;
  size_t len, i, k;

  rc = mvr_stats_get(c->db, &q, &st);
  if (rc)
    return rc;
  page_begin(c, &b, "", SITE_NAME);
  mvr_buf_printf(&b, "<p class=\"counts\">%ld entries from %ld "
                     "organisations (%ld submissions). <a "
                     "href=\"entries.html\">All entries</a>.</p>\n",
                 n, st->organisations, st->submissions);
  k = st->ncategory > st->nstatus ? st->ncategory : st->nstatus;
  bars = mvr_malloc((k + 1) * sizeof *bars);
  if (!bars) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < st->ncategory; i++) {
    bars[i].label = st->by_category[i].label;
    bars[i].value = st->by_category[i].count;
  }
  rc = mvr_chart_bars("categories", "Entries by category", bars,
                      st->ncategory, &svg, &len);
  if (rc)
    goto out;
  figure(&b, "Entries by category", svg, len);
  for (i = 0; i < st->nstatus; i++) {
    bars[i].label = st->by_status[i].label;
    bars[i].value = st->by_status[i].count;
  }
  rc = mvr_chart_bars("statuses", "Entries by status", bars, st->nstatus,
                      &svg, &len);
  if (rc)
    goto out;
  figure(&b, "Entries by status", svg, len);
  page_end(&b);
  rc = put_file(c, "index.html", &b);
out:
  if (rc)
    mvr_buf_free(&b);
  mvr_free(bars);
  mvr_stats_free(st);
  return rc;
}

static void side(mvr_buf *b, const mvr_overlap_side *s)
{
  entry_link(b, "", s->id, s->reference);
  mvr_buf_puts(b, " (");
  esc(b, s->sdo);
  mvr_buf_puts(b, ")<br>");
  esc(b, s->title);
}

static mvr_status overlaps_page(html_ctx *c)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_overlap_opts o = {0, 200};
  mvr_overlaps *ov = NULL;
  mvr_status rc;
  size_t i, t;

  rc = mvr_overlaps_find(c->db, &o, &ov);
  if (rc)
    return rc;
  page_begin(c, &b, "", "Overlaps");
  mvr_buf_printf(&b, "<p>Pairs of entries of different organisations whose "
                     "titles and summaries say the same thing (score at "
                     "least %.2f): %lu known equivalences, %lu overlaps; "
                     "the best %zu shown.</p>\n",
                 ov->min_score, ov->equivalents, ov->found, ov->npairs);
  if (ov->npairs)
    mvr_buf_puts(&b, "<table>\n<thead><tr><th scope=\"col\">Kind</th><th "
                     "scope=\"col\" class=\"num\">Score</th><th "
                     "scope=\"col\">Entry</th><th scope=\"col\">Entry</th>"
                     "<th scope=\"col\">Shared words</th></tr></thead>\n"
                     "<tbody>\n");
  for (i = 0; i < ov->npairs; i++) {
    const mvr_overlap *x = &ov->pairs[i];
    mvr_buf_puts(&b, "<tr><td>");
    esc(&b, x->kind);
    if (*x->why) {
      mvr_buf_puts(&b, " (");
      esc(&b, x->why);
      mvr_buf_puts(&b, ")");
    }
    mvr_buf_printf(&b, "</td><td class=\"num\">%.2f</td><td>", x->score);
    side(&b, &x->a);
    mvr_buf_puts(&b, "</td><td>");
    side(&b, &x->b);
    mvr_buf_puts(&b, "</td><td>");
    for (t = 0; t < x->nterms; t++) {
      if (t)
        mvr_buf_puts(&b, ", ");
      esc(&b, x->terms[t]);
    }
    mvr_buf_puts(&b, "</td></tr>\n");
  }
  if (ov->npairs)
    mvr_buf_puts(&b, "</tbody>\n</table>\n");
  page_end(&b);
  mvr_overlaps_free(ov);
  return put_file(c, "overlaps.html", &b);
}

static mvr_status gaps_page(html_ctx *c)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_chart_bar *bars = NULL;
  mvr_gaps *g = NULL;
  mvr_status rc;
  char *svg;
  size_t len, i;

  rc = mvr_gaps_find(c->db, &g);
  if (rc)
    return rc;
  page_begin(c, &b, "", "Gaps");
  mvr_buf_printf(&b, "<p>%lu entries, %lu of no topic.</p>\n", g->entries,
                 g->untagged);
  if (!g->ngaps)
    mvr_buf_puts(&b, "<p>No gap: every topic and category has a published "
                     "standard.</p>\n");
  else
    mvr_buf_puts(&b, "<ul class=\"gaps\">\n");
  for (i = 0; i < g->ngaps; i++) {
    mvr_buf_puts(&b, "<li>");
    esc(&b, g->gaps[i].kind);
    mvr_buf_puts(&b, " <strong>");
    esc(&b, g->gaps[i].name);
    mvr_buf_puts(&b, "</strong>: ");
    esc(&b, g->gaps[i].what);
    mvr_buf_printf(&b, " (%ld entries)</li>\n", g->gaps[i].entries);
  }
  if (g->ngaps)
    mvr_buf_puts(&b, "</ul>\n");
  bars = mvr_malloc((g->ntopics + 1) * sizeof *bars);
  if (!bars) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < g->ntopics; i++) {
    bars[i].label = g->topics[i];
    bars[i].value = g->topic_total[i];
  }
  rc = mvr_chart_bars("topics", "Entries by topic", bars, g->ntopics, &svg,
                      &len);
  if (rc)
    goto out;
  figure(&b, "Entries by topic", svg, len);
  rc = mvr_chart_heatmap("topic-category", "Entries by topic and category",
                         g->topics, g->ntopics, g->categories,
                         g->ncategories, g->topic_cat, &svg, &len);
  if (rc)
    goto out;
  figure(&b, "Entries by topic and category", svg, len);
  rc = mvr_chart_heatmap("category-status", "Entries by category and status",
                         g->categories, g->ncategories, g->statuses,
                         g->nstatuses, g->cat_status, &svg, &len);
  if (rc)
    goto out;
  figure(&b, "Entries by category and status", svg, len);
  page_end(&b);
  rc = put_file(c, "gaps.html", &b);
out:
  if (rc)
    mvr_buf_free(&b);
  mvr_free(bars);
  mvr_gaps_free(g);
  return rc;
}

static mvr_status releases_page(html_ctx *c)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_releases *rels = NULL;
  mvr_status rc;
  char *svg;
  size_t len, i;

  rc = mvr_release_list(c->db, &rels);
  if (rc)
    return rc;
  page_begin(c, &b, "", "Releases");
  if (!rels->n) {
    mvr_buf_puts(&b, "<p>No release has been made yet.</p>\n");
  } else {
    rc = mvr_release_timeline_svg(c->db, "timeline", &svg, &len);
    if (rc)
      goto out;
    figure(&b, "Entries by status in each release", svg, len);
    mvr_buf_puts(&b, "<table>\n<thead><tr><th scope=\"col\">Release</th><th "
                     "scope=\"col\">Date</th><th scope=\"col\" "
                     "class=\"num\">Entries</th><th scope=\"col\">Note</th>"
                     "</tr></thead>\n<tbody>\n");
  }
  for (i = rels->n; i-- > 0;) {
    const mvr_release *r = &rels->items[i];
    mvr_buf_puts(&b, "<tr><th scope=\"row\">");
    esc(&b, r->name);
    mvr_buf_puts(&b, "</th><td>");
    esc(&b, r->date);
    mvr_buf_printf(&b, "</td><td class=\"num\">%ld</td><td>", r->entries);
    esc(&b, r->note);
    mvr_buf_puts(&b, "</td></tr>\n");
  }
  if (rels->n)
    mvr_buf_puts(&b, "</tbody>\n</table>\n");
  page_end(&b);
  rc = put_file(c, "releases.html", &b);
out:
  if (rc)
    mvr_buf_free(&b);
  mvr_releases_free(rels);
  return rc;
}

static const char css[] =
    "body{font-family:sans-serif;margin:0;color:#111;background:#fff}\n"
    "header{background:#1f4e8c;color:#fff;padding:.5em 1em}\n"
    "header a{color:#fff}\n"
    "nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;"
    "gap:1em}\n"
    "form.search{margin-top:.5em}\n"
    "main{padding:1em;max-width:80em}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{border-bottom:1px solid #ccc;padding:.3em .5em;text-align:left;"
    "vertical-align:top}\n"
    ".num{text-align:right}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.3em 1em}\n"
    "dt{font-weight:bold}\n"
    "dd{margin:0;white-space:pre-wrap}\n"
    "figure.chart{margin:1em 0;overflow-x:auto}\n"
    "#results ul{padding-left:1.2em}\n"
    "footer{padding:1em;color:#555;font-size:.9em}\n";

/* The client-side search: on submit (and as the user types), the entries
 * of search.json whose reference, organisation, title or status hold
 * every word typed, shown as links above the page. Text is set with
 * textContent, never as markup. Without JavaScript the form opens
 * entries.html, the plain list. */
static const char js[] =
    "(function () {\n"
    "  'use strict';\n"
    "  var root = document.body.getAttribute('data-root') || '';\n"
    "  var form = document.querySelector('form.search');\n"
    "  var box = document.getElementById('results');\n"
    "  var input = document.getElementById('q');\n"
    "  var index = null;\n"
    "  if (!form || !box || !input || !window.fetch) return;\n"
    "  function load() {\n"
    "    if (index) return Promise.resolve(index);\n"
    "    return fetch(root + 'search.json').then(function (r) {\n"
    "      if (!r.ok) throw new Error(r.status);\n"
    "      return r.json();\n"
    "    }).then(function (d) {\n"
    "      index = d.entries.map(function (e) {\n"
    "        e.hay = [e.reference, e.sdo, e.title, e.status]\n"
    "          .concat(e.categories).join(' ').toLowerCase();\n"
    "        return e;\n"
    "      });\n"
    "      return index;\n"
    "    });\n"
    "  }\n"
    "  function show(q) {\n"
    "    var words = q.toLowerCase().split(/\\s+/).filter(Boolean);\n"
    "    while (box.firstChild) box.removeChild(box.firstChild);\n"
    "    if (!words.length) { box.hidden = true; return; }\n"
    "    var hits = index.filter(function (e) {\n"
    "      return words.every(function (w) { return e.hay.indexOf(w) >= 0; "
    "});\n"
    "    });\n"
    "    var h = document.createElement('h2');\n"
    "    h.textContent = hits.length + ' entries match';\n"
    "    box.appendChild(h);\n"
    "    var ul = document.createElement('ul');\n"
    "    hits.slice(0, 200).forEach(function (e) {\n"
    "      var li = document.createElement('li');\n"
    "      var a = document.createElement('a');\n"
    "      a.href = root + e.href;\n"
    "      a.textContent = e.reference || '(no reference)';\n"
    "      li.appendChild(a);\n"
    "      li.appendChild(document.createTextNode(' ' + e.sdo + ': ' + "
    "e.title + ' (' + e.status + ')'));\n"
    "      ul.appendChild(li);\n"
    "    });\n"
    "    box.appendChild(ul);\n"
    "    box.hidden = false;\n"
    "  }\n"
    "  function run(ev) {\n"
    "    if (ev) ev.preventDefault();\n"
    "    load().then(function () { show(input.value); }, function () {\n"
    "      form.submit();\n"
    "    });\n"
    "  }\n"
    "  form.addEventListener('submit', run);\n"
    "  input.addEventListener('input', function () { run(null); });\n"
    "  var m = /[?&]q=([^&]*)/.exec(location.search);\n"
    "  if (m) {\n"
    "    input.value = decodeURIComponent(m[1].replace(/\\+/g, ' '));\n"
    "    run(null);\n"
    "  }\n"
    "})();\n";

static mvr_status static_file(html_ctx *c, const char *rel, const char *s)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);

  mvr_buf_puts(&b, s);
  return put_file(c, rel, &b);
}

/* 1 if directory `dir` holds anything, 0 if empty or missing, -1 on
 * error (errno set). */
static int non_empty(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *de;
  int any = 0;

  if (!d)
    return errno == ENOENT ? 0 : -1;
  while ((de = readdir(d)) != NULL)
    if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
      any = 1;
      break;
    }
  closedir(d);
  return any;
}

mvr_status mvr_export_html(mvr_db *db, const char *dir, unsigned flags)
{
  html_ctx c;
  mvr_status rc;
  long n = 0;
  size_t i;
  int ne;

  if (!db || !dir || !*dir || (flags & ~MVR_HTML_FORCE))
    return MVR_ERR_ARG;
  memset(&c, 0, sizeof c);
  c.db = db;
  c.dir = dir;
  c.dirfd = -1;
  ne = non_empty(dir);
  if (ne < 0)
    return mvr_db_fail(db, MVR_ERR_IO, "%s: %s", dir, strerror(errno));
  if (ne && !(flags & MVR_HTML_FORCE))
    return mvr_db_fail(db, MVR_ERR_EXISTS,
                       "%s: the directory is not empty (force to write "
                       "into it)",
                       dir);
  if (mkdir(dir, 0755) != 0 && errno != EEXIST)
    return mvr_db_fail(db, MVR_ERR_IO, "%s: %s", dir, strerror(errno));
  c.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (c.dirfd < 0)
    return mvr_db_fail(db, MVR_ERR_IO, "%s: %s", dir, strerror(errno));
  rc = subdir(&c, "entry");
  if (!rc)
    rc = subdir(&c, "org");
  if (!rc)
    rc = entries_pass(&c, &n);
  if (!rc)
    rc = org_pages(&c);
  if (!rc)
    rc = index_page(&c, n);
  if (!rc)
    rc = overlaps_page(&c);
  if (!rc)
    rc = gaps_page(&c);
  if (!rc)
    rc = releases_page(&c);
  if (!rc)
    rc = static_file(&c, "style.css", css);
  if (!rc)
    rc = static_file(&c, "search.js", js);
  for (i = 0; i < c.norgs; i++) {
    mvr_free(c.orgs[i].name);
    mvr_buf_free(&c.orgs[i].rows);
  }
  mvr_free(c.orgs);
  close(c.dirfd);
  return rc;
}
