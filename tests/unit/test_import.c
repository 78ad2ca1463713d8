/* test_import.c - the importer through the public API: CSV and JSON
 * readers, header detection, validation messages, one transaction per
 * file, updates with a change log, re-imports, and the store's queries. */
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

static const char HEADER[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n";

typedef struct fixture {
  mvr_db *db;
  mvr_report *rep;
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  char err[256];

  assert_non_null(f);
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE,
                               &f->db, err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_report_new(&f->rep), MVR_OK);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;

  mvr_report_free(f->rep);
  mvr_db_close(f->db);
  free(f);
  return 0;
}

static mvr_status import_text(fixture *f, const char *name, const char *text,
                              mvr_import_result *res)
{
  mvr_import_opts o = {0};

  o.date = "2025-10-09";
  mvr_report_clear(f->rep);
  return mvr_import_mem(f->db, NULL, name, text, strlen(text), &o, f->rep,
                       res);
}

static long count(fixture *f, const mvr_query *q)
{
  long n = -1;

  assert_int_equal(mvr_query_count(f->db, q, &n), MVR_OK);
  return n;
}

/* The first diagnostic with severity `sev`, or NULL. */
static const mvr_diag *first(fixture *f, mvr_severity sev)
{
  size_t i;

  for (i = 0; i < mvr_report_count(f->rep); i++)
    if (mvr_report_get(f->rep, i)->severity == sev)
      return mvr_report_get(f->rep, i);
  return NULL;
}

static void test_annex1_rows(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_entry_detail *d = NULL;
  const char *csv =
      "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
      "W3C,WebXR API,Standard,WebXR Device API,Published,"
      "\"Enabling technology, Interoperability\",API for web-based "
      "immersive technologies.\n"
      "ISO/IEC JTC 1,ISO/IEC 18026,Standard,Spatial Reference Model,"
      "Published,Enabling technology,Provides a geospatial reference "
      "framework.\n";

  assert_int_equal(import_text(f, "a.csv", csv, &res), MVR_OK);
  assert_int_equal(res.rows, 2);
  assert_int_equal(res.added, 2);
  assert_true(res.submission_id > 0);
  assert_int_equal(mvr_entry_lookup(f->db, "WebXR API", &d), MVR_OK);
  assert_string_equal(d->entry.sdo, "W3C");
  assert_int_equal(d->entry.ncategories, 2);
  assert_string_equal(d->entry.categories[0], "Enabling Technology");
  assert_string_equal(d->entry.categories[1], "Interoperability");
  assert_int_equal(d->nsources, 1);
  assert_int_equal(d->sources[0].row, 2);
  assert_string_equal(d->sources[0].file, "a.csv");
  assert_int_equal(d->nchanges, 1);
  assert_string_equal(d->changes[0].action, "create");
  mvr_entry_detail_free(d);
}

static void test_variants_are_one_entry(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_entry_detail *d = NULL;
  char csv[4096];
  static const char *const refs[] = {
      "ISO/IEC 23090-2", "ISO/IEC 23090-2:2023", "ISO/IEC 23090-2:2019(E)",
      "ISO/IEC FDIS 23090-2"};
  static const char *const orgs[] = {"ISO/IEC JTC 1/SC 29", "JTC 1/SC 29",
                                     "ISO/IEC JTC1 SC29",
                                     "ISO/IEC JTC 1/SC 29/WG 7"};
  size_t i;

  for (i = 0; i < 4; i++) {
    snprintf(csv, sizeof csv,
             "%s%s,%s,Standard,Omnidirectional media format,Published,"
             "Enabling Technology,Summary %zu\n",
             HEADER, orgs[i], refs[i], i);
    assert_int_equal(import_text(f, "v.csv", csv, &res), MVR_OK);
    assert_int_equal(res.added, i == 0 ? 1 : 0);
  }
  assert_int_equal(count(f, NULL), 1);
  assert_int_equal(mvr_entry_lookup(f->db, "ISO/IEC 23090-2:2019", &d),
                   MVR_OK);
  assert_string_equal(d->entry.sdo, "ISO/IEC JTC 1/SC 29");
  assert_int_equal(d->nsources, 4);
  /* every summary change is logged with its submission */
  assert_true(d->nchanges >= 4);
  assert_string_equal(d->changes[1].field, "summary");
  assert_int_equal(d->changes[1].submission_id, d->sources[1].submission_id);
  mvr_entry_detail_free(d);
}

static void test_identical_file_is_noop(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  const char *csv = "SDO,Reference,Type,Title,Status,Category\n"
                    "IEEE,IEEE 2888.1-2023,Standard,Sensor interface,"
                    "Published,Interoperability\n";

  assert_int_equal(import_text(f, "x.csv", csv, &res), MVR_OK);
  assert_int_equal(res.added, 1);
  assert_int_equal(import_text(f, "x-again.csv", csv, &res), MVR_OK);
  assert_int_equal(res.already_imported, 1);
  assert_int_equal(res.added + res.updated + res.unchanged, 0);
}

