/* auth.c - sessions and tokens on requests, Origin and CSRF checks, and
 * form bodies (auth.h). */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Per field value, and the post processor's buffer. */
#define FORM_BUFFER 4096

const char *auth_session_cookie(const req *r)
{
  return req_tls(r) ? "__Host-mvr_session" : "mvr_session";
}

const char *auth_login_cookie(const req *r)
{
  return req_tls(r) ? "__Host-mvr_signin" : "mvr_signin";
}

void auth_cookie(const req *r, const char *name, const char *token, char *buf,
                 size_t size)
{
  snprintf(buf, size, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name,
           token ? token : "", req_tls(r) ? "; Secure" : "",
           token ? "" : "; Max-Age=0");
}

/* The session `cookie` names: on MVR_OK, r->who, r->role and r->session
 * are set. */
static mvr_status session_of(req *r, mvr_db *db, const char *cookie)
{
  mvr_status rc = mvr_session_check(db, cookie, &r->who);

  if (rc == MVR_OK) {
    r->role = (role)r->who.role;
    snprintf(r->session, sizeof r->session, "%s", cookie);
  }
  return rc;
}

int auth_identify(req *r, enum MHD_Result *ret)
{
  const char *authz = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
  const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
                                                   auth_session_cookie(r));
  mvr_db *db;
  mvr_status rc;

  if (!authz && !cookie)
    return 0;
  r->had_credentials = 1;
  db = req_db_rw(r);
  if (!db) {
    *ret = resp_error(r, 503, "busy", "The register cannot be opened.");
    return 1;
  }
  if (authz) {
    const char *t = authz;
    if (strncasecmp(t, "Bearer ", 7) != 0) {
      *ret = resp_error(r, MHD_HTTP_UNAUTHORIZED, "bad_credentials",
                        "Send an API token as \"Authorization: Bearer "
                        "TOKEN\".");
      return 1;
    }
    t += 7;
    while (*t == ' ')
      t++;
    rc = mvr_token_check(db, t, &r->who);
    if (rc == MVR_ERR_NOTFOUND) {
      *ret = resp_error(r, MHD_HTTP_UNAUTHORIZED, "bad_credentials",
                        "This API token is not valid (unknown or "
                        "revoked).");
      return 1;
    }
    if (rc) {
      *ret = resp_mvr_error(r, db, rc);
      return 1;
    }
    r->via_token = 1;
    r->role = (role)r->who.role;
    return 0;
  }
  rc = session_of(r, db, cookie);
  if (rc == MVR_OK)
    return 0;
  if (rc == MVR_ERR_NOTFOUND) {
    char c[128];
    auth_cookie(r, auth_session_cookie(r), NULL, c, sizeof c);
    if (req_set_cookie(r, c)) {
      *ret = resp_error(r, 500, "internal", "Out of memory.");
      return 1;
    }
    return 0;
  }
  *ret = resp_mvr_error(r, db, rc);
  return 1;
}

void auth_identify_page(req *r)
{
  const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
                                                   auth_session_cookie(r));
  mvr_db *db;

  if (!cookie || req_header(r, MHD_HTTP_HEADER_AUTHORIZATION))
    return;
  db = req_db_rw(r);
  if (db && session_of(r, db, cookie) == MVR_OK)
    r->had_credentials = 1;
}

/* Is `url` this server's origin, or (prefix) a page of it? */
static int same_origin(const req *r, const char *url, int prefix)
{
  const char *host = req_header(r, MHD_HTTP_HEADER_HOST);
  const char *scheme = req_tls(r) ? "https://" : "http://";
  size_t n = strlen(scheme), h;

  if (!host || !*host || !url)
    return 0;
  h = strlen(host);
  if (strncasecmp(url, scheme, n) != 0 || strncasecmp(url + n, host, h) != 0)
    return 0;
  url += n + h;
  return prefix ? (*url == '\0' || *url == '/') : *url == '\0';
}

