/* store_sqlite_write.c - the SQLite store's writes: organisations,
 * submissions, entries with their category bits and full-text index,
 * sources and the change log. Every value is bound. */
#include <stdio.h>
#include <string.h>

#include "store_sqlite.h"
#include "util.h"

mvr_status sq_org_ensure(mvr_store *base, const mvr_org_rec *o, int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  char now[21];
  mvr_status rc;
  int r;

  *id = 0;
  rc = sq_prep(s, ST_ORG_FIND, &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, o->name);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    return sq_fail(s, "finding an organisation");
  if (*id)
    return MVR_OK;
  if (o->parent) {
    /* make sure the parent exists first (its own parent is unknown here;
     * the profile's registry is loaded parents-first by the library) */
    mvr_org_rec parent = {0, o->parent, o->family, NULL, "SDO", 1};
    int64_t pid;
    rc = sq_org_ensure(base, &parent, &pid);
    if (rc)
      return rc;
  }
  rc = sq_prep(s, ST_ORG_INSERT, &st);
  if (rc)
    return rc;
  mvr_timestamp_now(now);
  sq_bind_text(st, 1, o->name);
  sq_bind_text(st, 2, o->family);
  sq_bind_text(st, 3, o->parent);
  sq_bind_text(st, 4, o->kind ? o->kind : "SDO");
  sqlite3_bind_int(st, 5, o->known);
  sq_bind_text(st, 6, now);
  rc = sq_run(s, st, "adding an organisation");
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

mvr_status sq_org_alias_add(mvr_store *base, int64_t org_id, const char *alias)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_ORG_ALIAS, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, org_id);
  sq_bind_text(st, 2, alias);
  return sq_run(s, st, "recording an organisation's alias");
}

mvr_status sq_submission_find_sha(mvr_store *base, const char *sha, int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  *id = 0;
  rc = sq_prep(s, ST_SUB_FIND, &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, sha);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    return sq_fail(s, "finding a submission");
  return MVR_OK;
}

mvr_status sq_submission_add(mvr_store *base, const mvr_submission_rec *r,
                             int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  rc = sq_prep(s, ST_SUB_INSERT, &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, r->file_name);
  sq_bind_text(st, 2, r->sha256);
  sq_bind_text(st, 3, r->format);
  sq_bind_id(st, 4, r->org_id);
  sq_bind_text(st, 5, r->received);
  sq_bind_text(st, 6, r->doc);
  sq_bind_text(st, 7, r->imported_at);
  sq_bind_text(st, 8, r->actor);
  sq_bind_text(st, 9, r->mode);
  rc = sq_run(s, st, "recording the submission");
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

mvr_status sq_submission_finish(mvr_store *base, int64_t id, const char *sha,
                                unsigned long rows, unsigned long added,
                                unsigned long updated)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_SUB_COUNTS, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)rows);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)added);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)updated);
  sq_bind_text(st, 5, sha);
  return sq_run(s, st, "recording the submission's counts");
}

mvr_status sq_entry_find(mvr_store *base, const char *family,
                         const char *refkey, mvr_entry_rec *out, int *found)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  *found = 0;
  rc = sq_prep(s, ST_ENTRY_FIND, &st);
  if (rc)
    return rc;
  sqlite3_reset(st); /* the previous row stays readable until now */
  sq_bind_text(st, 1, family);
  sq_bind_text(st, 2, refkey);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    sq_read_entry(st, out);
    *found = 1;
    return MVR_OK; /* left un-reset: the strings stay valid */
  }
  sqlite3_reset(st);
  if (r != SQLITE_DONE)
    return sq_fail(s, "finding an entry");
  return MVR_OK;
}

void sq_cat_forget(sq_store *s)
{
  int i;

  for (i = 0; i < 63; i++) {
    mvr_free(s->cat_label[i]);
    s->cat_label[i] = NULL;
  }
  s->cat_loaded = 0;
}

