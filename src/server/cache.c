/* cache.c - the answer cache (see cache.h): a direct-mapped table of
 * CACHE_SLOTS answers under a read-write lock, keyed by the request
 * target, valid for one database generation and CACHE_TTL seconds. */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct slot {
  uint64_t hash, gen;
  char *key; /* NULL when empty */
  size_t klen;
  char *body;
  size_t len;
  const char *ctype, *cc;
  time_t at; /* CLOCK_MONOTONIC seconds */
} slot;

/* What identifies a version of the database files. */
typedef struct stamp {
  long long db_size, db_sec, db_nsec, db_ino;
  long long wal_size, wal_sec, wal_nsec, wal_ino;
  char lsn[40]; /* PostgreSQL: the WAL position */
} stamp;

struct cache {
  pthread_rwlock_t lock; /* guards slots and bytes */
  slot slots[CACHE_SLOTS];
  size_t bytes;
  pthread_mutex_t stamp_lock; /* guards last and gen */
  stamp last;
  uint64_t gen;
  char *db, *wal;
  int pg; /* db is a postgresql:// URI */
  atomic_ulong hits, misses;
};

static time_t mono_seconds(void)
{
  struct timespec t;

  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec;
}

static uint64_t fnv1a(const char *p, size_t n)
{
  uint64_t h = 14695981039346656037ULL;
  size_t i;

  for (i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

int cache_new(const char *db_path, cache **out)
{
  cache *c = calloc(1, sizeof *c);
  size_t n = strlen(db_path);
  int rc = -1;

  *out = NULL;
  if (!c)
    goto out;
  c->db = malloc(n + 1);
  c->wal = malloc(n + 5);
  if (!c->db || !c->wal)
    goto out;
  memcpy(c->db, db_path, n + 1);
  memcpy(c->wal, db_path, n);
  memcpy(c->wal + n, "-wal", 5);
  c->pg = strncmp(db_path, "postgres", 8) == 0;
  pthread_rwlock_init(&c->lock, NULL);
  pthread_mutex_init(&c->stamp_lock, NULL);
  atomic_init(&c->hits, 0);
  atomic_init(&c->misses, 0);
  *out = c;
  c = NULL;
  rc = 0;
out:
  if (c) {
    free(c->db);
    free(c->wal);
    free(c);
  }
  return rc;
}

void cache_free(cache *c)
{
  size_t i;

  if (!c)
    return;
  for (i = 0; i < CACHE_SLOTS; i++) {
    free(c->slots[i].key);
    free(c->slots[i].body);
  }
  pthread_rwlock_destroy(&c->lock);
  pthread_mutex_destroy(&c->stamp_lock);
  free(c->db);
  free(c->wal);
  free(c);
}

/* 0, or -1 when the stamp could not be read (PostgreSQL). */
static int read_stamp(const cache *c, mvr_db *db, stamp *s)
{
  struct stat st;

  memset(s, 0, sizeof *s);
  if (c->pg)
    return db && mvr_db_change_stamp(db, s->lsn, sizeof s->lsn) == MVR_OK &&
                   s->lsn[0]
               ? 0
               : -1;
  if (stat(c->db, &st) == 0) {
    s->db_size = (long long)st.st_size;
    s->db_sec = (long long)st.st_mtim.tv_sec;
    s->db_nsec = (long long)st.st_mtim.tv_nsec;
    s->db_ino = (long long)st.st_ino;
  }
  if (stat(c->wal, &st) == 0) {
    s->wal_size = (long long)st.st_size;
    s->wal_sec = (long long)st.st_mtim.tv_sec;
    s->wal_nsec = (long long)st.st_mtim.tv_nsec;
    s->wal_ino = (long long)st.st_ino;
  }
  return 0;
}

uint64_t cache_generation(cache *c, mvr_db *db)
{
  stamp s;
  uint64_t gen;
  int unknown = read_stamp(c, db, &s) != 0;

  pthread_mutex_lock(&c->stamp_lock);
  if (unknown || memcmp(&s, &c->last, sizeof s) != 0) {
    c->last = s;
    c->gen++;
  }
  gen = c->gen;
  pthread_mutex_unlock(&c->stamp_lock);
  return gen;
}

int cache_get(cache *c, const char *key, size_t klen, uint64_t gen, sbuf *body,
              const char **ctype, const char **cc)
{
  uint64_t h = fnv1a(key, klen);
  const slot *s = &c->slots[h % CACHE_SLOTS];
  int hit = 0;

  pthread_rwlock_rdlock(&c->lock);
  if (s->key && s->hash == h && s->gen == gen && s->klen == klen &&
      memcmp(s->key, key, klen) == 0 && mono_seconds() - s->at < CACHE_TTL) {
    sbuf_put(body, s->body, s->len);
    *ctype = s->ctype;
    *cc = s->cc;
    hit = !sbuf_failed(body);
  }
  pthread_rwlock_unlock(&c->lock);
  atomic_fetch_add(hit ? &c->hits : &c->misses, 1);
  return hit;
}

void cache_put(cache *c, const char *key, size_t klen, uint64_t gen,
               const char *ctype, const char *cc, const char *body, size_t len)
{
  uint64_t h = fnv1a(key, klen);
  slot *s = &c->slots[h % CACHE_SLOTS];
  char *k, *b;

  if (len > CACHE_ENTRY_MAX)
    return;
  /* copy outside the lock */
  k = malloc(klen);
  b = malloc(len ? len : 1);
  if (!k || !b)
    goto out;
  memcpy(k, key, klen);
  memcpy(b, body, len);
  pthread_rwlock_wrlock(&c->lock);
  if (s->key) {
    c->bytes -= s->len + s->klen;
    free(s->key);
    free(s->body);
    s->key = s->body = NULL;
  }
  if (c->bytes + len + klen <= CACHE_BYTES) {
    s->hash = h;
    s->gen = gen;
    s->key = k;
    s->klen = klen;
    s->body = b;
    s->len = len;
    s->ctype = ctype;
    s->cc = cc;
    s->at = mono_seconds();
    c->bytes += len + klen;
    k = b = NULL;
  }
  pthread_rwlock_unlock(&c->lock);
out:
  free(k);
  free(b);
}

void cache_counts(cache *c, unsigned long *hits, unsigned long *misses)
{
  *hits = atomic_load(&c->hits);
  *misses = atomic_load(&c->misses);
}
