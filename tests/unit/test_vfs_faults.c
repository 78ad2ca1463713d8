/* test_vfs_faults.c - the DOCX use case (import a Word file into a
 * register on disk: read, validate, store, commit) under injected
 * faults, SQLite-style (SECURITY.md G2, G3):
 *
 * - allocation N fails (faults.h), transient and persistent;
 * - storage call N fails: a VFS shim wraps the default VFS and makes the
 *   N-th xRead, xWrite, xSync, xTruncate or xFileSize return SQLITE_IOERR
 *   (or SQLITE_FULL for a write), transient and persistent.
 *
 * Every run must return a clean status (no crash; LeakSanitizer under
 * `make asan`), and afterwards the database, reopened with the real VFS,
 * must pass `PRAGMA integrity_check` and hold either the register as it
 * was or the whole file (entries, entry_sources and submissions counted).
 * `make test` tries every k-th failure point; `make torture` all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "faults.h"
#include "mvroad.h"
#include "ooxml_build.h"

#define TC(s) "<w:tc><w:p><w:r><w:t>" s "</w:t></w:r></w:p></w:tc>"
#define HEAD                                                                   \
  "<w:tr>" TC("SDO / Org.") TC("Reference") TC("Type") TC("Title")             \
      TC("Status") TC("Category") TC("Summary") "</w:tr>"
#define ROW(o, r)                                                              \
  "<w:tr>" TC(o) TC(r) TC("Standard") TC("Title of " r)                        \
      TC("Under development") TC("Interoperability") TC("Summary.") "</w:tr>"

static const char BODY[] = "<w:tbl>" HEAD ROW("W3C", "WebGPU")
    ROW("IEEE", "IEEE P7016") ROW("ETSI", "GS MEC 003") "</w:tbl>";
#define DOCX_ROWS 3

static const char BASE_CSV[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
    "ISO/IEC JTC 1,ISO/IEC 18026:2009,Standard,Spatial Reference Model,"
    "Published,Enabling technology,Provides a geospatial reference.\n";

static unsigned char *docx;
static size_t docx_len;
static char dir[256], base_path[300], db_path[300];
static unsigned char *base_img;
static size_t base_len;

/* ---- the database file ------------------------------------------------ */

static int write_file(const char *path, const void *p, size_t n)
{
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(p, 1, n, f) == n;

  if (f && fclose(f) != 0)
    ok = 0;
  return ok;
}

