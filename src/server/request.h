/* request.h - one HTTP request as the routes see it: the request context
 * (decoded path and parameters, the asker's role, the per-thread database
 * connection) and the response wrapper every answer goes through, which
 * sets the security headers (SECURITY.md section 3). The context is
 * allocated on libmicrohttpd's first callback for the request and freed
 * in its completion callback (STYLE.md rule 16). */
#ifndef MVROAD_SERVER_REQUEST_H
#define MVROAD_SERVER_REQUEST_H

#include <microhttpd.h>
#include <stdint.h>
#include <time.h>

#include "mvroad.h"
#include "sbuf.h"

/* Limits on what a request may carry; larger requests are refused before
 * any route runs. libmicrohttpd's connection memory limit (server.c)
 * bounds the request line and headers below these. */
#define REQ_MAX_URI 8192   /* request target, bytes: 414 above */
#define REQ_MAX_PARAMS 32  /* query parameters: 400 above */
#define REQ_MAX_NAME 32    /* parameter name, bytes */
#define REQ_MAX_VALUE 1024 /* parameter value, bytes (decoded) */
#define REQ_MAX_SEGMENTS 8 /* path segments: 404 above */
#define REQ_MAX_DETAILS 8  /* problems listed in one error */

/* Who is asking. Routes name the least role they need; the role comes
 * from the session cookie or an API token (auth.c). Ordered: a role may
 * do what the roles below it may. The values are mvr_role's. */
typedef enum role {
  ROLE_ANONYMOUS = 0,  /* reads the published roadmap */
  ROLE_LIAISON = 1,    /* submits for one organisation */
  ROLE_EDITOR = 2,     /* reviews, merges, releases */
  ROLE_SECRETARIAT = 3 /* users, organisations, contacts */
} role;

const char *role_name(role r);

typedef struct req_param {
  const char *name;  /* decoded */
  const char *value; /* decoded, valid UTF-8, no control characters */
  size_t len;
} req_param;

/* One problem with the request, for the "details" of an error. */
typedef struct req_detail {
  const char *parameter; /* borrowed from the route's parameter table */
  char message[160];
} req_detail;

/* One field of a submitted form (MHD_PostProcessor). */
typedef struct req_field {
  char *name;
  char *value; /* NUL-terminated; may also contain NULs (files): see len */
  size_t len;
  char *filename; /* multipart file fields: the name sent, else NULL */
  char *ctype;    /* multipart file fields: the type sent, else NULL */
} req_field;

#define REQ_MAX_FIELDS 16

struct route;
typedef struct server server;

typedef struct req {
  server *srv;
  struct MHD_Connection *conn;
  const char *method; /* borrowed from libmicrohttpd for the request */
  char *uri;          /* the request target as received (for the log) */
  size_t urilen;
  int uri_too_long; /* longer than REQ_MAX_URI: only a prefix kept */
  char *pool;       /* storage for the decoded segments and parameters */
  const char *seg[REQ_MAX_SEGMENTS];
  size_t nseg;
  req_param params[REQ_MAX_PARAMS];
  size_t nparams;
  const char *arg; /* the {name} segment of the route's pattern */
  const struct route *route;
  role role;
  int api;         /* under /api/: errors are JSON */
  int started;     /* the access handler has run once */
  int cacheable;   /* a 200 answer may be kept (cache.h) */
  int cached;      /* answered from the cache */
  uint64_t gen;    /* the database generation it was computed at */
  int answered;    /* a response is queued */
  unsigned status; /* for the access log */
  unsigned long long bytes;
  struct timespec t0;
  req_detail details[REQ_MAX_DETAILS];
  size_t ndetails;
  /* issue 5: who is asking (auth.c) and what they sent */
  int parsed;              /* the target is decoded and r->route found */
  mvr_principal who;       /* filled when role > ROLE_ANONYMOUS */
  int via_token;           /* Authorization: Bearer */
  int had_credentials;     /* a session cookie or Authorization was sent */
  char session[MVR_TOKEN_SIZE]; /* the valid session's token, or "" */
  char *set_cookie[2];     /* Set-Cookie values to send (malloc'd) */
  const char *allow;       /* Allow header of a 405 (default GET, HEAD) */
  long retry_after;        /* Retry-After of a 429 (or a 503), seconds */
  struct MHD_PostProcessor *pp;
  req_field fields[REQ_MAX_FIELDS];
  size_t nfields;
  char *body;              /* raw body (routes with BODY_RAW) */
  size_t body_len, body_cap, body_max;
  int body_too_big;        /* more than the route's maximum arrived */
  int body_bad;            /* a form that could not be parsed */
} req;

