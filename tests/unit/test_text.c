/* test_text.c - mvr_text_clean(): UTF-8 validation with the byte offset
 * of the first bad byte, Unicode NFC, Unicode spaces and smart quotes,
 * control characters, white space collapsing and trimming, the
 * multi-line mode, and clean failure when an allocation fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"
#include "util.h"

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

/* --- helpers ----------------------------------------------------------- */

typedef struct clean_case {
  const char *in; /* NUL-terminated test input */
  int multiline;
  const char *out; /* expected output */
} clean_case;

static void run_cases(const clean_case *t, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    char *out = NULL;
    size_t bad = 99;
    mvr_status rc =
        mvr_text_clean(t[i].in, strlen(t[i].in), t[i].multiline, &out, &bad);
    if (rc != MVR_OK || strcmp(out, t[i].out) != 0) {
      print_error("case %zu: \"%s\" (multiline %d): rc %d, got \"%s\", "
                  "want \"%s\"\n",
                  i, t[i].in, t[i].multiline, (int)rc, out ? out : "(null)",
                  t[i].out);
      mvr_free(out);
      fail();
    }
    assert_int_equal(bad, 0);
    mvr_free(out);
  }
}

/* --- ASCII, spaces, trimming ------------------------------------------ */

static void test_ascii(void **state)
{
  static const clean_case t[] = {
      {"", 0, ""},
      {"ISO/IEC 23090-2", 0, "ISO/IEC 23090-2"},
      {"  ISO/IEC 23090-2  ", 0, "ISO/IEC 23090-2"},
      {"ISO/IEC   23090-2", 0, "ISO/IEC 23090-2"},
      {"\tISO/IEC\t23090-2\t", 0, "ISO/IEC 23090-2"},
      {" \t \r\n ", 0, ""},
      {"a \t\f\v b", 0, "a b"},
      {"x", 0, "x"},
      {" x", 0, "x"},
      {"x ", 0, "x"},
      /* control characters and DEL are dropped, not turned into spaces */
      {"a\x01"
       "b\x1f"
       "c\x7f"
       "d",
       0, "abcd"},
      {"\x1b[31mred\x1b[0m", 0, "[31mred[0m"},
  };
  (void)state;
  run_cases(t, sizeof t / sizeof t[0]);
}

static void test_unicode_spaces(void **state)
{
  static const clean_case t[] = {
      /* NBSP, narrow NBSP, ideographic space, en quad .. hair space */
      {"ISO/IEC\xc2\xa0"
       "23090-2",
       0, "ISO/IEC 23090-2"},
      {"ITU-T\xe2\x80\xaf"
       "H.266",
       0, "ITU-T H.266"},
      {"a\xe3\x80\x80"
       "b",
       0, "a b"},
      {"a\xe2\x80\x80"
       "b\xe2\x80\x8a"
       "c",
       0, "a b c"},
      {"a\xe1\x9a\x80"
       "b",
       0, "a b"}, /* U+1680 ogham space */
      {"a\xe2\x81\x9f"
       "b",
       0, "a b"}, /* U+205F math space */
      {"\xc2\xa0\xc2\xa0"
       "x\xc2\xa0\xc2\xa0",
       0, "x"},
      {"a \xc2\xa0 b", 0, "a b"},
      /* zero width space, word joiner, soft hyphen, BOM: dropped */
      {"\xef\xbb\xbf"
       "SDO",
       0, "SDO"},
      {"Inter\xc2\xad"
       "operability",
       0, "Interoperability"},
      {"H.\xe2\x80\x8b"
       "266",
       0, "H.266"},
      {"a\xe2\x81\xa0"
       "b",
       0, "ab"},
      /* a dropped character between spaces leaves one space */
      {"a \xe2\x80\x8b b", 0, "a b"},
      /* C1 controls are dropped; NEL is a line break */
      {"a\xc2\x80"
       "b",
       0, "ab"},
      {"a\xc2\x85"
       "b",
       0, "a b"},
  };
  (void)state;
  run_cases(t, sizeof t / sizeof t[0]);
}

static void test_quotes(void **state)
{
  static const clean_case t[] = {
      {"\xe2\x80\x9cmetaverse\xe2\x80\x9d", 0, "\"metaverse\""},
      {"Implementer\xe2\x80\x99s guide", 0, "Implementer's guide"},
      {"\xe2\x80\x98x\xe2\x80\x99", 0, "'x'"},
      {"\xe2\x80\x9ex\xe2\x80\x9f", 0, "\"x\""},
      {"\xe2\x80\x9ax\xe2\x80\x9b", 0, "'x'"},
      /* primes */
      {"5\xe2\x80\xb2"
       "6\xe2\x80\xb3",
       0, "5'6\""},
      /* guillemets and dashes are text, kept as they are */
      {"\xc2\xab"
       "x\xc2\xbb",
       0,
       "\xc2\xab"
       "x\xc2\xbb"},
      {"a \xe2\x80\x94 b", 0, "a \xe2\x80\x94 b"},
  };
  (void)state;
  run_cases(t, sizeof t / sizeof t[0]);
}

