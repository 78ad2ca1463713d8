/* test_search_index.c - the SQLite store's entry index in memory
 * (store_sqlite_index.c, issues 5 and 7) gives exactly what the SQL
 * gives: on random registers (organisations with sub-bodies, several
 * categories per entry, merged entries, several imports), for random
 * searches, filters, sort orders and pages, the facet counts, the count
 * and the rows of the page, in order, with the index on equal those with
 * it off; and it follows changes made by another connection and by its
 * own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "mvroad.h"
#include "store.h"
#include "store_search.h"
#include "store_sqlite.h"
#include "store_sqlite_index.h"

static char path[256];

static int setup(void **state)
{
  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-sindex-%ld.db", (long)getpid());
  unlink(path);
  return 0;
}

static int teardown(void **state)
{
  char p[300];

  (void)state;
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
  return 0;
}

static mvr_db *open_db(unsigned flags)
{
  mvr_db *db = NULL;
  char err[256];

  assert_int_equal(mvr_db_open(path, flags, &db, err, sizeof err), MVR_OK);
  return db;
}

static const char *const sdos[] = {
    "ISO/IEC JTC 1/SC 29", "ISO/IEC JTC 1/SC 24", "ISO/IEC JTC 1",
    "ITU-T SG16",          "ITU-T SG20",          "IEEE",
    "3GPP SA4",            "ETSI",                "MPAI"};
static const char *const statuses[] = {"Published", "Under development",
                                       "Withdrawn"};
static const char *const types[] = {"Standard", "Technical Report",
                                    "Specification", "Recommendation"};
static const char *const cats[] = {"General", "Application/Service",
                                   "Infrastructure", "Interoperability",
                                   "Enabling Technology"};
static const char *const words[] = {
    "avatar", "twin",   "digital", "video",  "mesh",    "haptic",
    "scene",  "coding", "network", "identity", "privacy", "spatial",
    "asset",  "render", "audio",  "display", "cloud",   "edge"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long rnd_state;

static unsigned rnd(unsigned n)
{
  rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned)((rnd_state >> 33) % n);
}

/* `rows` random entries as CSV, references numbered from `first`; an
 * entry already imported gets new values. */
static void import_random(mvr_db *db, unsigned first, unsigned rows)
{
  mvr_buf b = MVR_BUF_INIT(1 << 22);
  mvr_import_result res;
  unsigned i, k;

  mvr_buf_puts(&b, "SDO,Reference,Type,Title,Status,Category,Summary\n");
  for (i = 0; i < rows; i++) {
    unsigned nw = 1 + rnd(6), nc = 1 + rnd(3);
    const char *sdo = sdos[(first + i) % N(sdos)];
    mvr_buf_printf(&b, "%s,X %u-%u,%s,", sdo, (first + i) % 97,
                   (first + i) / 97, types[rnd(N(types))]);
    for (k = 0; k < nw; k++)
      mvr_buf_printf(&b, "%s%s", k ? " " : "", words[rnd(N(words))]);
    mvr_buf_printf(&b, ",%s,\"", statuses[rnd(N(statuses))]);
    for (k = 0; k < nc; k++)
      mvr_buf_printf(&b, "%s%s", k ? "; " : "", cats[rnd(N(cats))]);
    mvr_buf_puts(&b, "\",");
    for (k = 0; k < 4; k++)
      mvr_buf_printf(&b, "%s%s", k ? " " : "", words[rnd(N(words))]);
    mvr_buf_putc(&b, '\n');
  }
  assert_int_equal(mvr_buf_status(&b), MVR_OK);
  assert_int_equal(mvr_import_mem(db, NULL, "r.csv", b.ptr, b.len, NULL,
                                  NULL, &res),
                   MVR_OK);
  mvr_buf_free(&b);
}

static mvr_status one_pass(void *ud, const char *facet, const char *label,
                           long n)
{
  mvr_buf_printf(ud, "%s %s %ld\n", facet, label, n);
  return MVR_OK;
}

