/* store_sqlite_curate.c - the SQLite store's curation tables: aliases (other
 * keys naming an entry), merges (an entry hidden behind another, kept with
 * its sources and history), conflicts for the editors, and proposals
 * waiting for review. Every value is bound. */
#include <stdio.h>
#include <string.h>

#include "store_sqlite.h"
#include "util.h"

/* Prepare `sql` (constant text) into *st. */
static mvr_status prepare(sq_store *s, const char *sql, sqlite3_stmt **st)
{
  if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
    return sq_fail(s, "preparing a statement");
  return MVR_OK;
}

/* Step once; *row = 1 when a row came back. */
static mvr_status step(sq_store *s, sqlite3_stmt *st, int *row,
                       const char *what)
{
  int r = sqlite3_step(st);

  *row = r == SQLITE_ROW;
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    return sq_fail(s, what);
  return MVR_OK;
}

mvr_status sq_entry_resolve(mvr_store *base, const char *family,
                            const char *refkey, int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row = 0, guard;

  *id = 0;
  /* its own row, else an alias; cached: this runs for every import row */
  rc = sq_prep(s, ST_RESOLVE, &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, family);
  sq_bind_text(st, 2, refkey);
  rc = step(s, st, &row, "resolving a reference");
  if (!rc && row)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc || !*id)
    return rc;
  /* follow merges to the visible entry */
  rc = sq_prep(s, ST_MERGED_INTO, &st);
  if (rc)
    return rc;
  for (guard = 0; guard < 64; guard++) {
    int64_t next = 0;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, *id);
    rc = step(s, st, &row, "following a merge");
    if (rc || !row)
      break;
    next = sqlite3_column_int64(st, 0);
    if (!next)
      break;
    *id = next;
  }
  sqlite3_reset(st);
  return rc;
}

mvr_status sq_entry_get(mvr_store *base, int64_t id, mvr_entry_rec *out,
                        int *found)
{
  sq_store *s = (sq_store *)base;
  int row = 0;
  mvr_status rc;

  *found = 0;
  /* the statement stays open until the next call, so the row's strings
   * stay valid, as with entry_find */
  if (s->get_stmt)
    sqlite3_reset(s->get_stmt);
  else if ((rc = prepare(s,
                         "SELECT " ENTRY_COLUMNS
                         " FROM entries e JOIN orgs o ON o.id = e.org_id"
                         " WHERE e.id = ?1",
                         &s->get_stmt)))
    return rc;
  sqlite3_bind_int64(s->get_stmt, 1, id);
  rc = step(s, s->get_stmt, &row, "reading an entry");
  if (!rc && row) {
    sq_read_entry(s->get_stmt, out);
    *found = 1;
  }
  return rc;
}

