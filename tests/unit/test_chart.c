/* test_chart.c - SVG charts (issue 7): well-formed XML (libxml2 parses
 * every chart), role="img" with <title> and <desc> holding every figure,
 * numbers as text on bars and cells, empty cells hatched, hostile labels
 * escaped, long labels cut with the whole label kept in <title>, bad
 * arguments refused, allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "mvroad.h"

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

static void well_formed(const char *svg, size_t len)
{
  xmlDocPtr doc = xmlReadMemory(svg, (int)len, "chart.svg", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
  if (!doc)
    fprintf(stderr, "not well-formed:\n%s\n", svg);
  assert_non_null(doc);
  assert_string_equal((const char *)xmlDocGetRootElement(doc)->name, "svg");
  xmlFreeDoc(doc);
}

#define EVIL "<script>alert(1)</script> & \"q\""

static void test_bars(void **state)
{
  const mvr_chart_bar bars[] = {
      {"Published", 90}, {"Under development", 30}, {EVIL, 0}};
  char *svg = NULL;
  size_t len = 0;

  (void)state;
  assert_int_equal(mvr_chart_bars("st", "Entries by status", bars, 3, &svg,
                                  &len),
                   MVR_OK);
  assert_int_equal(strlen(svg), len);
  well_formed(svg, len);
  assert_non_null(strstr(svg, "role=\"img\""));
  assert_non_null(strstr(svg, "aria-labelledby=\"st-t st-d\""));
  assert_non_null(strstr(svg, "<title id=\"st-t\">Entries by status</title>"));
  assert_non_null(strstr(svg, "<desc id=\"st-d\">Published: 90. Under "
                              "development: 30. "));
  assert_non_null(strstr(svg, ">90</text>"));
  assert_non_null(strstr(svg, ">30</text>"));
  assert_null(strstr(svg, "<script"));
  assert_non_null(strstr(svg, "&lt;script&gt;"));
  assert_null(strstr(svg, "style="));
  mvr_free(svg);
  /* nothing to draw: still a chart, saying so */
  assert_int_equal(mvr_chart_bars("e", "Empty", NULL, 0, &svg, &len), MVR_OK);
  well_formed(svg, len);
  assert_non_null(strstr(svg, "No data"));
  mvr_free(svg);
}

static void test_heatmap(void **state)
{
  static const char *const rows[] = {"Avatars", "Haptics", EVIL};
  static const char *const cols[] = {"General", "Enabling Technology"};
  static const long cells[] = {3, 0, 0, 2, 1, 7};
  char *svg = NULL;
  size_t len = 0;

  (void)state;
  assert_int_equal(mvr_chart_heatmap("hm", "Topics by category", rows, 3,
                                     cols, 2, cells, &svg, &len),
                   MVR_OK);
  well_formed(svg, len);
  assert_non_null(strstr(svg, "role=\"img\""));
  assert_non_null(strstr(svg, "<desc id=\"hm-d\">Avatars: General 3, "
                              "Enabling Technology 0. Haptics: General 0, "
                              "Enabling Technology 2. "));
  /* empty cells hatched, and every number written */
  assert_non_null(strstr(svg, "<pattern id=\"hm-hatch\""));
  assert_non_null(strstr(svg, "fill=\"url(#hm-hatch)\""));
  assert_non_null(strstr(svg, ">7</text>"));
  assert_non_null(strstr(svg, "<title>Haptics \xC3\x97 Enabling Technology: "
                              "2</title>"));
  /* "Enabling Technology" is too long for a column: turned */
  assert_non_null(strstr(svg, "rotate(-45"));
  assert_null(strstr(svg, "<script"));
  mvr_free(svg);
}

static void test_long_labels(void **state)
{
  char longl[600];
  mvr_chart_bar bar;
  char *svg = NULL;
  size_t len = 0, i;

  (void)state;
  for (i = 0; i + 2 < sizeof longl; i += 2)
    memcpy(longl + i, "\xC3\xA9", 2); /* é, 2 bytes */
  longl[i] = '\0';
  bar.label = longl;
  bar.value = 5;
  assert_int_equal(mvr_chart_bars("l", "Long", &bar, 1, &svg, &len), MVR_OK);
  well_formed(svg, len);
  assert_non_null(strstr(svg, "\xE2\x80\xA6</text>")); /* cut, … */
  mvr_free(svg);
}

static void test_bad_args(void **state)
{
  const mvr_chart_bar neg = {"x", -1}, nul = {NULL, 1};
  static const char *const rows[] = {"a"};
  static const long bad[] = {-2};
  char *svg = (char *)1;
  size_t len = 1;

  (void)state;
  assert_int_equal(mvr_chart_bars("a\"b", "t", NULL, 0, &svg, &len),
                   MVR_ERR_ARG);
  assert_null(svg);
  assert_int_equal(len, 0);
  assert_int_equal(mvr_chart_bars("", "t", NULL, 0, &svg, &len), MVR_ERR_ARG);
  assert_int_equal(mvr_chart_bars("a", "t", &neg, 1, &svg, &len), MVR_ERR_ARG);
  assert_int_equal(mvr_chart_bars("a", "t", &nul, 1, &svg, &len), MVR_ERR_ARG);
  assert_int_equal(mvr_chart_bars("a", "t", NULL, 1, &svg, &len), MVR_ERR_ARG);
  assert_int_equal(
      mvr_chart_heatmap("a", "t", rows, 1, rows, 1, bad, &svg, &len),
      MVR_ERR_ARG);
  assert_int_equal(
      mvr_chart_heatmap("a", "t", rows, 1, rows, 1, NULL, &svg, &len),
      MVR_ERR_ARG);
  assert_null(svg);
}

