/* duplicates.c - possible duplicates (`mvroad duplicates`): entries with
 * different keys whose titles are near-identical once folded (fold.c),
 * found with a set-similarity join over the titles' words (simjoin.c)
 * rather than by comparing every pair; and the not-duplicate marks that
 * dismiss a pair for good. Nothing here changes an entry.
 *
 * The register is read twice through the store, in one read transaction:
 * once for the titles (kept only as word numbers and hashes), once for
 * the display strings of the entries in the reported pairs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "fold.h"
#include "simjoin.h"
#include "util.h"

#define DEFAULT_MIN 0.8
#define LOWEST_MIN 0.5
#define SIMILAR_WEIGHT 0.95 /* similar titles score below identical ones */
#define PART_WEIGHT 0.9     /* a title against another's part title */
#define PART_TITLE_WORDS 3  /* the fewest words a part title is used with */
#define NO_WORD UINT32_MAX
#define EPS 1e-9

enum { M_SAME, M_SIMILAR, M_PART };
static const char *const match_names[] = {"same-title", "similar-title",
                                          "part-title"};

/* One entry as the first pass read it. */
typedef struct dent {
  int64_t id;
  uint64_t key;   /* hash of family and refkey */
  uint64_t title; /* hash of the folded title without prefixes or dashes */
  uint64_t part;  /* hash of its part number ("Part 3"), 0 if none */
} dent;

/* A pair found, by entry index; ida < idb. */
typedef struct dpair {
  int64_t ida, idb;
  uint32_t a, b;
  double score;
  int match;
} dpair;

/* Not-duplicate marks, an open-addressing set of id pairs. */
typedef struct markset {
  int64_t *a, *b;
  size_t cap, n;
} markset;

typedef struct finder {
  mvr_db *db;
  mvr_fold_rules rules;
  mvr_wordlist wl;
  mvr_simjoin *sj;
  double min;
  dent *ent;
  size_t nent, capent;
  unsigned long comparable;
  uint32_t *doc_ent;       /* set -> entry index */
  unsigned char *doc_part; /* set is a part title */
  size_t ndoc, capdoc;
  uint32_t *ids; /* scratch: word numbers of the title being read */
  size_t capids;
  dpair *pairs;
  size_t npairs, cappairs;
  markset marks;
  /* second pass */
  uint32_t *slot; /* entry index -> side, NO_WORD if not reported */
  mvr_dup_side *sides;
  size_t next;
  mvr_arena *arena;
} finder;

typedef struct dups {
  mvr_duplicates pub;
  mvr_duplicate *pairs;
  mvr_dup_side *sides;
  mvr_arena arena;
} dups;

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

#define FNV_BASIS 1469598103934665603ULL

