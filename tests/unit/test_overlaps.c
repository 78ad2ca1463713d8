/* test_overlaps.c - overlaps across organisations (issue 7): precision
 * and recall on the labelled pairs of the bundled dataset
 * (tests/data/overlaps-labelled.tsv), the expected pairs (ITU-T H.266 and
 * ISO/IEC 23090-3 as a twin text; digital-twin work across SDOs), known
 * equivalences apart from overlaps, pairs within one family never
 * reported, the candidate index against all pairs, clusters, shared
 * terms, the writers, bad arguments and allocation failures. */
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

/* Floors: the labelled set has 16 "yes" pairs, 14 "no" pairs and 2
 * "same" pairs. Measured (this test prints the table): no "no" pair
 * scores above 0.08, so precision on the set is 1.00 at every minimum
 * from 0.1 up; recall is 0.50 at the default 0.15 and 0.62 at 0.10. The
 * "yes" pairs it misses share no word once stemmed ("Identity" /
 * "Identifiers", "Avatars" / "Digital Humans") or only common ones
 * ("virtual reality"). The floors leave one pair of slack on recall (a
 * tokenisation or weighting change may move one pair across the line)
 * and keep precision at the 0.8 docs/analysis.md asks for. Both "same"
 * pairs must come out as equivalences. */
#define FLOOR_P_DEFAULT 0.8
#define FLOOR_R_DEFAULT 0.43 /* 7 of 16 */
#define LOW_MIN 0.10
#define FLOOR_P_LOW 0.8
#define FLOOR_R_LOW 0.56 /* 9 of 16 */

/* --- a pass-through allocator that can fail allocation N ------------------ */

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

/* --- helpers -------------------------------------------------------------- */

static mvr_db *open_bundled(void)
{
  mvr_db *db = NULL;
  mvr_import_result res;
  char err[256];

  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_import_file(db, NULL,
                                   MVR_SOURCE_DIR
                                   "/data/examples/metaverse-standards.csv",
                                   NULL, NULL, &res),
                   MVR_OK);
  return db;
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

static int64_t id_of(mvr_db *db, const char *ref)
{
  mvr_entry_detail *d = NULL;
  int64_t id;

  if (mvr_entry_lookup(db, ref, &d) != MVR_OK) {
    fprintf(stderr, "labelled reference not found: %s\n", ref);
    fail();
  }
  id = d->entry.id;
  mvr_entry_detail_free(d);
  return id;
}

static const mvr_overlap *pair_ids(const mvr_overlaps *o, int64_t a, int64_t b)
{
  size_t i;

  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    if ((p->a.id == a && p->b.id == b) || (p->a.id == b && p->b.id == a))
      return p;
  }
  return NULL;
}

static const mvr_overlap *pair(mvr_db *db, const mvr_overlaps *o,
                               const char *a, const char *b)
{
  return pair_ids(o, id_of(db, a), id_of(db, b));
}

static mvr_overlaps *find(mvr_db *db, double min)
{
  mvr_overlap_opts opts = {min, 0};
  mvr_overlaps *o = NULL;

  assert_int_equal(mvr_overlaps_find(db, &opts, &o), MVR_OK);
  assert_non_null(o);
  return o;
}

typedef struct label {
  char a[128], b[128], label[16];
} label;

static size_t read_labels(label *out, size_t max)
{
  FILE *f = fopen(MVR_SOURCE_DIR "/tests/data/overlaps-labelled.tsv", "r");
  char line[1024];
  size_t n = 0;
  int header = 1;

  assert_non_null(f);
  while (fgets(line, sizeof line, f) && n < max) {
    char *a, *b, *l, *save = NULL;
    if (line[0] == '#' || line[0] == '\n')
      continue;
    if (header) { /* the column names */
      header = 0;
      continue;
    }
    a = strtok_r(line, "\t\n", &save);
    b = strtok_r(NULL, "\t\n", &save);
    l = strtok_r(NULL, "\t\n", &save);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(l);
    snprintf(out[n].a, sizeof out[n].a, "%s", a);
    snprintf(out[n].b, sizeof out[n].b, "%s", b);
    snprintf(out[n].label, sizeof out[n].label, "%s", l);
    n++;
  }
  fclose(f);
  return n;
}

typedef struct score {
  int tp, fp, fn, tn, same_ok, same_n;
  double precision, recall;
} score;

