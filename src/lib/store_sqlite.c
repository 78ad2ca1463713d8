/* store_sqlite.c - the embedded SQLite backend of the store interface
 * (store.h): schema and forward migrations, WAL with synchronous=FULL,
 * BEGIN IMMEDIATE for writers, FTS5 for search, cached prepared statements
 * for the import path. Every value is bound; no SQL text is ever built
 * from data (the query builder concatenates constant fragments only). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "schema_sqlite.h"
#include "store.h"
#include "util.h"

#define SCHEMA_VERSION ((int)MVR_ARRAY_SIZE(mvr_sqlite_migrations))

enum {
  ST_ORG_FIND,
  ST_ORG_INSERT,
  ST_ORG_ALIAS,
  ST_SUB_FIND,
  ST_SUB_INSERT,
  ST_SUB_COUNTS,
  ST_ENTRY_FIND,
  ST_ENTRY_INSERT,
  ST_ENTRY_UPDATE,
  ST_ENTRY_TOUCH,
  ST_SOURCE_INSERT,
  ST_CHANGE_INSERT,
  ST_FTS_INSERT,
  ST_FTS_DELETE,
  ST_BEGIN_WRITE,
  ST_BEGIN_READ,
  ST_COMMIT,
  ST_ROLLBACK,
  ST_COUNT
};

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
        " doc_number, imported_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
        " ?8)",
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
};

typedef struct sq_store {
  mvr_store base;
  sqlite3 *db;
  sqlite3_stmt *st[ST_COUNT];
  mvr_entry_rec found; /* borrowed rows of ST_ENTRY_FIND */
  char *cat_label[63];  /* category_bits, loaded on first use */
  int cat_loaded;
  char err[512];
  int in_txn;
} sq_store;

static void cat_forget(sq_store *s);

struct mvr_store_cursor {
  sq_store *s;
  sqlite3_stmt *stmt;
  mvr_entry_rec row;
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
  static const sqlite3_mem_methods mem = {sq_malloc, sq_free,  sq_realloc,
                                          sq_size,   sq_roundup, sq_init,
                                          sq_shutdown, NULL};
  sq_config_rc = sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
}

/* --- helpers --------------------------------------------------------- */

static mvr_status fail(sq_store *s, const char *what)
{
  int code = sqlite3_extended_errcode(s->db);

  snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
  if ((code & 0xff) == SQLITE_NOMEM)
    return MVR_ERR_NOMEM;
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    return MVR_ERR_BUSY;
  return MVR_ERR_STORE;
}

static mvr_status exec(sq_store *s, const char *sql)
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

