/* cache.h - a small in-memory cache of the public answers (anonymous GETs
 * answered 200 with a page or JSON), so that a popular search is computed
 * once and not on every request. It never serves stale data for long: an
 * answer is dropped as soon as the database file or its write-ahead log
 * changes (size, time or inode), and after CACHE_TTL seconds in any case,
 * well within the max-age the responses already allow clients to keep
 * them. On PostgreSQL (issue 8) there are no files to watch: the
 * generation follows the server's WAL position (mvr_db_change_stamp()),
 * so a change made by another process or another `mvroad serve` is seen
 * at once there too. Memory is bounded (slots, bytes per answer, bytes
 * in all). */
#ifndef MVROAD_SERVER_CACHE_H
#define MVROAD_SERVER_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "mvroad.h"
#include "sbuf.h"

#define CACHE_TTL 10                   /* seconds an answer is kept */
#define CACHE_SLOTS 1024               /* answers kept at most */
#define CACHE_ENTRY_MAX (1024 * 1024)  /* larger answers are not kept */
#define CACHE_BYTES (64 * 1024 * 1024) /* bytes kept in all */

typedef struct cache cache;

/* A cache for the database at `db_path` (a file: its changes are
 * watched; or a postgresql:// URI). On success *out is set; free with
 * cache_free(). Returns 0 or -1 (out of memory). */
int cache_new(const char *db_path, cache **out);
void cache_free(cache *c);

/* The database's current generation: it changes whenever the database
 * file or its log changed since the last call (PostgreSQL: the WAL
 * position read through `db`; when it cannot be read, every call is a
 * new generation: nothing is served from the cache). Take it before
 * computing an answer and store the answer under it. */
uint64_t cache_generation(cache *c, mvr_db *db);

/* Copy the answer kept for `key` (of generation `gen`, not expired) into
 * `body`; *ctype and *cc get its content type and Cache-Control value
 * (string literals). Returns 1 on a hit, 0 on a miss. */
int cache_get(cache *c, const char *key, size_t klen, uint64_t gen, sbuf *body,
              const char **ctype, const char **cc);

/* Keep a copy of `body` for `key`, computed at generation `gen`; `ctype`
 * and `cc` must be string literals. Does nothing when the answer is too
 * large or the cache full. */
void cache_put(cache *c, const char *key, size_t klen, uint64_t gen,
               const char *ctype, const char *cc, const char *body, size_t len);

/* Hits and misses so far (for the log at the stop). */
void cache_counts(cache *c, unsigned long *hits, unsigned long *misses);

#endif
