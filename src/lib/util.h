/* util.h - small helpers shared inside the library: strings, ASCII
 * classification without locales, checked number parsing, dates. */
#ifndef MVR_UTIL_H
#define MVR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mvroad.h"

#define MVR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Copies; caller frees with mvr_free(). NULL on allocation failure. */
char *mvr_strdup(const char *s);
char *mvr_strndup(const char *s, size_t n);

/* What mvr_text_clean_x() dropped: control characters (C0 other than
 * tab, line feed, carriage return, vertical tab and form feed; DEL; C1),
 * how many, and the first one's code point and byte offset. Invisible
 * format characters (soft hyphen, zero width space, BOM) are dropped
 * without counting. */
typedef struct mvr_text_dropped {
  size_t n;
  unsigned cp;
  size_t offset;
} mvr_text_dropped;
/* mvr_text_clean() (mvroad.h), also saying what it dropped (`dropped`
 * may be NULL). */
mvr_status mvr_text_clean_x(const char *s, size_t len, int multiline,
                            char **out, size_t *bad_offset,
                            mvr_text_dropped *dropped);

/* 3 if `p` (n bytes) starts with a UTF-8 byte order mark, else 0: what
 * a text reader skips (Excel's "CSV UTF-8" and Notepad write one). */
static inline size_t mvr_utf8_bom_len(const char *p, size_t n)
{
  return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* FNV-1a, 32 bits: the hash of the small open-addressing label tables. */
static inline uint32_t mvr_fnv1a32(const char *s, size_t len)
{
  uint32_t h = 2166136261u;
  size_t i;

  for (i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

/* Locale-independent ASCII classification. */
static inline int mvr_isspace(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}
static inline int mvr_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int mvr_isalpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int mvr_isalnum(int c) { return mvr_isalpha(c) || mvr_isdigit(c); }
static inline int mvr_tolower(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
static inline int mvr_toupper(int c)
{
  return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

/* Case-insensitive ASCII comparisons. */
int mvr_strcaseeq(const char *a, const char *b);
int mvr_strncaseeq(const char *a, const char *b, size_t n);

/* Parse a decimal integer in [min, max] from the whole of `s`. Returns
 * MVR_OK or MVR_ERR_ARG. (strtonum-like; atoi is banned.) */
mvr_status mvr_parse_long(const char *s, long min, long max, long *out);

/* Validate a calendar date "YYYY-MM-DD". Returns 1 if valid. */
int mvr_date_valid(const char *s);
/* Today's date (UTC) as "YYYY-MM-DD" into buf[11]. */
void mvr_date_today(char buf[11]);
/* Now (UTC) as "YYYY-MM-DDTHH:MM:SSZ" into buf[21]. */
void mvr_timestamp_now(char buf[21]);

/* Levenshtein distance between two short strings (bytes), capped at
 * `cap` (returns cap when larger). */
size_t mvr_edit_distance(const char *a, size_t alen, const char *b,
                         size_t blen, size_t cap);

/* SHA-256 of `len` bytes as 64 hex digits + NUL. */
void mvr_sha256_hex(const void *p, size_t len, char out[65]);

/* Streaming SHA-256 over libsodium's state. */
typedef struct mvr_sha256 {
  unsigned char state[128] __attribute__((aligned(64)));
} mvr_sha256;
void mvr_sha256_init(mvr_sha256 *h);
void mvr_sha256_update(mvr_sha256 *h, const void *p, size_t len);
void mvr_sha256_final(mvr_sha256 *h, char out[65]);

#endif