/* Everything a query gives, as text: count, facets, the page's ids. */
static void answer(mvr_db *db, const mvr_query_spec *q, mvr_buf *out)
{
  mvr_store *s = db->store;
  mvr_store_cursor *c = NULL;
  const mvr_entry_rec *row;
  long n = -1, m = -1;

  mvr_buf_reset(out);
  assert_int_equal(s->ops->search->facets(s, q, &n, one_pass, out), MVR_OK);
  assert_int_equal(s->ops->count(s, q, &m), MVR_OK);
  assert_int_equal(n, m);
  mvr_buf_printf(out, "count %ld\npage", n);
  assert_int_equal(s->ops->query(s, q, &c), MVR_OK);
  /* every column: rows kept with the index (sq_index_row) must be the
   * very rows SQL reads */
  while (s->ops->cursor_next(c, &row) == MVR_OK && row)
    mvr_buf_printf(out, " %lld:%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%lld|%lld|%lld|%lld",
                   (long long)row->id, row->reference, row->sdo, row->family,
                   row->refkey, row->ref_detail, row->type, row->title,
                   row->status, row->status_detail, row->categories,
                   row->summary, row->url, row->first_seen, row->last_updated,
                   (long long)row->created_submission,
                   (long long)row->last_submission, (long long)row->version,
                   (long long)row->org_id);
  s->ops->cursor_free(c);
  assert_int_equal(mvr_buf_status(out), MVR_OK);
}

/* With the index and without: the same answer. Returns the count. */
static long same(mvr_db *db, const mvr_query_spec *q)
{
  mvr_buf a = MVR_BUF_INIT(1 << 20), b = MVR_BUF_INIT(1 << 20);
  long n;
  int snap = !db->reading;

  sq_index_disable(db->store, 0);
  answer(db, q, &a);
  sq_index_disable(db->store, 1);
  answer(db, q, &b);
  sq_index_disable(db->store, 0);
  assert_string_equal(a.ptr, b.ptr);
  /* in a read snapshot (as a page: facets, then rows from the matches
   * the facets ranked) */
  if (snap) {
    assert_int_equal(mvr_db_read_begin(db), MVR_OK);
    answer(db, q, &a);
    mvr_db_read_end(db);
    assert_string_equal(a.ptr, b.ptr);
    /* again: the page's rows now come from those kept */
    assert_int_equal(mvr_db_read_begin(db), MVR_OK);
    answer(db, q, &a);
    mvr_db_read_end(db);
  }
  if (strcmp(a.ptr, b.ptr) != 0)
    fprintf(stderr, "text=%s sdo=%s cat=%s status=%s type=%s sort=%s "
                    "limit=%ld offset=%ld\nindex:\n%s\nSQL:\n%s\n",
            q->text ? q->text : "-", q->sdo ? q->sdo : "-",
            q->category ? q->category : "-", q->status ? q->status : "-",
            q->type ? q->type : "-", q->sort ? q->sort : "-", q->limit,
            q->offset, a.ptr, b.ptr);
  assert_string_equal(a.ptr, b.ptr);
  n = strtol(strstr(a.ptr, "count ") + 6, NULL, 10);
  mvr_buf_free(&a);
  mvr_buf_free(&b);
  return n;
}

static void random_query(mvr_query_spec *q, char *text, size_t len)
{
  static const char *const sorts[] = {NULL,    "sdo",  "reference", "title",
                                      "status", "updated", "rank", "id"};
  static const char *const parents[] = {"ISO/IEC JTC 1", "IEEE", "ETSI",
                                        "ITU-T SG16"};

  memset(q, 0, sizeof *q);
  text[0] = '\0';
  switch (rnd(4)) {
  case 0:
    break;
  case 1:
    snprintf(text, len, "%s", words[rnd(N(words))]);
    break;
  case 2:
    snprintf(text, len, "%s %s", words[rnd(N(words))], words[rnd(N(words))]);
    break;
  default: /* a prefix */
    snprintf(text, len, "%.3s", words[rnd(N(words))]);
  }
  q->text = text[0] ? text : NULL;
  if (rnd(3) == 0)
    q->status = statuses[rnd(N(statuses))];
  if (rnd(4) == 0)
    q->type = types[rnd(N(types))];
  if (rnd(3) == 0)
    q->category = cats[rnd(N(cats))];
  if (rnd(4) == 0)
    q->sdo = parents[rnd(N(parents))];
  q->sort = sorts[rnd(N(sorts))];
  q->limit = 1 + (long)rnd(30);
  q->offset = rnd(3) ? 0 : (long)rnd(60);
}

