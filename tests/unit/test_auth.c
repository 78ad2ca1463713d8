/* test_auth.c - accounts through the public API (include/mvroad/auth.h):
 * Argon2id hashes with at least the OWASP parameters; users (validation,
 * liaison organisations normalised, duplicates); sessions (256-bit
 * tokens stored hashed, rotation at login, idle and absolute expiry with
 * an injected clock, logout, password change and disabling end them);
 * API tokens (shown once, stored hashed, revoked); login throttling per
 * login and per address, shared through the database by two
 * connections; and the tables as SQL sees them (no secret in clear). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "mvroad.h"
#include "testdb.h"

static int64_t fake_now = 1700000000;
static int64_t fake_clock(void) { return fake_now; }

typedef struct fixture {
  mvr_db *db;
  char path[256];
} fixture;

static void configure(void)
{
  mvr_auth_options o;

  memset(&o, 0, sizeof o);
  o.opslimit = 2;                /* the OWASP minimum: fast tests */
  o.memlimit = 19u * 1024 * 1024;
  o.session_idle = 600;
  o.session_max = 3600;
  o.throttle_window = 900;
  o.throttle_login = 5;
  o.throttle_ip = 8;
  o.clock = fake_clock;
  mvr_auth_configure(&o);
}

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  char err[256];

  assert_non_null(f);
  configure();
  fake_now = 1700000000;
  snprintf(f->path, sizeof f->path, "/tmp/mvr-test-auth-%ld.db",
           (long)getpid());
  assert_int_equal(mvr_db_open(testdb_fresh(f->path), MVR_OPEN_CREATE, &f->db,
                               err, sizeof err),
                   MVR_OK);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;

  mvr_db_close(f->db);
  testdb_remove(f->path);
  free(f);
  return 0;
}

/* One text value from SQL run on another connection (testdb.h). */
static void sql_text(const char *path, const char *sql, char *out,
                     size_t size)
{
  assert_int_equal(testdb_query(path, sql, out, size), 0);
}

static long sql_long(const char *path, const char *sql)
{
  char buf[64];
  sql_text(path, sql, buf, sizeof buf);
  return strtol(buf, NULL, 10);
}

/* The m= and t= of an Argon2id PHC string; 0 if not one. */
static int phc_params(const char *h, unsigned long long *m,
                      unsigned long long *t)
{
  const char *p = "$argon2id$v=19$m=";
  char *end;

  if (strncmp(h, p, strlen(p)) != 0)
    return 0;
  *m = strtoull(h + strlen(p), &end, 10);
  if (strncmp(end, ",t=", 3) != 0)
    return 0;
  *t = strtoull(end + 3, &end, 10);
  return strncmp(end, ",p=1$", 5) == 0;
}

static void add_users(mvr_db *db)
{
  assert_int_equal(mvr_user_add(db, "ed", "Edith Editor", MVR_ROLE_EDITOR,
                                NULL, "correct horse"),
                   MVR_OK);
  assert_int_equal(mvr_user_add(db, "li.a", NULL, MVR_ROLE_LIAISON,
                                "JTC 1/SC 29", "liaison-pass"),
                   MVR_OK);
}

static void test_roles(void **state)
{
  (void)state;
  assert_int_equal(mvr_role_parse("liaison"), MVR_ROLE_LIAISON);
  assert_int_equal(mvr_role_parse("editor"), MVR_ROLE_EDITOR);
  assert_int_equal(mvr_role_parse("admin"), MVR_ROLE_SECRETARIAT);
  assert_int_equal(mvr_role_parse("secretariat"), MVR_ROLE_SECRETARIAT);
  assert_int_equal(mvr_role_parse("root"), MVR_ROLE_NONE);
  assert_int_equal(mvr_role_parse(NULL), MVR_ROLE_NONE);
  assert_string_equal(mvr_role_name(MVR_ROLE_NONE), "anonymous");
  assert_string_equal(mvr_role_name(MVR_ROLE_EDITOR), "editor");
  assert_true(mvr_secret_equal("abc", "abc"));
  assert_false(mvr_secret_equal("abc", "abd"));
  assert_false(mvr_secret_equal("abc", "abcd"));
  assert_false(mvr_secret_equal("", ""));
  assert_false(mvr_secret_equal(NULL, "a"));
}

