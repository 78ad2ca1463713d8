/* test_release.c - releases through the public API: a scripted sequence
 * of imports (and a merge) with releases in between; diffs between
 * releases and with "current" list exactly the changes made in between;
 * releases are immutable (also to raw SQL); "as of" listings, searches,
 * counts and exports reproduce a release exactly after later imports; an
 * entry's history across releases; the text, Markdown and JSON writers;
 * and allocation failures at every step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "mvroad.h"
#include "testdb.h"

#define HEADER "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"

/* 1 H.266, 2 IEEE 2888.1, 3 WebXR, 4 MEC 002 */
static const char V1[] = HEADER
    "ITU-T SG21,H.266,Recommendation,Versatile video coding,Under "
    "development,Enabling Technology,VVC.\n"
    "IEEE,IEEE 2888.1,Standard,Sensor interface,Published,Interoperability,"
    "Sensors.\n"
    "W3C,WebXR API,Standard,WebXR Device API,Published,Enabling Technology,"
    "Immersive web.\n"
    "ETSI ISG MEC,ETSI GS MEC 002,Technical Specification,MEC use cases,"
    "Published,Infrastructure,Edge computing.\n";

/* H.266 published, 2888.1 retitled, MEC 002 withdrawn, WebXR not
 * mentioned; 5 ISO/IEC 23090-2 and 6 ISO/IEC 23090-3 new */
static const char V2[] = HEADER
    "ITU-T SG21,ITU-T H.266,Recommendation,Versatile video coding,"
    "Published,Enabling Technology,VVC.\n"
    "IEEE,IEEE 2888.1,Standard,Sensor interface for cyber and physical "
    "world,Published,Interoperability,Sensors.\n"
    "ETSI ISG MEC,ETSI GS MEC 002,Technical Specification,MEC use cases,"
    "Withdrawn,Infrastructure,Edge computing.\n"
    "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media "
    "format,Published,Enabling Technology,OMAF.\n"
    "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video coding,"
    "Published,Enabling Technology,VVC twin text.\n";

/* 7 3GPP TR 26.998 new, WebXR's summary changed */
static const char V3[] = HEADER
    "3GPP SA4,3GPP TR 26.998,Technical Report,Glass-type AR/MR devices,"
    "Under development,Enabling Technology,AR glasses.\n"
    "W3C,WebXR API,Standard,WebXR Device API,Published,Enabling Technology,"
    "Immersive web: AR and VR in the browser.\n";

typedef struct fixture {
  mvr_db *db;
  char path[256];
} fixture;

/* A register in memory, or in a file (for raw SQL from another
 * connection); every commit of a file register waits for the disk. */
