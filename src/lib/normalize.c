/* normalize.c - mapping what submitters write onto the profile's
 * vocabularies: organisations (registry + aliases + sub-body rules),
 * statuses (exact labels, ISO stage codes, then the longest known phrase),
 * types and categories. Reference keys are in refkey.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "util.h"

void mvr_words(const char *s, size_t len, mvr_buf *out)
{
  size_t i;
  int sep = 0;

  mvr_buf_reset(out);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (mvr_isalnum(c) || c >= 0x80 || c == '.') {
      /* '.' is kept inside numbers ("60.60"), dropped elsewhere */
      if (c == '.' && !(i > 0 && mvr_isdigit((unsigned char)s[i - 1]) &&
                        i + 1 < len && mvr_isdigit((unsigned char)s[i + 1])))
        goto separator;
      if (sep && out->len)
        mvr_buf_putc(out, ' ');
      sep = 0;
      mvr_buf_putc(out, (char)mvr_tolower(c));
      continue;
    }
  separator:
    sep = 1;
  }
  mvr_buf_put(out, "", 0);
}

/* --- statuses ----------------------------------------------------------- */

/* An ISO-style stage code "NN.NN" anywhere in `s`, as a number; -1 if
 * none. */
static double stage_code(const char *s, size_t len)
{
  size_t i;

  for (i = 0; i + 5 <= len; i++) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (mvr_isdigit(p[0]) && mvr_isdigit(p[1]) && p[2] == '.' &&
        mvr_isdigit(p[3]) && mvr_isdigit(p[4]) &&
        (i == 0 || !mvr_isdigit(p[-1]) ) &&
        (i + 5 == len || !mvr_isdigit(p[5])))
      return (p[0] - '0') * 10 + (p[1] - '0') + (p[3] - '0') / 10.0 +
             (p[4] - '0') / 100.0;
  }
  return -1;
}

mvr_status mvr_normalize_status(const mvr_profile *p, const char *s,
                                size_t len, const char **canonical)
{
  mvr_buf b = MVR_BUF_INIT(4096);
  mvr_status rc = MVR_ERR_NOTFOUND;
  double stage;
  size_t i, best_len = 0;
  int idx, best = -1;

  *canonical = NULL;
  mvr_key(s, len, &b);
  if (mvr_buf_status(&b)) {
    rc = mvr_buf_status(&b);
    goto out;
  }
  idx = b.len ? mvr_map_get(&p->statuses.map, b.ptr) : -1;
  if (idx >= 0) {
    *canonical = p->statuses.labels[idx];
    rc = MVR_OK;
    goto out;
  }
  stage = stage_code(s, len);
  if (stage >= 0) {
    for (i = 0; i < p->nstages; i++) {
      if (stage >= p->stages[i].from - 1e-9 && stage <= p->stages[i].to + 1e-9) {
        *canonical = p->statuses.labels[p->stages[i].status];
        rc = MVR_OK;
        goto out;
      }
    }
  }
  /* the longest known phrase found as whole words wins; among equally long
   * ones, the lowest tie rank (Withdrawn before Under development before
   * Published: "superseded" beats "published" of the same length) */
  mvr_words(s, len, &b);
  if (mvr_buf_status(&b) || !b.len)
    goto out;
  for (i = 0; i < p->nphrases; i++) {
    const mvr_phrase *ph = &p->phrases[i];
    const char *hit;
    if (best >= 0 && ph->len < best_len)
      break;
    for (hit = strstr(b.ptr, ph->words); hit;
         hit = strstr(hit + 1, ph->words)) {
      int left = hit == b.ptr || hit[-1] == ' ';
      int right = hit[ph->len] == '\0' || hit[ph->len] == ' ';
      if (left && right)
        break;
    }
    if (!hit)
      continue;
    if (best < 0 ||
        p->status_tie_order[ph->status] < p->status_tie_order[best]) {
      best = ph->status;
      best_len = ph->len;
    }
  }
  if (best >= 0) {
    *canonical = p->statuses.labels[best];
    rc = MVR_OK;
  }
out:
  mvr_buf_free(&b);
  return rc;
}

/* --- types ------------------------------------------------------------ */

