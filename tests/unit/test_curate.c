/* test_curate.c - maintaining the roadmap: one document under several
 * names, provisional names and IEEE projects numbered, twin texts,
 * ownership and conflicts, merges and unmerges, proposals and review. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"
#include "testdb.h"

static const char HEAD[] = "SDO,Reference,Type,Title,Status,Category\n";

static mvr_db *open_db(void)
{
  mvr_db *db = NULL;
  char err[256];

  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  return db;
}

/* Import HEAD + rows, received on `date`, from `org` (may be NULL). */
static mvr_import_result imp(mvr_db *db, const char *date, const char *org,
                             unsigned flags, const char *rows)
{
  mvr_import_result res;
  mvr_import_opts o = {0};
  char buf[8192];

  snprintf(buf, sizeof buf, "%s%s", HEAD, rows);
  o.date = date;
  o.org = org;
  o.flags = flags;
  assert_int_equal(mvr_import_mem(db, NULL, "t.csv", buf, strlen(buf), &o,
                                  NULL, &res),
                   MVR_OK);
  return res;
}

static long count(mvr_db *db)
{
  long n = -1;
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  return n;
}

static mvr_entry_detail *show(mvr_db *db, const char *what)
{
  mvr_entry_detail *d = NULL;
  assert_int_equal(mvr_entry_lookup(db, what, &d), MVR_OK);
  return d;
}

static void test_three_sources_one_entry(void **state)
{
  mvr_db *db = open_db();
  mvr_entry_detail *d;

  (void)state;
  imp(db, "2025-10-01", NULL, 0,
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2:2023,Standard,OMAF,Published,"
      "Enabling Technology\n");
  imp(db, "2025-10-02", "ITU-T SG21", 0,
      "JTC 1/SC 29,ISO/IEC FDIS 23090-2,Standard,OMAF,Published,"
      "Enabling Technology\n");
  imp(db, "2025-10-03", "3GPP SA4", 0,
      "MPEG,ISO/IEC 23090-2:2019(E),Standard,OMAF,Published,"
      "Enabling Technology\n");
  assert_int_equal(count(db), 1);
  d = show(db, "ISO/IEC 23090-2");
  assert_int_equal(d->nsources, 3);
  mvr_entry_detail_free(d);
  mvr_db_close(db);
}

static void test_provisional_and_project_numbered(void **state)
{
  mvr_db *db = open_db();
  mvr_entry_detail *d;
  mvr_import_result r;

  (void)state;
  imp(db, "2025-09-01", NULL, 0,
      "ITU-T SG20,Y.dtmv-reqts,Draft Recommendation,Requirements of "
      "integrating digital twins,Under study,General\n"
      "IEEE,IEEE P2048.1,Draft Standard,Device taxonomy,Active PAR,"
      "General\n");
  r = imp(db, "2025-11-13", NULL, 0,
          "ITU-T SG20,ITU-T Y.4238 (ex Y.dtmv-reqts),Recommendation,"
          "Requirements for integrating digital twins,In force,General\n"
          "IEEE,IEEE Std 2048.1-2024,Standard,Device taxonomy,Active "
          "Standard,General\n");
  assert_int_equal(r.added, 0);
  assert_int_equal(r.updated, 2);
  assert_int_equal(count(db), 2);
  /* every name finds the entry, which carries its final designation */
  d = show(db, "Y.dtmv-reqts");
  assert_string_equal(d->entry.reference, "ITU-T Y.4238");
  assert_string_equal(d->entry.status, "Published");
  assert_int_equal(d->naliases, 1);
  assert_string_equal(d->aliases[0].kind, "provisional");
  mvr_entry_detail_free(d);
  d = show(db, "IEEE P2048.1");
  assert_string_equal(d->entry.reference, "IEEE 2048.1-2024");
  assert_int_equal(d->nsources, 2);
  mvr_entry_detail_free(d);
  /* a late row under the project name lands on the same entry */
  r = imp(db, "2025-11-20", NULL, 0,
          "IEEE,IEEE P2048.1,Standard,Device taxonomy,Published,General\n");
  assert_int_equal(r.added, 0);
  assert_int_equal(count(db), 2);
  d = show(db, "2048.1");
  assert_string_equal(d->entry.reference, "IEEE 2048.1-2024");
  mvr_entry_detail_free(d);
  mvr_db_close(db);
}

