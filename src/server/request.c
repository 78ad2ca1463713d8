/* request.c - the request context's accessors and the response wrapper:
 * every response of the server, error or not, is queued by queue() below,
 * which adds the security headers or refuses to answer at all. */
#include "request.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "html.h"
#include "json.h"
#include "router.h"

/* No script at all, styles from our own origin only, no framing, no
 * plugins, forms only to ourselves (SECURITY.md 3.1, ASVS 3.4.3/3.4.6). */
#define CSP                                                                    \
  "default-src 'none'; style-src 'self'; img-src 'self' data:; "               \
  "form-action 'self'; base-uri 'none'; object-src 'none'; "                   \
  "frame-ancestors 'none'"

const char *req_param_get(const req *r, const char *name)
{
  size_t i;

  for (i = 0; i < r->nparams; i++)
    if (strcmp(r->params[i].name, name) == 0)
      return r->params[i].len ? r->params[i].value : NULL;
  return NULL;
}

long req_param_long(const req *r, const char *name, long dflt)
{
  const char *v = req_param_get(r, name);
  long n = 0;

  if (!v)
    return dflt;
  /* the router has checked: digits only, in range */
  for (; *v; v++)
    n = n * 10 + (*v - '0');
  return n;
}

const req_field *req_form(const req *r, const char *name)
{
  size_t i;

  for (i = 0; i < r->nfields; i++)
    if (strcmp(r->fields[i].name, name) == 0)
      return &r->fields[i];
  return NULL;
}

const char *req_form_get(const req *r, const char *name)
{
  const req_field *f = req_form(r, name);
  return f ? f->value : NULL;
}

const char *req_header(const req *r, const char *name)
{
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int req_set_cookie(req *r, const char *value)
{
  size_t i;

  for (i = 0; i < 2; i++)
    if (!r->set_cookie[i]) {
      r->set_cookie[i] = strdup(value);
      return r->set_cookie[i] ? 0 : -1;
    }
  return -1;
}

int req_has_body(const req *r)
{
  const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  const char *te = MHD_lookup_connection_value(
      r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);

  return te || (cl && strcmp(cl, "0") != 0);
}

void req_detail_add(req *r, const char *parameter, const char *fmt, ...)
{
  va_list ap;
  req_detail *d;

  if (r->ndetails == REQ_MAX_DETAILS)
    return;
  d = &r->details[r->ndetails++];
  d->parameter = parameter;
  va_start(ap, fmt);
  vsnprintf(d->message, sizeof d->message, fmt, ap);
  va_end(ap);
}

/* Add the headers every response carries. Returns 0, or -1 when one
 * could not be added (out of memory): then nothing is sent. */
static int security_headers(struct MHD_Response *resp, const char *ctype,
                            const char *cc)
{
  static const char *const fixed[][2] = {
      {"Content-Security-Policy", CSP},
      {MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {MHD_HTTP_HEADER_X_FRAME_OPTIONS, "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  size_t i;

  for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (MHD_add_response_header(resp, fixed[i][0], fixed[i][1]) != MHD_YES)
      return -1;
  if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype) !=
          MHD_YES ||
      MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cc) !=
          MHD_YES)
    return -1;
  return 0;
}

/* Queue `resp` (consumed) with the security headers. */
static enum MHD_Result queue(req *r, unsigned status, struct MHD_Response *resp,
                             const char *ctype, const char *cc,
                             unsigned long long len, const char *disposition)
{
  enum MHD_Result ret = MHD_NO;
  size_t i;

  if (!resp)
    goto out;
  /* an answer that depends on who asks is kept by no one */
  if (r->role != ROLE_ANONYMOUS || r->had_credentials || r->set_cookie[0])
    cc = CACHE_NONE;
  if (security_headers(resp, ctype, cc))
    goto out;
  /* pages show who is signed in: a browser must not reuse an anonymous
   * copy once a session cookie exists, nor the reverse */
  if (strcmp(cc, CACHE_PUBLIC) == 0 &&
      MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Cookie") != MHD_YES)
    goto out;
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED &&
      MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                              r->allow ? r->allow : "GET, HEAD") != MHD_YES)
    goto out;
  for (i = 0; i < 2; i++)
    if (r->set_cookie[i] &&
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
                                r->set_cookie[i]) != MHD_YES)
      goto out;
  if (status == MHD_HTTP_TOO_MANY_REQUESTS ||
      (status == MHD_HTTP_SERVICE_UNAVAILABLE && r->retry_after > 0)) {
    char ra[32];
    snprintf(ra, sizeof ra, "%ld", r->retry_after > 0 ? r->retry_after : 1);
    if (MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra) !=
        MHD_YES)
      goto out;
  }
  if (status == MHD_HTTP_UNAUTHORIZED && r->api &&
      MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                              "Bearer realm=\"mvroad\"") != MHD_YES)
    goto out;
  if (disposition &&
      MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
                              disposition) != MHD_YES)
    goto out;
  ret = MHD_queue_response(r->conn, status, resp);
  if (ret == MHD_YES) {
    r->status = status;
    r->bytes = len;
    r->answered = 1;
  }
