/* sbuf.h - the server's growable output buffer: always NUL-terminated,
 * bounded by a maximum size, with a sticky error (an append after a
 * failure does nothing; check once at the end with sbuf_failed()), and
 * detach() to hand the memory to libmicrohttpd (MHD_RESPMEM_MUST_FREE).
 * The library's mvr_buf is private to it; this is its twin for the
 * server, which sees include/mvroad.h only. */
#ifndef MVROAD_SERVER_SBUF_H
#define MVROAD_SERVER_SBUF_H

#include <stddef.h>
#include <string.h>

typedef struct sbuf {
  char *ptr;  /* NULL until the first append */
  size_t len; /* bytes in use, not counting the NUL */
  size_t cap; /* bytes allocated */
  size_t max; /* the most `len` may reach */
  int err;    /* 1 after an allocation failed or `max` was hit */
} sbuf;

#define SBUF_INIT(maxlen)                                                      \
  {                                                                            \
    NULL, 0, 0, (maxlen), 0                                                    \
  }

/* Append: the common case (room enough, no error, within the maximum)
 * inline, since pages and answers are built from thousands of short
 * appends (a constant string's length is then known when compiling);
 * sbuf_grow_put() does the rest. */
void sbuf_grow_put(sbuf *b, const char *p, size_t n);

static inline void sbuf_put(sbuf *b, const char *p, size_t n)
{
  if (n < b->cap - b->len && n <= b->max - b->len && !b->err) {
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return;
  }
  sbuf_grow_put(b, p, n);
}

static inline void sbuf_puts(sbuf *b, const char *s)
{
  sbuf_put(b, s, strlen(s));
}

static inline void sbuf_putc(sbuf *b, char c)
{
  sbuf_put(b, &c, 1);
}
/* Append a number in decimal. */
void sbuf_long(sbuf *b, long long v);
/* printf-style, for numbers and fixed text only: untrusted text goes
 * through html_escape(), json_str() or url_encode() instead (STYLE.md
 * rule 15). */
void sbuf_printf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Mark the buffer failed (a helper could not produce its text). */
void sbuf_fail(sbuf *b);
/* 1 if an append failed (out of memory or over `max`). */
int sbuf_failed(const sbuf *b);
/* Forget the contents, keep the memory, clear the error. */
void sbuf_reset(sbuf *b);
/* The contents, "" when empty. Borrowed; valid until the next append. */
const char *sbuf_str(const sbuf *b);
/* Take the memory: the caller frees it with free(). NULL after an error
 * or when empty; *len gets the length. The buffer is empty afterwards. */
char *sbuf_detach(sbuf *b, size_t *len);
void sbuf_free(sbuf *b);

#endif
