/* store_auth.h - the storage operations of accounts (issue 5): users,
 * sessions, API tokens and login failures, reached as
 * store->ops->auth->... . Implemented by store_sqlite_auth.c; a PostgreSQL
 * backend implements the same table from the contracts below.
 *
 * Tables (schema_sqlite.h, migration 3 -> 4):
 *   users(id, login UNIQUE, name, role IN (liaison, editor, secretariat),
 *         org ('' unless liaison; required for liaison), pwhash (PHC
 *         string), disabled 0/1, created_at TEXT)
 *   sessions(id, token_hash UNIQUE, user_id -> users, csrf, created,
 *            last_seen)                       -- integer epoch seconds
 *   api_tokens(id, token_hash UNIQUE, user_id -> users, name, created_at,
 *              last_used TEXT '' if never, revoked 0/1)
 *   login_failures(id, kind IN (login, ip), key, at)  -- epoch seconds
 *
 * Conventions are store.h's: strings handed out are borrowed until the
 * next call on the same store; MVR_ERR_STORE leaves a message for
 * errmsg(). Writes happen inside begin(write=1) ... commit, opened by the
 * caller (auth.c), so that a check and the write it decides are one
 * transaction (several servers may share the database). Token hashes are
 * lowercase hex SHA-256; the tokens themselves never reach the store. */
#ifndef MVR_STORE_AUTH_H
#define MVR_STORE_AUTH_H

#include "store.h"

typedef struct mvr_user_rec {
  int64_t id;
  const char *login;
  const char *name;
  const char *role; /* "liaison", "editor", "secretariat" */
  const char *org;  /* "" unless liaison */
  const char *pwhash;
  int disabled;
  const char *created_at;
  long sessions; /* users() only: sessions stored (expired ones included) */
  long tokens;   /* users() only: API tokens not revoked */
} mvr_user_rec;

typedef struct mvr_session_rec {
  int64_t id;
  const char *token_hash;
  int64_t user_id;
  const char *csrf;
  int64_t created;   /* epoch seconds */
  int64_t last_seen; /* epoch seconds */
} mvr_session_rec;

typedef struct mvr_token_rec {
  int64_t id;
  const char *token_hash; /* set for token_add only; NULL when listed */
  int64_t user_id;
  const char *login; /* listed: the owner's login */
  const char *name;
  const char *created_at;
  const char *last_used;
  int revoked;
} mvr_token_rec;

typedef mvr_status (*mvr_user_rec_fn)(void *ud, const mvr_user_rec *u);
typedef mvr_status (*mvr_token_rec_fn)(void *ud, const mvr_token_rec *t);

struct mvr_store_auth_ops {
  /* --- users --- */
  /* Insert u (id, sessions and tokens ignored); *id gets the row id.
   * MVR_ERR_EXISTS (with a message) when the login is taken. */
  mvr_status (*user_add)(mvr_store *s, const mvr_user_rec *u, int64_t *id);
  /* The user with login `login` (exact, case-sensitive) into *out
   * (borrowed); *found = 0 and MVR_OK if there is none. */
  mvr_status (*user_get)(mvr_store *s, const char *login, mvr_user_rec *out,
                         int *found);
  /* Set the password hash of user `id` (when `pwhash` is not NULL) and its
   * disabled flag (when `disabled` is 0 or 1; -1 leaves it).
   * MVR_ERR_NOTFOUND if no such user. */
  mvr_status (*user_update)(mvr_store *s, int64_t id, const char *pwhash,
                            int disabled);
  /* Every user ordered by login, with the counts of sessions and of
   * tokens not revoked; pwhash is NULL. */
  mvr_status (*users)(mvr_store *s, mvr_user_rec_fn fn, void *ud);

  /* --- sessions --- */
  /* Insert a session (id ignored). The hash is unique: MVR_ERR_EXISTS
   * would mean a random token repeated (never in practice). */
  mvr_status (*session_add)(mvr_store *s, const mvr_session_rec *r);
  /* The session whose token hashes to `token_hash`, with its user, into
   * *ses and *user (borrowed); *found = 0 if none. */
  mvr_status (*session_get)(mvr_store *s, const char *token_hash,
                            mvr_session_rec *ses, mvr_user_rec *user,
                            int *found);
  /* Set last_seen of the session `token_hash` to `now` (none: MVR_OK). */
  mvr_status (*session_touch)(mvr_store *s, const char *token_hash,
                              int64_t now);
  /* Delete the session `token_hash` (none: MVR_OK). */
  mvr_status (*session_delete)(mvr_store *s, const char *token_hash);
  /* Delete every session of user `user_id`. */
  mvr_status (*sessions_delete_user)(mvr_store *s, int64_t user_id);
  /* Delete the sessions seen last before `idle_before` or created before
   * `created_before`; *n += the number deleted. */
  mvr_status (*sessions_purge)(mvr_store *s, int64_t idle_before,
                               int64_t created_before, long *n);

  /* --- API tokens --- */
  /* Insert t (token_hash, user_id, name, created_at; id, login,
   * last_used, revoked ignored); *id gets the row id. */
  mvr_status (*token_add)(mvr_store *s, const mvr_token_rec *t, int64_t *id);
  /* The token (not revoked) whose hash is `token_hash`, with its user:
   * *token_id and *user (borrowed); *found = 0 if none. */
  mvr_status (*token_get)(mvr_store *s, const char *token_hash,
                          int64_t *token_id, mvr_user_rec *user, int *found);
  /* Set last_used of token `id` to `at` (ISO 8601 UTC). */
  mvr_status (*token_used)(mvr_store *s, int64_t id, const char *at);
  /* Revoke token `id`; *found = 0 if there is no such token not revoked
   * already. */
  mvr_status (*token_revoke)(mvr_store *s, int64_t id, int *found);
  /* Revoke every token of user `user_id`. */
  mvr_status (*tokens_revoke_user)(mvr_store *s, int64_t user_id);
  /* Every token (of the user with login `login`, or all when NULL), by
   * id; token_hash is NULL. */
  mvr_status (*tokens)(mvr_store *s, const char *login, mvr_token_rec_fn fn,
                       void *ud);

  /* --- login failures (throttling) --- */
  /* Record a failure for (kind, key) at `at`; kind is "login" or "ip". */
  mvr_status (*failure_add)(mvr_store *s, const char *kind, const char *key,
                            int64_t at);
  /* *n = the number of failures for (kind, key) at or after `since`, and
   * *oldest = the time of the earliest of them (0 if none). */
  mvr_status (*failures)(mvr_store *s, const char *kind, const char *key,
                         int64_t since, long *n, int64_t *oldest);
  /* Delete the failures of (kind, key) (after a successful login). */
  mvr_status (*failures_clear)(mvr_store *s, const char *kind,
                               const char *key);
  /* Delete the failures older than `before`; *n += the number deleted. */
  mvr_status (*failures_purge)(mvr_store *s, int64_t before, long *n);
};

#endif
