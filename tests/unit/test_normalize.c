/* test_normalize.c - the vocabularies of the default profile: categories
 * (FGMV-51 classification, several per cell, variants, "did you mean"),
 * statuses (labels, phrases, ISO stage codes), types, organisations (every
 * SDO and committee spelling in section 2 of
 * /work/shared/data/metaverse-standards-notes.md), and the 130 real rows
 * of /work/shared/data/metaverse-standards.csv normalised end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"

#define CSV_PATH MVR_SOURCE_DIR "/../shared/data/metaverse-standards.csv"

static mvr_profile *P;

/* Category bits by label, looked up in the profile (profile order). */
static uint64_t GEN, APP, ENA, INTEROP, INFRA;

static uint64_t cat_bit(const char *label)
{
  size_t i;

  for (i = 0; i < mvr_profile_category_count(P); i++)
    if (strcmp(mvr_profile_category(P, i), label) == 0)
      return (uint64_t)1 << i;
  return 0;
}

static int setup(void **state)
{
  (void)state;
  if (mvr_profile_default(&P) != MVR_OK)
    return -1;
  GEN = cat_bit("General");
  APP = cat_bit("Application/Service");
  ENA = cat_bit("Enabling Technology");
  INTEROP = cat_bit("Interoperability");
  INFRA = cat_bit("Infrastructure");
  return GEN && APP && ENA && INTEROP && INFRA ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  mvr_profile_free(P);
  return 0;
}

/* --- a countdown allocator: allocation number `fail_at` fails ----------- */

static long fail_at = -1, nallocs;

static void *t_malloc(size_t n, void *ud)
{
  (void)ud;
  if (fail_at >= 0 && nallocs++ >= fail_at)
    return NULL;
  return malloc(n ? n : 1);
}

static void *t_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  if (fail_at >= 0 && nallocs++ >= fail_at)
    return NULL;
  return realloc(p, n ? n : 1);
}

static void t_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

static void fail_from(long n)
{
  static const mvr_allocator a = {t_malloc, t_realloc, t_free, NULL};
  fail_at = n;
  nallocs = 0;
  assert_int_equal(mvr_set_allocator(&a), MVR_OK);
}

static void fail_never(void)
{
  fail_at = -1;
  assert_int_equal(mvr_set_allocator(NULL), MVR_OK);
}