static mvr_status prep(sq_store *s, int which, sqlite3_stmt **out)
{
  if (!s->st[which]) {
    if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1,
                           SQLITE_PREPARE_PERSISTENT, &s->st[which],
                           NULL) != SQLITE_OK)
      return fail(s, "prepare");
  }
  *out = s->st[which];
  return MVR_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
  if (v)
    sqlite3_bind_int64(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

/* Step a statement that returns no row. */
static mvr_status run(sq_store *s, sqlite3_stmt *st, const char *what)
{
  int rc = sqlite3_step(st);

  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return fail(s, what);
  return MVR_OK;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

static void read_entry(sqlite3_stmt *st, mvr_entry_rec *e)
{
  e->id = sqlite3_column_int64(st, 0);
  e->sdo = col_text(st, 1);
  e->family = col_text(st, 2);
  e->refkey = col_text(st, 3);
  e->reference = col_text(st, 4);
  e->ref_detail = col_text(st, 5);
  e->type = col_text(st, 6);
  e->title = col_text(st, 7);
  e->status = col_text(st, 8);
  e->status_detail = col_text(st, 9);
  e->categories = col_text(st, 10);
  e->summary = col_text(st, 11);
  e->url = col_text(st, 12);
  e->first_seen = col_text(st, 13);
  e->last_updated = col_text(st, 14);
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
  cat_forget(s);
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

/* Bring the schema forward, one migration per transaction. */
static mvr_status migrate(sq_store *s, int readonly)
{
  int v = user_version(s);
  mvr_status rc = MVR_OK;

  if (v < 0)
    return fail(s, "reading the schema version");
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
  while (v < SCHEMA_VERSION) {
    char pragma[64];
    rc = exec(s, "BEGIN IMMEDIATE");
    if (rc)
      return rc;
    /* re-read under the lock: another process may have migrated */
    v = user_version(s);
    if (v < 0) {
      rc = fail(s, "reading the schema version");
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      return rc;
    }
    if (v >= SCHEMA_VERSION) {
      exec(s, "COMMIT");
      break;
    }
    rc = exec(s, mvr_sqlite_migrations[v]);
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
    if (!rc)
      rc = exec(s, pragma);
    if (!rc)
      rc = exec(s, "COMMIT");
    if (rc) {
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      return rc;
    }
    v++;
  }
  return MVR_OK;
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
  rc = prep(s, write ? ST_BEGIN_WRITE : ST_BEGIN_READ, &st);
  if (!rc)
    rc = run(s, st, "starting a transaction");
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
  rc = prep(s, ST_COMMIT, &st);
  if (!rc)
    rc = run(s, st, "committing");
  if (!rc)
    s->in_txn = 0;
  return rc;
}

static mvr_status sq_rollback(mvr_store *base)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  s->in_txn = 0;
  cat_forget(s); /* bits added in the transaction are gone */
  if (s->st[ST_ENTRY_FIND])
    sqlite3_reset(s->st[ST_ENTRY_FIND]);
  /* a failed statement may already have rolled back */
  if (sqlite3_get_autocommit(s->db))
    return MVR_OK;
  rc = prep(s, ST_ROLLBACK, &st);
  if (!rc)
    rc = run(s, st, "rolling back");
  return rc;
}

/* --- writes ---------------------------------------------------------- */

static mvr_status sq_org_ensure(mvr_store *base, const mvr_org_rec *o,
                                int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  char now[21];
  mvr_status rc;
  int r;

  *id = 0;
  rc = prep(s, ST_ORG_FIND, &st);
  if (rc)
    return rc;
  bind_text(st, 1, o->name);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    return fail(s, "finding an organisation");
  if (*id)
    return MVR_OK;
  if (o->parent) {
    /* make sure the parent exists first (its own parent is unknown here;
     * the profile's registry is loaded parents-first by the library) */
    mvr_org_rec parent = {0, o->parent, o->family, NULL, "SDO", 1};
    int64_t pid;
    rc = sq_org_ensure(base, &parent, &pid);
    if (rc)
      return rc;
  }
  rc = prep(s, ST_ORG_INSERT, &st);
  if (rc)
    return rc;
  mvr_timestamp_now(now);
  bind_text(st, 1, o->name);
  bind_text(st, 2, o->family);
  bind_text(st, 3, o->parent);
  bind_text(st, 4, o->kind ? o->kind : "SDO");
  sqlite3_bind_int(st, 5, o->known);
  bind_text(st, 6, now);
  rc = run(s, st, "adding an organisation");
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

static mvr_status sq_org_alias_add(mvr_store *base, int64_t org_id,
                                   const char *alias)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_ORG_ALIAS, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, org_id);
  bind_text(st, 2, alias);
  return run(s, st, "recording an organisation's alias");
}

static mvr_status sq_submission_find_sha(mvr_store *base, const char *sha,
                                         int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  *id = 0;
  rc = prep(s, ST_SUB_FIND, &st);
  if (rc)
    return rc;
  bind_text(st, 1, sha);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    return fail(s, "finding a submission");
  return MVR_OK;
}

static mvr_status sq_submission_add(mvr_store *base,
                                    const mvr_submission_rec *r, int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;

  rc = prep(s, ST_SUB_INSERT, &st);
  if (rc)
    return rc;
  bind_text(st, 1, r->file_name);
  bind_text(st, 2, r->sha256);
  bind_text(st, 3, r->format);
  bind_id(st, 4, r->org_id);
  bind_text(st, 5, r->received);
  bind_text(st, 6, r->doc);
  bind_text(st, 7, r->imported_at);
  bind_text(st, 8, r->actor);
  rc = run(s, st, "recording the submission");
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

static mvr_status sq_submission_finish(mvr_store *base, int64_t id,
                                       const char *sha, unsigned long rows,
                                       unsigned long added,
                                       unsigned long updated)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_SUB_COUNTS, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)rows);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)added);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)updated);
  bind_text(st, 5, sha);
  return run(s, st, "recording the submission's counts");
}

