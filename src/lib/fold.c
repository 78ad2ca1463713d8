/* fold.c - folding text into comparable words (see fold.h): Unicode
 * normalisation with utf8proc, punctuation variants, title prefixes, stop
 * words and plurals. ASCII text, the common case, skips utf8proc. */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

#include "db.h"
#include "util.h"

void mvr_wordlist_init(mvr_wordlist *wl)
{
  memset(wl, 0, sizeof *wl);
  mvr_buf_init(&wl->text, MVR_BUF_DEFAULT_MAX);
}

void mvr_wordlist_free(mvr_wordlist *wl)
{
  mvr_buf_free(&wl->text);
  mvr_free(wl->w);
  mvr_free(wl->cp);
  memset(wl, 0, sizeof *wl);
}

/* --- code points ---------------------------------------------------------- */

static mvr_status push_cp(mvr_wordlist *wl, int32_t c)
{
  if (wl->ncp == wl->capcp) {
    size_t cap = wl->capcp ? wl->capcp * 2 : 256;
    int32_t *p = mvr_realloc(wl->cp, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    wl->cp = p;
    wl->capcp = cap;
  }
  wl->cp[wl->ncp++] = c;
  return MVR_OK;
}

static int is_trademark(int32_t c)
{
  /* dropped before NFKC, which would turn "™" into the letters "TM" */
  return c == 0x2122 || c == 0x2120 || c == 0x00AE || c == 0x00A9;
}

/* `s` as folded code points in wl->cp: NFKC, case folded, marks and
 * default-ignorable characters (soft hyphen, zero width space) removed. */
static mvr_status fill_cps(const char *s, size_t len, mvr_wordlist *wl)
{
  const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
                                UTF8PROC_STRIPMARK;
  mvr_status rc = MVR_OK;
  size_t i = 0;
  int ascii = 1, bound = 0;

  wl->ncp = 0;
  while (i < len && !rc) {
    unsigned char b = (unsigned char)s[i];
    utf8proc_int32_t c, tmp[32];
    utf8proc_ssize_t n, k;
    if (b < 0x80) {
      rc = push_cp(wl, mvr_tolower(b));
      i++;
      continue;
    }
    ascii = 0;
    n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                         (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0 || c < 0)
      return MVR_ERR_DATA;
    i += (size_t)n;
    if (is_trademark(c))
      continue;
    k = utf8proc_decompose_char(c, tmp, 32, opt, &bound);
    if (k < 0 || k > 32)
      continue; /* nothing in Unicode expands that far */
    for (n = 0; n < k && !rc; n++)
      rc = push_cp(wl, tmp[n]);
  }
  if (!rc && !ascii && wl->ncp) {
    utf8proc_ssize_t m = utf8proc_normalize_utf32(
        wl->cp, (utf8proc_ssize_t)wl->ncp, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0)
      return MVR_ERR_DATA;
    wl->ncp = (size_t)m;
  }
  return rc;
}

static int is_word_cp(int32_t c)
{
  if (c < 0x80)
    return mvr_isalnum(c);
  switch (utf8proc_category(c)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return 1;
  default:
    return 0;
  }
}

static int is_hyphen(int32_t c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

static int is_dash(int32_t c)
{
  return c >= 0x80 &&
         (c == 0x2212 || utf8proc_category(c) == UTF8PROC_CATEGORY_PD);
}

/* --- words ---------------------------------------------------------------- */

static mvr_status push_word(mvr_wordlist *wl, uint32_t off, unsigned flags)
{
  if (wl->n == wl->cap) {
    size_t cap = wl->cap ? wl->cap * 2 : 32;
    mvr_word *p = mvr_realloc(wl->w, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    wl->w = p;
    wl->cap = cap;
  }
  wl->w[wl->n].off = off;
  wl->w[wl->n].len = (uint32_t)(wl->text.len - off);
  wl->w[wl->n].flags = flags;
  wl->n++;
  mvr_buf_putc(&wl->text, '\0');
  return MVR_OK;
}

static void put_cp(mvr_buf *b, int32_t c)
{
  if (c < 0x80) {
    mvr_buf_putc(b, (char)c);
  } else {
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
    mvr_buf_put(b, enc, (size_t)m);
  }
}

mvr_status mvr_fold(const char *s, size_t len, unsigned opts, mvr_wordlist *wl)
{
  mvr_status rc = MVR_OK;
  size_t k, paren_first = 0;
  uint32_t start = 0;
  int in_word = 0, depth = 0;

  mvr_buf_reset(&wl->text);
  wl->n = 0;
  rc = fill_cps(s, len, wl);
  if (rc)
    return rc;
  for (k = 0; k < wl->ncp && !rc; k++) {
    int32_t c = wl->cp[k];
    int next_word = k + 1 < wl->ncp && is_word_cp(wl->cp[k + 1]);
    if (is_word_cp(c)) {
      if (!in_word)
        start = (uint32_t)wl->text.len;
      in_word = 1;
      put_cp(&wl->text, c);
      continue;
    }
    /* inside a word: "v2.0" and "Y.4238" keep their dot; "H-Anim",
     * "ITU-T" and "people's" lose the hyphen or apostrophe */
    if (in_word && next_word &&
        (c == '.' || is_hyphen(c) || c == '\'' || c == 0x2019)) {
      if (c == '.')
        mvr_buf_putc(&wl->text, '.');
      continue;
    }
    if (in_word) {
      rc = push_word(wl, start, 0);
      in_word = 0;
      if (rc)
        break;
    }
    if (c == '*' && (opts & MVR_FOLD_WILDCARD) && !next_word) {
      start = (uint32_t)wl->text.len;
      mvr_buf_putc(&wl->text, '*');
      rc = push_word(wl, start, MVR_WORD_ANY);
    } else if (is_hyphen(c) || is_dash(c)) {
      /* "—", "–", "--", " - ": one mark, never two in a row */
      if (wl->n && !(wl->w[wl->n - 1].flags & MVR_WORD_DASH))
        rc = push_word(wl, (uint32_t)wl->text.len, MVR_WORD_DASH);
    } else if (c == '&') {
      start = (uint32_t)wl->text.len;
      mvr_buf_puts(&wl->text, "and");
      rc = push_word(wl, start, 0);
    } else if (c == '(') {
      if (depth++ == 0)
        paren_first = wl->n;
    } else if (c == ')' && depth > 0) {
      /* one word alone in parentheses, usually an acronym: "(OMAF)" */
      if (--depth == 0 && wl->n == paren_first + 1 &&
          !(wl->w[paren_first].flags & MVR_WORD_DASH))
        wl->w[paren_first].flags |= MVR_WORD_ASIDE;
    }
  }
  if (!rc && in_word)
    rc = push_word(wl, start, 0);
  if (!rc)
    rc = mvr_buf_status(&wl->text);
  return rc;
}

/* --- rules ---------------------------------------------------------------- */

mvr_status mvr_fold_rules_init(mvr_fold_rules *r, const mvr_profile *p)
{
  mvr_wordlist wl;
  mvr_status rc = MVR_OK;
  size_t i, j;

  memset(r, 0, sizeof *r);
  mvr_wordlist_init(&wl);
  if (p->ntitle_prefixes) {
    r->prefixes = mvr_malloc(p->ntitle_prefixes * sizeof *r->prefixes);
    if (!r->prefixes) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
  }
  for (i = 0; i < p->ntitle_prefixes; i++) {
    mvr_wordlist *pre = &r->prefixes[r->nprefixes];
    const char *s = p->title_prefixes[i];
    mvr_wordlist_init(pre);
    r->nprefixes++;
    rc = mvr_fold(s, strlen(s), MVR_FOLD_WILDCARD, pre);
    if (rc == MVR_ERR_DATA) {
      pre->n = 0; /* a prefix that is not UTF-8 matches nothing */
      rc = MVR_OK;
    }
    if (rc)
      goto out;
    /* keep the list longest first: the longest prefix wins */
    for (j = r->nprefixes - 1; j > 0 && r->prefixes[j - 1].n < pre->n; j--) {
      mvr_wordlist t = r->prefixes[j - 1];
      r->prefixes[j - 1] = r->prefixes[j];
      r->prefixes[j] = t;
      pre = &r->prefixes[j - 1];
    }
  }
  for (i = 0; i < p->ntitle_stopwords; i++) {
    const char *s = p->title_stopwords[i];
    rc = mvr_fold(s, strlen(s), 0, &wl);
    if (rc == MVR_ERR_DATA)
      rc = MVR_OK;
    else if (!rc && wl.n == 1 && wl.w[0].len)
      rc = mvr_map_set(&r->stop, mvr_wordlist_str(&wl, 0), 1);
    if (rc)
      goto out;
  }
out:
  mvr_wordlist_free(&wl);
  if (rc)
    mvr_fold_rules_clear(r);
  return rc;
}

void mvr_fold_rules_clear(mvr_fold_rules *r)
{
  size_t i;

  for (i = 0; i < r->nprefixes; i++)
    mvr_wordlist_free(&r->prefixes[i]);
  mvr_free(r->prefixes);
  mvr_map_clear(&r->stop);
  memset(r, 0, sizeof *r);
}

/* Does prefix `pre` match `wl` from word `at`? */
static int prefix_at(const mvr_wordlist *pre, const mvr_wordlist *wl, size_t at)
{
  size_t i;

  if (!pre->n || at + pre->n > wl->n)
    return 0;
  for (i = 0; i < pre->n; i++) {
    const mvr_word *p = &pre->w[i], *w = &wl->w[at + i];
    if (p->flags & MVR_WORD_ANY) {
      if (w->flags & MVR_WORD_DASH)
        return 0;
      continue;
    }
    if ((p->flags & MVR_WORD_DASH) != (w->flags & MVR_WORD_DASH) ||
        p->len != w->len ||
        memcmp(mvr_wordlist_str(pre, i), mvr_wordlist_str(wl, at + i),
               p->len) != 0)
      return 0;
  }
  return 1;
}

size_t mvr_fold_skip_prefixes(const mvr_fold_rules *r, const mvr_wordlist *wl)
{
  size_t at = 0, i;
  int again = 1;

  /* "IEEE Standard for Information technology — X": prefixes repeat */
  while (again) {
    again = 0;
    while (at < wl->n && (wl->w[at].flags & MVR_WORD_DASH))
      at++;
    for (i = 0; i < r->nprefixes; i++) {
      if (prefix_at(&r->prefixes[i], wl, at)) {
        at += r->prefixes[i].n;
        again = 1;
        break;
      }
    }
  }
  return at;
}

int mvr_fold_is_stop(const mvr_fold_rules *r, const char *w)
{
  return mvr_map_get(&r->stop, w) >= 0;
}

size_t mvr_fold_stem(char *w, size_t len)
{
  if (len > 4 && memcmp(w + len - 3, "ies", 3) == 0) {
    w[len - 3] = 'y';
    w[len - 2] = '\0';
    return len - 2;
  }
  if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' &&
      w[len - 2] != 'i' && mvr_isalpha(w[len - 2])) {
    w[len - 1] = '\0';
    return len - 1;
  }
  return len;
}
