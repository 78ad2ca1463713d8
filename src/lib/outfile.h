/* outfile.h - writing a file that replaces `path` only once it is
 * complete: a temporary file is created beside it (so that the final
 * rename stays on one file system) and renamed over it at the end. A
 * reader never sees half a workbook, and a failed export leaves the old
 * file as it was. Used by the Excel and CSV writers; the Word writer gets
 * the same from libzip. */
#ifndef MVR_OUTFILE_H
#define MVR_OUTFILE_H

#include <stdio.h>

#include "mvroad.h"

typedef struct mvr_outfile {
  char *tmp; /* the temporary file's path */
  FILE *f;   /* open on it when asked for, else NULL */
} mvr_outfile;

/* Create the temporary file beside `path`, with the mode of the file it
 * will replace (0644 when new). With `stream`, o->f is open on it for
 * writing; otherwise the caller writes o->tmp by name. On MVR_ERR_IO a
 * message naming `path` is written to `err`. */
mvr_status mvr_outfile_open(mvr_outfile *o, const char *path, int stream,
                            char *err, size_t errlen);

/* Close o->f if open and rename the temporary file over `path`. On
 * failure the temporary file is removed and a message written to `err`.
 * Returns MVR_OK or MVR_ERR_IO. */
mvr_status mvr_outfile_commit(mvr_outfile *o, const char *path, char *err,
                              size_t errlen);

/* Remove the temporary file (if any) and release `o`. Safe after
 * commit. */
void mvr_outfile_abort(mvr_outfile *o);

#endif
