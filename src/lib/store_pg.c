/* store_pg.c - the PostgreSQL backend of the store interface (store.h,
 * issue 8), on libpq: connection, forward migrations (schema_pg.h, table
 * schema_version), transactions and the operations table.
 *
 * Writers: begin(write=1) opens a READ COMMITTED transaction and takes a
 * transaction-scoped advisory lock, so that writers run one at a time as
 * with SQLite's BEGIN IMMEDIATE (readers are never blocked). That makes
 * the max(id) + 1 numbering safe and keeps writers from deadlocking or
 * failing serialisation among themselves; a statement run outside a
 * transaction is retried when the server answers 40001 or 40P01, and
 * inside one such a failure marks the store (mvr_store.replay) so that
 * the library runs the whole transaction again (mvr_db_replay()).
 * Readers: begin(write=0) opens a REPEATABLE READ READ ONLY transaction,
 * one snapshot like SQLite's read transaction. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schema_pg.h"
#include "store_analysis.h"
#include "store_auth.h"
#include "store_coord.h"
#include "store_pg.h"
#include "util.h"

#define SCHEMA_VERSION ((int)MVR_ARRAY_SIZE(mvr_pg_migrations))

/* The advisory lock key of mvroad's writers ("mvroad" in ASCII). */
#define WRITER_LOCK "SELECT pg_advisory_xact_lock(118118111097100)"
/* Attempts of a statement outside a transaction that fails with
 * 40001/40P01. */
#define RETRIES 5

/* --- parameters ------------------------------------------------------- */

void pg_p_init(pg_params *p)
{
  p->n = 0;
}

int pg_p_text(pg_params *p, const char *v)
{
  if (p->n >= PG_MAX_PARAMS) {
    p->n = PG_MAX_PARAMS + 1; /* pg_run refuses an overfull list */
    return p->n;
  }
  p->v[p->n++] = v;
  return p->n;
}

int pg_p_int(pg_params *p, int64_t v)
{
  if (p->n >= PG_MAX_PARAMS) {
    p->n = PG_MAX_PARAMS + 1;
    return p->n;
  }
  snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)v);
  p->v[p->n] = p->num[p->n];
  return ++p->n;
}

int pg_p_id(pg_params *p, int64_t v)
{
  return v ? pg_p_int(p, v) : pg_p_text(p, NULL);
}

/* --- helpers ------------------------------------------------------------ */

mvr_status pg_failf(pg_store *s, mvr_status rc, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(s->err, sizeof s->err, fmt, ap);
  va_end(ap);
  return rc;
}

/* The status for a failed result, with the message set. */
static mvr_status fail_result(pg_store *s, const PGresult *r,
                              const char *what)
{
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  size_t n;

  if (!r)
    return pg_failf(s, MVR_ERR_NOMEM, "%s: out of memory", what);
  if (!msg || !*msg)
    msg = PQerrorMessage(s->conn);
  snprintf(s->err, sizeof s->err, "%s: %s", what, msg);
  n = strlen(s->err);
  while (n && (s->err[n - 1] == '\n' || s->err[n - 1] == ' '))
    s->err[--n] = '\0';
  if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)) {
    s->base.replay = 1; /* the caller may run its transaction again */
    return MVR_ERR_BUSY;
  }
  if (state && strcmp(state, "55P03") == 0)
    return MVR_ERR_BUSY;
  if (state && strcmp(state, "53200") == 0)
    return MVR_ERR_NOMEM;
  return MVR_ERR_STORE;
}

static int retryable(const PGresult *r)
{
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

/* The name of `sql` prepared on this connection, preparing it the first
 * time; -1 when the cache is full (run unprepared), -2 on failure (the
 * result in *err). */
static int prepared(pg_store *s, const char *sql, int nparams,
                    PGresult **err)
{
  char name[16];
  PGresult *r;
  int i;

  for (i = 0; i < s->nprepared; i++)
    if (s->prepared[i] == sql)
      return i;
  if (s->nprepared >= PG_PREPARED)
    return -1;
  snprintf(name, sizeof name, "mvr_%d", s->nprepared);
  r = PQprepare(s->conn, name, sql, nparams, NULL);
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
    *err = r;
    return -2;
  }
  PQclear(r);
  s->prepared[s->nprepared] = sql;
  return s->nprepared++;
}

