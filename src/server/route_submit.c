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
#include <sodium.h>

#include "html.h"
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

typedef struct problem_rec {
  unsigned long row, col;
  char column[48];
  char severity[8];
  char code[48];
  char message[400];
} problem_rec;

typedef struct problems {
  problem_rec items[MAX_PROBLEMS];
  size_t n;
  unsigned long errors;
} problems;

/* The length of `s` cut to at most `max` bytes between two characters
 * (s is valid UTF-8: the readers check it). */
static size_t cut_len(const char *s, size_t max)
{
  size_t n = strlen(s);

  if (n <= max)
    return n;
  n = max;
  while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--; /* s[n] continues a sequence: cut before its lead byte */
  return n;
}

/* Copy `src` (NULL: "") into dst[size], cut to fit: a message longer
 * than its slot is shown cut, at a character boundary (the messages
 * quote the submitter's cells: a UTF-8 sequence cut in two would make
 * the JSON answer and the page invalid UTF-8). */
static void copy_cut(char *dst, size_t size, const char *src)
{
  size_t n = src ? cut_len(src, size - 1) : 0;

  if (n)
    memcpy(dst, src, n);
  dst[n] = '\0';
}

static void problem(problems *p, unsigned long row, unsigned long col,
                    const char *column, const char *code, const char *sev,
                    const char *message)
{
  problem_rec *x;

  if (p->n == MAX_PROBLEMS)
    return;
  x = &p->items[p->n++];
  x->row = row;
  x->col = col;
  copy_cut(x->column, sizeof x->column, column);
  copy_cut(x->severity, sizeof x->severity, sev);
  copy_cut(x->code, sizeof x->code, code);
  copy_cut(x->message, sizeof x->message, message);
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

static void problems_json(sbuf *b, const problems *p)
{
  size_t i;

  for (i = 0; i < p->n; i++) {
    const problem_rec *x = &p->items[i];
    sbuf_puts(b, i ? ",\n  {" : "\n  {");
    sbuf_printf(b, "\"row\": %lu, \"column\": ", x->row);
    if (*x->column)
      json_str(b, x->column);
    else if (x->col)
      sbuf_printf(b, "%lu", x->col);
    else
      sbuf_puts(b, "null");
    json_kv(b, "severity", x->severity, 0);
    json_kv(b, "code", x->code, 0);
    json_kv(b, "message", x->message, 0);
    sbuf_putc(b, '}');
  }
}

static mvr_status collect(void *ud, const char *s, size_t n)
{
  sbuf *b = ud;
  sbuf_put(b, s, n);
  return sbuf_failed(b) ? MVR_ERR_TOOBIG : MVR_OK;
}

/* Rows of organisations other than `org` (or its sub-bodies), as
 * problems. An empty SDO cell is the submitter's own. */
static mvr_status foreign_rows(mvr_db *db, const char *data, size_t len,
                               const char *format, const char *org,
                               problems *p)
{
  sbuf js = SBUF_INIT(64u * 1024 * 1024);
  json_t *root = NULL, *tables, *t;
  json_error_t jerr;
  size_t i, j;
  mvr_status rc;

  rc = mvr_inspect_mem("submission", data, len,
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
                 "this row is for %.*s: a liaison representative of "
                 "%.*s submits only that organisation's entries",
                 (int)cut_len(on.name, 200), on.name, (int)cut_len(org, 200),
                 org);
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

/* The outcome of checking or storing a submission. */
typedef struct outcome {
  mvr_status rc;
  problems p;
  mvr_import_result res;
  char msg[512]; /* the library's message when rc is set */
} outcome;

/* Check (dry_run) or store `data` as proposals of `org` (NULL: from the
 * file); a liaison's rows of other organisations are errors. Fills *o;
 * returns 0, or -1 when the database cannot be opened. */
static int submit(req *r, const char *format, const char *org,
                  const char *name, const char *data, size_t len,
                  int dry_run, outcome *o)
{
  mvr_import_opts opts;
  mvr_report *rep = NULL;
  mvr_db *db = req_db_rw(r);
  char fname[64];

  memset(o, 0, sizeof *o);
  if (!db)
    return -1;
  if (mvr_report_new(&rep)) {
    o->rc = MVR_ERR_NOMEM;
    return 0;
  }
  mvr_report_set_callback(rep, on_diag, &o->p);
  if (r->role == ROLE_LIAISON)
    foreign_rows(db, data, len, format, org, &o->p);
  snprintf(fname, sizeof fname, "submission.%s", format);
  memset(&opts, 0, sizeof opts);
  opts.format = format;
  opts.org = org;
  opts.flags = MVR_IMPORT_PROPOSE;
  /* other organisations' rows: check only, so every problem is listed */
  if (dry_run || o->p.errors)
    opts.flags |= MVR_IMPORT_DRY_RUN;
  mvr_db_set_actor(db, r->who.login);
  o->rc = mvr_import_mem(db, NULL, name && *name ? name : fname, data, len,
                         &opts, rep, &o->res);
  mvr_report_free(rep);
  if (o->rc)
    snprintf(o->msg, sizeof o->msg, "%s",
             *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(o->rc));
  return 0;
}

enum MHD_Result route_api_submissions(req *r)
{
  const char *ctype = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *format = format_of(ctype);
  const char *dry = req_param_get(r, "dry_run");
  const char *name = req_param_get(r, "name");
  const char *org = req_param_get(r, "org");
  int dry_run = dry && strcmp(dry, "1") == 0;
  sbuf b = SBUF_INIT(4u * 1024 * 1024);
  outcome *o;
  unsigned status;
  enum MHD_Result ret;

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
  o = malloc(sizeof *o);
  if (!o)
    return resp_error(r, 500, "internal", "Out of memory.");
  if (submit(r, format, org, name, r->body, r->body_len, dry_run, o)) {
    free(o);
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  }
  if (o->rc && o->rc != MVR_ERR_DATA && o->rc != MVR_ERR_FORMAT &&
      o->rc != MVR_ERR_TOOBIG) {
    fprintf(stderr, "mvroad: submission: %s: %s\n", mvr_status_str(o->rc),
            o->msg);
    ret = o->rc == MVR_ERR_BUSY
              ? resp_error(r, 503, "busy", "The register is busy; try again.")
              : resp_error(r, 500, "internal",
                           "Something went wrong on the server.");
    free(o);
    return ret;
  }
  if (o->rc || o->p.errors) {
    status = 422;
    sbuf_puts(&b, "{\"error\": {");
    json_kv(&b, "code", "invalid_submission", 1);
    json_kv(&b, "message",
            o->p.errors ? "The file has errors: nothing was stored."
                        : "The file could not be read: nothing was stored.",
            0);
    sbuf_puts(&b, ", \"details\": [");
    problems_json(&b, &o->p);
    if (!o->p.n) {
      sbuf_puts(&b, "\n  {\"row\": 0, \"column\": null");
      json_kv(&b, "message", o->msg, 0);
      sbuf_putc(&b, '}');
    }
    sbuf_puts(&b, "]}}\n");
  } else {
    const mvr_import_result *res = &o->res;
    status = dry_run ? 200 : res->already_imported ? 200 : 201;
    sbuf_printf(&b,
                "{\"dry_run\": %s, \"stored\": %s, \"already_imported\": %s,"
                " \"submission_id\": %lld, \"rows\": %lu, \"proposed\": %lu,"
                " \"conflicts\": %lu, \"skipped\": %lu",
                dry_run ? "true" : "false",
                !dry_run && !res->already_imported ? "true" : "false",
                res->already_imported ? "true" : "false",
                (long long)res->submission_id, res->rows, res->proposed,
                res->conflicts, res->skipped);
    json_kv(&b, "org", org ? org : "", 0);
    json_kv(&b, "sha256", res->sha256, 0);
    sbuf_puts(&b, ", \"problems\": [");
    problems_json(&b, &o->p);
    sbuf_puts(&b, "]}\n");
  }
  free(o);
  return resp_body(r, status, "application/json", CACHE_NONE, &b);
}

/* ---- The upload page for liaison representatives ---------------------- */

/* The reader for a file name's extension, or NULL. */
static const char *format_of_name(const char *name)
{
  const char *dot = name ? strrchr(name, '.') : NULL;

  if (!dot)
    return NULL;
  if (!strcasecmp(dot, ".csv"))
    return "csv";
  if (!strcasecmp(dot, ".json"))
    return "json";
  if (!strcasecmp(dot, ".docx"))
    return "docx";
  if (!strcasecmp(dot, ".xlsx"))
    return "xlsx";
  return NULL;
}

static void hidden(sbuf *b, const char *name, const char *value)
{
  sbuf_puts(b, "<input type=\"hidden\" name=\"");
  html_text(b, name);
  sbuf_puts(b, "\" value=\"");
  html_text(b, value);
  sbuf_puts(b, "\">\n");
}

static void upload_form(sbuf *b, const req *r)
{
  sbuf_puts(b, "<form method=\"post\" action=\"/submit\" "
               "enctype=\"multipart/form-data\">\n");
  hidden(b, "csrf", r->who.csrf);
  hidden(b, "action", "preview");
  sbuf_puts(b, "<p><label for=\"file\">Filled template (CSV, JSON, DOCX or "
               "XLSX, at most 8 MiB)</label>\n<input id=\"file\" name=\"file\" "
               "type=\"file\" required accept=\".csv,.json,.docx,.xlsx\"></p>\n"
               "<p><button type=\"submit\">Check the file</button></p>\n"
               "</form>\n");
}

static void problems_table(sbuf *b, const problems *p)
{
  size_t i;

  if (!p->n)
    return;
  sbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-label=\"Problems\" "
               "tabindex=\"0\">\n<table class=\"problems\">\n<caption>"
               "Problems, by row and column</caption>\n<tr><th scope=\"col\">"
               "Row</th><th scope=\"col\">Column</th><th scope=\"col\">"
               "Severity</th><th scope=\"col\">Message</th></tr>\n");
  for (i = 0; i < p->n; i++) {
    const problem_rec *x = &p->items[i];
    sbuf_printf(b, "<tr class=\"%s\"><td>%lu</td><td>",
                !strcmp(x->severity, "error") ? "error" : "warning", x->row);
    if (*x->column)
      html_text(b, x->column);
    else if (x->col)
      sbuf_printf(b, "%lu", x->col);
    sbuf_puts(b, "</td><td>");
    html_text(b, x->severity);
    sbuf_puts(b, "</td><td>");
    html_text(b, x->message);
    sbuf_puts(b, "</td></tr>\n");
  }
  sbuf_puts(b, "</table>\n</div>\n");
}

enum MHD_Result route_submit_form(req *r)
{
  sbuf b = SBUF_INIT(64 * 1024);

  r->cacheable = 0;
  html_begin(&b, r, "Submit entries", NAV_SUBMIT, NULL);
  sbuf_puts(&b, "<h1>Submit entries</h1>\n<p>Upload the Annex 1 template "
                "filled in for ");
  html_text(&b, r->who.org[0] ? r->who.org : "any organisation");
  sbuf_puts(&b, ". You will see every problem, row by row, before anything "
                "is stored; then the rows wait for an editor's review.</p>\n");
  upload_form(&b, r);
  html_end(&b);
  return resp_body(r, 200, "text/html; charset=utf-8", CACHE_NONE, &b);
}

enum MHD_Result route_submit(req *r)
{
  const char *action = req_form_get(r, "action");
  const req_field *file = req_form(r, "file");
  const char *data64 = req_form_get(r, "data");
  const char *fname = NULL, *format;
  const char *org = r->role == ROLE_LIAISON ? r->who.org : NULL;
  char *data = NULL, *b64 = NULL;
  size_t len = 0;
  int final = action && strcmp(action, "submit") == 0;
  sbuf b = SBUF_INIT(16u * 1024 * 1024);
  outcome *o = NULL;
  enum MHD_Result ret;

  if (file && file->len) {
    fname = file->filename;
    data = malloc(file->len + 1);
    if (data) {
      memcpy(data, file->value, file->len);
      len = file->len;
    }
  } else if (data64 && *data64) {
    size_t cap = strlen(data64) / 4 * 3 + 3;
    fname = req_form_get(r, "filename");
    data = malloc(cap);
    if (data && sodium_base642bin((unsigned char *)data, cap, data64,
                                  strlen(data64), NULL, &len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) != 0) {
      free(data);
      req_detail_add(r, "data", "not base64");
      return resp_error(r, 400, "bad_parameter", "The form is not valid.");
    }
  } else {
    req_detail_add(r, "file", "choose a file");
    return resp_error(r, 400, "bad_parameter", "The form is not valid.");
  }
  if (!data)
    return resp_error(r, 500, "internal", "Out of memory.");
  format = format_of_name(fname);
  if (!format) {
    free(data);
    return resp_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "bad_content_type",
                      "The file name must end in .csv, .json, .docx or "
                      ".xlsx.");
  }
  o = malloc(sizeof *o);
  if (!o || submit(r, format, org, fname, data, len, !final, o)) {
    free(o);
    free(data);
    return resp_error(r, 503, "busy", "The register cannot be opened.");
  }
  html_begin(&b, r, final ? "Submitted" : "Check your file", NAV_NONE, NULL);
  if (o->rc && o->rc != MVR_ERR_DATA && o->rc != MVR_ERR_FORMAT &&
      o->rc != MVR_ERR_TOOBIG) {
    sbuf_free(&b);
    fprintf(stderr, "mvroad: submission: %s: %s\n", mvr_status_str(o->rc),
            o->msg);
    free(o);
    free(data);
    return resp_error(r, 500, "internal", "Something went wrong on the "
                                          "server.");
  }
  if (o->rc || o->p.errors) {
    sbuf_puts(&b, "<h1>Your file has errors</h1>\n<p class=\"error\">");
    html_text(&b, o->p.errors ? "Nothing was stored. Correct the rows below "
                                "and upload the file again."
                              : o->msg);
    sbuf_puts(&b, "</p>\n");
    problems_table(&b, &o->p);
    upload_form(&b, r);
  } else if (!final) {
    size_t n64 = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    sbuf_printf(&b, "<h1>Check your file</h1>\n<p>%lu row%s read, %lu to "
                    "propose. Nothing is stored yet.</p>\n",
                o->res.rows, o->res.rows == 1 ? "" : "s", o->res.proposed);
    problems_table(&b, &o->p);
    b64 = malloc(n64);
    if (!b64) {
      sbuf_fail(&b);
    } else {
      sodium_bin2base64(b64, n64, (const unsigned char *)data, len,
                        sodium_base64_VARIANT_ORIGINAL);
      sbuf_puts(&b, "<form method=\"post\" action=\"/submit\" "
                    "enctype=\"multipart/form-data\">\n");
      hidden(&b, "csrf", r->who.csrf);
      hidden(&b, "action", "submit");
      hidden(&b, "filename", fname);
      hidden(&b, "data", b64);
      sbuf_puts(&b, "<p><button type=\"submit\">Submit for review</button>"
                    "</p>\n</form>\n");
      free(b64);
    }
  } else {
    sbuf_printf(&b, "<h1>Submitted</h1>\n<p>%lu row%s submitted: they wait "
                    "for an editor's review (submission %lld).</p>\n",
                o->res.proposed, o->res.proposed == 1 ? "" : "s",
                (long long)o->res.submission_id);
    if (o->res.already_imported)
      sbuf_puts(&b, "<p>This file had been submitted before: nothing new "
                    "was stored.</p>\n");
    problems_table(&b, &o->p);
  }
  html_end(&b);
  ret = resp_body(r, o->rc || o->p.errors ? 422 : final ? 201 : 200,
                  "text/html; charset=utf-8", CACHE_NONE, &b);
  free(o);
  free(data);
  return ret;
}
