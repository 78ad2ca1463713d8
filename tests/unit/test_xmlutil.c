/* test_xmlutil.c - mvr_xml_escape() and mvr_xml_strip(), the escaping
 * module of every XML part the library writes: markup characters become
 * entities, what XML 1.0 forbids (controls, U+FFFE/U+FFFF, surrogates,
 * bytes that are not UTF-8) is dropped, everything else is copied
 * byte for byte; errors stick in the buffer; and, for random input, the
 * result is always well-formed for libxml2 and reads back as the input
 * minus the dropped characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "xmlutil.h"

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

/* --- table-driven cases -----------------------------------------------------
 */

typedef struct xcase {
  const char *in;
  size_t len; /* 0: strlen(in) */
  const char *escaped;
  const char *stripped;
} xcase;

static const xcase cases[] = {
    {"", 0, "", ""},
    {"plain text 123", 0, "plain text 123", "plain text 123"},
    {"a&b<c>d\"e'f", 0, "a&amp;b&lt;c&gt;d&quot;e'f", "a&b<c>d\"e'f"},
    {"&amp;", 0, "&amp;amp;", "&amp;"},
    {"]]>", 0, "]]&gt;", "]]>"},
    {"tab\tlf\ncr\r.", 0, "tab\tlf\ncr\r.", "tab\tlf\ncr\r."},
    /* C0 controls other than TAB LF CR are dropped; DEL is allowed */
    {"a\x01"
     "b\x08"
     "c\x0B"
     "d\x0C"
     "e\x1F"
     "f\x7F",
     0, "abcdef\x7F", "abcdef\x7F"},
    {"a\0b", 3, "ab", "ab"},
    /* UTF-8 of 2, 3 and 4 bytes is copied */
    {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 0,
     "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
     "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
    /* U+FFFD is a character; U+FFFE and U+FFFF are not */
    {"<\xEF\xBF\xBD\xEF\xBF\xBE\xEF\xBF\xBF>", 0, "&lt;\xEF\xBF\xBD&gt;",
     "<\xEF\xBF\xBD>"},
    /* U+D7FF and U+E000 are; a surrogate U+D800 encoded in UTF-8 is not */
    {"\xED\x9F\xBF|\xED\xA0\x80|\xEE\x80\x80", 0, "\xED\x9F\xBF||\xEE\x80\x80",
     "\xED\x9F\xBF||\xEE\x80\x80"},
    /* overlong forms, a lone continuation byte, bytes F5..FF, code points
     * beyond U+10FFFF */
    {"x\xC0\xAFy\xE0\x80\xAFz\x80w\xF5\x80\x80\x80v\xFF", 0, "xyzwv", "xyzwv"},
    {"\xF4\x8F\xBF\xBF|\xF4\x90\x80\x80", 0, "\xF4\x8F\xBF\xBF|",
     "\xF4\x8F\xBF\xBF|"},
    /* a sequence cut short, in the middle and at the end */
    {"a\xE2\x82"
     "b\xE2\x82",
     0, "ab", "ab"},
    /* escaping resumes after a bad byte */
    {"\xC3<\xC3\xA9&", 0, "&lt;\xC3\xA9&amp;", "<\xC3\xA9&"},
};

static void test_cases(void **state)
{
  size_t i;

  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const xcase *c = &cases[i];
    size_t len = c->len ? c->len : strlen(c->in);
    mvr_buf b = MVR_BUF_INIT(1 << 20);

    mvr_xml_escape(&b, c->in, len);
    assert_int_equal(mvr_buf_status(&b), MVR_OK);
    if (strcmp(mvr_buf_cstr(&b), c->escaped) != 0)
      fail_msg("case %zu: escaped \"%s\", want \"%s\"", i, mvr_buf_cstr(&b),
               c->escaped);
    mvr_buf_reset(&b);
    mvr_xml_strip(&b, c->in, len);
    if (strcmp(mvr_buf_cstr(&b), c->stripped) != 0)
      fail_msg("case %zu: stripped \"%s\", want \"%s\"", i, mvr_buf_cstr(&b),
               c->stripped);
    mvr_buf_free(&b);
  }
}

static void test_puts_appends(void **state)
{
  mvr_buf b = MVR_BUF_INIT(1 << 20);

  (void)state;
  mvr_buf_puts(&b, "<t>");
  mvr_xml_puts(&b, "R&D <x>");
  mvr_buf_puts(&b, "</t>");
  assert_string_equal(mvr_buf_cstr(&b), "<t>R&amp;D &lt;x&gt;</t>");
  mvr_xml_escape(&b, NULL, 0); /* nothing, and no crash */
  assert_int_equal(b.len, strlen("<t>R&amp;D &lt;x&gt;</t>"));
  mvr_buf_free(&b);
}

static void test_char_ok(void **state)
{
  static const struct {
    uint32_t c;
    int ok;
  } t[] = {{0x0, 0},     {0x8, 0},      {0x9, 1},      {0xA, 1},
           {0xB, 0},     {0xD, 1},      {0x1F, 0},     {0x20, 1},
           {0x7F, 1},    {0xD7FF, 1},   {0xD800, 0},   {0xDFFF, 0},
           {0xE000, 1},  {0xFFFD, 1},   {0xFFFE, 0},   {0xFFFF, 0},
           {0x10000, 1}, {0x10FFFF, 1}, {0x110000, 0}, {0xFFFFFFFF, 0}};
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++)
    if (mvr_xml_char_ok(t[i].c) != t[i].ok)
      fail_msg("U+%04X: want %d", (unsigned)t[i].c, t[i].ok);
}

