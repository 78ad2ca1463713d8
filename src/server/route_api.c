/* route_api.c - the JSON API under /api/v1/: entries with the same
 * filters and facets as the pages, one entry with its provenance,
 * organisations, statistics, releases and differences. Errors are
 * {"error": {"code", "message", "details"}} (request.c). */
#include <string.h>

#include "json.h"
#include "router.h"
#include "url.h"
#include "view.h"

#define JSON_TYPE "application/json"
#define API_MAX ((size_t)64 * 1024 * 1024)

static mvr_status to_sbuf(void *ud, const char *p, size_t n)
{
  sbuf *b = ud;

  sbuf_put(b, p, n);
  return sbuf_failed(b) ? MVR_ERR_NOMEM : MVR_OK;
}

/* "total", "limit", "offset", "entries" and "facets" of a listing, as
 * members of an object already open. */
static mvr_status listing(sbuf *b, const view *v, mvr_db *db)
{
  mvr_query q;
  mvr_stats *st = NULL;
  mvr_cursor *cur = NULL;
  const mvr_entry *e = NULL;
  mvr_status rc;
  int first = 1;

  /* the counts and the rows from one snapshot, one read lock */
  rc = mvr_db_read_begin(db);
  if (rc)
    return rc;
  view_query(v, &q, 0);
  rc = mvr_stats_get(db, &q, &st);
  if (rc)
    goto out;
  view_query(v, &q, 1);
  rc = mvr_query_run(db, &q, &cur);
  if (rc)
    goto out;
  sbuf_printf(b,
              "\"total\": %ld, \"limit\": %ld, \"offset\": %ld, "
              "\"entries\": [",
              st->entries, v->limit, v->offset);
  while ((rc = mvr_cursor_next(cur, &e)) == MVR_OK && e) {
    sbuf_puts(b, first ? "\n  " : ",\n  ");
    json_entry(b, e);
    first = 0;
  }
  if (rc)
    goto out;
  sbuf_puts(b, "],\n\"facets\": ");
  json_facets(b, st);
out:
  mvr_cursor_free(cur);
  mvr_stats_free(st);
  mvr_db_read_end(db);
  return rc;
}

static enum MHD_Result send_json(req *r, sbuf *b)
{
  sbuf_puts(b, "}\n");
  return resp_body(r, 200, JSON_TYPE, CACHE_PUBLIC, b);
}

enum MHD_Result route_api_entries(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  enum MHD_Result ret;
  mvr_status rc;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  view_from_req(&v, r, "/api/v1/entries");
  if (view_refuse(r, &v, db, &ret))
    goto out;
  sbuf_putc(&b, '{');
  rc = listing(&b, &v, db);
  ret = rc ? view_error(r, db, rc) : send_json(r, &b);
out:
  sbuf_free(&b);
  return ret;
}

static void field_changes(sbuf *b, const mvr_field_change *f, size_t n)
{
  size_t i;

  sbuf_putc(b, '[');
  for (i = 0; i < n; i++) {
    sbuf_puts(b, i ? ", {" : "{");
    json_kv(b, "field", f[i].field, 1);
    json_kv(b, "from", f[i].from, 0);
    json_kv(b, "to", f[i].to, 0);
    sbuf_putc(b, '}');
  }
  sbuf_putc(b, ']');
}

static void release_obj(sbuf *b, const mvr_release *rel)
{
  sbuf_puts(b, "{\"id\": ");
  sbuf_long(b, (long long)rel->id);
  json_kv(b, "name", rel->name, 0);
  json_kv(b, "date", rel->date, 0);
  json_kv(b, "note", rel->note, 0);
  json_kv(b, "created_at", rel->created_at, 0);
  json_kv(b, "actor", rel->actor, 0);
  sbuf_printf(b, ", \"entries\": %ld, \"submissions\": %ld}", rel->entries,
              rel->submissions);
}

