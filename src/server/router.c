/* router.c - the route table and the dispatcher: decodes the request
 * target with the bounded decoder of url.c, finds the route, and checks
 * method, body, parameters and role before a handler runs. Everything a
 * handler sees has passed these checks. */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cache.h"
#include "url.h"

#define HTML "text/html; charset=utf-8"
#define JSON "application/json"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define DOCX                                                                   \
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* ---- Parameters ------------------------------------------------------ */

/* The largest submission accepted (issue 5): the DOCX/XLSX readers' own
 * limits are below it. */
#define SUBMISSION_MAX (8u * 1024 * 1024)

static const char *const zero_one[] = {"0", "1", NULL};
static const param_spec submission_params[] = {
    {.name = "dry_run",
     .type = PARAM_ENUM,
     .values = zero_one,
     .doc = "1: check the file and answer every problem, store nothing."},
    {.name = "org",
     .type = PARAM_TEXT,
     .max = 200,
     .doc = "Editors: the submitting organisation (a liaison "
            "representative always submits for their own)."},
    {.name = "name",
     .type = PARAM_TEXT,
     .max = 200,
     .doc = "The file name to record (default: submission.EXT)."},
    {NULL}};

static const char *const sorts[] = {"sdo",     "reference", "title", "status",
                                    "updated", "rank",      "id",    NULL};

#define P_Q                                                                    \
  {                                                                            \
    .name = "q", .type = PARAM_TEXT, .max = 256,                               \
    .doc = "Full-text search over reference, title and summary: every word "   \
           "must match, the last one as a prefix."                             \
  }
#define P_SDO                                                                  \
  {                                                                            \
    .name = "sdo", .type = PARAM_TEXT, .max = 200,                             \
    .doc = "Organisation, any spelling (\"JTC 1/SC 29\", \"SG 21\"); "         \
           "includes its sub-bodies."                                          \
  }
#define P_CATEGORY                                                             \
  {                                                                            \
    .name = "category", .type = PARAM_TEXT, .max = 200,                        \
    .doc = "Category label or variant."                                        \
  }
#define P_STATUS                                                               \
  {                                                                            \
    .name = "status", .type = PARAM_TEXT, .max = 200,                          \
    .doc = "Status label or variant (\"In force\" is Published)."              \
  }
#define P_TYPE                                                                 \
  {                                                                            \
    .name = "type", .type = PARAM_TEXT, .max = 200,                            \
    .doc = "Type label or variant (\"Rec.\" is Recommendation)."               \
  }
#define P_SORT                                                                 \
  {                                                                            \
    .name = "sort", .type = PARAM_ENUM, .values = sorts,                       \
    .doc = "Order: sdo (default), reference, title, status, updated (newest "  \
           "first), rank (relevance, with q), id."                             \
  }
#define P_RELEASE                                                              \
  {                                                                            \
    .name = "release", .type = PARAM_TEXT, .max = 200,                         \
    .doc = "Read the roadmap as this release froze it; \"current\" is now."    \
  }
#define P_PAGE                                                                 \
  {                                                                            \
    .name = "page", .type = PARAM_INT, .min = 1, .max = 1000000,               \
    .doc = "Page number, from 1."                                              \
  }
#define P_PAGE_LIMIT                                                           \
  {                                                                            \
    .name = "limit", .type = PARAM_INT, .min = 1, .max = 500,                  \
    .doc = "Entries per page (default 50)."                                    \
  }
#define P_API_LIMIT                                                            \
  {                                                                            \
    .name = "limit", .type = PARAM_INT, .min = 1, .max = 1000,                 \
    .doc = "Entries to return (default 50, at most 1000; the downloads "       \
           "have no cap)."                                                     \
  }
#define P_OFFSET                                                               \
  {                                                                            \
    .name = "offset", .type = PARAM_INT, .min = 0, .max = 1000000000,          \
    .doc = "Entries to skip."                                                  \
  }
#define P_END                                                                  \
  {                                                                            \
    .name = NULL                                                               \
  }

static const param_spec page_params[] = {
    P_Q,    P_SDO,  P_CATEGORY,   P_STATUS,  P_TYPE,
    P_SORT, P_PAGE, P_PAGE_LIMIT, P_RELEASE, P_END};
static const param_spec org_page_params[] = {
    P_Q, P_CATEGORY, P_STATUS, P_TYPE, P_SORT, P_PAGE, P_PAGE_LIMIT, P_END};
