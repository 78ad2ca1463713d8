/* store_sqlite_auth.c - the SQLite store's accounts (store_auth.h):
 * users, sessions, API tokens and login failures. Every value is bound;
 * rows handed out are read from s->auth_stmt, kept open until the next
 * call (or the end of the transaction) so that their strings stay valid. */
#include <stdio.h>
#include <string.h>

#include "store_auth.h"
#include "store_sqlite.h"

#define USER_COLUMNS                                                           \
  "u.id, u.login, u.name, u.role, u.org, u.pwhash, u.disabled, u.created_at"

static void read_user(sqlite3_stmt *st, int at, mvr_user_rec *u)
{
  memset(u, 0, sizeof *u);
  u->id = sqlite3_column_int64(st, at);
  u->login = sq_col_text(st, at + 1);
  u->name = sq_col_text(st, at + 2);
  u->role = sq_col_text(st, at + 3);
  u->org = sq_col_text(st, at + 4);
  u->pwhash = sq_col_text(st, at + 5);
  u->disabled = sqlite3_column_int(st, at + 6);
  u->created_at = sq_col_text(st, at + 7);
}

/* Prepare constant `sql` into a fresh statement. */
static mvr_status prep(sq_store *s, const char *sql, sqlite3_stmt **st,
                       const char *what)
{
  *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
    return sq_fail(s, what);
  return MVR_OK;
}

/* Prepare `sql` as the held statement (rows handed out stay valid). */
static mvr_status prep_held(sq_store *s, const char *sql, const char *what)
{
  sqlite3_finalize(s->auth_stmt);
  s->auth_stmt = NULL;
  return prep(s, sql, &s->auth_stmt, what);
}

/* Step a statement that returns no row and finalize it. */
static mvr_status run_once(sq_store *s, sqlite3_stmt *st, const char *what)
{
  mvr_status rc = sq_run(s, st, what);
  sqlite3_finalize(st);
  return rc;
}

static mvr_status user_add(mvr_store *base, const mvr_user_rec *u,
                           int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;
  int r;

  *id = 0;
  rc = prep(s,
            "INSERT INTO users(login, name, role, org, pwhash, disabled,"
            " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &st, "adding a user");
  if (rc)
    return rc;
  sq_bind_text(st, 1, u->login);
  sq_bind_text(st, 2, u->name ? u->name : "");
  sq_bind_text(st, 3, u->role);
  sq_bind_text(st, 4, u->org ? u->org : "");
  sq_bind_text(st, 5, u->pwhash);
  sqlite3_bind_int(st, 6, u->disabled != 0);
  sq_bind_text(st, 7, u->created_at);
  r = sqlite3_step(st);
  if (r == SQLITE_DONE) {
    *id = sqlite3_last_insert_rowid(s->db);
  } else if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE) {
    snprintf(s->err, sizeof s->err, "a user \"%s\" exists already", u->login);
    rc = MVR_ERR_EXISTS;
  } else {
    rc = sq_fail(s, "adding a user");
  }
  sqlite3_finalize(st);
  return rc;
}

static mvr_status user_get(mvr_store *base, const char *login,
                           mvr_user_rec *out, int *found)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;
  int r;

  *found = 0;
  rc = prep_held(s, "SELECT " USER_COLUMNS " FROM users u WHERE u.login = ?1",
                 "finding a user");
  if (rc)
    return rc;
  sq_bind_text(s->auth_stmt, 1, login);
  r = sqlite3_step(s->auth_stmt);
  if (r == SQLITE_ROW) {
    read_user(s->auth_stmt, 0, out);
    *found = 1;
  } else if (r != SQLITE_DONE) {
    rc = sq_fail(s, "finding a user");
  }
  return rc;
}

static mvr_status user_update(mvr_store *base, int64_t id, const char *pwhash,
                              int disabled)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s,
            "UPDATE users SET pwhash = coalesce(?2, pwhash),"
            " disabled = CASE WHEN ?3 IN (0, 1) THEN ?3 ELSE disabled END"
            " WHERE id = ?1",
            &st, "updating a user");
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  if (pwhash)
    sq_bind_text(st, 2, pwhash);
  sqlite3_bind_int(st, 3, disabled);
  rc = run_once(s, st, "updating a user");
  if (!rc && sqlite3_changes(s->db) == 0) {
    snprintf(s->err, sizeof s->err, "no user with id %lld", (long long)id);
    rc = MVR_ERR_NOTFOUND;
  }
  return rc;
}