static mvr_status sq_entry_find(mvr_store *base, const char *family,
                                const char *refkey, mvr_entry_rec *out,
                                int *found)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  *found = 0;
  rc = prep(s, ST_ENTRY_FIND, &st);
  if (rc)
    return rc;
  sqlite3_reset(st); /* the previous row stays readable until now */
  bind_text(st, 1, family);
  bind_text(st, 2, refkey);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    read_entry(st, out);
    *found = 1;
    return MVR_OK; /* left un-reset: the strings stay valid */
  }
  sqlite3_reset(st);
  if (r != SQLITE_DONE)
    return fail(s, "finding an entry");
  return MVR_OK;
}

static void cat_forget(sq_store *s)
{
  int i;

  for (i = 0; i < 63; i++) {
    mvr_free(s->cat_label[i]);
    s->cat_label[i] = NULL;
  }
  s->cat_loaded = 0;
}

static mvr_status cat_load(sq_store *s)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (s->cat_loaded)
    return MVR_OK;
  if (sqlite3_prepare_v2(s->db, "SELECT bit, label FROM category_bits", -1,
                         &st, NULL) != SQLITE_OK)
    return fail(s, "reading categories");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int bit = sqlite3_column_int(st, 0);
    if (bit < 0 || bit > 62)
      continue;
    mvr_free(s->cat_label[bit]);
    s->cat_label[bit] = mvr_strdup(col_text(st, 1));
    if (!s->cat_label[bit])
      rc = MVR_ERR_NOMEM;
  }
  if (!rc && r != SQLITE_DONE)
    rc = fail(s, "reading categories");
  sqlite3_finalize(st);
  if (rc)
    cat_forget(s);
  else
    s->cat_loaded = 1;
  return rc;
}

/* The bit set of "A; B" (canonical labels). With `create`, a label seen
 * for the first time gets the next free bit (inside the caller's write
 * transaction); without, unknown labels add nothing. */
static mvr_status cat_mask(sq_store *s, const char *cats, int create,
                           int64_t *mask)
{
  const char *p = cats;
  mvr_status rc;

  *mask = 0;
  rc = cat_load(s);
  if (rc)
    return rc;
  while (p && *p) {
    const char *end = strstr(p, "; ");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    int bit, free_bit = -1;
    for (bit = 0; bit < 63; bit++) {
      if (!s->cat_label[bit]) {
        if (free_bit < 0)
          free_bit = bit;
        continue;
      }
      if (strlen(s->cat_label[bit]) == n &&
          memcmp(s->cat_label[bit], p, n) == 0)
        break;
    }
    if (bit == 63 && create) {
      sqlite3_stmt *st = NULL;
      if (free_bit < 0) {
        snprintf(s->err, sizeof s->err, "more than 63 categories");
        return MVR_ERR_STORE;
      }
      if (sqlite3_prepare_v2(s->db,
                             "INSERT INTO category_bits(bit, label)"
                             " VALUES (?1, ?2)",
                             -1, &st, NULL) != SQLITE_OK)
        return fail(s, "adding a category");
      sqlite3_bind_int(st, 1, free_bit);
      sqlite3_bind_text(st, 2, p, (int)n, SQLITE_STATIC);
      rc = sqlite3_step(st) == SQLITE_DONE ? MVR_OK
                                           : fail(s, "adding a category");
      sqlite3_finalize(st);
      if (rc)
        return rc;
      s->cat_label[free_bit] = mvr_strndup(p, n);
      if (!s->cat_label[free_bit])
        return MVR_ERR_NOMEM;
      bit = free_bit;
    }
    if (bit < 63)
      *mask |= (int64_t)1 << bit;
    p += n;
    if (end)
      p += 2;
  }
  return MVR_OK;
}

