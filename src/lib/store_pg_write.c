/* store_pg_write.c - the PostgreSQL store's writes (issue 8):
 * organisations, submissions, entries with their category bits (the
 * full-text vector is a generated column), sources, the change log, and
 * the curation tables (aliases, merges, conflicts, proposals). The same
 * statements as the SQLite backend's, every value bound. */
#include <stdio.h>
#include <string.h>

#include "store_pg.h"
#include "util.h"

/* --- organisations and submissions ------------------------------------ */

mvr_status pg_org_ensure(mvr_store *base, const mvr_org_rec *o, int64_t *id)
{
  pg_store *s = (pg_store *)base;
  char now[21];
  pg_params p;
  mvr_status rc;

  *id = 0;
  pg_p_init(&p);
  pg_p_text(&p, o->name);
  rc = pg_run_int(s, "SELECT id FROM orgs WHERE name = $1", &p, id,
                  "finding an organisation");
  if (rc || *id)
    return rc;
  if (o->parent) {
    /* the parent first, as the SQLite backend does */
    mvr_org_rec parent = {0, o->parent, o->family, NULL, "SDO", 1};
    int64_t pid;
    rc = pg_org_ensure(base, &parent, &pid);
    if (rc)
      return rc;
  }
  mvr_timestamp_now(now);
  pg_p_init(&p);
  pg_p_text(&p, o->name);
  pg_p_text(&p, o->family);
  pg_p_text(&p, o->parent);
  pg_p_text(&p, o->kind ? o->kind : "SDO");
  pg_p_int(&p, o->known);
  pg_p_text(&p, now);
  return pg_run_int(s,
                    "INSERT INTO orgs(id, name, family, parent_id, kind, known,"
                    " created_at) VALUES (" PG_NEXT_ID("orgs") ", $1, $2,"
                    " (SELECT id FROM orgs WHERE name = $3), $4, $5, $6)"
                    " RETURNING id",
                    &p, id, "adding an organisation");
}

mvr_status pg_org_alias_add(mvr_store *base, int64_t org_id, const char *alias)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, org_id);
  pg_p_text(&p, alias);
  return pg_run(s,
                "INSERT INTO org_aliases(alias, org_id) VALUES ($2, $1)"
                " ON CONFLICT DO NOTHING",
                &p, NULL, "recording an organisation's alias");
}

mvr_status pg_submission_find_sha(mvr_store *base, const char *sha,
                                  int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, sha);
  return pg_run_int(s, "SELECT id FROM submissions WHERE sha256 = $1", &p, id,
                    "finding a submission");
}

mvr_status pg_submission_add(mvr_store *base, const mvr_submission_rec *r,
                             int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  *id = 0;
  pg_p_init(&p);
  pg_p_text(&p, r->file_name);
  pg_p_text(&p, r->sha256);
  pg_p_text(&p, r->format);
  pg_p_id(&p, r->org_id);
  pg_p_text(&p, r->received);
  pg_p_text(&p, r->doc);
  pg_p_text(&p, r->imported_at);
  pg_p_text(&p, r->actor);
  pg_p_text(&p, r->mode);
  return pg_run_int(
      s,
      "INSERT INTO submissions(id, file_name, sha256, format, org_id,"
      " received, doc_number, imported_at, actor, mode) VALUES ("
      PG_NEXT_ID("submissions") ", $1, $2, $3, $4, $5, $6, $7, $8,"
      " coalesce($9, 'direct')) RETURNING id",
      &p, id, "recording the submission");
}

mvr_status pg_submission_finish(mvr_store *base, int64_t id, const char *sha,
                                unsigned long rows, unsigned long added,
                                unsigned long updated)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_int(&p, (int64_t)rows);
  pg_p_int(&p, (int64_t)added);
  pg_p_int(&p, (int64_t)updated);
  pg_p_text(&p, sha);
  return pg_run(s,
                "UPDATE submissions SET rows = $2, added = $3, updated = $4,"
                " sha256 = $5 WHERE id = $1",
                &p, NULL, "recording the submission's counts");
}

/* --- entries ------------------------------------------------------------ */

/* Read one entry with `sql` and `p` into the borrowed result `which`. */
static mvr_status entry_row(pg_store *s, int which, const char *sql,
                            const pg_params *p, mvr_entry_rec *out,
                            int *found, const char *what)
{
  PGresult *r = NULL;
  mvr_status rc;

  *found = 0;
  rc = pg_run(s, sql, p, &r, what);
  if (rc)
    return rc;
  pg_hold(s, which, r);
  if (PQntuples(r) > 0) {
    pg_read_entry(r, 0, 0, out);
    *found = 1;
  }
  return MVR_OK;
}