static void test_random_registers(void **state)
{
  unsigned seed;

  (void)state;
  for (seed = 1; seed <= 4; seed++) {
    mvr_db *db;
    mvr_query_spec q;
    char text[64];
    long all;
    int i;

    teardown(NULL);
    db = open_db(MVR_OPEN_CREATE);
    rnd_state = seed;
    import_random(db, 0, 300 + rnd(300));
    import_random(db, 200, 200); /* updates and new entries */
    assert_int_equal(mvr_merge(db, "1", "2", NULL), MVR_OK);
    assert_int_equal(mvr_merge(db, "5", "6", NULL), MVR_OK);
    memset(&q, 0, sizeof q);
    all = same(db, &q);
    assert_true(all > 200);
    for (i = 0; i < 300; i++) {
      random_query(&q, text, sizeof text);
      same(db, &q);
    }
    /* the edges: a word no entry has, a status no entry has, pages past
     * the end, a deep page, nothing but quotes */
    memset(&q, 0, sizeof q);
    q.text = "zzzznothing";
    assert_int_equal(same(db, &q), 0);
    q.text = NULL;
    q.status = "No such status";
    assert_int_equal(same(db, &q), 0);
    q.status = NULL;
    q.limit = 10;
    q.offset = all - 3;
    same(db, &q);
    q.offset = all + 10;
    same(db, &q);
    q.text = "\"\"";
    same(db, &q);
    q.text = "video";
    q.sort = "rank";
    q.limit = 9000;
    q.offset = 2000;
    same(db, &q);
    mvr_db_close(db);
  }
}

/* mvr_bm25() gives exactly FTS5's bm25() for every match of `text`;
 * returns the matches. */
static long same_bm25(mvr_db *db, const char *text)
{
  sq_store *s = (sq_store *)db->store;
  sqlite3_stmt *st = NULL;
  mvr_buf m = MVR_BUF_INIT(1024);
  long n = 0;

  sq_fts_match(text, &m);
  assert_int_equal(
      sqlite3_prepare_v2(s->db,
                         "SELECT bm25(entries_fts, 10.0, 5.0, 1.0),"
                         " mvr_bm25(entries_fts, 10.0, 5.0, 1.0)"
                         " FROM entries_fts WHERE entries_fts MATCH ?",
                         -1, &st, NULL),
      SQLITE_OK);
  sqlite3_bind_text(st, 1, m.ptr, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    double a = sqlite3_column_double(st, 0), b = sqlite3_column_double(st, 1);
    assert_memory_equal(&a, &b, sizeof a);
    n++;
  }
  sqlite3_finalize(st);
  mvr_buf_free(&m);
  return n;
}

static void test_bm25_exact(void **state)
{
  mvr_db *db;
  mvr_query_spec q;
  char text[64];
  long n = 0;
  size_t i, j;

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  rnd_state = 11;
  import_random(db, 0, 800);
  import_random(db, 500, 400);
  memset(&q, 0, sizeof q);
  q.text = "video"; /* makes the index, with the rows' lengths */
  same(db, &q);
  for (i = 0; i < N(words); i++) {
    n += same_bm25(db, words[i]);
    snprintf(text, sizeof text, "%.2s", words[i]);
    n += same_bm25(db, text);
    for (j = 0; j < N(words); j += 5) {
      snprintf(text, sizeof text, "%s %s", words[i], words[j]);
      n += same_bm25(db, text);
    }
  }
  assert_true(n > 1000);
  mvr_db_close(db);
}

/* Searches ranked by relevance remember how many rows each phrase
 * matches (mvr_bm25()'s idf) and give the same pages as SQL's bm25():
 * also after another connection changed those counts, and for phrases
 * FTS5 reads differently from words (several tokens, no token). */
