/* mvroad/analysis.h - coordination analysis (issue 7): overlaps across
 * organisations, gaps by category and topic, and SVG charts.
 *
 * Included by mvroad.h; do not include it alone. See docs/analysis.md. */
#ifndef MVROAD_ANALYSIS_H
#define MVROAD_ANALYSIS_H

/* ------------------------------------------------------------------ */
/* Overlaps                                                            */
/* ------------------------------------------------------------------ */

/* Overlaps: pairs of entries of different organisations (reference
 * families: "ISO/IEC", "ITU-T", "IEEE", ...) whose titles and summaries
 * say the same thing. Words are folded (Unicode NFKC, case, accents),
 * stop words dropped, stemmed (Snowball English), weighted by TF-IDF;
 * a pair's score is the cosine of its two vectors. Candidates come from
 * an inverted index over each entry's rarest weighty words: the work
 * grows with the number of related entries, not with the square of the
 * register. A pair that is a known equivalence (an alias of the other
 * entry's key, a twin text or a transposition the text names, an ETSI
 * transposition of a 3GPP specification) is reported with kind
 * "equivalent", never as an overlap. Nothing is stored or changed. */

/* One side of a pair. Strings are never NULL. */
typedef struct mvr_overlap_side {
  int64_t id;
  const char *sdo;       /* canonical organisation name */
  const char *family;    /* reference family: "ISO/IEC", "ITU-T", ... */
  const char *reference; /* as displayed */
  const char *title;
} mvr_overlap_side;

typedef struct mvr_overlap {
  mvr_overlap_side a, b; /* a.id < b.id */
  double score;          /* cosine similarity, 0 < score <= 1 */
  const char *kind;      /* "overlap" or "equivalent" */
  const char *why;       /* equivalent: "alias", "twin text" (one text
                            names the other as its twin, common text or
                            joint work), "transposition"; overlap: "" */
  const char *const *terms; /* the shared words that weighed most, best
                               first (a word as written, folded) */
  size_t nterms;
  size_t cluster; /* index into mvr_overlaps.clusters */
} mvr_overlap;

/* Entries connected by reported pairs (connected components). */
typedef struct mvr_overlap_cluster {
  const mvr_overlap_side *members; /* by id */
  size_t n;
  size_t npairs; /* pairs of the cluster, overlaps and equivalents */
} mvr_overlap_cluster;

typedef struct mvr_overlap_opts {
  double min_score; /* pairs scoring at least this, 0.05 to 1; 0 = 0.15 */
  long limit;       /* the best `limit` pairs only; 0 = all */
} mvr_overlap_opts;

typedef struct mvr_overlaps {
  const mvr_overlap *pairs; /* equivalents first, then overlaps; each
                               best first (score, then ids) */
  size_t npairs;
  const mvr_overlap_cluster *clusters; /* largest first */
  size_t nclusters;
  double min_score;
  unsigned long found;       /* overlaps at or above min_score (before
                                limit) */
  unsigned long equivalents; /* known equivalences at or above it */
  unsigned long entries;     /* entries compared: those shown in
                                listings, with words that count */
  unsigned long long all_pairs; /* entries * (entries - 1) / 2 */
  unsigned long long examined;  /* distinct candidate pairs the index met */
  unsigned long long scored;    /* of those, pairs of different
                                   organisations whose cosine was computed */
} mvr_overlaps;

/* Find the overlaps among the entries shown in listings (merged entries
 * are part of the entry they were merged into). `opts` may be NULL. On
 * success *out is set; free with mvr_overlaps_free(). Returns MVR_OK,
 * MVR_ERR_ARG (min_score out of range, negative limit), MVR_ERR_STORE,
 * MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_overlaps_find(mvr_db *db,
                                        const mvr_overlap_opts *opts,
                                        mvr_overlaps **out);
MVR_EXPORT void mvr_overlaps_free(mvr_overlaps *o);

/* Write `o` in `format`: "text" (for a terminal), "json" (the shape in
 * docs/analysis.md) or "csv" (one line per pair; formula-like cells
 * neutralised). Returns MVR_OK, MVR_ERR_FORMAT, MVR_ERR_NOMEM, or what
 * `fn` returned. */
