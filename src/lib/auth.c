/* auth.c - accounts, sessions, API tokens and login throttling
 * (include/mvroad/auth.h). Passwords are hashed with Argon2id through
 * libsodium's crypto_pwhash_str; tokens come from randombytes_buf and only
 * their SHA-256 reaches the store (store_auth.h). Nothing is kept in the
 * process apart from the settings: every server sharing the database sees
 * the same sessions and the same throttles. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "store_auth.h"
#include "util.h"

#define OWASP_MEMLIMIT (19u * 1024 * 1024)
#define OWASP_OPSLIMIT 2
#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024
#define NAME_MAX_BYTES (MVR_USER_NAME_MAX - 1)
#define TOKEN_NAME_MAX 200
/* a session's last_seen is written at most once a minute */
#define TOUCH_EVERY 60

static mvr_auth_options opts;

static int64_t clock_default(void) { return (int64_t)time(NULL); }

static void set_defaults(void)
{
  const char *fast = getenv("MVROAD_PWHASH_FAST");

  if (!opts.opslimit)
    opts.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (!opts.memlimit)
    opts.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (fast && strcmp(fast, "1") == 0) {
    opts.opslimit = OWASP_OPSLIMIT;
    opts.memlimit = OWASP_MEMLIMIT;
  }
  if (opts.opslimit < OWASP_OPSLIMIT)
    opts.opslimit = OWASP_OPSLIMIT;
  if (opts.memlimit < OWASP_MEMLIMIT)
    opts.memlimit = OWASP_MEMLIMIT;
  if (opts.session_idle <= 0)
    opts.session_idle = 30 * 60;
  if (opts.session_max <= 0)
    opts.session_max = 12 * 3600;
  if (opts.throttle_window <= 0)
    opts.throttle_window = 15 * 60;
  if (opts.throttle_login <= 0)
    opts.throttle_login = 10;
  if (opts.throttle_ip <= 0)
    opts.throttle_ip = 100;
  if (!opts.clock)
    opts.clock = clock_default;
}

static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
  set_defaults();
  if (sodium_init() < 0)
    abort(); /* no random source: nothing safe can be done */
}

/* Settings in force; libsodium initialised. */
static const mvr_auth_options *settings(void)
{
  pthread_once(&defaults_once, init_once);
  return &opts;
}

void mvr_auth_configure(const mvr_auth_options *o)
{
  pthread_once(&defaults_once, init_once);
  if (o)
    opts = *o;
  else
    memset(&opts, 0, sizeof opts);
  set_defaults();
}

mvr_role mvr_role_parse(const char *s)
{
  if (!s)
    return MVR_ROLE_NONE;
  if (strcmp(s, "liaison") == 0)
    return MVR_ROLE_LIAISON;
  if (strcmp(s, "editor") == 0)
    return MVR_ROLE_EDITOR;
  if (strcmp(s, "secretariat") == 0 || strcmp(s, "admin") == 0)
    return MVR_ROLE_SECRETARIAT;
  return MVR_ROLE_NONE;
}

const char *mvr_role_name(mvr_role r)
{
  switch (r) {
  case MVR_ROLE_LIAISON:
    return "liaison";
  case MVR_ROLE_EDITOR:
    return "editor";
  case MVR_ROLE_SECRETARIAT:
    return "secretariat";
  default:
    return "anonymous";
  }
}

int mvr_secret_equal(const char *a, const char *b)
{
  size_t n;

  if (!a || !b)
    return 0;
  n = strlen(a);
  if (!n || n != strlen(b))
    return 0;
  return sodium_memcmp(a, b, n) == 0;
}

/* --- helpers ------------------------------------------------------- */

static const struct mvr_store_auth_ops *ops(mvr_db *db)
{
  return db->store->ops->auth;
}

static mvr_status begin(mvr_db *db, int write)
{
  mvr_status rc;

  if (!ops(db))
    return mvr_db_fail(db, MVR_ERR_STORE,
                       "this database backend has no accounts");
  rc = db->store->ops->begin(db->store, write);
  return rc ? mvr_db_store_fail(db, rc) : MVR_OK;
}

/* Commit on success, roll back otherwise; returns the outcome. */
static mvr_status end(mvr_db *db, mvr_status rc)
{
  if (!rc) {
    rc = db->store->ops->commit(db->store);
    if (rc)
      mvr_db_store_fail(db, rc);
  }
  if (rc)
    db->store->ops->rollback(db->store);
  return rc;
}

/* A store failure with its message on the handle (other statuses as
 * they are, their messages set already). */