static uint64_t mix(int64_t a, int64_t b)
{
  uint64_t z = (uint64_t)a * 0x9E3779B97F4A7C15ULL ^ (uint64_t)b;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* --- not-duplicate marks -------------------------------------------------- */

static int marked(const markset *m, int64_t a, int64_t b)
{
  size_t i;

  if (!m->cap)
    return 0;
  for (i = mix(a, b) & (m->cap - 1); m->a[i]; i = (i + 1) & (m->cap - 1))
    if (m->a[i] == a && m->b[i] == b)
      return 1;
  return 0;
}

static mvr_status mark_add(markset *m, int64_t a, int64_t b)
{
  size_t i;

  if ((m->n + 1) * 2 > m->cap) {
    markset g = {NULL, NULL, m->cap ? m->cap * 2 : 64, 0};
    g.a = mvr_malloc(g.cap * sizeof *g.a);
    g.b = mvr_malloc(g.cap * sizeof *g.b);
    if (!g.a || !g.b) {
      mvr_free(g.a);
      mvr_free(g.b);
      return MVR_ERR_NOMEM;
    }
    memset(g.a, 0, g.cap * sizeof *g.a);
    for (i = 0; i < m->cap; i++)
      if (m->a[i])
        mark_add(&g, m->a[i], m->b[i]); /* cannot grow: half empty */
    mvr_free(m->a);
    mvr_free(m->b);
    *m = g;
  }
  for (i = mix(a, b) & (m->cap - 1); m->a[i]; i = (i + 1) & (m->cap - 1))
    if (m->a[i] == a && m->b[i] == b)
      return MVR_OK;
  m->a[i] = a;
  m->b[i] = b;
  m->n++;
  return MVR_OK;
}

static mvr_status on_mark(void *ud, const mvr_not_dup *m)
{
  finder *f = ud;
  return mark_add(&f->marks, m->a, m->b);
}

/* --- the first pass: titles into word sets -------------------------------- */

static mvr_status add_set(finder *f, uint32_t entry, size_t from, int part)
{
  uint32_t *set = f->ids + f->wl.n, doc;
  size_t i, n = 0;
  mvr_status rc;

  /* f->ids numbers the words, NO_WORD for those that do not count; the
   * set is gathered in the second half */
  for (i = from; i < f->wl.n; i++)
    if (f->ids[i] != NO_WORD)
      set[n++] = f->ids[i];
  if (!n)
    return MVR_OK;
  if (f->ndoc == f->capdoc) {
    size_t cap = f->capdoc ? f->capdoc * 2 : 1024;
    uint32_t *de = mvr_realloc(f->doc_ent, cap * sizeof *de);
    unsigned char *dp;
    if (!de)
      return MVR_ERR_NOMEM;
    f->doc_ent = de;
    dp = mvr_realloc(f->doc_part, cap);
    if (!dp)
      return MVR_ERR_NOMEM;
    f->doc_part = dp;
    f->capdoc = cap;
  }
  rc = mvr_simjoin_add(f->sj, set, n, &doc);
  if (rc)
    return rc;
  f->doc_ent[f->ndoc] = entry;
  f->doc_part[f->ndoc] = (unsigned char)part;
  f->ndoc++;
  return MVR_OK;
}

/* Number the words of f->wl from `start` that count (not dashes, stop
 * words or acronyms in parentheses) into f->ids, plural-folded. */
static mvr_status number_words(finder *f, size_t start, size_t *counted)
{
  mvr_wordlist *wl = &f->wl;
  size_t i;
  mvr_status rc = MVR_OK;

  *counted = 0;
  if (2 * wl->n > f->capids) {
    uint32_t *p = mvr_realloc(f->ids, 2 * wl->n * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    f->ids = p;
    f->capids = 2 * wl->n;
  }
  for (i = 0; i < wl->n && !rc; i++) {
    char *w = mvr_wordlist_str(wl, i);
    size_t len = wl->w[i].len;
    f->ids[i] = NO_WORD;
    if (i < start || !len || (wl->w[i].flags & MVR_WORD_ASIDE) ||
        mvr_fold_is_stop(&f->rules, w))
      continue;
    len = mvr_fold_stem(w, len);
    rc = mvr_simjoin_intern(f->sj, w, len, &f->ids[i]);
    (*counted)++;
  }
  return rc;
}

static mvr_status on_entry(void *ud, const mvr_entry_rec *e)
{
  finder *f = ud;
  mvr_wordlist *wl = &f->wl;
  dent *d;
  size_t start, tail, i, counted, tail_words = 0;
  uint32_t idx;
  uint64_t h = FNV_BASIS;
  mvr_status rc;

  if (f->nent == f->capent) {
    size_t cap = f->capent ? f->capent * 2 : 1024;
    dent *p = mvr_realloc(f->ent, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    f->ent = p;
    f->capent = cap;
  }
  if (f->nent >= UINT32_MAX - 1)
    return MVR_ERR_TOOBIG;
  idx = (uint32_t)f->nent++;
  d = &f->ent[idx];
  d->id = e->id;
  d->key = fnv(fnv(FNV_BASIS, e->family, strlen(e->family) + 1), e->refkey,
               strlen(e->refkey));
  d->title = 0;
  d->part = 0;
  rc = mvr_fold(e->title, strlen(e->title), 0, wl);
  if (rc == MVR_ERR_DATA)
    return MVR_OK; /* not UTF-8: nothing to compare it with */
  if (rc)
    return rc;
  start = tail = mvr_fold_skip_prefixes(&f->rules, wl);
  /* the title as it reads (stop words included), its part number, and
   * where its part title starts: after "Part N" or the last dash */
  for (i = start; i < wl->n; i++) {
    const char *w = mvr_wordlist_str(wl, i);
    if (wl->w[i].flags & MVR_WORD_DASH) {
      tail = i + 1;
      continue;
    }
    h = fnv(h, w, wl->w[i].len + 1);
    if (strcmp(w, "part") == 0 && i + 1 < wl->n &&
        mvr_isdigit((unsigned char)*mvr_wordlist_str(wl, i + 1))) {
      d->part =
          fnv(FNV_BASIS, mvr_wordlist_str(wl, i + 1), wl->w[i + 1].len) | 1;
      tail = i + 2;
    }
  }
  d->title = h;
  rc = number_words(f, start, &counted);
  if (rc || !counted)
    return rc;
  f->comparable++;
  for (i = tail; i < wl->n; i++)
    tail_words += f->ids[i] != NO_WORD;
  if (tail > start && tail_words >= PART_TITLE_WORDS && tail_words < counted)
    rc = add_set(f, idx, tail, 1);
  if (!rc)
    rc = add_set(f, idx, start, 0);
  return rc;
}

/* --- the join ------------------------------------------------------------- */

static int keep_pair(void *ud, uint32_t x, uint32_t y)
{
  finder *f = ud;
  uint32_t ex = f->doc_ent[x], ey = f->doc_ent[y];
  int px = f->doc_part[x], py = f->doc_part[y];

  if (ex == ey || (px && py) || f->ent[ex].key == f->ent[ey].key)
    return 0;
  /* "— Part 2: ..." and "— Part 3: ..." of one series are not duplicates */
  if (!px && !py && f->ent[ex].part && f->ent[ey].part &&
      f->ent[ex].part != f->ent[ey].part)
    return 0;
  return 1;
}

static mvr_status on_pair(void *ud, uint32_t x, uint32_t y, double jac)
{
  finder *f = ud;
  uint32_t a = f->doc_ent[x], b = f->doc_ent[y];
  dpair *p;
  double score;
  int match;

  if (!f->doc_part[x] && !f->doc_part[y]) {
    int same = jac >= 1 - EPS && f->ent[a].title == f->ent[b].title;
    score = same ? 1.0 : SIMILAR_WEIGHT * jac;
    match = same ? M_SAME : M_SIMILAR;
  } else {
    score = PART_WEIGHT * jac;
    match = M_PART;
  }
  if (score < f->min - EPS)
    return MVR_OK;
  if (f->npairs == f->cappairs) {
    size_t cap = f->cappairs ? f->cappairs * 2 : 256;
    dpair *np = mvr_realloc(f->pairs, cap * sizeof *np);
    if (!np)
      return MVR_ERR_NOMEM;
    f->pairs = np;
    f->cappairs = cap;
  }
  if (f->ent[a].id > f->ent[b].id) {
    uint32_t t = a;
    a = b;
    b = t;
  }
  p = &f->pairs[f->npairs++];
  p->a = a;
  p->b = b;
  p->ida = f->ent[a].id;
  p->idb = f->ent[b].id;
  p->score = score;
  p->match = match;
  return MVR_OK;
}

static int by_ids(const void *va, const void *vb)
{
  const dpair *x = va, *y = vb;

  if (x->ida != y->ida)
    return x->ida < y->ida ? -1 : 1;
  if (x->idb != y->idb)
    return x->idb < y->idb ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return 0;
}

static int by_score(const void *va, const void *vb)
{
  const dpair *x = va, *y = vb;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->ida != y->ida)
    return x->ida < y->ida ? -1 : 1;
  return x->idb < y->idb ? -1 : x->idb > y->idb;
}

/* One line per pair, the best way it matched, without dismissed pairs;
 * best first. */
static void rank_pairs(finder *f, dups *r)
{
  size_t i, n = 0;

  if (!f->npairs)
    return;
  qsort(f->pairs, f->npairs, sizeof *f->pairs, by_ids);
  for (i = 0; i < f->npairs; i++) {
    dpair *p = &f->pairs[i];
    if (n && f->pairs[n - 1].ida == p->ida && f->pairs[n - 1].idb == p->idb)
      continue; /* the same two entries matched another way, lower */
    if (marked(&f->marks, p->ida, p->idb)) {
      r->pub.dismissed++;
      continue;
    }
    f->pairs[n++] = *p;
  }
  f->npairs = n;
  qsort(f->pairs, f->npairs, sizeof *f->pairs, by_score);
}

/* --- the second pass: what to show of the reported entries ---------------- */

static mvr_status on_detail(void *ud, const mvr_entry_rec *e)
{
  finder *f = ud;
  size_t idx = f->next++;
  mvr_dup_side *s;

  if (idx >= f->nent || f->ent[idx].id != e->id)
    return MVR_ERR_INTERNAL; /* the register changed under the read */
  if (f->slot[idx] == NO_WORD)
    return MVR_OK;
  s = &f->sides[f->slot[idx]];
  s->id = e->id;
  s->sdo = mvr_arena_strdup(f->arena, e->sdo);
  s->reference = mvr_arena_strdup(f->arena, e->reference);
  s->title = mvr_arena_strdup(f->arena, e->title);
  if (!s->sdo || !s->reference || !s->title)
    return MVR_ERR_NOMEM;
  return MVR_OK;
}

static mvr_status fill_result(finder *f, dups *r)
{
  mvr_store *st = f->db->store;
  size_t i, nsides = 0;
  mvr_status rc;

  f->slot = mvr_malloc((f->nent ? f->nent : 1) * sizeof *f->slot);
  r->pairs = mvr_malloc((f->npairs ? f->npairs : 1) * sizeof *r->pairs);
  r->sides = mvr_malloc((f->npairs ? 2 * f->npairs : 1) * sizeof *r->sides);
  if (!f->slot || !r->pairs || !r->sides)
    return MVR_ERR_NOMEM;
  for (i = 0; i < f->nent; i++)
    f->slot[i] = NO_WORD;
  for (i = 0; i < f->npairs; i++) {
    if (f->slot[f->pairs[i].a] == NO_WORD)
      f->slot[f->pairs[i].a] = (uint32_t)nsides++;
    if (f->slot[f->pairs[i].b] == NO_WORD)
      f->slot[f->pairs[i].b] = (uint32_t)nsides++;
  }
  f->sides = r->sides;
  f->arena = &r->arena;
  f->next = 0;
  if (f->npairs) {
    rc = st->ops->dup_entries(st, on_detail, f);
    if (rc)
      return rc;
  }
  for (i = 0; i < f->npairs; i++) {
    mvr_duplicate *d = &r->pairs[i];
    d->a = r->sides[f->slot[f->pairs[i].a]];
    d->b = r->sides[f->slot[f->pairs[i].b]];
    d->score = f->pairs[i].score;
    d->match = match_names[f->pairs[i].match];
  }
  r->pub.pairs = r->pairs;
  r->pub.npairs = f->npairs;
  return MVR_OK;
}

static void finder_clear(finder *f)
{
  mvr_fold_rules_clear(&f->rules);
  mvr_wordlist_free(&f->wl);
  mvr_simjoin_free(f->sj);
  mvr_free(f->ent);
  mvr_free(f->doc_ent);
  mvr_free(f->doc_part);
  mvr_free(f->ids);
  mvr_free(f->pairs);
  mvr_free(f->marks.a);
  mvr_free(f->marks.b);
  mvr_free(f->slot);
}

void mvr_duplicates_free(mvr_duplicates *d)
{
  dups *r = (dups *)d;

  if (!r)
    return;
  mvr_free(r->pairs);
  mvr_free(r->sides);
  mvr_arena_free(&r->arena);
  mvr_free(r);
}

/* Is `rc` the store's (its message is on the store), or ours? */
static mvr_status fail(mvr_db *db, mvr_status rc)
{
  if (rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY)
    return mvr_db_store_fail(db, rc);
  if (rc == MVR_ERR_INTERNAL)
    return mvr_db_fail(db, rc, "the register changed while it was read");
  return rc;
}

mvr_status mvr_duplicates_find(mvr_db *db, const mvr_dup_opts *opts,
                               mvr_duplicates **out)
{
  mvr_store *st = db->store;
  mvr_simjoin_stats js;
  finder f;
  dups *r = NULL;
  mvr_status rc = MVR_OK;
  int in_txn = 0;
  long limit = opts ? opts->limit : 0;

  *out = NULL;
  memset(&f, 0, sizeof f);
  mvr_wordlist_init(&f.wl);
  f.db = db;
  f.min = opts && opts->min_score > 0 ? opts->min_score : DEFAULT_MIN;
  if (!(f.min >= LOWEST_MIN && f.min <= 1) || limit < 0) {
    rc = mvr_db_fail(db, MVR_ERR_ARG,
                     limit < 0 ? "the limit must not be negative"
                               : "the score must be between 0.5 and 1");
    goto out;
  }
  r = mvr_malloc(sizeof *r);
  if (!r) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(r, 0, sizeof *r);
  rc = mvr_fold_rules_init(&f.rules, db->profile);
  if (!rc)
    rc = mvr_simjoin_new(&f.sj);
  if (rc)
    goto out;
  /* one snapshot for both passes and the marks */
  rc = st->ops->begin(st, 0);
  if (rc)
    goto out;
  in_txn = 1;
  rc = st->ops->dup_marks(st, on_mark, &f);
  if (!rc)
    rc = st->ops->dup_entries(st, on_entry, &f);
  /* similar titles score SIMILAR_WEIGHT * Jaccard: join at what reaches
   * the minimum; the callback drops the rest */
  if (!rc)
    rc = mvr_simjoin_run(f.sj, fmin(1.0, f.min / SIMILAR_WEIGHT), keep_pair,
                         on_pair, &f, &js);
  if (rc)
    goto out;
  rank_pairs(&f, r);
  r->pub.found = (unsigned long)f.npairs;
  if (limit > 0 && f.npairs > (size_t)limit)
    f.npairs = (size_t)limit;
  rc = fill_result(&f, r);
  if (rc)
    goto out;
  r->pub.entries = f.comparable;
  r->pub.all_pairs = (unsigned long long)f.comparable *
                     (f.comparable ? f.comparable - 1 : 0) / 2;
  r->pub.examined = js.candidates;
  r->pub.scored = js.verified;
  rc = st->ops->commit(st);
  in_txn = rc != MVR_OK;
out:
  if (in_txn)
    st->ops->rollback(st);
  finder_clear(&f);
  if (rc) {
    mvr_duplicates_free(r ? &r->pub : NULL);
    return fail(db, rc);
  }
  *out = &r->pub;
  return MVR_OK;
}

/* --- marks ---------------------------------------------------------------- */

/* Mark (undo = 0) or unmark the pair a, b. */
static mvr_status mark(mvr_db *db, int64_t a, int64_t b, const char *note,
                       int undo)
{
  mvr_store *st = db->store;
  char at[21];
  int attempt;
  mvr_status rc;

  if (a <= 0 || b <= 0)
    return mvr_db_fail(db, MVR_ERR_ARG, "entry ids are positive numbers");
  if (a == b)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "entry %lld is the same entry, not a pair",
                       (long long)a);
  if (a > b) {
    int64_t t = a;
    a = b;
    b = t;
  }
  mvr_timestamp_now(at);
  /* one write transaction, run again when the server aborted it for a
   * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
  for (attempt = 0;; attempt++) {
    rc = st->ops->begin(st, 1);
    if (rc)
      return mvr_db_store_fail(db, rc);
    rc = undo ? st->ops->dup_unmark(st, a, b, at, db->actor)
              : st->ops->dup_mark(st, a, b, at, db->actor, note);
    if (!rc)
      rc = st->ops->commit(st);
    if (rc) {
      mvr_db_store_fail(db, rc);
      st->ops->rollback(st);
    }
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

mvr_status mvr_not_duplicate(mvr_db *db, int64_t a, int64_t b, const char *note)
{
  return mark(db, a, b, note, 0);
}

mvr_status mvr_not_duplicate_undo(mvr_db *db, int64_t a, int64_t b)
{
  return mark(db, a, b, NULL, 1);
}

mvr_status mvr_not_duplicate_list(mvr_db *db, mvr_not_dup_fn fn, void *ud)
{
  mvr_store *st = db->store;
  mvr_status rc = st->ops->dup_marks(st, fn, ud);

  return rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY ? mvr_db_store_fail(db, rc)
                                                   : rc;
}