static int open_fixture(void **state, int on_disk)
{
  fixture *f = calloc(1, sizeof *f);
  char err[256];

  assert_non_null(f);
  snprintf(f->path, sizeof f->path, "/tmp/mvr-test-release-%ld.db",
           (long)getpid());
  assert_int_equal(mvr_db_open(testdb_fresh(on_disk ? f->path : ":memory:"),
                               MVR_OPEN_CREATE, &f->db, err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_db_set_actor(f->db, "editor"), MVR_OK);
  *state = f;
  return 0;
}

static int setup(void **state)
{
  return open_fixture(state, 0);
}

static int setup_file(void **state)
{
  return open_fixture(state, 1);
}

static int teardown(void **state)
{
  fixture *f = *state;

  mvr_db_close(f->db);
  testdb_remove(f->path);
  free(f);
  return 0;
}

static void import(fixture *f, const char *name, const char *csv,
                   const char *date)
{
  mvr_import_opts o = {0};
  mvr_import_result res;

  o.date = date;
  assert_int_equal(
      mvr_import_mem(f->db, NULL, name, csv, strlen(csv), &o, NULL, &res),
      MVR_OK);
}

static void release(fixture *f, const char *name, const char *date, long want)
{
  long n = -1;

  assert_int_equal(mvr_release_create(f->db, name, date, NULL, &n), MVR_OK);
  assert_int_equal(n, want);
}

/* --- collecting output ------------------------------------------------ */

typedef struct text {
  char *p;
  size_t len;
} text;

static mvr_status append(void *ud, const char *p, size_t n)
{
  text *t = ud;
  char *q = realloc(t->p, t->len + n + 1);

  if (!q)
    return MVR_ERR_NOMEM;
  memcpy(q + t->len, p, n);
  t->len += n;
  q[t->len] = '\0';
  t->p = q;
  return MVR_OK;
}

static void text_add(text *t, const char *s)
{
  assert_int_equal(append(t, s, strlen(s)), MVR_OK);
}

/* The differences as one line: "A5 R6 C1{status:X>Y;...}! ...", where !
 * marks a withdrawal. */
static mvr_status on_diff(void *ud, const mvr_diff_item *d)
{
  text *t = ud;
  char head[64];
  size_t i;

  snprintf(head, sizeof head, "%s%c%lld", t->len ? " " : "", "ARC"[d->kind],
           (long long)d -> id);
  text_add(t, head);
  if (d->kind == MVR_DIFF_ADDED)
    assert_null(d->from);
  if (d->kind == MVR_DIFF_REMOVED)
    assert_null(d->to);
  if (d->kind != MVR_DIFF_CHANGED)
    return MVR_OK;
  assert_non_null(d->from);
  assert_non_null(d->to);
  text_add(t, "{");
  for (i = 0; i < d->nfields; i++) {
    text_add(t, i ? ";" : "");
    text_add(t, d->fields[i].field);
    text_add(t, ":");
    text_add(t, d->fields[i].from);
    text_add(t, ">");
    text_add(t, d->fields[i].to);
  }
  text_add(t, d->withdrawn ? "}!" : "}");
  return MVR_OK;
}

static void expect_diff(fixture *f, const char *a, const char *b,
                        const char *want)
{
  text t = {NULL, 0};

  assert_int_equal(mvr_diff(f->db, a, b, on_diff, &t), MVR_OK);
  assert_string_equal(t.p ? t.p : "", want);
  free(t.p);
}

static char *export(fixture *f, const char *release, const char *format)
{
  mvr_query q = {0};
  text t = {NULL, 0};

  q.release = release;
  assert_int_equal(mvr_export(f->db, &q, format, append, &t), MVR_OK);
  return t.p;
}

static long count(fixture *f, const char *release, const char *sdo,
                  const char *status, const char *words)
{
  mvr_query q = {0};
  long n = -1;

  q.release = release;
  q.sdo = sdo;
  q.status = status;
  q.text = words;
  assert_int_equal(mvr_query_count(f->db, &q, &n), MVR_OK);
  return n;
}

/* The scripted sequence: V1, release R1, V2, R2, V3 and a merge, R3. */
#define H266_PUB                                                               \
  "C1{status:Under development>Published;"                                     \
  "status_detail:Under development>Published}"
#define IEEE_TITLE                                                             \
  "C2{title:Sensor interface>Sensor interface for cyber and physical world}"
#define MEC_WD                                                                 \
  "C4{status:Published>Withdrawn;status_detail:Published>Withdrawn}!"
#define WEBXR_SUMMARY                                                          \
  "C3{summary:Immersive web.>Immersive web: AR and VR in the browser.}"

static void script(fixture *f, char **r1_json, char **r1_md, char **r2_csv)
{
  import(f, "v1.csv", V1, "2025-01-10");
  release(f, "R1", "2025-01-20", 4);
  *r1_json = export(f, NULL, "json");
  *r1_md = export(f, NULL, "md");
  import(f, "v2.csv", V2, "2025-05-10");
  expect_diff(f, "R1", "current", H266_PUB " " IEEE_TITLE " " MEC_WD " A5 A6");
  release(f, "R2", "2025-05-20", 6);
  *r2_csv = export(f, NULL, "csv");
  import(f, "v3.csv", V3, "2025-10-10");
  /* the twin text is one standard: 23090-3 leaves the roadmap */
  assert_int_equal(mvr_merge(f->db, "ITU-T H.266", "ISO/IEC 23090-3", NULL),
                   MVR_OK);
  release(f, "R3", NULL, 6);
}

static void test_diffs(void **state)
{
  fixture *f = *state;
  char *j = NULL, *m = NULL, *c = NULL;

  script(f, &j, &m, &c);
  expect_diff(f, "R1", "R2", H266_PUB " " IEEE_TITLE " " MEC_WD " A5 A6");
  expect_diff(f, "R2", "R3", WEBXR_SUMMARY " R6 A7");
  expect_diff(f, "R1", "R3",
              H266_PUB " " IEEE_TITLE " " WEBXR_SUMMARY " " MEC_WD " A5 A7");
  /* backwards, the same changes undone; nothing is "withdrawn" */
  expect_diff(f, "R2", "R1",
              "C1{status:Published>Under development;"
              "status_detail:Published>Under development} "
              "C2{title:Sensor interface for cyber and physical "
              "world>Sensor interface} "
              "C4{status:Withdrawn>Published;"
              "status_detail:Withdrawn>Published} R5 R6");
  expect_diff(f, "R3", "current", "");
  expect_diff(f, "R1", "R1", "");
  expect_diff(f, "current", "current", "");
  free(j);
  free(m);
  free(c);
}

static void test_as_of(void **state)
{
  fixture *f = *state;
  char *r1_json = NULL, *r1_md = NULL, *r2_csv = NULL, *s;
  mvr_stats *st = NULL;
  mvr_query q = {0};
  mvr_cursor *cur = NULL;
  const mvr_entry *e;

  script(f, &r1_json, &r1_md, &r2_csv);
  /* exactly what each release held, after later imports and a merge */
  s = export(f, "R1", "json");
  assert_string_equal(s, r1_json);
  free(s);
  s = export(f, "R1", "md");
  assert_string_equal(s, r1_md);
  free(s);
  s = export(f, "R2", "csv");
  assert_string_equal(s, r2_csv);
  free(s);
  s = export(f, "current", "json");
  assert_string_not_equal(s, r1_json);
  free(s);

  assert_int_equal(count(f, "R1", NULL, NULL, NULL), 4);
  assert_int_equal(count(f, "R2", NULL, NULL, NULL), 6);
  assert_int_equal(count(f, NULL, NULL, NULL, NULL), 6);
  assert_int_equal(count(f, "R1", NULL, "Withdrawn", NULL), 0);
  assert_int_equal(count(f, "R2", NULL, "Withdrawn", NULL), 1);
  /* an organisation includes its sub-bodies, in a release too */
  assert_int_equal(count(f, "R1", "ITU-T", NULL, NULL), 1);
  assert_int_equal(count(f, "R2", "JTC 1", NULL, NULL), 2);
  assert_int_equal(count(f, "R3", "JTC 1", NULL, NULL), 1);
  /* a release is searched in its own text, not today's */
  assert_int_equal(count(f, "R1", NULL, NULL, "cyber"), 0);
  assert_int_equal(count(f, "R2", NULL, NULL, "cyber physical"), 1);
  assert_int_equal(count(f, "R2", NULL, NULL, "browser"), 0);
  assert_int_equal(count(f, "R3", NULL, NULL, "BROWSER"), 1);
  assert_int_equal(count(f, NULL, NULL, NULL, "browser"), 1);
  assert_int_equal(count(f, "R2", NULL, NULL, "100%"), 0);

  q.release = "R1";
  q.sort = "rank";
  q.text = "video";
  assert_int_equal(mvr_query_run(f->db, &q, &cur), MVR_OK);
  assert_int_equal(mvr_cursor_next(cur, &e), MVR_OK);
  assert_non_null(e);
  assert_string_equal(e->reference, "ITU-T H.266");
  assert_string_equal(e->status, "Under development");
  assert_int_equal(e->ncategories, 1);
  assert_string_equal(e->categories[0], "Enabling Technology");
  assert_int_equal(mvr_cursor_next(cur, &e), MVR_OK);
  assert_null(e);
  mvr_cursor_free(cur);

  memset(&q, 0, sizeof q);
  q.release = "R2";
  assert_int_equal(mvr_stats_get(f->db, &q, &st), MVR_OK);
  assert_int_equal(st->entries, 6);
  assert_int_equal(st->organisations, 5);
  /* the submissions received by R2's freeze, not today's three */
  assert_int_equal(st->submissions, 2);
  assert_int_equal(st->by_status[0].count + st->by_status[1].count +
                       st->by_status[2].count,
                   6);
  mvr_stats_free(st);
  q.release = "R1";
  assert_int_equal(mvr_stats_get(f->db, &q, &st), MVR_OK);
  assert_int_equal(st->submissions, 1);
  mvr_stats_free(st);
  q.release = NULL;
  assert_int_equal(mvr_stats_get(f->db, &q, &st), MVR_OK);
  assert_int_equal(st->submissions, 3);
  mvr_stats_free(st);

  q.release = "R9";
  assert_int_equal(mvr_query_run(f->db, &q, &cur), MVR_ERR_NOTFOUND);
  assert_null(cur);
  assert_non_null(strstr(mvr_db_errmsg(f->db), "no release named \"R9\""));
  assert_int_equal(mvr_diff(f->db, "R1", "R9", on_diff, NULL),
                   MVR_ERR_NOTFOUND);
  free(r1_json);
  free(r1_md);
  free(r2_csv);
}

static void test_create_list(void **state)
{
  fixture *f = *state;
  mvr_releases *r = NULL;
  char today[16];
  time_t now = time(NULL);
  struct tm tm;
  long n = -1;

  gmtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  assert_int_equal(mvr_release_list(f->db, &r), MVR_OK);
  assert_int_equal(r->n, 0);
  mvr_releases_free(r);
  /* an empty roadmap can be released: it is a version too */
  assert_int_equal(mvr_release_create(f->db, "empty", NULL, NULL, &n), MVR_OK);
  assert_int_equal(n, 0);
  import(f, "v1.csv", V1, "2025-01-10");
  assert_int_equal(mvr_release_create(f->db, "  JCA-MV 5 ", "2025-02-01",
                                      "Meeting 5\n(Geneva)", NULL),
                   MVR_OK);
  assert_int_equal(mvr_release_create(f->db, "JCA-MV 5", NULL, NULL, &n),
                   MVR_ERR_EXISTS);
  assert_non_null(strstr(mvr_db_errmsg(f->db), "exists already"));
  assert_int_equal(mvr_release_create(f->db, "current", NULL, NULL, NULL),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_release_create(f->db, " ", NULL, NULL, NULL),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_release_create(f->db, NULL, NULL, NULL, NULL),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_release_create(f->db, "x", "2025-02-30", NULL, NULL),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_release_create(f->db, "bad\xff", NULL, NULL, NULL),
                   MVR_ERR_ARG);

  assert_int_equal(mvr_release_list(f->db, &r), MVR_OK);
  assert_int_equal(r->n, 2);
  assert_string_equal(r->items[0].name, "empty");
  assert_string_equal(r->items[0].date, today);
  assert_string_equal(r->items[0].note, "");
  assert_int_equal(r->items[0].entries, 0);
  assert_int_equal(r->items[0].submissions, 0);
  assert_string_equal(r->items[1].name, "JCA-MV 5");
  assert_string_equal(r->items[1].date, "2025-02-01");
  assert_string_equal(r->items[1].note, "Meeting 5\n(Geneva)");
  assert_string_equal(r->items[1].actor, "editor");
  assert_int_equal(r->items[1].entries, 4);
  assert_int_equal(r->items[1].submissions, 1);
  assert_int_equal(strlen(r->items[1].created_at), 20);
  mvr_releases_free(r);
  mvr_releases_free(NULL);
  expect_diff(f, "empty", "JCA-MV 5", "A1 A2 A3 A4");
}

/* SQL from another connection, foreign keys on (testdb.h): 0 on
 * success. */
static int exec_sql(fixture *f, const char *sql)
{
  return testdb_exec(f->path, sql);
}

static void test_immutable(void **state)
{
  fixture *f = *state;
  char *before, *after;

  import(f, "v1.csv", V1, "2025-01-10");
  release(f, "R1", "2025-01-20", 4);
  before = export(f, "R1", "json");
  assert_int_not_equal(exec_sql(f, "UPDATE releases SET note = 'x'"),
                       SQLITE_OK);
  assert_int_not_equal(exec_sql(f, "DELETE FROM releases"), SQLITE_OK);
  assert_int_not_equal(
      exec_sql(f, "UPDATE release_entries SET status = 'Withdrawn'"),
      SQLITE_OK);
  assert_int_not_equal(exec_sql(f, "DELETE FROM release_entries"), SQLITE_OK);
  assert_int_not_equal(
      exec_sql(f, "INSERT INTO release_entries SELECT release_id,"
                  " entry_id + 100, org, family, refkey || 'x', reference,"
                  " ref_detail, type, title, status, status_detail,"
                  " categories, catmask, summary, url, first_seen,"
                  " last_updated, version FROM release_entries"),
      SQLITE_OK);
  if (testdb_pg()) { /* TRUNCATE bypasses row triggers */
    assert_int_not_equal(exec_sql(f, "TRUNCATE release_entries"), 0);
    assert_int_not_equal(exec_sql(f, "TRUNCATE releases CASCADE"), 0);
  }
  assert_int_equal(exec_sql(f, "SELECT 1"), SQLITE_OK);
  after = export(f, "R1", "json");
  assert_string_equal(before, after);
  free(before);
  free(after);
  /* a failed create leaves nothing behind */
  assert_int_equal(mvr_release_create(f->db, "R1", NULL, NULL, NULL),
                   MVR_ERR_EXISTS);
  release(f, "R2", NULL, 4);
  expect_diff(f, "R1", "R2", "");
}

static void test_history(void **state)
{
  fixture *f = *state;
  char *j = NULL, *m = NULL, *c = NULL;
  mvr_history *h = NULL;

  script(f, &j, &m, &c);
  free(j);
  free(m);
  free(c);
  assert_int_equal(mvr_entry_history(f->db, "Rec. ITU-T H.266", &h), MVR_OK);
  assert_int_equal(h->detail->entry.id, 1);
  assert_int_equal(h->nreleases, 3);
  assert_string_equal(h->releases[0].release->name, "R1");
  assert_string_equal(h->releases[0].release->date, "2025-01-20");
  assert_string_equal(h->releases[0].entry->status, "Under development");
  assert_int_equal(h->releases[0].nchanges, 0);
  assert_string_equal(h->releases[1].entry->status, "Published");
  assert_int_equal(h->releases[1].nchanges, 2);
  assert_string_equal(h->releases[1].changes[0].field, "status");
  assert_string_equal(h->releases[1].changes[0].from, "Under development");
  assert_string_equal(h->releases[1].changes[0].to, "Published");
  assert_int_equal(h->releases[2].nchanges, 0);
  assert_int_equal(h->nsince_release, 0);
  assert_true(h->detail->nsources >= 2);
  mvr_history_free(h);

  /* 23090-2 arrived with V2: absent from R1 */
  assert_int_equal(mvr_entry_history(f->db, "ISO/IEC 23090-2", &h), MVR_OK);
  assert_int_equal(h->nreleases, 3);
  assert_null(h->releases[0].entry);
  assert_non_null(h->releases[1].entry);
  assert_string_equal(h->releases[1].entry->title,
                      "Omnidirectional media format");
  assert_int_equal(h->releases[1].entry->ncategories, 1);
  assert_non_null(h->releases[2].entry);
  mvr_history_free(h);

  /* changed since the last release */
  import(f, "v4.csv",
         HEADER "W3C,WebXR API,Standard,WebXR Device API,Withdrawn,"
                "Enabling Technology,Immersive web: AR and VR in the "
                "browser.\n",
         "2026-01-10");
  assert_int_equal(mvr_entry_history(f->db, "3", &h), MVR_OK);
  assert_int_equal(h->nsince_release, 2);
  assert_string_equal(h->since_release[0].field, "status");
  assert_string_equal(h->since_release[0].to, "Withdrawn");
  mvr_history_free(h);
  mvr_history_free(NULL);
  expect_diff(f, "R3", "current",
              "C3{status:Published>Withdrawn;"
              "status_detail:Published>Withdrawn}!");

  assert_int_equal(mvr_entry_history(f->db, "ISO/IEC 99999", &h),
                   MVR_ERR_NOTFOUND);
  assert_null(h);
}

static void test_writers(void **state)
{
  fixture *f = *state;
  char *j = NULL, *m = NULL, *c = NULL;
  text t = {NULL, 0};
  json_t *root, *changed, *one;
  json_error_t err;

  script(f, &j, &m, &c);
  free(j);
  free(m);
  free(c);
  assert_int_equal(mvr_diff_write(f->db, "R1", "R2", "json", append, &t),
                   MVR_OK);
  root = json_loads(t.p, 0, &err);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "from")), "R1");
  assert_string_equal(json_string_value(json_object_get(root, "to")), "R2");
  assert_int_equal(json_array_size(json_object_get(root, "added")), 2);
  assert_int_equal(json_array_size(json_object_get(root, "removed")), 0);
  assert_int_equal(json_array_size(json_object_get(root, "withdrawn")), 1);
  assert_int_equal(json_array_size(json_object_get(root, "status_transitions")),
                   2);
  changed = json_object_get(root, "changed");
  assert_int_equal(json_array_size(changed), 3);
  one = json_array_get(changed, 0);
  assert_int_equal(json_integer_value(json_object_get(one, "id")), 1);
  assert_string_equal(json_string_value(json_object_get(one, "reference")),
                      "ITU-T H.266");
  one = json_object_get(json_object_get(one, "fields"), "status");
  assert_string_equal(json_string_value(json_object_get(one, "from")),
                      "Under development");
  assert_string_equal(json_string_value(json_object_get(one, "to")),
                      "Published");
  one = json_array_get(json_object_get(root, "added"), 0);
  assert_string_equal(json_string_value(json_object_get(one, "reference")),
                      "ISO/IEC 23090-2");
  json_decref(root);
  free(t.p);

  t.p = NULL;
  t.len = 0;
  assert_int_equal(mvr_diff_write(f->db, "R1", "R2", "text", append, &t),
                   MVR_OK);
  assert_non_null(strstr(t.p, "Under development -> Published: 1"));
  assert_non_null(strstr(t.p, "2 added, 0 removed, 3 changed (1 withdrawn)"));
  free(t.p);

  t.p = NULL;
  t.len = 0;
  assert_int_equal(mvr_diff_write(f->db, "R2", "current", "md", append, &t),
                   MVR_OK);
  assert_non_null(strstr(t.p, "# Changes from R2 to current\n"));
  assert_non_null(strstr(t.p, "## Removed (1)\n"));
  assert_non_null(strstr(t.p, "| ISO/IEC JTC 1/SC 29 | ISO/IEC 23090-3 |"));
  free(t.p);

  t.p = NULL;
  t.len = 0;
  assert_int_equal(mvr_diff_write(f->db, "R3", "current", "text", append, &t),
                   MVR_OK);
  assert_non_null(strstr(t.p, "No changes"));
  free(t.p);

  t.p = NULL;
  t.len = 0;
  assert_int_equal(mvr_diff_write(f->db, "R1", "R2", "xml", append, &t),
                   MVR_ERR_FORMAT);
  assert_int_equal(mvr_diff_write(f->db, "R0", "R2", "json", append, &t),
                   MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_diff_write(f->db, "R1", "", "json", append, &t),
                   MVR_ERR_ARG);
  assert_null(t.p); /* nothing written before an error */
}

