/* router.h - the route table: every URL the server answers, with its
 * method, the least role it needs, its query parameters and a summary.
 * The dispatcher, the OpenAPI description (/api/v1/openapi.json) and
 * `mvroad serve --routes` are all generated from this one table. */
#ifndef MVROAD_SERVER_ROUTER_H
#define MVROAD_SERVER_ROUTER_H

#include <stdio.h>

#include "request.h"

typedef enum param_type {
  PARAM_TEXT = 0, /* free text up to `max` bytes */
  PARAM_INT = 1,  /* a decimal integer in [min, max] */
  PARAM_ENUM = 2  /* one of `values` */
} param_type;

/* One query parameter a route accepts. */
typedef struct param_spec {
  const char *name;
  param_type type;
  long min, max;             /* PARAM_INT range; PARAM_TEXT: max bytes */
  const char *const *values; /* PARAM_ENUM: NULL-terminated */
  int required;              /* 400 when absent */
  const char *doc;           /* one line for the OpenAPI description */
} param_spec;

typedef enum MHD_Result (*route_fn)(req *r);

/* What a route accepts as a request body (issue 5). */
typedef enum body_kind {
  BODY_NONE = 0, /* none: 413 */
  BODY_FORM = 1, /* urlencoded or multipart form (MHD_PostProcessor) */
  BODY_RAW = 2   /* the bytes as sent (uploads to the API) */
} body_kind;

typedef struct route {
  const char *method;  /* "GET" (HEAD is answered as GET) */
  const char *pattern; /* "/entries/{id}": literal segments and at
                          most one {name} segment */
  route_fn handler;
  role role;                /* the least role that may call it */
  const param_spec *params; /* terminated by {NULL}; NULL = none */
  const char *ctype;        /* what a 200 carries, for the description */
  const char *schema;       /* JSON: its schema in the description's
                               components, or NULL */
  const char *summary;
  body_kind body;  /* POST routes: what they accept */
  size_t body_max; /* bytes; more is a 413 */
} route;

extern const route router_routes[];
extern const size_t router_nroutes;

/* Parse the request target, find its route, check method, body, who is
 * asking (session or token), role, Origin and CSRF token of a POST, and
 * parameters, and run the handler; or answer 400/401/403/404/405/413/414/
 * 429. */
enum MHD_Result router_dispatch(req *r);

/* On the first call of a request that announces a body: find the route,
 * refuse what it does not accept (413, 415, and whatever dispatch would
 * refuse) or get ready to receive it. MHD_YES with nothing queued to go
 * on receiving. */
enum MHD_Result router_body_begin(req *r);
/* A chunk of the body. */
void router_body_chunk(req *r, const char *data, size_t size);

/* Print the table, one route a line: METHOD PATTERN ROLE. */
void router_print(FILE *f);

/* Route handlers, one file per group. */
enum MHD_Result route_home(req *r);
enum MHD_Result route_entries(req *r);
enum MHD_Result route_entry(req *r);
enum MHD_Result route_download_csv(req *r);
enum MHD_Result route_download_json(req *r);
enum MHD_Result route_download_xlsx(req *r);
enum MHD_Result route_download_docx(req *r);
enum MHD_Result route_orgs(req *r);
enum MHD_Result route_org(req *r);
enum MHD_Result route_releases(req *r);
enum MHD_Result route_release(req *r);
enum MHD_Result route_diff(req *r);
enum MHD_Result route_static_css(req *r);
enum MHD_Result route_api_entries(req *r);
enum MHD_Result route_api_entry(req *r);
enum MHD_Result route_api_orgs(req *r);
enum MHD_Result route_api_org(req *r);
enum MHD_Result route_api_stats(req *r);
enum MHD_Result route_api_releases(req *r);
enum MHD_Result route_api_release(req *r);
enum MHD_Result route_api_diff(req *r);
enum MHD_Result route_api_openapi(req *r);
/* issue 5: accounts (route_auth.c), submissions (route_submit.c) */
enum MHD_Result route_login_form(req *r);
enum MHD_Result route_login(req *r);
enum MHD_Result route_logout(req *r);
enum MHD_Result route_api_submissions(req *r);
enum MHD_Result route_submit_form(req *r);
enum MHD_Result route_submit(req *r);
enum MHD_Result route_review(req *r);
enum MHD_Result route_review_decide(req *r);
enum MHD_Result route_conflicts(req *r);
enum MHD_Result route_conflicts_resolve(req *r);
enum MHD_Result route_admin_users(req *r);
enum MHD_Result route_admin_users_post(req *r);
/* route_coord.c (issue 6) */
enum MHD_Result route_coord(req *r);
enum MHD_Result route_coord_index(req *r);
/* issue 5 (pages for editors and the secretariat): route_duplicates.c,
 * route_releases.c, route_download.c, route_admin_coord.c */
enum MHD_Result route_duplicates(req *r);
enum MHD_Result route_duplicates_post(req *r);
enum MHD_Result route_releases_create(req *r);
enum MHD_Result route_release_docx(req *r);
enum MHD_Result route_admin_orgs(req *r);
enum MHD_Result route_admin_orgs_post(req *r);
enum MHD_Result route_admin_reps(req *r);
enum MHD_Result route_admin_reps_post(req *r);
/* route_analysis.c (issue 7) */
enum MHD_Result route_overlaps(req *r);
enum MHD_Result route_api_overlaps(req *r);
enum MHD_Result route_gaps(req *r);
enum MHD_Result route_api_gaps(req *r);

#endif