static const param_spec release_page_params[] = {
    P_Q,    P_SDO,  P_CATEGORY,   P_STATUS, P_TYPE,
    P_SORT, P_PAGE, P_PAGE_LIMIT, P_END};
static const param_spec download_params[] = {
    P_Q, P_SDO, P_CATEGORY, P_STATUS, P_TYPE, P_SORT, P_RELEASE, P_END};
static const param_spec docx_params[] = {P_RELEASE, P_END};
static const param_spec api_list_params[] = {
    P_Q,    P_SDO,       P_CATEGORY, P_STATUS,  P_TYPE,
    P_SORT, P_API_LIMIT, P_OFFSET,   P_RELEASE, P_END};
static const param_spec api_org_params[] = {P_Q,      P_CATEGORY, P_STATUS,
                                            P_TYPE,   P_SORT,     P_API_LIMIT,
                                            P_OFFSET, P_RELEASE,  P_END};
static const param_spec api_release_params[] = {
    P_Q,    P_SDO,       P_CATEGORY, P_STATUS, P_TYPE,
    P_SORT, P_API_LIMIT, P_OFFSET,   P_END};
static const param_spec stats_params[] = {
    P_Q, P_SDO, P_CATEGORY, P_STATUS, P_TYPE, P_RELEASE, P_END};
static const param_spec diff_params[] = {
    {.name = "from",
     .type = PARAM_TEXT,
     .max = 200,
     .required = 1,
     .doc = "The older version: a release name."},
    {.name = "to",
     .type = PARAM_TEXT,
     .max = 200,
     .doc = "The newer version: a release name, or \"current\" (default)."},
    P_END};

/* coordination reports (issue 6) */
static const param_spec coord_params[] = {
    {.name = "today",
     .type = PARAM_TEXT,
     .max = 10,
     .doc = "Compute the report as of this date, YYYY-MM-DD (default: "
            "today)."},
    P_END};

/* issue 7: coordination analysis */
static const param_spec overlap_params[] = {
    {.name = "min",
     .type = PARAM_TEXT,
     .max = 8,
     .doc = "The lowest score listed, 0.05 to 1 (default 0.15)."},
    {.name = "limit",
     .type = PARAM_INT,
     .min = 1,
     .max = 100000,
     .doc = "The best N pairs only (default: 200 on the page, 1000 in "
            "the API)."},
    P_END};

/* ---- The table --------------------------------------------------------- */

