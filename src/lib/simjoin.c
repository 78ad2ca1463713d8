/* simjoin.c - the set-similarity join (see simjoin.h): a word dictionary,
 * document frequencies, and PPJoin-style candidate generation from an
 * inverted index over each set's rarest words. */
#include "simjoin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define EPS 1e-9

struct mvr_simjoin {
  /* the dictionary: word id -> bytes, and a hash table bytes -> id + 1 */
  mvr_buf strs;
  uint32_t *woff, *df;
  uint32_t nwords, capwords;
  uint32_t *table;
  size_t tcap;
  /* the sets: words of set d are tok[off[d] .. off[d + 1]) */
  uint32_t *tok;
  size_t ntok, captok;
  uint32_t *off;
  uint32_t ndocs, capdocs;
  int ran;
};

mvr_status mvr_simjoin_new(mvr_simjoin **out)
{
  mvr_simjoin *j = mvr_malloc(sizeof *j);

  *out = NULL;
  if (!j)
    return MVR_ERR_NOMEM;
  memset(j, 0, sizeof *j);
  mvr_buf_init(&j->strs, (size_t)UINT32_MAX - 1);
  *out = j;
  return MVR_OK;
}

void mvr_simjoin_free(mvr_simjoin *j)
{
  if (!j)
    return;
  mvr_buf_free(&j->strs);
  mvr_free(j->woff);
  mvr_free(j->df);
  mvr_free(j->table);
  mvr_free(j->tok);
  mvr_free(j->off);
  mvr_free(j);
}

uint32_t mvr_simjoin_ndocs(const mvr_simjoin *j)
{
  return j->ndocs;
}
uint32_t mvr_simjoin_nwords(const mvr_simjoin *j)
{
  return j->nwords;
}

const char *mvr_simjoin_word(const mvr_simjoin *j, uint32_t id)
{
  return id < j->nwords ? j->strs.ptr + j->woff[id] : NULL;
}

uint32_t mvr_simjoin_df(const mvr_simjoin *j, uint32_t id)
{
  return id < j->nwords ? j->df[id] : 0;
}

/* --- the dictionary ------------------------------------------------------- */

