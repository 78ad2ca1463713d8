/* store.h - the storage interface: every query the library makes, behind
 * one table of functions, so that the rest of the library knows no SQL
 * engine. store_sqlite.c is the embedded default; a PostgreSQL backend
 * (store_pg.c) implements the same table. Like curl's vtls/ backends.
 *
 * Conventions: functions return mvr_status; MVR_ERR_STORE leaves a
 * message for errmsg(). Strings handed out by a backend are borrowed and
 * valid until the next call on the same store or cursor. Every write
 * happens between begin(write=1) and commit/rollback. */
#ifndef MVR_STORE_H
#define MVR_STORE_H

#include "mvroad.h"

typedef struct mvr_store mvr_store;
typedef struct mvr_store_cursor mvr_store_cursor;

/* An organisation row. */
typedef struct mvr_org_rec {
  int64_t id;
  const char *name;
  const char *family;
  const char *parent; /* name of the parent, or NULL */
  const char *kind;
  int known;          /* from the profile's registry */
} mvr_org_rec;

/* A submission (one imported file). */
typedef struct mvr_submission_rec {
  int64_t id;
  const char *file_name;
  const char *sha256;
  const char *format;
  int64_t org_id;       /* 0 = none */
  const char *received; /* YYYY-MM-DD */
  const char *doc;      /* document number or NULL */
  const char *imported_at;
  const char *actor;
  const char *mode; /* "direct" or "proposal"; NULL = direct */
} mvr_submission_rec;

/* A value a non-owner asserted against the current one. */
typedef struct mvr_conflict_rec {
  int64_t id;
  int64_t entry_id;
  const char *field;
  const char *current_value;
  const char *proposed_value;
  int64_t submission_id;
  unsigned long row;
  const char *org;
  const char *opened_at;
  const char *state; /* open, resolved */
  const char *resolved_at, *resolved_by, *resolution, *note;
  const char *reference; /* of the entry (read side) */
} mvr_conflict_rec;

/* A submitted row waiting for an editor. */
typedef struct mvr_proposal_rec {
  int64_t id;
  int64_t submission_id;
  unsigned long row;
  const char *org, *org_family;
  int org_known;
  const char *family, *refkey, *reference, *ref_detail, *type, *title,
      *status, *status_detail, *categories, *summary, *url;
  const char *state; /* pending, approved, rejected */
  const char *decided_at, *decided_by, *note;
  const char *file, *received; /* of the submission (read side) */
} mvr_proposal_rec;

typedef mvr_status (*mvr_conflict_fn)(void *ud, const mvr_conflict_rec *c);
typedef mvr_status (*mvr_proposal_fn)(void *ud, const mvr_proposal_rec *p);
typedef mvr_status (*mvr_alias_fn)(void *ud, const char *family,
                                   const char *refkey, const char *reference,
                                   const char *kind);

/* An entry row as stored. `categories` is the canonical labels joined
 * with "; " in profile order. */
typedef struct mvr_entry_rec {
  int64_t id;
  int64_t org_id;
  const char *sdo; /* organisation name (read side) */
  const char *family;
  const char *refkey;
  const char *reference;
  const char *ref_detail;
  const char *type;
  const char *title;
  const char *status;
  const char *status_detail;
  const char *categories;
  const char *summary;
  const char *url;
  const char *first_seen;
  const char *last_updated;
  int64_t created_submission;
  int64_t last_submission;
  int64_t version;
} mvr_entry_rec;

/* What one submitted row asserted about an entry. */
typedef struct mvr_source_rec {
  int64_t entry_id;
  int64_t submission_id;
  unsigned long row;
  const char *sdo, *reference, *type, *title, *status, *status_detail,
      *categories, *summary, *url;
} mvr_source_rec;

typedef struct mvr_change_rec {
  int64_t entry_id;
  int64_t submission_id; /* 0 = none */
  const char *at;
  const char *actor;
  const char *action;
  const char *field;
  const char *old_value;
  const char *new_value;
} mvr_change_rec;

