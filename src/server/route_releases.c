/* route_releases.c - the releases: /releases (the list; for editors also
 * the form that creates one, POST /releases), /releases/{name} (the
 * roadmap as that release froze it, as a listing with facets),
 * /releases/A...B and /diff?from=A&to=B (what was added, removed and
 * changed). */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "router.h"
#include "url.h"
#include "view.h"

#define HTML_TYPE "text/html; charset=utf-8"

/* The link to a release's page, "/releases/NAME" with NAME encoded,
 * HTML-escaped into `b` as an attribute value. */
static void release_href(sbuf *b, const char *name)
{
  sbuf h = SBUF_INIT(4096);

  sbuf_puts(&h, "/releases/");
  url_encode(&h, name, strlen(name));
  if (sbuf_failed(&h))
    sbuf_fail(b);
  html_text(b, sbuf_str(&h));
  sbuf_free(&h);
}

/* The same for "/diff?from=A&to=B". */
static void diff_href(sbuf *b, const char *from, const char *to)
{
  sbuf h = SBUF_INIT(4096);

  sbuf_puts(&h, "/diff?from=");
  url_encode(&h, from, strlen(from));
  sbuf_puts(&h, "&to=");
  url_encode(&h, to, strlen(to));
  if (sbuf_failed(&h))
    sbuf_fail(b);
  html_text(b, sbuf_str(&h));
  sbuf_free(&h);
}

/* The form that creates a release (editors), with the values sent back
 * after a refusal. */