static mvr_status sfail(mvr_db *db, mvr_status rc)
{
  return rc == MVR_ERR_STORE || rc == MVR_ERR_BUSY ? mvr_db_store_fail(db, rc)
                                                   : rc;
}

static void time_text(int64_t t, char buf[21])
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r(&tt, &tm);
  strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int valid_login(const char *s)
{
  size_t n = 0;

  if (!s)
    return 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' ||
          c == '-'))
      return 0;
  }
  return n >= 1 && n < MVR_LOGIN_MAX;
}

static mvr_status check_password(mvr_db *db, const char *pw)
{
  size_t n = pw ? strlen(pw) : 0;

  if (n < PASSWORD_MIN)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "a password has at least %d characters", PASSWORD_MIN);
  if (n > PASSWORD_MAX)
    return mvr_db_fail(db, MVR_ERR_ARG, "a password has at most %d bytes",
                       PASSWORD_MAX);
  return MVR_OK;
}

static mvr_status hash_password(mvr_db *db, const char *pw,
                                char out[crypto_pwhash_STRBYTES])
{
  const mvr_auth_options *o = settings();

  if (crypto_pwhash_str(out, pw, strlen(pw), o->opslimit, o->memlimit) != 0)
    return mvr_db_fail(db, MVR_ERR_NOMEM,
                       "hashing the password failed (out of memory)");
  return MVR_OK;
}

/* 32 random bytes as 64 lowercase hex digits. */
static void random_hex(char out[65])
{
  unsigned char b[32];

  randombytes_buf(b, sizeof b);
  sodium_bin2hex(out, 65, b, sizeof b);
  sodium_memzero(b, sizeof b);
}

/* The stored form of a token: SHA-256, lowercase hex. */
static void token_hash(const char *token, char out[65])
{
  unsigned char h[crypto_hash_sha256_BYTES];

  crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
  sodium_bin2hex(out, 65, h, sizeof h);
}

static int is_hex(const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return 0;
  return s[n] == '\0';
}

static void copy(char *dst, size_t size, const char *src)
{
  snprintf(dst, size, "%s", src ? src : "");
}

static void fill_principal(mvr_principal *who, const mvr_user_rec *u,
                           const char *csrf)
{
  memset(who, 0, sizeof *who);
  who->user_id = u->id;
  who->role = mvr_role_parse(u->role);
  copy(who->login, sizeof who->login, u->login);
  copy(who->name, sizeof who->name, u->name);
  copy(who->org, sizeof who->org, u->org);
  copy(who->csrf, sizeof who->csrf, csrf);
}

/* --- users ----------------------------------------------------------- */

static mvr_status user_add_once(mvr_db *db, const char *login, const char *name,
                                mvr_role role, const char *org,
                                const char *password)
{
  char hash[crypto_pwhash_STRBYTES], now[21];
  char *cname = NULL;
  mvr_org_name on = {0};
  mvr_user_rec u;
  int64_t id = 0;
  mvr_status rc;

  db->err[0] = '\0';
  if (!valid_login(login))
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "a login is 1 to %d characters among A-Z a-z 0-9 . _ "
                       "@ -",
                       MVR_LOGIN_MAX - 1);
  if (role != MVR_ROLE_LIAISON && role != MVR_ROLE_EDITOR &&
      role != MVR_ROLE_SECRETARIAT)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "the role is liaison, editor or secretariat");
  if (role == MVR_ROLE_LIAISON && (!org || !*org))
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "a liaison representative needs an organisation");
  if (role != MVR_ROLE_LIAISON && org && *org)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "only a liaison representative has an organisation");
  rc = check_password(db, password);
  if (rc)
    return rc;
  rc = mvr_text_clean(name ? name : "", name ? strlen(name) : 0, 0, &cname,
                      NULL);
  if (rc == MVR_ERR_DATA)
    rc = mvr_db_fail(db, MVR_ERR_ARG, "the name is not UTF-8 text");
  if (rc)
    goto out;
  if (strlen(cname) > NAME_MAX_BYTES) {
    rc = mvr_db_fail(db, MVR_ERR_ARG, "a name has at most %d bytes",
                     NAME_MAX_BYTES);
    goto out;
  }
  if (role == MVR_ROLE_LIAISON) {
    rc = mvr_normalize_org(db->profile, org, strlen(org), &on);
    if (rc == MVR_ERR_DATA)
      rc = mvr_db_fail(db, MVR_ERR_ARG, "the organisation \"%s\" is not valid",
                       org);
    if (rc)
      goto out;
    if (strlen(on.name) >= MVR_ORG_NAME_MAX) {
      rc = mvr_db_fail(db, MVR_ERR_ARG,
                       "an organisation name has at most %d bytes",
                       MVR_ORG_NAME_MAX - 1);
      goto out;
    }
  }
  rc = hash_password(db, password, hash);
  if (rc)
    goto out;
  mvr_timestamp_now(now);
  memset(&u, 0, sizeof u);
  u.login = login;
  u.name = cname;
  u.role = mvr_role_name(role);
  u.org = on.name ? on.name : "";
  u.pwhash = hash;
  u.created_at = now;
  rc = begin(db, 1);
  if (rc)
    goto out;
  rc = end(db, sfail(db, ops(db)->user_add(db->store, &u, &id)));
  if (rc == MVR_ERR_EXISTS)
    mvr_db_store_fail(db, rc);
