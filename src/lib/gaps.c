/* gaps.c - coverage and gaps (`mvroad gaps`, issue 7): entries counted by
 * category x organisation (reference family), category x status,
 * topic x category and topic x status, topics from the profile's phrase
 * rules matched on stemmed words (terms.c); a gap is a topic or category
 * with no entry at all, or none published. One streaming pass over the
 * entries through the store's query op. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store_analysis.h"
#include "terms.h"
#include "topics.h"
#include "util.h"

typedef struct result {
  mvr_gaps pub;
  const char **orgs;
  long *cat_org;
  long *cells; /* every other matrix and total, one allocation */
  mvr_gap *gaps;
  mvr_arena arena;
} result;

/* An entry's topic overrides, as bit sets over the profile's topics. */
typedef struct override {
  int64_t id;
  uint64_t add, remove;
} override;

typedef struct counter {
  mvr_db *db;
  const mvr_profile *p;
  mvr_topics topics;
  size_t nc, ns, nt;
  long *cat_status, *topic_cat, *topic_status;
  long *cat_total, *topic_total, *cat_pub, *topic_pub;
  mvr_map org_map; /* family -> index */
  char **orgs;
  long *cat_org; /* norgs x nc, grown */
  size_t norgs, caporgs;
  int published; /* index of the "Published" status, -1 if none */
  unsigned long entries, untagged, overridden;
  override *ov; /* by entry id (the store's order) */
  size_t nov, capov, nextov;
} counter;

/* The bit set of the categories named in "A; B" (canonical labels). */
static uint64_t cat_mask(const mvr_profile *p, const char *s)
{
  uint64_t m = 0;
  size_t i;

  if (!s)
    return 0;
  while (*s) {
    const char *end = strstr(s, "; ");
    size_t n = end ? (size_t)(end - s) : strlen(s);
    for (i = 0; i < p->categories.n && i < 64; i++)
      if (strlen(p->categories.labels[i]) == n &&
          memcmp(p->categories.labels[i], s, n) == 0)
        m |= (uint64_t)1 << i;
    s += n;
    if (end)
      s += 2;
  }
  return m;
}

static int status_index(const mvr_profile *p, const char *s)
{
  size_t i;

  for (i = 0; s && i < p->statuses.n; i++)
    if (strcmp(p->statuses.labels[i], s) == 0)
      return (int)i;
  return -1;
}

static mvr_status org_index(counter *c, const char *family, size_t *idx)
{
  int v = mvr_map_get(&c->org_map, family);
  mvr_status rc;

  if (v >= 0) {
    *idx = (size_t)v;
    return MVR_OK;
  }
  if (c->norgs == c->caporgs) {
    size_t cap = c->caporgs ? c->caporgs * 2 : 32, k;
    char **o = mvr_realloc(c->orgs, cap * sizeof *o);
    long *m;
    if (!o)
      return MVR_ERR_NOMEM;
    c->orgs = o;
    m = mvr_realloc(c->cat_org, cap * (c->nc ? c->nc : 1) * sizeof *m);
    if (!m)
      return MVR_ERR_NOMEM;
    for (k = c->caporgs * (c->nc ? c->nc : 1); k < cap * (c->nc ? c->nc : 1);
         k++)
      m[k] = 0;
    c->cat_org = m;
    c->caporgs = cap;
  }
  if (c->norgs >= 1000000)
    return MVR_ERR_TOOBIG;
  c->orgs[c->norgs] = mvr_strdup(family);
  if (!c->orgs[c->norgs])
    return MVR_ERR_NOMEM;
  rc = mvr_map_set(&c->org_map, family, (int)c->norgs);
  if (rc) {
    mvr_free(c->orgs[c->norgs]);
    return rc;
  }
  *idx = c->norgs++;
  return MVR_OK;
}

