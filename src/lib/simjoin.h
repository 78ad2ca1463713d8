/* simjoin.h - a set-similarity join: among many small sets of words (the
 * folded titles of a register), every pair whose Jaccard similarity
 * |x ∩ y| / |x ∪ y| reaches a threshold, without comparing all pairs.
 *
 * Candidates come from an inverted index over each set's rarest words
 * (prefix filtering, as in AllPairs and PPJoin: Bayardo et al. 2007, Xiao
 * et al. 2008): with the words of every set ordered by document frequency,
 * two sets with Jaccard >= t must share one of the first
 * |x| - ceil(t |x|) + 1 words of x. A length filter and a positional
 * filter drop most candidates before their overlap is counted. The result
 * is exact: no pair above the threshold is missed.
 *
 * Used for possible duplicates (duplicates.c); the dictionary and the
 * document frequencies serve any other word statistics (overlaps). */
#ifndef MVR_SIMJOIN_H
#define MVR_SIMJOIN_H

#include <stdint.h>

#include "mvroad.h"

typedef struct mvr_simjoin mvr_simjoin;

/* On success *out is set; free with mvr_simjoin_free(). */
mvr_status mvr_simjoin_new(mvr_simjoin **out);
void mvr_simjoin_free(mvr_simjoin *j);

/* The number of the word `w` (`n` bytes), the same for the same bytes,
 * from 0 in order of first appearance. */
mvr_status mvr_simjoin_intern(mvr_simjoin *j, const char *w, size_t n,
                              uint32_t *id);

/* Add a set: the words `ids` (`n` of them; repeats count once). *doc is
 * its number, from 0 in order. An empty set is never paired. Not after
 * mvr_simjoin_run(). */
mvr_status mvr_simjoin_add(mvr_simjoin *j, const uint32_t *ids, size_t n,
                           uint32_t *doc);

uint32_t mvr_simjoin_ndocs(const mvr_simjoin *j);
uint32_t mvr_simjoin_nwords(const mvr_simjoin *j);
/* The word `id` (NUL-terminated). Borrowed; valid until the next
 * mvr_simjoin_intern() or the join is freed. */
const char *mvr_simjoin_word(const mvr_simjoin *j, uint32_t id);
/* How many sets hold word `id`. */
uint32_t mvr_simjoin_df(const mvr_simjoin *j, uint32_t id);

typedef struct mvr_simjoin_stats {
  uint64_t candidates; /* distinct pairs met in the index */
  uint64_t verified;   /* of those, pairs whose overlap was counted */
  uint64_t matched;    /* pairs passed to the callback */
} mvr_simjoin_stats;

/* Asked about each pair that reaches the threshold, before it is passed
 * on: return 0 to leave it out (two sets of one entry, ...). */
typedef int (*mvr_simjoin_keep_fn)(void *ud, uint32_t x, uint32_t y);
/* Called for each pair with Jaccard >= t; x and y are set numbers, in no
 * particular order. A status other than MVR_OK stops the join. */
typedef mvr_status (*mvr_simjoin_pair_fn)(void *ud, uint32_t x, uint32_t y,
                                          double jaccard);

/* Every pair of sets with Jaccard >= t (0 < t <= 1). `keep` may be NULL.
 * Call once: the sets are reordered internally. *st (may be NULL) gets
 * the counts. Returns MVR_OK, MVR_ERR_ARG, MVR_ERR_NOMEM, or what `fn`
 * returned. */
mvr_status mvr_simjoin_run(mvr_simjoin *j, double t, mvr_simjoin_keep_fn keep,
                           mvr_simjoin_pair_fn fn, void *ud,
                           mvr_simjoin_stats *st);

#endif
