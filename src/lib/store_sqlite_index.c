/* store_sqlite_index.c - the SQLite store's entry index in memory
 * (store_sqlite_index.h): per entry id, whether it is listed (live: not
 * merged into another), its organisation, status, type and categories,
 * and, made on first use, its place in each sort order. A search reads
 * the matching ids from the full-text index alone, filters and counts
 * them here, keeps the best `offset + limit` of them in a heap, and
 * reads the rows of that page only. It also keeps the rows of pages
 * shown and how many rows each search phrase matches (for relevance),
 * dropped with the rest whenever it is made again.
 *
 * Exactly the SQL's answers: a listed entry is one the SQL's `FROM
 * entries e JOIN orgs o ... WHERE e.merged_into IS NULL` gives; each
 * sort order is read once from SQLite with the very ORDER BY of
 * store_sqlite_read.c (a total order: every one ends with the id), so a
 * subset keeps it; relevance is FTS5's own bm25() with the same weights,
 * ties by id as the SQL's ORDER BY. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_index.h"
#include "util.h"

/* With words, a page deeper than this goes to SQL (the heap holds
 * offset + limit ids). */
#define IX_HEAP_MAX 10000

/* The rows of pages kept with the index: slots (a power of two) and
 * bytes at most, per connection. */
#define IX_ROWS 4096
#define IX_ROW_BYTES ((size_t)8 * 1024 * 1024)
/* Phrases of one search whose row counts may be remembered, and how
 * many are remembered at most (then forgotten all at once). */
#define IX_PHRASES 32
#define IX_TERMS 1024

/* The sort orders kept as a permutation ("id" needs none; "status" has
 * no total order in SQL, so it is left to SQL). */
enum { IX_SDO, IX_REFERENCE, IX_TITLE, IX_UPDATED, IX_NSORT };
static const char *const ix_sort[IX_NSORT] = {"sdo", "reference", "title",
                                              "updated"};

/* Distinct labels of a column, numbered in order of first sight: open
 * addressing on FNV-1a, the table at most half full. */
typedef struct ix_labels {
  char **label;
  size_t n, cap;
  uint32_t *slot; /* label number + 1; 0: empty */
  size_t nslot;   /* a power of two, or 0 */
} ix_labels;

typedef struct sq_index {
  int valid;
  int unusable; /* made at this version, and found not to fit */
  int64_t version;     /* PRAGMA data_version when last found current */
  sqlite3_int64 changes; /* sqlite3_total_changes64() then */
  int64_t gen;           /* entry_gen when made */
  unsigned long writes;  /* the store's ix_writes when made */
  unsigned long builds;  /* how many times made */
  size_t n;            /* entry ids 0 .. n-1 */
  uint8_t *live;       /* listed: exists, not merged, its org exists */
  uint16_t *status, *type;
  uint32_t *org;
  uint64_t *cat;
  uint32_t *dl; /* tokens in the row's indexed text (entries_fts_docsize),
                   for mvr_bm25(); NULL: not read */
  ix_labels statuses, types;
  char **org_name; /* by org id, NULL: none */
  size_t norg;
  uint32_t *order[IX_NSORT]; /* listed ids in that order */
  size_t norder[IX_NSORT];
  uint32_t *pos[IX_NSORT]; /* pos[k][id]: place of id in order[k] */
  sqlite3_stmt *version_st, *gen_st, *match_st, *rank_st;
  int bm25; /* mvr_bm25() registered on the connection */
  /* The listed matches of `scan_words` with their relevance, kept by
   * facets in the caller's read snapshot for the page that follows it
   * (sq_index_snapshot_end() forgets them). */
  char *scan_words;
  struct ix_hit *scan;
  size_t nscan, capscan;
  /* The index was found current in the caller's open read snapshot:
   * the rows of pages may be kept and reused (below) until it ends. */
  int in_snapshot;
  sq_row **rows; /* IX_ROWS slots by id, NULL until the first row */
  size_t row_bytes;
  unsigned long row_hits; /* rows given from here (tests) */
  /* How many rows each phrase of earlier searches matches, by its text
   * in the MATCH (mvr_bm25()'s idf; see ix_bm25_fn) */
  ix_labels terms;
  int64_t *term_rows;
  /* the phrases of the MATCH ix_scan() is stepping, in order */
  char *phrase[IX_PHRASES];
  size_t nphrase;
  char *phrase_text; /* what x->phrase point into */
  unsigned long df_hits; /* phrases counted from here (tests) */
} sq_index;

typedef struct ix_hit {
  double key;
  uint32_t id;
} ix_hit;

/* --- labels ------------------------------------------------------------ */

/* The number of `label`, or -1. */
static long lab_find(const ix_labels *l, const char *label)
{
  size_t len = strlen(label), j;

  if (!l->nslot)
    return -1;
  for (j = mvr_fnv1a32(label, len) & (l->nslot - 1); l->slot[j];
       j = (j + 1) & (l->nslot - 1))
    if (strcmp(l->label[l->slot[j] - 1], label) == 0)
      return (long)l->slot[j] - 1;
  return -1;
}

static mvr_status lab_grow(ix_labels *l)
{
  size_t nslot = l->nslot ? l->nslot * 2 : 16, i;
  uint32_t *slot = mvr_malloc(nslot * sizeof *slot);

  if (!slot)
    return MVR_ERR_NOMEM;
  memset(slot, 0, nslot * sizeof *slot);
  for (i = 0; i < l->n; i++) {
    const char *s = l->label[i];
    size_t j;
    for (j = mvr_fnv1a32(s, strlen(s)) & (nslot - 1); slot[j]; j = (j + 1) & (nslot - 1))
      ;
    slot[j] = (uint32_t)i + 1;
  }
  mvr_free(l->slot);
  l->slot = slot;
  l->nslot = nslot;
  return MVR_OK;
}