mvr_status pg_entry_find(mvr_store *base, const char *family,
                         const char *refkey, mvr_entry_rec *out, int *found)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, family);
  pg_p_text(&p, refkey);
  return entry_row(s, PGR_FIND,
                   "SELECT " PG_ENTRY_COLUMNS
                   " FROM entries e JOIN orgs o ON o.id = e.org_id"
                   " WHERE e.family = $1 AND e.refkey = $2",
                   &p, out, found, "finding an entry");
}

mvr_status pg_entry_get(mvr_store *base, int64_t id, mvr_entry_rec *out,
                        int *found)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, id);
  return entry_row(s, PGR_GET,
                   "SELECT " PG_ENTRY_COLUMNS
                   " FROM entries e JOIN orgs o ON o.id = e.org_id"
                   " WHERE e.id = $1",
                   &p, out, found, "reading an entry");
}

mvr_status pg_entry_insert(mvr_store *base, const mvr_entry_rec *e,
                           int64_t *id)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  int64_t mask = 0;
  pg_params p;
  mvr_status rc;

  *id = 0;
  rc = pg_cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  pg_p_init(&p);
  pg_p_int(&p, e->org_id);
  pg_p_text(&p, e->family);
  pg_p_text(&p, e->refkey);
  pg_p_text(&p, e->reference);
  pg_p_text(&p, e->ref_detail ? e->ref_detail : "");
  pg_p_text(&p, e->type);
  pg_p_text(&p, e->title);
  pg_p_text(&p, e->status);
  pg_p_text(&p, e->status_detail ? e->status_detail : "");
  pg_p_text(&p, e->categories);
  pg_p_text(&p, e->summary ? e->summary : "");
  pg_p_text(&p, e->url ? e->url : "");
  pg_p_text(&p, e->first_seen);
  pg_p_text(&p, e->last_updated);
  pg_p_id(&p, e->created_submission);
  pg_p_int(&p, mask);
  rc = pg_run(s,
              "INSERT INTO entries(id, org_id, family, refkey, reference,"
              " ref_detail, type, title, status, status_detail, categories,"
              " summary, url, first_seen, last_updated, created_submission,"
              " last_submission, catmask) VALUES (" PG_NEXT_ID("entries")
              ", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
              " $15, $15, $16) ON CONFLICT (family, refkey) DO NOTHING"
              " RETURNING id",
              &p, &r, "adding an entry");
  if (rc)
    return rc;
  if (PQntuples(r) == 0)
    rc = MVR_ERR_EXISTS;
  else
    *id = pg_int(r, 0, 0);
  PQclear(r);
  return rc;
}

mvr_status pg_entry_update(mvr_store *base, const mvr_entry_rec *e)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  int64_t mask = 0;
  pg_params p;
  mvr_status rc;

  rc = pg_cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  pg_p_init(&p);
  pg_p_int(&p, e->id);
  pg_p_int(&p, e->org_id);
  pg_p_text(&p, e->reference);
  pg_p_text(&p, e->ref_detail ? e->ref_detail : "");
  pg_p_text(&p, e->type);
  pg_p_text(&p, e->title);
  pg_p_text(&p, e->status);
  pg_p_text(&p, e->status_detail ? e->status_detail : "");
  pg_p_text(&p, e->categories);
  pg_p_text(&p, e->summary ? e->summary : "");
  pg_p_text(&p, e->url ? e->url : "");
  pg_p_text(&p, e->last_updated);
  pg_p_id(&p, e->last_submission);
  pg_p_int(&p, e->version);
  pg_p_int(&p, mask);
  rc = pg_run(s,
              "UPDATE entries SET org_id = $2, reference = $3,"
              " ref_detail = $4, type = $5, title = $6, status = $7,"
              " status_detail = $8, categories = $9, summary = $10,"
              " url = $11, last_updated = $12, last_submission = $13,"
              " catmask = $15, version = version + 1"
              " WHERE id = $1 AND version = $14",
              &p, &r, "updating an entry");
  if (rc)
    return rc;
  if (strcmp(PQcmdTuples(r), "1") != 0)
    rc = pg_failf(s, MVR_ERR_CONFLICT,
                  "entry %lld was changed since it was loaded (version %lld)",
                  (long long)e->id, (long long)e->version);
  PQclear(r);
  return rc;
}