static mvr_status on_entry(counter *c, const mvr_entry_rec *e)
{
  uint64_t cats = cat_mask(c->p, e->categories), topics = 0;
  int s = status_index(c->p, e->status);
  int pub = s >= 0 && s == c->published;
  size_t org, i, t;
  mvr_status rc;

  c->entries++;
  rc = org_index(c, e->family && *e->family ? e->family : "(none)", &org);
  if (!rc)
    rc = mvr_topics_tag(&c->topics, e->title, e->summary, &topics);
  if (rc)
    return rc;
  /* editors' overrides: both lists are in entry id order */
  while (c->nextov < c->nov && c->ov[c->nextov].id < e->id)
    c->nextov++;
  if (c->nextov < c->nov && c->ov[c->nextov].id == e->id) {
    const override *o = &c->ov[c->nextov];
    topics = (topics | o->add) & ~o->remove;
    c->overridden++;
  }
  if (!topics)
    c->untagged++;
  for (i = 0; i < c->nc; i++) {
    if (!(cats >> i & 1))
      continue;
    c->cat_total[i]++;
    c->cat_pub[i] += pub;
    c->cat_org[org * c->nc + i]++;
    if (s >= 0)
      c->cat_status[i * c->ns + (size_t)s]++;
  }
  for (t = 0; t < c->nt; t++) {
    if (!(topics >> t & 1))
      continue;
    c->topic_total[t]++;
    c->topic_pub[t] += pub;
    if (s >= 0)
      c->topic_status[t * c->ns + (size_t)s]++;
    for (i = 0; i < c->nc; i++)
      if (cats >> i & 1)
        c->topic_cat[t * c->nc + i]++;
  }
  return MVR_OK;
}

