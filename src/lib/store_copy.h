/* store_copy.h - copying a whole register between stores (issue 8:
 * `mvroad migrate`): the list of tables, in one place, and the store
 * operations that dump and load them row by row.
 *
 * The list is the schema's (schema_sqlite.h and schema_pg.h, which are
 * the same tables slot for slot) minus what each engine derives itself:
 * SQLite's full-text tables (rebuilt by load_end) and PostgreSQL's
 * generated columns (ref_sort, fts). Whoever adds a table or a column to
 * the schema adds it here: the SQLite backend refuses to copy a register
 * with a table or column this list does not name (copy_check), so that
 * nothing is left behind silently. Names here are constants: the
 * backends build SQL text from them, never from input. */
#ifndef MVR_STORE_COPY_H
#define MVR_STORE_COPY_H

#include "store.h"

typedef struct mvr_copy_table {
  const char *name;
  const char *columns; /* "a, b, c": in this order in rows */
  int ncolumns;
  const char *order; /* ORDER BY of the dump: the primary key */
  int late;          /* index of a column that refers to the same table
                        (loaded NULL, then set once every row is in,
                        keyed by column 0), or -1 */
  /* SQL text, all constant (made by MVR_COPY_TABLE): values are bound as
   * $1, $2, ... (SQLite binds them by name) */
  const char *select;  /* the dump, ordered */
  const char *declare; /* the same as a cursor mvr_copy (PostgreSQL) */
  const char *count;   /* SELECT count(*) */
  const char *insert;  /* one row, every column */
  const char *update;  /* SET late = $2 WHERE column 0 = $1, or NULL */
} mvr_copy_table;

#define MVR_COPY_P2 "$1, $2"
#define MVR_COPY_P3 MVR_COPY_P2 ", $3"
#define MVR_COPY_P4 MVR_COPY_P3 ", $4"
#define MVR_COPY_P5 MVR_COPY_P4 ", $5"
#define MVR_COPY_P6 MVR_COPY_P5 ", $6"
#define MVR_COPY_P7 MVR_COPY_P6 ", $7"
#define MVR_COPY_P8 MVR_COPY_P7 ", $8"
#define MVR_COPY_P9 MVR_COPY_P8 ", $9"
#define MVR_COPY_P10 MVR_COPY_P9 ", $10"
#define MVR_COPY_P11 MVR_COPY_P10 ", $11"
#define MVR_COPY_P12 MVR_COPY_P11 ", $12"
#define MVR_COPY_P13 MVR_COPY_P12 ", $13"
#define MVR_COPY_P14 MVR_COPY_P13 ", $14"
#define MVR_COPY_P15 MVR_COPY_P14 ", $15"
#define MVR_COPY_P16 MVR_COPY_P15 ", $16"
#define MVR_COPY_P17 MVR_COPY_P16 ", $17"
#define MVR_COPY_P18 MVR_COPY_P17 ", $18"
#define MVR_COPY_P19 MVR_COPY_P18 ", $19"
#define MVR_COPY_P20 MVR_COPY_P19 ", $20"
#define MVR_COPY_P21 MVR_COPY_P20 ", $21"

/* A table: name, its columns, how many, the order of the dump, the late
 * column's index and its UPDATE (or -1, NULL). */
#define MVR_COPY_TABLE(name, cols, n, order, late, update)                     \
  {                                                                            \
    name, cols, n, order, late,                                                \
        "SELECT " cols " FROM " name " ORDER BY " order,                       \
        "DECLARE mvr_copy NO SCROLL CURSOR FOR SELECT " cols " FROM " name     \
        " ORDER BY " order,                                                    \
        "SELECT count(*) FROM " name,                                          \
        "INSERT INTO " name " (" cols ") VALUES (" MVR_COPY_P##n ")", update   \
  }

/* In load order: referenced tables first. release_entries comes before
 * releases (a release's rows are refused once the release exists). */
