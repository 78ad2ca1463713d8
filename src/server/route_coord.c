/* route_coord.c - coordination pages and API (issue 6): the reports
 * ("organisations without input", "overdue LS", "LS awaiting our reply"),
 * the LS, document, meeting and vocabulary registers (public), and the
 * representatives (personal data: least role ROLE_EDITOR, set in the
 * route table; the pages here never show a name or e-mail otherwise).
 * One handler per shape: a report or a record listing, chosen by the
 * route's pattern, as HTML or JSON (under /api/). */
#include <string.h>

#include <stdio.h>

#include "html.h"
#include "json.h"
#include "router.h"

#define HTML_TYPE "text/html; charset=utf-8"
#define JSON_TYPE "application/json"

/* pattern suffix -> what to show */
static const struct {
  const char *slug, *title, *report; /* report NULL: a record kind */
  int kind;
  const char *intro;
} pages[] = {
    {"orgs-without-input", "Organisations invited but without input",
     "orgs-without-input", -1,
     "Organisations the JCA-MV invited by liaison statement that have not "
     "sent input (a submission or a contribution) yet."},
    {"org-status", "Liaison status of the organisations", "org-status", -1,
     "Every organisation invited, nominating or contributing, with its "
     "status."},
    {"ls-overdue", "Overdue liaison statements", "ls-overdue", -1,
     "Open liaison statements whose deadline has passed."},
    {"ls-awaiting-reply", "Liaison statements awaiting our reply",
     "ls-awaiting-reply", -1,
     "Open incoming liaison statements for action or comment that no "
     "outgoing liaison statement answers yet."},
    {"reps-to-confirm", "Representatives to confirm", "reps-to-confirm", -1,
     "Representatives whose nomination ended or ends within 30 days, or "
     "was made without a nominating document."},
    {"ls", "Liaison statements", NULL, MVR_COORD_LS, NULL},
    {"docs", "Document register", NULL, MVR_COORD_DOC, NULL},
    {"meetings", "Meetings", NULL, MVR_COORD_MEETING, NULL},
    {"terms", "Vocabulary", NULL, MVR_COORD_TERM,
     "Definitions of each term from several sources, side by side."},
    {"reps", "Representatives", NULL, MVR_COORD_REP,
     "Personal data: shown to editors and the secretariat only."},
};

typedef struct tab {
  sbuf *b;
  int json;
  size_t rows;
  const char *const *cols;
  size_t ncols;
} tab;

static mvr_status on_row(void *ud, const char *const *v, size_t n)
{
  tab *t = ud;
  size_t i;

  if (t->json) {
    sbuf_puts(t->b, t->rows ? ",\n  {" : "\n  {");
    for (i = 0; i < n && i < t->ncols; i++)
      json_kv(t->b, t->cols[i], v[i], i == 0);
    sbuf_putc(t->b, '}');
  } else {
    sbuf_puts(t->b, "<tr>");
    for (i = 0; i < n && i < t->ncols; i++) {
      sbuf_puts(t->b, i ? "<td>" : "<th scope=\"row\">");
      html_text(t->b, v[i]);
      sbuf_puts(t->b, i ? "</td>" : "</th>");
    }
    sbuf_puts(t->b, "</tr>\n");
  }
  t->rows++;
  return sbuf_failed(t->b) ? MVR_ERR_NOMEM : MVR_OK;
}

static const char *last_segment(const char *pattern)
{
  const char *s = strrchr(pattern, '/');
  return s ? s + 1 : pattern;
}

enum MHD_Result route_coord(req *r)
{
  sbuf b = SBUF_INIT(8 * 1024 * 1024);
  mvr_db *db = req_db(r);
  const char *slug = last_segment(r->route->pattern);
  const char *today = req_param_get(r, "today");
  const char *doc_cols[20];
  size_t p, np = sizeof pages / sizeof pages[0], nf = 0, i;
  tab t;
  mvr_status rc;
  int personal;

