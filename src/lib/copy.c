/* copy.c - mvr_db_copy(): a whole register from one store to another,
 * table by table through the store's copy operations (store_copy.h). */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_copy.h"
#include "util.h"

/* Values of a late column (store_copy.h), to set once the table is in. */
typedef struct late_row {
  char *key, *value;
} late_row;

typedef struct copier {
  mvr_db *to;
  const mvr_copy_table *t;
  long rows;
  late_row *late;
  size_t nlate, cap;
} copier;

static char *dup_str(const char *s)
{
  size_t n = strlen(s) + 1;
  char *d = mvr_malloc(n);

  if (d)
    memcpy(d, s, n);
  return d;
}

static void late_clear(copier *c)
{
  size_t i;

  for (i = 0; i < c->nlate; i++) {
    mvr_free(c->late[i].key);
    mvr_free(c->late[i].value);
  }
  mvr_free(c->late);
  c->late = NULL;
  c->nlate = c->cap = 0;
}

static mvr_status copy_row(void *ud, const char *const *v)
{
  copier *c = ud;
  mvr_store *dst = c->to->store;
  mvr_status rc;

  rc = dst->ops->copy->copy_in(dst, c->t, v);
  if (rc)
    return mvr_db_fail(c->to, rc, "loading %s: %s", c->t->name,
                       dst->ops->errmsg(dst));
  c->rows++;
  if (c->t->late >= 0 && v[c->t->late]) {
    late_row *r;
    if (c->nlate == c->cap) {
      size_t cap = c->cap ? c->cap * 2 : 64;
      late_row *n = mvr_realloc(c->late, cap * sizeof *n);
      if (!n)
        return MVR_ERR_NOMEM;
      c->late = n;
      c->cap = cap;
    }
    r = &c->late[c->nlate];
    r->key = dup_str(v[0] ? v[0] : "");
    r->value = dup_str(v[c->t->late]);
    if (!r->key || !r->value) {
      mvr_free(r->key);
      mvr_free(r->value);
      return MVR_ERR_NOMEM;
    }
    c->nlate++;
  }
  return MVR_OK;
}

static mvr_status from_fail(mvr_db *from, mvr_db *to, mvr_status rc,
                            const char *what)
{
  return mvr_db_fail(to, rc, "%s the source: %s", what,
                     from->store->ops->errmsg(from->store));
}

static mvr_status to_fail(mvr_db *to, mvr_status rc, const char *what)
{
  return mvr_db_fail(to, rc, "%s the destination: %s", what,
                     to->store->ops->errmsg(to->store));
}

mvr_status mvr_db_copy(mvr_db *from, mvr_db *to, mvr_copy_count_fn fn, void *ud)
{
  mvr_store *src, *dst;
  long src_n[MVR_COPY_NTABLES], dst_n[MVR_COPY_NTABLES];
  copier c;
  mvr_status rc;
  size_t i, j;
  int src_open = 0, dst_open = 0;

  if (!from || !to || from == to)
    return MVR_ERR_ARG;
  src = from->store;
  dst = to->store;
  to->err[0] = '\0';
  if (!src->ops->copy || !dst->ops->copy)
    return mvr_db_fail(to, MVR_ERR_INTERNAL,
                       "this store cannot copy whole registers");
  if (src->ops->schema_version(src) != dst->ops->schema_version(dst))
    return mvr_db_fail(
        to, MVR_ERR_SCHEMA, "schema versions differ: source %d, destination %d",
        src->ops->schema_version(src), dst->ops->schema_version(dst));
  memset(&c, 0, sizeof c);
  c.to = to;

  rc = src->ops->begin(src, 0);
  if (rc)
    return from_fail(from, to, rc, "reading");
  src_open = 1;
  rc = dst->ops->begin(dst, 1);
  if (rc) {
    rc = to_fail(to, rc, "writing");
    goto out;
  }
  dst_open = 1;
  rc = src->ops->copy->copy_check(src);
  if (rc) {
    rc = from_fail(from, to, rc, "checking");
    goto out;
  }
  rc = dst->ops->copy->copy_check(dst);
  if (rc) {
    rc = to_fail(to, rc, "checking");
    goto out;
  }
  for (i = 0; i < MVR_COPY_NTABLES; i++) {
    long n = 0;
    rc = dst->ops->copy->copy_count(dst, &mvr_copy_tables[i], &n);
    if (rc) {
      rc = to_fail(to, rc, "counting");
      goto out;
    }
    if (n) {
      rc = mvr_db_fail(to, MVR_ERR_EXISTS,
                       "the destination is not empty (%s has %ld rows): "
                       "copy into a new, empty register",
                       mvr_copy_tables[i].name, n);
      goto out;
    }
  }
  rc = dst->ops->copy->load_begin(dst);
  if (rc) {
    rc = to_fail(to, rc, "preparing");
    goto out;
  }
  for (i = 0; i < MVR_COPY_NTABLES; i++) {
    const mvr_copy_table *t = &mvr_copy_tables[i];

    rc = src->ops->copy->copy_count(src, t, &src_n[i]);
    if (rc) {
      rc = from_fail(from, to, rc, "counting");
      goto out;
    }
    c.t = t;
    c.rows = 0;
    rc = src->ops->copy->copy_out(src, t, copy_row, &c);
    if (rc) {
      if (!to->err[0])
        from_fail(from, to, rc, "reading");
      goto out;
    }
    for (j = 0; j < c.nlate; j++) {
      rc = dst->ops->copy->copy_late(dst, t, c.late[j].key, c.late[j].value);
      if (rc) {
        rc = mvr_db_fail(to, rc, "loading %s: %s", t->name,
                         dst->ops->errmsg(dst));
        goto out;
      }
    }
    late_clear(&c);
    if (c.rows != src_n[i]) {
      rc = mvr_db_fail(to, MVR_ERR_DATA,
                       "%s: %ld rows counted in the source, %ld read", t->name,
                       src_n[i], c.rows);
      goto out;
    }
  }
  rc = dst->ops->copy->load_end(dst);
  if (rc) {
    rc = to_fail(to, rc, "indexing");
    goto out;
  }
  for (i = 0; i < MVR_COPY_NTABLES; i++) {
    rc = dst->ops->copy->copy_count(dst, &mvr_copy_tables[i], &dst_n[i]);
    if (rc) {
      rc = to_fail(to, rc, "counting");
      goto out;
    }
    if (dst_n[i] != src_n[i]) {
      rc = mvr_db_fail(to, MVR_ERR_DATA,
                       "%s: %ld rows in the source, %ld in the destination",
                       mvr_copy_tables[i].name, src_n[i], dst_n[i]);
      goto out;
    }
  }
  rc = dst->ops->commit(dst);
  dst_open = 0;
  if (rc) {
    rc = to_fail(to, rc, "committing");
    goto out;
  }
  mvr_db_forget_orgs(to);
  if (fn)
    for (i = 0; i < MVR_COPY_NTABLES; i++)
      fn(ud, mvr_copy_tables[i].name, src_n[i], dst_n[i]);

out:
  late_clear(&c);
  if (dst_open)
    dst->ops->rollback(dst);
  if (src_open)
    src->ops->rollback(src);
  if (rc == MVR_ERR_NOMEM && !to->err[0])
    mvr_db_fail(to, rc, "out of memory");
  return rc;
}
