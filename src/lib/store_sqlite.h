/* store_sqlite.h - private to the SQLite backend (store.h's engine): the
 * handle, the cached statements, and the helpers its files share:
 * store_sqlite.c (open, migrate, transactions, the ops table),
 * store_sqlite_write.c (imports) and store_sqlite_read.c (queries). */
#ifndef MVR_STORE_SQLITE_H
#define MVR_STORE_SQLITE_H

#include <sqlite3.h>

#include "buf.h"
#include "store.h"
#include "store_search.h"

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
  ST_RESOLVE,
  ST_MERGED_INTO,
  ST_FTS_FLUSH,
  ST_GEN_BUMP,
  ST_FTS_MERGE,
  ST_COUNT
};

typedef struct sq_store {
  mvr_store base;
  sqlite3 *db;
  sqlite3_stmt *st[ST_COUNT];
  mvr_entry_rec found; /* borrowed rows of ST_ENTRY_FIND */
  char *cat_label[63]; /* category_bits, loaded on first use */
  int cat_loaded;
  sqlite3_stmt *get_stmt; /* entry_get's, kept open for borrowed rows */
  sqlite3_stmt *auth_stmt; /* store_sqlite_auth.c's, the same way */
  struct sq_qcache *qc;    /* store_sqlite_read.c's statements by SQL text */
  struct sq_index *ix;     /* store_sqlite_index.c's entry index, or NULL */
  int ix_off;              /* the entry index switched off (tests) */
  /* Writes on this connection to what the entry index reads (entries,
   * orgs, category_bits, entries_fts*), seen by the update hook:
   * ix_writes counts them (the index remakes itself when it moved);
   * ix_txn_dirty says the open transaction made some, so its commit
   * adds one to entry_gen for the other connections. */
  unsigned long ix_writes;
  int ix_txn_dirty;
  /* The open transaction wrote the full-text index: its commit merges
   * some of the index's segments (sq_commit). */
  int fts_txn_dirty;
  char err[512];
  int in_txn;
  /* Entries inserted in the open write transaction are indexed for
   * search in one statement just before it commits (sq_fts_flush): every
   * entry with id >= fts_from, 0 = none pending. Ids only grow (entries
   * are never deleted), so that is exactly this transaction's new ones. */
  int64_t fts_from;
  unsigned fts_pending; /* how many: flushed at SQ_FTS_BATCH, while their
                           pages are still in the cache */
} sq_store;

struct mvr_store_cursor {
  sq_store *s;
  sqlite3_stmt *stmt;
  mvr_entry_rec row;
  int by_id;    /* a page chosen by the entry index: stmt reads ids */
  int64_t *ids; /* NULL when the page is empty */
  size_t nids, next;
  struct sq_row *held; /* the row last given, when a kept one */
};

/* Set the store's message from SQLite's; returns the matching status. */
mvr_status sq_fail(sq_store *s, const char *what);
/* Run constant SQL text. */
mvr_status sq_exec(sq_store *s, const char *sql);
/* The cached statement `which` (ST_*), prepared on first use. */
mvr_status sq_prep(sq_store *s, int which, sqlite3_stmt **out);
void sq_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Binds NULL for 0. */
void sq_bind_id(sqlite3_stmt *st, int i, int64_t v);
/* Step a statement that returns no row, then reset it. */
mvr_status sq_run(sq_store *s, sqlite3_stmt *st, const char *what);
/* Column text, "" for NULL. */
const char *sq_col_text(sqlite3_stmt *st, int i);
/* An entries row selected with ENTRY_COLUMNS. */
void sq_read_entry(sqlite3_stmt *st, mvr_entry_rec *e);

/* Index the entries inserted since the transaction began (fts_from) in
 * the full-text table, in one INSERT ... SELECT; a no-op when none are
 * pending. Called before COMMIT and before anything that reads or edits
 * the index inside the transaction. */
mvr_status sq_fts_flush(sq_store *s);
/* New entries are indexed this many at a time (and at commit): a whole
 * large import at once would read its entries back from the WAL. */
#define SQ_FTS_BATCH 2048
/* Is entry `id` still waiting for sq_fts_flush (so not in the index)? */
#define SQ_FTS_PENDING(s, id) ((s)->fts_from && (id) >= (s)->fts_from)

/* Finalize the read statements kept by SQL text (store_sqlite_read.c). */
void sq_qcache_free(sq_store *s);

/* The statement of a listing's count or facets for `q` (store_sqlite_read.c):
 * `select` columns FROM the entries (live: e and o; release: e) with
 * `join` and `tail` after the filters, values bound, unpaged; give it
 * back with sq_query_release(). */
mvr_status sq_query_prepare(sq_store *s, const mvr_query_spec *q,
                            const char *select, const char *join,
                            const char *tail, sqlite3_stmt **out);
void sq_query_release(sq_store *s, sqlite3_stmt *st);
/* The status of a failed step of such a statement: MVR_ERR_ARG for the
 * user's FTS5 syntax, else sq_fail(s, what). */
mvr_status sq_step_error(sq_store *s, const char *what);
/* store_sqlite_search.c: faceted searches in one pass (store_search.h) */
extern const struct mvr_store_search_ops sq_search_ops;
/* Hand out the "category" counts of bits[] (entries per category bit)
 * under their labels, in byte order of the label. */
