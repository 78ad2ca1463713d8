/* mvroad.h - the public API of libmvroad, the Metaverse Standardization
 * Roadmap register.
 *
 * This header is the whole contract: the `mvroad` command line tool and the
 * web server are thin clients of it and include nothing else of the library.
 *
 * Conventions (see docs/api.md):
 * - Every fallible function returns an mvr_status; MVR_OK is 0. Results go
 *   out through out-parameters, which are set to NULL/0 on failure.
 * - Handles are opaque and come in mvr_thing_new/open and mvr_thing_free
 *   pairs; every *_free accepts NULL.
 * - Each function that returns a pointer says who owns it, in one of three
 *   phrases: "caller frees with mvr_free()", "borrowed; valid until ...",
 *   or "takes ownership of ...".
 * - Inputs that are not C strings are passed as (pointer, length).
 * - Text in and out is UTF-8.
 */
#ifndef MVROAD_H
#define MVROAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MVR_BUILDING_LIBRARY) && defined(__GNUC__)
#define MVR_EXPORT __attribute__((visibility("default")))
#else
#define MVR_EXPORT
#endif

#define MVR_VERSION_MAJOR 0
#define MVR_VERSION_MINOR 1
#define MVR_VERSION_PATCH 0
#define MVR_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ */
/* Status codes. Append only; never renumber.                          */
/* ------------------------------------------------------------------ */

typedef enum mvr_status {
  MVR_OK = 0,
  MVR_ERR_NOMEM = 1,       /* an allocation failed */
  MVR_ERR_ARG = 2,         /* invalid argument from the caller */
  MVR_ERR_IO = 3,          /* reading or writing a file failed */
  MVR_ERR_DATA = 4,        /* the input has errors; see the report */
  MVR_ERR_NOTFOUND = 5,    /* no such entry, organisation, ... */
  MVR_ERR_STORE = 6,       /* the database failed; see mvr_db_errmsg() */
  MVR_ERR_TOOBIG = 7,      /* an input exceeds a documented limit */
  MVR_ERR_FORMAT = 8,      /* unknown or unsupported file format */
  MVR_ERR_PROFILE = 9,     /* the profile (vocabularies) is invalid */
  MVR_ERR_CONFLICT = 10,   /* changed since it was loaded (version check) */
  MVR_ERR_BUSY = 11,       /* the database stayed locked too long */
  MVR_ERR_SCHEMA = 12,     /* database written by a newer mvroad */
  MVR_ERR_EXISTS = 13,     /* already present (e.g. identical file) */
  MVR_ERR_DENIED = 14,     /* not allowed for this actor */
  MVR_ERR_INTERNAL = 15,   /* a bug: please report it */
  MVR_ERR_AMBIGUOUS = 16   /* a lookup matched more than one object */
} mvr_status;

/* A short English description of `rc`; never NULL.
 * Borrowed; valid for the life of the program. */
MVR_EXPORT const char *mvr_status_str(mvr_status rc);

/* The library version, e.g. "0.1.0". Borrowed; static. */
MVR_EXPORT const char *mvr_version(void);

/* One line naming the library versions mvroad runs with (SQLite, jansson,
 * utf8proc, libcsv, libsodium). Borrowed; static. */
MVR_EXPORT const char *mvr_version_details(void);

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

/* A replaceable allocator. Every allocation the library makes, and those
 * that SQLite, jansson and libcsv make on its behalf, go through it.
 * `realloc(NULL, n)` must behave as malloc; `free(NULL)` must be a no-op. */
typedef struct mvr_allocator {
  void *(*malloc)(size_t size, void *ud);
  void *(*realloc)(void *ptr, size_t size, void *ud);
  void (*free)(void *ptr, void *ud);
  void *ud;
} mvr_allocator;

/* Install `a` (copied), or the C library's allocator when `a` is NULL.
 * Call it before any other function of the library, from one thread.
 * Returns MVR_OK, or MVR_ERR_ARG if a member is NULL. */
MVR_EXPORT mvr_status mvr_set_allocator(const mvr_allocator *a);

MVR_EXPORT void *mvr_malloc(size_t size);
MVR_EXPORT void *mvr_realloc(void *ptr, size_t size);
/* Free memory that the library handed to the caller. NULL is a no-op. */
MVR_EXPORT void mvr_free(void *ptr);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

typedef enum mvr_severity {
  MVR_NOTE = 0,
  MVR_WARNING = 1,
  MVR_ERROR = 2
} mvr_severity;

/* One message about an input. Positions are 1-based; 0 means "none". */
typedef struct mvr_diag {
  mvr_severity severity;
  const char *file;    /* the input's display name */
  const char *table;   /* "table 2", a sheet name, or NULL */
  unsigned long row;   /* row (CSV line of the record, JSON entry index) */
  unsigned long col;   /* column number */
  const char *column;  /* template column ("Category"), or NULL */
  const char *code;    /* stable machine-readable code, e.g. "category" */
  const char *message; /* what is wrong and what to do, one sentence */
} mvr_diag;

/* A collection of diagnostics for one operation. */
typedef struct mvr_report mvr_report;

/* Called for each diagnostic as it is added (streaming output). */
typedef void (*mvr_diag_fn)(const mvr_diag *d, void *ud);

/* Create an empty report. On success *out is set; free with
 * mvr_report_free(). Returns MVR_OK or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_report_new(mvr_report **out);
MVR_EXPORT void mvr_report_free(mvr_report *rep);
/* Forget every diagnostic and count. */
MVR_EXPORT void mvr_report_clear(mvr_report *rep);

/* Call `fn` for every diagnostic added from now on. */
MVR_EXPORT void mvr_report_set_callback(mvr_report *rep, mvr_diag_fn fn,
                                        void *ud);

/* Keep at most `max` diagnostics in memory (default 1000); later ones are
 * still counted and passed to the callback. Bounds memory on huge bad
 * inputs. */
MVR_EXPORT void mvr_report_set_max(mvr_report *rep, size_t max);