/* Index the searchable text of entry `id`. */
static mvr_status fts_add(sq_store *s, int64_t id, const mvr_entry_rec *e)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_FTS_INSERT, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  bind_text(st, 2, e->reference);
  bind_text(st, 3, e->title);
  bind_text(st, 4, e->summary ? e->summary : "");
  return run(s, st, "indexing an entry");
}

static mvr_status sq_entry_insert(mvr_store *base, const mvr_entry_rec *e,
                                  int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  int64_t mask = 0;
  mvr_status rc;

  rc = cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  rc = prep(s, ST_ENTRY_INSERT, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, e->org_id);
  bind_text(st, 2, e->family);
  bind_text(st, 3, e->refkey);
  bind_text(st, 4, e->reference);
  bind_text(st, 5, e->ref_detail ? e->ref_detail : "");
  bind_text(st, 6, e->type);
  bind_text(st, 7, e->title);
  bind_text(st, 8, e->status);
  bind_text(st, 9, e->status_detail ? e->status_detail : "");
  bind_text(st, 10, e->categories);
  bind_text(st, 11, e->summary ? e->summary : "");
  bind_text(st, 12, e->url ? e->url : "");
  bind_text(st, 13, e->first_seen);
  bind_text(st, 14, e->last_updated);
  bind_id(st, 15, e->created_submission);
  sqlite3_bind_int64(st, 16, mask);
  rc = run(s, st, "adding an entry");
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) == 0)
    return MVR_ERR_EXISTS;
  *id = sqlite3_last_insert_rowid(s->db);
  return fts_add(s, *id, e);
}

static mvr_status sq_entry_update(mvr_store *base, const mvr_entry_rec *e)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  int64_t mask = 0;
  mvr_status rc;

  rc = cat_mask(s, e->categories, 1, &mask);
  if (rc)
    return rc;
  /* take the old text out of the index first (external content) */
  rc = prep(s, ST_FTS_DELETE, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, e->id);
  rc = run(s, st, "re-indexing an entry");
  if (rc)
    return rc;
  rc = prep(s, ST_ENTRY_UPDATE, &st);
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, e->id);
  sqlite3_bind_int64(st, 2, e->org_id);
  bind_text(st, 3, e->reference);
  bind_text(st, 4, e->ref_detail ? e->ref_detail : "");
  bind_text(st, 5, e->type);
  bind_text(st, 6, e->title);
  bind_text(st, 7, e->status);
  bind_text(st, 8, e->status_detail ? e->status_detail : "");
  bind_text(st, 9, e->categories);
  bind_text(st, 10, e->summary ? e->summary : "");
  bind_text(st, 11, e->url ? e->url : "");
  bind_text(st, 12, e->last_updated);
  bind_id(st, 13, e->last_submission);
  sqlite3_bind_int64(st, 14, e->version);
  sqlite3_bind_int64(st, 15, mask);
  rc = run(s, st, "updating an entry");
  if (rc)
    return rc;
  if (sqlite3_changes(s->db) != 1) {
    snprintf(s->err, sizeof s->err,
             "entry %lld was changed since it was loaded (version %lld)",
             (long long)e->id, (long long)e->version);
    return MVR_ERR_CONFLICT;
  }
  return fts_add(s, e->id, e);
}

static mvr_status sq_entry_touch(mvr_store *base, int64_t id,
                                 int64_t submission)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_ENTRY_TOUCH, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  bind_id(st, 2, submission);
  return run(s, st, "confirming an entry");
}

static mvr_status sq_source_add(mvr_store *base, const mvr_source_rec *src)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_SOURCE_INSERT, &st);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, src->entry_id);
  sqlite3_bind_int64(st, 2, src->submission_id);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)src->row);
  bind_text(st, 4, src->sdo);
  bind_text(st, 5, src->reference);
  bind_text(st, 6, src->type);
  bind_text(st, 7, src->title);
  bind_text(st, 8, src->status);
  bind_text(st, 9, src->status_detail);
  bind_text(st, 10, src->categories);
  bind_text(st, 11, src->summary);
  bind_text(st, 12, src->url);
  return run(s, st, "recording a source");
}

