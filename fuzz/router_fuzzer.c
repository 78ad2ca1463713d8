/* router_fuzzer.c - the server's request-target parsing and routing
 * (src/server/router.c, url.c): the input is a request line's method and
 * target separated by a space ("GET /entries?q=x"). The target is
 * decoded into path segments and query parameters, matched against every
 * route of the table and its parameters checked, as router_dispatch()
 * does up to the point where it would answer (answers need a
 * libmicrohttpd connection). url_decode() and url_encode() are also
 * checked for a round trip. */
#include "../src/server/router.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const char *s, size_t len)
{
  char out[2048], back[2048];
  size_t n = 0, m = 0;
  sbuf b = SBUF_INIT(1 << 16);

  if (len > 600)
    len = 600;
  if (url_decode(s, len, 1, out, sizeof out, &n) != URL_OK)
    return;
  if (n >= sizeof out || out[n] != '\0' || !url_utf8_valid(out, n))
    abort();
  url_encode(&b, out, n);
  if (!sbuf_failed(&b)) {
    if (url_decode(b.ptr ? b.ptr : "", b.len, 0, back, sizeof back, &m) !=
            URL_OK ||
        m != n || memcmp(back, out, n) != 0)
      abort();
  }
  sbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const methods[] = {"GET", "HEAD", "POST", "PUT",
                                        "DELETE"};
  const char *sp = memchr(data, ' ', size);
  const char *method = "GET";
  char *uri;
  size_t i;
  req r;
  unsigned st;

  if (size > REQ_MAX_URI + 16)
    return 0;
  if (sp && sp - (const char *)data < 8) {
    size_t ml = (size_t)(sp - (const char *)data);
    for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
      if (strlen(methods[i]) == ml && memcmp(methods[i], data, ml) == 0)
        method = methods[i];
    size -= ml + 1;
    data += ml + 1;
  }
  uri = malloc(size + 1);
  if (!uri)
    return 0;
  memcpy(uri, data, size);
  uri[size] = '\0';
  roundtrip(uri, size);
  memset(&r, 0, sizeof r);
  r.method = method;
  r.uri = uri;
  r.urilen = size;
  st = parse_target(&r);
  if (st == 0) {
    const route *found = NULL;
    for (i = 0; i < r.nseg; i++)
      if (!r.seg[i])
        abort();
    r.api = r.nseg >= 1 && strcmp(r.seg[0], "api") == 0;
    for (i = 0; i < router_nroutes && !found; i++) {
      if (!match(&r, router_routes[i].pattern))
        continue;
      if (strcmp(r.method, router_routes[i].method) == 0 ||
          (strcmp(r.method, "HEAD") == 0 &&
           strcmp(router_routes[i].method, "GET") == 0))
        found = &router_routes[i];
    }
    if (found) {
      r.route = found;
      (void)check_params(&r);
      if (r.ndetails > REQ_MAX_DETAILS)
        abort();
      for (i = 0; i < r.nparams; i++)
        if (!url_utf8_valid(r.params[i].value, r.params[i].len) ||
            strlen(r.params[i].value) != r.params[i].len)
          abort();
    }
  }
  free(r.pool);
  free(uri);
  return 0;
}