/* Number of diagnostics kept in memory. */
MVR_EXPORT size_t mvr_report_count(const mvr_report *rep);
/* Number of diagnostics of `sev` seen, including those not kept. */
MVR_EXPORT unsigned long mvr_report_tally(const mvr_report *rep,
                                          mvr_severity sev);
/* The i-th kept diagnostic, or NULL when out of range.
 * Borrowed; valid until the report is cleared or freed. */
MVR_EXPORT const mvr_diag *mvr_report_get(const mvr_report *rep, size_t i);

/* Format `d` GCC-style: "FILE:ROW:COL: error: message" for row-based
 * inputs, "FILE:table 2:row 5:Category: error: message" for documents.
 * Caller frees *out with mvr_free(). Returns MVR_OK or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_diag_format(const mvr_diag *d, char **out);

/* ------------------------------------------------------------------ */
/* Profile: the controlled vocabularies                                */
/* ------------------------------------------------------------------ */

typedef struct mvr_profile mvr_profile;

/* The built-in default profile (data/profiles/jca-mv.json, compiled in).
 * On success *out is set; free with mvr_profile_free(). */
MVR_EXPORT mvr_status mvr_profile_default(mvr_profile **out);

/* Load a profile from JSON text `json` of `len` bytes; `name` is used in
 * diagnostics. Problems are added to `rep` (may be NULL). Returns MVR_OK,
 * MVR_ERR_PROFILE, MVR_ERR_TOOBIG or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_profile_load(const char *json, size_t len,
                                       const char *name, mvr_report *rep,
                                       mvr_profile **out);
/* The same, reading the file at `path`. Also MVR_ERR_IO. */
MVR_EXPORT mvr_status mvr_profile_load_file(const char *path,
                                            mvr_report *rep,
                                            mvr_profile **out);
MVR_EXPORT void mvr_profile_free(mvr_profile *p);

/* The profile's name and version, e.g. "jca-mv" "2025-10".
 * Borrowed; valid until the profile is freed. */
MVR_EXPORT const char *mvr_profile_name(const mvr_profile *p);
MVR_EXPORT const char *mvr_profile_version(const mvr_profile *p);

/* Canonical vocabularies, in profile order. Borrowed; valid until the
 * profile is freed; NULL when `i` is out of range. */
MVR_EXPORT size_t mvr_profile_category_count(const mvr_profile *p);
MVR_EXPORT const char *mvr_profile_category(const mvr_profile *p, size_t i);
MVR_EXPORT size_t mvr_profile_status_count(const mvr_profile *p);
MVR_EXPORT const char *mvr_profile_status(const mvr_profile *p, size_t i);
MVR_EXPORT size_t mvr_profile_type_count(const mvr_profile *p);
MVR_EXPORT const char *mvr_profile_type(const mvr_profile *p, size_t i);

/* ------------------------------------------------------------------ */
/* Normalisation                                                       */
/* ------------------------------------------------------------------ */

/* Clean text: reject invalid UTF-8, convert to Unicode NFC, turn
 * non-breaking and other Unicode spaces into spaces, smart quotes into
 * ASCII quotes, vertical tabs and form feeds (Word's and Excel's line and
 * page breaks) into line breaks, drop other control characters (an import
 * warns about them) and invisible format characters (soft hyphen, zero
 * width space, BOM), collapse runs of white space and trim. With
 * `multiline`, single newlines are kept (paragraphs).
 * Caller frees *out with mvr_free(). Returns MVR_OK, MVR_ERR_DATA (invalid
 * UTF-8; *bad_offset, if not NULL, gets the byte offset), or
 * MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_text_clean(const char *s, size_t len, int multiline,
                                     char **out, size_t *bad_offset);

/* An organisation name resolved against the profile's registry. */
typedef struct mvr_org_name {
  char *name;   /* canonical name, e.g. "ISO/IEC JTC 1/SC 29" */
  char *family; /* the family that scopes reference keys, e.g. "ISO/IEC" */
  char *parent; /* canonical parent name, or NULL */
  int known;    /* 1 if found in the registry, 0 if accepted as new */
} mvr_org_name;

/* Resolve `s` (e.g. "JTC 1/SC 29", "ITU-T Study Group 21", "S1"). An
 * unknown name is returned cleaned, with known = 0 and itself as family.
 * Release with mvr_org_name_clear(). Returns MVR_OK, MVR_ERR_DATA (empty),
 * or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_normalize_org(const mvr_profile *p, const char *s,
                                        size_t len, mvr_org_name *out);
MVR_EXPORT void mvr_org_name_clear(mvr_org_name *o);

/* A document reference reduced to its matching key. */
typedef struct mvr_ref {
  char *family;  /* "ISO/IEC", "ITU-T", "IEEE", "3GPP", "ETSI", ... */
  char *key;     /* the matching key within the family, e.g. "23090-2" */
  char *display; /* the reference as it should be shown, e.g.
                    "ISO/IEC 23090-2", "ITU-T H.266", "IEEE 2888.1-2023" */
  char *detail;  /* edition, version, stage... dropped from the key, or
                    NULL: "2023", "DIS", "V3 (09/2023)" */
} mvr_ref;

/* Reduce reference `s` to its key. `org_family` (may be NULL) is the
 * family of the submitting organisation, used when the reference itself
 * names none ("H.266" from ITU-T SG21). See docs/normalisation.md for the
 * rules. Release with mvr_ref_clear(). Returns MVR_OK, MVR_ERR_DATA
 * (empty), or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_normalize_reference(const mvr_profile *p,
                                              const char *org_family,
                                              const char *s, size_t len,
                                              mvr_ref *out);
MVR_EXPORT void mvr_ref_clear(mvr_ref *r);

/* Map a submitted status ("In force", "FDIS", "60.60", "Active PAR") to
 * its canonical label. *canonical is borrowed from the profile. Returns
 * MVR_OK or MVR_ERR_NOTFOUND. */
MVR_EXPORT mvr_status mvr_normalize_status(const mvr_profile *p,
                                           const char *s, size_t len,
                                           const char **canonical);

