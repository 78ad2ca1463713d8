/* store_sqlite_read.c - the SQLite store's reads: listings, searches
 * (FTS5), counts and facets, an entry's sources and change log, of the
 * live register or "as of" a release (its frozen rows). The query
 * builder joins constant SQL fragments only; every value is bound. */
#include <stdio.h>
#include <string.h>

#include "store_sqlite_index.h"
#include "store_sqlite_release.h"
#include "util.h"

/* A search in a release may name at most this many words. */
#define MAX_LIKE_WORDS 32

/* Turn the user's words into an FTS5 query: every word must match, each
 * quoted so that no FTS5 syntax from the user is interpreted, the last
 * one as a prefix. "digital twin" -> "digital" "twin"* */
void sq_fts_match(const char *text, mvr_buf *b)
{
  const char *p = text;

  while (*p) {
    const char *start;
    while (*p && (mvr_isspace((unsigned char)*p) || *p == '"'))
      p++;
    start = p;
    while (*p && !mvr_isspace((unsigned char)*p))
      p++;
    if (p == start)
      break;
    if (b->len)
      mvr_buf_putc(b, ' ');
    mvr_buf_putc(b, '"');
    for (; start < p; start++)
      if (*start != '"')
        mvr_buf_putc(b, *start);
    mvr_buf_putc(b, '"');
    if (!*p)
      mvr_buf_putc(b, '*');
  }
}

/* The words of a search in a release, as LIKE patterns ("%twin%", with
 * % _ and \ escaped by \), each followed by a NUL in `b`. The full-text
 * index holds the live text only, so a release's old text is searched
 * word by word instead: every word must occur in the reference, title or
 * summary (ASCII case-insensitively). Returns the number of words. */
static size_t like_patterns(const char *text, mvr_buf *b)
{
  const char *p = text;
  size_t n = 0;

  while (*p) {
    const char *start;
    while (*p && (mvr_isspace((unsigned char)*p) || *p == '"'))
      p++;
    start = p;
    while (*p && !mvr_isspace((unsigned char)*p))
      p++;
    if (p == start)
      break;
    mvr_buf_putc(b, '%');
    for (; start < p; start++) {
      if (*start == '"')
        continue;
      if (*start == '%' || *start == '_' || *start == '\\')
        mvr_buf_putc(b, '\\');
      mvr_buf_putc(b, *start);
    }
    mvr_buf_putc(b, '%');
    mvr_buf_putc(b, '\0');
    n++;
  }
  return n;
}

/* The WHERE clause for `q` from constant fragments; the values are bound
 * in the same order by bind_filters(). A release's rows (release_entries)
 * name their organisation as text and their entry as entry_id. */
static void where_clause(const mvr_query_spec *q, int fts, size_t nwords,
                         mvr_buf *sql)
{
  int rel = q->release != NULL;
  size_t w;

  if (rel)
    mvr_buf_puts(sql, " WHERE e.release_id = ?");
  else /* an entry merged into another is shown through that one */
    mvr_buf_puts(sql, q->id ? " WHERE 1" : " WHERE e.merged_into IS NULL");
  if (fts)
    mvr_buf_puts(sql, " AND entries_fts MATCH ?");
  for (w = 0; w < nwords; w++)
    mvr_buf_puts(sql, " AND (e.reference LIKE ? ESCAPE '\\'"
                      " OR e.title LIKE ? ESCAPE '\\'"
                      " OR e.summary LIKE ? ESCAPE '\\')");
  if (q->sdo && rel)
    mvr_buf_puts(sql,
                 " AND e.org IN (WITH RECURSIVE sub(id) AS ("
                 "SELECT id FROM orgs WHERE name = ? UNION "
                 "SELECT o2.id FROM orgs o2 JOIN sub ON o2.parent_id = sub.id)"
                 " SELECT o3.name FROM orgs o3 JOIN sub ON o3.id = sub.id)");
  else if (q->sdo)
    mvr_buf_puts(sql,
                 " AND e.org_id IN (WITH RECURSIVE sub(id) AS ("
                 "SELECT id FROM orgs WHERE name = ? UNION "
                 "SELECT o2.id FROM orgs o2 JOIN sub ON o2.parent_id = sub.id)"
                 " SELECT id FROM sub)");
  if (q->category)
    mvr_buf_puts(sql, " AND (e.catmask & ?) != 0");
  if (q->status)
    mvr_buf_puts(sql, " AND e.status = ?");
  if (q->type)
    mvr_buf_puts(sql, " AND e.type = ?");
  if (q->id)
    mvr_buf_puts(sql, rel ? " AND e.entry_id = ?" : " AND e.id = ?");
  if (q->family && q->refkey)
    mvr_buf_puts(sql, " AND e.family = ? AND e.refkey = ?");
  else if (q->refkey)
    mvr_buf_puts(sql, " AND e.refkey = ? COLLATE NOCASE");
}

