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
 * Hand-written because no library knows SDO designation formats. */
#include <string.h>

#include "profile.h"
#include "util.h"

/* A token cursor over the reference. */
typedef struct cur {
  const char *s;
  size_t len, i;
} cur;

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
  size_t n = strlen(w);

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

/* Output of one rule set. */
typedef struct out {
  mvr_buf key, display, detail;
} out;

/* Read digits; returns their count. */
static size_t digits(const cur *c, size_t from)
{
  size_t n = 0;

  while (from + n < c->len && mvr_isdigit((unsigned char)c->s[from + n]))
    n++;
  return n;
}

/* --- ISO / IEC ------------------------------------------------------- */

static const char *const iso_stages[] = {
    "PRF", "FDIS", "DIS", "CD", "WD", "AWI", "NWIP", "NP", "PWI", "FDTR",
    "DTR", "PDTR", "CDTR", "FDTS", "DTS", "PDTS", "CDTS", "DPAS", "DAM",
    "FDAM", "PDAM", "DAmd", "CDAM", "DCOR", "FPDAM"};
static const char *const iso_kinds[] = {"TR", "TS", "PAS", "ISP", "Guide",
                                        "IWA", "TTA"};

static void rule_iso(cur *c, const char *prefix, out *o)
{
  mvr_buf stage = MVR_BUF_INIT(256);
  const char *kind = NULL;
  size_t i, n;
  int found;

  /* stage and kind words in any order: "/AWI", "PRF TR", "TR", "DIS" */
  do {
    found = 0;
    skip_sep(c);
    for (i = 0; i < MVR_ARRAY_SIZE(iso_stages); i++)
      if (eat_word(c, iso_stages[i])) {
        put_detail(&stage, iso_stages[i], strlen(iso_stages[i]));
        found = 1;
      }
    for (i = 0; i < MVR_ARRAY_SIZE(iso_kinds); i++)
      if (eat_word(c, iso_kinds[i])) {
        kind = iso_kinds[i];
        found = 1;
      }
  } while (found);

  n = digits(c, c->i);
  if (!n) {
    /* not a number: keep the text itself as the key */
    put_upper(&o->key, c->s + c->i, c->len - c->i);
    mvr_buf_puts(&o->display, prefix);
    mvr_buf_putc(&o->display, ' ');
    mvr_buf_put(&o->display, c->s + c->i, c->len - c->i);
    goto out;
  }
  /* number with parts: 23090-2, 63145-20-10 */
  {
    size_t start = c->i, end = c->i + n;
    while (end + 1 < c->len && c->s[end] == '-' &&
           mvr_isdigit((unsigned char)c->s[end + 1]))
      end += 1 + digits(c, end + 1);
    mvr_buf_put(&o->key, c->s + start, end - start);
    mvr_buf_puts(&o->display, prefix);
    if (kind) {
      mvr_buf_putc(&o->display, ' ');
      mvr_buf_puts(&o->display, kind);
    }
    mvr_buf_putc(&o->display, ' ');
    mvr_buf_put(&o->display, c->s + start, end - start);
    c->i = end;
  }
  /* edition: ":2023", ":2022-07", "-ed.1.0", "(E)", "(en)" */
  while (c->i < c->len) {
    size_t i0 = c->i;
    if (c->s[c->i] == ':' && digits(c, c->i + 1) == 4) {
      size_t e = c->i + 5;
      if (e + 2 < c->len && c->s[e] == '-' && digits(c, e + 1) == 2)
        e += 3;
      put_detail(&o->detail, c->s + c->i + 1, e - c->i - 1);
      c->i = e;
    } else if (c->len - c->i >= 4 && mvr_strncaseeq(c->s + c->i, "-ed.", 4)) {
      size_t e = c->i + 4;
      while (e < c->len && (mvr_isdigit((unsigned char)c->s[e]) || c->s[e] == '.'))
        e++;
      mvr_buf_puts(&o->detail, o->detail.len ? " ed. " : "ed. ");
      mvr_buf_put(&o->detail, c->s + c->i + 4, e - c->i - 4);
      c->i = e;
    } else if (c->s[c->i] == '(') {
      const char *close = memchr(c->s + c->i, ')', c->len - c->i);
      size_t e = close ? (size_t)(close - c->s) + 1 : c->len;
      size_t inner = e - c->i - 2;
      /* language markers "(E)", "(en)" carry nothing */
      if (!(inner <= 3))
        put_detail(&o->detail, c->s + c->i + 1, close ? inner : e - c->i - 1);
      c->i = e;
    } else if (c->s[c->i] == ' ') {
      c->i++;
    } else if (c->s[c->i] == '/' || c->s[c->i] == '+') {
      /* amendment or corrigendum: part of the identity */
      cur a = *c;
      const char *what = NULL;
      int draft = 0;
      a.i++;
      skip_space(&a);
      if (eat_word(&a, "DAmd") || eat_word(&a, "DAM") || eat_word(&a, "PDAM") ||
          eat_word(&a, "FDAM") || eat_word(&a, "CDAM") || eat_word(&a, "FPDAM")) {
        what = "AMD";
        draft = 1;
      } else if (eat_word(&a, "DCOR")) {
        what = "COR";
        draft = 1;
      } else if (eat_word(&a, "Amd") || eat_word(&a, "AMD") ||
                 eat_word(&a, "Amd.") || eat_word(&a, "Amendment")) {
        what = "AMD";
      } else if (eat_word(&a, "Cor") || eat_word(&a, "COR") ||
                 eat_word(&a, "Corrigendum")) {
        what = "COR";
      } else if (a.len - a.i >= 3 && mvr_strncaseeq(a.s + a.i, "AMD", 3)) {
        a.i += 3; /* "AMD1" */
        what = "AMD";
      } else if (a.len - a.i >= 3 && mvr_strncaseeq(a.s + a.i, "COR", 3)) {
        a.i += 3;
        what = "COR";
      }
      if (!what)
        break;
      while (a.i < a.len && (a.s[a.i] == '.' || a.s[a.i] == ' '))
        a.i++;
      n = digits(&a, a.i);
      if (!n)
        break;
      mvr_buf_printf(&o->key, "/%s %.*s", what, (int)n, a.s + a.i);
      mvr_buf_printf(&o->display, "/%s %.*s", what[0] == 'A' ? "Amd" : "Cor",
                     (int)n, a.s + a.i);
      if (draft)
        put_detail(&o->detail, "draft", 5);
      a.i += n;
      *c = a;
    } else {
      break;
    }
    if (c->i == i0)
      break;
  }
  if (c->i < c->len)
    put_detail(&o->detail, c->s + c->i, c->len - c->i);
out:
  if (stage.len) {
    mvr_buf tmp = MVR_BUF_INIT(1024);
    mvr_buf_put(&tmp, stage.ptr, stage.len);
    if (o->detail.len) {
      mvr_buf_putc(&tmp, ' ');
      mvr_buf_put(&tmp, o->detail.ptr, o->detail.len);
    }
    mvr_buf_reset(&o->detail);
    mvr_buf_put(&o->detail, mvr_buf_cstr(&tmp), tmp.len);
    mvr_buf_free(&tmp);
  }
  mvr_buf_free(&stage);
}

