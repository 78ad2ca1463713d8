/* test_coord.c - coordination records (issue 6) through the public API:
 * kinds and fields, validation and normalisation, the seed file, the
 * reports on a fixed date, the word diff, import errors that store
 * nothing, and the hard delete of a representative. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mvroad.h"
#include "testdb.h"

typedef struct rows {
  size_t n;
  char text[16384];
} rows;

static mvr_status collect(void *ud, const char *const *v, size_t n)
{
  rows *r = ud;
  size_t i, len = strlen(r->text);

  for (i = 0; i < n; i++)
    len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%s%s",
                            i ? "|" : "", v[i]);
  if (len < sizeof r->text - 1)
    r->text[len++] = '\n', r->text[len] = '\0';
  r->n++;
  return MVR_OK;
}

static mvr_db *open_mem(void)
{
  mvr_db *db = NULL;
  char err[256];

  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  return db;
}

static void test_kinds(void **state)
{
  size_t n = 0;
  (void)state;
  assert_int_equal(mvr_coord_kind_find("ls"), MVR_COORD_LS);
  assert_int_equal(mvr_coord_kind_find("ls_attachments"), MVR_COORD_LS_ATTACH);
  assert_int_equal(mvr_coord_kind_find("Representatives"), MVR_COORD_REP);
  assert_int_equal(mvr_coord_kind_find("nope"), -1);
  assert_non_null(mvr_coord_fields(MVR_COORD_REP, &n));
  assert_int_equal(n, 7);
  assert_int_equal(mvr_coord_key_len(MVR_COORD_DOC), 2);
  assert_null(mvr_coord_fields(MVR_COORD_NKINDS, &n));
}

static void test_validate(void **state)
{
  mvr_db *db = open_mem();
  char err[512];
  size_t bad = 99;
  const char *doc[] = {"JCA-MV-Doc-016-R1", "", "Work of SG20", "SG 20",
                       "JCA-MV-1", "", "2025-10-09"};
  const char *ls[] = {"LS-1", "incoming", "t", "", "", "", "2025-13-01"};
  const char *rep[] = {"not an address", "N", "ETRI"};
  rows r;

  (void)state;
  assert_int_equal(mvr_coord_add(db, MVR_COORD_DOC, doc, 7, err, sizeof err,
                                 &bad),
                   MVR_OK);
  memset(&r, 0, sizeof r);
  assert_int_equal(mvr_coord_list(db, MVR_COORD_DOC, collect, &r), MVR_OK);
  /* the revision split off, the organisation made canonical, the type
   * defaulted, and no submission yet */
  assert_string_equal(r.text, "JCA-MV-Doc-016|R1|Work of SG20|ITU-T SG20|"
                              "JCA-MV-1|contribution|2025-10-09|\n");
  assert_int_equal(mvr_coord_add(db, MVR_COORD_LS, ls, 7, err, sizeof err,
                                 &bad),
                   MVR_ERR_DATA);
  assert_int_equal(bad, 6);
  assert_non_null(strstr(err, "2025-13-01"));
  assert_int_equal(mvr_coord_add(db, MVR_COORD_REP, rep, 3, err, sizeof err,
                                 &bad),
                   MVR_ERR_DATA);
  assert_int_equal(bad, 0);
  mvr_db_close(db);
}

static void test_seed_reports(void **state)
{
  mvr_db *db = open_mem();
  size_t n = 0;
  rows r;
  const char *const *cols = NULL;
  size_t ncols = 0;

  (void)state;
  assert_int_equal(mvr_coord_import(db, -1,
                                    MVR_SOURCE_DIR "/data/coord/jca-mv-seed.json",
                                    NULL, NULL, &n),
                   MVR_OK);
  assert_true(n > 40);
  memset(&r, 0, sizeof r);
  assert_int_equal(mvr_coord_report(db, "orgs-without-input", "2026-06-01", 0,
                                    &cols, &ncols, collect, &r),
                   MVR_OK);
  assert_int_equal(ncols, 6);
  assert_string_equal(cols[0], "organisation");
  assert_int_equal(r.n, 6);
  assert_non_null(strstr(r.text, "ISO/IEC JTC 1/SC 36|"));
  assert_null(strstr(r.text, "ITU-T SG20|"));
  memset(&r, 0, sizeof r);
  assert_int_equal(mvr_coord_report(db, "ls-awaiting-reply", "2026-06-01", 0,
                                    NULL, NULL, collect, &r),
                   MVR_OK);
  assert_int_equal(r.n, 1);
  assert_non_null(strstr(r.text, "JCA-MV-Doc-007|"));
  memset(&r, 0, sizeof r);
  assert_int_equal(mvr_coord_report(db, "ls-overdue", "2026-05-11", 0, NULL,
                                    NULL, collect, &r),
                   MVR_OK);
  assert_int_equal(r.n, 0); /* due today is not overdue */
  assert_int_equal(mvr_coord_report(db, "ls-overdue", "2026-05-12", 0, NULL,
                                    NULL, collect, &r),
                   MVR_OK);
  assert_int_equal(r.n, 1);
  assert_int_equal(mvr_coord_report(db, "nope", NULL, 0, NULL, NULL, collect,
                                    &r),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_coord_report(db, "ls-due", "2026-02-30", 0, NULL, NULL,
                                    collect, &r),
                   MVR_ERR_ARG);
  mvr_db_close(db);
}

