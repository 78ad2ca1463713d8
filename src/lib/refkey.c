/* refkey.c - reducing a document reference to the key that identifies the
 * document within its family, so that one document written several ways
 * ("Rec. ITU-T H.266 (V3) (09/2023)", "ITU-T H.266", "H.266") is one
 * entry. What is dropped from the key (edition year, version, draft
 * stage, national adoption prefix) is kept as `detail`.
 *
 * The rules are per family (ISO/IEC, ITU, IEEE, 3GPP, ETSI, W3C, OGC,
 * IETF, FG-MV, generic); which family uses which rules, and the prefixes
 * that name a family, come from the profile. docs/normalisation.md lists
 * the rules with examples; tests/unit/test_refkey.c checks each one.
 * Hand-written because no library knows SDO designation formats.
 *
 * Every function here is linear in the length of the reference, which is
 * capped at REF_MAX bytes: this runs for every row of an import. */
#include <string.h>

#include "profile.h"
#include "util.h"

/* The longest reference accepted, in bytes after cleaning. */
#define REF_MAX 1024

/* A token cursor over the reference. */
typedef struct cur {
  const char *s;
  size_t len, i;
} cur;

/* What one rule set produces. A rule may move the reference to another
 * family (`fam`, -1 = keep): "ETSI TR 126 998" is 3GPP TR 26.998. */
typedef struct out {
  mvr_buf key, display, detail;
  int fam;
} out;

static void skip_sep(cur *c)
{
  while (c->i < c->len &&
         (c->s[c->i] == ' ' || c->s[c->i] == '/' || c->s[c->i] == ','))
    c->i++;
}

static void skip_space(cur *c)
{
  while (c->i < c->len && c->s[c->i] == ' ')
    c->i++;
}

/* Does the rest start with word `w` (case-insensitive) followed by a
 * non-letter? */
static int at_word(const cur *c, const char *w)
{
  size_t n;

  /* the first letter decides most of the time, before any strlen */
  if (c->i >= c->len || mvr_tolower((unsigned char)c->s[c->i]) !=
                            mvr_tolower((unsigned char)w[0]))
    return 0;
  n = strlen(w);
  if (c->len - c->i < n || !mvr_strncaseeq(c->s + c->i, w, n))
    return 0;
  return c->i + n == c->len || !mvr_isalpha((unsigned char)c->s[c->i + n]);
}

static int eat_word(cur *c, const char *w)
{
  if (!at_word(c, w))
    return 0;
  c->i += strlen(w);
  return 1;
}

/* Eat the first of `words` found; returns it, or NULL. */
static const char *eat_any(cur *c, const char *const *words, size_t n)
{
  size_t k;

  for (k = 0; k < n; k++)
    if (eat_word(c, words[k]))
      return words[k];
  return NULL;
}

/* Count the digits at `from`. */
static size_t digits(const cur *c, size_t from)
{
  size_t n = 0;

  while (from + n < c->len && mvr_isdigit((unsigned char)c->s[from + n]))
    n++;
  return n;
}

static int starts_ci(const char *s, size_t len, const char *p)
{
  size_t n = strlen(p);
  return len >= n && mvr_strncaseeq(s, p, n);
}

/* Append one detail item, trimmed of spaces and list punctuation, after a
 * space when the detail already has something. */
static void put_detail(mvr_buf *d, const char *p, size_t n)
{
  while (n && (*p == ' ' || *p == ',' || *p == ';')) {
    p++;
    n--;
  }
  while (n && (p[n - 1] == ' ' || p[n - 1] == ',' || p[n - 1] == ';'))
    n--;
  if (!n)
    return;
  if (d->len)
    mvr_buf_putc(d, ' ');
  mvr_buf_put(d, p, n);
}

/* A failed scratch buffer fails the buffer its text was meant for, so
 * the one status check at the end sees it. */
static void keep_error(mvr_buf *dst, const mvr_buf *scratch)
{
  if (mvr_buf_status(scratch) && !mvr_buf_status(dst))
    dst->rc = mvr_buf_status(scratch);
}

static void put_upper(mvr_buf *b, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    mvr_buf_putc(b, (char)mvr_toupper((unsigned char)p[i]));
}

static void put_lower(mvr_buf *b, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    mvr_buf_putc(b, (char)mvr_tolower((unsigned char)p[i]));
}

/* The rest after a parenthesis at c->i: sets *in and *inlen to the inside,
 * and moves past the closing one (or to the end when it is missing). */
static void eat_paren(cur *c, const char **in, size_t *inlen)
{
  const char *close = memchr(c->s + c->i, ')', c->len - c->i);
  size_t e = close ? (size_t)(close - c->s) : c->len;

  *in = c->s + c->i + 1;
  *inlen = e - c->i - 1;
  c->i = close ? e + 1 : c->len;
}

/* A year "2023", or "2022-07", at `from`; returns its length or 0. */
static size_t year_at(const cur *c, size_t from)
{
  if (digits(c, from) != 4)
    return 0;
  if (from + 7 <= c->len && c->s[from + 4] == '-' && digits(c, from + 5) == 2)
    return 7;
  return 4;
}

/* --- ISO / IEC ------------------------------------------------------- */

/* Stage words written before the number ("ISO/IEC DIS 23090-14"). A draft
 * TR or TS stage also names the kind. */
static const struct {
  const char *word, *kind;
} iso_stages[] = {
    {"PRF", NULL},   {"FDIS", NULL},  {"DIS", NULL},  {"CD", NULL},
    {"WD", NULL},    {"AWI", NULL},   {"NWIP", NULL}, {"NP", NULL},
    {"PWI", NULL},   {"FDTR", "TR"},  {"DTR", "TR"},  {"PDTR", "TR"},
    {"CDTR", "TR"},  {"FDTS", "TS"},  {"DTS", "TS"},  {"PDTS", "TS"},
    {"CDTS", "TS"},  {"DPAS", "PAS"}, {"FDAM", NULL}, {"PDAM", NULL},
    {"DAM", NULL},   {"CDAM", NULL},  {"DAmd", NULL}, {"DCOR", NULL},
    {"FPDAM", NULL}, {"PD", NULL}};

/* Kinds of deliverable. Guides and IWAs are numbered in series of their
 * own, so their kind is part of the key; TR, TS, PAS share the numbers
 * of the standards (a TS that becomes an IS keeps its number). */
static const struct {
  const char *word;
  int in_key;
} iso_kinds[] = {{"TR", 0},    {"TS", 0},  {"PAS", 0}, {"ISP", 0},
                 {"Guide", 1}, {"IWA", 1}, {"TTA", 0}, {"IS", 0}};

/* Stages of an amendment or corrigendum ("/DAmd 2", "/CD Amd 2"). */
static const char *const amd_stage_words[] = {"CD", "DIS", "FDIS", "PD",
                                              "WD", "NP",  "AWI"};
