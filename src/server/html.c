/* html.c - HTML escaping (table-driven, like cmark's houdini_html_e.c)
 * and the layout every page shares. Pages carry no inline script or
 * style: the Content-Security-Policy forbids both, and the look comes
 * from /static/mvroad.css alone. */
#include "html.h"

#include <string.h>

#include "mvroad.h"
#include "request.h"

/* For each byte, 0 (copy) or the index of its replacement. */
static const unsigned char escape_index[256] = {
    ['"'] = 1, ['&'] = 2, ['\''] = 3, ['<'] = 4, ['>'] = 5};
static const char *const escapes[] = {"",      "&quot;", "&amp;",
                                      "&#39;", "&lt;",   "&gt;"};

void html_escape(sbuf *b, const char *s, size_t len)
{
  size_t i, start = 0;

  for (i = 0; i < len; i++) {
    unsigned char k = escape_index[(unsigned char)s[i]];
    if (!k)
      continue;
    sbuf_put(b, s + start, i - start);
    sbuf_puts(b, escapes[k]);
    start = i + 1;
  }
  sbuf_put(b, s + start, len - start);
}

void html_text(sbuf *b, const char *s)
{
  html_escape(b, s, strlen(s));
}

void html_link(sbuf *b, const char *href, const char *text)
{
  sbuf_puts(b, "<a href=\"");
  html_text(b, href);
  sbuf_puts(b, "\">");
  html_text(b, text);
  sbuf_puts(b, "</a>");
}

void html_count(sbuf *b, long n, const char *one, const char *many)
{
  sbuf_long(b, n);
  sbuf_putc(b, ' ');
  sbuf_puts(b, n == 1 ? one : many);
}

static const struct {
  html_nav nav;
  const char *href, *label;
} nav_items[] = {
    {NAV_HOME, "/", "Overview"},
    {NAV_ENTRIES, "/entries", "Entries"},
    {NAV_ORGS, "/orgs", "Organisations"},
    {NAV_RELEASES, "/releases", "Releases"},
    {NAV_API, "/api/v1/openapi.json", "API"},
};

/* The pages of the signed-in roles, shown from `role` up. */
static const struct {
  html_nav nav;
  role role;
  const char *href, *label;
} work_items[] = {
    {NAV_SUBMIT, ROLE_LIAISON, "/submit", "Submit"},
    {NAV_REVIEW, ROLE_EDITOR, "/review", "Review"},
    {NAV_CONFLICTS, ROLE_EDITOR, "/conflicts", "Conflicts"},
    {NAV_DUPLICATES, ROLE_EDITOR, "/duplicates", "Duplicates"},
    {NAV_RELEASES, ROLE_EDITOR, "/releases#new-release", "New release"},
    {NAV_USERS, ROLE_SECRETARIAT, "/admin/users", "Users"},
    {NAV_ADMIN_ORGS, ROLE_SECRETARIAT, "/admin/orgs", "Organisation records"},
    {NAV_ADMIN_REPS, ROLE_SECRETARIAT, "/admin/reps", "Representatives"},
};

static void nav_item(sbuf *b, const char *href, const char *label, int current)
{
  sbuf_puts(b, "<li><a href=\"");
  sbuf_puts(b, href);
  sbuf_puts(b, current ? "\" aria-current=\"page\">" : "\">");
  sbuf_puts(b, label);
  sbuf_puts(b, "</a></li>\n");
}

/* Who is signed in, the sign-out button and the role's pages; or the
 * sign-in link. */
static void html_account(sbuf *b, const req *r, html_nav nav)
{
  size_t i;

  if (!r || r->role == ROLE_ANONYMOUS) {
    sbuf_puts(b, "<p class=\"account\"><a href=\"/login\">Sign in</a></p>\n");
    return;
  }
  sbuf_puts(b, "<div class=\"account\">\n<p>Signed in as <strong>");
  html_text(b, r->who.login);
  sbuf_puts(b, "</strong> (");
  html_text(b, mvr_role_name(r->who.role));
  sbuf_puts(b, ")</p>\n");
  if (r->session[0]) {
    sbuf_puts(b, "<form method=\"post\" action=\"/logout\">"
                 "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, r->who.csrf);
    sbuf_puts(b, "\"><button type=\"submit\">Sign out</button></form>\n");
  }
  sbuf_puts(b, "<nav aria-label=\"Your pages\"><ul>\n");
  for (i = 0; i < sizeof work_items / sizeof work_items[0]; i++)
    if (r->role >= work_items[i].role)
      nav_item(b, work_items[i].href, work_items[i].label,
               work_items[i].nav == nav && nav != NAV_RELEASES);
  sbuf_puts(b, "</ul></nav>\n</div>\n");
}

void html_begin(sbuf *b, const req *r, const char *title, html_nav nav,
                const char *q)
{
  size_t i;

  sbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
               "<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, "
               "initial-scale=1\">\n<title>");
  html_text(b, title);
  sbuf_puts(b, " - Metaverse Standardization Roadmap</title>\n"
               "<link rel=\"stylesheet\" href=\"/static/mvroad.css\">\n"
               "</head>\n<body>\n"
               "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
               "<header class=\"site\">\n"
               "<p class=\"brand\"><a href=\"/\">Metaverse Standardization "
               "Roadmap</a> <span>ITU-T JCA-MV</span></p>\n"
               "<nav aria-label=\"Main\"><ul>\n");
  for (i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++)
    nav_item(b, nav_items[i].href, nav_items[i].label,
             nav_items[i].nav == nav);
  sbuf_puts(b, "</ul></nav>\n"
               "<form class=\"search\" role=\"search\" action=\"/entries\" "
               "method=\"get\">\n"
               "<label for=\"site-q\">Search the roadmap</label>\n"
               "<input id=\"site-q\" type=\"search\" name=\"q\" "
               "maxlength=\"256\" value=\"");
  if (q)
    html_text(b, q);
  sbuf_puts(b, "\">\n<button type=\"submit\">Search</button>\n</form>\n");
  html_account(b, r, nav);
  sbuf_puts(b, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void html_end(sbuf *b)
{
  sbuf_puts(b, "</main>\n<footer class=\"site\">\n<p>Kept with mvroad ");
  html_text(b, mvr_version());
  sbuf_puts(b, " for the ITU-T Joint Coordination Activity on the Metaverse "
               "(JCA-MV). The data of every page is also available as "
               "<a href=\"/api/v1/openapi.json\">JSON</a>.</p>\n"
               "</footer>\n</body>\n</html>\n");
}