/* --- ITU -------------------------------------------------------------- */

static void rule_itu(cur *c, const char *family, out *o)
{
  size_t start, end;

  skip_sep(c);
  /* "T-REC-H.430.1-201808-I": the URL code of an edition */
  if (c->len - c->i > 6 && mvr_strncaseeq(c->s + c->i, "T-REC-", 6)) {
    size_t e;
    c->i += 6;
    start = c->i;
    e = start;
    while (e < c->len && !(c->s[e] == '-' && digits(c, e + 1) >= 6))
      e++;
    put_upper(&o->key, c->s + start, e - start);
    mvr_buf_printf(&o->display, "%s %.*s", family, (int)(e - start),
                   c->s + start);
    if (e < c->len) {
      size_t nd = digits(c, e + 1);
      mvr_buf_printf(&o->detail, "%.*s/%.*s", 2, c->s + e + 5, 4,
                     c->s + e + 1);
      e += 1 + nd;
      if (e + 1 < c->len && c->s[e] == '-') {
        if (c->s[e + 1] == 'S' || c->s[e + 1] == 's')
          put_detail(&o->detail, "superseded", 10);
        e += 2;
      }
    }
    c->i = e;
    if (c->i < c->len)
      put_detail(&o->detail, c->s + c->i, c->len - c->i);
    return;
  }
  /* the designation is the first word: "H.266", "Y.dtmv-reqts",
   * "Y.Sup.45"; "Y Suppl. 45" is rare enough to be taken as written */
  start = c->i;
  end = start;
  while (end < c->len && c->s[end] != ' ' && c->s[end] != '(' &&
         c->s[end] != '|' && c->s[end] != ',')
    end++;
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_printf(&o->display, "%s %.*s", family, (int)(end - start),
                 c->s + start);
  c->i = end;
  /* "(V3) (09/2023)", "(ex F.IPTV-VRSReqs)", "| ISO/IEC 23090-3" */
  while (c->i < c->len) {
    skip_space(c);
    if (c->i >= c->len)
      break;
    if (c->s[c->i] == '(') {
      const char *close = memchr(c->s + c->i, ')', c->len - c->i);
      size_t e = close ? (size_t)(close - c->s) + 1 : c->len;
      put_detail(&o->detail, c->s + c->i + 1,
                 (close ? e - 1 : e) - c->i - 1);
      c->i = e;
    } else {
      put_detail(&o->detail, c->s + c->i, c->len - c->i);
      c->i = c->len;
    }
  }
}