static void test_alloc_failures(void **state)
{
  static const mvr_allocator fa = {f_malloc, f_realloc, f_free, NULL};
  static const char *const rows[] = {"Avatars", "Haptics"};
  static const long cells[] = {3, 0, 0, 2};
  const mvr_chart_bar bars[] = {{"a", 1}, {"b", 2}};
  char *svg;
  size_t len;
  long n;
  int ok = 0;

  (void)state;
  assert_int_equal(mvr_set_allocator(&fa), MVR_OK);
  for (n = 0; n < 200 && !ok; n++) {
    mvr_status r1, r2;
    countdown = n;
    svg = NULL;
    r1 = mvr_chart_bars("b", "t", bars, 2, &svg, &len);
    mvr_free(svg);
    svg = NULL;
    r2 = mvr_chart_heatmap("h", "t", rows, 2, rows, 2, cells, &svg, &len);
    mvr_free(svg);
    ok = countdown >= 0; /* both ran through without a failure */
    countdown = -1;
    assert_true(r1 == MVR_OK || r1 == MVR_ERR_NOMEM);
    assert_true(r2 == MVR_OK || r2 == MVR_ERR_NOMEM);
  }
  assert_true(ok);
  mvr_set_allocator(NULL);
}

/* Segments of a stacked bar: <g> elements whose <title> is "release,
 * status: N", counted by walking the parsed tree. */
static int count_titled(xmlNodePtr n, const char *prefix)
{
  int k = 0;

  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE &&
        strcmp((const char *)n->name, "title") == 0) {
      xmlChar *t = xmlNodeGetContent(n);
      if (t && strncmp((const char *)t, prefix, strlen(prefix)) == 0)
        k++;
      xmlFree(t);
    }
    k += count_titled(n->children, prefix);
  }
  return k;
}

static void test_timeline(void **state)
{
  static const char *const rels[] = {"2025-06", "2026-01", EVIL};
  static const char *const sts[] = {"Published", "Under development",
                                    "Planned"};
  static const long cells[] = {10, 5, 0, 20, 8, 2, 0, 0, 1};
  char *svg = NULL;
  size_t len = 0;
  xmlDocPtr doc;

  (void)state;
  assert_int_equal(mvr_chart_timeline("tl", "Entries by status", rels, 3,
                                      sts, 3, cells, &svg, &len),
                   MVR_OK);
  assert_int_equal(strlen(svg), len);
  well_formed(svg, len);
  doc = xmlReadMemory(svg, (int)len, "t.svg", NULL, XML_PARSE_NONET);
  assert_non_null(doc);
  /* one segment per non-zero cell, each with its own title */
  assert_int_equal(count_titled(xmlDocGetRootElement(doc), "2026-01, "), 3);
  assert_int_equal(count_titled(xmlDocGetRootElement(doc), "2025-06, "), 2);
  assert_int_equal(count_titled(xmlDocGetRootElement(doc), "2025-06: 15 "),
                   1);
  assert_int_equal(
      count_titled(xmlDocGetRootElement(doc), "2026-01, Planned: 2"), 1);
  assert_int_equal(count_titled(xmlDocGetRootElement(doc), EVIL), 2);
  xmlFreeDoc(doc);
  assert_non_null(strstr(svg, "role=\"img\""));
  assert_non_null(strstr(svg, "<desc id=\"tl-d\">2025-06: Published 10, "
                              "Under development 5, Planned 0. 2026-01: "
                              "Published 20, Under development 8, Planned "
                              "2. "));
  /* readable without colour: each status a texture, and a legend */
  assert_non_null(strstr(svg, "<pattern id=\"tl-p1\""));
  assert_non_null(strstr(svg, "<pattern id=\"tl-p2\""));
  assert_non_null(strstr(svg, "fill=\"url(#tl-p2)\""));
  assert_non_null(strstr(svg, ">Under development</text>"));
  assert_non_null(strstr(svg, ">30</text>")); /* total of 2026-01 */
  assert_non_null(strstr(svg, ">20</text>"));
  assert_null(strstr(svg, "<script"));
  assert_null(strstr(svg, "style="));
  mvr_free(svg);
  /* no release yet */
  assert_int_equal(mvr_chart_timeline("e", "None", NULL, 0, sts, 3, NULL,
                                      &svg, &len),
                   MVR_OK);
  well_formed(svg, len);
  assert_non_null(strstr(svg, "No release"));
  mvr_free(svg);
  /* bad arguments */
  assert_int_equal(mvr_chart_timeline("bad id", "t", rels, 3, sts, 3, cells,
                                      &svg, &len),
                   MVR_ERR_ARG);
  assert_null(svg);
  {
    static const long neg[] = {1, -1, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(mvr_chart_timeline("x", "t", rels, 3, sts, 3, neg, &svg,
                                        &len),
                     MVR_ERR_ARG);
  }
  /* allocation failures: refused cleanly, never a partial chart */
  {
    static const mvr_allocator fa = {f_malloc, f_realloc, f_free, NULL};
    long n;
    assert_int_equal(mvr_set_allocator(&fa), MVR_OK);
    for (n = 0; n < 40; n++) {
      mvr_status rc;
      countdown = n;
      svg = NULL;
      rc = mvr_chart_timeline("tl", "t", rels, 3, sts, 3, cells, &svg, &len);
      countdown = -1;
      mvr_free(svg);
      assert_true(rc == MVR_OK || rc == MVR_ERR_NOMEM);
    }
    assert_int_equal(mvr_set_allocator(NULL), MVR_OK);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bars),
      cmocka_unit_test(test_heatmap),
      cmocka_unit_test(test_long_labels),
      cmocka_unit_test(test_bad_args),
      cmocka_unit_test(test_alloc_failures),
      cmocka_unit_test(test_timeline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
