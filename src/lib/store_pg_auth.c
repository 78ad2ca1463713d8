/* store_pg_auth.c - the PostgreSQL store's accounts (store_auth.h, issue 5
 * on issue 8's backend): users, sessions, API tokens and login failures,
 * the statements of store_sqlite_auth.c with every value bound. Sessions
 * and tokens live in the database, so several `mvroad serve` processes
 * over one database share them. Rows handed out are read from the held
 * result PGR_AUTH, valid until the next call of this kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_auth.h"
#include "store_pg.h"

#define USER_COLUMNS                                                           \
  "u.id, u.login, u.name, u.role, u.org, u.pwhash, u.disabled, u.created_at"

static void read_user(const PGresult *r, int row, int at, mvr_user_rec *u)
{
  memset(u, 0, sizeof *u);
  u->id = pg_int(r, row, at);
  u->login = pg_text(r, row, at + 1);
  u->name = pg_text(r, row, at + 2);
  u->role = pg_text(r, row, at + 3);
  u->org = pg_text(r, row, at + 4);
  u->pwhash = pg_text(r, row, at + 5);
  u->disabled = (int)pg_int(r, row, at + 6);
  u->created_at = pg_text(r, row, at + 7);
}

/* Run `sql` into the held result; *found = a row came back. */
static mvr_status held_row(pg_store *s, const char *sql, const pg_params *p,
                           PGresult **r, int *found, const char *what)
{
  mvr_status rc;

  *found = 0;
  *r = NULL;
  rc = pg_run(s, sql, p, r, what);
  if (rc)
    return rc;
  pg_hold(s, PGR_AUTH, *r);
  *found = PQntuples(*r) > 0;
  return MVR_OK;
}

static mvr_status user_add(mvr_store *base, const mvr_user_rec *u,
                           int64_t *id)
{
  pg_store *s = (pg_store *)base;
  pg_params p;
  mvr_status rc;

  *id = 0;
  pg_p_init(&p);
  pg_p_text(&p, u->login);
  pg_p_text(&p, u->name ? u->name : "");
  pg_p_text(&p, u->role);
  pg_p_text(&p, u->org ? u->org : "");
  pg_p_text(&p, u->pwhash);
  pg_p_int(&p, u->disabled != 0);
  pg_p_text(&p, u->created_at);
  rc = pg_run_int(s,
                  "INSERT INTO users(id, login, name, role, org, pwhash,"
                  " disabled, created_at) VALUES (" PG_NEXT_ID("users")
                  ", $1, $2, $3, $4, $5, $6, $7)"
                  " ON CONFLICT (login) DO NOTHING RETURNING id",
                  &p, id, "adding a user");
  if (!rc && !*id)
    rc = pg_failf(s, MVR_ERR_EXISTS, "a user \"%s\" exists already",
                  u->login);
  return rc;
}

static mvr_status user_get(mvr_store *base, const char *login,
                           mvr_user_rec *out, int *found)
{
  pg_store *s = (pg_store *)base;
  PGresult *r;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_text(&p, login);
  rc = held_row(s, "SELECT " USER_COLUMNS " FROM users u WHERE u.login = $1",
                &p, &r, found, "finding a user");
  if (!rc && *found)
    read_user(r, 0, 0, out);
  return rc;
}

static mvr_status user_update(mvr_store *base, int64_t id, const char *pwhash,
                              int disabled)
{
  pg_store *s = (pg_store *)base;
  long n = 0;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_text(&p, pwhash);
  pg_p_int(&p, disabled);
  rc = pg_run_count(s,
                 "UPDATE users SET pwhash = coalesce($2, pwhash),"
                 " disabled = CASE WHEN $3::int IN (0, 1) THEN $3::int"
                 " ELSE disabled END WHERE id = $1",
                 &p, &n, "updating a user");
  if (!rc && n == 0)
    rc = pg_failf(s, MVR_ERR_NOTFOUND, "no user with id %lld", (long long)id);
  return rc;
}

static mvr_status users(mvr_store *base, mvr_user_rec_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  mvr_status rc;
  int i;

  rc = pg_run(s,
              "SELECT " USER_COLUMNS ","
              " (SELECT count(*) FROM sessions x WHERE x.user_id = u.id),"
              " (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id"
              "  AND t.revoked = 0)"
              " FROM users u ORDER BY u.login COLLATE \"C\"",
              NULL, &r, "listing users");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_user_rec u;
    read_user(r, i, 0, &u);
    u.pwhash = NULL;
    u.sessions = (long)pg_int(r, i, 8);
    u.tokens = (long)pg_int(r, i, 9);
    rc = fn(ud, &u);
  }
  PQclear(r);
  return rc;
}

