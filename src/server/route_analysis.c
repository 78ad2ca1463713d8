/* route_analysis.c - coordination analysis pages (issue 7): /overlaps
 * (pairs of entries of different organisations that say the same thing,
 * known equivalences apart) and /gaps (coverage heat maps and the topics
 * and categories without a published standard), with their JSON under
 * /api/v1. Charts are the library's SVG (mvr_chart_*), inline. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "router.h"

#define HTML_TYPE "text/html; charset=utf-8"
#define JSON_TYPE "application/json"
#define PAGE_PAIRS 200  /* pairs listed on /overlaps unless ?limit= */
#define API_PAIRS 1000  /* pairs in /api/v1/overlaps unless ?limit= */

/* mvr_overlaps_find() as heavy work (see request.h); 0, or an answer in
 * *ret. */
static int find_overlaps(req *r, mvr_db *db, const mvr_overlap_opts *opts,
                         mvr_overlaps **o, enum MHD_Result *ret)
{
  mvr_status rc;

  if (heavy_begin(r, ret))
    return 1;
  rc = mvr_overlaps_find(db, opts, o);
  heavy_end();
  if (rc) {
    *ret = resp_mvr_error(r, db, rc);
    return 1;
  }
  return 0;
}

static mvr_status to_sbuf(void *ud, const char *p, size_t n)
{
  sbuf_put(ud, p, n);
  return sbuf_failed(ud) ? MVR_ERR_NOMEM : MVR_OK;
}

/* ?min= (a score from 0.05 to 1) and ?limit= into `o`; 0 or a 400. */
static int overlap_opts(req *r, mvr_overlap_opts *o, long dflt_limit,
                        enum MHD_Result *ret)
{
  const char *min = req_param_get(r, "min");
  const char *limit = req_param_get(r, "limit");
  char *end = NULL;

  o->min_score = 0;
  o->limit = dflt_limit;
  if (min && *min) {
    o->min_score = strtod(min, &end);
    if (*end || !(o->min_score >= 0.05 && o->min_score <= 1)) {
      *ret = resp_error(r, 400, "bad_parameter",
                        "min must be a score from 0.05 to 1.");
      return 1;
    }
  }
  if (limit && *limit)
    o->limit = strtol(limit, NULL, 10); /* PARAM_INT: checked already */
  return 0;
}

static void side_cell(sbuf *b, const mvr_overlap_side *s)
{
  char href[64];

  snprintf(href, sizeof href, "/entries/%lld", (long long)s->id);
  sbuf_puts(b, "<td>");
  html_link(b, href, s->reference);
  sbuf_puts(b, "<br><span class=\"sdo\">");
  html_text(b, s->sdo);
  sbuf_puts(b, "</span><br>");
  html_text(b, s->title);
  sbuf_puts(b, "</td>");
}

static void pair_table(sbuf *b, const mvr_overlaps *o, int equivalent)
{
  size_t i, k, n = 0;

  for (i = 0; i < o->npairs; i++)
    n += (strcmp(o->pairs[i].kind, "equivalent") == 0) == equivalent;
  if (!n) {
    sbuf_puts(b, equivalent ? "<p>No known equivalence at this score.</p>\n"
                            : "<p>No overlap at this score.</p>\n");
    return;
  }
  sbuf_printf(b,
              "<table class=\"pairs\">\n<caption>%s</caption>\n<thead><tr>"
              "<th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">"
              "Entry</th><th scope=\"col\">Entry</th><th scope=\"col\">%s"
              "</th><th scope=\"col\" class=\"num\">Cluster</th></tr>"
              "</thead>\n<tbody>\n",
              equivalent ? "Known equivalences (not overlaps)"
                         : "Overlaps, best first",
              equivalent ? "Why" : "Shared words");
  for (i = 0; i < o->npairs; i++) {
    const mvr_overlap *p = &o->pairs[i];
    if ((strcmp(p->kind, "equivalent") == 0) != equivalent)
      continue;
    sbuf_printf(b, "<tr><td class=\"num\">%.2f</td>", p->score);
    side_cell(b, &p->a);
    side_cell(b, &p->b);
    sbuf_puts(b, "<td>");
    if (equivalent) {
      html_text(b, p->why);
      sbuf_puts(b, "; shared: ");
    }
    for (k = 0; k < p->nterms; k++) {
      if (k)
        sbuf_puts(b, ", ");
      html_text(b, p->terms[k]);
    }
    sbuf_printf(b, "</td><td class=\"num\">%zu</td></tr>\n", p->cluster + 1);
  }
  sbuf_puts(b, "</tbody>\n</table>\n");
}