static mvr_status sq_change_add(mvr_store *base, const mvr_change_rec *c)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = prep(s, ST_CHANGE_INSERT, &st);

  if (rc)
    return rc;
  bind_id(st, 1, c->entry_id);
  bind_id(st, 2, c->submission_id);
  bind_text(st, 3, c->at);
  bind_text(st, 4, c->actor);
  bind_text(st, 5, c->action);
  bind_text(st, 6, c->field ? c->field : "");
  bind_text(st, 7, c->old_value);
  bind_text(st, 8, c->new_value);
  return run(s, st, "logging a change");
}

/* --- reads ------------------------------------------------------------ */

/* Turn the user's words into an FTS5 query: every word must match, each
 * quoted so that no FTS5 syntax from the user is interpreted, the last
 * one as a prefix. "digital twin" -> "digital" "twin"* */
static void fts_query(const char *text, mvr_buf *b)
{
  const char *p = text;

  while (*p) {
    const char *start;
    while (*p && (mvr_isspace((unsigned char)*p) || *p == '"'))
      p++;
    start = p;
    while (*p && !mvr_isspace((unsigned char)*p))
      p++;
    if (p == start)
      break;
    if (b->len)
      mvr_buf_putc(b, ' ');
    mvr_buf_putc(b, '"');
    for (; start < p; start++)
      if (*start != '"')
        mvr_buf_putc(b, *start);
    mvr_buf_putc(b, '"');
    if (!*p)
      mvr_buf_putc(b, '*');
  }
}

#define ENTRY_COLUMNS                                                          \
  "e.id, o.name, e.family, e.refkey, e.reference, e.ref_detail, e.type,"      \
  " e.title, e.status, e.status_detail, e.categories, e.summary, e.url,"      \
  " e.first_seen, e.last_updated, e.created_submission, e.last_submission,"   \
  " e.version, e.org_id"

/* The WHERE clause for `q` from constant fragments; the values are bound
 * in the same order by bind_filters(). */
static void where_clause(const mvr_query_spec *q, int fts, mvr_buf *sql)
{
  mvr_buf_puts(sql, " WHERE 1");
  if (fts)
    mvr_buf_puts(sql, " AND entries_fts MATCH ?");
  if (q->sdo)
    mvr_buf_puts(sql,
                 " AND e.org_id IN (WITH RECURSIVE sub(id) AS ("
                 "SELECT id FROM orgs WHERE name = ? UNION "
                 "SELECT o2.id FROM orgs o2 JOIN sub ON o2.parent_id = sub.id)"
                 " SELECT id FROM sub)");
  if (q->category)
    mvr_buf_puts(sql, " AND (e.catmask & ?) != 0");
  if (q->status)
    mvr_buf_puts(sql, " AND e.status = ?");
  if (q->type)
    mvr_buf_puts(sql, " AND e.type = ?");
  if (q->id)
    mvr_buf_puts(sql, " AND e.id = ?");
  if (q->family && q->refkey)
    mvr_buf_puts(sql, " AND e.family = ? AND e.refkey = ?");
  else if (q->refkey)
    mvr_buf_puts(sql, " AND e.refkey = ? COLLATE NOCASE");
}

static int bind_filters(sqlite3_stmt *st, const mvr_query_spec *q,
                        const char *match, int64_t catmask)
{
  int i = 1;

  if (match)
    sqlite3_bind_text(st, i++, match, -1, SQLITE_TRANSIENT);
  if (q->sdo)
    bind_text(st, i++, q->sdo);
  if (q->category)
    sqlite3_bind_int64(st, i++, catmask);
  if (q->status)
    bind_text(st, i++, q->status);
  if (q->type)
    bind_text(st, i++, q->type);
  if (q->id)
    sqlite3_bind_int64(st, i++, q->id);
  if (q->family && q->refkey) {
    bind_text(st, i++, q->family);
    bind_text(st, i++, q->refkey);
  } else if (q->refkey) {
    bind_text(st, i++, q->refkey);
  }
  return i;
}