/* --- IEEE ------------------------------------------------------------- */

static void rule_ieee(cur *c, out *o)
{
  size_t start, n;
  int project = 0;

  skip_sep(c);
  eat_word(c, "Std");
  eat_word(c, "Std.");
  skip_sep(c);
  if (c->i < c->len && (c->s[c->i] == 'P' || c->s[c->i] == 'p') &&
      digits(c, c->i + 1)) {
    project = 1;
    c->i++;
  }
  start = c->i;
  n = digits(c, c->i);
  if (!n) {
    put_upper(&o->key, c->s + c->i, c->len - c->i);
    mvr_buf_printf(&o->display, "IEEE %.*s", (int)(c->len - c->i),
                   c->s + c->i);
    return;
  }
  c->i += n;
  while (c->i + 1 < c->len && c->s[c->i] == '.' &&
         mvr_isdigit((unsigned char)c->s[c->i + 1]))
    c->i += 1 + digits(c, c->i + 1);
  /* an edition year makes it the approved standard, even when written
   * with a stray P ("IEEE P1589-2020" seen in the wild) */
  if (c->i + 4 < c->len + 0 && c->s[c->i] == '-' && digits(c, c->i + 1) == 4) {
    mvr_buf_put(&o->key, c->s + start, c->i - start);
    mvr_buf_printf(&o->display, "IEEE %.*s", (int)(c->i + 5 - start),
                   c->s + start);
    put_detail(&o->detail, c->s + c->i + 1, 4);
    c->i += 5;
  } else {
    if (project)
      mvr_buf_putc(&o->key, 'P');
    mvr_buf_put(&o->key, c->s + start, c->i - start);
    mvr_buf_printf(&o->display, "IEEE %s%.*s", project ? "P" : "",
                   (int)(c->i - start), c->s + start);
  }
  /* "/D3.0" draft numbers, "(Revision of ...)" */
  while (c->i < c->len) {
    skip_space(c);
    if (c->i < c->len && c->s[c->i] == '/') {
      size_t e = c->i + 1;
      while (e < c->len && c->s[e] != ' ')
        e++;
      put_detail(&o->detail, c->s + c->i + 1, e - c->i - 1);
      c->i = e;
    } else if (c->i < c->len) {
      size_t e = c->len;
      size_t s0 = c->i;
      if (c->s[s0] == '(' && c->s[e - 1] == ')') {
        s0++;
        e--;
      }
      put_detail(&o->detail, c->s + s0, e - s0);
      c->i = c->len;
    }
  }
}

