/* test_gaps.c - coverage and gaps (issue 7): topics tagged from the
 * profile's phrase rules (stemmed: "avatars" matches "avatar"; phrases
 * word by word; title and summary), the matrices adding up, gaps of both
 * kinds, editors' overrides, the bundled dataset, the profile's "topics"
 * checked, the writers, allocation failures. */
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

#define HEADER "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"

static long countdown = -1;

static int should_fail(void)
{
  if (countdown < 0)
    return 0;
  return countdown-- == 0;
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

static mvr_db *open_mem(const char *rows)
{
  mvr_db *db = NULL;
  mvr_import_result res;
  char err[256], *csv;
  size_t n = strlen(HEADER) + strlen(rows);

  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  csv = malloc(n + 1);
  assert_non_null(csv);
  snprintf(csv, n + 1, "%s%s", HEADER, rows);
  assert_int_equal(mvr_import_mem(db, NULL, "t.csv", csv, n, NULL, NULL, &res),
                   MVR_OK);
  free(csv);
  return db;
}

static size_t idx(const char *const *v, size_t n, const char *name)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (strcmp(v[i], name) == 0)
      return i;
  fprintf(stderr, "no such label: %s\n", name);
  fail();
  return 0;
}

static const mvr_gap *gap(const mvr_gaps *g, const char *name)
{
  size_t i;

  for (i = 0; i < g->ngaps; i++)
    if (strcmp(g->gaps[i].name, name) == 0)
      return &g->gaps[i];
  return NULL;
}

/* Rows and columns add up: an entry of one category counts once. */
static void check_sums(const mvr_gaps *g)
{
  size_t c, k;

  for (c = 0; c < g->ncategories; c++) {
    long by_status = 0, by_org = 0;
    for (k = 0; k < g->nstatuses; k++)
      by_status += g->cat_status[c * g->nstatuses + k];
    for (k = 0; k < g->norgs; k++)
      by_org += g->cat_org[c * g->norgs + k];
    assert_int_equal(by_status, g->cat_total[c]);
    assert_int_equal(by_org, g->cat_total[c]);
    assert_true(g->cat_published[c] <= g->cat_total[c]);
  }
  for (c = 0; c < g->ntopics; c++) {
    long by_status = 0;
    for (k = 0; k < g->nstatuses; k++)
      by_status += g->topic_status[c * g->nstatuses + k];
    assert_int_equal(by_status, g->topic_total[c]);
  }
}

static void test_tagging_and_gaps(void **state)
{
  mvr_db *db = open_mem(
      "IEEE,IEEE 1,Standard,Avatars for everyone,Published,"
      "Interoperability,x\n"
      "W3C,w1,Standard,Web things,Under development,Interoperability,"
      "Protects the privacy of users\n"
      "ITU-T SG20,ITU-T Y.1,Recommendation,Integration of the virtual and "
      "physical worlds,Published,Application/Service,x\n"
      "ITU-T SG20,ITU-T Y.2,Recommendation,A physical thing that is "
      "virtual,Published,Application/Service,x\n");
  mvr_gaps *g = NULL;
  size_t t_av, t_sec, t_vp, t_hap, c_int, c_app, s_pub;
  const mvr_gap *x;

  (void)state;
  assert_int_equal(mvr_gaps_find(db, &g), MVR_OK);
  assert_int_equal(g->entries, 4);
  assert_int_equal(g->ntopics, 13);
  t_av = idx(g->topics, g->ntopics, "Avatars");
  t_sec = idx(g->topics, g->ntopics, "Security and privacy");
  t_vp = idx(g->topics, g->ntopics, "Virtual-physical integration");
  t_hap = idx(g->topics, g->ntopics, "Haptics");
  c_int = idx(g->categories, g->ncategories, "Interoperability");
  c_app = idx(g->categories, g->ncategories, "Application/Service");
  s_pub = idx(g->statuses, g->nstatuses, "Published");
  /* "Avatars" in a title, stemmed */
  assert_int_equal(g->topic_total[t_av], 1);
  assert_int_equal(g->topic_cat[t_av * g->ncategories + c_int], 1);
  /* "privacy" in a summary; under development only: a gap */
  assert_int_equal(g->topic_total[t_sec], 1);
  assert_int_equal(g->topic_published[t_sec], 0);
  x = gap(g, "Security and privacy");
  assert_non_null(x);
  assert_string_equal(x->kind, "topic");
  assert_string_equal(x->what, "no published standard");
  assert_int_equal(x->entries, 1);
  /* the phrase "virtual and physical": words in order ("of the" are stop
   * words), not merely present ("physical ... virtual" does not match) */
  assert_int_equal(g->topic_total[t_vp], 1);
  assert_int_equal(g->topic_cat[t_vp * g->ncategories + c_app], 1);
  assert_int_equal(g->topic_status[t_vp * g->nstatuses + s_pub], 1);
  /* nothing on haptics */
  x = gap(g, "Haptics");
  assert_non_null(x);
  assert_string_equal(x->what, "no work");
  assert_int_equal(x->entries, 0);
  assert_int_equal(g->topic_total[t_hap], 0);
  /* categories without entries are gaps too */
  x = gap(g, "Infrastructure");
  assert_non_null(x);
  assert_string_equal(x->kind, "category");
  assert_string_equal(x->what, "no work");
  assert_null(gap(g, "Interoperability"));
  assert_null(gap(g, "Avatars"));
  assert_int_equal(g->untagged, 1); /* "A physical thing that is virtual" */
  /* organisations are families, by name */
  assert_int_equal(g->norgs, 3);
  assert_string_equal(g->orgs[0], "IEEE");
  assert_string_equal(g->orgs[1], "ITU-T");
  assert_string_equal(g->orgs[2], "W3C");
  check_sums(g);
  mvr_gaps_free(g);
  mvr_db_close(db);
}