static const mvr_copy_table mvr_copy_tables[] = {
    MVR_COPY_TABLE("orgs",
                   "id, name, family, parent_id, kind, known, created_at", 7,
                   "id", 3, "UPDATE orgs SET parent_id = $2 WHERE id = $1"),
    MVR_COPY_TABLE("org_aliases", "alias, org_id", 2, "alias", -1, NULL),
    MVR_COPY_TABLE(
        "submissions",
        "id, file_name, sha256, format, org_id, received, doc_number, "
        "imported_at, actor, rows, added, updated, mode",
        13, "id", -1, NULL),
    MVR_COPY_TABLE("category_bits", "bit, label", 2, "bit", -1, NULL),
    MVR_COPY_TABLE(
        "entries",
        "id, org_id, family, refkey, reference, ref_detail, type, title, "
        "status, status_detail, categories, catmask, summary, url, first_seen, "
        "last_updated, created_submission, last_submission, version, "
        "merged_into",
        20, "id", 19, "UPDATE entries SET merged_into = $2 WHERE id = $1"),
    MVR_COPY_TABLE(
        "entry_sources",
        "id, entry_id, submission_id, row_no, sdo, reference, type, title, "
        "status, status_detail, categories, summary, url",
        13, "id", -1, NULL),
    MVR_COPY_TABLE(
        "changes",
        "id, entry_id, submission_id, at, actor, action, field, old_value, "
        "new_value",
        9, "id", -1, NULL),
    MVR_COPY_TABLE("entry_aliases",
                   "family, refkey, entry_id, reference, kind, at, actor", 7,
                   "family, refkey", -1, NULL),
    MVR_COPY_TABLE(
        "merges", "id, into_id, from_id, at, actor, note, undone_at, undone_by",
        8, "id", -1, NULL),
    MVR_COPY_TABLE("not_duplicates",
                   "a, b, at, actor, note, undone_at, undone_by", 7, "a, b", -1,
                   NULL),
    MVR_COPY_TABLE(
        "conflicts",
        "id, entry_id, field, current_value, proposed_value, submission_id, "
        "row_no, org, opened_at, state, resolved_at, resolved_by, resolution, "
        "note",
        14, "id", -1, NULL),
    MVR_COPY_TABLE("proposals",
                   "id, submission_id, row_no, org, org_family, org_known, "
                   "family, refkey, "
                   "reference, ref_detail, type, title, status, status_detail, "
                   "categories, "
                   "summary, url, state, decided_at, decided_by, note",
                   21, "id", -1, NULL),
    MVR_COPY_TABLE(
        "release_entries",
        "release_id, entry_id, org, family, refkey, reference, ref_detail, "
        "type, title, status, status_detail, categories, catmask, summary, "
        "url, "
        "first_seen, last_updated, version",
        18, "release_id, entry_id", -1, NULL),
    MVR_COPY_TABLE("releases",
                   "id, name, date, note, created_at, actor, entries, "
                   "submissions",
                   8, "id", -1, NULL),
    MVR_COPY_TABLE("topic_overrides",
                   "entry_id, topic, tagged, at, actor, note", 6,
                   "entry_id, topic", -1, NULL),
    MVR_COPY_TABLE("users",
                   "id, login, name, role, org, pwhash, disabled, created_at",
                   8, "id", -1, NULL),
    MVR_COPY_TABLE("sessions",
                   "id, token_hash, user_id, csrf, created, last_seen", 6, "id",
                   -1, NULL),
    MVR_COPY_TABLE(
        "api_tokens",
        "id, token_hash, user_id, name, created_at, last_used, revoked", 7,
        "id", -1, NULL),
    MVR_COPY_TABLE("login_failures", "id, kind, key, at", 4, "id", -1, NULL),
    MVR_COPY_TABLE("coord_orgs", "name, parent, kind, aliases, notes", 5,
                   "name", -1, NULL),
    MVR_COPY_TABLE("coord_reps",
                   "email, name, org, role, nominated_on, valid_until, doc", 7,
                   "email", -1, NULL),
    MVR_COPY_TABLE(
        "coord_ls",
        "number, direction, title, from_org, to_orgs, cc_orgs, date, purpose, "
        "deadline, replies_to, state, notes",
        12, "number", -1, NULL),
    MVR_COPY_TABLE("coord_ls_attachments", "ls, name, sha256", 3, "ls, name",
                   -1, NULL),
    MVR_COPY_TABLE("coord_ls_submissions", "ls, submission", 2,
                   "ls, submission", -1, NULL),
    MVR_COPY_TABLE("coord_docs",
                   "number, revision, title, source, meeting, type, date", 7,
                   "number, revision", -1, NULL),
    MVR_COPY_TABLE("coord_meetings",
                   "name, start, end_date, place, chairs, mode, notes", 7,
                   "name", -1, NULL),
    MVR_COPY_TABLE("coord_terms", "term, source, org, date, definition, notes",
                   6, "term, source", -1, NULL),
};
#define MVR_COPY_NTABLES (sizeof mvr_copy_tables / sizeof mvr_copy_tables[0])
#define MVR_COPY_MAXCOLS 24

/* One dumped row: ncolumns values as text (numbers in decimal), NULL for
 * SQL NULL; borrowed until the callback returns. */
typedef mvr_status (*mvr_copy_row_fn)(void *ud, const char *const *v);

struct mvr_store_copy_ops {
  /* MVR_OK when every table and column of the store is in
   * mvr_copy_tables; else MVR_ERR_SCHEMA with a message naming it. */
  mvr_status (*copy_check)(mvr_store *s);
  /* Number of rows of table t. */
  mvr_status (*copy_count)(mvr_store *s, const mvr_copy_table *t, long *n);
  /* Every row of t, in t->order, to fn; inside a read transaction for a
   * consistent snapshot. fn's error stops the dump and is returned. */
  mvr_status (*copy_out)(mvr_store *s, const mvr_copy_table *t,
                         mvr_copy_row_fn fn, void *ud);
  /* Inside a write transaction, before the first copy_in: prepare the
   * load (SQLite: foreign keys checked at the commit). */
  mvr_status (*load_begin)(mvr_store *s);
  /* Insert one row of t as dumped (ids kept), the value of column
   * t->late replaced by NULL. Nothing is derived or renumbered. */
  mvr_status (*copy_in)(mvr_store *s, const mvr_copy_table *t,
                        const char *const *v);
  /* Set column t->late of the row whose column 0 is `key` to `value`. */
  mvr_status (*copy_late)(mvr_store *s, const mvr_copy_table *t,
                          const char *key, const char *value);
  /* After the last copy_in, before the commit: rebuild what the engine
   * derives (SQLite: the full-text index; the cached category bits). */
  mvr_status (*load_end)(mvr_store *s);
};

#endif
