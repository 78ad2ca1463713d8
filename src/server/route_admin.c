/* route_admin.c - accounts for the secretariat (issue 5): GET
 * /admin/users lists them with a form to add one and a button to disable
 * or enable each; POST /admin/users does it (fields csrf, action = add |
 * disable | enable, login, and for add: role, org, name, password). */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "router.h"

typedef struct page {
  sbuf *b;
  const req *r;
} page;

static mvr_status user_row(void *ud, const mvr_user *u)
{
  page *p = ud;
  sbuf *b = p->b;

  sbuf_puts(b, "<tr><td>");
  html_text(b, u->login);
  sbuf_puts(b, "</td><td>");
  html_text(b, u->name);
  sbuf_puts(b, "</td><td>");
  html_text(b, mvr_role_name(u->role));
  sbuf_puts(b, "</td><td>");
  html_text(b, u->org);
  sbuf_printf(b, "</td><td>%s</td><td>%ld</td><td>%ld</td><td>",
              u->disabled ? "disabled" : "active", u->sessions, u->tokens);
  sbuf_puts(b, "<form method=\"post\" action=\"/admin/users\">"
               "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, p->r->who.csrf);
  sbuf_puts(b, "\"><input type=\"hidden\" name=\"login\" value=\"");
  html_text(b, u->login);
  sbuf_puts(b, u->disabled ? "\"><button type=\"submit\" name=\"action\" "
                             "value=\"enable\">Enable</button>"
                           : "\"><button type=\"submit\" name=\"action\" "
                             "value=\"disable\">Disable</button>");
  sbuf_puts(b, "</form></td></tr>\n");
  return MVR_OK;
}

static enum MHD_Result users_page(req *r, unsigned status, const char *message)
{
  mvr_db *db = req_db_rw(r);
  sbuf b = SBUF_INIT(4u * 1024 * 1024);
  page p = {&b, r};
  mvr_status rc;

  r->cacheable = 0;
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  html_begin(&b, r, "Accounts", NAV_USERS, NULL);
  sbuf_puts(&b, "<h1>Accounts</h1>\n");
  if (message) {
    sbuf_puts(&b, "<p class=\"error\" role=\"alert\">");
    html_text(&b, message);
    sbuf_puts(&b, "</p>\n");
  }
  sbuf_puts(&b, "<div class=\"scroll\" role=\"region\" aria-label=\"Accounts\" "
                "tabindex=\"0\">\n<table>\n<caption>Accounts</caption>\n"
                "<tr><th scope=\"col\">Login</th><th scope=\"col\">Name</th>"
                "<th scope=\"col\">Role</th><th scope=\"col\">Organisation"
                "</th><th scope=\"col\">State</th><th scope=\"col\">Sessions"
                "</th><th scope=\"col\">API tokens</th><th scope=\"col\">"
                "Action</th></tr>\n");
  rc = mvr_user_list(db, user_row, &p);
  if (rc) {
    sbuf_free(&b);
    return resp_mvr_error(r, db, rc);
  }
  sbuf_puts(&b, "</table>\n</div>\n<h2>Add an account</h2>\n"
                "<form method=\"post\" action=\"/admin/users\">\n"
                "<input type=\"hidden\" name=\"action\" value=\"add\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(&b, r->who.csrf);
  sbuf_puts(&b, "\">\n<p><label for=\"u-login\">Login</label>\n"
                "<input id=\"u-login\" name=\"login\" required maxlength=\"64\""
                "></p>\n<p><label for=\"u-name\">Name</label>\n"
                "<input id=\"u-name\" name=\"name\" maxlength=\"200\"></p>\n"
                "<p><label for=\"u-role\">Role</label>\n"
                "<select id=\"u-role\" name=\"role\">"
                "<option value=\"liaison\">Liaison representative</option>"
                "<option value=\"editor\">Editor</option>"
                "<option value=\"secretariat\">Secretariat</option>"
                "</select></p>\n"
                "<p><label for=\"u-org\">Organisation (liaison "
                "representatives)</label>\n<input id=\"u-org\" name=\"org\" "
                "maxlength=\"200\"></p>\n<p><label for=\"u-pw\">Password (8 "
                "characters or more)</label>\n<input id=\"u-pw\" "
                "name=\"password\" type=\"password\" autocomplete="
                "\"new-password\" required minlength=\"8\"></p>\n"
                "<p><button type=\"submit\">Add</button></p>\n</form>\n");
  html_end(&b);
  return resp_body(r, status, "text/html; charset=utf-8", CACHE_NONE, &b);
}

enum MHD_Result route_admin_users(req *r)
{
  return users_page(r, 200, NULL);
}

enum MHD_Result route_admin_users_post(req *r)
{
  mvr_db *db = req_db_rw(r);
  const char *action = req_form_get(r, "action");
  const char *login = req_form_get(r, "login");
  const char *org = req_form_get(r, "org");
  mvr_status rc;

  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  if (!action || !login) {
    req_detail_add(r, "action", "add, disable or enable, with a login");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (strcmp(action, "add") == 0) {
    mvr_role want = mvr_role_parse(req_form_get(r, "role"));
    rc = mvr_user_add(db, login, req_form_get(r, "name"), want,
                      org && *org ? org : NULL, req_form_get(r, "password"));
  } else if (strcmp(action, "disable") == 0 ||
             strcmp(action, "enable") == 0) {
    if (strcmp(login, r->who.login) == 0 && strcmp(action, "disable") == 0)
      return users_page(r, 400, "You cannot disable your own account.");
    rc = mvr_user_disable(db, login, strcmp(action, "disable") == 0);
  } else {
    req_detail_add(r, "action", "add, disable or enable");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (rc == MVR_ERR_ARG || rc == MVR_ERR_EXISTS || rc == MVR_ERR_NOTFOUND) {
    char msg[600];
    snprintf(msg, sizeof msg, "%s", mvr_db_errmsg(db));
    return users_page(r, rc == MVR_ERR_EXISTS ? 409
                         : rc == MVR_ERR_NOTFOUND ? 404 : 400,
                      msg);
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/admin/users");
}
