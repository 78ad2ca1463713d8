/* normalize.c - mapping what submitters write onto the profile's
 * vocabularies: organisations (registry + aliases + sub-body rules),
 * statuses (exact labels, ISO stage codes, then the longest known phrase),
 * types and categories. Reference keys are in refkey.c.
 *
 * The vocabularies are data (data/profiles/jca-mv.json); the rules here
 * only say how a cell is read against them. docs/normalisation.md lists
 * the rules with examples; tests/unit/test_normalize.c checks each one.
 * Keys are built with mvr_key() (profile.c), the same function that built
 * the profile's maps, so a lookup is one pass over the cell and one hash
 * probe. */
#include <stdio.h>
#include <string.h>

#include "profile.h"
#include "util.h"

/* Organisation names longer than this are only looked up as they are:
 * the sub-body rules below recurse, and no organisation needs more. */
#define ORG_RULES_MAX 256
#define ORG_DEPTH_MAX 4

void mvr_words(const char *s, size_t len, mvr_buf *out)
{
  size_t i;
  int sep = 0;

  mvr_buf_reset(out);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int keep = mvr_isalnum(c) || c >= 0x80;
    /* '.' is kept inside numbers ("60.60"), dropped elsewhere */
    if (c == '.' && i > 0 && mvr_isdigit((unsigned char)s[i - 1]) &&
        i + 1 < len && mvr_isdigit((unsigned char)s[i + 1]))
      keep = 1;
    if (!keep) {
      sep = 1;
      continue;
    }
    if (sep && out->len)
      mvr_buf_putc(out, ' ');
    sep = 0;
    mvr_buf_putc(out, (char)mvr_tolower(c));
  }
  mvr_buf_put(out, "", 0);
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

/* --- statuses ----------------------------------------------------------- */

/* An ISO-style stage code "NN.NN" standing alone in `s` ("60.60",
 * "Stage 95.99"), as a number; -1 if none. Not part of a version
 * ("V17.10.0") or a longer number. */
static double stage_code(const char *s, size_t len)
{
  size_t i;

  for (i = 0; i + 5 <= len; i++) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (!(mvr_isdigit(p[0]) && mvr_isdigit(p[1]) && p[2] == '.' &&
          mvr_isdigit(p[3]) && mvr_isdigit(p[4])))
      continue;
    if (i > 0 && (mvr_isalnum(p[-1]) || p[-1] == '.'))
      continue;
    if (i + 5 < len && (mvr_isalnum(p[5]) || p[5] == '.'))
      continue;
    return (p[0] - '0') * 10 + (p[1] - '0') + (p[3] - '0') / 10.0 +
           (p[4] - '0') / 100.0;
  }
  return -1;
}

/* Is `w` (len n) in `words` as whole words? */
static int has_phrase(const char *words, const char *w, size_t n)
{
  const char *hit;

  for (hit = strstr(words, w); hit; hit = strstr(hit + 1, w)) {
    int left = hit == words || hit[-1] == ' ';
    int right = hit[n] == '\0' || hit[n] == ' ';
    if (left && right)
      return 1;
  }
  return 0;
}