out:
  if (resp)
    MHD_destroy_response(resp);
  return ret;
}

enum MHD_Result resp_copy(req *r, unsigned status, const char *ctype,
                          const char *cc, const char *p, size_t len)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)p, MHD_RESPMEM_MUST_COPY);

  return queue(r, status, resp, ctype, cc, len, NULL);
}

/* The last resort when even an error page cannot be built. */
static enum MHD_Result fallback_500(req *r)
{
  static const char text[] = "500 Internal Server Error\n";

  return resp_copy(r, 500, "text/plain; charset=utf-8", CACHE_NONE, text,
                   sizeof text - 1);
}

/* A response from `body`, or NULL (body freed) when it failed. */
static struct MHD_Response *from_sbuf(sbuf *body, size_t *len)
{
  struct MHD_Response *resp;
  char *p;

  if (sbuf_failed(body)) {
    sbuf_free(body);
    return NULL;
  }
  p = sbuf_detach(body, len);
  if (!p)
    return MHD_create_response_from_buffer(0, (void *)"",
                                           MHD_RESPMEM_MUST_COPY);
  resp = MHD_create_response_from_buffer(*len, p, MHD_RESPMEM_MUST_FREE);
  if (!resp)
    free(p);
  return resp;
}

enum MHD_Result resp_body(req *r, unsigned status, const char *ctype,
                          const char *cc, sbuf *body)
{
  size_t len = 0;
  struct MHD_Response *resp;

  if (status == 200 && r->cacheable && !sbuf_failed(body))
    cache_put(req_cache(r), r->uri, r->urilen, r->gen, ctype, cc,
              sbuf_str(body), body->len);
  resp = from_sbuf(body, &len);
  if (!resp)
    return status == 500 ? fallback_500(r)
                         : resp_error(r, 500, "internal",
                                      "The response could not be built.");
  return queue(r, status, resp, ctype, cc, len, NULL);
}

/* "attachment; filename=\"NAME\"" with NAME reduced to [A-Za-z0-9._-],
 * other runs of bytes as one "_", no leading dot, at most 80 bytes. */
static void disposition(const char *filename, char *out, size_t cap)
{
  static const char prefix[] = "attachment; filename=\"";
  size_t o = sizeof prefix - 1, start;
  const char *p;

  memcpy(out, prefix, o);
  start = o;
  for (p = filename; *p && o < cap - 2 && o - start < 80; p++) {
    char c = *p;
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             (c == '.' && o > start);
    if (!ok) {
      if (o > start && out[o - 1] == '_')
        continue;
      c = '_';
    }
    out[o++] = c;
  }
  if (o == start) {
    memcpy(out + o, "download", 8);
    o += 8;
  }
  out[o++] = '"';
  out[o] = '\0';
}

enum MHD_Result resp_download(req *r, const char *ctype, const char *filename,
                              sbuf *body)
{
  char disp[128];
  size_t len = 0;
  struct MHD_Response *resp = from_sbuf(body, &len);

  if (!resp)
    return resp_error(r, 500, "internal", "The file could not be built.");
  disposition(filename, disp, sizeof disp);
  return queue(r, 200, resp, ctype, CACHE_PUBLIC, len, disp);
}

enum MHD_Result resp_download_fd(req *r, const char *ctype,
                                 const char *filename, int fd,
                                 unsigned long long size)
{
  char disp[128];
  struct MHD_Response *resp = MHD_create_response_from_fd64(size, fd);

  if (!resp) {
    close(fd);
    return resp_error(r, 500, "internal", "The file could not be sent.");
  }
  disposition(filename, disp, sizeof disp);
  return queue(r, 200, resp, ctype, CACHE_PUBLIC, size, disp);
}

