/* testdb.h - the register a unit test works on, on either engine (issue 8:
 * the store suites run against SQLite and PostgreSQL).
 *
 * By default a register is SQLite, as the suites always had it: the name
 * the test gives (":memory:" or a file under /tmp). When $MVR_TEST_PG
 * holds a libpq URI (tests/pg/with_pg.sh's MVROAD_TEST_PG; ctest
 * pg/unit), every register is a schema of that PostgreSQL database
 * instead, reached through the URI with its search_path set to the
 * schema: a fresh one for each fresh register (dropped and made again),
 * the same one each time a file name is opened again, a new one for each
 * ":memory:". The schemas a test binary made are dropped when it exits.
 *
 * Include after <cmocka.h>. Header-only: every suite is one file. */
#ifndef MVR_TESTDB_H
#define MVR_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#ifdef MVR_WITH_PG
#include <libpq-fe.h>
#endif

#include "mvroad.h"

#define TESTDB_MAX 512

typedef struct testdb_reg {
  char *path; /* as the test names it */
  char schema[48];
  char *uri;
} testdb_reg;

static testdb_reg testdb_regs[TESTDB_MAX];
static int testdb_nregs;
/* SQLSTATE of the last failed testdb_exec() on PostgreSQL */
static char testdb_sqlstate[8];
#ifdef MVR_WITH_PG
static PGconn *testdb_conn;
#endif

/* The PostgreSQL URI the suite runs against, or NULL (SQLite). */
static inline const char *testdb_pg(void)
{
  const char *u = getenv("MVR_TEST_PG");

  if (!u || !*u)
    return NULL;
#ifndef MVR_WITH_PG
  fail_msg("MVR_TEST_PG is set but mvroad was built without PostgreSQL");
#endif
  return u;
}

/* "postgresql" or "sqlite", for messages. */
static inline const char *testdb_engine(void)
{
  return testdb_pg() ? "postgresql" : "sqlite";
}

#ifdef MVR_WITH_PG
static inline void testdb_cleanup(void)
{
  int i;

  for (i = 0; i < testdb_nregs; i++) {
    if (testdb_conn) {
      char sql[128];
      snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE",
               testdb_regs[i].schema);
      PQclear(PQexec(testdb_conn, sql));
    }
    free(testdb_regs[i].path);
    free(testdb_regs[i].uri);
  }
  testdb_nregs = 0;
  if (testdb_conn)
    PQfinish(testdb_conn);
  testdb_conn = NULL;
}

/* The suite's own connection (for schemas and raw SQL). */
static inline PGconn *testdb_admin(void)
{
  if (!testdb_conn) {
    testdb_conn = PQconnectdb(testdb_pg());
    if (!testdb_conn || PQstatus(testdb_conn) != CONNECTION_OK)
      fail_msg("cannot connect to %s: %s", testdb_pg(),
               testdb_conn ? PQerrorMessage(testdb_conn) : "no memory");
    PQclear(PQexec(testdb_conn, "SET client_min_messages = warning"));
    atexit(testdb_cleanup);
  }
  return testdb_conn;
}

/* Run `sql` on the suite's connection with the search_path of `r`;
 * returns 0, or 1 with testdb_sqlstate set. */
static inline int testdb_pg_exec(const testdb_reg *r, const char *sql,
                                 char *out, size_t size)
{
  PGconn *c = testdb_admin();
  char set[96];
  PGresult *res;
  int rc = 0;

  snprintf(set, sizeof set, "SET search_path = %s", r->schema);
  PQclear(PQexec(c, set));
  res = PQexec(c, sql);
  testdb_sqlstate[0] = '\0';
  if (PQresultStatus(res) != PGRES_COMMAND_OK &&
      PQresultStatus(res) != PGRES_TUPLES_OK) {
    const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    snprintf(testdb_sqlstate, sizeof testdb_sqlstate, "%s", st ? st : "?");
    rc = 1;
  } else if (out && size) {
    out[0] = '\0';
    if (PQntuples(res) > 0 && PQnfields(res) > 0)
      snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
  }
  PQclear(res);
  PQclear(PQexec(c, "SET search_path = public"));
  return rc;
}
#endif

