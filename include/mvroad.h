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
 * ASCII quotes, drop control characters, collapse runs of white space and
 * trim. With `multiline`, single newlines are kept (paragraphs).
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
                           "title", "status", "updated", "rank" */
  long limit;           /* 0 = no limit */
  long offset;
} mvr_query;

typedef struct mvr_cursor mvr_cursor;

/* Run `q` on `db`. On success *out is set; read rows with
 * mvr_cursor_next() and free with mvr_cursor_free(). Returns MVR_OK,
 * MVR_ERR_NOTFOUND (a filter names an unknown category/status/type),
 * MVR_ERR_ARG (bad search syntax or sort), MVR_ERR_STORE, MVR_ERR_NOMEM.
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
typedef struct mvr_entry_detail {
  mvr_entry entry;
  const mvr_source *sources;
  size_t nsources;
  const mvr_change *changes;
  size_t nchanges;
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
  long submissions;
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
  MVR_IMPORT_DRY_RUN = 1 << 0 /* validate only; store nothing */
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

/* `s` as a JSON string literal, quotes included. Caller frees *out with
 * mvr_free(). */
MVR_EXPORT mvr_status mvr_json_quote(const char *s, size_t len, char **out);

#ifdef __cplusplus
}
#endif
#endif /* MVROAD_H */
