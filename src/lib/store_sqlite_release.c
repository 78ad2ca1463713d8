/* store_sqlite_release.c - the SQLite store's releases: freezing the
 * roadmap into release_entries with one INSERT ... SELECT, listing the
 * releases, and one entry's frozen rows across them. The schema's
 * triggers make both tables immutable. Every value is bound. */
#include <stdio.h>
#include <string.h>

#include "store_sqlite_release.h"

/* Releases frozen before schema 10 did not keep their count of
 * submissions: those imported by the time of the freeze stand in. */
#define RELEASE_REC_COLUMNS                                                    \
  "r.id, r.name, r.date, r.note, r.created_at, r.actor, r.entries,"          \
  " coalesce(r.submissions, (SELECT count(*) FROM submissions s"              \
  " WHERE s.imported_at <= r.created_at))"

/* A releases row selected with RELEASE_REC_COLUMNS from column `at`. */
static void read_release(sqlite3_stmt *st, int at, mvr_release_rec *r)
{
  r->id = sqlite3_column_int64(st, at);
  r->name = sq_col_text(st, at + 1);
  r->date = sq_col_text(st, at + 2);
  r->note = sq_col_text(st, at + 3);
  r->created_at = sq_col_text(st, at + 4);
  r->actor = sq_col_text(st, at + 5);
  r->entries = (long)sqlite3_column_int64(st, at + 6);
  r->submissions = (long)sqlite3_column_int64(st, at + 7);
}

mvr_status sq_release_id(sq_store *s, const char *name, int64_t *id)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  *id = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT id FROM releases WHERE name = ?1", -1,
                         &st, NULL) != SQLITE_OK)
    return sq_fail(s, "finding a release");
  sq_bind_text(st, 1, name);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
  } else if (r == SQLITE_DONE) {
    snprintf(s->err, sizeof s->err, "no release named \"%s\"", name);
    rc = MVR_ERR_NOTFOUND;
  } else {
    rc = sq_fail(s, "finding a release");
  }
  sqlite3_finalize(st);
  return rc;
}

/* Run constant `sql` with `name` bound to ?1; *n gets the first column of
 * its row (0 if none). */
static mvr_status single_int(sq_store *s, const char *sql, const char *name,
                             int64_t *n, const char *what)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  *n = 0;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, what);
  if (name)
    sq_bind_text(st, 1, name);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *n = sqlite3_column_int64(st, 0);
  else if (r != SQLITE_DONE)
    rc = sq_fail(s, what);
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_release_create(mvr_store *base, const mvr_release_rec *r,
                             int64_t *id, long *entries)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  int64_t taken = 0, n = 0, nsub = 0, rid = 0;
  mvr_status rc;

  *id = 0;
  *entries = 0;
  rc = single_int(s, "SELECT count(*) FROM releases WHERE name = ?1", r->name,
                  &taken, "finding a release");
  if (rc)
    goto out;
  if (taken) {
    snprintf(s->err, sizeof s->err, "a release named \"%s\" exists already",
             r->name);
    rc = MVR_ERR_EXISTS;
    goto out;
  }
  /* the count is stored with the release, which no UPDATE may touch
   * later: count first, under the same write lock as the copy */
  rc = single_int(s, "SELECT count(*) FROM entries WHERE merged_into IS NULL",
                  NULL, &n, "counting entries");
  if (!rc)
    rc = single_int(s, "SELECT count(*) FROM submissions", NULL, &nsub,
                    "counting submissions");
  if (!rc)
    rc = single_int(s,
                    "SELECT max(coalesce((SELECT max(id) FROM releases), 0),"
                    " coalesce((SELECT max(release_id) FROM release_entries),"
                    " 0)) + 1",
                    NULL, &rid, "numbering the release");
  /* the rows go in before the releases row, which seals them (a trigger
   * refuses rows for an existing release): the foreign key from the rows
   * to the release is checked at the commit */
  if (!rc)
    rc = sq_exec(s, "PRAGMA defer_foreign_keys = ON");
  if (rc)
    goto out;
  if (sqlite3_prepare_v2(
          s->db,
          "INSERT INTO release_entries(release_id, entry_id, org, family,"
          " refkey, reference, ref_detail, type, title, status,"
          " status_detail, categories, catmask, summary, url, first_seen,"
          " last_updated, version)"
          " SELECT ?1, e.id, o.name, e.family, e.refkey, e.reference,"
          " e.ref_detail, e.type, e.title, e.status, e.status_detail,"
          " e.categories, e.catmask, e.summary, e.url, e.first_seen,"
          " e.last_updated, e.version"
          " FROM entries e JOIN orgs o ON o.id = e.org_id"
          " WHERE e.merged_into IS NULL",
          -1, &st, NULL) != SQLITE_OK) {
    rc = sq_fail(s, "freezing the entries");
    goto out;
  }
  sqlite3_bind_int64(st, 1, rid);
  rc = sq_run(s, st, "freezing the entries");
  if (rc)
    goto out;
  if ((int64_t)sqlite3_changes64(s->db) != n) {
    snprintf(s->err, sizeof s->err,
             "freezing the entries: %lld counted, %lld copied", (long long)n,
             (long long)sqlite3_changes64(s->db));
    rc = MVR_ERR_INTERNAL;
    goto out;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO releases(id, name, date, note,"
                         " created_at, actor, entries, submissions)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = sq_fail(s, "creating a release");
    goto out;
  }
  sqlite3_bind_int64(st, 1, rid);
  sq_bind_text(st, 2, r->name);
  sq_bind_text(st, 3, r->date);
  sq_bind_text(st, 4, r->note);
  sq_bind_text(st, 5, r->created_at);
  sq_bind_text(st, 6, r->actor);
  sqlite3_bind_int64(st, 7, n);
  sqlite3_bind_int64(st, 8, nsub);
  rc = sq_run(s, st, "creating a release");
  if (rc)
    goto out;
  *id = rid;
  *entries = (long)n;
out:
  sqlite3_finalize(st);
  return rc;
}

