/* test_store.c - the store below the library: schema migrations,
 * append-only tables, optimistic version checks, a database from a newer
 * mvroad, read-only opens, and WAL/foreign keys on every connection.
 * Runs on SQLite, and on PostgreSQL under MVR_TEST_PG (testdb.h, ctest
 * pg/unit), where each SQLite-only check has its PostgreSQL meaning. */
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

#include "db.h"
#include "mvroad.h"
#include "schema_sqlite.h"
#include "store.h"
#include "testdb.h"
#ifdef MVR_WITH_PG
#include "schema_pg.h"
#endif

static char path[256];

static int setup(void **state)
{
  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-store-%ld.db", (long)getpid());
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

static void import(mvr_db *db, const char *csv)
{
  mvr_import_result res;

  assert_int_equal(
      mvr_import_mem(db, NULL, "s.csv", csv, strlen(csv), NULL, NULL, &res),
      MVR_OK);
}

/* SQL from a connection of its own (testdb.h); on SQLite the result code
 * without foreign keys, as a plain sqlite3 shell would. */
static int exec_sql(const char *sql)
{
  sqlite3 *h = NULL;
  int rc;

  if (testdb_pg())
    return testdb_exec(path, sql);
  assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
  rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
  sqlite3_close(h);
  return rc;
}

/* `sql` is refused by the register's own rules: SQLite's constraint, a
 * PostgreSQL trigger's exception (P0001). */
static void refused(const char *sql)
{
  int rc = exec_sql(sql);

  if (testdb_pg()) {
    if (rc == 0)
      fail_msg("accepted: %s", sql);
    assert_string_equal(testdb_sqlstate, "P0001");
  } else {
    assert_int_equal(rc, SQLITE_CONSTRAINT);
  }
}

static void test_migrate_old_pg(void);

static const char CSV[] =
    "SDO,Reference,Type,Title,Status,Category\n"
    "W3C,webxr,Standard,WebXR Device API,Published,Enabling Technology\n";

/* PostgreSQL: a database that does not exist is refused with a message
 * (mvroad creates tables, never databases); an empty one gets every
 * table at the first open, at the current version, and a second open
 * migrates nothing. */
static void test_create_reopen_pg(void)
{
  mvr_db *db = NULL;
  char err[512], uri[1024], v[64];
  long n = -1;
  int version;

  snprintf(uri, sizeof uri, "%s%sdbname=mvr_no_such_db", testdb_pg(),
           strchr(testdb_pg(), '?') ? "&" : "?");
  assert_int_equal(mvr_db_open(uri, MVR_OPEN_CREATE, &db, err, sizeof err),
                   MVR_ERR_STORE);
  assert_null(db);
  assert_non_null(strstr(err, "mvr_no_such_db"));
  db = open_db(MVR_OPEN_CREATE);
  version = mvr_db_schema_version(db);
  assert_true(version >= 1);
  import(db, CSV);
  mvr_db_close(db);
  db = open_db(0);
  assert_int_equal(mvr_db_schema_version(db), version);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 1);
  mvr_db_close(db);
  assert_int_equal(
      testdb_query(path, "SELECT count(*) FROM schema_version", v, sizeof v),
      0);
  assert_string_equal(v, "1");
}

static void test_create_reopen_pragmas(void **state)
{
  mvr_db *db;
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;

  (void)state;
  if (testdb_pg()) {
    test_create_reopen_pg();
    return;
  }
  {
    mvr_db *none = NULL;
    char err[256];
    /* without MVR_OPEN_CREATE a missing register is not created */
    assert_int_equal(mvr_db_open(path, 0, &none, err, sizeof err),
                     MVR_ERR_NOTFOUND);
    assert_null(none);
    assert_int_not_equal(access(path, F_OK), 0);
  }
  db = open_db(MVR_OPEN_CREATE);
  assert_true(mvr_db_schema_version(db) >= 1);
  import(db, CSV);
  mvr_db_close(db);
  db = open_db(0); /* migrating again is a no-op */
  mvr_db_close(db);
  assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, 0),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(h);
}

/* A register made by the first mvroad (schema version 1), with an entry
 * in it, is brought to the current version in one transaction when it is
 * opened: the entry, its source and its place in the search index stay,
 * and importing works on. */
