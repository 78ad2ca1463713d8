/* db.h - the mvr_db handle shared by the library's modules. */
#ifndef MVR_DB_H
#define MVR_DB_H

#include "profile.h"
#include "store.h"

struct mvr_db {
  mvr_store *store;
  mvr_profile *profile; /* owned */
  char *actor;
  char err[1024];
  mvr_map org_ids; /* canonical org name -> row id, this session */
  int reading;     /* inside mvr_db_read_begin() */
};

/* Set the handle's message (printf-style); returns `rc`. */
mvr_status mvr_db_fail(mvr_db *db, mvr_status rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The message of a failed store call, copied onto the handle. */
mvr_status mvr_db_store_fail(mvr_db *db, mvr_status rc);

/* Row id of organisation `name` (canonical), created with its parents
 * from the profile's registry when missing. Inside a write transaction. */
mvr_status mvr_db_org_id(mvr_db *db, const char *name, const char *family,
                         int known, int64_t *id);

/* Attempts of a write transaction that the server aborted for a
 * serialisation failure or a deadlock (mvr_db_replay()). */
#define MVR_DB_ATTEMPTS 5

/* After attempt number `attempt` (0, 1, ...) of a whole write transaction
 * failed with `rc`: 1 when it should run again from its start, after a
 * short randomised pause (the store's last failure was the server
 * aborting it for a serialisation failure or a deadlock, PostgreSQL
 * 40001/40P01, and attempts remain); else 0, and when the attempts are
 * used up the handle's message says so. The transaction must be rolled
 * back and must hold nothing from the failed attempt (ids, cached org
 * rows: mvr_db_forget_orgs()). */
int mvr_db_replay(mvr_db *db, mvr_status rc, int attempt);

/* Forget cached ids (after a rollback). */
void mvr_db_forget_orgs(mvr_db *db);

/* mvr_map helpers (profile.c) */
mvr_status mvr_map_set(mvr_map *m, const char *key, int val);
void mvr_map_clear(mvr_map *m);

#endif
