/* test_db_display.c - mvr_db_display(): a database URI as messages and logs
 * may show it, the PostgreSQL password masked wherever a URI can carry
 * it, file paths unchanged, truncation always terminated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"

static void check(const char *uri, const char *want)
{
  char out[256];

  assert_string_equal(mvr_db_display(uri, out, sizeof out), want);
}

static void test_paths_unchanged(void **state)
{
  (void)state;
  check("roadmap.db", "roadmap.db");
  check("/tmp/a:b@c/roadmap.db", "/tmp/a:b@c/roadmap.db");
  check(":memory:", ":memory:");
  check("", "");
}

static void test_userinfo_password(void **state)
{
  (void)state;
  check("postgresql://bob:s3cret@db.example:5432/mv",
        "postgresql://bob:***@db.example:5432/mv");
  check("postgres://bob:s3cret@db/mv", "postgres://bob:***@db/mv");
  /* an unescaped '@' in the password: the user information ends at the
   * last '@' of the authority */
  check("postgresql://bob:p@ss@db/mv", "postgresql://bob:***@db/mv");
  check("postgresql://bob:@db/mv", "postgresql://bob:***@db/mv");
  /* no password: unchanged; a ':' after the '@' is the port */
  check("postgresql://bob@db:5432/mv", "postgresql://bob@db:5432/mv");
  check("postgresql://db:5432/mv", "postgresql://db:5432/mv");
  check("postgresql:///mv?host=/tmp", "postgresql:///mv?host=/tmp");
  /* an '@' in the path or query is not user information */
  check("postgresql://db/mv?application_name=a:b@c",
        "postgresql://db/mv?application_name=a:b@c");
}

static void test_password_parameter(void **state)
{
  (void)state;
  check("postgresql://bob@db/mv?password=s3cret",
        "postgresql://bob@db/mv?password=***");
  check("postgresql://db/mv?sslmode=disable&password=s3cret&user=bob",
        "postgresql://db/mv?sslmode=disable&password=***&user=bob");
  check("postgresql://u:a@db/mv?password=b&password=c#frag",
        "postgresql://u:***@db/mv?password=***&password=***#frag");
  /* a parameter that merely ends in "password" is not masked */
  check("postgresql://db/mv?xpassword=visible",
        "postgresql://db/mv?xpassword=visible");
}

static void test_truncation(void **state)
{
  char out[12];

  (void)state;
  assert_string_equal(
      mvr_db_display("postgresql://bob:s3cret@db/mv", out, sizeof out),
      "postgresql:");
  assert_int_equal(strlen(out), sizeof out - 1);
  assert_string_equal(mvr_db_display("abc", out, 1), "");
  assert_null(mvr_db_display("abc", NULL, 0));
  assert_string_equal(mvr_db_display(NULL, out, sizeof out), "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_paths_unchanged),
      cmocka_unit_test(test_userinfo_password),
      cmocka_unit_test(test_password_parameter),
      cmocka_unit_test(test_truncation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