mvr_status mvr_normalize_status(const mvr_profile *p, const char *s, size_t len,
                                const char **canonical)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
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
  /* 1. a label or variant, as a whole */
  idx = b.len ? mvr_map_get(&p->statuses.map, b.ptr) : -1;
  if (idx >= 0) {
    *canonical = p->statuses.labels[idx];
    rc = MVR_OK;
    goto out;
  }
  /* 2. an ISO stage code: the first range that holds it */
  stage = stage_code(s, len);
  if (stage >= 0) {
    for (i = 0; i < p->nstages; i++) {
      if (stage >= p->stages[i].from - 1e-9 &&
          stage <= p->stages[i].to + 1e-9) {
        *canonical = p->statuses.labels[p->stages[i].status];
        rc = MVR_OK;
        goto out;
      }
    }
  }
  /* 3. the longest known phrase found as whole words wins; among equally
   * long ones, the lowest tie rank (Withdrawn before Under development
   * before Published: "superseded" beats "published" of the same
   * length). Phrases are sorted longest first. */
  mvr_words(s, len, &b);
  if (mvr_buf_status(&b)) {
    rc = mvr_buf_status(&b);
    goto out;
  }
  if (!b.len)
    goto out;
  for (i = 0; i < p->nphrases; i++) {
    const mvr_phrase *ph = &p->phrases[i];
    if (best >= 0 && ph->len < best_len)
      break;
    if (ph->len > b.len || !has_phrase(b.ptr, ph->words, ph->len))
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

/* Length of a family prefix at the start of `s` followed by a space
 * ("IEEE Guide", "ETSI Technical Specification"), or 0. */
static size_t family_prefix(const mvr_profile *p, const char *s, size_t len)
{
  size_t f, k, n, best = 0;

  for (f = 0; f < p->nfamilies; f++) {
    for (k = 0; k < p->families[f].nprefixes; k++) {
      const char *pre = p->families[f].prefixes[k];
      n = strlen(pre);
      if (n > best && n < len && s[n] == ' ' && mvr_strncaseeq(s, pre, n))
        best = n;
    }
  }
  return best;
}

static int type_lookup(const mvr_profile *p, const char *s, size_t len,
                       mvr_buf *key)
{
  mvr_key(s, len, key);
  if (mvr_buf_status(key) || !key->len)
    return -1;
  return mvr_map_get(&p->types.map, key->ptr);
}

mvr_status mvr_normalize_type(const mvr_profile *p, const char *s, size_t len,
                              const char **canonical)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc = MVR_OK;
  const char *open;
  size_t n;
  int idx;

  *canonical = NULL;
  trim(&s, &len);
  idx = type_lookup(p, s, len, &b);
  /* "Technical Report (TR)": the label without its abbreviation */
  if (idx < 0 && len && s[len - 1] == ')') {
    open = memchr(s, '(', len);
    if (open && open > s)
      idx = type_lookup(p, s, (size_t)(open - s), &b);
  }
  /* "IEEE Guide", "ETSI Technical Specification": without the family */
  if (idx < 0) {
    n = family_prefix(p, s, len);
    if (n)
      idx = type_lookup(p, s + n + 1, len - n - 1, &b);
  }
  rc = mvr_buf_status(&b);
  if (rc)
    goto out;
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

/* The label whose key or variant key is closest to `key`: a typo, or the
 * start of a label ("enablingtech"). NULL when nothing is close enough
 * for a "did you mean". */
static const char *suggest_in(const mvr_vocab *v, const char *key, size_t klen)
{
  size_t i, best_d = (size_t)-1;
  const char *best = NULL;
  int best_val = -1;

  if (klen < 3)
    return NULL; /* "NA" is close to too much to mean anything */
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
    if (klen >= 4 && kl > klen && strncmp(k, key, klen) == 0)
      d = d < 2 ? d : 2;
    lim = (kl > klen ? kl : klen) * 2 / 5 + 1;
    /* ties go to the label first in profile order, not in hash order */
    if (d <= lim && (d < best_d || (d == best_d && val < best_val))) {
      best_d = d;
      best_val = val;
      best = v->labels[val];
    }
  }
  return best;
}

const char *mvr_profile_suggest(const mvr_profile *p, const char *vocabulary,
                                const char *s, size_t len)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
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
    r = suggest_in(v, b.ptr, b.len);
  mvr_buf_free(&b);
  return r;
}

/* --- categories ----------------------------------------------------- */

#define COMBO_BASE 1000

/* One label or variant (or a combination such as "Interoperability &
 * Infrastructure") as category bits; 0 if unknown. */
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

/* Does `s` have a letter or digit (any non-ASCII counts as one)? */
static int has_alnum(const char *s, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++)
    if (mvr_isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
      return 1;
  return 0;
}