static const char *order_by(const char *sort, int fts)
{
  if (!sort || strcmp(sort, "sdo") == 0)
    return fts ? " ORDER BY o.name, e.reference COLLATE mvr_natural, e.id"
               : " ORDER BY o.name, e.reference COLLATE mvr_natural, e.id";
  if (strcmp(sort, "reference") == 0)
    return " ORDER BY e.reference COLLATE mvr_natural, e.id";
  if (strcmp(sort, "title") == 0)
    return " ORDER BY e.title COLLATE NOCASE, e.id";
  if (strcmp(sort, "status") == 0)
    return " ORDER BY e.status, o.name, e.reference COLLATE mvr_natural";
  if (strcmp(sort, "updated") == 0)
    return " ORDER BY e.last_updated DESC, e.id DESC";
  if (strcmp(sort, "rank") == 0)
    return fts ? " ORDER BY bm25(entries_fts, 10.0, 5.0, 1.0), e.id"
               : " ORDER BY o.name, e.reference COLLATE mvr_natural, e.id";
  return NULL;
}

/* Prepare the SELECT (or COUNT, or facet) for `q`. */
static mvr_status prepare_query(sq_store *s, const mvr_query_spec *q,
                                const char *select, const char *join,
                                const char *tail, int paged,
                                sqlite3_stmt **out)
{
  mvr_buf sql = MVR_BUF_INIT(8192), match = MVR_BUF_INIT(8192);
  mvr_status rc = MVR_OK;
  const char *order = NULL;
  int64_t catmask = 0;
  int fts = 0, i;

  *out = NULL;
  if (q->category) {
    rc = cat_mask(s, q->category, 0, &catmask);
    if (rc)
      return rc;
  }
  if (q->text && *q->text) {
    fts_query(q->text, &match);
    fts = match.len > 0;
  }
  if (paged) {
    order = order_by(q->sort, fts);
    if (!order) {
      snprintf(s->err, sizeof s->err, "unknown sort order");
      rc = MVR_ERR_ARG;
      goto out;
    }
  }
  mvr_buf_puts(&sql, select);
  mvr_buf_puts(&sql, " FROM entries e JOIN orgs o ON o.id = e.org_id");
  if (fts)
    mvr_buf_puts(&sql, " JOIN entries_fts ON entries_fts.rowid = e.id");
  if (join)
    mvr_buf_puts(&sql, join);
  where_clause(q, fts, &sql);
  if (tail)
    mvr_buf_puts(&sql, tail);
  if (paged) {
    mvr_buf_puts(&sql, order);
    mvr_buf_puts(&sql, " LIMIT ? OFFSET ?");
  }
  rc = mvr_buf_status(&sql);
  if (!rc)
    rc = mvr_buf_status(&match);
  if (rc)
    goto out;
  if (sqlite3_prepare_v2(s->db, sql.ptr, -1, out, NULL) != SQLITE_OK) {
    rc = fail(s, "preparing a query");
    goto out;
  }
  i = bind_filters(*out, q, fts ? match.ptr : NULL, catmask);
  if (paged) {
    sqlite3_bind_int64(*out, i++, q->limit > 0 ? q->limit : -1);
    sqlite3_bind_int64(*out, i++, q->offset > 0 ? q->offset : 0);
  }
out:
  mvr_buf_free(&sql);
  mvr_buf_free(&match);
  return rc;
}

/* An FTS5 syntax error is the user's, not the database's. */
static mvr_status step_error(sq_store *s, const char *what)
{
  const char *m = sqlite3_errmsg(s->db);

  if (strstr(m, "fts5") || strstr(m, "syntax error")) {
    snprintf(s->err, sizeof s->err, "cannot search for that: %s", m);
    return MVR_ERR_ARG;
  }
  return fail(s, what);
}

static mvr_status sq_query(mvr_store *base, const mvr_query_spec *q,
                           mvr_store_cursor **out)
{
  sq_store *s = (sq_store *)base;
  mvr_store_cursor *c;
  mvr_status rc;

  *out = NULL;
  c = mvr_malloc(sizeof *c);
  if (!c)
    return MVR_ERR_NOMEM;
  memset(c, 0, sizeof *c);
  c->s = s;
  rc = prepare_query(s, q, "SELECT " ENTRY_COLUMNS, NULL, NULL, 1,
                     &c->stmt);
  if (rc) {
    mvr_free(c);
    return rc;
  }
  *out = c;
  return MVR_OK;
}

