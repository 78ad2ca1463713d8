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
} route;

extern const route router_routes[];
extern const size_t router_nroutes;

/* Parse the request target, find its route, check method, body, role and
 * parameters, and run the handler; or answer 400/404/405/413/414. */
enum MHD_Result router_dispatch(req *r);

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
/* route_coord.c (issue 6) */
enum MHD_Result route_coord(req *r);
enum MHD_Result route_coord_index(req *r);

#endif