/* --- 3GPP ------------------------------------------------------------ */

static void rule_3gpp(cur *c, out *o)
{
  const char *kind = NULL;
  size_t start, end;

  skip_sep(c);
  if (eat_word(c, "TR"))
    kind = "TR";
  else if (eat_word(c, "TS"))
    kind = "TS";
  skip_sep(c);
  start = c->i;
  end = start;
  while (end < c->len && c->s[end] != ' ' && c->s[end] != ',')
    end++;
  put_upper(&o->key, c->s + start, end - start);
  mvr_buf_printf(&o->display, "3GPP %s%s%.*s", kind ? kind : "",
                 kind ? " " : "", (int)(end - start), c->s + start);
  c->i = end;
  /* "version 17.1.0 Release 17", "V19.2.0", "Rel-19" */
  while (c->i < c->len) {
    skip_sep(c);
    if (c->i >= c->len)
      break;
    if (eat_word(c, "version")) {
      skip_space(c);
      end = c->i;
      while (end < c->len && c->s[end] != ' ')
        end++;
      mvr_buf_printf(&o->detail, "%sV%.*s", o->detail.len ? " " : "",
                     (int)(end - c->i), c->s + c->i);
      c->i = end;
    } else if (eat_word(c, "Release")) {
      skip_space(c);
      end = c->i + digits(c, c->i);
      mvr_buf_printf(&o->detail, "%sRel-%.*s", o->detail.len ? " " : "",
                     (int)(end - c->i), c->s + c->i);
      c->i = end;
    } else {
      end = c->i;
      while (end < c->len && c->s[end] != ' ')
        end++;
      put_detail(&o->detail, c->s + c->i, end - c->i);
      c->i = end;
    }
  }
}

/* --- ETSI ------------------------------------------------------------ */

static void rule_etsi(cur *c, out *o)
{
  size_t start, i;
  int draft = 0, space = 0;

  skip_sep(c);
  /* work item codes: "DGS/ARF-003" is the draft of "GS ARF 003" */
  if (c->len - c->i > 4 && (c->s[c->i] == 'D' || c->s[c->i] == 'R') &&
      memchr(c->s + c->i, '/', c->len - c->i)) {
    const char *slash = memchr(c->s + c->i, '/', c->len - c->i);
    size_t t0 = c->i + 1, tl = (size_t)(slash - c->s) - t0;
    if (tl == 2 && mvr_isalpha((unsigned char)c->s[t0])) {
      put_upper(&o->key, c->s + t0, 2);
      mvr_buf_putc(&o->key, ' ');
      mvr_buf_printf(&o->display, "ETSI %.*s ", 2, c->s + t0);
      draft = 1;
      c->i = (size_t)(slash - c->s) + 1;
    }
  }
  start = c->i;
  for (i = start; i < c->len; i++) {
    char ch = c->s[i];
    /* stop at a version "V1.1.1" or a date "(2020-03)" */
    if (ch == '(' ||
        ((ch == 'V' || ch == 'v') && i > start && c->s[i - 1] == ' ' &&
         i + 1 < c->len && mvr_isdigit((unsigned char)c->s[i + 1])))
      break;
    if (ch == ' ' || ch == '-') {
      space = 1;
      continue;
    }
    if (space && o->key.len && o->key.ptr[o->key.len - 1] != ' ')
      mvr_buf_putc(&o->key, ' ');
    space = 0;
    mvr_buf_putc(&o->key, (char)mvr_toupper((unsigned char)ch));
  }
  if (!draft)
    mvr_buf_puts(&o->display, "ETSI ");
  {
    size_t e = i;
    while (e > start && c->s[e - 1] == ' ')
      e--;
    if (draft) {
      /* display "ARF 003" from "ARF-003" */
      size_t k;
      for (k = start; k < e; k++)
        mvr_buf_putc(&o->display, c->s[k] == '-' ? ' ' : c->s[k]);
      put_detail(&o->detail, "draft", 5);
    } else {
      mvr_buf_put(&o->display, c->s + start, e - start);
    }
  }
  if (i < c->len)
    put_detail(&o->detail, c->s + i, c->len - i);
}