static void reset_db(void)
{
  char p[320];

  snprintf(p, sizeof p, "%s-wal", db_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-journal", db_path);
  unlink(p);
  assert_true(write_file(db_path, base_img, base_len));
}

static long count(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  long n = -1;

  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* Reopen with the real VFS: integrity_check ok, and the register is the
 * base one (returns 0) or the base plus the whole file (returns 1). */
static int check_db(void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  const unsigned char *ok;
  long e, s, sub;
  int whole;

  assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE,
                                   "unix"),
                   SQLITE_OK);
  assert_int_equal(
      sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
      SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  ok = sqlite3_column_text(st, 0);
  if (!ok || strcmp((const char *)ok, "ok") != 0)
    fail_msg("integrity_check: %s", ok ? (const char *)ok : "(null)");
  sqlite3_finalize(st);
  e = count(db, "SELECT count(*) FROM entries");
  s = count(db, "SELECT count(*) FROM entry_sources");
  sub = count(db, "SELECT count(*) FROM submissions");
  sqlite3_close(db);
  whole = e == 1 + DOCX_ROWS;
  if (!((e == 1 && s == 1 && sub == 1) ||
        (whole && s == 1 + DOCX_ROWS && sub == 2)))
    fail_msg("partly applied: %ld entries, %ld sources, %ld submissions", e,
             s, sub);
  return whole;
}

/* ---- the use case ----------------------------------------------------- */

static mvr_status last_rc;

/* Import the DOCX into the register at db_path. 1 if all succeeded. */
static int use_case_raw(void)
{
  mvr_db *db = NULL;
  mvr_report *rep = NULL;
  mvr_import_result res;
  char err[256];
  mvr_status rc;

  rc = mvr_db_open(db_path, 0, &db, err, sizeof err);
  if (!rc)
    rc = mvr_report_new(&rep);
  if (!rc)
    rc = mvr_import_mem(db, NULL, "a.docx", docx, docx_len, NULL, rep, &res);
  mvr_report_free(rep);
  mvr_db_close(db);
  last_rc = rc;
  if (rc && rc != MVR_ERR_NOMEM && rc != MVR_ERR_STORE && rc != MVR_ERR_DATA &&
      rc != MVR_ERR_IO && rc != MVR_ERR_SCHEMA && rc != MVR_ERR_BUSY &&
      rc != MVR_ERR_PROFILE)
    fail_msg("unexpected status %s", mvr_status_str(rc));
  return rc == MVR_OK;
}

static long whole_runs, none_runs;

static int use_case(void)
{
  int ok, whole;

  reset_db();
  ok = use_case_raw();
  FAULT_PAUSED(whole = check_db());
  if (ok && !whole)
    fail_msg("the import succeeded but the file is not in the register");
  whole ? whole_runs++ : none_runs++;
  return ok;
}

/* ---- the I/O fault shim ------------------------------------------------ */

enum { IO_READ, IO_WRITE, IO_SYNC, IO_TRUNCATE, IO_FILESIZE };
static long io_countdown = -1;
static int io_persistent, io_full;
static long io_failures;
static sqlite3_vfs *real_vfs;

static int io_fail(int what, int *code)
{
  if (io_countdown < 0)
    return 0;
  if (io_countdown > 0) {
    io_countdown--;
    return 0;
  }
  io_failures++;
  if (!io_persistent)
    io_countdown = -1;
  switch (what) {
  case IO_READ:
    *code = SQLITE_IOERR_READ;
    break;
  case IO_WRITE:
    *code = io_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    break;
  case IO_SYNC:
    *code = SQLITE_IOERR_FSYNC;
    break;
  case IO_TRUNCATE:
    *code = SQLITE_IOERR_TRUNCATE;
    break;
  default:
    *code = SQLITE_IOERR_FSTAT;
  }
  return 1;
}

typedef struct shim_file {
  sqlite3_file base;
  sqlite3_file *real; /* follows this struct in the same allocation */
} shim_file;

#define REAL(f) (((shim_file *)(f))->real)

static int s_close(sqlite3_file *f)
{
  int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
  return rc;
}
static int s_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
  int code;
  if (io_fail(IO_READ, &code))
    return code;
  return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int s_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
  int code;
  if (io_fail(IO_WRITE, &code))
    return code;
  return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
  int code;
  if (io_fail(IO_TRUNCATE, &code))
    return code;
  return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int s_sync(sqlite3_file *f, int flags)
{
  int code;
  if (io_fail(IO_SYNC, &code))
    return code;
  return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int s_size(sqlite3_file *f, sqlite3_int64 *size)
{
  int code;
  if (io_fail(IO_FILESIZE, &code))
    return code;
  return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int s_lock(sqlite3_file *f, int l)
{
  return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int s_unlock(sqlite3_file *f, int l)
{
  return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int s_check(sqlite3_file *f, int *out)
{
  return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int s_fcntl(sqlite3_file *f, int op, void *arg)
{
  return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int s_sector(sqlite3_file *f)
{
  return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int s_dev(sqlite3_file *f)
{
  return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int s_shmmap(sqlite3_file *f, int pg, int sz, int ext,
                    void volatile **pp)
{
  return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int s_shmlock(sqlite3_file *f, int off, int n, int flags)
{
  return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void s_shmbarrier(sqlite3_file *f)
{
  REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int s_shmunmap(sqlite3_file *f, int del)
{
  return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int s_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
  *pp = NULL; /* no memory-mapped reads: every read goes through xRead */
  (void)f;
  (void)off;
  (void)n;
  return SQLITE_OK;
}
static int s_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
  (void)f;
  (void)off;
  (void)p;
  return SQLITE_OK;
}

static const sqlite3_io_methods shim_io = {
    3,        s_close,      s_read,    s_write,  s_truncate, s_sync,
    s_size,   s_lock,       s_unlock,  s_check,  s_fcntl,    s_sector,
    s_dev,    s_shmmap,     s_shmlock, s_shmbarrier, s_shmunmap, s_fetch,
    s_unfetch};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out)
{
  shim_file *sf = (shim_file *)f;
  int rc;

  (void)vfs;
  sf->real = (sqlite3_file *)(sf + 1);
  rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out);
  /* xClose is called even when xOpen fails, if pMethods is set */
  f->pMethods = sf->real->pMethods ? &shim_io : NULL;
  return rc;
}
static int s_delete(sqlite3_vfs *v, const char *n, int sync)
{
  (void)v;
  return real_vfs->xDelete(real_vfs, n, sync);
}
static int s_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
  (void)v;
  return real_vfs->xAccess(real_vfs, n, flags, out);
}
static int s_fullpath(sqlite3_vfs *v, const char *n, int len, char *out)
{
  (void)v;
  return real_vfs->xFullPathname(real_vfs, n, len, out);
}
static int s_random(sqlite3_vfs *v, int n, char *out)
{
  (void)v;
  return real_vfs->xRandomness(real_vfs, n, out);
}
static int s_sleep(sqlite3_vfs *v, int us)
{
  (void)v;
  return real_vfs->xSleep(real_vfs, us);
}
static int s_time(sqlite3_vfs *v, double *out)
{
  (void)v;
  return real_vfs->xCurrentTime(real_vfs, out);
}
static int s_lasterr(sqlite3_vfs *v, int n, char *out)
{
  (void)v;
  return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out)
                                 : 0;
}
static int s_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
  (void)v;
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs shim_vfs = {
    2,    0,       1024,  NULL,     "mvr-fault-shim", NULL,     s_open,
    s_delete, s_access, s_fullpath, NULL, NULL, NULL, NULL,
    s_random, s_sleep, s_time, s_lasterr, s_time64, NULL, NULL, NULL};

static void shim_install(void)
{
  real_vfs = sqlite3_vfs_find("unix");
  assert_non_null(real_vfs);
  shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
  shim_vfs.mxPathname = real_vfs->mxPathname;
  assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

static void shim_remove(void)
{
  sqlite3_vfs_unregister(&shim_vfs);
  sqlite3_vfs_register(real_vfs, 1);
}

/* ---- tests ------------------------------------------------------------ */

static void test_sanity(void **state)
{
  (void)state;
  reset_db();
  assert_true(use_case_raw());
  assert_int_equal(check_db(), 1);
}

static void oom_loop(int persist)
{
  long runs, i;

  whole_runs = none_runs = 0;
  i = fault_loop(persist, use_case, 7, &runs);
  print_message("allocation, %s: completed after %ld allocations; %ld runs "
                "with a failure injected (every %ld): %ld left the register "
                "unchanged, %ld hold the whole file\n",
                persist ? "persistent" : "transient", i, runs,
                fault_stride(7), none_runs, whole_runs);
  assert_true(i > 100);
  assert_true(i < 2000000);
  assert_true(none_runs > 0);
}

static void test_oom_transient(void **state)
{
  (void)state;
  oom_loop(0);
}

static void test_oom_persistent(void **state)
{
  (void)state;
  oom_loop(1);
}

static void io_loop(int persist, int full)
{
  long i, step = fault_stride(1), runs = 0, clean = 0, late = 0;

  whole_runs = none_runs = 0;
  shim_install();
  io_persistent = persist;
  io_full = full;
  for (i = 0; i < 100000; i += step, runs++) {
    int ok;
    reset_db();
    io_countdown = i;
    io_failures = 0;
    ok = use_case_raw();
    io_countdown = -1;
    shim_remove();
    if (check_db()) {
      whole_runs++;
      if (!ok)
        late++; /* the failure came after COMMIT: stored, but reported */
    } else {
      none_runs++;
    }
    shim_install();
    if (!ok)
      clean++;
    if (ok && io_failures == 0)
      break;
  }
  io_countdown = -1;
  shim_remove();
  print_message("I/O (%s, %s): completed after %ld storage calls; %ld runs "
                "with a failure injected (every %ld), %ld returned an "
                "error (%ld of them after the commit): %ld left the register "
                "unchanged, %ld hold the whole file\n",
                persist ? "persistent" : "transient",
                full ? "SQLITE_FULL on writes" : "SQLITE_IOERR", i, runs, step,
                clean, late, none_runs, whole_runs);
  assert_true(i > 10);
  assert_true(i < 100000);
  assert_true(none_runs > 0);
}

static void test_io_transient(void **state)
{
  (void)state;
  io_loop(0, 0);
}

static void test_io_persistent(void **state)
{
  (void)state;
  io_loop(1, 0);
}

static void test_io_full(void **state)
{
  (void)state;
  io_loop(1, 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sanity),
      cmocka_unit_test(test_io_transient),
      cmocka_unit_test(test_io_persistent),
      cmocka_unit_test(test_io_full),
      cmocka_unit_test(test_oom_transient),
      cmocka_unit_test(test_oom_persistent),
  };
  const char *tmp = getenv("TMPDIR");
  mvr_db *db = NULL;
  mvr_report *rep = NULL;
  mvr_import_result res;
  char err[256];
  FILE *f;
  int rc;

  snprintf(dir, sizeof dir, "%s/mvr-vfs-XXXXXX",
           access("/dev/shm", W_OK) == 0 ? "/dev/shm" : tmp ? tmp : "/tmp");
  if (!mkdtemp(dir))
    return 1;
  snprintf(base_path, sizeof base_path, "%s/base.db", dir);
  snprintf(db_path, sizeof db_path, "%s/run.db", dir);
  docx = docx_body(BODY, &docx_len);
  /* the register before the import: one entry from a CSV file */
  if (!docx ||
      mvr_db_open(base_path, MVR_OPEN_CREATE, &db, err, sizeof err) ||
      mvr_report_new(&rep) ||
      mvr_import_mem(db, NULL, "base.csv", BASE_CSV, sizeof BASE_CSV - 1, NULL,
                     rep, &res))
    return 1;
  mvr_report_free(rep);
  mvr_db_close(db);
  f = fopen(base_path, "rb");
  if (!f || fseek(f, 0, SEEK_END) || (base_len = (size_t)ftell(f)) == 0 ||
      fseek(f, 0, SEEK_SET))
    return 1;
  base_img = malloc(base_len);
  if (!base_img || fread(base_img, 1, base_len, f) != base_len)
    return 1;
  fclose(f);
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  free(docx);
  free(base_img);
  {
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    char p[320];
    size_t i;
    for (i = 0; i < 4; i++) {
      snprintf(p, sizeof p, "%s%s", db_path, sfx[i]);
      unlink(p);
    }
  }
  unlink(base_path);
  rmdir(dir);
  return rc;
}
