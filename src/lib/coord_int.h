/* coord_int.h - private to the coordination modules (coord*.c). */
#ifndef MVR_COORD_INT_H
#define MVR_COORD_INT_H

#include "mvroad.h"

/* Rows copied out of the store: rows[i][k], each row NULL-terminated. */
typedef struct coord_rows {
  char ***rows;
  size_t n, cap, ncols;
} coord_rows;

/* An mvr_coord_fn / mvr_coord_store_fn appending a copy to a coord_rows. */
mvr_status coord_rows_add(void *ud, const char *const *v, size_t n);
void coord_rows_free(coord_rows *r);
/* Every stored record of `kind`. */
mvr_status coord_load(mvr_db *db, int kind, coord_rows *out);
/* Submissions as rows: id, org, received, doc, file. */
mvr_status coord_load_submissions(mvr_db *db, coord_rows *out);

/* Validate one record (n values) into *out (mvr_coord_fields count
 * values, trimmed and normalised; free with coord_vals_free). */
mvr_status coord_validate(mvr_db *db, const coord_rows *orgs, int kind,
                          const char *const *vals, size_t n, char ***out,
                          char *err, size_t errlen, size_t *bad);
void coord_vals_free(char **v, size_t n);
/* Store validated rows in one write transaction. */
mvr_status coord_store_rows(mvr_db *db, int kind, char ***rows, size_t n);

/* "orgs", "reps", ... (the JSON file's keys). */
const char *coord_kind_plural(int kind);

/* Is `name` one of the "; "-separated names of `list`? */
int coord_list_has(const char *list, const char *name);

/* Everything the reports read. */
typedef struct coord_snapshot {
  coord_rows orgs, reps, ls, docs, ls_subs, subs;
} coord_snapshot;
mvr_status coord_snapshot_load(mvr_db *db, coord_snapshot *z);
void coord_snapshot_free(coord_snapshot *z);

typedef struct coord_status {
  const char *invited_ls, *invited_on, *deadline; /* earliest LS/o to it */
  const char *input_on; /* latest submission or contribution, or NULL */
  int nominated;        /* a representative whose term runs */
  char text[160];       /* "input received (2026-01-12)", ... */
} coord_status;
void coord_org_status(const coord_snapshot *z, const char *org,
                      const char *today, coord_status *st);
/* Registry + org records: name, parent, kind, aliases, notes. */
mvr_status coord_all_orgs(mvr_db *db, const coord_snapshot *z,
                          coord_rows *out);

#endif