typedef struct dbuf {
  char s[512];
} dbuf;

static mvr_status on_word(void *ud, int op, const char *w, size_t len)
{
  dbuf *d = ud;
  size_t l = strlen(d->s);
  snprintf(d->s + l, sizeof d->s - l, "%s%c%.*s", l ? " " : "", op, (int)len,
           w);
  return MVR_OK;
}

static void test_word_diff(void **state)
{
  dbuf d;
  (void)state;
  memset(&d, 0, sizeof d);
  assert_int_equal(mvr_coord_word_diff("a b c d", "a x c d e", on_word, &d),
                   MVR_OK);
  assert_string_equal(d.s, "=a +x -b =c =d +e");
  memset(&d, 0, sizeof d);
  assert_int_equal(mvr_coord_word_diff("", "  ", on_word, &d), MVR_OK);
  assert_string_equal(d.s, "");
  memset(&d, 0, sizeof d);
  assert_int_equal(mvr_coord_word_diff("same  words\n", "same words", on_word,
                                       &d),
                   MVR_OK);
  assert_string_equal(d.s, "=same =words");
}

static int nerr;
static void count_diag(const mvr_diag *d, void *ud)
{
  (void)d;
  (void)ud;
  nerr++;
}

static void test_import_atomic(void **state)
{
  mvr_db *db = open_mem();
  char path[64];
  FILE *f;
  size_t n = 7;
  rows r;

  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-coord-%ld.csv", (long)getpid());
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("email,name,org,bogus\nok@example.org,OK,ETRI,\n"
        "bad,Bad,ETRI,\n\"unterminated,x\n",
        f);
  fclose(f);
  nerr = 0;
  assert_int_equal(mvr_coord_import(db, MVR_COORD_REP, path, count_diag, NULL,
                                    &n),
                   MVR_ERR_DATA);
  assert_int_equal(n, 0);
  assert_true(nerr >= 2); /* the unknown column, the bad address */
  memset(&r, 0, sizeof r);
  assert_int_equal(mvr_coord_list(db, MVR_COORD_REP, collect, &r), MVR_OK);
  assert_int_equal(r.n, 0);
  unlink(path);
  mvr_db_close(db);
}

static void test_remove_rep(void **state)
{
  mvr_db *db = NULL;
  char path[64], err[256];
  const char *rep[] = {"Person@Example.org", "A Person", "ETRI"};
  const char *key[] = {"PERSON@example.org"};
  FILE *f;
  char buf[4096];
  size_t got;
  int found = 0;

  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-coord-%ld.db", (long)getpid());
  assert_int_equal(
      mvr_db_open(testdb_fresh(path), MVR_OPEN_CREATE, &db, err, sizeof err),
      MVR_OK);
  assert_int_equal(mvr_coord_add(db, MVR_COORD_REP, rep, 3, err, sizeof err,
                                 NULL),
                   MVR_OK);
  assert_int_equal(mvr_coord_remove(db, MVR_COORD_REP, key), MVR_OK);
  assert_int_equal(mvr_coord_remove(db, MVR_COORD_REP, key),
                   MVR_ERR_NOTFOUND);
  mvr_db_close(db);
  if (testdb_pg()) {
    /* PostgreSQL: the row is gone and VACUUM ran (store_pg_coord.c);
     * its bytes in the server's files are not checked here */
    char v[64];
    assert_int_equal(
        testdb_query(path, "SELECT count(*) FROM coord_reps", v, sizeof v), 0);
    assert_string_equal(v, "0");
    testdb_remove(path);
    return;
  }
  f = fopen(path, "rb");
  assert_non_null(f);
  while ((got = fread(buf, 1, sizeof buf, f)) > 0)
    if (memmem(buf, got, "person@example.org", 18) ||
        memmem(buf, got, "A Person", 8))
      found = 1;
  fclose(f);
  assert_false(found);
  unlink(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kinds),        cmocka_unit_test(test_validate),
      cmocka_unit_test(test_seed_reports), cmocka_unit_test(test_word_diff),
      cmocka_unit_test(test_import_atomic), cmocka_unit_test(test_remove_rep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
