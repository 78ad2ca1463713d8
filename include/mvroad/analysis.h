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

#endif /* MVROAD_ANALYSIS_H */