static int str_eq(const char *a, const char *b)
{
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

/* --- the profile itself -------------------------------------------------- */

static void test_profile(void **state)
{
  static const char *const cats[] = {"General", "Application/Service",
                                     "Enabling Technology", "Interoperability",
                                     "Infrastructure"};
  static const char *const statuses[] = {"Published", "Under development",
                                         "Withdrawn"};
  static const char *const types[] = {
      "Recommendation", "Draft Recommendation", "Standard",
      "Draft Standard", "Technical Report",     "Technical Specification",
      "Supplement",     "Technical Paper",      "Specification",
      "Guideline",      "Recommended Practice", "Other"};
  size_t i;

  (void)state;
  assert_string_equal(mvr_profile_name(P), "jca-mv");
  assert_int_equal(mvr_profile_category_count(P), 5);
  for (i = 0; i < 5; i++)
    assert_string_equal(mvr_profile_category(P, i), cats[i]);
  assert_null(mvr_profile_category(P, 5));
  assert_int_equal(mvr_profile_status_count(P), 3);
  for (i = 0; i < 3; i++)
    assert_string_equal(mvr_profile_status(P, i), statuses[i]);
  assert_int_equal(mvr_profile_type_count(P), 12);
  for (i = 0; i < 12; i++)
    assert_string_equal(mvr_profile_type(P, i), types[i]);
}

/* --- categories --------------------------------------------------------- */

typedef struct cat_case {
  const char *in;
  uint64_t *const bits[5]; /* the expected categories, NULL-terminated */
} cat_case;

static uint64_t want_mask(const cat_case *t)
{
  uint64_t m = 0;
  size_t i;

  for (i = 0; i < 5 && t->bits[i]; i++)
    m |= *t->bits[i];
  return m;
}

static void test_categories(void **state)
{
  static const cat_case t[] = {
      /* the five labels */
      {"General", {&GEN}},
      {"Application/Service", {&APP}},
      {"Enabling Technology", {&ENA}},
      {"Interoperability", {&INTEROP}},
      {"Infrastructure", {&INFRA}},
      /* the template's combined label means both */
      {"Interoperability & Infrastructure", {&INTEROP, &INFRA}},
      {"Interoperability and Infrastructure", {&INTEROP, &INFRA}},
      {"interoperability & infrastructure", {&INTEROP, &INFRA}},
      {"Interoperability/Infrastructure", {&INTEROP, &INFRA}},
      {"Infrastructure & Interoperability", {&INTEROP, &INFRA}},
      /* case, spacing, punctuation */
      {"general", {&GEN}},
      {"GENERAL", {&GEN}},
      {"  General  ", {&GEN}},
      {"General.", {&GEN}},
      {"Enabling technology", {&ENA}},
      {"enabling   TECHNOLOGY", {&ENA}},
      {"Enabling-Technology", {&ENA}},
      {"Application / Service", {&APP}},
      {"Application/ Service", {&APP}},
      {"application-service", {&APP}},
      /* common variants */
      {"Applications and services", {&APP}},
      {"Application and Service", {&APP}},
      {"Applications/Services", {&APP}},
      {"Enabling technologies", {&ENA}},
      {"Interop", {&INTEROP}},
      {"Infra", {&INFRA}},
      {"Generic", {&GEN}},
      /* several per cell: comma, semicolon, "and", "&", new lines */
      {"Enabling technology, Interoperability", {&ENA, &INTEROP}},
      {"Enabling Technology; Interoperability", {&ENA, &INTEROP}},
      {"Enabling Technology and Interoperability", {&ENA, &INTEROP}},
      {"Enabling Technology & Interoperability", {&ENA, &INTEROP}},
      {"Enabling Technology\nInteroperability", {&ENA, &INTEROP}},
      {"Enabling Technology\r\nInteroperability", {&ENA, &INTEROP}},
      {"General\n\nInfrastructure\n", {&GEN, &INFRA}},
      {"General, Enabling Technology and Interoperability",
       {&GEN, &ENA, &INTEROP}},
      {"Applications and services and Infrastructure", {&APP, &INFRA}},
      {"Interoperability & Infrastructure; General", {&GEN, &INTEROP, &INFRA}},
      {"Application and Service, Infrastructure", {&APP, &INFRA}},
      {"General | Infrastructure", {&GEN, &INFRA}},
      {"General + Infrastructure", {&GEN, &INFRA}},
      {"Enabling Technology/Interoperability", {&ENA, &INTEROP}},
      {"General;;Infrastructure;", {&GEN, &INFRA}},
      {",General,", {&GEN}},
      /* all five */
      {"General, Application/Service, Enabling Technology, "
       "Interoperability & Infrastructure",
       {&GEN, &APP, &ENA, &INTEROP, &INFRA}},
      /* repeated labels count once */
      {"General; general; GENERAL", {&GEN}},
      /* list decoration */
      {"\xe2\x80\xa2 General\n\xe2\x80\xa2 Infrastructure", {&GEN, &INFRA}},
      {"- General\n- Enabling Technology", {&GEN, &ENA}},
      {"1. General\n2. Interoperability", {&GEN, &INTEROP}},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    uint64_t mask = 99;
    char *bad = (char *)"x";
    const char *sug = "x";
    mvr_status rc = mvr_normalize_categories(P, t[i].in, strlen(t[i].in), &mask,
                                             &bad, &sug);
    if (rc != MVR_OK || mask != want_mask(&t[i])) {
      print_error("\"%s\": rc %d mask %#llx, want %#llx\n", t[i].in, (int)rc,
                  (unsigned long long)mask,
                  (unsigned long long)want_mask(&t[i]));
      mvr_free(rc ? bad : NULL);
      fail();
    }
    assert_null(bad);
    assert_null(sug);
    /* bad and suggest may be NULL */
    assert_int_equal(mvr_normalize_categories(P, t[i].in, strlen(t[i].in),
                                              &mask, NULL, NULL),
                     MVR_OK);
    assert_int_equal(mask, want_mask(&t[i]));
  }
}

static void test_category_errors(void **state)
{
  static const struct {
    const char *in;
    const char *bad;     /* the part reported as unknown */
    const char *suggest; /* NULL: nothing close */
  } t[] = {
      {"Enabling Technolgy", "Enabling Technolgy", "Enabling Technology"},
      {"Enablng", "Enablng", "Enabling Technology"},
      {"Enabling techology", "Enabling techology", "Enabling Technology"},
      {"Interoperabilty", "Interoperabilty", "Interoperability"},
      {"Infrastracture", "Infrastracture", "Infrastructure"},
      /* the part of "A/B" that is unknown */
      {"Aplication/Service", "Aplication", "Application/Service"},
      {"Genral", "Genral", "General"},
      {"Foo", "Foo", NULL},
      {"Metaverse", "Metaverse", NULL},
      {"N/A", "N/A", NULL},
      /* the first unknown item of several */
      {"General; Foo; Bar", "Foo", NULL},
      {"General, Infrastrcture", "Infrastrcture", "Infrastructure"},
      /* one unknown side of "and" */
      {"Interoperability and Infrastrcture", "Infrastrcture", "Infrastructure"},
      {"Interopability & Infrastructure", "Interopability", "Interoperability"},
      {"Enabling Technology and Foo", "Foo", NULL},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    uint64_t mask = 99;
    char *bad = NULL;
    const char *sug = NULL;
    mvr_status rc = mvr_normalize_categories(P, t[i].in, strlen(t[i].in), &mask,
                                             &bad, &sug);
    if (rc != MVR_ERR_NOTFOUND || mask != 0 || !str_eq(bad, t[i].bad) ||
        !str_eq(sug, t[i].suggest)) {
      print_error("\"%s\": rc %d, bad \"%s\", suggest \"%s\"; want \"%s\", "
                  "\"%s\"\n",
                  t[i].in, (int)rc, bad ? bad : "(null)", sug ? sug : "(null)",
                  t[i].bad, t[i].suggest ? t[i].suggest : "(null)");
      mvr_free(bad);
      fail();
    }
    mvr_free(bad);
    /* the same without the out-parameters */
    assert_int_equal(mvr_normalize_categories(P, t[i].in, strlen(t[i].in),
                                              &mask, NULL, NULL),
                     MVR_ERR_NOTFOUND);
    assert_int_equal(mask, 0);
  }
}

static void test_category_empty(void **state)
{
  static const char *const empty[] = {"",      " ", "\n\t", ";",
                                      ", ;\n", "-", "&",    "- ; \xe2\x80\xa2"};
  size_t i;

  (void)state;
  for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    uint64_t mask = 99;
    char *bad = NULL;
    const char *sug = NULL;
    mvr_status rc = mvr_normalize_categories(P, empty[i], strlen(empty[i]),
                                             &mask, &bad, &sug);
    /* nothing with a letter or digit in it: empty */
    assert_int_equal(rc, MVR_ERR_DATA);
    assert_int_equal(mask, 0);
    assert_null(bad);
    assert_null(sug);
  }
}

