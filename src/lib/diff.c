/* diff.c - what changed between two versions of the roadmap (two
 * releases, or a release and the live register): entries added, removed
 * and changed field by field, with the status transitions and the
 * withdrawals. Both sides are read in entry id order and merged (a merge
 * join), so the comparison is linear and streams; mvr_diff_write() renders
 * it as text, Markdown, or the JSON documented in docs/diff.md. */
#include <string.h>

#include "buf.h"
#include "db.h"
#include "diff.h"
#include "escape.h"
#include "jsonutil.h"
#include "query.h"
#include "util.h"

#define FLUSH_AT (64 * 1024)
#define MAX_CATEGORIES 64

/* --- one entry, two versions ------------------------------------------ */

size_t mvr_diff_recs(const mvr_entry_rec *a, const mvr_entry_rec *b,
                     mvr_field_change out[MVR_DIFF_NFIELDS])
{
  static const char *const names[MVR_DIFF_NFIELDS] = {
      "sdo",    "reference",     "ref_detail", "type",    "title",
      "status", "status_detail", "categories", "summary", "url"};
  const char *av[MVR_DIFF_NFIELDS] = {
      a->sdo,    a->reference,     a->ref_detail, a->type,    a->title,
      a->status, a->status_detail, a->categories, a->summary, a->url};
  const char *bv[MVR_DIFF_NFIELDS] = {
      b->sdo,    b->reference,     b->ref_detail, b->type,    b->title,
      b->status, b->status_detail, b->categories, b->summary, b->url};
  size_t i, n = 0;

  for (i = 0; i < MVR_DIFF_NFIELDS; i++) {
    const char *x = av[i] ? av[i] : "", *y = bv[i] ? bv[i] : "";
    if (strcmp(x, y) == 0)
      continue;
    out[n].field = names[i];
    out[n].from = x;
    out[n].to = y;
    n++;
  }
  return n;
}

int mvr_diff_is_withdrawn(const char *status)
{
  return status && mvr_strcaseeq(status, "Withdrawn");
}

/* --- the merge join ----------------------------------------------------- */

/* One version being read, in entry id order. */
typedef struct side {
  mvr_store_cursor *c;
  const mvr_entry_rec *row; /* the current row; NULL at the end */
  mvr_entry e;
  const char *cats[MAX_CATEGORIES];
  mvr_buf catbuf;
} side;

static int is_current(const char *v)
{
  return strcmp(v, "current") == 0;
}