static mvr_status session_add(mvr_store *base, const mvr_session_rec *x)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, x->token_hash);
  pg_p_int(&p, x->user_id);
  pg_p_text(&p, x->csrf);
  pg_p_int(&p, x->created);
  pg_p_int(&p, x->last_seen);
  return pg_run((pg_store *)base,
                "INSERT INTO sessions(id, token_hash, user_id, csrf, created,"
                " last_seen) VALUES (" PG_NEXT_ID("sessions")
                ", $1, $2, $3, $4, $5)",
                &p, NULL, "starting a session");
}

static mvr_status session_get(mvr_store *base, const char *token_hash,
                              mvr_session_rec *ses, mvr_user_rec *user,
                              int *found)
{
  pg_store *s = (pg_store *)base;
  PGresult *r;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_text(&p, token_hash);
  rc = held_row(s,
                "SELECT " USER_COLUMNS ", x.id, x.token_hash, x.csrf,"
                " x.created, x.last_seen"
                " FROM sessions x JOIN users u ON u.id = x.user_id"
                " WHERE x.token_hash = $1",
                &p, &r, found, "finding a session");
  if (!rc && *found) {
    read_user(r, 0, 0, user);
    ses->id = pg_int(r, 0, 8);
    ses->token_hash = pg_text(r, 0, 9);
    ses->user_id = user->id;
    ses->csrf = pg_text(r, 0, 10);
    ses->created = pg_int(r, 0, 11);
    ses->last_seen = pg_int(r, 0, 12);
  }
  return rc;
}

static mvr_status session_touch(mvr_store *base, const char *token_hash,
                                int64_t now)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, token_hash);
  pg_p_int(&p, now);
  return pg_run((pg_store *)base,
                "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1", &p,
                NULL, "refreshing a session");
}

static mvr_status session_delete(mvr_store *base, const char *token_hash)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, token_hash);
  return pg_run((pg_store *)base, "DELETE FROM sessions WHERE token_hash = $1",
                &p, NULL, "ending a session");
}

static mvr_status exec_id(mvr_store *base, const char *sql, int64_t id,
                          long *changed, const char *what)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, id);
  return pg_run_count((pg_store *)base, sql, &p, changed, what);
}

static mvr_status sessions_delete_user(mvr_store *base, int64_t user_id)
{
  return exec_id(base, "DELETE FROM sessions WHERE user_id = $1", user_id,
                 NULL, "ending sessions");
}

static mvr_status sessions_purge(mvr_store *base, int64_t idle_before,
                                 int64_t created_before, long *n)
{
  long k = 0;
  pg_params p;
  mvr_status rc;

  pg_p_init(&p);
  pg_p_int(&p, idle_before);
  pg_p_int(&p, created_before);
  rc = pg_run_count((pg_store *)base,
                 "DELETE FROM sessions WHERE last_seen < $1 OR created < $2",
                 &p, &k, "purging sessions");
  if (!rc)
    *n += k;
  return rc;
}

static mvr_status token_add(mvr_store *base, const mvr_token_rec *t,
                            int64_t *id)
{
  pg_params p;

  *id = 0;
  pg_p_init(&p);
  pg_p_text(&p, t->token_hash);
  pg_p_int(&p, t->user_id);
  pg_p_text(&p, t->name ? t->name : "");
  pg_p_text(&p, t->created_at);
  return pg_run_int((pg_store *)base,
                    "INSERT INTO api_tokens(id, token_hash, user_id, name,"
                    " created_at) VALUES (" PG_NEXT_ID("api_tokens")
                    ", $1, $2, $3, $4) RETURNING id",
                    &p, id, "creating a token");
}

static mvr_status token_get(mvr_store *base, const char *token_hash,
                            int64_t *token_id, mvr_user_rec *user, int *found)
{
  pg_store *s = (pg_store *)base;
  PGresult *r;
  pg_params p;
  mvr_status rc;

  *token_id = 0;
  pg_p_init(&p);
  pg_p_text(&p, token_hash);
  rc = held_row(s,
                "SELECT " USER_COLUMNS ", t.id"
                " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                " WHERE t.token_hash = $1 AND t.revoked = 0",
                &p, &r, found, "finding a token");
  if (!rc && *found) {
    read_user(r, 0, 0, user);
    *token_id = pg_int(r, 0, 8);
  }
  return rc;
}