/* Map a submitted type ("Rec.", "TR", "IEEE Std") to its canonical label.
 * *canonical is borrowed from the profile. Returns MVR_OK or
 * MVR_ERR_NOTFOUND. */
MVR_EXPORT mvr_status mvr_normalize_type(const mvr_profile *p, const char *s,
                                         size_t len, const char **canonical);

/* Parse a category cell ("Enabling technology, Interoperability",
 * "Interoperability & Infrastructure") into a bit set over the profile's
 * categories (bit i = mvr_profile_category(p, i)). On MVR_ERR_NOTFOUND,
 * *bad gets the first unknown label (caller frees with mvr_free()) and
 * *suggest the closest valid label (borrowed from the profile), either of
 * which may be NULL. Returns MVR_OK, MVR_ERR_NOTFOUND, MVR_ERR_DATA
 * (empty), or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_normalize_categories(const mvr_profile *p,
                                               const char *s, size_t len,
                                               uint64_t *mask, char **bad,
                                               const char **suggest);

/* The closest label to `s` among a vocabulary ("status", "type",
 * "category"), for "did you mean" messages; NULL when nothing is close.
 * Borrowed from the profile. */
MVR_EXPORT const char *mvr_profile_suggest(const mvr_profile *p,
                                           const char *vocabulary,
                                           const char *s, size_t len);

/* ------------------------------------------------------------------ */
/* The register (database)                                             */
/* ------------------------------------------------------------------ */

typedef struct mvr_db mvr_db;

enum {
  MVR_OPEN_CREATE = 1 << 0,   /* create the database if it does not exist */
  MVR_OPEN_READONLY = 1 << 1  /* never write */
};

/* Open the register at `uri`: a file path (SQLite); ":memory:" for one in
 * memory, "" for a private temporary one on disk (deleted on close). `flags` is a
 * combination of MVR_OPEN_*. The schema is created or migrated forward.
 * On success *out is set; close with mvr_db_close(). On failure *out is
 * NULL and, if `errbuf` is not NULL, a message is written to it (at most
 * `errlen` bytes). Returns MVR_OK, MVR_ERR_STORE, MVR_ERR_NOTFOUND (no
 * database and no MVR_OPEN_CREATE), MVR_ERR_SCHEMA, or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_db_open(const char *uri, unsigned flags,
                                  mvr_db **out, char *errbuf, size_t errlen);
MVR_EXPORT void mvr_db_close(mvr_db *db);

/* `uri` as it may be shown in messages and logs: the password of a
 * postgres[ql]:// URI (in "user:PASSWORD@" or a "password=" parameter)
 * replaced by "***"; a file path unchanged. Written to `out` (truncated
 * to `cap` - 1 bytes, always terminated when cap > 0); returns `out`. */
MVR_EXPORT const char *mvr_db_display(const char *uri, char *out, size_t cap);

/* The message of the last failed call on `db` ("" if none).
 * Borrowed; valid until the next call on `db`. */
MVR_EXPORT const char *mvr_db_errmsg(const mvr_db *db);

/* Use profile `p` for imports and listings. Takes ownership of `p`. */
MVR_EXPORT void mvr_db_set_profile(mvr_db *db, mvr_profile *p);
/* Borrowed; valid until the profile is replaced or the db closed. */
MVR_EXPORT const mvr_profile *mvr_db_profile(const mvr_db *db);

/* Name the person or process recorded in the change log ("who"). `who`
 * is copied. Default: "$USER" or "mvroad". */
MVR_EXPORT mvr_status mvr_db_set_actor(mvr_db *db, const char *who);

/* The schema version of the open database. */
MVR_EXPORT int mvr_db_schema_version(const mvr_db *db);

/* A short text that changes whenever any connection or process may have
 * committed a change to the register since the last call (issue 8: the
 * web server's answer cache over a database several servers share).
 * PostgreSQL: the server's WAL position (it may also change without a
 * change to the register). SQLite: "" (watch the database file and its
 * -wal file instead, which is cheaper). Writes at most `size` bytes into
 * `buf`, NUL-terminated. Returns MVR_OK, MVR_ERR_ARG or MVR_ERR_STORE
 * (see mvr_db_errmsg()). */
MVR_EXPORT mvr_status mvr_db_change_stamp(mvr_db *db, char *buf, size_t size);

/* One snapshot for several reads (added for issue 5: the web server
 * reads a listing and its facet counts this way). Until
 * mvr_db_read_end(), every read on `db` sees the register as it was at
 * the first of them, and the database is locked for reading once rather
 * than once per statement. Only reads in between: calls that write open
 * their own transaction and fail inside this one. Not nested. Returns
 * MVR_OK, MVR_ERR_ARG (one is open already), MVR_ERR_BUSY or
 * MVR_ERR_STORE (see mvr_db_errmsg()). */
MVR_EXPORT mvr_status mvr_db_read_begin(mvr_db *db);
/* End the snapshot of mvr_db_read_begin(); nothing when none is open. */
MVR_EXPORT void mvr_db_read_end(mvr_db *db);

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/* One roadmap entry. All strings are UTF-8 and never NULL ("" if empty).
 * Members may be appended in later versions; do not allocate this struct
 * yourself. */
typedef struct mvr_entry {
  int64_t id;
  const char *sdo;           /* canonical organisation name */
  const char *family;        /* organisation family (reference scope) */
  const char *reference;     /* reference as displayed */
  const char *refkey;        /* normalised matching key */
  const char *ref_detail;    /* edition/stage detail of the reference */
  const char *type;          /* canonical type */
  const char *title;
  const char *status;        /* canonical status */
  const char *status_detail; /* status text as submitted */
  const char *const *categories; /* canonical labels, profile order */
  size_t ncategories;
  const char *summary;
  const char *url;
  const char *first_seen;    /* YYYY-MM-DD */
  const char *last_updated;  /* YYYY-MM-DD */
  int64_t version;           /* incremented by every change */
} mvr_entry;

/* Filters for listings, searches and exports. Zero-initialise, then set
 * what you need; NULL/0 members do not filter. */
