/* store_pg_read.c - the PostgreSQL store's reads (issue 8): listings,
 * searches (tsvector/GIN), counts and facets, an entry's sources and
 * change log, submissions, releases and the duplicate finder's rows, of
 * the live register or "as of" a release. Results and their order are
 * those of the SQLite backend (store_sqlite_read.c): text is ordered
 * COLLATE "C" (SQLite's BINARY), references by mvr_natkey (the
 * mvr_natural collation), titles by mvr_fold (NOCASE). The query builder
 * joins constant fragments and placeholder numbers; every value is
 * bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store_pg.h"
#include "util.h"

/* A search in a release may name at most this many words (as SQLite). */
#define MAX_LIKE_WORDS 32

/* Append placeholder $n. */
static void ph(mvr_buf *b, int n)
{
  char t[16];

  snprintf(t, sizeof t, "$%d", n);
  mvr_buf_puts(b, t);
}

/* The user's words as the SQLite backend splits them (store_sqlite_read.c
 * fts_query): runs of non-space, '"' removed, joined by one space into
 * `b`. *prefix = 1 when the text does not end in a space (the last word
 * is then a prefix). Returns the number of words. */
static size_t split_words(const char *text, mvr_buf *b, int *prefix)
{
  const char *p = text;
  size_t n = 0;

  *prefix = 0;
  while (*p) {
    const char *start;
    while (*p && (mvr_isspace((unsigned char)*p) || *p == '"'))
      p++;
    start = p;
    while (*p && !mvr_isspace((unsigned char)*p))
      p++;
    if (p == start)
      break;
    if (n)
      mvr_buf_putc(b, ' ');
    for (; start < p; start++)
      if (*start != '"')
        mvr_buf_putc(b, *start);
    n++;
    *prefix = !*p;
  }
  return n;
}

/* As like_patterns() of the SQLite backend: "%word%" with % _ \ escaped,
 * each followed by a NUL. */
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

static const struct {
  const char *sort, *live, *release;
} orders[] = {
    {"sdo", " ORDER BY o.name COLLATE \"C\", e.ref_sort, e.id",
     " ORDER BY e.org COLLATE \"C\", e.ref_sort, e.entry_id"},
    {"reference", " ORDER BY e.ref_sort, e.id",
     " ORDER BY e.ref_sort, e.entry_id"},
    {"title", " ORDER BY mvr_fold(e.title) COLLATE \"C\", e.id",
     " ORDER BY mvr_fold(e.title) COLLATE \"C\", e.entry_id"},
    {"status",
     " ORDER BY e.status COLLATE \"C\", o.name COLLATE \"C\", e.ref_sort,"
     " e.id",
     " ORDER BY e.status COLLATE \"C\", e.org COLLATE \"C\", e.ref_sort,"
     " e.entry_id"},
    {"updated", " ORDER BY e.last_updated COLLATE \"C\" DESC, e.id DESC",
     " ORDER BY e.last_updated COLLATE \"C\" DESC, e.entry_id DESC"},
    {"id", " ORDER BY e.id", " ORDER BY e.entry_id"},
};