static void test_error_imports_nothing(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  const mvr_diag *d;
  char *line = NULL;
  const char *csv =
      "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
      "IEEE,IEEE P3079.1,Draft Standard,Motion sickness,Active PAR,General,x\n"
      "IEEE,IEEE P3079.2,Draft Standard,Haptics,Active PAR,Enabling tech,x\n"
      "IEEE,IEEE P3079.3,Draft Standard,Avatars,Active PAR,Enabeling "
      "Technology,x\n";

  assert_int_equal(import_text(f, "bad.csv", csv, &res), MVR_ERR_DATA);
  assert_int_equal(count(f, NULL), 0);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_int_equal(d->row, 4);
  assert_int_equal(d->col, 6);
  assert_string_equal(d->column, "Category");
  assert_non_null(strstr(d->message, "did you mean \"Enabling Technology\""));
  assert_int_equal(mvr_diag_format(d, &line), MVR_OK);
  assert_string_equal(line, "bad.csv:4:6: error: Category: unknown category "
                            "\"Enabeling Technology\"; did you mean "
                            "\"Enabling Technology\"? (categories: General, "
                            "Application/Service, Enabling Technology, "
                            "Interoperability or Infrastructure)");
  mvr_free(line);
}

static void test_header_search_and_columns(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  /* a title line before the header, columns in another order, CRLF, BOM,
   * semicolons, an extra column */
  const char *csv = "\xEF\xBB\xBFRoadmap input from SG21;;;\r\n"
                    "Title;Categories;Ref.;SDO/Org;Status;Type;Notes\r\n"
                    "Framework for identity;General;Y.metaID;SG 21;Under "
                    "study;Draft Rec.;internal\r\n";

  assert_int_equal(import_text(f, "sc.csv", csv, &res), MVR_OK);
  assert_int_equal(res.added, 1);
  {
    mvr_query q = {0};
    q.sdo = "ITU-T Study Group 21";
    q.status = "Under development";
    q.type = "Draft Recommendation";
    assert_int_equal(count(f, &q), 1);
  }
}