mvr_status pg_entry_touch(mvr_store *base, int64_t id, int64_t submission)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_id(&p, submission);
  return pg_run(s, "UPDATE entries SET last_submission = $2 WHERE id = $1",
                &p, NULL, "confirming an entry");
}

mvr_status pg_source_add(mvr_store *base, const mvr_source_rec *src)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, src->entry_id);
  pg_p_int(&p, src->submission_id);
  pg_p_int(&p, (int64_t)src->row);
  pg_p_text(&p, src->sdo);
  pg_p_text(&p, src->reference);
  pg_p_text(&p, src->type);
  pg_p_text(&p, src->title);
  pg_p_text(&p, src->status);
  pg_p_text(&p, src->status_detail);
  pg_p_text(&p, src->categories);
  pg_p_text(&p, src->summary);
  pg_p_text(&p, src->url);
  return pg_run(s,
                "INSERT INTO entry_sources(id, entry_id, submission_id,"
                " row_no, sdo, reference, type, title, status, status_detail,"
                " categories, summary, url) VALUES ("
                PG_NEXT_ID("entry_sources") ", $1, $2, $3, $4, $5, $6, $7,"
                " $8, $9, $10, $11, $12)",
                &p, NULL, "recording a source");
}

mvr_status pg_change_add(mvr_store *base, const mvr_change_rec *c)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_id(&p, c->entry_id);
  pg_p_id(&p, c->submission_id);
  pg_p_text(&p, c->at);
  pg_p_text(&p, c->actor);
  pg_p_text(&p, c->action);
  pg_p_text(&p, c->field ? c->field : "");
  pg_p_text(&p, c->old_value);
  pg_p_text(&p, c->new_value);
  return pg_run(s,
                "INSERT INTO changes(id, entry_id, submission_id, at, actor,"
                " action, field, old_value, new_value) VALUES ("
                PG_NEXT_ID("changes") ", $1, $2, $3, $4, $5, $6, $7, $8)",
                &p, NULL, "logging a change");
}

/* --- categories as bits ---------------------------------------------- */

void pg_cat_forget(pg_store *s)
{
  int i;

  for (i = 0; i < 63; i++) {
    mvr_free(s->cat_label[i]);
    s->cat_label[i] = NULL;
  }
  s->cat_loaded = 0;
}

static mvr_status cat_load(pg_store *s)
{
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  if (s->cat_loaded)
    return MVR_OK;
  rc = pg_run(s, "SELECT bit, label FROM category_bits", NULL, &r,
              "reading categories");
  if (rc)
    return rc;
  for (i = 0; i < PQntuples(r) && !rc; i++) {
    int64_t bit = pg_int(r, i, 0);
    if (bit < 0 || bit > 62)
      continue;
    mvr_free(s->cat_label[bit]);
    s->cat_label[bit] = mvr_strdup(pg_text(r, i, 1));
    if (!s->cat_label[bit])
      rc = MVR_ERR_NOMEM;
  }
  PQclear(r);
  if (rc)
    pg_cat_forget(s);
  else
    s->cat_loaded = 1;
  return rc;
}

/* As sq_cat_mask() (store_sqlite_write.c): a label seen for the first time
 * gets the next free bit, inside the caller's write transaction. */