static void test_migrate_old(void **state)
{
  int last = (int)(sizeof mvr_sqlite_migrations /
                   sizeof mvr_sqlite_migrations[0]);
  mvr_query q = {0};
  mvr_db *db;
  long n = -1;

  (void)state;
  if (testdb_pg()) {
    test_migrate_old_pg();
    return;
  }
  assert_int_equal(exec_sql("PRAGMA journal_mode=WAL"), SQLITE_OK);
  assert_int_equal(exec_sql(mvr_sqlite_migrations[0]), SQLITE_OK);
  assert_int_equal(
      exec_sql("PRAGMA user_version = 1;"
               "INSERT INTO orgs(id, name, family, known, created_at)"
               " VALUES (1, 'W3C', 'W3C', 1, '2025-01-01T00:00:00Z');"
               "INSERT INTO submissions(id, file_name, sha256, format,"
               " received, imported_at, actor, rows, added)"
               " VALUES (1, 'old.csv', 'abc', 'csv', '2025-01-01',"
               " '2025-01-01T00:00:00Z', 'test', 1, 1);"
               "INSERT INTO entries(id, org_id, family, refkey, reference,"
               " type, title, status, categories, catmask, first_seen,"
               " last_updated, created_submission, last_submission)"
               " VALUES (1, 1, 'W3C', 'webgpu', 'WebGPU', 'Standard',"
               " 'Graphics on the web', 'Published', 'General', 0,"
               " '2025-01-01', '2025-01-01', 1, 1);"
               "INSERT INTO entry_sources(entry_id, submission_id, row_no,"
               " reference) VALUES (1, 1, 2, 'WebGPU');"
               "INSERT INTO entries_fts(rowid, reference, title, summary)"
               " VALUES (1, 'WebGPU', 'Graphics on the web', '');"),
      SQLITE_OK);
  db = open_db(0);
  assert_int_equal(mvr_db_schema_version(db), last);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 1);
  q.text = "graphics";
  assert_int_equal(mvr_query_count(db, &q, &n), MVR_OK);
  assert_int_equal(n, 1);
  import(db, CSV);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 2);
  q.text = "webxr";
  assert_int_equal(mvr_query_count(db, &q, &n), MVR_OK);
  assert_int_equal(n, 1);
  mvr_db_close(db);
  assert_int_equal(
      exec_sql("INSERT INTO entries_fts(entries_fts, rank)"
               " VALUES ('integrity-check', 1)"),
      SQLITE_OK);
}

/* The same on PostgreSQL: a database at schema version 1 (migration 0 of
 * schema_pg.h, as the first PostgreSQL mvroad left it) with an entry. */
static void test_migrate_old_pg(void)
{
#ifdef MVR_WITH_PG
  int last = (int)(sizeof mvr_pg_migrations / sizeof mvr_pg_migrations[0]);
  mvr_query q = {0};
  mvr_db *db;
  long n = -1;
  size_t k;
  char v[64];

  for (k = 0; k < 4 && mvr_pg_migrations[0].sql[k]; k++)
    assert_int_equal(exec_sql(mvr_pg_migrations[0].sql[k]), 0);
  assert_int_equal(
      exec_sql("CREATE TABLE schema_version (version INTEGER NOT NULL);"
               "INSERT INTO schema_version VALUES (1);"
               "INSERT INTO orgs(id, name, family, known, created_at)"
               " VALUES (1, 'W3C', 'W3C', 1, '2025-01-01T00:00:00Z');"
               "INSERT INTO submissions(id, file_name, sha256, format,"
               " received, imported_at, actor, rows, added)"
               " VALUES (1, 'old.csv', 'abc', 'csv', '2025-01-01',"
               " '2025-01-01T00:00:00Z', 'test', 1, 1);"
               "INSERT INTO entries(id, org_id, family, refkey, reference,"
               " type, title, status, categories, catmask, first_seen,"
               " last_updated, created_submission, last_submission)"
               " VALUES (1, 1, 'W3C', 'webgpu', 'WebGPU', 'Standard',"
               " 'Graphics on the web', 'Published', 'General', 0,"
               " '2025-01-01', '2025-01-01', 1, 1);"
               "INSERT INTO entry_sources(id, entry_id, submission_id, row_no,"
               " reference) VALUES (1, 1, 1, 2, 'WebGPU');"),
      0);
  db = open_db(0);
  assert_int_equal(mvr_db_schema_version(db), last);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 1);
  q.text = "graphics";
  assert_int_equal(mvr_query_count(db, &q, &n), MVR_OK);
  assert_int_equal(n, 1);
  import(db, CSV);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 2);
  q.text = "webxr";
  assert_int_equal(mvr_query_count(db, &q, &n), MVR_OK);
  assert_int_equal(n, 1);
  mvr_db_close(db);
  /* one row in schema_version, the last version */
  assert_int_equal(testdb_query(path,
                                "SELECT string_agg(version::text, ',')"
                                " FROM schema_version",
                                v, sizeof v),
                   0);
  assert_int_equal(strtol(v, NULL, 10), last);
  /* the source kept, the new entry after it */
  assert_int_equal(testdb_query(path,
                                "SELECT string_agg(id::text, ',' ORDER BY id)"
                                " FROM entries",
                                v, sizeof v),
                   0);
  assert_string_equal(v, "1,2");
