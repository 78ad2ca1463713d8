/* apply.c - applying one validated row to the register (see apply.h).
 *
 * Identity: a row names the entry with its (family, key), or an alias of
 * one, following merges. An approved IEEE standard lands on its P-project
 * ("IEEE 2048.1-2024" on "IEEE P2048.1"), a number on its provisional
 * name when the row says so ("Y.4238 (ex Y.dtmv-reqts)"), and a twin text
 * on its twin ("ITU-T H.266 | ISO/IEC 23090-3"); the entry then takes the
 * final key and keeps the old one as an alias.
 *
 * Ownership (profile "ownership"): the organisation that owns a document
 * wins for the owner fields (Status, Title, Type); a different value from
 * another organisation opens a conflict instead of overwriting; among
 * equals the newest submission wins, so an older file imported late does
 * not undo a newer one. */
#include "apply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "util.h"

static const struct {
  mvr_field f;
  const char *name;
} fields[] = {
    {MVR_F_SDO, "sdo"},
    {MVR_F_REFERENCE, "reference"},
    {MVR_F_TYPE, "type"},
    {MVR_F_TITLE, "title"},
    {MVR_F_STATUS, "status"},
    {MVR_F_STATUS_DETAIL, "status_detail"},
    {MVR_F_CATEGORY, "categories"},
    {MVR_F_SUMMARY, "summary"},
    {MVR_F_URL, "url"},
};

__attribute__((format(printf, 5, 6))) static void
note(mvr_apply *a, mvr_severity sev, const mvr_row *r, mvr_field f,
     const char *fmt, ...)
{
  mvr_buf msg = MVR_BUF_INIT(8192);
  mvr_pos pos;
  va_list ap;

  va_start(ap, fmt);
  mvr_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  pos.file = a->file;
  pos.table = a->table;
  pos.row = r->row;
  pos.col = 0;
  pos.column = mvr_field_name(f);
  if (!mvr_buf_status(&msg))
    mvr_report_add(a->rep, sev, &pos, mvr_field_key(f), "%s", msg.ptr);
  mvr_buf_free(&msg);
}

