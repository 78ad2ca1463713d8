/* fold.h - text folded into comparable words, for similarity: possible
 * duplicates (duplicates.c) now, overlaps across organisations later.
 *
 * mvr_fold() turns a title into a list of words that compare equal when
 * people would call the texts the same: Unicode NFKC with case folding
 * and accents removed (utf8proc), trademark signs dropped, hyphens inside
 * a word removed ("H-Anim" = "HAnim"), every kind of dash ("—", "–",
 * "--", " - ") one dash mark, other punctuation a word break. The rules
 * (mvr_fold_rules) add what the profile says about titles: prefixes that
 * do not count ("Information technology —", "IEEE Standard for") and stop
 * words; mvr_fold_stem() folds plurals. docs/duplicates.md has examples. */
#ifndef MVR_FOLD_H
#define MVR_FOLD_H

#include <stdint.h>

#include "buf.h"
#include "profile.h"

enum {
  MVR_WORD_DASH = 1 << 0,  /* a dash mark (len 0): "—", "--", " - " */
  MVR_WORD_ASIDE = 1 << 1, /* alone in parentheses: "(OMAF)" */
  MVR_WORD_ANY = 1 << 2    /* "*" in a prefix: matches any one word */
};

/* Options of mvr_fold(). */
enum { MVR_FOLD_WILDCARD = 1 << 0 /* read a lone "*" as MVR_WORD_ANY */ };

typedef struct mvr_word {
  uint32_t off;   /* into the list's text; NUL-terminated there */
  uint32_t len;   /* bytes; 0 for a dash */
  unsigned flags; /* MVR_WORD_* */
} mvr_word;

/* The words of one text. Reused from text to text: memory is kept. */
typedef struct mvr_wordlist {
  mvr_buf text;
  mvr_word *w;
  size_t n, cap;
  int32_t *cp; /* scratch: the folded code points */
  size_t ncp, capcp;
} mvr_wordlist;

void mvr_wordlist_init(mvr_wordlist *wl);
void mvr_wordlist_free(mvr_wordlist *wl);

/* The bytes of word i (NUL-terminated). Borrowed; valid until the next
 * mvr_fold() on `wl`. */
static inline char *mvr_wordlist_str(const mvr_wordlist *wl, size_t i)
{
  return wl->text.ptr + wl->w[i].off;
}

/* Fold `len` bytes of UTF-8 at `s` into `wl` (emptied first). Returns
 * MVR_OK, MVR_ERR_DATA (invalid UTF-8) or MVR_ERR_NOMEM. */
mvr_status mvr_fold(const char *s, size_t len, unsigned opts, mvr_wordlist *wl);

/* The title rules of a profile, folded once. */
typedef struct mvr_fold_rules {
  mvr_wordlist *prefixes; /* longest first */
  size_t nprefixes;
  mvr_map stop; /* folded stop word -> 1 */
} mvr_fold_rules;

/* Fold the profile's title_prefixes and title_stopwords into `r`.
 * Release with mvr_fold_rules_clear(). Returns MVR_OK or MVR_ERR_NOMEM. */
mvr_status mvr_fold_rules_init(mvr_fold_rules *r, const mvr_profile *p);
void mvr_fold_rules_clear(mvr_fold_rules *r);

/* The index of the first word of `wl` after any number of the rules'
 * prefixes (and the dashes that follow them) at its start. */
size_t mvr_fold_skip_prefixes(const mvr_fold_rules *r, const mvr_wordlist *wl);

/* 1 if the folded word `w` is a stop word. */
int mvr_fold_is_stop(const mvr_fold_rules *r, const char *w);

/* Fold an English plural in place ("worlds" -> "world", "technologies"
 * -> "technology"; "analysis", "access" unchanged). Returns the new
 * length. */
size_t mvr_fold_stem(char *w, size_t len);

#endif
