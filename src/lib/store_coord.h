/* store_coord.h - storage of the coordination records (issue 6):
 * organisations' coordination data, representatives, liaison statements,
 * documents, meetings and the vocabulary.
 *
 * Engine-neutral on purpose: every record kind is a fixed list of text
 * columns (MVR_COORD_* in include/mvroad/coord.h names the kinds; the
 * columns are mvr_coord_fields(kind), in that order). A backend keeps
 * one table per kind with those columns, all TEXT, "" for an absent
 * value, and a unique key made of the kind's first `mvr_coord_key_len`
 * columns. The library validates and normalises every value before it
 * reaches the store; the store only keeps and returns them.
 *
 * Personal data (MVR_COORD_REP rows: name, e-mail, ...) lives only in
 * the representatives' table: no change log, no search index, no copy in
 * any other table. rep_remove is the register's one hard delete: it must
 * leave no readable copy in the database file (SQLite: secure_delete
 * and a WAL checkpoint; PostgreSQL: DELETE then VACUUM of that table). */
#ifndef MVR_STORE_COORD_H
#define MVR_STORE_COORD_H

#include "mvroad.h"

typedef struct mvr_store mvr_store;

/* One row: `n` values, borrowed until the callback returns. */
typedef mvr_status (*mvr_coord_store_fn)(void *ud, const char *const *vals,
                                         size_t n);

struct mvr_store_coord_ops {
  /* Insert row `vals` (mvr_coord_nfields(kind) values, none NULL) of
   * `kind`, replacing the row with the same key. Inside a write
   * transaction. */
  mvr_status (*put)(mvr_store *s, int kind, const char *const *vals);
  /* Delete the row of `kind` whose key columns equal `key` (key_len
   * values); *deleted = rows removed (0 or 1). For MVR_COORD_REP this is
   * the hard delete described above. Inside a write transaction; the
   * backend scrubs freed space at its commit (SQLite) or after
   * (PostgreSQL) as it must. */
  mvr_status (*del)(mvr_store *s, int kind, const char *const *key,
                    int *deleted);
  /* Every row of `kind`, ordered by its key columns. */
  mvr_status (*list)(mvr_store *s, int kind, mvr_coord_store_fn fn,
                     void *ud);
  /* Make deleted personal data unreadable in the storage files (SQLite:
   * checkpoint and truncate the WAL; PostgreSQL: VACUUM coord_reps).
   * Outside any transaction, after the deleting one committed. */
  mvr_status (*scrub)(mvr_store *s);
};

#endif