static void detail_json(sbuf *b, const mvr_history *h)
{
  const mvr_entry_detail *d = h->detail;
  size_t i;

  sbuf_puts(b, "{\"entry\": ");
  json_entry(b, &d->entry);
  sbuf_puts(b, ",\n\"aliases\": [");
  for (i = 0; i < d->naliases; i++) {
    sbuf_puts(b, i ? ", {" : "{");
    json_kv(b, "reference", d->aliases[i].reference, 1);
    json_kv(b, "family", d->aliases[i].family, 0);
    json_kv(b, "refkey", d->aliases[i].refkey, 0);
    json_kv(b, "kind", d->aliases[i].kind, 0);
    sbuf_putc(b, '}');
  }
  sbuf_puts(b, "],\n\"merged\": [");
  for (i = 0; i < d->nmerged; i++)
    sbuf_printf(b, "%s%lld", i ? ", " : "", (long long)d->merged[i]);
  sbuf_printf(b, "], \"merged_into\": %lld,\n\"sources\": [",
              (long long)d->merged_into);
  for (i = 0; i < d->nsources; i++) {
    const mvr_source *s = &d->sources[i];
    sbuf_printf(b, "%s{\"submission_id\": %lld", i ? ",\n  " : "\n  ",
                (long long)s->submission_id);
    json_kv(b, "file", s->file, 0);
    sbuf_printf(b, ", \"row\": %lu", s->row);
    json_kv(b, "org", s->org, 0);
    json_kv(b, "doc", s->doc, 0);
    json_kv(b, "received", s->received, 0);
    json_kv(b, "sdo", s->sdo, 0);
    json_kv(b, "reference", s->reference, 0);
    json_kv(b, "type", s->type, 0);
    json_kv(b, "title", s->title, 0);
    json_kv(b, "status", s->status, 0);
    json_kv(b, "status_detail", s->status_detail, 0);
    json_kv(b, "categories", s->categories, 0);
    json_kv(b, "summary", s->summary, 0);
    json_kv(b, "url", s->url, 0);
    sbuf_putc(b, '}');
  }
  sbuf_puts(b, "],\n\"changes\": [");
  for (i = 0; i < d->nchanges; i++) {
    const mvr_change *c = &d->changes[i];
    sbuf_printf(b, "%s{\"id\": %lld", i ? ",\n  " : "\n  ", (long long)c->id);
    json_kv(b, "at", c->at, 0);
    json_kv(b, "actor", c->actor, 0);
    sbuf_printf(b, ", \"submission_id\": %lld", (long long)c->submission_id);
    json_kv(b, "action", c->action, 0);
    json_kv(b, "field", c->field, 0);
    json_kv(b, "old_value", c->old_value, 0);
    json_kv(b, "new_value", c->new_value, 0);
    sbuf_putc(b, '}');
  }
  sbuf_puts(b, "],\n\"releases\": [");
  for (i = 0; i < h->nreleases; i++) {
    const mvr_history_release *hr = &h->releases[i];
    sbuf_puts(b, i ? ",\n  {\"release\": " : "\n  {\"release\": ");
    release_obj(b, hr->release);
    sbuf_puts(b, ", \"entry\": ");
    if (hr->entry)
      json_entry(b, hr->entry);
    else
      sbuf_puts(b, "null");
    sbuf_puts(b, ", \"changes\": ");
    field_changes(b, hr->changes, hr->nchanges);
    sbuf_putc(b, '}');
  }
  sbuf_puts(b, "],\n\"since_release\": ");
  field_changes(b, h->since_release, h->nsince_release);
}

enum MHD_Result route_api_entry(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_history *h = NULL;
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_entry_history(db, r->arg, &h);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  detail_json(&b, h);
  ret = send_json(r, &b);
out:
  sbuf_free(&b);
  mvr_history_free(h);
  return ret;
}

enum MHD_Result route_api_orgs(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_stats *st = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_stats_get(db, NULL, &st);
  if (rc)
    return resp_mvr_error(r, db, rc);
  sbuf_printf(&b, "{\"total\": %zu, \"orgs\": [", st->nsdo);
  for (i = 0; i < st->nsdo; i++) {
    sbuf_puts(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "name", st->by_sdo[i].label, 1);
    sbuf_printf(&b, ", \"entries\": %ld}", st->by_sdo[i].count);
  }
  sbuf_putc(&b, ']');
  ret = send_json(r, &b);
  mvr_stats_free(st);
  return ret;
}

