/* store_search.h - storage operations that make a faceted search cheap
 * (issue 5: the web register's load test), reached as
 * store->ops->search->... . Implemented by store_sqlite_search.c. A
 * backend may leave `store->ops->search` NULL, or any member NULL: the
 * library then does the same work with the general operations of
 * store.h (count(), then facet() once per facet), with the same result.
 *
 * Conventions are store.h's: labels handed to a callback are borrowed
 * until it returns; MVR_ERR_STORE leaves a message for errmsg(). */
#ifndef MVR_STORE_SEARCH_H
#define MVR_STORE_SEARCH_H

#include "store.h"

/* One count of a facet: `facet` is "category", "status", "type" or
 * "sdo", `label` one of its values, `n` > 0 entries with it. */
typedef mvr_status (*mvr_facet_fn)(void *ud, const char *facet,
                                   const char *label, long n);

struct mvr_store_search_ops {
  /* Every count of a faceted listing, in one pass over the entries `q`
   * matches (limit, offset and sort ignored): *n = the number of
   * entries (as count()), then fn() once per value of each facet, with
   * exactly what facet() gives for that facet: "category" counts an
   * entry once per category it has (the labels of category_bits);
   * "status", "type" and "category" values in byte order of their
   * label; "sdo" (the organisation's name; a release's frozen text)
   * by count descending, then name in byte order. The facets come in
   * the order category, status, type, sdo. A callback's error stops
   * the pass and is returned. The caller may hold a read transaction
   * (begin(write=0)) or not. */
  mvr_status (*facets)(mvr_store *s, const mvr_query_spec *q, long *n,
                       mvr_facet_fn fn, void *ud);
};

#endif
