/* view.c - listings of entries: filters from the request, links that
 * change one filter, and the HTML of a listing with its facets. Every
 * value from the register or the request is written with html_text(),
 * and every value put in a link with url_encode(). */
#include "view.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "url.h"

void view_from_req(view *v, const req *r, const char *base)
{
  memset(v, 0, sizeof *v);
  v->base = base;
  v->q = req_param_get(r, "q");
  v->sdo = req_param_get(r, "sdo");
  v->category = req_param_get(r, "category");
  v->status = req_param_get(r, "status");
  v->type = req_param_get(r, "type");
  v->sort = req_param_get(r, "sort");
  v->release = req_param_get(r, "release");
  v->page = req_param_long(r, "page", 1);
  v->limit = req_param_long(r, "limit", VIEW_PAGE_SIZE);
  v->offset = req_param_get(r, "offset") ? req_param_long(r, "offset", 0)
                                         : (v->page - 1) * v->limit;
}

void view_query(const view *v, mvr_query *q, int paged)
{
  memset(q, 0, sizeof *q);
  q->text = v->q;
  q->sdo = v->sdo;
  q->category = v->category;
  q->status = v->status;
  q->type = v->type;
  /* a search is in order of relevance unless asked otherwise */
  q->sort = v->sort ? v->sort : v->q ? "rank" : NULL;
  q->release = v->release;
  if (paged) {
    q->limit = v->limit;
    q->offset = v->offset;
  }
}

static void add_param(sbuf *b, int *first, const char *name, const char *value)
{
  if (!value || !*value)
    return;
  sbuf_putc(b, *first ? '?' : '&');
  *first = 0;
  sbuf_puts(b, name);
  sbuf_putc(b, '=');
  url_encode(b, value, strlen(value));
}

void view_href(sbuf *b, const view *v, const char *base, view_link kind,
               const char *name, const char *value)
{
  static const char *const names[] = {"q",    "sdo",  "category", "status",
                                      "type", "sort", "release",  "limit"};
  const char *values[8];
  char limit[24];
  size_t i;
  int first = 1;

  values[0] = v->q;
  values[1] = v->fixed_sdo && kind == LINK_PAGE ? NULL : v->sdo;
  values[2] = v->category;
  values[3] = v->status;
  values[4] = v->type;
  values[5] = v->sort;
  values[6] = v->fixed_release && kind == LINK_PAGE ? NULL : v->release;
  values[7] = NULL;
  if (kind == LINK_PAGE && v->limit != VIEW_PAGE_SIZE) {
    snprintf(limit, sizeof limit, "%ld", v->limit);
    values[7] = limit;
  }
  sbuf_puts(b, base);
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *val = values[i];
    if (name && strcmp(name, names[i]) == 0)
      val = value;
    add_param(b, &first, names[i], val);
  }
  if (name && strcmp(name, "page") == 0)
    add_param(b, &first, "page", value);
}

void view_org_href(sbuf *b, const char *org)
{
  sbuf_puts(b, "/orgs/");
  url_encode(b, org, strlen(org));
}

/* <a href="..."> for `v` with `name` set to `value`. */
static void open_link(sbuf *b, const view *v, const char *name,
                      const char *value, const char *extra)
{
  sbuf href = SBUF_INIT(16384);

  view_href(&href, v, v->base, LINK_PAGE, name, value);
  if (sbuf_failed(&href))
    sbuf_fail(b);
  sbuf_puts(b, "<a href=\"");
  html_text(b, sbuf_str(&href));
  sbuf_puts(b, "\"");
  if (extra)
    sbuf_puts(b, extra);
  sbuf_putc(b, '>');
  sbuf_free(&href);
}

/* One facet: its values with counts, each a link that sets the filter,
 * the selected one a link that removes it. */
