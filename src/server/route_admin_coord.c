/* route_admin_coord.c - the secretariat's forms for the coordination
 * records (issue 5: "secretariat/admin: users, organisations, contacts";
 * the records are issue 6's, include/mvroad/coord.h):
 * - GET /admin/orgs: the organisations (the profile's registry merged
 *   with the org records, with their liaison status) and a form to add
 *   or replace one; POST /admin/orgs: csrf, name, parent, kind, aliases
 *   ("; "-separated), notes.
 * - GET /admin/reps: the representatives (personal data), a form to add
 *   or replace one and a button to remove each; POST /admin/reps: csrf,
 *   action = add (email, name, org, role, nominated_on, valid_until, doc)
 *   | remove (email). Removing is mvr_coord_remove(), the hard delete
 *   `mvroad rep remove` does: no copy is left in the database file.
 * Both answer 303 back, or the page again with the library's message
 * (422 for invalid data, 404 for an unknown person). */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "router.h"

#define HTML_TYPE "text/html; charset=utf-8"

typedef struct rows {
  sbuf *b;
  const req *r;
  int kind;
  size_t n;
} rows;

static mvr_status row_cb(void *ud, const char *const *vals, size_t n)
{
  rows *t = ud;
  sbuf *b = t->b;
  size_t i, show = t->kind == MVR_COORD_ORG ? 6 : 7;

  sbuf_puts(b, "<tr>");
  for (i = 0; i < show; i++) {
    sbuf_puts(b, i ? "<td>" : "<th scope=\"row\">");
    html_text(b, i < n && vals[i] ? vals[i] : "");
    sbuf_puts(b, i ? "</td>" : "</th>");
  }
  if (t->kind == MVR_COORD_REP) {
    sbuf_puts(b, "<td><form method=\"post\" action=\"/admin/reps\">"
                 "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, t->r->who.csrf);
    sbuf_puts(b, "\"><input type=\"hidden\" name=\"action\" value=\"remove\">"
                 "<input type=\"hidden\" name=\"email\" value=\"");
    html_text(b, n ? vals[0] : "");
    sbuf_puts(b, "\"><button type=\"submit\">Remove this person everywhere"
                 "</button></form></td>");
  }
  sbuf_puts(b, "</tr>\n");
  t->n++;
  return sbuf_failed(b) ? MVR_ERR_NOMEM : MVR_OK;
}

/* One labelled text input of a form: id "f-NAME", the value sent back
 * after a refusal (escaped). */
static void input(sbuf *b, const req *r, const char *name, const char *label,
                  int required, const char *type)
{
  const char *v = req_form_get(r, name);

  sbuf_printf(b, "<p><label for=\"f-%s\">", name);
  sbuf_puts(b, label);
  sbuf_printf(b, "</label>\n<input id=\"f-%s\" name=\"%s\" type=\"%s\" "
                 "maxlength=\"1000\"%s value=\"",
              name, name, type, required ? " required" : "");
  if (v)
    html_text(b, v);
  sbuf_puts(b, "\"></p>\n");
}

static void csrf(sbuf *b, const req *r)
{
  sbuf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, r->who.csrf);
  sbuf_puts(b, "\">\n");
}

