/* route_submit.c - POST /api/v1/submissions (issue 5): a filled template
 * as the request body, checked by the library (dry_run=1: nothing is
 * stored) or stored as proposals for the editors (MVR_IMPORT_PROPOSE). A
 * liaison representative submits for their own organisation only: rows
 * naming another organisation are refused, each with its row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "json.h"
#include "router.h"

#define MAX_PROBLEMS 200

#define DOCX_TYPE                                                              \
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX_TYPE                                                              \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The reader for a Content-Type, or NULL. */
static const char *format_of(const char *ctype)
{
  static const char *const map[][2] = {
      {"text/csv", "csv"},       {"application/csv", "csv"},
      {"application/json", "json"}, {DOCX_TYPE, "docx"},
      {XLSX_TYPE, "xlsx"}};
  size_t i, n;

  if (!ctype)
    return NULL;
  n = strcspn(ctype, "; \t");
  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strlen(map[i][0]) == n && strncasecmp(ctype, map[i][0], n) == 0)
      return map[i][1];
  return NULL;
}

typedef struct problems {
  sbuf *b;
  size_t n;
  unsigned long errors;
} problems;

static void problem(problems *p, unsigned long row, unsigned long col,
                    const char *column, const char *code, const char *sev,
                    const char *message)
{
  if (p->n == MAX_PROBLEMS)
    return;
  sbuf_puts(p->b, p->n ? ",\n  {" : "\n  {");
  sbuf_printf(p->b, "\"row\": %lu, \"column\": ", row);
  if (column)
    json_str(p->b, column);
  else if (col)
    sbuf_printf(p->b, "%lu", col);
  else
    sbuf_puts(p->b, "null");
  json_kv(p->b, "severity", sev, 0);
  json_kv(p->b, "code", code ? code : "", 0);
  json_kv(p->b, "message", message, 0);
  sbuf_putc(p->b, '}');
  p->n++;
}

static void on_diag(const mvr_diag *d, void *ud)
{
  problems *p = ud;
  const char *sev = d->severity == MVR_ERROR     ? "error"
                    : d->severity == MVR_WARNING ? "warning"
                                                     : "note";
  if (d->severity == MVR_ERROR)
    p->errors++;
  problem(p, d->row, d->col, d->column, d->code, sev, d->message);
}

static mvr_status collect(void *ud, const char *s, size_t n)
{
  sbuf *b = ud;
  sbuf_put(b, s, n);
  return sbuf_failed(b) ? MVR_ERR_TOOBIG : MVR_OK;
}

/* Rows of organisations other than `org` (or its sub-bodies), as
 * problems. An empty SDO cell is the submitter's own. */
static mvr_status foreign_rows(req *r, mvr_db *db, const char *format,
                               const char *org, problems *p)
{
  sbuf js = SBUF_INIT(64u * 1024 * 1024);
  json_t *root = NULL, *tables, *t;
  json_error_t jerr;
  size_t i, j;
  mvr_status rc;

  rc = mvr_inspect_mem("submission", r->body, r->body_len,
                       mvr_db_profile(db), format, 0, collect, &js, NULL);
  if (rc)
    goto out; /* the import reports the reader's problems itself */
  root = json_loadb(sbuf_str(&js), js.len, 0, &jerr);
  tables = root ? json_object_get(root, "tables") : NULL;
  json_array_foreach(tables, i, t)
  {
    json_t *cols = json_object_get(t, "columns");
    json_t *rows = json_object_get(t, "rows"), *row;
    json_int_t sdo = json_integer_value(json_object_get(cols, "sdo"));
    if (sdo < 1)
      continue;
    json_array_foreach(rows, j, row)
    {
      const char *kind = json_string_value(json_object_get(row, "role"));
      json_t *cell = json_array_get(json_object_get(row, "cells"),
                                    (size_t)(sdo - 1));
      const char *v = json_string_value(cell);
      mvr_org_name on = {0};
      char msg[600];
      if (!kind || strcmp(kind, "data") != 0 || !v || !*v)
        continue;
      if (mvr_normalize_org(mvr_db_profile(db), v, strlen(v), &on) != MVR_OK)
        continue;
      if (strcmp(on.name, org) != 0 && !(on.parent && !strcmp(on.parent, org))) {
        snprintf(msg, sizeof msg,
                 "this row is for %.200s: a liaison representative of "
                 "%.200s submits only that organisation's entries",
                 on.name, org);
        p->errors++;
        problem(p,
                (unsigned long)json_integer_value(json_object_get(row, "row")),
                0, "SDO / Org.", "other_organisation", "error", msg);
      }
      mvr_org_name_clear(&on);
    }
  }
out:
  json_decref(root);
  sbuf_free(&js);
  return MVR_OK;
}

