/* route_conflicts.c - conflicts for editors (issue 5): GET /conflicts
 * lists the open ones (a value another organisation asserted against the
 * owner's) with a form each; POST /conflicts resolves one (fields csrf,
 * conflict = ID, take = current | proposed, note). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "router.h"

enum MHD_Result route_conflicts(req *r)
{
  mvr_db *db = req_db_rw(r);
  mvr_conflict *c = NULL;
  size_t n = 0, i;
  sbuf b = SBUF_INIT(8u * 1024 * 1024);
  mvr_status rc;

  r->cacheable = 0;
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  rc = mvr_conflicts_list(db, 0, &c, &n);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Conflicts", NAV_CONFLICTS, NULL);
  sbuf_puts(&b, "<h1>Open conflicts</h1>\n");
  if (!n)
    sbuf_puts(&b, "<p>No open conflicts.</p>\n");
  for (i = 0; i < n; i++) {
    sbuf_printf(&b, "<section>\n<h2>Conflict %lld: ", (long long)c[i].id);
    html_text(&b, c[i].reference);
    sbuf_puts(&b, ", ");
    html_text(&b, c[i].field);
    sbuf_puts(&b, "</h2>\n<table>\n<caption>The two values</caption>\n"
                  "<tr><th scope=\"row\">Current</th><td>");
    html_text(&b, c[i].current_value);
    sbuf_puts(&b, "</td></tr>\n<tr><th scope=\"row\">Proposed by ");
    html_text(&b, c[i].org);
    sbuf_printf(&b, " (submission %lld, row %lu)</th><td>",
                (long long)c[i].submission_id, c[i].row);
    html_text(&b, c[i].proposed_value);
    sbuf_puts(&b, "</td></tr>\n</table>\n<form method=\"post\" "
                  "action=\"/conflicts\">\n<input type=\"hidden\" "
                  "name=\"csrf\" value=\"");
    html_text(&b, r->who.csrf);
    sbuf_printf(&b, "\">\n<input type=\"hidden\" name=\"conflict\" "
                    "value=\"%lld\">\n<p><label for=\"note-%lld\">Note"
                    "</label>\n<input id=\"note-%lld\" name=\"note\" "
                    "maxlength=\"500\"></p>\n",
                (long long)c[i].id, (long long)c[i].id, (long long)c[i].id);
    sbuf_puts(&b, "<p><button type=\"submit\" name=\"take\" value=\"current\">"
                  "Keep the current value</button>\n<button type=\"submit\" "
                  "name=\"take\" value=\"proposed\">Take the proposed value"
                  "</button></p>\n</form>\n</section>\n");
  }
  mvr_conflicts_free(c, n);
  html_end(&b);
  return resp_body(r, 200, "text/html; charset=utf-8", CACHE_NONE, &b);
}

enum MHD_Result route_conflicts_resolve(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *take = req_form_get(r, "take");
  const char *id = req_form_get(r, "conflict");
  const char *note = req_form_get(r, "note");
  char *end = NULL;
  long long n;
  mvr_status rc;

  n = id ? strtoll(id, &end, 10) : 0;
  if (!id || !end || *end || n <= 0 || !take ||
      (strcmp(take, "current") && strcmp(take, "proposed"))) {
    req_detail_add(r, "take", "conflict = ID and take = current or proposed");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  mvr_db_set_actor(db, r->who.login);
  rc = mvr_conflict_resolve(db, (int64_t)n, take, note && *note ? note : NULL);
  if (rc == MVR_ERR_CONFLICT)
    return resp_error(r, 409, "conflict",
                      "The entry changed meanwhile: reload the page.");
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/conflicts");
}
