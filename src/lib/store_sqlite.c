/* store_sqlite.c - the embedded SQLite backend of the store interface
 * (store.h): schema and forward migrations, WAL with synchronous=FULL,
 * BEGIN IMMEDIATE for writers, FTS5 for search, cached prepared statements
 * for the import path. Every value is bound; no SQL text is ever built
 * from data (the query builder concatenates constant fragments only). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "schema_sqlite.h"
#include "store_sqlite.h"
#include "store_sqlite_index.h"
#include "store_sqlite_release.h"
#include "store_sqlite_dup.h"
#include "util.h"

#define SCHEMA_VERSION ((int)MVR_ARRAY_SIZE(mvr_sqlite_migrations))

static const char *const stmt_sql[ST_COUNT] = {
    [ST_ORG_FIND] = "SELECT id FROM orgs WHERE name = ?1",
    [ST_ORG_INSERT] = "INSERT INTO orgs(name, family, parent_id, kind, known,"
                      " created_at) VALUES (?1, ?2,"
                      " (SELECT id FROM orgs WHERE name = ?3), ?4, ?5, ?6)",
    [ST_ORG_ALIAS] =
        "INSERT OR IGNORE INTO org_aliases(alias, org_id) VALUES (?2, ?1)",
    [ST_SUB_FIND] = "SELECT id FROM submissions WHERE sha256 = ?1",
    [ST_SUB_INSERT] =
        "INSERT INTO submissions(file_name, sha256, format, org_id, received,"
        " doc_number, imported_at, actor, mode) VALUES (?1, ?2, ?3, ?4, ?5,"
        " ?6, ?7, ?8, coalesce(?9, 'direct'))",
    [ST_SUB_COUNTS] =
        "UPDATE submissions SET rows = ?2, added = ?3, updated = ?4,"
        " sha256 = ?5 WHERE id = ?1",
    [ST_ENTRY_FIND] =
        "SELECT e.id, o.name, e.family, e.refkey, e.reference, e.ref_detail,"
        " e.type, e.title, e.status, e.status_detail, e.categories,"
        " e.summary, e.url, e.first_seen, e.last_updated,"
        " e.created_submission, e.last_submission, e.version, e.org_id"
        " FROM entries e JOIN orgs o ON o.id = e.org_id"
        " WHERE e.family = ?1 AND e.refkey = ?2",
    [ST_ENTRY_INSERT] =
        "INSERT INTO entries(org_id, family, refkey, reference, ref_detail,"
        " type, title, status, status_detail, categories, summary, url,"
        " first_seen, last_updated, created_submission, last_submission,"
        " catmask) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15, ?15, ?16)"
        " ON CONFLICT (family, refkey) DO NOTHING",
    [ST_ENTRY_UPDATE] =
        "UPDATE entries SET org_id = ?2, reference = ?3, ref_detail = ?4,"
        " type = ?5, title = ?6, status = ?7, status_detail = ?8,"
        " categories = ?9, summary = ?10, url = ?11, last_updated = ?12,"
        " last_submission = ?13, catmask = ?15, version = version + 1"
        " WHERE id = ?1 AND version = ?14",
    [ST_ENTRY_TOUCH] = "UPDATE entries SET last_submission = ?2 WHERE id = ?1",
    [ST_SOURCE_INSERT] =
        "INSERT INTO entry_sources(entry_id, submission_id, row_no, sdo,"
        " reference, type, title, status, status_detail, categories, summary,"
        " url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_CHANGE_INSERT] =
        "INSERT INTO changes(entry_id, submission_id, at, actor, action,"
        " field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
        " ?8)",
    [ST_FTS_INSERT] = "INSERT INTO entries_fts(rowid, reference, title,"
                      " summary) VALUES (?1, ?2, ?3, ?4)",
    [ST_FTS_DELETE] =
        "INSERT INTO entries_fts(entries_fts, rowid, reference, title,"
        " summary) SELECT 'delete', id, reference, title, summary"
        " FROM entries WHERE id = ?1",
    /* prepared at open, so that ending a transaction needs no memory */
    [ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [ST_BEGIN_READ] = "BEGIN",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_RESOLVE] = "SELECT id FROM entries WHERE family = ?1 AND refkey = ?2"
                   " UNION ALL SELECT entry_id FROM entry_aliases"
                   " WHERE family = ?1 AND refkey = ?2 LIMIT 1",
    [ST_MERGED_INTO] = "SELECT merged_into FROM entries WHERE id = ?1",
    [ST_GEN_BUMP] = "UPDATE entry_gen SET n = n + 1",
    /* merge at most 64 pages (~256 KB) of the index's segments, from any
     * level (negative): see sq_commit() */
    [ST_FTS_MERGE] = "INSERT INTO entries_fts(entries_fts, rank)"
                     " VALUES ('merge', -64)",
    [ST_FTS_FLUSH] = "INSERT INTO entries_fts(rowid, reference, title,"
                     " summary) SELECT id, reference, title, summary"
                     " FROM entries WHERE id >= ?1 ORDER BY id",
};

