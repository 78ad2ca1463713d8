/* store_pg_coord.c - the PostgreSQL store's coordination records
 * (store_coord.h, issue 6 on issue 8's backend): one table per record
 * kind, every value bound, the same orders as store_sqlite_coord.c
 * (text COLLATE "C", numbers by mvr_natkey). A put replaces the row with
 * the same key (INSERT ... ON CONFLICT DO UPDATE).
 *
 * Representatives are personal data: scrub() runs VACUUM on coord_reps
 * after the deleting transaction committed, so that the deleted row
 * versions are removed from the table's pages (WAL segments and backups
 * the operator keeps are outside mvroad's reach: docs/postgresql.md). */
#include <stdlib.h>
#include <string.h>

#include "store_coord.h"
#include "store_pg.h"

typedef struct kind_sql {
  const char *put, *del, *list;
  int nkey, ncols;
} kind_sql;

/* In the order of mvr_coord_kind. */
static const kind_sql ksql[MVR_COORD_NKINDS] = {
    {"INSERT INTO coord_orgs VALUES ($1, $2, $3, $4, $5)"
     " ON CONFLICT (name) DO UPDATE SET parent = excluded.parent,"
     " kind = excluded.kind, aliases = excluded.aliases,"
     " notes = excluded.notes",
     "DELETE FROM coord_orgs WHERE name = $1",
     "SELECT * FROM coord_orgs ORDER BY name COLLATE \"C\"", 1, 5},
    {"INSERT INTO coord_reps VALUES ($1, $2, $3, $4, $5, $6, $7)"
     " ON CONFLICT (email) DO UPDATE SET name = excluded.name,"
     " org = excluded.org, role = excluded.role,"
     " nominated_on = excluded.nominated_on,"
     " valid_until = excluded.valid_until, doc = excluded.doc",
     "DELETE FROM coord_reps WHERE email = $1",
     "SELECT * FROM coord_reps ORDER BY email COLLATE \"C\"", 1, 7},
    {"INSERT INTO coord_ls VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12) ON CONFLICT (number) DO UPDATE SET"
     " direction = excluded.direction, title = excluded.title,"
     " from_org = excluded.from_org, to_orgs = excluded.to_orgs,"
     " cc_orgs = excluded.cc_orgs, date = excluded.date,"
     " purpose = excluded.purpose, deadline = excluded.deadline,"
     " replies_to = excluded.replies_to, state = excluded.state,"
     " notes = excluded.notes",
     "DELETE FROM coord_ls WHERE number = $1",
     "SELECT * FROM coord_ls ORDER BY mvr_natkey(number) COLLATE \"C\","
     " number COLLATE \"C\"",
     1, 12},
    {"INSERT INTO coord_ls_attachments VALUES ($1, $2, $3)"
     " ON CONFLICT (ls, name) DO UPDATE SET sha256 = excluded.sha256",
     "DELETE FROM coord_ls_attachments WHERE ls = $1 AND name = $2",
     "SELECT * FROM coord_ls_attachments ORDER BY ls COLLATE \"C\","
     " name COLLATE \"C\"",
     2, 3},
    {"INSERT INTO coord_ls_submissions VALUES ($1, $2)"
     " ON CONFLICT (ls, submission) DO NOTHING",
     "DELETE FROM coord_ls_submissions WHERE ls = $1 AND submission = $2",
     "SELECT * FROM coord_ls_submissions ORDER BY ls COLLATE \"C\","
     " submission COLLATE \"C\"",
     2, 2},
    {"INSERT INTO coord_docs VALUES ($1, $2, $3, $4, $5, $6, $7)"
     " ON CONFLICT (number, revision) DO UPDATE SET title = excluded.title,"
     " source = excluded.source, meeting = excluded.meeting,"
     " type = excluded.type, date = excluded.date",
     "DELETE FROM coord_docs WHERE number = $1 AND revision = $2",
     "SELECT * FROM coord_docs ORDER BY mvr_natkey(number) COLLATE \"C\","
     " number COLLATE \"C\", revision COLLATE \"C\"",
     2, 7},
    {"INSERT INTO coord_meetings VALUES ($1, $2, $3, $4, $5, $6, $7)"
     " ON CONFLICT (name) DO UPDATE SET start = excluded.start,"
     " end_date = excluded.end_date, place = excluded.place,"
     " chairs = excluded.chairs, mode = excluded.mode,"
     " notes = excluded.notes",
     "DELETE FROM coord_meetings WHERE name = $1",
     "SELECT * FROM coord_meetings ORDER BY start COLLATE \"C\","
     " name COLLATE \"C\"",
     1, 7},
    {"INSERT INTO coord_terms VALUES ($1, $2, $3, $4, $5, $6)"
     " ON CONFLICT (term, source) DO UPDATE SET org = excluded.org,"
     " date = excluded.date, definition = excluded.definition,"
     " notes = excluded.notes",
     "DELETE FROM coord_terms WHERE term = $1 AND source = $2",
     "SELECT * FROM coord_terms ORDER BY term COLLATE \"C\","
     " date COLLATE \"C\", source COLLATE \"C\"",
     2, 6},
};

static mvr_status run_with(pg_store *s, const char *sql,
                           const char *const *vals, int n, int *changes)
{
  pg_params p;
  mvr_status rc;
  long changed = 0;
  int i;

  pg_p_init(&p);
  for (i = 0; i < n; i++)
    pg_p_text(&p, vals[i] ? vals[i] : "");
  rc = pg_run_count(s, sql, &p, &changed, "coordination records");
  if (!rc && changes)
    *changes = (int)changed;
  return rc;
}

static mvr_status pg_coord_put(mvr_store *base, int kind,
                               const char *const *vals)
{
  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  return run_with((pg_store *)base, ksql[kind].put, vals, ksql[kind].ncols,
                  NULL);
}

static mvr_status pg_coord_del(mvr_store *base, int kind,
                               const char *const *key, int *deleted)
{
  *deleted = 0;
  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  return run_with((pg_store *)base, ksql[kind].del, key, ksql[kind].nkey,
                  deleted);
}

static mvr_status pg_coord_list(mvr_store *base, int kind,
                                mvr_coord_store_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  const char *vals[16];
  mvr_status rc;
  int i, k, n;

  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  n = ksql[kind].ncols;
  rc = pg_run(s, ksql[kind].list, NULL, &r, "listing coordination records");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    for (k = 0; k < n; k++)
      vals[k] = pg_text(r, i, k);
    rc = fn(ud, vals, (size_t)n);
  }
  PQclear(r);
  return rc;
}

static mvr_status pg_coord_scrub(mvr_store *base)
{
  return pg_run_built((pg_store *)base, "VACUUM coord_reps", NULL, NULL,
                "removing the deleted rows");
}

const struct mvr_store_coord_ops mvr_pg_coord_ops = {
    pg_coord_put, pg_coord_del, pg_coord_list, pg_coord_scrub};
