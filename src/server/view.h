/* view.h - a listing of entries as the pages and the API see it: the
 * filters, sort and page of a request, the links that change one of
 * them, and the HTML of a listing (facets with counts, the results
 * table, pages, downloads of the same view) shared by /entries,
 * /orgs/{name} and /releases/{name}. */
#ifndef MVROAD_SERVER_VIEW_H
#define MVROAD_SERVER_VIEW_H

#include "request.h"

#define VIEW_PAGE_SIZE 50 /* entries per page unless limit= says */

typedef struct view {
  const char *base; /* the page's path, URL-encoded: "/entries" */
  const char *q, *sdo, *category, *status, *type, *sort, *release;
  long page; /* pages: from 1 */
  long limit;
  long offset;       /* the API's offset, or (page - 1) * limit */
  int fixed_sdo;     /* an organisation's page: sdo is not a facet */
  int fixed_release; /* a release's page: release is in the path */
} view;

/* Fill `v` from the request's (checked) parameters. */
void view_from_req(view *v, const req *r, const char *base);

/* The library query for `v`; with `paged`, limited to its page. The
 * strings are borrowed from `v`. */
void view_query(const view *v, mvr_query *q, int paged);

typedef enum view_link {
  LINK_PAGE = 0,    /* the same page: filters, sort, limit (no page) */
  LINK_DOWNLOAD = 1 /* a download: every filter, fixed ones too; no paging */
} view_link;

/* Append `base` and the query string of `v` to `b`, with parameter `name`
 * set to `value` (NULL removes it; `name` NULL changes nothing), all
 * values url_encode()d. The result is a URL, not yet HTML-escaped. */
void view_href(sbuf *b, const view *v, const char *base, view_link kind,
               const char *name, const char *value);

/* The listing's HTML: the controls, the facets, the results and the
 * download links. Returns MVR_OK or the library's error (nothing useful
 * written then); `db` has its message. */
mvr_status view_render(sbuf *b, const view *v, mvr_db *db);

/* Check the category, status and type filters of `v` against the
 * register's vocabularies, adding a detail to `r` for each unknown value
 * (with the closest label as a suggestion). Returns the number of
 * problems; answer 400 when it is not 0. */
size_t view_validate(req *r, const view *v, mvr_db *db);

/* view_validate(), and a 400 answer when it finds problems: returns 1
 * (with *ret set to the answer's result) or 0 when `v` is fine. */
int view_refuse(req *r, const view *v, mvr_db *db, enum MHD_Result *ret);

/* Answer a listing that failed: a filter naming an unknown category,
 * status, type or release is the request's fault (400); the rest as
 * resp_mvr_error(). */
enum MHD_Result view_error(req *r, mvr_db *db, mvr_status rc);

/* The path of an organisation's page, "/orgs/ITU-T%20SG21". */
void view_org_href(sbuf *b, const char *org);

#endif