/* Build and run the SELECT (or count, or facet) for `q`. */
static mvr_status run_query(pg_store *s, const mvr_query_spec *q,
                            const char *select, const char *join,
                            const char *tail, int paged, PGresult **out)
{
  mvr_buf sql = MVR_BUF_INIT(16384), words = MVR_BUF_INIT(8192);
  const char *order = NULL;
  int64_t catmask = 0, release_id = 0;
  int rel = q->release != NULL, fts = 0, prefix = 0, wph = 0, pph = 0;
  size_t nwords = 0, k;
  pg_params p;
  mvr_status rc = MVR_OK;

  *out = NULL;
  pg_p_init(&p);
  if (q->category) {
    rc = pg_cat_mask(s, q->category, 0, &catmask);
    if (rc)
      return rc;
  }
  if (rel) {
    rc = pg_release_id(s, q->release, &release_id);
    if (rc)
      return rc;
  }
  if (q->text && *q->text && rel) {
    nwords = like_patterns(q->text, &words);
    if (nwords > MAX_LIKE_WORDS) {
      rc = pg_failf(s, MVR_ERR_ARG,
                    "a search in a release takes at most %d words",
                    MAX_LIKE_WORDS);
      goto out;
    }
  } else if (q->text && *q->text) {
    fts = split_words(q->text, &words, &prefix) > 0;
  }
  rc = mvr_buf_status(&words);
  if (rc)
    goto out;
  if (paged) {
    size_t i;
    const char *sort = q->sort;
    if (sort && strcmp(sort, "rank") == 0 && !fts)
      sort = "sdo";
    if (!(sort && strcmp(sort, "rank") == 0))
      for (i = 0; i < MVR_ARRAY_SIZE(orders) && !order; i++)
        if (!sort || strcmp(sort, orders[i].sort) == 0)
          order = rel ? orders[i].release : orders[i].live;
    if (!order && !(sort && strcmp(sort, "rank") == 0)) {
      rc = pg_failf(s, MVR_ERR_ARG, "unknown sort order");
      goto out;
    }
  }
  mvr_buf_puts(&sql, select);
  mvr_buf_puts(&sql, rel ? " FROM release_entries e"
                         : " FROM entries e JOIN orgs o ON o.id = e.org_id");
  if (join)
    mvr_buf_puts(&sql, join);
  if (rel) {
    mvr_buf_puts(&sql, " WHERE e.release_id = ");
    ph(&sql, pg_p_int(&p, release_id));
  } else { /* an entry merged into another is shown through that one */
    mvr_buf_puts(&sql, q->id ? " WHERE true" : " WHERE e.merged_into IS NULL");
  }
  if (fts) {
    wph = pg_p_text(&p, words.ptr);
    pph = pg_p_text(&p, prefix ? "true" : "false");
    mvr_buf_puts(&sql, " AND e.fts @@ mvr_tsquery(");
    ph(&sql, wph);
    mvr_buf_puts(&sql, ", ");
    ph(&sql, pph);
    mvr_buf_puts(&sql, "::boolean)");
  }
  {
    const char *w = words.ptr;
    for (k = 0; k < nwords; k++, w += strlen(w) + 1) {
      int n = pg_p_text(&p, w);
      mvr_buf_puts(&sql, " AND (mvr_fold(e.reference) LIKE mvr_fold(");
      ph(&sql, n);
      mvr_buf_puts(&sql, ") ESCAPE '\\' OR mvr_fold(e.title) LIKE mvr_fold(");
      ph(&sql, n);
      mvr_buf_puts(&sql,
                   ") ESCAPE '\\' OR mvr_fold(e.summary) LIKE mvr_fold(");
      ph(&sql, n);
      mvr_buf_puts(&sql, ") ESCAPE '\\')");
    }
  }
  if (q->sdo) {
    mvr_buf_puts(&sql, rel ? " AND e.org IN" : " AND e.org_id IN");
    mvr_buf_puts(&sql, " (WITH RECURSIVE sub(id) AS ("
                       "SELECT id FROM orgs WHERE name = ");
    ph(&sql, pg_p_text(&p, q->sdo));
    mvr_buf_puts(&sql, " UNION SELECT o2.id FROM orgs o2 JOIN sub"
                       " ON o2.parent_id = sub.id)");
    mvr_buf_puts(&sql, rel ? " SELECT o3.name FROM orgs o3 JOIN sub"
                             " ON o3.id = sub.id)"
                           : " SELECT id FROM sub)");
  }
  if (q->category) {
    mvr_buf_puts(&sql, " AND (e.catmask & ");
    ph(&sql, pg_p_int(&p, catmask));
    mvr_buf_puts(&sql, "::bigint) <> 0");
  }
  if (q->status) {
    mvr_buf_puts(&sql, " AND e.status = ");
    ph(&sql, pg_p_text(&p, q->status));
  }
  if (q->type) {
    mvr_buf_puts(&sql, " AND e.type = ");
    ph(&sql, pg_p_text(&p, q->type));
  }
  if (q->id) {
    mvr_buf_puts(&sql, rel ? " AND e.entry_id = " : " AND e.id = ");
    ph(&sql, pg_p_int(&p, q->id));
  }
  if (q->family && q->refkey) {
    mvr_buf_puts(&sql, " AND e.family = ");
    ph(&sql, pg_p_text(&p, q->family));
    mvr_buf_puts(&sql, " AND e.refkey = ");
    ph(&sql, pg_p_text(&p, q->refkey));
  } else if (q->refkey) {
    mvr_buf_puts(&sql, " AND mvr_fold(e.refkey) = mvr_fold(");
    ph(&sql, pg_p_text(&p, q->refkey));
    mvr_buf_puts(&sql, ")");
  }
  if (tail)
    mvr_buf_puts(&sql, tail);
  if (paged) {
    if (order) {
      mvr_buf_puts(&sql, order);
    } else { /* rank: weights D, C, B, A = -, summary, title, reference */
      mvr_buf_puts(&sql, " ORDER BY ts_rank('{0, 0.1, 0.5, 1.0}', e.fts,"
                         " mvr_tsquery(");
      ph(&sql, wph);
      mvr_buf_puts(&sql, ", ");
      ph(&sql, pph);
      mvr_buf_puts(&sql, "::boolean)) DESC, e.id");
    }
    mvr_buf_puts(&sql, " LIMIT ");
    ph(&sql, q->limit > 0 ? pg_p_int(&p, q->limit) : pg_p_text(&p, NULL));
    mvr_buf_puts(&sql, " OFFSET ");
    ph(&sql, pg_p_int(&p, q->offset > 0 ? q->offset : 0));
  }
  rc = mvr_buf_status(&sql);
  if (!rc)
    rc = pg_run_built(s, sql.ptr, &p, out, "reading entries");
out:
  mvr_buf_free(&sql);
  mvr_buf_free(&words);
  return rc;
}