static const char *const amd_draft_words[] = {
    "FPDAM", "FDAmd", "FDAM",  "PDAmd", "PDAM", "CDAmd", "CDAM",
    "DAmd",  "DAM",   "FDCOR", "FDCor", "DCOR", "DCor"};
static const char *const amd_words[] = {"Amendment", "Amd", "AM", "Corrigendum",
                                        "Cor"};

/* Does `s` contain `w` (ASCII case-insensitive)? */
static int contains_ci(const char *s, const char *w)
{
  size_t n = strlen(w);

  for (; *s; s++)
    if (mvr_strncaseeq(s, w, n))
      return 1;
  return 0;
}

/* "/Amd 1:2023", "/AMD1:2024", "/Amd. 1", "/DAmd 2", "/CD Amd 2",
 * "/Cor 1:2023" at c->i (on the slash). An amendment is a document of
 * its own: it goes into the key. Returns 0, moving nothing, if the slash
 * starts something else. */
static int iso_amendment(cur *c, out *o, mvr_buf *amd_detail)
{
  cur a = *c;
  const char *stage = NULL, *draft, *word;
  int cor;
  size_t n, y, num;

  a.i++;
  skip_space(&a);
  stage = eat_any(&a, amd_stage_words, MVR_ARRAY_SIZE(amd_stage_words));
  if (stage)
    skip_space(&a);
  draft = eat_any(&a, amd_draft_words, MVR_ARRAY_SIZE(amd_draft_words));
  word = draft ? draft : eat_any(&a, amd_words, MVR_ARRAY_SIZE(amd_words));
  if (!word)
    return 0;
  cor = contains_ci(word, "cor");
  while (a.i < a.len && (a.s[a.i] == '.' || a.s[a.i] == ' '))
    a.i++;
  n = digits(&a, a.i);
  if (!n)
    return 0;
  num = a.i;
  a.i += n;
  mvr_buf_printf(&o->key, "/%s %.*s", cor ? "COR" : "AMD", (int)n, a.s + num);
  mvr_buf_printf(&o->display, "/%s %.*s", cor ? "Cor" : "Amd", (int)n,
                 a.s + num);
  y = 0;
  if (a.i < a.len && a.s[a.i] == ':')
    y = year_at(&a, a.i + 1);
  /* the detail item: the stage, or the amendment's own date */
  if (stage || draft || y) {
    mvr_buf_reset(amd_detail);
    if (stage)
      mvr_buf_printf(amd_detail, "%s ", stage);
    if (draft)
      mvr_buf_puts(amd_detail, draft);
    else
      mvr_buf_puts(amd_detail, cor ? "Cor" : "Amd");
    mvr_buf_printf(amd_detail, " %.*s", (int)n, a.s + num);
    if (y)
      mvr_buf_printf(amd_detail, ":%.*s", (int)y, a.s + a.i + 1);
    put_detail(&o->detail, amd_detail->ptr, amd_detail->len);
  }
  if (y)
    a.i += 1 + y;
  *c = a;
  return 1;
}

/* Length of an edition marker at c->i: "-ed.", "Edition", "Ed.", "ed";
 * 0 if none. */
static size_t edition_word(const cur *c)
{
  if (c->len - c->i >= 4 && mvr_strncaseeq(c->s + c->i, "-ed.", 4))
    return 4;
  if (at_word(c, "Edition"))
    return 7;
  if (at_word(c, "Ed."))
    return 3;
  if (at_word(c, "Ed"))
    return 2;
  return 0;
}

static void rule_iso(cur *c, const char *publisher, out *o)
{
  mvr_buf tmp = MVR_BUF_INIT(256);
  const char *kind = NULL;
  int kind_in_key = 0, found;
  size_t i, n, start, end;

  /* stage and kind words in any order: "/AWI", "PRF TR", "TR", "DIS".
   * The stage is the first item of the detail (after a national
   * adoption): "DIS 2023" */
  do {
    found = 0;
    skip_sep(c);
    for (i = 0; i < MVR_ARRAY_SIZE(iso_stages); i++)
      if (eat_word(c, iso_stages[i].word)) {
        put_detail(&o->detail, iso_stages[i].word, strlen(iso_stages[i].word));
        if (iso_stages[i].kind)
          kind = iso_stages[i].kind;
        found = 1;
      }
    for (i = 0; i < MVR_ARRAY_SIZE(iso_kinds); i++)
      if (eat_word(c, iso_kinds[i].word)) {
        if (strcmp(iso_kinds[i].word, "IS") != 0)
          kind = iso_kinds[i].word;
        kind_in_key = iso_kinds[i].in_key;
        found = 1;
      }
  } while (found);

  n = digits(c, c->i);
  if (!n) {
    /* not a number: keep the text itself as the key */
    put_upper(&o->key, c->s + c->i, c->len - c->i);
    mvr_buf_printf(&o->display, "%s %.*s", publisher, (int)(c->len - c->i),
                   c->s + c->i);
    goto out;
  }
  /* the number with its parts: 23090-2, 63145-20-10 */
  start = c->i;
  end = start + n;
  while (end + 1 < c->len && c->s[end] == '-' &&
         mvr_isdigit((unsigned char)c->s[end + 1]))
    end += 1 + digits(c, end + 1);
  if (kind && kind_in_key) {
    put_upper(&o->key, kind, strlen(kind));
    mvr_buf_putc(&o->key, ' ');
  }
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_puts(&o->display, publisher);
  if (kind) {
    mvr_buf_putc(&o->display, ' ');
    mvr_buf_puts(&o->display, kind);
  }
  mvr_buf_putc(&o->display, ' ');
  mvr_buf_put(&o->display, c->s + start, end - start);
  c->i = end;

  /* edition and amendments: ":2023", ":2022-07", "-ed.1.0", "Edition 1.0
   * 2022-07", "(E)", "/Amd 1:2023", "+AMD1:2024" */
  while (c->i < c->len) {
    char ch = c->s[c->i];
    size_t ycolon = ch == ':' ? year_at(c, c->i + 1) : 0;
    size_t ybare = c->s[c->i - 1] == ' ' ? year_at(c, c->i) : 0;
    size_t w = edition_word(c);
    if (ch == ' ') {
      c->i++;
    } else if (ycolon) {
      put_detail(&o->detail, c->s + c->i + 1, ycolon);
      c->i += 1 + ycolon;
    } else if (ybare) {
      put_detail(&o->detail, c->s + c->i, ybare);
      c->i += ybare;
    } else if (w) {
      /* an edition number: "-ed.1.0", "Edition 1.0", "Ed. 2" */
      size_t e;
      c->i += w;
      while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '.'))
        c->i++;
      e = c->i;
      while (e < c->len &&
             (mvr_isdigit((unsigned char)c->s[e]) || c->s[e] == '.'))
        e++;
      while (e > c->i && c->s[e - 1] == '.')
        e--;
      if (e == c->i)
        break;
      mvr_buf_reset(&tmp);
      mvr_buf_printf(&tmp, "ed. %.*s", (int)(e - c->i), c->s + c->i);
      put_detail(&o->detail, tmp.ptr, tmp.len);
      c->i = e;
    } else if (ch == '(') {
      const char *in;
      size_t inlen, k, alpha = 0;
      eat_paren(c, &in, &inlen);
      for (k = 0; k < inlen; k++)
        alpha += mvr_isalpha((unsigned char)in[k]) ? 1 : 0;
      /* language markers "(E)", "(en)" carry nothing */
      if (!(inlen <= 3 && alpha == inlen))
        put_detail(&o->detail, in, inlen);
    } else if (ch == '/') {
      if (!iso_amendment(c, o, &tmp))
        break;
    } else {
      /* "+AMD1:2024 CSV" (a consolidated edition is the base document)
       * or anything else: detail as written */
      break;
    }
  }
  if (c->i < c->len)
    put_detail(&o->detail, c->s + c->i, c->len - c->i);