static void test_phrase_counts(void **state)
{
  static const char *const texts[] = {
      "video",      "video edge",  "vid",        "edge video",
      "X 1-0",      "- video",     "video -",    "\"video\" edge",
      "23090-3 av", "a b c d e f", "video video"};
  mvr_db *w, *r;
  mvr_query_spec q;
  unsigned long h;
  size_t i;
  int round;

  (void)state;
  w = open_db(MVR_OPEN_CREATE);
  rnd_state = 3;
  import_random(w, 0, 400);
  r = open_db(0);
  memset(&q, 0, sizeof q);
  q.sort = "rank";
  q.limit = 25;
  for (round = 0; round < 3; round++) {
    h = sq_index_df_hits(r->store);
    for (i = 0; i < N(texts); i++) {
      q.text = texts[i];
      same(r, &q);
    }
    assert_true(sq_index_df_hits(r->store) > h);
    /* the counts change: made again, and still the same as SQL's */
    import_random(w, 1000 + 100 * (unsigned)round, 80);
  }
  mvr_db_close(r);
  mvr_db_close(w);
}

/* The index follows changes: by another connection, by its own. */
static void test_follows_changes(void **state)
{
  mvr_db *w, *r;
  mvr_query_spec q;
  long n, m;

  (void)state;
  w = open_db(MVR_OPEN_CREATE);
  rnd_state = 7;
  import_random(w, 0, 100);
  r = open_db(MVR_OPEN_READONLY);
  memset(&q, 0, sizeof q);
  q.limit = 20;
  n = same(r, &q);
  import_random(w, 1000, 50); /* another connection */
  m = same(r, &q);
  assert_true(m > n);
  q.text = "video";
  same(r, &q);
  assert_int_equal(mvr_merge(w, "1", "2", NULL), MVR_OK);
  q.text = NULL;
  assert_int_equal(same(r, &q), m - 1);
  /* its own connection */
  same(w, &q);
  import_random(w, 2000, 10);
  n = same(w, &q);
  assert_true(n > m - 1);
  /* in a read snapshot, another connection's change is not seen */
  assert_int_equal(mvr_db_read_begin(r), MVR_OK);
  assert_int_equal(same(r, &q), n);
  import_random(w, 3000, 5);
  assert_int_equal(same(r, &q), n);
  mvr_db_read_end(r);
  assert_true(same(r, &q) > n);
  mvr_db_close(r);
  mvr_db_close(w);
}

/* Writes to what the index does not read (accounts, sessions, failed
 * logins, coordination records), by another connection or its own, leave
 * the index standing; a write to entries by either remakes it. */
static void test_other_writes_keep_index(void **state)
{
  mvr_db *w, *r;
  mvr_query_spec q;
  unsigned long b;
  long n;

  (void)state;
  setenv("MVROAD_PWHASH_FAST", "1", 1);
  w = open_db(MVR_OPEN_CREATE);
  rnd_state = 11;
  import_random(w, 0, 200);
  r = open_db(0);
  memset(&q, 0, sizeof q);
  q.limit = 20;
  q.text = "video";
  n = same(r, &q);
  b = sq_index_builds(r->store);
  assert_true(b >= 1);
  /* another connection adds a user: the index stands, answers the same */
  assert_int_equal(mvr_user_add(w, "ed1", "Ed One", MVR_ROLE_EDITOR, NULL,
                                "a long enough password 1"),
                   MVR_OK);
  assert_int_equal(same(r, &q), n);
  assert_int_equal(sq_index_builds(r->store), b);
  /* and its own connection */
  assert_int_equal(mvr_user_add(r, "ed2", "Ed Two", MVR_ROLE_EDITOR, NULL,
                                "a long enough password 2"),
                   MVR_OK);
  assert_int_equal(same(r, &q), n);
  assert_int_equal(sq_index_builds(r->store), b);
  /* entries written by the other connection: made again, and right */
  import_random(w, 5000, 30);
  same(r, &q);
  assert_true(sq_index_builds(r->store) > b);
  b = sq_index_builds(r->store);
  /* a merge (an UPDATE of entries only) by the other connection */
  assert_int_equal(mvr_merge(w, "1", "2", NULL), MVR_OK);
  q.text = NULL;
  same(r, &q);
  assert_true(sq_index_builds(r->store) > b);
  b = sq_index_builds(r->store);
  /* by its own connection */
  assert_int_equal(mvr_unmerge(r, "1", "2"), MVR_OK);
  same(r, &q);
  assert_true(sq_index_builds(r->store) > b);
  mvr_db_close(r);
  mvr_db_close(w);
}