static void test_twin_texts(void **state)
{
  mvr_db *db = open_db();
  mvr_entry_detail *d;
  mvr_import_result r;

  (void)state;
  imp(db, "2025-10-01", NULL, 0,
      "ITU-T SG21,ITU-T H.266 | ISO/IEC 23090-3,Recommendation,Versatile "
      "video coding,In force,Enabling Technology\n");
  imp(db, "2025-10-02", NULL, 0,
      "ITU-T SG21,H.266,Recommendation,Versatile video coding,In force,"
      "Enabling Technology\n");
  assert_int_equal(count(db), 1);
  d = show(db, "ISO/IEC 23090-3");
  assert_string_equal(d->entry.reference, "ITU-T H.266");
  assert_int_equal(d->naliases, 1);
  assert_string_equal(d->aliases[0].kind, "twin");
  mvr_entry_detail_free(d);
  /* ISO/IEC publishes its twin as a Standard: a source, not a conflict;
   * the entry keeps its owner's type */
  r = imp(db, "2025-10-03", NULL, 0,
          "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video "
          "coding,In force,Enabling Technology\n");
  assert_int_equal(r.conflicts, 0);
  d = show(db, "H.266");
  assert_string_equal(d->entry.type, "Recommendation");
  assert_int_equal(d->nsources, 3);
  mvr_entry_detail_free(d);
  /* a third organisation's different type for it is a conflict as ever */
  r = imp(db, "2025-10-04", NULL, 0,
          "W3C,ISO/IEC 23090-3,Technical Report,Versatile video coding,"
          "In force,Enabling Technology\n");
  assert_int_equal(r.conflicts, 1);
  /* and so is the twin's publisher on another owner field */
  r = imp(db, "2025-10-05", NULL, 0,
          "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,VVC,In force,"
          "Enabling Technology\n");
  assert_int_equal(r.conflicts, 1);
  mvr_db_close(db);
}

static void test_conflict_and_resolution(void **state)
{
  mvr_db *db = open_db();
  mvr_conflict *cs = NULL;
  mvr_entry_detail *d;
  mvr_import_result r;
  size_t n = 0, i;
  int logged = 0;

  (void)state;
  imp(db, "2025-10-01", "IEEE", 0,
      "IEEE,IEEE P3079.1,Draft Standard,Motion sickness reduction,Active "
      "PAR,General\n");
  /* another organisation says it is published: a conflict, no change */
  r = imp(db, "2025-10-05", "ITU-T SG21", 0,
          "IEEE,IEEE P3079.1,Draft Standard,Motion sickness reduction,"
          "Published,General\n");
  assert_int_equal(r.conflicts, 1);
  d = show(db, "IEEE P3079.1");
  assert_string_equal(d->entry.status, "Under development");
  mvr_entry_detail_free(d);
  assert_int_equal(mvr_conflicts_list(db, 0, &cs, &n), MVR_OK);
  assert_int_equal(n, 1);
  assert_string_equal(cs[0].field, "status");
  assert_string_equal(cs[0].proposed_value, "Published");
  assert_string_equal(cs[0].org, "ITU-T SG21");
  /* the owner's own newer word is applied */
  r = imp(db, "2025-10-06", "IEEE", 0,
          "IEEE,IEEE P3079.1,Draft Standard,Motion sickness mitigation,"
          "Active PAR,General\n");
  assert_int_equal(r.updated, 1);
  assert_int_equal(r.conflicts, 0);
  /* the editor takes the proposed value: applied and logged */
  assert_int_equal(mvr_conflict_resolve(db, cs[0].id, "proposed", "checked"),
                   MVR_OK);
  assert_int_equal(mvr_conflict_resolve(db, cs[0].id, "current", NULL),
                   MVR_ERR_NOTFOUND);
  mvr_conflicts_free(cs, n);
  assert_int_equal(mvr_conflicts_list(db, 0, &cs, &n), MVR_OK);
  assert_int_equal(n, 0);
  mvr_conflicts_free(cs, n);
  d = show(db, "IEEE P3079.1");
  assert_string_equal(d->entry.status, "Published");
  for (i = 0; i < d->nchanges; i++)
    if (strcmp(d->changes[i].action, "resolve") == 0 &&
        strcmp(d->changes[i].new_value, "Published") == 0)
      logged = 1;
  assert_true(logged);
  mvr_entry_detail_free(d);
  mvr_db_close(db);
}

static void test_older_submission_does_not_win(void **state)
{
  mvr_db *db = open_db();
  mvr_entry_detail *d;
  mvr_import_result r;

  (void)state;
  imp(db, "2026-05-11", NULL, 0,
      "W3C,webxr,Recommendation,WebXR Device API,Published,Interoperability\n");
  r = imp(db, "2025-01-01", NULL, 0,
          "W3C,webxr,Draft Recommendation,WebXR Device API,CRD,"
          "Interoperability\n");
  assert_int_equal(r.unchanged, 1);
  d = show(db, "webxr");
  assert_string_equal(d->entry.status, "Published");
  assert_int_equal(d->nsources, 2);
  mvr_entry_detail_free(d);
  mvr_db_close(db);
}

/* Everything `export --format json` says, for exact comparisons. */
typedef struct sink {
  char *p;
  size_t n;
} sink;

