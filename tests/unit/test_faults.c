/* test_faults.c - allocation failure injection (SQLite's OOM loop): a
 * whole use case (open a register, import a CSV and a JSON file, query,
 * export) is run with allocation N failing, for N = 1, 2, ... until it
 * completes, once with a single failure and once with every allocation
 * failing from N on. Every run must end with a clean status (no crash;
 * LeakSanitizer checks leaks under `make asan`), and the register must be
 * all-or-nothing: either the whole file is in it or none of it. */
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
#include "testdb.h"

static const char CSV[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
    "ITU-T SG21,H.MV-FRADAI,Draft Recommendation,Functional requirements "
    "and architecture for digital asset interoperability,Under "
    "development,Interoperability,Defines functions.\n"
    "ISO/IEC JTC 1,ISO/IEC 18026:2009,Standard,Spatial Reference Model,"
    "Published,Enabling technology,Provides a geospatial reference.\n"
    "IEEE,IEEE Std 2888.1-2023,Standard,Sensor interface,Active Standard,"
    "\"Enabling technology, Interoperability\",Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D.\n"
    "Unknown Forum,UF-1,Specification,Something,Draft,General,x\n";

static const char JSON[] =
    "{\"entries\": [{\"sdo\": \"3GPP SA4\", \"reference\": \"TR 26.998\","
    " \"type\": \"TR\", \"title\": \"Glass-type AR/MR devices\", \"status\":"
    " \"Under change control\", \"categories\": [\"Infrastructure\"]},"
    " {\"sdo\": \"ISO/IEC JTC 1\", \"reference\": \"ISO/IEC 18026\","
    " \"type\": \"IS\", \"title\": \"Spatial Reference Model (SRM)\","
    " \"status\": \"60.60\", \"categories\": \"General\"}]}";

static mvr_status drop(void *ud, const char *p, size_t n)
{
  (void)ud;
  (void)p;
  (void)n;
  return MVR_OK;
}

/* One run of the use case. Returns 1 if everything succeeded. */
static int use_case(void)
{
  mvr_db *db = NULL;
  mvr_report *rep = NULL;
  mvr_import_result res;
  mvr_entry_detail *d = NULL;
  mvr_stats *st = NULL;
  char err[256];
  long n = -1;
  int ok = 0;
  mvr_status rc;

  rc = mvr_db_open(testdb_fresh(testdb_pg() ? "faults" : ":memory:"),
                   MVR_OPEN_CREATE, &db, err, sizeof err);
  if (rc)
    goto out;
  rc = mvr_report_new(&rep);
  if (rc)
    goto out;
  rc = mvr_import_mem(db, NULL, "a.csv", CSV, sizeof CSV - 1, NULL, rep,
                      &res);
  /* all or nothing */
  FAULT_PAUSED(assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK));
  if (rc) {
    assert_true(rc == MVR_ERR_NOMEM || rc == MVR_ERR_STORE ||
                rc == MVR_ERR_DATA);
    assert_int_equal(n, 0);
    goto out;
  }
  assert_int_equal(n, 4);
  rc = mvr_import_mem(db, NULL, "b.json", JSON, sizeof JSON - 1, NULL, rep,
                      &res);
  if (rc)
    goto out;
  rc = mvr_entry_lookup(db, "ISO/IEC 18026", &d);
  if (rc)
    goto out;
  rc = mvr_stats_get(db, NULL, &st);
  if (rc)
    goto out;
  rc = mvr_export(db, NULL, "json", drop, NULL);
  if (rc)
    goto out;
  rc = mvr_export(db, NULL, "md", drop, NULL);
  if (rc)
    goto out;
  ok = 1;
out:
  mvr_stats_free(st);
  mvr_entry_detail_free(d);
  mvr_report_free(rep);
  mvr_db_close(db);
  return ok;
}

/* `make test` tries every 11th failure point (MVR_FAULT_STRIDE=1 tries
 * them all, as `make torture` does); on PostgreSQL every 101st, as each
 * run makes a register on the server (about 0.13 s). */
static void loop(int persist)
{
  long dflt = testdb_pg() ? 101 : 11;
  long runs, i = fault_loop(persist, use_case, dflt, &runs);

  print_message("%s: completed after %ld allocations; %ld runs with a "
                "failure injected (every %ld)\n",
                persist ? "persistent" : "transient", i, runs,
                fault_stride(dflt));
  assert_true(i > 100); /* the loop really injected failures */
  assert_true(i < 2000000);
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
      cmocka_unit_test(test_transient),
      cmocka_unit_test(test_persistent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
