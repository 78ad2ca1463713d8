/* test_export_office.c - the Word and Excel writers under allocation
 * failure (SQLite's OOM loop): the roadmap as docx and xlsx and the three
 * templates pre-filled for an organisation are written with allocation N
 * failing, for N = 0, 1, 2, ... until the call succeeds, once with a
 * single failure and once with every allocation failing from N on. Each
 * failed run must return a clean status and leave no file behind (a file
 * is replaced only once complete); LeakSanitizer checks the error paths
 * for leaks under `make asan`. Also: unknown formats and bad arguments. */
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

static long countdown = -1; /* fail when it reaches 0 */
static int persistent;

static int should_fail(void)
{
  if (countdown < 0)
    return 0;
  if (countdown == 0) {
    if (!persistent)
      countdown = -1;
    return 1;
  }
  countdown--;
  return 0;
}

static void *f_malloc(size_t n, void *ud)
{
  (void)ud;
  return should_fail() ? NULL : malloc(n ? n : 1);
}

static void *f_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  return should_fail() ? NULL : realloc(p, n ? n : 1);
}

static void f_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

static const char CSV[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
    "ITU-T SG21,H.MV-FRADAI,Draft Recommendation,Functional requirements "
    "and architecture for digital asset interoperability,Under "
    "development,Interoperability,Defines functions.\n"
    "ITU-T SG21,H.266,Recommendation,=1+1,In force,"
    "\"Enabling technology, Infrastructure\",\"Two\nlines & <b>\"\n"
    "W3C,WebXR API,Standard,WebXR Device API,Published,"
    "\"Enabling technology, Interoperability\",API for the web.\n";

typedef struct job {
  const char *name;
  const char *format;
  int template; /* mvr_template_file, pre-filled for ITU-T SG21 */
} job;

static const job jobs[] = {
    {"export docx", "docx", 0},   {"export xlsx", "xlsx", 0},
    {"export csv", "csv", 0},     {"template docx", "docx", 1},
    {"template xlsx", "xlsx", 1}, {"template csv", "csv", 1},
};

static char dir[] = "/tmp/mvr-office-XXXXXX";

static mvr_db *open_register(void)
{
  mvr_db *db = NULL;
  mvr_import_result res;
  char err[256];

  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(
      mvr_import_mem(db, NULL, "in.csv", CSV, sizeof CSV - 1, NULL, NULL, &res),
      MVR_OK);
  return db;
}

static mvr_status run(mvr_db *db, const job *j, const char *path)
{
  long n = 0;

  if (j->template)
    return mvr_template_file(db, NULL, j->format, "SG21", path, &n);
  return mvr_export_file(db, NULL, j->format, path);
}

static void oom_loop(int persist)
{
  static const mvr_allocator failing = {f_malloc, f_realloc, f_free, NULL};
  mvr_db *db = open_register();
  char path[128];
  size_t k;

  for (k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
    const job *j = &jobs[k];
    long n;
    snprintf(path, sizeof path, "%s/out.%s", dir, j->format);
    for (n = 0;; n++) {
      mvr_status rc;
      persistent = persist;
      countdown = n;
      assert_int_equal(mvr_set_allocator(&failing), MVR_OK);
      rc = run(db, j, path);
      countdown = -1;
      assert_int_equal(mvr_set_allocator(NULL), MVR_OK);
      if (rc == MVR_OK)
        break;
      if (rc != MVR_ERR_NOMEM && rc != MVR_ERR_STORE)
        fail_msg("%s, allocation %ld failing: %s (%s)", j->name, n,
                 mvr_status_str(rc), mvr_db_errmsg(db));
      if (access(path, F_OK) == 0)
        fail_msg("%s, allocation %ld failing: left %s behind", j->name, n,
                 path);
      if (n > 100000)
        fail_msg("%s never succeeds", j->name);
    }
    assert_int_equal(access(path, F_OK), 0);
    unlink(path);
  }
  mvr_db_close(db);
}

static void test_transient(void **state)
{
  (void)state;
  oom_loop(0);
}

static void test_persistent(void **state)
{
  (void)state;
  oom_loop(1);
}

static void test_arguments(void **state)
{
  mvr_db *db = open_register();
  char path[128];
  long n = -1;

  (void)state;
  snprintf(path, sizeof path, "%s/x.pdf", dir);
  assert_int_equal(mvr_export_file(db, NULL, "pdf", path), MVR_ERR_FORMAT);
  assert_non_null(strstr(mvr_db_errmsg(db), "docx"));
  assert_int_equal(mvr_export_file(db, NULL, NULL, path), MVR_ERR_ARG);
  assert_int_equal(mvr_export_file(db, NULL, "docx", ""), MVR_ERR_ARG);
  assert_int_equal(mvr_template_file(db, NULL, "pdf", NULL, path, &n),
                   MVR_ERR_FORMAT);
  /* --org needs a register; a blank template does not */
  assert_int_equal(mvr_template_file(NULL, NULL, "csv", "IEEE", path, &n),
                   MVR_ERR_ARG);
  snprintf(path, sizeof path, "%s/blank.csv", dir);
  assert_int_equal(mvr_template_file(NULL, NULL, "csv", NULL, path, &n),
                   MVR_OK);
  assert_int_equal(n, 0);
  unlink(path);
  /* a directory that does not exist: an I/O error naming the file */
  snprintf(path, sizeof path, "%s/no/such/r.docx", dir);
  assert_int_equal(mvr_export_file(db, NULL, "docx", path), MVR_ERR_IO);
  assert_non_null(strstr(mvr_db_errmsg(db), "r.docx"));
  snprintf(path, sizeof path, "%s/no/such/r.xlsx", dir);
  assert_int_equal(mvr_export_file(db, NULL, "xlsx", path), MVR_ERR_IO);
  assert_non_null(strstr(mvr_db_errmsg(db), "r.xlsx"));
  /* pre-filled: the organisation's rows */
  snprintf(path, sizeof path, "%s/sg21.csv", dir);
  assert_int_equal(
      mvr_template_file(db, NULL, "csv", "ITU-T Study Group 21", path, &n),
      MVR_OK);
  assert_int_equal(n, 2);
  unlink(path);
  mvr_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_transient),
      cmocka_unit_test(test_persistent),
  };
  int rc;

  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  rmdir(dir);
  return rc;
}
