/* store_sqlite_dup.c - the SQLite store's operations for possible
 * duplicates: streaming the titles of the entries shown in listings, and
 * the not-duplicate marks (table not_duplicates, schema 2). Every value
 * is bound. */
#include <stdio.h>
#include <string.h>

#include "store_sqlite_dup.h"

mvr_status sq_dup_entries(mvr_store *base,
                          mvr_status (*fn)(void *ud, const mvr_entry_rec *e),
                          void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT e.id, o.name, e.family, e.refkey,"
                         " e.reference, e.title FROM entries e"
                         " JOIN orgs o ON o.id = e.org_id"
                         " WHERE e.merged_into IS NULL ORDER BY e.id",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading titles");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_entry_rec e;
    memset(&e, 0, sizeof e);
    e.id = sqlite3_column_int64(st, 0);
    e.sdo = sq_col_text(st, 1);
    e.family = sq_col_text(st, 2);
    e.refkey = sq_col_text(st, 3);
    e.reference = sq_col_text(st, 4);
    e.title = sq_col_text(st, 5);
    rc = fn(ud, &e);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading titles");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_dup_mark(mvr_store *base, int64_t a, int64_t b, const char *at,
                       const char *actor, const char *note)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1),"
                         " EXISTS (SELECT 1 FROM entries WHERE id = ?2)",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "marking not duplicates");
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    rc = sq_fail(s, "marking not duplicates");
    goto out;
  }
  if (!sqlite3_column_int(st, 0) || !sqlite3_column_int(st, 1)) {
    snprintf(s->err, sizeof s->err, "no entry %lld",
             (long long)(sqlite3_column_int(st, 0) ? b : a));
    rc = MVR_ERR_NOTFOUND;
    goto out;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO not_duplicates(a, b, at, actor, note)"
                         " VALUES (?1, ?2, ?3, ?4, ?5)"
                         " ON CONFLICT (a, b) DO UPDATE SET at = excluded.at,"
                         " actor = excluded.actor, note = excluded.note,"
                         " undone_at = NULL, undone_by = NULL"
                         " WHERE not_duplicates.undone_at IS NOT NULL",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = sq_fail(s, "marking not duplicates");
    goto out;
  }
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  sq_bind_text(st, 3, at);
  sq_bind_text(st, 4, actor);
  sq_bind_text(st, 5, note && *note ? note : NULL);
  if (sqlite3_step(st) != SQLITE_DONE)
    rc = sq_fail(s, "marking not duplicates");
out:
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_dup_unmark(mvr_store *base, int64_t a, int64_t b,
                         const char *at, const char *actor)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;

  if (sqlite3_prepare_v2(s->db,
                         "UPDATE not_duplicates SET undone_at = ?3,"
                         " undone_by = ?4"
                         " WHERE a = ?1 AND b = ?2 AND undone_at IS NULL",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "undoing a not-duplicate mark");
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  sq_bind_text(st, 3, at);
  sq_bind_text(st, 4, actor);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = sq_fail(s, "undoing a not-duplicate mark");
  } else if (sqlite3_changes(s->db) == 0) {
    snprintf(s->err, sizeof s->err,
             "entries %lld and %lld have no not-duplicate mark",
             (long long)a, (long long)b);
    rc = MVR_ERR_NOTFOUND;
  }
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_dup_marks(mvr_store *base, mvr_not_dup_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT n.a, n.b, ea.reference, eb.reference, n.at,"
                         " n.actor, n.note FROM not_duplicates n"
                         " JOIN entries ea ON ea.id = n.a"
                         " JOIN entries eb ON eb.id = n.b"
                         " WHERE n.undone_at IS NULL ORDER BY n.a, n.b",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading not-duplicate marks");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_not_dup m;
    m.a = sqlite3_column_int64(st, 0);
    m.b = sqlite3_column_int64(st, 1);
    m.a_reference = sq_col_text(st, 2);
    m.b_reference = sq_col_text(st, 3);
    m.at = sq_col_text(st, 4);
    m.actor = sq_col_text(st, 5);
    m.note = sq_col_text(st, 6);
    rc = fn(ud, &m);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading not-duplicate marks");
  sqlite3_finalize(st);
  return rc;
}