enum MHD_Result route_api_submissions(req *r)
{
  const char *ctype = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *format = format_of(ctype);
  const char *dry = req_param_get(r, "dry_run");
  const char *name = req_param_get(r, "name");
  const char *org = req_param_get(r, "org");
  int dry_run = dry && strcmp(dry, "1") == 0;
  sbuf b = SBUF_INIT(4u * 1024 * 1024), list = SBUF_INIT(2u * 1024 * 1024);
  problems p = {&list, 0, 0};
  mvr_import_opts opts;
  mvr_import_result res;
  mvr_report *rep = NULL;
  char fname[64];
  mvr_db *db;
  mvr_status rc;
  unsigned status;

  r->cacheable = 0;
  if (!format)
    return resp_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "bad_content_type",
                      "Send the file as text/csv, application/json, DOCX or "
                      "XLSX (its media type in Content-Type).");
  if (!r->body_len)
    return resp_error(r, MHD_HTTP_BAD_REQUEST, "empty_body",
                      "The request body (the file) is empty.");
  if (r->role == ROLE_LIAISON) {
    if (org) {
      req_detail_add(r, "org", "a liaison representative submits for their "
                               "own organisation");
      return resp_error(r, 400, "bad_parameter",
                        "A parameter of the request is not valid.");
    }
    org = r->who.org;
  }
  db = req_db_rw(r);
  if (!db)
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  if (mvr_report_new(&rep))
    return resp_error(r, 500, "internal", "Out of memory.");
  mvr_report_set_callback(rep, on_diag, &p);
  if (r->role == ROLE_LIAISON)
    foreign_rows(r, db, format, org, &p);
  snprintf(fname, sizeof fname, "submission.%s", format);
  memset(&opts, 0, sizeof opts);
  memset(&res, 0, sizeof res);
  opts.format = format;
  opts.org = org;
  opts.flags = MVR_IMPORT_PROPOSE;
  /* other organisations' rows: check only, so every problem is listed */
  if (dry_run || p.errors)
    opts.flags |= MVR_IMPORT_DRY_RUN;
  mvr_db_set_actor(db, r->who.login);
  rc = mvr_import_mem(db, NULL, name ? name : fname, r->body, r->body_len,
                      &opts, rep, &res);
  mvr_report_free(rep);
  if (rc && rc != MVR_ERR_DATA && rc != MVR_ERR_FORMAT &&
      rc != MVR_ERR_TOOBIG) {
    sbuf_free(&list);
    return resp_mvr_error(r, db, rc);
  }
  if (rc || p.errors) {
    status = 422;
    sbuf_puts(&b, "{\"error\": {");
    json_kv(&b, "code", "invalid_submission", 1);
    json_kv(&b, "message",
            p.errors ? "The file has errors: nothing was stored."
                     : "The file could not be read: nothing was stored.",
            0);
    sbuf_puts(&b, ", \"details\": [");
    sbuf_puts(&b, sbuf_str(&list));
    if (!p.n) {
      sbuf_puts(&b, "\n  {\"row\": 0, \"column\": null");
      json_kv(&b, "message",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc), 0);
      sbuf_putc(&b, '}');
    }
    sbuf_puts(&b, "]}}\n");
  } else {
    status = dry_run ? 200 : res.already_imported ? 200 : 201;
    sbuf_printf(&b,
                "{\"dry_run\": %s, \"stored\": %s, \"already_imported\": %s,"
                " \"submission_id\": %lld, \"rows\": %lu, \"proposed\": %lu,"
                " \"conflicts\": %lu, \"skipped\": %lu",
                dry_run ? "true" : "false",
                !dry_run && !res.already_imported ? "true" : "false",
                res.already_imported ? "true" : "false",
                (long long)res.submission_id, res.rows, res.proposed,
                res.conflicts, res.skipped);
    json_kv(&b, "org", org ? org : "", 0);
    json_kv(&b, "sha256", res.sha256, 0);
    sbuf_puts(&b, ", \"problems\": [");
    sbuf_puts(&b, sbuf_str(&list));
    sbuf_puts(&b, "]}\n");
  }
  sbuf_free(&list);
  return resp_body(r, status, "application/json", CACHE_NONE, &b);
}