mvr_status mvr_normalize_type(const mvr_profile *p, const char *s, size_t len,
                              const char **canonical)
{
  mvr_buf b = MVR_BUF_INIT(4096);
  mvr_status rc = MVR_ERR_NOTFOUND;
  int idx;

  *canonical = NULL;
  mvr_key(s, len, &b);
  rc = mvr_buf_status(&b);
  if (rc)
    goto out;
  idx = b.len ? mvr_map_get(&p->types.map, b.ptr) : -1;
  if (idx < 0) {
    rc = MVR_ERR_NOTFOUND;
    goto out;
  }
  *canonical = p->types.labels[idx];
out:
  mvr_buf_free(&b);
  return rc;
}

/* --- suggestions ------------------------------------------------------ */

static const char *suggest_in(const mvr_vocab *v, const uint64_t *combos,
                              const char *key, size_t klen,
                              const char *const *labels)
{
  size_t i, best_d = (size_t)-1;
  const char *best = NULL;

  (void)combos;
  for (i = 0; i < v->map.cap; i++) {
    const char *k = v->map.keys[i];
    size_t d, kl, lim;
    int val;
    if (!k)
      continue;
    val = v->map.vals[i];
    if (val < 0 || (size_t)val >= v->n)
      continue; /* combinations are not suggested */
    kl = strlen(k);
    d = mvr_edit_distance(key, klen, k, kl, 64);
    /* a typo, or the start of a label ("enablingtech") */
    if (klen >= 4 && kl > klen && strncmp(k, key, klen) == 0)
      d = d < 2 ? d : 2;
    lim = (kl > klen ? kl : klen) * 2 / 5 + 1;
    if (d <= lim && d < best_d) {
      best_d = d;
      best = labels[val];
    }
  }
  return best;
}

const char *mvr_profile_suggest(const mvr_profile *p, const char *vocabulary,
                                const char *s, size_t len)
{
  mvr_buf b = MVR_BUF_INIT(4096);
  const mvr_vocab *v;
  const char *r = NULL;

  if (strcmp(vocabulary, "status") == 0)
    v = &p->statuses;
  else if (strcmp(vocabulary, "type") == 0)
    v = &p->types;
  else if (strcmp(vocabulary, "category") == 0)
    v = &p->categories;
  else
    return NULL;
  mvr_key(s, len, &b);
  if (!mvr_buf_status(&b) && b.len)
    r = suggest_in(v, NULL, b.ptr, b.len, (const char *const *)v->labels);
  mvr_buf_free(&b);
  return r;
}

/* --- categories ----------------------------------------------------- */

#define COMBO_BASE 1000

/* Look up one label; 0 if unknown. */
static uint64_t category_bits(const mvr_profile *p, const char *s, size_t len,
                              mvr_buf *key)
{
  int idx;

  mvr_key(s, len, key);
  if (mvr_buf_status(key) || !key->len)
    return 0;
  idx = mvr_map_get(&p->categories.map, key->ptr);
  if (idx < 0)
    return 0;
  if (idx >= COMBO_BASE)
    return p->combo_masks[idx - COMBO_BASE];
  return (uint64_t)1 << idx;
}