static int bind_filters(sqlite3_stmt *st, const mvr_query_spec *q,
                        int64_t release_id, const char *match,
                        const mvr_buf *like, size_t nwords, int64_t catmask)
{
  const char *w = like->ptr;
  size_t k;
  int i = 1;

  if (q->release)
    sqlite3_bind_int64(st, i++, release_id);
  if (match)
    sqlite3_bind_text(st, i++, match, -1, SQLITE_TRANSIENT);
  for (k = 0; k < nwords; k++, w += strlen(w) + 1) {
    sqlite3_bind_text(st, i++, w, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, w, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, w, -1, SQLITE_TRANSIENT);
  }
  if (q->sdo)
    sq_bind_text(st, i++, q->sdo);
  if (q->category)
    sqlite3_bind_int64(st, i++, catmask);
  if (q->status)
    sq_bind_text(st, i++, q->status);
  if (q->type)
    sq_bind_text(st, i++, q->type);
  if (q->id)
    sqlite3_bind_int64(st, i++, q->id);
  if (q->family && q->refkey) {
    sq_bind_text(st, i++, q->family);
    sq_bind_text(st, i++, q->refkey);
  } else if (q->refkey) {
    sq_bind_text(st, i++, q->refkey);
  }
  return i;
}

/* ORDER BY for each sort key, over the live register and over a
 * release's rows; "rank" without full-text search sorts as "sdo". */
static const struct {
  const char *sort, *live, *release;
} orders[] = {
    {"sdo", " ORDER BY o.name, e.reference COLLATE mvr_natural, e.id",
     " ORDER BY e.org, e.reference COLLATE mvr_natural, e.entry_id"},
    {"reference", " ORDER BY e.reference COLLATE mvr_natural, e.id",
     " ORDER BY e.reference COLLATE mvr_natural, e.entry_id"},
    {"title", " ORDER BY e.title COLLATE NOCASE, e.id",
     " ORDER BY e.title COLLATE NOCASE, e.entry_id"},
    {"status", " ORDER BY e.status, o.name, e.reference COLLATE mvr_natural",
     " ORDER BY e.status, e.org, e.reference COLLATE mvr_natural"},
    {"updated", " ORDER BY e.last_updated DESC, e.id DESC",
     " ORDER BY e.last_updated DESC, e.entry_id DESC"},
    {"id", " ORDER BY e.id", " ORDER BY e.entry_id"},
};

const char *sq_order_live(const char *sort)
{
  size_t i;

  for (i = 0; i < MVR_ARRAY_SIZE(orders); i++)
    if (sort && strcmp(sort, orders[i].sort) == 0)
      return orders[i].live;
  return NULL;
}

static const char *order_by(const char *sort, int fts, int rel)
{
  size_t i;

  if (sort && strcmp(sort, "rank") == 0) {
    if (fts)
      return " ORDER BY bm25(entries_fts, 10.0, 5.0, 1.0), e.id";
    sort = "sdo";
  }
  for (i = 0; i < MVR_ARRAY_SIZE(orders); i++)
    if (!sort || strcmp(sort, orders[i].sort) == 0)
      return rel ? orders[i].release : orders[i].live;
  return NULL;
}

/* The statements prepare_query() builds, kept per connection and keyed by
 * their SQL text: a search and its facets prepare the same few texts over
 * and over, and preparing costs more than running them on a register of
 * this size. A statement in use (an open cursor) is never handed out
 * twice: a second user of the same text gets one of its own, finalized
 * after use. Released statements are reset (ending their read
 * transaction) and their bindings cleared; SQLite re-prepares them itself
 * when the schema changes. The least recently used slot is replaced. */
