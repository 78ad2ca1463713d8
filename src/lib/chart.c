/* chart.c - SVG charts (issue 7): a horizontal bar chart and a heat map,
 * readable without colour (numbers as text, empty cells hatched), with
 * role="img", <title> and <desc>; colours as presentation attributes so
 * that a Content-Security-Policy without inline styles allows them. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mvroad.h"
#include "xmlutil.h"

#define CHAR_W 7 /* average advance of a 13px sans-serif character */
#define MAX_LABEL_W 380
#define FONT "font-family=\"sans-serif\" font-size=\"13\""

static int id_ok(const char *id)
{
  const char *p;

  if (!id || !*id || strlen(id) > 64)
    return 0;
  for (p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return 0;
  return 1;
}

/* Code points of `s` (bytes that start one). */
static size_t cps(const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* `s` escaped, cut to `max` code points with an ellipsis. */
static void label(mvr_buf *b, const char *s, size_t max)
{
  size_t n = 0, i;

  if (cps(s) <= max) {
    mvr_xml_puts(b, s);
    return;
  }
  for (i = 0; s[i]; i++) {
    if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max - 1)
      break;
  }
  mvr_xml_escape(b, s, i);
  mvr_buf_puts(b, "\xE2\x80\xA6");
}

static void head(mvr_buf *b, const char *id, const char *title, int w, int h)
{
  mvr_buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                 "aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %d\" "
                 "width=\"%d\" height=\"%d\" " FONT ">\n<title id=\"%s-t\">",
                 id, id, w, h, w, h, id);
  mvr_xml_puts(b, title ? title : "");
  mvr_buf_printf(b, "</title>\n<desc id=\"%s-d\">", id);
}

static mvr_status done(mvr_buf *b, char **svg, size_t *len)
{
  mvr_status rc = mvr_buf_status(b);

  if (rc) {
    mvr_buf_free(b);
    return rc;
  }
  *len = b->len;
  *svg = mvr_buf_detach(b);
  return *svg ? MVR_OK : MVR_ERR_NOMEM;
}

mvr_status mvr_chart_bars(const char *id, const char *title,
                          const mvr_chart_bar *bars, size_t n, char **svg,
                          size_t *len)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  const int row_h = 26, bar_w = 300;
  int label_w = 80, y;
  long max = 0;
  size_t i, longest = 0;

  if (svg)
    *svg = NULL;
  if (len)
    *len = 0;
  if (!svg || !len || !id_ok(id) || (n && !bars))
    return MVR_ERR_ARG;
  for (i = 0; i < n; i++) {
    if (!bars[i].label || bars[i].value < 0)
      return MVR_ERR_ARG;
    if (bars[i].value > max)
      max = bars[i].value;
    if (cps(bars[i].label) > longest)
      longest = cps(bars[i].label);
  }
  if ((int)longest * CHAR_W + 16 > label_w)
    label_w = (int)longest * CHAR_W + 16;
  if (label_w > MAX_LABEL_W)
    label_w = MAX_LABEL_W;
  head(&b, id, title, label_w + bar_w + 70, (int)(n ? n : 1) * row_h + 8);
  for (i = 0; i < n; i++) {
    mvr_xml_puts(&b, bars[i].label);
    mvr_buf_printf(&b, ": %ld. ", bars[i].value);
  }
  if (!n)
    mvr_buf_puts(&b, "No data.");
  mvr_buf_puts(&b, "</desc>\n");
  if (!n)
    mvr_buf_printf(&b, "<text x=\"8\" y=\"20\">No data</text>\n");
  for (i = 0, y = 4; i < n; i++, y += row_h) {
    double w = max ? (double)bar_w * (double)bars[i].value / (double)max : 0;
    if (bars[i].value && w < 2)
      w = 2;
    mvr_buf_printf(&b, "<g><title>");
    mvr_xml_puts(&b, bars[i].label);
    mvr_buf_printf(&b, ": %ld</title>", bars[i].value);
    mvr_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                   label_w - 8, y + row_h / 2 + 4);
    label(&b, bars[i].label, (size_t)(label_w - 16) / CHAR_W);
    mvr_buf_printf(&b,
                   "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
                   "height=\"%d\" fill=\"#1f4e8c\" stroke=\"#000\" "
                   "stroke-width=\"0.5\"/><text x=\"%.1f\" y=\"%d\">%ld"
                   "</text></g>\n",
                   label_w, y + 3, w, row_h - 8, (double)label_w + w + 6,
                   y + row_h / 2 + 4, bars[i].value);
  }
  mvr_buf_puts(&b, "</svg>\n");
  return done(&b, svg, len);
}

/* Fill of a cell holding `v` of at most `max` (> 0): from #e8eef7 to
 * #1f4e8c. */