static void test_hash(void **state)
{
  fixture *f = *state;
  char h[512];
  unsigned long long m, t;

  add_users(f->db);
  sql_text(f->path, "SELECT pwhash FROM users WHERE login = 'ed'", h,
           sizeof h);
  /* a PHC string for Argon2id with m >= 19 MiB, t >= 2, p = 1 */
  assert_true(strncmp(h, "$argon2id$v=19$m=", 17) == 0);
  assert_true(phc_params(h, &m, &t));
  assert_true(m >= 19 * 1024);
  assert_true(t >= 2);
  assert_null(strstr(h, "correct horse"));
  assert_int_equal(crypto_pwhash_str_verify(h, "correct horse", 13), 0);
  /* options below OWASP's are raised to it */
  {
    mvr_auth_options o;
    memset(&o, 0, sizeof o);
    o.opslimit = 1;
    o.memlimit = 1024 * 1024;
    o.clock = fake_clock;
    mvr_auth_configure(&o);
    assert_int_equal(mvr_user_add(f->db, "weak", NULL, MVR_ROLE_EDITOR, NULL,
                                  "password1"),
                     MVR_OK);
    configure();
    sql_text(f->path, "SELECT pwhash FROM users WHERE login = 'weak'", h,
             sizeof h);
    assert_true(phc_params(h, &m, &t));
    assert_true(m >= 19 * 1024);
    assert_true(t >= 2);
  }
  /* the same password twice: two salts, two hashes */
  assert_int_equal(mvr_user_add(f->db, "ed2", NULL, MVR_ROLE_EDITOR, NULL,
                                "correct horse"),
                   MVR_OK);
  assert_int_equal(sql_long(f->path, "SELECT count(DISTINCT pwhash) FROM users"
                                     " WHERE login IN ('ed', 'ed2')"),
                   2);
}

static mvr_status collect(void *ud, const mvr_user *u)
{
  char *buf = ud;
  size_t n = strlen(buf);
  snprintf(buf + n, 1024 - n, "%s:%s:%s:%d;", u->login,
           mvr_role_name(u->role), u->org, u->disabled);
  return MVR_OK;
}

static void test_users(void **state)
{
  fixture *f = *state;
  char list[1024] = "";

  add_users(f->db);
  assert_int_equal(mvr_user_add(f->db, "ed", NULL, MVR_ROLE_EDITOR, NULL,
                                "another one"),
                   MVR_ERR_EXISTS);
  assert_int_equal(mvr_user_add(f->db, "bad login", NULL, MVR_ROLE_EDITOR,
                                NULL, "password1"),
                   MVR_ERR_ARG);
  assert_int_equal(
      mvr_user_add(f->db, "", NULL, MVR_ROLE_EDITOR, NULL, "password1"),
      MVR_ERR_ARG);
  assert_int_equal(mvr_user_add(f->db, "x<script>", NULL, MVR_ROLE_EDITOR,
                                NULL, "password1"),
                   MVR_ERR_ARG);
  assert_int_equal(
      mvr_user_add(f->db, "short", NULL, MVR_ROLE_EDITOR, NULL, "1234567"),
      MVR_ERR_ARG);
  assert_int_equal(mvr_user_add(f->db, "noorg", NULL, MVR_ROLE_LIAISON, NULL,
                                "password1"),
                   MVR_ERR_ARG);
  assert_int_equal(mvr_user_add(f->db, "edorg", NULL, MVR_ROLE_EDITOR, "W3C",
                                "password1"),
                   MVR_ERR_ARG);
  assert_int_equal(
      mvr_user_add(f->db, "norole", NULL, MVR_ROLE_NONE, NULL, "password1"),
      MVR_ERR_ARG);
  assert_int_equal(mvr_user_list(f->db, collect, list), MVR_OK);
  assert_string_equal(list, "ed:editor::0;li.a:liaison:ISO/IEC JTC 1/SC 29:0;");
  assert_int_equal(mvr_user_disable(f->db, "nobody", 1), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_user_passwd(f->db, "nobody", "password1"),
                   MVR_ERR_NOTFOUND);
}