static void test_category_nomem(void **state)
{
  static const char *const in[] = {"General", "General; Enabling Technology",
                                   "General; Infrastrcture"};
  size_t i;
  long n;

  (void)state;
  for (i = 0; i < sizeof in / sizeof in[0]; i++) {
    for (n = 0;; n++) {
      uint64_t mask = 99;
      char *bad = NULL;
      const char *sug = NULL;
      mvr_status rc;
      fail_from(n);
      rc = mvr_normalize_categories(P, in[i], strlen(in[i]), &mask, &bad, &sug);
      fail_never();
      if (rc != MVR_ERR_NOMEM) {
        assert_true(rc == MVR_OK || rc == MVR_ERR_NOTFOUND);
        mvr_free(bad);
        break;
      }
      assert_int_equal(mask, 0);
      assert_null(bad);
      assert_true(n < 50);
    }
  }
}

/* --- statuses ----------------------------------------------------------- */

typedef struct vocab_case {
  const char *in, *want; /* want NULL: MVR_ERR_NOTFOUND */
} vocab_case;

#define PUB "Published"
#define DEV "Under development"
#define WDR "Withdrawn"

static const vocab_case status_cases[] = {
    /* canonical, any case */
    {"Published", PUB},
    {"published", PUB},
    {"PUBLISHED", PUB},
    {"Under development", DEV},
    {"under-development", DEV},
    {"Withdrawn", WDR},
    /* -> Published */
    {"In force", PUB},
    {"Approved", PUB},
    {"Active Standard", PUB},
    {"Active", PUB},
    {"60.60", PUB},
    {"ISO stage 60.60", PUB},
    {"Stage 60.60", PUB},
    {"90.20", PUB},
    {"90.92", PUB},
    {"90.93 Confirmed", PUB},
    {"95.20", PUB},
    {"Current", PUB},
    {"Under change control", PUB},
    {"W3C Recommendation", PUB},
    {"Released", PUB},
    {"Published 2023-07", PUB},
    {"Published; under revision", PUB},
    {"Pre-published", PUB},
    {"AAP approved", PUB},
    {"PPUB", PUB},
    /* -> Under development */
    {"Under study", DEV},
    {"Draft", DEV},
    {"Consented", DEV},
    {"Determined", DEV},
    {"Last Call", DEV},
    {"AAP Last Call", DEV},
    {"NP", DEV},
    {"AWI", DEV},
    {"CD", DEV},
    {"DIS", DEV},
    {"FDIS", DEV},
    {"PRF", DEV},
    {"Active PAR", DEV},
    {"Approved PAR", DEV},
    {"PAR", DEV},
    {"Working Draft", DEV},
    {"Candidate Recommendation", DEV},
    {"Candidate Recommendation Draft", DEV},
    {"Candidate Recommendation Snapshot", DEV},
    {"Proposed Recommendation", DEV},
    {"CRD", DEV},
    {"FPWD", DEV},
    {"I-D", DEV},
    {"Internet-Draft", DEV},
    {"Carried to next study period", DEV},
    {"Final draft", DEV},
    {"30.20", DEV},
    {"40.20 DIS ballot initiated", DEV},
    {"50.00", DEV},
    {"60.00", DEV},
    {"New work item", DEV},
    /* -> Withdrawn */
    {"Superseded", WDR},
    {"95.99", WDR},
    {"95.99 Withdrawal", WDR},
    {"9599 Withdrawal", WDR},
    {"30.98", WDR},
    {"Inactive", WDR},
    {"Inactive - Withdrawn Standard", WDR},
    {"Inactive-Reserved Standard", WDR},
    {"Superseded Standard", WDR},
    {"Obsolete", WDR},
    {"Withdrawn PAR", WDR},
    {"In force (superseded)", WDR},
    {"Published (superseded by 2023 edition)", WDR},
    /* a version number is not a stage code */
    {"Under change control V17.10.0", PUB},
    /* unknown */
    {"Foo", NULL},
    {"", NULL},
    {" ", NULL},
    {"2023", NULL},
    {"60.6", NULL},
    {"160.60", NULL},
};

static void run_vocab(const vocab_case *t, size_t n,
                      mvr_status (*fn)(const mvr_profile *, const char *,
                                       size_t, const char **))
{
  size_t i, bad = 0;

  for (i = 0; i < n; i++) {
    const char *canon = "x";
    mvr_status rc = fn(P, t[i].in, strlen(t[i].in), &canon);
    mvr_status want_rc = t[i].want ? MVR_OK : MVR_ERR_NOTFOUND;
    if (rc != want_rc || !str_eq(canon, t[i].want)) {
      print_error("\"%s\": rc %d \"%s\", want \"%s\"\n", t[i].in, (int)rc,
                  canon ? canon : "(null)", t[i].want ? t[i].want : "(null)");
      bad++;
    }
  }
  assert_int_equal(bad, 0);
}

static void test_status(void **state)
{
  (void)state;
  run_vocab(status_cases, sizeof status_cases / sizeof status_cases[0],
            mvr_normalize_status);
}

/* The canonical label is borrowed from the profile: the same pointer. */
static void test_status_borrowed(void **state)
{
  const char *a = NULL, *b = NULL;

  (void)state;
  assert_int_equal(mvr_normalize_status(P, "In force", 8, &a), MVR_OK);
  assert_int_equal(mvr_normalize_status(P, "60.60", 5, &b), MVR_OK);
  assert_ptr_equal(a, b);
  assert_ptr_equal(a, mvr_profile_status(P, 0));
}