static score evaluate(mvr_db *db, const mvr_overlaps *o, const label *L,
                      size_t n, int verbose)
{
  score s;
  size_t i;

  memset(&s, 0, sizeof s);
  for (i = 0; i < n; i++) {
    const mvr_overlap *p = pair(db, o, L[i].a, L[i].b);
    int found = p && strcmp(p->kind, "overlap") == 0;
    if (strcmp(L[i].label, "same") == 0) {
      s.same_n++;
      s.same_ok += p && strcmp(p->kind, "equivalent") == 0;
      if (verbose && !(p && strcmp(p->kind, "equivalent") == 0))
        printf("    missed equivalence: %s / %s\n", L[i].a, L[i].b);
    } else if (strcmp(L[i].label, "yes") == 0) {
      found ? s.tp++ : s.fn++;
      if (verbose && !found)
        printf("    missed: %s / %s\n", L[i].a, L[i].b);
    } else {
      assert_string_equal(L[i].label, "no");
      found ? s.fp++ : s.tn++;
      if (verbose && found)
        printf("    wrongly found: %s / %s (%.2f)\n", L[i].a, L[i].b,
               p->score);
    }
  }
  s.precision = s.tp + s.fp ? (double)s.tp / (s.tp + s.fp) : 1.0;
  s.recall = s.tp + s.fn ? (double)s.tp / (s.tp + s.fn) : 1.0;
  return s;
}

/* --- tests ---------------------------------------------------------------- */

static void test_labelled(void **state)
{
  static const double mins[] = {0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4};
  label L[64];
  size_t n, i;
  mvr_db *db = open_bundled();
  mvr_overlaps *o;
  score s;

  (void)state;
  n = read_labels(L, 64);
  assert_int_equal(n, 32);
  printf("  labelled pairs: precision and recall by minimum score\n"
         "    min   tp fp fn tn  precision recall  same  found  scored\n");
  for (i = 0; i < sizeof mins / sizeof *mins; i++) {
    o = find(db, mins[i]);
    s = evaluate(db, o, L, n, 0);
    printf("    %.2f  %2d %2d %2d %2d  %9.2f %6.2f  %d/%d %6lu %7llu\n",
           mins[i], s.tp, s.fp, s.fn, s.tn, s.precision, s.recall,
           s.same_ok, s.same_n, o->found, o->scored);
    mvr_overlaps_free(o);
  }
  o = find(db, 0); /* the default */
  assert_true(o->min_score > 0.149 && o->min_score < 0.151);
  printf("  at the default score %.2f:\n", o->min_score);
  s = evaluate(db, o, L, n, 1);
  printf("  precision %.2f (floor %.2f), recall %.2f (floor %.2f)\n",
         s.precision, FLOOR_P_DEFAULT, s.recall, FLOOR_R_DEFAULT);
  assert_true(s.precision >= FLOOR_P_DEFAULT);
  assert_true(s.recall >= FLOOR_R_DEFAULT);
  assert_int_equal(s.same_ok, s.same_n);
  mvr_overlaps_free(o);
  o = find(db, LOW_MIN);
  printf("  at %.2f:\n", LOW_MIN);
  s = evaluate(db, o, L, n, 1);
  printf("  precision %.2f (floor %.2f), recall %.2f (floor %.2f)\n",
         s.precision, FLOOR_P_LOW, s.recall, FLOOR_R_LOW);
  assert_true(s.precision >= FLOOR_P_LOW);
  assert_true(s.recall >= FLOOR_R_LOW);
  assert_int_equal(s.same_ok, s.same_n);
  mvr_overlaps_free(o);
  mvr_db_close(db);
}

/* What a reader expects of the bundled dataset. */
static void test_bundled_expected(void **state)
{
  mvr_db *db = open_bundled();
  mvr_overlaps *o = find(db, 0);
  const mvr_overlap *p;
  size_t i, k, twins = 0;

  (void)state;
  p = pair(db, o, "ITU-T H.266", "ISO/IEC 23090-3");
  assert_non_null(p);
  assert_string_equal(p->kind, "equivalent");
  assert_string_equal(p->why, "twin text");
  p = pair(db, o, "glTF 2.0", "ISO/IEC 12113");
  assert_non_null(p);
  assert_string_equal(p->kind, "equivalent");
  /* every pair: different families, shared terms, a < b, a cluster */
  for (i = 0; i < o->npairs; i++) {
    p = &o->pairs[i];
    assert_string_not_equal(p->a.family, p->b.family);
    assert_true(p->a.id < p->b.id);
    assert_true(p->nterms > 0 && p->nterms <= 5);
    assert_true(p->cluster < o->nclusters);
    assert_true(p->score >= o->min_score - 1e-6 && p->score <= 1 + 1e-6);
    if (i && strcmp(p->kind, o->pairs[i - 1].kind) == 0)
      assert_true(p->score <= o->pairs[i - 1].score + 1e-6);
    for (k = 0; k < p->nterms; k++)
      if (strcmp(p->terms[k], "twins") == 0 || strcmp(p->terms[k], "twin") == 0)
        twins++;
  }
  /* digital-twin work across SDOs: ITU-T SG20's Y.4238 and IEEE 2888.1,
   * explained by their shared words */
  p = pair(db, o, "ITU-T Y.4238", "IEEE 2888.1-2023");
  assert_non_null(p);
  assert_string_equal(p->kind, "overlap");
  assert_true(twins >= 1 || p->nterms > 0);
  /* the candidate index examined a small part of all pairs */
  printf("  bundled dataset: %llu of %llu pairs examined, %llu scored\n",
         o->examined, o->all_pairs, o->scored);
  assert_true(o->examined * 2 < o->all_pairs);
  assert_true(o->scored <= o->examined);
  assert_int_equal(o->entries, 128);
  mvr_overlaps_free(o);
  mvr_db_close(db);
}

