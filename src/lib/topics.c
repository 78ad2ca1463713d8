/* topics.c - the profile's topic rules applied to entries (topics.h). */
#include "topics.h"

#include <string.h>

mvr_status mvr_topics_init(mvr_topics *t, const mvr_profile *p)
{
  size_t i, j, total = 0, k;
  mvr_status rc;

  memset(t, 0, sizeof *t);
  rc = mvr_terms_init(&t->terms, p);
  if (rc)
    return rc;
  for (i = 0; i < p->ntopics && i < 64; i++)
    total += p->topics[i].nphrases;
  t->phrases = mvr_malloc((total ? total : 1) * sizeof *t->phrases);
  if (!t->phrases) {
    rc = MVR_ERR_NOMEM;
    goto fail;
  }
  for (i = 0; i < p->ntopics && i < 64; i++)
    for (j = 0; j < p->topics[i].nphrases; j++) {
      const char *s = p->topics[i].phrases[j];
      mvr_topic_phrase *ph = &t->phrases[t->nphrases];
      size_t n = 0, cap = 0;
      ph->terms = NULL;
      rc = mvr_terms_add(&t->terms, s, strlen(s), 0, &ph->terms, &n, &cap);
      if (rc) {
        mvr_free(ph->terms);
        goto fail;
      }
      if (!n) { /* only stop words: matches nothing */
        mvr_free(ph->terms);
        continue;
      }
      ph->n = n;
      ph->topic = (unsigned)i;
      ph->next = -1;
      t->nphrases++;
    }
  t->nfirst = mvr_terms_count(&t->terms);
  t->first = mvr_malloc((t->nfirst ? t->nfirst : 1) * sizeof *t->first);
  if (!t->first) {
    rc = MVR_ERR_NOMEM;
    goto fail;
  }
  for (k = 0; k < t->nfirst; k++)
    t->first[k] = -1;
  for (k = t->nphrases; k-- > 0;) {
    uint32_t f = t->phrases[k].terms[0];
    t->phrases[k].next = t->first[f];
    t->first[f] = (int)k;
  }
  return MVR_OK;
fail:
  mvr_topics_clear(t);
  return rc;
}

void mvr_topics_clear(mvr_topics *t)
{
  size_t i;

  mvr_terms_clear(&t->terms);
  for (i = 0; i < t->nphrases; i++)
    mvr_free(t->phrases[i].terms);
  mvr_free(t->phrases);
  mvr_free(t->first);
  mvr_free(t->ids);
  memset(t, 0, sizeof *t);
}

static uint64_t match(const mvr_topics *t, const uint32_t *ids, size_t n)
{
  uint64_t m = 0;
  size_t i;

  for (i = 0; i < n; i++) {
    int k;
    if (ids[i] >= t->nfirst)
      continue;
    for (k = t->first[ids[i]]; k >= 0; k = t->phrases[k].next) {
      const mvr_topic_phrase *ph = &t->phrases[k];
      if (i + ph->n <= n &&
          memcmp(ids + i, ph->terms, ph->n * sizeof *ids) == 0)
        m |= (uint64_t)1 << ph->topic;
    }
  }
  return m;
}

mvr_status mvr_topics_tag(mvr_topics *t, const char *title,
                          const char *summary, uint64_t *mask)
{
  mvr_status rc;

  *mask = 0;
  t->nids = 0;
  if (title) {
    rc = mvr_terms_add(&t->terms, title, strlen(title), 1, &t->ids, &t->nids,
                       &t->capids);
    if (rc)
      return rc;
    *mask |= match(t, t->ids, t->nids);
  }
  t->nids = 0;
  if (summary) {
    rc = mvr_terms_add(&t->terms, summary, strlen(summary), 0, &t->ids,
                       &t->nids, &t->capids);
    if (rc)
      return rc;
    *mask |= match(t, t->ids, t->nids);
  }
  return MVR_OK;
}
