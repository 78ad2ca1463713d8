/* release.c - releases: numbered versions of the roadmap, frozen once and
 * never edited (mvr_release_create, mvr_release_list), and one entry
 * followed across them (mvr_entry_history). Reading the roadmap "as of" a
 * release is a query filter (mvr_query.release); comparing two versions
 * is diff.c. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "diff.h"
#include "query.h"
#include "util.h"

/* A release name is a label ("2026-05", "JCA-MV-5"), not a text. */
#define MAX_NAME 200
#define MAX_CATEGORIES 64

mvr_status mvr_release_create(mvr_db *db, const char *name, const char *date,
                              const char *note, long *entries)
{
  mvr_store *st = db->store;
  mvr_release_rec r;
  char *cname = NULL, *cnote = NULL;
  char today[11], now[21];
  int64_t id = 0;
  long n = 0;
  int attempt;
  mvr_status rc;

  if (entries)
    *entries = 0;
  if (!name) {
    rc = mvr_db_fail(db, MVR_ERR_ARG, "a release needs a name");
    goto out;
  }
  rc = mvr_text_clean(name, strlen(name), 0, &cname, NULL);
  if (rc == MVR_ERR_DATA)
    rc = mvr_db_fail(db, MVR_ERR_ARG, "the release name is not UTF-8 text");
  if (rc)
    goto out;
  if (!*cname) {
    rc = mvr_db_fail(db, MVR_ERR_ARG, "a release needs a name");
    goto out;
  }
  if (strlen(cname) > MAX_NAME) {
    rc = mvr_db_fail(db, MVR_ERR_ARG, "a release name has at most %d bytes",
                     MAX_NAME);
    goto out;
  }
  if (mvr_strcaseeq(cname, "current")) {
    rc = mvr_db_fail(db, MVR_ERR_ARG,
                     "\"current\" names the live roadmap; give the release "
                     "another name");
    goto out;
  }
  if (date && !mvr_date_valid(date)) {
    rc = mvr_db_fail(db, MVR_ERR_ARG,
                     "release date \"%s\" is not a date (YYYY-MM-DD)", date);
    goto out;
  }
  if (note) {
    rc = mvr_text_clean(note, strlen(note), 1, &cnote, NULL);
    if (rc == MVR_ERR_DATA)
      rc = mvr_db_fail(db, MVR_ERR_ARG, "the note is not UTF-8 text");
    if (rc)
      goto out;
  }
  mvr_date_today(today);
  mvr_timestamp_now(now);
  memset(&r, 0, sizeof r);
  r.name = cname;
  r.date = date ? date : today;
  r.note = cnote && *cnote ? cnote : NULL;
  r.created_at = now;
  r.actor = db->actor;
  /* one write transaction, run again when the server aborted it for a
   * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
  for (attempt = 0;; attempt++) {
    rc = st->ops->begin(st, 1);
    if (rc) {
      mvr_db_store_fail(db, rc);
      goto out;
    }
    rc = st->ops->release_create(st, &r, &id, &n);
    if (!rc)
      rc = st->ops->commit(st);
    if (rc == MVR_ERR_BUSY) {
      mvr_db_store_fail(db, rc);
      st->ops->rollback(st);
      if (mvr_db_replay(db, rc, attempt))
        continue;
      goto out;
    }
    break;
  }
  if (rc == MVR_ERR_EXISTS)
    mvr_db_fail(db, rc,
                "a release named \"%s\" exists already; a release cannot be "
                "changed: create one with another name",
                cname);
  else if (rc)
    mvr_db_store_fail(db, rc);
  if (rc) {
    st->ops->rollback(st);
    goto out;
  }
  if (entries)
    *entries = n;
out:
  mvr_free(cname);
  mvr_free(cnote);
  return rc;
}

/* --- listing --------------------------------------------------------- */

typedef struct releases {
  mvr_releases pub;
  mvr_arena arena;
  mvr_release *items;
  size_t n, cap;
} releases;

static const char *keep(mvr_arena *a, const char *s)
{
  const char *p = mvr_arena_strdup(a, s);
  return p ? p : "";
}

static void copy_release(mvr_arena *a, const mvr_release_rec *r, mvr_release *o)
{
  o->id = r->id;
  o->name = keep(a, r->name);
  o->date = keep(a, r->date);
  o->note = keep(a, r->note);
  o->created_at = keep(a, r->created_at);
  o->actor = keep(a, r->actor);
  o->entries = r->entries;
  o->submissions = r->submissions;
}

static mvr_status on_list(void *ud, const mvr_release_rec *r)
{
  releases *l = ud;

  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    mvr_release *p = mvr_realloc(l->items, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    l->items = p;
    l->cap = cap;
  }
  copy_release(&l->arena, r, &l->items[l->n++]);
  return l->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

mvr_status mvr_release_list(mvr_db *db, mvr_releases **out)
{
  releases *l;
  mvr_status rc;

  *out = NULL;
  l = mvr_malloc(sizeof *l);
  if (!l)
    return MVR_ERR_NOMEM;
  memset(l, 0, sizeof *l);
  rc = db->store->ops->releases(db->store, on_list, l);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    mvr_releases_free(&l->pub);
    return rc;
  }
  l->pub.items = l->items;
  l->pub.n = l->n;
  *out = &l->pub;
  return MVR_OK;
}

void mvr_releases_free(mvr_releases *pub)
{
  releases *l = (releases *)pub;

  if (!l)
    return;
  mvr_arena_free(&l->arena);
  mvr_free(l->items);
  mvr_free(l);
}

/* --- one entry across releases --------------------------------------- */

typedef struct history {
  mvr_history pub;
  mvr_entry_detail *detail;
  mvr_arena arena;
  mvr_history_release *rel;
  size_t n, cap;
  const mvr_entry_rec *last; /* the last release's row that held it */
} history;

/* Copy the row's strings into the arena; NULL when out of memory. */
static mvr_entry_rec *keep_rec(mvr_arena *a, const mvr_entry_rec *e)
{
  mvr_entry_rec *r = mvr_arena_alloc(a, sizeof *r);

  if (!r)
    return NULL;
  *r = *e;
#define KEEP(x) r->x = keep(a, e->x)
  KEEP(sdo);
  KEEP(family);
  KEEP(refkey);
  KEEP(reference);
  KEEP(ref_detail);
  KEEP(type);
  KEEP(title);
  KEEP(status);
  KEEP(status_detail);
  KEEP(categories);
  KEEP(summary);
  KEEP(url);
  KEEP(first_seen);
  KEEP(last_updated);
#undef KEEP
  return a->failed ? NULL : r;
}

/* `rec` as a public entry, its categories split into the arena. */
static mvr_entry *entry_of(mvr_arena *a, const mvr_entry_rec *rec)
{
  mvr_entry *e = mvr_arena_alloc(a, sizeof *e);
  const char **cats = mvr_arena_alloc(a, MAX_CATEGORIES * sizeof *cats);
  mvr_buf b = MVR_BUF_INIT(1 << 16);
  size_t i;
  int ok;

  if (!e || !cats)
    return NULL;
  memset(e, 0, sizeof *e);
  ok = mvr_entry_from_rec(rec, e, cats, MAX_CATEGORIES, &b) == MVR_OK;
  /* the split labels point into `b`: move them into the arena */
  for (i = 0; ok && i < e->ncategories; i++)
    cats[i] = keep(a, cats[i]);
  mvr_buf_free(&b);
  return ok && !a->failed ? e : NULL;
}

/* What differs between `a` and `b`, copied into the arena. */
static mvr_status changes_of(mvr_arena *a, const mvr_entry_rec *from,
                             const mvr_entry_rec *to,
                             const mvr_field_change **out, size_t *n)
{
  mvr_field_change f[MVR_DIFF_NFIELDS], *p;

  *out = NULL;
  *n = mvr_diff_recs(from, to, f);
  if (!*n)
    return MVR_OK;
  /* the values point into arena copies already */
  p = mvr_arena_alloc(a, *n * sizeof *p);
  if (!p)
    return MVR_ERR_NOMEM;
  memcpy(p, f, *n * sizeof *p);
  *out = p;
  return MVR_OK;
}

static mvr_status on_release_entry(void *ud, const mvr_release_rec *r,
                                   const mvr_entry_rec *e)
{
  history *h = ud;
  mvr_history_release *o;
  mvr_release *rel;
  mvr_entry_rec *rec = NULL;

  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 8;
    mvr_history_release *p = mvr_realloc(h->rel, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    h->rel = p;
    h->cap = cap;
  }
  o = &h->rel[h->n++];
  memset(o, 0, sizeof *o);
  rel = mvr_arena_alloc(&h->arena, sizeof *rel);
  if (!rel)
    return MVR_ERR_NOMEM;
  copy_release(&h->arena, r, rel);
  o->release = rel;
  if (!e)
    return h->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
  rec = keep_rec(&h->arena, e);
  o->entry = rec ? entry_of(&h->arena, rec) : NULL;
  if (!o->entry)
    return MVR_ERR_NOMEM;
  if (h->last && changes_of(&h->arena, h->last, rec, &o->changes, &o->nchanges))
    return MVR_ERR_NOMEM;
  h->last = rec;
  return MVR_OK;
}

/* The current values as a stored row (categories joined again). */
static mvr_entry_rec *current_rec(mvr_arena *a, const mvr_entry *e)
{
  mvr_entry_rec r;
  mvr_buf cats = MVR_BUF_INIT(1 << 16);
  mvr_entry_rec *out = NULL;
  size_t i;

  memset(&r, 0, sizeof r);
  r.id = e->id;
  r.sdo = e->sdo;
  r.family = e->family;
  r.refkey = e->refkey;
  r.reference = e->reference;
  r.ref_detail = e->ref_detail;
  r.type = e->type;
  r.title = e->title;
  r.status = e->status;
  r.status_detail = e->status_detail;
  r.summary = e->summary;
  r.url = e->url;
  r.first_seen = e->first_seen;
  r.last_updated = e->last_updated;
  r.version = e->version;
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      mvr_buf_puts(&cats, "; ");
    mvr_buf_puts(&cats, e->categories[i]);
  }
  r.categories = mvr_buf_cstr(&cats);
  if (!mvr_buf_status(&cats))
    out = keep_rec(a, &r);
  mvr_buf_free(&cats);
  return out;
}