static mvr_status side_next(mvr_db *db, side *sd)
{
  mvr_status rc = db->store->ops->cursor_next(sd->c, &sd->row);

  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

static mvr_status side_open(mvr_db *db, side *sd, const char *version)
{
  mvr_query_spec q;
  mvr_status rc;

  memset(&q, 0, sizeof q);
  q.sort = "id";
  q.release = is_current(version) ? NULL : version;
  rc = db->store->ops->query(db->store, &q, &sd->c);
  if (rc)
    return mvr_db_store_fail(db, rc);
  return side_next(db, sd);
}

static mvr_status side_entry(side *sd, const mvr_entry **e)
{
  mvr_status rc = mvr_entry_from_rec(sd->row, &sd->e, sd->cats, MAX_CATEGORIES,
                                     &sd->catbuf);

  *e = rc ? NULL : &sd->e;
  return rc;
}

/* One pass of the merge join: `fn` for every difference, in id order. */
static mvr_status diff_pass(mvr_db *db, const char *a, const char *b,
                            mvr_diff_fn fn, void *ud)
{
  side A, B;
  mvr_status rc;

  memset(&A, 0, sizeof A);
  memset(&B, 0, sizeof B);
  mvr_buf_init(&A.catbuf, 1 << 16);
  mvr_buf_init(&B.catbuf, 1 << 16);
  rc = side_open(db, &A, a);
  if (!rc)
    rc = side_open(db, &B, b);
  while (!rc && (A.row || B.row)) {
    mvr_field_change f[MVR_DIFF_NFIELDS];
    mvr_diff_item it;
    memset(&it, 0, sizeof it);
    if (A.row && (!B.row || A.row->id < B.row->id)) {
      it.kind = MVR_DIFF_REMOVED;
      it.id = A.row->id;
      rc = side_entry(&A, &it.from);
      if (!rc)
        rc = fn(ud, &it);
      if (!rc)
        rc = side_next(db, &A);
      continue;
    }
    if (!A.row || B.row->id < A.row->id) {
      it.kind = MVR_DIFF_ADDED;
      it.id = B.row->id;
      rc = side_entry(&B, &it.to);
      if (!rc)
        rc = fn(ud, &it);
      if (!rc)
        rc = side_next(db, &B);
      continue;
    }
    it.nfields = mvr_diff_recs(A.row, B.row, f);
    if (it.nfields) {
      it.kind = MVR_DIFF_CHANGED;
      it.id = B.row->id;
      it.fields = f;
      it.withdrawn = mvr_diff_is_withdrawn(B.row->status) &&
                     !mvr_diff_is_withdrawn(A.row->status);
      rc = side_entry(&A, &it.from);
      if (!rc)
        rc = side_entry(&B, &it.to);
      if (!rc)
        rc = fn(ud, &it);
    }
    if (!rc)
      rc = side_next(db, &A);
    if (!rc)
      rc = side_next(db, &B);
  }
  if (A.c)
    db->store->ops->cursor_free(A.c);
  if (B.c)
    db->store->ops->cursor_free(B.c);
  mvr_buf_free(&A.catbuf);
  mvr_buf_free(&B.catbuf);
  return rc;
}

static mvr_status check_versions(mvr_db *db, const char *a, const char *b)
{
  if (!a || !*a || !b || !*b)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "give two versions: release names or \"current\"");
  return MVR_OK;
}

/* The passes of one diff run in one read transaction, so that all of
 * them see the same register even while an import commits. */
