/* route_entries.c - the entry pages: /entries (search, facets, pages)
 * and /entries/{id} (every field, aliases, sources, change log and the
 * entry in each release). */
#include <string.h>

#include "html.h"
#include "router.h"
#include "url.h"
#include "view.h"

#define PAGE_MAX (8 * 1024 * 1024)
#define HTML_TYPE "text/html; charset=utf-8"

enum MHD_Result route_entries(req *r)
{
  sbuf b = SBUF_INIT(PAGE_MAX);
  mvr_db *db = req_db(r);
  view v;
  mvr_status rc;
  enum MHD_Result ret;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  view_from_req(&v, r, "/entries");
  if (view_refuse(r, &v, db, &ret))
    return ret;
  html_begin(&b, r, v.q ? "Search results" : "Entries", NAV_ENTRIES, v.q);
  sbuf_puts(&b, "<h1>");
  sbuf_puts(&b, v.q ? "Search results" : "Entries");
  sbuf_puts(&b, "</h1>\n");
  if (v.release) {
    sbuf_puts(&b, "<p class=\"notice\">The roadmap as release ");
    html_text(&b, v.release);
    sbuf_puts(&b, " froze it.</p>\n");
  }
  rc = view_render(&b, &v, db);
  if (!rc)
    html_end(&b);
  ret = rc ? view_error(r, db, rc)
           : resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
  sbuf_free(&b);
  return ret;
}

/* <dt>label</dt><dd>value</dd>, left out when the value is empty. */
static void field(sbuf *b, const char *label, const char *value)
{
  if (!value || !*value)
    return;
  sbuf_puts(b, "<dt>");
  sbuf_puts(b, label);
  sbuf_puts(b, "</dt><dd>");
  html_text(b, value);
  sbuf_puts(b, "</dd>\n");
}

static void href_with(sbuf *b, const char *base, const char *name,
                      const char *value)
{
  sbuf href = SBUF_INIT(4096);

  sbuf_puts(&href, base);
  sbuf_putc(&href, '?');
  sbuf_puts(&href, name);
  sbuf_putc(&href, '=');
  url_encode(&href, value, strlen(value));
  if (sbuf_failed(&href))
    sbuf_fail(b);
  html_text(b, sbuf_str(&href));
  sbuf_free(&href);
}

/* Only web addresses become links: a javascript: or data: URL from a
 * submission stays text. */
