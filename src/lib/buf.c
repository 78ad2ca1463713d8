/* buf.c - the growable, bounded, sticky-error byte buffer (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <string.h>

void mvr_buf_init(mvr_buf *b, size_t max)
{
  b->ptr = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
  b->rc = MVR_OK;
}

void mvr_buf_free(mvr_buf *b)
{
  mvr_free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

void mvr_buf_reset(mvr_buf *b)
{
  b->len = 0;
  if (b->ptr)
    b->ptr[0] = '\0';
  b->rc = MVR_OK;
}

/* Make room for `n` more bytes plus the NUL. */
static int grow(mvr_buf *b, size_t n)
{
  size_t need, cap;
  char *p;

  if (b->rc)
    return 0;
  if (n > b->max || b->len > b->max - n) {
    b->rc = MVR_ERR_TOOBIG;
    return 0;
  }
  need = b->len + n + 1;
  if (need <= b->cap)
    return 1;
  cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
  p = mvr_realloc(b->ptr, cap);
  if (!p) {
    b->rc = MVR_ERR_NOMEM;
    return 0;
  }
  b->ptr = p;
  b->cap = cap;
  return 1;
}

void mvr_buf_put(mvr_buf *b, const void *p, size_t n)
{
  if (!grow(b, n))
    return;
  if (n)
    memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = '\0';
}

void mvr_buf_puts(mvr_buf *b, const char *s)
{
  mvr_buf_put(b, s, strlen(s));
}

void mvr_buf_putc(mvr_buf *b, char c)
{
  mvr_buf_put(b, &c, 1);
}

void mvr_buf_vprintf(mvr_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  int n;

  if (b->rc)
    return;
  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) {
    b->rc = MVR_ERR_INTERNAL;
    return;
  }
  if (!grow(b, (size_t)n))
    return;
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void mvr_buf_printf(mvr_buf *b, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  mvr_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void mvr_buf_truncate(mvr_buf *b, size_t len)
{
  if (len < b->len) {
    b->len = len;
    b->ptr[len] = '\0';
  }
}

mvr_status mvr_buf_status(const mvr_buf *b)
{
  return b->rc;
}

const char *mvr_buf_cstr(const mvr_buf *b)
{
  return b->ptr ? b->ptr : "";
}

char *mvr_buf_detach(mvr_buf *b)
{
  char *p;

  if (!b->ptr) {
    if (!grow(b, 0))
      return NULL;
    b->ptr[0] = '\0';
  }
  p = b->ptr;
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}
