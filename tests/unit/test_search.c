/* test_search.c - faceted searches in one pass (store_search.h, issue 5):
 * the SQLite store's facets() gives exactly what count() and facet() give
 * one facet at a time, for searches, filters and releases; a category
 * another connection added meanwhile is counted; read snapshots
 * (mvr_db_read_begin) see one state of the register. */
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
#include "testdb.h"

static char path[256];

static int setup(void **state)
{
  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-search-%ld.db", (long)getpid());
  testdb_fresh(path);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  testdb_remove(path);
  return 0;
}

static mvr_db *open_db(unsigned flags)
{
  return testdb_open(path, flags);
}

static void import_mem(mvr_db *db, const char *csv)
{
  mvr_import_result res;

  assert_int_equal(
      mvr_import_mem(db, NULL, "s.csv", csv, strlen(csv), NULL, NULL, &res),
      MVR_OK);
}

static void import_file(mvr_db *db, const char *name)
{
  char p[512];
  mvr_import_result res;

  snprintf(p, sizeof p, "%s/data/examples/%s", MVR_SOURCE_DIR, name);
  assert_int_equal(mvr_import_file(db, NULL, p, NULL, NULL, &res), MVR_OK);
}

/* Counts written as "facet label n\n" lines. */
typedef struct lines {
  mvr_buf b;
  const char *facet; /* for the one-facet callback */
} lines;

static mvr_status one_pass(void *ud, const char *facet, const char *label,
                           long n)
{
  lines *l = ud;

  mvr_buf_printf(&l->b, "%s %s %ld\n", facet, label, n);
  return MVR_OK;
}

static mvr_status one_facet(void *ud, const char *label, long n)
{
  lines *l = ud;

  mvr_buf_printf(&l->b, "%s %s %ld\n", l->facet, label, n);
  return MVR_OK;
}

/* facets() against count() and facet() for `q`; returns the entries. */
static long same_counts(mvr_db *db, const mvr_query_spec *q)
{
  static const char *const facets[] = {"category", "status", "type", "sdo"};
  mvr_store *s = db->store;
  lines a, b;
  long na = -1, nb = -1;
  size_t i;

  mvr_buf_init(&a.b, 1 << 20);
  mvr_buf_init(&b.b, 1 << 20);
  if (!s->ops->search) {
    /* PostgreSQL has no one-pass facets (stats.c asks facet() for each):
     * there every entry is counted once under its status */
    long sum = 0;
    assert_true(testdb_pg() != NULL);
    b.facet = "status";
    assert_int_equal(s->ops->facet(s, q, "status", one_facet, &b), MVR_OK);
    assert_int_equal(s->ops->count(s, q, &nb), MVR_OK);
    for (i = 0; b.b.ptr && b.b.ptr[i]; i++)
      if (b.b.ptr[i] == '\n') {
        size_t k = i;
        while (k > 0 && b.b.ptr[k - 1] != ' ')
          k--;
        sum += strtol(b.b.ptr + k, NULL, 10);
      }
    assert_int_equal(sum, nb);
    mvr_buf_free(&a.b);
    mvr_buf_free(&b.b);
    return nb;
  }
  assert_int_equal(s->ops->search->facets(s, q, &na, one_pass, &a), MVR_OK);
  assert_int_equal(s->ops->count(s, q, &nb), MVR_OK);
  for (i = 0; i < 4; i++) {
    b.facet = facets[i];
    assert_int_equal(s->ops->facet(s, q, facets[i], one_facet, &b), MVR_OK);
  }
  assert_int_equal(na, nb);
  mvr_buf_putc(&a.b, '\0');
  mvr_buf_putc(&b.b, '\0');
  assert_string_equal(a.b.ptr, b.b.ptr);
  mvr_buf_free(&a.b);
  mvr_buf_free(&b.b);
  return na;
}