static int is_web_url(const char *u)
{
  return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

static void fields(sbuf *b, const mvr_entry *e)
{
  size_t i;

  sbuf_puts(b, "<dl class=\"fields\">\n<dt>Organisation</dt><dd><a href=\"");
  {
    sbuf href = SBUF_INIT(4096);
    view_org_href(&href, e->sdo);
    if (sbuf_failed(&href))
      sbuf_fail(b);
    html_text(b, sbuf_str(&href));
    sbuf_free(&href);
  }
  sbuf_puts(b, "\">");
  html_text(b, e->sdo);
  sbuf_puts(b, "</a></dd>\n");
  field(b, "Reference", e->reference);
  field(b, "Edition or stage", e->ref_detail);
  field(b, "Type", e->type);
  field(b, "Title", e->title);
  field(b, "Status", e->status);
  if (strcmp(e->status_detail, e->status) != 0)
    field(b, "Status as submitted", e->status_detail);
  if (e->ncategories) {
    sbuf_puts(b, "<dt>Categories</dt><dd><ul class=\"inline\">");
    for (i = 0; i < e->ncategories; i++) {
      sbuf_puts(b, "<li><a href=\"");
      href_with(b, "/entries", "category", e->categories[i]);
      sbuf_puts(b, "\">");
      html_text(b, e->categories[i]);
      sbuf_puts(b, "</a></li>");
    }
    sbuf_puts(b, "</ul></dd>\n");
  }
  field(b, "Summary", e->summary);
  if (*e->url) {
    sbuf_puts(b, "<dt>Web page</dt><dd>");
    if (is_web_url(e->url)) {
      sbuf_puts(b, "<a rel=\"nofollow noopener\" href=\"");
      html_text(b, e->url);
      sbuf_puts(b, "\">");
      html_text(b, e->url);
      sbuf_puts(b, "</a>");
    } else {
      html_text(b, e->url);
    }
    sbuf_puts(b, "</dd>\n");
  }
  field(b, "First seen", e->first_seen);
  field(b, "Last updated", e->last_updated);
  sbuf_puts(b, "<dt>Matching key</dt><dd>");
  html_text(b, e->family);
  sbuf_putc(b, ' ');
  html_text(b, e->refkey);
  sbuf_puts(b, "</dd>\n");
  sbuf_printf(b, "<dt>Entry</dt><dd>%lld (version %lld)</dd>\n</dl>\n",
              (long long)e->id, (long long)e->version);
}

static void aliases(sbuf *b, const mvr_entry_detail *d)
{
  size_t i;

  if (!d->naliases && !d->nmerged)
    return;
  sbuf_puts(b, "<section aria-labelledby=\"aliases-h\">\n"
               "<h2 id=\"aliases-h\">Other names</h2>\n");
  if (d->naliases) {
    sbuf_puts(b, "<table>\n<thead><tr><th scope=\"col\">Written as</th>"
                 "<th scope=\"col\">Family</th><th scope=\"col\">Key</th>"
                 "<th scope=\"col\">Kind</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < d->naliases; i++) {
      sbuf_puts(b, "<tr><td>");
      html_text(b, d->aliases[i].reference);
      sbuf_puts(b, "</td><td>");
      html_text(b, d->aliases[i].family);
      sbuf_puts(b, "</td><td>");
      html_text(b, d->aliases[i].refkey);
      sbuf_puts(b, "</td><td>");
      html_text(b, d->aliases[i].kind);
      sbuf_puts(b, "</td></tr>\n");
    }
    sbuf_puts(b, "</tbody>\n</table>\n");
  }
  if (d->nmerged) {
    sbuf_puts(b, "<p>Merged into this entry: ");
    for (i = 0; i < d->nmerged; i++)
      sbuf_printf(b, "%s<a href=\"/entries/%lld\">entry %lld</a>",
                  i ? ", " : "", (long long)d->merged[i],
                  (long long)d->merged[i]);
    sbuf_puts(b, ".</p>\n");
  }
  sbuf_puts(b, "</section>\n");
}

/* "label: value; " for the values a source asserted. */
static void asserted(sbuf *b, const char *label, const char *value, int *n)
{
  if (!*value)
    return;
  sbuf_puts(b, *n ? "<br>" : "");
  sbuf_puts(b, "<span class=\"k\">");
  sbuf_puts(b, label);
  sbuf_puts(b, ":</span> ");
  html_text(b, value);
  (*n)++;
}

static void sources(sbuf *b, const mvr_entry_detail *d)
{
  size_t i;

  sbuf_puts(b, "<section aria-labelledby=\"sources-h\">\n"
               "<h2 id=\"sources-h\">Sources</h2>\n");
  if (!d->nsources) {
    sbuf_puts(b, "<p>No submission is recorded for this entry.</p>\n"
                 "</section>\n");
    return;
  }
  sbuf_puts(b, "<p>Which organisation said what, one row of a submitted "
               "file each.</p>\n<div class=\"scroll\" role=\"region\" "
               "aria-labelledby=\"sources-h\" tabindex=\"0\">\n<table>\n"
               "<thead><tr><th scope=\"col\">Received</th>"
               "<th scope=\"col\">From</th><th scope=\"col\">Document</th>"
               "<th scope=\"col\">File, row</th>"
               "<th scope=\"col\">Values given</th></tr></thead>\n<tbody>\n");
  for (i = 0; i < d->nsources; i++) {
    const mvr_source *s = &d->sources[i];
    int n = 0;
    sbuf_puts(b, "<tr><td>");
    html_text(b, s->received);
    sbuf_puts(b, "</td><td>");
    html_text(b, *s->org ? s->org : "-");
    sbuf_puts(b, "</td><td>");
    html_text(b, *s->doc ? s->doc : "-");
    sbuf_puts(b, "</td><td>");
    html_text(b, s->file);
    sbuf_printf(b, ", row %lu</td><td>", s->row);
    asserted(b, "Organisation", s->sdo, &n);
    asserted(b, "Reference", s->reference, &n);
    asserted(b, "Type", s->type, &n);
    asserted(b, "Title", s->title, &n);
    asserted(b, "Status", s->status_detail, &n);
    asserted(b, "Categories", s->categories, &n);
    asserted(b, "Summary", s->summary, &n);
    asserted(b, "URL", s->url, &n);
    sbuf_puts(b, "</td></tr>\n");
  }
  sbuf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

static void changes(sbuf *b, const mvr_entry_detail *d)
{
  size_t i;

  if (!d->nchanges)
    return;
  sbuf_puts(b, "<section aria-labelledby=\"log-h\">\n"
               "<h2 id=\"log-h\">Change log</h2>\n<div class=\"scroll\" "
               "role=\"region\" aria-labelledby=\"log-h\" tabindex=\"0\">\n"
               "<table>\n<thead><tr><th scope=\"col\">When</th>"
               "<th scope=\"col\">Who</th><th scope=\"col\">What</th>"
               "<th scope=\"col\">Field</th><th scope=\"col\">Before</th>"
               "<th scope=\"col\">After</th></tr></thead>\n<tbody>\n");
  for (i = 0; i < d->nchanges; i++) {
    const mvr_change *c = &d->changes[i];
    sbuf_puts(b, "<tr><td>");
    html_text(b, c->at);
    sbuf_puts(b, "</td><td>");
    html_text(b, c->actor);
    if (c->submission_id)
      sbuf_printf(b, " (submission %lld)", (long long)c->submission_id);
    sbuf_puts(b, "</td><td>");
    html_text(b, c->action);
    sbuf_puts(b, "</td><td>");
    html_text(b, c->field);
    sbuf_puts(b, "</td><td>");
    html_text(b, c->old_value);
    sbuf_puts(b, "</td><td>");
    html_text(b, c->new_value);
    sbuf_puts(b, "</td></tr>\n");
  }
  sbuf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

static void field_changes(sbuf *b, const mvr_field_change *f, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    sbuf_puts(b, i ? "<br>" : "");
    html_text(b, f[i].field);
    sbuf_puts(b, ": ");
    html_text(b, f[i].from);
    sbuf_puts(b, " \u2192 ");
    html_text(b, f[i].to);
  }
}

static void releases(sbuf *b, const mvr_history *h)
{
  size_t i;

  if (!h->nreleases)
    return;
  sbuf_puts(b, "<section aria-labelledby=\"rel-h\">\n"
               "<h2 id=\"rel-h\">In the releases</h2>\n<table>\n"
               "<thead><tr><th scope=\"col\">Release</th>"
               "<th scope=\"col\">Date</th><th scope=\"col\">Status</th>"
               "<th scope=\"col\">Changed from the release before</th>"
               "</tr></thead>\n<tbody>\n");
  for (i = 0; i < h->nreleases; i++) {
    const mvr_history_release *hr = &h->releases[i];
    sbuf href = SBUF_INIT(4096);
    sbuf_puts(&href, "/releases/");
    url_encode(&href, hr->release->name, strlen(hr->release->name));
    if (sbuf_failed(&href))
      sbuf_fail(b);
    sbuf_puts(b, "<tr><td>");
    html_link(b, sbuf_str(&href), hr->release->name);
    sbuf_free(&href);
    sbuf_puts(b, "</td><td>");
    html_text(b, hr->release->date);
    sbuf_puts(b, "</td><td>");
    html_text(b, hr->entry ? hr->entry->status : "(not in this release)");
    sbuf_puts(b, "</td><td>");
    field_changes(b, hr->changes, hr->nchanges);
    sbuf_puts(b, "</td></tr>\n");
  }
  sbuf_puts(b, "</tbody>\n</table>\n");
  if (h->nsince_release) {
    sbuf_puts(b, "<p>Changed since the last release:<br>");
    field_changes(b, h->since_release, h->nsince_release);
    sbuf_puts(b, "</p>\n");
  }
  sbuf_puts(b, "</section>\n");
}

enum MHD_Result route_entry(req *r)
{
  sbuf b = SBUF_INIT(PAGE_MAX);
  mvr_db *db = req_db(r);
  mvr_history *h = NULL;
  const mvr_entry_detail *d;
  const mvr_entry *e;
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_entry_history(db, r->arg, &h);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  d = h->detail;
  e = &d->entry;
  html_begin(&b, r, *e->reference ? e->reference : e->title, NAV_ENTRIES, NULL);
  sbuf_puts(&b, "<h1>");
  html_text(&b, *e->reference ? e->reference : e->title);
  sbuf_puts(&b, "</h1>\n<p class=\"lead\">");
  html_text(&b, e->title);
  sbuf_puts(&b, "</p>\n");
  if (d->merged_into)
    sbuf_printf(&b,
                "<p class=\"notice\">This entry was merged into <a "
                "href=\"/entries/%lld\">entry %lld</a>.</p>\n",
                (long long)d->merged_into, (long long)d->merged_into);
  fields(&b, e);
  aliases(&b, d);
  sources(&b, d);
  changes(&b, d);
  releases(&b, h);
  sbuf_printf(&b,
              "<p class=\"downloads\">This entry as <a "
              "href=\"/api/v1/entries/%lld\">JSON</a>.</p>\n",
              (long long)e->id);
  html_end(&b);
  ret = resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
out:
  sbuf_free(&b);
  mvr_history_free(h);
  return ret;
}