static const char *status_title(unsigned status)
{
  switch (status) {
  case 400:
    return "Bad request";
  case 401:
    return "Sign-in needed";
  case 403:
    return "Not allowed";
  case 404:
    return "Not found";
  case 405:
    return "Method not allowed";
  case 413:
    return "Request too large";
  case 414:
    return "Address too long";
  case 415:
    return "Unsupported content type";
  case 422:
    return "The submission has errors";
  case 429:
    return "Too many attempts";
  case 503:
    return "Busy";
  default:
    return "Server error";
  }
}

enum MHD_Result resp_error(req *r, unsigned status, const char *code,
                           const char *message)
{
  sbuf b = SBUF_INIT(64 * 1024);
  size_t i;

  if (r->api) {
    sbuf_puts(&b, "{\"error\": {");
    json_kv(&b, "code", code, 1);
    json_kv(&b, "message", message, 0);
    sbuf_puts(&b, ", \"details\": [");
    for (i = 0; i < r->ndetails; i++) {
      sbuf_puts(&b, i ? ", {" : "{");
      json_kv(&b, "parameter",
              r->details[i].parameter ? r->details[i].parameter : "", 1);
      json_kv(&b, "message", r->details[i].message, 0);
      sbuf_putc(&b, '}');
    }
    sbuf_puts(&b, "]}}\n");
    if (sbuf_failed(&b)) {
      sbuf_free(&b);
      return fallback_500(r);
    }
    return resp_body(r, status, "application/json", CACHE_NONE, &b);
  }
  html_begin(&b, r, status_title(status), NAV_NONE, NULL);
  sbuf_puts(&b, "<h1>");
  html_text(&b, status_title(status));
  sbuf_puts(&b, "</h1>\n<p class=\"error\">");
  html_text(&b, message);
  sbuf_puts(&b, "</p>\n");
  if (r->ndetails) {
    sbuf_puts(&b, "<ul class=\"details\">\n");
    for (i = 0; i < r->ndetails; i++) {
      sbuf_puts(&b, "<li>");
      if (r->details[i].parameter) {
        sbuf_puts(&b, "<code>");
        html_text(&b, r->details[i].parameter);
        sbuf_puts(&b, "</code>: ");
      }
      html_text(&b, r->details[i].message);
      sbuf_puts(&b, "</li>\n");
    }
    sbuf_puts(&b, "</ul>\n");
  }
  sbuf_puts(&b, "<p><a href=\"/\">Back to the overview</a> or "
                "<a href=\"/entries\">search the entries</a>.</p>\n");
  html_end(&b);
  if (sbuf_failed(&b)) {
    sbuf_free(&b);
    return fallback_500(r);
  }
  return resp_body(r, status, "text/html; charset=utf-8", CACHE_NONE, &b);
}

enum MHD_Result resp_mvr_error(req *r, mvr_db *db, mvr_status rc)
{
  const char *msg =
      db && *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc);

  switch (rc) {
  case MVR_ERR_NOTFOUND:
    return resp_error(r, 404, "not_found", msg);
  case MVR_ERR_ARG:
    return resp_error(r, 400, "bad_parameter", msg);
  case MVR_ERR_AMBIGUOUS:
    return resp_error(r, 400, "ambiguous", msg);
  case MVR_ERR_BUSY:
    return resp_error(r, 503, "busy", "The register is busy; try again.");
  default:
    /* the detail may name files or SQL: log it, do not show it */
    fprintf(stderr, "mvroad: %s %s: %s: %s\n", r->method,
            r->route ? r->route->pattern : "?", mvr_status_str(rc), msg);
    return resp_error(r, 500, "internal",
                      "Something went wrong on the server.");
  }
}

enum MHD_Result resp_throttled(req *r, const char *message)
{
  return resp_error(r, MHD_HTTP_TOO_MANY_REQUESTS, "throttled", message);
}

static pthread_mutex_t heavy_lock = PTHREAD_MUTEX_INITIALIZER;
#define HEAVY_RETRY_AFTER 5 /* seconds */

int heavy_begin(req *r, enum MHD_Result *ret)
{
  if (pthread_mutex_trylock(&heavy_lock) == 0)
    return 0;
  r->retry_after = HEAVY_RETRY_AFTER;
  *ret = resp_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                    "The server is computing another large answer; try "
                    "again in a few seconds.");
  return 1;
}

void heavy_end(void)
{
  pthread_mutex_unlock(&heavy_lock);
}

enum MHD_Result resp_redirect(req *r, unsigned status, const char *location)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_MUST_COPY);

  if (resp && MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
                                      location) != MHD_YES) {
    MHD_destroy_response(resp);
    resp = NULL;
  }
  return queue(r, status, resp, "text/plain; charset=utf-8", CACHE_PUBLIC, 0,
               NULL);
}
