/* store_sqlite_analysis.c - the SQLite store's analysis records
 * (store_analysis.h): topic overrides, every value bound. */
#include "store_analysis.h"
#include "store_sqlite.h"

static mvr_status sq_topic_set(mvr_store *base, int64_t entry_id,
                               const char *topic, int tagged, const char *at,
                               const char *actor, const char *note)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM entries WHERE id = ?1", -1,
                         &st, NULL) != SQLITE_OK)
    return sq_fail(s, "finding the entry");
  sqlite3_bind_int64(st, 1, entry_id);
  r = sqlite3_step(st);
  if (r == SQLITE_DONE)
    rc = MVR_ERR_NOTFOUND;
  else if (r != SQLITE_ROW)
    rc = sq_fail(s, "finding the entry");
  sqlite3_finalize(st);
  if (rc)
    return rc;
  if (tagged < 0) {
    if (sqlite3_prepare_v2(s->db,
                           "DELETE FROM topic_overrides WHERE entry_id = ?1 "
                           "AND topic = ?2",
                           -1, &st, NULL) != SQLITE_OK)
      return sq_fail(s, "removing a topic override");
    sqlite3_bind_int64(st, 1, entry_id);
    sqlite3_bind_text(st, 2, topic, -1, SQLITE_TRANSIENT);
  } else {
    if (sqlite3_prepare_v2(s->db,
                           "INSERT OR REPLACE INTO topic_overrides (entry_id, "
                           "topic, tagged, at, actor, note) VALUES (?1, ?2, "
                           "?3, ?4, ?5, ?6)",
                           -1, &st, NULL) != SQLITE_OK)
      return sq_fail(s, "recording a topic override");
    sqlite3_bind_int64(st, 1, entry_id);
    sqlite3_bind_text(st, 2, topic, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, tagged ? 1 : 0);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, actor ? actor : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_TRANSIENT);
  }
  rc = sqlite3_step(st) == SQLITE_DONE
           ? MVR_OK
           : sq_fail(s, "recording a topic override");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_topic_overrides(mvr_store *base,
                                     mvr_topic_override_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT entry_id, topic, tagged, at, actor, note "
                         "FROM topic_overrides ORDER BY entry_id, topic",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "listing topic overrides");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    rc = fn(ud, sqlite3_column_int64(st, 0), sq_col_text(st, 1),
            sqlite3_column_int(st, 2), sq_col_text(st, 3), sq_col_text(st, 4),
            sq_col_text(st, 5));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing topic overrides");
  sqlite3_finalize(st);
  return rc;
}

const struct mvr_store_analysis_ops mvr_sqlite_analysis_ops = {
    sq_topic_set, sq_topic_overrides};