static mvr_status begin_read(mvr_db *db)
{
  mvr_status rc = db->store->ops->begin(db->store, 0);

  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

static mvr_status end_read(mvr_db *db, mvr_status rc)
{
  if (rc) {
    db->store->ops->rollback(db->store);
    return rc;
  }
  rc = db->store->ops->commit(db->store);
  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

mvr_status mvr_diff(mvr_db *db, const char *a, const char *b, mvr_diff_fn fn,
                    void *ud)
{
  mvr_status rc = check_versions(db, a, b);

  if (rc)
    return rc;
  rc = begin_read(db);
  if (rc)
    return rc;
  rc = diff_pass(db, a, b, fn, ud);
  return end_read(db, rc);
}

/* --- writing it out ------------------------------------------------------ */

enum { F_TEXT, F_MD, F_JSON };
/* what one pass of the writer does */
enum { S_TALLY, S_ADDED, S_REMOVED, S_WITHDRAWN, S_CHANGED };

typedef struct transition {
  char *from, *to;
  long n;
} transition;

typedef struct writer {
  mvr_buf b;
  mvr_write_fn fn;
  void *ud;
  mvr_status rc;
  int format, section;
  long n; /* items written in this section */
  long count[S_CHANGED + 1];
  transition *tr; /* status transitions, in order of first sight */
  size_t ntr, captr;
} writer;

static const char *const section_title[] = {"", "Added", "Removed", "Withdrawn",
                                            "Changed"};
static const char *const section_key[] = {"", "added", "removed", "withdrawn",
                                          "changed"};

static void flush(writer *w, int force)
{
  if (w->rc)
    return;
  w->rc = mvr_buf_status(&w->b);
  if (!w->rc && w->b.len && (force || w->b.len >= FLUSH_AT))
    w->rc = w->fn(w->ud, w->b.ptr, w->b.len);
  if (force || w->b.len >= FLUSH_AT)
    mvr_buf_reset(&w->b);
}

static mvr_status tally_transition(writer *w, const char *from, const char *to)
{
  transition *t;
  size_t i;

  for (i = 0; i < w->ntr; i++)
    if (strcmp(w->tr[i].from, from) == 0 && strcmp(w->tr[i].to, to) == 0) {
      w->tr[i].n++;
      return MVR_OK;
    }
  if (w->ntr == w->captr) {
    size_t cap = w->captr ? w->captr * 2 : 8;
    t = mvr_realloc(w->tr, cap * sizeof *t);
    if (!t)
      return MVR_ERR_NOMEM;
    w->tr = t;
    w->captr = cap;
  }
  t = &w->tr[w->ntr];
  t->from = mvr_strdup(from);
  t->to = mvr_strdup(to);
  t->n = 1;
  if (!t->from || !t->to) {
    mvr_free(t->from);
    mvr_free(t->to);
    return MVR_ERR_NOMEM;
  }
  w->ntr++;
  return MVR_OK;
}

static mvr_status tally(writer *w, const mvr_diff_item *it)
{
  size_t i;

  if (it->kind == MVR_DIFF_ADDED)
    w->count[S_ADDED]++;
  else if (it->kind == MVR_DIFF_REMOVED)
    w->count[S_REMOVED]++;
  else
    w->count[S_CHANGED]++;
  if (it->withdrawn)
    w->count[S_WITHDRAWN]++;
  for (i = 0; i < it->nfields; i++)
    if (strcmp(it->fields[i].field, "status") == 0)
      return tally_transition(w, it->fields[i].from, it->fields[i].to);
  return MVR_OK;
}

static void json_str(mvr_buf *b, const char *s)
{
  mvr_json_string(b, s, strlen(s));
}

static void json_kv(mvr_buf *b, const char *k, const char *v)
{
  mvr_buf_puts(b, ", ");
  json_str(b, k);
  mvr_buf_puts(b, ": ");
  json_str(b, v);
}

/* The entry as `mvroad export --format json` writes it. */
static void json_entry(mvr_buf *b, const mvr_entry *e)
{
  size_t i;

  mvr_buf_printf(b, "{\"id\": %lld", (long long)e->id);
  json_kv(b, "sdo", e->sdo);
  json_kv(b, "reference", e->reference);
  json_kv(b, "type", e->type);
  json_kv(b, "title", e->title);
  json_kv(b, "status", e->status);
  json_kv(b, "status_detail", e->status_detail);
  mvr_buf_puts(b, ", \"categories\": [");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      mvr_buf_puts(b, ", ");
    json_str(b, e->categories[i]);
  }
  mvr_buf_putc(b, ']');
  json_kv(b, "summary", e->summary);
  json_kv(b, "url", e->url);
  json_kv(b, "ref_detail", e->ref_detail);
  json_kv(b, "first_seen", e->first_seen);
  json_kv(b, "last_updated", e->last_updated);
  mvr_buf_putc(b, '}');
}

static void write_json(writer *w, const mvr_diff_item *it)
{
  mvr_buf *b = &w->b;
  size_t i;

  mvr_buf_puts(b, w->n ? ",\n  " : "\n  ");
  if (w->section == S_ADDED || w->section == S_REMOVED) {
    json_entry(b, w->section == S_ADDED ? it->to : it->from);
    return;
  }
  mvr_buf_printf(b, "{\"id\": %lld", (long long)it->id);
  json_kv(b, "reference", it->to->reference);
  if (w->section == S_WITHDRAWN) {
    json_kv(b, "sdo", it->to->sdo);
    json_kv(b, "previous_status", it->from->status);
    mvr_buf_putc(b, '}');
    return;
  }
  mvr_buf_puts(b, ", \"fields\": {");
  for (i = 0; i < it->nfields; i++) {
    if (i)
      mvr_buf_puts(b, ", ");
    json_str(b, it->fields[i].field);
    mvr_buf_puts(b, ": {\"from\": ");
    json_str(b, it->fields[i].from);
    mvr_buf_puts(b, ", \"to\": ");
    json_str(b, it->fields[i].to);
    mvr_buf_putc(b, '}');
  }
  mvr_buf_puts(b, "}}");
}

static void write_text(writer *w, const mvr_diff_item *it)
{
  mvr_buf *b = &w->b;
  const mvr_entry *e = it->to ? it->to : it->from;
  size_t i;

  switch (w->section) {
  case S_ADDED:
  case S_REMOVED:
    mvr_buf_printf(b, "  %c %s (%s, id %lld): %s [%s]\n",
                   w->section == S_ADDED ? '+' : '-', e->reference, e->sdo,
                   (long long)it->id, e->title, e->status);
    break;
  case S_WITHDRAWN:
    mvr_buf_printf(b, "  ! %s (%s, id %lld): %s [was %s]\n", e->reference,
                   e->sdo, (long long)it->id, e->title, it->from->status);
    break;
  default:
    mvr_buf_printf(b, "  ~ %s (%s, id %lld)\n", e->reference, e->sdo,
                   (long long)it->id);
    for (i = 0; i < it->nfields; i++)
      mvr_buf_printf(b, "      %s: \"%s\" -> \"%s\"\n", it->fields[i].field,
                     it->fields[i].from, it->fields[i].to);
    break;
  }
}

static void write_md(writer *w, const mvr_diff_item *it)
{
  mvr_buf *b = &w->b;
  const mvr_entry *e = it->to ? it->to : it->from;
  size_t i;

  mvr_buf_puts(b, "| ");
  mvr_md_cell(b, e->sdo);
  mvr_buf_puts(b, " | ");
  mvr_md_cell(b, e->reference);
  mvr_buf_puts(b, " | ");
  switch (w->section) {
  case S_ADDED:
  case S_REMOVED:
    mvr_md_cell(b, e->type);
    mvr_buf_puts(b, " | ");
    mvr_md_cell(b, e->title);
    mvr_buf_puts(b, " | ");
    mvr_md_cell(b, e->status);
    mvr_buf_puts(b, " |\n");
    break;
  case S_WITHDRAWN:
    mvr_md_cell(b, e->title);
    mvr_buf_puts(b, " | ");
    mvr_md_cell(b, it->from->status);
    mvr_buf_puts(b, " |\n");
    break;
  default:
    /* one row per field; the entry is named on the first */
    for (i = 0; i < it->nfields; i++) {
      if (i)
        mvr_buf_puts(b, "|  |  | ");
      mvr_md_cell(b, it->fields[i].field);
      mvr_buf_puts(b, " | ");
      mvr_md_cell(b, it->fields[i].from);
      mvr_buf_puts(b, " | ");
      mvr_md_cell(b, it->fields[i].to);
      mvr_buf_puts(b, " |\n");
    }
    break;
  }
}

static mvr_status on_item(void *ud, const mvr_diff_item *it)
{
  writer *w = ud;
  int mine;

  if (w->section == S_TALLY)
    return tally(w, it);
  switch (w->section) {
  case S_ADDED:
    mine = it->kind == MVR_DIFF_ADDED;
    break;
  case S_REMOVED:
    mine = it->kind == MVR_DIFF_REMOVED;
    break;
  case S_WITHDRAWN:
    mine = it->withdrawn;
    break;
  default:
    mine = it->kind == MVR_DIFF_CHANGED;
    break;
  }
  if (!mine)
    return MVR_OK;
  if (w->format == F_JSON)
    write_json(w, it);
  else if (w->format == F_MD)
    write_md(w, it);
  else
    write_text(w, it);
  w->n++;
  flush(w, 0);
  return w->rc;
}

/* --- headings ------------------------------------------------------------ */

static mvr_status on_release(void *ud, const mvr_release_rec *r)
{
  mvr_buf *b = ud;

  mvr_buf_printf(b, "release %s (%s)", r->name, r->date);
  return MVR_OK;
}

/* "release 2025-05 (2025-05-10)" or "the current roadmap". */
static mvr_status describe(mvr_db *db, const char *v, mvr_buf *out)
{
  mvr_status rc;

  if (is_current(v)) {
    mvr_buf_puts(out, "the current roadmap");
    return MVR_OK;
  }
  rc = db->store->ops->release_find(db->store, v, on_release, out);
  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

static void counts_line(writer *w)
{
  mvr_buf_printf(&w->b, "%ld added, %ld removed, %ld changed (%ld withdrawn)",
                 w->count[S_ADDED], w->count[S_REMOVED], w->count[S_CHANGED],
                 w->count[S_WITHDRAWN]);
}

static void section_head(writer *w, int s)
{
  static const char *const md_head[] = {
      "",
      "| SDO/Org. | Reference | Type | Title | Status |\n"
      "|---|---|---|---|---|\n",
      "| SDO/Org. | Reference | Type | Title | Status |\n"
      "|---|---|---|---|---|\n",
      "| SDO/Org. | Reference | Title | Previous status |\n"
      "|---|---|---|---|\n",
      "| SDO/Org. | Reference | Field | Before | After |\n"
      "|---|---|---|---|---|\n"};

  if (w->format == F_JSON) {
    mvr_buf_puts(&w->b, ",\n ");
    json_str(&w->b, section_key[s]);
    mvr_buf_puts(&w->b, ": [");
  } else if (w->format == F_MD) {
    mvr_buf_printf(&w->b, "\n## %s (%ld)\n\n%s", section_title[s], w->count[s],
                   w->count[s] ? md_head[s] : "None.\n");
  } else if (w->count[s]) {
    mvr_buf_printf(&w->b, "\n%s (%ld):\n", section_title[s], w->count[s]);
  }
}

static void section_tail(writer *w, int s)
{
  if (w->format == F_JSON)
    mvr_buf_puts(&w->b, w->count[s] ? "\n ]" : "]");
}

static void transitions(writer *w)
{
  size_t i;

  if (w->format == F_JSON) {
    mvr_buf_puts(&w->b, ",\n \"status_transitions\": [");
    for (i = 0; i < w->ntr; i++) {
      mvr_buf_puts(&w->b, i ? ", {\"from\": " : "{\"from\": ");
      json_str(&w->b, w->tr[i].from);
      mvr_buf_puts(&w->b, ", \"to\": ");
      json_str(&w->b, w->tr[i].to);
      mvr_buf_printf(&w->b, ", \"count\": %ld}", w->tr[i].n);
    }
    mvr_buf_putc(&w->b, ']');
    return;
  }
  if (!w->ntr)
    return;
  if (w->format == F_MD)
    mvr_buf_puts(&w->b, "\n## Status transitions\n\n"
                        "| From | To | Entries |\n|---|---|---:|\n");
  else
    mvr_buf_puts(&w->b, "\nStatus transitions:\n");
  for (i = 0; i < w->ntr; i++) {
    if (w->format == F_MD) {
      mvr_buf_puts(&w->b, "| ");
      mvr_md_cell(&w->b, w->tr[i].from);
      mvr_buf_puts(&w->b, " | ");
      mvr_md_cell(&w->b, w->tr[i].to);
      mvr_buf_printf(&w->b, " | %ld |\n", w->tr[i].n);
    } else {
      mvr_buf_printf(&w->b, "  %s -> %s: %ld\n", w->tr[i].from, w->tr[i].to,
                     w->tr[i].n);
    }
  }
}

/* Everything before the first section. */
static mvr_status heading(mvr_db *db, writer *w, const char *a, const char *b)
{
  mvr_buf da = MVR_BUF_INIT(4096), db_ = MVR_BUF_INIT(4096);
  mvr_status rc = MVR_OK;
  long total = w->count[S_ADDED] + w->count[S_REMOVED] + w->count[S_CHANGED];

  if (w->format == F_JSON) {
    mvr_buf_puts(&w->b, "{\"from\": ");
    json_str(&w->b, a);
    mvr_buf_puts(&w->b, ", \"to\": ");
    json_str(&w->b, b);
    goto out;
  }
  rc = describe(db, a, &da);
  if (!rc)
    rc = describe(db, b, &db_);
  if (!rc)
    rc = mvr_buf_status(&da);
  if (!rc)
    rc = mvr_buf_status(&db_);
  if (rc)
    goto out;
  if (w->format == F_MD) {
    mvr_buf_puts(&w->b, "# Changes from ");
    mvr_md_cell(&w->b, a);
    mvr_buf_puts(&w->b, " to ");
    mvr_md_cell(&w->b, b);
    mvr_buf_puts(&w->b, "\n\nFrom ");
    mvr_md_cell(&w->b, da.ptr);
    mvr_buf_puts(&w->b, " to ");
    mvr_md_cell(&w->b, db_.ptr);
    mvr_buf_puts(&w->b, ": ");
    counts_line(w);
    mvr_buf_puts(&w->b, ".\n");
  } else if (!total) {
    mvr_buf_printf(&w->b, "No changes from %s to %s.\n", da.ptr, db_.ptr);
  } else {
    mvr_buf_printf(&w->b, "Changes from %s to %s: ", da.ptr, db_.ptr);
    counts_line(w);
    mvr_buf_putc(&w->b, '\n');
  }
out:
  mvr_buf_free(&da);
  mvr_buf_free(&db_);
  return rc;
}

mvr_status mvr_diff_write(mvr_db *db, const char *a, const char *b,
                          const char *format, mvr_write_fn fn, void *ud)
{
  static const int json_order[] = {S_ADDED, S_REMOVED, S_CHANGED, S_WITHDRAWN};
  static const int text_order[] = {S_ADDED, S_REMOVED, S_WITHDRAWN, S_CHANGED};
  const int *order;
  writer w;
  mvr_status rc;
  size_t i;

  memset(&w, 0, sizeof w);
  if (!format)
    return MVR_ERR_ARG;
  if (strcmp(format, "text") == 0)
    w.format = F_TEXT;
  else if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
    w.format = F_MD;
  else if (strcmp(format, "json") == 0)
    w.format = F_JSON;
  else
    return mvr_db_fail(db, MVR_ERR_FORMAT,
                       "unknown diff format \"%s\"; use text, md or json",
                       format);
  rc = check_versions(db, a, b);
  if (rc)
    return rc;
  mvr_buf_init(&w.b, MVR_BUF_DEFAULT_MAX);
  w.fn = fn;
  w.ud = ud;
  order = w.format == F_JSON ? json_order : text_order;
  rc = begin_read(db);
  if (rc)
    goto out;
  /* a first pass counts, so that nothing is written before an error
   * (an unknown release) and every heading can give its count */
  w.section = S_TALLY;
  rc = diff_pass(db, a, b, on_item, &w);
  if (!rc)
    rc = heading(db, &w, a, b);
  if (!rc && w.format != F_JSON)
    transitions(&w);
  for (i = 0; !rc && i < MVR_ARRAY_SIZE(json_order); i++) {
    section_head(&w, order[i]);
    if (w.count[order[i]]) {
      w.section = order[i];
      w.n = 0;
      rc = diff_pass(db, a, b, on_item, &w);
    }
    section_tail(&w, order[i]);
  }
  if (!rc && w.format == F_JSON) {
    transitions(&w);
    mvr_buf_printf(&w.b,
                   ",\n \"counts\": {\"added\": %ld, \"removed\": %ld,"
                   " \"changed\": %ld, \"withdrawn\": %ld}}\n",
                   w.count[S_ADDED], w.count[S_REMOVED], w.count[S_CHANGED],
                   w.count[S_WITHDRAWN]);
  }
  if (!rc)
    flush(&w, 1);
  if (!rc)
    rc = w.rc;
  rc = end_read(db, rc);
out:
  for (i = 0; i < w.ntr; i++) {
    mvr_free(w.tr[i].from);
    mvr_free(w.tr[i].to);
  }
  mvr_free(w.tr);
  mvr_buf_free(&w.b);
  return rc;
}
