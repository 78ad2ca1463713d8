/* test_ooxml_faults.c - allocation failures inside the DOCX and XLSX
 * readers (the loop of test_faults.c): importing and inspecting a Word
 * file (nested tables, merged cells, an example row) and a workbook
 * (shared strings, styles, merged ranges) is run with allocation N
 * failing, for N = 1, 2, ... until it completes, once with a single
 * failure and once with every allocation failing from N on. Every run
 * must end with a clean status, no leak (LeakSanitizer) and an
 * all-or-nothing register. libxml2 and libzip allocate on their own and
 * are not failed here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "faults.h"
#include "mvroad.h"
#include "ooxml_build.h"
#include "testdb.h"

#define TC(s) "<w:tc><w:p><w:r><w:t>" s "</w:t></w:r></w:p></w:tc>"
#define HEAD                                                                   \
  "<w:tr>" TC("SDO / Org.") TC("Reference") TC("Type") TC("Title")             \
      TC("Status") TC("Category") TC("Summary") "</w:tr>"

static const char BODY[] =
    "<w:tbl><w:tr><w:tc><w:p/><w:tbl>" HEAD
    "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r>"
    "<w:t>W3C</w:t></w:r></w:p></w:tc>" TC("WebGPU") TC("Standard") TC(
        "WebGPU") TC("Under development") TC("Enabling Technology")
        TC("GPU.") "</w:tr>"
                   "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" TC(
                       "WebNN") TC("Standard") TC("WebNN")
                       TC("Under development") TC("Interoperability") TC(
                           "Neural networks.") "</w:tr>"
                                               "<w:tr>" TC("IEEE") TC(
                                                   "IEEE P7016")
                                                   TC("Draft Standard") TC(
                                                       "Ethically aligned "
                                                       "design for "
                                                       "XR/Metaverse") TC("Unde"
                                                                          "r "
                                                                          "deve"
                                                                          "lopm"
                                                                          "ent")
                                                       TC("General") TC(
                                                           "Provides ethical "
                                                           "guidance for "
                                                           "metaverse-based "
                                                           "systems.") "</"
                                                                       "w:tr></"
                                                                       "w:tbl><"
                                                                       "w:p/></"
                                                                       "w:tc></"
                                                                       "w:tr></"
                                                                       "w:tbl><"
                                                                       "w:p/>";

#define SST                                                                    \
  "<si><t>SDO / Org.</t></si><si><r><t>Refer</t></r><r><t>ence</t></r></si>"   \
  "<si><t>Type</t></si><si><t>Title</t></si><si><t>Status</t></si>"            \
  "<si><t>Category</t></si><si><t>Summary</t></si><si><t>ETSI</t></si>"

static const char SHEET[] =
    "<sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
    "<c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c>"
    "<c t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c><c r=\"B2\" t=\"inlineStr\">"
    "<is><t>GS MEC 003</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>"
    "Specification</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>MEC "
    "framework</t></is></c><c r=\"E2\" t=\"inlineStr\"><is><t>Published</t>"
    "</is></c><c r=\"F2\" t=\"inlineStr\"><is><t>Infrastructure</t></is></c>"
    "<c r=\"G2\" s=\"1\"><v>45000</v></c></row>"
    "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>GS MEC 011</t></is></c>"
    "<c r=\"C3\" t=\"inlineStr\"><is><t>Specification</t></is></c>"
    "<c r=\"D3\" t=\"inlineStr\"><is><t>MEC APIs</t></is></c><c r=\"E3\" "
    "t=\"inlineStr\"><is><t>Published</t></is></c><c r=\"F3\" "
    "t=\"inlineStr\"><is><t>Infrastructure</t></is></c></row></sheetData>"
    "<mergeCells><mergeCell ref=\"A2:A3\"/></mergeCells>";

static unsigned char *docx, *xlsx_file;
static size_t docx_len, xlsx_len;

static mvr_status drop(void *ud, const char *p, size_t n)
{
  (void)ud;
  (void)p;
  (void)n;
  return MVR_OK;
}

/* Import `data` into `db`; the register holds all of it or none. */
static int import_one(mvr_db *db, mvr_report *rep, const char *name,
                      const unsigned char *data, size_t len, long want)
{
  mvr_import_result res;
  mvr_status rc;
  long n = -1;

  rc = mvr_import_mem(db, NULL, name, data, len, NULL, rep, &res);
  FAULT_PAUSED(assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK));
  if (rc) {
    assert_true(rc == MVR_ERR_NOMEM || rc == MVR_ERR_STORE ||
                rc == MVR_ERR_DATA);
    return 0;
  }
  assert_int_equal(n, want);
  return 1;
}

