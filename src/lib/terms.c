/* terms.c - analysis terms: folded, stop words dropped, stemmed (see
 * terms.h). */
#include "terms.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"

/* English function words, and the boilerplate of Annex 1 summaries
 * ("Specifies ...", "This Recommendation defines ...") that says nothing
 * about the subject. Folded, unstemmed. */
static const char *const builtin_stop[] = {
    "a", "about", "above", "across", "after", "again", "against", "all",
    "also", "am", "among", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "being", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "each", "either", "etc", "for", "from",
    "further", "had", "has", "have", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "itself", "may", "might", "more", "most",
    "much", "must", "no", "nor", "not", "of", "on", "once", "one", "only",
    "or", "other", "our", "out", "over", "own", "same", "shall", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "thus", "to",
    "too", "under", "until", "up", "upon", "us", "use", "used", "uses",
    "using", "very", "via", "was", "we", "well", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "why", "will",
    "with", "within", "without", "would", "you", "your",
    /* boilerplate */
    "define", "defines", "defined", "defining", "specify", "specifies",
    "specified", "specification", "specifications", "describe",
    "describes", "described", "provide", "provides", "provided",
    "standard", "standards", "recommendation", "recommendations", "report",
    "technical", "document", "documents", "part", "parts", "information",
    "technology", "support", "supports", "supporting", "enable",
    "enables", "including", "includes", "based", "new", "set", "so",
    "can", "help", "helps", "way", "ways", "make", "makes",
    /* words of every roadmap entry's kind of document */
    "requirement", "requirements", "framework", "frameworks", "service",
    "services", "system", "systems", "general", "overview", "sets", "give",
    "gives", "giving", "extends", "extend", "definition", "definitions",
    "analysis", "consideration", "considerations", "study", "studies",
    "aspects", "various", "related", "project", "projects", "will",
    "work", "guidance", "guideline", "guidelines", "methods", "method",
    "version", "edition", "series", "component", "components"};

mvr_status mvr_terms_init(mvr_terms *t, const mvr_profile *p)
{
  mvr_status rc;
  size_t i;

  memset(t, 0, sizeof *t);
  mvr_wordlist_init(&t->wl);
  rc = mvr_fold_rules_init(&t->rules, p);
  if (rc)
    return rc;
  for (i = 0; i < sizeof builtin_stop / sizeof *builtin_stop && !rc; i++)
    rc = mvr_map_set(&t->stop, builtin_stop[i], 1);
  if (!rc)
    rc = mvr_simjoin_new(&t->words);
  if (!rc)
    rc = mvr_simjoin_new(&t->terms);
  if (!rc) {
    t->stemmer = sb_stemmer_new("english", "UTF_8");
    if (!t->stemmer)
      rc = MVR_ERR_NOMEM;
  }
  if (rc)
    mvr_terms_clear(t);
  return rc;
}

void mvr_terms_clear(mvr_terms *t)
{
  mvr_fold_rules_clear(&t->rules);
  mvr_wordlist_free(&t->wl);
  if (t->stemmer)
    sb_stemmer_delete(t->stemmer);
  mvr_map_clear(&t->stop);
  mvr_simjoin_free(t->words);
  mvr_simjoin_free(t->terms);
  mvr_free(t->word_term);
  mvr_free(t->term_word);
  memset(t, 0, sizeof *t);
}

uint32_t mvr_terms_count(const mvr_terms *t)
{
  return mvr_simjoin_nwords(t->terms);
}

const char *mvr_terms_display(const mvr_terms *t, uint32_t id)
{
  if (id >= mvr_simjoin_nwords(t->terms))
    return "";
  return mvr_simjoin_word(t->words, t->term_word[id]);
}

/* Does the folded word count as a term? Not a single letter, not a bare
 * number ("3", "2023", "360"), not a stop word. */
static int counts(const mvr_terms *t, const char *w, size_t len)
{
  size_t i;
  int letter = 0;

  if (len < 2)
    return 0;
  for (i = 0; i < len; i++)
    if (!mvr_isdigit((unsigned char)w[i]) && w[i] != '.')
      letter = 1;
  if (!letter)
    return 0;
  return mvr_map_get(&t->stop, w) < 0 && !mvr_fold_is_stop(&t->rules, w);
}