enum MHD_Result route_api_org(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_query q = {0};
  long n = 0;
  enum MHD_Result ret;
  mvr_status rc;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  q.sdo = r->arg;
  rc = mvr_query_count(db, &q, &n);
  if (rc || !n) {
    ret = rc ? view_error(r, db, rc)
             : resp_error(r, 404, "not_found",
                          "No organisation of that name has entries in the "
                          "roadmap.");
    goto out;
  }
  view_from_req(&v, r, "/api/v1/orgs");
  v.sdo = r->arg;
  if (view_refuse(r, &v, db, &ret))
    goto out;
  sbuf_putc(&b, '{');
  json_kv(&b, "org", r->arg, 1);
  sbuf_puts(&b, ", ");
  rc = listing(&b, &v, db);
  ret = rc ? view_error(r, db, rc) : send_json(r, &b);
out:
  sbuf_free(&b);
  return ret;
}

enum MHD_Result route_api_stats(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_stats *st = NULL;
  enum MHD_Result ret;
  mvr_query q;
  mvr_status rc;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  view_from_req(&v, r, "/api/v1/stats");
  if (view_refuse(r, &v, db, &ret))
    return ret;
  view_query(&v, &q, 0);
  rc = mvr_stats_get(db, &q, &st);
  if (rc)
    return view_error(r, db, rc);
  /* the shape of `mvroad stats --format json` */
  sbuf_printf(&b,
              "{\"entries\": %ld, \"organisations\": %ld, "
              "\"submissions\": %ld,\n\"categories\": ",
              st->entries, st->organisations, st->submissions);
  json_counts(&b, st->by_category, st->ncategory, 0);
  sbuf_puts(&b, ",\n\"statuses\": ");
  json_counts(&b, st->by_status, st->nstatus, 0);
  sbuf_puts(&b, ",\n\"types\": ");
  json_counts(&b, st->by_type, st->ntype, 1);
  sbuf_puts(&b, ",\n\"sdos\": ");
  json_counts(&b, st->by_sdo, st->nsdo, 0);
  ret = send_json(r, &b);
  mvr_stats_free(st);
  return ret;
}

enum MHD_Result route_api_releases(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_releases *rels = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_release_list(db, &rels);
  if (rc)
    return resp_mvr_error(r, db, rc);
  sbuf_puts(&b, "{\"releases\": [");
  for (i = 0; i < rels->n; i++) {
    sbuf_puts(&b, i ? ",\n  " : "\n  ");
    release_obj(&b, &rels->items[i]);
  }
  sbuf_putc(&b, ']');
  ret = send_json(r, &b);
  mvr_releases_free(rels);
  return ret;
}

enum MHD_Result route_api_release(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  mvr_releases *rels = NULL;
  const mvr_release *rel = NULL;
  enum MHD_Result ret;
  mvr_status rc;
  size_t i;
  view v;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_release_list(db, &rels);
  if (rc) {
    ret = resp_mvr_error(r, db, rc);
    goto out;
  }
  for (i = 0; i < rels->n && !rel; i++)
    if (strcmp(rels->items[i].name, r->arg) == 0)
      rel = &rels->items[i];
  if (!rel) {
    ret = resp_error(r, 404, "not_found", "There is no release of that name.");
    goto out;
  }
  view_from_req(&v, r, "/api/v1/releases");
  v.release = rel->name;
  if (view_refuse(r, &v, db, &ret))
    goto out;
  sbuf_puts(&b, "{\"release\": ");
  release_obj(&b, rel);
  sbuf_puts(&b, ",\n");
  rc = listing(&b, &v, db);
  if (rc) {
    ret = view_error(r, db, rc);
    goto out;
  }
  ret = send_json(r, &b);
out:
  sbuf_free(&b);
  mvr_releases_free(rels);
  return ret;
}

enum MHD_Result route_api_diff(req *r)
{
  sbuf b = SBUF_INIT(API_MAX);
  mvr_db *db = req_db(r);
  const char *to = req_param_get(r, "to");
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_diff_write(db, req_param_get(r, "from"), to ? to : "current", "json",
                      to_sbuf, &b);
  ret = rc ? view_error(r, db, rc)
           : resp_body(r, 200, JSON_TYPE, CACHE_PUBLIC, &b);
  sbuf_free(&b);
  return ret;
}
