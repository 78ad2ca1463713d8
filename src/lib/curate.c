/* curate.c - the editors' tools: merging entries that are one document
 * (and undoing it), resolving conflicts between organisations, and
 * deciding on proposals. Each is one write transaction, logged. */
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "profile.h"
#include "report.h"
#include "util.h"

/* Resolve an id or reference to one entry id (following merges). */
static mvr_status entry_id_of(mvr_db *db, const char *what, int64_t *id)
{
  mvr_entry_detail *d = NULL;
  mvr_status rc = mvr_entry_lookup(db, what, &d);

  *id = 0;
  if (rc)
    return rc;
  *id = d->entry.id;
  mvr_entry_detail_free(d);
  return MVR_OK;
}

/* Run `body` in a write transaction; commit on success. */
static mvr_status begin(mvr_db *db)
{
  mvr_status rc = db->store->ops->begin(db->store, 1);
  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

static mvr_status end(mvr_db *db, mvr_status rc)
{
  if (!rc) {
    rc = db->store->ops->commit(db->store);
    if (rc)
      mvr_db_store_fail(db, rc);
  }
  if (rc) {
    db->store->ops->rollback(db->store);
    mvr_db_forget_orgs(db);
  }
  return rc;
}

/* --- merges -------------------------------------------------------- */

static mvr_status merge_once(mvr_db *db, const char *into, const char *from,
                             const char *note)
{
  int64_t a = 0, b = 0;
  char now[21];
  mvr_status rc;

  db->err[0] = '\0';
  /* `into` must be shown in listings: merging into an entry that is
   * itself merged (e.g. into A when A was merged into B, then B into A)
   * would make a cycle */
  {
    mvr_entry_detail *d = NULL;
    int64_t behind = 0;
    rc = mvr_entry_lookup(db, into, &d);
    if (rc)
      return rc;
    a = d->entry.id;
    behind = d->merged_into;
    mvr_entry_detail_free(d);
    if (behind)
      return mvr_db_fail(db, MVR_ERR_CONFLICT,
                         "entry %lld is merged into entry %lld: merge into "
                         "%lld instead",
                         (long long)a, (long long)behind, (long long)behind);
  }
  rc = entry_id_of(db, from, &b);
  if (rc)
    return rc;
  if (a == b)
    return mvr_db_fail(db, MVR_ERR_CONFLICT,
                       "\"%s\" and \"%s\" are the same entry (%lld)", into,
                       from, (long long)a);
  mvr_timestamp_now(now);
  rc = begin(db);
  if (rc)
    return rc;
  rc = db->store->ops->merge(db->store, a, b, now, db->actor, note);
  if (rc)
    mvr_db_store_fail(db, rc);
  if (!rc)
    rc = mvr_log_change(db, a, 0, now, "merge", "", "", from);
  if (!rc)
    rc = mvr_log_change(db, b, 0, now, "merged", "", "", into);
  return end(db, rc);
}

/* One write transaction, run again when the server aborted it for a
 * serialisation failure or a deadlock (mvr_db_replay(), issue 8). */
mvr_status mvr_merge(mvr_db *db, const char *into, const char *from,
                     const char *note)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = merge_once(db, into, from, note);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status unmerge_once(mvr_db *db, const char *into, const char *from)
{
  int64_t a = 0, b = 0;
  char now[21];
  mvr_status rc;

  db->err[0] = '\0';
  rc = entry_id_of(db, into, &a);
  if (rc)
    return rc;
  /* `from` is hidden: find it by id, or by its own key */
  {
    long v = 0;
    if (mvr_parse_long(from, 1, 0x7fffffffL, &v) == MVR_OK) {
      b = v;
    } else {
      mvr_ref r;
      rc = mvr_normalize_reference(db->profile, NULL, from, strlen(from), &r);
      if (rc)
        return rc == MVR_ERR_DATA
                   ? mvr_db_fail(db, MVR_ERR_NOTFOUND, "no entry \"%s\"", from)
                   : rc;
      /* the row under that key, merged or not */
      {
        mvr_entry_rec e;
        int found = 0;
        rc = db->store->ops->entry_find(db->store, r.family, r.key, &e,
                                        &found);
        if (!rc && found)
          b = e.id;
      }
      mvr_ref_clear(&r);
      if (rc)
        return mvr_db_store_fail(db, rc);
      if (!b)
        return mvr_db_fail(db, MVR_ERR_NOTFOUND,
                           "no entry \"%s\"; give the id of the merged entry",
                           from);
    }
  }
  mvr_timestamp_now(now);
  rc = begin(db);
  if (rc)
    return rc;
  rc = db->store->ops->unmerge(db->store, a, b, now, db->actor);
  if (rc)
    mvr_db_store_fail(db, rc);
  if (!rc)
    rc = mvr_log_change(db, a, 0, now, "unmerge", "", from, "");
  if (!rc)
    rc = mvr_log_change(db, b, 0, now, "unmerged", "", into, "");
  return end(db, rc);
}

/* One write transaction, run again when the server aborted it for a
 * serialisation failure or a deadlock (mvr_db_replay(), issue 8). */
mvr_status mvr_unmerge(mvr_db *db, const char *into, const char *from)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = unmerge_once(db, into, from);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

/* --- conflicts ------------------------------------------------------ */

typedef struct conflicts {
  mvr_arena arena;
  mvr_conflict *items;
  size_t n, cap;
} conflicts;

static const char *keep(mvr_arena *a, const char *s)
{
  const char *p = mvr_arena_strdup(a, s);
  return p ? p : "";
}

static mvr_status on_conflict(void *ud, const mvr_conflict_rec *c)
{
  conflicts *cs = ud;
  mvr_conflict *o;

  if (cs->n == cs->cap) {
    size_t cap = cs->cap ? cs->cap * 2 : 8;
    /* one extra slot holds the arena for mvr_conflicts_free() */
    mvr_conflict *p = mvr_realloc(cs->items, (cap + 1) * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    cs->items = p;
    cs->cap = cap;
  }
  o = &cs->items[cs->n++];
  memset(o, 0, sizeof *o);
  o->id = c->id;
  o->entry_id = c->entry_id;
  o->reference = keep(&cs->arena, c->reference);
  o->field = keep(&cs->arena, c->field);
  o->current_value = keep(&cs->arena, c->current_value);
  o->proposed_value = keep(&cs->arena, c->proposed_value);
  o->org = keep(&cs->arena, c->org);
  o->submission_id = c->submission_id;
  o->row = c->row;
  o->opened_at = keep(&cs->arena, c->opened_at);
  o->state = keep(&cs->arena, c->state);
  o->resolution = keep(&cs->arena, c->resolution);
  o->resolved_by = keep(&cs->arena, c->resolved_by);
  o->resolved_at = keep(&cs->arena, c->resolved_at);
  o->note = keep(&cs->arena, c->note);
  return cs->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

/* The arena lives in a hidden element after the last one. */
static mvr_status finish_list(void *items, size_t n, size_t size,
                              mvr_arena *arena)
{
  memcpy((char *)items + n * size, arena, sizeof *arena);
  return MVR_OK;
}

mvr_status mvr_conflicts_list(mvr_db *db, int all, mvr_conflict **out,
                              size_t *n)
{
  conflicts cs;
  mvr_status rc;

  *out = NULL;
  *n = 0;
  memset(&cs, 0, sizeof cs);
  rc = db->store->ops->conflicts(db->store, all, 0, on_conflict, &cs);
  if (!rc && !cs.items) {
    cs.items = mvr_malloc(sizeof *cs.items);
    if (!cs.items)
      rc = MVR_ERR_NOMEM;
  }
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    mvr_arena_free(&cs.arena);
    mvr_free(cs.items);
    return rc;
  }
  finish_list(cs.items, cs.n, sizeof *cs.items, &cs.arena);
  *out = cs.items;
  *n = cs.n;
  return MVR_OK;
}

void mvr_conflicts_free(mvr_conflict *c, size_t n)
{
  mvr_arena a;

  if (!c)
    return;
  memcpy(&a, &c[n], sizeof a);
  mvr_arena_free(&a);
  mvr_free(c);
}

/* The value to set for `field` from `take`; *out borrowed or in `b`. */
static mvr_status value_to_take(mvr_db *db, const mvr_conflict *c,
                                const char *take, mvr_buf *b,
                                const char **out, const char **how)
{
  const mvr_profile *p = db->profile;
  const char *canon = NULL;

  *out = NULL;
  if (strcmp(take, "current") == 0) {
    *out = c->current_value;
    *how = "kept current";
    return MVR_OK;
  }
  if (strcmp(take, "proposed") == 0) {
    *out = c->proposed_value;
    *how = "took proposed";
    return MVR_OK;
  }
  if (strncmp(take, "submission:", 11) == 0) {
    mvr_entry_detail *d = NULL;
    long sid = 0;
    size_t i;
    mvr_status rc;
    char idbuf[32];
    if (mvr_parse_long(take + 11, 1, 0x7fffffffL, &sid))
      return mvr_db_fail(db, MVR_ERR_ARG, "\"%s\": give submission:N", take);
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)c->entry_id);
    rc = mvr_entry_lookup(db, idbuf, &d);
    if (rc)
      return rc;
    for (i = 0; i < d->nsources; i++) {
      const mvr_source *s = &d->sources[i];
      if (s->submission_id != sid)
        continue;
      mvr_buf_puts(b, strcmp(c->field, "status") == 0  ? s->status
                      : strcmp(c->field, "title") == 0 ? s->title
                      : strcmp(c->field, "type") == 0  ? s->type
                                                       : s->sdo);
    }
    mvr_entry_detail_free(d);
    if (!b->len)
      return mvr_db_fail(db, MVR_ERR_NOTFOUND,
                         "submission %ld asserted nothing for entry %lld",
                         sid, (long long)c->entry_id);
    *out = mvr_buf_cstr(b);
    *how = "took submission";
    return mvr_buf_status(b);
  }
  /* a literal value, checked like an import would */
  if (strcmp(c->field, "status") == 0) {
    if (mvr_normalize_status(p, take, strlen(take), &canon))
      return mvr_db_fail(db, MVR_ERR_ARG, "unknown status \"%s\"", take);
  } else if (strcmp(c->field, "type") == 0) {
    if (mvr_normalize_type(p, take, strlen(take), &canon))
      return mvr_db_fail(db, MVR_ERR_ARG, "unknown type \"%s\"", take);
  }
  mvr_buf_puts(b, canon ? canon : take);
  *out = mvr_buf_cstr(b);
  *how = "set by editor";
  return mvr_buf_status(b);
}