static uint64_t hash(const char *s, size_t n)
{
  uint64_t h = 1469598103934665603ULL;
  size_t i;

  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static int word_is(const mvr_simjoin *j, uint32_t id, const char *w, size_t n)
{
  const char *s = j->strs.ptr + j->woff[id];
  return memcmp(s, w, n) == 0 && s[n] == '\0';
}

static mvr_status table_grow(mvr_simjoin *j)
{
  size_t cap = j->tcap ? j->tcap * 2 : 1024, i, k;
  uint32_t *t = mvr_malloc(cap * sizeof *t);

  if (!t)
    return MVR_ERR_NOMEM;
  memset(t, 0, cap * sizeof *t);
  for (i = 0; i < j->tcap; i++) {
    uint32_t id = j->table[i];
    const char *s;
    if (!id)
      continue;
    s = j->strs.ptr + j->woff[id - 1];
    k = (size_t)hash(s, strlen(s)) & (cap - 1);
    while (t[k])
      k = (k + 1) & (cap - 1);
    t[k] = id;
  }
  mvr_free(j->table);
  j->table = t;
  j->tcap = cap;
  return MVR_OK;
}

mvr_status mvr_simjoin_intern(mvr_simjoin *j, const char *w, size_t n,
                              uint32_t *id)
{
  mvr_status rc;
  size_t k;

  *id = 0;
  if ((size_t)(j->nwords + 1) * 2 > j->tcap) {
    rc = table_grow(j);
    if (rc)
      return rc;
  }
  k = (size_t)hash(w, n) & (j->tcap - 1);
  while (j->table[k]) {
    if (word_is(j, j->table[k] - 1, w, n)) {
      *id = j->table[k] - 1;
      return MVR_OK;
    }
    k = (k + 1) & (j->tcap - 1);
  }
  if (j->nwords == j->capwords) {
    uint32_t cap = j->capwords ? j->capwords * 2 : 1024;
    uint32_t *wo = mvr_realloc(j->woff, cap * sizeof *wo);
    uint32_t *df;
    if (!wo)
      return MVR_ERR_NOMEM;
    j->woff = wo;
    df = mvr_realloc(j->df, cap * sizeof *df);
    if (!df)
      return MVR_ERR_NOMEM;
    j->df = df;
    j->capwords = cap;
  }
  j->woff[j->nwords] = (uint32_t)j->strs.len;
  mvr_buf_put(&j->strs, w, n);
  mvr_buf_putc(&j->strs, '\0');
  rc = mvr_buf_status(&j->strs);
  if (rc)
    return rc;
  j->df[j->nwords] = 0;
  j->table[k] = j->nwords + 1;
  *id = j->nwords++;
  return MVR_OK;
}

/* --- the sets ------------------------------------------------------------- */

static void sort_u32(uint32_t *a, size_t n)
{
  size_t i, k;

  /* sets are a few words long: insertion sort */
  for (i = 1; i < n; i++) {
    uint32_t v = a[i];
    for (k = i; k > 0 && a[k - 1] > v; k--)
      a[k] = a[k - 1];
    a[k] = v;
  }
}

mvr_status mvr_simjoin_add(mvr_simjoin *j, const uint32_t *ids, size_t n,
                           uint32_t *doc)
{
  uint32_t *t;
  size_t i, m = 0;

  *doc = 0;
  if (j->ran || j->ndocs == UINT32_MAX - 1 || n > UINT32_MAX - j->ntok)
    return MVR_ERR_ARG;
  if (j->ndocs + 1 >= j->capdocs) {
    uint32_t cap = j->capdocs ? j->capdocs * 2 : 1024;
    uint32_t *o = mvr_realloc(j->off, cap * sizeof *o);
    if (!o)
      return MVR_ERR_NOMEM;
    j->off = o;
    j->capdocs = cap;
    if (!j->ndocs)
      j->off[0] = 0;
  }
  if (j->ntok + n > j->captok) {
    size_t cap = j->captok ? j->captok * 2 : 8192;
    while (cap < j->ntok + n)
      cap *= 2;
    t = mvr_realloc(j->tok, cap * sizeof *t);
    if (!t)
      return MVR_ERR_NOMEM;
    j->tok = t;
    j->captok = cap;
  }
  t = j->tok + j->ntok;
  for (i = 0; i < n; i++)
    if (ids[i] < j->nwords)
      t[m++] = ids[i];
  sort_u32(t, m);
  n = m;
  for (i = m = 0; i < n; i++) {
    if (m && t[m - 1] == t[i])
      continue;
    t[m++] = t[i];
    j->df[t[i]]++;
  }
  j->ntok += m;
  *doc = j->ndocs++;
  j->off[j->ndocs] = (uint32_t)j->ntok;
  return MVR_OK;
}

/* --- the join ------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

#define LEN(j, d) ((j)->off[(d) + 1] - (j)->off[d])

/* Words become ranks (rarest first) and every set is sorted by rank; the
 * sets are ordered by size in *order. */
static mvr_status prepare(mvr_simjoin *j, uint32_t **order)
{
  uint64_t *keys = NULL;
  uint32_t *rank = NULL;
  mvr_status rc = MVR_OK;
  size_t i, n = j->nwords > j->ndocs ? j->nwords : j->ndocs;

  *order = NULL;
  keys = mvr_malloc((n ? n : 1) * sizeof *keys);
  rank = mvr_malloc((j->nwords ? j->nwords : 1) * sizeof *rank);
  *order = mvr_malloc((j->ndocs ? j->ndocs : 1) * sizeof **order);
  if (!keys || !rank || !*order) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < j->nwords; i++)
    keys[i] = (uint64_t)j->df[i] << 32 | i;
  qsort(keys, j->nwords, sizeof *keys, cmp_u64);
  for (i = 0; i < j->nwords; i++)
    rank[keys[i] & UINT32_MAX] = (uint32_t)i;
  for (i = 0; i < j->ntok; i++)
    j->tok[i] = rank[j->tok[i]];
  for (i = 0; i < j->ndocs; i++) {
    sort_u32(j->tok + j->off[i], LEN(j, i));
    keys[i] = (uint64_t)LEN(j, i) << 32 | i;
  }
  qsort(keys, j->ndocs, sizeof *keys, cmp_u64);
  for (i = 0; i < j->ndocs; i++)
    (*order)[i] = (uint32_t)(keys[i] & UINT32_MAX);
out:
  mvr_free(keys);
  mvr_free(rank);
  if (rc) {
    mvr_free(*order);
    *order = NULL;
  }
  return rc;
}

