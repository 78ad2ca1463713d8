/* route_orgs.c - the organisations: /orgs (each with its number of
 * entries, from the statistics) and /orgs/{name} (its entries and those
 * of its sub-bodies, as a listing with facets). Public information only:
 * contacts never appear here. */
#include "html.h"
#include "router.h"
#include "view.h"

#define HTML_TYPE "text/html; charset=utf-8"

enum MHD_Result route_orgs(req *r)
{
  sbuf b = SBUF_INIT(4 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_stats *st = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_stats_get(db, NULL, &st);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Organisations", NAV_ORGS, NULL);
  sbuf_puts(&b, "<h1>Organisations</h1>\n<p>");
  html_count(&b, st->organisations, "organisation", "organisations");
  sbuf_puts(&b, " contribute ");
  html_count(&b, st->entries, "entry", "entries");
  sbuf_puts(&b, " to the roadmap.</p>\n<table class=\"orgs\">\n"
                "<caption>Organisations by number of entries</caption>\n"
                "<thead><tr><th scope=\"col\">Organisation</th>"
                "<th scope=\"col\" class=\"num\">Entries</th></tr></thead>\n"
                "<tbody>\n");
  for (i = 0; i < st->nsdo; i++) {
    sbuf href = SBUF_INIT(4096);
    view_org_href(&href, st->by_sdo[i].label);
    if (sbuf_failed(&href))
      sbuf_fail(&b);
    sbuf_puts(&b, "<tr><th scope=\"row\">");
    html_link(&b, sbuf_str(&href), st->by_sdo[i].label);
    sbuf_puts(&b, "</th><td class=\"num\">");
    sbuf_long(&b, st->by_sdo[i].count);
    sbuf_puts(&b, "</td></tr>\n");
    sbuf_free(&href);
  }
  sbuf_puts(&b, "</tbody>\n</table>\n<p class=\"downloads\">As <a "
                "href=\"/api/v1/orgs\">JSON</a>.</p>\n");
  html_end(&b);
  ret = resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
  mvr_stats_free(st);
  return ret;
}

enum MHD_Result route_org(req *r)
{
  sbuf b = SBUF_INIT(8 * 1024 * 1024), base = SBUF_INIT(4096);
  mvr_db *db = req_db(r);
  mvr_query q = {0};
  long n = 0;
  enum MHD_Result ret;
  mvr_status rc;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  /* an organisation is known by its entries: none, no page */
  q.sdo = r->arg;
  rc = mvr_query_count(db, &q, &n);
  if (rc || n == 0) {
    ret = rc ? view_error(r, db, rc)
             : resp_error(r, 404, "not_found",
                          "No organisation of that name has entries in the "
                          "roadmap.");
    goto out;
  }
  view_org_href(&base, r->arg);
  if (sbuf_failed(&base)) {
    ret = resp_error(r, 500, "internal", "Out of memory.");
    goto out;
  }
  view_from_req(&v, r, sbuf_str(&base));
  v.sdo = r->arg;
  v.fixed_sdo = 1;
  if (view_refuse(r, &v, db, &ret))
    goto out;
  html_begin(&b, r, r->arg, NAV_ORGS, NULL);
  sbuf_puts(&b, "<h1>");
  html_text(&b, r->arg);
  sbuf_puts(&b, "</h1>\n<p class=\"lead\">");
  html_count(&b, n, "entry", "entries");
  sbuf_puts(&b, " of this organisation and its sub-bodies.</p>\n");
  rc = view_render(&b, &v, db);
  if (rc) {
    ret = view_error(r, db, rc);
    goto out;
  }
  html_end(&b);
  ret = resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
out:
  sbuf_free(&b);
  sbuf_free(&base);
  return ret;
}