static mvr_status conflict_resolve_once(mvr_db *db, int64_t id,
                                        const char *take, const char *note)
{
  conflicts cs;
  mvr_buf val = MVR_BUF_INIT(1 << 20);
  const char *value = NULL, *how = "";
  mvr_store *st = db->store;
  mvr_entry_rec cur, e;
  int found = 0, in_txn = 0;
  char now[21];
  mvr_status rc;

  db->err[0] = '\0';
  memset(&cs, 0, sizeof cs);
  rc = st->ops->conflicts(st, 1, id, on_conflict, &cs);
  if (rc) {
    mvr_db_store_fail(db, rc);
    goto out;
  }
  if (!cs.n || strcmp(cs.items[0].state, "open") != 0) {
    rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no open conflict %lld",
                     (long long)id);
    goto out;
  }
  rc = value_to_take(db, &cs.items[0], take, &val, &value, &how);
  if (rc)
    goto out;
  mvr_timestamp_now(now);
  rc = begin(db);
  if (rc)
    goto out;
  in_txn = 1;
  rc = st->ops->entry_get(st, cs.items[0].entry_id, &cur, &found);
  if (rc || !found) {
    rc = rc ? mvr_db_store_fail(db, rc)
            : mvr_db_fail(db, MVR_ERR_NOTFOUND, "the entry is gone");
    goto out;
  }
  e = cur;
  if (strcmp(cs.items[0].field, "status") == 0)
    e.status = value;
  else if (strcmp(cs.items[0].field, "title") == 0)
    e.title = value;
  else if (strcmp(cs.items[0].field, "type") == 0)
    e.type = value;
  {
    const char *old = strcmp(cs.items[0].field, "status") == 0  ? cur.status
                      : strcmp(cs.items[0].field, "title") == 0 ? cur.title
                      : strcmp(cs.items[0].field, "type") == 0  ? cur.type
                                                                : "";
    if (strcmp(old, value) != 0) {
      rc = st->ops->entry_update(st, &e);
      if (rc) {
        mvr_db_store_fail(db, rc);
        goto out;
      }
    }
    rc = mvr_log_change(db, cur.id, cs.items[0].submission_id, now,
                        "resolve", cs.items[0].field, old, value);
    if (rc)
      goto out;
  }
  rc = st->ops->conflict_close(st, id, now, db->actor, how, note);
  if (rc)
    mvr_db_store_fail(db, rc);