/* --- types ------------------------------------------------------------- */

static const vocab_case type_cases[] = {
    /* the twelve labels */
    {"Recommendation", "Recommendation"},
    {"Draft Recommendation", "Draft Recommendation"},
    {"Standard", "Standard"},
    {"Draft Standard", "Draft Standard"},
    {"Technical Report", "Technical Report"},
    {"Technical Specification", "Technical Specification"},
    {"Supplement", "Supplement"},
    {"Technical Paper", "Technical Paper"},
    {"Specification", "Specification"},
    {"Guideline", "Guideline"},
    {"Recommended Practice", "Recommended Practice"},
    {"Other", "Other"},
    /* the abbreviations */
    {"Rec.", "Recommendation"},
    {"Rec", "Recommendation"},
    {"TR", "Technical Report"},
    {"TS", "Technical Specification"},
    {"IS", "Standard"},
    {"Std", "Standard"},
    {"Std.", "Standard"},
    /* variants */
    {"technical report", "Technical Report"},
    {"TECHNICAL  REPORT", "Technical Report"},
    {"Tech. Report", "Technical Report"},
    {"International Standard", "Standard"},
    {"IEEE Std", "Standard"},
    {"ITU-T Rec.", "Recommendation"},
    {"Draft Rec", "Draft Recommendation"},
    {"Draft new Recommendation", "Draft Recommendation"},
    {"DIS", "Draft Standard"},
    {"FDIS", "Draft Standard"},
    {"Internet-Draft", "Draft Standard"},
    {"ETSI GS", "Technical Specification"},
    {"ETSI GR", "Technical Report"},
    {"Suppl.", "Supplement"},
    {"Guide", "Guideline"},
    {"IEEE Recommended Practice", "Recommended Practice"},
    {"Trial-Use Standard", "Standard"},
    {"OGC Community Standard", "Standard"},
    {"Khronos Specification", "Specification"},
    {"White paper", "Technical Paper"},
    {"DTR", "Technical Report"},
    /* "(TR)" after the label, a family name before it */
    {"Technical Report (TR)", "Technical Report"},
    {"Standard (IS)", "Standard"},
    {"IEEE Guide", "Guideline"},
    {"ETSI Technical Specification", "Technical Specification"},
    {"ITU-T Technical Paper", "Technical Paper"},
    {"ISO/IEC Technical Report", "Technical Report"},
    {"  Technical Report  ", "Technical Report"},
    /* unknown */
    {"Foo", NULL},
    {"", NULL},
    {"(TR)", "Technical Report"},
    {"IEEE", NULL},
};

static void test_type(void **state)
{
  (void)state;
  run_vocab(type_cases, sizeof type_cases / sizeof type_cases[0],
            mvr_normalize_type);
}

/* --- suggestions ----------------------------------------------------- */

static void test_suggest(void **state)
{
  static const struct {
    const char *vocab, *in, *want;
  } t[] = {
      {"category", "Enablng Technology", "Enabling Technology"},
      {"category", "Infrastucture", "Infrastructure"},
      {"category", "Interopera", "Interoperability"},
      {"category", "Genral", "General"},
      {"category", "Foo", NULL},
      {"category", "", NULL},
      {"status", "Publshed", "Published"},
      {"status", "Withdrwn", "Withdrawn"},
      {"status", "Under developement", "Under development"},
      {"status", "Zzzzzz", NULL},
      {"type", "Techincal Report", "Technical Report"},
      {"type", "Recomendation", "Recommendation"},
      {"type", "Draft Recomendation", "Draft Recommendation"},
      {"type", "Specifcation", "Specification"},
      {"type", "Qwerty", NULL},
      {"colour", "General", NULL},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    const char *got =
        mvr_profile_suggest(P, t[i].vocab, t[i].in, strlen(t[i].in));
    if (!str_eq(got, t[i].want)) {
      print_error("%s \"%s\": suggested \"%s\", want \"%s\"\n", t[i].vocab,
                  t[i].in, got ? got : "(null)",
                  t[i].want ? t[i].want : "(null)");
      fail();
    }
  }
}

/* --- organisations ------------------------------------------------------ */

typedef struct org_case {
  const char *in, *name, *family, *parent;
  int known;
} org_case;

#define SC24 "ISO/IEC JTC 1/SC 24", "ISO/IEC", "ISO/IEC JTC 1", 1
#define SC29 "ISO/IEC JTC 1/SC 29", "ISO/IEC", "ISO/IEC JTC 1", 1
#define SG(n) "ITU-T SG" #n, "ITU-T", "ITU-T", 1
#define FGMV "ITU-T FG-MV", "ITU-T FG-MV", "TSAG", 1
#define SA(n) "3GPP SA" #n, "3GPP", "3GPP TSG SA", 1
#define RAN(n) "3GPP RAN" #n, "3GPP", "3GPP TSG RAN", 1
#define ARF "ETSI ISG ARF", "ETSI", "ETSI", 1
#define IEEE "IEEE", "IEEE", NULL, 1
#define TC100 "IEC TC 100", "ISO/IEC", "IEC", 1