static enum MHD_Result admin_page(req *r, int kind, unsigned status,
                                  const char *message)
{
  mvr_db *db = req_db_rw(r);
  sbuf b = SBUF_INIT(8u * 1024 * 1024);
  rows t = {&b, r, kind, 0};
  int org = kind == MVR_COORD_ORG;
  mvr_status rc;

  r->cacheable = 0;
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  html_begin(&b, r, org ? "Organisation records" : "Representatives",
             org ? NAV_ADMIN_ORGS : NAV_ADMIN_REPS, NULL);
  sbuf_puts(&b, org ? "<h1>Organisation records</h1>\n"
                    : "<h1>Representatives</h1>\n<p>Personal data: shown to "
                      "editors and the secretariat only. Removing a person "
                      "deletes every copy from the register (its exports "
                      "and search included); files already sent out are "
                      "their recipients' to delete.</p>\n");
  if (message) {
    sbuf_puts(&b, "<p class=\"error\" role=\"alert\">");
    html_text(&b, message);
    sbuf_puts(&b, "</p>\n");
  }
  /* the form first: the organisations' list is long */
  sbuf_printf(&b, "<section aria-labelledby=\"add-h\">\n<h2 id=\"add-h\">%s"
                  "</h2>\n<p>A record whose %s exists already is replaced."
                  "</p>\n<form method=\"post\" action=\"%s\">\n",
              org ? "Add an organisation" : "Add a representative",
              org ? "name" : "e-mail", org ? "/admin/orgs" : "/admin/reps");
  csrf(&b, r);
  if (org) {
    input(&b, r, "name", "Name", 1, "text");
    input(&b, r, "parent", "Parent organisation", 0, "text");
    input(&b, r, "kind", "Kind (e.g. ITU-T study group, SDO, forum)", 0,
          "text");
    input(&b, r, "aliases", "Aliases (separated by \"; \")", 0, "text");
    input(&b, r, "notes", "Notes", 0, "text");
  } else {
    sbuf_puts(&b, "<input type=\"hidden\" name=\"action\" value=\"add\">\n");
    input(&b, r, "email", "E-mail", 1, "email");
    input(&b, r, "name", "Name", 1, "text");
    input(&b, r, "org", "Organisation", 1, "text");
    input(&b, r, "role", "Role (e.g. JCA-MV representative)", 0, "text");
    input(&b, r, "nominated_on", "Nominated on (YYYY-MM-DD)", 0, "text");
    input(&b, r, "valid_until", "Valid until (YYYY-MM-DD)", 0, "text");
    input(&b, r, "doc", "Nominating document", 0, "text");
  }
  sbuf_puts(&b, "<p><button type=\"submit\">Add</button></p>\n</form>\n"
                "</section>\n");
  sbuf_puts(&b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
                "aria-label=\"Records\">\n<table>\n");
  sbuf_puts(&b, org ? "<caption>Organisations</caption>\n<thead><tr>"
                      "<th scope=\"col\">Name</th><th scope=\"col\">Parent"
                      "</th><th scope=\"col\">Kind</th><th scope=\"col\">"
                      "Aliases</th><th scope=\"col\">Notes</th>"
                      "<th scope=\"col\">Liaison status</th></tr></thead>\n"
                    : "<caption>Representatives</caption>\n<thead><tr>"
                      "<th scope=\"col\">E-mail</th><th scope=\"col\">Name"
                      "</th><th scope=\"col\">Organisation</th>"
                      "<th scope=\"col\">Role</th><th scope=\"col\">"
                      "Nominated on</th><th scope=\"col\">Valid until</th>"
                      "<th scope=\"col\">Document</th><th scope=\"col\">"
                      "Action</th></tr></thead>\n");
  sbuf_puts(&b, "<tbody>\n");
  rc = mvr_coord_list(db, kind, row_cb, &t);
  if (rc) {
    sbuf_free(&b);
    return resp_mvr_error(r, db, rc);
  }
  sbuf_puts(&b, "</tbody>\n</table>\n</div>\n");
  if (!t.n)
    sbuf_puts(&b, "<p>No records yet.</p>\n");
  html_end(&b);
  return resp_body(r, status, HTML_TYPE, CACHE_NONE, &b);
}

enum MHD_Result route_admin_orgs(req *r)
{
  return admin_page(r, MVR_COORD_ORG, 200, NULL);
}

enum MHD_Result route_admin_reps(req *r)
{
  return admin_page(r, MVR_COORD_REP, 200, NULL);
}

/* Add the record of `kind` from the form's fields named as the record's
 * fields (absent ones ""). */
static enum MHD_Result add_record(req *r, mvr_db *db, int kind)
{
  const char *vals[16];
  const char *const *fields;
  char err[512];
  size_t n, i, bad = 0;
  mvr_status rc;

  fields = mvr_coord_fields(kind, &n);
  if (!fields || n > 16)
    return resp_error(r, 500, "internal", "Unknown record kind.");
  for (i = 0; i < n; i++) {
    const char *v = req_form_get(r, fields[i]);
    vals[i] = v ? v : "";
  }
  err[0] = '\0';
  rc = mvr_coord_add(db, kind, vals, n, err, sizeof err, &bad);
  if (rc == MVR_ERR_DATA || rc == MVR_ERR_ARG) {
    char msg[600];
    snprintf(msg, sizeof msg, "Not stored: %s",
             *err ? err : mvr_status_str(rc));
    return admin_page(r, kind, 422, msg);
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER,
                       kind == MVR_COORD_ORG ? "/admin/orgs" : "/admin/reps");
}

enum MHD_Result route_admin_orgs_post(req *r)
{
  mvr_db *db = req_db_rw(r);

  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  mvr_db_set_actor(db, r->who.login);
  return add_record(r, db, MVR_COORD_ORG);
}

enum MHD_Result route_admin_reps_post(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *action = req_form_get(r, "action");
  mvr_status rc;

  if (!action || (strcmp(action, "add") && strcmp(action, "remove"))) {
    req_detail_add(r, "action", "add or remove");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  mvr_db_set_actor(db, r->who.login);
  if (strcmp(action, "add") == 0)
    return add_record(r, db, MVR_COORD_REP);
  {
    const char *email = req_form_get(r, "email");
    const char *key[1];
    if (!email || !*email) {
      req_detail_add(r, "email", "required");
      return resp_error(r, 400, "bad_parameter", "The form is not valid.");
    }
    key[0] = email;
    rc = mvr_coord_remove(db, MVR_COORD_REP, key);
  }
  if (rc == MVR_ERR_NOTFOUND)
    return admin_page(r, MVR_COORD_REP, 404,
                      "There is no representative with that e-mail address.");
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/admin/reps");
}
