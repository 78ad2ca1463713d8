/* topics.h - entries tagged with the profile's topics (issue 7): a
 * topic's phrase matches when its terms (terms.h: folded, stop words
 * dropped, stemmed) occur one after the other in the title or in the
 * summary. */
#ifndef MVR_TOPICS_H
#define MVR_TOPICS_H

#include <stdint.h>

#include "terms.h"

typedef struct mvr_topic_phrase {
  uint32_t *terms;
  size_t n;
  unsigned topic;
  int next; /* the next phrase with the same first term, -1 at the end */
} mvr_topic_phrase;

typedef struct mvr_topics {
  mvr_terms terms;
  mvr_topic_phrase *phrases;
  size_t nphrases;
  int *first;       /* term id -> first phrase starting with it, or -1 */
  uint32_t nfirst;  /* terms known when the phrases were read */
  uint32_t *ids;    /* scratch */
  size_t nids, capids;
} mvr_topics;

/* Read the topics of `p` (at most 64). Returns MVR_OK, MVR_ERR_NOMEM. */
mvr_status mvr_topics_init(mvr_topics *t, const mvr_profile *p);
void mvr_topics_clear(mvr_topics *t);

/* The topics of a text: bit i = the profile's topic i. `title` and
 * `summary` may be NULL. Returns MVR_OK, MVR_ERR_NOMEM. */
mvr_status mvr_topics_tag(mvr_topics *t, const char *title,
                          const char *summary, uint64_t *mask);

#endif