/* --- line breaks ------------------------------------------------------- */

static void test_lines(void **state)
{
  static const clean_case t[] = {
      /* single-line: every line break is a space */
      {"General\nEnabling Technology", 0, "General Enabling Technology"},
      {"a\r\nb", 0, "a b"},
      {"a\rb", 0, "a b"},
      {"a\n\n\nb", 0, "a b"},
      {"a\xe2\x80\xa8"
       "b\xe2\x80\xa9"
       "c",
       0, "a b c"},
      {"a\r", 0, "a"},
      {"\r\na", 0, "a"},
      /* multi-line: a run of line breaks (and the spaces around it) is
       * one newline; leading and trailing breaks go */
      {"General\nEnabling Technology", 1, "General\nEnabling Technology"},
      {"a\r\nb\rc\nd", 1, "a\nb\nc\nd"},
      {"a \n b", 1, "a\nb"},
      {"a\n\n\nb", 1, "a\nb"},
      {"a\r\n\r\nb", 1, "a\nb"},
      {"\n\na\n\n", 1, "a"},
      {"a\xe2\x80\xa8"
       "b\xe2\x80\xa9"
       "c\xc2\x85"
       "d",
       1, "a\nb\nc\nd"},
      {"a\t\tb\n  c", 1, "a b\nc"},
      {"a\r", 1, "a"},
      {"a\r\r\nb", 1, "a\nb"},
      /* a vertical tab is Word's and Excel's manual line break, a form
       * feed a page break */
      {"Title\vSubtitle", 1, "Title\nSubtitle"},
      {"Title\vSubtitle", 0, "Title Subtitle"},
      {"page 1\fpage 2", 1, "page 1\npage 2"},
  };
  (void)state;
  run_cases(t, sizeof t / sizeof t[0]);
}

/* What was dropped: control characters are counted (the importer warns
 * about them), invisible format characters and line breaks are not. */
static void test_dropped(void **state)
{
  static const struct {
    const char *in;
    size_t len, n, offset;
    unsigned cp;
  } t[] = {
#define S(lit) lit, sizeof lit - 1
      {S("plain"), 0, 0, 0},
      {S("a\x01"
         "b\x1f"
         "c"),
       2, 1, 0x01},
      {S("ab\x7f"), 1, 2, 0x7f},
      {S("\xc3\xa9t\xc3\xa9\xc2\x9f!"), 1, 5, 0x9f}, /* C1 after "été" */
      {S("x\0y"), 1, 1, 0},
      {S("soft\xc2\xadhyphen\xe2\x80\x8b\xef\xbb\xbf"), 0, 0, 0},
      {S("a\tb\r\nc\vd\fe"), 0, 0, 0},
#undef S
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    mvr_text_dropped d;
    char *out = NULL;
    assert_int_equal(mvr_text_clean_x(t[i].in, t[i].len, 1, &out, NULL, &d),
                     MVR_OK);
    if (d.n != t[i].n || d.offset != t[i].offset || d.cp != t[i].cp)
      print_error("case %zu: n %zu offset %zu cp %04X\n", i, d.n, d.offset,
                  d.cp);
    assert_int_equal(d.n, t[i].n);
    assert_int_equal(d.offset, t[i].offset);
    assert_int_equal(d.cp, t[i].cp);
    mvr_free(out);
  }
}

/* --- NFC ---------------------------------------------------------------- */

