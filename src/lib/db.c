/* db.c - the register handle: opening the store, the profile in use, the
 * actor named in the change log, and organisation rows. */
#include "db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "util.h"

mvr_status mvr_db_fail(mvr_db *db, mvr_status rc, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(db->err, sizeof db->err, fmt, ap);
  va_end(ap);
  return rc;
}

mvr_status mvr_db_store_fail(mvr_db *db, mvr_status rc)
{
  snprintf(db->err, sizeof db->err, "%s",
           db->store->ops->errmsg(db->store));
  return rc;
}

/* Appends p[0..n) to out (cap bytes, *len used), truncating. */
static void put(char *out, size_t cap, size_t *len, const char *p, size_t n)
{
  if (*len + 1 >= cap)
    return;
  if (n > cap - 1 - *len)
    n = cap - 1 - *len;
  memcpy(out + *len, p, n);
  *len += n;
  out[*len] = '\0';
}

const char *mvr_db_display(const char *uri, char *out, size_t cap)
{
  const char *auth, *end, *at = NULL, *colon = NULL, *p, *q;
  size_t len = 0;

  if (!out || cap == 0)
    return out;
  out[0] = '\0';
  if (!uri)
    return out;
  if (strncmp(uri, "postgresql://", 13) == 0)
    auth = uri + 13;
  else if (strncmp(uri, "postgres://", 11) == 0)
    auth = uri + 11;
  else {
    put(out, cap, &len, uri, strlen(uri));
    return out;
  }
  /* the authority ends at the path, query or fragment; its user
   * information at its last '@' (a sloppy password may hold another) */
  end = auth + strcspn(auth, "/?#");
  for (p = auth; p < end; p++)
    if (*p == '@')
      at = p;
  if (at)
    colon = memchr(auth, ':', (size_t)(at - auth));
  if (colon) {
    put(out, cap, &len, uri, (size_t)(colon + 1 - uri));
    put(out, cap, &len, "***", 3);
    p = at;
  } else {
    p = uri;
  }
  /* the rest, with the value of every password= parameter masked */
  q = strchr(end, '?');
  if (!q) {
    put(out, cap, &len, p, strlen(p));
    return out;
  }
  put(out, cap, &len, p, (size_t)(q + 1 - p));
  p = q + 1;
  while (*p && *p != '#') {
    size_t n = strcspn(p, "&#");
    if (n >= 9 && strncmp(p, "password=", 9) == 0) {
      put(out, cap, &len, "password=***", 12);
    } else {
      put(out, cap, &len, p, n);
    }
    p += n;
    if (*p == '&')
      put(out, cap, &len, p++, 1);
  }
  put(out, cap, &len, p, strlen(p));
  return out;
}

int mvr_db_replay(mvr_db *db, mvr_status rc, int attempt)
{
  struct timespec now, pause;
  size_t n;

  if (rc != MVR_ERR_BUSY || !db->store->replay)
    return 0;
  if (attempt + 1 >= MVR_DB_ATTEMPTS) {
    n = strlen(db->err);
    snprintf(db->err + n, sizeof db->err - n, " (tried %d times)",
             MVR_DB_ATTEMPTS);
    return 0;
  }
  mvr_db_forget_orgs(db);
  /* 10-20 ms, 20-40 ms, ...: the other transaction ends meanwhile, and
   * two replaying writers do not meet again in step */
  clock_gettime(CLOCK_MONOTONIC, &now);
  pause.tv_sec = 0;
  pause.tv_nsec = (long)(attempt + 1) * 10000000L +
                  (now.tv_nsec % ((long)(attempt + 1) * 10000000L));
  nanosleep(&pause, NULL);
  return 1;
}

mvr_status mvr_db_open(const char *uri, unsigned flags, mvr_db **out,
                       char *errbuf, size_t errlen)
{
  mvr_db *db;
  char err[512] = "";
  mvr_status rc;

  *out = NULL;
  if (!uri) {
    if (errbuf && errlen)
      snprintf(errbuf, errlen, "no database given");
    return MVR_ERR_ARG;
  }
  db = mvr_malloc(sizeof *db);
  if (!db)
    return MVR_ERR_NOMEM;
  memset(db, 0, sizeof *db);
  rc = mvr_store_open(uri, flags, &db->store, err, sizeof err);
  if (!rc)
    rc = mvr_profile_default(&db->profile);
  if (!rc) {
    const char *user = getenv("USER");
    db->actor = mvr_strdup(user && *user ? user : "mvroad");
    if (!db->actor)
      rc = MVR_ERR_NOMEM;
  }
  if (rc) {
    if (errbuf && errlen)
      snprintf(errbuf, errlen, "%s", err[0] ? err : mvr_status_str(rc));
    mvr_db_close(db);
    return rc;
  }
  *out = db;
  return MVR_OK;
}

