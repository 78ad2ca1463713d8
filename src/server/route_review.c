/* route_review.c - the editors' review of proposals (issue 5): GET
 * /review lists the pending proposals by submission, each with its
 * changes against the current entry, and a form per proposal and per
 * submission; POST /review approves or rejects (fields csrf, action =
 * approve | reject, and proposal = ID or submission = ID). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "router.h"

/* A decision form: hidden fields `field`=`id` and the CSRF token, and
 * the two buttons. */
static void decide_form(sbuf *b, const req *r, const char *field, long long id,
                        const char *what)
{
  sbuf_puts(b, "<form method=\"post\" action=\"/review\" class=\"decide\">\n");
  sbuf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, r->who.csrf);
  sbuf_printf(b, "\">\n<input type=\"hidden\" name=\"%s\" value=\"%lld\">\n",
              field, id);
  sbuf_puts(b, "<button type=\"submit\" name=\"action\" value=\"approve\">"
               "Approve ");
  html_text(b, what);
  sbuf_puts(b, "</button>\n<button type=\"submit\" name=\"action\" "
               "value=\"reject\">Reject ");
  html_text(b, what);
  sbuf_puts(b, "</button>\n</form>\n");
}

static void field_row(sbuf *b, const char *name, const char *value)
{
  sbuf_puts(b, "<tr><th scope=\"row\">");
  html_text(b, name);
  sbuf_puts(b, "</th><td>");
  html_text(b, value ? value : "");
  sbuf_puts(b, "</td></tr>\n");
}

enum MHD_Result route_review(req *r)
{
  mvr_db *db = req_db_rw(r);
  mvr_proposal *p = NULL;
  size_t n = 0, i;
  sbuf b = SBUF_INIT(8u * 1024 * 1024);
  mvr_status rc;
  int64_t sub = -1;

  r->cacheable = 0;
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  rc = mvr_proposals_list(db, "pending", 0, &p, &n);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Review", NAV_REVIEW, NULL);
  sbuf_puts(&b, "<h1>Proposals to review</h1>\n");
  if (!n)
    sbuf_puts(&b, "<p>Nothing is waiting for review.</p>\n");
  for (i = 0; i < n; i++) {
    char what[64];
    if (p[i].submission_id != sub) {
      if (sub >= 0)
        sbuf_puts(&b, "</section>\n");
      sub = p[i].submission_id;
      sbuf_printf(&b, "<section>\n<h2>Submission %lld: ", (long long)sub);
      html_text(&b, p[i].file);
      sbuf_puts(&b, " (received ");
      html_text(&b, p[i].received);
      sbuf_puts(&b, ")</h2>\n");
      decide_form(&b, r, "submission", (long long)sub, "the whole submission");
    }
    sbuf_printf(&b, "<h3>Row %lu: ", p[i].row);
    html_text(&b, p[i].reference);
    sbuf_puts(&b, p[i].entry_id ? " (changes an entry)</h3>\n"
                                : " (new entry)</h3>\n");
    if (p[i].changes && *p[i].changes) {
      sbuf_puts(&b, "<p class=\"changes\">Changes: ");
      html_text(&b, p[i].changes);
      sbuf_puts(&b, "</p>\n");
    }
    sbuf_puts(&b, "<table>\n<caption>Proposed values</caption>\n");
    field_row(&b, "SDO / Org.", p[i].sdo);
    field_row(&b, "Reference", p[i].reference);
    field_row(&b, "Type", p[i].type);
    field_row(&b, "Title", p[i].title);
    field_row(&b, "Status", p[i].status);
    field_row(&b, "Category", p[i].categories);
    field_row(&b, "Summary", p[i].summary);
    field_row(&b, "URL", p[i].url);
    sbuf_puts(&b, "</table>\n");
    snprintf(what, sizeof what, "row %lu", p[i].row);
    decide_form(&b, r, "proposal", (long long)p[i].id, what);
  }
  if (sub >= 0)
    sbuf_puts(&b, "</section>\n");
  mvr_proposals_free(p, n);
  html_end(&b);
  return resp_body(r, 200, "text/html; charset=utf-8", CACHE_NONE, &b);
}

/* A positive id from a form field, or 0. */
static long long form_id(const req *r, const char *name)
{
  const char *v = req_form_get(r, name);
  char *end = NULL;
  long long n;

  if (!v || !*v)
    return 0;
  n = strtoll(v, &end, 10);
  return end && !*end && n > 0 ? n : -1;
}

enum MHD_Result route_review_decide(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *action = req_form_get(r, "action");
  long long id = form_id(r, "proposal"), sub = form_id(r, "submission");
  unsigned long count = 0;
  mvr_status rc;
  int approve;

  if (!action || (strcmp(action, "approve") && strcmp(action, "reject"))) {
    req_detail_add(r, "action", "approve or reject");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (id < 0 || sub < 0 || (id > 0) == (sub > 0)) {
    req_detail_add(r, "proposal", "give one proposal or one submission");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  approve = strcmp(action, "approve") == 0;
  mvr_db_set_actor(db, r->who.login);
  rc = mvr_proposal_decide(db, (int64_t)id, (int64_t)sub, approve, NULL, NULL,
                           &count);
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/review");
}
