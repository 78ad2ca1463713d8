/* overlaps.c - overlaps across organisations (`mvroad overlaps`, issue
 * 7): TF-IDF vectors of titles and summaries (terms.c), candidates from
 * an inverted index over each entry's rarest weighty terms, cosine of
 * the candidates of different families, known equivalences set apart,
 * clusters by connected components.
 *
 * The register is read twice through the store's query op, in one read
 * transaction: once for the words (kept as term numbers and weights),
 * once for the display strings and texts of the entries of the pairs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "terms.h"
#include "util.h"

#define DEFAULT_MIN 0.15
#define LOWEST_MIN 0.05
#define INDEX_TERMS 10  /* the k weightiest rare terms of an entry */
#define MAX_DF_CAP 64   /* a term in more entries is not indexed... */
#define MIN_DF_CAP 32   /* ...nor, in small registers, in more than
                           max(MIN_DF_CAP, N / 10) */
#define TITLE_TF 3      /* a word of the title counts twice */
#define SHOW_TERMS 5
#define NONE UINT32_MAX
#define EPS 1e-9

typedef struct tw {
  uint32_t t;
  float w;
} tw;

typedef struct oent {
  int64_t id;
  uint64_t fam; /* hash of the reference family */
  size_t off;   /* terms in f->tv[off .. off + n), by term id */
  uint32_t n;
} oent;

typedef struct opair {
  uint32_t a, b; /* entry indexes, ent[a].id < ent[b].id */
  float score;
  int equiv;       /* 0, or an index + 1 into why_names */
} opair;

enum { WHY_ALIAS = 1, WHY_SAME_TITLE, WHY_TWIN };
static const char *const why_names[] = {"", "alias", "same title",
                                        "twin text"};

/* What the second pass keeps of an entry of a pair: what is shown, and
 * what the equivalence tests need, folded once per entry. */
typedef struct odetail {
  const char *sdo, *family, *reference, *title;
  const char *text;      /* " title summary " folded, or NULL when it has
                            no phrase of equivalence */
  const char *ref_key;   /* " refkey " folded, or NULL (no digit) */
  const char *ref_shown; /* " reference " folded */
  const char *title_f;   /* " title" folded without prefixes, or NULL
                            when shorter than SAME_TITLE_WORDS */
  uint64_t key;          /* hash of family and refkey */
  const uint64_t *aliases; /* hashes of its aliases' keys */
  size_t naliases;
} odetail;

#define SAME_TITLE_WORDS 3

typedef struct finder {
  mvr_db *db;
  mvr_terms terms;
  double min;
  oent *ent;
  size_t nent, capent;
  tw *tv;
  size_t ntv, captv;
  uint32_t *df;
  size_t capdf;
  uint32_t *ids; /* scratch */
  size_t nids, capids;
  opair *pairs;
  size_t npairs, cappairs;
  uint64_t examined, scored;
  /* second pass */
  const char **disp; /* term -> its display, copied into the result */
  uint32_t *slot; /* entry index -> detail, NONE if in no pair */
  odetail *det;
  size_t next;
  mvr_arena *arena;
} finder;

typedef struct result {
  mvr_overlaps pub;
  mvr_overlap *pairs;
  mvr_overlap_side *sides;   /* one per entry in a pair */
  mvr_overlap_side *members; /* the clusters' members */
  mvr_overlap_cluster *clusters;
  mvr_arena arena;
} result;