#define QCACHE_SLOTS 32

struct sq_qcache {
  struct {
    char *sql;
    sqlite3_stmt *st;
    int busy;
    unsigned long used;
  } slot[QCACHE_SLOTS];
  unsigned long tick;
};

static mvr_status qc_prepare(sq_store *s, const char *sql, size_t len,
                             sqlite3_stmt **out)
{
  struct sq_qcache *c = s->qc;
  size_t i, victim = QCACHE_SLOTS;
  char *copy;

  *out = NULL;
  if (!c) {
    c = mvr_malloc(sizeof *c);
    if (c) {
      memset(c, 0, sizeof *c);
      s->qc = c;
    }
  }
  if (c) {
    for (i = 0; i < QCACHE_SLOTS; i++)
      if (c->slot[i].sql && !c->slot[i].busy &&
          strcmp(c->slot[i].sql, sql) == 0) {
        c->slot[i].busy = 1;
        c->slot[i].used = ++c->tick;
        *out = c->slot[i].st;
        return MVR_OK;
      }
    for (i = 0; i < QCACHE_SLOTS; i++)
      if (!c->slot[i].busy &&
          (victim == QCACHE_SLOTS || c->slot[i].used < c->slot[victim].used))
        victim = i;
  }
  if (sqlite3_prepare_v3(s->db, sql, (int)len + 1,
                         victim < QCACHE_SLOTS ? SQLITE_PREPARE_PERSISTENT : 0,
                         out, NULL) != SQLITE_OK) {
    *out = NULL;
    return sq_fail(s, "preparing a query");
  }
  if (victim < QCACHE_SLOTS && (copy = mvr_malloc(len + 1)) != NULL) {
    memcpy(copy, sql, len + 1);
    sqlite3_finalize(c->slot[victim].st);
    mvr_free(c->slot[victim].sql);
    c->slot[victim].sql = copy;
    c->slot[victim].st = *out;
    c->slot[victim].busy = 1;
    c->slot[victim].used = ++c->tick;
  }
  return MVR_OK;
}

/* Give back a statement of qc_prepare(). */
static void qc_release(sq_store *s, sqlite3_stmt *st)
{
  size_t i;

  if (!st)
    return;
  if (s->qc)
    for (i = 0; i < QCACHE_SLOTS; i++)
      if (s->qc->slot[i].st == st && s->qc->slot[i].busy) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        s->qc->slot[i].busy = 0;
        return;
      }
  sqlite3_finalize(st);
}

void sq_qcache_free(sq_store *s)
{
  size_t i;

  if (!s->qc)
    return;
  for (i = 0; i < QCACHE_SLOTS; i++) {
    sqlite3_finalize(s->qc->slot[i].st);
    mvr_free(s->qc->slot[i].sql);
  }
  mvr_free(s->qc);
  s->qc = NULL;
}

