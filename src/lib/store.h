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
} mvr_submission_rec;

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
                           "updated", "rank" */
  long limit, offset;
} mvr_query_spec;

/* Rows of a source or change listing, and of facet counts. */
typedef mvr_status (*mvr_source_fn)(void *ud, const mvr_source_rec *s,
                                    const mvr_submission_rec *sub,
                                    const char *sub_org);
typedef mvr_status (*mvr_change_fn)(void *ud, int64_t id,
                                    const mvr_change_rec *c);
typedef mvr_status (*mvr_count_fn)(void *ud, const char *label, long n);

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
} mvr_store_ops;

struct mvr_store {
  const mvr_store_ops *ops;
};

/* Open the store named by `uri`: "postgresql://..." (when built with
 * PostgreSQL) or a file path for SQLite. */
mvr_status mvr_store_open(const char *uri, unsigned flags, mvr_store **out,
                          char *err, size_t errlen);

/* The SQLite backend. */
mvr_status mvr_store_sqlite_open(const char *path, unsigned flags,
                                 mvr_store **out, char *err, size_t errlen);

#endif