void mvr_db_close(mvr_db *db)
{
  if (!db)
    return;
  if (db->store)
    db->store->ops->close(db->store);
  mvr_profile_free(db->profile);
  mvr_free(db->actor);
  mvr_map_clear(&db->org_ids);
  mvr_free(db);
}

const char *mvr_db_errmsg(const mvr_db *db)
{
  return db ? db->err : "no database";
}

void mvr_db_set_profile(mvr_db *db, mvr_profile *p)
{
  if (!p)
    return;
  mvr_profile_free(db->profile);
  db->profile = p;
}

const mvr_profile *mvr_db_profile(const mvr_db *db)
{
  return db->profile;
}

mvr_status mvr_db_set_actor(mvr_db *db, const char *who)
{
  char *a;

  if (!who || !*who)
    return MVR_ERR_ARG;
  a = mvr_strdup(who);
  if (!a)
    return MVR_ERR_NOMEM;
  mvr_free(db->actor);
  db->actor = a;
  return MVR_OK;
}

int mvr_db_schema_version(const mvr_db *db)
{
  return db->store->ops->schema_version(db->store);
}

mvr_status mvr_db_change_stamp(mvr_db *db, char *buf, size_t size)
{
  mvr_status rc;

  if (!db || !buf || size < 2)
    return MVR_ERR_ARG;
  buf[0] = '\0';
  if (!db->store->ops->change_stamp)
    return MVR_OK;
  rc = db->store->ops->change_stamp(db->store, buf, size);
  if (rc)
    return mvr_db_store_fail(db, rc);
  return MVR_OK;
}

mvr_status mvr_db_read_begin(mvr_db *db)
{
  mvr_status rc;

  if (db->reading)
    return mvr_db_fail(db, MVR_ERR_ARG, "a read snapshot is open already");
  rc = db->store->ops->begin(db->store, 0);
  if (rc)
    return mvr_db_store_fail(db, rc);
  db->reading = 1;
  return MVR_OK;
}

void mvr_db_read_end(mvr_db *db)
{
  if (!db || !db->reading)
    return;
  db->reading = 0;
  /* a read transaction has nothing to keep: if COMMIT fails, give it
   * up the other way */
  if (db->store->ops->commit(db->store))
    db->store->ops->rollback(db->store);
}

static const mvr_org_def *org_def(const mvr_profile *p, const char *name)
{
  size_t i;

  for (i = 0; i < p->norgs; i++)
    if (strcmp(p->orgs[i].name, name) == 0)
      return &p->orgs[i];
  return NULL;
}

mvr_status mvr_db_org_id(mvr_db *db, const char *name, const char *family,
                         int known, int64_t *id)
{
  const mvr_org_def *def = org_def(db->profile, name);
  mvr_org_rec o;
  mvr_status rc;
  int cached = mvr_map_get(&db->org_ids, name);

  *id = 0;
  if (cached > 0) {
    *id = cached;
    return MVR_OK;
  }
  memset(&o, 0, sizeof o);
  o.name = name;
  o.family = family;
  o.known = known;
  o.kind = "SDO";
  if (def) {
    o.family = def->family;
    o.kind = def->kind;
    o.parent = def->parent;
    o.known = 1;
    if (def->parent) {
      /* parents first, so the row can point at its parent */
      int64_t pid;
      const mvr_org_def *pd = org_def(db->profile, def->parent);
      rc = mvr_db_org_id(db, def->parent, pd ? pd->family : family, 1, &pid);
      if (rc)
        return rc;
    }
  }
  rc = db->store->ops->org_ensure(db->store, &o, id);
  if (rc)
    return mvr_db_store_fail(db, rc);
  if (*id > 0 && *id < 0x7fffffff)
    return mvr_map_set(&db->org_ids, name, (int)*id);
  return MVR_OK;
}

void mvr_db_forget_orgs(mvr_db *db)
{
  mvr_map_clear(&db->org_ids);
}