#else
  fail_msg("built without PostgreSQL");
#endif
}

static void test_append_only(void **state)
{
  mvr_db *db;
  long n = -1;

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  import(db, CSV);
  import(db, "SDO,Reference,Type,Title,Status,Category\n"
             "W3C,webxr,Standard,WebXR,Published,Enabling Technology\n");
  mvr_db_close(db);
  /* nothing is ever hard-deleted, and the log is never rewritten */
  refused("DELETE FROM entries");
  refused("DELETE FROM submissions");
  refused("UPDATE changes SET actor = 'x'");
  refused("DELETE FROM changes");
  refused("DELETE FROM entry_sources");
  refused("UPDATE entry_sources SET title = 'x'");
  if (testdb_pg()) { /* and TRUNCATE, which bypasses row triggers */
    refused("TRUNCATE entries CASCADE");
    refused("TRUNCATE changes");
    refused("TRUNCATE entry_sources");
    refused("TRUNCATE submissions CASCADE");
  }
  {
    char v[64];
    db = open_db(0);
    assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
    assert_int_equal(n, 1);
    mvr_db_close(db);
    assert_int_equal(
        testdb_query(path, "SELECT count(*) FROM changes", v, sizeof v), 0);
    assert_true(strtol(v, NULL, 10) >= 1);
  }
}

static void test_version_conflict(void **state)
{
  mvr_db *db;
  mvr_store *st;
  mvr_entry_rec e, copy;
  int found = 0;
  char sdo[64], fam[64], key[64], ref[64], type[64], title[64], status[64],
      cats[64];

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  import(db, CSV);
  st = db->store;
  assert_int_equal(st->ops->begin(st, 1), MVR_OK);
  assert_int_equal(st->ops->entry_find(st, "W3C", "webxr", &e, &found),
                   MVR_OK);
  assert_int_equal(found, 1);
  /* keep our own copy: the found row is borrowed */
  copy = e;
  snprintf(sdo, sizeof sdo, "%s", e.sdo);
  snprintf(fam, sizeof fam, "%s", e.family);
  snprintf(key, sizeof key, "%s", e.refkey);
  snprintf(ref, sizeof ref, "%s", e.reference);
  snprintf(type, sizeof type, "%s", e.type);
  snprintf(title, sizeof title, "%s", e.title);
  snprintf(status, sizeof status, "%s", e.status);
  snprintf(cats, sizeof cats, "%s", e.categories);
  copy.sdo = sdo;
  copy.family = fam;
  copy.refkey = key;
  copy.reference = ref;
  copy.type = type;
  copy.status = status;
  copy.categories = cats;
  copy.title = "first editor";
  assert_int_equal(st->ops->entry_update(st, &copy), MVR_OK);
  /* a second writer that loaded the same version loses */
  copy.title = "second editor";
  assert_int_equal(st->ops->entry_update(st, &copy), MVR_ERR_CONFLICT);
  assert_non_null(strstr(st->ops->errmsg(st), "changed since"));
  (void)title;
  assert_int_equal(st->ops->commit(st), MVR_OK);
  mvr_db_close(db);
}

static void test_newer_schema_refused(void **state)
{
  mvr_db *db = NULL;
  char err[256];

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  mvr_db_close(db);
  assert_int_equal(exec_sql(testdb_pg()
                                ? "UPDATE schema_version SET version = 999"
                                : "PRAGMA user_version = 999"),
                   0);
  db = NULL;
  assert_int_equal(mvr_db_open(testdb_name(path), 0, &db, err, sizeof err),
                   MVR_ERR_SCHEMA);
  assert_null(db);
  assert_non_null(strstr(err, "upgrade mvroad"));
}

