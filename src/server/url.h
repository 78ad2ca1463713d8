/* url.h - the URL context: the server's own bounded percent-decoder for
 * request paths and query strings, and the one encoder for the links it
 * writes. Decoding refuses what curl's Curl_urldecode() refuses with
 * REJECT_ZERO and REJECT_CTRL (a NUL, control characters) and, beyond it,
 * malformed escapes and invalid UTF-8, so that nothing downstream ever
 * sees them. */
#ifndef MVROAD_SERVER_URL_H
#define MVROAD_SERVER_URL_H

#include <stddef.h>

#include "sbuf.h"

enum {
  URL_OK = 0,
  URL_BAD = 1,    /* a NUL, a control character, a bad %-escape, or
                     invalid UTF-8 */
  URL_TOOLONG = 2 /* the result would not fit in `cap` bytes */
};

/* Decode `len` bytes at `s` into `out` (at most `cap` bytes, NUL
 * included): "%41" becomes "A"; with `form` set (query strings), "+"
 * becomes a space. *outlen gets the decoded length. Returns URL_OK,
 * URL_BAD or URL_TOOLONG; `out` holds "" on failure. */
int url_decode(const char *s, size_t len, int form, char *out, size_t cap,
               size_t *outlen);

/* Append `s` percent-encoded for use as a query value or a path segment:
 * the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ stay, every
 * other byte becomes %XX (so "/" in a name becomes %2F). */
void url_encode(sbuf *b, const char *s, size_t len);

/* 1 if `s` is valid UTF-8 (no overlong forms, surrogates, or code points
 * above U+10FFFF). */
int url_utf8_valid(const char *s, size_t len);

#endif