static void test_nfc(void **state)
{
  static const clean_case t[] = {
      /* e + combining acute -> e-acute */
      {"Re\xcc\x81sume\xcc\x81", 0, "R\xc3\xa9sum\xc3\xa9"},
      /* already composed: unchanged */
      {"R\xc3\xa9sum\xc3\xa9", 0, "R\xc3\xa9sum\xc3\xa9"},
      /* angstrom sign -> A with ring; ohm sign -> omega */
      {"\xe2\x84\xab", 0, "\xc3\x85"},
      {"\xe2\x84\xa6", 0, "\xce\xa9"},
      /* O + combining diaeresis, as in "OENORM" written with an umlaut */
      {"O\xcc\x88NORM", 0, "\xc3\x96NORM"},
      /* Hangul jamo compose to one syllable */
      {"\xe1\x84\x80\xe1\x85\xa1", 0, "\xea\xb0\x80"},
      /* combining marks are reordered canonically */
      {"a\xcc\x95\xcc\x81", 0, "\xc3\xa1\xcc\x95"},
      /* NFC, not NFKC: ligatures and full-width forms stay */
      {"\xef\xac\x81", 0, "\xef\xac\x81"},
      {"\xef\xbc\xa1", 0, "\xef\xbc\xa1"},
      /* the trade mark sign is text */
      {"glTF\xe2\x84\xa2 2.0", 0, "glTF\xe2\x84\xa2 2.0"},
      /* mixed: spaces, quotes and composition together */
      {" \xe2\x80\x9c"
       "Caf"
       "e\xcc\x81\xe2\x80\x9d\xc2\xa0 ",
       0, "\"Caf\xc3\xa9\""},
  };
  (void)state;
  run_cases(t, sizeof t / sizeof t[0]);
}

/* --- lengths, not C strings -------------------------------------------- */

static void test_lengths(void **state)
{
  char *out = NULL;
  size_t bad = 7;

  (void)state;
  /* only `len` bytes are read */
  assert_int_equal(mvr_text_clean("abcdef", 3, 0, &out, &bad), MVR_OK);
  assert_string_equal(out, "abc");
  mvr_free(out);
  /* NUL inside the input is a control character: dropped */
  assert_int_equal(mvr_text_clean("a\0b", 3, 0, &out, NULL), MVR_OK);
  assert_string_equal(out, "ab");
  mvr_free(out);
  /* len 0 with a non-NULL pointer */
  assert_int_equal(mvr_text_clean("xyz", 0, 0, &out, &bad), MVR_OK);
  assert_string_equal(out, "");
  assert_int_equal(bad, 0);
  mvr_free(out);
  /* a cut in the middle of a sequence is invalid at that sequence */
  assert_int_equal(mvr_text_clean("ab\xc3\xa9", 3, 0, &out, &bad),
                   MVR_ERR_DATA);
  assert_null(out);
  assert_int_equal(bad, 2);
}

/* --- invalid UTF-8 ------------------------------------------------------ */

static void test_invalid(void **state)
{
  static const struct {
    const char *in;
    size_t len, offset;
  } t[] = {
      {"\x80", 1, 0}, /* lone continuation byte */
      {"abc\x80xyz", 7, 3},
      {"ISO/IEC 23090\xff-2", 16, 13}, /* 0xFF never occurs */
      {"\xfe", 1, 0},
      {"\xc3", 1, 0}, /* truncated at the end */
      {"abc\xe2\x80", 5, 3},
      {"\xc3(", 2, 0},    /* bad continuation */
      {"\xc0\xaf", 2, 0}, /* overlong "/" */
      {"\xc1\xbf", 2, 0},
      {"\xe0\x80\xaf", 3, 0},     /* overlong 3-byte */
      {"\xf0\x80\x80\xaf", 4, 0}, /* overlong 4-byte */
      {"a\xed\xa0\x80"
       "b",
       5, 1}, /* UTF-16 surrogate */
      {"\xed\xbf\xbf", 3, 0},
      {"\xf4\x90\x80\x80", 4, 0}, /* above U+10FFFF */
      {"\xf5\x80\x80\x80", 4, 0},
      {"\xf8\x88\x80\x80\x80", 5, 0}, /* 5-byte form */
      /* after valid non-ASCII text: the offset counts bytes */
      {"R\xc3\xa9sum\xc3\xa9 \x80", 10, 9},
      {"\xe2\x80\x9cx\xe2\x80\x9d\xe2\x28\xa1", 10, 7},
      /* the error wins over everything cleaned before it */
      {"   \xc2\xa0 \xef\xbb\xbf"
       "a\xc3",
       11, 10},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    char *out = (char *)"untouched";
    size_t bad = 12345;
    mvr_status rc = mvr_text_clean(t[i].in, t[i].len, 0, &out, &bad);
    if (rc != MVR_ERR_DATA || bad != t[i].offset || out) {
      print_error("case %zu: rc %d, offset %zu (want %zu), out %s\n", i,
                  (int)rc, bad, t[i].offset, out ? "set" : "NULL");
      fail();
    }
    /* multi-line mode reports the same */
    rc = mvr_text_clean(t[i].in, t[i].len, 1, &out, &bad);
    assert_int_equal(rc, MVR_ERR_DATA);
    assert_int_equal(bad, t[i].offset);
    /* bad_offset may be NULL */
    rc = mvr_text_clean(t[i].in, t[i].len, 0, &out, NULL);
    assert_int_equal(rc, MVR_ERR_DATA);
    assert_null(out);
  }
}

