/* store_sqlite_dup.h - private to the SQLite backend: its operations for
 * possible duplicates (store_sqlite_dup.c), for the ops table in
 * store_sqlite.c. */
#ifndef MVR_STORE_SQLITE_DUP_H
#define MVR_STORE_SQLITE_DUP_H

#include "store_sqlite.h"

mvr_status sq_dup_entries(mvr_store *base,
                          mvr_status (*fn)(void *ud, const mvr_entry_rec *e),
                          void *ud);
mvr_status sq_dup_mark(mvr_store *base, int64_t a, int64_t b, const char *at,
                       const char *actor, const char *note);
mvr_status sq_dup_unmark(mvr_store *base, int64_t a, int64_t b,
                         const char *at, const char *actor);
mvr_status sq_dup_marks(mvr_store *base, mvr_not_dup_fn fn, void *ud);

#endif
