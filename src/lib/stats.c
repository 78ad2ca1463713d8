/* stats.c - counts per category, status, type and organisation over the
 * entries a query matches (`mvroad stats`, the overview page). */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "profile.h"
#include "query.h"
#include "store_search.h"

typedef struct stats {
  mvr_stats pub;
  mvr_arena arena;
  mvr_count *cat, *st, *ty, *sdo;
  size_t nty, capty, nsdo, capsdo;
  const mvr_profile *p;
} stats;

static mvr_status push(stats *s, mvr_count **arr, size_t *n, size_t *cap,
                       const char *label, long count)
{
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    mvr_count *p = mvr_realloc(*arr, c * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    *arr = p;
    *cap = c;
  }
  (*arr)[*n].label = mvr_arena_strdup(&s->arena, label);
  (*arr)[*n].count = count;
  if (!(*arr)[*n].label)
    return MVR_ERR_NOMEM;
  (*n)++;
  return MVR_OK;
}

static mvr_status on_category(void *ud, const char *label, long n)
{
  stats *s = ud;
  size_t i;

  for (i = 0; i < s->p->categories.n; i++)
    if (strcmp(s->cat[i].label, label) == 0)
      s->cat[i].count = n;
  return MVR_OK;
}

static mvr_status on_status(void *ud, const char *label, long n)
{
  stats *s = ud;
  size_t i;

  for (i = 0; i < s->p->statuses.n; i++)
    if (strcmp(s->st[i].label, label) == 0)
      s->st[i].count = n;
  return MVR_OK;
}

static mvr_status on_type(void *ud, const char *label, long n)
{
  stats *s = ud;
  size_t i;

  for (i = 0; i < s->nty; i++)
    if (strcmp(s->ty[i].label, label) == 0) {
      s->ty[i].count = n;
      return MVR_OK;
    }
  return push(s, &s->ty, &s->nty, &s->capty, label, n);
}

static mvr_status on_sdo(void *ud, const char *label, long n)
{
  stats *s = ud;
  return push(s, &s->sdo, &s->nsdo, &s->capsdo, label, n);
}

/* The counts of a one-pass store (store_search.h), facet by facet. */
static mvr_status on_facet(void *ud, const char *facet, const char *label,
                           long n)
{
  switch (facet[0]) {
  case 'c':
    return on_category(ud, label, n);
  case 's':
    return facet[1] == 't' ? on_status(ud, label, n) : on_sdo(ud, label, n);
  case 't':
    return on_type(ud, label, n);
  default:
    return MVR_ERR_ARG;
  }
}

static mvr_status on_release(void *ud, const mvr_release_rec *r)
{
  *(long *)ud = r->submissions;
  return MVR_OK;
}

mvr_status mvr_stats_get(mvr_db *db, const mvr_query *q, mvr_stats **out)
{
  const mvr_profile *p = db->profile;
  mvr_store *st = db->store;
  mvr_resolved r;
  stats *s;
  mvr_status rc;
  size_t i;

  *out = NULL;
  rc = mvr_query_resolve(db, q, &r);
  if (rc)
    return rc;
  r.spec.limit = r.spec.offset = 0;
  s = mvr_malloc(sizeof *s);
  if (!s) {
    mvr_resolved_clear(&r);
    return MVR_ERR_NOMEM;
  }
  memset(s, 0, sizeof *s);
  s->p = p;
  s->cat = mvr_malloc((p->categories.n + 1) * sizeof *s->cat);
  s->st = mvr_malloc((p->statuses.n + 1) * sizeof *s->st);
  if (!s->cat || !s->st) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < p->categories.n; i++) {
    s->cat[i].label = p->categories.labels[i];
    s->cat[i].count = 0;
  }
  for (i = 0; i < p->statuses.n; i++) {
    s->st[i].label = p->statuses.labels[i];
    s->st[i].count = 0;
  }
  for (i = 0; i < p->types.n && !rc; i++)
    rc = push(s, &s->ty, &s->nty, &s->capty, p->types.labels[i], 0);
  if (rc)
    goto out;
  if (st->ops->search && st->ops->search->facets) {
    /* one pass over the matching entries instead of five */
    rc = st->ops->search->facets(st, &r.spec, &s->pub.entries, on_facet, s);
  } else {
    rc = st->ops->count(st, &r.spec, &s->pub.entries);
    if (!rc)
      rc = st->ops->facet(st, &r.spec, "category", on_category, s);
    if (!rc)
      rc = st->ops->facet(st, &r.spec, "status", on_status, s);
    if (!rc)
      rc = st->ops->facet(st, &r.spec, "type", on_type, s);
    if (!rc)
      rc = st->ops->facet(st, &r.spec, "sdo", on_sdo, s);
  }
  /* as of a release: the submissions received by its freeze */
  if (!rc && r.spec.release)
    rc = st->ops->release_find(st, r.spec.release, on_release,
                               &s->pub.submissions);
  else if (!rc)
    rc = st->ops->total(st, "submissions", &s->pub.submissions);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    goto out;
  }
  s->pub.organisations = (long)s->nsdo;
  s->pub.by_category = s->cat;
  s->pub.ncategory = p->categories.n;
  s->pub.by_status = s->st;
  s->pub.nstatus = p->statuses.n;
  s->pub.by_type = s->ty;
  s->pub.ntype = s->nty;
  s->pub.by_sdo = s->sdo;
  s->pub.nsdo = s->nsdo;
out:
  mvr_resolved_clear(&r);
  if (rc) {
    mvr_stats_free(&s->pub);
    return rc;
  }
  *out = &s->pub;
  return MVR_OK;
}

void mvr_stats_free(mvr_stats *pub)
{
  stats *s = (stats *)pub;

  if (!s)
    return;
  mvr_arena_free(&s->arena);
  mvr_free(s->cat);
  mvr_free(s->st);
  mvr_free(s->ty);
  mvr_free(s->sdo);
  mvr_free(s);
}