static uint32_t ceil_u(double v)
{
  return (uint32_t)ceil(v - EPS);
}

/* Words of a set of `len` that go into the index: two sets with Jaccard
 * >= t overlap in at least 2t/(1+t) of the larger's size (PPJoin). */
static uint32_t index_prefix(uint32_t len, double t)
{
  return len ? len - ceil_u(2 * t / (1 + t) * len) + 1 : 0;
}

/* |a ∩ b| of two rank-sorted sets if it reaches `need`, else less (the
 * count stops as soon as `need` is out of reach). */
static uint32_t overlap(const uint32_t *a, uint32_t na, const uint32_t *b,
                        uint32_t nb, uint32_t need)
{
  uint32_t i = 0, k = 0, o = 0;

  while (i < na && k < nb) {
    uint32_t left = na - i < nb - k ? na - i : nb - k;
    if (o + left < need)
      break;
    if (a[i] == b[k]) {
      o++;
      i++;
      k++;
    } else if (a[i] < b[k]) {
      i++;
    } else {
      k++;
    }
  }
  return o;
}

/* One posting: set `doc`, whose word at position `pos` is this one, with
 * its size and signature (kept here to spare lookups per candidate). */
typedef struct posting {
  uint64_t sig;
  uint32_t doc, pos, len;
} posting;

/* A set's signature: one bit per word (64 bits, so words share bits).
 * popcount(sx & ~sy) <= |x \ y|: a cheap bound before any counting. */
static uint64_t signature(const uint32_t *t, uint32_t n)
{
  uint64_t s = 0;
  uint32_t i;

  for (i = 0; i < n; i++)
    s |= (uint64_t)1 << ((t[i] * 2654435761u) >> 26);
  return s;
}

/* Can sets with these signatures and sizes overlap in `need` words? */
static int sig_ok(uint64_t sx, uint32_t lx, uint64_t sy, uint32_t ly,
                  uint32_t need)
{
  return (uint32_t)__builtin_popcountll(sx & ~sy) + need <= lx &&
         (uint32_t)__builtin_popcountll(sy & ~sx) + need <= ly;
}

typedef struct join {
  uint32_t *order, *start, *fill, *head, *cand, *need;
  posting *post;
  int32_t *acc;
} join;

static void join_free(join *J)
{
  mvr_free(J->order);
  mvr_free(J->start);
  mvr_free(J->fill);
  mvr_free(J->head);
  mvr_free(J->cand);
  mvr_free(J->need);
  mvr_free(J->post);
  mvr_free(J->acc);
}

/* Room for the postings of every set's index prefix, word by word, and
 * the overlap each sum of two sizes needs. */
static mvr_status index_alloc(mvr_simjoin *j, join *J, double t)
{
  size_t nw = (size_t)j->nwords + 1, total = 0, i, k, maxlen = 0;

  J->start = mvr_malloc(nw * sizeof *J->start);
  J->fill = mvr_malloc(nw * sizeof *J->fill);
  J->head = mvr_malloc(nw * sizeof *J->head);
  J->acc = mvr_malloc((j->ndocs ? j->ndocs : 1) * sizeof *J->acc);
  J->cand = mvr_malloc((j->ndocs ? j->ndocs : 1) * sizeof *J->cand);
  if (!J->start || !J->fill || !J->head || !J->acc || !J->cand)
    return MVR_ERR_NOMEM;
  memset(J->fill, 0, nw * sizeof *J->fill);
  memset(J->acc, 0, (j->ndocs ? j->ndocs : 1) * sizeof *J->acc);
  for (i = 0; i < j->ndocs; i++) {
    uint32_t p = index_prefix(LEN(j, i), t);
    if (LEN(j, i) > maxlen)
      maxlen = LEN(j, i);
    for (k = 0; k < p; k++)
      J->fill[j->tok[j->off[i] + k]]++;
  }
  for (i = 0; i < j->nwords; i++) {
    J->start[i] = (uint32_t)total;
    total += J->fill[i];
  }
  J->start[j->nwords] = (uint32_t)total;
  memcpy(J->fill, J->start, nw * sizeof *J->fill);
  memcpy(J->head, J->start, nw * sizeof *J->head);
  J->post = mvr_malloc((total ? total : 1) * sizeof *J->post);
  J->need = mvr_malloc((2 * maxlen + 1) * sizeof *J->need);
  if (!J->post || !J->need)
    return MVR_ERR_NOMEM;
  /* two sets of sizes summing to s need an overlap of t/(1+t) s */
  for (i = 0; i <= 2 * maxlen; i++)
    J->need[i] = ceil_u(t / (1 + t) * (double)i);
  return MVR_OK;
}

