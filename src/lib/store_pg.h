/* store_pg.h - private to the PostgreSQL backend (issue 8): the handle and
 * the helpers its files share: store_pg.c (connection, migrations,
 * transactions, the ops table), store_pg_write.c (imports and
 * curation), store_pg_read.c (queries, releases, duplicates),
 * store_pg_auth.c (accounts) and store_pg_coord.c (coordination). Every value goes to the server as a bound
 * parameter (PQexecParams); SQL text is built from constant fragments
 * and placeholder numbers only. */
#ifndef MVR_STORE_PG_H
#define MVR_STORE_PG_H

#include <libpq-fe.h>

#include "store.h"

/* Results whose strings a backend hands out borrowed (store.h): each is
 * kept until the next call of the same kind, or the store's close. */
enum { PGR_FIND, PGR_GET, PGR_AUTH, PGR_COUNT };

/* Statements prepared on the server, by the address of their constant
 * SQL text (pg_run); the query builder's text is never cached. */
#define PG_PREPARED 160

typedef struct pg_store {
  mvr_store base;
  PGconn *conn;
  const char *prepared[PG_PREPARED];
  int nprepared;
  PGresult *held[PGR_COUNT];
  char *cat_label[63]; /* category_bits, loaded on first use */
  int cat_loaded;
  int in_txn;
  char err[512];
} pg_store;

struct mvr_store_cursor {
  pg_store *s;
  PGresult *res; /* the whole result: a cursor reads it row by row */
  int next;
  mvr_entry_rec row;
};

/* Parameters of one statement, all sent as text: numbers are formatted
 * into the slots' own buffers. */
#define PG_MAX_PARAMS 120
typedef struct pg_params {
  int n;
  const char *v[PG_MAX_PARAMS];
  char num[PG_MAX_PARAMS][24];
} pg_params;

void pg_p_init(pg_params *p);
/* Returns the placeholder number given to the value ($n). */
int pg_p_text(pg_params *p, const char *v);
int pg_p_int(pg_params *p, int64_t v);
/* NULL for 0. */
int pg_p_id(pg_params *p, int64_t v);

/* Run `sql` with `p` (may be NULL). On success *out (when not NULL) gets
 * the result (the caller PQclear()s it). On failure the store's message
 * is "what: server message" and the status is MVR_ERR_BUSY for
 * serialisation failures and deadlocks, MVR_ERR_NOMEM, or
 * MVR_ERR_STORE. */
mvr_status pg_run(pg_store *s, const char *sql, const pg_params *p,
                  PGresult **out, const char *what);
/* The same for SQL text built at run time (not prepared). pg_run()
 * wants a string literal: it prepares it once per connection. */
mvr_status pg_run_built(pg_store *s, const char *sql, const pg_params *p,
                        PGresult **out, const char *what);
/* The same, for a statement that returns one row whose first column is a
 * number: *v gets it (0 when no row or NULL). */
mvr_status pg_run_int(pg_store *s, const char *sql, const pg_params *p,
                      int64_t *v, const char *what);
/* The same, for a statement that changes rows: *changed (when not NULL)
 * gets how many it touched. */
mvr_status pg_run_count(pg_store *s, const char *sql, const pg_params *p,
                        long *changed, const char *what);
/* Keep `r` as the borrowed result of kind `which` (PGR_*). */
void pg_hold(pg_store *s, int which, PGresult *r);
/* Column text, "" for NULL; a number. */
const char *pg_text(const PGresult *r, int row, int col);
int64_t pg_int(const PGresult *r, int row, int col);
/* An entries row selected with PG_ENTRY_COLUMNS (or PG_RELEASE_COLUMNS). */
void pg_read_entry(const PGresult *r, int row, int col, mvr_entry_rec *e);
/* Set the store's message; returns rc. */
mvr_status pg_failf(pg_store *s, mvr_status rc, const char *fmt, ...);

/* Categories as bits (category_bits), as the SQLite backend keeps them. */
void pg_cat_forget(pg_store *s);
mvr_status pg_cat_mask(pg_store *s, const char *cats, int create,
                       int64_t *mask);

/* The next id of `table` (max + 1), as SQLite numbers rowids: safe under
 * the writer lock that begin(write=1) takes. A constant table name. */
#define PG_NEXT_ID(table) "(SELECT coalesce(max(id), 0) + 1 FROM " table ")"

#define PG_ENTRY_COLUMNS                                                       \
  "e.id, o.name, e.family, e.refkey, e.reference, e.ref_detail, e.type,"       \
  " e.title, e.status, e.status_detail, e.categories, e.summary, e.url,"       \
  " e.first_seen, e.last_updated, e.created_submission, e.last_submission,"    \
  " e.version, e.org_id"
#define PG_RELEASE_COLUMNS                                                     \
  "e.entry_id, e.org, e.family, e.refkey, e.reference, e.ref_detail,"          \
  " e.type, e.title, e.status, e.status_detail, e.categories, e.summary,"      \
  " e.url, e.first_seen, e.last_updated, 0, 0, e.version, 0"