out:
  if (in_txn)
    rc = end(db, rc);
  mvr_arena_free(&cs.arena);
  mvr_free(cs.items);
  mvr_buf_free(&val);
  return rc;
}

/* One write transaction, run again when the server aborted it for a
 * serialisation failure or a deadlock (mvr_db_replay(), issue 8). */
mvr_status mvr_conflict_resolve(mvr_db *db, int64_t id, const char *take,
                                const char *note)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = conflict_resolve_once(db, id, take, note);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

/* --- proposals -------------------------------------------------------- */

typedef struct proposals {
  mvr_db *db;
  mvr_arena arena;
  mvr_proposal *items;
  size_t n, cap;
  /* deciding */
  int decide, approve;
  const char *note, *now;
  mvr_report *rep;
  unsigned long count;
  mvr_proposal_rec *pending;
  size_t npending, cappending;
} proposals;

static mvr_status on_proposal(void *ud, const mvr_proposal_rec *p)
{
  proposals *ps = ud;
  mvr_store *st = ps->db->store;
  mvr_proposal *o;
  mvr_buf ch = MVR_BUF_INIT(1 << 16);
  int64_t eid = 0;
  mvr_status rc;

  if (ps->n == ps->cap) {
    size_t cap = ps->cap ? ps->cap * 2 : 8;
    mvr_proposal *q = mvr_realloc(ps->items, (cap + 1) * sizeof *q);
    if (!q)
      return MVR_ERR_NOMEM;
    ps->items = q;
    ps->cap = cap;
  }
  {
    mvr_row r;
    memset(&r, 0, sizeof r);
    r.family = p->family;
    r.refkey = p->refkey;
    r.ref_detail = p->ref_detail;
    r.raw_reference = p->reference;
    rc = mvr_identify(ps->db, ps->db->profile, &r, &eid);
    if (rc)
      return rc;
  }
  if (eid) {
    mvr_entry_rec cur;
    int found = 0;
    rc = st->ops->entry_get(st, eid, &cur, &found);
    if (rc)
      return rc;
    if (found) {
#define DIFF(label, a, b)                                                      \
  if (strcmp((a), (b)) != 0)                                                   \
  mvr_buf_printf(&ch, "%s%s: \"%s\" -> \"%s\"", ch.len ? "; " : "", label,    \
                 (a), (b))
      DIFF("sdo", cur.sdo, p->org);
      DIFF("type", cur.type, p->type);
      DIFF("title", cur.title, p->title);
      DIFF("status", cur.status, p->status);
      DIFF("categories", cur.categories, p->categories);
      if (*p->summary)
        DIFF("summary", cur.summary, p->summary);
      if (*p->url)
        DIFF("url", cur.url, p->url);
#undef DIFF
    }
  }
  o = &ps->items[ps->n++];
  memset(o, 0, sizeof *o);
  o->id = p->id;
  o->submission_id = p->submission_id;
  o->file = keep(&ps->arena, p->file);
  o->received = keep(&ps->arena, p->received);
  o->row = p->row;
  o->state = keep(&ps->arena, p->state);
  o->entry_id = eid;
  o->sdo = keep(&ps->arena, p->org);
  o->reference = keep(&ps->arena, p->reference);
  o->type = keep(&ps->arena, p->type);
  o->title = keep(&ps->arena, p->title);
  o->status = keep(&ps->arena, p->status);
  o->categories = keep(&ps->arena, p->categories);
  o->summary = keep(&ps->arena, p->summary);
  o->url = keep(&ps->arena, p->url);
  o->changes = keep(&ps->arena, mvr_buf_cstr(&ch));
  rc = mvr_buf_status(&ch);
  mvr_buf_free(&ch);
  if (!rc && ps->arena.failed)
    rc = MVR_ERR_NOMEM;
  return rc;
}

