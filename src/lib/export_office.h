/* export_office.h - the Word and Excel writers behind mvr_export_file()
 * and mvr_template_file(), and what the roadmap and the template share
 * about categories: the clauses of the roadmap follow the note under
 * Annex 1 ("General, Application/Service, Enabling Technology, and
 * Interoperability & Infrastructure"). */
#ifndef MVR_EXPORT_OFFICE_H
#define MVR_EXPORT_OFFICE_H

#include <stdint.h>

#include "buf.h"
#include "db.h"

/* The roadmap as a Word document / an Excel workbook at `path`.
 * Messages go to the handle (mvr_db_errmsg). */
mvr_status mvr_export_docx(mvr_db *db, const mvr_query *q, const char *path);
mvr_status mvr_export_xlsx(mvr_db *db, const mvr_query *q, const char *path);

/* The roadmap's clauses as category bit sets (bit i = category i of the
 * profile), in profile order: one per category, except that categories a
 * profile combination names together ("Interoperability &
 * Infrastructure") share one clause. Returns the number written to
 * `masks` (at most `max`). */
size_t mvr_roadmap_clauses(const mvr_profile *p, uint64_t *masks, size_t max);

/* The labels of `mask` joined with `sep` ("Interoperability &
 * Infrastructure" with " & "), appended to `b`. */
void mvr_category_labels(const mvr_profile *p, uint64_t mask, const char *sep,
                         mvr_buf *b);

/* 1 if entry `e` has a category in `mask`. */
int mvr_entry_in(const mvr_profile *p, const mvr_entry *e, uint64_t mask);

#endif