const route router_routes[] = {
    {.method = "GET",
     .pattern = "/",
     .handler = route_home,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Overview: counts, categories by organisation, statuses, "
                "the latest release."},
    {.method = "GET",
     .pattern = "/entries",
     .handler = route_entries,
     .role = ROLE_ANONYMOUS,
     .params = page_params,
     .ctype = HTML,
     .summary = "Entries: full-text search, facets with counts, sorting, "
                "pages, downloads of the same view."},
    {.method = "GET",
     .pattern = "/entries.csv",
     .handler = route_download_csv,
     .role = ROLE_ANONYMOUS,
     .params = download_params,
     .ctype = "text/csv",
     .summary = "Every entry of a view as CSV (the template's columns)."},
    {.method = "GET",
     .pattern = "/entries.json",
     .handler = route_download_json,
     .role = ROLE_ANONYMOUS,
     .params = download_params,
     .ctype = JSON,
     .schema = "Export",
     .summary = "Every entry of a view as JSON ({\"entries\": [...]})."},
    {.method = "GET",
     .pattern = "/entries.xlsx",
     .handler = route_download_xlsx,
     .role = ROLE_ANONYMOUS,
     .params = download_params,
     .ctype = XLSX,
     .summary = "Every entry of a view as an Excel workbook."},
    {.method = "GET",
     .pattern = "/entries/{id}",
     .handler = route_entry,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "One entry (by id or reference): fields, aliases, sources, "
                "history."},
    {.method = "GET",
     .pattern = "/roadmap.docx",
     .handler = route_download_docx,
     .role = ROLE_ANONYMOUS,
     .params = docx_params,
     .ctype = DOCX,
     .summary = "The roadmap as a Word document."},
    {.method = "GET",
     .pattern = "/orgs",
     .handler = route_orgs,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The organisations and how many entries each has."},
    {.method = "GET",
     .pattern = "/orgs/{name}",
     .handler = route_org,
     .role = ROLE_ANONYMOUS,
     .params = org_page_params,
     .ctype = HTML,
     .summary = "One organisation (and its sub-bodies) and its entries."},
    {.method = "GET",
     .pattern = "/releases",
     .handler = route_releases,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The releases of the roadmap."},
    {.method = "GET",
     .pattern = "/releases/{name}",
     .handler = route_release,
     .role = ROLE_ANONYMOUS,
     .params = release_page_params,
     .ctype = HTML,
     .summary = "One release: its entries as frozen."},
    {.method = "GET",
     .pattern = "/diff",
     .handler = route_diff,
     .role = ROLE_ANONYMOUS,
     .params = diff_params,
     .ctype = HTML,
     .summary = "What changed between two versions of the roadmap."},
    {.method = "GET",
     .pattern = "/static/mvroad.css",
     .handler = route_static_css,
     .role = ROLE_ANONYMOUS,
     .ctype = "text/css",
     .summary = "The style sheet."},
    {.method = "GET",
     .pattern = "/api/v1/entries",
     .handler = route_api_entries,
     .role = ROLE_ANONYMOUS,
     .params = api_list_params,
     .ctype = JSON,
     .schema = "Listing",
     .summary = "Entries matching the filters, with the total and facet "
                "counts."},
    {.method = "GET",
     .pattern = "/api/v1/entries/{id}",
     .handler = route_api_entry,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .schema = "EntryDetail",
     .summary = "One entry (by id or reference) with aliases, sources, "
                "change log and releases."},
    {.method = "GET",
     .pattern = "/api/v1/orgs",
     .handler = route_api_orgs,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .schema = "Orgs",
     .summary = "The organisations and their entry counts."},
    {.method = "GET",
     .pattern = "/api/v1/orgs/{name}",
     .handler = route_api_org,
     .role = ROLE_ANONYMOUS,
     .params = api_org_params,
     .ctype = JSON,
     .schema = "Listing",
     .summary = "One organisation's entries, total and facets."},
    {.method = "GET",
     .pattern = "/api/v1/stats",
     .handler = route_api_stats,
     .role = ROLE_ANONYMOUS,
     .params = stats_params,
     .ctype = JSON,
     .schema = "Stats",
     .summary = "Counts per category, status, type and organisation (as "
                "`mvroad stats --format json`)."},
    {.method = "GET",
     .pattern = "/api/v1/releases",
     .handler = route_api_releases,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .schema = "Releases",
     .summary = "The releases of the roadmap."},
    {.method = "GET",
     .pattern = "/api/v1/releases/{name}",
     .handler = route_api_release,
     .role = ROLE_ANONYMOUS,
     .params = api_release_params,
     .ctype = JSON,
     .schema = "Listing",
     .summary = "One release and its entries as frozen."},
    {.method = "GET",
     .pattern = "/api/v1/diff",
     .handler = route_api_diff,
     .role = ROLE_ANONYMOUS,
     .params = diff_params,
     .ctype = JSON,
     .schema = "Diff",
     .summary = "Differences between two versions (docs/diff.md shape)."},
    {.method = "GET",
     .pattern = "/api/v1/openapi.json",
     .handler = route_api_openapi,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "This description of the routes (OpenAPI 3)."},

    /* ---- issue 5: accounts (route_auth.c) and submissions
     * (route_submit.c). Every POST needs the Origin (or Referer) of the
     * server and, with a session, its CSRF token (auth.c). */
    {.method = "GET",
     .pattern = "/login",
     .handler = route_login_form,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The sign-in form (or who is signed in, with a sign-out "
                "button)."},
    {.method = "POST",
     .pattern = "/login",
     .handler = route_login,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Sign in (form fields login, password, csrf): sets the "
                "session cookie and redirects (303); 401 for a wrong login "
                "or password, 429 with Retry-After after repeated failures.",
     .body = BODY_FORM,
     .body_max = 8192},
    {.method = "POST",
     .pattern = "/logout",
     .handler = route_logout,
     .role = ROLE_LIAISON,
     .ctype = HTML,
     .summary = "Sign out (form field csrf): ends the session on the "
                "server, clears the cookie, redirects (303).",
     .body = BODY_FORM,
     .body_max = 4096},
    {.method = "POST",
     .pattern = "/api/v1/submissions",
     .handler = route_api_submissions,
     .role = ROLE_LIAISON,
     .params = submission_params,
     .ctype = JSON,
     .schema = "Submission",
     .summary = "Submit a filled template (the body: text/csv, "
                "application/json, DOCX or XLSX) as proposals for the "
                "editors; a liaison representative only for their own "
                "organisation. dry_run=1 checks it and stores nothing. "
                "Authorization: Bearer TOKEN, or a session with the "
                "X-CSRF-Token header. 422 lists every problem by row and "
                "column.",
     .body = BODY_RAW,
     .body_max = SUBMISSION_MAX},
    {.method = "GET",
     .pattern = "/submit",
     .handler = route_submit_form,
     .role = ROLE_LIAISON,
     .ctype = HTML,
     .summary = "The upload form for a filled template (multipart, works "
                "without JavaScript)."},
    {.method = "POST",
     .pattern = "/submit",
     .handler = route_submit,
     .role = ROLE_LIAISON,
     .ctype = HTML,
     .summary = "action=preview with the file: every problem by row and "
                "column, nothing stored, and a button to submit; "
                "action=submit: stored as proposals (201); 422 with the "
                "problems when the file has errors.",
     .body = BODY_FORM,
     .body_max = SUBMISSION_MAX / 3 * 4 + 65536},
    {.method = "GET",
     .pattern = "/review",
     .handler = route_review,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Pending proposals by submission, each with its changes "
                "against the current entry, and approve/reject buttons per "
                "row and per submission."},
    {.method = "POST",
     .pattern = "/review",
     .handler = route_review_decide,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Approve or reject (form fields csrf, action = approve | "
                "reject, proposal = ID or submission = ID); 303 to /review.",
     .body = BODY_FORM,
     .body_max = 4096},
    {.method = "GET",
     .pattern = "/conflicts",
     .handler = route_conflicts,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Open conflicts (a value another organisation asserted "
                "against the owner's), each with a form to resolve it."},
    {.method = "POST",
     .pattern = "/conflicts",
     .handler = route_conflicts_resolve,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Resolve a conflict (form fields csrf, conflict = ID, take "
                "= current | proposed, note); 303 to /conflicts; 409 when "
                "the entry changed meanwhile.",
     .body = BODY_FORM,
     .body_max = 4096},
    {.method = "GET",
     .pattern = "/admin/users",
     .handler = route_admin_users,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "The accounts, a form to add one, and a button to disable "
                "or enable each."},
    {.method = "POST",
     .pattern = "/admin/users",
     .handler = route_admin_users_post,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "Add (action=add, login, role, org, name, password), "
                "disable or enable (action, login) an account; csrf "
                "required; 303 to /admin/users.",
     .body = BODY_FORM,
     .body_max = 8192},
    /* coordination records (issue 6): route_coord.c */
    {.method = "GET",
     .pattern = "/coord",
     .handler = route_coord_index,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The coordination pages the asker may see."},
    {.method = "GET",
     .pattern = "/coord/orgs-without-input",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Organisations invited by LS that sent no input yet."},
    {.method = "GET",
     .pattern = "/api/v1/coord/orgs-without-input",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "Organisations invited by LS that sent no input yet."},
    {.method = "GET",
     .pattern = "/coord/org-status",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The liaison status of every organisation involved."},
    {.method = "GET",
     .pattern = "/api/v1/coord/org-status",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "The liaison status of every organisation involved."},
    {.method = "GET",
     .pattern = "/coord/ls-overdue",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Open liaison statements past their deadline."},
    {.method = "GET",
     .pattern = "/api/v1/coord/ls-overdue",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "Open liaison statements past their deadline."},
    {.method = "GET",
     .pattern = "/coord/ls-awaiting-reply",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Incoming LS for action or comment not yet answered."},
    {.method = "GET",
     .pattern = "/api/v1/coord/ls-awaiting-reply",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "Incoming LS for action or comment not yet answered."},
    {.method = "GET",
     .pattern = "/coord/ls",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The liaison statements."},
    {.method = "GET",
     .pattern = "/api/v1/coord/ls",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "The liaison statements."},
    {.method = "GET",
     .pattern = "/coord/docs",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The document register, with the submissions each document carried."},
    {.method = "GET",
     .pattern = "/api/v1/coord/docs",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "The document register, with the submissions each document carried."},
    {.method = "GET",
     .pattern = "/coord/meetings",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The JCA-MV meetings."},
    {.method = "GET",
     .pattern = "/api/v1/coord/meetings",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "The JCA-MV meetings."},
    {.method = "GET",
     .pattern = "/coord/terms",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "The vocabulary: definitions from several sources."},
    {.method = "GET",
     .pattern = "/api/v1/coord/terms",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "The vocabulary: definitions from several sources."},
    {.method = "GET",
     .pattern = "/coord/reps-to-confirm",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Representatives to confirm (personal data)."},
    {.method = "GET",
     .pattern = "/api/v1/coord/reps-to-confirm",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_EDITOR,
     .ctype = JSON,
     .summary = "Representatives to confirm (personal data)."},
    {.method = "GET",
     .pattern = "/coord/reps",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "The representatives (personal data)."},
    {.method = "GET",
     .pattern = "/api/v1/coord/reps",
     .handler = route_coord,
     .params = coord_params,
     .role = ROLE_EDITOR,
     .ctype = JSON,
     .summary = "The representatives (personal data)."},
    /* issue 5 (pages for editors and the secretariat) */
    {.method = "GET",
     .pattern = "/duplicates",
     .handler = route_duplicates,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Possible duplicates: each pair with both entries and the "
                "evidence they share, and forms to merge them or mark them "
                "not duplicates; the pairs marked, each with an undo."},
    {.method = "POST",
     .pattern = "/duplicates",
     .handler = route_duplicates_post,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Decide on a pair (form fields csrf, action = merge | "
                "not-duplicate | undo-not-duplicate, ids = \"A,B\", keep = "
                "the id that stays, note); 303 to /duplicates; 409 when "
                "already merged; 404 for no such entry or mark.",
     .body = BODY_FORM,
     .body_max = 4096},
    {.method = "POST",
     .pattern = "/releases",
     .handler = route_releases_create,
     .role = ROLE_EDITOR,
     .ctype = HTML,
     .summary = "Freeze the roadmap as a release (form fields csrf, name, "
                "note); 303 to /releases/{name}; 409 when the name is "
                "taken, 422 when it cannot be used. (/releases/A...B, "
                "answered by /releases/{name}, shows the changes from "
                "release A to B.)",
     .body = BODY_FORM,
     .body_max = 8192},
    {.method = "GET",
     .pattern = "/releases/{name}/roadmap.docx",
     .handler = route_release_docx,
     .role = ROLE_ANONYMOUS,
     .ctype = DOCX,
     .summary = "The roadmap as a Word document as that release froze it."},
    {.method = "GET",
     .pattern = "/admin/orgs",
     .handler = route_admin_orgs,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "The organisations with their liaison status, and a form "
                "to add one."},
    {.method = "POST",
     .pattern = "/admin/orgs",
     .handler = route_admin_orgs_post,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "Add or replace an organisation record (form fields csrf, "
                "name, parent, kind, aliases, notes); 303 to /admin/orgs; "
                "422 with the reason when a value is refused.",
     .body = BODY_FORM,
     .body_max = 65536},
    {.method = "GET",
     .pattern = "/admin/reps",
     .handler = route_admin_reps,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "The representatives (personal data), a form to add one "
                "and a button to remove each."},
    {.method = "POST",
     .pattern = "/admin/reps",
     .handler = route_admin_reps_post,
     .role = ROLE_SECRETARIAT,
     .ctype = HTML,
     .summary = "Add or replace (action=add, email, name, org, role, "
                "nominated_on, valid_until, doc) or remove everywhere "
                "(action=remove, email) a representative; csrf required; "
                "303 to /admin/reps.",
     .body = BODY_FORM,
     .body_max = 65536},
    /* issue 7: coordination analysis (route_analysis.c) */
    {.method = "GET",
     .pattern = "/overlaps",
     .handler = route_overlaps,
     .params = overlap_params,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Overlaps across organisations: pairs and clusters of "
                "entries that say the same thing, known equivalences "
                "apart."},
    {.method = "GET",
     .pattern = "/api/v1/overlaps",
     .handler = route_api_overlaps,
     .params = overlap_params,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "Overlaps across organisations (docs/analysis.md)."},
    {.method = "GET",
     .pattern = "/gaps",
     .handler = route_gaps,
     .role = ROLE_ANONYMOUS,
     .ctype = HTML,
     .summary = "Gaps and coverage: topics and categories without a "
                "published standard, heat maps."},
    {.method = "GET",
     .pattern = "/api/v1/gaps",
     .handler = route_api_gaps,
     .role = ROLE_ANONYMOUS,
     .ctype = JSON,
     .summary = "Gaps and coverage matrices (docs/analysis.md)."},
};
const size_t router_nroutes = sizeof router_routes / sizeof router_routes[0];

const char *role_name(role r)
{
  switch (r) {
  case ROLE_ANONYMOUS:
    return "anonymous";
  case ROLE_LIAISON:
    return "liaison";
  case ROLE_EDITOR:
    return "editor";
  case ROLE_SECRETARIAT:
    return "secretariat";
  }
  return "?";
}

void router_print(FILE *f)
{
  size_t i;

  for (i = 0; i < router_nroutes; i++)
    fprintf(f, "%s %s %s\n", router_routes[i].method, router_routes[i].pattern,
            role_name(router_routes[i].role));
}

/* ---- Parsing the request target ------------------------------------- */

/* Decode the path into r->seg and the query into r->params, inside
 * r->pool. Returns 0, 404 (too many segments) or 400 (details added). */
static unsigned parse_target(req *r)
{
  const char *p = r->uri, *end = r->uri + r->urilen;
  const char *qmark = memchr(r->uri, '?', r->urilen);
  const char *path_end = qmark ? qmark : end;
  size_t used = 0, cap = r->urilen + REQ_MAX_SEGMENTS + 2 * REQ_MAX_PARAMS + 8;
  size_t n;
  char *pool;

  if (p == end || *p != '/') {
    req_detail_add(r, NULL, "the request target must be a path");
    return 400;
  }
  pool = malloc(cap);
  if (!pool)
    return 500;
  r->pool = pool;
  /* path segments, each decoded on its own so that %2F stays inside */
  p++;
  while (p < path_end) {
    const char *slash = memchr(p, '/', (size_t)(path_end - p));
    const char *seg_end = slash ? slash : path_end;
    if (r->nseg == REQ_MAX_SEGMENTS)
      return 404;
    if (url_decode(p, (size_t)(seg_end - p), 0, pool + used, cap - used, &n)) {
      req_detail_add(r, NULL,
                     "the path has a bad %%-escape, a control "
                     "character or invalid UTF-8");
      return 400;
    }
    r->seg[r->nseg++] = pool + used;
    used += n + 1;
    p = slash ? slash + 1 : path_end;
    if (slash && p == path_end) { /* a trailing slash: an empty segment */
      if (r->nseg == REQ_MAX_SEGMENTS)
        return 404;
      r->seg[r->nseg++] = "";
    }
  }
  if (!qmark)
    return 0;
  /* query parameters: name=value pairs separated by & */
  p = qmark + 1;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *pair_end = amp ? amp : end;
    const char *eq = memchr(p, '=', (size_t)(pair_end - p));
    const char *name_end = eq ? eq : pair_end;
    req_param *prm;
    int rc;

    if (pair_end == p) {
      p = pair_end + 1;
      continue;
    }
    if (r->nparams == REQ_MAX_PARAMS) {
      req_detail_add(r, NULL, "more than %d parameters", REQ_MAX_PARAMS);
      return 400;
    }
    prm = &r->params[r->nparams];
    rc = url_decode(
        p, (size_t)(name_end - p), 1, pool + used,
        REQ_MAX_NAME + 1 < cap - used ? REQ_MAX_NAME + 1 : cap - used, &n);
    if (rc) {
      req_detail_add(r, NULL, "%s",
                     rc == URL_TOOLONG ? "a parameter name is too long"
                                       : "a parameter name has a bad "
                                         "%-escape, a control character or "
                                         "invalid UTF-8");
      return 400;
    }
    prm->name = pool + used;
    used += n + 1;
    rc = url_decode(
        eq ? eq + 1 : pair_end, eq ? (size_t)(pair_end - eq - 1) : 0, 1,
        pool + used,
        REQ_MAX_VALUE + 1 < cap - used ? REQ_MAX_VALUE + 1 : cap - used, &n);
    if (rc) {
      req_detail_add(r, NULL, "parameter \"%.*s\": %s", REQ_MAX_NAME, prm->name,
                     rc == URL_TOOLONG ? "the value is too long"
                                       : "the value has a bad %-escape, a "
                                         "control character or invalid "
                                         "UTF-8");
      return 400;
    }
    prm->value = pool + used;
    prm->len = n;
    used += n + 1;
    r->nparams++;
    p = pair_end + 1;
  }
  return 0;
}

/* ---- Matching ---------------------------------------------------------- */

/* Does the decoded path match `pattern`? Sets r->arg for a {name}. */
static int match(req *r, const char *pattern)
{
  const char *p = pattern + 1; /* after the leading "/" */
  size_t i = 0;
  const char *arg = NULL;

  if (!*p)
    return r->nseg == 0;
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (i == r->nseg)
      return 0;
    if (p[0] == '{') {
      if (!*r->seg[i])
        return 0;
      arg = r->seg[i];
    } else if (strlen(r->seg[i]) != n || memcmp(r->seg[i], p, n) != 0) {
      return 0;
    }
    i++;
    p += n;
    if (*p == '/')
      p++;
  }
  if (i != r->nseg)
    return 0;
  r->arg = arg;
  return 1;
}

/* A strict decimal: digits only, at most 18 of them. */
static int parse_long(const char *s, long *out)
{
  long v = 0;
  size_t i;

  for (i = 0; s[i]; i++) {
    if (s[i] < '0' || s[i] > '9' || i >= 18)
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  if (!i)
    return -1;
  *out = v;
  return 0;
}

/* Check r->params against the route's table: unknown parameters are
 * errors under /api/ and dropped from pages (links from elsewhere may
 * carry tracking parameters); repeated, too long, out of range or
 * missing ones are errors. Returns the number of problems. */
static size_t check_params(req *r)
{
  const param_spec *specs = r->route->params;
  size_t i, j, kept = 0;

  for (i = 0; i < r->nparams; i++) {
    const req_param *p = &r->params[i];
    const param_spec *s = NULL;
    for (j = 0; specs && specs[j].name; j++)
      if (strcmp(specs[j].name, p->name) == 0)
        s = &specs[j];
    if (!s) {
      if (r->api)
        req_detail_add(r, NULL, "unknown parameter \"%.*s\"", REQ_MAX_NAME,
                       p->name);
      continue;
    }
    for (j = 0; j < kept; j++)
      if (strcmp(r->params[j].name, p->name) == 0)
        break;
    if (j < kept) {
      req_detail_add(r, s->name, "given more than once");
      continue;
    }
    if (p->len) {
      long v;
      size_t k;
      switch (s->type) {
      case PARAM_TEXT:
        if (p->len > (size_t)s->max)
          req_detail_add(r, s->name, "longer than %ld bytes", s->max);
        break;
      case PARAM_INT:
        if (parse_long(p->value, &v) || v < s->min || v > s->max)
          req_detail_add(r, s->name, "must be a whole number from %ld to %ld",
                         s->min, s->max);
        break;
      case PARAM_ENUM:
        for (k = 0; s->values[k]; k++)
          if (strcmp(s->values[k], p->value) == 0)
            break;
        if (!s->values[k])
          req_detail_add(r, s->name, "not one of the accepted values");
        break;
      }
    }
    r->params[kept++] = *p;
  }
  r->nparams = kept;
  for (j = 0; specs && specs[j].name; j++)
    if (specs[j].required && !req_param_get(r, specs[j].name))
      req_detail_add(r, specs[j].name, "required");
  return r->ndetails;
}

/* Decode the target and find the route (once). Returns 0 with r->route
 * set, or 1 with an answer queued (*ret). */
static int find_route(req *r, enum MHD_Result *ret)
{
  const route *found = NULL;
  int methods = 0; /* 1 GET, 2 POST */
  unsigned st;
  size_t i;

  if (r->parsed)
    return 0;
  r->parsed = 1;
  if (r->uri_too_long) {
    *ret = resp_error(r, MHD_HTTP_URI_TOO_LONG, "uri_too_long",
                      "The address is too long.");
    return 1;
  }
  st = parse_target(r);
  r->api = r->nseg >= 1 && strcmp(r->seg[0], "api") == 0;
  if (st == 400) {
    *ret = resp_error(r, 400, "bad_request", "The address is malformed.");
    return 1;
  }
  if (st == 500) {
    *ret = resp_error(r, 500, "internal", "Out of memory.");
    return 1;
  }
  if (st == 0) {
    for (i = 0; i < router_nroutes; i++) {
      if (!match(r, router_routes[i].pattern))
        continue;
      methods |= strcmp(router_routes[i].method, "POST") == 0 ? 2 : 1;
      if (!found &&
          (strcmp(r->method, router_routes[i].method) == 0 ||
           (strcmp(r->method, MHD_HTTP_METHOD_HEAD) == 0 &&
            strcmp(router_routes[i].method, MHD_HTTP_METHOD_GET) == 0)))
        found = &router_routes[i];
    }
  }
  if (!found && !r->api)
    auth_identify_page(r);
  if (!found && methods) {
    /* match() set r->arg for the last route tried: harmless here */
    r->allow = methods == 3 ? "GET, HEAD, POST"
                            : methods == 2 ? "POST" : "GET, HEAD";
    *ret = resp_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                      methods == 2 ? "This address only answers POST."
                      : methods == 3
                          ? "This address only answers GET, HEAD and POST."
                          : "This address only answers GET and HEAD.");
    return 1;
  }
  if (!found) {
    *ret = resp_error(r, MHD_HTTP_NOT_FOUND, "not_found",
                      "There is no page at this address.");
    return 1;
  }
  /* match() again: the loop may have matched later patterns after it */
  match(r, found->pattern);
  r->route = found;
  return 0;
}

enum MHD_Result router_body_begin(req *r)
{
  enum MHD_Result ret = MHD_YES;
  const char *cl;

  if (find_route(r, &ret))
    return ret;
  if (r->route->body == BODY_NONE)
    return router_dispatch(r); /* 413 */
  r->body_max = r->route->body_max;
  cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (cl) {
    char *end = NULL;
    unsigned long long n = strtoull(cl, &end, 10);
    if (end == cl || *end || n > r->body_max) {
      r->body_too_big = 1;
      return router_dispatch(r);
    }
  }
  if (r->route->body == BODY_FORM)
    return auth_form_begin(r);
  return MHD_YES;
}

void router_body_chunk(req *r, const char *data, size_t size)
{
  if (r->body_too_big || r->body_bad)
    return;
  if (r->route->body == BODY_FORM) {
    auth_form_chunk(r, data, size);
    return;
  }
  if (size > r->body_max - r->body_len) {
    r->body_too_big = 1;
    free(r->body);
    r->body = NULL;
    r->body_len = 0;
    return;
  }
  if (!r->body) {
    /* at most the announced length (checked) or the route's maximum */
    const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t cap = cl ? (size_t)strtoull(cl, NULL, 10) : r->body_max;
    if (cap < size)
      cap = r->body_max;
    r->body = malloc(cap + 1);
    r->body_cap = cap;
    if (!r->body) {
      r->body_bad = 1;
      return;
    }
  } else if (r->body_len + size > r->body_cap) {
    char *p = realloc(r->body, r->body_max + 1);
    if (!p) {
      r->body_bad = 1;
      return;
    }
    r->body = p;
    r->body_cap = r->body_max;
  }
  memcpy(r->body + r->body_len, data, size);
  r->body_len += size;
  r->body[r->body_len] = '\0';
}

enum MHD_Result router_dispatch(req *r)
{
  enum MHD_Result ret = MHD_YES;
  const route *found;
  struct cache *c;

  if (find_route(r, &ret))
    return ret;
  found = r->route;
  if (found->body == BODY_NONE && req_has_body(r))
    return resp_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body_not_accepted",
                      "This address takes no request body.");
  if (r->body_too_big)
    return resp_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large",
                      "The request body is larger than this address "
                      "accepts.");
  if (r->body_bad)
    return resp_error(r, MHD_HTTP_BAD_REQUEST, "bad_body",
                      "The request body could not be read.");
  if (check_params(r))
    return resp_error(r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                      "A parameter of the request is not valid.");
  /* who is asking: session cookie or API token */
  if (auth_identify(r, &ret))
    return ret;
  if (r->role < found->role)
    return resp_error(r,
                      r->role == ROLE_ANONYMOUS ? MHD_HTTP_UNAUTHORIZED
                                                : MHD_HTTP_FORBIDDEN,
                      "denied",
                      r->role == ROLE_ANONYMOUS
                          ? "Sign in to use this page."
                          : "Your role may not use this page.");
  /* state changes: only POST, only from our own pages (or a token) */
  if (strcmp(found->method, "POST") == 0 && auth_check_post(r, &ret))
    return ret;
  c = req_cache(r);
  if (c && r->role == ROLE_ANONYMOUS && !r->had_credentials &&
      strcmp(found->method, "POST") != 0) {
    /* the same answer for everyone: computed once per generation */
    sbuf body = SBUF_INIT(CACHE_ENTRY_MAX);
    const char *ctype = NULL, *cc = NULL;
    r->gen = cache_generation(c, req_db(r));
    if (cache_get(c, r->uri, r->urilen, r->gen, &body, &ctype, &cc)) {
      r->cached = 1;
      return resp_body(r, 200, ctype, cc, &body);
    }
    sbuf_free(&body);
    r->cacheable = 1;
  }
  return found->handler(r);
}
