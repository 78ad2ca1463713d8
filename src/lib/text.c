/* text.c - cleaning submitted text: UTF-8 validation, Unicode NFC (via
 * utf8proc), Unicode spaces and smart quotes, control characters, and
 * white space collapsing. Everything a reader produces passes through
 * mvr_text_clean() before it is compared or stored. */
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "util.h"

/* The fast path: printable ASCII with single inner spaces, nothing to do. */
static int already_clean(const char *s, size_t len)
{
  size_t i;

  if (len && (s[0] == ' ' || s[len - 1] == ' '))
    return 0;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x7f)
      return 0;
    if (c == ' ' && i + 1 < len && s[i + 1] == ' ')
      return 0;
  }
  return 1;
}

/* What a code point becomes: -1 drop, '\n' line break, ' ' space, or the
 * code point itself (possibly replaced). */
static utf8proc_int32_t map_cp(utf8proc_int32_t c)
{
  switch (c) {
  case '\t':
  case 0x00A0: /* no-break space */
  case 0x1680:
  case 0x202F: /* narrow no-break space */
  case 0x205F:
  case 0x3000:
    return ' ';
  case '\n':
  case 0x0B: /* vertical tab: a manual line break in Word and Excel text */
  case 0x0C: /* form feed: a page break */
  case 0x2028: /* line separator */
  case 0x2029: /* paragraph separator */
  case 0x0085: /* next line */
    return '\n';
  case '\r':
    return -2; /* CR: handled by the caller (CRLF, lone CR) */
  case 0x00AD: /* soft hyphen */
  case 0x200B: /* zero width space */
  case 0x2060: /* word joiner */
  case 0xFEFF: /* byte order mark / zero width no-break space */
    return -1;
  case 0x2018:
  case 0x2019:
  case 0x201A:
  case 0x201B:
  case 0x2032:
    return '\'';
  case 0x201C:
  case 0x201D:
  case 0x201E:
  case 0x201F:
  case 0x2033:
    return '"';
  default:
    break;
  }
  if (c >= 0x2000 && c <= 0x200A) /* en quad .. hair space */
    return ' ';
  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xA0))
    return -3; /* other control characters: dropped, and counted */
  return c;
}

mvr_status mvr_text_clean(const char *s, size_t len, int multiline,
                          char **out, size_t *bad_offset)
{
  return mvr_text_clean_x(s, len, multiline, out, bad_offset, NULL);
}

mvr_status mvr_text_clean_x(const char *s, size_t len, int multiline,
                            char **out, size_t *bad_offset,
                            mvr_text_dropped *dropped)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  utf8proc_int32_t *cps = NULL;
  mvr_status rc = MVR_OK;
  size_t i = 0;
  int pending_space = 0, pending_nl = 0, ascii = 1;

  *out = NULL;
  if (bad_offset)
    *bad_offset = 0;
  if (dropped)
    memset(dropped, 0, sizeof *dropped);
  if (already_clean(s, len)) {
    *out = mvr_strndup(s, len);
    return *out ? MVR_OK : MVR_ERR_NOMEM;
  }

  while (i < len) {
    utf8proc_int32_t c, mapped;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                         (utf8proc_ssize_t)(len - i), &c);
    if (n < 0 || c < 0) {
      if (bad_offset)
        *bad_offset = i;
      rc = MVR_ERR_DATA;
      goto out;
    }
    if (n == 0)
      n = 1;
    i += (size_t)n;
    mapped = map_cp(c);
    if (mapped == -3) { /* a control character: dropped, and counted */
      if (dropped && !dropped->n++) {
        dropped->cp = (unsigned)c;
        dropped->offset = i - (size_t)n;
      }
      continue;
    }
    c = mapped;
    if (c == -2) { /* CR, or CRLF */
      if (i < len && s[i] == '\n')
        continue;
      c = '\n';
    }
    if (c == -1)
      continue;
    if (c == '\n' && !multiline)
      c = ' ';
    if (c == ' ') {
      pending_space = 1;
      continue;
    }
    if (c == '\n') {
      pending_nl = 1;
      continue;
    }
    /* a visible character: emit the pending separator first */
    if (b.len) {
      if (pending_nl)
        mvr_buf_putc(&b, '\n');
      else if (pending_space)
        mvr_buf_putc(&b, ' ');
    }
    pending_space = pending_nl = 0;
    if (c < 0x80) {
      mvr_buf_putc(&b, (char)c);
    } else {
      utf8proc_uint8_t enc[4];
      utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
      mvr_buf_put(&b, enc, (size_t)m);
      ascii = 0;
    }
  }
  rc = mvr_buf_status(&b);
  if (rc)
    goto out;

  if (!ascii) {
    /* NFC: canonical decomposition, then composition. utf8proc_map()
     * would allocate with malloc; decomposing into our own buffer keeps
     * every allocation on the library's allocator. */
    utf8proc_int32_t dummy;
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t need =
        utf8proc_decompose((const utf8proc_uint8_t *)b.ptr,
                           (utf8proc_ssize_t)b.len, &dummy, 0, opt);
    utf8proc_ssize_t got;
    if (need < 0) {
      rc = MVR_ERR_DATA;
      goto out;
    }
    cps = mvr_malloc(((size_t)need + 1) * sizeof *cps);
    if (!cps) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    got = utf8proc_decompose((const utf8proc_uint8_t *)b.ptr,
                             (utf8proc_ssize_t)b.len, cps, need, opt);
    if (got < 0 || got > need) {
      rc = MVR_ERR_DATA;
      goto out;
    }
    got = utf8proc_reencode(cps, got, opt);
    if (got < 0) {
      rc = MVR_ERR_DATA;
      goto out;
    }
    *out = mvr_strndup((const char *)cps, (size_t)got);
    if (!*out)
      rc = MVR_ERR_NOMEM;
    goto out;
  }
  *out = mvr_buf_detach(&b);
  if (!*out)
    rc = MVR_ERR_NOMEM;
out:
  mvr_free(cps);
  mvr_buf_free(&b);
  return rc;
}