mvr_status pg_query(mvr_store *base, const mvr_query_spec *q,
                    mvr_store_cursor **out)
{
  pg_store *s = (pg_store *)base;
  mvr_store_cursor *c;
  mvr_status rc;

  *out = NULL;
  c = mvr_malloc(sizeof *c);
  if (!c)
    return MVR_ERR_NOMEM;
  memset(c, 0, sizeof *c);
  c->s = s;
  rc = run_query(s, q,
                 q->release ? "SELECT " PG_RELEASE_COLUMNS
                            : "SELECT " PG_ENTRY_COLUMNS,
                 NULL, NULL, 1, &c->res);
  if (rc) {
    mvr_free(c);
    return rc;
  }
  *out = c;
  return MVR_OK;
}

mvr_status pg_cursor_next(mvr_store_cursor *c, const mvr_entry_rec **row)
{
  *row = NULL;
  if (c->next >= PQntuples(c->res))
    return MVR_OK;
  pg_read_entry(c->res, c->next++, 0, &c->row);
  *row = &c->row;
  return MVR_OK;
}

void pg_cursor_free(mvr_store_cursor *c)
{
  if (!c)
    return;
  PQclear(c->res);
  mvr_free(c);
}

mvr_status pg_count(mvr_store *base, const mvr_query_spec *q, long *n)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;

  *n = 0;
  rc = run_query(s, q, "SELECT count(*)", NULL, NULL, 0, &r);
  if (rc)
    return rc;
  if (PQntuples(r) > 0)
    *n = (long)pg_int(r, 0, 0);
  PQclear(r);
  return MVR_OK;
}