out:
  keep_error(&o->detail, &tmp);
  mvr_buf_free(&tmp);
}

/* --- ITU -------------------------------------------------------------- */

/* "Y.Sup45", "Y.Suppl.45", "Y.SUP.45" in an upper-cased key: rewrite
 * the supplement marker as ".SUP" followed by the number. */
static void itu_canon_sup(mvr_buf *key, size_t from)
{
  char *k = key->ptr ? strstr(key->ptr + from, ".SUP") : NULL;
  size_t p, q;

  if (!k)
    return;
  p = (size_t)(k - key->ptr) + 4;
  q = p;
  if (q + 1 < key->len && key->ptr[q] == 'P' && key->ptr[q + 1] == 'L')
    q += 2;
  if (q < key->len && key->ptr[q] == '.')
    q++;
  if (q == p || q >= key->len || !mvr_isdigit((unsigned char)key->ptr[q]))
    return;
  memmove(key->ptr + p, key->ptr + q, key->len - q + 1);
  key->len -= q - p;
}

static void rule_itu(cur *c, const char *family, int revisions, out *o)
{
  static const char *const rec_words[] = {"Recommendation", "Rec.", "Rec",
                                          "ITU-T", "ITU-R"};
  size_t start, end, key0;

  skip_sep(c);
  while (eat_any(c, rec_words, MVR_ARRAY_SIZE(rec_words)))
    skip_space(c);
  /* "T-REC-H.430.1-201808-I": the URL code of an edition; "-I" is in
   * force, "-S" superseded */
  if (c->len - c->i > 6 && mvr_strncaseeq(c->s + c->i, "T-REC-", 6)) {
    size_t e;
    c->i += 6;
    start = c->i;
    e = start;
    while (e < c->len && c->s[e] != '/' &&
           !(c->s[e] == '-' && digits(c, e + 1) >= 6))
      e++;
    put_upper(&o->key, c->s + start, e - start);
    itu_canon_sup(&o->key, 0);
    mvr_buf_printf(&o->display, "%s %.*s", family, (int)(e - start),
                   c->s + start);
    if (e < c->len && c->s[e] == '-') {
      size_t nd = digits(c, e + 1);
      mvr_buf_printf(&o->detail, "%.2s/%.4s", c->s + e + 5, c->s + e + 1);
      e += 1 + nd;
      if (e + 1 < c->len && c->s[e] == '-') {
        if (c->s[e + 1] == 'S' || c->s[e + 1] == 's')
          put_detail(&o->detail, "superseded", 10);
        e += 2;
      }
    }
    /* a URL goes on with "/en" and the like */
    c->i = e;
    if (c->i < c->len && c->s[c->i] != '/')
      put_detail(&o->detail, c->s + c->i, c->len - c->i);
    return;
  }
  /* a handle ("11.1002/1000/16510") names one edition of one
   * Recommendation; without the ITU's table it is a key of its own */
  if (starts_ci(c->s + c->i, c->len - c->i, "11.1002/")) {
    put_upper(&o->key, c->s + c->i, c->len - c->i);
    mvr_buf_put(&o->display, c->s + c->i, c->len - c->i);
    return;
  }
  /* the designation is the first word: "H.266", "Y.dtmv-reqts",
   * "Y.Sup45" */
  start = c->i;
  end = start;
  while (end < c->len && c->s[end] != ' ' && c->s[end] != '(' &&
         c->s[end] != '|' && c->s[end] != ',' && c->s[end] != ';')
    end++;
  key0 = o->key.len;
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_puts(&o->display, family);
  mvr_buf_putc(&o->display, ' ');
  mvr_buf_put(&o->display, c->s + start, end - start);
  c->i = end;
  /* "Y Suppl. 45", "H-series Supplement 1": a series supplement */
  if (end - start == 1 ||
      (end - start == 8 && mvr_strncaseeq(c->s + start + 1, "-series", 7))) {
    cur a = *c;
    static const char *const sup[] = {"Supplement", "Suppl.", "Suppl", "Sup.",
                                      "Sup"};
    skip_space(&a);
    if (eat_any(&a, sup, MVR_ARRAY_SIZE(sup))) {
      size_t nd;
      skip_space(&a);
      nd = digits(&a, a.i);
      if (nd) {
        mvr_buf_truncate(&o->key, key0);
        mvr_buf_reset(&o->display);
        mvr_buf_putc(&o->key, (char)mvr_toupper((unsigned char)c->s[start]));
        mvr_buf_printf(&o->key, ".SUP%.*s", (int)nd, a.s + a.i);
        mvr_buf_printf(&o->display, "%s %c Suppl. %.*s", family,
                       mvr_toupper((unsigned char)c->s[start]), (int)nd,
                       a.s + a.i);
        a.i += nd;
        *c = a;
      }
    }
  }
  itu_canon_sup(&o->key, key0);
  /* ITU-R revisions: "BT.2100-2" is revision 2 of BT.2100 */
  if (revisions && o->key.len > key0) {
    size_t k = o->key.len;
    while (k > key0 && mvr_isdigit((unsigned char)o->key.ptr[k - 1]))
      k--;
    if (k < o->key.len && k > key0 + 1 && o->key.ptr[k - 1] == '-' &&
        mvr_isdigit((unsigned char)o->key.ptr[k - 2])) {
      mvr_buf_printf(&o->detail, "rev. %s", o->key.ptr + k);
      mvr_buf_truncate(&o->display, o->display.len - (o->key.len - k + 1));
      mvr_buf_truncate(&o->key, k - 1);
    }
  }
  /* "(V3) (09/2023)", "(ex F.IPTV-VRSReqs)", "| ISO/IEC 23090-3" */
  while (c->i < c->len) {
    skip_space(c);
    if (c->i >= c->len)
      break;
    if (c->s[c->i] == '(') {
      const char *in;
      size_t inlen;
      eat_paren(c, &in, &inlen);
      put_detail(&o->detail, in, inlen);
    } else {
      put_detail(&o->detail, c->s + c->i, c->len - c->i);
      c->i = c->len;
    }
  }
}

