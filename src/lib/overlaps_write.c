/* overlaps_write.c - mvr_overlaps_write(): overlaps as text, JSON or
 * CSV (the JSON shape is in docs/analysis.md). */
#include <string.h>

#include "buf.h"
#include "jsonutil.h"

/* Output in pieces: the buffer goes to the caller's function every
 * 64 KiB, so that memory does not grow with the number of pairs. */
typedef struct out {
  mvr_buf b;
  mvr_write_fn fn;
  void *ud;
  mvr_status rc;
} out;

static void flush(out *o, int force)
{
  if (o->rc)
    return;
  if (o->b.rc) {
    o->rc = o->b.rc;
    return;
  }
  if (o->b.len && (force || o->b.len > 65536)) {
    o->rc = o->fn(o->ud, o->b.ptr, o->b.len);
    mvr_buf_reset(&o->b);
  }
}

static void csv(mvr_buf *b, const char *s, int last)
{
  char *q = NULL;

  if (mvr_csv_field(s, strlen(s), &q) == MVR_OK)
    mvr_buf_puts(b, q);
  else
    b->rc = MVR_ERR_NOMEM;
  mvr_free(q);
  mvr_buf_putc(b, last ? '\n' : ',');
}

static void jstr(mvr_buf *b, const char *s)
{
  mvr_json_string(b, s, strlen(s));
}

static void side_json(mvr_buf *b, const char *name, const mvr_overlap_side *s)
{
  mvr_buf_printf(b, "\"%s\": {\"id\": %lld, \"sdo\": ", name, (long long)s->id);
  jstr(b, s->sdo);
  mvr_buf_puts(b, ", \"family\": ");
  jstr(b, s->family);
  mvr_buf_puts(b, ", \"reference\": ");
  jstr(b, s->reference);
  mvr_buf_puts(b, ", \"title\": ");
  jstr(b, s->title);
  mvr_buf_putc(b, '}');
}

static void json(out *w, const mvr_overlaps *o)
{
  mvr_buf *b = &w->b;
  size_t i, k;

  mvr_buf_printf(b,
                 "{\"min_score\": %.3f, \"entries\": %lu, \"all_pairs\": "
                 "%llu, \"examined\": %llu, \"scored\": %llu, \"found\": "
                 "%lu, \"equivalents\": %lu,\n \"pairs\": [",
                 o->min_score, o->entries, o->all_pairs, o->examined,
                 o->scored, o->found, o->equivalents);
  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    mvr_buf_printf(b,
                   "%s\n  {\"kind\": \"%s\", \"why\": \"%s\", \"score\": "
                   "%.3f, \"cluster\": %zu, ",
                   i ? "," : "", p->kind, p->why, p->score, p->cluster + 1);
    side_json(b, "a", &p->a);
    mvr_buf_puts(b, ", ");
    side_json(b, "b", &p->b);
    mvr_buf_puts(b, ", \"terms\": [");
    for (k = 0; k < p->nterms; k++) {
      if (k)
        mvr_buf_puts(b, ", ");
      jstr(b, p->terms[k]);
    }
    mvr_buf_puts(b, "]}");
    flush(w, 0);
  }
  mvr_buf_puts(b, o->npairs ? "\n ],\n \"clusters\": [" : "],\n \"clusters\": [");
  for (i = 0; i < o->nclusters; i++) {
    const mvr_overlap_cluster *c = &o->clusters[i];
    mvr_buf_printf(b, "%s\n  {\"cluster\": %zu, \"pairs\": %zu, \"entries\": [",
                   i ? "," : "", i + 1, c->npairs);
    for (k = 0; k < c->n; k++) {
      mvr_buf_printf(b, "%s{\"id\": %lld, \"reference\": ", k ? ", " : "",
                     (long long)c->members[k].id);
      jstr(b, c->members[k].reference);
      mvr_buf_puts(b, ", \"sdo\": ");
      jstr(b, c->members[k].sdo);
      mvr_buf_putc(b, '}');
    }
    mvr_buf_puts(b, "]}");
    flush(w, 0);
  }
  mvr_buf_puts(b, o->nclusters ? "\n ]}\n" : "]}\n");
}