mvr_status pg_facet(mvr_store *base, const mvr_query_spec *q,
                    const char *facet, mvr_count_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  const char *select, *tail, *join = NULL;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  if (strcmp(facet, "category") == 0) {
    /* multi-valued: an entry counts once per category it has */
    select = "SELECT b.label, count(*)";
    join = " JOIN category_bits b ON ((e.catmask >> b.bit) & 1) = 1";
    tail = " GROUP BY b.label ORDER BY b.label COLLATE \"C\"";
  } else if (strcmp(facet, "status") == 0) {
    select = "SELECT e.status, count(*)";
    tail = " GROUP BY e.status ORDER BY e.status COLLATE \"C\"";
  } else if (strcmp(facet, "type") == 0) {
    select = "SELECT e.type, count(*)";
    tail = " GROUP BY e.type ORDER BY e.type COLLATE \"C\"";
  } else if (strcmp(facet, "sdo") == 0 && q->release) {
    select = "SELECT e.org, count(*)";
    tail = " GROUP BY e.org ORDER BY count(*) DESC, e.org COLLATE \"C\"";
  } else if (strcmp(facet, "sdo") == 0) {
    select = "SELECT o.name, count(*)";
    tail = " GROUP BY o.name ORDER BY count(*) DESC, o.name COLLATE \"C\"";
  } else {
    return MVR_ERR_ARG;
  }
  rc = run_query(s, q, select, join, tail, 0, &r);
  if (rc)
    return rc;
  for (i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ud, pg_text(r, i, 0), (long)pg_int(r, i, 1));
  PQclear(r);
  return rc;
}

mvr_status pg_total(mvr_store *base, const char *what, long *n)
{
  pg_store *s = (pg_store *)base;
  const char *sql;
  int64_t v = 0;
  mvr_status rc;

  *n = 0;
  if (strcmp(what, "entries") == 0)
    sql = "SELECT count(*) FROM entries";
  else if (strcmp(what, "organisations") == 0)
    sql = "SELECT count(DISTINCT org_id) FROM entries";
  else if (strcmp(what, "submissions") == 0)
    sql = "SELECT count(*) FROM submissions";
  else
    return MVR_ERR_ARG;
  rc = pg_run_int(s, sql, NULL, &v, "counting");
  *n = (long)v;
  return rc;
}

mvr_status pg_sources(mvr_store *base, int64_t entry_id, mvr_source_fn fn,
                      void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, entry_id);
  rc = pg_run(s,
              "SELECT es.submission_id, es.row_no, es.sdo, es.reference,"
              " es.type, es.title, es.status, es.status_detail,"
              " es.categories, es.summary, es.url, sub.file_name,"
              " sub.received, sub.doc_number, sub.format, o.name,"
              " sub.imported_at, sub.actor FROM entry_sources es"
              " JOIN submissions sub ON sub.id = es.submission_id"
              " LEFT JOIN orgs o ON o.id = sub.org_id"
              " WHERE es.entry_id = $1 ORDER BY es.id",
              &p, &r, "reading sources");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_source_rec src;
    mvr_submission_rec sub;
    memset(&src, 0, sizeof src);
    memset(&sub, 0, sizeof sub);
    src.entry_id = entry_id;
    src.submission_id = pg_int(r, i, 0);
    src.row = (unsigned long)pg_int(r, i, 1);
    src.sdo = pg_text(r, i, 2);
    src.reference = pg_text(r, i, 3);
    src.type = pg_text(r, i, 4);
    src.title = pg_text(r, i, 5);
    src.status = pg_text(r, i, 6);
    src.status_detail = pg_text(r, i, 7);
    src.categories = pg_text(r, i, 8);
    src.summary = pg_text(r, i, 9);
    src.url = pg_text(r, i, 10);
    sub.id = src.submission_id;
    sub.file_name = pg_text(r, i, 11);
    sub.received = pg_text(r, i, 12);
    sub.doc = pg_text(r, i, 13);
    sub.format = pg_text(r, i, 14);
    sub.imported_at = pg_text(r, i, 16);
    sub.actor = pg_text(r, i, 17);
    rc = fn(ud, &src, &sub, pg_text(r, i, 15));
  }
  PQclear(r);
  return rc;
}

mvr_status pg_changes(mvr_store *base, int64_t entry_id, mvr_change_fn fn,
                      void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, entry_id);
  rc = pg_run(s,
              "SELECT id, submission_id, at, actor, action, field,"
              " old_value, new_value FROM changes WHERE entry_id = $1"
              " ORDER BY id",
              &p, &r, "reading the change log");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_change_rec c;
    c.entry_id = entry_id;
    c.submission_id = pg_int(r, i, 1);
    c.at = pg_text(r, i, 2);
    c.actor = pg_text(r, i, 3);
    c.action = pg_text(r, i, 4);
    c.field = pg_text(r, i, 5);
    c.old_value = pg_text(r, i, 6);
    c.new_value = pg_text(r, i, 7);
    rc = fn(ud, pg_int(r, i, 0), &c);
  }
  PQclear(r);
  return rc;
}