/* The term of new word `wid` (`w`, `len` bytes). */
static mvr_status stem_word(mvr_terms *t, uint32_t wid, const char *w,
                            size_t len, uint32_t *term)
{
  const sb_symbol *s;
  uint32_t n;
  mvr_status rc;

  *term = MVR_TERM_SKIP;
  if (!counts(t, w, len))
    return MVR_OK;
  {
    /* British -ise/-isation spelt as -ize/-ization, so that "decentralised"
     * and "decentralized" stem alike (the stemmer keeps them apart) */
    static const char *const ise[][2] = {
        {"isations", "izations"}, {"isation", "ization"}, {"ising", "izing"},
        {"ised", "ized"},         {"ises", "izes"},       {"ise", "ize"}};
    size_t k, m;
    for (k = 0; k < sizeof ise / sizeof *ise; k++) {
      m = strlen(ise[k][0]);
      if (len >= m + 4 && len < sizeof t->spell &&
          memcmp(w + len - m, ise[k][0], m) == 0) {
        memcpy(t->spell, w, len - m);
        memcpy(t->spell + len - m, ise[k][1], m);
        w = t->spell;
        break;
      }
    }
  }
  s = sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)len);
  if (!s)
    return MVR_ERR_NOMEM;
  rc = mvr_simjoin_intern(t->terms, (const char *)s,
                          (size_t)sb_stemmer_length(t->stemmer), term);
  if (rc)
    return rc;
  n = mvr_simjoin_nwords(t->terms);
  if (n > t->capterms) {
    size_t cap = t->capterms ? t->capterms * 2 : 1024;
    uint32_t *p = mvr_realloc(t->term_word, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    t->term_word = p;
    t->capterms = cap;
  }
  if (*term == n - 1)
    t->term_word[*term] = wid; /* first seen: its display */
  return MVR_OK;
}

static mvr_status push(uint32_t **ids, size_t *n, size_t *cap, uint32_t v)
{
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    uint32_t *p = mvr_realloc(*ids, c * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    *ids = p;
    *cap = c;
  }
  (*ids)[(*n)++] = v;
  return MVR_OK;
}

mvr_status mvr_terms_add(mvr_terms *t, const char *s, size_t len, int title,
                         uint32_t **ids, size_t *n, size_t *cap)
{
  mvr_wordlist *wl = &t->wl;
  size_t i, start;
  mvr_status rc;

  if (!s || !len)
    return MVR_OK;
  rc = mvr_fold(s, len, 0, wl);
  if (rc == MVR_ERR_DATA)
    return MVR_OK;
  if (rc)
    return rc;
  start = title ? mvr_fold_skip_prefixes(&t->rules, wl) : 0;
  for (i = start; i < wl->n; i++) {
    const char *w = mvr_wordlist_str(wl, i);
    uint32_t wid, nw;
    if (!wl->w[i].len)
      continue;
    rc = mvr_simjoin_intern(t->words, w, wl->w[i].len, &wid);
    if (rc)
      return rc;
    nw = mvr_simjoin_nwords(t->words);
    if (nw > t->capwords) {
      size_t c = t->capwords ? t->capwords * 2 : 4096, k;
      uint32_t *p = mvr_realloc(t->word_term, c * sizeof *p);
      if (!p)
        return MVR_ERR_NOMEM;
      for (k = t->capwords; k < c; k++)
        p[k] = MVR_TERM_UNSET;
      t->word_term = p;
      t->capwords = c;
    }
    if (t->word_term[wid] == MVR_TERM_UNSET) {
      /* the stemmer may not see the word list's bytes change: copy */
      uint32_t term;
      rc = stem_word(t, wid, mvr_simjoin_word(t->words, wid), wl->w[i].len,
                     &term);
      if (rc)
        return rc;
      t->word_term[wid] = term;
    }
    if (t->word_term[wid] != MVR_TERM_SKIP) {
      rc = push(ids, n, cap, t->word_term[wid]);
      if (rc)
        return rc;
    }
  }
  return MVR_OK;
}
