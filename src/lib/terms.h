/* terms.h - the words of titles and summaries as analysis terms (issue
 * 7): folded with fold.c (NFKC, case, accents), the profile's title
 * prefixes skipped in titles, stop words (built-in English list and the
 * profile's title_stopwords), single letters and bare numbers dropped,
 * then stemmed with the Snowball English stemmer (libstemmer). Each
 * distinct word is stemmed once: a word -> term table caches it.
 *
 * Used by overlaps (overlaps.c) and topic rules (gaps.c). Not thread
 * safe (one stemmer per mvr_terms). */
#ifndef MVR_TERMS_H
#define MVR_TERMS_H

#include <stdint.h>

#include "fold.h"
#include "simjoin.h"

typedef struct mvr_terms {
  mvr_fold_rules rules;
  mvr_wordlist wl;
  struct sb_stemmer *stemmer;
  mvr_map stop;          /* built-in stop words, folded */
  mvr_simjoin *words;    /* dictionary of folded words */
  uint32_t *word_term;   /* word id -> term id, or a MVR_TERM_* mark */
  size_t capwords;
  mvr_simjoin *terms;    /* dictionary of stems */
  uint32_t *term_word;   /* term id -> first word seen (its display) */
  size_t capterms;
  char spell[64];        /* scratch: a respelt word */
} mvr_terms;

#define MVR_TERM_UNSET UINT32_MAX
#define MVR_TERM_SKIP (UINT32_MAX - 1)

/* Returns MVR_OK, MVR_ERR_NOMEM. Release with mvr_terms_clear(). */
mvr_status mvr_terms_init(mvr_terms *t, const mvr_profile *p);
void mvr_terms_clear(mvr_terms *t);

/* Append the term ids of `s` (`len` bytes) in text order to the vector
 * (*ids, *n, *cap: grown with mvr_realloc). With `title`, the profile's
 * title prefixes at the start are skipped. Text that is not UTF-8 adds
 * nothing. Returns MVR_OK or MVR_ERR_NOMEM. */
mvr_status mvr_terms_add(mvr_terms *t, const char *s, size_t len, int title,
                         uint32_t **ids, size_t *n, size_t *cap);

uint32_t mvr_terms_count(const mvr_terms *t);
/* How term `id` reads: the first folded word that stemmed to it.
 * Borrowed; valid until the next mvr_terms_add(). */
const char *mvr_terms_display(const mvr_terms *t, uint32_t id);

#endif
