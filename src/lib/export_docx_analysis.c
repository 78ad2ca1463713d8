/* export_docx_analysis.c - "Coordination opportunities" and "Gaps", the
 * annexes of the Word roadmap that issue 7's analysis writes: overlaps
 * (overlaps.c) and gaps (gaps.c), as tables. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "export_docx_analysis.h"

#define DOCX_OVERLAPS 50 /* the best overlaps listed */

static void side(mvr_docx *d, mvr_buf *b, const mvr_overlap_side *s)
{
  mvr_buf_reset(b);
  mvr_buf_printf(b, "%s (%s): %s", s->reference, s->sdo, s->title);
  mvr_docx_cell(d, b->ptr ? b->ptr : "", 0);
}

static void pairs(mvr_docx *d, mvr_buf *b, const mvr_overlaps *o,
                  int equivalent)
{
  static const mvr_docx_col cols[] = {
      {"Score", 2}, {"Entry", 10}, {"Entry", 10}, {"Shared words", 6}};
  static const mvr_docx_col eq_cols[] = {
      {"Entry", 10}, {"Entry", 10}, {"Why", 4}};
  size_t i, k;
  char num[16];

  mvr_docx_table_begin(d, equivalent ? eq_cols : cols, equivalent ? 3 : 4);
  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    if ((strcmp(p->kind, "equivalent") == 0) != equivalent)
      continue;
    mvr_docx_row_begin(d);
    if (!equivalent) {
      snprintf(num, sizeof num, "%.2f", p->score);
      mvr_docx_cell(d, num, MVR_DOCX_RIGHT);
    }
    side(d, b, &p->a);
    side(d, b, &p->b);
    if (equivalent) {
      mvr_docx_cell(d, p->why, 0);
    } else {
      mvr_buf_reset(b);
      for (k = 0; k < p->nterms; k++)
        mvr_buf_printf(b, "%s%s", k ? ", " : "", p->terms[k]);
      mvr_docx_cell(d, b->ptr ? b->ptr : "", 0);
    }
    mvr_docx_row_end(d);
  }
  mvr_docx_table_end(d);
}

static mvr_status opportunities(mvr_db *db, mvr_docx *d, mvr_buf *b,
                                char letter)
{
  mvr_overlap_opts opts = {0, 0};
  mvr_overlaps *o = NULL;
  size_t shown = 0, i;
  char sub[8];
  mvr_status rc;

  rc = mvr_overlaps_find(db, &opts, &o);
  if (rc)
    return rc;
  mvr_docx_paraf(d, "Heading1",
                 "Annex %c \xE2\x80\x93 Coordination opportunities", letter);
  mvr_buf_reset(b);
  mvr_buf_printf(b,
                 "Pairs of entries of different organisations whose titles "
                 "and summaries say the same thing (cosine similarity of "
                 "their weighted, stemmed words of %.2f or more), computed "
                 "by mvroad on the current register of %lu entries: %lu "
                 "known %s and %lu %s, in %zu %s of related entries.",
                 o->min_score, o->entries, o->equivalents,
                 o->equivalents == 1 ? "equivalence" : "equivalences",
                 o->found, o->found == 1 ? "overlap" : "overlaps",
                 o->nclusters, o->nclusters == 1 ? "cluster" : "clusters");
  mvr_docx_para(d, NULL, b->ptr ? b->ptr : "");
  snprintf(sub, sizeof sub, "%c.1", letter);
  mvr_docx_heading(d, 2, sub, "Known equivalences");
  if (o->equivalents) {
    mvr_docx_caption(d, "Twin texts, transpositions and aliases");
    pairs(d, b, o, 1);
  } else {
    mvr_docx_para(d, NULL, "None found.");
  }
  snprintf(sub, sizeof sub, "%c.2", letter);
  mvr_docx_heading(d, 2, sub, "Overlaps across organisations");
  for (i = 0; i < o->npairs; i++)
    if (strcmp(o->pairs[i].kind, "overlap") == 0)
      shown++;
  if (shown) {
    /* the best DOCX_OVERLAPS only: a roadmap, not a dump */
    size_t keep = 0, seen = 0;
    for (i = 0; i < o->npairs; i++) {
      int ov = strcmp(o->pairs[i].kind, "overlap") == 0;
      if (!ov || seen++ < DOCX_OVERLAPS)
        keep = i + 1;
    }
    mvr_docx_caption(d, shown > DOCX_OVERLAPS ? "The 50 best overlaps"
                                              : "Overlaps, best first");
    {
      mvr_overlaps cut = *o;
      cut.npairs = keep;
      pairs(d, b, &cut, 0);
    }
    mvr_docx_para(d, "Note",
                  "Note \xE2\x80\x93 A pair is a candidate for coordination, "
                  "not a finding: read the shared words. 'mvroad overlaps' "
                  "lists them all.");
  } else {
    mvr_docx_para(d, NULL, "None found.");
  }
  mvr_overlaps_free(o);
  return mvr_docx_status(d);
}