static void facet(sbuf *b, const view *v, const char *param,
                  const char *heading, const char *selected, const mvr_count *c,
                  size_t n)
{
  size_t i;
  int any = 0;

  for (i = 0; i < n; i++)
    any |= c[i].count > 0;
  if (!any && !selected)
    return;
  sbuf_puts(b, "<section class=\"facet\">\n<h3 id=\"facet-");
  sbuf_puts(b, param);
  sbuf_puts(b, "\">");
  sbuf_puts(b, heading);
  sbuf_puts(b, "</h3>\n<ul aria-labelledby=\"facet-");
  sbuf_puts(b, param);
  sbuf_puts(b, "\">\n");
  for (i = 0; i < n; i++) {
    int on = selected && strcasecmp(selected, c[i].label) == 0;
    if (!c[i].count && !on)
      continue;
    sbuf_puts(b, on ? "<li class=\"on\">" : "<li>");
    if (on)
      open_link(b, v, param, NULL, " aria-current=\"true\"");
    else
      open_link(b, v, param, c[i].label, NULL);
    html_text(b, c[i].label);
    sbuf_puts(b, " <span class=\"n\">");
    sbuf_long(b, c[i].count);
    sbuf_puts(b, "</span>");
    if (on)
      sbuf_puts(b, " <span class=\"x\">(selected; remove)</span>");
    sbuf_puts(b, "</a></li>\n");
  }
  sbuf_puts(b, "</ul>\n</section>\n");
}

/* "Filtered by" with a link removing each filter. */
static void active_filters(sbuf *b, const view *v)
{
  static const struct {
    const char *param, *label;
  } filters[] = {{"q", "words"},           {"sdo", "organisation"},
                 {"category", "category"}, {"status", "status"},
                 {"type", "type"},         {"release", "release"}};
  const char *values[6];
  size_t i;
  int any = 0;

  values[0] = v->q;
  values[1] = v->fixed_sdo ? NULL : v->sdo;
  values[2] = v->category;
  values[3] = v->status;
  values[4] = v->type;
  values[5] = v->fixed_release ? NULL : v->release;
  for (i = 0; i < 6; i++) {
    if (!values[i])
      continue;
    sbuf_puts(b, any ? ", " : "<p class=\"active\">Filtered by ");
    any = 1;
    sbuf_puts(b, filters[i].label);
    sbuf_puts(b, " \u201c");
    html_text(b, values[i]);
    sbuf_puts(b, "\u201d ");
    open_link(b, v, filters[i].param, NULL, NULL);
    sbuf_puts(b, "(remove<span class=\"visually-hidden\"> ");
    sbuf_puts(b, filters[i].label);
    sbuf_puts(b, " filter</span>)</a>");
  }
  if (any)
    sbuf_puts(b, ".</p>\n");
}

static void hidden(sbuf *b, const char *name, const char *value)
{
  if (!value)
    return;
  sbuf_puts(b, "<input type=\"hidden\" name=\"");
  sbuf_puts(b, name);
  sbuf_puts(b, "\" value=\"");
  html_text(b, value);
  sbuf_puts(b, "\">\n");
}

/* The form that changes the words, the order and the page size. */
static void controls(sbuf *b, const view *v)
{
  static const char *const sorts[][2] = {{"sdo", "Organisation"},
                                         {"reference", "Reference"},
                                         {"title", "Title"},
                                         {"status", "Status"},
                                         {"updated", "Recently updated"},
                                         {"rank", "Relevance"}};
  static const long sizes[] = {20, 50, 100, 200, 500};
  const char *sort = v->sort ? v->sort : v->q ? "rank" : "sdo";
  size_t i;

  sbuf_puts(b, "<form class=\"controls\" method=\"get\" action=\"");
  html_text(b, v->base);
  sbuf_puts(b, "\">\n<div><label for=\"list-q\">Words</label>\n"
               "<input id=\"list-q\" type=\"search\" name=\"q\" "
               "maxlength=\"256\" value=\"");
  if (v->q)
    html_text(b, v->q);
  sbuf_puts(b, "\"></div>\n<div><label for=\"list-sort\">Order by</label>\n"
               "<select id=\"list-sort\" name=\"sort\">\n");
  for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++) {
    sbuf_puts(b, "<option value=\"");
    sbuf_puts(b, sorts[i][0]);
    sbuf_puts(b, strcmp(sort, sorts[i][0]) == 0 ? "\" selected>" : "\">");
    sbuf_puts(b, sorts[i][1]);
    sbuf_puts(b, "</option>\n");
  }
  sbuf_puts(b, "</select></div>\n<div><label for=\"list-limit\">Per "
               "page</label>\n<select id=\"list-limit\" name=\"limit\">\n");
  for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    sbuf_puts(b, "<option");
    sbuf_puts(b, sizes[i] == v->limit ? " selected>" : ">");
    sbuf_long(b, sizes[i]);
    sbuf_puts(b, "</option>\n");
  }
  sbuf_puts(b, "</select></div>\n");
  if (!v->fixed_sdo)
    hidden(b, "sdo", v->sdo);
  hidden(b, "category", v->category);
  hidden(b, "status", v->status);
  hidden(b, "type", v->type);
  if (!v->fixed_release)
    hidden(b, "release", v->release);
  sbuf_puts(b, "<div><button type=\"submit\">Apply</button></div>\n"
               "</form>\n");
}