mvr_status mvr_proposals_list(mvr_db *db, const char *state,
                              int64_t submission, mvr_proposal **out,
                              size_t *n)
{
  proposals ps;
  mvr_status rc;

  *out = NULL;
  *n = 0;
  memset(&ps, 0, sizeof ps);
  ps.db = db;
  rc = db->store->ops->proposals(db->store, state, submission, 0, on_proposal,
                                 &ps);
  if (!rc && !ps.items) {
    ps.items = mvr_malloc(sizeof *ps.items);
    if (!ps.items)
      rc = MVR_ERR_NOMEM;
  }
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    mvr_arena_free(&ps.arena);
    mvr_free(ps.items);
    return rc;
  }
  finish_list(ps.items, ps.n, sizeof *ps.items, &ps.arena);
  *out = ps.items;
  *n = ps.n;
  return MVR_OK;
}

void mvr_proposals_free(mvr_proposal *p, size_t n)
{
  mvr_arena a;

  if (!p)
    return;
  memcpy(&a, &p[n], sizeof a);
  mvr_arena_free(&a);
  mvr_free(p);
}

/* Collect the pending proposals to decide (their strings in the arena). */
static mvr_status collect(void *ud, const mvr_proposal_rec *p)
{
  proposals *ps = ud;
  mvr_proposal_rec *o;

  if (ps->npending == ps->cappending) {
    size_t cap = ps->cappending ? ps->cappending * 2 : 8;
    mvr_proposal_rec *q = mvr_realloc(ps->pending, cap * sizeof *q);
    if (!q)
      return MVR_ERR_NOMEM;
    ps->pending = q;
    ps->cappending = cap;
  }
  o = &ps->pending[ps->npending++];
  *o = *p;
#define K(x) o->x = keep(&ps->arena, p->x)
  K(org); K(org_family); K(family); K(refkey); K(reference); K(ref_detail);
  K(type); K(title); K(status); K(status_detail); K(categories); K(summary);
  K(url); K(received); K(file);
#undef K
  return ps->arena.failed ? MVR_ERR_NOMEM : MVR_OK;
}