static void test_facets_match(void **state)
{
  mvr_db *db = open_db(MVR_OPEN_CREATE);
  mvr_query_spec q;
  long n;

  (void)state;
  import_file(db, "annex1-examples.csv");
  import_file(db, "metaverse-standards.csv");
  assert_int_equal(mvr_release_create(db, "R1", NULL, NULL, NULL), MVR_OK);
  /* a change after the release, so that the two differ */
  import_mem(db, "SDO,Reference,Type,Title,Status,Category,Summary\n"
                 "IEEE,P9999,Standard,Metaverse test entry,Under development,"
                 "General; Interoperability,A metaverse entry\n");

  memset(&q, 0, sizeof q);
  n = same_counts(db, &q);
  assert_true(n > 100);
  q.text = "metaverse";
  q.status = "Published";
  assert_true(same_counts(db, &q) > 0);
  memset(&q, 0, sizeof q);
  q.text = "video";
  q.category = "Enabling Technology";
  assert_true(same_counts(db, &q) > 0);
  memset(&q, 0, sizeof q);
  q.sdo = "ISO/IEC JTC 1";
  assert_true(same_counts(db, &q) > 0);
  memset(&q, 0, sizeof q);
  q.type = "Standard";
  q.sort = "title";
  q.limit = 3;
  q.offset = 2;
  assert_true(same_counts(db, &q) > 3);
  memset(&q, 0, sizeof q);
  q.text = "zzzznothing";
  assert_int_equal(same_counts(db, &q), 0);
  memset(&q, 0, sizeof q);
  q.release = "R1";
  assert_int_equal(same_counts(db, &q), n - 1);
  q.text = "metaverse";
  assert_true(same_counts(db, &q) > 0);
  q.text = NULL;
  q.category = "Interoperability";
  q.sdo = "IEEE";
  assert_true(same_counts(db, &q) > 0);
  mvr_db_close(db);
}

static long categories(mvr_db *db, const char *label)
{
  mvr_stats *st = NULL;
  long n = -1;
  size_t i;

  assert_int_equal(mvr_stats_get(db, NULL, &st), MVR_OK);
  for (i = 0; i < st->ncategory; i++)
    if (strcmp(st->by_category[i].label, label) == 0)
      n = st->by_category[i].count;
  mvr_stats_free(st);
  return n;
}

/* The server's connection loaded the categories' bits before another
 * process used a category for the first time. */
static void test_new_category_counted(void **state)
{
  mvr_db *w = open_db(MVR_OPEN_CREATE), *r;

  (void)state;
  import_mem(w, "SDO,Reference,Type,Title,Status,Category,Summary\n"
                "IEEE,P1,Standard,One,Published,General,x\n");
  r = open_db(MVR_OPEN_READONLY);
  assert_int_equal(categories(r, "General"), 1);
  assert_int_equal(categories(r, "Interoperability"), 0);
  import_mem(w, "SDO,Reference,Type,Title,Status,Category,Summary\n"
                "IEEE,P2,Standard,Two,Published,Interoperability,y\n");
  assert_int_equal(categories(r, "Interoperability"), 1);
  assert_int_equal(categories(r, "General"), 1);
  mvr_db_close(r);
  mvr_db_close(w);
}

static long total(mvr_db *db)
{
  long n = -1;

  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  return n;
}

static void test_read_snapshot(void **state)
{
  mvr_db *w = open_db(MVR_OPEN_CREATE), *r;

  (void)state;
  import_mem(w, "SDO,Reference,Type,Title,Status,Category,Summary\n"
                "IEEE,P1,Standard,One,Published,General,x\n");
  r = open_db(MVR_OPEN_READONLY);
  assert_int_equal(mvr_db_read_begin(r), MVR_OK);
  assert_int_equal(mvr_db_read_begin(r), MVR_ERR_ARG);
  assert_int_equal(total(r), 1);
  import_mem(w, "SDO,Reference,Type,Title,Status,Category,Summary\n"
                "IEEE,P2,Standard,Two,Published,General,y\n");
  assert_int_equal(total(r), 1); /* the snapshot */
  mvr_db_read_end(r);
  assert_int_equal(total(r), 2);
  mvr_db_read_end(r); /* none open: nothing */
  mvr_db_read_end(NULL);
  /* and again */
  assert_int_equal(mvr_db_read_begin(r), MVR_OK);
  assert_int_equal(total(r), 2);
  mvr_db_read_end(r);
  mvr_db_close(r);
  mvr_db_close(w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_facets_match, setup, teardown),
      cmocka_unit_test_setup_teardown(test_new_category_counted, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_read_snapshot, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
