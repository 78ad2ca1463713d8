/* store_sqlite_index.h - the SQLite store's entry index: a compact copy,
 * in memory, of what filters, facet counts and sort orders read from
 * every live entry (issue 7: search p99 under 5 ms at 10^6 entries;
 * issue 5: the uncached load test). A search then reads only the
 * full-text index for its matching ids and the 20 rows of its page,
 * instead of every matching row of `entries` (twice). Private to
 * store_sqlite*.c; implemented by store_sqlite_index.c.
 *
 * The index is kept per connection and made again, at the next search,
 * after any change to the database: by another connection (PRAGMA
 * data_version) or by this one (sqlite3_total_changes64). Inside a write
 * transaction it is not used. Each function below answers only the
 * queries it can answer exactly as the SQL of store_sqlite_read.c does
 * (same rows, same order, same counts); for any other it sets *done = 0
 * and the caller runs that SQL. */
#ifndef MVR_STORE_SQLITE_INDEX_H
#define MVR_STORE_SQLITE_INDEX_H

#include "store_search.h"
#include "store_sqlite.h"

/* Every count of a faceted listing, as store_search.h's facets(). */
mvr_status sq_index_facets(sq_store *s, const mvr_query_spec *q, long *n,
                           mvr_facet_fn fn, void *ud, int *done);

/* The ids of the page of `q` (limit, offset, sort), in order: *ids is
 * NULL or an array of *nids ids, the caller frees it with mvr_free(). */
mvr_status sq_index_page(sq_store *s, const mvr_query_spec *q, int64_t **ids,
                         size_t *nids, int *done);

/* A row of a page, kept with the index (see store_sqlite_index.c): its
 * text follows it in the same block. Counted references: the index's
 * slot holds one, each caller given it holds one. */
typedef struct sq_row {
  unsigned refs;
  size_t size; /* of the block */
  mvr_entry_rec rec;
} sq_row;

/* The kept row of entry `id`, with a reference for the caller, or NULL
 * (none kept, or rows cannot be kept now). */
sq_row *sq_index_row(sq_store *s, int64_t id);
/* Keep a copy of `e`, just read in the caller's snapshot from the page
 * sq_index_page() chose; the copy, with a reference for the caller, or
 * NULL when it cannot be kept (then use `e`). */
sq_row *sq_index_row_keep(sq_store *s, const mvr_entry_rec *e);
/* Give back a reference (NULL: nothing). */
void sq_row_release(sq_row *r);

/* count() of `q`. */
mvr_status sq_index_count(sq_store *s, const mvr_query_spec *q, long *n,
                          int *done);

/* The caller's transaction ends: forget the matches kept for the page
 * of the facets just counted (sq_index_facets() inside a read snapshot
 * keeps its words' ranked matches for the page that follows, in the same
 * snapshot only). */
void sq_index_snapshot_end(sq_store *s);

/* Drop the index (at close). */
void sq_index_free(sq_store *s);

/* Switch the index off (1) or on (0) for this connection: tests compare
 * both paths. */
void sq_index_disable(mvr_store *base, int off);

/* How many times this connection's index was made (tests). */
unsigned long sq_index_builds(mvr_store *base);
/* How many rows of pages were given from those kept (tests). */
unsigned long sq_index_row_hits(mvr_store *base);
/* How many phrases' row counts were taken from those remembered (tests). */
unsigned long sq_index_df_hits(mvr_store *base);

#endif