/* Drop list decoration in front of an item: "- ", "* ", "• ", "1. ". */
static void strip_bullet(const char **s, size_t *len)
{
  static const char *const bullets[] = {"\xe2\x80\xa2", /* • */
                                        "\xe2\x80\x93", /* – */
                                        "\xe2\x80\x94", /* — */
                                        "\xc2\xb7",     /* · */
                                        "\xe2\x96\xaa", /* ▪ */
                                        "\xe2\x97\xa6", /* ◦ */
                                        "-",
                                        "*",
                                        "o "};
  size_t i, n;

  trim(s, len);
  for (i = 0; i < MVR_ARRAY_SIZE(bullets); i++) {
    n = strlen(bullets[i]);
    if (*len >= n && memcmp(*s, bullets[i], n) == 0) {
      *s += n;
      *len -= n;
      trim(s, len);
      return;
    }
  }
  /* "1." or "1)" numbering */
  for (n = 0; n < *len && mvr_isdigit((unsigned char)(*s)[n]); n++)
    ;
  if (n && n <= 2 && n + 1 < *len && ((*s)[n] == '.' || (*s)[n] == ')') &&
      (*s)[n + 1] == ' ') {
    *s += n + 1;
    *len -= n + 1;
    trim(s, len);
  }
}

/* Where an item can be split: " and ", "&", "/" ("Enabling Technology
 * and Interoperability", "Interop & Infra"). Returns the length of the
 * separator at s[i], or 0. */
static size_t and_at(const char *s, size_t len, size_t i)
{
  if (s[i] == '&' || s[i] == '/')
    return 1;
  if (i + 5 <= len && mvr_strncaseeq(s + i, " and ", 5))
    return 5;
  return 0;
}

#define ITEM_SEPS 32

/* One item of a category cell: a label, or labels joined by "and", "&"
 * or "/". Labels may contain those words themselves ("Application and
 * Service"), so this finds a reading of the whole item as a sequence of
 * known labels: ok[j] says the text before segment j reads, and each step
 * looks up a run of segments. Bounded: at most ITEM_SEPS separators, so
 * at most ITEM_SEPS^2 lookups. On failure *bad and *badlen get the first
 * segment after the longest part that reads ("Interoperability and
 * Infrastrcture" -> "Infrastrcture"). */
static uint64_t category_item(const mvr_profile *p, const char *s, size_t len,
                              mvr_buf *key, const char **bad, size_t *badlen)
{
  size_t from[ITEM_SEPS + 2], to[ITEM_SEPS + 2], i, j, k, n = 0, sep;
  uint64_t bits[ITEM_SEPS + 2], b;
  unsigned char ok[ITEM_SEPS + 2];

  *bad = s;
  *badlen = len;
  b = category_bits(p, s, len, key);
  if (b)
    return b;
  /* segments between separators */
  from[0] = 0;
  for (i = 1; i + 1 < len && n < ITEM_SEPS; i++) {
    sep = and_at(s, len, i);
    if (!sep)
      continue;
    to[n] = i;
    from[++n] = i + sep;
    i += sep - 1;
  }
  if (!n || (i + 1 < len && n == ITEM_SEPS))
    return 0;
  to[n] = len;
  /* ok[j]: segments 0..j-1 read as labels, with bits[j] */
  memset(ok, 0, sizeof ok);
  ok[0] = 1;
  bits[0] = 0;
  for (j = 1; j <= n + 1; j++) {
    for (k = 0; k < j && !ok[j]; k++) {
      const char *t = s + from[k];
      size_t tl = to[j - 1] - from[k];
      if (!ok[k])
        continue;
      trim(&t, &tl);
      mvr_key(t, tl, key);
      if (mvr_buf_status(key))
        return 0;
      /* an empty run ("General &") reads as nothing */
      b = key->len ? category_bits(p, t, tl, key) : 0;
      if (b || !key->len) {
        ok[j] = 1;
        bits[j] = bits[k] | b;
      }
    }
  }
  if (ok[n + 1])
    return bits[n + 1];
  /* the unknown part: the segment after the longest reading, when a
   * later segment is a label ("Interopability & Infrastructure"); the
   * whole rest when none is ("N/A") */
  for (j = n + 1; !ok[j]; j--)
    ;
  *bad = s + from[j];
  *badlen = len - from[j];
  for (k = j + 1; k <= n; k++) {
    if (category_bits(p, s + from[k], to[k] - from[k], key)) {
      *badlen = to[j] - from[j];
      break;
    }
  }
  trim(bad, badlen);
  return 0;
}