typedef struct mvr_query {
  const char *text;     /* full-text search over reference, title, summary */
  const char *sdo;      /* organisation, any alias; includes sub-bodies */
  const char *category; /* category label or variant */
  const char *status;   /* status label or variant */
  const char *type;     /* type label or variant */
  const char *sort;     /* "sdo" (default: SDO then reference), "reference",
                           "title", "status", "updated", "rank", "id" */
  long limit;           /* 0 = no limit */
  long offset;
  const char *release;  /* "as of": read the roadmap as this release (by
                           name) froze it; NULL or "current" = now. Text
                           search in a release matches each word as a
                           substring (no ranking: "rank" sorts as "sdo") */
} mvr_query;

typedef struct mvr_cursor mvr_cursor;

/* Run `q` on `db`. On success *out is set; read rows with
 * mvr_cursor_next() and free with mvr_cursor_free(). Returns MVR_OK,
 * MVR_ERR_NOTFOUND (a filter names an unknown category/status/type, or
 * no release has the name q->release), MVR_ERR_ARG (bad search syntax or
 * sort), MVR_ERR_STORE, MVR_ERR_NOMEM.
 * The cursor streams: memory does not grow with the number of rows. */
MVR_EXPORT mvr_status mvr_query_run(mvr_db *db, const mvr_query *q,
                                    mvr_cursor **out);

/* Advance. *e is the next entry, or NULL at the end (with MVR_OK).
 * Borrowed; valid until the next call on the cursor. */
MVR_EXPORT mvr_status mvr_cursor_next(mvr_cursor *c, const mvr_entry **e);
MVR_EXPORT void mvr_cursor_free(mvr_cursor *c);

/* Count the entries `q` matches (limit and offset ignored). */
MVR_EXPORT mvr_status mvr_query_count(mvr_db *db, const mvr_query *q,
                                      long *n);

/* Where a value came from: one row of one submitted file. */
typedef struct mvr_source {
  int64_t submission_id;
  const char *file;       /* submitted file name */
  const char *org;        /* organisation of the submission, or "" */
  const char *doc;        /* document number, e.g. "JCA-MV-Doc-021", or "" */
  const char *received;   /* YYYY-MM-DD */
  unsigned long row;      /* row in that file */
  /* the values the row asserted, cleaned and canonical ("" if blank) */
  const char *sdo, *reference, *type, *title, *status, *status_detail,
      *categories, *summary, *url;
} mvr_source;

/* One line of the append-only change log. */
typedef struct mvr_change {
  int64_t id;
  const char *at;       /* ISO 8601 UTC timestamp */
  const char *actor;
  int64_t submission_id; /* 0 if not from a submission */
  const char *action;   /* "create", "update", ... */
  const char *field;    /* "" for whole-entry actions */
  const char *old_value;
  const char *new_value;
} mvr_change;

/* An entry with its provenance and history. */
/* Another key that names the same entry. */
typedef struct mvr_alias {
  const char *family;
  const char *refkey;
  const char *reference; /* as it was written */
  const char *kind;      /* "project", "provisional", "twin" */
} mvr_alias;

/* An entry with its provenance and history. Sources and changes include
 * those of entries merged into it. */
typedef struct mvr_entry_detail {
  mvr_entry entry;
  const mvr_source *sources;
  size_t nsources;
  const mvr_change *changes;
  size_t nchanges;
  const mvr_alias *aliases;
  size_t naliases;
  const int64_t *merged; /* ids of the entries merged into this one */
  size_t nmerged;
  int64_t merged_into;   /* when looked up by id: the entry this one is
                            merged into, or 0 */
} mvr_entry_detail;

/* Look up one entry by id ("42") or reference (any variant the importer
 * accepts, e.g. "Rec. ITU-T H.266"). On success *out is set; free with
 * mvr_entry_detail_free(). Returns MVR_OK, MVR_ERR_NOTFOUND,
 * MVR_ERR_AMBIGUOUS (the reference matches entries of several families;
 * mvr_db_errmsg() lists them), MVR_ERR_STORE, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_entry_lookup(mvr_db *db, const char *id_or_ref,
                                       mvr_entry_detail **out);
MVR_EXPORT void mvr_entry_detail_free(mvr_entry_detail *d);

/* ------------------------------------------------------------------ */
/* Statistics                                                          */
/* ------------------------------------------------------------------ */

typedef struct mvr_count {
  const char *label;
  long count;
} mvr_count;

typedef struct mvr_stats {
  long entries;
  long organisations;
  long submissions; /* received; as of a release, received by its freeze */
  const mvr_count *by_category; /* profile order; an entry counts once per
                                   category it has */
  size_t ncategory;
  const mvr_count *by_status;   /* profile order */
  size_t nstatus;
  const mvr_count *by_type;     /* profile order, then others */
  size_t ntype;
  const mvr_count *by_sdo;      /* descending count, then name */
  size_t nsdo;
} mvr_stats;

/* Count the entries matched by `q` (NULL = all) per category, status, type
 * and organisation. Free with mvr_stats_free(). */
MVR_EXPORT mvr_status mvr_stats_get(mvr_db *db, const mvr_query *q,
                                    mvr_stats **out);
MVR_EXPORT void mvr_stats_free(mvr_stats *s);

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

enum {
  MVR_IMPORT_DRY_RUN = 1 << 0, /* validate only; store nothing */
  MVR_IMPORT_PROPOSE = 1 << 1  /* rows wait as proposals for an editor's
                                  approval (mvr_proposal_decide) */
};

typedef struct mvr_import_opts {
  const char *format; /* "csv", "json", or NULL to decide from the name
                         and content */
  const char *org;    /* organisation for rows with an empty SDO cell,
                         and the submitting organisation */
  const char *date;   /* date received, YYYY-MM-DD; NULL = today */
  const char *doc;    /* document number, e.g. "JCA-MV-Doc-021" */
  unsigned flags;     /* MVR_IMPORT_* */
  /* Called as the input is read (mvr_import_file only): bytes done out of
   * total. May be NULL. */
  void (*progress)(void *ud, unsigned long long done,
                   unsigned long long total);
  void *progress_ud;
} mvr_import_opts;