mvr_status mvr_log_change(mvr_db *db, int64_t entry, int64_t submission,
                          const char *at, const char *action,
                          const char *field, const char *old,
                          const char *new_value)
{
  mvr_store *st = db->store;
  mvr_change_rec c;
  mvr_status rc;

  c.entry_id = entry;
  c.submission_id = submission;
  c.at = at;
  c.actor = db->actor;
  c.action = action;
  c.field = field;
  c.old_value = old;
  c.new_value = new_value;
  rc = st->ops->change_add(st, &c);
  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

/* --- ownership ---------------------------------------------------------- */

static const mvr_org_def *def_of(const mvr_profile *p, const char *name)
{
  size_t i;

  for (i = 0; i < p->norgs; i++)
    if (strcmp(p->orgs[i].name, name) == 0)
      return &p->orgs[i];
  return NULL;
}

/* Is `anc` `name` or one of its ancestors? */
static int ancestor_or_self(const mvr_profile *p, const char *anc,
                            const char *name)
{
  const mvr_org_def *d;
  int guard = 0;

  while (name && guard++ < 32) {
    if (strcmp(anc, name) == 0)
      return 1;
    d = def_of(p, name);
    name = d ? d->parent : NULL;
  }
  return 0;
}

int mvr_org_owns(const mvr_profile *p, const char *a, const char *b)
{
  return ancestor_or_self(p, a, b) || ancestor_or_self(p, b, a);
}

static int owner_field(const mvr_profile *p, const char *name)
{
  size_t i;

  for (i = 0; i < p->nowner_fields; i++)
    if (strcmp(p->owner_fields[i], name) == 0)
      return 1;
  return 0;
}

/* --- editions ---------------------------------------------------------- */

/* The first edition year (19xx-21xx) in a reference detail, or 0. */
static int year_of(const char *s)
{
  size_t i, n = s ? strlen(s) : 0;

  for (i = 0; i + 4 <= n; i++)
    if (mvr_isdigit((unsigned char)s[i]) &&
        mvr_isdigit((unsigned char)s[i + 1]) &&
        mvr_isdigit((unsigned char)s[i + 2]) &&
        mvr_isdigit((unsigned char)s[i + 3]) &&
        (i == 0 || !mvr_isdigit((unsigned char)s[i - 1])) &&
        (i + 4 == n || !mvr_isdigit((unsigned char)s[i + 4]))) {
      int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
              (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
      if (y >= 1900 && y <= 2199)
        return y;
    }
  return 0;
}

/* --- identity --------------------------------------------------------- */

/* "ex F.IPTV-VRSReqs" in a detail: the provisional name, or NULL. */
static const char *former_name(const char *detail, size_t *len)
{
  const char *p = detail;

  while (p && (p = strstr(p, "ex ")) != NULL) {
    if (p == detail || p[-1] == ' ' || p[-1] == '(') {
      const char *e = p + 3;
      while (*e && *e != ' ' && *e != ')' && *e != ',')
        e++;
      if (e > p + 3) {
        *len = (size_t)(e - p - 3);
        return p + 3;
      }
    }
    p += 3;
  }
  return NULL;
}

/* Which existing entry does the row name? *via tells how: NULL (its own
 * key), or the kind of the old key ("project", "provisional", "twin") the
 * entry should keep as an alias, in `old`. */
static mvr_status identify(mvr_apply *a, const mvr_row *r, int64_t *id,
                           const char **via, mvr_ref *old)
{
  mvr_store *st = a->db->store;
  mvr_status rc;
  const char *fn;
  size_t fl = 0;

  *id = 0;
  *via = NULL;
  memset(old, 0, sizeof *old);
  rc = st->ops->entry_resolve(st, r->family, r->refkey, id);
  if (rc || *id)
    return rc ? mvr_db_store_fail(a->db, rc) : MVR_OK;

  /* IEEE: the approved standard and its project are one document */
  if (strcmp(r->family, "IEEE") == 0) {
    mvr_buf k = MVR_BUF_INIT(1024);
    int approved = r->refkey[0] != 'P';
    if (approved) {
      mvr_buf_putc(&k, 'P');
      mvr_buf_puts(&k, r->refkey);
    } else {
      mvr_buf_puts(&k, r->refkey + 1);
    }
    rc = mvr_buf_status(&k);
    if (!rc)
      rc = st->ops->entry_resolve(st, "IEEE", k.ptr, id);
    if (!rc && *id && approved) {
      *via = "project";
      old->family = mvr_strdup("IEEE");
      old->key = mvr_buf_detach(&k);
      if (!old->family || !old->key)
        rc = MVR_ERR_NOMEM;
    } else if (!rc && *id) {
      /* a project after its approval: lands on the standard */
      *via = "project-alias";
    }
    mvr_buf_free(&k);
    if (rc || *id)
      return rc;
  }
  /* "Y.4238 (ex Y.dtmv-reqts)": numbered from its provisional name */
  fn = former_name(r->ref_detail, &fl);
  if (fn) {
    char *name = mvr_strndup(fn, fl);
    if (!name)
      return MVR_ERR_NOMEM;
    rc = mvr_normalize_reference(a->p, r->family, name, fl, old);
    mvr_free(name);
    if (rc == MVR_ERR_DATA)
      return MVR_OK;
    if (rc)
      return rc;
    rc = st->ops->entry_resolve(st, old->family, old->key, id);
    if (rc)
      return mvr_db_store_fail(a->db, rc);
    if (*id) {
      *via = "provisional";
      return MVR_OK;
    }
    mvr_ref_clear(old);
  }
  /* "ITU-T H.266 | ISO/IEC 23090-3": common texts */
  if (r->raw_reference) {
    const char *bar = strchr(r->raw_reference, '|');
    if (bar) {
      rc = mvr_normalize_reference(a->p, NULL, bar + 1, strlen(bar + 1), old);
      if (rc == MVR_ERR_DATA)
        return MVR_OK;
      if (rc)
        return rc;
      rc = st->ops->entry_resolve(st, old->family, old->key, id);
      if (rc)
        return mvr_db_store_fail(a->db, rc);
      *via = *id ? "twin-existing" : "twin-new";
    }
  }
  return MVR_OK;
}

mvr_status mvr_identify(mvr_db *db, const mvr_profile *p, const mvr_row *r,
                        int64_t *id)
{
  mvr_apply a;
  mvr_ref old;
  const char *via = NULL;
  mvr_status rc;

  memset(&a, 0, sizeof a);
  a.db = db;
  a.p = p;
  rc = identify(&a, r, id, &via, &old);
  mvr_ref_clear(&old);
  return rc;
}

/* --- applying ---------------------------------------------------------- */

static mvr_status add_source(mvr_apply *a, int64_t id, const mvr_row *r)
{
  mvr_store *st = a->db->store;
  mvr_source_rec src;
  mvr_status rc;

  memset(&src, 0, sizeof src);
  src.entry_id = id;
  src.submission_id = a->sub_id;
  src.row = r->row;
  src.sdo = r->v[MVR_F_SDO];
  src.reference = r->v[MVR_F_REFERENCE];
  src.type = r->v[MVR_F_TYPE];
  src.title = r->v[MVR_F_TITLE];
  src.status = r->v[MVR_F_STATUS];
  src.status_detail = r->v[MVR_F_STATUS_DETAIL];
  src.categories = r->v[MVR_F_CATEGORY];
  src.summary = r->v[MVR_F_SUMMARY];
  src.url = r->v[MVR_F_URL];
  rc = st->ops->source_add(st, &src);
  return rc ? mvr_db_store_fail(a->db, rc) : MVR_OK;
}

static mvr_status alias(mvr_apply *a, int64_t id, const char *family,
                       const char *key, const char *reference,
                       const char *kind)
{
  mvr_store *st = a->db->store;
  mvr_status rc = st->ops->alias_add(st, id, family, key, reference, kind,
                                     a->now, a->db->actor);
  return rc ? mvr_db_store_fail(a->db, rc) : MVR_OK;
}

/* A blank incoming value keeps the old one: a submitter who leaves the
 * summary empty does not erase it. */
static const char *pick(const char *old, const char *in)
{
  return in && *in ? in : old;
}

static mvr_status update(mvr_apply *a, const mvr_row *r, int64_t id,
                         int64_t org_id)
{
  mvr_store *st = a->db->store;
  mvr_entry_rec cur, e;
  const char *oldv[MVR_F_COUNT], *newv[MVR_F_COUNT];
  const char *asserting;
  int found = 0, changed = 0, owner, older, twin;
  size_t i;
  mvr_status rc;

  rc = st->ops->entry_get(st, id, &cur, &found);
  if (rc)
    return mvr_db_store_fail(a->db, rc);
  if (!found)
    return mvr_db_fail(a->db, MVR_ERR_INTERNAL, "entry %lld vanished",
                       (long long)id);

  /* an earlier edition, or a withdrawn one, does not speak for the
   * current document: it is kept as a source */
  if (year_of(r->ref_detail) && year_of(cur.ref_detail) &&
      year_of(r->ref_detail) < year_of(cur.ref_detail)) {
    note(a, MVR_NOTE, r, MVR_F_REFERENCE,
         "%s (%s) is an earlier edition than the one recorded (%s); "
         "recorded as a source, the entry is unchanged",
         r->v[MVR_F_REFERENCE], r->ref_detail, cur.ref_detail);
    goto unchanged;
  }
  if (strcmp(r->v[MVR_F_STATUS], "Withdrawn") == 0 &&
      strcmp(cur.status, "Withdrawn") != 0 && year_of(r->ref_detail)) {
    note(a, MVR_NOTE, r, MVR_F_STATUS,
         "%s (%s) is a withdrawn edition of %s, which is %s; recorded as a "
         "source, the entry is unchanged",
         r->v[MVR_F_REFERENCE], r->ref_detail, cur.reference, cur.status);
    goto unchanged;
  }
  if (cur.last_submission == a->sub_id && a->sub_id)
    note(a, MVR_WARNING, r, MVR_F_REFERENCE,
         "%s appears earlier in this file too; the later row's values win",
         r->v[MVR_F_REFERENCE]);

  /* who speaks: the submitting organisation, else the row's own */
  asserting = a->sub_org ? a->sub_org : r->v[MVR_F_SDO];
  owner = mvr_org_owns(a->p, asserting, cur.sdo);
  older = strcmp(a->received, cur.last_updated) < 0;

  oldv[MVR_F_SDO] = cur.sdo;
  oldv[MVR_F_REFERENCE] = cur.reference;
  oldv[MVR_F_TYPE] = cur.type;
  oldv[MVR_F_TITLE] = cur.title;
  oldv[MVR_F_STATUS] = cur.status;
  oldv[MVR_F_STATUS_DETAIL] = cur.status_detail;
  oldv[MVR_F_CATEGORY] = cur.categories;
  oldv[MVR_F_SUMMARY] = cur.summary;
  oldv[MVR_F_URL] = cur.url;
  newv[MVR_F_SDO] = r->v[MVR_F_SDO];
  newv[MVR_F_REFERENCE] = r->v[MVR_F_REFERENCE];
  newv[MVR_F_TYPE] = r->v[MVR_F_TYPE];
  newv[MVR_F_TITLE] = r->v[MVR_F_TITLE];
  newv[MVR_F_STATUS] = r->v[MVR_F_STATUS];
  newv[MVR_F_STATUS_DETAIL] = pick(cur.status_detail, r->v[MVR_F_STATUS_DETAIL]);
  newv[MVR_F_CATEGORY] = r->v[MVR_F_CATEGORY];
  newv[MVR_F_SUMMARY] = pick(cur.summary, r->v[MVR_F_SUMMARY]);
  newv[MVR_F_URL] = pick(cur.url, r->v[MVR_F_URL]);
  /* the organisation of an entry is its owner's to change */
  if (!owner)
    newv[MVR_F_SDO] = cur.sdo;
  /* a row that named the entry by another key (an alias, a twin, a
   * project) does not rename it */
  if (strcmp(cur.family, r->family) != 0 || strcmp(cur.refkey, r->refkey) != 0)
    newv[MVR_F_REFERENCE] = cur.reference;
  /* a common text ("ITU-T H.266 | ISO/IEC 23090-3"), from the
   * organisation that publishes it under its own designation: each
   * publisher has its own type for it (a Recommendation, a Standard), so
   * a different type is its publication's, not a conflict */
  twin = !owner && strcmp(cur.family, r->family) != 0 &&
         r->org_family && strcmp(r->family, r->org_family) == 0;

  if (older) {
    note(a, MVR_NOTE, r, MVR_F_REFERENCE,
         "%s: this submission (received %s) is older than the entry's "
         "last update (%s); recorded as a source, the entry is unchanged",
         r->v[MVR_F_REFERENCE], a->received, cur.last_updated);
    goto unchanged;
  }
  for (i = 0; i < MVR_ARRAY_SIZE(fields); i++) {
    mvr_field f = fields[i].f;
    if (strcmp(oldv[f], newv[f]) == 0)
      continue;
    if (twin && f == MVR_F_TYPE) {
      note(a, MVR_NOTE, r, f,
           "%s publishes %s, the common text of %s, as a %s (the entry "
           "keeps %s's type, %s); recorded as a source, not a conflict",
           asserting, r->v[MVR_F_REFERENCE], cur.reference, newv[f],
           cur.sdo, oldv[f]);
      newv[f] = oldv[f];
      continue;
    }
    if (!owner && owner_field(a->p, fields[i].name)) {
      mvr_conflict_rec c;
      int64_t cid = 0;
      memset(&c, 0, sizeof c);
      c.entry_id = id;
      c.field = fields[i].name;
      c.current_value = oldv[f];
      c.proposed_value = newv[f];
      c.submission_id = a->sub_id;
      c.row = r->row;
      c.org = asserting;
      c.opened_at = a->now;
      rc = st->ops->conflict_add(st, &c, &cid);
      if (rc)
        return mvr_db_store_fail(a->db, rc);
      note(a, MVR_WARNING, r, f,
           "%s says %s is \"%s\" where %s, its owner, says \"%s\": conflict "
           "%lld opened for the editors (mvroad conflicts)",
           asserting, fields[i].name, newv[f], cur.sdo, oldv[f],
           (long long)cid);
      a->conflicts++;
      newv[f] = oldv[f];
      if (f == MVR_F_STATUS)
        newv[MVR_F_STATUS_DETAIL] = oldv[MVR_F_STATUS_DETAIL];
      continue;
    }
  }
  memset(&e, 0, sizeof e);
  e.id = id;
  e.version = cur.version;
  e.org_id = cur.org_id;
  if (strcmp(newv[MVR_F_SDO], cur.sdo) != 0) {
    rc = mvr_db_org_id(a->db, newv[MVR_F_SDO], r->org_family, r->org_known,
                       &e.org_id);
    if (rc)
      return rc;
  }
  (void)org_id;
  e.family = cur.family;
  e.refkey = cur.refkey;
  e.reference = newv[MVR_F_REFERENCE];
  /* the edition detail follows the row that states one, or a change of
   * status */
  e.ref_detail = *r->ref_detail || strcmp(cur.status, newv[MVR_F_STATUS])
                     ? r->ref_detail
                     : cur.ref_detail;
  e.type = newv[MVR_F_TYPE];
  e.title = newv[MVR_F_TITLE];
  e.status = newv[MVR_F_STATUS];
  e.status_detail = newv[MVR_F_STATUS_DETAIL];
  e.categories = newv[MVR_F_CATEGORY];
  e.summary = newv[MVR_F_SUMMARY];
  e.url = newv[MVR_F_URL];
  e.last_updated = a->received;
  e.last_submission = a->sub_id;
  for (i = 0; i < MVR_ARRAY_SIZE(fields); i++) {
    mvr_field f = fields[i].f;
    if (strcmp(oldv[f], newv[f]) == 0)
      continue;
    rc = mvr_log_change(a->db, id, a->sub_id, a->now, "update",
                        fields[i].name, oldv[f], newv[f]);
    if (rc)
      return rc;
    changed = 1;
  }
  if (strcmp(cur.ref_detail, e.ref_detail) != 0) {
    rc = mvr_log_change(a->db, id, a->sub_id, a->now, "update", "ref_detail",
                        cur.ref_detail, e.ref_detail);
    if (rc)
      return rc;
    changed = 1;
  }
  if (changed) {
    rc = st->ops->entry_update(st, &e);
    if (rc)
      return mvr_db_store_fail(a->db, rc);
    if (cur.created_submission != a->sub_id)
      a->updated++;
    else
      a->merged++;
    return MVR_OK;
  }
unchanged:
  rc = st->ops->entry_touch(st, id, a->sub_id);
  if (rc)
    return mvr_db_store_fail(a->db, rc);
  if (cur.created_submission != a->sub_id)
    a->unchanged++;
  else
    a->merged++;
  return MVR_OK;
}

mvr_status mvr_apply_row(mvr_apply *a, const mvr_row *r)
{
  mvr_store *st = a->db->store;
  mvr_entry_rec e;
  mvr_ref old;
  const char *via = NULL;
  int64_t org_id = 0, id = 0;
  mvr_status rc;

  memset(&old, 0, sizeof old);
  rc = mvr_db_org_id(a->db, r->v[MVR_F_SDO], r->org_family, r->org_known,
                     &org_id);
  if (rc)
    return rc;
  rc = identify(a, r, &id, &via, &old);
  if (rc)
    goto out;

  if (!id) {
    /* a new entry; most rows of a large import are, so insert first */
    memset(&e, 0, sizeof e);
    e.org_id = org_id;
    e.family = r->family;
    e.refkey = r->refkey;
    e.reference = r->v[MVR_F_REFERENCE];
    e.ref_detail = r->ref_detail ? r->ref_detail : "";
    e.type = r->v[MVR_F_TYPE];
    e.title = r->v[MVR_F_TITLE];
    e.status = r->v[MVR_F_STATUS];
    e.status_detail = r->v[MVR_F_STATUS_DETAIL];
    e.categories = r->v[MVR_F_CATEGORY];
    e.summary = r->v[MVR_F_SUMMARY];
    e.url = r->v[MVR_F_URL];
    e.first_seen = e.last_updated = a->received;
    e.created_submission = e.last_submission = a->sub_id;
    /* the creation is on record as the entry's first source and its
     * created_submission: no change-log line is needed */
    rc = st->ops->entry_insert(st, &e, &id);
    if (rc) {
      rc = mvr_db_store_fail(a->db, rc);
      goto out;
    }
    a->added++;
    if (via && strcmp(via, "twin-new") == 0) {
      rc = alias(a, id, old.family, old.key, old.display, "twin");
      if (rc)
        goto out;
    }
  } else if (via && (strcmp(via, "project") == 0 ||
                     strcmp(via, "provisional") == 0)) {
    /* the entry takes its final key; the old one stays as an alias */
    mvr_entry_rec cur;
    int found = 0;
    rc = st->ops->entry_get(st, id, &cur, &found);
    if (!rc && found) {
      char *ofam = mvr_strdup(cur.family), *okey = mvr_strdup(cur.refkey),
           *oref = mvr_strdup(cur.reference);
      if (!ofam || !okey || !oref) {
        rc = MVR_ERR_NOMEM;
      } else {
        rc = st->ops->entry_rekey(st, id, r->family, r->refkey,
                                  r->v[MVR_F_REFERENCE]);
        if (rc)
          rc = mvr_db_store_fail(a->db, rc);
        if (!rc)
          rc = alias(a, id, ofam, okey, oref, via);
        if (!rc)
          rc = mvr_log_change(a->db, id, a->sub_id, a->now, "rename",
                              "reference", oref, r->v[MVR_F_REFERENCE]);
        if (!rc)
          note(a, MVR_NOTE, r, MVR_F_REFERENCE,
               "%s is %s under its final designation; %s is kept as an "
               "alias",
               r->v[MVR_F_REFERENCE], oref, oref);
      }
      mvr_free(ofam);
      mvr_free(okey);
      mvr_free(oref);
    } else if (rc) {
      rc = mvr_db_store_fail(a->db, rc);
    }
    if (rc)
      goto out;
    rc = update(a, r, id, org_id);
  } else {
    if (via && strcmp(via, "project-alias") == 0) {
      rc = alias(a, id, r->family, r->refkey, r->v[MVR_F_REFERENCE],
                 "project");
    } else if (via && strcmp(via, "twin-existing") == 0) {
      rc = alias(a, id, r->family, r->refkey, r->v[MVR_F_REFERENCE], "twin");
    }
    if (!rc)
      rc = update(a, r, id, org_id);
  }
  if (!rc)
    rc = add_source(a, id, r);
out:
  mvr_ref_clear(&old);
  return rc;
}