/* Call `fn` for each row of `st` (RELEASE_REC_COLUMNS from column 0). */
static mvr_status each_release(sq_store *s, sqlite3_stmt *st, mvr_release_fn fn,
                               void *ud, int *n)
{
  mvr_status rc = MVR_OK;
  int r;

  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_release_rec rel;
    read_release(st, 0, &rel);
    (*n)++;
    rc = fn(ud, &rel);
    if (rc)
      return rc;
  }
  if (r != SQLITE_DONE)
    rc = sq_fail(s, "reading releases");
  return rc;
}

mvr_status sq_release_find(mvr_store *base, const char *name, mvr_release_fn fn,
                           void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int n = 0;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT " RELEASE_REC_COLUMNS
                         " FROM releases r WHERE r.name = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "finding a release");
  sq_bind_text(st, 1, name);
  rc = each_release(s, st, fn, ud, &n);
  if (!rc && !n) {
    snprintf(s->err, sizeof s->err, "no release named \"%s\"", name);
    rc = MVR_ERR_NOTFOUND;
  }
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_releases(mvr_store *base, mvr_release_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int n = 0;

  if (sqlite3_prepare_v2(
          s->db, "SELECT " RELEASE_REC_COLUMNS " FROM releases r ORDER BY r.id",
          -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "listing releases");
  rc = each_release(s, st, fn, ud, &n);
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_release_entry(mvr_store *base, int64_t entry_id,
                            mvr_release_entry_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  /* the entry's columns first, where sq_read_entry() expects them; a
   * release without the entry gives NULLs there */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT " RELEASE_COLUMNS ", " RELEASE_REC_COLUMNS
                         " FROM releases r LEFT JOIN release_entries e"
                         " ON e.release_id = r.id AND e.entry_id = ?1"
                         " ORDER BY r.id",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading an entry's releases");
  sqlite3_bind_int64(st, 1, entry_id);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_release_rec rel;
    mvr_entry_rec e;
    int present = sqlite3_column_type(st, 0) != SQLITE_NULL;
    memset(&e, 0, sizeof e);
    if (present)
      sq_read_entry(st, &e);
    read_release(st, 19, &rel);
    rc = fn(ud, &rel, present ? &e : NULL);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading an entry's releases");
  sqlite3_finalize(st);
  return rc;
}