/* A field of the submitted form, or NULL. Borrowed. */
const req_field *req_form(const req *r, const char *name);
/* Its text value, or NULL when absent. */
const char *req_form_get(const req *r, const char *name);

/* A request header, or NULL. Borrowed. */
const char *req_header(const req *r, const char *name);

/* Add a Set-Cookie header to the answer (copied). 0, or -1 (no memory). */
int req_set_cookie(req *r, const char *value);

/* This thread's read-write connection (accounts, submissions, review),
 * opened on first use. NULL if it cannot be opened (logged). */
mvr_db *req_db_rw(req *r);

/* 1 when the server is behind a TLS proxy (--tls-proxy): Secure cookies,
 * https origin. */
int req_tls(const req *r);

/* The client's address as text into buf ("" if unknown). */
void req_client_addr(const req *r, char *buf, size_t size);

/* The value of query parameter `name`, or NULL when absent or empty.
 * Borrowed; valid for the request. */
const char *req_param_get(const req *r, const char *name);

/* Query parameter `name` as a number (the router has checked its range),
 * or `dflt` when absent. */
long req_param_long(const req *r, const char *name, long dflt);

/* 1 if the request announces a body (Content-Length above 0, or a
 * Transfer-Encoding). */
int req_has_body(const req *r);

/* Add a problem to the next error's details. */
void req_detail_add(req *r, const char *parameter, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct cache;
/* The server's answer cache, or NULL when it is off (--no-cache).
 * Borrowed; owned by the server. */
struct cache *req_cache(req *r);

/* This thread's read-only connection to the register, opened on first
 * use. NULL if it cannot be opened (logged). Borrowed; owned by the
 * server, closed when it stops. */
mvr_db *req_db(req *r);

/* ---- Responses: every one goes through these, and so carries the
 * ---- security headers (CSP, nosniff, Referrer-Policy, frame denial). */

/* Caching of successful public responses. */
#define CACHE_PUBLIC "public, max-age=60"
#define CACHE_STATIC "public, max-age=3600"
#define CACHE_NONE "no-store"

/* Answer with `body` (takes ownership of its memory; libmicrohttpd frees
 * it: MHD_RESPMEM_MUST_FREE). A failed buffer becomes a 500. */
enum MHD_Result resp_body(req *r, unsigned status, const char *ctype,
                          const char *cc, sbuf *body);

/* Answer with a copy of `len` bytes at `p` (MHD_RESPMEM_MUST_COPY). */
enum MHD_Result resp_copy(req *r, unsigned status, const char *ctype,
                          const char *cc, const char *p, size_t len);

/* Answer with `body` as a download: Content-Disposition: attachment with
 * `filename` reduced to [A-Za-z0-9._-]. Takes ownership of `body`. */
enum MHD_Result resp_download(req *r, const char *ctype, const char *filename,
                              sbuf *body);

/* The same with the contents of the open file `fd` (`size` bytes); takes
 * ownership of `fd` (libmicrohttpd closes it). */
enum MHD_Result resp_download_fd(req *r, const char *ctype,
                                 const char *filename, int fd,
                                 unsigned long long size);

/* An error page (HTML) or, under /api/, {"error": {"code", "message",
 * "details"}}, with the details added so far. `message` is untrusted
 * text and escaped as such. */
enum MHD_Result resp_error(req *r, unsigned status, const char *code,
                           const char *message);

/* An error from the library: the HTTP status for `rc` (404 not found,
 * 400 bad argument, 503 busy, 500 otherwise) and the message on `db`. */
enum MHD_Result resp_mvr_error(req *r, mvr_db *db, mvr_status rc);

/* 429 with Retry-After: r->retry_after. */
enum MHD_Result resp_throttled(req *r, const char *message);

/* Heavy work: what costs seconds of CPU on a large register (overlaps,
 * Word and Excel exports) runs one at a time in a server. Their targets
 * vary (?min=, filters) past the answer cache, and signed-in users bypass
 * it, so without this a few requests could keep every core busy. When
 * another heavy request is running, heavy_begin() answers 503 with
 * Retry-After at once (instead of holding a thread of the pool) and
 * returns 1; otherwise it returns 0 and the caller must heavy_end(). */
int heavy_begin(req *r, enum MHD_Result *ret);
void heavy_end(void);

/* A redirect to `location` (a path the server built). */
enum MHD_Result resp_redirect(req *r, unsigned status, const char *location);

#endif