static void release_form(sbuf *b, const req *r, const char *name,
                         const char *note)
{
  sbuf_puts(b, "<section aria-labelledby=\"new-release\">\n"
               "<h2 id=\"new-release\">New release</h2>\n<p>Freeze the "
               "roadmap as it stands now under a name (e.g. \"2026-05\" or "
               "\"JCA-MV-5\"). A release can never be changed or "
               "renamed.</p>\n<form method=\"post\" action=\"/releases\">\n"
               "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, r->who.csrf);
  sbuf_puts(b, "\">\n<p><label for=\"rel-name\">Name</label>\n"
               "<input id=\"rel-name\" name=\"name\" required "
               "maxlength=\"200\" value=\"");
  if (name)
    html_text(b, name);
  sbuf_puts(b, "\"></p>\n<p><label for=\"rel-note\">Note</label>\n"
               "<input id=\"rel-note\" name=\"note\" maxlength=\"1000\" "
               "value=\"");
  if (note)
    html_text(b, note);
  sbuf_puts(b, "\"></p>\n<p><button type=\"submit\">Create the release"
               "</button></p>\n</form>\n</section>\n");
}

/* The list of releases; for editors the form to create one, with
 * `message` (escaped; NULL for none) after a refused attempt. */
static enum MHD_Result releases_page(req *r, unsigned status,
                                     const char *message, const char *name,
                                     const char *note)
{
  sbuf b = SBUF_INIT(4 * 1024 * 1024);
  mvr_db *db = r->role >= ROLE_EDITOR ? req_db_rw(r) : req_db(r);
  mvr_releases *rels = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_release_list(db, &rels);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Releases", NAV_RELEASES, NULL);
  sbuf_puts(&b, "<h1>Releases</h1>\n<p>A release is the roadmap as it "
                "stood when it was frozen; it never changes afterwards.</p>\n");
  if (message) {
    sbuf_puts(&b, "<p class=\"error\" role=\"alert\">");
    html_text(&b, message);
    sbuf_puts(&b, "</p>\n");
  }
  if (!rels->n)
    sbuf_puts(&b, "<p>No release has been made yet.</p>\n");
  if (rels->n) { /* issue 7: status timeline, the library's SVG */
    char *svg = NULL;
    size_t len = 0;
    if (mvr_release_timeline_svg(db, "timeline", &svg, &len) == MVR_OK) {
      sbuf_puts(&b, "<figure class=\"chart\">\n<figcaption>Entries by "
                    "status in each release</figcaption>\n");
      sbuf_put(&b, svg, len);
      sbuf_puts(&b, "</figure>\n");
    }
    mvr_free(svg);
  }
  if (rels->n)
    sbuf_puts(&b, "<table>\n<caption>Releases, newest first</caption>\n"
                  "<thead><tr><th scope=\"col\">Release</th>"
                  "<th scope=\"col\">Date</th>"
                  "<th scope=\"col\" class=\"num\">Entries</th>"
                  "<th scope=\"col\">Note</th>"
                  "<th scope=\"col\">Changes</th></tr></thead>\n<tbody>\n");
  for (i = rels->n; i-- > 0;) {
    const mvr_release *rel = &rels->items[i];
    sbuf_puts(&b, "<tr><th scope=\"row\"><a href=\"");
    release_href(&b, rel->name);
    sbuf_puts(&b, "\">");
    html_text(&b, rel->name);
    sbuf_puts(&b, "</a></th><td>");
    html_text(&b, rel->date);
    sbuf_printf(&b, "</td><td class=\"num\">%ld</td><td>", rel->entries);
    html_text(&b, rel->note);
    sbuf_puts(&b, "</td><td>");
    if (i > 0) {
      sbuf_puts(&b, "<a href=\"");
      diff_href(&b, rels->items[i - 1].name, rel->name);
      sbuf_puts(&b, "\">since ");
      html_text(&b, rels->items[i - 1].name);
      sbuf_puts(&b, "</a>");
    } else {
      sbuf_puts(&b, "first release");
    }
    sbuf_puts(&b, "</td></tr>\n");
  }
  if (rels->n)
    sbuf_puts(&b, "</tbody>\n</table>\n");
  sbuf_puts(&b, "<p class=\"downloads\">As <a href=\"/api/v1/releases\">"
                "JSON</a>.</p>\n");
  if (r->role >= ROLE_EDITOR)
    release_form(&b, r, name, note);
  html_end(&b);
  ret = resp_body(r, status, HTML_TYPE, CACHE_PUBLIC, &b);
  mvr_releases_free(rels);
  return ret;
}

enum MHD_Result route_releases(req *r)
{
  return releases_page(r, 200, NULL, NULL, NULL);
}

/* POST /releases (editors): name, note; 303 to the new release's page,
 * 409 when the name is taken, 422 when the library refuses it. */
enum MHD_Result route_releases_create(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *name = req_form_get(r, "name");
  const char *note = req_form_get(r, "note");
  sbuf loc = SBUF_INIT(4096);
  char msg[600];
  enum MHD_Result ret;
  long n = 0;
  mvr_status rc;

  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  if (!name || !*name)
    return releases_page(r, 422, "Give the release a name.", name, note);
  if (strlen(name) > 200)
    return releases_page(r, 422, "The name is longer than 200 bytes.", NULL,
                         note);
  mvr_db_set_actor(db, r->who.login);
  rc = mvr_release_create(db, name, NULL, note && *note ? note : NULL, &n);
  if (rc == MVR_ERR_EXISTS) {
    snprintf(msg, sizeof msg,
             "A release of that name exists already: choose another name.");
    return releases_page(r, 409, msg, name, note);
  }
  if (rc == MVR_ERR_ARG) {
    snprintf(msg, sizeof msg, "This name cannot be used: %s",
             *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : "bad name.");
    return releases_page(r, 422, msg, name, note);
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  /* the page of the release as the library stored it (cleaned name) */
  {
    mvr_releases *rels = NULL;
    const char *stored = name;
    size_t i, last = 0;
    if (mvr_release_list(db, &rels) == MVR_OK && rels->n) {
      for (i = 1; i < rels->n; i++) /* the newest: the largest id */
        if (rels->items[i].id > rels->items[last].id)
          last = i;
      stored = rels->items[last].name;
    }
    sbuf_puts(&loc, "/releases/");
    url_encode(&loc, stored, strlen(stored));
    mvr_releases_free(rels);
  }
  if (sbuf_failed(&loc)) {
    sbuf_free(&loc);
    return resp_error(r, 500, "internal", "Out of memory.");
  }
  ret = resp_redirect(r, MHD_HTTP_SEE_OTHER, sbuf_str(&loc));
  sbuf_free(&loc);
  return ret;
}

static enum MHD_Result diff_page(req *r, const char *from, const char *to);

static int release_known(const mvr_releases *rels, const char *name, size_t n)
{
  size_t i;

  for (i = 0; i < rels->n; i++)
    if (strlen(rels->items[i].name) == n &&
        memcmp(rels->items[i].name, name, n) == 0)
      return 1;
  return 0;
}

/* /releases/A...B, when no release is named so: the changes from
 * release A to release B (or "current"), as /diff?from=A&to=B. The
 * route table cannot say it (a pattern segment is a literal or one
 * {name}, and /releases/{name} matches first), so the release page
 * hands the address over here. The first "..." with a release on its
 * left and a release or "current" on its right splits it. */
static enum MHD_Result range_page(req *r, const mvr_releases *rels)
{
  const char *arg = r->arg, *dots = arg;
  enum MHD_Result ret;

  for (dots = strstr(arg, "..."); dots; dots = strstr(dots + 1, "...")) {
    const char *to = dots + 3;
    size_t n = (size_t)(dots - arg);
    char *from;
    if (!release_known(rels, arg, n) ||
        (strcmp(to, "current") != 0 && !release_known(rels, to, strlen(to))))
      continue;
    from = malloc(n + 1);
    if (!from)
      return resp_error(r, 500, "internal", "Out of memory.");
    memcpy(from, arg, n);
    from[n] = '\0';
    ret = diff_page(r, from, to);
    free(from);
    return ret;
  }
  return resp_error(r, 404, "not_found",
                    strstr(arg, "...")
                        ? "There is no release of that name, nor two "
                          "releases A and B in /releases/A...B."
                        : "There is no release of that name.");
}

enum MHD_Result route_release(req *r)
{
  sbuf b = SBUF_INIT(8 * 1024 * 1024), base = SBUF_INIT(4096);
  mvr_db *db = req_db(r);
  mvr_releases *rels = NULL;
  const mvr_release *rel = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i, at = 0;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_release_list(db, &rels);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  for (i = 0; i < rels->n && !rel; i++)
    if (strcmp(rels->items[i].name, r->arg) == 0) {
      rel = &rels->items[i];
      at = i;
    }
  if (!rel) {
    ret = range_page(r, rels);
    goto out;
  }
  sbuf_puts(&base, "/releases/");
  url_encode(&base, rel->name, strlen(rel->name));
  if (sbuf_failed(&base)) {
    ret = resp_error(r, 500, "internal", "Out of memory.");
    goto out;
  }
  view_from_req(&v, r, sbuf_str(&base));
  v.release = rel->name;
  v.fixed_release = 1;
  if (view_refuse(r, &v, db, &ret))
    goto out;
  html_begin(&b, r, rel->name, NAV_RELEASES, NULL);
  sbuf_puts(&b, "<h1>Release ");
  html_text(&b, rel->name);
  sbuf_puts(&b, "</h1>\n<dl class=\"fields\">\n<dt>Date</dt><dd>");
  html_text(&b, rel->date);
  sbuf_printf(&b, "</dd>\n<dt>Entries</dt><dd>%ld</dd>\n", rel->entries);
  if (*rel->note) {
    sbuf_puts(&b, "<dt>Note</dt><dd>");
    html_text(&b, rel->note);
    sbuf_puts(&b, "</dd>\n");
  }
  sbuf_puts(&b, "<dt>Frozen</dt><dd>");
  html_text(&b, rel->created_at);
  sbuf_puts(&b, " by ");
  html_text(&b, rel->actor);
  sbuf_puts(&b, "</dd>\n</dl>\n<ul class=\"links\">\n");
  if (at > 0) {
    sbuf_puts(&b, "<li><a href=\"");
    diff_href(&b, rels->items[at - 1].name, rel->name);
    sbuf_puts(&b, "\">Changes since release ");
    html_text(&b, rels->items[at - 1].name);
    sbuf_puts(&b, "</a></li>\n");
  }
  sbuf_puts(&b, "<li><a href=\"");
  diff_href(&b, rel->name, "current");
  sbuf_puts(&b, "\">Changes from this release to now</a></li>\n"
                "<li><a href=\"");
  {
    sbuf h = SBUF_INIT(4096);
    sbuf_puts(&h, "/releases/");
    url_encode(&h, rel->name, strlen(rel->name));
    sbuf_puts(&h, "/roadmap.docx");
    if (sbuf_failed(&h))
      sbuf_fail(&b);
    html_text(&b, sbuf_str(&h));
    sbuf_free(&h);
  }
  sbuf_puts(&b, "\">This release as a Word document</a></li>\n</ul>\n");
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
  mvr_releases_free(rels);
  return ret;
}

/* ---- /diff ---------------------------------------------------------- */

typedef struct diff_html {
  sbuf added, removed, changed;
  long nadded, nremoved, nchanged;
} diff_html;

static void entry_cells(sbuf *b, const mvr_entry *e)
{
  sbuf_printf(b, "<td><a href=\"/entries/%lld\">", (long long)e->id);
  html_text(b, *e->reference ? e->reference : "(no reference)");
  sbuf_puts(b, "</a></td><td>");
  html_text(b, e->sdo);
  sbuf_puts(b, "</td><td>");
  html_text(b, e->title);
  sbuf_puts(b, "</td>");
}

static mvr_status on_diff(void *ud, const mvr_diff_item *d)
{
  diff_html *h = ud;
  size_t i;

  switch (d->kind) {
  case MVR_DIFF_ADDED:
    h->nadded++;
    sbuf_puts(&h->added, "<tr>");
    entry_cells(&h->added, d->to);
    sbuf_puts(&h->added, "</tr>\n");
    break;
  case MVR_DIFF_REMOVED:
    h->nremoved++;
    sbuf_puts(&h->removed, "<tr>");
    entry_cells(&h->removed, d->from);
    sbuf_puts(&h->removed, "</tr>\n");
    break;
  case MVR_DIFF_CHANGED:
    h->nchanged++;
    sbuf_puts(&h->changed, "<tr>");
    entry_cells(&h->changed, d->to);
    sbuf_puts(&h->changed, "<td>");
    for (i = 0; i < d->nfields; i++) {
      sbuf_puts(&h->changed, i ? "<br>" : "");
      html_text(&h->changed, d->fields[i].field);
      sbuf_puts(&h->changed, ": ");
      html_text(&h->changed, d->fields[i].from);
      sbuf_puts(&h->changed, " \u2192 ");
      html_text(&h->changed, d->fields[i].to);
    }
    if (d->withdrawn)
      sbuf_puts(&h->changed, " <strong>(withdrawn)</strong>");
    sbuf_puts(&h->changed, "</td></tr>\n");
    break;
  }
  return sbuf_failed(&h->added) || sbuf_failed(&h->removed) ||
                 sbuf_failed(&h->changed)
             ? MVR_ERR_NOMEM
             : MVR_OK;
}

static void diff_table(sbuf *b, const char *id, const char *title, long n,
                       const sbuf *rows, int with_changes)
{
  sbuf_printf(b, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id, id);
  sbuf_puts(b, title);
  sbuf_printf(b, " (%ld)</h2>\n", n);
  if (!n) {
    sbuf_puts(b, "<p>None.</p>\n</section>\n");
    return;
  }
  sbuf_puts(b, "<table>\n<thead><tr><th scope=\"col\">Reference</th>"
               "<th scope=\"col\">Organisation</th>"
               "<th scope=\"col\">Title</th>");
  if (with_changes)
    sbuf_puts(b, "<th scope=\"col\">What changed</th>");
  sbuf_puts(b, "</tr></thead>\n<tbody>\n");
  sbuf_puts(b, sbuf_str(rows));
  if (sbuf_failed(rows))
    sbuf_fail(b);
  sbuf_puts(b, "</tbody>\n</table>\n</section>\n");
}

enum MHD_Result route_diff(req *r)
{
  return diff_page(r, req_param_get(r, "from"), req_param_get(r, "to"));
}

/* The changes from `from` to `to` (NULL: "current"). */
static enum MHD_Result diff_page(req *r, const char *from, const char *to)
{
  sbuf b = SBUF_INIT(8 * 1024 * 1024);
  mvr_db *db = req_db(r);
  diff_html h = {SBUF_INIT(8 * 1024 * 1024),
                 SBUF_INIT(8 * 1024 * 1024),
                 SBUF_INIT(8 * 1024 * 1024),
                 0,
                 0,
                 0};
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  if (!to)
    to = "current";
  rc = mvr_diff(db, from, to, on_diff, &h);
  if (rc) {
    ret = view_error(r, db, rc);
    goto out;
  }
  html_begin(&b, r, "Changes", NAV_RELEASES, NULL);
  sbuf_puts(&b, "<h1>Changes from ");
  html_text(&b, from);
  sbuf_puts(&b, " to ");
  html_text(&b, to);
  sbuf_puts(&b, "</h1>\n");
  diff_table(&b, "added-h", "Added", h.nadded, &h.added, 0);
  diff_table(&b, "removed-h", "Removed", h.nremoved, &h.removed, 0);
  diff_table(&b, "changed-h", "Changed", h.nchanged, &h.changed, 1);
  sbuf_puts(&b, "<p class=\"downloads\">As <a href=\"");
  {
    sbuf j = SBUF_INIT(4096);
    sbuf_puts(&j, "/api/v1");
    diff_href(&j, from, to);
    /* diff_href escaped for HTML already: copy it as it is */
    sbuf_puts(&b, sbuf_str(&j));
    if (sbuf_failed(&j))
      sbuf_fail(&b);
    sbuf_free(&j);
  }
  sbuf_puts(&b, "\">JSON</a>.</p>\n");
  html_end(&b);
  ret = resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
out:
  sbuf_free(&b);
  sbuf_free(&h.added);
  sbuf_free(&h.removed);
  sbuf_free(&h.changed);
  return ret;
}
