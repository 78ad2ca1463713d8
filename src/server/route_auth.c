/* route_auth.c - signing in and out (issue 5): GET /login (the form),
 * POST /login, POST /logout. The dispatcher has checked the Origin and
 * the CSRF token of the POSTs (auth.c): the sign-in form's token is a
 * random value also set as a cookie (double submit: nothing stored
 * before sign-in); afterwards every form carries the session's token. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "html.h"
#include "router.h"

/* A hidden CSRF field with `token`. */
static void csrf_field(sbuf *b, const char *token)
{
  sbuf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
  html_text(b, token);
  sbuf_puts(b, "\">\n");
}

/* The page: the form (with `message`, escaped, when not NULL), or who is
 * signed in and the sign-out button. */
static enum MHD_Result login_page(req *r, unsigned status, const char *message)
{
  sbuf b = SBUF_INIT(64 * 1024);
  char token[65], cookie[160];
  unsigned char raw[32];

  html_begin(&b, r, "Sign in", NAV_NONE, NULL);
  if (r->role != ROLE_ANONYMOUS && r->session[0]) {
    sbuf_puts(&b, "<h1>Signed in</h1>\n<p>You are signed in as <strong>");
    html_text(&b, r->who.login);
    sbuf_puts(&b, "</strong> (");
    html_text(&b, mvr_role_name(r->who.role));
    if (r->who.org[0]) {
      sbuf_puts(&b, " of ");
      html_text(&b, r->who.org);
    }
    sbuf_puts(&b, ").</p>\n<form method=\"post\" action=\"/logout\">\n");
    csrf_field(&b, r->who.csrf);
    sbuf_puts(&b, "<button type=\"submit\">Sign out</button>\n</form>\n");
  } else {
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    auth_cookie(r, auth_login_cookie(r), token, cookie, sizeof cookie);
    if (req_set_cookie(r, cookie)) {
      sbuf_free(&b);
      return resp_error(r, 500, "internal", "Out of memory.");
    }
    sbuf_puts(&b, "<h1>Sign in</h1>\n");
    if (message) {
      sbuf_puts(&b, "<p class=\"error\" role=\"alert\">");
      html_text(&b, message);
      sbuf_puts(&b, "</p>\n");
    }
    sbuf_puts(&b,
              "<p>Liaison representatives, editors and the secretariat sign "
              "in here; reading the roadmap needs no account.</p>\n"
              "<form method=\"post\" action=\"/login\" class=\"login\">\n");
    csrf_field(&b, token);
    sbuf_puts(&b, "<p><label for=\"login\">Login</label>\n"
                  "<input id=\"login\" name=\"login\" autocomplete=\"username\""
                  " required maxlength=\"64\"></p>\n"
                  "<p><label for=\"password\">Password</label>\n"
                  "<input id=\"password\" name=\"password\" type=\"password\""
                  " autocomplete=\"current-password\" required></p>\n"
                  "<p><button type=\"submit\">Sign in</button></p>\n"
                  "</form>\n");
  }
  html_end(&b);
  return resp_body(r, status, "text/html; charset=utf-8", CACHE_NONE, &b);
}

enum MHD_Result route_login_form(req *r)
{
  /* never cached: each form has its own token */
  r->cacheable = 0;
  return login_page(r, 200, NULL);
}

enum MHD_Result route_login(req *r)
{
  mvr_db *db = req_db_rw(r);
  char token[MVR_TOKEN_SIZE], client[64], cookie[200];
  mvr_principal who;
  long wait = 0;
  mvr_status rc;

  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  req_client_addr(r, client, sizeof client);
  rc = mvr_login(db, req_form_get(r, "login"), req_form_get(r, "password"),
                 client, r->session[0] ? r->session : NULL, token, &who,
                 &wait);
  if (rc == MVR_ERR_DENIED && wait > 0) {
    char msg[160];
    r->retry_after = wait;
    snprintf(msg, sizeof msg,
             "Too many failed sign-ins: try again in %ld minute%s.",
             (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
    return resp_throttled(r, msg);
  }
  if (rc == MVR_ERR_DENIED) {
    /* the session, if any, stays as it was */
    return login_page(r, MHD_HTTP_UNAUTHORIZED,
                      "Wrong login or password (or the account is "
                      "disabled).");
  }
  if (rc)
    return resp_mvr_error(r, db, rc);
  auth_cookie(r, auth_session_cookie(r), token, cookie, sizeof cookie);
  sodium_memzero(token, sizeof token);
  if (req_set_cookie(r, cookie)) {
    sodium_memzero(cookie, sizeof cookie);
    return resp_error(r, 500, "internal", "Out of memory.");
  }
  sodium_memzero(cookie, sizeof cookie);
  /* the sign-in cookie has done its work */
  auth_cookie(r, auth_login_cookie(r), NULL, cookie, sizeof cookie);
  (void)req_set_cookie(r, cookie);
  r->role = (role)who.role;
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/login");
}

enum MHD_Result route_logout(req *r)
{
  mvr_db *db = req_db_rw(r);
  char cookie[160];
  mvr_status rc;

  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  if (r->session[0]) {
    rc = mvr_session_end(db, r->session);
    if (rc)
      return resp_mvr_error(r, db, rc);
  }
  auth_cookie(r, auth_session_cookie(r), NULL, cookie, sizeof cookie);
  if (req_set_cookie(r, cookie))
    return resp_error(r, 500, "internal", "Out of memory.");
  return resp_redirect(r, MHD_HTTP_SEE_OTHER, "/");
}