/* Known equivalences: a text naming its twin, the same title (or one
 * the other's part title) in two families; pairs within a family never;
 * a known equivalence is never an overlap. (An ETSI transposition of a
 * 3GPP report, "ETSI TR 126 998", has the key of "3GPP TR 26.998": the
 * import makes them one entry, see docs/normalisation.md.) */
static void test_equivalences(void **state)
{
  mvr_db *db = open_mem(
      "ITU-T SG16,ITU-T H.999,Recommendation,Glass-type augmented reality "
      "devices architecture,Published,Enabling Technology,Glass-type AR "
      "devices media architecture\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 99998-3,Standard,Information technology "
      "— Immersive things — Part 3: Glass-type augmented reality devices "
      "architecture,Published,Enabling Technology,Glass-type AR devices "
      "media architecture\n"
      "3GPP SA4,3GPP TR 26.998,Technical Report,Support of 5G glass-type "
      "augmented reality devices,Published,Enabling Technology,Study of "
      "glass-type AR devices and their media architecture\n"
      "3GPP SA4,3GPP TR 26.999,Technical Report,Support of 5G glass-type "
      "augmented reality devices phase 2,Published,Enabling Technology,"
      "Study of glass-type AR devices and their media architecture\n"
      "IEEE,IEEE 9999,Standard,Glass-type augmented reality devices phase "
      "2,Published,Enabling Technology,Twin text of 3GPP TR 26.999\n"
      "W3C,seafood,Standard,Unrelated topic of seafood packaging,Published,"
      "General,Packaging of seafood\n");
  mvr_overlaps *o = find(db, 0.1);
  const mvr_overlap *p;
  size_t i;

  (void)state;
  p = pair(db, o, "ITU-T H.999", "ISO/IEC 99998-3");
  assert_non_null(p);
  assert_string_equal(p->kind, "equivalent");
  assert_string_equal(p->why, "same title");
  p = pair(db, o, "IEEE 9999", "3GPP TR 26.999");
  assert_non_null(p);
  assert_string_equal(p->kind, "equivalent");
  assert_string_equal(p->why, "twin text");
  /* a text naming a reference without a phrase of equivalence is not */
  p = pair(db, o, "IEEE 9999", "3GPP TR 26.998");
  assert_true(!p || strcmp(p->kind, "overlap") == 0);
  /* related, not the same */
  p = pair(db, o, "ITU-T H.999", "3GPP TR 26.998");
  assert_non_null(p);
  assert_string_equal(p->kind, "overlap");
  assert_string_equal(p->why, "");
  /* two 3GPP reports: one family, never a pair */
  assert_null(pair(db, o, "3GPP TR 26.998", "3GPP TR 26.999"));
  assert_null(pair(db, o, "seafood", "IEEE 9999"));
  assert_int_equal(o->equivalents, 2);
  /* equivalences come first */
  assert_string_equal(o->pairs[0].kind, "equivalent");
  assert_string_equal(o->pairs[1].kind, "equivalent");
  for (i = 2; i < o->npairs; i++)
    assert_string_equal(o->pairs[i].kind, "overlap");
  /* one cluster holds the five related entries, by id */
  assert_int_equal(o->nclusters, 1);
  assert_int_equal(o->clusters[0].n, 5);
  for (i = 1; i < o->clusters[0].n; i++)
    assert_true(o->clusters[0].members[i - 1].id <
                o->clusters[0].members[i].id);
  mvr_overlaps_free(o);
  mvr_db_close(db);
}

/* The candidates of the rare-term index against a brute-force cosine of
 * every pair: on the bundled dataset, every pair scoring >= 0.3 that
 * brute force finds must come from the index. Brute force is reached by
 * reading the scores the finder reports at a very low minimum. */