mvr_status pg_cat_mask(pg_store *s, const char *cats, int create,
                       int64_t *mask)
{
  const char *p = cats;
  mvr_status rc;

  *mask = 0;
  rc = cat_load(s);
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
      pg_params pp;
      char *label;
      if (free_bit < 0)
        return pg_failf(s, MVR_ERR_STORE, "more than 63 categories");
      label = mvr_strndup(p, n);
      if (!label)
        return MVR_ERR_NOMEM;
      pg_p_init(&pp);
      pg_p_int(&pp, free_bit);
      pg_p_text(&pp, label);
      rc = pg_run(s, "INSERT INTO category_bits(bit, label) VALUES ($1, $2)",
                  &pp, NULL, "adding a category");
      if (rc) {
        mvr_free(label);
        return rc;
      }
      s->cat_label[free_bit] = label;
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

/* --- identity: aliases and merges --------------------------------------- */

mvr_status pg_entry_resolve(mvr_store *base, const char *family,
                            const char *refkey, int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;
  mvr_status rc;
  int guard;

  *id = 0;
  pg_p_init(&p);
  pg_p_text(&p, family);
  pg_p_text(&p, refkey);
  rc = pg_run_int(s,
                  "SELECT id FROM (SELECT id, 0 AS k FROM entries"
                  " WHERE family = $1 AND refkey = $2 UNION ALL"
                  " SELECT entry_id, 1 FROM entry_aliases"
                  " WHERE family = $1 AND refkey = $2) x ORDER BY k LIMIT 1",
                  &p, id, "resolving a reference");
  if (rc || !*id)
    return rc;
  /* follow merges to the visible entry */
  for (guard = 0; guard < 64; guard++) {
    int64_t next = 0;
    pg_p_init(&p);
    pg_p_int(&p, *id);
    rc = pg_run_int(s, "SELECT merged_into FROM entries WHERE id = $1", &p,
                    &next, "following a merge");
    if (rc || !next)
      break;
    *id = next;
  }
  return rc;
}

mvr_status pg_entry_rekey(mvr_store *base, int64_t id, const char *family,
                          const char *refkey, const char *reference)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  /* the text index is a generated column: it follows by itself */
  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_text(&p, family);
  pg_p_text(&p, refkey);
  pg_p_text(&p, reference);
  return pg_run(s,
                "UPDATE entries SET family = $2, refkey = $3, reference = $4,"
                " version = version + 1 WHERE id = $1",
                &p, NULL, "renaming an entry");
}

mvr_status pg_alias_add(mvr_store *base, int64_t entry_id, const char *family,
                        const char *refkey, const char *reference,
                        const char *kind, const char *at, const char *actor)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, family);
  pg_p_text(&p, refkey);
  pg_p_int(&p, entry_id);
  pg_p_text(&p, reference);
  pg_p_text(&p, kind);
  pg_p_text(&p, at);
  pg_p_text(&p, actor);
  return pg_run(s,
                "INSERT INTO entry_aliases(family, refkey, entry_id,"
                " reference, kind, at, actor) VALUES ($1, $2, $3, $4, $5, $6,"
                " $7) ON CONFLICT (family, refkey) DO UPDATE SET"
                " entry_id = excluded.entry_id, kind = excluded.kind",
                &p, NULL, "recording an alias");
}

mvr_status pg_aliases(mvr_store *base, int64_t entry_id, mvr_alias_fn fn,
                      void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, entry_id);
  rc = pg_run(s,
              "SELECT family, refkey, reference, kind FROM entry_aliases"
              " WHERE entry_id = $1 ORDER BY at COLLATE \"C\","
              " reference COLLATE \"C\"",
              &p, &r, "reading aliases");
  for (i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ud, pg_text(r, i, 0), pg_text(r, i, 1), pg_text(r, i, 2),
            pg_text(r, i, 3));
  PQclear(r);
  return rc;
}

mvr_status pg_merge(mvr_store *base, int64_t into, int64_t from,
                    const char *at, const char *actor, const char *note)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int changed;

  pg_p_init(&p);
  pg_p_int(&p, into);
  pg_p_int(&p, from);
  rc = pg_run(s,
              "UPDATE entries SET merged_into = $1 WHERE id = $2"
              " AND merged_into IS NULL AND id <> $1",
              &p, &r, "merging");
  if (rc)
    return rc;
  changed = strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  if (!changed)
    return pg_failf(s, MVR_ERR_CONFLICT, "entry %lld is merged already",
                    (long long)from);
  pg_p_text(&p, at);
  pg_p_text(&p, actor);
  pg_p_text(&p, note);
  return pg_run(s,
                "INSERT INTO merges(id, into_id, from_id, at, actor, note)"
                " VALUES (" PG_NEXT_ID("merges") ", $1, $2, $3, $4, $5)",
                &p, NULL, "recording the merge");
}

mvr_status pg_unmerge(mvr_store *base, int64_t into, int64_t from,
                      const char *at, const char *actor)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int changed;

  pg_p_init(&p);
  pg_p_int(&p, into);
  pg_p_int(&p, from);
  pg_p_text(&p, at);
  pg_p_text(&p, actor);
  rc = pg_run(s,
              "UPDATE merges SET undone_at = $3, undone_by = $4"
              " WHERE id = (SELECT max(id) FROM merges WHERE into_id = $1"
              " AND from_id = $2 AND undone_at IS NULL)",
              &p, &r, "undoing the merge");
  if (rc)
    return rc;
  changed = strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  if (!changed)
    return pg_failf(s, MVR_ERR_NOTFOUND,
                    "entry %lld is not merged into entry %lld",
                    (long long)from, (long long)into);
  pg_p_init(&p);
  pg_p_int(&p, into);
  pg_p_int(&p, from);
  return pg_run(s,
                "UPDATE entries SET merged_into = NULL WHERE id = $2"
                " AND merged_into = $1",
                &p, NULL, "undoing the merge");
}