static mvr_status run(pg_store *s, const char *sql, const pg_params *p,
                      PGresult **out, const char *what, int prepare)
{
  PGresult *r = NULL;
  int attempt;

  if (out)
    *out = NULL;
  if (p && p->n > PG_MAX_PARAMS)
    return pg_failf(s, MVR_ERR_ARG, "%s: too many values", what);
  for (attempt = 0; attempt < RETRIES; attempt++) {
    ExecStatusType st;
    int k = prepare ? prepared(s, sql, p ? p->n : 0, &r) : -1;
    if (k >= 0) {
      char name[16];
      snprintf(name, sizeof name, "mvr_%d", k);
      r = PQexecPrepared(s->conn, name, p ? p->n : 0, p ? p->v : NULL, NULL,
                         NULL, 0);
    } else if (k == -1) {
      r = PQexecParams(s->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
                       NULL, NULL, 0);
    }
    st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      if (out)
        *out = r;
      else
        PQclear(r);
      return MVR_OK;
    }
    /* inside a transaction the server has aborted it: only the caller
     * can start over */
    if (s->in_txn || !retryable(r))
      break;
    PQclear(r);
    r = NULL;
    {
      struct timespec ts = {0, (long)(attempt + 1) * 20000000L};
      nanosleep(&ts, NULL);
    }
  }
  {
    mvr_status rc = fail_result(s, r, what);
    PQclear(r);
    return rc;
  }
}

mvr_status pg_run(pg_store *s, const char *sql, const pg_params *p,
                  PGresult **out, const char *what)
{
  return run(s, sql, p, out, what, 1);
}

mvr_status pg_run_built(pg_store *s, const char *sql, const pg_params *p,
                        PGresult **out, const char *what)
{
  return run(s, sql, p, out, what, 0);
}

mvr_status pg_run_int(pg_store *s, const char *sql, const pg_params *p,
                      int64_t *v, const char *what)
{
  PGresult *r = NULL;
  mvr_status rc = pg_run(s, sql, p, &r, what);

  *v = 0;
  if (rc)
    return rc;
  if (PQntuples(r) > 0 && PQnfields(r) > 0)
    *v = pg_int(r, 0, 0);
  PQclear(r);
  return MVR_OK;
}

mvr_status pg_run_count(pg_store *s, const char *sql, const pg_params *p,
                        long *changed, const char *what)
{
  PGresult *r = NULL;
  mvr_status rc = pg_run(s, sql, p, &r, what);

  if (!rc && changed)
    *changed = strtol(PQcmdTuples(r), NULL, 10);
  PQclear(r);
  return rc;
}

void pg_hold(pg_store *s, int which, PGresult *r)
{
  PQclear(s->held[which]);
  s->held[which] = r;
}