/* Probe the index with the prefix of set x (size lx): every earlier set
 * that shares one of those words and passes the length and positional
 * filters ends in J->cand with J->acc > 0. Returns how many are there. */
static uint32_t probe(join *J, const uint32_t *tx, uint32_t lx, uint64_t sx,
                      uint32_t minlen, uint64_t *candidates)
{
  uint32_t i, ncand = 0, prefix = lx ? lx - minlen + 1 : 0;

  for (i = 0; i < prefix; i++) {
    uint32_t w = tx[i], k, end = J->fill[w];
    const posting *p;
    while (J->head[w] < end && J->post[J->head[w]].len < minlen)
      J->head[w]++; /* too short for x, so for every later set too */
    for (k = J->head[w], p = J->post + k; k < end; k++, p++) {
      uint32_t y = p->doc, rest;
      int32_t a = J->acc[y];
      if (a < 0)
        continue; /* pruned */
      if (a == 0) {
        J->cand[ncand++] = y;
        (*candidates)++;
        if (!sig_ok(sx, lx, p->sig, p->len, J->need[lx + p->len])) {
          J->acc[y] = -1;
          continue;
        }
      }
      /* the positional filter: what is left cannot reach the need */
      rest =
          lx - i - 1 < p->len - p->pos - 1 ? lx - i - 1 : p->len - p->pos - 1;
      J->acc[y] = (uint32_t)a + 1 + rest >= J->need[lx + p->len] ? a + 1 : -1;
    }
  }
  return ncand;
}

mvr_status mvr_simjoin_run(mvr_simjoin *j, double t, mvr_simjoin_keep_fn keep,
                           mvr_simjoin_pair_fn fn, void *ud,
                           mvr_simjoin_stats *st)
{
  mvr_simjoin_stats s = {0, 0, 0};
  join J;
  mvr_status rc = MVR_OK;
  uint32_t oi;

  memset(&J, 0, sizeof J);
  if (st)
    memset(st, 0, sizeof *st);
  if (!(t > 0 && t <= 1) || j->ran)
    return MVR_ERR_ARG;
  j->ran = 1;
  rc = prepare(j, &J.order);
  if (!rc)
    rc = index_alloc(j, &J, t);
  for (oi = 0; !rc && oi < j->ndocs; oi++) {
    uint32_t x = J.order[oi], lx = LEN(j, x), i, c, ncand;
    const uint32_t *tx = j->tok + j->off[x];
    uint64_t sx = signature(tx, lx);
    /* the sets before x are no larger; Jaccard >= t needs |y| >= t |x| */
    ncand = probe(&J, tx, lx, sx, ceil_u(t * lx), &s.candidates);
    for (i = 0; i < index_prefix(lx, t); i++) {
      posting *p = &J.post[J.fill[tx[i]]++];
      p->sig = sx;
      p->doc = x;
      p->pos = i;
      p->len = lx;
    }
    for (c = 0; c < ncand; c++) {
      uint32_t y = J.cand[c], ly = LEN(j, y), o, need = J.need[lx + ly];
      int live = J.acc[y] > 0;
      J.acc[y] = 0;
      if (rc || !live)
        continue;
      s.verified++;
      o = overlap(tx, lx, j->tok + j->off[y], ly, need);
      if (o < need || (double)o / (lx + ly - o) < t - EPS ||
          (keep && !keep(ud, x, y)))
        continue;
      s.matched++;
      rc = fn(ud, x, y, (double)o / (lx + ly - o));
    }
  }
  join_free(&J);
  if (st)
    *st = s;
  return rc;
}