static const char MORE[] = "SDO,Reference,Type,Title,Status,Category\n"
                           "OGC,OGC 20-010,Standard,CityGML,Published,"
                           "General\n";

static void test_readonly(void **state)
{
  mvr_db *db;
  mvr_import_result res;
  mvr_status rc;
  long n = 0;

  (void)state;
  db = open_db(MVR_OPEN_CREATE);
  import(db, CSV);
  mvr_db_close(db);
  db = open_db(MVR_OPEN_READONLY);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 1);
  rc = mvr_import_mem(db, NULL, "x.csv", MORE, strlen(MORE), NULL, NULL,
                      &res);
  assert_true(rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY);
  assert_int_equal(mvr_query_count(db, NULL, &n), MVR_OK);
  assert_int_equal(n, 1);
  mvr_db_close(db);
}

/* mvr_db_change_stamp(): "" on SQLite (the server watches the files);
 * on PostgreSQL a WAL position that a commit by another connection
 * moves (the server's own background writes may move it too). */
static void test_change_stamp(void **state)
{
  mvr_db *r, *w;
  char a[64], b[64], c[64];

  (void)state;
  w = open_db(MVR_OPEN_CREATE);
  import(w, CSV);
  r = open_db(MVR_OPEN_READONLY);
  assert_int_equal(mvr_db_change_stamp(r, a, sizeof a), MVR_OK);
  assert_int_equal(mvr_db_change_stamp(r, a, 1), MVR_ERR_ARG);
  assert_int_equal(mvr_db_change_stamp(r, b, sizeof b), MVR_OK);
  import(w, MORE);
  assert_int_equal(mvr_db_change_stamp(r, c, sizeof c), MVR_OK);
  if (testdb_pg()) {
    assert_true(a[0] != '\0');
    assert_string_not_equal(b, c);
  } else {
    assert_string_equal(c, "");
  }
  mvr_db_close(r);
  mvr_db_close(w);
}

/* --- whole-transaction replay (PostgreSQL, issue 8) ---------------------
 *
 * A test-only trigger raises a serialisation failure (40001) or a
 * deadlock (40P01) where a plan says: on the k-th row a table receives,
 * counted by a sequence (which a rollback does not undo), or at the
 * commit (a deferred constraint trigger). The library must run the
 * whole transaction again from its start and end with the register as
 * one clean run would have left it. */
static const char FAIL_SQL[] =
    "CREATE SEQUENCE t_seq_row; CREATE SEQUENCE t_seq_commit;"
    "CREATE TABLE t_plan (seq text NOT NULL, n bigint NOT NULL,"
    " code text NOT NULL);"
    "CREATE FUNCTION t_fail() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " DECLARE k bigint := nextval(TG_ARGV[0]); c text;"
    " BEGIN"
    "  SELECT code INTO c FROM t_plan WHERE seq = TG_ARGV[0]"
    "   AND (n = k OR n = 0) LIMIT 1;"
    "  IF c IS NOT NULL THEN"
    "   RAISE EXCEPTION 'injected failure %', c USING ERRCODE = c;"
    "  END IF;"
    "  RETURN NEW;"
    " END $f$;"
    "CREATE TRIGGER t_fail_entries BEFORE INSERT ON entries FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE TRIGGER t_fail_releases BEFORE INSERT ON releases FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE TRIGGER t_fail_merges BEFORE INSERT ON merges FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE TRIGGER t_fail_users BEFORE INSERT ON users FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE TRIGGER t_fail_marks BEFORE INSERT ON not_duplicates FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE TRIGGER t_fail_reps BEFORE INSERT ON coord_reps FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_row');"
    "CREATE CONSTRAINT TRIGGER t_fail_commit AFTER INSERT ON submissions"
    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    " EXECUTE FUNCTION t_fail('t_seq_commit');";

/* Fail with `code` at row `n` (0: always) of `seq`; restart both
 * counters. */
static void plan(const char *seq, int n, const char *code)
{
  char sql[256];

  snprintf(sql, sizeof sql,
           "DELETE FROM t_plan; ALTER SEQUENCE t_seq_row RESTART;"
           " ALTER SEQUENCE t_seq_commit RESTART;"
           " INSERT INTO t_plan VALUES ('%s', %d, '%s')",
           seq, n, code);
  assert_int_equal(exec_sql(sql), 0);
}

/* How many times `seq` was used since plan(). */
static long used(const char *seq)
{
  char sql[128], v[32];

  snprintf(sql, sizeof sql,
           "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s",
           seq);
  assert_int_equal(testdb_query(path, sql, v, sizeof v), 0);
  return strtol(v, NULL, 10);
}

