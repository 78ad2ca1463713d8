/* store_pg_analysis.c - the PostgreSQL store's topic overrides
 * (store_analysis.h, issue 7 on issue 8's backend): the statements of
 * store_sqlite_analysis.c, every value bound; a set replaces the
 * override of the same (entry, topic). */
#include "store_analysis.h"
#include "store_pg.h"

static mvr_status pg_topic_set(mvr_store *base, int64_t entry_id,
                               const char *topic, int tagged, const char *at,
                               const char *actor, const char *note)
{
  pg_store *s = (pg_store *)base;
  int64_t found = 0;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_int(&p, entry_id);
  rc = pg_run_int(s, "SELECT 1 FROM entries WHERE id = $1", &p, &found,
                  "finding the entry");
  if (rc)
    return rc;
  if (!found)
    return MVR_ERR_NOTFOUND;
  pg_p_text(&p, topic);
  if (tagged < 0)
    return pg_run(s,
                  "DELETE FROM topic_overrides WHERE entry_id = $1"
                  " AND topic = $2",
                  &p, NULL, "removing a topic override");
  pg_p_int(&p, tagged ? 1 : 0);
  pg_p_text(&p, at);
  pg_p_text(&p, actor ? actor : "");
  pg_p_text(&p, note ? note : "");
  return pg_run(s,
                "INSERT INTO topic_overrides(entry_id, topic, tagged, at,"
                " actor, note) VALUES ($1, $2, $3, $4, $5, $6)"
                " ON CONFLICT (entry_id, topic) DO UPDATE SET"
                " tagged = excluded.tagged, at = excluded.at,"
                " actor = excluded.actor, note = excluded.note",
                &p, NULL, "recording a topic override");
}

static mvr_status pg_topic_overrides(mvr_store *base,
                                     mvr_topic_override_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run(s,
              "SELECT entry_id, topic, tagged, at, actor, note"
              " FROM topic_overrides ORDER BY entry_id, topic COLLATE \"C\"",
              NULL, &r, "reading topic overrides");
  for (i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ud, pg_int(r, i, 0), pg_text(r, i, 1), (int)pg_int(r, i, 2),
            pg_text(r, i, 3), pg_text(r, i, 4), pg_text(r, i, 5));
  PQclear(r);
  return rc;
}

const struct mvr_store_analysis_ops mvr_pg_analysis_ops = {
    pg_topic_set, pg_topic_overrides};