/* Prepare the SELECT (or COUNT, or facet) for `q`. */
static mvr_status prepare_query(sq_store *s, const mvr_query_spec *q,
                                const char *select, const char *join,
                                const char *tail, int paged, sqlite3_stmt **out)
{
  mvr_buf sql = MVR_BUF_INIT(8192), match = MVR_BUF_INIT(8192);
  mvr_status rc = MVR_OK;
  const char *order = NULL;
  int64_t catmask = 0, release_id = 0;
  size_t nwords = 0;
  int fts = 0, i, rel = q->release != NULL;

  *out = NULL;
  if (q->text) {
    /* a search inside a write transaction sees its new entries */
    rc = sq_fts_flush(s);
    if (rc)
      return rc;
  }
  if (q->category) {
    rc = sq_cat_mask(s, q->category, 0, &catmask);
    if (rc)
      return rc;
  }
  if (rel) {
    rc = sq_release_id(s, q->release, &release_id);
    if (rc)
      return rc;
  }
  if (q->text && *q->text && rel) {
    nwords = like_patterns(q->text, &match);
    if (nwords > MAX_LIKE_WORDS) {
      snprintf(s->err, sizeof s->err,
               "a search in a release takes at most %d words", MAX_LIKE_WORDS);
      rc = MVR_ERR_ARG;
      goto out;
    }
  } else if (q->text && *q->text) {
    sq_fts_match(q->text, &match);
    fts = match.len > 0;
  }
  if (paged) {
    order = order_by(q->sort, fts, rel);
    if (!order) {
      snprintf(s->err, sizeof s->err, "unknown sort order");
      rc = MVR_ERR_ARG;
      goto out;
    }
  }
  mvr_buf_puts(&sql, select);
  mvr_buf_puts(&sql, rel ? " FROM release_entries e"
                         : " FROM entries e JOIN orgs o ON o.id = e.org_id");
  if (fts)
    mvr_buf_puts(&sql, " JOIN entries_fts ON entries_fts.rowid = e.id");
  if (join)
    mvr_buf_puts(&sql, join);
  where_clause(q, fts, nwords, &sql);
  if (tail)
    mvr_buf_puts(&sql, tail);
  if (paged) {
    mvr_buf_puts(&sql, order);
    mvr_buf_puts(&sql, " LIMIT ? OFFSET ?");
  }
  rc = mvr_buf_status(&sql);
  if (!rc)
    rc = mvr_buf_status(&match);
  if (rc)
    goto out;
  rc = qc_prepare(s, sql.ptr, sql.len, out);
  if (rc)
    goto out;
  i = bind_filters(*out, q, release_id, fts ? match.ptr : NULL, &match, nwords,
                   catmask);
  if (paged) {
    sqlite3_bind_int64(*out, i++, q->limit > 0 ? q->limit : -1);
    sqlite3_bind_int64(*out, i++, q->offset > 0 ? q->offset : 0);
  }
out:
  mvr_buf_free(&sql);
  mvr_buf_free(&match);
  return rc;
}

mvr_status sq_query_prepare(sq_store *s, const mvr_query_spec *q,
                            const char *select, const char *join,
                            const char *tail, sqlite3_stmt **out)
{
  return prepare_query(s, q, select, join, tail, 0, out);
}

void sq_query_release(sq_store *s, sqlite3_stmt *st)
{
  qc_release(s, st);
}

/* An FTS5 syntax error is the user's, not the database's. */
mvr_status sq_step_error(sq_store *s, const char *what)
{
  const char *m = sqlite3_errmsg(s->db);

  if (strstr(m, "fts5") || strstr(m, "syntax error")) {
    snprintf(s->err, sizeof s->err, "cannot search for that: %s", m);
    return MVR_ERR_ARG;
  }
  return sq_fail(s, what);
}

/* A row of a page the entry index chose. */
#define ENTRY_BY_ID                                                            \
  "SELECT " ENTRY_COLUMNS " FROM entries e JOIN orgs o ON o.id = e.org_id"    \
  " WHERE e.id = ?"

mvr_status sq_query(mvr_store *base, const mvr_query_spec *q,
                    mvr_store_cursor **out)
{
  sq_store *s = (sq_store *)base;
  mvr_store_cursor *c;
  mvr_status rc;

  *out = NULL;
  c = mvr_malloc(sizeof *c);
  if (!c)
    return MVR_ERR_NOMEM;
  memset(c, 0, sizeof *c);
  c->s = s;
  {
    int done = 0;
    rc = sq_index_page(s, q, &c->ids, &c->nids, &done);
    c->by_id = done;
    if (!rc && done)
      rc = qc_prepare(s, ENTRY_BY_ID, strlen(ENTRY_BY_ID), &c->stmt);
    if (rc || done) {
      if (rc) {
        mvr_free(c->ids);
        mvr_free(c);
      } else {
        *out = c;
      }
      return rc;
    }
  }
  rc = prepare_query(
      s, q, q->release ? "SELECT " RELEASE_COLUMNS : "SELECT " ENTRY_COLUMNS,
      NULL, NULL, 1, &c->stmt);
  if (rc) {
    mvr_free(c);
    return rc;
  }
  *out = c;
  return MVR_OK;
}