static void test_index_recall(void **state)
{
  mvr_db *db = open_bundled();
  mvr_overlaps *hi = find(db, 0.3), *lo = find(db, 0.05);
  size_t i;

  (void)state;
  /* every pair at >= 0.3 found at 0.05 is found at 0.3, with one score */
  for (i = 0; i < lo->npairs; i++) {
    const mvr_overlap *p = &lo->pairs[i], *q;
    if (p->score < 0.3)
      continue;
    q = pair_ids(hi, p->a.id, p->b.id);
    assert_non_null(q);
    assert_true(q->score > p->score - 1e-6 && q->score < p->score + 1e-6);
  }
  assert_int_equal(lo->examined, hi->examined);
  mvr_overlaps_free(hi);
  mvr_overlaps_free(lo);
  mvr_db_close(db);
}

static mvr_status collect(void *ud, const char *p, size_t n)
{
  FILE *f = ud;
  return fwrite(p, 1, n, f) == n ? MVR_OK : MVR_ERR_IO;
}

static void test_write(void **state)
{
  mvr_db *db = open_bundled();
  mvr_overlaps *o = find(db, 0.3);
  char *buf = NULL;
  size_t len = 0;
  FILE *f;

  (void)state;
  f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(mvr_overlaps_write(o, "json", collect, f), MVR_OK);
  fclose(f);
  assert_non_null(strstr(buf, "\"kind\": \"equivalent\", \"why\": \"twin text\""));
  assert_non_null(strstr(buf, "\"clusters\": ["));
  assert_non_null(strstr(buf, "\"terms\": [\"versatile\""));
  free(buf);
  f = open_memstream(&buf, &len);
  assert_int_equal(mvr_overlaps_write(o, "csv", collect, f), MVR_OK);
  fclose(f);
  assert_true(strncmp(buf, "kind,why,score,cluster,", 23) == 0);
  free(buf);
  f = open_memstream(&buf, &len);
  assert_int_equal(mvr_overlaps_write(o, "text", collect, f), MVR_OK);
  fclose(f);
  assert_non_null(strstr(buf, "pairs examined"));
  free(buf);
  assert_int_equal(mvr_overlaps_write(o, "xml", collect, stdout),
                   MVR_ERR_FORMAT);
  mvr_overlaps_free(o);
  mvr_db_close(db);
}

static void test_bad_args(void **state)
{
  mvr_db *db = open_mem("IEEE,IEEE 1,Standard,Avatars,Published,General,x\n");
  mvr_overlap_opts opts = {1.5, 0};
  mvr_overlaps *o = (mvr_overlaps *)1;

  (void)state;
  assert_int_equal(mvr_overlaps_find(db, &opts, &o), MVR_ERR_ARG);
  assert_null(o);
  opts.min_score = 0.01;
  assert_int_equal(mvr_overlaps_find(db, &opts, &o), MVR_ERR_ARG);
  opts.min_score = 0.5;
  opts.limit = -1;
  assert_int_equal(mvr_overlaps_find(db, &opts, &o), MVR_ERR_ARG);
  /* one entry: nothing to pair, not an error */
  o = find(db, 0);
  assert_int_equal(o->npairs, 0);
  assert_int_equal(o->nclusters, 0);
  assert_int_equal(o->entries, 1);
  mvr_overlaps_free(o);
  mvr_overlaps_free(NULL);
  mvr_db_close(db);
}

/* Every allocation failing in turn: an error, never a crash or a leak. */
static void test_alloc_failures(void **state)
{
  static const mvr_allocator fa = {f_malloc, f_realloc, f_free, NULL};
  mvr_db *db = open_mem(
      "ITU-T SG16,ITU-T H.266,Recommendation,Versatile video coding,"
      "Published,Enabling Technology,Twin text of ISO/IEC 23090-3\n"
      "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video coding,"
      "Published,Enabling Technology,Jointly developed with ITU-T as H.266\n"
      "IEEE,IEEE 1857.9,Standard,Immersive visual content coding,Published,"
      "Enabling Technology,Video coding for immersive content\n");
  mvr_overlaps *o;
  long n;
  int ok = 0;

  (void)state;
  assert_int_equal(mvr_set_allocator(&fa), MVR_OK);
  for (n = 0; n < 5000 && !ok; n++) {
    mvr_overlap_opts opts = {0.1, 0};
    mvr_status rc;
    countdown = n;
    o = NULL;
    rc = mvr_overlaps_find(db, &opts, &o);
    countdown = -1;
    if (rc == MVR_OK) {
      assert_non_null(o);
      ok = 1;
      mvr_overlaps_free(o);
    } else {
      assert_null(o);
    }
  }
  assert_true(ok);
  mvr_db_close(db);
  mvr_set_allocator(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_labelled),
      cmocka_unit_test(test_bundled_expected),
      cmocka_unit_test(test_equivalences),
      cmocka_unit_test(test_index_recall),
      cmocka_unit_test(test_write),
      cmocka_unit_test(test_bad_args),
      cmocka_unit_test(test_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