static mvr_status gaps(mvr_db *db, mvr_docx *d, mvr_buf *b, char letter)
{
  static const mvr_docx_col cols[] = {
      {"Topic", 8}, {"Entries", 2}, {"Published", 2}, {"Gap", 5}};
  mvr_gaps *g = NULL;
  size_t i, k;
  mvr_status rc;

  rc = mvr_gaps_find(db, &g);
  if (rc)
    return rc;
  mvr_docx_paraf(d, "Heading1", "Annex %c \xE2\x80\x93 Gaps", letter);
  mvr_buf_reset(b);
  if (!g->ngaps)
    mvr_buf_puts(b, "Every topic and every category has a published "
                    "entry.");
  else
    mvr_buf_puts(b, "Topics and categories with no published standard or "
                    "no work at all: ");
  for (i = 0; i < g->ngaps; i++)
    mvr_buf_printf(b, "%s%s %s (%s)", i ? "; " : "", g->gaps[i].kind,
                   g->gaps[i].name, g->gaps[i].what);
  if (g->ngaps)
    mvr_buf_puts(b, ".");
  mvr_docx_para(d, NULL, b->ptr ? b->ptr : "");
  mvr_buf_reset(b);
  mvr_buf_printf(b,
                 "Topics come from the phrase rules of the profile; %lu of "
                 "%lu entries match none.",
                 g->untagged, g->entries);
  mvr_docx_para(d, NULL, b->ptr ? b->ptr : "");
  mvr_docx_caption(d, "Entries by topic");
  mvr_docx_table_begin(d, cols, 4);
  for (i = 0; i < g->ntopics; i++) {
    const char *gap = "";
    for (k = 0; k < g->ngaps; k++)
      if (strcmp(g->gaps[k].kind, "topic") == 0 &&
          strcmp(g->gaps[k].name, g->topics[i]) == 0)
        gap = g->gaps[k].what;
    mvr_docx_row_begin(d);
    mvr_docx_cell(d, g->topics[i], MVR_DOCX_BOLD);
    mvr_docx_cell_long(d, g->topic_total[i], MVR_DOCX_RIGHT);
    mvr_docx_cell_long(d, g->topic_published[i], MVR_DOCX_RIGHT);
    mvr_docx_cell(d, gap, 0);
    mvr_docx_row_end(d);
  }
  mvr_docx_table_end(d);
  mvr_gaps_free(g);
  return mvr_docx_status(d);
}

mvr_status mvr_docx_analysis_annexes(mvr_db *db, mvr_docx *d, char letter)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc = opportunities(db, d, &b, letter);

  if (!rc)
    rc = gaps(db, d, &b, (char)(letter + 1));
  if (!rc)
    rc = mvr_buf_status(&b);
  mvr_buf_free(&b);
  return rc;
}