mvr_status sq_cursor_next(mvr_store_cursor *c, const mvr_entry_rec **row)
{
  int r;

  *row = NULL;
  sq_row_release(c->held);
  c->held = NULL;
  if (c->by_id) {
    /* entries are never deleted: each id of the page has its row */
    do {
      if (c->next == c->nids)
        return MVR_OK;
      c->held = sq_index_row(c->s, c->ids[c->next]);
      if (c->held) {
        c->next++;
        *row = &c->held->rec;
        return MVR_OK;
      }
      sqlite3_reset(c->stmt);
      sqlite3_bind_int64(c->stmt, 1, c->ids[c->next++]);
      r = sqlite3_step(c->stmt);
    } while (r == SQLITE_DONE);
  } else {
    r = sqlite3_step(c->stmt);
  }
  if (r == SQLITE_DONE)
    return MVR_OK;
  if (r != SQLITE_ROW)
    return sq_step_error(c->s, "reading entries");
  sq_read_entry(c->stmt, &c->row);
  *row = &c->row;
  if (c->by_id) {
    c->held = sq_index_row_keep(c->s, &c->row);
    if (c->held)
      *row = &c->held->rec;
  }
  return MVR_OK;
}

void sq_cursor_free(mvr_store_cursor *c)
{
  if (!c)
    return;
  sq_row_release(c->held);
  qc_release(c->s, c->stmt);
  mvr_free(c->ids);
  mvr_free(c);
}

mvr_status sq_count(mvr_store *base, const mvr_query_spec *q, long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  int r, done = 0;

  rc = sq_index_count(s, q, n, &done);
  if (rc || done)
    return rc;
  *n = 0;
  rc = prepare_query(s, q, "SELECT count(*)", NULL, NULL, 0, &st);
  if (rc)
    return rc;
  r = sqlite3_step(st);
  if (r == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = sq_step_error(s, "counting entries");
  qc_release(s, st);
  return rc;
}

mvr_status sq_facet(mvr_store *base, const mvr_query_spec *q, const char *facet,
                    mvr_count_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc;
  const char *select, *tail;
  int r;

  const char *join = NULL;

  if (strcmp(facet, "category") == 0) {
    /* multi-valued: an entry counts once per category it has */
    select = "SELECT b.label, count(*)";
    join = " JOIN category_bits b ON (e.catmask >> b.bit) & 1";
    tail = " GROUP BY b.label";
  } else if (strcmp(facet, "status") == 0) {
    select = "SELECT e.status, count(*)";
    tail = " GROUP BY e.status";
  } else if (strcmp(facet, "type") == 0) {
    select = "SELECT e.type, count(*)";
    tail = " GROUP BY e.type";
  } else if (strcmp(facet, "sdo") == 0 && q->release) {
    /* a release names the organisation as text */
    select = "SELECT e.org, count(*)";
    tail = " GROUP BY e.org ORDER BY count(*) DESC, e.org";
  } else if (strcmp(facet, "sdo") == 0) {
    select = "SELECT o.name, count(*)";
    tail = " GROUP BY o.name ORDER BY count(*) DESC, o.name";
  } else {
    return MVR_ERR_ARG;
  }
  rc = prepare_query(s, q, select, join, tail, 0, &st);
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    rc = fn(ud, sq_col_text(st, 0), (long)sqlite3_column_int64(st, 1));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_step_error(s, "counting entries");
  qc_release(s, st);
  return rc;
}

mvr_status sq_total(mvr_store *base, const char *what, long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  const char *sql;
  mvr_status rc = MVR_OK;

  *n = 0;
  if (strcmp(what, "entries") == 0)
    sql = "SELECT count(*) FROM entries";
  else if (strcmp(what, "organisations") == 0)
    sql = "SELECT count(DISTINCT org_id) FROM entries";
  else if (strcmp(what, "submissions") == 0)
    sql = "SELECT count(*) FROM submissions";
  else
    return MVR_ERR_ARG;
  rc = qc_prepare(s, sql, strlen(sql), &st);
  if (rc)
    return rc;
  if (sqlite3_step(st) == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = sq_fail(s, "counting");
  qc_release(s, st);
  return rc;
}

mvr_status sq_sources(mvr_store *base, int64_t entry_id, mvr_source_fn fn,
                      void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(
          s->db,
          "SELECT es.submission_id, es.row_no, es.sdo, es.reference, es.type,"
          " es.title, es.status, es.status_detail, es.categories, es.summary,"
          " es.url, sub.file_name, sub.received, sub.doc_number, sub.format,"
          " o.name, sub.imported_at, sub.actor FROM entry_sources es"
          " JOIN submissions sub ON sub.id = es.submission_id"
          " LEFT JOIN orgs o ON o.id = sub.org_id"
          " WHERE es.entry_id = ?1 ORDER BY es.id",
          -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading sources");
  sqlite3_bind_int64(st, 1, entry_id);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_source_rec src;
    mvr_submission_rec sub;
    memset(&src, 0, sizeof src);
    memset(&sub, 0, sizeof sub);
    src.entry_id = entry_id;
    src.submission_id = sqlite3_column_int64(st, 0);
    src.row = (unsigned long)sqlite3_column_int64(st, 1);
    src.sdo = sq_col_text(st, 2);
    src.reference = sq_col_text(st, 3);
    src.type = sq_col_text(st, 4);
    src.title = sq_col_text(st, 5);
    src.status = sq_col_text(st, 6);
    src.status_detail = sq_col_text(st, 7);
    src.categories = sq_col_text(st, 8);
    src.summary = sq_col_text(st, 9);
    src.url = sq_col_text(st, 10);
    sub.id = src.submission_id;
    sub.file_name = sq_col_text(st, 11);
    sub.received = sq_col_text(st, 12);
    sub.doc = sq_col_text(st, 13);
    sub.format = sq_col_text(st, 14);
    sub.imported_at = sq_col_text(st, 16);
    sub.actor = sq_col_text(st, 17);
    rc = fn(ud, &src, &sub, sq_col_text(st, 15));
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading sources");
  sqlite3_finalize(st);
  return rc;
}

mvr_status sq_changes(mvr_store *base, int64_t entry_id, mvr_change_fn fn,
                      void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st = NULL;
  mvr_status rc = MVR_OK;
  int r;

  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, submission_id, at, actor, action, field,"
                         " old_value, new_value FROM changes"
                         " WHERE entry_id = ?1 ORDER BY id",
                         -1, &st, NULL) != SQLITE_OK)
    return sq_fail(s, "reading the change log");
  sqlite3_bind_int64(st, 1, entry_id);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_change_rec c;
    c.entry_id = entry_id;
    c.submission_id = sqlite3_column_int64(st, 1);
    c.at = sq_col_text(st, 2);
    c.actor = sq_col_text(st, 3);
    c.action = sq_col_text(st, 4);
    c.field = sq_col_text(st, 5);
    c.old_value = sq_col_text(st, 6);
    c.new_value = sq_col_text(st, 7);
    rc = fn(ud, sqlite3_column_int64(st, 0), &c);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "reading the change log");
  sqlite3_finalize(st);
  return rc;
}