/* --- IEEE ------------------------------------------------------------- */

static void rule_ieee(cur *c, out *o)
{
  static const char *const std_words[] = {"Std.", "Std", "Standard", "Draft",
                                          "IEEE"};
  size_t start, end, y = 0;
  int project = 0;

  /* the "." of "Std." when the profile's prefix was "IEEE Std" */
  if (c->i < c->len && c->s[c->i] == '.')
    c->i++;
  skip_sep(c);
  while (eat_any(c, std_words, MVR_ARRAY_SIZE(std_words)))
    skip_sep(c);
  if (c->i + 1 < c->len && (c->s[c->i] == 'P' || c->s[c->i] == 'p') &&
      digits(c, c->i + 1)) {
    project = 1;
    c->i++;
  }
  start = c->i;
  if (!digits(c, start)) {
    put_upper(&o->key, c->s + c->i, c->len - c->i);
    mvr_buf_printf(&o->display, "IEEE %.*s", (int)(c->len - c->i), c->s + c->i);
    return;
  }
  /* the designation: digits, dotted parts and amendment letters
   * ("2888.1", "1918.1.1", "802.11ax", "802.1Q") */
  end = start;
  while (end < c->len && (mvr_isalnum((unsigned char)c->s[end]) ||
                          (c->s[end] == '.' && end + 1 < c->len &&
                           mvr_isalnum((unsigned char)c->s[end + 1]))))
    end++;
  c->i = end;
  /* an edition year makes it the approved standard, even when written
   * with a stray P ("IEEE P1589-2020" seen in the wild) */
  if (c->i < c->len && (c->s[c->i] == '-' || c->s[c->i] == ':') &&
      digits(c, c->i + 1) == 4)
    y = 4;
  if (project && !y)
    mvr_buf_putc(&o->key, 'P');
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_puts(&o->display, project && !y ? "IEEE P" : "IEEE ");
  mvr_buf_put(&o->display, c->s + start, end - start);
  if (y) {
    mvr_buf_printf(&o->display, "-%.4s", c->s + c->i + 1);
    put_detail(&o->detail, c->s + c->i + 1, 4);
    c->i += 5;
  }
  /* "/D3.0" draft numbers, "(Revision of ...)" */
  while (c->i < c->len) {
    skip_space(c);
    if (c->i >= c->len)
      break;
    if (c->s[c->i] == '/') {
      size_t e = c->i + 1;
      while (e < c->len && c->s[e] != ' ' && c->s[e] != ',')
        e++;
      put_detail(&o->detail, c->s + c->i + 1, e - c->i - 1);
      c->i = e;
    } else if (c->s[c->i] == '(') {
      const char *in;
      size_t inlen;
      eat_paren(c, &in, &inlen);
      put_detail(&o->detail, in, inlen);
    } else {
      put_detail(&o->detail, c->s + c->i, c->len - c->i);
      c->i = c->len;
    }
  }
}

/* --- 3GPP ------------------------------------------------------------ */

/* Versions and releases after a 3GPP number, as detail: "version 17.1.0"
 * and "v17.1.0" -> "V17.1.0"; "Release 17", "Rel. 17", "(Release 19)" ->
 * "Rel-17"; anything else as written. */
static void tgpp_details(cur *c, out *o)
{
  size_t end;
  int version;

  while (c->i < c->len) {
    skip_sep(c);
    if (c->i >= c->len)
      break;
    if (c->s[c->i] == '(' || c->s[c->i] == ')') {
      c->i++;
      continue;
    }
    version = 0;
    if ((c->s[c->i] == 'V' || c->s[c->i] == 'v') && digits(c, c->i + 1)) {
      c->i++; /* "V17.1.0" */
      version = 1;
    } else if (eat_word(c, "version")) {
      skip_space(c);
      version = 1;
    }
    if (version) {
      end = c->i;
      while (end < c->len &&
             (mvr_isdigit((unsigned char)c->s[end]) || c->s[end] == '.'))
        end++;
      mvr_buf_printf(&o->detail, "%sV%.*s", o->detail.len ? " " : "",
                     (int)(end - c->i), c->s + c->i);
    } else if (eat_word(c, "Release") || eat_word(c, "Rel.") ||
               eat_word(c, "Rel")) {
      while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '-'))
        c->i++;
      end = c->i + digits(c, c->i);
      mvr_buf_printf(&o->detail, "%sRel-%.*s", o->detail.len ? " " : "",
                     (int)(end - c->i), c->s + c->i);
    } else {
      end = c->i;
      while (end < c->len && c->s[end] != ' ' && c->s[end] != '(' &&
             c->s[end] != ')')
        end++;
      put_detail(&o->detail, c->s + c->i, end - c->i);
    }
    c->i = end;
  }
}

static void rule_3gpp(cur *c, out *o)
{
  const char *kind = NULL;
  size_t start, end;

  skip_sep(c);
  if (eat_word(c, "3GPP"))
    skip_sep(c);
  if (eat_word(c, "TR"))
    kind = "TR";
  else if (eat_word(c, "TS"))
    kind = "TS";
  skip_sep(c);
  start = c->i;
  end = start;
  while (end < c->len && c->s[end] != ' ' && c->s[end] != ',' &&
         c->s[end] != '(')
    end++;
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_puts(&o->display, "3GPP ");
  if (kind) {
    mvr_buf_puts(&o->display, kind);
    mvr_buf_putc(&o->display, ' ');
  }
  mvr_buf_put(&o->display, c->s + start, end - start);
  c->i = end;
  tgpp_details(c, o);
}

/* --- ETSI ------------------------------------------------------------ */

static const char *const etsi_kinds[] = {"GS", "GR", "GTS", "TS", "TR",
                                         "EN", "ES", "EG",  "SR", "ETS"};

/* "ETSI TS 126 119", "ETSI TR 126 998 V17.1.0 (2022-10)": ETSI's
 * transposition of 3GPP TS 26.119 / TR 26.998. 3GPP series 21-55 are
 * published by ETSI as 121-155; ETSI's own numbers start 101-104, 300+.
 * Returns 1 after writing the 3GPP key. */
