/* jsonutil.c - jansson set-up and the one JSON string escaper used by
 * every writer (export, diagnostics, the future API). */
#include "jsonutil.h"

#include <jansson.h>

static void *json_alloc(size_t n) { return mvr_malloc(n); }
static void json_release(void *p) { mvr_free(p); }

void mvr_json_init(void)
{
  json_set_alloc_funcs(json_alloc, json_release);
}

void mvr_json_string(mvr_buf *b, const char *s, size_t len)
{
  static const char hexd[] = "0123456789abcdef";
  size_t i, start = 0;

  mvr_buf_putc(b, '"');
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[7];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
      continue;
    mvr_buf_put(b, s + start, i - start);
    start = i + 1;
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    default:
      u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
      u[4] = hexd[c >> 4]; u[5] = hexd[c & 15]; u[6] = '\0';
      esc = u;
      break;
    }
    mvr_buf_puts(b, esc);
  }
  mvr_buf_put(b, s + start, len - start);
  mvr_buf_putc(b, '"');
}

mvr_status mvr_json_quote(const char *s, size_t len, char **out)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_status rc;

  *out = NULL;
  mvr_json_string(&b, s, len);
  rc = mvr_buf_status(&b);
  if (!rc)
    *out = mvr_buf_detach(&b);
  mvr_buf_free(&b);
  return rc ? rc : (*out ? MVR_OK : MVR_ERR_NOMEM);
}