/* One run. Returns 1 if everything succeeded. */
static int use_case(void)
{
  mvr_db *db = NULL;
  mvr_report *rep = NULL;
  char err[256];
  int ok = 0;
  mvr_status rc;

  rc = mvr_db_open(testdb_fresh(testdb_pg() ? "faults" : ":memory:"),
                   MVR_OPEN_CREATE, &db, err, sizeof err);
  if (!rc)
    rc = mvr_report_new(&rep);
  if (rc)
    goto out;
  if (!import_one(db, rep, "a.docx", docx, docx_len, 2) ||
      !import_one(db, rep, "b.xlsx", xlsx_file, xlsx_len, 4))
    goto out;
  rc = mvr_inspect_mem("a.docx", docx, docx_len, NULL, NULL, MVR_INSPECT_TEXT,
                       drop, NULL, rep);
  if (!rc)
    rc = mvr_inspect_mem("b.xlsx", xlsx_file, xlsx_len, NULL, NULL, 0, drop,
                         NULL, rep);
  if (rc) {
    /* MVR_ERR_PROFILE: loading the built-in profile for the scratch
     * register reports jansson's out-of-memory as an invalid profile */
    if (rc != MVR_ERR_NOMEM && rc != MVR_ERR_STORE && rc != MVR_ERR_DATA &&
        rc != MVR_ERR_PROFILE)
      fail_msg("inspect: %s", mvr_status_str(rc));
    goto out;
  }
  ok = 1;
out:
  mvr_report_free(rep);
  mvr_db_close(db);
  return ok;
}

/* `make test` tries every 101th failure point (MVR_FAULT_STRIDE=1 tries
 * them all, as `make torture` does); on PostgreSQL every 1009th, as each
 * run makes a register on the server (about 0.13 s). */
static void loop(int persist)
{
  long dflt = testdb_pg() ? 1009 : 101;
  long runs, i = fault_loop(persist, use_case, dflt, &runs);

  print_message("%s: completed after %ld allocations; %ld runs with a "
                "failure injected (every %ld)\n",
                persist ? "persistent" : "transient", i, runs,
                fault_stride(dflt));
  assert_true(i > 100); /* the loop really injected failures */
  assert_true(i < 2000000);
}

/* Without failures the use case succeeds (else the loops never end). */
static void test_sanity(void **state)
{
  mvr_db *db = NULL;
  mvr_report *rep = NULL;
  char err[256];
  size_t i;
  int ok;

  (void)state;
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_report_new(&rep), MVR_OK);
  ok = import_one(db, rep, "a.docx", docx, docx_len, 2) &&
       import_one(db, rep, "b.xlsx", xlsx_file, xlsx_len, 4);
  for (i = 0; !ok && i < mvr_report_count(rep); i++)
    print_message("%s\n", mvr_report_get(rep, i)->message);
  mvr_report_free(rep);
  mvr_db_close(db);
  assert_true(ok);
  assert_true(use_case());
}

static void test_transient(void **state)
{
  (void)state;
  loop(0);
}

static void test_persistent(void **state)
{
  (void)state;
  loop(1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sanity),
      cmocka_unit_test(test_transient),
      cmocka_unit_test(test_persistent),
  };
  const char *names[] = {"Input"};
  const char *sheets[] = {SHEET};
  int rc;

  docx = docx_body(BODY, &docx_len);
  xlsx_file = xlsx(names, sheets, 1, SST, NULL,
                   "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>", &xlsx_len);
  if (!docx || !xlsx_file)
    return 1;
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  free(docx);
  free(xlsx_file);
  return rc;
}