mvr_status pg_submissions(mvr_store *base, mvr_submission_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run(s,
              "SELECT sub.id, sub.file_name, sub.sha256, sub.format,"
              " sub.org_id, sub.received, sub.doc_number, sub.imported_at,"
              " sub.actor, o.name, sub.rows, sub.added, sub.updated"
              " FROM submissions sub LEFT JOIN orgs o ON o.id = sub.org_id"
              " ORDER BY o.name IS NULL, o.name COLLATE \"C\","
              " sub.received COLLATE \"C\", sub.id",
              NULL, &r, "listing submissions");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_submission_rec sub;
    memset(&sub, 0, sizeof sub);
    sub.id = pg_int(r, i, 0);
    sub.file_name = pg_text(r, i, 1);
    sub.sha256 = pg_text(r, i, 2);
    sub.format = pg_text(r, i, 3);
    sub.org_id = pg_int(r, i, 4);
    sub.received = pg_text(r, i, 5);
    sub.doc = pg_text(r, i, 6);
    sub.imported_at = pg_text(r, i, 7);
    sub.actor = pg_text(r, i, 8);
    rc = fn(ud, &sub, pg_text(r, i, 9), (unsigned long)pg_int(r, i, 10),
            (unsigned long)pg_int(r, i, 11), (unsigned long)pg_int(r, i, 12));
  }
  PQclear(r);
  return rc;
}

/* --- releases ---------------------------------------------------------- */

/* Releases frozen before schema 10 did not keep their count of
 * submissions: those imported by the time of the freeze stand in. */
#define RELEASE_REC_COLUMNS                                                    \
  "r.id, r.name, r.date, r.note, r.created_at, r.actor, r.entries,"          \
  " coalesce(r.submissions, (SELECT count(*) FROM submissions s"              \
  " WHERE s.imported_at <= r.created_at))"

static void read_release(const PGresult *r, int row, int at,
                         mvr_release_rec *rel)
{
  rel->id = pg_int(r, row, at);
  rel->name = pg_text(r, row, at + 1);
  rel->date = pg_text(r, row, at + 2);
  rel->note = pg_text(r, row, at + 3);
  rel->created_at = pg_text(r, row, at + 4);
  rel->actor = pg_text(r, row, at + 5);
  rel->entries = (long)pg_int(r, row, at + 6);
  rel->submissions = (long)pg_int(r, row, at + 7);
}

mvr_status pg_release_id(pg_store *s, const char *name, int64_t *id)
{
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_text(&p, name);
  rc = pg_run_int(s, "SELECT id FROM releases WHERE name = $1", &p, id,
                  "finding a release");
  if (!rc && !*id)
    rc = pg_failf(s, MVR_ERR_NOTFOUND, "no release named \"%s\"", name);
  return rc;
}