static void test_sessions(void **state)
{
  fixture *f = *state;
  char tok[MVR_TOKEN_SIZE], tok2[MVR_TOKEN_SIZE], h[128];
  mvr_principal who;
  long wait = -1;
  size_t i;

  add_users(f->db);
  assert_int_equal(mvr_login(f->db, "li.a", "liaison-pass", "10.0.0.1", NULL,
                             tok, &who, &wait),
                   MVR_OK);
  assert_int_equal(wait, 0);
  assert_int_equal(strlen(tok), 64); /* 256 bits, hex */
  for (i = 0; i < 64; i++)
    assert_non_null(strchr("0123456789abcdef", tok[i]));
  assert_int_equal(who.role, MVR_ROLE_LIAISON);
  assert_string_equal(who.login, "li.a");
  assert_string_equal(who.org, "ISO/IEC JTC 1/SC 29");
  assert_int_equal(strlen(who.csrf), 64);
  /* only the hash is stored */
  assert_int_equal(sql_long(f->path, "SELECT count(*) FROM sessions"), 1);
  sql_text(f->path, "SELECT token_hash FROM sessions", h, sizeof h);
  assert_int_equal(strlen(h), 64);
  assert_string_not_equal(h, tok);
  /* the session is found; its CSRF token is the login's */
  {
    mvr_principal w2;
    assert_int_equal(mvr_session_check(f->db, tok, &w2), MVR_OK);
    assert_string_equal(w2.csrf, who.csrf);
    assert_int_equal(w2.user_id, who.user_id);
  }
  /* malformed or unknown tokens */
  assert_int_equal(mvr_session_check(f->db, "abc", &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_session_check(f->db, NULL, &who), MVR_ERR_NOTFOUND);
  memcpy(tok2, tok, sizeof tok2);
  tok2[0] = tok2[0] == 'a' ? 'b' : 'a';
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(who.role, MVR_ROLE_NONE);

  /* rotation: logging in again with the old token ends it */
  assert_int_equal(mvr_login(f->db, "li.a", "liaison-pass", "10.0.0.1", tok,
                             tok2, &who, &wait),
                   MVR_OK);
  assert_string_not_equal(tok, tok2);
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_OK);

  /* idle expiry: seen 599 s ago is fine (and refreshes), 600 s is not */
  fake_now += 599;
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_OK);
  fake_now += 599;
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_OK);
  fake_now += 600;
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(sql_long(f->path, "SELECT count(*) FROM sessions"), 0);

  /* absolute expiry: used every 500 s, still ends after 3,600 s */
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", NULL, NULL, tok,
                             &who, NULL),
                   MVR_OK);
  for (i = 0; i < 7; i++) {
    fake_now += 500;
    assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_OK);
  }
  fake_now += 100; /* 3,600 s */
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);

  /* logout */
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", NULL, NULL, tok,
                             &who, NULL),
                   MVR_OK);
  assert_int_equal(mvr_session_end(f->db, tok), MVR_OK);
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_session_end(f->db, tok), MVR_OK);
  assert_int_equal(mvr_session_end(f->db, "junk"), MVR_OK);

  /* a password change ends every session of the user */
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", NULL, NULL, tok,
                             &who, NULL),
                   MVR_OK);
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", NULL, NULL, tok2,
                             &who, NULL),
                   MVR_OK);
  assert_int_equal(mvr_user_passwd(f->db, "ed", "battery staple"), MVR_OK);
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_session_check(f->db, tok2, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", NULL, NULL, tok,
                             &who, NULL),
                   MVR_ERR_DENIED);
  assert_int_equal(mvr_login(f->db, "ed", "battery staple", NULL, NULL, tok,
                             &who, NULL),
                   MVR_OK);

  /* disabling ends sessions and refuses the login, with the same answer
   * as a wrong password */
  assert_int_equal(mvr_user_disable(f->db, "ed", 1), MVR_OK);
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_login(f->db, "ed", "battery staple", NULL, NULL, tok,
                             &who, NULL),
                   MVR_ERR_DENIED);
  assert_string_equal(tok, "");
  assert_int_equal(mvr_user_disable(f->db, "ed", 0), MVR_OK);
  assert_int_equal(mvr_login(f->db, "ed", "battery staple", NULL, NULL, tok,
                             &who, NULL),
                   MVR_OK);

  /* purge removes what expired */
  fake_now += 4000;
  {
    long n = -1;
    assert_int_equal(mvr_auth_purge(f->db, &n), MVR_OK);
    assert_true(n >= 1);
    assert_int_equal(sql_long(f->path, "SELECT count(*) FROM sessions"), 0);
  }
}