static void row(sbuf *b, const mvr_entry *e)
{
  size_t i;

  sbuf_puts(b, "<tr><td><a href=\"/entries/");
  sbuf_long(b, (long long)e->id);
  sbuf_puts(b, "\">");
  html_text(b, *e->reference ? e->reference : "(no reference)");
  sbuf_puts(b, "</a></td><td><a href=\"");
  {
    sbuf href = SBUF_INIT(4096);
    view_org_href(&href, e->sdo);
    html_text(b, sbuf_str(&href));
    if (sbuf_failed(&href))
      sbuf_fail(b);
    sbuf_free(&href);
  }
  sbuf_puts(b, "\">");
  html_text(b, e->sdo);
  sbuf_puts(b, "</a></td><td>");
  html_text(b, e->title);
  sbuf_puts(b, "</td><td>");
  html_text(b, e->type);
  sbuf_puts(b, "</td><td>");
  html_text(b, e->status);
  sbuf_puts(b, "</td><td>");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      sbuf_puts(b, ", ");
    html_text(b, e->categories[i]);
  }
  sbuf_puts(b, "</td></tr>\n");
}

static void pages(sbuf *b, const view *v, long total)
{
  long npages = total ? (total + v->limit - 1) / v->limit : 1;
  char num[24];

  if (npages <= 1 && v->page == 1)
    return;
  sbuf_puts(b, "<nav class=\"pages\" aria-label=\"Pages\"><ul>\n");
  if (v->page > 1) {
    snprintf(num, sizeof num, "%ld", v->page - 1);
    sbuf_puts(b, "<li>");
    open_link(b, v, "page", v->page - 1 > 1 ? num : NULL, " rel=\"prev\"");
    sbuf_puts(b, "Previous page</a></li>\n");
  }
  sbuf_printf(b, "<li aria-current=\"page\">Page %ld of %ld</li>\n", v->page,
              npages);
  if (v->page < npages) {
    snprintf(num, sizeof num, "%ld", v->page + 1);
    sbuf_puts(b, "<li>");
    open_link(b, v, "page", num, " rel=\"next\"");
    sbuf_puts(b, "Next page</a></li>\n");
  }
  sbuf_puts(b, "</ul></nav>\n");
}

static void downloads(sbuf *b, const view *v)
{
  static const char *const kinds[][2] = {{"/entries.csv", "CSV"},
                                         {"/entries.json", "JSON"},
                                         {"/entries.xlsx", "Excel"}};
  size_t i;

  sbuf_puts(b, "<p class=\"downloads\">Download every entry of this view: ");
  for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    sbuf href = SBUF_INIT(16384);
    view_href(&href, v, kinds[i][0], LINK_DOWNLOAD, NULL, NULL);
    if (sbuf_failed(&href))
      sbuf_fail(b);
    if (i)
      sbuf_puts(b, ", ");
    html_link(b, sbuf_str(&href), kinds[i][1]);
    sbuf_free(&href);
  }
  sbuf_puts(b, ".</p>\n");
}