/* Editors' overrides: a topic set by hand, removed by hand, back to the
 * phrase rules; unknown topics and entries refused. */
static void test_overrides(void **state)
{
  mvr_db *db = open_mem(
      "IEEE,IEEE 1,Standard,Avatars for everyone,Published,"
      "Interoperability,x\n"
      "W3C,w1,Standard,Web things,Under development,Interoperability,y\n");
  mvr_gaps *g = NULL;
  size_t t_av, t_hap;

  (void)state;
  assert_int_equal(mvr_topic_set(db, "w1", "Haptics", 1, "touch API"),
                   MVR_OK);
  assert_int_equal(mvr_topic_set(db, "IEEE 1", "Avatars", 0, NULL), MVR_OK);
  assert_int_equal(mvr_gaps_find(db, &g), MVR_OK);
  t_av = idx(g->topics, g->ntopics, "Avatars");
  t_hap = idx(g->topics, g->ntopics, "Haptics");
  assert_int_equal(g->topic_total[t_hap], 1);
  assert_int_equal(g->topic_published[t_hap], 0);
  assert_int_equal(g->topic_total[t_av], 0);
  assert_int_equal(g->overridden, 2);
  assert_string_equal(gap(g, "Haptics")->what, "no published standard");
  assert_string_equal(gap(g, "Avatars")->what, "no work");
  check_sums(g);
  mvr_gaps_free(g);
  /* setting again replaces; -1 forgets */
  assert_int_equal(mvr_topic_set(db, "IEEE 1", "Avatars", 1, NULL), MVR_OK);
  assert_int_equal(mvr_topic_set(db, "w1", "Haptics", -1, NULL), MVR_OK);
  assert_int_equal(mvr_topic_set(db, "w1", "Haptics", -1, NULL), MVR_OK);
  assert_int_equal(mvr_gaps_find(db, &g), MVR_OK);
  assert_int_equal(g->topic_total[t_hap], 0);
  assert_int_equal(g->topic_total[t_av], 1);
  assert_int_equal(g->overridden, 1);
  assert_null(gap(g, "Avatars"));
  mvr_gaps_free(g);
  /* what is refused */
  assert_int_equal(mvr_topic_set(db, "w1", "Cooking", 1, NULL),
                   MVR_ERR_NOTFOUND);
  assert_non_null(strstr(mvr_db_errmsg(db), "Cooking"));
  assert_int_equal(mvr_topic_set(db, "nope 9", "Haptics", 1, NULL),
                   MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_topic_set(db, "w1", "Haptics", 2, NULL), MVR_ERR_ARG);
  assert_int_equal(mvr_topic_set(db, NULL, "Haptics", 1, NULL), MVR_ERR_ARG);
  mvr_db_close(db);
}

static mvr_status collect(void *ud, const char *p, size_t n)
{
  FILE *f = ud;
  return fwrite(p, 1, n, f) == n ? MVR_OK : MVR_ERR_IO;
}

