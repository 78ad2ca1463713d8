/* apply.h - applying one validated row to the register: which entry it
 * names (its key, an alias, a merge, an IEEE project approved, a
 * provisional name numbered, a twin text), what it changes under the
 * ownership rules, what it leaves as a conflict, and its provenance. Used
 * by imports and by the approval of proposals. */
#ifndef MVR_APPLY_H
#define MVR_APPLY_H

#include "db.h"
#include "profile.h"

/* The values of one row, cleaned and canonical ("" when blank). */
typedef struct mvr_row {
  const char *v[MVR_F_COUNT]; /* v[MVR_F_SDO] is the canonical org name */
  const char *org_family;
  int org_known;
  const char *written_org; /* the org as written, or NULL */
  const char *raw_reference; /* as written: "A | B" names twins */
  const char *ref_detail, *refkey, *family;
  unsigned long row;
  const void *user; /* the caller's */
} mvr_row;

typedef struct mvr_apply {
  mvr_db *db;
  const mvr_profile *p;
  int64_t sub_id;
  const char *received;     /* YYYY-MM-DD of the submission */
  const char *now;          /* timestamp for the log */
  const char *sub_org;      /* the submitting organisation, or NULL */
  mvr_report *rep;          /* notes and warnings go here */
  const char *file, *table; /* for their positions */
  unsigned long added, updated, unchanged, conflicts;
  unsigned long merged; /* rows restating an entry an earlier row of the
                          same file created */
} mvr_apply;

/* The entry `r` would land on (its key, an alias, a merge, a project or
 * provisional name, a twin), or *id = 0 for a new one. */
mvr_status mvr_identify(mvr_db *db, const mvr_profile *p, const mvr_row *r,
                        int64_t *id);

/* Apply `r` inside the caller's write transaction. */
mvr_status mvr_apply_row(mvr_apply *a, const mvr_row *r);

/* Is organisation `a` the owner of documents of organisation `b` (the
 * same, or one a parent of the other in the profile's registry)? */
int mvr_org_owns(const mvr_profile *p, const char *a, const char *b);

/* Log one line of the change log. */
mvr_status mvr_log_change(mvr_db *db, int64_t entry, int64_t submission,
                          const char *at, const char *action,
                          const char *field, const char *old,
                          const char *new_value);

#endif
