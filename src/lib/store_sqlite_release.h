/* store_sqlite_release.h - private to the SQLite backend: its release
 * operations (store_sqlite_release.c), for the ops table in
 * store_sqlite.c and for the query builder in store_sqlite_read.c, which
 * reads a release's frozen rows for "as of" queries. */
#ifndef MVR_STORE_SQLITE_RELEASE_H
#define MVR_STORE_SQLITE_RELEASE_H

#include "store_sqlite.h"

/* A release_entries row (alias e) in the column order of ENTRY_COLUMNS,
 * so that sq_read_entry() reads it: the organisation is stored by name;
 * the submissions and the organisation's row id are not kept (0). */
#define RELEASE_COLUMNS                                                        \
  "e.entry_id, e.org, e.family, e.refkey, e.reference, e.ref_detail,"          \
  " e.type, e.title, e.status, e.status_detail, e.categories, e.summary,"      \
  " e.url, e.first_seen, e.last_updated, 0, 0, e.version, 0"

/* The row id of the release named `name`. MVR_ERR_NOTFOUND, with a
 * message, when there is none. */
mvr_status sq_release_id(sq_store *s, const char *name, int64_t *id);

/* The operations, one per store.h slot. */
mvr_status sq_release_create(mvr_store *base, const mvr_release_rec *r,
                             int64_t *id, long *entries);
mvr_status sq_release_find(mvr_store *base, const char *name, mvr_release_fn fn,
                           void *ud);
mvr_status sq_releases(mvr_store *base, mvr_release_fn fn, void *ud);
mvr_status sq_release_entry(mvr_store *base, int64_t entry_id,
                            mvr_release_entry_fn fn, void *ud);

#endif
