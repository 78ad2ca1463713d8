/* html.h - the HTML context: the one escaping function every untrusted
 * text goes through on its way into a page (STYLE.md rule 15), and the
 * page layout shared by every page (skip link, header, navigation,
 * search box, footer). */
#ifndef MVROAD_SERVER_HTML_H
#define MVROAD_SERVER_HTML_H

#include <stddef.h>

#include "sbuf.h"

/* Append `len` bytes of `s` with & < > " ' escaped, which makes it safe
 * as element text and as a quoted attribute value. The only function
 * that puts data into HTML. */
void html_escape(sbuf *b, const char *s, size_t len);

/* html_escape() of a C string. */
void html_text(sbuf *b, const char *s);

/* Which navigation item a page belongs to. */
typedef enum html_nav {
  NAV_NONE = 0,
  NAV_HOME,
  NAV_ENTRIES,
  NAV_ORGS,
  NAV_RELEASES,
  NAV_API,
  /* the pages of signed-in roles (issue 5) */
  NAV_SUBMIT,
  NAV_REVIEW,
  NAV_CONFLICTS,
  NAV_DUPLICATES,
  NAV_USERS,
  NAV_ADMIN_ORGS,
  NAV_ADMIN_REPS
} html_nav;

struct req;

/* Open a page: doctype, head with `title` (escaped), the skip link, the
 * header with the navigation (`nav` marked current) and the search box
 * holding `q` (may be NULL), then <main>. The header says who is asking
 * (`r`): "Signed in as LOGIN (role)" with a sign-out button carrying the
 * session's CSRF token and the links of that role's pages, or a "Sign in"
 * link for an anonymous reader. An anonymous page is therefore the same
 * for every anonymous reader (the answer cache keeps only those: see
 * router_dispatch); a signed-in one is never cached (queue() in
 * request.c sends it with no-store). */
void html_begin(sbuf *b, const struct req *r, const char *title, html_nav nav,
                const char *q);

/* Close <main>, add the footer and close the page. */
void html_end(sbuf *b);

/* <a href="HREF">TEXT</a>: `href` is built by the server (from
 * url_encode()d parts) and escaped too; `text` is escaped. */
void html_link(sbuf *b, const char *href, const char *text);

/* A count with its noun, "1 entry" / "3 entries". */
void html_count(sbuf *b, long n, const char *one, const char *many);

#endif