const char *pg_text(const PGresult *r, int row, int col)
{
  return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

int64_t pg_int(const PGresult *r, int row, int col)
{
  if (PQgetisnull(r, row, col))
    return 0;
  return (int64_t)strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void pg_read_entry(const PGresult *r, int row, int col, mvr_entry_rec *e)
{
  e->id = pg_int(r, row, col + 0);
  e->sdo = pg_text(r, row, col + 1);
  e->family = pg_text(r, row, col + 2);
  e->refkey = pg_text(r, row, col + 3);
  e->reference = pg_text(r, row, col + 4);
  e->ref_detail = pg_text(r, row, col + 5);
  e->type = pg_text(r, row, col + 6);
  e->title = pg_text(r, row, col + 7);
  e->status = pg_text(r, row, col + 8);
  e->status_detail = pg_text(r, row, col + 9);
  e->categories = pg_text(r, row, col + 10);
  e->summary = pg_text(r, row, col + 11);
  e->url = pg_text(r, row, col + 12);
  e->first_seen = pg_text(r, row, col + 13);
  e->last_updated = pg_text(r, row, col + 14);
  e->created_submission = pg_int(r, row, col + 15);
  e->last_submission = pg_int(r, row, col + 16);
  e->version = pg_int(r, row, col + 17);
  e->org_id = pg_int(r, row, col + 18);
}

/* --- lifecycle ------------------------------------------------------ */

static void pg_close(mvr_store *base)
{
  pg_store *s = (pg_store *)base;
  int i;

  if (!s)
    return;
  for (i = 0; i < PGR_COUNT; i++)
    PQclear(s->held[i]);
  pg_cat_forget(s);
  if (s->conn)
    PQfinish(s->conn); /* an open transaction is rolled back */
  mvr_free(s);
}

static const char *pg_errmsg(mvr_store *base)
{
  return ((pg_store *)base)->err;
}

/* The version in schema_version, 0 when the table is absent, -1 on
 * failure. */
static int read_version(pg_store *s)
{
  int64_t v = 0, exists = 0;

  if (pg_run_int(s, "SELECT (to_regclass('schema_version') IS NOT NULL)::int",
                 NULL, &exists, "reading the schema version"))
    return -1;
  if (!exists)
    return 0;
  if (pg_run_int(s, "SELECT max(version) FROM schema_version", NULL, &v,
                 "reading the schema version"))
    return -1;
  return (int)v;
}

static int pg_schema_version(mvr_store *base)
{
  return read_version((pg_store *)base);
}

/* Run constant, multi-statement SQL (migrations: no values). */
static mvr_status exec_script(pg_store *s, const char *sql, const char *what)
{
  PGresult *r = PQexec(s->conn, sql);
  mvr_status rc = MVR_OK;

  if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK &&
             PQresultStatus(r) != PGRES_TUPLES_OK))
    rc = fail_result(s, r, what);
  PQclear(r);
  return rc;
}

static void rollback_quietly(pg_store *s)
{
  PQclear(PQexec(s->conn, "ROLLBACK"));
  s->in_txn = 0;
}

/* Bring the schema forward, one migration per transaction, under the
 * writer lock (another process may migrate at the same time). */
static mvr_status migrate(pg_store *s, int readonly)
{
  int v = read_version(s);
  mvr_status rc = MVR_OK;

  if (v < 0)
    return MVR_ERR_STORE;
  if (v > SCHEMA_VERSION)
    return pg_failf(s, MVR_ERR_SCHEMA,
                    "the database has schema version %d; this mvroad knows "
                    "%d: upgrade mvroad",
                    v, SCHEMA_VERSION);
  /* an empty database to a reader: as SQLite's missing file */
  if (v == 0 && readonly)
    return pg_failf(s, MVR_ERR_NOTFOUND,
                    "no mvroad register in this database yet; run 'mvroad "
                    "init' or 'mvroad import FILE' first");
  if (v < SCHEMA_VERSION && readonly)
    return pg_failf(s, MVR_ERR_SCHEMA,
                    "the database has schema version %d and needs migrating "
                    "to %d, which a read-only open cannot do",
                    v, SCHEMA_VERSION);
  while (v < SCHEMA_VERSION) {
    pg_params p;
    rc = exec_script(s, "BEGIN", "migrating");
    if (rc)
      return rc;
    s->in_txn = 1;
    rc = exec_script(s, WRITER_LOCK, "migrating");
    if (!rc)
      rc = exec_script(s,
                       "CREATE TABLE IF NOT EXISTS schema_version ("
                       " version INTEGER NOT NULL)",
                       "migrating");
    if (!rc) {
      v = read_version(s);
      if (v < 0)
        rc = MVR_ERR_STORE;
    }
    if (!rc && v >= SCHEMA_VERSION) {
      rc = exec_script(s, "COMMIT", "migrating");
      s->in_txn = 0;
      break;
    }
    if (!rc) {
      char what[64];
      size_t k;
      snprintf(what, sizeof what, "migrating the schema to version %d",
               v + 1);
      for (k = 0; !rc && k < MVR_ARRAY_SIZE(mvr_pg_migrations[v].sql) &&
                  mvr_pg_migrations[v].sql[k];
           k++)
        rc = exec_script(s, mvr_pg_migrations[v].sql[k], what);
    }
    if (!rc) {
      pg_p_init(&p);
      pg_p_int(&p, v + 1);
      rc = pg_run(s,
                  "WITH d AS (DELETE FROM schema_version)"
                  " INSERT INTO schema_version(version) VALUES ($1::int)",
                  &p, NULL, "migrating");
    }
    if (!rc)
      rc = exec_script(s, "COMMIT", "migrating");
    if (rc) {
      rollback_quietly(s);
      return rc;
    }
    s->in_txn = 0;
    v++;
  }
  return rc;
}