static void test_missing_header_column(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  const mvr_diag *d;
  const char *csv = "SDO,Reference,Title,Status,Category\n"
                    "W3C,webxr,WebXR,Published,General\n";

  assert_int_equal(import_text(f, "h.csv", csv, &res), MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_int_equal(d->row, 1);
  assert_non_null(strstr(d->message, "\"Type\""));
}

static void test_invalid_utf8_offset(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  const mvr_diag *d;
  char csv[512];

  snprintf(csv, sizeof csv, "%sW3C,webxr,Standard,Web\xC3(XR,Published,"
                            "General,x\n", HEADER);
  assert_int_equal(import_text(f, "u.csv", csv, &res), MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_int_equal(d->row, 2);
  assert_non_null(strstr(d->message, "byte offset 78"));
  assert_int_equal(count(f, NULL), 0);
}

static void test_json_forms(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_entry_detail *d = NULL;
  const char *json =
      "{\"entries\": [{\"sdo\": \"3GPP SA4\", \"reference\": \"TR 26.998\","
      " \"type\": \"TR\", \"title\": \"Support of glass-type AR/MR devices\","
      " \"status\": \"Under change control\", \"categories\": [\"Enabling "
      "Technology\", \"Infrastructure\"], \"summary\": \"s\", \"id\": 7}]}";

  assert_int_equal(import_text(f, "j.json", json, &res), MVR_OK);
  assert_int_equal(res.added, 1);
  assert_int_equal(
      mvr_entry_lookup(f->db, "3GPP TR 26.998 version 17.1.0 Release 17", &d),
      MVR_OK);
  assert_string_equal(d->entry.type, "Technical Report");
  assert_string_equal(d->entry.status, "Published");
  assert_string_equal(d->entry.status_detail, "Under change control");
  assert_int_equal(d->entry.ncategories, 2);
  mvr_entry_detail_free(d);

  assert_int_equal(import_text(f, "dup.json",
                               "[{\"title\": \"a\", \"title\": \"b\"}]", &res),
                   MVR_ERR_DATA);
  assert_int_equal(import_text(f, "obj.json", "{\"x\": 1}", &res),
                   MVR_ERR_DATA);
  assert_int_equal(
      import_text(f, "type.json",
                  "[{\"sdo\": \"W3C\", \"reference\": \"webgpu\", \"type\": "
                  "\"Standard\", \"title\": {\"a\": 1}, \"status\": \"REC\","
                  " \"categories\": \"General\"}]",
                  &res),
      MVR_ERR_DATA);
  assert_int_equal(count(f, NULL), 1);
}

/* A UTF-8 byte order mark before the JSON is skipped (Windows Notepad
 * writes one); an error on line 1 is still at the column a reader sees,
 * the mark counting as one character. */
static void test_json_bom(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  const mvr_diag *d;

  assert_int_equal(
      import_text(f, "bom.json",
                  "\xEF\xBB\xBF[{\"sdo\": \"W3C\", \"reference\": \"webgpu\","
                  " \"type\": \"Standard\", \"title\": \"WebGPU\", \"status\":"
                  " \"REC\", \"categories\": \"General\"}]",
                  &res),
      MVR_OK);
  assert_int_equal(res.added, 1);
  assert_int_equal(import_text(f, "bad.json", "\xEF\xBB\xBF[x]", &res),
                   MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_int_equal(d->row, 1);
  assert_int_equal(d->col, 3); /* the x, after the mark and the [ */
  assert_int_equal(import_text(f, "bad.json", "[x]", &res), MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_int_equal(d->col, 2);
  /* a mark alone, or a mark in the middle, is not JSON */
  assert_int_equal(import_text(f, "mark.json", "\xEF\xBB\xBF", &res),
                   MVR_ERR_DATA);
  assert_int_equal(import_text(f, "mid.json", "[\xEF\xBB\xBF]", &res),
                   MVR_ERR_DATA);
  assert_int_equal(count(f, NULL), 1);
}

static void test_unclosed_quote_and_big_cell(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  size_t n = 3u << 20, hl = strlen(HEADER);
  char *big = malloc(n + 256);
  const mvr_diag *d;

  assert_int_equal(import_text(f, "q.csv",
                               "SDO,Reference,Type,Title,Status,Category\n"
                               "W3C,\"webxr,Standard,x,Published,General\n",
                               &res),
                   MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_non_null(strstr(d->message, "never closed"));

  assert_non_null(big);
  memcpy(big, HEADER, hl);
  memcpy(big + hl, "W3C,webxr,Standard,\"", 20);
  memset(big + hl + 20, 'a', n);
  memcpy(big + hl + 20 + n, "\",Published,General,x\n", 23);
  assert_int_equal(import_text(f, "big.csv", big, &res), MVR_ERR_DATA);
  d = first(f, MVR_ERROR);
  assert_non_null(d);
  assert_non_null(strstr(d->message, "larger than"));
  free(big);
  assert_int_equal(count(f, NULL), 0);
}

static void test_ragged_and_empty(void **state)
{
  fixture *f = *state;
  mvr_import_result res;

  assert_int_equal(import_text(f, "r.csv",
                               "SDO,Reference,Type,Title,Status,Category\n"
                               "W3C,webxr,Standard,x,Published,General,extra\n",
                               &res),
                   MVR_ERR_DATA);
  assert_int_equal(import_text(f, "e.csv", "", &res), MVR_ERR_DATA);
  assert_non_null(first(f, MVR_ERROR));
  assert_non_null(strstr(first(f, MVR_ERROR)->message, "no table"));
  assert_int_equal(count(f, NULL), 0);
}

static void test_dry_run_and_check(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_import_opts o = {0};
  const char *csv = "SDO,Reference,Type,Title,Status,Category\n"
                    "OGC,OGC 22-025r4,Standard,3D Tiles,Published,General\n";

  o.flags = MVR_IMPORT_DRY_RUN;
  assert_int_equal(mvr_import_mem(f->db, NULL, "d.csv", csv, strlen(csv), &o,
                                  f->rep, &res),
                   MVR_OK);
  assert_int_equal(res.added, 1);
  assert_int_equal(count(f, NULL), 0);
  /* no database at all: a scratch register */
  assert_int_equal(mvr_import_mem(NULL, NULL, "d.csv", csv, strlen(csv), NULL,
                                  f->rep, &res),
                   MVR_OK);
  assert_int_equal(res.added, 1);
}

static void test_queries(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_query q = {0};
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  mvr_stats *st = NULL;
  const char *csv =
      "SDO,Reference,Type,Title,Status,Category,Summary\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-10,Standard,Carriage of visual "
      "volumetric video,Published,Enabling Technology,x\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media,"
      "Published,\"Enabling Technology; Interoperability\",x\n"
      "ISO/IEC JTC 1/SC 24,ISO/IEC 18039,Standard,Mixed and augmented "
      "reality reference model,Published,General,x\n"
      "ITU-T SG20,ITU-T Y.4238,Recommendation,Requirements for digital "
      "twins in the metaverse,In force,General,x\n";

  assert_int_equal(import_text(f, "q.csv", csv, &res), MVR_OK);
  /* sub-bodies are included */
  q.sdo = "JTC 1";
  assert_int_equal(count(f, &q), 3);
  q.sdo = NULL;
  q.category = "interoperability";
  assert_int_equal(count(f, &q), 1);
  q.category = "Nonsense";
  assert_int_equal(mvr_query_count(f->db, &q, &(long){0}), MVR_ERR_NOTFOUND);
  q.category = NULL;
  /* natural order of references: 23090-2 before 23090-10 */
  q.sdo = "ISO/IEC JTC 1/SC 29";
  assert_int_equal(mvr_query_run(f->db, &q, &c), MVR_OK);
  assert_int_equal(mvr_cursor_next(c, &e), MVR_OK);
  assert_string_equal(e->reference, "ISO/IEC 23090-2");
  mvr_cursor_free(c);
  /* search: every word, prefix on the last, hostile syntax is literal */
  memset(&q, 0, sizeof q);
  q.text = "digital tw";
  assert_int_equal(count(f, &q), 1);
  q.text = "\"unbalanced OR NEAR( *";
  assert_int_equal(mvr_query_count(f->db, &q, &(long){0}), MVR_OK);
  q.text = "H.266";
  assert_int_equal(count(f, &q), 0);
  /* facets count an entry once per category */
  assert_int_equal(mvr_stats_get(f->db, NULL, &st), MVR_OK);
  assert_int_equal(st->entries, 4);
  assert_string_equal(st->by_category[2].label, "Enabling Technology");
  assert_int_equal(st->by_category[2].count, 2);
  assert_int_equal(st->by_category[0].count, 2);
  assert_int_equal(st->by_category[3].count, 1);
  mvr_stats_free(st);
}

typedef struct sink {
  char buf[1 << 16];
  size_t len;
} sink;

static mvr_status to_sink(void *ud, const char *p, size_t n)
{
  sink *s = ud;
  if (s->len + n >= sizeof s->buf)
    return MVR_ERR_TOOBIG;
  memcpy(s->buf + s->len, p, n);
  s->len += n;
  s->buf[s->len] = '\0';
  return MVR_OK;
}

static void test_export_round_trip(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  sink *s = calloc(1, sizeof *s);
  mvr_db *db2 = NULL;
  char err[256];
  const char *csv =
      "SDO,Reference,Type,Title,Status,Category,Summary\n"
      "W3C,webxr,Standard,\"=HYPERLINK(\"\"http://x\"\")\",Published,"
      "General,"
      "\"-1, +2 and @3\nsecond line\"\n";

  assert_non_null(s);
  assert_int_equal(import_text(f, "f.csv", csv, &res), MVR_OK);
  assert_int_equal(mvr_export(f->db, NULL, "csv", to_sink, s), MVR_OK);
  assert_non_null(strstr(s->buf, "\"'=HYPERLINK(\"\"http://x\"\")\""));
  assert_non_null(strstr(s->buf, "\"'-1, +2"));
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db2,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_import_mem(db2, NULL, "back.csv", s->buf, s->len, NULL,
                                  f->rep, &res),
                   MVR_OK);
  {
    mvr_entry_detail *d = NULL;
    assert_int_equal(mvr_entry_lookup(db2, "webxr", &d), MVR_OK);
    assert_string_equal(d->entry.title, "=HYPERLINK(\"http://x\")");
    assert_string_equal(d->entry.summary, "-1, +2 and @3\nsecond line");
    mvr_entry_detail_free(d);
  }
  s->len = 0;
  assert_int_equal(mvr_export(f->db, NULL, "json", to_sink, s), MVR_OK);
  assert_non_null(strstr(s->buf, "\"title\": \"=HYPERLINK(\\\"http://x\\\")\""));
  mvr_db_close(db2);
  free(s);
}

static void test_withdrawn_edition(void **state)
{
  fixture *f = *state;
  mvr_import_result res;
  mvr_entry_detail *d = NULL;
  const char *csv =
      "SDO,Reference,Type,Title,Status,Category\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-5,Standard,V3C,Published,General\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-5:2023,Standard,V3C,Withdrawn,"
      "General\n";

  assert_int_equal(import_text(f, "w.csv", csv, &res), MVR_OK);
  assert_int_equal(mvr_entry_lookup(f->db, "ISO/IEC 23090-5", &d), MVR_OK);
  assert_string_equal(d->entry.status, "Published");
  assert_int_equal(d->nsources, 2);
  mvr_entry_detail_free(d);
  assert_non_null(first(f, MVR_NOTE));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_annex1_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_variants_are_one_entry, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_identical_file_is_noop, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_error_imports_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_header_search_and_columns, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_missing_header_column, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_invalid_utf8_offset, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_json_forms, setup, teardown),
      cmocka_unit_test_setup_teardown(test_json_bom, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unclosed_quote_and_big_cell, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_ragged_and_empty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dry_run_and_check, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_queries, setup, teardown),
      cmocka_unit_test_setup_teardown(test_export_round_trip, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_withdrawn_edition, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
