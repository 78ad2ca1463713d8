/* jsonutil.h - jansson set-up shared by every JSON reader and writer:
 * allocations through mvr_malloc, and JSON string escaping for writers. */
#ifndef MVR_JSONUTIL_H
#define MVR_JSONUTIL_H

#include "buf.h"

/* Point jansson at the library's allocator (idempotent). */
void mvr_json_init(void);

/* Append `s` as a JSON string literal, quotes included. */
void mvr_json_string(mvr_buf *b, const char *s, size_t len);

#endif
