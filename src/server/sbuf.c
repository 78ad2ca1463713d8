/* sbuf.c - the server's growable output buffer (see sbuf.h). Memory
 * comes from malloc() because libmicrohttpd frees response bodies with
 * free() (MHD_RESPMEM_MUST_FREE). */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Make room for `n` more bytes plus the NUL. Returns 0 or -1 (sets err). */
static int grow(sbuf *b, size_t n)
{
  size_t need, cap;
  char *p;

  if (b->err)
    return -1;
  if (n > b->max - b->len) {
    b->err = 1;
    return -1;
  }
  need = b->len + n + 1;
  if (need <= b->cap)
    return 0;
  cap = b->cap ? b->cap : 256;
  while (cap < need)
    cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
  p = realloc(b->ptr, cap);
  if (!p) {
    b->err = 1;
    return -1;
  }
  b->ptr = p;
  b->cap = cap;
  return 0;
}

void sbuf_grow_put(sbuf *b, const char *p, size_t n)
{
  if (grow(b, n))
    return;
  if (n)
    memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = '\0';
}

void sbuf_long(sbuf *b, long long v)
{
  char num[24];
  char *p = num + sizeof num;
  /* the magnitude as unsigned: -LLONG_MIN does not fit a long long */
  unsigned long long u =
      v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--p = '-';
  sbuf_put(b, p, (size_t)(num + sizeof num - p));
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
  va_list ap;
  int n;

  if (b->err)
    return;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->err = 1;
    return;
  }
  if (grow(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void sbuf_fail(sbuf *b)
{
  b->err = 1;
}

int sbuf_failed(const sbuf *b)
{
  return b->err;
}

void sbuf_reset(sbuf *b)
{
  b->len = 0;
  b->err = 0;
  if (b->ptr)
    b->ptr[0] = '\0';
}

const char *sbuf_str(const sbuf *b)
{
  return b->ptr && !b->err ? b->ptr : "";
}

char *sbuf_detach(sbuf *b, size_t *len)
{
  char *p = NULL;

  *len = 0;
  if (!b->err && b->ptr) {
    p = b->ptr;
    *len = b->len;
    b->ptr = NULL;
  }
  sbuf_free(b);
  return p;
}

void sbuf_free(sbuf *b)
{
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->err = 0;
}