  for (p = 0; p < np; p++)
    if (strcmp(pages[p].slug, slug) == 0)
      break;
  if (!db || p == np)
    return resp_error(r, 500, "internal", "The register is not available.");
  personal = pages[p].kind == MVR_COORD_REP ||
             (pages[p].report && strcmp(pages[p].report, "reps-to-confirm") == 0);
  if (personal && r->role < ROLE_EDITOR) /* the table says so too */
    return resp_error(r, 403, "denied", "You may not see this page.");
  memset(&t, 0, sizeof t);
  t.b = &b;
  t.json = r->api;
  if (pages[p].report) {
    rc = mvr_coord_report(db, pages[p].report, today, 0, &t.cols, &t.ncols,
                          NULL, NULL);
  } else {
    const char *const *f = mvr_coord_fields(pages[p].kind, &nf);
    for (i = 0; i < nf && i < 19; i++)
      doc_cols[i] = f[i];
    if (pages[p].kind == MVR_COORD_DOC)
      doc_cols[nf++] = "submissions";
    t.cols = doc_cols;
    t.ncols = nf;
    rc = MVR_OK;
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  if (t.json) {
    sbuf_puts(&b, "{\"");
    sbuf_puts(&b, slug);
    sbuf_puts(&b, "\": [");
  } else {
    html_begin(&b, r, pages[p].title, NAV_NONE, NULL);
    sbuf_puts(&b, "<h1>");
    html_text(&b, pages[p].title);
    sbuf_puts(&b, "</h1>\n");
    if (pages[p].intro) {
      sbuf_puts(&b, "<p>");
      html_text(&b, pages[p].intro);
      sbuf_puts(&b, "</p>\n");
    }
    sbuf_puts(&b, "<table class=\"coord\" id=\"");
    sbuf_puts(&b, slug);
    sbuf_puts(&b, "\">\n<thead><tr>");
    for (i = 0; i < t.ncols; i++) {
      sbuf_puts(&b, "<th scope=\"col\">");
      html_text(&b, t.cols[i]);
      sbuf_puts(&b, "</th>");
    }
    sbuf_puts(&b, "</tr></thead>\n<tbody>\n");
  }
  if (pages[p].report)
    rc = mvr_coord_report(db, pages[p].report, today, 0, NULL, NULL, on_row,
                          &t);
  else
    rc = mvr_coord_list(db, pages[p].kind, on_row, &t);
  if (rc) {
    sbuf_free(&b);
    return resp_mvr_error(r, db, rc);
  }
  if (t.json)
    sbuf_puts(&b, t.rows ? "\n]}\n" : "]}\n");
  else {
    sbuf_puts(&b, "</tbody>\n</table>\n");
    if (!t.rows)
      sbuf_puts(&b, "<p class=\"empty\">Nothing to show.</p>\n");
    sbuf_puts(&b, "<p class=\"downloads\">As <a href=\"/api/v1/coord/");
    sbuf_puts(&b, slug);
    sbuf_puts(&b, "\">JSON</a>.</p>\n");
    html_end(&b);
  }
  return resp_body(r, 200, t.json ? JSON_TYPE : HTML_TYPE,
                   personal ? CACHE_NONE : CACHE_PUBLIC, &b);
}

/* /coord: the index of the coordination pages a role may see. */
enum MHD_Result route_coord_index(req *r)
{
  sbuf b = SBUF_INIT(64 * 1024);
  size_t p;

  html_begin(&b, r, "Coordination", NAV_NONE, NULL);
  sbuf_puts(&b, "<h1>Coordination</h1>\n<ul class=\"coord\">\n");
  for (p = 0; p < sizeof pages / sizeof pages[0]; p++) {
    char href[64];
    int personal = pages[p].kind == MVR_COORD_REP ||
                   strcmp(pages[p].slug, "reps-to-confirm") == 0;
    if (personal && r->role < ROLE_EDITOR)
      continue;
    snprintf(href, sizeof href, "/coord/%s", pages[p].slug);
    sbuf_puts(&b, "<li>");
    html_link(&b, href, pages[p].title);
    sbuf_puts(&b, "</li>\n");
  }
  sbuf_puts(&b, "</ul>\n");
  html_end(&b);
  return resp_body(r, 200, HTML_TYPE, CACHE_NONE, &b);
}