mvr_status sq_entry_rekey(mvr_store *base, int64_t id, const char *family,
                          const char *refkey, const char *reference)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  /* out of the text index with the old reference, back in with the new;
   * an entry new in this transaction is not indexed yet (sq_fts_flush) */
  rc = sq_fts_flush(s);
  if (rc)
    return rc;
  rc = prepare(s,
               "INSERT INTO entries_fts(entries_fts, rowid, reference, title,"
               " summary) SELECT 'delete', id, reference, title, summary"
               " FROM entries WHERE id = ?1",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  rc = step(s, st, &row, "re-indexing an entry");
  sqlite3_finalize(st);
  if (rc)
    return rc;
  rc = prepare(s,
               "UPDATE entries SET family = ?2, refkey = ?3, reference = ?4,"
               " version = version + 1 WHERE id = ?1",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_text(st, 2, family);
  sq_bind_text(st, 3, refkey);
  sq_bind_text(st, 4, reference);
  rc = step(s, st, &row, "renaming an entry");
  sqlite3_finalize(st);
  if (rc)
    return rc;
  rc = prepare(s,
               "INSERT INTO entries_fts(rowid, reference, title, summary)"
               " SELECT id, reference, title, summary FROM entries"
               " WHERE id = ?1",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  rc = step(s, st, &row, "re-indexing an entry");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_alias_add(mvr_store *base, int64_t entry_id, const char *family,
                        const char *refkey, const char *reference,
                        const char *kind, const char *at, const char *actor)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  rc = prepare(s,
               "INSERT INTO entry_aliases(family, refkey, entry_id, reference,"
               " kind, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
               " ON CONFLICT (family, refkey) DO UPDATE SET"
               " entry_id = excluded.entry_id, kind = excluded.kind",
               &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, family);
  sq_bind_text(st, 2, refkey);
  sqlite3_bind_int64(st, 3, entry_id);
  sq_bind_text(st, 4, reference);
  sq_bind_text(st, 5, kind);
  sq_bind_text(st, 6, at);
  sq_bind_text(st, 7, actor);
  rc = step(s, st, &row, "recording an alias");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_aliases(mvr_store *base, int64_t entry_id, mvr_alias_fn fn,
                      void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row = 0;

  rc = prepare(s,
               "SELECT family, refkey, reference, kind FROM entry_aliases"
               " WHERE entry_id = ?1 ORDER BY at, reference",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, entry_id);
  while (!(rc = step(s, st, &row, "reading aliases")) && row) {
    rc = fn(ud, sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
            sq_col_text(st, 3));
    if (rc)
      break;
  }
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_merge(mvr_store *base, int64_t into, int64_t from,
                    const char *at, const char *actor, const char *note)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  rc = prepare(s,
               "UPDATE entries SET merged_into = ?1 WHERE id = ?2"
               " AND merged_into IS NULL AND id <> ?1",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, into);
  sqlite3_bind_int64(st, 2, from);
  rc = step(s, st, &row, "merging");
  sqlite3_finalize(st);
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err, "entry %lld is merged already",
             (long long)from);
    return MVR_ERR_CONFLICT;
  }
  rc = prepare(s,
               "INSERT INTO merges(into_id, from_id, at, actor, note)"
               " VALUES (?1, ?2, ?3, ?4, ?5)",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, into);
  sqlite3_bind_int64(st, 2, from);
  sq_bind_text(st, 3, at);
  sq_bind_text(st, 4, actor);
  sq_bind_text(st, 5, note);
  rc = step(s, st, &row, "recording the merge");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_unmerge(mvr_store *base, int64_t into, int64_t from,
                      const char *at, const char *actor)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  rc = prepare(s,
               "UPDATE merges SET undone_at = ?3, undone_by = ?4"
               " WHERE id = (SELECT max(id) FROM merges WHERE into_id = ?1"
               " AND from_id = ?2 AND undone_at IS NULL)",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, into);
  sqlite3_bind_int64(st, 2, from);
  sq_bind_text(st, 3, at);
  sq_bind_text(st, 4, actor);
  rc = step(s, st, &row, "undoing the merge");
  sqlite3_finalize(st);
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err,
             "entry %lld is not merged into entry %lld", (long long)from,
             (long long)into);
    return MVR_ERR_NOTFOUND;
  }
  rc = prepare(s,
               "UPDATE entries SET merged_into = NULL WHERE id = ?2"
               " AND merged_into = ?1",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, into);
  sqlite3_bind_int64(st, 2, from);
  rc = step(s, st, &row, "undoing the merge");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_merged_ids(mvr_store *base, int64_t id,
                         mvr_status (*fn)(void *ud, int64_t id), void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row = 0;

  rc = prepare(s,
               "WITH RECURSIVE m(id) AS (SELECT id FROM entries"
               " WHERE merged_into = ?1 UNION SELECT e.id FROM entries e"
               " JOIN m ON e.merged_into = m.id) SELECT id FROM m ORDER BY id",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  while (!(rc = step(s, st, &row, "reading merges")) && row) {
    rc = fn(ud, sqlite3_column_int64(st, 0));
    if (rc)
      break;
  }
  sqlite3_finalize(st);
  return rc;
}

/* --- conflicts ------------------------------------------------------- */

mvr_status sq_conflict_add(mvr_store *base, const mvr_conflict_rec *c,
                           int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  *id = 0;
  rc = prepare(s,
               "INSERT INTO conflicts(entry_id, field, current_value,"
               " proposed_value, submission_id, row_no, org, opened_at)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, c->entry_id);
  sq_bind_text(st, 2, c->field);
  sq_bind_text(st, 3, c->current_value);
  sq_bind_text(st, 4, c->proposed_value);
  sq_bind_id(st, 5, c->submission_id);
  sqlite3_bind_int64(st, 6, (sqlite3_int64)c->row);
  sq_bind_text(st, 7, c->org);
  sq_bind_text(st, 8, c->opened_at);
  rc = step(s, st, &row, "opening a conflict");
  sqlite3_finalize(st);
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

mvr_status sq_conflicts(mvr_store *base, int all, int64_t id,
                        mvr_conflict_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row = 0;

  rc = prepare(s,
               "SELECT c.id, c.entry_id, c.field, c.current_value,"
               " c.proposed_value, c.submission_id, c.row_no, c.org,"
               " c.opened_at, c.state, c.resolved_at, c.resolved_by,"
               " c.resolution, c.note, e.reference FROM conflicts c"
               " JOIN entries e ON e.id = c.entry_id"
               " WHERE (?1 OR c.state = 'open') AND (?2 = 0 OR c.id = ?2)"
               " ORDER BY c.id",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int(st, 1, all);
  sqlite3_bind_int64(st, 2, id);
  while (!(rc = step(s, st, &row, "reading conflicts")) && row) {
    mvr_conflict_rec c;
    c.id = sqlite3_column_int64(st, 0);
    c.entry_id = sqlite3_column_int64(st, 1);
    c.field = sq_col_text(st, 2);
    c.current_value = sq_col_text(st, 3);
    c.proposed_value = sq_col_text(st, 4);
    c.submission_id = sqlite3_column_int64(st, 5);
    c.row = (unsigned long)sqlite3_column_int64(st, 6);
    c.org = sq_col_text(st, 7);
    c.opened_at = sq_col_text(st, 8);
    c.state = sq_col_text(st, 9);
    c.resolved_at = sq_col_text(st, 10);
    c.resolved_by = sq_col_text(st, 11);
    c.resolution = sq_col_text(st, 12);
    c.note = sq_col_text(st, 13);
    c.reference = sq_col_text(st, 14);
    rc = fn(ud, &c);
    if (rc)
      break;
  }
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_conflict_close(mvr_store *base, int64_t id, const char *at,
                             const char *by, const char *resolution,
                             const char *note)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  rc = prepare(s,
               "UPDATE conflicts SET state = 'resolved', resolved_at = ?2,"
               " resolved_by = ?3, resolution = ?4, note = ?5"
               " WHERE id = ?1 AND state = 'open'",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_text(st, 2, at);
  sq_bind_text(st, 3, by);
  sq_bind_text(st, 4, resolution);
  sq_bind_text(st, 5, note);
  rc = step(s, st, &row, "resolving a conflict");
  sqlite3_finalize(st);
  if (!rc && sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err, "conflict %lld is not open",
             (long long)id);
    rc = MVR_ERR_NOTFOUND;
  }
  return rc;
}

/* --- proposals ------------------------------------------------------- */

mvr_status sq_proposal_add(mvr_store *base, const mvr_proposal_rec *p,
                           int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  *id = 0;
  rc = prepare(s,
               "INSERT INTO proposals(submission_id, row_no, org, org_family,"
               " org_known, family, refkey, reference, ref_detail, type,"
               " title, status, status_detail, categories, summary, url)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
               " ?13, ?14, ?15, ?16)",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, p->submission_id);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)p->row);
  sq_bind_text(st, 3, p->org);
  sq_bind_text(st, 4, p->org_family);
  sqlite3_bind_int(st, 5, p->org_known);
  sq_bind_text(st, 6, p->family);
  sq_bind_text(st, 7, p->refkey);
  sq_bind_text(st, 8, p->reference);
  sq_bind_text(st, 9, p->ref_detail ? p->ref_detail : "");
  sq_bind_text(st, 10, p->type);
  sq_bind_text(st, 11, p->title);
  sq_bind_text(st, 12, p->status);
  sq_bind_text(st, 13, p->status_detail ? p->status_detail : "");
  sq_bind_text(st, 14, p->categories);
  sq_bind_text(st, 15, p->summary ? p->summary : "");
  sq_bind_text(st, 16, p->url ? p->url : "");
  rc = step(s, st, &row, "recording a proposal");
  sqlite3_finalize(st);
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

mvr_status sq_proposals(mvr_store *base, const char *state,
                        int64_t submission, int64_t id, mvr_proposal_fn fn,
                        void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row = 0;

  rc = prepare(s,
               "SELECT p.id, p.submission_id, p.row_no, p.org, p.org_family,"
               " p.org_known, p.family, p.refkey, p.reference, p.ref_detail,"
               " p.type, p.title, p.status, p.status_detail, p.categories,"
               " p.summary, p.url, p.state, p.decided_at, p.decided_by,"
               " p.note, sub.file_name, sub.received FROM proposals p"
               " JOIN submissions sub ON sub.id = p.submission_id"
               " WHERE (?1 IS NULL OR p.state = ?1)"
               " AND (?2 = 0 OR p.submission_id = ?2)"
               " AND (?3 = 0 OR p.id = ?3) ORDER BY p.id",
               &st);
  if (rc)
    return rc;
  sq_bind_text(st, 1, state);
  sqlite3_bind_int64(st, 2, submission);
  sqlite3_bind_int64(st, 3, id);
  while (!(rc = step(s, st, &row, "reading proposals")) && row) {
    mvr_proposal_rec p;
    p.id = sqlite3_column_int64(st, 0);
    p.submission_id = sqlite3_column_int64(st, 1);
    p.row = (unsigned long)sqlite3_column_int64(st, 2);
    p.org = sq_col_text(st, 3);
    p.org_family = sq_col_text(st, 4);
    p.org_known = sqlite3_column_int(st, 5);
    p.family = sq_col_text(st, 6);
    p.refkey = sq_col_text(st, 7);
    p.reference = sq_col_text(st, 8);
    p.ref_detail = sq_col_text(st, 9);
    p.type = sq_col_text(st, 10);
    p.title = sq_col_text(st, 11);
    p.status = sq_col_text(st, 12);
    p.status_detail = sq_col_text(st, 13);
    p.categories = sq_col_text(st, 14);
    p.summary = sq_col_text(st, 15);
    p.url = sq_col_text(st, 16);
    p.state = sq_col_text(st, 17);
    p.decided_at = sq_col_text(st, 18);
    p.decided_by = sq_col_text(st, 19);
    p.note = sq_col_text(st, 20);
    p.file = sq_col_text(st, 21);
    p.received = sq_col_text(st, 22);
    rc = fn(ud, &p);
    if (rc)
      break;
  }
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_proposal_decide(mvr_store *base, int64_t id, const char *state,
                              const char *at, const char *by,
                              const char *note)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int row;

  rc = prepare(s,
               "UPDATE proposals SET state = ?2, decided_at = ?3,"
               " decided_by = ?4, note = ?5"
               " WHERE id = ?1 AND state = 'pending'",
               &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_text(st, 2, state);
  sq_bind_text(st, 3, at);
  sq_bind_text(st, 4, by);
  sq_bind_text(st, 5, note);
  rc = step(s, st, &row, "deciding a proposal");
  sqlite3_finalize(st);
  if (!rc && sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err, "proposal %lld is not pending",
             (long long)id);
    rc = MVR_ERR_NOTFOUND;
  }
  return rc;
}
