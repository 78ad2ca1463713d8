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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
