/* docx_write.h - a small WordprocessingML (.docx) writer, shared by the
 * roadmap (export_docx.c) and the Annex 1 template (template.c).
 *
 * The body is streamed to a temporary file as it is written, so memory
 * does not grow with the document; mvr_docx_save() then packages it with
 * the fixed parts (styles with Heading 1/2 and a table style, a footer
 * with the page number, settings, core and app properties) into a .docx
 * with libzip. Every piece of text goes through mvr_xml_escape().
 *
 * Errors stick: after a failure every call does nothing, and
 * mvr_docx_save() returns the first error. */
#ifndef MVR_DOCX_WRITE_H
#define MVR_DOCX_WRITE_H

#include <stddef.h>

#include "mvroad.h"

typedef struct mvr_docx mvr_docx;

/* A table column: header text (NULL for a table without a header row)
 * and relative width; the widths are scaled to the text width of the
 * section. */
typedef struct mvr_docx_col {
  const char *name;
  unsigned weight;
} mvr_docx_col;

/* Cell flags. */
enum {
  MVR_DOCX_RIGHT = 1 << 0, /* right-aligned (numbers) */
  MVR_DOCX_BOLD = 1 << 1   /* bold (labels, totals) */
};

#define MVR_DOCX_MAX_COLS 16

/* Start a document whose first section is landscape when `landscape`.
 * On success *out is set; release with mvr_docx_free(). Returns MVR_OK,
 * MVR_ERR_NOMEM or MVR_ERR_IO (no temporary file). */
mvr_status mvr_docx_new(int landscape, mvr_docx **out);
/* Discard the document (and its temporary file). NULL is a no-op. */
void mvr_docx_free(mvr_docx *d);

/* End the current section and start a new one, on a new page, in the
 * given orientation. */
void mvr_docx_section(mvr_docx *d, int landscape);

/* A paragraph in `style` ("Title", "Subtitle", "Heading1", "Heading2",
 * "Note", NULL for Normal). Newlines in `text` become line breaks, tabs
 * tabs. */
void mvr_docx_para(mvr_docx *d, const char *style, const char *text);
/* The same with printf-style formatting; the result is escaped like any
 * other text, never taken as markup. */
void mvr_docx_paraf(mvr_docx *d, const char *style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A clause heading: "1<TAB>Summary" at `level` 1 or 2. */
void mvr_docx_heading(mvr_docx *d, int level, const char *num,
                      const char *text);
/* "Table N – text", numbered in order, kept with the table below. */
void mvr_docx_caption(mvr_docx *d, const char *text);

/* A table of `n` columns (at most MVR_DOCX_MAX_COLS). When the columns
 * have names, a header row is written and repeated on every page. */
void mvr_docx_table_begin(mvr_docx *d, const mvr_docx_col *cols, size_t n);
void mvr_docx_row_begin(mvr_docx *d);
/* The next cell of the row; `text` may be NULL or "" (an empty cell). */
void mvr_docx_cell(mvr_docx *d, const char *text, unsigned flags);
/* The next cell holding a number. */
void mvr_docx_cell_long(mvr_docx *d, long n, unsigned flags);
/* Pads the row with empty cells, then closes it. */
void mvr_docx_row_end(mvr_docx *d);
void mvr_docx_table_end(mvr_docx *d);

/* The first error so far, or MVR_OK. */
mvr_status mvr_docx_status(const mvr_docx *d);

/* Package the document as `path` (replaced atomically when it exists),
 * with `title` and `subject` in its properties. On MVR_ERR_IO a message
 * naming the file is written to `err` (at most `errlen` bytes). Returns
 * the first error of the document, MVR_ERR_IO or MVR_ERR_NOMEM. The
 * document must still be freed. */
mvr_status mvr_docx_save(mvr_docx *d, const char *path, const char *title,
                         const char *subject, char *err, size_t errlen);

#endif
