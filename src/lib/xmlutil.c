/* xmlutil.c - XML escaping for the parts of the Word and Excel packages
 * the library writes (see xmlutil.h). Table-driven for ASCII, which is
 * almost all of the text; other code points are decoded and checked
 * against XML 1.0's Char production. */
#include "xmlutil.h"

#include <string.h>

/* What to do with each ASCII byte: 0 copy, 1 drop, 2..5 an entity. */
/* clang-format off */
static const unsigned char ascii_class[128] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, /* TAB LF CR kept */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* " & */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, /* < > */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

static const char *const entity[6] = {NULL,   NULL,   "&amp;",
                                      "&lt;", "&gt;", "&quot;"};

int mvr_xml_char_ok(uint32_t c)
{
  if (c < 0x20)
    return c == 0x09 || c == 0x0A || c == 0x0D;
  if (c <= 0xD7FF)
    return 1;
  if (c < 0xE000)
    return 0; /* surrogates */
  if (c <= 0xFFFD)
    return 1;
  return c >= 0x10000 && c <= 0x10FFFF;
}

size_t mvr_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
  uint32_t c;
  size_t n, i;

  if (!len)
    return 0;
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] >= 0xC2 && s[0] <= 0xDF) {
    n = 2;
    c = s[0] & 0x1F;
  } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    n = 3;
    c = s[0] & 0x0F;
  } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    n = 4;
    c = s[0] & 0x07;
  } else {
    return 0; /* continuation byte, overlong lead C0/C1, or F5..FF */
  }
  if (len < n)
    return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

/* Copy `s` to `b`, dropping what XML 1.0 cannot carry and, with
 * `escape`, writing & < > " as entity references. */
static void xml_copy(mvr_buf *b, const char *s, size_t len, int escape)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;

  if (!len)
    return;
  /* copy runs of safe bytes in one call; escape or drop the others */
  while (i < len) {
    size_t n = 1;
    int keep = 1;
    const char *ent = NULL;

    if (p[i] < 0x80) {
      unsigned char k = ascii_class[p[i]];
      if (k > 1 && !escape)
        k = 0;
      keep = k == 0;
      ent = entity[k];
    } else {
      uint32_t c = 0;
      n = mvr_utf8_decode(p + i, len - i, &c);
      if (!n) {
        n = 1; /* drop one bad byte and resynchronise */
        keep = 0;
      } else {
        keep = mvr_xml_char_ok(c);
      }
    }
    if (keep) {
      run += n;
      i += n;
      continue;
    }
    mvr_buf_put(b, p + i - run, run);
    run = 0;
    if (ent)
      mvr_buf_puts(b, ent);
    i += n;
  }
  mvr_buf_put(b, p + i - run, run);
}

void mvr_xml_escape(mvr_buf *b, const char *s, size_t len)
{
  xml_copy(b, s, len, 1);
}

void mvr_xml_strip(mvr_buf *b, const char *s, size_t len)
{
  xml_copy(b, s, len, 0);
}

void mvr_xml_puts(mvr_buf *b, const char *s)
{
  mvr_xml_escape(b, s, strlen(s));
}