static uint64_t fnv(const char *s)
{
  uint64_t h = 1469598103934665603ULL;

  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* --- the first pass: texts into term vectors ------------------------------ */

static mvr_status on_entry(finder *f, const mvr_entry_rec *e)
{
  oent *d;
  size_t i, k, title_n;
  mvr_status rc;

  if (f->nent == f->capent) {
    size_t cap = f->capent ? f->capent * 2 : 1024;
    oent *p = mvr_realloc(f->ent, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    f->ent = p;
    f->capent = cap;
  }
  if (f->nent >= UINT32_MAX - 1)
    return MVR_ERR_TOOBIG;
  f->nids = 0;
  rc = mvr_terms_add(&f->terms, e->title, strlen(e->title), 1, &f->ids,
                     &f->nids, &f->capids);
  title_n = f->nids;
  if (!rc && e->summary)
    rc = mvr_terms_add(&f->terms, e->summary, strlen(e->summary), 0, &f->ids,
                       &f->nids, &f->capids);
  if (rc)
    return rc;
  if (!f->nids)
    return MVR_OK; /* no words that count: nothing to compare */
  if (mvr_terms_count(&f->terms) >= 0x7fffffffu)
    return MVR_ERR_TOOBIG; /* the title mark below needs the high bit */
  /* title words count TITLE_TF times: mark them with the high bit while
   * sorting (term numbers stay far below 2^31) */
  for (i = 0; i < title_n; i++)
    f->ids[i] |= 0x80000000u;
  if (f->ntv + f->nids > f->captv) {
    size_t cap = f->captv ? f->captv * 2 : 65536;
    tw *p;
    while (cap < f->ntv + f->nids)
      cap *= 2;
    p = mvr_realloc(f->tv, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    f->tv = p;
    f->captv = cap;
  }
  if (mvr_terms_count(&f->terms) > f->capdf) {
    size_t cap = f->capdf ? f->capdf * 2 : 4096;
    uint32_t *p;
    while (cap < mvr_terms_count(&f->terms))
      cap *= 2;
    p = mvr_realloc(f->df, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    memset(p + f->capdf, 0, (cap - f->capdf) * sizeof *p);
    f->df = p;
    f->capdf = cap;
  }
  for (i = 0; i < f->nids; i++) {
    uint32_t v = f->ids[i];
    f->ids[i] = (v & 0x7fffffffu) << 1 | (v >> 31); /* term, then title */
  }
  qsort(f->ids, f->nids, sizeof *f->ids, cmp_u32);
  d = &f->ent[f->nent++];
  d->id = e->id;
  d->fam = fnv(e->family ? e->family : "");
  d->off = f->ntv;
  d->n = 0;
  for (i = 0; i < f->nids; i = k) {
    uint32_t t = f->ids[i] >> 1;
    float tf = 0;
    for (k = i; k < f->nids && f->ids[k] >> 1 == t; k++)
      tf += (f->ids[k] & 1) ? TITLE_TF : 1;
    f->tv[f->ntv].t = t;
    f->tv[f->ntv].w = tf;
    f->ntv++;
    d->n++;
    f->df[t]++;
  }
  return MVR_OK;
}

/* TF-IDF: (1 + ln tf) * ln(N / df), each vector of length 1. Terms in
 * every entry weigh nothing and are dropped. */
static void weigh(finder *f)
{
  double N = (double)f->nent;
  size_t i, k, out = 0;

  for (i = 0; i < f->nent; i++) {
    oent *d = &f->ent[i];
    double norm = 0;
    size_t start = out;
    for (k = d->off; k < d->off + d->n; k++) {
      tw x = f->tv[k];
      double w = (1 + log(x.w)) * log(N / f->df[x.t]);
      if (w <= 0)
        continue;
      x.w = (float)w;
      norm += w * w;
      f->tv[out++] = x;
    }
    norm = sqrt(norm);
    for (k = start; k < out; k++)
      f->tv[k].w = (float)(f->tv[k].w / norm);
    d->off = start;
    d->n = (uint32_t)(out - start);
  }
  f->ntv = out;
}

static double dot(const finder *f, uint32_t a, uint32_t b)
{
  const tw *x = f->tv + f->ent[a].off, *xe = x + f->ent[a].n;
  const tw *y = f->tv + f->ent[b].off, *ye = y + f->ent[b].n;
  double s = 0;

  while (x < xe && y < ye) {
    if (x->t < y->t)
      x++;
    else if (x->t > y->t)
      y++;
    else
      s += (double)(x++)->w * (y++)->w;
  }
  return s;
}

static mvr_status add_pair(finder *f, uint32_t a, uint32_t b, double s)
{
  opair *p;

  if (f->npairs == f->cappairs) {
    size_t cap = f->cappairs ? f->cappairs * 2 : 256;
    opair *np = mvr_realloc(f->pairs, cap * sizeof *np);
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
  p->score = (float)s;
  p->equiv = 0;
  return MVR_OK;
}

/* The candidates: every entry indexes its INDEX_TERMS weightiest terms
 * held by at least 2 and at most `cap` entries; entries that share an
 * indexed term are compared (cosine of the whole vectors) when their
 * families differ. */
static mvr_status join(finder *f)
{
  size_t N = f->nent, i, k, cap;
  uint32_t *cnt = NULL, *post = NULL, *itok = NULL, *seen = NULL;
  size_t *start = NULL, nterms = mvr_terms_count(&f->terms), total = 0;
  mvr_status rc = MVR_ERR_NOMEM;

  cap = N / 10;
  if (cap < MIN_DF_CAP)
    cap = MIN_DF_CAP;
  if (cap > MAX_DF_CAP)
    cap = MAX_DF_CAP;
  itok = mvr_malloc((N ? N : 1) * INDEX_TERMS * sizeof *itok);
  start = mvr_malloc((nterms + 1) * sizeof *start);
  cnt = mvr_malloc((nterms + 1) * sizeof *cnt);
  seen = mvr_malloc((N ? N : 1) * sizeof *seen);
  if (!itok || !start || !cnt || !seen)
    goto out;
  memset(cnt, 0, (nterms + 1) * sizeof *cnt);
  for (i = 0; i < N; i++) {
    const oent *d = &f->ent[i];
    uint32_t *top = itok + i * INDEX_TERMS;
    float topw[INDEX_TERMS];
    size_t ntop = 0, j;
    seen[i] = NONE;
    /* the INDEX_TERMS heaviest eligible terms, by insertion */
    for (k = d->off; k < d->off + d->n; k++) {
      uint32_t t = f->tv[k].t;
      float w = f->tv[k].w;
      if (f->df[t] < 2 || f->df[t] > cap)
        continue;
      for (j = ntop; j > 0 && topw[j - 1] < w; j--)
        if (j < INDEX_TERMS) {
          top[j] = top[j - 1];
          topw[j] = topw[j - 1];
        }
      if (j < INDEX_TERMS) {
        top[j] = t;
        topw[j] = w;
        if (ntop < INDEX_TERMS)
          ntop++;
      }
    }
    for (j = ntop; j < INDEX_TERMS; j++)
      top[j] = NONE;
    for (j = 0; j < ntop; j++)
      cnt[top[j]]++;
  }
  for (k = 0; k < nterms; k++) {
    start[k] = total;
    total += cnt[k];
    cnt[k] = 0;
  }
  start[nterms] = total;
  post = mvr_malloc((total ? total : 1) * sizeof *post);
  if (!post)
    goto out;
  for (i = 0; i < N; i++)
    for (k = 0; k < INDEX_TERMS && itok[i * INDEX_TERMS + k] != NONE; k++) {
      uint32_t t = itok[i * INDEX_TERMS + k];
      post[start[t] + cnt[t]++] = (uint32_t)i;
    }
  rc = MVR_OK;
  /* postings hold entry indexes in increasing order: pair x with later y */
  for (i = 0; i < N && !rc; i++) {
    for (k = 0; k < INDEX_TERMS && !rc; k++) {
      uint32_t t = itok[i * INDEX_TERMS + k];
      size_t p;
      if (t == NONE)
        break;
      for (p = start[t]; p < start[t + 1] && !rc; p++) {
        uint32_t y = post[p];
        double s;
        if (y <= i || seen[y] == i)
          continue;
        seen[y] = (uint32_t)i;
        f->examined++;
        if (f->ent[y].fam == f->ent[i].fam)
          continue;
        f->scored++;
        s = dot(f, (uint32_t)i, y);
        if (s >= f->min - EPS)
          rc = add_pair(f, (uint32_t)i, y, s);
      }
    }
  }
out:
  mvr_free(itok);
  mvr_free(start);
  mvr_free(cnt);
  mvr_free(seen);
  mvr_free(post);
  return rc;
}

/* --- the second pass: texts of the entries of the pairs ------------------- */

typedef mvr_status (*entry_fn)(finder *f, const mvr_entry_rec *e);

/* Every entry shown in listings, in id order. */
static mvr_status read_entries(finder *f, entry_fn fn)
{
  mvr_store *st = f->db->store;
  mvr_store_cursor *c = NULL;
  const mvr_entry_rec *row;
  mvr_query_spec q;
  mvr_status rc;

  memset(&q, 0, sizeof q);
  q.sort = "id";
  rc = st->ops->query(st, &q, &c);
  if (rc)
    return rc;
  while (!(rc = st->ops->cursor_next(c, &row)) && row) {
    rc = fn(f, row);
    if (rc)
      break;
  }
  st->ops->cursor_free(c);
  return rc;
}

/* --- known equivalences: what each entry of a pair says ------------------- */

/* Phrases that say a text is another's twin or transposition. */
static const char *const cues[] = {
    " twin text ",  " common text ", " transposition ", " transposes ",
    " transposed ", " jointly ",     " identical ",     " equivalent ",
    " adopts ",     " adopted ",     " adoption ",      " published as ",
    " endorses ",   " endorsement ", " same text ",     " aligned text "};

static int has_digit(const char *s)
{
  for (; *s; s++)
    if (mvr_isdigit((unsigned char)*s))
      return 1;
  return 0;
}

/* Words of `s` folded into `out`, each with a space before and the last
 * with one after: " twin text of iso iec 230903 ". With `title`, the
 * profile's prefixes are skipped. *nwords (may be NULL) gets the count. */
static mvr_status folded(mvr_terms *t, const char *s, int title, mvr_buf *out,
                         size_t *nwords)
{
  mvr_wordlist *wl = &t->wl;
  size_t i, n = 0;
  mvr_status rc;

  mvr_buf_reset(out);
  mvr_buf_putc(out, ' ');
  rc = mvr_fold(s, strlen(s), 0, wl);
  if (rc && rc != MVR_ERR_DATA)
    return rc;
  if (!rc)
    for (i = title ? mvr_fold_skip_prefixes(&t->rules, wl) : 0; i < wl->n;
         i++) {
      if (!wl->w[i].len)
        continue;
      mvr_buf_put(out, mvr_wordlist_str(wl, i), wl->w[i].len);
      mvr_buf_putc(out, ' ');
      n++;
    }
  if (nwords)
    *nwords = n;
  return mvr_buf_status(out);
}

static uint64_t key_hash(const char *family, const char *refkey)
{
  uint64_t h = fnv(family ? family : "");
  const char *p;

  h ^= 0xff;
  h *= 1099511628211ULL;
  for (p = refkey ? refkey : ""; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    h ^= (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch; /* keys compare caseless */
    h *= 1099511628211ULL;
  }
  return h;
}

typedef struct alias_list {
  mvr_buf hashes; /* uint64_t each */
} alias_list;

static mvr_status on_alias(void *ud, const char *family, const char *refkey,
                           const char *reference, const char *kind)
{
  alias_list *l = ud;
  uint64_t h = key_hash(family, refkey);

  (void)reference;
  (void)kind;
  mvr_buf_put(&l->hashes, &h, sizeof h);
  return mvr_buf_status(&l->hashes);
}

static mvr_status on_detail(finder *f, const mvr_entry_rec *e)
{
  mvr_store *st = f->db->store;
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  alias_list al = {MVR_BUF_INIT(1 << 20)};
  odetail *d;
  uint32_t idx;
  size_t i, n;
  mvr_status rc;
  int cue = 0;

  /* entries without terms were skipped by the first pass */
  while (f->next < f->nent && f->ent[f->next].id < e->id)
    f->next++;
  if (f->next >= f->nent || f->ent[f->next].id != e->id)
    return MVR_OK;
  idx = f->slot[f->next];
  if (idx == NONE)
    return MVR_OK;
  d = &f->det[idx];
  d->sdo = mvr_arena_strdup(f->arena, e->sdo ? e->sdo : "");
  d->family = mvr_arena_strdup(f->arena, e->family ? e->family : "");
  d->reference = mvr_arena_strdup(f->arena, e->reference ? e->reference : "");
  d->title = mvr_arena_strdup(f->arena, e->title ? e->title : "");
  d->key = key_hash(e->family, e->refkey);
  if (!d->sdo || !d->family || !d->reference || !d->title)
    return MVR_ERR_NOMEM;
  /* the text, kept only when it holds a phrase of equivalence */
  mvr_buf_printf(&b, "%s. %s", d->title, e->summary ? e->summary : "");
  rc = mvr_buf_status(&b);
  if (!rc) {
    char *s = mvr_buf_detach(&b);
    rc = folded(&f->terms, s ? s : "", 0, &b, NULL);
    mvr_free(s);
  }
  for (i = 0; !rc && i < sizeof cues / sizeof *cues && !cue; i++)
    cue = strstr(b.ptr, cues[i]) != NULL;
  if (!rc && cue && !(d->text = mvr_arena_strdup(f->arena, b.ptr)))
    rc = MVR_ERR_NOMEM;
  if (!rc && e->refkey && has_digit(e->refkey)) {
    rc = folded(&f->terms, e->refkey, 0, &b, &n);
    if (!rc && n && !(d->ref_key = mvr_arena_strdup(f->arena, b.ptr)))
      rc = MVR_ERR_NOMEM;
  }
  if (!rc) {
    rc = folded(&f->terms, d->reference, 0, &b, &n);
    if (!rc && n && !(d->ref_shown = mvr_arena_strdup(f->arena, b.ptr)))
      rc = MVR_ERR_NOMEM;
  }
  if (!rc) {
    rc = folded(&f->terms, d->title, 1, &b, &n);
    if (!rc && n >= SAME_TITLE_WORDS &&
        !(d->title_f = mvr_arena_strdup(f->arena, b.ptr)))
      rc = MVR_ERR_NOMEM;
  }
  mvr_buf_free(&b);
  /* its aliases: a store call per entry of a pair, not per pair */
  if (!rc)
    rc = st->ops->aliases(st, e->id, on_alias, &al);
  if (!rc && al.hashes.len) {
    uint64_t *h = mvr_arena_alloc(f->arena, al.hashes.len);
    if (!h)
      rc = MVR_ERR_NOMEM;
    else {
      memcpy(h, al.hashes.ptr, al.hashes.len);
      d->aliases = h;
      d->naliases = al.hashes.len / sizeof *h;
    }
  }
  mvr_buf_free(&al.hashes);
  return rc;
}

/* --- known equivalences: a pair ------------------------------------------ */

/* Does the text of `x` name `y` beside a phrase of equivalence? */
static int names_twin(const odetail *x, const odetail *y)
{
  if (!x->text)
    return 0;
  return (y->ref_key && strstr(x->text, y->ref_key)) ||
         (y->ref_shown && strstr(x->text, y->ref_shown));
}

/* The same title, or one the other's part title ("Versatile video
 * coding" and "... — Part 3: Versatile video coding"). */
static int same_title(const odetail *x, const odetail *y)
{
  size_t a, b;

  if (!x->title_f || !y->title_f)
    return 0;
  a = strlen(x->title_f);
  b = strlen(y->title_f);
  if (a <= b)
    return strcmp(y->title_f + b - a, x->title_f) == 0;
  return strcmp(x->title_f + a - b, y->title_f) == 0;
}

static int alias_of(const odetail *x, const odetail *y)
{
  size_t i;

  for (i = 0; i < x->naliases; i++)
    if (x->aliases[i] == y->key)
      return 1;
  return 0;
}

static void classify(finder *f, opair *p)
{
  const odetail *x = &f->det[f->slot[p->a]], *y = &f->det[f->slot[p->b]];

  if (alias_of(x, y) || alias_of(y, x))
    p->equiv = WHY_ALIAS;
  else if (names_twin(x, y) || names_twin(y, x))
    p->equiv = WHY_TWIN;
  else if (same_title(x, y))
    p->equiv = WHY_SAME_TITLE;
}

/* --- ranking, clusters, the result ---------------------------------------- */

static int by_rank(const void *va, const void *vb)
{
  const opair *x = va, *y = vb;

  if ((x->equiv != 0) != (y->equiv != 0))
    return x->equiv ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

static uint32_t find_root(uint32_t *up, uint32_t x)
{
  while (up[x] != x) {
    up[x] = up[up[x]];
    x = up[x];
  }
  return x;
}

/* The shared terms of a pair, heaviest product first. */
static mvr_status shared_terms(finder *f, const opair *p, mvr_arena *arena,
                               mvr_overlap *o)
{
  const tw *x = f->tv + f->ent[p->a].off, *xe = x + f->ent[p->a].n;
  const tw *y = f->tv + f->ent[p->b].off, *ye = y + f->ent[p->b].n;
  uint32_t best[SHOW_TERMS];
  double bw[SHOW_TERMS];
  size_t n = 0, j;
  const char **terms;

  while (x < xe && y < ye) {
    if (x->t < y->t) {
      x++;
    } else if (x->t > y->t) {
      y++;
    } else {
      double w = (double)x->w * y->w;
      for (j = n; j > 0 && bw[j - 1] < w; j--)
        if (j < SHOW_TERMS) {
          bw[j] = bw[j - 1];
          best[j] = best[j - 1];
        }
      if (j < SHOW_TERMS) {
        bw[j] = w;
        best[j] = x->t;
        if (n < SHOW_TERMS)
          n++;
      }
      x++;
      y++;
    }
  }
  terms = mvr_arena_alloc(arena, (n ? n : 1) * sizeof *terms);
  if (!terms)
    return MVR_ERR_NOMEM;
  for (j = 0; j < n; j++) {
    /* one copy of each word shown, however many pairs show it */
    if (!f->disp[best[j]])
      f->disp[best[j]] =
          mvr_arena_strdup(arena, mvr_terms_display(&f->terms, best[j]));
    terms[j] = f->disp[best[j]];
    if (!terms[j])
      return MVR_ERR_NOMEM;
  }
  o->terms = terms;
  o->nterms = n;
  return MVR_OK;
}

static int side_by_id(const void *va, const void *vb)
{
  const mvr_overlap_side *x = va, *y = vb;
  return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct cl_sort {
  size_t root, n, npairs, first; /* first: rank of its best pair */
} cl_sort;

static int cl_cmp(const void *va, const void *vb)
{
  const cl_sort *x = va, *y = vb;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

static mvr_status build(finder *f, result *r, long limit)
{
  size_t i, nsides = 0, nclusters = 0, k;
  uint32_t *up = NULL, *cl_of = NULL;
  cl_sort *cls = NULL;
  mvr_status rc = MVR_OK;

  f->slot = mvr_malloc((f->nent ? f->nent : 1) * sizeof *f->slot);
  if (!f->slot)
    return MVR_ERR_NOMEM;
  for (i = 0; i < f->nent; i++)
    f->slot[i] = NONE;
  for (i = 0; i < f->npairs; i++) {
    if (f->slot[f->pairs[i].a] == NONE)
      f->slot[f->pairs[i].a] = (uint32_t)nsides++;
    if (f->slot[f->pairs[i].b] == NONE)
      f->slot[f->pairs[i].b] = (uint32_t)nsides++;
  }
  f->det = mvr_malloc((nsides ? nsides : 1) * sizeof *f->det);
  if (!f->det)
    return MVR_ERR_NOMEM;
  memset(f->det, 0, (nsides ? nsides : 1) * sizeof *f->det);
  f->arena = &r->arena;
  f->next = 0;
  if (nsides) {
    rc = read_entries(f, on_detail);
    if (rc)
      return rc;
  }
  for (i = 0; i < nsides; i++)
    if (!f->det[i].sdo)
      return MVR_ERR_INTERNAL; /* the register changed under the read */
  for (i = 0; i < f->npairs; i++)
    classify(f, &f->pairs[i]);
  if (f->npairs)
    qsort(f->pairs, f->npairs, sizeof *f->pairs, by_rank);
  for (i = 0; i < f->npairs; i++) {
    if (f->pairs[i].equiv)
      r->pub.equivalents++;
    else
      r->pub.found++;
  }
  if (limit > 0 && f->npairs > (size_t)limit)
    f->npairs = (size_t)limit;

  /* the sides */
  r->sides = mvr_malloc((nsides ? nsides : 1) * sizeof *r->sides);
  r->pairs = mvr_malloc((f->npairs ? f->npairs : 1) * sizeof *r->pairs);
  up = mvr_malloc((nsides ? nsides : 1) * sizeof *up);
  cl_of = mvr_malloc((nsides ? nsides : 1) * sizeof *cl_of);
  cls = mvr_malloc((nsides ? nsides : 1) * sizeof *cls);
  if (!r->sides || !r->pairs || !up || !cl_of || !cls) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < f->nent; i++) {
    uint32_t s = f->slot[i];
    if (s == NONE)
      continue;
    r->sides[s].id = f->ent[i].id;
    r->sides[s].sdo = f->det[s].sdo;
    r->sides[s].family = f->det[s].family;
    r->sides[s].reference = f->det[s].reference;
    r->sides[s].title = f->det[s].title;
  }
  /* clusters: connected components of the pairs kept */
  for (i = 0; i < nsides; i++) {
    up[i] = (uint32_t)i;
    cl_of[i] = NONE;
  }
  for (i = 0; i < f->npairs; i++) {
    uint32_t a = find_root(up, f->slot[f->pairs[i].a]);
    uint32_t b = find_root(up, f->slot[f->pairs[i].b]);
    if (a != b)
      up[a < b ? b : a] = a < b ? a : b;
  }
  for (i = 0; i < f->npairs; i++) {
    uint32_t root = find_root(up, f->slot[f->pairs[i].a]);
    if (cl_of[root] == NONE) {
      cl_of[root] = (uint32_t)nclusters;
      cls[nclusters].root = root;
      cls[nclusters].n = 0;
      cls[nclusters].npairs = 0;
      cls[nclusters].first = i;
      nclusters++;
    }
    cls[cl_of[root]].npairs++;
  }
  for (i = 0; i < nsides; i++) {
    uint32_t root = find_root(up, (uint32_t)i);
    if (cl_of[root] != NONE)
      cls[cl_of[root]].n++;
  }
  qsort(cls, nclusters, sizeof *cls, cl_cmp);
  for (i = 0; i < nclusters; i++)
    cl_of[cls[i].root] = (uint32_t)i; /* the rank of each root's cluster */
  r->clusters = mvr_malloc((nclusters ? nclusters : 1) * sizeof *r->clusters);
  r->members = mvr_malloc((nsides ? nsides : 1) * sizeof *r->members);
  if (!r->clusters || !r->members) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  {
    size_t at = 0;
    for (i = 0; i < nclusters; i++) {
      r->clusters[i].members = r->members + at;
      r->clusters[i].n = 0;
      r->clusters[i].npairs = cls[i].npairs;
      at += cls[i].n;
    }
    for (i = 0; i < nsides; i++) {
      uint32_t root = find_root(up, (uint32_t)i);
      mvr_overlap_cluster *c;
      if (cl_of[root] == NONE || cl_of[root] >= nclusters ||
          cls[cl_of[root]].root != root)
        continue;
      c = &r->clusters[cl_of[root]];
      ((mvr_overlap_side *)c->members)[c->n++] = r->sides[i];
    }
    for (i = 0; i < nclusters; i++)
      qsort((void *)r->clusters[i].members, r->clusters[i].n,
            sizeof *r->members, side_by_id);
  }
  f->disp = mvr_malloc((mvr_terms_count(&f->terms) + 1) * sizeof *f->disp);
  if (!f->disp) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(f->disp, 0, (mvr_terms_count(&f->terms) + 1) * sizeof *f->disp);
  for (k = 0; k < f->npairs && !rc; k++) {
    const opair *p = &f->pairs[k];
    mvr_overlap *o = &r->pairs[k];
    o->a = r->sides[f->slot[p->a]];
    o->b = r->sides[f->slot[p->b]];
    o->score = p->score;
    o->kind = p->equiv ? "equivalent" : "overlap";
    o->why = why_names[p->equiv];
    o->cluster = cl_of[find_root(up, f->slot[p->a])];
    rc = shared_terms(f, p, &r->arena, o);
  }
  r->pub.pairs = r->pairs;
  r->pub.npairs = f->npairs;
  r->pub.clusters = r->clusters;
  r->pub.nclusters = nclusters;
out:
  mvr_free(up);
  mvr_free(cl_of);
  mvr_free(cls);
  return rc;
}

static void finder_clear(finder *f)
{
  mvr_terms_clear(&f->terms);
  mvr_free(f->ent);
  mvr_free(f->tv);
  mvr_free(f->df);
  mvr_free(f->ids);
  mvr_free(f->pairs);
  mvr_free(f->slot);
  mvr_free(f->det);
  mvr_free(f->disp);
}

void mvr_overlaps_free(mvr_overlaps *o)
{
  result *r = (result *)o;

  if (!r)
    return;
  mvr_free(r->pairs);
  mvr_free(r->sides);
  mvr_free(r->members);
  mvr_free(r->clusters);
  mvr_arena_free(&r->arena);
  mvr_free(r);
}

static mvr_status fail(mvr_db *db, mvr_status rc)
{
  if (rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY)
    return mvr_db_store_fail(db, rc);
  if (rc == MVR_ERR_INTERNAL)
    return mvr_db_fail(db, rc, "the register changed while it was read");
  return rc;
}

mvr_status mvr_overlaps_find(mvr_db *db, const mvr_overlap_opts *opts,
                             mvr_overlaps **out)
{
  mvr_store *st;
  finder f;
  result *r = NULL;
  mvr_status rc;
  int in_txn = 0;
  long limit = opts ? opts->limit : 0;

  if (!out)
    return MVR_ERR_ARG;
  *out = NULL;
  if (!db)
    return MVR_ERR_ARG;
  st = db->store;
  memset(&f, 0, sizeof f);
  f.db = db;
  f.min = opts && opts->min_score > 0 ? opts->min_score : DEFAULT_MIN;
  if (!(f.min >= LOWEST_MIN && f.min <= 1) || limit < 0)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       limit < 0 ? "the limit must not be negative"
                                 : "the score must be between 0.05 and 1");
  rc = mvr_terms_init(&f.terms, db->profile);
  if (rc)
    return rc;
  r = mvr_malloc(sizeof *r);
  if (!r) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(r, 0, sizeof *r);
  r->pub.min_score = f.min;
  rc = st->ops->begin(st, 0);
  if (rc)
    goto out;
  in_txn = 1;
  rc = read_entries(&f, on_entry);
  if (rc)
    goto out;
  weigh(&f);
  rc = join(&f);
  if (!rc)
    rc = build(&f, r, limit);
  if (rc)
    goto out;
  r->pub.entries = (unsigned long)f.nent;
  r->pub.all_pairs =
      (unsigned long long)f.nent * (f.nent ? f.nent - 1 : 0) / 2;
  r->pub.examined = f.examined;
  r->pub.scored = f.scored;
  rc = st->ops->commit(st);
  in_txn = rc != MVR_OK;
out:
  if (in_txn)
    st->ops->rollback(st);
  finder_clear(&f);
  if (rc) {
    mvr_overlaps_free(r ? &r->pub : NULL);
    return fail(db, rc);
  }
  *out = &r->pub;
  return MVR_OK;
}