static const org_case org_cases[] = {
    /* ISO/IEC JTC 1/SC 24 */
    {"ISO/IEC JTC 1/SC 24", SC24},
    {"ISO/IEC JTC1 SC 24", SC24},
    {"ISO/IEC JTC 1 SC 24", SC24},
    {"ISO/IEC JTC 1/SC 24/WG 6", SC24},
    {"JTC 1/SC 24", SC24},
    {"SC24", SC24},
    {"SC 24", SC24},
    /* ISO/IEC JTC 1/SC 29 */
    {"ISO/IEC JTC 1/SC 29", SC29},
    {"ISO/IEC JTC1 SC29", SC29},
    {"JTC 1/SC 29", SC29},
    {"ISO/IEC JTC 1/SC 29/WG 7", SC29},
    {"ISO/IEC JTC1/SC29/WG11", SC29},
    {"ISO/IEC JTC 1/SC 29/WG 3 - MPEG Systems", SC29},
    {"ISO/IEC JTC 1/SC 29/WG 7 - MPEG 3D Graphics coding", SC29},
    {"ISO/IEC JTC 1/SC 29/AG 5", SC29},
    {"MPEG", SC29},
    {"MPEG-I", SC29},
    {"MPEG-V", SC29},
    {"MPEG Immersive Video", SC29},
    {"ISO/IEC JTC 1/SC 29 (MPEG)", SC29},
    {"iso/iec jtc 1/sc 29", SC29},
    {"ISO/IEC\xc2\xa0JTC\xc2\xa0"
     "1/SC\xc2\xa0"
     "29",
     SC29},
    /* other ISO and IEC bodies */
    {"ISO/IEC JTC 1", "ISO/IEC JTC 1", "ISO/IEC", NULL, 1},
    {"JTC1", "ISO/IEC JTC 1", "ISO/IEC", NULL, 1},
    {"ISO/IEC", "ISO/IEC", "ISO/IEC", NULL, 1},
    {"ISO", "ISO", "ISO/IEC", NULL, 1},
    {"IEC", "IEC", "ISO/IEC", NULL, 1},
    {"ISO/IEC JTC 1/SC 36", "ISO/IEC JTC 1/SC 36", "ISO/IEC", "ISO/IEC JTC 1",
     1},
    {"ISO/TC 159/SC 4", "ISO/TC 159/SC 4", "ISO/IEC", "ISO", 1},
    {"IEC TC 100", TC100},
    {"TC 100/WG 12", TC100},
    {"IEC/TC100/WG12", TC100},
    {"TC100", TC100},
    {"IEC TC 110", "IEC TC 110", "ISO/IEC", "IEC", 1},
    {"JSEG 15", "ISO/IEC JTC 1/JSEG 15", "ISO/IEC", "ISO/IEC JTC 1", 1},
    {"JSyC Metaverse", "IEC/ISO JSyC Metaverse", "ISO/IEC", "IEC", 1},
    /* ITU-T study groups, questions, working parties */
    {"ITU-T SG16", SG(16)},
    {"ITU-T SG 16", SG(16)},
    {"ITU-T Study Group 16", SG(16)},
    {"Study Group 16", SG(16)},
    {"SG16 Q8", SG(16)},
    {"ITU-T SG16/Q8", SG(16)},
    {"Q8/16", SG(16)},
    {"Question 8/16", SG(16)},
    {"ITU-T Q8/16", SG(16)},
    {"Q6/17", SG(17)},
    {"Q1/20", SG(20)},
    {"Q2/20", SG(20)},
    {"Q8/21", SG(21)},
    {"Q9/21", SG(21)},
    {"WP2/21", SG(21)},
    {"[SG20] : [Q1/20]", SG(20)},
    {"Maintenance responsibility: ITU-T Study Group 20", SG(20)},
    {"ITU-T SG21", SG(21)},
    {"ITU-T Study Group 21", SG(21)},
    {"SG 21", SG(21)},
    {"SG21", SG(21)},
    {"ITU-T SG12 (Performance, QoS and QoE)", SG(12)},
    {"ITU-T", "ITU-T", "ITU-T", NULL, 1},
    {"ITU", "ITU-T", "ITU-T", NULL, 1},
    {"TSAG", "TSAG", "ITU-T", "ITU-T", 1},
    {"JCA-MV", "ITU-T JCA-MV", "ITU-T", "ITU-T", 1},
    {"SCV", "ITU-T SCV", "ITU-T", "ITU-T", 1},
    /* the focus group */
    {"ITU-T FG-MV", FGMV},
    {"FG-MV", FGMV},
    {"FGMV", FGMV},
    {"ITU Focus Group on metaverse", FGMV},
    {"ITU-T Focus Group on metaverse (FG-MV)", FGMV},
    {"Focus Group on metaverse", FGMV},
    /* 3GPP */
    {"3GPP SA1", SA(1)},
    {"TSG SA WG1", SA(1)},
    {"SA WG1", SA(1)},
    {"S1", SA(1)},
    {"3GPP TSG SA WG1", SA(1)},
    {"S2", SA(2)},
    {"S4", SA(4)},
    {"SA WG4", SA(4)},
    {"3GPP SA4", SA(4)},
    {"R1", RAN(1)},
    {"R2", RAN(2)},
    {"3GPP", "3GPP", "3GPP", NULL, 1},
    {"3GPP TSG SA", "3GPP TSG SA", "3GPP", "3GPP", 1},
    /* ETSI */
    {"ETSI ISG ARF", ARF},
    {"Augmented Reality Framework (ARF) ETSI Industry Specification Group "
     "(ISG)",
     ARF},
    {"ETSI ARF", ARF},
    {"ETSI ISG MEC", "ETSI ISG MEC", "ETSI", "ETSI", 1},
    {"ETSI", "ETSI", "ETSI", NULL, 1},
    /* IEEE and its sponsors and working groups */
    {"IEEE", IEEE},
    {"IEEE SA", IEEE},
    {"IEEE-SA", IEEE},
    {"IEEE Standards Association", IEEE},
    {"CTS/MSC - Metaverse Standards Committee", IEEE},
    {"CTS/DFESC", IEEE},
    {"C/SAB", IEEE},
    {"SSIT/SC", IEEE},
    {"IEEE VRAR Working Group", IEEE},
    {"3079_WG - Human Factors for Immersive Content", IEEE},
    {"P2048_WG", IEEE},
    {"IEEE P3079 Working Group", IEEE},
    /* fora and consortia */
    {"Khronos Group", "Khronos Group", "Khronos Group", NULL, 1},
    {"Khronos", "Khronos Group", "Khronos Group", NULL, 1},
    {"The Khronos\xc2\xae Group", "Khronos Group", "Khronos Group", NULL, 1},
    {"Khronos\xc2\xae", "Khronos Group", "Khronos Group", NULL, 1},
    {"OGC", "OGC", "OGC", NULL, 1},
    {"Open Geospatial Consortium", "OGC", "OGC", NULL, 1},
    {"AOUSD", "AOUSD", "AOUSD", NULL, 1},
    {"Alliance for OpenUSD", "AOUSD", "AOUSD", NULL, 1},
    {"W3C", "W3C", "W3C", NULL, 1},
    {"World Wide Web Consortium", "W3C", "W3C", NULL, 1},
    {"Immersive Web Working Group", "W3C", "W3C", NULL, 1},
    {"MPAI", "MPAI", "MPAI", NULL, 1},
    {"IETF AVTCORE", "IETF AVTCORE", "IETF", "IETF", 1},
    {"Metaverse Standards Forum", "Metaverse Standards Forum",
     "Metaverse Standards Forum", NULL, 1},
    /* unknown organisations are accepted, cleaned, as their own family */
    {"Some New Forum", "Some New Forum", "Some New Forum", NULL, 0},
    {"  Some \t New  Forum ", "Some New Forum", "Some New Forum", NULL, 0},
    {"ETSI ISG XYZ", "ETSI ISG XYZ", "ETSI ISG XYZ", NULL, 0},
    {"Q99/99", "Q99/99", "Q99/99", NULL, 0},
    {"SC 99", "SC 99", "SC 99", NULL, 0},
};