mvr_status mvr_entry_history(mvr_db *db, const char *id_or_ref,
                             mvr_history **out)
{
  history *h;
  mvr_entry_rec *now;
  mvr_status rc;

  *out = NULL;
  if (!id_or_ref)
    return mvr_db_fail(db, MVR_ERR_ARG, "give an entry's id or reference");
  h = mvr_malloc(sizeof *h);
  if (!h)
    return MVR_ERR_NOMEM;
  memset(h, 0, sizeof *h);
  rc = mvr_entry_lookup(db, id_or_ref, &h->detail);
  if (rc)
    goto out;
  rc = db->store->ops->release_entry(db->store, h->detail->entry.id,
                                     on_release_entry, h);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    goto out;
  }
  if (h->last) {
    now = current_rec(&h->arena, &h->detail->entry);
    rc = now ? changes_of(&h->arena, h->last, now, &h->pub.since_release,
                          &h->pub.nsince_release)
             : MVR_ERR_NOMEM;
    if (rc)
      goto out;
  }
  h->pub.detail = h->detail;
  h->pub.releases = h->rel;
  h->pub.nreleases = h->n;
  *out = &h->pub;
  h = NULL;
out:
  mvr_history_free(h ? &h->pub : NULL);
  return rc;
}

void mvr_history_free(mvr_history *pub)
{
  history *h = (history *)pub;

  if (!h)
    return;
  mvr_entry_detail_free(h->detail);
  mvr_arena_free(&h->arena);
  mvr_free(h->rel);
  mvr_free(h);
}