static void test_tokens(void **state)
{
  fixture *f = *state;
  char tok[MVR_TOKEN_SIZE], tok2[MVR_TOKEN_SIZE], h[128];
  mvr_principal who;
  int64_t id = 0, id2 = 0;

  add_users(f->db);
  assert_int_equal(mvr_token_create(f->db, "li.a", "upload", tok, &id),
                   MVR_OK);
  assert_true(id > 0);
  assert_int_equal(strlen(tok), 68);
  assert_memory_equal(tok, "mvr_", 4);
  sql_text(f->path, "SELECT token_hash FROM api_tokens", h, sizeof h);
  assert_null(strstr(tok, h));
  assert_null(strstr(h, tok + 4));
  assert_int_equal(mvr_token_check(f->db, tok, &who), MVR_OK);
  assert_int_equal(who.role, MVR_ROLE_LIAISON);
  assert_string_equal(who.org, "ISO/IEC JTC 1/SC 29");
  assert_string_equal(who.csrf, "");
  /* a session token is not an API token and the other way round */
  assert_int_equal(mvr_session_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_check(f->db, tok + 4, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_create(f->db, "nobody", NULL, tok2, &id2),
                   MVR_ERR_NOTFOUND);
  assert_string_equal(tok2, "");
  assert_int_equal(mvr_token_create(f->db, "ed", NULL, tok2, &id2), MVR_OK);
  /* revoking one leaves the other */
  assert_int_equal(mvr_token_revoke(f->db, id), MVR_OK);
  assert_int_equal(mvr_token_check(f->db, tok, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_revoke(f->db, id), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_revoke(f->db, 9999), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_check(f->db, tok2, &who), MVR_OK);
  assert_int_equal(who.role, MVR_ROLE_EDITOR);
  /* disabling revokes */
  assert_int_equal(mvr_user_disable(f->db, "ed", 1), MVR_OK);
  assert_int_equal(mvr_token_check(f->db, tok2, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_user_disable(f->db, "ed", 0), MVR_OK);
  assert_int_equal(mvr_token_check(f->db, tok2, &who), MVR_ERR_NOTFOUND);
  assert_int_equal(mvr_token_create(f->db, "ed", NULL, tok2, &id2), MVR_OK);
  assert_int_equal(mvr_user_disable(f->db, "ed", 1), MVR_OK);
  assert_int_equal(mvr_token_create(f->db, "ed", NULL, tok2, &id2),
                   MVR_ERR_DENIED);
}

static void test_throttle(void **state)
{
  fixture *f = *state;
  char tok[MVR_TOKEN_SIZE], err[256];
  mvr_principal who;
  mvr_db *other = NULL;
  long wait = 0;
  int i;

  add_users(f->db);
  /* 5 failures for "ed" from several addresses */
  for (i = 0; i < 5; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "10.0.1.%d", i);
    assert_int_equal(mvr_login(f->db, "ed", "wrong", ip, NULL, tok, &who,
                               &wait),
                     MVR_ERR_DENIED);
    assert_int_equal(wait, 0);
    fake_now += 10;
  }
  /* the right password is refused now, with a delay, also through a
   * second connection (another server) */
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", "10.0.2.1", NULL,
                             tok, &who, &wait),
                   MVR_ERR_DENIED);
  assert_int_equal(wait, 900 - 50);
  assert_int_equal(
      mvr_db_open(testdb_name(f->path), 0, &other, err, sizeof err), MVR_OK);
  assert_int_equal(mvr_login(other, "ed", "correct horse", "10.0.2.1", NULL,
                             tok, &who, &wait),
                   MVR_ERR_DENIED);
  assert_true(wait > 0);
  /* another login is not throttled */
  assert_int_equal(mvr_login(other, "li.a", "liaison-pass", "10.0.2.1", NULL,
                             tok, &who, &wait),
                   MVR_OK);
  /* after the window it works again, and success clears the count */
  fake_now += 900;
  assert_int_equal(mvr_login(f->db, "ed", "correct horse", "10.0.2.1", NULL,
                             tok, &who, &wait),
                   MVR_OK);
  assert_int_equal(wait, 0);

  /* per address: 8 failures on 8 logins (unknown ones too) from one
   * address block that address for every login */
  for (i = 0; i < 8; i++) {
    char login[32];
    snprintf(login, sizeof login, "user%d", i);
    assert_int_equal(mvr_login(other, login, "wrong", "192.0.2.7", NULL, tok,
                               &who, &wait),
                     MVR_ERR_DENIED);
    assert_int_equal(wait, 0);
  }
  assert_int_equal(mvr_login(f->db, "li.a", "liaison-pass", "192.0.2.7", NULL,
                             tok, &who, &wait),
                   MVR_ERR_DENIED);
  assert_int_equal(wait, 900);
  assert_int_equal(mvr_login(f->db, "li.a", "liaison-pass", "192.0.2.8", NULL,
                             tok, &who, &wait),
                   MVR_OK);
  mvr_db_close(other);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roles),
      cmocka_unit_test_setup_teardown(test_hash, setup, teardown),
      cmocka_unit_test_setup_teardown(test_users, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
      cmocka_unit_test_setup_teardown(test_throttle, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