static void test_org(void **state)
{
  size_t i, bad = 0;

  (void)state;
  for (i = 0; i < sizeof org_cases / sizeof org_cases[0]; i++) {
    const org_case *t = &org_cases[i];
    mvr_org_name o;
    mvr_status rc = mvr_normalize_org(P, t->in, strlen(t->in), &o);
    if (rc != MVR_OK || !str_eq(o.name, t->name) ||
        !str_eq(o.family, t->family) || !str_eq(o.parent, t->parent) ||
        o.known != t->known) {
      print_error("\"%s\": rc %d name \"%s\" family \"%s\" parent \"%s\" "
                  "known %d\n  want name \"%s\" family \"%s\" parent \"%s\" "
                  "known %d\n",
                  t->in, (int)rc, o.name ? o.name : "(null)",
                  o.family ? o.family : "(null)",
                  o.parent ? o.parent : "(null)", o.known, t->name, t->family,
                  t->parent ? t->parent : "(null)", t->known);
      bad++;
    }
    mvr_org_name_clear(&o);
  }
  assert_int_equal(bad, 0);
}

static void test_org_errors(void **state)
{
  static const char *const empty[] = {"", " ", "\t\r\n", "\xc2\xa0",
                                      "\xef\xbb\xbf"};
  mvr_org_name o;
  size_t i;
  char *big;

  (void)state;
  for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    memset(&o, 0x5a, sizeof o);
    assert_int_equal(mvr_normalize_org(P, empty[i], strlen(empty[i]), &o),
                     MVR_ERR_DATA);
    assert_null(o.name);
    assert_null(o.family);
    assert_null(o.parent);
  }
  assert_int_equal(mvr_normalize_org(P, "IEEE\xff", 5, &o), MVR_ERR_DATA);
  assert_null(o.name);
  /* a long cell is accepted as an unknown name, quickly: the sub-body
   * rules do not run on it */
  big = malloc(100001);
  assert_non_null(big);
  for (i = 0; i < 100000; i += 4)
    memcpy(big + i, "a - ", 4);
  big[100000] = '\0';
  assert_int_equal(mvr_normalize_org(P, big, 100000, &o), MVR_OK);
  assert_int_equal(o.known, 0);
  mvr_org_name_clear(&o);
  /* just under the limit, with many separators: still bounded */
  for (i = 0; i < 256; i += 4)
    memcpy(big + i, "Q - ", 4);
  assert_int_equal(mvr_normalize_org(P, big, 255, &o), MVR_OK);
  assert_int_equal(o.known, 0);
  mvr_org_name_clear(&o);
  for (i = 0; i < 256; i += 4)
    memcpy(big + i, "(a) ", 4);
  assert_int_equal(mvr_normalize_org(P, big, 255, &o), MVR_OK);
  mvr_org_name_clear(&o);
  free(big);
}

