/* test_duplicates.c - possible duplicates: title folding (dashes,
 * hyphens, trademark signs, Unicode), the profile's prefixes, which pairs
 * are proposed and which never are (the same entry, merged entries,
 * pairs marked not duplicates, parts of one series), the marks surviving
 * a reopen, the set-similarity join against brute force, allocation
 * failures, and a look at the bundled real dataset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "fold.h"
#include "mvroad.h"
#include "simjoin.h"
#include "testdb.h"

#define HEADER "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
#define EMDASH "\xE2\x80\x94"
#define ENDASH "\xE2\x80\x93"

/* --- a pass-through allocator that can fail allocation N ------------------ */

static long countdown = -1;

static int should_fail(void)
{
  if (countdown < 0)
    return 0;
  if (countdown-- == 0)
    return 1;
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

/* --- helpers -------------------------------------------------------------- */

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

static mvr_duplicates *find(mvr_db *db, double min)
{
  mvr_dup_opts o = {min, 0};
  mvr_duplicates *d = NULL;

  assert_int_equal(mvr_duplicates_find(db, &o, &d), MVR_OK);
  assert_non_null(d);
  return d;
}

/* The pair of the entries with these references, or NULL. */
static const mvr_duplicate *pair(const mvr_duplicates *d, const char *x,
                                 const char *y)
{
  size_t i;

  for (i = 0; i < d->npairs; i++) {
    const mvr_duplicate *p = &d->pairs[i];
    if ((strcmp(p->a.reference, x) == 0 && strcmp(p->b.reference, y) == 0) ||
        (strcmp(p->a.reference, y) == 0 && strcmp(p->b.reference, x) == 0))
      return p;
  }
  return NULL;
}

static void print_pairs(const char *what, const mvr_duplicates *d)
{
  size_t i;

  printf("# %s: %lu pairs (%lu dismissed); %llu of %llu pairs examined,"
         " %llu scored, over %lu entries\n",
         what, d->found, d->dismissed, d->examined, d->all_pairs, d->scored,
         d->entries);
  for (i = 0; i < d->npairs; i++)
    printf("#   %.3f %-13s %s | %s\n#   %19s %s | %s\n", d->pairs[i].score,
           d->pairs[i].match, d->pairs[i].a.reference, d->pairs[i].a.title, "",
           d->pairs[i].b.reference, d->pairs[i].b.title);
}

/* "w1 w2 - w3" from a word list: dashes as "-", asides as "(w)". */
static const char *words(const char *s)
{
  static char out[512];
  static mvr_wordlist wl;
  size_t i, n = 0;

  mvr_wordlist_init(&wl);
  assert_int_equal(mvr_fold(s, strlen(s), 0, &wl), MVR_OK);
  out[0] = '\0';
  for (i = 0; i < wl.n; i++) {
    const char *w = mvr_wordlist_str(&wl, i);
    int aside = (wl.w[i].flags & MVR_WORD_ASIDE) != 0;
    n += (size_t)snprintf(
        out + n, sizeof out - n, "%s%s%s%s", i ? " " : "", aside ? "(" : "",
        (wl.w[i].flags & MVR_WORD_DASH) ? "-" : w, aside ? ")" : "");
  }
  mvr_wordlist_free(&wl);
  return out;
}

/* --- folding -------------------------------------------------------------- */

static void test_fold(void **state)
{
  (void)state;
  assert_string_equal(
      words("Information technology " EMDASH " Computer graphics"),
      "information technology - computer graphics");
  assert_string_equal(words("Information technology -- Computer graphics"),
                      "information technology - computer graphics");
  assert_string_equal(words("Information technology--Computer graphics"),
                      "information technology - computer graphics");
  assert_string_equal(
      words("Information technology " ENDASH " Computer graphics"),
      "information technology - computer graphics");
  assert_string_equal(words("Metaverse - Part 1: General"),
                      "metaverse - part 1 general");
  assert_string_equal(words("Humanoid animation (H-Anim)"),
                      "humanoid animation (hanim)");
  assert_string_equal(words("Humanoid animation (HAnim)"),
                      "humanoid animation (hanim)");
  assert_string_equal(words("Khronos glTF\xE2\x84\xA2 2.0 Tiles\xC2\xAE"),
                      "khronos gltf 2.0 tiles");
  assert_string_equal(words("ITU-T Y.4238 & ISO/IEC 23090-3"),
                      "itut y.4238 and iso iec 230903");
  /* NFKC, case folding, accents: full-width letters, a ligature, "ß" */
  assert_string_equal(words("\xEF\xBC\xA3"
                            "af\xC3\xA9 \xEF\xAC\x81le Stra\xC3\x9F"
                            "e"),
                      "cafe file strasse");
  assert_string_equal(words("People's (XR) (version 1.1) Reality(VR)"),
                      "peoples (xr) version 1.1 reality (vr)");
  assert_string_equal(words("  -- "), "");
}

static void test_stem(void **state)
{
  char w[32];

  (void)state;
  snprintf(w, sizeof w, "worlds");
  assert_int_equal(mvr_fold_stem(w, strlen(w)), 5);
  assert_string_equal(w, "world");
  snprintf(w, sizeof w, "technologies");
  mvr_fold_stem(w, strlen(w));
  assert_string_equal(w, "technology");
  snprintf(w, sizeof w, "analysis");
  mvr_fold_stem(w, strlen(w));
  assert_string_equal(w, "analysis");
  snprintf(w, sizeof w, "access");
  mvr_fold_stem(w, strlen(w));
  assert_string_equal(w, "access");
  snprintf(w, sizeof w, "gps");
  mvr_fold_stem(w, strlen(w));
  assert_string_equal(w, "gps");
}

static void test_prefixes(void **state)
{
  mvr_profile *p = NULL;
  mvr_fold_rules r;
  mvr_wordlist wl;
  const char *t;

  (void)state;
  assert_int_equal(mvr_profile_default(&p), MVR_OK);
  assert_true(p->ntitle_prefixes > 0 && p->ntitle_stopwords > 0);
  assert_int_equal(mvr_fold_rules_init(&r, p), MVR_OK);
  mvr_wordlist_init(&wl);
  t = "IEEE Standard for Information technology -- Sensor interface";
  assert_int_equal(mvr_fold(t, strlen(t), 0, &wl), MVR_OK);
  assert_int_equal(mvr_fold_skip_prefixes(&r, &wl), 6);
  t = "Recommendation ITU-T H.266 " ENDASH " Versatile video coding";
  assert_int_equal(mvr_fold(t, strlen(t), 0, &wl), MVR_OK);
  assert_string_equal(mvr_wordlist_str(&wl, mvr_fold_skip_prefixes(&r, &wl)),
                      "versatile");
  /* no dash after "Information technology": not the ISO prefix */
  t = "Information technology for learning, education and training";
  assert_int_equal(mvr_fold(t, strlen(t), 0, &wl), MVR_OK);
  assert_int_equal(mvr_fold_skip_prefixes(&r, &wl), 0);
  assert_true(mvr_fold_is_stop(&r, "the"));
  assert_false(mvr_fold_is_stop(&r, "metaverse"));
  mvr_wordlist_free(&wl);
  mvr_fold_rules_clear(&r);
  mvr_profile_free(p);
}

/* --- which pairs are proposed --------------------------------------------- */

#define ROWS                                                                   \
  "ISO/IEC JTC 1/SC 24,ISO/IEC 19774-1,Standard,\"Information "                \
  "technology " EMDASH                                                         \
  " Computer graphics, image processing and environmental data "               \
  "representation " EMDASH " Part 1: Humanoid animation (H-Anim) "             \
  "architecture\",Published,General,x\n"                                       \
  "Web3D Consortium,H-Anim 2.0 Part 1,Specification,\"Information "            \
  "technology -- Computer graphics, image processing and environmental "       \
  "data representation - Part 1: Humanoid Animation (HAnim) "                  \
  "Architecture\",Published,General,x\n"                                       \
  "ISO/IEC JTC 1/SC 24,ISO/IEC 19774-2,Standard,\"Information "                \
  "technology " EMDASH                                                         \
  " Computer graphics, image processing and environmental data "               \
  "representation " EMDASH " Part 2: Humanoid animation (H-Anim) motion "      \
  "data animation\",Published,General,x\n"                                     \
  "IEEE,IEEE 2048.1-2024,Standard,IEEE Standard for Virtual Reality and "      \
  "Augmented Reality: Device Taxonomy and Definitions,Published,General,x\n"   \
  "IEEE,IEEE P3079.9,Draft Standard,Standard for Virtual Reality and "         \
  "Augmented Reality: Device Taxonomy and Definitions,Under "                  \
  "development,General,x\n"                                                    \
  "W3C,webxr,Standard,WebXR Device API,Published,General,x\n"                  \
  "ITU-T SG16,ITU-T H.266,Recommendation,Versatile video coding,"              \
  "Published,General,x\n"                                                      \
  "3GPP SA4,3GPP TR 26.998,Technical Report,Support of 5G glass-type "         \
  "Augmented Reality / Mixed Reality (AR/MR) devices,Published,General,x\n"    \
  "ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media "        \
  "format,Published,General,x\n"                                               \
  "MPEG,MPEG-I Part 2,Specification,Omnidirectional Media Format "             \
  "(OMAF),Published,General,x\n"

static void test_proposed(void **state)
{
  mvr_db *db = open_mem(ROWS);
  mvr_duplicates *d = find(db, 0);
  const mvr_duplicate *p;

  (void)state;
  print_pairs("proposed", d);
  /* dashes, hyphens, case: the same title under two keys */
  p = pair(d, "ISO/IEC 19774-1", "H-Anim 2.0 Part 1");
  assert_non_null(p);
  assert_true(p->score == 1.0);
  assert_string_equal(p->match, "same-title");
  assert_true(p->a.id < p->b.id);
  assert_string_equal(p->a.sdo, "ISO/IEC JTC 1/SC 24");
  /* "IEEE Standard for X" = "Standard for X" */
  p = pair(d, "IEEE 2048.1-2024", "IEEE P3079.9");
  assert_non_null(p);
  assert_string_equal(p->match, "same-title");
  /* an acronym in parentheses does not count against a pair */
  p = pair(d, "ISO/IEC 23090-2", "ISO/IEC MPEG-I Part 2");
  assert_non_null(p);
  assert_string_equal(p->match, "similar-title");
  assert_true(p->score >= 0.9 && p->score < 1);
  /* Part 1 and Part 2 of one series are not duplicates */
  assert_null(pair(d, "ISO/IEC 19774-1", "ISO/IEC 19774-2"));
  assert_null(pair(d, "H-Anim 2.0 Part 1", "ISO/IEC 19774-2"));
  /* unrelated titles */
  assert_null(pair(d, "W3C webxr", "ITU-T H.266"));
  assert_int_equal(d->found, 3);
  assert_int_equal(d->npairs, 3);
  assert_true(d->pairs[0].score >= d->pairs[1].score &&
              d->pairs[1].score >= d->pairs[2].score);
  assert_int_equal(d->entries, 10);
  assert_int_equal(d->all_pairs, 45);
  assert_true(d->examined < d->all_pairs);
  mvr_duplicates_free(d);

  /* --limit: the best only; the count is still of all */
  {
    mvr_dup_opts o = {0, 1};
    assert_int_equal(mvr_duplicates_find(db, &o, &d), MVR_OK);
    assert_int_equal(d->npairs, 1);
    assert_int_equal(d->found, 3);
    assert_true(d->pairs[0].score == 1.0);
    mvr_duplicates_free(d);
    o.min_score = 0.2;
    assert_int_equal(mvr_duplicates_find(db, &o, &d), MVR_ERR_ARG);
    assert_null(d);
    o.min_score = 1.5;
    assert_int_equal(mvr_duplicates_find(db, &o, &d), MVR_ERR_ARG);
  }
  /* only identical titles at 1 */
  d = find(db, 1.0);
  assert_int_equal(d->found, 2);
  mvr_duplicates_free(d);
  mvr_db_close(db);
}

static void test_same_key_never(void **state)
{
  /* one document written three ways is one entry, never a pair */
  mvr_db *db = open_mem(
      "ITU-T SG16,ITU-T H.266,Recommendation,Versatile video coding,"
      "Published,General,x\n"
      "ITU-T SG16,Rec. ITU-T H.266 (V3),Recommendation,Versatile Video "
      "Coding,Published,General,x\n"
      "ITU-T SG16,H.266,Recommendation,Versatile video coding (VVC),"
      "Published,General,x\n");
  mvr_duplicates *d = find(db, 0.5);

  (void)state;
  assert_int_equal(d->entries, 1);
  assert_int_equal(d->found, 0);
  assert_int_equal(d->npairs, 0);
  assert_int_equal(d->all_pairs, 0);
  mvr_duplicates_free(d);
  mvr_db_close(db);
}

static void test_merged_excluded(void **state)
{
  mvr_db *db = open_mem(ROWS);
  mvr_duplicates *d;

  (void)state;
  assert_int_equal(mvr_merge(db, "IEEE 2048.1-2024", "IEEE P3079.9", NULL),
                   MVR_OK);
  d = find(db, 0);
  assert_null(pair(d, "IEEE 2048.1-2024", "IEEE P3079.9"));
  assert_int_equal(d->found, 2);
  assert_int_equal(d->entries, 9);
  mvr_duplicates_free(d);
  mvr_db_close(db);
}

/* --- not-duplicate marks -------------------------------------------------- */

typedef struct marks {
  int n;
  int64_t a, b;
  char note[64];
} marks;

static mvr_status on_mark(void *ud, const mvr_not_dup *m)
{
  marks *k = ud;

  k->n++;
  k->a = m->a;
  k->b = m->b;
  snprintf(k->note, sizeof k->note, "%s", m->note);
  assert_true(*m->at && *m->actor && *m->a_reference && *m->b_reference);
  return MVR_OK;
}

static void test_not_duplicate_persists(void **state)
{
  char path[256], err[256];
  mvr_db *db = NULL;
  mvr_duplicates *d;
  mvr_entry_detail *x = NULL, *y = NULL;
  mvr_import_result res;
  marks k = {0, 0, 0, ""};
  int64_t ix, iy;

  (void)state;
  snprintf(path, sizeof path, "/tmp/mvr-test-dup-%ld.db", (long)getpid());
  assert_int_equal(
      mvr_db_open(testdb_fresh(path), MVR_OPEN_CREATE, &db, err, sizeof err),
      MVR_OK);
  assert_int_equal(mvr_import_mem(db, NULL, "t.csv", HEADER ROWS,
                                  strlen(HEADER ROWS), NULL, NULL, &res),
                   MVR_OK);
  assert_int_equal(mvr_entry_lookup(db, "IEEE 2048.1-2024", &x), MVR_OK);
  assert_int_equal(mvr_entry_lookup(db, "IEEE P3079.9", &y), MVR_OK);
  ix = x->entry.id;
  iy = y->entry.id;
  mvr_entry_detail_free(x);
  mvr_entry_detail_free(y);
  /* either order; twice is the same as once */
  assert_int_equal(mvr_not_duplicate(db, iy, ix,
                                     "the draft and the "
                                     "standard are kept apart"),
                   MVR_OK);
  assert_int_equal(mvr_not_duplicate(db, ix, iy, "again"), MVR_OK);
  assert_int_equal(mvr_not_duplicate(db, ix, ix, NULL), MVR_ERR_ARG);
  assert_int_equal(mvr_not_duplicate(db, ix, 99999, NULL), MVR_ERR_NOTFOUND);
  assert_non_null(strstr(mvr_db_errmsg(db), "99999"));
  d = find(db, 0);
  assert_null(pair(d, "IEEE 2048.1-2024", "IEEE P3079.9"));
  assert_int_equal(d->dismissed, 1);
  assert_int_equal(d->found, 2);
  mvr_duplicates_free(d);
  /* undone: proposed again; a second undo finds no mark in force */
  assert_int_equal(mvr_not_duplicate_undo(db, ix, iy), MVR_OK);
  d = find(db, 0);
  assert_non_null(pair(d, "IEEE 2048.1-2024", "IEEE P3079.9"));
  assert_int_equal(d->dismissed, 0);
  assert_int_equal(d->found, 3);
  mvr_duplicates_free(d);
  assert_int_equal(mvr_not_duplicate_undo(db, iy, ix), MVR_ERR_NOTFOUND);
  assert_non_null(strstr(mvr_db_errmsg(db), "no not-duplicate mark"));
  assert_int_equal(mvr_not_duplicate_undo(db, ix, ix), MVR_ERR_ARG);
  assert_int_equal(mvr_not_duplicate_list(db, on_mark, &k), MVR_OK);
  assert_int_equal(k.n, 0);
  /* marked again: a new mark with its own note */
  assert_int_equal(mvr_not_duplicate(db, iy, ix, "marked again"), MVR_OK);
  mvr_db_close(db);

  /* reopened: still dismissed, and listed once */
  assert_int_equal(
      mvr_db_open(testdb_name(path), MVR_OPEN_READONLY, &db, err, sizeof err),
      MVR_OK);
  d = find(db, 0);
  assert_null(pair(d, "IEEE 2048.1-2024", "IEEE P3079.9"));
  assert_int_equal(d->dismissed, 1);
  mvr_duplicates_free(d);
  assert_int_equal(mvr_not_duplicate_list(db, on_mark, &k), MVR_OK);
  assert_int_equal(k.n, 1);
  assert_true(k.a == (ix < iy ? ix : iy) && k.b == (ix < iy ? iy : ix));
  assert_string_equal(k.note, "marked again");
  mvr_db_close(db);
  testdb_remove(path);
}

/* --- the join is exact ---------------------------------------------------- */

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

#define NSETS 400
typedef struct found {
  unsigned char *hit; /* NSETS x NSETS */
  double *jac;
} found;

static mvr_status on_join(void *ud, uint32_t x, uint32_t y, double j)
{
  found *f = ud;
  assert_true(x != y);
  assert_int_equal(f->hit[x * NSETS + y] + f->hit[y * NSETS + x], 0);
  f->hit[x * NSETS + y] = 1;
  f->jac[x * NSETS + y] = j;
  return MVR_OK;
}

static void test_simjoin_exact(void **state)
{
  static uint32_t sets[NSETS][12];
  static size_t len[NSETS];
  static const double ts[] = {0.4, 0.5, 0.6, 0.75, 0.9, 1.0};
  size_t ti, x, y, i, k;

  (void)state;
  /* small sets over a Zipf-like vocabulary, with near-copies */
  for (x = 0; x < NSETS; x++) {
    if (x > 10 && rnd(3) == 0) {
      size_t src = rnd((uint32_t)x);
      len[x] = len[src];
      memcpy(sets[x], sets[src], sizeof sets[x]);
      sets[x][rnd((uint32_t)len[x])] = rnd(400) * rnd(5);
      if (len[x] < 12 && rnd(2))
        sets[x][len[x]++] = rnd(60);
    } else {
      len[x] = 1 + rnd(11);
      for (i = 0; i < len[x]; i++)
        sets[x][i] = rnd(1 + rnd(300));
    }
  }
  for (ti = 0; ti < sizeof ts / sizeof ts[0]; ti++) {
    mvr_simjoin *j = NULL;
    mvr_simjoin_stats st;
    found f;
    unsigned long expect = 0, got = 0;
    f.hit = calloc(NSETS * NSETS, 1);
    f.jac = calloc(NSETS * NSETS, sizeof *f.jac);
    assert_non_null(f.hit);
    assert_non_null(f.jac);
    assert_int_equal(mvr_simjoin_new(&j), MVR_OK);
    for (x = 0; x < NSETS; x++) {
      uint32_t ids[12], doc;
      for (i = 0; i < len[x]; i++) {
        char w[16];
        snprintf(w, sizeof w, "w%u", sets[x][i]);
        assert_int_equal(mvr_simjoin_intern(j, w, strlen(w), &ids[i]), MVR_OK);
      }
      assert_int_equal(mvr_simjoin_add(j, ids, len[x], &doc), MVR_OK);
      assert_int_equal(doc, x);
    }
    assert_int_equal(mvr_simjoin_run(j, ts[ti], NULL, on_join, &f, &st),
                     MVR_OK);
    /* brute force over distinct words */
    for (x = 0; x < NSETS; x++) {
      for (y = x + 1; y < NSETS; y++) {
        size_t inter = 0, ux = 0, uy = 0;
        double jac;
        for (i = 0; i < len[x]; i++) {
          int dup = 0, in = 0;
          for (k = 0; k < i; k++)
            dup |= sets[x][k] == sets[x][i];
          if (dup)
            continue;
          ux++;
          for (k = 0; k < len[y]; k++)
            in |= sets[y][k] == sets[x][i];
          inter += (size_t)in;
        }
        for (i = 0; i < len[y]; i++) {
          int dup = 0;
          for (k = 0; k < i; k++)
            dup |= sets[y][k] == sets[y][i];
          uy += (size_t)!dup;
        }
        jac = (double)inter / (double)(ux + uy - inter);
        if (jac >= ts[ti] - 1e-9) {
          expect++;
          assert_true(f.hit[x * NSETS + y] || f.hit[y * NSETS + x]);
          assert_true(fabs(f.jac[x * NSETS + y] + f.jac[y * NSETS + x] - jac) <
                      1e-9);
        }
        got += f.hit[x * NSETS + y] + f.hit[y * NSETS + x];
      }
    }
    printf("# join t=%.2f: %lu pairs, %llu candidates, %llu verified of"
           " %d\n",
           ts[ti], expect, (unsigned long long)st.candidates,
           (unsigned long long)st.verified, NSETS * (NSETS - 1) / 2);
    assert_int_equal(got, expect);
    assert_int_equal(st.matched, expect);
    assert_true(st.verified <= st.candidates);
    mvr_simjoin_free(j);
    free(f.hit);
    free(f.jac);
  }
}

/* --- the bundled dataset -------------------------------------------------- */

static void test_bundled_dataset(void **state)
{
  mvr_db *db = NULL;
  mvr_import_result res;
  mvr_duplicates *d;
  const mvr_duplicate *p;
  char err[256];

  (void)state;
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE, &db,
                               err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_import_file(db, NULL,
                                   MVR_SOURCE_DIR
                                   "/data/examples/metaverse-standards.csv",
                                   NULL, NULL, &res),
                   MVR_OK);
  /* by default, one pair: the ITU-T | ISO/IEC twin text of VVC */
  d = find(db, 0);
  print_pairs("bundled dataset, default score", d);
  assert_int_equal(d->found, 1);
  p = pair(d, "ITU-T H.266", "ISO/IEC 23090-3");
  assert_non_null(p);
  assert_string_equal(p->match, "part-title");
  assert_true(d->examined * 100 < d->all_pairs);
  mvr_duplicates_free(d);
  /* lower, look-alikes of one family; parts of one series never */
  d = find(db, 0.5);
  print_pairs("bundled dataset, --min 0.5", d);
  p = pair(d, "ITU-T Y.4238", "ITU-T Y.4240");
  assert_non_null(p);
  assert_true(p->score > 0.7 && p->score < 0.8);
  assert_non_null(pair(d, "vc-data-model-2.0", "vc-data-model-2.1"));
  assert_null(pair(d, "ISO/IEC 23090-2", "ISO/IEC 23090-3"));
  assert_null(pair(d, "ISO/IEC TR 23842-1", "ISO/IEC TR 23842-2"));
  assert_null(pair(d, "ETSI GS ARF 004-3", "ETSI GS ARF 004-4"));
  assert_null(pair(d, "ISO/IEC 19774-1", "ISO/IEC 19774-2"));
  assert_true(d->examined * 10 < d->all_pairs);
  mvr_duplicates_free(d);
  mvr_db_close(db);
}