typedef struct mvr_import_result {
  unsigned long rows;      /* data rows read */
  unsigned long added;     /* new entries */
  unsigned long updated;   /* existing entries changed */
  unsigned long unchanged; /* existing entries confirmed as they were */
  unsigned long skipped;   /* blank or ignored rows */
  int64_t submission_id;   /* 0 if nothing was stored */
  int already_imported;    /* 1: identical file seen before; nothing done */
  char sha256[65];         /* of the whole input, hex */
  unsigned long proposed;  /* rows kept as proposals (MVR_IMPORT_PROPOSE) */
  unsigned long conflicts; /* values left as conflicts for the editors */
  unsigned long merged;    /* rows that restate (and may complete) an entry
                              an earlier row of the same file created, e.g.
                              two editions of one standard: counted in none
                              of added, updated, unchanged */
} mvr_import_result;

/* Import (or, with MVR_IMPORT_DRY_RUN or db == NULL, check) the file at
 * `path`. Every problem is added to `rep` (may be NULL). A file with any
 * error stores nothing: it is one transaction. Re-importing an identical
 * file (same SHA-256) does nothing and sets res->already_imported.
 * `profile` is used when db is NULL (NULL = the default profile).
 * Returns MVR_OK, MVR_ERR_DATA (errors in the input), MVR_ERR_IO,
 * MVR_ERR_FORMAT, MVR_ERR_TOOBIG, MVR_ERR_STORE, MVR_ERR_BUSY or
 * MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_import_file(mvr_db *db, const mvr_profile *profile,
                                      const char *path,
                                      const mvr_import_opts *opts,
                                      mvr_report *rep,
                                      mvr_import_result *res);

/* The same for `len` bytes at `data`, shown in diagnostics as `name`. */
MVR_EXPORT mvr_status mvr_import_mem(mvr_db *db, const mvr_profile *profile,
                                     const char *name, const void *data,
                                     size_t len, const mvr_import_opts *opts,
                                     mvr_report *rep,
                                     mvr_import_result *res);

/* The streaming form: create, feed the input in chunks of any size, then
 * finish. Memory stays bounded for row formats (CSV) whatever the input
 * size. `name` is shown in diagnostics and recorded as the file name;
 * opts->format must be set or deducible from `name`. */
typedef struct mvr_importer mvr_importer;
MVR_EXPORT mvr_status mvr_importer_new(mvr_db *db, const mvr_profile *profile,
                                       const char *name,
                                       const mvr_import_opts *opts,
                                       mvr_report *rep, mvr_importer **out);
MVR_EXPORT mvr_status mvr_importer_feed(mvr_importer *imp, const void *data,
                                        size_t len);
/* Finish, then commit (or roll back on any error). Fills *res. The
 * importer must still be freed. */
MVR_EXPORT mvr_status mvr_importer_finish(mvr_importer *imp,
                                          mvr_import_result *res);
MVR_EXPORT void mvr_importer_free(mvr_importer *imp);

/* ------------------------------------------------------------------ */
/* Inspect: what a reader sees                                         */
/* ------------------------------------------------------------------ */

enum {
  MVR_INSPECT_TEXT = 1 << 0 /* also the paragraphs outside tables (DOCX) */
};

/* Write, as one JSON object, what the reader for the file at `path` sees:
 *   {"file": NAME, "format": "docx",
 *    "tables": [{"name": "table 1" (a sheet's name; null for CSV/JSON),
 *                "rows": [{"row": 1, "role": "header",
 *                          "cells": ["SDO / Org.", ...]}, ...],
 *                "template": true, "header_row": 1,
 *                "columns": {"sdo": 1, "reference": 2, ...}}, ...],
 *    "text": [...] (with MVR_INSPECT_TEXT), "complete": true}
 * A row's role is "header", "repeat" (the header again), "data",
 * "example" (one of Annex 1's examples, which an import skips), "blank",
 * or "other" (no template header above it); "columns" maps each template
 * field found to its column number. Nothing is checked or stored: this
 * shows how the import would read the file. `format` is as in
 * mvr_import_opts (NULL: from the name); `p` is the profile whose column
 * names are recognised (NULL: the default). The output goes to `fn`
 * (an mvr_write_fn) in pieces; a reader error leaves "complete": false.
 * Problems go to `rep` (may be NULL). Returns MVR_OK, MVR_ERR_DATA,
 * MVR_ERR_FORMAT, MVR_ERR_IO, MVR_ERR_TOOBIG, MVR_ERR_NOMEM, or what `fn`
 * returned. */
MVR_EXPORT mvr_status mvr_inspect_file(
    const char *path, const mvr_profile *p, const char *format,
    unsigned flags, mvr_status (*fn)(void *ud, const char *s, size_t n),
    void *ud, mvr_report *rep);

/* The same for `len` bytes at `data`, shown as `name`. */
MVR_EXPORT mvr_status mvr_inspect_mem(
    const char *name, const void *data, size_t len, const mvr_profile *p,
    const char *format, unsigned flags,
    mvr_status (*fn)(void *ud, const char *s, size_t n), void *ud,
    mvr_report *rep);

/* ------------------------------------------------------------------ */
/* Curation: merges, conflicts, review                                 */
/* ------------------------------------------------------------------ */

/* Merge entry `from` into entry `into` (ids or references): `from` is
 * hidden behind `into`, its key lands imports on `into`, and every source
 * and history line of both is kept. Logged on both. Reversible with
 * mvr_unmerge(). Returns MVR_OK, MVR_ERR_NOTFOUND, MVR_ERR_AMBIGUOUS,
 * MVR_ERR_CONFLICT (already merged, `into` itself merged into another
 * entry, or the same entry), MVR_ERR_STORE. */
MVR_EXPORT mvr_status mvr_merge(mvr_db *db, const char *into,
                                const char *from, const char *note);

/* Undo the merge of `from` into `into`: both entries are as they were
 * before it. Returns MVR_OK or MVR_ERR_NOTFOUND (no such merge). */