static void test_decode(void **state)
{
  uint32_t c = 0;

  (void)state;
  assert_int_equal(mvr_utf8_decode((const unsigned char *)"A", 1, &c), 1);
  assert_int_equal(c, 0x41);
  assert_int_equal(
      mvr_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &c), 3);
  assert_int_equal(c, 0x20AC);
  /* the length bounds the read: a full sequence past it is not seen */
  assert_int_equal(
      mvr_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 2, &c), 0);
  assert_int_equal(mvr_utf8_decode((const unsigned char *)"", 0, &c), 0);
}

/* A full buffer: the error sticks and later appends change nothing. */
static void test_sticky_toobig(void **state)
{
  mvr_buf b = MVR_BUF_INIT(8);

  (void)state;
  mvr_xml_puts(&b, "&&&"); /* 15 bytes escaped */
  assert_int_equal(mvr_buf_status(&b), MVR_ERR_TOOBIG);
  mvr_xml_puts(&b, "a");
  assert_int_equal(mvr_buf_status(&b), MVR_ERR_TOOBIG);
  assert_true(b.len <= 8);
  mvr_buf_free(&b);
}

static void test_nomem(void **state)
{
  static const mvr_allocator a = {t_malloc, t_realloc, t_free, NULL};
  mvr_buf b = MVR_BUF_INIT(1 << 20);

  (void)state;
  fail_at = 0;
  nallocs = 0;
  assert_int_equal(mvr_set_allocator(&a), MVR_OK);
  mvr_xml_puts(&b, "x < y");
  assert_int_equal(mvr_buf_status(&b), MVR_ERR_NOMEM);
  mvr_xml_puts(&b, "more");
  assert_int_equal(mvr_buf_status(&b), MVR_ERR_NOMEM);
  fail_at = -1;
  assert_int_equal(mvr_set_allocator(NULL), MVR_OK);
  mvr_buf_free(&b);
}

/* --- property: random input is always well-formed once escaped ------------ */

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 11);
}

/* Bytes biased towards the interesting ones. */
static void random_text(unsigned char *p, size_t n)
{
  static const unsigned char pick[] = {'&',  '<',  '>',  '"',  '\'', 0,    1,
                                       9,    10,   13,   0x1F, 0x7F, 0x80, 0xBF,
                                       0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4,
                                       0xF5, 0xFF, 'a',  ' '};
  size_t i;

  for (i = 0; i < n; i++)
    p[i] = (rnd() & 1) ? pick[rnd() % sizeof pick] : (unsigned char)rnd();
}

static void test_random_well_formed(void **state)
{
  unsigned char in[64];
  int round;

  (void)state;
  for (round = 0; round < 5000; round++) {
    mvr_buf doc = MVR_BUF_INIT(1 << 20), want = MVR_BUF_INIT(1 << 20);
    size_t n = rnd() % sizeof in;
    xmlDocPtr x;
    xmlChar *attr, *content;

    random_text(in, n);
    mvr_buf_puts(&doc, "<r a=\"");
    mvr_xml_escape(&doc, (const char *)in, n);
    mvr_buf_puts(&doc, "\">");
    mvr_xml_escape(&doc, (const char *)in, n);
    mvr_buf_puts(&doc, "</r>");
    mvr_xml_strip(&want, (const char *)in, n);
    assert_int_equal(mvr_buf_status(&doc), MVR_OK);
    x = xmlReadMemory(mvr_buf_cstr(&doc), (int)doc.len, "r.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                          XML_PARSE_NOWARNING);
    if (!x)
      fail_msg("round %d: not well-formed: %s", round, mvr_buf_cstr(&doc));
    content = xmlNodeGetContent(xmlDocGetRootElement(x));
    attr = xmlGetProp(xmlDocGetRootElement(x), (const xmlChar *)"a");
    /* the parser reads CR as LF (end-of-line handling, XML 1.0 2.11) in
     * content, and white space as spaces in attributes (3.3.3): compare
     * the content, with CRs made LFs */
    {
      size_t i;
      char *w = want.ptr ? want.ptr : (char *)"";
      for (i = 0; i < want.len; i++)
        if (w[i] == '\r')
          w[i] = (i + 1 < want.len && w[i + 1] == '\n') ? '\x01' : '\n';
      /* a CR LF pair is one LF */
      mvr_buf_reset(&doc);
      for (i = 0; i < want.len; i++)
        if (w[i] != '\x01')
          mvr_buf_putc(&doc, w[i]);
    }
    assert_non_null(content);
    assert_non_null(attr);
    if (strcmp((const char *)content, mvr_buf_cstr(&doc)) != 0)
      fail_msg("round %d: content differs", round);
    xmlFree(content);
    xmlFree(attr);
    xmlFreeDoc(x);
    mvr_buf_free(&doc);
    mvr_buf_free(&want);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cases),
      cmocka_unit_test(test_puts_appends),
      cmocka_unit_test(test_char_ok),
      cmocka_unit_test(test_decode),
      cmocka_unit_test(test_sticky_toobig),
      cmocka_unit_test(test_nomem),
      cmocka_unit_test(test_random_well_formed),
  };
  int rc;

  rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