/* --- W3C ------------------------------------------------------------- */

static const char *const w3c_maturity[] = {
    "REC", "CRD", "CR", "PR", "WD", "FPWD", "NOTE", "DNOTE", "STMT", "SPSD",
    "PER", "LCWD", "ED"};

static void rule_w3c(cur *c, out *o)
{
  const char *s;
  size_t len, i;

  skip_sep(c);
  s = c->s + c->i;
  len = c->len - c->i;
  /* a dated URL: keep the last path segment */
  if (len > 4 && (mvr_strncaseeq(s, "http", 4) || memchr(s, '/', len))) {
    while (len && s[len - 1] == '/')
      len--;
    for (i = len; i > 0 && s[i - 1] != '/'; i--)
      ;
    s += i;
    len -= i;
  }
  /* "CRD-webxr-20250417" */
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
  size_t i, start;

  skip_sep(c);
  start = c->i;
  /* "22-025r4": document number and revision */
  if (digits(c, start) == 2 && start + 3 < c->len && c->s[start + 2] == '-' &&
      digits(c, start + 3) == 3) {
    i = start + 6;
    mvr_buf_put(&o->key, c->s + start, 6);
    mvr_buf_printf(&o->display, "OGC %.*s", (int)(c->len - start),
                   c->s + start);
    if (i < c->len && (c->s[i] == 'r' || c->s[i] == 'R')) {
      mvr_buf_putc(&o->detail, 'r');
      mvr_buf_put(&o->detail, c->s + i + 1, digits(c, i + 1));
      i += 1 + digits(c, i + 1);
    }
    if (i < c->len)
      put_detail(&o->detail, c->s + i, c->len - i);
    return;
  }
  put_lower(&o->key, c->s + start, c->len - start);
  mvr_buf_printf(&o->display, "OGC %.*s", (int)(c->len - start),
                 c->s + start);
}

/* --- IETF ------------------------------------------------------------ */

static void rule_ietf(cur *c, out *o)
{
  const char *s;
  size_t len;

  skip_sep(c);
  s = c->s + c->i;
  len = c->len - c->i;
  if (len > 3 && mvr_strncaseeq(s, "RFC", 3)) {
    size_t k = 3;
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
    long v = 0;
    size_t k;
    for (k = 0; k < n; k++)
      v = v * 10 + (s[k] - '0');
    mvr_buf_printf(&o->key, "FGMV-%02ld", v);
    mvr_buf_puts(&o->display, mvr_buf_cstr(&o->key));
    return;
  }
  mvr_buf_puts(&o->key, "FGMV-");
  put_upper(&o->key, s, len);
  mvr_buf_puts(&o->display, "FGMV-");
  mvr_buf_put(&o->display, s, len);
}

/* --- generic ----------------------------------------------------------- */

static void rule_generic(cur *c, out *o)
{
  size_t i;

  skip_space(c);
  for (i = c->i; i < c->len; i++) {
    unsigned char ch = (unsigned char)c->s[i];
    /* drop trademark signs: "glTF™ 2.0" is "glTF 2.0" */
    if (ch == 0xE2 && i + 2 < c->len && (unsigned char)c->s[i + 1] == 0x84 &&
        (unsigned char)c->s[i + 2] == 0xA2) {
      i += 2;
      continue;
    }
    if (ch == 0xC2 && i + 1 < c->len &&
        ((unsigned char)c->s[i + 1] == 0xAE ||
         (unsigned char)c->s[i + 1] == 0xA9)) {
      i += 1;
      continue;
    }
    mvr_buf_putc(&o->key, (char)mvr_toupper(ch));
    mvr_buf_putc(&o->display, (char)ch);
  }
}

/* --- family detection -------------------------------------------------- */