static mvr_status sq_cursor_next(mvr_store_cursor *c,
                                 const mvr_entry_rec **row)
{
  int r = sqlite3_step(c->stmt);

  *row = NULL;
  if (r == SQLITE_DONE)
    return MVR_OK;
  if (r != SQLITE_ROW)
    return step_error(c->s, "reading entries");
  read_entry(c->stmt, &c->row);
  *row = &c->row;
  return MVR_OK;
}

static void sq_cursor_free(mvr_store_cursor *c)
{
  if (!c)
    return;
  sqlite3_finalize(c->stmt);
  mvr_free(c);
}

static mvr_status sq_count(mvr_store *base, const mvr_query_spec *q, long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r;

  *n = 0;
  rc = prepare_query(s, q, "SELECT count(*)", NULL, NULL, 0, &st);
  if (rc)
    return rc;
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = step_error(s, "counting entries");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_facet(mvr_store *base, const mvr_query_spec *q,
                           const char *facet, mvr_count_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  const char *select, *tail;
  int r;

  const char *join = NULL;

  if (strcmp(facet, "category") == 0) {
    /* multi-valued: an entry counts once per category it has */
    select = "SELECT b.label, count(*)";
    join = " JOIN category_bits b ON (e.catmask >> b.bit) & 1";
    tail = " GROUP BY b.label";
  } else if (strcmp(facet, "status") == 0) {
    select = "SELECT e.status, count(*)";
    tail = " GROUP BY e.status";
  } else if (strcmp(facet, "type") == 0) {
    select = "SELECT e.type, count(*)";
    tail = " GROUP BY e.type";
  } else if (strcmp(facet, "sdo") == 0) {
    select = "SELECT o.name, count(*)";
    tail = " GROUP BY o.name ORDER BY count(*) DESC, o.name";
  } else {
    return MVR_ERR_ARG;
  }
  rc = prepare_query(s, q, select, join, tail, 0, &st);
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    rc = fn(ud, col_text(st, 0), (long)sqlite3_column_int64(st, 1));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = step_error(s, "counting entries");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_total(mvr_store *base, const char *what, long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  const char *sql;
  mvr_status rc = MVR_OK;

  *n = 0;
  if (strcmp(what, "entries") == 0)
    sql = "SELECT count(*) FROM entries";
  else if (strcmp(what, "organisations") == 0)
    sql = "SELECT count(DISTINCT org_id) FROM entries";
  else if (strcmp(what, "submissions") == 0)
    sql = "SELECT count(*) FROM submissions";
  else
    return MVR_ERR_ARG;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return fail(s, "counting");
  if (sqlite3_step(st) == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = fail(s, "counting");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_sources(mvr_store *base, int64_t entry_id,
                             mvr_source_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(
          s->db,
          "SELECT es.submission_id, es.row_no, es.sdo, es.reference, es.type,"
          " es.title, es.status, es.status_detail, es.categories, es.summary,"
          " es.url, sub.file_name, sub.received, sub.doc_number, sub.format,"
          " o.name, sub.imported_at, sub.actor FROM entry_sources es"
          " JOIN submissions sub ON sub.id = es.submission_id"
          " LEFT JOIN orgs o ON o.id = sub.org_id"
          " WHERE es.entry_id = ?1 ORDER BY es.id",
          -1, &st, NULL) != SQLITE_OK)
    return fail(s, "reading sources");
  sqlite3_bind_int64(st, 1, entry_id);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_source_rec src;
    mvr_submission_rec sub;
    memset(&src, 0, sizeof src);
    memset(&sub, 0, sizeof sub);
    src.entry_id = entry_id;
    src.submission_id = sqlite3_column_int64(st, 0);
    src.row = (unsigned long)sqlite3_column_int64(st, 1);
    src.sdo = col_text(st, 2);
    src.reference = col_text(st, 3);
    src.type = col_text(st, 4);
    src.title = col_text(st, 5);
    src.status = col_text(st, 6);
    src.status_detail = col_text(st, 7);
    src.categories = col_text(st, 8);
    src.summary = col_text(st, 9);
    src.url = col_text(st, 10);
    sub.id = src.submission_id;
    sub.file_name = col_text(st, 11);
    sub.received = col_text(st, 12);
    sub.doc = col_text(st, 13);
    sub.format = col_text(st, 14);
    sub.imported_at = col_text(st, 16);
    sub.actor = col_text(st, 17);
    rc = fn(ud, &src, &sub, col_text(st, 15));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = fail(s, "reading sources");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status sq_changes(mvr_store *base, int64_t entry_id,
                             mvr_change_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, submission_id, at, actor, action, field,"
                         " old_value, new_value FROM changes"
                         " WHERE entry_id = ?1 ORDER BY id",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(s, "reading the change log");
  sqlite3_bind_int64(st, 1, entry_id);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_change_rec c;
    c.entry_id = entry_id;
    c.submission_id = sqlite3_column_int64(st, 1);
    c.at = col_text(st, 2);
    c.actor = col_text(st, 3);
    c.action = col_text(st, 4);
    c.field = col_text(st, 5);
    c.old_value = col_text(st, 6);
    c.new_value = col_text(st, 7);
    rc = fn(ud, sqlite3_column_int64(st, 0), &c);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = fail(s, "reading the change log");
  sqlite3_finalize(st);
  return rc;
}

/* "ISO/IEC 23090-2" sorts before "ISO/IEC 23090-10": runs of digits
 * compare by value. */
static int natural_cmp(void *ud, int na, const void *va, int nb,
                       const void *vb)
{
  const unsigned char *a = va, *b = vb;
  int i = 0, j = 0;

  (void)ud;
  while (i < na && j < nb) {
    if (mvr_isdigit(a[i]) && mvr_isdigit(b[j])) {
      int si = i, sj = j, li, lj;
      while (si < na && a[si] == '0')
        si++;
      while (sj < nb && b[sj] == '0')
        sj++;
      i = si;
      j = sj;
      while (i < na && mvr_isdigit(a[i]))
        i++;
      while (j < nb && mvr_isdigit(b[j]))
        j++;
      li = i - si;
      lj = j - sj;
      if (li != lj)
        return li < lj ? -1 : 1;
      if (li) {
        int c = memcmp(a + si, b + sj, (size_t)li);
        if (c)
          return c;
      }
      continue;
    }
    {
      int ca = mvr_tolower(a[i]), cb = mvr_tolower(b[j]);
      if (ca != cb)
        return ca < cb ? -1 : 1;
    }
    i++;
    j++;
  }
  if (i < na)
    return 1;
  if (j < nb)
    return -1;
  return 0;
}

static const mvr_store_ops sqlite_ops = {
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
  sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  if (sqlite3_create_collation(s->db, "mvr_natural", SQLITE_UTF8, NULL,
                               natural_cmp) != SQLITE_OK) {
    rc = fail(s, "collation");
    goto out;
  }
  /* WAL lets readers (the web server) run beside one writer; FULL syncs
   * the WAL at every commit, since approvals are records. No mmap: see
   * docs/robustness.md on the WAL-reset bug. */
  if (!(flags & MVR_OPEN_READONLY)) {
    rc = exec(s, "PRAGMA journal_mode=WAL");
    if (rc)
      goto out;
  }
  rc = exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
               " PRAGMA cache_size=-131072");
  if (rc)
    goto out;
  rc = migrate(s, (flags & MVR_OPEN_READONLY) != 0);
  if (!rc) {
    sqlite3_stmt *st;
    int k;
    for (k = ST_BEGIN_WRITE; k <= ST_ROLLBACK && !rc; k++)
      rc = prep(s, k, &st);
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
    snprintf(err, errlen,
             "this mvroad was built without PostgreSQL support (%s)", uri);
    *out = NULL;
    return MVR_ERR_STORE;
  }
  return mvr_store_sqlite_open(uri, flags, out, err, errlen);
}