mvr_status pg_merged_ids(mvr_store *base, int64_t id,
                         mvr_status (*fn)(void *ud, int64_t id), void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, id);
  rc = pg_run(s,
              "WITH RECURSIVE m(id) AS (SELECT id FROM entries"
              " WHERE merged_into = $1 UNION SELECT e.id FROM entries e"
              " JOIN m ON e.merged_into = m.id) SELECT id FROM m ORDER BY id",
              &p, &r, "reading merges");
  for (i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ud, pg_int(r, i, 0));
  PQclear(r);
  return rc;
}

/* --- conflicts and proposals ------------------------------------------ */

mvr_status pg_conflict_add(mvr_store *base, const mvr_conflict_rec *c,
                           int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  *id = 0;
  pg_p_init(&p);
  pg_p_int(&p, c->entry_id);
  pg_p_text(&p, c->field);
  pg_p_text(&p, c->current_value);
  pg_p_text(&p, c->proposed_value);
  pg_p_id(&p, c->submission_id);
  pg_p_int(&p, (int64_t)c->row);
  pg_p_text(&p, c->org);
  pg_p_text(&p, c->opened_at);
  return pg_run_int(s,
                    "INSERT INTO conflicts(id, entry_id, field, current_value,"
                    " proposed_value, submission_id, row_no, org, opened_at)"
                    " VALUES (" PG_NEXT_ID("conflicts") ", $1, $2, $3, $4, $5,"
                    " $6, $7, $8) RETURNING id",
                    &p, id, "opening a conflict");
}

mvr_status pg_conflicts(mvr_store *base, int all, int64_t id,
                        mvr_conflict_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, all ? 1 : 0);
  pg_p_int(&p, id);
  rc = pg_run(s,
              "SELECT c.id, c.entry_id, c.field, c.current_value,"
              " c.proposed_value, c.submission_id, c.row_no, c.org,"
              " c.opened_at, c.state, c.resolved_at, c.resolved_by,"
              " c.resolution, c.note, e.reference FROM conflicts c"
              " JOIN entries e ON e.id = c.entry_id"
              " WHERE ($1::int = 1 OR c.state = 'open')"
              " AND ($2::bigint = 0 OR c.id = $2) ORDER BY c.id",
              &p, &r, "reading conflicts");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_conflict_rec c;
    c.id = pg_int(r, i, 0);
    c.entry_id = pg_int(r, i, 1);
    c.field = pg_text(r, i, 2);
    c.current_value = pg_text(r, i, 3);
    c.proposed_value = pg_text(r, i, 4);
    c.submission_id = pg_int(r, i, 5);
    c.row = (unsigned long)pg_int(r, i, 6);
    c.org = pg_text(r, i, 7);
    c.opened_at = pg_text(r, i, 8);
    c.state = pg_text(r, i, 9);
    c.resolved_at = pg_text(r, i, 10);
    c.resolved_by = pg_text(r, i, 11);
    c.resolution = pg_text(r, i, 12);
    c.note = pg_text(r, i, 13);
    c.reference = pg_text(r, i, 14);
    rc = fn(ud, &c);
  }
  PQclear(r);
  return rc;
}

mvr_status pg_conflict_close(mvr_store *base, int64_t id, const char *at,
                             const char *by, const char *resolution,
                             const char *note)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_text(&p, at);
  pg_p_text(&p, by);
  pg_p_text(&p, resolution);
  pg_p_text(&p, note);
  rc = pg_run(s,
              "UPDATE conflicts SET state = 'resolved', resolved_at = $2,"
              " resolved_by = $3, resolution = $4, note = $5"
              " WHERE id = $1 AND state = 'open'",
              &p, &r, "resolving a conflict");
  if (rc)
    return rc;
  if (strcmp(PQcmdTuples(r), "1") != 0)
    rc = pg_failf(s, MVR_ERR_NOTFOUND, "conflict %lld is not open",
                  (long long)id);
  PQclear(r);
  return rc;
}