static mvr_status token_used(mvr_store *base, int64_t id, const char *at)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_int(&p, id);
  pg_p_text(&p, at);
  return pg_run((pg_store *)base,
                "UPDATE api_tokens SET last_used = $2 WHERE id = $1", &p, NULL,
                "using a token");
}

static mvr_status token_revoke(mvr_store *base, int64_t id, int *found)
{
  long n = 0;
  mvr_status rc = exec_id(base,
                          "UPDATE api_tokens SET revoked = 1"
                          " WHERE id = $1 AND revoked = 0",
                          id, &n, "revoking a token");

  *found = !rc && n > 0;
  return rc;
}

static mvr_status tokens_revoke_user(mvr_store *base, int64_t user_id)
{
  return exec_id(base, "UPDATE api_tokens SET revoked = 1 WHERE user_id = $1",
                 user_id, NULL, "revoking tokens");
}

static mvr_status tokens(mvr_store *base, const char *login,
                         mvr_token_rec_fn fn, void *ud)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;
  int i;

  pg_p_init(&p);
  pg_p_text(&p, login);
  rc = pg_run(s,
              "SELECT t.id, t.user_id, u.login, t.name, t.created_at,"
              " t.last_used, t.revoked"
              " FROM api_tokens t JOIN users u ON u.id = t.user_id"
              " WHERE $1::text IS NULL OR u.login = $1 ORDER BY t.id",
              &p, &r, "listing tokens");
  for (i = 0; !rc && i < PQntuples(r); i++) {
    mvr_token_rec t;
    memset(&t, 0, sizeof t);
    t.id = pg_int(r, i, 0);
    t.user_id = pg_int(r, i, 1);
    t.login = pg_text(r, i, 2);
    t.name = pg_text(r, i, 3);
    t.created_at = pg_text(r, i, 4);
    t.last_used = pg_text(r, i, 5);
    t.revoked = (int)pg_int(r, i, 6);
    rc = fn(ud, &t);
  }
  PQclear(r);
  return rc;
}

static mvr_status failure_add(mvr_store *base, const char *kind,
                              const char *key, int64_t at)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, kind);
  pg_p_text(&p, key);
  pg_p_int(&p, at);
  return pg_run((pg_store *)base,
                "INSERT INTO login_failures(id, kind, key, at) VALUES ("
                PG_NEXT_ID("login_failures") ", $1, $2, $3)",
                &p, NULL, "recording a failed login");
}

static mvr_status failures(mvr_store *base, const char *kind, const char *key,
                           int64_t since, long *n, int64_t *oldest)
{
  pg_store *s = (pg_store *)base;
  PGresult *r = NULL;
  pg_params p;
  mvr_status rc;

  *n = 0;
  *oldest = 0;
  pg_p_init(&p);
  pg_p_text(&p, kind);
  pg_p_text(&p, key);
  pg_p_int(&p, since);
  rc = pg_run(s,
              "SELECT count(*), coalesce(min(at), 0) FROM login_failures"
              " WHERE kind = $1 AND key = $2 AND at >= $3",
              &p, &r, "counting failed logins");
  if (!rc && PQntuples(r) > 0) {
    *n = (long)pg_int(r, 0, 0);
    *oldest = pg_int(r, 0, 1);
  }
  PQclear(r);
  return rc;
}

static mvr_status failures_clear(mvr_store *base, const char *kind,
                                 const char *key)
{
  pg_params p;

  pg_p_init(&p);
  pg_p_text(&p, kind);
  pg_p_text(&p, key);
  return pg_run((pg_store *)base,
                "DELETE FROM login_failures WHERE kind = $1 AND key = $2", &p,
                NULL, "clearing failed logins");
}

static mvr_status failures_purge(mvr_store *base, int64_t before, long *n)
{
  long k = 0;
  mvr_status rc = exec_id(base, "DELETE FROM login_failures WHERE at < $1",
                          before, &k, "purging failed logins");

  if (!rc)
    *n += k;
  return rc;
}

const struct mvr_store_auth_ops mvr_pg_auth_ops = {
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