static mvr_status on_override(void *ud, int64_t id, const char *topic,
                              int tagged, const char *at, const char *actor,
                              const char *note)
{
  counter *c = ud;
  size_t t;
  uint64_t bit;

  (void)at;
  (void)actor;
  (void)note;
  for (t = 0; t < c->nt; t++)
    if (strcmp(c->p->topics[t].name, topic) == 0)
      break;
  if (t == c->nt)
    return MVR_OK; /* a topic the profile no longer has */
  bit = (uint64_t)1 << t;
  if (!c->nov || c->ov[c->nov - 1].id != id) {
    if (c->nov == c->capov) {
      size_t cap = c->capov ? c->capov * 2 : 64;
      override *p = mvr_realloc(c->ov, cap * sizeof *p);
      if (!p)
        return MVR_ERR_NOMEM;
      c->ov = p;
      c->capov = cap;
    }
    c->ov[c->nov].id = id;
    c->ov[c->nov].add = 0;
    c->ov[c->nov].remove = 0;
    c->nov++;
  }
  if (tagged)
    c->ov[c->nov - 1].add |= bit;
  else
    c->ov[c->nov - 1].remove |= bit;
  return MVR_OK;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_gap(result *r, size_t *n, const char *kind, const char *name,
                    long total, long pub)
{
  mvr_gap *g;

  if (total && pub)
    return;
  g = &r->gaps[(*n)++];
  g->kind = kind;
  g->name = name;
  g->what = total ? "no published standard" : "no work";
  g->entries = total;
}

/* The profile's labels, copied: the result outlives a profile change. */
static mvr_status copy_list(result *r, char **from, size_t n,
                            const char *const **to)
{
  const char **t = mvr_arena_alloc(&r->arena, (n + 1) * sizeof *t);
  size_t i;

  if (!t)
    return MVR_ERR_NOMEM;
  for (i = 0; i < n; i++) {
    t[i] = mvr_arena_strdup(&r->arena, from[i]);
    if (!t[i])
      return MVR_ERR_NOMEM;
  }
  *to = t;
  return MVR_OK;
}

static mvr_status copy_names(counter *c, result *r)
{
  const char **t = mvr_arena_alloc(&r->arena, (c->nt + 1) * sizeof *t);
  size_t i;
  mvr_status rc;

  if (!t)
    return MVR_ERR_NOMEM;
  for (i = 0; i < c->nt; i++) {
    t[i] = mvr_arena_strdup(&r->arena, c->p->topics[i].name);
    if (!t[i])
      return MVR_ERR_NOMEM;
  }
  r->pub.topics = t;
  r->pub.ntopics = c->nt;
  r->pub.ncategories = c->nc;
  r->pub.nstatuses = c->ns;
  rc = copy_list(r, c->p->categories.labels, c->nc, &r->pub.categories);
  if (!rc)
    rc = copy_list(r, c->p->statuses.labels, c->ns, &r->pub.statuses);
  return rc;
}

/* The result, with organisations by name. */
static mvr_status finish(counter *c, result *r)
{
  size_t i, k, n = 0, *order;
  const char **sorted;

  sorted = mvr_arena_alloc(&r->arena, (c->norgs + 1) * sizeof *sorted);
  order = mvr_malloc((c->norgs + 1) * sizeof *order);
  r->cat_org = mvr_malloc((c->norgs * c->nc + 1) * sizeof *r->cat_org);
  r->gaps = mvr_malloc((c->nt + c->nc + 1) * sizeof *r->gaps);
  if (!sorted || !order || !r->cat_org || !r->gaps) {
    mvr_free(order);
    return MVR_ERR_NOMEM;
  }
  for (i = 0; i < c->norgs; i++) {
    sorted[i] = mvr_arena_strdup(&r->arena, c->orgs[i]);
    if (!sorted[i]) {
      mvr_free(order);
      return MVR_ERR_NOMEM;
    }
  }
  qsort(sorted, c->norgs, sizeof *sorted, by_name);
  for (i = 0; i < c->norgs; i++)
    order[i] = (size_t)mvr_map_get(&c->org_map, sorted[i]);
  /* cat_org is category-major in the result */
  for (k = 0; k < c->nc; k++)
    for (i = 0; i < c->norgs; i++)
      r->cat_org[k * c->norgs + i] = c->cat_org[order[i] * c->nc + k];
  mvr_free(order);
  r->pub.orgs = sorted;
  r->pub.norgs = c->norgs;
  r->pub.cat_org = r->cat_org;
  for (i = 0; i < c->nt; i++)
    add_gap(r, &n, "topic", r->pub.topics[i], c->topic_total[i],
            c->topic_pub[i]);
  for (i = 0; i < c->nc; i++)
    add_gap(r, &n, "category", r->pub.categories[i], c->cat_total[i],
            c->cat_pub[i]);
  r->pub.gaps = r->gaps;
  r->pub.ngaps = n;
  r->pub.entries = c->entries;
  r->pub.untagged = c->untagged;
  r->pub.overridden = c->overridden;
  return MVR_OK;
}

static void counter_clear(counter *c)
{
  size_t i;

  mvr_topics_clear(&c->topics);
  mvr_map_clear(&c->org_map);
  for (i = 0; i < c->norgs; i++)
    mvr_free(c->orgs[i]);
  mvr_free(c->orgs);
  mvr_free(c->cat_org);
  mvr_free(c->ov);
}

void mvr_gaps_free(mvr_gaps *g)
{
  result *r = (result *)g;

  if (!r)
    return;
  mvr_free(r->cat_org);
  mvr_free(r->cells);
  mvr_free(r->gaps);
  mvr_arena_free(&r->arena);
  mvr_free(r);
}

mvr_status mvr_gaps_find(mvr_db *db, mvr_gaps **out)
{
  mvr_store *st;
  mvr_store_cursor *cur = NULL;
  const mvr_entry_rec *row;
  mvr_query_spec q;
  counter c;
  result *r = NULL;
  mvr_status rc;
  size_t ncells;
  int in_txn = 0;

  if (!out)
    return MVR_ERR_ARG;
  *out = NULL;
  if (!db)
    return MVR_ERR_ARG;
  st = db->store;
  memset(&c, 0, sizeof c);
  c.db = db;
  c.p = db->profile;
  c.nc = c.p->categories.n < 64 ? c.p->categories.n : 64;
  c.ns = c.p->statuses.n;
  c.nt = c.p->ntopics;
  c.published = status_index(c.p, "Published");
  rc = mvr_topics_init(&c.topics, c.p);
  if (rc)
    return rc;
  r = mvr_malloc(sizeof *r);
  if (!r) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(r, 0, sizeof *r);
  ncells = c.nc * c.ns + c.nt * c.nc + c.nt * c.ns + 2 * c.nc + 2 * c.nt;
  r->cells = mvr_malloc((ncells + 1) * sizeof *r->cells);
  if (!r->cells) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(r->cells, 0, (ncells + 1) * sizeof *r->cells);
  c.cat_status = r->cells;
  c.topic_cat = c.cat_status + c.nc * c.ns;
  c.topic_status = c.topic_cat + c.nt * c.nc;
  c.cat_total = c.topic_status + c.nt * c.ns;
  c.cat_pub = c.cat_total + c.nc;
  c.topic_total = c.cat_pub + c.nc;
  c.topic_pub = c.topic_total + c.nt;
  rc = st->ops->begin(st, 0);
  if (rc)
    goto out;
  in_txn = 1;
  if (st->ops->analysis) {
    rc = st->ops->analysis->topic_overrides(st, on_override, &c);
    if (rc)
      goto out;
  }
  memset(&q, 0, sizeof q);
  q.sort = "id";
  rc = st->ops->query(st, &q, &cur);
  if (rc)
    goto out;
  while (!(rc = st->ops->cursor_next(cur, &row)) && row) {
    rc = on_entry(&c, row);
    if (rc)
      break;
  }
  st->ops->cursor_free(cur);
  if (!rc)
    rc = copy_names(&c, r);
  if (!rc)
    rc = finish(&c, r);
  if (rc)
    goto out;
  r->pub.cat_status = c.cat_status;
  r->pub.topic_cat = c.topic_cat;
  r->pub.topic_status = c.topic_status;
  r->pub.cat_total = c.cat_total;
  r->pub.cat_published = c.cat_pub;
  r->pub.topic_total = c.topic_total;
  r->pub.topic_published = c.topic_pub;
  rc = st->ops->commit(st);
  in_txn = rc != MVR_OK;
out:
  if (in_txn)
    st->ops->rollback(st);
  counter_clear(&c);
  if (rc) {
    mvr_gaps_free(r ? &r->pub : NULL);
    if (rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY)
      return mvr_db_store_fail(db, rc);
    return rc;
  }
  *out = &r->pub;
  return MVR_OK;
}

/* --- editors' overrides --------------------------------------------------- */

mvr_status mvr_topic_set(mvr_db *db, const char *id_or_ref, const char *topic,
                         int tagged, const char *note)
{
  mvr_store *st;
  mvr_entry_detail *d = NULL;
  const mvr_profile *p;
  char at[21];
  int64_t id;
  size_t t;
  int attempt;
  mvr_status rc;

  if (!db || !id_or_ref || !topic || tagged < -1 || tagged > 1)
    return db ? mvr_db_fail(db, MVR_ERR_ARG, "wrong arguments") : MVR_ERR_ARG;
  st = db->store;
  if (!st->ops->analysis)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "this store keeps no topic overrides");
  p = db->profile;
  for (t = 0; t < p->ntopics; t++)
    if (strcmp(p->topics[t].name, topic) == 0)
      break;
  if (t == p->ntopics)
    return mvr_db_fail(db, MVR_ERR_NOTFOUND,
                       "no topic \"%s\" in the profile", topic);
  rc = mvr_entry_lookup(db, id_or_ref, &d);
  if (rc)
    return rc;
  id = d->entry.id;
  mvr_entry_detail_free(d);
  mvr_timestamp_now(at);
  /* one write transaction, run again when the server aborted it for a
   * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
  for (attempt = 0;; attempt++) {
    rc = st->ops->begin(st, 1);
    if (rc)
      return mvr_db_store_fail(db, rc);
    rc = st->ops->analysis->topic_set(st, id, p->topics[t].name, tagged, at,
                                      db->actor, note ? note : "");
    if (!rc)
      rc = st->ops->commit(st);
    if (rc) {
      if (rc == MVR_ERR_NOTFOUND)
        mvr_db_fail(db, rc, "no entry %lld", (long long)id);
      else
        mvr_db_store_fail(db, rc);
      st->ops->rollback(st);
    }
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}