static void csv_out(out *w, const mvr_overlaps *o)
{
  mvr_buf *b = &w->b;
  size_t i, k;

  mvr_buf_puts(b, "kind,why,score,cluster,a_id,a_sdo,a_reference,a_title,"
                  "b_id,b_sdo,b_reference,b_title,terms\n");
  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    mvr_buf t = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
    mvr_buf_printf(b, "%s,", p->kind);
    csv(b, p->why, 0);
    mvr_buf_printf(b, "%.3f,%zu,%lld,", p->score, p->cluster + 1,
                   (long long)p->a.id);
    csv(b, p->a.sdo, 0);
    csv(b, p->a.reference, 0);
    csv(b, p->a.title, 0);
    mvr_buf_printf(b, "%lld,", (long long)p->b.id);
    csv(b, p->b.sdo, 0);
    csv(b, p->b.reference, 0);
    csv(b, p->b.title, 0);
    for (k = 0; k < p->nterms; k++)
      mvr_buf_printf(&t, "%s%s", k ? "; " : "", p->terms[k]);
    csv(b, t.ptr ? t.ptr : "", 1);
    if (t.rc)
      b->rc = t.rc;
    mvr_buf_free(&t);
    flush(w, 0);
  }
}

static void side_text(mvr_buf *b, const mvr_overlap_side *s)
{
  mvr_buf_printf(b, "  %6lld  %-22s  %-24s  %s\n", (long long)s->id, s->sdo,
                 s->reference, s->title);
}

static void text(out *w, const mvr_overlaps *o)
{
  mvr_buf *b = &w->b;
  size_t i, k;

  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    if (strcmp(p->kind, "equivalent") == 0)
      mvr_buf_printf(b, "%s%.2f  equivalent (%s), cluster %zu\n", i ? "\n" : "",
                     p->score, p->why, p->cluster + 1);
    else
      mvr_buf_printf(b, "%s%.2f  overlap, cluster %zu\n", i ? "\n" : "",
                     p->score, p->cluster + 1);
    side_text(b, &p->a);
    side_text(b, &p->b);
    if (p->nterms) {
      mvr_buf_puts(b, "          shared: ");
      for (k = 0; k < p->nterms; k++)
        mvr_buf_printf(b, "%s%s", k ? ", " : "", p->terms[k]);
      mvr_buf_putc(b, '\n');
    }
    flush(w, 0);
  }
  if (o->npairs)
    mvr_buf_putc(b, '\n');
  mvr_buf_printf(b,
                 "%lu overlap%s and %lu known equivalence%s across "
                 "organisations (score >= %.2f)",
                 o->found, o->found == 1 ? "" : "s", o->equivalents,
                 o->equivalents == 1 ? "" : "s", o->min_score);
  if (o->npairs < o->found + o->equivalents)
    mvr_buf_printf(b, " (%zu shown)", o->npairs);
  mvr_buf_printf(b,
                 " in %zu cluster%s, among %lu entries; %llu of %llu pairs "
                 "examined, %llu scored.\n",
                 o->nclusters, o->nclusters == 1 ? "" : "s", o->entries,
                 o->examined, o->all_pairs, o->scored);
}

mvr_status mvr_overlaps_write(const mvr_overlaps *o, const char *format,
                              mvr_write_fn fn, void *ud)
{
  out w = {MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX), fn, ud, MVR_OK};

  if (!o || !format || !fn)
    return MVR_ERR_ARG;
  if (strcmp(format, "json") == 0)
    json(&w, o);
  else if (strcmp(format, "csv") == 0)
    csv_out(&w, o);
  else if (strcmp(format, "text") == 0)
    text(&w, o);
  else
    return MVR_ERR_FORMAT;
  flush(&w, 1);
  mvr_buf_free(&w.b);
  return w.rc;
}