static mvr_status to_sink(void *ud, const char *p, size_t n)
{
  sink *s = ud;
  char *q = realloc(s->p, s->n + n + 1);
  if (!q)
    return MVR_ERR_NOMEM;
  memcpy(q + s->n, p, n);
  s->p = q;
  s->n += n;
  s->p[s->n] = '\0';
  return MVR_OK;
}

static char *dump(mvr_db *db)
{
  sink s = {NULL, 0};
  assert_int_equal(mvr_export(db, NULL, "json", to_sink, &s), MVR_OK);
  return s.p;
}

static void test_merge_unmerge(void **state)
{
  mvr_db *db = open_db();
  mvr_entry_detail *d;
  mvr_import_result r;
  char *before, *after;

  (void)state;
  imp(db, "2025-10-01", NULL, 0,
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video coding,"
      "Published,Enabling Technology\n"
      "ITU-T SG21,ITU-T H.266,Recommendation,Versatile video coding,In "
      "force,Enabling Technology\n");
  before = dump(db);
  assert_int_equal(count(db), 2);
  assert_int_equal(mvr_merge(db, "ISO/IEC 23090-3", "H.266", "twin text"),
                   MVR_OK);
  assert_int_equal(count(db), 1);
  assert_int_equal(mvr_merge(db, "ISO/IEC 23090-3", "H.266", NULL),
                   MVR_ERR_CONFLICT);
  /* the hidden entry's key lands on the survivor, with both sources */
  r = imp(db, "2025-10-02", NULL, 0,
          "ISO/IEC JTC 1/SC 29,ITU-T H.266,Standard,Versatile video coding,"
          "Published,Enabling Technology\n");
  assert_int_equal(r.added, 0);
  d = show(db, "Rec. ITU-T H.266 (V3)");
  assert_string_equal(d->entry.reference, "ISO/IEC 23090-3");
  assert_int_equal(d->nsources, 3);
  assert_int_equal(d->nmerged, 1);
  mvr_entry_detail_free(d);
  assert_int_equal(mvr_unmerge(db, "ISO/IEC 23090-3", "H.266"), MVR_OK);
  assert_int_equal(mvr_unmerge(db, "ISO/IEC 23090-3", "H.266"),
                   MVR_ERR_NOTFOUND);
  assert_int_equal(count(db), 2);
  after = dump(db);
  /* the later import touched the survivor only as a source: both entries
   * are back exactly as they were */
  assert_string_equal(before, after);
  free(before);
  free(after);
  mvr_db_close(db);
}

static void test_proposals(void **state)
{
  mvr_db *db = open_db();
  mvr_proposal *ps = NULL;
  mvr_import_result r;
  unsigned long k = 0;
  size_t n = 0;

  (void)state;
  imp(db, "2025-10-01", NULL, 0,
      "OGC,OGC 22-025r4,Standard,3D Tiles,Published,Interoperability\n");
  r = imp(db, "2025-10-02", "OGC", MVR_IMPORT_PROPOSE,
          "OGC,OGC 22-025r5,Standard,3D Tiles 1.1,Published,"
          "Interoperability\n"
          "OGC,OGC 20-010,Standard,CityGML 3.0,Published,Interoperability\n");
  assert_int_equal(r.proposed, 2);
  assert_int_equal(count(db), 1); /* nothing published yet */
  assert_int_equal(mvr_proposals_list(db, "pending", 0, &ps, &n), MVR_OK);
  assert_int_equal(n, 2);
  assert_true(ps[0].entry_id > 0);
  assert_non_null(strstr(ps[0].changes, "title"));
  assert_int_equal(ps[1].entry_id, 0);
  assert_int_equal(mvr_proposal_decide(db, ps[1].id, 0, 0, "not metaverse",
                                       NULL, &k),
                   MVR_OK);
  assert_int_equal(k, 1);
  assert_int_equal(mvr_proposal_decide(db, 0, ps[0].submission_id, 1, NULL,
                                       NULL, &k),
                   MVR_OK);
  assert_int_equal(k, 1);
  mvr_proposals_free(ps, n);
  assert_int_equal(count(db), 1);
  {
    mvr_entry_detail *d = show(db, "OGC 22-025");
    assert_string_equal(d->entry.title, "3D Tiles 1.1");
    mvr_entry_detail_free(d);
  }
  assert_int_equal(mvr_proposals_list(db, "pending", 0, &ps, &n), MVR_OK);
  assert_int_equal(n, 0);
  mvr_proposals_free(ps, n);
  mvr_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_three_sources_one_entry),
      cmocka_unit_test(test_provisional_and_project_numbered),
      cmocka_unit_test(test_twin_texts),
      cmocka_unit_test(test_conflict_and_resolution),
      cmocka_unit_test(test_older_submission_does_not_win),
      cmocka_unit_test(test_merge_unmerge),
      cmocka_unit_test(test_proposals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
