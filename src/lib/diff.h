/* diff.h - comparing two versions of one entry field by field, shared by
 * diff.c (two versions of the roadmap) and release.c (one entry across
 * releases). */
#ifndef MVR_DIFF_H
#define MVR_DIFF_H

#include "store.h"

/* The fields compared, in this order: sdo, reference, ref_detail, type,
 * title, status, status_detail, categories, summary, url. */
#define MVR_DIFF_NFIELDS 10

/* Fill `out` with the fields whose values differ between `a` and `b`;
 * returns how many. The values point into `a` and `b`. */
size_t mvr_diff_recs(const mvr_entry_rec *a, const mvr_entry_rec *b,
                     mvr_field_change out[MVR_DIFF_NFIELDS]);

/* Is `status` the canonical "Withdrawn"? */
int mvr_diff_is_withdrawn(const char *status);

#endif