static int etsi_3gpp(cur *c, const char *kind, int fam3gpp, out *o)
{
  size_t i = c->i, series, tail;

  if (fam3gpp < 0 || (strcmp(kind, "TS") != 0 && strcmp(kind, "TR") != 0))
    return 0;
  if (digits(c, i) != 3 || c->s[i] != '1' || i + 7 > c->len ||
      c->s[i + 3] != ' ' || digits(c, i + 4) != 3)
    return 0;
  series = (size_t)(c->s[i + 1] - '0') * 10 + (size_t)(c->s[i + 2] - '0');
  if (series < 21 || series > 55)
    return 0;
  tail = i + 7;
  mvr_buf_printf(&o->key, "%.2s.%.3s", c->s + i + 1, c->s + i + 4);
  mvr_buf_printf(&o->display, "3GPP %s %.2s.%.3s", kind, c->s + i + 1,
                 c->s + i + 4);
  /* "123 700-60" */
  if (tail + 1 < c->len && c->s[tail] == '-' && digits(c, tail + 1)) {
    size_t nd = digits(c, tail + 1);
    mvr_buf_printf(&o->key, "-%.*s", (int)nd, c->s + tail + 1);
    mvr_buf_printf(&o->display, "-%.*s", (int)nd, c->s + tail + 1);
    tail += 1 + nd;
  }
  mvr_buf_printf(&o->detail, "ETSI %s %.*s", kind, (int)(tail - i), c->s + i);
  c->i = tail;
  tgpp_details(c, o);
  o->fam = fam3gpp;
  return 1;
}

static void rule_etsi(cur *c, int fam3gpp, out *o)
{
  const char *kind = NULL;
  size_t i, start, end;
  int draft = 0;

  skip_sep(c);
  /* work item codes: "DGS/ARF-003" is the draft of "GS ARF 003",
   * "RGS/..." a revision */
  if (c->i + 4 < c->len && (c->s[c->i] == 'D' || c->s[c->i] == 'R')) {
    cur a = *c;
    a.i++;
    kind = eat_any(&a, etsi_kinds, MVR_ARRAY_SIZE(etsi_kinds));
    if (kind && a.i < a.len && a.s[a.i] == '/') {
      draft = c->s[c->i] == 'D' ? 1 : 2;
      c->i = a.i + 1;
    } else {
      kind = NULL;
    }
  }
  if (!kind) {
    kind = eat_any(c, etsi_kinds, MVR_ARRAY_SIZE(etsi_kinds));
    skip_space(c);
    if (kind && etsi_3gpp(c, kind, fam3gpp, o))
      return;
  }
  mvr_buf_puts(&o->display, "ETSI ");
  if (kind) {
    mvr_buf_puts(&o->key, kind);
    mvr_buf_putc(&o->key, ' ');
    mvr_buf_puts(&o->display, kind);
    mvr_buf_putc(&o->display, ' ');
  }
  /* the rest up to a version "V1.1.1" or a date "(2020-03)": words with
   * single spaces; "ARF-003" is "ARF 003" (a hyphen between a letter and
   * a digit separates), "004-3" keeps its hyphen */
  start = c->i;
  for (i = start; i < c->len; i++) {
    char ch = c->s[i];
    if (ch == '(' ||
        ((ch == 'V' || ch == 'v') && i > start && c->s[i - 1] == ' ' &&
         i + 1 < c->len && mvr_isdigit((unsigned char)c->s[i + 1])))
      break;
    if (ch == ' ' ||
        (ch == '-' && i > start && mvr_isalpha((unsigned char)c->s[i - 1]) &&
         i + 1 < c->len && mvr_isdigit((unsigned char)c->s[i + 1]))) {
      if (o->key.len && o->key.ptr[o->key.len - 1] != ' ') {
        mvr_buf_putc(&o->key, ' ');
        mvr_buf_putc(&o->display, ' ');
      }
      continue;
    }
    mvr_buf_putc(&o->key, (char)mvr_toupper((unsigned char)ch));
    mvr_buf_putc(&o->display, ch);
  }
  while (o->key.len && o->key.ptr[o->key.len - 1] == ' ')
    mvr_buf_truncate(&o->key, o->key.len - 1);
  while (o->display.len && o->display.ptr[o->display.len - 1] == ' ')
    mvr_buf_truncate(&o->display, o->display.len - 1);
  if (draft)
    put_detail(&o->detail, draft == 1 ? "draft" : "revision",
               draft == 1 ? 5 : 8);
  /* "V1.1.1 (2020-03)" -> "V1.1.1 2020-03" */
  end = i;
  while (end < c->len) {
    size_t e = end;
    if (c->s[e] == ' ' || c->s[e] == '(' || c->s[e] == ')') {
      end++;
      continue;
    }
    while (e < c->len && c->s[e] != ' ' && c->s[e] != '(' && c->s[e] != ')')
      e++;
    put_detail(&o->detail, c->s + end, e - end);
    end = e;
  }
  c->i = c->len;
}

/* --- W3C ------------------------------------------------------------- */

static const char *const w3c_maturity[] = {
    "REC",   "CRD",  "CR",   "PR",  "WD",   "FPWD", "NOTE",
    "DNOTE", "STMT", "SPSD", "PER", "LCWD", "ED"};

/* The last segment of a URL path ("https://www.w3.org/TR/webxr/" ->
 * "webxr"); the text itself when it has no slash. */
static void last_segment(const char **s, size_t *len)
{
  size_t i, n = *len;

  while (n && (*s)[n - 1] == '/')
    n--;
  for (i = n; i > 0 && (*s)[i - 1] != '/'; i--)
    ;
  *s += i;
  *len = n - i;
}

static void rule_w3c(cur *c, out *o)
{
  const char *s;
  size_t len, i;

  skip_sep(c);
  s = c->s + c->i;
  len = c->len - c->i;
  if (memchr(s, '/', len))
    last_segment(&s, &len);
  /* "CRD-webxr-20250417": maturity and date are detail */
  for (i = 0; i < MVR_ARRAY_SIZE(w3c_maturity); i++) {
    size_t ml = strlen(w3c_maturity[i]);
    if (len > ml + 1 && memcmp(s, w3c_maturity[i], ml) == 0 && s[ml] == '-') {
      put_detail(&o->detail, s, ml);
      s += ml + 1;
      len -= ml + 1;
      break;
    }
  }
  if (len > 9 && s[len - 9] == '-' && digits(&(cur){s, len, 0}, len - 8) == 8) {
    put_detail(&o->detail, s + len - 8, 8);
    len -= 9;
  }
  put_lower(&o->key, s, len);
  mvr_buf_put(&o->display, s, len);
}

/* --- OGC --------------------------------------------------------------- */

