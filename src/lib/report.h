/* report.h - adding diagnostics to an mvr_report from inside the library. */
#ifndef MVR_REPORT_H
#define MVR_REPORT_H

#include "mvroad.h"

/* Where a message points: the position part of an mvr_diag. */
typedef struct mvr_pos {
  const char *file;
  const char *table;
  unsigned long row;
  unsigned long col;
  const char *column;
} mvr_pos;

/* Add a diagnostic; `rep` may be NULL (then it is only dropped). Returns
 * MVR_OK or MVR_ERR_NOMEM. The message is printf-formatted. */
mvr_status mvr_report_add(mvr_report *rep, mvr_severity sev,
                          const mvr_pos *pos, const char *code,
                          const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Where a report stood (mvr_report_mark()). */
typedef struct mvr_report_pos {
  size_t n;
  unsigned long tally[3];
} mvr_report_pos;

/* Remember where `rep` (may be NULL) stands, to go back there. */
void mvr_report_mark(const mvr_report *rep, mvr_report_pos *m);
/* Drop the diagnostics added since `m` (a transaction replayed from its
 * start, issue 8: its diagnostics come again). The callback saw them
 * already: as many of the next ones are not passed to it again (the same
 * ones, unless the register changed in between). */
void mvr_report_rewind(mvr_report *rep, const mvr_report_pos *m);
/* The replay is over: pass every diagnostic to the callback again (a
 * replay that met fewer diagnostics must not mute the next call's). */
void mvr_report_unmute(mvr_report *rep);

#endif