/* National adoptions of ISO/IEC documents: "BS ISO/IEC 23090-2". */
static const char *const national[] = {"AS", "BS", "GSO", "CSA", "NEN",
                                       "prBAS", "BAS", "DIN", "EN", "NF",
                                       "SS", "SANS", "KS", "JIS", "UNE",
                                       "ANSI", "CAN/CSA", "NBR", "UNI",
                                       "ÖNORM", "SN", "DS", "NS", "I.S.",
                                       "GB/T", "GB"};

static int starts_ci(const char *s, size_t len, const char *p)
{
  size_t n = strlen(p);
  return len >= n && mvr_strncaseeq(s, p, n);
}

/* Family by the reference's own prefix; sets *plen to the prefix length,
 * or -1. The longest matching prefix wins. */
static int family_by_prefix(const mvr_profile *p, const char *s, size_t len,
                            size_t *plen)
{
  size_t f, k, best_len = 0;
  int best = -1;

  for (f = 0; f < p->nfamilies; f++) {
    for (k = 0; k < p->families[f].nprefixes; k++) {
      const char *pre = p->families[f].prefixes[k];
      size_t n = strlen(pre);
      if (n <= best_len || !starts_ci(s, len, pre))
        continue;
      /* the prefix must end at a boundary: "ISO/IEC 1", "IEC TR" but not
       * "ISOBUS" */
      if (n < len && mvr_isalnum((unsigned char)s[n]) &&
          mvr_isalnum((unsigned char)pre[n - 1]))
        continue;
      best = (int)f;
      best_len = n;
    }
  }
  *plen = best_len;
  return best;
}

static int is_3gpp_number(const char *s, size_t len)
{
  cur c = {s, len, 0};

  if (eat_word(&c, "3GPP"))
    skip_space(&c);
  if (eat_word(&c, "TR") || eat_word(&c, "TS"))
    skip_space(&c);
  else
    return 0; /* a bare "26.998" is 3GPP only when the org says so */
  return digits(&c, c.i) == 2 && c.i + 3 < len && s[c.i + 2] == '.';
}

static const char *rules_of(const mvr_profile *p, int fam)
{
  return fam >= 0 ? p->families[fam].rules : "generic";
}