/* The number of `label`, added if new; MVR_ERR_TOOBIG past 65,535. */
static mvr_status lab_intern(ix_labels *l, const char *label, uint16_t *out)
{
  long k = lab_find(l, label);
  size_t j;

  if (k >= 0) {
    *out = (uint16_t)k;
    return MVR_OK;
  }
  if (l->n >= UINT16_MAX)
    return MVR_ERR_TOOBIG;
  if ((l->n + 1) * 2 > l->nslot && lab_grow(l))
    return MVR_ERR_NOMEM;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    char **p = mvr_realloc(l->label, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    l->label = p;
    l->cap = cap;
  }
  l->label[l->n] = mvr_strdup(label);
  if (!l->label[l->n])
    return MVR_ERR_NOMEM;
  for (j = mvr_fnv1a32(label, strlen(label)) & (l->nslot - 1); l->slot[j];
       j = (j + 1) & (l->nslot - 1))
    ;
  l->slot[j] = (uint32_t)l->n + 1;
  *out = (uint16_t)l->n++;
  return MVR_OK;
}

static void lab_free(ix_labels *l)
{
  size_t i;

  for (i = 0; i < l->n; i++)
    mvr_free(l->label[i]);
  mvr_free(l->label);
  mvr_free(l->slot);
  memset(l, 0, sizeof *l);
}

static void *zalloc(size_t n, size_t size);

/* --- rows of pages ------------------------------------------------------ */

/* A page the index chose is read by id (store_sqlite_read.c); the rows
 * read are kept here and a later page showing the same entry takes its
 * row from here instead of from SQLite (issue 5: reading 20-50 rows by
 * id was a third of an uncached API search's CPU). As exact as the
 * index itself: the rows are dropped whenever it is made again, which
 * is after any write to what a row reads (entries and orgs, through
 * ix_writes and entry_gen), and they are only kept and given out inside
 * a caller's read snapshot in which the index was found current, so a
 * kept row is the row that snapshot holds. Direct-mapped by id: a row
 * replaces the one in its slot; one that would pass IX_ROW_BYTES is not
 * kept. A row lives while a cursor holds it (refs), even once dropped
 * from its slot. */

void sq_row_release(sq_row *r)
{
  if (r && --r->refs == 0)
    mvr_free(r);
}

static void ix_rows_clear(sq_index *x)
{
  size_t i;

  for (i = 0; x->rows && i < IX_ROWS; i++) {
    sq_row_release(x->rows[i]);
    x->rows[i] = NULL;
  }
  x->row_bytes = 0;
}

sq_row *sq_index_row(sq_store *s, int64_t id)
{
  sq_index *x = s->ix;
  sq_row *r;

  if (!x || !x->valid || !x->in_snapshot || !x->rows || id < 0)
    return NULL;
  r = x->rows[(uint64_t)id & (IX_ROWS - 1)];
  if (!r || r->rec.id != id)
    return NULL;
  r->refs++;
  x->row_hits++;
  return r;
}

/* Copy `src` (NULL: "") to `*at`, return the copy. */
static const char *row_str(char **at, const char *src)
{
  const char *out = *at;
  size_t n = src ? strlen(src) + 1 : 1;

  memcpy(*at, src ? src : "", n);
  *at += n;
  return out;
}

sq_row *sq_index_row_keep(sq_store *s, const mvr_entry_rec *e)
{
  sq_index *x = s->ix;
  const char *const text[] = {e->sdo,        e->family,     e->refkey,
                               e->reference,  e->ref_detail, e->type,
                               e->title,      e->status,     e->status_detail,
                               e->categories, e->summary,    e->url,
                               e->first_seen, e->last_updated};
  size_t size = sizeof(sq_row), i, slot;
  sq_row *r, **old;
  char *at;

  if (!x || !x->valid || !x->in_snapshot || e->id < 0)
    return NULL;
  for (i = 0; i < sizeof text / sizeof *text; i++)
    size += (text[i] ? strlen(text[i]) : 0) + 1;
  slot = (uint64_t)e->id & (IX_ROWS - 1);
  old = x->rows ? &x->rows[slot] : NULL;
  if (x->row_bytes - (old && *old ? (*old)->size : 0) + size > IX_ROW_BYTES)
    return NULL;
  if (!x->rows) {
    x->rows = zalloc(IX_ROWS, sizeof *x->rows);
    if (!x->rows)
      return NULL;
    old = &x->rows[slot];
  }
  r = mvr_malloc(size);
  if (!r)
    return NULL;
  r->refs = 2; /* the slot's and the caller's */
  r->size = size;
  r->rec = *e;
  at = (char *)(r + 1);
  r->rec.sdo = row_str(&at, e->sdo);
  r->rec.family = row_str(&at, e->family);
  r->rec.refkey = row_str(&at, e->refkey);
  r->rec.reference = row_str(&at, e->reference);
  r->rec.ref_detail = row_str(&at, e->ref_detail);
  r->rec.type = row_str(&at, e->type);
  r->rec.title = row_str(&at, e->title);
  r->rec.status = row_str(&at, e->status);
  r->rec.status_detail = row_str(&at, e->status_detail);
  r->rec.categories = row_str(&at, e->categories);
  r->rec.summary = row_str(&at, e->summary);
  r->rec.url = row_str(&at, e->url);
  r->rec.first_seen = row_str(&at, e->first_seen);
  r->rec.last_updated = row_str(&at, e->last_updated);
  if (*old) {
    x->row_bytes -= (*old)->size;
    sq_row_release(*old);
  }
  *old = r;
  x->row_bytes += size;
  return r;
}

/* --- making the index -------------------------------------------------- */

/* Forget the contents, keep the statements. */
static void ix_clear(sq_index *x)
{
  size_t i;
  int k;

  mvr_free(x->live);
  mvr_free(x->status);
  mvr_free(x->type);
  mvr_free(x->org);
  mvr_free(x->cat);
  mvr_free(x->dl);
  x->dl = NULL;
  lab_free(&x->statuses);
  lab_free(&x->types);
  for (i = 0; x->org_name && i < x->norg; i++)
    mvr_free(x->org_name[i]);
  mvr_free(x->org_name);
  for (k = 0; k < IX_NSORT; k++) {
    mvr_free(x->order[k]);
    mvr_free(x->pos[k]);
  }
  x->live = NULL;
  x->status = x->type = NULL;
  x->org = NULL;
  x->cat = NULL;
  x->org_name = NULL;
  x->norg = x->n = 0;
  memset(x->order, 0, sizeof x->order);
  memset(x->norder, 0, sizeof x->norder);
  memset(x->pos, 0, sizeof x->pos);
  x->valid = 0;
  mvr_free(x->scan_words);
  x->scan_words = NULL;
  x->nscan = 0;
  x->in_snapshot = 0;
  ix_rows_clear(x);
  lab_free(&x->terms);
  mvr_free(x->term_rows);
  x->term_rows = NULL;
}