MVR_EXPORT mvr_status mvr_unmerge(mvr_db *db, const char *into,
                                  const char *from);

/* A value another organisation asserted against the owner's. */
typedef struct mvr_conflict {
  int64_t id;
  int64_t entry_id;
  const char *reference;      /* of the entry */
  const char *field;          /* "status", "title", "type" */
  const char *current_value;
  const char *proposed_value;
  const char *org;            /* who proposed it */
  int64_t submission_id;
  unsigned long row;
  const char *opened_at;
  const char *state;          /* "open" or "resolved" */
  const char *resolution;     /* "kept current", "took proposed", ... */
  const char *resolved_by, *resolved_at, *note;
} mvr_conflict;

/* The open conflicts (all of them with `all`). Free *out with
 * mvr_conflicts_free(). */
MVR_EXPORT mvr_status mvr_conflicts_list(mvr_db *db, int all,
                                         mvr_conflict **out, size_t *n);
MVR_EXPORT void mvr_conflicts_free(mvr_conflict *c, size_t n);

/* Close conflict `id`: `take` is "current" (keep the value), "proposed"
 * (take the other organisation's), "submission:N" (the value submission
 * N asserted for the field), or a literal value (checked against the
 * profile for status and type). The decision is in the change log with
 * `note`. Returns MVR_OK, MVR_ERR_NOTFOUND, MVR_ERR_ARG (a value the
 * profile refuses), MVR_ERR_CONFLICT (the entry changed meanwhile). */
MVR_EXPORT mvr_status mvr_conflict_resolve(mvr_db *db, int64_t id,
                                           const char *take,
                                           const char *note);

/* A row of a submission imported with MVR_IMPORT_PROPOSE. */
typedef struct mvr_proposal {
  int64_t id;
  int64_t submission_id;
  const char *file;
  const char *received;
  unsigned long row;
  const char *state;      /* "pending", "approved", "rejected" */
  int64_t entry_id;       /* the entry it would change, or 0 (new) */
  /* the proposed values, canonical */
  const char *sdo, *reference, *type, *title, *status, *categories,
      *summary, *url;
  const char *changes;    /* "status: A -> B; title: ..." against the
                             current entry, "" when new or identical */
} mvr_proposal;

/* Proposals in `state` ("pending", "approved", "rejected", NULL = any) of
 * submission `submission` (0 = any). Free with mvr_proposals_free(). */
MVR_EXPORT mvr_status mvr_proposals_list(mvr_db *db, const char *state,
                                         int64_t submission,
                                         mvr_proposal **out, size_t *n);
MVR_EXPORT void mvr_proposals_free(mvr_proposal *p, size_t n);

/* Approve (apply to the register, as an import would) or reject the
 * pending proposal `id`, or every pending proposal of submission
 * `submission` when id is 0; one transaction. *count (may be NULL) gets
 * how many were decided. Notes and warnings of the application (e.g.
 * conflicts opened) go to `rep` (may be NULL). */
MVR_EXPORT mvr_status mvr_proposal_decide(mvr_db *db, int64_t id,
                                          int64_t submission, int approve,
                                          const char *note, mvr_report *rep,
                                          unsigned long *count);

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

/* Receives output bytes; return MVR_OK to go on. */
typedef mvr_status (*mvr_write_fn)(void *ud, const char *p, size_t n);

/* Write the entries matched by `q` (NULL = all) in `format`: "json"
 * ({"entries": [...]}), "csv" (the template's seven columns first,
 * formula-like cells prefixed with an apostrophe), or "md" (a Markdown
 * roadmap, one table per category). Streams: memory does not grow with
 * the number of entries. Returns MVR_OK, MVR_ERR_FORMAT, MVR_ERR_STORE,
 * MVR_ERR_NOMEM, or what `fn` returned. */
MVR_EXPORT mvr_status mvr_export(mvr_db *db, const mvr_query *q,
                                 const char *format, mvr_write_fn fn,
                                 void *ud);

/* Escape `s` for a CSV field as mvroad writes it: quoted when needed,
 * and a leading = + - @ TAB CR or NUL neutralised with an apostrophe.
 * Caller frees *out with mvr_free(). */
MVR_EXPORT mvr_status mvr_csv_field(const char *s, size_t len, char **out);

/* ------------------------------------------------------------------ */
/* Releases                                                            */
/* ------------------------------------------------------------------ */

/* A release: the roadmap as it stood when it was frozen, under a name
 * ("2026-05", "JCA-MV-5"). Releases are immutable: one is never edited,
 * only followed by another. */
typedef struct mvr_release {
  int64_t id;
  const char *name;
  const char *date;       /* YYYY-MM-DD: the release's date */
  const char *note;       /* "" if none */
  const char *created_at; /* ISO 8601 UTC timestamp of the freeze */
  const char *actor;      /* who froze it (mvr_db_set_actor) */
  long entries;           /* entries it holds */
  long submissions;       /* submissions the register had received then */
} mvr_release;

/* Freeze the current roadmap, every entry that listings show (entries
 * merged into another are not), as release `name`, in one transaction.
 * `name` is free text (cleaned like any text; "current" is reserved for
 * the live roadmap); `date` is YYYY-MM-DD, NULL for today (UTC); `note`
 * may be NULL. *entries (if not NULL) gets the number of entries frozen.
 * Returns MVR_OK, MVR_ERR_ARG (empty or reserved name, bad date; see
 * mvr_db_errmsg()), MVR_ERR_EXISTS (a release of that name exists: create
 * one with another name), MVR_ERR_STORE, MVR_ERR_BUSY or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_release_create(mvr_db *db, const char *name,
                                         const char *date, const char *note,
                                         long *entries);

/* The releases of the register, oldest first. */
typedef struct mvr_releases {
  const mvr_release *items;
  size_t n;
} mvr_releases;