mvr_status pg_release_create(mvr_store *base, const mvr_release_rec *rel,
                             int64_t *id, long *entries)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  int64_t taken = 0, n = 0, nsub = 0, rid = 0;
  pg_params p;
  mvr_status rc;

  *id = 0;
  *entries = 0;
  pg_p_init(&p);
  pg_p_text(&p, rel->name);
  rc = pg_run_int(s, "SELECT count(*) FROM releases WHERE name = $1", &p,
                  &taken, "finding a release");
  if (rc)
    return rc;
  if (taken)
    return pg_failf(s, MVR_ERR_EXISTS,
                    "a release named \"%s\" exists already", rel->name);
  rc = pg_run_int(s, "SELECT count(*) FROM entries WHERE merged_into IS NULL",
                  NULL, &n, "counting entries");
  if (!rc)
    rc = pg_run_int(s, "SELECT count(*) FROM submissions", NULL, &nsub,
                    "counting submissions");
  if (!rc)
    rc = pg_run_int(s,
                    "SELECT greatest(coalesce((SELECT max(id) FROM releases),"
                    " 0), coalesce((SELECT max(release_id)"
                    " FROM release_entries), 0)) + 1",
                    NULL, &rid, "numbering the release");
  if (rc)
    return rc;
  /* the rows go in before the releases row, which seals them; the
   * foreign key to the release is deferred to the commit */
  pg_p_init(&p);
  pg_p_int(&p, rid);
  rc = pg_run(s,
              "INSERT INTO release_entries(release_id, entry_id, org, family,"
              " refkey, reference, ref_detail, type, title, status,"
              " status_detail, categories, catmask, summary, url, first_seen,"
              " last_updated, version)"
              " SELECT $1, e.id, o.name, e.family, e.refkey, e.reference,"
              " e.ref_detail, e.type, e.title, e.status, e.status_detail,"
              " e.categories, e.catmask, e.summary, e.url, e.first_seen,"
              " e.last_updated, e.version"
              " FROM entries e JOIN orgs o ON o.id = e.org_id"
              " WHERE e.merged_into IS NULL",
              &p, &r, "freezing the entries");
  if (rc)
    return rc;
  if (strtoll(PQcmdTuples(r), NULL, 10) != n) {
    rc = pg_failf(s, MVR_ERR_INTERNAL,
                  "freezing the entries: %lld counted, %s copied",
                  (long long)n, PQcmdTuples(r));
    PQclear(r);
    return rc;
  }
  PQclear(r);
  pg_p_text(&p, rel->name);
  pg_p_text(&p, rel->date);
  pg_p_text(&p, rel->note);
  pg_p_text(&p, rel->created_at);
  pg_p_text(&p, rel->actor);
  pg_p_int(&p, n);
  pg_p_int(&p, nsub);
  rc = pg_run(s,
              "INSERT INTO releases(id, name, date, note, created_at, actor,"
              " entries, submissions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
              &p, NULL, "creating a release");
  if (rc)
    return rc;
  *id = rid;
  *entries = (long)n;
  return MVR_OK;
}

static mvr_status each_release(PGresult *r, mvr_release_fn fn, void *ud)
{
  mvr_status rc = MVR_OK;
  int i;

  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_release_rec rel;
    read_release(r, i, 0, &rel);
    rc = fn(ud, &rel);
  }
  return rc;
}

mvr_status pg_release_find(mvr_store *base, const char *name,
                           mvr_release_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_text(&p, name);
  rc = pg_run(s,
              "SELECT " RELEASE_REC_COLUMNS " FROM releases r"
              " WHERE r.name = $1",
              &p, &r, "finding a release");
  if (rc)
    return rc;
  if (PQntuples(r) == 0)
    rc = pg_failf(s, MVR_ERR_NOTFOUND, "no release named \"%s\"", name);
  else
    rc = each_release(r, fn, ud);
  PQclear(r);
  return rc;
}

mvr_status pg_releases(mvr_store *base, mvr_release_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;

  rc = pg_run(s, "SELECT " RELEASE_REC_COLUMNS " FROM releases r ORDER BY r.id",
              NULL, &r, "listing releases");
  if (!rc)
    rc = each_release(r, fn, ud);
  PQclear(r);
  return rc;
}

mvr_status pg_release_entry(mvr_store *base, int64_t entry_id,
                            mvr_release_entry_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_int(&p, entry_id);
  rc = pg_run(s,
              "SELECT " PG_RELEASE_COLUMNS ", " RELEASE_REC_COLUMNS
              " FROM releases r LEFT JOIN release_entries e"
              " ON e.release_id = r.id AND e.entry_id = $1 ORDER BY r.id",
              &p, &r, "reading an entry's releases");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_release_rec rel;
    mvr_entry_rec e;
    int present = !PQgetisnull(r, i, 0);
    memset(&e, 0, sizeof e);
    if (present)
      pg_read_entry(r, i, 0, &e);
    read_release(r, i, 19, &rel);
    rc = fn(ud, &rel, present ? &e : NULL);
  }
  PQclear(r);
  return rc;
}