mvr_status sq_cat_load(sq_store *s)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (s->cat_loaded)
    return MVR_OK;
  if (sqlite3_prepare_v2(s->db, "SELECT bit, label FROM category_bits", -1, &st,
                         NULL) != SQLITE_OK)
    return sq_fail(s, "reading categories");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int bit = sqlite3_column_int(st, 0);
    if (bit < 0 || bit > 62)
      continue;
    mvr_free(s->cat_label[bit]);
    s->cat_label[bit] = mvr_strdup(sq_col_text(st, 1));
    if (!s->cat_label[bit])
      rc = MVR_ERR_NOMEM;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading categories");
  sqlite3_finalize(st);
  if (rc)
    sq_cat_forget(s);
  else
    s->cat_loaded = 1;
  return rc;
}

/* The bit set of "A; B" (canonical labels). With `create`, a label seen
 * for the first time gets the next free bit (inside the caller's write
 * transaction); without, unknown labels add nothing. */
mvr_status sq_cat_mask(sq_store *s, const char *cats, int create, int64_t *mask)
{
  const char *p = cats;
  mvr_status rc;

  *mask = 0;
  rc = sq_cat_load(s);
  if (rc)
    return rc;
  while (p && *p) {
    const char *end = strstr(p, "; ");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    int bit, free_bit = -1;
    for (bit = 0; bit < 63; bit++) {
      if (!s->cat_label[bit]) {
        if (free_bit < 0)
          free_bit = bit;
        continue;
      }
      if (strlen(s->cat_label[bit]) == n &&
          memcmp(s->cat_label[bit], p, n) == 0)
        break;
    }
    if (bit == 63 && create) {
      sqlite3_stmt *st = NULL;
      if (free_bit < 0) {
        snprintf(s->err, sizeof s->err, "more than 63 categories");
        return MVR_ERR_STORE;
      }
      if (sqlite3_prepare_v2(s->db,
                             "INSERT INTO category_bits(bit, label)"
                             " VALUES (?1, ?2)",
                             -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "adding a category");
      sqlite3_bind_int(st, 1, free_bit);
      sqlite3_bind_text(st, 2, p, (int)n, SQLITE_STATIC);
      rc = sqlite3_step(st) == SQLITE_DONE ? MVR_OK
                                           : sq_fail(s, "adding a category");
      sqlite3_finalize(st);
      if (rc)
        return rc;
      s->cat_label[free_bit] = mvr_strndup(p, n);
      if (!s->cat_label[free_bit])
        return MVR_ERR_NOMEM;
      bit = free_bit;
    }
    if (bit < 63)
      *mask |= (int64_t)1 << bit;
    p += n;
    if (end)
      p += 2;
  }
  return MVR_OK;
}

/* Index the searchable text of entry `id`. */
static mvr_status fts_add(sq_store *s, int64_t id, const mvr_entry_rec *e)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_FTS_INSERT, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_text(st, 2, e->reference);
  sq_bind_text(st, 3, e->title);
  sq_bind_text(st, 4, e->summary ? e->summary : "");
  return sq_run(s, st, "indexing an entry");
}

mvr_status sq_fts_flush(sq_store *s)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  if (!s->fts_from)
    return MVR_OK;
  rc = sq_prep(s, ST_FTS_FLUSH, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, s->fts_from);
  rc = sq_run(s, st, "indexing the new entries");
  if (!rc) {
    s->fts_from = 0;
    s->fts_pending = 0;
  }
  return rc;
}

mvr_status sq_entry_insert(mvr_store *base, const mvr_entry_rec *e, int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  int64_t mask = 0;
  mvr_status rc;

  rc = sq_cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  rc = sq_prep(s, ST_ENTRY_INSERT, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, e->org_id);
  sq_bind_text(st, 2, e->family);
  sq_bind_text(st, 3, e->refkey);
  sq_bind_text(st, 4, e->reference);
  sq_bind_text(st, 5, e->ref_detail ? e->ref_detail : "");
  sq_bind_text(st, 6, e->type);
  sq_bind_text(st, 7, e->title);
  sq_bind_text(st, 8, e->status);
  sq_bind_text(st, 9, e->status_detail ? e->status_detail : "");
  sq_bind_text(st, 10, e->categories);
  sq_bind_text(st, 11, e->summary ? e->summary : "");
  sq_bind_text(st, 12, e->url ? e->url : "");
  sq_bind_text(st, 13, e->first_seen);
  sq_bind_text(st, 14, e->last_updated);
  sq_bind_id(st, 15, e->created_submission);
  sqlite3_bind_int64(st, 16, mask);
  rc = sq_run(s, st, "adding an entry");
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) == 0)
    return MVR_ERR_EXISTS;
  *id = sqlite3_last_insert_rowid(s->db);
  /* indexed with the next ones (sq_fts_flush): one statement per batch of
   * entries instead of one per entry */
  if (!s->fts_from)
    s->fts_from = *id;
  if (++s->fts_pending >= SQ_FTS_BATCH)
    return sq_fts_flush(s);
  return MVR_OK;
}

