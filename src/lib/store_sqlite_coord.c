/* store_sqlite_coord.c - the SQLite store's coordination records
 * (store_coord.h): one table per record kind, every value bound. The SQL
 * of each kind is spelled out below (no statement is built from data).
 *
 * Representatives are personal data. Their rows are written and deleted
 * with PRAGMA secure_delete on, so SQLite overwrites the freed bytes
 * instead of leaving them in free pages, and scrub() checkpoints and
 * truncates the WAL, which would otherwise still hold the old pages. */
#include <string.h>

#include "store_coord.h"
#include "store_sqlite.h"

typedef struct kind_sql {
  const char *put, *del, *list;
  int nkey, ncols;
} kind_sql;

/* In the order of mvr_coord_kind. */
static const kind_sql ksql[MVR_COORD_NKINDS] = {
    {"INSERT OR REPLACE INTO coord_orgs VALUES (?1, ?2, ?3, ?4, ?5)",
     "DELETE FROM coord_orgs WHERE name = ?1",
     "SELECT * FROM coord_orgs ORDER BY name", 1, 5},
    {"INSERT OR REPLACE INTO coord_reps VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     "DELETE FROM coord_reps WHERE email = ?1",
     "SELECT * FROM coord_reps ORDER BY email", 1, 7},
    {"INSERT OR REPLACE INTO coord_ls VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
     " ?9, ?10, ?11, ?12)",
     "DELETE FROM coord_ls WHERE number = ?1",
     "SELECT * FROM coord_ls ORDER BY number COLLATE mvr_natural", 1, 12},
    {"INSERT OR REPLACE INTO coord_ls_attachments VALUES (?1, ?2, ?3)",
     "DELETE FROM coord_ls_attachments WHERE ls = ?1 AND name = ?2",
     "SELECT * FROM coord_ls_attachments ORDER BY ls, name", 2, 3},
    {"INSERT OR REPLACE INTO coord_ls_submissions VALUES (?1, ?2)",
     "DELETE FROM coord_ls_submissions WHERE ls = ?1 AND submission = ?2",
     "SELECT * FROM coord_ls_submissions ORDER BY ls, submission", 2, 2},
    {"INSERT OR REPLACE INTO coord_docs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     "DELETE FROM coord_docs WHERE number = ?1 AND revision = ?2",
     "SELECT * FROM coord_docs ORDER BY number COLLATE mvr_natural, revision",
     2, 7},
    {"INSERT OR REPLACE INTO coord_meetings VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
     " ?7)",
     "DELETE FROM coord_meetings WHERE name = ?1",
     "SELECT * FROM coord_meetings ORDER BY start, name", 1, 7},
    {"INSERT OR REPLACE INTO coord_terms VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
     "DELETE FROM coord_terms WHERE term = ?1 AND source = ?2",
     "SELECT * FROM coord_terms ORDER BY term, date, source", 2, 6},
};

static mvr_status run_with(sq_store *s, const char *sql,
                           const char *const *vals, int n, int *changes)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int i;

  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "coordination records");
  for (i = 0; i < n; i++)
    sqlite3_bind_text(st, i + 1, vals[i] ? vals[i] : "", -1,
                      SQLITE_TRANSIENT);
  rc = sqlite3_step(st) == SQLITE_DONE ? MVR_OK
                                       : sq_fail(s, "coordination records");
  if (!rc && changes)
    *changes = sqlite3_changes(s->db);
  sqlite3_finalize(st);
  return rc;
}

static mvr_status personal(sq_store *s, int kind)
{
  return kind == MVR_COORD_REP ? sq_exec(s, "PRAGMA secure_delete=ON")
                               : MVR_OK;
}

static mvr_status sq_coord_put(mvr_store *base, int kind,
                               const char *const *vals)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;

  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  rc = personal(s, kind);
  if (!rc)
    rc = run_with(s, ksql[kind].put, vals, ksql[kind].ncols, NULL);
  return rc;
}

static mvr_status sq_coord_del(mvr_store *base, int kind,
                               const char *const *key, int *deleted)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;

  *deleted = 0;
  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  rc = personal(s, kind);
  if (!rc)
    rc = run_with(s, ksql[kind].del, key, ksql[kind].nkey, deleted);
  return rc;
}

static mvr_status sq_coord_list(mvr_store *base, int kind,
                                mvr_coord_store_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  const char *vals[16];
  mvr_status rc = MVR_OK;
  int r, i, n;

  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  n = ksql[kind].ncols;
  if (sqlite3_prepare_v2(s->db, ksql[kind].list, -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "listing coordination records");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    for (i = 0; i < n; i++)
      vals[i] = sq_col_text(st, i);
    rc = fn(ud, vals, (size_t)n);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing coordination records");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_coord_scrub(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  int log = 0, ckpt = 0;

  if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log,
                                &ckpt) != SQLITE_OK)
    return sq_fail(s, "checkpointing the removal");
  return MVR_OK;
}

const struct mvr_store_coord_ops mvr_sqlite_coord_ops = {
    sq_coord_put, sq_coord_del, sq_coord_list, sq_coord_scrub};