void sq_index_snapshot_end(sq_store *s)
{
  if (s->ix)
    s->ix->in_snapshot = 0;
  if (s->ix && s->ix->scan_words) {
    mvr_free(s->ix->scan_words);
    s->ix->scan_words = NULL;
    s->ix->nscan = 0;
  }
}

void sq_index_free(sq_store *s)
{
  sq_index *x = s->ix;

  if (!x)
    return;
  ix_clear(x);
  mvr_free(x->phrase_text);
  mvr_free(x->rows);
  mvr_free(x->scan);
  sqlite3_finalize(x->version_st);
  sqlite3_finalize(x->gen_st);
  sqlite3_finalize(x->match_st);
  sqlite3_finalize(x->rank_st);
  mvr_free(x);
  s->ix = NULL;
}

void sq_index_disable(mvr_store *base, int off)
{
  ((sq_store *)base)->ix_off = off;
}

static void *zalloc(size_t n, size_t size)
{
  void *p = n ? mvr_malloc(n * size) : NULL;

  if (p)
    memset(p, 0, n * size);
  return p;
}

static mvr_status prep(sq_store *s, const char *sql, sqlite3_stmt **st)
{
  if (*st)
    return MVR_OK;
  if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                         NULL) != SQLITE_OK) {
    *st = NULL;
    return sq_fail(s, "preparing the entry index");
  }
  return MVR_OK;
}

/* An SQLite varint (as FTS5 writes the column sizes) at p[0..n): its
 * length in bytes, 0 when cut short. */
static size_t varint(const unsigned char *p, size_t n, uint64_t *v)
{
  size_t i;

  *v = 0;
  for (i = 0; i < n && i < 8; i++) {
    *v = (*v << 7) | (p[i] & 0x7f);
    if (!(p[i] & 0x80))
      return i + 1;
  }
  if (i == 8 && n > 8) {
    *v = (*v << 8) | p[8];
    return 9;
  }
  return 0;
}

/* Each row's length in tokens, all columns: what FTS5's xColumnSize(-1)
 * gives bm25(), read once here rather than looked up per matching row.
 * A row whose sizes cannot be read keeps UINT32_MAX: mvr_bm25() asks
 * FTS5 for it. */
static mvr_status ix_docsize(sq_store *s, sq_index *x)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  x->dl = mvr_malloc(x->n * sizeof *x->dl);
  if (!x->dl)
    return MVR_ERR_NOMEM;
  memset(x->dl, 0xff, x->n * sizeof *x->dl);
  if (sqlite3_prepare_v2(s->db, "SELECT id, sz FROM entries_fts_docsize", -1,
                         &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading the full-text index");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    const unsigned char *p = sqlite3_column_blob(st, 1);
    size_t n = (size_t)sqlite3_column_bytes(st, 1), k, used = 0;
    uint64_t v, sum = 0;
    int ok = 1;
    if (id <= 0 || (uint64_t)id >= x->n)
      continue;
    for (k = 0; k < 3 && ok; k++) {
      size_t len = p ? varint(p + used, n - used, &v) : 0;
      ok = len > 0;
      used += len;
      sum += v;
    }
    if (ok && used == n && sum < UINT32_MAX)
      x->dl[id] = (uint32_t)sum;
  }
  if (r != SQLITE_DONE)
    rc = sq_fail(s, "reading the full-text index");
  sqlite3_finalize(st);
  return rc;
}

/* Read the organisations and entries into `x` (cleared). *usable = 0
 * when ids do not fit (the SQL then answers). */
static mvr_status ix_build(sq_store *s, sq_index *x, int *usable)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  *usable = 0;
  ix_clear(x);
  /* highest id first: it sizes the arrays */
  if (sqlite3_prepare_v2(s->db, "SELECT id, name FROM orgs ORDER BY id DESC",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading organisations");
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (!x->org_name) {
      if (id < 0 || id >= UINT32_MAX)
        goto too_big;
      x->norg = (size_t)id + 1;
      x->org_name = zalloc(x->norg, sizeof *x->org_name);
      if (!x->org_name) {
        rc = MVR_ERR_NOMEM;
        break;
      }
    }
    if (id < 0)
      continue;
    x->org_name[id] = mvr_strdup(sq_col_text(st, 1));
    if (!x->org_name[id]) {
      rc = MVR_ERR_NOMEM;
      break;
    }
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading organisations");
  sqlite3_finalize(st);
  st = NULL;
  if (rc)
    goto out;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, merged_into IS NULL, org_id, status, type,"
                         " catmask FROM entries ORDER BY id DESC",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = sq_fail(s, "reading entries");
    goto out;
  }
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    sqlite3_int64 org = sqlite3_column_int64(st, 2);
    if (!x->live) {
      if (id < 0 || id >= UINT32_MAX)
        goto too_big;
      x->n = (size_t)id + 1;
      x->live = zalloc(x->n, 1);
      x->status = zalloc(x->n, sizeof *x->status);
      x->type = zalloc(x->n, sizeof *x->type);
      x->org = zalloc(x->n, sizeof *x->org);
      x->cat = zalloc(x->n, sizeof *x->cat);
      if (!x->live || !x->status || !x->type || !x->org || !x->cat) {
        rc = MVR_ERR_NOMEM;
        break;
      }
    }
    if (id < 0)
      continue;
    rc = lab_intern(&x->statuses, sq_col_text(st, 3), &x->status[id]);
    if (!rc)
      rc = lab_intern(&x->types, sq_col_text(st, 4), &x->type[id]);
    if (rc == MVR_ERR_TOOBIG)
      goto too_big;
    if (rc)
      break;
    /* as the JOIN on orgs: an entry without its organisation is not
     * listed */
    x->live[id] = sqlite3_column_int(st, 1) && org >= 0 &&
                  (uint64_t)org < x->norg && x->org_name[org];
    x->org[id] = x->live[id] ? (uint32_t)org : 0;
    x->cat[id] = (uint64_t)sqlite3_column_int64(st, 5);
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading entries");
  if (!rc && !x->live) { /* no entry: one id, 0, never listed */
    x->n = 1;
    x->live = zalloc(1, 1);
    x->status = zalloc(1, sizeof *x->status);
    x->type = zalloc(1, sizeof *x->type);
    x->org = zalloc(1, sizeof *x->org);
    x->cat = zalloc(1, sizeof *x->cat);
    if (!x->live || !x->status || !x->type || !x->org || !x->cat)
      rc = MVR_ERR_NOMEM;
  }
  if (!rc && x->bm25)
    rc = ix_docsize(s, x);
  if (!rc) {
    x->valid = 1;
    *usable = 1;
  }
  goto out;
too_big:
  rc = MVR_OK;
out:
  sqlite3_finalize(st);
  if (!x->valid)
    ix_clear(x);
  return rc;
}