mvr_status sq_entry_update(mvr_store *base, const mvr_entry_rec *e)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  int64_t mask = 0;
  int pending = SQ_FTS_PENDING(s, e->id);
  mvr_status rc;

  rc = sq_cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  /* take the old text out of the index first (external content), unless
   * the entry is new in this transaction and not indexed yet */
  if (!pending) {
    rc = sq_prep(s, ST_FTS_DELETE, &st);
    if (rc)
      return rc;
    sqlite3_bind_int64(st, 1, e->id);
    rc = sq_run(s, st, "re-indexing an entry");
    if (rc)
      return rc;
  }
  rc = sq_prep(s, ST_ENTRY_UPDATE, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, e->id);
  sqlite3_bind_int64(st, 2, e->org_id);
  sq_bind_text(st, 3, e->reference);
  sq_bind_text(st, 4, e->ref_detail ? e->ref_detail : "");
  sq_bind_text(st, 5, e->type);
  sq_bind_text(st, 6, e->title);
  sq_bind_text(st, 7, e->status);
  sq_bind_text(st, 8, e->status_detail ? e->status_detail : "");
  sq_bind_text(st, 9, e->categories);
  sq_bind_text(st, 10, e->summary ? e->summary : "");
  sq_bind_text(st, 11, e->url ? e->url : "");
  sq_bind_text(st, 12, e->last_updated);
  sq_bind_id(st, 13, e->last_submission);
  sqlite3_bind_int64(st, 14, e->version);
  sqlite3_bind_int64(st, 15, mask);
  rc = sq_run(s, st, "updating an entry");
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err,
             "entry %lld was changed since it was loaded (version %lld)",
             (long long)e->id, (long long)e->version);
    return MVR_ERR_CONFLICT;
  }
  return pending ? MVR_OK : fts_add(s, e->id, e);
}

mvr_status sq_entry_touch(mvr_store *base, int64_t id, int64_t submission)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_ENTRY_TOUCH, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_id(st, 2, submission);
  return sq_run(s, st, "confirming an entry");
}

mvr_status sq_source_add(mvr_store *base, const mvr_source_rec *src)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_SOURCE_INSERT, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, src->entry_id);
  sqlite3_bind_int64(st, 2, src->submission_id);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)src->row);
  sq_bind_text(st, 4, src->sdo);
  sq_bind_text(st, 5, src->reference);
  sq_bind_text(st, 6, src->type);
  sq_bind_text(st, 7, src->title);
  sq_bind_text(st, 8, src->status);
  sq_bind_text(st, 9, src->status_detail);
  sq_bind_text(st, 10, src->categories);
  sq_bind_text(st, 11, src->summary);
  sq_bind_text(st, 12, src->url);
  return sq_run(s, st, "recording a source");
}

mvr_status sq_change_add(mvr_store *base, const mvr_change_rec *c)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = sq_prep(s, ST_CHANGE_INSERT, &st);

  if (rc)
    return rc;
  sq_bind_id(st, 1, c->entry_id);
  sq_bind_id(st, 2, c->submission_id);
  sq_bind_text(st, 3, c->at);
  sq_bind_text(st, 4, c->actor);
  sq_bind_text(st, 5, c->action);
  sq_bind_text(st, 6, c->field ? c->field : "");
  sq_bind_text(st, 7, c->old_value);
  sq_bind_text(st, 8, c->new_value);
  return sq_run(s, st, "logging a change");
}

/* --- reads ------------------------------------------------------------ */