/* --- possible duplicates ------------------------------------------------ */

mvr_status pg_dup_entries(mvr_store *base,
                          mvr_status (*fn)(void *ud, const mvr_entry_rec *e),
                          void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run(s,
              "SELECT e.id, o.name, e.family, e.refkey, e.reference, e.title"
              " FROM entries e JOIN orgs o ON o.id = e.org_id"
              " WHERE e.merged_into IS NULL ORDER BY e.id",
              NULL, &r, "reading titles");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_entry_rec e;
    memset(&e, 0, sizeof e);
    e.id = pg_int(r, i, 0);
    e.sdo = pg_text(r, i, 1);
    e.family = pg_text(r, i, 2);
    e.refkey = pg_text(r, i, 3);
    e.reference = pg_text(r, i, 4);
    e.title = pg_text(r, i, 5);
    rc = fn(ud, &e);
  }
  PQclear(r);
  return rc;
}

mvr_status pg_dup_mark(mvr_store *base, int64_t a, int64_t b, const char *at,
                       const char *actor, const char *note)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int ea, eb;

  pg_p_init(&p);
  pg_p_int(&p, a);
  pg_p_int(&p, b);
  rc = pg_run(s,
              "SELECT EXISTS (SELECT 1 FROM entries WHERE id = $1)::int,"
              " EXISTS (SELECT 1 FROM entries WHERE id = $2)::int",
              &p, &r, "marking not duplicates");
  if (rc)
    return rc;
  ea = pg_int(r, 0, 0) != 0;
  eb = pg_int(r, 0, 1) != 0;
  PQclear(r);
  if (!ea || !eb)
    return pg_failf(s, MVR_ERR_NOTFOUND, "no entry %lld",
                    (long long)(ea ? b : a));
  pg_p_text(&p, at);
  pg_p_text(&p, actor);
  pg_p_text(&p, note && *note ? note : NULL);
  return pg_run(s,
                "INSERT INTO not_duplicates(a, b, at, actor, note)"
                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (a, b) DO UPDATE"
                " SET at = excluded.at, actor = excluded.actor,"
                " note = excluded.note, undone_at = NULL, undone_by = NULL"
                " WHERE not_duplicates.undone_at IS NOT NULL",
                &p, NULL, "marking not duplicates");
}

mvr_status pg_dup_unmark(mvr_store *base, int64_t a, int64_t b,
                         const char *at, const char *actor)
{
  pg_store *s = (pg_store *)base;
  pg_params p;
  mvr_status rc;
  long n = 0;

  pg_p_init(&p);
  pg_p_int(&p, a);
  pg_p_int(&p, b);
  pg_p_text(&p, at);
  pg_p_text(&p, actor);
  rc = pg_run_count(s,
                    "UPDATE not_duplicates SET undone_at = $3, undone_by = $4"
                    " WHERE a = $1 AND b = $2 AND undone_at IS NULL",
                    &p, &n, "undoing a not-duplicate mark");
  if (rc)
    return rc;
  if (n == 0)
    return pg_failf(s, MVR_ERR_NOTFOUND,
                    "entries %lld and %lld have no not-duplicate mark",
                    (long long)a, (long long)b);
  return MVR_OK;
}

mvr_status pg_dup_marks(mvr_store *base, mvr_not_dup_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run(s,
              "SELECT n.a, n.b, ea.reference, eb.reference, n.at, n.actor,"
              " n.note FROM not_duplicates n JOIN entries ea ON ea.id = n.a"
              " JOIN entries eb ON eb.id = n.b WHERE n.undone_at IS NULL"
              " ORDER BY n.a, n.b",
              NULL, &r, "reading not-duplicate marks");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_not_dup m;
    m.a = pg_int(r, i, 0);
    m.b = pg_int(r, i, 1);
    m.a_reference = pg_text(r, i, 2);
    m.b_reference = pg_text(r, i, 3);
    m.at = pg_text(r, i, 4);
    m.actor = pg_text(r, i, 5);
    m.note = pg_text(r, i, 6);
    rc = fn(ud, &m);
  }
  PQclear(r);
  return rc;
}