/* The permutation of sort order `k`, read once from SQLite. */
static mvr_status ix_order(sq_store *s, sq_index *x, int k)
{
  mvr_buf sql = MVR_BUF_INIT(1024);
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  size_t i = 0;
  int r;

  if (x->order[k])
    return MVR_OK;
  x->order[k] = mvr_malloc(x->n * sizeof *x->order[k]);
  x->pos[k] = zalloc(x->n, sizeof *x->pos[k]);
  if (!x->order[k] || !x->pos[k]) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  mvr_buf_puts(&sql, "SELECT e.id FROM entries e JOIN orgs o ON o.id ="
                     " e.org_id WHERE e.merged_into IS NULL");
  mvr_buf_puts(&sql, sq_order_live(ix_sort[k]));
  rc = mvr_buf_status(&sql);
  if (rc)
    goto out;
  if (sqlite3_prepare_v2(s->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
    rc = sq_fail(s, "sorting entries");
    goto out;
  }
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (id <= 0 || (uint64_t)id >= x->n || !x->live[id] || i >= x->n)
      continue; /* not in this snapshot's index: cannot be */
    x->order[k][i] = (uint32_t)id;
    x->pos[k][id] = (uint32_t)i;
    i++;
  }
  if (r != SQLITE_DONE)
    rc = sq_fail(s, "sorting entries");
  x->norder[k] = i;
out:
  sqlite3_finalize(st);
  mvr_buf_free(&sql);
  if (rc) {
    mvr_free(x->order[k]);
    mvr_free(x->pos[k]);
    x->order[k] = NULL;
    x->pos[k] = NULL;
  }
  return rc;
}

/* --- relevance ---------------------------------------------------------- */

/* What mvr_bm25() keeps per query, as FTS5's bm25() does. */
typedef struct ix_bm25 {
  int nphrase;
  double avgdl;
  double *idf, *freq;
} ix_bm25;

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)ud)++;
  return SQLITE_OK;
}

/* How many rows phrase `i` of the search matches (bm25()'s nHit): as
 * FTS5's bm25() counts it, by running the phrase alone (xQueryPhrase),
 * which costs as much as the search itself, or as remembered from an
 * earlier search with the same phrase. Remembered by the phrase's text
 * in the MATCH that ix_scan() runs (x->phrase: sq_fts_match() writes
 * each word as one quoted phrase, in order); FTS5 never adds phrases, so
 * if it counts as many as that MATCH has, phrase i is x->phrase[i]. The
 * counts go whenever the index is made again, i.e. after any write to
 * entries or the full-text index, so a remembered count is the count. */
static int phrase_rows(sq_index *x, const Fts5ExtensionApi *api,
                       Fts5Context *fts, int i, int nphrase,
                       sqlite3_int64 *nhit)
{
  long k = -1;
  uint16_t at;
  int rc;

  *nhit = 0;
  if (x && x->nphrase == (size_t)nphrase)
    k = lab_find(&x->terms, x->phrase[i]);
  if (k >= 0) {
    *nhit = x->term_rows[k];
    x->df_hits++;
    return SQLITE_OK;
  }
  rc = api->xQueryPhrase(fts, i, nhit, count_cb);
  if (rc != SQLITE_OK || !x || x->nphrase != (size_t)nphrase)
    return rc;
  if (x->terms.n >= IX_TERMS) {
    lab_free(&x->terms);
    mvr_free(x->term_rows);
    x->term_rows = NULL;
  }
  if (!x->term_rows) {
    x->term_rows = mvr_malloc(IX_TERMS * sizeof *x->term_rows);
    if (!x->term_rows)
      return SQLITE_OK; /* not remembered, still right */
  }
  if (lab_intern(&x->terms, x->phrase[i], &at) == MVR_OK)
    x->term_rows[at] = *nhit;
  return SQLITE_OK;
}

/* mvr_bm25(entries_fts, w...): FTS5's bm25() (SQLite's fts5_aux.c),
 * computed the same way step by step, so that it gives the same double,
 * but with the row's length in tokens from the index (x->dl) instead of
 * a lookup in entries_fts_docsize for every matching row. */