static void trim(const char **s, size_t *len)
{
  while (*len && mvr_isspace((unsigned char)**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len && mvr_isspace((unsigned char)(*s)[*len - 1]))
    (*len)--;
}

/* Try "A and B" / "A & B" as two labels. */
static uint64_t split_and(const mvr_profile *p, const char *s, size_t len,
                          mvr_buf *key)
{
  size_t i;

  for (i = 0; i + 1 < len; i++) {
    size_t skip = 0;
    if (s[i] == '&')
      skip = 1;
    else if (i + 5 <= len && mvr_strncaseeq(s + i, " and ", 5))
      skip = 5;
    if (skip) {
      const char *a = s, *b = s + i + skip;
      size_t al = i, bl = len - i - skip;
      uint64_t ma, mb;
      trim(&a, &al);
      trim(&b, &bl);
      ma = category_bits(p, a, al, key);
      mb = ma ? category_bits(p, b, bl, key) : 0;
      if (!mb && ma)
        mb = split_and(p, b, bl, key);
      if (ma && mb)
        return ma | mb;
    }
  }
  return 0;
}

mvr_status mvr_normalize_categories(const mvr_profile *p, const char *s,
                                    size_t len, uint64_t *mask, char **bad,
                                    const char **suggest)
{
  mvr_buf key = MVR_BUF_INIT(4096);
  mvr_status rc = MVR_OK;
  uint64_t m;
  size_t i, start = 0;
  int any = 0;

  *mask = 0;
  if (bad)
    *bad = NULL;
  if (suggest)
    *suggest = NULL;
  trim(&s, &len);
  if (!len)
    return MVR_ERR_DATA;
  m = category_bits(p, s, len, &key);
  if (m) {
    *mask = m;
    goto out;
  }
  for (i = 0; i <= len; i++) {
    const char *part;
    size_t plen;
    uint64_t bits;
    if (i < len && s[i] != ',' && s[i] != ';' && s[i] != '\n' &&
        s[i] != '|' && s[i] != '+')
      continue;
    part = s + start;
    plen = i - start;
    start = i + 1;
    trim(&part, &plen);
    if (!plen)
      continue;
    any = 1;
    bits = category_bits(p, part, plen, &key);
    if (!bits)
      bits = split_and(p, part, plen, &key);
    if (!bits) {
      rc = MVR_ERR_NOTFOUND;
      if (bad) {
        *bad = mvr_strndup(part, plen);
        if (!*bad) {
          rc = MVR_ERR_NOMEM;
          goto out;
        }
      }
      if (suggest) {
        mvr_key(part, plen, &key);
        if (!mvr_buf_status(&key) && key.len)
          *suggest = suggest_in(&p->categories, NULL, key.ptr, key.len,
                                (const char *const *)p->categories.labels);
      }
      goto out;
    }
    *mask |= bits;
  }
  if (!any)
    rc = MVR_ERR_DATA;
out:
  if (!rc && mvr_buf_status(&key))
    rc = mvr_buf_status(&key);
  if (rc)
    *mask = 0;
  mvr_buf_free(&key);
  return rc;
}

/* --- organisations ---------------------------------------------------- */

static int org_lookup(const mvr_profile *p, const char *s, size_t len,
                      mvr_buf *key)
{
  mvr_key(s, len, key);
  if (mvr_buf_status(key) || !key->len)
    return -1;
  return mvr_map_get(&p->org_map, key->ptr);
}

/* Sub-body segments that name a part of a known body: "WG 7", "AHG 3",
 * "Q8", "JWG 1"... "ISO/IEC JTC 1/SC 29/WG 7" is SC 29's work. */
static int is_subbody(const char *s, size_t len)
{
  static const char *const words[] = {"wg", "ag", "ahg", "jwg", "swg",
                                      "tf", "q",  "rg",  "wp",  "jag",
                                      "question", "working group"};
  size_t i, wl;

  while (len && mvr_isspace((unsigned char)*s)) {
    s++;
    len--;
  }
  for (i = 0; i < MVR_ARRAY_SIZE(words); i++) {
    wl = strlen(words[i]);
    if (len > wl && mvr_strncaseeq(s, words[i], wl)) {
      size_t j = wl;
      while (j < len && s[j] == ' ')
        j++;
      if (j < len && mvr_isdigit((unsigned char)s[j]))
        return 1;
    }
  }
  return 0;
}

/* ITU-T questions: "Q8/16", "Question 8/16", "Q1/20" -> study group. */
static int itu_question_sg(const char *s, size_t len, long *sg)
{
  size_t i = 0;
  long v = 0;

  while (i < len && !mvr_isdigit((unsigned char)s[i]))
    i++;
  if (i == 0 || i >= len)
    return 0;
  if (!(s[0] == 'Q' || s[0] == 'q'))
    return 0;
  while (i < len && mvr_isdigit((unsigned char)s[i]))
    i++;
  if (i >= len || s[i] != '/')
    return 0;
  i++;
  if (i >= len)
    return 0;
  while (i < len && mvr_isdigit((unsigned char)s[i]) && v < 1000)
    v = v * 10 + (s[i++] - '0');
  if (i != len || v == 0)
    return 0;
  *sg = v;
  return 1;
}

static int resolve_org(const mvr_profile *p, const char *s, size_t len,
                       mvr_buf *key, int depth)
{
  int idx;
  size_t i;
  long sg;

  if (depth > 8 || !len)
    return -1;
  idx = org_lookup(p, s, len, key);
  if (idx >= 0)
    return idx;
  /* "Study Group 16" and "Working Party" spellings */
  if (key->len && strstr(key->ptr, "studygroup")) {
    mvr_buf alt = MVR_BUF_INIT(4096);
    char *k = strstr(key->ptr, "studygroup");
    mvr_buf_put(&alt, key->ptr, (size_t)(k - key->ptr));
    mvr_buf_puts(&alt, "sg");
    mvr_buf_puts(&alt, k + 10);
    idx = mvr_buf_status(&alt) ? -1 : mvr_map_get(&p->org_map, alt.ptr);
    mvr_buf_free(&alt);
    if (idx >= 0)
      return idx;
  }
  /* "Q8/16" */
  if (itu_question_sg(s, len, &sg)) {
    char name[32];
    int n = snprintf(name, sizeof name, "ITU-T SG%ld", sg);
    return org_lookup(p, name, (size_t)n, key);
  }
  /* "X - description", "X (ABBR)", "X: Q1/20" */
  for (i = 0; i + 2 < len; i++) {
    if ((s[i] == ' ' && (s[i + 1] == '-' || s[i + 1] == ':') &&
         s[i + 2] == ' ') ||
        (s[i] == ' ' && i + 4 < len && memcmp(s + i + 1, "\xe2\x80\x93", 3) == 0)) {
      idx = resolve_org(p, s, i, key, depth + 1);
      if (idx >= 0)
        return idx;
    }
  }
  if (len && s[len - 1] == ')') {
    const char *open = memchr(s, '(', len);
    if (open && open > s) {
      size_t inner = len - (size_t)(open - s) - 2;
      idx = resolve_org(p, s, (size_t)(open - s), key, depth + 1);
      if (idx >= 0)
        return idx;
      idx = resolve_org(p, open + 1, inner, key, depth + 1);
      if (idx >= 0)
        return idx;
    }
  }
  /* brackets: "[SG20] : [Q1/20]" */
  if (s[0] == '[') {
    const char *close = memchr(s, ']', len);
    if (close) {
      idx = resolve_org(p, s + 1, (size_t)(close - s - 1), key, depth + 1);
      if (idx >= 0)
        return idx;
    }
  }
  /* trailing sub-body: "JTC 1/SC 29/WG 7", "SG16 Q8", "ITU-T SG16/Q8" */
  for (i = len; i > 0; i--) {
    char c = s[i - 1];
    if ((c == '/' || c == ' ' || c == ',') && is_subbody(s + i, len - i)) {
      size_t cut = i - 1;
      while (cut && (s[cut - 1] == ' ' || s[cut - 1] == ','))
        cut--;
      return resolve_org(p, s, cut, key, depth + 1);
    }
  }
  return -1;
}

mvr_status mvr_normalize_org(const mvr_profile *p, const char *s, size_t len,
                             mvr_org_name *out)
{
  mvr_buf key = MVR_BUF_INIT(4096);
  char *clean = NULL;
  mvr_status rc;
  int idx;

  memset(out, 0, sizeof *out);
  rc = mvr_text_clean(s, len, 0, &clean, NULL);
  if (rc)
    goto out;
  if (!*clean) {
    rc = MVR_ERR_DATA;
    goto out;
  }
  idx = resolve_org(p, clean, strlen(clean), &key, 0);
  if (idx >= 0) {
    const mvr_org_def *o = &p->orgs[idx];
    out->name = mvr_strdup(o->name);
    out->family = mvr_strdup(o->family);
    out->parent = o->parent ? mvr_strdup(o->parent) : NULL;
    out->known = 1;
    if (!out->name || !out->family || (o->parent && !out->parent))
      rc = MVR_ERR_NOMEM;
  } else {
    out->name = clean;
    clean = NULL;
    out->family = mvr_strdup(out->name);
    if (!out->family)
      rc = MVR_ERR_NOMEM;
  }
  if (!rc)
    rc = mvr_buf_status(&key);
out:
  if (rc)
    mvr_org_name_clear(out);
  mvr_free(clean);
  mvr_buf_free(&key);
  return rc;
}

void mvr_org_name_clear(mvr_org_name *o)
{
  mvr_free(o->name);
  mvr_free(o->family);
  mvr_free(o->parent);
  memset(o, 0, sizeof *o);
}