static void rule_ogc(cur *c, out *o)
{
  size_t i, start, nr;

  skip_sep(c);
  start = c->i;
  /* "22-025r4": document number and revision */
  if (digits(c, start) == 2 && start + 6 <= c->len && c->s[start + 2] == '-' &&
      digits(c, start + 3) == 3) {
    i = start + 6;
    mvr_buf_put(&o->key, c->s + start, 6);
    mvr_buf_puts(&o->display, "OGC ");
    mvr_buf_put(&o->display, c->s + start, 6);
    nr =
        i < c->len && (c->s[i] == 'r' || c->s[i] == 'R') ? digits(c, i + 1) : 0;
    if (nr) {
      mvr_buf_printf(&o->detail, "r%.*s", (int)nr, c->s + i + 1);
      mvr_buf_printf(&o->display, "r%.*s", (int)nr, c->s + i + 1);
      i += 1 + nr;
    }
    if (i < c->len)
      put_detail(&o->detail, c->s + i, c->len - i);
    return;
  }
  /* a persistent URL "http://www.opengis.net/doc/IS/CityGML-1/3.0" names
   * the document by type, name and version: all of it is the key */
  put_lower(&o->key, c->s + start, c->len - start);
  mvr_buf_printf(&o->display, "OGC %.*s", (int)(c->len - start), c->s + start);
}

/* --- IETF ------------------------------------------------------------ */

static void rule_ietf(cur *c, out *o)
{
  const char *s;
  size_t len, k;

  skip_sep(c);
  s = c->s + c->i;
  len = c->len - c->i;
  if (memchr(s, '/', len))
    last_segment(&s, &len);
  if (len > 4 && (mvr_strncaseeq(s + len - 4, ".txt", 4) ||
                  mvr_strncaseeq(s + len - 4, ".xml", 4)))
    len -= 4;
  else if (len > 5 && mvr_strncaseeq(s + len - 5, ".html", 5))
    len -= 5;
  if (len > 3 && mvr_strncaseeq(s, "RFC", 3)) {
    k = 3;
    while (k < len && s[k] == ' ')
      k++;
    mvr_buf_printf(&o->key, "RFC %.*s", (int)(len - k), s + k);
    mvr_buf_printf(&o->display, "RFC %.*s", (int)(len - k), s + k);
    return;
  }
  /* "draft-ietf-avtcore-rtp-v3c-01": the revision is detail */
  if (len > 3 && s[len - 3] == '-' && mvr_isdigit((unsigned char)s[len - 2]) &&
      mvr_isdigit((unsigned char)s[len - 1])) {
    put_detail(&o->detail, s + len - 2, 2);
    len -= 3;
  }
  put_lower(&o->key, s, len);
  mvr_buf_put(&o->display, s, len);
}

/* --- ITU-T FG-MV ----------------------------------------------------- */

static void rule_fgmv(cur *c, out *o)
{
  const char *s;
  size_t len, n;

  skip_sep(c);
  s = c->s + c->i;
  len = c->len - c->i;
  if (len >= 5 && mvr_strncaseeq(s, "FG-MV", 5)) {
    s += 5;
    len -= 5;
  } else if (len >= 4 && mvr_strncaseeq(s, "FGMV", 4)) {
    s += 4;
    len -= 4;
  }
  while (len && (*s == '-' || *s == ' ')) {
    s++;
    len--;
  }
  n = digits(&(cur){s, len, 0}, 0);
  if (n && n == len && n <= 3) {
    /* "FGMV-1" and "FGMV-01" are the same deliverable */
    unsigned v = 0;
    size_t k;
    for (k = 0; k < n; k++)
      v = v * 10 + (s[k] - '0');
    if (v >= 100) {
      mvr_buf_printf(&o->key, "FGMV-%u", v);
    } else {
      mvr_buf_puts(&o->key, "FGMV-");
      mvr_buf_putc(&o->key, (char)('0' + v / 10));
      mvr_buf_putc(&o->key, (char)('0' + v % 10));
    }
    mvr_buf_puts(&o->display, mvr_buf_cstr(&o->key));
    return;
  }
  /* a deliverable code ("D.WG1-01"), draft or output document: a key of
   * its own, shown as written */
  mvr_buf_puts(&o->key, "FGMV-");
  put_upper(&o->key, s, len);
  mvr_buf_put(&o->display, c->s + c->i, c->len - c->i);
}

/* --- generic ----------------------------------------------------------- */

/* The whole reference, upper-cased, as the key; the family's own name in
 * front of it is dropped ("Khronos glTF 2.0" is "glTF 2.0"). */
static void rule_generic(cur *c, size_t plen, out *o)
{
  size_t from = 0;

  if (plen && plen < c->len && c->s[plen] == ' ')
    from = plen + 1;
  put_upper(&o->key, c->s + from, c->len - from);
  mvr_buf_put(&o->display, c->s + from, c->len - from);
}

/* --- preparing the text ------------------------------------------------ */

/* Rewrite Unicode dashes as '-' and drop trademark signs: Word turns
 * "23090-2" into "23090‑2" (U+2011) and "glTF™ 2.0" must be "glTF 2.0".
 * Only called when the text has non-ASCII bytes. */
static void fold_marks(const char *s, size_t len, mvr_buf *b)
{
  size_t i;

  for (i = 0; i < len; i++) {
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 &&
        u[2] <= 0x95) { /* U+2010..U+2015 hyphens and dashes */
      mvr_buf_putc(b, '-');
      i += 2;
    } else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) {
      mvr_buf_putc(b, '-'); /* U+2212 minus */
      i += 2;
    } else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x84 && u[2] == 0xA2) {
      i += 2; /* U+2122 trade mark */
    } else if (left >= 2 && u[0] == 0xC2 && (u[1] == 0xAE || u[1] == 0xA9)) {
      i += 1; /* registered, copyright */
    } else if (!(u[0] == ' ' && b->len && b->ptr[b->len - 1] == ' ')) {
      mvr_buf_putc(b, (char)u[0]);
    }
  }
}

/* --- family detection -------------------------------------------------- */

/* National adoptions of ISO/IEC documents: "BS ISO/IEC 23090-2",
 * "BS EN ISO 9241-820", "NEN-ISO/IEC 23005-4", "KS X ISO/IEC 18039". */
#define NAT(s)                                                                 \
  {                                                                            \
    s, sizeof(s) - 1                                                           \
  }
static const struct {
  const char *s;
  size_t n;
} national[] = {NAT("AS"),           NAT("BS"),      NAT("GSO"),  NAT("CSA"),
                NAT("NEN"),          NAT("prBAS"),   NAT("BAS"),  NAT("DIN"),
                NAT("EN"),           NAT("prEN"),    NAT("NF"),   NAT("SS"),
                NAT("SANS"),         NAT("KS"),      NAT("JIS"),  NAT("UNE"),
                NAT("ANSI"),         NAT("CAN/CSA"), NAT("NBR"),  NAT("UNI"),
                NAT("\xc3\x96NORM"), NAT("OENORM"),  NAT("SN"),   NAT("DS"),
                NAT("NS"),           NAT("I.S."),    NAT("GB/T"), NAT("GB"),
                NAT("SIST"),         NAT("PN"),      NAT("CSN"),  NAT("STN"),
                NAT("MSZ"),          NAT("SFS"),     NAT("NP"),   NAT("ABNT")};