/* List the releases. On success *out is set; free with
 * mvr_releases_free(). Returns MVR_OK, MVR_ERR_STORE or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_release_list(mvr_db *db, mvr_releases **out);
MVR_EXPORT void mvr_releases_free(mvr_releases *r);

/* One field of an entry that differs between two versions. */
typedef struct mvr_field_change {
  const char *field; /* "sdo", "reference", "ref_detail", "type", "title",
                        "status", "status_detail", "categories" (labels
                        joined with "; "), "summary" or "url" */
  const char *from;
  const char *to;
} mvr_field_change;

typedef enum mvr_diff_kind {
  MVR_DIFF_ADDED = 0,   /* in B, not in A */
  MVR_DIFF_REMOVED = 1, /* in A, not in B (merged into another entry) */
  MVR_DIFF_CHANGED = 2  /* in both, with different values */
} mvr_diff_kind;

/* One difference between versions A and B of the roadmap. */
typedef struct mvr_diff_item {
  mvr_diff_kind kind;
  int64_t id;                     /* the entry's id, stable across versions */
  const mvr_entry *from;          /* as in A; NULL when added */
  const mvr_entry *to;            /* as in B; NULL when removed */
  const mvr_field_change *fields; /* changed: the fields, in the order of
                                     mvr_field_change.field above */
  size_t nfields;
  int withdrawn; /* changed: the status became Withdrawn */
} mvr_diff_item;

/* Receives each difference; everything is borrowed until it returns.
 * Return MVR_OK to go on. */
typedef mvr_status (*mvr_diff_fn)(void *ud, const mvr_diff_item *d);

/* Compare version `a` with version `b` of the roadmap, each a release name
 * or "current" (the live roadmap), and call `fn` for each entry that was
 * added, removed or changed, in entry id order. Entries are matched by id;
 * both sides are read in id order and merged, so time is linear and
 * memory does not grow with the register. Returns MVR_OK,
 * MVR_ERR_NOTFOUND (no such release; see mvr_db_errmsg()), MVR_ERR_ARG,
 * MVR_ERR_STORE, MVR_ERR_NOMEM, or what `fn` returned. */
MVR_EXPORT mvr_status mvr_diff(mvr_db *db, const char *a, const char *b,
                               mvr_diff_fn fn, void *ud);

/* Write the differences between `a` and `b` in `format`: "text" (for a
 * terminal), "md" (Markdown: counts, status transitions, then tables of
 * the added, removed, withdrawn and changed entries; what a "Changes since
 * version A" annex holds) or "json" (the stable shape documented in
 * docs/diff.md: {"from", "to", "added", "removed", "changed", ...}).
 * Streams: memory does not grow with the number of entries. Returns as
 * mvr_diff(), or MVR_ERR_FORMAT. */
MVR_EXPORT mvr_status mvr_diff_write(mvr_db *db, const char *a, const char *b,
                                     const char *format, mvr_write_fn fn,
                                     void *ud);

/* One release as seen from one entry. */
typedef struct mvr_history_release {
  const mvr_release *release;
  const mvr_entry *entry; /* its values in that release; NULL if absent */
  /* what differs from the previous release that held the entry (none for
   * the first) */
  const mvr_field_change *changes;
  size_t nchanges;
} mvr_history_release;

/* One entry across releases and submissions. */
typedef struct mvr_history {
  const mvr_entry_detail *detail;      /* now: values, sources, change log */
  const mvr_history_release *releases; /* every release, oldest first */
  size_t nreleases;
  /* what differs now from the last release that held the entry */
  const mvr_field_change *since_release;
  size_t nsince_release;
} mvr_history;

/* The history of the entry `id_or_ref` (as mvr_entry_lookup()): its
 * values in each release, and its sources and change log. On success *out
 * is set; free with mvr_history_free(). Returns as mvr_entry_lookup(). */
MVR_EXPORT mvr_status mvr_entry_history(mvr_db *db, const char *id_or_ref,
                                        mvr_history **out);
MVR_EXPORT void mvr_history_free(mvr_history *h);

/* ------------------------------------------------------------------ */
/* Duplicates                                                          */
/* ------------------------------------------------------------------ */

/* Possible duplicates: entries with different keys whose titles are
 * near-identical once folded (case, accents, dashes, hyphens, trademark
 * signs, the profile's "title_prefixes" such as "Information technology
 * —" or "IEEE Standard for"). They are only listed, with a score, for an
 * editor to merge (mvr_merge) or dismiss (mvr_not_duplicate); nothing is
 * ever merged by this. See docs/duplicates.md for the rules and scores. */

/* One side of a possible duplicate. Strings are never NULL. */
typedef struct mvr_dup_side {
  int64_t id;
  const char *sdo;       /* canonical organisation name */
  const char *reference; /* as displayed */
  const char *title;
} mvr_dup_side;

typedef struct mvr_duplicate {
  mvr_dup_side a, b; /* a.id < b.id */
  double score;      /* 0 < score <= 1; 1 = the same title */
  const char *match; /* "same-title": the folded titles are identical;
                        "similar-title": most of their words are shared;
                        "part-title": one title is the other's part title
                        ("Versatile video coding" and "... — Part 3:
                        Versatile video coding", as twin texts are) */
} mvr_duplicate;

typedef struct mvr_dup_opts {
  double min_score; /* pairs scoring at least this, 0.5 to 1; 0 = 0.8 */
  long limit;       /* the best `limit` pairs only; 0 = all */
} mvr_dup_opts;

typedef struct mvr_duplicates {
  const mvr_duplicate *pairs; /* best first (score, then ids) */
  size_t npairs;
  unsigned long found;          /* pairs at or above min_score (before
                                   limit), not counting dismissed ones */
  unsigned long dismissed;      /* pairs above min_score left out because
                                   they are marked not duplicates */
  unsigned long entries;        /* entries compared: those shown in
                                   listings, with a title */
  unsigned long long all_pairs; /* entries * (entries - 1) / 2 */
  unsigned long long examined;  /* candidate pairs the word index met */
  unsigned long long scored;    /* of those, pairs whose similarity was
                                   computed */
} mvr_duplicates;