mvr_status pg_proposal_add(mvr_store *base, const mvr_proposal_rec *pr,
                           int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;

  *id = 0;
  pg_p_init(&p);
  pg_p_int(&p, pr->submission_id);
  pg_p_int(&p, (int64_t)pr->row);
  pg_p_text(&p, pr->org);
  pg_p_text(&p, pr->org_family);
  pg_p_int(&p, pr->org_known);
  pg_p_text(&p, pr->family);
  pg_p_text(&p, pr->refkey);
  pg_p_text(&p, pr->reference);
  pg_p_text(&p, pr->ref_detail ? pr->ref_detail : "");
  pg_p_text(&p, pr->type);
  pg_p_text(&p, pr->title);
  pg_p_text(&p, pr->status);
  pg_p_text(&p, pr->status_detail ? pr->status_detail : "");
  pg_p_text(&p, pr->categories);
  pg_p_text(&p, pr->summary ? pr->summary : "");
  pg_p_text(&p, pr->url ? pr->url : "");
  return pg_run_int(
      s,
      "INSERT INTO proposals(id, submission_id, row_no, org, org_family,"
      " org_known, family, refkey, reference, ref_detail, type, title,"
      " status, status_detail, categories, summary, url) VALUES ("
      PG_NEXT_ID("proposals") ", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
      " $11, $12, $13, $14, $15, $16) RETURNING id",
      &p, id, "recording a proposal");
}

mvr_status pg_proposals(mvr_store *base, const char *state,
                        int64_t submission, int64_t id, mvr_proposal_fn fn,
                        void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_text(&p, state);
  pg_p_int(&p, submission);
  pg_p_int(&p, id);
  rc = pg_run(s,
              "SELECT p.id, p.submission_id, p.row_no, p.org, p.org_family,"
              " p.org_known, p.family, p.refkey, p.reference, p.ref_detail,"
              " p.type, p.title, p.status, p.status_detail, p.categories,"
              " p.summary, p.url, p.state, p.decided_at, p.decided_by,"
              " p.note, sub.file_name, sub.received FROM proposals p"
              " JOIN submissions sub ON sub.id = p.submission_id"
              " WHERE ($1::text IS NULL OR p.state = $1)"
              " AND ($2::bigint = 0 OR p.submission_id = $2)"
              " AND ($3::bigint = 0 OR p.id = $3) ORDER BY p.id",
              &p, &r, "reading proposals");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_proposal_rec pr;
    pr.id = pg_int(r, i, 0);
    pr.submission_id = pg_int(r, i, 1);
    pr.row = (unsigned long)pg_int(r, i, 2);
    pr.org = pg_text(r, i, 3);
    pr.org_family = pg_text(r, i, 4);
    pr.org_known = (int)pg_int(r, i, 5);
    pr.family = pg_text(r, i, 6);
    pr.refkey = pg_text(r, i, 7);
    pr.reference = pg_text(r, i, 8);
    pr.ref_detail = pg_text(r, i, 9);
    pr.type = pg_text(r, i, 10);
    pr.title = pg_text(r, i, 11);
    pr.status = pg_text(r, i, 12);
    pr.status_detail = pg_text(r, i, 13);
    pr.categories = pg_text(r, i, 14);
    pr.summary = pg_text(r, i, 15);
    pr.url = pg_text(r, i, 16);
    pr.state = pg_text(r, i, 17);
    pr.decided_at = pg_text(r, i, 18);
    pr.decided_by = pg_text(r, i, 19);
    pr.note = pg_text(r, i, 20);
    pr.file = pg_text(r, i, 21);
    pr.received = pg_text(r, i, 22);
    rc = fn(ud, &pr);
  }
  PQclear(r);
  return rc;
}

mvr_status pg_proposal_decide(mvr_store *base, int64_t id, const char *state,
                              const char *at, const char *by,
                              const char *note)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_text(&p, state);
  pg_p_text(&p, at);
  pg_p_text(&p, by);
  pg_p_text(&p, note);
  rc = pg_run(s,
              "UPDATE proposals SET state = $2, decided_at = $3,"
              " decided_by = $4, note = $5"
              " WHERE id = $1 AND state = 'pending'",
              &p, &r, "deciding a proposal");
  if (rc)
    return rc;
  if (strcmp(PQcmdTuples(r), "1") != 0)
    rc = pg_failf(s, MVR_ERR_NOTFOUND, "proposal %lld is not pending",
                  (long long)id);
  PQclear(r);
  return rc;
}