static void ix_bm25_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
                       sqlite3_context *ctx, int nval, sqlite3_value **val)
{
  const double k1 = 1.2, b = 0.75;
  sq_store *s = api->xUserData(fts);
  ix_bm25 *p = api->xGetAuxdata(fts, 0);
  double score = 0.0, d = 0.0;
  sqlite3_int64 id;
  int rc = SQLITE_OK, i, ninst = 0;

  if (!p) {
    sqlite3_int64 nrow = 0, ntoken = 0;
    int nphrase = api->xPhraseCount(fts);
    p = sqlite3_malloc64(sizeof *p + (size_t)nphrase * 2 * sizeof(double));
    if (!p) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    memset(p, 0, sizeof *p + (size_t)nphrase * 2 * sizeof(double));
    p->nphrase = nphrase;
    p->idf = (double *)&p[1];
    p->freq = p->idf + nphrase;
    rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK)
      rc = api->xColumnTotalSize(fts, -1, &ntoken);
    if (rc == SQLITE_OK)
      p->avgdl = (double)ntoken / (double)nrow;
    for (i = 0; rc == SQLITE_OK && i < nphrase; i++) {
      sqlite3_int64 nhit = 0;
      rc = phrase_rows(s->ix, api, fts, i, nphrase, &nhit);
      if (rc == SQLITE_OK) {
        double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
        p->idf[i] = idf <= 0.0 ? 1e-6 : idf;
      }
    }
    if (rc == SQLITE_OK)
      rc = api->xSetAuxdata(fts, p, sqlite3_free);
    else
      sqlite3_free(p);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  memset(p->freq, 0, sizeof(double) * (size_t)p->nphrase);
  rc = api->xInstCount(fts, &ninst);
  for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK)
      p->freq[ip] += nval > ic ? sqlite3_value_double(val[ic]) : 1.0;
  }
  id = api->xRowid(fts);
  if (rc == SQLITE_OK && s->ix && s->ix->dl && id > 0 &&
      (uint64_t)id < s->ix->n && s->ix->dl[id] != UINT32_MAX) {
    d = (double)(int)s->ix->dl[id];
  } else if (rc == SQLITE_OK) {
    int ntok = 0;
    rc = api->xColumnSize(fts, -1, &ntok);
    d = (double)ntok;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  for (i = 0; i < p->nphrase; i++)
    score += p->idf[i] * ((p->freq[i] * (k1 + 1.0)) /
                          (p->freq[i] + k1 * (1 - b + b * d / p->avgdl)));
  sqlite3_result_double(ctx, -1.0 * score);
}

/* Register mvr_bm25() on the connection; x->bm25 = 0 if FTS5 will not. */
static void ix_bm25_register(sq_store *s, sq_index *x)
{
  sqlite3_stmt *st = NULL;
  fts5_api *api = NULL;

  x->bm25 = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) !=
      SQLITE_OK)
    return;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (api && api->iVersion >= 2 &&
      api->xCreateFunction(api, "mvr_bm25", s, ix_bm25_fn, NULL) ==
          SQLITE_OK)
    x->bm25 = 1;
}

/* --- using it ---------------------------------------------------------- */

/* Can the index answer `q` at all? Not for a release's rows, one entry
 * by id or key, or inside a write transaction (whose new entries the
 * full-text index may not hold yet). */
static int ix_eligible(sq_store *s, const mvr_query_spec *q)
{
  if (s->ix_off || q->release || q->id || q->refkey || q->family)
    return 0;
  return sqlite3_txn_state(s->db, "main") != SQLITE_TXN_WRITE;
}

/* Open a read snapshot unless the caller holds one (*began = 1), and
 * make the index current in it. *ok = 0: the index cannot be used.
 * Another statement of this connection still running keeps its own
 * snapshot: COMMIT of a read transaction does not end it. */
static mvr_status ix_enter_snapshot(sq_store *s, int *began, int *ok);

static mvr_status ix_enter(sq_store *s, int *began, int *ok)
{
  mvr_status rc = ix_enter_snapshot(s, began, ok);

  /* pages' rows are kept in the caller's snapshot only: one begun here
   * ends before its rows are read */
  if (!rc && s->ix)
    s->ix->in_snapshot = *ok && !*began;
  return rc;
}

static mvr_status ix_enter_snapshot(sq_store *s, int *began, int *ok)
{
  sq_index *x = s->ix;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int64_t version, gen;
  sqlite3_int64 changes;

  *began = *ok = 0;
  if (!x) {
    x = zalloc(1, sizeof *x);
    if (!x)
      return MVR_ERR_NOMEM;
    s->ix = x;
    ix_bm25_register(s, x);
  }
  if (sqlite3_get_autocommit(s->db)) {
    rc = sq_prep(s, ST_BEGIN_READ, &st);
    if (!rc)
      rc = sq_run(s, st, "starting a read transaction");
    if (rc)
      return rc;
    *began = 1;
  }
  /* this read starts the snapshot, so the version is the snapshot's */
  rc = prep(s, "PRAGMA data_version", &x->version_st);
  if (rc)
    return rc;
  if (sqlite3_step(x->version_st) != SQLITE_ROW) {
    sqlite3_reset(x->version_st);
    return sq_fail(s, "reading the data version");
  }
  version = sqlite3_column_int64(x->version_st, 0);
  sqlite3_reset(x->version_st);
  changes = sqlite3_total_changes64(s->db);
  if ((x->valid || x->unusable) && x->version == version &&
      x->changes == changes) {
    *ok = x->valid;
    return MVR_OK;
  }
  /* Something was written since. Only writes to what the index reads
   * matter: this connection's are counted by the store's update hook,
   * other connections' by entry_gen (one more per such transaction). A
   * session touched, a failed login or a coordination record leaves the
   * index standing. */
  rc = prep(s, "SELECT n FROM entry_gen", &x->gen_st);
  if (rc)
    return rc;
  if (sqlite3_step(x->gen_st) != SQLITE_ROW) {
    sqlite3_reset(x->gen_st);
    return sq_fail(s, "reading the entry generation");
  }
  gen = sqlite3_column_int64(x->gen_st, 0);
  sqlite3_reset(x->gen_st);
  if ((x->valid || x->unusable) && x->gen == gen &&
      x->writes == s->ix_writes) {
    x->version = version;
    x->changes = changes;
    *ok = x->valid;
    return MVR_OK;
  }
  rc = ix_build(s, x, ok);
  x->builds++;
  x->version = version;
  x->changes = changes;
  x->gen = gen;
  x->writes = s->ix_writes;
  x->unusable = !rc && !*ok;
  return rc;
}