static void shade(long v, long max, char out[8], int *dark)
{
  static const int lo[3] = {0xe8, 0xee, 0xf7}, hi[3] = {0x1f, 0x4e, 0x8c};
  double t = (double)v / (double)max;
  int k, c[3];

  for (k = 0; k < 3; k++)
    c[k] = (int)(lo[k] + (hi[k] - lo[k]) * t + 0.5);
  snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
  *dark = t > 0.5;
}

mvr_status mvr_chart_heatmap(const char *id, const char *title,
                             const char *const *rows, size_t nrows,
                             const char *const *cols, size_t ncols,
                             const long *cells, char **svg, size_t *len)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  const int cell_w = 64, cell_h = 26;
  int label_w = 80, top = 30, turn = 0, legend = 30;
  long max = 0;
  size_t r, c, longest = 0, longest_col = 0;

  if (svg)
    *svg = NULL;
  if (len)
    *len = 0;
  if (!svg || !len || !id_ok(id) || (nrows && !rows) || (ncols && !cols) ||
      (nrows && ncols && !cells) || nrows > 10000 || ncols > 10000)
    return MVR_ERR_ARG;
  for (r = 0; r < nrows; r++) {
    if (!rows[r])
      return MVR_ERR_ARG;
    if (cps(rows[r]) > longest)
      longest = cps(rows[r]);
  }
  for (c = 0; c < ncols; c++) {
    if (!cols[c])
      return MVR_ERR_ARG;
    if (cps(cols[c]) > longest_col)
      longest_col = cps(cols[c]);
  }
  for (r = 0; r < nrows * ncols; r++) {
    if (cells[r] < 0)
      return MVR_ERR_ARG;
    if (cells[r] > max)
      max = cells[r];
  }
  if ((int)longest * CHAR_W + 16 > label_w)
    label_w = (int)longest * CHAR_W + 16;
  if (label_w > MAX_LABEL_W)
    label_w = MAX_LABEL_W;
  if ((int)longest_col * CHAR_W > cell_w - 4) {
    /* column labels turned 45 degrees */
    size_t shown = longest_col < 28 ? longest_col : 28;
    turn = 1;
    top = (int)shown * CHAR_W * 3 / 4 + 16;
  }
  {
    int w = label_w + (int)ncols * cell_w + (turn ? 160 : 10);
    if (w < label_w + 460) /* room for the legend */
      w = label_w + 460;
    head(&b, id, title, w, top + (int)nrows * cell_h + legend);
  }
  for (r = 0; r < nrows; r++) {
    mvr_xml_puts(&b, rows[r]);
    mvr_buf_puts(&b, ": ");
    for (c = 0; c < ncols; c++) {
      mvr_xml_puts(&b, cols[c]);
      mvr_buf_printf(&b, " %ld%s", cells[r * ncols + c],
                     c + 1 < ncols ? ", " : ". ");
    }
  }
  if (!nrows || !ncols)
    mvr_buf_puts(&b, "No data.");
  mvr_buf_printf(&b,
                 "</desc>\n<defs><pattern id=\"%s-hatch\" width=\"6\" "
                 "height=\"6\" patternUnits=\"userSpaceOnUse\" "
                 "patternTransform=\"rotate(45)\"><rect width=\"6\" "
                 "height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" "
                 "x2=\"0\" y2=\"6\" stroke=\"#888\" stroke-width=\"1.5\"/>"
                 "</pattern></defs>\n",
                 id);
  for (c = 0; c < ncols; c++) {
    int x = label_w + (int)c * cell_w + cell_w / 2;
    if (turn)
      mvr_buf_printf(&b,
                     "<text x=\"%d\" y=\"%d\" transform=\"rotate(-45 %d %d)\">",
                     x - 4, top - 6, x - 4, top - 6);
    else
      mvr_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x,
                     top - 8);
    label(&b, cols[c], turn ? 28 : (size_t)(cell_w - 4) / CHAR_W);
    mvr_buf_puts(&b, "</text>\n");
  }
  for (r = 0; r < nrows; r++) {
    int y = top + (int)r * cell_h;
    mvr_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                   label_w - 8, y + cell_h / 2 + 4);
    label(&b, rows[r], (size_t)(label_w - 16) / CHAR_W);
    mvr_buf_puts(&b, "</text>\n");
    for (c = 0; c < ncols; c++) {
      long v = cells[r * ncols + c];
      int x = label_w + (int)c * cell_w, dark = 0;
      char fill[8];
      mvr_buf_puts(&b, "<g><title>");
      mvr_xml_puts(&b, rows[r]);
      mvr_buf_puts(&b, " \xC3\x97 ");
      mvr_xml_puts(&b, cols[c]);
      mvr_buf_printf(&b, ": %ld</title>", v);
      if (v) {
        shade(v, max, fill, &dark);
        mvr_buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                           "height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>",
                       x, y, cell_w, cell_h, fill);
      } else {
        mvr_buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                           "height=\"%d\" fill=\"url(#%s-hatch)\" "
                           "stroke=\"#fff\"/>",
                       x, y, cell_w, cell_h, id);
      }
      mvr_buf_printf(&b,
                     "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                     "fill=\"%s\"%s>%ld</text></g>\n",
                     x + cell_w / 2, y + cell_h / 2 + 4,
                     dark ? "#fff" : "#000",
                     v ? " font-weight=\"bold\"" : "", v);
    }
  }
  mvr_buf_printf(&b,
                 "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"14\" "
                 "fill=\"url(#%s-hatch)\" stroke=\"#888\"/><text x=\"%d\" "
                 "y=\"%d\">no entries; darker: more entries (the number "
                 "is in each cell)</text>\n</svg>\n",
                 label_w, top + (int)nrows * cell_h + 10, id, label_w + 24,
                 top + (int)nrows * cell_h + 22);
  return done(&b, svg, len);
}