/* The rows of pages kept with the index: given again only inside a
 * read snapshot, always the rows SQL reads, also after the entries or
 * their organisation changed, by another connection or by its own, and
 * with more entries than slots (ids sharing a slot replace each other). */
static void test_kept_rows(void **state)
{
  mvr_db *w, *r;
  mvr_query_spec q;
  unsigned long h;
  long n, off;
  char *err = NULL;

  (void)state;
  w = open_db(MVR_OPEN_CREATE);
  rnd_state = 5;
  import_random(w, 0, 6500); /* ids past 4,096: slots are shared */
  {
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(((sq_store *)w->store)->db,
                                        "SELECT max(id) FROM entries", -1, &st,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int64(st, 0) > 4096 + 100);
    sqlite3_finalize(st);
  }
  r = open_db(0);
  memset(&q, 0, sizeof q);
  q.limit = 50;
  q.sort = "id";
  /* outside a snapshot, none is kept */
  assert_int_equal(mvr_db_read_begin(r), MVR_OK);
  mvr_db_read_end(r);
  h = sq_index_row_hits(r->store);
  n = same(r, &q); /* its second pass in a snapshot takes kept rows */
  assert_true(n >= 3000);
  assert_true(sq_index_row_hits(r->store) >= h + 50);
  /* every page twice, the second from kept rows */
  for (off = 0; off < n; off += 50) {
    q.offset = off;
    same(r, &q);
  }
  q.offset = 0;
  h = sq_index_row_hits(r->store);
  assert_true(h >= (unsigned long)n);
  /* the same page twice outside a snapshot: nothing given from kept */
  {
    mvr_buf a = MVR_BUF_INIT(1 << 20);
    answer(r, &q, &a);
    answer(r, &q, &a);
    mvr_buf_free(&a);
  }
  assert_int_equal(sq_index_row_hits(r->store), h);
  /* another connection rewrites titles and summaries of the first rows */
  import_random(w, 0, 60);
  same(r, &q);
  q.text = "video";
  same(r, &q);
  q.text = NULL;
  /* its own connection renames an organisation: the kept rows with its
   * name go */
  assert_int_equal(sqlite3_exec(((sq_store *)r->store)->db,
                                "UPDATE orgs SET name = name || ' (renamed)'"
                                " WHERE id = (SELECT org_id FROM entries"
                                " WHERE id = 1)",
                                NULL, NULL, &err),
                   SQLITE_OK);
  same(r, &q);
  assert_int_equal(mvr_db_read_begin(r), MVR_OK);
  {
    mvr_buf a = MVR_BUF_INIT(1 << 20);
    answer(r, &q, &a);
    assert_non_null(strstr(a.ptr, " (renamed)"));
    mvr_buf_free(&a);
  }
  mvr_db_read_end(r);
  mvr_db_close(r);
  mvr_db_close(w);
}

/* The full-text index of a register made by many small transactions is
 * merged as it goes (sq_commit): not one segment per transaction, and
 * still whole (FTS5's integrity-check) and answering as SQL does. */
static void test_fts_merged(void **state)
{
  mvr_db *db;
  mvr_query_spec q;
  sqlite3_stmt *st = NULL;
  sqlite3 *h;
  int i;

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  rnd_state = 9;
  for (i = 0; i < 20; i++)
    import_random(db, (unsigned)i * 15, 20); /* new entries and updates */
  h = ((sq_store *)db->store)->db;
  assert_int_equal(sqlite3_prepare_v2(h,
                                      "SELECT count(DISTINCT segid) FROM"
                                      " entries_fts_idx",
                                      -1, &st, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  assert_int_equal(sqlite3_exec(h,
                                "INSERT INTO entries_fts(entries_fts)"
                                " VALUES('integrity-check')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  memset(&q, 0, sizeof q);
  q.limit = 30;
  q.sort = "rank";
  q.text = "video edge";
  assert_true(same(db, &q) > 0);
  q.text = "vid";
  same(db, &q);
  mvr_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_random_registers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_follows_changes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bm25_exact, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_writes_keep_index, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_kept_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_phrase_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fts_merged, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
