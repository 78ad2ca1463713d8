/* store_sqlite_search.c - the SQLite store's faceted searches in one
 * pass (store_search.h): one SELECT of the four facet columns of every
 * entry the query matches, counted here, instead of a count and four
 * GROUP BY statements that each run the search again. */
#include <stdlib.h>
#include <string.h>

#include "store_search.h"
#include "store_sqlite.h"
#include "store_sqlite_index.h"
#include "util.h"

/* Distinct labels of one facet with their counts: open addressing on
 * the label's hash (FNV-1a), the table at most half full. */
typedef struct tally_slot {
  char *label; /* NULL: empty slot */
  size_t len;
  uint32_t hash;
  long n;
} tally_slot;

typedef struct tally {
  tally_slot *slot;
  size_t cap, used; /* cap: a power of two, or 0 */
} tally;

static mvr_status tally_grow(tally *t)
{
  size_t cap = t->cap ? t->cap * 2 : 16, i;
  tally_slot *slot = mvr_malloc(cap * sizeof *slot);

  if (!slot)
    return MVR_ERR_NOMEM;
  memset(slot, 0, cap * sizeof *slot);
  for (i = 0; i < t->cap; i++) {
    size_t j;
    if (!t->slot[i].label)
      continue;
    for (j = t->slot[i].hash & (cap - 1); slot[j].label;
         j = (j + 1) & (cap - 1))
      ;
    slot[j] = t->slot[i];
  }
  mvr_free(t->slot);
  t->slot = slot;
  t->cap = cap;
  return MVR_OK;
}

/* Count one more entry with `label`. */
static mvr_status tally_add(tally *t, const char *label)
{
  size_t len = strlen(label), j;
  uint32_t h = mvr_fnv1a32(label, len);

  if ((t->used + 1) * 2 > t->cap && tally_grow(t))
    return MVR_ERR_NOMEM;
  for (j = h & (t->cap - 1); t->slot[j].label; j = (j + 1) & (t->cap - 1))
    if (t->slot[j].hash == h && t->slot[j].len == len &&
        memcmp(t->slot[j].label, label, len) == 0) {
      t->slot[j].n++;
      return MVR_OK;
    }
  t->slot[j].label = mvr_malloc(len + 1);
  if (!t->slot[j].label)
    return MVR_ERR_NOMEM;
  memcpy(t->slot[j].label, label, len + 1);
  t->slot[j].len = len;
  t->slot[j].hash = h;
  t->slot[j].n = 1;
  t->used++;
  return MVR_OK;
}

static void tally_free(tally *t)
{
  size_t i;

  for (i = 0; i < t->cap; i++)
    mvr_free(t->slot[i].label);
  mvr_free(t->slot);
  memset(t, 0, sizeof *t);
}

/* Byte order, as SQLite's BINARY collation (labels hold no NUL). */
static int by_label(const void *a, const void *b)
{
  const tally_slot *x = a, *y = b;
  return strcmp(x->label, y->label);
}

/* Count descending, then byte order: GROUP BY ... ORDER BY count(*)
 * DESC, name. */
static int by_count(const void *a, const void *b)
{
  const tally_slot *x = a, *y = b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* Hand out the labels of `t` in the order of `cmp`. The slots are
 * packed and sorted in place: `t` is only fit for tally_free() after. */
static mvr_status tally_emit(tally *t, const char *facet,
                             int (*cmp)(const void *, const void *),
                             mvr_facet_fn fn, void *ud)
{
  size_t i, k = 0;
  mvr_status rc = MVR_OK;

  for (i = 0; i < t->cap; i++)
    if (t->slot[i].label)
      t->slot[k++] = t->slot[i];
  for (i = k; i < t->cap; i++)
    t->slot[i].label = NULL;
  if (k > 1)
    qsort(t->slot, k, sizeof *t->slot, cmp);
  for (i = 0; i < k && !rc; i++)
    rc = fn(ud, facet, t->slot[i].label, t->slot[i].n);
  return rc;
}

/* The category counts: per bit, under the labels of category_bits. A
 * bit counted but not known here was added by another connection since
 * the labels were loaded: load them again (a bit's label never changes).
 * A bit without a label is not counted, as the JOIN on category_bits
 * would not count it. */
mvr_status sq_emit_categories(sq_store *s, const long *bits, mvr_facet_fn fn,
                              void *ud)
{
  tally_slot cats[63];
  size_t k = 0;
  int b, missing = 0;
  mvr_status rc = sq_cat_load(s);

  if (rc)
    return rc;
  for (b = 0; b < 63; b++)
    missing |= bits[b] && !s->cat_label[b];
  if (missing) {
    sq_cat_forget(s);
    rc = sq_cat_load(s);
    if (rc)
      return rc;
  }
  for (b = 0; b < 63; b++)
    if (bits[b] && s->cat_label[b]) {
      cats[k].label = s->cat_label[b];
      cats[k].n = bits[b];
      k++;
    }
  if (k > 1)
    qsort(cats, k, sizeof *cats, by_label);
  for (b = 0; b < (int)k && !rc; b++)
    rc = fn(ud, "category", cats[b].label, cats[b].n);
  return rc;
}

static mvr_status sq_facets(mvr_store *base, const mvr_query_spec *q, long *n,
                            mvr_facet_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  tally status = {0}, type = {0}, sdo = {0};
  long bits[63] = {0};
  mvr_status rc;
  int r, done = 0;

  rc = sq_index_facets(s, q, n, fn, ud, &done);
  if (rc || done)
    return rc;
  *n = 0;
  rc = sq_query_prepare(s, q,
                        q->release ? "SELECT e.catmask, e.status, e.type, e.org"
                                   : "SELECT e.catmask, e.status, e.type,"
                                     " o.name",
                        NULL, NULL, &st);
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    uint64_t m =
        (uint64_t)sqlite3_column_int64(st, 0) & ((UINT64_C(1) << 63) - 1);
    (*n)++;
    while (m) {
      bits[__builtin_ctzll(m)]++;
      m &= m - 1;
    }
    rc = tally_add(&status, sq_col_text(st, 1));
    if (!rc)
      rc = tally_add(&type, sq_col_text(st, 2));
    if (!rc)
      rc = tally_add(&sdo, sq_col_text(st, 3));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_step_error(s, "counting entries");
  sq_query_release(s, st);
  if (!rc)
    rc = sq_emit_categories(s, bits, fn, ud);
  if (!rc)
    rc = tally_emit(&status, "status", by_label, fn, ud);
  if (!rc)
    rc = tally_emit(&type, "type", by_label, fn, ud);
  if (!rc)
    rc = tally_emit(&sdo, "sdo", by_count, fn, ud);
  tally_free(&status);
  tally_free(&type);
  tally_free(&sdo);
  if (rc)
    *n = 0;
  return rc;
}

const struct mvr_store_search_ops sq_search_ops = {
    .facets = sq_facets,
};
