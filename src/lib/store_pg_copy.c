/* store_pg_copy.c - dumping and loading whole tables on PostgreSQL
 * (store_copy.h, issue 8: `mvroad migrate`). SQL text is built from the
 * constant names of mvr_copy_tables only; every value is bound. A dump
 * reads through a server-side cursor, 1000 rows at a time. */
#include <stdio.h>
#include <string.h>

#include "store_copy.h"
#include "store_pg.h"

static const mvr_copy_table *known_table(const char *name)
{
  size_t i;

  for (i = 0; i < MVR_COPY_NTABLES; i++)
    if (strcmp(mvr_copy_tables[i].name, name) == 0)
      return &mvr_copy_tables[i];
  return NULL;
}

static mvr_status pg_copy_check(mvr_store *base)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run_built(
      s,
      "SELECT t.table_name, (SELECT string_agg(c.column_name, ', '"
      "   ORDER BY c.ordinal_position) FROM information_schema.columns c"
      "   WHERE c.table_schema = t.table_schema"
      "   AND c.table_name = t.table_name AND c.is_generated = 'NEVER')"
      " FROM information_schema.tables t"
      " WHERE t.table_schema = current_schema()"
      " AND t.table_type = 'BASE TABLE' AND t.table_name <> 'schema_version'"
      " ORDER BY 1",
      NULL, &r, "listing the tables");
  if (rc)
    return rc;
  for (i = 0; i < PQntuples(r) && !rc; i++) {
    const char *name = pg_text(r, i, 0), *cols = pg_text(r, i, 1);
    const mvr_copy_table *t = known_table(name);

    if (!t)
      rc = pg_failf(s, MVR_ERR_SCHEMA,
                    "table %s is not in mvroad's copy list (store_copy.h)",
                    name);
    else if (strcmp(t->columns, cols) != 0)
      rc = pg_failf(s, MVR_ERR_SCHEMA,
                    "table %s has columns (%s), the copy list (%s)", name, cols,
                    t->columns);
  }
  PQclear(r);
  return rc;
}

static mvr_status pg_copy_count(mvr_store *base, const mvr_copy_table *t,
                                long *n)
{
  pg_store *s = (pg_store *)base;
  int64_t v = 0;
  mvr_status rc;

  {
    PGresult *r = NULL;
    rc = pg_run_built(s, t->count, NULL, &r, "counting rows");
    if (!rc)
      v = pg_int(r, 0, 0);
    PQclear(r);
  }
  *n = (long)v;
  return rc;
}

static mvr_status pg_copy_out(mvr_store *base, const mvr_copy_table *t,
                              mvr_copy_row_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  const char *v[MVR_COPY_MAXCOLS];
  mvr_status rc, rc2;

  rc = pg_run_built(s, t->declare, NULL, NULL, "reading a table");
  if (rc)
    return rc;
  for (;;) {
    PGresult *r = NULL;
    int i, j, n;

    rc = pg_run_built(s, "FETCH 1000 FROM mvr_copy", NULL, &r,
                      "reading a table");
    if (rc)
      break;
    n = PQntuples(r);
    for (i = 0; i < n && !rc; i++) {
      for (j = 0; j < t->ncolumns; j++)
        v[j] = PQgetisnull(r, i, j) ? NULL : PQgetvalue(r, i, j);
      rc = fn(ud, v);
    }
    PQclear(r);
    if (rc || n == 0)
      break;
  }
  rc2 = pg_run_built(s, "CLOSE mvr_copy", NULL, NULL, "reading a table");
  return rc ? rc : rc2;
}

static mvr_status pg_load_begin(mvr_store *base)
{
  return pg_run_built((pg_store *)base, "SET CONSTRAINTS ALL DEFERRED", NULL,
                      NULL, "starting the load");
}

static mvr_status pg_copy_in(mvr_store *base, const mvr_copy_table *t,
                             const char *const *v)
{
  pg_params p;
  int i;

  pg_p_init(&p);
  for (i = 0; i < t->ncolumns; i++)
    pg_p_text(&p, i == t->late ? NULL : v[i]);
  return pg_run((pg_store *)base, t->insert, &p, NULL, t->name);
}

static mvr_status pg_copy_late(mvr_store *base, const mvr_copy_table *t,
                               const char *key, const char *value)
{
  pg_params p;

  if (!t->update)
    return MVR_ERR_INTERNAL;
  pg_p_init(&p);
  pg_p_text(&p, key);
  pg_p_text(&p, value);
  return pg_run((pg_store *)base, t->update, &p, NULL, t->name);
}

static mvr_status pg_load_end(mvr_store *base)
{
  pg_cat_forget((pg_store *)base);
  return MVR_OK;
}

const struct mvr_store_copy_ops mvr_pg_copy_ops = {
    .copy_check = pg_copy_check,
    .copy_count = pg_copy_count,
    .copy_out = pg_copy_out,
    .load_begin = pg_load_begin,
    .copy_in = pg_copy_in,
    .copy_late = pg_copy_late,
    .load_end = pg_load_end,
};