/* --- transactions ---------------------------------------------------- */

static mvr_status pg_begin(mvr_store *base, int write)
{
  pg_store *s = (pg_store *)base;
  mvr_status rc;

  if (s->in_txn)
    return pg_failf(s, MVR_ERR_INTERNAL,
                    "starting a transaction: one is open already");
  s->base.replay = 0;
  /* transaction control is never prepared: a statement cannot be
   * prepared in an aborted transaction, which ROLLBACK must end */
  rc = pg_run_built(s,
              write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                    : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
              NULL, NULL, "starting a transaction");
  if (rc)
    return rc;
  s->in_txn = 1;
  if (write) {
    rc = pg_run(s, WRITER_LOCK, NULL, NULL, "waiting for other writers");
    if (rc)
      rollback_quietly(s);
  }
  return rc;
}

static mvr_status pg_commit(mvr_store *base)
{
  pg_store *s = (pg_store *)base;
  mvr_status rc;

  pg_hold(s, PGR_FIND, NULL);
  pg_hold(s, PGR_GET, NULL);
  rc = pg_run_built(s, "COMMIT", NULL, NULL, "committing");
  if (rc) {
    rollback_quietly(s);
    pg_cat_forget(s);
    return rc;
  }
  /* COMMIT of an aborted transaction answers ROLLBACK without error */
  s->in_txn = 0;
  return MVR_OK;
}

static mvr_status pg_rollback(mvr_store *base)
{
  pg_store *s = (pg_store *)base;

  pg_hold(s, PGR_FIND, NULL);
  pg_hold(s, PGR_GET, NULL);
  pg_cat_forget(s); /* bits added in the transaction are gone */
  if (!s->in_txn)
    return MVR_OK;
  s->in_txn = 0;
  return pg_run_built(s, "ROLLBACK", NULL, NULL, "rolling back");
}

/* The WAL insert position (a replica's: the last one replayed). Every
 * commit inserts WAL, so a commit after the last call moves it; not the
 * write position (pg_current_wal_lsn), which lags behind commits under
 * synchronous_commit = off. */
static mvr_status pg_change_stamp(mvr_store *base, char *buf, size_t size)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc = pg_run(s,
                         "SELECT (CASE WHEN pg_is_in_recovery()"
                         " THEN pg_last_wal_replay_lsn()"
                         " ELSE pg_current_wal_insert_lsn() END)::text",
                         NULL, &r, "reading the WAL position");

  if (rc)
    return rc;
  snprintf(buf, size, "%s", PQntuples(r) > 0 ? pg_text(r, 0, 0) : "");
  PQclear(r);
  return MVR_OK;
}

extern const struct mvr_store_auth_ops mvr_pg_auth_ops;
extern const struct mvr_store_analysis_ops mvr_pg_analysis_ops;
extern const struct mvr_store_copy_ops mvr_pg_copy_ops;
extern const struct mvr_store_coord_ops mvr_pg_coord_ops;

