/* mvroad/copy.h - copying a whole register from one store to another
 * (issue 8: `mvroad migrate`, SQLite <-> PostgreSQL).
 *
 * Included by mvroad.h; do not include it alone. See docs/postgresql.md. */
#ifndef MVROAD_COPY_H
#define MVROAD_COPY_H

/* One table copied: its name, its rows in the source (counted in the
 * source's snapshot) and in the destination after the load. */
typedef void (*mvr_copy_count_fn)(void *ud, const char *table, long source,
                                  long destination);

/* Copy every table of register `from` (entries, organisations, aliases,
 * submissions, sources, the change log, merges, not-duplicate marks,
 * conflicts, proposals, releases and their rows, accounts, sessions,
 * tokens, login throttling, coordination records, topic overrides) into
 * register `to`, which must be empty, keeping every id. The source is
 * read in one read transaction (one snapshot), the destination written
 * in one write transaction, so a failure leaves it as it was. Before
 * the commit, the rows of every table are counted on both sides; any
 * difference fails the copy. `fn` (may be NULL) gets each table's counts
 * once all are verified, in load order.
 *
 * Returns MVR_OK; MVR_ERR_EXISTS when `to` is not empty (message names a
 * non-empty table); MVR_ERR_SCHEMA when either register has a table or
 * column the copy does not know (a newer schema); MVR_ERR_DATA when the
 * counts differ; MVR_ERR_STORE, MVR_ERR_BUSY, MVR_ERR_NOMEM. The message
 * is on mvr_db_errmsg(to). */
MVR_EXPORT mvr_status mvr_db_copy(mvr_db *from, mvr_db *to,
                                  mvr_copy_count_fn fn, void *ud);

#endif
