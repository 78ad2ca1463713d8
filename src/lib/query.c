/* query.c - listings and searches: mvr_query_run() streams entries from
 * the store through a cursor; filters given as any known variant
 * ("Enabling technology", "In force", "JTC 1/SC 29") are resolved to the
 * canonical values first. */
#include "query.h"

#include <string.h>

#include "buf.h"
#include "profile.h"
#include "util.h"

#define MAX_CATEGORIES 64

struct mvr_cursor {
  mvr_db *db;
  mvr_store_cursor *sc;
  mvr_resolved r;
  mvr_entry e;
  const char *cats[MAX_CATEGORIES];
  mvr_buf catbuf;
};

static mvr_status resolve(mvr_db *db, const mvr_query *q, mvr_resolved *out);

mvr_status mvr_query_resolve(mvr_db *db, const mvr_query *q,
                             mvr_resolved *out)
{
  mvr_status rc = resolve(db, q, out);

  /* a filter may fail after the organisation was resolved */
  if (rc)
    mvr_resolved_clear(out);
  return rc;
}

static mvr_status resolve(mvr_db *db, const mvr_query *q, mvr_resolved *out)
{
  const mvr_profile *p = db->profile;
  mvr_status rc;

  memset(out, 0, sizeof *out);
  if (!q)
    return MVR_OK;
  out->spec.text = q->text && *q->text ? q->text : NULL;
  out->spec.sort = q->sort;
  out->spec.limit = q->limit;
  out->spec.offset = q->offset;
  /* "current" is the live register; any other name is a release */
  if (q->release && *q->release && strcmp(q->release, "current") != 0)
    out->spec.release = q->release;
  if (q->sdo && *q->sdo) {
    mvr_org_name o;
    rc = mvr_normalize_org(p, q->sdo, strlen(q->sdo), &o);
    if (rc == MVR_ERR_DATA)
      return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no organisation given");
    if (rc)
      return rc;
    out->sdo = o.name;
    o.name = NULL;
    mvr_org_name_clear(&o);
    out->spec.sdo = out->sdo;
  }
  if (q->category && *q->category) {
    uint64_t mask = 0;
    const char *suggest = NULL;
    size_t i;
    rc = mvr_normalize_categories(p, q->category, strlen(q->category), &mask,
                                  NULL, &suggest);
    if (rc == MVR_ERR_NOMEM)
      return rc;
    if (rc || (mask & (mask - 1)))
      return mvr_db_fail(db, MVR_ERR_NOTFOUND,
                         "unknown category \"%s\"%s%s%s", q->category,
                         suggest ? "; did you mean \"" : "",
                         suggest ? suggest : "", suggest ? "\"?" : "");
    for (i = 0; i < p->categories.n; i++)
      if (mask & ((uint64_t)1 << i))
        out->spec.category = p->categories.labels[i];
  }
  if (q->status && *q->status) {
    rc = mvr_normalize_status(p, q->status, strlen(q->status),
                              &out->spec.status);
    if (rc)
      return mvr_db_fail(db, MVR_ERR_NOTFOUND,
                         "unknown status \"%s\"; use Published, Under "
                         "development or Withdrawn",
                         q->status);
  }
  if (q->type && *q->type) {
    rc = mvr_normalize_type(p, q->type, strlen(q->type), &out->spec.type);
    if (rc) {
      const char *s = mvr_profile_suggest(p, "type", q->type, strlen(q->type));
      return mvr_db_fail(db, MVR_ERR_NOTFOUND, "unknown type \"%s\"%s%s%s",
                         q->type, s ? "; did you mean \"" : "", s ? s : "",
                         s ? "\"?" : "");
    }
  }
  return MVR_OK;
}

void mvr_resolved_clear(mvr_resolved *r)
{
  mvr_free(r->sdo);
  memset(r, 0, sizeof *r);
}

mvr_status mvr_entry_from_rec(const mvr_entry_rec *row, mvr_entry *e,
                              const char **cats, size_t ncats, mvr_buf *buf)
{
  size_t n = 0, i, start = 0;

  e->id = row->id;
  e->sdo = row->sdo;
  e->family = row->family;
  e->reference = row->reference;
  e->refkey = row->refkey;
  e->ref_detail = row->ref_detail;
  e->type = row->type;
  e->title = row->title;
  e->status = row->status;
  e->status_detail = row->status_detail;
  e->summary = row->summary;
  e->url = row->url;
  e->first_seen = row->first_seen;
  e->last_updated = row->last_updated;
  e->version = row->version;
  /* "A; B" -> {"A", "B"}: copy with NULs in place of the separators */
  mvr_buf_reset(buf);
  mvr_buf_puts(buf, row->categories);
  if (mvr_buf_status(buf))
    return mvr_buf_status(buf);
  for (i = 0; buf->len && i <= buf->len && n < ncats; i++) {
    if (i == buf->len || (buf->ptr[i] == ';' && i + 1 < buf->len &&
                          buf->ptr[i + 1] == ' ')) {
      if (i < buf->len)
        buf->ptr[i] = '\0';
      cats[n++] = buf->ptr + start;
      start = i + 2;
      i++;
    }
  }
  e->categories = cats;
  e->ncategories = n;
  return MVR_OK;
}

mvr_status mvr_query_run(mvr_db *db, const mvr_query *q, mvr_cursor **out)
{
  mvr_cursor *c;
  mvr_status rc;

  *out = NULL;
  c = mvr_malloc(sizeof *c);
  if (!c)
    return MVR_ERR_NOMEM;
  memset(c, 0, sizeof *c);
  c->db = db;
  mvr_buf_init(&c->catbuf, 1 << 16);
  rc = mvr_query_resolve(db, q, &c->r);
  if (!rc) {
    rc = db->store->ops->query(db->store, &c->r.spec, &c->sc);
    if (rc)
      mvr_db_store_fail(db, rc);
  }
  if (rc) {
    mvr_cursor_free(c);
    return rc;
  }
  *out = c;
  return MVR_OK;
}

mvr_status mvr_cursor_next(mvr_cursor *c, const mvr_entry **e)
{
  const mvr_entry_rec *row = NULL;
  mvr_status rc;

  *e = NULL;
  rc = c->db->store->ops->cursor_next(c->sc, &row);
  if (rc)
    return mvr_db_store_fail(c->db, rc);
  if (!row)
    return MVR_OK;
  rc = mvr_entry_from_rec(row, &c->e, c->cats, MAX_CATEGORIES, &c->catbuf);
  if (rc)
    return rc;
  *e = &c->e;
  return MVR_OK;
}

void mvr_cursor_free(mvr_cursor *c)
{
  if (!c)
    return;
  if (c->sc)
    c->db->store->ops->cursor_free(c->sc);
  mvr_resolved_clear(&c->r);
  mvr_buf_free(&c->catbuf);
  mvr_free(c);
}

mvr_status mvr_query_count(mvr_db *db, const mvr_query *q, long *n)
{
  mvr_resolved r;
  mvr_status rc;

  *n = 0;
  rc = mvr_query_resolve(db, q, &r);
  if (!rc) {
    rc = db->store->ops->count(db->store, &r.spec, n);
    if (rc)
      mvr_db_store_fail(db, rc);
  }
  mvr_resolved_clear(&r);
  return rc;
}