/* The register named `path` (made when not known yet). */
static inline testdb_reg *testdb_find(const char *path, int fresh)
{
  const char *base = testdb_pg();
  testdb_reg *r = NULL;
  int i;

  if (strcmp(path, ":memory:") != 0 || !fresh)
    for (i = 0; i < testdb_nregs; i++)
      if (strcmp(testdb_regs[i].path, path) == 0)
        r = &testdb_regs[i];
  if (!r) {
    size_t n;
    if (testdb_nregs >= TESTDB_MAX)
      fail_msg("testdb.h: more than %d registers", TESTDB_MAX);
    r = &testdb_regs[testdb_nregs];
    snprintf(r->schema, sizeof r->schema, "t%ld_%d", (long)getpid(),
             testdb_nregs);
    testdb_nregs++;
    r->path = strdup(path);
    n = strlen(base) + 64;
    r->uri = malloc(n);
    if (!r->path || !r->uri)
      fail_msg("testdb.h: out of memory");
    snprintf(r->uri, n, "%s%soptions=-csearch_path%%3D%s", base,
             strchr(base, '?') ? "&" : "?", r->schema);
  }
  return r;
}

/* The name to give mvr_db_open() for the register `path`: `path` itself
 * on SQLite, the URI of its schema on PostgreSQL. Borrowed; valid until
 * the process exits. */
static inline const char *testdb_name(const char *path)
{
  if (!testdb_pg())
    return path;
  return testdb_find(path, 0)->uri;
}

/* Remove the register `path`: SQLite's file and its -wal and -shm;
 * PostgreSQL's schema. */
static inline void testdb_remove(const char *path)
{
  if (!testdb_pg()) {
    char p[600];
    if (strcmp(path, ":memory:") == 0)
      return;
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
    return;
  }
#ifdef MVR_WITH_PG
  {
    char sql[128];
    testdb_reg *r = testdb_find(path, 0);
    PGresult *res;
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", r->schema);
    res = PQexec(testdb_admin(), sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
      fail_msg("%s: %s", sql, PQerrorMessage(testdb_admin()));
    PQclear(res);
  }
#endif
}

/* Make the register `path` empty (nothing there: mvroad creates its
 * tables at the first open) and return the name to open it by. A
 * ":memory:" is a new register each time. */
static inline const char *testdb_fresh(const char *path)
{
  if (!testdb_pg()) {
    testdb_remove(path);
    return path;
  }
#ifdef MVR_WITH_PG
  {
    char sql[160];
    testdb_reg *r = testdb_find(path, 1);
    PGresult *res;
    snprintf(sql, sizeof sql,
             "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", r->schema,
             r->schema);
    res = PQexec(testdb_admin(), sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
      fail_msg("%s: %s", sql, PQerrorMessage(testdb_admin()));
    PQclear(res);
    return r->uri;
  }
#else
  return path;
#endif
}

/* Open the register `path` with `flags`; the test fails unless it
 * opens. */
static inline mvr_db *testdb_open(const char *path, unsigned flags)
{
  mvr_db *db = NULL;
  char err[512];
  mvr_status rc = mvr_db_open(testdb_name(path), flags, &db, err, sizeof err);

  if (rc != MVR_OK)
    fail_msg("opening %s (%s): %s: %s", path, testdb_engine(),
             mvr_status_str(rc), err);
  return db;
}

/* A fresh register `path`, created and open. */
static inline mvr_db *testdb_new(const char *path)
{
  testdb_fresh(path);
  return testdb_open(path, MVR_OPEN_CREATE);
}

/* Run `sql` (one or more statements) on the register `path` through a
 * connection of its own, as an operator's tool would: no mvroad in
 * between. Returns 0 on success; on failure SQLite's result code, or 1 on
 * PostgreSQL with testdb_sqlstate set. When `out` is not NULL it gets
 * the first column of the first row ("" for none). SQLite's connection
 * has foreign keys on. */
static inline int testdb_query(const char *path, const char *sql, char *out,
                               size_t size)
{
  if (out && size)
    out[0] = '\0';
  if (!testdb_pg()) {
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = sql;
    int rc;

    if (sqlite3_open(path, &h) != SQLITE_OK)
      fail_msg("cannot open %s", path);
    sqlite3_busy_timeout(h, 10000);
    sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (!out) {
      rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
      sqlite3_close(h);
      return rc;
    }
    rc = sqlite3_prepare_v2(h, tail, -1, &st, NULL);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(out, size, "%s", t ? (const char *)t : "");
        rc = SQLITE_OK;
      } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
      }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rc;
  }
#ifdef MVR_WITH_PG
  return testdb_pg_exec(testdb_find(path, 0), sql, out, size);
#else
  return 1;
#endif
}

static inline int testdb_exec(const char *path, const char *sql)
{
  return testdb_query(path, sql, NULL, 0);
}

#endif
