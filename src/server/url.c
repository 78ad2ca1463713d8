/* url.c - percent-decoding of request paths and query strings (bounded,
 * refusing NUL, control characters and invalid UTF-8) and percent-encoding
 * of the values the server puts in links. See url.h. */
#include "url.h"

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int url_utf8_valid(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;

  while (i < len) {
    unsigned c = p[i];
    unsigned long cp;
    size_t n, k;

    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return 0; /* continuation byte, C0/C1 overlong lead, or > F4 */
    }
    if (n > len - i - 1)
      return 0;
    for (k = 1; k <= n; k++) {
      if ((p[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += n + 1;
  }
  return 1;
}

int url_decode(const char *s, size_t len, int form, char *out, size_t cap,
               size_t *outlen)
{
  size_t i, o = 0;
  int rc = URL_OK;

  *outlen = 0;
  if (!cap)
    return URL_TOOLONG;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      int hi, lo;
      if (len - i < 3) {
        rc = URL_BAD;
        goto out;
      }
      hi = hexval(s[i + 1]);
      lo = hexval(s[i + 2]);
      if (hi < 0 || lo < 0) {
        rc = URL_BAD;
        goto out;
      }
      c = (unsigned char)(hi * 16 + lo);
      i += 2;
    } else if (form && c == '+') {
      c = ' ';
    }
    /* NUL, C0 controls and DEL, whether raw or encoded */
    if (c < 0x20 || c == 0x7F) {
      rc = URL_BAD;
      goto out;
    }
    if (o + 1 >= cap) {
      rc = URL_TOOLONG;
      goto out;
    }
    out[o++] = (char)c;
  }
  out[o] = '\0';
  if (!url_utf8_valid(out, o)) {
    rc = URL_BAD;
    goto out;
  }
  *outlen = o;
out:
  if (rc)
    out[0] = '\0';
  return rc;
}

void url_encode(sbuf *b, const char *s, size_t len)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i, start = 0;

  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
      continue;
    sbuf_put(b, s + start, i - start);
    sbuf_putc(b, '%');
    sbuf_putc(b, hex[c >> 4]);
    sbuf_putc(b, hex[c & 15]);
    start = i + 1;
  }
  sbuf_put(b, s + start, len - start);
}