/* The release named `name`; MVR_ERR_NOTFOUND with a message if none. */
mvr_status pg_release_id(pg_store *s, const char *name, int64_t *id);

/* store_pg_write.c */
mvr_status pg_org_ensure(mvr_store *base, const mvr_org_rec *o, int64_t *id);
mvr_status pg_org_alias_add(mvr_store *base, int64_t org_id,
                            const char *alias);
mvr_status pg_submission_find_sha(mvr_store *base, const char *sha,
                                  int64_t *id);
mvr_status pg_submission_add(mvr_store *base, const mvr_submission_rec *r,
                             int64_t *id);
mvr_status pg_submission_finish(mvr_store *base, int64_t id, const char *sha,
                                unsigned long rows, unsigned long added,
                                unsigned long updated);
mvr_status pg_entry_find(mvr_store *base, const char *family,
                         const char *refkey, mvr_entry_rec *out, int *found);
mvr_status pg_entry_insert(mvr_store *base, const mvr_entry_rec *e,
                           int64_t *id);
mvr_status pg_entry_update(mvr_store *base, const mvr_entry_rec *e);
mvr_status pg_entry_touch(mvr_store *base, int64_t id, int64_t submission);
mvr_status pg_source_add(mvr_store *base, const mvr_source_rec *src);
mvr_status pg_change_add(mvr_store *base, const mvr_change_rec *c);
mvr_status pg_entry_resolve(mvr_store *base, const char *family,
                            const char *refkey, int64_t *id);
mvr_status pg_entry_get(mvr_store *base, int64_t id, mvr_entry_rec *out,
                        int *found);
mvr_status pg_entry_rekey(mvr_store *base, int64_t id, const char *family,
                          const char *refkey, const char *reference);
mvr_status pg_alias_add(mvr_store *base, int64_t entry_id, const char *family,
                        const char *refkey, const char *reference,
                        const char *kind, const char *at, const char *actor);
mvr_status pg_aliases(mvr_store *base, int64_t entry_id, mvr_alias_fn fn,
                      void *ud);
mvr_status pg_merge(mvr_store *base, int64_t into, int64_t from,
                    const char *at, const char *actor, const char *note);
mvr_status pg_unmerge(mvr_store *base, int64_t into, int64_t from,
                      const char *at, const char *actor);
mvr_status pg_merged_ids(mvr_store *base, int64_t id,
                         mvr_status (*fn)(void *ud, int64_t id), void *ud);
mvr_status pg_conflict_add(mvr_store *base, const mvr_conflict_rec *c,
                           int64_t *id);
mvr_status pg_conflicts(mvr_store *base, int all, int64_t id,
                        mvr_conflict_fn fn, void *ud);
mvr_status pg_conflict_close(mvr_store *base, int64_t id, const char *at,
                             const char *by, const char *resolution,
                             const char *note);
mvr_status pg_proposal_add(mvr_store *base, const mvr_proposal_rec *p,
                           int64_t *id);
mvr_status pg_proposals(mvr_store *base, const char *state,
                        int64_t submission, int64_t id, mvr_proposal_fn fn,
                        void *ud);
mvr_status pg_proposal_decide(mvr_store *base, int64_t id, const char *state,
                              const char *at, const char *by,
                              const char *note);

/* store_pg_read.c */
mvr_status pg_query(mvr_store *base, const mvr_query_spec *q,
                    mvr_store_cursor **out);
mvr_status pg_cursor_next(mvr_store_cursor *c, const mvr_entry_rec **row);
void pg_cursor_free(mvr_store_cursor *c);
mvr_status pg_count(mvr_store *base, const mvr_query_spec *q, long *n);
mvr_status pg_facet(mvr_store *base, const mvr_query_spec *q,
                    const char *facet, mvr_count_fn fn, void *ud);
mvr_status pg_total(mvr_store *base, const char *what, long *n);
mvr_status pg_sources(mvr_store *base, int64_t entry_id, mvr_source_fn fn,
                      void *ud);
mvr_status pg_changes(mvr_store *base, int64_t entry_id, mvr_change_fn fn,
                      void *ud);
mvr_status pg_submissions(mvr_store *base, mvr_submission_fn fn, void *ud);
mvr_status pg_release_create(mvr_store *base, const mvr_release_rec *r,
                             int64_t *id, long *entries);
mvr_status pg_release_find(mvr_store *base, const char *name,
                           mvr_release_fn fn, void *ud);
mvr_status pg_releases(mvr_store *base, mvr_release_fn fn, void *ud);
mvr_status pg_release_entry(mvr_store *base, int64_t entry_id,
                            mvr_release_entry_fn fn, void *ud);
mvr_status pg_dup_entries(mvr_store *base,
                          mvr_status (*fn)(void *ud, const mvr_entry_rec *e),
                          void *ud);
mvr_status pg_dup_mark(mvr_store *base, int64_t a, int64_t b, const char *at,
                       const char *actor, const char *note);
mvr_status pg_dup_unmark(mvr_store *base, int64_t a, int64_t b,
                         const char *at, const char *actor);
mvr_status pg_dup_marks(mvr_store *base, mvr_not_dup_fn fn, void *ud);

#endif