#undef NAT

static size_t national_at(const char *s, size_t len)
{
  size_t k, n;

  for (k = 0; k < MVR_ARRAY_SIZE(national); k++) {
    n = national[k].n;
    if (len > n && s[0] == national[k].s[0] &&
        memcmp(s, national[k].s, n) == 0 && (s[n] == ' ' || s[n] == '-'))
      return n;
  }
  return 0;
}

/* Length of the national adoption prefix of `s` (0 if none): one or more
 * national prefixes, each optionally followed by a one-letter division
 * ("KS X"), then ISO or IEC. "GB/T 43776-2024/IEC 63145-20-10:2019" is
 * the national number, then the adopted document after the slash. */
static size_t national_prefix(const char *s, size_t len, size_t *detail_len)
{
  size_t i = 0, n, k;

  /* the common case, cheaply: no ISO or IEC after the start */
  if (len < 8 || (!strstr(s + 1, "ISO") && !strstr(s + 1, "IEC")))
    return 0;
  for (n = national_at(s, len); n > 0; n = national_at(s + i, len - i)) {
    i += n + 1;
    if (i + 2 < len && mvr_isalpha((unsigned char)s[i]) && s[i + 1] == ' ')
      i += 2;
  }
  if (!i)
    return 0;
  if (starts_ci(s + i, len - i, "ISO") || starts_ci(s + i, len - i, "IEC")) {
    *detail_len = i - 1;
    return i;
  }
  /* the national number, then "/ISO..." or "/IEC..." */
  for (k = i; k + 4 < len; k++) {
    if (s[k] == '/' && (starts_ci(s + k + 1, len - k - 1, "ISO") ||
                        starts_ci(s + k + 1, len - k - 1, "IEC"))) {
      *detail_len = k;
      return k + 1;
    }
  }
  return 0;
}

/* Family by the reference's own prefix; sets *plen to the prefix length.
 * The longest matching prefix wins. Returns the family, or -1. */
static int family_by_prefix(const mvr_profile *p, const char *s, size_t len,
                            size_t *plen)
{
  size_t f, k, n, best_len = 0;
  int best = -1, first = mvr_tolower((unsigned char)s[0]);

  for (f = 0; f < p->nfamilies; f++) {
    for (k = 0; k < p->families[f].nprefixes; k++) {
      const char *pre = p->families[f].prefixes[k];
      if (mvr_tolower((unsigned char)pre[0]) != first)
        continue;
      n = strlen(pre);
      if (n <= best_len || !starts_ci(s, len, pre))
        continue;
      /* the prefix must end at a word boundary: "ISO/IEC 1", "IEC TR",
       * "IEEE1589", but not "ISOBUS" */
      if (n < len && mvr_isalpha((unsigned char)s[n]) &&
          mvr_isalnum((unsigned char)pre[n - 1]))
        continue;
      best = (int)f;
      best_len = n;
    }
  }
  *plen = best_len;
  return best;
}

/* "TR 26.998", "3GPP TS 22.156": a 3GPP number named as such. */
static int is_3gpp_number(const char *s, size_t len)
{
  cur c = {s, len, 0};

  if (eat_word(&c, "3GPP"))
    skip_space(&c);
  if (eat_word(&c, "TR") || eat_word(&c, "TS"))
    skip_space(&c);
  else
    return 0; /* a bare "26.998" is only a guess, see guess_family() */
  return digits(&c, c.i) == 2 && c.i + 3 < len && s[c.i + 2] == '.';
}

/* Work item codes of ETSI: "DGS/ARF-003", "DGR/ARF-001", "RTS/...". */
static int is_etsi_work_item(const char *s, size_t len)
{
  cur c = {s, len, 1};

  if (len < 5 || (s[0] != 'D' && s[0] != 'R'))
    return 0;
  return eat_any(&c, etsi_kinds, MVR_ARRAY_SIZE(etsi_kinds)) && c.i < len &&
         s[c.i] == '/';
}

/* Where the reference names its family by its form; *skip is set to what
 * to skip before the rules run. -1 when the form says nothing. */
static int family_by_form(const mvr_profile *p, const char *s, size_t len,
                          size_t *skip)
{
  const char *hit;

  *skip = 0;
  if (starts_ci(s, len, "T-REC-") || starts_ci(s, len, "11.1002/"))
    return mvr_profile_family(p, "ITU-T");
  if (starts_ci(s, len, "http://") || starts_ci(s, len, "https://")) {
    /* "https://www.itu.int/rec/T-REC-H.266-202309-I/en" */
    hit = strstr(s, "T-REC-");
    if (hit && strstr(s, "itu.int/")) {
      *skip = (size_t)(hit - s);
      return mvr_profile_family(p, "ITU-T");
    }
    hit = strstr(s, "/11.1002/");
    if (hit) {
      *skip = (size_t)(hit - s) + 1;
      return mvr_profile_family(p, "ITU-T");
    }
    if (strstr(s, "://www.w3.org/") || strstr(s, "://w3c.github.io/"))
      return mvr_profile_family(p, "W3C");
    hit = strstr(s, "opengis.net/doc/");
    if (hit) {
      *skip = (size_t)(hit - s) + 16;
      return mvr_profile_family(p, "OGC");
    }
    if (strstr(s, "ietf.org/") || strstr(s, "rfc-editor.org/"))
      return mvr_profile_family(p, "IETF");
    return -1;
  }
  if (starts_ci(s, len, "draft-") ||
      (starts_ci(s, len, "RFC") && len > 3 &&
       (mvr_isdigit((unsigned char)s[3]) || s[3] == ' ')))
    return mvr_profile_family(p, "IETF");
  if (starts_ci(s, len, "FGMV") || starts_ci(s, len, "FG-MV"))
    return mvr_profile_family(p, "ITU-T FG-MV");
  if (is_etsi_work_item(s, len))
    return mvr_profile_family(p, "ETSI");
  if (is_3gpp_number(s, len))
    return mvr_profile_family(p, "3GPP");
  return -1;
}

/* Only when the organisation is not known: forms that are very likely one
 * family's. "P2048.101/D3.0" is an IEEE project, "26.998" a 3GPP number,
 * "H.266" an ITU-T Recommendation. */