mvr_status view_render(sbuf *b, const view *v, mvr_db *db)
{
  mvr_query q;
  mvr_stats *st = NULL;
  mvr_cursor *cur = NULL;
  const mvr_entry *e = NULL;
  mvr_status rc;
  long shown = 0;

  /* the counts and the rows from one snapshot, one read lock */
  rc = mvr_db_read_begin(db);
  if (rc)
    return rc;
  view_query(v, &q, 0);
  rc = mvr_stats_get(db, &q, &st);
  if (rc)
    goto out;
  view_query(v, &q, 1);
  rc = mvr_query_run(db, &q, &cur);
  if (rc)
    goto out;
  sbuf_puts(b, "<div class=\"listing\">\n<aside class=\"facets\" "
               "aria-labelledby=\"facets-h\">\n<h2 id=\"facets-h\">Refine"
               "</h2>\n");
  if (!v->fixed_sdo)
    facet(b, v, "sdo", "Organisation", v->sdo, st->by_sdo, st->nsdo);
  facet(b, v, "category", "Category", v->category, st->by_category,
        st->ncategory);
  facet(b, v, "status", "Status", v->status, st->by_status, st->nstatus);
  facet(b, v, "type", "Type", v->type, st->by_type, st->ntype);
  sbuf_puts(b, "</aside>\n<section class=\"results\" "
               "aria-labelledby=\"results-h\">\n<h2 id=\"results-h\">");
  html_count(b, st->entries, "entry", "entries");
  sbuf_puts(b, "</h2>\n");
  active_filters(b, v);
  controls(b, v);
  while ((rc = mvr_cursor_next(cur, &e)) == MVR_OK && e) {
    if (!shown++)
      sbuf_puts(b, "<div class=\"scroll\" role=\"region\" "
                   "aria-labelledby=\"results-h\" tabindex=\"0\">\n"
                   "<table class=\"entries\">\n<thead><tr>"
                   "<th scope=\"col\">Reference</th>"
                   "<th scope=\"col\">Organisation</th>"
                   "<th scope=\"col\">Title</th><th scope=\"col\">Type</th>"
                   "<th scope=\"col\">Status</th>"
                   "<th scope=\"col\">Categories</th></tr></thead>\n"
                   "<tbody>\n");
    row(b, e);
  }
  if (rc)
    goto out;
  if (shown)
    sbuf_puts(b, "</tbody>\n</table>\n</div>\n");
  else if (st->entries)
    sbuf_puts(b, "<p>No entries on this page.</p>\n");
  else
    sbuf_puts(b, "<p>No entries match. Remove a filter or try other "
                 "words.</p>\n");
  pages(b, v, st->entries);
  downloads(b, v);
  sbuf_puts(b, "</section>\n</div>\n");
out:
  mvr_cursor_free(cur);
  mvr_stats_free(st);
  mvr_db_read_end(db);
  return rc;
}

enum MHD_Result view_error(req *r, mvr_db *db, mvr_status rc)
{
  if (rc == MVR_ERR_NOTFOUND || rc == MVR_ERR_ARG)
    return resp_error(r, 400, "bad_parameter",
                      *mvr_db_errmsg(db) ? mvr_db_errmsg(db)
                                         : mvr_status_str(rc));
  return resp_mvr_error(r, db, rc);
}

size_t view_validate(req *r, const view *v, mvr_db *db)
{
  const mvr_profile *p = mvr_db_profile(db);
  const char *canonical = NULL, *suggest = NULL;
  size_t before = r->ndetails;
  uint64_t mask = 0;

  if (v->category) {
    mvr_status rc = mvr_normalize_categories(
        p, v->category, strlen(v->category), &mask, NULL, &suggest);
    if (rc == MVR_ERR_NOMEM)
      req_detail_add(r, "category", "out of memory");
    else if (rc)
      req_detail_add(r, "category", "unknown category%s%s%s",
                     suggest ? "; did you mean \"" : "", suggest ? suggest : "",
                     suggest ? "\"?" : "");
    else if (mask & (mask - 1))
      req_detail_add(r, "category", "one category at a time");
  }
  if (v->status &&
      mvr_normalize_status(p, v->status, strlen(v->status), &canonical))
    req_detail_add(r, "status", "unknown status");
  if (v->type && mvr_normalize_type(p, v->type, strlen(v->type), &canonical)) {
    suggest = mvr_profile_suggest(p, "type", v->type, strlen(v->type));
    req_detail_add(r, "type", "unknown type%s%s%s",
                   suggest ? "; did you mean \"" : "", suggest ? suggest : "",
                   suggest ? "\"?" : "");
  }
  return r->ndetails - before;
}

int view_refuse(req *r, const view *v, mvr_db *db, enum MHD_Result *ret)
{
  if (!view_validate(r, v, db))
    return 0;
  *ret = resp_error(r, 400, "bad_parameter",
                    "A filter names a value the roadmap does not have.");
  return 1;
}
