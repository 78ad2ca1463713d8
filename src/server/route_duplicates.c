/* route_duplicates.c - possible duplicates for editors (issue 5): GET
 * /duplicates lists the pairs mvr_duplicates_find() proposes, each with
 * both entries and the evidence they share (how the titles match, the
 * score, the words the titles have in common), and a form to merge them
 * (mvr_merge: the entry chosen to keep absorbs the other) or to dismiss
 * them (mvr_not_duplicate: never proposed again); below, the pairs
 * dismissed so far, each with a form to take the mark back
 * (mvr_not_duplicate_undo). POST /duplicates takes csrf, action = merge |
 * not-duplicate | undo-not-duplicate, ids = "A,B" (the pair), keep (the id
 * that stays when merging; default A) and note; 303 back. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "router.h"

#define HTML_TYPE "text/html; charset=utf-8"

/* ---- The words two titles share ------------------------------------- */

/* The next word of `s` from *pos: letters and digits (bytes of UTF-8
 * sequences count as letters). Returns its length, 0 at the end. */
static size_t next_word(const char *s, size_t *pos, const char **w)
{
  size_t i = *pos, n;

  while (s[i] && !isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
    i++;
  *w = s + i;
  for (n = 0; s[i + n] && (isalnum((unsigned char)s[i + n]) ||
                           (unsigned char)s[i + n] >= 0x80);
       n++)
    ;
  *pos = i + n;
  return n;
}

/* Does `t` contain the word `w` (n bytes, ASCII case folded) starting
 * before `limit` (NULL: anywhere)? */
static int has_word(const char *t, const char *w, size_t n, const char *limit)
{
  size_t pos = 0, m;
  const char *x;

  for (;;) {
    m = next_word(t, &pos, &x);
    if (!m || (limit && x >= limit))
      return 0;
    if (m == n && strncasecmp(x, w, n) == 0)
      return 1;
  }
}

/* The words of `a` that `b` also has, once each, escaped, separated by
 * spaces; "none" when there are none. */
static void shared_words(sbuf *b, const char *ta, const char *tb)
{
  size_t pos = 0, n, k = 0;
  const char *w;

  for (;;) {
    n = next_word(ta, &pos, &w);
    if (!n)
      break;
    if (has_word(ta, w, n, w) || !has_word(tb, w, n, NULL))
      continue;
    sbuf_puts(b, k++ ? " " : "");
    sbuf_puts(b, "<mark>");
    html_escape(b, w, n);
    sbuf_puts(b, "</mark>");
  }
  if (!k)
    sbuf_puts(b, "none");
}

/* ---- GET /duplicates ----------------------------------------------------- */

static const char *match_text(const char *match)
{
  if (strcmp(match, "same-title") == 0)
    return "the same title once case, accents, dashes and usual prefixes "
           "are set aside";
  if (strcmp(match, "part-title") == 0)
    return "one title is the other's part title";
  if (strcmp(match, "similar-title") == 0)
    return "most of the words of the titles are shared";
  return match;
}

static void side_cells(sbuf *b, const mvr_dup_side *s)
{
  sbuf_printf(b, "<td><a href=\"/entries/%lld\">%lld</a></td><td>",
              (long long)s->id, (long long)s->id);
  html_text(b, *s->reference ? s->reference : "(no reference)");
  sbuf_puts(b, "</td><td>");
  html_text(b, s->sdo);
  sbuf_puts(b, "</td><td>");
  html_text(b, s->title);
  sbuf_puts(b, "</td>");
}

/* The marks shown on the page at most (the rest: `mvroad not-duplicate
 * --list`). */
#define MARKS_SHOWN 500

typedef struct marks {
  sbuf *b;
  const req *r;
  unsigned long n;
} marks;

static mvr_status mark_row(void *ud, const mvr_not_dup *m)
{
  marks *k = ud;
  sbuf *b = k->b;

  if (k->n++ >= MARKS_SHOWN)
    return MVR_OK;
  if (k->n == 1)
    sbuf_puts(b, "<table>\n<caption>Pairs dismissed: never proposed again "
                 "unless the mark is undone</caption>\n<thead><tr>"
                 "<th scope=\"col\">Entry</th><th scope=\"col\">Entry</th>"
                 "<th scope=\"col\">Marked</th><th scope=\"col\">By</th>"
                 "<th scope=\"col\">Note</th><th scope=\"col\">Undo</th>"
                 "</tr></thead>\n<tbody>\n");
  sbuf_printf(b, "<tr><td><a href=\"/entries/%lld\">", (long long)m->a);
  html_text(b, m->a_reference);
  sbuf_printf(b, "</a></td><td><a href=\"/entries/%lld\">", (long long)m->b);
  html_text(b, m->b_reference);
  sbuf_puts(b, "</a></td><td>");
  html_text(b, m->at);
  sbuf_puts(b, "</td><td>");
  html_text(b, m->actor);
  sbuf_puts(b, "</td><td>");
  html_text(b, m->note);
  sbuf_puts(b, "</td><td><form method=\"post\" action=\"/duplicates\">"
               "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, k->r->who.csrf);
  sbuf_printf(b,
              "\"><input type=\"hidden\" name=\"ids\" value=\"%lld,%lld\">"
              "<button type=\"submit\" name=\"action\" "
              "value=\"undo-not-duplicate\" aria-label=\"Undo the mark of ",
              (long long)m->a, (long long)m->b);
  html_text(b, m->a_reference);
  sbuf_puts(b, " and ");
  html_text(b, m->b_reference);
  sbuf_puts(b, "\">Undo</button></form></td></tr>\n");
  return sbuf_failed(b) ? MVR_ERR_NOMEM : MVR_OK;
}

/* The pairs marked not duplicates, each with an Undo button. */
static mvr_status marks_section(sbuf *b, const req *r, mvr_db *db)
{
  marks k = {b, r, 0};
  mvr_status rc;

  sbuf_puts(b, "<section aria-labelledby=\"marks\">\n"
               "<h2 id=\"marks\">Marked not duplicates</h2>\n");
  /* mark_row() opens the table at the first row */
  rc = mvr_not_duplicate_list(db, mark_row, &k);
  if (k.n)
    sbuf_puts(b, "</tbody>\n</table>\n");
  if (!k.n)
    sbuf_puts(b, "<p>No pair is marked.</p>\n");
  else if (k.n > MARKS_SHOWN)
    sbuf_printf(b,
                "<p>The first %d of %lu marks; all of them: "
                "<code>mvroad not-duplicate --list</code>.</p>\n",
                MARKS_SHOWN, k.n);
  sbuf_puts(b, "</section>\n");
  return rc;
}

static enum MHD_Result duplicates_page(req *r, unsigned status,
                                       const char *message)
{
  mvr_db *db = req_db_rw(r);
  mvr_duplicates *d = NULL;
  sbuf b = SBUF_INIT(8u * 1024 * 1024);
  mvr_status rc;
  size_t i;

  r->cacheable = 0;
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  rc = mvr_duplicates_find(db, NULL, &d);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Possible duplicates", NAV_DUPLICATES, NULL);
  sbuf_puts(&b, "<h1>Possible duplicates</h1>\n");
  if (message) {
    sbuf_puts(&b, "<p class=\"error\" role=\"alert\">");
    html_text(&b, message);
    sbuf_puts(&b, "</p>\n");
  }
  sbuf_printf(&b,
              "<p>%lu possible duplicate%s among %lu entries (%lu pair%s "
              "dismissed as not duplicates). Nothing is merged until an "
              "editor decides.</p>\n",
              d->found, d->found == 1 ? "" : "s", d->entries, d->dismissed,
              d->dismissed == 1 ? "" : "s");
  for (i = 0; i < d->npairs; i++) {
    const mvr_duplicate *p = &d->pairs[i];
    long long a = (long long)p->a.id, bb = (long long)p->b.id;
    sbuf_printf(&b, "<section class=\"pair\" aria-labelledby=\"dup-%lld-%lld\">"
                    "\n<h2 id=\"dup-%lld-%lld\">",
                a, bb, a, bb);
    html_text(&b, *p->a.reference ? p->a.reference : p->a.title);
    sbuf_puts(&b, " and ");
    html_text(&b, *p->b.reference ? p->b.reference : p->b.title);
    sbuf_puts(&b, "</h2>\n<table>\n<caption>The two entries</caption>\n"
                  "<thead><tr><th scope=\"col\">Id</th>"
                  "<th scope=\"col\">Reference</th>"
                  "<th scope=\"col\">Organisation</th>"
                  "<th scope=\"col\">Title</th></tr></thead>\n<tbody>\n<tr>");
    side_cells(&b, &p->a);
    sbuf_puts(&b, "</tr>\n<tr>");
    side_cells(&b, &p->b);
    sbuf_printf(&b, "</tr>\n</tbody>\n</table>\n<dl class=\"fields\">\n"
                    "<dt>Evidence</dt><dd>%s (score %.2f)</dd>\n"
                    "<dt>Shared words</dt><dd>",
                match_text(p->match), p->score);
    shared_words(&b, p->a.title, p->b.title);
    sbuf_puts(&b, "</dd>\n</dl>\n<form method=\"post\" action=\"/duplicates\">"
                  "\n<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(&b, r->who.csrf);
    sbuf_printf(&b,
                "\">\n<input type=\"hidden\" name=\"ids\" value=\"%lld,%lld\">"
                "\n<p><label for=\"keep-%lld-%lld\">Keep</label>\n"
                "<select id=\"keep-%lld-%lld\" name=\"keep\">"
                "<option value=\"%lld\">entry %lld</option>"
                "<option value=\"%lld\">entry %lld</option></select>\n"
                "<label for=\"note-%lld-%lld\">Note</label>\n"
                "<input id=\"note-%lld-%lld\" name=\"note\" maxlength=\"500\">"
                "</p>\n",
                a, bb, a, bb, a, bb, a, a, bb, bb, a, bb, a, bb);
    sbuf_puts(&b, "<p><button type=\"submit\" name=\"action\" value=\"merge\">"
                  "Merge</button>\n<button type=\"submit\" name=\"action\" "
                  "value=\"not-duplicate\">Not a duplicate</button></p>\n"
                  "</form>\n</section>\n");
  }
  mvr_duplicates_free(d);
  rc = marks_section(&b, r, db);
  if (rc) {
    sbuf_free(&b);
    return resp_mvr_error(r, db, rc);
  }
  html_end(&b);
  return resp_body(r, status, HTML_TYPE, CACHE_NONE, &b);
}

enum MHD_Result route_duplicates(req *r)
{
  return duplicates_page(r, 200, NULL);
}

/* ---- POST /duplicates ---------------------------------------------------- */

/* A positive decimal id of at most 18 digits, all of [s, end). */
static int parse_id(const char *s, const char *end, long long *out)
{
  long long v = 0;
  const char *p;

  if (s == end || end - s > 18)
    return -1;
  for (p = s; p < end; p++) {
    if (*p < '0' || *p > '9')
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (v <= 0)
    return -1;
  *out = v;
  return 0;
}

enum MHD_Result route_duplicates_post(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *action = req_form_get(r, "action");
  const char *ids = req_form_get(r, "ids");
  const char *keep = req_form_get(r, "keep");
  const char *note = req_form_get(r, "note");
  const char *comma = ids ? strchr(ids, ',') : NULL;
  long long a = 0, b = 0, k = 0;
  char into[24], from[24];
  mvr_status rc;

  if (!action || !comma || parse_id(ids, comma, &a) ||
      parse_id(comma + 1, comma + strlen(comma), &b) || a == b ||
      (strcmp(action, "merge") && strcmp(action, "not-duplicate") &&
       strcmp(action, "undo-not-duplicate"))) {
    req_detail_add(r, "action",
                   "action = merge, not-duplicate or undo-not-duplicate, "
                   "ids = two different entry ids \"A,B\"");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (keep && *keep &&
      (parse_id(keep, keep + strlen(keep), &k) || (k != a && k != b))) {
    req_detail_add(r, "keep", "one of the two ids");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  mvr_db_set_actor(db, r->who.login);
  if (note && !*note)
    note = NULL;
  if (strcmp(action, "merge") == 0) {
    if (k == b) {
      b = a;
      a = k;
    }
    snprintf(into, sizeof into, "%lld", a);
    snprintf(from, sizeof from, "%lld", b);
    rc = mvr_merge(db, into, from, note);
  } else if (strcmp(action, "not-duplicate") == 0) {
    rc = mvr_not_duplicate(db, (int64_t)a, (int64_t)b, note);
  } else {
    rc = mvr_not_duplicate_undo(db, (int64_t)a, (int64_t)b);
  }
  if (rc == MVR_ERR_CONFLICT) {
    char msg[600];
    snprintf(msg, sizeof msg, "These entries cannot be merged: %s",
             *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : "already merged.");
    return duplicates_page(r, 409, msg);
  }
  if (rc == MVR_ERR_NOTFOUND) {
    char msg[600];
    snprintf(msg, sizeof msg, "%s",
             *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : "No such entry.");
    return duplicates_page(r, 404, msg);
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/duplicates");
}
