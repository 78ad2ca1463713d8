/* query.h - resolving a public mvr_query into the store's canonical terms,
 * and turning stored rows into public mvr_entry values. */
#ifndef MVR_QUERY_H
#define MVR_QUERY_H

#include "db.h"
#include "store.h"

typedef struct mvr_resolved {
  mvr_query_spec spec;
  char *sdo; /* owned */
} mvr_resolved;

/* Resolve `q` (NULL = everything). MVR_ERR_NOTFOUND with a message on the
 * handle when a filter names no known category, status or type. */
mvr_status mvr_query_resolve(mvr_db *db, const mvr_query *q,
                             mvr_resolved *out);
void mvr_resolved_clear(mvr_resolved *r);

/* Fill `e` from `row`; categories are split into `cats` (at most ncats)
 * pointing into `buf`. */
mvr_status mvr_entry_from_rec(const mvr_entry_rec *row, mvr_entry *e,
                              const char **cats, size_t ncats, mvr_buf *buf);

#endif