mvr_status mvr_normalize_categories(const mvr_profile *p, const char *s,
                                    size_t len, uint64_t *mask, char **bad,
                                    const char **suggest)
{
  mvr_buf key = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
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
  /* the whole cell first: one label is the common case */
  m = category_bits(p, s, len, &key);
  if (m) {
    *mask = m;
    goto out;
  }
  /* then items separated by commas, semicolons, line breaks, "|", "+" */
  for (i = 0; i <= len; i++) {
    const char *part, *badp;
    size_t plen, badl;
    uint64_t bits;
    if (i < len && s[i] != ',' && s[i] != ';' && s[i] != '\n' && s[i] != '\r' &&
        s[i] != '|' && s[i] != '+')
      continue;
    part = s + start;
    plen = i - start;
    start = i + 1;
    strip_bullet(&part, &plen);
    /* an item without letters or digits ("-", "&") is no item */
    if (!has_alnum(part, plen))
      continue;
    any = 1;
    bits = category_item(p, part, plen, &key, &badp, &badl);
    if (bits) {
      *mask |= bits;
      continue;
    }
    if (mvr_buf_status(&key) == MVR_ERR_NOMEM) {
      /* not an unknown label: the lookup itself failed */
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    rc = MVR_ERR_NOTFOUND;
    if (bad) {
      *bad = mvr_strndup(badp, badl);
      if (!*bad) {
        rc = MVR_ERR_NOMEM;
        goto out;
      }
    }
    if (suggest) {
      mvr_key(badp, badl, &key);
      if (!mvr_buf_status(&key) && key.len)
        *suggest = suggest_in(&p->categories, key.ptr, key.len);
    }
    goto out;
  }
  if (!any)
    rc = MVR_ERR_DATA;
out:
  if (!rc && mvr_buf_status(&key))
    rc = mvr_buf_status(&key);
  if (rc) {
    *mask = 0;
    if (rc == MVR_ERR_NOMEM && bad) {
      mvr_free(*bad);
      *bad = NULL;
    }
  }
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
  static const char *const words[] = {
      "wg", "ag", "ahg", "jwg", "swg",      "tf",
      "q",  "rg", "wp",  "jag", "question", "working group"};
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

/* ITU-T questions and working parties name their study group after the
 * slash: "Q8/16", "Question 8/16", "ITU-T Q1/20", "WP2/21". Reads the
 * last word of `s`; sets *sg. */
static int itu_question_sg(const char *s, size_t len, long *sg)
{
  size_t i, w = len;
  long v = 0;

  while (w > 0 && s[w - 1] != ' ')
    w--;
  i = w;
  if (i < len && (s[i] == 'Q' || s[i] == 'q'))
    i++;
  else if (i + 1 < len && mvr_strncaseeq(s + i, "WP", 2))
    i += 2;
  else if (i == 0 || !mvr_isdigit((unsigned char)s[i]) || i < 9 ||
           !mvr_strncaseeq(s + i - 9, "question ", 9))
    return 0;
  if (i >= len || !mvr_isdigit((unsigned char)s[i]))
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

/* IEEE working groups are named after their project: "3079_WG",
 * "P2048_WG", "2888 WG", "IEEE P3079 Working Group". */
static int ieee_wg(const char *s, size_t len)
{
  size_t i = 0, d;

  if (len > 5 && mvr_strncaseeq(s, "IEEE ", 5))
    i = 5;
  if (i < len && (s[i] == 'P' || s[i] == 'p'))
    i++;
  for (d = 0; i < len && (mvr_isdigit((unsigned char)s[i]) || s[i] == '.'); i++)
    d += mvr_isdigit((unsigned char)s[i]) ? 1 : 0;
  if (d < 3 || i >= len || (s[i] != '_' && s[i] != ' '))
    return 0;
  i++;
  return (len - i >= 2 && mvr_strncaseeq(s + i, "WG", 2) &&
          (len - i == 2 || !mvr_isalpha((unsigned char)s[i + 2]))) ||
         (len - i >= 13 && mvr_strncaseeq(s + i, "Working Group", 13));
}

static int resolve_org(const mvr_profile *p, const char *s, size_t len,
                       mvr_buf *key, int depth)
{
  const char *open, *close;
  int idx;
  size_t i;
  long sg;

  trim(&s, &len);
  if (!len)
    return -1;
  idx = org_lookup(p, s, len, key);
  if (idx >= 0 || depth > ORG_DEPTH_MAX || len > ORG_RULES_MAX)
    return idx;
  /* "ITU-T Study Group 16": the registry knows "ITU-T SG16" */
  if (key->len && strstr(key->ptr, "studygroup")) {
    mvr_buf alt = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
    char *k = strstr(key->ptr, "studygroup");
    mvr_buf_put(&alt, key->ptr, (size_t)(k - key->ptr));
    mvr_buf_puts(&alt, "sg");
    mvr_buf_puts(&alt, k + 10);
    idx = mvr_buf_status(&alt) ? -1 : mvr_map_get(&p->org_map, alt.ptr);
    mvr_buf_free(&alt);
    if (idx >= 0)
      return idx;
  }
  /* "Q8/16", "ITU-T Q1/20", "WP2/21" */
  if (itu_question_sg(s, len, &sg)) {
    char name[32];
    int n = snprintf(name, sizeof name, "ITU-T SG%ld", sg);
    return org_lookup(p, name, (size_t)n, key);
  }
  if (ieee_wg(s, len))
    return org_lookup(p, "IEEE", 4, key);
  /* "X - description", "X: Q1/20", "X – description": the part before
   * the first separator; "Label: X": the part after it */
  for (i = 0; i + 2 < len; i++) {
    size_t sep = 0;
    if (s[i] == ' ' && (s[i + 1] == '-' || s[i + 1] == ':') && s[i + 2] == ' ')
      sep = 3;
    else if (s[i] == ' ' && i + 4 < len &&
             memcmp(s + i + 1, "\xe2\x80\x93", 3) == 0 && s[i + 4] == ' ')
      sep = 5; /* en dash */
    else if (s[i] == ':' && s[i + 1] == ' ')
      sep = 2;
    if (!sep)
      continue;
    idx = resolve_org(p, s, i, key, depth + 1);
    if (idx < 0)
      idx = resolve_org(p, s + i + sep, len - i - sep, key, depth + 1);
    return idx;
  }
  /* "X (ABBR)", "Long name (X)" */
  if (s[len - 1] == ')') {
    open = memchr(s, '(', len);
    if (open && open > s) {
      idx = resolve_org(p, s, (size_t)(open - s), key, depth + 1);
      if (idx < 0)
        idx = resolve_org(p, open + 1, len - (size_t)(open - s) - 2, key,
                          depth + 1);
      if (idx >= 0)
        return idx;
    }
  }
  /* brackets: "[SG20] : [Q1/20]" */
  if (s[0] == '[') {
    close = memchr(s, ']', len);
    if (close) {
      idx = resolve_org(p, s + 1, (size_t)(close - s - 1), key, depth + 1);
      if (idx >= 0)
        return idx;
    }
  }
  /* trailing sub-body: "JTC 1/SC 29/WG 7", "SG16 Q8", "IEC/TC100/WG12" */
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

/* Copy `s` without trade mark signs ("The Khronos® Group"). */
static void strip_marks(const char *s, size_t len, mvr_buf *out)
{
  size_t i;

  for (i = 0; i < len; i++) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x84 && u[2] == 0xA2)
      i += 2;
    else if (i + 1 < len && u[0] == 0xC2 && (u[1] == 0xAE || u[1] == 0xA9))
      i += 1;
    else
      mvr_buf_putc(out, (char)u[0]);
  }
}

mvr_status mvr_normalize_org(const mvr_profile *p, const char *s, size_t len,
                             mvr_org_name *out)
{
  mvr_buf key = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_buf plain = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  char *clean = NULL;
  const char *t;
  size_t tlen, i;
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
  t = clean;
  tlen = strlen(clean);
  for (i = 0; i < tlen && (unsigned char)clean[i] < 0x80; i++)
    ;
  if (i < tlen) {
    strip_marks(clean, tlen, &plain);
    rc = mvr_buf_status(&plain);
    if (rc)
      goto out;
    t = mvr_buf_cstr(&plain);
    tlen = plain.len;
  }
  idx = resolve_org(p, t, tlen, &key, 0);
  rc = mvr_buf_status(&key);
  if (rc)
    goto out;
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
out:
  if (rc)
    mvr_org_name_clear(out);
  mvr_free(clean);
  mvr_buf_free(&plain);
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