static void ix_leave(sq_store *s, int began)
{
  sqlite3_stmt *st = NULL;

  if (!began)
    return;
  sq_index_snapshot_end(s);
  if (sq_prep(s, ST_COMMIT, &st) || sq_run(s, st, "ending a read"))
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A query's filters in the index's terms. */
typedef struct ix_filter {
  int none;          /* no entry can match */
  long status, type; /* label numbers, -1: any */
  uint64_t cat;      /* bits, 0: any */
  uint8_t *orgs;     /* allowed org ids (x->norg), NULL: any */
} ix_filter;

static mvr_status ix_filter_make(sq_store *s, const sq_index *x,
                                 const mvr_query_spec *q, ix_filter *f)
{
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r, any = 0;

  memset(f, 0, sizeof *f);
  f->status = f->type = -1;
  if (q->status) {
    f->status = lab_find(&x->statuses, q->status);
    f->none |= f->status < 0;
  }
  if (q->type) {
    f->type = lab_find(&x->types, q->type);
    f->none |= f->type < 0;
  }
  if (q->category) {
    int64_t mask = 0;
    rc = sq_cat_mask(s, q->category, 0, &mask);
    if (rc)
      return rc;
    f->cat = (uint64_t)mask;
    f->none |= mask == 0;
  }
  if (!q->sdo)
    return MVR_OK;
  /* the organisation and its sub-bodies, as the SQL's WITH RECURSIVE */
  f->orgs = zalloc(x->norg ? x->norg : 1, 1);
  if (!f->orgs)
    return MVR_ERR_NOMEM;
  if (sqlite3_prepare_v2(s->db,
                         "WITH RECURSIVE sub(id) AS (SELECT id FROM orgs WHERE"
                         " name = ? UNION SELECT o2.id FROM orgs o2 JOIN sub"
                         " ON o2.parent_id = sub.id) SELECT id FROM sub",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading organisations");
  sq_bind_text(st, 1, q->sdo);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (id >= 0 && (uint64_t)id < x->norg) {
      f->orgs[id] = 1;
      any = 1;
    }
  }
  if (r != SQLITE_DONE)
    rc = sq_fail(s, "reading organisations");
  sqlite3_finalize(st);
  f->none |= !any;
  return rc;
}

static int ix_keep(const sq_index *x, const ix_filter *f, sqlite3_int64 id)
{
  if (id <= 0 || (uint64_t)id >= x->n || !x->live[id])
    return 0;
  if (f->status >= 0 && x->status[id] != f->status)
    return 0;
  if (f->type >= 0 && x->type[id] != f->type)
    return 0;
  if (f->cat && !(x->cat[id] & f->cat))
    return 0;
  if (f->orgs && !f->orgs[x->org[id]])
    return 0;
  return 1;
}

typedef mvr_status (*ix_hit_fn)(void *ud, uint32_t id, double score);

/* Split a copy of sq_fts_match()'s MATCH, `"w1" "w2"*`, into its
 * phrases in x->phrase (each quoted word, the last with its '*'), in
 * order. None when it has more than IX_PHRASES, or is not of that form
 * (then nothing is remembered). scan_phrases_end() frees the copy. */
static void scan_phrases(sq_index *x, const char *match)
{
  char *p;

  x->nphrase = 0;
  x->phrase_text = p = mvr_strdup(match);
  if (!p)
    return;
  while (*p == '"') {
    char *end = strchr(p + 1, '"');
    if (!end || x->nphrase == IX_PHRASES)
      break;
    x->phrase[x->nphrase++] = p;
    p = end + 1;
    if (*p == '*')
      p++;
    if (*p != ' ')
      break;
    *p++ = '\0';
  }
  if (*p)
    x->nphrase = 0;
}

static void scan_phrases_end(sq_index *x)
{
  x->nphrase = 0;
  mvr_free(x->phrase_text);
  x->phrase_text = NULL;
}

/* Call fn() for every entry `q` matches, in id order for a listing, in
 * the full-text index's order for words; with `ranked`, score = bm25. */
static mvr_status ix_scan(sq_store *s, sq_index *x, const mvr_query_spec *q,
                          const ix_filter *f, int ranked, ix_hit_fn fn,
                          void *ud)
{
  mvr_buf match = MVR_BUF_INIT(8192);
  sqlite3_stmt *st;
  mvr_status rc = MVR_OK;
  int r;

  if (f->none)
    return MVR_OK;
  if (q->text)
    sq_fts_match(q->text, &match);
  rc = mvr_buf_status(&match);
  if (rc || !match.len) {
    size_t id;
    for (id = 1; id < x->n && !rc; id++)
      if (ix_keep(x, f, (sqlite3_int64)id))
        rc = fn(ud, (uint32_t)id, 0);
    goto out;
  }
  /* the same weights as store_sqlite_read.c's ORDER BY */
  rc = ranked ? prep(s,
                     x->bm25 ? "SELECT rowid, mvr_bm25(entries_fts, 10.0,"
                               " 5.0, 1.0) FROM entries_fts WHERE"
                               " entries_fts MATCH ?"
                             : "SELECT rowid, bm25(entries_fts, 10.0, 5.0,"
                               " 1.0) FROM entries_fts WHERE entries_fts"
                               " MATCH ?",
                     &x->rank_st)
              : prep(s, "SELECT rowid FROM entries_fts WHERE entries_fts"
                        " MATCH ?",
                     &x->match_st);
  if (rc)
    goto out;
  st = ranked ? x->rank_st : x->match_st;
  if (ranked)
    scan_phrases(x, match.ptr);
  sqlite3_bind_text(st, 1, match.ptr, (int)match.len, SQLITE_STATIC);
  while ((r = sqlite3_step(st)) == SQLITE_ROW && !rc) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (ix_keep(x, f, id))
      rc = fn(ud, (uint32_t)id, ranked ? sqlite3_column_double(st, 1) : 0);
  }
  if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
    rc = sq_step_error(s, "searching");
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  scan_phrases_end(x);
out:
  mvr_buf_free(&match);
  return rc;
}

/* Keep the listed matches of `words` with their relevance in x->scan. */
static mvr_status scan_hit(void *ud, uint32_t id, double score)
{
  sq_index *x = ud;

  if (x->nscan == x->capscan) {
    size_t cap = x->capscan ? x->capscan * 2 : 1024;
    ix_hit *p = mvr_realloc(x->scan, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    x->scan = p;
    x->capscan = cap;
  }
  x->scan[x->nscan].key = score;
  x->scan[x->nscan].id = id;
  x->nscan++;
  return MVR_OK;
}

static mvr_status ix_keep_scan(sq_store *s, sq_index *x,
                               const mvr_query_spec *q, const char *words)
{
  ix_filter any = {0};
  mvr_status rc;

  any.status = any.type = -1;
  sq_index_snapshot_end(s);
  rc = ix_scan(s, x, q, &any, 1, scan_hit, x);
  if (!rc) {
    x->scan_words = mvr_strdup(words);
    if (!x->scan_words)
      rc = MVR_ERR_NOMEM;
  }
  if (rc)
    x->nscan = 0;
  return rc;
}

/* Call fn() for every kept match that `f` lets through, in order. */
static mvr_status ix_replay(const sq_index *x, const ix_filter *f,
                            ix_hit_fn fn, void *ud)
{
  mvr_status rc = MVR_OK;
  size_t i;

  if (f->none)
    return MVR_OK;
  for (i = 0; i < x->nscan && !rc; i++)
    if (ix_keep(x, f, x->scan[i].id))
      rc = fn(ud, x->scan[i].id, x->scan[i].key);
  return rc;
}

/* The FTS5 query of q's words in a new string (caller frees with
 * mvr_free()), NULL for none. */
static mvr_status ix_words(const mvr_query_spec *q, char **out)
{
  mvr_buf m = MVR_BUF_INIT(8192);
  mvr_status rc;

  *out = NULL;
  if (q->text)
    sq_fts_match(q->text, &m);
  rc = mvr_buf_status(&m);
  if (!rc && m.len)
    *out = mvr_buf_detach(&m);
  mvr_buf_free(&m);
  return rc;
}

/* --- facets ------------------------------------------------------------ */

typedef struct ix_tally {
  const sq_index *x;
  long n, bits[63];
  long *status, *type, *org;
} ix_tally;

static mvr_status tally_hit(void *ud, uint32_t id, double score)
{
  ix_tally *t = ud;
  uint64_t m = t->x->cat[id] & ((UINT64_C(1) << 63) - 1);

  (void)score;
  t->n++;
  while (m) {
    t->bits[__builtin_ctzll(m)]++;
    m &= m - 1;
  }
  t->status[t->x->status[id]]++;
  t->type[t->x->type[id]]++;
  t->org[t->x->org[id]]++;
  return MVR_OK;
}

typedef struct ix_count {
  const char *label;
  long n;
} ix_count;

static int by_label(const void *a, const void *b)
{
  return strcmp(((const ix_count *)a)->label, ((const ix_count *)b)->label);
}

static int by_count(const void *a, const void *b)
{
  const ix_count *x = a, *y = b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* Hand out the non-zero counts[i] under labels[i], sorted by `cmp`. */
static mvr_status emit(const char *facet, char *const *labels,
                       const long *counts, size_t n,
                       int (*cmp)(const void *, const void *), mvr_facet_fn fn,
                       void *ud)
{
  ix_count *c = zalloc(n ? n : 1, sizeof *c);
  mvr_status rc = MVR_OK;
  size_t i, k = 0;

  if (!c)
    return MVR_ERR_NOMEM;
  for (i = 0; i < n; i++)
    if (counts[i] && labels[i]) {
      c[k].label = labels[i];
      c[k].n = counts[i];
      k++;
    }
  if (k > 1)
    qsort(c, k, sizeof *c, cmp);
  for (i = 0; i < k && !rc; i++)
    rc = fn(ud, facet, c[i].label, c[i].n);
  mvr_free(c);
  return rc;
}

mvr_status sq_index_facets(sq_store *s, const mvr_query_spec *q, long *n,
                           mvr_facet_fn fn, void *ud, int *done)
{
  ix_tally t;
  ix_filter f = {0};
  char *words = NULL;
  mvr_status rc;
  int began = 0, ok = 0;

  *done = 0;
  *n = 0;
  if (!ix_eligible(s, q))
    return MVR_OK;
  memset(&t, 0, sizeof t);
  rc = ix_enter(s, &began, &ok);
  if (rc || !ok)
    goto out;
  t.x = s->ix;
  t.status = zalloc(s->ix->statuses.n + 1, sizeof *t.status);
  t.type = zalloc(s->ix->types.n + 1, sizeof *t.type);
  t.org = zalloc(s->ix->norg + 1, sizeof *t.org);
  if (!t.status || !t.type || !t.org) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  rc = ix_filter_make(s, s->ix, q, &f);
  if (!rc)
    rc = ix_words(q, &words);
  if (rc)
    goto out;
  if (words && !began) {
    /* in the caller's snapshot a page usually follows: rank the matches
     * once for both */
    rc = ix_keep_scan(s, s->ix, q, words);
    if (!rc)
      rc = ix_replay(s->ix, &f, tally_hit, &t);
  } else {
    rc = ix_scan(s, s->ix, q, &f, 0, tally_hit, &t);
  }
  if (!rc)
    rc = sq_emit_categories(s, t.bits, fn, ud);
  if (!rc)
    rc = emit("status", s->ix->statuses.label, t.status, s->ix->statuses.n,
              by_label, fn, ud);
  if (!rc)
    rc = emit("type", s->ix->types.label, t.type, s->ix->types.n, by_label,
              fn, ud);
  if (!rc)
    rc = emit("sdo", s->ix->org_name, t.org, s->ix->norg, by_count, fn, ud);
  if (!rc) {
    *n = t.n;
    *done = 1;
  }
out:
  ix_leave(s, began);
  mvr_free(words);
  mvr_free(f.orgs);
  mvr_free(t.status);
  mvr_free(t.type);
  mvr_free(t.org);
  return rc;
}

static mvr_status count_hit(void *ud, uint32_t id, double score)
{
  (void)id;
  (void)score;
  (*(long *)ud)++;
  return MVR_OK;
}

mvr_status sq_index_count(sq_store *s, const mvr_query_spec *q, long *n,
                          int *done)
{
  ix_filter f = {0};
  mvr_status rc;
  int began = 0, ok = 0;

  *done = 0;
  *n = 0;
  if (!ix_eligible(s, q))
    return MVR_OK;
  rc = ix_enter(s, &began, &ok);
  if (!rc && ok)
    rc = ix_filter_make(s, s->ix, q, &f);
  if (!rc && ok)
    rc = ix_scan(s, s->ix, q, &f, 0, count_hit, n);
  if (!rc && ok)
    *done = 1;
  else
    *n = 0;
  ix_leave(s, began);
  mvr_free(f.orgs);
  return rc;
}

/* --- pages ------------------------------------------------------------- */

/* The best `cap` hits by (key, id), smallest first once sorted: a
 * max-heap whose top is the worst kept. */

typedef struct ix_heap {
  ix_hit *h;
  size_t n, cap;
  const uint32_t *pos; /* key = pos[id]; NULL: key = score (or id) */
  int by_id;
} ix_heap;

static int hit_less(const ix_hit *a, const ix_hit *b)
{
  return a->key < b->key || (a->key == b->key && a->id < b->id);
}

static int hit_cmp(const void *a, const void *b)
{
  return hit_less(a, b) ? -1 : hit_less(b, a) ? 1 : 0;
}

static void heap_down(ix_heap *p, size_t i)
{
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    ix_hit tmp;
    if (l < p->n && hit_less(&p->h[m], &p->h[l]))
      m = l;
    if (r < p->n && hit_less(&p->h[m], &p->h[r]))
      m = r;
    if (m == i)
      return;
    tmp = p->h[i];
    p->h[i] = p->h[m];
    p->h[m] = tmp;
    i = m;
  }
}

static mvr_status heap_hit(void *ud, uint32_t id, double score)
{
  ix_heap *p = ud;
  ix_hit e;

  e.id = id;
  e.key = p->pos ? (double)p->pos[id] : p->by_id ? (double)id : score;
  if (p->n < p->cap) {
    size_t i = p->n++;
    p->h[i] = e;
    while (i && hit_less(&p->h[(i - 1) / 2], &p->h[i])) {
      ix_hit tmp = p->h[i];
      p->h[i] = p->h[(i - 1) / 2];
      p->h[(i - 1) / 2] = tmp;
      i = (i - 1) / 2;
    }
  } else if (hit_less(&e, &p->h[0])) {
    p->h[0] = e;
    heap_down(p, 0);
  }
  return MVR_OK;
}

/* A listing without words, walked in its order: stops at the page's end. */
typedef struct ix_walk {
  size_t skip, want;
  int64_t *ids;
  size_t n;
} ix_walk;

static void walk_take(ix_walk *w, uint32_t id)
{
  if (w->skip)
    w->skip--;
  else if (w->n < w->want)
    w->ids[w->n++] = id;
}

mvr_status sq_index_page(sq_store *s, const mvr_query_spec *q, int64_t **ids,
                         size_t *nids, int *done)
{
  ix_filter f = {0};
  ix_heap heap = {0};
  char *words = NULL;
  ix_walk w = {0};
  const char *sort = q->sort ? q->sort : "sdo";
  size_t offset = q->offset > 0 ? (size_t)q->offset : 0, i;
  mvr_status rc = MVR_OK;
  int began = 0, ok = 0, k = -1, fts, rank = 0;

  *done = 0;
  *ids = NULL;
  *nids = 0;
  if (q->limit <= 0 || !ix_eligible(s, q))
    return MVR_OK;
  rc = ix_words(q, &words);
  if (rc)
    return rc;
  fts = words != NULL;
  if (strcmp(sort, "rank") == 0) {
    rank = fts;
    if (!fts)
      sort = "sdo";
  }
  if (!rank && strcmp(sort, "id") != 0) {
    for (i = 0; i < IX_NSORT && k < 0; i++)
      if (strcmp(sort, ix_sort[i]) == 0)
        k = (int)i;
    if (k < 0) /* "status", or unknown: SQL's answer or error */
      goto out;
  }
  if (fts && offset + (size_t)q->limit > IX_HEAP_MAX)
    goto out;
  rc = ix_enter(s, &began, &ok);
  if (rc || !ok)
    goto out;
  rc = ix_filter_make(s, s->ix, q, &f);
  if (!rc && k >= 0)
    rc = ix_order(s, s->ix, k);
  if (rc)
    goto out;
  if (fts) {
    heap.cap = offset + (size_t)q->limit;
    heap.h = mvr_malloc(heap.cap * sizeof *heap.h);
    if (!heap.h) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    heap.pos = k >= 0 ? s->ix->pos[k] : NULL;
    heap.by_id = !rank && k < 0;
    if (s->ix->scan_words && strcmp(s->ix->scan_words, words) == 0)
      rc = ix_replay(s->ix, &f, heap_hit, &heap);
    else
      rc = ix_scan(s, s->ix, q, &f, rank, heap_hit, &heap);
    if (rc)
      goto out;
    qsort(heap.h, heap.n, sizeof *heap.h, hit_cmp);
    if (heap.n > offset) {
      *ids = mvr_malloc((heap.n - offset) * sizeof **ids);
      if (!*ids) {
        rc = MVR_ERR_NOMEM;
        goto out;
      }
      for (i = offset; i < heap.n; i++)
        (*ids)[(*nids)++] = heap.h[i].id;
    }
  } else {
    const sq_index *x = s->ix;
    w.skip = offset;
    w.want = (size_t)q->limit < x->n ? (size_t)q->limit : x->n;
    w.ids = mvr_malloc((w.want ? w.want : 1) * sizeof *w.ids);
    if (!w.ids) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    if (!f.none && k < 0) {
      for (i = 1; i < x->n && w.n < w.want; i++)
        if (ix_keep(x, &f, (sqlite3_int64)i))
          walk_take(&w, (uint32_t)i);
    } else if (!f.none) {
      for (i = 0; i < x->norder[k] && w.n < w.want; i++)
        if (ix_keep(x, &f, x->order[k][i]))
          walk_take(&w, x->order[k][i]);
    }
    *ids = w.ids;
    *nids = w.n;
    w.ids = NULL;
  }
  *done = 1;
out:
  ix_leave(s, began);
  mvr_free(words);
  mvr_free(f.orgs);
  mvr_free(heap.h);
  mvr_free(w.ids);
  if (rc) {
    mvr_free(*ids);
    *ids = NULL;
    *nids = 0;
    *done = 0;
  }
  return rc;
}

unsigned long sq_index_builds(mvr_store *base)
{
  sq_store *s = (sq_store *)base;

  return s->ix ? s->ix->builds : 0;
}

unsigned long sq_index_row_hits(mvr_store *base)
{
  sq_store *s = (sq_store *)base;

  return s->ix ? s->ix->row_hits : 0;
}

unsigned long sq_index_df_hits(mvr_store *base)
{
  sq_store *s = (sq_store *)base;

  return s->ix ? s->ix->df_hits : 0;
}