int auth_check_post(req *r, enum MHD_Result *ret)
{
  const char *origin, *referer, *want, *got;

  if (r->via_token)
    return 0;
  origin = req_header(r, "Origin");
  referer = req_header(r, "Referer");
  if (origin ? !same_origin(r, origin, 0) : !same_origin(r, referer, 1)) {
    *ret = resp_error(r, MHD_HTTP_FORBIDDEN, "bad_origin",
                      "This request did not come from this site's pages "
                      "(Origin or Referer).");
    return 1;
  }
  got = req_form_get(r, "csrf");
  if (!got)
    got = req_header(r, "X-CSRF-Token");
  if (r->session[0])
    want = r->who.csrf;
  else
    want = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
                                       auth_login_cookie(r));
  if (!mvr_secret_equal(want, got)) {
    *ret = resp_error(r, MHD_HTTP_FORBIDDEN, "bad_csrf",
                      "This form has expired or did not come from this "
                      "site: reload the page and try again.");
    return 1;
  }
  return 0;
}

/* ---- Forms ------------------------------------------------------------- */

/* Clear a password before freeing it. */
static void wipe(char *p, size_t n)
{
  volatile char *v = p;
  while (n--)
    *v++ = 0;
}

static enum MHD_Result field_cb(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *filename,
                                const char *ctype, const char *encoding,
                                const char *data, uint64_t off, size_t size)
{
  req *r = cls;
  req_field *f = NULL;
  char *p;

  if (!key)
    return MHD_YES;
  if (off > 0 && r->nfields && strcmp(r->fields[r->nfields - 1].name, key) == 0)
    f = &r->fields[r->nfields - 1];
  if (!f) {
    if (r->nfields == REQ_MAX_FIELDS) {
      r->body_bad = 1;
      return MHD_NO;
    }
    f = &r->fields[r->nfields];
    memset(f, 0, sizeof *f);
    f->name = strdup(key);
    f->value = calloc(1, 1);
    if (filename)
      f->filename = strdup(filename);
    if (filename && ctype)
      f->ctype = strdup(ctype);
    r->nfields++;
    if (!f->name || !f->value || (filename && !f->filename)) {
      r->body_bad = 1;
      return MHD_NO;
    }
  }
  if (!size)
    return MHD_YES;
  if (size > r->body_max || f->len > r->body_max - size) {
    r->body_too_big = 1;
    return MHD_NO;
  }
  p = realloc(f->value, f->len + size + 1);
  if (!p) {
    r->body_bad = 1;
    return MHD_NO;
  }
  memcpy(p + f->len, data, size);
  f->value = p;
  f->len += size;
  p[f->len] = '\0';
  return MHD_YES;
}

enum MHD_Result auth_form_begin(req *r)
{
  r->pp = MHD_create_post_processor(r->conn, FORM_BUFFER, field_cb, r);
  if (!r->pp) {
    r->parsed = 1;
    return resp_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "bad_content_type",
                      "Send the form as application/x-www-form-urlencoded "
                      "or multipart/form-data.");
  }
  return MHD_YES;
}

void auth_form_chunk(req *r, const char *data, size_t size)
{
  r->body_len += size;
  if (r->body_len > r->body_max) {
    r->body_too_big = 1;
    return;
  }
  if (r->pp && MHD_post_process(r->pp, data, size) != MHD_YES &&
      !r->body_too_big)
    r->body_bad = 1;
}

void auth_form_end(req *r)
{
  if (r->pp) {
    if (MHD_destroy_post_processor(r->pp) != MHD_YES && !r->body_too_big)
      r->body_bad = 1;
    r->pp = NULL;
  }
}

void auth_req_free(req *r)
{
  size_t i;

  if (r->pp) {
    MHD_destroy_post_processor(r->pp);
    r->pp = NULL;
  }
  for (i = 0; i < r->nfields; i++) {
    free(r->fields[i].name);
    if (r->fields[i].value)
      wipe(r->fields[i].value, r->fields[i].len);
    free(r->fields[i].value);
    free(r->fields[i].filename);
    free(r->fields[i].ctype);
  }
  r->nfields = 0;
  for (i = 0; i < 2; i++) {
    free(r->set_cookie[i]);
    r->set_cookie[i] = NULL;
  }
  free(r->body);
  r->body = NULL;
}