/* Fill patterns of the stacked segments, by status index: a colour AND a
 * texture, so that two neighbouring statuses differ without colour. */
static const char *const seg_fill[] = {"#1f4e8c", "#7aa6d6", "#e0a030",
                                       "#8c8c8c", "#c04040", "#50a050"};
static const char *const seg_tex[] = {
    "",
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" "
    "stroke-width=\"1\"/>",
    "<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#000\"/>",
    "<line x1=\"0\" y1=\"3\" x2=\"6\" y2=\"3\" stroke=\"#fff\" "
    "stroke-width=\"1.5\"/>",
    "<path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#fff\" stroke-width=\"1\"/>",
    "<rect x=\"2\" y=\"2\" width=\"2\" height=\"2\" fill=\"#fff\"/>"};
#define NSEG (sizeof seg_fill / sizeof seg_fill[0])

mvr_status mvr_chart_timeline(const char *id, const char *title,
                              const char *const *releases, size_t nrel,
                              const char *const *statuses, size_t nstat,
                              const long *cells, char **svg, size_t *len)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  const int row_h = 30, bar_w = 420;
  int label_w = 80, y, legend_h;
  long max = 0;
  size_t r, s, longest = 0;

  if (svg)
    *svg = NULL;
  if (len)
    *len = 0;
  if (!svg || !len || !id_ok(id) || (nrel && !releases) ||
      (nstat && !statuses) || (nrel && nstat && !cells) || nrel > 10000 ||
      nstat > 1000)
    return MVR_ERR_ARG;
  for (r = 0; r < nrel; r++) {
    long tot = 0;
    if (!releases[r])
      return MVR_ERR_ARG;
    if (cps(releases[r]) > longest)
      longest = cps(releases[r]);
    for (s = 0; s < nstat; s++) {
      if (cells[r * nstat + s] < 0 || cells[r * nstat + s] > (1L << 40))
        return MVR_ERR_ARG;
      tot += cells[r * nstat + s];
    }
    if (tot > max)
      max = tot;
  }
  for (s = 0; s < nstat; s++)
    if (!statuses[s])
      return MVR_ERR_ARG;
  if ((int)longest * CHAR_W + 16 > label_w)
    label_w = (int)longest * CHAR_W + 16;
  if (label_w > MAX_LABEL_W)
    label_w = MAX_LABEL_W;
  legend_h = (int)nstat * 20 + 10;
  head(&b, id, title, label_w + bar_w + 80,
       (int)(nrel ? nrel : 1) * row_h + 8 + legend_h);
  for (r = 0; r < nrel; r++) {
    mvr_xml_puts(&b, releases[r]);
    mvr_buf_puts(&b, ": ");
    for (s = 0; s < nstat; s++) {
      mvr_xml_puts(&b, statuses[s]);
      mvr_buf_printf(&b, " %ld%s", cells[r * nstat + s],
                     s + 1 < nstat ? ", " : ". ");
    }
  }
  if (!nrel || !nstat)
    mvr_buf_puts(&b, "No release.");
  mvr_buf_puts(&b, "</desc>\n<defs>");
  for (s = 0; s < NSEG; s++)
    mvr_buf_printf(&b,
                   "<pattern id=\"%s-p%zu\" width=\"6\" height=\"6\" "
                   "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" "
                   "height=\"6\" fill=\"%s\"/>%s</pattern>",
                   id, s, seg_fill[s], seg_tex[s]);
  mvr_buf_puts(&b, "</defs>\n");
  if (!nrel || !nstat)
    mvr_buf_puts(&b, "<text x=\"8\" y=\"20\">No release</text>\n");
  for (r = 0, y = 4; r < nrel && nstat; r++, y += row_h) {
    double x = label_w;
    long tot = 0;
    for (s = 0; s < nstat; s++)
      tot += cells[r * nstat + s];
    mvr_buf_puts(&b, "<g><title>");
    mvr_xml_puts(&b, releases[r]);
    mvr_buf_printf(&b, ": %ld entries</title>", tot);
    mvr_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                   label_w - 8, y + row_h / 2 + 4);
    label(&b, releases[r], (size_t)(label_w - 16) / CHAR_W);
    mvr_buf_puts(&b, "</text>");
    for (s = 0; s < nstat; s++) {
      long v = cells[r * nstat + s];
      double w = max ? (double)bar_w * (double)v / (double)max : 0;
      if (!v)
        continue;
      if (w < 2)
        w = 2;
      mvr_buf_puts(&b, "<g><title>");
      mvr_xml_puts(&b, releases[r]);
      mvr_buf_puts(&b, ", ");
      mvr_xml_puts(&b, statuses[s]);
      mvr_buf_printf(&b,
                     ": %ld</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                     "height=\"%d\" fill=\"url(#%s-p%zu)\" stroke=\"#000\" "
                     "stroke-width=\"0.5\"/>",
                     v, x, y + 3, w, row_h - 8, id, s % NSEG);
      if (w >= 24)
        mvr_buf_printf(&b,
                       "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                       "stroke=\"#fff\" stroke-width=\"3\" "
                       "paint-order=\"stroke\">%ld</text>",
                       x + w / 2, y + row_h / 2 + 4, v);
      mvr_buf_puts(&b, "</g>");
      x += w;
    }
    mvr_buf_printf(&b, "<text x=\"%.1f\" y=\"%d\">%ld</text></g>\n", x + 6,
                   y + row_h / 2 + 4, tot);
  }
  y = 4 + (int)(nrel ? nrel : 1) * row_h + 6;
  for (s = 0; s < nstat; s++, y += 20) {
    mvr_buf_printf(&b,
                   "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"14\" "
                   "fill=\"url(#%s-p%zu)\" stroke=\"#000\" "
                   "stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\">",
                   label_w, y, id, s % NSEG, label_w + 24, y + 12);
    label(&b, statuses[s], 60);
    mvr_buf_puts(&b, "</text>\n");
  }
  mvr_buf_puts(&b, "</svg>\n");
  return done(&b, svg, len);
}

