/* json.c - JSON shapes of the API (see json.h). */
#include "json.h"

#include <stdint.h>
#include <string.h>

/* 1 if any of the 8 bytes of `w` must be escaped in JSON: below 0x20,
 * '"', '\\' or DEL (the classic "has a byte less than n" and "has a
 * zero byte" tests, exact for every byte value). */
static int word_needs_escape(uint64_t w)
{
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\'),
           del = w ^ (ones * 0x7f);

  return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs) |
           ((del - ones) & ~del)) &
          highs) != 0;
}

static int byte_needs_escape(unsigned char c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

void json_str(sbuf *b, const char *s)
{
  char *q = NULL;
  size_t len = strlen(s), i = 0;

  /* Most strings need no escape at all: copy them between quotes as
   * they are, checked 8 bytes at a time. The test is mvr_json_quote()'s:
   * a byte below 0x20, '"', '\\' or DEL is escaped; anything else is
   * copied. */
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (word_needs_escape(w))
      break;
  }
  for (; i < len && !byte_needs_escape((unsigned char)s[i]); i++)
    ;
  if (i == len) {
    sbuf_putc(b, '"');
    sbuf_put(b, s, len);
    sbuf_putc(b, '"');
    return;
  }
  /* else the library escapes it */
  if (mvr_json_quote(s, len, &q) != MVR_OK) {
    sbuf_fail(b);
    return;
  }
  sbuf_puts(b, q);
  mvr_free(q);
}

void json_key(sbuf *b, const char *key, int first)
{
  if (!first)
    sbuf_puts(b, ", ");
  json_str(b, key);
  sbuf_puts(b, ": ");
}

void json_kv(sbuf *b, const char *key, const char *value, int first)
{
  json_key(b, key, first);
  json_str(b, value);
}

/* The keys are constant ASCII: written with their quotes as they are
 * (what json_key() would write). */
void json_entry(sbuf *b, const mvr_entry *e)
{
  size_t i;

  sbuf_puts(b, "{\"id\": ");
  sbuf_long(b, (long long)e->id);
  sbuf_puts(b, ", \"sdo\": ");
  json_str(b, e->sdo);
  sbuf_puts(b, ", \"family\": ");
  json_str(b, e->family);
  sbuf_puts(b, ", \"reference\": ");
  json_str(b, e->reference);
  sbuf_puts(b, ", \"refkey\": ");
  json_str(b, e->refkey);
  sbuf_puts(b, ", \"type\": ");
  json_str(b, e->type);
  sbuf_puts(b, ", \"title\": ");
  json_str(b, e->title);
  sbuf_puts(b, ", \"status\": ");
  json_str(b, e->status);
  sbuf_puts(b, ", \"status_detail\": ");
  json_str(b, e->status_detail);
  sbuf_puts(b, ", \"categories\": [");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      sbuf_puts(b, ", ");
    json_str(b, e->categories[i]);
  }
  sbuf_puts(b, "], \"summary\": ");
  json_str(b, e->summary);
  sbuf_puts(b, ", \"url\": ");
  json_str(b, e->url);
  sbuf_puts(b, ", \"ref_detail\": ");
  json_str(b, e->ref_detail);
  sbuf_puts(b, ", \"first_seen\": ");
  json_str(b, e->first_seen);
  sbuf_puts(b, ", \"last_updated\": ");
  json_str(b, e->last_updated);
  sbuf_puts(b, ", \"version\": ");
  sbuf_long(b, (long long)e->version);
  sbuf_putc(b, '}');
}

void json_counts(sbuf *b, const mvr_count *c, size_t n, int skip_zero)
{
  size_t i;
  int first = 1;

  sbuf_putc(b, '{');
  for (i = 0; i < n; i++) {
    if (skip_zero && !c[i].count)
      continue;
    json_key(b, c[i].label, first);
    sbuf_long(b, c[i].count);
    first = 0;
  }
  sbuf_putc(b, '}');
}

void json_facets(sbuf *b, const mvr_stats *st)
{
  sbuf_puts(b, "{\"sdo\": ");
  json_counts(b, st->by_sdo, st->nsdo, 0);
  sbuf_puts(b, ", \"category\": ");
  json_counts(b, st->by_category, st->ncategory, 0);
  sbuf_puts(b, ", \"status\": ");
  json_counts(b, st->by_status, st->nstatus, 0);
  sbuf_puts(b, ", \"type\": ");
  json_counts(b, st->by_type, st->ntype, 1);
  sbuf_putc(b, '}');
}