/* "ISO/IEC 23090-2" sorts before "ISO/IEC 23090-10": runs of digits
 * compare by value. */
int sq_natural_cmp(void *ud, int na, const void *va, int nb, const void *vb)
{
  const unsigned char *a = va, *b = vb;
  int i = 0, j = 0;

  (void)ud;
  while (i < na && j < nb) {
    if (mvr_isdigit(a[i]) && mvr_isdigit(b[j])) {
      int si = i, sj = j, li, lj;
      while (si < na && a[si] == '0')
        si++;
      while (sj < nb && b[sj] == '0')
        sj++;
      i = si;
      j = sj;
      while (i < na && mvr_isdigit(a[i]))
        i++;
      while (j < nb && mvr_isdigit(b[j]))
        j++;
      li = i - si;
      lj = j - sj;
      if (li != lj)
        return li < lj ? -1 : 1;
      if (li) {
        int c = memcmp(a + si, b + sj, (size_t)li);
        if (c)
          return c;
      }
      continue;
    }
    {
      int ca = mvr_tolower(a[i]), cb = mvr_tolower(b[j]);
      if (ca != cb)
        return ca < cb ? -1 : 1;
    }
    i++;
    j++;
  }
  if (i < na)
    return 1;
  if (j < nb)
    return -1;
  return 0;
}
