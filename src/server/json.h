/* json.h - the JSON context: strings go through the library's
 * mvr_json_quote() (the project's one JSON escaper) whenever they hold a
 * byte it escapes, and the shapes the API shares (an entry, a set of
 * counts, facets) are written here once. */
#ifndef MVROAD_SERVER_JSON_H
#define MVROAD_SERVER_JSON_H

#include "mvroad.h"
#include "sbuf.h"

/* `s` as a JSON string literal, quotes included: exactly what
 * mvr_json_quote() gives; a string with nothing to escape is copied
 * between quotes without it (tests/unit/test_server_json.c). */
void json_str(sbuf *b, const char *s);

/* ,"key": (with the comma unless `first`). */
void json_key(sbuf *b, const char *key, int first);

/* "key": "value" as a member, with a comma unless `first`. */
void json_kv(sbuf *b, const char *key, const char *value, int first);

/* An entry: the fields of `mvroad export --format json`, plus family,
 * refkey and version. */
void json_entry(sbuf *b, const mvr_entry *e);

/* {"label": count, ...}; zero counts left out with `skip_zero`. */
void json_counts(sbuf *b, const mvr_count *c, size_t n, int skip_zero);

/* {"sdo": {...}, "category": {...}, "status": {...}, "type": {...}}:
 * the facets of a listing, keyed by the filter parameter each sets. */
void json_facets(sbuf *b, const mvr_stats *st);

#endif
