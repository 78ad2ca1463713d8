/* mvroad/auth.h - accounts, sessions, API tokens and login throttling
 * (issue 5). Included by mvroad.h; do not include it on its own.
 *
 * Everything is kept in the register's database, so that several servers
 * can share one database and hold no state of their own:
 * - users: a login, a display name, a role (liaison representative of one
 *   organisation, editor, secretariat = admin), an Argon2id password hash
 *   (libsodium crypto_pwhash_str, a PHC string) and a disabled flag;
 * - sessions: a 256-bit random token handed to the browser; only its
 *   SHA-256 is stored, with a CSRF token, the creation time (absolute
 *   expiry) and the time last seen (idle expiry);
 * - API tokens: "mvr_" + 64 hex digits, shown once, stored as SHA-256;
 * - login failures, per login and per client address, for throttling.
 * Changing a password or disabling a user ends its sessions; disabling
 * also revokes its API tokens. */
#ifndef MVROAD_AUTH_H
#define MVROAD_AUTH_H

typedef enum mvr_role {
  MVR_ROLE_NONE = 0,        /* anonymous */
  MVR_ROLE_LIAISON = 1,     /* liaison representative of one organisation */
  MVR_ROLE_EDITOR = 2,      /* reviews, curates, releases */
  MVR_ROLE_SECRETARIAT = 3  /* administers accounts */
} mvr_role;

/* "liaison", "editor", "secretariat" (also "admin"); MVR_ROLE_NONE for
 * anything else. */
MVR_EXPORT mvr_role mvr_role_parse(const char *s);
/* "anonymous", "liaison", "editor", "secretariat". */
MVR_EXPORT const char *mvr_role_name(mvr_role r);

/* Sizes of the strings below, with their terminating NUL. */
#define MVR_LOGIN_MAX 65        /* 1-64 of [A-Za-z0-9._@-] */
#define MVR_USER_NAME_MAX 201   /* display name, at most 200 bytes */
#define MVR_ORG_NAME_MAX 257    /* canonical organisation name */
#define MVR_TOKEN_SIZE 69       /* "mvr_" + 64 hex, or 64 hex for sessions */
#define MVR_CSRF_SIZE 65        /* 64 hex */

/* Who is asking: filled by mvr_login, mvr_session_check, mvr_token_check. */
typedef struct mvr_principal {
  int64_t user_id;
  mvr_role role;
  char login[MVR_LOGIN_MAX];
  char name[MVR_USER_NAME_MAX];
  char org[MVR_ORG_NAME_MAX]; /* liaison: the organisation; "" otherwise */
  char csrf[MVR_CSRF_SIZE];   /* the session's CSRF token; "" for tokens */
} mvr_principal;

/* Settings, process-wide (set them once, before any thread uses auth).
 * Zero members keep their defaults. */
typedef struct mvr_auth_options {
  unsigned long long opslimit; /* Argon2id passes; default
                                  crypto_pwhash_OPSLIMIT_INTERACTIVE (2) */
  size_t memlimit;             /* bytes; default MEMLIMIT_INTERACTIVE
                                  (64 MiB). Never below 19 MiB, 2 passes
                                  (OWASP): smaller values are raised */
  long session_idle;           /* seconds; default 1,800 (30 min) */
  long session_max;            /* seconds; default 43,200 (12 h) */
  long throttle_window;        /* seconds; default 900 (15 min) */
  int throttle_login;          /* failures per login in the window; 10 */
  int throttle_ip;             /* failures per address in the window; 100 */
  int64_t (*clock)(void);      /* seconds since the epoch; NULL = time() */
} mvr_auth_options;

/* Install `o` (NULL restores the defaults). Not thread-safe. Also reads
 * MVROAD_PWHASH_FAST=1 from the environment (tests): the OWASP minimum
 * (19 MiB, 2 passes) instead of the default. */
MVR_EXPORT void mvr_auth_configure(const mvr_auth_options *o);

/* A user, as listed. Strings are borrowed for the callback's duration. */
typedef struct mvr_user {
  int64_t id;
  const char *login;
  const char *name;
  mvr_role role;
  const char *org; /* "" unless liaison */
  int disabled;
  const char *created_at;
  long sessions; /* live sessions */
  long tokens;   /* API tokens not revoked */
} mvr_user;
typedef mvr_status (*mvr_user_fn)(void *ud, const mvr_user *u);