/* A query in canonical terms (the library resolved variants). */
typedef struct mvr_query_spec {
  const char *text;     /* user's search words, or NULL */
  const char *sdo;      /* canonical org name: it and its sub-bodies */
  const char *category; /* canonical label */
  const char *status;
  const char *type;
  int64_t id;           /* one entry, or 0 */
  const char *family;   /* with refkey: one entry by key */
  const char *refkey;   /* alone: any family, case-insensitive */
  const char *sort;     /* "sdo", "reference", "title", "status",
                           "updated", "rank", "id" */
  long limit, offset;
  const char *release;  /* read this release's frozen rows (by name)
                           instead of the live register, or NULL */
} mvr_query_spec;

/* Rows of a source or change listing, and of facet counts. */
typedef mvr_status (*mvr_source_fn)(void *ud, const mvr_source_rec *s,
                                    const mvr_submission_rec *sub,
                                    const char *sub_org);
typedef mvr_status (*mvr_change_fn)(void *ud, int64_t id,
                                    const mvr_change_rec *c);
typedef mvr_status (*mvr_count_fn)(void *ud, const char *label, long n);
/* One submission of a listing: its record, the name of its organisation
 * ("" when the file named none) and the counts stored at its import. */
typedef mvr_status (*mvr_submission_fn)(void *ud,
                                        const mvr_submission_rec *sub,
                                        const char *org, unsigned long rows,
                                        unsigned long added,
                                        unsigned long updated);

/* A release: the roadmap frozen under a name (store_sqlite_release.c). */
typedef struct mvr_release_rec {
  int64_t id;
  const char *name;
  const char *date;       /* YYYY-MM-DD */
  const char *note;       /* NULL or "" when none */
  const char *created_at; /* ISO 8601 UTC */
  const char *actor;
  long entries;
  long submissions; /* in the register when frozen (estimated for releases
                       frozen before schema 10, which did not keep it) */
} mvr_release_rec;

typedef mvr_status (*mvr_release_fn)(void *ud, const mvr_release_rec *r);
/* One release and an entry's frozen row in it, NULL when the entry is not
 * in that release. */
typedef mvr_status (*mvr_release_entry_fn)(void *ud, const mvr_release_rec *r,
                                           const mvr_entry_rec *e);