/* The timeline of the register's releases, oldest first, counted by
 * status as each release froze the register. */
mvr_status mvr_release_timeline_svg(mvr_db *db, const char *id, char **svg,
                                    size_t *len)
{
  const mvr_profile *p;
  mvr_releases *rels = NULL;
  const char **names = NULL, **stats = NULL;
  long *cells = NULL;
  size_t nst, r, s;
  mvr_status rc;

  if (svg)
    *svg = NULL;
  if (len)
    *len = 0;
  if (!db || !svg || !len)
    return MVR_ERR_ARG;
  p = mvr_db_profile(db);
  if (!p)
    return MVR_ERR_ARG;
  rc = mvr_release_list(db, &rels);
  if (rc)
    return rc;
  nst = mvr_profile_status_count(p);
  names = mvr_malloc((rels->n + 1) * sizeof *names);
  stats = mvr_malloc((nst + 1) * sizeof *stats);
  cells = mvr_malloc((rels->n * nst + 1) * sizeof *cells);
  if (!names || !stats || !cells) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (s = 0; s < nst; s++)
    stats[s] = mvr_profile_status(p, s);
  memset(cells, 0, (rels->n * nst + 1) * sizeof *cells);
  for (r = 0; r < rels->n; r++) { /* oldest first */
    const mvr_release *rel = &rels->items[r];
    mvr_query q = {0};
    mvr_stats *st = NULL;
    size_t i;
    names[r] = rel->name;
    q.release = rel->name;
    rc = mvr_stats_get(db, &q, &st);
    if (rc)
      goto out;
    for (i = 0; i < st->nstatus; i++)
      for (s = 0; s < nst; s++)
        if (strcmp(st->by_status[i].label, stats[s]) == 0)
          cells[r * nst + s] = st->by_status[i].count;
    mvr_stats_free(st);
  }
  rc = mvr_chart_timeline(id, "Entries by status in each release", names,
                          rels->n, stats, nst, cells, svg, len);
out:
  mvr_free(names);
  mvr_free(stats);
  mvr_free(cells);
  mvr_releases_free(rels);
  return rc;
}