/* --- allocation failures -------------------------------------------------- */

static void test_alloc_failures(void **state)
{
  mvr_db *db = open_mem(ROWS);
  mvr_duplicates *d = NULL;
  long n;

  (void)state;
  for (n = 0;; n++) {
    mvr_status rc;
    countdown = n;
    rc = mvr_duplicates_find(db, NULL, &d);
    countdown = -1;
    if (rc == MVR_OK)
      break;
    assert_true(rc == MVR_ERR_NOMEM || rc == MVR_ERR_STORE);
    assert_null(d);
  }
  printf("# duplicates: %ld allocation failures survived\n", n);
  assert_int_equal(d->found, 3);
  mvr_duplicates_free(d);
  mvr_db_close(db);
}

int main(void)
{
  static const mvr_allocator a = {f_malloc, f_realloc, f_free, NULL};
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fold),
      cmocka_unit_test(test_stem),
      cmocka_unit_test(test_prefixes),
      cmocka_unit_test(test_proposed),
      cmocka_unit_test(test_same_key_never),
      cmocka_unit_test(test_merged_excluded),
      cmocka_unit_test(test_not_duplicate_persists),
      cmocka_unit_test(test_simjoin_exact),
      cmocka_unit_test(test_bundled_dataset),
      cmocka_unit_test(test_alloc_failures),
  };

  mvr_set_allocator(&a);
  return cmocka_run_group_tests(tests, NULL, NULL);
}