MVR_EXPORT mvr_status mvr_overlaps_write(const mvr_overlaps *o,
                                         const char *format, mvr_write_fn fn,
                                         void *ud);

/* ------------------------------------------------------------------ */
/* Gaps: coverage by category, organisation, status and topic          */
/* ------------------------------------------------------------------ */

/* The profile's topics ("topics": name and phrases; see docs/profile.md),
 * in profile order. Borrowed; valid until the profile is freed; NULL when
 * `i` is out of range. */
MVR_EXPORT size_t mvr_profile_topic_count(const mvr_profile *p);
MVR_EXPORT const char *mvr_profile_topic(const mvr_profile *p, size_t i);

/* A gap: a topic or category with no entry at all ("no work"), or with
 * entries of which none is published ("no published standard"). */
typedef struct mvr_gap {
  const char *kind; /* "topic" or "category" */
  const char *name;
  const char *what; /* "no work" or "no published standard" */
  long entries;     /* entries of the topic or category */
} mvr_gap;

/* Coverage of the register. Matrices are row-major: cell (r, c) of a
 * matrix with C columns is at [r * C + c]. An entry of two categories
 * (or topics) counts in each. Organisations are reference families
 * ("ISO/IEC", "ITU-T", "IEEE", ...), in order of name. "Published" is
 * the status the profile labels so. Topics come from the profile's
 * phrase rules, then editors' overrides (mvr_topic_set()). */
typedef struct mvr_gaps {
  const char *const *categories; /* the profile's, in order */
  size_t ncategories;
  const char *const *statuses; /* the profile's, in order */
  size_t nstatuses;
  const char *const *orgs;
  size_t norgs;
  const char *const *topics; /* the profile's, in order */
  size_t ntopics;
  const long *cat_org;      /* ncategories x norgs */
  const long *cat_status;   /* ncategories x nstatuses */
  const long *topic_cat;    /* ntopics x ncategories */
  const long *topic_status; /* ntopics x nstatuses */
  const long *cat_total, *topic_total;         /* entries of each */
  const long *cat_published, *topic_published; /* of those, published */
  unsigned long entries;  /* entries shown in listings */
  unsigned long untagged; /* entries of no topic */
  unsigned long overridden; /* entries whose topics an editor changed */
  const mvr_gap *gaps;    /* topics first, then categories, profile order */
  size_t ngaps;
} mvr_gaps;

/* An editor's override of the automatic topics: entry `id_or_ref` (as
 * mvr_entry_lookup()) has topic `topic` (a name of the profile's, as
 * mvr_profile_topic() spells it) when `tagged` is 1 whatever its text
 * says, has not when 0; -1 removes the override (back to the phrase
 * rules). Recorded with the actor, the time and `note` (may be NULL);
 * mvr_gaps_find() applies it. Returns MVR_OK, MVR_ERR_ARG (tagged not
 * -1, 0 or 1; a store without overrides), MVR_ERR_NOTFOUND (no such
 * entry or topic: the message is on mvr_db_errmsg()), MVR_ERR_AMBIGUOUS,
 * MVR_ERR_STORE, MVR_ERR_BUSY, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_topic_set(mvr_db *db, const char *id_or_ref,
                                    const char *topic, int tagged,
                                    const char *note);

/* Count the coverage of the entries shown in listings, streaming (memory
 * does not grow with the register). On success *out is set; free with
 * mvr_gaps_free(). Returns MVR_OK, MVR_ERR_STORE, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_gaps_find(mvr_db *db, mvr_gaps **out);
MVR_EXPORT void mvr_gaps_free(mvr_gaps *g);

/* Write `g` in `format`: "text" (the gaps, then the three matrices as
 * tables), "json" (docs/analysis.md) or "csv" (one line per cell:
 * matrix,row,column,count). Returns MVR_OK, MVR_ERR_FORMAT,
 * MVR_ERR_NOMEM, or what `fn` returned. */
