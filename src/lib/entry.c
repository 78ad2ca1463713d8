/* entry.c - one entry with its provenance (which submission said what)
 * and its change log: mvr_entry_lookup(), behind `mvroad show`. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "profile.h"
#include "query.h"
#include "util.h"

typedef struct detail {
  mvr_entry_detail pub;
  mvr_alias *aliases;
  size_t naliases, capaliases;
  int64_t *merged;
  size_t nmerged, capmerged;
  mvr_arena arena;
  const char *cats[64];
  mvr_source *sources;
  size_t nsources, capsources;
  mvr_change *changes;
  size_t nchanges, capchanges;
  int64_t created_submission;
  mvr_change created; /* derived from the creating submission */
  int have_created;
} detail;

static const char *keep(detail *d, const char *s)
{
  const char *p = mvr_arena_strdup(&d->arena, s);
  return p ? p : "";
}

static mvr_status on_source(void *ud, const mvr_source_rec *s,
                            const mvr_submission_rec *sub, const char *org)
{
  detail *d = ud;
  mvr_source *o;

  if (d->nsources == d->capsources) {
    size_t cap = d->capsources ? d->capsources * 2 : 8;
    mvr_source *p = mvr_realloc(d->sources, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    d->sources = p;
    d->capsources = cap;
  }
  o = &d->sources[d->nsources++];
  o->submission_id = s->submission_id;
  o->file = keep(d, sub->file_name);
  o->org = keep(d, org);
  o->doc = keep(d, sub->doc);
  o->received = keep(d, sub->received);
  o->row = s->row;
  o->sdo = keep(d, s->sdo);
  o->reference = keep(d, s->reference);
  o->type = keep(d, s->type);
  o->title = keep(d, s->title);
  o->status = keep(d, s->status);
  o->status_detail = keep(d, s->status_detail);
  o->categories = keep(d, s->categories);
  o->summary = keep(d, s->summary);
  o->url = keep(d, s->url);
  if (!d->have_created && s->submission_id == d->created_submission) {
    /* the creation is not a log line: the first source is its record */
    d->created.at = keep(d, sub->imported_at);
    d->created.actor = keep(d, sub->actor);
    d->created.submission_id = s->submission_id;
    d->created.action = "create";
    d->created.field = "";
    d->created.old_value = "";
    d->created.new_value = o->reference;
    d->have_created = 1;
  }
  return d->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

static mvr_status on_change(void *ud, int64_t id, const mvr_change_rec *c)
{
  detail *d = ud;
  mvr_change *o;

  if (d->nchanges == d->capchanges) {
    size_t cap = d->capchanges ? d->capchanges * 2 : 8;
    mvr_change *p = mvr_realloc(d->changes, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    d->changes = p;
    d->capchanges = cap;
  }
  o = &d->changes[d->nchanges++];
  o->id = id;
  o->at = keep(d, c->at);
  o->actor = keep(d, c->actor);
  o->submission_id = c->submission_id;
  o->action = keep(d, c->action);
  o->field = keep(d, c->field);
  o->old_value = keep(d, c->old_value);
  o->new_value = keep(d, c->new_value);
  return d->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

static mvr_status on_alias(void *ud, const char *family, const char *refkey,
                           const char *reference, const char *kind)
{
  detail *d = ud;
  mvr_alias *o;

  if (d->naliases == d->capaliases) {
    size_t cap = d->capaliases ? d->capaliases * 2 : 4;
    mvr_alias *p = mvr_realloc(d->aliases, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    d->aliases = p;
    d->capaliases = cap;
  }
  o = &d->aliases[d->naliases++];
  o->family = keep(d, family);
  o->refkey = keep(d, refkey);
  o->reference = keep(d, reference);
  o->kind = keep(d, kind);
  return d->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

static mvr_status on_merged(void *ud, int64_t id)
{
  detail *d = ud;

  if (d->nmerged == d->capmerged) {
    size_t cap = d->capmerged ? d->capmerged * 2 : 4;
    int64_t *p = mvr_realloc(d->merged, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    d->merged = p;
    d->capmerged = cap;
  }
  d->merged[d->nmerged++] = id;
  return MVR_OK;
}

static int change_cmp(const void *a, const void *b)
{
  const mvr_change *x = a, *y = b;
  int c = strcmp(x->at, y->at);

  if (c)
    return c;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Run `spec` and collect up to 8 matches' ids (for ambiguity messages). */
static mvr_status find_ids(mvr_db *db, const mvr_query_spec *spec,
                           int64_t *ids, size_t *n, mvr_buf *names)
{
  mvr_store_cursor *c = NULL;
  const mvr_entry_rec *row;
  mvr_status rc;

  rc = db->store->ops->query(db->store, spec, &c);
  if (rc)
    return mvr_db_store_fail(db, rc);
  while (!(rc = db->store->ops->cursor_next(c, &row)) && row) {
    if (*n < 8) {
      ids[*n] = row->id;
      mvr_buf_printf(names, "%s%s (id %lld, %s)", *n ? ", " : "",
                     row->reference, (long long)row->id, row->sdo);
    }
    (*n)++;
  }
  if (rc)
    mvr_db_store_fail(db, rc);
  db->store->ops->cursor_free(c);
  return rc;
}

mvr_status mvr_entry_lookup(mvr_db *db, const char *id_or_ref,
                            mvr_entry_detail **out)
{
  mvr_query_spec spec;
  mvr_buf names = MVR_BUF_INIT(8192);
  mvr_store_cursor *c = NULL;
  const mvr_entry_rec *row = NULL;
  detail *d = NULL;
  int64_t ids[8];
  size_t n = 0, f;
  long id = 0;
  mvr_status rc = MVR_OK;

  *out = NULL;
  memset(&spec, 0, sizeof spec);
  if (mvr_parse_long(id_or_ref, 1, 0x7fffffffL, &id) == MVR_OK) {
    ids[0] = id;
    n = 1;
  } else {
    mvr_ref ref;
    /* the reference as written (its prefix names the family; aliases and
     * merges are followed), then in any family, then read by each
     * family's rules */
    rc = mvr_normalize_reference(db->profile, NULL, id_or_ref,
                                 strlen(id_or_ref), &ref);
    if (rc == MVR_ERR_DATA) {
      rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no entry \"%s\"", id_or_ref);
      goto out;
    }
    if (rc)
      goto out;
    if (*ref.family) {
      int64_t rid = 0;
      rc = db->store->ops->entry_resolve(db->store, ref.family, ref.key, &rid);
      if (rc)
        mvr_db_store_fail(db, rc);
      else if (rid)
        ids[n++] = rid;
    }
    if (!rc && !n) {
      spec.family = NULL;
      spec.refkey = ref.key;
      rc = find_ids(db, &spec, ids, &n, &names);
    }
    mvr_ref_clear(&ref);
    for (f = 0; !rc && !n && f < db->profile->nfamilies; f++) {
      mvr_ref r2;
      int64_t rid = 0;
      rc = mvr_normalize_reference(db->profile, db->profile->families[f].name,
                                   id_or_ref, strlen(id_or_ref), &r2);
      if (rc)
        break;
      rc = db->store->ops->entry_resolve(db->store, r2.family, r2.key, &rid);
      if (rc)
        mvr_db_store_fail(db, rc);
      else if (rid)
        ids[n++] = rid;
      mvr_ref_clear(&r2);
    }
    if (rc)
      goto out;
    if (n > 1) {
      rc = mvr_db_fail(db, MVR_ERR_AMBIGUOUS,
                       "\"%s\" matches %zu entries: %s; give the id",
                       id_or_ref, n, mvr_buf_cstr(&names));
      goto out;
    }
  }
  if (!n) {
    rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no entry \"%s\"", id_or_ref);
    goto out;
  }
  memset(&spec, 0, sizeof spec);
  spec.id = ids[0];
  d = mvr_malloc(sizeof *d);
  if (!d) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(d, 0, sizeof *d);
  rc = db->store->ops->query(db->store, &spec, &c);
  if (!rc)
    rc = db->store->ops->cursor_next(c, &row);
  if (rc) {
    mvr_db_store_fail(db, rc);
    goto out;
  }
  if (!row) {
    rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no entry %lld",
                     (long long)ids[0]);
    goto out;
  }
  d->created_submission = row->created_submission;
  {
    mvr_entry_rec copy = *row;
    mvr_buf cb = MVR_BUF_INIT(1 << 16);
#define KEEP(x) copy.x = keep(d, row->x)
    KEEP(sdo); KEEP(family); KEEP(refkey); KEEP(reference);
    KEEP(ref_detail); KEEP(type); KEEP(title); KEEP(status);
    KEEP(status_detail); KEEP(categories); KEEP(summary); KEEP(url);
    KEEP(first_seen); KEEP(last_updated);
#undef KEEP
    rc = mvr_entry_from_rec(&copy, &d->pub.entry, d->cats, 64, &cb);
    if (!rc) {
      /* the split categories must outlive the buffer */
      size_t i;
      for (i = 0; i < d->pub.entry.ncategories; i++)
        d->cats[i] = keep(d, d->cats[i]);
    }
    mvr_buf_free(&cb);
    if (!rc && d->arena.failed)
      rc = MVR_ERR_NOMEM;
    if (rc)
      goto out;
  }
  db->store->ops->cursor_free(c);
  c = NULL;
  rc = db->store->ops->merged_ids(db->store, ids[0], on_merged, d);
  if (!rc)
    rc = db->store->ops->sources(db->store, ids[0], on_source, d);
  for (f = 0; !rc && f < d->nmerged; f++)
    rc = db->store->ops->sources(db->store, d->merged[f], on_source, d);
  if (!rc)
    rc = db->store->ops->aliases(db->store, ids[0], on_alias, d);
  if (!rc && d->have_created)
    rc = on_change(d, 0, &(mvr_change_rec){ids[0], d->created.submission_id,
                                           d->created.at, d->created.actor,
                                           "create", "", "",
                                           d->created.new_value});
  if (!rc)
    rc = db->store->ops->changes(db->store, ids[0], on_change, d);
  for (f = 0; !rc && f < d->nmerged; f++)
    rc = db->store->ops->changes(db->store, d->merged[f], on_change, d);
  if (!rc && d->nmerged && d->nchanges > 1)
    qsort(d->changes, d->nchanges, sizeof *d->changes, change_cmp);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    goto out;
  }
  d->pub.sources = d->sources;
  d->pub.nsources = d->nsources;
  d->pub.changes = d->changes;
  d->pub.nchanges = d->nchanges;
  d->pub.aliases = d->aliases;
  d->pub.naliases = d->naliases;
  d->pub.merged = d->merged;
  d->pub.nmerged = d->nmerged;
  {
    /* merged into another? its own key resolves to that one */
    int64_t top = 0;
    if (db->store->ops->entry_resolve(db->store, d->pub.entry.family,
                                      d->pub.entry.refkey, &top) == MVR_OK &&
        top && top != d->pub.entry.id)
      d->pub.merged_into = top;
  }
  *out = &d->pub;
  d = NULL;
out:
  if (c)
    db->store->ops->cursor_free(c);
  if (d)
    mvr_entry_detail_free(&d->pub);
  mvr_buf_free(&names);
  return rc;
}

void mvr_entry_detail_free(mvr_entry_detail *pub)
{
  detail *d = (detail *)pub;

  if (!d)
    return;
  mvr_arena_free(&d->arena);
  mvr_free(d->sources);
  mvr_free(d->changes);
  mvr_free(d->aliases);
  mvr_free(d->merged);
  mvr_free(d);
}
