/* buf.h - mvr_buf, the library's one growable byte buffer.
 *
 * Always NUL-terminated, bounded by a maximum size, and its error sticks:
 * after a failed append every later append does nothing, so a sequence of
 * appends is checked once, at the end, with mvr_buf_status(). Modelled on
 * curl's dynbuf and SQLite's StrAccum. */
#ifndef MVR_BUF_H
#define MVR_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "mvroad.h"

typedef struct mvr_buf {
  char *ptr;     /* NUL-terminated when non-NULL */
  size_t len;    /* bytes used, not counting the NUL */
  size_t cap;    /* bytes allocated */
  size_t max;    /* the most len may reach */
  mvr_status rc; /* first error, sticky */
} mvr_buf;

#define MVR_BUF_INIT(maxlen) {NULL, 0, 0, (maxlen), MVR_OK}
#define MVR_BUF_DEFAULT_MAX ((size_t)1 << 30)

void mvr_buf_init(mvr_buf *b, size_t max);
void mvr_buf_free(mvr_buf *b);
/* Empty the buffer, keep its memory; also clears a sticky error. */
void mvr_buf_reset(mvr_buf *b);
void mvr_buf_put(mvr_buf *b, const void *p, size_t n);
void mvr_buf_puts(mvr_buf *b, const char *s);
void mvr_buf_putc(mvr_buf *b, char c);
void mvr_buf_printf(mvr_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mvr_buf_vprintf(mvr_buf *b, const char *fmt, va_list ap);
/* Drop the last n bytes (or all). */
void mvr_buf_truncate(mvr_buf *b, size_t len);
mvr_status mvr_buf_status(const mvr_buf *b);
/* The contents, "" if empty. Borrowed; valid until the next change. */
const char *mvr_buf_cstr(const mvr_buf *b);
/* Hand the memory to the caller (frees with mvr_free()); the buffer is
 * left empty. Never NULL unless allocation fails. */
char *mvr_buf_detach(mvr_buf *b);

#endif