enum MHD_Result route_overlaps(req *r)
{
  sbuf b = SBUF_INIT(16 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_overlap_opts opts;
  mvr_overlaps *o = NULL;
  enum MHD_Result ret;
  size_t i, k;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  if (overlap_opts(r, &opts, PAGE_PAIRS, &ret))
    return ret;
  if (find_overlaps(r, db, &opts, &o, &ret))
    return ret;
  html_begin(&b, r, "Overlaps", NAV_NONE, NULL);
  sbuf_puts(&b, "<h1>Overlaps across organisations</h1>\n<p>Pairs of "
                "entries of different organisations whose titles and "
                "summaries say the same thing (cosine of their weighted "
                "words), with the words they share: work to coordinate. "
                "Known equivalences (twin texts, transpositions) are listed "
                "apart.</p>\n<p>");
  html_count(&b, (long)o->found, "overlap", "overlaps");
  sbuf_puts(&b, " and ");
  html_count(&b, (long)o->equivalents, "known equivalence",
             "known equivalences");
  sbuf_printf(&b, " at a score of %.2f or more", o->min_score);
  if (o->npairs < o->found + o->equivalents)
    sbuf_printf(&b, " (the best %zu shown)", o->npairs);
  sbuf_puts(&b, ", in ");
  html_count(&b, (long)o->nclusters, "cluster", "clusters");
  sbuf_puts(&b, ", among ");
  html_count(&b, (long)o->entries, "entry", "entries");
  sbuf_printf(&b, "; %llu of %llu pairs examined.</p>\n", o->examined,
              o->all_pairs);
  sbuf_printf(&b,
              "<form method=\"get\" action=\"/overlaps\"><label>Lowest "
              "score <input name=\"min\" type=\"number\" min=\"0.05\" "
              "max=\"1\" step=\"0.01\" value=\"%.2f\"></label> <button "
              "type=\"submit\">Show</button></form>\n",
              o->min_score);
  sbuf_puts(&b, "<h2>Known equivalences</h2>\n");
  pair_table(&b, o, 1);
  sbuf_puts(&b, "<h2>Overlaps</h2>\n");
  pair_table(&b, o, 0);
  if (o->nclusters) {
    sbuf_puts(&b, "<h2>Clusters</h2>\n<ol class=\"clusters\">\n");
    for (i = 0; i < o->nclusters; i++) {
      const mvr_overlap_cluster *c = &o->clusters[i];
      sbuf_puts(&b, "<li>");
      for (k = 0; k < c->n; k++) {
        char href[64];
        snprintf(href, sizeof href, "/entries/%lld",
                 (long long)c->members[k].id);
        if (k)
          sbuf_puts(&b, ", ");
        html_link(&b, href, c->members[k].reference);
      }
      sbuf_puts(&b, "</li>\n");
    }
    sbuf_puts(&b, "</ol>\n");
  }
  sbuf_printf(&b,
              "<p class=\"downloads\">As <a href=\"/api/v1/overlaps?min="
              "%.2f\">JSON</a>. How it is computed, and its limits: "
              "docs/analysis.md.</p>\n",
              o->min_score);
  html_end(&b);
  mvr_overlaps_free(o);
  return resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
}

enum MHD_Result route_api_overlaps(req *r)
{
  sbuf b = SBUF_INIT(256 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_overlap_opts opts;
  mvr_overlaps *o = NULL;
  enum MHD_Result ret;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  if (overlap_opts(r, &opts, API_PAIRS, &ret))
    return ret;
  if (find_overlaps(r, db, &opts, &o, &ret))
    return ret;
  rc = mvr_overlaps_write(o, "json", to_sbuf, &b);
  mvr_overlaps_free(o);
  if (rc)
    sbuf_fail(&b);
  return resp_body(r, 200, JSON_TYPE, CACHE_PUBLIC, &b);
}

/* An SVG chart, inline, in a figure with a visible caption (the chart's
 * title is for screen readers); the page fails when it could not be
 * made. */
static void figure(sbuf *b, const char *caption, char *svg, size_t len,
                   mvr_status rc)
{
  if (rc) {
    sbuf_fail(b);
    return;
  }
  sbuf_puts(b, "<figure class=\"chart\">\n<figcaption>");
  html_text(b, caption);
  sbuf_puts(b, "</figcaption>\n");
  sbuf_put(b, svg, len);
  sbuf_puts(b, "</figure>\n");
  mvr_free(svg);
}

enum MHD_Result route_gaps(req *r)
{
  sbuf b = SBUF_INIT(16 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_gaps *g = NULL;
  mvr_chart_bar *bars = NULL;
  char *svg = NULL;
  size_t len = 0, i;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_gaps_find(db, &g);
  if (rc)
    return resp_mvr_error(r, db, rc);
  html_begin(&b, r, "Gaps", NAV_NONE, NULL);
  sbuf_puts(&b, "<h1>Gaps and coverage</h1>\n<p>Topics and categories of "
                "the roadmap with no published standard, or no work at "
                "all; then how the ");
  html_count(&b, (long)g->entries, "entry", "entries");
  sbuf_puts(&b, " spread over topics, categories, statuses and "
                "organisations. Topics come from the profile's phrase "
                "rules (");
  html_count(&b, (long)g->untagged, "entry matches", "entries match");
  sbuf_puts(&b, " no topic).</p>\n<h2>Gaps</h2>\n");
  if (!g->ngaps) {
    sbuf_puts(&b, "<p>None: every topic and category has a published "
                  "entry.</p>\n");
  } else {
    sbuf_puts(&b, "<ul class=\"gaps\">\n");
    for (i = 0; i < g->ngaps; i++) {
      sbuf_printf(&b, "<li>%s <strong>", g->gaps[i].kind);
      html_text(&b, g->gaps[i].name);
      sbuf_puts(&b, "</strong>: ");
      html_text(&b, g->gaps[i].what);
      if (g->gaps[i].entries) {
        sbuf_puts(&b, " (");
        html_count(&b, g->gaps[i].entries, "entry in progress",
                   "entries in progress");
        sbuf_puts(&b, ")");
      }
      sbuf_puts(&b, "</li>\n");
    }
    sbuf_puts(&b, "</ul>\n");
  }
  sbuf_puts(&b, "<h2>Topics</h2>\n");
  bars = mvr_malloc((g->ntopics + 1) * sizeof *bars);
  if (!bars) {
    sbuf_fail(&b);
  } else {
    for (i = 0; i < g->ntopics; i++) {
      bars[i].label = g->topics[i];
      bars[i].value = g->topic_total[i];
    }
    rc = mvr_chart_bars("topics", "Entries by topic", bars, g->ntopics, &svg,
                        &len);
    figure(&b, "Entries by topic", svg, len, rc);
    for (i = 0; i < g->ntopics; i++)
      bars[i].value = g->topic_published[i];
    rc = mvr_chart_bars("topics-pub", "Published entries by topic", bars,
                        g->ntopics, &svg, &len);
    figure(&b, "Published entries by topic", svg, len, rc);
    mvr_free(bars);
  }
  rc = mvr_chart_heatmap("topic-cat", "Entries by topic and category",
                         g->topics, g->ntopics, g->categories, g->ncategories,
                         g->topic_cat, &svg, &len);
  figure(&b, "Entries by topic and category", svg, len, rc);
  sbuf_puts(&b, "<h2>Categories</h2>\n");
  rc = mvr_chart_heatmap("cat-status", "Entries by category and status",
                         g->categories, g->ncategories, g->statuses,
                         g->nstatuses, g->cat_status, &svg, &len);
  figure(&b, "Entries by category and status", svg, len, rc);
  rc = mvr_chart_heatmap("cat-org", "Entries by category and organisation",
                         g->categories, g->ncategories, g->orgs, g->norgs,
                         g->cat_org, &svg, &len);
  figure(&b, "Entries by category and organisation", svg, len, rc);
  sbuf_puts(&b, "<p class=\"downloads\">As <a href=\"/api/v1/gaps\">JSON"
                "</a>.</p>\n");
  html_end(&b);
  mvr_gaps_free(g);
  return resp_body(r, 200, HTML_TYPE, CACHE_PUBLIC, &b);
}

enum MHD_Result route_api_gaps(req *r)
{
  sbuf b = SBUF_INIT(64 * 1024 * 1024);
  mvr_db *db = req_db(r);
  mvr_gaps *g = NULL;
  mvr_status rc;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_gaps_find(db, &g);
  if (rc)
    return resp_mvr_error(r, db, rc);
  rc = mvr_gaps_write(g, "json", to_sbuf, &b);
  mvr_gaps_free(g);
  if (rc)
    sbuf_fail(&b);
  return resp_body(r, 200, JSON_TYPE, CACHE_PUBLIC, &b);
}