out:
  sodium_memzero(hash, sizeof hash);
  mvr_org_name_clear(&on);
  mvr_free(cname);
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_user_add(mvr_db *db, const char *login, const char *name,
                        mvr_role role, const char *org, const char *password)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = user_add_once(db, login, name, role, org, password);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

/* The user `login` into *id (and *disabled); MVR_ERR_NOTFOUND with a
 * message if none. Inside a transaction. */
static mvr_status user_id(mvr_db *db, const char *login, int64_t *id,
                          int *disabled)
{
  mvr_user_rec u;
  int found = 0;
  mvr_status rc;

  rc = ops(db)->user_get(db->store, login ? login : "", &u, &found);
  if (rc)
    return sfail(db, rc);
  if (!found)
    return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no user \"%s\"",
                       login ? login : "");
  *id = u.id;
  if (disabled)
    *disabled = u.disabled;
  return MVR_OK;
}

static mvr_status user_passwd_once(mvr_db *db, const char *login,
                                   const char *password)
{
  char hash[crypto_pwhash_STRBYTES];
  int64_t id = 0;
  mvr_status rc;

  db->err[0] = '\0';
  rc = check_password(db, password);
  if (!rc)
    rc = hash_password(db, password, hash);
  if (rc)
    return rc;
  rc = begin(db, 1);
  if (!rc) {
    rc = user_id(db, login, &id, NULL);
    if (!rc)
      rc = sfail(db, ops(db)->user_update(db->store, id, hash, -1));
    if (!rc)
      rc = sfail(db, ops(db)->sessions_delete_user(db->store, id));
    rc = end(db, rc);
  }
  sodium_memzero(hash, sizeof hash);
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_user_passwd(mvr_db *db, const char *login, const char *password)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = user_passwd_once(db, login, password);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status user_disable_once(mvr_db *db, const char *login, int disabled)
{
  int64_t id = 0;
  mvr_status rc;

  db->err[0] = '\0';
  rc = begin(db, 1);
  if (rc)
    return rc;
  rc = user_id(db, login, &id, NULL);
  if (!rc)
    rc = sfail(db, ops(db)->user_update(db->store, id, NULL, disabled != 0));
  if (!rc && disabled)
    rc = sfail(db, ops(db)->sessions_delete_user(db->store, id));
  if (!rc && disabled)
    rc = sfail(db, ops(db)->tokens_revoke_user(db->store, id));
  return end(db, rc);
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_user_disable(mvr_db *db, const char *login, int disabled)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = user_disable_once(db, login, disabled);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

struct list_ctx {
  mvr_user_fn fn;
  void *ud;
};

static mvr_status list_one(void *ud, const mvr_user_rec *r)
{
  struct list_ctx *c = ud;
  mvr_user u;

  u.id = r->id;
  u.login = r->login;
  u.name = r->name;
  u.role = mvr_role_parse(r->role);
  u.org = r->org;
  u.disabled = r->disabled;
  u.created_at = r->created_at;
  u.sessions = r->sessions;
  u.tokens = r->tokens;
  return c->fn(c->ud, &u);
}

mvr_status mvr_user_list(mvr_db *db, mvr_user_fn fn, void *ud)
{
  struct list_ctx c = {fn, ud};
  mvr_status rc;

  db->err[0] = '\0';
  rc = begin(db, 0);
  if (rc)
    return rc;
  return end(db, sfail(db, ops(db)->users(db->store, list_one, &c)));
}

/* --- logging in -------------------------------------------------------- */

/* Is (kind, key) over its limit? *wait = seconds until it is not. */
static mvr_status throttled(mvr_db *db, const char *kind, const char *key,
                            int limit, int64_t now, long *wait)
{
  const mvr_auth_options *o = settings();
  int64_t oldest = 0;
  long n = 0;
  mvr_status rc;

  rc = ops(db)->failures(db->store, kind, key, now - o->throttle_window + 1,
                         &n, &oldest);
  if (rc)
    return sfail(db, rc);
  if (n >= limit) {
    long w = (long)(oldest + o->throttle_window - now);
    if (w > *wait)
      *wait = w < 1 ? 1 : w;
  }
  return MVR_OK;
}

/* The cost of checking a password, for logins that do not exist, so
 * that the answer's time does not tell whether a login exists. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
  char pw[65];
  const mvr_auth_options *o = settings();

  random_hex(pw);
  if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), o->opslimit,
                        o->memlimit) != 0)
    dummy_hash[0] = '\0';
}

static mvr_status login_once(mvr_db *db, const char *login,
                             const char *password, const char *client,
                             const char *old_token, char token[MVR_TOKEN_SIZE],
                             mvr_principal *who, long *retry_after)
{
  const mvr_auth_options *o = settings();
  char hash[crypto_pwhash_STRBYTES] = "", rehash[crypto_pwhash_STRBYTES];
  char th[65], csrf[65], oldh[65];
  mvr_user_rec u;
  mvr_session_rec ses;
  int64_t now = o->clock(), uid = 0;
  long wait = 0;
  int found = 0, ok = 0, disabled = 0, need_rehash = 0;
  mvr_status rc;

  db->err[0] = '\0';
  token[0] = '\0';
  memset(who, 0, sizeof *who);
  if (retry_after)
    *retry_after = 0;
  if (!login)
    login = "";
  if (!password)
    password = "";
  /* 1. the throttles and the user, read in one short transaction */
  rc = begin(db, 0);
  if (rc)
    return rc;
  rc = throttled(db, "login", login, o->throttle_login, now, &wait);
  if (!rc && client && *client)
    rc = throttled(db, "ip", client, o->throttle_ip, now, &wait);
  if (!rc && !wait && valid_login(login)) {
    rc = sfail(db, ops(db)->user_get(db->store, login, &u, &found));
    if (!rc && found) {
      copy(hash, sizeof hash, u.pwhash);
      uid = u.id;
      disabled = u.disabled;
    }
  }
  rc = end(db, rc);
  if (rc)
    return rc;
  if (wait) {
    if (retry_after)
      *retry_after = wait;
    return mvr_db_fail(db, MVR_ERR_DENIED,
                       "too many failed logins; try again in %ld s", wait);
  }
  /* 2. the password, outside any transaction (it takes a while) */
  if (found && strlen(password) <= PASSWORD_MAX) {
    ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    need_rehash = ok && crypto_pwhash_str_needs_rehash(hash, o->opslimit,
                                                       o->memlimit) != 0;
  } else {
    pthread_once(&dummy_once, make_dummy);
    if (dummy_hash[0] &&
        crypto_pwhash_str_verify(dummy_hash, password,
                                 strlen(password) > PASSWORD_MAX
                                     ? PASSWORD_MAX
                                     : strlen(password)) == 0)
      ok = 0; /* a random password: never */
  }
  ok = ok && !disabled;
  if (need_rehash && hash_password(db, password, rehash) != MVR_OK)
    need_rehash = 0;
  /* 3. the outcome */
  rc = begin(db, 1);
  if (rc)
    goto out;
  if (!ok) {
    rc = sfail(db, ops(db)->failure_add(db->store, "login", login, now));
    if (!rc && client && *client)
      rc = sfail(db, ops(db)->failure_add(db->store, "ip", client, now));
    rc = end(db, rc);
    if (!rc)
      rc = mvr_db_fail(db, MVR_ERR_DENIED, "wrong login or password");
    goto out;
  }
  if (old_token && strlen(old_token) == 64 && is_hex(old_token, 64)) {
    token_hash(old_token, oldh);
    rc = sfail(db, ops(db)->session_delete(db->store, oldh));
  }
  if (!rc && need_rehash)
    rc = sfail(db, ops(db)->user_update(db->store, uid, rehash, -1));
  if (!rc)
    rc = sfail(db, ops(db)->failures_clear(db->store, "login", login));
  if (!rc) {
    random_hex(token);
    random_hex(csrf);
    token_hash(token, th);
    memset(&ses, 0, sizeof ses);
    ses.token_hash = th;
    ses.user_id = uid;
    ses.csrf = csrf;
    ses.created = now;
    ses.last_seen = now;
    rc = sfail(db, ops(db)->session_add(db->store, &ses));
  }
  if (!rc) {
    rc = sfail(db, ops(db)->user_get(db->store, login, &u, &found));
    if (!rc && found)
      fill_principal(who, &u, csrf);
  }
  rc = end(db, rc);
  if (rc) {
    sodium_memzero(token, MVR_TOKEN_SIZE);
    memset(who, 0, sizeof *who);
  }
out:
  sodium_memzero(hash, sizeof hash);
  sodium_memzero(rehash, sizeof rehash);
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_login(mvr_db *db, const char *login, const char *password,
                     const char *client, const char *old_token,
                     char token[MVR_TOKEN_SIZE], mvr_principal *who,
                     long *retry_after)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = login_once(db, login, password, client, old_token, token, who,
                    retry_after);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status session_check_once(mvr_db *db, const char *token,
                                     mvr_principal *who)
{
  const mvr_auth_options *o = settings();
  mvr_session_rec ses;
  mvr_user_rec u;
  char th[65];
  int64_t now = o->clock();
  int found = 0, expired = 0, touch = 0;
  mvr_status rc;

  db->err[0] = '\0';
  memset(who, 0, sizeof *who);
  if (!token || strlen(token) != 64 || !is_hex(token, 64))
    return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no such session");
  token_hash(token, th);
  rc = begin(db, 0);
  if (rc)
    return rc;
  rc = sfail(db, ops(db)->session_get(db->store, th, &ses, &u, &found));
  if (!rc && found) {
    expired = u.disabled || now - ses.last_seen >= o->session_idle ||
              now - ses.created >= o->session_max || now < ses.created;
    touch = !expired && now - ses.last_seen >= TOUCH_EVERY;
    if (!expired)
      fill_principal(who, &u, ses.csrf);
  }
  rc = end(db, rc);
  if (rc)
    return rc;
  if (expired || touch) {
    rc = begin(db, 1);
    if (rc)
      goto fail;
    rc = expired ? ops(db)->session_delete(db->store, th)
                 : ops(db)->session_touch(db->store, th, now);
    rc = end(db, sfail(db, rc));
    /* a busy database does not make a valid session invalid */
    if (rc && !expired && rc == MVR_ERR_BUSY)
      rc = MVR_OK;
    if (rc)
      goto fail;
  }
  if (!found || expired)
    return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no such session");
  return MVR_OK;
fail:
  memset(who, 0, sizeof *who);
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_session_check(mvr_db *db, const char *token, mvr_principal *who)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = session_check_once(db, token, who);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status session_end_once(mvr_db *db, const char *token)
{
  char th[65];
  mvr_status rc;

  db->err[0] = '\0';
  if (!token || strlen(token) != 64 || !is_hex(token, 64))
    return MVR_OK;
  token_hash(token, th);
  rc = begin(db, 1);
  if (rc)
    return rc;
  return end(db, sfail(db, ops(db)->session_delete(db->store, th)));
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_session_end(mvr_db *db, const char *token)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = session_end_once(db, token);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status auth_purge_once(mvr_db *db, long *n)
{
  const mvr_auth_options *o = settings();
  int64_t now = o->clock();
  long k = 0;
  mvr_status rc;

  db->err[0] = '\0';
  rc = begin(db, 1);
  if (rc)
    return rc;
  rc = sfail(db, ops(db)->sessions_purge(db->store, now - o->session_idle,
                                         now - o->session_max, &k));
  if (!rc)
    rc = sfail(db, ops(db)->failures_purge(
                       db->store, now - o->throttle_window, &k));
  rc = end(db, rc);
  if (n)
    *n = rc ? 0 : k;
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_auth_purge(mvr_db *db, long *n)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = auth_purge_once(db, n);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

/* --- API tokens -------------------------------------------------------- */

static mvr_status token_create_once(mvr_db *db, const char *login,
                                    const char *name,
                                    char token[MVR_TOKEN_SIZE], int64_t *id)
{
  mvr_token_rec t;
  char th[65], now[21], *cname = NULL;
  int64_t uid = 0, tid = 0;
  int disabled = 0;
  mvr_status rc;

  db->err[0] = '\0';
  token[0] = '\0';
  if (id)
    *id = 0;
  rc = mvr_text_clean(name ? name : "", name ? strlen(name) : 0, 0, &cname,
                      NULL);
  if (rc == MVR_ERR_DATA)
    return mvr_db_fail(db, MVR_ERR_ARG, "the token name is not UTF-8 text");
  if (rc)
    return rc;
  if (strlen(cname) > TOKEN_NAME_MAX) {
    mvr_free(cname);
    return mvr_db_fail(db, MVR_ERR_ARG, "a token name has at most %d bytes",
                       TOKEN_NAME_MAX);
  }
  memcpy(token, "mvr_", 4);
  random_hex(token + 4);
  token_hash(token, th);
  mvr_timestamp_now(now);
  rc = begin(db, 1);
  if (rc)
    goto out;
  rc = user_id(db, login, &uid, &disabled);
  if (!rc && disabled)
    rc = mvr_db_fail(db, MVR_ERR_DENIED, "user \"%s\" is disabled", login);
  if (!rc) {
    memset(&t, 0, sizeof t);
    t.token_hash = th;
    t.user_id = uid;
    t.name = cname;
    t.created_at = now;
    rc = sfail(db, ops(db)->token_add(db->store, &t, &tid));
  }
  rc = end(db, rc);
out:
  if (rc)
    sodium_memzero(token, MVR_TOKEN_SIZE);
  else if (id)
    *id = tid;
  mvr_free(cname);
  return rc;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_token_create(mvr_db *db, const char *login, const char *name,
                            char token[MVR_TOKEN_SIZE], int64_t *id)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = token_create_once(db, login, name, token, id);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status token_revoke_once(mvr_db *db, int64_t id)
{
  int found = 0;
  mvr_status rc;

  db->err[0] = '\0';
  rc = begin(db, 1);
  if (rc)
    return rc;
  rc = sfail(db, ops(db)->token_revoke(db->store, id, &found));
  if (!rc && !found)
    rc = mvr_db_fail(db, MVR_ERR_NOTFOUND, "no token %lld (or revoked already)",
                     (long long)id);
  return end(db, rc);
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_token_revoke(mvr_db *db, int64_t id)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = token_revoke_once(db, id);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

static mvr_status token_check_once(mvr_db *db, const char *token,
                                   mvr_principal *who)
{
  const mvr_auth_options *o = settings();
  mvr_user_rec u;
  char th[65], at[21];
  int64_t tid = 0;
  int found = 0, ok = 0;
  mvr_status rc;

  db->err[0] = '\0';
  memset(who, 0, sizeof *who);
  if (!token || strlen(token) != 68 || strncmp(token, "mvr_", 4) != 0 ||
      !is_hex(token + 4, 64))
    return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no such token");
  token_hash(token, th);
  rc = begin(db, 0);
  if (rc)
    return rc;
  rc = sfail(db, ops(db)->token_get(db->store, th, &tid, &u, &found));
  if (!rc && found && !u.disabled) {
    fill_principal(who, &u, "");
    ok = 1;
  }
  rc = end(db, rc);
  if (rc || !ok) {
    memset(who, 0, sizeof *who);
    return rc ? rc : mvr_db_fail(db, MVR_ERR_NOTFOUND, "no such token");
  }
  /* last_used: best effort */
  time_text(o->clock(), at);
  if (begin(db, 1) == MVR_OK)
    (void)end(db, ops(db)->token_used(db->store, tid, at));
  db->err[0] = '\0';
  return MVR_OK;
}

/* Run again from the start when the server aborted its write
 * transaction for a serialisation failure or a deadlock
 * (mvr_db_replay(), issue 8). */
mvr_status mvr_token_check(mvr_db *db, const char *token, mvr_principal *who)
{
  mvr_status rc;
  int attempt;

  for (attempt = 0;; attempt++) {
    rc = token_check_once(db, token, who);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

struct token_ctx {
  mvr_token_fn fn;
  void *ud;
};

static mvr_status token_one(void *ud, const mvr_token_rec *r)
{
  struct token_ctx *c = ud;
  mvr_token_info t;

  t.id = r->id;
  t.login = r->login;
  t.name = r->name;
  t.created_at = r->created_at;
  t.last_used = r->last_used;
  t.revoked = r->revoked;
  return c->fn(c->ud, &t);
}

mvr_status mvr_token_list(mvr_db *db, const char *login, mvr_token_fn fn,
                          void *ud)
{
  struct token_ctx c = {fn, ud};
  mvr_status rc;

  db->err[0] = '\0';
  rc = begin(db, 0);
  if (rc)
    return rc;
  return end(db, sfail(db, ops(db)->tokens(db->store, login, token_one, &c)));
}