static void test_org_nomem(void **state)
{
  static const char *const in[] = {"ITU-T SG16", "Some New Forum",
                                   "ITU-T Study Group 21", "Q8/16",
                                   "The Khronos\xc2\xae Group"};
  size_t i;
  long n;

  (void)state;
  for (i = 0; i < sizeof in / sizeof in[0]; i++) {
    for (n = 0;; n++) {
      mvr_org_name o;
      mvr_status rc;
      fail_from(n);
      rc = mvr_normalize_org(P, in[i], strlen(in[i]), &o);
      fail_never();
      if (rc == MVR_OK) {
        mvr_org_name_clear(&o);
        break;
      }
      assert_int_equal(rc, MVR_ERR_NOMEM);
      assert_null(o.name);
      assert_null(o.family);
      assert_null(o.parent);
      assert_true(n < 50);
    }
  }
}

/* --- pathological inputs ---------------------------------------------- */

/* Repeat `unit` into a new buffer until it holds at least `n` bytes. */
static char *repeat(const char *unit, size_t n)
{
  size_t ul = strlen(unit), i;
  char *s = malloc(n + ul + 1);

  assert_non_null(s);
  for (i = 0; i < n; i += ul)
    memcpy(s + i, unit, ul);
  s[i] = '\0';
  return s;
}

/* Inputs built to make a naive splitter or phrase matcher explode; each
 * must come back at once (a blow-up shows as a hang under ctest). */
static void test_pathological(void **state)
{
  static const char *const cats[] = {
      "General & ", "General and ", "Foo & ", "a/", "&", "General, "};
  const char *canon;
  uint64_t mask;
  size_t i;
  char *s, *bad;

  (void)state;
  for (i = 0; i < sizeof cats / sizeof cats[0]; i++) {
    s = repeat(cats[i], 100000);
    bad = NULL;
    mvr_normalize_categories(P, s, strlen(s), &mask, &bad, NULL);
    mvr_free(bad);
    free(s);
  }
  /* many separators in one item: more than the splitter reads */
  s = repeat("Interoperability & ", 2000);
  assert_int_equal(mvr_normalize_categories(P, s, strlen(s), &mask, NULL, NULL),
                   MVR_ERR_NOTFOUND);
  free(s);
  s = repeat("Interoperability & ", 300 * 19);
  s[strlen(s) - 3] = '\0'; /* 300 labels, 299 separators, one item */
  assert_int_equal(mvr_normalize_categories(P, s, strlen(s), &mask, NULL, NULL),
                   MVR_ERR_NOTFOUND);
  free(s);
  s = repeat("Interoperability & ", 30 * 19);
  s[strlen(s) - 3] = '\0'; /* 30 labels: within the bound, reads */
  assert_int_equal(mvr_normalize_categories(P, s, strlen(s), &mask, NULL, NULL),
                   MVR_OK);
  assert_int_equal(mask, INTEROP);
  free(s);
  /* statuses and types: long free text */
  s = repeat("draft under ", 200000);
  assert_int_equal(mvr_normalize_status(P, s, strlen(s), &canon), MVR_OK);
  assert_string_equal(canon, "Under development");
  free(s);
  s = repeat("60.6", 100000);
  mvr_normalize_status(P, s, strlen(s), &canon);
  free(s);
  s = repeat("Technical ", 100000);
  assert_int_equal(mvr_normalize_type(P, s, strlen(s), &canon),
                   MVR_ERR_NOTFOUND);
  free(s);
  s = repeat("Technical ", 100);
  assert_null(mvr_profile_suggest(P, "type", s, strlen(s)));
  free(s);
}

/* --- the 130 real rows ---------------------------------------------------- */

/* A small RFC 4180 reader: quoted fields, doubled quotes, CRLF. Splits
 * `text` in place; returns the number of fields of the record at *pos. */
static size_t csv_record(char *text, size_t *pos, char **f, size_t max)
{
  size_t n = 0, i = *pos, o;
  int quoted;

  if (!text[i])
    return 0;
  for (;;) {
    char *start = text + i;
    quoted = text[i] == '"';
    o = i;
    if (quoted) {
      i++;
      for (;;) {
        if (!text[i])
          break;
        if (text[i] == '"' && text[i + 1] == '"') {
          text[o++] = '"';
          i += 2;
        } else if (text[i] == '"') {
          i++;
          break;
        } else {
          text[o++] = text[i++];
        }
      }
    } else {
      while (text[i] && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        i++;
      o = i;
    }
    if (n < max)
      f[n++] = start;
    if (text[i] == ',') {
      text[o] = '\0';
      i++;
      continue;
    }
    /* end of record */
    if (text[i] == '\r')
      text[i++] = '\0';
    if (text[i] == '\n')
      text[i++] = '\0';
    text[o] = '\0';
    break;
  }
  *pos = i;
  return n;
}

static char *read_file(const char *path)
{
  FILE *fp = fopen(path, "rb");
  char *buf;
  long n;

  if (!fp)
    return NULL;
  if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
      fseek(fp, 0, SEEK_SET) != 0) {
    fclose(fp);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf)
    buf[n] = '\0';
  fclose(fp);
  return buf;
}

/* Category bits of a cell written with canonical labels and "; ". */
static uint64_t canonical_cats(const char *cell)
{
  uint64_t m = 0;
  size_t i, n = mvr_profile_category_count(P);

  for (i = 0; i < n; i++) {
    const char *label = mvr_profile_category(P, i);
    const char *hit = strstr(cell, label);
    size_t l = strlen(label);
    if (hit && (hit == cell || hit[-1] == ' ') &&
        (hit[l] == '\0' || hit[l] == ';'))
      m |= (uint64_t)1 << i;
  }
  return m;
}

typedef struct row_key {
  char *family, *key, *detail, *reference;
} row_key;