static mvr_status users(mvr_store *base, mvr_user_rec_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;
  int r;

  rc = prep(s,
            "SELECT " USER_COLUMNS ","
            " (SELECT count(*) FROM sessions x WHERE x.user_id = u.id),"
            " (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id"
            "  AND t.revoked = 0)"
            " FROM users u ORDER BY u.login",
            &st, "listing users");
  if (rc)
    return rc;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_user_rec u;
    read_user(st, 0, &u);
    u.pwhash = NULL;
    u.sessions = (long)sqlite3_column_int64(st, 8);
    u.tokens = (long)sqlite3_column_int64(st, 9);
    rc = fn(ud, &u);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing users");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status session_add(mvr_store *base, const mvr_session_rec *r)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s,
            "INSERT INTO sessions(token_hash, user_id, csrf, created,"
            " last_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
            &st, "starting a session");
  if (rc)
    return rc;
  sq_bind_text(st, 1, r->token_hash);
  sqlite3_bind_int64(st, 2, r->user_id);
  sq_bind_text(st, 3, r->csrf);
  sqlite3_bind_int64(st, 4, r->created);
  sqlite3_bind_int64(st, 5, r->last_seen);
  return run_once(s, st, "starting a session");
}

static mvr_status session_get(mvr_store *base, const char *token_hash,
                              mvr_session_rec *ses, mvr_user_rec *user,
                              int *found)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;
  int r;

  *found = 0;
  rc = prep_held(s,
                 "SELECT " USER_COLUMNS ", x.id, x.token_hash, x.csrf,"
                 " x.created, x.last_seen"
                 " FROM sessions x JOIN users u ON u.id = x.user_id"
                 " WHERE x.token_hash = ?1",
                 "finding a session");
  if (rc)
    return rc;
  st = s->auth_stmt;
  sq_bind_text(st, 1, token_hash);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    read_user(st, 0, user);
    ses->id = sqlite3_column_int64(st, 8);
    ses->token_hash = sq_col_text(st, 9);
    ses->user_id = user->id;
    ses->csrf = sq_col_text(st, 10);
    ses->created = sqlite3_column_int64(st, 11);
    ses->last_seen = sqlite3_column_int64(st, 12);
    *found = 1;
  } else if (r != SQLITE_DONE) {
    rc = sq_fail(s, "finding a session");
  }
  return rc;
}

/* Run `sql` with ?1 = text `a` and ?2 = `n` (if `bind_n`). */
static mvr_status exec_text_int(sq_store *s, const char *sql, const char *a,
                                int64_t n, int bind_n, const char *what)
{
  sqlite3_stmt *st;
  mvr_status rc = prep(s, sql, &st, what);

  if (rc)
    return rc;
  if (a)
    sq_bind_text(st, 1, a);
  if (bind_n)
    sqlite3_bind_int64(st, 2, n);
  return run_once(s, st, what);
}

static mvr_status session_touch(mvr_store *base, const char *token_hash,
                                int64_t now)
{
  return exec_text_int((sq_store *)base,
                       "UPDATE sessions SET last_seen = ?2"
                       " WHERE token_hash = ?1",
                       token_hash, now, 1, "refreshing a session");
}

static mvr_status session_delete(mvr_store *base, const char *token_hash)
{
  return exec_text_int((sq_store *)base,
                       "DELETE FROM sessions WHERE token_hash = ?1",
                       token_hash, 0, 0, "ending a session");
}

/* Run `sql` with ?1 = `id`. */
static mvr_status exec_id(sq_store *s, const char *sql, int64_t id,
                          const char *what)
{
  sqlite3_stmt *st;
  mvr_status rc = prep(s, sql, &st, what);

  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  return run_once(s, st, what);
}

static mvr_status sessions_delete_user(mvr_store *base, int64_t user_id)
{
  return exec_id((sq_store *)base, "DELETE FROM sessions WHERE user_id = ?1",
                 user_id, "ending sessions");
}

static mvr_status sessions_purge(mvr_store *base, int64_t idle_before,
                                 int64_t created_before, long *n)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s,
            "DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2", &st,
            "purging sessions");
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, idle_before);
  sqlite3_bind_int64(st, 2, created_before);
  rc = run_once(s, st, "purging sessions");
  if (!rc)
    *n += (long)sqlite3_changes(s->db);
  return rc;
}

static mvr_status token_add(mvr_store *base, const mvr_token_rec *t,
                            int64_t *id)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  *id = 0;
  rc = prep(s,
            "INSERT INTO api_tokens(token_hash, user_id, name, created_at)"
            " VALUES (?1, ?2, ?3, ?4)",
            &st, "creating a token");
  if (rc)
    return rc;
  sq_bind_text(st, 1, t->token_hash);
  sqlite3_bind_int64(st, 2, t->user_id);
  sq_bind_text(st, 3, t->name ? t->name : "");
  sq_bind_text(st, 4, t->created_at);
  rc = run_once(s, st, "creating a token");
  if (!rc)
    *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

static mvr_status token_get(mvr_store *base, const char *token_hash,
                            int64_t *token_id, mvr_user_rec *user, int *found)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;
  int r;

  *found = 0;
  *token_id = 0;
  rc = prep_held(s,
                 "SELECT " USER_COLUMNS ", t.id"
                 " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                 " WHERE t.token_hash = ?1 AND t.revoked = 0",
                 "finding a token");
  if (rc)
    return rc;
  sq_bind_text(s->auth_stmt, 1, token_hash);
  r = sqlite3_step(s->auth_stmt);
  if (r == SQLITE_ROW) {
    read_user(s->auth_stmt, 0, user);
    *token_id = sqlite3_column_int64(s->auth_stmt, 8);
    *found = 1;
  } else if (r != SQLITE_DONE) {
    rc = sq_fail(s, "finding a token");
  }
  return rc;
}