/* --- SQLite on the library's allocator ---------------------------------
 * SQLite wants to know each allocation's size, so a 16-byte header keeps
 * it (16 keeps the payload aligned for any type). */

static void *sq_malloc(int n)
{
  size_t *p = mvr_malloc((size_t)n + 16);
  if (!p)
    return NULL;
  p[0] = (size_t)n;
  return (char *)p + 16;
}

static void sq_free(void *q)
{
  if (q)
    mvr_free((char *)q - 16);
}

static void *sq_realloc(void *q, int n)
{
  size_t *p;
  if (!q)
    return sq_malloc(n);
  p = mvr_realloc((char *)q - 16, (size_t)n + 16);
  if (!p)
    return NULL;
  p[0] = (size_t)n;
  return (char *)p + 16;
}

static int sq_size(void *q)
{
  return q ? (int)*(size_t *)(void *)((char *)q - 16) : 0;
}

static int sq_roundup(int n)
{
  return (n + 7) & ~7;
}

static int sq_init(void *ud)
{
  (void)ud;
  return SQLITE_OK;
}

static void sq_shutdown(void *ud)
{
  (void)ud;
}

static pthread_once_t sq_once = PTHREAD_ONCE_INIT;
static int sq_config_rc;

static void sq_configure(void)
{
  static const sqlite3_mem_methods mem = {sq_malloc,   sq_free,    sq_realloc,
                                          sq_size,     sq_roundup, sq_init,
                                          sq_shutdown, NULL};
  sq_config_rc = sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
  /* No allocation statistics: keeping them takes a process-wide mutex
   * on every allocation, which the web server's threads then contend
   * for; nothing reads them (sqlite3_memory_used() and the heap limits
   * are not used). */
  if (sq_config_rc == SQLITE_OK)
    sq_config_rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* --- helpers --------------------------------------------------------- */

mvr_status sq_fail(sq_store *s, const char *what)
{
  int code = sqlite3_extended_errcode(s->db);

  snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
  if ((code & 0xff) == SQLITE_NOMEM)
    return MVR_ERR_NOMEM;
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    return MVR_ERR_BUSY;
  return MVR_ERR_STORE;
}

mvr_status sq_exec(sq_store *s, const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK) {
    snprintf(s->err, sizeof s->err, "%s", msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    if (rc == SQLITE_NOMEM)
      return MVR_ERR_NOMEM;
    if (rc == SQLITE_BUSY)
      return MVR_ERR_BUSY;
    return MVR_ERR_STORE;
  }
  return MVR_OK;
}

mvr_status sq_prep(sq_store *s, int which, sqlite3_stmt **out)
{
  if (!s->st[which]) {
    if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1,
                           SQLITE_PREPARE_PERSISTENT, &s->st[which],
                           NULL) != SQLITE_OK)
      return sq_fail(s, "prepare");
  }
  *out = s->st[which];
  return MVR_OK;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