/* Find the possible duplicates among the entries shown in listings
 * (entries merged into another are left out, and so are pairs marked not
 * duplicates). `opts` may be NULL. Candidates come from an index of each
 * title's rarest words, so the work grows with the number of similar
 * titles, not with the square of the register. On success *out is set;
 * free with mvr_duplicates_free(). Returns MVR_OK, MVR_ERR_ARG (min_score
 * out of range), MVR_ERR_STORE, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_duplicates_find(mvr_db *db,
                                          const mvr_dup_opts *opts,
                                          mvr_duplicates **out);
MVR_EXPORT void mvr_duplicates_free(mvr_duplicates *d);

/* Record that entries `a` and `b` (ids, either order) are not duplicates,
 * with `note` (may be NULL) and the actor: the pair is never proposed
 * again. Marking a pair again changes nothing and returns MVR_OK.
 * Returns MVR_OK, MVR_ERR_ARG (a == b), MVR_ERR_NOTFOUND (no such
 * entry), MVR_ERR_STORE, MVR_ERR_BUSY, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_not_duplicate(mvr_db *db, int64_t a, int64_t b,
                                        const char *note);

/* Undo the not-duplicate mark of entries `a` and `b` (either order): the
 * pair may be proposed again. The mark is kept, with when and by whom it
 * was undone; marking the pair again makes a new mark. Returns MVR_OK,
 * MVR_ERR_ARG, MVR_ERR_NOTFOUND (the pair has no mark in force),
 * MVR_ERR_STORE, MVR_ERR_BUSY, MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_not_duplicate_undo(mvr_db *db, int64_t a,
                                             int64_t b);

/* A not-duplicate mark. Strings are never NULL ("" if empty). */
typedef struct mvr_not_dup {
  int64_t a, b; /* entry ids, a < b */
  const char *a_reference, *b_reference;
  const char *at; /* ISO 8601 UTC timestamp */
  const char *actor;
  const char *note;
} mvr_not_dup;

/* Receives each mark; everything is borrowed until it returns. Return
 * MVR_OK to go on. */
typedef mvr_status (*mvr_not_dup_fn)(void *ud, const mvr_not_dup *m);

/* Every not-duplicate mark in force (not undone), by a then b. Returns
 * MVR_OK, MVR_ERR_STORE, MVR_ERR_NOMEM, or what `fn` returned. */
MVR_EXPORT mvr_status mvr_not_duplicate_list(mvr_db *db, mvr_not_dup_fn fn,
                                             void *ud);

/* `s` as a JSON string literal, quotes included. Caller frees *out with
 * mvr_free(). */
MVR_EXPORT mvr_status mvr_json_quote(const char *s, size_t len, char **out);

/* ------------------------------------------------------------------ */
/* Word and Excel files: the published roadmap and the blank template  */
/* ------------------------------------------------------------------ */

/* Write the entries matched by `q` (NULL = all) to the file at `path` in
 * `format`:
 * - "docx": the roadmap as a Word document: a title block, a summary
 *   clause (entries by category and by status, organisations by
 *   category), one clause per category of the template's note (General,
 *   Application/Service, Enabling Technology, Interoperability &
 *   Infrastructure), each with a table in the template's seven columns
 *   sorted by SDO then reference (an entry of two categories is in both),
 *   and an annex listing the contributing organisations and their
 *   submissions. The title block gives the version: the release that
 *   q->release names, or a draft of today. Because the tables use the
 *   template's columns, the file can be imported again.
 * - "xlsx": a workbook with every entry on one sheet and one sheet per
 *   category: the template's seven columns, then status detail, URL, id;
 *   an autofilter and a frozen header. Text is always written as text: a
 *   cell starting with = + - @ TAB CR (or ') gets an apostrophe in front,
 *   as in the CSV export, so that no formula can run.
 * - "json", "csv", "md": as mvr_export().
 * A docx or xlsx file replaces an existing `path` only once it is
 * complete. Memory does not grow with the number of entries.
 * Returns MVR_OK, MVR_ERR_FORMAT, MVR_ERR_IO (the message, naming the
 * file, is on mvr_db_errmsg()), MVR_ERR_TOOBIG (more entries than a
 * worksheet holds), MVR_ERR_NOTFOUND (as mvr_query_run()),
 * MVR_ERR_STORE, or MVR_ERR_NOMEM. */
MVR_EXPORT mvr_status mvr_export_file(mvr_db *db, const mvr_query *q,
                                      const char *format, const char *path);

/* Write the Annex 1 template that organisations fill in to the file at
 * `path` in `format`:
 * - "docx": Annex 1 as in the liaison statement: the heading, how to fill
 *   it in, the table with the seven columns and empty rows, the note on
 *   categories;
 * - "xlsx": a "Template" sheet with the seven columns, a frozen header
 *   and drop-down lists for Type, Status and Category, and an
 *   "Instructions" sheet that also lists the allowed values;
 * - "csv": the header line.
 * The vocabularies come from `profile`; NULL means the profile of `db`,
 * or the default profile when `db` is NULL too.
 * With `org` (not NULL), the template is pre-filled with the current
 * entries of that organisation and its sub-bodies in `db` (any spelling
 * the --sdo filter accepts), so that they can be updated rather than
 * retyped; the Status column then shows the status as it was submitted
 * ("In force", "DIS"). If `nrows` is not NULL it receives the number of
 * pre-filled rows.
 * Returns MVR_OK, MVR_ERR_ARG (`org` without `db`), MVR_ERR_FORMAT,
 * MVR_ERR_IO, MVR_ERR_STORE, MVR_ERR_NOMEM or MVR_ERR_PROFILE (no default
 * profile); when `db` is not NULL the message is on mvr_db_errmsg(). */
MVR_EXPORT mvr_status mvr_template_file(mvr_db *db,
                                        const mvr_profile *profile,
                                        const char *format, const char *org,
                                        const char *path, long *nrows);

#include "mvroad/coord.h"

#ifdef __cplusplus
}
#endif
#include "mvroad/auth.h"
#include "mvroad/analysis.h"
#include "mvroad/copy.h"
#endif /* MVROAD_H */