static mvr_status token_used(mvr_store *base, int64_t id, const char *at)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s, "UPDATE api_tokens SET last_used = ?2 WHERE id = ?1", &st,
            "using a token");
  if (rc)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  sq_bind_text(st, 2, at);
  return run_once(s, st, "using a token");
}

static mvr_status token_revoke(mvr_store *base, int64_t id, int *found)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;

  rc = exec_id(s, "UPDATE api_tokens SET revoked = 1"
                  " WHERE id = ?1 AND revoked = 0",
               id, "revoking a token");
  *found = !rc && sqlite3_changes(s->db) > 0;
  return rc;
}

static mvr_status tokens_revoke_user(mvr_store *base, int64_t user_id)
{
  return exec_id((sq_store *)base,
                 "UPDATE api_tokens SET revoked = 1 WHERE user_id = ?1",
                 user_id, "revoking tokens");
}

static mvr_status tokens(mvr_store *base, const char *login,
                         mvr_token_rec_fn fn, void *ud)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;
  int r;

  rc = prep(s,
            "SELECT t.id, t.user_id, u.login, t.name, t.created_at,"
            " t.last_used, t.revoked"
            " FROM api_tokens t JOIN users u ON u.id = t.user_id"
            " WHERE ?1 IS NULL OR u.login = ?1 ORDER BY t.id",
            &st, "listing tokens");
  if (rc)
    return rc;
  if (login)
    sq_bind_text(st, 1, login);
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    mvr_token_rec t;
    memset(&t, 0, sizeof t);
    t.id = sqlite3_column_int64(st, 0);
    t.user_id = sqlite3_column_int64(st, 1);
    t.login = sq_col_text(st, 2);
    t.name = sq_col_text(st, 3);
    t.created_at = sq_col_text(st, 4);
    t.last_used = sq_col_text(st, 5);
    t.revoked = sqlite3_column_int(st, 6);
    rc = fn(ud, &t);
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = sq_fail(s, "listing tokens");
  sqlite3_finalize(st);
  return rc;
}

static mvr_status failure_add(mvr_store *base, const char *kind,
                              const char *key, int64_t at)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s, "INSERT INTO login_failures(kind, key, at) VALUES (?1, ?2, ?3)",
            &st, "recording a failed login");
  if (rc)
    return rc;
  sq_bind_text(st, 1, kind);
  sq_bind_text(st, 2, key);
  sqlite3_bind_int64(st, 3, at);
  return run_once(s, st, "recording a failed login");
}

static mvr_status failures(mvr_store *base, const char *kind, const char *key,
                           int64_t since, long *n, int64_t *oldest)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;
  int r;

  *n = 0;
  *oldest = 0;
  rc = prep(s,
            "SELECT count(*), coalesce(min(at), 0) FROM login_failures"
            " WHERE kind = ?1 AND key = ?2 AND at >= ?3",
            &st, "counting failed logins");
  if (rc)
    return rc;
  sq_bind_text(st, 1, kind);
  sq_bind_text(st, 2, key);
  sqlite3_bind_int64(st, 3, since);
  r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    *n = (long)sqlite3_column_int64(st, 0);
    *oldest = sqlite3_column_int64(st, 1);
  } else {
    rc = sq_fail(s, "counting failed logins");
  }
  sqlite3_finalize(st);
  return rc;
}

static mvr_status failures_clear(mvr_store *base, const char *kind,
                                 const char *key)
{
  sq_store *s = (sq_store *)base;
  sqlite3_stmt *st;
  mvr_status rc;

  rc = prep(s, "DELETE FROM login_failures WHERE kind = ?1 AND key = ?2", &st,
            "clearing failed logins");
  if (rc)
    return rc;
  sq_bind_text(st, 1, kind);
  sq_bind_text(st, 2, key);
  return run_once(s, st, "clearing failed logins");
}

static mvr_status failures_purge(mvr_store *base, int64_t before, long *n)
{
  sq_store *s = (sq_store *)base;
  mvr_status rc;

  rc = exec_id(s, "DELETE FROM login_failures WHERE at < ?1", before,
               "purging failed logins");
  if (!rc)
    *n += (long)sqlite3_changes(s->db);
  return rc;
}

const struct mvr_store_auth_ops sq_auth_ops = {
    .user_add = user_add,
    .user_get = user_get,
    .user_update = user_update,
    .users = users,
    .session_add = session_add,
    .session_get = session_get,
    .session_touch = session_touch,
    .session_delete = session_delete,
    .sessions_delete_user = sessions_delete_user,
    .sessions_purge = sessions_purge,
    .token_add = token_add,
    .token_get = token_get,
    .token_used = token_used,
    .token_revoke = token_revoke,
    .tokens_revoke_user = tokens_revoke_user,
    .tokens = tokens,
    .failure_add = failure_add,
    .failures = failures,
    .failures_clear = failures_clear,
    .failures_purge = failures_purge,
};