/* Add a user. `org` is required for (and only for) a liaison and is
 * normalised with the database's profile ("JTC 1/SC 29" -> "ISO/IEC JTC
 * 1/SC 29"). `password`: 8 to 1,024 bytes. Returns MVR_OK, MVR_ERR_ARG
 * (bad login, role, organisation, name or password; see mvr_db_errmsg),
 * MVR_ERR_EXISTS (login taken), MVR_ERR_STORE, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_user_add(mvr_db *db, const char *login,
                                   const char *name, mvr_role role,
                                   const char *org, const char *password);
/* Set a new password and end the user's sessions. MVR_ERR_NOTFOUND if no
 * such login; MVR_ERR_ARG for a bad password. */
MVR_EXPORT mvr_status mvr_user_passwd(mvr_db *db, const char *login,
                                      const char *password);
/* Disable (disabled = 1) or enable (0) a login. Disabling ends its
 * sessions and revokes its API tokens. MVR_ERR_NOTFOUND if none. */
MVR_EXPORT mvr_status mvr_user_disable(mvr_db *db, const char *login,
                                       int disabled);
/* Every user, by login. */
MVR_EXPORT mvr_status mvr_user_list(mvr_db *db, mvr_user_fn fn, void *ud);

/* Log in: check the throttles for `login` and for `client` (an address;
 * NULL for none), verify the password, start a new session. On success
 * `token` gets the session token (64 hex) for the cookie and `who` the
 * user and CSRF token; a hash made with weaker parameters is rehashed.
 * `old_token` (may be NULL), the session the client had before, is ended:
 * sessions are rotated at login.
 * Returns MVR_OK; MVR_ERR_DENIED for a wrong login or password, a
 * disabled user (the same answer for all three: the reason is not told)
 * or throttling, in which case *retry_after (if not NULL) is the number
 * of seconds to wait (0 when not throttled); MVR_ERR_STORE, MVR_ERR_NOMEM.
 * Every failure is recorded against the login and the address. */
MVR_EXPORT mvr_status mvr_login(mvr_db *db, const char *login,
                                const char *password, const char *client,
                                const char *old_token,
                                char token[MVR_TOKEN_SIZE], mvr_principal *who,
                                long *retry_after);
/* Look up a session token and refresh its idle time. Returns MVR_OK with
 * `who` filled, MVR_ERR_NOTFOUND (no such session, expired, idle too
 * long, or its user disabled; an expired session is deleted),
 * MVR_ERR_STORE. */
MVR_EXPORT mvr_status mvr_session_check(mvr_db *db, const char *token,
                                        mvr_principal *who);
/* End a session (logout). MVR_OK also when there was none. */
MVR_EXPORT mvr_status mvr_session_end(mvr_db *db, const char *token);
/* Delete expired sessions and login failures older than the window.
 * *n (may be NULL) gets the number of rows deleted. */
MVR_EXPORT mvr_status mvr_auth_purge(mvr_db *db, long *n);

/* Create an API token for `login` (`name` labels it; may be NULL). The
 * token is written to `token` and can never be read back. *id (may be
 * NULL) gets its id for mvr_token_revoke. MVR_ERR_NOTFOUND if no such
 * login; MVR_ERR_DENIED if it is disabled. */
MVR_EXPORT mvr_status mvr_token_create(mvr_db *db, const char *login,
                                       const char *name,
                                       char token[MVR_TOKEN_SIZE],
                                       int64_t *id);
/* Revoke API token `id`. MVR_ERR_NOTFOUND if none (or revoked already). */
MVR_EXPORT mvr_status mvr_token_revoke(mvr_db *db, int64_t id);
/* Who an API token (as sent in "Authorization: Bearer") belongs to.
 * MVR_ERR_NOTFOUND if unknown, revoked or its user disabled. */
MVR_EXPORT mvr_status mvr_token_check(mvr_db *db, const char *token,
                                      mvr_principal *who);

/* An API token, as listed (never the token itself). */
typedef struct mvr_token_info {
  int64_t id;
  const char *login;
  const char *name;
  const char *created_at;
  const char *last_used; /* "" if never */
  int revoked;
} mvr_token_info;
typedef mvr_status (*mvr_token_fn)(void *ud, const mvr_token_info *t);
/* Every API token (of `login`, or of everyone when NULL), by id. */
MVR_EXPORT mvr_status mvr_token_list(mvr_db *db, const char *login,
                                     mvr_token_fn fn, void *ud);

/* Compare two NUL-terminated secrets in time independent of where they
 * differ (CSRF tokens). 1 if equal and non-empty. */
MVR_EXPORT int mvr_secret_equal(const char *a, const char *b);

#endif /* MVROAD_AUTH_H */