mvr_status mvr_normalize_reference(const mvr_profile *p,
                                   const char *org_family, const char *s,
                                   size_t len, mvr_ref *r)
{
  mvr_buf national_detail = MVR_BUF_INIT(256);
  char *clean = NULL;
  const char *family = NULL, *rules, *prefix_text = NULL;
  char prefix_buf[64];
  size_t plen = 0, i;
  int fam = -1, has_detail;
  out o;
  cur c;
  mvr_status rc;

  memset(r, 0, sizeof *r);
  mvr_buf_init(&o.key, 4096);
  mvr_buf_init(&o.display, 4096);
  mvr_buf_init(&o.detail, 4096);
  rc = mvr_text_clean(s, len, 0, &clean, NULL);
  if (rc)
    goto out;
  len = strlen(clean);
  if (!len) {
    rc = MVR_ERR_DATA;
    goto out;
  }
  s = clean;

  /* "BS ISO/IEC 23090-2" -> the ISO/IEC document, adoption as detail */
  for (i = 0; i < MVR_ARRAY_SIZE(national); i++) {
    size_t n = strlen(national[i]);
    if (len > n + 4 && strncmp(s, national[i], n) == 0 && s[n] == ' ' &&
        (starts_ci(s + n + 1, len - n - 1, "ISO") ||
         starts_ci(s + n + 1, len - n - 1, "IEC"))) {
      mvr_buf_put(&national_detail, s, n);
      s += n + 1;
      len -= n + 1;
      break;
    }
  }

  fam = family_by_prefix(p, s, len, &plen);
  if (fam >= 0) {
    family = p->families[fam].name;
    if (plen < sizeof prefix_buf) {
      memcpy(prefix_buf, s, plen);
      prefix_buf[plen] = '\0';
      prefix_text = prefix_buf;
    }
  } else if (starts_ci(s, len, "T-REC-")) {
    fam = mvr_profile_family(p, "ITU-T");
  } else if (starts_ci(s, len, "draft-") || starts_ci(s, len, "RFC")) {
    fam = mvr_profile_family(p, "IETF");
  } else if (starts_ci(s, len, "FGMV") || starts_ci(s, len, "FG-MV")) {
    fam = mvr_profile_family(p, "ITU-T FG-MV");
  } else if (starts_ci(s, len, "DGS/") || starts_ci(s, len, "DGR/")) {
    fam = mvr_profile_family(p, "ETSI");
  } else if (starts_ci(s, len, "https://www.w3.org/") ||
             starts_ci(s, len, "http://www.w3.org/")) {
    fam = mvr_profile_family(p, "W3C");
  } else if (starts_ci(s, len, "http://www.opengis.net/doc/") ||
             starts_ci(s, len, "https://www.opengis.net/doc/")) {
    fam = mvr_profile_family(p, "OGC");
    plen = (size_t)(strstr(s, "/doc/") - s) + 5;
  } else if (is_3gpp_number(s, len)) {
    fam = mvr_profile_family(p, "3GPP");
  } else if (org_family) {
    fam = mvr_profile_family(p, org_family);
  }
  if (fam >= 0)
    family = p->families[fam].name;
  else
    family = org_family ? org_family : "";
  rules = rules_of(p, fam);

  c.s = s;
  c.len = len;
  c.i = plen;
  if (strcmp(rules, "iso") == 0) {
    /* keep the publisher as written: "ISO/IEC", "ISO", "IEC" */
    const char *pub = prefix_text ? prefix_text : "ISO/IEC";
    char pubu[64];
    size_t k, n = strlen(pub);
    for (k = 0; k < n && k + 1 < sizeof pubu; k++)
      pubu[k] = (char)mvr_toupper((unsigned char)pub[k]);
    pubu[k] = '\0';
    rule_iso(&c, pubu, &o);
  } else if (strcmp(rules, "itu") == 0) {
    rule_itu(&c, family, &o);
  } else if (strcmp(rules, "ieee") == 0) {
    rule_ieee(&c, &o);
  } else if (strcmp(rules, "3gpp") == 0) {
    if (eat_word(&c, "3GPP"))
      skip_space(&c);
    rule_3gpp(&c, &o);
  } else if (strcmp(rules, "etsi") == 0) {
    rule_etsi(&c, &o);
  } else if (strcmp(rules, "w3c") == 0) {
    rule_w3c(&c, &o);
  } else if (strcmp(rules, "ogc") == 0) {
    rule_ogc(&c, &o);
  } else if (strcmp(rules, "ietf") == 0) {
    rule_ietf(&c, &o);
  } else if (strcmp(rules, "fgmv") == 0) {
    rule_fgmv(&c, &o);
  } else {
    c.i = 0; /* generic: the whole reference, prefix included */
    rule_generic(&c, &o);
  }
  if (!o.key.len) {
    /* nothing recognisable after the prefix ("ISO/IEC"): the whole text */
    mvr_buf_reset(&o.key);
    mvr_buf_reset(&o.display);
    c.i = 0;
    rule_generic(&c, &o);
  }
  if (national_detail.len)
    put_detail(&o.detail, national_detail.ptr, national_detail.len);

  rc = mvr_buf_status(&o.key);
  if (!rc)
    rc = mvr_buf_status(&o.display);
  if (!rc)
    rc = mvr_buf_status(&o.detail);
  if (!rc)
    rc = mvr_buf_status(&national_detail);
  if (rc)
    goto out;
  r->family = mvr_strdup(family);
  r->key = mvr_buf_detach(&o.key);
  r->display = mvr_buf_detach(&o.display);
  has_detail = o.detail.len > 0;
  r->detail = has_detail ? mvr_buf_detach(&o.detail) : NULL;
  if (!r->family || !r->key || !r->display || (has_detail && !r->detail))
    rc = MVR_ERR_NOMEM;
out:
  if (rc)
    mvr_ref_clear(r);
  mvr_free(clean);
  mvr_buf_free(&o.key);
  mvr_buf_free(&o.display);
  mvr_buf_free(&o.detail);
  mvr_buf_free(&national_detail);
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