/* The largest valid code points and the edges of the valid ranges. */
static void test_valid_edges(void **state)
{
  static const char *const ok[] = {
      "\xc2\xa1",         /* U+00A1, first printable 2-byte */
      "\xdf\xbf",         /* U+07FF */
      "\xe0\xa0\x80",     /* U+0800 */
      "\xed\x9f\xbf",     /* U+D7FF, just below the surrogates */
      "\xee\x80\x80",     /* U+E000 */
      "\xef\xbf\xbd",     /* U+FFFD replacement character */
      "\xf0\x90\x80\x80", /* U+10000 */
      "\xf4\x8f\xbf\xbf", /* U+10FFFF */
      "\xf0\x9f\x98\x80", /* an emoji */
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char *out = NULL;
    size_t bad = 5;
    assert_int_equal(mvr_text_clean(ok[i], strlen(ok[i]), 0, &out, &bad),
                     MVR_OK);
    assert_string_equal(out, ok[i]);
    assert_int_equal(bad, 0);
    mvr_free(out);
  }
}

/* Cleaning is idempotent: what comes out goes through unchanged. */
static void test_idempotent(void **state)
{
  static const char *const in[] = {
      "  a\t\tb  ",
      "\xe2\x80\x9c"
      "Caf"
      "e\xcc\x81\xe2\x80\x9d",
      "x\r\n\r\ny \xc2\xa0 z",
      "\xef\xbb\xbf\xe2\x84\xab\xe1\x84\x80\xe1\x85\xa1",
      "ISO/IEC JTC 1/SC 29",
  };
  size_t i;
  int ml;

  (void)state;
  for (ml = 0; ml < 2; ml++) {
    for (i = 0; i < sizeof in / sizeof in[0]; i++) {
      char *a = NULL, *b = NULL;
      assert_int_equal(mvr_text_clean(in[i], strlen(in[i]), ml, &a, NULL),
                       MVR_OK);
      assert_int_equal(mvr_text_clean(a, strlen(a), ml, &b, NULL), MVR_OK);
      assert_string_equal(a, b);
      mvr_free(a);
      mvr_free(b);
    }
  }
}

/* A long input with a bad byte at the very end, and a long clean one:
 * nothing depends on a fixed-size buffer. */
static void test_long(void **state)
{
  size_t n = 1u << 20, i, bad = 0;
  char *s = malloc(n + 4), *out = NULL;

  (void)state;
  assert_non_null(s);
  for (i = 0; i < n; i += 2) {
    s[i] = 'a';
    s[i + 1] = ' ';
  }
  memcpy(s + n, "\xc3\xa9", 2);
  assert_int_equal(mvr_text_clean(s, n + 2, 0, &out, &bad), MVR_OK);
  assert_int_equal(strlen(out), n + 2);
  assert_memory_equal(out + n - 2, "a \xc3\xa9", 4);
  mvr_free(out);
  s[n + 1] = '\x80';
  s[n + 2] = '\x80';
  assert_int_equal(mvr_text_clean(s, n + 3, 0, &out, &bad), MVR_ERR_DATA);
  assert_int_equal(bad, n + 2);
  free(s);
}

/* Every allocation failure gives MVR_ERR_NOMEM, *out NULL, no leak. */
static void test_nomem(void **state)
{
  static const struct {
    const char *in;
    int multiline;
  } t[] = {
      {"plain", 0},                                            /* fast path */
      {"  spaced  out  ", 0},                                  /* ASCII path */
      {"Re\xcc\x81sume\xcc\x81 \xe2\x80\x9cx\xe2\x80\x9d", 1}, /* NFC */
  };
  size_t i;
  long n;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    for (n = 0;; n++) {
      char *out = (char *)"untouched";
      mvr_status rc;
      fail_from(n);
      rc = mvr_text_clean(t[i].in, strlen(t[i].in), t[i].multiline, &out, NULL);
      fail_never();
      if (rc == MVR_OK) {
        mvr_free(out);
        break;
      }
      assert_int_equal(rc, MVR_ERR_NOMEM);
      assert_null(out);
      assert_true(n < 100);
    }
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ascii),      cmocka_unit_test(test_unicode_spaces),
      cmocka_unit_test(test_quotes),     cmocka_unit_test(test_lines),
      cmocka_unit_test(test_nfc),        cmocka_unit_test(test_lengths),
      cmocka_unit_test(test_invalid),    cmocka_unit_test(test_valid_edges),
      cmocka_unit_test(test_idempotent), cmocka_unit_test(test_long),
      cmocka_unit_test(test_nomem),      cmocka_unit_test(test_dropped),
  };
  return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