static int guess_family(const mvr_profile *p, const char *s, size_t len)
{
  cur c = {s, len, 0};
  size_t n;

  if ((s[0] == 'P' || s[0] == 'p') && digits(&c, 1) >= 3) {
    n = 1 + digits(&c, 1);
    while (n + 1 < len && s[n] == '.' && mvr_isdigit((unsigned char)s[n + 1]))
      n += 1 + digits(&c, n + 1);
    if (n == len || s[n] == '/' || s[n] == '-' || s[n] == ' ')
      return mvr_profile_family(p, "IEEE");
  }
  if (digits(&c, 0) == 2 && len >= 6 && s[2] == '.' && digits(&c, 3) == 3 &&
      (len == 6 || s[6] == '-' || s[6] == ' '))
    return mvr_profile_family(p, "3GPP");
  if (mvr_isalpha((unsigned char)s[0]) && len > 2 && s[1] == '.' &&
      digits(&c, 2)) {
    n = 2 + digits(&c, 2);
    while (n + 1 < len && s[n] == '.' && mvr_isdigit((unsigned char)s[n + 1]))
      n += 1 + digits(&c, n + 1);
    if (n == len || s[n] == ' ')
      return mvr_profile_family(p, "ITU-T");
  }
  return -1;
}

static mvr_status finish(out *o, const char *family, mvr_ref *r)
{
  mvr_status rc;
  int has_detail;

  rc = mvr_buf_status(&o->key);
  if (!rc)
    rc = mvr_buf_status(&o->display);
  if (!rc)
    rc = mvr_buf_status(&o->detail);
  if (rc)
    return rc;
  r->family = mvr_strdup(family);
  r->key = mvr_buf_detach(&o->key);
  r->display = mvr_buf_detach(&o->display);
  has_detail = o->detail.len > 0;
  r->detail = has_detail ? mvr_buf_detach(&o->detail) : NULL;
  if (!r->family || !r->key || !r->display || (has_detail && !r->detail))
    return MVR_ERR_NOMEM;
  return MVR_OK;
}

mvr_status mvr_normalize_reference(const mvr_profile *p, const char *org_family,
                                   const char *s, size_t len, mvr_ref *r)
{
  mvr_buf folded = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  char *clean = NULL;
  const char *family, *rules;
  char publisher[32];
  size_t plen = 0, nat = 0, nat_len = 0, i;
  int fam = -1;
  out o;
  cur c;
  mvr_status rc;

  memset(r, 0, sizeof *r);
  mvr_buf_init(&o.key, 4 * REF_MAX);
  mvr_buf_init(&o.display, 4 * REF_MAX);
  mvr_buf_init(&o.detail, 4 * REF_MAX);
  o.fam = -1;
  rc = mvr_text_clean(s, len, 0, &clean, NULL);
  if (rc)
    goto out;
  len = strlen(clean);
  s = clean;
  if (len > 4 * REF_MAX) {
    rc = MVR_ERR_DATA;
    goto out;
  }
  for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
    ;
  if (i < len) {
    fold_marks(s, len, &folded);
    rc = mvr_buf_status(&folded);
    if (rc)
      goto out;
    s = mvr_buf_cstr(&folded);
    len = folded.len;
    while (len && s[len - 1] == ' ')
      len--;
  }
  if (!len) {
    rc = MVR_ERR_DATA;
    goto out;
  }
  if (len > REF_MAX) {
    rc = MVR_ERR_DATA; /* no designation is this long: not a reference */
    goto out;
  }

  /* "BS ISO/IEC 23090-2" -> the ISO/IEC document, adoption as detail */
  nat = national_prefix(s, len, &nat_len);
  if (nat) {
    put_detail(&o.detail, s, nat_len);
    s += nat;
    len -= nat;
  }

  fam = family_by_prefix(p, s, len, &plen);
  if (fam < 0)
    fam = family_by_form(p, s, len, &plen);
  if (fam < 0 && org_family)
    fam = mvr_profile_family(p, org_family);
  if (fam < 0 && (!org_family || !*org_family))
    fam = guess_family(p, s, len);
  /* "ITU-T FGMV-01": a focus group deliverable */
  if (fam >= 0 && strcmp(p->families[fam].rules, "itu") == 0) {
    cur a = {s, len, plen};
    skip_space(&a);
    if (starts_ci(s + a.i, len - a.i, "FGMV") ||
        starts_ci(s + a.i, len - a.i, "FG-MV")) {
      int f = mvr_profile_family(p, "ITU-T FG-MV");
      if (f >= 0) {
        fam = f;
        plen = a.i;
      }
    }
  }
  rules = fam >= 0 ? p->families[fam].rules : "generic";

  c.s = s;
  c.len = len;
  c.i = plen;
  if (strcmp(rules, "iso") == 0) {
    /* keep the publisher as written: "ISO/IEC", "ISO", "IEC" */
    size_t k, n = plen && plen < sizeof publisher ? plen : 0;
    for (k = 0; k < n; k++)
      publisher[k] = (char)mvr_toupper((unsigned char)s[k]);
    publisher[k] = '\0';
    rule_iso(&c, n ? publisher : "ISO/IEC", &o);
  } else if (strcmp(rules, "itu") == 0 || strcmp(rules, "itu-r") == 0) {
    rule_itu(&c, p->families[fam].name, rules[3] == '-', &o);
  } else if (strcmp(rules, "ieee") == 0) {
    rule_ieee(&c, &o);
  } else if (strcmp(rules, "3gpp") == 0) {
    rule_3gpp(&c, &o);
  } else if (strcmp(rules, "etsi") == 0) {
    rule_etsi(&c, mvr_profile_family(p, "3GPP"), &o);
  } else if (strcmp(rules, "w3c") == 0) {
    rule_w3c(&c, &o);
  } else if (strcmp(rules, "ogc") == 0) {
    rule_ogc(&c, &o);
  } else if (strcmp(rules, "ietf") == 0) {
    rule_ietf(&c, &o);
  } else if (strcmp(rules, "fgmv") == 0) {
    rule_fgmv(&c, &o);
  } else {
    rule_generic(&c, fam >= 0 ? plen : 0, &o);
  }
  if (!o.key.len) {
    /* nothing recognisable after the prefix ("ISO/IEC"): the whole text */
    mvr_buf_reset(&o.key);
    mvr_buf_reset(&o.display);
    c.i = 0;
    rule_generic(&c, 0, &o);
  }
  if (o.fam >= 0)
    fam = o.fam;
  if (fam >= 0)
    family = p->families[fam].name;
  else
    family = org_family ? org_family : "";
  rc = finish(&o, family, r);
out:
  if (rc)
    mvr_ref_clear(r);
  mvr_free(clean);
  mvr_buf_free(&folded);
  mvr_buf_free(&o.key);
  mvr_buf_free(&o.display);
  mvr_buf_free(&o.detail);
  return rc;
}

void mvr_ref_clear(mvr_ref *r)
{
  mvr_free(r->family);
  mvr_free(r->key);
  mvr_free(r->display);
  mvr_free(r->detail);
  memset(r, 0, sizeof *r);
}