static const mvr_store_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .errmsg = pg_errmsg,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .org_ensure = pg_org_ensure,
    .org_alias_add = pg_org_alias_add,
    .submission_find_sha = pg_submission_find_sha,
    .submission_add = pg_submission_add,
    .submission_finish = pg_submission_finish,
    .entry_find = pg_entry_find,
    .entry_insert = pg_entry_insert,
    .entry_update = pg_entry_update,
    .entry_touch = pg_entry_touch,
    .source_add = pg_source_add,
    .change_add = pg_change_add,
    .query = pg_query,
    .cursor_next = pg_cursor_next,
    .cursor_free = pg_cursor_free,
    .count = pg_count,
    .facet = pg_facet,
    .total = pg_total,
    .sources = pg_sources,
    .changes = pg_changes,
    .entry_resolve = pg_entry_resolve,
    .entry_get = pg_entry_get,
    .entry_rekey = pg_entry_rekey,
    .alias_add = pg_alias_add,
    .aliases = pg_aliases,
    .merge = pg_merge,
    .unmerge = pg_unmerge,
    .merged_ids = pg_merged_ids,
    .conflict_add = pg_conflict_add,
    .conflicts = pg_conflicts,
    .conflict_close = pg_conflict_close,
    .proposal_add = pg_proposal_add,
    .proposals = pg_proposals,
    .proposal_decide = pg_proposal_decide,
    .submissions = pg_submissions,
    .release_create = pg_release_create,
    .release_find = pg_release_find,
    .releases = pg_releases,
    .release_entry = pg_release_entry,
    .dup_entries = pg_dup_entries,
    .dup_mark = pg_dup_mark,
    .dup_unmark = pg_dup_unmark,
    .dup_marks = pg_dup_marks,
    .auth = &mvr_pg_auth_ops,
    .coord = &mvr_pg_coord_ops,
    .analysis = &mvr_pg_analysis_ops, /* issue 7 */
    .copy = &mvr_pg_copy_ops,         /* issue 8: migrate */
    .change_stamp = pg_change_stamp,
};

static void no_notices(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

mvr_status mvr_store_pg_open(const char *uri, unsigned flags, mvr_store **out,
                             char *err, size_t errlen)
{
  pg_store *s;
  mvr_status rc = MVR_OK;

  *out = NULL;
  s = mvr_malloc(sizeof *s);
  if (!s)
    return MVR_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->base.ops = &pg_ops;
  s->conn = PQconnectdb(uri);
  if (!s->conn) {
    mvr_free(s);
    return MVR_ERR_NOMEM;
  }
  if (PQstatus(s->conn) != CONNECTION_OK) {
    /* libpq's message names host and database, never the password */
    const char *m = PQerrorMessage(s->conn);
    size_t n;
    snprintf(s->err, sizeof s->err, "cannot connect to PostgreSQL: %s",
             m && *m ? m : "unknown error");
    n = strlen(s->err);
    while (n && (s->err[n - 1] == '\n' || s->err[n - 1] == ' '))
      s->err[--n] = '\0';
    rc = MVR_ERR_STORE;
    goto out;
  }
  PQsetNoticeProcessor(s->conn, no_notices, NULL);
  if (PQsetClientEncoding(s->conn, "UTF8") != 0) {
    rc = pg_failf(s, MVR_ERR_STORE, "PostgreSQL: cannot use UTF-8");
    goto out;
  }
  /* a writer waits for the others as long as SQLite's would, roughly,
   * times the import's length; a statement never waits forever */
  rc = exec_script(s, "SET lock_timeout = '60s'", "configuring the session");
  if (!rc)
    rc = migrate(s, (flags & MVR_OPEN_READONLY) != 0);
  if (!rc && (flags & MVR_OPEN_READONLY))
    rc = exec_script(s, "SET default_transaction_read_only = on",
                     "configuring the session");
out:
  if (rc) {
    snprintf(err, errlen, "%s", s->err[0] ? s->err : mvr_status_str(rc));
    pg_close(&s->base);
    return rc;
  }
  *out = &s->base;
  return MVR_OK;
}