static long rows_of(const char *sql)
{
  char v[64];

  assert_int_equal(testdb_query(path, sql, v, sizeof v), 0);
  return strtol(v, NULL, 10);
}

static const char THREE[] =
    "SDO,Reference,Type,Title,Status,Category\n"
    "W3C,webxr,Standard,WebXR Device API,Published,Enabling Technology\n"
    "W3C,webgpu,Standard,WebGPU,Published,Enabling Technology\n"
    "Foo Forum,F1,Standard,CityGML,Published,General\n";

static void count_diag(const mvr_diag *d, void *ud)
{
  (void)d;
  (*(size_t *)ud)++;
}

static void test_replay(void **state)
{
  mvr_db *db;
  mvr_report *rep = NULL;
  mvr_import_result res;
  unsigned long n = 0;
  long entries;
  size_t i, delivered = 0;

  (void)state;
  if (!testdb_pg()) {
    /* SQLite's writers never abort: BEGIN IMMEDIATE waits (busy
     * timeout) instead of failing serialisation */
    print_message("whole-transaction replay: PostgreSQL only\n");
    return;
  }
  db = open_db(MVR_OPEN_CREATE);
  assert_int_equal(exec_sql(FAIL_SQL), 0);
  assert_int_equal(mvr_report_new(&rep), MVR_OK);

  /* a serialisation failure at the third entry, after the warning on
   * its row: the import runs again */
  mvr_report_set_callback(rep, count_diag, &delivered);
  plan("t_seq_row", 3, "40001");
  assert_int_equal(mvr_import_mem(db, NULL, "three.csv", THREE, strlen(THREE),
                                  NULL, rep, &res),
                   MVR_OK);
  assert_int_equal(res.added, 3);
  assert_int_equal(used("t_seq_row"), 6); /* 2 + 1 failed, then 3 */
  assert_int_equal(rows_of("SELECT count(*) FROM submissions"), 1);
  assert_int_equal(rows_of("SELECT max(id) FROM entries"), 3);
  assert_int_equal(rows_of("SELECT count(*) FROM entry_sources"), 3);
  /* the report holds one run's diagnostics, not two: those of a clean
   * import of the same file into an empty register */
  {
    mvr_db *clean = testdb_new(":memory:");
    mvr_report *once = NULL;
    assert_int_equal(mvr_report_new(&once), MVR_OK);
    assert_int_equal(mvr_import_mem(clean, NULL, "three.csv", THREE,
                                    strlen(THREE), NULL, once, &res),
                     MVR_OK);
    assert_true(mvr_report_count(once) > 0);
    assert_int_equal(mvr_report_count(rep), mvr_report_count(once));
    assert_int_equal(delivered, mvr_report_count(once)); /* once each */
    for (i = 0; i < 3; i++)
      assert_int_equal(mvr_report_tally(rep, (mvr_severity)i),
                       mvr_report_tally(once, (mvr_severity)i));
    for (i = 0; i < mvr_report_count(rep); i++)
      assert_string_equal(mvr_report_get(rep, i)->message,
                          mvr_report_get(once, i)->message);
    mvr_report_free(once);
    mvr_db_close(clean);
  }

  /* a deadlock at the first entry of the next import, then a
   * serialisation failure at its commit: it runs three times, stored
   * once */
  plan("t_seq_row", 1, "40P01");
  assert_int_equal(exec_sql("INSERT INTO t_plan VALUES"
                            " ('t_seq_commit', 1, '40001')"),
                   0);
  mvr_report_clear(rep);
  assert_int_equal(
      mvr_import_mem(db, NULL, "more.csv", MORE, strlen(MORE), NULL, rep, &res),
      MVR_OK);
  assert_int_equal(res.added, 1);
  assert_int_equal(used("t_seq_row"), 3);
  assert_int_equal(used("t_seq_commit"), 2);
  assert_int_equal(rows_of("SELECT count(*) FROM submissions"), 2);
  assert_int_equal(rows_of("SELECT max(id) FROM entries"), 4);
  assert_int_equal(rows_of("SELECT count(*) FROM entries"), 4);

  /* never succeeding: given up after MVR_DB_ATTEMPTS, nothing stored */
  plan("t_seq_row", 0, "40001");
  entries = rows_of("SELECT count(*) FROM entries");
  assert_int_equal(mvr_import_mem(db, NULL, "x.csv",
                                  "SDO,Reference,Type,"
                                  "Title,Status,Category\nIEEE,P1,Standard,"
                                  "X,Published,General\n",
                                  strlen("SDO,Reference,Type,Title,Status,"
                                         "Category\nIEEE,P1,Standard,X,"
                                         "Published,General\n"),
                                  NULL, rep, &res),
                   MVR_ERR_BUSY);
  assert_non_null(strstr(mvr_db_errmsg(db), "tried 5 times"));
  assert_int_equal(used("t_seq_row"), MVR_DB_ATTEMPTS);
  assert_int_equal(rows_of("SELECT count(*) FROM entries"), entries);
  assert_int_equal(rows_of("SELECT count(*) FROM submissions"), 2);

  /* a release, a merge, an approved proposal: each its own replay */
  plan("t_seq_row", 1, "40001");
  assert_int_equal(mvr_release_create(db, "R1", NULL, NULL, NULL), MVR_OK);
  assert_int_equal(used("t_seq_row"), 2);
  assert_int_equal(rows_of("SELECT count(*) FROM releases"), 1);
  assert_int_equal(rows_of("SELECT count(*) FROM release_entries"), 4);
  plan("t_seq_row", 1, "40P01");
  assert_int_equal(mvr_merge(db, "webxr", "webgpu", "one"), MVR_OK);
  assert_int_equal(used("t_seq_row"), 2);
  assert_int_equal(rows_of("SELECT count(*) FROM merges"), 1);
  assert_int_equal(rows_of("SELECT count(*) FROM changes WHERE action IN"
                           " ('merge', 'merged')"),
                   2);
  {
    mvr_import_opts o = {0};
    const char *csv = "SDO,Reference,Type,Title,Status,Category\n"
                      "IEEE,P2,Standard,Proposed,Published,General\n";
    o.flags = MVR_IMPORT_PROPOSE;
    plan("t_seq_row", 0, "00000"); /* none: the plan's code is success */
    assert_int_equal(exec_sql("DELETE FROM t_plan"), 0);
    assert_int_equal(
        mvr_import_mem(db, NULL, "p.csv", csv, strlen(csv), &o, rep, &res),
        MVR_OK);
    assert_int_equal(res.proposed, 1);
    plan("t_seq_row", 1, "40001");
    assert_int_equal(
        mvr_proposal_decide(db, 0, res.submission_id, 1, NULL, rep, &n),
        MVR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(used("t_seq_row"), 2);
    assert_int_equal(rows_of("SELECT count(*) FROM entries"), entries + 1);
    assert_int_equal(rows_of("SELECT count(*) FROM proposals"
                             " WHERE state = 'approved'"),
                     1);
  }
  /* the other writers: an account, a not-duplicate mark, a
   * representative */
  {
    const char *r[] = {"person@example.org", "A Person", "ETRI"};
    char err[256];
    mvr_auth_options o;
    memset(&o, 0, sizeof o);
    o.opslimit = 2; /* the OWASP minimum: fast */
    o.memlimit = 19u * 1024 * 1024;
    mvr_auth_configure(&o);
    plan("t_seq_row", 1, "40001");
    assert_int_equal(mvr_user_add(db, "ed", "Ed", MVR_ROLE_EDITOR, NULL,
                                  "correct horse"),
                     MVR_OK);
    assert_int_equal(used("t_seq_row"), 2);
    assert_int_equal(rows_of("SELECT count(*) FROM users"), 1);
    plan("t_seq_row", 1, "40P01");
    assert_int_equal(mvr_not_duplicate(db, 1, 3, "kept apart"), MVR_OK);
    assert_int_equal(used("t_seq_row"), 2);
    assert_int_equal(rows_of("SELECT count(*) FROM not_duplicates"), 1);
    plan("t_seq_row", 1, "40001");
    assert_int_equal(
        mvr_coord_add(db, MVR_COORD_REP, r, 3, err, sizeof err, NULL),
        MVR_OK);
    assert_int_equal(used("t_seq_row"), 2);
    assert_int_equal(rows_of("SELECT count(*) FROM coord_reps"), 1);
  }
  mvr_report_free(rep);
  mvr_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_create_reopen_pragmas, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_migrate_old, setup, teardown),
      cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_version_conflict, setup, teardown),
      cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
      cmocka_unit_test_setup_teardown(test_change_stamp, setup, teardown),
      cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