void sq_bind_id(sqlite3_stmt *st, int i, int64_t v)
{
  if (v)
    sqlite3_bind_int64(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

/* Step a statement that returns no row. */
mvr_status sq_run(sq_store *s, sqlite3_stmt *st, const char *what)
{
  int rc = sqlite3_step(st);

  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sq_fail(s, what);
  return MVR_OK;
}

const char *sq_col_text(sqlite3_stmt *st, int i)
{
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

void sq_read_entry(sqlite3_stmt *st, mvr_entry_rec *e)
{
  e->id = sqlite3_column_int64(st, 0);
  e->sdo = sq_col_text(st, 1);
  e->family = sq_col_text(st, 2);
  e->refkey = sq_col_text(st, 3);
  e->reference = sq_col_text(st, 4);
  e->ref_detail = sq_col_text(st, 5);
  e->type = sq_col_text(st, 6);
  e->title = sq_col_text(st, 7);
  e->status = sq_col_text(st, 8);
  e->status_detail = sq_col_text(st, 9);
  e->categories = sq_col_text(st, 10);
  e->summary = sq_col_text(st, 11);
  e->url = sq_col_text(st, 12);
  e->first_seen = sq_col_text(st, 13);
  e->last_updated = sq_col_text(st, 14);
  e->created_submission = sqlite3_column_int64(st, 15);
  e->last_submission = sqlite3_column_int64(st, 16);
  e->version = sqlite3_column_int64(st, 17);
  e->org_id = sqlite3_column_int64(st, 18);
}

/* --- lifecycle ------------------------------------------------------- */

static void sq_close(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  int i;

  if (!s)
    return;
  for (i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(s->st[i]);
  sqlite3_finalize(s->get_stmt);
  sqlite3_finalize(s->auth_stmt);
  sq_qcache_free(s);
  sq_index_free(s);
  sq_cat_forget(s);
  if (s->in_txn)
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(s->db);
  mvr_free(s);
}

static const char *sq_errmsg(mvr_store *base)
{
  return ((sq_store *)base)->err;
}

static int user_version(sq_store *s)
{
  sqlite3_stmt *st = NULL;
  int v = -1;

  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

static int sq_schema_version(mvr_store *base)
{
  return user_version((sq_store *)base);
}

/* Bring the schema forward: every pending migration in one transaction,
 * so a new register costs one synced commit rather than one per step, and
 * a crash leaves either the old schema or the new one, never a step
 * between. */
static mvr_status migrate(sq_store *s, int readonly)
{
  int v = user_version(s);
  mvr_status rc = MVR_OK;
  char pragma[64];
  int from;

  if (v < 0)
    return sq_fail(s, "reading the schema version");
  if (v > SCHEMA_VERSION) {
    snprintf(s->err, sizeof s->err,
             "the database has schema version %d; this mvroad knows %d: "
             "upgrade mvroad",
             v, SCHEMA_VERSION);
    return MVR_ERR_SCHEMA;
  }
  if (v < SCHEMA_VERSION && readonly) {
    snprintf(s->err, sizeof s->err,
             "the database has schema version %d and needs migrating to %d,"
             " which a read-only open cannot do",
             v, SCHEMA_VERSION);
    return MVR_ERR_SCHEMA;
  }
  if (v == SCHEMA_VERSION)
    return MVR_OK;
  rc = sq_exec(s, "BEGIN IMMEDIATE");
  if (rc)
    return rc;
  /* re-read under the lock: another process may have migrated */
  v = user_version(s);
  if (v < 0)
    rc = sq_fail(s, "reading the schema version");
  from = v;
  while (!rc && v >= 0 && v < SCHEMA_VERSION)
    rc = sq_exec(s, mvr_sqlite_migrations[v++]);
  if (!rc && v != from) {
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
    rc = sq_exec(s, pragma);
  }
  /* a migration may change entries: other connections' indexes remake */
  if (!rc && v != from && v >= 9)
    rc = sq_exec(s, "UPDATE entry_gen SET n = n + 1");
  if (!rc)
    rc = sq_exec(s, "COMMIT");
  s->ix_txn_dirty = 0;
  if (rc)
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

/* The update hook: a row of `table` changed on this connection. What the
 * entry index reads (store_sqlite_index.c) is noted; see ix_writes. */
static void on_update(void *ud, int op, const char *dbname, const char *table,
                      sqlite3_int64 rowid)
{
  sq_store *s = ud;

  (void)op;
  (void)dbname;
  (void)rowid;
  if (strcmp(table, "entries") == 0 || strcmp(table, "orgs") == 0 ||
      strcmp(table, "category_bits") == 0 ||
      strncmp(table, "entries_fts", 11) == 0) {
    s->ix_writes++;
    s->ix_txn_dirty = 1;
    if (strncmp(table, "entries_fts", 11) == 0)
      s->fts_txn_dirty = 1;
  }
}

/* --- transactions ------------------------------------------------------ */

static mvr_status sq_begin(mvr_store *base, int write)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  /* IMMEDIATE takes the write lock now, so the busy timeout applies; a
   * deferred read-then-write upgrade could fail with SQLITE_BUSY without
   * waiting (see docs/robustness.md). */
  rc = sq_prep(s, write ? ST_BEGIN_WRITE : ST_BEGIN_READ, &st);
  if (!rc)
    rc = sq_run(s, st, "starting a transaction");
  if (!rc)
    s->in_txn = 1;
  return rc;
}

static mvr_status sq_commit(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  if (s->st[ST_ENTRY_FIND])
    sqlite3_reset(s->st[ST_ENTRY_FIND]);
  if (s->get_stmt)
    sqlite3_reset(s->get_stmt);
  if (s->auth_stmt)
    sqlite3_reset(s->auth_stmt);
  sq_index_snapshot_end(s);
  rc = sq_fts_flush(s);
  /* Each write to the full-text index adds a segment to it, and every
   * search reads every segment: FTS5's automerge (8 a level, chosen for
   * large imports) leaves a register made by many small transactions
   * (imports, approvals, edits) with several. A bounded amount of merging
   * with each such commit keeps them few: the bundled register's index
   * ends in one segment, which makes a search about 4 us faster (a
   * tenth of an uncached API search, docs/limits.md); at 10^6 entries
   * it is 64 of some 37,000 pages, a few ms. */
  if (!rc && s->fts_txn_dirty) {
    rc = sq_prep(s, ST_FTS_MERGE, &st);
    if (!rc)
      rc = sq_run(s, st, "merging the full-text index");
  }
  /* after the flush and the merge, which write the full-text index */
  if (!rc && s->ix_txn_dirty) {
    rc = sq_prep(s, ST_GEN_BUMP, &st);
    if (!rc)
      rc = sq_run(s, st, "counting the change");
  }
  if (!rc)
    rc = sq_prep(s, ST_COMMIT, &st);
  if (!rc)
    rc = sq_run(s, st, "committing");
  if (!rc) {
    s->in_txn = 0;
    s->ix_txn_dirty = 0;
    s->fts_txn_dirty = 0;
  }
  return rc;
}

static mvr_status sq_rollback(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  s->in_txn = 0;
  s->ix_txn_dirty = 0;
  s->fts_txn_dirty = 0;
  sq_index_snapshot_end(s);
  s->fts_from = 0; /* the entries waiting for the index are gone too */
  s->fts_pending = 0;
  sq_cat_forget(s); /* bits added in the transaction are gone */
  if (s->st[ST_ENTRY_FIND])
    sqlite3_reset(s->st[ST_ENTRY_FIND]);
  if (s->get_stmt)
    sqlite3_reset(s->get_stmt);
  if (s->auth_stmt)
    sqlite3_reset(s->auth_stmt);
  /* a failed statement may already have rolled back */
  if (sqlite3_get_autocommit(s->db))
    return MVR_OK;
  rc = sq_prep(s, ST_ROLLBACK, &st);
  if (!rc)
    rc = sq_run(s, st, "rolling back");
  return rc;
}

/* --- writes ---------------------------------------------------------- */

/* Every submission with its organisation's name and counts (store.h). */
static mvr_status sq_submissions(mvr_store *base, mvr_submission_fn fn,
                                 void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(
          s->db,
          "SELECT sub.id, sub.file_name, sub.sha256, sub.format,"
          " sub.org_id, sub.received, sub.doc_number, sub.imported_at,"
          " sub.actor, o.name, sub.rows, sub.added, sub.updated"
          " FROM submissions sub LEFT JOIN orgs o ON o.id = sub.org_id"
          " ORDER BY o.name IS NULL, o.name, sub.received, sub.id",
          -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "listing submissions");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_submission_rec sub;
    memset(&sub, 0, sizeof sub);
    sub.id = sqlite3_column_int64(st, 0);
    sub.file_name = sq_col_text(st, 1);
    sub.sha256 = sq_col_text(st, 2);
    sub.format = sq_col_text(st, 3);
    sub.org_id = sqlite3_column_int64(st, 4);
    sub.received = sq_col_text(st, 5);
    sub.doc = sq_col_text(st, 6);
    sub.imported_at = sq_col_text(st, 7);
    sub.actor = sq_col_text(st, 8);
    rc = fn(ud, &sub, sq_col_text(st, 9),
            (unsigned long)sqlite3_column_int64(st, 10),
            (unsigned long)sqlite3_column_int64(st, 11),
            (unsigned long)sqlite3_column_int64(st, 12));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing submissions");
  sqlite3_finalize(st);
  return rc;
}

extern const struct mvr_store_coord_ops mvr_sqlite_coord_ops;
extern const struct mvr_store_analysis_ops mvr_sqlite_analysis_ops;
extern const struct mvr_store_copy_ops mvr_sqlite_copy_ops;

static const mvr_store_ops sqlite_ops = {
    .coord = &mvr_sqlite_coord_ops, /* issue 6 */
    .analysis = &mvr_sqlite_analysis_ops, /* issue 7 */
    .name = "sqlite",
    .close = sq_close,
    .errmsg = sq_errmsg,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .org_ensure = sq_org_ensure,
    .org_alias_add = sq_org_alias_add,
    .submission_find_sha = sq_submission_find_sha,
    .submission_add = sq_submission_add,
    .submission_finish = sq_submission_finish,
    .entry_find = sq_entry_find,
    .entry_insert = sq_entry_insert,
    .entry_update = sq_entry_update,
    .entry_touch = sq_entry_touch,
    .source_add = sq_source_add,
    .change_add = sq_change_add,
    .query = sq_query,
    .cursor_next = sq_cursor_next,
    .cursor_free = sq_cursor_free,
    .count = sq_count,
    .facet = sq_facet,
    .total = sq_total,
    .sources = sq_sources,
    .changes = sq_changes,
    .entry_resolve = sq_entry_resolve,
    .entry_get = sq_entry_get,
    .entry_rekey = sq_entry_rekey,
    .alias_add = sq_alias_add,
    .aliases = sq_aliases,
    .merge = sq_merge,
    .unmerge = sq_unmerge,
    .merged_ids = sq_merged_ids,
    .conflict_add = sq_conflict_add,
    .conflicts = sq_conflicts,
    .conflict_close = sq_conflict_close,
    .proposal_add = sq_proposal_add,
    .proposals = sq_proposals,
    .proposal_decide = sq_proposal_decide,
    .submissions = sq_submissions,
    .release_create = sq_release_create,
    .release_find = sq_release_find,
    .releases = sq_releases,
    .release_entry = sq_release_entry,
    .dup_entries = sq_dup_entries,
    .dup_mark = sq_dup_mark,
    .dup_unmark = sq_dup_unmark,
    .dup_marks = sq_dup_marks,
    .auth = &sq_auth_ops,
    .search = &sq_search_ops, /* issue 5 */
    .copy = &mvr_sqlite_copy_ops, /* issue 8: migrate */
};

mvr_status mvr_store_sqlite_open(const char *path, unsigned flags,
                                 mvr_store **out, char *err, size_t errlen)
{
  sq_store *s = NULL;
  mvr_status rc = MVR_OK;
  int oflags, r;

  *out = NULL;
  pthread_once(&sq_once, sq_configure);
  /* initialising may fail for want of memory; it is retried next time */
  r = sq_config_rc == SQLITE_OK ? sqlite3_initialize() : sq_config_rc;
  if (r != SQLITE_OK) {
    snprintf(err, errlen, "cannot initialise SQLite: %s", sqlite3_errstr(r));
    return r == SQLITE_NOMEM ? MVR_ERR_NOMEM : MVR_ERR_STORE;
  }
  s = mvr_malloc(sizeof *s);
  if (!s)
    return MVR_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->base.ops = &sqlite_ops;

  oflags = (flags & MVR_OPEN_READONLY) ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE;
  if (flags & MVR_OPEN_CREATE && !(flags & MVR_OPEN_READONLY))
    oflags |= SQLITE_OPEN_CREATE;
  oflags |= SQLITE_OPEN_NOMUTEX;
  r = sqlite3_open_v2(path, &s->db, oflags, NULL);
  if (r != SQLITE_OK) {
    if (!s->db) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    snprintf(s->err, sizeof s->err, "%s: %s", path, sqlite3_errmsg(s->db));
    rc = (r == SQLITE_CANTOPEN && !(flags & MVR_OPEN_CREATE))
             ? MVR_ERR_NOTFOUND
             : (r == SQLITE_NOMEM ? MVR_ERR_NOMEM : MVR_ERR_STORE);
    goto out;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, 5000);
  sqlite3_update_hook(s->db, on_update, s);
  sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  if (sqlite3_create_collation(s->db, "mvr_natural", SQLITE_UTF8, NULL,
                               sq_natural_cmp) != SQLITE_OK) {
    rc = sq_fail(s, "collation");
    goto out;
  }
  /* WAL lets readers (the web server) run beside one writer; FULL syncs
   * the WAL at every commit, since approvals are records. No mmap: see
   * docs/robustness.md on the WAL-reset bug. */
  if (!(flags & MVR_OPEN_READONLY)) {
    rc = sq_exec(s, "PRAGMA journal_mode=WAL");
    if (rc)
      goto out;
  }
  rc = sq_exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                  " PRAGMA cache_size=-131072");
  if (rc)
    goto out;
  rc = migrate(s, (flags & MVR_OPEN_READONLY) != 0);
  if (!rc) {
    sqlite3_stmt *st;
    int k;
    for (k = ST_BEGIN_WRITE; k <= ST_ROLLBACK && !rc; k++)
      rc = sq_prep(s, k, &st);
    if (!rc)
      rc = sq_prep(s, ST_GEN_BUMP, &st);
  }
out:
  if (rc) {
    snprintf(err, errlen, "%s", s->err[0] ? s->err : mvr_status_str(rc));
    sq_close(&s->base);
    return rc;
  }
  *out = &s->base;
  return MVR_OK;
}

mvr_status mvr_store_open(const char *uri, unsigned flags, mvr_store **out,
                          char *err, size_t errlen)
{
  if (strncmp(uri, "postgresql://", 13) == 0 ||
      strncmp(uri, "postgres://", 11) == 0) {
#ifdef MVR_WITH_PG
    return mvr_store_pg_open(uri, flags, out, err, errlen);
#else
    snprintf(err, errlen,
             "this mvroad was built without PostgreSQL support (%s)", uri);
    *out = NULL;
    return MVR_ERR_STORE;
#endif
  }
  return mvr_store_sqlite_open(uri, flags, out, err, errlen);
}