static void test_bundled(void **state)
{
  mvr_db *db = NULL;
  mvr_import_result res;
  mvr_gaps *g = NULL;
  char err[256], *buf = NULL;
  size_t len = 0, i;
  FILE *f;

  (void)state;
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_import_file(db, NULL,
                                   MVR_SOURCE_DIR
                                   "/data/examples/metaverse-standards.csv",
                                   NULL, NULL, &res),
                   MVR_OK);
  assert_int_equal(mvr_gaps_find(db, &g), MVR_OK);
  assert_int_equal(g->entries, 128);
  check_sums(g);
  /* every topic has work in the bundled dataset; security and privacy
   * only drafts (X.sg-eimv, ...) */
  for (i = 0; i < g->ntopics; i++)
    assert_true(g->topic_total[i] > 0);
  assert_non_null(gap(g, "Security and privacy"));
  assert_true(g->untagged < g->entries / 2);
  printf("  bundled dataset: %zu gaps, %lu of %lu entries of no topic\n",
         g->ngaps, g->untagged, g->entries);
  f = open_memstream(&buf, &len);
  assert_int_equal(mvr_gaps_write(g, "json", collect, f), MVR_OK);
  fclose(f);
  assert_non_null(strstr(buf, "\"topic_category\": ["));
  assert_non_null(strstr(buf, "\"what\": \"no published standard\""));
  free(buf);
  f = open_memstream(&buf, &len);
  assert_int_equal(mvr_gaps_write(g, "csv", collect, f), MVR_OK);
  fclose(f);
  assert_non_null(strstr(buf, "category_status,General,Published,"));
  free(buf);
  f = open_memstream(&buf, &len);
  assert_int_equal(mvr_gaps_write(g, "text", collect, f), MVR_OK);
  fclose(f);
  assert_non_null(strstr(buf, "Entries by topic and category:"));
  free(buf);
  assert_int_equal(mvr_gaps_write(g, "pdf", collect, stdout), MVR_ERR_FORMAT);
  mvr_gaps_free(g);
  mvr_gaps_free(NULL);
  mvr_db_close(db);
}

/* The bundled profile with its "topics" replaced by `topics`. */
static mvr_status load_with(const char *topics, mvr_report *rep,
                            mvr_profile **out)
{
  FILE *f = fopen(MVR_SOURCE_DIR "/data/profiles/jca-mv.json", "r");
  char *text, *at, *json;
  long len;
  size_t n;
  mvr_status rc;

  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  rewind(f);
  text = malloc((size_t)len + 1);
  assert_non_null(text);
  assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
  text[len] = '\0';
  fclose(f);
  at = strstr(text, "\"topics\": [");
  assert_non_null(at);
  *at = '\0';
  n = strlen(text) + strlen(topics) + 16;
  json = malloc(n);
  assert_non_null(json);
  snprintf(json, n, "%s\"topics\": %s}", text, topics);
  rc = mvr_profile_load(json, strlen(json), "t.json", rep, out);
  free(text);
  free(json);
  return rc;
}

static void test_profile_topics(void **state)
{
  mvr_profile *p = NULL;
  mvr_report *rep = NULL;
  static const char *const bad[] = {
      "3",
      "[{\"name\": \"A\"}]",
      "[{\"name\": \"\", \"phrases\": [\"a\"]}]",
      "[{\"name\": \"A\", \"phrases\": [1]}]",
      "[{\"name\": \"A\", \"phrases\": [\"x\"]},"
      " {\"name\": \"A\", \"phrases\": [\"y\"]}]",
  };
  size_t i;

  (void)state;
  assert_int_equal(mvr_profile_default(&p), MVR_OK);
  assert_int_equal(mvr_profile_topic_count(p), 13);
  assert_string_equal(mvr_profile_topic(p, 0), "Avatars");
  assert_null(mvr_profile_topic(p, 13));
  mvr_profile_free(p);
  assert_int_equal(mvr_report_new(&rep), MVR_OK);
  assert_int_equal(load_with("[{\"name\": \"A\", \"phrases\": [\"x\"]}]", rep,
                             &p),
                   MVR_OK);
  assert_int_equal(mvr_profile_topic_count(p), 1);
  mvr_profile_free(p);
  for (i = 0; i < sizeof bad / sizeof *bad; i++) {
    p = NULL;
    assert_int_equal(load_with(bad[i], rep, &p), MVR_ERR_PROFILE);
    assert_null(p);
  }
  mvr_report_free(rep);
}

static void test_alloc_failures(void **state)
{
  static const mvr_allocator fa = {f_malloc, f_realloc, f_free, NULL};
  mvr_db *db = open_mem("IEEE,IEEE 1,Standard,Avatars,Published,General,x\n"
                        "W3C,w1,Standard,Haptics,Published,Infrastructure,y\n");
  mvr_gaps *g;
  long n;
  int ok = 0;

  (void)state;
  assert_int_equal(mvr_set_allocator(&fa), MVR_OK);
  for (n = 0; n < 5000 && !ok; n++) {
    mvr_status rc;
    countdown = n;
    g = NULL;
    rc = mvr_gaps_find(db, &g);
    countdown = -1;
    if (rc == MVR_OK) {
      ok = 1;
      mvr_gaps_free(g);
    } else {
      assert_null(g);
    }
  }
  assert_true(ok);
  mvr_db_close(db);
  mvr_set_allocator(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tagging_and_gaps),
      cmocka_unit_test(test_bundled),
      cmocka_unit_test(test_overrides),
      cmocka_unit_test(test_profile_topics),
      cmocka_unit_test(test_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
