/* test_server_json.c - the server's JSON strings (src/server/json.c,
 * compiled in here) against the library's escaper mvr_json_quote(): a
 * string without anything to escape is copied by a faster path, which
 * must give the very same bytes for every byte value at every position
 * of the 8-byte words it checks; and sbuf_long() against printf. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/server/json.c"
#include "../../src/server/sbuf.c"

static void check(const char *s)
{
  sbuf b = SBUF_INIT(1 << 20);
  char *want = NULL;

  json_str(&b, s);
  assert_false(sbuf_failed(&b));
  assert_int_equal(mvr_json_quote(s, strlen(s), &want), MVR_OK);
  assert_string_equal(sbuf_str(&b), want);
  mvr_free(want);
  sbuf_free(&b);
}

static void test_every_byte_everywhere(void **state)
{
  char s[40];
  int c;
  size_t len, pos;

  (void)state;
  check("");
  check("plain text, nothing to escape, longer than eight bytes");
  for (c = 1; c < 256; c++)
    for (len = 1; len < sizeof s - 1; len++)
      for (pos = 0; pos < len; pos++) {
        memset(s, 'a', len);
        s[pos] = (char)c;
        s[len] = '\0';
        check(s);
      }
}

static void test_sbuf_long(void **state)
{
  static const long long v[] = {0,   1,         -1,        9,        10,
                                -10, 123456789, LLONG_MAX, LLONG_MIN};
  char want[32];
  size_t i;

  (void)state;
  for (i = 0; i < sizeof v / sizeof v[0]; i++) {
    sbuf b = SBUF_INIT(64);
    sbuf_long(&b, v[i]);
    snprintf(want, sizeof want, "%lld", v[i]);
    assert_string_equal(sbuf_str(&b), want);
    sbuf_free(&b);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_byte_everywhere),
      cmocka_unit_test(test_sbuf_long),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