/* --- allocation failures ------------------------------------------------ */

static long countdown = -1;

static void *f_malloc(size_t n, void *ud)
{
  (void)ud;
  if (countdown >= 0 && countdown-- == 0)
    return NULL;
  return malloc(n ? n : 1);
}

static void *f_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  if (countdown >= 0 && countdown-- == 0)
    return NULL;
  return realloc(p, n ? n : 1);
}

static void f_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

static mvr_status drop(void *ud, const char *p, size_t n)
{
  (void)ud;
  (void)p;
  (void)n;
  return MVR_OK;
}

/* Release, diff, history and an "as of" export with allocation N failing:
 * each ends with a status and no leak; a release is all or nothing. */
static void test_faults(void **state)
{
  fixture *f = *state;
  const mvr_allocator a = {f_malloc, f_realloc, f_free, NULL};
  const char *env = getenv("MVR_FAULT_STRIDE");
  long i, done = 0, step = env ? strtol(env, NULL, 10) : 7;

  if (step < 1)
    step = 1;
  import(f, "v1.csv", V1, "2025-01-10");
  release(f, "R1", "2025-01-20", 4);
  import(f, "v2.csv", V2, "2025-05-10");
  assert_int_equal(mvr_set_allocator(&a), MVR_OK);
  for (i = 0; i < 100000 && !done; i += step) {
    mvr_history *h = NULL;
    mvr_releases *r = NULL;
    mvr_query q = {0};
    char name[32];
    long n = -1;
    mvr_status rc;

    snprintf(name, sizeof name, "F%ld", i);
    countdown = i;
    rc = mvr_release_create(f->db, name, NULL, "note", &n);
    if (!rc)
      rc = mvr_diff_write(f->db, "R1", name, "json", drop, NULL);
    if (!rc)
      rc = mvr_entry_history(f->db, "1", &h);
    mvr_history_free(h);
    q.release = "R1";
    if (!rc)
      rc = mvr_export(f->db, &q, "md", drop, NULL);
    if (!rc)
      rc = mvr_release_list(f->db, &r);
    mvr_releases_free(r);
    done = countdown >= 0 && !rc;
    countdown = -1;
    assert_true(rc == MVR_OK || rc == MVR_ERR_NOMEM || rc == MVR_ERR_STORE);
    /* all or nothing */
    memset(&q, 0, sizeof q);
    q.release = name;
    rc = mvr_query_count(f->db, &q, &n);
    assert_true(rc == MVR_OK || rc == MVR_ERR_NOTFOUND);
    if (!rc)
      assert_int_equal(n, 6);
  }
  mvr_set_allocator(NULL);
  print_message("completed after %ld allocations (every %ld tried)\n", i,
                step);
  assert_true(done);
  assert_true(i > 100);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_create_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_immutable, setup_file, teardown),
      cmocka_unit_test_setup_teardown(test_diffs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_as_of, setup, teardown),
      cmocka_unit_test_setup_teardown(test_history, setup, teardown),
      cmocka_unit_test_setup_teardown(test_writers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_faults, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
