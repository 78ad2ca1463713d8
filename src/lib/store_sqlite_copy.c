/* store_sqlite_copy.c - dumping and loading whole tables (store_copy.h,
 * issue 8: `mvroad migrate`). SQL text is built from the constant names
 * of mvr_copy_tables only; every value is bound. */
#include <stdio.h>
#include <string.h>

#include "store_copy.h"
#include "store_sqlite.h"

static mvr_status copy_prep(sq_store *s, const char *sql, sqlite3_stmt **st,
                            const char *what)
{
  if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
    sqlite3_finalize(*st);
    *st = NULL;
    return sq_fail(s, what);
  }
  return MVR_OK;
}

static const mvr_copy_table *known_table(const char *name)
{
  size_t i;

  for (i = 0; i < MVR_COPY_NTABLES; i++)
    if (strcmp(mvr_copy_tables[i].name, name) == 0)
      return &mvr_copy_tables[i];
  return NULL;
}

static mvr_status sq_copy_check(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  /* every table but FTS5's own and entry_gen (the generation of the
   * entry index in memory, this database's own: a copy starts at 0),
   * with its columns in order */
  rc = copy_prep(s,
                 "SELECT m.name, (SELECT group_concat(name, ', ') FROM"
                 " (SELECT name FROM pragma_table_info(m.name) ORDER BY cid))"
                 " FROM sqlite_master m WHERE m.type = 'table'"
                 " AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                 " AND m.name NOT LIKE 'entries\\_fts%' ESCAPE '\\'"
                 " AND m.name <> 'entry_gen'"
                 " ORDER BY m.name",
                 &st, "listing the tables");
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = sq_col_text(st, 0), *cols = sq_col_text(st, 1);
    const mvr_copy_table *t = known_table(name);

    if (!t) {
      snprintf(s->err, sizeof s->err,
               "table %s is not in mvroad's copy list (store_copy.h)", name);
      rc = MVR_ERR_SCHEMA;
      break;
    }
    if (strcmp(t->columns, cols) != 0) {
      snprintf(s->err, sizeof s->err,
               "table %s has columns (%s), the copy list (%s)", name, cols,
               t->columns);
      rc = MVR_ERR_SCHEMA;
      break;
    }
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing the tables");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_copy_count(mvr_store *base, const mvr_copy_table *t,
                                long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  rc = copy_prep(s, t->count, &st, "counting rows");
  if (rc)
    return rc;
  if (sqlite3_step(st) == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = sq_fail(s, "counting rows");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_copy_out(mvr_store *base, const mvr_copy_table *t,
                              mvr_copy_row_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  const char *v[MVR_COPY_MAXCOLS];
  mvr_status rc;
  int r, i;

  rc = copy_prep(s, t->select, &st, "reading a table");
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    for (i = 0; i < t->ncolumns; i++) {
      v[i] = (const char *)sqlite3_column_text(st, i);
      if (!v[i] && sqlite3_column_type(st, i) != SQLITE_NULL) {
        rc = MVR_ERR_NOMEM;
        break;
      }
    }
    if (!rc)
      rc = fn(ud, v);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading a table");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_load_begin(mvr_store *base)
{
  return sq_exec((sq_store *)base, "PRAGMA defer_foreign_keys = ON");
}

/* Bind text `v` to parameter $i of `st` (SQLite numbers "$N"
 * parameters in order of appearance, so by name). */
static void bind_n(sqlite3_stmt *st, int i, const char *v)
{
  char name[16];

  snprintf(name, sizeof name, "$%d", i);
  sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, name), v, -1,
                    SQLITE_STATIC);
}

static mvr_status sq_copy_in(mvr_store *base, const mvr_copy_table *t,
                             const char *const *v)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int i;

  rc = copy_prep(s, t->insert, &st, t->name);
  if (rc)
    return rc;
  for (i = 0; i < t->ncolumns; i++)
    if (v[i] && i != t->late)
      bind_n(st, i + 1, v[i]);
  rc = sqlite3_step(st) == SQLITE_DONE ? MVR_OK : sq_fail(s, t->name);
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_copy_late(mvr_store *base, const mvr_copy_table *t,
                               const char *key, const char *value)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  if (!t->update)
    return MVR_ERR_INTERNAL;
  rc = copy_prep(s, t->update, &st, t->name);
  if (rc)
    return rc;
  bind_n(st, 1, key);
  bind_n(st, 2, value);
  rc = sqlite3_step(st) == SQLITE_DONE ? MVR_OK : sq_fail(s, t->name);
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_load_end(mvr_store *base)
{
  sq_store *s = (sq_store *)base;

  sq_cat_forget(s);
  return sq_exec(s, "INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')");
}

const struct mvr_store_copy_ops mvr_sqlite_copy_ops = {
    .copy_check = sq_copy_check,
    .copy_count = sq_copy_count,
    .copy_out = sq_copy_out,
    .load_begin = sq_load_begin,
    .copy_in = sq_copy_in,
    .copy_late = sq_copy_late,
    .load_end = sq_load_end,
};