static void test_real_rows(void **state)
{
  enum { SDO, REF, TYPE, TITLE, STATUS, CAT, NCOL = 9 };
  char *text = read_file(CSV_PATH);
  char *f[NCOL];
  row_key keys[400];
  size_t pos = 0, nrows = 0, i, j, dups = 0;
  int errors = 0;

  (void)state;
  if (!text) {
    print_message("[  SKIP    ] %s is absent\n", CSV_PATH);
    skip();
  }
  /* the header names the columns this test reads */
  assert_int_equal(csv_record(text, &pos, f, NCOL), NCOL);
  assert_string_equal(f[SDO], "sdo");
  assert_string_equal(f[REF], "reference");
  assert_string_equal(f[TYPE], "type");
  assert_string_equal(f[STATUS], "status");
  assert_string_equal(f[CAT], "category");
  while (csv_record(text, &pos, f, NCOL) == NCOL) {
    mvr_org_name org;
    mvr_ref ref;
    const char *canon = NULL;
    uint64_t mask = 0;
    char *bad = NULL;
    const char *sug = NULL;

    assert_true(nrows < sizeof keys / sizeof keys[0]);
    /* the organisation: known, and already canonical in this file */
    assert_int_equal(mvr_normalize_org(P, f[SDO], strlen(f[SDO]), &org),
                     MVR_OK);
    if (!org.known || strcmp(org.name, f[SDO]) != 0) {
      print_error("row %zu: sdo \"%s\" -> \"%s\" (known %d)\n", nrows + 1,
                  f[SDO], org.name, org.known);
      errors++;
    }
    /* the reference, in the organisation's family */
    if (mvr_normalize_reference(P, org.family, f[REF], strlen(f[REF]), &ref) !=
            MVR_OK ||
        !*ref.family || !*ref.key || !*ref.display) {
      print_error("row %zu: reference \"%s\" not accepted\n", nrows + 1,
                  f[REF]);
      errors++;
    }
    keys[nrows].family = ref.family;
    keys[nrows].key = ref.key;
    keys[nrows].detail = ref.detail;
    keys[nrows].reference = f[REF];
    mvr_free(ref.display);
    memset(&ref, 0, sizeof ref); /* the rest is owned by keys[] now */
    mvr_org_name_clear(&org);
    /* type and status: canonical already */
    if (mvr_normalize_type(P, f[TYPE], strlen(f[TYPE]), &canon) != MVR_OK ||
        strcmp(canon, f[TYPE]) != 0) {
      print_error("row %zu: type \"%s\"\n", nrows + 1, f[TYPE]);
      errors++;
    }
    if (mvr_normalize_status(P, f[STATUS], strlen(f[STATUS]), &canon) !=
            MVR_OK ||
        strcmp(canon, f[STATUS]) != 0) {
      print_error("row %zu: status \"%s\"\n", nrows + 1, f[STATUS]);
      errors++;
    }
    /* categories: parsed, and the ones the cell names */
    if (mvr_normalize_categories(P, f[CAT], strlen(f[CAT]), &mask, &bad,
                                 &sug) != MVR_OK ||
        !mask || mask != canonical_cats(f[CAT])) {
      print_error("row %zu: category \"%s\" (bad \"%s\")\n", nrows + 1, f[CAT],
                  bad ? bad : "");
      errors++;
    }
    mvr_free(bad);
    nrows++;
  }
  assert_int_equal(errors, 0);
  assert_int_equal(nrows, 130);

  /* one key per document: the only shared keys are the two withdrawn
   * editions kept on purpose, each with a detail that tells them apart */
  for (i = 0; i < nrows; i++) {
    for (j = i + 1; j < nrows; j++) {
      if (strcmp(keys[i].family, keys[j].family) != 0 ||
          strcmp(keys[i].key, keys[j].key) != 0)
        continue;
      dups++;
      if (!((strcmp(keys[i].reference, "ISO/IEC 23090-2") == 0 &&
             strcmp(keys[j].reference, "ISO/IEC 23090-2:2021") == 0) ||
            (strcmp(keys[i].reference, "ISO/IEC 23090-5") == 0 &&
             strcmp(keys[j].reference, "ISO/IEC 23090-5:2023") == 0))) {
        print_error("\"%s\" and \"%s\" share %s \"%s\"\n", keys[i].reference,
                    keys[j].reference, keys[i].family, keys[i].key);
        errors++;
        continue;
      }
      assert_string_equal(keys[i].family, "ISO/IEC");
      assert_null(keys[i].detail);
      assert_non_null(keys[j].detail);
      assert_string_equal(keys[j].detail,
                          keys[j].reference + strlen(keys[i].reference) + 1);
    }
  }
  assert_int_equal(errors, 0);
  assert_int_equal(dups, 2);
  for (i = 0; i < nrows; i++) {
    mvr_free(keys[i].family);
    mvr_free(keys[i].key);
    mvr_free(keys[i].detail);
  }
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_profile),
      cmocka_unit_test(test_categories),
      cmocka_unit_test(test_category_errors),
      cmocka_unit_test(test_category_empty),
      cmocka_unit_test(test_category_nomem),
      cmocka_unit_test(test_status),
      cmocka_unit_test(test_status_borrowed),
      cmocka_unit_test(test_type),
      cmocka_unit_test(test_suggest),
      cmocka_unit_test(test_org),
      cmocka_unit_test(test_org_errors),
      cmocka_unit_test(test_org_nomem),
      cmocka_unit_test(test_pathological),
      cmocka_unit_test(test_real_rows),
  };
  return cmocka_run_group_tests_name("normalize", tests, setup, teardown);
}
