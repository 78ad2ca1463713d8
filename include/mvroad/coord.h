/* mvroad/coord.h - coordination records (issue 6): organisations and
 * their liaison status, representatives (personal data), liaison
 * statements, the document register, meetings and the vocabulary, with
 * the secretariat's reports. Included by mvroad.h; do not include alone.
 *
 * Every kind of record is a fixed list of text fields (mvr_coord_fields);
 * records are given and returned as arrays of strings in that order,
 * "" for an absent value. The first mvr_coord_key_len(kind) fields are
 * the record's key: adding a record with an existing key replaces it. */
#ifndef MVROAD_COORD_H
#define MVROAD_COORD_H

typedef enum mvr_coord_kind {
  MVR_COORD_ORG,        /* name, parent, kind, aliases, notes */
  MVR_COORD_REP,        /* email, name, org, role, nominated_on,
                           valid_until, doc  -- personal data */
  MVR_COORD_LS,         /* number, direction, title, from, to, cc, date,
                           purpose, deadline, replies_to, state, notes */
  MVR_COORD_LS_ATTACH,  /* ls, name, sha256 */
  MVR_COORD_LS_SUB,     /* ls, submission (id of an imported file) */
  MVR_COORD_DOC,        /* number, revision, title, source, meeting, type,
                           date */
  MVR_COORD_MEETING,    /* name, start, end, place, chairs, mode, notes */
  MVR_COORD_TERM,       /* term, source, org, date, definition, notes */
  MVR_COORD_NKINDS
} mvr_coord_kind;

/* "org", "rep", "ls", "ls-attachment", "ls-submission", "doc",
 * "meeting", "term"; NULL when out of range. */
MVR_EXPORT const char *mvr_coord_kind_name(int kind);
/* The kind named `name` (as above; plurals accepted), or -1. */
MVR_EXPORT int mvr_coord_kind_find(const char *name);
/* The field names of `kind` (*n set), NULL when out of range. */
MVR_EXPORT const char *const *mvr_coord_fields(int kind, size_t *n);
MVR_EXPORT size_t mvr_coord_key_len(int kind);

/* One record or report row; values borrowed for the call. */
typedef mvr_status (*mvr_coord_fn)(void *ud, const char *const *vals,
                                   size_t n);

/* Validate record `vals` (n values; missing trailing values are "") and
 * store it. Dates are YYYY-MM-DD (or YYYY-MM when only the month is
 * known); organisation names are resolved against the profile's registry
 * and the org records (an alias becomes the canonical name). On
 * MVR_ERR_DATA nothing is stored and `err` says which field is wrong and
 * why; *bad_field (when not NULL) is its index. */
MVR_EXPORT mvr_status mvr_coord_add(mvr_db *db, int kind,
                                    const char *const *vals, size_t n,
                                    char *err, size_t errlen,
                                    size_t *bad_field);
/* Remove the record whose key is `key` (mvr_coord_key_len values).
 * MVR_ERR_NOTFOUND when there is none. For a representative this is a
 * hard delete that leaves no copy in the database file (see
 * docs/coordination.md). */
MVR_EXPORT mvr_status mvr_coord_remove(mvr_db *db, int kind,
                                       const char *const *key);
/* Every record of `kind`, by key. MVR_COORD_ORG lists the profile's
 * registry merged with the org records, each with its computed liaison
 * status appended as a sixth value. */
MVR_EXPORT mvr_status mvr_coord_list(mvr_db *db, int kind, mvr_coord_fn fn,
                                     void *ud);

/* Load records from a CSV file (one kind, header row of field names) or
 * a JSON file ({"orgs": [...], "reps": [...], "ls": [...], ...}, each
 * item an object of field names; or an array of one `kind`). Every
 * record is validated first; one error and nothing is stored
 * (MVR_ERR_DATA), each error reported to `diag` GCC-style
 * (file:row:col). kind = -1 for a JSON file of several kinds. */
MVR_EXPORT mvr_status mvr_coord_import(mvr_db *db, int kind,
                                       const char *path, mvr_diag_fn diag,
                                       void *ud, size_t *nstored);
/* Write every record of `kind` as "csv", "json" or (representatives
 * only) "vcard". */
MVR_EXPORT mvr_status mvr_coord_export(mvr_db *db, int kind,
                                       const char *format, mvr_write_fn fn,
                                       void *ud);

/* Reports. `today` is YYYY-MM-DD (NULL = today); `within` days for
 * "due". Names: "orgs-without-input" (invited, no input),
 * "org-status" (every organisation with its liaison status),
 * "reps-to-confirm", "ls-awaiting-reply", "ls-overdue", "ls-due".
 * *cols / *ncols (when not NULL) receive the report's column names.
 * MVR_ERR_ARG for an unknown report. */
MVR_EXPORT mvr_status mvr_coord_report(mvr_db *db, const char *report,
                                       const char *today, long within,
                                       const char *const **cols,
                                       size_t *ncols, mvr_coord_fn fn,
                                       void *ud);
/* The report names, NULL-terminated. */
MVR_EXPORT const char *const *mvr_coord_reports(void);

/* Word-level difference of two texts: fn(ud, op, word, len) for each
 * word in order, op '=' (in both), '-' (only in a), '+' (only in b). */
typedef mvr_status (*mvr_coord_diff_fn)(void *ud, int op, const char *word,
                                        size_t len);
MVR_EXPORT mvr_status mvr_coord_word_diff(const char *a, const char *b,
                                          mvr_coord_diff_fn fn, void *ud);

#endif
