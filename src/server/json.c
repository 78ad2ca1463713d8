/* json.c - JSON shapes of the API (see json.h). */
#include "json.h"

#include <string.h>

void json_str(sbuf *b, const char *s)
{
  char *q = NULL;
  size_t i;

  /* Most strings need no escape at all: copy them between quotes as
   * they are. The test is mvr_json_quote()'s: a byte below 0x20, '"',
   * '\\' or DEL is escaped; anything else is copied. */
  for (i = 0; s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f)
      break;
  }
  if (!s[i]) {
    sbuf_putc(b, '"');
    sbuf_put(b, s, i);
    sbuf_putc(b, '"');
    return;
  }
  /* else the library escapes it */
  if (mvr_json_quote(s, strlen(s), &q) != MVR_OK) {
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

void json_entry(sbuf *b, const mvr_entry *e)
{
  size_t i;

  sbuf_puts(b, "{\"id\": ");
  sbuf_long(b, (long long)e->id);
  json_kv(b, "sdo", e->sdo, 0);
  json_kv(b, "family", e->family, 0);
  json_kv(b, "reference", e->reference, 0);
  json_kv(b, "refkey", e->refkey, 0);
  json_kv(b, "type", e->type, 0);
  json_kv(b, "title", e->title, 0);
  json_kv(b, "status", e->status, 0);
  json_kv(b, "status_detail", e->status_detail, 0);
  sbuf_puts(b, ", \"categories\": [");
  for (i = 0; i < e->ncategories; i++) {
    if (i)
      sbuf_puts(b, ", ");
    json_str(b, e->categories[i]);
  }
  sbuf_putc(b, ']');
  json_kv(b, "summary", e->summary, 0);
  json_kv(b, "url", e->url, 0);
  json_kv(b, "ref_detail", e->ref_detail, 0);
  json_kv(b, "first_seen", e->first_seen, 0);
  json_kv(b, "last_updated", e->last_updated, 0);
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