static mvr_status proposal_decide_once(mvr_db *db, int64_t id,
                                       int64_t submission, int approve,
                                       const char *note, mvr_report *rep,
                                       unsigned long *count)
{
  mvr_store *st = db->store;
  proposals ps;
  char now[21];
  size_t i;
  mvr_status rc;

  db->err[0] = '\0';
  if (count)
    *count = 0;
  if (!id && !submission)
    return mvr_db_fail(db, MVR_ERR_ARG, "name a proposal or a submission");
  memset(&ps, 0, sizeof ps);
  mvr_timestamp_now(now);
  rc = begin(db);
  if (rc)
    return rc;
  rc = st->ops->proposals(st, "pending", submission, id, collect, &ps);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(db, rc);
    goto out;
  }
  if (!ps.npending) {
    rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no pending proposal %s %lld",
                     id ? "" : "in submission",
                     (long long)(id ? id : submission));
    goto out;
  }
  for (i = 0; i < ps.npending && !rc; i++) {
    const mvr_proposal_rec *p = &ps.pending[i];
    if (approve) {
      mvr_apply a;
      mvr_row r;
      memset(&a, 0, sizeof a);
      a.db = db;
      a.p = db->profile;
      a.sub_id = p->submission_id;
      a.received = p->received;
      a.now = now;
      a.rep = rep;
      a.file = p->file;
      memset(&r, 0, sizeof r);
      r.v[MVR_F_SDO] = p->org;
      r.v[MVR_F_REFERENCE] = p->reference;
      r.v[MVR_F_TYPE] = p->type;
      r.v[MVR_F_TITLE] = p->title;
      r.v[MVR_F_STATUS] = p->status;
      r.v[MVR_F_STATUS_DETAIL] = p->status_detail;
      r.v[MVR_F_CATEGORY] = p->categories;
      r.v[MVR_F_SUMMARY] = p->summary;
      r.v[MVR_F_URL] = p->url;
      r.org_family = p->org_family;
      r.org_known = p->org_known;
      r.raw_reference = p->reference;
      r.ref_detail = p->ref_detail;
      r.refkey = p->refkey;
      r.family = p->family;
      r.row = p->row;
      rc = mvr_apply_row(&a, &r);
      if (rc)
        break;
    }
    rc = st->ops->proposal_decide(st, p->id, approve ? "approved" : "rejected",
                                  now, db->actor, note);
    if (rc)
      mvr_db_store_fail(db, rc);
    else
      ps.count++;
  }
out:
  rc = end(db, rc);
  if (!rc && count)
    *count = ps.count;
  mvr_arena_free(&ps.arena);
  mvr_free(ps.pending);
  return rc;
}

/* One write transaction, run again when the server aborted it for a
 * serialisation failure or a deadlock (mvr_db_replay(), issue 8). */
mvr_status mvr_proposal_decide(mvr_db *db, int64_t id, int64_t submission,
                               int approve, const char *note, mvr_report *rep,
                               unsigned long *count)
{
  mvr_report_pos m;
  mvr_status rc;
  int attempt;

  mvr_report_mark(rep, &m);
  for (attempt = 0;; attempt++) {
    rc = proposal_decide_once(db, id, submission, approve, note, rep, count);
    if (!mvr_db_replay(db, rc, attempt))
      break;
    mvr_report_rewind(rep, &m);
  }
  mvr_report_unmute(rep);
  return rc;
}
