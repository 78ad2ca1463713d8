/* util.c - small shared helpers (see util.h). */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *mvr_strndup(const char *s, size_t n)
{
  char *p = mvr_malloc(n + 1);

  if (!p)
    return NULL;
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *mvr_strdup(const char *s)
{
  return mvr_strndup(s, strlen(s));
}

int mvr_strcaseeq(const char *a, const char *b)
{
  while (*a && *b) {
    if (mvr_tolower((unsigned char)*a) != mvr_tolower((unsigned char)*b))
      return 0;
    a++;
    b++;
  }
  return *a == *b;
}

int mvr_strncaseeq(const char *a, const char *b, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    if (mvr_tolower((unsigned char)a[i]) != mvr_tolower((unsigned char)b[i]))
      return 0;
    if (!a[i])
      return 1;
  }
  return 1;
}

mvr_status mvr_parse_long(const char *s, long min, long max, long *out)
{
  char *end = NULL;
  long v;

  *out = 0;
  if (!s || !*s || mvr_isspace((unsigned char)*s))
    return MVR_ERR_ARG;
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno || *end || v < min || v > max)
    return MVR_ERR_ARG;
  *out = v;
  return MVR_OK;
}

int mvr_date_valid(const char *s)
{
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, i;

  for (i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-')
        return 0;
    } else if (!mvr_isdigit((unsigned char)s[i])) {
      return 0;
    }
  }
  if (s[10])
    return 0;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
      (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
    return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 0;
  return 1;
}

void mvr_date_today(char buf[11])
{
  time_t t = time(NULL);
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(buf, 11, "%Y-%m-%d", &tm);
}

void mvr_timestamp_now(char buf[21])
{
  time_t t = time(NULL);
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

size_t mvr_edit_distance(const char *a, size_t alen, const char *b,
                         size_t blen, size_t cap)
{
  /* Two rows of the classic dynamic programme; inputs are labels of a few
   * dozen bytes, longer ones are simply "far". */
  size_t row0[65], row1[65], i, j;
  size_t *prev = row0, *cur = row1, *t;

  if (alen > 64 || blen > 64)
    return cap;
  for (j = 0; j <= blen; j++)
    prev[j] = j;
  for (i = 1; i <= alen; i++) {
    cur[0] = i;
    for (j = 1; j <= blen; j++) {
      size_t cost = mvr_tolower((unsigned char)a[i - 1]) ==
                            mvr_tolower((unsigned char)b[j - 1])
                        ? 0
                        : 1;
      size_t v = prev[j - 1] + cost;
      if (prev[j] + 1 < v)
        v = prev[j] + 1;
      if (cur[j - 1] + 1 < v)
        v = cur[j - 1] + 1;
      cur[j] = v;
    }
    t = prev;
    prev = cur;
    cur = t;
  }
  return prev[blen] < cap ? prev[blen] : cap;
}

static void hex(const unsigned char *d, size_t n, char *out)
{
  static const char digits[] = "0123456789abcdef";
  size_t i;

  for (i = 0; i < n; i++) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 15];
  }
  out[2 * n] = '\0';
}

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(mvr_sha256),
               "mvr_sha256 too small for libsodium's state");

void mvr_sha256_init(mvr_sha256 *h)
{
  crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)h->state);
}

void mvr_sha256_update(mvr_sha256 *h, const void *p, size_t len)
{
  crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)h->state, p,
                            len);
}

void mvr_sha256_final(mvr_sha256 *h, char out[65])
{
  unsigned char d[crypto_hash_sha256_BYTES];

  crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)h->state, d);
  hex(d, sizeof d, out);
}

void mvr_sha256_hex(const void *p, size_t len, char out[65])
{
  mvr_sha256 h;

  mvr_sha256_init(&h);
  mvr_sha256_update(&h, p, len);
  mvr_sha256_final(&h, out);
}
