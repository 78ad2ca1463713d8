/* export_docx_analysis.h - the coordination analysis annexes of the Word
 * roadmap (export_docx_analysis.c, issue 7). */
#ifndef MVR_EXPORT_DOCX_ANALYSIS_H
#define MVR_EXPORT_DOCX_ANALYSIS_H

#include "docx_write.h"
#include "mvroad.h"

/* Append "Annex LETTER - Coordination opportunities" (the known
 * equivalences and the best overlaps across organisations, with their
 * shared words) and "Annex LETTER+1 - Gaps" (topics and categories
 * without a published standard, and the entries by topic) to `d`, both
 * computed on the whole current register. */
mvr_status mvr_docx_analysis_annexes(mvr_db *db, mvr_docx *d, char letter);

#endif