typedef struct mvr_store_ops {
  const char *name;
  void (*close)(mvr_store *s);
  const char *(*errmsg)(mvr_store *s);
  int (*schema_version)(mvr_store *s);

  mvr_status (*begin)(mvr_store *s, int write);
  mvr_status (*commit)(mvr_store *s);
  mvr_status (*rollback)(mvr_store *s);

  /* Find or create an organisation by name; *id is set. */
  mvr_status (*org_ensure)(mvr_store *s, const mvr_org_rec *o, int64_t *id);
  /* Remember that `alias` was written for organisation `org_id`. */
  mvr_status (*org_alias_add)(mvr_store *s, int64_t org_id,
                              const char *alias);

  /* Submissions. find_sha: *id = 0 when absent. */
  mvr_status (*submission_find_sha)(mvr_store *s, const char *sha,
                                    int64_t *id);
  mvr_status (*submission_add)(mvr_store *s, const mvr_submission_rec *r,
                               int64_t *id);
  /* Set the file's hash and counts once it has been read whole. */
  mvr_status (*submission_finish)(mvr_store *s, int64_t id, const char *sha,
                                  unsigned long rows, unsigned long added,
                                  unsigned long updated);

  /* Entries. entry_find: *found = 0 when absent; the record is borrowed. */
  mvr_status (*entry_find)(mvr_store *s, const char *family,
                           const char *refkey, mvr_entry_rec *out,
                           int *found);
  /* Add a new entry; MVR_ERR_EXISTS (and nothing written) when its
   * (family, refkey) is taken. */
  mvr_status (*entry_insert)(mvr_store *s, const mvr_entry_rec *e,
                             int64_t *id);
  /* Update every field of e->id, if its version is still e->version;
   * the stored version becomes e->version + 1. MVR_ERR_CONFLICT when
   * someone else changed it. */
  mvr_status (*entry_update)(mvr_store *s, const mvr_entry_rec *e);
  /* Only record that `submission` confirmed the entry, unchanged. */
  mvr_status (*entry_touch)(mvr_store *s, int64_t id, int64_t submission);
  mvr_status (*source_add)(mvr_store *s, const mvr_source_rec *src);
  mvr_status (*change_add)(mvr_store *s, const mvr_change_rec *c);

  /* Reads. */
  mvr_status (*query)(mvr_store *s, const mvr_query_spec *q,
                      mvr_store_cursor **out);
  /* *row is borrowed until the next call; NULL at the end. */
  mvr_status (*cursor_next)(mvr_store_cursor *c, const mvr_entry_rec **row);
  void (*cursor_free)(mvr_store_cursor *c);
  mvr_status (*count)(mvr_store *s, const mvr_query_spec *q, long *n);
  /* Counts per value of `facet` ("category", "status", "type", "sdo")
   * over the entries `q` matches (limit/offset ignored). */
  mvr_status (*facet)(mvr_store *s, const mvr_query_spec *q,
                      const char *facet, mvr_count_fn fn, void *ud);
  /* Table sizes: "entries", "organisations", "submissions". */
  mvr_status (*total)(mvr_store *s, const char *what, long *n);
  mvr_status (*sources)(mvr_store *s, int64_t entry_id, mvr_source_fn fn,
                        void *ud);
  mvr_status (*changes)(mvr_store *s, int64_t entry_id, mvr_change_fn fn,
                        void *ud);

  /* --- identity: aliases and merges (store_sqlite_curate.c) --- */
  /* The entry that key names: its own row (following merges to the entry
   * it was merged into) or an alias. *id = 0 when none. */
  mvr_status (*entry_resolve)(mvr_store *s, const char *family,
                              const char *refkey, int64_t *id);
  /* The row of entry `id` (merged or not); borrowed like entry_find. */
  mvr_status (*entry_get)(mvr_store *s, int64_t id, mvr_entry_rec *out,
                          int *found);
  /* Give entry `id` a new key and reference (a P-project approved, a
   * provisional name numbered), re-indexing its text. */
  mvr_status (*entry_rekey)(mvr_store *s, int64_t id, const char *family,
                            const char *refkey, const char *reference);
  mvr_status (*alias_add)(mvr_store *s, int64_t entry_id, const char *family,
                          const char *refkey, const char *reference,
                          const char *kind, const char *at,
                          const char *actor);
  mvr_status (*aliases)(mvr_store *s, int64_t entry_id, mvr_alias_fn fn,
                        void *ud);
  /* Hide `from` behind `into`. MVR_ERR_CONFLICT if `from` is merged
   * already. */
  mvr_status (*merge)(mvr_store *s, int64_t into, int64_t from,
                      const char *at, const char *actor, const char *note);
  /* Undo the active merge of `from` into `into`; MVR_ERR_NOTFOUND if
   * there is none. */
  mvr_status (*unmerge)(mvr_store *s, int64_t into, int64_t from,
                        const char *at, const char *actor);
  /* Ids of the entries merged into `id`, directly or not. */
  mvr_status (*merged_ids)(mvr_store *s, int64_t id,
                           mvr_status (*fn)(void *ud, int64_t id), void *ud);

  /* --- conflicts and proposals (store_sqlite_curate.c) --- */
  mvr_status (*conflict_add)(mvr_store *s, const mvr_conflict_rec *c,
                             int64_t *id);
  /* Open conflicts (all with `all`), or the one with id `id` when not 0. */
  mvr_status (*conflicts)(mvr_store *s, int all, int64_t id,
                          mvr_conflict_fn fn, void *ud);
  mvr_status (*conflict_close)(mvr_store *s, int64_t id, const char *at,
                               const char *by, const char *resolution,
                               const char *note);
  mvr_status (*proposal_add)(mvr_store *s, const mvr_proposal_rec *p,
                             int64_t *id);
  /* Proposals in `state` (NULL = any) of submission `submission` (0 =
   * any), or the one with id `id` when not 0. */
  mvr_status (*proposals)(mvr_store *s, const char *state, int64_t submission,
                          int64_t id, mvr_proposal_fn fn, void *ud);
  mvr_status (*proposal_decide)(mvr_store *s, int64_t id, const char *state,
                                const char *at, const char *by,
                                const char *note);

  /* Every submission, by organisation name (files that named none last),
   * then date received and id: the roadmap's annex. */
  mvr_status (*submissions)(mvr_store *s, mvr_submission_fn fn, void *ud);

  /* --- releases (store_sqlite_release.c) --- */
  /* Freeze every entry shown in listings (not merged) as release r->name
   * (r->id and r->entries are ignored), in a write transaction; *id and
   * *entries are set. MVR_ERR_EXISTS when the name is taken. */
  mvr_status (*release_create)(mvr_store *s, const mvr_release_rec *r,
                               int64_t *id, long *entries);
  /* Call `fn` with the release named `name`; MVR_ERR_NOTFOUND if none. */
  mvr_status (*release_find)(mvr_store *s, const char *name,
                             mvr_release_fn fn, void *ud);
  /* Every release, oldest first. */
  mvr_status (*releases)(mvr_store *s, mvr_release_fn fn, void *ud);
  /* Every release, oldest first, with entry `entry_id`'s frozen row. */
  mvr_status (*release_entry)(mvr_store *s, int64_t entry_id,
                              mvr_release_entry_fn fn, void *ud);

  /* --- possible duplicates (store_sqlite_dup.c) --- */
  /* Every entry shown in listings (not merged into another), in id
   * order, streamed: only id, sdo, family, refkey, reference and title
   * are set in the borrowed row. */
  mvr_status (*dup_entries)(mvr_store *s,
                            mvr_status (*fn)(void *ud,
                                             const mvr_entry_rec *e),
                            void *ud);
  /* Record that entries a < b are not duplicates; nothing if recorded
   * already, a new mark over one undone. MVR_ERR_NOTFOUND if either entry
   * does not exist. */
  mvr_status (*dup_mark)(mvr_store *s, int64_t a, int64_t b, const char *at,
                         const char *actor, const char *note);
  /* Undo the mark of a < b (kept, with when and by whom);
   * MVR_ERR_NOTFOUND if the pair has no mark in force. */
  mvr_status (*dup_unmark)(mvr_store *s, int64_t a, int64_t b, const char *at,
                           const char *actor);
  /* Every not-duplicate mark in force, by a then b. */
  mvr_status (*dup_marks)(mvr_store *s, mvr_not_dup_fn fn, void *ud);

  /* --- accounts (store_auth.h, store_sqlite_auth.c; issue 5) --- */
  const struct mvr_store_auth_ops *auth;
  /* --- coordination records, issue 6 (store_coord.h) --- */
  const struct mvr_store_coord_ops *coord;
  /* --- coordination analysis, issue 7 (store_analysis.h) --- */
  const struct mvr_store_analysis_ops *analysis;
  /* --- faceted searches in one pass, issue 5 (store_search.h); may be
   * NULL --- */
  const struct mvr_store_search_ops *search;
  /* --- whole tables for `mvroad migrate`, issue 8 (store_copy.h) --- */
  const struct mvr_store_copy_ops *copy;
  /* --- issue 8: a text that changes whenever any connection may have
   * committed a change (PostgreSQL: the server's WAL position), written
   * into buf (NUL-terminated); NULL when the engine has none (SQLite:
   * watch the database file and its log) --- */
  mvr_status (*change_stamp)(mvr_store *s, char *buf, size_t size);
} mvr_store_ops;

struct mvr_store {
  const mvr_store_ops *ops;
  /* issue 8: set by a backend when its last failure (MVR_ERR_BUSY) was the
   * server aborting the transaction for a serialisation failure or a
   * deadlock (PostgreSQL 40001/40P01), which running the whole
   * transaction again may cure; cleared by begin() (mvr_db_replay()) */
  int replay;
};

/* Open the store named by `uri`: "postgresql://..." (when built with
 * PostgreSQL) or a file path for SQLite. */
mvr_status mvr_store_open(const char *uri, unsigned flags, mvr_store **out,
                          char *err, size_t errlen);

/* The PostgreSQL backend (store_pg.c, when built with MVR_WITH_PG):
 * `uri` is a libpq connection URI. */
mvr_status mvr_store_pg_open(const char *uri, unsigned flags, mvr_store **out,
                             char *err, size_t errlen);

/* The SQLite backend. */
mvr_status mvr_store_sqlite_open(const char *path, unsigned flags,
                                 mvr_store **out, char *err, size_t errlen);

#endif