MVR_EXPORT mvr_status mvr_gaps_write(const mvr_gaps *g, const char *format,
                                     mvr_write_fn fn, void *ud);

/* ------------------------------------------------------------------ */
/* Charts (SVG)                                                        */
/* ------------------------------------------------------------------ */

/* Charts as standalone SVG documents (an <svg> element with its xmlns),
 * for web pages and exports. Readable without colour: every bar and
 * cell carries its number as text, empty cells are hatched, and the
 * chart has role="img", a <title> and a <desc> holding every figure (for
 * screen readers); each bar and cell has its own <title>. Colours are
 * SVG presentation attributes (no style sheet, no script: fine under a
 * Content-Security-Policy). All text is XML-escaped. `id` (letters,
 * digits, '-' and '_' only) prefixes the element ids, so that several
 * charts can share a page. */

typedef struct mvr_chart_bar {
  const char *label;
  long value; /* >= 0 */
} mvr_chart_bar;

/* A horizontal bar chart of `n` bars, in the order given. On success
 * *svg (NUL-terminated, *len bytes) is set; caller frees with mvr_free().
 * Returns MVR_OK, MVR_ERR_ARG (bad id, NULL label, negative value) or
 * MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_chart_bars(const char *id, const char *title,
                                     const mvr_chart_bar *bars, size_t n,
                                     char **svg, size_t *len);

/* A heat map of `nrows` x `ncols` counts (row-major: cell (r, c) is
 * cells[r * ncols + c]), rows labelled on the left, columns on top
 * (turned when long); darker is more, 0 is hatched. Output and returns
 * as mvr_chart_bars(). */
MVR_EXPORT mvr_status mvr_chart_heatmap(const char *id, const char *title,
                                        const char *const *rows,
                                        size_t nrows,
                                        const char *const *cols,
                                        size_t ncols, const long *cells,
                                        char **svg, size_t *len);

/* A status timeline of releases: one stacked horizontal bar per release
 * (in the order given), one segment per status holding cells[r * nstat +
 * s] entries, each segment filled with its own colour AND texture, its
 * number written on it when it fits and always in its <title>, the total
 * after the bar, and a legend of the statuses. Output and returns as
 * mvr_chart_bars(). */
MVR_EXPORT mvr_status mvr_chart_timeline(const char *id, const char *title,
                                         const char *const *releases,
                                         size_t nrel,
                                         const char *const *statuses,
                                         size_t nstat, const long *cells,
                                         char **svg, size_t *len);

/* The timeline of the register's releases (oldest first), entries of each
 * by the profile's statuses as the release froze them. Returns as
 * mvr_chart_timeline(), or MVR_ERR_STORE. */
MVR_EXPORT mvr_status mvr_release_timeline_svg(mvr_db *db, const char *id,
                                               char **svg, size_t *len);

/* ------------------------------------------------------------------ */
/* Static HTML export                                                  */
/* ------------------------------------------------------------------ */

#define MVR_HTML_FORCE 1u /* write into a non-empty directory */

/* Write a static, read-only site of the roadmap into directory `dir`
 * (created if missing; refused with MVR_ERR_EXISTS when it exists and is
 * not empty, unless MVR_HTML_FORCE): index.html (counts, charts), one page
 * per entry (entry/ID.html) and per organisation (org/N.html), the
 * overlaps, gaps and releases pages, style.css, search.js and
 * search.json (the index of the client-side search). All text is
 * HTML-escaped; links are relative; file names are made of ids and
 * numbers only, never of data. Returns MVR_OK, MVR_ERR_ARG,
 * MVR_ERR_EXISTS, MVR_ERR_IO (message on mvr_db_errmsg()), MVR_ERR_STORE,
 * MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_export_html(mvr_db *db, const char *dir,
                                      unsigned flags);

#endif /* MVROAD_ANALYSIS_H */