mvr_status sq_emit_categories(sq_store *s, const long *bits,
                              mvr_facet_fn fn, void *ud);
/* The FTS5 query of the user's words into `b` (store_sqlite_read.c); an
 * empty `b` after it: no words, no full-text condition. */
void sq_fts_match(const char *text, mvr_buf *b);
/* The live register's ORDER BY text of sort key `sort`, or NULL. */
const char *sq_order_live(const char *sort);
/* Categories as bits (category_bits): see store_sqlite_write.c. */
void sq_cat_forget(sq_store *s);
/* Load s->cat_label[] from category_bits unless loaded. */
mvr_status sq_cat_load(sq_store *s);
mvr_status sq_cat_mask(sq_store *s, const char *cats, int create,
                       int64_t *mask);

#define ENTRY_COLUMNS                                                          \
  "e.id, o.name, e.family, e.refkey, e.reference, e.ref_detail, e.type,"       \
  " e.title, e.status, e.status_detail, e.categories, e.summary, e.url,"       \
  " e.first_seen, e.last_updated, e.created_submission, e.last_submission,"    \
  " e.version, e.org_id"

/* Collation "mvr_natural": "23090-2" sorts before "23090-10". */
int sq_natural_cmp(void *ud, int na, const void *va, int nb, const void *vb);

/* The operations, one per store.h slot. */
mvr_status sq_change_add(mvr_store *base, const mvr_change_rec *c);
mvr_status sq_changes(mvr_store *base, int64_t entry_id, mvr_change_fn fn,
                      void *ud);
mvr_status sq_count(mvr_store *base, const mvr_query_spec *q, long *n);
mvr_status sq_cursor_next(mvr_store_cursor *c, const mvr_entry_rec **row);
mvr_status sq_entry_find(mvr_store *base, const char *family,
                         const char *refkey, mvr_entry_rec *out, int *found);
mvr_status sq_entry_insert(mvr_store *base, const mvr_entry_rec *e,
                           int64_t *id);
mvr_status sq_entry_touch(mvr_store *base, int64_t id, int64_t submission);
mvr_status sq_entry_update(mvr_store *base, const mvr_entry_rec *e);
mvr_status sq_facet(mvr_store *base, const mvr_query_spec *q, const char *facet,
                    mvr_count_fn fn, void *ud);
mvr_status sq_org_alias_add(mvr_store *base, int64_t org_id, const char *alias);
mvr_status sq_org_ensure(mvr_store *base, const mvr_org_rec *o, int64_t *id);
mvr_status sq_query(mvr_store *base, const mvr_query_spec *q,
                    mvr_store_cursor **out);
mvr_status sq_source_add(mvr_store *base, const mvr_source_rec *src);
mvr_status sq_sources(mvr_store *base, int64_t entry_id, mvr_source_fn fn,
                      void *ud);
mvr_status sq_submission_add(mvr_store *base, const mvr_submission_rec *r,
                             int64_t *id);
mvr_status sq_submission_find_sha(mvr_store *base, const char *sha,
                                  int64_t *id);
mvr_status sq_submission_finish(mvr_store *base, int64_t id, const char *sha,
                                unsigned long rows, unsigned long added,
                                unsigned long updated);
mvr_status sq_total(mvr_store *base, const char *what, long *n);
void sq_cursor_free(mvr_store_cursor *c);


/* store_sqlite_auth.c: accounts (store_auth.h) */
extern const struct mvr_store_auth_ops sq_auth_ops;

/* store_sqlite_curate.c: aliases, merges, conflicts, proposals */
mvr_status sq_entry_resolve(mvr_store *base, const char *family,
                            const char *refkey, int64_t *id);
mvr_status sq_entry_get(mvr_store *base, int64_t id, mvr_entry_rec *out,
                        int *found);
mvr_status sq_entry_rekey(mvr_store *base, int64_t id, const char *family,
                          const char *refkey, const char *reference);
mvr_status sq_alias_add(mvr_store *base, int64_t entry_id, const char *family,
                        const char *refkey, const char *reference,
                        const char *kind, const char *at, const char *actor);
mvr_status sq_aliases(mvr_store *base, int64_t entry_id, mvr_alias_fn fn,
                      void *ud);
mvr_status sq_merge(mvr_store *base, int64_t into, int64_t from,
                    const char *at, const char *actor, const char *note);
mvr_status sq_unmerge(mvr_store *base, int64_t into, int64_t from,
                      const char *at, const char *actor);
mvr_status sq_merged_ids(mvr_store *base, int64_t id,
                         mvr_status (*fn)(void *ud, int64_t id), void *ud);
mvr_status sq_conflict_add(mvr_store *base, const mvr_conflict_rec *c,
                           int64_t *id);
mvr_status sq_conflicts(mvr_store *base, int all, int64_t id,
                        mvr_conflict_fn fn, void *ud);
mvr_status sq_conflict_close(mvr_store *base, int64_t id, const char *at,
                             const char *by, const char *resolution,
                             const char *note);
mvr_status sq_proposal_add(mvr_store *base, const mvr_proposal_rec *p,
                           int64_t *id);
mvr_status sq_proposals(mvr_store *base, const char *state,
                        int64_t submission, int64_t id, mvr_proposal_fn fn,
                        void *ud);
mvr_status sq_proposal_decide(mvr_store *base, int64_t id, const char *state,
                              const char *at, const char *by,
                              const char *note);

#endif
