/* export_docx_coord.h - the coordination annex of the Word roadmap
 * (export_docx_coord.c, issue 6). */
#ifndef MVR_EXPORT_DOCX_COORD_H
#define MVR_EXPORT_DOCX_COORD_H

#include "docx_write.h"
#include "mvroad.h"

/* Append "Annex LETTER - Coordination" to `d` when the register holds
 * coordination records; nothing otherwise. Representatives appear as
 * their organisations only. */
mvr_status mvr_docx_coord_annex(mvr_db *db, mvr_docx *d, const char *letter);

#endif
